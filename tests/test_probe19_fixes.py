"""Nineteenth-session probes (fixtures written apart from ours): what they
found, pinned. Expected values are CodeBurn 0.9.20's on the same shapes."""
from __future__ import annotations

import pytest

from codeburn.report.text import model_rate
from tests.conftest import assistant_line, usage, user_line


@pytest.mark.parametrize("row, shown", [
    ({"oneShotRate": 62.5, "editTurns": 8}, "62.5%"),
    ({"oneShotRate": 12.25, "editTurns": 400}, "12.3%"),     # a half: up, as JavaScript's toFixed
    ({"oneShotRate": 600 / 7, "editTurns": 7}, "85.7%"),
    ({"oneShotRate": 100.0, "editTurns": 4}, "-"),            # under five edit turns
    ({"oneShotRate": None, "editTurns": 0}, "-"),
])
def test_a_model_s_one_shot_rate_is_shown_as_the_reference_dashboard_shows_it(row, shown):
    """0.9.20's model panel (dashboard.tsx, MIN_EDIT_TURNS_FOR_RATE = 5;
    its off-terminal `report` prints the same panels): probe H7."""
    assert model_rate(row) == shown


def test_the_text_report_s_cache_hit_counts_cache_writes_as_sent(run, history):
    """The text header's cache hit is the dashboard's: cache reads over
    input, cache reads and cache writes (0.9.20: 71.3 % where our JSON's
    cacheHitPercent, without the writes, is 99.8 %; probe H7)."""
    history.write("p", "s.jsonl", [
        user_line("hello", ts="2026-03-05T09:00:00.000Z"),
        assistant_line("m1", ts="2026-03-05T09:00:05.000Z", usage=usage(10, 5, cw=2990, cr=7000))])
    r = run("report", "-p", "today")
    assert "Cache hit 70.0%" in r.stdout   # 7000 / (10 + 7000 + 2990)
    assert run("report", "-p", "today", "--format", "json").json["overview"]["cacheHitPercent"] == 99.9


def _first_day_split(history, tmp_path) -> dict:
    """March 2: a Claude session in `shop` at 10:00, a Codex one in `api` at
    11:00; March 3: a Claude session in `blog`. Returns the run's env."""
    from tests.test_codex import meta, tokens, usage as codex_usage, write_rollout

    for slug, cwd, sid, at in (("-home-dev-shop", "/home/dev/shop", "aaaaaaaa-0000-4000-8000-00000000000a", "2026-03-02T10"),
                               ("-home-dev-blog", "/home/dev/blog", "bbbbbbbb-0000-4000-8000-00000000000b", "2026-03-03T10")):
        history.write(slug, sid + ".jsonl", [
            user_line("fix the failing test", ts=at + ":00:00.000Z", cwd=cwd, session=sid),
            assistant_line("msg_" + sid[:8], ts=at + ":00:05.000Z", usage=usage(1000, 100), cwd=cwd, session=sid)])
    sid = "0196a1b2-3c4d-7e8f-9a0b-1c2d3e4f5a6b"
    codex = tmp_path / "codex"
    write_rollout(str(codex), [meta("2026-03-02T11:00:00.000Z", sid=sid, cwd="/home/dev/api"),
                               tokens("2026-03-02T11:00:05.000Z", codex_usage(400, 0, 40), codex_usage(400, 0, 40))],
                  day="2026/03/02", name=f"rollout-2026-03-02T11-00-00-{sid}.jsonl")
    return {"CODEX_HOME": str(codex)}


def test_a_filtered_menubar_lists_a_tool_from_its_first_day_with_a_kept_project(run, history, tmp_path):
    """0.9.20 slices each day to the projects kept and drops from that day
    a tool with none: under --exclude shop, Claude's first day is March 3,
    after Codex's March 2 (wild4 seed 65: codex before claude there; ours
    took the order the whole day met the tools in)."""
    env = _first_day_split(history, tmp_path)

    def order(*filters):
        doc = run("status", "--format", "menubar-json", "--period", "week", "--no-optimize", *filters, env=env).json
        return [p["id"] for p in doc["current"]["providerDetails"] if p["cost"] > 0]

    assert order() == ["claude", "codex"]
    assert order("--exclude", "shop") == ["codex", "claude"]
    assert order("--project", "blog") == ["claude"]
