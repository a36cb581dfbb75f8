"""Kimi Code CLI (MoonshotAI), spec providers §1.10: the successor of the
legacy Kimi CLI (`providers/kimi.py`, whose `~/.kimi` this does not read).

Homes: `$KIMI_CODE_HOME` alone when set; else `~/.kimi-code` and the Kimi
desktop app's embedded runtime
(`~/Library/Application Support/kimi-desktop/daimon-share/daimon/runtime/kimi-code/home`).
Each agent's wire log `sessions/wd_*/<session>/agents/<agent>/wire.jsonl`
is a source; the main agent and its subagents share the session id (the
session dir without `session_`). The session's `state.json` gives the
work dir (the project, by basename; else `wd_<name>_<12 hex>` -> name) and
fallback times.

Each `usage.record` is a call, per step. Its model is the real id learned
from `llm.request` for the record's alias, else the current request's
model, else `kimicode-unknown`; its turn is the request's `turnStep`
prefix (`"3.1"` -> turn 3). Kimi Code records no cost, so every call is
priced from tokens and flagged estimated. A record is keyed by its line
number, as in the reference: a copied record counts twice.
"""
from __future__ import annotations

import os
import re
from typing import Iterator, Mapping

from codeburn.jstext import js_trim
from codeburn.providers import jsonfiles as jf
from codeburn.providers import logfiles
from codeburn.providers.base import Source, Walker
from codeburn.providers.records import Call, ReadLog, Session, Tool, ts_ms

PROVIDER = "kimicode"
DISPLAY_NAME = "Kimi Code"
KIND = "kimicode"  # wire logs decoded by the compiled reader (cb_jsonl.h); read() is for what it gives up on
OUTPUT_HAS_REASONING = False
KEEPS_COST = False
TOOL_STEPS = 2  # retries see a call's tool names as one step, as in the reference (no tool sequence)
UNKNOWN_MODEL = "kimicode-unknown"
DESKTOP_HOME = ("Library", "Application Support", "kimi-desktop", "daimon-share", "daimon", "runtime",
                "kimi-code", "home")
SHELL_TOOLS = ("Bash", "Shell", "bash", "shell")
WORKDIR_KEY = re.compile(r"^wd_(.+)_[a-f0-9]{12}$", re.I)


def homes(env: Mapping[str, str], home: str) -> list[str]:
    explicit = env.get("KIMI_CODE_HOME")
    if explicit:
        return [os.path.abspath(explicit)]
    out = []
    for h in (os.path.join(home, ".kimi-code"), os.path.join(home, *DESKTOP_HOME)):
        if os.path.abspath(h) not in out:
            out.append(os.path.abspath(h))
    return out


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    found = []
    for root in homes(env, home):
        for workdir in walker.subdirs(os.path.join(root, "sessions")):
            if not os.path.basename(workdir).startswith("wd_"):
                continue
            for session in walker.subdirs(workdir):
                project = _session_project(session)
                for agent in walker.subdirs(os.path.join(session, "agents")):
                    wire = os.path.join(agent, "wire.jsonl")
                    if os.path.lexists(wire):
                        found.append(_wire_source(wire, session, agent, project))
    return iter(sorted(found, key=lambda s: s.path))


def source_for(path: str) -> Source:
    """A wire log given to `codeburn scan`: named as discovery names it
    (project from its session's state.json or work-dir folder, session
    from its folder) when it lies in Kimi Code's layout
    (wd_<key>/session_<id>/agents/<agent>/wire.jsonl), else by its folder."""
    agent = os.path.dirname(os.path.abspath(path))
    session = os.path.dirname(os.path.dirname(agent))
    if os.path.basename(os.path.dirname(agent)) == "agents" and \
            os.path.basename(os.path.dirname(session)).startswith("wd_"):
        return _wire_source(path, session, agent, _session_project(session))
    return Source(PROVIDER, path, os.path.basename(agent) or agent, os.path.basename(path), agent)


def _session_project(session_dir: str) -> str:
    """The project of a session folder: its state.json's work dir, else its work-dir key."""
    return project_label(_state(session_dir).get("workDir", ""), os.path.basename(os.path.dirname(session_dir)))


def _wire_source(wire: str, session_dir: str, agent_dir: str, project: str) -> Source:
    return Source(PROVIDER, wire, project, _session_id(session_dir), session_dir,
                  agent_type=os.path.basename(agent_dir))


def _session_id(session_dir: str) -> str:
    name = os.path.basename(session_dir)
    return name[len("session_"):] if name.startswith("session_") else name


def _state(session_dir: str) -> dict[str, str]:
    """state.json's non-empty string fields (createdAt, updatedAt, workDir)."""
    state = jf.obj(jf.small_json(os.path.join(session_dir, "state.json")))
    return {k: state[k].strip() for k in ("createdAt", "updatedAt", "workDir")
            if isinstance(state.get(k), str) and state[k].strip()}


def project_label(work_dir: str, workdir_key: str) -> str:
    if work_dir:
        return os.path.basename(re.sub(r"[\\/]+$", "", work_dir)) or work_dir
    m = WORKDIR_KEY.match(workdir_key)
    return (m.group(1) if m else "") or workdir_key.removeprefix("wd_") or "kimicode"


def _session_dir(wire: str) -> str:
    return os.path.dirname(os.path.dirname(os.path.dirname(wire)))


def stamp_paths(source: Source) -> list[str]:
    """The wire log and its session's state.json (work dir, fallback times)."""
    return jf.stamps_with(source.path, os.path.join(_session_dir(source.path), "state.json"))


def compiled_hint(source: Source) -> str:
    """What the compiled reader needs besides the bytes: the session and
    agent ids of the calls' keys."""
    return f"{source.session_id}\0{_agent(source)}"


def compiled_cwd(source: Source) -> str | None:
    """The session's work dir (state.json), as read() gives it."""
    return _state(_session_dir(source.path)).get("workDir")


def _agent(source: Source) -> str:
    return source.agent_type or os.path.basename(os.path.dirname(source.path))


def read(source: Source, log: ReadLog) -> list[Session]:
    session_dir = _session_dir(source.path)
    state = _state(session_dir)
    agent = _agent(source)
    fallback = _time(state.get("updatedAt")) or _time(state.get("createdAt"))
    aliases: dict[str, str] = {}
    prompts: dict[str, str] = {}
    prompt, request, tools, ordinal, calls = "", None, [], 0, []
    for n, rec in jf.json_records(source.path, log):
        kind = jf.string(rec.get("type")).strip()
        if kind == "turn.prompt":
            tools, prompt = [], _input_text(rec.get("input"))
        elif kind == "llm.request":
            request = _request(rec, aliases, prompts, prompt)
        elif kind == "context.append_loop_event":
            tool = _tool(rec.get("event"))
            if tool is not None:
                tools.append(tool)
        elif kind == "usage.record":
            usage = rec.get("usage")
            if not isinstance(usage, dict):
                log.skip("bad_record", f"{source.path}:{n}")
                continue
            model, turn, req_time = request or ("", "", None)
            when = _time(rec.get("time")) or req_time or fallback
            if when is None:
                tools = []
                continue
            real = aliases.get(jf.string(rec.get("model")).strip()) or model or UNKNOWN_MODEL
            inp, out, cache_read, cache_write = (_count(usage.get(k)) for k in
                                                 ("inputOther", "output", "inputCacheRead", "inputCacheCreation"))
            calls.append((source.session_id, Call(
                when, real, input=inp, output=out, cache_write=cache_write, cache_read=cache_read, estimated=True,
                key=f"kimicode:{source.session_id}:{agent}:{n}:{ordinal}", turn=turn or None,
                prompt=prompts.get(turn, prompt), tools=tools)))
            ordinal += 1
            tools = []
    cwd = state.get("workDir")
    return jf.group_sessions(calls, source.project, cwd)


def _request(rec: dict, aliases: dict, prompts: dict, prompt: str) -> tuple[str, str, int | None]:
    """(model, turn id, time) of an `llm.request`, learning its alias and
    the turn's prompt on the way."""
    model, alias = jf.string(rec.get("model")).strip(), jf.string(rec.get("modelAlias")).strip()
    turn = jf.string(rec.get("turnStep")).strip().split(".", 1)[0]
    if model and alias:
        aliases[alias] = model
    if turn and prompt:
        prompts[turn] = prompt
    return model, turn, _time(rec.get("time"))


def _time(value) -> int | None:
    return ts_ms(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None


def _count(value) -> int:
    """The reference's reading: a non-negative number (or numeric string), truncated; else 0."""
    if isinstance(value, bool):
        return 0
    try:
        n = float(value) if isinstance(value, (int, float)) or (isinstance(value, str) and value.strip()) else -1.0
    except ValueError:
        return 0
    return jf.capped(n)


def _input_text(value) -> str:
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        return ""
    texts = [js_trim(p["text"]) for p in value
             if isinstance(p, dict) and p.get("type") == "text" and isinstance(p.get("text"), str)]
    return "\n".join(t for t in texts if t)


def _tool(event) -> Tool | None:
    event = jf.obj(event)
    name = jf.string(event.get("name")).strip()
    if jf.string(event.get("type")).strip() != "tool.call" or not name:
        return None
    command = jf.string(jf.arguments(event.get("args")).get("command")).strip() if name in SHELL_TOOLS else ""
    return Tool(name, command=command or None)


def sniff(path: str, head: bytes) -> bool:
    first, head = logfiles.compact(jf.first_line(head)), logfiles.compact(head)
    return first.startswith((b'{"type":"metadata"', b'{"type":"turn.prompt"', b'{"type":"llm.request"')) \
        and (b'"usage.record"' in head or b'"llm.request"' in head)
