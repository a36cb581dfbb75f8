"""`codeburn status --format waybar | xbar` (issue 19): today's and this
month's spend for status bars, with the plan closest to its budget.
NOW is 2026-03-05 12:00 UTC; Sonnet 4.5 costs $3e-6 per input token and
$15e-6 per output token."""
from __future__ import annotations

import json

from tests.conftest import assistant_line, usage, user_line

SONNET = "claude-sonnet-4-5-20250929"


def _history(history, today_out=1000):
    history.write("p", "s.jsonl", [
        user_line("fix it", ts="2026-03-01T08:00:00Z"),
        assistant_line("m1", ts="2026-03-01T08:00:01Z", model=SONNET, usage=usage(1_000_000, 0)),   # $3
        assistant_line("m2", ts="2026-03-05T09:00:00Z", model=SONNET, usage=usage(0, today_out)),  # today
    ])


def test_waybar_without_a_plan(run, history):
    _history(history)
    r = run("status", "--format", "waybar")
    assert r.status == 0 and r.stdout.count("\n") == 1
    assert json.loads(r.stdout) == {"text": "🔥 $0.015", "tooltip": "Today $0.015 · 1 calls\nMonth $3.02 · 2 calls",
                                    "class": "normal", "alt": "normal"}


def test_waybar_near_and_over_a_plan(run, history):
    _history(history, today_out=1_000_000)  # $15 today, $18 this month
    assert run("plan", "set", "claude-pro").status == 0  # $20 a month
    doc = json.loads(run("status", "--format", "waybar").stdout)
    assert (doc["class"], doc["percentage"]) == ("near", 90)
    assert doc["tooltip"].endswith("\nClaude Pro: $18.00 of $20.00 (90.0%, near)")
    assert run("plan", "set", "custom", "--monthly-usd", "10", "--provider", "claude").status == 0
    doc = json.loads(run("status", "--format", "waybar").stdout)
    assert (doc["class"], doc["percentage"]) == ("over", 100)  # 180 %, capped for the bar
    assert "(180.0%, over)" in doc["tooltip"]


def test_xbar(run, history):
    _history(history, today_out=1_000_000)
    assert run("status", "--format", "xbar").stdout == (
        "🔥 $15.00\n---\nToday $15.00 · 1 calls\nMonth $18.00 · 2 calls\n---\n"
        "Open dashboard | shell=codeburn terminal=true\nRefresh | refresh=true\n")
    run("plan", "set", "custom", "--monthly-usd", "10", "--provider", "claude")
    first = run("status", "--format", "xbar").stdout.splitlines()[0]
    assert first == "🔥 $15.00 | color=#f85149"


def test_menubar_json_carries_the_plans(run, history):
    _history(history, today_out=1_000_000)
    run("plan", "set", "claude-pro")
    doc = run("status", "--format", "menubar-json").json
    plan = doc["plans"]["claude"]
    assert (plan["id"], plan["budget"], plan["percentUsed"], plan["status"]) == ("claude-pro", 20, 90, "near")
    assert plan["spent"] == 18.0


def test_menubar_names_the_shipped_integrations(run, history):
    import os

    doc = run("menubar", "--format", "json").json
    assert sorted(doc) == ["gnomeExtension", "gnomeInstall", "xbarPlugin"]
    assert os.path.isfile(os.path.join(doc["gnomeExtension"], "metadata.json"))
    assert os.path.isfile(doc["gnomeInstall"]) and os.path.isfile(doc["xbarPlugin"])
    text = run("menubar").stdout
    assert doc["gnomeInstall"] in text and doc["xbarPlugin"] in text and "--format waybar" in text
