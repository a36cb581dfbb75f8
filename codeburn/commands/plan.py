from __future__ import annotations

from codeburn import config
from codeburn.aggregate import periods
from codeburn.commands.common import LAST_OPTIONS, READ_OPTIONS, check_format, emit_warnings
from codeburn.cost import plans
from codeburn.env import Environment
from codeburn.status import ExitStatus

FORMATS = ("text", "json")
NO_PLAN = {"id": "none", "monthlyUsd": 0, "provider": "all", "resetDay": 1, "setAt": None}

__doc__ = """codeburn plan: a subscription's price against your API-equivalent spend.

Usage:
  codeburn plan [show] [options]
  codeburn plan set <id> [options]
  codeburn plan reset [options]

Plans: claude-pro ($20), claude-max (Claude Max 20x, $200), claude-max-5x
($100), cursor-pro ($20), supergrok ($30), supergrok-heavy ($300), and
custom (--monthly-usd N, for --provider P or all); `set none` is `reset`.
One plan per provider, kept in ~/.config/codeburn/config.json under `plans`
(every other setting there is kept). `show` adds the current billing month
(from the reset day): spend so far, percent of the price, under / near
(80% or more) / over, and the month-end projection (spend plus the median
of the last 7 days' spend for each day left). `report` and
`status --format json` show the same.

Options:
""" + """\
  --format FMT                text or json [default: text]
  --monthly-usd N             a custom plan's monthly price in USD
  --provider NAME             the plan's provider: all, claude, codex, cursor or grok
  --reset-day D               day of the month the plan renews, 1 to 28 [default: 1]
""" + READ_OPTIONS + LAST_OPTIONS


def run(args: dict, env: Environment) -> ExitStatus:
    fmt = check_format(args["--format"], FORMATS)
    provider = plans.check_provider(args["--provider"])
    if args["set"] and args["<id>"] != "none":
        plan = plans.choose(args["<id>"], provider, args["--monthly-usd"], args["--reset-day"], env.clock())
        config.update(env.home, lambda doc: plans.save(doc, plan))
        env.stdout.write(f"\n  Plan set: {plan.label} (${plans.js_num(plan.monthly_usd)}/month), provider "
                         f"{plan.provider}, reset day {plan.reset_day}.\n  Config saved to {config.path(env.home)}\n\n")
        return ExitStatus.OK
    if args["set"] or args["reset"]:
        config.update(env.home, lambda doc: plans.clear(doc, provider))
        env.stdout.write(f"\n  Plan reset for {provider}.\n\n" if provider else
                         "\n  Plan reset. API-pricing view is active.\n\n")
        return ExitStatus.OK
    return _show(args, env, fmt, provider)


def _show(args: dict, env: Environment, fmt: str, provider: str | None) -> ExitStatus:
    chosen = [p for p in plans.read(config.document(env.home))
              if p.id != "none" and (not provider or provider == "all" or p.provider == provider)]
    usage, warnings = _usage(args, env, [p for p in chosen if p.active])
    emit_warnings(env, warnings)
    if fmt == "json":
        from codeburn.report import jsjson

        doc = dict(NO_PLAN) if not chosen else {
            **chosen[0].as_json(), "plans": {p.provider: p.as_json() for p in chosen}}
        if usage:
            doc["usage"] = usage
        env.stdout.write(jsjson.dumps(doc, indent=None) + "\n")
        return ExitStatus.OK
    if not chosen:
        env.stdout.write(f"\n  Plan: none\n  API-pricing view is active.\n  Config: {config.path(env.home)}\n\n")
        return ExitStatus.OK
    tz = periods.resolve_zone(args["--timezone"], env.environ)
    lines = ["", f"  Plans: {len(chosen)}"]
    for p in chosen:
        lines += [f"  {p.provider}: {p.label} ({p.id})", f"    Budget: ${_js_text(p.monthly_usd)}/month",
                  f"    Reset day: {plans.clamp_reset_day(p.reset_day)}"]
        lines += [f"    Set at: {p.set_at}"] if p.set_at else []
        if p.provider in usage:
            s = usage[p.provider]
            lines.append(f"    This month ({_local_day(s['periodStart'], tz)} to {_local_day(s['periodEnd'], tz)}): "
                         f"{plans.line(s)}")
    lines += [f"  Config: {config.path(env.home)}", "", ""]
    env.stdout.write("\n".join(lines))
    return ExitStatus.OK


def _js_text(x: float) -> str:
    """A number as JavaScript prints it in a template (1e-7, 1e+21, NaN)."""
    import math

    from codeburn.report.jsjson import js_number

    if not math.isfinite(x):
        return "NaN" if x != x else "Infinity" if x > 0 else "-Infinity"
    return js_number(x)


def _local_day(iso: str, tz) -> str:
    """The local date of a window edge (written as a UTC instant: east of
    UTC the day before)."""
    import datetime as dt

    return dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(tz).date().isoformat()


def _usage(args: dict, env: Environment, active: list) -> tuple[dict, list[str]]:
    """Each active plan's summary, from one read since the earliest window
    start. Kept for a repeat (codeburn.commands.kept) under the day: a
    summary moves with the clock only through its day and through the calls
    up to now, so it is served again while no call of the read is later
    than the clock (`latest`)."""
    if not active:
        return {}, []
    from codeburn.commands import kept

    tz = periods.resolve_zone(args["--timezone"], env.environ)
    now = env.clock()
    now_ms = int(now.timestamp() * 1000)
    start = plans.window_start_ms(active, now, tz)
    day = periods.Period(start, periods.named_period("today", now, tz).end_ms, "", "plan")
    out = kept.output({**args, "--provider": "all", "--project": [], "--exclude": []}, env, "plan", day, tz,
                      lambda loaded: (_summaries(loaded, active, now, tz, day), []), classify_turns=False,
                      usable=lambda doc: doc["latest"] is None or doc["latest"] <= now_ms)
    return out.doc["plans"], out.warnings


def _summaries(loaded, active: list, now, tz, day: periods.Period) -> dict:
    """{"plans": the summaries at `now`, "latest": the last call time of the
    read up to the end of today (None: no call; NEVER when a call is later
    than `now`, whose summaries leave it out: never served again)}."""
    from codeburn.aggregate.usage import select_calls

    times = select_calls(loaded.usage.scan, day, [], [], tz).times
    latest = int(times.max()) if times.size else None
    if latest is not None and latest > int(now.timestamp() * 1000):
        latest = NEVER
    return {"plans": plans.summaries(active, loaded.usage.scan, now, tz)["plans"], "latest": latest}


NEVER = 1 << 62  # a `latest` no clock reaches
