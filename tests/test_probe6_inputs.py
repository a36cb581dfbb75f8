"""Hostile inputs and `scan` paths (fourteenth-session probes): each case
ran into a hang, a traceback, a silent loss or a wrong name before. The
contract: skip what is broken, name it in one warning, report the rest."""
from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading

import pytest

from tests.conftest import assistant_line, usage, user_line
from tests.provider_files import cli, cli_json
from tests.test_provider_kimi import build_kimi, build_kimicode


def session_bytes(sid: str = "s1", tokens=(1000, 100)) -> bytes:
    recs = [user_line("fix the failing test", ts="2026-03-05T10:00:00Z", cwd="/home/dev/app", session=sid),
            assistant_line("m-" + sid, ts="2026-03-05T10:00:05Z", usage=usage(*tokens), cwd="/home/dev/app",
                           session=sid)]
    return b"".join(json.dumps(r).encode() + b"\n" for r in recs)


def child(tmp_path, *argv, stdout=subprocess.PIPE, preexec=None, env=None, timeout=60):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("CLAUDE_", "CODEX_", "CODEBURN_"))}
    environ.update({"HOME": str(tmp_path / "home"), "TZ": "UTC", "CODEBURN_CACHE_DIR": str(tmp_path / "cache"),
                    **(env or {})})
    return subprocess.run([sys.executable, "-m", "codeburn", *argv], env=environ, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, cwd=str(tmp_path), preexec_fn=preexec, timeout=timeout)


@pytest.mark.parametrize("argv", [("rules", "--help"), ("rules", "-h"), ("rules", "explain", "--help"),
                                  ("cache", "--help"), ("report", "--help"), ("today", "-h"), ("scan", "--help")])
def test_every_command_answers_help(run, argv):
    """`codeburn --help` sends users to `rules --help` and `cache --help`;
    they were usage errors (exit 2), as were report/today/scan --help."""
    r = run(*argv)
    assert r.status == 0 and r.stderr == ""
    assert r.stdout.startswith({"rules": "codeburn rules:", "cache": "codeburn cache:"}.get(argv[0], "codeburn —"))


def test_a_closed_stdout_is_no_error(tmp_path):
    """`codeburn --version >&-`: Python's sys.stdout is None; it printed an
    AttributeError and a traceback, exit 1."""
    p = child(tmp_path, "--version", stdout=None, preexec=lambda: os.close(1))
    assert (p.returncode, p.stderr) == (0, "")


def test_dates_past_the_calendar_are_usage_errors(run):
    r = run("report", "--to", "9999-12-31")
    assert r.status == 2
    assert r.stderr == 'codeburn: error: invalid date "9999-12-31": years after 9998 are out of range\n'


def test_an_output_file_that_cannot_be_written_is_one_line(run, tmp_path):
    (tmp_path / "taken").mkdir()
    r = run("report", "-o", str(tmp_path / "taken"))
    assert r.status == 1 and r.stderr == f"codeburn: error: cannot write {tmp_path / 'taken'}: Is a directory\n"


def test_a_cache_dir_that_is_a_file_keeps_its_mode(tmp_path):
    d = tmp_path / "home" / ".claude" / "projects" / "-home-dev-app"
    d.mkdir(parents=True)
    (d / "s1.jsonl").write_bytes(session_bytes())
    target = tmp_path / "notes.txt"
    target.write_text("mine\n")
    target.chmod(0o644)
    p = child(tmp_path, "report", "--format", "json", "-p", "lifetime", env={"CODEBURN_CACHE_DIR": str(target)})
    assert p.returncode == 0 and json.loads(p.stdout)["overview"]["calls"] == 1
    assert child(tmp_path, "status", env={"CODEBURN_CACHE_DIR": str(target)}).returncode == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o644 and target.read_text() == "mine\n"


def test_a_folder_listed_but_not_entered_is_named(tmp_path):
    """~/.claude/projects at 0600: its project folders can be listed, not
    entered; their sessions were dropped without a word."""
    from tests.conftest import run_denied

    d = tmp_path / "home" / ".claude" / "projects" / "-home-dev-app"
    d.mkdir(parents=True)
    (d / "s1.jsonl").write_bytes(session_bytes())
    d.parent.chmod(0o600)
    try:
        r = run_denied(tmp_path, "report", "--format", "json", "-p", "all", env={})
    finally:
        d.parent.chmod(0o700)
    assert r.status == 0
    assert json.loads(r.stdout)["warnings"] == [f"1 path could not be read: {d}: Permission denied"]


def test_a_store_with_a_write_under_way_reads_its_committed_rows(tmp_path):
    """A writer holds a transaction whose pages spilled into the file: the
    immutable open read them torn ("corrupt"); a private copy with the
    journal rolls them back."""
    from codeburn.providers import sqlitestore

    db = str(tmp_path / "store.db")
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("CREATE TABLE t(x TEXT)")
    conn.execute("INSERT INTO t VALUES ('committed')")
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("PRAGMA cache_size=1")
    writer.execute("BEGIN EXCLUSIVE")
    writer.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 2000)
    try:
        assert sqlitestore.journal_pending(db)
        with sqlitestore.readable(db) as where:
            assert where != db
            rows = sqlitestore.connect(where).execute("SELECT x FROM t").fetchall()
        assert rows == [("committed",)]
        assert sorted(os.listdir(tmp_path)) == ["store.db", "store.db-journal"]   # nothing beside the store
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        conn.close()


def test_scan_reads_a_pipe_and_names_a_device(tmp_path):
    """`scan <(cat log)`: the sniff took the pipe's bytes and the read got
    none (0 calls, no warning); a FIFO no one writes gives nothing at once;
    /dev/zero, which never ends, is named."""
    fifo = str(tmp_path / "feed.jsonl")
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "wb") as f:
            f.write(session_bytes())

    writer = threading.Thread(target=feed)
    writer.start()
    piped = child(tmp_path, "scan", fifo, "--format", "json")
    writer.join()
    doc = json.loads(piped.stdout)
    assert (doc["overview"]["calls"], doc["warnings"]) == (1, [])
    idle = child(tmp_path, "scan", fifo, "--format", "json", timeout=30)
    assert json.loads(idle.stdout)["overview"]["calls"] == 0
    dev = child(tmp_path, "scan", "/dev/zero", "--format", "json", timeout=30)
    assert json.loads(dev.stdout)["warnings"] == ["1 path could not be read: /dev/zero: not a regular file"]
    assert not [n for n in os.listdir(tmp_path / "cache") if n.startswith("pipe-")]   # the copy went at exit


def test_a_fifo_in_place_of_a_kept_report_is_a_miss(tmp_path):
    d = tmp_path / "home" / ".claude" / "projects" / "-home-dev-app"
    d.mkdir(parents=True)
    (d / "s1.jsonl").write_bytes(session_bytes())
    first = child(tmp_path, "report", "--format", "json", "-p", "all")
    kept = [os.path.join(r, n) for r, _, ns in os.walk(tmp_path / "cache") for n in ns if n == "report-v1.cbm"]
    assert len(kept) == 1
    os.unlink(kept[0])
    os.mkfifo(kept[0])
    again = child(tmp_path, "report", "--format", "json", "-p", "all", timeout=30)
    assert json.loads(again.stdout)["overview"] == json.loads(first.stdout)["overview"]


# `scan PATH` names what discovery names.

def test_scan_reads_kimi_wire_logs_as_kimi_cli_spaces_them(tmp_path):
    """kimi-cli writes `{"type": "metadata", "protocol_version": …}`: the
    sniff took only compact JSON, and scan read 0 calls."""
    home = str(tmp_path / "h")
    build_kimi(home)
    for path, _, names in os.walk(os.path.join(home, ".kimi", "sessions")):
        for n in names:
            f = os.path.join(path, n)
            lines = [json.loads(x) for x in open(f, encoding="utf-8")]
            with open(f, "w", encoding="utf-8") as out:
                out.writelines(json.dumps(x) + "\n" for x in lines)   # json.dumps' default spacing
    found = cli_json(home, "report", "--format", "json", "-p", "all", "--provider", "kimi")["overview"]
    scanned = cli_json(home, "scan", os.path.join(home, ".kimi"), "--format", "json", "-p", "all")["overview"]
    assert found["calls"] > 0 and scanned == found


def test_scan_names_kimi_code_and_desktop_sessions_as_discovery_does(tmp_path):
    home = str(tmp_path / "h")
    build_kimicode(home)
    found = cli_json(home, "report", "--format", "json", "-p", "all", "--provider", "kimicode")
    scanned = cli_json(home, "scan", os.path.join(home, ".kimi-code"), "--format", "json", "-p", "all")
    named = lambda d: sorted((s["project"], s["sessionId"]) for s in d["topSessions"])  # noqa: E731
    assert named(scanned) == named(found) and ("changelog-bot", "7d1e") in named(found)
    root = os.path.join(home, ".config", "Claude", "local-agent-mode-sessions", "app1", "ws1")
    slug = os.path.join(root, "local_s1", ".claude", "projects", "-sessions-eager-fox")
    os.makedirs(slug)
    with open(os.path.join(slug, "s1.jsonl"), "wb") as f:
        f.write(session_bytes())
    with open(os.path.join(root, "local_s1.json"), "w") as f:
        json.dump({"sessionId": "s1", "spaceId": "sp1", "userSelectedFolders": ["/Users/me/Reports"]}, f)
    with open(os.path.join(root, "spaces.json"), "w") as f:
        json.dump({"spaces": [{"id": "sp1", "name": "Finance Space"}]}, f)
    desk = cli_json(home, "scan", os.path.join(home, ".config", "Claude"), "--format", "json", "-p", "lifetime")
    assert [p["name"] for p in desk["projects"]] == ["Finance Space"]


def test_scan_knows_a_pi_session_whose_first_prompt_runs_past_the_sniff(tmp_path):
    """A first prompt with a 90 KB image: no message in the first 64 KiB;
    a Pi session was taken for OpenClaw's, an OMP one for no session."""
    home = tmp_path / "h"
    image = "A" * 90_000
    header = {"type": "session", "version": 3, "id": "pi-img", "timestamp": "2026-03-05T10:00:00.000Z",
              "cwd": "/home/dev/web"}
    prompt = {"type": "message", "id": "u1", "timestamp": "2026-03-05T10:00:01.000Z",
              "message": {"role": "user", "content": [{"type": "text", "text": "fix the bug"},
                                                      {"type": "image", "data": image, "mimeType": "image/png"}]}}
    answer = {"type": "message", "id": "a1", "timestamp": "2026-03-05T10:00:05.000Z",
              "message": {"role": "assistant", "api": "anthropic-messages", "provider": "anthropic",
                          "model": "claude-sonnet-4-5", "content": [{"type": "text", "text": "done"}],
                          "usage": {"input": 1000, "output": 200, "cacheRead": 0, "cacheWrite": 0}}}
    for tool, title in (("pi", None), ("omp", {"type": "title", "title": "img"})):
        d = home / f".{tool}" / "agent" / "sessions" / "--home-dev-web--"
        d.mkdir(parents=True)
        recs = ([title] if title else []) + [header, prompt, answer]
        (d / f"{tool}.jsonl").write_text("".join(json.dumps(r, separators=(",", ":")) + "\n" for r in recs))
    found = cli_json(str(home), "report", "--format", "json", "-p", "lifetime")
    scanned = cli_json(str(home), "scan", str(home), "--format", "json", "-p", "lifetime")
    assert scanned["overview"]["calls"] == found["overview"]["calls"] == 2
    assert sorted((s["sessionId"], s["calls"]) for s in scanned["topSessions"]) == \
        sorted((s["sessionId"], s["calls"]) for s in found["topSessions"])


def rollout(path, calls: int) -> None:
    sid = "0199aaaa-bbbb-7ccc-8ddd-eeeeffff0001"
    lines = [{"timestamp": "2026-11-20T10:00:00.000Z", "type": "session_meta",
              "payload": {"id": sid, "timestamp": "2026-11-20T10:00:00.000Z", "cwd": "/srv/app"}},
             {"timestamp": "2026-11-20T10:00:01.000Z", "type": "turn_context", "payload": {"model": "gpt-5"}}]
    total = 0
    for i in range(calls):
        total += 1000
        last = {"input_tokens": 1000, "cached_input_tokens": 0, "output_tokens": 100, "reasoning_output_tokens": 0,
                "total_tokens": 1100}
        lines.append({"timestamp": f"2026-11-20T10:0{i + 1}:00.000Z", "type": "event_msg",
                      "payload": {"type": "token_count", "info": {"last_token_usage": last, "total_token_usage": {
                          **last, "input_tokens": total, "total_tokens": total + 100 * (i + 1)}}}})
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.writelines(json.dumps(x, separators=(",", ":")) + "\n" for x in lines)


def test_scan_reads_one_copy_of_a_session_as_discovery_does(tmp_path):
    """A Codex rollout both active and archived (the archived copy has one
    more call), a Cline task in the extension's storage and in the CLI's
    (the CLI's older, with one more request): scan read both copies."""
    from tests.test_probe5_fixes import cline_task

    home = str(tmp_path / "h")
    name = "rollout-2026-11-20T10-00-00-0199aaaa-bbbb-7ccc-8ddd-eeeeffff0001.jsonl"
    rollout(os.path.join(home, ".codex", "sessions", "2026", "11", "20", name), 1)
    rollout(os.path.join(home, ".codex", "archived_sessions", name), 2)
    newer = cline_task(home, "saoudrizwan.claude-dev", "1700000000001", [(1_790_000_000_000, 100, 10)])
    older = os.path.join(home, ".cline", "data", "tasks", "1700000000001")
    os.makedirs(older)
    for n in ("ui_messages.json", "api_conversation_history.json"):
        src = os.path.join(os.path.dirname(newer), n)
        data = json.load(open(src))
        if n == "ui_messages.json":
            data.append({**data[-1], "ts": data[-1]["ts"] + 1000})
        with open(os.path.join(older, n), "w") as f:
            json.dump(data, f)
    os.utime(os.path.join(older, "ui_messages.json"), (1_700_000_000, 1_700_000_000))
    os.utime(newer, (1_790_000_100, 1_790_000_100))   # the newer copy, before the tests' clock
    found = cli_json(home, "report", "--format", "json", "-p", "lifetime",
                     env={"CODEX_HOME": os.path.join(home, ".codex")})["overview"]
    for paths in ([home], [os.path.join(home, ".codex"), os.path.join(home, ".config"), os.path.join(home, ".cline")],
                  [os.path.join(home, ".cline"), os.path.join(home, ".codex", "archived_sessions"),
                   os.path.join(home, ".codex"), os.path.join(home, ".config")]):
        scanned = cli_json(home, "scan", *paths, "--format", "json", "-p", "lifetime")["overview"]
        assert (scanned["calls"], scanned["cost"]) == (found["calls"], found["cost"]) == (2, found["cost"])


def test_scan_expands_a_quoted_tilde(tmp_path):
    home = tmp_path / "h"
    d = home / ".claude" / "projects" / "-home-dev-app"
    d.mkdir(parents=True)
    (d / "s1.jsonl").write_bytes(session_bytes())
    doc = cli_json(str(home), "scan", "~/.claude", "--format", "json", "-p", "lifetime")
    assert (doc["overview"]["calls"], doc["warnings"]) == (1, [])


def test_scan_names_a_store_no_tool_wrote(tmp_path):
    """A SQLite file given to scan that no tool's schema matches was
    skipped without a word (exit 0 under --strict)."""
    db = tmp_path / "random.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t(a)")
    conn.commit()
    conn.close()
    status, out, _ = cli(str(tmp_path), "scan", str(db), "--format", "json", "--strict")
    assert status == 1
    assert json.loads(out)["warnings"] == [
        f"1 path could not be read: {db}: a SQLite database of no tool codeburn reads"]


def test_home_that_is_a_file_names_nothing_absent(tmp_path):
    """HOME naming a file: no tool's folder can be there, and the warning
    counted 58 paths under it; a file where a tool's folder should be is
    still named."""
    home = tmp_path / "notes"
    home.write_text("x\n")
    status, out, _ = cli(str(home), "report", "--format", "json", env={"CLAUDE_CONFIG_DIR": str(home / ".claude"),
                                                                       "CODEX_HOME": str(home / ".codex")})
    assert status == 0 and json.loads(out)["warnings"] == []
    real = tmp_path / "h"
    (real / ".claude").mkdir(parents=True)
    (real / ".claude" / "projects").write_text("x\n")
    status, out, _ = cli(str(real), "report", "--format", "json", env={"CLAUDE_CONFIG_DIR": str(real / ".claude")})
    assert json.loads(out)["warnings"] == [
        f"1 path could not be read: {real / '.claude' / 'projects'}: Not a directory"]
