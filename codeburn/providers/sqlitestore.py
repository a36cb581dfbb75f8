"""Opening another tool's SQLite store without touching it.

Every store is opened read-only *and* immutable: SQLite then takes no
locks and creates no `-wal`/`-shm` files beside the database, so a running
IDE is never blocked or written to. The price: rows still sitting in the
tool's write-ahead log (not yet checkpointed into the main file) are not
seen until the tool checkpoints, usually within seconds or at exit.

A store that cannot be read (not a database, truncated, malformed, of a
schema we do not know) raises `StoreError` with a short reason; the
provider names it in one warning and the rest of the report is unchanged.
"""
from __future__ import annotations

import sqlite3
from typing import Callable, Iterable
from urllib.parse import quote

SQLITE_MAGIC = b"SQLite format 3\x00"


class StoreError(Exception):
    """A store that cannot be read; str() is the reason shown to the user."""


def uri(path: str) -> str:
    """The URI that opens `path` read-only and immutable."""
    return "file:" + quote(path, safe="/") + "?mode=ro&immutable=1"


def connect(path: str) -> sqlite3.Connection:
    """A read-only, immutable connection to the database at `path`."""
    try:
        conn = sqlite3.connect(uri(path), uri=True, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(reason(exc)) from exc
    # Text columns may hold invalid UTF-8 (a torn write): decode leniently.
    conn.text_factory = lambda b: b.decode("utf-8", "replace")
    return conn


def reason(exc: BaseException) -> str:
    """A short, stable reason for a SQLite failure."""
    text = str(exc)
    low = text.lower()
    if "not a database" in low or "file is not a database" in low:
        return "not a SQLite database"
    if "malformed" in low or "disk i/o" in low or "corrupt" in low:
        return "truncated or corrupt database"
    if "locked" in low or "busy" in low:
        return "database is locked"
    if "unable to open" in low:
        return "cannot open database"
    return text or type(exc).__name__


def tables(conn: sqlite3.Connection) -> set[str]:
    """The store's table names (reading the schema also proves it is SQLite)."""
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as exc:
        raise StoreError(reason(exc)) from exc


def columns(conn: sqlite3.Connection, table: str) -> set[str]:
    try:
        return {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
    except sqlite3.Error as exc:
        raise StoreError(reason(exc)) from exc


def require(conn: sqlite3.Connection, schema: dict[str, tuple[str, ...]]) -> None:
    """Raises StoreError naming the first table or column `schema` expects
    that the store lacks (an unknown schema version)."""
    have = tables(conn)
    for table, cols in schema.items():
        if table not in have:
            raise StoreError(f"unknown schema (no table {table})")
        missing = [c for c in cols if c not in columns(conn, table)]
        if missing:
            raise StoreError(f"unknown schema (no column {table}.{missing[0]})")


def is_sqlite(head: bytes) -> bool:
    return head.startswith(SQLITE_MAGIC)


def text(value) -> str:
    """A TEXT or BLOB cell as str ('' for NULL)."""
    if value is None:
        return ""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", "replace")
    return str(value)


def collect(path: str, schema: dict[str, tuple[str, ...]], read: Callable[[sqlite3.Connection], Iterable],
            log) -> list:
    """Everything `read(conn)` yields from the store at `path`, opened
    read-only after checking `schema`; [] when the store cannot be read,
    which is named once in `log` (nothing of a half-read store is kept)."""
    try:
        conn = connect(path)
        try:
            require(conn, schema)
            return list(read(conn))
        finally:
            conn.close()
    except StoreError as exc:
        log.cannot_read(path, str(exc))
    except sqlite3.Error as exc:
        log.cannot_read(path, reason(exc))
    return []
