"""GitHub Copilot (spec providers §1.4, §2.5, §2.6).

Where, in the reference's order:
1. the OTel span store `agent-traces.db` of VS Code's Copilot Chat
   (`$CODEBURN_COPILOT_OTEL_DB`, else the first of Code, Code - Insiders,
   VSCodium `User/globalStorage/github.copilot-chat/agent-traces.db`), unless
   `CODEBURN_COPILOT_DISABLE_OTEL=1`;
2. the Copilot CLI: `~/.copilot/session-store.db`
   (`$CODEBURN_COPILOT_SESSION_STORE_DB`) and the event logs
   `~/.copilot/session-state/<session>/events.jsonl`
   (`$CODEBURN_COPILOT_SESSION_STATE_DIR`), project = the last part of the
   `cwd:` in the session's `workspace.yaml`;
3. only without an OTel store: VS Code chatSessions journals,
   `<workspaceStorage>/<hash>/chatSessions/*.jsonl` and
   `<globalStorage>/emptyWindowChatSessions/*.jsonl`
   (`$CODEBURN_COPILOT_WS_STORAGE_DIR`, `$CODEBURN_COPILOT_GLOBAL_STORAGE_DIR`,
   else the three VS Code variants' folders under `~/.config` on Linux and
   `~/Library/Application Support` on macOS), project = the workspace folder;
4. VS Code chat transcripts `<hash>/GitHub.copilot-chat/transcripts/*.jsonl`
   of workspaces that have no chatSessions journal;
5. the JetBrains plugin's Nitrite stores (providers/copilot_jetbrains.py).

The CLI's event log gives each assistant message's output only; the input
and cache tokens come from `session.shutdown` rollups (cumulative per resume
leg, so each leg's delta counts) or, better, from the store's per-request
rows. When the store exists, the CLI is one source read as a whole, so the
two are merged as the reference merges them: for a (session, model) with
store rows the rollups give way to the rows plus, per leg, what the leg
counted beyond its rows. Rollups, residuals and store rows written beside a
per-turn call (within 2 minutes) are `supplementary`: tokens and cost, but
no API call, and their turns fold into the nearest real turn of the same
local day within 30 minutes.
"""
from __future__ import annotations

import bisect
import functools
import os
import re
import sys
import time
from typing import Iterator, Mapping

from codeburn.providers import copilot_jetbrains as jetbrains
from codeburn.providers import copilot_stores as stores
from codeburn.providers import logfiles
from codeburn.providers.base import Source, Walker, jsonl_file
from codeburn.providers.records import Call, ReadLog, Session, Tool, ts_ms
from codeburn.read.regular import open_regular

PROVIDER = "copilot"
DISPLAY_NAME = "Copilot"
KIND = "records"
OUTPUT_HAS_REASONING = True
KEEPS_COST = False
TOOL_STEPS = 2  # retries see a call's tool names as one step, as in the reference (no tool sequence)


def CARRY_PROMPT(src) -> bool:  # noqa: N802 (a module flag that depends on the source, as TOOL_STEPS may)
    """An event log or a VS Code transcript drops a copied assistant message
    before it takes the pending prompt, as the reference does (a shutdown
    rollup takes none: it is marked supplementary)."""
    return getattr(src, "form", "events") in ("events", "transcript")
VARIANTS = ("Code", "Code - Insiders", "VSCodium")
PAIR_WINDOW_MS = 2 * 60 * 1000
FOLD_WINDOW_MS = 30 * 60 * 1000
OPENAI_MODEL, ANTHROPIC_MODEL = "copilot-openai-auto", "copilot-anthropic-auto"
# Events that carry tool output or reasoning text (most of a log's bytes) and
# nothing a report reads: passed over unparsed.
SKIPPED_EVENTS = frozenset({"tool.execution_complete", "tool.execution_start", "tool.execution_partial_result",
                            "assistant.reasoning", "assistant.message_delta"})


class CopilotSource(Source):
    """A Copilot source; `form` says which of its formats it is."""
    __slots__ = ("form", "state_dir", "paths", "otel")

    def __init__(self, *args, form: str = "events", state_dir: str = "", paths: tuple = (), otel: str = "",
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.form = form              # otel | cli | events | transcript | chatsession | jetbrains
        self.state_dir = state_dir    # cli: the session-state folder read with the store
        self.paths = paths            # cli: the event logs read with the store (its inputs besides `path`);
        #                               jetbrains: the stores of its store id that may name its project
        self.otel = otel              # events, transcript: the OTel store whose turns they must not repeat


# --- discovery ----------------------------------------------------------------

def _user_dirs(home: str) -> list[str]:
    base = (os.path.join(home, "Library", "Application Support") if sys.platform == "darwin"
            else os.path.join(home, ".config"))
    return [os.path.join(base, v, "User") for v in VARIANTS]


def otel_db(env: Mapping[str, str], home: str) -> str | None:
    override = env.get("CODEBURN_COPILOT_OTEL_DB")
    if override:
        return override if os.path.exists(override) else None
    for user in _user_dirs(home):
        path = os.path.join(user, "globalStorage", "github.copilot-chat", "agent-traces.db")
        if os.path.exists(path):
            return path
    return None


def _storage_dirs(env: Mapping[str, str], home: str, var: str, leaf: str) -> list[str]:
    override = env.get(var)
    return [override] if override else [os.path.join(u, leaf) for u in _user_dirs(home)]


def _source(path: str, form: str, session: str, project: str = "", **extra) -> CopilotSource:
    return CopilotSource(PROVIDER, path, project, session, f"copilot:{os.path.dirname(path)}", form=form, **extra)


def _stem(path: str) -> str:
    name = os.path.basename(path)
    return name[: -len(".jsonl")] if name.endswith(".jsonl") else name


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    otel = None if env.get("CODEBURN_COPILOT_DISABLE_OTEL") == "1" else otel_db(env, home)
    if otel:
        yield _source(otel, "otel", "", "copilot-chat")
    yield from _cli(env, home, walker, otel or "")
    hashes = [h for ws in _storage_dirs(env, home, "CODEBURN_COPILOT_WS_STORAGE_DIR", "workspaceStorage")
              for h in walker.subdirs(ws)]
    journals = {h: _jsonl_files(walker, os.path.join(h, "chatSessions")) for h in hashes}
    if not otel:
        for h in hashes:
            yield from (_source(p, "chatsession", _stem(p)) for p in journals[h])
        for glob in _storage_dirs(env, home, "CODEBURN_COPILOT_GLOBAL_STORAGE_DIR", "globalStorage"):
            for path in _jsonl_files(walker, os.path.join(glob, "emptyWindowChatSessions")):
                yield _source(path, "chatsession", _stem(path), "copilot-chat")
    for h in hashes:
        if any(not os.path.isdir(p) or os.path.islink(p) for p in journals[h]):
            continue  # the journal is the richer record of the same chats (a folder named *.jsonl is none)
        for path in _jsonl_files(walker, os.path.join(h, "GitHub.copilot-chat", "transcripts")):
            yield _source(path, "transcript", _stem(path), otel=otel or "")
    yield from _jetbrains(jetbrains.stores(jetbrains.root(env, home), walker))


def _jetbrains(found: list[tuple[str, str]]) -> Iterator[Source]:
    """A source per store; each store id's stores, in this order, are where
    its project name is looked up (the plugin writes it into one kind only)."""
    by_id: dict[str, list[str]] = {}
    for store_id, path in found:
        by_id.setdefault(store_id, []).append(path)
    for store_id, path in found:
        yield _source(path, "jetbrains", store_id, jetbrains.DEFAULT_PROJECT, paths=tuple(by_id[store_id]))


def _jsonl_files(walker: Walker, folder: str) -> list[str]:
    return logfiles.named_entries(walker, folder, jsonl_file)


def _cli(env: Mapping[str, str], home: str, walker: Walker, otel: str) -> Iterator[Source]:
    state = env.get("CODEBURN_COPILOT_SESSION_STATE_DIR") or os.path.join(home, ".copilot", "session-state")
    store = env.get("CODEBURN_COPILOT_SESSION_STORE_DB") or os.path.join(home, ".copilot", "session-store.db")
    logs = [p for d in walker.subdirs(state) if os.path.lexists(p := os.path.join(d, "events.jsonl"))]
    if os.path.lexists(store):
        yield _source(store, "cli", "", "copilot", state_dir=state, paths=tuple(logs), otel=otel)
    else:
        yield from (_source(p, "events", os.path.basename(os.path.dirname(p)), otel=otel) for p in logs)


def source_for(path: str) -> Source:
    """A file given to `codeburn scan`: a chatSessions journal, a VS Code
    transcript or a CLI event log, by where it lies and what it starts with."""
    parent = os.path.basename(os.path.dirname(os.path.abspath(path)))
    if jetbrains.sniff(path, _head(path)):
        return _jetbrains_given(path, parent)
    store = _store_kind(_head(path))
    if store:
        return _source(path, store, "", "copilot-chat" if store == "otel" else "copilot")
    if parent in ("chatSessions", "emptyWindowChatSessions") or _journal_head(path):
        return _source(path, "chatsession", _stem(path), "" if parent == "chatSessions" else "copilot-chat")
    if parent == "transcripts":
        return _source(path, "transcript", _stem(path))
    return _source(path, "events", parent)


def _jetbrains_given(path: str, store_id: str) -> Source:
    """A JetBrains store given to `codeburn scan`: when it lies in the
    plugin's layout, the stores of its id beside it may name its project."""
    base = jetbrains.layout_root(path)
    found = jetbrains.stores(base, Walker()) if base else []
    me = os.path.abspath(path)
    same = [(i, path if os.path.abspath(p) == me else p) for i, p in found if i == store_id]
    if not any(p == path for _, p in same):
        same.insert(0, (store_id, path))
    return next(s for s in _jetbrains(same) if s.path == path)


def _head(path: str, n: int = 65536) -> bytes:
    try:
        with open_regular(path) as f:
            return f.read(n)
    except OSError:
        return b""


def _journal_head(path: str) -> bool:
    return _head(path, 16).replace(b" ", b"").startswith(b'{"kind":')


def _store_kind(head: bytes) -> str | None:
    """'cli' for a session-store.db, 'otel' for an agent-traces.db, from the
    schema on a SQLite file's first page."""
    if not head.startswith(b"SQLite format 3\x00"):
        return None
    if b"assistant_usage_events" in head:
        return "cli"
    return "otel" if b"span_attributes" in head else None


def sniff(path: str, head: bytes) -> bool:
    if _store_kind(head) or jetbrains.sniff(path, head):
        return True
    events = (b'"type":"session.start"', b'"type":"assistant.message"', b'"type":"user.message"')
    journal = head.lstrip().replace(b" ", b"")[:16].startswith(b'{"kind":') and logfiles.head_has(head, b'"requests"')
    return journal or any(logfiles.head_has(head, m) for m in events)


def stamp_paths(src: Source) -> list[str]:
    """Every file a read of `src` depends on (for the records cache and the
    status snapshot): the CLI store with its WAL, every event log and its
    workspace.yaml; an event log with its workspace.yaml; a VS Code file
    with its workspace.json; and the tool-name table."""
    from codeburn.providers.base import stamped_paths

    form = getattr(src, "form", "events")
    paths = stamped_paths(src.path)
    if form == "cli":
        paths.append(getattr(src, "state_dir", "") or src.path)
        for log in getattr(src, "paths", ()):
            paths += [log, os.path.join(os.path.dirname(log), "workspace.yaml")]
    elif form == "events":
        paths.append(os.path.join(os.path.dirname(src.path), "workspace.yaml"))
    elif form == "jetbrains":
        paths += [p for p in getattr(src, "paths", ()) if p != src.path]
    elif form in ("transcript", "chatsession") and not src.project:
        paths.append(os.path.join(_workspace_dir(src.path), "workspace.json"))
    if getattr(src, "otel", ""):
        paths += stamped_paths(src.otel)
    return [*paths, logfiles.rules_table_path()]


# --- read -----------------------------------------------------------------------

COMPILED_KIND = "copilot"  # the compiled reader's format for CLI event logs (cb_jsonl.h)


def compiled_kind(src: Source) -> str:
    """An event log of the CLI read without its session store or an OTel
    store to check it against is decoded by the compiled reader (read() is
    for what it gives up on); every other form is read here."""
    if getattr(src, "form", "events") == "events" and not getattr(src, "otel", ""):
        return COMPILED_KIND
    return KIND


def compiled_project(src: Source, cwd: str | None) -> str:
    """The project of a compiled event log: its workspace.yaml's cwd."""
    return _state_label(os.path.dirname(src.path), os.path.basename(os.path.dirname(src.path)))


def read(src: Source, log: ReadLog) -> Iterator[Session]:
    form = getattr(src, "form", "events")
    names = logfiles.tool_names(PROVIDER)
    if form == "otel":
        for s in stores.otel_sessions(src.path, names, log):
            yield Session(s.session_id, s.project, _fold(s.calls))
    elif form == "cli":
        yield from _read_cli(src, names, log)
    elif form == "chatsession":
        yield from _read_chat_session(src, names, log)
    elif form == "jetbrains":
        yield from jetbrains.read_store(src.path, src.session_id, getattr(src, "paths", ()), log)
    else:
        transcript = form == "transcript"
        sid = _stem(src.path) if transcript else os.path.basename(os.path.dirname(src.path))
        log_ = _events(src.path, sid, transcript, names, log)
        if log_ is not None and getattr(src, "otel", ""):
            seen = _otel_marks(src.otel, names)  # the OTel store, read first, already counted these turns
            log_.calls = [c for c in log_.calls if c.key not in seen]
        if log_ is not None and log_.calls:
            project = _workspace_label(src.path) if transcript else _state_label(os.path.dirname(src.path), sid)
            yield Session(sid, project, _fold(log_.calls))


def _otel_marks(path: str, names: dict[str, str]) -> frozenset:
    return _otel_view(path, names)[0]


def _otel_view(path: str, names: dict[str, str]) -> tuple[frozenset, dict]:
    """(the event-log keys an OTel store's turns stand for, the times of its
    per-turn calls by (session, model))."""
    try:
        st = os.stat(path)
    except OSError:
        return frozenset(), {}
    return _otel_view_at(path, st.st_size, st.st_mtime_ns, tuple(sorted(names.items())))


@functools.lru_cache(maxsize=4)
def _otel_view_at(path: str, size: int, mtime_ns: int, names: tuple) -> tuple[frozenset, dict]:
    """_otel_view, read once per state of the store."""
    marks, times = set(), {}
    for s in stores.otel_sessions(path, dict(names), ReadLog()):
        marks.update(s.marks)
        for c in s.calls:
            if not c.supplementary and c.ts_ms is not None:
                times.setdefault((s.session_id, c.model), []).append(c.ts_ms)
    return frozenset(marks), times


def _state_label(session_dir: str, sid: str) -> str:
    """basename(cwd) of the session's workspace.yaml, else the session id."""
    try:
        with open_regular(os.path.join(session_dir, "workspace.yaml")) as f:
            text = f.read(1 << 20).decode("utf-8", "replace")
    except OSError:
        return sid
    m = re.search(r"^cwd:[^\S\n]*(.+)$", text, re.M)
    if not m:
        return sid
    raw = re.sub(r"\s*#.*$", "", m[1].strip())
    raw = re.sub(r"^['\"]|['\"]$", "", raw).strip()
    return stores.js_basename(raw) if raw else sid


def _workspace_label(path: str) -> str:
    """The workspace folder's name (workspace.json `folder`), else its hash."""
    hash_dir = _workspace_dir(path)
    label = os.path.basename(hash_dir)
    try:
        with open_regular(os.path.join(hash_dir, "workspace.json")) as f:
            data = logfiles.parse_json(f.read(1 << 20).decode("utf-8", "replace"))
    except (OSError, ValueError):
        return label
    folder = data.get("folder") if isinstance(data, dict) else None
    if isinstance(folder, str):
        name = os.path.basename(re.sub(r"/+$", "", re.sub(r"^file://", "", folder)))
        return name or label
    return label


def _workspace_dir(path: str) -> str:
    """<workspaceStorage>/<hash> of a transcript or a chatSessions journal."""
    if os.path.basename(os.path.dirname(path)) == "transcripts":
        return os.path.dirname(os.path.dirname(os.path.dirname(path)))
    return os.path.dirname(os.path.dirname(path))


def _read_chat_session(src: Source, names: dict[str, str], log: ReadLog) -> Iterator[Session]:
    text = logfiles.read_text(src.path, log)
    if text is None:
        return
    root = stores.replay_journal(text, src.path, log)
    if not isinstance(root, dict):
        return
    sid = root.get("sessionId") if isinstance(root.get("sessionId"), str) and root.get("sessionId") else _stem(src.path)
    calls = stores.chat_session_calls(root, sid, names)
    if calls:
        yield Session(sid, src.project or _workspace_label(src.path), calls)


# --- event logs (CLI session state and VS Code transcripts) --------------------

class _Events:
    """What an event log gave: its calls, and per rollup call the time of
    the last compaction before it (ms), which starts its leg's interval."""
    __slots__ = ("calls", "compacted")

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.compacted: dict[str, int | None] = {}


class _State:
    """The event log's running state while it is read."""
    __slots__ = ("model", "prompt", "last_ts", "compacted", "prev", "legs", "selected", "running")

    def __init__(self, model: str = "") -> None:
        self.model, self.prompt, self.last_ts, self.compacted = model, "", "", ""
        self.selected: str | None = None          # subagent.selected: sticky
        self.running: list[tuple[str, str | None]] = []  # subagent.started, not completed: (tool call id, name)
        self.prev: dict = {}   # model -> previous rollup's counters
        self.legs: dict = {}   # model -> rollups seen


def _events(path: str, sid: str, transcript: bool, names: dict[str, str], log: ReadLog) -> _Events | None:
    text = logfiles.read_text(path, log)
    if text is None:
        return None
    events = []
    for number, event in logfiles.json_lines(text, path, log, SKIPPED_EVENTS):
        if isinstance(event, dict) and isinstance(event.get("data", {}), dict):
            events.append((number, event))
        else:
            log.skip("bad_record", f"{path}:{number}")
    out, state = _Events(), _State(model=_guess_model(events) if transcript else "")
    for number, event in events:
        try:
            _event(event, sid, transcript, state, out, names)
        except (TypeError, ValueError, AttributeError):
            log.skip("bad_record", f"{path}:{number}")
    return out


def _guess_model(events) -> str:
    """A transcript's model family from its tool-call ids (call_ OpenAI,
    toolu_/tooluse_ Anthropic; a tie is OpenAI)."""
    openai = anthropic = 0
    for _, event in events:
        if event.get("type") != "assistant.message":
            continue
        requests = (event.get("data") or {}).get("toolRequests")
        for req in requests if isinstance(requests, list) else []:
            call_id = req.get("toolCallId") if isinstance(req, dict) else None
            if isinstance(call_id, str):
                if call_id.startswith("call_"):
                    openai += 1
                elif call_id.startswith(("tooluse_", "toolu_")):
                    anthropic += 1
    if not openai and not anthropic:
        return ""
    return OPENAI_MODEL if openai >= anthropic else ANTHROPIC_MODEL


def _event(event: dict, sid: str, transcript: bool, st: _State, out: _Events, names: dict[str, str]) -> None:
    kind, data, stamp = event.get("type"), event.get("data") or {}, event.get("timestamp")
    if isinstance(stamp, str) and stamp:
        st.last_ts = stamp
    if kind == "session.start":
        if not transcript and data.get("selectedModel") is not None:
            st.model = _str(data["selectedModel"])
    elif kind == "session.model_change":
        if data.get("newModel") is not None:
            st.model = _str(data["newModel"])
    elif kind == "session.compaction_complete":
        if data.get("success") is True and isinstance(stamp, str) and ts_ms(stamp) is not None:
            st.compacted = stamp
    elif kind in ("subagent.selected", "subagent.started", "subagent.completed"):
        _subagent(kind, data, st)
    elif kind == "user.message":
        content = data.get("content")
        st.prompt = content if isinstance(content, str) else ""
    elif kind == "session.shutdown":
        if not transcript:
            _rollups(event, data, sid, st, out)
    elif kind == "assistant.message":
        call = _message(event, data, sid, transcript, st, names)
        if call is not None:
            out.calls.append(call)
            st.prompt = ""


def _subagent(kind: str, data: dict, st: _State) -> None:
    """Runs can nest: a completion ends its own run (by tool call id), or the
    latest when it names none; `selected` labels calls outside any run."""
    name, call_id = data.get("agentName"), data.get("toolCallId")
    if kind == "subagent.selected":
        st.selected = name if isinstance(name, str) else None
    elif kind == "subagent.started":
        st.running.append((call_id if isinstance(call_id, str) else "", name if isinstance(name, str) else None))
    elif not call_id:
        if st.running:
            st.running.pop()
    else:
        for i in range(len(st.running) - 1, -1, -1):
            if st.running[i][0] == call_id:
                del st.running[i]
                break


def _str(value) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def _message(event: dict, data: dict, sid: str, transcript: bool, st: _State, names) -> Call | None:
    raw = data.get("outputTokens", 0)
    output = logfiles.count(raw) if raw is not None else 0
    if data.get("model"):
        st.model = _str(data["model"])
    # Only a count of 0 (or none given) means no call: the reference's
    # default applies to a missing count alone, so a null one is a call.
    if (not transcript and raw is not None and output == 0) or not st.model:
        return None
    requests = data.get("toolRequests")
    tools = [t for t in map(lambda r: _tool(r, names), requests if isinstance(requests, list) else []) if t]
    top = st.running[-1][1] if st.running else None
    subagent = top if top is not None else st.selected  # a run without a name falls back to `selected`
    return Call(ts_ms(event.get("timestamp")), st.model, output=output,
                key=f"copilot:{sid}:{_js_string(data.get('messageId', _MISSING))}",
                prompt=st.prompt, tools=tools, subagent=subagent or None, raw_ts=event.get("timestamp"))


_MISSING = object()


def _js_string(value) -> str:
    """A message id as the reference's key spells it (JavaScript's String()):
    a missing one 'undefined', null 'null'."""
    if value is _MISSING:
        return "undefined"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    if isinstance(value, dict):
        return "[object Object]"
    return value if isinstance(value, str) else str(value)


def _tool(req, names: dict[str, str]) -> Tool | None:
    if not isinstance(req, dict):
        return None
    raw = req.get("name") if req.get("name") is not None else req.get("toolName")
    if not isinstance(raw, str):
        return None
    tool = Tool(stores.native_tool(raw, names))
    args = req.get("arguments") if isinstance(req.get("arguments"), dict) else {}
    if raw == "skill" and isinstance(args.get("skill"), str) and args["skill"].strip():
        tool.skill = args["skill"].strip()
    if raw in stores.SHELL_TOOLS and isinstance(args.get("command"), str):
        tool.command = args["command"]
    return tool


def _rollups(event: dict, data: dict, sid: str, st: _State, out: _Events) -> None:
    """One supplementary call per model: this leg's delta of the cumulative
    input/cache/reasoning counters (output is the per-turn calls')."""
    metrics = data.get("modelMetrics")
    if not isinstance(metrics, dict):
        return
    stamp = event.get("timestamp") if isinstance(event.get("timestamp"), str) and event.get("timestamp") else ""
    ms = ts_ms(stamp or st.last_ts) if (stamp or st.last_ts) else stores.stamp(data.get("sessionStartTime"))
    for model, entry in metrics.items():
        usage = entry.get("usage") if isinstance(entry, dict) else None
        if not model or not isinstance(usage, dict):
            continue
        now = {k: stores._positive(usage.get(k)) for k in
               ("inputTokens", "cacheReadTokens", "cacheWriteTokens", "reasoningTokens")}
        prev = st.prev.get(model)
        st.prev[model] = now
        n = st.legs[model] = st.legs.get(model, 0) + 1
        if prev is not None and now["inputTokens"] < prev["inputTokens"]:
            prev = None  # the counters were reset (a compaction): this leg counts from zero
        delta = {k: max(0, v - (prev[k] if prev else 0)) for k, v in now.items()}
        read, write = delta["cacheReadTokens"], delta["cacheWriteTokens"]
        inp = max(0, delta["inputTokens"] - read - write)
        if not (inp or read or write or delta["reasoningTokens"]):
            continue
        key = f"copilot:{sid}:shutdown:{model}:{n}"
        out.calls.append(Call(ms, model, input=inp, cache_read=read, cache_write=write,
                              reasoning=delta["reasoningTokens"], key=key, supplementary=True,
                              raw_ts=stamp or st.last_ts or None))
        out.compacted[key] = ts_ms(st.compacted) if st.compacted else None


# --- the CLI: event logs merged with the session store -------------------------

def _read_cli(src: Source, names: dict[str, str], log: ReadLog) -> Iterator[Session]:
    logs: dict[str, tuple[_Events, str]] = {}
    seen, otel_times = _otel_view(src.otel, names) if getattr(src, "otel", "") else (frozenset(), {})
    for path in getattr(src, "paths", ()):
        sid = os.path.basename(os.path.dirname(path))
        parsed = _events(path, sid, False, names, log)
        if parsed is not None:
            # (the OTel store, read first, already counted these turns: as for a log read alone)
            parsed.calls = [c for c in parsed.calls if c.key not in seen]
            logs[sid] = (parsed, _state_label(os.path.dirname(path), sid))
    rows = stores.store_rows(src.path, log) or []
    by_session: dict[str, list] = {}
    for row in rows:
        by_session.setdefault(row.session_id, []).append(row)
    # Sessions in the order the reference meets them: it serves the store
    # (rows by id) before the event logs.
    for sid in [*by_session, *(s for s in logs if s not in by_session)]:
        parsed, label = logs.get(sid, (_Events(), None))
        session_rows = by_session.get(sid, [])
        project = label or stores.store_project(session_rows[0])
        calls = _merge(sid, parsed, session_rows, otel_times)
        if calls:
            yield Session(sid, project, calls)


def _merge(sid: str, parsed: _Events, rows: list, otel_times: dict | None = None) -> list[Call]:
    """The session's calls with its store rows: rollups of a model that has
    rows give way to the rows and the per-leg residuals. `otel_times`: the
    per-turn calls the OTel store counted in place of the log's, by
    (session, model), which a store row pairs with too."""
    covered = {r.call.model for r in rows}
    turns = [c for c in parsed.calls if not (c.key in parsed.compacted and c.ts_ms is not None
                                             and c.model in covered)]
    _pair(parsed.calls, rows, sid, otel_times or {})
    # The store's rows first: the reference reads the store before the event
    # logs, so a session's models are listed in that order.
    calls = [r.call for r in rows] + turns
    # (models in the order the rollups name them, as the reference meets its legs)
    for model in dict.fromkeys(c.model for c in parsed.calls if c.key in parsed.compacted and c.model in covered):
        legs = [c for c in parsed.calls if c.key in parsed.compacted and c.model == model and c.ts_ms is not None]
        calls.extend(_residuals(sid, model, legs, parsed.compacted, [r for r in rows if r.call.model == model]))
    return _fold(calls)


def _pair(turn_calls: list[Call], rows: list, sid: str = "", otel_times: dict | None = None) -> None:
    """Store rows written within 2 minutes of a per-turn call of the same
    model (monotone matching) describe that call's request: supplementary.
    The per-turn calls are the session's in every Copilot source (0.9.20
    pairs over all of them): the event log's, and the OTel store's chat
    calls, which stand for the log's turns it has (those keep the OTel
    call's time, the one read first)."""
    otel_times = otel_times or {}
    for model in {r.call.model for r in rows}:
        ids = sorted((r for r in rows if r.call.model == model and not r.compaction), key=lambda r: r.call.ts_ms)
        times = sorted([*(c.ts_ms for c in turn_calls if not c.supplementary and c.model == model
                          and c.ts_ms is not None), *otel_times.get((sid, model), ())])
        i = j = 0
        while i < len(ids) and j < len(times):
            d = ids[i].call.ts_ms - times[j]
            if abs(d) <= PAIR_WINDOW_MS:
                ids[i].call.supplementary = True
                i, j = i + 1, j + 1
            elif d < 0:
                i += 1
            else:
                j += 1


def _residuals(sid: str, model: str, legs: list[Call], compacted: dict, rows: list) -> list[Call]:
    """Per rollup leg, what it counted beyond the store rows of its own
    interval (previous leg, leg]; a leg after a compaction starts there."""
    merged: list[list] = []   # [ts, input, read, write, reasoning, compacted_ms, the time as the log spells it]
    for leg in sorted(legs, key=lambda c: c.ts_ms):
        cms = compacted.get(leg.key)
        cms = cms if cms is not None else -float("inf")
        if merged and merged[-1][0] == leg.ts_ms:
            last = merged[-1]
            last[1:5] = [last[1] + leg.input, last[2] + leg.cache_read, last[3] + leg.cache_write,
                         last[4] + leg.reasoning]
            last[5] = max(last[5], cms)
        else:
            merged.append([leg.ts_ms, leg.input, leg.cache_read, leg.cache_write, leg.reasoning, cms, leg.raw_ts])
    rows = sorted(rows, key=lambda r: r.call.ts_ms)
    out, i, prev_ts = [], 0, -float("inf")
    for ts, inp, read, write, reasoning, cms, raw in merged:
        start = max(prev_ts, cms)
        got = [0, 0, 0, 0]
        while i < len(rows) and rows[i].call.ts_ms <= ts:
            row = rows[i]
            if row.call.ts_ms > start or (row.compaction and row.call.ts_ms > prev_ts):
                c = row.call
                got = [got[0] + c.input, got[1] + c.cache_read, got[2] + c.cache_write, got[3] + c.reasoning]
            i += 1
        prev_ts = ts
        rest = [max(0, a - b) for a, b in zip((inp, read, write, reasoning), got)]
        if any(rest):
            out.append(Call(ts, model, input=rest[0], cache_read=rest[1], cache_write=rest[2], reasoning=rest[3],
                            key=f"copilot:{sid}:shutdown-residual:{model}:{ts}", supplementary=True, raw_ts=raw))
    return out


# --- turns ---------------------------------------------------------------------

def fixed_category(call: Call) -> str | None:
    """The category of a call's turn when it is not the classifier's to
    decide: a shutdown residual that no behavioural call took in (a turn of
    its own) is General, as the reference makes such turns."""
    if call.supplementary and call.turn is None and call.key and ":shutdown-residual:" in call.key:
        return "general"
    return None


def _fold(calls: list[Call]) -> list[Call]:
    """Every Copilot call is a turn of its own, except that a supplementary
    call joins the turn of the nearest real call (ties: the earlier) when it
    is within 30 minutes and on the same local day. Joined turns get the
    real call's key as their turn id."""
    anchors = sorted((c.ts_ms, i) for i, c in enumerate(calls) if not c.supplementary and c.ts_ms is not None)
    joined: dict[int, list[Call]] = {}
    alone = []
    for call in calls:
        if not call.supplementary:
            continue
        anchor = _nearest(anchors, call.ts_ms)
        if anchor is None:
            alone.append(call)
        else:
            joined.setdefault(anchor, []).append(call)
    out = []
    for i, call in enumerate(calls):
        if call.supplementary:
            continue
        out.append(call)
        for extra in joined.get(i, []):
            call.turn = extra.turn = call.key
            out.append(extra)
    out.extend(alone)
    return out


def _nearest(anchors: list[tuple[int, int]], ts: int | None) -> int | None:
    if ts is None or not anchors:
        return None
    lo = bisect.bisect_left(anchors, (ts, -1))
    best = None
    for k in (lo - 1, lo):
        if 0 <= k < len(anchors) and (best is None or abs(anchors[k][0] - ts) < abs(best[0] - ts)):
            best = anchors[k]
    if best is None or abs(best[0] - ts) > FOLD_WINDOW_MS or _day(best[0]) != _day(ts):
        return None
    return best[1]


def _day(ms: int) -> tuple:
    t = time.localtime(ms / 1000)
    return t.tm_year, t.tm_yday
