"""A whole-file JSON document that starts with a byte-order mark is invalid
JSON to the reference (it reads the file as UTF-8 text and JSON.parse
rejects the mark), where Python's json.loads of bytes passes over it: the
Cline family's ui_messages.json (the task counts nothing) and
api_conversation_history.json (no model or workspace: `cline-auto`,
project "Cline"), Cline CLI's session and messages files. Expected figures
are CodeBurn 0.9.20's on the same files (found by
bench/gen_wild_others2.py --bom 1)."""
from __future__ import annotations

import json
import os

from tests.provider_files import overview, report

BOM = b"\xef\xbb\xbf"


def put(path: str, value, bom: bool) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write((BOM if bom else b"") + json.dumps(value).encode())


def cline_task(home: str, task_id: str, bom_ui: bool, bom_history: bool) -> None:
    d = os.path.join(home, ".config", "Code", "User", "globalStorage", "saoudrizwan.claude-dev", "tasks", task_id)
    put(os.path.join(d, "ui_messages.json"), [
        {"ts": 1795000000000, "type": "say", "say": "text", "text": "fix the flaky login test"},
        {"ts": 1795000001000, "type": "say", "say": "api_req_started",
         "text": json.dumps({"tokensIn": 200, "tokensOut": 100, "cacheReads": 50, "cacheWrites": 30})},
        {"ts": 1795000009000, "type": "say", "say": "api_req_started",
         "text": json.dumps({"tokensIn": 40, "tokensOut": 80, "cacheReads": 2400, "cacheWrites": 0})}], bom_ui)
    put(os.path.join(d, "api_conversation_history.json"), [{"role": "user", "content": [{"type": "text", "text": (
        "<task>fix</task>\n<environment_details>\n# Current Workspace Directory (/work/webapp) Files\n"
        "<model>anthropic/claude-sonnet-4-5</model>\n</environment_details>")}]}], bom_history)


def cline_cli_session(home: str, sid: str, bom_meta: bool, bom_messages: bool) -> None:
    d = os.path.join(home, ".cline", "data", "sessions", sid)
    put(os.path.join(d, f"{sid}.json"), {
        "session_id": sid, "model": "claude-sonnet-4-5", "cwd": "/work/cli-app", "started_at": "2026-11-20T10:00:00Z",
        "ended_at": "2026-11-20T11:00:00Z", "metadata": {"usage": {
            "inputTokens": 1000, "outputTokens": 200, "cacheReadTokens": 0, "cacheWriteTokens": 0, "totalCost": 0.5}}},
        bom_meta)
    put(os.path.join(d, f"{sid}.messages.json"), {"version": 1, "messages": [
        {"role": "user", "content": [{"type": "text", "text": "hi"}], "ts": 1795000000000},
        {"role": "assistant", "id": "m1", "ts": 1795000003000, "content": [{"type": "text", "text": "ok"}],
         "modelInfo": {"id": "claude-sonnet-4-5"}, "metrics": {
             "inputTokens": 300, "outputTokens": 50, "cacheReadTokens": 0, "cacheWriteTokens": 0, "cost": 0.02}}]},
        bom_messages)


def test_cline_family_files_with_a_bom(tmp_path):
    home = str(tmp_path)
    cline_task(home, "1795000000000", False, False)
    cline_task(home, "1795000100000", True, False)   # counts nothing
    cline_task(home, "1795000200000", False, True)   # Cline (auto), project Cline
    status, d, err = report(home, "cline")
    assert status == 0, err
    assert overview(d) == {"calls": 4, "sessions": 2, "input": 480, "output": 360, "cacheRead": 4900,
                           "cacheWrite": 60, "cost": 0.008535}
    assert sorted((p["name"], p["sessions"]) for p in d["projects"]) == [("Cline", 1), ("webapp", 1)]
    assert sorted(m["name"] for m in d["models"]) == ["Cline (auto)", "Sonnet 4.5"]


def test_cline_cli_files_with_a_bom(tmp_path):
    home = str(tmp_path)
    cline_cli_session(home, "s1", False, False)   # its message's metrics: 300/50, $0.02
    cline_cli_session(home, "s2", True, False)    # no session
    cline_cli_session(home, "s3", False, True)    # no messages: the rollup, 1000/200, $0.5
    status, d, err = report(home, "cline-cli")
    assert status == 0, err
    assert overview(d) == {"calls": 2, "sessions": 2, "input": 1300, "output": 250, "cacheRead": 0,
                           "cacheWrite": 0, "cost": 0.52}
