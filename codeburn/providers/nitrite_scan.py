"""Reading a Nitrite store (an H2 MVStore file of Java-serialized documents)
the way the Copilot JetBrains reader needs: as one long run of bytes
searched with patterns, as if the whole file were one latin1 string, but
through bounded windows so that a store of hundreds of MB is never held in
memory whole.

Every search here is leftmost and non-overlapping, resuming where its last
match ended, exactly as one pass of the same pattern over the whole file
would be: a window owns the matches that start in it, and carries enough
bytes before it (for a look-behind) and after it (for the longest match and
the bytes read after one) for each of them to be decided inside it. A JSON
document is followed by brace matching that carries its state (depth,
inside a string, after a backslash) from one window into the next, so a
document may span any number of windows; only its bytes are kept, up to
MAX_DOC.
"""
from __future__ import annotations

import os
import re
from typing import Iterator

from codeburn.lazyre import lazy

WINDOW = 8 << 20     # bytes a window owns
LEAD = 64            # bytes before it a look-behind may need
TAIL = 1024          # bytes after it: the longest match plus what is read after one (≤ 400)
MAX_DOC = 32 << 20   # a document larger than this is skipped (counted), not kept in memory
MVSTORE_HEADER = b"H:2,"

# Brace matching as the reference does it: a backslash escapes the next byte
# inside strings and out; braces count only outside strings.
STRING_BODY = lazy(rb'[^"\\]*(?:\\[\x00-\xff][^"\\]*)*')
STRUCTURAL = lazy(rb'[\\"{}]')


class Window:
    """Bytes of the file from `base`; matches starting in [lo, hi) are this window's."""
    __slots__ = ("base", "buf", "lo", "hi")

    def __init__(self, base: int, buf: bytes, lo: int, hi: int):
        self.base, self.buf, self.lo, self.hi = base, buf, lo, hi

    def matches(self, pattern: re.Pattern, cursor: int) -> Iterator[re.Match]:
        """Matches of `pattern` starting in this window at or after the
        global offset `cursor` (positions in the match are buffer offsets)."""
        end = self.hi - self.base
        for m in pattern.finditer(self.buf, max(self.lo, cursor) - self.base):
            if m.start() >= end:
                return
            yield m


def windows(fd: int, size: int, window: int = WINDOW) -> Iterator[Window]:
    """The file (an open descriptor, `size` bytes when stamped) window by
    window; a file that shrinks while read ends early."""
    lo = 0
    while lo < size:
        hi = min(lo + window, size)
        base = max(0, lo - LEAD)
        buf = os.pread(fd, hi + TAIL - base, base)
        if base + len(buf) <= lo:
            return
        yield Window(base, buf, lo, hi)
        lo = hi


class BraceMatcher:
    """Where a JSON object that starts at a '{' ends, fed the bytes that
    follow in pieces; `done` once its closing brace is passed."""
    __slots__ = ("depth", "in_string", "escaped", "done")

    def __init__(self):
        self.depth, self.in_string, self.escaped, self.done = 0, False, False, False

    def feed(self, buf: bytes, i: int, end: int) -> int:
        """Consumes buf[i:end] up to the object's end; returns where it stopped."""
        while i < end:
            if self.escaped:
                self.escaped = False
                i += 1
            elif self.in_string:
                # to the closing quote, or to a last backslash whose byte is in the next piece
                i = STRING_BODY.match(buf, i, end).end()
                if i < end:
                    if buf[i] == 0x5C:
                        self.escaped = True
                    else:
                        self.in_string = False
                    i += 1
            else:
                m = STRUCTURAL.search(buf, i, end)
                if m is None:
                    return end
                i = m.end()
                c = buf[m.start()]
                if c == 0x5C:
                    self.escaped = True
                elif c == 0x22:
                    self.in_string = True
                elif c == 0x7B:
                    self.depth += 1
                else:
                    self.depth -= 1
                    if self.depth == 0:
                        self.done = True
                        return i
        return i


class Documents:
    """The JSON objects that a start pattern opens, in file order, each
    brace-matched to its end (or to the end of the file, as the reference's
    matcher runs on when a document is cut off). `skip` is how many bytes of
    the match come before the object's '{'. Yields (offset of the '{', the
    object's bytes, or None when it is larger than MAX_DOC)."""

    def __init__(self, start: re.Pattern, skip: int = 0, limit: int = MAX_DOC):
        self.start, self.skip, self.limit = start, skip, limit
        self.cursor = 0
        self.open: tuple[int, BraceMatcher, list, int] | None = None  # (offset, matcher, parts, size)

    def feed(self, w: Window) -> Iterator[tuple[int, bytes | None]]:
        i = max(w.lo, self.cursor) - w.base
        end = w.hi - w.base
        while True:
            if self.open is None:
                m = self.start.search(w.buf, i)
                if m is None or m.start() >= end:
                    return
                i = m.start() + self.skip
                self.open = (w.base + i, BraceMatcher(), [], 0)
            offset, matcher, parts, size = self.open
            j = matcher.feed(w.buf, i, end)
            size += j - i
            if size <= self.limit:
                parts.append(w.buf[i:j])
            elif parts:
                parts.clear()
            self.open = (offset, matcher, parts, size)
            if not matcher.done:
                return
            yield self._close()
            self.cursor = w.base + j
            i = j

    def finish(self) -> Iterator[tuple[int, bytes | None]]:
        """A document still open at the end of the file runs to it."""
        if self.open is not None:
            yield self._close()

    def _close(self) -> tuple[int, bytes | None]:
        offset, _, parts, size = self.open
        self.open = None
        return offset, (b"".join(parts) if size <= self.limit else None)


def is_mvstore(head: bytes) -> bool:
    return head.startswith(MVSTORE_HEADER)
