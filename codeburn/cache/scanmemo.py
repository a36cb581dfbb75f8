"""The last scan's result, kept whole, for a repeat over the same files.

A scan's result (codeburn.read.scan.ScanResult: the call, tool and turn columns
with their categories, the string table, first cwds, counts and what was
skipped) is a pure function of its sources: their order, names and bytes,
the rules, and this build. So the result of a scan is kept beside the file
cache, under a key over exactly those (each file by its device, inode, size,
mtime and ctime, taken before it was read), and a run whose key matches
loads it instead of reading anything: no decoding, no dedup, no turns, no
classifier. Any change (a file appended to, a new session, another period
that selects other files, edited rules) misses, and the per-file cache
(codeburn.cache.filecache) does the work in proportion to what changed.

Only a clean scan is kept: every file read without an error and unchanged
while read, and no damaged cache entry. A records provider's source (a
SQLite store, a task folder) counts by the stamps of every file it is read
from (codeburn.cache.recordcache.source_stamp), so an unchanged multi-GB Cursor
store is not even opened on a repeat. One file, written
atomically: a magic, a JSON header with a CRC, then the arrays with a CRC.
Anything unreadable or inconsistent is a miss, never an error.
"""
from __future__ import annotations

import hashlib
import json
import os
import struct
import zlib
from array import array
from operator import attrgetter

from codeburn._version import __version__
from codeburn.cache.cachedir import AtomicFile, build_stamp, file_stamp, open_kept
from codeburn.providers import PROVIDERS
from codeburn.providers.base import Source, stat_missing

NAME = "scan-v1.cbm"
# 05: the folders records name (cwd_*)
MAGIC = b"CBSCAN05"  # 02: optimize's xt_*/xw_* columns (the records no call row stands for); 03: user corrections and git branches (unprompted_turn, ucorr_turn, branch_turn, branch_id); 04: subagent spawns (spawn_*)
HEAD = struct.Struct("<8sQII")  # magic, header length, header crc, arrays crc
ALIGN = 8


def key(sources: list[Source], rules_digest: str, classify_turns: bool, tz=None) -> str | None:
    """The key of a scan of these sources, or None when it cannot be kept
    (a records provider's source). Stats each source that has no stat yet
    (the read then uses that stat too). The zone is part of it: a time
    written without one is local time there (periods.local_times)."""
    from codeburn._fast.reader import zone_name

    global _last
    head = f"{__version__}\0{build_stamp()}\0{rules_digest}\0{int(classify_turns)}\0{zone_name(tz)}\0"
    if _last is not None and _last[0] is sources and _last[1] == len(sources) and _last[2] == head:
        return _last[3]
    body = _body(sources)
    if body is None:
        return None
    h = hashlib.sha256(head.encode("utf-8", "surrogateescape"))
    h.update(body)
    _last = (sources, len(sources), head, h.hexdigest())
    return _last[3]


# The last key made, by the very list it was made of: a reading command takes
# its kept output's key and then its kept scan's over the same sources, one
# after the other, before anything reads (0.04 s a hash at 15k files). Held
# by identity (the list is kept alive, so no other list can take its place).
_last: tuple | None = None


def _body(sources: list[Source]) -> bytes | None:
    """The digest of every source's fields and stat (a records source's
    stamps, with its place); None when one cannot be stat'ed. Hashed a
    field at a time over BODY_CHUNK files, not a line per file: at 56k
    files a formatted line each cost 0.19 s, the columns about 0.1 s; the
    stats are taken in batches (stat_missing). (Built anew at each call: a
    per-file digest kept on each source cost 0.28 s to make and 0.03 s to
    check.)"""
    h = hashlib.sha256()
    kinds: dict[str, tuple] = {}
    files: list[Source] = []
    for i, s in enumerate(sources):
        kind = kinds.get(s.provider)
        if kind is None:
            module = PROVIDERS[s.provider]
            kind = kinds[s.provider] = (module.KIND == "records", hint_of(s.provider),
                                        getattr(module, "stamp_paths", None), getattr(module, "SIDE_FILES_IF", None))
        if not kind[0]:
            files.append(s)
            continue
        stamp = _records_stamp(s)
        if stamp is None:
            return None
        h.update(repr((i, s.provider, s.path, s.project, s.session_id, s.project_dir, stamp)).encode(
            "utf-8", "surrogateescape") + b"\n")
    if not stat_missing(files):
        return None  # the read reports it; such a scan is not kept
    h.update(f"{len(sources)} {len(files)}\n".encode())
    for lo in range(0, len(files), BODY_CHUNK):
        part = files[lo:lo + BODY_CHUNK]
        for column in _columns(part, kinds):
            h.update("\0".join(column).encode("utf-8", "surrogateescape") + b"\n")
        stats = [s.stat for s in part]
        for field, code in STAT_FIELDS:  # (as 8-byte numbers: str() of 283k ints took 0.09 s of profile)
            try:
                h.update(array(code, map(field, stats)).tobytes())
            except OverflowError:  # (os.stat's time of a file dated past 2262: the digits instead)
                h.update(" ".join(map(str, map(field, stats))).encode() + b"\n")
    return h.digest()


BODY_CHUNK = 4096  # files hashed at a time (56k files' columns at once were 30 MB more at the peak)


# A stat's fields, each hashed as an array of 8-byte numbers (device and
# inode unsigned).
STAT_FIELDS = tuple((attrgetter(f), code) for f, code in (("st_dev", "Q"), ("st_ino", "Q"), ("st_size", "q"),
                                                         ("st_mtime_ns", "q"), ("st_ctime_ns", "q")))
FLAGS = ("00", "01", "10", "11")  # (sidechain, desktop)


def _columns(files: list[Source], kinds: dict[str, tuple]) -> list[list[str]]:
    """Each field of these files but their stats, a list of strings each."""
    return [[s.provider for s in files], [s.path for s in files], [s.project for s in files],
            [s.session_id for s in files], [s.project_dir for s in files],
            list(map(str, [s.agent_type for s in files])), [FLAGS[s.sidechain * 2 + s.desktop] for s in files],
            _extras(files, kinds)]


def _extras(files: list[Source], kinds: dict[str, tuple]) -> list[str]:
    """Per file, the side facts its decode used (Kimi's model: the
    provider's compiled_hint) and the stats of the files it is read with
    besides its own (stamp_paths: Kimi Code's state.json, a Claude Desktop
    session's metadata); "" for most. A module's SIDE_FILES_IF names the
    Source field without which stamp_paths names no other file (Claude:
    `desktop`), so most files are not asked."""
    out = []
    for s in files:
        _, hint, stamps, only_if = kinds[s.provider]
        if hint is None and (stamps is None or (only_if and not getattr(s, only_if))):
            out.append("")
            continue
        paths = stamps(s) if stamps else ()
        side = _side_stats(paths, s.path) if len(paths) > 1 or (paths and paths[0] != s.path) else ""
        out.append(f"{hint(s) if hint else ''}\1{side}")
    return out


def _side_stats(paths: list[str], own: str) -> str:
    """The stats of the files a source is read with besides its own (a
    module's `stamp_paths`): a work dir or a fallback time read from one
    of them is part of what the scan kept."""
    return "\1".join(f"{p} {file_stamp(p)}" for p in paths if p != own)


_HINTS: dict = {}


def hint_of(provider: str):
    """The provider module's compiled_hint, or None (looked up once each)."""
    if provider not in _HINTS:
        _HINTS[provider] = getattr(PROVIDERS[provider], "compiled_hint", None)
    return _HINTS[provider]


# A records source's stamps as key() took them (before the read), by path:
# save() keeps a result only if they still hold after it.
_RECORD_STAMPS: dict[tuple[str, str], tuple] = {}


def _records_stamp(s: Source) -> tuple | None:
    from codeburn.cache.recordcache import source_stamp

    stamp = source_stamp(PROVIDERS[s.provider], s)
    if stamp is not None:
        _RECORD_STAMPS[(s.provider, s.path)] = stamp
    return stamp


def _records_unchanged(s: Source) -> bool:
    """Whether a records provider's store or folder still has the stamp
    key() took (a store's rows may move without its own file's stat)."""
    from codeburn.cache.recordcache import source_stamp

    before = _RECORD_STAMPS.get((s.provider, s.path))
    return before is not None and source_stamp(PROVIDERS[s.provider], s) == before


def path_in(directory: str) -> str:
    return os.path.join(directory, NAME)


def save(directory: str, k: str, result, sources: list[Source], problems) -> bool:
    """Keeps `result` (a ScanResult of `sources`, which were stat'ed before
    they were read) unless a file changed since; whether it did."""
    return start_save(directory, k, result, sources, problems).result()


def start_save(directory: str, k: str, result, sources: list[Source], problems, first=()):
    """save() with its slow half (the records sources' stamps, the CRC and
    the write) in a thread of its own
    (codeburn.cache.later), so that the report is made meanwhile. The layout is
    taken here, so the thread reads nothing the caller may change; the
    returned Later's result() says whether the scan was kept. The columns
    named in `first` are written first: the caller is about to let them go,
    and the write frees each one it has written."""
    from codeburn.cache.later import Later

    blobs, header = _layout(k, result, sources, problems, first)
    return Later(_write, directory, list(sources), header, blobs, name="codeburn-kept-scan")


def _layout(k: str, result, sources: list[Source], problems, first=()) -> tuple[list, bytes]:
    """The arrays' bytes (views, no copy) and the header of a kept scan."""
    import numpy as np

    table, blobs, at = [], [], 0
    cols = result.cols
    for name in [n for n in first if n in cols] + [n for n in cols if n not in first]:
        a = np.ascontiguousarray(cols[name])
        pad = -at % ALIGN
        blobs.append(b"\0" * pad)
        at += pad
        table.append([name, a.dtype.str, int(a.size), at])
        blobs.append(a.reshape(-1).view(np.uint8))  # the array's own bytes: no copy (54 MB at 2 GB)
        at += a.nbytes
    header = json.dumps({
        "key": k, "strings": result.strings, "cwd": result.cwd, "totals": result.stats,
        "lines": problems.lines, "not_sessions": problems.not_sessions, "arrays": table,
        "codex": [[i, s.session_id, s.project, s.project_dir] for i, s in enumerate(sources)
                  if PROVIDERS[s.provider].KIND == "codex"],
        # the sessions records providers read (scan._RecordsFeed), after the discovered sources
        "records": [[s.provider, s.path, s.project, s.session_id, s.project_dir, s.order]
                    for s in result.sources[len(sources):]],
        "record_skips": problems.records,
    }).encode()
    return blobs, header


def _write(directory: str, sources: list[Source], header: bytes, blobs: list) -> bool:
    # A file is not stat'ed again here: its key part holds its device,
    # inode, size, mtime and ctime from before the read, and a file that
    # changed since has another ctime (the kernel sets it at every write),
    # so the next run's key differs and this entry is never served for it.
    # (That second stat of every file held the end of a 56k-file first run
    # by ~0.3 s.) A records store's stamp is checked: its rows may move
    # without its stat doing so.
    for s in sources:
        if PROVIDERS[s.provider].KIND == "records" and not _records_unchanged(s):
            return False  # changed while read: what was read may not be what is there now
    # The arrays' CRC is worked out as they are written, and the head
    # rewritten with it at the end: each array is let go once written, so
    # the columns a command dropped meanwhile (ScanResult.keep_only) are
    # freed as the write goes, not when it ends.
    out = AtomicFile(path_in(directory))
    head_crc = zlib.crc32(header)
    out.write(HEAD.pack(MAGIC, len(header), head_crc, 0))
    out.write(header)
    crc = 0
    for i in range(len(blobs)):
        blob, blobs[i] = blobs[i], None
        crc = zlib.crc32(blob, crc)
        out.write(blob)
        del blob
    out.write_at(0, HEAD.pack(MAGIC, len(header), head_crc, crc))
    return out.commit()


def load(directory: str, k: str):
    """(header, columns) of the kept scan when its key is `k`, else None."""
    try:
        with open_kept(path_in(directory)) as f:
            size = os.fstat(f.fileno()).st_size
            magic, n, head_crc, crc = HEAD.unpack(f.read(HEAD.size))
            if magic != MAGIC or n > size - HEAD.size:
                return None
            header_bytes = f.read(n)
            if len(header_bytes) != n or zlib.crc32(header_bytes) != head_crc:
                return None
            header = json.loads(header_bytes)
            if not isinstance(header, dict) or header.get("key") != k:
                return None
            rest = size - HEAD.size - n
            buf = bytearray(rest)  # writable: the columns are numpy views into it
            if f.readinto(buf) != rest or zlib.crc32(buf) != crc:
                return None
        # numpy only for a hit: on a miss the read starts first, and numpy
        # is imported while its threads decode (0.05-0.1 s of a first run)
        import numpy as np

        cols = {}
        for name, dtype, size, at in header["arrays"]:
            cols[name] = np.frombuffer(buf, dtype=np.dtype(dtype), count=size, offset=at)
        return header, cols
    except (OSError, ValueError, TypeError, KeyError, struct.error):
        return None
