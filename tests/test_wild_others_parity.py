"""Differences bench/wild_others_sweep.py found between codeburn and
CodeBurn 0.9.20 on non-Claude histories, each pinned on files written here.
Expected values come from the reference's rules (cited) and were checked by
running it on the same files (dates moved to its clock)."""
from __future__ import annotations

import json
import os
import sqlite3

from tests.provider_files import cli, cli_json, write_jsonl
from tests.records_util import make_db

GOOSE_DDL = """
CREATE TABLE sessions (id TEXT PRIMARY KEY, name TEXT, working_dir TEXT, created_at TEXT, updated_at TEXT,
  accumulated_input_tokens INTEGER, accumulated_output_tokens INTEGER, provider_name TEXT, model_config_json TEXT);
CREATE TABLE messages (id INTEGER PRIMARY KEY, message_id TEXT, session_id TEXT, role TEXT, content_json TEXT,
  created_timestamp INTEGER);
"""


def pi_session(home: str, sid: str, cwd: str, stamps: list[str], model: str = "gpt-5") -> None:
    """A Pi session (spec providers §1.7): one 1000-in / 100-out call per stamp."""
    rows = [{"type": "session", "version": 3, "id": sid, "timestamp": stamps[0], "cwd": cwd}]
    for i, ts in enumerate(stamps):
        rows.append({"type": "message", "id": f"u{i}", "timestamp": ts,
                     "message": {"role": "user", "content": [{"type": "text", "text": "hello"}]}})
        rows.append({"type": "message", "id": f"a{i}", "timestamp": ts, "message": {
            "role": "assistant", "model": model, "responseId": f"{sid}-r{i}", "content": [{"type": "text", "text": "ok"}],
            "usage": {"input": 1000, "output": 100, "cacheRead": 0, "cacheWrite": 0}}})
    folder = "--" + cwd.strip("/").replace("/", "-") + "--"
    write_jsonl(os.path.join(home, ".pi", "agent", "sessions", folder, f"{sid}.jsonl"), rows)


def cline_cli_session(home: str, sid: str, cwd: str, ts: int) -> None:
    """A Cline CLI session (spec providers §3.2) recording its workspace path:
    one call of 1000 in / 100 out on claude-sonnet-4-5, cost $0.01 kept."""
    root = os.path.join(home, ".cline", "data", "sessions", sid)
    os.makedirs(root)
    with open(os.path.join(root, f"{sid}.json"), "w") as f:
        json.dump({"session_id": sid, "model": "claude-sonnet-4-5", "cwd": cwd, "workspace_root": cwd,
                   "started_at": ts}, f)
    with open(os.path.join(root, f"{sid}.messages.json"), "w") as f:
        json.dump({"messages": [{"role": "user", "content": [{"type": "text", "text": "hello"}]},
                                {"role": "assistant", "id": "m1", "ts": ts, "content": [{"type": "text", "text": "ok"}],
                                 "metrics": {"inputTokens": 1000, "outputTokens": 100, "cost": 0.01}}]}, f)


def test_a_label_read_as_a_path_joins_the_same_absolute_path(tmp_path):
    """Goose names its project by the sanitized working dir (`home-dev-shop`,
    no path); the reference reads such a label back as `home/dev/shop` and
    merges projects across tools by the path without its leading `/`, so the
    Goose session joins the Cline CLI session of `/home/dev/shop`: one
    project, named and pathed by the tool the reference reads first (Cline
    CLI), 2 calls, 2 sessions. (A Pi session of that cwd records no path: its
    project `shop` stays apart, in the reference too.)"""
    home = str(tmp_path)
    cline_cli_session(home, "sess_a", "/home/dev/shop", 1795600000000)
    pi_session(home, "pi-1", "/home/dev/shop", ["2026-11-20T10:00:00.000Z"])
    make_db(os.path.join(home, ".local", "share", "goose", "sessions", "sessions.db"), GOOSE_DDL, {
        "sessions": [("20261120_1", "n", "/home/dev/shop", "2026-11-20 11:00:00", "2026-11-20 11:05:00", 2000, 200,
                      "openai", json.dumps({"model_name": "gpt-5"}))],
        "messages": []})
    d = cli_json(home, "report", "--format", "json", "-p", "all")
    assert sorted((p["name"], p["path"], p["calls"], p["sessions"]) for p in d["projects"]) == [
        ("shop", "/home/dev/shop", 2, 2), ("shop", "shop", 1, 1)]


def test_export_summary_counts_the_projects_sessions(tmp_path):
    """The export's summary row counts sessions as the reference does, the
    sum of its projects' sessions (one here), not the report overview's
    day-history count, which also counts a session again on today when it
    began on an earlier day of the period (2 here)."""
    home = str(tmp_path)
    pi_session(home, "pi-1", "/home/dev/shop", ["2026-11-24T20:00:00.000Z", "2026-11-25T10:00:00.000Z"])
    assert cli_json(home, "report", "--format", "json", "-p", "week")["overview"]["sessions"] == 2
    out = str(tmp_path / "export.json")
    status, _, err = cli(home, "export", "-f", "json", "-o", out)
    assert status == 0, err
    summary = {r["Period"]: (r["API Calls"], r["Sessions"], r["Projects"]) for r in json.load(open(out))["summary"]}
    assert summary == {"Today": (1, 1, 1), "7 Days": (2, 1, 1), "30 Days": (2, 1, 1)}


def copilot_events(state: str, model: str) -> None:
    """A Copilot CLI event log (spec providers §1.4.a): one 100-token turn of `model`."""
    write_jsonl(os.path.join(state, "events.jsonl"), [
        {"type": "session.start", "timestamp": "2026-11-20T10:00:00.000Z", "data": {"selectedModel": model}},
        {"type": "user.message", "timestamp": "2026-11-20T10:00:05.000Z", "data": {"content": "hello"}},
        {"type": "assistant.message", "timestamp": "2026-11-20T10:00:10.000Z",
         "data": {"messageId": "m1", "outputTokens": 100, "content": "ok"}}])


def copilot_store(home: str) -> sqlite3.Connection:
    """An empty Copilot CLI session store (spec providers §2.6), open for rows."""
    db = sqlite3.connect(os.path.join(home, ".copilot", "session-store.db"))
    db.executescript("""
        CREATE TABLE sessions (id TEXT PRIMARY KEY, cwd TEXT, repository TEXT, created_at TEXT);
        CREATE TABLE assistant_usage_events (id INTEGER PRIMARY KEY, session_id TEXT, model TEXT, input_tokens INTEGER,
          cache_read_tokens INTEGER, cache_write_tokens INTEGER, reasoning_tokens INTEGER, created_at TEXT);""")
    return db


def test_a_copilot_sessions_store_models_come_first(tmp_path):
    """The reference serves Copilot's session store before the CLI event
    logs, so a session's `models` list names the store rows' model first
    (CodeBurn 0.9.20 on these files: Sonnet 4.5, then GPT-5)."""
    home = str(tmp_path)
    sid = "5e1f0c2a-0000-4000-8000-000000000001"
    state = os.path.join(home, ".copilot", "session-state", sid)
    copilot_events(state, "gpt-5")
    with open(os.path.join(state, "workspace.yaml"), "w") as f:
        f.write("cwd: /home/dev/api\n")
    db = copilot_store(home)
    db.execute("INSERT INTO sessions VALUES (?, '/home/dev/api', NULL, '2026-11-20 10:00:00')", (sid,))
    db.execute("INSERT INTO assistant_usage_events VALUES (1, ?, 'claude-sonnet-4.5', 3000, 0, 0, 0, "
               "'2026-11-20 11:00:00')", (sid,))
    db.commit()
    db.close()
    (row,) = cli_json(home, "sessions", "--format", "json", "-p", "all", "--provider", "copilot")
    assert (row["sessionId"], row["models"], row["calls"], row["inputTokens"], row["outputTokens"]) == (
        sid, ["Sonnet 4.5", "GPT-5"], 2, 3000, 100)


def test_copilot_store_sessions_are_met_before_event_log_sessions(tmp_path):
    """Two $0 Copilot sessions: one only in an event log (an unpriced model),
    one only in the session store (no model: `unknown`). The reference
    serves the store first, so of the two tied $0 models the report lists
    `unknown` first, and `sessions` lists the store's session first
    (CodeBurn 0.9.20 on these files)."""
    home = str(tmp_path)
    logged, stored = "5e1f0c2a-0000-4000-8000-00000000000a", "5e1f0c2a-0000-4000-8000-00000000000b"
    state = os.path.join(home, ".copilot", "session-state", logged)
    copilot_events(state, "zz-unknown-model-9")
    db = copilot_store(home)
    db.execute("INSERT INTO sessions VALUES (?, '/home/dev/api', NULL, '2026-11-21 10:00:00')", (stored,))
    db.execute("INSERT INTO assistant_usage_events VALUES (1, ?, '', 3000, 0, 0, 0, '2026-11-21 11:00:00')", (stored,))
    db.commit()
    db.close()
    d = cli_json(home, "report", "--format", "json", "-p", "all", "--provider", "copilot")
    assert [(m["name"], m["calls"]) for m in d["models"]] == [("unknown", 1), ("zz-unknown-model-9", 1)]
    rows = cli_json(home, "sessions", "--format", "json", "-p", "all", "--provider", "copilot")
    assert [r["sessionId"] for r in rows] == [stored, logged]
