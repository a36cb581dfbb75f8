from __future__ import annotations

from codeburn import periods
from codeburn.commands.common import (LAST_OPTIONS, PERIOD_OPTIONS, PROJECT_OPTIONS, PROVIDER_OPTION,
                                      READ_OPTIONS, STRICT_OPTION, check_format, emit_warnings, load)
from codeburn.env import Environment
from codeburn.status import ExitStatus

FORMATS = ("table", "json")

__doc__ = """codeburn sessions: spend per session.

Usage:
  codeburn sessions [options] [--project NAME]... [--exclude NAME]...

Each session file is a row; a subagent transcript is a session of its own
(`agent-<id>`). The table lists the newest first; the JSON keeps the
reference tool's keys and order (projects by cost, sessions as read).

Options:
""" + PERIOD_OPTIONS.format(default="30days") + PROVIDER_OPTION + PROJECT_OPTIONS + READ_OPTIONS + """\
  --format FMT                table or json [default: table]
  --no-color                  no colour even on a terminal
""" + STRICT_OPTION + LAST_OPTIONS


def run(args: dict, env: Environment) -> ExitStatus:
    fmt = check_format(args["--format"], FORMATS, {"text": "table"})
    tz = periods.resolve_zone(args["--timezone"], env.environ)
    period = periods.select_period(args["--period"], args["--from"], args["--to"], None, env.clock(), tz, "30days")
    loaded = load(args, env, period, tz)
    from codeburn.report import jsjson, sessions
    from codeburn.turns import turn_table

    rows = sessions.session_rows(loaded.usage, turn_table(loaded.usage))
    emit_warnings(env, loaded.warnings)
    if fmt == "json":
        env.stdout.write(jsjson.dumps(rows) + "\n")
    else:
        env.stdout.write(render_table(rows, env.color(args["--no-color"])))
    return loaded.status(args)


def render_table(rows: list[dict], color: bool = False) -> str:
    from codeburn.report.sessions import model_label
    from codeburn.report.text import Out, money

    if not rows:
        return "\n  No sessions found in this period.\n\n"
    out = Out(color)
    out.line()
    newest = sorted(rows, key=lambda r: r["startedAt"], reverse=True)
    out.table("Sessions", ["started", "session", "project", "provider", "models", "cost", "calls", "turns"],
              [[r["startedAt"].replace("T", " ")[:16], r["sessionId"], r["project"], r["provider"],
                model_label(r["models"]), money(r["cost"]), f"{r['calls']:,}", f"{r['turns']:,}"] for r in newest],
              left=5)
    total = sum(r["cost"] for r in rows)
    out.line(f"  {len(rows):,} sessions · {money(total)} total · newest first")
    out.line()
    return "".join(out.parts)
