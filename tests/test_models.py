"""`codeburn models`: rows, filters and the four output formats, with costs
worked out from the list prices (per token: Opus 4.7 $5e-6 in, $25e-6 out;
Sonnet 4.5 $3e-6 in, $15e-6 out, $3e-7 cache read)."""
from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import assistant_line, usage, user_line

OPUS, SONNET = "claude-opus-4-7", "claude-sonnet-4-5-20250929"
EDIT = [("Edit", {"file_path": "/w/a.ts", "old_string": "a", "new_string": "b"})]

# cost per turn: 1000*5e-6 + 2000*25e-6 = 0.055; 2000*5e-6 + 4000*25e-6 = 0.11;
# 1000*3e-6 + 1000*15e-6 + 10000*3e-7 = 0.021; 10*3e-6 + 10*15e-6 = 0.00018
TURNS = [("fix the login bug", OPUS, usage(1000, 2000), EDIT),             # debugging
         ("add a dark mode toggle", OPUS, usage(2000, 4000), EDIT),        # feature
         ("explain the cache", SONNET, usage(1000, 1000, cr=10000), []),  # exploration
         ("thanks", SONNET, usage(10, 10), [])]                           # conversation


@pytest.fixture
def models(history, run):
    recs = []
    for i, (prompt, model, u, tools) in enumerate(TURNS):
        recs.append(user_line(prompt, ts=f"2026-03-02T10:0{i}:00Z"))
        recs.append(assistant_line(f"m{i}", ts=f"2026-03-02T10:0{i}:05Z", model=model, usage=u, tools=tools))
    history.write("-home-dev-shop", "s1.jsonl", recs)
    return lambda *argv: run("models", *argv)


def test_default_rows_json(models):
    r = models("--format", "json")
    assert r.status == 0 and r.stderr == ""
    rows = r.json
    assert [(x["model"], x["modelDisplayName"], x["inputTokens"], x["outputTokens"], x["cacheReadTokens"],
             x["totalTokens"], x["calls"], x["topCategory"]) for x in rows] == [
        (OPUS, "Opus 4.7", 3000, 6000, 0, 9000, 2, "feature"),
        (SONNET, "Sonnet 4.5", 1010, 1010, 10000, 12020, 2, "exploration")]
    assert rows[0]["costUSD"] == pytest.approx(0.165, rel=1e-12)
    assert rows[0]["topCategoryShare"] == pytest.approx(0.11 / 0.165, rel=1e-12)
    assert rows[1]["costUSD"] == pytest.approx(0.02118, rel=1e-12)
    assert rows[1]["topCategoryShare"] == pytest.approx(0.021 / 0.02118, rel=1e-12)
    assert {k: rows[0][k] for k in ("provider", "providerDisplayName", "category", "agentType", "savingsUSD",
                                    "savingsBaselineModel", "credits")} == {
        "provider": "claude", "providerDisplayName": "Claude", "category": "feature", "agentType": None,
        "savingsUSD": 0, "savingsBaselineModel": "", "credits": None}


def test_csv_by_task_and_min_cost(models):
    r = models("--format", "csv", "--by-task", "--min-cost", "0")
    assert list(csv.reader(io.StringIO(r.stdout))) == [
        ["provider", "model", "task", "input_tokens", "output_tokens", "cache_write_tokens", "cache_read_tokens",
         "total_tokens", "calls", "cost_usd", "savings_usd", "savings_baseline_model"],
        ["Claude", "Opus 4.7", "Feature Dev", "2000", "4000", "0", "0", "6000", "1", "0.110000", "0.000000", ""],
        ["Claude", "Opus 4.7", "Debugging", "1000", "2000", "0", "0", "3000", "1", "0.055000", "0.000000", ""],
        ["Claude", "Sonnet 4.5", "Exploration", "1000", "1000", "0", "10000", "12000", "1", "0.021000", "0.000000",
         ""],
        ["Claude", "Sonnet 4.5", "Conversation", "10", "10", "0", "0", "20", "1", "0.000180", "0.000000", ""]]
    # The default minimum cost ($0.01) drops the $0.00018 row.
    r = models("--format", "csv", "--by-task")
    assert [row[2] for row in csv.reader(io.StringIO(r.stdout))][1:] == ["Feature Dev", "Debugging", "Exploration"]


def test_csv_default_has_top_task_share(models):
    r = models("--format", "csv")
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0][:4] == ["provider", "model", "top_task", "top_task_share"]
    assert rows[1][:4] == ["Claude", "Opus 4.7", "Feature Dev", "0.6667"]
    assert rows[2][:4] == ["Claude", "Sonnet 4.5", "Exploration", "0.9915"]


def test_task_filter_and_top(models):
    r = models("--format", "json", "--task", "debugging")
    assert [(x["model"], x["calls"], x["topCategory"], x["topCategoryShare"]) for x in r.json] == [
        (OPUS, 1, "debugging", 1)]
    assert models("--format", "json", "--task", "no-such-task").json == []
    # an empty --task is no filter, as 0.9.20 reads it (every row; it was none)
    assert models("--format", "json", "--task", "").json == models("--format", "json").json
    assert [x["model"] for x in models("--format", "json", "--top", "1").json] == [OPUS]


def test_markdown(models):
    r = models("--format", "md")
    assert r.stdout.splitlines() == [
        "| Provider | Model | Top Task | Input | Output | Cache Write | Cache Read | Total | Cost | Saved |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        "| Claude | `Opus 4.7` | Feature Dev (67%) | 3.0K | 6.0K | 0 | 0 | 9.0K | $0.165 | - |",
        "| Claude | `Sonnet 4.5` | Exploration (99%) | 1.0K | 1.0K | 0 | 10.0K | 12.0K | $0.021 | - |",
        "|  | **Total** |  | **4.0K** | **7.0K** | **0** | **10.0K** | **21.0K** | **$0.186** | - |"]


def test_table_drops_columns_when_narrow(models):
    wide = models("--no-totals").stdout.splitlines()
    assert wide[0].split() == ["Provider", "Model", "Top", "Task", "Input", "Output", "Cache", "Write", "Cache",
                               "Read", "Total", "Cost"]
    assert wide[2].split() == ["Claude", "Opus", "4.7", "Feature", "Dev", "(67%)", "3.0K", "6.0K", "0", "0", "9.0K",
                               "$0.165"]
    assert len(wide) == 4  # header, rule, two rows


def test_table_narrow_terminal(run, models):
    r = run("models", env={"COLUMNS": "60"})
    header = r.stdout.splitlines()[0].split()
    assert "Cache" not in header and "Input" not in header and header[-2:] == ["Total", "Cost"]


def test_empty_period_and_bad_numbers(models):
    assert models("--from", "2026-01-01", "--to", "2026-01-31").stdout == \
        "No model usage found for the selected period.\n"
    assert models("--from", "2026-01-01", "--to", "2026-01-31", "--format", "json").stdout == "[]\n"
    r = models("--top", "zero")
    assert (r.status, r.stderr) == (2, 'codeburn: error: invalid --top "zero" (a number of at least 1)\n')
    r = models("--format", "xml")
    assert (r.status, r.stderr) == (2, 'codeburn: error: unknown format "xml" (valid values: table, markdown, '
                                       'json, csv)\n')


# --by-agent: the main session above, and three subagent transcripts of it:
# one whose .meta.json names its type, one under subagents/workflows/ (its
# type by default), one with no type (its calls count as the main session's).
# cost: Explore 3000*3e-6 + 500*15e-6 = 0.0165 (Sonnet), 100*5e-6 + 200*25e-6
# = 0.0055 (Opus); workflow 2000*3e-6 + 1000*15e-6 = 0.021 (Sonnet); untyped
# 400*5e-6 + 400*25e-6 = 0.012 (Opus).
SUBAGENTS = [("agent-a1.jsonl", "", {"agentType": "Explore"}, [(SONNET, usage(3000, 500)), (OPUS, usage(100, 200))]),
             ("agent-w1.jsonl", "workflows/w1", None, [(SONNET, usage(2000, 1000))]),
             ("agent-b2.jsonl", "", None, [(OPUS, usage(400, 400))])]


@pytest.fixture
def agents(history, models):
    import json
    import os

    for name, sub, meta, calls in SUBAGENTS:
        recs = [user_line("look around the repo", ts="2026-03-02T11:00:00Z", isSidechain=True)]
        for i, (model, u) in enumerate(calls):
            recs.append(assistant_line(f"{name}-{i}", ts=f"2026-03-02T11:00:0{i + 1}Z", model=model, usage=u,
                                       sidechain=True))
        path = history.write("-home-dev-shop", name, recs, subdir=os.path.join("s1", "subagents", sub))
        if meta is not None:
            with open(path[: -len(".jsonl")] + ".meta.json", "w") as f:
                json.dump(meta, f)
    return models


def test_by_agent_rows(agents):
    r = agents("--format", "json", "--by-agent", "--min-cost", "0")
    assert r.status == 0
    # Groups by the model's whole cost (Opus 0.1825, Sonnet 0.05868), rows by cost within.
    assert [(x["model"], x["agentType"], x["category"], x["topCategory"], x["calls"], x["inputTokens"],
             x["outputTokens"]) for x in r.json] == [
        (OPUS, "(main)", None, None, 3, 3400, 6400),
        (OPUS, "Explore", None, None, 1, 100, 200),
        (SONNET, "(main)", None, None, 2, 1010, 1010),
        (SONNET, "workflow-subagent", None, None, 1, 2000, 1000),
        (SONNET, "Explore", None, None, 1, 3000, 500)]
    assert [round(x["costUSD"], 9) for x in r.json] == [0.177, 0.0055, 0.02118, 0.021, 0.0165]
    assert [x["topCategoryShare"] for x in r.json] == [None] * 5
    # The default view has no agent.
    assert {x["agentType"] for x in agents("--format", "json").json} == {None}


def test_by_agent_csv_table_and_conflict(agents):
    rows = list(csv.reader(io.StringIO(agents("--format", "csv", "--by-agent").stdout)))
    assert rows[0] == ["provider", "model", "agent", "input_tokens", "output_tokens", "cache_write_tokens",
                       "cache_read_tokens", "total_tokens", "calls", "cost_usd", "savings_usd",
                       "savings_baseline_model"]
    # The $0.0055 row is under the default minimum cost.
    assert [row[:3] + row[9:10] for row in rows[1:]] == [
        ["Claude", "Opus 4.7", "(main)", "0.177000"], ["Claude", "Sonnet 4.5", "(main)", "0.021180"],
        ["Claude", "Sonnet 4.5", "workflow-subagent", "0.021000"], ["Claude", "Sonnet 4.5", "Explore", "0.016500"]]
    lines = agents("--by-agent", "--no-totals").stdout.splitlines()
    assert lines[0].split()[:3] == ["Provider", "Model", "Agent"]
    # Provider and model once per group, a rule between groups.
    assert [line.split()[:3] if not line.lstrip().startswith("-") else "rule" for line in lines[2:]] == [
        ["Claude", "Opus", "4.7"], "rule", ["Claude", "Sonnet", "4.5"], ["workflow-subagent", "2.0K", "1.0K"],
        ["Explore", "3.0K", "500"]]
    r = agents("--by-agent", "--by-task")
    assert (r.status, r.stdout, r.stderr) == (
        2, "", "codeburn: error: --by-task and --by-agent cannot be combined (pick one breakdown)\n")


@pytest.fixture
def unpriced(history, run):
    """Two models with no price, a local one and the priced Opus: tokens
    1020 (zz-mystery-2, two calls) and 150 (zz-mystery-1, one)."""
    calls = [(OPUS, usage(1000, 2000)), ("zz-mystery-1", usage(100, 50)), ("zz-mystery-2", usage(1000, 0)),
             ("zz-mystery-2", usage(10, 10)), ("ollama/llama3.1:8b", usage(500, 500))]
    recs = []
    for i, (model, u) in enumerate(calls):
        recs.append(user_line(f"question {i}", ts=f"2026-03-02T10:0{i}:00Z"))
        recs.append(assistant_line(f"m{i}", ts=f"2026-03-02T10:0{i}:05Z", model=model, usage=u))
    history.write("-home-dev-shop", "s1.jsonl", recs)
    return lambda *argv: run("models", *argv)


def test_unpriced_rows(unpriced):
    rows = unpriced("--format", "json", "--unpriced").json
    assert [(x["model"], x["modelDisplayName"], x["calls"], x["totalTokens"], x["costUSD"]) for x in rows] == [
        ("zz-mystery-2", "zz-mystery-2", 2, 1020, 0), ("zz-mystery-1", "zz-mystery-1", 1, 150, 0)]
    # --top counts the unpriced rows; an explicit --min-cost still applies.
    assert [x["model"] for x in unpriced("--format", "json", "--unpriced", "--top", "1").json] == ["zz-mystery-2"]
    assert unpriced("--format", "json", "--unpriced", "--min-cost", "0.01").json == []
    r = unpriced("--unpriced", "--min-cost", "0.01")
    assert r.stdout == "No unpriced models found for the selected period.\n"
    lines = unpriced("--unpriced", "--no-totals").stdout.splitlines()
    assert [line.split()[1] for line in lines[2:4]] == ["zz-mystery-2", "zz-mystery-1"]
    assert lines[4].startswith("These models have no price in codeburn's table")
    # Without the flag the $0 rows are under the default minimum cost.
    assert [x["model"] for x in unpriced("--format", "json").json] == [OPUS]
