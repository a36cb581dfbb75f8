"""The last report (and the last output of each other reading command),
kept for a repeat of the same command over unchanged files.

A report is a pure function of its scan (codeburn.cache.scanmemo's key stands for
that: the sources, their stats, the rules, this build) and of the command's
own inputs: the period's bounds and labels, the project filters and the
zone. When all of these are as they were, the report is loaded from here
and rendered again: no numpy, no columns, no group-bys (a warm repeat then
costs start-up, discovery and the stats, whatever the history's size).
The clock only changes `generated`, which is filled in anew; this run's
warnings (config, unreadable paths) are worded anew; the files' own
warnings come with the report.

The other reading commands (sessions, overview, compare, models, blocks,
yield, export, budget) keep theirs the same way, each in a file of its own
(codeburn.commands.kept says what each keeps and what its key holds).

Kept only for a scan that was itself kept (a clean scan). One file per
command, written atomically: a CRC, then the report as marshal writes plain Python
values (so 0.0 stays a float and renders as one; numpy scalars become the
Python numbers they stand for). Anything unreadable or inconsistent is a
miss.
"""
from __future__ import annotations

import hashlib
import json
import marshal
import os
import struct
import zlib

NAME = "report-v1.cbm"


def key(scan_key: str, command: str, period, projects: list[str], excluded: list[str], tz) -> str:
    zone = getattr(tz, "key", None) or repr(tz)
    text = json.dumps([scan_key, command, period.start_ms, period.end_ms, period.label, period.key, projects,
                       excluded, zone])
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def path_in(directory: str, name: str = NAME) -> str:
    return os.path.join(directory, name)


# A bytes value of at least this size (an export's files) is kept after the
# marshalled body instead of inside it, and comes back as a memoryview into
# the kept file's map: a repeat writes it out without copying it through
# marshal, or even reading it into a bytes object (20 MB on the dense bench).
BLOB_MIN = 1 << 16
BLOB = "\0reportmemo-blob\0"   # (BLOB, offset, length) stands for a blob in the body
HEAD = struct.Struct("8sx8sx16sx")   # hex: crc of the body, crc of the blobs, length of the body


def save(directory: str, k: str, report, file_problems: list[str], unpriced: list[str], skipped: int,
         name: str = NAME, projects: dict | None = None) -> None:
    """Keeps `report` (plain values; for `report` itself a dict without
    `generated` and `warnings`, which each run makes anew), the warnings
    about the files and the command's own (unpriced models), and the count
    of what was skipped in the files (for --strict)."""
    from codeburn.cache.cachedir import write_atomic

    blobs: list = []
    try:
        body = marshal.dumps({"key": k, "report": _plain(report, blobs), "problems": list(file_problems),
                              "unpriced": list(unpriced), "skipped": int(skipped), "blobs": bool(blobs),
                              "projects": dict(projects or {})})
    except ValueError:  # a value marshal cannot write: nothing kept
        return
    crc = 0
    for b in blobs:
        crc = zlib.crc32(b, crc)
    head = b"%08x %08x %016x\n" % (zlib.crc32(body), crc, len(body))
    write_atomic(path_in(directory, name), [head, body, *blobs])


def _plain(v, blobs: list):
    """v with numpy scalars as the Python values they hold, and large bytes
    values as (BLOB, offset, length) of their place in `blobs`."""
    if isinstance(v, dict):
        return {k: _plain(x, blobs) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x, blobs) for x in v]
    if isinstance(v, tuple):
        return tuple(_plain(x, blobs) for x in v)
    if isinstance(v, bytes) and len(v) >= BLOB_MIN:
        at = sum(len(b) for b in blobs)
        blobs.append(v)
        return (BLOB, at, len(v))
    item = getattr(v, "item", None)  # numpy scalars (no numpy import here)
    return item() if item is not None and type(v).__module__ == "numpy" else v


def _with_blobs(v, view: memoryview):
    if isinstance(v, dict):
        return {k: _with_blobs(x, view) for k, x in v.items()}
    if isinstance(v, list):
        return [_with_blobs(x, view) for x in v]
    if isinstance(v, tuple):
        if len(v) == 3 and v[0] == BLOB:
            if v[1] + v[2] > len(view):
                raise ValueError("a blob past the end")
            return view[v[1]:v[1] + v[2]]
        return tuple(_with_blobs(x, view) for x in v)
    return v


def load(directory: str, k: str, name: str = NAME) -> tuple[dict, list[str], list[str], int] | None:
    """(report as saved, the files' warnings, the command's own warnings,
    skipped) when kept under `k`. Large bytes values come back as
    memoryviews (see BLOB_MIN)."""
    import mmap

    from codeburn.cache.cachedir import open_kept

    try:
        with open_kept(path_in(directory, name)) as f:
            size = os.fstat(f.fileno()).st_size
            if size <= HEAD.size:
                return None
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        body_crc, blobs_crc, n = (int(x, 16) for x in HEAD.unpack_from(data))
        if HEAD.size + n > size:
            return None
        body = data[HEAD.size:HEAD.size + n]
        if zlib.crc32(body) != body_crc:
            return None
        kept = marshal.loads(body)
        if not isinstance(kept, dict) or kept.get("key") != k or "report" not in kept:
            return None
        from codeburn.aggregate.projects import still_canonical

        if not still_canonical(kept.get("projects") or {}):  # a git worktree added or removed since
            return None
        report = kept["report"]
        if kept.get("blobs"):
            view = memoryview(data)[HEAD.size + n:]
            if zlib.crc32(view) != blobs_crc:
                return None
            report = _with_blobs(report, view)
        elif size != HEAD.size + n:
            return None
        return report, list(kept["problems"]), list(kept["unpriced"]), int(kept["skipped"])
    except (OSError, ValueError, KeyError, TypeError, EOFError, struct.error):
        return None
