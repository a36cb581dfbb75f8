"""Gemini CLI (spec providers §1.3).

Where: `~/.gemini/tmp/<project>/chats/session-*.json` (one JSON object, CLI
<= 0.38) and `session-*.jsonl` (a header line, message lines and `$set`
patches, CLI >= 0.39). The project label is the `<project>` folder name.

What counts: one call per `gemini` message with a model and token counts
(not all zero). `tokens.input` includes the cached tokens, so the uncached
input is input - cached; `tokens.thoughts` is reasoning, priced as output.
Each user message opens a turn. Tools are `toolCalls[]`: the display name
when the tool-name table maps it, else the name when mapped, else the
display name as it is; tools and shell commands count once per call.
"""
from __future__ import annotations

import os
from typing import Iterator, Mapping

from codeburn.jstext import js_truthy
from codeburn.providers import jsonfiles as jf
from codeburn.providers import logfiles
from codeburn.providers.base import Source, Walker
from codeburn.providers.records import Call, ReadLog, Session, Tool, js_date_ms

PROVIDER = "gemini"
DISPLAY_NAME = "Gemini"
KIND = "gemini"  # JSONL decoded by the compiled reader (cb_jsonl.h); read() is for what it gives up on
OUTPUT_HAS_REASONING = False
KEEPS_COST = False
TOOL_STEPS = 2  # retries see a call's tool names as one step, as in the reference (no tool sequence)
UNIQUE_SHELL = True  # a command name counts once per call, as the reference counts it
MIN_TS_MS = 1_000_000_000_000  # the reference drops calls stamped before 2001-09-09
PROMPT_CHARS = 500


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    for project_dir in walker.subdirs(os.path.join(home, ".gemini", "tmp")):
        for path in logfiles.named_entries(walker, os.path.join(project_dir, "chats"), _session_file):
            yield source(path, os.path.basename(project_dir))


def _session_file(path: str) -> bool:
    name = os.path.basename(path)
    return name.startswith("session-") and name.endswith((".json", ".jsonl"))


def source(path: str, project: str) -> Source:
    stem = os.path.splitext(os.path.basename(path))[0]
    return Source(PROVIDER, path, project, stem, "gemini:" + os.path.dirname(os.path.dirname(path)))


def source_for(path: str) -> Source:
    """A file given to `codeburn scan`: its project is the folder above chats/."""
    return source(path, os.path.basename(logfiles.project_folder(path)))


def sniff(path: str, head: bytes) -> bool:
    return logfiles.head_has(head, b'"sessionId"', b'"startTime"') and (
        logfiles.head_has(head, b'"projectHash"') or logfiles.head_has(head, b'"type":"gemini"'))


stamp_paths = logfiles.file_and_rules  # a read depends on the tool-name table too (which tools are one)


def read(src: Source, log: ReadLog) -> Iterator[Session]:
    text = logfiles.read_text(src.path, log)
    if text is None:
        return
    session = _whole_json(text, src.path) or _jsonl(text, src.path, log)
    if session is None:
        return
    header, messages = session
    sid = header["sessionId"]
    if not isinstance(sid, str):
        log.skip("bad_record", src.path)
        return
    calls = list(_calls(sid, header.get("startTime"), messages, log))
    if calls:
        yield Session(sid, src.project, calls)


def _whole_json(text: str, path: str):
    """(header, [(where, message)]) of a single-JSON session, else None."""
    try:
        data = logfiles.parse_json(text)
    except ValueError:
        return None
    if isinstance(data, dict) and js_truthy(data.get("messages")) and js_truthy(data.get("sessionId")):
        messages = data["messages"]
        if isinstance(messages, list):
            return data, [(f"{path}: messages[{i}]", m) for i, m in enumerate(messages)]
    return None


def _jsonl(text: str, path: str, log: ReadLog):
    """(header, messages) of a JSONL session: the first line with sessionId
    and startTime is the header, lines with id and type are messages, `$set`
    patches are skipped. A file with no header (a single JSON file cut
    mid-write reads as such) is one invalid record."""
    pending = ReadLog()
    header, messages = None, []
    for number, obj in logfiles.json_lines(text, path, pending):
        if not isinstance(obj, dict):
            pending.skip("bad_record", f"{path}:{number}")
        elif "$set" in obj:
            continue
        elif header is None and js_truthy(obj.get("sessionId")) and js_truthy(obj.get("startTime")):
            header = obj
        elif js_truthy(obj.get("id")) and js_truthy(obj.get("type")):
            messages.append((f"{path}:{number}", obj))
    if header is None:
        if text.strip():
            log.skip("invalid", path)
        return None
    for kind, (n, where) in pending.counts.items():
        log.skip(kind, where, n)
    return header, messages


def _calls(sid, start_time, messages, log: ReadLog) -> Iterator[Call]:
    names = logfiles.tool_names(PROVIDER)
    prompt, turn_no, turn, ordinal = "", 0, f"{sid}:prelude", 0
    for where, msg in messages:
        if not isinstance(msg, dict):
            log.skip("bad_record", where)
            continue
        kind = msg.get("type")
        if kind == "user":
            prompt = _user_text(msg.get("content"), prompt)
            turn, turn_no = f"{sid}:turn-{turn_no}", turn_no + 1
            continue
        if kind != "gemini" or not js_truthy(msg.get("tokens")) or not js_truthy(msg.get("model")):
            continue
        try:
            call = _call(msg, names)
        except (TypeError, AttributeError):
            log.skip("bad_record", where)
            continue
        if call is None:
            continue
        call.key = f"gemini:{sid}:{msg.get('id') or f'idx-{ordinal}'}"
        ordinal += 1
        ms = js_date_ms(msg.get("timestamp") or start_time)
        if ms is None or ms < MIN_TS_MS:
            continue
        call.ts_ms, call.turn, call.prompt = ms, turn, prompt
        yield call


def _user_text(content, previous: str) -> str:
    if isinstance(content, list):
        return jf.js_prefix(" ".join(logfiles.text_of(c.get("text")) if isinstance(c, dict) else "" for c in content), PROMPT_CHARS)
    if isinstance(content, str):
        return jf.js_prefix(content, PROMPT_CHARS)
    return previous


def _call(msg: dict, names: dict[str, str]) -> Call | None:
    tokens, model = msg["tokens"], msg["model"]
    if not isinstance(tokens, dict) or not isinstance(model, str):
        raise TypeError("tokens or model of the wrong type")
    total_in, out, cached, thoughts = (logfiles.count(tokens.get(k)) or 0
                                       for k in ("input", "output", "cached", "thoughts"))
    if not (total_in or out or cached or thoughts):
        return None
    return Call(None, model, input=max(0, total_in - cached), output=out, cache_read=cached, reasoning=thoughts,
                tools=_tools(msg.get("toolCalls"), names))


def _tools(tool_calls, names: dict[str, str]) -> list[Tool]:
    if not isinstance(tool_calls, list):
        return []
    uses = []
    for tc in tool_calls:
        if not isinstance(tc, dict):
            continue
        shown, name = tc.get("displayName"), tc.get("name")
        native = next((n for n in (shown, name) if isinstance(n, str) and n in names), None)
        if native is None:
            native = shown if shown is not None else name
        if isinstance(native, str):
            args = tc.get("args")
            uses.append((native, args.get("command") if isinstance(args, dict) else None))
    return logfiles.unique_tools(uses, names)
