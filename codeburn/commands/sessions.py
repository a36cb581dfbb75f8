"""codeburn sessions: spend per session.

Usage:
  codeburn sessions [options] [--project NAME]... [--exclude NAME]...

Each session file is a row; a subagent transcript is a session of its own
(`agent-<id>`). The table lists the newest first; the JSON keeps the
reference tool's keys and order (projects by cost, sessions as read).

Options:
  -p PERIOD, --period PERIOD  today, yesterday, week, 30days, month, all (6 months),
                              lifetime [default: 30days]
  --from DATE                 first day, YYYY-MM-DD
  --to DATE                   last day, YYYY-MM-DD
  --provider NAME             claude, codex or all [default: all]
  --project NAME              only projects whose name or path contains NAME
  --exclude NAME              leave out projects whose name or path contains NAME
  --jobs N                    threads reading files (default: every core)
  --no-cache                  read every file again (and keep nothing)
  --timezone TZ               IANA zone for day boundaries (else CODEBURN_TZ, TZ)
  --format FMT                table or json [default: table]
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

FORMATS = ("table", "json")


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
