"""JavaScript's (and Node's) ways with strings. Its idea of white space, for the places the reference trims a
string or splits it on \\s: ASCII white space, the no-break and Unicode
spaces, the line and paragraph separators and the byte-order mark. (Python's
str.strip() also takes U+001C-U+001F and U+0085, which JavaScript keeps,
and keeps U+FEFF, which JavaScript trims.)"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache

JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
           "\u2028\u2029\u202f\u205f\u3000\ufeff"


def js_slice(s: str, units: int) -> str:
    """String.prototype.slice(0, units): the first `units` UTF-16 code units,
    a pair split at the end leaving its first half (a lone surrogate)."""
    if s.isascii() or len(s) * 2 <= units:
        return s[:units]
    return s.encode("utf-16-le", "surrogatepass")[:2 * units].decode("utf-16-le", "surrogatepass")


def js_prefix(s: str, units: int) -> str:
    """The first `units` UTF-16 code units of s (a split pair is dropped)."""
    if len(s) <= units // 2 or js_len(s) <= units:
        return s
    out, used = [], 0
    for c in s:
        used += 2 if ord(c) > 0xFFFF else 1
        if used > units:
            break
        out.append(c)
    return "".join(out)


@lru_cache(maxsize=1)
def json_decoder() -> json.JSONDecoder:
    """A decoder of JSON.parse's grammar: Python's takes NaN and Infinity,
    which JSON.parse refuses. (One decoder: json.loads with options builds
    one per call.)"""
    return json.JSONDecoder(parse_constant=_not_json)


def _not_json(name: str):
    raise ValueError(f"{name} is not JSON")


def js_len(s: str) -> int:
    """String.prototype.length: UTF-16 code units (a character outside the
    BMP, an emoji, is two)."""
    return len(s) if s.isascii() else len(s) + sum(1 for c in s if ord(c) > 0xFFFF)


def js_utf8(s: str) -> bytes:
    """The UTF-8 bytes Node hashes or writes for a string: a lone surrogate
    (a JSON `\\ud800` escape, or a file name byte that is not UTF-8, held
    as a surrogate escape) becomes U+FFFD instead of failing."""
    try:
        return s.encode("utf-8")
    except UnicodeEncodeError:
        return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace").encode("utf-8")


def js_trim(s: str) -> str:
    """String.prototype.trim()."""
    return s.strip(JS_SPACE)


def node_basename(path: str) -> str:
    """Node's path.basename (POSIX): trailing slashes do not count, so
    `/srv/app/` is `app` and `/` is ``."""
    return path.rstrip("/").rsplit("/", 1)[-1]


def file_url_path(url: str) -> str | None:
    """Node's url.fileURLToPath of a `file:///…` URL (POSIX), or None where it
    throws: the query and fragment dropped, `.` and `..` segments resolved,
    then the escapes decoded strictly (an encoded `/`, a bad escape or bytes
    that are no UTF-8 throw)."""
    from urllib.parse import unquote_to_bytes

    path = url[len("file://"):].replace("\\", "/")  # (WHATWG: a backslash is a slash in file URLs)
    for mark in "?#":
        path = path.split(mark, 1)[0]
    segments: list[str] = []
    parts = path.split("/")[1:]
    for k, seg in enumerate(parts):
        dots = seg.lower().replace("%2e", ".")
        last = k == len(parts) - 1
        if dots == ".":
            if last:
                segments.append("")
        elif dots == "..":
            if segments:
                segments.pop()
            if last:
                segments.append("")
        else:
            segments.append(seg)
    path = "/" + "/".join(segments)
    if "%2f" in path.lower() or any(len(c) < 2 or not all(h in "0123456789abcdefABCDEF" for h in c[:2])
                                    for c in path.split("%")[1:]):
        return None
    try:
        return unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        return None


_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_RADIX = {"x": (16, "0123456789abcdefABCDEF"), "o": (8, "01234567"), "b": (2, "01")}


def js_number(s: str) -> float:
    """Number(s) of a string: a decimal literal (exponent, a leading or
    trailing dot), an unsigned 0x/0o/0b literal, Infinity, or only white
    space (0); anything else, `1_000` and non-ASCII digits included, NaN."""
    t = js_trim(s)
    if not t:
        return 0.0
    if t in ("Infinity", "+Infinity", "-Infinity"):
        return -math.inf if t[0] == "-" else math.inf
    if len(t) > 2 and t[0] == "0" and t[1].lower() in _RADIX:
        base, digits = _RADIX[t[1].lower()]
        return float(int(t[2:], base)) if all(c in digits for c in t[2:]) else math.nan
    return float(t) if _DECIMAL.fullmatch(t) else math.nan


def js_parse_int(s: str) -> float:
    """parseInt(s, 10): the whole number the string's first characters
    spell after white space (`5.5` is 5, `10abc` 10, `+7` 7), else NaN."""
    m = re.match(r"[+-]?[0-9]+", s.lstrip(JS_SPACE))
    return float(int(m.group())) if m else math.nan


ARRAY_INDEX_LIMIT = 2 ** 32 - 1
JS_MAX_SAFE = 2 ** 53 - 1   # Number.MAX_SAFE_INTEGER: integers beyond it are not exact in JavaScript
JS_DATE_MAX_MS = 8_640_000_000_000_000  # the last instant a JavaScript Date holds; later is "Invalid time value"


def object_key_rank(key: str) -> tuple[int, int]:
    """Where a key comes among a JavaScript object's own keys: array
    indices (`"0"`, `"17"`: canonical decimal numbers below 2**32 - 1)
    first, in numeric order, then every other key in insertion order
    (rank (1, 0): the caller's insertion order decides)."""
    if key.isascii() and key.isdecimal() and (key == "0" or key[0] != "0") and int(key) < ARRAY_INDEX_LIMIT:
        return 0, int(key)
    return 1, 0


def js_truthy(value) -> bool:
    """JavaScript truthiness (an empty list or object is true, NaN false),
    for the checks the reference makes with `if (x)`."""
    if value is None or value is False:
        return False
    if isinstance(value, (list, dict)):
        return True
    if isinstance(value, float) and value != value:
        return False
    return bool(value)
