"""codeburn.safeexec (issue 12): programs run from argument lists, found on
absolute PATH entries only, with a timeout; git with everything a
repository's own config (or an inherited GIT_* variable) could make it run
switched off. The hostile repository here is real: each trap is shown to
fire under a plain `git` before safeexec is shown to keep it shut."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from codeburn import safeexec

pytestmark = pytest.mark.skipif(safeexec.find_program("git", os.environ) is None, reason="needs git")

GIT_ID = {"GIT_AUTHOR_NAME": "Dev", "GIT_AUTHOR_EMAIL": "dev@example.com", "GIT_COMMITTER_NAME": "Dev",
          "GIT_COMMITTER_EMAIL": "dev@example.com", "GIT_CONFIG_NOSYSTEM": "1"}
SIGNATURE = "-----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----"


def plain_git(repo, *args, env=None) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    e.update(GIT_ID, HOME=str(repo.parent), **(env or {}))
    return subprocess.run(["git", *args], cwd=repo, env=e, capture_output=True, input=b"")


def trap(tmp_path, name: str) -> str:
    """A program that leaves a file named `name` in tmp_path/fired when run."""
    fired = tmp_path / "fired"
    fired.mkdir(exist_ok=True)
    path = tmp_path / f"trap-{name}"
    path.write_text(f"#!/bin/sh\ntouch '{fired / name}'\ncat >/dev/null 2>&1\nexit 0\n")
    path.chmod(0o755)
    return str(path)


def fired(tmp_path) -> list[str]:
    d = tmp_path / "fired"
    return sorted(os.listdir(d)) if d.exists() else []


@pytest.fixture
def hostile_repo(tmp_path):
    """A repository whose config runs a trap from fsmonitor, the pager,
    signature checks, an external diff and a textconv driver, and whose
    hooks are all traps; its one commit is signed and has a diff."""
    repo = tmp_path / "repo"
    repo.mkdir()
    assert plain_git(repo, "init", "-q", "-b", "main").returncode == 0
    (repo / "a.txt").write_text("one\n")
    (repo / ".gitattributes").write_text("*.txt diff=evil\n")
    plain_git(repo, "add", "-A")
    tree = plain_git(repo, "write-tree").stdout.decode().strip()
    body = (f"tree {tree}\nauthor Dev <dev@example.com> 1772704800 +0000\n"
            f"committer Dev <dev@example.com> 1772704800 +0000\ngpgsig {SIGNATURE}\n\nsigned commit\n")
    sha = subprocess.run(["git", "hash-object", "-t", "commit", "-w", "--stdin"], cwd=repo, input=body.encode(),
                         capture_output=True).stdout.decode().strip()
    plain_git(repo, "update-ref", "refs/heads/main", sha)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in ("post-checkout", "post-commit", "pre-commit", "post-index-change", "reference-transaction"):
        os.symlink(trap(tmp_path, "hook"), hooks / hook)
    for key, value in (("core.fsmonitor", trap(tmp_path, "fsmonitor")), ("core.pager", trap(tmp_path, "pager")),
                       ("log.showSignature", "true"), ("gpg.program", trap(tmp_path, "gpg")),
                       ("diff.external", trap(tmp_path, "external-diff")),
                       ("diff.evil.textconv", trap(tmp_path, "textconv")), ("core.hooksPath", str(hooks))):
        assert plain_git(repo, "config", key, value).returncode == 0
    (repo / "a.txt").write_text("two\n")   # a change for the fsmonitor and diff traps
    return repo


def test_the_traps_fire_under_a_plain_git(hostile_repo, tmp_path):
    plain_git(hostile_repo, "log", "-1")
    plain_git(hostile_repo, "diff")
    plain_git(hostile_repo, "-c", "diff.external=", "log", "-p", "-1")
    plain_git(hostile_repo, "status")
    assert {"gpg", "external-diff", "textconv", "fsmonitor"} <= set(fired(tmp_path))


@pytest.mark.parametrize("args", [
    ["log", "--all", "--format=%H|%aI|%s"], ["log", "-p", "-1"], ["log", "-1", "--show-signature"],
    ["show", "HEAD"], ["diff"], ["diff", "HEAD"], ["rev-parse", "--is-inside-work-tree", "--git-common-dir"],
    ["status"], ["branch", "-a"], ["symbolic-ref", "-q", "HEAD"],
])
def test_safeexec_git_runs_none_of_the_repository_programs(hostile_repo, tmp_path, args):
    result = safeexec.git(args, str(hostile_repo), {**os.environ, "HOME": str(tmp_path)})
    assert fired(tmp_path) == []
    if args[0] == "log" and "-p" in args:
        assert b"-one\n+two" not in result.stdout and b"+one" in result.stdout  # the internal diff, no textconv


def test_inherited_git_variables_cannot_redirect_or_reconfigure_git(hostile_repo, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    plain_git(other, "init", "-q")
    exec_path = tmp_path / "exec-path"
    exec_path.mkdir()
    os.symlink(trap(tmp_path, "exec-path"), exec_path / "git-log")
    environ = {**os.environ, "HOME": str(tmp_path), "GIT_DIR": str(other / ".git"), "GIT_WORK_TREE": str(other),
               "GIT_EXEC_PATH": str(exec_path), "GIT_CONFIG_PARAMETERS": f"'core.pager'='{trap(tmp_path, 'param')}'",
               "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "core.fsmonitor",
               "GIT_CONFIG_VALUE_0": trap(tmp_path, "count"),
               "GIT_EXTERNAL_DIFF": trap(tmp_path, "env-diff"), "GIT_PAGER": trap(tmp_path, "env-pager")}
    log = safeexec.git(["log", "--format=%s"], str(hostile_repo), environ).text
    safeexec.git(["diff"], str(hostile_repo), environ)
    safeexec.git(["status"], str(hostile_repo), environ)
    assert log == "signed commit\n"   # this repository's history, not GIT_DIR's
    assert fired(tmp_path) == []


def test_a_relative_path_entry_never_finds_a_program_in_the_working_directory(tmp_path):
    fake = tmp_path / "git"
    fake.write_text("#!/bin/sh\ntouch fired-by-fake\n")
    fake.chmod(0o755)
    environ = {**os.environ, "PATH": os.pathsep.join([".", "", os.environ.get("PATH", "")])}
    safeexec.git(["--version"], str(tmp_path), environ)
    assert not (tmp_path / "fired-by-fake").exists()
    with pytest.raises(safeexec.ExecError, match="git not found on PATH"):
        safeexec.git(["--version"], str(tmp_path), {"PATH": "."})


def test_arguments_never_reach_a_shell(tmp_path):
    python = os.path.basename(sys.executable)
    out = safeexec.run([python, "-c", "import sys; print(sys.argv[1])", "a; touch pwned $(id)"], str(tmp_path),
                       {**os.environ, "PATH": os.path.dirname(sys.executable)})
    assert out.text == "a; touch pwned $(id)\n"
    assert not (tmp_path / "pwned").exists()


def test_a_call_that_takes_too_long_is_killed_with_a_clear_error(tmp_path):
    with pytest.raises(safeexec.ExecError, match=r"sleep timed out after 0.3 s in "):
        safeexec.run(["sleep", "30"], str(tmp_path), os.environ, timeout=0.3)


def test_a_failing_git_names_the_command_the_place_and_git_s_reason(tmp_path):
    with pytest.raises(safeexec.ExecError, match=r"git rev-parse exited with status 128 in .*: fatal: not a git repo"):
        safeexec.git(["rev-parse", "--git-common-dir"], str(tmp_path), os.environ)


def test_a_missing_directory_is_an_error_not_a_crash(tmp_path):
    with pytest.raises(safeexec.ExecError, match="could not run in"):
        safeexec.git(["log"], str(tmp_path / "gone"), os.environ)
