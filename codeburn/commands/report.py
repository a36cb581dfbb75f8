"""`codeburn report | today | month | scan`: spend over a period."""
from __future__ import annotations

from codeburn import periods
from codeburn.commands.common import check_format, emit_warnings, load
from codeburn.env import Environment
from codeburn.errors import UsageError
from codeburn.status import ExitStatus

FORMATS = ("text", "json", "html", "markdown")
FORMAT_ALIASES = {"tui": "text", "terminal": "text", "md": "markdown"}


def run(args: dict, env: Environment) -> ExitStatus:
    fmt = check_format(args["--format"], FORMATS, FORMAT_ALIASES)
    command = next((c for c in ("today", "month", "scan") if args.get(c)), "report")
    tz = periods.resolve_zone(args["--timezone"], env.environ)
    now = env.clock()
    period = _period(command, args, now, tz)

    loaded = load(args, env, period, tz, args["<path>"] if command == "scan" else None)
    from codeburn.report import build  # after the read starts (see load)

    report = build.build_report(loaded.usage, now)
    report["warnings"] = loaded.warnings + unpriced_warnings(report)
    emit_warnings(env, report["warnings"])
    _emit(env, args, _render(fmt, report, color=not args.get("--output") and env.color(args["--no-color"])))
    return loaded.status(args)


def _render(fmt: str, report: dict, color: bool) -> str:
    if fmt == "json":
        from codeburn.report import jsjson

        return jsjson.dumps(report) + "\n"
    if fmt == "html":
        from codeburn.report import html

        return html.render(report)
    if fmt == "markdown":
        from codeburn.report import markdown

        return markdown.render(report)
    from codeburn.report import text

    return text.render(report, color=color)


def _emit(env: Environment, args: dict, out: str) -> None:
    if args.get("--output"):
        from codeburn.outfile import write_text

        write_text(args["--output"], out)
    else:
        env.stdout.write(out)


def unpriced_warnings(report: dict) -> list[str]:
    return [f"no price known for model {r['model']!r} ({r['calls']} calls): counted at $0"
            for r in report["unpricedModels"]]


def _period(command: str, args: dict, now, tz) -> periods.Period:
    if command in ("today", "month"):
        if args["--from"] or args["--to"] or args["--day"]:
            raise UsageError(f"`codeburn {command}` takes no --from, --to or --day",
                             hint="use `codeburn report` for custom ranges")
        return periods.named_period(command, now, tz)
    default = "lifetime" if command == "scan" else "week"
    return periods.select_period(args["--period"], args["--from"], args["--to"], args["--day"], now, tz, default)
