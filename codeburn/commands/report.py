"""`codeburn report | today | month | scan`: spend over a period."""
from __future__ import annotations

from codeburn import periods
from codeburn.env import Environment
from codeburn.errors import UsageError
from codeburn.providers import PROVIDERS
from codeburn.providers.base import Walker
from codeburn.status import ExitStatus

FORMATS = ("text", "json")
FORMAT_ALIASES = {"tui": "text", "terminal": "text"}


def run(args: dict, env: Environment) -> ExitStatus:
    fmt = _format(args["--format"])
    providers = _providers(args["--provider"])
    tz = periods.resolve_zone(args["--timezone"], env.environ)
    now = env.clock()
    command = next((c for c in ("today", "month", "scan") if args[c]), "report")
    period = _period(command, args, now, tz)

    from codeburn import scan as scanning
    from codeburn.report import build, jsjson, text
    from codeburn.usage import select_calls

    walker = Walker()
    warnings: list[str] = []
    if command == "scan" and args["<path>"]:
        sources = scanning.discover_paths(args["<path>"], walker, warnings)
    else:
        sources = scanning.discover_default(env.environ, env.home, walker, providers)
    sources = scanning.mtime_filter(sources, period.start_ms)
    result = scanning.scan_sources(sources, walker.errors, warnings)
    usage = select_calls(result, period, args["--project"], args["--exclude"], tz)
    report = build.build_report(usage, now)
    report["warnings"] = result.warnings + _unpriced_warnings(report)
    for w in report["warnings"]:
        env.stderr.write(f"codeburn: warning: {w}\n")
    if fmt == "json":
        env.stdout.write(jsjson.dumps(report) + "\n")
    else:
        env.stdout.write(text.render(report, color=env.color(args["--no-color"])))
    return ExitStatus.OK


def _unpriced_warnings(report: dict) -> list[str]:
    return [f"no price known for model {r['model']!r} ({r['calls']} calls): counted at $0"
            for r in report["unpricedModels"]]


def _format(value: str) -> str:
    fmt = FORMAT_ALIASES.get(value, value)
    if fmt not in FORMATS:
        raise UsageError(f'unknown format "{value}"', hint="valid values: " + ", ".join(FORMATS))
    return fmt


def _providers(value: str) -> list[str]:
    if value == "all":
        return list(PROVIDERS)
    if value not in PROVIDERS:
        raise UsageError(f'unknown provider "{value}"', hint="valid values: all, " + ", ".join(PROVIDERS))
    return [value]


def _period(command: str, args: dict, now, tz) -> periods.Period:
    if command in ("today", "month"):
        if args["--from"] or args["--to"] or args["--day"]:
            raise UsageError(f"`codeburn {command}` takes no --from, --to or --day",
                             hint="use `codeburn report` for custom ranges")
        return periods.named_period(command, now, tz)
    default = "lifetime" if command == "scan" else "week"
    return periods.select_period(args["--period"], args["--from"], args["--to"], args["--day"], now, tz, default)
