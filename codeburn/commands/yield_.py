from __future__ import annotations

from codeburn import gitrepo
from codeburn.aggregate import periods
from codeburn.commands import kept
from codeburn.commands.common import (LAST_OPTIONS, PERIOD_OPTIONS, PROJECT_OPTIONS, PROVIDER_OPTION,
                                      READ_OPTIONS, STRICT_OPTION, check_format, emit_warnings, unpriced_warnings)
from codeburn.env import Environment
from codeburn.plainclass import dataclass, field
from codeburn.safeexec import ExecError, find_program
from codeburn.safetext import visible
from codeburn.status import ExitStatus

FORMATS = ("text", "json")

__doc__ = """codeburn yield: how much of the spend shipped to the main branch.

Usage:
  codeburn yield [options] [--project NAME]... [--exclude NAME]...

Each session of the period is matched to the git commits of its project's
repository by time (from its first call to an hour after its last; all
branches; a commit goes to the narrowest window holding it), then counted as

  productive  its commits are on the main branch
  reverted    at least half of its commits on main were reverted since
  abandoned   no commit, commits only off main, or no repository
  ambiguous   its only commits went to a concurrent, narrower session

with their cost and share. The main branch is origin's HEAD, else `main`,
else `master`. A project that is not in a git repository is matched against
the repository of the current directory, if any; such projects, a missing
git and a repository git cannot read are named in a warning, and their
sessions count as abandoned. git runs read-only, with a timeout, and with
the programs a repository's config could start switched off
(codeburn/safeexec.py).

Options:
""" + PERIOD_OPTIONS.format(default="week") + PROVIDER_OPTION + PROJECT_OPTIONS + READ_OPTIONS + """\
  --format FMT                text or json [default: text]
  --no-color                  no colour even on a terminal
""" + STRICT_OPTION + LAST_OPTIONS


def run(args: dict, env: Environment) -> ExitStatus:
    fmt = check_format(args["--format"], FORMATS)
    tz = periods.resolve_zone(args["--timezone"], env.environ)
    period = periods.select_period(args["--period"], args["--from"], args["--to"], None, env.clock(), tz, "week")
    # The one scan (categories are not needed); its sessions are kept for a repeat, git is asked anew.
    out = kept.output(args, env, "yield", period, tz,
                      lambda loaded: (_sessions(loaded.usage), unpriced_warnings(loaded.usage)), classify_turns=False,
                      stores=True)
    from codeburn.report import jsjson, yields

    projects = out.doc["projects"]
    sessions = [[yields.Session(*s) for s in group] for group in out.doc["sessions"]]
    git = _Git(env, _period_iso(period))
    ordered, outcomes = [], []
    for key, members in _repositories(projects, git).items():
        group = [s for i in members for s in sessions[i]]
        won, lost = yields.attribute(group, git.commits_of(key, len(group)))
        ordered += group
        outcomes += [yields.categorize(s, w, x) for s, w, x in zip(group, won, lost)]
    doc = yields.build(ordered, outcomes, period.label, period.start_ms, period.end_ms)
    doc["warnings"] = out.warnings + git.warnings()
    emit_warnings(env, doc["warnings"])
    env.stdout.write(jsjson.dumps(doc) + "\n" if fmt == "json" else yields.render_text(doc))
    return out.status(args)


def _period_iso(period: periods.Period) -> tuple[str, str]:
    """The period's bounds as git's --since/--until get them (Date#toISOString)."""
    from codeburn.report.yields import iso_ms

    return iso_ms(period.start_ms), iso_ms(period.end_ms)


def _sessions(u) -> dict:
    """{"sessions": per project (projects by cost, highest first, as the
    report lists them) its sessions as (id, project name, cost, first and
    last call), "projects": each project's [name, path]}, plain values that
    codeburn.commands.kept keeps."""
    import numpy as np

    from codeburn._fast import agg
    from codeburn.report.sessions import first_last

    n = len(u.sessions)
    cost = agg.group_sum_f64(u.session, u.cost, n)
    first, last = first_last(u, n)
    per_project: list[list] = [[] for _ in u.projects]
    for i, (p, sid) in enumerate(u.sessions):
        seen = first[i] <= last[i]
        per_project[p].append((sid, u.projects[p].name, float(cost[i]), int(first[i]) if seen else None,
                               int(last[i]) if seen else None))
    project_cost = agg.group_sum_f64(u.project, u.cost, len(u.projects))
    order = [int(p) for p in np.argsort(-project_cost, kind="stable") if per_project[p]]
    return {"sessions": [per_project[p] for p in order],
            "projects": [[u.projects[p].name, u.projects[p].path] for p in order]}


def _repositories(projects: list[tuple[str, str]], git: "_Git") -> dict:
    """Project positions per repository key, in first-seen order (None: no repository)."""
    out: dict = {}
    for i, (name, path) in enumerate(projects):
        out.setdefault(git.repository_of(name, path), []).append(i)
    return out


@dataclass
class _Git:
    """git's answers for one run, each question asked once, and what went wrong."""

    env: Environment
    since_until: tuple[str, str]
    known: dict = field(default_factory=dict)          # directory -> repository key or None
    workdir: dict = field(default_factory=dict)        # repository key -> a directory to run git in
    missing: bool | None = None
    outside: list[str] = field(default_factory=list)   # projects not in a repository
    failed: list[str] = field(default_factory=list)    # "<where>: <why>"
    no_main: list[str] = field(default_factory=list)
    fallback: str | None = None

    def _available(self) -> bool:
        if self.missing is None:
                self.missing = find_program("git", self.env.environ) is None
        return not self.missing

    def _key(self, directory: str) -> str | None:
        if directory in self.known:
            return self.known[directory]
        key = None
        if self._available():
            try:
                key = gitrepo.repository(directory, self.env.environ)
                self.workdir.setdefault(key, directory)
            except gitrepo.NotARepository:
                pass
            except ExecError as exc:
                self.failed.append(str(exc))
        self.known[directory] = key
        return key

    def repository_of(self, name: str, path: str) -> str | None:
        """The project's repository, else the current directory's (the reference's fallback)."""
        key = self._key(path)
        if key is None:
            self.outside.append(name)
            key = self._key(self.env.cwd) if self.env.cwd else None
            if key is not None:
                self.fallback = self.env.cwd
        return key

    def commits_of(self, key: str | None, sessions: int) -> list:
        if key is None:
            return []
        try:
            commits, no_main = gitrepo.commits(self.workdir[key], self.env.environ, *self.since_until)
        except ExecError as exc:
            self.failed.append(f"{exc} ({sessions} sessions count as abandoned)")
            return []
        if no_main:
            self.no_main.append(f'"{no_main}" in {self.workdir[key]}')
        return commits

    def warnings(self) -> list[str]:
        out = []
        if self.missing:
            out.append("git not found on PATH: every session counts as abandoned")
        if self.outside and not self.missing:
            where = (f"matched against the repository of the current directory ({_names([self.fallback])})"
                     if self.fallback
                     else "their sessions count as abandoned")
            out.append(f"{_some(self.outside, 'project')} not in a git repository, {where}: {_names(self.outside)}")
        if self.failed:
            out.append(f"git failed {len(self.failed)} time{'s' * (len(self.failed) > 1)}: {_names(self.failed)}")
        if self.no_main:
            out.append(f"main branch not found, no commit counts as shipped: {_names(self.no_main)}")
        return out


def _some(items: list, word: str) -> str:
    return f"1 {word} is" if len(items) == 1 else f"{len(items)} {word}s are"


def _names(items: list[str], shown: int = 3) -> str:
    """The first few, escaped as every warning shows log-derived text (scan.shown)."""
    more = f" (and {len(items) - shown} more)" if len(items) > shown else ""
    return ", ".join(visible(i) for i in items[:shown]) + more
