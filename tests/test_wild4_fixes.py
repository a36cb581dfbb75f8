"""Differences the fourth wild sweep (bench/wild4_sweep.py, histories of
bench/gen_wild4.py) found between codeburn and CodeBurn 0.9.20, each pinned
on a small history whose expected output came from running 0.9.20 on the
same files."""
from __future__ import annotations

import datetime as dt
import json

from tests.conftest import assistant_line, usage, user_line

NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.timezone.utc)
LATE = "/home/dev/src/late"
S1 = "bbbbbbbb-0000-4000-8000-000000000001"


def test_export_files_a_whole_turn_under_its_prompt_day_before_the_period(run, history, tmp_path):
    """A slash command sent at 23:59:30 the evening before the 30-day window
    and its one call 70 s later, after midnight: the turn is whole in the
    window, and 0.9.20's export files a whole turn by its prompt's time, so
    its 30 Days table has a row for 2026-10-26 (the report's daily rows, by
    each call's own day, have 2026-10-27 and no turn there). 0.9.20 on these
    files: 30 Days [2026-10-26 $0.33 1 call 100,000 in; 2026-11-20 1 call],
    7 Days [2026-11-20]."""
    history.write("-home-dev-src-late", f"{S1}.jsonl", [
        user_line("fix the bug", ts="2026-10-26T23:59:30.000Z", cwd=LATE, session=S1),
        assistant_line("msg_late1", ts="2026-10-27T00:00:40.000Z", cwd=LATE, session=S1,
                       usage=usage(100000, 2000, cr=1000), tools=[("Bash", {"command": "make"})]),
        user_line("and again", ts="2026-11-20T10:00:00.000Z", cwd=LATE, session=S1),
        assistant_line("msg_late2", ts="2026-11-20T10:00:05.000Z", cwd=LATE, session=S1, usage=usage(200, 20)),
    ])
    out = tmp_path / "exp.json"
    assert run("export", "-f", "json", "-o", str(out), now=NOW).status == 0
    doc = json.loads(out.read_text())
    days = {p["label"]: [(d["Date"], d["Cost (USD)"], d["API Calls"], d["Sessions"], d["Input Tokens"],
                          d["Output Tokens"], d["Cache Read Tokens"]) for d in p["daily"]] for p in doc["periods"]}
    assert days == {"Today": [], "7 Days": [("2026-11-20", 0, 1, 1, 200, 20, 0)],
                    "30 Days": [("2026-10-26", 0.33, 1, 1, 100000, 2000, 1000), ("2026-11-20", 0, 1, 1, 200, 20, 0)]}
    daily = run("report", "--format", "json", "-p", "30days", now=NOW).json["daily"]
    assert [(d["date"], d["calls"], d["turns"]) for d in daily] == [("2026-10-27", 1, 0), ("2026-11-20", 1, 1)]
