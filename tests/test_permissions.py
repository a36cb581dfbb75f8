"""Permission denied, for real even when the tests run as root (as CI does):
the CLI runs in a child to which file modes apply (tests.conftest.run_denied),
and a file or a project folder with mode 000 is then unreadable to it."""
from __future__ import annotations

import os

from tests.conftest import assistant_line, as_bytes, run_denied, usage, user_line


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
    try:
        r = run_denied(tmp_path, "report", "-p", "lifetime", "--format", "json", "--no-cache",
                       env={"CLAUDE_CONFIG_DIR": str(tmp_path / "claude")})
    finally:
        os.chmod(root / "-w-locked", 0o755)
        os.chmod(root / "-w-shop" / "locked.jsonl", 0o644)
    assert r.status == 0, r.stderr
    doc = r.json
    assert (doc["overview"]["calls"], doc["overview"]["tokens"]["input"]) == (2, 300)
    # Unreadable paths are one warning naming the first (scan._Problems).
    warning = f"2 paths could not be read: {root / '-w-locked'}: Permission denied (and 1 more)"
    assert doc["warnings"] == [warning]
    assert r.stderr == f"codeburn: warning: {warning}\n"
