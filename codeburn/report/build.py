"""The report: one dict with the reference's JSON field names and order
(spec commands-and-outputs §3.1). Text output renders the same dict, so the
two can never disagree.
"""
from __future__ import annotations

import datetime as dt
import math

import numpy as np

from codeburn._fast import agg
from codeburn.periods import day_iso, local_day_numbers
from codeburn.usage import Usage

TOKEN_FIELDS = ("input", "output", "cache_read", "cache_write")
TOP_SESSIONS = 5


def js_round1(x: float) -> float:
    """Math.round(x * 10) / 10 (halves round up, unlike Python's round)."""
    return math.floor(x * 10 + 0.5) / 10


def build_report(u: Usage, generated: dt.datetime) -> dict:
    tokens = np.stack([u.tokens(n) for n in TOKEN_FIELDS]) if u.sel.size else np.zeros((4, 0), np.int64)
    return {
        "generated": generated.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "currency": "USD",
        "period": u.period.label,
        "periodKey": u.period.key,
        "overview": _overview(u, tokens),
        "daily": _daily(u),
        "projects": _projects(u),
        "models": _models(u, tokens),
        "unpricedModels": _unpriced(u),
        "activities": [],
        "tools": _named_counts(u, "tool_call", "tool_name", _core_tool),
        "mcpServers": _named_counts(u, "tool_call", "tool_name", _mcp_server),
        "shellCommands": _named_counts(u, "shell_call", "shell_name", lambda s: s),
        "skills": [],
        "subagents": _subagents(u),
        "claudeAgentTypes": _agent_types(u),
        "topSessions": _top_sessions(u),
    }


def _overview(u: Usage, tokens: np.ndarray) -> dict:
    t_in, t_out, t_cr, t_cw = (int(x) for x in tokens.sum(axis=1))
    cost = float(agg.group_sum_f64(np.zeros(u.sel.size, np.intp), u.cost, 1)[0])
    denom = t_in + t_cr
    return {
        "cost": cost, "proxiedCost": 0, "netCost": cost, "savings": 0, "estimatedCost": 0,
        "calls": int(u.sel.size), "sessions": int(np.unique(u.session).size),
        "cacheHitPercent": js_round1(t_cr / denom * 100) if denom else 0,
        "tokens": {"input": t_in, "output": t_out, "cacheRead": t_cr, "cacheWrite": t_cw},
    }


def _daily(u: Usage) -> list[dict]:
    """Per local day. Calls, cost and turns are filed under their turn's day
    (_turn_day), not under each call's own date: that is what the
    reference's daily rows do, measured against it."""
    if not u.sel.size:
        return []
    call_day, first, turn_day = _turn_days(u)
    days, label = np.unique(call_day, return_inverse=True)
    label = label.astype(np.intp)
    cost = agg.group_sum_f64(label, u.cost, days.size)
    calls = agg.group_count(label, days.size)
    turns = np.bincount(np.searchsorted(days, turn_day), minlength=days.size)
    return [{"date": day_iso(d), "cost": float(cost[i]), "savings": 0, "calls": int(calls[i]),
             "turns": int(turns[i]), "editTurns": 0, "oneShotTurns": 0, "oneShotRate": None}
            for i, d in enumerate(days)]


def _turn_days(u: Usage) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(turn day of each selected call, index of each turn's first selected
    call, day of each turn).

    A turn's day is that of its prompt's timestamp, unless the period cut
    some of its calls off (or it has no prompt): then it is re-anchored to
    its first call inside the period (spec §3.10). So a prompt sent at 23:59
    whose calls run after midnight stays on the prompt's day."""
    # TS_NONE (no prompt timestamp) is below every period start.
    cols = u.scan.cols
    turn = cols["turn"][u.sel]
    turns, first, inverse = np.unique(turn, return_index=True, return_inverse=True)
    day = u.day[first]
    whole = np.bincount(cols["turn"], minlength=int(turns.max()) + 1)[turns] == np.bincount(inverse.reshape(-1))
    prompt_ts = cols["turn_ts"][turns]
    # A prompt outside the period (23:59 the day before it starts) never
    # files a turn under a day the report does not cover.
    use_prompt = whole & (prompt_ts >= u.period.start_ms) & (prompt_ts <= u.period.end_ms)
    if use_prompt.any():
        day = day.copy()
        day[use_prompt] = local_day_numbers(prompt_ts[use_prompt], u.tz)
    return day[inverse.reshape(-1)], first, day


def _projects(u: Usage) -> list[dict]:
    n = len(u.projects)
    cost = agg.group_sum_f64(u.project, u.cost, n)
    calls = agg.group_count(u.project, n)
    sessions = np.bincount(np.array([p for p, _ in u.sessions], dtype=np.intp), minlength=n) if u.sessions else np.zeros(n, int)
    rows = []
    for i in np.argsort(-cost, kind="stable"):
        if calls[i] == 0:
            continue
        s = int(sessions[i])
        rows.append({"name": u.projects[i].name, "path": u.projects[i].path, "cost": float(cost[i]),
                     "savings": 0, "avgCostPerSession": float(cost[i]) / s if s else None,
                     "calls": int(calls[i]), "sessions": s})
    return rows


def _models(u: Usage, tokens: np.ndarray) -> list[dict]:
    n = len(u.model_names)
    cost = agg.group_sum_f64(u.model_label, u.cost, n)
    calls = agg.group_count(u.model_label, n)
    tok = agg.group_sum_i64(u.model_label, np.ascontiguousarray(tokens), n)
    rows = []
    for i in np.argsort(-cost, kind="stable"):
        rows.append({"name": u.model_names[i], "calls": int(calls[i]),
                     "inputTokens": int(tok[0, i]), "outputTokens": int(tok[1, i]),
                     "cacheReadTokens": int(tok[2, i]), "cacheWriteTokens": int(tok[3, i]),
                     "cost": float(cost[i]), "savings": 0, "estimatedCost": 0, "savingsBaselineModel": "",
                     "editTurns": 0, "oneShotTurns": 0, "oneShotRate": None, "retriesPerEdit": None,
                     "costPerEdit": None})
    return rows


def _unpriced(u: Usage) -> list[dict]:
    rows = [{"model": m, "calls": c, "tokens": t} for m, (c, t) in u.unpriced.items()]
    rows.sort(key=lambda r: (-r["tokens"], -r["calls"], r["model"]))
    return rows


def _core_tool(name: str) -> str | None:
    return None if name.startswith("mcp__") else name


def _mcp_server(name: str) -> str | None:
    if not name.startswith("mcp__"):
        return None
    parts = name.split("__")
    return parts[1] if len(parts) > 1 and parts[1] else None


def _named_counts(u: Usage, call_col: str, name_col: str, key) -> list[dict]:
    """{name, calls} per key(name) over the rows of in-report calls, calls desc."""
    cols = u.scan.cols
    rows_in = u.call_pos[cols[call_col]] >= 0
    ids, counts = np.unique(cols[name_col][rows_in], return_counts=True)
    totals: dict[str, int] = {}
    for i, c in zip(ids.tolist(), counts.tolist()):
        k = key(u.scan.strings[i])
        if k:
            totals[k] = totals.get(k, 0) + c
    return [{"name": k, "calls": v} for k, v in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))]


def _subagents(u: Usage) -> list[dict]:
    """Task/Agent `subagent_type`: every block counts one call and the call's cost."""
    cols = u.scan.cols
    pos = u.call_pos[cols["sub_call"]]
    ok = pos >= 0
    return _cost_rows(cols["sub_name"][ok], u.cost[pos[ok]], u.scan.strings)


def _agent_types(u: Usage) -> list[dict]:
    """Subagent transcripts by the agentType of their .meta.json."""
    files = u.scan.cols["file"][u.sel]
    types = [s.agent_type for s in u.scan.sources]
    names = sorted({t for t in types if t})
    if not names:
        return []
    idx = {t: i for i, t in enumerate(names)}
    file_type = np.array([idx.get(t, -1) if t else -1 for t in types], dtype=np.intp)
    label = file_type[files]
    ok = label >= 0
    return _cost_rows(label[ok], u.cost[ok], names)


def _cost_rows(label: np.ndarray, cost: np.ndarray, names: list[str]) -> list[dict]:
    if not label.size:
        return []
    ids, inv = np.unique(label, return_inverse=True)
    inv = inv.astype(np.intp)
    c = agg.group_sum_f64(inv, cost, ids.size)
    n = agg.group_count(inv, ids.size)
    rows = [{"name": names[ids[i]], "calls": int(n[i]), "cost": float(c[i]), "savings": 0} for i in range(ids.size)]
    rows.sort(key=lambda r: -r["cost"])
    return rows


def _top_sessions(u: Usage) -> list[dict]:
    n = len(u.sessions)
    if not n:
        return []
    cost = agg.group_sum_f64(u.session, u.cost, n)
    calls = agg.group_count(u.session, n)
    first_day = np.full(n, np.iinfo(np.int64).max)
    ts = u.scan.cols["ts"][u.sel]
    order = np.lexsort((ts, u.session))  # first call of each session
    sess_sorted = u.session[order]
    starts = np.flatnonzero(np.r_[True, sess_sorted[1:] != sess_sorted[:-1]])
    first_day[sess_sorted[starts]] = u.day[order[starts]]
    rows = []
    for i in np.argsort(-cost, kind="stable")[:TOP_SESSIONS]:
        proj, sid = u.sessions[i]
        rows.append({"project": u.projects[proj].name, "sessionId": sid,
                     "date": day_iso(first_day[i]) if first_day[i] != np.iinfo(np.int64).max else None,
                     "cost": float(cost[i]), "savings": 0, "calls": int(calls[i])})
    return rows
