"""Droid, Factory's coding agent (spec providers §1.6).

Where: `$FACTORY_DIR/sessions` (the override names the Factory root), else
`~/.factory/sessions`; files `<folder>/<session>.jsonl` whose first line is
`session_start`, each with a `<session>.settings.json` beside it. Sessions
run in the Factory folder itself (its housekeeping) are skipped. The project
label comes from the session's cwd: the part after the last `projects/`,
else the path below the home folder (`~` for the home folder itself).

What counts: Droid keeps token counts only per session (the settings'
`tokenUsage`, priced at the settings' model with its wrapper stripped). The
reference splits them over the session's assistant messages that show text
or carry tools (a thinking-only message leaves its tools for the next):
each gets the floor of total / N, the last one the remainder. The last user
text of the file goes to the first call only.
"""
from __future__ import annotations

import os
import re
from typing import Iterator, Mapping

from codeburn.jstext import js_trim, js_truthy
from codeburn.providers import jsonfiles as jf
from codeburn.providers import logfiles
from codeburn.providers.base import Source, Walker, jsonl_file
from codeburn.providers.records import Call, ReadLog, Session, Tool, js_date_ms

PROVIDER = "droid"
DISPLAY_NAME = "Droid"
KIND = "records"
OUTPUT_HAS_REASONING = False
KEEPS_COST = False
TOOL_STEPS = 2  # retries see a call's tool names as one step, as in the reference (no tool sequence)
PROMPT_CHARS = 500
SHELL_TOOL = "Execute"
USAGE_FIELDS = ("inputTokens", "outputTokens", "cacheCreationTokens", "cacheReadTokens", "thinkingTokens")


class DroidSource(Source):
    __slots__ = ("factory", "home")

    def __init__(self, *args, factory: str = "", home: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.factory = factory  # the Factory root: a session run there is housekeeping
        self.home = home        # the project label is the cwd below it


def factory_dir(env: Mapping[str, str], home: str) -> str:
    return env.get("FACTORY_DIR") or os.path.join(home, ".factory")


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    base = factory_dir(env, home)
    for folder in walker.subdirs(os.path.join(base, "sessions")):
        for path in logfiles.named_entries(walker, folder, jsonl_file):
            yield source(path, base, home)


def source(path: str, factory: str = "", home: str = "") -> DroidSource:
    stem = os.path.basename(path)[: -len(".jsonl")] if path.endswith(".jsonl") else os.path.basename(path)
    folder = os.path.dirname(path)
    return DroidSource(PROVIDER, path, os.path.basename(folder), stem, "droid:" + folder,
                       factory=factory, home=home or os.path.expanduser("~"))


def source_for(path: str) -> Source:
    return source(path)


def sniff(path: str, head: bytes) -> bool:
    first = head.lstrip(b"\n").split(b"\n", 1)[0]  # (the first line of any length: _first_line_number)
    return logfiles.head_has(first, b'"type":"session_start"') and not logfiles.head_has(first, b'"payload"')


def project_label(cwd: str, home: str) -> str:
    cwd = cwd.rstrip("/")
    rel = (cwd[len(home):] if cwd.startswith(home) else cwd).lstrip("/") or "~"
    parts = rel.split("/")
    if "projects" in parts:
        i = len(parts) - 1 - parts[::-1].index("projects")
        if i + 1 < len(parts):
            return "/".join(parts[i + 1:])
    return rel


def model_name(raw: str) -> str:
    """`custom:GLM-5.1-[Proxy]-0` -> `GLM-5.1`: the wrapper Droid adds."""
    name = re.sub(r"^custom:", "", raw)
    name = re.sub(r"\[.*?\]", "", name)
    name = re.sub(r"-\d+$", "", name)
    name = re.sub(r"-+$", "", name)
    return re.sub(r"^-", "", name)


def stamp_paths(src: Source) -> list[str]:
    """The session log and the settings file its tokens come from."""
    return [src.path, _settings_path(src.path)]


def _settings_path(jsonl_path: str) -> str:
    return jsonl_path[: -len(".jsonl")] + ".settings.json" if jsonl_path.endswith(".jsonl") else jsonl_path


def read(src: Source, log: ReadLog) -> Iterator[Session]:
    text = logfiles.read_text(src.path, log)
    if text is None:
        return
    lines = logfiles.json_lines(text, src.path, log)
    first = next(lines, None)
    if first is None or first[0] != _first_line_number(text) or not _is_start(first[1]):
        return  # not a Droid session (the reference requires session_start first)
    start = first[1]
    cwd = start.get("cwd") if isinstance(start.get("cwd"), str) else os.path.basename(os.path.dirname(src.path))
    factory = getattr(src, "factory", "")
    if factory and cwd.rstrip("/") == factory:
        return
    home = getattr(src, "home", "") or os.path.expanduser("~")
    sid, prompt, slots = _walk(start, lines, src.path, log)
    usage, model = _settings(src.path, log)
    if not slots or usage is None:
        return
    calls = _split(slots, usage, model, sid)
    calls[0].prompt = prompt
    # No cwd on the session: the reference gives Droid calls no project path,
    # so a Droid project is keyed and shown by its label alone.
    yield Session(sid, project_label(cwd, home), calls)


def _first_line_number(text: str) -> int:
    """The number of the line the reference takes as the header: its line
    reader passes over empty lines only, so the first line of any length,
    which must not be blank (a line of spaces or a lone CR there is no
    session); 0 when there is none."""
    for number, line in enumerate(text.split("\n"), 1):
        if line:
            return number if js_trim(line) else 0
    return 0


def _is_start(obj) -> bool:
    return isinstance(obj, dict) and obj.get("type") == "session_start"


class _Slot:
    """An assistant message that gets a share of the session's tokens."""
    __slots__ = ("key", "ts_ms", "tools", "raw_ts")

    def __init__(self, key: str, ts_ms: int | None, tools: list[Tool], raw_ts=None):
        self.key, self.ts_ms, self.tools = key, ts_ms, tools
        self.raw_ts = raw_ts if isinstance(raw_ts, str) else None  # as written (sessions, export)


def _walk(start: dict, lines, path: str, log: ReadLog) -> tuple[str, str, list[_Slot]]:
    """(session id, last user text, call slots) of the remaining lines."""
    sid = _text(start.get("id"))
    prompt, slots, pending = "", [], []
    for number, entry in lines:
        if not isinstance(entry, dict):
            log.skip("bad_record", f"{path}:{number}")
            continue
        if entry.get("type") == "session_start":
            sid = _text(entry.get("id"))
            continue
        msg = entry.get("message")
        if entry.get("type") != "message" or not isinstance(msg, dict):
            continue
        blocks = _blocks(msg.get("content"))
        if msg.get("role") == "user":
            texts = [b["text"] for b in blocks if b.get("type") == "text" and isinstance(b.get("text"), str)
                     and b["text"] and not b["text"].startswith("<system-reminder>")]
            prompt = jf.js_prefix(" ".join(texts), PROMPT_CHARS) if texts else prompt
        elif msg.get("role") == "assistant":
            pending.extend(_tool(b) for b in blocks if b.get("type") == "tool_use")
            if pending or any(b.get("type") == "text" and js_truthy(b.get("text")) for b in blocks):
                key = entry.get("id") if isinstance(entry.get("id"), str) and entry.get("id") else f"msg-{len(slots)}"
                slots.append(_Slot(key, js_date_ms(entry.get("timestamp")), pending, entry.get("timestamp")))
                pending = []
    return sid, prompt, slots


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _blocks(content) -> list[dict]:
    if isinstance(content, list):
        return [b for b in content if isinstance(b, dict)]
    return [{"type": "text", "text": content}] if isinstance(content, str) else []


def _tool(block: dict) -> Tool:
    name = block.get("name") if isinstance(block.get("name"), str) else ""
    args = block.get("input")
    command = args.get("command") if isinstance(args, dict) else None
    if name == SHELL_TOOL and isinstance(command, str) and command.strip():
        # Droid runs multi-line scripts; the reference reads only the first line
        return Tool(name, command=command.split("\n", 1)[0].strip())
    return Tool(name)


def _settings(jsonl_path: str, log: ReadLog) -> tuple[list[int] | None, str]:
    """(session token totals in USAGE_FIELDS order, model) from the
    settings file; (None, _) when it has no tokenUsage."""
    path = _settings_path(jsonl_path)
    if not os.path.lexists(path):
        return None, ""
    text = logfiles.read_text(path, log)
    if text is None:
        return None, ""
    try:
        data = logfiles.parse_json(text)
    except ValueError:
        log.skip("invalid", path)
        return None, ""
    if not isinstance(data, dict):
        log.skip("bad_record", path)
        return None, ""
    raw_model = data.get("model")
    model = model_name(raw_model) if isinstance(raw_model, str) and raw_model else "unknown"
    usage = data.get("tokenUsage")
    if not js_truthy(usage):
        return None, model
    try:
        if not isinstance(usage, dict):
            raise TypeError("tokenUsage is not an object")
        return [logfiles.count(usage.get(k)) or 0 for k in USAGE_FIELDS], model
    except TypeError:
        log.skip("bad_record", path)
        return None, model


def _split(slots: list[_Slot], totals: list[int], model: str, sid: str) -> list[Call]:
    """Each slot gets floor(total / N) of every count; the last the rest."""
    n = len(slots)
    calls = []
    for i, slot in enumerate(slots):
        share = [t - (t // n) * (n - 1) if i == n - 1 else t // n for t in totals]
        calls.append(Call(slot.ts_ms, model, input=share[0], output=share[1], cache_write=share[2],
                          cache_read=share[3], reasoning=share[4], key=f"droid:{sid}:{slot.key}", tools=slot.tools,
                          raw_ts=slot.raw_ts))
    return calls
