"""`codeburn status`: today's and this month's totals (spec commands §3.2).
NOW is 2026-03-05 12:00 UTC. Sonnet 4.5 costs $3e-6 per input token and
$15e-6 per output token."""
from __future__ import annotations

from tests.conftest import assistant_line, usage, user_line

SONNET = "claude-sonnet-4-5-20250929"


def _history(history):
    history.write("p", "s.jsonl", [
        user_line("fix it", ts="2026-02-27T10:00:00Z"),
        assistant_line("m0", ts="2026-02-27T10:00:01Z", model=SONNET, usage=usage(1000, 1000)),   # last month
        assistant_line("m1", ts="2026-03-01T08:00:00Z", model=SONNET, usage=usage(1000, 0)),      # $0.003
        assistant_line("m2", ts="2026-03-05T09:00:00Z", model=SONNET, usage=usage(0, 1000)),      # $0.015, today
        assistant_line("m3", ts="2026-03-05T11:00:00Z", model=SONNET, usage=usage(2000, 2000)),   # $0.036, today
    ])


def test_json_is_one_line_with_rounded_cents(run, history):
    _history(history)
    r = run("status", "--format", "json")
    assert r.status == 0 and r.stderr == ""
    assert r.stdout == ('{"currency":"USD","today":{"cost":0.05,"savings":0,"calls":2},'
                        '"month":{"cost":0.05,"savings":0,"calls":3}}\n')


def test_text(run, history):
    _history(history)
    assert run("status").stdout == "\n  Today  $0.051  2 calls    Month  $0.054  3 calls\n\n"


def test_text_counts_calls_without_digit_grouping(run, history):
    """1,200 calls today print as `1200 calls`, as 0.9.20's status line does."""
    history.write("p", "busy.jsonl", [user_line("go", ts="2026-03-05T08:00:00Z")] + [
        assistant_line(f"b{i}", ts=f"2026-03-05T{8 + i // 600:02d}:{i // 10 % 60:02d}:{i % 10:02d}Z", model=SONNET,
                       usage=usage(1, 0)) for i in range(1200)])
    assert run("status").stdout == "\n  Today  $0.0036  1200 calls    Month  $0.0036  1200 calls\n\n"


def test_day_boundaries_follow_the_zone(run, history):
    """In Tokyo (UTC+9) 2026-03-05 09:00Z is 18:00 today; the month began at 2026-02-28T15:00Z."""
    _history(history)
    doc = run("status", "--format", "json", "--timezone", "Asia/Tokyo").json
    assert (doc["today"]["calls"], doc["month"]["calls"]) == (2, 3)
    doc = run("status", "--format", "json", "--timezone", "America/Los_Angeles").json  # now = 04:00 on the 5th
    assert (doc["today"]["calls"], doc["month"]["calls"]) == (2, 3)


def test_empty_and_filters(run, history):
    _history(history)
    assert run("status", "--format", "json", "--project", "nope").json["month"] == {"cost": 0, "savings": 0, "calls": 0}
    assert run("status", "--format", "json", "--provider", "codex").json["today"]["calls"] == 0


def test_a_repeat_answers_from_the_snapshot_without_the_reader(run, history, tmp_path):
    """Nothing changed: the second process answers without importing numpy
    (the reader); a file that grew is read again. The history is found
    through claudeConfigDirs in codeburn's config file."""
    import json
    import os
    import subprocess
    import sys

    _history(history)
    config = tmp_path / "home" / ".config" / "codeburn"
    config.mkdir(parents=True)
    (config / "config.json").write_text(json.dumps({"claudeConfigDirs": [history.root]}))
    env = dict(os.environ, HOME=str(tmp_path / "home"), CLAUDE_CONFIG_DIR="", CLAUDE_CONFIG_DIRS="",
               CODEX_HOME=str(tmp_path / "none"), TZ="UTC",
               CODEBURN_CACHE_DIR=str(tmp_path / "cache"), CODEBURN_DESKTOP_SESSIONS_DIR=str(tmp_path / "none"))
    code = ("import sys, datetime as dt; from codeburn.cli import main; from codeburn.env import Environment; "
            "e = Environment(clock=lambda: dt.datetime(2026, 3, 5, 12, tzinfo=dt.timezone.utc)); "
            "main(['status', '--format', 'json'], e); print('numpy' in sys.modules)")

    def status():
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                             cwd=str(tmp_path), check=True).stdout.splitlines()
        return out[0], out[1]

    first = status()
    assert first == ('{"currency":"USD","today":{"cost":0.05,"savings":0,"calls":2},'
                     '"month":{"cost":0.05,"savings":0,"calls":3}}', "True")
    assert status() == (first[0], "False")  # from the snapshot
    history.write("p", "t.jsonl", [assistant_line("m9", ts="2026-03-05T11:30:00Z", model=SONNET,
                                                  usage=usage(0, 10000))])  # +$0.15 today
    assert status() == ('{"currency":"USD","today":{"cost":0.2,"savings":0,"calls":3},'
                        '"month":{"cost":0.2,"savings":0,"calls":4}}', "True")


def test_on_the_first_of_the_month_the_month_ends_now(run, history):
    """On the 1st the month is today alone, so 0.9.20's month total, as its
    today's, ends now: a call stamped later today is in neither yet (0.9.20
    on the same shape: month $0.02, 1 call; the probe's repro_5)."""
    import datetime as dt

    history.write("p", "s.jsonl", [
        user_line("fix it", ts="2026-04-01T00:05:00Z"),
        assistant_line("m1", ts="2026-04-01T00:10:00Z", model=SONNET, usage=usage(2000, 1000)),   # $0.021
        assistant_line("m2", ts="2026-04-01T23:00:00Z", model=SONNET, usage=usage(2000, 1000)),   # later today
    ])
    doc = run("status", "--format", "json", now=dt.datetime(2026, 4, 1, 6, 0, tzinfo=dt.timezone.utc)).json
    assert (doc["today"], doc["month"]) == ({"cost": 0.02, "savings": 0, "calls": 1}, {"cost": 0.02, "savings": 0, "calls": 1})
