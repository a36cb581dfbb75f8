"""Cursor's agent transcripts, spec providers §1.13 (a provider of its own,
apart from the Cursor IDE database).

Where: `~/.cursor/projects/<project id>/agent-transcripts/` and a top-level
`~/.cursor/projects/agent-transcripts/`. Inside, legacy `*.txt` transcripts,
and `<uuid>/<uuid>.jsonl` (preferred over a `.txt` of the same stem) with
subagents in `<uuid>/subagents/`. The project label is the project id
without its `-Users-` prefix, last `-` part (a 13+ digit id is a time).
The model and time come from Cursor's `ai-tracking/ai-code-tracking.db`
(`conversation_summaries`, opened read-only, with the rows still in its
write-ahead log: sqlitestore.readable), else `cursor-agent-auto` at the
file's mtime.

Transcripts carry no token counts: a turn is a user message and the
assistant line that answers it, estimated at ceil(chars / 4) for the user's
query (500 chars), the answer's text and its thinking. The reference counts
only that first assistant line, dropping the tool steps that follow it;
here the turn's call also carries the tools of those steps (mapped to the
canonical names, shell commands included), so categories and tool counts
see them. Tokens, calls and cost are the reference's.
"""
from __future__ import annotations

import functools
import os
import re
from typing import Iterator, Mapping

from codeburn.lazyre import lazy
from codeburn.plainclass import dataclass, field
from codeburn.providers import jsonfiles as jf
from codeburn.providers import logfiles
from codeburn.providers.base import Source, Walker
from codeburn.providers.records import Call, ReadLog, Session, Tool, estimate_tokens, ts_ms

PROVIDER = "cursor-agent"
DISPLAY_NAME = "Cursor Agent"
KIND = "records"
OUTPUT_HAS_REASONING = False
KEEPS_COST = False
AUTO_MODEL = "cursor-agent-auto"
PROMPT_CAP = 500
UUID = lazy(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
DIGITS = lazy(r"^\d+$")
USER = lazy(r"^\s*user:\s*", re.I)
ASSISTANT = lazy(r"^\s*A:\s*")
THINKING = lazy(r"^\s*\[Thinking\]\s*")
TOOL_CALL = lazy(r"^\s*\[Tool call\]\s*(.+?)\s*$", re.I)
TOOL_RESULT = lazy(r"^\s*\[Tool result\]\b", re.I)
QUERY_OPEN, QUERY_CLOSE = "<user_query>", "</user_query>"
SHELL_ARGS = ("command", "cmd")
FILE_ARGS = ("path", "file_path", "target_file", "filePath")


@dataclass(slots=True)
class TranscriptSource(Source):
    db: str = ""           # the conversation summaries database


@dataclass(slots=True)
class Turn:
    query: str             # the user's query, as the reference keeps it (500 chars)
    query_units: int       # its length in UTF-16 units
    body: str = ""
    reasoning: str = ""
    tools: list[Tool] = field(default_factory=list)


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    base = os.path.join(home, ".cursor")
    db = os.path.join(base, "ai-tracking", "ai-code-tracking.db")
    for project in walker.subdirs(os.path.join(base, "projects")):
        name = os.path.basename(project)
        scan = project if name == "agent-transcripts" else os.path.join(project, "agent-transcripts")
        for path in _transcripts(scan, walker):
            yield TranscriptSource(PROVIDER, path, project_label(name), conversation_id(path), scan, db=db)


def _transcripts(scan: str, walker: Walker) -> Iterator[str]:
    """Legacy `.txt` transcripts and UUID folders in one pass over the names
    (sorted), as the reference walks one listing of the folder: a `.txt` and
    the folders beside it keep their places, which order a project's
    sessions of equal cost."""
    files, dirs = walker.entries(scan)
    folders = set(dirs)
    for d in sorted(files + dirs):
        if d.endswith(".txt"):
            yield d  # a dir named *.txt is listed too, so the read names it
            continue
        if d not in folders or not UUID.match(os.path.basename(d)):
            continue
        inner, subdirs = walker.entries(d)
        by_stem: dict[str, str] = {}
        for p in inner:
            if p.endswith(".jsonl") or (p.endswith(".txt") and _stem(p) not in by_stem):
                by_stem[_stem(p)] = p
        for sub in subdirs:
            if os.path.basename(sub) == "subagents":
                yield from (p for p in walker.entries(sub)[0] if p.endswith((".jsonl", ".txt")))
        yield from by_stem.values()


def _stem(path: str) -> str:
    name = os.path.basename(path)
    for ext in (".jsonl", ".txt"):
        if name.endswith(ext):
            return name[: -len(ext)]
    return name


def conversation_id(path: str) -> str:
    stem = _stem(path)
    if len(stem) == 36 and UUID.match(stem):
        return stem
    import hashlib

    from codeburn.jstext import js_utf8

    return hashlib.sha1(js_utf8(path)).hexdigest()[:16]


def project_label(raw: str) -> str:
    if DIGITS.match(raw) and len(raw) >= 13:
        from datetime import datetime, timezone
        try:
            when = datetime.fromtimestamp(int(raw) / 1000, timezone.utc)
            return "cursor-agent:" + when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"
        except (OverflowError, ValueError, OSError):
            return raw
    parts = [p for p in re.sub(r"^-Users-", "", raw).split("-") if p]
    return parts[-1] if parts else raw


def stamp_paths(source: Source) -> list[str]:
    """The transcript and the summaries database (with its WAL) its model and
    time come from; a .txt transcript's tool names depend on the name table."""
    db = getattr(source, "db", "")
    stamps = jf.stamps_with(source.path, *((db, db + "-wal") if db else ()))
    return stamps + [logfiles.rules_table_path()] if source.path.endswith(".txt") else stamps


def read(source: Source, log: ReadLog) -> list[Session]:
    data = jf.read_bytes(source.path, log)
    if data is None:
        return []
    if source.path.endswith(".jsonl"):
        named = log.skipped
        turns, known = _jsonl_turns(source.path, data, log)
        known = known or not data.strip() or log.skipped > named   # (its broken lines are named: once is enough)
    else:
        text = data.decode("utf-8", "replace")
        turns = _text_turns(text)
        known = not text.strip() or any(m.match(line) for line in text.splitlines() for m in (USER, ASSISTANT))
    if not turns:
        if not known:
            log.skip("bad_store", source.path)    # not a transcript format this knows
        return []  # (a known transcript with no prompt in <user_query> tags has no turn: no warning)
    conv = conversation_id(source.path)
    model, when = _summary(getattr(source, "db", ""), conv, log)
    if when is None:
        try:
            when = jf.date_mtime_ms(os.stat(source.path))  # Node's stats.mtime: rounded
        except OSError:
            when = None
    calls = [Call(when, model, input=estimate_tokens(t.query_units), output=estimate_tokens(jf.js_len(t.body)),
                  reasoning=estimate_tokens(jf.js_len(t.reasoning)),
                  key=f"cursor-agent:{conv}:{i}", prompt=t.query, tools=t.tools)
             for i, t in enumerate(turns)]
    return [Session(conv, source.project, calls)]


def _summary(db: str, conv: str, log: ReadLog) -> tuple[str, int | None]:
    """(model, time) of a conversation from Cursor's tracking database."""
    try:
        st = os.stat(db) if db else None
    except OSError:
        st = None
    if st is None or not os.path.isfile(db):
        return AUTO_MODEL, None
    from codeburn.providers import sqlitestore  # (sqlite3) only when there is a database

    rows, lost = _summaries(db, sqlitestore.stamps(db))
    if lost is not None:   # every transcript's read is then left out of the records cache
        log.cannot_read(*lost)
    if rows is None:
        log.skip("bad_store", db)
        return AUTO_MODEL, None
    model, updated = rows.get(conv, (None, None))
    model = model if isinstance(model, str) and model and model != "default" else AUTO_MODEL
    return model, _summary_time(updated)


@functools.lru_cache(maxsize=4)
def _summaries(db: str, stamps: tuple) -> tuple[dict | None, tuple | None]:
    """Every conversation's (model, updatedAt), read once per version of
    the database and its write-ahead log (`stamps`), with the log's rows
    (sqlitestore.readable); None when the database cannot be read. Then
    (path, reason) of a log whose rows could not be read, or None."""
    import sqlite3  # only when there is a database: every run imports this module

    from codeburn.providers import sqlitestore

    lost = ReadLog()
    try:
        with sqlitestore.readable(db, lost) as where:
            con = sqlitestore.connect(where)
            try:
                rows = con.execute("SELECT conversationId, model, updatedAt FROM conversation_summaries").fetchall()
            finally:
                con.close()
    except (sqlite3.Error, sqlitestore.StoreError):
        return None, (lost.unreadable or [None])[0]
    out: dict = {}
    for conv, model, updated in rows:
        out.setdefault(conv, (model, updated))
    return out, (lost.unreadable or [None])[0]


def _summary_time(raw) -> int | None:
    if isinstance(raw, str):
        raw = raw.strip()
        if DIGITS.match(raw):
            raw = int(raw)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return int(raw * 1000) if raw < 1e12 else int(raw)
    return ts_ms(raw) if isinstance(raw, str) and raw else None


def _query(block: str) -> str:
    """The text inside `<user_query>` tags (an unclosed one runs to the end),
    whitespace collapsed; empty when there is none."""
    chunks, cursor = [], 0
    while True:
        start = block.find(QUERY_OPEN, cursor)
        if start < 0:
            break
        start += len(QUERY_OPEN)
        end = block.find(QUERY_CLOSE, start)
        chunks.append((block[start:] if end < 0 else block[start:end]).strip())
        if end < 0:
            break
        cursor = end + len(QUERY_CLOSE)
    return re.sub(r"\s+", " ", " ".join(c for c in chunks if c)).strip()


def _capped(text: str) -> tuple[str, int]:
    return jf.js_prefix(text, PROMPT_CAP), min(jf.js_len(text), PROMPT_CAP)


def _jsonl_turns(path: str, data: bytes, log: ReadLog) -> tuple[list[Turn], bool]:
    """(the turns, whether any record had a role: a transcript, even one
    whose prompts were never put in <user_query> tags)."""
    turns: list[Turn] = []
    query, open_turn, roles = "", None, False
    for n, rec in jf.json_records(path, log, data):
        content = jf.blocks(jf.obj(rec.get("message")).get("content"))
        roles = roles or rec.get("role") in ("user", "assistant")
        if rec.get("role") == "user":
            combined = " ".join(b["text"] if isinstance(b.get("text"), str) else ""
                                for b in content if b.get("type") == "text")
            query = _query(combined) or combined
            open_turn = None
        elif rec.get("role") == "assistant":
            tools = [_tool(b) for b in content if b.get("type") == "tool_use" and isinstance(b.get("name"), str)
                     and b["name"]]
            if query:
                body = "\n".join(b["text"] for b in content
                                 if b.get("type") == "text" and isinstance(b.get("text"), str) and b["text"])
                open_turn = Turn(*_capped(query), body=body.strip(), tools=tools)
                turns.append(open_turn)
                query = ""
            elif open_turn is not None:       # a tool step of the same turn
                open_turn.tools.extend(tools)
    return turns, roles


def _tool(block: dict) -> Tool:
    args = jf.obj(block.get("input"))
    command = next((args[k] for k in SHELL_ARGS if isinstance(args.get(k), str)), None)
    path = next((args[k] for k in FILE_ARGS if isinstance(args.get(k), str)), None)
    return Tool(block["name"], command=command, file=path)


def _text_turns(text: str) -> list[Turn]:
    """The legacy `user:` / `A:` transcript: thinking lines are reasoning,
    `[Tool call] <name>` lines tools, `[Tool result]` lines ignored."""
    turns: list[Turn] = []
    pending: list[str] = []
    active, lines = None, []

    def flush():
        if active == "user":
            q = _query("\n".join(lines))
            if q:
                pending.append(q)
        elif active == "assistant" and lines and pending:
            turns.append(_assistant_turn(pending.pop(0), lines))

    for line in text.replace("\r\n", "\n").split("\n"):
        for role, marker in (("user", USER), ("assistant", ASSISTANT)):
            if marker.match(line):
                flush()
                active, lines = role, [marker.sub("", line, count=1)]
                break
        else:
            if active:
                lines.append(line)
    flush()
    return turns


def _assistant_turn(query: str, lines: list[str]) -> Turn:
    output, reasoning, tools = "", "", {}
    for line in lines:
        if TOOL_RESULT.match(line):
            continue
        if THINKING.match(line):
            body = THINKING.sub("", line, count=1).strip()
            reasoning += f"{body}\n" if body else ""
            continue
        m = TOOL_CALL.match(line)
        if m:
            raw = m.group(1).strip()
            # A name the table maps (Edit, Read, Shell) is kept as written, as in
            # the JSONL transcripts; any other is spelled as 0.9.20 spells it.
            name = raw if raw in logfiles.tool_names(PROVIDER) else re.sub(r"\s+", "-", raw.lower()) or "unknown"
            tools.setdefault(name, Tool(name))
            continue
        output += f"{line}\n"
    return Turn(*_capped(query), body=output.strip(), reasoning=reasoning.strip(), tools=list(tools.values()))


def source_for(path: str) -> Source:
    """A transcript given to `codeburn scan`: its project and the
    summaries database of the `.cursor` dir it sits in."""
    path = os.path.abspath(path)
    parts = path.split(os.sep)
    if "agent-transcripts" not in parts:
        folder = os.path.dirname(path)
        return TranscriptSource(PROVIDER, path, os.path.basename(folder), conversation_id(path), folder)
    i = len(parts) - 1 - parts[::-1].index("agent-transcripts")
    project = parts[i - 1] if i >= 1 and parts[i - 1] != "projects" else "agent-transcripts"
    base = os.sep.join(parts[: i - 1] if project == "agent-transcripts" else parts[: i - 2])
    db = os.path.join(base, "ai-tracking", "ai-code-tracking.db")
    return TranscriptSource(PROVIDER, path, project_label(project), conversation_id(path), os.sep.join(parts[: i + 1]),
                            db=db)


def sniff(path: str, head: bytes) -> bool:
    parts = os.path.abspath(path).split(os.sep)
    if "agent-transcripts" not in parts:
        return False
    return path.endswith(".txt") or jf.first_line(head).startswith(b'{"role":')
