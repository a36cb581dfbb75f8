"""`codeburn overview`: a plain-text summary of a period, made to be pasted
into a note or a chat (spec commands §1.2), and the same sections as JSON.
Built from the report dict (report/build.py) plus per-day and per-provider
token totals; nothing is read again."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from codeburn.report.jsjson import js_round

if TYPE_CHECKING:
    from codeburn.aggregate.turns import TurnTable
    from codeburn.aggregate.usage import Usage

# (numpy and the usage code are imported by the builders only: a repeat of
# `codeburn overview` renders a kept overview without them, codeburn.commands.kept)

TOP_MODELS, TOP_DAYS, TOP_PROJECTS, TOP_TOOLS = 10, 5, 10, 12


def overview(u: Usage, t: TurnTable, report: dict, home: str = "", head: tuple | None = None) -> dict:
    """The overview of `u` (`report` its build_report); with `head` (calls,
    their turn table, their report's overview), the totals and days come
    from those calls, as 0.9.20's come from its day history
    (commands.common.durable_head), the breakdowns from `u`."""
    ov = head[2] if head else report["overview"]
    tok = ov["tokens"]
    total = sum(tok.values())
    days = _days(*head[:2]) if head else _days(u, t)
    providers = _providers(u, report, ov["cost"])
    models = [{"name": m["name"], "cost": m["cost"], "calls": m["calls"],
               "tokens": m["inputTokens"] + m["outputTokens"] + m["cacheReadTokens"] + m["cacheWriteTokens"],
               "estimatedCost": m["estimatedCost"]}
              for m in report["models"]]
    models = sorted((m for m in models if m["cost"] > 0 or m["tokens"] > 0), key=lambda m: -m["cost"])
    return {
        "period": report["period"],
        "totals": {"cost": ov["cost"], "tokens": total, "calls": ov["calls"], "sessions": ov["sessions"],
                   "cacheHitPercent": ov["cacheHitPercent"], "tokenSplit": tok},
        "unpricedModels": report["unpricedModels"],
        "providers": providers,
        "topModels": models[:TOP_MODELS],
        "topDays": top_days(days),
        "topProjects": _projects(report, home)[:TOP_PROJECTS],
        "daily": days,
        "activities": [{"category": a["category"], "cost": a["cost"], "turns": a["turns"]}
                       for a in report["activities"]],
        "tools": report["tools"][:TOP_TOOLS],
    }


def _days(u: Usage, t: TurnTable) -> list[dict]:
    """Per local day of the report's daily rows (a call on its own day):
    cost, tokens and the providers that ran."""
    import numpy as np

    from codeburn._fast import agg
    from codeburn.aggregate.periods import day_iso
    from codeburn.report.build import TOKEN_FIELDS, day_groups

    if not u.sel.size:
        return []
    days, label = day_groups(t)
    cost = agg.group_sum_f64(label, u.cost, days.size)
    tokens = np.bincount(label, weights=sum(u.tokens(k) for k in TOKEN_FIELDS), minlength=days.size)
    providers = [s.provider for s in u.scan.sources]
    files = u.scan.cols["file"][u.sel]
    seen: list[set] = [set() for _ in range(days.size)]
    for d, f in set(zip(label.tolist(), files.tolist())):
        seen[d].add(providers[f])
    return [{"date": day_iso(d), "cost": float(cost[i]), "tokens": int(tokens[i]), "providers": sorted(seen[i])}
            for i, d in enumerate(days.tolist())]


def top_days(days: list[dict]) -> list[dict]:
    """The costliest days (the first of equal cost first)."""
    return sorted(days, key=lambda d: -d["cost"])[:TOP_DAYS]


def share(cost: float, total: float):
    """A tool's share of the total, in whole percent as 0.9.20 rounds it."""
    return js_round(cost / total * 100) if total > 0 else 0


def with_zero_days(doc: dict, dates: list[str]) -> None:
    """Adds a $0 day without providers for each of `dates` the overview's
    days lack (another tool's days, under --provider), to its daily table
    and its costliest days, as the reference lists them."""
    from codeburn.commands.otherdays import with_days

    doc["daily"] = with_days(doc["daily"], dates, {"cost": 0, "tokens": 0, "providers": []})
    doc["topDays"] = top_days(doc["daily"])


def _providers(u: Usage, report: dict, total: float) -> list[dict]:
    """Per tool: its cost and tokens in the period, its share of `total`
    (the headline's cost, which 0.9.20 takes from its day history: over a
    period reaching back more than a year the shares add up to more than
    100 % there, and here)."""
    import numpy as np

    from codeburn.report.build import TOKEN_FIELDS

    names = [s.provider for s in u.scan.sources]
    files = u.scan.cols["file"][u.sel]
    tokens = sum(u.tokens(k) for k in TOKEN_FIELDS) if u.sel.size else np.zeros(0, np.int64)
    per: dict[str, int] = {}
    for f, n in zip(files.tolist(), np.asarray(tokens).tolist()):
        per[names[f]] = per.get(names[f], 0) + n
    return [{"name": p["name"], "cost": p["cost"], "tokens": per.get(p["name"], 0),
             "share": share(p["cost"], total)} for p in report["providers"]]


def _projects(report: dict, home: str) -> list[dict]:
    """Projects by their folder's name (two folders of one name add up)."""
    out: dict[str, dict] = {}
    for p in report["projects"]:
        name = _project_name(p["name"], p["path"], home)
        row = out.setdefault(name, {"name": name, "cost": 0.0, "sessions": 0})
        row["cost"] += p["cost"]
        row["sessions"] += p["sessions"]
    return sorted(out.values(), key=lambda r: -r["cost"])


def _project_name(name: str, path: str, home: str) -> str:
    """A project as 0.9.20's overview names it: Home for the home folder,
    the last part of an absolute path, a relative path's project name (the
    path itself without one), else the name's last dash-separated part."""
    if path:
        if path == home:
            return "Home"
        if not (path.startswith(("/", "\\")) or re.match(r"[a-zA-Z]:[/\\]", path)):
            return name or path
        parts = [x for x in re.split(r"[/\\]", re.sub(r"[/\\]+$", "", path)) if x]
        if parts:
            return parts[-1]
    return next((x for x in reversed(name.split("-")) if x), name)


def render(doc: dict, color: bool = False, budget_line: str | None = None) -> str:
    """The text overview, laid out as CodeBurn 0.9.20 lays it out: boxed
    tables, a section only when it has rows."""
    from codeburn.report import text
    from codeburn.report.jsjson import js_fixed

    BOLD, DIM, Out = text.BOLD, text.DIM, text.Out
    money = lambda x: text.money(x, grouped=True)  # noqa: E731 (its tables group thousands)
    out = Out(color)
    n = lambda x: f"{x:,}"  # noqa: E731
    out.line(out.style("CodeBurn", BOLD) + out.style(f"  {doc['period']}", DIM))
    out.line()
    tot = doc["totals"]
    if not tot["calls"]:
        out.line(out.style(f"No usage found for {doc['period']}.", DIM))
        return "".join(out.parts)
    out.line(out.style("Totals", BOLD))
    kv = lambda k, v: out.line("  " + out.style(k.ljust(11), DIM) + v)  # noqa: E731
    kv("Cost", out.style(money(tot["cost"]), BOLD))
    kv("Tokens", n(tot["tokens"]) + out.style("   (breakdown below)", DIM))
    kv("Calls", n(tot["calls"]) + out.style("   sessions ", DIM) + n(tot["sessions"]))
    split = tot["tokenSplit"]
    denom = split["input"] + split["cacheRead"]  # (toFixed(1) of the ratio itself, not of the JSON's rounded value)
    kv("Cache hit", f"{js_fixed(split['cacheRead'] / denom * 100 if denom > 0 else 0, 1)}%")
    if unpriced := doc["unpricedModels"]:
        more = f" +{len(unpriced) - 3} more" if len(unpriced) > 3 else ""
        kv("Unpriced", f"{len(unpriced)} model{'' if len(unpriced) == 1 else 's'} at $0: "
           + ", ".join(f"{m['model']} ({n(m['tokens'])} tok)" for m in unpriced[:3]) + more)
    if budget_line:
        out.line("  " + budget_line)
    out.line()
    split, total = tot["tokenSplit"], tot["tokens"]
    if total > 0:
        rows = [("Input", split["input"]), ("Output", split["output"]), ("Cache in", split["cacheWrite"]),
                ("Cache out", split["cacheRead"])]
        _box(out, "Tokens", ["Type", "Tokens", "Share"],
             [[k, n(v), f"{js_round(v / total * 100)}%"] for k, v in rows] + [["Total", n(total), "100%"]])
    _box(out, "By tool", ["Tool", "Cost", "Tokens", "Share"],
         [[p["name"], money(p["cost"]), n(p["tokens"]), f"{p['share']}%"] for p in doc["providers"]])
    # A model some of whose calls were priced from char-estimated tokens
    # (Codex turns the log gave no counts for) shows its cost as `~$1.20`,
    # explained under the table, as the reference prints it.
    estimated = lambda m: m.get("estimatedCost", 0) > 0  # noqa: E731
    _box(out, "Top models", ["Model", "Cost", "Calls", "Tokens"],
         [[m["name"], ("~" if estimated(m) else "") + money(m["cost"]), n(m["calls"]), n(m["tokens"])]
          for m in doc["topModels"]],
         note="~ estimated cost (priced from estimated tokens)" if any(map(estimated, doc["topModels"])) else None)
    _box(out, "Highest-value days", ["#", "Date", "Cost", "Tokens"],
         [[str(i + 1), d["date"], money(d["cost"]), n(d["tokens"])] for i, d in enumerate(doc["topDays"])], left=2)
    _box(out, "Top projects", ["Project", "Cost", "Sessions"],
         [[p["name"], money(p["cost"]), n(p["sessions"])] for p in doc["topProjects"]])
    _box(out, "Daily", ["Date", "Cost", "Tokens", "Providers"],
         [[d["date"], money(d["cost"]), n(d["tokens"]), ", ".join(d["providers"])] for d in doc["daily"]], right=(1, 2))
    _box(out, "By activity", ["Activity", "Cost", "Turns"],
         [[a["category"], money(a["cost"]), n(a["turns"])] for a in doc["activities"]])
    _box(out, "Tools", ["Tool", "Calls"], [[x["name"], n(x["calls"])] for x in doc["tools"]])
    top = doc["providers"][0]["name"] if doc["providers"] else ""
    model = doc["topModels"][0]["name"] if doc["topModels"] else ""
    mostly = f", mostly {top}" + (f" / {model}" if model else "") if top else ""
    out.line(out.style("Bottom line: ", DIM) + f"{doc['period']} totals {money(tot['cost'])} across "
             f"{n(tot['tokens'])} tokens{mostly}.")
    if doc.get("carriedCost", 0) > 0:  # (past days whose files are gone: commands.carry)
        from codeburn.report.carried import NOTE

        out.line(out.style("  " + NOTE.format(money(doc["carriedCost"])), DIM))
    return "".join(out.parts)


def _box(out, title: str, header: list[str], rows: list[list[str]], left: int = 1,
         right: tuple[int, ...] | None = None, note: str | None = None) -> None:
    """A titled table in box-drawing lines, two spaces inside each cell;
    columns from `left` on (or those in `right`) are right-aligned, and a
    dim `note` under it. Laid out as the reference's: a column as wide as
    its longest cell counted in UTF-16 units (a CJK character is one, an
    emoji two), nothing clipped. Cells are escaped as every text table's
    (safetext.visible), so no name from a log drives the terminal."""
    from codeburn.jstext import js_len
    from codeburn.report.text import BOLD, DIM
    from codeburn.safetext import visible

    if not rows:
        return
    shown = [[visible(c) for c in r] for r in [header, *rows]]
    widths = [max(js_len(r[i]) for r in shown) for i in range(len(header))]

    def pad(s: str, w: int, right: bool) -> str:
        fill = " " * max(0, w - js_len(s))
        return fill + s if right else s + fill

    aligned = [i in right if right is not None else i >= left for i in range(len(header))]
    bar = lambda a, b, c: out.style(a + b.join("\u2500" * (w + 4) for w in widths) + c, DIM)  # noqa: E731
    edge, sep = out.style("\u2502", DIM), "  " + out.style("\u2502", DIM) + "  "

    def line(cells: list[str], bold: bool = False) -> str:
        padded = [pad(c, w, r) for c, w, r in zip(cells, widths, aligned)]
        return edge + "  " + sep.join(out.style(p, BOLD) if bold else p for p in padded) + "  " + edge

    out.line(out.style(title, BOLD))
    out.line(bar("\u250c", "\u252c", "\u2510"))
    out.line(line(shown[0], bold=True))
    out.line(bar("\u251c", "\u253c", "\u2524"))
    for r in shown[1:]:
        out.line(line(r))
    out.line(bar("\u2514", "\u2534", "\u2518"))
    if note:
        out.line("  " + out.style(note, DIM))
    out.line()
