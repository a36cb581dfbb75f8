"""The dashboard's first frame, drawn with plain escape sequences before
Textual is imported (which alone takes longer than a first frame may):
on the alternate screen, the period tabs, a reading line and the empty
boxes of the overview and the panels where the dashboard puts them (as
many columns as it will have), and the keys at the bottom. Textual then
draws over it."""
from __future__ import annotations

import os
from typing import TextIO

from codeburn.dashboard.model import FOOTER, PANELS, TABS, columns_for

ENTER = "\x1b[?1049h\x1b[?25l\x1b[2J\x1b[H"   # alternate screen, cursor hidden, cleared
LEAVE = "\x1b[?25h\x1b[?1049l"
EMPTY_LINES = 1   # lines inside a box before the read fills it (as Textual shows it)


def draw(out: TextIO, tab: str, provider: str, size: tuple[int, int] | None = None) -> None:
    """size: (columns, rows); the terminal's when not given."""
    columns, rows = size or _terminal_size(out)
    color = not os.environ.get("NO_COLOR")
    style = (lambda s, sgr: f"\x1b[{sgr}m{s}\x1b[0m") if color else (lambda s, sgr: s)
    who = "All providers" if provider == "all" else provider
    parts = [(" ", "")]
    for key, label in TABS:
        parts += [(f" {label} ", "7;1" if key == tab else ""), (" ", "")]
    parts += [("  Provider: ", "2"), (who, "")]
    lines = [_crop(parts, columns, style), f" {style('Reading session logs…', '2')}", ""]
    lines += [style(line, "2") for line in _boxes(["codeburn"], columns, 1)]
    n = columns_for(columns)
    for i in range(0, len(PANELS), n):
        lines += [style(line, "2") for line in _boxes([title for _, title in PANELS[i:i + n]], columns, n)]
    body = "\r\n".join(lines[:max(rows - 1, 1)])
    footer = f"\x1b[{rows};1H {style(FOOTER[:max(columns - 2, 0)], '2')}" if rows > 1 else ""
    out.write(ENTER + body + footer)
    out.flush()


def _boxes(titles: list[str], columns: int, n: int) -> list[str]:
    """Empty rounded boxes side by side in a grid of n columns, one apart."""
    widths = _shares(columns - (n - 1), n)
    out = []
    for i in range(EMPTY_LINES + 2):
        cells = []
        for title, w in zip(titles, widths):
            w = max(w, 4)
            if i == 0:
                head = f"╭─ {title} "[:w - 1]
                cells.append(head + "─" * (w - 1 - len(head)) + "╮")
            elif i == EMPTY_LINES + 1:
                cells.append("╰" + "─" * (w - 2) + "╯")
            else:
                cells.append("│" + " " * (w - 2) + "│")
        out.append(" ".join(cells))
    return out


def _crop(parts: list[tuple[str, str]], width: int, style) -> str:
    """(text, SGR) parts as one line of at most `width` cells (a line that
    wrapped would push the whole frame down)."""
    out = []
    for text, sgr in parts:
        text, width = text[:width], width - len(text[:width])
        out.append(style(text, sgr) if sgr and text else text)
    return "".join(out)


def _shares(total: int, n: int) -> list[int]:
    return [total // n + (1 if i < total % n else 0) for i in range(n)]


def _terminal_size(out: TextIO) -> tuple[int, int]:
    try:
        size = os.get_terminal_size(out.fileno())
        return size.columns, size.lines
    except (OSError, ValueError, AttributeError):  # not a terminal (tests): a common size
        return 80, 24


def erase(out: TextIO) -> None:
    """Gives the terminal back as it was (when Textual never took it over)."""
    out.write(LEAVE)
    out.flush()
