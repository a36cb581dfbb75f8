"""OpenCode's session store, shared by OpenCode and KiloCode's SQLite half
(spec providers §2.2, §3.3).

Two layouts hold the same message/part JSON:
- SQLite (`<data dir>/<prefix>*.db`): tables `session`, `message`, `part`.
  A root session (no parent, not archived) is one Session; the messages of
  its non-archived descendants (sub-agents) are folded into it.
- files (older OpenCode): `storage/session/<project>/<session>.json`,
  `storage/message/<session>/<message>.json`, `storage/part/<message>/<part>.json`.

One call per assistant message. `tokens.input` excludes the cache
(`tokens.cache.read` / `.write` are separate: Anthropic semantics, nothing
subtracted); `tokens.reasoning` is separate from output and priced as
output. Both layouts key a call `<provider>:<session>:<message>`, so an
install migrated from files to SQLite is counted once.
"""
from __future__ import annotations

import json
import os
from typing import Iterable, Iterator

from codeburn.providers import labels, sqlitestore
from codeburn.providers.base import Source, Walker
from codeburn.providers.records import Call, ReadLog, Session, Tool, ts_ms

SCHEMA = {"session": ("id", "parent_id", "directory", "title", "time_created", "time_archived"),
          "message": ("id", "session_id", "time_created", "data"),
          "part": ("id", "message_id", "session_id", "data")}
TOOL_PARTS = ("tool", "tool-call", "tool_call")
SUBSTANTIVE = ("text", "tool", "tool-call", "tool_call", "tool-result", "tool_result", "reasoning", "file")
BUILTIN_TOOLS = frozenset(("bash", "read", "edit", "write", "glob", "grep", "task", "fetch", "search", "todo",
                           "skill", "patch"))

TREE = """WITH RECURSIVE tree(id) AS (
    SELECT id FROM session WHERE id = ?
    UNION SELECT child.id FROM session child JOIN tree ON child.parent_id = tree.id
    WHERE child.time_archived IS NULL)"""
MESSAGES = TREE + """
SELECT session_id, id, time_created, CAST(data AS BLOB) FROM message
WHERE session_id IN (SELECT id FROM tree) ORDER BY time_created ASC, id ASC"""
PARTS = TREE + """
SELECT message_id, CAST(data AS BLOB) FROM part
WHERE session_id IN (SELECT id FROM tree) ORDER BY message_id, id"""
ROOTS = """SELECT id, CAST(directory AS BLOB), CAST(title AS BLOB) FROM session
WHERE time_archived IS NULL AND parent_id IS NULL ORDER BY time_created DESC"""
ROLLUP_COLUMNS = ("cost", "tokens_input", "tokens_output", "tokens_reasoning", "tokens_cache_read",
                  "tokens_cache_write", "model")


# ---- discovery -------------------------------------------------------------

def db_files(directory: str, prefix: str, walker: Walker) -> list[str]:
    name_ok = lambda p: os.path.basename(p).startswith(prefix) and p.endswith(".db")  # noqa: E731
    return [p for p in walker.entries(directory, wanted=name_ok)[0] if name_ok(p)]


def db_source(provider: str, path: str) -> Source:
    return Source(provider, path, "", os.path.basename(path), f"{provider}:{os.path.dirname(path)}")


def file_sessions(provider: str, data_dir: str, walker: Walker) -> Iterator[Source]:
    """Every storage/session/<project>/<session>.json."""
    for project_dir in walker.subdirs(os.path.join(data_dir, "storage", "session")):
        for path in walker.entries(project_dir, wanted=lambda p: p.endswith(".json"))[0]:
            if path.endswith(".json"):
                yield Source(provider, path, "", os.path.basename(path)[:-5], f"{provider}:{project_dir}")


def sniff_db(head: bytes) -> bool:
    if not sqlitestore.is_sqlite(head):
        return False
    return all(_declares(head, t) for t in SCHEMA)


def _declares(head: bytes, table: str) -> bool:
    return any(f"CREATE TABLE {q}{table}{e}".encode() in head for q, e in (("`", "`"), ('"', '"'), ("", " "), ("", "(")))


# ---- one assistant message -> one call ---------------------------------------

def _first(*values):
    for v in values:
        if v is not None:
            return v
    return None


def tool_name(raw) -> str:
    """OpenCode's own name for built-ins (rules/providers.toml maps them); a
    name with '_' is an MCP tool `<server>_<tool>` (split at the first '_')."""
    if not isinstance(raw, str) or not raw:
        return ""
    if raw.startswith("mcp__") or raw in BUILTIN_TOOLS:
        return raw
    sep = raw.find("_")
    if 0 < sep < len(raw) - 1:
        return f"mcp__{raw[:sep]}__{raw[sep + 1:]}"
    return raw


def _tool(part: dict) -> Tool | None:
    name = tool_name(part.get("tool"))
    if not name:
        return None
    state = part.get("state")
    inp = state.get("input") if isinstance(state, dict) else None
    inp = inp if isinstance(inp, dict) else {}
    tool = Tool(name)
    raw = part.get("tool")
    if raw == "bash" and isinstance(inp.get("command"), str):
        tool.command = inp["command"]
    elif raw == "skill" and isinstance(inp.get("name"), str) and inp["name"]:
        tool.skill = inp["name"]
    elif raw == "task" and isinstance(inp.get("subagent_type"), str) and inp["subagent_type"]:
        tool.subagent = inp["subagent_type"]
    return tool


def assistant_call(data: dict, parts: list, key: str, ts, prompt: str) -> Call | None:
    """The call of one assistant message, or None for an empty one (no
    tokens, no cost, no substantive part)."""
    tokens = data.get("tokens") if isinstance(data.get("tokens"), dict) else {}
    usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}
    cache = tokens.get("cache") if isinstance(tokens.get("cache"), dict) else {}
    inp = labels.count(_first(tokens.get("input"), usage.get("input_tokens")))
    out = labels.count(_first(tokens.get("output"), usage.get("output_tokens")))
    reasoning = labels.count(tokens.get("reasoning"))
    cache_read = labels.count(_first(cache.get("read"), usage.get("cache_read_input_tokens")))
    cache_write = labels.count(_first(cache.get("write"), usage.get("cache_creation_input_tokens")))
    cost = labels.number(data.get("cost"))
    parts = [p for p in parts if isinstance(p, dict)]
    tools = [t for p in parts if p.get("type") in TOOL_PARTS for t in [_tool(p)] if t is not None]
    active = bool(tools) or any(p.get("type") in SUBSTANTIVE for p in parts)
    if not (inp or out or reasoning or cache_read or cache_write) and not cost and not active:
        return None
    model = _first(data.get("modelID"), data.get("model"))
    return Call(ts_ms=ts_ms(ts), model=model if isinstance(model, str) else "unknown", input=inp, output=out,
                cache_write=cache_write, cache_read=cache_read, reasoning=reasoning, cost=cost,
                key=key, prompt=prompt, tools=tools)


def user_text(parts: Iterable) -> str:
    return " ".join(p["text"] for p in parts
                    if isinstance(p, dict) and p.get("type") == "text" and isinstance(p.get("text"), str) and p["text"])


def _json(raw):
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError, TypeError):
        return None
    return value if isinstance(value, dict) else None


# ---- SQLite ------------------------------------------------------------------

def read_db(provider: str, path: str, log: ReadLog) -> list[Session]:
    """Every root session of one store. A store that cannot be read, or of
    a schema we do not know, is named once; nothing of it is reported."""
    def sessions(conn):
        rollup = ROLLUP_COLUMNS[0] in sqlitestore.columns(conn, "session")
        return _db_sessions(provider, conn, rollup, path, log)

    return sqlitestore.collect(path, SCHEMA, sessions, log)


def present(source: Source) -> bool:
    """Whether the source is a session 0.9.20's discovery lists: a session
    file, or a store holding a root session not archived (an OpenCode
    started once and never used, or one whose sessions are all archived,
    is no tool with sessions on disk)."""
    return not source.path.endswith(".db") or sqlitestore.holds(source.path, SCHEMA, ROOTS + " LIMIT 1")


def _db_sessions(provider, conn, rollup, path, log) -> Iterator[Session]:
    for sid, directory, title in conn.execute(ROOTS).fetchall():
        sid = sqlitestore.text(sid)
        label = labels.sanitize(sqlitestore.text(directory) or sqlitestore.text(title))
        calls = _db_calls(provider, conn, sid, rollup, path, log)
        if calls:
            yield Session(sid, label, calls)


def _db_calls(provider, conn, sid, rollup, path, log) -> list[Call]:
    parts: dict[str, list] = {}
    for message_id, raw in conn.execute(PARTS, (sid,)):
        part = _json(raw)
        if part is None:
            log.skip("invalid", f"{path}:part")
            continue
        parts.setdefault(sqlitestore.text(message_id), []).append(part)
    prompts: dict[str, str] = {}
    calls: list[Call] = []
    messages = 0
    first_ts = None
    for session_id, message_id, created, raw in conn.execute(MESSAGES, (sid,)):
        messages += 1
        first_ts = created if messages == 1 else first_ts
        data = _json(raw)
        if data is None:
            log.skip("invalid", f"{path}:message")
            continue
        session_id, message_id = sqlitestore.text(session_id), sqlitestore.text(message_id)
        role = data.get("role")
        if role == "user":
            text = user_text(parts.get(message_id, ()))
            if text:
                prompts[session_id] = text
        elif role in ("assistant", "model"):
            call = assistant_call(data, parts.get(message_id, []), f"{provider}:{session_id}:{message_id}",
                                  created, prompts.get(session_id, ""))
            if call is not None and call.ts_ms is None and created is not None:
                log.skip("bad_record", f"{path}:{session_id}")   # a time no one can read: in no period
            if call is not None:
                calls.append(call)
    if not calls and messages and rollup:
        call = _rollup_call(provider, conn, sid, first_ts)
        if call is not None:
            calls.append(call)
    return calls


def _rollup_call(provider, conn, sid, ts) -> Call | None:
    """A session whose messages carry no usage: its totals, from the session row."""
    row = conn.execute("SELECT cost, tokens_input, tokens_output, tokens_reasoning, tokens_cache_read, "
                       "tokens_cache_write, CAST(model AS BLOB) FROM session WHERE id = ?", (sid,)).fetchone()
    if row is None:
        return None
    cost = labels.number(row[0]) or 0.0
    inp, out, reasoning, cache_read, cache_write = (labels.count(v) for v in row[1:6])
    if not (cost > 0 or inp or out):
        return None
    spec = _json(row[6]) or {}
    mid, prov = spec.get("id"), spec.get("providerID")
    model = f"{prov.strip()}/{mid.strip()}" if isinstance(mid, str) and isinstance(prov, str) \
        and mid.strip() and prov.strip() else "unknown"
    return Call(ts_ms=ts_ms(ts), model=model, input=inp, output=out, cache_write=cache_write,
                cache_read=cache_read, reasoning=reasoning, cost=cost, key=f"{provider}:{sid}:session-level")


# ---- files -------------------------------------------------------------------

def read_file_session(provider: str, data_dir: str, path: str, log: ReadLog) -> Iterator[Session]:
    meta = _load(path, log)
    if meta is None or not isinstance(meta.get("id"), str) or not meta["id"]:
        return
    sid = meta["id"]
    created = meta.get("time", {}).get("created") if isinstance(meta.get("time"), dict) else None
    messages = []
    for mpath in Walker().entries(os.path.join(data_dir, "storage", "message", sid))[0]:
        if mpath.endswith(".json") and (data := _load(mpath, log)) is not None:
            mid = data.get("id") if isinstance(data.get("id"), str) else os.path.basename(mpath)[:-5]
            t = data.get("time", {}).get("created") if isinstance(data.get("time"), dict) else None
            messages.append((labels.number(t) or 0, mid, data))
    messages.sort(key=lambda m: (m[0], m[1]))
    calls, prompt = [], ""
    for _, mid, data in messages:
        role = data.get("role")
        if role == "user":
            prompt = user_text(_parts(data_dir, mid, log)) or prompt
        elif role in ("assistant", "model"):
            t = data.get("time", {}).get("created") if isinstance(data.get("time"), dict) else None
            call = assistant_call(data, _parts(data_dir, mid, log), f"{provider}:{sid}:{mid}",
                                  _first(t, created), prompt)
            if call is not None:
                calls.append(call)
    if calls:
        directory = meta.get("directory") if isinstance(meta.get("directory"), str) else ""
        title = meta.get("title") if isinstance(meta.get("title"), str) else ""
        yield Session(sid, labels.sanitize(directory or title), calls)


def file_session_paths(data_dir: str, path: str) -> list[str]:
    """The session file, its message folder and messages, and each
    message's part folder and parts (what its calls are read from)."""
    sid = os.path.basename(path)[:-5]
    mdir = os.path.join(data_dir, "storage", "message", sid)
    out = [path]
    for d in (mdir, *(os.path.join(data_dir, "storage", "part", os.path.basename(m)[:-5])
                      for m in _listing(mdir) if m.endswith(".json"))):
        if os.path.isdir(d):
            out.append(d)
            out.extend(_listing(d))
    return out


def _listing(d: str) -> list[str]:
    try:
        return [os.path.join(d, n) for n in sorted(os.listdir(d))]
    except OSError:
        return []


def _parts(data_dir: str, message_id: str, log: ReadLog) -> list:
    paths = Walker().entries(os.path.join(data_dir, "storage", "part", message_id))[0]
    return [p for p in (_load(path, log) for path in paths if path.endswith(".json")) if p is not None]


def _load(path: str, log: ReadLog) -> dict | None:
    value = labels.load_json(path, log)
    if value is not None and not isinstance(value, dict):
        log.skip("bad_record", path)
        return None
    return value
