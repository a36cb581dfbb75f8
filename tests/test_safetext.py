"""codeburn.safetext and the text renderers under arbitrary Unicode (issue 12):
escaped forms, widths, clipping, markdown and CSV cells; Hypothesis feeds
any text as every name of a report and of the models table."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from codeburn.safetext import clip, csv_cell, md_cell, md_code, pad, visible, width
from tests.test_hostile_text import RAW, assert_aligned, column_breaks, text_tables

ESCAPED = [
    ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
    ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
    ("\x9b1m\x9d\x85", "\\x9b1m\\x9d\\x85"),
    ("nul\x00del\x7f", "nul\\x00del\\x7f"),
    ("a\nb\rc\td", "a\\nb\\rc\\td"),
    ("rtl\u202eabc\u2066\u2069\u200e\u200f\u061c", "rtl\\u202eabc\\u2066\\u2069\\u200e\\u200f\\u061c"),
    ("line\u2028para\u2029", "line\\u2028para\\u2029"),
    ("zero\u200bwidth\ufeff", "zero\\u200bwidth\\ufeff"),
    ("tag\U000e0041", "tag\\U000e0041"),
    ("caf\udce9", "caf\\xe9"),                 # a byte os.fsdecode could not decode
    ("lone\ud800", "lone\\ud800"),
]
UNCHANGED = ["plain-ascii text ~!@#$%^&*()", "", "日本語", "e\u0301", "👩\u200d💻", "فارسی\u200cها", "C:\\Users\\x"]


@pytest.mark.parametrize("raw,shown", ESCAPED)
def test_controls_bidi_and_format_characters_are_shown_escaped(raw, shown):
    assert visible(raw) == shown


@pytest.mark.parametrize("text", UNCHANGED)
def test_printable_text_of_any_script_passes_unchanged(text):
    assert visible(text) == text


@pytest.mark.parametrize("text,cells", [("abc", 3), ("日本", 4), ("e\u0301", 1), ("ｱ", 1), ("Ａ", 2), ("", 0)])
def test_width_counts_terminal_cells(text, cells):
    assert width(text) == cells
    assert width(pad(text, 6)) == width(pad(text, 6, right=True)) == max(6, cells)


def test_clip_keeps_both_ends_and_never_splits_an_escape():
    assert clip("short", 10) == "short"
    assert clip("a" * 10 + "z" * 10, 9) == "aaaa…zzzz"
    assert clip(visible("\x1b" * 50), 11) == "\\x1b…\\x1b"  # whole escapes: 4 + 1 + 4 cells of 11


def test_markdown_cells_escape_pipes_newlines_and_backticks():
    assert md_cell("a|b\nc") == "a\\|b\\\\nc"   # the escape's backslash doubled: it shows as \n
    assert md_cell("end\\|") == "end\\\\\\|"     # a backslash before a pipe cannot unescape it
    assert md_code("x|y") == "`x\\|y`"
    assert md_code("a`b") == "`` a`b ``"


@pytest.mark.parametrize("text,cell", [("=1+1", "'=1+1"), ("+x", "'+x"), ("-home-dev", "'-home-dev"),
                                       ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("Opus 4.7", "Opus 4.7"), ("", "")])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(text, cell):
    assert csv_cell(text) == cell


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_visible_text_has_no_raw_control_and_is_stable(text):
    shown = visible(text)
    assert RAW.search(shown) is None
    assert "\n" not in shown
    assert visible(shown) == shown


@settings(max_examples=300, deadline=None)
@given(st.text(), st.integers(min_value=1, max_value=80))
def test_clip_fits_its_cells(text, cells):
    shown = clip(visible(text), cells)
    assert width(shown) <= cells
    if width(visible(text)) <= cells:
        assert shown == visible(text)


def report_with(names: list[str]) -> dict:
    """A report dict (the shape the JSON prints) whose every name is one of `names`."""
    n = lambda i: names[i % len(names)]  # noqa: E731
    money = {"cost": 1.5, "savings": 0}
    return {
        "period": "Last 7 Days", "warnings": [f"skipped {n(0)}"],
        "overview": {"cost": 3.0, "calls": 9, "sessions": 2, "cacheHitPercent": 50.0,
                     "tokens": {"input": 1, "output": 2, "cacheRead": 3, "cacheWrite": 4}},
        "daily": [{"date": "2026-03-05", "cost": 3.0, "calls": 9, "turns": 2}],
        "projects": [{"name": n(i), "path": n(i + 1), "calls": 3, "sessions": 1, "avgCostPerSession": 1.5, **money}
                     for i in range(3)],
        "providers": [{"displayName": n(i), "calls": 1, "sessions": 1, **money} for i in range(2)],
        "activities": [{"category": "Coding", "turns": 2, "oneShotRate": 50.0, **money}],
        "models": [{"name": n(i), "calls": 2, "oneShotRate": None, "inputTokens": 10, "outputTokens": 20,
                    "cacheReadTokens": 30, "cacheWriteTokens": 40, **money} for i in range(3)],
        "tools": [{"name": n(i), "calls": i + 1} for i in range(3)],
        "shellCommands": [{"name": n(i), "calls": 1} for i in range(2)],
        "mcpServers": [{"name": n(i), "calls": 1} for i in range(2)],
        "skills": [{"name": n(i), "turns": 1, **money} for i in range(2)],
        "subagents": [{"name": n(i), "calls": 1, **money} for i in range(2)],
        "claudeAgentTypes": [{"name": n(i), "calls": 1, **money} for i in range(2)],
        "topSessions": [{"sessionId": n(i), "project": n(i + 1), "date": "2026-03-05", "calls": 4, **money}
                        for i in range(3)],
    }


NAMES = st.lists(st.text(min_size=0, max_size=120), min_size=1, max_size=4)


@settings(max_examples=200, deadline=None)
@given(NAMES)
def test_the_report_renderer_prints_any_names_clean_and_aligned(names):
    from codeburn.report import text

    out = text.render(report_with(names))
    assert RAW.search(out) is None
    tables = text_tables(out)
    assert len(tables) == 12
    for table in tables:
        assert_aligned(table)


@settings(max_examples=150, deadline=None)
@given(NAMES)
def test_the_models_table_and_markdown_print_any_names_clean_and_aligned(names):
    from codeburn.report.models import Row, render_markdown, render_table

    rows = [Row("claude", name, None, 10, 20, 30, 40, 1.25 * (i + 1), 3) for i, name in enumerate(names)]
    for r in rows:
        r.top_category, r.top_share = "coding", 1.0
    table = render_table(rows, None, True, 200)
    assert RAW.search(table) is None
    assert_aligned(table.rstrip("\n").split("\n"))
    md = render_markdown(rows, None, True)
    assert RAW.search(md) is None
    lines = md.rstrip("\n").split("\n")
    assert len(lines) == len(rows) + 3
    assert all(column_breaks(line) == 11 for line in lines)
