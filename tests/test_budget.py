"""`codeburn budget` on tests/histories.py (clock 2026-03-05 12:00 UTC):
today 0.04575 (S2), the week 0.0774, March 0.0774. The --check lines and
exit status were the same as the reference 0.9.20's on the same files."""
from __future__ import annotations

import json

import pytest

from tests import histories as h
from tests.histories import hist  # noqa: F401 (the fixture)

TODAY = h.C["m4"] + h.C["m5"]
WEEK = MONTH = sum(h.C[k] for k in ("m1", "m2", "m3", "a1", "m4", "m5"))



def config(tmp_path):
    return json.loads((tmp_path / "home" / ".config" / "codeburn" / "config.json").read_text())


def test_set_list_remove(run, hist, tmp_path):
    r = run("budget", "--daily", "0.04", "--monthly", "1")
    assert r.status == 0 and "Budget saved." in r.stdout and "    daily: $0.040\n    monthly: $1.00\n" in r.stdout
    assert config(tmp_path) == {"budget": {"daily": 0.04, "monthly": 1}}
    assert "    daily: $0.040\n" in run("budget", "--list").stdout
    run("budget", "--remove", "daily")
    assert config(tmp_path) == {"budget": {"monthly": 1}}
    run("budget", "--remove", "monthly")
    assert config(tmp_path) == {}
    assert "No budgets set." in run("budget").stdout


def test_check_exits_1_when_over(run, hist):
    run("budget", "--daily", "0.04", "--weekly", "0.09", "--monthly", "1")
    r = run("budget", "--check")
    assert r.status == 1
    assert r.stdout == ("\n  daily: $0.046 of $0.040 (114%) [OVER]\n  weekly: $0.077 of $0.090 (86%) [WARN]\n"
                        "  monthly: $0.077 of $1.00 (7%) [OK]\n\n")
    doc = run("budget", "--check", "--format", "json").json
    d, w, m = doc["budgets"]
    assert (d["spent"], d["state"]) == (pytest.approx(TODAY), "over")
    assert (w["spent"], w["state"], w["percent"]) == (pytest.approx(WEEK), "warn", pytest.approx(WEEK / 0.09 * 100))
    assert m["projected"] == pytest.approx(MONTH * 31 / 5) and m["inProgress"] is True
    run("budget", "--daily", "1")
    assert run("budget", "--check").status == 0


def test_overview_shows_the_period_budget(run, hist):
    run("budget", "--monthly", "0.1")
    r = run("overview")
    assert "  Monthly budget: $0.077 of $0.100 (77%)  projected $0.480 by month end\n" in r.stdout
    assert run("overview", "--format", "json").json["budget"]["tier"] == "monthly"
    assert "budget" not in run("overview", "--project", "shop", "--format", "json").json
    assert "budget" not in run("overview", "-p", "30days", "--format", "json").json


@pytest.mark.parametrize("argv, message", [
    (("budget", "--daily", "0"), "--daily must be a number greater than 0; got 0"),
    (("budget", "--monthly", "nan"), "--monthly must be a number greater than 0; got nan"),
    (("budget", "--remove", "yearly"), 'unknown budget period "yearly"'),
])
def test_usage_errors(run, hist, argv, message):
    r = run(*argv)
    assert r.status == 2 and r.stderr.startswith(f"codeburn: error: {message}")


def test_amounts_are_read_as_number_reads_them(run, hist, tmp_path):
    """0.9.20 parses budget amounts with Number(): `0x10` is 16, `1_000` is NaN."""
    assert run("budget", "--daily", "0x10").status == 0
    assert config(tmp_path) == {"budget": {"daily": 16}}
    r = run("budget", "--weekly", "1_000")
    assert r.status == 2 and "--weekly must be a number greater than 0; got 1_000" in r.stderr
    assert config(tmp_path) == {"budget": {"daily": 16}}
