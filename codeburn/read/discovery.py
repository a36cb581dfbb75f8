"""Which files a scan reads: the default log locations of each provider, or
the files and folders given to `codeburn scan`, whose format is sniffed
from their first bytes. Lists and stats only; no numpy, so that a scan's
reading threads can start before the rest of the program is imported.
"""
from __future__ import annotations

import os
from typing import Iterable, Mapping

from codeburn.providers import claude, clinefamily, codex
from codeburn.providers import discover as discover_providers
from codeburn.providers.base import Source, Walker
from codeburn.read.regular import open_regular

SNIFF_BYTES = 64 * 1024
SQLITE_MAGIC = b"SQLite format 3\x00"
CODEX_MARKERS = (b'"type":"session_meta"', b'"type":"response_item"', b'"type":"event_msg"', b'"type":"turn_context"')


def discover_default(env: Mapping[str, str], home: str, walker: Walker, providers: Iterable[str]) -> list[Source]:
    return discover_providers(env, home, walker, providers)


def discover_paths(paths: Iterable[str], walker: Walker, warnings: list[str], home: str | None = None) -> list[Source]:
    """`codeburn scan PATH…`: the given files, and every file below given
    dirs that is a session of a tool codeburn reads (*.jsonl, and what a
    records provider's `sniff` recognises). A path the shell left with its
    `~` (quoted) starts at `home`."""
    sources = []
    for path in paths:
        if "://" in path and not path.startswith("file://"):
            sources.extend(_url_sources(path, walker))
            continue
        path = path[len("file://"):] if path.startswith("file://") else path
        if home and (path == "~" or path.startswith("~/")):
            path = os.path.join(home, path[2:])
        given = not os.path.isdir(path)
        if not given:
            files = walker.files_below(path, "")
        else:
            one = _given_file(path, walker)
            if one is None:
                continue
            files = [one]
        for f in files:
            src = _source_of(f, given=given)
            if src is not None:
                sources.append(src)
            elif given:  # (below a folder, a file no tool wrote is simply not a session)
                walker.errors.append((f, "a SQLite database of no tool codeburn reads"))
    return _one_copy(sources)


def _one_copy(sources: list[Source]) -> list[Source]:
    """Each session once where a tool's discovery reads one of two copies:
    a Codex rollout both in sessions/ and archived_sessions/ (the active
    one), a Cline task in two roots (its newest ui_messages.json)."""
    chosen: dict[tuple[str, str], Source] = {}
    for src in sources:
        key = _copy_key(src)
        if key is not None and (key not in chosen or _preferred(src, chosen[key])):
            chosen[key] = src
    return [s for s in sources if (key := _copy_key(s)) is None or chosen[key] is s]


def _copy_key(src: Source) -> tuple[str, str] | None:
    if src.provider == "codex":
        return src.provider, os.path.basename(src.path)
    return (src.provider, src.session_id) if src.provider == "cline" else None


def _preferred(src: Source, held: Source) -> bool:
    if src.provider == "codex":
        archived = lambda s: "archived_sessions" in os.path.abspath(s.path).split(os.sep)  # noqa: E731
        return archived(held) and not archived(src)
    return clinefamily.task_mtime(src.path) > clinefamily.task_mtime(held.path)   # (as discovery's newest copy: equal times, the first)


def _given_file(path: str, walker: Walker) -> str | None:
    """The file to read for a path given to scan that is no folder: itself
    when it is a regular file; for a pipe (`scan <(zcat log.gz)`, `scan
    /dev/stdin`), a private copy of what it carries, read once (the format
    is sniffed from a file's first bytes, and a pipe gives them only once);
    None, the path named, for anything else (a device would never end)."""
    import stat

    try:
        st = os.stat(path)
    except OSError as exc:
        walker.errors.append((path, exc.strerror or str(exc)))
        return None
    if stat.S_ISREG(st.st_mode):
        return path
    if stat.S_ISFIFO(st.st_mode):
        try:
            return _drained(path)
        except OSError as exc:
            walker.errors.append((path, exc.strerror or str(exc)))
            return None
    walker.errors.append((path, "not a regular file"))
    return None


def _drained(path: str) -> str:
    """A pipe's bytes, up to its end, in a file of this run's scratch dir
    (removed at exit) named as the pipe is. Opened without blocking, so a
    FIFO no program writes to gives nothing rather than a wait for ever."""
    import atexit
    import fcntl
    import shutil
    import tempfile

    from codeburn.cache import cachedir

    root = cachedir.scratch_dir()
    cachedir.private_dirs(root, root)
    folder = tempfile.mkdtemp(prefix="pipe-", dir=root)
    atexit.register(shutil.rmtree, folder, True)
    copy = os.path.join(folder, os.path.basename(path) or "stdin")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        with open(copy, "wb") as out:
            while chunk := os.read(fd, 1 << 20):
                out.write(chunk)
    finally:
        os.close(fd)
    return copy


def _source_of(path: str, given: bool) -> Source | None:
    """The source a file is, from its first bytes: a records provider's
    format, Codex, else Claude Code (a *.jsonl below a folder; any file
    named directly). None: a file below a folder that no tool wrote."""
    head = _head(path)
    for module in _sniffing_providers():
        if head is not None and module.sniff(path, head):
            return module.source_for(path) if hasattr(module, "source_for") else _records_source(module, path)
    if not given and not path.endswith(".jsonl"):
        return None
    if head is not None and head.startswith(SQLITE_MAGIC):  # a store no sniffer knows: no session log either
        return None
    return codex.source(path) if sniff_head(head) == "codex" else _source_for_path(path)


# Which format a given file is in is asked of the most particular formats
# first (a Pi or OMP session would also pass OpenClaw's looser test, Kimi
# Code's wire log legacy Kimi's), whatever the read order of the registry.
SNIFF_ORDER = ("cursor", "cline", "roo-code", "kilo-code", "ibm-bob", "cline-cli", "opencode", "goose", "crush",
               "antigravity", "gemini", "qwen", "copilot", "droid", "pi", "omp", "openclaw", "kimicode", "kimi",
               "mistral-vibe", "kiro", "cursor-agent")


def _sniffing_providers() -> list:
    from codeburn.providers import PROVIDERS

    modules = [m for m in PROVIDERS.values() if m.KIND not in ("claude", "codex") and hasattr(m, "sniff")]
    rank = {name: i for i, name in enumerate(SNIFF_ORDER)}
    return sorted(modules, key=lambda m: rank.get(m.PROVIDER, len(rank)))


def _records_source(module, path: str) -> Source:
    folder = os.path.dirname(os.path.abspath(path))
    return Source(module.PROVIDER, path, os.path.basename(folder) or folder, os.path.basename(path), folder)


def _head(path: str) -> bytes | None:
    try:
        with open_regular(path, blocking=False) as f:  # (a FIFO or tracefs' trace_pipe must not block the sniff)
            return f.read(SNIFF_BYTES)
    except OSError:
        return None  # the scan itself reports the read error


def sniff(path: str) -> str:
    """Provider of a JSONL file from its first bytes ('claude' unless it looks like Codex)."""
    return sniff_head(_head(path))


def sniff_head(head: bytes | None) -> str:
    if head is None:
        return "claude"
    compact = head.replace(b'": "', b'":"')
    return "codex" if any(m in compact for m in CODEX_MARKERS) else "claude"


def _source_for_path(path: str) -> Source:
    """Project = the slug dir under `projects/`, else the file's folder name."""
    parts = os.path.abspath(path).split(os.sep)
    session = os.path.basename(path)
    session = session[:-6] if session.endswith(".jsonl") else session
    sidechain = "subagents" in parts[:-1]
    if "projects" in parts[:-2]:
        i = len(parts) - 3 - parts[:-2][::-1].index("projects")  # last "projects" with a slug after it
        slug_dir = os.sep.join(parts[: i + 2])
        project = parts[i + 1]
    else:
        slug_dir = os.path.dirname(os.path.abspath(path))
        project = os.path.basename(slug_dir) or slug_dir
    agent = claude.subagent_type(path) if sidechain else None
    desktop = _desktop_label(parts, slug_dir)
    if desktop is not None:  # a Claude Desktop session: named by its space, as discovery names it
        project = desktop or project
    return Source("claude", path, project, session, slug_dir, agent_type=agent, sidechain=sidechain,
                  desktop=desktop is not None)


DESKTOP_ROOT = "local-agent-mode-sessions"


def _desktop_label(parts: list[str], slug_dir: str) -> str | None:
    """For a file below Claude Desktop's sessions root: its space's name, or
    "" when it has none to give; None for any other file."""
    roots = [k for k, part in enumerate(parts[:-1]) if part == DESKTOP_ROOT]
    if not roots:
        return None
    return claude.desktop_project_label(slug_dir, os.sep.join(parts[:roots[-1] + 1])) or ""


def _url_sources(url: str, walker: Walker) -> list[Source]:
    """Session files at an fsspec URL (`s3://…`, `gs://…`): the file, or every
    *.jsonl below the folder, sniffed from their first bytes. Read by a Dask
    cluster's workers (codeburn.read.scaleout)."""
    try:
        import fsspec

        fs, root = fsspec.core.url_to_fs(url)
        files = sorted(p for p in fs.find(root) if p.endswith(".jsonl")) if fs.isdir(root) else [root]
        protocol = url.split("://", 1)[0]
        out = []
        for f in files:
            with fs.open(f, "rb") as fh:
                head = fh.read(SNIFF_BYTES)
            full = f if "://" in f else f"{protocol}://{f}"
            out.append(codex.source(full) if sniff_head(head) == "codex" else _source_for_path(full))
        return out
    except ImportError:
        walker.errors.append((url, "reading URLs needs fsspec (pip install 'codeburn[dask]')"))
    except Exception as exc:  # fsspec backends raise their own errors
        walker.errors.append((url, str(exc) or type(exc).__name__))
    return []
