"""codeburn status: today's and this month's spend, in one line.

Usage:
  codeburn status [options] [--project NAME]... [--exclude NAME]...

Options:
  --format FMT       text or json (one line, for status bars) [default: text]
  --provider NAME    claude, codex or all [default: all]
  --project NAME     only projects whose name or path contains NAME
  --exclude NAME     leave out projects whose name or path contains NAME
  --jobs N           threads reading files (default: every core)
  --no-cache         read every file again (and keep nothing)
  --timezone TZ      IANA zone for day boundaries (else CODEBURN_TZ, TZ)
  --no-color         no colour even on a terminal
  --strict           exit 1 when any line or file had to be skipped
  --verbose          more detail on stderr
  --traceback        show the full traceback of an error
  -h, --help         show this help
"""
from __future__ import annotations

from codeburn import periods
from codeburn.commands.common import check_format, emit_warnings, load
from codeburn.env import Environment
from codeburn.status import ExitStatus

FORMATS = ("text", "json")


def run(args: dict, env: Environment) -> ExitStatus:
    fmt = check_format(args["--format"], FORMATS, {"terminal": "text"})
    tz = periods.resolve_zone(args["--timezone"], env.environ)
    now = env.clock()
    month = periods.named_period("month", now, tz)
    today = periods.named_period("today", now, tz)
    # One read covers both periods; categories are not needed, so the
    # keyword databases are not even loaded.
    loaded = load(args, env, month, tz, classify_turns=False)
    totals = {"today": _totals(loaded.usage, today), "month": _totals(loaded.usage, month)}
    emit_warnings(env, loaded.warnings)
    if fmt == "json":
        from codeburn.report import jsjson
        from codeburn.report.build import js_round2

        # The JSON rounds costs to cents, as the reference's does (spec commands §3.2).
        doc = {k: dict(v, cost=js_round2(v["cost"])) for k, v in totals.items()}
        env.stdout.write(jsjson.dumps({"currency": "USD", **doc}, indent=None) + "\n")
    else:
        from codeburn.report.text import money

        t, m = totals["today"], totals["month"]
        env.stdout.write(f"\n  Today  {money(t['cost'])}  {t['calls']:,} calls    "
                         f"Month  {money(m['cost'])}  {m['calls']:,} calls\n\n")
    return loaded.status(args)


def _totals(usage, period: periods.Period) -> dict:
    """Cost and number of the calls whose selection time falls in the period."""
    from codeburn.report.build import total_cost

    ts = usage.times
    inside = (ts >= period.start_ms) & (ts <= period.end_ms)
    return {"cost": total_cost(usage.cost[inside]), "savings": 0, "calls": int(inside.sum())}
