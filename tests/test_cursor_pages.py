"""The Cursor store read from its own pages (codeburn/_fast/includes/
cb_sqlite_pages.h, cb_cursor_pages.h): real SQLite files written here with
Cursor's schema in many layouts give exactly SQLite's rows, the provider's
sessions equal the SQLite path's, and whatever the reader cannot be sure of
(other encodings and schemas, a write-ahead log, broken or truncated files)
falls back to SQLite without a word. No bytes make it crash."""
from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys

import pytest

from codeburn._fast.reader import page_rows
from codeburn.providers import cursor
from tests.records_util import read_all
from tests.test_provider_cursor import DB_MTIME, KV, build

PREFIXES = ["bubbleId:", "agentKv:blob:"]
CID = ["aaaaaaaa-0000-4000-8000-00000000000a", "bbbbbbbb-0000-4000-8000-00000000000b", "ab", "ab0", "ab-"]


def sqlite_rows(db: str, not_indexed: bool = False) -> list:
    """The rows the provider's queries select, as SQLite gives them."""
    conn = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
    conn.text_factory = bytes
    out = []
    try:
        for i, p in enumerate(PREFIXES):
            hi = p[:-1] + chr(ord(p[-1]) + 1)
            sql = "SELECT CAST(key AS BLOB), rowid, value FROM cursorDiskKV {} WHERE key >= ? AND key < ?"
            for key, rowid, value in conn.execute(sql.format("NOT INDEXED" if not_indexed else ""), (p, hi)):
                out.append((i, key, rowid, value))
    finally:
        conn.close()
    return sorted(out, key=lambda r: r[2])


def own_rows(db: str):
    why, sql, rows = page_rows(os.fsencode(db), "cursorDiskKV", PREFIXES)
    return why, sorted(rows, key=lambda r: r[2])


def bubble_value(rng: random.Random, cid: str, n: int, pads=(0, 10, 300, 3000, 20000, 150000)) -> str:
    kind = 1 if n % 2 else 2
    text = " ".join(rng.choice(["fix", "the", "test", "add", "a", "feature", "é", "日本"]) for _ in range(rng.randint(0, 80)))
    value = {"_v": 3, "type": kind, "text": text, "createdAt": f"2026-10-14T17:{n % 60:02d}:00.000Z",
             "requestId": f"req-{cid}-{n}" if kind == 2 else "", "tokenCount": {"inputTokens": 0, "outputTokens": 0},
             "context": {"padding": "p" * rng.choice(pads)}}
    if kind == 2:
        value["modelInfo"] = {"modelName": rng.choice(["gpt-5", "default", "claude-4.5-sonnet"])}
    return json.dumps(value)


def store_rows(rng: random.Random, n: int) -> list:
    """Bubbles of a few conversations interleaved, agent rows, other keys,
    and the odd values: NULL, numbers, empty, binary, keys stored as BLOBs."""
    rows = []
    for i in range(n):
        r = rng.random()
        cid = rng.choice(CID)
        if r < 0.6:
            rows.append((f"bubbleId:{cid}:{i:05d}", bubble_value(rng, cid, i)))
        elif r < 0.75:
            rows.append((f"agentKv:blob:{i:05x}", json.dumps({"role": rng.choice(["user", "assistant", "tool"]),
                                                             "content": "x" * rng.randint(0, 6000),
                                                             "providerOptions": {"cursor": {"requestId": f"req-{cid}-{i - 1}"}}})))
        elif r < 0.85:
            rows.append((f"composerData:{cid}{i}", "{}" * rng.randint(0, 3000)))
        else:
            rows.append(rng.choice([
                (f"bubbleId:{cid}:n{i}", None), (f"bubbleId:{cid}:i{i}", 12345), (f"agentKv:blob:f{i}", 1.5),
                (f"bubbleId:{cid}:e{i}", ""), (f"agentKv:blob:b{i}", bytes(rng.randrange(256) for _ in range(700))),
                (f"bubbleId:{cid}:k{i}".encode(), "{}"),        # a BLOB key: never selected
                (f"bubbleId:{cid}:x{i}", b"\x00\xff" * rng.randint(0, 3000)),
                (f"bubbleId:{cid}\n:sub{i}", "{}"), (f"bubbleI{i}", "{}"),
            ]))
    return rows


def make_store(path: str, rows: list, page_size: int = 4096, vacuum: str = "NONE", delete_every: int = 0,
               reserve: int = 0) -> str:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.exists(path):
        os.remove(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA page_size={page_size}")
    conn.execute(f"PRAGMA auto_vacuum={vacuum}")
    conn.executescript(KV)
    conn.executemany("INSERT INTO cursorDiskKV VALUES (?, ?)", rows)
    conn.commit()
    if delete_every:
        conn.execute("DELETE FROM cursorDiskKV WHERE rowid % ? = 0", (delete_every,))
        conn.commit()
    conn.close()
    if reserve:   # bytes reserved at the end of each page (what encryption extensions keep)
        conn = sqlite3.connect(path)
        try:
            conn.execute(f"PRAGMA reserve_bytes={reserve}")   # SQLite 3.37+ with the reserve_bytes pragma only
            conn.execute("VACUUM")
        except sqlite3.Error:
            pass
        conn.close()
    return path


LAYOUTS = [
    dict(page_size=512),                                   # small pages: long overflow chains, a deep tree
    dict(page_size=1024, vacuum="FULL", delete_every=3),   # pointer-map pages, pages freed and moved
    dict(page_size=4096, vacuum="INCREMENTAL", delete_every=2),   # free pages left in the file
    dict(page_size=4096, delete_every=5),
    dict(page_size=65536),                                 # the largest pages (stored as 1 in the header)
    dict(page_size=4096, reserve=32),
]


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda l: "-".join(f"{k}{v}" for k, v in l.items()))
def test_rows_are_sqlites(tmp_path, layout):
    rng = random.Random(layout["page_size"] + layout.get("delete_every", 0))
    db = make_store(str(tmp_path / "state.vscdb"), store_rows(rng, 1500), **layout)
    why, rows = own_rows(db)
    assert why is None
    expected = sqlite_rows(db)
    assert len(expected) > 500
    assert rows == expected


def test_a_tree_several_levels_deep(tmp_path):
    """20,000 rows on 512-byte pages: interior pages three levels deep
    above the leaves."""
    rng = random.Random(5)
    rows = [(f"bubbleId:{rng.choice(CID)}:{i:06d}", "v" * rng.randint(0, 100)) for i in range(20000)]
    db = make_store(str(tmp_path / "state.vscdb"), rows, page_size=512)
    with open(db, "rb") as f:
        data = f.read()
    conn = sqlite3.connect(db)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'cursorDiskKV'").fetchone()[0]
    conn.close()
    depth, pg = 0, root
    while data[(pg - 1) * 512] == 0x05:   # follow the right-most pointers down
        depth, pg = depth + 1, int.from_bytes(data[(pg - 1) * 512 + 8:(pg - 1) * 512 + 12], "big")
    assert depth >= 3
    assert own_rows(db) == (None, sqlite_rows(db))


def test_not_utf8_or_unknown_schema_is_refused(tmp_path):
    rows = [("bubbleId:a:1", "{}")]
    db = str(tmp_path / "u16.vscdb")
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA encoding='UTF-16le'")
    conn.executescript(KV)
    conn.executemany("INSERT INTO cursorDiskKV VALUES (?, ?)", rows)
    conn.commit()
    conn.close()
    assert own_rows(db)[0] == "text encoding is not UTF-8"
    db2 = make_db_sql(str(tmp_path / "nocase.vscdb"),
                      "CREATE TABLE cursorDiskKV (key TEXT UNIQUE COLLATE NOCASE, value BLOB)", rows)
    why, sql, got = page_rows(os.fsencode(db2), "cursorDiskKV", PREFIXES)
    assert why is None and "NOCASE" in sql        # the pages read; the schema check is the provider's pass


def make_db_sql(path: str, ddl: str, rows: list) -> str:
    conn = sqlite3.connect(path)
    conn.execute(ddl)
    conn.executemany("INSERT INTO cursorDiskKV VALUES (?, ?)", rows)
    conn.commit()
    conn.close()
    return path


# ---- the provider ---------------------------------------------------------------------

def read_both(monkeypatch, home: str):
    """(sessions and log) through the pages and through SQLite, and how the
    pages read went."""
    got = {}
    for pages in (True, False):
        monkeypatch.setattr(cursor, "PAGES", pages)
        sessions, log = read_all(cursor, {}, home)
        got[pages] = ([(s.session_id, s.project, s.calls) for s in sessions], log.counts, log.unreadable,
                      dict(cursor.LAST_READ))
    return got[True], got[False]


def test_sessions_equal_the_sqlite_paths(tmp_path, monkeypatch):
    home = str(tmp_path)
    build(home)
    pages, sql = read_both(monkeypatch, home)
    assert pages[3]["path"] == "pages" and sql[3]["path"] == "sqlite"
    assert pages[:3] == sql[:3] and pages[1]["bad_record"][0] == 1


@pytest.mark.parametrize("spill, threads", [(0, 2), (8 << 20, 2), (0, 1), (8 << 20, 1), (400_000, 2)])
def test_generated_store_read_alike(tmp_path, monkeypatch, spill, threads):
    """A store of bench/gen_cursor.py (conversations interleaved by rowid,
    agent streams, sub-composer rows, binary blobs), read by one thread or
    two, its bubbles kept in memory, all in the spill files, or some in
    each: the same sessions in the same order."""
    from codeburn.read import prefetch

    monkeypatch.setattr(prefetch, "spare_core", lambda: threads > 1)
    home = str(tmp_path / "home")
    gen = os.path.join(os.path.dirname(os.path.dirname(__file__)), "bench", "gen_cursor.py")
    subprocess.run([sys.executable, gen, home, "--bubbles", "3000", "--size", "6MB"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    monkeypatch.setenv("CODEBURN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cursor, "SPILL_IN_MEMORY", spill)
    pages, sql = read_both(monkeypatch, home)
    assert pages[3]["path"] == "pages" and (pages[3]["spill_file_bytes"] > 0) == (spill < 8 << 20)
    assert len(pages[0]) > 20 and pages[:3] == sql[:3]
    assert os.listdir(tmp_path / "cache") == []          # the spill file was never visible
    store_dir = os.path.join(home, ".config", "Cursor", "User", "globalStorage")
    assert os.listdir(store_dir) == ["state.vscdb"]      # nothing written beside the store


def test_no_cache_dir_to_spill_in(tmp_path, monkeypatch):
    """Where no spill file can be made (the cache dir is a file), SQLite
    reads the store, with the same sessions and nothing said."""
    home = str(tmp_path / "home")
    build(home)
    (tmp_path / "not-a-dir").write_text("")
    monkeypatch.setenv("CODEBURN_CACHE_DIR", str(tmp_path / "not-a-dir" / "cache"))
    pages, sql = read_both(monkeypatch, home)
    assert pages[3] == {"path": "sqlite"} and pages[:3] == sql[:3]


def test_fallbacks_read_the_same(tmp_path, monkeypatch):
    """A write-ahead log with rows in it beside the store (its pages are
    read from a checkpointed private copy), a rollback journal, another
    schema, a UTF-16 store: the same sessions, nothing more is said."""
    home = str(tmp_path)
    build(home)
    db = os.path.join(home, ".config", "Cursor", "User", "globalStorage", "state.vscdb")
    base = read_both(monkeypatch, home)[1]

    writer = sqlite3.connect(db)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("INSERT INTO cursorDiskKV VALUES ('composerData:zz', '{}')")
    writer.commit()
    try:
        assert os.path.getsize(db + "-wal") > 0
        os.utime(db, (DB_MTIME, DB_MTIME))
        pages, sql = read_both(monkeypatch, home)
        assert pages[3]["path"] == "pages" and pages[:3] == sql[:3] == base[:3]
    finally:
        writer.close()

    with open(db + "-journal", "wb") as f:   # a rollback journal left beside it (a crash mid-write)
        f.write(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + bytes(504))
    os.utime(db, (DB_MTIME, DB_MTIME))     # the WAL's checkpoint at close moved it
    try:
        pages, sql = read_both(monkeypatch, home)
        assert pages[3] == {"path": "sqlite"} and pages[:3] == sql[:3] == base[:3]
    finally:
        os.remove(db + "-journal")

    for ddl, same in (("CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE COLLATE NOCASE, value BLOB)",
                       True),   # the same rows in the same order
                      ("CREATE TABLE cursorDiskKV (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID",
                       False)):  # no rowid: the SQLite path names the store unreadable
        conn = sqlite3.connect(db)
        rows = conn.execute("SELECT key, value FROM cursorDiskKV").fetchall()
        conn.execute("DROP TABLE cursorDiskKV")
        conn.execute(ddl)
        conn.executemany("INSERT INTO cursorDiskKV VALUES (?, ?)", rows)
        conn.commit()
        conn.close()
        os.utime(db, (DB_MTIME, DB_MTIME))
        pages, sql = read_both(monkeypatch, home)
        assert pages[3]["path"] == "sqlite" and pages[3]["why"] in ("unknown schema", "not a table page")
        assert pages[:3] == sql[:3] and (pages[:3] == base[:3]) == same


# ---- no bytes make it crash ------------------------------------------------------------

def fuzz_case(rng: random.Random, data: bytes, page: int) -> bytes:
    b = bytearray(data)
    op = rng.randrange(5)
    if op == 0:      # bytes flipped anywhere
        for _ in range(rng.randint(1, 20)):
            b[rng.randrange(len(b))] = rng.randrange(256)
    elif op == 1:    # bytes flipped in one page's header and cell pointers
        pg = rng.randrange(len(b) // page)
        for _ in range(rng.randint(1, 6)):
            b[pg * page + rng.randrange(min(page, 64))] = rng.randrange(256)
    elif op == 2:    # truncated
        del b[rng.randrange(100, len(b)):]
    elif op == 3:    # a page number somewhere replaced (cycles, out of range)
        pg = rng.randrange(1, len(b) // page)
        at = pg * page + rng.choice([0, 8, 12, rng.randrange(page - 4)])
        b[at:at + 4] = rng.choice([0, 1, 2, pg + 1, len(b) // page, 0xFFFFFFFF, rng.randrange(1, 99)]).to_bytes(4, "big")
    else:            # random bytes after a valid header
        b[100:] = rng.randbytes(len(b) - 100)
    return bytes(b)


def test_fuzzed_stores_never_crash(tmp_path):
    """Mutated and truncated real stores: the page reader reads them or
    gives up, never crashes; when it reads one that SQLite also reads
    whole (a table scan), the rows are SQLite's."""
    rng = random.Random(2026)
    small = [(k, bubble_value(rng, "c", n, (0, 100, 2000)) if isinstance(k, str) and k.startswith("bubbleId:") else v)
             for n, (k, v) in enumerate(store_rows(random.Random(3), 150))]
    src = make_store(str(tmp_path / "src.vscdb"), small, page_size=512)
    with open(src, "rb") as f:
        data = f.read()
    db = str(tmp_path / "fuzz.vscdb")
    read, refused, compared = 0, 0, 0
    for _ in range(400):
        with open(db, "wb") as f:
            f.write(fuzz_case(rng, data, 512))
        why, rows = own_rows(db)
        if why is not None:
            refused += 1
            continue
        read += 1
        try:
            expected = sqlite_rows(db, not_indexed=True)
        except (sqlite3.Error, UnicodeDecodeError):   # SQLite refuses it (a mutated name: not UTF-8)
            continue
        compared += 1
        assert rows == expected
    assert refused > 50 and compared > 50


def test_fuzzed_stores_through_the_provider(tmp_path, monkeypatch):
    """The provider on mutated stores: a report or a named warning, never a
    crash, and never a spill file left behind."""
    rng = random.Random(7)
    home = str(tmp_path / "home")
    build(home)
    db = os.path.join(home, ".config", "Cursor", "User", "globalStorage", "state.vscdb")
    with open(db, "rb") as f:
        data = f.read()
    cache = tmp_path / "cache"
    monkeypatch.setenv("CODEBURN_CACHE_DIR", str(cache))
    for _ in range(60):
        with open(db, "wb") as f:
            f.write(fuzz_case(rng, data, 4096))
        read_all(cursor, {}, home)
    assert not cache.exists() or os.listdir(cache) == []
    shutil.rmtree(home)


def _varint(b: bytes, i: int) -> tuple[int, int]:
    x = 0
    for k in range(9):
        c = b[i + k]
        if k == 8:
            return (x << 8) | c, i + 9
        x = (x << 7) | (c & 0x7F)
        if not c & 0x80:
            return x, i + k + 1
    raise AssertionError


def test_an_overflow_chain_that_loops_is_refused(tmp_path):
    """The one row's overflow chain made to point back at its first page:
    the reader stops there instead of reading round the loop."""
    db = make_store(str(tmp_path / "loop.vscdb"), [("bubbleId:a:1", "x" * 5000)], page_size=512)
    data = bytearray(open(db, "rb").read())
    conn = sqlite3.connect(db)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'cursorDiskKV'").fetchone()[0]
    conn.close()
    page = data[(root - 1) * 512:root * 512]
    assert page[0] == 0x0D
    cell = int.from_bytes(page[8:10], "big")
    total, i = _varint(page, cell)
    _, i = _varint(page, i)
    u = 512
    m = ((u - 12) * 32 // 255) - 23
    k = m + (total - m) % (u - 4)
    local = k if k <= u - 35 else m
    first = int.from_bytes(page[i + local:i + local + 4], "big")
    second = int.from_bytes(data[(first - 1) * 512:(first - 1) * 512 + 4], "big")
    assert first and second
    data[(second - 1) * 512:(second - 1) * 512 + 4] = first.to_bytes(4, "big")
    open(db, "wb").write(bytes(data))
    why, rows = own_rows(db)
    assert why == "a page twice: a cycle in an overflow chain" and rows == []


def test_big_blocks_come_from_the_heap_only_while_the_store_is_read(tmp_path):
    """While the store's tapes are read and replayed, the CLI's fixed mmap
    threshold (128 KB) is raised so megabyte tapes and prompt batches reuse
    heap blocks; it is put back once the tapes are done, or given up, and
    left alone where nothing fixed it (glibc's own threshold moves)."""
    from codeburn._fast import reader
    from codeburn.providers.base import Walker
    from codeburn.providers.records import ReadLog
    from codeburn.read import heapblocks

    home = str(tmp_path)
    build(home)
    (source,) = cursor.discover({}, home, Walker())
    before = reader.fixed_mmap_threshold()
    try:
        reader.fix_mmap_threshold(128 * 1024)
        seen = [reader.fixed_mmap_threshold() for _ in cursor.tapes(source, ReadLog())]
        assert seen and set(seen) == {heapblocks.BLOCK}
        assert reader.fixed_mmap_threshold() == 128 * 1024
        chunks = cursor.tapes(source, ReadLog())
        next(chunks)
        chunks.close()                          # a scan that gives up half way
        assert reader.fixed_mmap_threshold() == 128 * 1024
        reader._fixed_mmap_threshold = None     # a library caller: glibc's own threshold
        assert {reader.fixed_mmap_threshold() for _ in cursor.tapes(source, ReadLog())} == {None}
    finally:
        reader.fix_mmap_threshold(before or 128 * 1024)
        reader._fixed_mmap_threshold = before
