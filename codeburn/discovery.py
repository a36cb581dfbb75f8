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
    """`codeburn scan PATH…`: the given files, and every *.jsonl below given dirs."""
    sources = []
    for path in paths:
        if os.path.isdir(path):
            files = walker.files_below(path, ".jsonl")
        elif os.path.exists(path):
            files = [path]
        else:
            walker.errors.append((path, "No such file or directory"))
            continue
        for f in files:
            sources.append(codex.source(f) if sniff(f) == "codex" else _source_for_path(f))
    return sources


def sniff(path: str) -> str:
    """Provider of a JSONL file from its first bytes ('claude' unless it looks like Codex)."""
    try:
        with open(path, "rb") as f:
            head = f.read(SNIFF_BYTES)
    except OSError:
        return "claude"  # the scan itself reports the read error
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
