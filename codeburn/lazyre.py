"""Regular expressions compiled at their first use.

Most of a provider's patterns are for reading its files, which most runs
never do (no such tool on the machine): compiled at import, the providers'
patterns were ~8 ms of every start-up, an empty history's report included.
A `lazy(...)` pattern is compiled the first time one of its attributes is
asked for; from then on each attribute is found on the object directly,
as fast as on the compiled pattern. Pass `.pattern`, not the object, where
a compiled `re.Pattern` itself is expected (re.sub(PATTERN, ...))."""
from __future__ import annotations

import re


class LazyPattern:
    def __init__(self, pattern, flags: int = 0):
        self._source = (pattern, flags)
        self._compiled = None

    def __getattr__(self, name: str):
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(*self._source)   # (two threads at once: compiled twice, same)
        value = getattr(compiled, name)
        self.__dict__[name] = value
        return value

    def __repr__(self) -> str:
        return f"lazy({self._source[0]!r})"


def lazy(pattern, flags: int = 0) -> re.Pattern:
    return LazyPattern(pattern, flags)  # type: ignore[return-value]
