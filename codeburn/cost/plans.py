"""Subscription plans (spec commands §7.1-7.3): what a plan is, how the
`plans` key of config.json holds them, and how much of a plan's monthly
price the period's API-equivalent spend has used.

The settings functions work on the config document (a dict) so that
config.update() can apply them atomically; the usage math works on the
calls of one scan.
"""
from __future__ import annotations

import datetime as dt
import math

from codeburn.errors import UsageError
from codeburn.jstext import js_number, js_parse_int, js_truthy
from codeburn.plainclass import dataclass

PROVIDERS = ("all", "claude", "codex", "cursor", "grok")  # also the order plans are listed in
PRESETS = {  # id: (provider, monthly USD, display name); prices as publicly stated in April 2026
    "claude-pro": ("claude", 20, "Claude Pro"),
    "claude-max": ("claude", 200, "Claude Max 20x"),
    "claude-max-5x": ("claude", 100, "Claude Max 5x"),
    "cursor-pro": ("cursor", 20, "Cursor Pro"),
    "supergrok": ("grok", 30, "SuperGrok"),
    "supergrok-heavy": ("grok", 300, "SuperGrok Heavy"),
}
IDS = (*PRESETS, "custom", "none")
NEAR_PERCENT = 80
MS_PER_DAY = 86_400_000


@dataclass(frozen=True)
class Plan:
    id: str
    monthly_usd: float
    provider: str
    reset_day: int
    set_at: str

    @property
    def label(self) -> str:
        return f"Custom ({self.provider})" if self.id == "custom" else PRESETS.get(self.id, ("", 0, self.id))[2]

    @property
    def active(self) -> bool:
        return self.id != "none" and math.isfinite(self.monthly_usd) and self.monthly_usd > 0

    def as_json(self) -> dict:
        return {"id": self.id, "monthlyUsd": js_num(self.monthly_usd), "provider": self.provider,
                "resetDay": clamp_reset_day(self.reset_day), "setAt": self.set_at or None}


def clamp_reset_day(day) -> int:
    """As Number.isInteger reads it: 15.0 (or 1e1 in the file) is a whole day."""
    if isinstance(day, bool) or not isinstance(day, (int, float)) or not math.isfinite(day) or day != int(day):
        return 1
    return min(28, max(1, int(day)))


def read(doc: dict) -> list[Plan]:
    """The plans in config.json, in PROVIDERS order. An `all` plan is ignored
    beside provider plans; the legacy single `plan` key counts only when
    `plans` is empty. Entries that are not plans are skipped."""
    stored = doc.get("plans")
    found: dict[str, Plan] = {}
    if isinstance(stored, dict) and stored:
        for provider in PROVIDERS:
            plan = _plan(stored.get(provider), provider)
            if plan:
                found[provider] = plan
        if "all" in found and len(found) > 1:
            del found["all"]
    elif isinstance(doc.get("plan"), dict):
        legacy = doc["plan"]
        plan = _plan(legacy, legacy.get("provider"))
        if plan and plan.provider in PROVIDERS:
            found[plan.provider] = plan
    return [found[p] for p in PROVIDERS if p in found]


def _plan(value, provider) -> Plan | None:
    if not isinstance(value, dict) or not isinstance(value.get("id"), str):
        return None
    usd = value.get("monthlyUsd")
    usd = float(usd) if isinstance(usd, (int, float)) and not isinstance(usd, bool) else math.nan
    set_at = value.get("setAt") if isinstance(value.get("setAt"), str) else ""
    return Plan(value["id"], usd, provider, value.get("resetDay", 1), set_at)


def active(doc: dict) -> list[Plan]:
    return [p for p in read(doc) if p.active]


def choose(plan_id: str, provider: str | None, monthly_usd: str | None, reset_day: str | None,
           now: dt.datetime) -> Plan:
    """The plan `plan set` describes; a UsageError names what is wrong."""
    if plan_id not in IDS:
        raise UsageError(f'unknown plan "{plan_id}"', hint="one of: " + ", ".join(IDS))
    day = check_reset_day(reset_day)
    set_at = now.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if plan_id == "custom":
        if monthly_usd is None:
            raise UsageError("a custom plan needs --monthly-usd N (its monthly price in USD)")
        return Plan("custom", check_amount(monthly_usd, "--monthly-usd"), provider or "all", day, set_at)
    preset_provider, usd, _ = PRESETS[plan_id]
    if provider is not None and provider != preset_provider:
        raise UsageError(f"{plan_id} is a {preset_provider} plan; omit --provider or use --provider {preset_provider}")
    return Plan(plan_id, usd, preset_provider, day, set_at)


def check_provider(value: str | None) -> str | None:
    if value is not None and value not in PROVIDERS:
        raise UsageError(f'unknown plan provider "{value}"', hint="one of: " + ", ".join(PROVIDERS))
    return value


def check_reset_day(value: str | None) -> int:
    if value is None:
        return 1
    day = js_parse_int(value)  # as the reference reads it: `5.5` is 5, `10abc` 10
    if not 1 <= day <= 28:
        raise UsageError(f"--reset-day must be a whole number from 1 to 28; got {value}")
    return int(day)


def check_amount(value: str, flag: str) -> float:
    amount = js_number(value)  # as the reference reads it: `0x10` is 16, `1_000` no number
    if not math.isfinite(amount) or amount <= 0:
        raise UsageError(f"{flag} must be a positive number; got {value}")
    return amount


def save(doc: dict, plan: Plan) -> None:
    """Into doc: an `all` plan replaces every plan; a provider plan replaces
    that provider's and drops an `all` plan. The legacy key goes."""
    entry = {"id": plan.id, "monthlyUsd": js_num(plan.monthly_usd), "provider": plan.provider,
             "resetDay": plan.reset_day, "setAt": plan.set_at}
    if plan.provider == "all":
        doc["plans"] = {"all": entry}
    else:
        kept = _stored(doc)
        kept.pop("all", None)
        kept[plan.provider] = entry
        doc["plans"] = kept
    doc.pop("plan", None)


def clear(doc: dict, provider: str | None) -> None:
    """Removes one provider's plan, or every plan."""
    if provider:
        kept = _stored(doc)
        kept.pop(provider, None)
        if kept:
            doc["plans"] = kept
        else:
            doc.pop("plans", None)
    else:
        doc.pop("plans", None)
    doc.pop("plan", None)


def _stored(doc: dict) -> dict[str, dict]:
    """The plans entries as the reference carries them over when it saves:
    each provider's entry as stored (its keys, their order and values kept),
    named by that provider and given a setAt, in PROVIDERS order; an `all`
    entry beside provider ones goes; else the legacy `plan` under its
    provider."""
    stored = doc.get("plans")
    out: dict[str, dict] = {}
    if isinstance(stored, dict) and stored:
        for provider in PROVIDERS:
            value = stored.get(provider)
            if js_truthy(value):  # ({...value}: an object's keys, a list's or string's indices, else none)
                entry = dict(value) if isinstance(value, dict) else \
                    {str(i): v for i, v in enumerate(value)} if isinstance(value, (list, str)) else {}
                entry["provider"] = provider
                entry["setAt"] = entry["setAt"] if entry.get("setAt") is not None else ""
                out[provider] = entry
        if "all" in out and len(out) > 1:
            del out["all"]
    elif isinstance(doc.get("plan"), dict) and isinstance(doc["plan"].get("provider"), str):
        out[doc["plan"]["provider"]] = doc["plan"]
    return out


def js_num(x: float):
    """A whole amount as an int, so JSON shows 20, not 20.0."""
    x = float(x)
    return int(x) if math.isfinite(x) and x.is_integer() else x


# ---- usage ---------------------------------------------------------------

def window(reset_day: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """[first day, first day of the next window) of the billing month that
    holds today."""
    day = clamp_reset_day(reset_day)
    if today.day >= day:
        return today.replace(day=day), _add_month(today.replace(day=day), 1)
    return _add_month(today.replace(day=day), -1), today.replace(day=day)


def _add_month(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    return d.replace(year=d.year + m // 12, month=m % 12 + 1)


def window_start_ms(plans: list[Plan], now: dt.datetime, tz: dt.tzinfo) -> int | None:
    """Earliest start of the plans' billing windows: what a read must cover."""
    from codeburn.aggregate.periods import local_midnight_ms

    today = now.astimezone(tz).date()
    starts = [local_midnight_ms(window(p.reset_day, today)[0], tz) for p in plans]
    return min(starts) if starts else None


def usage(plan: Plan, scan, now: dt.datetime, tz: dt.tzinfo) -> dict:
    """The plan's summary (spec §7.3 JSON keys; money in USD) from the calls
    of a scan: spend of the plan's provider from the window's start to now."""
    import numpy as np

    from codeburn.aggregate.periods import Period, local_day_numbers, local_midnight_ms
    from codeburn.aggregate.usage import select_calls
    from codeburn.report.build import js_round1, total_cost

    today = now.astimezone(tz).date()
    first, after = window(plan.reset_day, today)
    start_ms, now_ms = local_midnight_ms(first, tz), int(now.timestamp() * 1000)
    u = select_calls(scan, Period(start_ms, now_ms, "", "plan"), [], [], tz)
    if plan.provider != "all":
        mine = np.array([s.provider == plan.provider for s in scan.sources], dtype=bool)
        keep = mine[scan.cols["file"][u.sel]] if u.sel.size else np.zeros(0, bool)
    else:
        keep = np.ones(u.sel.size, dtype=bool)
    cost, times = u.cost[keep], u.times[keep]
    spent = total_cost(cost)
    percent = spent / plan.monthly_usd * 100
    status = "over" if percent > 100 else "near" if percent >= NEAR_PERCENT else "under"
    first_day = (first - dt.date(1970, 1, 1)).days
    elapsed = max(1, (today - first).days + 1)
    daily = np.bincount(local_day_numbers(times, tz) - first_day, weights=cost, minlength=elapsed)[:elapsed]
    remaining = max(0, (after - today).days - 1)
    projected = spent + _median(daily[-7:].tolist()) * remaining
    iso = lambda d: dt.datetime.fromtimestamp(local_midnight_ms(d, tz) / 1000, dt.timezone.utc).isoformat(  # noqa: E731
        timespec="milliseconds").replace("+00:00", "Z")
    return {"id": plan.id, "provider": plan.provider, "budget": js_num(float(plan.monthly_usd)), "spent": spent,
            "percentUsed": js_round1(percent), "status": status, "projectedMonthEnd": projected,
            "daysUntilReset": max(0, (after - today).days), "periodStart": iso(first), "periodEnd": iso(after)}


def _median(values: list[float]) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    mid = len(s) // 2
    return (s[mid - 1] + s[mid]) / 2 if len(s) % 2 == 0 else s[mid]


def summaries(plans: list[Plan], scan, now: dt.datetime, tz: dt.tzinfo) -> dict:
    """{"plan": the first, "plans": {provider: summary}}, or {} with no plan."""
    if not plans:
        return {}
    rows = {p.provider: usage(p, scan, now, tz) for p in plans}
    return {"plan": rows[plans[0].provider], "plans": rows}


def line(summary: dict) -> str:
    """One line for text output: spend against the plan's price."""
    from codeburn.report.text import money

    name = Plan(summary["id"], summary["budget"], summary["provider"], 1, "").label
    text = (f"{name}: {money(summary['spent'])} API-equivalent / {money(summary['budget'])} budget"
            f" ({summary['percentUsed']:.1f}%, {summary['status']})")
    if summary["status"] == "over":
        text += f", {summary['spent'] / max(summary['budget'], 1):.1f}x the sticker price"
    return text + f"; projected {money(summary['projectedMonthEnd'])}, resets in {summary['daysUntilReset']} days"
