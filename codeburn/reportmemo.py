"""The last report (and the last output of each other reading command),
kept for a repeat of the same command over unchanged files.

A report is a pure function of its scan (codeburn.scanmemo's key stands for
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
import zlib

NAME = "report-v1.cbm"


def key(scan_key: str, command: str, period, projects: list[str], excluded: list[str], tz) -> str:
    zone = getattr(tz, "key", None) or repr(tz)
    text = json.dumps([scan_key, command, period.start_ms, period.end_ms, period.label, period.key, projects,
                       excluded, zone])
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def path_in(directory: str, name: str = NAME) -> str:
    return os.path.join(directory, name)


def save(directory: str, k: str, report: dict, file_problems: list[str], unpriced: list[str], skipped: int,
         name: str = NAME) -> None:
    """Keeps `report` (a dict of plain values; for `report` itself without
    `generated` and `warnings`, which each run makes anew), the warnings
    about the files and the command's own (unpriced models), and the count
    of what was skipped in the files (for --strict)."""
    from codeburn.cachedir import write_atomic

    try:
        body = marshal.dumps({"key": k, "report": _plain(report), "problems": list(file_problems),
                              "unpriced": list(unpriced), "skipped": int(skipped)})
    except ValueError:  # a value marshal cannot write: nothing kept
        return
    write_atomic(path_in(directory, name), [b"%08x\n" % zlib.crc32(body), body])


def _plain(v):
    """v with numpy scalars as the Python values they hold."""
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, tuple):
        return tuple(_plain(x) for x in v)
    item = getattr(v, "item", None)  # numpy scalars (no numpy import here)
    return item() if item is not None and type(v).__module__ == "numpy" else v


def load(directory: str, k: str, name: str = NAME) -> tuple[dict, list[str], list[str], int] | None:
    """(report as saved, the files' warnings, the command's own warnings,
    skipped) when kept under `k`."""
    try:
        with open(path_in(directory, name), "rb") as f:
            data = f.read()
        crc, body = data[:9], data[9:]
        if crc != b"%08x\n" % zlib.crc32(body):
            return None
        kept = marshal.loads(body)
        if not isinstance(kept, dict) or kept.get("key") != k or "report" not in kept:
            return None
        return kept["report"], list(kept["problems"]), list(kept["unpriced"]), int(kept["skipped"])
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None
