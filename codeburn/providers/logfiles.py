"""Small pieces the records providers share: reading a whole log file,
walking its JSON lines, checking token counts, and the provider's tool-name
table. Every problem goes to the `ReadLog`; nothing here raises.
"""
from __future__ import annotations

import math
import os
from functools import lru_cache
from typing import Iterator

from codeburn.jstext import json_decoder
from codeburn.providers.records import ReadLog
from codeburn.read.regular import open_regular

MAX_FILE_BYTES = 1 << 30  # a "log" larger than this is not read whole


def read_text(path: str, log: ReadLog) -> str | None:
    """The file's text (invalid UTF-8 replaced, as Node's reader does), or
    None with the reason logged (missing, a directory, unreadable, too big)."""
    try:
        with open_regular(path) as f:
            if os.fstat(f.fileno()).st_size > MAX_FILE_BYTES:
                log.cannot_read(path, "larger than 1 GiB")
                return None
            data = f.read()
    except OSError as exc:
        log.cannot_read(path, exc.strerror or str(exc))
        return None
    return data.decode("utf-8", "replace")


def parse_json(text: str):
    """The JSON value of `text`, or a ValueError for invalid or too deeply
    nested JSON (Python's decoder would otherwise raise RecursionError)."""
    try:
        return json_decoder().decode(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def json_lines(text: str, where: str, log: ReadLog | None, skip_types: frozenset = frozenset()
               ) -> Iterator[tuple[int, object]]:
    """(line number, value) of each non-blank line; a line that is not JSON
    (a torn last line, a corrupt one) is counted as `invalid` in `log`.
    Lines whose leading `"type"` is one of `skip_types` (tool outputs, the
    bulk of a log, which no report needs) are passed over unparsed."""
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or (skip_types and leading_type(line) in skip_types):
            continue
        try:
            yield number, parse_json(line)
        except ValueError:
            if log is not None:
                log.skip("invalid", f"{where}:{number}")


def count(value) -> int | None:
    """A token count: None when absent, the int of a finite number >= 0,
    else raises TypeError (a record with such a field is skipped whole)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise TypeError(f"not a token count: {value!r}")
    return int(value)


def text_of(value) -> str:
    """A string field, or '' when absent or of another type."""
    return value if isinstance(value, str) else ""


@lru_cache(maxsize=None)
def _tables(directory: str) -> dict:
    import tomllib

    try:
        with open(os.path.join(directory, "providers.toml"), "rb") as f:
            data = tomllib.load(f)
    except (OSError, ValueError):  # tomllib.TOMLDecodeError is a ValueError
        return {}  # the rules loader names a broken rules file
    return {k: v for k, v in data.items() if isinstance(v, dict)}


def tool_names(provider: str) -> dict[str, str]:
    """The provider's native -> canonical tool names (rules/providers.toml,
    or CODEBURN_RULES_DIR's copy), for readers that must know how a name
    maps (which of two names to keep, which tools are shells)."""
    from codeburn.classify import ruleset

    return _tables(ruleset.rules_dir(os.environ)).get(provider, {})


def compact(head: bytes) -> bytes:
    """JSON bytes as a compact writer spaces them, as far as a sniffer
    looks: no space after a key's colon or between members (Python's
    json.dumps writes `{"type": "metadata", "protocol_version": …}`)."""
    return head.replace(b'": ', b'":').replace(b', "', b',"')


def head_has(head: bytes, *markers: bytes) -> bool:
    """Whether a file's first bytes hold every marker (JSON written with or
    without spaces: `compact`)."""
    tight = compact(head)
    return all(m in tight for m in markers)


def unique_tools(uses, names: dict[str, str]) -> list:
    """Tools of one call counted once per canonical name, as Gemini and Qwen
    do: `uses` are (native name, shell command or None); a command is kept
    for tools the table maps to Bash, the commands of repeated Bash uses
    joined into one command line."""
    from codeburn.providers.records import Tool

    tools: dict[str, Tool] = {}
    for native, command in uses:
        canonical = names.get(native, native)
        tool = tools.setdefault(canonical, Tool(native))
        if canonical == "Bash" and isinstance(command, str):
            tool.command = command if tool.command is None else f"{tool.command}; {command}"
    return list(tools.values())


def named_entries(walker, folder: str, wanted) -> list[str]:
    """The files directly in `folder` that `wanted(path)` takes, sorted. One
    of those names that is a folder, a FIFO or a dangling link is named by
    the walker (it cannot be read) instead of passing unnoticed."""
    return [p for p in walker.entries(folder, wanted=wanted)[0] if wanted(p)]


def rules_table_path() -> str:
    """providers.toml of the rules in use: a reader whose result depends on
    the tool-name table names it among its stamped files, so a cached read
    is redone when the table is edited."""
    from codeburn.classify import ruleset

    return os.path.join(ruleset.rules_dir(os.environ), "providers.toml")


def leading_type(line: str) -> str | None:
    """The value of the first `"type"` key in a line's first 512 characters
    (the tools we read write it before any nested object), else None."""
    head = line[:512]
    at = head.find('"type"')
    if at < 0:
        return None
    rest = head[at + 6:].lstrip()
    if not rest.startswith(":"):
        return None
    rest = rest[1:].lstrip()
    if not rest.startswith('"'):
        return None
    end = rest.find('"', 1)
    return rest[1:end] if end > 0 else None


def file_and_rules(src) -> list[str]:
    """stamp_paths of a reader whose result depends on the session file and
    on the tool-name table."""
    return [src.path, rules_table_path()]


def project_folder(path: str) -> str:
    """The folder that names a session file's project: the one above its
    `chats/` folder (Gemini CLI, Qwen Code), else its own folder."""
    folder = os.path.dirname(os.path.abspath(path))
    return os.path.dirname(folder) if os.path.basename(folder) == "chats" else folder
