"""The workflow part of `optimize --format json` (spec commands §4.8): the
files edited most across user-started sessions, and one to three coaching
notes on the strongest signals (weakest one-shot category, churned file,
slow first edit). Computed from the same columns as the detectors."""
from __future__ import annotations

import numpy as np

from codeburn.arrays import distinct

from codeburn.classify import CATEGORIES, LABELS
from codeburn.report.models import js_fixed
from codeburn.turns import TurnTable
from codeburn.usage import Usage

CHURN_LIMIT = 15
MIN_ONE_SHOT_EDIT_TURNS = 5
ONE_SHOT_LOW_PERCENT = 60
CHURN_MIN_SESSIONS = 3
SLOW_FIRST_EDIT_MS = 5 * 60 * 1000


def reworked_files(u: Usage, user_session: np.ndarray, edit_tools: set[str], home: str) -> list[dict]:
    """Edited paths ranked by distinct sessions, then edits, then path."""
    cols, strings = u.scan.cols, u.scan.strings
    pos = u.call_pos[cols["tool_call"]]
    acc: dict[str, list] = {}
    for row in np.flatnonzero((pos >= 0) & (cols["tool_path"] >= 0)).tolist():
        if strings[cols["tool_name"][row]] not in edit_tools:
            continue
        sess = int(u.session[pos[row]])
        if not user_session[sess]:
            continue
        path = strings[cols["tool_path"][row]].replace("\\", "/")
        a = acc.get(path)
        if a is None:
            project = u.projects[u.sessions[sess][0]].path
            a = acc[path] = [_relative(path, project, home), set(), 0]
        a[1].add(u.sessions[sess][1])
        a[2] += 1
    rows = [{"path": p, "sessions": len(s), "edits": n} for p, s, n in acc.values()]
    rows.sort(key=lambda r: (-r["sessions"], -r["edits"], r["path"]))
    return rows[:CHURN_LIMIT]


def _relative(path: str, project: str, home: str) -> str:
    project = project.replace("\\", "/")
    if project and (path == project or path.startswith(project + "/")):
        return path[len(project) + 1:] or path
    if path == home or path.startswith(home + "/"):
        return "~" + path[len(home):]
    return path


def coaching_notes(u: Usage, tt: TurnTable, turn_session: np.ndarray, user_session: np.ndarray,
                   reworked: list[dict], edit_ts: np.ndarray) -> list[str]:
    notes = []
    user_turn = (turn_session >= 0) & user_session[np.maximum(turn_session, 0)]
    worst = _worst_one_shot(tt, user_turn)
    if worst and worst[1] < ONE_SHOT_LOW_PERCENT:
        label, rate, n = worst
        notes.append(f"One-shot rate on {label} is {_round(rate)}% over {n} edit turns. Add the constraints up front "
                     "or split the work into smaller edits.")
    if reworked and reworked[0]["sessions"] >= CHURN_MIN_SESSIONS:
        f = reworked[0]
        notes.append(f"{f['path']} was reworked across {f['sessions']} sessions ({f['edits']} edits). A focused pass "
                     "on it may cost less than the repeated churn.")
    median = _median_first_edit(u, tt, turn_session, user_session, edit_ts)
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


def _median_first_edit(u: Usage, tt: TurnTable, turn_session, user_session, edit_ts: np.ndarray):
    """Per user-started session: its first turn's time to its first edit call."""
    cols = u.scan.cols
    turn_ids = distinct(cols["turn"][u.sel])
    start: dict[int, int] = {}
    for t, ts in zip(range(tt.size), cols["turn_ts"][turn_ids].tolist()):
        s = int(turn_session[t])
        if s >= 0 and user_session[s] and s not in start:
            start[s] = ts
    samples = []
    for s, t0 in start.items():
        first = int(edit_ts[s])
        if first >= 0 and t0 > 0:
            samples.append(max(0, first - t0))
    if not samples:
        return None
    samples.sort()
    mid = len(samples) // 2
    return samples[mid] if len(samples) % 2 else (samples[mid - 1] + samples[mid]) / 2


def _round(x: float) -> int:
    return int(np.floor(x + 0.5))


def first_edit_times(u: Usage, edit_tools: set[str], n_sessions: int) -> np.ndarray:
    """Per session: the time of its first call using an edit tool, -1 for none."""
    cols, strings = u.scan.cols, u.scan.strings
    out = np.full(n_sessions, -1, dtype=np.int64)
    pos = u.call_pos[cols["tool_call"]]
    for row in np.flatnonzero(pos >= 0).tolist():
        if strings[cols["tool_name"][row]] not in edit_tools:
            continue
        p = pos[row]
        s, ts = int(u.session[p]), int(u.times[p])
        if out[s] < 0 or ts < out[s]:
            out[s] = ts
    return out


__all__ = ["reworked_files", "coaching_notes", "first_edit_times", "js_fixed"]
