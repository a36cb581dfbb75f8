"""Parallel reading: threads decode session files ahead of the main reader,
which finishes each file (dedup, turns, columns) in discovery order. A large
Claude Code file is read in parts by several threads and joined
(Scanner.decode_part, DecodedFile.append).

The threads run a compiled work list (_fast DecodeQueue, includes/cb_queue.h)
with C++ Scanners that share nothing and never take the GIL: a thread takes
the next file in discovery order as soon as it is free (so one huge file
does not stall the others), decodes it (or loads its per-file cache entry,
or reads on from it after an append), appends its new cache entry, and
hands it over; it may run only so far ahead of the main reader
(WINDOW_PER_JOB files, AHEAD_BYTES), which bounds memory. The main reader
takes the files in runs. The result is byte-identical to a serial read
(tests/test_parallel.py).
"""
from __future__ import annotations

import bisect
import os
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the reader is loaded by whoever decodes, not by --jobs's default
    from codeburn._fast import Scanner

WINDOW_PER_JOB = 4  # decoded files a thread may always hold ahead of the main reader
# ...and more while the files started ahead hold fewer bytes than this: a
# decoded file holds 1-15% of its bytes (Codex's short lines the most), and
# at start-up the main reader is busy importing for 0.1 s, during which the
# threads should not stall. (256 MB cost Codex dense 5 MB of peak memory
# for no time once the threads stopped waiting for the GIL; 32 MB cost
# 0.05-0.07 s.)
AHEAD_BYTES = 64 << 20


def default_jobs(environ) -> int:
    """--jobs default: CODEBURN_JOBS, else every core the process may use."""
    value = environ.get("CODEBURN_JOBS", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class Serial:
    """Decodes each file when the main reader asks for it (one job).
    `ready` maps files the cache has to a loader, called in order."""

    def __init__(self, make_scanner, decode, paths: dict[int, str], ready: dict | None = None):
        self.decode, self.paths, self.ready = decode, paths, ready or {}
        self.scanner = make_scanner() if paths else None

    def __contains__(self, idx: int) -> bool:
        return idx in self.paths or idx in self.ready

    def adopt(self, main: Scanner, idx: int, file_idx: int | None = None):
        decoded = self.ready.pop(idx)(idx) if idx in self.ready else self.decode(self.scanner, idx)
        return main.adopt(decoded, idx if file_idx is None else file_idx)

    def close(self) -> None:
        pass


class Queued:
    """Decoding threads that never take the GIL (_fast DecodeQueue): a
    thread's whole life is one compiled loop (decode a file, or load or
    resume its per-file cache entry; append the new entry; hand it over),
    and the main reader waits for each file in order without the GIL too, a
    run of them at a time where it can (adopt_run). `position`: file index
    -> its place in the queue; `ready`: files the main reader loads itself
    (index -> loader: an unchanged JSONL records file); `plan`
    (decoding.Decoding) records the cache entries of the files taken
    (settle, settle_run, settle_entry); `in_runs`: the files adopt_run may
    take (not a JSONL records file, which may go to its provider's Python
    reader)."""

    def __init__(self, queue, scanners: list, position: dict[int, int], ready: dict | None, plan,
                 in_runs: set[int] | None = None):
        self.queue, self.position, self.ready, self.plan = queue, position, ready or {}, plan
        self.threads = [threading.Thread(target=queue.work, args=(s,), daemon=True) for s in scanners]
        for t in self.threads:
            t.start()
        self._run_starts, self._run_ends = _runs(sorted(in_runs or ()), position)  # (while the threads read)

    def __contains__(self, idx: int) -> bool:
        return idx in self.position or idx in self.ready

    def adopt(self, main: Scanner, idx: int, file_idx: int | None = None):
        file_idx = idx if file_idx is None else file_idx
        if idx in self.ready:
            return main.adopt(self.ready.pop(idx)(idx), file_idx)
        decoded, kept, entry, use = self.queue.wait(self.position[idx])
        self.plan.settle(idx, decoded, kept, entry, use)
        return main.adopt(decoded, file_idx)

    def run_end(self, idx: int) -> int:
        """The end (exclusive) of the run of files from idx that adopt_run may
        take at once; idx itself when idx is not in one."""
        k = bisect.bisect_right(self._run_starts, idx) - 1
        return self._run_ends[k] if k >= 0 and idx < self._run_ends[k] else idx

    def adopt_run(self, main: Scanner, idx: int, end: int, text_limit: int):
        """Files idx..end-1 (a run: see run_end) adopted in order by one
        compiled call (_fast DecodeQueue.adopt_run), which says how far it
        got and why it stopped; their cache entries are recorded."""
        import numpy as np

        run = self.queue.adopt_run(main, self.position[idx], np.arange(idx, end, dtype=np.int32), text_limit)
        self.plan.settle_run(idx, run)
        return run

    def settle(self, idx: int, decoded, kept: int, entry: tuple[int, int, int], use: int) -> None:
        self.plan.settle(idx, decoded, kept, entry, use)

    def settle_entry(self, idx: int, kept: int, entry: tuple[int, int, int], edges: tuple[int, int],
                     use: int) -> None:
        """settle() of a file the main reader reads again in order (its decode set aside)."""
        self.plan.settle_entry(idx, kept, entry, edges, use)

    def close(self) -> None:
        self.queue.close()
        for t in self.threads:
            t.join()
        self.queue.release_entries()


def _runs(members: list[int], position: dict[int, int]) -> tuple[list[int], list[int]]:
    """The runs of `members` (ascending): consecutive file indexes in
    consecutive queue places, as (their first indexes, their ends
    (exclusive)), for run_end to bisect (a dict entry per file was 56k
    entries made before the threads started)."""
    starts: list[int] = []
    ends: list[int] = []
    start = 0
    for k in range(1, len(members) + 1):
        if k == len(members) or members[k] != members[k - 1] + 1 or position[members[k]] != position[members[k - 1]] + 1:
            starts.append(members[start])
            ends.append(members[k - 1] + 1)
            start = k
    return starts, ends
