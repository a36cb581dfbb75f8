"""Antigravity, Google's Codeium/Windsurf-lineage agent (spec providers
§2.7, §4.1): conversation stores `~/.gemini/antigravity/conversations/*.db`
(project `antigravity`), `~/.gemini/antigravity-cli/conversations/*.db`
(project `antigravity-cli`) and `~/.gemini/antigravity-ide/conversations/*.db`
(project `antigravity-ide`); the file name is the cascade id.

Each row of a store's `gen_metadata(idx, data)` table is a protobuf message
(decoded by `protowire`, no schema needed): field 1 is the chat model
message, whose field 4 is the usage (2 input, else 1; 3 total output;
9 response output; 10 thinking output; 11 response id), field 19 the model
id, 20 key/value attributes (`model_enum`), 21 the display name and 9 the
start metadata (4: created_at as ISO text, a Timestamp message or a unix
number). Output is the response part, reasoning the thinking part (priced
on top). Its cost is the token price of the model without its
`-high|-medium|-low|-agent` tier, which the reference keeps in reports
(allow-list), so it is computed here the same way.

A call without a time is placed at the store's modification time. Outside
`antigravity-cli`, the project is the folder of the first `file:///` URI
in the store's `trajectory_metadata_blob` rows (else anywhere in the file).

The `.pb` conversation files (`conversations/*.pb`, and `implicit/*.pb` of
the CLI and the IDE) are encrypted: offline, only their name (the cascade
id), size and mtime can be read, and a `file:///` URI if one is in clear.
Their usage comes from the app's running language server, asked only with
`--live` (`antigravity_live`), and is served from what that kept on every
later run. A `.db` store with no usage rows is asked the same way.
The status-line log (`antigravity_log`) is this provider's too: it comes
after the stores and skips the conversations they hold.
"""
from __future__ import annotations

import os
import re
import sqlite3
from typing import Iterator, Mapping

from codeburn.jstext import JS_SPACE, file_url_path
from codeburn.lazyre import lazy
from codeburn.plainclass import dataclass
from codeburn.providers import antigravity_live as live
from codeburn.providers import antigravity_log, jsonfiles, sqlitestore
from codeburn.providers import protowire as pw
from codeburn.providers.base import Source, Walker, stamped_paths
from codeburn.providers.records import Call, ReadLog, Session, ts_ms
from codeburn.read.regular import open_regular

PROVIDER = "antigravity"
DISPLAY_NAME = "Antigravity"
KIND = "records"
OUTPUT_HAS_REASONING = False
KEEPS_COST = True
# (app folder under ~/.gemini, sub-folder, file kinds read there); the folder is the project label.
ROOTS = (("antigravity", "conversations", (".pb", ".db")), ("antigravity-cli", "conversations", (".pb", ".db")),
         ("antigravity-cli", "implicit", (".pb",)), ("antigravity-ide", "conversations", (".pb", ".db")),
         ("antigravity-ide", "implicit", (".pb",)))
UUIDISH = lazy(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
FILE_URI = lazy("file:///[^\x00-\x1f\x7f\"'" + re.escape(JS_SPACE) + "]+", re.I)  # (JavaScript's \s)


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    """The conversation stores, then the status-line log (which skips the
    conversations they hold)."""
    live.use_environ(env)
    stores = []
    for folder, sub, kinds in ROOTS:
        d = os.path.join(home, ".gemini", folder, sub)
        for path in walker.entries(d, wanted=lambda p: p.lower().endswith(kinds))[0]:
            if path.lower().endswith(kinds):
                stores.append(Source(PROVIDER, path, folder, cascade_id(path), f"{PROVIDER}:{d}"))
    yield from stores
    if live.SETTING.live:
        live.forget_deleted()
    else:
        walker.errors.extend(offline_notices([s.path for s in stores if is_pb(s.path)]))
    yield from antigravity_log.discover_after([s for s in stores if not is_pb(s.path)], env, home, walker)


def offline_notices(paths: list[str]) -> list[tuple[str, str]]:
    """(path, why) of each `.pb` whose usage a run without --live cannot
    count in full: never read live, or changed since. Named among the paths
    that could not be read, so the report says what it is missing and a
    repeat over the same files is still kept whole (scanmemo)."""
    out = []
    for path in paths:
        entry = live.entry(cascade_id(path))
        try:
            if live.fresh(entry, os.stat(path)):
                continue
        except OSError:
            continue          # gone since it was listed: nothing to say
        out.append((path, CHANGED if entry else NOT_READ))
    return out


def is_pb(path: str) -> bool:
    return path.lower().endswith(".pb")


def app_of(path: str) -> str:
    """The app whose folder holds a conversation file (its project label)."""
    parts = os.path.abspath(path).replace("\\", "/").lower().split("/")
    return next((a for a in ("antigravity-ide", "antigravity-cli") if a in parts[:-1]), PROVIDER)


@dataclass(slots=True)
class GivenSource(Source):
    """A file named to `codeburn scan`: no discovery names what it lacks, its read does."""
    given: bool = True


def source_for(path: str) -> Source:
    """A file given to `codeburn scan`: labelled by the app folder it is in."""
    if antigravity_log.sniff(path, b"") and os.path.basename(path) == antigravity_log.FILE_NAME:
        return antigravity_log.LogSource(PROVIDER, path, antigravity_log.PROJECT, "", os.path.dirname(path))
    return GivenSource(PROVIDER, path, app_of(path), cascade_id(path), f"{PROVIDER}:{os.path.dirname(path)}")


def stamp_paths(source: Source) -> list[str]:
    """A read depends on the file and on what a live read kept of it (the
    status-line log: on what was kept of any conversation)."""
    if antigravity_log.is_log(source):  # (and on the stores, which say what it skips)
        kept = live.kept_dir()
        stores = [q for _, p in getattr(source, "stores", ()) if not is_pb(p) for q in stamped_paths(p)]
        return stamped_paths(source.path) + ([kept] if os.path.exists(kept) else []) + stores
    kept = live.entry_path(cascade_id(source.path))
    return stamped_paths(source.path) + ([kept] if os.path.exists(kept) else [])


def stamp_extra(source: Source) -> str:
    """With --live, a file due a request is never the same (it is read, and
    asked); a file given to `scan` is read with its notices, so kept apart."""
    return live.stamp_extra(source.path) + (" given" if getattr(source, "given", False) else "")


def cascade_id(path: str) -> str:
    name = os.path.basename(path)
    return name[:-3] if name.lower().endswith((".db", ".pb")) else name


def sniff(path: str, head: bytes) -> bool:
    """A store with gen_metadata, the status-line log, or a `.pb` named by a
    cascade id or lying in a `conversations`/`implicit` folder."""
    if is_pb(path):
        name = cascade_id(path)
        return bool(UUIDISH.fullmatch(name)) or os.path.basename(os.path.dirname(os.path.abspath(path))) in (
            "conversations", "implicit")
    return sqlitestore.is_sqlite(head) and b"gen_metadata" in head or antigravity_log.sniff(path, head)


# ---- one gen_metadata row ------------------------------------------------------

def canonical_model(raw: str, display: str | None) -> str:
    """The reference's model id for a display name ("Gemini 3.1 Pro (High)"
    -> gemini-3.1-pro-high); placeholders are `unknown`."""
    low = (display or "").lower()
    if "3.5 flash" in low:
        return next((f"gemini-3.5-flash-{t}" for t in ("high", "medium", "low") if t in low), "gemini-3.5-flash")
    if "3.1 pro" in low:
        return next((f"gemini-3.1-pro-{t}" for t in ("high", "low") if t in low), "gemini-3.1-pro")
    if "3.1 flash" in low:
        return "gemini-3.1-flash-image" if "image" in low else "gemini-3.1-flash-lite" if "lite" in low \
            else "gemini-3.1-flash"
    if "3 flash" in low:
        return "gemini-3-flash"
    if "3 pro" in low:
        return "gemini-3-pro"
    return "unknown" if raw.startswith("MODEL_PLACEHOLDER_") else raw


def row_model(chat: list) -> str:
    attributes = {}
    for f in chat:
        if f[0] == 20:
            pair = pw.submessage(f)
            key, value = pw.text(pw.first(pair, 1)), pw.text(pw.first(pair, 2))
            if key and value:
                attributes[key] = value
    display = pw.text(pw.first(chat, 21))
    raw = pw.text(pw.first(chat, 19)) or attributes.get("model_enum") or display or "unknown"
    return canonical_model(raw, display)


def created_ms(field) -> int | None:
    """ChatStartMetadata.created_at: ISO text, a Timestamp message
    (seconds, nanos) or a unix number (seconds or ms)."""
    if field is None:
        return None
    s = pw.text(field)
    if s and (ms := ts_ms(s)) is not None:
        return ms
    if field[1] == pw.BYTES:
        ts = pw.fields(field[2])
        seconds = pw.first(ts, 1)
        if seconds is not None and seconds[1] == pw.VARINT:
            nanos = pw.first(ts, 2)
            ms = seconds[2] * 1000 + (nanos[2] // 1_000_000 if nanos and nanos[1] == pw.VARINT else 0)
            if 0 < ms <= pw.MAX_SAFE:
                return ms
    if field[1] == pw.VARINT:
        ms = field[2] * 1000 if field[2] < 1e12 else field[2]
        if 0 < ms <= pw.MAX_SAFE:
            return ms
    return None


def row_call(cascade: str, idx, data: bytes) -> Call | None:
    """The call of one gen_metadata row, or None when it has no usage."""
    chat = pw.submessage(pw.first(pw.fields(data), 1))
    usage = pw.submessage(pw.first(chat, 4))
    if not usage:
        return None
    tokens_in = pw.positive(pw.first(usage, 2)) or pw.positive(pw.first(usage, 1))
    total = pw.positive(pw.first(usage, 3))
    response, thinking = pw.positive(pw.first(usage, 9)), pw.positive(pw.first(usage, 10))
    if response == 0 and thinking == 0:
        response = total
    elif total > 0 and response + thinking != total and total - thinking >= 0:
        response = total - thinking
    if tokens_in == 0 and total == 0:
        return None
    rid = pw.text(pw.first(usage, 11))
    rid = rid if rid and not any(c.isspace() for c in rid) else str(idx)
    model = row_model(chat)
    return Call(ts_ms=created_ms(pw.first(pw.submessage(pw.first(chat, 9)), 4)), model=model, input=tokens_in,
                output=response, reasoning=thinking, cost=price(model, tokens_in, response + thinking),
                key=f"antigravity:{cascade}:{rid}")


def price(model: str, tokens_in: int, tokens_out: int) -> float:
    """The reference's cost for Antigravity: the model without its tier, priced from the table."""
    from codeburn.cost.pricing import PriceTable, calculate_cost

    return calculate_cost(PriceTable.default().lookup(antigravity_log.pricing_model(model)), tokens_in, tokens_out,
                          0, 0)


# ---- one store -------------------------------------------------------------------

def read(source: Source, log: ReadLog) -> Iterator[Session]:
    if antigravity_log.is_log(source):
        yield from antigravity_log.read(source, log, live.held_conversations() | _stores_with_calls(source))
        return
    path, cascade = source.path, cascade_id(source.path)
    if is_pb(path):
        yield from _session(source, _read_live(source, log), lambda: _workspace_in(_file_bytes(path)))
        return

    def store(conn):
        calls = _calls(conn, cascade)
        yield calls, (_workspace(conn, path) if calls and source.project != "antigravity-cli" else None)

    got = sqlitestore.collect(path, {"gen_metadata": ("idx", "data")}, store, log)
    if got and not got[0][0]:  # a store without usage rows: the app may still have it
        yield from _session(source, _read_live(source, log, quiet=True), lambda: _db_workspace(path))
        return
    if not got or not got[0][0]:
        return
    calls, workspace = got[0]
    try:
        mtime = jsonfiles.mtime_ms(os.stat(path))  # new Date(mtimeMs): truncated
    except OSError:
        mtime = None
    for c in calls:
        c.ts_ms = c.ts_ms if c.ts_ms is not None else mtime
    yield from _session(source, calls, lambda: workspace)


def _session(source: Source, calls: list[Call], workspace) -> Iterator[Session]:
    """The conversation's one session: named by its workspace folder
    outside the CLI when one is known (`workspace()` is asked only then)."""
    if not calls:
        return
    where = workspace() if source.project != "antigravity-cli" else None
    if where:
        yield Session(source.session_id or cascade_id(source.path), os.path.basename(where.rstrip("/")) or where,
                      calls, cwd=where)
    else:
        yield Session(source.session_id or cascade_id(source.path), source.project or PROVIDER, calls)


# ---- a conversation read through the app (--live), or as a live read kept it -------

NOT_READ = "encrypted Antigravity conversation, no usage on record (it is read from the running app only with --live)"
CHANGED = "Antigravity conversation changed since its last --live read (counted as it was then)"
NOT_REFRESHED = "Antigravity conversations not read live (counted as last kept, if ever)"
# The same two as a `scan` of given files names them (a count of them, then the first).
NOT_READ_GIVEN = "encrypted Antigravity conversations with no usage on record (read from the running app only " \
                 "with --live)"
CHANGED_GIVEN = "Antigravity conversations changed since their last --live read (counted as they were then)"


def _read_live(source: Source, log: ReadLog, quiet: bool = False) -> list[Call]:
    """The conversation's calls: asked of the app when --live says so and
    the kept read is not of this very file; else as kept. Without --live,
    what is missing was named by discovery (offline_notices), or here for
    a file given to `scan`; `quiet`: a store that merely has no usage rows
    is named by neither."""
    path, cascade = source.path, cascade_id(source.path)
    try:
        st = os.stat(path)
    except OSError as exc:
        log.cannot_read(path, exc.strerror or str(exc))
        return []
    entry = live.entry(cascade)
    if live.fresh(entry, st):
        return live.calls_from(entry)
    if live.SETTING.live:
        try:
            calls = live.session().fetch(app_of(path), cascade)
        except live.LiveError as exc:
            log.skip(NOT_REFRESHED, f"{path} ({exc})")
        else:
            live.keep(cascade, path, st, calls)
            return calls
    elif not quiet and getattr(source, "given", False):
        log.skip(CHANGED_GIVEN if entry else NOT_READ_GIVEN, path)
    return live.calls_from(entry) if entry else []


def _stores_with_calls(log_source: Source) -> set[str]:
    """Cascade ids of the conversation stores that give calls (their own read
    names what cannot be read; here a broken store simply gives none)."""
    out = set()
    for cascade, path in getattr(log_source, "stores", ()):
        if not is_pb(path) and sqlitestore.collect(path, {"gen_metadata": ("idx", "data")},
                                                   lambda conn, c=cascade: [bool(_calls(conn, c))], ReadLog()) == [True]:
            out.add(cascade)
    return out


def _calls(conn, cascade: str) -> list[Call]:
    calls, seen = [], set()
    for idx, data in conn.execute("SELECT idx, CAST(data AS BLOB) FROM gen_metadata ORDER BY idx"):
        call = row_call(cascade, idx, bytes(data) if data is not None else b"")
        if call is not None and call.key not in seen:
            seen.add(call.key)
            calls.append(call)
    return calls


def _workspace(conn, path: str) -> str | None:
    """The path of the first file:/// URI in the trajectory metadata (else in the file)."""
    try:
        blob = b" ".join(bytes(r[0]) for r in conn.execute(
            "SELECT CAST(data AS BLOB) FROM trajectory_metadata_blob") if r[0] is not None)
    except sqlite3.Error:
        blob = b""
    return _workspace_in(blob or _file_bytes(path))


def _db_workspace(path: str) -> str | None:
    got = sqlitestore.collect(path, {}, lambda conn: [_workspace(conn, path)], ReadLog())
    return got[0] if got else None


def _file_bytes(path: str, limit: int = -1) -> bytes:
    try:
        with open_regular(path) as f:
            return f.read(limit)
    except OSError:
        return b""


def _workspace_in(blob: bytes) -> str | None:
    """The path of the first file:/// URI in `blob` (None in an encrypted file)."""
    if not blob:
        return None
    m = FILE_URI.search(blob.decode("utf-8", "replace"))
    return file_url_path(m.group(0)) if m else None  # (None where Node's throws)
