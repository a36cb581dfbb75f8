"""The menubar's `topProjects` (status --format menubar-json) keyed as
0.9.20 keys its day totals: by each session's own project name, matched to
the live projects by name. NOW is 2026-03-05 12:00 UTC; a call of n units
is 100n tokens in and 100n out on Sonnet 4.5 (n x COST); Codex's gpt-5 is
$1.25 / $10 per 1M. The expected rows were also given by CodeBurn 0.9.20 on
the same files with their dates moved to its today (write_history's
`day`)."""
from __future__ import annotations

import pytest

from tests.conftest import assistant_line, usage, user_line
from tests.histories import with_codex
from tests.test_codex import meta, tokens, usage as cx_usage, user as cx_user, write_rollout
from tests.test_status_menubar import _doc

S = "claude-sonnet-4-5-20250929"
APP, WEB, DOCS = "/home/dev/app", "/home/dev/app/packages/web", "/home/dev/docs"
COST = 100 * 3e-6 + 100 * 15e-6  # one unit: $0.0018
CODEX = 1000 * 1.25e-6 + 100 * 10e-6  # the rollout's one call: $0.00225


def _session(history, slug, name, cwd, day, calls):
    """A session `name` in `slug`'s folder, in `cwd`: a prompt, then a call
    of n units per entry of `calls`."""
    recs = [user_line("work on it", ts=f"{day}T09:00:00Z", cwd=cwd, session=name)]
    for k, n in enumerate(calls):
        recs.append(assistant_line(f"{name}-{k}", ts=f"{day}T09:0{k + 1}:00Z", model=S,
                                   usage=usage(100 * n, 100 * n), cwd=cwd, session=name))
    history.write(slug, f"{name}.jsonl", recs)


def write_history(history, codex_home: str, day: str = "2026-03-05") -> None:
    # One slug folder, two working directories: `report` lists two projects
    # of one name (-home-dev-app), the panel one row, shown as the folder of
    # the cheaper of them (web) with its sessions.
    _session(history, "-home-dev-app", "a1", APP, day, [3, 1])
    _session(history, "-home-dev-app", "a2", APP, day, [2])
    _session(history, "-home-dev-app", "w1", WEB, day, [1])
    _session(history, "-home-dev-docs", "d1", DOCS, day, [2])
    # Codex in the app's folder: one project with Claude's sessions in
    # `report`, but its session's own name is its folder's (app), which no
    # live project has: a row of its own, without session details.
    write_rollout(codex_home, [
        meta(ts=f"{day}T08:00:00.000Z", sid="cx1", cwd=APP, model="gpt-5"),
        cx_user(f"{day}T08:00:01.000Z", "add a login page"),
        tokens(f"{day}T08:00:03.000Z", cx_usage(1000, 0, 100), cx_usage(1000, 0, 100)),
    ], day=day.replace("-", "/"), name=f"rollout-{day}T08-00-00-cx1.jsonl")


@pytest.fixture
def both(run, history, tmp_path):
    return with_codex(run, history, tmp_path, write_history)


def _rows(current):
    return [(p["name"], round(p["cost"], 8), p["sessions"], len(p["sessionDetails"])) for p in current["topProjects"]]


def test_projects_of_one_name_are_one_row_and_other_tools_sessions_their_own(both):
    rows = _rows(_doc(both, "--period", "today")["current"])
    assert rows == [("web", round(7 * COST, 8), 3, 1), ("docs", round(2 * COST, 8), 1, 1),
                    ("app", round(CODEX, 8), 1, 0)]
    # `report` keeps them apart, the Codex session inside the app project
    projects = {(p["name"], p["path"]): (round(p["cost"], 8), p["sessions"])
                for p in both("report", "--format", "json", "-p", "today").json["projects"]}
    assert projects == {("-home-dev-app", APP): (round(6 * COST + CODEX, 8), 3),
                        ("-home-dev-app", WEB): (round(COST, 8), 1), ("-home-dev-docs", DOCS): (round(2 * COST, 8), 1)}


def test_the_web_row_lists_the_last_project_s_sessions(both):
    web = _doc(both, "--period", "week")["current"]["topProjects"][0]
    assert [(d["calls"], round(d["cost"], 8)) for d in web["sessionDetails"]] == [(1, round(COST, 8))]
    assert web["avgCostPerSession"] == pytest.approx(7 * COST / 3)


def test_one_claude_config_s_payload_lists_its_projects_themselves(run, history, tmp_path):
    """With --claude-config-source 0.9.20 builds the rows from the period's
    projects, not its day totals: the two working directories of one slug
    folder are two rows again (a Claude Desktop root beside the config dir
    makes two sources to choose from)."""
    import hashlib
    import json
    import os

    write_history(history, str(tmp_path / "unread-codex"))  # (no CODEX_HOME points there)
    ws = tmp_path / "desktop" / "app-1" / "ws-1"
    slug = ws / "local_s1" / ".claude" / "projects" / "-sessions-x"
    slug.mkdir(parents=True)
    (ws / "local_s1.json").write_text(json.dumps({"title": "Research"}))
    (slug / "t.jsonl").write_text(json.dumps(user_line("hi", ts="2026-03-05T08:00:00Z")) + "\n" + json.dumps(
        assistant_line("d1", ts="2026-03-05T08:00:05Z", model=S, usage=usage(100, 100))) + "\n")
    config = "claude-config:" + hashlib.sha256(os.path.abspath(history.root).encode()).hexdigest()[:16]
    doc = _doc(run, "--period", "today", "--claude-config-source", config,
               env={"CODEBURN_DESKTOP_SESSIONS_DIR": str(tmp_path / "desktop")})
    assert doc["claudeConfigs"]["selectedId"] == config
    assert _rows(doc["current"]) == [("app", round(6 * COST, 8), 2, 2), ("docs", round(2 * COST, 8), 1, 1),
                                     ("web", round(COST, 8), 1, 1)]


def test_the_row_of_a_name_shows_its_cheapest_project(run, history):
    """0.9.20 lists its live projects by cost and keys them by name, so the
    cheapest of a name gives the row its folder and sessions: here the app
    project itself (1 unit), though it was seen first."""
    _session(history, "-home-dev-app", "a1", APP, "2026-03-05", [1])
    _session(history, "-home-dev-app", "w1", WEB, "2026-03-05", [3, 3])
    rows = _rows(_doc(run, "--period", "today")["current"])
    assert rows == [("app", round(7 * COST, 8), 2, 1)]


def test_ties_follow_the_read_today_is_cut_from(run, history):
    """0.9.20's week payload cuts today's day entry from its week read, whose
    projects come by week cost: /w/app (x's Sonnet call three days ago)
    before /w/aaa, though /w/aaa is read first. So today's two $0 models and
    sessions come y (in /w/app) first, in the day history, the period's
    models and its sessions alike. With --days the days' span is read and
    the days cut from it: y stays in /w/app though x's day is not listed. On
    these files dated to its today, 0.9.20 gives the same rows."""
    from tests.histories import cwdless_session

    cwdless_session(history)
    week = _doc(run, "--period", "week")
    assert [m["name"] for m in week["current"]["topModels"]] == ["Sonnet 4.5", "zz-model-y", "zz-model-z"]
    assert [(s["project"], s["calls"]) for s in week["current"]["topSessions"]] == [("app", 1), ("app", 1), ("aaa", 1)]
    assert [m["name"] for m in week["history"]["daily"][-1]["topModels"]] == ["zz-model-y", "zz-model-z"]
    days = _doc(run, "--days", "2026-03-01,2026-03-05")
    assert [s["project"] for s in days["current"]["topSessions"]] == ["app", "aaa"]
    assert [m["name"] for m in days["current"]["topModels"]] == ["zz-model-y", "zz-model-z"]
    today = _doc(run, "--period", "today")  # a read of today alone: y makes a project of its slug
    assert [s["project"] for s in today["current"]["topSessions"]] == ["aaa", "-w-app"]
