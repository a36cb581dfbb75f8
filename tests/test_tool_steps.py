"""Retries (spec classifier §2.2) for the tools that give the reference no
tool sequence (Pi, Gemini CLI, Mistral Vibe and the other records tools):
a call's tools are one step and only their names are seen, so an edit, a
test and an edit in one call are no retry, while an edit, any shell run (a
read-shaped one too) and an edit of another file in later calls of one
turn are. Expected figures are CodeBurn 0.9.20's on the same files
(bench/gen_wild_others2.py found the difference: we counted each tool as a
step with its file and command, as for Claude Code)."""
from __future__ import annotations

import json
import os

from tests.provider_files import report, write_json, write_jsonl


def pi_session(home: str, name: str, calls: list) -> None:
    rows = [{"type": "session", "version": 3, "id": name, "timestamp": "2026-11-20T10:00:00.000Z", "cwd": "/work/app"},
            {"type": "message", "id": "u", "timestamp": "2026-11-20T10:00:01.000Z",
             "message": {"role": "user", "content": "fix the bug in the parser"}}]
    for i, tools in enumerate(calls):
        blocks = [{"type": "toolCall", "id": f"t{i}{j}", "name": n, "arguments": a} for j, (n, a) in enumerate(tools)]
        rows.append({"type": "message", "id": f"a{i}", "timestamp": f"2026-11-20T10:0{i + 1}:00.000Z",
                     "message": {"role": "assistant", "content": blocks, "model": "claude-sonnet-4-5",
                                 "usage": {"input": 1000, "output": 100, "cacheRead": 0, "cacheWrite": 0}}})
    write_jsonl(os.path.join(home, ".pi", "agent", "sessions", "--work-app--", f"{name}.jsonl"), rows)


def gemini_session(home: str) -> None:
    """One turn of three calls: edit a.py; `cat x`; write b.py."""
    shown = {"replace": "EditFile", "run_shell_command": "Shell", "write_file": "WriteFile"}
    msgs = [{"id": "u1", "type": "user", "timestamp": "2026-11-21T09:00:00.000Z", "content": "fix the bug in the parser"}]
    for i, (name, args) in enumerate([("replace", {"file_path": "a.py"}), ("run_shell_command", {"command": "cat x"}),
                                      ("write_file", {"file_path": "b.py"})]):
        msgs.append({"id": f"g{i}", "type": "gemini", "timestamp": f"2026-11-21T09:0{i + 1}:00.000Z",
                     "model": "gemini-2.5-pro", "tokens": {"input": 1000, "output": 100, "cached": 0, "thoughts": 0},
                     "toolCalls": [{"id": f"c{i}", "name": name, "args": args, "displayName": shown[name]}]})
    head = {"sessionId": "gem-1", "projectHash": "h", "startTime": "2026-11-21T08:59:00.000Z",
            "lastUpdated": "2026-11-21T09:05:00.000Z", "kind": "main"}
    write_jsonl(os.path.join(home, ".gemini", "tmp", "proj", "chats", "session-2026-11-21T09-00-gem1.jsonl"),
                [head] + msgs)


def vibe_session(home: str) -> None:
    """One message: edit u.py, pytest, edit u.py."""
    d = os.path.join(home, ".vibe", "logs", "session", "session_20261122_100000_ab12")
    write_json(os.path.join(d, "meta.json"), {
        "session_id": "vibe-1", "start_time": "2026-11-22T10:00:00Z", "end_time": "2026-11-22T10:05:00Z", "title": "t",
        "environment": {"working_directory": "/work/vibe"},
        "stats": {"session_prompt_tokens": 2000, "session_completion_tokens": 200, "session_cost": 0.01},
        "config": {"active_model": "devstral-medium", "models": []}})

    def tc(name, args):
        return {"function": {"name": name, "arguments": json.dumps(args)}}
    write_jsonl(os.path.join(d, "messages.jsonl"), [
        {"role": "user", "content": "fix the bug in the parser"},
        {"role": "assistant", "content": "a", "message_id": "a1", "tool_calls": [
            tc("search_replace", {"file_path": "u.py"}), tc("bash", {"command": "pytest"}),
            tc("search_replace", {"file_path": "u.py"})]}])


def cline_cli_session(home: str) -> None:
    """One message: edit a.py, `npm test`, edit a.py (Cline CLI's tool
    sequence keeps a message's tools as one step)."""
    d = os.path.join(home, ".cline", "data", "sessions", "s1")
    write_json(os.path.join(d, "s1.json"), {"session_id": "s1", "model": "claude-sonnet-4-5", "cwd": "/work/cli-app",
                                            "started_at": "2026-11-20T10:00:00Z", "ended_at": "2026-11-20T11:00:00Z"})

    def tu(i, name, inp):
        return {"type": "tool_use", "id": f"t{i}", "name": name, "input": inp}
    write_json(os.path.join(d, "s1.messages.json"), {"version": 1, "messages": [
        {"role": "user", "content": [{"type": "text", "text": "fix the bug in the parser"}], "ts": 1795000000000},
        {"role": "assistant", "id": "m1", "ts": 1795000003000, "modelInfo": {"id": "claude-sonnet-4-5"},
         "content": [tu(1, "editor", {"path": "a.py"}), tu(2, "run_commands", {"command": "npm test"}),
                     tu(3, "editor", {"path": "a.py"})],
         "metrics": {"inputTokens": 300, "outputTokens": 50, "cacheReadTokens": 0, "cacheWriteTokens": 0,
                     "cost": 0.02}}]})


def build(home: str) -> None:
    pi_session(home, "one", [[("edit", {"path": "a.py"}), ("bash", {"command": "npm test"}),
                              ("edit", {"path": "a.py"})]])
    pi_session(home, "two", [[("edit", {"path": "a.py"})], [("bash", {"command": "cat x"})],
                             [("write", {"path": "b.py"})]])
    gemini_session(home)
    vibe_session(home)
    cline_cli_session(home)


def edits(d: dict) -> tuple:
    return ([(m["name"], m["editTurns"], m["oneShotTurns"], m["retriesPerEdit"]) for m in d["models"]],
            sorted((a["category"], a["turns"], a["editTurns"], a["oneShotTurns"]) for a in d["activities"]))


# CodeBurn 0.9.20 on build()'s files, report --format json -p all --provider X.
EXPECTED = {
    "pi": ([("Sonnet 4.5", 3, 3, 0)], [("Coding", 2, 1, 1), ("Debugging", 2, 2, 2)]),
    "gemini": ([("Gemini 2.5 Pro", 1, 0, 1)], [("Debugging", 1, 1, 0)]),
    "mistral-vibe": ([("devstral-medium", 1, 1, 0)], [("Debugging", 1, 1, 1)]),
    "cline-cli": ([("Sonnet 4.5", 1, 1, 0)], [("Debugging", 1, 1, 1)]),
}


def test_a_call_is_one_step_of_tool_names(tmp_path):
    home = str(tmp_path)
    build(home)
    for provider, want in EXPECTED.items():
        status, d, err = report(home, provider)
        assert status == 0, err
        assert edits(d) == want, provider
