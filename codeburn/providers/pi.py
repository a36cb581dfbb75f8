"""Pi (`~/.pi/agent/sessions/`) and, through the same decoder, OMP
(Oh-My-Pi, `~/.omp/agent/sessions/`): spec providers §1.7. The two tools
write one format; only the root and the provider id differ, so `omp.py`
is this module with another `Layout`.

Files are `<sessions>/<dir>/*.jsonl`. A file is a session when one of its
first 20 lines is a `session` record (OMP may put a `title` line first);
others are skipped unread past that point. Every assistant message with a
usage whose input or output is non-zero is one call, priced per message
(Anthropic token semantics; the message's own `usage.cost` is not used).
The project is the basename of the header's `cwd`, else the dir name.
"""
from __future__ import annotations

import codecs
import itertools
import json
import os
from typing import Iterator, Mapping

from codeburn.plainclass import dataclass
from codeburn.providers import jsonfiles as jf
from codeburn.providers import logfiles
from codeburn.providers.base import Source, Walker
from codeburn.providers.labels import posix_basename
from codeburn.providers.records import Call, ReadLog, Session, Tool, ts_ms

PROVIDER = "pi"
DISPLAY_NAME = "Pi"
KIND = "pi"  # JSONL decoded by the compiled reader (cb_jsonl.h); read() is for what it gives up on
OUTPUT_HAS_REASONING = False
KEEPS_COST = False
TOOL_STEPS = 2  # retries see a call's tool names as one step, as in the reference (no tool sequence)
EMPTY_PROJECT = True  # a header cwd of "" or "/" names the project "" (its basename), as in the reference
HEADER_LINES = 20      # how far down a file its `session` record may be
DEFAULT_MODEL = "gpt-5"
TOOL_RESULT = b'"role":"toolResult"'   # tool outputs: the bulk of a session, needed by no report


@dataclass(frozen=True, slots=True)
class Layout:
    provider: str
    root: tuple[str, ...]     # below the home dir


PI = Layout("pi", (".pi", "agent", "sessions"))


def discover_layout(layout: Layout, home: str, walker: Walker) -> Iterator[Source]:
    root = os.path.join(home, *layout.root)
    for project_dir in walker.subdirs(root):
        files, dirs = walker.entries(project_dir)
        for path in sorted(files + dirs):    # a dir named *.jsonl is named by the read
            if path.endswith(".jsonl"):
                yield layout_source(layout.provider, path, project_dir)


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    return discover_layout(PI, home, walker)


def layout_source(provider: str, path: str, folder: str | None = None) -> Source:
    """A session file (in `folder`, its project's, by default the one it
    lies in) named by its stem, in that folder's project."""
    folder = folder if folder is not None else os.path.dirname(os.path.abspath(path))
    stem = os.path.basename(path)
    stem = stem[: -len(".jsonl")] if stem.endswith(".jsonl") else stem
    return Source(provider, path, os.path.basename(folder), stem, folder)


def source_for(path: str) -> Source:
    return layout_source(PI.provider, path)


def _header(records: list[tuple[int, object]], lines: list[bytes]) -> dict | None:
    """The `session` record among the first 20 non-empty lines (empty lines
    are not counted, whitespace-only ones are)."""
    marked = _bom_header(lines)
    if marked is not None:
        return marked
    first = set(itertools.islice((n for n, line in enumerate(lines, 1) if line), HEADER_LINES))
    for n, rec in records:
        if n not in first:
            return None
        if isinstance(rec, dict) and rec.get("type") == "session":
            return rec
    return None


def _bom_header(lines: list[bytes]) -> dict | None:
    """A `session` record on a first line that starts with a byte-order
    mark. The reference finds the session by that line trimmed (JavaScript's
    trim drops the mark) but then reads it as the invalid JSON line it is,
    so the file is a session whose id is the file's stem: the same here."""
    if not lines or not lines[0].startswith(codecs.BOM_UTF8):
        return None
    try:
        rec = json.loads(lines[0][len(codecs.BOM_UTF8):].decode("utf-8").strip())
    except (ValueError, RecursionError):
        return None
    return rec if isinstance(rec, dict) and rec.get("type") == "session" else None


def read_layout(source: Source, log: ReadLog) -> list[Session]:
    data = jf.read_bytes(source.path, log)
    if data is None:
        return []
    records = list(jf.json_lines(source.path, log, data, skip=TOOL_RESULT))
    lines = data.split(b"\n")
    header = _header(records, lines)
    if header is None:
        return []
    cwd = header.get("cwd")
    project = posix_basename(cwd) if isinstance(cwd, str) else os.path.basename(source.project_dir)
    session_id = os.path.basename(source.path)[: -len(".jsonl")]
    calls, prompt = [], ""
    # The reference numbers non-blank lines from 0 for its last-resort dedup key.
    nonblank = {n: i for i, n in enumerate(n for n, line in enumerate(lines, 1) if line.strip())}
    for n, rec in records:
        msg = rec.get("message") if isinstance(rec, dict) else None
        if not isinstance(rec, dict) or (rec.get("type") == "message" and not isinstance(msg, dict)):
            log.skip("bad_record", f"{source.path}:{n}")
        elif rec.get("type") == "session":
            session_id = rec["id"] if isinstance(rec.get("id"), str) else session_id
        elif rec.get("type") != "message":
            continue
        elif msg.get("role") == "user":
            prompt = " ".join(t for t in jf.block_texts(msg.get("content")) if t) or prompt
        elif msg.get("role") == "assistant" and msg.get("usage"):
            call = _call(source, rec, msg, nonblank.get(n, n - 1), log, n)
            if call is not None:
                call.prompt, prompt = prompt, ""
                calls.append((session_id, call))
    return jf.group_sessions(calls, project)


def read(source: Source, log: ReadLog) -> list[Session]:
    return read_layout(source, log)


def compiled_hint(source: Source) -> str:
    """The compiled reader keys calls by the file's path (as _call does)."""
    return source.path


def compiled_project(source: Source, cwd: str | None) -> str:
    """The project of a file the compiled reader read: as read_layout
    labels it, from the header's cwd (None: not a string)."""
    return posix_basename(cwd) if cwd is not None else os.path.basename(source.project_dir)


def usage_tokens(msg: dict, where: str, log: ReadLog) -> tuple[int, int, int, int] | None:
    """(input, output, cache read, cache write) of a Pi-lineage message's
    usage (Anthropic semantics; a missing count reads 0); None, counted,
    when a count has the wrong type."""
    usage = jf.obj(msg.get("usage"))
    tokens = [jf.count(usage.get(k)) for k in ("input", "output", "cacheRead", "cacheWrite")]
    if None in tokens:
        log.skip("bad_record", where)
        return None
    return tokens[0], tokens[1], tokens[2], tokens[3]


def _call(source: Source, rec: dict, msg: dict, index: int, log: ReadLog, n: int) -> Call | None:
    tokens = usage_tokens(msg, f"{source.path}:{n}", log)
    if tokens is None:
        return None
    inp, out, cache_read, cache_write = tokens
    if inp == 0 and out == 0:
        return None
    model = msg.get("model")
    model = model if isinstance(model, str) else DEFAULT_MODEL
    ident = jf.string(msg.get("responseId")) or jf.string(rec.get("id")) or jf.string(rec.get("timestamp")) or str(index)
    return Call(ts_ms(rec.get("timestamp")), model, input=inp, output=out, cache_write=cache_write,
                cache_read=cache_read, key=f"{source.provider}:{source.path}:{ident}", raw_ts=rec.get("timestamp"),
                tools=[_tool(b) for b in jf.blocks(msg.get("content"))
                       if b.get("type") == "toolCall" and isinstance(b.get("name"), str) and b["name"]])


def _tool(block: dict) -> Tool:
    name, args = block["name"], jf.obj(block.get("arguments"))
    path = args.get("path", args.get("file_path"))
    path = path if isinstance(path, str) else None
    skill = _skill(name, path)
    if skill:
        return Tool("Skill", skill=skill)
    command = args.get("command") if name == "bash" else None
    return Tool(name, command=command if isinstance(command, str) else None, file=path)


def _skill(name: str, path: str | None) -> str | None:
    """A `read` of `<skill>/SKILL.md` or `skill://<skill>` is a skill load
    (Pi has no skill tool of its own)."""
    if name != "read" or not path or not path.strip():
        return None
    path = path.strip()
    if path.startswith("skill://"):
        rest = path[len("skill://"):].lstrip("/")
        for sep in "/?#":
            rest = rest.split(sep, 1)[0]
        return rest.strip() or None
    parts = [p for p in path.replace("\\", "/").split("/") if p]
    if len(parts) >= 2 and parts[-1] == "SKILL.md":
        return parts[-2].strip() or None
    return None


def pi_like(head: bytes, path: str = "") -> bool:
    """A Pi-format session: a `session` header with a `version` near the
    top, and messages in Pi's shape (OpenClaw's lack `api`), or, when the
    first bytes hold no message (a first prompt carrying an image runs past
    them), a file in Pi's or OMP's own sessions folder."""
    head = logfiles.compact(head)  # (Pi writes compact JSON; a rewritten copy may not be)
    first = jf.first_line(head)
    if first.startswith(b'{"type":"title"'):
        first = jf.first_line(head[head.find(b"\n") + 1:]) if b"\n" in head else b""
    return first.startswith(b'{"type":"session"') and b'"version"' in first \
        and (b'"api"' in head or b'"responseId"' in head or _in_sessions_folder(path))


def _in_sessions_folder(path: str) -> bool:
    where = os.path.abspath(path).replace(os.sep, "/") if path else ""
    return any(f"/{d}/agent/sessions/" in where for d in (".pi", ".omp"))


def sniff(path: str, head: bytes) -> bool:
    """Pi's session without OMP's leading `title` line."""
    return pi_like(head, path) and not logfiles.compact(head).lstrip().startswith(b'{"type":"title"')
