"""Log-derived text made safe to print, for every renderer.

Project paths, cwd values, model, tool, MCP server, skill and subagent
names, shell commands and session ids all come from session logs, which a
model or a tool wrote: they may hold terminal escape sequences (CSI colour
and cursor moves, OSC window titles, hyperlinks or clipboard writes), other
control characters, or bidirectional overrides that make text read
differently from what it is. Text output shows such characters escaped
(`\\x1b`, `\\u202e`), so a report never drives the terminal and what is
printed is what the log holds. JSON output needs none of this (its encoder
escapes control characters and the values stay exact).

- visible(s): the escaped form; idempotent, and printable text (any script,
  emoji, combining marks) passes unchanged.
- width(s): the terminal cells a visible string takes (East Asian wide and
  full-width characters 2, combining marks 0), for aligning columns.
- clip(s, cells): a visible string cut in the middle to at most `cells`.
- md_cell(s), md_code(s): a value inside a markdown table cell.
- csv_cell(s): a text value a spreadsheet will not run as a formula.

A light module (the stdlib only): the fast `status` path imports it.
"""
from __future__ import annotations

import unicodedata

# Bidirectional controls: embeddings, overrides and isolates, the marks.
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Format characters that stay: they join scripts and emoji, move no text.
JOINERS = frozenset("\u200c\u200d")
SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
ELLIPSIS = "…"


def _escape(ch: str) -> str | None:
    """The escaped form of one character, or None when it prints as itself."""
    o = ord(ch)
    if o < 0x20 or 0x7F <= o <= 0x9F:          # C0, DEL, C1 (ESC, CSI 0x9b, OSC 0x9d, ...)
        return SHORT.get(ch) or f"\\x{o:02x}"
    if 0xDC80 <= o <= 0xDCFF:                 # a byte os.fsdecode could not decode
        return f"\\x{o - 0xDC00:02x}"
    if ch in BIDI:
        return f"\\u{o:04x}"
    cat = unicodedata.category(ch)
    if cat in ("Cs", "Zl", "Zp") or (cat == "Cf" and ch not in JOINERS):
        return f"\\u{o:04x}" if o <= 0xFFFF else f"\\U{o:08x}"
    return None


def visible(s: str) -> str:
    """`s` with every control, format and bidi character shown escaped."""
    if s.isascii() and s.isprintable():
        return s
    out = []
    for ch in s:
        e = _escape(ch)
        out.append(ch if e is None else e)
    return "".join(out)


def _char_width(ch: str) -> int:
    if ch.isascii():
        return 1
    if unicodedata.combining(ch) or ch in JOINERS or unicodedata.category(ch) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(s: str) -> int:
    """Terminal cells of a visible string."""
    if s.isascii():
        return len(s)
    return sum(_char_width(ch) for ch in s)


def pad(s: str, cells: int, right: bool = False) -> str:
    """A visible string padded with spaces to `cells` (left- or right-aligned)."""
    fill = " " * max(0, cells - width(s))
    return fill + s if right else s + fill


def clip(s: str, cells: int) -> str:
    """`s` (visible) cut to at most `cells` by dropping its middle: the start
    and the end of a path or an id tell most. Escapes are cut whole."""
    if width(s) <= cells:
        return s
    units = _units(s)
    room = max(cells - 1, 0)
    head = _take_units(units, (room + 1) // 2)
    tail = _take_units(units[::-1], room // 2)[::-1]
    return "".join(head) + ELLIPSIS + "".join(tail)


def _units(s: str) -> list[str]:
    """A visible string split into characters, an escape (`\\x1b`) as one."""
    out, i = [], 0
    while i < len(s):
        n = 1
        if s[i] == "\\" and i + 1 < len(s):
            n = {"x": 4, "u": 6, "U": 10, "t": 2, "n": 2, "r": 2}.get(s[i + 1], 1)
        out.append(s[i:i + n])
        i += n
    return out


def _take_units(units: list[str], cells: int) -> list[str]:
    kept, used = [], 0
    for u in units:
        w = width(u)
        if used + w > cells:
            break
        kept.append(u)
        used += w
    return kept


def md_cell(s: str) -> str:
    """A value inside a markdown table cell: escaped, `|` not a column break
    (GitHub reads `\\|` as a pipe even inside a code span), and a backslash
    doubled so that none can take the escape off a pipe after it."""
    return visible(s).replace("\\", "\\\\").replace("|", "\\|")


def md_code(s: str) -> str:
    """A value as inline code in a markdown table cell; a backtick inside
    lengthens the fence so it cannot close the span early."""
    body = md_cell(s)
    if "`" not in body:
        return f"`{body}`"
    return f"`` {body} ``"


def csv_cell(s: str) -> str:
    """A text cell a spreadsheet shows as text: one starting with `=`, `+`,
    `-`, `@`, a tab or a carriage return would be read as a formula, so it
    gets a leading apostrophe (quoting is the csv writer's job)."""
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s
