"""Periods, labels and local days (spec commands-and-outputs §2)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from codeburn.aggregate import periods
from codeburn.errors import UsageError

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 8, 31, 15, 30, tzinfo=UTC)


def ms(*args, tz=UTC) -> int:
    return int(dt.datetime(*args, tzinfo=tz).timestamp() * 1000)


@pytest.mark.parametrize("name,start,label", [
    ("today", (2026, 8, 31), "Today (2026-08-31)"),
    ("week", (2026, 8, 24), "Last 7 Days"),
    ("30days", (2026, 8, 1), "Last 30 Days"),
    ("month", (2026, 8, 1), "August 2026"),
    ("all", (2026, 2, 1), "Last 6 months"),
    ("lifetime", (1970, 1, 1), "Lifetime"),
])
def test_named_periods(name, start, label):
    p = periods.named_period(name, NOW, UTC)
    assert (p.start_ms, p.end_ms, p.label, p.key) == (ms(*start), ms(2026, 9, 1) - 1, label, name)


def test_yesterday_is_one_day():
    p = periods.named_period("yesterday", NOW, UTC)
    assert (p.start_ms, p.end_ms, p.label) == (ms(2026, 8, 30), ms(2026, 8, 31) - 1, "Yesterday (2026-08-30)")


def test_all_crosses_the_year():
    p = periods.named_period("all", dt.datetime(2026, 3, 10, tzinfo=UTC), UTC)
    assert p.start_ms == ms(2025, 9, 1)


def test_day_boundaries_follow_the_zone():
    tz = ZoneInfo("America/Los_Angeles")
    # 02:00 UTC on Sep 1 is still Aug 31 in Los Angeles.
    p = periods.named_period("today", dt.datetime(2026, 9, 1, 2, 0, tzinfo=UTC), tz)
    assert p.label == "Today (2026-08-31)"
    assert p.start_ms == ms(2026, 8, 31, 7)  # PDT = UTC-7
    assert p.end_ms == ms(2026, 9, 1, 7) - 1


def test_custom_range_and_labels():
    p = periods.select_period(None, "2026-08-01", "2026-08-03", None, NOW, UTC)
    assert (p.start_ms, p.end_ms, p.label, p.key) == (ms(2026, 8, 1), ms(2026, 8, 4) - 1, "2026-08-01 to 2026-08-03", "custom")
    p = periods.select_period(None, None, "2026-08-03", None, NOW, UTC)
    assert p.start_ms == int(NOW.timestamp() * 1000) - 186 * 86_400_000 and p.label == "all to 2026-08-03"
    p = periods.select_period(None, "2026-08-01", None, None, NOW, UTC)
    assert p.end_ms == ms(2026, 9, 1) - 1 and p.label == "2026-08-01 to today"


def test_day_option():
    p = periods.select_period("month", None, None, "2026-02-28", NOW, UTC)
    assert (p.start_ms, p.end_ms, p.label, p.key) == (ms(2026, 2, 28), ms(2026, 3, 1) - 1, "Day (2026-02-28)", "day")
    assert periods.select_period(None, None, None, "yesterday", NOW, UTC).label == "Day (2026-08-30)"


@pytest.mark.parametrize("args,message", [
    (("fortnight", None, None, None), 'unknown period "fortnight"'),
    ((None, "2026-02-31", None, None), 'invalid date "2026-02-31": not a real calendar date'),
    ((None, "2026/02/01", None, None), 'invalid date format "2026/02/01": expected YYYY-MM-DD'),
    ((None, "2026-03-02", "2026-03-01", None), "--from must not be after --to (got 2026-03-02 > 2026-03-01)"),
    # --to defaults to today (0.9.20 refuses a --from after it too)
    ((None, "2026-09-01", None, None), "--from must not be after --to (got 2026-09-01 > 2026-08-31)"),
    ((None, "2026-03-01", None, "today"), "--day cannot be combined with --from or --to"),
])
def test_period_errors(args, message):
    with pytest.raises(UsageError) as e:
        periods.select_period(*args, NOW, UTC)
    assert e.value.message == message


def test_resolve_zone():
    assert periods.resolve_zone("Europe/Berlin", {}) == ZoneInfo("Europe/Berlin")
    assert periods.resolve_zone(None, {"CODEBURN_TZ": "Asia/Tokyo", "TZ": "UTC"}) == ZoneInfo("Asia/Tokyo")
    assert periods.resolve_zone(None, {"TZ": ":UTC"}) == ZoneInfo("UTC")
    with pytest.raises(UsageError):
        periods.resolve_zone("Mars/Olympus", {})


def test_local_day_numbers_across_dst():
    tz = ZoneInfo("Europe/Berlin")  # DST ends 2026-10-25 03:00 CEST -> 02:00 CET
    ts = np.array([ms(2026, 10, 24, 21, 59), ms(2026, 10, 24, 22, 0), ms(2026, 10, 25, 22, 59), ms(2026, 10, 25, 23, 0)])
    days = [periods.day_iso(d) for d in periods.local_day_numbers(ts, tz)]
    assert days == ["2026-10-24", "2026-10-25", "2026-10-25", "2026-10-26"]


def test_half_hour_zone():
    tz = ZoneInfo("Asia/Kolkata")  # UTC+5:30
    ts = np.array([ms(2026, 1, 1, 18, 29), ms(2026, 1, 1, 18, 30)])
    assert [periods.day_iso(d) for d in periods.local_day_numbers(ts, tz)] == ["2026-01-01", "2026-01-02"]
