"""`codeburn status --format menubar-json` (spec commands-and-outputs §3.4).
NOW is 2026-03-05 12:00 UTC. Per token: Sonnet 4.5 $3e-6 in, $15e-6 out,
$3.75e-6 cache write, $0.3e-6 cache read; Opus 4.6 $5e-6 / $25e-6 / $6.25e-6 /
$0.5e-6; Haiku 4.5 $1e-6 / $5e-6. The expected figures were also checked
against CodeBurn 0.9.20 on the same history (same keys and numbers, less
what it cannot know here: the timeline)."""
from __future__ import annotations

import pytest

from tests.conftest import assistant_line, usage, user_line

S, O, H = "claude-sonnet-4-5-20250929", "claude-opus-4-6", "claude-haiku-4-5-20251001"
SHOP, BLOG = "/home/dev/shop", "/home/dev/blog"


def _edit(path, n=0):
    return ("Edit", {"file_path": path, "old_string": str(n), "new_string": str(n + 1)})


def _history(history):
    history.write("-home-dev-shop", "s1.jsonl", [
        user_line("fix the failing login test", ts="2026-03-05T09:00:00Z", cwd=SHOP),
        # $0.003 + $0.0075 + $0.0075 + $0.003 = $0.021
        assistant_line("m1", ts="2026-03-05T09:01:00Z", model=S, usage=usage(1000, 500, 2000, 10000),
                       tools=[_edit(SHOP + "/a.py")], cwd=SHOP),
        # $0.0003 + $0.003 + $0.0036 = $0.0069
        assistant_line("m2", ts="2026-03-05T09:02:00Z", model=S, usage=usage(100, 200, 0, 12000),
                       tools=[("Bash", {"command": "npm test && git status"})], cwd=SHOP),
        # $0.0003 + $0.0045 + $0.0036 = $0.0084: a re-edit after a test run, one retry
        assistant_line("m3", ts="2026-03-05T09:03:00Z", model=S, usage=usage(100, 300, 0, 12000),
                       tools=[_edit(SHOP + "/a.py", 1)], cwd=SHOP),
        user_line("add a feature for export", ts="2026-03-05T10:00:00Z", cwd=SHOP),
        # $0.01 + $0.02 + $0.03125 + $0.0005 = $0.06175
        assistant_line("m4", ts="2026-03-05T10:01:00Z", model=O, usage=usage(2000, 800, 5000, 1000),
                       tools=[("Write", {"file_path": SHOP + "/b.py", "content": "x"}),
                              ("mcp__github__create_pr", {})], cwd=SHOP),
        # $0.00025 + $0.002 + $0.0035 = $0.00575
        assistant_line("m5", ts="2026-03-05T10:02:00Z", model=O, usage=usage(50, 80, 0, 7000),
                       tools=[("Task", {"subagent_type": "Explore", "prompt": "look"}), ("Skill", {"skill": "pdf"})],
                       cwd=SHOP),
    ])
    history.write("-home-dev-blog", "s2.jsonl", [
        user_line("explain this code", ts="2026-03-04T15:00:00Z", cwd=BLOG),
        # $0.003 + $0.0005 = $0.0035
        assistant_line("n1", ts="2026-03-04T15:01:00Z", model=H, usage=usage(3000, 100),
                       tools=[("Read", {"file_path": BLOG + "/x.md"})], cwd=BLOG),
        user_line("refactor the render function", ts="2026-03-02T08:00:00Z", cwd=BLOG),
        # $0.0015 + $0.0135 + $0.000375 + $0.0009 = $0.016275
        assistant_line("n2", ts="2026-03-02T08:01:00Z", model=S, usage=usage(500, 900, 100, 3000),
                       tools=[_edit(BLOG + "/r.js")], cwd=BLOG),
    ])
    history.write("-home-dev-blog", "s3.jsonl", [
        user_line("deploy it", ts="2026-01-24T08:00:00Z", cwd=BLOG),
        assistant_line("q1", ts="2026-01-24T08:01:00Z", model=S, usage=usage(700, 100),  # $0.0036
                       tools=[("Bash", {"command": "docker build ."})], cwd=BLOG),
    ])


SHOP_COST = 0.021 + 0.0069 + 0.0084 + 0.06175 + 0.00575
BLOG_WEEK = 0.0035 + 0.016275


def _doc(run, *args, env=None):
    r = run("status", "--format", "menubar-json", *args, env=env)
    assert r.status == 0, r.stderr
    assert r.stdout.count("\n") == 1  # one line
    return r.json


def test_week_payload(run, history):
    _history(history)
    doc = _doc(run, "--period", "week")
    assert doc["generated"] == "2026-03-05T12:00:00.000Z"
    assert doc["currency"] == {"code": "USD", "symbol": "$", "rate": 1}
    c = doc["current"]
    assert c["label"] == "Last 7 Days"
    assert c["cost"] == pytest.approx(SHOP_COST + BLOG_WEEK)
    assert (c["calls"], c["sessions"]) == (7, 2)
    assert (c["inputTokens"], c["outputTokens"], c["cacheReadTokens"], c["cacheWriteTokens"]) == \
        (6750, 2880, 45000, 7100)
    assert c["cacheHitPercent"] == pytest.approx(45000 / 51750 * 100)
    assert c["oneShotRate"] == pytest.approx(2 / 3)  # 3 edit turns, one with a retry
    assert [(a["name"], a["turns"], a["oneShotRate"]) for a in c["topActivities"]] == [
        ("Feature Dev", 1, 1), ("Debugging", 1, 0), ("Refactoring", 1, 1), ("Exploration", 1, None)]
    assert [(m["name"], m["calls"]) for m in c["topModels"]] == [("Opus 4.6", 2), ("Sonnet 4.5", 4), ("Haiku 4.5", 1)]
    assert c["topModels"][0]["cost"] == pytest.approx(0.0675)
    assert c["providers"] == {"claude": pytest.approx(SHOP_COST + BLOG_WEEK)}
    assert [p["id"] for p in c["providerDetails"]] == ["claude"]
    shop, blog = c["topProjects"]
    assert (shop["name"], shop["sessions"], blog["name"]) == ("shop", 1, "blog")
    assert shop["sessionDetails"][0]["calls"] == 5 and shop["sessionDetails"][0]["date"] == "2026-03-05"
    assert [m["name"] for m in shop["sessionDetails"][0]["models"]] == ["Opus 4.6", "Sonnet 4.5"]
    assert [(s["project"], s["calls"]) for s in c["topSessions"]] == [("shop", 5), ("blog", 2)]
    assert [(m["name"], m["oneShotRate"]) for m in c["modelEfficiency"]] == [("Sonnet 4.5", 50), ("Opus 4.6", 100)]
    # Sonnet: 2 edit turns costing $0.0363 + $0.016275, one retry
    tax = (0.021 + 0.0069 + 0.0084 + 0.016275) / 2
    assert c["retryTax"] == {"totalUSD": pytest.approx(tax), "retries": 1, "editTurns": 2,
                             "byModel": [{"name": "Sonnet 4.5", "taxUSD": pytest.approx(tax), "retries": 1,
                                          "retriesPerEdit": 0.5}]}
    # shop: 60 s from prompt to edit; blog: its first turn is after its edit, clamped to 0
    assert c["workflow"]["medianTimeToFirstEditMs"] == 30000
    # 4 prompted turns, none a correction (tests/test_user_corrections.py has them)
    assert (c["workflow"]["corrections"], c["workflow"]["correctionRate"]) == (0, 0)
    # Edited files by sessions, then edits, then path; file names only (0.9.20 on the same week gives these).
    assert c["topReworkedFiles"] == [{"path": "a.py", "sessions": 1, "edits": 2},
                                     {"path": "b.py", "sessions": 1, "edits": 1},
                                     {"path": "r.js", "sessions": 1, "edits": 1}]
    assert [t["name"] for t in c["tools"]] == ["Edit", "Bash", "Write", "Task", "Skill", "Read"]
    assert c["mcpServers"] == [{"name": "github", "calls": 1}]
    assert c["skills"] == [{"name": "pdf", "turns": 1, "cost": pytest.approx(0.0675)}]
    assert c["pricingCoverage"] == 1
    # optimize over the week's calls: only the bash output cap fires (no
    # BASH_MAX_OUTPUT_LENGTH here): (30,000 - 15,000) chars x 0.25 tokens, at
    # the input cost rate, the week's cost x 0.7 over its input and cache tokens
    rate = (SHOP_COST + BLOG_WEEK) * 0.7 / (6750 + 45000 + 7100)
    assert doc["optimize"] == {"findingCount": 1, "savingsUSD": pytest.approx(3750 * rate), "topFindings": [
        {"title": "Shrink bash output limit", "impact": "medium", "savingsUSD": pytest.approx(3750 * rate)}]}


def test_history_covers_a_year_whatever_the_period(run, history):
    _history(history)
    daily = _doc(run)["history"]["daily"]  # period: today
    assert [d["date"] for d in daily] == ["2026-01-24", "2026-03-02", "2026-03-04", "2026-03-05"]
    assert (daily[0]["calls"], daily[0]["inputTokens"]) == (1, 700)
    assert [(m["name"], m["calls"]) for m in daily[3]["topModels"]] == [(O, 2), (S, 3)]


def test_today_project_filter_and_provider(run, history):
    _history(history)
    today = _doc(run)["current"]
    assert (today["label"], today["calls"]) == ("Today (2026-03-05)", 5)
    blog = _doc(run, "--period", "month", "--project", "blog")["current"]
    assert (blog["calls"], blog["sessions"]) == (2, 1) and blog["cost"] == pytest.approx(BLOG_WEEK)
    codex = _doc(run, "--provider", "codex")["current"]
    assert codex["calls"] == 0 and codex["providerDetails"] == [{"id": "codex", "label": "Codex", "cost": 0}]


def test_empty_history(run, history):
    doc = _doc(run, "--period", "month")
    c = doc["current"]
    assert (c["cost"], c["calls"], c["oneShotRate"], c["pricingCoverage"]) == (0, 0, None, 1)
    assert c["topActivities"] == [] and doc["history"]["daily"] == []
    assert c["workflow"] == {"corrections": 0, "correctionRate": None, "medianTimeToFirstEditMs": None}


def test_a_repeat_answers_from_its_snapshot(run, history):
    _history(history)
    first = _doc(run, "--period", "week")
    assert _doc(run, "--period", "week") == first
    assert _doc(run, "--period", "today")["current"]["calls"] == 5


def test_one_tool_s_history_is_every_tool_s_days_with_cost_and_calls(run, history, tmp_path):
    """`--provider X`: the history lists every tool's days, and per day only
    X's cost and calls (tokens 0, no models), as CodeBurn 0.9.20 gives them
    (its values on the same files: Claude on Feb 20 and 22, Codex on Feb 21)."""
    from tests.histories import two_tools

    env = two_tools(history, tmp_path / "codex", "2026-02")
    zero = {"inputTokens": 0, "outputTokens": 0, "cacheReadTokens": 0, "cacheWriteTokens": 0, "topModels": []}
    for provider, days in (("codex", [("2026-02-20", 0, 0), ("2026-02-21", 0.00315, 1), ("2026-02-22", 0, 0)]),
                           ("claude", [("2026-02-20", 0.00045, 1), ("2026-02-21", 0, 0), ("2026-02-22", 0.0009, 1)])):
        doc = run("status", "--format", "menubar-json", "--provider", provider, env=env).json
        rows = doc["history"]["daily"]
        assert [(r["date"], pytest.approx(r["cost"]), r["calls"]) for r in rows] == days
        assert all({k: r[k] for k in zero} == zero for r in rows)
    every = run("status", "--format", "menubar-json", env=env).json["history"]["daily"]
    assert [(r["date"], r["calls"], r["inputTokens"]) for r in every] == [
        ("2026-02-20", 1, 100), ("2026-02-21", 1, 1000), ("2026-02-22", 1, 200)]


def test_days_selects_those_days_only(run, history):
    """--days 2026-03-02,2026-03-05: the shop's five calls on the 5th and
    the blog's refactor on the 2nd; the blog's call on the 4th, between
    them, is left out (0.9.20 on the same history: the same label, totals
    and providers)."""
    _history(history)
    doc = _doc(run, "--days", "2026-03-05, 2026-03-02")
    c = doc["current"]
    assert c["label"] == "2 days (2026-03-02 .. 2026-03-05)"
    assert (c["calls"], c["sessions"]) == (6, 2)
    assert c["cost"] == pytest.approx(SHOP_COST + 0.016275)
    assert c["providers"] == {"claude": pytest.approx(SHOP_COST + 0.016275)}
    assert [(m["name"], m["calls"]) for m in c["topModels"]] == [("Opus 4.6", 2), ("Sonnet 4.5", 4)]
    # The year's history is not narrowed.
    assert [d["date"] for d in doc["history"]["daily"]] == ["2026-01-24", "2026-03-02", "2026-03-04", "2026-03-05"]
    one = _doc(run, "--days", "2026-03-04")["current"]
    assert (one["label"], one["calls"]) == ("2026-03-04", 1) and one["cost"] == pytest.approx(0.0035)
    # A different set with the same first and last day is another answer, not the snapshot's.
    assert _doc(run, "--days", "2026-03-02,2026-03-04,2026-03-05")["current"]["calls"] == 7


def test_no_optimize_and_the_flags_that_do_not_go_together(run, history):
    _history(history)
    assert _doc(run, "--period", "week", "--no-optimize")["optimize"] == {"findingCount": 0, "savingsUSD": 0,
                                                                         "topFindings": []}
    assert _doc(run, "--period", "week")["optimize"]["findingCount"] == 1
    for args, message in ((("--days", "2026-03-02", "--day", "today"), "--days cannot be combined with --day, --from or --to"),
                          (("--days", "2026-03-02", "--from", "2026-03-01"), "--days cannot be combined with --day, --from or --to"),
                          (("--days", "2026-3-2"), 'invalid date format "2026-3-2": expected YYYY-MM-DD'),
                          (("--scope", "combined"), 'unsupported --scope "combined" (local: codeburn reads this '
                                                    "machine's files only, it pairs no devices)")):
        r = run("status", "--format", "menubar-json", *args)
        assert (r.status, r.stdout, r.stderr) == (2, "", f"codeburn: error: {message}\n")
    assert _doc(run, "--scope", "local")["current"]["calls"] == 5


def test_claude_configs_lists_the_sources_a_panel_can_switch_between(run, history, tmp_path):
    """A Claude Desktop sessions root beside the config dir: both are
    listed (by label), with the reference's ids; a history with the config
    dir alone lists none. --claude-config-source scopes the payload to one
    (0.9.20 on the same homes: the same ids, labels, paths and order, and
    the same scoped calls, sessions, providers and history)."""
    import hashlib
    import json
    import os

    _history(history)
    assert "claudeConfigs" not in _doc(run, "--period", "week")
    root = tmp_path / "desktop"
    ws = root / "app-1" / "ws-1"
    slug = ws / "local_s1" / ".claude" / "projects" / "-sessions-x"
    slug.mkdir(parents=True)
    (ws / "local_s1.json").write_text(json.dumps({"title": "Research"}))
    # $0.003 + $0.0015 = $0.0045 (Sonnet 4.5)
    (slug / "t.jsonl").write_text(json.dumps(user_line("hi", ts="2026-03-05T08:00:00Z")) + "\n" + json.dumps(
        assistant_line("d1", ts="2026-03-05T08:00:05Z", model=S, usage=usage(1000, 100))) + "\n")
    desktop = {"CODEBURN_DESKTOP_SESSIONS_DIR": str(root)}
    doc = _doc(run, "--period", "week", "--no-cache", env=desktop)

    def digest(path):
        return hashlib.sha256(path.encode()).hexdigest()[:16]
    config = os.path.abspath(history.root)
    # (by label as JavaScript's localeCompare orders them: "claude" before "Claude Desktop")
    assert doc["claudeConfigs"] == {"selectedId": None, "options": [
        {"id": "claude-config:" + digest(config), "label": "claude", "path": config},
        {"id": "claude-desktop:" + digest(str(root)), "label": "Claude Desktop", "path": str(root)}]}
    assert list(doc)[-1] == "claudeConfigs"
    assert doc["current"]["calls"] == 8
    # --claude-config-source: that source's Claude sessions only; an unknown id changes nothing.
    one = _doc(run, "--period", "week", "--claude-config-source", "claude-desktop:" + digest(str(root)), env=desktop)
    c = one["current"]
    assert (c["calls"], c["sessions"], c["providerDetails"]) == (1, 1, [{"id": "claude", "label": "Claude",
                                                                        "cost": pytest.approx(0.0045)}])
    assert one["claudeConfigs"]["selectedId"] == "claude-desktop:" + digest(str(root))
    assert [(d["date"], d["calls"]) for d in one["history"]["daily"]] == [("2026-03-05", 1)]
    other = _doc(run, "--period", "week", "--claude-config-source", "claude-config:" + digest(config), env=desktop)
    assert (other["current"]["calls"], other["current"]["sessions"]) == (7, 2)
    bogus = _doc(run, "--period", "week", "--claude-config-source", "claude-config:0", env=desktop)
    assert bogus["current"]["calls"] == 8 and bogus["claudeConfigs"]["selectedId"] is None
    r = run("status", "--format", "menubar-json", "--claude-config-source", "x", "--provider", "codex")
    assert (r.status, r.stderr) == (2, "codeburn: error: --claude-config-source cannot be combined with --provider "
                                       "codex (a Claude config scopes Claude usage only)\n")


def test_claude_config_labels(tmp_path):
    """~/.claude is "Default Claude"; another dir is its name without the
    leading dot, numbered when two are alike; a dir without a project dir is
    not listed, one with a project dir but no call in the period is."""
    from codeburn.report.claude_configs import selector

    home = tmp_path / "home"
    dirs = [home / ".claude", tmp_path / "a" / ".work", tmp_path / "b" / "work", tmp_path / "c" / "empty"]
    for d in dirs[:3]:
        (d / "projects" / "-p").mkdir(parents=True)
    dirs[3].mkdir(parents=True)
    environ = {"CLAUDE_CONFIG_DIRS": ":".join(map(str, dirs)), "HOME": str(home),
               "CODEBURN_DESKTOP_SESSIONS_DIR": str(tmp_path / "none")}
    got = selector([], environ, str(home))
    assert [(o["label"], o["path"]) for o in got["options"]] == [
        ("Default Claude", str(dirs[0])), ("work 1", str(dirs[1])), ("work 2", str(dirs[2]))]
    environ["CLAUDE_CONFIG_DIRS"] = str(dirs[0])
    assert selector([], environ, str(home)) is None


def _codex_on_the_4th(tmp_path) -> dict:
    """A Codex rollout with one call on 2026-03-04 (100 tokens in, 10 out on
    GPT-5: $0.000225); the CODEX_HOME to pass."""
    from tests.test_codex import meta, tokens, usage as cx_usage, user as cx_user, write_rollout

    home = str(tmp_path / "codex")
    write_rollout(home, [meta(ts="2026-03-04T08:00:00.000Z", sid="cx1", cwd="/home/dev/shop", model="gpt-5"),
                         cx_user("2026-03-04T08:00:01.000Z", "add a login page"),
                         tokens("2026-03-04T08:00:03.000Z", cx_usage(100, 0, 10), cx_usage(100, 0, 10))],
                  day="2026/03/04", name="rollout-2026-03-04T08-00-00-cx1.jsonl")
    return {"CODEX_HOME": home}


def test_project_filters_leave_the_days_before_today_whole(run, history, tmp_path):
    """0.9.20 takes the days before today from its day history, which keeps
    whole days (no project filter reaches it), and today from the filtered
    sessions (its values on the same files)."""
    _history(history)
    env = _codex_on_the_4th(tmp_path)
    shop = run("status", "--format", "menubar-json", "--project", "shop", env=env).json["history"]["daily"]
    # Jan 24, Mar 2 and Mar 4 are the blog's (and Codex's on the 4th), Mar 5 the shop's five calls
    assert [(r["date"], r["calls"]) for r in shop] == [("2026-01-24", 1), ("2026-03-02", 1), ("2026-03-04", 2),
                                                       ("2026-03-05", 5)]
    assert shop[0]["cost"] == pytest.approx(0.0036) and shop[3]["cost"] == pytest.approx(SHOP_COST)
    rest = run("status", "--format", "menubar-json", "--exclude", "shop", env=env).json["history"]["daily"]
    assert [(r["date"], r["calls"]) for r in rest] == [("2026-01-24", 1), ("2026-03-02", 1), ("2026-03-04", 2)]


def test_one_tool_s_history_has_today_only_for_that_tool(run, history, tmp_path):
    # Codex: the other tools' days before today at 0 (Claude's), its own on
    # the 4th; not today, when only Claude has calls (0.9.20 gives the same).
    _history(history)
    rows = run("status", "--format", "menubar-json", "--provider", "codex", env=_codex_on_the_4th(tmp_path)).json
    assert [(r["date"], r["calls"]) for r in rows["history"]["daily"]] == [
        ("2026-01-24", 0), ("2026-03-02", 0), ("2026-03-04", 1)]
    assert rows["history"]["daily"][2]["cost"] == pytest.approx(100 * 1.25e-6 + 10 * 10e-6)


def test_top_models_estimates_as_the_reference_keys_them(run, history, tmp_path):
    # Two Codex sessions whose calls are estimated from the text (no token
    # count): gpt-5 (shown "GPT-5") and o3 (shown "o3", its own id). 0.9.20
    # keys the estimates by display name and its day rows by id: only o3's
    # is found, unless a project filter makes the rows the sessions' own.
    from tests.test_codex import meta, rate_limit_only, user as cx_user, write_rollout

    home = str(tmp_path / "codex")
    for sid, model, cwd in (("g", "gpt-5", "/home/dev/shop"), ("o", "o3", "/home/dev/blog")):
        write_rollout(home, [meta(ts="2026-03-04T08:00:00.000Z", sid=sid, cwd=cwd, model=model),
                             cx_user("2026-03-04T08:00:01.000Z", "x" * 400),  # 100 tokens
                             rate_limit_only("2026-03-04T08:00:02.000Z")],
                      day="2026/03/04", name=f"rollout-2026-03-04T08-00-00-{sid}.jsonl")
    env = {"CODEX_HOME": home}
    doc = run("status", "--format", "menubar-json", "--period", "week", env=env).json["current"]
    assert doc["estimatedCostUSD"] == pytest.approx(100 * 1.25e-6 + 100 * 2e-6)
    assert {m["name"]: m["estimatedCostUSD"] for m in doc["topModels"]} == {"GPT-5": 0, "o3": pytest.approx(2e-4)}
    shop = run("status", "--format", "menubar-json", "--period", "week", "--project", "shop", env=env).json["current"]
    assert {m["name"]: m["estimatedCostUSD"] for m in shop["topModels"]} == {"GPT-5": pytest.approx(1.25e-4)}


def _past_midnight(history) -> None:
    """shop's s4: a prompt at 23:00 yesterday, a call then and one after midnight."""
    history.write("-home-dev-shop", "s4.jsonl", [
        user_line("keep going", ts="2026-03-04T23:00:00Z", cwd=SHOP, session="s4"),
        assistant_line("r1", ts="2026-03-04T23:01:00Z", model=S, usage=usage(100, 10), cwd=SHOP, session="s4"),
        assistant_line("r2", ts="2026-03-05T00:01:00Z", model=S, usage=usage(100, 10), cwd=SHOP, session="s4")])


def test_a_project_s_sessions_as_the_day_history_counts_them(run, history):
    # shop: s1 (today) and s4, begun yesterday and still running today, which
    # the reference's day history counts on both days: 3 sessions, not 2
    # (0.9.20 gives the same on these files).
    _history(history)
    _past_midnight(history)
    shop = _doc(run, "--period", "week")["current"]["topProjects"][0]
    cost = SHOP_COST + 2 * (100 * 3e-6 + 10 * 15e-6)
    assert (shop["name"], shop["sessions"]) == ("shop", 3)
    assert shop["cost"] == pytest.approx(cost) and shop["avgCostPerSession"] == pytest.approx(cost / 3)
    assert len(shop["sessionDetails"]) == 2


def test_activities_count_a_turn_on_each_day_it_ran(run, history):
    # s4's turn runs from yesterday into today: the reference's day history
    # counts it on both days, so the week's Conversation turns are 2 there
    # (its report's activities count it once, as ours do).
    _history(history)
    _past_midnight(history)
    acts = {a["name"]: a["turns"] for a in _doc(run, "--period", "week")["current"]["topActivities"]}
    assert acts["Conversation"] == 2
    assert {a["category"]: a["turns"] for a in run("report", "--format", "json", "-p", "week").json["activities"]}[
        "Conversation"] == 1
    # under a project filter the reference's categories are the sessions' own
    shop = {a["name"]: a["turns"] for a in _doc(run, "--period", "week", "--project", "shop")["current"]["topActivities"]}
    assert shop["Conversation"] == 1


def test_claude_config_source_keeps_every_claude_file_in_the_findings_scan(run, history, tmp_path):
    """With one Claude source chosen, 0.9.20 scopes the projects (and the
    findings' cost rate) to it, but its optimize scan of tool calls reads
    every Claude file, Desktop and config dir alike: 13 Write calls and no
    Read give both sources the same two findings. (0.9.20 on this home:
    findingCount 2, $0.017632 and $0.002119 for either source; before,
    the config dir's 3 calls alone gave no edit-read finding.)"""
    import hashlib
    import json
    import os

    def lines(cwd, ids):
        out = []
        for i in ids:
            out.append({"type": "user", "sessionId": "s", "timestamp": "2026-03-05T10:00:00.000Z", "cwd": cwd,
                        "message": {"role": "user", "content": "write the report"}})
            out.append({"type": "assistant", "sessionId": "s", "timestamp": "2026-03-05T10:00:00.000Z", "cwd": cwd,
                        "message": {"id": i, "role": "assistant", "model": S, "content": [
                            {"type": "tool_use", "id": "t_" + i, "name": "Write",
                             "input": {"file_path": cwd + "/a.md", "content": "x"}}],
                            "usage": {"input_tokens": 100, "output_tokens": 1000, "cache_read_input_tokens": 30000}}})
        return out

    history.write("-home-dev-shop", "c.jsonl", lines("/home/dev/shop", [f"msg_cc{i}" for i in range(1, 4)]))
    root = tmp_path / "desktop"
    ws = root / "app" / "ws"
    slug = ws / "local_a" / ".claude" / "projects" / "-sessions-x"
    slug.mkdir(parents=True)
    (ws / "local_a.json").write_text(json.dumps({"title": "Desk"}))
    (slug / "a.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines("/sessions/x", [
        f"msg_desk{i}" for i in range(1, 11)])))
    desktop = {"CODEBURN_DESKTOP_SESSIONS_DIR": str(root)}

    for source in ("claude-desktop:" + str(root), "claude-config:" + os.path.abspath(history.root)):
        kind, path = source.split(":", 1)
        doc = _doc(run, "--period", "all", "--claude-config-source",
                   kind + ":" + hashlib.sha256(path.encode()).hexdigest()[:16], env=desktop)
        found = doc["optimize"]
        assert found["findingCount"] == 2
        assert [(f["title"], round(f["savingsUSD"], 6)) for f in found["topFindings"]] == [
            ("Claude edits more than it reads", 0.017632), ("Shrink bash output limit", 0.002119)]


def test_past_day_providers_ranked_by_the_history_project_the_period_s_joins(run, history, tmp_path):
    """/home/u/web: Claude's big call on the 2nd, Codex's small one on the
    4th; /home/u/docs: Claude's medium call on the 4th. For --day on the
    4th, 0.9.20 ranks the day's projects by the day history's costs, where
    web (named after Claude there, after Codex in the day's read) leads:
    Codex's call comes first, so providers are {codex, claude}. Ours
    matched the two reads' projects by name and lost web's rank."""
    from tests.test_codex import meta, tokens, usage as cx_usage, user as cx_user, write_rollout

    history.write("-home-u-web", "w1.jsonl", [
        user_line("explain the code", ts="2026-03-02T09:00:00Z", cwd="/home/u/web"),
        assistant_line("w1", ts="2026-03-02T09:00:05Z", usage=usage(100, 200_000), cwd="/home/u/web")])
    history.write("-home-u-docs", "d1.jsonl", [
        user_line("explain the code", ts="2026-03-04T09:00:00Z", cwd="/home/u/docs"),
        assistant_line("d1", ts="2026-03-04T09:00:05Z", usage=usage(100, 20_000), cwd="/home/u/docs")])
    home = str(tmp_path / "codex")
    write_rollout(home, [meta(ts="2026-03-04T08:00:00.000Z", sid="cx1", cwd="/home/u/web", model="gpt-5"),
                         cx_user("2026-03-04T08:00:01.000Z", "explain the code"),
                         tokens("2026-03-04T08:00:03.000Z", cx_usage(1000, 0, 1000), cx_usage(1000, 0, 1000))],
                  day="2026/03/04", name="rollout-2026-03-04T08-00-00-cx1.jsonl")
    doc = _doc(run, "--day", "2026-03-04", "--no-optimize", env={"CODEX_HOME": home})
    assert list(doc["current"]["providers"]) == ["codex", "claude"]
