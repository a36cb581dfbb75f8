"""Cursor agent transcripts (spec providers §1.13): JSONL and legacy text
transcripts, the summaries database, char-estimated turns (UTF-16 units),
project labels. Totals are CodeBurn 0.9.20's; the tools of a turn's later
steps, which the reference drops, are kept here (mapped to canonical names)."""
from __future__ import annotations

import os
import sqlite3

from codeburn.providers import cursor_agent
from codeburn.providers.records import Tool
from tests.provider_files import (
    bad_input_run, calls_of, checked_report, models_of, named_calls, overview, read_all, totals, write_jsonl
)

U1 = "3f2a9c1e-7b4d-4e8f-9a01-2b3c4d5e6f70"
U2 = "8d7e6f5a-4b3c-4d2e-8f10-a1b2c3d4e5f6"
U3 = "c0ffee00-1111-4222-8333-444455556666"
MTIME = 1792800000     # 2026-10-24T00:00:00Z


def user(text):
    return {"role": "user", "message": {"content": [{"type": "text", "text": text}]}}


def assistant(*blocks):
    content = []
    for b in blocks:
        content.append({"type": "text", "text": b} if isinstance(b, str) else
                       {"type": "tool_use", "name": b[0], "input": b[1]})
    return {"role": "assistant", "message": {"content": content}}


def touch(path):
    os.utime(path, (MTIME, MTIME))
    return path


def build(home: str) -> None:
    projects = os.path.join(home, ".cursor", "projects")
    shop = os.path.join(projects, "-Users-dev-src-shopfront", "agent-transcripts")
    touch(write_jsonl(os.path.join(shop, U1, f"{U1}.jsonl"), [
        user("<user_query>\nRun a quick smoke test\n</user_query>\n<open_files>a.ts</open_files>"),
        assistant("Running the smoke suite.", ("Shell", {"command": "npm run smoke && git status"})),
        # later steps of the same turn: the reference drops them, their tools count here
        assistant(("Read", {"target_file": "src/app.ts"})),
        assistant("Fixed the flaky wait.", ("StrReplace", {"path": "src/app.ts"})),
        user("<user_query>now commit it 🚀</user_query>"),
        assistant("Committed.", ("Shell", {"command": "git commit -am smoke"})),
        # a user line with no text opens no turn
        {"role": "user", "message": {"content": [{"type": "image", "source": "x"}]}},
        assistant("ignored answer"),
    ]))
    # the .txt twin of a .jsonl is not read
    touch(write_jsonl(os.path.join(shop, U1, f"{U1}.txt"), ["user: <user_query>twin</user_query>", "A: twin"]))
    touch(write_jsonl(os.path.join(shop, U1, "subagents", "explore-1.jsonl"), [
        user("Find every call of fetchCart"),
        assistant("Three call sites.", ("Grep", {"pattern": "fetchCart"})),
    ]))
    touch(write_jsonl(os.path.join(shop, "legacy-chat.txt"), [
        "user:", "<user_query>", "Explain the checkout flow", "</user_query>",
        "A: [Thinking] The user wants an overview.", "[Thinking] Start from the router.",
        "The checkout starts in routes/checkout.ts.", "[Tool call] read file", "[Tool result] ok",
        "It then calls the payment service.",
        "user: <user_query>and refunds?</user_query>",
        "A: Refunds go through the same service.",
    ]))
    top = os.path.join(projects, "agent-transcripts")
    touch(write_jsonl(os.path.join(top, U2, f"{U2}.jsonl"), [
        user("Plain prompt without tags"), assistant("Answer without tools."),
    ]))
    stamped = os.path.join(projects, "1792300000000", "agent-transcripts")
    touch(write_jsonl(os.path.join(stamped, U3, f"{U3}.jsonl"), [
        user("<user_query>one</user_query>"), assistant("two"),
    ]))
    db = os.path.join(home, ".cursor", "ai-tracking", "ai-code-tracking.db")
    os.makedirs(os.path.dirname(db), exist_ok=True)
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE conversation_summaries (conversationId TEXT PRIMARY KEY, title TEXT, tldr TEXT, "
                "overview TEXT, summaryBullets TEXT, model TEXT, mode TEXT, updatedAt INTEGER)")
    con.executemany("INSERT INTO conversation_summaries VALUES (?,?,?,?,?,?,?,?)", [
        (U1, "Smoke test", "", "", "[]", "gpt-5", "agent", 1792400000000),
        (U2, "Plain", "", "", "[]", "default", "agent", "2026-11-02T10:00:00Z"),
    ])
    con.commit()
    con.close()


def test_read_turns_and_estimates(tmp_path):
    home = str(tmp_path)
    build(home)
    sessions, log, sources = read_all(cursor_agent, home)
    assert sorted((os.path.basename(s.path), s.project) for s in sources) == [
        (f"{U1}.jsonl", "shopfront"), (f"{U2}.jsonl", "transcripts"),
        (f"{U3}.jsonl", "cursor-agent:2026-10-18T05:06:40.000Z"),
        ("explore-1.jsonl", "shopfront"), ("legacy-chat.txt", "shopfront")]
    by = {s.session_id: s for s in sessions}
    smoke = by[U1].calls
    assert [(c.input, c.output, c.reasoning) for c in smoke] == [(6, 6, 0), (4, 3, 0)]   # 🚀 is 2 UTF-16 units
    assert [c.prompt for c in smoke] == ["Run a quick smoke test", "now commit it 🚀"]
    assert smoke[0].tools == [Tool("Shell", command="npm run smoke && git status"), Tool("Read", file="src/app.ts"),
                              Tool("StrReplace", file="src/app.ts")]
    assert {(c.model, c.ts_ms) for c in smoke} == {("gpt-5", 1792400000000)}
    assert [c.key for c in smoke] == [f"cursor-agent:{U1}:0", f"cursor-agent:{U1}:1"]
    assert by[U2].calls[0].model == "cursor-agent-auto" and by[U2].calls[0].ts_ms == 1793613600000
    legacy = next(s for s in sessions if s.calls[0].prompt == "Explain the checkout flow").calls
    assert [(c.input, c.output, c.reasoning) for c in legacy] == [(7, 24, 13), (3, 9, 0)]
    assert legacy[0].tools == [Tool("read-file")] and legacy[0].ts_ms == MTIME * 1000
    assert totals(calls_of(sessions)) == {"calls": 7, "input": 35, "output": 54, "cacheRead": 0, "cacheWrite": 0,
                                          "reasoning": 13}
    assert log.skipped == 0


# CodeBurn 0.9.20 on build()'s files (its tools are cursor:shell 2, cursor:grep 1, cursor:read-file 1).
REPORT = {"calls": 7, "sessions": 5, "input": 35, "output": 54, "cacheRead": 0, "cacheWrite": 0, "cost": 0.0010475}


def test_report_equals_the_reference(tmp_path):
    home = str(tmp_path)
    build(home)
    d = checked_report(home, "cursor-agent", REPORT)
    assert d["overview"]["estimatedCost"] == 0      # the reference does not flag these calls
    assert models_of(d) == {
        "Cursor (auto)": (5, 0.000945), "GPT-5": (2, 0.0001025)}
    # better than the reference: the later steps' tools, canonical names, shell commands
    assert named_calls(d["tools"]) == {"Bash": 2, "Edit": 1, "Grep": 1, "Read": 1,
                                                           "read-file": 1}
    assert named_calls(d["shellCommands"]) == {"git": 2, "npm": 1}


def test_bad_input_is_skipped_and_named(tmp_path):
    home = str(tmp_path / "home")
    build(home)
    shop = os.path.join(home, ".cursor", "projects", "-Users-dev-src-shopfront", "agent-transcripts")
    write_jsonl(os.path.join(shop, "11111111-2222-4333-8444-555555555555",
                             "11111111-2222-4333-8444-555555555555.jsonl"),
                [user("<user_query>q</user_query>"), [1], assistant("a")], tail='{"role":"assis')
    write_jsonl(os.path.join(shop, "notes.txt"), ["just some notes, no markers"])
    # a transcript whose prompts were never tagged <user_query>: no turn, and no warning (0.9.20 says nothing)
    write_jsonl(os.path.join(shop, "untagged.txt"), ["user: fix the bug in main.go", "A: [Thinking] hm", "Done."])
    os.makedirs(os.path.join(shop, "folder.txt"))
    locked = write_jsonl(os.path.join(shop, "locked.txt"), ["user: <user_query>x</user_query>", "A: y"])
    os.chmod(locked, 0)
    d, kinds = bad_input_run(tmp_path, "cursor-agent")
    # the torn transcript's one good turn (1 + 1 tokens at Sonnet 4.5's prices) is kept
    assert overview(d) == dict(REPORT, calls=8, sessions=6, input=36, output=55, cost=round(0.0010475 + 1.8e-5, 9))
    # kinds in the order the folder's names are met (the transcript's folder, then folder.txt, notes.txt)
    assert kinds == ["1 records of an unexpected shape skipped;", "1 invalid JSON lines or records skipped;",
                     "1 stores that could not be read skipped;", "2 paths could not be read:"]


def tracking_log(home: str) -> sqlite3.Connection:
    """build()'s tracking database switched to WAL mode with one more
    conversation's summary (U3: claude-4.5-sonnet, 2026-10-29) committed
    and still in its log; the writer is returned open (closing it would
    fold the log in)."""
    db = os.path.join(home, ".cursor", "ai-tracking", "ai-code-tracking.db")
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("INSERT INTO conversation_summaries VALUES (?,?,?,?,?,?,?,?)",
                (U3, "Stamped", "", "", "[]", "claude-4.5-sonnet", "agent", 1792800000000))
    con.commit()
    assert os.path.getsize(db + "-wal") > 0
    return con


# CodeBurn 0.9.20 on build()'s files with tracking_log()'s row in the log:
# U3's one call is Sonnet 4.5's instead of Cursor (auto)'s (priced alike).
MODELS_WITH_LOG = {"Cursor (auto)": (4, 0.000927), "GPT-5": (2, 0.0001025), "Sonnet 4.5": (1, 1.8e-05)}


def test_the_tracking_databases_log_counts(tmp_path, monkeypatch):
    home = str(tmp_path)
    build(home)
    writer = tracking_log(home)
    try:
        monkeypatch.setenv("CODEBURN_CACHE_DIR", str(tmp_path / "cache"))   # where the private copy goes
        d = checked_report(home, "cursor-agent", REPORT)
        assert models_of(d) == MODELS_WITH_LOG
        # no cache dir for the copy: the log is named once, though three transcripts are read with it
        (tmp_path / "not-a-dir").write_text("")
        bad = str(tmp_path / "not-a-dir" / "c")
        monkeypatch.setenv("CODEBURN_CACHE_DIR", bad)
        cursor_agent._summaries.cache_clear()    # a new process would not have the database read already
        from tests.provider_files import report
        status, d, err = report(home, "cursor-agent", env={"CODEBURN_CACHE_DIR": bad})
        assert status == 0 and overview(d) == REPORT
        assert models_of(d) == {"Cursor (auto)": (5, 0.000945), "GPT-5": (2, 0.0001025)}   # the main file alone
        db = os.path.join(home, ".cursor", "ai-tracking", "ai-code-tracking.db")
        assert d["warnings"] == [f"1 path could not be read: {db}-wal: its rows are left out: no private copy of "
                                 f"the store could be made to read them (Not a directory)"]
    finally:
        writer.close()
