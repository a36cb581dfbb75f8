"""Spend by pull request (`codeburn sessions --by-pr`), as the reference's
`sessions --by-pr` attributes it (spec commands §1.2; parser §2.1).

A turn refers to the pull requests whose URLs its prompt names
(https://github.com/<owner>/<repo>/pull/<n>) and to those of the `pr-link`
records Claude Code writes inside it (the reader keeps both, cb_scan.h
link_* columns). A session's turns are walked in order carrying the last
set referred to (from before the period too): each turn's cost is split
evenly over that set, its calls by largest remainder so they stay whole;
turns before the first reference are the session's unattributed spend. A
session whose links name no turn in the period (every record outside the
turns that have calls) is split evenly over its links, marked `approx`.

A session that refers to no pull request takes the one of the sessions
that ran in its working directory within six hours of it, when those refer
to exactly one (the reference's working-directory correlation, for every
tool); its first turn in the period then refers to it.

A subagent transcript that links no pull request itself is folded into its
parent session's (its parent is the session whose folder holds its
`subagents/` folder): to the set of the parent's turn that spawned it, where
the parent's log names the agent in the spawn's result
(`toolUseResult.agentId` with one tool_result: the reader's spawn_*
columns) and has pr-link records; else to the set the parent was carrying
when the subagent's first
call came, and nowhere when that was after the parent's last call (30
minutes after it still counts for an agent whose result named no single
tool use). A parent with no call in the period still takes the subagents
its spawn results name (the reference's zero-cost anchor; no session of the
totals).
"""
from __future__ import annotations

import os

import numpy as np

from codeburn.aggregate.arrays import distinct, isin, unique
from codeburn.aggregate.turns import TurnTable, category_label
from codeburn.aggregate.usage import SYNTHETIC, Usage
from codeburn.report import sessions as session_report

GITHUB_PR = "https://github.com/"


def label(url: str) -> str:
    """owner/repo#123 for a GitHub pull request URL, else the URL."""
    if url.startswith(GITHUB_PR):
        parts = url[len(GITHUB_PR):].split("/")
        if len(parts) >= 4 and parts[0] and parts[1] and parts[2] == "pull" and parts[3][:1].isdigit():
            digits = parts[3][:len(parts[3]) - len(parts[3].lstrip("0123456789"))]
            return f"{parts[0]}/{parts[1]}#{digits}"
    return url


def allocate_even(total: int, n: int) -> list[int]:
    """`total` split over n as evenly as possible, the first total % n one more."""
    base, extra = divmod(total, n)
    return [base + (1 if i < extra else 0) for i in range(n)]


class _Links:
    """The scan's links per file: turn -> set of URLs, and the URLs of the
    file's pr-link records (wherever they sit)."""

    def __init__(self, cols: dict):
        self.turn_refs: dict[int, set[str]] = {}
        self.records: dict[int, list[str]] = {}
        text = cols["link_text"].tobytes() if "link_text" in cols else b""
        if not text:
            return
        for f, t, rec, o, n in zip(cols["link_file"].tolist(), cols["link_turn"].tolist(),
                                   cols["link_record"].tolist(), cols["link_off"].tolist(),
                                   cols["link_len"].tolist()):
            url = text[o:o + n].decode("utf-8", "replace")
            if t >= 0:
                self.turn_refs.setdefault(t, set()).add(url)
            if rec:
                urls = self.records.setdefault(f, [])
                if url not in urls:
                    urls.append(url)

    def refs(self, turn: int) -> list[str]:
        return sorted(self.turn_refs.get(turn, ()))


class _Session:
    """What the attribution needs of one session with calls in the period."""

    def __init__(self, index: int, row: dict, file: int):
        self.index, self.row, self.file = index, row, file
        self.turns: list[tuple[int, int]] = []   # (global turn id, turn table row), in order
        self.links: list[str] = []               # sorted
        self.at_start: list[str] = []            # set carried into the period
        self.seeded: list[str] = []              # a set its first turn refers to, correlated (_correlate_by_directory)


class _Ctx:
    """The turn-level facts the attribution reads."""

    def __init__(self, u: Usage, t: TurnTable, links: _Links):
        self.u, self.t, self.links = u, t, links
        self.calls = u.calls(t.of_call, t.size)
        self.models: dict[int, dict[str, float]] = {}  # read_models() fills it
        start = np.full(t.size, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(start, t.of_call, u.scan.cols["ts"][u.sel])
        self.start = start  # a turn's first call in the period
        self.spawns = _Spawns(u.scan.cols, links)

    def read_models(self, rows: np.ndarray) -> None:
        """The models of the turn table rows of the sessions the attribution
        walks (sessions with links and their subagents): known only once the
        working-directory correlation has handed out its links."""
        self.models = _turn_models(self.u, self.t, rows)


def attribute(u: Usage, t: TurnTable) -> dict:
    """{"prs": rows, "distinct": totals} with the reference's keys."""
    cols = u.scan.cols
    links = _Links(cols)
    if not links.turn_refs and not links.records:  # no pull request anywhere: nothing to walk
        return {"prs": [], "distinct": _Rows().totals()}
    file_of = session_report.session_files(u)
    sessions = {i: _Session(i, row, int(file_of[i])) for i, row in session_report.session_table(u, t)}
    turn_ids = distinct(cols["turn"][u.sel])              # the turn table's rows, in order
    turn_session = np.full(t.size, -1, dtype=np.intp)
    turn_session[t.of_call] = u.session
    for row, (turn, s) in enumerate(zip(turn_ids.tolist(), turn_session.tolist())):
        if s in sessions:
            sessions[s].turns.append((turn, row))
    _carry(u, links, sessions)
    ctx = _Ctx(u, t, links)
    _correlate_by_directory(u, sessions, _folded_one(ctx, sessions))
    ctx.read_models(np.array([row for s in sessions.values() if s.links or u.scan.sources[s.file].sidechain
                              for _, row in s.turns], dtype=np.intp))
    acc = _Rows()
    folded: set[int] = set()
    for s in sessions.values():
        if not s.links:
            continue
        acc.sessions += 1
        key = (s.row["provider"], s.row["project"], s.row["sessionId"])
        _attribute_session(ctx, s, acc, key)
        for child in _children(u, s, sessions):
            folded.add(child.index)
            _fold(ctx, child, s, acc, key)
    _fold_into_anchors(ctx, sessions, folded, acc)
    return {"prs": acc.rows(), "distinct": acc.totals()}


def _fold_into_anchors(ctx: "_Ctx", sessions: dict[int, "_Session"], folded: set[int], acc: "_Rows") -> None:
    """Subagents of a parent with no call in the period (a file the scan read
    all the same): the reference keeps such a parent, when it links pull
    requests (pr-link records) and spawned subagents, as a zero-cost anchor
    its subagents still fold into, by the spawn their result names. It is
    no session of the totals."""
    u = ctx.u
    parents = {(src.provider, src.project_dir, src.session_id): f for f, src in enumerate(u.scan.sources)
               if not src.sidechain}
    in_period = {s.file for s in sessions.values()}
    for child in sessions.values():
        if child.index in folded or child.links:
            continue
        pid = _parent_id(u, child)
        src = u.scan.sources[child.file]
        f = parents.get((src.provider, src.project_dir, pid)) if pid is not None else None
        if f is None or f in in_period or not ctx.links.records.get(f):
            continue
        named = ctx.spawns.sets.get(f, {}).get(_agent_id(child))
        if named is not None:
            _fold_into(ctx, child, named or None, acc, (src.provider, src.project_dir, pid))


def _carry(u: Usage, links: _Links, sessions: dict[int, _Session]) -> None:
    """Each session's links (its in-period turns' and every record of its
    file), and the set carried into the period from the turns before it."""
    cols = u.scan.cols
    by_file = {s.file: s for s in sessions.values()}
    turn_file = cols["turn_file"]
    ids, first_row = unique(cols["turn"], return_index=True)
    first_ts = dict(zip(ids.tolist(), cols["ts"][first_row].tolist()))
    state = {f: [False, []] for f in by_file}  # per file: frozen, set carried so far
    for turn in np.flatnonzero(isin(turn_file, list(by_file))).tolist():
        f = int(turn_file[turn])
        st = state[f]
        ts = first_ts.get(turn)
        if not st[0] and ts is not None and ts >= u.period.start_ms:
            by_file[f].at_start, st[0] = st[1], True
        refs = links.refs(turn)
        if refs:
            st[1] = refs
    for s in sessions.values():
        seen = {url for turn, _ in s.turns for url in links.refs(turn)}
        seen.update(links.records.get(s.file, []))
        s.links = sorted(seen)


# A session that refers to no pull request takes one from a session that
# does when both ran in the same working directory within this much of each
# other and that directory maps to one pull request set (0.9.20's
# "working-directory" correlation, for any tool).
DIRECTORY_WINDOW_MS = 6 * 60 * 60 * 1000


def _directory(path: str | None) -> str | None:
    """A working directory as compared: trimmed, forward slashes, no trailing
    slash, lower case (None: none)."""
    if not path or not path.strip():
        return None
    return path.strip().replace("\\", "/").rstrip("/").lower()


def _correlate_by_directory(u: Usage, sessions: dict[int, "_Session"], folded: dict[int, list[str]]) -> None:
    """Hands a linked session's one pull request to the sessions without
    links (subagent transcripts aside, they fold into their parent) that ran
    in its working directory around its time: a directory whose linked
    sessions refer to exactly one set (each of them to one pull request),
    the session within DIRECTORY_WINDOW_MS of their first and last times.
    A subagent that folds into one pull request (`folded`: session -> its
    set) is such evidence too, with its own directory and times, as in
    0.9.20. Its first turn in the period then refers to that set."""
    anchors: dict[str, dict[tuple, list]] = {}
    for s in sessions.values():
        refs = s.links or folded.get(s.index)
        where = _directory(u.scan.cwd[s.file])
        if not refs or len(refs) != 1 or where is None:
            continue
        start, end = _ms(s.row["startedAt"]), _ms(s.row["endedAt"])
        got = anchors.setdefault(where, {}).setdefault(tuple(refs), [list(refs), start, end])
        got[1], got[2] = min(got[1], start), max(got[2], end)
    for s in sessions.values():
        if s.links or u.scan.sources[s.file].sidechain:
            continue
        sets = anchors.get(_directory(u.scan.cwd[s.file]) or "")
        if not sets or len(sets) != 1:
            continue
        refs, start, end = next(iter(sets.values()))
        if _ms(s.row["endedAt"]) < start - DIRECTORY_WINDOW_MS or _ms(s.row["startedAt"]) > end + DIRECTORY_WINDOW_MS:
            continue
        s.links, s.seeded = list(refs), list(refs)


def _turn_models(u: Usage, t: TurnTable, rows: np.ndarray) -> dict[int, dict[str, float]]:
    """Per turn table row of `rows`: cost by display model name."""
    out: dict[int, dict[str, float]] = {int(r): {} for r in rows.tolist()}
    wanted = np.zeros(t.size, dtype=bool)
    wanted[rows] = True
    pick = np.flatnonzero(wanted[t.of_call])
    for row, m, c in zip(t.of_call[pick].tolist(), u.model_label[pick].tolist(), u.cost[pick].tolist()):
        name = u.model_names[m]
        out[row][name] = out[row].get(name, 0.0) + c
    return out


class _Rows:
    """Per URL: the contributions, in the order URLs first got one."""

    def __init__(self):
        self.by_url: dict[str, dict] = {}
        self.sessions = self.subagents = 0
        self.attributed = self.unattributed = 0.0

    def add(self, url: str, key, first: str, last: str, cost: float, calls: int, approx: bool,
            models: dict[str, float], categories: dict[str, float]) -> None:
        if cost == 0 and calls == 0:
            return
        r = self.by_url.setdefault(url, {"cost": 0.0, "calls": 0, "approx": False, "legacy": 0.0, "sessions": set(),
                                         "first": first, "last": last, "models": {}, "categories": {}})
        r["cost"] += cost
        r["calls"] += calls
        r["sessions"].add(key)
        if approx:
            r["approx"] = True
            r["legacy"] += cost
        for m, c in models.items():
            r["models"][m] = r["models"].get(m, 0.0) + c
        for k, c in categories.items():
            r["categories"][k] = r["categories"].get(k, 0.0) + c
        if first and (not r["first"] or first < r["first"]):
            r["first"] = first
        if last and last > r["last"]:
            r["last"] = last

    def rows(self) -> list[dict]:
        out = []
        for url, r in self.by_url.items():
            shown: dict[str, float] = {}
            for m, c in r["models"].items():  # display names already (short, as the reference shows them)
                if m != SYNTHETIC:
                    shown[m] = shown.get(m, 0.0) + c
            cats = [{"name": k, "cost": c} for k, c in r["categories"].items()]
            if cats and r["legacy"] > 0:
                cats.append({"name": "Legacy estimate (no per-turn detail)", "cost": r["legacy"]})
            cats.sort(key=lambda x: (-x["cost"], x["name"]))
            row = {"url": url, "label": label(url), "cost": r["cost"], "savingsUSD": 0,
                   "sessions": len(r["sessions"]), "calls": r["calls"], "firstStarted": r["first"],
                   "lastEnded": r["last"], "approx": r["approx"],
                   "models": [n for n, _ in sorted(shown.items(), key=lambda x: (-x[1], x[0]))]}
            if cats:
                row["categories"] = cats
            out.append(row)
        return sorted(out, key=lambda x: -x["cost"])  # stable: ties keep first-seen order

    def totals(self) -> dict:
        return {"cost": self.attributed + self.unattributed, "sessions": self.sessions,
                "subagentSessions": self.subagents, "attributedCost": self.attributed,
                "unattributedCost": self.unattributed}


def _attribute_session(ctx: _Ctx, s: _Session, acc: _Rows, key) -> None:
    t, links = ctx.t, ctx.links
    if not any(links.refs(turn) for turn, _ in s.turns) and not s.at_start and not s.seeded:
        _legacy(ctx, s, acc, key)
        return
    current = s.at_start or None
    for i, (turn, row) in enumerate(s.turns):
        refs = _turn_refs(ctx, s, i, turn)
        if refs:
            current = refs
        cost, calls = float(t.cost[row]), int(ctx.calls[row])
        if cost == 0 and calls == 0:
            continue
        if current is None:
            acc.unattributed += cost
            continue
        share = 1 / len(current)
        category = category_label(int(t.category[row])) if t.category[row] >= 0 else None
        for url, n in zip(current, allocate_even(calls, len(current))):
            acc.attributed += cost * share
            acc.add(url, key, s.row["startedAt"], s.row["endedAt"], cost * share, n, False,
                    {m: c * share for m, c in ctx.models[row].items()}, {category: cost * share} if category else {})


def _turn_refs(ctx: _Ctx, s: _Session, i: int, turn: int) -> list[str]:
    """The pull requests the session's i-th turn in the period refers to
    (its first, those of a correlated set when it names none)."""
    return ctx.links.refs(turn) or (s.seeded if i == 0 else [])


def _models_of(ctx: _Ctx, s: _Session) -> dict[str, float]:
    merged: dict[str, float] = {}
    for _, row in s.turns:
        for m, c in ctx.models[row].items():
            merged[m] = merged.get(m, 0.0) + c
    return merged


def _legacy(ctx: _Ctx, s: _Session, acc: _Rows, key) -> None:
    """Links but no turn to hang them on: the whole session split evenly."""
    share = 1 / len(s.links)
    merged = _models_of(ctx, s)
    for url, n in zip(s.links, allocate_even(s.row["calls"], len(s.links))):
        acc.attributed += s.row["cost"] * share
        acc.add(url, key, s.row["startedAt"], s.row["endedAt"], s.row["cost"] * share, n, True,
                {m: c * share for m, c in merged.items()}, {})


def _parent_id(u: Usage, s: _Session) -> str | None:
    """A subagent transcript's parent session: the folder holding its subagents/ folder."""
    src = u.scan.sources[s.file]
    if not src.sidechain:
        return None
    parts = os.path.normpath(src.path).split(os.sep)
    if "subagents" not in parts:
        return None
    at = len(parts) - 1 - parts[::-1].index("subagents")
    if os.sep.join(parts[:at]) == os.path.normpath(src.project_dir):
        return None
    return parts[at - 1]


def _children(u: Usage, parent: _Session, sessions: dict[int, _Session]) -> list[_Session]:
    """The parent's subagent sessions that link no pull request themselves."""
    p = u.scan.sources[parent.file]
    if p.sidechain:
        return []
    return [c for c in sessions.values()
            if not c.links and u.scan.sources[c.file].project_dir == p.project_dir
            and u.scan.sources[c.file].provider == p.provider and _parent_id(u, c) == parent.row["sessionId"]]


# A subagent whose spawn result named no single tool use still folds into
# its parent's last set when it began this soon after the parent's last call.
UNSURE_SPAWN_GRACE_MS = 30 * 60 * 1000


class _Spawns:
    """Per parent file: agent id -> the pull request set of the turn whose
    spawn result named it (first named wins), and the agent ids whose
    result named no single tool use. A result answering a tool_use that is
    not in its message's kept (last streamed) record pairs with no turn:
    0.9.20 never saw that spawn, and places the agent by its start time."""

    def __init__(self, cols: dict, links: "_Links"):
        self.sets: dict[int, dict[str, list[str]]] = {}
        self.unsure: dict[int, set[str]] = {}
        if "spawn_file" not in cols or not cols["spawn_file"].size:
            return
        text = cols["spawn_text"].tobytes()
        spawned: dict[int, list[tuple[int, str, bool]]] = {}
        for f, turn, unsure, o, n in zip(cols["spawn_file"].tolist(), cols["spawn_turn"].tolist(),
                                         cols["spawn_unsure"].tolist(), cols["spawn_off"].tolist(),
                                         cols["spawn_len"].tolist()):
            spawned.setdefault(f, []).append((turn, text[o:o + n].decode("utf-8", "replace"), int(unsure)))
        turn_file = cols["turn_file"]
        turns = np.flatnonzero(isin(turn_file, list(spawned)))  # the parents' turns, in order, in one pass
        by_file: dict[int, list[int]] = {}
        for turn, f in zip(turns.tolist(), turn_file[turns].tolist()):
            by_file.setdefault(f, []).append(turn)
        for f, spawns in spawned.items():
            active = _turn_sets(by_file.get(f, []), links)
            sets, unsure = self.sets.setdefault(f, {}), self.unsure.setdefault(f, set())
            for turn, agent, marks in spawns:
                if marks == 1:  # no single tool_use named: known spawned here, turn unsure
                    unsure.add(agent)
                elif marks == 0 and agent not in sets and turn >= 0:
                    sets[agent] = active.get(turn, [])
                # marks 2: its tool_use is not in a kept record; paired by time (_child_set)


def _turn_sets(turns: list[int], links: "_Links") -> dict[int, list[str]]:
    """Per turn of a file (in order): the set active in it, its own
    references, else those carried from the turns before it."""
    out, carried = {}, []
    for turn in turns:
        refs = links.refs(turn)
        out[turn] = refs or carried
        if refs:
            carried = refs
    return out


def _agent_id(s: "_Session") -> str:
    """A subagent transcript's agent id: its file's name without `agent-`."""
    sid = s.row["sessionId"]
    return sid[len("agent-"):] if sid.startswith("agent-") else sid


def _fold(ctx: _Ctx, child: _Session, parent: _Session, acc: _Rows, key) -> None:
    """A subagent's spend, to the set of the turn that spawned it, else the
    one its parent carried when it began (see the module's docstring)."""
    got = _child_set(ctx, child, parent)
    if got is not False:  # (False: after the parent's last call, counted nowhere)
        _fold_into(ctx, child, got, acc, key)


def _child_set(ctx: _Ctx, child: _Session, parent: _Session) -> list[str] | None | bool:
    """The set a subagent folds into (None: unattributed; False: it began
    after its parent's last call, not linked)."""
    begin = _ms(child.row["startedAt"])
    agent = _agent_id(child)
    # The reference pairs by spawn only in a parent file with pr-link records
    # (its file-level links), and not in one whose set came from another session.
    paired = ctx.links.records.get(parent.file) and not parent.seeded
    named = ctx.spawns.sets.get(parent.file, {}).get(agent) if paired else None
    if named is not None:
        return named or None
    late = begin - _ms(parent.row["endedAt"])
    if late > 0 and not (agent in ctx.spawns.unsure.get(parent.file, ()) and late <= UNSURE_SPAWN_GRACE_MS):
        return False
    current = parent.at_start or None
    for i, (turn, row) in enumerate(parent.turns):
        if ctx.start[row] > begin:
            break
        refs = _turn_refs(ctx, parent, i, turn)
        if refs:
            current = refs
    return current


def _folded_one(ctx: _Ctx, sessions: dict[int, _Session]) -> dict[int, list[str]]:
    """The subagents (by session) that fold into one pull request of a
    parent with links of its own: 0.9.20 takes them as evidence for the
    working-directory correlation."""
    out: dict[int, list[str]] = {}
    for parent in sessions.values():
        if not parent.links:
            continue
        for child in _children(ctx.u, parent, sessions):
            got = _child_set(ctx, child, parent)
            if got and len(got) == 1:
                out[child.index] = got
    return out


def _fold_into(ctx: _Ctx, child: _Session, current: list[str] | None, acc: _Rows, key) -> None:
    """A folded subagent's spend, to `current` (None: unattributed)."""
    t = ctx.t
    acc.subagents += 1
    cost = float(child.row["cost"])
    if not current:
        acc.unattributed += cost
        return
    acc.attributed += cost
    categories: dict[str, float] = {}
    for _, row in child.turns:
        if t.category[row] >= 0:
            name = category_label(int(t.category[row]))
            categories[name] = categories.get(name, 0.0) + float(t.cost[row])
    share = 1 / len(current)
    merged = _models_of(ctx, child)
    for url, n in zip(current, allocate_even(child.row["calls"], len(current))):
        acc.add(url, key, child.row["startedAt"], child.row["endedAt"], cost * share, n, False,
                {m: c * share for m, c in merged.items()}, {k: c * share for k, c in categories.items()})


def _ms(iso: str) -> int:
    import datetime as dt

    return int(dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)
