"""Differences the parity sweep (bench/parity_sweep.py) found between codeburn
and CodeBurn 0.9.20 on generated histories, each pinned on a small history
whose expected output came from running 0.9.20 on the same files."""
from __future__ import annotations

from tests.conftest import assistant_line, usage, user_line

CHEAP, DEAR = "/home/dev/src/cheap", "/home/dev/src/dear"


def write_ties(history, day: str = "2026-03-04") -> None:
    """Every tool, server and command is used once or twice, so the order
    among equal counts is all that tells the rankings apart: names are
    met in an order that is neither alphabetical nor its reverse."""
    s1, s2 = "aaaaaaaa-0000-4000-8000-000000000001", "aaaaaaaa-0000-4000-8000-000000000002"
    history.write("-home-dev-src-cheap", f"{s1}.jsonl", [
        user_line("run it", ts=f"{day}T10:00:00.000Z", cwd=CHEAP, session=s1),
        assistant_line("msg_c1", ts=f"{day}T10:00:05.000Z", cwd=CHEAP, session=s1, usage=usage(10, 10),
                       tools=[("Write", {"file_path": "/a"}), ("mcp__zeta__go", {}),
                              ("Bash", {"command": "pytest -q"})]),
        assistant_line("msg_c2", ts=f"{day}T10:00:09.000Z", cwd=CHEAP, session=s1, usage=usage(10, 10),
                       tools=[("Glob", {"pattern": "*"}), ("Bash", {"command": "git status"})]),
    ])
    history.write("-home-dev-src-dear", f"{s2}.jsonl", [
        user_line("look", ts=f"{day}T11:00:00.000Z", cwd=DEAR, session=s2),
        assistant_line("msg_d1", ts=f"{day}T11:00:05.000Z", cwd=DEAR, session=s2, usage=usage(5000, 900),
                       tools=[("Read", {"file_path": "/b"}), ("mcp__alpha__x", {}),
                              ("Bash", {"command": "make && ls"}), ("mcp__mid__y", {})]),
        assistant_line("msg_d2", ts=f"{day}T11:00:09.000Z", cwd=DEAR, session=s2, usage=usage(5000, 900),
                       tools=[("Grep", {"pattern": "x"}), ("Read", {"file_path": "/c"}), ("mcp__mid__z", {})]),
    ])


def test_equal_counts_keep_first_seen_order(run, history):
    """The reference counts into insertion-ordered maps, projects by cost
    first, and sorts by calls only (a stable sort), so ties keep the order
    the names were first met; 0.9.20 on these files gives exactly this."""
    write_ties(history)
    d = run("report", "--format", "json", "-p", "all").json
    assert [(t["name"], t["calls"]) for t in d["tools"]] == [
        ("Bash", 3), ("Read", 2), ("Grep", 1), ("Write", 1), ("Glob", 1)]
    assert [(t["name"], t["calls"]) for t in d["mcpServers"]] == [("mid", 2), ("alpha", 1), ("zeta", 1)]
    assert [(t["name"], t["calls"]) for t in d["shellCommands"]] == [
        ("make", 1), ("ls", 1), ("pytest", 1), ("git", 1)]


def test_cache_clear_removes_record_caches_and_snapshots(run, tmp_path):
    """`cache clear` deletes everything codeburn wrote: the decoded records
    of non-Claude providers (records-v1/*.cbr) and the status and menubar
    snapshots too, and nothing it did not write."""
    import datetime as dt

    from tests import test_provider_pi as pi

    now = dt.datetime(2026, 10, 20, 12, 0, tzinfo=dt.timezone.utc)
    pi.build(str(tmp_path / "home"))
    cache = tmp_path / "cache"
    env = {"CODEBURN_CACHE_DIR": str(cache)}
    assert run("report", "--format", "json", "-p", "all", env=env, now=now).json["overview"]["calls"] > 0
    assert run("status", "--format", "json", env=env, now=now).status == 0
    assert run("status", "--format", "menubar-json", env=env, now=now).status == 0
    written = {p.relative_to(cache).as_posix() for p in cache.rglob("*") if p.is_file()}
    assert {"status-v2.json", "menubar-v3.json"} <= written and any(n.startswith("records-v1/") for n in written)
    (cache / "notes.txt").write_text("not ours")
    days = sorted(n for n in written if n.startswith("days-v1-"))   # the day history: kept by a clear
    assert len(days) == 1
    assert run("cache", "clear", env=env).stdout.startswith(f"removed {len(written) - 1} files (")
    assert sorted(p.name for p in cache.iterdir()) == days + ["notes.txt"]


def test_token_rollups_are_no_api_calls_in_any_command(run, tmp_path):
    """Copilot CLI's shutdown rollups add tokens and cost but no API call;
    0.9.20 counts them nowhere (status, sessions, compare, export days, the
    menubar's history) and marks their export records `supplementary`."""
    from tests.provider_fixtures import NOW_FIXTURES, write_copilot_cli

    write_copilot_cli(str(tmp_path / "home"), store=False)
    argv = ("--provider", "copilot")
    report = run("report", "--format", "json", "-p", "all", *argv, now=NOW_FIXTURES).json
    calls = report["overview"]["calls"]
    month = run("report", "--format", "json", "-p", "month", *argv, now=NOW_FIXTURES).json["overview"]["calls"]
    assert run("status", "--format", "json", *argv, now=NOW_FIXTURES).json["month"]["calls"] == month
    assert sum(s["calls"] for s in run("sessions", "--format", "json", "-p", "all", *argv, now=NOW_FIXTURES).json) == calls
    menubar = run("status", "--format", "menubar-json", "-p", "all", *argv, now=NOW_FIXTURES).json
    by_day = {d["date"]: d["calls"] for d in report["daily"]}
    assert [d["calls"] for d in menubar["history"]["daily"]] == [by_day[d["date"]] for d in menubar["history"]["daily"]]
    out = tmp_path / "e.json"
    assert run("export", "-f", "json", "-o", str(out), *argv, now=NOW_FIXTURES).status == 0
    import json

    doc = json.loads(out.read_text())
    rows = doc["records"]
    assert sum(d["API Calls"] for d in doc["periods"][-1]["daily"]) == len([r for r in rows if "supplementary" not in r])
    assert 0 < len([r for r in rows if r.get("supplementary") is True]) == len(rows) - sum(
        s["API Calls"] for s in doc["sessions"])


def test_a_session_lists_its_own_project_name(run, history, tmp_path):
    """A Codex rollout in the folder of a Claude project is grouped into that
    project by the report, but `sessions` lists it under its own label (cwd
    without the leading slash, slashes as dashes), as 0.9.20 does."""
    import json
    import os

    history.write("-home-dev-src-ledger", "c1.jsonl", [
        user_line("hi", ts="2026-03-04T10:00:00.000Z", cwd="/home/dev/src/ledger", session="c1"),
        assistant_line("msg_l1", ts="2026-03-04T10:00:05.000Z", cwd="/home/dev/src/ledger", session="c1",
                       usage=usage(100, 10))])
    day = tmp_path / "home" / ".codex" / "sessions" / "2026" / "03" / "04"
    os.makedirs(day)
    total = {"input_tokens": 1000, "cached_input_tokens": 0, "output_tokens": 50, "reasoning_output_tokens": 0,
             "total_tokens": 1050}
    lines = [{"timestamp": "2026-03-04T11:00:00.000Z", "type": "session_meta",
              "payload": {"id": "r1", "cwd": "/home/dev/src/ledger", "originator": "codex_cli_rs"}},
             {"timestamp": "2026-03-04T11:00:01.000Z", "type": "turn_context", "payload": {"model": "gpt-5"}},
             {"timestamp": "2026-03-04T11:00:02.000Z", "type": "response_item", "payload": {
                 "type": "message", "role": "user", "content": [{"type": "input_text", "text": "go"}]}},
             {"timestamp": "2026-03-04T11:00:09.000Z", "type": "event_msg", "payload": {
                 "type": "token_count", "info": {"total_token_usage": total, "last_token_usage": total}}}]
    (day / "rollout-2026-03-04T11-00-00-r1.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    report = run("report", "--format", "json", "-p", "all").json
    assert [(p["name"], p["calls"]) for p in report["projects"]] == [("-home-dev-src-ledger", 2)]
    rows = run("sessions", "--format", "json", "-p", "all").json
    assert sorted((r["provider"], r["project"]) for r in rows) == [
        ("claude", "-home-dev-src-ledger"), ("codex", "home-dev-src-ledger")]


def test_droid_projects_have_no_folder_path(run, tmp_path):
    """The reference gives Droid calls no project path, so a Droid project's
    `path` is derived from its label (dashes as slashes), not its cwd:
    0.9.20 on these files lists api-server at "api/server" and work/web at "work/web"."""
    from tests.provider_fixtures import NOW_FIXTURES, write_droid

    write_droid(str(tmp_path / "home"))
    d = run("report", "--format", "json", "-p", "all", "--provider", "droid", now=NOW_FIXTURES).json
    assert [(p["name"], p["path"], p["calls"]) for p in d["projects"]] == [("api-server", "api/server", 4), ("work/web", "work/web", 2)]


def test_models_output_holds_reasoning_priced_apart(run, tmp_path):
    """`models` shows output as billed: Gemini's thoughts are priced at the
    output rate on top of output, so they are in outputTokens (310+122,
    420, 880+512, 200), as 0.9.20 gives on the gemini fixture."""
    from tests.provider_fixtures import NOW_FIXTURES, write_gemini

    write_gemini(str(tmp_path / "home"))
    rows = run("models", "--format", "json", "-p", "all", now=NOW_FIXTURES).json
    assert [(m["model"], m["outputTokens"], m["totalTokens"], m["calls"]) for m in rows] == [
        ("gemini-2.5-pro", 2444, 91084, 4)]


def test_menubar_lists_idle_providers_in_the_reference_order(run, tmp_path):
    """Providers with sessions on disk but no spend in the period are listed
    at $0 in the reference's own provider order (copilot, droid, gemini),
    not ours (gemini before copilot)."""
    import datetime as dt

    from tests.provider_fixtures import write_copilot_cli, write_droid, write_gemini

    home = str(tmp_path / "home")
    write_gemini(home)
    write_copilot_cli(home, store=False)
    write_droid(home)
    later = dt.datetime(2026, 12, 20, 12, 0, tzinfo=dt.timezone.utc)  # nothing today
    d = run("status", "--format", "menubar-json", now=later).json["current"]
    assert [(p["id"], p["cost"]) for p in d["providerDetails"]] == [("copilot", 0), ("droid", 0), ("gemini", 0)]
    assert list(d["providers"]) == ["copilot", "droid", "gemini"]
