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
from codeburn.cache.cachedir import open_kept, write_atomic
from codeburn.providers.base import stamped_paths

NAME = "status-v1.json"


def key(paths: list[str], context: str) -> str:
    h = hashlib.sha256(f"{__version__}\0{context}".encode())
    for path in paths:
        for p in stamped_paths(path):
            try:
                st = os.stat(p)
                h.update(f"\0{p}\0{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}".encode("utf-8", "surrogateescape"))
            except OSError:
                h.update(f"\0{p}\0-".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def read(directory: str, k: str, name: str = NAME) -> dict | None:
    try:
        with open_kept(os.path.join(directory, name)) as f:
            data = json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("value") if isinstance(data, dict) and data.get("key") == k else None


def write(directory: str, k: str, value: dict, name: str = NAME) -> None:
    """Keeps the answer (a read-only cache dir: every status run takes the full path)."""
    write_atomic(os.path.join(directory, name), [json.dumps({"key": k, "value": value}).encode("utf-8")])
