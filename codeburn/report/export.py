"""`codeburn export`: the tables of an export (spec commands §3.3, errata:
10 CSV tables, README.txt, a `.codeburn-export` marker) as rows keyed by
the reference's column names, and their CSV and JSON text.

A value of None is a column with no value: an empty CSV cell, a key left
out of the JSON row (the reference's `undefined`); "" stays "".
"""
from __future__ import annotations

import math
from json.encoder import encode_basestring as _enc_str  # C; keeps non-ASCII as it is

import numpy as np

from codeburn._fast import agg
from codeburn.classify import CATEGORIES
from codeburn.currency import Currency
from codeburn.report import build, jsjson, sessions
from codeburn.turns import TurnTable
from codeburn.usage import SYNTHETIC, Usage

SCHEMA = "codeburn.export.v2"
MARKER = ".codeburn-export"
CSV_FILES = ("summary", "daily", "activity", "models", "records", "projects", "sessions", "tools", "mcp",
             "shell-commands")
FORMULA_START = ("\t", "\r", "=", "+", "-", "@")  # a spreadsheet would run these as formulas


def round2(x: float) -> float:
    return math.floor(x * 100 + 0.5) / 100


def share(part: float, total: float) -> float:
    return round2(part / total * 100) if total > 0 else 0


class Period:
    """One period of an export: its calls, turns and report dict."""

    def __init__(self, label: str, u: Usage, t: TurnTable, report: dict):
        self.label, self.u, self.t, self.report = label, u, t, report


class Tables:
    def __init__(self, periods: list[Period], cur: Currency):
        self.periods, self.cur = periods, cur
        detail = next((p for p in periods if p.label == "30 Days"), periods[-1])
        self.detail = detail
        self.cost_col = f"Cost ({cur.code})"
        self.saved_col = f"Saved ({cur.code})"

    def money(self, usd: float) -> float:
        return self.cur.round(self.cur.convert(usd))

    def summary(self) -> list[dict]:
        rows = []
        for p in self.periods:
            ov = p.report["overview"]
            rows.append({"Period": p.label, self.cost_col: self.money(ov["cost"]), self.saved_col: 0,
                         "API Calls": ov["calls"], "Sessions": ov["sessions"],
                         "Projects": sum(1 for x in p.report["projects"] if x["cost"] > 0)})
        return rows

    def daily(self, p: Period) -> list[dict]:
        """Per day of each turn: its calls' cost, count and tokens, and the
        sessions that had a turn that day."""
        u, t = p.u, p.t
        if not u.sel.size:
            return []
        days, label = build.day_groups(t)
        cost = agg.group_sum_f64(label, u.cost, days.size)
        calls = u.calls(label, days.size)
        tok = build.token_sums(u, label, days.size)
        ids = [u.sessions[s][1] for s in u.session.tolist()]
        per_day: list[set] = [set() for _ in range(days.size)]
        for d, sid in zip(label.tolist(), ids):
            per_day[d].add(sid)
        from codeburn.periods import day_iso

        return [{"Period": p.label, "Date": day_iso(d), self.cost_col: self.money(float(cost[i])), self.saved_col: 0,
                 "API Calls": int(calls[i]), "Sessions": len(per_day[i]), "Input Tokens": int(tok[0, i]),
                 "Output Tokens": int(tok[1, i]), "Cache Read Tokens": int(tok[2, i]),
                 "Cache Write Tokens": int(tok[3, i])} for i, d in enumerate(days.tolist())]

    def activity(self, p: Period) -> list[dict]:
        acts = p.report["activities"]
        total = sum(a["cost"] for a in acts)
        return [{"Period": p.label, "Activity": a["category"], self.cost_col: self.money(a["cost"]),
                 "Share (%)": share(a["cost"], total), "Turns": a["turns"]} for a in acts]

    def models(self, p: Period) -> list[dict]:
        models = p.report["models"]
        total = sum(m["cost"] for m in models)
        per_edit = f"Cost/Edit ({self.cur.code})"
        return [{"Period": p.label, "Model": m["name"], self.cost_col: self.money(m["cost"]), self.saved_col: 0,
                 "Share (%)": share(m["cost"], total), "API Calls": m["calls"], "Edit Turns": m["editTurns"],
                 "One-shot Rate (%)": _blank(m["oneShotRate"]), "Retries/Edit": _blank(m["retriesPerEdit"]),
                 per_edit: "" if m["costPerEdit"] is None else self.money(m["costPerEdit"]),
                 "Input Tokens": m["inputTokens"], "Output Tokens": m["outputTokens"],
                 "Cache Read Tokens": m["cacheReadTokens"], "Cache Write Tokens": m["cacheWriteTokens"]}
                for m in models if m["name"] != SYNTHETIC]

    def records(self) -> list[dict]:
        """One row per call of the detail period, grouped as sessions are."""
        u, t = self.detail.u, self.detail.t
        cols, strings, sources = u.scan.cols, u.scan.strings, u.scan.sources
        order = sessions.session_order(u)
        rank = np.empty(len(u.sessions), dtype=np.intp)
        rank[order] = np.arange(len(order))
        rows = []
        files = cols["file"][u.sel]
        category = t.category[t.of_call]
        toks = {k: u.tokens(k).tolist() for k in ("input", "output", "reasoning", "cache_write", "cache_read")}
        stamps = sessions.iso_ms_many(cols["ts"][u.sel])
        models = cols["model"][u.sel].tolist()
        weight = u.call_weight()  # 0: a supplementary row (Copilot's token rollup), marked as the reference does
        for j in np.lexsort((np.arange(u.sel.size), rank[u.session])).tolist():
            src = sources[files[j]]
            rows.append({
                "project": u.projects[u.sessions[u.session[j]][0]].path, "sessionId": u.sessions[u.session[j]][1],
                "timestamp": stamps[j],
                "category": CATEGORIES[category[j]] if category[j] >= 0 else None,
                "provider": src.provider, "subagentType": (src.agent_type or "").strip() or None,
                "model": strings[models[j]] or None,
                "inputTokens": toks["input"][j], "outputTokens": toks["output"][j],
                "reasoningTokens": toks["reasoning"][j], "cacheWriteTokens": toks["cache_write"][j],
                "cacheReadTokens": toks["cache_read"][j], "cost": self.money(float(u.cost[j])), "savings": 0,
                "supplementary": None if weight[j] else True})
        return rows

    def projects(self) -> list[dict]:
        rows = self.detail.report["projects"]
        total = sum(p["cost"] for p in rows)
        return [{"Project": p["path"], self.cost_col: self.money(p["cost"]), self.saved_col: 0,
                 f"Avg/Session ({self.cur.code})": self.money(p["avgCostPerSession"]) if p["sessions"] else "",
                 "Share (%)": share(p["cost"], total), "API Calls": p["calls"], "Sessions": p["sessions"]}
                for p in rows]

    def sessions(self) -> list[dict]:
        u = self.detail.u
        raw = _single_raw_model(u)
        file_of = sessions.session_files(u)
        out = []
        for i, r in sessions.session_table(u, self.detail.t):
            agent = (u.scan.sources[file_of[i]].agent_type or "").strip()
            out.append({"Project": u.projects[u.sessions[i][0]].path, "Session ID": r["sessionId"],
                        "Started At": r["startedAt"], self.cost_col: self.money(r["cost"]), self.saved_col: 0,
                        "API Calls": r["calls"], "Turns": r["turns"], "subagentType": agent or None,
                        "model": raw.get(i)})
        out.sort(key=lambda x: -(x[self.cost_col] + x[self.saved_col]))  # stable: ties keep session order
        return out

    def counts(self, key: str, head: str) -> list[dict]:
        rows = self.detail.report[key]
        total = sum(r["calls"] for r in rows)
        return [{head: r["name"], "Calls": r["calls"], "Share (%)": share(r["calls"], total)} for r in rows]

    def csv_files(self) -> dict[str, list[dict]]:
        return {
            "summary": self.summary(),
            "daily": [r for p in self.periods for r in self.daily(p)],
            "activity": [r for p in self.periods for r in self.activity(p)],
            "models": [r for p in self.periods for r in self.models(p)],
            "records": self.records(), "projects": self.projects(), "sessions": self.sessions(),
            "tools": self.counts("tools", "Tool"), "mcp": self.counts("mcpServers", "Server"),
            "shell-commands": self.counts("shellCommands", "Command"),
        }

    def document(self, generated: str) -> dict:
        files = self.csv_files()
        return {
            "schema": SCHEMA, "generated": generated,
            "currency": {"code": self.cur.code, "rate": self.cur.rate, "symbol": self.cur.symbol},
            "summary": files["summary"],
            "periods": [{"label": p.label, "daily": self.daily(p), "activity": self.activity(p), "models": self.models(p)}
                        for p in self.periods],
            "projects": files["projects"], "sessions": files["sessions"], "records": files["records"],
            "tools": files["tools"], "mcp": files["mcp"], "shellCommands": files["shell-commands"],
        }


def _blank(x):
    return "" if x is None else x


def _single_raw_model(u: Usage) -> dict[int, str]:
    """Session index -> its raw model id, for sessions that used exactly one."""
    models = u.scan.cols["model"][u.sel]
    seen: dict[int, set] = {}
    for s, m in set(zip(u.session.tolist(), models.tolist())):
        seen.setdefault(s, set()).add(m)
    return {s: u.scan.strings[next(iter(ms))] for s, ms in seen.items()
            if len(ms) == 1 and u.scan.strings[next(iter(ms))]}


def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text: a leading formula character gets
    a quote before it; commas, quotes and newlines are quoted."""
    s = "" if value is None else jsjson.js_number(value) if isinstance(value, (int, float)) else str(value)
    if s.startswith(FORMULA_START):
        s = "'" + s
    if any(c in s for c in ',"\n'):
        s = '"' + s.replace('"', '""') + '"'
    return s


def to_csv(rows: list[dict]) -> str:
    """Header from the first row's keys; LF line ends; nothing for no rows."""
    if not rows:
        return ""
    head = list(rows[0])
    lines = [",".join(csv_cell(h) for h in head)]
    lines += [",".join(csv_cell(r.get(h)) for h in head) for r in rows]
    return "\n".join(lines) + "\n"


def to_json(doc) -> str:
    """The document as JSON.stringify(doc, null, 2) writes it, None-valued
    keys left out. An export holds one row per call, so this writer is lean:
    strings go through the C escaper, numbers through js_number only when
    Python would print them otherwise (whole floats, exponents)."""
    out: list[str] = []
    _emit(doc, out, 0)
    text = "".join(out)
    if jsjson.LONE_SURROGATE.search(text):  # from undecodable bytes in paths
        text = jsjson.LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def _scalar(v) -> str:
    if v is True or v is False:
        return "true" if v else "false"
    if isinstance(v, str):
        return _enc_str(v)
    if isinstance(v, float) and not (1e-4 <= abs(v) < 1e16 and not v.is_integer()):
        return jsjson.js_number(v)
    return repr(v)


def _emit(x, out: list[str], level: int) -> None:
    pad = "\n" + "  " * (level + 1)
    if isinstance(x, dict):
        items = [(k, v) for k, v in x.items() if v is not None]
        if not items:
            out.append("{}")
            return
        out.append("{")
        for i, (k, v) in enumerate(items):
            out.append(("," if i else "") + pad + _enc_str(k) + ": ")
            if isinstance(v, (dict, list)):
                _emit(v, out, level + 1)
            else:
                out.append(_scalar(v))
        out.append("\n" + "  " * level + "}")
    elif isinstance(x, list):
        if not x:
            out.append("[]")
            return
        out.append("[")
        for i, v in enumerate(x):
            out.append(("," if i else "") + pad)
            if isinstance(v, (dict, list)):
                _emit(v, out, level + 1)
            else:
                out.append(_scalar(v))
        out.append("\n" + "  " * level + "]")
    else:
        out.append("null" if x is None else _scalar(x))


def readme(tables: Tables, generated: str) -> str:
    labels = ", ".join(p.label for p in tables.periods)
    return "\n".join([
        "codeburn usage export", "=====================", "",
        f"Generated: {generated}", f"Currency:  {tables.cur.code}", f"Periods:   {labels}", "",
        "Files", "-----",
        "  summary.csv          one row per period: cost, calls, sessions, projects",
        "  daily.csv            one row per day of each period (a turn's calls count on its day)",
        "  activity.csv         cost and turns per task category, per period",
        "  models.csv           cost, calls, edit turns, one-shot rate and tokens per model, per period",
        "  records.csv          one row per API call of the detail period",
        "  projects.csv         cost, calls and sessions per project folder (detail period)",
        "  sessions.csv         one row per session; a subagent transcript is a session (detail period)",
        "  tools.csv            tool calls and their share (detail period)",
        "  mcp.csv              MCP server calls and their share (detail period)",
        "  shell-commands.csv   shell commands run through the Bash tool (detail period)", "",
        "Notes", "-----",
        "  The detail period is 30 Days, or the custom range. Costs are in the currency above,",
        "  rounded to its minor unit; tokens are the raw counts from the logs. Share (%) is of the",
        "  table's total. Cells that begin with =, +, -, @, tab or CR are prefixed with ' so a",
        "  spreadsheet shows them as text.", ""])
