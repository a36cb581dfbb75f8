"""`codeburn compare` on tests/histories.py (clock 2026-03-05 12:00 UTC,
default period: the 6 months since 2025-09-01, so every call). On the same
files the reference 0.9.20's `compare --format json` (with and without
--model-a/--model-b) gave the same keys, counts and tokens, and costs equal
to the last float bit but one (summation order)."""
from __future__ import annotations

import io

import pytest

from tests import histories as h
from tests.histories import hist  # noqa: F401 (the fixture)
from tests.conftest import NOW, assistant_line, usage, user_line
from codeburn.cli import main
from codeburn.env import Environment

SONNET_COST = h.C["m1"] + h.C["m2"] + h.C["m3"] + h.C["m6"]
OPUS_COST = h.C["m4"] + h.C["m5"]



def test_model_stats(run, hist):
    r = run("compare", "--format", "json")
    assert r.status == 0, r.stderr
    stats = {s["model"]: s for s in r.json}
    assert [s["model"] for s in r.json] == [h.OPUS, h.SONNET, h.HAIKU]  # by cost
    s = stats[h.SONNET]
    assert (s["calls"], s["inputTokens"], s["outputTokens"], s["cacheReadTokens"], s["cacheWriteTokens"]) == \
        (4, 1600, 950, 22000, 2000)
    assert (s["totalTurns"], s["editTurns"], s["oneShotTurns"], s["retries"], s["selfCorrections"]) == (2, 1, 0, 1, 1)
    assert s["cost"] == pytest.approx(SONNET_COST) and s["editCost"] == pytest.approx(h.C["m1"] + h.C["m2"] + h.C["m3"])
    assert (s["firstSeen"], s["lastSeen"]) == ("2026-02-23T15:00:08.000Z", "2026-03-03T10:00:40.000Z")
    o = stats[h.OPUS]
    assert (o["calls"], o["totalTurns"], o["editTurns"], o["oneShotTurns"], o["selfCorrections"]) == (2, 1, 1, 1, 1)
    assert (stats[h.HAIKU]["totalTurns"], stats[h.HAIKU]["editTurns"], stats[h.HAIKU]["selfCorrections"]) == (1, 0, 0)


def test_head_to_head(run, hist):
    r = run("compare", "--model-a", h.SONNET, "--model-b", "opus 4.6", "--format", "json")
    assert r.status == 0, r.stderr
    d = r.json
    assert list(d) == ["period", "modelA", "modelB", "metrics", "categories", "workingStyle"]
    assert d["period"] == {"label": "Last 6 months", "provider": "all"}
    rows = {m["label"]: (m["valueA"], m["valueB"], m["winner"]) for m in d["metrics"]}
    assert rows["One-shot rate"] == (0, 100, "b")
    assert rows["Retry rate"] == (1, 0, "b")
    assert rows["Self-correction"] == (50, 100, "a")
    assert rows["Cost / call"] == (pytest.approx(SONNET_COST / 4), pytest.approx(OPUS_COST / 2), "a")
    assert rows["Cost / edit"] == (pytest.approx(0.03075), pytest.approx(OPUS_COST), "a")
    assert rows["Output tok / call"] == (238, 500, "a")  # 950 / 4 = 237.5 rounds up
    assert rows["Cache hit rate"] == (pytest.approx(22000 / 23600 * 100), pytest.approx(4000 / 6500 * 100), "a")
    assert [m["formatFn"] for m in d["metrics"]] == ["percent", "decimal", "percent", "cost", "cost", "number", "percent"]
    assert d["categories"] == [
        {"category": "delegation", "turnsA": 1, "editTurnsA": 1, "oneShotRateA": 0, "turnsB": 0, "editTurnsB": 0,
         "oneShotRateB": None, "winner": "none"},
        {"category": "feature", "turnsA": 0, "editTurnsA": 0, "oneShotRateA": None, "turnsB": 1, "editTurnsB": 1,
         "oneShotRateB": 100, "winner": "none"}]  # conversation: no edit turns on either side
    assert d["workingStyle"] == [
        {"label": "Delegation rate", "valueA": 50, "valueB": 0, "formatFn": "percent"},
        {"label": "Planning rate", "valueA": 0, "valueB": 100, "formatFn": "percent"},
        {"label": "Avg tools / turn", "valueA": 2, "valueB": 2, "formatFn": "decimal"},
        {"label": "Fast mode usage", "valueA": 0, "valueB": 0, "formatFn": "percent"}]


def test_without_a_terminal_the_two_costliest(run, hist):
    r = run("compare")
    assert r.status == 0, r.stderr
    assert r.stdout.startswith("\nOpus 4.6 vs Sonnet 4.5 · Last 6 months\n")
    assert "  Performance  One-shot rate        100.0%        0.0%    Opus 4.6\n" in r.stdout


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_picker_on_a_terminal(hist, tmp_path, shared_cache):
    out, err = Tty(), io.StringIO()
    env = Environment(stdout=out, stderr=err, stdin=Tty("3\n\n"), home=str(tmp_path),
                      environ={"CLAUDE_CONFIG_DIR": hist.root, "TZ": "UTC", "HOME": str(tmp_path),
                               "XDG_CACHE_HOME": shared_cache}, clock=lambda: NOW)
    assert main(["compare", "--no-color"], env) == 0, err.getvalue()
    text = out.getvalue()
    assert "   1. Opus 4.6" in text and "   3. Haiku 4.5" in text
    assert "Haiku 4.5 vs Sonnet 4.5 · Last 6 months" in text  # 3, then the default second (2)


def test_errors(run, hist):
    r = run("compare", "--model-a", h.OPUS)
    assert r.status == 2 and r.stderr.startswith("codeburn: error: --model-a and --model-b go together")
    r = run("compare", "--model-a", h.OPUS, "--model-b", "gpt-9")
    assert r.status == 1 and r.stderr.startswith('codeburn: error: model not found: "gpt-9"')
    assert r.stderr.count("\n") == 1


def test_self_corrections_are_read_from_assistant_text(run, history):
    sess = [
        user_line("my mistake was here", ts="2026-03-04T09:00:00.000Z", cwd="/p"),  # user text: not counted
        assistant_line("x1", ts="2026-03-04T09:00:01.000Z", usage=usage(10, 10), cwd="/p",
                       text="Done.\nMy mistake: the path was off."),  # after an escaped newline
        assistant_line("x2", ts="2026-03-04T09:00:02.000Z", usage=usage(10, 10), cwd="/p",
                       text="You're right, I missed the import."),
        assistant_line("x3", ts="2026-03-04T09:00:03.000Z", usage=usage(10, 10), cwd="/p",
                       text="Nothing to correct here; mybad is not a phrase."),
        assistant_line("x4", ts="2026-03-04T09:00:04.000Z", usage=usage(10, 10), cwd="/p", model="<synthetic>",
                       text="Sorry about that."),
        assistant_line("x5", ts="2025-01-04T09:00:04.000Z", usage=usage(10, 10), cwd="/p",
                       text="I apologize."),  # outside the period
    ]
    history.write("-p", "s.jsonl", sess)
    stats = {s["model"]: s for s in run("compare", "--format", "json").json}
    assert stats["claude-sonnet-4-5-20250929"]["selfCorrections"] == 2


def test_a_turn_led_by_synthetic_is_left_out_whole(run, history):
    """As the reference does: its other calls count for no model (the
    report still counts them: compare is about turns)."""
    history.write("-p", "s.jsonl", [
        user_line("go", ts="2026-03-04T09:00:00.000Z", cwd="/p"),
        assistant_line("y1", ts="2026-03-04T09:00:01.000Z", model="<synthetic>", usage=usage(0, 0), cwd="/p"),
        assistant_line("y2", ts="2026-03-04T09:00:02.000Z", usage=usage(100, 10), cwd="/p"),
        user_line("again", ts="2026-03-04T09:01:00.000Z", cwd="/p"),
        assistant_line("y3", ts="2026-03-04T09:01:01.000Z", usage=usage(200, 20), cwd="/p")])
    stats = run("compare", "--format", "json").json
    assert [(s["model"], s["calls"], s["inputTokens"], s["totalTurns"]) for s in stats] == [
        ("claude-sonnet-4-5-20250929", 1, 200, 1)]
    assert run("report", "-p", "all", "--format", "json").json["overview"]["calls"] == 3


def _edit_turn(history, project: str, sid: str, at: str, prompt: str, model: str, out_tokens: int) -> None:
    """A session of one turn: the prompt and one call that edits a file."""
    cwd = f"/home/u/{project}"
    edit = ("Edit", {"file_path": f"{cwd}/a.py", "old_string": "a", "new_string": "b"})
    call = assistant_line("msg_" + sid, ts=at[:-3] + "20Z", usage=usage(10, out_tokens), model=model, cwd=cwd,
                          session=sid, tools=[edit])
    history.write(f"-home-u-{project}", f"{sid}.jsonl", [user_line(prompt, ts=at, cwd=cwd, session=sid), call])


def test_categories_of_equal_turns_keep_the_walks_order(run, history):
    """0.9.20 meets categories walking projects by cost (then sessions and
    turns) and its sort keeps ties in that order: the costlier zz-big's
    refactoring first, though aa-small comes first by name."""
    a, b = "claude-sonnet-4-5-20250929", "claude-opus-4-1-20250805"
    _edit_turn(history, "zz-big", "s1", "2026-03-03T09:00:00Z", "refactor the config loader into smaller functions",
               a, 50000)
    _edit_turn(history, "aa-small", "s2", "2026-03-03T10:00:00Z", "add a new feature: export the report as yaml",
               a, 100)
    _edit_turn(history, "aa-small", "s3", "2026-03-04T09:00:00Z",
               "fix the failing test in the parser, it throws a TypeError", b, 100)
    d = run("compare", "--format", "json", "-p", "week", "--model-a", a, "--model-b", b).json
    assert [(c["category"], c["turnsA"], c["turnsB"]) for c in d["categories"]] == [
        ("refactoring", 1, 0), ("feature", 1, 0), ("debugging", 0, 1)]


def test_one_model_named_twice_counts_for_a_only(run, history):
    """--model-a and --model-b naming one model (an id and its display
    name): 0.9.20 files each turn under A (`primary === modelA`), B has none."""
    a = "claude-sonnet-4-5-20250929"
    _edit_turn(history, "app", "s1", "2026-03-04T09:00:00Z", "fix the failing test in the parser", a, 100)
    d = run("compare", "--format", "json", "-p", "week", "--model-a", a, "--model-b", "SONNET 4.5").json
    assert d["categories"] == [{"category": "debugging", "turnsA": 1, "editTurnsA": 1, "oneShotRateA": 100,
                                "turnsB": 0, "editTurnsB": 0, "oneShotRateB": None, "winner": "none"}]
    assert [w["valueB"] for w in d["workingStyle"]] == [None, None, None, None]
    assert [w["valueA"] for w in d["workingStyle"]] == [0, 0, 1, 0]
