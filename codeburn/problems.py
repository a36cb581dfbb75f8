"""How skipped input is named in warnings: one line each, paths shown
safely. Kept apart from codeburn.read.scan (no numpy), so a report answered
from codeburn.cache.reportmemo words its warnings the same way."""
from __future__ import annotations

from codeburn.safetext import visible


def shown(path: str) -> str:
    """A path as a warning line shows it: undecodable bytes as \\xNN,
    control and bidi characters escaped, so one warning stays one line."""
    return visible(path)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def unreadable_message(unreadable: list[tuple[str, str]]) -> str:
    """The one warning for every path that could not be read, naming the first."""
    path, reason = unreadable[0]
    more = f" (and {len(unreadable) - 1} more)" if len(unreadable) > 1 else ""
    return f"{plural(len(unreadable), 'path')} could not be read: {shown(path)}: {reason}{more}"
