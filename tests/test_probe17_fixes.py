"""Seventeenth-session probes (fixtures written apart from ours): what they
found, pinned. Expected values are CodeBurn 0.9.20's on the same files."""
from __future__ import annotations

import pytest

from tests.conftest import assistant_line, usage, user_line

SLUG = "-home-dev-src-shopfront"


@pytest.mark.parametrize("big, category", [(True, "Debugging"), (False, "Coding")])
def test_a_line_over_32_kib_joins_only_non_empty_text_parts(run, history, big, category):
    """0.9.20 reads a user line over 32 KiB with a field scanner that joins
    only non-empty text parts: an empty block adds no space there, so the
    prompt "a"x1996 + " fix" keeps its keyword at the 2,000-unit cut
    (Debugging). A smaller line's blocks are joined every one ("a"x1996 +
    "  fi"): the keyword is cut and the Edit makes it Coding."""
    result = [{"type": "tool_result", "tool_use_id": "toolu_0", "content": "lorem ipsum " * (2800 if big else 10)}]
    content = result + [{"type": "text", "text": "a" * 1996}, {"type": "text", "text": ""},
                        {"type": "text", "text": "fix"}]
    history.write(SLUG, "s1.jsonl", [
        user_line(ts="2026-03-05T10:00:00.000Z", content=content),
        assistant_line("m1", ts="2026-03-05T10:00:05.000Z", usage=usage(10, 10),
                       tools=[("Edit", {"file_path": "/home/dev/src/shopfront/a.ts"})])])
    doc = run("report", "-p", "today", "--format", "json").json
    assert [(a["category"], a["turns"], a["editTurns"]) for a in doc["activities"]] == [(category, 1, 1)]


def _two_tools_in_one_folder(history, tmp_path) -> dict:
    """Claude Code and Kimi Code in /home/u/src/shop on March 3 (two days
    before the clock): one project, named after Claude's slug folder; the
    Kimi session's own project name is `shop`."""
    import json
    import os

    history.write("-home-u-src-shop", "11111111-aaaa-4bbb-8ccc-000000000001.jsonl", [
        user_line("fix the failing cart total test", ts="2026-03-03T12:00:00.000Z", cwd="/home/u/src/shop",
                  session="11111111-aaaa-4bbb-8ccc-000000000001"),
        assistant_line("msg_1", ts="2026-03-03T12:01:00.000Z", usage=usage(1000, 500, cr=2000), cwd="/home/u/src/shop",
                       session="11111111-aaaa-4bbb-8ccc-000000000001")])
    kimi = tmp_path / "kimi"
    session = kimi / "sessions" / "wd_shop_0123456789ab" / "session_22222222-2222-3333-4444-555555555555"
    os.makedirs(session / "agents" / "main")
    t = 1772542800000  # 2026-03-03T13:00:00Z
    lines = [{"type": "metadata", "protocol_version": "1.4", "created_at": t},
             {"type": "turn.prompt", "input": [{"type": "text", "text": "deploy the staging branch"}],
              "origin": {"kind": "user"}, "time": t},
             {"type": "llm.request", "kind": "loop", "provider": "moonshot", "model": "kimi-k2-0905-preview",
              "modelAlias": "default", "turnStep": "1.1", "time": t},
             {"type": "usage.record", "model": "default",
              "usage": {"inputOther": 5000, "output": 500, "inputCacheRead": 1000, "inputCacheCreation": 0},
              "time": t + 60000}]
    (session / "agents" / "main" / "wire.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    (session / "state.json").write_text(json.dumps({"createdAt": "2026-03-03T13:00:00Z", "updatedAt": "2026-03-03T13:05:00Z",
                                                    "workDir": "/home/u/src/shop", "agents": {"main": {}}}))
    return {"KIMI_CODE_HOME": str(kimi)}


# (filter, overview cost, calls, sessions, input tokens, estimated cost, the day's cost and calls): 0.9.20's
FILTERED = [(("--project", "src-shop"), 0.0111, 1, 2, 6000, 0.0044, (0.0111, 1), "$0.011"),
            (("--exclude", "src-shop"), 0.0044, 1, 1, 0, 0, (0.0044, 1), "$0.0044"),
            ((), 0.0155, 2, 2, 6000, 0.0044, (0.0155, 2), "$0.015")]


@pytest.mark.parametrize("argv, cost, calls, sessions, inp, estimated, day, shown", FILTERED, ids=lambda x: str(x))
def test_a_filtered_headline_keys_past_days_by_each_session_s_own_project(run, history, tmp_path, argv, cost, calls,
                                                                         sessions, inp, estimated, day, shown):
    """0.9.20's headline and day rows take the days before today from its
    day history, which keys a session by its own project name (and the
    folder of the first project of that name): `src-shop` is in the Claude
    session's name only, so `--project src-shop` keeps the Claude call and
    `--exclude src-shop` the Kimi call, though the live parse groups both
    into one project (listed, or not, as one). Tokens and the estimated
    cost stay the filtered parse's (the day history keeps none per project)."""
    env = _two_tools_in_one_folder(history, tmp_path)
    doc = run("report", "-p", "week", "--format", "json", *argv, env=env).json
    ov = doc["overview"]
    assert (round(ov["cost"], 6), ov["calls"], ov["sessions"], ov["tokens"]["input"], round(ov["estimatedCost"], 6)) \
        == (cost, calls, sessions, inp, estimated)
    assert [(d["date"], round(d["cost"], 6), d["calls"]) for d in doc["daily"] if d["calls"]] == [("2026-03-03", *day)]
    text = run("overview", "-p", "week", *argv, env=env).stdout
    assert f"  Cost       {shown}\n" in text  # (0.9.20 groups the decimals of a cost under a cent: $0.0,044)


@pytest.mark.parametrize("argv, current, projects", [
    (("--project", "src-shop"), (0.0111, 1, 2, 6000), [("shop", 0.0111, 2)]),
    (("--exclude", "src-shop"), (0.0044, 1, 1, 0), [("shop", 0.0044, 1)])], ids=lambda x: str(x))
def test_a_filtered_menubar_keys_past_days_by_each_session_s_own_project(run, history, tmp_path, argv, current,
                                                                        projects):
    """The menubar's filtered headline and top projects as 0.9.20's day
    history gives them (see above): one row for the folder, its session
    count the live parse's (both sessions) when the Claude session's name
    is kept."""
    env = _two_tools_in_one_folder(history, tmp_path)
    doc = run("status", "--format", "menubar-json", "--period", "week", *argv, env=env).json["current"]
    assert (round(doc["cost"], 6), doc["calls"], doc["sessions"], doc["inputTokens"]) == current
    assert [(p["name"], round(p["cost"], 6), p["sessions"]) for p in doc["topProjects"]] == projects


def _opencode_sessions(home, rows) -> None:
    """An OpenCode store under `home` with one session per (id, folder,
    epoch ms, input tokens): a prompt and a Sonnet 4.5 answer of 500 out."""
    import json
    import os
    import sqlite3

    db_path = home / ".local" / "share" / "opencode" / "opencode.db"
    os.makedirs(db_path.parent)
    db = sqlite3.connect(db_path)
    db.executescript("""create table session(id text primary key, project_id text, parent_id text, slug text,
        directory text, title text, version text, time_created integer, time_updated integer, time_archived integer);
        create table message(id text primary key, session_id text, time_created integer, time_updated integer, data text);
        create table part(id text primary key, message_id text, session_id text, time_created integer,
        time_updated integer, data text);""")
    for sid, folder, t, inp in rows:
        db.execute("insert into session values (?,?,?,?,?,?,?,?,?,?)", (sid, "p", None, "s", folder, "t", "1", t, t, None))
        db.execute("insert into message values (?,?,?,?,?)", (f"{sid}u", sid, t, t, json.dumps({"role": "user"})))
        db.execute("insert into part values (?,?,?,?,?,?)",
                   (f"{sid}p", f"{sid}u", sid, t, t, json.dumps({"type": "text", "text": "fix the failing test"})))
        db.execute("insert into message values (?,?,?,?,?)", (f"{sid}a", sid, t + 5000, t + 5000, json.dumps(
            {"role": "assistant", "modelID": "claude-sonnet-4-5", "providerID": "anthropic",
             "tokens": {"input": inp, "output": 500, "reasoning": 0, "cache": {"read": 0, "write": 0}}})))
    db.commit()
    db.close()


def _codex_and_opencode_in_one_folder(tmp_path) -> dict:
    """OpenCode sessions in /home/dev/work/api-server on March 2 and
    February 28 (its project's folder spelled `home/dev/work/api/server`),
    a Codex rollout there on March 2 (`/home/dev/work/api-server`): both
    sessions carry one project name."""
    import json
    import os

    _opencode_sessions(tmp_path / "home", [("ses_0", "/home/dev/work/api-server", 1772452800000, 1000),   # 03-02
                                            ("ses_1", "/home/dev/work/api-server", 1772280000000, 2000)])  # 02-28
    codex = tmp_path / "codex"
    day = codex / "sessions" / "2026" / "03" / "02"
    os.makedirs(day)
    at, end = "2026-03-02T13:00:00.000Z", "2026-03-02T13:00:09.000Z"
    usage_ = {"input_tokens": 50000, "cached_input_tokens": 0, "output_tokens": 5000, "reasoning_output_tokens": 0,
              "total_tokens": 55000}
    lines = [{"timestamp": at, "type": "session_meta", "payload": {"id": "s1", "timestamp": at,
                                                                   "cwd": "/home/dev/work/api-server"}},
             {"timestamp": at, "type": "turn_context", "payload": {"cwd": "/home/dev/work/api-server", "model": "gpt-5"}},
             {"timestamp": at, "type": "response_item", "payload": {
                 "type": "message", "role": "user", "content": [{"type": "input_text", "text": "add pagination"}]}},
             {"timestamp": end, "type": "event_msg", "payload": {"type": "token_count", "info": {
                 "total_token_usage": usage_, "last_token_usage": usage_}}}]
    (day / "rollout-2026-03-02T13-00-00-s1.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    return {"CODEX_HOME": str(codex)}


@pytest.mark.parametrize("argv, cost, calls", [
    (("--project", "api/server"), 0.0135, 1), (("--project", "/home/dev/work"), 0.123, 2),
    (("--exclude", "api/server"), 0.123, 2), ((), 0.1365, 3)], ids=lambda x: str(x))
def test_a_filtered_headline_s_day_takes_the_folder_of_that_day_s_first_project(run, tmp_path, argv, cost, calls):
    """0.9.20's day history keeps, per day and project name, the folder of
    the first project met that day: on March 2 Codex's (`/home/dev/work/
    api-server`), on February 28 OpenCode's (`home/dev/work/api/server`).
    So `--project api/server` keeps the February call alone (0.9.20's
    numbers, report and menubar alike)."""
    env = _codex_and_opencode_in_one_folder(tmp_path)
    ov = run("report", "-p", "week", "--format", "json", *argv, env=env).json["overview"]
    assert (round(ov["cost"], 6), ov["calls"]) == (cost, calls)
    cur = run("status", "--format", "menubar-json", "--period", "week", *argv, env=env).json["current"]
    assert (round(cur["cost"], 6), cur["calls"]) == (cost, calls)


def _gemini_and_opencode_folders(tmp_path) -> None:
    """Gemini CLI projects `api-server` (March 3) and `shop` (March 2), an
    OpenCode session in /home/dev/work/api-server (March 1): the Gemini
    project and the OpenCode one are both shown as `server`."""
    import json
    import os

    home = tmp_path / "home"
    for proj, day, inp in (("api-server", "2026-03-03", 5000), ("shop", "2026-03-02", 9000)):
        chats = home / ".gemini" / "tmp" / proj / "chats"
        os.makedirs(chats)
        (chats / f"session-{proj}.json").write_text(json.dumps({
            "sessionId": "g-" + proj, "projectHash": "x", "startTime": f"{day}T10:00:00.000Z",
            "lastUpdated": f"{day}T10:00:00.000Z", "messages": [
                {"id": "u1", "timestamp": f"{day}T10:05:00.000Z", "type": "user", "content": [{"text": "explain the code"}]},
                {"id": "g1", "timestamp": f"{day}T10:06:00.000Z", "type": "gemini", "content": "ok", "model": "gemini-2.5-pro",
                 "tokens": {"input": inp, "output": 200, "cached": 0, "thoughts": 0}}]}))
    _opencode_sessions(home, [("ses_1", "/home/dev/work/api-server", 1772359200000, 9000)])  # 2026-03-01T10:00Z


def test_filtered_menubar_rows_shown_alike_keep_their_own_sessions(run, tmp_path):
    """Two top projects shown alike (`server`: Gemini's api-server and
    OpenCode's /home/dev/work/api-server) are matched to the period's
    projects by their own names, so each lists its own session, as 0.9.20
    lists them (the second had none here)."""
    _gemini_and_opencode_folders(tmp_path)
    doc = run("status", "--format", "menubar-json", "--period", "week", "--exclude", "shop").json["current"]
    assert [(p["name"], round(p["cost"], 6), p["sessions"], [(s["date"], round(s["cost"], 6)) for s in p["sessionDetails"]])
            for p in doc["topProjects"]] == [("server", 0.0345, 1, [("2026-03-01", 0.0345)]),
                                             ("server", 0.00825, 1, [("2026-03-03", 0.00825)])]
    assert all("\0key" not in p for p in doc["topProjects"])


def test_a_filtered_menubar_row_counts_the_larger_of_its_sessions(run, history, tmp_path):
    """Under --exclude src-shop the `shop` row holds the Kimi session's
    past calls (its own name is `shop`) and Gemini's `shop` project: 0.9.20
    counts the larger of the day history's sessions (2) and the period's
    project's (1)."""
    env = _two_tools_in_one_folder(history, tmp_path)
    chats = tmp_path / "home" / ".gemini" / "tmp" / "shop" / "chats"
    chats.mkdir(parents=True)
    import json

    (chats / "session-g.json").write_text(json.dumps({
        "sessionId": "g1", "projectHash": "x", "startTime": "2026-03-02T10:00:00.000Z",
        "lastUpdated": "2026-03-02T10:00:00.000Z", "messages": [
            {"id": "u1", "timestamp": "2026-03-02T10:05:00.000Z", "type": "user", "content": [{"text": "explain"}]},
            {"id": "g1", "timestamp": "2026-03-02T10:06:00.000Z", "type": "gemini", "content": "ok",
             "model": "gemini-2.5-pro", "tokens": {"input": 5000, "output": 200, "cached": 0, "thoughts": 0}}]}))
    doc = run("status", "--format", "menubar-json", "--period", "week", "--exclude", "src-shop", env=env).json["current"]
    assert [(p["name"], round(p["cost"], 6), p["sessions"], len(p["sessionDetails"])) for p in doc["topProjects"]] == [
        ("shop", 0.01265, 2, 1)]


@pytest.mark.parametrize("argv, month", [(("--project", "src-shop"), {"cost": 0.01, "savings": 0, "calls": 1}),
                                         (("--exclude", "src-shop"), {"cost": 0, "savings": 0, "calls": 1}),
                                         ((), {"cost": 0.02, "savings": 0, "calls": 2})], ids=lambda x: str(x))
def test_filtered_status_takes_the_month_s_past_days_by_each_session_s_own_project(run, history, tmp_path, argv, month):
    """`status --format json` under a filter: the month's days before today
    as 0.9.20's day history keys them (see above), exactly its line."""
    env = _two_tools_in_one_folder(history, tmp_path)
    doc = run("status", "--format", "json", *argv, env=env).json
    assert (doc["today"], doc["month"]) == ({"cost": 0, "savings": 0, "calls": 0}, month)


def _kimi_session(session, t: int, prompt: str, model: str, inp: int, out: int, state: dict) -> None:
    """A Kimi Code session folder: one prompt at epoch ms `t`, one request
    of `model` and its usage (inp in, out out) 2 s later, and its state.json."""
    import json
    import os

    os.makedirs(session / "agents" / "main")
    lines = [{"type": "turn.prompt", "input": [{"type": "text", "text": prompt}], "time": t},
             {"type": "llm.request", "model": model, "modelAlias": "default", "turnStep": "1.1", "time": t + 100},
             {"type": "usage.record", "model": "default", "usage": {"inputOther": inp, "output": out,
                                                                     "inputCacheRead": 0, "inputCacheCreation": 0},
              "time": t + 2000}]
    (session / "agents" / "main" / "wire.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    (session / "state.json").write_text(json.dumps({**state, "agents": {"main": {}}}))


def _one_name_two_folders(history, tmp_path) -> dict:
    """Claude Code and Kimi Code in /srv/Work/ShopFront on March 3, Kimi
    Code in /srv/Play/ShopFront today: read with the month, today's Kimi
    session joins the Work project (Kimi's sessions are grouped by name);
    read alone, it is a project of its own in the Play folder."""
    history.write("-srv-Work-ShopFront", "c1.jsonl", [
        user_line("fix the failing test", ts="2026-03-03T10:00:00.000Z", cwd="/srv/Work/ShopFront", session="c1"),
        assistant_line("msg_c1", ts="2026-03-03T10:01:00.000Z", usage=usage(1000, 100), cwd="/srv/Work/ShopFront",
                       session="c1")])
    kimi = tmp_path / "kimi"
    for n, (workdir, t) in enumerate((("/srv/Work/ShopFront", 1772535600000), ("/srv/Play/ShopFront", 1772704800000))):
        _kimi_session(kimi / "sessions" / f"wd_x_{n:012d}" / f"session_k{n}", t, "write a changelog entry",
                      "kimi-k2-0905-preview", 1200, 300, {"createdAt": t // 1000, "updatedAt": t // 1000, "workDir": workdir})
    return {"KIMI_CODE_HOME": str(kimi)}


@pytest.mark.parametrize("argv, today, month", [
    (("--exclude", "work"), 1, (0, 0)), (("--project", "work"), 0, (0.01, 3)),
    (("--exclude", "play"), 0, (0.01, 3)), ((), 1, (0.01, 3))], ids=lambda x: str(x))
def test_filtered_status_reads_today_alone_and_the_month_s_today_with_the_month(run, history, tmp_path, argv, today,
                                                                                month):
    """0.9.20's filtered `status`: today's calls from a read of today alone
    (the Play session is its own project there: `--exclude work` keeps it),
    the month's from its day history and its read of the month (where the
    Play session is in the Work project: `--exclude work` leaves it out)."""
    env = _one_name_two_folders(history, tmp_path)
    doc = run("status", "--format", "json", *argv, env=env).json
    assert (doc["today"]["calls"], (doc["month"]["cost"], doc["month"]["calls"])) == (today, month)


def _codex_and_cline(home, codex) -> None:
    """A Codex rollout (10:00) and a Cline task (11:00) on March 4 in /home/dev/work/proj."""
    import json
    import os

    folder, day = "/home/dev/work/proj", codex / "sessions" / "2026" / "03" / "04"
    os.makedirs(day)
    last = {"input_tokens": 5000, "cached_input_tokens": 0, "output_tokens": 700, "reasoning_output_tokens": 0,
            "total_tokens": 5700}
    at = "2026-03-04T10:00:00.000Z"
    rows = [{"timestamp": at, "type": "session_meta",
             "payload": {"id": "0199aaaa-0000-7000-8000-0000000000a1", "timestamp": at, "cwd": folder}},
            {"timestamp": at, "type": "turn_context", "payload": {"cwd": folder, "model": "gpt-5"}},
            {"timestamp": at, "type": "response_item", "payload": {
                "type": "message", "role": "user", "content": [{"type": "input_text", "text": "do"}]}},
            {"timestamp": at, "type": "event_msg", "payload": {"type": "token_count", "info": {
                "total_token_usage": last, "last_token_usage": last}}}]
    (day / "rollout-2026-03-04T10-00-00-0199aaaa-0000-7000-8000-0000000000a1.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows))
    ts = 1772622000000  # 2026-03-04T11:00:00Z
    task = home / ".cline" / "data" / "tasks" / str(ts)
    os.makedirs(task)
    (task / "ui_messages.json").write_text(json.dumps([
        {"ts": ts - 500, "type": "say", "say": "text", "text": "fix"},
        {"ts": ts, "type": "say", "say": "api_req_started",
         "text": json.dumps({"tokensIn": 2500, "tokensOut": 600, "cacheReads": 0, "cacheWrites": 0})}]))
    (task / "api_conversation_history.json").write_text(json.dumps([{"role": "user", "content": [{
        "type": "text", "text": f"<task>fix</task>\n<environment_details>\n# Current Workspace Directory ({folder}) "
                                "Files\n<model>anthropic/claude-sonnet-4-5</model>\n</environment_details>"}]}]))


def test_a_folder_of_codex_and_cline_is_named_by_cline_which_the_reference_meets_first(run, tmp_path):
    """0.9.20 makes projects tool by tool in its registry's order (Cline
    before Codex): a Cline task and a Codex rollout in /home/dev/work/proj
    are one project named `proj` (Cline's), not `home-dev-work-proj`
    (Codex's label), though a scan reads the task store after the files."""
    _codex_and_cline(tmp_path / "home", tmp_path / "codex")
    env = {"CODEX_HOME": str(tmp_path / "codex")}
    doc = run("report", "-p", "week", "--format", "json", env=env).json
    assert [(p["name"], p["path"], p["sessions"], round(p["cost"], 6)) for p in doc["projects"]] == [
        ("proj", "/home/dev/work/proj", 2, 0.02975)]
    rows = run("sessions", "-p", "week", "--format", "json", env=env).json
    assert [(s["sessionId"], s["project"], s["provider"]) for s in rows] == [
        ("1772622000000", "proj", "cline"),
        ("rollout-2026-03-04T10-00-00-0199aaaa-0000-7000-8000-0000000000a1", "home-dev-work-proj", "codex")]


def test_skills_of_equal_cost_come_in_the_reference_s_walk_order(run, history):
    """0.9.20 fills its skills walking projects by cost (then sessions and
    turns): `from-costly`, used in the costlier project /w/b, comes before
    `from-cheap` of /w/a at the same cost, though /w/a is read first."""
    skill = lambda name: [("Skill", {"skill": name})]  # noqa: E731
    history.write("-w-a", "s1.jsonl", [
        user_line("hello", ts="2026-03-05T10:00:00.000Z", cwd="/w/a", session="s1"),
        assistant_line("m1", ts="2026-03-05T10:00:05.000Z", usage=usage(100, 100), tools=skill("from-cheap"),
                       cwd="/w/a", session="s1")])
    history.write("-w-b", "s2.jsonl", [
        user_line("hello", ts="2026-03-05T10:00:00.000Z", cwd="/w/b", session="s2"),
        assistant_line("m2", ts="2026-03-05T10:00:05.000Z", usage=usage(100, 100), tools=skill("from-costly"),
                       cwd="/w/b", session="s2"),
        user_line("more", ts="2026-03-05T10:00:10.000Z", cwd="/w/b", session="s2"),
        assistant_line("m3", ts="2026-03-05T10:00:15.000Z", usage=usage(100, 100), cwd="/w/b", session="s2")])
    doc = run("report", "-p", "today", "--format", "json").json
    assert [(s["name"], s["turns"], round(s["cost"], 6)) for s in doc["skills"]] == [
        ("from-costly", 1, 0.0018), ("from-cheap", 1, 0.0018)]
    menubar = run("status", "--format", "menubar-json", "--period", "today").json["current"]
    assert [s["name"] for s in menubar["skills"]] == ["from-costly", "from-cheap"]


@pytest.mark.parametrize("tz, day", [("JST-9", "2026-03-05"), ("UTC0", "2026-03-04"), ("<+0530>-5:30", "2026-03-05"),
                                     ("Foo/Bar", "2026-03-04"), (":Asia/Tokyo", "2026-03-05")])
def test_the_environment_s_tz_is_read_as_the_system_reads_it(run, history, tz, day):
    """TZ as Node reads it (0.9.20 runs under it): a POSIX fixed offset
    (hours west of UTC: JST-9 is UTC+9), an IANA name, and a name no
    database knows as UTC; only --timezone and CODEBURN_TZ are checked
    (exit 2 there). A call at 20:00 UTC on March 4 is on March 5 in Tokyo."""
    history.write("-home-dev-src-shopfront", "s.jsonl", [
        user_line("fix it", ts="2026-03-04T20:00:00.000Z"),
        assistant_line("m1", ts="2026-03-04T20:00:05.000Z", usage=usage(100, 10))])
    r = run("report", "-p", "week", "--format", "json", env={"TZ": tz})
    assert r.status == 0 and [d["date"] for d in r.json["daily"] if d["calls"]] == [day]
    assert run("report", "--format", "json", env={"CODEBURN_TZ": "Foo/Bar"}).status == 2


def test_unpriced_json_names_a_model_by_its_label(run, history):
    """`models --unpriced --format json`: modelDisplayName is the model's
    label (`Foo-X` for `mystery/Foo-X`), as 0.9.20 gives it; the raw id is
    shown in the table, markdown and CSV only."""
    history.write("-home-dev-shop", "s1.jsonl", [
        user_line("question", ts="2026-03-02T10:00:00Z"),
        assistant_line("m1", ts="2026-03-02T10:00:05Z", model="mystery/Foo-X", usage=usage(100, 50))])
    rows = run("models", "--format", "json", "--unpriced").json
    assert [(r["model"], r["modelDisplayName"]) for r in rows] == [("mystery/Foo-X", "Foo-X")]
    assert "mystery/Foo-X" in run("models", "--format", "csv", "--unpriced").stdout


def _one_name_two_spellings(history, tmp_path, gemini_input: int = 20000) -> dict:
    """`web-ui` from two folders: Claude Code (12:00) and Kimi Code (10:00)
    in /w/code/web-ui on March 4, and a costlier Gemini CLI project
    `web-ui` (its folder read as `web/ui`) from 23:30 on March 3 to 00:30
    on March 4."""
    import hashlib
    import json
    import os

    cwd = "/w/code/web-ui"
    history.write("-w-code-web-ui", "11111111-1111-4111-8111-111111111111.jsonl", [
        user_line("explain the layout code", ts="2026-03-04T12:00:00.000Z", cwd=cwd,
                  session="11111111-1111-4111-8111-111111111111"),
        assistant_line("msg_1", ts="2026-03-04T12:00:20.000Z", usage=usage(20000, 3000), cwd=cwd,
                       session="11111111-1111-4111-8111-111111111111")])
    kimi = tmp_path / "kimi"
    _kimi_session(kimi / "sessions" / f"wd_web-ui_{hashlib.md5(cwd.encode()).hexdigest()[:12]}" / "session_k1",
                  1772618400000, "explain the layout", "kimi-k2-turbo-preview", 3000, 500,  # 2026-03-04T10:00:00Z
                  {"createdAt": "2026-03-04T10:00:00.000Z", "workDir": cwd})
    chats = tmp_path / "home" / ".gemini" / "tmp" / "web-ui" / "chats"
    os.makedirs(chats)
    recs = [{"sessionId": "g1", "projectHash": hashlib.sha256(cwd.encode()).hexdigest(),
             "startTime": "2026-03-03T23:30:00.000Z", "lastUpdated": "2026-03-03T23:30:00.000Z", "kind": "main"}]
    for i, at in enumerate(("2026-03-03T23:30", "2026-03-03T23:50", "2026-03-04T00:25", "2026-03-04T00:30")):
        recs += [{"id": f"u{i}", "timestamp": f"{at}:00.000Z", "type": "user", "content": [{"text": "fix the flaky test"}]},
                 {"id": f"g{i}", "timestamp": f"{at}:10.000Z", "type": "gemini", "content": "Done.", "thoughts": [],
                  "model": "gemini-2.5-pro", "tokens": {"input": gemini_input, "output": 400, "cached": 0, "thoughts": 0}}]
    (chats / "session-2026-03-03T23-30-g1.jsonl").write_text("".join(json.dumps(x) + "\n" for x in recs))
    (chats.parent / ".project_root").write_text(cwd)
    return {"KIMI_CODE_HOME": str(kimi)}


@pytest.mark.parametrize("argv, overview, days", [
    (("--project", "code/web"), (0.105, 1, 2), [("2026-03-04", 0.105, 1)]),
    (("--project", "web/ui"), (0.12345, 5, 2), [("2026-03-03", 0.058, 2), ("2026-03-04", 0.06545, 3)]),
    (("--exclude", "code/web"), (0.12345, 5, 2), [("2026-03-03", 0.058, 2), ("2026-03-04", 0.06545, 3)]),
    ((), (0.22845, 6, 3), [("2026-03-03", 0.058, 2), ("2026-03-04", 0.17045, 4)])], ids=lambda x: str(x))
def test_a_day_s_folder_of_a_name_is_its_costliest_project_s(run, history, tmp_path, argv, overview, days):
    """0.9.20's day history is made from its year's parse, projects
    costliest first: on March 4 `web-ui` takes Gemini's folder (`web/ui`,
    the costlier project), not that of the Claude and Kimi project made
    first (/w/code/web-ui), so `--project code/web` keeps Claude's call
    alone (0.9.20's numbers, under faketime)."""
    env = _one_name_two_spellings(history, tmp_path)
    doc = run("report", "-p", "week", "--format", "json", *argv, env=env).json
    ov = doc["overview"]
    assert (round(ov["cost"], 6), ov["calls"], ov["sessions"]) == overview
    assert [(d["date"], round(d["cost"], 6), d["calls"]) for d in doc["daily"] if d["calls"]] == days


@pytest.mark.parametrize("argv", [("--project", "code/web"), ("--exclude", "web/ui")], ids=" ".join)
def test_a_session_begun_on_a_day_the_filter_drops_counts_on_no_day(run, history, tmp_path, argv):
    """With Gemini's project the cheaper, `web-ui` takes its folder only on
    March 3, when it alone ran: the filter drops that day's entry and keeps
    March 4's, so Gemini's March 4 calls count, but its session, begun on
    March 3, counts on no day (0.9.20 counts a session on its first day
    only): 2 sessions, not 3 (0.9.20's numbers, under faketime)."""
    env = _one_name_two_spellings(history, tmp_path, gemini_input=2000)
    ov = run("report", "-p", "week", "--format", "json", *argv, env=env).json["overview"]
    assert (round(ov["cost"], 6), ov["calls"], ov["sessions"]) == (0.12545, 4, 2)
