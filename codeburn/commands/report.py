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

    loaded = load(args, env, period, tz, args["<path>"] if command == "scan" else None)
    from codeburn.report import build, jsjson, text  # after the read starts (see load)

    report = build.build_report(loaded.usage, now)
    report["warnings"] = loaded.warnings + unpriced_warnings(loaded.usage)
    emit_warnings(env, report["warnings"])
    if fmt == "json":
        env.stdout.write(jsjson.dumps(report) + "\n")
    else:
        env.stdout.write(text.render(report, color=env.color(args["--no-color"])))
    return loaded.status(args)


def _period(command: str, args: dict, now, tz) -> periods.Period:
    if command in ("today", "month"):
        if args["--from"] or args["--to"] or args["--day"]:
            raise UsageError(f"`codeburn {command}` takes no --from, --to or --day",
                             hint="use `codeburn report` for custom ranges")
        return periods.named_period(command, now, tz)
    default = "lifetime" if command == "scan" else "week"
    return periods.select_period(args["--period"], args["--from"], args["--to"], args["--day"], now, tz, default)
