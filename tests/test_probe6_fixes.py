"""Day and period faults found by fixtures written apart from ours
(fourteenth-session probe of zones and periods), each checked against
CodeBurn 0.9.20 on the same shapes: its day history holds a year of whole
days before today and today until now, and its menubar takes the headline
from those days and the lists from its parse of the period. NOW is
2026-03-05 12:00 UTC (tests/conftest.py)."""
from __future__ import annotations

import json

from tests.conftest import assistant_line, usage, user_line


def turn(history, project: str, sid: str, prompt_at: str, call_at: str, msg: str, tokens=(1000, 100),
         tool=("Bash", {"command": "ls"})):
    cwd = f"/home/dev/{project}"
    return [user_line("fix the failing test", ts=prompt_at, cwd=cwd, session=sid),
            assistant_line(msg, ts=call_at, usage=usage(*tokens), cwd=cwd, session=sid, tools=[tool])]


def write(history, project: str, sid: str, records: list) -> None:
    history.write(f"-home-dev-{project}", f"{sid}.jsonl", records)


def ahead_today(history) -> None:
    """One call ten minutes ago, one stamped 50 minutes from now (a skewed
    clock, a zone-less time west of UTC), one yesterday."""
    write(history, "alpha", "s1", turn(history, "alpha", "s1", "2026-03-05T11:49:00Z", "2026-03-05T11:50:00Z", "m1")
          + turn(history, "alpha", "s1", "2026-03-05T12:49:00Z", "2026-03-05T12:50:00Z", "m2")
          + turn(history, "alpha", "s1", "2026-03-04T09:00:00Z", "2026-03-04T09:00:10Z", "m0"))


def test_one_tools_status_month_ends_now(run, history):
    """`status --provider X`: its month takes today from the all-tool parse
    of today, which ends now (month calls 2 -> 1, as today's)."""
    ahead_today(history)
    one = json.loads(run("status", "--format", "json", "--provider", "claude").stdout)
    assert (one["today"]["calls"], one["month"]["calls"]) == (1, 2)   # yesterday's and the one before now
    every = json.loads(run("status", "--format", "json").stdout)
    assert (every["today"]["calls"], every["month"]["calls"]) == (1, 3)


def test_menubar_past_day_history_today_ends_now(run, history):
    """--day yesterday: the day history's today row comes from a read of
    today that ends now (2 calls -> 1)."""
    ahead_today(history)
    doc = json.loads(run("status", "--format", "menubar-json", "--day", "yesterday").stdout)
    assert [(d["date"], d["calls"]) for d in doc["history"]["daily"]] == [("2026-03-04", 1), ("2026-03-05", 1)]
    assert doc["current"]["calls"] == 1


def test_filtered_report_lists_no_day_outside_the_day_history(run, history):
    """--project narrows a lifetime report: the $0 rows of other projects'
    days are its day history's only, not a day more than a year back."""
    write(history, "alpha", "a1", turn(history, "alpha", "a1", "2026-03-03T09:00:00Z", "2026-03-03T09:00:10Z", "m1"))
    write(history, "beta", "b1", turn(history, "beta", "b1", "2025-01-10T09:00:00Z", "2025-01-10T09:00:10Z", "m2")
          + turn(history, "beta", "b1", "2026-03-02T09:00:00Z", "2026-03-02T09:00:10Z", "m3"))
    doc = run("report", "--format", "json", "-p", "lifetime", "--project", "alpha").json
    assert [(d["date"], d["calls"]) for d in doc["daily"]] == [("2026-03-02", 0), ("2026-03-03", 1)]


def test_menubar_lifetime_lists_from_the_parse_projects_from_the_days(run, history):
    """A session wholly before the day history (2025-01-10): the lifetime
    headline and topProjects' cost leave it out (day totals), its tools
    count (the parse's lists)."""
    write(history, "beta", "b0", turn(history, "beta", "b0", "2025-01-10T09:00:00Z", "2025-01-10T09:00:10Z", "m1"))
    write(history, "beta", "b1", turn(history, "beta", "b1", "2026-03-02T09:00:00Z", "2026-03-02T09:00:10Z", "m2"))
    doc = json.loads(run("status", "--format", "menubar-json", "--period", "lifetime").stdout)
    cur = doc["current"]
    one_call = 1000 * 3e-6 + 100 * 15e-6
    assert cur["calls"] == 1 and abs(cur["cost"] - one_call) < 1e-12
    assert [(p["name"], round(p["cost"], 9)) for p in cur["topProjects"]] == [("beta", round(one_call, 9))]
    assert cur["tools"] == [{"name": "Bash", "calls": 2}]
