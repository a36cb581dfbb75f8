"""Times written without a zone (`2026-11-20T02:00:00`, `2026-11-21
23:30:00.250`, `2026-11-22T12:00`, SQLite's `datetime('now')` text) are
local time, as the reference's JavaScript Date reads them (a bare date,
`2026-11-23`, stays UTC there and here): under TZ=America/New_York a call
written at 02:00 on the 20th is on the 20th, not at 21:00 on the 19th.
The commands run in-process with TZ in their environment, as a user's
shell gives it. Expected days and numbers are CodeBurn 0.9.20's `report
--format json -p all` on the same files under the same TZ
(`HOME=<home> TZ=<zone> $CODEBURN_HEAD report --format json -p all`).

A decoded time then depends on the zone, so the caches that keep decoded
files (the file cache, the records cache, the kept scan) serve such a file
only under the zone it was read in: a warm run under another zone equals
a cold one there."""
from __future__ import annotations

import datetime as dt
import os

import pytest

from tests.conftest import assistant_line, dumps, usage, user_line
from tests.provider_files import cli_json
from tests.test_codex import line, meta, tokens, user, write_rollout
from tests.test_codex import usage as cx_usage
from tests.test_provider_goose_crush import GOOSE_DDL, goose_session
from tests.records_util import make_db

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc)
SESSION = "dddddddd-0000-4000-8000-00000000000a"
CWD = "/home/dev/src/zones"
CODEX_SID = "0196a1b2-3c4d-7e8f-9a0b-00000000000b"


def build(home: str) -> None:
    """A Claude Code session, a Codex rollout and a Goose store whose times
    carry no zone (one bare date and one UTC time beside them)."""
    claude = os.path.join(home, ".claude", "projects", "-home-dev-src-zones")
    os.makedirs(claude)
    recs = [
        user_line("fix the checkout test", ts="2026-11-20T02:00:00", cwd=CWD, session=SESSION),
        assistant_line("msg_a", ts="2026-11-20T02:00:05", cwd=CWD, session=SESSION, usage=usage(1000, 100)),
        user_line("now the cart", ts="2026-11-21 23:30:00.250", cwd=CWD, session=SESSION),
        assistant_line("msg_b", ts="2026-11-21 23:30:10.250", cwd=CWD, session=SESSION, usage=usage(2000, 200)),
        user_line("and the docs", ts="2026-11-22T12:00", cwd=CWD, session=SESSION),
        assistant_line("msg_c", ts="2026-11-22T12:00", cwd=CWD, session=SESSION, usage=usage(3000, 300)),
        user_line("a bare date", ts="2026-11-23", cwd=CWD, session=SESSION),
        assistant_line("msg_d", ts="2026-11-23", cwd=CWD, session=SESSION, usage=usage(400, 40)),
        user_line("and in UTC", ts="2026-11-23T23:45:00Z", cwd=CWD, session=SESSION),
        assistant_line("msg_e", ts="2026-11-23T23:45:00Z", cwd=CWD, session=SESSION, usage=usage(500, 50)),
    ]
    with open(os.path.join(claude, f"{SESSION}.jsonl"), "w") as f:
        f.writelines(dumps(r) + "\n" for r in recs)
    write_rollout(os.path.join(home, ".codex"), [
        meta("2026-11-24T01:00:00.000", sid=CODEX_SID, cwd="/home/dev/src/ledger", model="gpt-5"),
        line("2026-11-24T01:00:00.500", "event_msg", {"type": "task_started", "turn_id": "t1"}),
        user("2026-11-24T01:00:01.000", "add the export"),
        tokens("2026-11-24T01:00:04.000", cx_usage(6000, 0, 600), cx_usage(6000, 0, 600)),
        line("2026-11-24T22:10:00", "event_msg", {"type": "task_started", "turn_id": "t2"}),
        user("2026-11-24T22:10:01", "and its test"),
        tokens("2026-11-24T22:10:04", cx_usage(13000, 0, 1300), cx_usage(7000, 0, 700)),
    ], day="2026/11/24", name=f"rollout-2026-11-24T01-00-00-{CODEX_SID}.jsonl")
    make_db(os.path.join(home, ".local", "share", "goose", "sessions", "sessions.db"), GOOSE_DDL, {
        "sessions": [goose_session("20261119_1", "/home/dev/goose", 8000, 800, updated="2026-11-19 23:30:00")],
        "messages": []})


def report(home: str, zone: str, jobs: str = "2") -> dict:
    env = {"CODEBURN_JOBS": jobs, "TZ": zone, "CODEX_HOME": os.path.join(home, ".codex"),
           "CLAUDE_CONFIG_DIR": os.path.join(home, ".claude")}
    return cli_json(home, "report", "--format", "json", "-p", "all", env=env, now=NOW)


def days(d: dict) -> list[tuple[str, int, float]]:
    return [(r["date"], r["calls"], round(r["cost"], 9)) for r in d["daily"]]


# 0.9.20's daily rows (date, calls, cost) on build()'s files, per TZ.
DAYS = {
    "UTC": [("2026-11-19", 1, 0.028), ("2026-11-20", 1, 0.0045), ("2026-11-21", 1, 0.009),
            ("2026-11-22", 1, 0.0135), ("2026-11-23", 2, 0.00405), ("2026-11-24", 2, 0.02925)],
    # 02:00 on the 20th is the 20th (as UTC it was 21:00 on the 19th); the
    # bare date is UTC midnight, 19:00 on the 22nd; Goose's 01:30 stays the 19th.
    "America/New_York": [("2026-11-19", 1, 0.028), ("2026-11-20", 1, 0.0045), ("2026-11-21", 1, 0.009),
                         ("2026-11-22", 2, 0.0153), ("2026-11-23", 1, 0.00225), ("2026-11-24", 2, 0.02925)],
    # 23:30 on the 21st stays the 21st (as UTC it was 05:00 on the 22nd); the
    # UTC 23:45 on the 23rd is the 24th.
    "Asia/Kolkata": [("2026-11-19", 1, 0.028), ("2026-11-20", 1, 0.0045), ("2026-11-21", 1, 0.009),
                     ("2026-11-22", 1, 0.0135), ("2026-11-23", 1, 0.0018), ("2026-11-24", 3, 0.0315)],
}
DAYS["Australia/Lord_Howe"] = DAYS["Asia/Kolkata"]  # +11:00 in November (a 30-minute DST), as 0.9.20 gives


@pytest.mark.parametrize("zone", sorted(DAYS))
def test_times_without_a_zone_are_local_time(tmp_path, zone):
    home = str(tmp_path)
    build(home)
    d = report(home, zone)
    assert days(d) == DAYS[zone]
    assert (d["overview"]["calls"], round(d["overview"]["cost"], 9)) == (8, 0.0883)


@pytest.mark.parametrize("jobs", ["1", "2"])  # entries loaded in Python, or by the decoding threads
def test_a_warm_run_under_another_zone_equals_a_cold_one_there(tmp_path, jobs):
    """The file cache (Claude, Codex), the records cache (Goose) and the
    kept scan keep what a cold run under New York decoded; a run under
    Kolkata on the same cache reads the zone-less files again, and New
    York again answers from its caches, both equal to a cold run."""
    home = str(tmp_path / "h")
    build(home)
    assert days(report(home, "America/New_York", jobs)) == DAYS["America/New_York"]
    assert os.path.isdir(os.path.join(home, ".cb-cache", "files-v13"))
    assert days(report(home, "Asia/Kolkata", jobs)) == DAYS["Asia/Kolkata"]
    assert days(report(home, "America/New_York", jobs)) == DAYS["America/New_York"]
    assert days(report(home, "UTC", jobs)) == DAYS["UTC"]
    cache = os.path.join(home, ".cb-cache", "files-v13")
    for zone in ("Asia/Kolkata", "America/New_York"):  # the file and records caches alone
        for name in os.listdir(cache):
            if name.startswith(("scan-", "report-")):
                os.remove(os.path.join(cache, name))
        assert days(report(home, zone, jobs)) == DAYS[zone]


def test_a_file_without_zone_less_times_is_served_under_any_zone(tmp_path):
    """Only a decode that read a time without a zone is tied to its zone."""
    from zoneinfo import ZoneInfo

    from codeburn._fast.reader import set_local_zone, zone_stamp
    from codeburn.classify import ruleset
    from codeburn.read.decoding import make_scanner

    p = tmp_path / "s.jsonl"
    recs = [user_line("hi", ts="2026-11-20T02:00:00Z", cwd=CWD, session=SESSION),
            assistant_line("m1", ts="2026-11-20T02:00:05.000Z", cwd=CWD, session=SESSION, usage=usage(10, 1))]
    p.write_text("".join(dumps(r) + "\n" for r in recs))
    scanner = make_scanner(ruleset.load(ruleset.rules_dir({})), keep_prompts=False)
    try:
        set_local_zone(ZoneInfo("Asia/Kolkata"))
        assert scanner.decode_file(str(p), 0).zone_stamp == 0
        recs[1]["timestamp"] = "2026-11-20T02:00:05"
        p.write_text("".join(dumps(r) + "\n" for r in recs))
        assert scanner.decode_file(str(p), 0).zone_stamp == zone_stamp() != 0
    finally:
        set_local_zone(None)


# JavaScript's Date on these strings under TZ=America/New_York (node 22, the
# reference's runtime): a time without a zone is local, a clock change's
# skipped time takes the offset before it, a repeated one the earlier.
JS_NEW_YORK = {
    "2026-11-20": "2026-11-20T00:00:00.000Z",
    "2026-11-20T10:00:00": "2026-11-20T15:00:00.000Z",
    "2026-11-20 10:00:00": "2026-11-20T15:00:00.000Z",
    "2026-11-20T10:00": "2026-11-20T15:00:00.000Z",
    "2026-11-20t10:00:00": "2026-11-20T15:00:00.000Z",
    "2026-11-20T10:00:00.123456": "2026-11-20T15:00:00.123Z",
    "2026-11-20T10:00:00Z": "2026-11-20T10:00:00.000Z",
    "2026-11-20 10:00:00Z": "2026-11-20T10:00:00.000Z",
    "2026-11-20T10:00:00+05:30": "2026-11-20T04:30:00.000Z",
    "2026-03-08T02:30:00": "2026-03-08T07:30:00.000Z",
    "2026-11-01T01:30:00": "2026-11-01T05:30:00.000Z",
}


@pytest.mark.parametrize("text", sorted(JS_NEW_YORK))
def test_the_reader_reads_times_as_javascript_does(text):
    from zoneinfo import ZoneInfo

    from codeburn._fast.reader import parse_iso_ms, set_local_zone
    from codeburn.report.isotime import iso_ms

    try:
        set_local_zone(ZoneInfo("America/New_York"))
        assert iso_ms(parse_iso_ms(text)) == JS_NEW_YORK[text]
    finally:
        set_local_zone(None)


def build_gemini_turn(home: str, now: dt.datetime, zone: str) -> None:
    """A Gemini CLI turn whose prompt and first answer carry a zone (an hour
    ago) and whose second answer is written without one, at 23:30 local
    yesterday: read as local time, the turn's times go back a day."""
    from zoneinfo import ZoneInfo

    z = lambda t: t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")  # noqa: E731
    yesterday = now.astimezone(ZoneInfo(zone)).date() - dt.timedelta(days=1)
    chats = os.path.join(home, ".gemini", "tmp", "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2",
                         "chats")
    os.makedirs(chats)
    t0 = now - dt.timedelta(hours=1)
    recs = [{"sessionId": "5e55a0e1-0000-4000-8000-00000000000c", "projectHash": "a1b2", "startTime": z(t0),
             "lastUpdated": z(t0), "kind": "main"},
            {"id": "u0", "type": "user", "timestamp": z(t0), "content": [{"text": "run the tests"}]},
            {"id": "g0", "type": "gemini", "timestamp": z(t0 + dt.timedelta(seconds=2)), "content": "ok",
             "model": "gemini-2.5-pro", "tokens": {"input": 1000, "output": 100, "cached": 0, "thoughts": 0, "tool": 0}},
            {"id": "g1", "type": "gemini", "timestamp": f"{yesterday.isoformat()}T23:30:00", "content": "ok",
             "model": "gemini-2.5-pro", "tokens": {"input": 2000, "output": 200, "cached": 0, "thoughts": 0, "tool": 0}}]
    with open(os.path.join(chats, "session-2026-11-26T10-00-5e55a0e1.jsonl"), "w") as f:
        f.writelines(dumps(r) + "\n" for r in recs)


def test_a_turn_whose_times_go_back_a_day_counts_on_both_days(tmp_path):
    """The reference's daily rows count a turn on the first past day among
    its calls' (its day history read apart from today) and again on today:
    here yesterday 1 call and 1 turn, today 1 call and 1 turn. CodeBurn
    0.9.20 on these files, TZ=Asia/Kolkata, `report -p all`: the same
    rows (gemini-2.5-pro: $0.0045 yesterday, $0.00225 today)."""
    home = str(tmp_path)
    now = dt.datetime(2026, 11, 26, 12, 40, tzinfo=dt.timezone.utc)  # 18:10 in Kolkata
    build_gemini_turn(home, now, "Asia/Kolkata")
    d = cli_json(home, "report", "--format", "json", "-p", "all", env={"TZ": "Asia/Kolkata"}, now=now)
    assert [(r["date"], r["calls"], r["turns"], round(r["cost"], 9)) for r in d["daily"]] == [
        ("2026-11-25", 1, 1, 0.0045), ("2026-11-26", 1, 1, 0.00225)]

