"""Gemini CLI (spec providers §1.3): JSONL and single-JSON sessions read into
calls, and the report of tests/provider_fixtures.write_gemini's history
compared with CodeBurn 0.9.20's on the same files
(`HOME=<home> TZ=UTC $CODEBURN_HEAD report --format json -p all --provider gemini`)."""
from __future__ import annotations

import json
import os

from codeburn.providers import gemini
from codeburn.providers.base import Walker
from codeburn.providers.records import ReadLog, ts_ms
from tests.provider_fixtures import GEMINI_NEW, GEMINI_OLD, NOW_FIXTURES, summary, write_gemini

# CodeBurn 0.9.20 on write_gemini's files: calls, sessions, cost, tokens
TOTALS = (7, 2, 0.0814165, {"input": 44240, "output": 1970, "cacheRead": 59800, "cacheWrite": 0})


def _read(home, name):
    sources = {os.path.basename(s.path): s for s in gemini.discover({}, str(home), Walker())}
    log = ReadLog()
    return list(gemini.read(sources[name], log)), log


def test_discovery_finds_both_forms_under_their_project_folders(tmp_path):
    write_gemini(str(tmp_path))
    found = sorted((s.project, os.path.basename(s.path)) for s in gemini.discover({}, str(tmp_path), Walker()))
    assert found == [("3b9f0e6d2c1a7788", "session-2026-10-22T08-30-a1b2c3d4.json"),
                     ("shopfront", "session-2026-10-20T10-00-5f0c9e1a.jsonl"),
                     ("shopfront", "session-2026-10-20T11-00-5f0c9e1a.jsonl")]


def test_jsonl_session_calls_turns_and_tools(tmp_path):
    write_gemini(str(tmp_path))
    sessions, log = _read(tmp_path, "session-2026-10-20T10-00-5f0c9e1a.jsonl")
    assert not log.counts and not log.unreadable
    [s] = sessions
    assert (s.session_id, s.project) == (GEMINI_NEW, "shopfront")
    got = [(c.key, c.model, c.input, c.output, c.cache_read, c.reasoning, c.turn, c.prompt) for c in s.calls]
    prompt = "fix the failing cart test and run the suite"
    assert got == [
        # input includes the cached tokens: 12040 - 8000 uncached
        (f"gemini:{GEMINI_NEW}:m-g1", "gemini-2.5-pro", 4040, 310, 8000, 122, f"{GEMINI_NEW}:turn-0", prompt),
        (f"gemini:{GEMINI_NEW}:m-g2", "gemini-2.5-pro", 3500, 420, 12000, 0, f"{GEMINI_NEW}:turn-0", prompt),
        # a line with an empty id is no message; zero counts and no model: no call
        (f"gemini:{GEMINI_NEW}:m-g4", "gemini-2.5-flash", 600, 60, 8800, 12, f"{GEMINI_NEW}:turn-1", "now commit it"),
    ]
    assert s.calls[0].ts_ms == ts_ms("2026-10-20T10:00:06.000Z")
    # the display name wins when the table maps it; a tool counts once per call
    first = [(t.name, t.command) for t in s.calls[0].tools]
    assert first == [("ReadFile", None), ("Shell", "npm test && git status")]
    assert [(t.name, t.command) for t in s.calls[1].tools] == [("Edit", None), ("FindFiles", None)]
    assert [(t.name, t.command) for t in s.calls[2].tools] == [("Shell", "git commit -am 'fix cart'; git log -1")]


def test_single_json_session_start_time_and_old_stamps(tmp_path):
    write_gemini(str(tmp_path))
    [s], log = _read(tmp_path, "session-2026-10-22T08-30-a1b2c3d4.json")
    assert not log.counts
    assert [(c.key, c.input, c.output, c.cache_read, c.reasoning) for c in s.calls] == [
        (f"gemini:{GEMINI_OLD}:o-g1", 30100, 880, 0, 512),
        (f"gemini:{GEMINI_OLD}:o-g2", 1000, 200, 30000, 0),
        # no id: its ordinal among the token-bearing messages; the 1999 message is dropped
        (f"gemini:{GEMINI_OLD}:idx-2", 4000, 70, 0, 9),
    ]
    assert s.calls[1].ts_ms == ts_ms("2026-10-22T08:30:00.000Z")  # no stamp of its own: the session start
    # name mapped, display name not: the name; neither: the display name
    assert [t.name for t in s.calls[0].tools] == ["read_file", "run_command", "web_search"]


def test_report_equals_the_reference(tmp_path, run):
    write_gemini(str(tmp_path / "home"))
    r = run("report", "--format", "json", "-p", "all", "--provider", "gemini", now=NOW_FIXTURES)
    assert r.status == 0, r.stderr
    got = summary(r.json)
    assert got["overview"] == TOTALS
    assert got["projects"] == [("3b9f0e6d2c1a7788", 3, 1, 0.0599425), ("shopfront", 4, 1, 0.021474)]
    assert got["models"] == [("Gemini 2.5 Flash", 3, 5600, 160, 9800, 0, 0.0024265),
                             ("Gemini 2.5 Pro", 4, 38640, 1810, 50000, 0, 0.07899)]
    assert got["daily"] == [("2026-10-20", 4, 3, 0.021474), ("2026-10-22", 3, 1, 0.0599425)]
    assert got["tools"] == sorted([("Bash", 3), ("Read", 2), ("WebSearch", 1), ("Edit", 1), ("FindFiles", 1)])
    assert got["shell"] == [("bash", 1), ("git", 2), ("npm", 1)]
    assert r.json["warnings"] == []


def test_bad_input_is_named_and_the_rest_counted(tmp_path, run):
    home = tmp_path / "home"
    write_gemini(str(home))
    chats = home / ".gemini" / "tmp" / "shopfront" / "chats"
    # a torn last line, and a line whose counts are of the wrong type
    with open(chats / "session-2026-10-20T10-00-5f0c9e1a.jsonl", "a") as f:
        f.write(json.dumps({"id": "m-bad", "type": "gemini", "timestamp": "2026-10-20T10:06:00Z",
                            "model": "gemini-2.5-pro", "tokens": {"input": "12", "output": 5}}) + "\n")
        f.write('{"id":"m-torn","type":"gemini","timestamp":"2026-10-20T10:07:00Z","mod')
    # a single-JSON session cut mid-write
    text = (home / ".gemini/tmp/3b9f0e6d2c1a7788/chats/session-2026-10-22T08-30-a1b2c3d4.json").read_text()
    (chats / "session-2026-10-23T00-00-cut.json").write_text(text[: len(text) // 2])
    # a directory where a session file is expected
    (chats / "session-2026-10-24T00-00-dir.jsonl").mkdir()
    r = run("report", "--format", "json", "-p", "all", "--provider", "gemini", now=NOW_FIXTURES)
    assert r.status == 0, r.stderr
    assert summary(r.json)["overview"] == TOTALS
    warnings = r.json["warnings"]
    assert len(warnings) == 3, warnings
    assert any(w.startswith("2 invalid JSON lines or records skipped") for w in warnings)
    assert any(w.startswith("1 records of an unexpected shape skipped") and "session-2026-10-20T10-00" in w
               for w in warnings)
    assert any("could not be read" in w and "session-2026-10-24T00-00-dir.jsonl" in w for w in warnings)
    strict = run("report", "--format", "json", "-p", "all", "--provider", "gemini", "--strict", now=NOW_FIXTURES)
    assert strict.status == 1
