"""Claude Code (CLI) and Claude Desktop local-agent-mode discovery.

Where the files are (spec classifier-and-parser §3.1-3.2, providers §1.1):
config dirs from CLAUDE_CONFIG_DIRS / CLAUDE_CONFIG_DIR / claudeConfigDirs in
~/.config/codeburn/config.json / ~/.claude (plus ~/.config/claude), each `projects/<slug>/` one project source; every
top-level `*.jsonl` is a session, and every `*.jsonl` below a `subagents/`
folder (directly under the slug dir or under any child dir) is a subagent
session. Discovery only lists and stats; it never reads a transcript.
"""
from __future__ import annotations

import json
import os
import sys
from typing import Iterator, Mapping

from codeburn.jstext import js_prefix, js_trim, js_truthy, node_basename
from codeburn.providers.base import Source, Walker, base_name, jsonl_file
from codeburn.read.regular import open_regular

PROVIDER = "claude"
DISPLAY_NAME = "Claude"
KIND = "claude"
DESKTOP_MAX_DEPTH = 8
SKIP_DIRS = frozenset({"node_modules", ".git"})


def config_dirs(env: Mapping[str, str], home: str) -> list[str]:
    """Claude config dirs in priority order, as given (existence checked
    later): CLAUDE_CONFIG_DIRS, else CLAUDE_CONFIG_DIR, else claudeConfigDirs
    in codeburn's config file, else the defaults."""
    from codeburn import config

    # (each entry trimmed, as 0.9.20 trims them; none left: the next source)
    many = [p.strip() for p in (env.get("CLAUDE_CONFIG_DIRS") or "").split(os.pathsep) if p.strip()]
    if many:
        return [os.path.expanduser(p) if p.startswith("~") else p for p in many]
    one = env.get("CLAUDE_CONFIG_DIR")
    if one:
        return [os.path.expanduser(one) if one.startswith("~") else one]
    configured = config.load(home).claude_dirs
    if configured:
        return list(configured)
    return [os.path.join(home, ".claude"), os.path.join(home, ".config", "claude")]


def desktop_roots(env: Mapping[str, str], home: str) -> list[str]:
    override = env.get("CODEBURN_DESKTOP_SESSIONS_DIR")
    if override:
        return [override]
    if sys.platform == "darwin":
        return [os.path.join(home, "Library", "Application Support", "Claude", "local-agent-mode-sessions")]
    if sys.platform == "win32":
        appdata = env.get("APPDATA", os.path.join(home, "AppData", "Roaming"))
        return [os.path.join(appdata, "Claude", "local-agent-mode-sessions")]
    return [os.path.join(home, ".config", "Claude", "local-agent-mode-sessions")]


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    """Every Claude transcript file, in the order that decides cross-file dedup:
    config dir, then project dirs (sorted), then top-level sessions, then subagents."""
    for cfg in config_dirs(env, home):
        projects = os.path.join(cfg, "projects")
        for slug_dir in walker.subdirs(projects):
            yield from project_sources(slug_dir, os.path.basename(slug_dir), walker)
    for root in desktop_roots(env, home):
        for projects in desktop_project_dirs(root, walker):
            for slug_dir in walker.subdirs(projects):
                label = desktop_project_label(slug_dir, root) or os.path.basename(slug_dir)
                yield from project_sources(slug_dir, label, walker, desktop=True)


def project_sources(slug_dir: str, project: str, walker: Walker, desktop: bool = False) -> Iterator[Source]:
    """Sessions of one `projects/<slug>` dir: top-level files, then subagent files."""
    files, dirs = walker.entries(slug_dir, wanted=jsonl_file)
    for path in files:
        if path.endswith(".jsonl"):
            yield Source(PROVIDER, path, project, _session_id(path), slug_dir, desktop=desktop)
    folders = [os.path.join(sub, "subagents") for sub in [slug_dir] + dirs]
    walker.prefetch(folders)   # (a session folder each: listed in one call)
    agents = [path for folder in folders for path in walker.files_below(folder, ".jsonl", dir_links=False)]
    for path, agent_type in zip(agents, subagent_types(agents)):
        yield Source(PROVIDER, path, project, _session_id(path), slug_dir,
                     agent_type=agent_type, sidechain=True, desktop=desktop)


# stamp_paths names files beside a session's own only for these sources
# (codeburn.cache.scanmemo asks it of no other).
SIDE_FILES_IF = "desktop"


def stamp_paths(source: Source) -> list[str]:
    """The files a source's answer depends on: its own, and a Claude Desktop
    session's metadata (`local_<id>.json` and `spaces.json` name its project)."""
    if not source.desktop:
        return [source.path]
    parts = source.path.split(os.sep)
    for k in range(len(parts) - 2, 0, -1):
        if parts[k] == ".claude" and parts[k - 1].startswith("local_"):
            workspace = os.sep.join(parts[:k - 1])
            return [source.path, os.path.join(workspace, parts[k - 1] + ".json"),
                    os.path.join(workspace, "spaces.json")]
    return [source.path]


def optimize_scans(s: Source) -> bool:
    """Whether CodeBurn 0.9.20's optimize session scan (the tool calls, API
    calls, user texts and folders its scan-fed detectors count) reads this
    file: a project folder's own transcripts and the files directly in an
    `<entry>/subagents/` folder, not the folder's own `subagents/` nor the
    workflow agents below `subagents/workflows/`, which its reports read."""
    if not s.project_dir:
        return True  # not below a project folder (a path given to scan)
    # (discovery joins the folder and the names below it; relpath, which
    # normalizes both, costs 0.3 s over 56k files)
    head = s.project_dir.rstrip(os.sep) + os.sep
    rel = s.path[len(head):] if s.path.startswith(head) else os.path.relpath(s.path, s.project_dir)
    parts = rel.split(os.sep)
    return len(parts) == 1 or (len(parts) == 3 and parts[1] == "subagents")


def _session_id(path: str) -> str:
    return base_name(path)[: -len(".jsonl")]


SIDECAR_MAX = 1 << 20  # what is read of a `.meta.json` at most


def subagent_type(path: str) -> str | None:
    """agentType from the sibling `<name>.meta.json`, else the workflow default."""
    return subagent_types([path])[0]


def subagent_types(paths: list[str]) -> list[str | None]:
    """subagent_type of each path, the sidecars read in one compiled call
    (no GIL, two threads: a dense history has thousands of them)."""
    if not paths:
        return []
    from codeburn._fast.reader import read_files_head

    heads = read_files_head([p[: -len(".jsonl")] + ".meta.json" for p in paths], SIDECAR_MAX)
    return [_agent_type(path, head) for path, head in zip(paths, heads)]


def _agent_type(path: str, head: bytes | int) -> str | None:
    """The type a sidecar's head names (an errno: none there, or not
    readable), else the workflow default."""
    if isinstance(head, bytes) and (b"agentType" in head or b"\\u" in head):
        try:   # as Node reads it: UTF-8 with replacement, a byte-order mark left in (JSON.parse refuses it)
            value = json.loads(head.decode("utf-8", "replace")).get("agentType")
        except (ValueError, AttributeError, RecursionError):
            value = None   # a broken sidecar (or one nested past the parser's depth): the type is unknown
        if isinstance(value, str) and js_trim(value):
            # JavaScript's trim and slice(0, 100): 100 UTF-16 units (a pair split there is dropped
            # here, where 0.9.20 keeps its lone first half)
            return js_prefix(js_trim(value), 100)
    if f"{os.sep}subagents{os.sep}workflows{os.sep}" in path:
        return "workflow-subagent"
    return None


def desktop_project_dirs(root: str, walker: Walker) -> Iterator[str]:
    stack = [(root, 0)]
    while stack:
        d, depth = stack.pop()
        _, subdirs = walker.entries(d)
        for sub in sorted(subdirs, reverse=True):
            name = os.path.basename(sub)
            if name in SKIP_DIRS:
                continue
            if name == "projects":
                yield sub
            elif depth < DESKTOP_MAX_DEPTH:  # (folders down to depth 8 are listed, the root 0)
                stack.append((sub, depth + 1))


def desktop_project_label(slug_dir: str, root: str) -> str | None:
    """Space name, else first selected folder's basename, else session title,
    for a slug dir at exactly <root>/<appId>/<workspaceId>/local_<id>/.claude/projects/<slug>
    (0.9.20 names no other); the session's metadata is
    <workspaceId>/local_<id>.json, the spaces <workspaceId>/spaces.json."""
    parts = os.path.relpath(slug_dir, root).split(os.sep)
    if len(parts) < 6 or not parts[2].startswith("local_") or parts[3] != ".claude" or parts[4] != "projects":
        return None
    workspace = os.path.join(root, parts[0], parts[1])
    meta = _read_json(os.path.join(workspace, parts[2] + ".json"))
    if not isinstance(meta, dict):
        return None
    space_id = meta.get("spaceId")
    if isinstance(space_id, str):
        name = _space_name(space_id, workspace)
        if name:
            return name
    folders = meta.get("userSelectedFolders")
    if isinstance(folders, list) and folders and isinstance(folders[0], str):
        return node_basename(folders[0]) or None  # (an empty one names nothing: no title then)
    title = meta.get("title")
    if isinstance(title, str) and js_trim(title):
        return js_trim(title)
    return None


def _space_name(space_id: str, workspace: str) -> str | None:
    spaces = _read_json(os.path.join(workspace, "spaces.json"))
    entries = spaces.get("spaces") if isinstance(spaces, dict) else None
    for space in entries if isinstance(entries, list) else []:
        if isinstance(space, dict) and space.get("id") == space_id:
            # The first entry of the id names it, or nothing does (a later one of the same id is not asked).
            name = space.get("name")
            return str(name) if js_truthy(name) else None
    return None


def _read_json(path: str):
    try:
        with open_regular(path) as f:
            return json.loads(f.read(4 << 20))
    except (OSError, ValueError):
        return None
