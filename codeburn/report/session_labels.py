"""How the `sessions` table names a session and its project: shorter than
the JSON's raw fields, as 0.9.20's table names them, and without a home
folder's user name (a Claude slug `-Users-alex-Projects-acme-app` is
`acme-app`)."""
from __future__ import annotations

import re

from codeburn.jstext import js_trim

UNKNOWN_PROJECT = "Unknown"
UNKNOWN_SESSION = "Unknown session"
TEMPORARY = "Temporary"

_HOME = re.compile(r"^-?Users-[^-]+-")
_CONTAINER = re.compile(r"^(?:Projects|Developer|Documents|Desktop|Downloads)-")
_WORKTREE = re.compile(r"(?:--|-\.claude-|-)(?:claude-)?worktrees-")
_ROLLOUT_TAIL = re.compile(r"([0-9a-f]{8})-[0-9a-f-]{27,}\Z", re.IGNORECASE)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f-]{27}", re.IGNORECASE)


def project_label(raw: str) -> str:
    """A project as the table shows it: a path's last folder, a slug with
    its home and workspace folders taken off, a worktree as `repo · branch`."""
    path = js_trim(raw).replace("\\", "/").rstrip("/")
    if not path:
        return UNKNOWN_PROJECT
    if path.startswith("/"):
        if path in ("/tmp", "/private/tmp"):
            return TEMPORARY
        folders = [p for p in path.split("/") if p]
        return folders[-1] if folders else UNKNOWN_PROJECT
    label = _CONTAINER.sub("", _HOME.sub("", path, count=1), count=1)
    if label in ("private-tmp", "-private-tmp"):
        return TEMPORARY
    marker = _WORKTREE.search(label)
    if marker:
        return _worktree_label(label[:marker.start()], label[marker.end():])
    parts = [p for p in label.split("-") if p]
    if len(parts) >= 2 and parts[-1] == parts[-2]:   # a repository folded into itself: repo/repo
        return parts[-1]
    return label or UNKNOWN_PROJECT


def _worktree_label(base: str, branch: str) -> str:
    parts = [p for p in base.split("-") if p]
    repo = parts[-1] if parts else base
    if branch.startswith("agent-"):
        branch = "agent " + branch[6:14]
    return f"{repo} · {branch}" if branch else repo


def short_id(session_id: str) -> str:
    """A session id cut to what tells sessions apart: a subagent's
    `Agent 1a2b3c4d`, a Codex rollout's `Codex 0199aaaa`, a UUID's first
    eight and last four digits."""
    sid = js_trim(session_id)
    if sid.startswith("agent-"):
        return "Agent " + sid[6:14]
    if sid.startswith("rollout-"):
        tail = _ROLLOUT_TAIL.search(sid)
        return "Codex " + (tail.group(1) if tail else sid[-8:])
    if _UUID.fullmatch(sid):
        return f"{sid[:8]}…{sid[-4:]}"
    if len(sid) > 24:
        return f"{sid[:12]}…{sid[-6:]}"
    return sid or UNKNOWN_SESSION
