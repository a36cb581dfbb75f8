"""`codeburn sessions` on tests/histories.py: every number from the prices
(checked against the reference 0.9.20 on the same files: identical JSON)."""
from __future__ import annotations

import pytest

from tests import histories as h
from tests.histories import hist  # noqa: F401 (the fixture)



def test_json_rows_keys_and_numbers(run, hist):
    r = run("sessions", "--format", "json")
    assert r.status == 0, r.stderr
    rows = r.json
    assert [x["sessionId"] for x in rows] == [h.S1, h.S2, h.AGENT, h.S3]  # shop first (costlier), files as read
    assert list(rows[0]) == ["sessionId", "title", "project", "provider", "models", "cost", "savingsUSD", "calls",
                             "turns", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens",
                             "startedAt", "endedAt", "durationMs"]
    s1, s2, agent, s3 = rows
    assert s1["cost"] == pytest.approx(h.C["m1"] + h.C["m2"] + h.C["m3"])
    assert (s1["calls"], s1["turns"], s1["models"], s1["project"]) == (3, 1, ["Sonnet 4.5"], h.SHOP_SLUG)
    assert (s1["inputTokens"], s1["outputTokens"], s1["cacheReadTokens"], s1["cacheWriteTokens"]) == (1300, 850, 22000, 2000)
    assert (s1["startedAt"], s1["endedAt"], s1["durationMs"]) == ("2026-03-03T10:00:05.000Z", "2026-03-03T10:00:40.000Z", 35000)
    assert s2["cost"] == pytest.approx(h.C["m4"] + h.C["m5"])
    assert (s2["calls"], s2["models"], s2["provider"]) == (2, ["Opus 4.6"], "claude")
    assert (agent["calls"], agent["models"], agent["durationMs"]) == (1, ["Haiku 4.5"], 0)
    assert s3["project"] == h.API_SLUG and s3["cost"] == pytest.approx(h.C["m6"])


def test_period_and_project_filters(run, hist):
    assert [x["sessionId"] for x in run("sessions", "-p", "today", "--format", "json").json] == [h.S2]
    assert [x["sessionId"] for x in run("sessions", "--project", "api", "--format", "json").json] == [h.S3]
    assert run("sessions", "--from", "2026-01-01", "--to", "2026-01-31", "--format", "json").json == []


def test_table_newest_first(run, hist):
    r = run("sessions")
    assert r.status == 0, r.stderr
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith("  2026-")]
    # (an untitled session by its short id, as 0.9.20's table: session_labels.short_id)
    from codeburn.report.session_labels import short_id

    assert [ln[20:].split("  ")[0] for ln in lines] == [short_id(s) for s in (h.S2, h.AGENT, h.S1, h.S3)]
    assert short_id(h.AGENT).startswith("Agent ") and "…" in short_id(h.S1)
    assert "4 sessions · $0.080 total · newest first" in r.stdout
    # The reference's --no-pager is taken, and changes nothing here.
    assert run("sessions", "--no-pager").stdout == r.stdout


def test_help_and_bad_format(run, hist):
    assert run("sessions", "--help").stdout.startswith("codeburn sessions")
    r = run("sessions", "--format", "csv")
    assert r.status == 2 and r.stderr.startswith('codeburn: error: unknown format "csv"')
