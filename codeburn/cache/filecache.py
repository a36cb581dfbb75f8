"""Per-file cache of decoded Claude Code and Codex files, kept in one pack file.

A file's decoded form (codeburn._fast.reader.DecodedFile: its calls with
their dedup keys, tool uses, prompts and line counts, before anything that
depends on other files) is a pure function of its bytes, so it is kept and
reused while the file is unchanged: same device, inode, size and mtime.
Cross-file dedup and turns are worked out afresh on every run, in discovery
order, so a report from a partly cached history equals a cold one exactly.

Only complete files are kept (ending in a newline, unchanged while read): a
file being written, or with a torn last line, is read again next time. A
file that grew (same device and inode, larger, its first and last 4 KiB
before the old end unchanged: JSONL is appended to) is resumed from the old
end; anything else that changed is read again whole.

All entries live in `<cache dir>/files-v29/pack.cbp` and its deltas: one
file per run instead of one per session file, which costs more than the
decode it saves on a cold run. A new entry goes to the next file as soon as
it is decoded, so a first run never holds the pack in memory; the index
follows the entries, and a footer says where it starts. A run that decoded
a few files (a session appended to, a new one) writes only those, as a
delta `pack-<base>-<n>.cbp` whose entries replace the pack's; the pack is
rewritten whole (temp file + rename, the deltas folded in and removed) on a
first run, once the deltas reach half the pack's size or DELTAS_MAX files,
or after damage. Every entry carries a CRC of its path and bytes; a corrupt
pack, delta or entry is ignored, named in a warning and rebuilt.
"""
from __future__ import annotations

import mmap
import os
import struct
import sys
import threading
import zlib

from codeburn._fast.reader import QUEUE_LOAD, QUEUE_RESUME, DecodedFile, PackOut
from codeburn.cache.cachedir import AtomicFile, open_kept, remove_stale_temps

# Entries are the decoders' output, and the pack is not keyed on the build:
# a change to what a file decodes to bumps the version, or old entries would
# keep the old reading. v28: a user line over 32 KiB joins only its non-empty
# text parts; v27: a legacy Kimi record's model of "" is its
# model (not the next name); v26: Codex shell commands' mcp-cli and SKILL.md
# matchers take JavaScript's Unicode white space; v25: a user line over 32 KiB takes `input_text`
# blocks as text; v24: the folders Claude records name (E_CWD, optimize's
# config files); v23: a line with a lone surrogate escape or bytes not
# in UTF-8 is a record (decoded again with U+FFFD), not skipped; v18: a subagent tool's tool_use id and the one a
# spawn result answers (pull-request pairing); v17: times read as JavaScript's Date reads them
# (2026-02-30 rolls over, 24:00, no 60th second, no hour-only offset); v16:
# OpenClaw's and Kimi's command names once per call;
# v13: a call's records counted by their own time
# and own cache write (own_ts, lines; no line_cw); v12: E_LINES events and a call's line_cw, what
# optimize counts of the records no call row stands for; v11: OpenClaw's and
# Kimi's tools of a call once per canonical name (`exec` and `bash` one Bash);
# v30: a Claude or Codex line that is not an object but broken JSON ("[1,,2]")
# counted as invalid; v29: a shell command's quoted span next to && ; | cut away with the separator,
# as 0.9.20's extractBashCommands cuts it; v10: a time without a zone is local time, the
# decode keeping the zone it was read in; v9: lines over 32 KiB read as 0.9.20's field scanner
# reads them, an assistant record with a user-role message no call, a Codex
# model of "" the session's; v8: BOM lines and untimed stream starts read as
# 0.9.20 reads them; v7: compact events; v6: self-correction candidates;
# v5: entries first, the index after them.
SUBDIR = "files-v30"
OLD_SUBDIRS = ("files-v2", "files-v3", "files-v4", "files-v5", "files-v6", "files-v7", "files-v8", "files-v9",
               "files-v10", "files-v11", "files-v12", "files-v13", "files-v14", "files-v15",
               "files-v16", "files-v17", "files-v18", "files-v19",
               "files-v20", "files-v21", "files-v22", "files-v23",
               "files-v24", "files-v25", "files-v26", "files-v27", "files-v28", "files-v29")  # caches of earlier versions: removed when a new pack is written
PACK = "pack.cbp"
RULES_MARK = "\0rules:"  # the index entry that names the rules a pack was decoded under (no file has a NUL)
MAGIC = b"CBPACK04"
FOOTER = struct.Struct("<QQ8s")  # index offset, entry count, MAGIC
# dev, inode, size, mtime ns, offset, length, crc, head crc, tail crc, path length
ENTRY = struct.Struct("<QQQqQQIIII")
EDGE = 4096  # bytes at the start and before the end whose CRCs vouch for an append
FORGET_BYTES = 8 << 20  # entries loaded between drops of the mapped pack's pages (see FileCache._forget)
DELTAS_MAX = 16  # deltas kept before the pack is rewritten with them
INDEX_CHUNK = 1024  # index entries encoded and written at a time


class FileCache:
    def __init__(self, directory: str, rules: str | None = None):
        self.root = directory            # the cache dir: kept 0700 (cachedir.write_atomic)
        # The digest of the rules the decoders read (tool and command tables): a pack
        # written under other rules is not used (None: not asked, not written).
        self.rules = rules
        self.dir = os.path.join(directory, SUBDIR)
        self.path = os.path.join(self.dir, PACK)
        self.corrupt: list[str] = []     # what could not be used: the pack, or entries' file paths
        self.hits = 0
        self.resumed = 0
        # path -> (stat key, offset, length, crc, edge crcs) of the entries of this run, already in `out`
        self.new: dict[str, tuple[tuple, int, int, int, tuple]] = {}
        self.out = AtomicFile(self.path, root=self.root)  # the next pack, begun by the first new entry
        self.writer: PackOut | None = None  # appends new entries to `out` from the decoding threads
        self.result_key: str | None = None  # codeburn.cache.scanmemo's key for this run's sources, if it has one
        self.lock = threading.Lock()
        # path -> (stat key, offset, length, crc, (head crc, tail crc), part)
        self._entries: dict[str, tuple[tuple, int, int, int, tuple, int]] | None = None  # read on first use
        # The mapped pack (part 0) and its deltas: an entry's offset is into its part.
        self.parts: list[tuple[mmap.mmap, memoryview]] = []
        self.deltas: list[str] = []  # the deltas read, in order
        self.stale: list[str] = []   # deltas of another pack (it was rewritten since): removed by the next write
        self.base_id = ""            # names the pack the deltas belong to (_pack_id)
        self.loaded = 0  # bytes of entries loaded since the mappings' pages were last dropped

    @property
    def entries(self) -> dict[str, tuple[tuple, int, int, int, tuple]]:
        """path -> entry; the pack is mapped and its index read on first use
        (a run answered by the kept scan, codeburn.cache.scanmemo, never needs it)."""
        if self._entries is None:
            self._entries = {}
            self._read()
        return self._entries

    def _read(self) -> None:
        # Mapped, not read: only the entries used are paged in, and a large
        # file's entry is decoded from the page cache without a copy (a
        # 48 MB pack cost 184 MB peak RSS read and copied).
        try:
            with open_kept(self.path) as f:
                st = os.fstat(f.fileno())
                if st.st_size == 0:  # cannot be mapped; written, it is never empty
                    self.corrupt.append(self.path)
                    return
                self.base_id = _pack_id(st)
                index = self._map(f, self.path)
        except OSError:
            return
        if index is None:
            return
        written_under = next((p[len(RULES_MARK):] for p in index if p.startswith(RULES_MARK)), None)
        if self.rules is not None and written_under != self.rules:
            self.close()  # decoded under other rules: every file is read again, and the pack rewritten
            return
        self._entries = {path: (*entry, 0) for path, entry in index.items() if not path.startswith(RULES_MARK)}
        self._read_deltas()

    def _map(self, f, path: str) -> dict | None:
        """Maps one more part and reads its index; None (named as corrupt) when damaged."""
        m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        data = memoryview(m)
        try:
            index = _parse_index(data)
        except (ValueError, struct.error, UnicodeDecodeError):
            self.corrupt.append(path)
            data.release()
            m.close()
            return None
        self.parts.append((m, data))
        return index

    def _read_deltas(self) -> None:
        """The deltas of this pack, in the order written: each one's entries
        replace the pack's (and earlier deltas') for the same files."""
        for name, seq, base in _delta_names(self.dir):
            path = os.path.join(self.dir, name)
            if base != self.base_id:
                self.stale.append(path)
                continue
            try:
                with open_kept(path) as f:
                    index = self._map(f, path)
            except (OSError, ValueError):  # vanished (another run folded it in), or empty
                index = None
            if index is None:
                self.stale.append(path)  # removed when the pack is rewritten (damage rewrites it)
            else:
                part = len(self.parts) - 1
                self.deltas.append(path)
                self._entries.update((p, (*entry, part)) for p, entry in index.items())

    def unchanged(self, path: str, st: os.stat_result) -> bool:
        """Whether the pack has this file as it is now (a cheap check: no load)."""
        entry = self.entries.get(path)
        return entry is not None and entry[0] == _key(st)

    def known(self, path: str) -> bool:
        """Whether the pack has an entry for this path, of any size."""
        return path in self.entries

    def get(self, path: str, st: os.stat_result) -> tuple[DecodedFile | None, int]:
        """(decoded, 0) for an unchanged file; (decoded up to n bytes, n) for
        a file appended to since; (None, 0) when it must be read whole."""
        found = self.entry_for(path, st)
        if found is None:
            return None, 0
        task, blob, crc, resume_at, span = found
        decoded = DecodedFile.loads(blob) if len(blob) == span[1] and _crc(path, blob) == crc else None
        same = task == QUEUE_LOAD
        self.count_use(path, same, not same, decoded is None, span)
        return decoded, (0 if decoded is None else resume_at)

    def entry_for(self, path: str, st: os.stat_result):
        """Where this file's entry is, when it can serve: (QUEUE_LOAD (the
        file is unchanged) or QUEUE_RESUME (appended to since), the entry's
        bytes (a view of the mapped pack), its CRC, the size it was decoded
        at (0 when unchanged), (offset, length)); None when the file must be
        read whole. The caller checks the CRC (get() here, or a decoding
        thread) and count_use() then counts."""
        entry = self.entries.get(path)
        if entry is None:
            return None
        key, offset, length, crc, edges, part = entry
        same = key == _key(st)
        grown = not same and key[:2] == (st.st_dev, st.st_ino) and st.st_size > key[2] \
            and _edges(path, key[2]) == edges
        if not (same or grown):
            return None  # rewritten, truncated or replaced: read it whole
        blob = self.parts[part][1][offset:offset + length]
        return (QUEUE_LOAD if same else QUEUE_RESUME), blob, crc, (0 if same else key[2]), (offset, length)

    def count_use(self, path: str, same: bool, grown: bool, damaged: bool, span: tuple[int, int]) -> None:
        """What an entry entry_for() gave was: damaged (named, read again),
        or used for an unchanged or a grown file; its pages then leave the
        resident set (_forget)."""
        self._forget(*span)
        with self.lock:
            if damaged:
                self.corrupt.append(path)
            elif same:
                self.hits += 1
            elif grown:
                self.resumed += 1

    def put(self, path: str, st: os.stat_result, decoded: DecodedFile) -> None:
        """Keeps `decoded` when the file is complete and did not change while
        read: it is written to the next pack now, not held until save()."""
        # The reader's own look at the file when its read ended, else (read
        # in parts, or on Windows) one here.
        settled = decoded.settled
        edges = _settled_edges(path, st) if settled is None else settled[1] if settled[0] == _key(st) else None
        if edges is None:
            return
        writer = self._writer()
        got = writer.add(decoded, os.fsencode(path)) if writer is not None else None
        if got is None:
            self._failed(writer)
            return
        self.record(path, st, got, edges)

    def record(self, path: str, st: os.stat_result, entry: tuple[int, int, int], edges: tuple[int, int]) -> None:
        """An entry appended to the pack (offset, length, crc; by put(), or by
        a decoding thread itself), for `path` as it was at `st`, its edges as
        the read found them."""
        self.record_many([(path, st, entry, edges)])

    def record_many(self, kept: list[tuple[str, os.stat_result, tuple[int, int, int], tuple[int, int]]]) -> None:
        """record() of many entries: (path, stat, (offset, length, crc), edges) each."""
        with self.lock:
            self.new.update((path, (_key(st), *entry, edges)) for path, st, entry, edges in kept)

    def thread_writer(self) -> PackOut | None:
        """The pack's writer, for threads that append entries without the GIL
        and tell of them with record() (None: nothing can be kept)."""
        return self._writer()

    def abandon_pack(self) -> None:
        """A thread's append failed: no more are made, and the file goes."""
        self._failed(self.writer)

    def _writer(self) -> PackOut | None:
        """What appends entries to the next pack (its magic written first)."""
        with self.lock:
            if self.writer is None and not self.out.failed and self.out.write(MAGIC):
                fd = self.out.raw_fd()
                if fd is not None:
                    self.writer = PackOut(fd, self.out.size)
            return self.writer

    def _failed(self, writer: PackOut | None) -> None:
        """A write of the next pack failed: no more are made, and the file goes."""
        with self.lock:
            if writer is not None and writer is self.writer:
                writer.close()  # waits for a write under way; none starts after it
                self.writer = None
                error = writer.error
                self.out.abort(OSError(error, os.strerror(error)) if error else None)

    def _writer_done(self) -> None:
        """The decoding is over: `out` takes over the file where the entries end."""
        if self.writer is not None:
            self.writer.close()  # (writes the entries it gathered)
            if self.writer.error:
                self._failed(self.writer)
                return
            self.out.size = self.writer.offset
            self.writer = None

    def save(self) -> None:
        """Completes this run's file if it decoded anything new (or found
        damage): a delta of the new entries alone while the pack's deltas
        stay small, else the whole pack anew: the entries of the old pack
        and deltas that are still wanted, then the index; entries of files
        that no longer exist are dropped."""
        self._writer_done()
        if not self.new and not self.corrupt:
            self.out.abort()
            self._forget(0, FORGET_BYTES)  # the last entries loaded leave the resident set too
            return
        remove_stale_temps(self.dir)  # a killed run's unfinished pack, if any
        if not self.out.size:
            self.out.write(MAGIC)
        if self._as_delta():
            self._finish(list(self.new.items()), os.path.join(self.dir, _delta_name(self.base_id, len(self.deltas))))
            return
        index = list(self.new.items())
        if self.rules is not None:  # (an entry of no bytes, named after the rules: the pack's own record of them)
            index.append((RULES_MARK + self.rules, ((0, 0, 0, 0), len(MAGIC), 0, 0, (0, 0))))
        for path, (key, off, length, crc, edges, part) in self.entries.items():
            if path in self.new or path in self.corrupt or not os.path.exists(path):
                continue
            index.append((path, (key, self.out.size, length, crc, edges)))
            self.out.write(self.parts[part][1][off:off + length])
            self._forget(off, length)
        gone = self.deltas + self.stale
        self._finish(index, self.path)
        for path in gone:  # folded into the pack, or of a pack that is gone
            try:
                os.remove(path)
            except OSError:
                pass
        _remove_old_packs(os.path.dirname(self.dir))

    def _as_delta(self) -> bool:
        """Whether this run's entries go to a delta: there is a sound pack
        to add to, and its deltas stay under half its size and DELTAS_MAX."""
        if self.corrupt or not self.parts or len(self.deltas) >= DELTAS_MAX:
            return False
        base = len(self.parts[0][1])
        return sum(len(data) for _, data in self.parts[1:]) + self.out.size < base // 2

    def _finish(self, index: list, target: str) -> None:
        at = self.out.size
        for start in range(0, len(index), INDEX_CHUNK):  # (a first run's whole index was ~10 MB of objects at once)
            self.out.write(_index_bytes([(path, *entry) for path, entry in index[start:start + INDEX_CHUNK]]))
        self.out.write(FOOTER.pack(at, len(index), MAGIC))
        self.close()  # the new file may replace a mapped one (which Windows refuses while it is mapped)
        self.out.target = target
        self.out.commit()

    def _forget(self, offset: int, length: int) -> None:
        """Loaded entries' pages leave this process's resident set (they stay
        in the page cache): a large file's entry would otherwise count
        twice, mapped and decoded. The whole mapping is dropped once every
        FORGET_BYTES loaded, not each entry's range: a page fault maps the
        cached pages around it too (the kernel's fault-around, 64 KB), which
        brought dropped neighbours back, and the pack ended up resident."""
        self.loaded += length
        if self.loaded < FORGET_BYTES and length < FORGET_BYTES:
            return
        self.loaded = 0
        if not hasattr(mmap, "MADV_DONTNEED"):
            return
        for m, _ in self.parts:
            try:
                m.madvise(mmap.MADV_DONTNEED)
            except (OSError, ValueError):
                pass  # only memory is at stake

    def close(self) -> None:
        """Unmaps the pack and its deltas; entries can no longer be loaded."""
        for m, data in self.parts:
            data.release()
            m.close()
        self.parts = []
        self._entries = {}

    def warnings(self) -> list[str]:
        if not self.corrupt:
            return []
        from codeburn.read.scan import shown

        more = f" (and {len(self.corrupt) - 1} more)" if len(self.corrupt) > 1 else ""
        what = "cache entr" + ("y" if len(self.corrupt) == 1 else "ies")
        return [f"{len(self.corrupt)} {what} could not be used (corrupt), read again and rebuilt: "
                f"{shown(self.corrupt[0])}{more}"]


def _pack_id(st: os.stat_result) -> str:
    """Names one pack file: it is never changed in place, only replaced by
    a new file (a new inode, a new mtime)."""
    return f"{st.st_ino:x}.{st.st_size:x}.{st.st_mtime_ns:x}"


def _delta_name(base_id: str, seq: int) -> str:
    return f"pack-{base_id}-{seq:04d}.cbp"


def _delta_names(directory: str) -> list[tuple[str, int, str]]:
    """(name, sequence number, pack id) of the deltas in `directory`, in the order written."""
    out = []
    try:
        names = os.listdir(directory)
    except OSError:
        return out
    for name in names:
        if name.startswith("pack-") and name.endswith(".cbp"):
            base, _, seq = name[len("pack-"):-len(".cbp")].rpartition("-")
            if base and seq.isdigit():
                out.append((name, int(seq), base))
    return sorted(out, key=lambda t: (t[2], t[1]))


def _key(st: os.stat_result) -> tuple:
    """A file as the pack knows it. The last field is the later of its
    mtime and ctime: a chmod (a file made unreadable must be read, and
    named) or an mtime set back after a rewrite moves the ctime alone."""
    return (st.st_dev, st.st_ino, st.st_size, max(st.st_mtime_ns, st.st_ctime_ns))


def _crc(path: str, blob: bytes) -> int:
    return zlib.crc32(blob, zlib.crc32(os.fsencode(path)))


def _parse_index(data: bytes) -> dict:
    """path -> entry, from the index the footer points at; every entry lies
    between the magic and the index."""
    if len(data) < len(MAGIC) + FOOTER.size or data[:len(MAGIC)] != MAGIC:
        raise ValueError("not a codeburn pack")
    end = len(data) - FOOTER.size
    p, count, magic = FOOTER.unpack_from(data, end)
    if magic != MAGIC or not len(MAGIC) <= p <= end or count > (end - p) // ENTRY.size:
        raise ValueError("damaged footer")
    entries = {}
    for _ in range(count):
        dev, ino, size, mtime, offset, length, crc, head, tail, n = ENTRY.unpack_from(data, p)
        p += ENTRY.size
        name = bytes(data[p:p + n])
        if len(name) != n:
            raise ValueError("truncated index")
        p += n
        entries[os.fsdecode(name)] = ((dev, ino, size, mtime), offset, length, crc, (head, tail))
    if p != end:
        raise ValueError("index size")
    index_at = FOOTER.unpack_from(data, end)[0]
    if any(e[1] < len(MAGIC) or e[1] + e[2] > index_at for e in entries.values()):
        raise ValueError("an entry outside the entries")
    return entries


def _index_bytes(index: list) -> bytes:
    parts = []
    # (os.fsencode's own steps, without its Python frame: 56k calls were 0.1 s)
    encoding, errors = sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()
    for path, (dev, ino, size, mtime), offset, length, crc, (head, tail) in index:
        name = path.encode(encoding, errors)
        parts.append(ENTRY.pack(dev, ino, size, mtime, offset, length, crc, head, tail, len(name)))
        parts.append(name)
    return b"".join(parts)


def _remove_old_packs(directory: str) -> None:
    """The packs (with their deltas), turn memos and kept scans and reports
    of earlier versions, and their folders when nothing else is left in them."""
    for sub in OLD_SUBDIRS:
        d = os.path.join(directory, sub)
        try:
            names = os.listdir(d)
        except OSError:
            continue  # absent
        for name in names:
            if (name.startswith("pack") and name.endswith(".cbp")) or \
                    (name.startswith(("turns-", "scan-", "report-")) and name.endswith(".cbm")):
                try:
                    os.remove(os.path.join(d, name))
                except OSError:
                    pass
        try:
            os.rmdir(d)
        except OSError:
            pass  # holds files that are not ours


def _read_at(f, offset: int, n: int) -> bytes:
    """n bytes at offset (seek + read: os.pread is not on Windows)."""
    f.seek(offset)
    return f.read(n)


def _settled_edges(path: str, st: os.stat_result) -> tuple[int, int] | None:
    """_edges(path, size) of a file that ends in a newline and is still as
    it was when the read began (stat `st`), else None: one open."""
    try:
        with open_kept(path) as f:
            if _key(os.fstat(f.fileno())) != _key(st):
                return None
            n = min(EDGE, st.st_size)
            head = _read_at(f, 0, n)
            tail = head if st.st_size <= EDGE else _read_at(f, st.st_size - n, n)
    except OSError:
        return None
    if len(tail) != n or (n and tail[-1:] != b"\n"):
        return None
    return zlib.crc32(head), zlib.crc32(tail)


def _edges(path: str, size: int) -> tuple[int, int]:
    """CRCs of the first EDGE bytes and of the EDGE bytes before `size`."""
    try:
        with open_kept(path) as f:
            n = min(EDGE, size)
            return zlib.crc32(_read_at(f, 0, n)), zlib.crc32(_read_at(f, size - n, n))
    except OSError:
        return (-1, -1)
