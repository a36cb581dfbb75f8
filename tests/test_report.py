"""`codeburn report --format json` on a small history, every number worked out
by hand from the spec's prices (USD per 1M tokens: Sonnet 4.5 3/15/3.75/0.3,
Opus 4.7 5/25/6.25/0.5 with fast x6, Haiku 4.5 1/5/1.25/0.1; 1-hour cache
writes at 1.6x the 5-minute rate; web search $0.01)."""
from __future__ import annotations

import json
import os

import pytest

from tests.conftest import assistant_line, tool_result_line, usage, user_line

SHOP = "/home/dev/shop"
SONNET, OPUS, HAIKU = "claude-sonnet-4-5-20250929", "claude-opus-4-7", "claude-haiku-4-5-20251001"

# Per-call costs, by hand:
C_M1 = 1000 * 3e-6 + 500 * 15e-6 + 2000 * 3.75e-6 + 10000 * 0.3e-6                      # 0.021 (spec §4.6 example)
C_M2 = 100 * 5e-6 + 1000 * 25e-6 + 40000 * 6.25e-6 + 60000 * 6.25e-6 * 1.6 + 2 * 0.01  # 0.8955
C_M3 = (1000 * 5e-6 + 100 * 25e-6) * 6                                                  # 0.045, fast mode
C_M5 = 2000 * 1e-6 + 100 * 5e-6                                                         # 0.0025
C_A6 = 10 * 3e-6 + 10 * 15e-6                                                           # 0.00018


@pytest.fixture
def shop(history):
    s1 = [
        user_line("fix the cart", ts="2026-03-02T09:00:00.000Z", cwd=SHOP),
        # streamed: the first line has partial usage, the last the real one
        assistant_line("m1", ts="2026-03-02T09:00:01.000Z", model=SONNET, usage=usage(3, 1), cwd=SHOP),
        assistant_line("m1", ts="2026-03-02T09:00:05.000Z", model=SONNET, usage=usage(1000, 500, 2000, 10000), cwd=SHOP,
                       tools=[("Bash", {"command": "npm test && git status"}), ("Edit", {"file_path": "/x.ts"})]),
        tool_result_line("toolu_m1_0", "ok", ts="2026-03-02T09:00:06.000Z", cwd=SHOP),
        assistant_line("m2", ts="2026-03-02T09:01:00.000Z", model=OPUS, cwd=SHOP, usage=usage(
            100, 1000, 100000, 0, cache_creation={"ephemeral_5m_input_tokens": 40000, "ephemeral_1h_input_tokens": 60000},
            server_tool_use={"web_search_requests": 2})),
        assistant_line("m3", ts="2026-03-03T23:30:00.000Z", model=OPUS, usage=usage(1000, 100, speed="fast"), cwd=SHOP),
        assistant_line("m4", ts="2026-03-03T23:31:00.000Z", model="<synthetic>", usage=usage(0, 0), cwd=SHOP),
    ]
    history.write("-home-dev-shop", "s1.jsonl", s1)
    s2 = [  # a resumed session: copies m2, adds m5
        user_line("continue", ts="2026-03-04T09:59:00.000Z", cwd=SHOP + "/"),
        assistant_line("m2", ts="2026-03-04T09:59:30.000Z", model=OPUS, usage=usage(100, 1000, 100000), cwd=SHOP + "/"),
        assistant_line("m5", ts="2026-03-04T10:00:00.000Z", model=HAIKU, usage=usage(2000, 100), cwd=SHOP + "/",
                       tools=[("mcp__github__create_issue", {}), ("Task", {"subagent_type": "Explore"})]),
    ]
    history.write("-home-dev-shop", "s2.jsonl", s2)
    agent = [assistant_line("a6", ts="2026-03-02T09:02:00.000Z", model=SONNET, usage=usage(10, 10), cwd=SHOP,
                            sidechain=True, tools=[("Read", {"file_path": "/x.ts"})])]
    history.write("-home-dev-shop", "agent-x.jsonl", agent, subdir="s1/subagents")
    with open(os.path.join(history.root, "projects", "-home-dev-shop", "s1", "subagents", "agent-x.meta.json"), "w") as f:
        json.dump({"agentType": "Explore"}, f)
    other = [assistant_line("m7", ts="2026-03-04T12:00:00.000Z", model="mystery-model-9", usage=usage(500, 50), cwd="")]
    history.write("-tmp-other", "o1.jsonl", other)
    return history


def test_overview(run, shop):
    r = run("report", "-p", "lifetime", "--format", "json")
    assert r.status == 0, r.stderr
    ov = r.json["overview"]
    assert ov["calls"] == 7 and ov["sessions"] == 4
    assert ov["tokens"] == {"input": 4610, "output": 1760, "cacheRead": 10000, "cacheWrite": 102000}
    assert ov["cost"] == pytest.approx(C_M1 + C_M2 + C_M3 + C_M5 + C_A6, rel=1e-12)
    assert ov["cost"] == pytest.approx(0.96418, rel=1e-12)
    assert ov["cacheHitPercent"] == 68.4  # 10000 / (4610 + 10000)
    assert (ov["proxiedCost"], ov["savings"], ov["netCost"]) == (0, 0, ov["cost"])


def test_top_level_shape(run, shop):
    doc = run("report", "-p", "lifetime", "--format", "json").json
    assert list(doc) == ["generated", "currency", "period", "periodKey", "overview", "daily", "projects", "models",
                         "unpricedModels", "activities", "tools", "mcpServers", "shellCommands", "skills", "subagents",
                         "claudeAgentTypes", "topSessions", "providers", "warnings"]
    assert (doc["currency"], doc["period"], doc["periodKey"]) == ("USD", "Lifetime", "lifetime")


def test_daily_rows_file_a_call_under_its_own_day_and_a_turn_under_its_start(run, shop):
    # s1's turn starts on March 2 and runs past midnight into March 3 (m3, m4).
    # CodeBurn 0.9.20 (day-aggregator: call-derived values on each call's own
    # day, turn counts on the turn's day; measured on the same shape dated 3
    # days ago) gives March 3 the calls and no turn.
    daily = run("report", "-p", "lifetime", "--format", "json").json["daily"]
    assert [(d["date"], d["calls"], d["turns"]) for d in daily] == [
        ("2026-03-02", 3, 2), ("2026-03-03", 2, 0), ("2026-03-04", 2, 2)]
    assert [d["cost"] for d in daily] == pytest.approx([C_M1 + C_M2 + C_A6, C_M3, C_M5], rel=1e-12)


def test_days_follow_the_time_zone(run, shop):
    # m3 and m4 (23:30 UTC on March 3) are on March 4 in Berlin (UTC+1). Their
    # turn's prompt (March 2) is before that day: a past day's row does not
    # count it (turns.daily_row_days), though the activities do.
    doc = run("report", "--day", "2026-03-04", "--format", "json", "--timezone", "Europe/Berlin").json
    assert doc["overview"]["calls"] == 4
    assert [(d["date"], d["calls"], d["turns"]) for d in doc["daily"]] == [("2026-03-04", 4, 2)]
    assert sum(a["turns"] for a in doc["activities"]) == 3
    doc = run("report", "--day", "2026-03-04", "--format", "json", env={"CODEBURN_TZ": "Europe/Berlin"}).json
    assert doc["overview"]["calls"] == 4


def test_projects_models_tools(run, shop):
    doc = run("report", "-p", "lifetime", "--format", "json").json
    assert [(p["name"], p["path"], p["calls"], p["sessions"]) for p in doc["projects"]] == [
        ("-home-dev-shop", SHOP, 6, 3), ("-tmp-other", "-tmp-other", 1, 1)]
    assert doc["projects"][0]["avgCostPerSession"] == pytest.approx((C_M1 + C_M2 + C_M3 + C_M5 + C_A6) / 3, rel=1e-12)
    models = {m["name"]: m for m in doc["models"]}
    assert models["Opus 4.7"]["calls"] == 2 and models["Opus 4.7"]["cost"] == pytest.approx(C_M2 + C_M3, rel=1e-12)
    assert models["Sonnet 4.5"]["inputTokens"] == 1010 and models["Sonnet 4.5"]["cacheWriteTokens"] == 2000
    assert models["Haiku 4.5"]["cost"] == pytest.approx(C_M5, rel=1e-12)
    assert [m["name"] for m in doc["models"]][:3] == ["Opus 4.7", "Sonnet 4.5", "Haiku 4.5"]
    assert doc["unpricedModels"] == [{"model": "mystery-model-9", "calls": 1, "tokens": 550}]
    assert any("mystery-model-9" in w for w in doc["warnings"])
    # equal counts in first-seen order (the subagent's Read is read after s2), as CodeBurn 0.9.20
    assert doc["tools"] == [{"name": "Bash", "calls": 1}, {"name": "Edit", "calls": 1}, {"name": "Task", "calls": 1},
                            {"name": "Read", "calls": 1}]
    assert doc["mcpServers"] == [{"name": "github", "calls": 1}]
    assert doc["shellCommands"] == [{"name": "npm", "calls": 1}, {"name": "git", "calls": 1}]
    assert [(s["name"], s["calls"]) for s in doc["subagents"]] == [("Explore", 1)]
    assert doc["subagents"][0]["cost"] == pytest.approx(C_M5, rel=1e-12)
    assert [(a["name"], a["calls"]) for a in doc["claudeAgentTypes"]] == [("Explore", 1)]
    assert doc["claudeAgentTypes"][0]["cost"] == pytest.approx(C_A6, rel=1e-12)


def test_top_sessions(run, shop):
    top = run("report", "-p", "lifetime", "--format", "json").json["topSessions"]
    assert [(s["sessionId"], s["project"], s["date"], s["calls"]) for s in top] == [
        ("s1", "-home-dev-shop", "2026-03-02", 4), ("s2", "-home-dev-shop", "2026-03-04", 1),
        ("agent-x", "-home-dev-shop", "2026-03-02", 1), ("o1", "-tmp-other", "2026-03-04", 1)]
    assert top[0]["cost"] == pytest.approx(C_M1 + C_M2 + C_M3, rel=1e-12)


def test_period_slices_calls(run, shop):
    # NOW is 2026-03-05 12:00 UTC; --day 2026-03-03 keeps m3 and m4 only.
    doc = run("report", "--day", "2026-03-03", "--format", "json").json
    assert (doc["period"], doc["periodKey"], doc["overview"]["calls"]) == ("Day (2026-03-03)", "day", 2)
    assert doc["overview"]["cost"] == pytest.approx(C_M3, rel=1e-12)
    doc = run("report", "--from", "2026-03-03", "--to", "2026-03-04", "--format", "json").json
    assert doc["overview"]["calls"] == 4 and doc["period"] == "2026-03-03 to 2026-03-04"
    doc = run("today", "--format", "json").json
    assert doc["overview"]["calls"] == 0 and doc["daily"] == [] and doc["period"] == "Today (2026-03-05)"


def test_project_filters(run, shop):
    doc = run("report", "-p", "lifetime", "--format", "json", "--project", "OTHER").json
    assert [p["name"] for p in doc["projects"]] == ["-tmp-other"] and doc["overview"]["calls"] == 1
    doc = run("report", "-p", "lifetime", "--format", "json", "--exclude", "dev/shop").json
    assert [p["name"] for p in doc["projects"]] == ["-tmp-other"]


def test_file_order_decides_the_dedup_winner(run, history):
    # The copy in the earlier file (by discovery order) is the one counted.
    history.write("p", "a.jsonl", [assistant_line("m", ts="2026-03-01T10:00:00Z", usage=usage(1, 1))])
    history.write("p", "b.jsonl", [assistant_line("m", ts="2026-03-04T10:00:00Z", usage=usage(1, 1))])
    daily = run("report", "-p", "lifetime", "--format", "json").json["daily"]
    assert [d["date"] for d in daily] == ["2026-03-01"]


def test_text_output(run, shop):
    r = run("report", "-p", "lifetime")
    assert r.status == 0
    assert "codeburn · Lifetime" in r.stdout and "$0.96" in r.stdout and "-home-dev-shop" in r.stdout
    assert "\033[" not in r.stdout  # not a terminal: no colour


def test_a_prompt_before_midnight_keeps_its_turn_on_that_day_and_its_calls_move_on(run, history):
    history.write("p", "s.jsonl", [
        user_line("late night fix", ts="2026-03-02T23:59:50Z"),
        assistant_line("m1", ts="2026-03-03T00:00:10Z", usage=usage(1000, 0), model=HAIKU),
        assistant_line("m2", ts="2026-03-03T00:01:10Z", usage=usage(2000, 0), model=HAIKU),
    ])
    # CodeBurn 0.9.20 on this shape dated 4 days ago: the prompt's day holds the
    # turn and no call ($0), the next day both calls ($0.003) and no turn.
    daily = run("report", "-p", "lifetime", "--format", "json").json["daily"]
    assert [(d["date"], d["calls"], d["turns"], d["cost"]) for d in daily] == [
        ("2026-03-02", 0, 1, 0), ("2026-03-03", 2, 0, pytest.approx(0.003, rel=1e-12))]
    # A past day after the prompt's: the calls and no turn (0.9.20, --day on
    # the same shape); the activities still count the turn.
    doc = run("report", "--day", "2026-03-03", "--format", "json").json
    assert [(d["date"], d["calls"], d["turns"]) for d in doc["daily"]] == [("2026-03-03", 2, 0)]
    assert [a["turns"] for a in doc["activities"]] == [1]


def _untimed(line: dict) -> dict:
    del line["timestamp"]
    return line


def test_a_turn_with_a_call_that_has_no_time_counts_on_its_dated_calls_day(run, history):
    """A call with no time is in no period, so 0.9.20's day reads slice its
    turn as they slice a cut one: the turn counts on its first dated call's
    day, not on its prompt's, and a turn with no prompt still counts
    (measured on these shapes dated around today, America/Los_Angeles:
    wild_sweep seed 48 had counted 11 turns on a day where 0.9.20 has 12)."""
    history.write("p", "a.jsonl", [
        user_line("late night fix", ts="2026-03-02T23:59:50Z", session="a"),
        assistant_line("m1", ts="2026-03-03T00:00:10Z", usage=usage(1000, 0), model=HAIKU, session="a"),
        _untimed(assistant_line("m2", ts="x", usage=usage(2000, 0), model=HAIKU, session="a"))])
    history.write("p", "b.jsonl", [
        _untimed(assistant_line("m3", ts="y", usage=usage(10, 0), model=HAIKU, session="b")),
        assistant_line("m4", ts="2026-03-04T10:00:00Z", usage=usage(1000, 0), model=HAIKU, session="b")])
    history.write("p", "c.jsonl", [
        user_line("one more", ts="2026-03-04T23:59:50Z", session="c"),
        assistant_line("m5", ts="2026-03-05T00:00:10Z", usage=usage(1000, 0), model=HAIKU, session="c"),
        _untimed(assistant_line("m6", ts="z", usage=usage(10, 0), model=HAIKU, session="c"))])
    doc = run("report", "-p", "all", "--format", "json").json
    assert [(d["date"], d["calls"], d["turns"]) for d in doc["daily"]] == [
        ("2026-03-03", 1, 1), ("2026-03-04", 1, 1), ("2026-03-05", 1, 1)]
    assert sum(a["turns"] for a in doc["activities"]) == 3


@pytest.mark.parametrize("period", ["today", "yesterday", "week", "30days", "month", "all", "lifetime"])
def test_an_empty_history_is_answered_without_a_scan_as_a_scan_would(run, tmp_path, period, monkeypatch):
    """No tool has written anything: the report comes from report/empty.py
    (no reader, no numpy); it is the one build_report gives for no calls,
    in JSON and text."""
    import datetime as dt

    from codeburn.aggregate import periods
    from codeburn.aggregate.usage import select_calls
    from codeburn.read.scan import scan_sources
    from codeburn.report.build import build_report
    from codeburn.report.empty import empty_report
    from tests.conftest import NOW

    tz = dt.timezone.utc
    p = periods.named_period(period, NOW, tz)
    scanned = build_report(select_calls(scan_sources([]), p, [], [], tz), NOW)
    assert {**empty_report(p), "generated": scanned["generated"]} == scanned
    empty = tmp_path / "nothing"
    empty.mkdir()
    from codeburn.commands import report as report_command

    def no_scan(*a, **k):
        raise AssertionError("scanned an empty history")

    for fmt in ("json", "text"):
        with monkeypatch.context() as m:
            m.setattr(report_command, "load", no_scan)
            # (a cache dir of its own: one holding a day history is read, commands.carry)
            quick = run("report", "-p", period, "--format", fmt, env={"TZ": "UTC",
                                                                     "CODEBURN_CACHE_DIR": str(tmp_path / "cache")})
        read = run("scan", str(empty), "-p", period, "--format", fmt, env={"TZ": "UTC"})  # a scan of nothing
        assert quick.status == read.status == 0
        if fmt == "json":
            assert quick.json["overview"]["calls"] == 0 and quick.json["warnings"] == []
            assert {**quick.json, "generated": ""} == {**read.json, "generated": ""}
        else:
            assert quick.stdout == read.stdout


def test_one_tool_s_report_lists_every_tool_s_days(run, history, tmp_path):
    """`--provider X` lists every tool's days, as CodeBurn 0.9.20 does (it
    reads every tool): X's numbers, zeros elsewhere (Claude on the 20th and
    22nd, Codex on the 21st; expected values: 0.9.20 on the same files).
    Totals are X's alone; a kept report of one tool is not served for
    another, nor once another tool's files change."""
    from tests.histories import two_tools

    env = two_tools(history, tmp_path / "codex", "2026-02")

    def daily(provider):
        doc = run("report", "--from", "2026-02-01", "--to", "2026-02-28", "--format", "json", "--provider", provider,
                  env=env).json
        assert doc["overview"]["calls"] == {"codex": 1, "claude": 2, "all": 3}[provider] and doc["warnings"] == []
        return [(d["date"], d["calls"], d["turns"], round(d["cost"], 6)) for d in doc["daily"]]

    codex_days = [("2026-02-20", 0, 0, 0), ("2026-02-21", 1, 1, 0.00315), ("2026-02-22", 0, 0, 0)]
    assert daily("all") == [("2026-02-20", 1, 1, 0.00045), ("2026-02-21", 1, 1, 0.00315), ("2026-02-22", 1, 1, 0.0009)]
    assert daily("codex") == codex_days  # not the kept report of every tool
    assert daily("claude") == [("2026-02-20", 1, 1, 0.00045), ("2026-02-21", 0, 0, 0), ("2026-02-22", 1, 1, 0.0009)]
    assert daily("codex") == codex_days  # the kept report of codex, not claude's
    history.write("-home-dev-app", "s2.jsonl", [
        user_line("one more", ts="2026-02-25T10:00:00Z"),
        assistant_line("m3", ts="2026-02-25T10:00:05Z", usage=usage(50, 5))])
    assert daily("codex") == codex_days + [("2026-02-25", 0, 0, 0)]  # another tool's new day: not the kept report


def test_report_reads_only_the_columns_it_keeps(run, shop, monkeypatch):
    """`report` (text, json) lets the scan columns it no longer reads go
    once its calls are priced (report.build.COLUMNS): the same report as with
    every column held, text and JSON."""
    from codeburn.read.scan import ScanResult

    dropped = [run("report", "-p", "lifetime", "--format", f, "--no-cache") for f in ("json", "text")]
    monkeypatch.setattr(ScanResult, "keep_only", lambda self, names: None)
    held = [run("report", "-p", "lifetime", "--format", f, "--no-cache") for f in ("json", "text")]
    assert [r.status for r in dropped + held] == [0] * 4
    assert json.loads(dropped[0].stdout) == json.loads(held[0].stdout) and dropped[1].stdout == held[1].stdout
    assert json.loads(dropped[0].stdout)["tools"]  # (tool, MCP and subagent rows came from kept columns)
