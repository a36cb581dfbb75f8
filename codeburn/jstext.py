"""JavaScript's idea of white space, for the places the reference trims a
string or splits it on \\s: ASCII white space, the no-break and Unicode
spaces, the line and paragraph separators and the byte-order mark. (Python's
str.strip() also takes U+001C-U+001F and U+0085, which JavaScript keeps,
and keeps U+FEFF, which JavaScript trims.)"""
from __future__ import annotations

JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
           "\u2028\u2029\u202f\u205f\u3000\ufeff"


def js_trim(s: str) -> str:
    """String.prototype.trim()."""
    return s.strip(JS_SPACE)
