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
