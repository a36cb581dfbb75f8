"""Permission denied, for real even when the tests run as root (as CI does):
the CLI runs in a child process that first gives up root's right to ignore
file modes (CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH leave its capability
bounding set, so the program it executes never has them), and a file or a
project folder with mode 000 is then unreadable to it as to any user."""
from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import assistant_line, as_bytes, usage, user_line

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="capabilities are Linux's")


def _without_dac_override() -> None:
    """Runs in the child before exec: the capabilities leave its bounding set."""
    if os.geteuid() != 0:
        return  # file modes already apply
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _session(path, ids) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    recs = [user_line("fix the cart test", ts="2026-03-02T09:00:00Z")]
    recs += [assistant_line(i, ts="2026-03-02T09:00:01Z", usage=usage(n, 10)) for n, i in ids]
    with open(path, "wb") as f:
        f.write(b"".join(as_bytes(r) + b"\n" for r in recs))


def test_unreadable_files_and_folders_are_named_and_the_rest_counted(tmp_path):
    root = tmp_path / "claude" / "projects"
    _session(str(root / "-w-shop" / "ok.jsonl"), [(100, "m1"), (200, "m2")])
    _session(str(root / "-w-shop" / "locked.jsonl"), [(4000, "m3")])
    _session(str(root / "-w-locked" / "s.jsonl"), [(8000, "m4")])
    os.chmod(root / "-w-shop" / "locked.jsonl", 0)
    os.chmod(root / "-w-locked", 0)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAUDE_", "CODEX_", "CODEBURN_"))}
    env.update(HOME=str(tmp_path / "home"), CLAUDE_CONFIG_DIR=str(tmp_path / "claude"), TZ="UTC",
               CODEX_HOME=str(tmp_path / "none"), CODEBURN_DESKTOP_SESSIONS_DIR=str(tmp_path / "none"))
    try:
        p = subprocess.run([sys.executable, "-m", "codeburn", "report", "-p", "lifetime", "--format", "json",
                            "--no-cache"], env=env, capture_output=True, text=True, cwd=str(tmp_path),
                           preexec_fn=_without_dac_override)
    finally:
        os.chmod(root / "-w-locked", 0o755)
        os.chmod(root / "-w-shop" / "locked.jsonl", 0o644)
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert (doc["overview"]["calls"], doc["overview"]["tokens"]["input"]) == (2, 300)
    warning = (f"2 paths could not be read: {root / '-w-locked'}: Permission denied "
               f"(and 1 more)")
    assert doc["warnings"] == [warning]
    assert p.stderr == f"codeburn: warning: {warning}\n"
