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


def write_atomic(target: str, parts: list[bytes]) -> None:
    """Writes `parts` to `target` through a temporary file and a rename, so
    a reader sees the old file or the new one, never half of one. Nothing
    when it cannot be written: everything kept here is only a cache, and a
    read-only or full cache dir costs work next time, nothing more."""
    tmp = f"{target}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(tmp, "wb") as f:
            for p in parts:
                f.write(p)
        os.replace(tmp, target)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
