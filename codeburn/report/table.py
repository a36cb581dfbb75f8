"""Aligned text columns of log-derived cells, shared by every text table.

Each cell goes through safetext.visible (control and bidi characters shown
escaped) and is clipped to MAX_CELL terminal cells, so no name from a log
can drive the terminal or push a table off the screen; widths are counted
in terminal cells of that visible form, so the columns stay aligned with
escapes, wide characters and combining marks in them.
"""
from __future__ import annotations

from typing import Sequence

from codeburn.safetext import clip, pad, visible, width

MAX_CELL = 60   # cells; a longer name keeps its start and end around an ellipsis


def cells(row: Sequence[str], limit: int = MAX_CELL) -> list[str]:
    """A row's cells as they are printed."""
    return [clip(visible(c), limit) for c in row]


def widths(rows: Sequence[Sequence[str] | None]) -> list[int]:
    """The widest printed cell of each column (rows of printed cells; None = a rule)."""
    real = [r for r in rows if r is not None]
    return [max(width(r[i]) for r in real) for i in range(len(real[0]))]


def line(row: Sequence[str], col_widths: Sequence[int], right: Sequence[bool]) -> str:
    """One table line: two spaces of margin, two between columns (line_width)."""
    return "  " + "  ".join(pad(c, w, r) for c, w, r in zip(row, col_widths, right))


def line_width(col_widths: Sequence[int]) -> int:
    """The cells of a line() of columns this wide."""
    return 2 + sum(col_widths) + 2 * (len(col_widths) - 1)


MIN_FITTED = 10   # cells a name column keeps when a table is fitted to the terminal


def fit(col_widths: Sequence[int], flexible: Sequence[int], total: int) -> list[int]:
    """Column widths for a line of at most `total` cells: the widest of the
    `flexible` columns (names) given up a cell at a time, down to
    MIN_FITTED each; the other columns (times, numbers) keep theirs. A
    table that cannot fit so stays as wide as it must."""
    out = list(col_widths)
    over = line_width(out) - total
    while over > 0:
        widest = max(flexible, key=lambda i: out[i], default=None)
        if widest is None or out[widest] <= MIN_FITTED:
            break
        out[widest] -= 1
        over -= 1
    return out
