"""Goose sessions.db (spec providers §2.3) and Crush's per-project crush.db
through its projects.json registry (§2.4). Expected numbers are CodeBurn
0.9.20's on the same files (`--provider goose|crush`, TZ=UTC)."""
from __future__ import annotations

import json
import os

import pytest

from codeburn.providers import crush, goose
from codeburn.providers.base import NUL_IN_PATH, Walker
from codeburn.providers.records import ReadLog, Tool
from tests.records_util import make_db, read_all, totals, write_json

GOOSE_DDL = """
CREATE TABLE sessions (id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT '',
  session_type TEXT NOT NULL DEFAULT 'user', working_dir TEXT NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  extension_data TEXT DEFAULT '{}', total_tokens INTEGER, input_tokens INTEGER, output_tokens INTEGER,
  accumulated_total_tokens INTEGER, accumulated_input_tokens INTEGER, accumulated_output_tokens INTEGER,
  schedule_id TEXT, recipe_json TEXT, user_recipe_values_json TEXT, provider_name TEXT, model_config_json TEXT);
CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT, session_id TEXT NOT NULL
  REFERENCES sessions(id), role TEXT NOT NULL, content_json TEXT NOT NULL, created_timestamp INTEGER NOT NULL,
  timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP, tokens INTEGER, metadata_json TEXT);
"""

CRUSH_DDL = """
CREATE TABLE sessions (id TEXT PRIMARY KEY, parent_session_id TEXT, title TEXT NOT NULL,
  message_count INTEGER NOT NULL DEFAULT 0, prompt_tokens INTEGER NOT NULL DEFAULT 0,
  completion_tokens INTEGER NOT NULL DEFAULT 0, cost REAL NOT NULL DEFAULT 0.0, updated_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL, summary_message_id TEXT);
CREATE TABLE messages (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, role TEXT NOT NULL, parts TEXT NOT NULL
  default '[]', model TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, finished_at INTEGER,
  provider TEXT, is_summary_message INTEGER DEFAULT 0 NOT NULL);
"""
S0 = 1_792_000_000          # 2026-10-14T17:46:40Z, seconds


def goose_session(sid, cwd, tin, tout, model="gpt-4o", updated="2026-10-14 17:46:40"):
    return (sid, sid, "", "user", cwd, "2026-10-14 17:00:00", updated, "{}", None, None, None, None, tin, tout,
            None, None, None, "openai", json.dumps({"model_name": model, "context_limit": 128000}))


def goose_msg(n, sid, role, items):
    return (n, f"m{n}", sid, role, json.dumps(items), S0 + n, "2026-10-14 17:46:40", None, None)


def tool_request(name, **args):
    return {"type": "toolRequest", "id": f"call_{name}", "toolCall": {"status": "success",
                                                                    "value": {"name": name, "arguments": args}}}


def build_goose(home):
    make_db(os.path.join(home, ".local", "share", "goose", "sessions", "sessions.db"), GOOSE_DDL, {
        "sessions": [goose_session("20261014_1", "/home/dev/shop", 12000, 3400),
                     goose_session("20261014_2", "", 500, 0, model="claude-sonnet-4-5", updated=None),
                     goose_session("20261014_3", "/home/dev/idle", 0, 0)],
        "messages": [
            goose_msg(1, "20261014_1", "user", [{"type": "text", "text": "fix the failing checkout test"}]),
            goose_msg(2, "20261014_1", "assistant", [{"type": "text", "text": "Running the tests."},
                                                     tool_request("developer__shell", command="npm test"),
                                                     tool_request("developer__text_editor", command="view",
                                                                  path="src/a.ts")]),
            goose_msg(3, "20261014_1", "assistant", [tool_request("developer__shell", command="git diff | head"),
                                                     tool_request("github__create_issue", title="x")]),
        ]})


def crush_db(path, sessions, messages=()):
    make_db(path, CRUSH_DDL, {"sessions": sessions, "messages": list(messages)})


def crush_session(sid, prompt, completion, cost, parent=None, updated=S0):
    return (sid, parent, "t", 3, prompt, completion, cost, updated, S0 - 600, None)


def crush_msg(mid, sid, model):
    return (mid, sid, "assistant", "[]", model, S0, S0, S0, "anthropic", 0)


def build_crush(home, shape="keyed"):
    a, b = os.path.join(home, "src", "app"), os.path.join(home, "src", "tool")
    crush_db(os.path.join(a, ".crush", "crush.db"),
             [crush_session("s1", 15000, 800, 0.12), crush_session("s1-child", 4000, 100, 0.01, parent="s1"),
              crush_session("s2", 0, 0, 0), crush_session("s3", 2000, 300, 0)],
             [crush_msg("m1", "s1", "claude-sonnet-4-5"), crush_msg("m2", "s1", "claude-sonnet-4-5"),
              crush_msg("m3", "s1", "gpt-5"), crush_msg("m4", "s3", "")])
    crush_db(os.path.join(home, "crushdata", "tool", "crush.db"), [crush_session("t1", 900, 90, 0.002)],
             [crush_msg("n1", "t1", "gpt-5")])
    entries = [{"path": a, "data_dir": ".crush", "last_accessed": "2026-10-14T17:00:00Z"},
               {"path": b, "data_dir": os.path.join(home, "crushdata", "tool")},
               {"path": os.path.join(home, "gone"), "data_dir": ".crush"}]
    doc = {"projects": entries} if shape == "projects" else entries if shape == "array" else \
        {f"id{i}": e for i, e in enumerate(entries)}
    write_json(os.path.join(home, ".local", "share", "crush", "projects.json"), doc)


def build(home):
    build_goose(home)
    build_crush(home)


def test_goose_one_call_per_session(tmp_path):
    build_goose(str(tmp_path))
    sessions, log = read_all(goose, {}, str(tmp_path))
    assert not log.skipped
    first, second = sessions
    assert (first.session_id, first.project) == ("20261014_1", "home-dev-shop")
    (c,) = first.calls
    assert (c.model, c.input, c.output, c.cache_read, c.key, c.ts_ms) == (
        "gpt-4o", 12000, 3400, 0, "goose:20261014_1", S0 * 1000)
    assert c.prompt == "fix the failing checkout test"
    assert c.tools == [Tool("developer__shell", command="npm test; git diff | head"),
                       Tool("developer__text_editor"), Tool("create_issue")]
    # no working dir: project goose; no updated_at: created_at
    assert (second.project, second.calls[0].ts_ms) == ("goose", (S0 - 2800) * 1000)
    assert totals(sessions) == {"calls": 2, "input": 12500, "output": 3400, "cache_read": 0, "cache_write": 0,
                                "reasoning": 0}


def test_goose_two_shell_extensions_are_one_bash(tmp_path):
    """`developer__shell` and `computercontroller__shell` both map to Bash;
    the reference lists a session's tools once each after mapping, so the
    session's one call counts Bash once (CodeBurn 0.9.20: tools Bash 1,
    shell commands npm 1, ls 1)."""
    from tests.provider_files import report

    home = str(tmp_path)
    make_db(os.path.join(home, ".local", "share", "goose", "sessions", "sessions.db"), GOOSE_DDL, {
        "sessions": [goose_session("20261014_9", "/home/dev/shop", 1000, 200)],
        "messages": [goose_msg(1, "20261014_9", "user", [{"type": "text", "text": "run the tests"}]),
                     goose_msg(2, "20261014_9", "assistant", [tool_request("computercontroller__shell", command="ls")]),
                     goose_msg(3, "20261014_9", "assistant", [tool_request("developer__shell", command="npm test")])]})
    (session,), _ = read_all(goose, {}, home)
    assert session.calls[0].tools == [Tool("computercontroller__shell", command="ls; npm test")]
    status, d, _ = report(home, "goose")
    assert status == 0
    assert {t["name"]: t["calls"] for t in d["tools"]} == {"Bash": 1}
    assert {t["name"]: t["calls"] for t in d["shellCommands"]} == {"ls": 1, "npm": 1}


def test_goose_retries_follow_its_messages(tmp_path):
    """The reference sees a Goose session's tool requests message by
    message, each with its file_path and command, when two or more messages
    requested tools: edit a.ts, `npm test`, edit a.ts is a retry. Requests
    of a single message are one step of names: no retry (CodeBurn 0.9.20:
    editTurns 2, oneShotTurns 1, retriesPerEdit 0.5)."""
    from tests.provider_files import report

    home = str(tmp_path)
    edit = lambda: tool_request("developer__text_editor", command="str_replace", file_path="src/a.ts")  # noqa: E731
    make_db(os.path.join(home, ".local", "share", "goose", "sessions", "sessions.db"), GOOSE_DDL, {
        "sessions": [goose_session("20261014_7", "/home/dev/shop", 1000, 200),
                     goose_session("20261014_8", "/home/dev/shop", 1000, 200, updated="2026-10-14 17:50:00")],
        "messages": [goose_msg(1, "20261014_7", "user", [{"type": "text", "text": "fix the cart total"}]),
                     goose_msg(2, "20261014_7", "assistant", [edit()]),
                     goose_msg(3, "20261014_7", "assistant", [tool_request("developer__shell", command="npm test")]),
                     goose_msg(4, "20261014_7", "assistant", [edit()]),
                     goose_msg(5, "20261014_8", "user", [{"type": "text", "text": "fix the cart total"}]),
                     goose_msg(6, "20261014_8", "assistant",
                               [edit(), tool_request("developer__shell", command="npm test"), edit()])]})
    status, d, _ = report(home, "goose")
    assert status == 0
    (m,) = d["models"]
    assert (m["editTurns"], m["oneShotTurns"], m["retriesPerEdit"]) == (2, 1, 0.5)


def test_goose_timestamps_without_zone_are_local_time():
    """As the reference's Date reads them (spec errata): UTC only under UTC."""
    from zoneinfo import ZoneInfo

    from codeburn._fast.reader import set_local_zone

    assert goose.local_ts("2026-10-14 17:46:40") == S0 * 1000
    assert goose.local_ts("2026-10-14T19:46:40+02:00") == S0 * 1000
    assert goose.local_ts("yesterday") is None
    try:
        set_local_zone(ZoneInfo("America/New_York"))  # EDT, UTC-4
        assert goose.local_ts("2026-10-14 17:46:40") == (S0 + 4 * 3600) * 1000
        assert goose.local_ts("2026-10-14T19:46:40+02:00") == S0 * 1000
    finally:
        set_local_zone(None)


def test_goose_env(tmp_path):
    build_goose(str(tmp_path / "h"))
    root = tmp_path / "root" / "data" / "sessions"
    root.mkdir(parents=True)
    os.rename(tmp_path / "h" / ".local" / "share" / "goose" / "sessions" / "sessions.db", root / "sessions.db")
    assert len(list(goose.discover({"GOOSE_PATH_ROOT": str(tmp_path / "root")}, "/x", Walker()))) == 1
    assert list(goose.discover({}, str(tmp_path / "h"), Walker())) == []


@pytest.mark.parametrize("shape", ["keyed", "array", "projects"])
def test_crush_every_registry_shape(tmp_path, shape):
    """The reference reads `keyed` and `array`; current Crush writes `projects`."""
    build_crush(str(tmp_path), shape)
    sessions, log = read_all(crush, {}, str(tmp_path))
    assert not log.skipped
    got = [(s.session_id, s.project, c.model, c.input, c.output, c.cost, c.key, c.ts_ms)
           for s in sessions for c in s.calls]
    app = crush.labels.sanitize(str(tmp_path / "src" / "app"))
    tool = crush.labels.sanitize(str(tmp_path / "src" / "tool"))
    assert got == [("s1", app, "claude-sonnet-4-5", 15000, 800, 0.12, "crush:s1", S0 * 1000),
                   ("s3", app, "unknown", 2000, 300, 0.0, "crush:s3", S0 * 1000),
                   ("t1", tool, "gpt-5", 900, 90, 0.002, "crush:t1", S0 * 1000)]


def test_crush_broken_registry_is_named(tmp_path):
    write_json(str(tmp_path / ".local" / "share" / "crush" / "projects.json"), "{oops")
    walker = Walker()
    assert list(crush.discover({}, str(tmp_path), walker)) == []
    assert walker.errors == [(str(tmp_path / ".local" / "share" / "crush" / "projects.json"), "invalid JSON")]


def test_a_registry_path_with_a_nul_byte_is_named_and_the_others_read(tmp_path):
    """No system call takes such a path (Python raises ValueError, which
    ended the run): the walker names it and goes on."""
    build_crush(str(tmp_path), "projects")
    registry = str(tmp_path / ".local" / "share" / "crush" / "projects.json")
    with open(registry) as f:
        doc = json.load(f)
    doc["projects"][1:1] = [{"path": str(tmp_path / "src" / "a\0b"), "data_dir": ".crush"},
                            {"path": str(tmp_path / "src" / "app"), "data_dir": ".cr\0ush"}]
    write_json(registry, doc)
    walker = Walker()
    found = [s.path for s in crush.discover({}, str(tmp_path), walker)]
    assert found == [str(tmp_path / "src" / "app" / ".crush" / "crush.db"),
                     str(tmp_path / "crushdata" / "tool" / "crush.db")]
    assert walker.errors == [(str(tmp_path / "src" / "a\0b" / ".crush" / "crush.db"), NUL_IN_PATH),
                             (str(tmp_path / "src" / "app" / ".cr\0ush" / "crush.db"), NUL_IN_PATH)]


def test_crush_env(tmp_path):
    build_crush(str(tmp_path))
    data = tmp_path / ".local" / "share" / "crush"
    assert len(list(crush.discover({"CRUSH_GLOBAL_DATA": str(data)}, "/x", Walker()))) == 2
    assert len(list(crush.discover({"XDG_DATA_HOME": str(tmp_path / ".local" / "share")}, "/x", Walker()))) == 2


def test_crush_unknown_schema(tmp_path):
    path = make_db(str(tmp_path / "crush.db"), "CREATE TABLE sessions (id TEXT, title TEXT);", {})
    log = ReadLog()
    assert list(crush.read(crush.source_for(path), log)) == []
    assert log.unreadable == [(path, "unknown schema (no column sessions.parent_session_id)")]


def test_sniff(tmp_path):
    build(str(tmp_path))
    g = str(tmp_path / ".local" / "share" / "goose" / "sessions" / "sessions.db")
    c = str(tmp_path / "src" / "app" / ".crush" / "crush.db")
    heads = {p: open(p, "rb").read(65536) for p in (g, c)}
    assert goose.sniff(g, heads[g]) and not goose.sniff(c, heads[c])
    assert crush.sniff(c, heads[c]) and not crush.sniff(g, heads[g])
