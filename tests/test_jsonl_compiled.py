"""Gemini CLI, Qwen Code, Pi, OMP, OpenClaw and legacy Kimi JSONL decoded by
the compiled reader (_fast/includes/cb_jsonl.h) against their Python readers
(providers/gemini.py, qwen.py, pi.py, openclaw.py, kimi.py), the oracle whose numbers
equal CodeBurn 0.9.20's (see tests/test_provider_*.py): the same files give
the same report JSON, byte for byte, cold and from the cache; a file with
a shape the compiled reader does not reproduce is handed to the Python
reader, and every clean file is not."""
from __future__ import annotations

import json
import os
import random

import pytest

from codeburn.providers import PROVIDERS, copilot, gemini, kimi, kimicode, omp, openclaw, pi, qwen
from codeburn.providers.base import Walker
from codeburn.read import scan
from tests.provider_files import write_jsonl
from tests.provider_fixtures import CLI_B, NOW_FIXTURES, write_copilot_cli, write_copilot_vscode, write_gemini, write_qwen
from tests.test_provider_pi import AUTH, answer, header, u, user
from tests.test_provider_pi import build as write_pi
from tests import test_provider_kimi as wire
from tests import test_provider_openclaw as claw

ARGS = ("report", "--format", "json", "-p", "all")


def _report(run, tmp_path, monkeypatch, compiled: bool, tag: str, provider: str, argv=ARGS) -> dict:
    """The report JSON, through the compiled reader or the Python readers;
    a cache dir per path and run (a second run of a path reads its cache)."""
    with monkeypatch.context() as m:
        if not compiled:
            for module in (gemini, qwen, pi, omp, openclaw, kimi, kimicode):
                m.setattr(module, "KIND", "records")
            m.setattr(copilot, "compiled_kind", lambda src: "records")
        env = {"CODEBURN_CACHE_DIR": str(tmp_path / f"cache-{compiled}-{tag}")}
        r = run(*argv, "--provider", provider, env=env, now=NOW_FIXTURES)
    assert r.status == 0, r.stderr
    return r.json


def _same_both_ways(run, tmp_path, monkeypatch, provider: str) -> dict:
    oracle = _report(run, tmp_path, monkeypatch, False, "a", provider)
    cold = _report(run, tmp_path, monkeypatch, True, "a", provider)
    warm = _report(run, tmp_path, monkeypatch, True, "a", provider)
    assert json.dumps(cold, sort_keys=True) == json.dumps(oracle, sort_keys=True)
    assert json.dumps(warm, sort_keys=True) == json.dumps(oracle, sort_keys=True)
    return oracle


def _given_up(home: str, provider: str, monkeypatch) -> list[str]:
    """Basenames of the files the compiled reader hands to the Python reader."""
    module = PROVIDERS[provider]
    read, called = module.read, []

    def spy(src, log):
        called.append(os.path.basename(src.path))
        return read(src, log)

    with monkeypatch.context() as m:
        m.setattr(module, "read", spy)
        scan.scan_sources(list(module.discover({}, home, Walker())), classify_turns=False)
    return sorted(called)


def test_fixture_histories_report_the_same(tmp_path, run, monkeypatch):
    home = str(tmp_path / "home")
    write_gemini(home)
    write_qwen(home)
    doc = _same_both_ways(run, tmp_path, monkeypatch, "all")
    assert doc["overview"]["calls"] == 12  # gemini 7 + qwen 5 (the reference's counts)
    # the single-JSON Gemini session is the Python reader's; the JSONL files are compiled
    assert _given_up(home, "gemini", monkeypatch) == ["session-2026-10-22T08-30-a1b2c3d4.json"]
    assert _given_up(home, "qwen", monkeypatch) == []


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
    # the whole-JSON file; a torn last line is counted by the compiled reader
    # itself, and the directory is named by the walker (it is no source)
    assert _given_up(str(home), "gemini", monkeypatch) == ["session-2026-10-22T08-30-a1b2c3d4.json"]


def test_pi_and_omp_report_the_same(tmp_path, run, monkeypatch):
    home = str(tmp_path / "home")
    write_pi(home)
    auth = os.path.join(home, ".pi", "agent", "sessions", AUTH)
    # a second session record mid-file splits the file into two sessions: the reader's
    write_jsonl(os.path.join(auth, "split.jsonl"), [
        header("split-a"), user("u1", "2026-10-16T09:00:00.000Z", "one"),
        answer("a1", "2026-10-16T09:00:05.000Z", u(100, 10)),
        header("split-b"), answer("a2", "2026-10-16T09:00:09.000Z", u(100, 10))])
    doc = _same_both_ways(run, tmp_path, monkeypatch, "all")
    assert (doc["overview"]["calls"], doc["overview"]["sessions"]) == (6 + 2 + 2, 3 + 1 + 2)
    assert _given_up(home, "pi", monkeypatch) == ["split.jsonl", "stray.jsonl"]  # stray: no header in 20 lines
    assert _given_up(home, "omp", monkeypatch) == []


@pytest.mark.parametrize("provider, build, calls, handed", [
    ("openclaw", claw.build, claw.REPORT["calls"], []),
    ("kimi", wire.build_kimi, wire.KIMI_REPORT["calls"], ["wire.jsonl"]),  # a numeric-string count: Python's
    ("kimicode", wire.build_kimicode, wire.KIMICODE_REPORT["calls"], []),
])
def test_fixture_logs_report_the_same(tmp_path, run, monkeypatch, provider, build, calls, handed):
    home = str(tmp_path / "home")
    build(home)
    doc = _same_both_ways(run, tmp_path, monkeypatch, provider)
    assert doc["overview"]["calls"] == calls
    assert _given_up(home, provider, monkeypatch) == handed


def test_a_kept_decode_follows_the_configured_kimi_model(tmp_path, run):
    """The legacy Kimi CLI's model comes from config.toml, not the wire log:
    a warm run after it changed re-decodes (file cache and kept scan)."""
    home = tmp_path / "home"
    wire.build_kimi(str(home))
    env = {"CODEBURN_CACHE_DIR": str(tmp_path / "cache")}

    def models():
        r = run(*ARGS, "--provider", "kimi", env=env, now=NOW_FIXTURES)
        assert r.status == 0, r.stderr
        return sorted(m["name"] for m in r.json["models"])

    before = models()
    assert models() == before
    config = home / ".kimi" / "config.toml"
    config.write_text(config.read_text().replace('default_model = "k2"', 'default_model = "other"'))
    after = models()
    assert after != before
    assert after == models()


def test_a_kimicode_record_without_a_time_is_the_python_readers(tmp_path, run, monkeypatch):
    """It falls back to state.json's times, which the compiled reader does not read."""
    home = str(tmp_path / "home")
    wire.build_kimicode(home)
    sess = os.path.join(home, ".kimi-code", "sessions", "wd_changelog-bot_0123456789ab", "session_7d1e")
    write_jsonl(os.path.join(sess, "agents", "late", "wire.jsonl"), [
        {"type": "usage.record", "model": "default", "usage": {"inputOther": 7, "output": 3}}])
    doc = _same_both_ways(run, tmp_path, monkeypatch, "kimicode")
    assert doc["overview"]["calls"] == wire.KIMICODE_REPORT["calls"] + 1
    assert _given_up(home, "kimicode", monkeypatch) == ["wire.jsonl"]


def test_copilot_event_logs_report_the_same(tmp_path, run, monkeypatch):
    home = str(tmp_path / "home")
    write_copilot_cli(home, store=False)
    write_copilot_vscode(home)  # journals and transcripts: read by the Python reader either way
    doc = _same_both_ways(run, tmp_path, monkeypatch, "all")
    assert doc["overview"]["calls"] > 0
    assert [s["name"] for s in doc["subagents"]] == ["explore"]
    # times as the logs spell them (sessions shows them): a stamp without milliseconds
    events = os.path.join(home, ".copilot", "session-state", CLI_B, "events.jsonl")
    with open(events, "a") as f:
        f.write(json.dumps({"type": "assistant.message", "timestamp": "2026-10-29T11:40:00Z",
                            "data": {"messageId": "b-9", "outputTokens": 10}}) + "\n")
        f.write(json.dumps({"type": "session.shutdown", "timestamp": "2026-10-29T11:45:00+00:00",
                            "data": {"modelMetrics": {"gpt-5": {"usage": {"inputTokens": 99000}}}}}) + "\n")
    argv = ("sessions", "--format", "json", "-p", "all")
    spelled = _report(run, tmp_path, monkeypatch, True, "s", "copilot", argv)
    assert spelled == _report(run, tmp_path, monkeypatch, False, "s", "copilot", argv)
    assert "2026-10-29T11:45:00+00:00" in json.dumps(spelled)
    # another tool's new file: the kept scan misses, the event logs come from the file cache
    write_qwen(home)
    warm = _report(run, tmp_path, monkeypatch, True, "a", "all")
    assert json.dumps(warm, sort_keys=True) == json.dumps(_report(run, tmp_path, monkeypatch, False, "b", "all"),
                                                          sort_keys=True)
    with monkeypatch.context() as m:  # the CLI event logs are compiled, the rest is not
        m.setattr(copilot, "discover", lambda env, home, walker, d=copilot.discover: (
            s for s in d(env, home, walker) if s.form == "events"))
        assert _given_up(home, "copilot", monkeypatch) == []


def test_bad_copilot_and_kimicode_files_are_named_and_the_rest_counted(tmp_path):
    """A torn line mid-file, a file cut mid-write, values of the wrong type,
    a directory where a log should be and an unreadable log, for each of
    the two: exit 0 with every provider's totals as without them, one
    warning per kind; --strict exits 1."""
    from tests.provider_files import bad_input_run, overview, report

    home = tmp_path / "home"
    write_copilot_cli(str(home), store=False)
    wire.build_kimicode(str(home))
    write_gemini(str(home))
    status, clean, _ = report(str(home), "all", env={"CODEBURN_CACHE_DIR": str(tmp_path / "clean")})
    # CodeBurn 0.9.20's counts of the clean files (tests/test_provider_*.py): Copilot, Kimi Code, Gemini
    assert status == 0 and clean["overview"]["calls"] == 6 + wire.KIMICODE_REPORT["calls"] + 7
    state = home / ".copilot" / "session-state"
    wd = home / ".kimi-code" / "sessions" / "wd_changelog-bot_0123456789ab"
    for where, name, good, cut, wrong in (
            (state / "s-torn", "events.jsonl", '{"type":"session.start","data":{"selectedModel":"gpt-5"}}',
             '{"type":"assistant.message","data":{"messageId":"t","outpu',
             '{"type":"assistant.message","timestamp":"2026-10-28T15:00:00Z",'
             '"data":{"messageId":"w","outputTokens":"9"}}'),
            (wd / "session_torn" / "agents" / "main", "wire.jsonl", '{"type":"metadata","protocol_version":"1.4"}',
             '{"type":"usage.record","model":"default","usage":{"inputOth',
             '{"type":"usage.record","model":"default","usage":[1,2],"time":1793354400000}')):
        where.mkdir(parents=True)
        (where / name).write_text(f"{good}\n{cut}\n{wrong}\n{cut}")  # torn mid-file, wrong types, cut mid-write
        (where.parent / (where.name + "-dir") / name).mkdir(parents=True)
        locked = where.parent / (where.name + "-locked")
        locked.mkdir()
        (locked / name).write_text(good + "\n")
        os.chmod(locked / name, 0)
    d, kinds = bad_input_run(tmp_path, "all")
    assert overview(d) == overview(clean)
    assert kinds == ["4 invalid JSON lines or records skipped;", "2 records of an unexpected shape skipped;",
                     "4 paths could not be read:"], kinds


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
        lines.append(rng.choice(['{"uuid":"torn","type":"assis', '"a string"', '\ufeff{"type":"user"}',
                                 '{"type":"tool_result","uuid":"torn-but-skipped",',
                                 '{"type":"user","message":{"parts":"notalist"}}']))
    return lines


PI_TOOLS = [("read", {"path": "/home/dev/.pi/agent/skills/refactor/SKILL.md"}), ("read", {"path": "skill://deploy/x"}),
            ("read", {"path": " src/a.ts "}), ("read", {"file_path": "b.ts"}), ("read", {"path": None, "file_path": "c"}),
            ("bash", {"command": "npm test && git status"}), ("bash", {"command": 5}), ("edit", {"path": "src/a.ts"}),
            ("grep", {"pattern": "x"}), ("task", {"prompt": "p"}), ("write", {"path": "out.md"}), ("", {})]


def _pi_tool_result(i, ts):
    return {"type": "message", "id": f"t{i}", "timestamp": ts,
            "message": {"role": "toolResult", "content": [{"type": "text", "text": "z" * 200}]}}


def _pi_quirks(rng, quirky, lines):
    """Pi-lineage lines, with a bad one at the end now and then."""
    if quirky and rng.random() < 0.3:
        lines.append(rng.choice(['{"type":"message","id":"torn","mess', '[1]', '{"type":"message","message":3}']))
    return lines


def _pi_session(rng, sid, day, quirky):
    lines = [""] * rng.randrange(0, 3) + [header(sid, cwd=rng.choice(["/home/dev/app", "/home/dev/app/", None]),
                                                 ts=f"2026-10-{day:02d}T09:00:00.000Z")]
    for i in range(rng.randrange(1, 25)):
        r, ts = rng.random(), _ts(rng, day, i, quirky)
        if r < 0.25:
            if rng.random() < 0.3:
                lines.append(user(f"u{i}", ts, content=rng.choice(TEXTS)))
            else:
                lines.append(user(f"u{i}", ts, *[rng.choice(TEXTS) for _ in range(rng.randrange(0, 3))]))
        elif r < 0.8:
            usage = u(_count(rng, quirky), _count(rng, quirky), _count(rng, quirky) if rng.random() < 0.6 else None,
                      _count(rng, quirky) if rng.random() < 0.4 else None)
            rec = answer(rng.choice([f"a{i}", None]), ts, usage, model=rng.choice(["claude-sonnet-4-5", None, ""]),
                         rid=rng.choice([f"r{i}", None, "dup"]), tools=[rng.choice(PI_TOOLS)
                                                                        for _ in range(rng.randrange(0, 4))])
            if ts is None or (quirky and rng.random() < 0.05):
                rec.pop("timestamp", None)
            lines.append(rec)
        else:
            lines.append(_pi_tool_result(i, ts))
    return _pi_quirks(rng, quirky, lines)


def _claw_session(rng, sid, day, quirky):
    lines = []
    for i in range(rng.randrange(1, 25)):
        r, ts = rng.random(), _ts(rng, day, i, quirky)
        if r < 0.08:
            lines.append(claw.session(rng.choice([sid, sid, "", None]), ts=rng.choice([ts, None, 1761300000123])))
        elif r < 0.14:
            lines.append(rng.choice([claw.model_change(rng.choice(["claude-opus-4-6", ""])),
                                     claw.snapshot(rng.choice(["claude-haiku-4-5", None]))]))
        elif r < 0.35:
            lines.append(claw.user(rng.choice([f"u{i}", None]), ts, *[rng.choice(TEXTS) for _ in range(rng.randrange(0, 3))]))
        elif r < 0.85:
            counts = {k: _count(rng, quirky) for k in ("input", "output", "cacheRead", "cacheWrite")}
            usage = rng.choice([counts, counts, claw.u(0, 0), None, {}, 5, "x"])
            tools = [rng.choice([("bash", {"command": rng.choice(COMMANDS)}), ("exec", {"command": ""}),
                                 ("read", {"path": "a.ts"}), ("write", {"path": "b"}), ("bash", {"command": None})])
                     for _ in range(rng.randrange(0, 4))]
            lines.append(claw.answer(rng.choice([f"a{i}", None, "dup"]), rng.choice([ts, ts, None, 1761300000999.5]),
                                     usage, model=rng.choice(["claude-sonnet-4-5", None]), tools=tools,
                                     block=rng.choice(["toolCall", "tool_use"])))
        else:
            lines.append(_pi_tool_result(i, ts))
    return _pi_quirks(rng, quirky, lines)


def _kimi_session(rng, day, quirky):
    t0 = 1792300000.25 + day * 86400
    lines = [{"type": "metadata", "protocol_version": "2"}]
    for i in range(rng.randrange(1, 25)):
        r, t = rng.random(), t0 + i
        wrapped = rng.random() < 0.7
        if quirky and rng.random() < 0.05:
            t = rng.choice([None, "2026-10-05T10:00:00Z", "", 1792300000123])
        if r < 0.2:
            lines.append(wire.wire(rng.choice(["TurnBegin", "SteerInput"]), {"user_input": rng.choice(
                [rng.choice(TEXTS), [{"type": "text", "text": rng.choice(TEXTS)}, {"type": "image_url"}], 5])}, t, wrapped))
        elif r < 0.3:
            lines.append(wire.wire("TurnEnd", {}, t, wrapped))
        elif r < 0.55:
            name = rng.choice(["Shell", "Bash", "bash", "ReadFile", "StrReplaceFile", "Grep", ""])
            args = rng.choice([json.dumps({"command": rng.choice(COMMANDS)}), json.dumps({"command": ""}), "not json",
                               json.dumps([1]), json.dumps({"path": "a"})])
            if rng.random() < 0.6:
                lines.append(wire.wire("ToolCall", {"type": "function", "function": {"name": name, "arguments": args}},
                                       t, wrapped))
            else:
                lines.append(wire.wire("ToolCallRequest", {"name": name, "arguments": args}, t, wrapped))
        elif r < 0.9:
            keys = rng.choice([("input_other", "input_cache_read", "input_cache_creation", "output"),
                               ("input_tokens", "cached_input_tokens", "cache_creation_input_tokens", "output_tokens"),
                               ("input", "cache_read_input_tokens", "cache_creation_input_tokens", "output")])
            usage = {k: _count(rng, quirky) for k in keys}
            if quirky and rng.random() < 0.1:
                usage[keys[0]] = rng.choice([0.7, -3, None, True, 12.9])
            extra = {"model": rng.choice(["kimi-k2.5", ""])} if rng.random() < 0.3 else {}
            lines.append(wire.status(t, usage, mid=rng.choice([f"m{i}", None, "dup"]),
                                     key=rng.choice(["token_usage", "usage"]), **extra))
        else:
            lines.append(wire.status(t, None, key="context_usage_only", context_usage=0.4))
    return lines


KIMICODE_TOOLS = ["Bash", "Shell", "bash", "shell", "ReadFile", "WriteFile", "StrReplaceFile", "Grep", " Glob ", ""]


def _kimicode_session(rng, day, quirky):
    t0 = 1792300000000 + day * 86400000
    lines = [{"type": "metadata", "protocol_version": "1.4", "created_at": t0},
             {"type": "llm.request", "model": "kimi-k2p6", "modelAlias": "default", "turnStep": "1.1", "time": t0}]
    for i in range(rng.randrange(1, 30)):
        r, t = rng.random(), t0 + i * 1000
        if quirky and rng.random() < 0.05:
            t = rng.choice([None, "2026-10-05T10:00:00Z", "", 1792300000.5, True, 0])
        if r < 0.15:
            text = rng.choice(TEXTS)
            lines.append({"type": rng.choice(["turn.prompt", " turn.prompt "]), "time": t, "input": rng.choice(
                [text, [{"type": "text", "text": f"  {text}\u3000"}, {"type": "image"}, {"type": "text", "text": " "}],
                 [{"type": "text", "text": rng.choice(TEXTS)}, {"type": "text", "text": rng.choice(TEXTS)}], 5, None])})
        elif r < 0.3:
            rec = {"type": "llm.request", "model": rng.choice(["kimi-k2p6", "k3", "", " kimi-k2.5 "]),
                   "modelAlias": rng.choice(["default", "fast", ""]),
                   "turnStep": rng.choice([f"{i // 5 + 1}.{i % 5}", f"{i // 5 + 1}", "", None, 3]),
                   "time": t}
            if rng.random() < 0.1:
                rec["attempt"] = 2
            lines.append(rec)
        elif r < 0.55:
            args = rng.choice([{"command": rng.choice(COMMANDS)}, {"command": "  "}, {"path": "a.ts"},
                               json.dumps({"command": rng.choice(COMMANDS)}), "[1]", None, {"command": 5}])
            lines.append({"type": "context.append_loop_event", "event": {
                "type": rng.choice(["tool.call", "tool.call", "tool.result", " tool.call"]),
                "name": rng.choice(KIMICODE_TOOLS), "args": args, "turnId": i // 5 + 1}})
        elif r < 0.9:
            usage = {k: _count(rng, quirky) for k in ("inputOther", "output", "inputCacheRead", "inputCacheCreation")}
            if quirky and rng.random() < 0.1:
                usage["inputOther"] = rng.choice([0.7, -3, None, True, 12.9, 2e15, "12"])
            rec = {"type": "usage.record", "model": rng.choice(["default", "fast", "other", ""]), "usage": usage,
                   "usageScope": "turn", "time": t}
            if rng.random() < 0.1:
                rec.pop("time")
            if quirky and rng.random() < 0.05:
                rec["usage"] = rng.choice([[1], "x", None])
            lines.append(rec)
        else:
            lines.append({"type": "context.append_loop_event", "event": {"type": "tool.result", "output": "z" * 300}})
        if rng.random() < 0.05:
            lines.append("")
    return lines


COPILOT_TOOLS = ["bash", "view", "edit", "create", "skill", "run_in_terminal", "github-mcp-server-list_issues",
                 "grep", "read_file", "my-tool", "a_b"]


def _copilot_ev(kind, ts, data):
    return {"type": kind, "data": data, "id": f"ev-{ts}", "timestamp": ts, "parentId": None}


def _copilot_session(rng, day, quirky):
    """A CLI event log: messages, subagent runs, model changes and resumed
    legs whose shutdown rollups carry cumulative counters (resets too)."""
    t = [day * 86400 + 8 * 3600 + rng.randrange(0, 14 * 3600)]

    def stamp(gap=None):
        t[0] += gap if gap is not None else rng.randrange(1, 400)
        if quirky and rng.random() < 0.04:
            return rng.choice([None, "", "garbage", 1793178000])
        day, sec = divmod(t[0], 86400)
        return f"2026-10-{1 + day:02d}T{sec // 3600:02d}:{sec % 3600 // 60:02d}:{sec % 60:02d}.000Z"

    models = ["claude-sonnet-4.5", "gpt-5", "gpt-4.1", "claude-haiku-4.5"]
    lines = [_copilot_ev("session.start", stamp(), {"sessionId": "x", "selectedModel": rng.choice(models + [""])})]
    totals = {m: [0, 0, 0, 0, 0] for m in models}
    for _leg in range(rng.randrange(1, 4)):
        for i in range(rng.randrange(1, 20)):
            r = rng.random()
            if r < 0.15:
                lines.append(_copilot_ev("user.message", stamp(), {"content": rng.choice(TEXTS + [None])}))
            elif r < 0.2:
                lines.append(_copilot_ev("session.model_change", stamp(), {"newModel": rng.choice(models)}))
            elif r < 0.3:
                kind = rng.choice(["subagent.started", "subagent.completed", "subagent.selected"])
                data = {"agentName": rng.choice(["explore", "review", None, ""]),
                        "toolCallId": rng.choice(["call_s1", "call_s2", None, ""])}
                lines.append(_copilot_ev(kind, stamp(), data))
            elif r < 0.7:
                reqs = [{"toolCallId": rng.choice(["call_x", "toolu_y"]), "type": "function",
                         rng.choice(["name", "name", "toolName"]): rng.choice(COPILOT_TOOLS),
                         "arguments": rng.choice([{"command": rng.choice(COMMANDS)},
                                                  {"skill": rng.choice([" pdf ", ""])}, {"path": "a.ts"}, "x"])}
                        for _ in range(rng.randrange(0, 4))]
                data = {"messageId": rng.choice([f"m{_leg}-{i}", f"m{_leg}-{i}", "dup", None]),
                        "outputTokens": rng.choice([0, rng.randrange(1, 3000), rng.randrange(1, 3000), None]),
                        "content": "reply " * rng.randrange(0, 30), "toolRequests": reqs}
                if rng.random() < 0.3:
                    data["model"] = rng.choice(models + [""])
                if quirky and rng.random() < 0.03:
                    data["outputTokens"] = rng.choice([12.5, "9", -1, True])
                lines.append(_copilot_ev("assistant.message", stamp(), data))
            elif r < 0.9:
                lines.append(_copilot_ev(rng.choice(["tool.execution_start", "tool.execution_complete",
                                                     "assistant.reasoning"]), stamp(),
                                         {"toolCallId": "c", "result": {"content": "out " * rng.randrange(0, 200)}}))
            else:
                lines.append(_copilot_ev(rng.choice(["session.compaction_complete", "session.info"]), stamp(),
                                         {"success": True}))
        metrics = {}
        for m in rng.sample(models, rng.randrange(0, 3)):
            if rng.random() < 0.15:
                totals[m] = [0, 0, 0, 0, 0]  # a counter reset
            c = totals[m]
            c[1] += rng.randrange(0, 9000)
            c[2] += rng.randrange(0, 5000)
            c[0] += c[1] + c[2] + rng.randrange(0, 40000) if rng.random() < 0.9 else 0
            c[3] += rng.randrange(0, 600)
            c[4] += rng.randrange(0, 300)
            metrics[m] = {"requests": {"count": 3, "cost": 1},
                          "usage": {"inputTokens": c[0], "outputTokens": c[4], "cacheReadTokens": c[1],
                                    "cacheWriteTokens": c[2], "reasoningTokens": c[3]}}
        if quirky and rng.random() < 0.1:
            metrics[rng.choice(models)] = rng.choice([{"usage": None}, 5, {"usage": {"inputTokens": 9.5}}])
        gap = rng.choice([rng.randrange(1, 600), rng.randrange(1800, 20000)])
        data = {"shutdownType": "routine", "modelMetrics": metrics}
        if rng.random() < 0.5:
            data["sessionStartTime"] = 1793178000000
        lines.append(_copilot_ev("session.shutdown", stamp(gap), data))
        lines.append(_copilot_ev("session.resume", stamp(rng.randrange(60, 30000)), {}))
    if quirky and rng.random() < 0.3:
        lines.append(rng.choice(['{"type":"assistant.message","data":{"messageId":"torn","outpu', "[3]",
                                 '{"type":"session.start","data":null}', '{"type":"user.message","data":{"content":5}}',
                                 '{"type":"tool.execution_complete","data":{"result":"torn but skipped']))
    return lines


def _write_file(path, lines, tail=None):
    """The lines, each ending in a newline; `tail` (a line cut mid-write,
    blanks, a complete line) is written last without one."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for line in lines:
            f.write((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False, separators=(",", ":")))
                    + "\n")
        if tail is not None:
            f.write(tail)


TAILS = ['{"type":"message","id":"torn","timestamp":"2026-10-02T10:00:00Z","message":{"role":"assis', "   ",
         '\n\n{"id":"t","type":"gemini","model":"gemini-2.5-pro","tokens":{"input":5', '["not", "an object"',
         '{"a": 1}', '  {"uuid":"x","type":"tool_result","message":{"parts":[']


def _generated_home(home: str, seed: int, quirky: bool) -> None:
    rng = random.Random(seed)

    def _write(path, lines):
        _write_file(path, lines, rng.choice(TAILS) if quirky and rng.random() < 0.4 else None)

    for p in range(3):
        for s in range(rng.randrange(1, 5)):
            sid = rng.choice([f"sess-{p}-{s}", "shared-session"])
            day = rng.randrange(1, 28)
            _write(os.path.join(home, ".gemini", "tmp", f"proj-{p}", "chats", f"session-2026-10-{day:02d}-{s}.jsonl"),
                   _gemini_session(rng, sid, day, quirky))
            _write(os.path.join(home, ".qwen", "projects", f"-home-dev-app-{p}", "chats", f"{sid}-{s}.jsonl"),
                   _qwen_session(rng, sid, day, quirky))
            _write(os.path.join(home, ".openclaw", "agents", f"agent-{p}", "sessions", f"{sid}-{s}.jsonl"),
                   _claw_session(rng, sid, day, quirky))
            _write(os.path.join(home, ".kimi", "sessions", f"hash{p}", f"{sid}-{s}", "wire.jsonl"),
                   _kimi_session(rng, day, quirky))
            for agent in ("main", "sub-1")[:rng.randrange(1, 3)]:
                _write(os.path.join(home, ".kimi-code", "sessions", f"wd_app-{p}_0123456789ab", f"session_{sid}-{s}",
                                    "agents", agent, "wire.jsonl"), _kimicode_session(rng, day, quirky))
            _write(os.path.join(home, ".copilot", "session-state", f"{sid}-{p}-{s}", "events.jsonl"),
                   _copilot_session(rng, day, quirky))
            if rng.random() < 0.7:
                yaml = os.path.join(home, ".copilot", "session-state", f"{sid}-{p}-{s}", "workspace.yaml")
                with open(yaml, "w") as f:
                    f.write(f"id: {sid}\ncwd: /home/dev/app-{p}\n")
            root = ".omp" if rng.random() < 0.3 else ".pi"
            _write(os.path.join(home, root, "agent", "sessions", f"--home-dev-app-{p}--", f"{sid}-{s}.jsonl"),
                   _pi_session(rng, sid, day, quirky))


@pytest.mark.parametrize("seed", range(3))
def test_generated_clean_histories(tmp_path, run, monkeypatch, seed):
    home = str(tmp_path / "home")
    _generated_home(home, seed, quirky=False)
    doc = _same_both_ways(run, tmp_path, monkeypatch, "all")
    assert doc["overview"]["calls"] > 0
    kinds = ("gemini", "qwen", "pi", "omp", "openclaw", "kimi", "kimicode", "copilot")
    assert [_given_up(home, p, monkeypatch) for p in kinds] == [[]] * len(kinds)


# CodeBurn 0.9.20 on the Copilot CLI logs of _generated_home(seed, clean):
# (calls, sessions, tokens, cost).
COPILOT_GENERATED = {
    0: (47, 9, {"input": 531648, "output": 37413, "cacheRead": 105846, "cacheWrite": 62741}, 1.46078885),
    1: (20, 6, {"input": 266835, "output": 30221, "cacheRead": 66302, "cacheWrite": 30614}, 0.971230325),
}


@pytest.mark.parametrize("seed", sorted(COPILOT_GENERATED))
def test_generated_copilot_logs_equal_the_reference(tmp_path, run, seed):
    """Null message ids and output counts, repeated ids, counter resets,
    rollups far from any turn: the totals are the reference's."""
    _generated_home(str(tmp_path / "home"), seed, quirky=False)
    r = run(*ARGS, "--provider", "copilot", env={"CODEBURN_CACHE_DIR": str(tmp_path / "c")}, now=NOW_FIXTURES)
    o = r.json["overview"]
    calls, sessions, tokens, cost = COPILOT_GENERATED[seed]
    assert (o["calls"], o["sessions"], o["tokens"], round(o["cost"], 9)) == (calls, sessions, tokens, cost)


@pytest.mark.parametrize("seed", range(100, 106))
def test_generated_quirky_histories(tmp_path, run, monkeypatch, seed):
    _generated_home(str(tmp_path / "home"), seed, quirky=True)
    _same_both_ways(run, tmp_path, monkeypatch, "all")
