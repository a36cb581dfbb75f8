"""What the dashboard shows, without Textual: one scan of the whole history
held in memory, and the report of each (period, provider) cut from it.
Switching tabs selects columns already in memory (usage.select_calls +
report.build.build_report); only a refresh reads files again, and then
through the file cache, so only appended bytes are decoded."""
from __future__ import annotations

import datetime as dt
from typing import Callable

from codeburn.plainclass import dataclass, field

# (period key, tab label), in tab order; keys 1-6 pick them.
TABS = (("today", "Today"), ("week", "7 Days"), ("30days", "30 Days"), ("month", "This Month"),
        ("all", "6 Months"), ("lifetime", "Lifetime"))
TAB_KEYS = tuple(k for k, _ in TABS)
# The tabs the reference cuts from its six months' read (the others are reads of their own).
SLICED = frozenset(("today", "week", "30days", "month"))
# (widget id, title) of the panels, in reading order.
PANELS = (("daily", "Daily cost"), ("projects", "By project"), ("activities", "By activity"),
          ("models", "By model"), ("tools", "Core tools"), ("shell", "Shell commands"),
          ("mcp", "MCP servers"), ("skills", "Skills & agents"))
FOOTER = "←/→ 1-6 period · p provider · o optimize · c compare · r refresh · ? keys · q quit"
# Panel columns by terminal width (the reference's breakpoints).
WIDE, MEDIUM = 135, 90


def columns_for(width: int) -> int:
    return 3 if width >= WIDE else 2 if width >= MEDIUM else 1


@dataclass
class Snapshot:
    """One read of the history: the scan, its warnings, when it was taken."""
    scan: object            # codeburn.read.scan.ScanResult
    warnings: list[str]
    skipped: int = 0


# A plan summary per active plan (spec §7.3 keys: id, provider, budget,
# spent, percentUsed, status, …) from a snapshot's scan. Plans come from
# another part of codeburn; until it is wired in, there are none.
PlanSource = Callable[[object, dt.datetime, dt.tzinfo], list[dict]]


def no_plans(scan, now: dt.datetime, tz: dt.tzinfo) -> list[dict]:
    return []


# The kept figures of a tab's past days whose files are gone (commands.carry:
# codeburn.aggregate.dayhistory.Carried, or None), from a tab's calls and
# provider (None: every provider).
KeptSource = Callable[[object, "str | None", dt.datetime, dt.tzinfo], object]


def no_kept_days(usage, provider, now: dt.datetime, tz: dt.tzinfo):
    return None


@dataclass
class Model:
    snapshot: Snapshot
    tz: dt.tzinfo
    clock: Callable[[], dt.datetime]
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    plan_source: PlanSource = no_plans
    kept_days: KeptSource = no_kept_days
    _reports: dict = field(default_factory=dict)
    _plans: tuple | None = None

    def providers(self) -> list[str]:
        """Provider ids that have calls, in the registry's order."""
        from codeburn.providers import PROVIDERS

        scan = self.snapshot.scan
        have = {scan.sources[int(f)].provider for f in set(scan.cols["file"].tolist())} if scan.sources else set()
        return [p for p in PROVIDERS if p in have]

    def report(self, period_key: str, provider: str | None) -> dict:
        """The report dict of one tab; kept until the next snapshot, or until
        the day changes (a period is relative to today)."""
        from codeburn.aggregate import periods

        now = self.clock()
        period = periods.named_period(period_key, now, self.tz)
        key = (period, provider)
        if key not in self._reports:
            self._reports[key] = self._build(period, provider, now)
        return self._reports[key]

    def _build(self, period, provider: str | None, now: dt.datetime) -> dict:
        from codeburn.aggregate.usage import select_calls
        from codeburn.commands.common import unpriced_warnings
        from codeburn.report.build import build_report

        frame = self._frame(provider, now) if period.key in SLICED else None
        usage = select_calls(self.snapshot.scan, period, self.include, self.exclude, self.tz, provider, frame=frame)
        report = build_report(usage, now)
        carried = self.kept_days(usage, provider, now, self.tz)
        if carried is not None:  # past days whose files are gone, as the report's headline counts them
            from codeburn.report import carried as kept
            from codeburn.report.build import day_sessions

            report["overview"]["sessions"] = day_sessions(usage, now, kept=kept.kept_sessions(carried))
            kept.to_overview(report["overview"], carried)
            report["daily"] = kept.to_daily(report["daily"], carried)
        if provider is not None:  # every tool's days, as `report --provider` lists them (commands/otherdays.py)
            report["daily"] = self._every_days(report["daily"], period)
        report["warnings"] = self.snapshot.warnings + unpriced_warnings(usage)
        return report

    def _frame(self, provider: str | None, now: dt.datetime):
        """The six months' selection a shorter tab is cut from: the reference
        reads six months once and slices each tab's projects from it
        (names, paths and, among equal costs, order)."""
        from codeburn.aggregate import periods
        from codeburn.aggregate.usage import select_calls

        period = periods.named_period("all", now, self.tz)
        key = ("frame", period, provider)
        if key not in self._reports:
            self._reports[key] = select_calls(self.snapshot.scan, period, self.include, self.exclude, self.tz, provider)
        return self._reports[key]

    def _every_days(self, daily: list[dict], period) -> list[dict]:
        from codeburn.aggregate.periods import day_iso
        from codeburn.aggregate.turns import turn_table
        from codeburn.aggregate.usage import select_calls
        from codeburn.commands.otherdays import with_days
        from codeburn.report.build import day_groups

        every = select_calls(self.snapshot.scan, period, self.include, self.exclude, self.tz)
        if not every.sel.size:
            return daily
        return with_days(daily, [day_iso(d) for d in day_groups(turn_table(every))[0].tolist()])

    def plans(self, provider: str | None) -> list[dict]:
        """Plan lines for a provider tab: the plans set for that provider (or
        for all); worked out once per snapshot and day."""
        now = self.clock()
        day = now.astimezone(self.tz).date()
        if self._plans is None or self._plans[0] != day:
            self._plans = (day, self.plan_source(self.snapshot.scan, now, self.tz))
        want = provider or "all"
        return [p for p in self._plans[1] if p.get("provider") == want]
