"""Differences the wild-shapes sweep (bench/wild_sweep.py over
bench/gen_wild.py) found between codeburn and CodeBurn 0.9.20, each pinned on
a small history; the expected numbers are the spec's, and 0.9.20 gives the
same on the same files."""
from __future__ import annotations

from tests.conftest import assistant_line, usage, user_line

S1 = "bbbbbbbb-0000-4000-8000-000000000001"
CWD = "/home/dev/src/wild"
SLUG = "-home-dev-src-wild"


def untimed(rec: dict) -> dict:
    del rec["timestamp"]
    return rec


def write_untimed_first(history) -> None:
    """msg_A streams twice, its first record without a timestamp: the last
    record (input 100, output 50) takes its own time, since the first has
    none (spec classifier §3.5: the first's time, `?? its own`). msg_B's
    first record is timed and its last is not: the first's time holds."""
    history.write(SLUG, f"{S1}.jsonl", [
        user_line("fix it", ts="2026-03-04T10:00:00.000Z", cwd=CWD, session=S1),
        untimed(assistant_line("msg_A", ts="", cwd=CWD, session=S1, usage=usage(10, 1))),
        assistant_line("msg_A", ts="2026-03-04T10:00:02.000Z", cwd=CWD, session=S1, usage=usage(100, 50)),
        assistant_line("msg_B", ts="2026-03-04T10:00:05.000Z", cwd=CWD, session=S1, usage=usage(7, 3)),
        untimed(assistant_line("msg_B", ts="", cwd=CWD, session=S1, usage=usage(20, 9))),
    ])


def test_a_streamed_message_whose_first_record_has_no_time_takes_its_last_records(run, history):
    write_untimed_first(history)
    d = run("report", "--format", "json", "-p", "all").json
    o = d["overview"]
    assert (o["calls"], o["tokens"]["input"], o["tokens"]["output"]) == (2, 120, 59)
    assert [(r["date"], r["calls"]) for r in d["daily"]] == [("2026-03-04", 2)]
    day = run("report", "--format", "json", "--day", "2026-03-04").json["overview"]
    assert (day["calls"], day["tokens"]["input"]) == (2, 120)
