"""Differences bench/wild5_sweep.py found between codeburn and CodeBurn
0.9.20 on bench/gen_wild5.py's histories, each pinned on files written here;
the expected numbers are the reference's on the same files (run under
TZ=UTC with `-p all`)."""
from __future__ import annotations

import json
import os

from tests.provider_files import cli_json, write_json, write_jsonl

DAY = "2026-11-20"


def openclaw_two_shells(home: str) -> None:
    """One OpenClaw assistant message calling `exec` and `bash` (both
    Bash) and two reads, and a second one calling `exec` alone."""
    rows = [{"type": "session", "version": 3, "id": "oc-1", "timestamp": f"{DAY}T10:00:00.000Z", "cwd": "/w"},
            {"type": "message", "id": "u1", "timestamp": f"{DAY}T10:00:01.000Z",
             "message": {"role": "user", "content": [{"type": "text", "text": "check the repo"}]}},
            {"type": "message", "id": "a1", "timestamp": f"{DAY}T10:00:05.000Z", "message": {
                "role": "assistant", "model": "claude-sonnet-4-5", "content": [
                    {"type": "toolCall", "id": "t1", "name": "exec", "arguments": {"command": "git status"}},
                    {"type": "toolCall", "id": "t2", "name": "bash", "arguments": {"command": "npm test"}},
                    {"type": "tool_use", "id": "t3", "name": "read", "arguments": {"path": "a"}},
                    {"type": "toolCall", "id": "t4", "name": "read", "arguments": {"path": "b"}}],
                "usage": {"input": 100, "output": 20, "cacheRead": 0, "cacheWrite": 0}}},
            {"type": "message", "id": "a2", "timestamp": f"{DAY}T10:00:09.000Z", "message": {
                "role": "assistant", "model": "claude-sonnet-4-5", "content": [
                    {"type": "toolCall", "id": "t5", "name": "exec", "arguments": {"command": "ls"}}],
                "usage": {"input": 100, "output": 20, "cacheRead": 0, "cacheWrite": 0}}}]
    write_jsonl(os.path.join(home, ".openclaw", "agents", "main", "sessions", "oc-1.jsonl"), rows)


def kimi_two_shells(home: str) -> None:
    """A legacy Kimi wire step calling `Shell` and `Bash` (both Bash) and
    `ReadFile` and `ReadMediaFile` (both Read) before its StatusUpdate."""
    t = 1795600000.0  # 2026-11-25T09:46:40Z

    def rec(i, typ, payload):
        return {"timestamp": t + i, "message": {"type": typ, "payload": payload}}
    rows = [{"type": "metadata", "protocol_version": "2"},
            rec(0, "TurnBegin", {"user_input": "look around"}),
            rec(1, "ToolCall", {"type": "function", "id": "c1", "function": {
                "name": "Shell", "arguments": json.dumps({"command": "git status"})}}),
            rec(2, "ToolCall", {"type": "function", "id": "c2", "function": {
                "name": "Bash", "arguments": json.dumps({"command": "make"})}}),
            rec(3, "ToolCall", {"type": "function", "id": "c3", "function": {"name": "ReadFile", "arguments": "{}"}}),
            rec(4, "ToolCall", {"type": "function", "id": "c4", "function": {"name": "ReadMediaFile", "arguments": "{}"}}),
            rec(5, "StatusUpdate", {"message_id": "m1", "token_usage": {"input_other": 100, "output": 10}}),
            rec(6, "TurnEnd", {})]
    write_jsonl(os.path.join(home, ".kimi", "sessions", "0" * 32, "s1", "wire.jsonl"), rows)


def test_openclaw_tools_are_a_set_of_canonical_names(tmp_path):
    """The reference maps each tool name (exec and bash -> Bash) and keeps
    a call's tools as a set of the mapped names (spec providers §1.8), so
    the first message counts one Bash and one Read: Bash 2 calls over the
    two messages, Read 1."""
    home = str(tmp_path)
    openclaw_two_shells(home)
    d = cli_json(home, "report", "--format", "json", "-p", "all", "--provider", "openclaw")
    assert d["overview"]["calls"] == 2
    assert sorted((t["name"], t["calls"]) for t in d["tools"]) == [("Bash", 2), ("Read", 1)]


def test_kimi_tools_are_a_set_of_canonical_names(tmp_path):
    """Legacy Kimi's tools since the last status update are a set of mapped
    names (spec providers §1.9): Shell and Bash are one Bash, ReadFile and
    ReadMediaFile one Read."""
    home = str(tmp_path)
    kimi_two_shells(home)
    d = cli_json(home, "report", "--format", "json", "-p", "all", "--provider", "kimi")
    assert d["overview"]["calls"] == 1
    assert sorted((t["name"], t["calls"]) for t in d["tools"]) == [("Bash", 1), ("Read", 1)]


def pi_edits(home: str) -> None:
    """Three Pi sessions, each editing /w/app/src/a.ts twice in one call."""
    for i in range(3):
        sid = f"pi-{i}"
        ts = f"{DAY}T1{i}:00:00.000Z"
        rows = [{"type": "session", "version": 3, "id": sid, "timestamp": ts, "cwd": "/w/app"},
                {"type": "message", "id": "u", "timestamp": ts,
                 "message": {"role": "user", "content": [{"type": "text", "text": "fix the bug in a.ts"}]}},
                {"type": "message", "id": "a", "timestamp": ts, "message": {
                    "role": "assistant", "model": "claude-sonnet-4-5", "responseId": f"r{i}", "content": [
                        {"type": "toolCall", "id": "e1", "name": "edit", "arguments": {"path": "/w/app/src/a.ts"}},
                        {"type": "toolCall", "id": "e2", "name": "write", "arguments": {"path": "/w/app/src/a.ts"}}],
                    "usage": {"input": 1000, "output": 100, "cacheRead": 0, "cacheWrite": 0}}}]
        write_jsonl(os.path.join(home, ".pi", "agent", "sessions", "--w-app--", f"{sid}.jsonl"), rows)


def test_reworked_files_come_from_tools_that_record_files(tmp_path):
    """0.9.20 lists a reworked file only from a call's tool sequence, which
    only Claude Code, Codex, Goose and Cline CLI record (spec providers
    §0.2); a Pi edit names its path to us but never to it, so three Pi
    sessions editing one file list no reworked file and no coaching note
    about it."""
    home = str(tmp_path)
    pi_edits(home)
    d = cli_json(home, "optimize", "--format", "json", "-p", "all")
    assert d["topReworkedFiles"] == []
    assert not any("reworked" in n for n in d["coachingNotes"])


def test_small_token_counts_print_as_whole_numbers(tmp_path):
    """formatTokens rounds a count under a thousand (`902`, never `902.0`):
    a Mistral Vibe session's 90,000 prompt tokens and 901 completion tokens
    split over two messages make one context-heavy session, whose output
    is summed as 901 (0.9.20's explanation on these files)."""
    home = str(tmp_path)
    vibe_heavy(home)
    d = cli_json(home, "optimize", "--format", "json", "-p", "all")
    (f,) = [f for f in d["findings"] if f["id"] == "context-heavy-sessions"]
    assert "90.0K effective input/cache vs 901 output" in f["explanation"]


def vibe_heavy(home: str) -> None:
    base = os.path.join(home, ".vibe", "logs", "session", "session_a")
    write_jsonl(os.path.join(base, "messages.jsonl"), [
        {"role": "user", "content": "explain the scheduler"},
        {"role": "assistant", "content": "Reading."},
        {"role": "assistant", "content": "It is a heap."}])
    write_json(os.path.join(base, "meta.json"), {
        "session_id": "vibe-1", "start_time": f"{DAY}T09:00:00Z", "end_time": f"{DAY}T09:10:00Z",
        "title": "scheduler", "environment": {"working_directory": "/w/sched"},
        "stats": {"session_prompt_tokens": 90000, "session_completion_tokens": 901},
        "config": {"active_model": "mistral-medium-latest"}})


def test_cursor_agent_time_from_mtime_rounds_to_the_ms(tmp_path):
    """A Cursor agent transcript with no summary row is dated by its file's
    mtime as Node's `stats.mtime` holds it: the ms rounded, so an mtime of
    …:00.5647 s is .565 (0.9.20's sessions output)."""
    home = str(tmp_path)
    cursor_agent_untimed(home)
    d = cli_json(home, "sessions", "--format", "json", "-p", "all")
    (s,) = d
    assert s["startedAt"] == "2026-11-25T09:46:40.565Z"


def cursor_agent_untimed(home: str) -> None:
    cid = "0b6f2f2e-7a55-4c1e-9d43-5a8b8c2f1d11"
    path = os.path.join(home, ".cursor", "projects", "home-dev-app", "agent-transcripts", cid, f"{cid}.jsonl")
    write_jsonl(path, [{"role": "user", "message": {"content": [{"type": "text", "text": "run tests"}]}},
                       {"role": "assistant", "message": {"content": [{"type": "text", "text": "Running."}]}}])
    ns = 1795600000_564_700_000  # 2026-11-25T09:46:40.5647Z
    os.utime(path, ns=(ns, ns))


def kimicode_session(home: str, wd: str, sdir: str, work_dir: str | None, t0: int) -> None:
    """A Kimi Code session of one 1000-in / 100-out call at epoch ms t0."""
    state = {"createdAt": "2026-11-20T10:00:00Z", "updatedAt": "2026-11-20T10:05:00Z", "agents": {"main": {}}}
    if work_dir:
        state["workDir"] = work_dir
    base = os.path.join(home, ".kimi-code", "sessions", wd, sdir)
    write_json(os.path.join(base, "state.json"), state)
    write_jsonl(os.path.join(base, "agents", "main", "wire.jsonl"), [
        {"type": "turn.prompt", "input": "hello", "time": t0},
        {"type": "llm.request", "model": "kimi-k2-turbo-preview", "modelAlias": "default", "turnStep": "1.1",
         "time": t0 + 10},
        {"type": "usage.record", "model": "default", "time": t0 + 20,
         "usage": {"inputOther": 1000, "output": 100, "inputCacheRead": 0, "inputCacheCreation": 0}}])


def kimicode_pathless(home: str) -> None:
    """Two Kimi Code sessions labelled `api-server`: one whose state.json
    names its work dir, one without (its label from the `wd_` folder)."""
    kimicode_session(home, "wd_api-server_0123456789ab", "session_a", "/home/dev/work/api-server", 1795600000000)
    kimicode_session(home, "wd_api-server_ba9876543210", "session_b", None, 1795600100000)


def test_a_pathless_session_joins_its_tools_same_label(tmp_path):
    """The reference gathers one tool's sessions by label before it merges
    tools by path: the Kimi Code session without a work dir joins the
    `api-server` group whose other session records
    /home/dev/work/api-server (one project, 2 calls, 2 sessions), instead
    of a project of its own at `api/server`."""
    home = str(tmp_path)
    kimicode_pathless(home)
    d = cli_json(home, "report", "--format", "json", "-p", "all")
    assert [(p["name"], p["path"], p["calls"], p["sessions"]) for p in d["projects"]] == [
        ("api-server", "/home/dev/work/api-server", 2, 2)]
