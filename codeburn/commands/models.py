from __future__ import annotations

from codeburn.aggregate import periods
from codeburn.commands import kept
from codeburn.commands.common import (LAST_OPTIONS, PERIOD_OPTIONS, PROJECT_OPTIONS, PROVIDER_OPTION,
                                      READ_OPTIONS, STRICT_OPTION, check_format, emit_warnings, terminal_width)
from codeburn.env import Environment
from codeburn.errors import UsageError
from codeburn.status import ExitStatus

FORMATS = ("table", "markdown", "json", "csv")
DEFAULT_WIDTH = 100
DEFAULT_MIN_COST = 0.01

__doc__ = """codeburn models: tokens and cost per model.

Usage:
  codeburn models [options] [--project NAME]... [--exclude NAME]...

Options:
""" + PERIOD_OPTIONS.format(default="30days") + PROVIDER_OPTION + """\
  --task CATEGORY             only turns of this task category (coding, debugging,
                              feature, refactoring, testing, exploration, planning,
                              delegation, git, build/deploy, conversation,
                              brainstorming, general)
  --by-task                   one row per model and task category
  --by-agent                  one row per model and Claude subagent type (calls
                              of main sessions and other tools: "(main)")
  --unpriced                  only models with usage that price at $0 with no
                              known rate, by raw id, most tokens first
  --top N                     keep the first N rows
  --min-cost USD              leave out rows that cost less (default: 0.01, or 0
                              with --unpriced)
  --no-totals                 no Total row
""" + PROJECT_OPTIONS + READ_OPTIONS + """\
  --dask ADDRESS              decode the files on a Dask cluster (see `codeburn --help`)
  --format FMT                table, markdown (md), json or csv [default: table]
  --no-color                  no colour even on a terminal
""" + STRICT_OPTION + LAST_OPTIONS


def run(args: dict, env: Environment) -> ExitStatus:
    fmt = check_format(args["--format"], FORMATS, {"md": "markdown"})
    top = _number(args["--top"], "--top", int, minimum=1) if args["--top"] is not None else None
    if args["--by-task"] and args["--by-agent"]:
        raise UsageError("--by-task and --by-agent cannot be combined", hint="pick one breakdown")
    given = args["--min-cost"]
    min_cost = _number(given, "--min-cost", float, minimum=0) if given is not None else \
        (0.0 if args["--unpriced"] else DEFAULT_MIN_COST)
    tz = periods.resolve_zone(args["--timezone"], env.environ)
    period = periods.select_period(args["--period"], args["--from"], args["--to"], None, env.clock(), tz, "30days")

    # The output is kept as written (for this format and width): a repeat imports no report code.
    width = _width(env) if fmt == "table" else None
    out = kept.output(args, env, "models", period, tz,
                      lambda loaded: (_text(loaded.usage, args, fmt, min_cost, top, width), []), extra=[width],
                      stores=True)
    emit_warnings(env, out.warnings)
    env.stdout.write(out.doc)
    return out.status(args)


def _text(u, args: dict, fmt: str, min_cost: float, top: int | None, width: int | None) -> str:
    from codeburn.aggregate.turns import turn_table
    from codeburn.report import models

    by = "task" if args["--by-task"] else "agent" if args["--by-agent"] else None
    unpriced, totals = bool(args["--unpriced"]), not args["--no-totals"]
    rows = models.model_rows(u, turn_table(u), args["--task"] or None, by, min_cost, top, unpriced)
    if fmt == "json":
        return models.render_json(rows)
    if fmt == "csv":
        return models.render_csv(rows, by)
    if fmt == "markdown":
        return models.render_markdown(rows, by, totals, unpriced)
    return models.render_table(rows, by, totals, width, unpriced)


def _number(text: str, flag: str, kind, minimum: float):
    try:
        value = kind(text)
    except ValueError:
        value = None
    if value is None or value < minimum or value != value:
        raise UsageError(f'invalid {flag} "{text}"', hint=f"a number of at least {minimum}")
    return value


def _width(env: Environment) -> int:
    """stdout's columns, else $COLUMNS, else 100."""
    return terminal_width(env) or DEFAULT_WIDTH
