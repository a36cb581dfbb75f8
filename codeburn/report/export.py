"""`codeburn export`: the tables of an export (spec commands §3.3, errata:
10 CSV tables, README.txt, a `.codeburn-export` marker) as rows keyed by
the reference's column names, and their CSV and JSON text.

A value of None is a column with no value: an empty CSV cell, a key left
out of the JSON row (the reference's `undefined`); "" stays "".
"""
from __future__ import annotations

import math
from json.encoder import encode_basestring as _enc_basestring  # C; keeps non-ASCII as it is

import numpy as np

from codeburn._fast import agg
from codeburn.aggregate.turns import TurnTable
from codeburn.aggregate.usage import SYNTHETIC, Usage
from codeburn.classify.categories import CATEGORIES
from codeburn.cost.currency import Currency
from codeburn.jstext import js_trim
from codeburn.report import build, jsjson, sessions

SCHEMA = "codeburn.export.v2"
MARKER = ".codeburn-export"
CSV_FILES = ("summary", "daily", "activity", "models", "records", "projects", "sessions", "tools", "mcp",
             "shell-commands")
FORMULA_START = ("\t", "\r", "=", "+", "-", "@")  # a spreadsheet would run these as formulas


def share(part: float, total: float) -> float:
    return jsjson.js_round2(part / total * 100) if total > 0 else 0


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
                         # the projects' sessions, not the overview's day-history count
                         "API Calls": ov["calls"], "Sessions": sum(x["sessions"] for x in p.report["projects"]),
                         "Projects": sum(1 for x in p.report["projects"] if x["cost"] > 0)})
        return rows

    def daily(self, p: Period) -> list[dict]:
        """Per day of each turn: its calls' cost, count and tokens, and the
        sessions that had a turn that day."""
        u, t = p.u, p.t
        if not u.sel.size:
            return []
        days, label = build.turn_day_groups(t, _calls_that_are_turns(u))
        cost = agg.group_sum_f64(label, u.cost, days.size)
        calls = u.calls(label, days.size)
        tok = build.token_sums(u, label, days.size)
        ids = [u.sessions[s][1] for s in u.session.tolist()]
        per_day: list[set] = [set() for _ in range(days.size)]
        for d, sid in zip(label.tolist(), ids):
            if d >= 0:
                per_day[d].add(sid)
        from codeburn.aggregate.periods import day_iso

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

    def records(self) -> "Records":
        """One row per call of the detail period, grouped as sessions are."""
        u, t = self.detail.u, self.detail.t
        cols, strings, sources = u.scan.cols, u.scan.strings, u.scan.sources
        idx = sessions.walk_order(u)
        session = u.session[idx].tolist()
        files = cols["file"][u.sel][idx].tolist()
        category = t.category[t.of_call][idx].tolist()
        weight = u.call_weight()[idx].tolist()  # 0: a supplementary row (Copilot's token rollup), marked as the reference does
        project_of = [u.projects[p].path for p, _ in u.sessions]
        agent_of = [js_trim(src.agent_type or "") or None for src in sources]
        rate, digits = self.cur.rate, 10 ** self.cur.digits
        cost = (u.cost[idx] * rate).tolist()
        stamps = sessions.call_stamps(u)
        return Records({
            "project": [project_of[i] for i in session], "sessionId": [u.sessions[i][1] for i in session],
            "timestamp": [stamps[i] for i in idx.tolist()],
            "category": [CATEGORIES[c] if c >= 0 else None for c in category],
            "provider": [sources[f].provider for f in files], "subagentType": [agent_of[f] for f in files],
            "model": [strings[m] or None for m in cols["model"][u.sel][idx].tolist()],
            **{key: u.tokens(kind)[idx].tolist() for key, kind in RECORD_TOKENS},
            "cost": [math.floor(c * digits + 0.5) / digits for c in cost],  # Currency.round of Currency.convert
            "savings": [0] * len(idx), "supplementary": [None if w else True for w in weight]})

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
            agent = js_trim(u.scan.sources[file_of[i]].agent_type or "")
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

    def per_period(self) -> list[dict]:
        """Each period's daily, activity and models rows (made once for both
        the CSV tables and the JSON document)."""
        return [{"label": p.label, "daily": self.daily(p), "activity": self.activity(p), "models": self.models(p)}
                for p in self.periods]

    def csv_files(self, periods: list[dict] | None = None) -> dict[str, list[dict]]:
        periods = self.per_period() if periods is None else periods
        return {
            "summary": self.summary(),
            **{key: [r for p in periods for r in p[key]] for key in ("daily", "activity", "models")},
            "records": self.records(), "projects": self.projects(), "sessions": self.sessions(),
            "tools": self.counts("tools", "Tool"), "mcp": self.counts("mcpServers", "Server"),
            "shell-commands": self.counts("shellCommands", "Command"),
        }

    def document(self, generated: str) -> dict:
        periods = self.per_period()
        files = self.csv_files(periods)
        return {
            "schema": SCHEMA, "generated": generated,
            "currency": {"code": self.cur.code, "rate": self.cur.rate, "symbol": self.cur.symbol},
            "summary": files["summary"],
            "periods": periods,
            "projects": files["projects"], "sessions": files["sessions"], "records": files["records"],
            "tools": files["tools"], "mcp": files["mcp"], "shellCommands": files["shell-commands"],
        }


RECORD_TOKENS = (("inputTokens", "input"), ("outputTokens", "output"), ("reasoningTokens", "reasoning"),
                 ("cacheWriteTokens", "cache_write"), ("cacheReadTokens", "cache_read"))


class Records:
    """The records table (a row per call: tens of thousands) as columns,
    each a list of Python values in row order (None: no value). Written
    column by column, each distinct value's text made once: a row of dicts
    through the generic writers cost more than the scan."""

    def __init__(self, cols: dict[str, list]):
        self.cols = cols

    def __len__(self) -> int:
        return len(self.cols["project"])

    def dicts(self) -> list[dict]:
        keys = list(self.cols)
        return [dict(zip(keys, row)) for row in zip(*self.cols.values())]

    def _texts(self, text) -> list[list]:
        """Per column, each value's text (None stays None), made once per distinct value."""
        out = []
        for col in self.cols.values():
            made = {v: text(v) for v in set(col) if v is not None}
            out.append([None if v is None else made[v] for v in col])
        return out

    def json(self, level: int) -> str:
        """As _emit writes the rows at `level` (None-valued keys left out):
        each column's cells ("key": value) made at once, a row one join."""
        if not len(self):
            return "[]"
        pad, close = "\n" + "  " * (level + 1), "\n" + "  " * (level + 1) + "}"
        key_pad = "\n" + "  " * (level + 2)
        cells = []
        for key, col in self.cols.items():
            head = key_pad + _enc_str(key) + ": "
            distinct = [v for v in set(col) if v is not None]
            made = dict(zip(distinct, (head + t for t in _json_texts(distinct))))
            cells.append([made[v] if v is not None else None for v in col])
        rows = ["{" + ",".join(filter(None, vals)) + close for vals in zip(*cells)]
        return "[" + pad + ("," + pad).join(rows) + "\n" + "  " * level + "]"

    def csv(self) -> str:
        """As to_csv writes the rows."""
        texts = [[c if c is not None else "" for c in col] for col in self._texts(csv_cell)]
        lines = [",".join(csv_cell(k) for k in self.cols)] + [",".join(vals) for vals in zip(*texts)]
        return "\n".join(lines) + "\n"


def _json_texts(values: list) -> list[str]:
    """The JSON text of each value of a column (one type, None left out):
    strings and whole numbers through C code, floats through repr where
    JavaScript prints them alike."""
    if not values:
        return []
    kind = type(values[0])
    if kind is str and all(type(v) is str for v in values):
        texts = list(map(_enc_basestring, values))
        return texts if all(t.isascii() for t in texts) else [_enc_str(v) for v in values]
    if kind is int and all(type(v) is int for v in values):
        return list(map(repr, values))
    if kind is float and all(type(v) is float for v in values):
        a = np.abs(np.array(values))
        if bool(((a >= 1e-4) & (a < 1e16) & (a != np.floor(a))).all()):  # where repr is JavaScript's spelling
            return list(map(repr, values))
    return [_scalar(v) for v in values]


def _blank(x):
    return "" if x is None else x


def _single_raw_model(u: Usage) -> dict[int, str]:
    """Session index -> its raw model id, for sessions that used exactly one
    (an empty id is none, as the reference drops it before counting)."""
    models = u.scan.cols["model"][u.sel]
    strings = u.scan.strings
    seen: dict[int, set] = {}
    for s, m in set(zip(u.session.tolist(), models.tolist())):
        if strings[m]:
            seen.setdefault(s, set()).add(m)
    return {s: strings[next(iter(ms))] for s, ms in seen.items() if len(ms) == 1}


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
    if isinstance(rows, Records):
        return rows.csv() if len(rows) else ""
    if not rows:
        return ""
    head = list(rows[0])
    lines = [",".join(csv_cell(h) for h in head)]
    cells: dict = {}  # value -> its cell: an export repeats projects, sessions, models, numbers
    for r in rows:
        line = []
        for h in head:
            v = r.get(h)
            key = (type(v), v)
            cell = cells.get(key)
            if cell is None:
                cell = cells[key] = csv_cell(v)
            line.append(cell)
        lines.append(",".join(line))
    return "\n".join(lines) + "\n"


def to_json(doc) -> str:
    """The document as JSON.stringify(doc, null, 2) writes it, None-valued
    keys left out. An export holds one row per call, so this writer is lean:
    strings go through the C escaper, numbers through js_number only when
    Python would print them otherwise (whole floats, exponents)."""
    out: list[str] = []
    _emit(doc, out, 0)
    return "".join(out)


def _enc_str(s: str) -> str:
    """A JSON string; a lone surrogate (from undecodable bytes in a path)
    is written as its \\u escape, as JSON.stringify does. Checked per
    string, not over the whole text (20 MB at 48,000 calls: 0.25 s)."""
    text = _enc_basestring(s)
    if not text.isascii() and jsjson.LONE_SURROGATE.search(text):
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
    if isinstance(x, Records):
        out.append(x.json(level))
        return
    pad = "\n" + "  " * (level + 1)
    if isinstance(x, dict):
        items = [(k, v) for k, v in x.items() if v is not None]
        if not items:
            out.append("{}")
            return
        out.append("{")
        for i, (k, v) in enumerate(items):
            out.append(("," if i else "") + pad + _enc_str(k) + ": ")
            if isinstance(v, (dict, list, Records)):
                _emit(v, out, level + 1)
            else:
                out.append(_scalar(v))
        out.append("\n" + "  " * level + "}")
    elif isinstance(x, list):
        if not x:
            out.append("[]")
            return
        if all(type(v) is dict for v in x):
            _emit_rows(x, out, level)
            return
        out.append("[")
        for i, v in enumerate(x):
            out.append(("," if i else "") + pad)
            if isinstance(v, (dict, list, Records)):
                _emit(v, out, level + 1)
            else:
                out.append(_scalar(v))
        out.append("\n" + "  " * level + "]")
    else:
        out.append("null" if x is None else _scalar(x))


_SCALAR = {str: _enc_str, int: repr, bool: lambda v: "true" if v else "false"}


def _emit_rows(rows: list[dict], out: list[str], level: int) -> None:
    """A list of dicts, as _emit writes it, at the speed an export's call
    rows need (one per call): each key's text is made once, a row is one
    join, and a value's text is chosen by its exact type (a nested value
    goes through _emit)."""
    pad, close = "\n" + "  " * (level + 1), "\n" + "  " * (level + 1) + "}"
    key_pad = "\n" + "  " * (level + 2)
    keys: dict[str, str] = {}
    out.append("[")
    for i, row in enumerate(rows):
        parts = []
        for k, v in row.items():
            if v is None:
                continue
            head = keys.get(k)
            if head is None:
                head = keys[k] = key_pad + _enc_str(k) + ": "
            t = type(v)
            if t is float:
                text = jsjson.js_number(v) if not (1e-4 <= abs(v) < 1e16 and not v.is_integer()) else repr(v)
            elif t in _SCALAR:
                text = _SCALAR[t](v)
            else:
                sub: list[str] = []
                _emit(v, sub, level + 2)
                text = "".join(sub)
            parts.append(head + text)
        out.append(("," if i else "") + pad + ("{" + ",".join(parts) + close if parts else "{}"))
    out.append("\n" + "  " * level + "]")


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


def _calls_that_are_turns(u: Usage) -> np.ndarray | None:
    """Per selected call: whether 0.9.20 makes it a turn of its own where
    we group it with others (a provider's `calls_are_turns_there(source)`:
    the Cline family's task requests, which we group by the user message
    that triggered them); None when no call is."""
    from codeburn.providers import PROVIDERS

    asks = {p: getattr(PROVIDERS[p], "calls_are_turns_there", None) for p in {s.provider for s in u.scan.sources}}
    if not any(asks.values()):
        return None
    own = np.array([bool(asks[s.provider] and asks[s.provider](s)) for s in u.scan.sources], dtype=bool)
    return own[u.scan.cols["file"][u.sel]] if own.any() else None
