"""`codeburn overview` on tests/histories.py (clock 2026-03-05: March holds
S1, its subagent and S2; S3 is in February). Same figures as the reference
0.9.20's overview on the same files."""
from __future__ import annotations

import datetime as dt

import pytest

from tests import histories as h
from tests.histories import hist  # noqa: F401 (the fixture)

MARCH = ("m1", "m2", "m3", "a1", "m4", "m5")



def test_json_sections(run, hist):
    r = run("overview", "--format", "json")
    assert r.status == 0, r.stderr
    d = r.json
    assert d["period"] == "March 2026"
    t = d["totals"]
    assert t["cost"] == pytest.approx(sum(h.C[k] for k in MARCH))
    assert (t["tokens"], t["calls"], t["sessions"]) == (26150 + 500 + 8500, 6, 3)
    assert t["cacheHitPercent"] == 86.1  # 26,000 / (4,200 + 26,000)
    assert t["tokenSplit"] == {"input": 4200, "output": 1950, "cacheRead": 26000, "cacheWrite": 3000}
    assert [(m["name"], m["calls"], m["tokens"]) for m in d["topModels"]] == [
        ("Opus 4.6", 2, 8500), ("Sonnet 4.5", 3, 26150), ("Haiku 4.5", 1, 500)]
    assert [(x["date"], x["tokens"]) for x in d["topDays"]] == [("2026-03-05", 8500), ("2026-03-03", 26650)]
    assert d["topProjects"] == [{"name": "shop", "cost": pytest.approx(t["cost"]), "sessions": 3}]
    assert [p["name"] for p in d["providers"]] == ["claude"] and d["providers"][0]["share"] == 100
    assert {x["name"]: x["calls"] for x in d["tools"]} == {"Edit": 2, "Bash": 1, "Agent": 1, "TodoWrite": 1,
                                                           "Write": 1, "Read": 1}


def test_text(run, hist):
    r = run("overview")
    assert r.status == 0, r.stderr
    assert r.stdout.startswith("CodeBurn  March 2026\n")
    assert "  Tokens     35,150   (breakdown below)\n" in r.stdout and "  Cache hit  86.1%\n" in r.stdout
    assert r.stdout.rstrip().endswith("Bottom line: March 2026 totals $0.077 across 35,150 tokens, mostly claude / Opus 4.6.")


def test_empty_period(run, hist):
    r = run("overview", "--from", "2025-01-01", "--to", "2025-01-02")
    assert r.status == 0 and "No usage found for 2025-01-01 to 2025-01-02." in r.stdout


# CodeBurn 0.9.20's `overview` on tests/histories.py written on 2026-11-26
# (S3 on the 16th, S1 on the 24th, S2 on the 26th), with one correction: the
# reference groups the digits of a 4-decimal amount as thousands ("$0.0,024"),
# printed here as "$0.0024" (its Cost columns are one cell narrower for it).
REFERENCE_NOVEMBER = """\
CodeBurn  November 2026

Totals
  Cost       $0.080
  Tokens     35,550   (breakdown below)
  Calls      7   sessions 4
  Cache hit  85.2%

Tokens
┌─────────────┬──────────┬─────────┐
│  Type       │  Tokens  │  Share  │
├─────────────┼──────────┼─────────┤
│  Input      │   4,500  │    13%  │
│  Output     │   2,050  │     6%  │
│  Cache in   │   3,000  │     8%  │
│  Cache out  │  26,000  │    73%  │
│  Total      │  35,550  │   100%  │
└─────────────┴──────────┴─────────┘

By tool
┌──────────┬──────────┬──────────┬─────────┐
│  Tool    │    Cost  │  Tokens  │  Share  │
├──────────┼──────────┼──────────┼─────────┤
│  claude  │  $0.080  │  35,550  │   100%  │
└──────────┴──────────┴──────────┴─────────┘

Top models
┌──────────────┬───────────┬─────────┬──────────┐
│  Model       │     Cost  │  Calls  │  Tokens  │
├──────────────┼───────────┼─────────┼──────────┤
│  Opus 4.6    │   $0.046  │      2  │   8,500  │
│  Sonnet 4.5  │   $0.033  │      4  │  26,550  │
│  Haiku 4.5   │  $0.0009  │      1  │     500  │
└──────────────┴───────────┴─────────┴──────────┘

Highest-value days
┌─────┬──────────────┬───────────┬──────────┐
│  #  │  Date        │     Cost  │  Tokens  │
├─────┼──────────────┼───────────┼──────────┤
│  1  │  2026-11-26  │   $0.046  │   8,500  │
│  2  │  2026-11-24  │   $0.032  │  26,650  │
│  3  │  2026-11-16  │  $0.0024  │     400  │
└─────┴──────────────┴───────────┴──────────┘

Top projects
┌───────────┬───────────┬────────────┐
│  Project  │     Cost  │  Sessions  │
├───────────┼───────────┼────────────┤
│  shop     │   $0.077  │         3  │
│  api      │  $0.0024  │         1  │
└───────────┴───────────┴────────────┘

Daily
┌──────────────┬───────────┬──────────┬─────────────┐
│  Date        │     Cost  │  Tokens  │  Providers  │
├──────────────┼───────────┼──────────┼─────────────┤
│  2026-11-16  │  $0.0024  │     400  │  claude     │
│  2026-11-24  │   $0.032  │  26,650  │  claude     │
│  2026-11-26  │   $0.046  │   8,500  │  claude     │
└──────────────┴───────────┴──────────┴─────────────┘

By activity
┌────────────────┬───────────┬─────────┐
│  Activity      │     Cost  │  Turns  │
├────────────────┼───────────┼─────────┤
│  Feature Dev   │   $0.046  │      1  │
│  Delegation    │   $0.031  │      1  │
│  Conversation  │  $0.0024  │      1  │
│  Exploration   │  $0.0009  │      1  │
└────────────────┴───────────┴─────────┘

Tools
┌─────────────┬─────────┐
│  Tool       │  Calls  │
├─────────────┼─────────┤
│  Edit       │      2  │
│  Bash       │      1  │
│  Agent      │      1  │
│  TodoWrite  │      1  │
│  Write      │      1  │
│  Read       │      1  │
└─────────────┴─────────┘

Bottom line: November 2026 totals $0.080 across 35,550 tokens, mostly claude / Opus 4.6.
"""


def test_text_is_laid_out_as_the_reference_lays_it_out(run, history):
    now = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.timezone.utc)
    h.write(history, now)
    r = run("overview", now=now)
    assert r.status == 0 and r.stdout == REFERENCE_NOVEMBER


def test_a_day_of_many_tools_lists_them_all(run, hist):
    # The Daily table's providers cell holds our own provider ids, never a
    # name from a log, so it is not clipped at 60 cells as a log's names
    # are (0.9.20 lists them whole too).
    from codeburn.report.overview import render

    doc = run("overview", "--format", "json").json
    many = ["cline-cli", "crush", "cursor", "droid", "gemini", "kimicode", "mistral-vibe", "omp", "opencode", "pi"]
    doc["daily"][0]["providers"] = many
    assert "│  " + ", ".join(many) + "  │" in render(doc)


def test_boxes_count_utf16_units_and_clip_nothing(run, hist):
    # 0.9.20 sizes a column by its longest cell's String length (a CJK
    # character one unit, an emoji two) and prints every name whole; ours
    # clipped at 60 terminal cells and counted CJK as two.
    from codeburn.report.overview import render

    doc = run("overview", "--format", "json").json
    long = "p" * 70
    doc["topProjects"] = [{"name": long, "cost": 0.011, "sessions": 1},
                          {"name": "\u9879\u76ee \U0001f680", "cost": 0.009, "sessions": 12}]
    text = render(doc)
    assert "│  " + long + "  │   $0.011  │         1  │" in text
    assert "│  \u9879\u76ee \U0001f680" + " " * 65 + "  │  $0.0090  │        12  │" in text
    assert "┌" + "─" * 74 + "┬" + "─" * 11 + "┬" + "─" * 12 + "┐" in text
