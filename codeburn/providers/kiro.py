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
  on Linux, only `~/Library/Application Support/Kiro/User/…` on macOS and
  `~/AppData/Roaming/Kiro/User/…` on Windows): each
  32-char workspace dir's `*.chat` files and extensionless execution files
  (one call each), and `workspace-sessions/<base64 path>/*.json` (one call
  per session not backed by execution files).
"""
from __future__ import annotations

import os
import sys
from typing import Iterator, Mapping

from codeburn.jstext import node_basename
from codeburn.plainclass import dataclass
from codeburn.providers import jsonfiles as jf
from codeburn.providers import kiro_stores as stores
from codeburn.providers.logfiles import compact
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
WINDOWS = ("AppData", "Roaming", "Kiro")


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


def _ide_roots(home: str, platform: str | None = None) -> list[tuple[str, str]]:
    """(kiro.kiroagent dir, workspaceStorage dir): the IDE's home on this
    system (spec §3.4), as Kiro keeps it; on Linux both a local install's
    and a remote dev box's."""
    platform = platform or sys.platform
    base = {"darwin": MACOS, "win32": WINDOWS}.get(platform)
    if base:
        return [(os.path.join(home, *base, *AGENT), os.path.join(home, *base, "User", "workspaceStorage"))]
    linux_ws = os.path.join(home, *LINUX_CONFIG, "User", "workspaceStorage")
    return [(os.path.join(home, *LINUX_SERVER, *AGENT), linux_ws),
            (os.path.join(home, *LINUX_CONFIG, *AGENT), linux_ws)]


def _cli(cli_dir: str, walker: Walker) -> Iterator[Source]:
    files, dirs = walker.entries(cli_dir)
    for path in sorted(files + dirs):     # a dir named *.jsonl is named by the read
        if path.endswith(".jsonl"):
            yield Source(PROVIDER, path, _cli_project(path), os.path.basename(path)[: -len(".jsonl")], cli_dir)


def _cli_project(path: str) -> str:
    meta = jf.small_json(path[: -len(".jsonl")] + ".json")
    cwd = meta.get("cwd") if isinstance(meta, dict) else None
    return node_basename(cwd) if isinstance(cwd, str) and cwd else stores.CLI_PROJECT


def _v2(sessions: str, home: str, walker: Walker) -> Iterator[Source]:
    for hash_dir in walker.subdirs(sessions):
        if os.path.basename(hash_dir) == "cli":
            continue
        for sess in walker.subdirs(hash_dir):
            messages = os.path.join(sess, "messages.jsonl")
            if not os.path.basename(sess).startswith("sess_") or not os.path.lexists(messages):
                continue
            yield Source(PROVIDER, messages, _v2_project(sess, home), os.path.basename(sess), hash_dir)


def _v2_project(sess: str, home: str) -> str:
    meta = jf.small_json(os.path.join(sess, "session.json"))
    paths = meta.get("workspacePaths") if isinstance(meta, dict) else None
    first = paths[0] if isinstance(paths, list) and paths else None
    return _not_home(node_basename(first) if isinstance(first, str) and first else "kiro-ide", home)


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
        folders = set(dirs)
        # Files and folders in one walk by name, as 0.9.20 lists the
        # workspace (a legacy build's execution files beside a newer one's
        # folders: the order of sessions, and which raw id names a model row)
        for entry in sorted(files + dirs):
            if os.path.basename(entry).startswith("."):
                continue
            if entry in folders:
                for path in walker.entries(entry)[0]:
                    base = os.path.basename(path)
                    if not base.startswith(".") and not os.path.splitext(base)[1]:
                        yield IdeSource(PROVIDER, path, project, base, ws, workspace_json=workspace_json)
            elif entry.endswith(".chat") or not os.path.splitext(os.path.basename(entry))[1]:
                yield IdeSource(PROVIDER, entry, project, os.path.basename(entry), ws, workspace_json=workspace_json)


def _workspace_sessions(agent_dir: str, home: str, walker: Walker) -> Iterator[Source]:
    for d in walker.subdirs(os.path.join(agent_dir, "workspace-sessions")):
        project = _workspace_sessions_project(d, home)
        for path in walker.entries(d)[0]:
            base = os.path.basename(path)
            if base.endswith(".json") and base != "sessions.json":
                yield Source(PROVIDER, path, project, base[: -len(".json")], d)


def _workspace_sessions_project(d: str, home: str) -> str:
    decoded = stores.b64_path(os.path.basename(d).replace("_", "="))
    return _not_home(os.path.basename(decoded) if decoded else "kiro-ide", home)


def source_for(path: str) -> Source:
    """A file given to `scan`, named as discovery names it where its place
    in Kiro's folders says how: a v2 session by its workspace, a CLI
    session by its companion's cwd, an IDE file by its workspace."""
    path = os.path.abspath(path)
    folder = os.path.dirname(path)
    home = os.path.expanduser("~")
    if _is_v2(path):
        return Source(PROVIDER, path, _v2_project(folder, home), os.path.basename(folder), os.path.dirname(folder))
    if path.endswith(".jsonl"):
        return Source(PROVIDER, path, _cli_project(path), os.path.basename(path)[: -len(".jsonl")], folder)
    return _ide_source(path, folder, home) or Source(PROVIDER, path, os.path.basename(folder) or folder,
                                                     os.path.basename(path), folder)


def _ide_source(path: str, folder: str, home: str) -> Source | None:
    """An IDE file below `kiro.kiroagent/`: a workspace session's JSON, or
    a chat or execution file of a 32-character workspace folder (or one
    folder below it)."""
    place = _ide_place(path)
    if place is None:
        return None
    agent_dir, below = place
    base = os.path.basename(path)
    if below[0] == "workspace-sessions":
        return Source(PROVIDER, path, _workspace_sessions_project(folder, home), base[: -len(".json")], folder)
    ws = os.path.join(agent_dir, below[0])
    workspaces = os.path.join(os.path.dirname(os.path.dirname(agent_dir)), "workspaceStorage")
    return IdeSource(PROVIDER, path, stores.workspace_project(agent_dir, workspaces, below[0]), base, ws,
                     workspace_json=os.path.join(workspaces, below[0], "workspace.json"))


def _ide_place(path: str) -> tuple[str, list[str]] | None:
    """(the `kiro.kiroagent` dir, the folders from it to the file) for a
    workspace session's JSON (`workspace-sessions/<dir>/*.json`) or a file
    of a 32-character workspace folder or one folder below it; else None."""
    parts = os.path.dirname(path).split(os.sep)
    if AGENT[-1] not in parts:
        return None
    at = len(parts) - 1 - parts[::-1].index(AGENT[-1])
    below = parts[at + 1:]
    if len(below) == 2 and below[0] == "workspace-sessions" and path.endswith(".json"):
        return os.sep.join(parts[: at + 1]), below
    if below and below[0] != "workspace-sessions" and len(below[0]) == 32 and len(below) <= 2:
        return os.sep.join(parts[: at + 1]), below
    return None


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
    """The CLI's `{version, kind, data}` lines, a v2 event log, a legacy
    chat; or, below `kiro.kiroagent/`, an execution file or a workspace
    session's JSON (each a JSON object)."""
    first = compact(jf.first_line(head))
    return first.startswith(b'{"version":"1","kind":"') \
        or (first.startswith(b'{"id":') and b'"payload":{"type":"' in first) \
        or (path.endswith(".chat") and b'"chat"' in head and b'"executionId"' in head) \
        or (head.lstrip().startswith(b"{") and not path.endswith(".jsonl")
            and _ide_place(os.path.abspath(path)) is not None)
