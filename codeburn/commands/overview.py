from __future__ import annotations

from codeburn.aggregate import periods
from codeburn.commands import kept
from codeburn.commands.common import (LAST_OPTIONS, PERIOD_OPTIONS, PROJECT_OPTIONS, PROVIDER_OPTION,
                                      READ_OPTIONS, STRICT_OPTION, check_format, emit_warnings, reach)
from codeburn.env import Environment
from codeburn.status import ExitStatus

FORMATS = ("text", "json")

__doc__ = """codeburn overview: a plain-text summary of a period, to paste anywhere.

Usage:
  codeburn overview [options] [--project NAME]... [--exclude NAME]...

Totals (cost, tokens, calls and sessions, cache hit, a budget line when a
budget is set), then tokens by kind, spend by provider, the top models, the
costliest days, the top projects, every day, activities and tools.

Options:
""" + PERIOD_OPTIONS.format(default="month") + PROVIDER_OPTION + PROJECT_OPTIONS + READ_OPTIONS + """\
  --format FMT                text or json [default: text]
  --no-color                  no colour even on a terminal
""" + STRICT_OPTION + LAST_OPTIONS


def run(args: dict, env: Environment) -> ExitStatus:
    fmt = check_format(args["--format"], FORMATS)
    tz = periods.resolve_zone(args["--timezone"], env.environ)
    now = env.clock()
    period = periods.select_period(args["--period"], args["--from"], args["--to"], None, now, tz, "month")
    # One tool's overview lists every tool's days, at $0, as its report does (commands/otherdays.py).
    from codeburn.commands.otherdays import other_sources

    others = other_sources(env, args["--provider"], period)

    def make(loaded):
        from codeburn.commands.common import durable_head, named_head, until_now

        u, cut = until_now(loaded.usage, period, args, now, tz)
        head, moved, later = durable_head(u, period, args, now, tz)
        named = named_head(u, head, period, args, now, tz)  # (filtered: the sessions' own projects)
        from codeburn.commands.carry import carry

        head, named, carried, keep_days = carry(head, named, args, env, now, tz)  # (days whose files are gone)
        doc = _overview(u, now, env.home, named if named is not None else head if moved else None, carried)
        if keep_days is not None:  # (the overview's temporaries gone)
            keep_days()
        cut = cut or later
        if others or args["--project"] or args["--exclude"] or \
                (carried is not None and carried.days and args["--provider"] != "all"):
            from codeburn.commands.otherdays import listed_days
            from codeburn.report.overview import with_zero_days

            listed = listed_days(loaded.usage.scan, others, args, env, period, tz, now)
            with_zero_days(doc, carried.listed(listed) if carried is not None else listed)
        return doc, [], not cut  # (calls stamped later today come in as the clock passes them: not kept)

    head = periods.durable_period(period, now, tz)  # (the totals' days move with the date)
    out = kept.output(args, env, "overview", period, tz, make, also=others, extra=[head.start_ms, head.end_ms],
                      reach=reach(period, now, tz))
    doc = {**out.doc, "warnings": out.warnings}
    emit_warnings(env, out.warnings)
    budget = _budget(args, env, period, doc["totals"]["cost"], now, tz)
    if fmt == "json":
        from codeburn.report import jsjson

        if budget:
            doc["budget"] = budget
        env.stdout.write(jsjson.dumps(doc) + "\n")
    else:
        from codeburn.cost.budgets import overview_line
        from codeburn.cost.currency import DISPLAY
        from codeburn.report import overview

        line = overview_line(budget, lambda x: DISPLAY.format(x, converted=True, grouped=True)) if budget else None
        env.stdout.write(overview.render(doc, env.color(args["--no-color"]), line))
    return out.status(args)


def _overview(u, now, home: str, head=None, carried=None) -> dict:
    from codeburn.aggregate.turns import turn_table
    from codeburn.report import build, overview
    from codeburn.report.carried import kept_sessions, to_overview_doc

    top = None
    if head is not None:  # the totals and days of 0.9.20's day history (commands.common.durable_head)
        sessions = build.day_sessions(head, now, live=u, kept=kept_sessions(carried))
        top = head, turn_table(head), {**build.overview_of(head, now), "sessions": sessions}
    doc = overview.overview(u, turn_table(u), build.build_report(u, now), home, top)
    if carried is not None:  # (past days whose files are gone, as an earlier run kept them)
        if top is None:   # (the totals are u's own)
            doc["totals"]["sessions"] = build.day_sessions(u, now, kept=kept_sessions(carried))
        to_overview_doc(doc, carried)
    return doc


def _budget(args: dict, env: Environment, period, spent_usd: float, now, tz) -> dict | None:
    """The budget of a today, week or month overview without filters (codeburn budget)."""
    from codeburn import config
    from codeburn.cost import budgets
    from codeburn.cost.currency import DISPLAY

    tier = budgets.TIER_OF.get(period.key)
    if tier is None or args["--provider"] != "all" or args["--project"] or args["--exclude"]:
        return None
    amount = dict(budgets.entries(config.document(env.home))).get(tier)
    if amount is None:
        return None
    return budgets.status(tier, DISPLAY.convert(spent_usd), amount, *budgets.progress(tier, period.start_ms, now, tz))
