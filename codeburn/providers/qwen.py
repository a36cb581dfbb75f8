"""Qwen Code (spec providers §1.5), a Gemini CLI fork whose records carry the
Gemini API's `usageMetadata`.

Where: `$QWEN_DATA_DIR` (the projects folder itself), else
`~/.qwen/projects`; files `<project>/chats/*.jsonl`. The project label is
the last `-`-separated part of the folder name (`-home-dev-my-app` -> `app`,
as the reference shows it).

What counts: one call per `assistant` record with `usageMetadata` whose
prompt or candidate count is non-zero. Unlike Gemini, `promptTokenCount` is
taken as the input as it is (not reduced by the cached count the reference
also prices as cache reads); thoughts are reasoning, priced as output. The
last user text waits for the next call. Every call is its own turn.

Gemini's reader is not shared: beyond the field paths the two differ in
container (header + messages vs self-contained records), cache semantics,
turns, skip rules and timestamps; what they share lives in `logfiles`.
"""
from __future__ import annotations

import os
from typing import Iterator, Mapping

from codeburn.jstext import js_truthy
from codeburn.providers import jsonfiles as jf
from codeburn.providers import logfiles
from codeburn.providers.base import Source, Walker, jsonl_file
from codeburn.providers.records import Call, ReadLog, Session, ts_ms

PROVIDER = "qwen"
DISPLAY_NAME = "Qwen"
KIND = "qwen"  # JSONL decoded by the compiled reader (cb_jsonl.h); read() is for what it gives up on
OUTPUT_HAS_REASONING = False
KEEPS_COST = False
TOOL_STEPS = 2  # retries see a call's tool names as one step, as in the reference (no tool sequence)
UNIQUE_SHELL = True  # a command name counts once per call, as the reference counts it
CARRY_PROMPT = True  # a dropped copy of a call leaves the pending prompt to the next call, as in the reference
PROMPT_CHARS = 500
DEFAULT_MODEL = "qwen-auto"
SKIPPED_TYPES = frozenset({"tool_result"})  # tool outputs: most of the bytes, no report needs them


def projects_dir(env: Mapping[str, str], home: str) -> str:
    return env.get("QWEN_DATA_DIR") or os.path.join(home, ".qwen", "projects")


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    for project_dir in walker.subdirs(projects_dir(env, home)):
        for path in logfiles.named_entries(walker, os.path.join(project_dir, "chats"), jsonl_file):
            yield source(path, project_label(os.path.basename(project_dir)))


def source(path: str, project: str) -> Source:
    stem = os.path.basename(path)[: -len(".jsonl")] if path.endswith(".jsonl") else os.path.basename(path)
    return Source(PROVIDER, path, project, stem, "qwen:" + os.path.dirname(os.path.dirname(path)))


def project_label(dir_name: str) -> str:
    parts = (dir_name[1:] if dir_name.startswith("-") else dir_name).split("-")
    return parts[-1] or dir_name


def source_for(path: str) -> Source:
    """A file given to `codeburn scan`: labelled from the folder above chats/."""
    return source(path, project_label(os.path.basename(logfiles.project_folder(path))))


def sniff(path: str, head: bytes) -> bool:
    return (logfiles.head_has(head, b'"sessionId"', b'"uuid"') and not logfiles.head_has(head, b'"isSidechain"')
            and (logfiles.head_has(head, b'"usageMetadata"') or logfiles.head_has(head, b'"parts":[')))


stamp_paths = logfiles.file_and_rules  # a read depends on the tool-name table too (which tools are one)


def read(src: Source, log: ReadLog) -> Iterator[Session]:
    text = logfiles.read_text(src.path, log)
    if text is None:
        return
    names = logfiles.tool_names(PROVIDER)
    sessions: dict[str, Session] = {}
    prompt = ""
    for number, entry in logfiles.json_lines(text, src.path, log, SKIPPED_TYPES):
        try:
            if not isinstance(entry, dict):
                raise TypeError("not an object")
            prompt, call = _record(entry, prompt, names)
        except (TypeError, AttributeError):
            log.skip("bad_record", f"{src.path}:{number}")
            continue
        if call is None:
            continue
        sid = entry.get("sessionId")
        sid = sid if isinstance(sid, str) and sid else src.session_id
        call.key = f"qwen:{sid}:{entry.get('uuid')}"
        sessions.setdefault(sid, Session(sid, src.project, [])).calls.append(call)
    yield from sessions.values()


def _record(entry: dict, prompt: str, names: dict[str, str]) -> tuple[str, Call | None]:
    """(the pending prompt after this record, its call or None)."""
    message = entry.get("message")
    kind = entry.get("type")
    if kind == "user" and js_truthy(message):
        texts = [p["text"] for p in _parts(message) if js_truthy(p.get("text")) and not p.get("thought")]
        return (jf.js_prefix(" ".join(map(str, texts)), PROMPT_CHARS) if texts else prompt), None
    usage = entry.get("usageMetadata")
    if kind != "assistant" or not js_truthy(usage):
        return prompt, None
    if not isinstance(usage, dict):
        raise TypeError("usageMetadata is not an object")
    prompt_tokens, candidates, thoughts, cached = (
        logfiles.count(usage.get(k)) for k in
        ("promptTokenCount", "candidatesTokenCount", "thoughtsTokenCount", "cachedContentTokenCount"))
    if not prompt_tokens and not candidates:
        return prompt, None
    model = entry.get("model")
    call = Call(ts_ms(entry.get("timestamp")), model if isinstance(model, str) and model else DEFAULT_MODEL,
                input=prompt_tokens or 0, output=candidates or 0, cache_read=cached or 0, reasoning=thoughts or 0,
                prompt=prompt, tools=_tools(message, names), raw_ts=entry.get("timestamp"))
    return "", call


def _parts(message) -> list[dict]:
    if not isinstance(message, dict):
        return []
    parts = message.get("parts")
    if parts is None:
        return []
    if not isinstance(parts, list):
        raise TypeError("message.parts is not a list")
    return [p for p in parts if isinstance(p, dict)]


def _tools(message, names: dict[str, str]) -> list:
    uses = []
    for part in _parts(message):
        fc = part.get("functionCall")
        name = fc.get("name") if isinstance(fc, dict) else None
        if isinstance(name, str) and name:
            args = fc.get("args")
            uses.append((name, args.get("command") if isinstance(args, dict) else None))
    return logfiles.unique_tools(uses, names)
