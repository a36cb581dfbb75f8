"""FIFOs, devices and folder links where a tool's files are expected, and
`-o` onto a FIFO: every command ends, names what it skipped in one warning
and reports the rest; nothing special is replaced by a plain file. Each
run is a separate process with a timeout, so a hang fails the test instead
of stopping the suite."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")

NOW = "2026-11-20T10:00:00.000Z"


def claude_session(home, slug="-home-u-a", sid="s1", msg="msg_1", inp=1000, sub=None):
    folder = home / ".claude" / "projects" / slug
    if sub:
        folder = folder / sub
    folder.mkdir(parents=True, exist_ok=True)
    line = {"type": "assistant", "timestamp": NOW, "sessionId": sid, "cwd": "/home/u/a",
            "message": {"id": msg, "role": "assistant", "model": "claude-sonnet-4-5", "content": [],
                        "usage": {"input_tokens": inp, "output_tokens": 100}}}
    (folder / f"{sid}.jsonl").write_text(json.dumps(line) + "\n")
    return folder


def cli(home, *argv, timeout=60):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CODEBURN_", "CLAUDE_", "CODEX_", "XDG_"))}
    env.update(HOME=str(home), TZ="UTC", CODEBURN_CACHE_DIR=str(home / ".cache-cb"))
    return subprocess.run([sys.executable, "-m", "codeburn", *argv], capture_output=True, text=True, env=env,
                          timeout=timeout, cwd=str(home))


@pytest.mark.parametrize("where", [
    ".copilot/session-state/abc/events.jsonl",
    ".copilot/session-store.db",
    ".kimi/sessions/h/s1/wire.jsonl",
    ".cline/data/sessions/a/a.messages.json",
    ".claude/projects/-home-u-a/s1/subagents/agent-a.meta.json",
])
def test_a_fifo_where_a_file_is_expected_does_not_hang_the_read(tmp_path, where):
    claude_session(tmp_path)
    if "agent-a" in where:  # the sidecar of a real subagent transcript
        claude_session(tmp_path, sid="agent-a", msg="msg_2", inp=500, sub="s1/subagents")
    if where.startswith(".cline"):
        (tmp_path / ".cline/data/sessions/a").mkdir(parents=True)
        (tmp_path / ".cline/data/sessions/a/a.json").write_text(json.dumps({"session_id": "a", "started_at": NOW}))
    path = tmp_path / where
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    r = cli(tmp_path, "report", "--format", "json", "-p", "all")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    calls = 2 if "agent-a" in where else 1
    assert doc["overview"]["calls"] == calls
    assert stat.S_ISFIFO(os.stat(path).st_mode)  # left as it was


def test_the_native_reader_names_a_fifo_it_was_handed(tmp_path):
    # A Copilot event log is listed by its name alone: a FIFO there reaches
    # the compiled reader, which refuses it without blocking.
    claude_session(tmp_path)
    path = tmp_path / ".copilot" / "session-state" / "abc" / "events.jsonl"
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    r = cli(tmp_path, "report", "--format", "json", "-p", "all")
    assert r.returncode == 0, r.stderr
    warnings = json.loads(r.stdout)["warnings"]
    assert any(f"{path}: not a regular file" in w for w in warnings), warnings


def test_scan_of_a_fifo_path_ends(tmp_path):
    fifo = tmp_path / "x.jsonl"
    os.mkfifo(fifo)
    folder = claude_session(tmp_path)
    r = cli(tmp_path, "scan", str(fifo), str(folder / "s1.jsonl"), "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["overview"]["calls"] == 1


def test_a_link_to_a_folder_below_subagents_is_not_followed(tmp_path):
    # 0.9.20 walks a subagents tree by its entries' own types (a link to a
    # folder is no folder there); a link to / would be a walk of the disk
    claude_session(tmp_path)
    claude_session(tmp_path, sid="agent-real", msg="msg_2", inp=500, sub="s1/subagents/nested")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "agent-linked.jsonl").write_text(
        (tmp_path / ".claude/projects/-home-u-a/s1.jsonl").read_text().replace("msg_1", "msg_3"))
    os.symlink(elsewhere, tmp_path / ".claude/projects/-home-u-a/s1/subagents/linked")
    os.symlink("/", tmp_path / ".claude/projects/-home-u-a/s1/subagents/root")
    r = cli(tmp_path, "report", "--format", "json", "-p", "all")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["overview"]["tokens"]["input"] == 1500


def test_output_onto_a_fifo_writes_into_it(tmp_path):
    claude_session(tmp_path)
    fifo = tmp_path / "out.pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    reader.start()
    r = cli(tmp_path, "report", "--format", "json", "-p", "all", "-o", str(fifo))
    reader.join(30)
    assert r.returncode == 0, r.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # not replaced by a plain file
    assert json.loads(got[0])["overview"]["calls"] == 1


def test_a_system_refusal_is_one_plain_line(tmp_path):
    # `cache clear` on a cache dir the user may not write: the path and the
    # system's reason, not a Python exception's name
    import shutil

    claude_session(tmp_path)
    assert cli(tmp_path, "status").returncode == 0  # writes the cache
    cache = tmp_path / ".cache-cb"
    prefix = []
    if os.geteuid() == 0:  # root writes anywhere: run without that power
        if not shutil.which("setpriv"):
            pytest.skip("root without setpriv")
        prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search",
                  "--inh-caps", "-dac_override,-dac_read_search"]
    os.chmod(cache, 0o500)
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CODEBURN_", "CLAUDE_", "CODEX_", "XDG_"))}
        env.update(HOME=str(tmp_path), TZ="UTC", CODEBURN_CACHE_DIR=str(cache))
        r = subprocess.run([*prefix, sys.executable, "-m", "codeburn", "cache", "clear"], capture_output=True,
                           text=True, env=env, timeout=60)
    finally:
        os.chmod(cache, 0o700)
    assert r.returncode == 1
    assert r.stderr.startswith(f"codeburn: error: {cache}/") and r.stderr.endswith(": Permission denied\n"), r.stderr
    assert "Error" not in r.stderr


def test_scan_of_a_folder_follows_the_links_below_it(tmp_path):
    # `scan ~/.claude` where projects/ is a link to another disk: read (only
    # the subagents walk leaves links to folders alone, as 0.9.20 does)
    data = tmp_path / "data"
    claude_session(tmp_path)
    os.rename(tmp_path / ".claude" / "projects", data)
    os.symlink(data, tmp_path / ".claude" / "projects")
    r = cli(tmp_path, "scan", str(tmp_path / ".claude"), "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["overview"]["calls"] == 1
