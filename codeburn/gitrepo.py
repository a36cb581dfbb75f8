"""What `yield` asks git (spec commands §5.1-5.2), through codeburn.safeexec
only, with read-only commands: `rev-parse`, `symbolic-ref`, `branch` and
`log`. Each question is asked once per repository, however many sessions
and projects share it.

A repository is named by the real path of its common git dir, so the
subdirectories and the linked worktrees of one repository are one
repository, and each of its commits is credited at most once.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from typing import Mapping

from codeburn import safeexec
from codeburn.plainclass import dataclass
from codeburn.safeexec import ExecError

SAFE_REF = re.compile(r"^[A-Za-z0-9._/\-]+$")
REVERTED = re.compile(r"This reverts commit ([0-9a-f]{7,40})")
ORIGIN_HEAD = "refs/remotes/origin/"


class NotARepository(Exception):
    """The directory is not inside a git work tree (or does not exist)."""


@dataclass(frozen=True)
class Commit:
    sha: str
    time_ms: int | None    # author time; None when git printed no valid date
    in_main: bool
    reverted: bool         # a later commit anywhere says "This reverts commit <sha>"


def repository(directory: str, environ: Mapping[str, str]) -> str:
    """The real path of the git common dir of the work tree holding
    `directory`. Raises NotARepository, or ExecError when git itself
    failed (missing, timed out, a repository it refuses)."""
    if not os.path.isabs(directory) or not os.path.isdir(directory) or not _git_entry_above(directory):
        raise NotARepository(directory)
    try:
        out = safeexec.git(["rev-parse", "--is-inside-work-tree", "--git-common-dir"], directory, environ).text
    except ExecError as exc:
        if "not a git repository" in str(exc):
            raise NotARepository(directory) from None
        raise
    lines = out.strip().split("\n")
    if lines[0] != "true" or len(lines) < 2 or not lines[1]:
        raise NotARepository(directory)  # inside a .git dir, or a bare repository
    return os.path.realpath(os.path.join(directory, lines[1]))


def _git_entry_above(directory: str) -> bool:
    """Whether `directory` or a folder above it holds a `.git` (a folder, or
    the file of a linked worktree or submodule). Without one git finds no
    work tree there (it is run with no GIT_* variable, so only that walk
    finds one): the question is not asked, and no process started."""
    d = os.path.abspath(directory)
    while True:
        if os.path.lexists(os.path.join(d, ".git")):
            return True
        up = os.path.dirname(d)
        if up == d:
            return False
        d = up


def main_branch(directory: str, environ: Mapping[str, str]) -> str:
    """origin's HEAD branch, else `main` or `master` when a branch name
    contains it (as the reference decides), else `main`."""
    try:
        head = safeexec.git(["symbolic-ref", ORIGIN_HEAD + "HEAD"], directory, environ).text.strip()
        branch = head.replace(ORIGIN_HEAD, "", 1)
        if SAFE_REF.match(branch):
            return branch
    except ExecError:
        pass  # no origin, or its HEAD is not set
    try:
        branches = safeexec.git(["branch", "-a"], directory, environ).text
    except ExecError:
        branches = ""
    if "main" in branches:
        return "main"
    return "master" if "master" in branches else "main"


def commits(directory: str, environ: Mapping[str, str], since: str, until: str) -> tuple[list[Commit], str | None]:
    """The commits of every branch that git's --since/--until (ISO 8601)
    keep, each with its author time, whether the main branch has it and
    whether it was reverted; and the main branch's name when it could not be
    listed (no commit then counts as on main). Raises ExecError when the log
    itself fails (a broken repository)."""
    log = safeexec.git(["log", "--all", f"--since={since}", f"--until={until}", "--format=%H|%aI|%s"],
                       directory, environ).text.strip()
    if not log:
        return [], None
    main = main_branch(directory, environ)
    note = None
    try:
        # 0.9.20 runs `git log <main>` without `--`, which git refuses when a
        # file or folder of that name is there too (a Go repo's main/): no
        # commit is on main then.
        if os.path.lexists(os.path.join(directory, main)):
            raise ExecError(f"ambiguous argument '{main}': both revision and filename")
        shipped = set(safeexec.git(["log", "--format=%H", "--end-of-options", main, "--"], directory,
                                   environ).text.split())
    except ExecError:
        shipped, note = set(), main
    reverted = _reverted(directory, environ)
    out = []
    for line in log.split("\n"):
        if not line:
            continue
        sha, _, rest = line.partition("|")
        sha_l = sha.lower()
        out.append(Commit(sha, _time_ms(rest.partition("|")[0]), sha in shipped,
                          sha_l in reverted or sha_l[:7] in reverted))
    return out, note


def _reverted(directory: str, environ: Mapping[str, str]) -> set[str]:
    """SHAs (as written: full or abbreviated) that some commit's message says it reverts."""
    try:
        bodies = safeexec.git(["log", "--all", "--grep=^This reverts commit", "--format=%B%x1e"], directory,
                              environ).text
    except ExecError:
        return set()
    return {m.lower() for m in REVERTED.findall(bodies)}


def _time_ms(iso: str) -> int | None:
    try:
        when = dt.datetime.fromisoformat(iso)
    except ValueError:
        return None
    if when.tzinfo is None:
        return None
    return int(when.timestamp() * 1000)
