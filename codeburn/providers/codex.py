"""OpenAI Codex (CLI, Desktop, any `codex app-server` frontend) discovery.

Where the files are (spec providers §1.2): `$CODEX_HOME`, else `~/.codex`;
`sessions/YYYY/MM/DD/rollout-*.jsonl` (each path part checked) and the flat
`archived_sessions/rollout-*.jsonl`. A basename found in both is one
session (the active copy wins). Discovery only lists; the reader checks
that a file opens with `session_meta`, and takes its session id and cwd
(the project) from there.
"""
from __future__ import annotations

import os
import re
from typing import Iterator, Mapping

from codeburn.providers.base import Source, Walker, base_name

PROVIDER = "codex"
DISPLAY_NAME = "Codex"
KIND = "codex"
YEAR, TWO = re.compile(r"^\d{4}$"), re.compile(r"^\d{2}$")


def codex_home(env: Mapping[str, str], home: str) -> str:
    override = env.get("CODEX_HOME")
    if override:
        return os.path.expanduser(override) if override.startswith("~") else override
    return os.path.join(home, ".codex")


def _rollout(path: str) -> bool:
    name = base_name(path)
    return name.startswith("rollout-") and name.endswith(".jsonl")


def _active(root: str, walker: Walker) -> Iterator[str]:
    for year in walker.subdirs(os.path.join(root, "sessions")):
        if not YEAR.match(os.path.basename(year)):
            continue
        for month in walker.subdirs(year):
            if not TWO.match(os.path.basename(month)):
                continue
            for day in walker.subdirs(month):
                if TWO.match(os.path.basename(day)):
                    yield from (p for p in walker.entries(day, wanted=_rollout)[0] if _rollout(p))


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    root = codex_home(env, home)
    seen: set[str] = set()
    folders: dict[str, str] = {}  # (a day's folder's project_dir, made once: abspath is slow)
    for path in [*_active(root, walker), *(p for p in walker.entries(os.path.join(root, "archived_sessions"), wanted=_rollout)[0]
                                          if _rollout(p))]:
        name = base_name(path)
        if name in seen:
            continue
        seen.add(name)
        head = path[: len(path) - len(name)]
        folder = folders.get(head)
        if folder is None:
            folder = folders[head] = _folder(path)
        yield source(path, folder)


def source(path: str, folder: str | None = None) -> Source:
    """A rollout file; project and session id are filled in by the read.
    `folder`: its project_dir when known (_folder)."""
    name = base_name(path)
    session = name[: -len(".jsonl")] if name.endswith(".jsonl") else name
    return Source(PROVIDER, path, "", session, folder or _folder(path))


def _folder(path: str) -> str:
    return "codex:" + os.path.dirname(os.path.abspath(path))


def project_label(cwd: str | None) -> str:
    """The reference's project name for a Codex cwd: leading '/' dropped, '/' -> '-'."""
    if not cwd:
        return "unknown"
    return (cwd[1:] if cwd.startswith("/") else cwd).replace("/", "-")
