"""Cline CLI, npm `cline` 3.x (spec providers §3.2): sessions under
`$CLINE_SESSION_DATA_DIR`, else `$CLINE_DATA_DIR/sessions`, else
`$CLINE_DIR/data/sessions`, else `~/.cline/data/sessions`. A session is
`<id>/<id>.json` (metadata, rolled-up usage) beside `<id>/<id>.messages.json`
(else the file its `messages_path` names).

One call per assistant message carrying `metrics` (Anthropic semantics:
input excludes cache reads/writes). Its `metrics.cost` is kept in reports
(0 is a real, metered value); without one the call is priced from tokens
and flagged estimated (the report's `estimatedCost`), as the reference flags it.
The reference counts each `fetch_web_content` as a web search but prices
none: its cost is the log's or the tokens' alone, so no search is counted.
A session without per-message metrics is one call of `metadata.usage`.
"""
from __future__ import annotations

import json
import os
from typing import Iterator, Mapping

from codeburn.jstext import JS_DATE_MAX_MS, js_trim
from codeburn.providers import labels
from codeburn.providers.base import Source, Walker, stamped_paths
from codeburn.providers.records import Call, ReadLog, Session, Tool, ts_ms
from codeburn.read.regular import open_regular

PROVIDER = "cline-cli"
DISPLAY_NAME = "Cline CLI"
KIND = "records"
OUTPUT_HAS_REASONING = False
KEEPS_COST = True
TOOL_STEPS = 1  # retries see an assistant message's tools as one step, files and commands kept
SHELL, SKILL, AGENT = "run_commands", "skills", ("spawn_agent", "team_spawn_teammate", "team_run_task")


def sessions_dir(env: Mapping[str, str], home: str) -> str:
    if (env.get("CLINE_SESSION_DATA_DIR") or "").strip():
        return env["CLINE_SESSION_DATA_DIR"].strip()
    if (env.get("CLINE_DATA_DIR") or "").strip():
        return os.path.join(env["CLINE_DATA_DIR"].strip(), "sessions")
    root = (env.get("CLINE_DIR") or "").strip() or os.path.join(home, ".cline")
    return os.path.join(root, "data", "sessions")


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    for d in walker.subdirs(sessions_dir(env, home)):
        sid = os.path.basename(d)
        meta = os.path.join(d, sid + ".json")
        if os.path.isfile(meta):
            yield Source(PROVIDER, meta, DISPLAY_NAME, sid, f"{PROVIDER}:{d}")


def stamp_paths(source: Source) -> list[str]:
    """The session folder's files (metadata and messages) key the records
    cache, and the file the metadata's `messages_path` names when the read
    would take it (no messages file beside it): its growth changes the
    session as much (0.9.20 keeps the old calls there)."""
    paths = stamped_paths(os.path.dirname(source.path))
    if not os.path.lexists(source.path[:-5] + ".messages.json"):
        outside = _messages_path(_load(source.path))
        if outside and os.path.lexists(outside):  # (one appearing later changes the list)
            paths.append(outside)
    return paths


def _messages_path(meta) -> str | None:
    """The messages file a session's metadata names, as the read opens it."""
    return meta["messages_path"].strip() if isinstance(meta, dict) and _str(meta.get("messages_path")) else None


def sniff(path: str, head: bytes) -> bool:
    return path.endswith(".json") and not path.endswith(".messages.json") and b'"session_id"' in head \
        and b'"messages_path"' in head


def _load(path: str):
    try:
        with open_regular(path) as f:
            return labels.strict_json(f.read())
    except (OSError, ValueError, RecursionError):
        return None


def _str(value) -> str | None:
    return js_trim(value) if isinstance(value, str) and js_trim(value) else None


def _cost(value) -> float | None:
    n = labels.number(value)
    return n if n is not None and n >= 0 else None


def metrics(value) -> tuple[int, int, int, int, float | None] | None:
    """(input, output, cache read, cache write, reported cost), or None when empty."""
    if not isinstance(value, dict):
        return None
    m = (labels.count(value.get("inputTokens")), labels.count(value.get("outputTokens")),
         labels.count(value.get("cacheReadTokens")), labels.count(value.get("cacheWriteTokens")))
    cost = _cost(value.get("cost"))
    return (*m, cost) if any(m) or (cost or 0) > 0 else None


def stamp(value, fallback: int | None) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        ms = value * 1000 if value < 1e12 else value
        if 1e12 <= ms < JS_DATE_MAX_MS:
            return int(ms)
    if _str(value):
        return ts_ms(value.strip()) or fallback
    return fallback


def read(source: Source, log: ReadLog) -> Iterator[Session]:
    meta = _load(source.path)
    if not isinstance(meta, dict):
        log.skip("invalid", source.path)
        return
    sid = _str(meta.get("session_id")) or os.path.basename(source.path)[:-5]
    workspace = _str(meta.get("workspace_root")) or _str(meta.get("cwd"))
    # (a workspace of no segment, `/`, is named like none: as the reference names it)
    project = labels.basename(workspace) if workspace and workspace.strip("/\\") else DISPLAY_NAME
    started = stamp(meta.get("started_at"), None)
    doc = _load(source.path[:-5] + ".messages.json")
    outside = _messages_path(meta)
    if not isinstance(doc, dict) and outside:
        doc = _load(outside)
    messages = doc.get("messages") if isinstance(doc, dict) and isinstance(doc.get("messages"), list) else []
    prompt = first_user_text(messages)
    calls, had_metrics = [], False
    for index, msg in enumerate(messages):
        if not isinstance(msg, dict) or msg.get("role") != "assistant" or not (m := metrics(msg.get("metrics"))):
            continue
        had_metrics = True
        info = msg.get("modelInfo") if isinstance(msg.get("modelInfo"), dict) else {}
        mid = _str(msg.get("id")) or str(index)
        tools = tools_of(msg.get("content"))
        calls.append(Call(ts_ms=stamp(msg.get("ts"), started), model=_str(info.get("id")) or _model(meta),
                          input=m[0], output=m[1], cache_read=m[2], cache_write=m[3], cost=m[4],
                          estimated=m[4] is None, key=f"{PROVIDER}:{sid}:{mid}",
                          turn=f"{sid}:{mid}", prompt=prompt, tools=tools))
    if not had_metrics:
        calls.extend(_rollup(meta, sid, started, prompt))
    if calls:
        yield Session(sid, project, calls, cwd=workspace)


def _model(meta: dict) -> str:
    return _str(meta.get("model")) or "unknown"


def _rollup(meta: dict, sid: str, started, prompt) -> list[Call]:
    metadata = meta.get("metadata") if isinstance(meta.get("metadata"), dict) else {}
    usage = metadata.get("usage") if isinstance(metadata.get("usage"), dict) else None
    m = metrics(usage)
    if not m:
        return []
    raw_cost = usage.get("totalCost")
    cost = _cost(raw_cost if raw_cost is not None else metadata.get("totalCost"))
    return [Call(ts_ms=stamp(meta.get("ended_at"), started), model=_model(meta), input=m[0], output=m[1],
                 cache_read=m[2], cache_write=m[3], cost=cost, estimated=cost is None, key=f"{PROVIDER}:{sid}:rollup",
                 turn=f"{sid}:rollup", prompt=prompt)]


def first_user_text(messages: list) -> str:
    for msg in messages:
        if not isinstance(msg, dict) or msg.get("role") != "user":
            continue
        content = msg.get("content")
        if isinstance(content, str) and content:
            return content
        for block in content if isinstance(content, list) else ():
            if isinstance(block, dict) and block.get("type") == "text" and _str(block.get("text")):
                return js_trim(block["text"])
    return ""


def _first(inp, keys) -> str | None:
    if not isinstance(inp, dict):
        return None
    return next((v for k in keys if (v := _str(inp.get(k)))), None)


def commands(inp) -> list[str]:
    """`run_commands` carries a JSON-encoded array of command lines (or an
    array, or one command)."""
    if not isinstance(inp, dict):
        return []
    raw = inp.get("commands") if inp.get("commands") is not None else inp.get("command")
    if isinstance(raw, list):
        return [c for c in raw if isinstance(c, str)]
    text = _str(raw)
    if not text:
        return []
    if text.startswith("["):
        try:
            parsed = json.loads(text)
            if isinstance(parsed, list):
                return [c for c in parsed if isinstance(c, str)]
        except (ValueError, RecursionError):
            pass
    return [text]


def tools_of(content) -> list[Tool]:
    tools = []
    for block in content if isinstance(content, list) else ():
        if not isinstance(block, dict) or block.get("type") != "tool_use" or not _str(block.get("name")):
            continue
        name, inp = block["name"].strip(), block.get("input")
        tool = Tool(name, file=_first(inp, ("path", "file_path", "paths", "file")))
        if name == SHELL:
            tool.command = "; ".join(commands(inp)) or None
        elif name == SKILL:
            tool.skill = _first(inp, ("name", "skill", "skill_name"))
        elif name in AGENT:
            tool.subagent = _first(inp, ("agent", "agent_type", "type", "name"))
        tools.append(tool)
    return tools
