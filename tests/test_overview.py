"""`codeburn overview` on tests/histories.py (clock 2026-03-05: March holds
S1, its subagent and S2; S3 is in February). Same figures as the reference
0.9.20's overview on the same files."""
from __future__ import annotations

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
    assert r.stdout.startswith("codeburn  March 2026\n")
    assert "  Tokens     35,150\n" in r.stdout and "  Cache hit  86.1%\n" in r.stdout
    assert r.stdout.rstrip().endswith("Bottom line: March 2026 totals $0.077 across 35,150 tokens, mostly claude / Opus 4.6.")


def test_empty_period(run, hist):
    r = run("overview", "--from", "2025-01-01", "--to", "2025-01-02")
    assert r.status == 0 and "No usage found for 2025-01-01 to 2025-01-02." in r.stdout
