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
