"""Decoders of Kiro's stores (discovery and the shared rules are in
`providers/kiro.py`): the CLI's prompt turns, the IDE v2 event log, and the
IDE's legacy `.chat`, v1 execution and workspace-session JSON files.

Every count is a char estimate (UTF-16 units, as the reference counts
them). A call's cost is its credits × $0.04 when it records credits; else
None, and the report prices the estimated tokens (reasoning as output), the
same sum the reference computes.
"""
from __future__ import annotations

import json
import os
import re

from codeburn.jstext import JS_DATE_MAX_MS, node_basename
from codeburn.lazyre import lazy
from codeburn.providers import jsonfiles as jf
from codeburn.providers.base import Source
from codeburn.providers.records import Call, ReadLog, Session, Tool, estimate_tokens, ts_ms

USD_PER_CREDIT = 0.04
CLI_PROJECT = "kiro-cli"  # a CLI session without its .json (spec §1.12.a)
PROMPT_CAP = 500
MIN_MS = 1_000_000_000_000
CONVERSATION_KEYS = ("messages", "conversation", "chat", "transcript", "entries", "events")
TEXT_KEYS = ("content", "text", "message", "value", "parts", "entries")
TOOL_TAG = lazy(r"<tool_use>\s*<name>([^<]+)</name>")
NUMERIC = lazy(r"^-?\d+(\.\d+)?$")
SHELL_TOOLS = ("execute_bash", "executeBash", "runCommand", "run_command", "shell")


# --- shared rules ---

def model_id(raw) -> str:
    model = re.sub(r"(\d+)\.(\d+)", r"\1-\2", raw if isinstance(raw, str) else "")
    return "kiro-auto" if model in ("", "auto") else model


def kiro_time(value) -> int | None:
    """Epoch ms of an ISO string or epoch seconds/ms (numbers or numeric
    strings); None when unparseable or before 2001."""
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        if NUMERIC.match(value):
            value = float(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        ms = int(value * 1000) if value < MIN_MS else int(value)
    elif isinstance(value, str):
        ms = ts_ms(value)
    else:
        return None
    return ms if ms is not None and MIN_MS <= ms <= JS_DATE_MAX_MS else None


def text_of(value) -> str:
    """The text of a string, a list (joined by newlines) or an object's
    first text-bearing field."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n".join(t for t in map(text_of, value) if t)
    if isinstance(value, dict):
        for key in TEXT_KEYS:
            t = text_of(value.get(key))
            if t:
                return t
    return ""


def first_string(record, names) -> str:
    if not isinstance(record, dict):
        return ""
    for name in names:
        v = record.get(name)
        if isinstance(v, str) and v.strip():
            return v.strip()
    return ""


def b64_path(name: str) -> str:
    """A workspace path from its base64 dir name ('' when it is not one)."""
    import base64

    s = name.rstrip("=_").replace("-", "+").replace("_", "/")
    s = s.split("=", 1)[0]
    s = s[: len(s) - len(s) % 4] if len(s) % 4 == 1 else s
    try:
        return base64.b64decode(s + "=" * (-len(s) % 4)).decode("utf-8", "replace")
    except ValueError:
        return ""


def workspace_project(agent_dir: str, workspaces: str, ws_hash: str) -> str:
    """The workspace's folder name (workspaceStorage's workspace.json), else
    the first workspace-sessions dir's decoded path, else the hash."""
    data = jf.small_json(os.path.join(workspaces, ws_hash, "workspace.json"))
    folder = data.get("folder") if isinstance(data, dict) else None
    if isinstance(folder, str) and folder:
        import urllib.parse

        return node_basename(urllib.parse.unquote(re.sub(r"^file://", "", folder)))
    try:
        names = sorted(os.listdir(os.path.join(agent_dir, "workspace-sessions")))
    except OSError:
        names = []
    for name in names:
        decoded = b64_path(name.removesuffix("_"))
        if decoded:
            return node_basename(decoded)
    return ws_hash


def _tool(raw: str, args=None) -> Tool:
    """A Kiro tool by its own name (`mcp_` dropped, as the reference shows it)."""
    name = raw[4:] if raw.startswith("mcp_") else raw
    command = jf.obj(args).get("command") if name in SHELL_TOOLS else None
    path = jf.obj(args).get("path")
    return Tool(name, command=command if isinstance(command, str) else None,
                file=path if isinstance(path, str) else None)


def _credits_cost(credits: float) -> float | None:
    return credits * USD_PER_CREDIT if credits > 0 else None


# --- CLI ---

def read_cli(source: Source, log: ReadLog) -> list[Session]:
    entries = [rec for _, rec in jf.json_records(source.path, log)]
    if not entries:
        return []
    meta = jf.json_file(source.path[: -len(".jsonl")] + ".json", log, quiet_missing=True)
    meta_found = isinstance(meta, dict)
    meta = meta if meta_found else {}
    sid = meta.get("session_id") if isinstance(meta.get("session_id"), str) else source.session_id
    cwd = jf.string(meta.get("cwd"))
    state = jf.obj(meta.get("session_state"))
    raw_model = jf.obj(jf.obj(state.get("rts_model_state")).get("model_info")).get("model_id")
    model = model_id(raw_model if raw_model is not None else "auto")
    turns = jf.obj(state.get("conversation_metadata")).get("user_turn_metadatas")
    turn_meta = turns if isinstance(turns, list) else []
    cli = _CliTurns(sid, model, turn_meta, meta.get("created_at"))
    first = True
    for rec in entries:
        kind, data = rec.get("kind"), jf.obj(rec.get("data"))
        if kind == "Prompt":
            if not first:
                cli.flush()
            first = False
            cli.prompt(data)
        elif kind == "AssistantMessage":
            cli.answer(data)
        elif kind == "ToolResults":
            for item in data.get("content") if isinstance(data.get("content"), list) else ():
                cli.input_chars += jf.js_len(text_of(item))
    cli.flush()
    # 0.9.20 names a session's calls by its meta's cwd, "" included (a cwd of "/" or none)
    # (without its .json the spec's `kiro-cli`, wherever the file was found: 0.9.20 shows "")
    project = node_basename(cwd or "") if meta_found else CLI_PROJECT
    return [Session(sid, project, cli.calls, cwd or None)] if cli.calls else []


class _CliTurns:
    """The CLI's prompt turns, as the reference counts them: a turn without
    output is not emitted and does not advance the index into the turn
    metadata (so later turns read an earlier turn's credits and time)."""

    def __init__(self, sid: str, model: str, turn_meta: list, created_at):
        self.sid, self.model, self.turn_meta, self.created_at = sid, model, turn_meta, created_at
        self.index, self.calls = 0, []
        self.start = None           # the prompt's time; kept until a later prompt has one
        self._reset()

    def _reset(self):
        self.text, self.input_chars, self.output_chars, self.tools = "", 0, 0, []

    def prompt(self, data: dict):
        for item in data.get("content") if isinstance(data.get("content"), list) else ():
            if isinstance(item, dict) and item.get("kind") == "text" and isinstance(item.get("data"), str):
                self.text = jf.js_prefix(item["data"], PROMPT_CAP)
                self.input_chars += jf.js_len(item["data"])
        ts = jf.obj(data.get("meta")).get("timestamp")
        if isinstance(ts, (int, float)) and not isinstance(ts, bool) and ts == ts:
            self.start = int(ts * 1000)       # epoch seconds

    def answer(self, data: dict):
        for item in data.get("content") if isinstance(data.get("content"), list) else ():
            if not isinstance(item, dict):
                continue
            if item.get("kind") == "text" and isinstance(item.get("data"), str):
                self.output_chars += jf.js_len(item["data"])
            elif item.get("kind") == "toolUse":
                tool = jf.obj(item.get("data"))
                if isinstance(tool.get("name"), str) and tool["name"]:
                    self.tools.append(_tool(tool["name"], tool.get("input")))

    def flush(self):
        if self.output_chars == 0:
            self._reset()
            return
        meta = jf.obj(self.turn_meta[self.index]) if self.index < len(self.turn_meta) else {}
        when = meta.get("end_timestamp")
        if when is not None:
            when = kiro_time(when)
        elif self.start is not None:
            when = self.start if self.start >= MIN_MS else None
        else:
            when = kiro_time(self.created_at)
        if when is not None:
            usage = meta.get("metering_usage")
            credits = sum(m["value"] for m in usage if isinstance(m, dict) and isinstance(m.get("value"), (int, float))
                          and not isinstance(m.get("value"), bool)) if isinstance(usage, list) else 0
            cost = _credits_cost(credits)
            self.calls.append(Call(when, self.model, input=estimate_tokens(self.input_chars),
                                   output=estimate_tokens(self.output_chars), cost=cost, estimated=cost is None,
                                   key=f"kiro-cli:{self.sid}:{self.index}", prompt=self.text,
                                   tools=jf.unique_tools(self.tools)))
        self.index += 1
        self._reset()


# --- IDE v2 event log ---

class _V2State:
    """The in-flight turn, reset the way the reference resets it: events
    outside a turn still accumulate until a flush clears them."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.in_turn, self.execution, self.start, self.text, self.user_chars = False, "", None, "", 0
        self.output = self.reasoning = self.results = 0
        self.credits = 0.0
        self.tools: list[Tool] = []


def read_v2(source: Source, log: ReadLog) -> list[Session]:
    data = jf.read_bytes(source.path, log)
    if data is None:
        return []
    meta = jf.json_file(os.path.join(os.path.dirname(source.path), "session.json"), log, quiet_missing=True)
    meta = meta if isinstance(meta, dict) else {}
    sid = meta.get("id") if isinstance(meta.get("id"), str) and meta["id"] else source.session_id
    model = model_id(meta.get("modelId"))
    paths = meta.get("workspacePaths")
    cwd = paths[0] if isinstance(paths, list) and paths and isinstance(paths[0], str) and paths[0] else None
    calls: list[Call] = []
    turn, pending_text, pending_chars = _V2State(), "", 0

    def flush():
        if turn.in_turn and (turn.output or turn.reasoning or turn.tools):
            when = kiro_time(turn.start) if isinstance(turn.start, str) else None
            if when is not None:
                cost = _credits_cost(turn.credits)
                calls.append(Call(when, model, input=estimate_tokens(turn.user_chars + turn.results),
                                  output=estimate_tokens(turn.output), reasoning=estimate_tokens(turn.reasoning),
                                  cost=cost, estimated=cost is None,
                                  key=f"kiro-v2:{sid}:{turn.execution or len(calls)}", prompt=turn.text,
                                  tools=jf.unique_tools(turn.tools)))
        turn.reset()

    for n, evt in jf.json_records(source.path, log, data):
        payload = evt.get("payload")
        if not isinstance(payload, dict):
            log.skip("bad_record", f"{source.path}:{n}")
            continue
        kind = first_string(payload, ("type",))
        ts = evt.get("timestamp") if isinstance(evt.get("timestamp"), str) else None
        text = text_of(payload.get("content"))
        if kind == "user":
            if turn.in_turn:
                flush()
            pending_text, pending_chars = jf.js_prefix(text, PROMPT_CAP), jf.js_len(text)
        elif kind == "turn_start":
            if turn.in_turn:
                flush()
            turn.in_turn, turn.execution, turn.start = True, first_string(payload, ("executionId",)), ts
            turn.text, turn.user_chars, pending_text, pending_chars = pending_text, pending_chars, "", 0
        elif kind == "assistant":
            if first_string(payload, ("operationType",)) == "Reasoning":
                turn.reasoning += jf.js_len(text)
            else:
                turn.output += jf.js_len(text)
            turn.in_turn = turn.in_turn or bool(text)
            turn.start = turn.start or ts
        elif kind == "tool_call":
            name = first_string(payload, ("toolName", "name"))
            if name:
                turn.tools.append(_tool(name, payload.get("input", payload.get("arguments"))))
        elif kind == "tool_result":
            turn.results += jf.js_len(text)
        elif kind == "usage_summary":
            _harvest(payload.get("promptTurnSummaries"), turn)
        elif kind == "turn_end":
            flush()
    flush()
    return [Session(sid, source.project, calls, cwd)] if calls else []


def _harvest(summaries, turn: _V2State) -> None:
    """A usage summary's tools and credits into the open turn."""
    for s in summaries if isinstance(summaries, list) else ():
        s = jf.obj(s)
        used = s.get("usedTools")
        for name in used if isinstance(used, list) else ():
            if isinstance(name, str) and name:
                turn.tools.append(_tool(name))
        usage = s.get("usage")
        if isinstance(usage, (int, float)) and not isinstance(usage, bool) and usage == usage:
            turn.credits += usage


# --- IDE legacy / v1 JSON ---

def read_ide(source: Source, log: ReadLog) -> list[Session]:
    record = jf.json_file(source.path, log)
    if record is None:
        return []
    if not isinstance(record, dict):
        log.skip("bad_record", source.path)
        return []
    if isinstance(record.get("history"), list) and isinstance(record.get("sessionId"), str):
        call, sid, cwd = _workspace_session(record, source.path)
    elif isinstance(record.get("chat"), list) and isinstance(record.get("metadata"), dict):
        (call, sid), cwd = _chat(record, source), None
    else:
        (call, sid), cwd = _execution(record, source.path), None
    return [Session(sid, source.project, [call], cwd)] if call is not None else []


def _chat(data: dict, source: Source) -> tuple[Call | None, str]:
    meta = data["metadata"]
    base = os.path.basename(source.path)
    sid = first_string(meta, ("workflowId",)) or (base[: -len(".chat")] if base.endswith(".chat") else base)
    text, input_chars, output_chars, tools = "", 0, 0, []
    for msg in data["chat"]:
        msg = jf.obj(msg)
        content = msg.get("content") if isinstance(msg.get("content"), str) else ""
        if msg.get("role") == "human" and not content.startswith("<identity>"):
            input_chars += jf.js_len(content)
            text = jf.js_prefix(content, PROMPT_CAP)
        elif msg.get("role") == "bot":
            output_chars += jf.js_len(content)
            tools.extend(Tool(m.strip()) for m in TOOL_TAG.findall(content))
    when = kiro_time(meta.get("startTime"))
    if output_chars == 0 or when is None:
        return None, sid
    return Call(when, model_id(meta.get("modelId")), input=estimate_tokens(input_chars),
                output=estimate_tokens(output_chars), estimated=True, key=f"kiro:{sid}:{_js(data.get('executionId'))}",
                prompt=text, tools=jf.unique_tools(tools)), sid


def _js(value) -> str:
    """A value as the reference's template strings print it."""
    if value is None:
        return "undefined"
    return value if isinstance(value, str) else json.dumps(value)


def _execution(data: dict, path: str) -> tuple[Call | None, str]:
    """A v1 execution file; an index file (with `executions`) is none."""
    meta = jf.obj(data.get("metadata"))
    model = model_id(first_string(data, ("modelId", "modelID", "modelName", "model"))
                     or first_string(jf.obj(data.get("model")), ("id", "name"))
                     or first_string(meta, ("modelId", "modelID", "modelName")))
    execution = first_string(data, ("executionId", "id")) or os.path.basename(path)
    sid = (first_string(data, ("sessionId", "chatSessionId", "conversationId", "workflowId"))
           or first_string(meta, ("workflowId", "sessionId")) or os.path.basename(os.path.dirname(path)) or execution)
    if isinstance(data.get("executions"), list):
        return None, sid
    acc = _Execution()
    acc.direct(data)
    acc.conversation(data)
    credits = acc.usage_summary(data.get("usageSummary"))
    when = kiro_time(_time_field(data) if _time_field(data) is not None else _time_field(meta))
    if not acc.active or when is None:
        return None, sid
    cost = _credits_cost(credits)
    return Call(when, model, input=estimate_tokens(acc.input_chars), output=estimate_tokens(acc.output_chars),
                cost=cost, estimated=cost is None, key=f"kiro:{sid}:{execution}", prompt=acc.text,
                tools=jf.unique_tools(acc.tools)), sid


def _time_field(record: dict):
    for name in ("startTime", "createdAt", "timestamp"):
        v = record.get(name)
        if isinstance(v, (int, float, str)) and not isinstance(v, bool):
            return v
    return None


class _Execution:
    """What a v1 execution file says, wherever its build put it."""

    def __init__(self):
        self.input_chars = self.output_chars = 0
        self.text, self.tools, self.active = "", [], False

    def _user(self, text: str):
        self.input_chars += jf.js_len(text)
        self.text = jf.js_prefix(text, PROMPT_CAP)

    def direct(self, data: dict):
        prompt = _text_field(data, ("prompt", "input", "userMessage", "user_message", "request"))
        answer = _text_field(data, ("response", "output", "assistantMessage", "assistant_message", "result"))
        tools = _structured_tools(data, answer, direct_name=False)
        if prompt:
            self._user(prompt)
        if answer:
            self.output_chars += jf.js_len(answer)
        self.active = self.active or bool(answer) or bool(tools)
        self.tools.extend(tools)

    def conversation(self, data: dict):
        context = data.get("context")
        for holder in ([context, data] if isinstance(context, dict) else [data]):
            for key in CONVERSATION_KEYS:
                if isinstance(holder.get(key), list):
                    for message in holder[key]:
                        self._message(message)
                    return

    def _message(self, message):
        text = text_of(message)
        role = first_string(message, ("role", "type", "author")).lower()
        tools = _structured_tools(message, text)
        if role in ("human", "user"):
            if text:
                self._user(text)
        elif role in ("bot", "assistant", "ai", "model"):
            self.output_chars += jf.js_len(text)
            self.active = self.active or bool(text) or bool(tools)
            self.tools.extend(tools)
        elif role in ("tool", "system"):
            self.input_chars += jf.js_len(text)
            self.tools.extend(tools)

    def usage_summary(self, summary) -> float:
        credits = 0.0
        for entry in summary if isinstance(summary, list) else ():
            if not isinstance(entry, dict):
                continue
            usage = entry.get("usage")
            if isinstance(usage, (int, float)) and not isinstance(usage, bool) and usage == usage:
                credits += usage
            for name in entry.get("usedTools") if isinstance(entry.get("usedTools"), list) else ():
                if isinstance(name, str) and name:
                    self.tools.append(_tool(name))
                    self.active = True
        return credits


def _text_field(record: dict, names) -> str:
    for name in names:
        t = text_of(record.get(name))
        if t:
            return t
    return ""


def _structured_tools(value, text: str, direct_name: bool = True) -> list[Tool]:
    tools = [Tool(m.strip()) for m in TOOL_TAG.findall(text)]
    if not isinstance(value, dict):
        return tools
    if direct_name:
        name = first_string(value, ("toolName", "name"))
        if name:
            tools.append(Tool(name))
    for key in ("toolCalls", "tool_calls", "tools"):
        for entry in value.get(key) if isinstance(value.get(key), list) else ():
            name = first_string(entry, ("name", "toolName", "tool_name"))
            if name:
                tools.append(Tool(name))
    return tools


def _workspace_session(record: dict, path: str) -> tuple[Call | None, str, str | None]:
    """A workspace-session file: one call unless it only points at
    execution files (read on their own) with `On it.` placeholders."""
    sid = record["sessionId"]
    cwd = record.get("workspaceDirectory") if isinstance(record.get("workspaceDirectory"), str) else None
    input_chars = output_chars = 0
    text, backed, real = "", False, False
    for item in record["history"]:
        if not isinstance(item, dict):
            continue
        exec_backed = isinstance(item.get("executionId"), str)
        backed = backed or exec_backed
        msg = item.get("message")
        if not isinstance(msg, dict):
            continue
        role, content = first_string(msg, ("role",)), text_of(msg.get("content"))
        if role == "user" and content:
            input_chars += jf.js_len(content)
            text = jf.js_prefix(content, PROMPT_CAP)
        elif role == "assistant" and not exec_backed and content and content != "On it.":
            output_chars += jf.js_len(content)
            real = True
    if (backed and not real) or (input_chars == 0 and output_chars == 0):
        return None, sid, cwd
    try:
        when = jf.mtime_ms(os.stat(path))
    except OSError:
        return None, sid, cwd
    return Call(when, model_id(first_string(record, ("selectedModel",))), input=estimate_tokens(input_chars),
                output=estimate_tokens(output_chars), estimated=True, key=f"kiro:ws-session:{sid}",
                prompt=text), sid, cwd or None
