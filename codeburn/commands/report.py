"""`codeburn report | today | month | scan`: spend over a period."""
from __future__ import annotations

from codeburn import periods
from codeburn.commands.common import check_format, emit_warnings, load, unpriced_warnings
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
    loaded = load(args, env, span, tz, args["<path>"] if command == "scan" else None)
    from codeburn import plans
    from codeburn.report import build, jsjson, text  # after the read starts (see load)

    u = loaded.usage
    if span is not period:  # read from the plans' window start; the report is the period's
        from codeburn.usage import select_calls

        u = select_calls(u.scan, period, args["--project"] or [], args["--exclude"] or [], tz)
    report = build.build_report(u, now)
    report.update(plans.summaries(active, u.scan, now, tz))
    report["warnings"] = loaded.warnings + unpriced_warnings(u)
    emit_warnings(env, report["warnings"])
    if fmt == "json":
        env.stdout.write(jsjson.dumps(report) + "\n")
    else:
        env.stdout.write(text.render(report, color=env.color(args["--no-color"])))
    return loaded.status(args)


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
