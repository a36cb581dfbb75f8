"""Parallel reading: threads decode Claude Code files ahead of the main
reader, which finishes each file (dedup, turns, columns) in discovery order.

The decoders are C++ Scanners that release the GIL and share nothing; each
holds at most one decoded file until the main reader adopts it (so memory
stays one file per thread). Files go to threads round-robin in discovery
order, which keeps every thread busy while the main reader walks forward.
The result is byte-identical to a serial read (tests/test_parallel.py).
"""
from __future__ import annotations

import os
import queue
import threading

from codeburn._fast import Scanner


def default_jobs(environ) -> int:
    """--jobs default: CODEBURN_JOBS, else every core the process may use."""
    value = environ.get("CODEBURN_JOBS", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class Decoders:
    """`jobs` threads decoding `paths` (index -> path) for Scanner.adopt."""

    def __init__(self, make_scanner, paths: dict[int, str], jobs: int):
        order = sorted(paths)
        self.worker_of = {idx: n % jobs for n, idx in enumerate(order)}
        self.scanners = [make_scanner() for _ in range(jobs)]
        self.ready = [queue.Queue(maxsize=1) for _ in range(jobs)]
        self.taken = [threading.Semaphore(0) for _ in range(jobs)]
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(w, [(i, paths[i]) for i in order
                                                                   if self.worker_of[i] == w]), daemon=True)
                        for w in range(jobs)]
        for t in self.threads:
            t.start()

    def __contains__(self, idx: int) -> bool:
        return idx in self.worker_of

    def _run(self, w: int, files: list[tuple[int, str]]) -> None:
        scanner = self.scanners[w]
        for idx, path in files:
            try:
                scanner.decode_file(path, idx)
                self.ready[w].put((idx, None))
            except BaseException as exc:  # handed to the main thread, which raises it
                self.ready[w].put((idx, exc))
                return
            self.taken[w].acquire()  # the main reader has adopted it: decode the next
            if self.stop.is_set():
                return

    def adopt(self, main: Scanner, idx: int):
        """Finishes file idx in `main` (blocks until its thread has decoded it)."""
        w = self.worker_of[idx]
        got, exc = self.ready[w].get()
        if exc is not None:
            raise exc
        assert got == idx, (got, idx)  # round-robin order is discovery order
        try:
            return main.adopt(self.scanners[w], idx)
        finally:
            self.taken[w].release()

    def close(self) -> None:
        self.stop.set()
        for s in self.taken:
            s.release()
