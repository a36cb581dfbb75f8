"""Cline-family task folders (Cline, Roo Code, KiloCode, IBM Bob; spec
providers §3.1). Expected numbers are CodeBurn 0.9.20's on the same files
(`report --format json -p all --provider <id>` under a fake HOME)."""
from __future__ import annotations

import json
import os

import pytest

from codeburn.providers import cline, clinefamily, ibm_bob, kilo_code, roo_code
from codeburn.providers.base import Walker
from codeburn.providers.records import Call, ReadLog, Tool
from tests.records_util import read_all, totals, write_json

T0 = 1_792_000_000_000   # 2026-10-14T17:46:40Z in ms


def req(ts, tin, tout, cr=0, cw=0, cost=None, **extra):
    body = {"request": "<task>…</task>", "tokensIn": tin, "tokensOut": tout, "cacheReads": cr, "cacheWrites": cw}
    if cost is not None:
        body["cost"] = cost
    body.update(extra)
    return {"ts": ts, "type": "say", "say": "api_req_started", "text": json.dumps(body)}


def say(ts, kind, text, type_="say"):
    return {"ts": ts, "type": type_, type_: kind, "text": text}


def history(model=None, workspace="/home/dev/webapp", working=False):
    env = "<environment_details>\n"
    if workspace:
        env += f"# Current {'Working' if working else 'Workspace'} Directory ({workspace}) Files\nsrc/\n"
    if model:
        env += f"<model>{model}</model>\n"
    env += "</environment_details>"
    return [{"role": "user", "content": [{"type": "text", "text": "<task>fix the flaky login test</task>"},
                                         {"type": "text", "text": env}]},
            {"role": "assistant", "content": [{"type": "text", "text": "Looking at the test."}]}]


TASK_A = [
    say(T0, "text", "fix the flaky login test"),
    req(T0 + 1000, 200, 100, cr=50, cw=30, cost=0.05),
    say(T0 + 1500, "text", "I'll read the test first."),
    say(T0 + 2000, "tool", json.dumps({"tool": "readFile", "path": "tests/login.spec.ts", "content": "…"}), "ask"),
    req(T0 + 3000, 40, 80, cr=2400),
    say(T0 + 4000, "command", "npm test -- login && git status", "ask"),
    say(T0 + 5000, "command_output", "1 passing"),
    req(T0 + 6000, 0, 0),                       # nothing used: no call, but it takes index 2
    say(T0 + 7000, "user_feedback", "now refactor the login helper"),
    req(T0 + 8000, 300, 500, cr=100, cw=10),
    say(T0 + 8500, "tool", json.dumps({"tool": "editedExistingFile", "path": "src/login.ts", "diff": "…"})),
    say(T0 + 8600, "use_mcp_server", json.dumps({"type": "use_mcp_tool", "serverName": "github",
                                                 "toolName": "create_pr", "arguments": "{}"}), "ask"),
    {"ts": T0 + 9000, "type": "say", "say": "api_req_started", "text": "{not json"},
]


def build(home):
    code = os.path.join(home, ".config", "Code", "User", "globalStorage")
    # Cline: one task in VS Code, an older copy of it in ~/.cline/data (ignored), one current-Cline task
    a = os.path.join(code, "saoudrizwan.claude-dev", "tasks", "1779000000000")
    write_json(os.path.join(a, "ui_messages.json"), TASK_A)
    write_json(os.path.join(a, "api_conversation_history.json"), history("anthropic/claude-sonnet-4-5"))
    old = os.path.join(home, ".cline", "data", "tasks", "1779000000000")
    write_json(os.path.join(old, "ui_messages.json"), [req(T0, 9, 9)])
    os.utime(os.path.join(old, "ui_messages.json"), (1_700_000_000, 1_700_000_000))
    b = os.path.join(home, ".cline", "data", "tasks", "1779000100000")
    write_json(os.path.join(b, "ui_messages.json"), [say(T0 + 100_000, "text", "add a dark mode toggle"),
                                                    req(T0 + 101_000, 1000, 250, cr=0, cw=900)])
    write_json(os.path.join(b, "api_conversation_history.json"), history(None, "/home/dev/site", working=True))
    # a folder without ui_messages.json is not a task; a broken ui_messages.json is skipped
    os.makedirs(os.path.join(home, ".cline", "data", "tasks", "empty"))
    write_json(os.path.join(home, ".cline", "data", "tasks", "broken", "ui_messages.json"), "[{")
    # Roo Code in VS Codium
    r = os.path.join(home, ".config", "VSCodium", "User", "globalStorage", "rooveterinaryinc.roo-cline",
                     "tasks", "roo-1")
    write_json(os.path.join(r, "ui_messages.json"), [say(T0, "text", "explain this repo"),
                                                    req(T0 + 500, 1200, 300, cr=4000, cw=0, cost=0.02)])
    write_json(os.path.join(r, "api_conversation_history.json"), history("openai/gpt-5", "/home/dev/api"))
    # KiloCode task
    k = os.path.join(code, "kilocode.kilo-code", "tasks", "kilo-1")
    write_json(os.path.join(k, "ui_messages.json"), [say(T0, "text", "write tests"), req(T0 + 700, 500, 50)])
    write_json(os.path.join(k, "api_conversation_history.json"), history("claude-haiku-4-5", "/home/dev/lib"))
    # IBM Bob, no model tag
    ib = os.path.join(home, ".config", "IBM Bob", "User", "globalStorage", "ibm.bob-code", "tasks", "bob-1")
    write_json(os.path.join(ib, "ui_messages.json"), [say(T0, "text", "hello"), req(T0 + 900, 800, 120, cr=10)])


@pytest.fixture
def home(tmp_path):
    build(str(tmp_path))
    return str(tmp_path)


def test_cline_calls_are_the_references(home):
    sessions, log = read_all(cline, {}, home)
    by_id = {s.session_id: s for s in sessions}
    assert sorted(by_id) == ["1779000000000", "1779000100000"]
    a = by_id["1779000000000"]
    assert (a.project, a.cwd) == ("webapp", "/home/dev/webapp")
    assert [(c.input, c.output, c.cache_read, c.cache_write, c.key) for c in a.calls] == [
        (200, 100, 50, 30, "cline:1779000000000:0"),
        (40, 80, 2400, 0, "cline:1779000000000:1"),
        (300, 500, 100, 10, "cline:1779000000000:3")]
    assert {c.model for c in a.calls} == {"claude-sonnet-4-5"}
    assert [c.ts_ms for c in a.calls] == [T0 + 1000, T0 + 3000, T0 + 8000]
    assert a.calls[0].cost == 0.05 and a.calls[1].cost is None
    # current Cline: `Current Working Directory`, no <model> tag
    b = by_id["1779000100000"]
    assert (b.project, b.calls[0].model, b.calls[0].cache_write) == ("site", "cline-auto", 900)
    # the broken ui_messages.json is counted, the unparsable request text too
    assert log.counts["invalid"][0] == 1 and log.counts["bad_record"][0] == 1


def test_cline_tools_and_turns(home):
    """Beyond the reference: tools logged after a request belong to its call;
    user messages open turns."""
    sessions, _ = read_all(cline, {}, home)
    a = next(s for s in sessions if s.session_id == "1779000000000")
    first, second, third = a.calls
    assert first.tools == [Tool("readFile", file="tests/login.spec.ts")]
    assert second.tools == [Tool("execute_command", command="npm test -- login && git status")]
    assert third.tools == [Tool("editedExistingFile", file="src/login.ts"), Tool("mcp__github__create_pr")]
    assert (first.turn, second.turn, third.turn) == ("1779000000000:1", "1779000000000:1", "1779000000000:2")
    assert (first.prompt, third.prompt) == ("fix the flaky login test", "now refactor the login helper")


def test_cline_newest_copy_wins(home):
    """Each task once, from its newest copy, the tasks newest first (by
    ui_messages.json's mtime, as 0.9.20 lists them)."""
    tasks = os.path.join(home, ".cline", "data", "tasks")
    vscode = os.path.join(home, ".config", "Code", "User", "globalStorage", "saoudrizwan.claude-dev", "tasks")
    for folder, t in ((os.path.join(vscode, "1779000000000"), 1_800_000_100), (os.path.join(tasks, "broken"), 1_800_000_300),
                      (os.path.join(tasks, "1779000100000"), 1_800_000_200)):
        os.utime(os.path.join(folder, "ui_messages.json"), (t, t))
    sources = list(cline.discover({}, home, Walker()))
    assert [os.path.relpath(s.path, home) for s in sources] == [
        ".cline/data/tasks/broken",
        ".cline/data/tasks/1779000100000",
        ".config/Code/User/globalStorage/saoudrizwan.claude-dev/tasks/1779000000000"]


@pytest.mark.parametrize("module, expected", [
    (roo_code, {"calls": 1, "input": 1200, "output": 300, "cache_read": 4000, "cache_write": 0, "reasoning": 0}),
    (kilo_code, {"calls": 1, "input": 500, "output": 50, "cache_read": 0, "cache_write": 0, "reasoning": 0}),
    (ibm_bob, {"calls": 1, "input": 800, "output": 120, "cache_read": 10, "cache_write": 0, "reasoning": 0}),
])
def test_family_members(home, module, expected):
    sessions, log = read_all(module, {}, home)
    assert totals(sessions) == expected and not log.skipped
    assert all(c.key.startswith(module.PROVIDER + ":") for s in sessions for c in s.calls)


def test_bob_fallback_model_and_project(home):
    (s,), _ = read_all(ibm_bob, {}, home)
    assert (s.project, s.calls[0].model) == ("IBM Bob", "ibm-bob-auto")


def test_bob_xdg_config_home(tmp_path):
    cfg = tmp_path / "cfg"
    task = cfg / "Bob-IDE" / "User" / "globalStorage" / "ibm.bob-code" / "tasks" / "t1"
    write_json(str(task / "ui_messages.json"), [req(T0, 5, 5)])
    sessions, _ = read_all(ibm_bob, {"XDG_CONFIG_HOME": str(cfg)}, str(tmp_path / "nohome"))
    assert totals(sessions)["calls"] == 1


def test_task_calls_survive_odd_entries():
    log = ReadLog()
    entries = [None, 3, {"type": "say", "say": "api_req_started", "text": json.dumps([1])},
               {"type": "say", "say": "api_req_started", "ts": "2026-10-14T17:46:40Z",
                "text": json.dumps({"tokensIn": -5, "tokensOut": 7.9})},
               {"type": "say", "say": "api_req_started", "ts": True, "text": json.dumps({"tokensIn": 1})},
               {"type": "ask", "ask": "tool", "text": "not json"}]
    calls = list(clinefamily.task_calls("cline", "t", entries, "m", "w", log))
    assert [(c.input, c.output, c.ts_ms, c.key) for c in calls] == [(0, 7, T0, "cline:t:1"), (1, 0, None, "cline:t:2")]


@pytest.mark.parametrize("heading,expected", [
    ("# Current Working Directory (/home/dev/my app (copy)) Files\n", "/home/dev/my app (copy)"),
    ("# Current Workspace Directory (/work/(old) site) Files\nsrc/\n", "/work/(old) site"),
    ("# Current Workspace Directory (/work/webapp)\n(no files)\n", "/work/webapp"),   # no " Files": its first ")"
])
def test_a_workspace_path_may_hold_parentheses(tmp_path, heading, expected):
    path = tmp_path / "api_conversation_history.json"
    path.write_text(json.dumps([{"role": "user", "content": [
        {"type": "text", "text": "<task>fix it</task>"},
        {"type": "text", "text": "<environment_details>\n" + heading + "</environment_details>"}]}]))
    assert clinefamily.history_meta(str(path), "cline-auto") == ("cline-auto", expected)


def test_a_byte_that_is_no_utf8_reads_as_a_replacement_character(tmp_path):
    # Node reads the task files as UTF-8 text (a stray byte becomes U+FFFD):
    # the task counts with its model and workspace, as in 0.9.20; ours
    # skipped the whole file. NaN stays invalid JSON, as JSON.parse has it.
    tasks = tmp_path / ".cline" / "data" / "tasks"
    (tasks / "t1").mkdir(parents=True)
    (tasks / "t1" / "ui_messages.json").write_bytes(json.dumps([say(T0, "text", "cafe XX"), req(T0 + 5, 777, 77)])
                                                    .encode().replace(b"XX", b"\xe9\xff"))
    (tasks / "t1" / "api_conversation_history.json").write_bytes(
        json.dumps(history("claude-opus-4-1", "/w/histutf")).encode().replace(b"flaky", b"fl\xffky"))
    (tasks / "t2").mkdir()
    (tasks / "t2" / "ui_messages.json").write_text('[{"ts": %d, "type": "say", "say": "api_req_started", '
                                                   '"text": "{}", "x": NaN}]' % T0)
    sessions, log = read_all(cline, {}, str(tmp_path))
    assert [(s.session_id, s.project, [(c.model, c.input, c.output) for c in s.calls]) for s in sessions] == [
        ("t1", "histutf", [("claude-opus-4-1", 777, 77)])]
    assert log.counts == {"invalid": [1, str(tasks / "t2" / "ui_messages.json")]}
