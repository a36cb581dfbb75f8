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
