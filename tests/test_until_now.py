"""A period of today alone ends now in the reference's headline totals
(report's JSON, overview, status): its live parse of today stops at the
clock, so a call stamped later today is not in it yet. Goose writes its
times without a zone, read as local time (spec errata), so west of UTC a
session updated an hour ago lands hours ahead. Expected numbers are
CodeBurn 0.9.20's on the same store (written for today under
America/Chicago, 2026-11-26, and run at 15:58 local time)."""
from __future__ import annotations

import datetime as dt
import os

from tests.provider_files import cli_json
from tests.records_util import make_db
from tests.test_provider_goose_crush import GOOSE_DDL, goose_msg, goose_session

NOW = dt.datetime(2026, 10, 14, 17, 0, tzinfo=dt.timezone.utc)   # 12:00 in Chicago (CDT)
LATER = dt.datetime(2026, 10, 14, 21, 0, tzinfo=dt.timezone.utc)  # 16:00 there
ENV = {"TZ": "America/Chicago"}


def store(home: str) -> None:
    make_db(os.path.join(home, ".local", "share", "goose", "sessions", "sessions.db"), GOOSE_DDL, {
        "sessions": [goose_session("s_a", "/home/dev/shop", 1000, 100, updated="2026-10-14 09:00:00"),
                     goose_session("s_b", "/home/dev/web", 2000, 200, updated="2026-10-14 15:30:00"),  # ahead
                     goose_session("s_c", "/home/dev/shop", 4000, 400, updated="2026-10-13 10:00:00")],
        "messages": [goose_msg(n, s, "user", [{"type": "text", "text": "add a flag"}])
                     for n, s in enumerate(("s_a", "s_b", "s_c"), 1)]})


def summary(d: dict) -> tuple:
    return (d["overview"]["calls"], round(d["overview"]["cost"], 9), [(x["date"], x["calls"]) for x in d["daily"]],
            [(p["name"], p["calls"]) for p in d["projects"]])


def test_today_ends_now(tmp_path):
    home = str(tmp_path)
    store(home)
    today = cli_json(home, "report", "--format", "json", "-p", "today", env=ENV, now=NOW)
    assert summary(today) == (1, 0.0035, [("2026-10-14", 1)], [("home-dev-shop", 1)])
    # a longer period runs to the end of today ...
    week = cli_json(home, "report", "--format", "json", "-p", "week", env=ENV, now=NOW)
    assert summary(week) == (3, 0.0245, [("2026-10-13", 1), ("2026-10-14", 2)],
                             [("home-dev-shop", 2), ("home-dev-web", 1)])
    # ... but one tool's headline and days take today from the parse of today
    goose = cli_json(home, "report", "--format", "json", "-p", "week", "--provider", "goose", env=ENV, now=NOW)
    assert summary(goose) == (2, 0.0175, [("2026-10-13", 1), ("2026-10-14", 1)],
                              [("home-dev-shop", 2), ("home-dev-web", 1)])
    assert goose["overview"]["sessions"] == 3  # its sessions: those of the period's parse
    panel = cli_json(home, "status", "--format", "menubar-json", "--no-optimize", "--period", "week", "--provider",
                     "goose", env=ENV, now=NOW)["current"]
    assert (panel["calls"], panel["sessions"], len(panel["topProjects"])) == (2, 3, 2)
    status = cli_json(home, "status", "--format", "json", env=ENV, now=NOW)
    assert (status["today"]["calls"], status["month"]["calls"]) == (1, 3)
    overview = cli_json(home, "overview", "-p", "today", "--format", "json", env=ENV, now=NOW)
    assert overview["totals"]["calls"] == 1
    panel = cli_json(home, "status", "--format", "menubar-json", "--no-optimize", env=ENV, now=NOW)
    assert (panel["current"]["calls"], len(panel["current"]["topProjects"])) == (1, 1)
    assert [(d["date"], d["calls"]) for d in panel["history"]["daily"]] == [("2026-10-13", 1), ("2026-10-14", 1)]
    panel = cli_json(home, "status", "--format", "menubar-json", "--no-optimize", "--period", "week", env=ENV, now=NOW)
    assert panel["current"]["calls"] == 3


def test_a_call_ahead_counts_once_the_clock_passes_it(tmp_path):
    # nothing kept by the earlier runs hides it (the same files, the same day)
    home = str(tmp_path)
    store(home)
    for now, calls in ((NOW, 1), (NOW, 1), (LATER, 2)):
        assert cli_json(home, "report", "--format", "json", "-p", "today", env=ENV, now=now)["overview"]["calls"] == calls
        assert cli_json(home, "status", "--format", "json", env=ENV, now=now)["today"]["calls"] == calls
        assert cli_json(home, "overview", "-p", "today", "--format", "json", env=ENV, now=now)["totals"]["calls"] == calls
        assert cli_json(home, "status", "--format", "menubar-json", "--no-optimize", env=ENV,
                        now=now)["current"]["calls"] == calls
