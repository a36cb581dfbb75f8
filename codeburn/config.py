"""codeburn's own settings file, `~/.config/codeburn/config.json` (where the
reference tool keeps it; not XDG). Of its settings, codeburn reads the one
that changes which files are read: `claudeConfigDirs`, the Claude config
dirs to scan when neither CLAUDE_CONFIG_DIRS nor CLAUDE_CONFIG_DIR is set.
It is never written here. A file that cannot be used never stops a command:
what is broken is ignored and named in one warning.
"""
from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass

PARTS = (".config", "codeburn", "config.json")
SHOWN = "~/" + "/".join(PARTS)  # how warnings name it
MAX_BYTES = 1 << 20


@dataclass(frozen=True)
class Config:
    claude_dirs: tuple[str, ...] = ()  # claudeConfigDirs, `~` expanded; empty: not set
    warning: str | None = None         # what could not be used, for the warnings list
    stamp: tuple = ()                  # size and mtime of the file: a snapshot keyed on it sees edits


def load(home: str) -> Config:
    try:
        raw, st = _read(os.path.join(home, *PARTS))
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        return _ignored(exc.strerror or str(exc))
    if raw is None:
        return _ignored("it is a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file")
    stamp = (st.st_size, st.st_mtime_ns)
    if len(raw) > MAX_BYTES:
        return _ignored("larger than 1 MB", stamp)
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return _ignored("not UTF-8", stamp)
    except ValueError as exc:
        return _ignored(f"invalid JSON at line {getattr(exc, 'lineno', '?')}", stamp)
    except RecursionError:
        return _ignored("invalid JSON: nested too deeply", stamp)
    if not isinstance(doc, dict):
        return _ignored("not a JSON object", stamp)
    return _claude_dirs(doc.get("claudeConfigDirs"), home, stamp)


def _read(path: str) -> tuple[bytes | None, os.stat_result]:
    """At most MAX_BYTES + 1 bytes of the file, or None when it is not a
    regular file. Opened without blocking: a FIFO there must not hang."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
    except OSError:
        os.close(fd)
        raise
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        return None, st
    with os.fdopen(fd, "rb") as f:
        return f.read(MAX_BYTES + 1), st


def _claude_dirs(value, home: str, stamp: tuple) -> Config:
    if value is None:
        return Config(stamp=stamp)
    if not isinstance(value, list):
        return _ignored("claudeConfigDirs must be a list of paths", stamp)
    dirs = tuple(_expand(v, home) for v in value if isinstance(v, str) and v.strip())
    warning = None
    if len(dirs) != len(value):
        warning = f"config file {SHOWN}: claudeConfigDirs entries that are not paths ignored"
    return Config(dirs, warning, stamp)


def _expand(path: str, home: str) -> str:
    """`~` is the home codeburn was given (not necessarily $HOME)."""
    if path == "~" or path.startswith("~/"):
        return home + path[1:]
    return path


def _ignored(reason: str, stamp: tuple = ()) -> Config:
    return Config(warning=f"config file {SHOWN} ignored: {reason}", stamp=stamp)
