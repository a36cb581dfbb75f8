"""How the compiled reader reads a file (_fast/includes/cb_infile.h): one
read(2) at a time into its buffer, the edges it vouches for taken from the
bytes it read when the file did not change meanwhile, and every path that
reads part of a file (a resumed append, a large file in parts) as exact as
a read of the whole."""
from __future__ import annotations

import os
import zlib

import pytest

from codeburn._fast.reader import Scanner
from codeburn.cache.filecache import FileCache
from codeburn.providers import claude
from codeburn.providers.base import Walker
from codeburn.read.scan import scan_sources
from tests.conftest import as_bytes, assistant_line, reader_vouches, usage, user_line

SONNET = "claude-sonnet-4-5-20250929"
BLOCK = 4 << 20  # cb_scan.h BLOCK: the bytes one read asks for


def _lines(size: int) -> bytes:
    """`size` bytes of lines of 1-199 bytes, the last one ending the file."""
    out, i = bytearray(), 0
    while len(out) < size:
        n = min(1 + (i * 37) % 199, size - len(out))
        out += bytes(97 + (i + k) % 26 for k in range(n - 1)) + b"\n"
        i += 1
    return bytes(out)


@pytest.mark.skipif(os.name == "nt", reason="the reader looks at the file itself on POSIX only")
@pytest.mark.parametrize("size", [BLOCK - 1, BLOCK, BLOCK + 1, BLOCK + 4095, BLOCK + 4096, BLOCK + 5000,
                                  2 * BLOCK + 3])
def test_the_edges_of_a_file_read_in_several_reads_are_zlib_s(tmp_path, size):
    """A file of more than one read: its last 4 KiB may straddle two of
    them (the tail kept as the reads come must be the file's own)."""
    got, expected = reader_vouches(tmp_path / "a.jsonl", _lines(size))
    assert got == expected


def _history(tmp_path):
    root = tmp_path / "claude"
    folder = root / "projects" / "-home-u-app"
    folder.mkdir(parents=True)
    return root, folder / "s.jsonl"


def _turn(n: int) -> bytes:
    recs = [user_line(f"fix bug {n}", ts=f"2026-03-02T10:{n:02d}:00Z"),
            assistant_line(f"m{n}", ts=f"2026-03-02T10:{n:02d}:01Z", model=SONNET, usage=usage(100 * n, 10 * n))]
    return b"".join(as_bytes(r) + b"\n" for r in recs)


def _scan(root, cache):
    return scan_sources(list(claude.discover({"CLAUDE_CONFIG_DIR": str(root)}, "/nonexistent", Walker())),
                        cache=cache)


@pytest.mark.skipif(os.name == "nt", reason="the reader looks at the file itself on POSIX only")
def test_a_file_appended_to_twice_is_resumed_twice_and_sums_as_read_whole(tmp_path):
    """A resumed read starts past the cached end, so it has not read the
    file's first bytes: its edges come from the file (pread), and the next
    append resumes from them."""
    root, path = _history(tmp_path)
    path.write_bytes(_turn(1))
    cache_dir = str(tmp_path / "cache")
    _scan(root, FileCache(cache_dir))
    for n in (2, 3):
        with open(path, "ab") as f:
            f.write(_turn(n) * 40)  # (the same message ids: streamed copies, one call each)
        c = FileCache(cache_dir)
        warm = _scan(root, c)
        assert (c.hits, c.resumed) == (0, 1)
        cold = _scan(root, None)
        assert warm.stats["calls"] == cold.stats["calls"] == n
        assert warm.cols["input"].tolist() == cold.cols["input"].tolist() == [100 * k for k in range(1, n + 1)]


@pytest.mark.skipif(os.name == "nt", reason="FIFOs, folders and missing paths as POSIX names them")
@pytest.mark.parametrize("make, expected", [("fifo", "not regular"), ("dir", "EISDIR"), ("missing", "ENOENT")])
def test_what_is_no_regular_file_is_refused_at_open_without_waiting(tmp_path, make, expected):
    """A session file that turned into a FIFO after discovery: opened
    without blocking, seen to be no regular file and closed (a blocking
    open or read would wait forever for a writer)."""
    import errno

    from codeburn._fast.reader import IO_NOT_REGULAR

    path = tmp_path / "s.jsonl"
    {"fifo": lambda: os.mkfifo(path), "dir": path.mkdir, "missing": lambda: None}[make]()
    stats, _cwd, err = Scanner().scan_file(str(path), 0, "claude")
    assert err == {"not regular": IO_NOT_REGULAR, "EISDIR": errno.EISDIR, "ENOENT": errno.ENOENT}[expected]
    assert stats["calls"] == 0 and stats["bytes"] == 0


def test_the_reader_s_crc_is_zlib_s_at_every_length_alignment_and_start():
    """cb_crc.h folds 64 bytes at a time by carry-less multiplication where
    the CPU has it (then 16, then the rest by table): every length around
    those steps, at several alignments and from several running CRCs."""
    import random

    from codeburn._fast.reader import crc32

    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(5000))
    for n in [*range(0, 300), 1023, 1024, 1025, 4095, 4096, 4097, 4999 - 17]:
        for off in (0, 1, 7, 16, 17):
            chunk = data[off:off + n]
            for seed in (0, 0xFFFFFFFF, rng.randrange(1 << 32)):
                assert crc32(chunk, seed) == zlib.crc32(chunk, seed), (n, off, seed)
    big = bytes(rng.randrange(256) for _ in range(1 << 20))
    assert crc32(big) == zlib.crc32(big) and crc32(memoryview(big)[3:]) == zlib.crc32(big[3:])
