"""Histories of Gemini CLI, Qwen Code, Droid and GitHub Copilot written the
way those tools write them (spec providers §1.3-1.6, §2.5, §2.6), with the
quirks each format has. Each writer lays its files out under a home folder
and returns nothing: tests read them back with codeburn and compare with
the numbers CodeBurn 0.9.20 reports on the very same files (see
tests/test_provider_*.py, which name the reference runs)."""
from __future__ import annotations

import json
import os
import sqlite3


def _jsonl(path: str, records) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write((r if isinstance(r, str) else json.dumps(r, separators=(",", ":"))) + "\n")


def _json(path: str, value, indent=None) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=indent)


# --- Gemini CLI -----------------------------------------------------------------

GEMINI_NEW = "5f0c9e1a-2b3c-4d5e-8f90-123456789abc"
GEMINI_OLD = "a1b2c3d4-0000-4000-8000-00000000beef"


def _gemini_tool(i, name, display, args):
    return {"id": f"{name}-{i}", "name": name, "args": args, "status": "success", "displayName": display,
            "resultDisplay": "ok", "timestamp": "2026-10-20T10:00:05.000Z"}


def write_gemini(home: str) -> None:
    chats = os.path.join(home, ".gemini", "tmp", "shopfront", "chats")
    _jsonl(os.path.join(chats, "session-2026-10-20T10-00-5f0c9e1a.jsonl"), [
        {"sessionId": GEMINI_NEW, "projectHash": "3b9f0e6d2c1a", "startTime": "2026-10-20T10:00:00.000Z",
         "lastUpdated": "2026-10-20T10:00:00.000Z", "kind": "main"},
        {"id": "m-u1", "timestamp": "2026-10-20T10:00:01.000Z", "type": "user",
         "content": [{"text": "fix the failing cart test"}, {"text": "and run the suite"}]},
        {"id": "m-g1", "timestamp": "2026-10-20T10:00:06.000Z", "type": "gemini", "content": "Reading first.",
         "model": "gemini-2.5-pro", "tokens": {"input": 12040, "output": 310, "cached": 8000, "thoughts": 122,
                                               "tool": 0, "total": 12472},
         "thoughts": [{"subject": "Plan", "description": "read then test", "timestamp": "2026-10-20T10:00:04Z"}],
         "toolCalls": [_gemini_tool(1, "read_file", "ReadFile", {"absolute_path": "/home/dev/shopfront/src/cart.ts"}),
                       _gemini_tool(2, "run_shell_command", "Shell", {"command": "npm test && git status"}),
                       _gemini_tool(3, "read_file", "ReadFile", {"absolute_path": "/home/dev/shopfront/src/tax.ts"})]},
        {"$set": {"lastUpdated": "2026-10-20T10:00:06.000Z"}},
        {"id": "m-g2", "timestamp": "2026-10-20T10:00:20.000Z", "type": "gemini", "content": "Patching.",
         "model": "gemini-2.5-pro", "tokens": {"input": 15500, "output": 420, "cached": 12000, "thoughts": 0,
                                               "tool": 0, "total": 15920},
         "toolCalls": [_gemini_tool(4, "replace", "Edit", {"file_path": "/home/dev/shopfront/src/cart.ts"}),
                       _gemini_tool(5, "glob", "FindFiles", {"pattern": "**/*.test.ts"})]},
        {"id": "m-i1", "timestamp": "2026-10-20T10:00:21.000Z", "type": "info", "content": "Request cancelled."},
        {"id": "m-u2", "timestamp": "2026-10-20T10:05:00.000Z", "type": "user", "content": "now commit it"},
        # an empty id: not a message line in the JSONL form
        {"type": "gemini", "id": "", "timestamp": "2026-10-20T10:05:04.000Z", "content": "Committing.",
         "model": "gemini-2.5-flash", "tokens": {"input": 9000, "output": 95, "cached": 0, "thoughts": 40}},
        {"id": "m-g4", "timestamp": "2026-10-20T10:05:09.000Z", "type": "gemini", "content": "Done.",
         "model": "gemini-2.5-flash", "tokens": {"input": 9400, "output": 60, "cached": 8800, "thoughts": 12},
         "toolCalls": [_gemini_tool(6, "run_shell_command", "Shell", {"command": "git commit -am 'fix cart'"}),
                       _gemini_tool(7, "run_shell_command", "Shell", {"command": "git log -1"})]},
        # all counts zero: no call
        {"id": "m-g5", "timestamp": "2026-10-20T10:05:10.000Z", "type": "gemini", "content": "",
         "model": "gemini-2.5-flash", "tokens": {"input": 0, "output": 0, "cached": 0, "thoughts": 0}},
        # no model: no call
        {"id": "m-g6", "timestamp": "2026-10-20T10:05:11.000Z", "type": "gemini", "content": "?",
         "tokens": {"input": 10, "output": 10}},
        {"$set": {"lastUpdated": "2026-10-20T10:05:11.000Z"}},
    ])
    # an older CLI's single JSON file, pretty-printed, in a project-hash folder
    old = os.path.join(home, ".gemini", "tmp", "3b9f0e6d2c1a7788", "chats", "session-2026-10-22T08-30-a1b2c3d4.json")
    _json(old, {"sessionId": GEMINI_OLD, "projectHash": "3b9f0e6d2c1a7788", "startTime": "2026-10-22T08:30:00.000Z",
                "lastUpdated": "2026-10-22T08:40:00.000Z", "messages": [
                    {"id": "o-u1", "timestamp": "2026-10-22T08:30:05.000Z", "type": "user",
                     "content": "explain the release script"},
                    {"id": "o-g1", "timestamp": "2026-10-22T08:30:12.000Z", "type": "gemini", "content": "It...",
                     "model": "gemini-2.5-pro", "tokens": {"input": 30100, "output": 880, "cached": 0, "thoughts": 512},
                     "toolCalls": [{"id": "t1", "name": "read_file", "args": {"path": "scripts/release.sh"}},
                                   {"id": "t2", "name": "run_command", "args": {"command": "bash -n scripts/release.sh"}},
                                   {"id": "t3", "name": "web_search", "displayName": "GoogleSearch",
                                    "args": {"query": "semver"}}]},
                    # no timestamp of its own: the session's start time
                    {"id": "o-g2", "type": "gemini", "content": "More.", "model": "gemini-2.5-pro",
                     "tokens": {"input": 31000, "output": 200, "cached": 30000, "thoughts": 0}},
                    # no id: keyed by its ordinal among the token-bearing messages
                    {"type": "gemini", "timestamp": "2026-10-22T08:31:00.000Z", "content": "Also.",
                     "model": "gemini-2.5-flash", "tokens": {"input": 4000, "output": 70, "cached": 0, "thoughts": 9}},
                    # stamped before 2001: dropped by the reference
                    {"id": "o-g3", "timestamp": "1999-12-31T23:00:00.000Z", "type": "gemini", "content": "x",
                     "model": "gemini-2.5-pro", "tokens": {"input": 500, "output": 50}},
                ]}, indent=2)
    # a resumed copy of the first session: its messages are counted once
    _jsonl(os.path.join(chats, "session-2026-10-20T11-00-5f0c9e1a.jsonl"), [
        {"sessionId": GEMINI_NEW, "projectHash": "3b9f0e6d2c1a", "startTime": "2026-10-20T10:00:00.000Z",
         "lastUpdated": "2026-10-20T11:00:00.000Z", "kind": "main"},
        {"id": "m-g1", "timestamp": "2026-10-20T10:00:06.000Z", "type": "gemini", "content": "Reading first.",
         "model": "gemini-2.5-pro", "tokens": {"input": 12040, "output": 310, "cached": 8000, "thoughts": 122}},
        {"id": "m-u9", "timestamp": "2026-10-20T11:00:01.000Z", "type": "user", "content": "one more thing"},
        {"id": "m-g9", "timestamp": "2026-10-20T11:00:04.000Z", "type": "gemini", "content": "Sure.",
         "model": "gemini-2.5-flash", "tokens": {"input": 2000, "output": 30, "cached": 1000, "thoughts": 0}},
    ])


# --- Qwen Code ------------------------------------------------------------------

QWEN_A = "a0b1c2d3-e4f5-4a6b-8c7d-0e1f2a3b4c5d"
QWEN_B = "b7c8d9e0-1111-4a6b-8c7d-99aa00bb11cc"


def _qwen(uuid, parent, sid, ts, kind, cwd, message, **extra):
    rec = {"uuid": uuid, "parentUuid": parent, "sessionId": sid, "timestamp": ts, "type": kind, "cwd": cwd,
           "version": "0.0.14", "message": message}
    rec.update(extra)
    return rec


def _usage(prompt, candidates, thoughts=0, cached=0):
    u = {"promptTokenCount": prompt, "candidatesTokenCount": candidates, "totalTokenCount": prompt + candidates}
    if thoughts:
        u["thoughtsTokenCount"] = thoughts
    if cached:
        u["cachedContentTokenCount"] = cached
    return u


def _fc(name, args):
    return {"functionCall": {"id": f"fc-{name}", "name": name, "args": args}}


def write_qwen(home: str) -> None:
    root = os.path.join(home, ".qwen", "projects")
    cwd = "/home/dev/my-app"
    _jsonl(os.path.join(root, "-home-dev-my-app", "chats", f"{QWEN_A}.jsonl"), [
        _qwen("q-s0", None, QWEN_A, "2026-10-24T08:00:00.000Z", "system", cwd, None, subtype="ui_telemetry"),
        _qwen("q-u1", None, QWEN_A, "2026-10-24T08:00:01.000Z", "user", cwd,
              {"role": "user", "parts": [{"text": "list the failing lint rules"}]}),
        _qwen("q-a1", "q-u1", QWEN_A, "2026-10-24T08:00:04.000Z", "assistant", cwd,
              {"role": "model", "parts": [{"text": "thinking about lint", "thought": True},
                                          _fc("execute_command", {"command": "npx eslint . --format compact"}),
                                          _fc("read_file", {"absolute_path": "/home/dev/my-app/.eslintrc"})]},
              model="qwen3-coder-plus", usageMetadata=_usage(8123, 142, 60, 4096)),
        _qwen("q-t1", "q-a1", QWEN_A, "2026-10-24T08:00:09.000Z", "tool_result", cwd,
              {"role": "user", "parts": [{"functionResponse": {"id": "fc-1", "name": "execute_command",
                                                               "response": {"output": "3 problems"}}}]}),
        # a tool-call step: no user text between, the prompt is already taken
        _qwen("q-a2", "q-t1", QWEN_A, "2026-10-24T08:00:15.000Z", "assistant", cwd,
              {"role": "model", "parts": [_fc("run_shell_command", {"command": "npm run lint -- --fix"}),
                                          _fc("replace", {"file_path": "src/a.ts"})]},
              model="qwen3-coder-plus", usageMetadata=_usage(9400, 210, 0, 8000)),
        # a streamed partial without usage: no call
        _qwen("q-a3", "q-a2", QWEN_A, "2026-10-24T08:00:16.000Z", "assistant", cwd,
              {"role": "model", "parts": [{"text": "Fixed"}]}, model="qwen3-coder-plus"),
        # zero prompt and candidates: no call
        _qwen("q-a4", "q-a3", QWEN_A, "2026-10-24T08:00:17.000Z", "assistant", cwd,
              {"role": "model", "parts": [{"text": ""}]}, model="qwen3-coder-plus", usageMetadata=_usage(0, 0)),
        _qwen("q-u2", "q-a4", QWEN_A, "2026-10-24T08:10:00.000Z", "user", cwd,
              {"role": "user", "parts": [{"text": "hidden", "thought": True}, {"text": "write the changelog entry"}]}),
        # no model: qwen-auto
        _qwen("q-a5", "q-u2", QWEN_A, "2026-10-24T08:10:06.000Z", "assistant", cwd,
              {"role": "model", "parts": [_fc("write_to_file", {"path": "CHANGELOG.md"})]},
              usageMetadata=_usage(5000, 300, 25)),
    ])
    cwd_b = "/home/dev/api"
    _jsonl(os.path.join(root, "-home-dev-api", "chats", f"{QWEN_B}.jsonl"), [
        _qwen("b-u1", None, QWEN_B, "2026-10-25T14:00:00.000Z", "user", cwd_b,
              {"role": "user", "parts": [{"text": "search for the retry helper"}]}),
        _qwen("b-a1", "b-u1", QWEN_B, "2026-10-25T14:00:03.000Z", "assistant", cwd_b,
              {"role": "model", "parts": [_fc("search_files", {"regex": "retry"}),
                                          _fc("list_directory", {"path": "src"}),
                                          _fc("web_search", {"query": "exponential backoff"})]},
              model="qwen3-coder-plus", usageMetadata=_usage(3000, 120, 0, 0)),
        _qwen("b-a2", "b-a1", QWEN_B, "2026-10-25T14:00:09.000Z", "assistant", cwd_b,
              {"role": "model", "parts": [_fc("execute_command", {"command": "go test ./... | tee out.txt"}),
                                          _fc("execute_command", {"command": "go vet ./..."})]},
              model="qwen3-max", usageMetadata=_usage(3500, 80, 30, 2048)),
    ])


# --- Droid (Factory) --------------------------------------------------------------

def _droid_msg(mid, ts, role, content):
    return {"type": "message", "id": mid, "timestamp": ts, "message": {"role": role, "content": content}}


def write_droid(home: str) -> None:
    sessions = os.path.join(home, ".factory", "sessions")
    api = os.path.join(sessions, "-home-dev-projects-api-server")
    sid = "d7e8f9a0-1111-2222-3333-444455556666"
    _jsonl(os.path.join(api, f"{sid}.jsonl"), [
        {"type": "session_start", "id": sid, "title": "Add health endpoint",
         "cwd": os.path.join(home, "projects", "api-server"), "version": 2},
        _droid_msg("u1", "2026-10-26T10:00:00.000Z", "user", [
            {"type": "text", "text": "<system-reminder>todo list empty</system-reminder>"},
            {"type": "text", "text": "add a /health endpoint"}]),
        _droid_msg("a1", "2026-10-26T10:00:03.000Z", "assistant", [
            {"type": "thinking", "thinking": "need router file"},
            {"type": "tool_use", "id": "tu1", "name": "Read", "input": {"file_path": "src/router.ts"}}]),
        # thinking only: no text and no tools, so no call of its own
        _droid_msg("a2", "2026-10-26T10:00:05.000Z", "assistant", [{"type": "thinking", "thinking": "hmm"}]),
        _droid_msg("a3", "2026-10-26T10:00:09.000Z", "assistant", [
            {"type": "tool_use", "id": "tu2", "name": "Execute",
             "input": {"command": "npm test && npm run lint\necho done", "riskLevel": "low"}},
            {"type": "tool_use", "id": "tu3", "name": "Edit", "input": {"file_path": "src/router.ts"}},
            {"type": "text", "text": "Tests pass."}]),
        _droid_msg("u2", "2026-10-26T10:02:00.000Z", "user", "also document it"),
        _droid_msg("a4", "2026-10-26T10:02:07.000Z", "assistant", [
            {"type": "tool_use", "id": "tu4", "name": "Task", "input": {"subagent_type": "docs"}},
            {"type": "tool_use", "id": "tu5", "name": "TodoWrite", "input": {"todos": []}}]),
        _droid_msg("a5", "2026-10-26T10:02:30.000Z", "assistant", [{"type": "text", "text": "Documented."}]),
    ])
    _json(os.path.join(api, f"{sid}.settings.json"), {
        "model": "custom:claude-sonnet-4-5-[Proxy]-0", "reasoningEffort": "medium",
        "tokenUsage": {"inputTokens": 1003, "outputTokens": 5009, "cacheCreationTokens": 20002,
                       "cacheReadTokens": 120001, "thinkingTokens": 407}})
    web = os.path.join(sessions, "-home-dev-work-web")
    sid2 = "e1e2e3e4-aaaa-bbbb-cccc-ddddeeeeffff"
    _jsonl(os.path.join(web, f"{sid2}.jsonl"), [
        {"type": "session_start", "id": sid2, "title": "Style tweaks", "cwd": os.path.join(home, "work", "web")},
        _droid_msg("w-u1", "2026-10-27T16:00:00.000Z", "user", [{"type": "text", "text": "make the header sticky"}]),
        _droid_msg("w-a1", "2026-10-27T16:00:04.000Z", "assistant", [
            {"type": "tool_use", "id": "x1", "name": "Grep", "input": {"pattern": "header"}},
            {"type": "tool_use", "id": "x2", "name": "MultiEdit", "input": {"file_path": "src/header.css"}}]),
        _droid_msg("w-a2", "2026-10-27T16:00:10.000Z", "assistant", [
            {"type": "tool_use", "id": "x3", "name": "Execute", "input": {"command": "git diff --stat"}},
            {"type": "text", "text": "Done."}]),
        # a user message after the last reply: the one the reference keeps
        _droid_msg("w-u2", "2026-10-27T16:01:00.000Z", "user", [{"type": "text", "text": "thanks, ship it"}]),
    ])
    _json(os.path.join(web, f"{sid2}.settings.json"), {
        "model": "gpt-5", "tokenUsage": {"inputTokens": 7, "outputTokens": 3001, "cacheCreationTokens": 0,
                                         "cacheReadTokens": 9999, "thinkingTokens": 1}})
    # no settings file: no tokens, no calls
    _jsonl(os.path.join(web, "f0f0f0f0-no-settings.jsonl"), [
        {"type": "session_start", "id": "f0f0f0f0-no-settings", "cwd": os.path.join(home, "work", "web")},
        _droid_msg("n-a1", "2026-10-27T17:00:00.000Z", "assistant", [{"type": "text", "text": "hi"}])])
    # housekeeping in the Factory folder itself: skipped
    internal = os.path.join(sessions, "-factory")
    _jsonl(os.path.join(internal, "c0c0c0c0-internal.jsonl"), [
        {"type": "session_start", "id": "c0c0c0c0-internal", "cwd": os.path.join(home, ".factory")},
        _droid_msg("i-a1", "2026-10-27T18:00:00.000Z", "assistant", [{"type": "text", "text": "sync"}])])
    _json(os.path.join(internal, "c0c0c0c0-internal.settings.json"),
          {"model": "gpt-5", "tokenUsage": {"inputTokens": 100000, "outputTokens": 100000}})
    # not a session log (first line is not session_start): skipped
    _jsonl(os.path.join(web, "notes.jsonl"), [{"type": "message", "id": "z"}])


# --- GitHub Copilot -------------------------------------------------------------

CLI_A = "3f2a9c1e-bb01-4c55-9d2e-0a1b2c3d4e5f"
CLI_B = "7d6c5b4a-cc02-4d66-8e3f-1b2c3d4e5f60"
CLI_C = "9e8d7c6b-dd03-4e77-9f40-2c3d4e5f6071"   # in the store only


def _ev(kind, ts, data, **extra):
    rec = {"type": kind, "data": data, "id": f"ev-{kind}-{ts}", "timestamp": ts}
    rec.update(extra)
    return rec


def _req(call_id, name, args=None):
    r = {"toolCallId": call_id, "name": name, "type": "function"}
    if args is not None:
        r["arguments"] = args
    return r


def _metrics(model, inp, out, read, write, reasoning):
    return {model: {"requests": {"count": 3, "cost": 1},
                    "usage": {"inputTokens": inp, "outputTokens": out, "cacheReadTokens": read,
                              "cacheWriteTokens": write, "reasoningTokens": reasoning}}}


def write_copilot_cli(home: str, store: bool = True) -> None:
    state = os.path.join(home, ".copilot", "session-state")
    a = os.path.join(state, CLI_A)
    _jsonl(os.path.join(a, "events.jsonl"), [
        _ev("session.start", "2026-10-28T09:00:00.000Z",
            {"sessionId": CLI_A, "version": 1, "producer": "copilot-agent", "copilotVersion": "1.0.80",
             "startTime": "2026-10-28T09:00:00.000Z", "selectedModel": "claude-sonnet-4.5"}),
        _ev("user.message", "2026-10-28T09:00:10.000Z",
            {"content": "add a retry helper and run the tests", "interactionId": "int-1", "attachments": []}),
        _ev("assistant.message", "2026-10-28T09:00:15.000Z",
            {"messageId": "a-1", "outputTokens": 150, "content": "Looking.",
             "toolRequests": [_req("toolu_1", "view", {"path": "src/http.ts"}),
                              _req("toolu_2", "bash", {"command": "npm test && git diff --stat"}),
                              _req("toolu_3", "github-mcp-server-list_issues", {"repo": "acme/app"})]}),
        _ev("assistant.message", "2026-10-28T09:00:40.000Z",
            {"messageId": "a-2", "outputTokens": 420, "content": "Writing.",
             "toolRequests": [_req("toolu_4", "create", {"path": "src/retry.ts"}),
                              _req("toolu_5", "edit", {"path": "src/http.ts"})]}),
        # no output tokens: not a call
        _ev("assistant.message", "2026-10-28T09:00:41.000Z", {"messageId": "a-3", "outputTokens": 0}),
        _ev("session.shutdown", "2026-10-28T09:05:00.000Z",
            {"shutdownType": "routine", "sessionStartTime": 1793178000000,
             "modelMetrics": _metrics("claude-sonnet-4.5", 60000, 570, 30000, 20000, 0)}),
        # resumed: a second leg with cumulative counters
        _ev("session.resume", "2026-10-28T14:00:00.000Z", {}),
        _ev("session.model_change", "2026-10-28T14:00:01.000Z",
            {"newModel": "gpt-5", "previousModel": "claude-sonnet-4.5"}),
        _ev("user.message", "2026-10-28T14:00:05.000Z", {"content": "use the skill to make a pdf report"}),
        _ev("subagent.started", "2026-10-28T14:00:06.000Z",
            {"agentName": "explore", "agentDisplayName": "Explore", "toolCallId": "call_sub1"}),
        _ev("assistant.message", "2026-10-28T14:00:09.000Z",
            {"messageId": "a-4", "model": "gpt-5", "outputTokens": 64,
             "toolRequests": [_req("call_5", "skill", {"skill": "pdf"})]}),
        _ev("subagent.completed", "2026-10-28T14:00:30.000Z", {"agentName": "explore", "toolCallId": "call_sub1"}),
        _ev("session.compaction_start", "2026-10-28T14:03:00.000Z", {"trigger": "background"}),
        _ev("session.compaction_complete", "2026-10-28T14:03:20.000Z",
            {"success": True, "messagesRemoved": 14, "compactionTokensUsed": 3085}),
        _ev("assistant.message", "2026-10-28T14:04:00.000Z",
            {"messageId": "a-5", "model": "gpt-5", "outputTokens": 90,
             "toolRequests": [_req("call_6", "bash", {"command": "ls -la docs"})]}),
        _ev("session.shutdown", "2026-10-28T14:05:00.000Z",
            {"shutdownType": "routine", "sessionStartTime": 1793178000000,
             "modelMetrics": {**_metrics("claude-sonnet-4.5", 60000, 570, 30000, 20000, 0),
                              **_metrics("gpt-5", 40000, 154, 25000, 5000, 31)}}),
    ])
    with open(os.path.join(a, "workspace.yaml"), "w") as f:
        f.write(f"id: {CLI_A}\ncwd: '/home/dev/src/webapp'  # main checkout\nsummary: retry helper\n")
    b = os.path.join(state, CLI_B)
    _jsonl(os.path.join(b, "events.jsonl"), [
        _ev("session.start", "2026-10-29T11:00:00.000Z", {"sessionId": CLI_B, "selectedModel": "gpt-5"}),
        _ev("user.message", "2026-10-29T11:00:02.000Z", {"content": "debug the flaky upload test"}),
        _ev("assistant.message", "2026-10-29T11:00:08.000Z",
            {"messageId": "b-1", "outputTokens": 200,
             "toolRequests": [_req("call_b1", "bash", {"command": "pytest -x tests/test_upload.py"})]}),
        _ev("assistant.message", "2026-10-29T11:01:10.000Z",
            {"messageId": "b-2", "outputTokens": 300,
             "toolRequests": [_req("call_b2", "edit", {"path": "tests/test_upload.py"})]}),
        _ev("session.shutdown", "2026-10-29T11:10:00.000Z",
            {"modelMetrics": _metrics("gpt-5", 52000, 500, 30000, 10000, 120)}),
    ])
    with open(os.path.join(b, "workspace.yaml"), "w") as f:
        f.write(f"id: {CLI_B}\ncwd: /home/dev/src/uploader\n")
    if store:
        write_copilot_store(os.path.join(home, ".copilot", "session-store.db"))


def write_copilot_store(path: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE sessions (id TEXT PRIMARY KEY, cwd TEXT, repository TEXT,
                               created_at TEXT DEFAULT (datetime('now')));
        CREATE TABLE assistant_usage_events (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL,
            model TEXT NOT NULL, input_tokens INTEGER, output_tokens INTEGER, cache_read_tokens INTEGER,
            cache_write_tokens INTEGER, reasoning_tokens INTEGER, total_nano_aiu INTEGER,
            request_multiplier REAL, initiator TEXT, created_at TEXT DEFAULT (datetime('now')));
    """)
    conn.executemany("INSERT INTO sessions VALUES (?,?,?,?)", [
        (CLI_B, "/home/dev/src/uploader-store-label", None, "2026-10-29 11:00:00"),
        (CLI_C, None, "git@github.com:acme/billing.git", "2026-10-30 09:00:00"),
    ])
    rows = [
        # session B (gpt-5): two requests paired with b-1 and b-2, one crash-tail request after them
        (CLI_B, "gpt-5", 20000, 200, 12000, 6000, 50, 1000000, 1.0, "user", "2026-10-29T11:00:07.500Z"),
        (CLI_B, "gpt-5", 25000, 300, 15000, 3000, 60, 1000000, 1.0, "agent", "2026-10-29 11:01:09"),
        (CLI_B, "gpt-5", 9000, 0, 5000, 0, 0, 500000, 1.0, None, "2026-10-29T11:20:00.000Z"),
        # session C: store only (GitHub desktop app); one row with no created_at of its own
        (CLI_C, "claude-sonnet-4.5", 41000, 700, 30000, 8000, 0, 2000000, 1.0, "user", "2026-10-30 09:01:00.250"),
        (CLI_C, "claude-sonnet-4.5", 3000, 0, 0, 0, 0, 0, 1.0, "user", None),
        (CLI_C, "", 1000, 0, 0, 0, 0, 0, 1.0, None, "2026-10-30T09:05:00Z"),
        # all zero: no call
        (CLI_C, "claude-sonnet-4.5", 0, 0, 0, 0, 0, 0, 1.0, None, "2026-10-30T09:06:00Z"),
    ]
    conn.executemany("INSERT INTO assistant_usage_events (session_id, model, input_tokens, output_tokens, "
                     "cache_read_tokens, cache_write_tokens, reasoning_tokens, total_nano_aiu, request_multiplier, "
                     "initiator, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    conn.execute("UPDATE assistant_usage_events SET created_at = NULL WHERE created_at IS NULL")
    conn.commit()
    conn.close()


def _workspace(ws: str, hash_: str, folder: str) -> str:
    d = os.path.join(ws, hash_)
    _json(os.path.join(d, "workspace.json"), {"folder": folder})
    return d


def write_copilot_vscode(home: str) -> None:
    ws = os.path.join(home, ".config", "Code", "User", "workspaceStorage")
    # transcripts of a workspace without chatSessions
    d = _workspace(ws, "a1b2c3d4e5f6", "file:///home/dev/src/dashboard")
    _jsonl(os.path.join(d, "GitHub.copilot-chat", "transcripts", "tr-77.jsonl"), [
        {"type": "session.start", "data": {"sessionId": "tr-77", "producer": "copilot-agent"}},
        {"type": "user.message", "data": {"content": "why is the build failing?", "attachments": []},
         "timestamp": "2026-10-31T10:00:00.000Z"},
        {"type": "assistant.message", "timestamp": "2026-10-31T10:00:05.000Z",
         "data": {"messageId": "m-1", "content": "Checking logs", "reasoningText": "",
                  "toolRequests": [_req("toolu_vrtx_01AB", "read_file"),
                                   _req("toolu_vrtx_01AC", "run_in_terminal", {"command": "npm run build"})]}},
        {"type": "assistant.message", "timestamp": "2026-10-31T10:00:20.000Z",
         "data": {"messageId": "m-2", "content": "Fixed the import.",
                  "toolRequests": [_req("toolu_bdrk_01AD", "insert_edit_into_file")]}},
    ])
    # a workspace with a chatSessions journal: its transcripts are not read
    d2 = _workspace(ws, "ffee00112233", "file:///home/dev/src/mobile/")
    _jsonl(os.path.join(d2, "chatSessions", "cs-42.jsonl"), [
        {"kind": 0, "v": {"version": 3, "creationDate": 1793437200000, "sessionId": "cs-42", "requests": []}},
        {"kind": 2, "k": ["requests"], "v": [{
            "requestId": "request_8c8c-01", "timestamp": 1793437260000, "modelId": "copilot/claude-sonnet-4.6",
            "completionTokens": 490, "message": {"text": "refactor utils"},
            "result": {"metadata": {"promptTokens": 32543, "outputTokens": 60, "resolvedModel": "claude-sonnet-4-6",
                                    "toolCallRounds": [{"toolCalls": [{"name": "readFile"}, {"name": "runInTerminal"},
                                                                      {"name": "readFile"}]}],
                                    "agentId": "github.copilot.editsAgent"}}}]},
        {"kind": 1, "k": ["requests", 0, "result", "metadata", "outputTokens"], "v": 88},
        {"kind": 2, "v": [{"requestId": "request_8c8c-02", "timestamp": "2026-11-01T09:05:00.000Z",
                           "modelId": "copilot/gpt-4.1", "completionTokens": 120,
                           "result": {"metadata": {"promptTokens": 12000,
                                                   "toolCallRounds": [{"toolName": "fetch_webpage"}]}}}]},
        # a request still streaming: no tokens yet
        {"kind": 2, "k": ["requests"], "v": [{"requestId": "request_8c8c-03", "modelId": "copilot/gpt-4.1"}]},
        # forbidden path segment: the line is ignored
        {"kind": 1, "k": ["__proto__", "polluted"], "v": True},
    ])
    _jsonl(os.path.join(d2, "GitHub.copilot-chat", "transcripts", "skipped.jsonl"), [
        {"type": "assistant.message", "timestamp": "2026-11-01T09:00:00.000Z",
         "data": {"messageId": "s-1", "model": "gpt-4.1", "outputTokens": 999}}])
    glob = os.path.join(home, ".config", "Code", "User", "globalStorage", "emptyWindowChatSessions")
    _jsonl(os.path.join(glob, "ew-1.jsonl"), [
        {"kind": 0, "v": {"creationDate": 1793523600000, "sessionId": "ew-1", "requests": [
            {"requestId": "r-1", "modelId": "copilot/gpt-4.1", "completionTokens": 75,
             "result": {"metadata": {"promptTokens": 900, "toolCallRounds": [
                 {"tools": ["github-mcp-server-get_issue"]}]}}}]}}])


def write_copilot_otel(path: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE spans (span_id TEXT PRIMARY KEY, trace_id TEXT, parent_span_id TEXT, operation_name TEXT,
                            start_time_ms INTEGER, end_time_ms INTEGER, response_model TEXT, status TEXT);
        CREATE TABLE span_attributes (id INTEGER PRIMARY KEY AUTOINCREMENT, span_id TEXT, key TEXT, value TEXT);
    """)
    spans = [
        ("s-agent1", "t-1", None, "invoke_agent", 1793610000000, 1793610060000, None),
        ("s-chat1", "t-1", "s-agent1", "chat", 1793610001000, 1793610010000, "claude-sonnet-4.5"),
        ("s-tool1", "t-1", "s-chat1", "execute_tool", 1793610011000, 1793610012000, None),
        ("s-tool2", "t-1", "s-chat1", "execute_tool", 1793610013000, 1793610014000, None),
        ("s-chat2", "t-1", "s-agent1", "chat", 1793610020000, 1793610030000, None),
        ("s-chat3", "t-2", None, "chat", 1793613600000, 1793613601000, "gpt-4.1"),
        ("s-chat4", "t-2", None, "chat", 1793613602000, 1793613603000, "gpt-4.1"),  # no tokens: skipped
        ("s-agent2", "t-2", None, "invoke_agent", 1793613599000, 1793613604000, None),
    ]
    conn.executemany("INSERT INTO spans VALUES (?,?,?,?,?,?,?,'ok')", spans)
    attrs = [
        ("s-agent1", "gen_ai.conversation.id", "conv-1"), ("s-agent1", "gen_ai.agent.name", "GitHub Copilot Chat"),
        ("s-agent1", "github.copilot.git.repository", "https://github.com/acme/storefront.git"),
        ("s-chat1", "gen_ai.conversation.id", "conv-1"), ("s-chat1", "gen_ai.response.model", "claude-sonnet-4.5"),
        ("s-chat1", "gen_ai.usage.input_tokens", "42000"), ("s-chat1", "gen_ai.usage.output_tokens", "900"),
        ("s-chat1", "gen_ai.usage.cache_read.input_tokens", "30000"),
        ("s-chat1", "gen_ai.usage.cache_creation.input_tokens", "5000"),
        ("s-chat1", "github.copilot.chat.turn.id", "turn-1"),
        ("s-tool1", "gen_ai.tool.name", "runInTerminal"),
        ("s-tool1", "gen_ai.tool.call.arguments",
         json.dumps({"command": "for f in src/*.ts; do\n  npx prettier --check $f\ndone\ngit status"})),
        ("s-tool2", "gen_ai.tool.name", "readFile"),
        ("s-chat2", "gen_ai.conversation.id", "conv-1"), ("s-chat2", "gen_ai.request.model", "claude-sonnet-4.5"),
        ("s-chat2", "gen_ai.usage.input_tokens", "43000"), ("s-chat2", "gen_ai.usage.output_tokens", "350"),
        ("s-chat3", "gen_ai.conversation.id", "conv-2"),
        ("s-chat3", "gen_ai.usage.input_tokens", "8000"), ("s-chat3", "gen_ai.usage.output_tokens", "400"),
        ("s-chat4", "gen_ai.conversation.id", "conv-2"),
        ("s-agent2", "gen_ai.agent.name", "reviewer"), ("s-agent2", "copilot_chat.parent_chat_session_id", "conv-1"),
    ]
    conn.executemany("INSERT INTO span_attributes (span_id, key, value) VALUES (?,?,?)", attrs)
    conn.commit()
    conn.close()


# --- reading a report back -------------------------------------------------------

NOW_FIXTURES = __import__("datetime").datetime(2026, 11, 25, 12, 0, tzinfo=__import__("datetime").timezone.utc)


def summary(doc: dict) -> dict:
    """The panels the provider tests compare with CodeBurn 0.9.20's report
    of the same files (costs rounded to 1e-10: the two sum in other orders)."""
    o = doc["overview"]
    return {
        "overview": (o["calls"], o["sessions"], round(o["cost"], 10), o["tokens"]),
        "projects": sorted((p["name"], p["calls"], p["sessions"], round(p["cost"], 10)) for p in doc["projects"]),
        "models": sorted((m["name"], m["calls"], m["inputTokens"], m["outputTokens"], m["cacheReadTokens"],
                          m["cacheWriteTokens"], round(m["cost"], 10)) for m in doc["models"]),
        "daily": [(d["date"], d["calls"], d["turns"], round(d["cost"], 10)) for d in doc["daily"]],
        "tools": sorted((t["name"], t["calls"]) for t in doc["tools"]),
        "shell": sorted((t["name"], t["calls"]) for t in doc["shellCommands"]),
        "mcp": sorted((t["name"], t["calls"]) for t in doc["mcpServers"]),
        "top": sorted((t["sessionId"], t["project"], t["calls"], round(t["cost"], 10)) for t in doc["topSessions"]),
    }
