"""Mistral Vibe, spec providers §1.11: `$VIBE_HOME/logs/session/` (`~`
expanded), else `~/.vibe/logs/session/`. A session is a dir holding both
`meta.json` and `messages.jsonl`; a subagent's is `<session>/agents/<agent>/`
with the same two files, a session of its own.

Vibe keeps only session totals (`meta.json` stats: prompt and completion
tokens, cost; no cache counts). They are split across the assistant
messages: each gets total // N, and the first total % N get one more; the
cost is divided evenly. With no assistant message the session is one call.
The cost is Vibe's own (`session_cost`, else its per-million prices, else
the token price): Mistral Vibe is on the reference's keep-cost list (§0.4).
Real Vibe messages carry no timestamps, so calls land on the session's end
time. Each user message opens a turn.
"""
from __future__ import annotations

import os
from typing import Iterator, Mapping

from codeburn.jstext import js_trim
from codeburn.providers import jsonfiles as jf
from codeburn.providers.base import Source, Walker
from codeburn.providers.labels import posix_basename
from codeburn.providers.records import Call, ReadLog, Session, Tool, ts_ms

PROVIDER = "mistral-vibe"
DISPLAY_NAME = "Mistral Vibe"
KIND = "records"
OUTPUT_HAS_REASONING = False
KEEPS_COST = True
TOOL_STEPS = 2  # retries see a call's tool names as one step, as in the reference (no tool sequence)
UNIQUE_SHELL = True  # a command name counts once per call, as the reference counts it
EMPTY_PROJECT = True  # a working_directory of "/" names the project "" (its basename), as in the reference
DEFAULT_MODEL = "mistral-medium-3.5"
PROMPT_CAP = 500
META, MESSAGES = "meta.json", "messages.jsonl"


def sessions_root(env: Mapping[str, str], home: str) -> str:
    configured = env.get("VIBE_HOME")
    if configured == "~":
        configured = home
    elif configured and configured.startswith("~/"):
        configured = os.path.join(home, configured[2:])
    return os.path.join(configured or os.path.join(home, ".vibe"), "logs", "session")


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    for session in walker.subdirs(sessions_root(env, home)):
        if _has_files(session):
            yield _source(session)
        for agent in walker.subdirs(os.path.join(session, "agents")):
            if _has_files(agent):
                yield _source(agent)


def _has_files(d: str) -> bool:
    # lexists: a meta.json that is a dir or unreadable is still named by the read
    return os.path.lexists(os.path.join(d, META)) and os.path.lexists(os.path.join(d, MESSAGES))


def _source(session_dir: str) -> Source:
    name = os.path.basename(session_dir)
    return Source(PROVIDER, session_dir, name, name, session_dir)


def read(source: Source, log: ReadLog) -> list[Session]:
    session_dir = source.path
    if os.path.basename(session_dir) in (META, MESSAGES) and not os.path.isdir(session_dir):
        session_dir = os.path.dirname(session_dir)      # `codeburn scan` names a file of the dir
    meta = jf.json_file(os.path.join(session_dir, META), log)
    if meta is None:
        return []
    if not isinstance(meta, dict):
        log.skip("bad_record", os.path.join(session_dir, META))
        return []
    stats = jf.obj(meta.get("stats"))
    inp, out = _number(stats.get("session_prompt_tokens")), _number(stats.get("session_completion_tokens"))
    if inp == 0 and out == 0:
        return []
    sid = jf.string(meta.get("session_id")) or os.path.basename(session_dir)
    messages = [m for _, m in jf.json_records(os.path.join(session_dir, MESSAGES), log)]
    model = _model(meta)
    cost = _session_cost(meta, inp, out)
    wd = jf.obj(meta.get("environment")).get("working_directory")
    project = posix_basename(wd) if isinstance(wd, str) and wd else os.path.basename(session_dir)
    fallback_raw = _first_given(meta.get("end_time"), meta.get("start_time"))
    fallback = ts_ms(fallback_raw) if isinstance(fallback_raw, str) else None
    answers = sum(1 for m in messages if m.get("role") == "assistant")
    if answers == 0:
        call = Call(fallback, model, input=inp, output=out, cost=cost, key=f"mistral-vibe:{sid}", raw_ts=fallback_raw,
                    prompt=_first_user(messages, meta.get("title")),
                    tools=jf.unique_tools(t for m in messages for t in _tools(m)))
        return [Session(sid, project, [call])]
    if cost is None and answers > 1:
        cost = _table_cost(model, inp, out)
    return [Session(sid, project, list(_split(messages, meta, sid, model, inp, out, cost, (fallback, fallback_raw),
                                              answers)))]


def _split(messages, meta, sid, model, inp, out, cost, fallback, answers) -> Iterator[Call]:
    """One call per assistant message; `fallback`: (epoch ms, as written) of
    the session's time, for messages without their own."""
    prompt = jf.js_prefix(jf.string(meta.get("title")), PROMPT_CAP)
    turn, ordinal, k = f"{sid}:prelude", 0, 0
    for m in messages:
        if m.get("role") == "user":
            text = js_trim(_text(m.get("content")))
            prompt = jf.js_prefix(text, PROMPT_CAP) if text else prompt
            turn, ordinal = f"{sid}:turn-{ordinal}", ordinal + 1
            continue
        if m.get("role") != "assistant":
            continue
        ident = jf.string(m.get("message_id")) or f"idx-{k}"
        own = isinstance(m.get("timestamp"), str)
        when, raw = (ts_ms(m["timestamp"]), m["timestamp"]) if own else fallback
        share = None if cost is None else (cost if answers <= 1 else cost / answers)
        yield Call(when, model, input=_share(inp, k, answers), output=_share(out, k, answers), cost=share,
                   key=f"mistral-vibe:{sid}:{ident}", turn=turn, prompt=prompt, tools=_tools(m), raw_ts=raw)
        k += 1


def _share(total: int, index: int, n: int) -> int:
    """Message `index`'s part of `total` split over n: the first total % n get one more."""
    return total if n <= 1 else total // n + (1 if index < total % n else 0)


def _number(value) -> int:
    """A stats count; anything that is not a finite positive number reads 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value <= 0:
        return 0
    return jf.capped(value)


def _price(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return 0.0
    return float(value)


def _active_config(meta: dict) -> dict:
    config = jf.obj(meta.get("config"))
    active, models = config.get("active_model"), config.get("models")
    if not active or not isinstance(models, list):
        return {}
    for m in models:
        if isinstance(m, dict) and (m.get("alias") == active or m.get("name") == active):
            return m
    return {}


def _model(meta: dict) -> str:
    active = jf.obj(meta.get("config")).get("active_model")
    if isinstance(active, str) and active:
        return active
    return DEFAULT_MODEL


def _session_cost(meta: dict, inp: int, out: int) -> float | None:
    """Vibe's own USD for the session; None: price the tokens."""
    stats = jf.obj(meta.get("stats"))
    total = _price(stats.get("session_cost"))
    if total > 0:
        return total
    config = _active_config(meta)
    in_price = _price(stats.get("input_price_per_million")) or _price(config.get("input_price"))
    out_price = _price(stats.get("output_price_per_million")) or _price(config.get("output_price"))
    if in_price > 0 or out_price > 0:
        return inp / 1_000_000 * in_price + out / 1_000_000 * out_price
    return None


def _table_cost(model: str, inp: int, out: int) -> float | None:
    """The session's token price, for splitting evenly like Vibe's own cost
    (pricing each message's token share instead rounds differently per
    call); None for a model the table does not price (left to the report)."""
    from codeburn.cost.pricing import PriceTable, calculate_cost

    costs = PriceTable.default().lookup(model)
    return None if costs is None else calculate_cost(costs, inp, out, 0, 0)


def _first_given(*values):
    """The first value that is there (not None): the session's time as written."""
    return next((v for v in values if v is not None), None)


def _text(content) -> str:
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        return ""
    parts = [p if isinstance(p, str) else p.get("text") if isinstance(p, dict) else None for p in content]
    return " ".join(p for p in parts if isinstance(p, str) and p)


def _first_user(messages: list[dict], title) -> str:
    for m in messages:
        if m.get("role") == "user":
            text = js_trim(_text(m.get("content")))
            if text:
                return jf.js_prefix(text, PROMPT_CAP)
    return jf.js_prefix(jf.string(title), PROMPT_CAP)


def _tools(message: dict) -> list[Tool]:
    if message.get("role") != "assistant" or not isinstance(message.get("tool_calls"), list):
        return []
    tools = []
    for call in message["tool_calls"]:
        fn = jf.obj(jf.obj(call).get("function"))
        name = fn.get("name")
        if not isinstance(name, str) or not name:
            continue
        args = jf.arguments(fn.get("arguments"))
        command = args.get("command") if name == "bash" else None
        path = args.get("file_path", args.get("path"))
        tools.append(Tool(name, command=command if isinstance(command, str) else None,
                          file=path if isinstance(path, str) else None))
    return jf.unique_tools(tools)


def sniff(path: str, head: bytes) -> bool:
    """A Vibe session dir's meta.json (given as the path)."""
    return os.path.basename(path) == META and b'"session_prompt_tokens"' in head
