"""Running a reader ahead of the scan, in a thread of its own.

A multi-GB store (providers/cursor.py) is read into records tapes while the
scan replays and classifies the tapes already read: the reader's SQLite
steps and JSON decoding run in C++ without the GIL, so on two cores both
halves of the work go on at once. At most `depth` chunks wait between the
two (memory stays flat: each is a few MB). What the reader raises is raised
where the chunks are consumed; closing the consumer's generator stops the
reader at its next chunk.
"""
from __future__ import annotations

import os
import queue
import threading
from typing import Iterator, TypeVar

T = TypeVar("T")
_END = object()


def spare_core() -> bool:
    """Whether this process may run on more than one CPU (with one, a reader
    thread only adds switching)."""
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):   # macOS, Windows
        return (os.cpu_count() or 1) > 1


def ahead(chunks: Iterator[T], depth: int = 2) -> Iterator[T]:
    """The items of `chunks`, produced in another thread up to `depth` ahead."""
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in chunks:
                if not _put(q, stop, (item, None)):
                    return
            _put(q, stop, (_END, None))
        except BaseException as exc:  # handed to the consumer, raised there
            _put(q, stop, (_END, exc))
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()

    worker = threading.Thread(target=produce, name="codeburn-reader", daemon=True)
    worker.start()
    try:
        while True:
            item, exc = q.get()
            if exc is not None:
                raise exc
            if item is _END:
                return
            yield item
    finally:
        stop.set()
        while worker.is_alive():  # let a reader blocked on a full queue see `stop`
            try:
                q.get(timeout=0.05)
            except queue.Empty:
                pass
        worker.join()


def _put(q: queue.Queue, stop: threading.Event, entry) -> bool:
    """Puts `entry` unless the consumer went away (False then)."""
    while not stop.is_set():
        try:
            q.put(entry, timeout=0.05)
            return True
        except queue.Full:
            continue
    return False
