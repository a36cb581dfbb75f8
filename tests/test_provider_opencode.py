"""OpenCode (SQLite + file storage) and KiloCode's SQLite half (spec
providers §2.2, §3.3). Expected numbers are CodeBurn 0.9.20's on the same
files (`report --format json -p all --provider opencode|kilo-code`)."""
from __future__ import annotations

import json
import os
import sqlite3

import pytest

from codeburn.providers import kilo_code, opencode, opencodestore
from codeburn.providers.base import Walker
from codeburn.providers.records import ReadLog, Tool
from tests.records_util import make_db, read_all, totals, write_json

T0 = 1_792_000_000_000   # 2026-10-14T17:46:40Z

DDL = """
CREATE TABLE `session` (`id` text PRIMARY KEY, `project_id` text NOT NULL, `parent_id` text, `slug` text NOT NULL,
  `directory` text NOT NULL, `title` text NOT NULL, `version` text NOT NULL, `share_url` text,
  `time_created` integer NOT NULL, `time_updated` integer NOT NULL, `time_compacting` integer, `time_archived` integer);
CREATE TABLE `message` (`id` text PRIMARY KEY, `session_id` text NOT NULL, `time_created` integer NOT NULL,
  `time_updated` integer NOT NULL, `data` text NOT NULL);
CREATE TABLE `part` (`id` text PRIMARY KEY, `message_id` text NOT NULL, `session_id` text NOT NULL,
  `time_created` integer NOT NULL, `time_updated` integer NOT NULL, `data` text NOT NULL);
"""


def session(sid, parent=None, directory="/home/dev/shop", title="t", t=T0, archived=None):
    return (sid, "prj", parent, sid, directory, title, "1.0.0", None, t, t, None, archived)


def msg(mid, sid, t, **data):
    return (mid, sid, t, t, json.dumps(data))


def part(pid, mid, sid, **data):
    return (pid, mid, sid, T0, T0, json.dumps(data))


def assistant(model="claude-sonnet-4-5", i=0, o=0, r=0, cr=0, cw=0, cost=0, **extra):
    return dict(role="assistant", modelID=model, providerID="anthropic", cost=cost,
                tokens={"input": i, "output": o, "reasoning": r, "cache": {"read": cr, "write": cw}}, **extra)


def opencode_db(path):
    make_db(path, DDL, {
        "session": [session("ses_root"), session("ses_child", parent="ses_root"),
                    session("ses_arch_child", parent="ses_root", archived=T0),
                    session("ses_other", directory="", title="quick question")],
        "message": [
            msg("msg_u1", "ses_root", T0, role="user"),
            msg("msg_a1", "ses_root", T0 + 1000, **assistant(i=1200, o=300, r=50, cr=8000, cw=400, cost=0.4)),
            msg("msg_a2", "ses_root", T0 + 2000, **assistant(model="gpt-5", i=100, o=900, r=600)),
            msg("msg_c1", "ses_child", T0 + 1500, **assistant(i=70, o=20)),
            msg("msg_x1", "ses_arch_child", T0 + 1600, **assistant(i=99999, o=99999)),
            msg("msg_empty", "ses_root", T0 + 3000, **assistant()),          # no usage, no parts: skipped
            msg("msg_zero_text", "ses_root", T0 + 3100, **assistant()),      # no usage, but text: kept at $0
            msg("msg_usage", "ses_other", T0 + 4000, role="assistant", model="claude-haiku-4-5",
                usage={"input_tokens": 10, "output_tokens": 5, "cache_read_input_tokens": 3,
                       "cache_creation_input_tokens": 2}),
            ("msg_bad", "ses_other", T0 + 5000, T0, "{not json"),
        ],
        "part": [
            part("prt_1", "msg_u1", "ses_root", type="text", text="add a cart page"),
            part("prt_2", "msg_a1", "ses_root", type="tool", tool="bash", callID="c1",
                 state={"status": "completed", "input": {"command": "npm test && git status"}}),
            part("prt_3", "msg_a1", "ses_root", type="tool", tool="edit", callID="c2",
                 state={"status": "completed", "input": {"filePath": "src/cart.ts"}}),
            part("prt_4", "msg_a2", "ses_root", type="tool", tool="clickup_clickup_get_task", callID="c3",
                 state={"input": {}}),
            part("prt_5", "msg_a2", "ses_root", type="tool", tool="task", callID="c4",
                 state={"input": {"subagent_type": "explore"}}),
            part("prt_6", "msg_zero_text", "ses_root", type="text", text="done"),
        ]})


def build(home):
    root = os.path.join(home, ".local", "share", "opencode")
    opencode_db(os.path.join(root, "opencode.db"))
    make_db(os.path.join(root, "other.db"), "CREATE TABLE x(a);", {})     # wrong prefix: not read
    # file storage: one session, one of whose messages is also in the database under the same key
    write_json(os.path.join(root, "storage", "session", "prj", "ses_file.json"),
               {"id": "ses_file", "directory": "/home/dev/blog", "title": "blog", "time": {"created": T0}})
    mdir = os.path.join(root, "storage", "message", "ses_file")
    write_json(os.path.join(mdir, "msg_f0.json"), {"id": "msg_f0", "role": "user", "time": {"created": T0 + 10}})
    write_json(os.path.join(mdir, "msg_f1.json"), {"id": "msg_f1", "time": {"created": T0 + 20},
                                                  **assistant(model="claude-opus-4-1", i=40, o=60, cr=500)})
    write_json(os.path.join(mdir, "msg_f2.json"), {"id": "msg_f2", "time": {}, **assistant(i=5, o=5)})
    write_json(os.path.join(root, "storage", "part", "msg_f0", "prt_a.json"), {"type": "text", "text": "draft a post"})
    write_json(os.path.join(root, "storage", "part", "msg_f1", "prt_b.json"),
               {"type": "tool", "tool": "read", "state": {"input": {"filePath": "posts/a.md"}}})
    # KiloCode's SQLite half
    kilo = os.path.join(home, ".local", "share", "kilo", "kilo.db")
    make_db(kilo, DDL, {"session": [session("ses_k", directory="/home/dev/kilo")],
                        "message": [msg("msg_k1", "ses_k", T0, **assistant(i=300, o=30, cr=100))]})


@pytest.fixture
def home(tmp_path):
    build(str(tmp_path))
    return str(tmp_path)


def test_sqlite_sessions_fold_children_and_skip_empty(home):
    sessions, log = read_all(opencode, {}, home)
    by_id = {s.session_id: s for s in sessions}
    assert sorted(by_id) == ["ses_file", "ses_other", "ses_root"]
    root = by_id["ses_root"]
    assert root.project == "home-dev-shop"
    assert [(c.key, c.input, c.output, c.reasoning, c.cache_read, c.cache_write) for c in root.calls] == [
        ("opencode:ses_root:msg_a1", 1200, 300, 50, 8000, 400),
        ("opencode:ses_child:msg_c1", 70, 20, 0, 0, 0),
        ("opencode:ses_root:msg_a2", 100, 900, 600, 0, 0),
        ("opencode:ses_root:msg_zero_text", 0, 0, 0, 0, 0)]
    assert [c.ts_ms for c in root.calls] == [T0 + 1000, T0 + 1500, T0 + 2000, T0 + 3100]
    assert root.calls[0].prompt == "add a cart page" and root.calls[1].prompt == ""
    assert root.calls[0].tools == [Tool("bash", command="npm test && git status"), Tool("edit")]
    assert root.calls[2].tools == [Tool("mcp__clickup__clickup_get_task"), Tool("task", subagent="explore")]
    other = by_id["ses_other"]
    assert other.project == "quick question"
    assert [(c.model, c.input, c.output, c.cache_read, c.cache_write) for c in other.calls] == [
        ("claude-haiku-4-5", 10, 5, 3, 2)]
    assert log.counts["invalid"][0] == 1


def test_file_storage(home):
    sessions, _ = read_all(opencode, {}, home)
    f = next(s for s in sessions if s.session_id == "ses_file")
    assert f.project == "home-dev-blog"
    assert [(c.key, c.input, c.output, c.cache_read, c.ts_ms, c.prompt) for c in f.calls] == [
        ("opencode:ses_file:msg_f2", 5, 5, 0, T0, ""),
        ("opencode:ses_file:msg_f1", 40, 60, 500, T0 + 20, "draft a post")]
    assert f.calls[1].tools == [Tool("read")]


def test_totals_are_the_references(home):
    # 0.9.20: opencode 7 calls (the empty message and the archived child are not counted)
    sessions, _ = read_all(opencode, {}, home)
    assert totals(sessions) == {"calls": 7, "input": 1425, "output": 1290, "cache_read": 8503,
                                "cache_write": 402, "reasoning": 650}
    sessions, _ = read_all(kilo_code, {}, home)
    assert totals(sessions) == {"calls": 1, "input": 300, "output": 30, "cache_read": 100, "cache_write": 0,
                                "reasoning": 0}
    assert sessions[0].calls[0].key == "kilo-code:ses_k:msg_k1"


def test_env_overrides(home, tmp_path):
    root = os.path.join(home, ".local", "share", "opencode")
    env = {"OPENCODE_DATA_DIR": root, "OPENCODE_DB_PREFIX": "other"}
    paths = [os.path.basename(s.path) for s in opencode.discover(env, "/nonexistent", Walker())]
    assert paths == ["ses_file.json", "other.db"]
    env = {"OPENCODE_DATA_DIR": root, "OPENCODE_DB_PREFIX": ""}      # empty prefix = the default
    assert [os.path.basename(s.path) for s in opencode.discover(env, "/x", Walker())][-1] == "opencode.db"
    env = {"XDG_DATA_HOME": os.path.join(home, ".local", "share")}
    assert len(list(kilo_code.discover(env, "/nonexistent", Walker()))) == 1


def test_session_rollup_when_messages_carry_no_usage(tmp_path):
    ddl = DDL.replace("`time_archived` integer)", "`time_archived` integer, `cost` real, `tokens_input` integer, "
                      "`tokens_output` integer, `tokens_reasoning` integer, `tokens_cache_read` integer, "
                      "`tokens_cache_write` integer, `model` text)")
    path = make_db(str(tmp_path / "opencode.db"), ddl, {
        "session": [session("s1") + (0.3, 1000, 200, 10, 50, 5, json.dumps({"id": "gpt-5", "providerID": "openai"}))],
        "message": [msg("m1", "s1", T0, role="user")]})
    log = ReadLog()
    (s,) = opencodestore.read_db("opencode", path, log)
    (c,) = s.calls
    assert (c.key, c.model, c.input, c.output, c.reasoning, c.cache_read, c.cache_write, c.ts_ms) == (
        "opencode:s1:session-level", "openai/gpt-5", 1000, 200, 10, 50, 5, T0)


@pytest.mark.parametrize("content, reason", [
    (b"", "unknown schema (no table session)"),
    (b"this is not a database at all, just text" * 200, "not a SQLite database"),
])
def test_unreadable_stores_are_named(tmp_path, content, reason):
    path = tmp_path / "opencode.db"
    path.write_bytes(content)
    log = ReadLog()
    assert list(opencodestore.read_db("opencode", str(path), log)) == []
    assert log.unreadable == [(str(path), reason)]


def test_truncated_store_is_named(tmp_path):
    path = str(tmp_path / "opencode.db")
    opencode_db(path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO part VALUES ('big', 'msg_a1', 'ses_root', 0, 0, ?)", (json.dumps({"type": "text", "text": "x" * 200_000}),))
    conn.commit()
    conn.close()
    size = os.path.getsize(path)
    with open(path, "r+b") as f:
        f.truncate(size // 2)
    log = ReadLog()
    assert list(opencodestore.read_db("opencode", path, log)) == []
    assert log.unreadable == [(path, "truncated or corrupt database")]


def test_unknown_schema_version(tmp_path):
    path = make_db(str(tmp_path / "opencode.db"), DDL.replace("`data` text NOT NULL);\nCREATE TABLE `part`",
                                                            "`payload` text NOT NULL);\nCREATE TABLE `part`"), {})
    log = ReadLog()
    assert list(opencodestore.read_db("opencode", path, log)) == []
    assert log.unreadable == [(path, "unknown schema (no column message.data)")]


def test_locked_store_is_read(tmp_path):
    """Immutable reads take no lock: a writer holding an exclusive lock
    neither blocks nor is blocked."""
    path = str(tmp_path / "opencode.db")
    opencode_db(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        log = ReadLog()
        sessions = list(opencodestore.read_db("opencode", path, log))
        assert totals(sessions)["calls"] == 5 and log.counts["invalid"][0] == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert sorted(os.listdir(tmp_path)) == ["opencode.db"]      # no -wal/-shm left beside it


def test_sniff(home):
    path = os.path.join(home, ".local", "share", "opencode", "opencode.db")
    with open(path, "rb") as f:
        head = f.read(65536)
    assert opencode.sniff(path, head) and not kilo_code.sniff(path, head)
    assert not opencode.sniff(path, b"SQLite format 3\x00" + b"\x00" * 100)


def test_tools_of_one_message_are_one_step(tmp_path):
    """An assistant message that edits, runs the tests and edits again is
    one call whose tools the reference reads as one step (no
    toolSequence, spec classifier §2.2): no retry, a one-shot edit turn.
    0.9.20 on this store: 1 edit turn, 1 one-shot, 0 retries."""
    from tests.provider_files import cli_json

    home = str(tmp_path)
    tool = lambda pid, name, **inp: part(pid, "msg_a", "ses_r", type="tool", tool=name,  # noqa: E731
                                          state={"status": "completed", "input": inp})
    make_db(os.path.join(home, ".local", "share", "opencode", "opencode.db"), DDL, {
        "session": [session("ses_r")],
        "message": [msg("msg_u", "ses_r", T0, role="user"),
                    msg("msg_a", "ses_r", T0 + 1000, **assistant(i=500, o=100))],
        "part": [part("prt_u", "msg_u", "ses_r", type="text", text="fix the failing login test"),
                 tool("prt_1", "edit", filePath="/a.py"), tool("prt_2", "bash", command="npm test"),
                 tool("prt_3", "edit", filePath="/a.py")]})
    d = cli_json(home, "report", "--format", "json", "-p", "all", "--provider", "opencode")
    assert [(a["category"], a["turns"], a["editTurns"], a["oneShotTurns"]) for a in d["activities"]] \
        == [("Debugging", 1, 1, 1)]
    assert [(m["name"], m["editTurns"], m["oneShotTurns"], m["retriesPerEdit"]) for m in d["models"]] \
        == [("Sonnet 4.5", 1, 1, 0)]


def test_a_directory_ending_in_a_slash_names_its_last_folder(tmp_path, run):
    """0.9.20 re-resolves another tool's project path with a leading '/'
    before merging the tools; a path ending in '/' does not match itself
    without it, so the project takes `/work/oc app/` and the name `oc app`
    (a path without one keeps the label and the label's path). The same on
    0.9.20 with these files."""
    root = tmp_path / "opencode"
    for sid, directory in (("ses_a", "/work/oc app/"), ("ses_b", "/home/dev/blog")):
        write_json(str(root / "storage" / "session" / "prj" / f"{sid}.json"),
                   {"id": sid, "directory": directory, "title": "t", "time": {"created": T0}})
        write_json(str(root / "storage" / "message" / sid / "msg_1.json"),
                   {"id": "msg_1", "time": {"created": T0 + 10}, **assistant(i=40, o=60)})
    import datetime as dt

    r = run("report", "--format", "json", "-p", "all", "--provider", "opencode",
            env={"OPENCODE_DATA_DIR": str(root)}, now=dt.datetime(2026, 10, 20, tzinfo=dt.timezone.utc))
    assert sorted((p["name"], p["path"]) for p in r.json["projects"]) == [
        ("home-dev-blog", "home/dev/blog"), ("oc app", "/work/oc app/")]
