"""`status --format menubar-json`: the payload menu bar and panel apps read
(spec commands-and-outputs §3.4), built from the same report dict as
`report --format json` plus a daily history. Money stays raw USD; a client
multiplies by `currency.rate`.
"""
from __future__ import annotations

import datetime as dt

import numpy as np

from codeburn._fast import agg
from codeburn.aggregate.arrays import distinct, unique
from codeburn.aggregate.periods import HISTORY_DAYS, day_iso, day_number, local_day_numbers
from codeburn.aggregate.usage import SYNTHETIC, Usage, project_ranks
from codeburn.report.build import day_category_sums, day_session_counts, js_round1
from codeburn.report.models import codex_credits_total
from codeburn.report.sessions import first_last, read_ranks, session_rank, session_stamps, today_walk, walk_order

TOP_ACTIVITIES = 20
TOP_MODELS = 20
TOP_PROJECTS = 5
PROJECT_SESSIONS = 10
SESSION_MODELS = 3
MODEL_EFFICIENCY = 5
TOP_SESSIONS = 3
BREAKDOWN = 10
TOP_REWORKED = 8
TOP_BRANCHES = 15
HISTORY_MODELS = 5  # models listed per history day (raw ids, as the reference's day entries key them)


def payload(report: dict, u: Usage, history: Usage, providers: list[dict], home: str,
            edit_tools: frozenset[str], currency: dict | None = None, filtered: bool = False,
            now: dt.datetime | None = None, per_pr_and_branch: bool = False, today_from: Usage | None = None,
            reach: Usage | None = None, only_days: frozenset[dt.date] | None = None, kept=None) -> dict:
    """The whole payload: `report` is build_report(u) for the chosen period,
    `history` the calls of the last HISTORY_DAYS days, `providers` the
    provider rows ({id, label, cost}) to list, `filtered` whether
    --project/--exclude narrowed the calls; with `now`, a project's sessions
    are counted as the reference's day history counts them too (the
    larger count is shown), without it as the period's; `per_pr_and_branch`
    adds pullRequests and byBranch where they have rows; `today_from` is
    the read the reference's day history cuts today from (see
    sessions.read_ranks); `reach` the calls from the period's start to the
    end of today when it ended before (commands.common.reaching_today: its
    turns are counted by their calls there); `only_days` the --days listed
    (the day history's activities count turns on those days only). The
    caller puts `generated` first. `kept`
    (dayhistory.Carried): the days whose files are gone, added to the top
    models and projects as 0.9.20's day history has them (not its models
    under a project filter: the sessions' there). Not to the activities:
    the day history keeps no task categories (README, parity: 8 MB more at
    the 2.1 GB bench's peak)."""
    from codeburn.aggregate.turns import turn_table

    ov = report["overview"]
    sessions = _session_rows(u)
    tt = turn_table(u)
    walk = walk_order(u)  # the selected calls as the reference walks them (model ties, branches)
    met = _edit_model_order(u, tt, walk)
    today_rows = period_today_rows = None
    if today_from is not None:  # (walked once where both reads below end on the same day, as they mostly do)
        day_h, day_u = local_day_numbers(np.array([history.period.end_ms, u.period.end_ms]), u.tz).tolist()
        today_rows = today_walk(today_from, day_h)
        period_today_rows = today_rows if day_u == day_h else today_walk(today_from, day_u)
    history_rank = read_ranks(history, today_rows)  # (the day history's model rows and the period's model ties)
    t = ov["tokens"]
    # (its categories come from the day history, unless a project filter makes them the sessions')
    listed = frozenset(day_number(d) for d in only_days) if only_days is not None else None
    if not now or filtered:
        sums = None
    elif reach is not None:
        sums = day_category_sums(reach, turn_table(reach), now, None, until_ms=u.period.end_ms, only_days=listed)
    else:
        sums = day_category_sums(u, tt, now, period_today_rows, only_days=listed)
    activities = _day_activities(report["activities"], sums)
    edits = sum(a["editTurns"] for a in activities)
    one_shot = sum(a["oneShotTurns"] for a in activities)
    denom = t["input"] + t["cacheRead"]
    current = {
        "label": report["period"], "cost": ov["cost"], "calls": ov["calls"], "sessions": ov["sessions"],
        "oneShotRate": one_shot / edits if edits else None,
        "inputTokens": t["input"], "outputTokens": t["output"],
        "cacheReadTokens": t["cacheRead"], "cacheWriteTokens": t["cacheWrite"],
        "cacheHitPercent": t["cacheRead"] / denom * 100 if denom else 0,
        "codexCredits": codex_credits_total(u), "estimatedCostUSD": ov["estimatedCost"],
        "topActivities": [{"name": a["category"], "cost": a["cost"], "savingsUSD": 0, "turns": a["turns"],
                           "oneShotRate": a["oneShotTurns"] / a["editTurns"] if a["editTurns"] else None}
                          for a in activities[:TOP_ACTIVITIES]],
        "topModels": _top_models(_kept_models(report["models"], kept) if kept is not None and not filtered
                                 else report["models"], u, filtered,
                                 None if filtered or now is None else _name_ties(u, history, history_rank)),
        "unpricedModels": report["unpricedModels"],
        "localModelSavings": {"totalUSD": 0, "calls": 0, "byModel": [], "byProvider": []},
        "providers": {p["label"].lower(): p["cost"] for p in providers},
        "providerDetails": providers,
        "topProjects": _top_projects(u, home, sessions, day_session_counts(u, now) if now else None, kept),
        "modelEfficiency": _model_efficiency(report["models"], met),
        "topSessions": _top_sessions(u, home, sessions),
        "workflow": _workflow(u, edit_tools),
        "topReworkedFiles": _reworked_files(u, edit_tools, home),
        "pricingCoverage": _pricing_coverage(u),
        "retryTax": _retry_tax(u, tt, met),
        "routingWaste": _routing_waste(report["models"], met),
        "tools": [t for t in report["tools"] if not t["name"].startswith("lang:")][:BREAKDOWN],  # (as 0.9.20's)
        "skills": [{"name": r["name"], "turns": r["turns"], "cost": r["cost"]} for r in report["skills"][:BREAKDOWN]],
        "subagents": [{"name": r["name"], "calls": r["calls"], "cost": r["cost"]}
                      for r in report["subagents"][:BREAKDOWN]],
        "mcpServers": report["mcpServers"][:BREAKDOWN],
    }
    if per_pr_and_branch:
        pulls, branches = pull_requests(u, tt), by_branch(u, walk)
        if pulls:
            current["pullRequests"] = pulls
        if branches:
            current["byBranch"] = branches
    return {
        "current": current,
        "optimize": {"findingCount": 0, "savingsUSD": 0, "topFindings": []},
        "history": {"daily": daily_history(history, history_rank)},
        "currency": currency or {"code": "USD", "symbol": "$", "rate": 1},
    }


def _workflow(u: Usage, edit_tools: frozenset[str]) -> dict:
    from codeburn.optimize.workflow import correction_rate, median_time_to_first_edit, user_corrections

    corrections, prompted = user_corrections(u)
    return {"corrections": corrections, "correctionRate": correction_rate(corrections, prompted),
            "medianTimeToFirstEditMs": median_time_to_first_edit(u, edit_tools)}


def by_branch(u: Usage, walk: np.ndarray) -> list[dict]:
    """Spend per git branch (Claude Code records name theirs), for the
    sessions that ever named one: each turn counts toward the branch its
    session was last seen on (a turn's own, else carried over from the
    transcript's earlier turns, those before the period too), turns before
    the first branch toward `null`. A session on two branches counts toward
    both, so rows do not add up to a total. Costliest first, ties in the
    order the reference meets them; the top TOP_BRANCHES. `walk`:
    sessions.walk_order(u)."""
    walked = _branch_turns(u, walk)
    if walked is None:
        return []
    current, cost, calls, session = walked
    keys, key_first, key_of = unique(current, return_index=True, return_inverse=True)
    key_of = key_of.reshape(-1)
    key_cost = np.bincount(key_of, weights=cost, minlength=keys.size)
    key_calls = np.bincount(key_of, weights=calls, minlength=keys.size)
    codes: dict[str, int] = {}  # a session id's number (the reference counts distinct ids)
    by_index = np.array([codes.setdefault(sid, len(codes)) for _, sid in u.sessions], dtype=np.int64)
    sid = by_index[session]
    width = len(codes)
    key_sessions = np.bincount(distinct(key_of.astype(np.int64) * width + sid) // width, minlength=keys.size)
    strings = u.scan.strings
    rows = [{"branch": strings[int(keys[k])] if keys[k] >= 0 else None, "cost": float(key_cost[k]),
             "calls": int(key_calls[k]), "sessions": int(key_sessions[k])}
            for k in np.argsort(key_first, kind="stable").tolist()]
    rows.sort(key=lambda r: -r["cost"])
    return rows[:TOP_BRANCHES]


def _branch_turns(u: Usage, walk: np.ndarray):
    """The period's turns of the sessions that ever named a branch, in the
    reference's walk order: (branch id or -1, cost, API calls, session) per
    turn; None when there is none."""
    cols = u.scan.cols
    if not cols["branch_turn"].size:
        return None
    branch = np.full(cols["turn_file"].size, -1, dtype=np.int32)  # the scan notes each file's changes only
    branch[cols["branch_turn"]] = cols["branch_id"]
    carried = _carry_within(branch, cols["turn_file"])
    file_has = np.zeros(len(u.scan.sources), dtype=bool)
    file_has[cols["turn_file"][cols["branch_turn"]]] = True
    has = np.zeros(len(u.sessions), dtype=bool)
    has[u.session[file_has[cols["file"][u.sel]]]] = True
    walk = walk[has[u.session[walk]] & (cols["turn"][u.sel][walk] >= 0)]
    if not walk.size:
        return None
    ids, first, inv = unique(cols["turn"][u.sel][walk], return_index=True, return_inverse=True)
    seq = np.argsort(first, kind="stable")  # the turns as the walk meets them
    place = np.empty_like(seq)
    place[seq] = np.arange(seq.size)
    at = place[inv.reshape(-1)]
    # Summed in the walk's order, as the reference adds a turn's calls, then turns.
    cost = np.bincount(at, weights=u.cost[walk], minlength=seq.size)
    calls = np.bincount(at, weights=u.call_weight()[walk], minlength=seq.size)
    session = u.session[walk[first[seq]]]
    return _carry_within(carried[ids[seq]], session), cost, calls, session


def pull_requests(u: Usage, tt) -> dict | None:
    """`sessions --by-pr`'s rows and totals under the payload's keys; None
    when no session of the period refers to a pull request."""
    from codeburn.report import prs

    doc = prs.attribute(u, tt)
    if not doc["prs"]:
        return None
    d = doc["distinct"]
    out = {"rows": doc["prs"], "distinctCost": d["cost"], "distinctSessions": d["sessions"],
           "attributedCost": d["attributedCost"], "unattributedCost": d["unattributedCost"]}
    if d["subagentSessions"] > 0:
        out["subagentSessions"] = d["subagentSessions"]
    return out


def _carry_within(values: np.ndarray, group: np.ndarray) -> np.ndarray:
    """values (-1: none) with each none taking the last value before it in
    its run of equal `group` entries (-1 when there is none)."""
    n = values.size
    if not n:
        return values.copy()
    idx = np.arange(n)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    start_of = starts[np.searchsorted(starts, idx, side="right") - 1]
    last = np.maximum.accumulate(np.where(values >= 0, idx, -1))
    return np.where(last >= start_of, values[np.maximum(last, 0)], -1)


def _day_activities(activities: list[dict], sums: dict | None) -> list[dict]:
    """The report's activities with turn counts and costs as the day history
    sums them (build.day_category_sums), when given: those it has, by that
    cost, then in the order they enter the day history. A category only the
    day history has (a turn prompted on a past period's last day whose
    calls ran past midnight) is listed too."""
    if sums is None:
        return activities
    out = []
    rows = {a["category"]: a for a in activities}
    for category, (turns, edits, one_shot, cost, enters) in sums.items():
        a = rows.get(category, {"category": category})
        out.append((-cost, enters, {**a, "turns": turns, "editTurns": edits, "oneShotTurns": one_shot, "cost": cost}))
    return [a for _, _, a in sorted(out, key=lambda r: r[:2])]


def _name_ties(u: Usage, h: Usage, rank_h: np.ndarray) -> dict[str, int]:
    """Per model display name, its place among names of equal cost in
    0.9.20's period rows: its raw ids ranked by cost, then by the first
    (day, walk place) a call of theirs has in its day history (`rank_h`:
    read_ranks of the history; a call older than the history comes after
    them), the name where its first raw id is."""
    if not u.sel.size:
        return {}
    rank = (1 << 31) + np.arange(u.sel.size)   # calls older than the history
    if h.sel.size:
        pos = np.minimum(np.searchsorted(h.sel, u.sel), h.sel.size - 1)
        known = h.sel[pos] == u.sel
        rank[known] = rank_h[pos[known]]
    key = u.day.astype(np.int64) * (1 << 33) + rank
    raw, inv = unique(u.scan.cols["model"][u.sel], return_inverse=True)
    inv = inv.reshape(-1)
    first = np.full(raw.size, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, inv, key)
    cost = np.bincount(inv, weights=u.cost, minlength=raw.size)
    label = np.zeros(raw.size, dtype=np.int64)
    label[inv] = u.model_label
    ties: dict[str, int] = {}
    for j in np.lexsort((first, -cost)).tolist():
        ties.setdefault(u.model_names[label[j]], len(ties))
    return ties


def _kept_models(models: list[dict], kept) -> list[dict]:
    """The report's model rows with the kept days' calls added, by display
    name (a model only those days had: a row of its own, no estimate)."""
    from codeburn.cost.pricing import short_model_name

    rows = {m["name"]: dict(m) for m in models}
    for e in kept.entries:
        for raw, cost, calls, _, _ in e.models:
            name = short_model_name(raw)
            row = rows.setdefault(name, {"name": name, "cost": 0.0, "calls": 0, "estimatedCost": 0})
            row["cost"] += cost
            row["calls"] += calls
    # (a kept day less what its files there are hold: a model with nothing left is no row)
    return [m for m in rows.values() if m["calls"] > 0 or m["cost"] > 1e-12]


def _top_models(models: list[dict], u: Usage, by_display: bool, ties: dict[str, int] | None = None) -> list[dict]:
    """The costliest models. A model's estimated cost is there only where
    0.9.20 finds it: it keys the estimates by display name and the rows it
    builds from its day history by raw id, so a model gets its estimate when
    one of its raw ids is its display name (unknown ids, shown raw), or
    when the rows come from the sessions themselves (`by_display`: a
    --project/--exclude filter)."""
    raw = {u.scan.strings[i] for i in distinct(u.scan.cols["model"][u.sel]).tolist()}
    rows = [m for m in models if m["name"] != SYNTHETIC]
    rows.sort(key=lambda m: (-m["cost"], ties.get(m["name"], len(ties)) if ties else 0))
    return [{"name": m["name"], "cost": m["cost"], "calls": m["calls"], "savingsUSD": 0, "savingsBaselineModel": "",
             "estimatedCostUSD": m["estimatedCost"] if by_display or m["name"] in raw else 0}
            for m in rows[:TOP_MODELS]]


def _edit_model_order(u: Usage, tt, walk: np.ndarray) -> dict[str, int]:
    """Each model's place among the primary models of edit turns as the
    reference meets them (sessions in its order, turns as read): how it
    orders models of equal cost per edit, retry tax or savings."""
    turns = tt.of_call[walk]
    _, first = unique(turns, return_index=True)
    turns = turns[np.sort(first)]
    models = tt.primary[turns[tt.edit[turns] & (tt.primary[turns] >= 0)]]
    _, first = unique(models, return_index=True)
    return {u.model_names[int(m)]: r for r, m in enumerate(models[np.sort(first)].tolist())}


def _model_efficiency(models: list[dict], met: dict[str, int]) -> list[dict]:
    """Cheapest cost per edit first; one-shot rate in percent, as `models` has it."""
    rows = [m for m in models if m["costPerEdit"] is not None]
    rows.sort(key=lambda m: (m["costPerEdit"], met.get(m["name"], len(met))))
    return [{"name": m["name"], "costPerEdit": m["costPerEdit"], "oneShotRate": m["oneShotRate"]}
            for m in rows[:MODEL_EFFICIENCY]]


def _retry_tax(u: Usage, tt, met: dict[str, int]) -> dict:
    """What re-edits after a failed check cost: per model, its retries times
    its cost per edit turn (models with retries, costliest first)."""
    from codeburn.report.build import _edit_efficiency

    n = len(u.model_names)
    edits, _, retries, edit_cost = _edit_efficiency(tt, n)
    rows = []
    for i in range(n):
        e, r = int(edits[i]), int(retries[i])
        if r > 0 and e > 0:
            rows.append({"name": u.model_names[i], "taxUSD": r * (float(edit_cost[i]) / e), "retries": r,
                         "retriesPerEdit": js_round1(r / e)})
    rows.sort(key=lambda m: (-m["taxUSD"], met.get(m["name"], len(met))))
    return {"totalUSD": sum(m["taxUSD"] for m in rows), "retries": sum(m["retries"] for m in rows),
            "editTurns": sum(int(edits[i]) for i in range(n) if retries[i] > 0), "byModel": rows[:5]}


def _routing_waste(models: list[dict], met: dict[str, int]) -> dict:
    """What edit turns on pricier models would have cost on the cheapest
    reliable one (one-shot >= 90 % over >= 5 edit turns, >= $0.01 an edit)."""
    reliable = [m for m in models if m["oneShotRate"] is not None and m["oneShotRate"] >= 90
                and m["editTurns"] >= 5 and (m["costPerEdit"] or 0) >= 0.01]
    reliable.sort(key=lambda m: (m["costPerEdit"], met.get(m["name"], len(met))))
    if not reliable:
        return {"totalSavingsUSD": 0, "baselineModel": "", "baselineCostPerEdit": 0, "byModel": []}
    base = reliable[0]
    rows = []
    for m in models:
        if m["name"] == base["name"] or not m["editTurns"] or (m["costPerEdit"] or 0) <= base["costPerEdit"]:
            continue
        actual = m["costPerEdit"] * m["editTurns"]
        counter = m["editTurns"] * base["costPerEdit"]
        if actual - counter > 0:
            rows.append({"name": m["name"], "costPerEdit": m["costPerEdit"], "editTurns": m["editTurns"],
                         "actualUSD": actual, "counterfactualUSD": counter, "savingsUSD": actual - counter})
    rows.sort(key=lambda r: (-r["savingsUSD"], met.get(r["name"], len(met))))
    return {"totalSavingsUSD": sum(r["savingsUSD"] for r in rows), "baselineModel": base["name"],
            "baselineCostPerEdit": base["costPerEdit"], "byModel": rows[:5]}


def _reworked_files(u: Usage, edit_tools: frozenset[str], home: str) -> list[dict]:
    """optimize's most edited files (user-started sessions), the first
    TOP_REWORKED of them by their file name alone: the payload may leave
    the machine, so no folder is named."""
    from codeburn.optimize.facts import sidechain_sessions
    from codeburn.optimize.workflow import reworked_files

    if not u.sel.size:
        return []
    files = reworked_files(u, ~sidechain_sessions(u), set(edit_tools), home)[:TOP_REWORKED]
    return [{"path": f["path"].rsplit("/", 1)[-1] or f["path"], "sessions": f["sessions"], "edits": f["edits"]}
            for f in files]


def _top_sessions(u: Usage, home: str, sessions: list[dict]) -> list[dict]:
    # Of equal cost, as the reference lists sessions: projects by cost, then as read.
    rank = session_rank(u)
    rows = sorted(sessions, key=lambda r: (-r["cost"], int(rank[r["index"]])))[:TOP_SESSIONS]
    return [{"project": friendly_name(u.projects[r["project"]].path or u.projects[r["project"]].name,
                                      u.projects[r["project"]].name, home),
             "cost": r["cost"], "savingsUSD": 0, "calls": r["calls"], "date": r["date"]} for r in rows]


def _pricing_coverage(u: Usage) -> float:
    """Share of the calls that should cost something whose model has a
    price, over display names as the report's model list has them: neither
    `<synthetic>` nor a model that is $0 by right (local, or a subscription
    SKU without a rate)."""
    from codeburn.cost import pricing

    calls = u.calls(u.model_label, len(u.model_names))
    bearing = sum(int(c) for name, c in zip(u.model_names, calls.tolist())
                  if name != SYNTHETIC and not pricing.expected_free(name))
    if bearing <= 0:
        return 1
    return max(0, bearing - sum(c for c, _ in u.unpriced.values())) / bearing


def friendly_name(path: str, fallback: str, home: str) -> str:
    """A project as a panel shows it: its folder's name ("Home" for the home folder)."""
    if not path:
        return fallback
    if path.rstrip("/") == home.rstrip("/"):
        return "Home"
    parts = [p for p in path.split("/") if p]
    return parts[-1] if parts else fallback


def _top_projects(u: Usage, home: str, sessions: list[dict], day_counts: np.ndarray | None,
                  kept=None) -> list[dict]:
    """The costliest projects as 0.9.20's panel lists them: from its day
    totals (`day_counts` given: _top_projects_by_name, with the `kept` days
    whose files are gone), or, for one Claude config source's payload
    (none), from the period's projects themselves."""
    if (not len(u.projects) or not u.sel.size) and not (kept is not None and day_counts is not None):
        return []
    by_project: dict[int, list[dict]] = {}
    for s in sessions:
        by_project.setdefault(s["project"], []).append(s)
    if day_counts is None:
        cost = agg.group_sum_f64(u.project, u.cost, len(u.projects))
        rows = [(float(cost[i]), u.projects[i], len(by_project[i]), by_project[i], u.projects[i].name)
                for i in sorted(by_project)]
    else:
        rows = _top_projects_by_name(u, by_project, day_counts, kept)
    out = []
    for total, p, count, shown, key in sorted(rows, key=lambda r: -r[0]):
        if total <= 0:
            continue
        shown = sorted(shown, key=lambda s: -s["cost"])
        details = [{**{k: v for k, v in s.items() if k not in ("project", "index")},
                    "models": _session_models(u, s["index"])} for s in shown[:PROJECT_SESSIONS]]
        out.append({"name": friendly_name(p.path or p.name, p.name, home), "cost": total, "savingsUSD": 0,
                    "sessions": count, "avgCostPerSession": total / count if count else 0,
                    "sessionDetails": details, KEY: key})
        if len(out) == TOP_PROJECTS:
            break
    return out


def _top_projects_by_name(u: Usage, by_project: dict[int, list[dict]], day_counts: np.ndarray,
                          kept=None) -> list[tuple]:
    """(cost, project shown, sessions, sessions listed) per row as 0.9.20's
    day totals give them: kept under each session's own project name (a
    worktree session's main repo; else its source's label) and matched to
    the live projects by their name (the cheapest project of a name wins). A
    row's cost and day-history session count are summed over the sessions
    of its name; it is shown as the folder of the live project of that
    name, with that project's sessions (the count is the larger of the
    two), or, with none, as the folder of the first project holding such a
    session, without sessions. A live project whose name no session carries
    shows its own totals. The `kept` days' projects add to the rows of
    their names, or are rows of their own, shown as their folder."""
    from codeburn.report.sessions import _own_project, session_files

    from codeburn.aggregate.projects import Project
    from codeburn.report.carried import kept_projects

    gone = kept_projects(kept)   # {name: [cost, sessions, folder]}
    file_of = session_files(u)
    cost = agg.group_sum_f64(u.session, u.cost, len(u.sessions))
    first_day = agg.group_extreme(u.session, u.day, len(u.sessions))
    # The live projects as the reference lists them (project_ranks: by cost,
    # then as first seen) keyed by name: the last of a name, the cheapest, wins.
    project_rank = project_ranks(u)
    live = {u.projects[i].name: i for i in sorted(by_project, key=lambda i: project_rank[i])}
    keyed: dict[str, list[dict]] = {}
    for s in sorted((s for ss in by_project.values() for s in ss), key=lambda s: (int(first_day[s["index"]]), s["project"])):
        keyed.setdefault(_own_project(u, int(file_of[s["index"]])), []).append(s)
    rows = []
    for name in list(keyed) + [n for n in live if n not in keyed]:
        mine = keyed.get(name)
        shown = by_project[live[name]] if name in live else []
        p = u.projects[live[name]] if name in live else u.projects[mine[0]["project"]]
        if mine:
            total = float(sum(cost[s["index"]] for s in mine))
            count = max(int(sum(day_counts[s["index"]] for s in mine)), len(shown))
        else:
            total, count = float(cost[[s["index"] for s in shown]].sum()), len(shown)
        extra = gone.pop(name, None)
        if extra is not None:
            total, count = total + extra[0], max(count + extra[1], len(shown))
        rows.append((total, p, count, shown, name if name in live else None))
    for name, (total, count, folder) in gone.items():
        rows.append((total, Project(name, folder), count, [], None))
    return rows


# A top project row's name as rows are matched by (shown names repeat; None:
# no project of the period has that name): strip_keys drops it.
KEY = "\0key"


def strip_keys(rows: list[dict]) -> list[dict]:
    """The top project rows without their matching key, as they are shown."""
    return [{k: v for k, v in r.items() if k != KEY} for r in rows]


def _session_rows(u: Usage) -> list[dict]:
    """Per session of the period: cost, calls, tokens, first day (its
    models are worked out only for the sessions a payload shows)."""
    n = len(u.sessions)
    cost = agg.group_sum_f64(u.session, u.cost, n)
    calls = u.calls(u.session, n)
    inp = np.bincount(u.session, weights=u.tokens("input"), minlength=n)
    out = np.bincount(u.session, weights=u.tokens("output"), minlength=n)
    stamps = session_stamps(u, *first_last(u, n), n)
    return [{"index": i, "project": u.sessions[i][0], "cost": float(cost[i]), "savingsUSD": 0, "calls": int(calls[i]),
             "inputTokens": int(inp[i]), "outputTokens": int(out[i]), "date": _spelled_date(stamps.get(i))}
            for i in range(n)]


def _session_models(u: Usage, i: int) -> list[dict]:
    """A session's costliest models; of equal cost (two unpriced ones), the
    one it used first first, as the reference's per-session breakdown
    keeps them."""
    mine = u.session == i
    labels, first, inv = unique(u.model_label[mine], return_index=True, return_inverse=True)
    cost = np.bincount(inv.reshape(-1), weights=u.cost[mine], minlength=labels.size)
    order = np.lexsort((first, -cost))[:SESSION_MODELS]
    return [{"name": u.model_names[labels[j]], "cost": float(cost[j]), "savingsUSD": 0} for j in order]


def _spelled_date(stamps: tuple[str, str, int] | None) -> str:
    """A session's date as the reference takes it: its first timestamp as
    the log spells it, up to the `T` (`…T19:10:00-05:00` is the 25th, though
    the 26th in UTC; a spelling without a `T` is kept whole)."""
    return stamps[0].split("T")[0] if stamps else ""


def daily_history(h: Usage, rank: np.ndarray | None = None) -> list[dict]:
    """Per local day of the report's daily rows (a call on its own day):
    cost, calls, tokens and its top models, oldest first (`rank`: h's
    read_ranks, when the caller has them)."""
    if not h.sel.size:
        return []
    from codeburn.aggregate.turns import turn_table
    from codeburn.report.build import day_groups

    days, label = day_groups(turn_table(h))
    nd = days.size
    cost = agg.group_sum_f64(label, h.cost, nd)
    calls = h.calls(label, nd)
    tok = {k: np.bincount(label, weights=h.tokens(k), minlength=nd).astype(np.int64)
           for k in ("input", "output", "cache_read", "cache_write")}
    rank = read_ranks(h) if rank is None else rank
    rows = []
    for d in range(nd)[-HISTORY_DAYS:]:
        rows.append({"date": day_iso(int(days[d])), "cost": float(cost[d]), "savingsUSD": 0, "calls": int(calls[d]),
                     "inputTokens": int(tok["input"][d]), "outputTokens": int(tok["output"][d]),
                     "cacheReadTokens": int(tok["cache_read"][d]), "cacheWriteTokens": int(tok["cache_write"][d]),
                     "topModels": _day_models(h, label == d, rank)})
    return rows


def days_before_whole(unfiltered: list[dict], filtered: list[dict], today: str) -> list[dict]:
    """The day history under --project/--exclude as 0.9.20 gives it: the
    days before today from its day cache, which keeps whole days (every
    project), today from the filtered sessions."""
    return ([r for r in unfiltered if r["date"] < today] + [r for r in filtered if r["date"] >= today])[-HISTORY_DAYS:]


def with_history_days(daily: list[dict], dates: list[str]) -> list[dict]:
    """A one-tool payload's history rows as the reference gives them: a
    zero row for each of `dates` they lack (the other tools' days), the
    last HISTORY_DAYS kept, and only cost and calls per day (its per-tool
    day records hold no tokens and no models: 0 and [] there)."""
    from codeburn.commands.otherdays import with_days

    no_tokens = {"inputTokens": 0, "outputTokens": 0, "cacheReadTokens": 0, "cacheWriteTokens": 0, "topModels": []}
    rows = [{**row, **no_tokens} for row in daily]
    return with_days(rows, dates, {"cost": 0, "savingsUSD": 0, "calls": 0, **no_tokens})[-HISTORY_DAYS:]


def _day_models(h: Usage, mine: np.ndarray, rank: np.ndarray) -> list[dict]:
    """A day's costliest models by raw id; of equal cost, the one its walk
    (read_ranks) meets first first."""
    models, inv = unique(h.tokens("model")[mine], return_inverse=True)
    inv = inv.reshape(-1)
    n = models.size
    first = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, inv, rank[mine])
    cost = np.bincount(inv, weights=h.cost[mine], minlength=n)
    calls = np.bincount(inv, weights=h.call_weight()[mine], minlength=n).astype(np.int64)
    inp = np.bincount(inv, weights=h.tokens("input")[mine], minlength=n).astype(np.int64)
    out = np.bincount(inv, weights=h.tokens("output")[mine], minlength=n).astype(np.int64)
    names = [h.scan.strings[int(m)] for m in models]
    order = [j for j in np.lexsort((first, -cost)) if names[j] != SYNTHETIC][:HISTORY_MODELS]
    return [{"name": names[j], "cost": float(cost[j]), "savingsUSD": 0, "calls": int(calls[j]),
             "inputTokens": int(inp[j]), "outputTokens": int(out[j])} for j in order]
