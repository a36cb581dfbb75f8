"""`codeburn report | today | month | scan | dashboard`: spend over a period."""
from __future__ import annotations

from codeburn.aggregate import periods
from codeburn.commands import kept as memo
from codeburn.commands.carry import kept_days_exist
from codeburn.commands.common import (Loaded, check_format, config_warnings, durable_head, emit_warnings, named_head,
                                     find_sources, load, reach, reaching_today, terminal_width, unpriced_warnings,
                                     until_now)
from codeburn.env import Environment
from codeburn.errors import UsageError
from codeburn.status import ExitStatus

FORMATS = ("text", "json", "html", "markdown", "tui")
FORMAT_ALIASES = {"terminal": "text", "md": "markdown"}
# The dashboard's tabs, by the -p names that open on them.
DASHBOARD_PERIODS = ("today", "week", "30days", "month", "all", "lifetime")
TOP_FINDINGS = 5   # optimize findings in the HTML and markdown summaries


def run(args: dict, env: Environment) -> ExitStatus:
    command = next((c for c in ("today", "month", "scan", "dashboard") if args.get(c)), "report")
    fmt = _format(args, env, command)
    tz = periods.resolve_zone(args["--timezone"], env.environ)
    if fmt == "tui":
        from codeburn.commands import dashboard  # Textual is imported only from here on

        return dashboard.run(args, env, tz)
    now = env.clock()
    period = _period(command, args, now, tz)

    active = [] if command == "scan" else _plans(args, env)
    span = _span(period, active, now, tz)
    found = kept = where = keep_days = None
    # One tool's report lists every tool's days (commands/otherdays.py).
    others = []
    if command != "scan":
        from codeburn.commands.otherdays import other_sources

        others = other_sources(env, args["--provider"], span)
    if command != "scan":  # (a year of history decides which files are read: commands/common.reach)
        found = find_sources(args, env, reach(span, now, tz), stores=True)
    # A plan's summary moves with the clock, and the summaries need the calls for optimize: not kept.
    if command != "scan" and not active and fmt in ("text", "json"):
        # (The user's own rules are checked by a scan even of nothing: a broken one is an error.)
        if not found[0] and not others and not found[1].errors and not env.environ.get("CODEBURN_RULES_DIR") \
                and not kept_days_exist(args, env, tz):
            from codeburn.report.empty import empty_report  # nothing to read: no reader, no numpy

            kept = empty_report(period), config_warnings(env), 0
        else:
            # (before the read renames Codex sources; the other tools' files decide the days too)
            name = command if args["--provider"] == "all" else f"{command}/{args['--provider']}"
            head = periods.durable_period(period, now, tz)  # (the totals' days move with the date)
            where = memo.key(env, period, tz, args, found[0], f"{name}@{head.start_ms}-{head.end_ms}", also=others)
            kept = memo.kept(env, where, found[1])
    if kept is not None:
        report, warnings, skipped = kept
    else:
        # Only the columns the report reads are held once the scan is over
        # (html and markdown run optimize over every column; plans select again).
        keep = None
        if fmt in ("text", "json") and not active:
            from codeburn.aggregate import columns

            keep = frozenset(columns.SELECT + columns.REPORT)
        loaded = load(args, env, span, tz, args["<path>"] if command == "scan" else None, sources=found, keep=keep)
        from codeburn.cost import plans
        from codeburn.report import build  # after the read starts (see load)

        u = loaded.usage
        listed = None  # the days listed at $0 beside the report's own (commands/otherdays.py)
        if others or args["--project"] or args["--exclude"]:
            from codeburn.commands.otherdays import listed_days

            listed = listed_days(u.scan, others, args, env, period, tz, now)
        if span is not period:  # read from the plans' window start; the report is the period's
            from codeburn.aggregate.usage import select_calls

            u = select_calls(u.scan, period, args["--project"] or [], args["--exclude"] or [], tz)
        u, cut = until_now(u, period, args, now, tz)
        # The headline and daily rows are the reference's day history's (a
        # year of whole days, and today); one tool's take today from its
        # parse of today, which ends now. Its lists, from the period's parse.
        # (`scan PATH`, ours alone, totals every call of the files given.)
        head, moved, later = durable_head(u, period, args, now, tz) if command != "scan" else (u, False, False)
        named = named_head(u, head, period, args, now, tz) if command != "scan" else None  # (before columns go)
        carried = None
        if command != "scan":  # past days whose files are gone: as an earlier run kept them
            from codeburn.commands.carry import carry

            head, named, carried, keep_days = carry(head, named, args, env, now, tz)
        # (a filtered headline's day rows are named's own: no reach is read for them)
        reached = reaching_today(head, args, now, tz) if command != "scan" and named is None else None
        if cut or later:  # calls stamped later today come in as the clock passes them: not kept
            where = None
        if keep is not None:  # priced: pricing's columns go too
            loaded.result.keep_only(build.COLUMNS)
        report = build.build_report(u, now)
        from codeburn.report import carried as gone_days

        from_history = gone_days.kept_sessions(carried)   # (sessions of the days taken from the day history)
        if named is not None:  # filtered: the sessions' own projects, as 0.9.20's day history keys them
            report.update(build.headline(named, now))
            report["overview"]["sessions"] = build.day_sessions(named, now, live=u, kept=from_history)
        elif moved:
            report.update(build.headline(head, now))
            report["overview"]["sessions"] = build.day_sessions(head, now, live=u, kept=from_history)
        elif carried is not None:   # (the headline is u's own)
            report["overview"]["sessions"] = build.day_sessions(u, now, kept=from_history)
        if reached is not None:
            report["daily"] = build.daily(head, now, reached)
        if carried is not None:
            gone_days.to_overview(report["overview"], carried)
            report["daily"] = gone_days.to_daily(report["daily"], carried)
            if carried.days:
                listed = carried.listed(listed or [])
        if listed:
            from codeburn.commands.otherdays import with_days

            report["daily"] = with_days(report["daily"], listed)
        report.update(plans.summaries(active, u.scan, now, tz))
        unpriced = unpriced_warnings(u)
        warnings, skipped = loaded.warnings + unpriced, loaded.skipped
        # (`generated` and the warnings are made anew by each run)
        memo.keep(where, loaded, {k: v for k, v in report.items() if k not in ("generated", "warnings")}, unpriced)
        if fmt in ("html", "markdown") and u.sel.size:  # the summaries carry optimize's first findings
            report["optimize"], more = top_findings(u, now, args, env)
            warnings += more
    report = {"generated": _generated(now), **{k: v for k, v in report.items() if k != "generated"}}
    report["warnings"] = warnings
    emit_warnings(env, report["warnings"])
    to_file = bool(args.get("--output"))
    _emit(env, args, _render(fmt, report, color=not to_file and env.color(args["--no-color"]),
                             width=None if to_file else terminal_width(env)))
    if keep_days is not None:  # (once the report is out, with only the columns it reads: commands.carry)
        from codeburn.aggregate.dayhistory import COLUMNS

        del report, u, named   # (the headline's calls stay: keep_days reads them)
        loaded.result.keep_only(COLUMNS)
        keep_days()
    return Loaded.exit_status(args, skipped)


def _generated(now) -> str:
    """The report's `generated` stamp: UTC, milliseconds, as JavaScript writes it."""
    import datetime as dt

    return now.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def top_findings(u, now, args: dict, env: Environment) -> tuple[list[dict], list[str]]:
    """`codeburn optimize`'s first findings over the report's calls (no
    second read), and its warnings."""
    from codeburn.classify import ruleset
    from codeburn.optimize.analysis import analyze
    from codeburn.optimize.rules import load_rules

    result = analyze(u, now, args["--provider"], env.home, env.environ, load_rules(ruleset.rules_dir(env.environ)))
    return [{"title": f.title, "impact": f.impact, "tokensSaved": f.tokens_saved}
            for f in result.findings[:TOP_FINDINGS]], result.warnings


def _render(fmt: str, report: dict, color: bool, width: int | None = None) -> str:
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

    return text.render(report, color=color, width=width)


def _emit(env: Environment, args: dict, out: str) -> None:
    if args.get("--output"):
        from codeburn.outfile import write_text

        write_text(args["--output"], out)
    else:
        env.stdout.write(out)


def _format(args: dict, env: Environment, command: str) -> str:
    """--format, or the dashboard for a bare `codeburn` (or `codeburn
    dashboard`) on a terminal. Off a terminal, or into a file, the text
    report takes the dashboard's place, so pipes and cron stay plain."""
    given = args.get("--format")
    if given is not None:
        fmt = check_format(given, FORMATS, FORMAT_ALIASES)
        if fmt == "tui" and args.get("--output"):
            raise UsageError("--output needs a file format", hint="text, json, html or markdown")
    elif command == "dashboard" or (command == "report" and not args.get("report") and _dashboard_range(args)):
        fmt = "tui"
    else:
        fmt = "text"
    if fmt != "tui":
        return fmt
    if args.get("--output") or not env.stdout_isatty:
        return "text"
    if not _dashboard_range(args):
        raise UsageError("the dashboard shows named periods only",
                         hint="-p " + ", ".join(DASHBOARD_PERIODS) + "; or --format text for other ranges")
    return fmt


def _dashboard_range(args: dict) -> bool:
    """A range the dashboard has a tab for."""
    return (not (args.get("--from") or args.get("--to") or args.get("--day"))
            and args.get("--period") in (None, *DASHBOARD_PERIODS))


def _plans(args: dict, env: Environment) -> list:
    """Active plans (codeburn plan) of the providers this report covers."""
    from codeburn import config
    from codeburn.cost import plans

    chosen = plans.active(config.document(env.home))
    if args["--provider"] != "all":
        chosen = [p for p in chosen if p.provider == args["--provider"]]
    return chosen


def _span(period: periods.Period, active: list, now, tz) -> periods.Period:
    """What to read: the period, stretched back to the earliest plan window
    start and on to now, so the plans' spend comes from the same read."""
    if not active:
        return period
    from codeburn.cost import plans

    start = min(period.start_ms, plans.window_start_ms(active, now, tz))
    end = max(period.end_ms, int(now.timestamp() * 1000))
    if (start, end) == (period.start_ms, period.end_ms):
        return period
    return periods.Period(start, end, period.label, period.key)


def _period(command: str, args: dict, now, tz) -> periods.Period:
    if command in ("today", "month"):
        if args["--period"] is not None or args["--from"] or args["--to"] or args["--day"]:
            raise UsageError(f"`codeburn {command}` takes no --period, --from, --to or --day",
                             hint="use `codeburn report` for custom ranges")
        return periods.named_period(command, now, tz)
    default = "lifetime" if command == "scan" else "week"
    return periods.select_period(args["--period"], args["--from"], args["--to"], args["--day"], now, tz, default)
