"""Status-bar formats of `codeburn status`: waybar's custom-module JSON and
the xbar / SwiftBar plugin protocol, from today's and this month's totals
and the active plans (codeburn.cost.plans summaries, money in USD). Amounts are
shown in the display currency (`codeburn currency`)."""
from __future__ import annotations

import json

from codeburn.report.text import money
from codeburn.safetext import visible

FLAME = "🔥"


def _worst_plan(plans: dict) -> dict | None:
    """The plan closest to (or furthest over) its budget."""
    rows = list((plans or {}).get("plans", {}).values())
    return max(rows, key=lambda s: s["percentUsed"]) if rows else None


def _plan_line(s: dict) -> str:
    from codeburn.cost.plans import Plan

    name = Plan(s["id"], s["budget"], s["provider"], 1, "").label
    return f"{name}: {money(s['spent'])} of {money(s['budget'])} ({s['percentUsed']:.1f}%, {s['status']})"


def _lines(today: dict, month: dict, plans: dict) -> list[str]:
    lines = [f"Today {money(today['cost'])} · {today['calls']:,} calls",
             f"Month {money(month['cost'])} · {month['calls']:,} calls"]
    lines += [_plan_line(s) for s in (plans or {}).get("plans", {}).values()]
    return lines


def waybar(today: dict, month: dict, plans: dict) -> str:
    """One line of JSON: text, tooltip (Pango markup, escaped), class
    (under / near / over the worst plan, else normal) and, with a plan, the
    percentage of it used (whole number, capped at 100 for the bar)."""
    worst = _worst_plan(plans)
    doc = {"text": f"{FLAME} {money(today['cost'])}",
           "tooltip": "\n".join(_pango(line) for line in _lines(today, month, plans)),
           "class": worst["status"] if worst else "normal",
           "alt": worst["status"] if worst else "normal"}
    if worst:
        doc["percentage"] = int(min(100, max(0, round(worst["percentUsed"]))))
    return json.dumps(doc, ensure_ascii=False) + "\n"


def xbar(today: dict, month: dict, plans: dict, cli: str = "codeburn") -> str:
    """The menu bar line, then `---` and the menu (xbar and SwiftBar read
    the same protocol); a plan over budget colours the line."""
    worst = _worst_plan(plans)
    colour = {"over": " | color=#f85149", "near": " | color=#d29922"}.get(worst["status"] if worst else "", "")
    out = [f"{FLAME} {money(today['cost'])}{colour}", "---"]
    out += [_xbar_text(line) for line in _lines(today, month, plans)]
    out += ["---", f"Open dashboard | shell={_xbar_text(cli)} terminal=true", "Refresh | refresh=true"]
    return "\n".join(out) + "\n"


def _pango(text: str) -> str:
    return visible(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xbar_text(text: str) -> str:
    """A menu line: `|` starts xbar's parameters, so it is replaced."""
    return visible(text).replace("|", "¦")
