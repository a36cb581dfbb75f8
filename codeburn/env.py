"""Everything a command reads from the outside world, in one injectable place,
so tests run commands in-process with their own files, clock and home."""
from __future__ import annotations

import datetime as dt
import os
import sys
from typing import Callable, Mapping, TextIO

from codeburn.plainclass import dataclass, field


@dataclass
class Environment:
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    home: str = field(default_factory=lambda: os.path.expanduser("~"))
    clock: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.timezone.utc))
    stdin: TextIO = field(default_factory=lambda: sys.stdin)  # answers to a picker (compare)
    cwd: str = field(default_factory=lambda: _cwd())  # where the command was run (`yield`'s fallback repository)

    @property
    def stdout_isatty(self) -> bool:
        return _isatty(self.stdout)

    @property
    def interactive(self) -> bool:
        """Both ends are a terminal: a question can be asked and answered."""
        return _isatty(self.stdin) and _isatty(self.stdout)

    @property
    def stderr_isatty(self) -> bool:
        return _isatty(self.stderr)

    def color(self, disabled_by_flag: bool = False) -> bool:
        """Colour on a terminal, never with --no-color; a non-empty NO_COLOR
        turns it off, and FORCE_COLOR (set, and not `0` or `false`) on even
        into a pipe, over NO_COLOR, as 0.9.20's terminal library reads them."""
        if disabled_by_flag:
            return False
        force = self.environ.get("FORCE_COLOR")
        if force is not None:
            return force not in ("0", "false")
        return not self.environ.get("NO_COLOR") and self.stdout_isatty


def _cwd() -> str:
    try:
        return os.getcwd()
    except OSError:  # the directory was removed under us
        return ""


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
