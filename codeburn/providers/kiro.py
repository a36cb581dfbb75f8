"""Kiro (AWS): the CLI store and the IDE's stores, spec providers §1.12 and
§3.4. Kiro bills in credits and records no token counts: a turn's tokens are
estimated from its text (ceil(chars / 4)); its cost is its credits at $0.04
when it records any, else the estimated tokens' price. Kiro is on the
reference's keep-cost list (§0.4). Model ids have `<d>.<d>` written
`<d>-<d>` (`claude-sonnet-4.5` -> `claude-sonnet-4-5`); `auto` or none is
`kiro-auto`.

Stores (`kiro_stores.py` decodes each):
- CLI: `$KIRO_HOME/sessions/cli/<id>.jsonl` (else `~/.kiro/…`) with its
  companion `<id>.json`; one call per prompt turn with output.
- IDE v2: `<sessions>/<workspace hash>/sess_<id>/messages.jsonl`, an event
  log beside `session.json`; one call per turn with output, reasoning or
  tools.
- IDE legacy and v1, under the `kiro.kiroagent` global storage
  (`~/.config/Kiro/User/globalStorage/…` and `~/.kiro-server/data/User/…`
  on Linux, `~/Library/Application Support/Kiro/User/…` on macOS): each
  32-char workspace dir's `*.chat` files and extensionless execution files
  (one call each), and `workspace-sessions/<base64 path>/*.json` (one call
  per session not backed by execution files).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterator, Mapping

from codeburn.jstext import node_basename
from codeburn.providers import jsonfiles as jf
from codeburn.providers import kiro_stores as stores
from codeburn.providers.base import Source, Walker
from codeburn.providers.records import ReadLog, Session

PROVIDER = "kiro"
DISPLAY_NAME = "Kiro"
KIND = "records"
OUTPUT_HAS_REASONING = False
KEEPS_COST = True
EMPTY_PROJECT = True  # a CLI meta cwd of "/" or none, a workspace path "/", name the project "" (its basename), as in the reference
AGENT = ("User", "globalStorage", "kiro.kiroagent")
LINUX_SERVER = (".kiro-server", "data")
LINUX_CONFIG = (".config", "Kiro")
MACOS = ("Library", "Application Support", "Kiro")


@dataclass(slots=True)
class IdeSource(Source):
    workspace_json: str = ""       # where the workspace's project name comes from


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    seen: set[str] = set()
    sessions = os.path.join(env.get("KIRO_HOME") or os.path.join(home, ".kiro"), "sessions")
    sources = [*_cli(os.path.join(sessions, "cli"), walker)]
    for agent_dir, workspaces in _ide_roots(home):
        sources.extend(_ide(agent_dir, workspaces, home, walker))
        sources.extend(_workspace_sessions(agent_dir, home, walker))
    sources.extend(_v2(sessions, home, walker))
    for s in sources:
        if s.path not in seen:
            seen.add(s.path)
            yield s


def _ide_roots(home: str) -> list[tuple[str, str]]:
    """(kiro.kiroagent dir, workspaceStorage dir) for Linux's two homes and macOS's."""
    linux_ws = os.path.join(home, *LINUX_CONFIG, "User", "workspaceStorage")
    return [(os.path.join(home, *LINUX_SERVER, *AGENT), linux_ws),
            (os.path.join(home, *LINUX_CONFIG, *AGENT), linux_ws),
            (os.path.join(home, *MACOS, *AGENT), os.path.join(home, *MACOS, "User", "workspaceStorage"))]


def _cli(cli_dir: str, walker: Walker) -> Iterator[Source]:
    files, dirs = walker.entries(cli_dir)
    for path in sorted(files + dirs):     # a dir named *.jsonl is named by the read
        if path.endswith(".jsonl"):
            meta = jf.small_json(path[: -len(".jsonl")] + ".json")
            cwd = meta.get("cwd") if isinstance(meta, dict) else None
            project = node_basename(cwd) if isinstance(cwd, str) and cwd else "kiro-cli"
            yield Source(PROVIDER, path, project, os.path.basename(path)[: -len(".jsonl")], cli_dir)


def _v2(sessions: str, home: str, walker: Walker) -> Iterator[Source]:
    for hash_dir in walker.subdirs(sessions):
        if os.path.basename(hash_dir) == "cli":
            continue
        for sess in walker.subdirs(hash_dir):
            messages = os.path.join(sess, "messages.jsonl")
            if not os.path.basename(sess).startswith("sess_") or not os.path.lexists(messages):
                continue
            meta = jf.small_json(os.path.join(sess, "session.json"))
            paths = meta.get("workspacePaths") if isinstance(meta, dict) else None
            first = paths[0] if isinstance(paths, list) and paths else None
            project = node_basename(first) if isinstance(first, str) and first else "kiro-ide"
            yield Source(PROVIDER, messages, _not_home(project, home), os.path.basename(sess), hash_dir)


def _not_home(project: str, home: str) -> str:
    return "kiro-ide" if project == os.path.basename(home) else project


def _ide(agent_dir: str, workspaces: str, home: str, walker: Walker) -> Iterator[Source]:
    for ws in walker.subdirs(agent_dir):
        name = os.path.basename(ws)
        if len(name) != 32:
            continue
        project = stores.workspace_project(agent_dir, workspaces, name)
        workspace_json = os.path.join(workspaces, name, "workspace.json")
        files, dirs = walker.entries(ws)
        for path in files:
            base = os.path.basename(path)
            if not base.startswith(".") and (base.endswith(".chat") or not os.path.splitext(base)[1]):
                yield IdeSource(PROVIDER, path, project, base, ws, workspace_json=workspace_json)
        for d in dirs:
            if os.path.basename(d).startswith("."):
                continue
            for path in walker.entries(d)[0]:
                base = os.path.basename(path)
                if not base.startswith(".") and not os.path.splitext(base)[1]:
                    yield IdeSource(PROVIDER, path, project, base, ws, workspace_json=workspace_json)


def _workspace_sessions(agent_dir: str, home: str, walker: Walker) -> Iterator[Source]:
    for d in walker.subdirs(os.path.join(agent_dir, "workspace-sessions")):
        decoded = stores.b64_path(os.path.basename(d).replace("_", "="))
        project = _not_home(os.path.basename(decoded) if decoded else "kiro-ide", home)
        for path in walker.entries(d)[0]:
            base = os.path.basename(path)
            if base.endswith(".json") and base != "sessions.json":
                yield Source(PROVIDER, path, project, base[: -len(".json")], d)


def stamp_paths(source: Source) -> list[str]:
    """A source's file and the side file read with it: the CLI's companion
    `.json`, a v2 session's `session.json`, an IDE workspace's
    `workspace.json` (its project name)."""
    path = source.path
    if _is_v2(path):
        return jf.stamps_with(path, os.path.join(os.path.dirname(path), "session.json"))
    if path.endswith(".jsonl"):
        return jf.stamps_with(path, path[: -len(".jsonl")] + ".json")
    return jf.stamps_with(path, *filter(None, [getattr(source, "workspace_json", "")]))


def _is_v2(path: str) -> bool:
    return os.path.basename(path) == "messages.jsonl" and os.path.basename(os.path.dirname(path)).startswith("sess_")


def read(source: Source, log: ReadLog) -> list[Session]:
    path = source.path
    if _is_v2(path):
        return stores.read_v2(source, log)
    if path.endswith(".jsonl"):
        return stores.read_cli(source, log)
    return stores.read_ide(source, log)


def sniff(path: str, head: bytes) -> bool:
    """The CLI's `{version, kind, data}` lines, a v2 event log, or a legacy chat."""
    first = jf.first_line(head)
    return first.startswith(b'{"version":"1","kind":"') \
        or (first.startswith(b'{"id":') and b'"payload":{"type":"' in first) \
        or (path.endswith(".chat") and b'"chat"' in head and b'"executionId"' in head)
