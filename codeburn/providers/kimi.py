"""The legacy Kimi CLI's wire logs (`~/.kimi`, or `$KIMI_SHARE_DIR`): spec
providers §1.9. Its successor, Kimi Code, is `providers/kimicode.py`.

Sessions are `sessions/<workdir hash>/<session>/wire.jsonl` and each
subagent's `…/subagents/<agent>/wire.jsonl`; the session id is the dir that
holds the wire file. The project is the work dir whose md5 names the hash
dir (from `kimi.json`'s `work_dirs`), else the hash itself.

Each `StatusUpdate` with a non-zero token usage is a call (per step, not
cumulative). The model is not in the log: the update's own `model`, else
`$KIMI_MODEL_NAME`, else `config.toml`'s `default_model` (resolved through
its `[models."<key>"]` table), else `kimi-auto`. Tools called since the
previous call belong to the call; `TurnEnd` forgets them and the prompt.
"""
from __future__ import annotations

import os
from typing import Iterator, Mapping

from codeburn.plainclass import dataclass
from codeburn.providers import jsonfiles as jf
from codeburn.providers import logfiles
from codeburn.providers.base import Source, Walker
from codeburn.providers.records import Call, ReadLog, Session, Tool, ts_ms
from codeburn.read.regular import open_regular

PROVIDER = "kimi"
DISPLAY_NAME = "Kimi"
KIND = "kimi"  # wire logs decoded by the compiled reader (cb_jsonl.h); read() is for what it gives up on
OUTPUT_HAS_REASONING = False
KEEPS_COST = False
TOOL_STEPS = 2  # retries see a call's tool names as one step, as in the reference (no tool sequence)
UNIQUE_SHELL = True  # a command name counts once per call, as the reference counts it
DEFAULT_MODEL = "kimi-auto"
SHELL_TOOLS = ("Shell", "Bash", "bash")
PROMPT_CAP = 500
TYPED = ("TurnBegin", "SteerInput", "TurnEnd", "ToolCall", "ToolCallRequest", "StatusUpdate")


@dataclass(slots=True)
class WireSource(Source):
    model: str = DEFAULT_MODEL     # the configured model, resolved at discovery
    root: str = ""                 # the share dir (its kimi.json and config.toml)


def share_dir(env: Mapping[str, str], home: str) -> str:
    return env.get("KIMI_SHARE_DIR") or os.path.join(home, ".kimi")


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    root = share_dir(env, home)
    sessions = os.path.join(root, "sessions")
    if not os.path.isdir(sessions):
        return
    projects, model = _projects(root), configured_model(env, root)
    for workdir in walker.subdirs(sessions):
        project = projects.get(os.path.basename(workdir), os.path.basename(workdir))
        for session in walker.subdirs(workdir):
            for wire in [os.path.join(session, "wire.jsonl"),
                         *(os.path.join(a, "wire.jsonl") for a in walker.subdirs(os.path.join(session, "subagents")))]:
                if os.path.lexists(wire):
                    sid = os.path.basename(os.path.dirname(wire))
                    yield WireSource(PROVIDER, wire, project, sid, workdir, model=model, root=root)


def _projects(root: str) -> dict[str, str]:
    """Hash dir name -> project label, from `kimi.json`'s work dirs."""
    import hashlib

    from codeburn.jstext import js_utf8

    work_dirs = jf.obj(jf.small_json(os.path.join(root, "kimi.json"))).get("work_dirs")
    out: dict[str, str] = {}
    for entry in work_dirs if isinstance(work_dirs, list) else ():
        path = jf.obj(entry).get("path")
        if not isinstance(path, str) or not path:
            continue
        digest = hashlib.md5(js_utf8(path)).hexdigest()
        label = os.path.basename(path.rstrip("/")) or path.rstrip("/") or "kimi"
        out[digest] = label
        kaos = jf.obj(entry).get("kaos")
        if isinstance(kaos, str) and kaos and kaos != "local":
            out[f"{kaos}_{digest}"] = label
    return out


def configured_model(env: Mapping[str, str], root: str) -> str:
    name = (env.get("KIMI_MODEL_NAME") or "").strip()
    if name:
        return name
    import tomllib

    try:
        with open_regular(os.path.join(root, "config.toml")) as f:
            config = tomllib.load(f)
    except (OSError, ValueError):
        return DEFAULT_MODEL
    key = config.get("default_model")
    if not isinstance(key, str) or not key:
        return DEFAULT_MODEL
    model = jf.obj(jf.obj(config.get("models")).get(key)).get("model")
    return model if isinstance(model, str) and model else key


def stamp_paths(source: Source) -> list[str]:
    """The wire log, the files its project and model come from (`$KIMI_MODEL_NAME`
    is not seen: a change to it shows on new files), and the tool-name table
    (which tools of a step are one)."""
    root = getattr(source, "root", "")
    side = [os.path.join(root, n) for n in ("kimi.json", "config.toml") if root]
    return jf.stamps_with(source.path, *side) + [logfiles.rules_table_path()]


def read(source: Source, log: ReadLog) -> list[Session]:
    configured = getattr(source, "model", DEFAULT_MODEL)
    prompt, tools, calls, index = "", [], [], 0
    names = logfiles.tool_names(PROVIDER)
    for n, rec in jf.json_records(source.path, log):
        env = rec["message"] if isinstance(rec.get("message"), dict) else rec
        kind, payload = env.get("type"), env.get("payload")
        if kind not in TYPED:
            continue
        if not isinstance(payload, dict):
            log.skip("bad_record", f"{source.path}:{n}")
            continue
        if kind in ("TurnBegin", "SteerInput"):
            prompt = _user_text(payload.get("user_input"))
        elif kind == "TurnEnd":
            prompt, tools = "", []
        elif kind in ("ToolCall", "ToolCallRequest"):
            tool = _tool(payload)
            if tool is not None:
                tools.append(tool)
        else:
            tokens = _usage(payload)
            if tokens is None:
                continue
            ident = payload.get("message_id")
            ident = ident if isinstance(ident, str) else str(index)
            index += 1
            # any string names the model, "" too (the reference's `??` chain)
            model = next((v for v in (payload.get("model"), payload.get("model_name")) if isinstance(v, str)),
                         configured)
            inp, out, cache_read, cache_write = tokens
            calls.append((source.session_id, Call(
                ts_ms(rec.get("timestamp")), model, input=inp, output=out, cache_write=cache_write,
                cache_read=cache_read, key=f"kimi:{source.session_id}:{ident}", prompt=prompt,
                tools=jf.unique_tools(tools, names))))
            tools = []
    return jf.group_sessions(calls, source.project)


def compiled_hint(source: Source) -> str:
    """What the compiled reader needs besides the bytes: the session id and
    the configured model (resolved at discovery)."""
    return f"{source.session_id}\0{getattr(source, 'model', DEFAULT_MODEL)}"


def _user_text(value) -> str:
    if isinstance(value, str):
        return jf.js_prefix(value, PROMPT_CAP)
    if not isinstance(value, list):
        return ""
    texts = [p["text"] for p in value if isinstance(p, dict) and isinstance(p.get("text"), str) and p["text"]]
    return jf.js_prefix(" ".join(texts), PROMPT_CAP)


def _first_positive(usage: dict, *keys: str) -> int:
    """The first of `keys` holding a positive number (numeric strings too), truncated."""
    for key in keys:
        raw = usage.get(key)
        if isinstance(raw, bool):
            continue
        try:
            n = float(raw) if isinstance(raw, (int, float, str)) else None
        except ValueError:
            n = None
        if n is not None and jf.capped(n) > 0:
            return jf.capped(n)
    return 0


def _usage(payload: dict) -> tuple[int, int, int, int] | None:
    """(input, output, cache read, cache write) of a StatusUpdate; None when
    it carries no tokens (a context-usage-only update)."""
    usage = payload.get("token_usage")
    usage = usage if isinstance(usage, dict) else payload.get("usage")
    if not isinstance(usage, dict):
        return None
    cache_read = _first_positive(usage, "input_cache_read", "cache_read_input_tokens", "cached_input_tokens")
    cache_write = _first_positive(usage, "input_cache_creation", "cache_creation_input_tokens")
    inp = _first_positive(usage, "input_other", "input_tokens")
    if inp == 0:
        inp = max(0, _first_positive(usage, "input") - cache_read - cache_write)
    out = _first_positive(usage, "output", "output_tokens")
    if not (inp or out or cache_read or cache_write):
        return None
    return inp, out, cache_read, cache_write


def _tool(payload: dict) -> Tool | None:
    fn = jf.obj(payload.get("function"))
    name = jf.string(fn.get("name")) or jf.string(payload.get("name"))
    if not name:
        return None
    command = None
    if name in SHELL_TOOLS:
        command = jf.arguments(jf.string(fn.get("arguments")) or jf.string(payload.get("arguments"))).get("command")
    return Tool(name, command=command if isinstance(command, str) and command else None)


def source_for(path: str) -> Source:
    """A wire log given to `codeburn scan`: its share dir (the ancestor
    holding `sessions/`) still names its project and model."""
    path = os.path.abspath(path)
    parts = path.split(os.sep)
    root = os.sep.join(parts[: len(parts) - 1 - parts[::-1].index("sessions")]) if "sessions" in parts else ""
    workdir = os.path.join(root, "sessions", parts[len(root.split(os.sep)) + 1]) if root else os.path.dirname(path)
    hashed = os.path.basename(workdir)
    project = _projects(root).get(hashed, hashed) if root else hashed
    model = configured_model({}, root) if root else DEFAULT_MODEL
    return WireSource(PROVIDER, path, project, os.path.basename(os.path.dirname(path)), workdir, model=model, root=root)


def sniff(path: str, head: bytes) -> bool:
    """A wire log: `TurnBegin` / `StatusUpdate` records in the legacy shape."""
    first, head = logfiles.compact(jf.first_line(head)), logfiles.compact(head)  # kimi-cli writes `", "` and `": "`
    wire_line = (first.startswith(b'{"timestamp":') and b'"payload"' in first) \
        or first.startswith(b'{"type":"metadata","protocol_version"')
    return wire_line and (b'"TurnBegin"' in head or b'"StatusUpdate"' in head or b'"SteerInput"' in head)
