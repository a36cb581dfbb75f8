"""Per-session rows (`codeburn sessions`, the sessions table of `export`):
one row per session of the period, a subagent transcript being a session of
its own (`agent-<id>`), with the JSON keys the reference pins (spec commands
§1.2, errata)."""
from __future__ import annotations

import datetime as dt

import numpy as np

from codeburn._fast import agg
from codeburn.aggregate.arrays import unique
from codeburn.aggregate.periods import local_day_numbers
from codeburn.aggregate.turns import TurnTable
from codeburn.aggregate.usage import SYNTHETIC, Usage, labels, project_ranks, select_calls
from codeburn.jstext import js_trim
from codeburn.report.build import token_sums
from codeburn.report.isotime import iso_ms


def iso_ms_many(ms: np.ndarray) -> list[str]:
    """iso_ms of each, vectorised (an export has one per call)."""
    return [t + "Z" for t in np.datetime_as_string(ms.astype("datetime64[ms]"), unit="ms").tolist()]


def session_rows(u: Usage, t: TurnTable) -> list[dict]:
    """Sessions grouped by project (projects by cost, descending), in the
    order their files were read within a project; sessions without a call
    in the period are left out (one whose only calls are supplementary,
    Copilot's shutdown rollups, is listed with 0 calls, as the reference
    lists it)."""
    return [row for _, row in session_table(u, t)]


def session_order(u: Usage, project_cost: np.ndarray | None = None) -> np.ndarray:
    """Session indices by their project's cost (descending), then as read."""
    project_rank = project_ranks(u, project_cost)
    n = len(u.sessions)
    project_of = np.fromiter((s[0] for s in u.sessions), dtype=np.intp, count=n)
    return np.lexsort((np.arange(n), project_rank[project_of])).astype(np.intp)


def session_rank(u: Usage, project_cost: np.ndarray | None = None) -> np.ndarray:
    """Each session's place in session_order: the reference walks projects
    by cost, then their sessions as read, so what it meets first (a
    model's raw id, a file's project) follows this rank."""
    order = session_order(u, project_cost)
    rank = np.zeros(max(len(u.sessions), 1), dtype=np.intp)
    rank[order] = np.arange(len(order))
    return rank


def walk_order(u: Usage, pos: np.ndarray | None = None, project_cost: np.ndarray | None = None) -> np.ndarray:
    """The selected calls at `pos` (ascending; all of them by default) in
    the order the reference walks them: sessions in session_order (projects
    by `project_cost` when given), each session's calls as read."""
    return agg.walk_order(labels(u.session), session_rank(u, project_cost),
                          None if pos is None else np.ascontiguousarray(pos, dtype=np.intp))


def read_ranks(u: Usage, today_rows: np.ndarray | None = None) -> np.ndarray:
    """Per selected call, its place in the walk 0.9.20's day history makes
    when it sums a day's models (the order models of equal cost keep): the
    days before today come from one read and today from another, and each
    read walks (walk_order) its projects by their cost in that read. With
    `today_rows` (today_walk: today's calls as the read the reference cuts
    today from walks them), today's calls take that order, where they are
    exactly u's calls of today."""
    rank = np.zeros(u.sel.size, dtype=np.int64)
    if not u.sel.size:
        return rank
    today = int(local_day_numbers(np.array([u.period.end_ms]), u.tz)[0])
    for part in (u.day < today, u.day >= today):
        rows = np.flatnonzero(part)
        if rows.size:
            project_cost = agg.group_sum_f64(u.project[rows], u.cost[rows], len(u.projects))
            rank[walk_order(u, rows, project_cost)] = np.arange(rows.size)
    if today_rows is not None:
        mine = np.count_nonzero(u.day >= today)
        pos = u.call_pos[today_rows]
        if mine and pos.size == mine and (pos >= 0).all() and (u.day[pos] >= today).all():
            rank[pos] = np.arange(pos.size)
    return rank


def today_walk(frame: Usage, today: int) -> np.ndarray:
    """The scan rows of the local day `today`'s calls of `frame` in the order
    the reference walks its cut of them (in the frame's projects, by their
    cost that day, equal costs in the frame's order): read_ranks' today."""
    day = dt.date(1970, 1, 1) + dt.timedelta(days=today)
    cut = select_calls(frame.scan, frame.period, [], [], frame.tz, days=frozenset((day,)), frame=frame)
    return cut.sel[walk_order(cut)]


def session_table(u: Usage, t: TurnTable) -> list[tuple[int, dict]]:
    """(session index, row) in session_order, for sessions with calls in the
    period (counted or supplementary)."""
    n = len(u.sessions)
    if not n or not u.sel.size:
        return []
    cost = agg.group_sum_f64(u.session, u.cost, n)
    calls = u.calls(u.session, n)
    present = agg.group_count(u.session, n)
    tokens = token_sums(u, u.session, n)
    first, last = first_last(u, n)
    stamps = session_stamps(u, first, last, n)
    turns = _turns(u, t, n)
    models = _models(u, n)
    providers = [s.provider for s in u.scan.sources]
    file_of = session_files(u)
    titles = file_titles(u.scan.cols)
    return [(i, {
        "sessionId": u.sessions[i][1], "title": titles.get(int(file_of[i]), ""), "project": _own_project(u, file_of[i]),
        "provider": providers[file_of[i]], "models": models[i], "cost": float(cost[i]), "savingsUSD": 0,
        "calls": int(calls[i]), "turns": int(turns[i]),
        "inputTokens": int(tokens[0, i]), "outputTokens": int(tokens[1, i]),
        "cacheReadTokens": int(tokens[2, i]), "cacheWriteTokens": int(tokens[3, i]),
        "startedAt": stamps[i][0], "endedAt": stamps[i][1], "durationMs": stamps[i][2],
    }) for i in session_order(u).tolist() if present[i]]


def raw_stamps(u: Usage) -> dict[int, str]:
    """Selected-call position -> its timestamp as the log spells it, for the
    calls whose spelling is not YYYY-MM-DDTHH:MM:SS.mmmZ (the reader keeps
    only those: raw_* columns)."""
    cols = u.scan.cols
    rows = cols.get("raw_call")
    if rows is None or not rows.size:
        return {}
    text = cols["raw_text"].tobytes()
    out = {}
    for r, o, n in zip(rows.tolist(), cols["raw_off"].tolist(), cols["raw_len"].tolist()):
        pos = int(u.call_pos[r])
        if pos >= 0:
            out[pos] = text[o:o + n].decode("utf-8", "replace")
    return out


def call_stamps(u: Usage) -> list[str]:
    """Each selected call's timestamp as its log spells it."""
    stamps = iso_ms_many(u.scan.cols["ts"][u.sel])
    for pos, raw in raw_stamps(u).items():
        stamps[pos] = raw
    return stamps


def session_stamps(u: Usage, first: np.ndarray, last: np.ndarray, n: int) -> dict[int, tuple[str, str, int]]:
    """Per session (startedAt, endedAt, durationMs). As the reference takes
    them: the least and greatest of its calls' timestamps compared as
    written (which is time order while every one is spelled canonically),
    and the time between those two."""
    out = {i: (iso_ms(int(first[i])), iso_ms(int(last[i])), int(last[i] - first[i]))
           for i in range(n) if first[i] <= last[i]}
    for s, (lo, hi) in spelled_bounds(u).items():
        out[s] = (lo[0], hi[0], hi[1] - lo[1])
    return out


def spelled_bounds(u: Usage) -> dict[int, tuple[tuple[str, int], tuple[str, int]]]:
    """Per session holding a call whose time the log spells otherwise than
    canonically: its least and greatest (spelling, epoch ms), compared as
    written, as the reference picks a session's first and last timestamp."""
    raw = raw_stamps(u)
    if not raw:
        return {}
    ts = u.scan.cols["ts"][u.sel]
    out = {}
    for s in sorted({int(u.session[p]) for p in raw}):
        spelled = [(raw.get(p) or iso_ms(int(ts[p])), int(ts[p])) for p in np.flatnonzero(u.session == s).tolist()]
        out[s] = (min(spelled, key=lambda x: x[0]), max(spelled, key=lambda x: x[0]))
    return out


TITLE_UNITS = 200  # a title is cut to 200 UTF-16 units, as the reference cuts it


def file_titles(cols: dict) -> dict[int, str]:
    """A file's title: its last `ai-title` record that is not blank,
    trimmed and cut to TITLE_UNITS (a character outside the BMP counts 2;
    one the cut halves leaves its high surrogate, as the reference's
    string slice leaves it, and JSON shows it as \\ud83d)."""
    text = cols["title_text"].tobytes() if "title_text" in cols else b""
    out: dict[int, str] = {}
    for f, o, n in zip(cols.get("title_file", []), cols.get("title_off", []), cols.get("title_len", [])):
        title = js_trim(text[int(o):int(o) + int(n)].decode("utf-8", "replace"))
        if title:
            out[int(f)] = _cut_units(title, TITLE_UNITS)
    return out


def _cut_units(s: str, units: int) -> str:
    if len(s) * 2 <= units:
        return s
    used = 0
    for i, ch in enumerate(s):
        w = 2 if ord(ch) > 0xFFFF else 1
        if used + w > units:
            return s[:i] + (chr(0xD800 + ((ord(ch) - 0x10000) >> 10)) if w == 2 and used < units else "")
        used += w
    return s


def _own_project(u: Usage, file: int) -> str:
    """A session lists the project name of its own source (a Codex rollout's
    label even when a Claude project with the same folder groups it), as the
    reference's session rows do."""
    from codeburn.aggregate.projects import own_name

    src = u.scan.sources[file]
    return own_name(src.project, u.scan.cwd[file], src.desktop)


def session_files(u: Usage) -> np.ndarray:
    """A file of each session (the source that names its provider and agent type)."""
    file_of = np.full(len(u.sessions), -1, dtype=np.intp)
    file_of[u.session] = u.scan.cols["file"][u.sel]
    return file_of


def first_last(u: Usage, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Time of each session's first and last call in the period."""
    ts = u.scan.cols["ts"][u.sel]
    return agg.group_extreme(u.session, ts, n), agg.group_extreme(u.session, ts, n, largest=True)


def _turns(u: Usage, t: TurnTable, n: int) -> np.ndarray:
    """Turns with a call in the period; a turn lies within one file, so
    within one session. A turn of supplementary tokens only (a Copilot
    shutdown rollup, records.Call) is not counted, as in the report's rows."""
    turn_session = np.full(t.size, -1, dtype=np.intp)
    turn_session[t.of_call] = u.session
    kept = turn_session >= 0
    return np.bincount(turn_session[kept], weights=t.counts[kept], minlength=n).astype(np.int64)


def _models(u: Usage, n: int) -> list[list[str]]:
    """Display names of the models a session used, in the order it first used them."""
    m = len(u.model_names)
    pair, first = unique(u.session.astype(np.int64) * m + u.model_label, return_index=True)
    out: list[list[str]] = [[] for _ in range(n)]
    for p in pair[np.argsort(first, kind="stable")].tolist():
        out[p // m].append(u.model_names[p % m])
    return out


def model_label(models: list[str]) -> str:
    """The models cell of the table: <synthetic> only when nothing else ran."""
    shown = [m for m in models if m != SYNTHETIC] or models
    return ", ".join(shown) or "Unknown"
