"""Write-ahead logs beside a Cursor store (includes/cb_sqlite_pages.h
SqliteWal, the pages laid over the store) broken the way logs break and
worse: bits flipped, cut anywhere, headers and frame headers changed
(page numbers out of range or 0, commit sizes huge or small, salts), the
same changes with every checksum recomputed so they get past the check
(pages of garbage, frames for the lock page or past the end), frames
shuffled or repeated. The reader must never crash; whenever it reads the
pair whole and SQLite reads it too (a table scan on a copy of the pair),
the rows must be SQLite's. Every 50th input also goes through the
provider (a report's sessions or a named warning, never an exception).

    python tests/fuzz/mutate_wal.py --runs 20000 [--seed 1]

Build with AddressSanitizer first to catch memory errors (see README.md).
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import struct
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from tests import wal_util  # noqa: E402
from tests.test_cursor_wal import COMMITS, MAIN, STORE, write_store  # noqa: E402

PAGE = 4096


def mutate(rng: random.Random, wal: bytes, db_pages: int) -> bytes:
    op = rng.randrange(9)
    b = bytearray(wal)
    if op == 0:      # bits flipped anywhere
        for _ in range(rng.randint(1, 10)):
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        return bytes(b)
    if op == 1:      # cut anywhere
        return bytes(b[:rng.randrange(len(b) + 1)])
    if op == 2:      # a header field changed (the header's checksum left as it was)
        at = rng.choice([0, 4, 8, 12, 16, 20, 24, 28])
        b[at:at + 4] = struct.pack(">I", rng.choice([0, 1, 512, 4096, 8192, 65536, 0x377F0683, 0xFFFFFFFF,
                                                     rng.getrandbits(32)]))
        return bytes(b)
    if op == 3:      # a frame header field changed (its checksum left as it was)
        n = max(1, (len(b) - 32) // (24 + PAGE))
        at = 32 + rng.randrange(n) * (24 + PAGE) + rng.choice([0, 4, 8, 12, 16, 20])
        b[at:at + 4] = struct.pack(">I", rng.getrandbits(32))
        return bytes(b)
    # the rest: frames changed, then every checksum recomputed
    fields = wal_util.header_fields(wal)
    frames = [list(f) for f in wal_util.frames(wal)]
    if not frames:
        return wal
    if op == 4:      # page numbers: 0, out of range, the lock page, past the store, another frame's
        f = rng.choice(frames)
        f[0] = rng.choice([0, 1, 2, db_pages, db_pages + 1, db_pages + 50, 262145, 0xFFFFFFFF, rng.randrange(1, 40)])
    elif op == 5:    # commit sizes: huge, smaller than the pages used, 1
        f = rng.choice(frames)
        f[1] = rng.choice([1, 2, db_pages - 1, db_pages + 1, db_pages + 1000, 0xFFFFFFFF, 0, rng.randrange(1, 60)])
    elif op == 6:    # a page's bytes spoiled (valid checksums)
        f = rng.choice(frames)
        page = bytearray(f[2])
        for _ in range(rng.randint(1, 30)):
            at = rng.choice([rng.randrange(16), rng.randrange(len(page)), 100 + rng.randrange(12)])
            page[at] = rng.randrange(256)
        f[2] = bytes(page)
    elif op == 7:    # frames shuffled, repeated or dropped
        r = rng.random()
        if r < 0.4:
            rng.shuffle(frames)
        elif r < 0.7:
            frames.insert(rng.randrange(len(frames) + 1), list(rng.choice(frames)))
        else:
            del frames[rng.randrange(len(frames))]
    else:            # the header's other fields, or the byte order, with checksums that hold
        key = rng.choice(["magic", "version", "page_size", "seq", "salt1"])
        fields[key] = {"magic": rng.choice([wal_util.MAGIC_BE, wal_util.MAGIC_LE, 0x377F0684]),
                       "version": rng.choice([3007000, 3007001, 0]),
                       "page_size": rng.choice([512, 1024, 4096, 8192, 65536, 3000, 0]),
                       "seq": rng.getrandbits(32), "salt1": rng.getrandbits(32)}[key]
    return wal_util.build(fields, [tuple(f) for f in frames])


def sqlite_rows(path: str, scratch: str):
    """SQLite's rows of the pair (a copy of it, opened read-only), or None
    when SQLite cannot read them whole."""
    copy = os.path.join(scratch, "view.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(copy + suffix):
            os.remove(copy + suffix)
    shutil.copyfile(path, copy)
    if os.path.exists(path + "-wal"):
        shutil.copyfile(path + "-wal", copy + "-wal")
    try:
        conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        conn.text_factory = bytes
        try:
            return sorted(conn.execute("SELECT CAST(key AS BLOB), rowid, value FROM cursorDiskKV NOT INDEXED "
                                       "WHERE key >= 'agentKv:' AND key < 'agentKv;' OR key >= 'bubbleId:' AND "
                                       "key < 'bubbleId;' OR key >= 'composerData:' AND key < 'composerData;'"),
                          key=lambda r: r[1])
        finally:
            conn.close()
    except (sqlite3.Error, UnicodeDecodeError):
        return None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    counts = run(a.runs, a.seed)
    print(f"{a.runs} logs: {counts['read']} read whole ({counts['compared']} compared with SQLite, equal), "
          f"{counts['refused']} refused, {counts['ignored']} ignored as a whole; 0 findings")
    return 0


def run(runs: int, seed: int) -> dict:
    """Counts of `runs` mutated logs read (raises AssertionError on a finding)."""
    from codeburn._fast.reader import page_rows, wal_view
    from codeburn.providers import cursor
    from tests.records_util import read_all

    rng = random.Random(seed)
    work = tempfile.mkdtemp(prefix="mutate-wal-")
    try:
        db, logs = write_store(os.path.join(work, "stage", "state.vscdb"), MAIN, COMMITS)
        base = logs[-1]
        db_pages = len(db) // PAGE + 8
        home = os.path.join(work, "home")
        path = os.path.join(home, *STORE)
        os.makedirs(os.path.dirname(path))
        with open(path, "wb") as f:
            f.write(db)
        os.environ["CODEBURN_CACHE_DIR"] = os.path.join(work, "cache")
        scratch = os.path.join(work, "scratch")
        os.makedirs(scratch)
        counts = {"read": 0, "refused": 0, "compared": 0, "ignored": 0}
        for i in range(runs):
            wal = mutate(rng, base, db_pages)
            with open(path + "-wal", "wb") as f:
                f.write(wal)
            view = wal_view(os.fsencode(path + "-wal"), PAGE)
            counts["ignored"] += view is not None and view[0] is not None
            why, _, rows = page_rows(os.fsencode(path), "cursorDiskKV", ["agentKv:", "bubbleId:", "composerData:"])
            if why is not None:
                counts["refused"] += 1
            else:
                counts["read"] += 1
                want = sqlite_rows(path, scratch)
                if want is not None:
                    counts["compared"] += 1
                    got = sorted(((k, r, v) for _, k, r, v in rows), key=lambda r: r[1])
                    if got != want:
                        bad = os.path.join(tempfile.gettempdir(), f"mutate-wal-finding-{seed}-{i}")
                        shutil.copytree(os.path.dirname(path), bad)
                        raise AssertionError(f"input {i}: rows differ from SQLite's; the pair is kept in {bad}")
            if i % 50 == 0:
                read_all(cursor, {}, home)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return counts


if __name__ == "__main__":
    sys.exit(main())
