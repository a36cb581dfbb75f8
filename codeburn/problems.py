"""How skipped input is named in warnings: one line each, paths shown
safely. Kept apart from codeburn.scan (no numpy), so a report answered
from codeburn.reportmemo words its warnings the same way."""
from __future__ import annotations


def shown(path: str) -> str:
    """A path as a warning line shows it: undecodable bytes as \\xNN and
    control characters escaped, so one warning stays one line."""
    out = []
    for ch in path:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:          # a byte os.fsdecode could not decode
            out.append(f"\\x{o - 0xDC00:02x}")
        elif o < 0x20 or o == 0x7F or 0xD800 <= o <= 0xDFFF:
            out.append(ch.encode("unicode_escape", "backslashreplace").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def unreadable_message(unreadable: list[tuple[str, str]]) -> str:
    """The one warning for every path that could not be read, naming the first."""
    path, reason = unreadable[0]
    more = f" (and {len(unreadable) - 1} more)" if len(unreadable) > 1 else ""
    return f"{plural(len(unreadable), 'path')} could not be read: {shown(path)}: {reason}{more}"
