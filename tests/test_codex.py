"""Codex rollouts: discovery, every token-event shape, forks, tools, turns,
the provider split. Costs are worked out from gpt-5.3-codex's list prices
(per token: $1.75e-6 input, $1.4e-5 output, $1.75e-7 cached input) and
gpt-5's ($1.25e-6, $1e-5, $1.25e-7)."""
from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from codeburn.classify.categories import CATEGORIES
from codeburn.providers import codex
from codeburn.providers.base import Walker
from codeburn.read.scan import scan_sources

IN, OUT, CACHED = 1.75e-6, 1.4e-5, 1.75e-7

# The rollouts are dated in April 2026 (the spec's example), after conftest's
# clock: these reports run at a clock after them, as 0.9.20's totals leave
# out the days after today (its day history ends today).
LATER = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def run(run):
    def later(*argv, now=LATER, **kw):
        return run(*argv, now=now, **kw)
    return later
SID = "0196a1b2-3c4d-7e8f-9a0b-1c2d3e4f5a6b"


def line(ts: str, kind: str, payload: dict) -> str:
    return json.dumps({"timestamp": ts, "type": kind, "payload": payload}, separators=(",", ":"))


def meta(ts="2026-04-14T10:00:00.000Z", sid=SID, cwd="/Users/dev/work/ledger", model="gpt-5.3-codex", **extra):
    p = {"id": sid, "session_id": sid, "timestamp": ts, "cwd": cwd, "originator": "codex_cli_rs",
         "cli_version": "0.130.0", "model_provider": "openai", "model": model,
         "base_instructions": {"text": "You are Codex", "model": "not-this-one"}}
    p.update(extra)
    return line(ts, "session_meta", p)


def user(ts, *texts):
    return line(ts, "response_item", {"type": "message", "role": "user",
                                      "content": [{"type": "input_text", "text": t} for t in texts]})


def assistant(ts, text):
    return line(ts, "response_item", {"type": "message", "role": "assistant",
                                      "content": [{"type": "output_text", "text": text}]})


def call(ts, name, arguments):
    return line(ts, "response_item", {"type": "function_call", "name": name,
                                      "arguments": json.dumps(arguments) if isinstance(arguments, dict) else arguments,
                                      "call_id": f"c-{ts}"})


def output(ts, text):
    return line(ts, "response_item", {"type": "function_call_output", "call_id": f"c-{ts}", "output": text})


def usage(inp, cached, out, reasoning=0):
    return {"input_tokens": inp, "cached_input_tokens": cached, "output_tokens": out,
            "reasoning_output_tokens": reasoning, "total_tokens": inp + out}


def tokens(ts, total=None, last=None, **extra):
    info = {}
    if total is not None:
        info["total_token_usage"] = total
    if last is not None:
        info["last_token_usage"] = last
    info.update(extra)
    return line(ts, "event_msg", {"type": "token_count", "info": info, "rate_limits": {"primary": {"used_percent": 3}}})


def rate_limit_only(ts):
    return line(ts, "event_msg", {"type": "token_count", "info": None, "rate_limits": {}})


def patch(ts, *files):
    return line(ts, "event_msg", {"type": "patch_apply_end", "call_id": "p", "success": True,
                                  "changes": {f: {"type": "update", "unified_diff": "@@\n-a\n+b\n"} for f in files}})


def write_rollout(root, lines, day="2026/04/14", name=f"rollout-2026-04-14T10-00-00-{SID}.jsonl",
                  archived=False, tail=""):
    d = os.path.join(root, "archived_sessions") if archived else os.path.join(root, "sessions", *day.split("/"))
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n" + tail)
    return path


def scan_codex(root):
    sources = list(codex.discover({"CODEX_HOME": str(root)}, "/nonexistent", Walker()))
    return sources, scan_sources(sources)


def calls(result):
    c, s = result.cols, result.strings
    return [(s[c["model"][i]], int(c["input"][i]), int(c["output"][i]), int(c["cache_read"][i]),
             int(c["reasoning"][i]), int(c["estimated"][i])) for i in range(c["ts"].size)]


SPEC_EXAMPLE = [
    meta(),
    line("2026-04-14T10:00:00.500Z", "event_msg", {"type": "task_started", "turn_id": "turn-1"}),
    line("2026-04-14T10:00:00.700Z", "turn_context", {"turn_id": "turn-1", "cwd": "/Users/dev/work/ledger",
                                                      "model": "gpt-5.3-codex"}),
    user("2026-04-14T10:00:01.000Z", "add pagination to the invoices endpoint"),
    call("2026-04-14T10:00:05.000Z", "exec_command", {"cmd": "rg -n invoices src/api", "workdir": "/x"}),
    output("2026-04-14T10:00:05.000Z", "src/api/invoices.ts:12: ..."),
    tokens("2026-04-14T10:00:07.000Z", usage(9800, 6400, 420, 256), usage(9800, 6400, 420, 256)),
    line("2026-04-14T10:00:12.000Z", "response_item", {"type": "custom_tool_call", "call_id": "a2",
                                                       "name": "apply_patch", "input": "*** Begin Patch"}),
    patch("2026-04-14T10:00:12.300Z", "/Users/dev/work/ledger/src/api/invoices.ts"),
    line("2026-04-14T10:00:15.000Z", "event_msg", {"type": "mcp_tool_call_end", "call_id": "a3",
                                                   "invocation": {"server": "github", "tool": "get_issue"}}),
    assistant("2026-04-14T10:00:18.000Z", "Added limit/offset pagination."),
    tokens("2026-04-14T10:00:18.500Z", usage(21500, 16000, 910, 512), usage(11700, 9600, 490, 256)),
    rate_limit_only("2026-04-14T10:00:18.600Z"),
    line("2026-04-14T10:00:19.000Z", "event_msg", {"type": "task_complete", "duration_ms": 18500}),
]


def test_spec_example(tmp_path):
    write_rollout(tmp_path, SPEC_EXAMPLE)
    sources, r = scan_codex(tmp_path)
    # input includes cached (OpenAI): 9800 - 6400 and 11700 - 9600; reasoning stays inside output
    assert calls(r) == [("gpt-5.3-codex", 3400, 420, 6400, 256, 0), ("gpt-5.3-codex", 2100, 490, 9600, 256, 0)]
    c, s = r.cols, r.strings
    assert [(int(c["tool_call"][i]), s[n]) for i, n in enumerate(c["tool_name"])] == [
        (0, "Bash"), (1, "Edit"), (1, "Edit"), (1, "mcp__github__get_issue")]
    assert c["shell_call"].size == 0  # Codex reports no shell-command names
    assert (sources[0].session_id, sources[0].project, r.cwd) == (SID, "Users-dev-work-ledger",
                                                                  ["/Users/dev/work/ledger"])
    # one prompt, one turn: an edit turn, classified from the prompt
    assert c["turn"].tolist() == [0, 0] and CATEGORIES[c["turn_category"][0]] == "feature"


def test_report_prices_codex_calls(tmp_path, run):
    write_rollout(tmp_path, SPEC_EXAMPLE)
    doc = run("report", "--from", "2026-04-01", "--to", "2026-04-30", "--format", "json",
              env={"CODEX_HOME": str(tmp_path)}).json
    expected = 3400 * IN + 420 * OUT + 6400 * CACHED + 2100 * IN + 490 * OUT + 9600 * CACHED
    assert doc["overview"]["cost"] == pytest.approx(expected, rel=1e-12)
    assert doc["overview"]["tokens"] == {"input": 5500, "output": 910, "cacheRead": 16000, "cacheWrite": 0}
    assert [(p["name"], p["displayName"], p["calls"], p["sessions"]) for p in doc["providers"]] == [
        ("codex", "Codex", 2, 1)]
    assert [(p["name"], p["path"], p["calls"]) for p in doc["projects"]] == [
        ("Users-dev-work-ledger", "/Users/dev/work/ledger", 2)]
    assert [(a["category"], a["turns"], a["editTurns"]) for a in doc["activities"]] == [("Feature Dev", 1, 1)]
    assert doc["topSessions"][0]["sessionId"] == SID
    # --provider claude leaves the rollout out
    claude_only = run("report", "--from", "2026-04-01", "--to", "2026-04-30", "--format", "json",
                      "--provider", "claude", env={"CODEX_HOME": str(tmp_path)}).json
    assert claude_only["overview"]["calls"] == 0


@pytest.mark.parametrize("name,events,expected", [
    ("duplicate emission is skipped", [
        tokens("2026-04-14T10:00:02.000Z", usage(100, 0, 10), usage(100, 0, 10)),
        tokens("2026-04-14T10:00:02.100Z", usage(100, 0, 10), usage(100, 0, 10))],
     [("gpt-5.3-codex", 100, 10, 0, 0, 0)]),
    ("total only: differences of the cumulative counters", [
        tokens("2026-04-14T10:00:02.000Z", usage(1000, 200, 50, 10)),
        tokens("2026-04-14T10:00:03.000Z", usage(2500, 1200, 80, 30))],
     [("gpt-5.3-codex", 800, 50, 200, 10, 0), ("gpt-5.3-codex", 500, 30, 1000, 20, 0)]),
    ("last only: no total, dedup by total 0 lets the first through", [
        tokens("2026-04-14T10:00:02.000Z", None, usage(300, 100, 40))],
     [("gpt-5.3-codex", 200, 40, 100, 0, 0)]),
    ("model from the event, then info.model", [
        tokens("2026-04-14T10:00:02.000Z", usage(10, 0, 1), usage(10, 0, 1), model="o4-mini"),
        line("2026-04-14T10:00:03.000Z", "event_msg", {"type": "token_count", "model": "gpt-5",
                                                      "info": {"total_token_usage": usage(20, 0, 2),
                                                               "last_token_usage": usage(10, 0, 1)}})],
     [("o4-mini", 10, 1, 0, 0, 0), ("gpt-5", 10, 1, 0, 0, 0)]),
    ("all-zero usage is not a call", [tokens("2026-04-14T10:00:02.000Z", usage(0, 0, 0), usage(0, 0, 0))], []),
    ("info null after text: estimated from chars / 4", [
        user("2026-04-14T10:00:01.000Z", "fix the flaky test now"),     # 22 chars -> 6 tokens
        assistant("2026-04-14T10:00:01.500Z", "x" * 41),                 # 41 chars -> 11 tokens
        rate_limit_only("2026-04-14T10:00:02.000Z")],
     [("gpt-5.3-codex", 6, 11, 0, 0, 1)]),
    ("info null with nothing pending is nothing", [rate_limit_only("2026-04-14T10:00:02.000Z")], []),
])
def test_token_event_shapes(tmp_path, name, events, expected):
    write_rollout(tmp_path, [meta(), *events])
    _, r = scan_codex(tmp_path)
    assert calls(r) == expected


def test_fork_replay_is_skipped_and_dedup_uses_the_parent(tmp_path):
    parent = [meta(), user("2026-04-14T10:00:01.000Z", "write a test"),
              tokens("2026-04-14T10:00:02.000Z", usage(100, 0, 10), usage(100, 0, 10))]
    fork_id = "fork-1111"
    fork = [meta("2026-04-14T11:00:00.000Z", sid=fork_id, forked_from_id=SID),
            # replayed parent history within 5 s of the fork's session_meta
            user("2026-04-14T11:00:00.100Z", "write a test"),
            call("2026-04-14T11:00:00.200Z", "exec_command", {"cmd": "npm test"}),
            tokens("2026-04-14T11:00:00.300Z", usage(100, 0, 10), usage(100, 0, 10)),
            # new work
            user("2026-04-14T11:00:10.000Z", "now refactor it"),
            call("2026-04-14T11:00:11.000Z", "read_file", {"path": "src/a.ts"}),
            tokens("2026-04-14T11:00:12.000Z", usage(250, 50, 30), usage(150, 50, 20))]
    write_rollout(tmp_path, parent)
    write_rollout(tmp_path, fork, name=f"rollout-2026-04-14T11-00-00-{fork_id}.jsonl")
    sources, r = scan_codex(tmp_path)
    assert calls(r) == [("gpt-5.3-codex", 100, 10, 0, 0, 0), ("gpt-5.3-codex", 100, 20, 50, 0, 0)]
    c, s = r.cols, r.strings
    assert [s[n] for n in c["tool_name"]] == ["Read"]  # the replayed npm test is not new work
    assert c["file"].tolist() == [0, 1] and CATEGORIES[c["turn_category"][1]] == "exploration"


def test_a_fork_whose_replay_repeats_a_parent_call_is_deduplicated(tmp_path):
    """Same totals as the parent's event, outside the replay window: the key
    (parent id + totals) makes it the parent's call, counted once."""
    parent = [meta(), tokens("2026-04-14T10:00:02.000Z", usage(100, 0, 10), usage(100, 0, 10))]
    fork = [meta("2026-04-14T11:00:00.000Z", sid="f2", forked_from_id=SID),
            tokens("2026-04-14T11:00:30.000Z", usage(100, 0, 10), usage(100, 0, 10))]
    write_rollout(tmp_path, parent)
    write_rollout(tmp_path, fork, name="rollout-2026-04-14T11-00-00-f2.jsonl")
    _, r = scan_codex(tmp_path)
    assert len(calls(r)) == 1 and r.stats["global_dups"] == 1


def test_tools_turns_and_retries(tmp_path):
    write_rollout(tmp_path, [
        meta(),
        user("2026-04-14T10:00:01.000Z", "fix the failing build"),
        patch("2026-04-14T10:00:02.000Z", "/w/a.ts", "/w/b.ts"),          # one Edit, two steps
        call("2026-04-14T10:00:03.000Z", "exec_command", '{"cmd":"npm test"}'),
        tokens("2026-04-14T10:00:04.000Z", usage(100, 0, 10), usage(100, 0, 10)),
        patch("2026-04-14T10:00:05.000Z", "/w/a.ts"),                     # re-edit after a test run
        call("2026-04-14T10:00:06.000Z", "exec_command", '{"cmd":"rg -n foo src"}'),  # a lookup
        patch("2026-04-14T10:00:07.000Z", "/w/a.ts"),
        tokens("2026-04-14T10:00:08.000Z", usage(200, 0, 20), usage(100, 0, 10)),
        user("2026-04-14T10:01:00.000Z", "spawn a helper for the docs"),
        call("2026-04-14T10:01:01.000Z", "spawn_agent", {"task": "docs"}),
        call("2026-04-14T10:01:02.000Z", "shell", {"command": ["bash", "-lc", "ls"]}),
        tokens("2026-04-14T10:01:03.000Z", usage(300, 0, 30), usage(100, 0, 10)),
    ])
    _, r = scan_codex(tmp_path)
    c, s = r.cols, r.strings
    assert [(int(c["tool_call"][i]), s[n]) for i, n in enumerate(c["tool_name"])] == [
        (0, "Edit"), (0, "Bash"), (1, "Edit"), (1, "Bash"), (1, "Edit"), (2, "Agent"), (2, "shell")]
    assert c["turn"].tolist() == [0, 0, 1]
    assert c["turn_retries"].tolist() == [1, 0]
    assert [CATEGORIES[x] for x in c["turn_category"]] == ["debugging", "delegation"]


def test_discovery(tmp_path):
    a = write_rollout(tmp_path, [meta()], day="2026/04/14", name="rollout-a.jsonl")
    write_rollout(tmp_path, [meta()], archived=True, name="rollout-a.jsonl")   # same basename: once
    b = write_rollout(tmp_path, [meta()], archived=True, name="rollout-b.jsonl")
    write_rollout(tmp_path, [meta()], day="2026/4/14", name="rollout-c.jsonl")  # month not two digits
    write_rollout(tmp_path, [meta()], day="2026/04/14", name="session-d.jsonl")  # not a rollout name
    sources = list(codex.discover({"CODEX_HOME": str(tmp_path)}, "/nonexistent", Walker()))
    assert [s.path for s in sources] == [a, b]
    home = tmp_path / "home"
    default = write_rollout(str(home / ".codex"), [meta()], name="rollout-e.jsonl")
    assert [s.path for s in codex.discover({}, str(home), Walker())] == [default]


def test_a_file_that_is_not_a_session_is_named(tmp_path, run):
    write_rollout(tmp_path, [line("2026-04-14T10:00:00Z", "event_msg", {"type": "task_started"}),
                             tokens("2026-04-14T10:00:02.000Z", usage(100, 0, 10), usage(100, 0, 10))],
                  name="rollout-x.jsonl")
    doc = run("report", "-p", "lifetime", "--format", "json", env={"CODEX_HOME": str(tmp_path)}).json
    path = os.path.join(tmp_path, "sessions", "2026", "04", "14", "rollout-x.jsonl")
    assert doc["overview"]["calls"] == 0
    assert doc["warnings"] == [f"1 file skipped: not a Codex session (the first line is not session_meta): {path}"]


def test_period_slices_a_codex_turn_by_call(tmp_path, run):
    """A Codex turn that runs past midnight counts each call on its own day,
    as CodeBurn 0.9.20 slices provider turns (measured: --day of each side
    gives 1 call, input 100 and 200)."""
    write_rollout(tmp_path, [meta("2026-04-14T23:00:00.000Z"), user("2026-04-14T23:50:00.000Z", "add a flag"),
                             tokens("2026-04-14T23:59:00.000Z", usage(100, 0, 10), usage(100, 0, 10)),
                             tokens("2026-04-15T00:10:00.000Z", usage(300, 0, 30), usage(200, 0, 20))])
    day1 = run("report", "--day", "2026-04-14", "--format", "json", env={"CODEX_HOME": str(tmp_path)}).json
    day2 = run("report", "--day", "2026-04-15", "--format", "json", env={"CODEX_HOME": str(tmp_path)}).json
    assert (day1["overview"]["calls"], day1["overview"]["tokens"]["input"]) == (1, 100)
    assert (day2["overview"]["calls"], day2["overview"]["tokens"]["input"]) == (1, 200)


def test_a_codex_call_without_a_timestamp_is_in_no_period(tmp_path, run):
    """A token_count line with no timestamp gives a call with an empty time
    (spec providers §0.1), which no period holds; its totals still count as
    the previous ones for the next line (0.9.20: 1 call, input 100)."""
    untimed = json.loads(tokens("2026-04-14T10:00:03.000Z", usage(300, 0, 30), usage(200, 0, 20)))
    del untimed["timestamp"]
    untimed = json.dumps(untimed)
    write_rollout(tmp_path, [meta("2026-04-14T10:00:00.000Z"), user("2026-04-14T10:00:01.000Z", "add a flag"),
                             tokens("2026-04-14T10:00:02.000Z", usage(100, 0, 10), usage(100, 0, 10)), untimed,
                             tokens("2026-04-14T10:00:04.000Z", usage(350, 0, 35))])
    doc = run("report", "--from", "2026-04-01", "--to", "2026-04-30", "--format", "json",
              env={"CODEX_HOME": str(tmp_path)}).json
    assert (doc["overview"]["calls"], doc["overview"]["tokens"]["input"], doc["overview"]["tokens"]["output"]) == \
        (2, 150, 15)


def write_untimed_first_call(root, day="2026-04-14"):
    untimed = json.loads(tokens(f"{day}T10:00:02.000Z", usage(100, 0, 10), usage(100, 0, 10)))
    del untimed["timestamp"]
    return write_rollout(root, [meta(f"{day}T10:00:00.000Z"), user(f"{day}T10:00:01.000Z", "add a flag"),
                                json.dumps(untimed),
                                tokens(f"{day}T10:00:03.000Z", usage(300, 0, 30), usage(200, 0, 20))],
                         day=day.replace("-", "/"), name=f"rollout-{day}T10-00-00-{SID}.jsonl")


def test_a_turn_whose_first_call_has_no_time_counts_on_its_first_timed_calls_day(tmp_path, run):
    """The untimed call is in no period; the turn is the period's by its
    other call, and its daily row counts it (0.9.20: 1 call, 1 turn)."""
    write_untimed_first_call(tmp_path, "2026-03-02")
    doc = run("report", "--from", "2026-03-01", "--to", "2026-03-05", "--format", "json",
              env={"CODEX_HOME": str(tmp_path)}).json
    assert [(d["date"], d["calls"], d["turns"]) for d in doc["daily"]] == [("2026-03-02", 1, 1)]
    assert (doc["overview"]["calls"], doc["overview"]["tokens"]["input"]) == (1, 200)


@pytest.mark.parametrize("head, calls", [("\ufeff", 0), ("\n", 0), ("\r\n", 0), ("  \t", 1)])
def test_a_rollout_whose_first_line_does_not_parse_as_it_stands_is_not_a_session(tmp_path, run, head, calls):
    """The first line is parsed as it stands (spec providers §1.2): a
    byte-order mark or a leading line break makes the file no session for
    CodeBurn 0.9.20 (0 calls), leading blanks do not (1 call, input 100)."""
    path = write_rollout(tmp_path, [meta("2026-04-14T10:00:00.000Z"), user("2026-04-14T10:00:01.000Z", "add a flag"),
                                    tokens("2026-04-14T10:00:02.000Z", usage(100, 0, 10), usage(100, 0, 10))])
    with open(path, encoding="utf-8") as f:
        body = f.read()
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(head + body)
    doc = run("report", "--from", "2026-04-01", "--to", "2026-04-30", "--format", "json",
              env={"CODEX_HOME": str(tmp_path)}).json
    assert (doc["overview"]["calls"], doc["overview"]["tokens"]["input"]) == (calls, 100 * calls)
    if not calls:
        assert doc["warnings"] == [f"1 file skipped: not a Codex session (the first line is not session_meta): {path}"]


def test_scan_path_recognises_rollouts_and_torn_tails(tmp_path, run):
    path = write_rollout(tmp_path, SPEC_EXAMPLE, tail='{"timestamp":"2026-04-14T10:00:20.000Z","type":"event_')
    doc = run("scan", path, "--from", "2026-04-01", "--to", "2026-04-30", "--format", "json").json
    assert (doc["overview"]["calls"], doc["warnings"]) == (2, [])


def test_estimated_cost_is_reported(tmp_path, run):
    write_rollout(tmp_path, [meta(model="gpt-5"), user("2026-04-14T10:00:01.000Z", "x" * 400),  # 100 tokens
                             rate_limit_only("2026-04-14T10:00:02.000Z")])
    doc = run("report", "--from", "2026-04-01", "--to", "2026-04-30", "--format", "json",
              env={"CODEX_HOME": str(tmp_path)}).json
    assert doc["overview"]["estimatedCost"] == pytest.approx(100 * 1.25e-6, rel=1e-12)
    assert doc["overview"]["cost"] == doc["overview"]["estimatedCost"]
    assert [(m["name"], m["estimatedCost"]) for m in doc["models"]] == [("GPT-5", pytest.approx(1.25e-4, rel=1e-12))]


def test_huge_lines_are_streamed_or_skipped(tmp_path):
    """A 3 MB tool output and a 3 MB event no report reads are skipped
    from their first bytes; a 3 MB finished-command event and a 2 MB
    prompt go through the streaming reducer (only the first 500 units of
    the prompt matter) and the calls still count."""
    big_output = output("2026-04-14T10:00:03.000Z", "y" * (3 << 20))
    unread_event = line("2026-04-14T10:00:04.000Z", "event_msg",
                        {"type": "exec_command_end", "aggregated_output": "z" * (3 << 20)})
    big_event = line("2026-04-14T10:00:04.000Z", "event_msg",
                     {"type": "item_completed", "item": {"type": "CommandExecution", "command": ["/bin/zsh", "-lc", "ls"],
                                                         "aggregated_output": "z" * (3 << 20)}})
    write_rollout(tmp_path, [meta(), user("2026-04-14T10:00:01.000Z", "refactor the parser " + "w " * (1 << 20)),
                             call("2026-04-14T10:00:02.000Z", "apply_patch", {"path": "/w/a.ts"}),
                             big_output, unread_event, big_event,
                             tokens("2026-04-14T10:00:05.000Z", usage(100, 0, 10), usage(100, 0, 10))])
    _, r = scan_codex(tmp_path)
    assert calls(r) == [("gpt-5.3-codex", 100, 10, 0, 0, 0)]
    assert (r.stats["huge"], r.stats["invalid"]) == (2, 0)  # the prompt and the event; the output never parsed
    assert CATEGORIES[r.cols["turn_category"][0]] == "refactoring"


@pytest.mark.parametrize("model,cache_write,expected_input,expected_cw,cost", [
    # gpt-5.6-codex has an explicit cache-write rate ($6.25e-6): the writes leave the input
    ("gpt-5.6-codex", 1000, 2000, 1000, 2000 * 5e-6 + 1000 * 6.25e-6 + 2000 * 5e-7 + 100 * 3e-5),
    ("gpt-5.6-codex", 5000, 0, 3000, 3000 * 6.25e-6 + 2000 * 5e-7 + 100 * 3e-5),   # clamped to the uncached part
    # gpt-5.3-codex has none: they stay plain input
    ("gpt-5.3-codex", 1000, 3000, 0, 3000 * IN + 2000 * CACHED + 100 * OUT),
])
def test_openai_cache_writes(tmp_path, run, model, cache_write, expected_input, expected_cw, cost):
    u = dict(usage(5000, 2000, 100), cache_write_input_tokens=cache_write)
    write_rollout(tmp_path, [meta(model=model), tokens("2026-04-14T10:00:02.000Z", u, u)])
    doc = run("report", "--from", "2026-04-01", "--to", "2026-04-30", "--format", "json",
              env={"CODEX_HOME": str(tmp_path)}).json
    t = doc["overview"]["tokens"]
    assert (t["input"], t["cacheWrite"], t["cacheRead"]) == (expected_input, expected_cw, 2000)
    assert doc["overview"]["cost"] == pytest.approx(cost, rel=1e-12)


def item_completed(ts, argv):
    return line(ts, "event_msg", {"type": "item_completed", "item": {"type": "CommandExecution", "command": argv,
                                                                     "exit_code": 0}})


def test_shell_commands_attribute_skills_and_mcp_tools_once(tmp_path):
    """A SKILL.md read adds Skill (with its name), an `mcp-cli … call s t`
    adds mcp__s__t; a command seen as both function_call and item_completed
    counts once (spec providers §1.2)."""
    skill_cmd = "cat ~/.codex/skills/pdf/SKILL.md"
    write_rollout(tmp_path, [
        meta(), user("2026-04-14T10:00:01.000Z", "make a pdf of the report"),
        call("2026-04-14T10:00:02.000Z", "exec_command", {"cmd": skill_cmd}),
        item_completed("2026-04-14T10:00:02.500Z", ["/bin/zsh", "-lc", skill_cmd]),
        item_completed("2026-04-14T10:00:03.000Z", ["mcp-cli", "--json", "call", "linear", "list_issues"]),
        call("2026-04-14T10:00:04.000Z", "exec_command", {"cmd": "head -5 'docs/skills/review/SKILL.md' | wc -l"}),
        tokens("2026-04-14T10:00:05.000Z", usage(100, 0, 10), usage(100, 0, 10)),
    ])
    _, r = scan_codex(tmp_path)
    c, s = r.cols, r.strings
    assert [s[n] for n in c["tool_name"]] == ["Bash", "Skill", "mcp__linear__list_issues", "Bash", "Skill"]
    assert s[c["turn_skill"][0]] == "pdf"
    assert CATEGORIES[c["turn_category"][0]] == "feature"


def test_mcp_and_skill_use_read_as_the_reference_reads_commands(tmp_path):
    """A `command` given as an argv is read for MCP and skill use as its
    strings joined (the reference's shellCommandText); a custom tool's
    `input` is read only for the shell tool (exec/exec_command), not for
    apply_patch, whose input is file content that may quote a command."""
    patch = "*** Begin Patch\n*** Add File: docs/mcp.md\n+Run `mcp-cli call github get_issue 1`\n*** End Patch"
    write_rollout(tmp_path, [
        meta(), user("2026-04-14T10:00:01.000Z", "document the mcp bridge"),
        call("2026-04-14T10:00:02.000Z", "shell", {"command": ["bash", "-lc", "mcp-cli call linear list_issues"]}),
        line("2026-04-14T10:00:03.000Z", "response_item",
             {"type": "custom_tool_call", "name": "apply_patch", "input": patch, "call_id": "c1"}),
        line("2026-04-14T10:00:04.000Z", "response_item",
             {"type": "custom_tool_call", "name": "exec", "input": "tools.exec_command({cmd: 'cat skills/pdf/SKILL.md'})",
              "call_id": "c2"}),
        tokens("2026-04-14T10:00:05.000Z", usage(100, 0, 10), usage(100, 0, 10)),
    ])
    _, r = scan_codex(tmp_path)
    c, s = r.cols, r.strings
    assert [s[n] for n in c["tool_name"]] == ["shell", "mcp__linear__list_issues", "Edit", "Bash", "Skill"]
    assert s[c["turn_skill"][0]] == "pdf"


@pytest.mark.parametrize("kind,text", [
    # found by tests/fuzz/mutate_reader.py: iterating an array past a
    # structural error crashed the reader (segfault) instead of skipping the line
    ("codex", '{"timestamp":"2026-04-14T10:00:01.000Z","type":"response_item","payload":{"type":"message",'
              '"role":"user","content":[{"type":"input_text","text":"add"}[[[[]]]]]}}'),
    ("codex", '{"timestamp":"2026-04-14T10:00:16.000Z","type":"event_msg","payload":{"type":"item_completed",'
              '"item":{"type":"CommandExecution","command":["a" "b"]}}}'),
    ("claude", '{"type":"assistant","message":{"id":"m","model":"x","usage":{"iterations":[{"type":"advisor_message"}'
               '[1]]}}}'),
])
def test_a_broken_array_is_one_invalid_line(kind, text):
    from codeburn.classify import ruleset
    from codeburn.read.scan import make_scanner

    head = meta() + "\n" if kind == "codex" else ""
    stats, _, _ = make_scanner(ruleset.load()).scan_bytes((head + text + "\n").encode(), 0, kind, "r")
    assert (stats["invalid"], stats["calls"]) == (1, 0)


def test_a_running_total_that_goes_down_is_skipped_and_counted(tmp_path):
    write_rollout(tmp_path, [meta(), tokens("2026-04-14T10:00:02.000Z", usage(1000, 200, 50)),
                             tokens("2026-04-14T10:00:03.000Z", usage(900, 200, 60)),     # input went down
                             tokens("2026-04-14T10:00:04.000Z", usage(1500, 300, 90))])
    _, r = scan_codex(tmp_path)
    assert calls(r) == [("gpt-5.3-codex", 800, 50, 200, 0, 0), ("gpt-5.3-codex", 500, 30, 100, 0, 0)]
    assert r.stats["bad_number"] == 1


# --- decoded ahead (threads, cache) equals read in order ------------------------------------------

def _rollouts(root) -> dict[str, str]:
    """Rollouts covering what a Codex read carries from line to line, plus
    the two kinds that must be read in order: one whose key an earlier file
    already counted, and one repeating its own key (a total that went back
    with last_token_usage present)."""
    fork_id, copy_id, again_id = "fork-2222", "copy-3333", "again-4444"
    files = {
        "spec": write_rollout(root, SPEC_EXAMPLE),
        "fork": write_rollout(root, [
            meta("2026-04-14T11:00:00.000Z", sid=fork_id, forked_from_id=SID),
            user("2026-04-14T11:00:00.100Z", "add pagination to the invoices endpoint"),   # replayed
            call("2026-04-14T11:00:00.200Z", "exec_command", {"cmd": "npm test"}),
            user("2026-04-14T11:00:10.000Z", "now refactor it"),
            call("2026-04-14T11:00:11.000Z", "read_file", {"path": "src/a.ts"}),
            patch("2026-04-14T11:00:11.500Z", "/w/a.ts", "/w/b.ts"),
            tokens("2026-04-14T11:00:12.000Z", usage(250, 50, 30), usage(150, 50, 20)),
            tokens("2026-04-14T11:00:12.100Z", usage(250, 50, 30), usage(150, 50, 20)),  # emitted twice
            user("2026-04-14T11:01:00.000Z", "x" * 400),
            assistant("2026-04-14T11:01:01.000Z", "y" * 80),
            rate_limit_only("2026-04-14T11:01:02.000Z"),                                  # estimated
            item_completed("2026-04-14T11:01:03.000Z", ["bash", "-lc", "mcp-cli call github/get_issue 1"]),
        ], name=f"rollout-2026-04-14T11-00-00-{fork_id}.jsonl"),
        "copy": write_rollout(root, [meta("2026-04-14T12:00:00.000Z", sid=SID),            # SPEC_EXAMPLE's key again
                                     call("2026-04-14T12:00:01.000Z", "exec_command", {"cmd": "ls"}),
                                     tokens("2026-04-14T12:00:07.000Z", usage(9800, 6400, 420, 256),
                                            usage(9800, 6400, 420, 256)),
                                     tokens("2026-04-14T12:00:09.000Z", usage(9900, 6400, 430, 256),
                                            usage(100, 0, 10))],
                              name=f"rollout-2026-04-14T12-00-00-{copy_id}.jsonl"),
        "again": write_rollout(root, [meta("2026-04-14T13:00:00.000Z", sid=again_id),
                                      user("2026-04-14T13:00:01.000Z", "one"),
                                      tokens("2026-04-14T13:00:02.000Z", usage(100, 0, 10), usage(100, 0, 10)),
                                      call("2026-04-14T13:00:02.500Z", "exec_command", {"cmd": "make"}),
                                      tokens("2026-04-14T13:00:03.000Z", usage(300, 0, 30), usage(200, 0, 20)),
                                      tokens("2026-04-14T13:00:04.000Z", usage(100, 0, 10), usage(5, 0, 1))],
                               name=f"rollout-2026-04-14T13-00-00-{again_id}.jsonl"),
        "torn": write_rollout(root, [meta("2026-04-14T14:00:00.000Z", sid="torn-5555"),
                                     tokens("2026-04-14T14:00:02.000Z", usage(7, 0, 1), usage(7, 0, 1))],
                              name="rollout-2026-04-14T14-00-00-torn-5555.jsonl", tail='{"timestamp":"2026-04'),
        "not a session": write_rollout(root, [user("2026-04-14T15:00:01.000Z", "hi")], name="rollout-x.jsonl"),
    }
    return files


def _finished(scanner):
    """Every column, ids as the strings they name (a read in order also
    interns the names of tools no call took, which no column holds), and
    the prompt arenas."""
    from codeburn.classify.prompt_classes import text_classes

    strings = scanner.strings()
    cols = {k: v.tolist() for k, v in scanner.columns().items()}
    for k in ("model", "tool_name", "shell_name", "sub_name", "turn_skill"):
        cols[k] = [strings[i] if i >= 0 else None for i in cols[k]]
    return cols, [scanner.take_texts(c) for c in range(len(text_classes()[1]))]


def test_rollouts_decoded_ahead_equal_rollouts_read_in_order(tmp_path):
    from codeburn.classify import ruleset
    from codeburn.read.scan import make_scanner

    _rollouts(tmp_path)
    sources = list(codex.discover({"CODEX_HOME": str(tmp_path)}, "/nonexistent", Walker()))
    rules = ruleset.load()
    serial, main, worker = make_scanner(rules), make_scanner(rules), make_scanner(rules, keep_prompts=False)
    in_order, ahead, read_again = [], [], []
    for idx, src in enumerate(sources):
        in_order.append((serial.scan_file(src.path, idx, "codex", src.session_id), serial.session))
        got = main.adopt(worker.decode_codex(src.path, idx, src.session_id), idx)
        if got is None:
            read_again.append(os.path.basename(src.path))
            got = main.scan_file(src.path, idx, "codex", src.session_id)
        ahead.append((got, main.session))
    assert ahead == in_order
    assert _finished(main) == _finished(serial)
    assert sorted(read_again) == ["rollout-2026-04-14T12-00-00-copy-3333.jsonl",
                                  "rollout-2026-04-14T13-00-00-again-4444.jsonl"]
    stats = [s for (s, _, _), _ in in_order]
    assert sum(s["global_dups"] for s in stats) == 2 and sum(s["estimated"] for s in stats) == 1
    assert sum(s["calls"] for s in stats) == 2 + 2 + 1 + 2 + 1  # spec, fork (+1 estimated), copy, again, torn


def test_codex_reports_equal_across_jobs_and_a_warm_cache(tmp_path, run):
    _rollouts(tmp_path / "codex")
    env = {"CODEX_HOME": str(tmp_path / "codex"), "CODEBURN_CACHE_DIR": str(tmp_path / "cache")}
    cmd = ("report", "--from", "2026-04-01", "--to", "2026-04-30", "--format", "json", "--provider", "codex")
    cold = run(*cmd, "--no-cache", "--jobs", "1", env=env).json
    cold.pop("generated")
    assert cold["overview"]["calls"] == 8
    for jobs in ("1", "2", "3"):
        for _ in range(2):  # fills the cache, then reads from it
            doc = run(*cmd, "--jobs", jobs, env=env).json
            doc.pop("generated")
            assert doc == cold
    from codeburn.cache.filecache import FileCache
    assert len(FileCache(env["CODEBURN_CACHE_DIR"]).entries) == 5  # complete rollouts; the torn one is read again
    # a rollout that grew is read whole again (its decoder state is not kept)
    spec = os.path.join(tmp_path, "codex", "sessions", "2026", "04", "14", f"rollout-2026-04-14T10-00-00-{SID}.jsonl")
    with open(spec, "a") as f:
        f.write(tokens("2026-04-14T10:00:30.000Z", usage(22500, 16000, 1000, 512), usage(1000, 0, 90)) + "\n")
    warm = run(*cmd, env=env).json
    fresh = run(*cmd, "--no-cache", env=env).json
    for d in (warm, fresh):
        d.pop("generated")
    assert warm == fresh and warm["overview"]["calls"] == 9


def test_a_call_without_arguments_does_not_take_the_previous_calls(tmp_path):
    """Found by fuzzing: the arguments of a function_call were kept for the
    next line, so a call without them was read with the previous command
    (here a skill read, attributed twice)."""
    no_args = line("2026-04-14T10:00:03.000Z", "response_item", {"type": "function_call", "name": "exec_command",
                                                                 "call_id": "c-2"})
    write_rollout(tmp_path, [meta(), user("2026-04-14T10:00:01.000Z", "use the pdf skill"),
                             call("2026-04-14T10:00:02.000Z", "exec_command", {"cmd": "cat ~/.codex/skills/pdf/SKILL.md"}),
                             tokens("2026-04-14T10:00:02.500Z", usage(100, 0, 10), usage(100, 0, 10)),
                             no_args,
                             tokens("2026-04-14T10:00:04.000Z", usage(200, 0, 20), usage(100, 0, 10))])
    _, r = scan_codex(tmp_path)
    c, s = r.cols, r.strings
    assert [(int(c["tool_call"][i]), s[n]) for i, n in enumerate(c["tool_name"])] == [
        (0, "Bash"), (0, "Skill"), (1, "Bash")]


def _relaid(text: str) -> str:
    """A line with the same content laid out otherwise: spaces after the
    separators and the payload before the envelope type."""
    obj = json.loads(text)
    return json.dumps({"payload": obj["payload"], "timestamp": obj["timestamp"], "type": obj["type"]})


def test_lines_are_skipped_by_their_first_bytes_only_when_nothing_reads_them(tmp_path):
    """The unread-line test looks at the first bytes of Codex's own layout
    only: the same rollout laid out otherwise (every line parsed) gives the
    same calls, tools and turns; and a line an unread type would skip is
    read when its layout is not Codex's."""
    rollout = [meta(), user("2026-04-14T10:00:01.000Z", "fix the failing parser test"),
               line("2026-04-14T10:00:01.500Z", "event_msg", {"type": "task_started", "turn_id": "t1"}),
               line("2026-04-14T10:00:01.600Z", "response_item", {"type": "reasoning", "summary": [], "content": None}),
               call("2026-04-14T10:00:02.000Z", "exec_command", {"cmd": "mcp-cli call github get_issue"}),
               output("2026-04-14T10:00:03.000Z", "done"),
               line("2026-04-14T10:00:04.000Z", "event_msg",
                    {"type": "mcp_tool_call_end", "invocation": {"server": "linear", "tool": "list_issues"}}),
               tokens("2026-04-14T10:00:05.000Z", usage(100, 20, 10), usage(100, 20, 10)),
               line("2026-04-14T10:00:06.000Z", "event_msg", {"type": "task_complete", "turn_id": "t1"})]
    compact = tmp_path / "compact"
    write_rollout(compact, rollout)
    spaced = tmp_path / "spaced"
    write_rollout(spaced, [rollout[0]] + [_relaid(x) for x in rollout[1:]])
    results = [scan_codex(root)[1] for root in (compact, spaced)]
    for r in results:
        assert calls(r) == [("gpt-5.3-codex", 80, 10, 20, 0, 0)]
        assert r.stats["lines"] == 9 and r.stats["invalid"] == 0
    a, b = results
    for col in ("tool_call", "turn_flags", "turn_category", "turn_ts", "turn_text_len"):
        assert a.cols[col].tolist() == b.cols[col].tolist(), col
    assert [a.strings[i] for i in a.cols["tool_name"]] == [b.strings[i] for i in b.cols["tool_name"]]
    assert {"mcp__github__get_issue", "mcp__linear__list_issues"} <= set(a.strings)


def test_attribution_edge_cases_as_codeburn_0_9_20_counts_them(tmp_path, run):
    """Commands whose MCP and skill use the reference reads in its own way:
    the first mcp-cli call of a text only, options before `call`, quotes
    taken out of the names, a prefixed binary that is not mcp-cli, a skill
    path with a space, a search that only mentions SKILL.md, `.mdx`, an
    argv command, a repeated call counted twice and its item_completed
    echo not at all, apply_patch's content. Expected values: CodeBurn 0.9.20
    on this very rollout."""
    ts = lambda s: f"2026-11-20T10:{s // 60:02d}:{s % 60:02d}.000Z"  # noqa: E731
    rows = [meta(ts=ts(0)), user(ts(1), "wire up the mcp tools")]
    cmds = ["mcp-cli call a b; mcp-cli call c d", 'cat "docs/my skill/SKILL.md"', "foo-mcp-cli call x y",
            "mcp-cli -c ./m.json call srv tool", "grep x skills/a/SKILL.md", "sed -n 1p skills/b/SKILL.md",
            "cat x/SKILL.mdx", "mcp-cli call 'q1' \"t1\"", "less ~/s/c1/SKILL.md && mcp-cli call e f"]
    t = 2
    for c in cmds:
        rows.append(call(ts(t), "exec_command", {"cmd": c}))
        t += 1
    rows += [call(ts(t), "shell", {"command": ["bash", "-lc", "mcp-cli call arr ay"]}),
             call(ts(t + 1), "exec_command", {"cmd": "mcp-cli call dup one"}),
             call(ts(t + 2), "exec_command", {"cmd": "mcp-cli call dup one"}),
             item_completed(ts(t + 3), ["/bin/zsh", "-lc", "mcp-cli call dup one"]),
             item_completed(ts(t + 4), ["/bin/zsh", "-lc", "cat k/only/SKILL.md"]),
             line(ts(t + 5), "response_item", {"type": "custom_tool_call", "name": "apply_patch",
                                               "input": "+ mcp-cli call no pe", "call_id": "p1"}),
             line(ts(t + 6), "response_item", {"type": "custom_tool_call", "name": "exec",
                                               "input": "tools.exec_command({cmd: 'cat sk/jsx/SKILL.md'})",
                                               "call_id": "p2"}),
             tokens(ts(t + 7), usage(1000, 0, 100), usage(1000, 0, 100))]
    write_rollout(tmp_path, rows, day="2026/11/20")
    doc = run("report", "--format", "json", "--from", "2026-11-01", "--to", "2026-11-30",
              env={"CODEX_HOME": str(tmp_path)}).json
    assert sorted((t["name"], t["calls"]) for t in doc["tools"]) == [("Bash", 12), ("Edit", 1), ("Skill", 5),
                                                                    ("shell", 1)]
    assert sorted((s["name"], s["calls"]) for s in doc["mcpServers"]) == [
        ("a", 1), ("arr", 1), ("dup", 2), ("e", 1), ("q1", 1), ("srv", 1)]


def test_a_session_s_date_is_that_of_its_least_spelled_call_time(tmp_path, run):
    """topSessions' date is the local day of the call whose time is least
    as written, compared as strings (0.9.20's firstTimestamp): the second
    call, spelled `…T20:30:00.000-05:00`, sorts before the first's
    `…T22:00:00.000Z` though it is 3.5 h later, on the next day in UTC."""
    write_rollout(tmp_path, [meta("2026-04-14T21:59:00.000Z"), user("2026-04-14T21:59:30.000Z", "add a flag"),
                             tokens("2026-04-14T22:00:00.000Z", usage(100, 0, 10), usage(100, 0, 10)),
                             tokens("2026-04-14T20:30:00.000-05:00", usage(300, 0, 30), usage(200, 0, 20))])
    doc = run("report", "--from", "2026-04-01", "--to", "2026-04-30", "--format", "json",
              env={"CODEX_HOME": str(tmp_path)}).json
    assert [(s["sessionId"], s["date"], s["calls"]) for s in doc["topSessions"]] == [(SID, "2026-04-15", 2)]
