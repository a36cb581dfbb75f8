"""Where codeburn keeps what it computes once and reuses (compiled keyword
databases, decoded files, the last status answer). A light module: the fast
`status` path imports it without numpy."""
from __future__ import annotations

import os
from typing import Mapping


def cache_dir(env: Mapping[str, str]) -> str:
    """CODEBURN_CACHE_DIR, else $XDG_CACHE_HOME/codeburn, else ~/.cache/codeburn
    (the HOME of `env`, so a run with its own environment has its own cache)."""
    if env.get("CODEBURN_CACHE_DIR"):
        return env["CODEBURN_CACHE_DIR"]
    home = env.get("HOME") or os.path.expanduser("~")
    return os.path.join(env.get("XDG_CACHE_HOME") or os.path.join(home, ".cache"), "codeburn")
