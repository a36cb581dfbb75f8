"""GitHub Copilot's stores other than event logs: the VS Code chatSessions
journal (spec providers §1.4.c), the OTel span store `agent-traces.db`
(§2.5) and the Copilot CLI's `session-store.db` (§2.6). SQLite stores are
opened read-only and immutable; a store that cannot be read is named in the
log and yields nothing.
"""
from __future__ import annotations

import math
import os
import re
from contextlib import contextmanager

from codeburn.providers import logfiles, sqlitestore
from codeburn.providers.records import Call, ReadLog, Tool, ts_ms

FORBIDDEN_KEYS = {"__proto__", "prototype", "constructor"}
SHELL_TOOLS = {"bash", "run_in_terminal", "runInTerminal", "runCommand"}
SHELL_KEYWORDS = {"if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
                  "select", "function", "in", "time", "coproc"}


def js_basename(path: str) -> str:
    """Node's path.basename: trailing slashes ignored."""
    stripped = path.rstrip("/")
    return os.path.basename(stripped) if stripped else ""


def native_tool(raw: str, names: dict[str, str]) -> str:
    """A Copilot tool name as the table knows it; an unlisted name with both
    '-' and '_' is an MCP tool `server-name-tool_name`, rebuilt as
    `mcp__server_name__tool_name` (split at the last '-')."""
    if raw in names:
        return raw
    dash = raw.rfind("-")
    if dash > 0 and "_" in raw:
        return f"mcp__{raw[:dash].replace('-', '_')}__{raw[dash + 1:]}"
    return raw


def stamp(raw) -> int | None:
    """Epoch ms of a Copilot timestamp: a number (ns above 1e15, ms above
    1e12, else s), a numeric string, or an ISO string."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return _epoch(raw)
    if isinstance(raw, str) and raw.strip():
        text = raw.strip()
        if re.fullmatch(r"\d+(\.\d+)?", text):
            return _epoch(float(text))
        return ts_ms(text)
    return None


def _epoch(value: float) -> int | None:
    if not math.isfinite(value) or value <= 0:
        return None
    if value > 1e15:
        return int(value // 1_000_000)
    return int(value) if value > 1e12 else int(value * 1000)


def _positive(value) -> int:
    """The reference's numberOrZero: a finite number > 0, else 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        return 0
    return int(value)


@contextmanager
def open_ro(path: str, log=None):
    """The store opened read-only and immutable (never written, no lock
    taken), with the rows of its write-ahead log (sqlitestore.readable;
    `log` hears of a log whose rows could not be read)."""
    import sqlite3

    with sqlitestore.readable(path, log) as where:
        conn = sqlite3.connect(sqlitestore.uri(os.path.abspath(where)), uri=True)
        conn.row_factory = sqlite3.Row
        try:
            yield conn
        finally:
            conn.close()


# --- VS Code chatSessions journal (§1.4.c) ------------------------------------

def replay_journal(text: str, where: str, log: ReadLog):
    """The session object a chatSessions journal describes: kind 0 replaces
    the root, kind 1 sets a value at a path, kind 2 appends to an array."""
    root: object = {}
    for number, entry in logfiles.json_lines(text, where, log):
        if not isinstance(entry, dict):
            continue
        kind = entry.get("kind")
        if kind == 0 and not isinstance(kind, bool):
            root = entry.get("v")
        elif kind == 1 and not isinstance(kind, bool):
            path = _journal_path(entry.get("k"))
            if path is None:
                log.skip("bad_record", f"{where}:{number}")
                continue
            root = _journal_set(root, path, entry.get("v"))
        elif kind == 2 and not isinstance(kind, bool):
            path = _journal_path(entry["k"] if "k" in entry else ["requests"])
            if path is None:
                log.skip("bad_record", f"{where}:{number}")
                continue
            items = entry.get("v") if isinstance(entry.get("v"), list) else []
            root = _journal_append(root, path, items)
    return root


def _journal_path(raw) -> list | None:
    if not isinstance(raw, list):
        return None
    for seg in raw:
        if isinstance(seg, bool):
            return None
        if isinstance(seg, (int, float)):
            if seg != int(seg) or seg < 0:
                return None
        elif not isinstance(seg, str) or seg in FORBIDDEN_KEYS:
            return None
    return [int(s) if isinstance(s, float) else s for s in raw]


def _get(container, seg):
    if isinstance(container, dict):
        return container.get(str(seg))
    if isinstance(container, list):
        i = _index(seg)
        return container[i] if i is not None and i < len(container) else None
    return None


def _index(seg) -> int | None:
    if isinstance(seg, int):
        return seg
    return int(seg) if isinstance(seg, str) and seg.isdigit() and str(int(seg)) == seg else None


def _put(container, seg, value) -> None:
    if isinstance(container, dict):
        container[str(seg)] = value
        return
    i = _index(seg)
    if i is None:
        return  # a named property on an array: no place in JSON, dropped
    container.extend([None] * (i + 1 - len(container)))
    container[i] = value


def _parent(root, path: list):
    current = root
    for seg, nxt in zip(path, path[1:]):
        child = _get(current, seg)
        if not isinstance(child, (dict, list)):
            child = [] if isinstance(nxt, int) else {}
            _put(current, seg, child)
        current = child
    return current


def _journal_set(root, path: list, value):
    if not path:
        return value
    root = root if isinstance(root, (dict, list)) else {}
    _put(_parent(root, path), path[-1], value)
    return root


def _journal_append(root, path: list, items: list):
    root = root if isinstance(root, (dict, list)) else {}
    if not path:
        if isinstance(root, list):
            root.extend(items)
        return root
    parent = _parent(root, path)
    target = _get(parent, path[-1])
    if not isinstance(target, list):
        target = []
        _put(parent, path[-1], target)
    target.extend(items)
    return root


def chat_session_calls(root: dict, sid: str, names: dict[str, str]) -> list[Call]:
    created = stamp(root.get("creationDate"))
    requests = root.get("requests") if isinstance(root.get("requests"), list) else []
    calls = []
    for index, req in enumerate(requests):
        if not isinstance(req, dict):
            continue
        result = req.get("result")
        meta = result.get("metadata") if isinstance(result, dict) else None
        meta = meta if isinstance(meta, dict) else {}
        prompt_tokens = _positive(meta.get("promptTokens"))
        output = _positive(meta.get("outputTokens")) or _positive(req.get("completionTokens"))
        if not prompt_tokens and not output:
            continue
        request_id = req.get("requestId") if isinstance(req.get("requestId"), str) and req.get("requestId") \
            else f"request-{index}"
        calls.append(Call(stamp(req.get("timestamp")) or created, _journal_model(req, meta), input=prompt_tokens,
                          output=output, key=f"copilot-chatsession:{sid}:{request_id}",
                          tools=_round_tools(meta.get("toolCallRounds"), names)))
    return calls


def _journal_model(req: dict, meta: dict) -> str:
    resolved = meta.get("resolvedModel")
    if isinstance(resolved, str) and resolved:
        return resolved
    model_id = req.get("modelId") if isinstance(req.get("modelId"), str) else ""
    return re.sub(r"^copilot/", "", model_id) or "unknown"


def _round_tools(rounds, names: dict[str, str]) -> list[Tool]:
    if not isinstance(rounds, list):
        return []
    seen: dict[str, Tool] = {}

    def add(raw) -> None:
        if isinstance(raw, str) and raw.strip():
            native = native_tool(raw, names)
            seen.setdefault(names.get(native, native), Tool(native))

    def add_record(record: dict) -> None:
        for key in ("toolName", "name", "tool"):
            add(record.get(key))

    for rnd in rounds:
        if not isinstance(rnd, dict):
            continue
        add_record(rnd)
        for key in ("tools", "toolCalls", "toolRequests"):
            entries = rnd.get(key)
            for entry in entries if isinstance(entries, list) else []:
                if isinstance(entry, str):
                    add(entry)
                elif isinstance(entry, dict):
                    add_record(entry)
    return list(seen.values())


# --- OTel span store agent-traces.db (§2.5) -----------------------------------

CONVERSATIONS_SQL = """
SELECT conv.value AS conversation_id, COALESCE(repo.value, 'copilot-chat') AS project, MIN(s.start_time_ms) AS first
FROM spans s
LEFT JOIN span_attributes conv ON s.span_id = conv.span_id AND conv.key = 'gen_ai.conversation.id'
LEFT JOIN span_attributes repo ON s.span_id = repo.span_id AND repo.key = 'github.copilot.git.repository'
WHERE conv.value IS NOT NULL
GROUP BY conv.value
ORDER BY first DESC"""


class OtelSession:
    """A conversation's chat calls; `marks` are the event-log keys
    (copilot:<conversation>:<turn id>) of the turns they stand for."""
    __slots__ = ("session_id", "project", "calls", "marks")

    def __init__(self, session_id: str, project: str, calls: list[Call], marks: list[str]):
        self.session_id, self.project, self.calls, self.marks = session_id, project, calls, marks


def otel_sessions(path: str, names: dict[str, str], log: ReadLog) -> list[OtelSession]:
    import sqlite3

    try:
        with open_ro(path, log) as conn:
            return [s for s in _otel(conn, names) if s.calls]
    except sqlite3.Error as exc:
        log.skip("bad_store", f"{path}: {exc}")
        return []


def _otel(conn, names: dict[str, str]):
    for row in conn.execute(CONVERSATIONS_SQL).fetchall():
        conv = row["conversation_id"]
        if not conv:
            continue
        conv = str(conv)
        project = str(row["project"] if row["project"] is not None else "copilot-chat")
        if "/" in project:
            project = js_basename(re.sub(r"\.git$", "", project))
        marks: list[str] = []
        yield OtelSession(conv, project, list(_otel_calls(conn, conv, names, marks)), marks)


def _attrs(conn, span_id) -> dict:
    out = {}
    for key, value in conn.execute("SELECT key, value FROM span_attributes WHERE span_id = ?", (span_id,)):
        if key and value is not None and value != "" and not (isinstance(value, (int, float)) and value == 0):
            out[key] = _js_number(value)  # falsy values are skipped, as the reference does
    return out


def _js_number(value):
    """Number(value) when it is a number (as the reference reads attributes)."""
    if isinstance(value, (int, float)) or not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return 0
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text):
        number = float(text)
        return int(number) if number.is_integer() else number
    return value


def _otel_calls(conn, conv: str, names: dict[str, str], marks: list[str]):
    traces = []
    for (trace,) in conn.execute(
            "SELECT DISTINCT s.trace_id FROM spans s JOIN span_attributes a ON s.span_id = a.span_id "
            "AND a.key = 'gen_ai.conversation.id' AND a.value = ? ORDER BY s.start_time_ms", (conv,)):
        if trace not in traces:
            traces.append(trace)
    if not traces:
        return
    holes = ",".join("?" * len(traces))
    spans = conn.execute(f"SELECT span_id, trace_id, operation_name, start_time_ms, response_model FROM spans "
                         f"WHERE trace_id IN ({holes})", traces).fetchall()
    tools: dict[object, list[Tool]] = {}
    agents: dict[object, list[str]] = {}  # trace -> the subagents it ran (invoke_agent spans with a parent chat)
    chats = []
    for span in spans:
        op = span["operation_name"] or ""
        if op == "chat":
            chats.append(span)
        elif op == "execute_tool":
            tool = _otel_tool(_attrs(conn, span["span_id"]), names)
            if tool is not None:
                tools.setdefault(span["trace_id"], []).append(tool)
        elif op == "invoke_agent":
            attrs = _attrs(conn, span["span_id"])
            name = attrs.get("gen_ai.agent.name")
            if attrs.get("copilot_chat.parent_chat_session_id") and isinstance(name, str) and name:
                agents.setdefault(span["trace_id"], []).append(name)  # the root agent has no parent chat: none
    for span in chats:
        attrs = _attrs(conn, span["span_id"])
        call = _otel_chat(span, attrs)
        if call is not None:
            call.tools = [Tool(t.name, command=t.command) for t in tools.get(span["trace_id"], [])]
            # every subagent of the trace, each once per run (0.9.20 counts the call once per name)
            ran = agents.get(span["trace_id"])
            call.subagent = (ran[0] if len(ran) == 1 else tuple(ran)) if ran else None
            turn = attrs.get("github.copilot.chat.turn.id")
            if turn:
                marks.append(f"copilot:{conv}:{_js_str(turn)}")
            yield call


def _otel_tool(attrs: dict, names: dict[str, str]) -> Tool | None:
    raw = attrs.get("gen_ai.tool.name")
    if not isinstance(raw, str) or not raw:
        return None
    tool = Tool(native_tool(raw, names))
    if raw in SHELL_TOOLS:
        tool.command = _otel_command(attrs.get("gen_ai.tool.call.arguments"))
    return tool


def _otel_command(raw) -> str | None:
    """The `command` of a tool's JSON arguments, as one line whose
    statements led by shell keywords (for/do/if/...) are dropped: the OTel
    store keeps whole multi-line scripts (spec providers §0.3)."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        args = logfiles.parse_json(raw)
    except ValueError:
        return None
    command = args.get("command") if isinstance(args, dict) else None
    if not isinstance(command, str):
        return None
    kept = [seg for seg in re.split(r"\r?\n|;|&&|\|", command) if _lead_word(seg) not in SHELL_KEYWORDS]
    return "; ".join(s.strip() for s in kept if s.strip()) or None


def _lead_word(segment: str) -> str:
    for token in segment.split():
        if not re.match(r"^\w+=", token):
            return token
    return ""


def _otel_chat(span, attrs: dict) -> Call | None:
    model = next((m for m in (attrs.get("gen_ai.response.model"), attrs.get("gen_ai.request.model"),
                              span["response_model"]) if m is not None), "unknown")
    counts = [attrs.get(k, 0) for k in ("gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
                                        "gen_ai.usage.cache_read.input_tokens",
                                        "gen_ai.usage.cache_creation.input_tokens")]
    if not all(isinstance(c, (int, float)) and not isinstance(c, bool) and math.isfinite(c) for c in counts):
        return None
    inp, out, read, write = (int(c) for c in counts)
    if not inp and not out:
        return None
    return Call(_stamp_span(span["start_time_ms"]), str(model), input=inp, output=out, cache_read=read,
                cache_write=write, key=f"copilot-otel:{span['span_id']}")


def _stamp_span(value) -> int | None:
    return _epoch(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


# --- Copilot CLI session-store.db (§2.6) --------------------------------------

BASE_COLUMNS = ("e.id, e.session_id, e.model, e.input_tokens, e.cache_read_tokens, e.cache_write_tokens, "
                "e.reasoning_tokens, e.created_at, s.cwd, s.repository, s.created_at AS session_created_at")
OPTIONAL_COLUMNS = (", e.total_nano_aiu, e.request_multiplier, e.initiator, e.output_tokens",
                    ", e.total_nano_aiu, e.request_multiplier", "")
STORE_FROM = " FROM assistant_usage_events e LEFT JOIN sessions s ON s.id = e.session_id ORDER BY e.id ASC"
ZONELESS = r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$"


class StoreRow:
    """A usage row of the store: its call, and what labels its session."""
    __slots__ = ("session_id", "call", "cwd", "repository", "compaction")

    def __init__(self, session_id: str, call: Call, cwd, repository, compaction: bool):
        self.session_id, self.call, self.cwd, self.repository, self.compaction = (
            session_id, call, cwd, repository, compaction)


def store_rows(path: str, log: ReadLog) -> list[StoreRow] | None:
    """The store's usage rows in id order; None when the store is absent
    (missing, or a CLI too old to have the table: the rollups then count)."""
    import sqlite3

    if not os.path.lexists(path):
        return None
    try:
        with open_ro(path, log) as conn:
            rows = _select(conn)
    except sqlite3.Error as exc:
        if re.search(r"no such (table|column)", str(exc), re.I):
            return None
        log.skip("bad_store", f"{path}: {exc}")
        return None
    return list(_store_calls(rows))


def _select(conn) -> list:
    for extra in OPTIONAL_COLUMNS:
        try:
            return conn.execute(f"SELECT {BASE_COLUMNS}{extra}{STORE_FROM}").fetchall()
        except Exception as exc:  # sqlite3.OperationalError: a column this store predates
            if extra == "" or "no such column" not in str(exc).lower():
                raise
    return []


def _store_stamp(raw) -> int | None:
    if isinstance(raw, str) and re.match(ZONELESS, raw):
        raw = raw.replace(" ", "T", 1) + "Z"
    return stamp(raw) if raw else None


def _store_calls(rows: list):
    previous = None
    for row in rows:
        sid = row["session_id"]
        if not sid:
            continue
        ms = _store_stamp(row["created_at"]) or previous or _store_stamp(row["session_created_at"])
        if ms is None:
            continue
        previous = ms
        read, write, reasoning = (_positive(row[k]) for k in ("cache_read_tokens", "cache_write_tokens",
                                                               "reasoning_tokens"))
        inp = max(0, _positive(row["input_tokens"]) - read - write)
        keys = row.keys()
        initiator = row["initiator"] if "initiator" in keys else None
        out = _positive(row["output_tokens"]) if initiator == "compaction" else 0
        if not (inp or read or write or reasoning or out):
            continue
        model = row["model"] or "unknown"
        yield StoreRow(str(sid), Call(ms, str(model), input=inp, output=out, cache_read=read, cache_write=write,
                                      reasoning=reasoning, key=_store_key(row)),
                       row["cwd"], row["repository"], initiator == "compaction")


def _store_key(row) -> str:
    parts = [_js_str(row[k]) for k in ("created_at", "input_tokens", "cache_read_tokens", "cache_write_tokens",
                                       "reasoning_tokens")]
    model = row["model"]
    content = "|".join(parts) + "|" + ("null" if model is None else _js_str(model))
    return f"copilot-store:{_js_str(row['session_id'])}:{_js_str(row['id'])}:{fnv1a64(content)}"


def _js_str(value) -> str:
    """How a JavaScript template literal prints a SQLite value (null as '')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def fnv1a64(text: str) -> str:
    """FNV-1a 64 over UTF-16 code units, in base 36 (the reference's key)."""
    h = 0xCBF29CE484222325
    units = text.encode("utf-16-le")
    for i in range(0, len(units), 2):
        h ^= units[i] | (units[i + 1] << 8)
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        h, r = divmod(h, 36)
        out = digits[r] + out
        if not h:
            return out


def store_project(row: StoreRow) -> str:
    if row.cwd:
        return js_basename(str(row.cwd))
    if row.repository:
        return js_basename(re.sub(r"\.git$", "", str(row.repository)))
    return row.session_id
