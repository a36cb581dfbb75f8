from __future__ import annotations

from codeburn.aggregate import periods
from codeburn.commands import kept
from codeburn.commands.common import (LAST_OPTIONS, PERIOD_OPTIONS, PROJECT_OPTIONS, PROVIDER_OPTION,
                                      READ_OPTIONS, STRICT_OPTION, check_format, emit_warnings, terminal_width)
from codeburn.env import Environment
from codeburn.status import ExitStatus

FORMATS = ("table", "json")

__doc__ = """codeburn sessions: spend per session.

Usage:
  codeburn sessions [options] [--project NAME]... [--exclude NAME]...

Each session file is a row; a subagent transcript is a session of its own
(`agent-<id>`). The table lists the newest first; the JSON keeps the
reference tool's keys and order (projects by cost, sessions as read).

With --by-pr, spend by pull request instead: a Claude Code turn refers to
the pull requests its prompt links (https://github.com/OWNER/REPO/pull/N)
and to those recorded during it (`pr-link` records); each turn's cost
goes to the set referred to last (split evenly over a set of several),
turns before the first reference stay unattributed, and a subagent that
links none itself counts for its parent's set at the time it began. The
JSON is {"prs": [...], "distinct": {...}} with the reference's keys.

Options:
""" + PERIOD_OPTIONS.format(default="30days") + PROVIDER_OPTION + PROJECT_OPTIONS + READ_OPTIONS + """\
  --format FMT                table or json [default: table]
  --by-pr                     spend by pull request
  --no-color                  no colour even on a terminal
  --no-pager                  accepted for the reference's scripts: the table is
                              never paged here
""" + STRICT_OPTION + LAST_OPTIONS


def run(args: dict, env: Environment) -> ExitStatus:
    fmt = check_format(args["--format"], FORMATS, {"text": "table"})
    tz = periods.resolve_zone(args["--timezone"], env.environ)
    period = periods.select_period(args["--period"], args["--from"], args["--to"], None, env.clock(), tz, "30days")
    color = env.color(args["--no-color"])
    # The table fits the terminal (at least MIN_WIDTH cells; 0.9.20's
    # default without one, DEFAULT_WIDTH)
    width = max(MIN_WIDTH, terminal_width(env) or DEFAULT_WIDTH) if fmt == "table" else None
    # The output is kept as written (for this format, colour and width): a repeat imports no report code.
    out = kept.output(args, env, "sessions", period, tz,
                      lambda loaded: (_text(loaded, args["--by-pr"], fmt, color, width), []),
                      extra=[color, width], stores=True)
    emit_warnings(env, out.warnings)
    env.stdout.write(out.doc)
    return out.status(args)


def _text(loaded, by_pr: bool, fmt: str, color: bool, width: int | None = None) -> str:
    from codeburn.aggregate.turns import turn_table
    from codeburn.report import jsjson, prs, sessions

    t = turn_table(loaded.usage)
    doc = prs.attribute(loaded.usage, t) if by_pr else sessions.session_rows(loaded.usage, t)
    if fmt == "json":
        return jsjson.dumps(doc) + "\n"
    return (render_prs if by_pr else render_table)(doc, color, width)


def render_prs(doc: dict, color: bool = False, width: int | None = None) -> str:
    from codeburn.report.text import Out, money

    rows, totals = doc["prs"], doc["distinct"]
    if not rows:
        return ("\n  No session in this period links a pull request (a prompt naming a GitHub pull request URL,"
                "\n  or a pr-link record Claude Code writes when a session opens or names one).\n\n")
    out = Out(color, width)
    out.line()

    def models(names: list[str]) -> str:
        return ", ".join(names[:2]) + (f" +{len(names) - 2}" if len(names) > 2 else "")

    out.table("Spend by pull request", ["pr", "models", "first", "last", "cost", "sessions", "calls"],
              [[r["label"], models(r["models"]), r["firstStarted"][:10], r["lastEnded"][:10],
                ("~" if r["approx"] else "") + money(r["cost"]), f"{r['sessions']:,}", f"{r['calls']:,}"]
               for r in rows], left=4)
    n = totals["sessions"]
    folded = totals["subagentSessions"]
    line = (f"  {money(totals['attributedCost'])} attributed over {n:,} session{'s' if n != 1 else ''} linking a pull "
            f"request" + (f" and {folded:,} subagent run{'s' if folded != 1 else ''} folded into them" if folded else "")
            + f"; {money(totals['unattributedCost'])} of their spend came before any link.")
    out.line(line)
    if any(r["approx"] for r in rows):
        out.line("  ~ a session whose links fall in no turn of the period, split evenly over its links.")
    out.line()
    return "".join(out.parts)


TITLE_CHARS = 48  # a title longer than this is cut, with an ellipsis
MIN_WIDTH, DEFAULT_WIDTH = 60, 120   # the table's cells: at least, and without a terminal or $COLUMNS


def _name(row: dict) -> str:
    """A session as the table names it: its title when it has one, else its
    id cut short (session_labels.short_id)."""
    from codeburn.jstext import js_trim
    from codeburn.report.session_labels import short_id

    title = js_trim(row.get("title") or "")
    if not title:
        return short_id(row["sessionId"])
    return title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS - 1] + "…"


HEADER = ("started", "session", "project", "provider", "models", "cost", "calls", "turns")
TEXT_COLUMNS = 5             # the first five are text; the rest numbers
NAME_COLUMNS = (1, 2, 4)     # session, project, models: they give up cells to fit the terminal
# Left out, in this order, of a table that a narrow terminal cannot hold
# even with its names cut to table.MIN_FITTED cells (as 0.9.20's table
# gives up its low-value columns before squeezing names): turns, provider, calls.
OPTIONAL_COLUMNS = (7, 3, 6)


def _names_of(keep: list[int]) -> list[int]:
    """The places of NAME_COLUMNS among the columns kept."""
    return [k for k, i in enumerate(keep) if i in NAME_COLUMNS]


def _columns_that_fit(cells: list[list[str]], width: int | None) -> list[int]:
    """The columns kept: all, or without OPTIONAL_COLUMNS until the table
    fits `width` with its names cut (table.fit)."""
    from codeburn.report import table

    keep = list(range(len(HEADER)))
    for drop in (None,) + OPTIONAL_COLUMNS:
        if drop is not None:
            keep.remove(drop)
        shown = [table.cells([HEADER[i] for i in keep])] + [table.cells([row[i] for i in keep]) for row in cells]
        if width is None or table.line_width(table.fit(table.widths(shown), _names_of(keep), width)) <= width:
            break
    return keep


def render_table(rows: list[dict], color: bool = False, width: int | None = None) -> str:
    from codeburn.report.session_labels import project_label
    from codeburn.report.sessions import model_label
    from codeburn.report.text import Out, money

    if not rows:
        return "\n  No sessions found in this period.\n\n"
    out = Out(color, width)
    out.line()
    newest = sorted(rows, key=lambda r: r["startedAt"], reverse=True)
    cells = [[r["startedAt"].replace("T", " ")[:16], _name(r), project_label(r["project"]), r["provider"],
              model_label(r["models"]), money(r["cost"]), f"{r['calls']:,}", f"{r['turns']:,}"] for r in newest]
    keep = _columns_that_fit(cells, width)
    out.table("Sessions", [HEADER[i] for i in keep], [[row[i] for i in keep] for row in cells],
              left=sum(1 for i in keep if i < TEXT_COLUMNS), flexible=_names_of(keep))
    total = sum(r["cost"] for r in rows)
    out.line(f"  {len(rows):,} sessions · {money(total)} total · newest first")
    out.line()
    return "".join(out.parts)
