"""Reading the JSON and JSONL files of records providers, the same careful way
for each: the file is read once, read-only; a line that is not JSON (a
truncated last line, a torn write) is skipped and counted; a file that cannot
be opened (unreadable, a directory where a file should be) is named. JSON is
parsed as the reference parses it (`logfiles.parse_json`: no NaN or
Infinity). Nothing here raises: what could not be read goes to the `ReadLog`.

Also the small value helpers every decoder needs: an object or {}, a token
count or None for a wrong type, and the text of a content field that is a
string or a list of blocks.
"""
from __future__ import annotations

import os
from typing import Iterator

# (the char estimates count UTF-16 units: jf.js_len, jf.js_prefix)
from codeburn.jstext import js_len, js_prefix  # noqa: F401
from codeburn.providers.logfiles import parse_json
from codeburn.providers.records import ReadLog
from codeburn.read.regular import open_regular


def read_bytes(path: str, log: ReadLog) -> bytes | None:
    """The whole file, or None (named in `log`) when it cannot be read."""
    try:
        with open_regular(path) as f:
            return f.read()
    except OSError as exc:
        log.cannot_read(path, exc.strerror or str(exc))
        return None


HEAD_BYTES = 256   # where a line's record type shows (`skip` markers are looked for there)


def json_lines(path: str, log: ReadLog, data: bytes | None = None,
               skip: bytes | None = None) -> Iterator[tuple[int, object]]:
    """(1-based line number, parsed value) of every non-blank line; lines
    that are not JSON are counted as `invalid` and skipped. A line whose
    head holds `skip` (a record no report needs, such as a tool's output)
    is passed over unparsed."""
    if data is None:
        data = read_bytes(path, log)
        if data is None:
            return
    for n, line in enumerate(data.split(b"\n"), 1):
        if not line.strip() or (skip is not None and skip in line[:HEAD_BYTES]):
            continue
        try:
            yield n, parse_json(line.decode("utf-8", "replace"))
        except ValueError:
            log.skip("invalid", f"{path}:{n}")


def json_records(path: str, log: ReadLog, data: bytes | None = None,
                 skip: bytes | None = None) -> Iterator[tuple[int, dict]]:
    """Like json_lines, keeping only objects; JSON that is not an object is
    counted as `bad_record`."""
    for n, value in json_lines(path, log, data, skip):
        if isinstance(value, dict):
            yield n, value
        else:
            log.skip("bad_record", f"{path}:{n}")


def json_file(path: str, log: ReadLog, *, quiet_missing: bool = False) -> object | None:
    """A whole JSON document, or None: unreadable files are named, invalid
    JSON (a file cut mid-write) counted as `invalid`."""
    if quiet_missing and not os.path.lexists(path):
        return None
    data = read_bytes(path, log)
    if data is None:
        return None
    try:
        return parse_json(data.decode("utf-8", "replace"))
    except ValueError:
        log.skip("invalid", path)
        return None


def obj(value) -> dict:
    """value when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def string(value) -> str:
    return value if isinstance(value, str) else ""


MAX_TOKENS = 10 ** 15   # more than any log holds; beyond it a count is corrupt (and would overflow int64)


def count(value) -> int | None:
    """A token count: a non-negative whole number (missing reads as 0);
    None for a wrong type (a string, a negative, fractional or absurd number)."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if not 0 <= value <= MAX_TOKENS or value != int(value):
        return None
    return int(value)


def capped(n: float) -> int:
    """A number the reference reads as a count (truncated), 0 when it is
    not finite or beyond MAX_TOKENS."""
    return int(n) if n == n and 0 <= n <= MAX_TOKENS else 0


def block_texts(content) -> list[str]:
    """The texts of a content field: a string is one text; a list gives its
    `{"type": "text", "text": …}` blocks."""
    if isinstance(content, str):
        return [content]
    if not isinstance(content, list):
        return []
    return [b["text"] for b in content
            if isinstance(b, dict) and b.get("type") == "text" and isinstance(b.get("text"), str)]


def blocks(content) -> list[dict]:
    """The object blocks of a content list (a string is one text block)."""
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    if not isinstance(content, list):
        return []
    return [b for b in content if isinstance(b, dict)]


def group_sessions(calls, project: str, cwd: str | None = None) -> list:
    """[(session id, Call)] in file order -> one Session per id, in order of
    first appearance (a file whose header names a new id mid-way splits)."""
    from codeburn.providers.records import Session

    by_id: dict[str, Session] = {}
    for sid, call in calls:
        session = by_id.get(sid)
        if session is None:
            session = by_id[sid] = Session(sid, project, [], cwd)
        session.calls.append(call)
    return list(by_id.values())


def unique_tools(tools, names: dict[str, str] | None = None) -> list:
    """One Tool per name, for tools whose reference keeps a set of names:
    the command lines of a name's calls are joined with `;`, which the
    command extractor splits on, so every command is still counted. With
    `names` (native -> canonical) the set is of canonical names, as the
    reference maps before it dedupes (Kimi's `Shell` and `Bash` are one)."""
    from codeburn.providers.records import Tool

    merged: dict[str, Tool] = {}
    for t in tools:
        name = names.get(t.name, t.name) if names else t.name
        kept = merged.get(name)
        if kept is None:
            merged[name] = Tool(t.name, t.command, t.file, t.skill, t.subagent)
        elif t.command:
            kept.command = f"{kept.command} ; {t.command}" if kept.command else t.command
    return list(merged.values())



def first_line(head: bytes) -> bytes:
    """The first non-blank line of a file's head, for `sniff`s: a format
    is told by how its files begin, not by text that may appear anywhere."""
    for line in head.split(b"\n"):
        if line.strip():
            return line.strip()
    return b""


def arguments(value) -> dict:
    """A tool call's arguments: an object, or a JSON string holding one
    (OpenAI-style); {} for anything else."""
    if isinstance(value, str):
        try:
            value = parse_json(value)
        except ValueError:
            return {}
    return obj(value)


def small_json(path: str):
    """A small side file discovery consults (an index, a state or config
    file), or None without a warning: a missing or broken one only means
    less is known, and the sessions themselves are still read."""
    try:
        with open_regular(path) as f:
            return parse_json(f.read().decode("utf-8", "replace"))
    except (OSError, ValueError):
        return None


def date_mtime_ms(st: os.stat_result) -> int:
    """A file's mtime as the reference reads it through Node's `stats.mtime`
    (a Date of the ms rounded half up), for tools it dates by that."""
    return (st.st_mtime_ns + 500_000) // 1_000_000


def mtime_ms(st: os.stat_result) -> int:
    """A file's mtime as `new Date(stats.mtimeMs)` holds it (ms truncated),
    from the ns count (a float of seconds can fall a ms short)."""
    return st.st_mtime_ns // 1_000_000


def stamps_with(main: str, *side: str) -> list[str]:
    """A source's `stamp_paths`: its file and the side files it was read
    with that exist now (one appearing later changes the list, and so the
    stamp)."""
    return [main, *(p for p in side if os.path.lexists(p))]
