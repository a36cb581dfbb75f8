"""Where codeburn keeps what it computes once and reuses (compiled keyword
databases, decoded files, turn categories, the last status answer), and how
it writes there. A light module: the fast
`status` path imports it without numpy."""
from __future__ import annotations

import os
import threading
from typing import Mapping


def cache_dir(env: Mapping[str, str]) -> str:
    """CODEBURN_CACHE_DIR, else $XDG_CACHE_HOME/codeburn, else ~/.cache/codeburn
    (the HOME of `env`, so a run with its own environment has its own cache)."""
    if env.get("CODEBURN_CACHE_DIR"):
        return env["CODEBURN_CACHE_DIR"]
    home = env.get("HOME") or os.path.expanduser("~")
    return os.path.join(env.get("XDG_CACHE_HOME") or os.path.join(home, ".cache"), "codeburn")


def write_atomic(target: str, parts: list[bytes]) -> bool:
    """Writes `parts` to `target` through a temporary file and a rename, so
    a reader sees the old file or the new one, never half of one. Nothing
    when it cannot be written: everything kept here is only a cache, and a
    read-only or full cache dir costs work next time, nothing more."""
    out = AtomicFile(target)
    for p in parts:
        out.write(p)
    return out.commit()


class AtomicFile:
    """A file written piece by piece (a large one need not be held in
    memory) that replaces `target` in one rename at commit(). A write that
    fails drops the file: later writes and the commit do nothing."""

    def __init__(self, target: str):
        self.target = target
        self.tmp = f"{target}.{os.getpid()}.{threading.get_ident()}.tmp"
        self.f = None
        self.failed = False
        self.size = 0  # bytes written so far

    def write(self, data) -> bool:
        """Appends data; False once the file cannot be written."""
        if self.failed:
            return False
        try:
            if self.f is None:
                os.makedirs(os.path.dirname(self.target), exist_ok=True)
                self.f = open(self.tmp, "wb")
            self.f.write(data)
        except OSError:
            self.abort()
            return False
        self.size += len(data)
        return True

    def commit(self) -> bool:
        """Puts the file in place; whether it is there."""
        if self.failed or (self.f is None and not self.write(b"")):
            return False
        try:
            self.f.close()
            os.replace(self.tmp, self.target)
        except OSError:
            self.abort()
            return False
        return True

    def abort(self) -> None:
        self.failed = True
        try:
            if self.f is not None:
                self.f.close()
            os.unlink(self.tmp)
        except OSError:
            pass
