"""`codeburn report | today | month | scan`: spend over a period."""
from __future__ import annotations

import os

from codeburn import periods
from codeburn.commands.common import (Loaded, check_format, config_warnings, emit_warnings, find_sources, load,
                                     unpriced_warnings)
from codeburn.problems import unreadable_message
from codeburn.env import Environment
from codeburn.errors import UsageError
from codeburn.status import ExitStatus

FORMATS = ("text", "json")
FORMAT_ALIASES = {"tui": "text", "terminal": "text"}


def run(args: dict, env: Environment) -> ExitStatus:
    fmt = check_format(args["--format"], FORMATS, FORMAT_ALIASES)
    tz = periods.resolve_zone(args["--timezone"], env.environ)
    now = env.clock()
    command = next((c for c in ("today", "month", "scan") if args[c]), "report")
    period = _period(command, args, now, tz)

    active = [] if command == "scan" else _plans(args, env)
    span = _span(period, active, now, tz)
    found = kept = where = None
    if command != "scan" and not active:  # a plan's summary moves with the clock: not kept
        found = find_sources(args, env, span)
        where = _memo_key(env, command, period, tz, args, found)  # before the read renames Codex sources
        kept = _kept_report(env, where, found[1])
    if kept is not None:
        report, warnings, skipped = kept
    else:
        loaded = load(args, env, span, tz, args["<path>"] if command == "scan" else None, sources=found)
        from codeburn import plans
        from codeburn.report import build  # after the read starts (see load)

        u = loaded.usage
        if span is not period:  # read from the plans' window start; the report is the period's
            from codeburn.usage import select_calls

            u = select_calls(u.scan, period, args["--project"] or [], args["--exclude"] or [], tz)
        report = build.build_report(u, now)
        report.update(plans.summaries(active, u.scan, now, tz))
        unpriced = unpriced_warnings(u)
        warnings, skipped = loaded.warnings + unpriced, loaded.skipped
        _keep_report(where, loaded, report, unpriced)
    report = {"generated": _generated(now), **{k: v for k, v in report.items() if k != "generated"}}
    report["warnings"] = warnings
    emit_warnings(env, report["warnings"])
    _write(env, args, fmt, report)
    return Loaded.exit_status(args, skipped)


def _generated(now) -> str:
    """The report's `generated` stamp: UTC, milliseconds, as JavaScript writes it."""
    import datetime as dt

    return now.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _write(env: Environment, args: dict, fmt: str, report: dict) -> None:
    from codeburn.report import jsjson, text

    if fmt == "json":
        env.stdout.write(jsjson.dumps(report) + "\n")
    else:
        env.stdout.write(text.render(report, color=env.color(args["--no-color"])))


def _memo_key(env: Environment, command: str, period, tz, args: dict, sources) -> tuple[str, str] | None:
    """(cache dir, codeburn.reportmemo key) of this command over these sources, if it may be kept."""
    if args.get("--no-cache") or args.get("--dask"):
        return None
    from codeburn import reportmemo, ruleset, scanmemo
    from codeburn.cachedir import cache_dir
    from codeburn.filecache import SUBDIR

    digest = ruleset.digest(ruleset.rules_dir(env.environ))
    scan_key = scanmemo.key(sources[0], digest, True) if digest else None
    if scan_key is None:
        return None
    k = reportmemo.key(scan_key, command, period, args.get("--project") or [], args.get("--exclude") or [], tz)
    return os.path.join(cache_dir(env.environ), SUBDIR), k


def _kept_report(env: Environment, where: tuple[str, str] | None, walker):
    """(report, warnings, skipped) of the same command over unchanged files
    (codeburn.reportmemo, `where` from _memo_key), or None."""
    if where is None:
        return None
    from codeburn import reportmemo

    kept = reportmemo.load(*where)
    if kept is None:
        return None
    report, problems, unpriced, skipped = kept
    warnings = config_warnings(env) + problems + ([unreadable_message(walker.errors)] if walker.errors else [])
    return report, warnings + unpriced, skipped + len(walker.errors)


def _keep_report(where: tuple[str, str] | None, loaded, report: dict, unpriced: list[str]) -> None:
    """Keeps the report of a kept scan for a repeat (codeburn.reportmemo)."""
    result = loaded.result
    if where is None or result is None or result.kept_problems is None:
        return
    from codeburn import reportmemo

    reportmemo.save(*where, report, result.kept_problems, unpriced, loaded.skipped - result.stats.get("unreadable", 0))


def _plans(args: dict, env: Environment) -> list:
    """Active plans (codeburn plan) of the providers this report covers."""
    from codeburn import config, plans

    chosen = plans.active(config.document(env.home))
    if args["--provider"] != "all":
        chosen = [p for p in chosen if p.provider == args["--provider"]]
    return chosen


def _span(period: periods.Period, active: list, now, tz) -> periods.Period:
    """What to read: the period, stretched back to the earliest plan window
    start and on to now, so the plans' spend comes from the same read."""
    if not active:
        return period
    from codeburn import plans

    start = min(period.start_ms, plans.window_start_ms(active, now, tz))
    end = max(period.end_ms, int(now.timestamp() * 1000))
    if (start, end) == (period.start_ms, period.end_ms):
        return period
    return periods.Period(start, end, period.label, period.key)


def _period(command: str, args: dict, now, tz) -> periods.Period:
    if command in ("today", "month"):
        if args["--from"] or args["--to"] or args["--day"]:
            raise UsageError(f"`codeburn {command}` takes no --from, --to or --day",
                             hint="use `codeburn report` for custom ranges")
        return periods.named_period(command, now, tz)
    default = "lifetime" if command == "scan" else "week"
    return periods.select_period(args["--period"], args["--from"], args["--to"], args["--day"], now, tz, default)
