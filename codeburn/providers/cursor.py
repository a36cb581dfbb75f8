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

The store can be several GB: rows are streamed in key order (so a
conversation's bubbles arrive together) and each is decoded once; only the
few fields needed are kept, and a conversation is handed on as soon as its
last bubble is read.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import sys
import time
from array import array
from dataclasses import dataclass, field
from typing import Iterator, Mapping
from urllib.parse import unquote

from codeburn.providers import sqlitestore
from codeburn.providers.base import Source, Walker, stamped_paths
from codeburn.providers.records import Call, ReadLog, Session, Tool, estimate_tokens, ts_ms

PROVIDER = "cursor"
DISPLAY_NAME = "Cursor"
KIND = "records"
OUTPUT_HAS_REASONING = False
KEEPS_COST = False
ORPHAN_PROJECT = "cursor"
AUTO_MODEL = "cursor-auto"
LOOKBACK_MONTHS = 6
PROMPT_CAP = 500
BATCH = 2000
SCHEME, PERCENT, SLASHES = re.compile(r"[^:]+://"), re.compile(r"%[0-9A-Fa-f]{2}"), re.compile(r"/+")

BUBBLES = ("SELECT key, rowid, CAST(value AS BLOB) FROM cursorDiskKV "
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
    if path in walker.entries(d)[0]:
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
        try:
            path = unquote(path, errors="strict")
        except UnicodeDecodeError:
            pass
    return SLASHES.sub("-", path)


def workspace_map(user: str, walker: Walker) -> dict[str, str]:
    """composer id -> project label, from every workspace that lists it."""
    out: dict[str, str] = {}
    for d in walker.subdirs(os.path.join(user, "workspaceStorage")):
        try:
            with open(os.path.join(d, "workspace.json"), "rb") as f:
                folder = json.loads(f.read()).get("folder")
        except (OSError, ValueError, AttributeError, RecursionError):
            continue
        db = os.path.join(d, "state.vscdb")
        if not isinstance(folder, str) or not folder or not os.path.isfile(db):
            continue
        for cid in _workspace_composers(db):
            out[cid] = workspace_label(folder)
    return out


def _workspace_composers(db: str) -> list[str]:
    try:
        conn = sqlitestore.connect(db)
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


# ---- the agent stream -------------------------------------------------------------

@dataclass(slots=True)
class Stream:
    user: int = 0
    context: int = 0
    assistant: int = 0
    tools: list = field(default_factory=list)
    model: str | None = None
    model_at: int = -1           # position of the row that named the model
    first_at: int = -1


def utf16_len(s: str) -> int:
    return len(s) if s.isascii() else len(s.encode("utf-16-le")) // 2


def content_len(content) -> int:
    """Characters of text in an agentKv `content`: a string (itself JSON
    blocks when it looks like them), or blocks whose `text` / `content`
    strings count; a scalar counts as its JSON text."""
    if isinstance(content, str):
        trimmed = content.lstrip()
        if trimmed[:1] not in ("[", "{"):
            return utf16_len(content)
        try:
            content = json.loads(trimmed)
        except (ValueError, RecursionError):
            return utf16_len(content)
    if not isinstance(content, (list, dict)):
        return utf16_len(json.dumps(content))
    total = 0
    for b in content if isinstance(content, list) else [content]:
        if isinstance(b, dict):
            if isinstance(b.get("text"), str):
                total += utf16_len(b["text"])
            elif isinstance(b.get("content"), str):
                total += utf16_len(b["content"])
    return total


ROLES = {"system": 1, "user": 2, "tool": 3, "assistant": 4}


class _AgentRows:
    """The agentKv rows, as parallel arrays (a few bytes a row: a store can
    hold hundreds of thousands), values held once in side tables."""

    def __init__(self):
        self.rowid, self.role, self.length = array("q"), array("b"), array("q")
        self.rid, self.model, self.reply = array("l"), array("l"), array("l")
        self.names: dict[str, int] = {}
        self.name_list: list[str] = []
        self.replies: list[tuple[int, list]] = []

    def _name(self, value) -> int:
        if not value:
            return -1
        value = str(value)
        i = self.names.get(value)
        if i is None:
            i = self.names[value] = len(self.name_list)
            self.name_list.append(value)
        return i

    def add(self, rowid, doc: dict) -> None:
        options = doc.get("providerOptions")
        cur = options.get("cursor") if isinstance(options, dict) else None
        cur = cur if isinstance(cur, dict) else {}
        content = doc.get("content")
        present = not (content is None or content == "" or content is False)
        role = ROLES.get(doc.get("role"), 0) if isinstance(doc.get("role"), str) else 0
        reply = _assistant_part(content) if role == 4 and present else None
        self.rowid.append(rowid)
        self.role.append(role if present else -1 - role)   # negative: no content
        self.length.append(content_len(content) if present else 0)
        self.rid.append(self._name(cur.get("requestId")))
        self.model.append(self._name(cur.get("modelName")))
        self.reply.append(-1 if reply is None else len(self.replies))
        if reply is not None:
            self.replies.append(reply)

    def ordered(self) -> Iterator[tuple]:
        """(role, has content, length, request id, model, reply) in the order written."""
        names = self.name_list
        for i in sorted(range(len(self.rowid)), key=self.rowid.__getitem__):
            role, r, m, k = self.role[i], self.rid[i], self.model[i], self.reply[i]
            yield (role if role >= 0 else -1 - role, role >= 0, self.length[i], names[r] if r >= 0 else None,
                   names[m] if m >= 0 else None, self.replies[k] if k >= 0 else None)


def agent_rows(conn, log: ReadLog, where: str) -> _AgentRows:
    """Every JSON agentKv row, decoded to the few fields the streams need.
    Rows are read in key order (one index range) and put in the order
    written afterwards: the store is never held whole, nor read a row at a
    time by rowid."""
    rows = _AgentRows()
    for rowid, value in conn.execute(AGENT_ROWS):
        if not isinstance(value, bytes) or value[:1] != b"{":
            continue
        try:
            doc = json.loads(value)
        except (ValueError, RecursionError):
            log.skip("bad_record", f"{where}:agentKv")
            continue
        if isinstance(doc, dict):
            rows.add(rowid, doc)
    return rows


def agent_streams(conn, log: ReadLog, where: str) -> dict[str, Stream]:
    """request id -> its stream, from the agentKv rows in the order written.
    A row before its request's id (a conversation's system prompt and first
    prompt) is held until the next id; a system row ends a request."""
    streams: dict[str, Stream] = {}
    current = None
    pending_user = pending_context = 0
    for pos, (role, present, length, rid, model, reply) in enumerate(agent_rows(conn, log, where).ordered()):
        if rid:
            current = rid
            if pending_user or pending_context:
                s = _bucket(streams, current, pos)
                s.user += pending_user
                s.context += pending_context
                pending_user = pending_context = 0
        if model and current:
            s = _bucket(streams, current, pos)
            if not s.model:
                s.model, s.model_at = model, pos
        if not present:
            continue
        if role == 1:
            pending_context += length
            current = None
        elif role == 2:
            if current:
                _bucket(streams, current, pos).user += length
            else:
                pending_user += length
        elif role == 3:
            if current:
                _bucket(streams, current, pos).context += length
        elif role == 4 and current and reply is not None:
            s = _bucket(streams, current, pos)
            s.assistant += reply[0]
            s.tools.extend(reply[1])
    return streams


def _bucket(streams: dict, rid: str, pos: int) -> Stream:
    s = streams.get(rid)
    if s is None:
        s = streams[rid] = Stream(first_at=pos)
    return s


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
            chars += utf16_len(b["text"])
        name = b.get("toolName")
        if b.get("type") != "tool-call" or not isinstance(name, str) or not name:
            continue
        args = b.get("args")
        command = args.get("command") if isinstance(args, dict) else None
        tools.append(Tool(name, command=command if name == "Shell" and isinstance(command, str) else None))
    return chars, tools


def merge(streams: list[Stream]) -> Stream | None:
    """One conversation's stream from its requests' (model: the first named)."""
    if not streams:
        return None
    out = Stream()
    named = [s for s in streams if s.model]
    if named:
        out.model = min(named, key=lambda s: s.model_at).model
    for s in sorted(streams, key=lambda s: s.first_at):
        out.user += s.user
        out.context += s.context
        out.assistant += s.assistant
        out.tools.extend(s.tools)
    return out


# ---- conversations ------------------------------------------------------------------

def composer_meters(conn) -> dict[str, tuple[float, object]]:
    """composer id -> (context meter tokens, createdAt), meters > 0 only."""
    out = {}
    for cid, value in conn.execute(COMPOSERS):
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
            out[cid] = (tokens, doc.get("createdAt"))
    return out


def _model_ids(effective) -> str:
    return AUTO_MODEL if not effective or effective == "default" else str(effective)


def conversation_calls(cid: str, rows: list[Bubble], floor: str, meter, stream: Stream | None) -> list[Call]:
    """The calls of one conversation: its in-range bubbles in the order
    written, then its conversation-level input record (meter or stream)."""
    from codeburn._fast.reader import TS_NONE, parse_iso_ms

    rows.sort(key=lambda b: b.rowid)
    queue = [b.text for b in rows if b.kind == 1 and b.text
             and (b.created is None or (isinstance(b.created, str) and b.created > floor))]
    live = [b for b in rows if isinstance(b.created, str) and b.created > floor]
    if not live:
        return []
    real = any(_num(b.tokens_in) > 0 or _num(b.tokens_out) > 0 for b in live)
    first_ts = next((b.created for b in live if b.created), None)
    reply_chars = sum(b.text_len for b in live if b.kind != 1)
    conv_model = next((b.model for b in live if b.model), None)
    source = "bubbleTokens" if real else "meter" if meter else \
        "stream" if stream is not None and stream.user + stream.context > 0 else "text"
    calls, asked, popped, tools_given = [], "", 0, False
    for b in live:
        if b.kind == 1:
            asked = queue[popped] if popped < len(queue) else ""
            popped += 1
        tin = int(_num(b.tokens_in)) if b.tokens_in is not None else 0
        tout = int(_num(b.tokens_out)) if b.tokens_out is not None else 0
        if tin == 0 and tout == 0:
            if b.kind == 1:
                tin = estimate_tokens(b.text_len) if source == "text" and b.text_len > 0 else 0
            else:
                tout = estimate_tokens(b.text_len)
            if tin == 0 and tout == 0:
                continue
        effective = b.model if b.model is not None else conv_model if conv_model is not None else \
            stream.model if stream is not None else None
        tools = [Tool("cursor:edit"), *(Tool(f"lang:{lang}") for lang in b.langs)] if b.langs else []
        if source in ("text", "bubbleTokens") and not tools_given and stream is not None:
            tools.extend(stream.tools)
            tools_given = True
        ms = parse_iso_ms(b.created)
        calls.append(Call(ts_ms=None if ms == TS_NONE else ms, model=_model_ids(effective), input=tin, output=tout,
                          estimated=True, key=f"cursor:bubble:{b.key}",
                          prompt=(asked + " " + (b.text or "")).strip(), tools=tools))
    if source in ("meter", "stream"):
        record = _conversation_record(cid, meter, stream, reply_chars, first_ts, conv_model)
        if record is not None:
            calls.append(record)
    return calls


def _conversation_record(cid, meter, stream, reply_chars, first_ts, conv_model) -> Call | None:
    tin = int(meter[0]) if meter else estimate_tokens(stream.user + stream.context)
    tout = 0 if reply_chars > 0 else estimate_tokens(stream.assistant if stream else 0)
    if tin == 0 and tout == 0:
        return None
    created = meter[1] if meter else None
    ts = int(created) if isinstance(created, (int, float)) and not isinstance(created, bool) and created > 0 \
        else ts_ms(first_ts)
    if ts is None:
        return None
    model = conv_model if conv_model is not None else stream.model if stream is not None else None
    return Call(ts_ms=ts, model=_model_ids(model), input=tin, output=tout, estimated=True,
                key=f"cursor:composer-input:{cid}", tools=list(stream.tools) if stream else [])


# ---- the store --------------------------------------------------------------------

def read(source: Source, log: ReadLog) -> Iterator[Session]:
    path = source.path
    try:
        conn = sqlitestore.connect(path)
        try:
            sqlitestore.require(conn, {"cursorDiskKV": ("key", "value")})
            projects = workspace_map(os.path.dirname(os.path.dirname(os.path.abspath(path))), Walker())
            yield from _sessions(conn, path, projects, time_floor(), log)
        finally:
            conn.close()
    except sqlitestore.StoreError as exc:
        log.cannot_read(path, str(exc))
    except sqlite3.Error as exc:
        log.cannot_read(path, sqlitestore.reason(exc))


def _sessions(conn, path, projects, floor, log) -> Iterator[Session]:
    meters = composer_meters(conn)
    streams = agent_streams(conn, log, path)
    by_request: dict[str, list[str]] = {}     # composer -> its request ids (in-range bubbles)
    claimed: set[str] = set()
    for cid, rows in conversations(conn, path, log):
        rids = []
        for b in rows:
            if b.request_id and isinstance(b.created, str) and b.created > floor:
                rid = str(b.request_id)
                if rid not in rids:
                    rids.append(rid)
        claimed.update(rids)
        stream = merge([streams[r] for r in rids if r in streams])
        calls = conversation_calls(cid, rows, floor, meters.get(cid), stream)
        if calls:
            yield Session(cid, projects.get(cid, ORPHAN_PROJECT), calls)
    yield from _unjoined(streams, claimed, path)


def conversations(conn, path, log) -> Iterator[tuple[str, list[Bubble]]]:
    """(composer, its bubbles) in key order, one conversation at a time."""
    from codeburn._fast.reader import CursorBubbles

    fast = CursorBubbles()
    cur = conn.execute(BUBBLES)
    cid_now, rows, bad = None, [], 0
    while batch := cur.fetchmany(BATCH):
        for key, rowid, value in batch:
            key = sqlitestore.text(key)
            cid = composer_of(key)
            if cid is None:
                continue
            if cid != cid_now:
                if rows:
                    yield cid_now, rows
                cid_now, rows = cid, []
            b = decode_bubble(rowid, key, value, fast)
            if b is None:
                bad += 1
                continue
            rows.append(b)
    if rows:
        yield cid_now, rows
    if bad:
        log.skip("bad_record", f"{path}:bubbleId", bad)


def _unjoined(streams: dict[str, Stream], claimed: set[str], path: str) -> Iterator[Session]:
    """Requests no in-range bubble names: sessions of their own at the store's mtime."""
    try:
        mtime = int(os.stat(path).st_mtime * 1000)
    except OSError:
        mtime = int(time.time() * 1000)
    for rid, s in streams.items():
        if rid in claimed:
            continue
        tin, tout = estimate_tokens(s.user + s.context), estimate_tokens(s.assistant)
        if tin or tout:
            yield Session(rid, ORPHAN_PROJECT, [Call(ts_ms=mtime, model=_model_ids(s.model), input=tin, output=tout,
                                                     estimated=True, key=f"cursor:agentKv:{rid}",
                                                     tools=list(s.tools))])
