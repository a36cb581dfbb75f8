"""Day and period faults found by fixtures written apart from ours
(fourteenth-session probe of zones and periods), each checked against
CodeBurn 0.9.20 on the same shapes: its day history holds a year of whole
days before today and today until now, and its menubar takes the headline
from those days and the lists from its parse of the period. NOW is
2026-03-05 12:00 UTC (tests/conftest.py)."""
from __future__ import annotations

import json

from tests.conftest import assistant_line, usage, user_line


def turn(history, project: str, sid: str, prompt_at: str, call_at: str, msg: str, tokens=(1000, 100),
         tool=("Bash", {"command": "ls"})):
    cwd = f"/home/dev/{project}"
    return [user_line("fix the failing test", ts=prompt_at, cwd=cwd, session=sid),
            assistant_line(msg, ts=call_at, usage=usage(*tokens), cwd=cwd, session=sid, tools=[tool])]


def write(history, project: str, sid: str, records: list) -> None:
    history.write(f"-home-dev-{project}", f"{sid}.jsonl", records)


def ahead_today(history) -> None:
    """One call ten minutes ago, one stamped 50 minutes from now (a skewed
    clock, a zone-less time west of UTC), one yesterday."""
    write(history, "alpha", "s1", turn(history, "alpha", "s1", "2026-03-05T11:49:00Z", "2026-03-05T11:50:00Z", "m1")
          + turn(history, "alpha", "s1", "2026-03-05T12:49:00Z", "2026-03-05T12:50:00Z", "m2")
          + turn(history, "alpha", "s1", "2026-03-04T09:00:00Z", "2026-03-04T09:00:10Z", "m0"))


def test_one_tools_status_month_ends_now(run, history):
    """`status --provider X`: its month takes today from the all-tool parse
    of today, which ends now (month calls 2 -> 1, as today's)."""
    ahead_today(history)
    one = json.loads(run("status", "--format", "json", "--provider", "claude").stdout)
    assert (one["today"]["calls"], one["month"]["calls"]) == (1, 2)   # yesterday's and the one before now
    every = json.loads(run("status", "--format", "json").stdout)
    assert (every["today"]["calls"], every["month"]["calls"]) == (1, 3)


def test_menubar_past_day_history_today_ends_now(run, history):
    """--day yesterday: the day history's today row comes from a read of
    today that ends now (2 calls -> 1)."""
    ahead_today(history)
    doc = json.loads(run("status", "--format", "menubar-json", "--day", "yesterday").stdout)
    assert [(d["date"], d["calls"]) for d in doc["history"]["daily"]] == [("2026-03-04", 1), ("2026-03-05", 1)]
    assert doc["current"]["calls"] == 1


def test_filtered_report_lists_no_day_outside_the_day_history(run, history):
    """--project narrows a lifetime report: the $0 rows of other projects'
    days are its day history's only, not a day more than a year back."""
    write(history, "alpha", "a1", turn(history, "alpha", "a1", "2026-03-03T09:00:00Z", "2026-03-03T09:00:10Z", "m1"))
    write(history, "beta", "b1", turn(history, "beta", "b1", "2025-01-10T09:00:00Z", "2025-01-10T09:00:10Z", "m2")
          + turn(history, "beta", "b1", "2026-03-02T09:00:00Z", "2026-03-02T09:00:10Z", "m3"))
    doc = run("report", "--format", "json", "-p", "lifetime", "--project", "alpha").json
    assert [(d["date"], d["calls"]) for d in doc["daily"]] == [("2026-03-02", 0), ("2026-03-03", 1)]


def test_menubar_lifetime_lists_from_the_parse_projects_from_the_days(run, history):
    """A session wholly before the day history (2025-01-10): the lifetime
    headline and topProjects' cost leave it out (day totals), its tools
    count (the parse's lists)."""
    write(history, "beta", "b0", turn(history, "beta", "b0", "2025-01-10T09:00:00Z", "2025-01-10T09:00:10Z", "m1"))
    write(history, "beta", "b1", turn(history, "beta", "b1", "2026-03-02T09:00:00Z", "2026-03-02T09:00:10Z", "m2"))
    doc = json.loads(run("status", "--format", "menubar-json", "--period", "lifetime").stdout)
    cur = doc["current"]
    one_call = 1000 * 3e-6 + 100 * 15e-6
    assert cur["calls"] == 1 and abs(cur["cost"] - one_call) < 1e-12
    assert [(p["name"], round(p["cost"], 9)) for p in cur["topProjects"]] == [("beta", round(one_call, 9))]
    assert cur["tools"] == [{"name": "Bash", "calls": 2}]


# Optimize and text faults of the probe of current Claude Code records.

def read_line(sid: str, at: str, msg: str, tool_id: str, path: str) -> dict:
    rec = assistant_line(msg, ts=at, usage=usage(10, 20), cwd="/home/dev/web", session=sid,
                         tools=[("Read", {"file_path": path})])
    rec["message"]["content"][0]["id"] = tool_id
    return rec


def test_build_folders_of_equal_reads_are_named_as_the_scan_meets_them(run, history):
    """A streamed message's first record reads .next/, its last src/ (the
    call row): 0.9.20 meets .next/ there, before dist/ (ties keep that
    order); it was named after dist/."""
    sid = "aaaaaaaa-0000-4000-8000-000000000001"
    write(history, "web", sid, [
        user_line("look at the build output", ts="2026-03-05T10:10:00.000Z", cwd="/home/dev/web", session=sid),
        read_line(sid, "2026-03-05T10:10:01.000Z", "msg_A", "toolu_1", "/home/dev/web/.next/server/app.js"),
        read_line(sid, "2026-03-05T10:10:01.300Z", "msg_A", "toolu_2", "/home/dev/web/src/app.ts"),
        read_line(sid, "2026-03-05T10:10:05.000Z", "msg_B", "toolu_3", "/home/dev/web/dist/main.js"),
        read_line(sid, "2026-03-05T10:10:09.000Z", "msg_C", "toolu_4", "/home/dev/web/node_modules/a/index.js"),
        read_line(sid, "2026-03-05T10:10:12.000Z", "msg_D", "toolu_5", "/home/dev/web/node_modules/b/index.js")])
    found = {f["id"]: f for f in run("optimize", "--format", "json", "-p", "all").json["findings"]}
    f = found["build-folder-reads"]
    assert f["explanation"].startswith("Claude read into node_modules/ (2x), .next/ (1x), dist/ (1x) (4 reads).")
    assert f["fix"]["text"].endswith(": node_modules, .next, dist, .git, __pycache__.")


def test_an_import_after_a_carriage_return_is_expanded(tmp_path):
    """JavaScript's /^@…/gm starts a line after \\r, U+2028 and U+2029 too,
    and its \\s is JavaScript's white space (U+0085 is none, U+FEFF is)."""
    from codeburn.optimize.localconfig import IMPORT_RE

    text = "- rule\r@./more.md\r\u2028@/abs/x.md\u0085y\n@./z.md\ufeffw"
    assert [m[1] for m in IMPORT_RE.finditer(text)] == ["./more.md", "/abs/x.md\u0085y", "./z.md"]


def test_titles_are_trimmed_as_javascript_trims(run, history):
    """An ai-title with a leading U+FEFF loses it; U+001C-U+001F and U+0085
    stay (Python's strip did the opposite)."""
    for i, title in enumerate(["\ufeffBOM title", "\x85NEL title\x1f"]):
        sid = f"7a7a0000-0000-4000-8000-{i:012d}"
        write(history, "t", sid, [user_line("explain the code", ts="2026-03-05T10:00:00Z", cwd="/home/dev/t",
                                            session=sid),
                                  {"type": "ai-title", "aiTitle": title, "sessionId": sid},
                                  assistant_line(f"m{i}", ts="2026-03-05T10:00:05Z", usage=usage(10 + i, 20),
                                                 cwd="/home/dev/t", session=sid)])
    rows = run("sessions", "--format", "json", "-p", "today").json
    assert sorted(r["title"] for r in rows) == ["BOM title", "\x85NEL title\x1f"]


def test_optimize_reads_config_in_every_folder_the_records_name(run, history, tmp_path):
    """A session that cds into a package names it on its later records:
    0.9.20 reads .mcp.json, settings and CLAUDE.md there too (its unused
    server and its 301-line CLAUDE.md); they were read at the session's
    first folder only."""
    import os

    repo = tmp_path / "repo"
    web = repo / "packages" / "web"
    web.mkdir(parents=True)
    (repo / ".mcp.json").write_text('{"mcpServers":{"rootsrv":{"command":"x"}}}')
    (web / ".mcp.json").write_text('{"mcpServers":{"websrv":{"command":"y"}}}')
    (web / "CLAUDE.md").write_text("".join(f"- web rule {i}\n" for i in range(1, 301)))
    old = 1_767_225_600   # 2026-01-01: past the new-config grace
    for p in (repo / ".mcp.json", web / ".mcp.json", web / "CLAUDE.md"):
        os.utime(p, (old, old))
    sid = "3c3c0000-0000-4000-8000-000000000001"
    write(history, "repo", sid, [
        user_line("cd into the web package and fix the bug", ts="2026-03-05T10:00:01Z", cwd=str(repo), session=sid),
        assistant_line("msg_1", ts="2026-03-05T10:00:02Z", usage=usage(10, 5), cwd=str(repo), session=sid),
        user_line("now run the tests", ts="2026-03-05T10:00:03Z", cwd=str(web), session=sid),
        assistant_line("msg_2", ts="2026-03-05T10:00:04Z", usage=usage(10, 5), cwd=str(web), session=sid)])
    found = {f["id"]: f for f in run("optimize", "--format", "json", "-p", "all").json["findings"]}
    assert found["unused-mcp"]["explanation"].startswith("Never called in this period: rootsrv, websrv.")
    assert found["claude-md-too-long"]["explanation"].startswith(f"{web}/CLAUDE.md (301 lines).")


def test_a_long_user_line_takes_input_text_blocks(run, history):
    """A user line over 32 KiB is read as 0.9.20's field scanner reads it,
    which takes `input_text` blocks as text too: the prompt opens its
    turn (its call and edit were the turn before's)."""
    sid = "s-big"
    big = user_line(None, ts="2026-03-05T10:01:00Z", cwd="/home/dev/app", session=sid,
                    content=[{"type": "input_text", "text": "fix it " + "w" * 33_000}])
    write(history, "app", sid, [
        user_line("explain this", ts="2026-03-05T10:00:00Z", cwd="/home/dev/app", session=sid),
        assistant_line("m1", ts="2026-03-05T10:00:05Z", usage=usage(100, 10), cwd="/home/dev/app", session=sid),
        big,
        assistant_line("m2", ts="2026-03-05T10:01:05Z", usage=usage(100, 10), cwd="/home/dev/app", session=sid,
                       tools=[("Edit", {"file_path": "/home/dev/app/a.py", "old_string": "a", "new_string": "b"})])])
    doc = run("report", "--format", "json", "-p", "today").json
    assert sorted((a["category"], a["turns"], a["editTurns"]) for a in doc["activities"]) == [
        ("Debugging", 1, 1), ("Exploration", 1, 0)]


def test_optimize_passes_over_a_file_last_written_before_the_period(run, history):
    """0.9.20's session scan skips a transcript whose mtime is before the
    period (isFileStaleForRange), whatever its records' times: twelve edits
    and no read fire read-edit-ratio only while the file's mtime is recent."""
    import os

    sid = "5e5e0000-0000-4000-8000-000000000001"
    recs = [user_line("update the handlers", ts="2026-03-05T10:00:00Z", cwd="/home/dev/app", session=sid)]
    for i in range(12):
        recs.append(assistant_line(f"e{i}", ts=f"2026-03-05T10:{i + 1:02d}:00Z", usage=usage(10, 5),
                                   cwd="/home/dev/app", session=sid,
                                   tools=[("Edit", {"file_path": f"/home/dev/app/h{i}.py", "old_string": "a",
                                                    "new_string": "b"})]))
    path = history.write("-home-dev-app", f"{sid}.jsonl", recs)
    os.utime(path, (1_772_700_000, 1_772_700_000))   # 2026-03-05 08:40 UTC
    ids = lambda: {f["id"] for f in run("optimize", "--format", "json", "-p", "all").json["findings"]}  # noqa: E731
    assert "read-edit-ratio" in ids()
    os.utime(path, (1_704_067_200, 1_704_067_200))   # 2024-01-01
    assert "read-edit-ratio" not in ids()


def test_menubar_past_day_lists_providers_in_the_day_historys_order(run, history, tmp_path):
    """A past day's providers come in the order 0.9.20's day entry holds
    them: its backfill walked projects by their cost over the whole day
    history (Codex's beta, costlier over the history) though Claude spent
    more that day; they were ranked by the day's own cost."""
    write(history, "alpha", "s1", turn(history, "alpha", "s1", "2026-02-28T12:00:00Z", "2026-02-28T12:00:05Z", "m1",
                                       tokens=(100_000, 50)))
    codex = tmp_path / "codex"
    for i, (day, n) in enumerate((("28", 1000), ("02", 2_000_000))):
        month = "02" if day == "28" else "03"
        d = codex / "sessions" / "2026" / month / day
        d.mkdir(parents=True)
        at = f"2026-{month}-{day}T12:00:00.000Z"
        tot = {"input_tokens": n, "cached_input_tokens": 0, "output_tokens": 10, "reasoning_output_tokens": 0,
               "total_tokens": n + 10}
        recs = [{"timestamp": at, "type": "session_meta", "payload": {"id": f"x{i}", "cwd": "/home/dev/beta"}},
                {"timestamp": at, "type": "turn_context", "payload": {"model": "gpt-5"}},
                {"timestamp": at, "type": "event_msg", "payload": {"type": "token_count", "info": {
                    "total_token_usage": tot, "last_token_usage": tot}}}]
        (d / f"rollout-x{i}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs))
    doc = json.loads(run("status", "--format", "menubar-json", "--day", "2026-02-28", "--no-optimize",
                         "--no-timeline", env={"CODEX_HOME": str(codex)}).stdout)
    assert [p["id"] for p in doc["current"]["providerDetails"]] == ["codex", "claude"]
    assert list(doc["current"]["providers"]) == ["codex", "claude"]


def test_a_day_the_zone_skipped_is_no_timeline_point(run, history):
    """Kiritimati skipped 1994-12-31: the lifetime timeline had two points at
    1995-01-01's midnight (0.9.20 steps from day to day and has one); the
    calls either side stay on their own days."""
    write(history, "k", "s1",
          turn(history, "k", "s1", "1994-12-30T08:00:00Z", "1994-12-30T08:00:05Z", "m1")       # 12-29 22:00 local
          + turn(history, "k", "s1", "1994-12-31T11:00:00Z", "1994-12-31T11:00:05Z", "m2"))    # 1995-01-01 01:00
    doc = json.loads(run("status", "--format", "menubar-json", "--period", "lifetime", "--no-optimize",
                         env={"TZ": "Pacific/Kiritimati"}).stdout)
    points = doc["history"]["timeline"]["points"]
    stamps = [p["timestamp"] for p in points]
    assert len(stamps) == len(set(stamps))
    spent = [(p["timestamp"], p["tokens"]) for p in points if p["tokens"]]
    assert spent == [("1994-12-29T10:00:00.000Z", 1100), ("1994-12-31T10:00:00.000Z", 1100)]


def test_copilot_otel_turns_hide_cli_messages_with_the_store_too(tmp_path):
    """An OTel span's turn id marks `copilot:<conversation>:<turn>` as
    counted: 0.9.20 then drops the CLI message of that key whether or not
    ~/.copilot/session-store.db exists; with the store, ours counted it
    again (5 calls, $0.0215, where 0.9.20 has 3 calls, $0.0195)."""
    import sqlite3

    from tests.provider_files import cli_json

    home = tmp_path / "h"
    sid = "cli-otel-1"
    d = home / ".copilot" / "session-state" / sid
    d.mkdir(parents=True)
    (d / "workspace.yaml").write_text("cwd: /home/dev/app\n")
    t0 = 1_795_000_000   # 2026-11-18 08:26:40 UTC
    iso = lambda t: __import__("time").strftime("%Y-%m-%dT%H:%M:%S", __import__("time").gmtime(t)) + ".000Z"  # noqa
    lines = [{"type": "session.start", "timestamp": iso(t0), "data": {"selectedModel": "gpt-5"}}]
    lines += [{"type": "assistant.message", "timestamp": iso(t0 + 60 * i + 5), "data": {"messageId": f"m{i}",
                                                                                          "outputTokens": 100}}
              for i in range(3)]
    (d / "events.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    c = sqlite3.connect(home / ".copilot" / "session-store.db")
    c.executescript("CREATE TABLE sessions (id TEXT PRIMARY KEY, cwd TEXT, repository TEXT, created_at TEXT);"
                    "CREATE TABLE assistant_usage_events (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT, "
                    "model TEXT, input_tokens INTEGER, output_tokens INTEGER, cache_read_tokens INTEGER, "
                    "cache_write_tokens INTEGER, reasoning_tokens INTEGER, created_at TEXT)")
    c.commit()
    c.close()
    p = home / ".config" / "Code" / "User" / "globalStorage" / "github.copilot-chat"
    p.mkdir(parents=True)
    c = sqlite3.connect(p / "agent-traces.db")
    c.executescript("CREATE TABLE spans (span_id TEXT PRIMARY KEY, trace_id TEXT, operation_name TEXT, "
                    "start_time_ms INTEGER, response_model TEXT);"
                    "CREATE TABLE span_attributes (id INTEGER PRIMARY KEY AUTOINCREMENT, span_id TEXT, key TEXT, "
                    "value TEXT);")
    for k in range(2):
        c.execute("INSERT INTO spans VALUES (?,?,?,?,?)", (f"sp{k}", f"tr{k}", "chat", (t0 + 60 * k) * 1000, "gpt-5"))
        for key, val in (("gen_ai.conversation.id", sid), ("gen_ai.usage.input_tokens", "5000"),
                         ("gen_ai.usage.output_tokens", "300"), ("github.copilot.chat.turn.id", f"m{k}")):
            c.execute("INSERT INTO span_attributes (span_id, key, value) VALUES (?,?,?)", (f"sp{k}", key, val))
    c.commit()
    c.close()
    ov = cli_json(str(home), "report", "--format", "json", "-p", "all")["overview"]
    assert (ov["calls"], ov["tokens"]["output"], round(ov["cost"], 9)) == (3, 700, 0.0195)


def test_goose_built_ins_the_table_leaves_out_are_named_after_their_last_part(tmp_path):
    """`developer__analyze`, `computercontroller__web_scrape`: 0.9.20 names
    a Goose tool by the part after its last `__` unless the table maps it
    (spec §2.3); the two built-in extensions' other tools kept their full
    names here."""
    import os

    from codeburn.providers import goose
    from tests.records_util import make_db
    from tests.test_provider_goose_crush import GOOSE_DDL, goose_msg, goose_session, tool_request

    assert goose.tool_name("developer__analyze", {"developer__shell": "Bash"}) == "analyze"
    assert goose.tool_name("developer__shell", {"developer__shell": "Bash"}) == "developer__shell"
    home = str(tmp_path)
    make_db(os.path.join(home, ".local", "share", "goose", "sessions", "sessions.db"), GOOSE_DDL, {
        "sessions": [goose_session("s1", "/home/dev/shop", 1000, 100)],
        "messages": [goose_msg(1, "s1", "user", [{"type": "text", "text": "look at the page"}]),
                     goose_msg(2, "s1", "assistant", [tool_request("developer__analyze", path="/home/dev/shop"),
                                                      tool_request("computercontroller__web_scrape", url="x"),
                                                      tool_request("developer__text_editor", path="a.py")])]})
    from tests.provider_files import cli_json

    tools = cli_json(home, "report", "--format", "json", "-p", "all", "--provider", "goose",
                     now=__import__("datetime").datetime(2026, 10, 20, tzinfo=__import__("datetime").timezone.utc))
    assert sorted(t["name"] for t in tools["tools"]) == ["Edit", "analyze", "web_scrape"]


def test_copilot_residuals_keep_the_logs_time_and_the_rollups_model_order():
    """What a shutdown rollup counted beyond the store's rows keeps the
    log's spelling of its time (`…11Z`: sessions' endedAt compares the
    strings), and the models of one leg come in the rollup's order, as
    0.9.20 meets its legs (they were sorted by name)."""
    from codeburn.providers import copilot
    from codeburn.providers.records import Call

    parsed = copilot._Events()
    at = 1_795_000_011_000
    for model, tokens in (("o4-mini", 5500), ("claude-sonnet-4", 3000)):
        key = f"copilot:s:shutdown:{model}"
        parsed.calls.append(Call(at, model, input=tokens, key=key, raw_ts="2026-11-18T08:26:51Z"))
        parsed.compacted[key] = None

    class Row:
        def __init__(self, model):
            self.call = Call(at - 60_000, model, input=0, key=f"r-{model}")
            self.compaction, self.session_id = False, "s"

    calls = copilot._merge("s", parsed, [Row("claude-sonnet-4"), Row("o4-mini")])
    rest = [(c.model, c.input, c.raw_ts) for c in calls if c.key and ":shutdown-residual:" in c.key]
    assert rest == [("o4-mini", 5500, "2026-11-18T08:26:51Z"), ("claude-sonnet-4", 3000, "2026-11-18T08:26:51Z")]
