"""Fifteenth-session probes (fixtures written apart from ours, diffed
against CodeBurn 0.9.20): Kiro files given to `scan` and the records cache
they share with discovery. NOW is 2026-03-05 12:00 UTC (tests/conftest)."""
from __future__ import annotations

import json
import os

WORKSPACE = "a" * 32


def kiro_home(home: str) -> dict[str, str]:
    """A v2 session of workspace /home/dev/work/app, a CLI session without
    its .json, and a v1 execution file of a workspace with no
    workspace.json; returns their paths."""
    sess = os.path.join(home, ".kiro", "sessions", "h1", "sess_one")
    os.makedirs(sess)
    with open(os.path.join(sess, "session.json"), "w") as f:
        json.dump({"id": "v2-one", "modelId": "claude-opus-4.5", "workspacePaths": ["/home/dev/work/app"]}, f)
    t = "2026-03-05T10:00:00.000Z"
    with open(os.path.join(sess, "messages.jsonl"), "w") as f:
        for rec in ({"id": "u", "timestamp": t, "payload": {"type": "user", "content": "add validation"}},
                    {"id": "ts", "timestamp": t, "payload": {"type": "turn_start", "executionId": "exec-1"}},
                    {"id": "a", "timestamp": t, "payload": {"type": "assistant", "operationType": "Say",
                                                           "content": "Added zod schema."}},
                    {"id": "te", "timestamp": t, "payload": {"type": "turn_end"}}):
            f.write(json.dumps(rec) + "\n")
    cli = os.path.join(home, ".kiro", "sessions", "cli")
    os.makedirs(cli)
    with open(os.path.join(cli, "bbb.jsonl"), "w") as f:
        f.write(json.dumps({"version": "1", "kind": "Prompt", "data": {
            "message_id": "m1", "content": [{"kind": "text", "data": "hello"}], "meta": {"timestamp": 1772704800}}})
            + "\n")
        f.write(json.dumps({"version": "1", "kind": "AssistantMessage", "data": {
            "message_id": "m2", "content": [{"kind": "text", "data": "Hi there, what can I do?"}]}}) + "\n")
    agent = os.path.join(home, ".config", "Kiro", "User", "globalStorage", "kiro.kiroagent", WORKSPACE, "sh1")
    os.makedirs(agent)
    with open(os.path.join(agent, "ex1"), "w") as f:
        json.dump({"executionId": "exec-v1", "sessionId": "chat-1", "modelId": "claude-haiku-4.5", "startTime": t,
                   "context": {"messages": [{"role": "user", "content": "refactor"},
                                            {"role": "assistant", "content": "Refactored."}]}}, f)
    return {"v2": sess, "cli": os.path.join(cli, "bbb.jsonl"), "ide": os.path.join(agent, "ex1")}


def projects(doc) -> list[tuple[str, int]]:
    return sorted((p["name"], p["sessions"]) for p in doc["projects"])


def test_kiro_files_given_to_scan_are_named_as_discovery_names_them(run, tmp_path):
    """A v2 session given to `scan` is its workspace's (`app`, as in 0.9.20's
    report), not its `sess_one` folder's; a CLI session without its .json
    is `kiro-cli` (not its folder `cli`); a v1 execution file below
    `kiro.kiroagent/` is read (0 calls before) and named by its workspace,
    here the hash, as discovery names it."""
    home = str(tmp_path / "home")
    paths = kiro_home(home)
    env = {"HOME": home}
    report = run("report", "--format", "json", "-p", "all", "--provider", "kiro", env=env).json
    assert projects(report) == [(WORKSPACE, 1), ("app", 1), ("kiro-cli", 1)]
    for path, name in ((paths["v2"], "app"), (paths["cli"], "kiro-cli"), (paths["ide"], WORKSPACE)):
        doc = run("scan", "--format", "json", path, env=env).json
        assert [p["name"] for p in doc["projects"]] == [name]
        assert doc["overview"]["calls"] == 1
    whole = run("scan", "--format", "json", home, env=env).json
    assert projects(whole) == projects(report)
    assert whole["overview"]["cost"] == report["overview"]["cost"]


def test_scan_and_report_do_not_answer_each_other_from_the_records_cache(run, tmp_path):
    """An entry of the records cache was keyed on the file alone: after
    `scan` of a Kiro session folder named it `sess_one`, a warm `report`
    showed `sess_one` too (and the reverse). A Source's names are now part
    of the entry's key."""
    from codeburn.cache.recordcache import RecordCache
    from codeburn.providers import kiro
    from codeburn.providers.base import Source, Walker
    from codeburn.providers.records import ReadLog

    home = str(tmp_path / "home")
    paths = kiro_home(home)
    messages = os.path.join(paths["v2"], "messages.jsonl")
    cache = RecordCache(str(tmp_path / "cache"))
    found = next(s for s in kiro.discover({}, home, Walker()) if s.path == messages)
    assert found.project == "app"
    stamp = cache.stamp(kiro, found)
    w = cache.writer(found, stamp)
    for s in kiro.read(found, ReadLog()):
        w.add(s)
    w.finish(ReadLog())
    assert cache.get(found, stamp) is not None
    other = Source(found.provider, found.path, "sess_one", found.session_id, found.project_dir)
    assert cache.get(other, cache.stamp(kiro, other)) is None


def test_a_time_past_what_a_javascript_date_holds_is_no_time(run, tmp_path):
    """A Kiro chat started at 1e25 ms: 0.9.20 drops it ("Invalid time
    value"); here it was a reader crash named as an unreadable file
    ("OverflowError: Python int too large to convert to C long"). Now it is
    no call and no warning; 8.64e15 ms, the last instant a Date holds, is a
    time."""
    from codeburn.providers.records import ts_ms

    home = str(tmp_path / "home")
    agent = os.path.join(home, ".config", "Kiro", "User", "globalStorage", "kiro.kiroagent", "c" * 32)
    os.makedirs(agent)
    with open(os.path.join(agent, "x.chat"), "w") as f:
        json.dump({"executionId": "e", "chat": [{"role": "human", "content": "q"}, {"role": "bot", "content": "a"}],
                   "metadata": {"modelId": "auto", "workflowId": "w", "startTime": 1e25}}, f)
    r = run("report", "--format", "json", "-p", "all", env={"HOME": home})
    assert (r.status, r.stderr, r.json["overview"]["calls"]) == (0, "", 0)
    assert (ts_ms(8.64e15), ts_ms(8.64e15 + 1000), ts_ms(1e20)) == (8_640_000_000_000_000, None, None)


def test_a_one_folder_path_merges_tools_by_name_not_by_path(run, history, tmp_path):
    """0.9.20 merges the tools' projects by their path without its leading
    `/` only when that still holds a `/`; a path of one folder (`/workspace`,
    common in containers) merges by name, so Claude Code's `-workspace` and
    Codex's `workspace` are two projects there (they were one here).
    0.9.20 on the same files: `-workspace` $0.021, `workspace` $0.0035."""
    def claude(i, ts):
        return {"type": "assistant", "sessionId": "p01", "cwd": "/workspace", "timestamp": ts, "uuid": f"u{i}",
                "requestId": f"r{i}", "message": {"id": f"m{i}", "role": "assistant", "model":
                                                  "claude-sonnet-4-5-20250929", "content": [{"type": "text", "text": "x"}],
                                                  "usage": {"input_tokens": 1000, "output_tokens": 500}}}
    history.write("-workspace", "p01.jsonl", [claude(0, "2026-03-05T07:00:00.000Z"),
                                             claude(1, "2026-03-05T08:00:00.000Z")])
    day = tmp_path / "codex" / "sessions" / "2026" / "03" / "05"
    day.mkdir(parents=True)
    t1, t2 = "2026-03-05T06:00:00.000Z", "2026-03-05T06:00:04.000Z"
    tokens = {"input_tokens": 2000, "cached_input_tokens": 0, "output_tokens": 100, "reasoning_output_tokens": 0,
              "total_tokens": 2100}
    rows = [{"timestamp": t1, "type": "session_meta", "payload": {"id": "c1", "timestamp": t1, "cwd": "/workspace",
                                                                   "originator": "codex_cli_rs"}},
            {"timestamp": t1, "type": "turn_context", "payload": {"cwd": "/workspace", "model": "gpt-5-codex"}},
            {"timestamp": t1, "type": "response_item", "payload": {"type": "message", "role": "user", "content": [
                {"type": "input_text", "text": "go"}]}},
            {"timestamp": t2, "type": "event_msg", "payload": {"type": "token_count", "info": {
                "total_token_usage": tokens, "last_token_usage": tokens}}}]
    (day / "rollout-x-c1.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    doc = run("report", "--format", "json", "-p", "week", env={"CODEX_HOME": str(tmp_path / "codex")}).json
    assert [(p["name"], p["path"], p["sessions"], round(p["cost"], 6)) for p in doc["projects"]] == [
        ("-workspace", "/workspace", 1, 0.021), ("workspace", "/workspace", 1, 0.0035)]


def test_goose_and_opencode_run_from_root_name_the_project_empty(run, tmp_path):
    """A Goose `working_dir` and an OpenCode `directory` of `/` sanitize to
    "", which names the project there (path `/`), one project for both;
    they were `goose` and `unknown` here. (0.9.20: one project "" at `/`,
    2 sessions.)"""
    from tests.records_util import make_db

    home = tmp_path / "home"
    make_db(str(home / ".local" / "share" / "goose" / "sessions" / "sessions.db"),
            "CREATE TABLE sessions(id TEXT PRIMARY KEY, name TEXT, working_dir TEXT, created_at TEXT, updated_at TEXT,"
            " accumulated_input_tokens INTEGER, accumulated_output_tokens INTEGER, provider_name TEXT,"
            " model_config_json TEXT);"
            "CREATE TABLE messages(message_id TEXT, session_id TEXT, role TEXT, content_json TEXT,"
            " created_timestamp INTEGER);",
            {"sessions": [("g1", "n", "/", "2026-03-05 10:00:00", "2026-03-05 10:00:00", 1000, 100, "x",
                           json.dumps({"model_name": "gpt-5"}))]})
    ms = 1772705400000  # 2026-03-05T10:10:00Z
    assistant = {"role": "assistant", "modelID": "gpt-5", "providerID": "openai",
                 "tokens": {"input": 500, "output": 50, "reasoning": 0, "cache": {"read": 0, "write": 0}}}
    make_db(str(home / ".local" / "share" / "opencode" / "opencode.db"),
            "CREATE TABLE session(id TEXT PRIMARY KEY, project_id TEXT, parent_id TEXT, slug TEXT, directory TEXT,"
            " title TEXT, version TEXT, time_created INTEGER, time_updated INTEGER, time_archived INTEGER);"
            "CREATE TABLE message(id TEXT PRIMARY KEY, session_id TEXT, time_created INTEGER, time_updated INTEGER,"
            " data TEXT);"
            "CREATE TABLE part(id TEXT PRIMARY KEY, message_id TEXT, session_id TEXT, time_created INTEGER,"
            " time_updated INTEGER, data TEXT);",
            {"session": [("ses_1", "p", None, "s", "/", "root", "1", ms, ms, None)],
             "message": [("mu", "ses_1", ms, 0, json.dumps({"role": "user"})),
                         ("ma", "ses_1", ms + 1000, 0, json.dumps(assistant))],
             "part": [("pu", "mu", "ses_1", 0, 0, json.dumps({"type": "text", "text": "add tests"}))]})
    doc = run("report", "--format", "json", "-p", "today", env={"HOME": str(home)}).json
    assert [(p["name"], p["path"], p["sessions"]) for p in doc["projects"]] == [("", "/", 2)]


def test_optimize_lifetime_is_a_range_from_1970_local(run, history):
    """`-p lifetime` starts at 1970-01-01 local, at or before 0 ms in UTC
    and east of it; that start was read as "no range" (period.start null,
    the trend's baseline from 30 days back). 30 reads under node_modules
    six days ago and one under dist two hours ago: over a baseline from 1970
    the recent rate is no improvement (0.9.20: "active", start
    1970-01-01T00:00:00.000Z in UTC, 1969-12-31T18:30:00.000Z in Kolkata)."""
    from tests.conftest import assistant_line, usage

    cwd = "/home/dev/web"
    old = [assistant_line(f"o{i}", ts=f"2026-02-27T10:{i:02d}:00Z", usage=usage(1000, 100), cwd=cwd,
                          tools=[("Read", {"file_path": f"{cwd}/node_modules/a/{i}.js"})]) for i in range(30)]
    new = [assistant_line("n0", ts="2026-03-05T10:00:00Z", usage=usage(1000, 100), cwd=cwd,
                          tools=[("Read", {"file_path": f"{cwd}/dist/0.js"})]),
           assistant_line("n1", ts="2026-03-05T10:01:00Z", usage=usage(1000, 100), cwd=cwd,
                          tools=[("Read", {"file_path": f"{cwd}/src/main.ts"})])]
    history.write("-home-dev-web", "old.jsonl", old)
    history.write("-home-dev-web", "new.jsonl", new)
    for zone, start in (("UTC", "1970-01-01T00:00:00.000Z"), ("Asia/Kolkata", "1969-12-31T18:30:00.000Z")):
        doc = run("optimize", "--format", "json", "-p", "lifetime", env={"TZ": zone}).json
        assert doc["period"]["start"] == start
        (build,) = [f for f in doc["findings"] if f["id"] == "build-folder-reads"]
        assert build["trend"] == "active"


def test_one_tool_narrowed_to_a_project_lists_today_when_another_tool_has_it(run, history, tmp_path):
    """`--provider codex --project app`: 0.9.20's day rows list today at $0
    when any tool has a call today in a kept project (Claude Code here); it
    was left out. (0.9.20 on the same files: yesterday $0.00225, today $0;
    `today` alone: today $0.)"""
    from tests.conftest import assistant_line, usage, user_line

    history.write("-home-u-app", "s1.jsonl", [
        user_line("fix the bug", ts="2026-03-05T00:10:00.000Z", cwd="/home/u/app"),
        assistant_line("m0", ts="2026-03-05T00:11:00.000Z", model="claude-haiku-4-5", usage=usage(1000, 100),
                       cwd="/home/u/app")])
    day = tmp_path / "codex" / "sessions" / "2026" / "03" / "04"
    day.mkdir(parents=True)
    tokens = {"input_tokens": 1000, "cached_input_tokens": 0, "output_tokens": 100, "reasoning_output_tokens": 0,
              "total_tokens": 1100}
    rows = [{"timestamp": "2026-03-04T10:00:00.000Z", "type": "session_meta",
             "payload": {"id": "abc", "cwd": "/home/u/app", "originator": "codex_cli_rs"}},
            {"timestamp": "2026-03-04T10:00:00.000Z", "type": "turn_context",
             "payload": {"cwd": "/home/u/app", "model": "gpt-5"}},
            {"timestamp": "2026-03-04T10:00:01.000Z", "type": "response_item", "payload": {
                "type": "message", "role": "user", "content": [{"type": "input_text", "text": "fix the bug"}]}},
            {"timestamp": "2026-03-04T10:00:02.000Z", "type": "event_msg", "payload": {"type": "token_count", "info": {
                "total_token_usage": tokens, "last_token_usage": tokens}}}]
    (day / "rollout-2026-03-04T10-00-00-abc.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    env = {"CODEX_HOME": str(tmp_path / "codex")}
    for argv, want in ((("report", "-p", "week", "--project", "app"), [("2026-03-04", 0.00225), ("2026-03-05", 0)]),
                       (("report", "-p", "week", "--exclude", "zzz"), [("2026-03-04", 0.00225), ("2026-03-05", 0)]),
                       (("today", "--project", "app"), [("2026-03-05", 0)])):
        doc = run(*argv, "--format", "json", "--provider", "codex", env=env).json
        assert [(d["date"], round(d["cost"], 8)) for d in doc["daily"]] == want


def test_a_tool_shown_as_empty_counts_under_that_name(run, tmp_path):
    """A Gemini tool call whose displayName is "" and whose name the table
    does not map is tool "" by the spec's formula, as 0.9.20 counts it (it
    was dropped, and every tool's share moved). 0.9.20 on the same file:
    tools "" 1 and Read 1, 50 % each in tools.csv."""
    home = tmp_path / "home"
    chats = home / ".gemini" / "tmp" / "proj" / "chats"
    chats.mkdir(parents=True)
    rows = [{"sessionId": "gs-1", "projectHash": "h", "startTime": "2026-03-05T00:10:00.000Z",
             "lastUpdated": "2026-03-05T00:11:00.000Z"},
            {"id": "u1", "timestamp": "2026-03-05T00:10:00.000Z", "type": "user", "content": "search docs"},
            {"id": "g1", "timestamp": "2026-03-05T00:11:00.000Z", "type": "gemini", "model": "gemini-2.5-pro",
             "tokens": {"input": 1000, "output": 100, "cached": 0, "thoughts": 0},
             "toolCalls": [{"id": "t1", "name": "x_tool", "displayName": "", "args": {}},
                           {"id": "t2", "name": "read_file", "displayName": "ReadFile", "args": {}}]}]
    (chats / "session-x.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    doc = run("report", "--format", "json", "-p", "today", env={"HOME": str(home)}).json
    assert doc["tools"] == [{"name": "", "calls": 1}, {"name": "Read", "calls": 1}]
    out = tmp_path / "out"
    assert run("export", "-o", str(out), env={"HOME": str(home)}).status == 0
    assert (out / "tools.csv").read_text().splitlines() == ["Tool,Calls,Share (%)", ",1,50", "Read,1,50"]


def test_number_like_names_lead_their_ties(run, history):
    """The reference counts tools, MCP servers and shell commands in plain
    objects, whose keys like "2" and "10" come first, in numeric order:
    among equal counts they lead (0.9.20: 2, 10, Zed, Bash; servers 7, 123;
    commands 9, 42, make). Here first-seen order held."""
    from tests.conftest import assistant_line, usage, user_line

    tools = [("Zed", {}), ("10", {}), ("Bash", {"command": "make && 42 && 9"}), ("2", {}),
             ("mcp__123__x", {}), ("mcp__7__y", {})]
    history.write("-home-dev-app", "s.jsonl", [
        user_line("go", ts="2026-03-05T10:00:00Z", cwd="/home/dev/app"),
        assistant_line("a1", ts="2026-03-05T10:00:05Z", usage=usage(1000, 100), cwd="/home/dev/app", tools=tools)])
    doc = run("report", "--format", "json", "-p", "today").json
    assert [t["name"] for t in doc["tools"]] == ["2", "10", "Zed", "Bash"]
    assert [t["name"] for t in doc["mcpServers"]] == ["7", "123"]
    assert [t["name"] for t in doc["shellCommands"]] == ["9", "42", "make"]


def test_agent_types_of_equal_cost_in_walk_order(run, history):
    """claudeAgentTypes of equal cost come as the reference's walk meets
    their transcripts (agent-a1 `zeta` before agent-a2 `alpha`, as 0.9.20
    lists them), not by name."""
    from tests.conftest import assistant_line, usage, user_line

    cwd = "/home/u/app"
    history.write("-home-u-app", "s1.jsonl", [
        user_line("delegate", ts="2026-03-05T00:10:00.000Z", cwd=cwd, session="s1"),
        assistant_line("m0", ts="2026-03-05T00:11:00.000Z", model="claude-haiku-4-5", usage=usage(10, 10), cwd=cwd,
                       session="s1")])
    for i, (aid, kind) in enumerate((("a1", "zeta"), ("a2", "alpha")), 1):
        path = history.write("-home-u-app", f"agent-{aid}.jsonl", [
            {**user_line("sub", ts=f"2026-03-05T00:2{i}:00.000Z", cwd=cwd, session="s1"), "isSidechain": True,
             "agentId": aid},
            {**assistant_line(f"m{aid}", ts=f"2026-03-05T00:2{i}:30.000Z", model="claude-haiku-4-5",
                              usage=usage(100, 100), cwd=cwd, session="s1"), "isSidechain": True, "agentId": aid}],
            subdir="s1/subagents")
        with open(path[: -len(".jsonl")] + ".meta.json", "w") as f:
            json.dump({"agentType": kind}, f)
    doc = run("report", "--format", "json", "-p", "today").json
    assert [t["name"] for t in doc["claudeAgentTypes"]] == ["zeta", "alpha"]


def test_output_through_a_symlink_keeps_the_link(run, history, tmp_path):
    """`-o` naming a symlink writes its target, as 0.9.20 writes through it;
    the atomic rename replaced the link with a file or folder and left the
    target stale."""
    from tests.conftest import assistant_line, usage

    history.write("-home-dev-app", "s.jsonl", [assistant_line("a1", ts="2026-03-05T10:00:05Z", usage=usage(1000, 100),
                                                              cwd="/home/dev/app")])
    real, d = tmp_path / "real", tmp_path / "d"
    d.mkdir()
    assert run("export", "-o", str(real)).status == 0
    (tmp_path / "latest").symlink_to(real)
    assert run("export", "-f", "json", "-o", str(d / "old.json")).status == 0
    (tmp_path / "latest.json").symlink_to(d / "old.json")
    (tmp_path / "report.txt").write_text("")
    (tmp_path / "now.txt").symlink_to(tmp_path / "report.txt")
    before = (d / "old.json").stat().st_mtime_ns
    for argv in (("export", "-o", str(tmp_path / "latest")), ("export", "-f", "json", "-o", str(tmp_path / "latest.json")),
                 ("report", "-p", "today", "-o", str(tmp_path / "now.txt"))):
        assert run(*argv).status == 0
    assert all((tmp_path / n).is_symlink() for n in ("latest", "latest.json", "now.txt"))
    assert (real / "summary.csv").exists() and (d / "old.json").stat().st_mtime_ns >= before
    assert (tmp_path / "report.txt").read_text().strip()  # the report went to the link's target


def test_compare_leaves_out_turns_of_token_rollups_alone(run, tmp_path):
    """A Copilot CLI session whose only usage is its shutdown rollup: the
    turn has no real request, so it counts for no model (0.9.20: gpt-5 1
    call, $0.002, 1 turn; it was 2 turns, $0.022375 and 15,000 input
    tokens here)."""
    home = tmp_path / "home"

    def session(sid, lines):
        d = home / ".copilot" / "session-state" / sid
        d.mkdir(parents=True)
        (d / "workspace.yaml").write_text(f"id: {sid}\ncwd: /home/dev/cop\n")
        (d / "events.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))

    t1, t2 = "2026-03-03T10:00:{:02d}.000Z", "2026-03-04T10:0{}:00.000Z"
    session("cp-1", [
        {"type": "session.start", "id": "e0", "timestamp": t1.format(0), "data": {"sessionId": "cp-1",
                                                                                 "selectedModel": "gpt-5"}},
        {"type": "user.message", "timestamp": t1.format(10), "data": {"content": "run the tests"}},
        {"type": "assistant.message", "timestamp": t1.format(20), "data": {
            "messageId": "m1", "model": "gpt-5", "outputTokens": 200,
            "toolRequests": [{"toolCallId": "c1", "name": "bash", "arguments": {"command": "npm test"}}]}},
        {"type": "session.model_change", "timestamp": t1.format(30), "data": {"newModel": "claude-sonnet-4.5"}},
        {"type": "user.message", "timestamp": t1.format(40), "data": {"content": "explain the output"}},
        {"type": "assistant.message", "timestamp": t1.format(50), "data": {
            "messageId": "m2", "model": "claude-sonnet-4.5", "outputTokens": 200, "toolRequests": []}}])
    session("cp-2", [
        {"type": "session.start", "id": "e0", "timestamp": t2.format(0), "data": {"sessionId": "cp-2",
                                                                                 "selectedModel": "gpt-5"}},
        {"type": "user.message", "timestamp": "2026-03-04T10:00:10.000Z", "data": {"content": "hello"}},
        {"type": "session.shutdown", "timestamp": t2.format(1), "data": {
            "shutdownType": "routine", "sessionStartTime": 1772618400000, "modelMetrics": {"gpt-5": {"usage": {
                "inputTokens": 10000, "outputTokens": 50, "cacheReadTokens": 2000, "cacheWriteTokens": 0}}}}}])
    doc = run("compare", "--format", "json", env={"HOME": str(home)}).json
    assert [(m["model"], m["calls"], round(m["cost"], 6), m["inputTokens"], m["totalTurns"]) for m in doc] == [
        ("claude-sonnet-4.5", 1, 0.003, 0, 1), ("gpt-5", 1, 0.002, 0, 1)]


def test_export_names_a_sessions_one_model_past_an_empty_id(run, tmp_path):
    """A Codex turn_context model of "" before gpt-5.2-codex: the reference
    drops empty ids before asking whether a session used one model, so
    export's session row names gpt-5.2-codex (it named none here)."""
    day = tmp_path / "codex" / "sessions" / "2026" / "03" / "05"
    day.mkdir(parents=True)
    t = "2026-03-05T10:00:00.{}00Z"
    usage_ = {"input_tokens": 100, "cached_input_tokens": 0, "output_tokens": 10, "reasoning_output_tokens": 0,
              "total_tokens": 110}
    rows = [{"timestamp": t.format(0), "type": "session_meta", "payload": {"id": "e1", "cwd": "/home/dev/p",
                                                                          "originator": "codex_cli_rs"}},
            {"timestamp": t.format(1), "type": "turn_context", "payload": {"cwd": "/home/dev/p", "model": ""}},
            {"timestamp": t.format(2), "type": "response_item", "payload": {"type": "message", "role": "user",
                                                                            "content": [{"type": "input_text",
                                                                                         "text": "explain main.py"}]}},
            {"timestamp": t.format(3), "type": "response_item", "payload": {
                "type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "It starts."}]}},
            {"timestamp": t.format(4), "type": "event_msg", "payload": {"type": "token_count", "info": None}},
            {"timestamp": t.format(5), "type": "turn_context", "payload": {"cwd": "/home/dev/p",
                                                                          "model": "gpt-5.2-codex"}},
            {"timestamp": t.format(6), "type": "response_item", "payload": {"type": "message", "role": "user",
                                                                            "content": [{"type": "input_text",
                                                                                         "text": "fix it"}]}},
            {"timestamp": t.format(7), "type": "event_msg", "payload": {"type": "token_count", "info": {
                "total_token_usage": usage_, "last_token_usage": usage_}}}]
    (day / "rollout-2026-03-05T10-00-00-e1.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "o.json"
    assert run("export", "-f", "json", "-o", str(out), env={"CODEX_HOME": str(tmp_path / "codex")}).status == 0
    (row,) = json.loads(out.read_text())["sessions"]
    assert row.get("model") == "gpt-5.2-codex"


def test_codex_mcp_and_skill_matchers_take_javascripts_white_space(run, tmp_path):
    """`mcp-cli call S T` and `cat …/SKILL.md` with Unicode spaces between
    the words: JavaScript's \\s covers them, so 0.9.20 names the server and
    the skill (servers and skills of nbsp, thin, ideographic, BOM, line
    separator and Ogham spaces; NEL and U+001C are no space there); here
    only ASCII spaces matched."""
    day = tmp_path / "codex" / "sessions" / "2026" / "03" / "05"
    day.mkdir(parents=True)
    spaces = {"nbsp": "\u00a0", "thin": "\u2009", "ideo": "\u3000", "bom": "\ufeff", "ls": "\u2028",
              "ogham": "\u1680", "nel": "\x85", "fs": "\x1c"}
    rows = [{"timestamp": "2026-03-05T10:00:00.000Z", "type": "session_meta",
             "payload": {"id": "u1", "cwd": "/home/dev/p", "originator": "codex_cli_rs"}}]
    k, total = 1, 0
    for name, sp in spaces.items():
        for cmd in (sp.join(["mcp-cli", "call", "srv_" + name, "tool"]), f"cat{sp}/s/skill_{name}/SKILL.md"):
            ts = f"2026-03-05T10:{k // 60:02d}:{k % 60:02d}.000Z"
            total += 110
            rows += [{"timestamp": ts, "type": "response_item", "payload": {
                         "type": "message", "role": "user", "content": [{"type": "input_text", "text": "check"}]}},
                     {"timestamp": ts, "type": "response_item", "payload": {
                         "type": "function_call", "name": "exec_command", "arguments": json.dumps({"cmd": cmd}),
                         "call_id": f"c{k}"}},
                     {"timestamp": ts, "type": "event_msg", "payload": {"type": "token_count", "info": {
                         "total_token_usage": {"input_tokens": total - total // 11, "cached_input_tokens": 0,
                                               "output_tokens": total // 11, "reasoning_output_tokens": 0,
                                               "total_tokens": total},
                         "last_token_usage": {"input_tokens": 100, "cached_input_tokens": 0, "output_tokens": 10,
                                              "reasoning_output_tokens": 0, "total_tokens": 110}}}}]
            k += 1
    (day / "rollout-2026-03-05T10-00-00-u1.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    doc = run("report", "--format", "json", "-p", "today", env={"CODEX_HOME": str(tmp_path / "codex")}).json
    named = ["bom", "ideo", "ls", "nbsp", "ogham", "thin"]
    assert sorted(m["name"] for m in doc["mcpServers"]) == ["srv_" + n for n in named]
    assert sorted(s["name"] for s in doc["skills"]) == ["skill_" + n for n in named]


def test_a_file_made_unreadable_is_not_served_from_the_cache(history, tmp_path):
    """chmod 000 on a session file moves only its ctime: the file cache (and
    the records cache) keyed on size and mtime served it warm, counted and
    unnamed, where a cold run names it and leaves it out. Warm now equals
    cold."""
    from tests.conftest import assistant_line, run_denied, usage

    keep = history.write("-home-dev-a", "keep.jsonl", [assistant_line("k1", ts="2026-03-05T10:00:00Z",
                                                                      usage=usage(1000, 100), cwd="/home/dev/a")])
    gone = history.write("-home-dev-a", "gone.jsonl", [assistant_line("g1", ts="2026-03-05T10:00:00Z",
                                                                      usage=usage(2000, 100), cwd="/home/dev/a")])
    env = {"CLAUDE_CONFIG_DIR": history.root, "CODEBURN_CACHE_DIR": str(tmp_path / "warm")}
    argv = ("report", "-p", "lifetime", "--format", "json")
    first = run_denied(tmp_path, *argv, env=env)
    assert json.loads(first.stdout)["overview"]["calls"] == 2 and keep
    os.chmod(gone, 0)
    try:
        warm = run_denied(tmp_path, *argv, env=env)
        cold = run_denied(tmp_path, *argv, env={**env, "CODEBURN_CACHE_DIR": str(tmp_path / "cold")})
    finally:
        os.chmod(gone, 0o644)
    doc = json.loads(warm.stdout)
    assert doc["overview"]["calls"] == 1 and "could not be read" in warm.stderr
    assert {k: v for k, v in doc.items() if k != "generated"} == \
        {k: v for k, v in json.loads(cold.stdout).items() if k != "generated"}


def test_the_menubar_snapshot_follows_the_findings_config_and_its_own_bytes(run, history, tmp_path):
    """The kept menubar payload was keyed on the session files alone: a
    limit set in ~/.bashrc (or an agent added, optimize.toml edited) left
    its findings stale, and a snapshot changed on disk was served as it
    was. It now names the config files the findings read, and carries a
    check."""
    from tests.conftest import assistant_line, usage

    history.write("-home-dev-a", "s.jsonl", [assistant_line("k1", ts="2026-03-05T10:00:00Z", usage=usage(1000, 100),
                                                            cwd="/home/dev/a")])
    home = tmp_path / "home"
    cache = tmp_path / "cache"
    env = {"CODEBURN_CACHE_DIR": str(cache)}

    def titles():
        doc = run("status", "--format", "menubar-json", "-p", "week", env=env).json
        return [f["title"] for f in doc["optimize"]["topFindings"]], doc["current"]["calls"]

    assert titles() == (["Shrink bash output limit"], 1)
    (home / ".bashrc").write_text("export BASH_MAX_OUTPUT_LENGTH=15000\n")
    assert titles() == ([], 1)
    kept = cache / "menubar-v3.json"
    text = kept.read_text()
    assert text.count('\\"calls\\":1,') >= 1   # (the payload is kept as JSON text inside the JSON)
    kept.write_text(text.replace('\\"calls\\":1,', '\\"calls\\":999,'))
    assert titles() == ([], 1)


def test_the_menubar_follows_a_desktop_sessions_metadata(run, history, tmp_path):
    """A Claude Desktop session is named by its `local_<id>.json` (and
    `spaces.json`): renaming it moved `report` but not the kept menubar
    payload, which was keyed on the transcript alone."""
    from tests.conftest import assistant_line, usage

    root = tmp_path / "desk"
    ws = root / "app" / "ws"
    slug = ws / "local_a" / ".claude" / "projects" / "-sessions-x"
    slug.mkdir(parents=True)
    (slug / "t.jsonl").write_text(json.dumps(assistant_line("d1", ts="2026-03-05T10:00:00Z", usage=usage(1000, 100),
                                                            cwd="/sessions/x")) + "\n")
    env = {"CODEBURN_DESKTOP_SESSIONS_DIR": str(root), "CODEBURN_CACHE_DIR": str(tmp_path / "cache")}

    def names():
        doc = run("status", "--format", "menubar-json", "-p", "week", env=env).json
        return [p["name"] for p in doc["current"]["topProjects"]]

    (ws / "local_a.json").write_text(json.dumps({"title": "First name"}))
    assert names() == ["First name"]
    (ws / "local_a.json").write_text(json.dumps({"title": "Second name"}))
    assert names() == ["Second name"]


def test_a_menubar_payload_with_a_call_ahead_of_the_clock_is_not_kept(run, history, tmp_path):
    """The timeline leaves out a call stamped later than now; a payload kept
    then still left it out once the clock had passed it (the same timeline
    bucket, so the same key): warm differed from cold."""
    import datetime as dt

    from tests.conftest import assistant_line, usage

    history.write("-home-dev-a", "s.jsonl", [
        assistant_line("k1", ts="2026-03-05T11:50:00Z", usage=usage(1000, 100), cwd="/home/dev/a"),
        assistant_line("k2", ts="2026-03-05T12:10:00Z", usage=usage(1000, 100), cwd="/home/dev/a")])
    warm = {"CODEBURN_CACHE_DIR": str(tmp_path / "warm")}

    def timeline(env, now):
        doc = run("status", "--format", "menubar-json", "-p", "week", env=env, now=now).json
        return doc["history"]["timeline"]

    run("status", "--format", "menubar-json", "-p", "week", env=warm)  # at 12:00, k2 ahead of the clock
    later = dt.datetime(2026, 3, 5, 12, 15, tzinfo=dt.timezone.utc)
    assert timeline(warm, later) == timeline({"CODEBURN_CACHE_DIR": str(tmp_path / "cold")}, later)


def test_a_folder_named_like_a_journal_does_not_hide_the_transcripts(run, tmp_path):
    """VS Code transcripts are skipped beside a chatSessions journal file;
    a folder named `x.jsonl` there is no journal (named as unreadable), so
    the transcript is read, as 0.9.20 reads it (1 call, project old2; 0
    here before)."""
    home = tmp_path / "home"
    ws = home / ".config" / "Code" / "User" / "workspaceStorage" / "old2"
    (ws / "chatSessions" / "x.jsonl").mkdir(parents=True)
    (ws / "GitHub.copilot-chat" / "transcripts").mkdir(parents=True)
    (ws / "workspace.json").write_text('{"folder":"file:///home/dev/old2"}')
    t = "2026-03-05T10:00:00.000Z"
    lines = [{"type": "session.start", "timestamp": t, "data": {}},
             {"type": "user.message", "timestamp": t, "data": {"content": "add a test"}},
             {"type": "assistant.message", "timestamp": t, "data": {
                 "messageId": "m", "model": "claude-sonnet-4.5", "outputTokens": 500,
                 "toolRequests": [{"toolCallId": "toolu_1", "name": "create_file"}]}}]
    (ws / "GitHub.copilot-chat" / "transcripts" / "t-old2.jsonl").write_text(
        "".join(json.dumps(x) + "\n" for x in lines))
    r = run("report", "--format", "json", "-p", "all", "--provider", "copilot", env={"HOME": str(home)})
    assert (r.json["overview"]["calls"], [p["name"] for p in r.json["projects"]]) == (1, ["old2"])
    assert "x.jsonl" in r.stderr


def test_a_rules_edit_is_not_answered_by_the_file_cache(run, history, tmp_path, user_rules):
    """The decoders read the rules' tool and command tables, but the per-file
    pack was not keyed on them: after `npm` joined bash.toml's ignored
    commands, a warm report still counted it. The pack now records the
    rules it was decoded under; a pack of other rules is not used."""
    from tests.conftest import assistant_line, usage

    history.write("-home-dev-a", "s.jsonl", [assistant_line("k1", ts="2026-03-05T10:00:00Z", usage=usage(1000, 100),
                                                            cwd="/home/dev/a",
                                                            tools=[("Bash", {"command": "npm test && git status"})])])
    env = {"CODEBURN_RULES_DIR": user_rules, "CODEBURN_CACHE_DIR": str(tmp_path / "warm")}
    argv = ("report", "-p", "today", "--format", "json")
    assert [c["name"] for c in run(*argv, env=env).json["shellCommands"]] == ["npm", "git"]
    path = os.path.join(user_rules, "bash.toml")
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(text.replace('ignored = ["cd", ', 'ignored = ["npm", "cd", ', 1))
    warm = run(*argv, env=env).json
    cold = run(*argv, env={**env, "CODEBURN_CACHE_DIR": str(tmp_path / "cold")}).json
    assert [c["name"] for c in warm["shellCommands"]] == [c["name"] for c in cold["shellCommands"]] == ["git"]


def test_menubar_providers_under_exclude_keep_the_whole_days_order(run, history, tmp_path):
    """0.9.20 slices each day entry to the projects kept, so a day lists its
    tools in the order the whole day met them: Codex first (its `shop`
    project, excluded, cost most), then Claude; here the kept projects'
    own order put Claude first (seen on wild4_sweep seed 61)."""
    from tests.conftest import assistant_line, usage

    history.write("-home-dev-blog", "b.jsonl", [assistant_line("c1", ts="2026-03-04T10:00:00Z",
                                                               usage=usage(100_000, 1000), cwd="/home/dev/blog")])
    day = tmp_path / "codex" / "sessions" / "2026" / "03" / "04"
    day.mkdir(parents=True)

    def rollout(sid, cwd, tokens, hour):
        t = f"2026-03-04T{hour:02d}:00:0{{}}.000Z"
        use = {"input_tokens": tokens, "cached_input_tokens": 0, "output_tokens": 100, "reasoning_output_tokens": 0,
               "total_tokens": tokens + 100}
        rows = [{"timestamp": t.format(0), "type": "session_meta", "payload": {"id": sid, "cwd": cwd,
                                                                              "originator": "codex_cli_rs"}},
                {"timestamp": t.format(1), "type": "turn_context", "payload": {"cwd": cwd, "model": "gpt-5"}},
                {"timestamp": t.format(2), "type": "response_item", "payload": {
                    "type": "message", "role": "user", "content": [{"type": "input_text", "text": "go"}]}},
                {"timestamp": t.format(3), "type": "event_msg", "payload": {"type": "token_count", "info": {
                    "total_token_usage": use, "last_token_usage": use}}}]
        (day / f"rollout-2026-03-04T{hour:02d}-00-00-{sid}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in rows))

    rollout("s1", "/home/dev/shop", 4_000_000, 9)
    rollout("s2", "/home/dev/blog", 1000, 11)
    doc = run("status", "--format", "menubar-json", "-p", "week", "--exclude", "shop",
              env={"CODEX_HOME": str(tmp_path / "codex")}).json
    assert list(doc["current"]["providers"]) == ["codex", "claude"]
    assert [p["id"] for p in doc["current"]["providerDetails"]] == ["codex", "claude"]


def test_a_kept_report_follows_a_removed_worktree(run, history, tmp_path):
    """A session in a git worktree groups with its main checkout (the
    worktree's `.git` file names it). After the worktree is removed a cold
    report gives it a project of its own; the kept report, keyed on the
    session files alone, kept the old grouping. It now records the cwds
    whose `.git` entries grouped its projects, and is not used when one
    answers otherwise."""
    from codeburn.aggregate import projects
    from tests.conftest import assistant_line, usage

    main, wt = tmp_path / "git" / "main", tmp_path / "git" / "wt"
    (main / ".git" / "worktrees" / "wt").mkdir(parents=True)
    wt.mkdir(parents=True)
    (wt / ".git").write_text(f"gitdir: {main}/.git/worktrees/wt\n")
    for slug, cwd, mid in (("-git-main", main, "m1"), ("-git-wt", wt, "m2")):
        history.write(slug, f"{mid}.jsonl", [assistant_line(mid, ts="2026-03-05T10:00:00Z", usage=usage(1000, 100),
                                                           cwd=str(cwd))])
    env = {"CODEBURN_CACHE_DIR": str(tmp_path / "warm")}
    argv = ("report", "-p", "today", "--format", "json")

    def grouping(environ):
        getattr(projects, "_canonical", projects.canonical_path).cache_clear()  # (a new process for each CLI run)
        return sorted((p["path"], p["sessions"]) for p in run(*argv, env=environ).json["projects"])

    assert grouping(env) == [(str(main), 2)]
    (wt / ".git").unlink()
    cold = grouping({"CODEBURN_CACHE_DIR": str(tmp_path / "cold")})
    assert cold == [(str(main), 1), (str(wt), 1)]
    assert grouping(env) == cold
