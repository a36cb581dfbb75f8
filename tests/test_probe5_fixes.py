"""Parity faults found by fixtures written apart from our generators
(thirteenth-session probes), each checked against CodeBurn 0.9.20 on the
same shapes: the expected values are 0.9.20's. NOW is 2026-03-05 12:00 UTC
(tests/conftest.py)."""
from __future__ import annotations

import json
import os

import pytest

from codeburn.providers import goose
from tests.records_util import make_db, write_json
from tests.test_provider_goose_crush import GOOSE_DDL, goose_session

DAY = 86_400_000
NOW_MS = 1_772_712_000_000   # 2026-03-05T12:00:00Z


def cline_task(home, ext: str, task_id: str, requests: list[tuple[int, int, int]], workspace="/srv/app",
               model="claude-sonnet-4-5", prompt=("refactor the auth module", None)):
    """A task folder of a Cline-family extension: a prompt (text, ms), then
    one api_req_started per (ms, tokens in, tokens out)."""
    root = os.path.join(home, ".config", "Code", "User", "globalStorage", ext, "tasks", task_id)
    text, at = prompt
    ui = [{"ts": at if at is not None else requests[0][0] - 60_000, "type": "say", "say": "text", "text": text}]
    ui += [{"ts": ts, "type": "say", "say": "api_req_started", "text": json.dumps({"tokensIn": tin, "tokensOut": tout})}
           for ts, tin, tout in requests]
    write_json(os.path.join(root, "ui_messages.json"), ui)
    env = f"<task>x</task>\n# Current Workspace Directory ({workspace}) Files\n<model>{model}</model>"
    write_json(os.path.join(root, "api_conversation_history.json"),
               [{"role": "user", "content": [{"type": "text", "text": env}]}])
    return os.path.join(root, "ui_messages.json")


CLINE, ROO = "saoudrizwan.claude-dev", "rooveterinaryinc.roo-cline"


def test_two_tools_sessions_of_one_id_in_one_project_stay_two(run, tmp_path):
    """A Cline task and a Roo Code task both named 1764000000000 in /srv/app:
    0.9.20 keys sessions by tool, id and project (two sessions, 1 call
    each); they were one session of 2 calls."""
    home = str(tmp_path / "home")
    cline_task(home, CLINE, "1764000000000", [(NOW_MS - 7_200_000, 1000, 100)])
    cline_task(home, ROO, "1764000000000", [(NOW_MS - 7_200_000, 3000, 100)])
    rows = run("sessions", "--format", "json", "-p", "all").json
    assert sorted((s["provider"], s["sessionId"], s["calls"], s["inputTokens"]) for s in rows) == [
        ("cline", "1764000000000", 1, 1000), ("roo-code", "1764000000000", 1, 3000)]
    doc = run("report", "--format", "json", "-p", "all").json
    assert doc["overview"]["sessions"] == 2
    assert [(p["name"], p["sessions"]) for p in doc["projects"]] == [("app", 2)]
    assert [t["calls"] for t in doc["topSessions"]] == [1, 1]


def test_cline_tasks_are_read_newest_first(run, tmp_path):
    """0.9.20 lists Cline's tasks by their ui_messages.json's mtime, newest
    first, and sessions of equal cost keep that order: 001, 003, 002 (they
    came by name)."""
    home = str(tmp_path / "home")
    for n, age in (("1700000000001", 1), ("1700000000002", 3), ("1700000000003", 2)):
        ui = cline_task(home, CLINE, n, [(NOW_MS - 3_600_000, 1000, 100)])
        t = (NOW_MS - age * 60_000) / 1000
        os.utime(ui, (t, t))
    rows = run("sessions", "--format", "json", "-p", "all").json
    assert [s["sessionId"] for s in rows] == ["1700000000001", "1700000000003", "1700000000002"]
    out = tmp_path / "exp.json"
    assert run("export", "-f", "json", "-o", str(out)).status == 0
    export = json.loads(out.read_text())
    assert [s["Session ID"] for s in export["sessions"]] == ["1700000000001", "1700000000003", "1700000000002"]


def test_export_files_each_cline_request_on_its_own_day(run, tmp_path):
    """A task prompted at 23:55, with requests at 23:58 and 00:05: 0.9.20
    makes each request a turn of its own, so export's daily tables have one
    call on each day (both were filed on the prompt's day)."""
    home = str(tmp_path / "home")
    midnight = NOW_MS - 12 * 3_600_000
    cline_task(home, CLINE, "1764000000000", [(midnight - 120_000, 1000, 100), (midnight + 300_000, 3000, 300)],
               prompt=("refactor the auth module", midnight - 300_000))
    out = tmp_path / "exp.json"
    assert run("export", "-f", "json", "-o", str(out)).status == 0
    export = json.loads(out.read_text())
    today, week, month = export["periods"]
    assert [(d["Date"], d["API Calls"], d["Input Tokens"]) for d in today["daily"]] == [("2026-03-05", 1, 3000)]
    for p in (week, month):
        assert [(d["Date"], d["API Calls"], d["Input Tokens"]) for d in p["daily"]] == [
            ("2026-03-04", 1, 1000), ("2026-03-05", 1, 3000)]
    doc = run("report", "--format", "json", "-p", "week").json
    assert [(d["date"], d["calls"]) for d in doc["daily"]] == [("2026-03-04", 1), ("2026-03-05", 1)]


def test_cline_model_tag_ending_in_a_slash_and_a_windows_workspace(run, tmp_path):
    """`<model>openrouter/</model>` names the model "" in 0.9.20 (priced at
    $0), not Cline (auto); a `c:\\…\\proj` workspace names the project whole
    (Node's POSIX basename)."""
    home = str(tmp_path / "home")
    cline_task(home, CLINE, "1764000000001", [(NOW_MS - 3_600_000, 1000, 100)], model="openrouter/",
               workspace="/srv/s")
    cline_task(home, CLINE, "1764000000002", [(NOW_MS - 3_600_000, 200, 20)], workspace="c:\\Users\\me\\proj")
    rows = run("sessions", "--format", "json", "-p", "all").json
    got = {s["sessionId"]: (s["project"], s["models"], s["cost"]) for s in rows}
    assert got["1764000000001"] == ("s", [""], 0)
    assert got["1764000000002"][:2] == ("c:\\Users\\me\\proj", ["Sonnet 4.5"])


def test_goose_times_as_javascript_reads_them(tmp_path):
    """`updated_at` as 0.9.20's `new Date(raw)` reads it: an INTEGER is epoch
    ms (seconds then land in January 1970), `… 02:57:58 UTC` and `… +0000`
    are read (they were dated at the store's mtime), a time too large for a
    Date falls back."""
    path = os.path.join(str(tmp_path), "sessions.db")
    rows = [goose_session("ms", "/w/a", 100, 10, updated=1_764_201_478_000),
            goose_session("s", "/w/a", 100, 10, updated=1_764_201_478),
            goose_session("utc", "/w/a", 100, 10, updated="2026-11-27 02:57:58.123456789 UTC"),
            goose_session("off", "/w/a", 100, 10, updated="2026-11-27 02:57:58 -0500"),
            goose_session("huge", "/w/a", 100, 10, updated=9e15)]
    make_db(path, GOOSE_DDL, {"sessions": rows, "messages": []})
    from codeburn.providers.base import Source
    from codeburn.providers.records import ReadLog

    got = {s.session_id: s.calls[0].ts_ms for s in goose.read(Source("goose", path, "goose", "sessions", "g"), ReadLog())}
    mtime = int(os.stat(path).st_mtime * 1000)
    assert got == {"ms": 1_764_201_478_000, "s": 1_764_201_478, "utc": 1_795_748_278_123,
                   "off": 1_795_766_278_000, "huge": mtime}


def test_claude_config_dirs_entries_are_trimmed(run, tmp_path):
    """`CLAUDE_CONFIG_DIRS=" A : B "` (spaces, a tab, a newline around the
    entries): 0.9.20 trims each entry and reads both dirs (2 calls); none
    were found. Entries that are all blank fall through to CLAUDE_CONFIG_DIR."""
    from tests.conftest import History, assistant_line, usage

    dirs = []
    for name, msg in (("cfgA", "m1"), ("cfgB", "m2")):
        h = History(str(tmp_path / name))
        h.write("-w-app", f"{msg}.jsonl", [assistant_line(msg, ts="2026-03-05T10:00:00.000Z", usage=usage(10, 10),
                                                          cwd="/w/app", session=msg)])
        dirs.append(h.root)
    for spelled in (f" {dirs[0]} : {dirs[1]} ", f"{dirs[0]}\t:{dirs[1]}\n"):
        doc = run("report", "--format", "json", "-p", "today", env={"CLAUDE_CONFIG_DIRS": spelled}).json
        assert doc["overview"]["calls"] == 2
    doc = run("report", "--format", "json", "-p", "today",
              env={"CLAUDE_CONFIG_DIRS": " : ", "CLAUDE_CONFIG_DIR": dirs[1]}).json
    assert doc["overview"]["calls"] == 1


def _midnight_history(history, with_day_turn: bool):
    """A turn prompted at 23:58 on 2026-03-03 whose two Edit calls ran after
    midnight (00:05, 00:06 on the 4th), and with `with_day_turn` a turn of its
    own on the 3rd (10:00, one Edit)."""
    from tests.conftest import assistant_line, user_line, usage

    sonnet = "claude-sonnet-4-5-20250929"
    if with_day_turn:
        history.write("-w-app", "s1.jsonl", [
            user_line("fix the login bug", ts="2026-03-03T10:00:00.000Z", cwd="/w/app", session="s1"),
            assistant_line("m1", ts="2026-03-03T10:00:05.000Z", model=sonnet, usage=usage(100, 50), cwd="/w/app",
                           session="s1", tools=[("Edit", {"file_path": "/w/app/a.py"})])])
    history.write("-w-app", "s2.jsonl", [
        user_line("add a dark mode toggle", ts="2026-03-03T23:58:00.000Z", cwd="/w/app", session="s2"),
        assistant_line("m2", ts="2026-03-04T00:05:00.000Z", model=sonnet, usage=usage(200, 80), cwd="/w/app",
                       session="s2", tools=[("Edit", {"file_path": "/w/app/b.py"})]),
        assistant_line("m3", ts="2026-03-04T00:06:00.000Z", model=sonnet, usage=usage(300, 90), cwd="/w/app",
                       session="s2", tools=[("Edit", {"file_path": "/w/app/b.py"})])])


def test_a_past_day_counts_a_turn_prompted_there_that_ran_past_midnight(run, history):
    """0.9.20's day history takes a turn with its calls before today: on a
    past --day, a turn prompted at 23:58 whose calls ran after midnight
    counts on its prompt's day (2 turns, 2 edit turns; it was 1), and the
    menubar's activities list it with those calls' cost (Feature Dev
    $0.00405 before Debugging $0.00105)."""
    _midnight_history(history, with_day_turn=True)
    doc = run("report", "--format", "json", "--day", "2026-03-03").json
    assert [(d["date"], d["calls"], d["turns"], d["editTurns"], d["oneShotTurns"], d["oneShotRate"])
            for d in doc["daily"]] == [("2026-03-03", 1, 2, 2, 2, 100)]
    assert [(a["category"], a["turns"]) for a in doc["activities"]] == [("Debugging", 1)]   # the period's own
    bar = run("status", "--format", "menubar-json", "--day", "2026-03-03").json["current"]
    assert [(a["name"], round(a["cost"], 8), a["turns"]) for a in bar["topActivities"]] == [
        ("Feature Dev", 0.00405, 1), ("Debugging", 0.00105, 1)]
    assert bar["cost"] == pytest.approx(0.00105)


def test_a_past_day_holding_only_such_a_prompt_has_a_row(run, history):
    """The day holds no call, only the prompt: 0.9.20 gives it a row of 0
    calls and 1 turn (there was none)."""
    _midnight_history(history, with_day_turn=False)
    doc = run("report", "--format", "json", "--day", "2026-03-03").json
    assert [(d["date"], d["calls"], d["cost"], d["turns"], d["editTurns"]) for d in doc["daily"]] == [
        ("2026-03-03", 0, 0, 1, 1)]
    assert doc["overview"]["calls"] == 0


def test_menubar_days_count_turns_on_the_days_listed(run, history):
    """--days counts a turn on the listed day its prompt came (0.9.20's day
    history): the turn prompted on the 3rd whose calls ran on the 4th counts
    for --days 4th,1st on none (it counted on the 4th), and for --days
    3rd,1st on the 3rd with its calls' cost."""
    _midnight_history(history, with_day_turn=True)
    bar = run("status", "--format", "menubar-json", "--days", "2026-03-04,2026-03-01").json["current"]
    assert (round(bar["cost"], 8), bar["oneShotRate"], bar["topActivities"]) == (0.00405, None, [])
    bar = run("status", "--format", "menubar-json", "--days", "2026-03-03,2026-03-01").json["current"]
    assert [(a["name"], round(a["cost"], 8), a["turns"]) for a in bar["topActivities"]] == [
        ("Feature Dev", 0.00405, 1), ("Debugging", 0.00105, 1)]
    assert round(bar["cost"], 8) == 0.00105


def test_menubar_days_with_today_count_a_turn_that_ran_into_today(run, history):
    """--days listing today: a turn prompted yesterday (not listed) at 23:55,
    one call yesterday, two after midnight, counts on today with today's
    calls' cost, as 0.9.20's read of today counts a turn cut at midnight
    (it counted nowhere); a turn prompted on a listed day counts there with
    the calls it ran on a day not listed."""
    from tests.conftest import assistant_line, user_line, usage

    sonnet = "claude-sonnet-4-5-20250929"
    history.write("-w-app", "s1.jsonl", [
        user_line("add a dark mode toggle", ts="2026-03-04T23:55:00.000Z", cwd="/w/app", session="s1"),
        assistant_line("m1", ts="2026-03-04T23:57:00.000Z", model=sonnet, usage=usage(100, 10), cwd="/w/app",
                       session="s1", tools=[("Edit", {"file_path": "/w/app/a.py"})]),
        assistant_line("m2", ts="2026-03-05T00:00:00.000Z", model=sonnet, usage=usage(200, 20), cwd="/w/app",
                       session="s1", tools=[("Bash", {"command": "npm test"})]),
        assistant_line("m3", ts="2026-03-05T00:01:00.000Z", model=sonnet, usage=usage(300, 30), cwd="/w/app",
                       session="s1", tools=[("Edit", {"file_path": "/w/app/a.py"})])])
    bar = run("status", "--format", "menubar-json", "--days", "2026-03-01,2026-03-05").json["current"]
    # today's calls: (200 + 300) x $3/M + (20 + 30) x $15/M
    assert [(a["name"], round(a["cost"], 8), a["turns"]) for a in bar["topActivities"]] == [
        ("Feature Dev", 0.00225, 1)]
    assert (round(bar["cost"], 8), bar["calls"]) == (0.00225, 2)
    bar = run("status", "--format", "menubar-json", "--days", "2026-03-04,2026-03-05").json["current"]
    assert [(a["name"], round(a["cost"], 8), a["turns"]) for a in bar["topActivities"]] == [
        ("Feature Dev", 0.0027, 2)]


# --- warm runs equal fresh ones (a probe of the caches, thirteenth session) ---

def _kimicode_state(home: str, workdir: str, updated: str) -> None:
    sd = os.path.join(home, ".kimi-code", "sessions", "wd_shop_0123456789ab", "session_abc")
    write_json(os.path.join(sd, "state.json"), {"createdAt": "2026-03-04T10:00:00Z", "updatedAt": updated,
                                                "workDir": workdir, "agents": {"main": {}}})


def _kimicode_session(home: str, workdir: str, updated: str) -> None:
    """A Kimi Code session whose second usage record has no time of its own
    (it falls back to state.json's updatedAt) and whose project is
    state.json's workDir."""
    sd = os.path.join(home, ".kimi-code", "sessions", "wd_shop_0123456789ab", "session_abc")
    os.makedirs(os.path.join(sd, "agents", "main"), exist_ok=True)
    _kimicode_state(home, workdir, updated)
    ms = 1_772_618_400_000   # 2026-03-04T10:00:00Z
    recs = [{"type": "metadata", "protocol_version": "1.4", "created_at": ms},
            {"type": "turn.prompt", "input": [{"type": "text", "text": "write a changelog entry"}],
             "origin": {"kind": "user"}, "time": ms + 1000},
            {"type": "llm.request", "kind": "loop", "provider": "moonshot", "model": "kimi-k2.6-preview",
             "modelAlias": "default", "turnStep": "1.1", "time": ms + 1200},
            {"type": "usage.record", "model": "default", "usage": {"inputOther": 1200, "output": 300,
                                                                    "inputCacheRead": 4096, "inputCacheCreation": 0},
             "usageScope": "turn", "time": ms + 4000},
            {"type": "llm.request", "kind": "loop", "provider": "moonshot", "model": "kimi-k2.6-preview",
             "modelAlias": "default", "turnStep": "2.1"},
            {"type": "usage.record", "model": "default", "usage": {"inputOther": 700, "output": 100,
                                                                    "inputCacheRead": 0, "inputCacheCreation": 0},
             "usageScope": "turn"}]
    with open(os.path.join(sd, "agents", "main", "wire.jsonl"), "w") as f:
        f.write("".join(json.dumps(r) + "\n" for r in recs))


def test_a_kept_scan_is_not_served_after_a_side_file_changed(run, tmp_path):
    """Kimi Code's state.json (work dir, fallback time) changes and its wire
    log does not: the kept scan and report were served with the old project
    path and call day. The files beside a source (its stamp_paths) are now
    part of the kept scan's key."""
    home = str(tmp_path / "home")
    env = {"CODEBURN_CACHE_DIR": str(tmp_path / "cache")}

    def doc(env):
        d = run("report", "--format", "json", "-p", "all", env=env).json
        return [p["path"] for p in d["projects"]], [(x["date"], x["calls"]) for x in d["daily"]]

    _kimicode_session(home, "/home/dev/shop", "2026-03-04T10:05:00Z")
    assert doc(env) == (["/home/dev/shop"], [("2026-03-04", 2)])
    _kimicode_state(home, "/srv/other/shop", "2026-03-05T03:05:00Z")   # (the wire log as it was)
    fresh = doc({"CODEBURN_CACHE_DIR": str(tmp_path / "fresh")})
    assert fresh == (["/srv/other/shop"], [("2026-03-04", 1), ("2026-03-05", 1)])
    assert doc(env) == fresh


def test_the_menubar_snapshot_follows_the_rules(run, history, tmp_path, user_rules):
    """`status --format menubar-json` answered from its snapshot after
    CODEBURN_RULES_DIR changed: the rules are part of its key now."""
    import shutil

    from tests.conftest import assistant_line, user_line, usage

    history.write("-w-app", "s1.jsonl", [
        user_line("fix the login bug", ts="2026-03-05T10:00:00.000Z", cwd="/w/app", session="s1"),
        assistant_line("m1", ts="2026-03-05T10:00:05.000Z", usage=usage(10, 200), cwd="/w/app", session="s1")])
    edited = str(tmp_path / "rules-b")
    shutil.copytree(user_rules, edited)
    path = os.path.join(edited, "categories.toml")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace("regex = '\\b(fix|bug|", "regex = '\\b(zzfix|zzbug|", 1))
    cache = {"CODEBURN_CACHE_DIR": str(tmp_path / "cache")}

    def top(rules):
        bar = run("status", "--format", "menubar-json", env={**cache, "CODEBURN_RULES_DIR": rules}).json
        return [a["name"] for a in bar["current"]["topActivities"]]

    assert top(user_rules) == ["Debugging"]
    assert top(edited) == ["Conversation"]
