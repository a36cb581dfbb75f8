"""Record shapes the real tools write that our other fixtures rarely use
(bench/gen_shapes.py writes the same shapes for bench/shapes_sweep.py).
Expected numbers are CodeBurn 0.9.20's on the same shapes (dated around
today for it) or the spec's formulas."""
from __future__ import annotations

import json
import os


from tests.conftest import assistant_line, usage, user_line


def _write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def _jsonl(path: str, records: list) -> None:
    _write(path, "".join(json.dumps(r) + "\n" for r in records))


def _home(tmp_path) -> str:
    return str(tmp_path / "home")


def test_a_copilot_shutdown_rollup_adds_tokens_but_no_turn_to_its_session(run, tmp_path):
    # Copilot CLI (spec providers §1.4.a): two per-turn calls (a zero-output
    # message and a repeated message id are dropped) and a shutdown rollup per
    # model. 0.9.20: the session has 2 calls and 2 turns (the rollup's tokens
    # count, its turn does not), input 4 + 1000, output 150 + 64.
    st = os.path.join(_home(tmp_path), ".copilot", "session-state", "3f2a-bb")
    _write(os.path.join(st, "workspace.yaml"), 'id: 3f2a-bb\ncwd: "/home/dev/my project"  # here\n')
    _jsonl(os.path.join(st, "events.jsonl"), [
        {"type": "session.start", "timestamp": "2026-03-04T10:00:00.000Z",
         "data": {"sessionId": "3f2a-bb", "selectedModel": "claude-sonnet-4.5"}},
        {"type": "user.message", "timestamp": "2026-03-04T10:01:00.000Z", "data": {"content": "write a retry helper"}},
        {"type": "assistant.message", "timestamp": "2026-03-04T10:02:00.000Z", "data": {
            "messageId": "m1", "outputTokens": 150,
            "toolRequests": [{"toolCallId": "c1", "name": "bash", "arguments": {"command": "npm test && git diff"}}]}},
        {"type": "session.model_change", "timestamp": "2026-03-04T10:03:00.000Z", "data": {"newModel": "gpt-5"}},
        {"type": "assistant.message", "timestamp": "2026-03-04T10:04:00.000Z", "data": {"messageId": "m2", "outputTokens": 0}},
        {"type": "assistant.message", "timestamp": "2026-03-04T10:05:00.000Z", "data": {"messageId": "m3", "outputTokens": 64}},
        {"type": "assistant.message", "timestamp": "2026-03-04T10:06:00.000Z", "data": {"messageId": "m3", "outputTokens": 64}},
        {"type": "session.shutdown", "timestamp": "2026-03-04T10:10:00.000Z", "data": {
            "sessionStartTime": 1772618400000, "modelMetrics": {
                "gpt-5": {"usage": {"inputTokens": 71282, "outputTokens": 345, "cacheReadTokens": 35495,
                                    "cacheWriteTokens": 35783, "reasoningTokens": 31}},
                "claude-sonnet-4.5": {"usage": {"inputTokens": 1000, "outputTokens": 150, "cacheReadTokens": 0,
                                                "cacheWriteTokens": 0}}}}},
    ])
    rows = run("sessions", "--format", "json", "-p", "all").json
    assert [(r["sessionId"], r["calls"], r["turns"], r["inputTokens"], r["outputTokens"]) for r in rows] == [
        ("3f2a-bb", 2, 2, 1004, 214)]
    daily = run("report", "--format", "json", "-p", "all").json["daily"]
    assert [(d["date"], d["calls"], d["turns"]) for d in daily] == [("2026-03-04", 2, 2)]
    # optimize's summary counts API calls as the report does (0.9.20: the sum of
    # its projects' API calls), not the rollups.
    assert run("optimize", "--format", "json", "-p", "all").json["summary"]["calls"] == 2


def test_a_claude_session_with_no_cwd_is_listed_after_its_projects_other_sessions(run, history):
    # A legacy `subagents/` transcript with no cwd is read first but joins the
    # project only when its slug group is folded into the cwd-keyed one (spec
    # classifier §3.9): 0.9.20 lists it after the sessions with a cwd.
    cwd = "/home/dev/app"
    history.write("-home-dev-app", "s1.jsonl", [
        user_line("fix the cart", ts="2026-03-04T10:00:00.000Z", cwd=cwd),
        assistant_line("m1", ts="2026-03-04T10:00:05.000Z", usage=usage(100, 10), cwd=cwd)])
    history.write("-home-dev-app", "agent-old.jsonl", [
        assistant_line("m2", ts="2026-03-04T10:00:08.000Z", usage=usage(5, 5), cwd=None, sidechain=True)],
        subdir="subagents")
    history.write("-home-dev-app", "agent-new.jsonl", [
        assistant_line("m3", ts="2026-03-04T10:00:09.000Z", usage=usage(50, 5), cwd=cwd, sidechain=True)],
        subdir="s1/subagents")
    rows = run("sessions", "--format", "json", "-p", "all").json
    assert [(r["sessionId"], r["project"]) for r in rows] == [
        ("s1", "-home-dev-app"), ("agent-new", "-home-dev-app"), ("agent-old", "-home-dev-app")]


def test_daily_turns_of_past_days_come_from_the_whole_history_and_today_counts_again(run, history):
    # CodeBurn 0.9.20 on this shape dated around today (week, 30 days, all):
    # a turn that began before the period counts on none of its days; a turn
    # running past midnight into today counts on yesterday and again today;
    # the activities count each turn once.  NOW is 2026-03-05 12:00 UTC.
    def edit(mid, ts):
        return assistant_line(mid, ts=ts, usage=usage(100, 0), model="claude-haiku-4-5-20251001",
                              tools=[("Edit", {"file_path": "/x/a.py"})], cwd="/x")

    history.write("p", "s.jsonl", [
        user_line("add a feature", ts="2026-02-24T23:00:00.000Z", cwd="/x"),   # before the week
        edit("w1", "2026-02-24T23:30:00.000Z"), edit("w2", "2026-02-27T00:00:00.000Z"),
        user_line("add a feature", ts="2026-03-04T23:50:00.000Z", cwd="/x"),   # runs into today
        edit("y1", "2026-03-04T23:55:00.000Z"), edit("t1", "2026-03-05T00:10:00.000Z"),
        user_line("add a feature", ts="2026-03-03T00:00:00.000Z", cwd="/x"),
        edit("d1", "2026-03-03T00:01:00.000Z")])
    doc = run("report", "--format", "json", "-p", "week").json
    assert [(d["date"], d["calls"], d["turns"], d["editTurns"]) for d in doc["daily"]] == [
        ("2026-02-27", 1, 0, 0), ("2026-03-03", 1, 1, 1), ("2026-03-04", 1, 1, 1), ("2026-03-05", 1, 1, 1)]
    assert [(a["category"], a["turns"]) for a in doc["activities"]] == [("Feature Dev", 3)]
    doc = run("report", "--format", "json", "-p", "today").json
    assert [(d["date"], d["calls"], d["turns"]) for d in doc["daily"]] == [("2026-03-05", 1, 1)]
    doc = run("report", "--format", "json", "-p", "30days").json
    assert [(d["date"], d["calls"], d["turns"]) for d in doc["daily"]] == [
        ("2026-02-24", 1, 1), ("2026-02-27", 1, 0), ("2026-03-03", 1, 1), ("2026-03-04", 1, 1), ("2026-03-05", 1, 1)]


def test_export_daily_leaves_out_a_claude_turn_with_no_prompt(run, history, tmp_path):
    # A transcript that opens on an assistant record (a legacy subagent file):
    # its turn has no time of its own. 0.9.20's export daily table skips such
    # a turn (export.ts: a turn without a timestamp), its other tables do not.
    history.write("p", "s1.jsonl", [
        user_line("explain the build", ts="2026-03-04T10:00:00.000Z", cwd="/x"),
        assistant_line("m1", ts="2026-03-04T10:00:05.000Z", usage=usage(100, 10), cwd="/x")])
    history.write("p", "agent-a.jsonl", [
        assistant_line("m2", ts="2026-03-04T10:00:09.000Z", usage=usage(11, 22), cwd="/x", sidechain=True)],
        subdir="subagents")
    out = str(tmp_path / "out.json")
    assert run("export", "-f", "json", "-o", out).status == 0
    with open(out, encoding="utf-8") as f:
        doc = json.load(f)
    daily = [d for p in doc["periods"] for d in p["daily"]]
    assert daily and all((d["API Calls"], d["Sessions"], d["Input Tokens"]) == (1, 1, 100) for d in daily)
    assert doc["summary"][-1]["API Calls"] == 2


def test_optimize_takes_a_transcript_with_inline_subagent_records_for_a_subagents(run, history):
    # Older Claude Code wrote a Task subagent's records into the main file,
    # marked isSidechain. 0.9.20's optimize then counts the file as a subagent
    # transcript: no user-started session, and no reworked file in it.
    cwd = "/home/dev/legacy"
    s4 = "claude-sonnet-4-20250514"

    def call(mid, ts, tools, inp=20, out=5, **kw):
        return assistant_line(mid, ts=ts, model=s4, usage=usage(inp, out), tools=tools, cwd=cwd, **kw)

    pay = {"file_path": "/home/dev/legacy/pay.py"}
    history.write("-home-dev-legacy", "main.jsonl", [
        user_line("review the payment module", ts="2026-03-01T10:00:00.000Z", cwd=cwd),
        call("o1", "2026-03-01T10:01:00.000Z", [("Task", {"subagent_type": "general-purpose"})], 100, 50),
        user_line("look for the payment code", ts="2026-03-01T10:01:30.000Z", cwd=cwd, isSidechain=True),
        call("o2", "2026-03-01T10:02:00.000Z", [("Grep", {"pattern": "pay"})], 300, 30, sidechain=True),
        user_line("now fix the rounding bug", ts="2026-03-01T10:03:00.000Z", cwd=cwd),
        call("o3", "2026-03-01T10:04:00.000Z", [("Read", pay)]),
        user_line("and add a test", ts="2026-03-01T10:05:00.000Z", cwd=cwd),
        call("o3", "2026-03-01T10:06:00.000Z", [("Edit", pay)], 20, 80),
        call("o5", "2026-03-01T10:07:00.000Z", [("Bash", {"command": "pytest -q tests/test_pay.py"})], 7, 7)])
    history.write("-home-dev-legacy-sub", "resumed.jsonl", [
        user_line("review the payment module", ts="2026-03-01T10:00:00.000Z", cwd=cwd + "/sub"),
        call("o1", "2026-03-01T10:01:00.000Z", [], 100, 50),
        user_line("continue from sub", ts="2026-03-02T10:00:00.000Z", cwd=cwd + "/sub"),
        call("o6", "2026-03-02T10:01:00.000Z", [], 60, 6)])
    doc = run("optimize", "--format", "json", "-p", "all").json
    assert doc["summary"]["sessions"] == 1
    assert doc["topReworkedFiles"] == []


def test_overview_sessions_count_a_session_running_into_today_twice(run, history):
    # CodeBurn 0.9.20 on this shape dated around today: overview.sessions is
    # the larger of the sessions with a call in the period and its day
    # history's count (a session on its first call's day if that is a past
    # day in the period, and again on today if it ran today): all 3, week 1,
    # today 1, 30 days 2.  NOW is 2026-03-05 12:00 UTC.
    def call(mid, ts):
        return assistant_line(mid, ts=ts, usage=usage(100, 0), model="claude-haiku-4-5-20251001", cwd="/x")

    history.write("p", "s.jsonl", [
        user_line("add a feature", ts="2026-02-24T23:00:00.000Z", cwd="/x"),
        call("w1", "2026-02-24T23:30:00.000Z"), call("w2", "2026-02-27T00:00:00.000Z"),
        user_line("add a feature", ts="2026-03-04T23:50:00.000Z", cwd="/x"),
        call("y1", "2026-03-04T23:55:00.000Z"), call("t1", "2026-03-05T00:10:00.000Z"),
        user_line("add a feature", ts="2026-03-03T00:00:00.000Z", cwd="/x"),
        call("d1", "2026-03-03T00:01:00.000Z"), call("x0", "2026-02-01T23:00:00.000Z")])
    history.write("p", "s2.jsonl", [call("n1", "2026-02-02T00:00:00.000Z"), call("n2", "2026-02-04T00:00:00.000Z")])
    got = {p: run("report", "--format", "json", "-p", p).json["overview"]["sessions"]
           for p in ("all", "week", "today", "30days")}
    assert got == {"all": 3, "week": 1, "today": 1, "30days": 2}


def test_time_to_first_edit_follows_the_transcripts_order(run, history):
    # A resumed transcript can hold an older edit further down. 0.9.20
    # measures from the first turn to the first edit it meets in the file
    # (10.5 minutes here, shown as 11m), not to the oldest edit by the clock.
    def edit(mid, ts):
        return assistant_line(mid, ts=ts, usage=usage(100, 0), model="claude-haiku-4-5-20251001", cwd="/x",
                              tools=[("Edit", {"file_path": "/x/a.py"})])

    history.write("p", "n1.jsonl", [
        user_line("late night fix", ts="2026-03-01T23:50:00.000Z", cwd="/x"),
        edit("l1", "2026-03-02T00:00:30.000Z"), edit("l2", "2026-03-02T00:01:00.000Z"),
        user_line("add a feature", ts="2026-03-03T00:00:00.000Z", cwd="/x"),
        edit("d1", "2026-03-03T00:01:00.000Z"), edit("x0", "2026-02-02T23:00:00.000Z")])
    notes = run("optimize", "--format", "json", "-p", "all").json["coachingNotes"]
    assert any(n.startswith("Median time to first edit is 11m.") for n in notes), notes


def test_time_to_first_edit_starts_a_cut_turn_at_its_first_dated_call(run, history):
    # A call with no time is in no period, so 0.9.20 slices its turn as a cut
    # one: the turn starts at its first surviving call (10:01), not at its
    # prompt (10:00), and the untimed edit is not the first edit: 19m, not 20m
    # (measured; wild_sweep seed 48 America/Los_Angeles showed 11m against 10m).
    def call(mid, ts, tool):
        line = assistant_line(mid, ts=ts or "x", usage=usage(100, 0), model="claude-haiku-4-5-20251001", cwd="/x",
                              tools=[(tool, {"file_path": "/x/a.py"})])
        if ts is None:
            del line["timestamp"]
        return line

    history.write("p", "s.jsonl", [
        user_line("add a feature", ts="2026-03-02T10:00:00.000Z", cwd="/x"),
        call("r1", "2026-03-02T10:01:00.000Z", "Read"), call("e0", None, "Edit"),
        call("e1", "2026-03-02T10:20:00.000Z", "Edit")])
    notes = run("optimize", "--format", "json", "-p", "all").json["coachingNotes"]
    assert any(n.startswith("Median time to first edit is 19m.") for n in notes), notes
    workflow = run("status", "--format", "menubar-json", "--period", "week").json["current"]["workflow"]
    assert workflow["medianTimeToFirstEditMs"] == 19 * 60_000


def test_time_to_first_edit_counts_cursor_edit_as_an_edit(run, history):
    # The reference's workflow insights take the classifier's edit tools,
    # cursor:edit among them (wild_sweep seed 47 America/Chicago: a Claude
    # transcript calling a tool of that name; 8m against 13m over the history).
    def call(mid, ts, tool):
        return assistant_line(mid, ts=ts, usage=usage(100, 0), model="claude-haiku-4-5-20251001", cwd="/x",
                              tools=[(tool, {"file_path": "/x/a.py"})])

    history.write("p", "s.jsonl", [
        user_line("add a feature", ts="2026-03-02T10:00:00.000Z", cwd="/x"),
        call("c1", "2026-03-02T10:14:00.000Z", "cursor:edit"), call("e1", "2026-03-02T10:30:00.000Z", "NotebookEdit")])
    notes = run("optimize", "--format", "json", "-p", "all").json["coachingNotes"]
    assert any(n.startswith("Median time to first edit is 14m.") for n in notes), notes
