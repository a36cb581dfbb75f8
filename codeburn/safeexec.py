"""The one way codeburn runs another program.

Commands that run programs (`yield` runs git in the directories session
logs name) do it through this module and nothing else, under one policy:

- Argument lists only, never a shell: text from a log (a cwd, a branch
  name) is one argument and cannot become a command.
- The program is found on PATH once, skipping empty and relative PATH
  entries, so a `git` file inside a logged directory is never the one run.
- No terminal: stdin is /dev/null, stdout and stderr are captured; every
  call has a timeout, after which the program is killed and a clear error
  raised.
- git runs with what a repository's own config could make it execute
  switched off: `core.fsmonitor` (a program git runs to list changes),
  `core.hooksPath` (hooks), the pager, `diff.external` and textconv
  drivers, and signature verification (`log.showSignature` runs
  `gpg.program`). The system config is not read (GIT_CONFIG_NOSYSTEM=1),
  no GIT_* variable is inherited (GIT_DIR, GIT_WORK_TREE, GIT_EXEC_PATH,
  GIT_CONFIG_PARAMETERS and the like would redirect it or bring back what
  was switched off), no lock is taken (GIT_OPTIONAL_LOCKS=0) and no
  credential prompt is shown. Callers use read-only plumbing and log
  commands only.

Errors are ExecError with a one-line message saying which program, where
and why (not found, timed out, exited with a status and its first stderr
line); callers name them in a warning.
"""
from __future__ import annotations

import os
import shutil
from typing import Mapping, Sequence

from codeburn.plainclass import dataclass

TIMEOUT_S = 10.0

# Options before every git subcommand (`git -c k=v … <command>`).
GIT_GLOBAL = (
    "--no-pager",
    "-c", "core.fsmonitor=false",
    "-c", "core.hooksPath=/dev/null",
    "-c", "core.pager=cat",
    "-c", "pager.log=false",
    "-c", "diff.external=",
    "-c", "log.showSignature=false",
    "-c", "gpg.program=false",
    "-c", "core.sshCommand=false",
    "-c", "credential.helper=",
    "-c", "protocol.allow=never",
)
# Options after `log`/`show`/`diff`: no external diff, no textconv driver.
GIT_NO_DRIVERS = ("--no-ext-diff", "--no-textconv")
GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0",
           "LC_ALL": "C", "LANGUAGE": ""}


class ExecError(Exception):
    """A program could not be run, timed out or failed: one line."""


@dataclass
class Result:
    stdout: bytes
    stderr: bytes

    @property
    def text(self) -> str:
        """stdout as text; bytes that are not UTF-8 kept as surrogate escapes."""
        return self.stdout.decode("utf-8", "surrogateescape")


def find_program(name: str, environ: Mapping[str, str]) -> str | None:
    """The absolute path of `name` on PATH, absolute PATH entries only."""
    entries = [p for p in environ.get("PATH", os.defpath).split(os.pathsep) if p and os.path.isabs(p)]
    return shutil.which(name, path=os.pathsep.join(entries)) if entries else None


def run(argv: Sequence[str], cwd: str, environ: Mapping[str, str], timeout: float = TIMEOUT_S,
        label: str | None = None) -> Result:
    """Runs argv[0] (found on PATH) with the rest as arguments in `cwd`;
    raises ExecError unless it exits 0 within `timeout` seconds. `label`
    names the call in errors (default: the program's name)."""
    import subprocess  # (here: a run that asks git nothing does not import it)

    label = label or argv[0]
    program = find_program(argv[0], environ)
    if program is None:
        raise ExecError(f"{argv[0]} not found on PATH")
    try:
        done = subprocess.run([program, *argv[1:]], cwd=cwd, env=dict(environ), stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=timeout, shell=False, check=False)
    except subprocess.TimeoutExpired:
        raise ExecError(f"{label} timed out after {timeout:g} s in {cwd}") from None
    except OSError as exc:
        raise ExecError(f"{label} could not run in {cwd}: {exc.strerror or exc}") from None
    if done.returncode != 0:
        first = next((ln for ln in done.stderr.decode("utf-8", "replace").splitlines() if ln.strip()), "")
        raise ExecError(f"{label} exited with status {done.returncode} in {cwd}" + (f": {first}" if first else ""))
    return Result(done.stdout, done.stderr)


def git_environ(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment git runs with: ours without any GIT_* variable, plus GIT_ENV."""
    env = {k: v for k, v in environ.items() if not k.startswith("GIT_")}
    env.update(GIT_ENV)
    return env


def git(args: Sequence[str], cwd: str, environ: Mapping[str, str], timeout: float = TIMEOUT_S) -> Result:
    """`git <args>` in `cwd` under the policy above; `args` starts with the
    subcommand (log/show/diff get GIT_NO_DRIVERS after it)."""
    args = list(args)
    if args and args[0] in ("log", "show", "diff"):
        args[1:1] = GIT_NO_DRIVERS
    return run(["git", *GIT_GLOBAL, *args], cwd, git_environ(environ), timeout, label=f"git {args[0]}" if args else "git")
