"""Twentieth-session probe K8 (damaged input, fixtures written apart from
ours): what it found, pinned. Each run is a whole process with a timeout,
so a hang fails the test instead of stopping the suite."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys

import pytest

NOW = "2026-11-20T10:00:00.000Z"
CODEX_SID = "0196a1b2-3c4d-7e8f-9a0b-1c2d3e4f5a6b"


def claude_line(msg: str, inp: int = 1000, ts: str = NOW) -> str:
    return json.dumps({"type": "assistant", "timestamp": ts, "sessionId": "s1", "cwd": "/home/u/a",
                       "message": {"id": msg, "role": "assistant", "model": "claude-sonnet-4-5", "content": [],
                                   "usage": {"input_tokens": inp, "output_tokens": 100}}})


def slug_dir(home) -> str:
    folder = os.path.join(home, ".claude", "projects", "-home-u-a")
    os.makedirs(folder, exist_ok=True)
    return folder


def earlier_today() -> dt.datetime:
    """A time of today (UTC, as cli() runs) before now: an hour ago, or half
    way back to midnight in the first hour of the day, so that "today" in
    status still holds it."""
    now = dt.datetime.now(dt.timezone.utc)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return now - min(dt.timedelta(hours=1), (now - midnight) / 2)


def cli(home, *argv, timeout=60):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CODEBURN_", "CLAUDE_", "CODEX_", "XDG_"))}
    env.update(HOME=str(home), TZ="UTC", CODEBURN_CACHE_DIR=os.path.join(str(home), ".cache-cb"))
    return subprocess.run([sys.executable, "-m", "codeburn", *argv], capture_output=True, env=env,
                          timeout=timeout, cwd=str(home))


def report(home) -> dict:
    r = cli(home, "report", "--format", "json", "-p", "all")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_a_csv_export_keeps_a_session_whose_file_name_is_not_utf8(tmp_path):
    """It exited 1 (UnicodeEncodeError) and wrote no CSV at all; the name's
    bad bytes are now written as their escapes, as the JSON export has them."""
    home = bytes(tmp_path)
    folder = os.fsencode(slug_dir(tmp_path))
    an_hour_ago = earlier_today()   # (the export's periods end now)
    with open(os.path.join(folder, b"s\xff\xfe.jsonl"), "w") as f:
        f.write(claude_line("msg_1", ts=an_hour_ago.strftime("%Y-%m-%dT%H:%M:%S.000Z")) + "\n")
    out = tmp_path / "out"
    r = cli(home.decode(), "export", "-f", "csv", "-o", str(out))
    assert r.returncode == 0, r.stderr
    with open(out / "sessions.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(row["Session ID"], row["API Calls"]) for row in rows] == [("s\\udcff\\udcfe", "1")]


def test_kimi_keys_a_work_dir_with_a_lone_surrogate_by_node_s_md5(tmp_path):
    """`kimi.json` may hold a `\\ud800` escape: md5 of the path failed the
    whole run (exit 1). Node hashes the string's UTF-8 with U+FFFD for the
    lone surrogate; the digest is node's
    (`crypto.createHash('md5').update('/home/u/a\\ud800b')`)."""
    from codeburn.providers import kimi

    (tmp_path / "kimi.json").write_text('{"work_dirs":[{"path":"/home/u/a\\ud800b"},{"path":"/home/u/ok"}]}')
    got = kimi._projects(str(tmp_path))
    assert got["f6d2aaf73019c0763a9dcafe006472f0"] == "a\ud800b"
    assert got[hashlib.md5(b"/home/u/ok").hexdigest()] == "ok"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_odd_entries_named_like_session_files_or_stores_are_named(tmp_path):
    """A FIFO, folder, dangling or looping link where a session file or a
    store should be was skipped in silence (Goose's or Cursor's whole store
    gone unnamed); each is now one path of the one warning. An odd entry
    no tool would read is not named."""
    folder = slug_dir(tmp_path)
    with open(os.path.join(folder, "s1.jsonl"), "w") as f:
        f.write(claude_line("msg_1") + "\n")
    os.mkfifo(os.path.join(folder, "s2.jsonl"))
    os.mkdir(os.path.join(folder, "d.jsonl"))
    os.symlink("/nonexistent/x", os.path.join(folder, "dangling.jsonl"))
    os.symlink(os.path.join(folder, "loop.jsonl"), os.path.join(folder, "loop.jsonl"))
    os.mkfifo(os.path.join(folder, "notes.txt"))                    # not a session name: none of ours
    os.symlink("/nonexistent/y", os.path.join(folder, "latest"))
    goose = tmp_path / ".local/share/goose/sessions/sessions.db"
    goose.mkdir(parents=True)
    chats = tmp_path / ".gemini/tmp/p1/chats"
    chats.mkdir(parents=True)
    os.mkfifo(chats / "session-1.json")
    day = tmp_path / ".codex/sessions/2026/11/20"
    day.mkdir(parents=True)
    os.mkfifo(day / f"rollout-2026-11-20T10-00-00-{CODEX_SID}.jsonl")
    doc = report(tmp_path)
    assert doc["overview"]["calls"] == 1
    [warning] = doc["warnings"]
    assert warning.startswith("7 paths could not be read: "), warning
    assert f"{folder}/d.jsonl: Is a directory" in warning          # the first, by name


@pytest.mark.parametrize("line, named", [
    ("[1,,2]", True),
    ("[[[[[[[[", True),
    ("[" * 100_000, True),
    ("12 34", True),
    ("[1,2]", False),
    ("42", False),
    ('"x"', False),
    ("null", False),
    ("[1e400, -0.5E+3, 0]", False),                    # JSON's grammar: JSON.parse takes these
    ("[01]", True),
    ('["a\\x"]', True),                                 # no such escape
    ("[" * 5000 + "]" * 5000, False),                  # deep, but JSON
    ('[{"a":[1,{"b":null}]}, 1e5, "\\u00e9", true]', False),
])
def test_a_claude_or_codex_line_that_is_no_object_is_named_when_broken(tmp_path, line, named):
    """On-Demand only balanced what it skipped, so a broken line whose top
    is no object passed as a valid one. Valid JSON that is no object is
    skipped in silence, as 0.9.20's JSON.parse takes it; both skip it."""
    folder = slug_dir(tmp_path)
    with open(os.path.join(folder, "s1.jsonl"), "w") as f:
        f.write("\n".join([claude_line("msg_1"), line, claude_line("msg_2")]) + "\n")
    day = tmp_path / ".codex/sessions/2026/11/20"
    day.mkdir(parents=True)
    usage = {"input_tokens": 100, "cached_input_tokens": 0, "output_tokens": 10, "reasoning_output_tokens": 0,
             "total_tokens": 110}
    (day / f"rollout-2026-11-20T10-00-00-{CODEX_SID}.jsonl").write_text("\n".join([
        json.dumps({"timestamp": NOW, "type": "session_meta",
                    "payload": {"id": CODEX_SID, "cwd": "/home/u/api", "timestamp": NOW}}),
        line,
        json.dumps({"timestamp": NOW, "type": "event_msg", "payload": {
            "type": "token_count", "info": {"total_token_usage": usage, "last_token_usage": usage}}})]) + "\n")
    doc = report(tmp_path)
    assert doc["overview"]["calls"] == 3
    if named:
        assert doc["warnings"] == ["2 files: 2 invalid JSON lines skipped; first at "
                                   f"{tmp_path}/.claude/projects/-home-u-a/s1.jsonl:2"]
    else:
        assert doc["warnings"] == []


@pytest.mark.parametrize("stamp, calls", [(1795812431, 0), (1795812431000, 1), ("2026-11-20T10:00:00Z", 1)])
def test_a_gemini_number_time_is_milliseconds_as_new_date_reads_it(tmp_path, stamp, calls):
    """0.9.20 reads a message's time with `new Date(value)`: a number is
    milliseconds, so seconds date it in January 1970 and it is dropped
    (spec providers §1.3: before 1e12 ms). Ours read it as seconds."""
    chats = tmp_path / ".gemini/tmp/p1/chats"
    chats.mkdir(parents=True)
    (chats / "session-2026-11-20T10-00-aaaa.json").write_text(json.dumps({
        "sessionId": "aaaa", "projectHash": "p1", "startTime": "2026-11-20T09:59:00Z",
        "messages": [{"id": "u1", "type": "user", "timestamp": "2026-11-20T09:59:30Z", "content": "fix the bug"},
                     {"id": "g1", "type": "gemini", "timestamp": stamp, "content": "done", "model": "gemini-2.5-pro",
                      "tokens": {"input": 1000, "output": 100, "cached": 0, "thoughts": 0, "tool": 0,
                                 "total": 1100}}]}))
    doc = report(tmp_path)
    assert doc["overview"]["calls"] == calls


def _opencode_store(path, sessions: list[tuple[str, str | None, int, int | None]]) -> None:
    """An OpenCode store (its schema as it writes it) with (id, parent,
    created ms, archived ms) sessions, one assistant message each."""
    from tests.records_util import make_db
    from tests.test_provider_opencode import DDL, assistant, msg, session

    make_db(path, DDL, {
        "session": [session(sid, parent, "/home/u/app", t=at, archived=archived) for sid, parent, at, archived in sessions],
        "message": [msg("m-" + sid, sid, at, **assistant(i=100, o=200)) for sid, _, at, _ in sessions]})


@pytest.mark.parametrize("shape, listed", [
    ("none", False),          # OpenCode started once: the store, no session
    ("archived", False),      # every session archived
    ("child only", False),    # a subagent's session whose root is gone
    ("old", True),            # a live root session 40 days ago: on disk, at 0
])
def test_the_menubar_lists_an_opencode_store_at_0_only_when_it_holds_a_session(tmp_path, shape, listed):
    """0.9.20 lists a tool at $0 when its discovery finds a session: for
    OpenCode a root session not archived. Ours listed any store (probe J8)."""
    import time

    now = int(time.time() * 1000)
    old = now - 40 * 86_400_000
    rows = {"none": [], "archived": [("ses_1", None, old, old + 1000)], "child only": [("ses_2", "ses_gone", old, None)],
            "old": [("ses_3", None, old, None)]}[shape]
    _opencode_store(str(tmp_path / ".local/share/opencode/opencode.db"), rows)
    an_hour_ago = earlier_today()
    with open(os.path.join(slug_dir(tmp_path), "s1.jsonl"), "w") as f:
        f.write(claude_line("msg_1", ts=an_hour_ago.strftime("%Y-%m-%dT%H:%M:%S.000Z")) + "\n")
    r = cli(tmp_path, "status", "--format", "menubar-json")
    assert r.returncode == 0, r.stderr
    current = json.loads(r.stdout)["current"]
    assert list(current["providers"]) == (["claude", "opencode"] if listed else ["claude"])
    assert [d["id"] for d in current["providerDetails"]] == list(current["providers"])


@pytest.mark.parametrize("tokens, listed", [((0, 0), False), ((1200, 300), True)])
def test_the_menubar_lists_a_goose_store_at_0_only_with_a_session_with_tokens(tmp_path, tokens, listed):
    """0.9.20's Goose discovery lists the sessions with input or output
    tokens; a store of none is no tool with sessions on disk."""
    import sqlite3

    path = tmp_path / ".local/share/goose/sessions/sessions.db"
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.executescript("""CREATE TABLE sessions(id TEXT PRIMARY KEY, name TEXT, working_dir TEXT, created_at TIMESTAMP,
        updated_at TIMESTAMP, accumulated_input_tokens INTEGER, accumulated_output_tokens INTEGER,
        provider_name TEXT, model_config_json TEXT);
        CREATE TABLE messages(id INTEGER PRIMARY KEY, session_id TEXT, role TEXT, content_json TEXT,
        created_timestamp INTEGER);""")
    db.execute("INSERT INTO sessions VALUES('g1', 'n', '/home/u/app', '2026-10-01 10:00:00', '2026-10-01 10:05:00', ?, ?,"
               " 'anthropic', '{\"model_name\": \"claude-sonnet-4-5\"}')", tokens)
    db.commit()
    db.close()
    an_hour_ago = earlier_today()
    with open(os.path.join(slug_dir(tmp_path), "s1.jsonl"), "w") as f:
        f.write(claude_line("msg_1", ts=an_hour_ago.strftime("%Y-%m-%dT%H:%M:%S.000Z")) + "\n")
    r = cli(tmp_path, "status", "--format", "menubar-json")
    assert r.returncode == 0, r.stderr
    assert list(json.loads(r.stdout)["current"]["providers"]) == (["claude", "goose"] if listed else ["claude"])


def test_kiro_ide_reads_a_workspace_s_files_and_folders_in_one_walk_by_name(tmp_path):
    """A workspace folder of the Kiro IDE may hold a legacy build's folder
    of execution files beside a newer build's `.chat` files: 0.9.20 lists
    the folder's entries by name, so the execution in `1111aaaa/` comes
    before `2222bbbb.chat` (ours had taken the files first; probe M8). The
    order names the shared model row after the first call's raw id."""
    agent = tmp_path / ".config/Kiro/User/globalStorage/kiro.kiroagent"
    ws = "a" * 32
    (agent / ws / "1111aaaa").mkdir(parents=True)
    (tmp_path / ".config/Kiro/User/workspaceStorage" / ws).mkdir(parents=True)
    (tmp_path / ".config/Kiro/User/workspaceStorage" / ws / "workspace.json").write_text(
        '{"folder":"file:///home/dev/webapp"}')
    now = int(dt.datetime.now(dt.timezone.utc).timestamp())
    (agent / ws / "1111aaaa" / "0abc").write_text(json.dumps({
        "executionId": "ex-1", "chatSessionId": "exec-session", "modelId": "auto", "startTime": (now - 86400) * 1000,
        "context": {"messages": [{"role": "user", "content": "fix the failing test"},
                                 {"role": "assistant", "content": "I changed the assertion in test_login."}]}}))
    (agent / ws / "2222bbbb.chat").write_text(json.dumps({
        "executionId": "ex-2", "actionId": "a",
        "chat": [{"role": "human", "content": "explain the cache"}, {"role": "bot", "content": "It keeps records."}],
        "metadata": {"modelId": "claude-sonnet-4.5", "modelProvider": "qdev", "workflow": "act",
                     "workflowId": "chat-session", "startTime": (now - 7200) * 1000, "endTime": (now - 7200) * 1000}}))
    r = cli(tmp_path, "sessions", "--format", "json", "-p", "all")
    assert r.returncode == 0, r.stderr
    assert [s["sessionId"] for s in json.loads(r.stdout)] == ["exec-session", "chat-session"]
    r = cli(tmp_path, "models", "--format", "json", "-p", "all", "--min-cost", "0")
    assert [(m["model"], m["calls"]) for m in json.loads(r.stdout)] == [("kiro-auto", 2)]


def _crush_home(home, prompt_tokens: int, store_kind: str = "db") -> str:
    """A Crush project registered in projects.json, its crush.db holding one
    root session of `prompt_tokens` (or, by `store_kind`, a folder there)."""
    import sqlite3

    project = os.path.join(str(home), "work", "cp")
    os.makedirs(os.path.join(project, ".crush"))
    registry = os.path.join(str(home), ".local/share/crush")
    os.makedirs(registry)
    with open(os.path.join(registry, "projects.json"), "w") as f:
        json.dump({"p1": {"path": project, "data_dir": ".crush"}}, f)
    db_path = os.path.join(project, ".crush", "crush.db")
    if store_kind == "folder":
        os.mkdir(db_path)
        return db_path
    at = int(dt.datetime.now(dt.timezone.utc).timestamp()) - 7200
    db = sqlite3.connect(db_path)
    db.executescript("""CREATE TABLE sessions(id TEXT PRIMARY KEY, parent_session_id TEXT, title TEXT,
        message_count INTEGER, prompt_tokens INTEGER, completion_tokens INTEGER, cost REAL, created_at INTEGER,
        updated_at INTEGER);
        CREATE TABLE messages(id TEXT PRIMARY KEY, session_id TEXT, role TEXT, parts TEXT, model TEXT, provider TEXT,
        created_at INTEGER, updated_at INTEGER);""")
    db.execute("INSERT INTO sessions VALUES('cs1', NULL, 't', 2, ?, 700, 0.0, ?, ?)", (prompt_tokens, at, at))
    db.execute("INSERT INTO messages VALUES('m', 'cs1', 'assistant', '[]', 'claude-sonnet-4-5', 'anthropic', ?, ?)",
               (at, at))
    db.commit()
    db.close()
    return db_path


@pytest.mark.parametrize("prompt_tokens, calls", [(5000, 1), (2 ** 63 - 1, 0)])
def test_a_crush_session_with_a_count_beyond_a_javascript_number_is_named_not_priced(tmp_path, prompt_tokens, calls):
    """0.9.20's SQLite driver refuses an integer beyond 2^53 - 1 and skips
    the session, naming it; ours had counted it at $3,000,000,000 (probe L8)."""
    db_path = _crush_home(tmp_path, prompt_tokens)
    doc = report(tmp_path)
    assert doc["overview"]["calls"] == calls
    if calls:
        assert doc["warnings"] == [] and doc["overview"]["tokens"]["input"] == 5000
    else:
        assert doc["warnings"] == [f"1 records of an unexpected shape skipped; first at {db_path}:cs1"]
        assert doc["overview"]["cost"] == 0


def test_a_crush_store_that_is_a_folder_or_a_dangling_link_is_named(tmp_path):
    db_path = _crush_home(tmp_path, 0, store_kind="folder")
    assert report(tmp_path)["warnings"] == [f"1 path could not be read: {db_path}: Is a directory"]
    os.rmdir(db_path)
    os.symlink(str(tmp_path / "gone.db"), db_path)
    assert report(tmp_path)["warnings"] == [f"1 path could not be read: {db_path}: No such file or directory"]


def test_an_opencode_message_time_no_one_can_read_is_named(tmp_path):
    """0.9.20 names the session ("Invalid time value"); ours dropped the
    call in silence. The call is in no period either way."""
    now = int(dt.datetime.now(dt.timezone.utc).timestamp() * 1000)
    path = str(tmp_path / ".local/share/opencode/opencode.db")
    _opencode_store(path, [("ses_1", None, now - 7_200_000, None)])
    import sqlite3

    db = sqlite3.connect(path)
    db.execute("UPDATE message SET time_created = 'yesterday'")
    db.commit()
    db.close()
    doc = report(tmp_path)
    assert doc["overview"]["calls"] == 0
    assert doc["warnings"] == [f"1 records of an unexpected shape skipped; first at {path}:ses_1"]


def test_a_cursor_agent_transcript_of_broken_lines_is_named_once(tmp_path):
    conv = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"
    folder = tmp_path / ".cursor/projects/home-dev-capp/agent-transcripts" / conv
    folder.mkdir(parents=True)
    (folder / f"{conv}.jsonl").write_text("hello this is not json\n")
    assert report(tmp_path)["warnings"] == [
        f"1 invalid JSON lines or records skipped; first at {folder}/{conv}.jsonl:1"]


@pytest.mark.parametrize("raw, label", [
    ("-Users-alex-Projects-acme-app", "acme-app"),           # a macOS home's slug: no user name shown
    ("-Users-alex-Developer-web", "web"),
    ("-home-dev-shop", "-home-dev-shop"),                    # only a macOS home is taken off
    ("/home/dev/src/api/", "api"),
    ("C:\\Users\\dev\\app", "C:/Users/dev/app"),
    ("/tmp", "Temporary"),
    ("-private-tmp", "Temporary"),
    ("-Users-a-Projects-eywa-eywa", "eywa"),                 # a repository folded into itself
    ("-home-dev-mobile--claude-worktrees-feat-x", "mobile · feat-x"),
    ("-Users-a-Developer-web-.claude-worktrees-agent-abcdef1234567", "web · agent abcdef12"),
    ("  ", "Unknown"),
])
def test_the_sessions_table_names_a_project_as_0_9_20_s_table(raw, label):
    """0.9.20's sessions table (cleanSessionProjectLabel); ours printed the
    raw field (probe N8)."""
    from codeburn.report.session_labels import project_label

    assert project_label(raw) == label


@pytest.mark.parametrize("sid, label", [
    ("agent-abcdef123456", "Agent abcdef12"),
    ("rollout-2026-11-20T10-00-00-0199aaaa-1111-7222-8333-444455556666", "Codex 0199aaaa"),
    ("rollout-odd", "Codex lout-odd"),                     # no id at its end: its last eight characters
    ("11111111-2222-3333-4444-555555555555", "11111111…5555"),
    ("ses_" + "x" * 26, "ses_xxxxxxxx…xxxxxx"),
    ("short-id", "short-id"),
    ("", "Unknown session"),
])
def test_the_sessions_table_names_an_untitled_session_by_a_short_id(sid, label):
    from codeburn.report.session_labels import short_id

    assert short_id(sid) == label


def test_the_sessions_table_fits_the_terminal_width(tmp_path):
    """A long project name pushed the table to 160+ cells where 0.9.20's
    fits COLUMNS (probe N8): the name columns give up cells, cut in the
    middle; the numbers stay whole."""
    long_cwd = "/home/u/" + "a-very-long-project-name-" * 4 + "end"
    folder = os.path.join(str(tmp_path), ".claude", "projects", long_cwd.replace("/", "-"))
    os.makedirs(folder)
    an_hour_ago = earlier_today().strftime("%Y-%m-%dT%H:%M:%S.000Z")
    with open(os.path.join(folder, "s1.jsonl"), "w") as f:
        f.write(claude_line("msg_1", ts=an_hour_ago).replace('"/home/u/a"', json.dumps(long_cwd)) + "\n")
    env_cols = dict(os.environ)
    for cols, widest in (("80", 80), ("100", 100), ("200", None)):
        os.environ["COLUMNS"] = cols
        try:
            r = cli(tmp_path, "sessions")
        finally:
            os.environ.clear()
            os.environ.update(env_cols)
        lines = r.stdout.decode().splitlines()
        head, row = next(line for line in lines if "started" in line), next(line for line in lines if "claude" in line)
        project = next(cell for cell in row.split() if cell.startswith("-home"))
        if cols == "80":   # names at 10 cells would still be 84: turns is left out, as 0.9.20 leaves it
            assert max(len(line) for line in lines) <= 80 and head.split()[-1] == "calls"
        elif widest:
            assert max(len(line) for line in lines) == widest and "…" in project and head.split()[-1] == "turns"
        else:
            assert len(project) == 60   # a name is cut at 60 cells whatever the room


@pytest.mark.parametrize("stamp, calls", [(1795812431, 0), (1795812431000, 1), (1795812431000.75, 1)])
def test_a_gemini_jsonl_number_time_is_milliseconds_in_the_compiled_reader_too(tmp_path, stamp, calls):
    """Gemini's JSONL sessions are read by the compiled reader, which took a
    number under 1e12 as seconds where the single-JSON reader (and
    0.9.20's `new Date(n)`) takes milliseconds (probe O8)."""
    chats = tmp_path / ".gemini/tmp/p1/chats"
    chats.mkdir(parents=True)
    (chats / "session-2026-11-20T10-00-aaaa.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"sessionId": "aaaa", "projectHash": "p1", "startTime": "2026-11-20T09:59:00.000Z", "kind": "main"},
        {"id": "u1", "timestamp": "2026-11-20T09:59:30.000Z", "type": "user", "content": "fix the bug"},
        {"id": "g1", "timestamp": stamp, "type": "gemini", "content": "done", "model": "gemini-2.5-pro",
         "tokens": {"input": 1000, "output": 100, "cached": 0, "thoughts": 0, "tool": 0, "total": 1100}}]) + "\n")
    doc = report(tmp_path)
    assert doc["overview"]["calls"] == calls and doc["warnings"] == []


def test_a_kept_status_is_not_served_once_a_git_worktree_regroups_its_projects(tmp_path):
    """The menubar's kept answer held the projects as git grouped them then:
    a folder that became a worktree of another checkout stayed a project of
    its own when warm, and merged cold (probe O8). The snapshot keeps the
    cwds it asked about, as the kept report does."""
    import subprocess as sp

    main, wt = tmp_path / "code" / "app", tmp_path / "code" / "app-wt"
    main.mkdir(parents=True)
    wt.mkdir(parents=True)
    an_hour_ago = earlier_today().strftime("%Y-%m-%dT%H:%M:%S.000Z")
    for cwd, sid in ((main, "s1"), (wt, "s2")):
        folder = tmp_path / ".claude" / "projects" / str(cwd).replace("/", "-")
        folder.mkdir(parents=True)
        (folder / f"{sid}.jsonl").write_text(
            claude_line("msg_" + sid, ts=an_hour_ago).replace('"/home/u/a"', json.dumps(str(cwd))) + "\n")

    def projects():
        r = cli(tmp_path, "status", "--format", "menubar-json")
        assert r.returncode == 0, r.stderr
        return sorted(p["name"] for p in json.loads(r.stdout)["current"]["topProjects"])

    assert projects() == ["app", "app-wt"]
    sp.run(["git", "init", "-q", str(main)], check=True)
    (main / ".git" / "worktrees" / "app-wt").mkdir(parents=True)
    (wt / ".git").write_text(f"gitdir: {main}/.git/worktrees/app-wt\n")
    warm = projects()
    os.rename(tmp_path / ".cache-cb", tmp_path / ".cache-old")
    assert warm == projects() == ["app", "app"]   # (both named after the main repository now)


def test_a_kept_status_answer_is_keyed_by_the_build(monkeypatch):
    """An older build's kept status answer was served by a newer build whose
    reader reads otherwise (probe O8): the key holds the reader's and the
    price table's stamps, as the kept scan's does."""
    from codeburn.cache import snapshot

    first = snapshot.key([], "context")
    monkeypatch.setattr(snapshot, "build_stamp", lambda: "another build")
    assert snapshot.key([], "context") != first


@pytest.mark.parametrize("argv", [
    ["report", "-p", ""], ["report", "--from", ""], ["report", "--to", "", "--format", "json"],
    ["today", "--day", ""], ["export", "--from", "", "-f", "json"], ["status", "--format", "menubar-json", "-p", ""],
])
def test_an_empty_period_option_is_a_usage_error(run, argv):
    """`--from "$FROM"` with FROM unset ran the default week (exit 0, and
    export wrote its file); 0.9.20 refuses it (probe Q8)."""
    r = run(*argv)
    assert r.status == 2 and r.stdout == ""
    option = {"-p": "--period"}.get(argv[argv.index("") - 1], argv[argv.index("") - 1])
    assert r.stderr.startswith(f'codeburn: error: invalid {option} ""'), r.stderr


@pytest.mark.parametrize("argv, name", [
    (["report", "--form", "json"], "--form"), (["report", "--per", "today"], "--per"),
    (["sessions", "--by"], "--by"), (["models", "--prov", "claude"], "--prov"),
])
def test_a_long_option_is_taken_only_by_its_whole_name(run, argv, name):
    """docopt took a unique prefix: `sessions --by` ran --by-pr (probe Q8)."""
    r = run(*argv)
    assert r.status == 2 and r.stderr.startswith(f'codeburn: error: unknown option "{name}"'), r.stderr


def test_v_help_and_an_empty_days(run):
    assert run("-V").stdout == run("--version").stdout != ""
    assert run("report", "--format", "json", "--").status == 0   # a trailing `--` with nothing after it: ignored
    assert run("help").stdout == run("--help").stdout
    assert run("help", "sessions").stdout == run("sessions", "--help").stdout
    r = run("status", "--format", "menubar-json", "--days", ",")   # no --days, as 0.9.20 reads it
    assert r.status == 0 and json.loads(r.stdout)["current"]["label"].startswith("Today")


@pytest.mark.parametrize("environ, colored", [
    ({}, False), ({"FORCE_COLOR": "1"}, True), ({"FORCE_COLOR": ""}, True), ({"FORCE_COLOR": "0"}, False),
    ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, True), ({"NO_COLOR": "1"}, False),
])
def test_force_color_colours_a_pipe(environ, colored):
    from codeburn.env import Environment

    e = Environment(environ=environ)   # (the tests' stdout is no terminal)
    assert e.color() is colored and e.color(disabled_by_flag=True) is False


def test_days_naming_one_date_twice_is_labelled_as_the_reference_labels_it(run):
    """0.9.20's label counts the dates as listed: `--days D,D` is "2 days
    (D .. D)"; the numbers are one day's either way (probe Q8)."""
    r = run("status", "--format", "menubar-json", "--days", "2026-03-04,2026-03-04")
    assert r.status == 0 and json.loads(r.stdout)["current"]["label"] == "2 days (2026-03-04 .. 2026-03-04)"
    r = run("status", "--format", "menubar-json", "--days", "2026-03-04")
    assert json.loads(r.stdout)["current"]["label"] == "2026-03-04"
