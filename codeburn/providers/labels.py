"""Project labels and small value helpers the records providers share."""
from __future__ import annotations

import codecs
import os

from codeburn.providers.logfiles import parse_json
from codeburn.read.regular import open_regular


def sanitize(path: str) -> str:
    """The reference's label for a path: one leading '/' dropped, then every
    '/' -> '-' (`/home/me/app` -> `home-me-app`)."""
    return (path[1:] if path.startswith("/") else path).replace("/", "-")


def basename(path: str) -> str:
    """Last path segment ('/' or '\\' separated, trailing ones ignored), or
    the path itself when it has none."""
    parts = [p for p in path.replace("\\", "/").split("/") if p]
    return parts[-1] if parts else path


def posix_basename(path: str) -> str:
    """Node's `path.basename` on a POSIX system: trailing '/' ignored, ''
    for '/' or '' (`/srv/app/` -> `app`, where os.path.basename gives '')."""
    return path.rstrip("/").rsplit("/", 1)[-1]


def count(value) -> int:
    """A token count: a finite non-negative number, floored; else 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0
    if value != value or value <= 0 or value == float("inf"):
        return 0
    return int(value)


def number(value) -> float | None:
    """A finite number, else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return float(value)


def home_path(env, home: str, var: str, *default: str) -> str:
    """$var when set and non-empty (`~` expanded against `home`), else home/default."""
    value = (env.get(var) or "").strip()
    if value:
        return os.path.join(home, value[2:]) if value.startswith("~/") else value
    return os.path.join(home, *default)


def load_json(path: str, log):
    """The JSON value in a file; None when it cannot be read (named in
    `log`) or is not JSON (counted)."""
    try:
        with open_regular(path) as f:
            raw = f.read()
    except OSError as exc:
        log.cannot_read(path, exc.strerror or str(exc))
        return None
    try:
        return strict_json(raw)
    except (ValueError, RecursionError):
        log.skip("invalid", path)
        return None


def strict_json(raw: bytes):
    """The JSON value of a file's bytes, read as the reference reads it
    (UTF-8 text to JSON.parse): a byte that is no UTF-8 reads as U+FFFD, as
    Node's decoder replaces it (a stray byte in one string does not lose
    the file), and a leading byte-order mark and NaN are invalid JSON
    there, where Python's json.loads of bytes would take them."""
    if raw.startswith(codecs.BOM_UTF8):
        raise ValueError("a byte-order mark before the JSON value")
    return parse_json(raw.decode("utf-8", "replace"))
