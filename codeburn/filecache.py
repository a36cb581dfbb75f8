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

All entries live in `<cache dir>/files-v4/pack.cbp`, rewritten in one
piece (temp file + rename) when a run decoded something new: one file
write per run instead of one per session file, which costs more than the
decode it saves on a cold run. Every entry carries a CRC of its path and
bytes; a corrupt pack or entry is ignored, named in a warning and rebuilt.
"""
from __future__ import annotations

import mmap
import os
import struct
import threading
import zlib

from codeburn._fast.reader import DecodedFile
from codeburn.cachedir import write_atomic

SUBDIR = "files-v4"  # v3: Codex rollouts too (a new decoded layout); v4: optimize's columns (Event, ToolRow grew)
OLD_SUBDIRS = ("files-v2", "files-v3")  # packs of earlier versions: removed when a new pack is written
PACK = "pack.cbp"
MAGIC = b"CBPACK02"
COUNT = struct.Struct("<Q")
# dev, inode, size, mtime ns, offset, length, crc, head crc, tail crc, path length
ENTRY = struct.Struct("<QQQqQQIIII")
EDGE = 4096  # bytes at the start and before the end whose CRCs vouch for an append


class FileCache:
    def __init__(self, directory: str):
        self.root = directory            # the cache dir: kept 0700 (cachedir.write_atomic)
        self.dir = os.path.join(directory, SUBDIR)
        self.path = os.path.join(self.dir, PACK)
        self.corrupt: list[str] = []     # what could not be used: the pack, or entries' file paths
        self.hits = 0
        self.resumed = 0
        self.new: dict[str, tuple[tuple, tuple, bytes]] = {}   # path -> (stat key, edge crcs, dump) of this run
        self.lock = threading.Lock()
        # path -> (stat key, offset, length, crc, (head crc, tail crc))
        self.entries: dict[str, tuple[tuple, int, int, int, tuple]] = {}
        self.blobs = memoryview(b"")
        self.map: mmap.mmap | None = None
        self.blob_start = 0
        self._read()

    def _read(self) -> None:
        # Mapped, not read: only the entries used are paged in, and a large
        # file's entry is decoded from the page cache without a copy (a
        # 48 MB pack cost 184 MB peak RSS read and copied).
        try:
            with open(self.path, "rb") as f:
                if os.fstat(f.fileno()).st_size == 0:  # cannot be mapped; written, it is never empty
                    self.corrupt.append(self.path)
                    return
                self.map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except OSError:
            return
        data = memoryview(self.map)
        try:
            self.entries, start = _parse_index(data)
        except (ValueError, struct.error, UnicodeDecodeError):
            self.corrupt.append(self.path)
            self.entries = {}
            return
        self.blobs = data[start:]
        self.blob_start = start

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
        entry = self.entries.get(path)
        if entry is None:
            return None, 0
        key, offset, length, crc, edges = entry
        same = key == _key(st)
        grown = key[:2] == (st.st_dev, st.st_ino) and st.st_size > key[2] and _edges(path, key[2]) == edges
        if not (same or grown):
            return None, 0  # rewritten, truncated or replaced: read it whole
        blob = self.blobs[offset:offset + length]
        decoded = DecodedFile.loads(blob) if len(blob) == length and _crc(path, blob) == crc else None
        self._forget(offset, length)
        with self.lock:
            if decoded is None:
                self.corrupt.append(path)
            elif same:
                self.hits += 1
            else:
                self.resumed += 1
        return decoded, (0 if same or decoded is None else key[2])

    def put(self, path: str, st: os.stat_result, decoded: DecodedFile) -> None:
        """Keeps `decoded` when the file is complete and did not change while read."""
        if _complete(path, st):
            edges = _edges(path, st.st_size)
            dump = decoded.dumps()
            with self.lock:
                self.new[path] = (_key(st), edges, dump)

    def save(self) -> None:
        """Writes the pack if this run decoded anything new (or found damage);
        entries of files that no longer exist are dropped."""
        if not self.new and not self.corrupt:
            return
        index, blobs, offset = [], [], 0
        for path, (key, off, length, crc, edges) in self.entries.items():
            if path in self.new or path in self.corrupt or not os.path.exists(path):
                continue
            blob = bytes(self.blobs[off:off + length])
            index.append((path, key, offset, length, crc, edges))
            blobs.append(blob)
            offset += length
        for path, (key, edges, dump) in self.new.items():
            index.append((path, key, offset, len(dump), _crc(path, dump), edges))
            blobs.append(dump)
            offset += len(dump)
        self.close()  # the new pack replaces the mapped one (which Windows refuses while it is mapped)
        write_atomic(self.path, [_index_bytes(index), *blobs], root=self.root)
        _remove_old_packs(os.path.dirname(self.dir))

    def _forget(self, offset: int, length: int) -> None:
        """An entry's pages leave this process's resident set once loaded
        (they stay in the page cache): a large file's entry would otherwise
        count twice, mapped and decoded."""
        if self.map is None or not hasattr(mmap, "MADV_DONTNEED"):
            return
        start = self.blob_start + offset
        first = start // mmap.PAGESIZE * mmap.PAGESIZE
        try:
            self.map.madvise(mmap.MADV_DONTNEED, first, start + length - first)
        except (OSError, ValueError):
            pass  # only memory is at stake

    def close(self) -> None:
        """Unmaps the pack; entries can no longer be loaded."""
        self.blobs.release()
        self.blobs = memoryview(b"")
        self.entries = {}
        if self.map is not None:
            self.map.close()
            self.map = None

    def warnings(self) -> list[str]:
        if not self.corrupt:
            return []
        from codeburn.scan import shown

        more = f" (and {len(self.corrupt) - 1} more)" if len(self.corrupt) > 1 else ""
        what = "cache entr" + ("y" if len(self.corrupt) == 1 else "ies")
        return [f"{len(self.corrupt)} {what} could not be used (corrupt), read again and rebuilt: "
                f"{shown(self.corrupt[0])}{more}"]


def _key(st: os.stat_result) -> tuple:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _crc(path: str, blob: bytes) -> int:
    return zlib.crc32(blob, zlib.crc32(os.fsencode(path)))


def _parse_index(data: bytes) -> tuple[dict, int]:
    if data[:len(MAGIC)] != MAGIC:
        raise ValueError("not a codeburn pack")
    p = len(MAGIC)
    (count,) = COUNT.unpack_from(data, p)
    p += COUNT.size
    if count > len(data) // ENTRY.size:
        raise ValueError("entry count past the end")
    entries = {}
    for _ in range(count):
        dev, ino, size, mtime, offset, length, crc, head, tail, n = ENTRY.unpack_from(data, p)
        p += ENTRY.size
        name = bytes(data[p:p + n])
        if len(name) != n:
            raise ValueError("truncated index")
        p += n
        entries[os.fsdecode(name)] = ((dev, ino, size, mtime), offset, length, crc, (head, tail))
    blob_bytes = len(data) - p
    if any(e[1] + e[2] > blob_bytes for e in entries.values()):
        raise ValueError("an entry past the end")
    return entries, p


def _index_bytes(index: list) -> bytes:
    parts = [MAGIC, COUNT.pack(len(index))]
    for path, (dev, ino, size, mtime), offset, length, crc, (head, tail) in index:
        name = os.fsencode(path)
        parts.append(ENTRY.pack(dev, ino, size, mtime, offset, length, crc, head, tail, len(name)))
        parts.append(name)
    return b"".join(parts)


def _remove_old_packs(directory: str) -> None:
    for sub in OLD_SUBDIRS:
        try:
            os.remove(os.path.join(directory, sub, PACK))
            os.rmdir(os.path.join(directory, sub))
        except OSError:
            pass  # absent, or holds files that are not ours


def _read_at(f, offset: int, n: int) -> bytes:
    """n bytes at offset (seek + read: os.pread is not on Windows)."""
    f.seek(offset)
    return f.read(n)


def _edges(path: str, size: int) -> tuple[int, int]:
    """CRCs of the first EDGE bytes and of the EDGE bytes before `size`."""
    try:
        with open(path, "rb") as f:
            n = min(EDGE, size)
            return zlib.crc32(_read_at(f, 0, n)), zlib.crc32(_read_at(f, size - n, n))
    except OSError:
        return (-1, -1)


def _complete(path: str, st: os.stat_result) -> bool:
    """Ends in a newline and is still as it was when the read began."""
    try:
        now = os.stat(path)
        if _key(now) != _key(st):
            return False
        if st.st_size == 0:
            return True
        with open(path, "rb") as f:
            return _read_at(f, st.st_size - 1, 1) == b"\n"
    except OSError:
        return False
