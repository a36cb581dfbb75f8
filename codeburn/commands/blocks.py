from __future__ import annotations

from codeburn.aggregate import periods
from codeburn.commands import kept
from codeburn.commands.common import (LAST_OPTIONS, PERIOD_OPTIONS, PROJECT_OPTIONS, READ_OPTIONS,
                                      STRICT_OPTION, check_format, emit_warnings)
from codeburn.env import Environment
from codeburn.jstext import JS_DATE_MAX_MS
from codeburn.status import ExitStatus

FORMATS = ("text", "json")

__doc__ = """codeburn blocks: Claude's 5-hour billing windows.

Usage:
  codeburn blocks [options] [--project NAME]... [--exclude NAME]...

As ccusage's `blocks`: a block starts at the hour of its first Claude call
and ends 5 hours later; a call after that, or after 5 hours without calls,
opens the next (silences of more than 5 hours are listed as gaps). Each
block shows its models, tokens and cost; the active block also its burn
rate (cost per hour, tokens per minute, from its first to its last call)
and where it ends up at that rate.

Options:
""" + PERIOD_OPTIONS.format(default="lifetime") + """\
  --active                    only the active block
  --format FMT                text or json [default: text]
  --no-color                  no colour even on a terminal
""" + PROJECT_OPTIONS + READ_OPTIONS + STRICT_OPTION + LAST_OPTIONS


def run(args: dict, env: Environment) -> ExitStatus:
    fmt = check_format(args["--format"], FORMATS)
    tz = periods.resolve_zone(args["--timezone"], env.environ)
    now = env.clock()
    period = periods.select_period(args["--period"], args["--from"], args["--to"], None, now, tz, "lifetime")
    # A window's start never depends on the period asked for: the windows are made from every call
    # (calls ahead of the clock too, as ccusage lists them), then those overlapping the period kept.
    every = periods.select_period("lifetime", None, None, None, now, tz, "lifetime")
    wide = periods.Period(every.start_ms, JS_DATE_MAX_MS, every.label, "blocks")
    out = kept.output({**args, "--provider": "claude"}, env, "blocks", wide, tz, _spans, classify_turns=False)
    from codeburn.report import blocks, jsjson

    until = JS_DATE_MAX_MS if period.key == "lifetime" else period.end_ms  # (the default: every block, ahead of the clock too)
    rows = blocks.overlapping(blocks.at(out.doc, int(now.timestamp() * 1000)), period.start_ms, until)
    if args["--active"]:
        rows = [b for b in rows if b["isActive"]]
    emit_warnings(env, out.warnings)
    if fmt == "json":
        env.stdout.write(jsjson.dumps({"blocks": rows, "warnings": out.warnings}) + "\n")
    else:
        env.stdout.write(blocks.render(rows, tz, env.color(args["--no-color"])))
    return out.status(args)


def _spans(loaded):
    from codeburn.report import blocks

    return blocks.spans(loaded.usage), []
