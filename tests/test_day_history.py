"""Past days whose files are gone still count in a headline, as an earlier
run kept them (spec commands §2.5, §9.2; codeburn.commands.carry).

The history: Claude Code sessions on March 3 (A and B, two projects),
March 4 (C) and today, March 5 (D), all Sonnet 4.5 ($3 in, $15 out per 1M):
A 1000/100 tokens = $0.0045, B 2000/200 = $0.009, C 500/50 = $0.00225,
D 100/10 = $0.00045. CodeBurn 0.9.20 (run twice on these files with one
cache dir, B deleted in between) gives the same headline and day rows."""
from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.conftest import assistant_line, usage, user_line

A = ("-home-dev-src-alpha", "/home/dev/src/alpha", "aaaaaaaa-0000-4000-8000-000000000001", "2026-03-03T09:00", 1000, 100)
B = ("-home-dev-src-beta", "/home/dev/src/beta", "bbbbbbbb-0000-4000-8000-000000000002", "2026-03-03T15:00", 2000, 200)
C = ("-home-dev-src-alpha", "/home/dev/src/alpha", "cccccccc-0000-4000-8000-000000000003", "2026-03-04T10:00", 500, 50)
D = ("-home-dev-src-alpha", "/home/dev/src/alpha", "dddddddd-0000-4000-8000-000000000004", "2026-03-05T08:00", 100, 10)


def _session(history, spec) -> str:
    slug, cwd, sid, at, inp, out = spec
    return history.write(slug, sid + ".jsonl", [
        user_line("fix the failing login test", ts=at + ":00.000Z", cwd=cwd, session=sid),
        assistant_line("msg_" + sid[:8], ts=at + ":05.000Z", usage=usage(inp, out), cwd=cwd, session=sid)])


@pytest.fixture
def days(history, tmp_path):
    """The four sessions, a cache dir of the test's own, and B's path."""
    paths = {name: _session(history, spec) for name, spec in zip("ABCD", (A, B, C, D))}
    env = {"CODEBURN_CACHE_DIR": str(tmp_path / "cache")}
    return paths, env


def _head(doc) -> tuple:
    ov = doc["overview"]
    return (round(ov["cost"], 8), ov["calls"], ov["sessions"], ov["tokens"]["input"], ov["tokens"]["output"],
            [(d["date"], round(d["cost"], 8), d["calls"], d["turns"]) for d in doc["daily"]])


WHOLE = (0.0162, 4, 4, 3600, 360, [("2026-03-03", 0.0135, 2, 2), ("2026-03-04", 0.00225, 1, 1),
                                   ("2026-03-05", 0.00045, 1, 1)])


def test_a_deleted_session_s_day_still_counts_in_the_report(run, days):
    paths, env = days
    assert _head(run("report", "-p", "week", "--format", "json", env=env).json) == WHOLE
    os.remove(paths["B"])
    doc = run("report", "-p", "week", "--format", "json", env=env).json
    assert _head(doc) == WHOLE
    # The lists are the files there are: B's project is gone from them.
    assert [(p["name"], round(p["cost"], 8)) for p in doc["projects"]] == [("-home-dev-src-alpha", 0.0072)]
    # A repeat answers the same (the kept report).
    assert _head(run("report", "-p", "week", "--format", "json", env=env).json) == WHOLE


def test_without_an_earlier_run_a_deleted_file_is_not_counted(run, days):
    paths, env = days
    os.remove(paths["B"])
    live = (0.0072, 3, 3, 1600, 160, [("2026-03-03", 0.0045, 1, 1), ("2026-03-04", 0.00225, 1, 1),
                                      ("2026-03-05", 0.00045, 1, 1)])
    assert _head(run("report", "-p", "week", "--format", "json", env=env).json) == live


def test_no_cache_neither_reads_nor_writes_the_kept_days(run, days, tmp_path):
    paths, env = days
    run("report", "-p", "week", "--format", "json", "--no-cache", env=env)
    cache = tmp_path / "cache"
    assert not (cache.is_dir() and [n for n in os.listdir(cache) if n.startswith("days-")])
    run("report", "-p", "week", "--format", "json", env=env)   # keeps the days
    os.remove(paths["B"])
    doc = run("report", "-p", "week", "--format", "json", "--no-cache", env=env).json
    assert _head(doc)[:2] == (0.0072, 3)


def test_overview_and_status_count_the_kept_day(run, days):
    paths, env = days
    run("report", "-p", "month", "--format", "json", env=env)
    os.remove(paths["B"])
    doc = run("overview", "-p", "week", "--format", "json", env=env).json
    tot = doc["totals"]
    assert (round(tot["cost"], 8), tot["calls"], tot["sessions"], tot["tokens"]) == (0.0162, 4, 4, 3960)
    assert [(d["date"], round(d["cost"], 8), d["tokens"], d["providers"]) for d in doc["daily"]] == [
        ("2026-03-03", 0.0135, 3300, ["claude"]), ("2026-03-04", 0.00225, 550, ["claude"]),
        ("2026-03-05", 0.00045, 110, ["claude"])]
    assert [(d["date"], round(d["cost"], 8)) for d in doc["topDays"]][0] == ("2026-03-03", 0.0135)
    assert round(doc["carriedCost"], 8) == 0.009   # B's own cost: A's file is still there
    assert [(p["name"], p["share"]) for p in doc["providers"]] == [("claude", 44)]   # 0.0072 of 0.0162
    text = run("overview", "-p", "week", env=env).stdout
    assert "  includes $0.0090 preserved from expired session logs" in text
    status = run("status", "--format", "json", env=env).json
    # (status rounds to cents, as 0.9.20's: $0.01 without the kept day)
    assert (status["month"]["cost"], status["month"]["calls"]) == (0.02, 4)
    assert (status["today"]["cost"], status["today"]["calls"]) == (0, 1)


def test_a_project_filter_takes_the_kept_day_s_projects(run, days):
    """0.9.20 slices a kept day to the projects its filters keep (cost,
    calls, sessions); the headline's tokens come from the files there are."""
    paths, env = days
    run("report", "-p", "week", "--format", "json", env=env)
    os.remove(paths["B"])
    beta = run("report", "-p", "week", "--format", "json", "--project", "beta", env=env).json
    # (the day rows count the kept project's turn: 0.9.20's filtered past days show none, README)
    assert _head(beta) == (0.009, 1, 1, 0, 0, [("2026-03-03", 0.009, 1, 1), ("2026-03-04", 0, 0, 0)])
    alpha = run("report", "-p", "week", "--format", "json", "--project", "alpha", env=env).json
    assert _head(alpha) == (0.0072, 3, 3, 1600, 160, [("2026-03-03", 0.0045, 1, 1), ("2026-03-04", 0.00225, 1, 1),
                                                       ("2026-03-05", 0.00045, 1, 1)])


def test_one_tool_s_report_takes_only_that_tool_s_kept_days(run, days, tmp_path):
    paths, env = days
    env = {**env, "CODEX_HOME": str(tmp_path / "no-codex")}
    run("report", "-p", "week", "--format", "json", env=env)
    os.remove(paths["B"])
    assert _head(run("report", "-p", "week", "--format", "json", "--provider", "claude", env=env).json) == WHOLE
    codex = run("report", "-p", "week", "--format", "json", "--provider", "codex", env=env).json
    assert (codex["overview"]["cost"], codex["overview"]["calls"]) == (0, 0)


def test_a_kept_day_of_a_folder_no_longer_searched_does_not_count(run, days, tmp_path):
    """Another config dir (or a history written and removed elsewhere) is
    none of this run's: its gone files do not count."""
    paths, env = days
    run("report", "-p", "week", "--format", "json", env=env)
    other = tmp_path / "other-claude"
    shutil.copytree(os.path.dirname(os.path.dirname(os.path.dirname(paths["A"]))), other)
    os.remove(paths["B"])
    moved = {**env, "CLAUDE_CONFIG_DIR": str(other)}
    os.remove(other / "projects" / B[0] / (B[2] + ".jsonl"))
    # (the copy was never read with B in it: nothing of it is kept)
    doc = run("report", "-p", "week", "--format", "json", env=moved).json
    assert _head(doc)[:2] == (0.0072, 3)


def test_a_file_still_there_is_read_as_it_is_now(run, days, history):
    """A day is taken from what was kept only when a file of it is gone: a
    file that changed is read again (a warm run equals a cold one)."""
    paths, env = days
    run("report", "-p", "week", "--format", "json", env=env)
    slug, cwd, sid, at, inp, out = A
    with open(paths["A"], "a") as f:
        f.write(json.dumps(assistant_line("msg_extra", ts="2026-03-03T09:30:00.000Z", usage=usage(1000, 0), cwd=cwd,
                                          session=sid)) + "\n")
    doc = run("report", "-p", "week", "--format", "json", env=env).json
    assert _head(doc)[:2] == (0.0192, 5)   # + $0.003


def test_an_unreadable_kept_days_file_is_read_as_nothing_kept(run, days, tmp_path):
    paths, env = days
    run("report", "-p", "week", "--format", "json", env=env)
    kept = [n for n in os.listdir(tmp_path / "cache") if n.startswith("days-")]
    assert len(kept) == 1
    with open(tmp_path / "cache" / kept[0], "r+b") as f:
        f.seek(20)
        f.write(b"\xff\xfe garbage")
    os.remove(paths["B"])
    result = run("report", "-p", "week", "--format", "json", env=env)
    assert result.status == 0 and _head(result.json)[:2] == (0.0072, 3)


def test_a_codex_rollout_moved_to_the_archive_counts_once(run, history, tmp_path):
    """Codex moves a finished rollout from sessions/ to archived_sessions/:
    its day is read from the archive, not taken twice."""
    from tests.test_codex import line, meta, tokens, usage as codex_usage, user, write_rollout

    root = tmp_path / "codex"
    sid = "0196a1b2-3c4d-7e8f-9a0b-000000000777"
    name = f"rollout-2026-03-03T10-00-00-{sid}.jsonl"
    lines = [meta("2026-03-03T10:00:00.000Z", sid=sid),
             line("2026-03-03T10:00:00.700Z", "turn_context", {"turn_id": "t1", "cwd": "/Users/dev/work/ledger",
                                                               "model": "gpt-5.3-codex"}),
             user("2026-03-03T10:00:01.000Z", "add pagination"),
             tokens("2026-03-03T10:00:05.000Z", codex_usage(4000, 1000, 300), codex_usage(4000, 1000, 300))]
    path = write_rollout(str(root), lines, day="2026/03/03", name=name)
    env = {"CODEX_HOME": str(root), "CODEBURN_CACHE_DIR": str(tmp_path / "cache")}
    before = run("report", "-p", "week", "--format", "json", "--provider", "codex", env=env).json["overview"]
    assert before["calls"] == 1 and before["tokens"]["input"] == 3000
    os.makedirs(root / "archived_sessions")
    os.rename(path, root / "archived_sessions" / name)
    after = run("report", "-p", "week", "--format", "json", "--provider", "codex", env=env).json["overview"]
    assert (after["calls"], after["tokens"]["input"], after["cost"]) == (1, 3000, before["cost"])


def test_the_menubar_payload_counts_the_kept_day(run, days):
    """Its headline, tool costs, top models and projects, and day history
    (with the kept day's models), as 0.9.20's on these files with B
    deleted after a run."""
    paths, env = days
    run("status", "--format", "menubar-json", "--period", "week", "--no-optimize", env=env)
    os.remove(paths["B"])
    doc = run("status", "--format", "menubar-json", "--period", "week", "--no-optimize", env=env).json
    cur = doc["current"]
    assert (round(cur["cost"], 8), cur["calls"], cur["sessions"], cur["inputTokens"], cur["outputTokens"]) == \
        (0.0162, 4, 4, 3600, 360)
    assert [(p["id"], round(p["cost"], 8)) for p in cur["providerDetails"]] == [("claude", 0.0162)]
    # (its top models and projects too, as 0.9.20's day history has them; not its activities: README, parity)
    assert [(m["name"], round(m["cost"], 8), m["calls"]) for m in cur["topModels"]] == [("Sonnet 4.5", 0.0162, 4)]
    assert [(p["name"], round(p["cost"], 8), p["sessions"], round(p["avgCostPerSession"], 8))
            for p in cur["topProjects"]] == [("beta", 0.009, 1, 0.009), ("alpha", 0.0072, 3, 0.0024)]
    assert [(r["date"], round(r["cost"], 8), r["calls"], r["inputTokens"],
             [(m["name"], round(m["cost"], 8), m["calls"]) for m in r["topModels"]]) for r in doc["history"]["daily"]] == [
        ("2026-03-03", 0.0135, 2, 3000, [("claude-sonnet-4-5-20250929", 0.0135, 2)]),
        ("2026-03-04", 0.00225, 1, 500, [("claude-sonnet-4-5-20250929", 0.00225, 1)]),
        ("2026-03-05", 0.00045, 1, 100, [("claude-sonnet-4-5-20250929", 0.00045, 1)])]


def test_days_count_when_every_session_file_is_gone(run, days):
    """No session file left (Claude Code removed them all): the kept days
    still count, in every headline."""
    paths, env = days
    run("status", "--format", "menubar-json", "--period", "week", "--no-optimize", env=env)
    for p in paths.values():
        os.remove(p)
    # (today's session D is gone too: the days before today remain)
    assert _head(run("report", "-p", "week", "--format", "json", env=env).json) == (
        0.01575, 3, 3, 3500, 350, [("2026-03-03", 0.0135, 2, 2), ("2026-03-04", 0.00225, 1, 1)])
    assert round(run("overview", "-p", "week", "--format", "json", env=env).json["totals"]["cost"], 8) == 0.01575
    assert run("status", "--format", "json", env=env).json["month"]["calls"] == 3
    menubar = run("status", "--format", "menubar-json", "--period", "week", "--no-optimize", env=env).json
    assert (round(menubar["current"]["cost"], 8), menubar["current"]["calls"]) == (0.01575, 3)


def _midnight_history(history) -> str:
    """X: one call on March 3; Y: a session from March 3, 23:50, into March
    4 (a prompt at 23:50 and its call at 23:55, a prompt at 00:05 and its
    call at 00:06). Returns X's path."""
    cwd, x, y = "/home/dev/src/alpha", "eeeeeeee-0000-4000-8000-00000000000e", "ffffffff-0000-4000-8000-00000000000f"
    path = history.write(A[0], x + ".jsonl", [
        user_line("fix the failing login test", ts="2026-03-03T09:00:00.000Z", cwd=cwd, session=x),
        assistant_line("msg_x", ts="2026-03-03T09:00:05.000Z", usage=usage(1000, 100), cwd=cwd, session=x)])
    history.write(A[0], y + ".jsonl", [
        user_line("fix the failing signup test", ts="2026-03-03T23:50:00.000Z", cwd=cwd, session=y),
        assistant_line("msg_y1", ts="2026-03-03T23:55:00.000Z", usage=usage(500, 50), cwd=cwd, session=y),
        user_line("fix the failing logout test", ts="2026-03-04T00:05:00.000Z", cwd=cwd, session=y),
        assistant_line("msg_y2", ts="2026-03-04T00:06:00.000Z", usage=usage(100, 10), cwd=cwd, session=y)])
    return path


def test_a_session_from_a_kept_day_into_the_next_counts_once(run, history, tmp_path):
    """X is deleted; Y, which began on X's day and ran past midnight, is
    there: the kept day counts as it was kept, and Y's session and its
    turns are not counted again on the next day (0.9.20 on these files)."""
    x = _midnight_history(history)
    env = {"CODEBURN_CACHE_DIR": str(tmp_path / "cache")}
    expected = (0.0072, 3, 2, 1600, 160, [("2026-03-03", 0.00675, 2, 2), ("2026-03-04", 0.00045, 1, 1)])
    assert _head(run("report", "-p", "week", "--format", "json", env=env).json) == expected
    os.remove(x)
    assert _head(run("report", "-p", "week", "--format", "json", env=env).json) == expected
    # a period ending before today reads on to today (commands.common.reaching_today): the same rows
    assert _head(run("report", "--from", "2026-03-01", "--to", "2026-03-04", "--format", "json", env=env).json) == \
        (0.0072, 3, 2, 1600, 160, expected[5])


def test_a_session_file_named_like_every_other_is_still_kept(run, history, tmp_path):
    """Copilot CLI names every session's file `events.jsonl`: one deleted
    is gone, not moved (probe B6; 0.9.20 keeps its day)."""
    import json as _json

    home = tmp_path / "home"
    for sid, day in (("0b1c7f4e-aaaa-4bbb-8ccc-000000000001", "2026-03-01"),
                     ("0b1c7f4e-aaaa-4bbb-8ccc-000000000002", "2026-03-03")):
        d = home / ".copilot" / "session-state" / sid
        os.makedirs(d)
        (d / "workspace.yaml").write_text(f"id: {sid}\ncwd: /home/dev/code/app\nsummary: work\n")
        events = [{"type": "session.start", "id": sid + "-s", "timestamp": f"{day}T10:00:00.000Z",
                   "data": {"sessionId": sid, "version": 1, "producer": "copilot-agent", "copilotVersion": "0.0.354",
                            "startTime": f"{day}T10:00:00.000Z", "selectedModel": "claude-sonnet-4.5"}},
                  {"type": "user.message", "id": sid + "-u", "timestamp": f"{day}T10:01:00.000Z",
                   "data": {"content": "fix the failing test", "attachments": []}},
                  {"type": "assistant.message", "id": sid + "-a", "timestamp": f"{day}T10:02:00.000Z",
                   "data": {"messageId": sid + "-m", "content": "ok", "toolRequests": [], "outputTokens": 20000}}]
        (d / "events.jsonl").write_text("".join(_json.dumps(e) + "\n" for e in events))
    env = {"CODEBURN_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(home)}

    def head():
        doc = run("report", "-p", "week", "--format", "json", "--provider", "copilot", env=env).json
        return round(doc["overview"]["cost"], 8), doc["overview"]["calls"], [(r["date"], r["calls"]) for r in doc["daily"]]

    assert head() == (0.6, 2, [("2026-03-01", 1), ("2026-03-03", 1)])
    shutil.rmtree(home / ".copilot" / "session-state" / "0b1c7f4e-aaaa-4bbb-8ccc-000000000001")
    assert head() == (0.6, 2, [("2026-03-01", 1), ("2026-03-03", 1)])


def test_the_kept_days_are_gone_through_once_a_day_unless_a_file_changed(run, days, history, tmp_path):
    """A second command over the same files the same day leaves the day
    history as it is (not even rewritten); a file that grew is gone
    through again, so what is kept of it is what it holds now."""
    paths, env = days
    run("overview", "-p", "week", "--format", "json", env=env)
    kept = [p for p in (tmp_path / "cache").iterdir() if p.name.startswith("days-v1-")][0]
    stamp = kept.stat().st_mtime_ns, kept.read_bytes()
    os.utime(kept, ns=(1_000_000_000, 1_000_000_000))   # (a rewrite would set it to now)
    run("report", "-p", "week", "--format", "json", env=env)
    assert (kept.stat().st_mtime_ns, kept.read_bytes()) == (1_000_000_000, stamp[1])
    slug, cwd, sid, at, inp, out = A
    with open(paths["A"], "a") as f:
        f.write(json.dumps(assistant_line("msg_more", ts="2026-03-03T09:30:00.000Z", usage=usage(1000, 0), cwd=cwd,
                                          session=sid)) + "\n")
    run("report", "-p", "week", "--format", "json", env=env)
    assert kept.read_bytes() != stamp[1]
    os.remove(paths["A"])
    assert _head(run("report", "-p", "week", "--format", "json", env=env).json)[:2] == (0.0192, 5)


def test_a_deleted_file_whose_name_is_not_utf8_is_kept(run, days, history):
    paths, env = days
    slug, cwd, sid, at, inp, out = B
    odd = history.write(slug, os.fsdecode(b"odd\xff name\nx.jsonl"), [
        user_line("fix the failing login test", ts="2026-03-04T15:00:00.000Z", cwd=cwd, session="odd-1"),
        assistant_line("msg_odd", ts="2026-03-04T15:00:05.000Z", usage=usage(1000, 100), cwd=cwd, session="odd-1")])
    first = _head(run("report", "-p", "week", "--format", "json", env=env).json)
    assert first[:2] == (0.0207, 5)
    os.remove(odd)
    assert _head(run("report", "-p", "week", "--format", "json", env=env).json) == first


def test_a_filtered_menubar_history_keeps_the_whole_kept_day(run, days):
    """Under --project the menubar's history shows whole days before today
    (0.9.20's day cache), the kept day of a deleted file included."""
    paths, env = days
    run("status", "--format", "menubar-json", "--period", "week", "--no-optimize", env=env)
    os.remove(paths["B"])
    doc = run("status", "--format", "menubar-json", "--period", "week", "--no-optimize", "--project", "alpha",
              env=env).json
    assert [(r["date"], round(r["cost"], 8), r["calls"]) for r in doc["history"]["daily"]] == [
        ("2026-03-03", 0.0135, 2), ("2026-03-04", 0.00225, 1), ("2026-03-05", 0.00045, 1)]


def test_a_filtered_report_lists_a_day_known_only_from_gone_files(run, days):
    """Every file of March 3 deleted: under a filter matching no project,
    0.9.20 lists March 3 at $0 from its day history, beside March 4 (a
    file there is), as ours now does."""
    paths, env = days
    run("report", "-p", "week", "--format", "json", env=env)
    os.remove(paths["A"])
    os.remove(paths["B"])
    doc = run("report", "-p", "week", "--format", "json", "--project", "gamma", env=env).json
    assert (doc["overview"]["cost"], [(r["date"], r["cost"], r["calls"]) for r in doc["daily"]]) == \
        (0, [("2026-03-03", 0, 0), ("2026-03-04", 0, 0)])


@pytest.mark.parametrize("first", [("report", "-p", "today"), ("status", "--format", "json"),
                                   ("report", "-p", "week", "--project", "alpha"),
                                   ("overview", "-p", "today")], ids=lambda a: " ".join(a))
def test_any_first_command_keeps_a_year_of_days(run, days, first):
    """0.9.20 makes its day history from a year of every tool's files on
    whatever headline run comes first (probe B7): a first `report -p today`,
    `status` or a filtered report keeps March 3 as well."""
    paths, env = days
    assert run(*first, env=env).status == 0
    os.remove(paths["B"])
    assert _head(run("report", "-p", "week", "--format", "json", env=env).json) == WHOLE


def test_a_session_deleted_inside_a_store_that_stays_is_kept(run, tmp_path):
    """Goose keeps every session in one sessions.db: one deleted there is
    gone while the store stays (probe B7; 0.9.20 keeps its day). gpt-4o
    12000/3400 tokens $0.064 and Sonnet 4.5 500 tokens $0.0015, both on
    October 14."""
    import datetime as dt
    import sqlite3

    from tests.test_provider_goose_crush import build_goose

    home = tmp_path / "home"
    build_goose(str(home))
    env = {"CODEBURN_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(home)}
    now = dt.datetime(2026, 10, 20, 12, 0, tzinfo=dt.timezone.utc)

    def head():
        doc = run("report", "-p", "week", "--format", "json", env=env, now=now).json
        return round(doc["overview"]["cost"], 8), doc["overview"]["calls"], [(r["date"], r["calls"]) for r in doc["daily"]]

    assert head() == (0.0655, 2, [("2026-10-14", 2)])
    db = sqlite3.connect(home / ".local" / "share" / "goose" / "sessions" / "sessions.db")
    with db:
        db.execute("DELETE FROM messages WHERE session_id = '20261014_1'")
        db.execute("DELETE FROM sessions WHERE id = '20261014_1'")
    db.close()
    assert head() == (0.0655, 2, [("2026-10-14", 2)])


def _goose_head(run, env, now):
    doc = run("report", "-p", "week", "--format", "json", env=env, now=now).json
    return round(doc["overview"]["cost"], 8), doc["overview"]["calls"]


def test_a_whole_store_found_at_a_fixed_place_is_kept_when_deleted(run, tmp_path):
    """Goose's sessions.db lies at a fixed place, in no folder a walk lists:
    deleted whole, its days are kept (probe B8; the home bounds where a
    gone store is looked for)."""
    import datetime as dt

    from tests.test_provider_goose_crush import build_goose

    home = tmp_path / "home"
    build_goose(str(home))
    env = {"CODEBURN_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(home)}
    now = dt.datetime(2026, 10, 20, 12, 0, tzinfo=dt.timezone.utc)
    assert _goose_head(run, env, now) == (0.0655, 2)
    os.remove(home / ".local" / "share" / "goose" / "sessions" / "sessions.db")
    assert _goose_head(run, env, now) == (0.0655, 2)


def test_a_full_run_after_one_tool_s_run_the_same_day_keeps_the_stores(run, tmp_path):
    """A first run of one tool, then every tool's the same day: the store
    read second is kept too (probe B8: the once-a-day digest knew only the
    files with a stat of their own, so the second run was skipped)."""
    import datetime as dt
    import sqlite3

    from tests.test_provider_goose_crush import build_goose

    home = tmp_path / "home"
    build_goose(str(home))
    env = {"CODEBURN_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(home)}
    now = dt.datetime(2026, 10, 20, 12, 0, tzinfo=dt.timezone.utc)
    run("report", "-p", "week", "--format", "json", "--provider", "claude", env=env, now=now)
    assert _goose_head(run, env, now) == (0.0655, 2)
    db = sqlite3.connect(home / ".local" / "share" / "goose" / "sessions" / "sessions.db")
    with db:
        db.execute("DELETE FROM messages WHERE session_id = '20261014_1'")
        db.execute("DELETE FROM sessions WHERE id = '20261014_1'")
    db.close()
    assert _goose_head(run, env, now) == (0.0655, 2)


def test_a_kept_days_file_of_the_right_form_but_odd_content_is_read_as_nothing_kept(run, days, tmp_path):
    """A history whose CRC holds but whose tables are not what this build
    writes (a once-a-day record keyed by text, a project that is no pair):
    every command still answers, from the files (probe B8: exit 1 on every
    run, and `cache clear` keeps the file)."""
    import marshal
    import zlib

    from codeburn.cache import daystore

    paths, env = days
    run("report", "-p", "week", "--format", "json", env=env)
    kept = [p for p in (tmp_path / "cache").iterdir() if p.name.startswith("days-v1-")][0]
    raw = kept.read_bytes()
    magic = daystore.MAGIC
    head = len(magic) + 8
    size = int.from_bytes(raw[len(magic) + 4:head], "little")
    for change in ({"checked": {"day": 0, "ranges": {"x": "abc"}}}, {"projects": [("only a name",)]},
                   {"paths": [1] * 4}):
        doc = {**marshal.loads(raw[head:head + size]), **change}
        tables = marshal.dumps(doc, 4)
        body = tables + raw[head + size:]
        kept.write_bytes(magic + zlib.crc32(body).to_bytes(4, "little") + len(tables).to_bytes(4, "little") + body)
        for argv in (("report", "-p", "week", "--format", "json"), ("overview", "-p", "week"),
                     ("status", "--format", "menubar-json", "--no-optimize")):
            assert run(*argv, env=env).status == 0


def test_the_dashboard_headline_counts_the_kept_day(run, days, history, tmp_path):
    """The dashboard's tabs take the kept days as the report's headline
    does (it keeps nothing itself: the reading commands do)."""
    pytest.importorskip("textual")
    import datetime as dt

    from codeburn.cli import parse
    from codeburn.commands.dashboard import kept_days_source, reader
    from codeburn.dashboard.model import Model
    from codeburn.env import Environment
    from tests.conftest import NOW

    paths, env = days
    run("report", "-p", "week", "--format", "json", env=env)
    os.remove(paths["B"])
    home = tmp_path / "home"
    environ = {"CLAUDE_CONFIG_DIR": history.root, "TZ": "UTC", "HOME": str(home), **env}
    e = Environment(environ=environ, home=str(home), clock=lambda: NOW)
    args = parse(["dashboard"])
    snapshot = reader(args, e, dt.timezone.utc, None)(lambda *a: None)
    week = Model(snapshot, dt.timezone.utc, e.clock, kept_days=kept_days_source(args, e)).report("week", None)
    assert (round(week["overview"]["cost"], 8), week["overview"]["calls"]) == (0.0162, 4)
    assert [(r["date"], round(r["cost"], 8), r["calls"]) for r in week["daily"]] == [
        ("2026-03-03", 0.0135, 2), ("2026-03-04", 0.00225, 1), ("2026-03-05", 0.00045, 1)]
    live = Model(snapshot, dt.timezone.utc, e.clock).report("week", None)   # (without: the files there are)
    assert (round(live["overview"]["cost"], 8), live["overview"]["calls"]) == (0.0072, 3)


def test_the_dashboard_alone_keeps_the_days(run, days, history, tmp_path):
    """Someone who only opens the dashboard: its every-tool tab keeps the
    day history (as 0.9.20's dashboard keeps its own), so after B is
    deleted the next dashboard's headline still counts B's day."""
    pytest.importorskip("textual")
    import datetime as dt

    from codeburn.cli import parse
    from codeburn.commands.dashboard import kept_days_source, reader
    from codeburn.dashboard.model import Model
    from codeburn.env import Environment
    from tests.conftest import NOW

    paths, env = days
    home = tmp_path / "home"
    environ = {"CLAUDE_CONFIG_DIR": history.root, "TZ": "UTC", "HOME": str(home), **env}
    e = Environment(environ=environ, home=str(home), clock=lambda: NOW)
    args = parse(["dashboard"])

    def week():
        snapshot = reader(args, e, dt.timezone.utc, None)(lambda *a: None)
        doc = Model(snapshot, dt.timezone.utc, e.clock, kept_days=kept_days_source(args, e)).report("week", None)
        return round(doc["overview"]["cost"], 8), doc["overview"]["calls"]

    assert week() == (0.0162, 4)
    os.remove(paths["B"])
    assert week() == (0.0162, 4)


def test_one_tool_s_report_lists_another_tool_s_day_known_only_from_gone_files(run, tmp_path):
    """`--provider codex` lists every tool's days at $0: March 3, whose
    Claude files are all gone, too (0.9.20 lists it from its history; a
    gone file of a tool not read is looked for under the home)."""
    from tests.conftest import History

    home = tmp_path / "home"
    claude = History(str(home / ".claude"))
    os.makedirs(claude.root)
    paths = {name: _session(claude, spec) for name, spec in zip("ABCD", (A, B, C, D))}
    env = {"CODEBURN_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(home), "CLAUDE_CONFIG_DIR": claude.root}
    run("report", "-p", "week", "--format", "json", env=env)
    os.remove(paths["A"])
    os.remove(paths["B"])
    doc = run("report", "-p", "week", "--format", "json", "--provider", "codex", env=env).json
    assert [(r["date"], r["cost"], r["calls"]) for r in doc["daily"]] == [
        ("2026-03-03", 0, 0), ("2026-03-04", 0, 0), ("2026-03-05", 0, 0)]
    menubar = run("status", "--format", "menubar-json", "--period", "week", "--provider", "codex", "--no-optimize",
                  env=env).json
    assert [(r["date"], r["cost"], r["calls"]) for r in menubar["history"]["daily"]] == [
        ("2026-03-03", 0, 0), ("2026-03-04", 0, 0)]


def test_a_gone_file_read_again_from_a_copy_is_not_preserved(run, days, history):
    """B copied to a new file (a new inode, as a move across file systems
    makes) and then deleted: its calls are read from the copy, so nothing
    is preserved from expired logs (0.9.20 prints no note either) and the
    totals are the files'."""
    paths, env = days
    run("overview", "-p", "week", "--format", "json", env=env)
    shutil.copy(paths["B"], paths["B"][:-len(".jsonl")] + "-copy.jsonl")
    os.remove(paths["B"])
    doc = run("overview", "-p", "week", "--format", "json", env=env).json
    assert (round(doc["totals"]["cost"], 8), doc["totals"]["calls"], "carriedCost" in doc) == (0.0162, 4, False)
    assert "preserved" not in run("overview", "-p", "week", env=env).stdout
    assert _head(run("report", "-p", "week", "--format", "json", env=env).json) == WHOLE


def test_a_filtered_menubar_alone_keeps_the_days(run, days):
    """The menubar under --exclude as the only command before B is deleted
    (0.9.20 keeps its day history on any run): B's day still counts after,
    in the headline, the top projects and the whole days of its history."""
    paths, env = days
    argv = ("status", "--format", "menubar-json", "--period", "week", "--no-optimize", "--exclude", "alpha")
    run(*argv, env=env)
    os.remove(paths["B"])
    doc = run(*argv, env=env).json
    cur = doc["current"]
    assert (round(cur["cost"], 8), cur["calls"], cur["sessions"]) == (0.009, 1, 1)
    assert [(p["name"], round(p["cost"], 8), p["sessions"]) for p in cur["topProjects"]] == [("beta", 0.009, 1)]
    assert [(r["date"], round(r["cost"], 8), r["calls"]) for r in doc["history"]["daily"]] == [
        ("2026-03-03", 0.0135, 2), ("2026-03-04", 0.00225, 1)]
