"""String order of JavaScript's `a.localeCompare(b)` (ICU's root collation),
close enough for the names reports sort: punctuation and spaces before
digits before letters, letters compared without accents or case first
(`acme` before `Grok`, `é` with `e`), then accents, then lower case before
upper case, then code points."""
from __future__ import annotations

import unicodedata

# the punctuation and symbols of ASCII in the root collation's order
PUNCTUATION = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"
_RANK = {c: i for i, c in enumerate(PUNCTUATION)}


def _primary(c: str) -> tuple[int, int]:
    if c in _RANK:
        return (0, _RANK[c])
    if c.isdigit():
        return (1, ord(c))
    if c.isalpha():
        return (2, ord(c.lower()))
    return (3, ord(c))


def locale_key(s: str) -> tuple:
    """Sort key: base letters, then accents, then case (lower first), then the string."""
    base = [c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)]
    accents = tuple(unicodedata.normalize("NFD", c)[1:] for c in s)
    return (tuple(_primary(c) for c in base), accents, tuple(c.isupper() for c in s), s)
