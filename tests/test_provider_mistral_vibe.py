"""Mistral Vibe (spec providers §1.11): session totals split over the
assistant messages (the first `total % N` get one more), Vibe's own cost
kept (session cost, else its per-million prices, else the token price),
one session-level call when there is no assistant message, subagent
sessions, VIBE_HOME. Expected totals are CodeBurn 0.9.20's."""
from __future__ import annotations

import json
import os

from codeburn.providers import mistral_vibe
from codeburn.providers.records import Tool
from tests.provider_files import (
    bad_input_run, calls_of, checked_report, models_of, named_calls, overview, read_all, report, totals, write_json,
    write_jsonl
)


def meta(sid, prompt, completion, cost=None, wd="/home/dev/pytools", end="2026-11-01T12:00:21Z", active=None,
         models=None, **stats):
    m = {"session_id": sid, "start_time": "2026-11-01T11:59:58Z", "end_time": end, "git_commit": None,
         "title": f"title of {sid}", "environment": {"working_directory": wd},
         "stats": {"steps": 3, "session_prompt_tokens": prompt, "session_completion_tokens": completion,
                   "tool_calls_agreed": 1, "tokens_per_second": 41.2, **stats},
         "config": {"models": models or []}}
    if cost is not None:
        m["stats"]["session_cost"] = cost
    if active is not None:
        m["config"]["active_model"] = active
    return m


def user(text, mid=None):
    rec = {"role": "user", "content": text}
    if mid:
        rec["message_id"] = mid
    return rec


def assistant(text, mid=None, tools=(), ts=None):
    rec = {"role": "assistant", "content": text}
    if mid:
        rec["message_id"] = mid
    if ts:
        rec["timestamp"] = ts
    if tools:
        rec["tool_calls"] = [{"id": f"tc-{i}", "type": "function",
                              "function": {"name": n, "arguments": a if isinstance(a, str) else json.dumps(a)}}
                             for i, (n, a) in enumerate(tools)]
    return rec


def session(root, name, meta_, messages):
    write_json(os.path.join(root, name, "meta.json"), meta_)
    write_jsonl(os.path.join(root, name, "messages.jsonl"), messages)


DEVSTRAL = [{"name": "mistral-medium-latest", "alias": "devstral-medium", "input_price": 0.4, "output_price": 2.0}]


def build(home: str, root: str | None = None) -> None:
    root = root or os.path.join(home, ".vibe", "logs", "session")
    # three answers share 18001 / 902 tokens: 6001/301, 6000/301, 6000/300; the session cost is split evenly
    session(root, "session_20261101_115958_9a8b", meta("vibe-9a8b", 18001, 902, 0.0123, active="devstral-medium",
                                                       models=DEVSTRAL), [
        {"role": "system", "content": "You are Vibe"},
        user("add type hints to utils.py", "mv-u1"),
        assistant("", "mv-a1", tools=[("bash", {"command": "python -m mypy utils.py && git diff --stat"}),
                                      ("search_replace", {"file_path": "utils.py", "content": "..."})]),
        {"role": "tool", "content": "Success: no issues found", "tool_call_id": "tc-0", "name": "bash"},
        assistant("Done — mypy is clean.", "mv-a2"),
        user([{"type": "text", "text": "now the tests"}]),
        # no message id: keyed idx-2
        assistant("Added tests.", tools=[("write_file", {"path": "test_utils.py"}), ("todo", "{}")]),
    ])
    # no session cost: the stats' per-million prices
    session(root, "session_20261103_090000_c001", meta("vibe-c001", 40000, 2000, None, wd="/home/dev/api",
                                                       end="2026-11-03T09:10:00Z", active="devstral-small",
                                                       input_price_per_million=0.1, output_price_per_million=0.3), [
        user("explain the router"), assistant("It dispatches on path.", "c1", tools=[("grep", {"pattern": "route"}),
                                                                                     ("read_file", {"path": "r.py"})]),
    ])
    # neither: the active model config's prices
    session(root, "session_20261104_100000_d002", meta("vibe-d002", 12000, 600, None, wd="/home/dev/api",
                                                       end="2026-11-04T10:02:00Z", active="devstral-medium",
                                                       models=DEVSTRAL), [
        user("rename the module"), assistant("Renamed.", "d1", tools=[("bash", "{\"command\": \"git mv a.py b.py\"}")]),
    ])
    # no assistant message: one session-level call (the title when no user text)
    session(root, "session_20261105_080000_e003", meta("vibe-e003", 3000, 0, 0.002, wd="/home/dev/cli",
                                                       end=None), [
        {"role": "system", "content": "You are Vibe"},
    ])
    # no tokens: nothing
    session(root, "session_20261106_080000_f004", meta("vibe-f004", 0, 0, 0.5), [user("hi"), assistant("hello")])
    # a subagent: a session of its own
    session(root, "session_20261101_115958_9a8b/agents/explore", meta(
        "vibe-9a8b-explore", 5000, 250, 0.001, wd="/home/dev/pytools", end="2026-11-01T12:00:15Z"), [
        user("find callers of parse()"), assistant("Three callers.", "x1", tools=[("task", {"prompt": "x"})]),
    ])


def test_read_split_costs_and_turns(tmp_path):
    home = str(tmp_path)
    build(home)
    sessions, log, sources = read_all(mistral_vibe, home)
    assert [os.path.basename(s.path) for s in sources] == [
        "session_20261101_115958_9a8b", "explore", "session_20261103_090000_c001", "session_20261104_100000_d002",
        "session_20261105_080000_e003", "session_20261106_080000_f004"]
    first = sessions[0]
    assert (first.session_id, first.project) == ("vibe-9a8b", "pytools")
    assert [(c.input, c.output) for c in first.calls] == [(6001, 301), (6000, 301), (6000, 300)]
    assert [c.key for c in first.calls] == ["mistral-vibe:vibe-9a8b:mv-a1", "mistral-vibe:vibe-9a8b:mv-a2",
                                            "mistral-vibe:vibe-9a8b:idx-2"]
    assert [c.turn for c in first.calls] == ["vibe-9a8b:turn-0", "vibe-9a8b:turn-0", "vibe-9a8b:turn-1"]
    assert [c.prompt for c in first.calls] == ["add type hints to utils.py"] * 2 + ["now the tests"]
    assert all(c.cost == 0.0123 / 3 and c.model == "devstral-medium" for c in first.calls)
    assert first.calls[0].tools == [Tool("bash", command="python -m mypy utils.py && git diff --stat"),
                                    Tool("search_replace", file="utils.py")]
    assert {c.ts_ms for c in first.calls} == {1793534421000}   # messages carry no time: the end time
    by_id = {s.session_id: s for s in sessions}
    assert by_id["vibe-c001"].calls[0].cost == 40000 / 1e6 * 0.1 + 2000 / 1e6 * 0.3
    assert by_id["vibe-d002"].calls[0].cost == 12000 / 1e6 * 0.4 + 600 / 1e6 * 2.0
    lone = by_id["vibe-e003"].calls[0]
    assert (lone.key, lone.prompt, lone.cost, lone.turn) == ("mistral-vibe:vibe-e003", "title of vibe-e003", 0.002,
                                                            None)
    assert "vibe-f004" not in by_id
    assert totals(calls_of(sessions)) == {"calls": 7, "input": 78001, "output": 3752, "cacheRead": 0,
                                          "cacheWrite": 0, "reasoning": 0}
    assert log.skipped == 0


def test_vibe_home(tmp_path):
    home = str(tmp_path)
    build(home, os.path.join(home, "vibe-data", "logs", "session"))
    sessions, _, _ = read_all(mistral_vibe, home, env={"VIBE_HOME": "~/vibe-data"})
    assert len(sessions) == 5


# CodeBurn 0.9.20 on build()'s files: Vibe's own costs are kept.
REPORT = {"calls": 7, "sessions": 5, "input": 78001, "output": 3752, "cacheRead": 0, "cacheWrite": 0,
          "cost": 0.0259}


def test_report_equals_the_reference(tmp_path):
    home = str(tmp_path)
    build(home)
    d = checked_report(home, "mistral-vibe", REPORT)
    assert models_of(d) == {
        "devstral-medium": (4, 0.0183), "devstral-small": (1, 0.0046), "mistral-medium-3.5": (2, 0.003)}
    assert named_calls(d["tools"]) == {"Bash": 2, "Edit": 1, "Write": 1, "TodoWrite": 1,
                                                           "Agent": 1, "Grep": 1, "Read": 1}
    assert named_calls(d["shellCommands"]) == {"git": 2, "python": 1}


def test_bad_input_is_skipped_and_named(tmp_path):
    home = str(tmp_path / "home")
    build(home)
    root = os.path.join(home, ".vibe", "logs", "session")
    session(root, "session_torn", meta("vibe-torn", 100, 10, 0.01), [user("x")])
    with open(os.path.join(root, "session_torn", "meta.json"), "w") as f:
        f.write('{"session_id": "vibe-torn", "stats": {"session_prompt_tok')           # cut mid-write
    session(root, "session_lines", meta("vibe-lines", 0, 0), [])
    write_jsonl(os.path.join(root, "session_lines", "messages.jsonl"), [user("x"), [1]], tail='{"role":"assi')
    os.makedirs(os.path.join(root, "session_dir", "meta.json"))
    write_jsonl(os.path.join(root, "session_dir", "messages.jsonl"), [])
    session(root, "session_locked", meta("vibe-locked", 100, 10, 0.01), [])
    os.chmod(os.path.join(root, "session_locked", "meta.json"), 0)
    session(root, "session_list", [1, 2], [])
    d, kinds = bad_input_run(tmp_path, "mistral-vibe")
    assert overview(d) == REPORT
    assert kinds == ["1 records of an unexpected shape skipped;", "1 invalid JSON lines or records skipped;",
                     "2 paths could not be read:"]


def test_token_priced_session_split_evenly_and_trailing_slash_project(tmp_path):
    """No Vibe cost and no per-million prices: the session's tokens are priced
    once and the cost divided evenly (10001 x $3/M + 1000 x $15/M = 0.045003,
    0.015001 a message), not each message's token share priced (0.015012,
    0.015007, 0.015004); a working directory written with a trailing '/' is
    still its last folder's name. CodeBurn 0.9.20 on these files: project
    "vibe ü", three activities of 0.015001."""
    home = str(tmp_path)
    root = os.path.join(home, ".vibe", "logs", "session")
    m = meta("vibe-ab12", 10001, 1000, None, wd="/work/vibe ü/", end="2026-11-20T10:05:00Z",
             active="claude-sonnet-4-5")
    session(root, "session_20261120_100000_ab12", m, [
        user("explain the retry logic"), assistant("a", "a1"),
        user("fix the crash in the parser"), assistant("b", "a2", tools=[("search_replace", "{}")]),
        user("run npm install"), assistant("c", "a3", tools=[("bash", {"command": "npm install"})])])
    sessions, _, _ = read_all(mistral_vibe, home)
    assert [s.project for s in sessions] == ["vibe ü"]
    assert [round(c.cost, 12) for c in sessions[0].calls] == [0.015001] * 3
    _, d, _ = report(home, "mistral-vibe")
    assert [(p["name"], round(p["cost"], 9)) for p in d["projects"]] == [("vibe ü", 0.045003)]
    assert sorted((a["category"], round(a["cost"], 9)) for a in d["activities"]) == [
        ("Build/Deploy", 0.015001), ("Debugging", 0.015001), ("Exploration", 0.015001)]


def test_a_session_run_in_the_root(tmp_path):
    """working_directory "/" has an empty basename: CodeBurn 0.9.20 names the
    project "" with path "/" (one session, Vibe's own $0.05), not the
    session folder."""
    home = str(tmp_path)
    root = os.path.join(home, ".vibe", "logs", "session")
    session(root, "session_20261120_100000_ab12", meta("vibe-root", 10000, 1000, 0.05, wd="/",
                                                        end="2026-11-20T10:05:00Z", active="devstral-medium"),
            [user("hi"), assistant("a", "a1")])
    _, d, _ = report(home, "mistral-vibe")
    assert [(p["name"], p["path"], p["sessions"], round(p["cost"], 9)) for p in d["projects"]] == [("", "/", 1, 0.05)]
