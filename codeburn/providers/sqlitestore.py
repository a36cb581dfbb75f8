"""Opening another tool's SQLite store without touching it.

Every store is opened read-only *and* immutable: SQLite then takes no
locks and creates no `-wal`/`-shm` files beside the database, so a running
IDE is never blocked or written to. Immutable, SQLite reads the main file
alone, so a store whose write-ahead log still holds rows (the tool is
running, or left it so) is read through `readable()`: a private copy of
the store and its log, in codeburn's cache dir, where SQLite folds the log
in; the copy is gone when the read ends. When no copy can be made, the
main file alone is read and the log is named in a warning (its rows are
missing). The multi-GB Cursor store is not copied: its own page reader
lays the log over the file (providers/cursor.py).

A store that cannot be read (not a database, truncated, malformed, of a
schema we do not know) raises `StoreError` with a short reason; the
provider names it in one warning and the rest of the report is unchanged.
"""
from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator

# shutil, tempfile and urllib are imported where a store is opened or copied:
# a run that opens none (most) does not pay their ~10 ms.

SQLITE_MAGIC = b"SQLite format 3\x00"
SNAPSHOT_PREFIX = "sqlite-wal-"
SNAPSHOT_MAX_AGE = 86400   # a copy left by a killed run is removed by a later one after this long
COPY_ATTEMPTS = 3          # a store written to while it is copied is copied again


class StoreError(sqlite3.DatabaseError):
    """A store that cannot be read; str() is the reason shown to the user.
    (A sqlite3 error, so every reader that names those names it too.)"""


def uri(path: str) -> str:
    """The URI that opens `path` read-only and immutable."""
    from urllib.parse import quote

    return "file:" + quote(path, safe="/") + "?mode=ro&immutable=1"


def connect(path: str) -> sqlite3.Connection:
    """A read-only, immutable connection to the database at `path`."""
    _check_regular(path)
    try:
        conn = sqlite3.connect(uri(path), uri=True, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(reason(exc)) from exc
    # Text columns may hold invalid UTF-8 (a torn write): decode leniently.
    conn.text_factory = lambda b: b.decode("utf-8", "replace")
    return conn


def _check_regular(path: str) -> None:
    """A FIFO there would block SQLite's open for ever; a folder would read
    as "disk I/O error". (Nothing there: SQLite names it.)"""
    from codeburn.read.regular import check

    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return
    try:
        check(mode, path)
    except OSError as exc:
        raise StoreError(exc.strerror) from None


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
    """Everything `read(conn)` yields from the store at `path` (with the
    rows of its write-ahead log), opened read-only after checking `schema`;
    [] when the store cannot be read, which is named once in `log` (nothing
    of a half-read store is kept)."""
    try:
        with readable(path, log) as where:
            conn = connect(where)
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


def holds(path: str, schema: dict[str, tuple[str, ...]], query: str) -> bool:
    """Whether `query` finds a row in the store at `path` (its write-ahead
    log's rows included). A store that cannot be read holds nothing, in
    silence: the read of it names it."""
    try:
        with readable(path) as where:
            conn = connect(where)
            try:
                require(conn, schema)
                return conn.execute(query).fetchone() is not None
            finally:
                conn.close()
    except (sqlite3.Error, OSError):
        return False


# ---- stores with rows in their write-ahead log ------------------------------------

def wal_rows(path: str) -> bool:
    """Whether a write-ahead log with anything in it lies beside the store
    (an empty or absent one adds no rows)."""
    return _has_bytes(path + "-wal")


def journal_pending(path: str) -> bool:
    """Whether a rollback journal with anything in it lies beside the store:
    a write in progress, or one a crash cut short. The file may then hold
    pages of the unfinished write, which the immutable open would read as
    they are (a torn, "corrupt" store); SQLite rolls them back on a
    normal open of a copy."""
    return _has_bytes(path + "-journal")


def _has_bytes(path: str) -> bool:
    try:
        return os.path.getsize(path) > 0
    except OSError:
        return False


@contextmanager
def readable(path: str, log=None) -> Iterator[str]:
    """The file to read the store at `path` through: itself, unless its
    write-ahead log holds rows or a rollback journal lies beside it (a write
    under way or cut short); then a private copy of the store and the log
    in the cache dir, checkpointed or rolled back there (the committed rows,
    as SQLite would read them in place), removed when the block ends.
    Nothing is written beside `path`. When no copy can be made (the cache
    dir is full or read-only), the store itself:
    its main file alone is read, and the log is named in `log` (a
    ReadLog: one warning, and the read is not kept by the records cache,
    so a later run reads the rows when it can)."""
    _check_regular(path)
    wal = wal_rows(path)
    if not wal and not journal_pending(path):
        yield path
        return
    try:
        copy = _snapshot(path)
    except OSError as exc:
        if log is not None:
            what = "its rows are left out" if wal else "the write it holds may show half done"
            log.cannot_read(path + ("-wal" if wal else "-journal"),
                            f"{what}: no private copy of the store could be made to read them ({exc.strerror or exc})")
        yield path
        return
    try:
        yield copy
    finally:
        import shutil

        shutil.rmtree(os.path.dirname(copy), ignore_errors=True)


def _snapshot(path: str) -> str:
    """The private copy (raises OSError when it cannot be made)."""
    import shutil
    import tempfile

    from codeburn.cache import cachedir

    root = cachedir.scratch_dir()
    cachedir.private_dirs(root, root)
    _remove_stale_snapshots(root)
    d = tempfile.mkdtemp(prefix=SNAPSHOT_PREFIX, dir=root)
    copy = os.path.join(d, "store.db")
    try:
        _copy_pair(path, copy)
        conn = sqlite3.connect(copy)   # ours: SQLite may write here (the log folded in, then dropped)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()   # a hot journal is rolled back
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
    except OSError:
        shutil.rmtree(d, ignore_errors=True)
        raise
    except sqlite3.Error:
        pass   # not a database, or corrupt: reading the copy names it like the store
    return copy


LOGS = ("-wal", "-journal")  # the logs beside a store that a copy of it takes along


def _copy_pair(path: str, copy: str) -> None:
    """The store and its log copied as one state: copied again when either
    changed meanwhile (a tool writing or checkpointing), at most a few times."""
    import shutil

    for _ in range(COPY_ATTEMPTS):
        before = stamps(path)
        shutil.copyfile(path, copy)
        for log in LOGS:
            if os.path.exists(path + log):
                shutil.copyfile(path + log, copy + log)
        if stamps(path) == before:
            return


def stamps(path: str) -> tuple:
    """(size, mtime, inode) of the store and of its log (None: absent):
    what changes when either is written."""
    out = []
    for p in (path, *(path + log for log in LOGS)):
        try:
            st = os.stat(p)
            out.append((st.st_size, st.st_mtime_ns, st.st_ino))
        except OSError:
            out.append(None)
    return tuple(out)


def _remove_stale_snapshots(root: str) -> None:
    """Copies a killed run left behind (a live run's copy is younger)."""
    import shutil

    try:
        names = [n for n in os.listdir(root) if n.startswith(SNAPSHOT_PREFIX)]
    except OSError:
        return
    for name in names:
        d = os.path.join(root, name)
        try:
            if time.time() - os.stat(d).st_mtime > SNAPSHOT_MAX_AGE:
                shutil.rmtree(d, ignore_errors=True)
        except OSError:
            continue
