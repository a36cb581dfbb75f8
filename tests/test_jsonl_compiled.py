"""Gemini CLI and Qwen Code JSONL decoded by the compiled reader
(_fast/includes/cb_jsonl.h) against their Python readers (providers/gemini.py,
providers/qwen.py), the oracle whose numbers equal CodeBurn 0.9.20's (see
tests/test_provider_gemini.py, test_provider_qwen.py): the same files give
the same report JSON, byte for byte, cold and from the cache; a file with
a shape the compiled reader does not reproduce is handed to the Python
reader, and every clean file is not."""
from __future__ import annotations

import json
import os
import random

import pytest

from codeburn import scan
from codeburn.providers import PROVIDERS, gemini, qwen
from codeburn.providers.base import Walker
from tests.provider_fixtures import NOW_FIXTURES, write_gemini, write_qwen

ARGS = ("report", "--format", "json", "-p", "all")


def _report(run, tmp_path, monkeypatch, compiled: bool, tag: str, provider: str) -> dict:
    """The report JSON, through the compiled reader or the Python readers;
    a cache dir per path and run (a second run of a path reads its cache)."""
    with monkeypatch.context() as m:
        if not compiled:
            m.setattr(gemini, "KIND", "records")
            m.setattr(qwen, "KIND", "records")
        env = {"CODEBURN_CACHE_DIR": str(tmp_path / f"cache-{compiled}-{tag}")}
        r = run(*ARGS, "--provider", provider, env=env, now=NOW_FIXTURES)
    assert r.status == 0, r.stderr
    return r.json


def _same_both_ways(run, tmp_path, monkeypatch, provider: str) -> dict:
    oracle = _report(run, tmp_path, monkeypatch, False, "a", provider)
    cold = _report(run, tmp_path, monkeypatch, True, "a", provider)
    warm = _report(run, tmp_path, monkeypatch, True, "a", provider)
    assert json.dumps(cold, sort_keys=True) == json.dumps(oracle, sort_keys=True)
    assert json.dumps(warm, sort_keys=True) == json.dumps(oracle, sort_keys=True)
    return oracle


def _given_up(home: str, provider: str) -> list[str]:
    """Basenames of the files the compiled reader hands to the Python reader."""
    module = PROVIDERS[provider]
    sources = list(module.discover({}, home, Walker()))
    result = scan.scan_sources(sources, classify_turns=False)
    names = {s.path for s in result.sources[len(sources):]}  # sessions the records feed appended
    return sorted(os.path.basename(p) for p in names)


def test_fixture_histories_report_the_same(tmp_path, run, monkeypatch):
    home = str(tmp_path / "home")
    write_gemini(home)
    write_qwen(home)
    doc = _same_both_ways(run, tmp_path, monkeypatch, "all")
    assert doc["overview"]["calls"] == 12  # gemini 7 + qwen 5 (the reference's counts)
    # the single-JSON Gemini session is the Python reader's; the JSONL files are compiled
    assert _given_up(home, "gemini") == ["session-2026-10-22T08-30-a1b2c3d4.json"]
    assert _given_up(home, "qwen") == []


def test_bad_input_goes_to_the_python_reader(tmp_path, run, monkeypatch):
    home = tmp_path / "home"
    write_gemini(str(home))
    write_qwen(str(home))
    chats = home / ".gemini" / "tmp" / "shopfront" / "chats"
    with open(chats / "session-2026-10-20T10-00-5f0c9e1a.jsonl", "a") as f:
        f.write('{"id":"m-torn","type":"gemini","timestamp":"2026-10-20T10:07:00Z","mod')
    qchats = home / ".qwen" / "projects" / "-home-dev-api" / "chats"
    with open(next(qchats.iterdir()), "a") as f:
        f.write(json.dumps({"uuid": "b-x", "sessionId": "s", "type": "assistant",
                            "usageMetadata": {"promptTokenCount": "9"}}) + "\n")
    (chats / "session-2026-10-24T00-00-dir.jsonl").mkdir()
    doc = _same_both_ways(run, tmp_path, monkeypatch, "all")
    named = [w for w in doc["warnings"] if not w.startswith("no price known")]
    assert len(named) == 3, named  # the torn line, the wrong type, the directory
    assert _given_up(str(home), "gemini") == ["session-2026-10-20T10-00-5f0c9e1a.jsonl",
                                              "session-2026-10-22T08-30-a1b2c3d4.json"]


# --- generated histories: every quirk the readers know, mixed at random ---------

GEMINI_TOOLS = [("run_shell_command", "Shell"), ("read_file", "ReadFile"), ("replace", "Edit"),
                ("glob", "FindFiles"), ("web_search", None), ("custom_tool", "Custom"), ("mcp__gh__pr", None),
                (None, "Shell"), (7, "ReadFile"), ("write_file", 3)]
QWEN_TOOLS = ["run_shell_command", "execute_command", "read_file", "replace", "write_to_file", "search_files",
              "list_directory", "web_search", "mcp__db__query", ""]
COMMANDS = ["npm test && git status", "git log -1", "ls -la | grep x", "pytest -q", "cat a.txt", "go vet ./..."]
TEXTS = ["fix the bug", "", "refactor the parser and run the tests " * 30, "héllo wörld ✓ 🚀" * 40, "x"]


def _count(rng, quirky):
    r = rng.random()
    if quirky and r < 0.03:
        return rng.choice([12.7, "5", -1, True, None, 1e16])
    if r < 0.15:
        return 0
    return rng.randrange(1, 40000)


def _ts(rng, day, i, quirky):
    if quirky and rng.random() < 0.08:
        return rng.choice([None, "", "not a date", 0, 1761300000, 1761300000.5, 1761300000123, [], "1999-01-01T00:00:00Z"])
    return f"2026-10-{day:02d}T{10 + i // 60 % 10:02d}:{i % 60:02d}:00.000Z"


def _gemini_session(rng, sid, day, quirky):
    lines = [{"sessionId": sid, "projectHash": "h", "startTime": f"2026-10-{day:02d}T09:00:00.000Z", "kind": "main"}]
    for i in range(rng.randrange(1, 25)):
        r = rng.random()
        if r < 0.25:
            content = rng.choice([rng.choice(TEXTS), [{"text": rng.choice(TEXTS)}, {"text": rng.choice(TEXTS)}],
                                  [{"text": "a"}, "junk", {"other": 1}], None, 42])
            lines.append({"id": f"u{i}", "timestamp": _ts(rng, day, i, quirky), "type": "user", "content": content})
        elif r < 0.85:
            tools = []
            for k in range(rng.randrange(0, 5)):
                name, display = rng.choice(GEMINI_TOOLS)
                tc = {"id": f"t{i}-{k}", "name": name, "args": {"command": rng.choice(COMMANDS)}, "status": "success",
                      "resultDisplay": "output " * rng.randrange(0, 50)}
                if display is not None or rng.random() < 0.3:
                    tc["displayName"] = display
                tools.append(tc)
            msg = {"id": rng.choice([f"g{i}", f"g{i}", "dup"]), "timestamp": _ts(rng, day, i, quirky), "type": "gemini",
                   "content": "reply " * rng.randrange(0, 20), "model": rng.choice(["gemini-2.5-pro", "gemini-2.5-flash"]),
                   "tokens": {"input": _count(rng, quirky), "output": _count(rng, quirky),
                              "cached": _count(rng, quirky) if rng.random() < 0.5 else 0,
                              "thoughts": _count(rng, quirky)}, "toolCalls": tools}
            if quirky and rng.random() < 0.05:
                msg.pop("model")
            lines.append(msg)
        elif r < 0.93:
            lines.append({"$set": {"lastUpdated": _ts(rng, day, i, False)}})
        else:
            lines.append({"id": f"i{i}", "type": "info", "content": "note"})
    if quirky and rng.random() < 0.3:
        lines.append(rng.choice(['{"id":"torn","type":"gem', "[1,2]", '{"id": 5, "type": "gemini"}',
                                 '{"id":"m","type":"user","content":"a"}  ']))
    return lines


def _qwen_session(rng, sid, day, quirky):
    lines = []
    for i in range(rng.randrange(1, 25)):
        r = rng.random()
        base = {"uuid": rng.choice([f"q{i}", f"q{i}", "dup"]), "parentUuid": None, "sessionId": sid,
                "timestamp": _ts(rng, day, i, quirky), "cwd": "/home/dev/x", "version": "0.0.14"}
        if quirky and rng.random() < 0.05:
            base["sessionId"] = rng.choice([None, "", "other-session"])
        if quirky and rng.random() < 0.05:
            base.pop("uuid")
        if r < 0.25:
            parts = [{"text": rng.choice(TEXTS)} for _ in range(rng.randrange(0, 3))]
            if rng.random() < 0.3:
                parts.insert(0, {"text": "hidden", "thought": True})
            lines.append({**base, "type": "user", "message": {"role": "user", "parts": parts}})
        elif r < 0.75:
            parts = [{"text": "thinking", "thought": True}] if rng.random() < 0.3 else []
            for _ in range(rng.randrange(0, 5)):
                parts.append({"functionCall": {"name": rng.choice(QWEN_TOOLS), "args": {"command": rng.choice(COMMANDS)}}})
            usage = {"promptTokenCount": _count(rng, quirky), "candidatesTokenCount": _count(rng, quirky),
                     "cachedContentTokenCount": _count(rng, quirky) if rng.random() < 0.5 else 0}
            if rng.random() < 0.5:
                usage["thoughtsTokenCount"] = _count(rng, quirky)
            rec = {**base, "type": "assistant", "message": {"role": "model", "parts": parts},
                   "model": rng.choice(["qwen3-coder-plus", "qwen3-max", ""]), "usageMetadata": usage}
            if rng.random() < 0.1:
                rec.pop("usageMetadata")
            lines.append(rec)
        elif r < 0.9:
            lines.append({**base, "type": "tool_result",
                          "message": {"role": "user", "parts": [{"functionResponse": {"response": "y" * 300}}]}})
        else:
            lines.append({**base, "type": "system", "subtype": "ui_telemetry", "message": None})
    if quirky and rng.random() < 0.3:
        lines.append(rng.choice(['{"uuid":"torn","type":"assis', '"a string"',
                                 '{"type":"tool_result","uuid":"torn-but-skipped",',
                                 '{"type":"user","message":{"parts":"notalist"}}']))
    return lines


def _write(path, lines):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for line in lines:
            f.write((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False, separators=(",", ":")))
                    + "\n")


def _generated_home(home: str, seed: int, quirky: bool) -> None:
    rng = random.Random(seed)
    for p in range(3):
        for s in range(rng.randrange(1, 5)):
            sid = rng.choice([f"sess-{p}-{s}", "shared-session"])
            day = rng.randrange(1, 28)
            _write(os.path.join(home, ".gemini", "tmp", f"proj-{p}", "chats", f"session-2026-10-{day:02d}-{s}.jsonl"),
                   _gemini_session(rng, sid, day, quirky))
            _write(os.path.join(home, ".qwen", "projects", f"-home-dev-app-{p}", "chats", f"{sid}-{s}.jsonl"),
                   _qwen_session(rng, sid, day, quirky))


@pytest.mark.parametrize("seed", range(4))
def test_generated_clean_histories(tmp_path, run, monkeypatch, seed):
    home = str(tmp_path / "home")
    _generated_home(home, seed, quirky=False)
    doc = _same_both_ways(run, tmp_path, monkeypatch, "all")
    assert doc["overview"]["calls"] > 0
    assert _given_up(home, "gemini") == [] and _given_up(home, "qwen") == []


@pytest.mark.parametrize("seed", range(100, 108))
def test_generated_quirky_histories(tmp_path, run, monkeypatch, seed):
    _generated_home(str(tmp_path / "home"), seed, quirky=True)
    _same_both_ways(run, tmp_path, monkeypatch, "all")
