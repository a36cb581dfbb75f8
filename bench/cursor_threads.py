"""CPU seconds of one cold Cursor report, by thread (bench/CURSOR.md).

    HOME=<store home> CODEBURN_CACHE_DIR=<empty dir> TZ=UTC python bench/cursor_threads.py

Runs `codeburn report --format json --provider cursor -p all` in this
process and prints to stderr the CPU seconds spent in the store's reader
(its own thread since codeburn/read/prefetch.py; inline in older builds), in the
rest of the process, in all, and the critical path: what a machine with a
free second core waits for (max of the two threads; the total when the
reader runs inline). On a shared, saturated host wall times measure the
host; these do not. BENCH_CURSOR_PAGES=0 reads the store through SQLite
instead of its own pages; BENCH_CURSOR_KEEP=0 writes the records cache
entry's tapes from the scan's thread instead of the reader's.
"""
import os
import sys
import time

import codeburn.providers.cursor as cursor

if os.environ.get("BENCH_CURSOR_PAGES") == "0":   # the SQLite path (bench/CURSOR.md, third pass)
    cursor.PAGES = False
if os.environ.get("BENCH_CURSOR_KEEP") == "0":    # the records cache entry written by the scan's thread
    cursor.KEEPS_TAPES = False

spent = {"reader": 0.0}
NAME = "_tapes" if hasattr(cursor, "_tapes") else "tapes"   # older builds read inline, in tapes()
_inner = getattr(cursor, NAME)


def timed(*a, **k):
    """The reader's generator, its CPU time summed (thread_time: the thread it runs in)."""
    g = _inner(*a, **k)
    while True:
        t0 = time.thread_time()
        try:
            x = next(g)
        except StopIteration:
            return
        finally:
            spent["reader"] += time.thread_time() - t0
        yield x


setattr(cursor, NAME, timed)


def main() -> None:
    from codeburn.__main__ import main as codeburn_main

    sys.argv = ["codeburn", "report", "--format", "json", "--provider", "cursor", "-p", "all"]
    w0 = time.perf_counter()
    try:
        codeburn_main()
    except SystemExit:
        pass
    inline = NAME == "tapes"
    reader = spent["reader"]
    rest = time.thread_time() - (reader if inline else 0.0)
    total = time.process_time()
    critical = total if inline else max(reader, rest)
    print(f"reader {reader:.2f}  rest {rest:.2f}  total {total:.2f}  critical {critical:.2f}  "
          f"wall {time.perf_counter() - w0:.2f}  ({'inline' if inline else 'own thread'})  "
          f"read by {getattr(cursor, 'LAST_READ', {}).get('path', 'sqlite')} {getattr(cursor, 'LAST_READ', {}).get('why') or ''}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
