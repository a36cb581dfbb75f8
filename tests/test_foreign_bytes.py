"""Lines that are not clean UTF-8 JSON text but that Node reads as records:
a lone UTF-16 surrogate escape (`\\ud83d`, as JSON.stringify writes a string
cut inside an emoji) and raw bytes that are not UTF-8 (a latin-1 `é`, a
character cut short). Node decodes a file with U+FFFD for each bad
sequence before JSON.parse, and JSON.parse keeps a lone surrogate, so
CodeBurn 0.9.20 keeps every such line; the values below are its output on
the same files (2026-11-27). They were skipped as invalid lines here."""
from __future__ import annotations

import os

from tests.conftest import NOW

AT = [(NOW.replace(hour=11, minute=m)).strftime("%Y-%m-%dT%H:%M:%S.000Z") for m in range(0, 6)]


def claude_line(kind: str, at: str, body: bytes) -> bytes:
    head = b'{"type":"%s","sessionId":"s1","cwd":"/srv/app","timestamp":"%s",' % (kind.encode(), at.encode())
    return head + body + b"}"


def assistant(at: str, mid: str, content: bytes, tin: int, tout: int) -> bytes:
    return claude_line("assistant", at, b'"message":{"id":"%s","model":"claude-sonnet-4-5","role":"assistant",'
                       b'"content":[%s],"usage":{"input_tokens":%d,"output_tokens":%d}}'
                       % (mid.encode(), content, tin, tout))


def prompt(at: str, text: bytes) -> bytes:
    return claude_line("user", at, b'"message":{"role":"user","content":"%s"}' % text)


def test_lone_surrogate_escapes_keep_the_line(run, history):
    """The prompt holds `\\ud83d`, the Bash command `\\udc00`: the prompt
    still opens a Debugging turn, the command still counts as `ls`."""
    history.write("-srv-app", "s1.jsonl", [
        prompt(AT[0], rb"fix the bug \ud83d in parser"),
        assistant(AT[1], "m1", rb'{"type":"text","text":"ok \ud83d"},'
                  rb'{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"ls \udc00"}}', 100, 50),
        assistant(AT[2], "m2", b'{"type":"text","text":"done"}', 200, 60),
    ])
    r = run("report", "--format", "json", "-p", "today")
    doc = r.json
    assert doc["warnings"] == [] and "invalid" not in r.stderr
    assert doc["overview"]["calls"] == 2
    assert doc["overview"]["cost"] == 0.00255   # 300 in at $3/M, 110 out at $15/M
    assert [(a["category"], a["turns"]) for a in doc["activities"]] == [("Debugging", 1)]
    assert doc["shellCommands"] == [{"name": "ls", "calls": 1}]


def test_bytes_not_in_utf8_keep_the_line(run, history):
    """A latin-1 `\\xe9` and a cut `\\xe2\\x82` in the prompt, `\\xff` in the
    answer and `\\xc0\\xaf` in the command: both calls and the turn stay."""
    history.write("-srv-app", "s1.jsonl", [
        prompt(AT[0], b"debug the caf\xe9 crash \xe2\x82 now"),
        assistant(AT[1], "m1", b'{"type":"text","text":"ok \xff"},'
                  b'{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"pytest \xc0\xaf"}}', 100, 50),
        assistant(AT[2], "m2", b'{"type":"text","text":"done"}', 200, 60),
    ])
    doc = run("report", "--format", "json", "-p", "today").json
    assert doc["warnings"] == []
    assert doc["overview"]["calls"] == 2 and doc["overview"]["cost"] == 0.00255
    assert [(a["category"], a["turns"]) for a in doc["activities"]] == [("Debugging", 1)]
    assert doc["shellCommands"] == [{"name": "pytest", "calls": 1}]


def test_broken_json_that_is_also_not_utf8_is_still_skipped(run, history):
    """Decoding with replacements does not make broken JSON a record: the
    torn line is named, the good call is counted."""
    history.write("-srv-app", "s1.jsonl", [
        b'{"type":"assistant","message":{"id":"x\xe9"',
        assistant(AT[2], "m2", b'{"type":"text","text":"done"}', 200, 60),
    ])
    doc = run("report", "--format", "json", "-p", "today").json
    assert doc["overview"]["calls"] == 1
    assert len(doc["warnings"]) == 1 and "1 invalid JSON lines skipped" in doc["warnings"][0]


def test_codex_rollout_with_foreign_bytes_is_read(run, tmp_path):
    """A rollout whose session_meta cwd holds a latin-1 byte (its first
    line: unreadable, it made the file no session) and whose prompt and
    shell arguments hold bad bytes and lone surrogates. (0.9.20 files the
    turn under Conversation and lists no shell command for it.)"""
    codex = tmp_path / "codex"
    day = codex / "sessions" / "2026" / "03" / "05"
    day.mkdir(parents=True)
    sid = b"0199aaaa-bbbb-7ccc-8ddd-eeeeffff0000"
    usage = (b'{"input_tokens":1000,"cached_input_tokens":200,"output_tokens":300,'
             b'"reasoning_output_tokens":100,"total_tokens":1300}')
    lines = [
        b'{"timestamp":"%s","type":"session_meta","payload":{"id":"%s","timestamp":"%s","cwd":"/srv/r\xe9",'
        b'"originator":"codex_cli_rs","cli_version":"0.60.0"}}' % (AT[0].encode(), sid, AT[0].encode()),
        b'{"timestamp":"%s","type":"turn_context","payload":{"cwd":"/srv/r","model":"gpt-5-codex"}}' % AT[1].encode(),
        b'{"timestamp":"%s","type":"event_msg","payload":{"type":"user_message","message":"fix the failing test '
        b'\\ud83d \xe9\xe9","images":[]}}' % AT[2].encode(),
        b'{"timestamp":"%s","type":"response_item","payload":{"type":"function_call","name":"shell","arguments":'
        b'"{\\"command\\":[\\"bash\\",\\"-lc\\",\\"pytest \\\\udc00 -x\\"]}","call_id":"c1"}}' % AT[3].encode(),
        b'{"timestamp":"%s","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":%s,'
        b'"last_token_usage":%s,"model_context_window":272000}}}' % (AT[4].encode(), usage, usage),
    ]
    (day / ("rollout-2026-03-05T12-00-00-%s.jsonl" % sid.decode())).write_bytes(b"\n".join(lines) + b"\n")
    doc = run("report", "--format", "json", "-p", "today", "--provider", "codex",
              env={"CODEX_HOME": str(codex)}).json
    assert doc["warnings"] == []
    assert doc["overview"]["calls"] == 1 and doc["overview"]["sessions"] == 1
    assert doc["overview"]["tokens"] == {"input": 800, "output": 300, "cacheRead": 200, "cacheWrite": 0}
    assert [(a["category"], a["turns"]) for a in doc["activities"]] == [("Conversation", 1)]
    assert [p["name"] for p in doc["projects"]] == ["srv-r\ufffd"]
