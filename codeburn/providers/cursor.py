"""Cursor IDE (spec providers §2.1): the global store
`~/.config/Cursor/User/globalStorage/state.vscdb` (macOS
`~/Library/Application Support/Cursor/User/globalStorage/state.vscdb`),
table `cursorDiskKV(key, value JSON)`.

- `bubbleId:<composer>:<bubble>`: one chat bubble (type 1 user, 2
  assistant). Current builds leave `tokenCount` at {0,0}: an assistant
  bubble's output is then estimated from its text (ceil(chars / 4)); a
  user bubble's input too, when the conversation has no better signal.
- `composerData:<composer>`: the conversation's context meter
  (`promptTokenBreakdown.totalUsedTokens` or `contextTokensUsed`), which
  becomes one input record for the conversation.
- `agentKv:blob:<id>`: the agent's stream (prompt, context, tool calls,
  reply), joined to conversations by request id: its tools (`Shell` with
  its command line), and its characters as the input estimate of a
  conversation without a meter. Requests no bubble knows are their own
  sessions, dated at the store's modification time.

Every Cursor call is marked estimated. Conversations map to projects
through `User/workspaceStorage/<hash>/` (`workspace.json` folder +
the composer list in that workspace's own state.vscdb); the rest are
project `cursor`. Like the reference, bubbles older than six months are not
read. Unlike it: every in-range bubble is read, however many (the
reference stops at 250,000 and warns), and a malformed row is skipped and
counted instead of emptying the whole store's report.

The store can be several GB, so the per-row work is compiled
(codeburn/_fast/includes/cb_cursor_store.h, where the conversation rules
live): rows are read in key order (a conversation's bubbles arrive
together), straight from SQLite where the build has it, else fetched here in
batches; each is decoded once, only the few fields needed are kept, and a
conversation is settled as soon as its last bubble is read. Its calls come
out as a records tape (cb_tape.h) that the scan replays into the Scanner
and the records cache keeps (`tapes()`); `read()` gives the same sessions
as objects. The rows the compiled decoder does not take (an unusual shape)
are decoded here and handed back as fields, so both ways share the rules.

The store is read from its own pages where the reader can be sure of them
(codeburn/_fast/includes/cb_sqlite_pages.h): one sequential pass, with the
write-ahead log a running Cursor keeps beside the store laid over them as
SQLite would lay it (no copy of the store, nothing written beside it); the
context meters come from the same pass. Elsewhere (an unknown schema, a
rollback journal, a page that does not parse) SQLite reads it, through a
private checkpointed copy when a log holds rows (sqlitestore.readable).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import sys
import time
from typing import Iterator, Mapping

from codeburn.cache import cachedir
from codeburn.jstext import js_len
from codeburn.lazyre import lazy
from codeburn.plainclass import dataclass
from codeburn.providers import jsonfiles, sqlitestore
from codeburn.providers.base import Source, Walker, stamped_paths
from codeburn.providers.records import ReadLog, Session, tape_sessions, ts_ms  # noqa: F401 (ts_ms: tests)
from codeburn.read.regular import open_regular

PROVIDER = "cursor"
DISPLAY_NAME = "Cursor"
KIND = "records"
OUTPUT_HAS_REASONING = False
KEEPS_COST = False
TOOL_STEPS = 2  # retries see a call's tool names as one step, as in the reference (no tool sequence)
KEEPS_TAPES = True     # tapes(source, log, keep): the records cache entry is written in the reader's thread
ORPHAN_PROJECT = "cursor"
AUTO_MODEL = "cursor-auto"
LOOKBACK_MONTHS = 6
PROMPT_CAP = 500
BATCH = 2000
TAPE_CHUNK = 1 << 20   # bytes of tape handed on at a time
DIRECT = True          # read rows straight from SQLite where the build can (tests turn it off)
PAGES = True           # read the store's own pages where it can be sure of them (tests turn it off)
SPILL_IN_MEMORY = 8 << 20    # bytes of kept bubble fields held in memory before they go to a file
PAGE_ATTEMPTS = 2            # passes over the pages when the store changes under one
LAST_READ: dict = {}   # how the last store was read (benchmarks and tests look)
SCHEME, PERCENT, SLASHES = lazy(r"[^:]+://"), lazy(r"%[0-9A-Fa-f]{2}"), lazy(r"/+")

BUBBLES = ("SELECT CAST(key AS BLOB), rowid, CAST(value AS BLOB) FROM cursorDiskKV "
           "WHERE key >= 'bubbleId:' AND key < 'bubbleId;' ORDER BY key")
COMPOSERS = ("SELECT substr(key, 14), value FROM cursorDiskKV "
             "WHERE key >= 'composerData:' AND key < 'composerData;'")
AGENT_ROWS = ("SELECT rowid, CAST(value AS BLOB) FROM cursorDiskKV "
              "WHERE key >= 'agentKv:blob:' AND key < 'agentKv:blob;'")


def user_dir(env: Mapping[str, str], home: str) -> str:
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Application Support", "Cursor", "User")
    return os.path.join(home, ".config", "Cursor", "User")


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    d = os.path.join(user_dir(env, home), "globalStorage")
    path = os.path.join(d, "state.vscdb")
    if path in walker.entries(d, wanted=path.__eq__)[0]:
        yield Source(PROVIDER, path, ORPHAN_PROJECT, "state", f"{PROVIDER}:{d}")


def sniff(path: str, head: bytes) -> bool:
    return sqlitestore.is_sqlite(head) and b"cursorDiskKV" in head


def stamp_paths(source: Source) -> list[str]:
    """What a read depends on (the records cache's key): the store and its
    write-ahead log, and every workspace's folder and composer list (they
    name the projects)."""
    out = stamped_paths(source.path)
    ws = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(source.path))), "workspaceStorage")
    try:
        dirs = sorted(os.listdir(ws))
    except OSError:
        return out
    for d in dirs:
        for name in ("workspace.json", "state.vscdb", "state.vscdb-wal"):
            p = os.path.join(ws, d, name)
            if os.path.isfile(p):
                out.append(p)
    return out


def stamp_extra(source: Source) -> str:
    """What else a read depends on: the time floor (a kept read is of the
    bubbles newer than it, and it moves with the date)."""
    return time_floor()


# ---- time floor -----------------------------------------------------------------

def time_floor(now: float | None = None) -> str:
    """ISO time of local midnight six calendar months ago (a day past the
    month's end rolls over, as JavaScript's Date does); bubbles must be newer."""
    today = dt.datetime.fromtimestamp(time.time() if now is None else now).date()
    months = today.year * 12 + today.month - 1 - LOOKBACK_MONTHS
    first = dt.datetime(months // 12, months % 12 + 1, 1)
    local = (first + dt.timedelta(days=today.day - 1)).astimezone()
    return local.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{local.microsecond // 1000:03d}Z"


# ---- workspaces -----------------------------------------------------------------

def workspace_label(uri: str) -> str:
    """`file:///Users/me/proj` -> `-Users-me-proj`; another scheme's `x://`
    becomes `/` and `+` becomes `-`; %-escapes decoded when well formed."""
    scheme = SCHEME.match(uri)
    if uri.startswith("file://"):
        path = uri[len("file://"):]
    else:
        path = ("/" + uri[scheme.end():] if scheme else uri).replace("+", "-")
    if all(PERCENT.match(path, i) for i, ch in enumerate(path) if ch == "%"):
        from urllib.parse import unquote   # (not imported by runs without Cursor)

        try:
            path = unquote(path, errors="strict")
        except UnicodeDecodeError:
            pass
    return SLASHES.sub("-", path)


def workspace_map(user: str, walker: Walker, log=None) -> dict[str, str]:
    """composer id -> project label, from every workspace that lists it
    (`log` hears of a workspace store's log whose rows could not be read)."""
    out: dict[str, str] = {}
    for d in walker.subdirs(os.path.join(user, "workspaceStorage")):
        try:
            with open_regular(os.path.join(d, "workspace.json")) as f:
                folder = json.loads(f.read()).get("folder")
        except (OSError, ValueError, AttributeError, RecursionError):
            continue
        db = os.path.join(d, "state.vscdb")
        if not isinstance(folder, str) or not folder or not os.path.isfile(db):
            continue
        for cid in _workspace_composers(db, log):
            out[cid] = workspace_label(folder)
    return out


def _workspace_composers(db: str, log=None) -> list[str]:
    try:
        with sqlitestore.readable(db, log) as where:
            conn = sqlitestore.connect(where)
            try:
                rows = conn.execute("SELECT value FROM ItemTable WHERE key IN "
                                    "('composer.composerData', 'composer.composerHeaders')").fetchall()
            finally:
                conn.close()
    except (sqlitestore.StoreError, sqlite3.Error):
        return []
    out = []
    for (value,) in rows:
        try:
            doc = json.loads(sqlitestore.text(value))
        except (ValueError, RecursionError):
            continue
        composers = doc.get("allComposers") if isinstance(doc, dict) else None
        for c in composers if isinstance(composers, list) else ():
            if isinstance(c, dict) and isinstance(c.get("composerId"), str):
                out.append(c["composerId"])
    return out


# ---- one row --------------------------------------------------------------------

def composer_of(key: str) -> str | None:
    """`bubbleId:<composer>:<bubble>` -> composer; None for tool sub-composer
    rows (a composer segment holding CR, LF or NUL) and malformed keys."""
    first = key.find(":")
    second = key.find(":", first + 1) if first >= 0 else -1
    if second < 0 or second == first + 1:
        return None
    cid = key[first + 1:second]
    return None if ("\r" in cid or "\n" in cid or "\0" in cid) else cid


@dataclass(slots=True)
class Bubble:
    rowid: int
    key: str
    kind: object                 # `type`: 1 user, 2 assistant
    tokens_in: object
    tokens_out: object
    model: object                # None: absent
    created: object
    request_id: object
    text: str | None             # first 500 characters
    text_len: int
    langs: list


def decode_bubble(rowid: int, key: str, value, fast=None) -> Bubble | None:
    """The fields of one bubble row; None when the value is not a JSON
    object. `fast` (reader.CursorBubbles) decodes the usual shape in C++;
    anything else is decoded here."""
    got = fast.decode(value, PROMPT_CAP) if fast is not None and isinstance(value, bytes) else None
    if got is not None:
        return Bubble(rowid, key, *got)
    try:
        doc = json.loads(value)
    except (ValueError, RecursionError, TypeError):
        return None
    if not isinstance(doc, dict):
        return None
    tc = doc.get("tokenCount") if isinstance(doc.get("tokenCount"), dict) else {}
    mi = doc.get("modelInfo") if isinstance(doc.get("modelInfo"), dict) else {}
    text = doc.get("text")
    text = text if isinstance(text, str) else (None if text is None else json.dumps(text))
    return Bubble(rowid, key, doc.get("type"), tc.get("inputTokens"), tc.get("outputTokens"), mi.get("modelName"),
                  doc.get("createdAt"), doc.get("requestId"), None if text is None else text[:PROMPT_CAP],
                  len(text) if text else 0, languages(doc.get("codeBlocks")))


def languages(blocks) -> list[str]:
    out: list[str] = []
    for b in blocks if isinstance(blocks, list) else ():
        lang = b.get("languageId") if isinstance(b, dict) else None
        if isinstance(lang, str) and lang and lang != "plaintext" and lang not in out:
            out.append(lang)
    return out


def _num(value) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


# ---- the agent stream (rows the compiled reader hands back) -------------------------

def content_len(content) -> int:
    """Characters of text in an agentKv `content`: a string (itself JSON
    blocks when it looks like them), or blocks whose `text` / `content`
    strings count; a scalar counts as its JSON text."""
    if isinstance(content, str):
        trimmed = content.lstrip()
        if trimmed[:1] not in ("[", "{"):
            return js_len(content)
        try:
            content = json.loads(trimmed)
        except (ValueError, RecursionError):
            return js_len(content)
    if isinstance(content, bool):
        return 1  # (SQLite's json_extract gives 0 or 1)
    if not isinstance(content, (list, dict)):
        return js_len(json.dumps(content))
    total = 0
    for b in content if isinstance(content, list) else [content]:
        if isinstance(b, dict):
            if isinstance(b.get("text"), str):
                total += js_len(b["text"])
            elif isinstance(b.get("content"), str):
                total += js_len(b["content"])
    return total


ROLES = {"system": 1, "user": 2, "tool": 3, "assistant": 4}


def agent_fields(doc: dict) -> tuple:
    """(role, or -1 - role without content; characters; request id; model;
    reply) of one agentKv row, reply being None or (characters, [(tool,
    shell command or None)])."""
    options = doc.get("providerOptions")
    cur = options.get("cursor") if isinstance(options, dict) else None
    cur = cur if isinstance(cur, dict) else {}
    content = doc.get("content")
    # Only null is no content to the reference (its SQL hands "" over as an
    # empty blob, which is truthy, and false as "0"): a system row of ""
    # closes the request before it.
    present = content is not None
    role = ROLES.get(doc.get("role"), 0) if isinstance(doc.get("role"), str) else 0
    reply = _assistant_part(content) if role == 4 and present else None
    rid, model = cur.get("requestId"), cur.get("modelName")
    return (role if present else -1 - role, content_len(content) if present else 0,
            str(rid) if rid else "", str(model) if model else "", reply)


def _assistant_part(blocks) -> tuple[int, list] | None:
    """(reply characters, tool calls) of an assistant row's content blocks
    (a list, or a string holding one)."""
    if isinstance(blocks, str):
        try:
            blocks = json.loads(blocks)
        except (ValueError, RecursionError):
            return None
    if not isinstance(blocks, list):
        return None
    chars, tools = 0, []
    for b in blocks:
        if not isinstance(b, dict):
            continue
        if isinstance(b.get("text"), str):
            chars += js_len(b["text"])
        name = b.get("toolName")
        if b.get("type") != "tool-call" or not isinstance(name, str) or not name:
            continue
        args = b.get("args")
        command = args.get("command") if isinstance(args, dict) else None
        tools.append((name, command if name == "Shell" and isinstance(command, str) else None))
    return chars, tools


def feed_agent_rows(conn, reader, log: ReadLog, where: str, db: str | None = None) -> None:
    """Every agentKv row into the reader (key order; it puts them in the
    order written); the rows it cannot decode are decoded here. Straight
    from SQLite where the reader can (no Python object a row), else in
    batches through `conn`. `db`: the file read (default `where`, the
    store's name in the log)."""
    if DIRECT and reader.direct():
        _add_agents(reader, reader.pump_agents(sqlitestore.uri(db or where), AGENT_ROWS), log, where)
    else:
        cur = conn.execute(AGENT_ROWS)
        while batch := cur.fetchmany(BATCH):
            _add_agents(reader, reader.feed_agents(batch), log, where)
    reader.settle_streams()


def _add_agents(reader, rows, log: ReadLog, where: str) -> None:
    for rowid, value in rows:
        if value[:1] != b"{":
            continue
        try:
            doc = json.loads(value)
        except (ValueError, RecursionError):
            log.skip("bad_record", f"{where}:agentKv")
            continue
        if isinstance(doc, dict):
            reader.add_agent(rowid, *agent_fields(doc))


# ---- conversations ------------------------------------------------------------------

def composer_meters(conn) -> dict[str, tuple[int, int | None]]:
    """composer id -> (context meter tokens, createdAt epoch ms or None), meters > 0 only."""
    return meters_of(conn.execute(COMPOSERS))


def meters_of(rows) -> dict[str, tuple[int, int | None]]:
    """composer_meters() of (composer id, composerData value) rows."""
    out = {}
    for cid, value in rows:
        try:
            doc = json.loads(sqlitestore.text(value))
        except (ValueError, RecursionError):
            continue
        if not isinstance(doc, dict):
            continue
        ptb = doc.get("promptTokenBreakdown")
        used = ptb.get("totalUsedTokens") if isinstance(ptb, dict) else None
        tokens = used if used else doc.get("contextTokensUsed")
        tokens = _num(tokens)
        if cid and tokens > 0:
            created = doc.get("createdAt")
            ts = int(created) if isinstance(created, (int, float)) and not isinstance(created, bool) \
                and created > 0 else None
            out[cid] = (int(min(tokens, 1e15)), ts)
    return out


def add_bubble(reader, key: str, b: Bubble) -> None:
    """A bubble decoded here (an unusual shape) into the reader."""
    model = b.model
    created = b.created
    reader.add_bubble(key, b.rowid, b.kind == 1, b.tokens_in is not None, _num(b.tokens_in),
                      b.tokens_out is not None, _num(b.tokens_out),
                      0 if model is None else 2 if model else 1, str(model) if model else "",
                      0 if created is None else 2 if isinstance(created, str) else 1,
                      created if isinstance(created, str) else "",
                      str(b.request_id) if b.request_id else "", b.text is not None, b.text or "", b.text_len,
                      list(b.langs))


def feed_bubbles(conn, reader, path: str, log: ReadLog, db: str | None = None) -> Iterator[bytes]:
    """The bubble rows, in key order, into the reader; yields the tape of
    the conversations settled so far now and then (memory stays flat).
    Straight from SQLite where the reader can, else in batches through
    `conn`. `db`: the file read (default `path`, the store's name in the log)."""
    bad = 0
    if DIRECT and reader.direct():
        reader.open_bubbles(sqlitestore.uri(db or path), BUBBLES)
        while (got := reader.pump_bubbles(TAPE_CHUNK)) is not None:
            if got is True:
                yield reader.take_tape()
            else:
                bad += _python_bubble(reader, *got)
    else:
        cur = conn.execute(BUBBLES)
        while batch := cur.fetchmany(BATCH):
            i = reader.feed_bubbles(batch)
            while i < len(batch):
                bad += _python_bubble(reader, *batch[i])
                i = reader.feed_bubbles(batch, i + 1)
            if reader.tape_size() >= TAPE_CHUNK:
                yield reader.take_tape()
    if bad:
        log.skip("bad_record", f"{path}:bubbleId", bad)


def _python_bubble(reader, key_bytes, rowid, value) -> int:
    """A bubble row the reader handed back, decoded here; 1 if malformed."""
    key = key_bytes.decode("utf-8", "replace") if isinstance(key_bytes, bytes) else sqlitestore.text(key_bytes)
    if composer_of(key) is None:
        return 0
    b = decode_bubble(rowid, key, value)
    if b is None:
        return 1
    add_bubble(reader, key, b)
    return 0


# ---- the store --------------------------------------------------------------------

def tapes(source: Source, log: ReadLog, keep=None) -> Iterator[bytes]:
    """The store's sessions as records tapes (codeburn/_fast/includes/cb_tape.h),
    a few MB at a time, in the order the reference reads them: conversations
    in key order, then the agent requests no bubble names. The store is read
    in a thread of its own, a few tapes ahead of the caller (codeburn/read/prefetch.py:
    the scan replays and classifies while the next rows are decoded; with a
    single CPU, in the caller's thread). `keep(tape)`, when given, is called
    with each tape in that thread before it is handed on (the scan's records
    cache entry is written there, off the scan's own thread)."""
    from codeburn.read import heapblocks, prefetch   # (queue and heapq: ~4 ms of a run that reads no Cursor store)

    chunks = _tapes(source, log)
    if keep is not None:
        chunks = _kept(chunks, keep)
    return heapblocks.reused(prefetch.ahead(chunks) if prefetch.spare_core() else chunks)


def _kept(chunks: Iterator[bytes], keep) -> Iterator[bytes]:
    try:
        for tape in chunks:
            keep(tape)
            yield tape
    finally:
        chunks.close()


def _tapes(source: Source, log: ReadLog) -> Iterator[bytes]:
    path = source.path
    try:
        projects = workspace_map(os.path.dirname(os.path.dirname(os.path.abspath(path))), Walker(), log)
        if (yield from _pages_tapes(path, projects, log)):
            return
        with sqlitestore.readable(path, log) as db:   # db: the store, or a copy with its WAL's rows in
            yield from _store_tapes(path, db, projects, log)
    except sqlitestore.StoreError as exc:
        log.cannot_read(path, str(exc))
    except sqlite3.Error as exc:
        log.cannot_read(path, sqlitestore.reason(exc))
    except OSError as exc:  # the spill file could not be read back
        log.cannot_read(path, str(exc))


def _pages_tapes(path: str, projects: dict, log: ReadLog):
    """The tapes of the store read from its own pages (its log laid over
    them); returns False, having yielded nothing, when the pass could not
    be sure of them or cannot run here (the caller reads through SQLite).
    A pass cut short by the store changing under it (a running Cursor
    checkpointing its log into the file) is tried once more."""
    from codeburn.read import prefetch

    for _ in range(PAGE_ATTEMPTS):
        spill = _spill_files(2 if prefetch.spare_core() else 1) if PAGES and pages_safe(path) else None
        if spill is None:
            LAST_READ.clear()
            return False
        try:
            reader = _reader(path, projects, {})
            if not _read_pages(reader, path, log, spill):
                if LAST_READ.get("moved"):   # the store changed under the pass
                    continue
                return False
            while reader.replay_pages(TAPE_CHUNK):
                yield reader.take_tape()
        finally:
            for f in spill:
                f.close()
        reader.finish()
        yield reader.take_tape()
        return True
    return False


def _store_tapes(path: str, db: str, projects: dict, log: ReadLog) -> Iterator[bytes]:
    """_tapes() of the store at `path` read through SQLite from the file
    `db` (itself or its checkpointed copy); the store's own mtime dates the
    agent requests no bubble names."""
    conn = sqlitestore.connect(db)
    try:
        sqlitestore.require(conn, {"cursorDiskKV": ("key", "value")})
        reader = _reader(path, projects, composer_meters(conn))
        LAST_READ["path"] = "sqlite"
        feed_agent_rows(conn, reader, log, path, db)
        yield from feed_bubbles(conn, reader, path, log, db)
        reader.finish()
        yield reader.take_tape()
    finally:
        conn.close()


def _reader(path: str, projects: dict, meters: dict):
    from codeburn._fast.reader import CursorReader

    reader = CursorReader(time_floor(), ORPHAN_PROJECT, _mtime_ms(path))
    reader.set_projects(projects)
    for cid, (tokens, ts) in meters.items():
        reader.set_meter(cid, tokens, ts)
    return reader


# ---- the store's own pages ----------------------------------------------------------

def pages_safe(path: str) -> bool:
    """Whether the store's pages are the file's and its write-ahead log's:
    no rollback journal with anything in it beside it (a write cut short;
    whether it must be rolled back is SQLite's call, not ours)."""
    try:
        return os.path.getsize(path + "-journal") == 0
    except OSError:
        return True


def _spill_files(n: int) -> list | None:
    """`n` unlinked files in codeburn's cache dir for the bubbles kept aside
    (codeburn/_fast/includes/cb_cursor_spill.h), one per thread reading the
    pages; None when there are none to be had (the store is then read
    through SQLite)."""
    import tempfile

    d = cachedir.scratch_dir()
    files = []
    try:
        cachedir.private_dirs(d, d)
        for _ in range(n):
            files.append(tempfile.TemporaryFile(dir=d, prefix="cursor-spill-"))
        return files
    except OSError:
        for f in files:
            f.close()
        return None


def _read_pages(reader, path: str, log: ReadLog, spill: list) -> bool:
    """Every row the queries above select, read from the store's own pages
    (its write-ahead log laid over them) in one sequential pass
    (codeburn/_fast/includes/cb_cursor_pages.h; two threads given two spill
    files) and fed to `reader`, the context meters set from the same pass;
    False, with nothing logged, when the pass could not be sure of them
    (the caller reads through SQLite with a fresh reader)."""
    from codeburn._fast.reader import release_free_memory

    why, agents, bubbles, composers, counters = reader.read_pages(
        os.fsencode(path), spill[0].fileno(), SPILL_IN_MEMORY, spill[1].fileno() if len(spill) > 1 else -1)
    release_free_memory()   # what the pass's second thread freed stays in its heap otherwise
    LAST_READ.clear()
    LAST_READ.update(counters, path="pages" if why is None else "sqlite", why=why)
    if why is not None:
        return False
    skipped = _Skips()
    if counters["wal_ignored"]:   # SQLite ignores such a log too: its rows are not the store's
        skipped.skip("wal_ignored", f"{path}-wal: {counters['wal_ignored']}")
    _add_agents(reader, agents, skipped, path)
    reader.settle_streams()
    for cid, (tokens, ts) in meters_of((key.decode("utf-8")[len("composerData:"):], value)
                                       for key, value in composers).items():
        reader.set_meter(cid, tokens, ts)
    bad = sum(_python_bubble(reader, *row) for row in bubbles)
    if not reader.end_pages():   # the cache dir is full: SQLite's way needs no spill
        LAST_READ.update(path="sqlite", why="spill not written")
        return False
    for args in skipped.calls:
        log.skip(*args)
    if bad:
        log.skip("bad_record", f"{path}:bubbleId", bad)
    LAST_READ.update(reader.spill_counters())
    return True


class _Skips:
    """Skips noted while it is not yet sure the pass will be used (the log
    hears of them only then: a fallback reads the same rows again)."""

    def __init__(self):
        self.calls: list[tuple] = []

    def skip(self, *args) -> None:
        self.calls.append(args)


def read(source: Source, log: ReadLog) -> Iterator[Session]:
    """The store's sessions as Session objects (the scan replays the tapes
    instead: see tapes())."""
    for tape in tapes(source, log):
        yield from tape_sessions(tape)


def _mtime_ms(path: str) -> int:
    try:
        return jsonfiles.mtime_ms(os.stat(path))  # new Date(mtimeMs): truncated
    except OSError:
        return int(time.time() * 1000)
