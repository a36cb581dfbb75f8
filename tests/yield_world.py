"""A small world for `codeburn yield`: real git repositories (commits on main
and on a branch, a revert, a linked worktree, a subdirectory, a repository
whose main branch is `master`), a folder that is no repository and a cwd that
no longer exists, and Claude Code sessions whose cwd points at them.
`python -m tests.yield_world DIR YYYY-MM-DD` builds it outside the tests
(HOME=DIR), to run the reference tool on the same files."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from tests.conftest import History, assistant_line, usage, user_line

SONNET_IN, SONNET_OUT = 3e-6, 15e-6      # USD per token, claude-sonnet-4-5 (prices.json)
GIT_ENV = {"GIT_AUTHOR_NAME": "Dev", "GIT_AUTHOR_EMAIL": "dev@example.com", "GIT_COMMITTER_NAME": "Dev",
           "GIT_COMMITTER_EMAIL": "dev@example.com", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


def session_cost(k: int) -> float:
    """Two calls of usage(1000k, 100k) each."""
    return 2 * (1000 * k * SONNET_IN + 100 * k * SONNET_OUT)


# id, project key, first and last call (hh:mm of the day), cost factor k; "agent-" ids are subagent transcripts of s1
SESSIONS = [
    ("s1", "shop", "09:00", "09:30", 1),
    ("agent-a1", "shop", "09:05", "09:08", 2),
    ("s2", "shop", "11:00", "11:20", 3),
    ("s3", "shop", "13:00", "13:05", 4),
    ("s4", "shop", "15:00", "15:10", 5),
    ("s5", "shop", "16:30", "18:00", 6),
    ("s6", "shop", "17:00", "17:05", 7),
    ("s7", "worktree", "20:00", "20:05", 8),
    ("s8", "subdir", "21:00", "21:02", 9),
    ("s9", "lib", "08:00", "08:10", 10),
    ("s10", "notes", "09:15", "09:20", 11),
    ("s11", "gone", "10:00", "10:01", 12),
]
# sessionId -> (category, commitCount), from spec commands §5.3-5.4 on the commits below
EXPECTED = {
    "s1": ("ambiguous", 0),        # c1 and c2 fall in its window, but its subagent's is narrower
    "agent-a1": ("productive", 2),
    "s2": ("abandoned", 1),        # its commit is on branch feat only
    "s3": ("reverted", 1),         # c4, reverted by s4
    "s4": ("productive", 1),       # the revert commit itself is on main
    "s5": ("ambiguous", 0),        # c6 went to the narrower s6
    "s6": ("productive", 1),
    "s7": ("productive", 1),       # committed in the worktree, fast-forwarded into main
    "s8": ("abandoned", 0),        # a subdirectory of shop: same repository, no commit in its window
    "s9": ("productive", 1),       # lib's main branch is master
    "s10": ("abandoned", 0),       # notes is no repository
    "s11": ("abandoned", 0),       # its cwd is gone
}


def git(repo: str, *args: str, when: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_ENV)
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    out = subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, capture_output=True,
                         text=True, check=True)
    return out.stdout.strip()


def commit(repo: str, name: str, when: str, message: str) -> str:
    with open(os.path.join(repo, name), "a") as f:
        f.write(message + "\n")
    git(repo, "add", name)
    git(repo, "commit", "-q", "-m", message, when=when)
    return git(repo, "rev-parse", "HEAD")


def build_repos(root: str, day: dt.date) -> dict[str, str]:
    """The directories the sessions ran in, by project key."""
    at = lambda hhmm: f"{day.isoformat()}T{hhmm}:00+00:00"  # noqa: E731
    earlier = f"{(day - dt.timedelta(days=1)).isoformat()}T12:00:00+00:00"
    shop, lib, notes = (os.path.join(root, "src", n) for n in ("shop", "lib", "notes"))
    for d in (shop, lib, notes):
        os.makedirs(d)
    git(shop, "init", "-q", "-b", "main")
    commit(shop, "README", earlier, "initial commit")       # in the period, in no session's window
    commit(shop, "cart.py", at("09:10"), "cart: totals")
    commit(shop, "cart.py", at("09:20"), "cart: tax")
    git(shop, "checkout", "-q", "-b", "feat")
    commit(shop, "feat.py", at("11:10"), "feat: experiment")
    git(shop, "checkout", "-q", "main")
    c4 = commit(shop, "pay.py", at("13:10"), "pay: new provider")
    git(shop, "revert", "--no-edit", c4, when=at("15:30"))
    commit(shop, "ui.py", at("17:30"), "ui: button")
    worktree = os.path.join(root, "src", "shop-wt")
    git(shop, "worktree", "add", "-q", "-b", "wt", worktree)
    commit(worktree, "wt.py", at("20:10"), "wt: refactor")
    git(shop, "merge", "-q", "--ff-only", "wt")
    os.makedirs(os.path.join(shop, "src"))
    git(lib, "init", "-q", "-b", "master")
    commit(lib, "lib.py", at("08:20"), "lib: parse")
    return {"shop": shop, "worktree": worktree, "subdir": os.path.join(shop, "src"), "lib": lib, "notes": notes,
            "gone": os.path.join(root, "src", "gone")}


def write_sessions(history: History, dirs: dict[str, str], day: dt.date) -> None:
    at = lambda hhmm: f"{day.isoformat()}T{hhmm}:00.000Z"  # noqa: E731
    for sid, key, first, last, k in SESSIONS:
        cwd = dirs[key]
        main_sid = "s1" if sid.startswith("agent-") else sid
        records = [] if sid.startswith("agent-") else [user_line("fix the cart", ts=at(first), cwd=cwd, session=sid)]
        records += [assistant_line(f"{sid}-m1", ts=at(first), usage=usage(1000 * k, 100 * k), cwd=cwd,
                                   session=main_sid, sidechain=sid.startswith("agent-")),
                    assistant_line(f"{sid}-m2", ts=at(last), usage=usage(1000 * k, 100 * k), cwd=cwd,
                                   session=main_sid, sidechain=sid.startswith("agent-"))]
        slug = cwd.replace("/", "-")
        subdir = os.path.join("s1", "subagents") if sid.startswith("agent-") else ""
        history.write(slug, f"{sid}.jsonl", records, subdir=subdir)


def build(root: str, day: dt.date) -> History:
    history = History(os.path.join(root, ".claude"))
    dirs = build_repos(root, day)
    write_sessions(history, dirs, day)
    return history


if __name__ == "__main__":
    build(sys.argv[1], dt.date.fromisoformat(sys.argv[2]))
