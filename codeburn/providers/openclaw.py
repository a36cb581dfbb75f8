"""OpenClaw and its earlier names (Clawdbot, Moltbot, Moldbot): spec
providers §1.8. A Pi-lineage JSONL format.

Every run looks under all four homes: `~/.openclaw/agents`,
`~/.clawdbot/agents`, `~/.moltbot/agents`, `~/.moldbot/agents`; sessions are
`<agent>/sessions/*.jsonl`, and the project is the agent's dir name. An
agent's `sessions/sessions.json` index, when present, names session files
(`sessionFile`, else `<sessionId>.jsonl` beside it) that are read first;
discovery reads that small index, never a transcript.

Each assistant message with a usage is a call. Its model is the message's,
else the last `model_change` / `model-snapshot` record's, else
`openclaw-auto`. The prompt is the first text of the first user message
since the previous call (500 chars). A call whose time is missing or before
2001 is dropped. The message's own `usage.cost` is not used: the reference
re-prices OpenClaw from tokens (§0.4).
"""
from __future__ import annotations

import os
from typing import Iterator, Mapping

from codeburn.providers import jsonfiles as jf
from codeburn.providers import logfiles
from codeburn.providers.base import Source, Walker
from codeburn.providers.pi import TOOL_RESULT, usage_tokens
from codeburn.providers.records import Call, ReadLog, Session, Tool, ts_ms

PROVIDER = "openclaw"
DISPLAY_NAME = "OpenClaw"
KIND = "openclaw"  # JSONL decoded by the compiled reader (cb_jsonl.h); read() is for what it gives up on
OUTPUT_HAS_REASONING = False
KEEPS_COST = False
TOOL_STEPS = 2  # retries see a call's tool names as one step, as in the reference (no tool sequence)
UNIQUE_SHELL = True  # a command name counts once per call, as the reference counts it
HOMES = (".openclaw", ".clawdbot", ".moltbot", ".moldbot")
SHELL_TOOLS = ("bash", "exec")
PROMPT_CAP = 500
MIN_MS = 1_000_000_000_000
stamp_paths = logfiles.file_and_rules  # a read depends on the tool-name table too (which tools are one)


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    for name in HOMES:
        for agent in walker.subdirs(os.path.join(home, name, "agents")):
            yield from _agent_sources(agent, walker)


def _agent_sources(agent: str, walker: Walker) -> Iterator[Source]:
    sessions = os.path.join(agent, "sessions")
    label = os.path.basename(agent)
    seen: set[str] = set()
    for path in _indexed(sessions):
        if path not in seen:
            seen.add(path)
            yield _source(path, label, sessions)
    files, dirs = walker.entries(sessions)
    for path in sorted(files + dirs):
        if path.endswith(".jsonl") and path not in seen:
            yield _source(path, label, sessions)


def _indexed(sessions: str) -> list[str]:
    """Files named by `sessions.json`; a missing or broken index names none
    (the dir listing still finds the files), nor do entries whose file is gone."""
    index = jf.small_json(os.path.join(sessions, "sessions.json"))
    out = []
    for entry in index.values() if isinstance(index, dict) else ():
        entry = jf.obj(entry)
        path = entry.get("sessionFile")
        if not isinstance(path, str) or not path:
            sid = entry.get("sessionId")
            path = os.path.join(sessions, f"{sid}.jsonl") if isinstance(sid, str) and sid else None
        if path and os.path.lexists(path):
            out.append(path)
    return out


def _source(path: str, label: str, sessions: str) -> Source:
    stem = os.path.basename(path)
    stem = stem[: -len(".jsonl")] if stem.endswith(".jsonl") else stem
    return Source(PROVIDER, path, label, stem, sessions)


def read(source: Source, log: ReadLog) -> list[Session]:
    session_id, session_ts, model, prompt = "", None, "", ""
    pending: list[tuple[Call, str]] = []      # (call, entry id); keys need the final session id
    for n, rec in jf.json_records(source.path, log, skip=TOOL_RESULT):
        kind = rec.get("type")
        if kind == "session":
            session_id = jf.string(rec.get("id")) or source.session_id
            session_ts = rec.get("timestamp")
        elif kind == "model_change":
            model = jf.string(rec.get("modelId")) or model
        elif kind == "custom" and rec.get("customType") == "model-snapshot":
            model = jf.string(jf.obj(rec.get("data")).get("modelId")) or model
        elif kind == "message":
            msg = rec.get("message")
            if not isinstance(msg, dict):
                log.skip("bad_record", f"{source.path}:{n}")
                continue
            if msg.get("role") == "user":
                prompt = prompt or _first_text(msg.get("content"))
            elif msg.get("role") == "assistant" and msg.get("usage"):
                when = rec.get("timestamp")
                call = _call(msg, model, session_ts if when is None else when, source.path, n, log)
                pending.append((call, jf.string(rec.get("id"))))
                if call is not None:
                    call.prompt, prompt = prompt, ""
    session_id = session_id or source.session_id
    calls = []
    for i, (call, entry_id) in enumerate(pending):
        if call is None or call.ts_ms is None:
            continue
        call.key = f"openclaw:{session_id}:{entry_id or i}"
        calls.append((session_id, call))
    return jf.group_sessions(calls, source.project)


def _first_text(content) -> str:
    if not isinstance(content, list):
        return ""
    texts = [t for t in jf.block_texts(content) if t]
    return jf.js_prefix(texts[0], PROMPT_CAP) if texts else ""


def _time(value) -> int | None:
    """Epoch ms of an ISO string or an epoch-ms number; None before 2001."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        ms = int(value) if value == value else None
    else:
        ms = ts_ms(value) if isinstance(value, str) else None
    return ms if ms is not None and ms >= MIN_MS else None


def _call(msg: dict, current_model: str, when, path: str, n: int, log: ReadLog) -> Call | None:
    tokens = usage_tokens(msg, f"{path}:{n}", log)
    if tokens is None:
        return None
    inp, out, cache_read, cache_write = tokens
    model = msg.get("model") if isinstance(msg.get("model"), str) else current_model
    return Call(_time(when), model or "openclaw-auto", input=inp, output=out, cache_write=cache_write,
                cache_read=cache_read, tools=_tools(msg.get("content")))


def _tools(content) -> list[Tool]:
    """Tool calls, each canonical name once (the reference keeps a set of
    mapped names: `exec` and `bash` in one message are one Bash)."""
    tools = []
    for b in jf.blocks(content) if isinstance(content, list) else ():
        name = b.get("name")
        if b.get("type") not in ("tool_use", "toolCall") or not isinstance(name, str) or not name:
            continue
        command = jf.obj(b.get("arguments")).get("command") if name in SHELL_TOOLS else None
        tools.append(Tool(name, command=command if isinstance(command, str) else None))
    return jf.unique_tools(tools, logfiles.tool_names(PROVIDER))


def sniff(path: str, head: bytes) -> bool:
    """A Pi-lineage session (Pi's own, with its `api` fields, are claimed
    by `pi` first: it is registered before this module)."""
    return jf.first_line(head).startswith(b'{"type":"session"')


def source_for(path: str) -> Source:
    """A file given to `codeburn scan`: its agent's name when it sits in
    `<agent>/sessions/`, else its folder's."""
    folder = os.path.dirname(os.path.abspath(path))
    label = os.path.basename(os.path.dirname(folder)) if os.path.basename(folder) == "sessions" else ""
    return _source(path, label or os.path.basename(folder), folder)
