"""Per-source cache of what records providers read (providers/records.py).

A records source (a SQLite store, a JSON file, a task folder) is read by its
provider module into sessions of calls; that result is a pure function of
the source's files, so it is kept while their stamps (device, inode, size,
mtime of every file `stamped_paths` names, or the module's own
`stamp_paths(source)`) are unchanged. Dedup, turns and pricing are worked
out afresh on every run, as for the file cache, so a warm report equals a
cold one.

One file per source under `<cache dir>/records-v1/`, named by a hash of
the provider and path: a header (layout version, provider, path, stamps),
one record per session (marshal of plain tuples: no code runs on load),
the read's skip counts with the zone stamp of a read that met a time without
a zone (local time: the entry serves only that zone; 0 for any other read),
where those start (8 bytes), and a BLAKE2b digest of all that; a damaged entry fails its digest, is named in a warning and
read again. The entry is written as the source is read, into a temporary
file beside it that a rename puts in place (the counts come last because
they are known last), so a multi-GB store's records are neither held in
memory nor copied through a spill file. A source that could not be read
whole, or changed while it was read, is not kept (the temporary file goes).
A provider that reads into records tapes (Cursor) keeps its tapes instead
of sessions (layout TAPE_VERSION, checked by CRC-32: see _Digest); an
entry of an earlier read of the source, or of an earlier layout, is
replaced without being checked.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import zlib
from typing import Iterator

from codeburn._fast.reader import zone_stamp
from codeburn.cache.cachedir import AtomicFile, open_kept, remove_stale_temps
from codeburn.providers.base import Source, stamped_paths
from codeburn.providers.records import Call, ReadLog, Session, Tool
from codeburn.read import heapblocks

SUBDIR = "records-v1"
MAGIC = b"CBREC001"
DIGEST = 16
VERSION = 21  # of the tuple layout below (2: a call's `supplementary` flag; 3: its `subagent`; 4: `raw_ts`;
#              5: the skip counts after the sessions, the header without the length; 6: the same layout,
#              bumped so that sessions kept by older readers are read again: Pi/OMP headers behind a BOM,
#              Mistral Vibe's split cost and trailing-slash cwds, whole-file JSON with a BOM; 7: the zone
#              stamp beside the skip counts, times without a zone read as local time; 8: Kimi's and OpenClaw's tools once per canonical
#              name, Cursor agent and Kiro times from a file's mtime in whole ms as the reference rounds
#              them; 9: Cline-family workspace paths holding parentheses; 10: a call's own tool sequence,
#              Goose's; 11: times read as JavaScript's Date reads them; 12: JavaScript's white space
#              in trimmed prompts and names and in shell commands; 13: Kiro's "" projects and Node
#              basenames; 14: prompts cut at 500 UTF-16 units, as JavaScript slices them; 15: a call's
#              several subagents, Copilot OTel's; 16: Goose tools the table leaves out named after
#              their last `__`, Copilot CLI messages an OTel turn stands for dropped with the store,
#              residuals keeping the log's time and the rollups' model order; 17: a Cline CLI session
#              run from `/` named "Cline CLI"; 18: the header holds the Source's names, an Antigravity
#              status-line log counts conversations whose store gives no calls; 19: Copilot CLI store
#              rows paired with the OTel store's calls of their session too, whole-file JSON read
#              with U+FFFD for bytes that are no UTF-8 and NaN refused; 20: a shell command's quoted
#              span next to && ; | cut away with the separator; 21: Gemini's and Droid's number times
#              as milliseconds, a Crush count beyond 2^53 skipped, an OpenCode time no one can read
#              named). Bump it whenever a records reader's sessions change.
TAPE_VERSION = "tape-9"  # an entry of records tapes (codeburn/_fast/includes/cb_tape.h) instead
COUNTS_AT = 8  # bytes naming where the skip counts start, before the digest


def source_stamp(module, src: Source) -> tuple | None:
    """The stamps of the files a records source is read from; None when
    one of them cannot be stat'ed (then nothing is kept or reused). A
    module whose read depends on more than the files (Cursor's six-month
    floor, which moves with the date) names it in `stamp_extra(src)`."""
    paths = module.stamp_paths(src) if hasattr(module, "stamp_paths") else stamped_paths(src.path)
    out = [("extra", module.stamp_extra(src))] if hasattr(module, "stamp_extra") else []
    for p in paths:
        try:
            st = os.stat(p)
        except OSError:
            return None
        out.append((p, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))  # (ctime: a chmod)
    return tuple(out)


class RecordCache:
    def __init__(self, directory: str):
        self.root = directory  # the cache dir: kept 0700 (cachedir.write_atomic)
        self.dir = os.path.join(directory, SUBDIR)
        self.corrupt: list[str] = []
        self._swept = False

    def stamp(self, module, src: Source) -> tuple | None:
        return source_stamp(module, src)

    def get(self, src: Source, stamp: tuple | None):
        """(sessions, log) kept for this source and stamp, else None. The
        entry is checked and then decoded a session at a time from the file
        (an entry can hold a multi-GB store's history: never all in memory)."""
        got = self._open(src, stamp, VERSION)
        return None if got is None else (_sessions(*got[:2]), got[2])

    def get_tapes(self, src: Source, stamp: tuple | None):
        """(tapes, log) kept for this source and stamp (a provider that
        reads into records tapes), else None; the tapes come one at a time."""
        got = self._open(src, stamp, TAPE_VERSION)
        return None if got is None else (heapblocks.reused(_tapes(*got[:2])), got[2])

    def _open(self, src: Source, stamp: tuple | None, version):
        """(open entry file, end of its body, log) when the entry is whole
        and of this source, stamp and layout."""
        if stamp is None:
            return None
        path = self._entry(src)
        try:
            f = open_kept(path)
        except OSError:
            return None
        try:
            trailer = os.fstat(f.fileno()).st_size - DIGEST - COUNTS_AT
            if trailer < len(MAGIC) or f.read(len(MAGIC)) != MAGIC:
                raise ValueError("not an entry")
            head = marshal.load(f)
            if not isinstance(head, tuple):
                raise ValueError("not an entry")
            if head != (version, src.provider, src.path, _label(src), stamp):
                f.close()   # of another read of the source (it changed) or layout: replaced, not checked
                return None  # (a 2.5 GB store's entry is hundreds of MB)
            start = f.tell()
            f.seek(trailer)
            end = int.from_bytes(f.read(COUNTS_AT), "little")
            if not start <= end <= trailer or not _digest_ok(f, trailer + COUNTS_AT, version):
                raise ValueError("damaged")
            f.seek(end)
            counts, zone = marshal.load(f)
            log = _log(counts)
            if f.tell() != trailer:
                raise ValueError("damaged")
            if zone and zone != zone_stamp():
                f.close()   # read times without a zone as another zone's local time: read again
                return None
            f.seek(start)
        except (ValueError, EOFError, TypeError, OSError):
            self.corrupt.append(path)
            f.close()
            return None
        return f, end, log

    def writer(self, src: Source, stamp: tuple | None, version=VERSION) -> "_Writer | None":
        if stamp is None:
            return None
        if not self._swept:  # an entry is written as its source is read: a killed read left its file
            self._swept = True
            remove_stale_temps(self.dir)
        return _Writer(self._entry(src), src, stamp, self.root, version)

    def warnings(self) -> list[str]:
        if not self.corrupt:
            return []
        more = f" (and {len(self.corrupt) - 1} more)" if len(self.corrupt) > 1 else ""
        return [f"damaged records cache entry ignored and rebuilt: {self.corrupt[0]}{more}"]

    def _entry(self, src: Source) -> str:
        key = hashlib.blake2b(f"{src.provider}\0{src.path}".encode("utf-8", "surrogateescape"), digest_size=16)
        return os.path.join(self.dir, key.hexdigest() + ".cbr")


class _Writer:
    """Writes a source's entry while the source is read: each session
    (marshalled) or tape goes straight into the entry's temporary file and
    its check, as it comes; finish() adds the skip counts and the check and
    puts the file in place, discard() drops it. A tape is written as its
    marshal header and itself (marshal.dumps would copy hundreds of MB)."""

    def __init__(self, path: str, src: Source, stamp: tuple, root: str | None = None, version=VERSION):
        self.out = AtomicFile(path, root)
        self.check = _Digest(version)
        self.size = 0
        self._put(MAGIC)
        self._put(marshal.dumps((version, src.provider, src.path, _label(src), stamp)))

    def add(self, s: Session) -> None:
        self._put(marshal.dumps((s.session_id, s.project, s.cwd, tuple(_pack_call(c) for c in s.calls))))

    def add_tape(self, tape: bytes) -> None:
        if len(tape) < 1 << 31:   # marshal's bytes: type 's', a 32-bit length, the bytes
            self._put(b"s" + len(tape).to_bytes(4, "little"))
            self._put(tape)
        else:
            self._put(marshal.dumps(tape))

    def _put(self, part: bytes) -> None:
        if self.out.write(part):   # a failed write drops the file: the rest is not checked
            self.check.update(part)
            self.size += len(part)

    def finish(self, log: ReadLog, zone: int = 0) -> None:
        """Puts the entry in place, unless the source could not be read whole;
        `zone`: the zone stamp when the read met a time without a zone."""
        if log.unreadable:
            self.discard()
            return
        counts_at = self.size
        self._put(marshal.dumps((tuple((k, c, w) for k, (c, w) in log.counts.items()), zone)))
        self._put(counts_at.to_bytes(COUNTS_AT, "little"))
        self.out.write(self.check.digest())
        self.out.commit()   # False when it could not be written: only a cache, the next run reads the source

    def discard(self) -> None:
        """Drops the entry (the source changed while it was read)."""
        self.out.abort()


def _label(src: Source) -> tuple:
    """What a reader may take from its Source besides the files: discovery and
    `scan` name one file differently (a Kiro session's project), and an entry
    kept by one must not answer the other."""
    return src.project, src.session_id, src.project_dir, src.agent_type, src.sidechain, src.desktop


def _pack_call(c: Call) -> tuple:
    return (c.ts_ms, c.model, c.input, c.output, c.cache_write, c.cache_read, c.reasoning, c.web_search,
            c.cost, c.estimated, c.fast, c.key, c.turn, c.prompt,
            tuple(_pack_tool(t) for t in c.tools), c.supplementary, c.subagent, c.raw_ts,
            None if c.steps is None else tuple(tuple(_pack_tool(t) for t in step) for step in c.steps))


def _pack_tool(t: Tool) -> tuple:
    return (t.name, t.command, t.file, t.skill, t.subagent)


class _Digest:
    """An entry's check: BLAKE2b, or for tape entries (hundreds of MB for a
    multi-GB store; checked before every replay) CRC-32, four times faster,
    as the kept scan uses; either fills the entry's last 16 bytes."""

    def __init__(self, version):
        self.crc = 0 if version == TAPE_VERSION else None
        self.h = None if self.crc is not None else hashlib.blake2b(digest_size=DIGEST)

    def update(self, data) -> None:
        if self.h is None:
            self.crc = zlib.crc32(data, self.crc)
        else:
            self.h.update(data)

    def digest(self) -> bytes:
        return self.h.digest() if self.h is not None else self.crc.to_bytes(4, "little") + bytes(DIGEST - 4)


def _digest_ok(f, end: int, version=VERSION) -> bool:
    """Whether the check of the entry's first `end` bytes is its last 16."""
    h = _Digest(version)
    f.seek(0)
    left = end
    buf = memoryview(bytearray(1 << 20))   # one buffer for a tape entry's hundreds of MB, not a block a read
    while left > 0:
        got = f.readinto(buf[:min(left, len(buf))])
        if not got:
            return False
        h.update(buf[:got])
        left -= got
    return h.digest() == f.read(DIGEST)


def _sessions(f, end: int) -> Iterator[Session]:
    with f:
        while f.tell() < end:
            sid, project, cwd, calls = marshal.load(f)
            yield Session(sid, project, [Call(*c[:14], tools=[Tool(*t) for t in c[14]], supplementary=c[15],
                                              subagent=c[16], raw_ts=c[17], steps=_steps(c[18])) for c in calls], cwd)


def _steps(packed) -> list[list[Tool]] | None:
    return None if packed is None else [[Tool(*t) for t in step] for step in packed]


def _tapes(f, end: int) -> Iterator[bytes]:
    with f:
        while f.tell() < end:
            tape = marshal.load(f)
            if not isinstance(tape, bytes):
                raise ValueError("not a records tape")
            yield tape


def _log(counts: tuple) -> ReadLog:
    log = ReadLog()
    for kind, count, where in counts:
        log.counts[kind] = [count, where]
    return log
