"""codeburn overview: a plain-text summary of a period, to paste anywhere.

Usage:
  codeburn overview [options] [--project NAME]... [--exclude NAME]...

Totals (cost, tokens, calls and sessions, cache hit, a budget line when a
budget is set), then tokens by kind, spend by provider, the top models, the
costliest days, the top projects, every day, activities and tools.

Options:
  -p PERIOD, --period PERIOD  today, yesterday, week, 30days, month, all (6 months),
                              lifetime [default: month]
  --from DATE                 first day, YYYY-MM-DD
  --to DATE                   last day, YYYY-MM-DD
  --provider NAME             claude, codex or all [default: all]
  --project NAME              only projects whose name or path contains NAME
  --exclude NAME              leave out projects whose name or path contains NAME
  --jobs N                    threads reading files (default: every core)
  --no-cache                  read every file again (and keep nothing)
  --timezone TZ               IANA zone for day boundaries (else CODEBURN_TZ, TZ)
  --format FMT                text or json [default: text]
  --no-color                  no colour even on a terminal
  --strict                    exit 1 when any line or file had to be skipped
  --verbose                   more detail on stderr
  --traceback                 show the full traceback of an error
  -h, --help                  show this help
"""
from __future__ import annotations

from codeburn import periods
from codeburn.commands.common import check_format, emit_warnings, load
from codeburn.env import Environment
from codeburn.status import ExitStatus

FORMATS = ("text", "json")


def run(args: dict, env: Environment) -> ExitStatus:
    fmt = check_format(args["--format"], FORMATS)
    tz = periods.resolve_zone(args["--timezone"], env.environ)
    now = env.clock()
    period = periods.select_period(args["--period"], args["--from"], args["--to"], None, now, tz, "month")
    loaded = load(args, env, period, tz)
    from codeburn.report import build, jsjson, overview
    from codeburn.turns import turn_table

    u = loaded.usage
    report = build.build_report(u, now)
    doc = overview.overview(u, turn_table(u), report)
    doc["warnings"] = loaded.warnings
    emit_warnings(env, loaded.warnings)
    if fmt == "json":
        env.stdout.write(jsjson.dumps(doc) + "\n")
    else:
        env.stdout.write(overview.render(doc, env.color(args["--no-color"])))
    return loaded.status(args)
