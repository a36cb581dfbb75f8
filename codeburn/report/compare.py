"""`codeburn compare`: two models side by side from your own history (spec
commands §6): per-model stats by raw model id, the metric rows with their
winners, the category head-to-head and the working style, under the
reference's JSON keys."""
from __future__ import annotations

import numpy as np

from codeburn.aggregate.arrays import distinct, isin, unique
from codeburn.aggregate.turns import TurnTable
from codeburn.aggregate.usage import SYNTHETIC, Usage
from codeburn.classify.categories import CATEGORIES
from codeburn.plainclass import dataclass
from codeburn.report.build import first_met
from codeburn.report.jsjson import js_round
from codeburn.report.sessions import iso_ms, raw_stamps, walk_order

PLANNING_TOOLS = frozenset({"TaskCreate", "TaskUpdate", "TodoWrite", "EnterPlanMode", "ExitPlanMode"})
AGENT_TOOL = "Agent"  # the only tool that counts as delegation (errata §6.3)
PLAN_MODE_TOOL = "EnterPlanMode"
LOW_DATA_CALLS = 20


@dataclass
class Calls:
    """Per selected call: raw model (interned id), its turn, tool counts and flags."""
    model: np.ndarray      # ids into strings
    strings: list[str]
    turn: np.ndarray
    tools: np.ndarray      # tool_use blocks
    agent: np.ndarray      # bool: an Agent block
    planning: np.ndarray   # bool: a planning tool
    fast: np.ndarray       # bool
    walk: np.ndarray       # the selected calls' positions in the reference's walk (sessions.walk_order)
    behavioral: np.ndarray  # bool: a real request (not Copilot's token rollup, which weighs 0)


def calls(u: Usage, t: TurnTable) -> Calls:
    cols, strings = u.scan.cols, u.scan.strings
    n = u.sel.size
    pos = u.call_pos[cols["tool_call"]]
    inside = pos >= 0
    pos, names = pos[inside], cols["tool_name"][inside]
    used = distinct(names).tolist()
    agent_ids = [i for i in used if strings[i] == AGENT_TOOL]
    plan_ids = [i for i in used if strings[i] in PLANNING_TOOLS]
    agent = np.zeros(n, bool)
    agent[pos[isin(names, agent_ids)]] = True
    planning = np.zeros(n, bool)
    planning[pos[isin(names, plan_ids)]] = True
    return Calls(model=cols["model"][u.sel], strings=strings, turn=t.of_call,
                 tools=np.bincount(pos, minlength=n), agent=agent, planning=planning,
                 fast=cols["fast"][u.sel] == 1, walk=walk_order(u), behavioral=u.call_weight() > 0)


def primary_models(c: Calls, n_turns: int) -> list[str | None]:
    """A turn's model: that of its first real request in the period
    (<synthetic> included); None for a turn of token rollups alone, which
    counts for no model, as in the reference. Selected calls are in row
    order and a turn's rows in call order."""
    out: list[str | None] = [None] * n_turns
    real = np.flatnonzero(c.behavioral)
    turns, first = unique(c.turn[real], return_index=True)
    for turn, m in zip(turns.tolist(), c.model[real[first]].tolist()):
        out[turn] = c.strings[m]
    return out


def model_stats(u: Usage, t: TurnTable, c: Calls, primary: list, corrections: dict[str, int]) -> list[dict]:
    """ModelStats per raw model (spec §6.1), by cost, descending."""
    stats: dict[str, dict] = {}

    def ensure(m: str) -> dict:
        if m not in stats:
            stats[m] = {"model": m, "calls": 0, "cost": 0.0, "outputTokens": 0, "inputTokens": 0,
                        "cacheReadTokens": 0, "cacheWriteTokens": 0, "totalTurns": 0, "editTurns": 0,
                        "oneShotTurns": 0, "retries": 0, "selfCorrections": 0, "editCost": 0.0,
                        "firstSeen": "", "lastSeen": ""}
        return stats[m]

    ids, label = unique(c.model, return_inverse=True)
    label = label_all = label.reshape(-1)
    names = [c.strings[i] for i in ids.tolist()]
    real = np.array([n != SYNTHETIC for n in names], dtype=bool)[label] if ids.size else np.zeros(0, bool)
    edit_cost = np.bincount(c.turn, weights=np.where(real, u.cost, 0.0), minlength=t.size)
    # Per turn its primary model's index among `led_by` (in first-turn order), -1 when it counts for none.
    led_by = list(dict.fromkeys(m for m in primary if m is not None and m != SYNTHETIC))
    index = {m: i for i, m in enumerate(led_by)}
    pid = np.fromiter((index.get(m, -1) if m is not None else -1 for m in primary), np.intp, len(primary))
    edit = t.edit.astype(bool) & (pid >= 0)

    def per_model(mask, weights=None):
        return np.bincount(pid[mask], weights=None if weights is None else weights[mask], minlength=len(led_by))

    total, edits = per_model(pid >= 0), per_model(edit)
    one_shot = per_model(edit & (t.retries == 0))
    cost_of_edits = per_model(edit, edit_cost)
    retries = per_model(pid >= 0, t.retries.astype(np.float64))
    for i, m in enumerate(led_by):
        s = ensure(m)
        s["totalTurns"] += int(total[i])
        s["editTurns"] += int(edits[i])
        s["oneShotTurns"] += int(one_shot[i])
        s["editCost"] += float(cost_of_edits[i])
        s["retries"] += int(retries[i])
    ts = u.scan.cols["ts"][u.sel]
    toks = {k: u.tokens(k) for k in ("input", "output", "cache_read", "cache_write")}
    weight = u.call_weight()  # Copilot's token rollups are no API calls
    # Calls count for their own model, but only in turns that count: a turn
    # led by <synthetic> is left out whole, as the reference leaves it out.
    led = np.array([m is not None and m != SYNTHETIC for m in primary], dtype=bool)
    label = np.where(led[c.turn], label, -1) if label.size else label
    order = np.argsort(label, kind="stable")
    bounds = np.searchsorted(label[order], np.arange(ids.size + 1))  # label -1 sorts first, outside every model
    raw = raw_stamps(u)  # calls whose time is spelled otherwise in the log
    spelled = np.zeros(ts.size, dtype=bool)
    spelled[list(raw)] = True
    for i, m in enumerate(names):
        if m == SYNTHETIC:
            continue
        rows = order[bounds[i]:bounds[i + 1]]
        if not rows.size:
            continue
        s = ensure(m)
        s["calls"] += int(weight[rows].sum())
        s["cost"] += float(u.cost[rows].sum())
        s["inputTokens"] += int(toks["input"][rows].sum())
        s["outputTokens"] += int(toks["output"][rows].sum())
        s["cacheReadTokens"] += int(toks["cache_read"][rows].sum())
        s["cacheWriteTokens"] += int(toks["cache_write"][rows].sum())
        s["firstSeen"], s["lastSeen"] = _seen(rows, ts, raw, spelled)
    for m, s in stats.items():
        s["selfCorrections"] = corrections.get(m, 0)
    met = first_met(u, label_all, ids.size, np.ones(ids.size, dtype=bool))  # ties in the reference's walk order
    rank = {names[i]: int(met[i]) for i in range(ids.size)}
    return sorted(stats.values(), key=lambda s: (-s["cost"], rank.get(s["model"], 0)))


def _seen(rows: np.ndarray, ts: np.ndarray, raw: dict[int, str], spelled: np.ndarray) -> tuple[str, str]:
    """The least and greatest of these calls' times compared as written, as
    the reference takes them (time order while all are spelled canonically).
    `spelled`: per selected call, whether `raw` has its spelling."""
    if not spelled[rows].any():
        return iso_ms(int(ts[rows].min())), iso_ms(int(ts[rows].max()))
    spelled = [raw.get(p) or iso_ms(int(ts[p])) for p in rows.tolist()]
    return min(spelled), max(spelled)


def find_model(stats: list[dict], name: str) -> dict | None:
    """By raw id, else by display name (case-insensitive)."""
    from codeburn.cost.pricing import short_model_name

    return next((s for s in stats if s["model"] == name), None) or \
        next((s for s in stats if short_model_name(s["model"]).lower() == name.lower()), None)


METRICS = (  # section, label, format, higher is better, value
    ("Performance", "One-shot rate", "percent", True,
     lambda s: s["oneShotTurns"] / s["editTurns"] * 100 if s["editTurns"] else None),
    ("Performance", "Retry rate", "decimal", False, lambda s: s["retries"] / s["editTurns"] if s["editTurns"] else None),
    ("Performance", "Self-correction", "percent", False,
     lambda s: s["selfCorrections"] / s["totalTurns"] * 100 if s["totalTurns"] else None),
    ("Efficiency", "Cost / call", "cost", False, lambda s: s["cost"] / s["calls"] if s["calls"] else None),
    ("Efficiency", "Cost / edit", "cost", False, lambda s: s["editCost"] / s["editTurns"] if s["editTurns"] else None),
    ("Efficiency", "Output tok / call", "number", False,
     lambda s: js_round(s["outputTokens"] / s["calls"]) if s["calls"] else None),
    ("Efficiency", "Cache hit rate", "percent", True,
     lambda s: s["cacheReadTokens"] / (s["inputTokens"] + s["cacheReadTokens"]) * 100
     if s["inputTokens"] + s["cacheReadTokens"] else None),
)


def winner(a, b, higher_is_better: bool) -> str:
    if a is None or b is None:
        return "none"
    if a == b:
        return "tie"
    return "a" if (a > b) == higher_is_better else "b"


def metrics(a: dict, b: dict) -> list[dict]:
    out = []
    for section, label, fmt, higher, value in METRICS:
        va, vb = value(a), value(b)
        out.append({"section": section, "label": label, "valueA": va, "valueB": vb, "formatFn": fmt,
                    "winner": winner(va, vb, higher)})
    return out


def turns_walked(c: Calls) -> list[int]:
    """The turns in the order the reference walks them (projects by cost,
    their sessions, each session's turns): what it meets first keeps its
    place among equals."""
    if not c.walk.size:
        return []
    seen = c.turn[c.walk]
    _, first = np.unique(seen, return_index=True)
    return seen[np.sort(first)].tolist()


def _side(m: str, a: str) -> int:
    """Which side a turn led by model m counts for: A (0) when m is A (so
    every turn when the two are one model, as there), else B (1)."""
    return 0 if m == a else 1


def categories(t: TurnTable, c: Calls, primary: list, a: str, b: str) -> list[dict]:
    """Per task category of the turns A or B led: turns, edit turns, one-shot
    rate. Categories of equal turns keep the order they are met in, A's
    first."""
    acc: tuple[dict[str, list[int]], dict[str, list[int]]] = ({}, {})
    for turn in turns_walked(c):
        m = primary[turn]
        if m != a and m != b:
            continue
        cat = CATEGORIES[t.category[turn]] if t.category[turn] >= 0 else "general"
        row = acc[_side(m, a)].setdefault(cat, [0, 0, 0])
        row[0] += 1
        if t.edit[turn]:
            row[1] += 1
            row[2] += int(t.retries[turn] == 0)
    rate = lambda r: r[2] / r[1] * 100 if r and r[1] else None  # noqa: E731
    out = []
    for cat in dict.fromkeys([*acc[0], *acc[1]]):
        ra, rb = acc[0].get(cat), acc[1].get(cat)
        if not (ra and ra[1]) and not (rb and rb[1]):
            continue
        out.append({"category": cat, "turnsA": ra[0] if ra else 0, "editTurnsA": ra[1] if ra else 0,
                    "oneShotRateA": rate(ra), "turnsB": rb[0] if rb else 0, "editTurnsB": rb[1] if rb else 0,
                    "oneShotRateB": rate(rb), "winner": winner(rate(ra), rate(rb), True)})
    out.sort(key=lambda r: -(r["turnsA"] + r["turnsB"]))
    return out


def working_style(c: Calls, primary: list, a: str, b: str) -> list[dict]:
    """Delegation, planning, tools per turn, fast mode (no winner)."""
    sums = [{"turns": 0, "agent": 0, "plan": 0, "tools": 0, "fast": 0} for _ in (a, b)]
    led = np.array([m in (a, b) for m in primary], dtype=bool)
    for turn in np.flatnonzero(led).tolist():
        sums[_side(primary[turn], a)]["turns"] += 1
    turn_plan = np.zeros(len(primary), bool)
    np.logical_or.at(turn_plan, c.turn, c.planning)
    for turn in np.flatnonzero(led & turn_plan).tolist():
        sums[_side(primary[turn], a)]["plan"] += 1
    for j in np.flatnonzero(led[c.turn]).tolist():
        s = sums[_side(primary[c.turn[j]], a)]
        s["tools"] += int(c.tools[j])
        s["agent"] += int(c.agent[j])
        s["fast"] += int(c.fast[j])
    pct = lambda k, s: s[k] / s["turns"] * 100 if s["turns"] else None  # noqa: E731
    avg = lambda s: s["tools"] / s["turns"] if s["turns"] else None  # noqa: E731
    sa, sb = sums
    return [{"label": "Delegation rate", "valueA": pct("agent", sa), "valueB": pct("agent", sb), "formatFn": "percent"},
            {"label": "Planning rate", "valueA": pct("plan", sa), "valueB": pct("plan", sb), "formatFn": "percent"},
            {"label": "Avg tools / turn", "valueA": avg(sa), "valueB": avg(sb), "formatFn": "decimal"},
            {"label": "Fast mode usage", "valueA": pct("fast", sa), "valueB": pct("fast", sb), "formatFn": "percent"}]


def report(stats_a: dict, stats_b: dict, t: TurnTable, c: Calls, primary: list, label: str, provider: str) -> dict:
    a, b = stats_a["model"], stats_b["model"]
    return {"period": {"label": label, "provider": provider}, "modelA": stats_a, "modelB": stats_b,
            "metrics": metrics(stats_a, stats_b), "categories": categories(t, c, primary, a, b),
            "workingStyle": working_style(c, primary, a, b)}


def _value(x, fmt: str) -> str:
    from codeburn.report.text import money

    if x is None:
        return "-"
    return {"percent": f"{x:.1f}%", "decimal": f"{x:.2f}", "cost": money(x), "number": f"{x:,}"}[fmt]


def render(doc: dict, color: bool = False) -> str:
    """The comparison as text: context, metrics with winners, categories, style."""
    from codeburn.cost.pricing import short_model_name
    from codeburn.providers.records import ts_ms
    from codeburn.report.text import Out, money, tokens

    out = Out(color)
    a, b = doc["modelA"], doc["modelB"]
    na, nb = short_model_name(a["model"]), short_model_name(b["model"])
    if na == nb:
        na, nb = a["model"], b["model"]
    out.line()
    out.line(f"{na} vs {nb} · {doc['period']['label']}")
    out.line()

    def days(s):
        # the times as written (any spelling a log uses), read as the reader reads them
        first, last = ts_ms(s["firstSeen"]) if s["firstSeen"] else None, ts_ms(s["lastSeen"]) if s["lastSeen"] else None
        if first is None or last is None:
            return 0
        return max(1, -(-((last - first) // 1000) // 86400))

    ctx = [["Calls", f"{a['calls']:,}", f"{b['calls']:,}"], ["Total cost", money(a["cost"]), money(b["cost"])],
           ["Input tokens", tokens(a["inputTokens"]), tokens(b["inputTokens"])],
           ["Output tokens", tokens(a["outputTokens"]), tokens(b["outputTokens"])],
           ["Days of data", str(days(a)), str(days(b))], ["Edit turns", str(a["editTurns"]), str(b["editTurns"])],
           ["Self-corrections", str(a["selfCorrections"]), str(b["selfCorrections"])]]
    out.table("Context", ["", na, nb], ctx)
    low = [n for n, s in ((na, a), (nb, b)) if s["calls"] < LOW_DATA_CALLS]
    if low:
        out.line(f"  low data: {', '.join(low)} (fewer than {LOW_DATA_CALLS} calls)")
        out.line()
    mark = lambda w: {"a": na, "b": nb, "tie": "tie", "none": "-"}[w]  # noqa: E731
    out.table("Metrics", ["", "", na, nb, "better"],
              [[m["section"], m["label"], _value(m["valueA"], m["formatFn"]), _value(m["valueB"], m["formatFn"]),
                mark(m["winner"])] for m in doc["metrics"]], left=2)
    out.table("One-shot rate by category", ["category", f"{na} turns", "1-shot", f"{nb} turns", "1-shot", "better"],
              [[r["category"], str(r["turnsA"]), _value(r["oneShotRateA"], "percent"), str(r["turnsB"]),
                _value(r["oneShotRateB"], "percent"), mark(r["winner"])] for r in doc["categories"]])
    out.table("Working style", ["", na, nb],
              [[w["label"], _value(w["valueA"], w["formatFn"]), _value(w["valueB"], w["formatFn"])]
               for w in doc["workingStyle"]])
    return "".join(out.parts)
