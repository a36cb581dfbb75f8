"""A Cursor store whose write-ahead log still holds committed rows (Cursor
is running): the page reader lays the log over the store's pages as SQLite
does when it opens the database (codeburn/_fast/includes/cb_sqlite_pages.h),
without copying the store or writing beside it.

The stores are real: written by SQLite in WAL mode with checkpoints off,
the store and its log copied while the writing connection is still open;
the odd logs (cut inside a transaction, a checksum broken in the middle,
stale salts, big-endian checksums, a bad header) are those logs' bytes
changed here (tests/wal_util.py). Expected rows are SQLite's own view of
the same pair of files; expected report numbers are CodeBurn 0.9.20's on
the same files (`report --format json -p all --provider cursor`, TZ=UTC),
which reads the store through SQLite."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys

import pytest

from codeburn._fast.reader import page_rows, wal_view
from codeburn.providers import cursor
from tests import wal_util
from tests.provider_files import overview, report
from tests.test_provider_cursor import DB_MTIME, KV, bubble

A, B, C = ("aaaaaaaa-0000-4000-8000-00000000000a", "bbbbbbbb-0000-4000-8000-00000000000b",
           "cccccccc-0000-4000-8000-00000000000c")
STORE = (".config", "Cursor", "User", "globalStorage", "state.vscdb")

MAIN = [bubble(A, 1, 1, 0, "why does the login test fail"),                  # 28 chars: 7 in
        bubble(A, 2, 2, 1, "x" * 401, model="gpt-5")]                       # 101 out
COMMITS = [
    # 1: a second conversation, with an agent stream naming a Shell call
    [bubble(B, 1, 1, 10, "refactor the parser"),                            # 19: 5 in
     bubble(B, 2, 2, 11, "y" * 200, model="claude-4.5-sonnet", request="req-b"),   # 50 out
     ("agentKv:blob:0001", json.dumps({"role": "user", "content": "refactor", "providerOptions": {
         "cursor": {"requestId": "req-b"}}})),
     ("agentKv:blob:0002", json.dumps({"role": "assistant", "content": [
         {"type": "tool-call", "toolName": "Shell", "args": {"command": "cargo test"}}]}))],
    # 2: A's reply rewritten (the same key: the row replaced, its pages written again)
    [bubble(A, 2, 2, 1, "x" * 801, model="gpt-5")],                           # 201 out
    # 3: a context meter for B and a third conversation
    [("composerData:" + B, json.dumps({"composerId": B, "createdAt": 1_792_000_000_000, "contextTokensUsed": 5000})),
     bubble(C, 1, 1, 20, "add a cache"),
     bubble(C, 2, 2, 21, "z" * 81, model="gpt-5", request="req-c")],
]
GROWN = [bubble(C, n, 1 + n % 2, n, ("q" if n % 2 else "r") * (1000 * n + 7), model="gpt-5") for n in range(1, 13)]


def write_store(stage: str, main: list, commits: list[list], page_size: int = 4096,
                ddl: str = KV) -> tuple[bytes, list[bytes]]:
    """(the store's main file, its log after each commit): `main` written
    and checkpointed, then each commit kept in the log (no checkpoint),
    the files read while the writer is still open."""
    os.makedirs(os.path.dirname(stage), exist_ok=True)
    conn = sqlite3.connect(stage)
    conn.execute(f"PRAGMA page_size={page_size}")
    conn.executescript(ddl)
    conn.executemany("INSERT INTO cursorDiskKV VALUES (?, ?)", main)
    conn.commit()
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    logs = []
    for rows in commits:
        conn.executemany("INSERT INTO cursorDiskKV VALUES (?, ?)", rows)
        conn.commit()
        with open(stage + "-wal", "rb") as f:
            logs.append(f.read())
    with open(stage, "rb") as f:
        db = f.read()
    conn.close()
    return db, logs


def place(home: str, db: bytes, wal: bytes | None) -> str:
    path = os.path.join(home, *STORE)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(db)
    if wal is not None:
        with open(path + "-wal", "wb") as f:
            f.write(wal)
    os.utime(path, (DB_MTIME, DB_MTIME))
    return path


def cut_inside_last_commit(wal: bytes) -> bytes:
    """The log cut half way through its last frame: the last transaction's
    other frames stay, with no commit frame after them."""
    frame = wal_util.FRAME_HEADER + wal_util.header_fields(wal)["page_size"]
    return wal[:len(wal) - frame // 2]


def broken_checksum_at_commit_2(wal: bytes, first_logs: list[bytes]) -> bytes:
    """A byte of the first frame of commit 2 changed: its checksum fails,
    and the frames after it (commit 3's, valid on their own) are not used."""
    at = len(first_logs[0]) + wal_util.FRAME_HEADER + 100
    b = bytearray(wal)
    b[at] ^= 0x40
    return bytes(b)


def stale_salts(wal: bytes) -> bytes:
    """A log restarted (new salt-1, a valid header) over frames of the old one."""
    fields = wal_util.header_fields(wal)
    head = wal_util.build({**fields, "salt1": (fields["salt1"] + 1) & 0xFFFFFFFF}, [])
    return head + wal[wal_util.HEADER:]


NOCASE = "CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE COLLATE NOCASE, value BLOB);"


def db_and_last_log(written: tuple[bytes, list[bytes]]) -> tuple[bytes, bytes]:
    return written[0], written[1][-1]


def case_files(name: str, stage_dir: str) -> tuple[bytes, bytes | None]:
    """The main file and log of a named case."""
    if name == "unknown_schema":   # the page reader refuses it: SQLite reads a private copy
        return db_and_last_log(write_store(os.path.join(stage_dir, name, "state.vscdb"), MAIN, COMMITS, ddl=NOCASE))
    if name == "main_only":
        return write_store(os.path.join(stage_dir, name, "state.vscdb"), MAIN, [])[0], None
    db, logs = write_store(os.path.join(stage_dir, name, "state.vscdb"), MAIN, COMMITS)
    if name == "commits":
        return db, logs[2]
    if name == "uncommitted_tail":
        return db, cut_inside_last_commit(logs[2])
    if name == "checksum_in_the_middle":
        return db, broken_checksum_at_commit_2(logs[2], logs)
    if name == "stale_salts":
        return db, stale_salts(logs[2])
    if name == "big_endian":
        return db, wal_util.reencode(logs[2], magic=wal_util.MAGIC_BE)
    if name == "other_page_size":
        return db, wal_util.reencode(logs[2], page_size=8192)
    if name == "unknown_version":
        return db, wal_util.reencode(logs[2], version=3007001)
    if name == "bad_magic":
        return db, b"\x37\x7f\x06\x84" + logs[2][4:]
    if name == "shorter_than_its_header":
        return db, logs[2][:20]
    if name == "grows":   # the main file holds the schema alone: every row's pages lie past its end
        db, logs = write_store(os.path.join(stage_dir, name, "grown.vscdb"), [], [GROWN[:6], GROWN[6:]])
        return db, logs[1]
    raise KeyError(name)


# CodeBurn 0.9.20 on each case (TZ=UTC): calls, sessions, tokens and cost.
# The main file alone: A, 7 in and 101 out (gpt-5). After commit 1, B adds
# 2 in (its agent stream's 8 characters) and 50 out (claude-4.5-sonnet);
# after commit 2 A's reply is 201 out; after commit 3 B's input is its
# meter (5000) and C adds 3 in and 21 out.
def overview_of(calls, sessions, input, output, cost):
    return {"calls": calls, "sessions": sessions, "input": input, "output": output, "cacheRead": 0,
            "cacheWrite": 0, "cost": cost}


MAIN_ONLY = overview_of(2, 1, 7, 101, 0.00101875)
AFTER_1 = overview_of(4, 2, 9, 151, 0.00177475)
AFTER_2 = overview_of(4, 2, 9, 251, 0.00277475)
AFTER_3 = overview_of(6, 3, 5010, 272, 0.0179825)
CASES = {   # name: (the reference's overview, frames used, why the log is ignored)
    "commits": (AFTER_3, "all", None),
    "uncommitted_tail": (AFTER_2, "2 commits", None),
    "checksum_in_the_middle": (AFTER_1, "1 commit", None),
    "stale_salts": (MAIN_ONLY, 0, None),
    "big_endian": (AFTER_3, "all", None),
    "grows": (overview_of(12, 1, 10512, 9012, 0.10326), "all", None),
    "other_page_size": (MAIN_ONLY, 0, "page size differs from the database's"),
    "bad_magic": (MAIN_ONLY, 0, "not a write-ahead log (magic)"),
    # SQLite refuses the whole store ("unable to open database file"), and so
    # 0.9.20 reports no Cursor call: here the main file is read, the log named
    "unknown_version": (MAIN_ONLY, 0, "a log format version SQLite does not know"),
    "shorter_than_its_header": (MAIN_ONLY, 0, "shorter than its header"),
}


def frames_expected(name: str, tmp_path, wal: bytes) -> int:
    used = CASES[name][1]
    if used == "all":
        return len(wal_util.frames(wal))
    if isinstance(used, str):   # the frames of the first n commits of the unchanged log
        _, logs = write_store(str(tmp_path / "again" / "state.vscdb"), MAIN, COMMITS)
        n = int(used.split()[0])
        return (len(logs[n - 1]) - wal_util.HEADER) // (wal_util.FRAME_HEADER + 4096)
    return used


def sqlite_view(path: str, scratch: str, with_log: bool = True) -> list:
    """The cursorDiskKV rows SQLite gives for the store and its log
    (opened on a copy of the pair, where it may write its -shm)."""
    os.makedirs(scratch, exist_ok=True)
    copy = os.path.join(scratch, "view.db")
    shutil.copyfile(path, copy)
    if os.path.exists(path + "-wal") and with_log:
        shutil.copyfile(path + "-wal", copy + "-wal")
    conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    conn.text_factory = bytes
    try:
        return sorted(conn.execute("SELECT CAST(key AS BLOB), rowid, value FROM cursorDiskKV"), key=lambda r: r[1])
    finally:
        conn.close()


def own_view(path: str) -> tuple:
    why, sql, rows = page_rows(os.fsencode(path), "cursorDiskKV", ["bubbleId:", "agentKv:", "composerData:"])
    return why, sorted(((k, r, v) for _, k, r, v in rows), key=lambda r: r[1])


def listing(d: str) -> dict:
    return {n: (os.stat(os.path.join(d, n)).st_size, os.stat(os.path.join(d, n)).st_mtime_ns)
            for n in sorted(os.listdir(d))}


def test_a_store_the_page_reader_refuses(tmp_path):
    """Another schema (a NOCASE key): the page reader says no, SQLite
    reads a private copy of the store with its log folded in, the copy is
    gone afterwards, and the numbers are the reference's (the log's rows
    in: after all three commits)."""
    home = str(tmp_path / "home")
    path = place(home, *case_files("unknown_schema", str(tmp_path / "stage")))
    before = listing(os.path.dirname(path))
    cache = tmp_path / "cache"
    status, d, err = report(home, "cursor", env={"CODEBURN_CACHE_DIR": str(cache)})
    assert status == 0 and err == "" and overview(d) == AFTER_3
    assert cursor.LAST_READ["path"] == "sqlite" and cursor.LAST_READ["why"] == "unknown schema"
    assert listing(os.path.dirname(path)) == before
    assert not [n for n in os.listdir(cache) if n.startswith("sqlite-wal-")]


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_log_laid_over_the_store(tmp_path, name):
    """Each case: the page reader's rows are SQLite's for the same pair of
    files, the report's numbers are the reference's, read from the pages
    in one pass (no private copy, nothing written beside the store), and a
    log SQLite ignores as a whole is named in one warning."""
    expect, _, ignored = CASES[name]
    home = str(tmp_path / "home")
    db, wal = case_files(name, str(tmp_path / "stage"))
    path = place(home, db, wal)

    why, rows = own_view(path)
    # (SQLite cannot open the pair with a log of another version: its main file alone, then)
    assert why is None and rows == sqlite_view(path, str(tmp_path / "scratch"), name != "unknown_version")

    view = wal_view(os.fsencode(path + "-wal"), 4096)
    assert view[0] == ignored and view[3] == frames_expected(name, tmp_path, wal)
    if name == "uncommitted_tail":     # whole frames with checksums that hold, but no commit after them
        assert wal_util.valid_frames(wal) == view[4] > view[3]
    if name == "checksum_in_the_middle":   # frames of commit 3 after the broken one, unused
        assert wal_util.valid_frames(wal) == view[3] < view[4] - 2

    before = listing(os.path.dirname(path))
    cache = tmp_path / "cache"
    status, d, err = report(home, "cursor", env={"CODEBURN_CACHE_DIR": str(cache)})
    assert status == 0 and overview(d) == expect
    assert cursor.LAST_READ["path"] == "pages" and cursor.LAST_READ["wal_frames"] == view[3]
    assert listing(os.path.dirname(path)) == before
    assert not [n for n in os.listdir(cache) if n.startswith("sqlite-wal-")]
    if ignored is None:
        assert err == "" and d["warnings"] == []
    else:
        assert d["warnings"] == [f"1 write-ahead logs ignored, their rows unread (not a valid log); first at "
                                 f"{path}-wal: {ignored}"]
        assert err.count("write-ahead logs ignored") == 1


def test_a_later_frame_of_a_page_wins(tmp_path):
    """The log of the `commits` case holds some pages in several commits
    (A's replaced reply, the table's last leaf, its index): the view keeps
    each page's last committed frame."""
    _, logs = write_store(str(tmp_path / "s" / "state.vscdb"), MAIN, COMMITS)
    wal = logs[2]
    path = str(tmp_path / "w")
    with open(path, "wb") as f:
        f.write(wal)
    frames = wal_util.frames(wal)
    pages = [pg for pg, _, _ in frames]
    assert len(set(pages)) < len(pages)          # some page written more than once
    view = wal_view(os.fsencode(path))
    size = wal_util.FRAME_HEADER + 4096
    for pg in set(pages):
        last = max(i for i, p in enumerate(pages) if p == pg)
        assert view[5][pg] == wal_util.HEADER + last * size
    assert view[2] == [c for _, c, _ in frames if c][-1]       # the last commit's database size


def test_sqlites_checksum_is_ours(tmp_path):
    """The running checksum of tests/wal_util.py (used to build the odd
    logs) holds on every frame SQLite wrote, so the odd logs differ from
    SQLite's only where a case changes them."""
    _, logs = write_store(str(tmp_path / "s" / "state.vscdb"), MAIN, COMMITS)
    wal = logs[2]
    assert wal_util.valid_frames(wal) == len(wal_util.frames(wal)) > 3
    assert wal_util.reencode(wal) == wal


def test_the_cache_key_moves_with_the_log(tmp_path):
    """A report kept for the store with its log (records cache, kept
    report) is not reused once the log has another commit in it."""
    home = str(tmp_path / "home")
    _, logs = write_store(str(tmp_path / "stage" / "state.vscdb"), MAIN, COMMITS)
    db = write_store(str(tmp_path / "stage2" / "state.vscdb"), MAIN, COMMITS)[0]
    path = place(home, db, logs[0])
    env = {"CODEBURN_CACHE_DIR": str(tmp_path / "cache")}
    for wal, expect in ((logs[0], AFTER_1), (logs[0], AFTER_1), (logs[1], AFTER_2), (logs[2], AFTER_3)):
        with open(path + "-wal", "wb") as f:
            f.write(wal)
        status, d, err = report(home, "cursor", env=env)
        assert status == 0 and overview(d) == expect


def test_a_store_whose_main_file_is_empty(tmp_path):
    """A main file of 0 bytes is an empty database for SQLite, whatever
    log lies beside it (it does not read that log): the page reader refuses
    it (SQLite's path then names the store), it does not read the log."""
    stage = str(tmp_path / "stage" / "state.vscdb")
    os.makedirs(os.path.dirname(stage))
    conn = sqlite3.connect(stage)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.executescript(KV)
    conn.executemany("INSERT INTO cursorDiskKV VALUES (?, ?)", MAIN)
    conn.commit()
    with open(stage + "-wal", "rb") as f:
        wal = f.read()
    conn.close()
    assert 1 in {pg for pg, _, _ in wal_util.frames(wal)}
    path = place(str(tmp_path / "home"), b"", wal)
    assert own_view(path) == ("short header", [])
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        sqlite_view(path, str(tmp_path / "scratch"))


@pytest.mark.parametrize("changes", [1, 2])
def test_a_pass_the_store_changed_under_is_read_again(tmp_path, monkeypatch, changes):
    """A pass that ends with the store changed under it (a running Cursor
    checkpointed meanwhile: here the pass is told so) is run once more with
    a fresh reader; after a second such pass SQLite reads a private copy.
    Either way the same numbers, nothing counted twice."""
    home = str(tmp_path / "home")
    place(home, *case_files("commits", str(tmp_path / "stage")))
    real, calls = cursor._read_pages, []

    def changed_once(reader, path, log, spill):
        calls.append(path)
        if len(calls) <= changes:
            cursor.LAST_READ.clear()
            cursor.LAST_READ.update(path="sqlite", why="the file changed while it was read", moved=True)
            return False
        return real(reader, path, log, spill)

    monkeypatch.setattr(cursor, "_read_pages", changed_once)
    status, d, err = report(home, "cursor", env={"CODEBURN_CACHE_DIR": str(tmp_path / "cache")})
    assert status == 0 and err == "" and overview(d) == AFTER_3
    assert len(calls) == 2 and cursor.LAST_READ["path"] == ("pages" if changes == 1 else "sqlite")


def test_mutated_logs_never_crash(monkeypatch):
    """tests/fuzz/mutate_wal.py, briefly: broken logs beside a store never
    crash the reader, and what it and SQLite both read is SQLite's."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "mutate_wal", os.path.join(os.path.dirname(__file__), "fuzz", "mutate_wal.py"))
    fuzz = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fuzz)
    monkeypatch.setenv("CODEBURN_CACHE_DIR", "")    # put back after the run, which sets its own
    counts = fuzz.run(400, 3)
    assert counts["compared"] > 200 and counts["refused"] > 10 and counts["ignored"] > 20


if __name__ == "__main__":   # writes every case under HOME_ROOT/<case> (for the reference's runs)
    root = sys.argv[1]
    for name in ("unknown_schema", "main_only", "commits", "uncommitted_tail", "checksum_in_the_middle", "stale_salts", "big_endian",
                 "other_page_size", "unknown_version", "bad_magic", "shorter_than_its_header", "grows"):
        db, wal = case_files(name, os.path.join(root, "stage"))
        place(os.path.join(root, name), db, wal)
