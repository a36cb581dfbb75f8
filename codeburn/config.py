"""codeburn's own settings file, `~/.config/codeburn/config.json` (where the
reference tool keeps it; not XDG). Of its settings, codeburn reads
`claudeConfigDirs`, the Claude config dirs to scan when neither
CLAUDE_CONFIG_DIRS nor CLAUDE_CONFIG_DIR is set, and `plans`, `budget` and
`currency`, which `codeburn plan | budget | currency` write through update().
A file that cannot be used never stops a reading command: what is broken is
ignored and named in one warning; a command that would write it refuses.
"""
from __future__ import annotations

import json
import os
import re
import stat

from codeburn.jstext import json_decoder
from codeburn.plainclass import dataclass

PARTS = (".config", "codeburn", "config.json")
SHOWN = "~/" + "/".join(PARTS)  # how warnings name it
MAX_BYTES = 1 << 20


@dataclass(frozen=True)
class Config:
    claude_dirs: tuple[str, ...] = ()  # claudeConfigDirs, `~` expanded; empty: not set
    warning: str | None = None         # what could not be used, for the warnings list
    stamp: tuple = ()                  # size and mtime of the file: a snapshot keyed on it sees edits


def load(home: str) -> Config:
    doc, stamp, reason = _parse(path(home))
    if reason is not None:
        return _ignored(reason, stamp)
    return _claude_dirs(doc.get("claudeConfigDirs") if doc else None, home, stamp)


def path(home: str) -> str:
    return os.path.join(home, *PARTS)


def document(home: str) -> dict:
    """The settings as a dict: empty when the file is missing or cannot be
    used (load() names what is wrong in its warning)."""
    doc, _, _ = _parse(path(home))
    return doc or {}


def _parse(file: str) -> tuple[dict | None, tuple, str | None]:
    """(the JSON object or None when there is no file, the file's stamp,
    why it cannot be used or None)."""
    try:
        raw, st = _read(file)
    except (FileNotFoundError, NotADirectoryError):  # (no file; or a file higher up, HOME itself maybe)
        return None, (), None
    except OSError as exc:
        return None, (), exc.strerror or str(exc)
    if raw is None:
        return None, (), "it is a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file"
    stamp = (st.st_size, st.st_mtime_ns)
    if len(raw) > MAX_BYTES:
        return None, stamp, "larger than 1 MB"
    try:
        doc = json_decoder().decode(raw.decode("utf-8"))  # (NaN and Infinity refused, as JSON.parse does)
    except UnicodeDecodeError:
        return None, stamp, "not UTF-8"
    except ValueError as exc:
        return None, stamp, f"invalid JSON at line {getattr(exc, 'lineno', '?')}"
    except RecursionError:
        return None, stamp, "invalid JSON: nested too deeply"
    if not isinstance(doc, dict):
        return None, stamp, "not a JSON object"
    return doc, stamp, None


def update(home: str, change) -> dict:
    """Applies change(doc) to the settings and writes them back atomically
    (pretty JSON and a newline, mode 0600 in a 0700 directory), keeping
    every key it did not touch. A file that cannot be read as a JSON object
    is not replaced: Failure names it, and it stays as it was."""
    from codeburn.cache.cachedir import private_dirs
    from codeburn.errors import Failure
    from codeburn.files import replace_file

    file = path(home)
    doc, _, reason = _parse(file)
    if reason is not None:
        raise Failure(f"cannot update {SHOWN}: {reason}; it was left as it is (fix or remove it)")
    doc = doc or {}
    change(doc)
    directory = os.path.dirname(file)
    try:
        # 0700 for ~/.config/codeburn and any parent made for it, whatever
        # the umask; a codeburn dir left open to others is tightened.
        private_dirs(directory, directory)
    except OSError as exc:
        raise Failure(f"cannot create {os.path.dirname(SHOWN)}: {exc.strerror or exc}") from None
    replace_file(file, (_lone_escaped(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n").encode("utf-8"), 0o600)
    return doc


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_escaped(text: str) -> str:
    """A lone UTF-16 surrogate (kept from the file, or a byte the terminal
    gave that is not UTF-8) written as its escape, as JSON.stringify writes
    it: UTF-8 cannot hold it."""
    return LONE_SURROGATE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


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
    # (a NUL byte is in no path a system can open)
    dirs = tuple(_expand(v, home) for v in value if isinstance(v, str) and v.strip() and "\0" not in v)
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
