"""The display currency (`codeburn currency`): a code, a symbol and a rate
from USD. No network: the rate is the one the user gave, else the dated
table of reference rates shipped in codeburn/data/fx_rates.json. Stored in
~/.config/codeburn/config.json as `currency: {code, symbol?, rate?}`.
Text output shows converted amounts; JSON stays in USD."""
from __future__ import annotations

import json
import math

from codeburn.plainclass import dataclass

# ISO 4217 currencies whose amounts have no minor unit, or three decimals.
NO_DECIMALS = frozenset("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".split())
THREE_DECIMALS = frozenset("BHD IQD JOD KWD LYD OMR TND".split())
MIN_RATE, MAX_RATE = 0.0001, 1_000_000


@dataclass(frozen=True)
class Currency:
    code: str = "USD"
    symbol: str = "$"
    rate: float = 1.0     # units of this currency per US dollar
    source: str = "default"  # where the rate came from, for `currency` to show

    @property
    def digits(self) -> int:
        return 0 if self.code in NO_DECIMALS else 3 if self.code in THREE_DECIMALS else 2

    def convert(self, usd: float) -> float:
        return usd * self.rate

    def round(self, amount: float) -> float:
        """Rounded to the currency's minor unit, halves up (Math.round)."""
        f = 10 ** self.digits
        return math.floor(amount * f + 0.5) / f

    def format(self, amount: float, converted: bool = False, grouped: bool = False) -> str:
        """An amount for text output: converted from USD unless it already
        is in this currency; no decimals for a currency without a minor
        unit, else 2 from 1 unit, 3 from a hundredth, 4 below, rounded as
        JavaScript's toFixed rounds (the exact value, halves up: $1.125 is
        $1.13), as the reference's formatCost; thousands grouped only where
        its overview groups them (`grouped`)."""
        from codeburn.report.jsjson import js_fixed

        x = amount if converted else amount * self.rate
        if self.digits == 0:
            text = str(math.floor(x + 0.5))
        else:
            text = js_fixed(x, 2 if x >= 1 or x < 0.0001 else 3 if x >= 0.01 else 4)
        if grouped:
            whole, dot, frac = text.partition(".")
            text = f"{int(whole):,}{dot}{frac}" if whole.lstrip("-").isdigit() else text
        return f"{self.symbol}{text}"


USD = Currency()
DISPLAY = USD  # the currency text output shows amounts in (set per command run by use())


def use(home: str) -> Currency:
    """Makes the user's display currency the one text output uses."""
    global DISPLAY
    DISPLAY = active(home)
    return DISPLAY


def active(home: str) -> Currency:
    from codeburn import config

    return from_setting(config.document(home).get("currency"))


def reference_rates() -> dict:
    """{"date": ..., "rates": {code: [rate, symbol]}} shipped with the package."""
    from importlib import resources  # here: most runs need no rates (status answers in ~0.05 s)

    with resources.files("codeburn.data").joinpath("fx_rates.json").open("rb") as f:
        return json.load(f)


def valid_code(code: str) -> bool:
    return len(code) == 3 and code.isascii() and code.isalpha()


def rateless(value) -> str | None:
    """The code a config.json `currency` value names when no rate is known
    for it (none given, none in the table: from_setting falls back to USD),
    else None. The reference fetches rates online and shows such a code at
    rate 1 offline; amounts here stay in USD, and the run says so."""
    if not isinstance(value, dict) or not isinstance(value.get("code"), str) or not valid_code(value["code"]):
        return None
    # (from_setting gives USD itself only then: a code that names USD gets its own Currency)
    return value["code"].upper() if from_setting(value) is USD else None


def from_setting(value) -> Currency:
    """The currency a config.json `currency` value names; USD when it is
    absent or unusable (the config loader warns about a broken file)."""
    if not isinstance(value, dict) or not isinstance(value.get("code"), str) or not valid_code(value["code"]):
        return USD
    code = value["code"].upper()
    if code == "USD" and "rate" not in value:
        return Currency(symbol=value.get("symbol") if isinstance(value.get("symbol"), str) else "$")
    table = reference_rates()
    known = table["rates"].get(code)
    rate = value.get("rate")
    if isinstance(rate, (int, float)) and not isinstance(rate, bool) and MIN_RATE <= rate <= MAX_RATE:
        source = "your rate"
    elif known:
        rate, source = known[0], f"reference rate of {table['date']}"
    else:
        return USD
    symbol = value.get("symbol") if isinstance(value.get("symbol"), str) else None  # ("" stands: no symbol)
    return Currency(code, symbol if symbol is not None else known[1] if known else code, float(rate), source)
