"""JSON text the way JavaScript's JSON.stringify writes it.

Pipelines written for the reference tool compare numbers as text at times
(`jq -r .overview.cost`), so floats follow JS Number#toString: integral
values without `.0`, exponent form only below 1e-6 or from 1e21, and
exponents without zero padding (`1e-7`, not `1e-07`).
"""
from __future__ import annotations

import functools
import math
import re
from json.encoder import encode_basestring as _encode_basestring  # C; what json.dumps(str, ensure_ascii=False) runs


def js_number(x: float | int) -> str:
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if not math.isfinite(x):
        return "null"  # JSON.stringify(NaN) === "null"
    if x == 0:
        return "0"
    if x.is_integer() and abs(x) < 2**53:  # exact integers; larger ones print shortest digits
        return str(int(x))
    digits, exp = _shortest(abs(x))
    sign = "-" if x < 0 else ""
    n = exp + 1  # position of the decimal point relative to the digits
    k = len(digits)
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        body = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        mant = digits[0] + ("." + digits[1:] if k > 1 else "")
        body = f"{mant}e{'+' if e >= 0 else '-'}{abs(e)}"
    return sign + body


def _shortest(x: float) -> tuple[str, int]:
    """Shortest round-trip digits and decimal exponent (Python's repr agrees with JS here)."""
    r = repr(x)
    if "e" in r:
        m, _, e = r.partition("e")
        exp_i = int(e)
    else:
        m, exp_i = r, None
    int_part, _, frac = m.partition(".")
    if exp_i is None:
        digits = (int_part + frac).lstrip("0")
        if int_part.strip("0"):
            exp_i = len(int_part.lstrip("0")) - 1
        else:
            exp_i = -(len(frac) - len(frac.lstrip("0"))) - 1
    else:
        digits = int_part + frac
    digits = digits.rstrip("0") or "0"
    return digits, exp_i


def js_fixed(x: float, digits: int) -> str:
    """Number#toFixed: the exact binary value rounded half up."""
    from decimal import ROUND_HALF_UP, Decimal

    return str(Decimal(x).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def js_round(x: float) -> int:
    """Math.round(x): halves up (Python's round takes them to even)."""
    return math.floor(x + 0.5)


def js_round2(x: float) -> float:
    """Math.round(x * 100) / 100 (halves up, unlike Python's round)."""
    return math.floor(x * 100 + 0.5) / 100


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def js_string(s: str) -> str:
    """A JSON string literal. Text that came from undecodable bytes (file
    names, slugs) holds lone surrogates: they are written as \\uXXXX escapes,
    as JSON.stringify does, so the output is always valid UTF-8. (The C
    escaper json.dumps calls, called directly: a sessions list writes a
    hundred thousand strings; ASCII text cannot hold a surrogate.)"""
    text = _encode_basestring(s)
    if text.isascii() or not LONE_SURROGATE.search(text):
        return text
    return LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dumps(obj, indent: int | None = 2) -> str:
    """JSON text of obj (dicts keep insertion order) with JS number formatting."""
    out: list[str] = []
    _write(obj, out, indent, 0)
    return "".join(out)


def _write(obj, out: list[str], indent: int | None, level: int) -> None:
    if obj is None:
        out.append("null")
    elif isinstance(obj, (bool, int, float)):
        out.append(js_number(obj))
    elif isinstance(obj, str):
        out.append(js_string(obj))
    elif isinstance(obj, dict):
        sep = ": " if indent is not None else ":"
        _write_items([(_key(k) + sep, v) for k, v in obj.items()], "{", "}", out, indent, level)
    elif isinstance(obj, (list, tuple)):
        if obj and indent is not None and type(obj[0]) is dict:
            _write_rows(obj, out, indent, level)
        else:
            _write_items([("", v) for v in obj], "[", "]", out, indent, level)
    elif hasattr(obj, "item"):  # numpy scalar
        _write(obj.item(), out, indent, level)
    else:
        raise TypeError(f"cannot serialise {type(obj).__name__}")


_SCALARS = {str: js_string, int: str, float: js_number, bool: lambda b: "true" if b else "false",
            type(None): lambda _: "null"}


@functools.lru_cache(maxsize=1024, typed=True)
def _key(k) -> str:
    """A key's literal (keys repeat in every row of a list of rows)."""
    return js_string(str(k))


def _write_rows(rows, out: list[str], indent: int, level: int) -> None:
    """A list of rows (dicts), as _write_items writes it: a row whose values
    are all plain scalars in one string, its keys' text made once per list
    (the details of `yield`, the rows of `sessions`: thousands)."""
    pad = "\n" + " " * (indent * (level + 1))
    pad_key = "\n" + " " * (indent * (level + 2))
    heads: dict[tuple, list[str]] = {}
    out.append("[")
    for i, row in enumerate(rows):
        comma = "," if i else ""
        if type(row) is dict and row:
            keys = tuple(row)
            head = heads.get(keys)
            if head is None:
                head = heads[keys] = [("," if j else "") + pad_key + _key(k) + ": " for j, k in enumerate(keys)]
            try:
                out.append(comma + pad + "{" + "".join([h + _SCALARS[type(v)](v) for h, v in zip(head, row.values())])
                           + pad + "}")
                continue
            except KeyError:  # a value that is no plain scalar: the general way
                pass
        out.append(comma + pad)
        _write(row, out, indent, level + 1)
    out.append("\n" + " " * (indent * level) + "]")


def _write_items(items, open_: str, close: str, out: list[str], indent, level) -> None:
    if not items:
        out.append(open_ + close)
        return
    out.append(open_)
    pad = "\n" + " " * (indent * (level + 1)) if indent is not None else ""
    for i, (prefix, value) in enumerate(items):
        scalar = _SCALARS.get(type(value))  # the common leaves, without the recursion (a row has 16)
        if scalar is not None:
            out.append(("," if i else "") + pad + prefix + scalar(value))
            continue
        out.append(("," if i else "") + pad + prefix)
        _write(value, out, indent, level + 1)
    if indent is not None:
        out.append("\n" + " " * (indent * level))
    out.append(close)
