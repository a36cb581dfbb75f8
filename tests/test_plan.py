"""`codeburn plan` on tests/histories.py (clock 2026-03-05 12:00 UTC). The
plan summaries of report and status JSON were byte-identical to the
reference 0.9.20's on the same files (a claude-pro plan with reset day 20
and a custom codex plan)."""
from __future__ import annotations

import json
import os
import stat

import pytest

from tests import histories as h
from tests.histories import hist  # noqa: F401 (the fixture)
from tests.conftest import run_denied

MARCH = sum(h.C[k] for k in ("m1", "m2", "m3", "a1", "m4", "m5"))  # 0.0774
MAR3, MAR5 = h.C["m1"] + h.C["m2"] + h.C["m3"] + h.C["a1"], h.C["m4"] + h.C["m5"]



def config_path(tmp_path):
    return tmp_path / "home" / ".config" / "codeburn" / "config.json"


def test_set_show_and_the_window_math(run, hist, tmp_path):
    r = run("plan", "set", "claude-max", "--reset-day", "3")
    assert r.status == 0, r.stderr
    assert "Claude Max 20x ($200/month), provider claude, reset day 3" in r.stdout
    stored = json.loads(config_path(tmp_path).read_text())
    assert stored == {"plans": {"claude": {"id": "claude-max", "monthlyUsd": 200, "provider": "claude", "resetDay": 3,
                                           "setAt": "2026-03-05T12:00:00.000Z"}}}
    assert stat.S_IMODE(os.stat(config_path(tmp_path)).st_mode) == 0o600
    doc = run("plan", "--format", "json").json
    assert (doc["id"], doc["monthlyUsd"], doc["resetDay"], list(doc["plans"])) == ("claude-max", 200, 3, ["claude"])
    u = doc["usage"]["claude"]
    # window 2026-03-03 .. 2026-04-03; days so far 0.03165, 0, 0.04575: median 0.03165, 28 days left after today
    assert u["spent"] == pytest.approx(MARCH)
    assert (u["percentUsed"], u["status"], u["daysUntilReset"]) == (0, "under", 29)
    assert u["projectedMonthEnd"] == pytest.approx(MARCH + MAR3 * 28)
    assert (u["periodStart"], u["periodEnd"]) == ("2026-03-03T00:00:00.000Z", "2026-04-03T00:00:00.000Z")
    text = run("plan").stdout
    assert "  claude: Claude Max 20x (claude-max)\n    Budget: $200/month\n    Reset day: 3\n" in text
    assert "    This month (2026-03-03 to 2026-04-03): " in text
    # east of UTC the window's edges are local midnights, the day before in UTC: the line gives local days
    assert "    This month (2026-03-03 to 2026-04-03): " in run("plan", env={"TZ": "Asia/Kolkata"}).stdout


@pytest.mark.parametrize("usd, status, percent", [("0.05", "over", 154.8), ("0.09", "near", 86), ("1", "under", 7.7)])
def test_status_thresholds(run, hist, usd, status, percent):
    assert run("plan", "set", "custom", "--monthly-usd", usd).status == 0
    u = run("plan", "--format", "json").json["usage"]["all"]
    assert (u["status"], u["percentUsed"], u["provider"]) == (status, percent, "all")
    # window from the 1st: 0, 0, 0.03165, 0, 0.04575 -> median 0: the projection is what was spent
    assert u["projectedMonthEnd"] == pytest.approx(MARCH) and u["daysUntilReset"] == 27


def test_a_reset_day_after_today_takes_last_month(run, hist):
    run("plan", "set", "claude-pro", "--reset-day", "10")
    u = run("plan", "--format", "json").json["usage"]["claude"]
    assert u["spent"] == pytest.approx(MARCH + h.C["m6"])  # S3 on Feb 23 is inside Feb 10 .. Mar 10
    assert (u["periodStart"][:10], u["periodEnd"][:10], u["daysUntilReset"]) == ("2026-02-10", "2026-03-10", 5)


def test_report_and_status_show_the_plan(run, hist):
    run("plan", "set", "claude-pro", "--reset-day", "3")
    rep = run("report", "-p", "today", "--format", "json").json
    assert rep["overview"]["calls"] == 2  # the report is still today's
    assert rep["plan"]["spent"] == pytest.approx(MARCH) and list(rep["plans"]) == ["claude"]
    assert list(rep["plan"]) == ["id", "provider", "budget", "spent", "percentUsed", "status", "projectedMonthEnd",
                                 "daysUntilReset", "periodStart", "periodEnd"]
    st = json.loads(run("status", "--format", "json").stdout)
    assert st["plan"]["spent"] == pytest.approx(MARCH) and st["plan"]["budget"] == 20
    assert "Claude Pro: $0.077 API-equivalent / $20.00 budget (0.4%, under)" in run("report").stdout
    assert "plan" not in run("report", "--provider", "codex", "--format", "json").json


def test_reset_and_provider_plans(run, hist, tmp_path):
    run("plan", "set", "custom", "--monthly-usd", "50", "--provider", "codex")
    run("plan", "set", "claude-pro")
    assert list(json.loads(config_path(tmp_path).read_text())["plans"]) == ["codex", "claude"]  # as the reference
    run("plan", "set", "custom", "--monthly-usd", "70")  # an all-provider plan replaces them
    assert list(json.loads(config_path(tmp_path).read_text())["plans"]) == ["all"]
    run("plan", "set", "claude-pro")
    run("plan", "set", "custom", "--monthly-usd", "9", "--provider", "codex")
    assert run("plan", "reset", "--provider", "codex").stdout == "\n  Plan reset for codex.\n\n"
    assert list(json.loads(config_path(tmp_path).read_text())["plans"]) == ["claude"]
    assert run("plan", "reset").status == 0
    assert json.loads(config_path(tmp_path).read_text()) == {}
    assert run("plan", "--format", "json").stdout == \
        '{"id":"none","monthlyUsd":0,"provider":"all","resetDay":1,"setAt":null}\n'


def test_other_settings_are_kept(run, hist, tmp_path):
    path = config_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text('{"currency": {"code": "EUR"}, "modelAliases": {"a": "b"}, "plan": {"id": "claude-pro"}}')
    assert run("plan", "set", "claude-max").status == 0
    doc = json.loads(path.read_text())
    assert doc["currency"] == {"code": "EUR"} and doc["modelAliases"] == {"a": "b"}
    assert "plan" not in doc and list(doc["plans"]) == ["claude"]


@pytest.mark.parametrize("argv, message", [
    (("plan", "set", "claude-pro", "--reset-day", "99"), "--reset-day must be a whole number from 1 to 28; got 99"),
    (("plan", "set", "claude-pro", "--reset-day", "x"), "--reset-day must be a whole number from 1 to 28; got x"),
    (("plan", "set", "claude-pro", "--provider", "codex"), "claude-pro is a claude plan; omit --provider or use --provider claude"),
    (("plan", "set", "custom"), "a custom plan needs --monthly-usd N (its monthly price in USD)"),
    (("plan", "set", "custom", "--monthly-usd", "-3"), "--monthly-usd must be a positive number; got -3"),
    (("plan", "set", "gold"), 'unknown plan "gold"'),
])
def test_usage_errors(run, hist, tmp_path, argv, message):
    r = run(*argv)
    assert r.status == 2 and r.stderr.startswith(f"codeburn: error: {message}") and r.stderr.count("\n") == 1
    assert not config_path(tmp_path).exists()


def test_an_invalid_config_is_left_untouched(run, hist, tmp_path):
    path = config_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text('{"plans": {"claude": ')
    r = run("plan", "set", "claude-pro")
    assert r.status == 1 and r.stderr == ("codeburn: error: cannot update ~/.config/codeburn/config.json: invalid "
                                          "JSON at line 1; it was left as it is (fix or remove it)\n")
    assert path.read_text() == '{"plans": {"claude": '


def test_an_unwritable_config_is_left_untouched(tmp_path):
    path = config_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text('{"keep": 1}')
    os.chmod(path.parent, 0o500)
    try:
        r = run_denied(tmp_path, "plan", "set", "claude-pro", env={})
    finally:
        os.chmod(path.parent, 0o700)
    assert r.status == 1 and r.stderr.startswith("codeburn: error: cannot write ") and r.stderr.count("\n") == 1
    assert "Permission denied" in r.stderr and path.read_text() == '{"keep": 1}'
    assert os.listdir(path.parent) == ["config.json"]


@pytest.mark.parametrize("reset_day, monthly, saved", [
    ("5.5", "0x10", (5, 16)), ("10abc", "1e2", (10, 100)), ("+7", ".5", (7, 0.5)), (" 07", "5.", (7, 5))])
def test_numbers_are_read_as_the_reference_reads_them(run, hist, tmp_path, reset_day, monthly, saved):
    """--reset-day through parseInt, --monthly-usd through Number(), as
    0.9.20 parses them: what it saves, we save."""
    r = run("plan", "set", "custom", "--monthly-usd", monthly, "--reset-day", reset_day)
    assert r.status == 0, r.stderr
    plan = json.loads(config_path(tmp_path).read_text())["plans"]["all"]
    assert (plan["resetDay"], plan["monthlyUsd"]) == saved


@pytest.mark.parametrize("monthly", ["1_000", "١٢", "0x", "-0x10", "Infinity", ""])
def test_what_number_refuses_is_refused(run, hist, tmp_path, monthly):
    """Underscores and non-ASCII digits (Python's float takes both), a sign
    before 0x, Infinity, nothing: not a positive finite number to Number()."""
    r = run("plan", "set", "custom", "--monthly-usd", monthly)
    assert r.status == 2 and "--monthly-usd must be a positive number" in r.stderr
    assert not config_path(tmp_path).exists()


def test_saving_a_plan_keeps_the_others_as_stored(run, hist, tmp_path):
    """Another provider's entry is carried over as the reference carries it:
    its keys, their order and values (a `monthlyUsd` of "9" stays "9"; it
    was written as NaN, which no JSON reader takes), named by its provider
    and given a setAt; an `all` entry goes (0.9.20 wrote these bytes)."""
    path = config_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"plans": {"all": {"id": "custom", "monthlyUsd": 5},
                                          "codex": {"monthlyUsd": "9", "id": "custom", "extra": [1], "setAt": None}}}))
    assert run("plan", "set", "claude-pro", env={"TZ": "UTC"}).status == 0
    doc = json.loads(path.read_text())
    assert list(doc["plans"]) == ["codex", "claude"]  # (the new entry after those kept)
    assert doc["plans"]["codex"] == {"monthlyUsd": "9", "id": "custom", "extra": [1], "setAt": "", "provider": "codex"}
    assert list(doc["plans"]["codex"]) == ["monthlyUsd", "id", "extra", "setAt", "provider"]
    assert "NaN" not in path.read_text()


def test_a_whole_float_reset_day_is_that_day(run, hist, tmp_path):
    """`resetDay: 15.0` (or 1e1) is a whole number to Number.isInteger, so
    the billing month starts on the 15th (10th); it was read as the 1st."""
    path = config_path(tmp_path)
    path.parent.mkdir(parents=True)
    for stored, start in (("15.0", "2026-02-15"), ("1e1", "2026-02-10")):
        path.write_text('{"plans": {"claude": {"id": "claude-pro", "monthlyUsd": 20, "provider": "claude", '
                        f'"resetDay": {stored}, "setAt": "2026-01-01T00:00:00.000Z"}}}}}}')
        doc = run("status", "--format", "json", env={"TZ": "UTC"}).json
        assert doc["plan"]["periodStart"].startswith(start)


def test_settings_with_a_lone_surrogate_or_nan(run, hist, tmp_path):
    """A lone surrogate escape in the file (or a symbol the terminal gave
    that is not UTF-8) is written back as its escape (saving failed with a
    UnicodeEncodeError); `NaN` is no JSON, so such a file is named and left
    as it is, as JSON.parse refuses it."""
    path = config_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text('{"note": "\\ud83d x"}')
    assert run("plan", "set", "claude-pro").status == 0
    assert '"note": "\\ud83d x"' in path.read_text()
    assert run("currency", "GBP", "--symbol", "\udca3").status == 0
    assert '"symbol": "\\udca3"' in path.read_text()
    path.write_text('{"plans": {"claude": {"id": "claude-pro", "monthlyUsd": NaN}}}')
    r = run("plan", "set", "claude-max")
    assert r.status == 1 and "invalid JSON" in r.stderr


def test_budget_amounts_as_javascript_prints_them(run, hist, tmp_path):
    """The plan's text shows its amount as the reference's template does:
    1e-7 (Python wrote 1e-07) and NaN for a stored amount that is no number
    (it wrote nan)."""
    path = config_path(tmp_path)
    path.parent.mkdir(parents=True)
    for stored, shown in (("1e-7", "$1e-7/month"), ('"x"', "$NaN/month"), ("1e21", "$1e+21/month")):
        path.write_text('{"plans": {"claude": {"id": "custom", "monthlyUsd": ' + stored + ', "provider": "claude"}}}')
        assert f"    Budget: {shown}\n" in run("plan").stdout
