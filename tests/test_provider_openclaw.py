"""OpenClaw and its earlier homes (spec providers §1.8): the sessions.json
index, model tracking through model_change / model-snapshot records, the
prompt rule, dropped times, entry-id keys shared by a copied file. Expected
totals are CodeBurn 0.9.20's on the same files."""
from __future__ import annotations

import os

from codeburn.providers import openclaw
from codeburn.providers.records import Tool
from tests.provider_files import (
    bad_input_run, calls_of, checked_report, models_of, named_calls, overview, read_all, totals, unique, write_json,
    write_jsonl
)


def session(sid, ts="2026-10-18T07:00:00.000Z"):
    return {"type": "session", "version": 3, "id": sid, "timestamp": ts, "cwd": "/home/dev/.openclaw/workspace"}


def model_change(model, ts="2026-10-18T07:00:00.100Z"):
    return {"type": "model_change", "id": "mc", "timestamp": ts, "provider": "anthropic", "modelId": model}


def snapshot(model, ts="2026-10-18T07:00:00.200Z"):
    return {"type": "custom", "customType": "model-snapshot", "id": "ms", "timestamp": ts,
            "data": {"provider": "anthropic", "modelId": model}}


def user(mid, ts, *texts):
    return {"type": "message", "id": mid, "timestamp": ts,
            "message": {"role": "user", "content": [{"type": "text", "text": t} for t in texts]}}


def answer(mid, ts, usage, model=None, tools=(), block="toolCall"):
    msg = {"role": "assistant"}
    if model:
        msg["model"] = model
    msg["provider"] = "anthropic"
    msg["content"] = [{"type": "text", "text": "working"}] + [
        {"type": block, "id": f"tc{i}", "name": n, "arguments": a} for i, (n, a) in enumerate(tools)]
    if usage is not None:
        msg["usage"] = usage
    rec = {"type": "message", "timestamp": ts, "message": msg}
    if mid is not None:
        rec["id"] = mid
    if ts is None:
        del rec["timestamp"]
    return rec


def u(i, o, cr=0, cw=0, cost=0.05):
    return {"input": i, "output": o, "cacheRead": cr, "cacheWrite": cw, "totalTokens": i + o + cr + cw,
            "cost": {"input": 0.0, "output": 0.0, "cacheRead": 0.0, "cacheWrite": 0.0, "total": cost}}


def build(home: str) -> None:
    main = os.path.join(home, ".openclaw", "agents", "main", "sessions")
    archived = os.path.join(home, ".openclaw", "archive", "oc-old.jsonl")
    write_json(os.path.join(main, "sessions.json"), {
        "agent:main:main": {"sessionId": "oc-a", "updatedAt": 1792300000000},
        "agent:main:old": {"sessionId": "oc-old", "sessionFile": archived},
        "agent:main:gone": {"sessionId": "oc-deleted"},
    })
    write_jsonl(os.path.join(main, "oc-a.jsonl"), [
        session("oc-a"), model_change("claude-opus-4-6"), snapshot("claude-opus-4-6"),
        user("m1", "2026-10-18T07:00:05.000Z", "summarize today's inbox", "and flag urgent mail"),
        user("m1b", "2026-10-18T07:00:06.000Z", "a second prompt before the call"),
        # model from the model_change; cost.total given, but reports re-price
        answer("m2", "2026-10-18T07:00:12.000Z", u(3, 120, 14000, 900), tools=[
            ("exec", {"command": "himalaya list --max 20"}), ("exec", {"command": "himalaya read 7"}),
            ("read", {"path": "notes.md"})]),
        user("m3", "2026-10-18T07:01:00.000Z", "draft replies"),
        answer("m4", "2026-10-18T07:01:30.000Z", u(40, 600, 15000, 200), model="claude-sonnet-4-5",
               tools=[("write", {"path": "drafts.md"}), ("bash", {"command": "ls drafts"})], block="tool_use"),
        # no time of its own: the session's
        answer("m5", None, u(10, 50, 16000)),
        # an unparseable time: dropped
        answer("m6", "yesterday", u(10, 50, 16000)),
        # no id: keyed by its index among the calls (4)
        answer(None, "2026-10-18T07:02:00.000Z", u(7, 70, 16100, 10)),
    ])
    write_jsonl(archived, [
        session("oc-old", ts="2026-10-02T12:00:00.000Z"),
        user("m1", "2026-10-02T12:00:01.000Z", "clean up the downloads folder"),
        answer("m2", "2026-10-02T12:00:09.000Z", u(500, 80, 0, 3000), model="claude-haiku-4-5",
               tools=[("bash", {"command": "rm -rf ~/Downloads/tmp && du -sh ~/Downloads"})]),
    ])
    # not in the index: found by the listing
    write_jsonl(os.path.join(main, "oc-b.jsonl"), [
        session("oc-b", ts="2026-11-05T18:00:00.000Z"), snapshot("claude-sonnet-4-5", "2026-11-05T18:00:00.100Z"),
        user("m1", "2026-11-05T18:00:01.000Z", "what is on my calendar"),
        answer("m2", "2026-11-05T18:00:07.000Z", u(900, 210, 8000, 1200), tools=[("search", {"q": "calendar"})]),
    ])
    # a copy of oc-b under another name: same session id and entry ids, dropped
    write_jsonl(os.path.join(main, "oc-b.copy.jsonl"), [
        session("oc-b", ts="2026-11-05T18:00:00.000Z"),
        answer("m2", "2026-11-05T18:00:07.000Z", u(900, 210, 8000, 1200), model="claude-sonnet-4-5"),
    ])
    write_jsonl(os.path.join(home, ".clawdbot", "agents", "work", "sessions", "cb-1.jsonl"), [
        session("cb-1", ts="2026-10-25T09:00:00.000Z"),
        user("m1", "2026-10-25T09:00:01.000Z", "triage the failing job"),
        # no model anywhere: openclaw-auto (priced as Sonnet 4.5)
        answer("m2", "2026-10-25T09:00:20.000Z", u(1200, 300, 2000, 0)),
    ])
    write_jsonl(os.path.join(home, ".moldbot", "agents", "home", "sessions", "md-1.jsonl"), [
        session("md-1", ts="2026-11-10T20:00:00.000Z"), model_change("claude-haiku-4-5", "2026-11-10T20:00:00.100Z"),
        user("m1", "2026-11-10T20:00:01.000Z", "turn off the lights"),
        answer("m2", "2026-11-10T20:00:03.000Z", u(60, 40, 5000, 0), tools=[("exec", {"command": "hass off"})]),
        # an assistant message without usage is no call
        answer("m3", "2026-11-10T20:00:04.000Z", None),
    ])


def test_read_sessions_models_prompts_and_keys(tmp_path):
    home = str(tmp_path)
    build(home)
    sessions, log, sources = read_all(openclaw, home)
    assert [os.path.basename(s.path) for s in sources] == [
        "oc-a.jsonl", "oc-old.jsonl", "oc-b.copy.jsonl", "oc-b.jsonl", "cb-1.jsonl", "md-1.jsonl"]
    assert [(s.session_id, s.project, len(s.calls)) for s in sessions] == [
        ("oc-a", "main", 4), ("oc-old", "main", 1), ("oc-b", "main", 1), ("oc-b", "main", 1),
        ("cb-1", "work", 1), ("md-1", "home", 1)]
    a = sessions[0].calls
    assert [c.key for c in a] == ["openclaw:oc-a:m2", "openclaw:oc-a:m4", "openclaw:oc-a:m5", "openclaw:oc-a:4"]
    assert [c.model for c in a] == ["claude-opus-4-6", "claude-sonnet-4-5", "claude-opus-4-6", "claude-opus-4-6"]
    assert [c.prompt for c in a] == ["summarize today's inbox", "draft replies", "", ""]
    assert a[2].ts_ms == 1792306800000  # the session's time
    assert a[0].tools == [Tool("exec", command="himalaya list --max 20 ; himalaya read 7"), Tool("read")]
    assert sessions[4].calls[0].model == "openclaw-auto"
    assert totals(unique(calls_of(sessions))) == {"calls": 8, "input": 2720, "output": 1470, "cacheRead": 76100,
                                                  "cacheWrite": 5310, "reasoning": 0}
    assert log.skipped == 0


# CodeBurn 0.9.20 on build()'s files (`--provider openclaw`).
REPORT = {"calls": 8, "sessions": 5, "input": 2720, "output": 1470, "cacheRead": 76100, "cacheWrite": 5310,
          "cost": 0.0760675}


def test_report_equals_the_reference(tmp_path):
    home = str(tmp_path)
    build(home)
    d = checked_report(home, "openclaw", REPORT)
    assert models_of(d) == {
        "Opus 4.6": (3, 0.0348375), "Sonnet 4.5": (2, 0.02712), "OpenClaw (auto)": (1, 0.0087),
        "Haiku 4.5": (2, 0.00541)}
    assert named_calls(d["tools"]) == {"Bash": 4, "Read": 1, "Write": 1}
    # a command name counts once per call, as the reference counts it (two himalaya runs in one call: 1)
    assert named_calls(d["shellCommands"]) == {"himalaya": 1, "ls": 1, "rm": 1, "du": 1,
                                                                   "hass": 1}


def test_bad_input_is_skipped_and_named(tmp_path):
    home = str(tmp_path / "home")
    build(home)
    main = os.path.join(home, ".openclaw", "agents", "main", "sessions")
    write_jsonl(os.path.join(main, "torn.jsonl"), [
        session("torn"),
        answer("t1", "2026-10-18T08:00:00.000Z", {"input": "12", "output": 3}, model="claude-sonnet-4-5"),
        {"type": "message", "id": "t2", "timestamp": "2026-10-18T08:00:01.000Z", "message": ["no"]},
    ], tail='{"type":"message","id":"t3","timestamp":"2026-10-18T08:00:0')
    os.makedirs(os.path.join(main, "dir.jsonl"))
    locked = write_jsonl(os.path.join(main, "locked.jsonl"), [session("locked")])
    os.chmod(locked, 0)
    d, kinds = bad_input_run(tmp_path, "openclaw")
    assert overview(d) == REPORT
    assert kinds == ["2 records of an unexpected shape skipped;", "1 invalid JSON lines or records skipped;",
                     "2 paths could not be read:"]
    assert d["warnings"][0].endswith("torn.jsonl:2") and d["warnings"][1].endswith("torn.jsonl:4")


def test_models_names_a_folded_row_by_the_costlier_projects_model(tmp_path):
    """`openclaw-auto` (no model anywhere in its file) is priced and folded
    as `claude-sonnet-4-5`; the folded `models` row is named by the raw id
    met first walking projects by cost, then sessions as read — here the
    costlier `ops` agent's, though `main` is read first (CodeBurn 0.9.20 on
    these files: one row, claude-sonnet-4-5, 2 calls)."""
    from tests.provider_files import cli_json

    home = str(tmp_path)
    agents = os.path.join(home, ".openclaw", "agents")
    write_jsonl(os.path.join(agents, "main", "sessions", "a.jsonl"), [
        session("oc-a"), user("u1", "2026-10-18T07:00:05.000Z", "hi"),
        answer("m1", "2026-10-18T07:00:12.000Z", u(100, 10, cost=0))])
    write_jsonl(os.path.join(agents, "ops", "sessions", "b.jsonl"), [
        session("oc-b"), user("u1", "2026-10-18T08:00:05.000Z", "hi"),
        answer("m1", "2026-10-18T08:00:12.000Z", u(5000, 500, cost=0), model="claude-sonnet-4-5")])
    rows = cli_json(home, "models", "--format", "json", "-p", "all", "--provider", "openclaw")
    assert [(r["model"], r["modelDisplayName"], r["calls"], r["inputTokens"]) for r in rows] == [
        ("claude-sonnet-4-5", "Sonnet 4.5", 2, 5100)]
