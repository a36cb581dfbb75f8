"""Per-file cache of decoded Claude Code files.

A file's decoded form (codeburn._fast.reader.DecodedFile: its calls with
their dedup keys, tool uses, prompts and line counts, before anything that
depends on other files) is a pure function of its bytes, so it is kept on
disk and reused while the file is unchanged: same device, inode, size and
mtime, and the entry names the same path. Cross-file dedup and turns are
worked out afresh on every run, in discovery order, so a report from a
partly cached history equals a cold one exactly.

Only complete files are kept (ending in a newline, unchanged while read): a
file being written, or with a torn last line, is read again next time.
Entries are written atomically (temp file + rename) under
`<cache dir>/files-v1/`; a corrupt, truncated or foreign entry is ignored,
named in a warning and rewritten.
"""
from __future__ import annotations

import hashlib
import os
import struct

from codeburn._fast.reader import DecodedFile

SUBDIR = "files-v1"
HEADER = struct.Struct("<8sQQQqI")  # magic, dev, inode, size, mtime ns, path length
MAGIC = b"CBFILE01"


class FileCache:
    def __init__(self, directory: str):
        self.dir = os.path.join(directory, SUBDIR)
        self.corrupt: list[str] = []    # paths whose entry could not be used
        self.hits = self.writes = 0

    def entry(self, path: str) -> str:
        return os.path.join(self.dir, hashlib.sha256(os.fsencode(path)).hexdigest()[:40] + ".cbd")

    def get(self, path: str, st: os.stat_result) -> DecodedFile | None:
        try:
            with open(self.entry(path), "rb") as f:
                data = f.read()
        except OSError:
            return None
        if len(data) < HEADER.size:
            self.corrupt.append(path)
            return None
        magic, dev, ino, size, mtime, n = HEADER.unpack_from(data)
        if magic != MAGIC or data[HEADER.size:HEADER.size + n] != os.fsencode(path):
            self.corrupt.append(path)
            return None
        if (dev, ino, size, mtime) != (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns):
            return None  # the file changed: read it again
        decoded = DecodedFile.loads(data[HEADER.size + n:])
        if decoded is None:
            self.corrupt.append(path)
        else:
            self.hits += 1
        return decoded

    def put(self, path: str, st: os.stat_result, decoded: DecodedFile) -> None:
        """Keeps `decoded` when the file is complete and did not change while read."""
        if not _complete(path, st):
            return
        name = os.fsencode(path)
        blob = HEADER.pack(MAGIC, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, len(name)) + name + decoded.dumps()
        target = self.entry(path)
        tmp = f"{target}.{os.getpid()}.{id(decoded)}.tmp"
        try:
            os.makedirs(self.dir, exist_ok=True)
            with open(tmp, "wb") as f:
                f.write(blob)
            os.replace(tmp, target)
            self.writes += 1
        except OSError:
            try:
                os.unlink(tmp)
            except OSError:
                pass  # a read-only or full cache dir only costs a re-read next time

    def warnings(self) -> list[str]:
        if not self.corrupt:
            return []
        from codeburn.scan import shown

        more = f" (and {len(self.corrupt) - 1} more)" if len(self.corrupt) > 1 else ""
        return [f"{len(self.corrupt)} cache entr{'y' if len(self.corrupt) == 1 else 'ies'} could not be used "
                f"(corrupt or foreign), read the files again: {shown(self.corrupt[0])}{more}"]


def _complete(path: str, st: os.stat_result) -> bool:
    """Ends in a newline and is still as it was when the read began."""
    try:
        now = os.stat(path)
        if (now.st_size, now.st_mtime_ns, now.st_ino) != (st.st_size, st.st_mtime_ns, st.st_ino):
            return False
        if st.st_size == 0:
            return True
        fd = os.open(path, os.O_RDONLY)
        try:
            return os.pread(fd, 1, st.st_size - 1) == b"\n"
        finally:
            os.close(fd)
    except OSError:
        return False
