"""codeburn status: today's and this month's spend, in one line.

Usage:
  codeburn status [options] [--project NAME]... [--exclude NAME]...

Options:
  --format FMT       text or json (one line, for status bars) [default: text]
  --provider NAME    a provider id (claude, codex, …) or all [default: all]
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
from codeburn.commands.common import check_format, check_providers, emit_warnings
from codeburn.env import Environment
from codeburn.status import ExitStatus

FORMATS = ("text", "json")


def run(args: dict, env: Environment) -> ExitStatus:
    fmt = check_format(args["--format"], FORMATS, {"terminal": "text"})
    tz = periods.resolve_zone(args["--timezone"], env.environ)
    now = env.clock()
    month = periods.named_period("month", now, tz)
    today = periods.named_period("today", now, tz)
    answer = _answer(args, env, tz, month, today)
    emit_warnings(env, answer["warnings"])
    t, m = answer["today"], answer["month"]
    if fmt == "json":
        from codeburn.report import jsjson

        # The JSON rounds costs to cents, as the reference's does (spec commands §3.2).
        doc = {"currency": "USD", **{k: dict(v, cost=jsjson.js_round2(v["cost"])) for k, v in (("today", t), ("month", m))}}
        env.stdout.write(jsjson.dumps(doc, indent=None) + "\n")
    else:
        from codeburn.report.text import money

        env.stdout.write(f"\n  Today  {money(t['cost'])}  {t['calls']:,} calls    "
                         f"Month  {money(m['cost'])}  {m['calls']:,} calls\n\n")
    return ExitStatus.ERROR if args["--strict"] and answer["skipped"] else ExitStatus.OK


def _answer(args: dict, env: Environment, tz, month: periods.Period, today: periods.Period) -> dict:
    """Today's and this month's totals: from the snapshot when nothing they
    depend on changed (codeburn.snapshot), else read, and kept."""
    from codeburn import config, snapshot
    from codeburn.cachedir import cache_dir
    from codeburn.providers import discover
    from codeburn.providers.base import Walker, mtime_filter

    names = check_providers(args["--provider"])
    walker = Walker()
    sources = mtime_filter(discover(env.environ, env.home, walker, names), month.start_ms)
    context = repr((str(tz), month.start_ms, today.start_ms, names, args["--project"], args["--exclude"],
                    walker.errors, config.load(env.home)))  # its dirs, warning and stamp: an edit misses
    key = snapshot.key([s.path for s in sources], context)
    directory = cache_dir(env.environ)
    if not args["--no-cache"]:
        kept = snapshot.read(directory, key)
        if kept is not None:
            return kept
    answer = _read(args, env, tz, month, today, sources, walker)
    if not args["--no-cache"]:
        snapshot.write(directory, key, answer)
    return answer


def _read(args, env, tz, month, today, sources, walker) -> dict:
    from codeburn.commands.common import load

    # One read covers both periods; categories are not needed, so the
    # keyword databases are not even loaded.
    loaded = load(args, env, month, tz, classify_turns=False, sources=(sources, walker))
    return {"today": _totals(loaded.usage, today), "month": _totals(loaded.usage, month),
            "warnings": loaded.warnings, "skipped": loaded.skipped}


def _totals(usage, period: periods.Period) -> dict:
    """Cost and number of the calls whose selection time falls in the period."""
    from codeburn.report.build import total_cost

    ts = usage.times
    inside = (ts >= period.start_ms) & (ts <= period.end_ms)
    return {"cost": total_cost(usage.cost[inside]), "savings": 0, "calls": int(inside.sum())}
