"""The workflow part of `optimize --format json` (spec commands §4.8): the
files edited most across user-started sessions, and one to three coaching
notes on the strongest signals (weakest one-shot category, corrections,
churned file, slow first edit). Computed from the same columns as the detectors."""
from __future__ import annotations

import numpy as np

from codeburn.aggregate.arrays import distinct, isin, unique

from codeburn.aggregate.turns import TurnTable
from codeburn.aggregate.usage import Usage, project_ranks
from codeburn.classify.categories import CATEGORIES, LABELS
from codeburn.report.models import js_fixed
from codeburn.report.sessions import session_rank

CHURN_LIMIT = 15
MIN_ONE_SHOT_EDIT_TURNS = 5
ONE_SHOT_LOW_PERCENT = 60
CHURN_MIN_SESSIONS = 3
SLOW_FIRST_EDIT_MS = 5 * 60 * 1000
CORRECTION_HIGH_RATE = 0.15
CORRECTION_MIN_COUNT = 3
# The tools whose calls name the files they touched in the reference (spec
# providers §0.2: a tool sequence with `file`). Our readers keep paths of
# more tools (Pi, OMP, Mistral Vibe, Kiro, Cursor agent, the Cline family),
# which 0.9.20 never lists as reworked files.
FILE_PROVIDERS = frozenset({"claude", "codex", "goose", "cline-cli"})
# The tools whose files come from the scan's step rows too: Codex's patches
# name every file they changed (the first is the tool use); Goose's from its
# calls' own tool sequence alone, each request once (none when a single
# message requested tools, as 0.9.20 keeps no sequence then).
STEP_PROVIDERS = frozenset({"goose", "codex"})
SEQUENCE_ONLY = frozenset({"goose"})


def reworked_files(u: Usage, user_session: np.ndarray, edit_tools: set[str], home: str) -> list[dict]:
    """Edited paths ranked by distinct sessions, then edits, then path; of
    the tools whose calls carry a file in the reference (FILE_PROVIDERS)."""
    cols, strings = u.scan.cols, u.scan.strings
    sources = u.scan.sources
    acc: dict[str, list] = {}
    uses = [_file_uses(u, cols["tool_call"], cols["tool_name"], cols["tool_path"],
                       np.array([s.provider in FILE_PROVIDERS and s.provider not in SEQUENCE_ONLY
                                 for s in sources], dtype=bool))]
    if "step_call" in cols:
        uses.append(_file_uses(u, cols["step_call"], cols["step_name"], cols["step_path"],
                               np.array([s.provider in STEP_PROVIDERS for s in sources], dtype=bool)))
    pos, name, path_id = (np.concatenate(parts) for parts in zip(*uses))
    # A path is shown relative to the project the reference meets it in first
    # (in the walk, a call's tools in their order).
    order = np.lexsort((np.arange(pos.size), pos, session_rank(u)[u.session[pos]]))
    for p, nm, pid in zip(pos[order].tolist(), name[order].tolist(), path_id[order].tolist()):
        if strings[nm] not in edit_tools:
            continue
        sess = int(u.session[p])
        if not user_session[sess]:
            continue
        path = strings[pid].replace("\\", "/")
        if not path:  # (`!tc.file`: an empty path names no file)
            continue
        a = acc.get(path)
        if a is None:
            project = u.projects[u.sessions[sess][0]].path
            a = acc[path] = [_relative(path, project, home), set(), 0]
        a[1].add(u.sessions[sess][1])
        a[2] += 1
    rows = [{"path": p, "sessions": len(s), "edits": n} for p, s, n in acc.values()]
    rows.sort(key=lambda r: (-r["sessions"], -r["edits"], r["path"]))
    return rows[:CHURN_LIMIT]


def _file_uses(u: Usage, call: np.ndarray, name: np.ndarray, path: np.ndarray, providers: np.ndarray):
    """(selected call position, tool name id, path id) of the tool rows that
    name a file, of a call of the period, of the sources `providers` marks."""
    pos = u.call_pos[call] if call.size else np.zeros(0, dtype=np.int32)
    rows = np.flatnonzero((pos >= 0) & (path >= 0))
    rows = rows[providers[u.scan.cols["file"][u.sel][pos[rows]]]] if rows.size else rows
    return pos[rows].astype(np.int64), name[rows].astype(np.int64), path[rows].astype(np.int64)


def user_corrections(u: Usage) -> tuple[int, int]:
    """(corrections, prompted turns) over the period's turns of user-started
    sessions (facts.sidechain_sessions): a prompted turn has a prompt that
    is not blank; a correction is such a turn, not its session's first,
    whose prompt matches a user-correction pattern (the scan's
    unprompted_turn and ucorr_turn, codeburn.classify.selfcorrect.confirm_user).
    A session's turns in the order of their first call in the period."""
    from codeburn.optimize.facts import sidechain_sessions

    cols = u.scan.cols
    turn = cols["turn"][u.sel]
    rows = np.flatnonzero((turn >= 0) & ~sidechain_sessions(u)[u.session])
    _, first = unique(turn[rows], return_index=True)
    rows = rows[np.sort(first)]  # each turn once, at its first call
    prompted = ~isin(turn[rows], cols["unprompted_turn"])
    rows = rows[prompted]
    _, opener = unique(u.session[rows], return_index=True)  # a session's first prompted turn corrects nothing
    follow = np.ones(rows.size, dtype=bool)
    follow[opener] = False
    return int(np.count_nonzero(follow & isin(turn[rows], cols["ucorr_turn"]))), int(rows.size)


def correction_rate(corrections: int, prompted: int) -> float | None:
    return corrections / prompted if prompted else None


def _relative(path: str, project: str, home: str) -> str:
    project = project.replace("\\", "/")
    if project and (path == project or path.startswith(project + "/")):
        return path[len(project) + 1:] or path
    if path == home or path.startswith(home + "/"):
        return "~" + path[len(home):]
    return path


def coaching_notes(u: Usage, tt: TurnTable, turn_session: np.ndarray, user_session: np.ndarray,
                   reworked: list[dict], median: float | None) -> list[str]:
    """`median`: median_time_to_first_edit of the same calls."""
    notes = []
    user_turn = (turn_session >= 0) & user_session[np.maximum(turn_session, 0)]
    worst = _worst_one_shot(tt, user_turn)
    if worst and worst[1] < ONE_SHOT_LOW_PERCENT:
        label, rate, n = worst
        notes.append(f"One-shot rate on {label} is {_round(rate)}% over {n} edit turns. Add the constraints up front "
                     "or split the work into smaller edits.")
    corrections, prompted = user_corrections(u)
    rate = correction_rate(corrections, prompted)
    if rate is not None and rate >= CORRECTION_HIGH_RATE and corrections >= CORRECTION_MIN_COUNT:
        notes.append(f"You corrected the assistant on {_round(rate * 100)}% of prompts ({corrections} times). State "
                     "the requirements in the first message to cut the back and forth.")
    if reworked and reworked[0]["sessions"] >= CHURN_MIN_SESSIONS:
        f = reworked[0]
        notes.append(f"{f['path']} was reworked across {f['sessions']} sessions ({f['edits']} edits). A focused pass "
                     "on it may cost less than the repeated churn.")
    if median is not None and median >= SLOW_FIRST_EDIT_MS:
        short = f"{_round(median / 60_000)}m" if median >= 60_000 else f"{_round(median / 1000)}s"
        notes.append(f"Median time to first edit is {short}. Point the assistant at the target file to cut the "
                     "exploration before it starts editing.")
    return notes[:3]


def _worst_one_shot(tt: TurnTable, user_turn: np.ndarray):
    worst = None
    for c in distinct(tt.category[user_turn & tt.edit]).tolist():
        rows = user_turn & tt.edit & (tt.category == c)
        n = int(rows.sum())
        if n < MIN_ONE_SHOT_EDIT_TURNS or c < 0:
            continue
        rate = float(tt.one_shot[rows].sum()) / n * 100
        if worst is None or rate < worst[1]:
            worst = (LABELS[CATEGORIES[c]], rate, n)
    return worst


def _round(x: float) -> int:
    return int(np.floor(x + 0.5))


def median_time_to_first_edit(u: Usage, edit_tools: frozenset[str] | set[str]) -> float | None:
    """Median, over the period's user-started sessions (facts.sidechain_sessions),
    of the time from a session's first turn to its first call that ran an
    edit tool (clamped at 0; sessions without an edit left out), as
    optimize's coaching note and the menubar's workflow give it. A turn
    starts at its prompt's time when the period holds all its calls (even a
    prompt sent before the period), else at its first call inside the
    period: the reference re-anchors the turns it cuts, and a call with no
    time cuts its turn too (no period holds it). The first edit is met in
    the transcript's order, not the clock's."""
    from codeburn.optimize.facts import sidechain_sessions

    cols, strings = u.scan.cols, u.scan.strings
    edit_ids = np.array([i for i, name in enumerate(strings) if name in edit_tools], dtype=np.int32)
    has_edit = np.zeros(cols["ts"].size, dtype=bool)
    has_edit[cols["tool_call"][isin(cols["tool_name"], edit_ids)]] = True
    sidechain = sidechain_sessions(u)[u.session]
    whole = _whole_turns(u)
    first_seen: dict[int, float] = {}
    samples = []
    for pos, row in enumerate(u.sel.tolist()):
        sess = int(u.session[pos])
        if sidechain[pos] or sess in first_seen and first_seen[sess] is None:
            continue
        if sess not in first_seen:
            turn = int(cols["turn"][row])
            first_seen[sess] = int(cols["turn_ts"][turn]) if whole[turn] else int(cols["ts"][row])
        if has_edit[row]:
            ts = int(cols["ts"][row])
            if first_seen[sess] >= 0 and ts >= 0:
                samples.append(max(0, ts - first_seen[sess]))
            first_seen[sess] = None  # this session is measured (or unmeasurable)
    if not samples:
        return None
    samples.sort()
    mid = len(samples) // 2
    return samples[mid] if len(samples) % 2 else (samples[mid - 1] + samples[mid]) / 2


def _whole_turns(u: Usage) -> np.ndarray:
    """Per turn row: whether every call of it is in the period."""
    turns = u.scan.cols["turn"]
    n = int(turns.max()) + 1 if turns.size else 0
    every = np.bincount(turns[turns >= 0], minlength=n)
    chosen = turns[u.sel]
    return every == np.bincount(chosen[chosen >= 0], minlength=n)


__all__ = ["reworked_files", "coaching_notes", "median_time_to_first_edit", "user_corrections", "correction_rate", "js_fixed"]


MIN_EDIT_TURNS = 30
MAX_COST_RATIO = 0.6
ONE_SHOT_TOLERANCE = 0.03
DEBUGGING_HEAVY = 0.4
RECENCY_MS = 14 * 86_400_000
SYNTHETIC = "<synthetic>"


def model_recommendations(u: Usage, tt: TurnTable, turn_session: np.ndarray, user_session: np.ndarray) -> list[dict]:
    """Per project, costliest first: a cheaper model of the same provider
    whose edit turns one-shot about as often (spec commands §4.8
    modelRecommendations)."""
    cols, strings = u.scan.cols, u.scan.strings
    if not tt.size:
        return []
    model = cols["model"][u.sel]
    synthetic = np.array([strings[m] == SYNTHETIC for m in distinct(model).tolist()])
    synth_ids = set(distinct(model)[synthetic].tolist()) if synthetic.size else set()
    real = ~isin(model, list(synth_ids))
    # a turn's model: its first call that is not <synthetic> (calls are in row order)
    idx = np.flatnonzero(real)
    turns, firsts = unique(tt.of_call[idx], return_index=True)
    primary = np.full(tt.size, -1, dtype=np.int64)
    primary[turns] = model[idx[firsts]]
    provider = [u.scan.sources[f].provider for f in cols["file"][u.sel].tolist()]
    session_project = np.array([p for p, _ in u.sessions], dtype=np.intp)
    ok = turn_session >= 0
    turn_project = np.full(tt.size, -1, dtype=np.intp)
    turn_project[ok] = np.where(user_session[turn_session[ok]], session_project[turn_session[ok]], -1)
    out = []
    rank = project_ranks(u)  # the reference's projects, costliest first
    for p in sorted(distinct(turn_project[turn_project >= 0]).tolist(), key=lambda p: rank[p]):
        rec = _recommend(u, tt, turn_project == p, p, primary, model, real, provider)
        if rec:
            out.append(rec)
    return out


def _recommend(u, tt, in_project: np.ndarray, p: int, primary, model, real, provider) -> dict | None:
    strings = u.scan.strings
    stats: dict[int, dict] = {}
    for t in np.flatnonzero(in_project & (primary >= 0)).tolist():
        s = stats.setdefault(int(primary[t]), {"edit": 0, "one": 0, "cost": 0.0, "last": -1})
        if tt.edit[t]:
            s["edit"] += 1
            s["one"] += int(tt.one_shot[t])
            s["cost"] += float(tt.edit_cost[t])
    calls = np.flatnonzero((in_project & (primary >= 0))[tt.of_call] & real)
    providers: dict[int, str] = {}
    for c in calls.tolist():
        m = int(model[c])
        providers.setdefault(m, provider[c])
        if m in stats:
            stats[m]["last"] = max(stats[m]["last"], int(u.times[c]))
    ranked = sorted(((m, s) for m, s in stats.items() if s["edit"] >= MIN_EDIT_TURNS),
                    key=lambda ms: (-ms[1]["edit"], -ms[1]["cost"]))
    if not ranked:
        return None
    now = u.period.end_ms
    recent = lambda s: s["last"] >= 0 and now - s["last"] <= RECENCY_MS  # noqa: E731
    cur_m, cur = ranked[0]
    prov = providers.get(cur_m)
    if not prov or not recent(cur):
        return None
    rate = cur["one"] / cur["edit"]
    cost = cur["cost"] / cur["edit"]
    if cost <= 0:
        return None
    user_turns = in_project & tt.edit
    debugging = CATEGORIES.index("debugging")
    heavy = bool(user_turns.sum()) and (user_turns & (tt.category == debugging)).sum() / user_turns.sum() > DEBUGGING_HEAVY
    tolerance = 0 if heavy else ONE_SHOT_TOLERANCE
    cands = []
    for m, s in ranked[1:]:
        c_rate, c_cost = s["one"] / s["edit"], s["cost"] / s["edit"]
        if providers.get(m) == prov and recent(s) and c_rate >= rate - tolerance and c_cost <= cost * MAX_COST_RATIO:
            cands.append((-(1 - c_cost / cost), -c_rate, m, s, c_rate, c_cost))
    if not cands:
        return None
    _, _, m, s, c_rate, c_cost = min(cands, key=lambda c: (c[0], c[1]))
    project = u.projects[p]
    return {"project": project.name, "projectPath": project.path, "currentModel": strings[cur_m],
            "candidateModel": strings[m], "provider": prov, "currentEditTurns": cur["edit"],
            "candidateEditTurns": s["edit"], "currentOneShotRate": rate, "candidateOneShotRate": c_rate,
            "currentCostPerEdit": cost, "candidateCostPerEdit": c_cost, "savingsPct": (1 - c_cost / cost) * 100,
            "debuggingHeavy": heavy}
