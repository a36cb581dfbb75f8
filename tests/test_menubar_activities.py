"""The menubar's `topActivities` costs (status --format menubar-json) as
0.9.20's day history sums them: a turn's cost goes with the days it counts
on, so the calls of a turn begun before the period cost nothing there
until today. NOW is 2026-03-05 12:00 UTC; Sonnet 4.5 is $3 / $15 per 1M.
The expected rows were also given by CodeBurn 0.9.20 on the same files with
their dates moved to its today (write_history's `today`)."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import assistant_line, usage, user_line
from tests.test_status_menubar import _doc

S = "claude-sonnet-4-5-20250929"
SHOP = "/home/dev/shop"
R2, R3 = 1000 * 3e-6 + 100 * 15e-6, 100 * 3e-6 + 10 * 15e-6   # 0.0045, 0.00045
B1, B2 = 500 * 3e-6 + 50 * 15e-6, 200 * 3e-6 + 20 * 15e-6      # 0.00225, 0.0009


def _edit(n):
    return [("Edit", {"file_path": SHOP + "/a.py", "old_string": str(n), "new_string": str(n + 1)})]


def write_history(history, today: str = "2026-03-05") -> None:
    day = lambda back: (dt.date.fromisoformat(today) - dt.timedelta(days=back)).isoformat()  # noqa: E731
    history.write("-home-dev-shop", "s.jsonl", [
        # Begun 13 days ago, before the week: its calls on a past day of the
        # week (r2) count nowhere there, today's (r3) count today.
        user_line("refactor the parser", ts=f"{day(13)}T10:00:00Z", cwd=SHOP, session="s"),
        assistant_line("r1", ts=f"{day(13)}T10:01:00Z", model=S, usage=usage(100, 10), tools=_edit(1), cwd=SHOP,
                       session="s"),
        assistant_line("r2", ts=f"{day(3)}T10:00:00Z", model=S, usage=usage(1000, 100), tools=_edit(2), cwd=SHOP,
                       session="s"),
        assistant_line("r3", ts=f"{today}T09:00:00Z", model=S, usage=usage(100, 10), tools=_edit(3), cwd=SHOP,
                       session="s"),
        # Begun two days ago and still running today: b1 on its day, b2 today.
        user_line("fix the failing test", ts=f"{day(2)}T10:00:00Z", cwd=SHOP, session="s"),
        assistant_line("b1", ts=f"{day(2)}T10:01:00Z", model=S, usage=usage(500, 50), tools=_edit(4), cwd=SHOP,
                       session="s"),
        assistant_line("b2", ts=f"{today}T09:30:00Z", model=S, usage=usage(200, 20), tools=_edit(5), cwd=SHOP,
                       session="s"),
    ])


def _activities(run, period):
    return [(a["name"], round(a["cost"], 8), a["turns"]) for a in _doc(run, "--period", period)["current"]["topActivities"]]


def test_a_turn_s_cost_follows_the_days_it_counts_on(run, history):
    write_history(history)
    assert _activities(run, "week") == [("Debugging", round(B1 + B2, 8), 2), ("Refactoring", round(R3, 8), 1)]
    assert _activities(run, "today") == [("Debugging", round(B2, 8), 1), ("Refactoring", round(R3, 8), 1)]
    # the report's activities count every call of the period once
    acts = {a["category"]: round(a["cost"], 8) for a in run("report", "--format", "json", "-p", "week").json["activities"]}
    assert acts == {"Refactoring": round(R2 + R3, 8), "Debugging": round(B1 + B2, 8)}


def test_a_category_counted_on_no_day_of_the_period_is_left_out(run, history):
    # 30 days: the refactor turn began 13 days ago, inside it: it counts on its day
    write_history(history)
    assert _activities(run, "30days") == [("Refactoring", round(R2 + R3 + 100 * 3e-6 + 10 * 15e-6, 8), 2),
                                          ("Debugging", round(B1 + B2, 8), 2)]
    history.write("-home-dev-shop", "t.jsonl", [
        user_line("explain the parser", ts="2026-02-20T11:00:00Z", cwd=SHOP, session="t"),
        assistant_line("x1", ts="2026-03-02T11:00:00Z", model=S, usage=usage(100, 10), cwd=SHOP, session="t")])
    # its only turn began before the week and has no call today: no Conversation row
    assert [a[0] for a in _activities(run, "week")] == ["Debugging", "Refactoring"]


def write_zero_cost_models(history, today: str = "2026-03-05") -> None:
    """Two unpriced models at $0 in two projects: `zz-local-1` in the project
    read first (cheap), `aa-local-2` in the costlier one read second, which
    0.9.20's day history walks first (projects by cost)."""
    history.write("-home-dev-a", "a.jsonl", [
        user_line("explain this", ts=f"{today}T08:00:00Z", cwd="/home/dev/a", session="a"),
        assistant_line("za", ts=f"{today}T08:00:05Z", model="zz-local-1", usage=usage(100, 10), cwd="/home/dev/a",
                       session="a")])
    history.write("-home-dev-b", "b.jsonl", [
        user_line("explain that", ts=f"{today}T09:00:00Z", cwd="/home/dev/b", session="b"),
        assistant_line("ab", ts=f"{today}T09:00:05Z", model="aa-local-2", usage=usage(100, 10), cwd="/home/dev/b",
                       session="b"),
        assistant_line("sb", ts=f"{today}T09:00:09Z", model=S, usage=usage(1000, 100), cwd="/home/dev/b",
                       session="b")])


def test_models_of_equal_cost_in_the_order_the_day_history_meets_them(run, history):
    write_zero_cost_models(history)
    doc = _doc(run, "--period", "today")
    assert [m["name"] for m in doc["history"]["daily"][-1]["topModels"]] == [S, "aa-local-2", "zz-local-1"]
    assert [m["name"] for m in doc["current"]["topModels"]] == ["Sonnet 4.5", "aa-local-2", "zz-local-1"]
