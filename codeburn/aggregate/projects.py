"""Project naming and grouping (spec classifier-and-parser §3.9).

A session's project path is its first cwd, folded into the main repository
when the cwd is a git worktree; sessions are grouped by that path
(case-insensitive, `\\`, leading and trailing slashes normalised), or by slug dir when
they have no cwd. The name shown is the slug dir name, or for a worktree the
main repo's basename.
"""
from __future__ import annotations

import os
from functools import lru_cache

from codeburn.plainclass import dataclass

WORKTREE_MARK = "/.git/worktrees/"


@dataclass
class Project:
    name: str
    path: str


# Every cwd canonical_path answered in this process, with its answer: a kept
# report depends on them (a git worktree added or removed regroups projects).
ASKED: dict[str, tuple[str, bool]] = {}


def canonical_path(cwd: str) -> tuple[str, bool]:
    """(project path, is_worktree) for a cwd; reads only `.git` entries."""
    found = _canonical(cwd)
    ASKED[cwd] = found
    return found


def still_canonical(asked: dict) -> bool:
    """Whether each cwd of `asked` (a kept ASKED) still has its answer."""
    return all(_canonical.__wrapped__(cwd) == tuple(found) for cwd, found in asked.items())


@lru_cache(maxsize=4096)
def _canonical(cwd: str) -> tuple[str, bool]:
    if not os.path.isabs(cwd):
        return cwd, False
    d = cwd
    while True:
        git = os.path.join(d, ".git")
        if os.path.isdir(git):
            return cwd, False  # an ordinary repo never absorbs its subfolders
        if os.path.isfile(git):
            main = _worktree_main(git, d)
            return (main, True) if main else (cwd, False)
        parent = os.path.dirname(d)
        if parent == d:
            return cwd, False
        d = parent


def _worktree_main(git_file: str, base: str) -> str | None:
    try:
        with open(git_file, encoding="utf-8", errors="replace") as f:
            text = f.read(4096)
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("gitdir:"):
            target = line[len("gitdir:"):].strip()
            resolved = os.path.normpath(os.path.join(base, target)).replace("\\", "/")
            i = resolved.find(WORKTREE_MARK)
            if i > 0:
                return resolved[:i]
    return None


def group_key(path: str, name: str) -> str:
    """Paths equal up to case, `\\` for `/`, trailing and leading slashes
    group together: the reference merges projects across tools by the path
    without its leading `/`, so a tool's label read as a path (`home-dev-app`
    -> `home/dev/app`) joins another tool's `/home/dev/app`. A path of one
    folder or none (`/workspace`, `/`) is no key there: such projects merge
    by name (Claude Code's `-workspace` and Codex's `workspace` stay two)."""
    key = path.replace("\\", "/").strip("/").lower()
    return key if "/" in key else "name:" + name.lower()


def label_path(project: str) -> str:
    """Without a recorded path, a project's path is its label with dashes
    read as slashes, as the reference shows it, and "/" for the empty label;
    sessions of every provider then group by that path (spec providers §0.6)."""
    return project.replace("-", "/") or "/"


def provider_label_paths(labels: list[str], project_dirs: list[str], cwds: list[str | None],
                         desktop: list[bool], active: list[bool], named: list[bool]) -> list[str | None]:
    """The cwd each source groups by. The reference first gathers a tool's
    sessions by label (`<provider>:<label>`, a source's project dir here),
    the group's path being its first session's recorded one, else the first
    later session's that has one, else the label read as a path; only then
    are the tools' groups merged by path. So a Kimi Code session without a
    work dir joins the same tool's `api-server` that has one, and two
    sessions labelled `app` from /x/app and /y/app are one project at /x/app.
    Claude's sources (named) and Desktop's keep their own cwd."""
    first: dict[str, str] = {}
    for i, is_active in enumerate(active):
        cwd = cwds[i]
        if is_active and not named[i] and not desktop[i] and cwd and cwd != label_path(labels[i]):
            first.setdefault(project_dirs[i], cwd)
    if not first:
        return cwds
    return [first.get(project_dirs[i], cwds[i]) if not named[i] and not desktop[i] else cwds[i]
            for i in range(len(cwds))]


def own_name(label: str, cwd: str | None, desktop: bool) -> str:
    """The project name a session carries itself (a worktree's main repo,
    else its source's label), whichever project it was grouped into."""
    if cwd and not desktop:
        path, worktree = canonical_path(cwd)
        if worktree:
            return os.path.basename(path.rstrip("/\\"))
    return label


def assign_projects(labels: list[str], project_dirs: list[str], cwds: list[str | None],
                    desktop: list[bool], active: list[bool],
                    by_name: list[bool] | None = None, order: list[int] | None = None) -> tuple[list[int], list[Project]]:
    """Project index per source (-1 for inactive sources) and the projects.

    Only active sources (with calls in the report) join a project; a project's
    name and path come from the first source that created it, the sources
    met in `order` (default: as listed). Sources marked
    `by_name` (Claude's) tell slug dirs apart by name, not by path: the same
    slug under two config dirs is one project, as in the reference."""
    projects: list[Project] = []
    by_key: dict[str, int] = {}
    dir_project: dict[str, int] = {}   # slug dir name -> a cwd-keyed project holding one of its sessions
    slug_keyed: dict[str, int] = {}    # its name (Claude's; else its dir) -> a slug-keyed project
    out = [-1] * len(labels)
    cwds = provider_label_paths(labels, project_dirs, cwds, desktop, active,
                                by_name or [False] * len(labels))
    # A history of many sessions has few distinct (label, dir, cwd) sets:
    # each is resolved once (56k sessions: 0.3 s to 0.1 s).
    resolved: dict[tuple, tuple] = {}
    for i in order if order is not None else range(len(active)):
        if not active[i]:
            continue
        cwd = cwds[i]
        named = bool(by_name and by_name[i])
        facts = (labels[i], project_dirs[i], cwd, bool(desktop[i]), named)
        known = resolved.get(facts)
        if known is None:
            dir_name = os.path.basename(project_dirs[i].rstrip("/\\")) if named else project_dirs[i]
            project = key = None
            if cwd and not desktop[i]:
                path, worktree = canonical_path(cwd)
                name = own_name(labels[i], cwd, False)
                project = Project(name, path) if named else Project(*_other_tool_project(name, path))
                key = group_key(project.path, project.name)
            known = resolved[facts] = (dir_name, project, key)
        dir_name, project, key = known
        if project is not None:
            if key not in by_key:
                by_key[key] = len(projects)
                projects.append(project)
            out[i] = by_key[key]
            dir_project.setdefault(dir_name, out[i])
        else:
            key = "slug:" + (labels[i] if desktop[i] else dir_name)
            if key not in by_key:
                by_key[key] = len(projects)
                projects.append(Project(labels[i], labels[i]))
                slug_keyed.setdefault(labels[i] if named else dir_name, by_key[key])
            out[i] = by_key[key]
    return _fold_slug_groups(out, projects, dir_project, slug_keyed)


def _other_tool_project(name: str, path: str) -> tuple[str, str]:
    """Another tool's project as 0.9.20 re-resolves it before merging the
    tools: its path with a leading '/', which when it ends in a separator
    (`/work/app/`, or a label `work-app-` read as a path) does not match
    itself without that separator, so the project takes that path and its
    last segment as its name (`app`)."""
    full = path if path.startswith(("/", "\\")) else "/" + path
    bare = full.rstrip("/\\")
    if not bare or bare == full:
        return name, path
    return bare.replace("\\", "/").rsplit("/", 1)[-1], full


def _fold_slug_groups(out, projects, dir_project, slug_keyed):
    """A cwd-less group joins the cwd-keyed project holding a session of the
    slug dir its name names, if any."""
    remap = {slug_keyed[d]: dir_project[d] for d in slug_keyed if d in dir_project}
    if not remap:
        return out, projects
    keep = [p for p in range(len(projects)) if p not in remap]
    new_index = {old: new for new, old in enumerate(keep)}
    final = [new_index[remap.get(p, p)] if p >= 0 else -1 for p in out]
    return final, [projects[p] for p in keep]
