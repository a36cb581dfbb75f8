"""Spend budgets (spec commands §7.4): daily, weekly and monthly limits in
the display currency, kept as `budget: {daily?, weekly?, monthly?}` in
config.json, and where the spend stands against them. The settings
functions work on the config document (config.update applies them)."""
from __future__ import annotations

import calendar
import datetime as dt
import math

from codeburn.errors import UsageError
from codeburn.jstext import js_number

TIERS = ("daily", "weekly", "monthly")
PERIOD_OF = {"daily": "today", "weekly": "week", "monthly": "month"}  # codeburn.aggregate.periods names
TIER_OF = {v: k for k, v in PERIOD_OF.items()}
WARN_PERCENT = 80


def entries(doc: dict) -> list[tuple[str, float]]:
    """(tier, amount) of each usable budget, in TIERS order."""
    stored = doc.get("budget")
    if not isinstance(stored, dict):
        return []
    return [(t, float(stored[t])) for t in TIERS if _amount_ok(stored.get(t))]


def _amount_ok(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) and x > 0


def check_amount(value: str, flag: str) -> float:
    amount = js_number(value)  # as the reference reads it (Number): `0x10` is 16, `1_000` no number
    if not _amount_ok(amount):
        raise UsageError(f"{flag} must be a number greater than 0; got {value}")
    return amount


def set_amounts(doc: dict, amounts: dict[str, float]) -> None:
    budget = dict(doc["budget"]) if isinstance(doc.get("budget"), dict) else {}
    for tier, amount in amounts.items():
        budget[tier] = int(amount) if amount.is_integer() else amount
    doc["budget"] = budget


def remove(doc: dict, tier: str) -> None:
    if tier not in TIERS:
        raise UsageError(f'unknown budget period "{tier}"', hint="daily, weekly or monthly")
    budget = dict(doc["budget"]) if isinstance(doc.get("budget"), dict) else {}
    budget.pop(tier, None)
    if any(_amount_ok(budget.get(t)) for t in TIERS):
        doc["budget"] = budget
    else:
        doc.pop("budget", None)


def progress(tier: str, start_ms: int, now: dt.datetime, tz: dt.tzinfo) -> tuple[int, int, bool]:
    """(elapsed days, days in the tier's period, still running) for the
    projection; only the month is projected (a day and the 8-day week
    are taken as they are)."""
    if tier != "monthly":
        return (1, 1, False) if tier == "daily" else (7, 7, False)
    today = now.astimezone(tz).date()
    total = calendar.monthrange(today.year, today.month)[1]
    first = dt.datetime.fromtimestamp(start_ms / 1000, tz).date()
    elapsed = max(1, min(total, (today - first).days + 1))
    return elapsed, total, elapsed < total


def status(tier: str, spent: float, budget: float, elapsed: int, total: int, in_progress: bool) -> dict:
    """Spend against one budget, both in the display currency."""
    percent = spent / budget * 100
    state = "over" if percent >= 100 else "warn" if percent >= WARN_PERCENT else "under"
    return {"tier": tier, "spent": spent, "budget": budget, "percent": percent,
            "projected": spent * total / elapsed, "inProgress": in_progress, "state": state}


def check_line(s: dict, money) -> str:
    label = {"over": "OVER", "warn": "WARN", "under": "OK"}[s["state"]]
    return f"  {s['tier']}: {money(s['spent'])} of {money(s['budget'])} ({math.floor(s['percent'])}%) [{label}]"


def overview_line(s: dict, money) -> str:
    """The budget line of `codeburn overview`."""
    text = f"{s['tier'].capitalize()} budget: {money(s['spent'])} of {money(s['budget'])} ({math.floor(s['percent'])}%)"
    if s["inProgress"]:
        end = {"monthly": "month", "weekly": "week", "daily": "day"}[s["tier"]]
        text += f"  projected {money(s['projected'])} by {end} end"
    return text
