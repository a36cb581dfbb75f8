"""Parallel reading: threads decode Claude Code files ahead of the main
reader, which finishes each file (dedup, turns, columns) in discovery order.

Decoders are C++ Scanners that release the GIL and share nothing. A thread
takes the next undecoded file, in discovery order, as soon as it is free (so
one huge file does not stall the others), and may run at most WINDOW files
ahead of the main reader, which bounds memory. The result is byte-identical
to a serial read (tests/test_parallel.py).
"""
from __future__ import annotations

import os
import threading

from codeburn._fast import Scanner

WINDOW_PER_JOB = 4  # decoded files a thread may hold ahead of the main reader


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

    def adopt(self, main: Scanner, idx: int):
        decoded = self.ready.pop(idx)(idx) if idx in self.ready else self.decode(self.scanner, idx)
        return main.adopt(decoded, idx)

    def close(self) -> None:
        pass


class Decoders:
    """`jobs` threads decoding `paths` (discovery index -> path) for
    Scanner.adopt; decode(scanner, idx) returns a DecodedFile."""

    def __init__(self, make_scanner, decode, paths: dict[int, str], jobs: int, ready: dict | None = None):
        self.order = sorted(paths)
        self.paths, self.decode, self.ready = paths, decode, ready or {}
        self.position = {idx: n for n, idx in enumerate(self.order)}
        self.next = 0            # position of the next file to hand out
        self.adopted = 0         # files the main reader has taken
        self.window = WINDOW_PER_JOB * jobs
        self.done: dict[int, object] = {}   # index -> DecodedFile, or the exception that stopped it
        self.cond = threading.Condition()
        self.closed = False
        self.threads = [threading.Thread(target=self._run, args=(make_scanner(),), daemon=True) for _ in range(jobs)]
        for t in self.threads:
            t.start()

    def __contains__(self, idx: int) -> bool:
        return idx in self.position or idx in self.ready

    def _take(self) -> int | None:
        with self.cond:
            while not self.closed and self.next < len(self.order) and self.next >= self.adopted + self.window:
                self.cond.wait()
            if self.closed or self.next >= len(self.order):
                return None
            self.next += 1
            return self.order[self.next - 1]

    def _run(self, scanner: Scanner) -> None:
        while (idx := self._take()) is not None:
            try:
                result = self.decode(scanner, idx)
            except BaseException as exc:  # handed to the main thread, which raises it
                result = exc
            with self.cond:
                self.done[idx] = result
                self.cond.notify_all()

    def adopt(self, main: Scanner, idx: int):
        """Finishes file idx in `main`, waiting for its thread if need be."""
        if idx in self.ready:
            return main.adopt(self.ready.pop(idx)(idx), idx)
        with self.cond:
            while idx not in self.done:
                self.cond.wait()
            result = self.done.pop(idx)
            self.adopted += 1
            self.cond.notify_all()
        if isinstance(result, BaseException):
            raise result
        return main.adopt(result, idx)

    def close(self) -> None:
        with self.cond:
            self.closed = True
            self.cond.notify_all()
        for t in self.threads:
            t.join()
