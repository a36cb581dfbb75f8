"""Qwen Code (spec providers §1.5): records read into calls, and the report of
tests/provider_fixtures.write_qwen's history compared with CodeBurn 0.9.20's
on the same files (`HOME=<home> TZ=UTC $CODEBURN_HEAD report --format json
-p all --provider qwen`)."""
from __future__ import annotations

import json
import os

from codeburn.providers import qwen
from codeburn.providers.base import Walker
from codeburn.providers.records import ReadLog, ts_ms
from tests.provider_fixtures import NOW_FIXTURES, QWEN_A, QWEN_B, summary, write_qwen

# CodeBurn 0.9.20 on write_qwen's files: calls, sessions, cost, tokens
TOTALS = (5, 2, 0.019875, {"input": 29023, "output": 852, "cacheRead": 14144, "cacheWrite": 0})


def _sources(home, env=None):
    return {os.path.basename(s.path): s for s in qwen.discover(env or {}, str(home), Walker())}


def test_discovery_labels_and_the_data_dir_override(tmp_path):
    write_qwen(str(tmp_path))
    found = sorted((s.project, os.path.basename(s.path)) for s in _sources(tmp_path).values())
    assert found == [("api", f"{QWEN_B}.jsonl"), ("app", f"{QWEN_A}.jsonl")]
    moved = tmp_path / "elsewhere"
    os.rename(tmp_path / ".qwen" / "projects", moved)
    assert not _sources(tmp_path)
    assert len(_sources(tmp_path, {"QWEN_DATA_DIR": str(moved)})) == 2


def test_calls_prompts_and_tools(tmp_path):
    write_qwen(str(tmp_path))
    log = ReadLog()
    [s] = qwen.read(_sources(tmp_path)[f"{QWEN_A}.jsonl"], log)
    assert not log.counts and (s.session_id, s.project) == (QWEN_A, "app")
    got = [(c.key, c.model, c.input, c.output, c.cache_read, c.reasoning, c.turn, c.prompt) for c in s.calls]
    assert got == [
        # the prompt count is kept whole, cached tokens priced again as cache reads (as the reference does)
        (f"qwen:{QWEN_A}:q-a1", "qwen3-coder-plus", 8123, 142, 4096, 60, None, "list the failing lint rules"),
        (f"qwen:{QWEN_A}:q-a2", "qwen3-coder-plus", 9400, 210, 8000, 0, None, ""),  # the prompt was taken
        (f"qwen:{QWEN_A}:q-a5", "qwen-auto", 5000, 300, 0, 25, None, "write the changelog entry"),
    ]
    assert s.calls[0].ts_ms == ts_ms("2026-10-24T08:00:04.000Z")
    assert [(t.name, t.command) for t in s.calls[0].tools] == [
        ("execute_command", "npx eslint . --format compact"), ("read_file", None)]
    # current tool names the table does not map stay raw, without commands (as in the reference)
    assert [(t.name, t.command) for t in s.calls[1].tools] == [("run_shell_command", None), ("replace", None)]


def test_report_equals_the_reference(tmp_path, run):
    write_qwen(str(tmp_path / "home"))
    r = run("report", "--format", "json", "-p", "all", "--provider", "qwen", now=NOW_FIXTURES)
    assert r.status == 0, r.stderr
    got = summary(r.json)
    assert got["overview"] == TOTALS
    assert got["projects"] == [("api", 2, 1, 0), ("app", 3, 1, 0.019875)]
    assert got["models"] == [("Qwen (auto)", 1, 5000, 300, 0, 0, 0.019875),
                             ("qwen3-coder-plus", 3, 20523, 472, 12096, 0, 0),
                             ("qwen3-max", 1, 3500, 80, 2048, 0, 0)]
    assert got["daily"] == [("2026-10-24", 3, 3, 0.019875), ("2026-10-25", 2, 2, 0)]
    assert got["tools"] == sorted([("Bash", 2), ("Read", 1), ("run_shell_command", 1), ("replace", 1), ("Write", 1),
                                   ("Grep", 1), ("LS", 1), ("WebSearch", 1)])
    assert got["shell"] == [("eslint", 1), ("go", 1), ("tee", 1)]  # `go` twice in one call counts once


def test_bad_input_is_named_and_the_rest_counted(tmp_path, run):
    home = tmp_path / "home"
    write_qwen(str(home))
    chats = home / ".qwen" / "projects" / "-home-dev-api" / "chats"
    with open(chats / f"{QWEN_B}.jsonl", "a") as f:
        f.write(json.dumps({"uuid": "b-x", "sessionId": QWEN_B, "type": "assistant", "timestamp": "2026-10-25T14:01Z",
                            "usageMetadata": {"promptTokenCount": [1], "candidatesTokenCount": 2}}) + "\n")
        f.write(json.dumps({"uuid": "b-y", "sessionId": QWEN_B, "type": "user", "message": {"parts": "text"}}) + "\n")
        f.write('{"uuid":"b-z","sessionId":"' + QWEN_B + '","type":"assistant","usageMetadata":{"promptTo')
    (chats / "c0ffee.jsonl").mkdir()
    r = run("report", "--format", "json", "-p", "all", "--provider", "qwen", now=NOW_FIXTURES)
    assert r.status == 0, r.stderr
    assert summary(r.json)["overview"] == TOTALS
    warnings = [w for w in r.json["warnings"] if not w.startswith("no price known")]
    assert len(warnings) == 3, warnings
    assert any(w.startswith("1 invalid JSON lines or records skipped") for w in warnings)
    assert any(w.startswith("2 records of an unexpected shape skipped") for w in warnings)
    assert any("could not be read" in w and "c0ffee.jsonl: Is a directory" in w for w in warnings)
    assert run("report", "-p", "all", "--provider", "qwen", "--strict", now=NOW_FIXTURES).status == 1
