from __future__ import annotations

from codeburn import config
from codeburn.commands.common import LAST_OPTIONS, check_format
from codeburn.cost import currency
from codeburn.env import Environment
from codeburn.errors import UsageError
from codeburn.status import ExitStatus

FORMATS = ("text", "json")

__doc__ = """codeburn currency: the currency text output shows amounts in.

Usage:
  codeburn currency [<code>] [options]

With a CODE (ISO 4217, e.g. EUR, GBP, JPY), amounts in text output are
converted from USD at RATE units per dollar: the one given with `--rate`,
else the dated reference rate shipped with codeburn (no network is used;
`codeburn currency --list` shows the table). Kept as `currency` in
~/.config/codeburn/config.json. JSON output stays in USD; `export` converts
its cost columns and names the rate. Without a CODE, the current currency.

Options:
""" + """\
  --rate R                    units of the currency per US dollar (else the reference rate)
  --symbol S                  the symbol to show (else the usual one, or the code)
  --reset                     back to US dollars
  --list                      the reference rates shipped with codeburn, and their date
  --format FMT                text or json [default: text]
""" + LAST_OPTIONS


def run(args: dict, env: Environment) -> ExitStatus:
    fmt = check_format(args["--format"], FORMATS)
    if args["--reset"]:
        config.update(env.home, lambda doc: doc.pop("currency", None))
        env.stdout.write("\n  Currency reset to USD.\n\n")
        return ExitStatus.OK
    if args["--list"]:
        return _list(env, fmt)
    if args["<code>"]:
        setting = _setting(args["<code>"], args["--rate"], args["--symbol"])
        config.update(env.home, lambda doc: doc.__setitem__("currency", setting))
        cur = currency.from_setting(setting)
    else:
        cur = currency.active(env.home)
    if fmt == "json":
        from codeburn.report import jsjson

        doc = {"code": cur.code, "symbol": cur.symbol, "rate": cur.rate, "source": cur.source}
        env.stdout.write(jsjson.dumps(doc, indent=None) + "\n")
        return ExitStatus.OK
    head = f"Currency set to {cur.code}." if args["<code>"] else \
        f"Currency: {cur.code}{' (default)' if cur == currency.USD else ''}"
    env.stdout.write(f"\n  {head}\n  Symbol: {cur.symbol}\n  Rate: 1 USD = {cur.rate:g} {cur.code} ({cur.source})\n"
                     f"  Config: {config.path(env.home)}\n\n")
    return ExitStatus.OK


def _setting(code: str, rate: str | None, symbol: str | None) -> dict:
    """The config.json value for `currency CODE`, checked."""
    if not currency.valid_code(code):
        raise UsageError(f'"{code}" is not an ISO 4217 currency code', hint="three letters, e.g. EUR")
    code = code.upper()
    setting: dict = {"code": code}
    if symbol:
        setting["symbol"] = symbol
    if rate is not None:
        try:
            value = float(rate)
        except ValueError:
            value = float("nan")
        if not currency.MIN_RATE <= value <= currency.MAX_RATE:
            raise UsageError(f"--rate must be a number from {currency.MIN_RATE} to {currency.MAX_RATE:,}; got {rate}")
        setting["rate"] = value
    elif code not in currency.reference_rates()["rates"]:
        raise UsageError(f"no reference rate for {code}", hint=f"give one: codeburn currency {code} --rate R")
    return setting


def _list(env: Environment, fmt: str) -> ExitStatus:
    table = currency.reference_rates()
    if fmt == "json":
        from codeburn.report import jsjson

        env.stdout.write(jsjson.dumps(table) + "\n")
        return ExitStatus.OK
    lines = [f"\n  Reference rates of {table['date']} (units per US dollar; approximate, for display only):"]
    lines += [f"    {code}  {rate:>10g}  {symbol}" for code, (rate, symbol) in table["rates"].items()]
    env.stdout.write("\n".join(lines) + "\n\n")
    return ExitStatus.OK
