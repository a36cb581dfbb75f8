"""`codeburn overview`: a plain-text summary of a period, made to be pasted
into a note or a chat (spec commands §1.2), and the same sections as JSON.
Built from the report dict (report/build.py) plus per-day and per-provider
token totals; nothing is read again."""
from __future__ import annotations

import os

import numpy as np

from codeburn._fast import agg
from codeburn.periods import day_iso
from codeburn.report.build import TOKEN_FIELDS, day_groups
from codeburn.turns import TurnTable
from codeburn.usage import Usage

TOP_MODELS, TOP_DAYS, TOP_PROJECTS, TOP_TOOLS = 10, 5, 10, 12


def overview(u: Usage, t: TurnTable, report: dict) -> dict:
    ov = report["overview"]
    tok = ov["tokens"]
    total = sum(tok.values())
    days = _days(u, t)
    providers = _providers(u, report)
    models = [{"name": m["name"], "cost": m["cost"], "calls": m["calls"],
               "tokens": m["inputTokens"] + m["outputTokens"] + m["cacheReadTokens"] + m["cacheWriteTokens"]}
              for m in report["models"]]
    models = sorted((m for m in models if m["cost"] > 0 or m["tokens"] > 0), key=lambda m: -m["cost"])
    return {
        "period": report["period"],
        "totals": {"cost": ov["cost"], "tokens": total, "calls": ov["calls"], "sessions": ov["sessions"],
                   "cacheHitPercent": ov["cacheHitPercent"], "tokenSplit": tok},
        "unpricedModels": report["unpricedModels"],
        "providers": providers,
        "topModels": models[:TOP_MODELS],
        "topDays": sorted(days, key=lambda d: -d["cost"])[:TOP_DAYS],
        "topProjects": _projects(report)[:TOP_PROJECTS],
        "daily": days,
        "activities": [{"category": a["category"], "cost": a["cost"], "turns": a["turns"]}
                       for a in report["activities"]],
        "tools": report["tools"][:TOP_TOOLS],
    }


def _days(u: Usage, t: TurnTable) -> list[dict]:
    """Per local day of the report's daily rows (a call on its own day):
    cost, tokens and the providers that ran."""
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


def _providers(u: Usage, report: dict) -> list[dict]:
    total = report["overview"]["cost"]
    names = [s.provider for s in u.scan.sources]
    files = u.scan.cols["file"][u.sel]
    tokens = sum(u.tokens(k) for k in TOKEN_FIELDS) if u.sel.size else np.zeros(0, np.int64)
    per: dict[str, int] = {}
    for f, n in zip(files.tolist(), np.asarray(tokens).tolist()):
        per[names[f]] = per.get(names[f], 0) + n
    return [{"name": p["name"], "cost": p["cost"], "tokens": per.get(p["name"], 0),
             "share": round(p["cost"] / total * 100) if total > 0 else 0} for p in report["providers"]]


def _projects(report: dict) -> list[dict]:
    """Projects by their folder's name (two folders of one name add up)."""
    out: dict[str, dict] = {}
    for p in report["projects"]:
        name = os.path.basename(p["path"].rstrip("/")) or p["name"]
        row = out.setdefault(name, {"name": name, "cost": 0.0, "sessions": 0})
        row["cost"] += p["cost"]
        row["sessions"] += p["sessions"]
    return sorted(out.values(), key=lambda r: -r["cost"])


def render(doc: dict, color: bool = False, budget_line: str | None = None) -> str:
    from codeburn.report.text import BOLD, DIM, Out, money

    out = Out(color)
    n = lambda x: f"{x:,}"  # noqa: E731
    out.line(out.style("codeburn", BOLD) + out.style(f"  {doc['period']}", DIM))
    out.line()
    tot = doc["totals"]
    if not tot["calls"]:
        out.line(f"No usage found for {doc['period']}.")
        return "".join(out.parts)
    out.line(out.style("Totals", BOLD))
    kv = lambda k, v: out.line("  " + k.ljust(11) + v)  # noqa: E731
    kv("Cost", money(tot["cost"]))
    kv("Tokens", n(tot["tokens"]))
    kv("Calls", f"{n(tot['calls'])}   sessions {n(tot['sessions'])}")
    kv("Cache hit", f"{tot['cacheHitPercent']:.1f}%")
    if unpriced := doc["unpricedModels"]:
        more = f" +{len(unpriced) - 3} more" if len(unpriced) > 3 else ""
        kv("Unpriced", f"{len(unpriced)} model{'' if len(unpriced) == 1 else 's'} at $0: "
           + ", ".join(f"{m['model']} ({n(m['tokens'])} tok)" for m in unpriced[:3]) + more)
    if budget_line:
        out.line("  " + budget_line)
    out.line()
    split, total = tot["tokenSplit"], tot["tokens"] or 1
    rows = [("Input", split["input"]), ("Output", split["output"]), ("Cache write", split["cacheWrite"]),
            ("Cache read", split["cacheRead"])]
    out.table("Tokens", ["type", "tokens", "share"],
              [[k, n(v), f"{round(v / total * 100)}%"] for k, v in rows] + [["Total", n(tot["tokens"]), "100%"]])
    out.table("By tool", ["tool", "cost", "tokens", "share"],
              [[p["name"], money(p["cost"]), n(p["tokens"]), f"{p['share']}%"] for p in doc["providers"]])
    out.table("Top models", ["model", "cost", "calls", "tokens"],
              [[m["name"], money(m["cost"]), n(m["calls"]), n(m["tokens"])] for m in doc["topModels"]])
    out.table("Highest-value days", ["#", "date", "cost", "tokens"],
              [[str(i + 1), d["date"], money(d["cost"]), n(d["tokens"])] for i, d in enumerate(doc["topDays"])], left=2)
    out.table("Top projects", ["project", "cost", "sessions"],
              [[p["name"], money(p["cost"]), n(p["sessions"])] for p in doc["topProjects"]])
    out.table("Daily", ["date", "cost", "tokens", "providers"],
              [[d["date"], money(d["cost"]), n(d["tokens"]), ", ".join(d["providers"])] for d in doc["daily"]])
    out.table("By activity", ["activity", "cost", "turns"],
              [[a["category"], money(a["cost"]), n(a["turns"])] for a in doc["activities"]])
    out.table("Tools", ["tool", "calls"], [[x["name"], n(x["calls"])] for x in doc["tools"]])
    top = doc["providers"][0]["name"] if doc["providers"] else ""
    model = doc["topModels"][0]["name"] if doc["topModels"] else ""
    mostly = f", mostly {top}" + (f" / {model}" if model else "") if top else ""
    out.line(f"Bottom line: {doc['period']} totals {money(tot['cost'])} across {n(tot['tokens'])} tokens{mostly}.")
    return "".join(out.parts)
