"""`codeburn yield` (spec commands §5.3-5.5): which spend shipped.

Each session's window runs from its first call to an hour after its last.
Each commit of a repository goes to at most one of that repository's
sessions whose window holds its author time: the narrowest window, then the
earliest start, then the smaller session id; the others it fell in are
marked as having lost it. A session is then

- productive: commits of its own are on the main branch (fewer than half of
  them reverted since);
- reverted: at least half of its commits on main (and at least one) were
  reverted by a later commit;
- ambiguous: it made no commit of its own, but a commit fell in its window
  and went to a narrower session;
- abandoned: anything else (no commit, commits only off main, no repository).

Pure functions of sessions and commits; the git side is codeburn.gitrepo.
"""
from __future__ import annotations

from typing import Sequence

from codeburn.gitrepo import Commit
from codeburn.plainclass import dataclass
from codeburn.report.isotime import iso_ms
from codeburn.report.jsjson import js_round

HOUR_MS = 3_600_000
CATEGORIES = ("productive", "reverted", "abandoned", "ambiguous")
TEXT_LINES = (("Productive:", "productive", "sessions shipped to main"),
              ("Reverted:", "reverted", "sessions were reverted"),
              ("Abandoned:", "abandoned", "sessions never committed"),
              ("Ambiguous:", "ambiguous", "sessions lost commits to concurrent sessions"))


@dataclass
class Session:
    sid: str
    project: str          # the project's name, as the report shows it
    cost: float
    first_ms: int | None  # first and last call
    last_ms: int | None


@dataclass
class Outcome:
    category: str
    commits: int


def attribute(sessions: Sequence[Session], commits: Sequence[Commit]) -> tuple[list[list[Commit]], list[bool]]:
    """The commits each session won, and whether it lost one to a narrower window."""
    n = len(sessions)
    if not any(c.time_ms is not None for c in commits):
        return [[] for _ in range(n)], [False] * n  # (and numpy not imported: nothing to place)
    import numpy as np

    has = np.array([s.first_ms is not None for s in sessions], dtype=bool)
    start = np.array([s.first_ms or 0 for s in sessions], dtype=np.int64)
    end = np.array([(s.last_ms if s.last_ms is not None else s.first_ms or 0) + HOUR_MS for s in sessions],
                   dtype=np.int64)
    # Rank of (span, start, session id as JavaScript orders strings): the winner has the lowest.
    ids = [s.sid.encode("utf-16-be", "surrogatepass") for s in sessions]
    rank = np.empty(n, dtype=np.int64)
    rank[sorted(range(n), key=lambda i: (int(end[i] - start[i]), int(start[i]), ids[i], i))] = np.arange(n)
    won: list[list[Commit]] = [[] for _ in range(n)]
    lost = [False] * n
    for c in commits:
        if c.time_ms is None:
            continue  # an unreadable date is in no window
        inside = np.flatnonzero(has & (start <= c.time_ms) & (c.time_ms <= end))
        if not inside.size:
            continue
        owner = int(inside[np.argmin(rank[inside])])
        won[owner].append(c)
        for i in inside.tolist():
            lost[i] = lost[i] or i != owner
    return won, lost


def categorize(session: Session, won: list[Commit], lost: bool) -> Outcome:
    if session.first_ms is None:
        return Outcome("abandoned", 0)
    if not won:
        return Outcome("ambiguous" if lost else "abandoned", 0)
    on_main = sum(c.in_main for c in won)
    reverted = sum(c.in_main and c.reverted for c in won)
    if reverted > 0 and reverted >= on_main / 2:
        return Outcome("reverted", len(won))
    if on_main > 0:
        return Outcome("productive", on_main)
    return Outcome("abandoned", len(won))


def build(sessions: Sequence[Session], outcomes: Sequence[Outcome], label: str, start_ms: int, end_ms: int) -> dict:
    """The JSON document (the reference's keys), details in the order given."""
    sums = {k: [0.0, 0] for k in (*CATEGORIES, "total")}
    for s, o in zip(sessions, outcomes):
        for key in (o.category, "total"):
            sums[key][0] += s.cost
            sums[key][1] += 1
    total_cost, total_n = sums["total"]

    def bucket(key: str) -> dict:
        cost, n = sums[key]
        return {"costUSD": cost, "sessions": n,
                "costPercent": js_round(cost / total_cost * 1000) / 10 if total_cost > 0 else 0,
                "sessionPercent": js_round(n / total_n * 1000) / 10 if total_n > 0 else 0}

    productive, reverted = sums["productive"][0], sums["reverted"][0]
    return {
        "period": {"label": label, "start": iso_ms(start_ms), "end": iso_ms(end_ms)},
        "summary": {**{k: bucket(k) for k in CATEGORIES}, "total": {"costUSD": total_cost, "sessions": total_n},
                    "productiveToRevertedCostRatio": js_round(productive / reverted * 100) / 100 if reverted > 0
                    else None},
        "methodology": "timestamp-window",
        "details": [{"sessionId": s.sid, "project": s.project, "costUSD": s.cost, "category": o.category,
                     "commitCount": o.commits} for s, o in zip(sessions, outcomes)],
    }


def render_text(doc: dict) -> str:
    """The reference's text summary (amounts with 2 decimals, whole percents of cost)."""
    from codeburn.report.jsjson import js_fixed

    summary = doc["summary"]
    total = summary["total"]["costUSD"]
    pct = lambda c: int(js_round(c / total * 100)) if total > 0 else 0  # noqa: E731
    money = lambda c: ("$" + js_fixed(c, 2)).rjust(8)  # noqa: E731
    lines = ["", f"  Analyzing yield for {doc['period']['label']}...", "", ""]
    for title, key, what in TEXT_LINES:
        b = summary[key]
        lines.append(f"{title:<12} {money(b['costUSD'])} ({pct(b['costUSD'])}%) - {b['sessions']} {what}")
    lines += ["", "Attribution: timestamp-window based (heuristic)", "",
              f"{'Total:':<12} {money(total)}     - {summary['total']['sessions']} sessions", "", ""]
    return "\n".join(lines)
