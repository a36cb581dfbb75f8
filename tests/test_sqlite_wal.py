"""Stores left in WAL mode with rows still in their `-wal` file (the tool is
running, or was killed): those rows count, as SQLite shows them to any
reader, and nothing is written beside the store. Expected numbers are the
spec's formulas, and CodeBurn 0.9.20's on the same files (TZ=UTC)."""
from __future__ import annotations

import json
import os
import sqlite3

import pytest

from tests.provider_files import checked_report
from tests.records_util import make_db
from tests.test_provider_goose_crush import GOOSE_DDL, goose_session

CURSOR_DDL = ("CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB);"
              "CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB);")


def bubble(cid: str, n: int, kind: int, text: str, at: str) -> tuple:
    value = {"type": kind, "text": text, "createdAt": at, "tokenCount": {"inputTokens": 0, "outputTokens": 0}}
    if kind == 2:
        value["modelInfo"] = {"modelName": "gpt-5"}
    return (f"bubbleId:{cid}:b{n:04d}", json.dumps(value))


def wal_writer(path: str) -> sqlite3.Connection:
    """The store switched to WAL mode and a connection that keeps what it
    writes next in the `-wal` file (no checkpoint) until it is closed."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    return conn


def listing(d: str) -> dict:
    return {n: (os.stat(os.path.join(d, n)).st_size, os.stat(os.path.join(d, n)).st_mtime_ns)
            for n in sorted(os.listdir(d))}


def snapshots_left(cache: str) -> list:
    return [n for n in os.listdir(cache) if n.startswith("sqlite-wal-")] if os.path.isdir(cache) else []


def goose_store(home: str) -> tuple[str, sqlite3.Connection]:
    db = make_db(os.path.join(home, ".local", "share", "goose", "sessions", "sessions.db"), GOOSE_DDL,
                 {"sessions": [goose_session("20261014_1", "/home/dev/shop", 12000, 3400)], "messages": []})
    w = wal_writer(db)
    w.execute("INSERT INTO sessions VALUES (" + ",".join("?" * 19) + ")",
              goose_session("20261014_2", "/home/dev/shop", 500, 70))
    w.commit()
    return db, w


def cursor_store(home: str) -> tuple[str, sqlite3.Connection]:
    db = make_db(os.path.join(home, ".config", "Cursor", "User", "globalStorage", "state.vscdb"), CURSOR_DDL, {
        "cursorDiskKV": [bubble("conv-a", 1, 1, "a" * 40, "2026-11-20T10:00:00.000Z"),
                         bubble("conv-a", 2, 2, "b" * 400, "2026-11-20T10:00:05.000Z")]})
    w = wal_writer(db)
    w.executemany("INSERT INTO cursorDiskKV VALUES (?, ?)",
                  [bubble("conv-b", 1, 1, "c" * 80, "2026-11-21T09:00:00.000Z"),
                   bubble("conv-b", 2, 2, "d" * 200, "2026-11-21T09:00:04.000Z")])
    w.commit()
    return db, w


STORES = {
    # 12000 + 500 input, 3400 + 70 output at gpt-4o's $2.50 / $10 per M
    "goose": (goose_store, {"calls": 2, "sessions": 2, "input": 12500, "output": 3470, "cacheRead": 0,
                            "cacheWrite": 0, "cost": 0.06595}),
    # user bubbles ceil(40/4) + ceil(80/4) input, replies ceil(400/4) + ceil(200/4) output, gpt-5
    "cursor": (cursor_store, {"calls": 4, "sessions": 2, "input": 30, "output": 150, "cacheRead": 0,
                              "cacheWrite": 0, "cost": 0.0015375}),
}


@pytest.mark.parametrize("provider", sorted(STORES))
def test_rows_in_the_write_ahead_log_count(tmp_path, monkeypatch, provider):
    home = str(tmp_path)
    # The process's own cache dir is not the run's: the private copy goes to the run's (home/.cb-cache).
    monkeypatch.setenv("CODEBURN_CACHE_DIR", str(tmp_path / "process-cache"))
    build, expect = STORES[provider]
    db, writer = build(home)
    try:
        assert os.path.getsize(db + "-wal") > 0
        before = listing(os.path.dirname(db))
        checked_report(home, provider, expect)
        assert listing(os.path.dirname(db)) == before   # nothing written, created or touched beside it
        assert snapshots_left(str(tmp_path / ".cb-cache")) == []   # the private copy is gone
        assert not os.path.exists(tmp_path / "process-cache")
    finally:
        writer.close()


def test_a_wal_store_read_after_the_tool_closed_it(tmp_path):
    """The tool's last connection folded the log in and removed it: the
    same numbers from the main file alone."""
    home = str(tmp_path)
    db, writer = goose_store(home)
    writer.close()
    assert not os.path.exists(db + "-wal")
    checked_report(home, "goose", STORES["goose"][1])


def test_a_log_that_cannot_be_copied_leaves_the_main_file(tmp_path, monkeypatch):
    """No cache dir to copy into: the store's main file alone is read, the
    report still exits 0, and the log whose rows are left out is named in
    one warning (stderr and the JSON `warnings`)."""
    home = str(tmp_path)
    db, writer = goose_store(home)
    try:
        (tmp_path / "not-a-dir").write_text("")
        # Only the run's environment names the cache dir; the process's has a usable one.
        monkeypatch.setenv("CODEBURN_CACHE_DIR", str(tmp_path / "process-cache"))
        from tests.provider_files import report
        status, d, err = report(home, "goose", env={"CODEBURN_CACHE_DIR": str(tmp_path / "not-a-dir" / "c")})
        assert status == 0 and d["overview"]["calls"] == 1 and d["overview"]["tokens"]["input"] == 12000
        message = (f"1 path could not be read: {db}-wal: its rows are left out: no private copy of the store could "
                   f"be made to read them (Not a directory)")
        assert d["warnings"] == [message] and err.count(message) == 1
        assert not os.path.exists(tmp_path / "process-cache")
    finally:
        writer.close()

