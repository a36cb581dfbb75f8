"""Kiro (spec providers §1.12, §3.4): the CLI store (prompt turns, credits
per turn metadata, the turn index that does not advance past a turn without
output), the IDE v2 event log (reasoning, credits, tools), and the IDE's
legacy `.chat`, v1 execution and workspace-session files. Token counts are
char estimates; a turn with credits costs credits × $0.04. Expected totals
are CodeBurn 0.9.20's on the same files."""
from __future__ import annotations

import base64
import os
import sys

from codeburn.providers import kiro
from codeburn.providers.records import Tool
from tests.provider_files import (
    bad_input_run, checked_report, models_of, named_calls, overview, read_all, write_json, write_jsonl
)

WS = "0123456789abcdef0123456789abcdef"
MTIME = 1792900000     # 2026-10-25T03:46:40Z


def text(s):
    return {"kind": "text", "data": s}


def cli(kind, **data):
    return {"version": "1", "kind": kind, "data": data}


def build_cli(home: str) -> None:
    d = os.path.join(home, ".kiro", "sessions", "cli")
    write_json(os.path.join(d, "s-cli-1.json"), {
        "session_id": "s-cli-1", "cwd": "/home/dev/deploy-tools", "created_at": "2026-10-20T10:00:00Z",
        "updated_at": "2026-10-20T10:09:00Z", "title": "deploy script",
        "session_state": {"rts_model_state": {"model_info": {"model_id": "claude-sonnet-4.5"}},
                          "conversation_metadata": {"user_turn_metadatas": [
                              {"end_timestamp": "2026-10-20T10:01:00Z", "builtin_tool_uses": 1,
                               "metering_usage": [{"value": 1.5, "unit": "credit"}], "total_request_count": 2},
                              {"end_timestamp": "2026-10-20T10:05:00Z", "metering_usage": []},
                              {"end_timestamp": "2026-10-20T10:09:00Z",
                               "metering_usage": [{"value": 0.5, "unit": "credit"}, {"value": 0.25, "unit": "credit"}]},
                          ]}}})
    write_jsonl(os.path.join(d, "s-cli-1.jsonl"), [
        cli("Prompt", message_id="m1", content=[text("why does the deploy script fail?")], meta={"timestamp": 1792490000}),
        cli("AssistantMessage", message_id="m2", content=[text("Let me read it."), {"kind": "toolUse", "data": {
            "toolUseId": "t1", "name": "fs_read", "input": {"path": "deploy.sh"}}}]),
        # tool results stored as {kind, data}: they add nothing to input (the reference reads no `data`)
        cli("ToolResults", message_id="m3", content=[text("#!/bin/sh\nset -e\n...")], results={"t1": {"output": "ok"}}),
        cli("AssistantMessage", message_id="m4", content=[text("Line 4 references an unset variable.")]),
        # a turn without output: not a call, and the turn index does not advance
        cli("Prompt", message_id="m5", content=[text("ok")], meta={"timestamp": 1792490200}),
        cli("Clear"),
        cli("Prompt", message_id="m6", content=[text("run it dry"), text("with verbose output please")],
            meta={"timestamp": 1792490300}),
        cli("AssistantMessage", message_id="m7", content=[text("Running a dry run now."), {"kind": "toolUse", "data": {
            "toolUseId": "t2", "name": "execute_bash", "input": {"command": "./deploy.sh --dry-run -v"}}}]),
    ])
    # no companion .json: project kiro-cli, model kiro-auto, the prompt's time
    write_jsonl(os.path.join(d, "s-cli-2.jsonl"), [
        cli("Prompt", content=[text("list the s3 buckets")], meta={"timestamp": 1792590000}),
        cli("AssistantMessage", content=[text("Here are your buckets: a, b, c."), {"kind": "toolUse", "data": {
            "name": "use_aws", "input": {"service_name": "s3"}}}]),
    ])


def ev(eid, ts, kind, **payload):
    return {"id": eid, "timestamp": ts, "payload": {"type": kind, **payload}}


def build_v2(home: str) -> None:
    sess = os.path.join(home, ".kiro", "sessions", "a1b2c3d4", "sess_7f3e")
    write_json(os.path.join(sess, "session.json"), {
        "id": "sess_7f3e", "title": "signup validation", "modelId": "claude-haiku-4.5",
        "workspacePaths": ["/home/dev/signup-app"], "createdAt": "2026-10-14T13:39:00.000Z"})
    write_jsonl(os.path.join(sess, "messages.jsonl"), [
        ev("s", "2026-10-14T13:39:00.000Z", "session_start", agentType="vibe"),
        ev("e1-u", "2026-10-14T13:39:01.000Z", "user", content="add input validation to the signup form",
           images=[], documents=[]),
        ev("e1-ts", "2026-10-14T13:39:01.100Z", "turn_start", executionId="exec-e1"),
        ev("e1-r", "2026-10-14T13:39:02.000Z", "assistant", operationType="Reasoning", content="need zod schema",
           executionId="exec-e1"),
        ev("e1-a", "2026-10-14T13:39:05.000Z", "assistant", operationType="Say", content="Added a zod schema.",
           executionId="exec-e1"),
        ev("e1-tc", "2026-10-14T13:39:03.000Z", "tool_call", toolName="fsWrite", toolCallId="tc-1",
           executionId="exec-e1"),
        ev("e1-tr", "2026-10-14T13:39:03.500Z", "tool_result", toolCallId="tc-1", content="written", success=True),
        ev("e1-cm", "2026-10-14T13:39:05.500Z", "session_metadata", key="contextUsage", value={"usagePercentage": 12}),
        ev("e1-us", "2026-10-14T13:39:06.000Z", "usage_summary", promptTurnSummaries=[
            {"unit": "credit", "unitPlural": "credits", "usage": 1.25, "usedTools": ["fsWrite"]}], status="success"),
        ev("e1-te", "2026-10-14T13:39:06.100Z", "turn_end", stopReason="end_turn"),
        ev("e2-u", "2026-10-14T13:45:00.000Z", "user", content=[{"text": "now open a PR"}]),
        ev("e2-ts", "2026-10-14T13:45:00.100Z", "turn_start", executionId="exec-e2"),
        ev("e2-r", "2026-10-14T13:45:01.000Z", "assistant", operationType="Reasoning",
           content="use the github mcp server to open the pull request"),
        ev("e2-tc", "2026-10-14T13:45:02.000Z", "tool_call", toolName="mcp_github_create_pull_request"),
        ev("e2-tr", "2026-10-14T13:45:03.000Z", "tool_result", content="PR #12 opened at https://example.com/pr/12"),
        ev("e2-a", "2026-10-14T13:45:04.000Z", "assistant", content="Opened PR #12."),
        # no usage summary and no turn_end: token-priced, flushed at the end of the log
    ])
    home_sess = os.path.join(home, ".kiro", "sessions", "a1b2c3d4", "sess_home")
    write_json(os.path.join(home_sess, "session.json"), {"id": "sess_home", "modelId": "auto",
                                                         "workspacePaths": [home]})
    write_jsonl(os.path.join(home_sess, "messages.jsonl"), [
        ev("u", "2026-11-01T08:00:00.000Z", "user", content="what time zone is this machine in"),
        ev("ts", "2026-11-01T08:00:00.100Z", "turn_start", executionId="exec-h1"),
        ev("a", "2026-11-01T08:00:02.000Z", "assistant", content="UTC."),
        ev("te", "2026-11-01T08:00:02.100Z", "turn_end"),
    ])


def build_ide(home: str) -> None:
    agent = os.path.join(home, ".config", "Kiro", "User", "globalStorage", "kiro.kiroagent")
    write_json(os.path.join(home, ".config", "Kiro", "User", "workspaceStorage", WS, "workspace.json"),
               {"folder": "file:///home/dev/legacy%20app"})
    write_json(os.path.join(agent, WS, "9a8b7c6d.chat"), {
        "executionId": "exec-legacy-1", "actionId": "act-1",
        "chat": [{"role": "human", "content": "<identity>You are Kiro</identity>"},
                 {"role": "human", "content": "fix the null check in cart.ts"},
                 {"role": "bot", "content": "Reading it. <tool_use><name>readFile</name><path>cart.ts</path></tool_use>"},
                 {"role": "tool", "content": "export function total(cart) {...}"},
                 {"role": "bot", "content": "Fixed. <tool_use><name>strReplace</name></tool_use>"}],
        "metadata": {"modelId": "claude-sonnet-4.5", "modelProvider": "anthropic", "workflow": "act",
                     "workflowId": "wf-legacy", "startTime": 1792500000000, "endTime": 1792500060000}})
    # a v1 session index (skipped) and one of its execution files
    write_json(os.path.join(agent, WS, "a0a0a0a0"), {"executions": [{"executionId": "exec-v1"}]})
    write_json(os.path.join(agent, WS, "f00dcafe", "beefbeef"), {
        "executionId": "exec-v1", "sessionId": "sess-v1", "modelId": "auto", "startTime": "2026-10-22T09:00:00Z",
        "context": {"messages": [
            {"role": "user", "content": "write a CONTRIBUTING guide"},
            {"role": "assistant", "content": [{"text": "Drafted CONTRIBUTING.md."}], "toolCalls": [{"name": "fsWrite"}]},
            {"role": "tool", "content": "created"}]},
        "usageSummary": [{"usage": 2, "unit": "credit", "usedTools": ["fsWrite", "mcp_github_create_issue"]}]})
    ws_dir = os.path.join(agent, "workspace-sessions",
                          base64.b64encode(b"/home/dev/ws-proj").decode().replace("=", "_"))
    real = write_json(os.path.join(ws_dir, "5e1f0a22-0000-4000-8000-000000000001.json"), {
        "sessionId": "ws-1", "title": "plan", "selectedModel": "claude-sonnet-4.5",
        "workspaceDirectory": "/home/dev/ws-proj",
        "history": [{"message": {"role": "user", "content": "outline the migration plan"}},
                    {"message": {"role": "assistant", "content": [{"text": "Step 1: freeze writes. Step 2: copy."}]}}]})
    os.utime(real, (MTIME, MTIME))
    # execution-backed stubs only: skipped (their executions are read on their own)
    write_json(os.path.join(ws_dir, "5e1f0a22-0000-4000-8000-000000000002.json"), {
        "sessionId": "ws-2", "selectedModel": "auto",
        "history": [{"message": {"role": "user", "content": "do it"}},
                    {"executionId": "exec-x", "message": {"role": "assistant", "content": "On it."}}]})
    write_json(os.path.join(ws_dir, "sessions.json"), [{"sessionId": "ws-1"}])


def build(home: str) -> None:
    build_cli(home)
    build_v2(home)
    build_ide(home)


def test_cli_turns(tmp_path):
    home = str(tmp_path)
    build_cli(home)
    sessions, log, _ = read_all(kiro, home)
    one, two = sessions
    assert (one.session_id, one.project, one.cwd) == ("s-cli-1", "deploy-tools", "/home/dev/deploy-tools")
    assert [c.key for c in one.calls] == ["kiro-cli:s-cli-1:0", "kiro-cli:s-cli-1:1"]
    assert [(c.input, c.output) for c in one.calls] == [(8, 13), (9, 6)]
    assert [c.cost for c in one.calls] == [1.5 * 0.04, None]      # the second reads slot 1: no credits
    assert [c.estimated for c in one.calls] == [False, True]
    assert [c.ts_ms for c in one.calls] == [1792490460000, 1792490700000]
    assert one.calls[1].prompt == "with verbose output please"
    assert one.calls[1].tools == [Tool("execute_bash", command="./deploy.sh --dry-run -v")]
    assert (two.project, two.calls[0].model, two.calls[0].ts_ms) == ("kiro-cli", "kiro-auto", 1792590000000)
    assert log.skipped == 0


def test_v2_turns(tmp_path):
    home = str(tmp_path)
    build_v2(home)
    sessions, _, sources = read_all(kiro, home)
    assert [s.project for s in sources] == ["signup-app", "kiro-ide"]    # the home dir is no project
    sess, home_sess = sessions
    assert [(c.input, c.output, c.reasoning) for c in sess.calls] == [(12, 5, 4), (14, 4, 13)]
    assert [c.cost for c in sess.calls] == [1.25 * 0.04, None]
    assert [c.key for c in sess.calls] == ["kiro-v2:sess_7f3e:exec-e1", "kiro-v2:sess_7f3e:exec-e2"]
    assert sess.calls[0].model == "claude-haiku-4-5" and sess.cwd == "/home/dev/signup-app"
    assert sess.calls[1].tools == [Tool("github_create_pull_request")]
    assert home_sess.calls[0].model == "kiro-auto"


def test_ide_files(tmp_path):
    home = str(tmp_path)
    build_ide(home)
    sessions, log, sources = read_all(kiro, home)
    assert sorted((os.path.basename(s.path), s.project) for s in sources) == [
        ("5e1f0a22-0000-4000-8000-000000000001.json", "ws-proj"), ("5e1f0a22-0000-4000-8000-000000000002.json", "ws-proj"),
        ("9a8b7c6d.chat", "legacy app"), ("a0a0a0a0", "legacy app"), ("beefbeef", "legacy app")]
    by = {s.session_id: s.calls[0] for s in sessions}
    assert set(by) == {"wf-legacy", "sess-v1", "ws-1"}
    legacy = by["wf-legacy"]
    assert (legacy.key, legacy.input, legacy.output, legacy.cost) == ("kiro:wf-legacy:exec-legacy-1", 8, 32, None)
    assert legacy.tools == [Tool("readFile"), Tool("strReplace")]
    v1 = by["sess-v1"]
    assert (v1.key, v1.input, v1.output, v1.cost, v1.model) == ("kiro:sess-v1:exec-v1", 9, 6, 0.08, "kiro-auto")
    assert v1.tools == [Tool("fsWrite"), Tool("github_create_issue")]
    ws = by["ws-1"]
    assert (ws.key, ws.input, ws.output, ws.ts_ms) == ("kiro:ws-session:ws-1", 7, 9, MTIME * 1000)
    assert log.skipped == 0


# CodeBurn 0.9.20 on build()'s files (credits at $0.04 kept; estimatedCost 0.001053).
REPORT = {"calls": 9, "sessions": 7, "input": 81, "output": 84, "cacheRead": 0, "cacheWrite": 0, "cost": 0.191053}


def test_report_equals_the_reference(tmp_path):
    home = str(tmp_path)
    build(home)
    d = checked_report(home, "kiro", REPORT)
    assert round(d["overview"]["estimatedCost"], 9) == 0.001053
    assert models_of(d) == {
        "Kiro (auto)": (3, 0.080177), "Sonnet 4.5": (4, 0.060777), "Haiku 4.5": (2, 0.050099)}
    # the reference leaves the CLI's fs_read / execute_bash unmapped (and labels s-cli-2's project "")
    assert named_calls(d["tools"]) == {
        "Edit": 3, "Read": 2, "Bash": 1, "github_create_issue": 1, "github_create_pull_request": 1, "use_aws": 1}


def test_bad_input_is_skipped_and_named(tmp_path):
    home = str(tmp_path / "home")
    build(home)
    cli_dir = os.path.join(home, ".kiro", "sessions", "cli")
    write_jsonl(os.path.join(cli_dir, "torn.jsonl"), [cli("Prompt", content=[text("x")]), [1]], tail='{"kind":"Ass')
    with open(os.path.join(cli_dir, "torn.json"), "w") as f:
        f.write('{"session_id": "torn", "cwd": "/home/dev/x", "session_st')
    agent = os.path.join(home, ".config", "Kiro", "User", "globalStorage", "kiro.kiroagent", WS)
    os.makedirs(os.path.join(cli_dir, "a-dir.jsonl"))
    locked = write_json(os.path.join(agent, "locked.chat"), {"chat": []})
    os.chmod(locked, 0)
    d, kinds = bad_input_run(tmp_path, "kiro")
    assert overview(d) == REPORT
    assert kinds == ["1 records of an unexpected shape skipped;", "2 invalid JSON lines or records skipped;",
                     "2 paths could not be read:"]


def test_cache_follows_the_cli_companion(tmp_path):
    """Credits live in the CLI's companion .json: a warm run sees them change."""
    home = str(tmp_path)
    build_cli(home)
    first = checked_report(home, "kiro", CLI_REPORT)
    meta = os.path.join(home, ".kiro", "sessions", "cli", "s-cli-1.json")
    with open(meta) as f:
        data = f.read().replace('"value": 1.5', '"value": 3.5')
    with open(meta, "w") as f:
        f.write(data)
    assert checked_report(home, "kiro", dict(CLI_REPORT, cost=0.140252))["overview"]["cost"] \
        != first["overview"]["cost"]     # 2 credits more: $0.08


# CodeBurn 0.9.20 on build_cli()'s files alone.
CLI_REPORT = {"calls": 3, "sessions": 2, "input": 22, "output": 27, "cacheRead": 0, "cacheWrite": 0, "cost": 0.060252}


def test_the_ide_is_read_from_this_systems_home_only(tmp_path):
    # spec §3.4 (and 0.9.20): macOS's Library/Application Support/Kiro only
    # on macOS; on Linux ~/.config/Kiro and ~/.kiro-server (ours read all three)
    home = str(tmp_path)
    build_ide(home)
    mac = os.path.join(home, "Library", "Application Support", "Kiro")
    os.renames(os.path.join(home, ".config", "Kiro"), mac)
    agent, ws = os.path.join(mac, "User", "globalStorage", "kiro.kiroagent"), os.path.join(mac, "User", "workspaceStorage")
    assert kiro._ide_roots(home, "darwin") == [(agent, ws)]
    assert all("Library" not in a and "Library" not in w for a, w in kiro._ide_roots(home, "linux"))
    if sys.platform.startswith("linux"):
        sessions, log, sources = read_all(kiro, home)
        assert (sessions, sources, log.skipped) == ([], [], 0)
