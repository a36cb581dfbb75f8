"""`codeburn currency` on tests/histories.py (clock 2026-03-05 12:00 UTC;
today's spend 0.04575 USD, March's 0.0774). No network: rates are the
user's or the shipped reference table."""
from __future__ import annotations

import csv
import json

import pytest

from tests import histories as h
from tests.histories import hist  # noqa: F401 (the fixture)
from codeburn.cost import currency

TODAY = h.C["m4"] + h.C["m5"]



def test_reference_table_is_dated_and_sane():
    table = currency.reference_rates()
    assert table["date"] == "2025-06-30" and table["rates"]["USD"] == [1, "$"]
    assert all(currency.MIN_RATE <= r <= currency.MAX_RATE for r, _ in table["rates"].values())


def test_text_converts_json_stays_usd(run, hist, tmp_path):
    r = run("currency", "EUR", "--rate", "0.9")
    assert r.status == 0 and "Currency set to EUR.\n  Symbol: €\n  Rate: 1 USD = 0.9 EUR (your rate)" in r.stdout
    stored = json.loads((tmp_path / "home" / ".config" / "codeburn" / "config.json").read_text())
    assert stored == {"currency": {"code": "EUR", "rate": 0.9}}
    assert run("status").stdout.startswith(f"\n  Today  €{TODAY * 0.9:.3f}  2 calls")  # €0.041
    assert json.loads(run("status", "--format", "json").stdout)["today"]["cost"] == 0.05  # USD, to the cent
    assert run("report", "-p", "today", "--format", "json").json["overview"]["cost"] == pytest.approx(TODAY)
    assert "Cost €0.041" in run("report", "-p", "today").stdout
    # optimize and models show amounts in it too, as the reference's formatCost does (they stayed in $)
    opt = run("optimize", "-p", "all")
    assert "€" in opt.stdout and "$" not in opt.stdout
    models = run("models", "-p", "today").stdout
    assert f"€{TODAY * 0.9:.3f}" in models and "$" not in models


def test_reference_rate_and_zero_decimal_currency(run, hist, tmp_path):
    assert "Rate: 1 USD = 144.4 JPY (reference rate of 2025-06-30)" in run("currency", "jpy").stdout
    assert run("status").stdout.startswith(f"\n  Today  ¥{round(TODAY * 144.4)}  2 calls")  # ¥7
    assert run("export", "-o", str(tmp_path / "e")).status == 0
    with open(tmp_path / "e" / "summary.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["Cost (JPY)"] == "7" and rows[2]["Cost (JPY)"] == str(round(0.0798 * 144.4))  # 12
    doc = run("currency", "--format", "json").json
    assert doc == {"code": "JPY", "symbol": "¥", "rate": 144.4, "source": "reference rate of 2025-06-30"}


def test_symbol_reset_and_errors(run, hist, tmp_path):
    run("currency", "GBP", "--symbol", "GBP ")
    assert run("status").stdout.startswith("\n  Today  GBP 0.033")
    assert run("currency", "--reset").stdout == "\n  Currency reset to USD.\n\n"
    assert run("status").stdout.startswith("\n  Today  $0.046")
    r = run("currency", "EURO")
    assert r.status == 2 and r.stderr.startswith('codeburn: error: "EURO" is not an ISO 4217 currency code')
    r = run("currency", "XYZ")
    assert r.status == 2 and r.stderr.startswith("codeburn: error: no reference rate for XYZ")
    assert run("currency", "XYZ", "--rate", "3").status == 0
    r = run("currency", "EUR", "--rate", "0")
    assert r.status == 2 and "--rate must be a number" in r.stderr


def _config(tmp_path, doc: dict) -> None:
    d = tmp_path / "home" / ".config" / "codeburn"
    d.mkdir(parents=True, exist_ok=True)
    (d / "config.json").write_text(json.dumps(doc))


def test_every_frankfurter_currency_has_a_reference_rate(run, hist, tmp_path):
    """0.9.20 takes any code Frankfurter (the ECB's list) quotes; MYR and BGN
    were missing here, so a config 0.9.20 wrote with them fell back to USD
    and a budget set in ringgit was checked against dollars."""
    ecb = "AUD BGN BRL CAD CHF CNY CZK DKK EUR GBP HKD HUF IDR ILS INR ISK JPY KRW MXN MYR NOK NZD PHP PLN RON SEK " \
          "SGD THB TRY USD ZAR".split()
    assert [c for c in ecb if c not in currency.reference_rates()["rates"]] == []
    _config(tmp_path, {"currency": {"code": "MYR"}, "budget": {"daily": 0.1}})
    r = run("budget", "--check")
    assert r.status == 1 and "daily: MYR0.193 of MYR0.100 (192%) [OVER]" in r.stdout   # 0.04575 USD at 4.21
    assert currency.active(str(tmp_path / "home")).symbol == "MYR"


def test_a_configured_code_without_a_rate_is_named(run, hist, tmp_path):
    """A code no table holds and no rate given (written by another tool, or
    by hand): amounts stay in USD, and every reading command says so once,
    on stderr and in the JSON warnings."""
    _config(tmp_path, {"currency": {"code": "zzz"}})
    r = run("status")
    assert r.stdout.startswith("\n  Today  $0.046")
    doc = run("report", "--format", "json", "-p", "today").json
    assert doc["warnings"] == ["currency ZZZ in the config has no known rate: amounts are shown in USD "
                               "(give one: codeburn currency ZZZ --rate R)"]
    _config(tmp_path, {"currency": {"code": "ZZZ", "rate": 2}})
    assert run("report", "--format", "json", "-p", "today").json["warnings"] == []


def test_an_empty_symbol_is_no_symbol(run, hist, tmp_path):
    """`symbol: ""` stands, as the reference's `symbol ?? …` keeps it: amounts
    without a sign (it was read as absent: €)."""
    _config(tmp_path, {"currency": {"code": "EUR", "rate": 0.9, "symbol": ""}})
    assert run("status").stdout.startswith(f"\n  Today  {TODAY * 0.9:.3f}  2 calls")
