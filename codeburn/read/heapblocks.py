"""Megabyte blocks from the heap while a multi-GB records source is replayed.

The CLI fixes glibc's mmap threshold at 128 KB (codeburn/_fast/includes/
cb_alloc.h: flat RSS over repeated scans), so every block of 128 KB or more
is a mapping of its own, faulted in page by page and unmapped on free (on
every core). A Cursor store's megabyte tapes, the batches of prompts handed
to the classifier and its arrays came and went that way by the hundred
(bench/CURSOR.md, fourth pass). While such a source's tapes are read and
replayed, blocks up to BLOCK bytes come from the heap and are reused; the
threshold is put back when the tapes are done or given up (the scan then
hands the free heap back). Where nothing fixed it (library use), glibc's
own threshold already moves up by itself and is left alone.
"""
from __future__ import annotations

from typing import Iterator, TypeVar

T = TypeVar("T")
BLOCK = 2 << 20   # 4 MB saved 25k more page faults of a 2.5 GB store but raised its peak by 12 MB


def reused(chunks: Iterator[T], block: int = BLOCK) -> Iterator[T]:
    """`chunks`, with blocks up to `block` bytes taken from the heap while they are consumed."""
    from codeburn._fast import reader

    fixed = reader.fixed_mmap_threshold()
    if fixed is None or fixed >= block:
        yield from chunks
        return
    reader.fix_mmap_threshold(block)
    try:
        yield from chunks
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
        reader.fix_mmap_threshold(fixed)
