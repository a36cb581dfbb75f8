"""`codeburn blocks` on tests/histories.py (clock 2026-03-05 12:00 UTC).
On the same files ccusage 20's `blocks --json` gave the same blocks, gaps,
tokens, costs, burn rate and projection (same key names)."""
from __future__ import annotations

import pytest

from tests import histories as h
from tests.histories import hist  # noqa: F401 (the fixture)
from tests.conftest import assistant_line, usage, user_line



def test_blocks_gaps_and_the_active_block(run, hist):
    r = run("blocks", "--format", "json")
    assert r.status == 0, r.stderr
    b = r.json["blocks"]
    assert [(x["id"], x["isGap"], x["isActive"], x["entries"], x["totalTokens"]) for x in b] == [
        ("2026-02-23T15:00:00.000Z", False, False, 1, 400),
        ("gap-2026-02-23T20:00:08.000Z", True, False, 0, 0),
        ("2026-03-03T10:00:00.000Z", False, False, 4, 26650),
        ("gap-2026-03-03T15:00:40.000Z", True, False, 0, 0),
        ("2026-03-05T10:00:00.000Z", False, True, 2, 8500)]
    assert b[1]["endTime"] == "2026-03-03T10:00:05.000Z" and b[3]["endTime"] == "2026-03-05T10:00:10.000Z"
    mid = b[2]
    assert mid["models"] == [h.SONNET, h.HAIKU] and mid["actualEndTime"] == "2026-03-03T10:00:40.000Z"
    assert mid["costUSD"] == pytest.approx(h.C["m1"] + h.C["m2"] + h.C["m3"] + h.C["a1"])
    assert mid["tokenCounts"] == {"inputTokens": 1700, "outputTokens": 950, "cacheCreationInputTokens": 2000,
                                  "cacheReadInputTokens": 22000}
    assert mid["burnRate"] is None and mid["endTime"] == "2026-03-03T15:00:00.000Z"
    act = b[4]
    cost = h.C["m4"] + h.C["m5"]  # over the 20 s from its first call to its last
    assert act["burnRate"] == {"tokensPerMinute": pytest.approx(25500), "tokensPerMinuteForIndicator": pytest.approx(10500),
                               "costPerHour": pytest.approx(cost * 180)}
    assert act["projection"] == {"totalTokens": 8500 + 25500 * 180, "totalCost": 24.75, "remainingMinutes": 180}


def test_active_only_and_text(run, hist):
    assert [x["id"] for x in run("blocks", "--active", "--format", "json").json["blocks"]] == ["2026-03-05T10:00:00.000Z"]
    text = run("blocks").stdout
    assert "  2026-03-05 10:00  ACTIVE" in text and "$8.24/h" in text
    assert "Active block: $0.046 so far; at this rate $24.75 and 4.6M tokens by 2026-03-05 15:00 (180 min left)" in text


def test_five_hours_from_the_start_close_a_block_without_a_gap(run, history):
    calls = [("x1", "2026-03-04T09:30:00.000Z"), ("x2", "2026-03-04T13:00:00.000Z"), ("x3", "2026-03-04T14:59:00.000Z")]
    history.write("-p", "s.jsonl", [user_line("hi", ts="2026-03-04T09:29:00.000Z", cwd="/p")] +
                  [assistant_line(m, ts=t, usage=usage(100, 10), cwd="/p") for m, t in calls])
    b = run("blocks", "--format", "json").json["blocks"]
    assert [(x["startTime"], x["entries"], x["isGap"]) for x in b] == [
        ("2026-03-04T09:00:00.000Z", 2, False), ("2026-03-04T14:00:00.000Z", 1, False)]
    assert not any(x["isActive"] for x in b)


def test_no_claude_usage(run, history):
    r = run("blocks")
    assert r.status == 0 and "No Claude usage found in this period." in r.stdout


def test_a_gap_that_ends_in_the_next_blocks_hour_follows_it(run, history):
    """Calls at 13:01 and 18:10: the gap runs 18:01-18:10 and the next
    block starts at 18:00, so the block is listed first, by start time (as
    ccusage 20's `blocks --json` lists them; the gap came first here)."""
    calls = [("x1", "2026-03-04T13:01:00.000Z"), ("x2", "2026-03-04T18:10:00.000Z")]
    history.write("-p", "s.jsonl", [user_line("hi", ts="2026-03-04T13:00:30.000Z", cwd="/p")] +
                  [assistant_line(m, ts=t, usage=usage(100, 10), cwd="/p") for m, t in calls])
    b = run("blocks", "--format", "json").json["blocks"]
    assert [x["id"] for x in b] == ["2026-03-04T13:00:00.000Z", "2026-03-04T18:00:00.000Z",
                                    "gap-2026-03-04T18:01:00.000Z"]


def test_a_window_does_not_move_with_the_period(run, history):
    """A window opened at 22:30 runs to 03:00 whatever period is asked:
    `-p today` at 01:00 shows it whole (it was re-anchored at the first call
    of the period, 00:00-05:00 with one call, 240 minutes left), as ccusage
    shows the active block; the default period lists a call ahead of the
    clock, as ccusage does."""
    import datetime as dt

    calls = [("x1", "2026-03-04T22:30:00.000Z"), ("x2", "2026-03-05T00:30:00.000Z"),
             ("x3", "2026-03-06T02:00:00.000Z")]   # the last: a day ahead of the clock
    history.write("-p", "s.jsonl", [user_line("hi", ts="2026-03-04T22:29:00.000Z", cwd="/p")] +
                  [assistant_line(m, ts=t, usage=usage(100, 10), cwd="/p") for m, t in calls])
    now = dt.datetime(2026, 3, 5, 1, 0, tzinfo=dt.timezone.utc)
    (b,) = run("blocks", "-p", "today", "--active", "--format", "json", now=now).json["blocks"]
    assert (b["startTime"], b["entries"], b["projection"]["remainingMinutes"]) == ("2026-03-04T22:00:00.000Z", 2, 120)
    every = run("blocks", "--format", "json", now=now).json["blocks"]
    assert [x["id"] for x in every] == ["2026-03-04T22:00:00.000Z", "gap-2026-03-05T05:30:00.000Z",
                                        "2026-03-06T02:00:00.000Z"]
