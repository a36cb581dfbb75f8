"""SQLite write-ahead logs taken apart and put together again, for tests
and the fuzzer: the frames of a log, and a log re-encoded with another
checksum byte order, other salts or other header fields, its running
checksum worked out afresh (sqlite.org/fileformat2.html §4.1)."""
from __future__ import annotations

import struct

HEADER, FRAME_HEADER = 32, 24
MAGIC_LE, MAGIC_BE = 0x377F0682, 0x377F0683


def checksum(data: bytes, big: bool, s0: int = 0, s1: int = 0) -> tuple[int, int]:
    """The log's running checksum over `data` (a multiple of 8 bytes),
    continued from (s0, s1)."""
    words = struct.unpack(f"{'>' if big else '<'}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def header_fields(wal: bytes) -> dict:
    magic, version, page_size, seq, salt1, salt2, c1, c2 = struct.unpack(">8I", wal[:HEADER])
    return dict(magic=magic, version=version, page_size=page_size, seq=seq, salt1=salt1, salt2=salt2)


def frames(wal: bytes) -> list[tuple[int, int, bytes]]:
    """(page number, database size after commit or 0, page) of every whole
    frame in the file, valid or not."""
    size = header_fields(wal)["page_size"]
    out, at = [], HEADER
    while at + FRAME_HEADER + size <= len(wal):
        pg, commit = struct.unpack(">II", wal[at:at + 8])
        out.append((pg, commit, wal[at + FRAME_HEADER:at + FRAME_HEADER + size]))
        at += FRAME_HEADER + size
    return out


def valid_frames(wal: bytes) -> int:
    """How many frames from the start have the header's salts and a
    running checksum that holds (what a reader may use, commits aside)."""
    h = header_fields(wal)
    big = h["magic"] == MAGIC_BE
    s = checksum(wal[:24], big)
    n, at, size = 0, HEADER, h["page_size"]
    while at + FRAME_HEADER + size <= len(wal):
        fh = wal[at:at + FRAME_HEADER]
        if fh[8:16] != wal[16:24]:
            break
        s = checksum(fh[:8], big, *s)
        s = checksum(wal[at + FRAME_HEADER:at + FRAME_HEADER + size], big, *s)
        if struct.unpack(">II", fh[16:24]) != s:
            break
        n, at = n + 1, at + FRAME_HEADER + size
    return n


def build(fields: dict, body: list[tuple[int, int, bytes]]) -> bytes:
    """A log with header `fields` (header_fields' keys) and these frames,
    every checksum computed in the byte order the magic names."""
    big = fields["magic"] == MAGIC_BE
    head = struct.pack(">6I", fields["magic"], fields["version"], fields["page_size"], fields["seq"],
                       fields["salt1"], fields["salt2"])
    s = checksum(head, big)
    out = [head, struct.pack(">II", *s)]
    salts = struct.pack(">II", fields["salt1"], fields["salt2"])
    for pg, commit, page in body:
        first = struct.pack(">II", pg, commit)
        s = checksum(page, big, *checksum(first, big, *s))
        out.append(first + salts + struct.pack(">II", *s) + page)
    return b"".join(out)


def reencode(wal: bytes, **changes) -> bytes:
    """The log's valid frames in a log whose header has `changes` (e.g.
    magic=MAGIC_BE, salt1=...), checksums recomputed."""
    fields = {**header_fields(wal), **changes}
    return build(fields, frames(wal)[:valid_frames(wal)])
