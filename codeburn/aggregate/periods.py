"""Report periods and local-day arithmetic (spec commands-and-outputs §2).

All day math is in one IANA time zone: `--timezone`, else CODEBURN_TZ, else
TZ, else the system's local zone. A period is an inclusive range of epoch
milliseconds [start_ms, end_ms] plus the label and key the JSON carries.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from contextlib import contextmanager
from typing import TYPE_CHECKING, Mapping

from codeburn.errors import UsageError
from codeburn.plainclass import dataclass

if TYPE_CHECKING:
    import numpy as np

PERIODS = ("today", "yesterday", "week", "30days", "month", "all", "lifetime")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MS_PER_DAY = 86_400_000
# Offsets are looked up once per 15-minute slot: every zone's transitions
# fall on quarter hours, so all calls in a slot share one offset.
SLOT_MS = 15 * 60 * 1000
CUSTOM_DEFAULT_SPAN_MS = 186 * MS_PER_DAY
# The reference's day history (its durable daily cache, BACKFILL_DAYS) reaches
# this many days back: the daily history the panel apps draw (status --format
# menubar-json), and what overview.sessions' "begun before" can see.
HISTORY_DAYS = 365
# English month names, whatever the process locale (the label is part of the JSON contract).
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True)
class Period:
    start_ms: int
    end_ms: int
    label: str
    key: str


def resolve_zone(name: str | None, env: Mapping[str, str]) -> dt.tzinfo:
    """The zone for day boundaries: --timezone, else CODEBURN_TZ (an
    invalid name is a usage error), else the TZ of the environment, read as
    the system reads it (posix_zone), else the system's own."""
    asked = name or env.get("CODEBURN_TZ")
    if not asked:
        return posix_zone(env["TZ"]) if env.get("TZ") else system_zone()
    zone = _iana(asked)
    if zone is None:
        raise UsageError(f'invalid timezone "{asked.lstrip(":")}"',
                         hint="use an IANA name such as Europe/Berlin or UTC")
    return zone


LOCALTIME = "/etc/localtime"


def system_zone(localtime: str = LOCALTIME) -> dt.tzinfo:
    """The system's zone, as a process without TZ keeps time (Node
    included): the IANA zone /etc/localtime links to, else the zone file
    itself, else the current offset (a fixed offset puts a call of the
    other half of a year with summer time an hour off its local day)."""
    try:
        target = os.readlink(localtime)
    except OSError:
        target = ""
    at = target.find("zoneinfo/")
    if at >= 0:
        zone = _iana(target[at + len("zoneinfo/"):])
        if zone is not None:
            return zone
    try:
        from zoneinfo import ZoneInfo

        with open(localtime, "rb") as f:
            return ZoneInfo.from_file(f, key="localtime")
    except (OSError, ValueError):
        return dt.datetime.now().astimezone().tzinfo or dt.timezone.utc


# Names of UTC itself: one day history serves them all (zone_key).
UTC_NAMES = frozenset({"UTC", "UCT", "Universal", "Zulu", "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich",
                       "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Etc/GMT", "Etc/GMT0", "Etc/GMT+0",
                       "Etc/GMT-0", "Etc/Greenwich"})


def zone_key(tz: dt.tzinfo) -> str:
    """A zone's name for what is kept per zone (the day history): its IANA
    name, `UTC` for every name of UTC and a zero offset, `UTC+05:30` for
    another fixed offset, else how Python shows it."""
    key = getattr(tz, "key", None)
    if key:
        return "UTC" if key in UTC_NAMES else key
    if isinstance(tz, dt.timezone):
        offset = tz.utcoffset(None)
        if not offset:
            return "UTC"
        sign, rest = ("-", -offset) if offset < dt.timedelta(0) else ("+", offset)
        hours, minutes = divmod(int(rest.total_seconds()) // 60, 60)
        return f"UTC{sign}{hours:02d}:{minutes:02d}"
    return repr(tz)


def _iana(name: str) -> dt.tzinfo | None:
    """The zone of an IANA name (a leading ':' as POSIX allows), or None."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name.lstrip(":"))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


# A POSIX TZ of a fixed offset: a name of 3+ letters (or <...>) and hours
# west of UTC (`JST-9` is UTC+9, `UTC0` UTC, `<+0530>-5:30` UTC+5:30).
POSIX_FIXED = re.compile(r"(?:[A-Za-z]{3,}|<[^>]*>)([+-]?)(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?")


def posix_zone(value: str) -> dt.tzinfo:
    """The environment's TZ as Node reads it: an IANA name; a POSIX fixed
    offset (JST-9); anything else (a name no database knows) UTC, silently,
    as a process whose TZ it cannot read keeps UTC (CodeBurn 0.9.20 too)."""
    zone = _iana(value)
    if zone is not None:
        return zone
    m = POSIX_FIXED.fullmatch(value.lstrip(":"))
    if not m:
        return dt.timezone.utc
    sign, hours, minutes, seconds = m.groups()
    west = dt.timedelta(hours=int(hours), minutes=int(minutes or 0), seconds=int(seconds or 0))
    offset = west if sign == "-" else -west
    return dt.timezone.utc if not offset else dt.timezone(offset)


@contextmanager
def local_times(tz: dt.tzinfo):
    """While inside, a time a log writes without a zone is local time in
    `tz`, as the reference (JavaScript's Date, its TZ being the command's
    zone) reads it; outside, UTC again (codeburn._fast.reader.set_local_zone)."""
    from codeburn._fast.reader import set_local_zone

    set_local_zone(tz)
    try:
        yield
    finally:
        set_local_zone(None)


def local_midnight_ms(day: dt.date, tz: dt.tzinfo) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=tz).timestamp() * 1000)


def day_end_ms(day: dt.date, tz: dt.tzinfo) -> int:
    return local_midnight_ms(day + dt.timedelta(days=1), tz) - 1


def until_now(period: Period, now: dt.datetime, tz: dt.tzinfo, today_only: bool = True) -> Period:
    """The period as the reference's headline totals read it (its durable
    path: report's JSON, overview, status): a period of today alone ends
    now, because its live parse of today stops at the clock, so a call
    stamped later today (a zone-less time read as local time west of UTC, a
    skewed clock) is not in it yet. Another period as given (its parse runs
    to the end of its last day, today's calls included), unless not
    today_only: then any period that runs into today ends now (one tool's
    headline takes today from the all-tool parse of today)."""
    today = now.astimezone(tz).date()
    now_ms = int(now.timestamp() * 1000)
    if now_ms >= period.end_ms or period.end_ms != day_end_ms(today, tz) or \
            (today_only and period.start_ms != local_midnight_ms(today, tz)):
        return period
    return Period(period.start_ms, now_ms, period.label, period.key)


def parse_date(text: str) -> dt.date:
    if not DATE_RE.match(text):
        raise UsageError(f'invalid date format "{text}": expected YYYY-MM-DD')
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f'invalid date "{text}": not a real calendar date')
    if day.year > 9998:  # a period ends at the next day's midnight, which must exist
        raise UsageError(f'invalid date "{text}": years after 9998 are out of range')
    return day


def _months_back(day: dt.date, n: int) -> dt.date:
    month = day.month - 1 - n
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def history_period(now: dt.datetime, tz: dt.tzinfo) -> Period:
    """The HISTORY_DAYS local days before today, and today."""
    today = now.astimezone(tz).date()
    return Period(local_midnight_ms(today - dt.timedelta(days=HISTORY_DAYS), tz), day_end_ms(today, tz), "History",
                  "history")


def durable_period(period: Period, now: dt.datetime, tz: dt.tzinfo) -> Period:
    """The calls 0.9.20's headline totals read a period from (its durable
    read: report's JSON, overview, status): its day history, which holds
    whole local days, HISTORY_DAYS of them before today, and today. So from
    the midnight starting the period's first day (a period starting at a
    time of day counts that day whole), never before the history, and never
    after today: a call older than a year, or stamped a day ahead, is in the
    lists but not in the totals. The period itself when nothing is cut
    (an empty one when nothing is left)."""
    history = history_period(now, tz)
    first = dt.datetime.fromtimestamp(period.start_ms / 1000, tz).date() if period.start_ms > 0 else None
    start = max(local_midnight_ms(first, tz) if first else period.start_ms, history.start_ms)
    end = min(period.end_ms, history.end_ms)
    if start == period.start_ms and end == period.end_ms:
        return period
    return Period(start, end, period.label, period.key)


def named_period(name: str, now: dt.datetime, tz: dt.tzinfo) -> Period:
    """One of PERIODS, relative to `now` in zone tz."""
    today = now.astimezone(tz).date()
    end = day_end_ms(today, tz)
    if name == "today":
        return Period(local_midnight_ms(today, tz), end, f"Today ({today.isoformat()})", "today")
    if name == "yesterday":
        y = today - dt.timedelta(days=1)
        return Period(local_midnight_ms(y, tz), day_end_ms(y, tz), f"Yesterday ({y.isoformat()})", "yesterday")
    if name == "week":
        return Period(local_midnight_ms(today - dt.timedelta(days=7), tz), end, "Last 7 Days", "week")
    if name == "30days":
        return Period(local_midnight_ms(today - dt.timedelta(days=30), tz), end, "Last 30 Days", "30days")
    if name == "month":
        first = today.replace(day=1)
        return Period(local_midnight_ms(first, tz), end, f"{MONTHS[first.month - 1]} {first.year}", "month")
    if name == "all":
        return Period(local_midnight_ms(_months_back(today, 6), tz), end, "Last 6 months", "all")
    if name == "lifetime":
        return Period(local_midnight_ms(dt.date(1970, 1, 1), tz), end, "Lifetime", "lifetime")
    raise UsageError(f'unknown period "{name}"', hint="valid values: " + ", ".join(PERIODS))


def custom_period(frm: str | None, to: str | None, now: dt.datetime, tz: dt.tzinfo) -> Period:
    """--from/--to: local midnight of --from to the last millisecond of --to."""
    today = now.astimezone(tz).date()
    d_from = parse_date(frm) if frm else None
    d_to = parse_date(to) if to else None
    if d_from and d_from > (d_to or today):  # (--to defaults to today, as in the reference)
        raise UsageError(f"--from must not be after --to (got {frm} > {to or today.isoformat()})")
    start = local_midnight_ms(d_from, tz) if d_from else int(now.timestamp() * 1000) - CUSTOM_DEFAULT_SPAN_MS
    end = day_end_ms(d_to or today, tz)
    return Period(start, end, f"{frm or 'all'} to {to or 'today'}", "custom")


def day_period(text: str, now: dt.datetime, tz: dt.tzinfo) -> Period:
    today = now.astimezone(tz).date()
    day = {"today": today, "yesterday": today - dt.timedelta(days=1)}.get(text) or parse_date(text)
    return Period(local_midnight_ms(day, tz), day_end_ms(day, tz), f"Day ({day.isoformat()})", "day")


def days_period(text: str, tz: dt.tzinfo) -> tuple[Period, frozenset[dt.date]]:
    """`--days 2026-11-03,2026-11-05`: the span from the first day to the
    last, labelled as the reference labels it, and the days themselves
    (a call on a day between them that is not listed is left out)."""
    listed = sorted(parse_date(part.strip()) for part in text.split(",") if part.strip())
    if not listed:
        raise UsageError(f'invalid --days "{text}"', hint="one or more YYYY-MM-DD dates, comma-separated")
    days = sorted(set(listed))
    first, last = days[0].isoformat(), days[-1].isoformat()
    # (a date listed twice counts twice in the label, as the reference counts it)
    label = first if len(listed) == 1 else f"{len(listed)} days ({first} .. {last})"
    return Period(local_midnight_ms(days[0], tz), day_end_ms(days[-1], tz), label, "days"), frozenset(days)


def select_period(period: str | None, frm: str | None, to: str | None, day: str | None,
                  now: dt.datetime, tz: dt.tzinfo, default: str = "week") -> Period:
    if day and (frm or to):
        raise UsageError("--day cannot be combined with --from or --to")
    if day:
        return day_period(day, now, tz)
    if frm or to:
        return custom_period(frm, to, now, tz)
    return named_period(period or default, now, tz)


def local_day_numbers(ts_ms: "np.ndarray", tz: dt.tzinfo) -> "np.ndarray":
    """Local calendar day (days since 1970-01-01) of each epoch-ms timestamp.

    Offsets are computed once per distinct 15-minute slot, not per call."""
    import numpy as np  # here, not at import: `status` answers from its snapshot without numpy
    from codeburn.aggregate.arrays import unique

    if ts_ms.size == 0:
        return np.zeros(0, dtype=np.int64)
    fixed = _fixed_offset_ms(tz)
    if fixed is not None:
        return (ts_ms + fixed) // MS_PER_DAY
    slots = ts_ms // SLOT_MS
    uniq, inverse = unique(slots, return_inverse=True)
    offsets = np.fromiter((_offset_ms(int(s) * SLOT_MS, tz) for s in uniq), dtype=np.int64, count=uniq.size)
    return (ts_ms + offsets[inverse]) // MS_PER_DAY


# IANA zones that are UTC at every instant (tzdata links to Etc/UTC).
UTC_KEYS = frozenset({"UTC", "Etc/UTC", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu", "Etc/UCT", "UCT",
                      "GMT", "Etc/GMT", "Etc/GMT+0", "Etc/GMT-0", "Etc/GMT0", "GMT+0", "GMT-0", "GMT0",
                      "Greenwich", "Etc/Greenwich"})


def _fixed_offset_ms(tz: dt.tzinfo) -> int | None:
    """The zone's offset when it is the same at every instant (a fixed
    dt.timezone, or an IANA name for UTC), else None: then offsets are
    looked up per 15-minute slot (10k Python calls on a dense history)."""
    if isinstance(tz, dt.timezone):
        return int(tz.utcoffset(None).total_seconds() * 1000)
    if getattr(tz, "key", None) in UTC_KEYS:
        return 0
    return None


def _offset_ms(ms: int, tz: dt.tzinfo) -> int:
    try:
        when = dt.datetime.fromtimestamp(ms / 1000, tz)
    except (OverflowError, OSError, ValueError):
        return 0
    off = when.utcoffset()
    return int(off.total_seconds() * 1000) if off else 0


def day_iso(day_number: int) -> str:
    return (dt.date(1970, 1, 1) + dt.timedelta(days=int(day_number))).isoformat()


def day_number(day: dt.date) -> int:
    """day_iso's inverse: the day as local_day_numbers counts it."""
    return (day - dt.date(1970, 1, 1)).days
