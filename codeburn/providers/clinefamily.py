"""The task folders the Cline-lineage VS Code extensions write (Cline, Roo
Code, KiloCode, IBM Bob; spec providers §3.1). One decoder, driven by a
`Family` per extension; the provider modules are thin.

A task is `<root>/tasks/<taskId>/` holding `ui_messages.json` (the chat as
the extension shows it) and `api_conversation_history.json` (what was sent
to the model). Every `say: "api_req_started"` entry of ui_messages is one
API request; its `text` is a JSON string with that request's own counts
(`tokensIn`, `tokensOut`, `cacheReads`, `cacheWrites`: Anthropic semantics,
not running totals). The model (`<model>` tag) and workspace
(`Current Workspace Directory (…)`, or current Cline's `Current Working
Directory (…)`) come from the first user messages of the history.

Beyond the reference, which only counts tokens: the tool requests the
extension logged after an API request (`ask`/`say` of kind `tool`,
`command`, `use_mcp_server`, `browser_action_launch`) are attached to that
request's call, and each user message (the task, the first `say: "text"`;
then every `user_feedback`; later `text` entries are the model's) opens a turn that groups the calls it triggered, so the
classifier sees the prompt and tools of every turn. Token totals, calls
and dedup keys are the reference's.
"""
from __future__ import annotations

import json
import os
from typing import Callable, Iterator, Mapping

from codeburn.jstext import JS_DATE_MAX_MS
from codeburn.lazyre import lazy
from codeburn.plainclass import dataclass, field
from codeburn.providers import jsonfiles as jf
from codeburn.providers import labels
from codeburn.providers.base import Source, Walker
from codeburn.providers.records import Call, ReadLog, Session, Tool
from codeburn.read.regular import open_regular

VARIANTS = ("Code", "Code - Insiders", "VSCodium")
MODEL_TAG = lazy(r"<model>([^<]+)</model>")
# The heading reads "(<path>) Files": a path may hold parentheses itself
# ("my app (copy)"), so it runs to the ") Files" that closes the heading;
# a heading without it runs to its first ")".
WORKSPACE = lazy(r"Current (?:Workspace|Working) Directory \((?:([^\n]+?)\) Files|([^)\n]+)\))")
PROMPT_CAP = 500


@dataclass(frozen=True)
class Family:
    provider: str
    display: str
    fallback_model: str
    roots: Callable[[Mapping[str, str], str], list[str]]   # (env, home) -> task roots
    newest_copy_wins: bool = False   # Cline: a task id in two roots is read once, from its newest copy; newest tasks first
    extra: dict = field(default_factory=dict)


def calls_are_turns_there(source: Source) -> bool:
    """0.9.20 makes each request of a task folder a turn of its own (its
    calls carry no turn id), where we group a task's requests under the user
    message that triggered them: what files calls by their turn's time
    (export's daily table) files these by their own."""
    return not source.path.endswith(".db")


def vscode_storage(home: str, extension: str, platform: str | None = None) -> list[str]:
    """The extension's globalStorage in every VS Code variant."""
    base = _app_support(home, platform)
    return [os.path.join(base, v, "User", "globalStorage", extension) for v in VARIANTS]


def _app_support(home: str, platform: str | None = None) -> str:
    import sys

    if (platform or sys.platform) == "darwin":
        return os.path.join(home, "Library", "Application Support")
    return os.path.join(home, ".config")


def discover(family: Family, env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    """One source per task folder holding a ui_messages.json."""
    found: list[tuple[str, str]] = []     # (task id, task dir)
    seen_dirs: set[str] = set()
    for root in family.roots(env, home):
        for task_dir in walker.subdirs(os.path.join(root, "tasks")):
            if task_dir in seen_dirs or not walker.is_file(os.path.join(task_dir, "ui_messages.json")):
                continue
            seen_dirs.add(task_dir)
            found.append((os.path.basename(task_dir), task_dir))
    if family.newest_copy_wins:
        found = _newest_per_task(found)
    for task_id, task_dir in found:
        yield Source(family.provider, task_dir, family.display, task_id, f"{family.provider}:{os.path.dirname(task_dir)}")


def _newest_per_task(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each task id once, from its newest copy; the tasks newest first (by
    their ui_messages.json's mtime in ms, as 0.9.20 lists Cline's tasks and
    so reads them; equal times as found)."""
    keep: dict[str, str] = {}
    for task_id, task_dir in sorted(found, key=lambda t: -task_mtime(t[1])):
        keep.setdefault(task_id, task_dir)
    return list(keep.items())


def task_mtime(task_dir: str) -> float:
    """A task folder's ui_messages.json's mtime in ms (0: none), by which
    the newest copy of a task wins."""
    try:
        return os.stat(os.path.join(task_dir, "ui_messages.json")).st_mtime_ns / 1e6
    except OSError:
        return 0.0


def read(family: Family, source: Source, log: ReadLog) -> Iterator[Session]:
    task_dir = source.path
    ui_path = os.path.join(task_dir, "ui_messages.json")
    entries = labels.load_json(ui_path, log)
    if entries is None:
        return
    if not isinstance(entries, list):
        log.skip("bad_record", ui_path)
        return
    model, workspace = history_meta(os.path.join(task_dir, "api_conversation_history.json"), family.fallback_model)
    task_id = os.path.basename(os.path.normpath(task_dir))
    calls = list(task_calls(family.provider, task_id, entries, model, ui_path, log))
    if calls:
        # (Node's POSIX basename, as 0.9.20: a `c:\\…\\proj` workspace is named whole)
        project = (labels.posix_basename(workspace) or workspace) if workspace else source.project or family.display
        yield Session(task_id, project, calls, cwd=workspace)


def history_meta(path: str, fallback_model: str) -> tuple[str, str | None]:
    """(model, workspace) from the first user messages that name them. A
    tag ending in `/` names the model "" (0.9.20 looks on for a later tag
    then, and keeps "" if none comes: priced at $0)."""
    try:
        with open_regular(path) as f:
            msgs = labels.strict_json(f.read())
    except (OSError, ValueError, RecursionError):
        return fallback_model, None
    model = workspace = None
    if isinstance(msgs, list):
        for text in _user_texts(msgs):
            if not model and (m := MODEL_TAG.search(text)):
                model = m.group(1).rsplit("/", 1)[-1]
            if workspace is None and (w := WORKSPACE.search(text)):
                workspace = w.group(1) or w.group(2)
            if model and workspace:
                break
    return (fallback_model if model is None else model), workspace


def _user_texts(msgs: list) -> Iterator[str]:
    for msg in msgs:
        if not isinstance(msg, dict) or msg.get("role") != "user" or not isinstance(msg.get("content"), list):
            continue
        for block in msg["content"]:
            if isinstance(block, dict) and isinstance(block.get("text"), str):
                yield block["text"]


def task_calls(provider: str, task_id: str, entries: list, model: str, where: str, log: ReadLog) -> Iterator[Call]:
    """One call per api_req_started entry with tokens, in order; the tools
    logged before the next request belong to it."""
    index = -1          # position among api_req_started entries (the dedup key's k)
    turn = 0            # user messages seen: turn n is opened by the n-th
    prompt = ""
    call: Call | None = None
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        kind = entry.get("say") if entry.get("type") == "say" else entry.get("ask") if entry.get("type") == "ask" else None
        if entry.get("type") == "say" and (kind == "user_feedback" or (kind == "text" and turn == 0)):
            if call is not None:
                yield call
                call = None
            turn += 1
            prompt = jf.js_prefix(_text(entry), PROMPT_CAP)
            continue
        if entry.get("type") == "say" and kind == "api_req_started":
            if call is not None:
                yield call
            index += 1
            call = _request(provider, task_id, index, entry, model, turn, prompt, where, log)
            continue
        if call is not None:
            tool = tool_of(kind, entry)
            if tool is not None:
                call.tools.append(tool)
    if call is not None:
        yield call


def _request(provider, task_id, index, entry, model, turn, prompt, where, log) -> Call | None:
    usage = {}
    text = entry.get("text")
    if isinstance(text, str) and text:
        try:
            usage = json.loads(text)
        except (ValueError, RecursionError):
            log.skip("bad_record", f"{where}#{index}")
        if not isinstance(usage, dict):
            usage = {}
    tokens_in, tokens_out = labels.count(usage.get("tokensIn")), labels.count(usage.get("tokensOut"))
    if tokens_in == 0 and tokens_out == 0:
        return None
    return Call(ts_ms=_ts(entry.get("ts")), model=model, input=tokens_in, output=tokens_out,
                cache_write=labels.count(usage.get("cacheWrites")), cache_read=labels.count(usage.get("cacheReads")),
                cost=labels.number(usage.get("cost")), key=f"{provider}:{task_id}:{index}",
                turn=f"{task_id}:{turn}", prompt=prompt)


def _ts(value) -> int | None:
    """`ts` is epoch milliseconds (a number; an ISO string is accepted too)."""
    from codeburn.providers.records import ts_ms

    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if 0 < value < JS_DATE_MAX_MS else None
    return ts_ms(value) if isinstance(value, str) else None


def _text(entry: dict) -> str:
    text = entry.get("text")
    return text if isinstance(text, str) else ""


def tool_of(kind, entry: dict) -> Tool | None:
    """The tool a ui_messages entry asks for or reports, under the
    extension's own name (rules/providers.toml maps it)."""
    if kind == "command":
        return Tool("execute_command", command=_text(entry))
    if kind == "browser_action_launch":
        return Tool("browser_action")
    if kind not in ("tool", "use_mcp_server"):
        return None
    try:
        detail = json.loads(_text(entry))
    except (ValueError, RecursionError):
        return None
    if not isinstance(detail, dict):
        return None
    if kind == "use_mcp_server":
        server, name = detail.get("serverName"), detail.get("toolName")
        if isinstance(server, str) and server and isinstance(name, str) and name:
            return Tool(f"mcp__{server}__{name}")
        return Tool("use_mcp_tool")
    name = detail.get("tool")
    if not isinstance(name, str) or not name:
        return None
    path = detail.get("path")
    return Tool(name, file=path if isinstance(path, str) and path else None)


EXTENSIONS = {"rooveterinaryinc.roo-cline": "roo-code", "kilocode.kilo-code": "kilo-code", "ibm.bob-code": "ibm-bob"}


def sniff(path: str, head: bytes) -> bool:
    """A task's ui_messages.json."""
    return os.path.basename(path) == "ui_messages.json" and head.lstrip()[:1] == b"["


def source_for(path: str) -> Source:
    """The task folder of a ui_messages.json given to `codeburn scan`; the
    extension whose globalStorage holds it names the provider (Cline otherwise)."""
    task_dir = os.path.dirname(os.path.abspath(path))
    parts = task_dir.split(os.sep)
    provider = next((p for ext, p in EXTENSIONS.items() if ext in parts), "cline")
    display = {"roo-code": "Roo Code", "kilo-code": "KiloCode", "ibm-bob": "IBM Bob"}.get(provider, "Cline")
    return Source(provider, task_dir, display, os.path.basename(task_dir), f"{provider}:{os.path.dirname(task_dir)}")
