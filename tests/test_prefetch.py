"""codeburn/read/prefetch.py: a reader run ahead of its consumer in a thread."""
import threading
import time

import pytest

from codeburn.read.prefetch import ahead


def test_items_in_order():
    assert list(ahead(iter(range(1000)), depth=3)) == list(range(1000))
    assert list(ahead(iter([]))) == []


def test_reader_error_is_raised_where_consumed():
    def chunks():
        yield b"a"
        yield b"b"
        raise ValueError("broken store")

    got = []
    with pytest.raises(ValueError, match="broken store"):
        for c in ahead(chunks()):
            got.append(c)
    assert got == [b"a", b"b"]


def test_closing_the_consumer_stops_the_reader():
    """The consumer stops early (a scan error): the reader stops at its next
    chunk, its own clean-up runs, and no thread is left behind."""
    made, closed = [], threading.Event()

    def chunks():
        try:
            for i in range(10_000):
                made.append(i)
                yield i
        finally:
            closed.set()

    before = threading.active_count()
    gen = ahead(chunks(), depth=2)
    assert next(gen) == 0
    gen.close()
    assert closed.wait(5)
    assert len(made) < 10
    deadline = time.monotonic() + 5
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert threading.active_count() == before


def test_reader_runs_ahead_while_consumer_works():
    """The reader fills up to `depth` chunks while the consumer is busy."""
    made = []

    def chunks():
        for i in range(5):
            made.append(i)
            yield i

    gen = ahead(chunks(), depth=2)
    assert next(gen) == 0
    deadline = time.monotonic() + 5
    while len(made) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(made) >= 3          # 0 taken, 1 and 2 waiting, 3 blocked on the full queue
    assert list(gen) == [1, 2, 3, 4]
