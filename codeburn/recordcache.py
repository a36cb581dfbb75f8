"""Per-source cache of what records providers read (providers/records.py).

A records source (a SQLite store, a JSON file, a task folder) is read by its
provider module into sessions of calls; that result is a pure function of
the source's files, so it is kept while their stamps (device, inode, size,
mtime of every file `stamped_paths` names, or the module's own
`stamp_paths(source)`) are unchanged. Dedup, turns and pricing are worked
out afresh on every run, as for the file cache, so a warm report equals a
cold one.

One file per source under `<cache dir>/records-v1/`, named by a hash of
the provider and path: a header (layout version, provider, path, stamps,
length), the read's skip counts, one record per session (marshal of plain
tuples: no code runs on load), and a BLAKE2b digest of all that; a damaged
entry fails its digest, is named in a warning and read again. A source
that could not be read whole, or changed while it was read, is not kept.
"""
from __future__ import annotations

import hashlib
import io
import marshal
import os
from typing import Iterator

from codeburn.cachedir import write_atomic
from codeburn.providers.base import Source, stamped_paths
from codeburn.providers.records import Call, ReadLog, Session, Tool

SUBDIR = "records-v1"
MAGIC = b"CBREC001"
DIGEST = 16
VERSION = 3  # of the tuple layout below (2: a call's `supplementary` flag; 3: its `subagent`)


class RecordCache:
    def __init__(self, directory: str):
        self.root = directory  # the cache dir: kept 0700 (cachedir.write_atomic)
        self.dir = os.path.join(directory, SUBDIR)
        self.corrupt: list[str] = []

    def stamp(self, module, src: Source) -> tuple | None:
        """The stamps of the files a source is read from; None when one of
        them cannot be stat'ed (then nothing is kept or reused)."""
        paths = module.stamp_paths(src) if hasattr(module, "stamp_paths") else stamped_paths(src.path)
        out = []
        for p in paths:
            try:
                st = os.stat(p)
            except OSError:
                return None
            out.append((p, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns))
        return tuple(out)

    def get(self, src: Source, stamp: tuple | None):
        """(sessions, log) kept for this source and stamp, else None. The
        sessions are decoded one at a time as they are iterated."""
        if stamp is None:
            return None
        path = self._entry(src)
        try:
            with open(path, "rb") as f:
                blob = f.read()
        except OSError:
            return None
        if len(blob) < len(MAGIC) + DIGEST or blob[:len(MAGIC)] != MAGIC or \
                hashlib.blake2b(blob[:-DIGEST], digest_size=DIGEST).digest() != blob[-DIGEST:]:
            self.corrupt.append(path)
            return None
        stream = io.BytesIO(blob)
        stream.seek(len(MAGIC))
        try:
            head = marshal.load(stream)
        except (ValueError, EOFError, TypeError):
            self.corrupt.append(path)
            return None
        if head != (VERSION, src.provider, src.path, stamp, len(blob) - DIGEST):
            return None
        try:
            log = _log(marshal.load(stream))
        except (ValueError, EOFError, TypeError):
            self.corrupt.append(path)
            return None
        return _sessions(stream, len(blob) - DIGEST), log

    def writer(self, src: Source, stamp: tuple | None) -> "_Writer | None":
        return None if stamp is None else _Writer(self._entry(src), src, stamp, self.root)

    def warnings(self) -> list[str]:
        if not self.corrupt:
            return []
        more = f" (and {len(self.corrupt) - 1} more)" if len(self.corrupt) > 1 else ""
        return [f"damaged records cache entry ignored and rebuilt: {self.corrupt[0]}{more}"]

    def _entry(self, src: Source) -> str:
        key = hashlib.blake2b(f"{src.provider}\0{src.path}".encode("utf-8", "surrogateescape"), digest_size=16)
        return os.path.join(self.dir, key.hexdigest() + ".cbr")


class _Writer:
    """Collects a source's sessions as they are read (as marshalled bytes,
    far smaller than the objects), then writes the entry in one piece."""

    def __init__(self, path: str, src: Source, stamp: tuple, root: str | None = None):
        self.path, self.src, self.stamp, self.root = path, src, stamp, root
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, s: Session) -> None:
        part = marshal.dumps((s.session_id, s.project, s.cwd, tuple(_pack_call(c) for c in s.calls)))
        self.parts.append(part)
        self.size += len(part)

    def finish(self, log: ReadLog) -> None:
        """Writes the entry, unless the source could not be read whole."""
        if log.unreadable:
            return
        counts = marshal.dumps(tuple((k, c, w) for k, (c, w) in log.counts.items()))
        # The header names the entry's length, so a truncated entry is refused
        # even before its digest is checked.
        end = 0
        for _ in range(2):  # the header's own length depends on `end`
            head = marshal.dumps((VERSION, self.src.provider, self.src.path, self.stamp, end))
            end = len(MAGIC) + len(head) + len(counts) + self.size
        h = hashlib.blake2b(digest_size=DIGEST)
        for part in (MAGIC, head, counts, *self.parts):
            h.update(part)
        write_atomic(self.path, [MAGIC, head, counts, *self.parts, h.digest()], root=self.root)


def _pack_call(c: Call) -> tuple:
    return (c.ts_ms, c.model, c.input, c.output, c.cache_write, c.cache_read, c.reasoning, c.web_search,
            c.cost, c.estimated, c.fast, c.key, c.turn, c.prompt,
            tuple((t.name, t.command, t.file, t.skill, t.subagent) for t in c.tools), c.supplementary, c.subagent)


def _sessions(stream: io.BytesIO, end: int) -> Iterator[Session]:
    while stream.tell() < end:
        sid, project, cwd, calls = marshal.load(stream)
        yield Session(sid, project, [Call(*c[:14], tools=[Tool(*t) for t in c[14]], supplementary=c[15],
                                          subagent=c[16]) for c in calls], cwd)


def _log(counts: tuple) -> ReadLog:
    log = ReadLog()
    for kind, count, where in counts:
        log.counts[kind] = [count, where]
    return log
