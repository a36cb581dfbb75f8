"""The dashboard's first frame, drawn with plain escape sequences before
Textual is imported (which alone takes longer than a first frame may):
the period tabs and a reading line on the alternate screen. Textual then
draws over it."""
from __future__ import annotations

import os
from typing import TextIO

from codeburn.dashboard.model import TABS

ENTER = "\x1b[?1049h\x1b[?25l\x1b[2J\x1b[H"   # alternate screen, cursor hidden, cleared
LEAVE = "\x1b[?25h\x1b[?1049l"


def draw(out: TextIO, tab: str, provider: str) -> None:
    color = not os.environ.get("NO_COLOR")
    style = (lambda s, sgr: f"\x1b[{sgr}m{s}\x1b[0m") if color else (lambda s, sgr: s)
    tabs = " ".join(style(f" {label} ", "7;1") if key == tab else f" {label} " for key, label in TABS)
    who = "All providers" if provider == "all" else provider
    out.write(f"{ENTER} {tabs}   {style('Provider:', '2')} {who}\r\n {style('Reading session logs…', '2')}")
    out.flush()


def erase(out: TextIO) -> None:
    """Gives the terminal back as it was (when Textual never took it over)."""
    out.write(LEAVE)
    out.flush()
