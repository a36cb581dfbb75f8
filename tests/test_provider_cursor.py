"""Cursor IDE state.vscdb (spec providers §2.1). Expected numbers are
CodeBurn 0.9.20's on the same store (`report --format json -p all
--provider cursor`, HOME = the fixture home)."""
from __future__ import annotations

import json
import os
import sqlite3

import pytest

from codeburn.providers import cursor
from codeburn.providers.base import Walker
from codeburn.providers.records import ReadLog, Tool
from codeburn.read import prefetch
from tests.records_util import make_db, read_all, totals, write_json

KV = "CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB);" \
     "CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB);"
A, B, C, D, E = ("aaaaaaaa-0000-4000-8000-00000000000a", "bbbbbbbb-0000-4000-8000-00000000000b",
                 "cccccccc-0000-4000-8000-00000000000c", "dddddddd-0000-4000-8000-00000000000d",
                 "eeeeeeee-0000-4000-8000-00000000000e")
DB_MTIME = 1_792_100_000         # 2026-10-15T21:33:20Z


def ts(minute):
    return f"2026-10-14T17:{minute:02d}:00.000Z"


def bubble(cid, n, kind, minute, text, model=None, tokens=(0, 0), request="", code=()):
    value = {"_v": 3, "type": kind, "bubbleId": f"b{n}", "text": text, "createdAt": minute if minute is None
             else (minute if isinstance(minute, str) else ts(minute)), "requestId": request,
             "tokenCount": {"inputTokens": tokens[0], "outputTokens": tokens[1]},
             "codeBlocks": [{"languageId": lang, "content": "x = 1"} for lang in code],
             "context": {"fileSelections": [], "padding": "p" * 300}}
    if model is not None:
        value["modelInfo"] = {"modelName": model}
    return (f"bubbleId:{cid}:b{n:03d}", json.dumps(value))


def agent(n, role, content, request=None, model=None):
    opts = {"cursor": {k: v for k, v in (("requestId", request), ("modelName", model)) if v}}
    return (f"agentKv:blob:{n:04x}", json.dumps({"role": role, "content": content, "providerOptions": opts}))


def rows(malformed=True):
    return [r for r in _rows() if malformed or r[1] != "{not json"]


def _rows():
    return [
        # A: current build, {0,0} tokens, no meter, no stream: everything estimated from text
        bubble(A, 1, 1, 0, "why does the login test fail"),                          # 28 chars -> 7 in
        bubble(A, 2, 2, 1, "x" * 401, model="claude-4.5-sonnet-thinking", code=("typescript", "plaintext")),
        bubble(A, 3, 1, 2, ""),                                                        # nothing: no call
        bubble(A, 4, 2, 3, "y" * 40, model="default", request="req-a"),                # 10 out, cursor-auto
        # B: real token counts (older build) and an agent stream with a Shell call
        bubble(B, 1, 1, 10, "refactor the parser", request=""),
        bubble(B, 2, 2, 11, "done", model="gpt-5", tokens=(1200, 300), request="req-b"),
        # C: a context meter: one conversation-level input record
        bubble(C, 1, 1, 20, "add a cache"),
        bubble(C, 2, 2, 21, "z" * 81, model="gpt-5", request="req-c"),                 # 21 out
        ("composerData:" + C, json.dumps({"composerId": C, "createdAt": 1_792_000_000_000,
                                          "contextTokensUsed": 5000})),
        # D: no meter, its stream is the input estimate
        bubble(D, 1, 1, 30, "write docs"),
        bubble(D, 2, 2, 31, "w" * 8, model="claude-4.6-sonnet", request="req-d"),
        # E: older than six months (not read), and no createdAt (never a call)
        bubble(E, 1, 1, "2026-03-01T10:00:00.000Z", "ancient question"),
        bubble(E, 2, 2, "2026-03-01T10:01:00.000Z", "ancient answer", model="gpt-5"),
        bubble(E, 3, 2, None, "no time", model="gpt-5"),
        # a tool sub-composer row and a malformed row
        (f"bubbleId:task-call_1\nfc_2:b1", json.dumps({"type": 2, "text": "sub", "createdAt": ts(40)})),
        (f"bubbleId:{A}:zzz", "{not json"),
        # the agent stream, in the order written
        agent(1, "system", "You are a coding agent." * 4),                              # held: 92 chars
        agent(2, "user", [{"type": "text", "text": "write docs please"}]),              # held: 17
        agent(3, "user", "write docs", request="req-d"),                                 # 10 to req-d
        agent(4, "assistant", [{"type": "text", "text": "ok"},
                               {"type": "tool-call", "toolName": "Shell", "args": {"command": "ls docs"}}],
              model="claude-4.6-sonnet"),
        agent(5, "tool", [{"type": "tool-result", "content": "README.md"}]),
        agent(6, "user", "refactor", request="req-b"),
        agent(7, "assistant", [{"type": "tool-call", "toolName": "Shell",
                                "args": {"command": "cargo test && git diff"}},
                               {"type": "tool-call", "toolName": "read_file", "args": {"path": "a.rs"}}]),
        agent(8, "system", "sys"),
        agent(9, "user", "orphan request", request="req-orphan"),
        agent(10, "assistant", [{"type": "text", "text": "q" * 20}], model="gpt-5"),
        ("agentKv:blob:ffff", b"\x00\x01binary"),
    ]


def build(home, malformed=True):
    """The store; `malformed=False` leaves out the one malformed row (the
    reference then reads nothing at all: SQLite's json_extract fails its
    whole query)."""
    user = os.path.join(home, ".config", "Cursor", "User")
    db = os.path.join(user, "globalStorage", "state.vscdb")
    make_db(db, KV, {"cursorDiskKV": rows(malformed)})
    os.utime(db, (DB_MTIME, DB_MTIME))
    for i, (key, composers) in enumerate((("composer.composerData", [A, B]), ("composer.composerHeaders", [C]))):
        ws = os.path.join(user, "workspaceStorage", f"ws{i}")
        write_json(os.path.join(ws, "workspace.json"), {"folder": f"file:///home/dev/my%20app{i}"})
        make_db(os.path.join(ws, "state.vscdb"), KV,
                {"ItemTable": [(key, json.dumps({"allComposers": [{"composerId": c} for c in composers]}))]})
    write_json(os.path.join(user, "workspaceStorage", "ws9", "workspace.json"), {"folder": "file:///nodb"})


@pytest.fixture
def home(tmp_path):
    build(str(tmp_path))
    return str(tmp_path)


def calls_of(sessions):
    return {s.session_id: [(c.key.split(":", 2)[2], c.model, c.input, c.output) for c in s.calls] for s in sessions}


def test_calls_are_the_references(home):
    sessions, log = read_all(cursor, {}, home)
    got = calls_of(sessions)
    assert got == {
        A: [(f"bubbleId:{A}:b001", "claude-4.5-sonnet-thinking", 7, 0),   # a user bubble: the conversation's model
            (f"bubbleId:{A}:b002", "claude-4.5-sonnet-thinking", 0, 101),
            (f"bubbleId:{A}:b004", "cursor-auto", 0, 10)],
        B: [(f"bubbleId:{B}:b002", "gpt-5", 1200, 300)],
        C: [(f"bubbleId:{C}:b002", "gpt-5", 0, 21), (C, "gpt-5", 5000, 0)],
        # D: the stream's prompt and context, the system prompt and first prompt held until req-d
        D: [(f"bubbleId:{D}:b002", "claude-4.6-sonnet", 0, 2), (D, "claude-4.6-sonnet", 32, 0)],
        "req-orphan": [("req-orphan", "gpt-5", 5, 5)],
    }
    # the conversation A: a user bubble's model comes from the conversation (its first named model)
    assert {s.session_id: s.project for s in sessions} == {
        A: "-home-dev-my app0", B: "-home-dev-my app0", C: "-home-dev-my app1", D: "cursor", "req-orphan": "cursor"}
    assert log.counts == {"bad_record": [1, log.counts["bad_record"][1]]}
    assert all(c.estimated for s in sessions for c in s.calls)


def test_tools_prompts_and_times(home):
    sessions, _ = read_all(cursor, {}, home)
    by = {s.session_id: s for s in sessions}
    a = by[A].calls
    assert a[1].tools[:2] == [Tool("cursor:edit"), Tool("lang:typescript")]
    assert a[0].prompt == "why does the login test fail why does the login test fail"
    assert a[1].prompt == "why does the login test fail " + "x" * 401
    assert a[1].ts_ms == cursor.ts_ms(ts(1))
    # B (real tokens): the stream's tools ride on its first call
    assert by[B].calls[0].tools == [Tool("Shell", command="cargo test && git diff"), Tool("read_file")]
    # D (stream input): tools on the conversation record, which is dated by the first bubble
    assert by[D].calls[1].tools == [Tool("Shell", command="ls docs")]
    assert by[D].calls[1].ts_ms == cursor.ts_ms(ts(30))
    # C (meter): dated by composerData.createdAt
    assert by[C].calls[1].ts_ms == 1_792_000_000_000
    # a request no bubble names: at the store's modification time
    assert by["req-orphan"].calls[0].ts_ms == DB_MTIME * 1000


def test_totals(home):
    # 0.9.20 (on the store without its malformed row, which empties its whole report): 9 calls,
    # 5 sessions, input 6244, output 439. The malformed row is skipped here, the rest unchanged.
    sessions, _ = read_all(cursor, {}, home)
    assert totals(sessions) == {"calls": 9, "input": 6244, "output": 439, "cache_read": 0, "cache_write": 0,
                                "reasoning": 0}


def test_workspace_labels():
    assert cursor.workspace_label("file:///Users/me/my%20proj") == "-Users-me-my proj"
    assert cursor.workspace_label("vscode-remote://wsl+Ubuntu/home/me/proj") == "-wsl-Ubuntu-home-me-proj"
    assert cursor.workspace_label("file:///a/%zz//b") == "-a-%zz-b"


def test_time_floor_rolls_over_like_javascript(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    import time as _time
    _time.tzset()
    try:
        assert cursor.time_floor(1_795_996_800) == "2026-05-30T00:00:00.000Z"   # 2026-11-30 -> May 30
        assert cursor.time_floor(1_787_961_600) == "2026-03-01T00:00:00.000Z"   # 2026-08-29 -> "Feb 29" = Mar 1
    finally:
        monkeypatch.undo()
        _time.tzset()


def test_fast_and_general_decoders_agree():
    from codeburn._fast.reader import CursorBubbles

    fast = CursorBubbles()
    for key, value in rows():
        if key.startswith("bubbleId:") and value.startswith("{\"_v\""):
            raw = value.encode()
            assert cursor.decode_bubble(1, key, raw, fast) == cursor.decode_bubble(1, key, raw)
    odd = json.dumps({"type": 2, "text": "é" * 600, "modelInfo": {"modelName": 5}}).encode()
    assert fast.decode(odd, 500) is None                         # a number for a name: the general path
    assert cursor.decode_bubble(1, "k", odd, fast).text == "é" * 500


@pytest.mark.parametrize("content, reason", [
    (b"SQLite format 3\x00" + b"\x00" * 84, "not a SQLite database"),
    (b"garbage" * 100, "not a SQLite database"),
])
def test_unreadable_store(tmp_path, content, reason):
    path = tmp_path / ".config" / "Cursor" / "User" / "globalStorage" / "state.vscdb"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    sessions, log = read_all(cursor, {}, str(tmp_path))
    assert sessions == [] and log.unreadable == [(str(path), reason)]


def test_unknown_schema(tmp_path):
    path = make_db(str(tmp_path / ".config" / "Cursor" / "User" / "globalStorage" / "state.vscdb"),
                   "CREATE TABLE ItemTable (key TEXT, value BLOB);", {})
    sessions, log = read_all(cursor, {}, str(tmp_path))
    assert log.unreadable == [(path, "unknown schema (no table cursorDiskKV)")]


@pytest.mark.parametrize("direct", [True, False])
def test_truncated_store(tmp_path, monkeypatch, direct):
    monkeypatch.setattr(cursor, "DIRECT", direct)    # the page reader refuses it first (tests/test_cursor_pages.py)
    build(str(tmp_path))
    path = tmp_path / ".config" / "Cursor" / "User" / "globalStorage" / "state.vscdb"
    conn = sqlite3.connect(path)
    conn.executemany("INSERT INTO cursorDiskKV VALUES (?, ?)",
                     [bubble(A, 100 + i, 2, 50, "t" * 3000, model="gpt-5") for i in range(200)])
    conn.commit()
    conn.close()
    with open(path, "r+b") as f:
        f.truncate(os.path.getsize(path) // 2)
    sessions, log = read_all(cursor, {}, str(tmp_path))
    assert log.unreadable == [(str(path), "truncated or corrupt database")]


def test_sniff(home):
    path = os.path.join(home, ".config", "Cursor", "User", "globalStorage", "state.vscdb")
    with open(path, "rb") as f:
        assert cursor.sniff(path, f.read(65536))
    assert not cursor.sniff(path, b"SQLite format 3\x00" + b"\x00" * 100)


def build_parity(home):
    build(home, malformed=False)


def test_fast_decoder_on_broken_values():
    """tests/fuzz/mutate_cursor.py, briefly: broken bubble values never fail
    the C++ decoder, and what both decoders accept they read alike."""
    import importlib.util
    import random

    spec = importlib.util.spec_from_file_location(
        "mutate_cursor", os.path.join(os.path.dirname(__file__), "fuzz", "mutate_cursor.py"))
    fuzz = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fuzz)
    from codeburn._fast.reader import CursorBubbles

    rng, fast = random.Random(7), CursorBubbles()
    taken = sum(fuzz.check(fuzz.mutate(rng), fast, cursor.decode_bubble) for _ in range(1500))
    assert 300 < taken < 1500


def _general(key, value):
    """The row made to go the Python way: a field the compiled reader reads
    given twice (JSON readers disagree on which wins, so it refuses them);
    both copies hold the same value, so the row means the same."""
    if not isinstance(value, str) or not value.startswith("{") or value == "{not json":
        return key, value
    doc = json.loads(value)
    field = "type" if key.startswith("bubbleId:") else "role"
    if field not in doc:
        return key, value
    return key, "{" + json.dumps(field) + ":" + json.dumps(doc[field]) + "," + value[1:]


AGENT_VARIANTS = [
    # content strings holding JSON blocks (leading white space: the Python way), a bare block object,
    # a number, and a request id that is not a string
    agent(20, "user", json.dumps([{"type": "text", "text": "docs again"}]), request="req-d"),
    agent(21, "assistant", " " + json.dumps([{"type": "text", "text": "fine"},
                                             {"type": "tool-call", "toolName": "Shell", "args": {"command": "make"}}])),
    agent(22, "assistant", json.dumps([{"type": "tool-call", "toolName": "Shell", "args": {"command": "make docs"}}])),
    agent(23, "tool", {"type": "tool-result", "content": "built"}),
    agent(24, "tool", 12345),
    ("agentKv:blob:0019", json.dumps({"role": "user", "content": "n", "providerOptions": {"cursor": {"requestId": 7}}})),
    agent(26, "user", "\u2003[not blocks]", request="req-d"),
]


@pytest.mark.parametrize("variants", [False, True])
def test_compiled_and_python_paths_read_alike(tmp_path, variants):
    """Every row the compiled reader takes, decoded the Python way instead,
    gives the same sessions: calls, prompts, tools and times."""
    extra = AGENT_VARIANTS if variants else []
    homes = []
    for name, shape in (("fast", lambda k, v: (k, v)), ("general", _general)):
        home = str(tmp_path / name)
        build(home)
        db = os.path.join(home, ".config", "Cursor", "User", "globalStorage", "state.vscdb")
        conn = sqlite3.connect(db)
        conn.execute("DELETE FROM cursorDiskKV")
        conn.executemany("INSERT INTO cursorDiskKV VALUES (?, ?)", [shape(k, v) for k, v in rows() + extra])
        conn.commit()
        conn.close()
        os.utime(db, (DB_MTIME, DB_MTIME))
        homes.append(home)
    (fast, flog), (general, glog) = (read_all(cursor, {}, h) for h in homes)
    assert [(s.session_id, s.project, s.calls) for s in fast] == [(s.session_id, s.project, s.calls) for s in general]
    assert flog.counts.keys() == glog.counts.keys() and len(fast) == (6 if variants else 5)  # "7": a request of its own
    if variants:   # the held rows and the extra ones move req-d's stream: D's input grows
        assert calls_of(fast)[D][1][2] > 32


def test_broken_tape_is_refused():
    """A records tape cut short (a damaged cache entry that passed its
    digest cannot be, but the replay checks anyway) feeds what is whole
    and says the rest is not."""
    from codeburn._fast.reader import CursorReader, replay_tape
    from codeburn.classify import ruleset
    from codeburn.read.scan import make_scanner

    reader = CursorReader("2026-01-01T00:00:00.000Z", "cursor", 0)
    reader.add_bubble(f"bubbleId:{A}:b1", 1, True, False, 0.0, False, 0.0, 0, "", 2, ts(0), "", True, "hello", 5, [])
    reader.add_bubble(f"bubbleId:{A}:b2", 2, False, False, 0.0, False, 0.0, 2, "gpt-5", 2, ts(1), "", True, "x" * 9,
                      9, ["python"])
    reader.finish()
    tape = reader.take_tape()
    rules = ruleset.load(ruleset.rules_dir(os.environ))
    sessions, stats, whole = replay_tape(make_scanner(rules), tape, 0, {})
    assert whole and sessions == [(A, "cursor", 1)] and stats["calls"] == 2   # order: the first call's ROWID
    for cut in (1, 9, len(tape) // 2, len(tape) - 1):
        _, _, whole = replay_tape(make_scanner(rules), tape[:cut], 0, {})
        assert not whole
    _, _, whole = replay_tape(make_scanner(rules), b"X" + tape, 0, {})
    assert not whole


def test_straight_from_sqlite_and_through_python_read_alike(tmp_path, monkeypatch):
    """The rows read from the store's own pages, fetched by the reader itself
    (SQLite's C API, where the build has it) or in batches through Python's
    sqlite3 give the same sessions, skips included."""
    home = str(tmp_path / "home")
    build(home)
    db = os.path.join(home, ".config", "Cursor", "User", "globalStorage", "state.vscdb")
    conn = sqlite3.connect(db)
    conn.executemany("INSERT INTO cursorDiskKV VALUES (?, ?)", [_general(k, v) for k, v in AGENT_VARIANTS])
    conn.executemany("INSERT INTO cursorDiskKV VALUES (?, ?)",
                     [(f"bubbleId:{B}:b9{i}".encode() + b"\xff", json.dumps({"type": 1, "text": "raw key"}))
                      for i in range(2)] + [(f"bubbleId:{B}:c{i}", None) for i in range(2)])
    conn.commit()
    conn.close()
    os.utime(db, (DB_MTIME, DB_MTIME))
    got = {}
    for pages, direct in ((True, True), (False, True), (False, False)):
        monkeypatch.setattr(cursor, "PAGES", pages)
        monkeypatch.setattr(cursor, "DIRECT", direct)
        sessions, log = read_all(cursor, {}, home)
        got[pages, direct] = ([(s.session_id, s.project, s.calls) for s in sessions], log.counts, log.unreadable)
        assert cursor.LAST_READ["path"] == ("pages" if pages else "sqlite")
    assert got[True, True] == got[False, True] == got[False, False]
    assert got[True, True][1]["bad_record"][0] == 3      # the malformed row and the two NULL values


@pytest.mark.parametrize("pages, direct", [(True, True), (False, True), (False, False)])
def test_many_small_tapes_read_alike(tmp_path, monkeypatch, pages, direct):
    """The store read a few rows at a time (each tape handed through the
    reader's thread on its own) gives the same sessions as in one go."""
    home = str(tmp_path)
    build(home)
    monkeypatch.setattr(cursor, "PAGES", pages)
    monkeypatch.setattr(cursor, "DIRECT", direct)
    whole = read_all(cursor, {}, home)
    monkeypatch.setattr(cursor, "TAPE_CHUNK", 1)
    monkeypatch.setattr(cursor, "BATCH", 1)
    chunked = read_all(cursor, {}, home)
    assert [(s.session_id, s.calls) for s in chunked[0]] == [(s.session_id, s.calls) for s in whole[0]]
    assert chunked[1].counts == whole[1].counts and len(whole[0]) > 1
    monkeypatch.setattr(prefetch, "spare_core", lambda: False)    # one CPU: read in the caller's thread
    inline = read_all(cursor, {}, home)
    assert [(s.session_id, s.calls) for s in inline[0]] == [(s.session_id, s.calls) for s in whole[0]]


ROUNDS = 40


def test_store_reader_on_broken_rows():
    """Broken agent and bubble values (bytes flipped, cut, duplicated) never
    fail the compiled store reader: each is read, handed back for the Python
    way, or skipped, and the tape it writes always reads back."""
    import random

    from codeburn._fast.reader import CursorReader
    from codeburn.providers.records import tape_sessions

    rng = random.Random(11)
    base = [(k.encode(), v.encode() if isinstance(v, str) else v) for k, v in rows() + AGENT_VARIANTS]

    def mutate(b: bytes) -> bytes:
        b = bytearray(b)
        for _ in range(rng.randint(1, 4)):
            op, i = rng.randrange(4), rng.randrange(len(b) + 1)
            if op == 0 and b:
                b[min(i, len(b) - 1)] = rng.randrange(256)
            elif op == 1:
                del b[i:i + rng.randint(1, 8)]
            elif op == 2:
                b[i:i] = bytes(rng.choice(b'{}[]":,\\\\ ') for _ in range(rng.randint(1, 3)))
            else:
                b = b[:i]
        return bytes(b)

    handed_back = 0
    for round_ in range(ROUNDS):
        reader = CursorReader("2026-01-01T00:00:00.000Z", "cursor", 0)
        agents = [(n, mutate(v)) for n, (k, v) in enumerate(base) if k.startswith(b"agentKv:")]
        handed_back += len(reader.feed_agents(agents))
        reader.settle_streams()
        bubbles = sorted((mutate(k) if rng.random() < 0.1 else k, n, mutate(v))
                         for n, (k, v) in enumerate(base) if k.startswith(b"bubbleId:") and isinstance(v, bytes))
        i = reader.feed_bubbles(bubbles)
        while i < len(bubbles):
            handed_back += 1
            i = reader.feed_bubbles(bubbles, i + 1)
        reader.finish()
        list(tape_sessions(reader.take_tape()))
    assert handed_back > 100


@pytest.mark.parametrize("direct", [True, False])
def test_locked_store_is_read_without_waiting(tmp_path, monkeypatch, direct):
    """A store another process holds an exclusive lock on (a running IDE in
    the middle of a write) is read at once, as last committed: immutable
    connections take no locks, so nothing waits and nothing is blocked."""
    import time

    monkeypatch.setattr(cursor, "DIRECT", direct)
    home = str(tmp_path)
    build(home)
    expected = calls_of(read_all(cursor, {}, home)[0])
    db = os.path.join(home, ".config", "Cursor", "User", "globalStorage", "state.vscdb")
    writer = sqlite3.connect(db, isolation_level=None, timeout=0)
    try:
        writer.execute("PRAGMA journal_mode=DELETE")
        writer.execute("BEGIN EXCLUSIVE")
        writer.execute("INSERT INTO cursorDiskKV VALUES (?, ?)", bubble(A, 99, 2, 5, "not committed", model="gpt-5"))
        t0 = time.monotonic()
        sessions, log = read_all(cursor, {}, home)
        assert time.monotonic() - t0 < 5
        assert calls_of(sessions) == expected and not log.unreadable
    finally:
        writer.execute("ROLLBACK")
        writer.close()


# ---- the order the reference lists a store's conversations in -----------------------

# 0.9.20's topSessions on that store: by cost, ssss before qqqq (a tie: ROWID order; key order has qqqq first)
REF_TOP_SESSIONS = ["tttt", "ssss", "qqqq", "rrrr", "req-z"]


def order_rows():
    """Rows in ROWID order: a metered conversation whose bubbles make no
    call comes first, then conversations whose keys sort otherwise than
    their first bubbles were written, then a request no bubble names."""
    q, r, s, t = ("qqqq", "rrrr", "ssss", "tttt")
    return [
        bubble(t, 1, 1, 0, "a metered prompt"),                 # meter: its user bubble adds no input
        bubble(t, 2, 2, 1, "", model="gpt-5"),                   # no reply text: no call
        bubble(s, 1, 1, 2, "x" * 40),
        bubble(s, 2, 2, 3, "y" * 400, model="default"),
        bubble(r, 1, 1, 4, "x" * 40),
        bubble(q, 1, 1, 5, "x" * 40),
        bubble(q, 2, 2, 6, "y" * 400, model="claude-4.5-sonnet"),
        bubble(r, 2, 2, 7, "y" * 40, model="gpt-5"),
        ("composerData:" + t, json.dumps({"composerId": t, "contextTokensUsed": 3000})),
        agent(1, "user", "an orphan request", request="req-z"),
        agent(2, "assistant", [{"type": "text", "text": "q" * 20}], model="gpt-5"),
    ]


@pytest.mark.parametrize("pages", [True, False])
def test_conversations_are_listed_in_rowid_order(tmp_path, monkeypatch, pages):
    """0.9.20 lists a store's conversations as their first call comes in
    ROWID order (bubble calls first, then meter records, then requests no
    bubble names), not in key order: `sessions`, and whatever is met first
    in that walk (topSessions' ties, the raw id naming a models row).
    Read from the store's pages and through SQLite, cold and kept."""
    from tests.provider_files import cli_json

    monkeypatch.setattr(cursor, "PAGES", pages)
    monkeypatch.setenv("CODEBURN_CACHE_DIR", str(tmp_path / "cache"))
    home = str(tmp_path / "home")
    db = make_db(os.path.join(home, ".config", "Cursor", "User", "globalStorage", "state.vscdb"), KV,
                 {"cursorDiskKV": order_rows()})
    os.utime(db, (DB_MTIME, DB_MTIME))
    for _ in range(2):
        listed = cli_json(home, "sessions", "--format", "json", "-p", "all")
        assert [row["sessionId"] for row in listed] == ["ssss", "rrrr", "qqqq", "tttt", "req-z"]
        d = cli_json(home, "report", "--format", "json", "-p", "all", "--provider", "cursor")
        assert [s["sessionId"] for s in d["topSessions"]] == REF_TOP_SESSIONS


def test_tools_of_one_bubble_are_one_step(tmp_path, monkeypatch):
    """A reply with a code block (cursor:edit) whose agent stream ran the
    tests and edited again is one call: the reference reads its tools as
    one step (no toolSequence, spec classifier §2.2), so no retry and a
    one-shot edit turn. 0.9.20 on this store: 1 edit turn, 1 one-shot."""
    from tests.provider_files import cli_json

    monkeypatch.setenv("CODEBURN_CACHE_DIR", str(tmp_path / "cache"))
    home = str(tmp_path / "home")
    make_db(os.path.join(home, ".config", "Cursor", "User", "globalStorage", "state.vscdb"), KV, {"cursorDiskKV": [
        bubble(A, 1, 1, 0, ""),
        bubble(A, 2, 2, 1, "fixed it", model="gpt-5", tokens=(900, 120), request="req-1", code=("python",)),
        agent(1, "user", "fix the failing login test", request="req-1"),
        agent(2, "assistant", [{"type": "tool-call", "toolName": "Shell", "args": {"command": "npm test"}},
                               {"type": "tool-call", "toolName": "Edit", "args": {"path": "a.py"}}])]})
    d = cli_json(home, "report", "--format", "json", "-p", "all", "--provider", "cursor")
    assert [(m["name"], m["calls"], m["editTurns"], m["oneShotTurns"], m["retriesPerEdit"]) for m in d["models"]] \
        == [("GPT-5", 1, 1, 1, 0)]


def test_tool_ties_follow_the_listed_order(tmp_path, monkeypatch):
    """Tools (and shell commands) with equal counts are listed in the order
    the reference meets them, conversations in ROWID order: `ssss`'s rust
    block before `qqqq`'s python one (key order would put python first).
    0.9.20 on this store: cursor:edit 2, lang:rust 1, lang:python 1."""
    from tests.provider_files import cli_json

    monkeypatch.setenv("CODEBURN_CACHE_DIR", str(tmp_path / "cache"))
    home = str(tmp_path / "home")
    make_db(os.path.join(home, ".config", "Cursor", "User", "globalStorage", "state.vscdb"), KV, {"cursorDiskKV": [
        bubble("ssss", 1, 2, 0, "r" * 40, model="gpt-5", code=("rust",)),
        bubble("qqqq", 1, 2, 1, "p" * 40, model="gpt-5", code=("python",))]})
    d = cli_json(home, "report", "--format", "json", "-p", "all", "--provider", "cursor")
    assert [(t["name"], t["calls"]) for t in d["tools"]] == [("cursor:edit", 2), ("lang:rust", 1), ("lang:python", 1)]
