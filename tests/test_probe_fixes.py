"""Parity faults found by fixtures written apart from our generators
(eleventh-session probes, one per tool family), each checked against
CodeBurn 0.9.20 on the same files dated to its today. NOW is 2026-03-05
12:00 UTC (tests/conftest.py)."""
from __future__ import annotations

import pytest

from tests.conftest import assistant_line, usage, user_line

SONNET = "claude-sonnet-4-5-20250929"
BIG = "A" * 40_000  # an image's data: the line goes through the large-line reader


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("blank", ["\u3000", "\u00a0", "\ufeff \u2028"])
def test_a_prompt_of_unicode_spaces_is_blank(run, history, blank, large):
    """JavaScript's trim() takes no-break, ideographic and other Unicode
    spaces: such a prompt opens no turn in 0.9.20, and its call joins the
    turn before (an Edit: Debugging, 1 turn; 0.9.20 gave the same)."""
    content = [{"type": "text", "text": blank}]
    if large:
        content.append({"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": BIG}})
    history.write("-w-app", "s1.jsonl", [
        user_line("fix the bug in cart.ts", ts="2026-03-05T10:00:00.000Z", cwd="/w/app", session="s1"),
        assistant_line("m1", ts="2026-03-05T10:00:05.000Z", model=SONNET, usage=usage(10, 100), cwd="/w/app",
                       session="s1", tools=[("Edit", {"file_path": "/w/app/cart.ts"})]),
        user_line(ts="2026-03-05T10:01:00.000Z", cwd="/w/app", session="s1", content=content),
        assistant_line("m2", ts="2026-03-05T10:01:05.000Z", model=SONNET, usage=usage(10, 100), cwd="/w/app",
                       session="s1", text="?"),
    ])
    doc = run("report", "--format", "json", "-p", "today").json
    assert [(a["category"], a["turns"]) for a in doc["activities"]] == [("Debugging", 1)]
    assert doc["daily"][0]["turns"] == 1


def test_one_session_file_under_two_config_dirs_is_two_sessions(run, history, tmp_path):
    """A ~/.claude copied to a second config dir, the session resumed in the
    copy: 0.9.20 makes a session of each file (two rows of one id; the
    copied call counts once, in the first dir's file). 0.9.20: sessions 2,
    each 1 call and 1 turn."""
    from tests.conftest import History

    sid = "3f1c9a8e-1111-4c2b-9d3e-aaaaaaaaaaaa"
    first = [user_line("fix the bug", ts="2026-03-05T08:00:00.000Z", cwd="/u/app", session=sid),
             assistant_line("msg_1", ts="2026-03-05T08:00:05.000Z", usage=usage(10, 100), cwd="/u/app", session=sid)]
    history.write("-u-app", f"{sid}.jsonl", first)
    work = History(str(tmp_path / "claude-work"))
    work.write("-u-app", f"{sid}.jsonl", first + [
        user_line("now add a test", ts="2026-03-05T09:00:00.000Z", cwd="/u/app", session=sid),
        assistant_line("msg_2", ts="2026-03-05T09:00:05.000Z", usage=usage(10, 100), cwd="/u/app", session=sid)])
    env = {"CLAUDE_CONFIG_DIRS": f"{history.root}:{work.root}"}
    doc = run("report", "--format", "json", "-p", "today", env=env).json
    assert (doc["overview"]["calls"], doc["overview"]["sessions"]) == (2, 2)
    assert [(s["sessionId"], s["calls"]) for s in doc["topSessions"]] == [(sid, 1), (sid, 1)]
    rows = run("sessions", "--format", "json", "-p", "today", env=env).json
    assert [(s["sessionId"], s["calls"], s["turns"]) for s in rows] == [(sid, 1, 1), (sid, 1, 1)]


@pytest.mark.parametrize("large", [False, True])
def test_a_skill_that_is_no_string_gives_way_to_the_name(run, history, large):
    """0.9.20 keeps a Skill input's `skill` only as a string, so
    `input.skill ?? input.name` falls through to the name for a number or an
    object (0.9.20: skills pdf, docx)."""
    tools = [("Skill", {"skill": 7, "name": "docx"}), ("Skill", {"skill": {"id": 1}, "name": "pdf"})]
    records = [user_line("make the report", ts="2026-03-05T10:00:00.000Z", cwd="/w/app", session="s1")]
    for k, tool in enumerate(tools):
        rec = assistant_line(f"m{k}", ts=f"2026-03-05T10:0{k}:05.000Z", model=SONNET, usage=usage(10, 100),
                             cwd="/w/app", session="s1", tools=[tool], text=BIG if large else None)
        records += [rec, user_line(f"and now {k}", ts=f"2026-03-05T10:0{k}:30.000Z", cwd="/w/app", session="s1")]
    history.write("-w-app", "s1.jsonl", records)
    doc = run("report", "--format", "json", "-p", "today").json
    assert sorted(s["name"] for s in doc["skills"]) == ["docx", "pdf"]


# --- Kiro, Cursor agent, Antigravity (the other tools' probe) ---------------

def _kiro_cli(home, name: str, meta: dict | None, ts: int = 1772704800) -> None:
    import json
    import os

    d = os.path.join(home, ".kiro", "sessions", "cli")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"{name}.jsonl"), "w") as f:
        f.write(json.dumps({"version": "1", "kind": "Prompt", "data": {
            "message_id": "m", "content": [{"kind": "text", "data": "q"}], "meta": {"timestamp": ts}}}) + "\n")
        f.write(json.dumps({"version": "1", "kind": "AssistantMessage", "data": {
            "message_id": "a", "content": [{"kind": "text", "data": "an answer"}]}}) + "\n")
    if meta is not None:
        with open(os.path.join(d, f"{name}.json"), "w") as f:
            json.dump({"session_id": name, "created_at": "x", "updated_at": "x", **meta}, f)


def test_kiro_projects_as_node_names_them(run, tmp_path):
    """Node's basename ignores a trailing slash, and a CLI session's calls take
    basename(meta.cwd || ''): "/" and a meta without cwd both name the
    project "" (0.9.20: shop, web-app, and one "" project of 2 sessions; a
    session without its .json stays kiro-cli, a documented difference)."""
    import json
    import os

    home = str(tmp_path / "home")
    _kiro_cli(home, "c4", {"cwd": "/home/dev/shop/"})
    _kiro_cli(home, "root", {"cwd": "/"})
    _kiro_cli(home, "nocwd", {})
    _kiro_cli(home, "nometa", None)
    sess = os.path.join(home, ".kiro", "sessions", "a" * 32, "sess_1")
    os.makedirs(sess)
    with open(os.path.join(sess, "session.json"), "w") as f:
        json.dump({"id": "v2-1", "modelId": "claude-sonnet-4.5", "workspacePaths": ["/srv/web-app/"]}, f)
    with open(os.path.join(sess, "messages.jsonl"), "w") as f:
        for rec in ({"id": "u", "timestamp": "2026-03-05T10:00:01.000Z", "payload": {"type": "user", "content": "add validation"}},
                    {"id": "t", "timestamp": "2026-03-05T10:00:01.100Z", "payload": {"type": "turn_start", "executionId": "e1"}},
                    {"id": "a", "timestamp": "2026-03-05T10:00:05.000Z", "payload": {"type": "assistant", "content": "Added zod."}},
                    {"id": "e", "timestamp": "2026-03-05T10:00:06.100Z", "payload": {"type": "turn_end", "executionId": "e1"}}):
            f.write(json.dumps(rec) + "\n")
    rows = run("sessions", "--format", "json", "-p", "all", "--provider", "kiro").json
    assert sorted((s["sessionId"], s["project"]) for s in rows) == [
        ("c4", "shop"), ("nocwd", ""), ("nometa", "kiro-cli"), ("root", ""), ("v2-1", "web-app")]


def test_cursor_agent_txt_tool_names_the_table_maps(run, tmp_path):
    """A legacy .txt transcript's `[Tool call] Edit` is the table's Edit (an
    edit turn, one-shot), as 0.9.20's cursor:edit is one of its edit tools
    (0.9.20: Debugging, 1 edit turn, one-shot rate 100)."""
    import os

    d = tmp_path / "home" / ".cursor" / "projects" / "home-dev-x" / "agent-transcripts"
    d.mkdir(parents=True)
    path = d / "legacy-chat.txt"
    path.write_text("user:\n<user_query>\nfix the bug\n</user_query>\nA:\n[Thinking] let me think\nI fixed it.\n"
                    "[Tool call] Read File\n[Tool result] ok\n[Tool call] Edit\n")
    os.utime(path, (1772704800, 1772704800))  # 2026-03-05 10:00 UTC
    doc = run("report", "--format", "json", "-p", "all", "--provider", "cursor-agent").json
    assert [(a["category"], a["editTurns"], a["oneShotRate"]) for a in doc["activities"]] == [("Debugging", 1, 100)]


@pytest.mark.parametrize("uri,project", [
    ("file:///home/dev/my%20app/src/main.ts#L10", "main.ts"), ("file:///srv/q?x=1", "q"),
    ("file:///home/dev/web/.", "web"), ("file:///home/dev/bad%zzname", "antigravity-ide")])
def test_antigravity_workspace_uri_as_node_reads_it(run, tmp_path, uri, project):
    """The project is fileURLToPath of the first file:/// URI: no fragment or
    query, dot segments resolved, and a bad escape throws (the root's label
    then). 0.9.20 gave these four projects."""
    import sqlite3

    def varint(n):
        out = b""
        while True:
            b, n = n & 0x7F, n >> 7
            if not n:
                return out + bytes([b])
            out += bytes([b | 0x80])

    def fv(n, v):
        return varint(n << 3) + varint(v)

    def fb(n, b):
        b = b.encode() if isinstance(b, str) else b
        return varint(n << 3 | 2) + varint(len(b)) + b

    row = fb(1, fb(4, fv(2, 1200) + fv(3, 300)) + fb(9, fb(4, "2026-03-05T10:00:00Z")) + fb(19, "gemini-3-pro"))
    d = tmp_path / "home" / ".gemini" / "antigravity-ide" / "conversations"
    d.mkdir(parents=True)
    c = sqlite3.connect(str(d / "11111110-aaaa-4bbb-8ccc-000000000001.db"))
    c.execute("CREATE TABLE gen_metadata (idx INTEGER PRIMARY KEY, data BLOB)")
    c.execute("CREATE TABLE trajectory_metadata_blob (id TEXT, data BLOB)")
    c.execute("INSERT INTO gen_metadata VALUES (0, ?)", (row,))
    c.execute("INSERT INTO trajectory_metadata_blob VALUES ('x', ?)", (b"\x0a" + bytes([len(uri)]) + uri.encode(),))
    c.commit()
    c.close()
    rows = run("sessions", "--format", "json", "-p", "all", "--provider", "antigravity").json
    assert [s["project"] for s in rows] == [project]


# --- the database-backed tools' probe ------------------------------------------

def test_menubar_tools_leave_out_cursor_languages(run, tmp_path):
    """0.9.20's menubar sums tools without Cursor's `lang:` rows (its report
    keeps them): [cursor:edit]."""
    import datetime as dt
    import json

    from tests.records_util import make_db
    from tests.test_provider_cursor import KV

    # (dated by the real clock: the store's reader keeps six months before it, as 0.9.20's)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(minutes=2)
    when = now - dt.timedelta(minutes=1)  # (the clock is 2 minutes ahead: never the day before)
    cid = "1f0c9a2e-0000-4000-8000-000000000001"

    def b(bid, kind, text, seconds, **kw):
        v = {"type": kind, "text": text, "createdAt": (when + dt.timedelta(seconds=seconds)).strftime(
            "%Y-%m-%dT%H:%M:%S.000Z"), "tokenCount": {"inputTokens": 0, "outputTokens": 0}, **kw}
        return f"bubbleId:{cid}:{bid}", json.dumps(v)

    db = tmp_path / "home" / ".config" / "Cursor" / "User" / "globalStorage" / "state.vscdb"
    make_db(str(db), KV, {"cursorDiskKV": [
        b("b1", 1, "fix the failing login test", 1),
        b("b22", 2, "Updated the test file. " * 10, 2, modelInfo={"modelName": "claude-4-sonnet"},
          codeBlocks=[{"languageId": "typescript"}, {"languageId": "python"}])]})
    report = run("report", "--format", "json", "-p", "today", now=now).json
    assert sorted(t["name"] for t in report["tools"]) == ["cursor:edit", "lang:python", "lang:typescript"]
    doc = run("status", "--format", "menubar-json", "--period", "today", now=now).json
    assert [t["name"] for t in doc["current"]["tools"]] == ["cursor:edit"]


GOOSE_DDL = """CREATE TABLE sessions (id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', working_dir TEXT NOT NULL,
 created_at TIMESTAMP, updated_at TIMESTAMP, accumulated_input_tokens INTEGER, accumulated_output_tokens INTEGER,
 provider_name TEXT, model_config_json TEXT);
CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT, session_id TEXT NOT NULL,
 role TEXT NOT NULL, content_json TEXT NOT NULL, created_timestamp INTEGER NOT NULL);"""


def test_a_store_last_written_before_the_period(run, tmp_path):
    """Goose writes UTC without a zone, read as local time: west of UTC a
    session written at 22:00 yesterday (Los Angeles) reads as 06:00 today,
    while its store's mtime stays yesterday. 0.9.20 drops a source whose
    mtime is before the period from a command that reads the period once
    (sessions, models, optimize), not from its report or overview, which
    read a wider history first; and the overview names the project by its
    relative path's project name (0.9.20 on this store under
    TZ=America/Los_Angeles: sessions [], models [], report 1 call, overview
    srv-api)."""
    import datetime as dt
    import json
    import os

    from tests.records_util import make_db

    written = dt.datetime(2026, 3, 5, 6, 0, tzinfo=dt.timezone.utc)  # 22:00 on the 4th in Los Angeles
    text = written.strftime("%Y-%m-%d %H:%M:%S")
    db = str(tmp_path / "home" / ".local" / "share" / "goose" / "sessions" / "sessions.db")
    make_db(db, GOOSE_DDL, {"sessions": [("S1", "", "/srv/api", text, text, 40000, 2000, "openai",
                                          json.dumps({"model_name": "gpt-4o"}))]})
    os.utime(db, (written.timestamp(), written.timestamp()))
    now = dt.datetime(2026, 3, 5, 20, 0, tzinfo=dt.timezone.utc)  # noon in Los Angeles
    env = {"TZ": "America/Los_Angeles"}
    assert run("sessions", "--format", "json", "-p", "today", env=env, now=now).json == []
    assert run("models", "--format", "json", "-p", "today", env=env, now=now).json == []
    assert [s["sessionId"] for s in run("sessions", "--format", "json", "-p", "week", env=env, now=now).json] == ["S1"]
    report = run("report", "--format", "json", "-p", "today", env=env, now=now).json
    assert (report["overview"]["calls"], [(p["name"], p["path"]) for p in report["projects"]]) == (1, [("srv-api", "srv/api")])
    text_out = run("overview", "-p", "today", env=env, now=now).stdout
    assert "│  srv-api  │  $0.120  │         1  │" in text_out


def test_goose_shell_commands_only_of_the_tools_that_are_bash(run, tmp_path):
    """0.9.20 takes commands from the tools its table makes Bash
    (developer__shell, computercontroller__shell), not from another
    extension's `__shell` (its tool list names `shell`): git here, not ls."""
    import json

    from tests.records_util import make_db

    def request(name, command):
        return json.dumps([{"type": "toolRequest", "id": "t", "toolCall": {
            "status": "success", "value": {"name": name, "arguments": {"command": command}}}}])

    text = "2026-03-05 10:00:00"
    db = str(tmp_path / "home" / ".local" / "share" / "goose" / "sessions" / "sessions.db")
    make_db(db, GOOSE_DDL, {
        "sessions": [("S1", "", "/srv/api", text, text, 4000, 200, "openai", json.dumps({"model_name": "gpt-4o"}))],
        "messages": [(1, "m1", "S1", "user", json.dumps([{"type": "text", "text": "check the repo"}]), 1772704800),
                     (2, "m2", "S1", "assistant", request("terminal__shell", "ls -la"), 1772704801),
                     (3, "m3", "S1", "assistant", request("developer__shell", "git status"), 1772704802)]})
    doc = run("report", "--format", "json", "-p", "today").json
    assert [s["name"] for s in doc["shellCommands"]] == ["git"]
    assert sorted(t["name"] for t in doc["tools"]) == ["Bash", "shell"]


# --- Gemini, Qwen (the JSONL tools' probe) ---------------------------------------

def _lines(path, records) -> None:
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records))


def test_a_turn_opened_by_a_dropped_copy_is_dated_by_its_first_kept_call(run, tmp_path):
    """One Gemini session in two chat files, the second copying the first's
    answer k1 and adding k3 two days on, no new prompt: 0.9.20 drops the copy
    before it makes a call, so the second file's turn is k3's, dated k3
    (New York: the 3rd). 0.9.20 on these files: a call and a turn on each day."""
    chats = tmp_path / "home" / ".gemini" / "tmp" / "proj" / "chats"
    head = {"sessionId": "cccc3333", "projectHash": "c0ffee", "startTime": "2026-03-02T10:00:00.000Z", "kind": "main"}

    def answer(mid, ts, n):
        return {"id": mid, "timestamp": ts, "type": "gemini", "content": "", "model": "gemini-2.5-pro",
                "tokens": {"input": n, "output": 25, "cached": 0, "thoughts": 0, "tool": 0, "total": n + 25}}

    k1 = answer("k1", "2026-03-02T10:00:04.000Z", 9000)
    _lines(chats / "session-a.jsonl", [head, k1])
    _lines(chats / "session-b.jsonl", [head, k1, answer("k3", "2026-03-04T03:00:00.000Z", 100)])
    doc = run("report", "--format", "json", "-p", "all", "--provider", "gemini", env={"TZ": "America/New_York"}).json
    assert [(d["date"], d["calls"], d["turns"]) for d in doc["daily"]] == [("2026-03-02", 1, 1), ("2026-03-03", 1, 1)]


def test_qwen_keeps_the_prompt_of_a_dropped_copy_for_the_next_call(run, tmp_path):
    """A Qwen session resumed into a second file that copies the first
    exchange (u1, a1) and adds a2: 0.9.20 drops the copied a1 before it
    takes the pending prompt, so a2 gets "fix the failing login test"
    (Debugging 2 there; here it had been Debugging 1, Conversation 1)."""
    sid = "a0b1c2d3-e4f5-4a6b-8c7d-0e1f2a3b4c5d"
    chats = tmp_path / "home" / ".qwen" / "projects" / "-home-dev-my-app" / "chats"
    u1 = {"uuid": "u1", "parentUuid": None, "sessionId": sid, "timestamp": "2026-03-04T14:00:00.000Z", "type": "user",
          "message": {"role": "user", "parts": [{"text": "fix the failing login test"}]}}

    def answer(uid, ts, part, n):
        return {"uuid": uid, "parentUuid": "u1", "sessionId": sid, "timestamp": ts, "type": "assistant",
                "model": "qwen3-coder-plus", "message": {"role": "model", "parts": [part]},
                "usageMetadata": {"promptTokenCount": n, "candidatesTokenCount": 100, "thoughtsTokenCount": 0,
                                  "totalTokenCount": n + 100, "cachedContentTokenCount": 0}}

    a1 = answer("a1", "2026-03-04T14:00:04.000Z", {"functionCall": {"name": "read_file", "args": {"path": "x"}}}, 8000)
    _lines(chats / f"{sid}.jsonl", [u1, a1])
    _lines(chats / f"{sid}.resumed.jsonl", [u1, a1, answer("a2", "2026-03-05T09:00:04.000Z", {"text": "done"}, 9000)])
    doc = run("report", "--format", "json", "-p", "all", "--provider", "qwen").json
    assert [(a["category"], a["turns"]) for a in doc["activities"]] == [("Debugging", 2)]


def test_goose_reworked_files_follow_its_tool_sequence(run, tmp_path):
    """0.9.20 counts each file request of a Goose session's tool sequence,
    kept only when two or more messages requested tools: app.ts written in
    three messages is 3 edits; a session whose requests are in one message
    lists nothing (0.9.20: [app.ts, 1 session, 3 edits])."""
    import json

    from tests.records_util import make_db

    def write(path):
        return {"type": "toolRequest", "id": "x", "toolCall": {"status": "success", "value": {
            "name": "developer__write_file", "arguments": {"file_path": path, "content": "x"}}}}

    cfg = json.dumps({"model_name": "gpt-4o"})
    sessions = [(sid, "", "/home/dev/webapp", f"{day} 10:00:00", f"{day} 10:30:00", 1000, 100, "openai", cfg)
                for sid, day in (("A1", "2026-03-05"), ("B1", "2026-03-04"))]
    messages = [("A1", "user", [{"type": "text", "text": "add a retry to the http client"}]),
                ("A1", "assistant", [write("/home/dev/webapp/src/http.ts"), write("/home/dev/webapp/src/http.ts")]),
                ("B1", "user", [{"type": "text", "text": "add a retry to the http client"}])]
    messages += [("B1", "assistant", [write("/home/dev/webapp/src/app.ts")])] * 3
    db = str(tmp_path / "home" / ".local" / "share" / "goose" / "sessions" / "sessions.db")
    make_db(db, GOOSE_DDL, {"sessions": sessions,
                            "messages": [(k + 1, f"m{k + 1}", sid, role, json.dumps(items), k + 1)
                                         for k, (sid, role, items) in enumerate(messages)]})
    doc = run("optimize", "--format", "json", "-p", "all").json
    assert doc["topReworkedFiles"] == [{"path": "/home/dev/webapp/src/app.ts", "sessions": 1, "edits": 3}]


def test_copilot_transcript_keeps_the_prompt_of_a_dropped_copy(run, tmp_path):
    """One VS Code transcript id in two workspaces, the second copying the
    prompt and t1 and adding t2: 0.9.20 drops the copied t1 before it takes
    the pending prompt, so t2 gets "fix the failing build" (Debugging 2)."""
    import json

    ws = tmp_path / "home" / ".config" / "Code" / "User" / "workspaceStorage"

    def event(kind, ts, data):
        return {"type": kind, "timestamp": ts, "data": data}

    u = event("user.message", "2026-03-04T20:00:01.000Z", {"content": "fix the failing build"})
    t1 = event("assistant.message", "2026-03-04T20:00:05.000Z", {
        "messageId": "t1", "content": "Checking", "toolRequests": [{"toolCallId": "toolu_01", "name": "read_file"}]})
    t2 = event("assistant.message", "2026-03-05T09:00:05.000Z", {"messageId": "t2", "content": "Done", "toolRequests": []})
    for h, recs in (("aaa1", [u, t1]), ("bbb2", [u, t1, t2])):
        (ws / h).mkdir(parents=True)
        (ws / h / "workspace.json").write_text(json.dumps({"folder": "file:///home/dev/site"}))
        _lines(ws / h / "GitHub.copilot-chat" / "transcripts" / "tr-77.jsonl", recs)
    doc = run("report", "--format", "json", "-p", "all", "--provider", "copilot").json
    assert [(a["category"], a["turns"]) for a in doc["activities"]] == [("Debugging", 2)]


# --- the time probe: 0.9.20's headline is its day history's --------------------

def _durable_home(history) -> None:
    """Sessions 400 and 366 days back (before the day history), 365 back (its
    first day), 3 back, an hour ago, a day ahead, and two 186 days back,
    at 00:30 and 23:30 (around the start of a --to without --from)."""
    import datetime as dt

    from tests.conftest import NOW

    def session(slug, sid, cwd, when, msg):
        history.write(slug, f"{sid}.jsonl", [
            user_line("fix the failing test", ts=(when - dt.timedelta(seconds=5)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                      cwd=cwd, session=sid),
            assistant_line(msg, ts=when.strftime("%Y-%m-%dT%H:%M:%S.000Z"), model=SONNET, usage=usage(1000, 1000),
                           cwd=cwd, session=sid)])

    def day(n, hour, minute=0):
        return (NOW - dt.timedelta(days=n)).replace(hour=hour, minute=minute)

    session("-w-old", "s-old", "/w/old", day(400, 10), "m1")
    session("-w-old", "s-edge", "/w/old", day(366, 10), "m2")
    session("-w-app", "s-in", "/w/app", day(365, 10), "m3")
    session("-w-app", "s-week", "/w/app", day(3, 10), "m4")
    session("-w-app", "s-now", "/w/app", NOW - dt.timedelta(hours=1), "m5")
    session("-w-next", "s-next", "/w/next", NOW + dt.timedelta(days=1), "m6")
    session("-w-far", "s-early", "/w/far", day(186, 0, 30), "m7")
    session("-w-far", "s-late", "/w/far", day(186, 23, 30), "m8")


def _head(doc):
    o = doc["overview"]
    return (round(o["cost"], 6), o["calls"], o["sessions"], [(d["date"], d["calls"]) for d in doc["daily"]],
            [(p["name"], p["calls"]) for p in doc["projects"]])


def test_the_headline_is_the_day_history(run, history):
    """0.9.20's report totals and day rows come from its day history: whole
    local days, the 365 before today, and today. A call older than that, or
    a day ahead, is in the lists only; a --to without --from starts at a time
    of day 186 days back and counts that day whole in the totals. (0.9.20 on
    the same shapes dated to its today: lifetime $0.09, 5 calls, 7 sessions;
    yesterday to tomorrow 1 call, 2 sessions; tomorrow 0 calls, 1 session;
    --to today $0.072, 4 calls.) Each call here costs $0.018."""
    _durable_home(history)
    assert _head(run("report", "--format", "json", "-p", "lifetime").json) == (
        0.09, 5, 7, [("2025-03-05", 1), ("2025-08-31", 2), ("2026-03-02", 1), ("2026-03-05", 1)],
        [("-w-app", 3), ("-w-far", 2), ("-w-old", 2)])
    assert _head(run("report", "--format", "json", "--from", "2026-03-04", "--to", "2026-03-06").json) == (
        0.018, 1, 2, [("2026-03-05", 1)], [("-w-app", 1), ("-w-next", 1)])
    assert _head(run("report", "--format", "json", "--day", "2026-03-06").json) == (0, 0, 1, [], [("-w-next", 1)])
    assert _head(run("report", "--format", "json", "--to", "2026-03-05").json) == (
        0.072, 4, 4, [("2025-08-31", 2), ("2026-03-02", 1), ("2026-03-05", 1)], [("-w-app", 2), ("-w-far", 1)])
    menubar = run("status", "--format", "menubar-json", "--period", "lifetime").json["current"]
    assert (round(menubar["cost"], 6), menubar["calls"], menubar["sessions"]) == (0.09, 5, 7)
    text = run("overview", "-p", "lifetime").stdout
    assert "Cost       $0.090" in text and "Calls      5   sessions 7" in text


def test_a_rollout_written_before_the_period_still_counts_in_the_totals(run, tmp_path):
    """A rollout whose calls are stamped today but whose mtime is yesterday
    (a writer's clock ahead): 0.9.20's report and overview read a year of
    history first, so they count it; its sessions, which read the period
    once, drop the file (0.9.20: report 2 calls, sessions [])."""
    import datetime as dt
    import os

    from tests.test_codex import meta, tokens, user, write_rollout
    from tests.test_codex import usage as cx_usage

    path = write_rollout(str(tmp_path / "codex"), [
        meta(ts="2026-03-05T00:00:05.000Z", sid="s1"), user("2026-03-05T00:00:06.000Z", "fix the failing test"),
        tokens("2026-03-05T00:00:10.000Z", cx_usage(1000, 0, 100), cx_usage(1000, 0, 100)),
        tokens("2026-03-05T00:00:40.000Z", cx_usage(2000, 0, 200), cx_usage(1000, 0, 100))],
        day="2026/03/05", name="rollout-2026-03-05T00-00-05-s1.jsonl")
    yesterday = dt.datetime(2026, 3, 4, 23, 50, tzinfo=dt.timezone.utc).timestamp()
    os.utime(path, (yesterday, yesterday))
    env = {"CODEX_HOME": str(tmp_path / "codex")}
    assert run("report", "--format", "json", "-p", "today", env=env).json["overview"]["calls"] == 2
    assert run("sessions", "--format", "json", "-p", "today", env=env).json == []


def test_every_file_of_a_codex_patch_is_reworked(run, tmp_path):
    """A Codex patch_apply_end naming two files: 0.9.20's reworked files
    list both (a step per changed file), not the first alone."""
    from tests.test_codex import meta, patch, tokens, user, write_rollout
    from tests.test_codex import usage as cx_usage

    write_rollout(str(tmp_path / "codex"), [
        meta(ts="2026-03-05T10:00:00.000Z", sid="s1", cwd="/Users/dev/shop"),
        user("2026-03-05T10:00:02.000Z", "implement coupons in src/a.py and src/b.py"),
        patch("2026-03-05T10:00:05.000Z", "/Users/dev/shop/src/a.py", "/Users/dev/shop/src/b.py"),
        tokens("2026-03-05T10:00:06.000Z", cx_usage(9000, 4000, 500), cx_usage(9000, 4000, 500))],
        day="2026/03/05", name="rollout-2026-03-05T10-00-00-s1.jsonl")
    doc = run("optimize", "--format", "json", "-p", "all", env={"CODEX_HOME": str(tmp_path / "codex")}).json
    assert doc["topReworkedFiles"] == [{"path": "src/a.py", "sessions": 1, "edits": 1},
                                       {"path": "src/b.py", "sessions": 1, "edits": 1}]


@pytest.mark.parametrize("shape", ["streamed", "compact", "workflow"])
def test_compare_self_corrections_read_as_the_reference_reads_them(run, history, shape):
    """0.9.20's self-correction scan tests only the first assistant record of
    each model and time as written (a streamed message's thinking record
    hides its text record of the same time), skips files named *compact*
    and reads no workflow's subagents: 0 in each of these."""
    sid, when = "s1", "2026-03-05T10:00:10.000Z"

    def said(msg, ts, *blocks):
        rec = assistant_line(msg, ts=ts, model=SONNET, usage=usage(10, 50), cwd="/w/app", session=sid)
        rec["message"]["content"] = list(blocks)
        return rec

    prompt = user_line("the total is wrong again", ts="2026-03-05T10:00:00.000Z", cwd="/w/app", session=sid)
    if shape == "streamed":
        history.write("-w-app", f"{sid}.jsonl", [
            prompt, said("msg_a", when, {"type": "thinking", "thinking": "hmm", "signature": "x"}),
            said("msg_a", when, {"type": "text", "text": "You are right, my mistake: the tax was applied twice."})])
    else:
        history.write("-w-app", f"{sid}.jsonl", [prompt, said("msg_a", when, {"type": "text", "text": "fixed"})])
        name, sub = (("agent-acompact-1234abcd.jsonl", f"{sid}/subagents") if shape == "compact"
                     else ("agent-w1.jsonl", f"{sid}/subagents/workflows/wf1"))
        history.write("-w-app", name, [
            user_line("check", ts="2026-03-05T10:00:20.000Z", cwd="/w/app", session=sid),
            said("msg_c", "2026-03-05T10:00:30.000Z", {"type": "text", "text": "I apologize, I was wrong about it."})],
            subdir=sub)
    doc = run("compare", "--format", "json", "-p", "week").json
    assert [(m["model"], m["selfCorrections"]) for m in doc] == [(SONNET, 0)]


def test_subagent_types_read_as_node_reads_them(run, history):
    """A subagent's .meta.json as 0.9.20 reads it: UTF-8 with replacement, a
    byte-order mark refused by JSON.parse (no type), JavaScript's trim
    (U+FEFF goes, U+001F and U+0085 stay). 0.9.20: \\x1fReviewer\\x1f, Caf\\ufffd,
    Plan, \\x85Docs."""
    import json
    import os

    metas = {"a1": json.dumps({"agentType": "\ufeffPlan\ufeff"}).encode(),
             "a2": json.dumps({"agentType": "\x1fReviewer\x1f"}).encode(),
             "a3": json.dumps({"agentType": "\x85Docs"}).encode(),
             "a4": b"\xef\xbb\xbf" + json.dumps({"agentType": "Explore"}).encode(),
             "a5": b'{"agentType": "Caf\xe9"}'}
    for k, (name, meta) in enumerate(metas.items()):
        path = history.write("-w-app", f"agent-{name}.jsonl", [
            user_line("look around", ts=f"2026-03-05T10:0{k}:00.000Z", cwd="/w/app", session="s1"),
            assistant_line(f"m{k}", ts=f"2026-03-05T10:0{k}:05.000Z", model=SONNET, usage=usage(100, 50),
                           cwd="/w/app", session="s1", sidechain=True)], subdir="s1/subagents")
        with open(os.path.splitext(path)[0] + ".meta.json", "wb") as f:
            f.write(meta)
    doc = run("report", "--format", "json", "-p", "today").json
    assert sorted(a["name"] for a in doc["claudeAgentTypes"]) == ["\x1fReviewer\x1f", "Caf\ufffd", "Plan", "\x85Docs"]


def test_menubar_optimize_reads_every_project_and_the_whole_span(run, history, tmp_path):
    """0.9.20's scan-fed detectors read the raw Claude scan: every project
    whatever --exclude (an MCP server called only in the excluded project
    is not unused) and the whole span of --days (a day between them still
    shows its re-reads). 0.9.20: no MCP finding; the re-reading finding."""
    import json
    import os

    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    settings = home / ".claude" / "settings.json"
    settings.write_text(json.dumps({"mcpServers": {"github": {"command": "gh-mcp"}}}))
    os.utime(settings, (1772236800, 1772236800))  # 2026-02-28: configured long before the period

    def session(slug, cwd, sid, day, tools):
        recs = [user_line("explain how the config loader works", ts=f"{day}T12:00:00.000Z", cwd=cwd, session=sid)]
        for k, tool in enumerate(tools):
            recs.append(assistant_line(f"{sid}-{k}", ts=f"{day}T12:{k + 1:02d}:00.000Z", model=SONNET,
                                       usage=usage(10, 100), cwd=cwd, session=sid, tools=[tool]))
        history.write(slug, f"{sid}.jsonl", recs)

    session("-w-alpha", "/w/alpha", "s1", "2026-03-05", [("mcp__github__get_issue", {"q": "x"})])
    session("-w-beta", "/w/beta", "s2", "2026-03-05", [("Read", {"file_path": "/w/beta/a.ts"})])
    doc = run("status", "--format", "menubar-json", "--period", "today", "--exclude", "alpha").json
    assert not [f for f in doc["optimize"]["topFindings"] if "MCP" in f["title"]]

    read = ("Read", {"file_path": "/w/app/src/config.ts"})
    session("-w-app", "/w/app", "a", "2026-03-02", [read])
    session("-w-app", "/w/app", "b", "2026-03-03", [read] * 8)
    session("-w-app", "/w/app", "c", "2026-03-04", [read])
    doc = run("status", "--format", "menubar-json", "--days", "2026-03-02,2026-03-04").json
    assert "Claude is re-reading the same files" in [f["title"] for f in doc["optimize"]["topFindings"]]


def test_a_rollout_whose_first_line_passes_a_mib_is_no_session(run, tmp_path):
    """0.9.20 reads a rollout's first line from its first MiB only: a
    session_meta line that does not end there does not parse, and the file
    is skipped (named in a warning here); one just under it is read."""
    from tests.test_codex import meta, tokens, user, write_rollout
    from tests.test_codex import usage as cx_usage

    for sid, size in (("a", (1 << 20) - 2000), ("b", (1 << 20) + 10)):
        head = meta(ts="2026-03-05T10:00:00.000Z", sid=sid, cwd=f"/Users/dev/{sid}")
        head = head.replace('"You are Codex"', '"' + "x" * (size - len(head) + len('"You are Codex"') - 2) + '"')
        assert len(head.encode()) == size
        write_rollout(str(tmp_path / "codex"), [
            head, user("2026-03-05T10:00:02.000Z", "add a login page"),
            tokens("2026-03-05T10:00:06.000Z", cx_usage(1000, 0, 100), cx_usage(1000, 0, 100))],
            day="2026/03/05", name=f"rollout-2026-03-05T10-00-00-{sid}.jsonl")
    r = run("report", "--format", "json", "-p", "today", env={"CODEX_HOME": str(tmp_path / "codex")})
    assert [(p["name"], p["calls"]) for p in r.json["projects"]] == [("Users-dev-a", 1)]
    assert "not a Codex session" in r.stderr


def test_a_merged_projects_sessions_come_by_label(run, tmp_path):
    """Codex sessions in a linked worktree (named by its main repository,
    "app") and in the repository itself (named by its sanitized path) are
    one project by path; 0.9.20 lists the worktree's sessions first, as its
    per-label projects are concatenated (0.9.20: app 1, app 3, then 2)."""
    from tests.test_codex import meta, tokens, user, write_rollout
    from tests.test_codex import usage as cx_usage

    repo, worktree = tmp_path / "r" / "app", tmp_path / "r" / "wt" / "app"
    (repo / ".git" / "worktrees" / "wt1").mkdir(parents=True)
    worktree.mkdir(parents=True)
    (worktree / ".git").write_text(f"gitdir: {repo}/.git/worktrees/wt1\n")
    for n, cwd, minute in ((1, worktree, 10), (2, repo, 20), (3, worktree, 30)):
        sid = f"0199cccc-0000-7000-8000-00000000000{n}"
        ts = f"2026-03-05T10:{minute}"
        write_rollout(str(tmp_path / "codex"), [
            meta(ts=f"{ts}:00.000Z", sid=sid, cwd=str(cwd)), user(f"{ts}:02.000Z", f"task {n}"),
            tokens(f"{ts}:05.000Z", cx_usage(9000 + n, 0, 100), cx_usage(9000 + n, 0, 100))],
            day="2026/03/05", name=f"rollout-2026-03-05T10-{minute}-00-{sid}.jsonl")
    rows = run("sessions", "--format", "json", "-p", "today", env={"CODEX_HOME": str(tmp_path / "codex")}).json
    assert [s["sessionId"][-1] for s in rows] == ["1", "3", "2"]
    assert rows[0]["project"] == rows[1]["project"] == "app"


def test_prompts_are_cut_at_500_utf16_units(run, tmp_path):
    """Gemini, Qwen and Droid prompts are cut as JavaScript slices them, at
    500 UTF-16 units (an emoji is two): 250 emoji leave no room for the
    words after them (0.9.20: Conversation, not Debugging)."""
    head = "\U0001f600" * 250 + " fix the crash bug in the parser"
    chats = tmp_path / "home" / ".gemini" / "tmp" / "proj" / "chats"
    _lines(chats / "session-a.jsonl", [
        {"sessionId": "g1", "projectHash": "c0ffee", "startTime": "2026-03-05T10:00:00.000Z", "kind": "main"},
        {"id": "u1", "timestamp": "2026-03-05T10:00:01.000Z", "type": "user", "content": head},
        {"id": "k1", "timestamp": "2026-03-05T10:00:04.000Z", "type": "gemini", "content": "", "model": "gemini-2.5-pro",
         "tokens": {"input": 100, "output": 25, "cached": 0, "thoughts": 0, "tool": 0, "total": 125}}])
    sid = "a0b1c2d3-e4f5-4a6b-8c7d-0e1f2a3b4c5d"
    _lines(tmp_path / "home" / ".qwen" / "projects" / "-home-dev-app" / "chats" / f"{sid}.jsonl", [
        {"uuid": "u1", "parentUuid": None, "sessionId": sid, "timestamp": "2026-03-05T11:00:00.000Z", "type": "user",
         "message": {"role": "user", "parts": [{"text": head}]}},
        {"uuid": "a1", "parentUuid": "u1", "sessionId": sid, "timestamp": "2026-03-05T11:00:04.000Z",
         "type": "assistant", "model": "qwen3-coder-plus", "message": {"role": "model", "parts": [{"text": "ok"}]},
         "usageMetadata": {"promptTokenCount": 100, "candidatesTokenCount": 10, "totalTokenCount": 110}}])
    doc = run("report", "--format", "json", "-p", "today").json
    assert [(a["category"], a["turns"]) for a in doc["activities"]] == [("Conversation", 2)]


def test_a_model_of_no_name_is_not_unpriced(run, tmp_path):
    """An OpenCode message with modelID "": 0.9.20's findUnpricedModels
    skips a model of no name (and warns of none): unpricedModels []."""
    import json

    from tests.records_util import make_db

    ddl = """CREATE TABLE session (id text PRIMARY KEY, project_id text, parent_id text, slug text, directory text,
      title text, version text, time_created integer, time_updated integer, time_archived integer);
    CREATE TABLE message (id text PRIMARY KEY, session_id text, time_created integer, time_updated integer, data text);
    CREATE TABLE part (id text PRIMARY KEY, message_id text, session_id text, time_created integer,
      time_updated integer, data text);"""
    at = 1772704800000  # 2026-03-05 10:00 UTC
    make_db(str(tmp_path / "home" / ".local" / "share" / "opencode" / "opencode.db"), ddl, {
        "session": [("ses_1", "p", None, "s", "/home/u/shop", "t", "1", at, at, None)],
        "message": [("msg_1", "ses_1", at, at, json.dumps({"role": "assistant", "modelID": "", "providerID": "custom",
                                                            "tokens": {"input": 100, "output": 10}}))],
        "part": [("prt_1", "msg_1", "ses_1", at, at, json.dumps({"type": "text", "text": "hi"}))]})
    r = run("report", "--format", "json", "-p", "today")
    assert r.json["overview"]["calls"] == 1 and r.json["unpricedModels"] == []
    assert "no price known" not in r.stderr


def test_one_tools_menubar_history_has_today_only_when_the_period_does(run, history):
    """With --provider, 0.9.20's menubar takes today's history row from the
    period's own parse: a period that ends before today has none; without
    it, today is read apart and listed (0.9.20: [yesterday] and
    [yesterday, today])."""
    for k, day in enumerate(("2026-03-04", "2026-03-05")):
        history.write("-w-app", f"s{k}.jsonl", [
            user_line("fix it", ts=f"{day}T09:00:00.000Z", cwd="/w/app", session=f"s{k}"),
            assistant_line(f"m{k}", ts=f"{day}T09:00:05.000Z", model=SONNET, usage=usage(100, 10), cwd="/w/app",
                           session=f"s{k}")])
    one = run("status", "--format", "menubar-json", "--day", "yesterday", "--provider", "claude").json
    every = run("status", "--format", "menubar-json", "--day", "yesterday").json
    assert [d["date"] for d in one["history"]["daily"]] == ["2026-03-04"]
    assert [d["date"] for d in every["history"]["daily"]] == ["2026-03-04", "2026-03-05"]


# --- the formats probe -----------------------------------------------------------

def test_amounts_are_written_as_the_reference_writes_them():
    """formatCost: toFixed's rounding (an exact tie goes up: $1.125 is
    $1.13, where Python's format gives $1.12), no thousands separators but
    in the overview, 3 and 4 decimals under 1 and a hundredth."""
    from codeburn.cost.currency import Currency

    usd, eur = Currency(), Currency("EUR", "€", 5000.0)
    assert [usd.format(x) for x in (1.125, 0.0625, 0.00125, 1234.5, 0)] == [
        "$1.13", "$0.063", "$0.0013", "$1234.50", "$0.00"]
    assert eur.format(0.8265) == "€4132.50" and usd.format(1234.5, grouped=True) == "$1,234.50"


def test_the_overview_rounds_shares_and_cache_hits_as_javascript(run, history):
    """Math.round takes a half up (2.5 % is 3 %), and the cache hit is
    toFixed(1) of the ratio itself (3 of 2,000: 0.15 % is 0.1 %). 0.9.20 on
    these records: Input 3 %, Cache hit 0.1%."""
    rec = assistant_line("m1", ts="2026-03-05T10:00:05.000Z", model=SONNET, usage=usage(1997, 0), cwd="/w/app",
                         session="s1")
    rec["message"]["usage"]["cache_read_input_tokens"] = 3
    rec2 = assistant_line("m2", ts="2026-03-05T10:01:05.000Z", model=SONNET, usage=usage(5, 195), cwd="/w/app",
                          session="s2")
    history.write("-w-app", "s1.jsonl", [user_line("hi", ts="2026-03-05T10:00:00.000Z", cwd="/w/app", session="s1"), rec])
    text = run("overview", "-p", "today").stdout
    assert "Cache hit  0.1%" in text
    history.write("-w-app", "s1.jsonl", [user_line("hi", ts="2026-03-05T10:00:00.000Z", cwd="/w/app", session="s2"),
                                         rec2])
    assert "│  Input      │       5  │     3%  │" in run("overview", "-p", "today").stdout


def test_a_cursor_system_row_of_no_text_closes_the_request(run, tmp_path):
    """Only a null content is no content to 0.9.20 (its SQL hands "" over as
    an empty blob, which is truthy): a system row of "" closes request A,
    and the assistant row after it carries no tool (0.9.20: tools [])."""
    import datetime as dt
    import json

    from tests.records_util import make_db

    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(minutes=2)
    when = now - dt.timedelta(minutes=1)  # (the store's reader keeps six months before the real clock)

    def iso(d):
        return d.strftime("%Y-%m-%dT%H:%M:%S.000Z")

    rows = [("bubbleId:conv1:b1", {"type": 1, "text": "build the project", "createdAt": iso(when), "requestId": "rA"}),
            ("bubbleId:conv1:b2", {"type": 2, "text": "Building now.", "createdAt": iso(when + dt.timedelta(seconds=5)),
                                   "modelInfo": {"modelName": "gpt-5"}}),
            ("agentKv:blob:001", {"role": "user", "content": "build the project please",
                                  "providerOptions": {"cursor": {"requestId": "rA"}}}),
            ("agentKv:blob:002", {"role": "system", "content": ""}),
            ("agentKv:blob:003", {"role": "assistant", "content": [
                {"type": "text", "text": "ok running"},
                {"type": "tool-call", "toolName": "Shell", "args": {"command": "make build"}}]})]
    make_db(str(tmp_path / "home" / ".config" / "Cursor" / "User" / "globalStorage" / "state.vscdb"),
            "CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB);",
            {"cursorDiskKV": [(k, json.dumps(v)) for k, v in rows]})
    doc = run("report", "--format", "json", "-p", "today", now=now).json
    assert doc["overview"]["calls"] == 2 and doc["tools"] == [] and doc["shellCommands"] == []  # (0.9.20: 2 calls too)


def test_a_copilot_trace_gives_its_calls_every_subagent_it_ran(run, tmp_path):
    """Two subagents (invoke_agent spans with a parent chat) in one trace of
    VS Code's agent-traces.db: 0.9.20 gives every chat call of the trace
    both names, each counted (0.9.20: Explore 3 calls, Plan 3 calls)."""
    from tests.records_util import make_db

    ddl = """CREATE TABLE spans (span_id TEXT PRIMARY KEY, trace_id TEXT, parent_span_id TEXT, name TEXT,
      operation_name TEXT, start_time_ms INTEGER, end_time_ms INTEGER, status_code INTEGER, response_model TEXT);
    CREATE TABLE span_attributes (id INTEGER PRIMARY KEY AUTOINCREMENT, span_id TEXT, key TEXT, value TEXT);"""
    t0 = 1772704800000  # 2026-03-05 10:00 UTC
    spans, attrs = [], []
    for n, (op, dt_ms, a) in enumerate([
            ("chat", 1000, {"gen_ai.conversation.id": "conv-main", "gen_ai.response.model": "claude-sonnet-4.5",
                            "gen_ai.usage.input_tokens": 12000, "gen_ai.usage.output_tokens": 450}),
            ("invoke_agent", 2000, {"gen_ai.conversation.id": "sub-1", "gen_ai.agent.name": "Explore",
                                    "copilot_chat.parent_chat_session_id": "conv-main"}),
            ("chat", 3000, {"gen_ai.conversation.id": "sub-1", "gen_ai.request.model": "gpt-5-mini",
                            "gen_ai.usage.input_tokens": 5000, "gen_ai.usage.output_tokens": 300}),
            ("invoke_agent", 4000, {"gen_ai.conversation.id": "sub-2", "gen_ai.agent.name": "Plan",
                                    "copilot_chat.parent_chat_session_id": "conv-main"}),
            ("chat", 5000, {"gen_ai.conversation.id": "sub-2", "gen_ai.request.model": "gpt-5-mini",
                            "gen_ai.usage.input_tokens": 4000, "gen_ai.usage.output_tokens": 200})], start=1):
        sid = f"{n:016x}"
        spans.append((sid, "t" * 32, None, op, op, t0 + dt_ms, t0 + dt_ms + 500, 0, None))
        attrs += [(None, sid, k, str(v)) for k, v in a.items()]
    make_db(str(tmp_path / "home" / ".config" / "Code" / "User" / "globalStorage" / "github.copilot-chat" /
                "agent-traces.db"), ddl, {"spans": spans, "span_attributes": attrs})
    doc = run("report", "--format", "json", "-p", "today").json
    assert [(s["name"], s["calls"]) for s in doc["subagents"]] == [("Explore", 3), ("Plan", 3)]
