"""The report: one dict with the reference's JSON field names and order
(spec commands-and-outputs §3.1). Text output renders the same dict, so the
two can never disagree.
"""
from __future__ import annotations

import datetime as dt
import math

import numpy as np

from codeburn._fast import agg
from codeburn.aggregate import columns
from codeburn.aggregate.arrays import distinct, isin, positions, unique
from codeburn.aggregate.periods import day_iso, history_period, local_day_numbers
from codeburn.aggregate.turns import TS_NONE, TurnTable, category_label, daily_row_days, turn_table
from codeburn.aggregate.usage import Usage, labels, rows_of
from codeburn.jstext import object_key_rank

TOKEN_FIELDS = ("input", "output", "cache_read", "cache_write")
TOP_SESSIONS = 5
# The scan columns build_report reads (listed in aggregate/columns.py: a
# column read here must be named there).
COLUMNS = columns.REPORT


def js_round1(x: float) -> float:
    """Math.round(x * 10) / 10 (halves round up, unlike Python's round)."""
    return math.floor(x * 10 + 0.5) / 10


def total_cost(cost: np.ndarray, flags: np.ndarray | None = None) -> float:
    """Compensated sum, so a total does not depend on how its calls are
    grouped (of the calls whose flag is 1, with flags)."""
    return agg.sum_f64(np.ascontiguousarray(cost), _flags(flags))


def _flags(flags: np.ndarray | None) -> np.ndarray | None:
    return None if flags is None else np.ascontiguousarray(flags, dtype=np.uint8)


def one_shot_rate(one_shot: int, edits: int) -> float | None:
    """Percent with one decimal, None when there were no edit turns."""
    return js_round1(one_shot / edits * 100) if edits else None


def token_sums(u: Usage, label: np.ndarray, n: int) -> np.ndarray:
    """[TOKEN_FIELDS, n]: each token kind summed per group of the selected
    calls, a field at a time (a stacked copy of the four columns was
    32 bytes per call of peak memory)."""
    out = np.zeros((len(TOKEN_FIELDS), n), dtype=np.int64)
    for k, name in enumerate(TOKEN_FIELDS):
        out[k] = agg.group_sum_i64(label, np.ascontiguousarray(u.tokens(name))[None, :], n)[0]
    return out


def token_totals(u: Usage) -> np.ndarray:
    """[TOKEN_FIELDS]: each token kind summed over the selected calls."""
    return np.array([u.tokens(name).sum(dtype=np.int64) for name in TOKEN_FIELDS], dtype=np.int64)


def build_report(u: Usage, generated: dt.datetime) -> dict:
    tokens = token_totals(u)
    turns = turn_table(u)
    return {
        "generated": generated.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "currency": "USD",
        "period": u.period.label,
        "periodKey": u.period.key,
        "overview": _overview(u, tokens, generated),
        "daily": _daily(u, turns, generated),
        "projects": _projects(u),
        "models": _models(u, turns),
        "unpricedModels": _unpriced(u),
        "activities": _activities(u, turns),
        "tools": _named_counts(u, "tool_call", "tool_name", _core_tool),
        "mcpServers": _named_counts(u, "tool_call", "tool_name", _mcp_server),
        "shellCommands": _named_counts(u, "shell_call", "shell_name", lambda s: s or None),
        "skills": _skills(u, turns),
        "subagents": _subagents(u),
        "claudeAgentTypes": _agent_types(u),
        "topSessions": _top_sessions(u),
        "providers": _providers(u),
    }


def headline(u: Usage, generated: dt.datetime) -> dict:
    """build_report's "overview" and "daily" alone (a durable headline's:
    commands.common.durable_head; the lists come from another selection)."""
    return {"overview": overview_of(u, generated), "daily": _daily(u, turn_table(u), generated)}


def overview_of(u: Usage, generated: dt.datetime) -> dict:
    """build_report's "overview" alone (its tokens those of u.token_head, when set)."""
    return _overview(u, token_totals(u.token_head or u), generated)


def _overview(u: Usage, tokens: np.ndarray, now: dt.datetime) -> dict:
    t_in, t_out, t_cr, t_cw = (int(x) for x in tokens)
    cost = total_cost(u.cost)
    tu = u.token_head or u
    return {
        "cost": cost, "proxiedCost": 0, "netCost": cost, "savings": 0,
        "estimatedCost": total_cost(tu.cost, tu.tokens("estimated")),
        "calls": u.total_calls(), "sessions": day_sessions(u, now),
        "cacheHitPercent": cache_hit_percent(t_in, t_cr),
        "tokens": {"input": t_in, "output": t_out, "cacheRead": t_cr, "cacheWrite": t_cw},
    }


def cache_hit_percent(t_in: int, t_cr: int) -> float:
    """Cache reads over reads and fresh input, in percent to one decimal, as 0.9.20 rounds it."""
    return js_round1(t_cr / (t_in + t_cr) * 100) if t_in + t_cr else 0


def day_sessions(u: Usage, now: dt.datetime, live: Usage | None = None, kept: int = 0) -> int:
    """overview.sessions as CodeBurn 0.9.20 counts it: the larger of the
    sessions with a call in the period (in `live`, when its parse of the
    period holds calls its day history does not: one tool's headline) and
    its day history's count (day_session_counts, plus the `kept` sessions
    of days whose files are gone: commands.carry)."""
    days = int(day_session_counts(u, now).sum()) if u.sel.size else 0
    return max(days + kept, live_sessions(u if live is None else live))


def day_session_counts(u: Usage, now: dt.datetime) -> np.ndarray:
    """Per session, how often 0.9.20's day history counts it in the period:
    on the day of its first call if that is a past day in the period (one
    begun before the period counts there on no day, in any of the files a
    tool wrote it in), and once more on today if it has a call today. So a
    session running from yesterday into today counts twice (measured on
    such shapes). The day history is read over the last
    periods.HISTORY_DAYS days only, so a call older than that (or dated
    1970) does not make its session one begun before."""
    n = len(u.sessions)
    if not u.sel.size:
        return np.zeros(n, dtype=np.int64)
    start_day, end_day, today = local_day_numbers(
        np.array([u.period.start_ms, u.period.end_ms, int(now.timestamp() * 1000)]), u.tz).tolist()
    cols = u.scan.cols
    ts = cols["ts"]
    floor = history_period(now, u.tz).start_ms
    early = (ts < u.period.start_ms) & (ts >= floor)
    earlier = np.bincount(cols["file"][early], minlength=len(u.scan.sources)) > 0
    begun_before = agg.group_any(u.session, _same_session(u.scan.sources, earlier)[rows_of(cols["file"], u.sel)]
                                 .view(np.uint8), n)
    first = agg.group_extreme(u.session, u.day, n)
    past = ~begun_before & (first >= start_day) & (first <= end_day) & (first < today)
    if u.unstarted is not None:  # (begun on a day a filter dropped: counted on none)
        past &= ~agg.group_any(u.session, u.unstarted[rows_of(cols["file"], u.sel)].view(np.uint8), n)
    on_today = agg.group_any(u.session, (u.day == today).view(np.uint8), n) if start_day <= today <= end_day \
        else np.zeros(n, dtype=bool)
    return past.astype(np.int64) + on_today


def live_sessions(u: Usage) -> int:
    """Sessions with a call in the period."""
    return int(np.count_nonzero(agg.group_count(u.session, len(u.sessions)))) if u.sel.size else 0


def _same_session(sources: list, marked: np.ndarray) -> np.ndarray:
    """Per source: whether it, or another source of the same tool, project
    and session id (a session the tool wrote in several files), is `marked`."""
    if not marked.any():
        return marked
    keys = {(s.provider, s.project, s.session_id) for s, m in zip(sources, marked.tolist()) if m}
    return np.array([(s.provider, s.project, s.session_id) in keys for s in sources], dtype=bool)


def day_groups(t: TurnTable) -> tuple[np.ndarray, np.ndarray]:
    """The local days of a report's day rows, and each call's index into
    them. A call counts on its own day, a turn (category, edits) on its
    turn's day, so a day can hold a turn and no call: a prompt sent at 23:59
    whose calls all ran after midnight (CodeBurn 0.9.20's daily rows, measured)."""
    days = distinct(np.concatenate((distinct(t.call_day), t.day)))  # (np.union1d imports numpy.ma: 10 ms)
    return days, positions(days, t.call_day)


def turn_day_groups(t: TurnTable, own_day: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The local days the calls are filed under when a call follows its turn
    (export's daily table), and each call's index into them; -1 for the calls
    of a Claude turn with no prompt that the period holds whole: it has no
    time of its own, and the reference's export leaves it out. A turn the
    period holds whole stays on its prompt's day even when the prompt was
    sent before the period began (a prompt at 23:59 the day before a 30-day
    window, its one call after midnight): the reference's export files a turn
    by its own time, which only a cut turn moves to its first call, so its
    daily table then has a row for that earlier day. `own_day` (per call):
    calls the reference makes turns of their own (they are filed on their
    own day)."""
    timeless = ((t.prompt_day < 0) & t.whole)[t.of_call]
    filed = np.where(t.whole & (t.prompt_day >= 0), t.prompt_day, t.day)[t.of_call]
    if own_day is not None:
        filed = np.where(own_day, t.call_day, filed)
        timeless &= ~own_day
    days = distinct(filed[~timeless])
    label = np.searchsorted(days, filed).astype(np.intp)
    label[timeless] = -1
    return days, label


def daily(u: Usage, now: dt.datetime, reach: Usage | None = None) -> list[dict]:
    """The report's daily rows; with `reach` (commands.common.reaching_today:
    the calls from the period's start to the end of today), a turn counts by
    its calls there, so one prompted on the period's last day whose calls ran
    past midnight counts on its prompt's day, as 0.9.20's day history counts it."""
    return _daily(u, turn_table(reach) if reach is not None else turn_table(u), now, reach is not None)


def _daily(u: Usage, t: TurnTable, now: dt.datetime, reaching: bool = False) -> list[dict]:
    """Per local day: calls and cost on each call's own day (u's), turn
    counts on the days turns.daily_row_days gives them (`t`'s: u's turns,
    or with `reaching` those of the calls reaching on to today, see daily())."""
    call_day = u.day   # (a turn table's call_day, when it is u's)
    if not u.sel.size and not (reaching and t.size):
        return []
    past, on_today, today = _row_days(u, t, now, u.period.end_ms if reaching else None)
    turn_days = np.concatenate([past[past >= 0], np.full(int(on_today.any()), today)])
    days = distinct(np.concatenate((distinct(call_day), turn_days))).astype(np.int64)
    label = positions(days, call_day)
    cost = agg.group_sum_f64(label, u.cost, days.size)
    calls = u.calls(label, days.size)
    # Per turn: the turns, edit turns and one-shot turns it adds to a day,
    # summed by bincount (np.add.at took 50 ms over 340k turns), one measure
    # at a time (a turn-long temporary each: the report is made while the
    # scan's columns are held).
    counted = t.counts > 0
    sums = np.zeros((3, days.size), dtype=np.int64)
    for mine, at in ((past >= 0, np.searchsorted(days, past)), (on_today, np.searchsorted(days, today))):
        if mine.any():
            at = np.broadcast_to(at, mine.shape)[mine]
            for k, measure in enumerate((t.counts, t.edit & counted, t.one_shot & counted)):
                # (float weights: exact, sums of whole numbers far below 2**53)
                sums[k] += np.bincount(at, weights=measure[mine], minlength=days.size).astype(np.int64)
    turns, edits, one_shot = sums
    return [{"date": day_iso(d), "cost": float(cost[i]), "savings": 0, "calls": int(calls[i]),
             "turns": int(turns[i]), "editTurns": int(edits[i]), "oneShotTurns": int(one_shot[i]),
             "oneShotRate": one_shot_rate(int(one_shot[i]), int(edits[i]))}
            for i, d in enumerate(days.tolist())]


def _row_days(u: Usage, t: TurnTable, now: dt.datetime, until_ms: int | None = None,
              only_days: frozenset[int] | None = None) -> tuple[np.ndarray, np.ndarray, int]:
    """turns.daily_row_days for the period's turns as of `now`, and today's
    local day number; with `until_ms`, only the days up to the one holding
    it (the period's end: `t` then holds turns read past it); with
    `only_days` (day numbers: the menubar's --days), only those."""
    last = until_ms - 1 if until_ms is not None else u.period.end_ms
    start_day, today, last_day = local_day_numbers(
        np.array([u.period.start_ms, int(now.timestamp() * 1000), max(last, u.period.start_ms)]), u.tz).tolist()
    past, on_today = daily_row_days(t, start_day, today)
    if until_ms is not None:
        past = np.where(past <= last_day, past, -1)
        if today > last_day:
            on_today = np.zeros_like(on_today)
    if only_days is not None:
        past = np.where(np.isin(past, np.fromiter(only_days, dtype=np.int64, count=len(only_days))), past, -1)
        if today not in only_days:
            on_today = np.zeros_like(on_today)
    return past, on_today, today


def day_category_sums(u: Usage, t: TurnTable, now: dt.datetime, today_rows: np.ndarray | None = None,
                      until_ms: int | None = None,
                      only_days: frozenset[int] | None = None) -> dict[str, tuple[int, int, int, float, int]]:
    """Per category label: (turns, edit turns, one-shot turns, cost, order key) as
    0.9.20's day history sums them over the period's days
    (turns.daily_row_days: a turn running past midnight into today counts on
    both days, one begun before the period on none of its past days), as the
    menubar shows them; a category none of whose turns counts on a day of
    the period is not there. A turn's cost goes with it: its calls before today
    where it counts on a past day, its calls today where it counts today (so
    the calls of a turn begun before the period cost nothing here until
    today). `today_rows`: see sessions.read_ranks. `until_ms`: the period's
    end, when u reads on past it (commands.common.reaching_today);
    `only_days`: the days counted (the menubar's --days, as day numbers)."""
    if not t.size:
        return {}
    past, on_today, today = _row_days(u, t, now, until_ms, only_days)
    times = ((past >= 0).astype(np.int64) + on_today) * (t.counts > 0)
    is_today = (t.call_day >= today).view(np.uint8)
    cost_today = agg.group_sum_f64(t.of_call, u.cost, t.size, is_today)
    cost = np.where(past >= 0, t.cost - cost_today, 0.0) + np.where(on_today, cost_today, 0.0)
    ids, label = unique(t.category, return_inverse=True)
    label = label.reshape(-1).astype(np.intp)
    sums = [np.bincount(label, weights=times * w, minlength=ids.size).astype(np.int64)
            for w in (np.ones(t.size, dtype=np.int64), t.edit, t.one_shot)]
    costs = agg.group_sum_f64(label, cost, ids.size)
    counted = np.bincount(label, weights=(past >= 0) | on_today, minlength=ids.size) > 0
    # Where each category first enters the day history (categories of equal
    # cost keep that order): the first day it counts on, then the walk place
    # (read_ranks) of its turn's first call.
    from codeburn.report.sessions import read_ranks   # (sessions imports this module)

    big = np.iinfo(np.int64).max
    first_call = np.full(t.size, big, dtype=np.int64)
    np.minimum.at(first_call, t.of_call, read_ranks(u, today_rows))
    at = np.minimum(np.where(past >= 0, past.astype(np.int64) * (1 << 33) + first_call, big),
                    np.where(on_today, np.int64(today) * (1 << 33) + first_call, big))
    enters = np.full(ids.size, big, dtype=np.int64)
    np.minimum.at(enters, label, at)
    return {category_label(int(c)): (int(sums[0][i]), int(sums[1][i]), int(sums[2][i]), float(costs[i]), int(enters[i]))
            for i, c in enumerate(ids.tolist()) if counted[i]}


def _activities(u: Usage, t: TurnTable) -> list[dict]:
    """Per task category: cost of the turns' in-period calls, turn counts."""
    if not t.size:
        return []
    ids, label = unique(t.category, return_inverse=True)
    label = label.reshape(-1).astype(np.intp)
    cost = agg.group_sum_f64(label, t.cost, ids.size)
    turns = np.bincount(label, weights=t.counts, minlength=ids.size).astype(np.int64)
    edits = np.bincount(label, weights=t.edit, minlength=ids.size).astype(np.int64)
    one_shot = np.bincount(label, weights=t.one_shot, minlength=ids.size).astype(np.int64)
    # Ties on cost keep the order in which the reference's walk (projects by
    # cost, then sessions and calls as read) first meets each category.
    first_seen = first_met(u, label.astype(np.int32)[t.of_call], ids.size, np.ones(ids.size, dtype=bool))
    order = np.lexsort((first_seen, -cost))
    return [{"category": category_label(int(ids[i])), "cost": float(cost[i]), "savings": 0, "turns": int(turns[i]),
             "editTurns": int(edits[i]), "oneShotTurns": int(one_shot[i]),
             "oneShotRate": one_shot_rate(int(one_shot[i]), int(edits[i]))} for i in order]


def _skills(u: Usage, t: TurnTable) -> list[dict]:
    """Per skill (a turn's first Skill tool's name): turns and their cost;
    cost desc, equal costs as the reference's object lists them (number-like
    names first, then in the order its walk, projects by cost, meets them)."""
    has = t.skill >= 0
    if not has.any():
        return []
    ids, label = unique(t.skill[has], return_inverse=True)
    label = label.reshape(-1).astype(np.intp)
    cost = agg.group_sum_f64(label, t.cost[has], ids.size)
    turns = np.bincount(label, minlength=ids.size)
    rows = [{"name": u.scan.strings[int(ids[i])], "turns": int(turns[i]), "cost": float(cost[i]), "savings": 0}
            for i in range(ids.size)]
    if len(rows) > 1:
        turn_rank = agg.group_extreme(np.ascontiguousarray(t.of_call, dtype=np.intp), u.walk_ranks, t.size)
        first = agg.group_extreme(label, np.ascontiguousarray(turn_rank[has]), ids.size)
        rank = {r["name"]: int(first[i]) for i, r in enumerate(rows)}
        rows.sort(key=lambda r: (-r["cost"], *object_key_rank(r["name"]), rank[r["name"]]))
    return rows


def _projects(u: Usage) -> list[dict]:
    n = len(u.projects)
    cost = agg.group_sum_f64(u.project, u.cost, n)
    calls = u.calls(u.project, n)
    present = agg.group_count(u.project, n)
    sessions = np.bincount(np.array([p for p, _ in u.sessions], dtype=np.intp), minlength=n) if u.sessions else np.zeros(n, int)
    rows = []
    ties = np.arange(n) if u.project_ties is None else u.project_ties  # (a slice: its frame's order)
    for i in np.lexsort((ties, -cost)):
        if present[i] == 0 and i not in u.anchors:  # (an anchor's project is listed with nothing in it)
            continue
        s = int(sessions[i])
        rows.append({"name": u.projects[i].name, "path": u.projects[i].path, "cost": float(cost[i]),
                     "savings": 0, "avgCostPerSession": float(cost[i]) / s if s else None,
                     "calls": int(calls[i]), "sessions": s})
    return rows


def _models(u: Usage, t: TurnTable) -> list[dict]:
    n = len(u.model_names)
    cost = agg.group_sum_f64(u.model_label, u.cost, n)
    calls = u.calls(u.model_label, n)
    tok = token_sums(u, u.model_label, n)
    edits, one_shot, retries, edit_cost = _edit_efficiency(t, n)
    estimated = agg.group_sum_f64(u.model_label, u.cost, n, _flags(u.tokens("estimated")))
    rows = []
    for i in np.lexsort((_first_seen(u, cost), -cost)):
        e = int(edits[i])
        rows.append({"name": u.model_names[i], "calls": int(calls[i]),
                     "inputTokens": int(tok[0, i]), "outputTokens": int(tok[1, i]),
                     "cacheReadTokens": int(tok[2, i]), "cacheWriteTokens": int(tok[3, i]),
                     "cost": float(cost[i]), "savings": 0, "estimatedCost": float(estimated[i]),
                     "savingsBaselineModel": "",
                     "editTurns": e, "oneShotTurns": int(one_shot[i]), "oneShotRate": one_shot_rate(int(one_shot[i]), e),
                     "retriesPerEdit": js_round1(int(retries[i]) / e) if e else None,
                     "costPerEdit": float(edit_cost[i]) / e if e else None})
    return rows


def _first_seen(u: Usage, cost: np.ndarray) -> np.ndarray:
    """Per display model, when the reference's walk first meets it: models
    of equal cost ($0 ones, mostly) keep that order. Only the calls of tied
    models are walked."""
    values, counts = unique(cost, return_counts=True)
    return first_met(u, u.model_label, cost.size, isin(cost, values[counts > 1]))


def first_met(u: Usage, label: np.ndarray, n: int, among: np.ndarray) -> np.ndarray:
    """Per label (of the selected calls), its first call's rank in the
    reference's walk over the calls whose label is `among` (bool per label):
    projects by cost, then sessions and calls in reading order. Labels
    outside `among` rank 0."""
    if not n:
        return np.zeros(0, dtype=np.int64)
    from codeburn.report.sessions import session_rank

    return agg.first_in_walk(labels(label), np.ascontiguousarray(among, dtype=np.uint8), labels(u.session), session_rank(u))


def _edit_efficiency(t: TurnTable, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Edit turns, one-shot turns, retries and edit cost per display model,
    each edit turn credited to its primary model (turns.TurnTable.primary)."""
    label = np.where(t.edit, t.primary, -1).astype(np.intp)
    ok = label >= 0
    edits = np.bincount(label[ok], minlength=n)
    one_shot = np.bincount(label[ok], weights=t.one_shot[ok], minlength=n)
    retries = np.bincount(label[ok], weights=t.retries[ok], minlength=n)
    return edits, one_shot, retries, agg.group_sum_f64(label, t.edit_cost, n)


def _unpriced(u: Usage) -> list[dict]:
    rows = [{"model": m, "calls": c, "tokens": t} for m, (c, t) in u.unpriced.items()]
    rows.sort(key=lambda r: (-r["tokens"], -r["calls"], r["model"]))
    return rows


def _core_tool(name: str) -> str | None:
    return None if name.startswith("mcp__") else name  # ("" included: a Gemini tool shown as "", as 0.9.20 counts it)


def _mcp_server(name: str) -> str | None:
    """The second `__` part, empty included: the reference lists
    `mcp____x`'s server as "" (its split()[1] is "", not missing)."""
    return name.split("__")[1] if name.startswith("mcp__") else None


def _named_counts(u: Usage, call_col: str, name_col: str, key) -> list[dict]:
    """{name, calls} per key(name) over the rows of in-report calls, calls
    desc; equal counts keep the order the names first appear in the
    reference's walk (projects by cost, then sessions, then rows in read
    order), as its insertion-ordered map."""
    cols = u.scan.cols
    if not u.sel.size or not cols[call_col].size:
        return []
    # Each name's rows, and where the walk first meets it (a call's rows are in read order).
    counts, earliest = agg.named_counts(np.ascontiguousarray(cols[call_col], dtype=np.int32),
                                        np.ascontiguousarray(cols[name_col], dtype=np.int32),
                                        labels(u.call_pos), u.walk_ranks,
                                        len(u.scan.strings))
    ids = np.flatnonzero(counts)
    if not ids.size:
        return []
    totals: dict[str, int] = {}
    first: dict[str, int] = {}
    for name_id, c, k in zip(ids.tolist(), counts[ids].tolist(), earliest[ids].tolist()):
        label = key(u.scan.strings[name_id])
        if label is not None:
            totals[label] = totals.get(label, 0) + c
            first[label] = min(k, first.get(label, k))
    # (the reference's map is a plain object: names like "2" and "10" come first among equals, by number)
    return [{"name": k, "calls": totals[k]}
            for k in sorted(totals, key=lambda k: (-totals[k], *object_key_rank(k), first[k]))]


def _subagents(u: Usage) -> list[dict]:
    """Task/Agent `subagent_type`: every block counts one call and the call's
    cost; cost desc, equal costs ($0 ones) in the order the reference's walk
    (projects by cost, then sessions, then calls) first meets them."""
    cols = u.scan.cols
    pos = u.call_pos[cols["sub_call"]]
    ok = pos >= 0
    names, at = cols["sub_name"][ok], pos[ok]
    rows = _cost_rows(names, u.cost[at], u.scan.strings)
    if len(rows) > 1:
        order = np.lexsort((np.arange(at.size), u.walk_ranks[at]))  # walk order, then read order within a call
        first: dict[str, int] = {}
        for k, i in enumerate(order.tolist()):
            first.setdefault(u.scan.strings[names[i]], k)
        rows.sort(key=lambda r: (-r["cost"], *object_key_rank(r["name"]), first[r["name"]]))
    return rows


def _agent_types(u: Usage) -> list[dict]:
    """Subagent transcripts by the agentType of their .meta.json: cost
    desc, equal costs as the reference's object lists them (number-like
    names first, then in the walk's order)."""
    files = rows_of(u.scan.cols["file"], u.sel)
    types = [s.agent_type for s in u.scan.sources]
    names = sorted({t for t in types if t})
    if not names:
        return []
    idx = {t: i for i, t in enumerate(names)}
    file_type = np.array([idx.get(t, -1) if t else -1 for t in types], dtype=np.int32)
    label = file_type[files]
    ok = label >= 0
    typed = label[ok]
    rows = _cost_rows(typed, u.cost[ok], names)
    if len(rows) > 1:  # equal costs in the order the reference's walk meets the types' sessions
        ranks = u.walk_ranks[ok]
        first = {names[t]: int(ranks[typed == t].min()) for t in distinct(typed).tolist()}
        rows.sort(key=lambda r: (-r["cost"], *object_key_rank(r["name"]), first[r["name"]]))
    return rows


def _cost_rows(label: np.ndarray, cost: np.ndarray, names: list[str]) -> list[dict]:
    if not label.size:
        return []
    ids, inv = unique(label, return_inverse=True)
    inv = inv.astype(np.intp)
    c = agg.group_sum_f64(inv, cost, ids.size)
    n = agg.group_count(inv, ids.size)
    rows = [{"name": names[ids[i]], "calls": int(n[i]), "cost": float(c[i]), "savings": 0} for i in range(ids.size)]
    rows.sort(key=lambda r: -r["cost"])
    return rows


def _providers(u: Usage) -> list[dict]:
    """Spend per provider (an addition to the reference's fields), cost desc."""
    from codeburn.providers import PROVIDERS

    names = list(PROVIDERS)
    of_file = np.array([names.index(s.provider) for s in u.scan.sources], dtype=np.int32)
    label = of_file[rows_of(u.scan.cols["file"], u.sel)] if u.sel.size else np.zeros(0, np.int32)
    cost = agg.group_sum_f64(label, u.cost, len(names))
    calls = u.calls(label, len(names))
    present = agg.group_count(label, len(names))
    session_provider = np.full(len(u.sessions), -1, dtype=np.intp)
    session_provider[u.session] = label
    sessions = np.bincount(session_provider[session_provider >= 0], minlength=len(names))
    rows = [{"name": n, "displayName": PROVIDERS[n].DISPLAY_NAME, "cost": float(cost[i]), "calls": int(calls[i]),
             "sessions": int(sessions[i])} for i, n in enumerate(names) if present[i]]
    rows.sort(key=lambda r: -r["cost"])
    return rows


def _top_sessions(u: Usage) -> list[dict]:
    n = len(u.sessions)
    if not n:
        return []
    from codeburn.report.sessions import session_order, spelled_bounds

    cost = agg.group_sum_f64(u.session, u.cost, n)
    calls = u.calls(u.session, n)
    # By cost, equal costs in the reference's order: projects by cost, then
    # sessions as read (its list is those sessions, stably sorted).
    order = session_order(u)
    top = order[np.argsort(-cost[order], kind="stable")][:TOP_SESSIONS]
    # Each listed session's date is the local day of its first call: the one
    # whose time is least as the log spells it (the reference compares the
    # spellings: `…T18:00:51-05:00` comes before `…T22:49:40Z`, though later),
    # else its earliest; the first such call in row order on a tie.
    rank = np.full(n, -1, dtype=np.int32)
    rank[top] = np.arange(top.size)
    of_row = rank[u.session]
    mine = np.flatnonzero(of_row >= 0)
    ts = u.scan.cols["ts"][u.sel[mine]]
    spelled = spelled_bounds(u)
    rows = []
    for j, i in enumerate(top.tolist()):
        at = np.flatnonzero(of_row[mine] == j)
        date = None
        if at.size:
            least = at[ts[at] == spelled[i][0][1]] if i in spelled else at[:0]
            date = day_iso(u.day[mine[least[0] if least.size else at[np.argmin(ts[at])]]])
        proj, sid = u.sessions[i]
        rows.append({"project": u.projects[proj].name, "sessionId": sid, "date": date,
                     "cost": float(cost[i]), "savings": 0, "calls": int(calls[i])})
    return rows
