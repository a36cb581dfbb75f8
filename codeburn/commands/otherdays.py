"""The days of the other tools, for a report of one (`--provider X`).

CodeBurn 0.9.20 reads every tool even when asked for one, and its `daily`
rows are every tool's days: the chosen tool's numbers, zeros elsewhere
(spec/errata.md). The chosen tool is still read and reported on its own
(its warnings, --strict, its kept scan); the others are read for their days
only: through the file cache, without the classifier, nothing of theirs
kept but the days, and their problems not named."""
from __future__ import annotations

from codeburn.aggregate import periods
from codeburn.env import Environment


def other_sources(env: Environment, provider: str, span: periods.Period) -> list:
    """The sources of every tool but `provider` that may hold the span's
    calls; none for a report of every tool (`all`). An unknown provider is
    a usage error (common.check_providers)."""
    if provider == "all":
        return []
    from codeburn.commands.common import check_providers
    from codeburn.providers import PROVIDERS

    check_providers(provider)
    from codeburn.providers.base import Walker, mtime_filter
    from codeburn.read import discovery

    names = [p for p in PROVIDERS if p != provider]
    return mtime_filter(discovery.discover_default(env.environ, env.home, Walker(), names), span.start_ms)


def other_days(sources: list, args: dict, env: Environment, period: periods.Period, tz,
               filtered: bool = True) -> list[str]:
    """The local days (YYYY-MM-DD) the calls of `sources` are filed under
    in `period` (each turn on its day, as report.build files them), of the
    projects --project/--exclude keep (of every project unless `filtered`)."""
    result = _read(sources, args, env, tz)
    return _days(result, period, tz, args if filtered else {}) if result is not None else []


def _read(sources: list, args: dict, env: Environment, tz):
    """The scan of `sources` (None for none), for their days alone."""
    if not sources:
        return None
    from codeburn.classify import ruleset
    from codeburn.commands.common import file_cache, jobs_option
    from codeburn.read.scan import scan_sources

    rules = ruleset.load(ruleset.rules_dir(env.environ))
    with periods.local_times(tz):
        return scan_sources(sources, rules=rules, environ=env.environ, classify_turns=False,
                            jobs=jobs_option(args.get("--jobs"), env), cache=file_cache(args, env))


def _days(scan, period: periods.Period, tz, args: dict) -> list[str]:
    from codeburn.aggregate.periods import day_iso
    from codeburn.aggregate.turns import turn_table
    from codeburn.aggregate.usage import select_calls
    from codeburn.report.build import day_groups

    u = select_calls(scan, period, args.get("--project") or [], args.get("--exclude") or [], tz)
    if not u.sel.size:
        return []
    return [day_iso(d) for d in day_groups(turn_table(u))[0].tolist()]


def listed_days(scan, others: list, args: dict, env: Environment, period: periods.Period, tz, now) -> list[str]:
    """The days a report narrowed to one tool or some projects lists
    beside its own, at $0, as CodeBurn 0.9.20's durable day rows do: one
    tool's report, the other tools' days (as those projects' days); a
    report narrowed by --project/--exclude, every past day of the period
    that has any call (any tool, any project: its day history keeps no
    other split), today only when it has calls of the projects kept (the
    report's own, or, narrowed to one tool too, another tool's). `scan` is
    the report's own read (its tool's sources, every project). Only days of
    its day history (a year before today, and today) have rows
    (periods.durable_period)."""
    period = periods.durable_period(period, now, tz)
    if not (args.get("--project") or args.get("--exclude")):
        return other_days(others, args, env, period, tz)
    today = now.astimezone(tz).date().isoformat()
    other = _read(others, args, env, tz)
    days = _days(scan, period, tz, {}) + (_days(other, period, tz, {}) if other is not None else [])
    listed = [d for d in days if d < today]
    if other is not None and today in _days(other, period, tz, args):
        listed.append(today)
    return listed


ZERO_DAY = {"cost": 0, "savings": 0, "calls": 0, "turns": 0, "editTurns": 0, "oneShotTurns": 0, "oneShotRate": None}


def with_days(daily: list[dict], dates: list[str], zero: dict = ZERO_DAY) -> list[dict]:
    """`daily` with a row `zero` (a report's daily row of nothing, by
    default) for each of `dates` it lacks, in date order."""
    have = {row["date"] for row in daily}
    extra = [{"date": d, **zero} for d in sorted(set(dates) - have)]
    if not extra:
        return daily
    return sorted(daily + extra, key=lambda row: row["date"])
