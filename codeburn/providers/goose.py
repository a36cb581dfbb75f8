"""Goose by Block (spec providers §2.3): `$GOOSE_PATH_ROOT/data/sessions/sessions.db`,
else `$XDG_DATA_HOME/goose/sessions/sessions.db` (default `~/.local/share`).

Goose keeps only running totals per session (`accumulated_input_tokens`,
`accumulated_output_tokens`; no cache or reasoning split), so a session is
one call. Its tools come from the assistant messages' `toolRequest` items;
its prompt is the first user text.

Timestamps are SQLite `CURRENT_TIMESTAMP` strings without a zone. SQLite
writes them in UTC, but the reference reads them as local time (JavaScript's
Date; spec errata), and so do we (records.ts_ms): its days are the ones
shown. A session without a usable time is placed at the database's
modification time.
"""
from __future__ import annotations

import json
import os
from typing import Iterator, Mapping

from codeburn.jstext import JS_DATE_MAX_MS, js_truthy
from codeburn.lazyre import lazy
from codeburn.providers import labels, logfiles, sqlitestore
from codeburn.providers.base import Source, Walker, stamped_paths
from codeburn.providers.records import Call, ReadLog, Session, Tool, ts_ms

PROVIDER = "goose"
DISPLAY_NAME = "Goose"
KIND = "records"
EMPTY_PROJECT = True  # a working_dir of "/" names the project "" (its sanitized path), as in the reference
OUTPUT_HAS_REASONING = False
KEEPS_COST = False
TOOL_STEPS = 2  # without a tool sequence (one message of tool requests) retries see the names as one step
UNIQUE_SHELL = True  # a command name counts once per call, as the reference counts it
SCHEMA = {"sessions": ("id", "working_dir", "created_at", "updated_at", "accumulated_input_tokens",
                       "accumulated_output_tokens", "model_config_json"),
          "messages": ("session_id", "role", "content_json", "created_timestamp")}
SESSIONS = """SELECT id, working_dir, created_at, updated_at, accumulated_input_tokens,
accumulated_output_tokens, CAST(model_config_json AS BLOB) FROM sessions ORDER BY updated_at DESC"""
TOOL_MESSAGES = """SELECT CAST(content_json AS BLOB) FROM messages WHERE session_id = ? AND role = 'assistant'
AND content_json LIKE '%toolRequest%' ORDER BY created_timestamp ASC"""
FIRST_USER = """SELECT CAST(content_json AS BLOB) FROM messages WHERE session_id = ? AND role = 'user'
ORDER BY created_timestamp ASC LIMIT 1"""


def db_path(env: Mapping[str, str], home: str) -> str:
    if env.get("GOOSE_PATH_ROOT"):
        return os.path.join(env["GOOSE_PATH_ROOT"], "data", "sessions", "sessions.db")
    base = labels.home_path(env, home, "XDG_DATA_HOME", ".local", "share")
    return os.path.join(base, "goose", "sessions", "sessions.db")


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    path = db_path(env, home)
    if path in walker.entries(os.path.dirname(path), wanted=path.__eq__)[0]:
        yield Source(PROVIDER, path, "goose", "sessions", f"{PROVIDER}:{os.path.dirname(path)}")


def sniff(path: str, head: bytes) -> bool:
    return sqlitestore.is_sqlite(head) and b"accumulated_input_tokens" in head


def stamp_paths(source: Source) -> list[str]:
    """The store (with its write-ahead log) and the tool-name table its tools are named by."""
    return stamped_paths(source.path) + [logfiles.rules_table_path()]


def read(source: Source, log: ReadLog) -> list[Session]:
    return sqlitestore.collect(source.path, SCHEMA, lambda conn: _sessions(conn, _mtime_ms(source.path)), log)


def present(source: Source) -> bool:
    """Whether the store holds a session 0.9.20's discovery lists (one with
    tokens: _sessions)."""
    return sqlitestore.holds(source.path, SCHEMA, "SELECT 1 FROM sessions WHERE accumulated_input_tokens > 0 "
                             "OR accumulated_output_tokens > 0 LIMIT 1")


def _mtime_ms(path: str) -> int | None:
    try:
        return int(os.stat(path).st_mtime * 1000)
    except OSError:
        return None


def _sessions(conn, fallback_ms) -> Iterator[Session]:
    for sid, cwd, created, updated, tin, tout, config in conn.execute(SESSIONS).fetchall():
        tin, tout = labels.count(tin), labels.count(tout)
        if not (tin or tout):
            continue
        sid, cwd = sqlitestore.text(sid), sqlitestore.text(cwd)
        model = _model(config)
        tools, steps = _tools(conn, sid)
        call = Call(ts_ms=session_time(updated, created, fallback_ms),
                    model=model, input=tin, output=tout, key=f"goose:{sid}",
                    prompt=_first_user_text(conn, sid), tools=tools, steps=steps)
        yield Session(sid, labels.sanitize(cwd) if cwd else "goose", [call])


def session_time(updated, created, fallback_ms: int | None) -> int | None:
    """The session's time as 0.9.20 takes it: `updated_at`, else
    `created_at` (the first JavaScript counts as true); a number is epoch
    ms (an INTEGER column); text is read as JavaScript's Date reads it (no
    zone: local time; `… 02:57:58 UTC`), then with a `Z` added; else the
    fallback (the store's mtime: 0.9.20 takes the time of the run)."""
    raw = next((v for v in (updated, created) if js_truthy(v)), "")
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return int(raw) if abs(raw) <= JS_DATE_MAX_MS else fallback_ms   # (TimeClip truncates)
    value = sqlitestore.text(raw).strip()
    return local_ts(value) or _utc_suffix_ms(value) or local_ts(value + "Z") or fallback_ms


# `2026-11-27 02:57:58[.123456789] UTC` (chrono's Display of a UTC time), GMT or +hhmm: V8's fallback parser reads them.
_SPELLED_ZONE = lazy(r"(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)? (?:UTC|GMT|([+-]\d\d)(\d\d))")


def _utc_suffix_ms(value: str) -> int | None:
    m = _SPELLED_ZONE.fullmatch(value)
    if not m:
        return None
    return ts_ms(f"{m[1]}T{m[2]}{(m[3] or '')[:4]}{f'{m[4]}:{m[5]}' if m[4] else 'Z'}")


def local_ts(value: str) -> int | None:
    """Epoch ms of a Goose timestamp; one without a zone is local time."""
    return ts_ms(value.strip()) if value else None


def _model(raw) -> str:
    try:
        config = json.loads(sqlitestore.text(raw))
    except (ValueError, RecursionError):
        return "unknown"
    name = config.get("model_name") if isinstance(config, dict) else None
    return name if isinstance(name, str) and name else "unknown"


def _items(raw) -> list:
    try:
        items = json.loads(sqlitestore.text(raw))
    except (ValueError, RecursionError):
        return []
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def tool_name(raw: str, mapped=()) -> str:
    """Goose's `<extension>__<tool>`: a name rules/providers.toml maps
    (`mapped`: the developer/computercontroller built-ins it lists) keeps
    its full name for the table; any other, built-ins the table leaves out
    (`developer__analyze`) included, is named by its part after the last
    `__`, as the reference names it."""
    if raw in mapped:
        return raw
    return raw.rsplit("__", 1)[-1]


def _tools(conn, sid) -> tuple[list[Tool], list[list[Tool]] | None]:
    """(tools, steps). Tools: one per distinct canonical name (the reference
    lists each once per session, after mapping: `developer__shell` and
    `computercontroller__shell` are one Bash); a shell tool carries every
    command the session ran. Steps: the session's tool sequence as retries
    see it, a step per assistant message with tool requests, each request
    with its own `file_path` and `command`; None when fewer than two
    messages requested tools (retries then see the names as one step)."""
    canonical = logfiles.tool_names("goose")
    tools: dict[str, Tool] = {}
    steps: list[list[Tool]] = []
    for (raw,) in conn.execute(TOOL_MESSAGES, (sid,)):
        step: list[Tool] = []
        for item in _items(raw):
            call = item.get("toolCall") if item.get("type") == "toolRequest" else None
            value = call.get("value") if isinstance(call, dict) else None
            name = value.get("name") if isinstance(value, dict) else None
            if not isinstance(name, str) or not name:
                continue
            native = tool_name(name, canonical)
            tool = tools.setdefault(canonical.get(native, native), Tool(native))
            args = value.get("arguments")
            command = args.get("command") if isinstance(args, dict) else None
            # (commands of the tools the table makes Bash only, as 0.9.20: not terminal__shell)
            if canonical.get(native, native) == "Bash" and isinstance(command, str) and command:
                tool.command = f"{tool.command}; {command}" if tool.command else command
            path = args.get("file_path") if isinstance(args, dict) else None
            if isinstance(path, str) and path and tool.file is None:
                tool.file = path
            step.append(Tool(native, command=command if isinstance(command, str) else None,
                             file=path if isinstance(path, str) else None))
        if step:
            steps.append(step)
    return list(tools.values()), (steps if len(steps) > 1 else None)


def _first_user_text(conn, sid) -> str:
    row = conn.execute(FIRST_USER, (sid,)).fetchone()
    for item in _items(row[0]) if row else ():
        if item.get("type") == "text":
            text = item.get("text")
            return text[:500] if isinstance(text, str) else ""
    return ""
