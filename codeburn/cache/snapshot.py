"""The last `status` answer, kept for an instant repeat.

`codeburn status` is polled by status bars, often several times a minute.
Its answer depends only on the files it reads (their bytes), the day, the
zone, the filters and the codeburn build (prices ship with it), so it is
kept with a key over exactly those; while none of them changes, the next
run answers from here without loading the reader or numpy. Any change (a
session file growing, a new day) misses and the full path runs, which then
refreshes the snapshot. Written atomically; anything unreadable is a miss.
"""
from __future__ import annotations

import hashlib
import json
import os

from codeburn._version import __version__
from codeburn.cache.cachedir import build_stamp, file_stamp, open_kept, write_atomic
from codeburn.providers.base import stamped_paths

NAME = "status-v2.json"  # (v2: deps and a check)


def key(paths: list[str], context: str) -> str:
    h = hashlib.sha256(f"{__version__}\0{build_stamp()}\0{context}".encode())
    for path in paths:
        for p in stamped_paths(path):
            h.update(f"\0{p}\0{file_stamp(p)}".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def read(directory: str, k: str, name: str = NAME) -> dict | None:
    """The kept answer when its key is `k`, every file it named as read
    (`deps`) is as it was then, and its check holds (a snapshot changed on
    disk is a miss, not an answer)."""
    try:
        with open_kept(os.path.join(directory, name)) as f:
            data = json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != k or "value" not in data:
        return None
    deps = data.get("deps")
    if not isinstance(deps, dict) or any(file_stamp(p) != st for p, st in deps.items()):
        return None
    if data.get("check") != _check(k, data["value"], deps, data.get("asked")):
        return None
    from codeburn.aggregate.projects import still_canonical

    # (a git worktree added or removed since regroups the projects)
    return data["value"] if still_canonical(data.get("asked") or {}) else None


def write(directory: str, k: str, value: dict, name: str = NAME) -> None:
    """Keeps the answer (a read-only cache dir: every status run takes the
    full path) with the stamps of the files it names in `deps` (read
    beside the sources: the findings' config files) and a check."""
    from codeburn.aggregate.projects import ASKED

    deps = {p: file_stamp(p) for p in value.pop("deps", None) or ()}
    asked = dict(ASKED)   # the cwds whose .git entries grouped its projects
    doc = {"key": k, "value": value, "deps": deps, "asked": asked, "check": _check(k, value, deps, asked)}
    write_atomic(os.path.join(directory, name), [json.dumps(doc).encode("utf-8")])


def _check(k: str, value, deps: dict, asked) -> str:
    return hashlib.sha256(json.dumps([k, value, deps, asked], sort_keys=True).encode("utf-8", "surrogatepass")).hexdigest()
