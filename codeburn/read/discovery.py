"""Which files a scan reads: the default log locations of each provider, or
the files and folders given to `codeburn scan`, whose format is sniffed
from their first bytes. Lists and stats only; no numpy, so that a scan's
reading threads can start before the rest of the program is imported.
"""
from __future__ import annotations

import os
from typing import Iterable, Mapping

from codeburn.providers import claude, codex
from codeburn.providers import discover as discover_providers
from codeburn.providers.base import Source, Walker

SNIFF_BYTES = 64 * 1024
CODEX_MARKERS = (b'"type":"session_meta"', b'"type":"response_item"', b'"type":"event_msg"', b'"type":"turn_context"')


def discover_default(env: Mapping[str, str], home: str, walker: Walker, providers: Iterable[str]) -> list[Source]:
    return discover_providers(env, home, walker, providers)


def discover_paths(paths: Iterable[str], walker: Walker, warnings: list[str]) -> list[Source]:
    """`codeburn scan PATH…`: the given files, and every file below given
    dirs that is a session of a tool codeburn reads (*.jsonl, and what a
    records provider's `sniff` recognises)."""
    sources = []
    for path in paths:
        if "://" in path and not path.startswith("file://"):
            sources.extend(_url_sources(path, walker))
            continue
        path = path[len("file://"):] if path.startswith("file://") else path
        if os.path.isdir(path):
            files = walker.files_below(path, "")
        elif os.path.exists(path):
            files = [path]
        else:
            walker.errors.append((path, "No such file or directory"))
            continue
        for f in files:
            src = _source_of(f, given=not os.path.isdir(path))
            if src is not None:
                sources.append(src)
    return sources


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
        with open(path, "rb") as f:
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
    return Source("claude", path, project, session, slug_dir, agent_type=agent, sidechain=sidechain)


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
