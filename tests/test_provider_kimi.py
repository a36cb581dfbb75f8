"""The legacy Kimi CLI's wire logs (spec providers §1.9) and Kimi Code's
(§1.10). Expected totals are CodeBurn 0.9.20's on the same files."""
from __future__ import annotations

import hashlib
import json
import os

from codeburn.providers import kimi, kimicode
from codeburn.providers.records import Tool
from tests.provider_files import (
    bad_input_run, calls_of, checked_report, models_of, named_calls, overview, read_all, totals, unique, write_json,
    write_jsonl
)

T0 = 1792300000.25     # 2026-10-18T08:26:40.250Z, epoch seconds as the wire writes them


def wire(kind, payload, t, wrapped=True):
    if wrapped:
        return {"timestamp": t, "message": {"type": kind, "payload": payload}}
    return {"timestamp": t, "type": kind, "payload": payload}


def status(t, usage, mid=None, key="token_usage", **extra):
    payload = {"message_id": mid} if mid else {}
    payload[key] = usage
    payload.update(extra)
    return wire("StatusUpdate", payload, t)


def tool(t, name, args):
    return wire("ToolCall", {"type": "function", "id": f"call-{t}", "function": {"name": name,
                                                                             "arguments": json.dumps(args)}}, t)


def md5(path):
    return hashlib.md5(path.encode()).hexdigest()


def build_kimi(home: str) -> None:
    root = os.path.join(home, ".kimi")
    write_json(os.path.join(root, "kimi.json"), {"work_dirs": [
        {"path": "/home/dev/status-api", "kaos": "local", "last_session_id": "s1"},
        {"path": "/home/dev/infra/", "kaos": "ssh"}]})
    with open(os.path.join(root, "config.toml"), "w") as f:
        f.write('default_model = "k2"\n\n[models."k2"]\nprovider = "moonshot"\nmodel = "kimi-k2p6"\n'
                'max_context_size = 262144\n\n[models.other]\nmodel = "kimi-latest"\n')
    api = os.path.join(root, "sessions", md5("/home/dev/status-api"))
    write_jsonl(os.path.join(api, "3f1c-sess-a", "wire.jsonl"), [
        {"type": "metadata", "protocol_version": "2"},
        wire("TurnBegin", {"user_input": [{"type": "text", "text": "add status endpoint"},
                                          {"type": "image_url", "image_url": {"url": "file://x.png"}}]}, T0),
        tool(T0 + 1, "Shell", {"command": "git status && npm test"}),
        status(T0 + 2, None, key="context_usage_only", context_usage=0.41),
        status(T0 + 3, {"input_other": 100, "input_cache_read": 25, "input_cache_creation": 10, "output": 40},
               mid="chatcmpl-001"),
        tool(T0 + 4, "ReadFile", {"path": "src/app.ts"}),
        tool(T0 + 5, "StrReplaceFile", {"path": "src/app.ts"}),
        # other key names, no message id: keyed by its index (1)
        status(T0 + 6, {"input_tokens": "1200", "cached_input_tokens": 3000, "output_tokens": 310}),
        wire("TurnEnd", {}, T0 + 7),
        wire("TurnBegin", {"user_input": "now deploy it"}, T0 + 60),
        tool(T0 + 61, "Bash", {"command": "make deploy"}),
        # only a cache-inclusive `input`: input = 5000 - 200; the update names its model
        status(T0 + 62, {"input": 5000, "cache_creation_input_tokens": 200,
                         "output": 90}, mid="chatcmpl-003", model="kimi-k2.5"),
        # the same message id again: one call
        status(T0 + 63, {"input_other": 999, "output": 999}, mid="chatcmpl-003"),
        status(T0 + 64, {"input_other": 0, "output": 0}, mid="chatcmpl-zero"),
    ])
    write_jsonl(os.path.join(api, "3f1c-sess-a", "subagents", "agent-7", "wire.jsonl"), [
        wire("SteerInput", {"user_input": "check the logs"}, T0 + 10, wrapped=False),
        wire("ToolCallRequest", {"name": "Grep", "arguments": json.dumps({"pattern": "ERROR"})}, T0 + 11, False),
        wire("StatusUpdate", {"message_id": "sub-1", "usage": {"input_other": 700, "output": 60,
                                                               "input_cache_read": 800}}, T0 + 12, False),
    ])
    infra = os.path.join(root, "sessions", "ssh_" + md5("/home/dev/infra/"))
    write_jsonl(os.path.join(infra, "9e2d-sess-b", "wire.jsonl"), [
        wire("TurnBegin", {"user_input": "rotate the TLS certs"}, T0 + 86400),
        tool(T0 + 86401, "SearchWeb", {"query": "certbot renew"}),
        status(T0 + 86402, {"input_other": 2400, "output": 500, "input_cache_read": 10000}, mid="c-b1"),
    ])
    unknown = os.path.join(root, "sessions", "0123456789abcdef0123456789abcdef")
    write_jsonl(os.path.join(unknown, "sess-c", "wire.jsonl"), [
        status(T0 + 2 * 86400, {"input_other": 50, "output": 5}, mid="c-c1"),
    ])


def test_kimi_read(tmp_path):
    home = str(tmp_path)
    build_kimi(home)
    sessions, log, sources = read_all(kimi, home)
    assert sorted((s.session_id, s.project) for s in sources) == [
        ("3f1c-sess-a", "status-api"), ("9e2d-sess-b", "infra"), ("agent-7", "status-api"),
        ("sess-c", "0123456789abcdef0123456789abcdef")]
    a = next(s for s in sessions if s.session_id == "3f1c-sess-a").calls
    assert [c.key for c in a] == ["kimi:3f1c-sess-a:chatcmpl-001", "kimi:3f1c-sess-a:1", "kimi:3f1c-sess-a:chatcmpl-003",
                                  "kimi:3f1c-sess-a:chatcmpl-003"]
    assert [(c.input, c.output, c.cache_read, c.cache_write) for c in a[:3]] == [
        (100, 40, 25, 10), (1200, 310, 3000, 0), (4800, 90, 0, 200)]
    assert [c.model for c in a] == ["kimi-k2p6"] * 2 + ["kimi-k2.5", "kimi-k2p6"]
    assert a[0].tools == [Tool("Shell", command="git status && npm test")]
    assert a[1].tools == [Tool("ReadFile"), Tool("StrReplaceFile")]
    assert [c.prompt for c in a] == ["add status endpoint", "add status endpoint", "now deploy it", "now deploy it"]
    assert a[0].ts_ms == 1792300003250
    assert totals(unique(calls_of(sessions))) == {"calls": 6, "input": 9250, "output": 1005, "cacheRead": 13825,
                                                  "cacheWrite": 210, "reasoning": 0}
    assert log.skipped == 0


def test_kimi_model_from_the_environment(tmp_path):
    home = str(tmp_path)
    build_kimi(home)
    sessions, _, _ = read_all(kimi, home, env={"KIMI_MODEL_NAME": " kimi-k2-turbo-preview "})
    assert sessions[0].calls[0].model == "kimi-k2-turbo-preview"
    os.rename(os.path.join(home, ".kimi"), os.path.join(home, "share"))
    sessions, _, _ = read_all(kimi, home, env={"KIMI_SHARE_DIR": os.path.join(home, "share")})
    assert len(sessions) == 4


def test_kimi_model_of_empty_string_is_its_model(tmp_path):
    # 0.9.20 takes any string as the model (`??`): "" is model "" at $0,
    # not the configured one; a `model_name` beside it does not win either
    home = str(tmp_path)
    root = os.path.join(home, ".kimi")
    os.makedirs(root)
    with open(os.path.join(root, "config.toml"), "w") as f:
        f.write('default_model = "k2"\n[models."k2"]\nmodel = "kimi-k2-turbo-preview"\n')
    write_jsonl(os.path.join(root, "sessions", md5("/w/app"), "s1", "wire.jsonl"), [
        status(T0, {"input_other": 1000, "output": 50}, mid="m1", model=""),
        status(T0 + 1, {"input_other": 10, "output": 5}, mid="m2", model="", model_name="kimi-k2.5")])
    sessions, _, _ = read_all(kimi, home)
    assert [c.model for c in sessions[0].calls] == ["", ""]
    d = checked_report(home, "kimi", {"calls": 2, "sessions": 1, "input": 1010, "output": 55, "cacheRead": 0,
                                      "cacheWrite": 0, "cost": 0})
    assert models_of(d) == {"": (2, 0)}


# CodeBurn 0.9.20 on build_kimi()'s and build_kimicode()'s files.
KIMI_REPORT = {"calls": 6, "sessions": 4, "input": 9250, "output": 1005, "cacheRead": 13825, "cacheWrite": 210,
               "cost": 0.013411375}


def test_kimi_report_equals_the_reference(tmp_path):
    home = str(tmp_path)
    build_kimi(home)
    d = checked_report(home, "kimi", KIMI_REPORT)
    assert models_of(d) == {
        "Kimi K2.6": (5, 0.010111375), "Kimi K2.5": (1, 0.0033)}
    assert named_calls(d["tools"]) == {"Bash": 2, "Read": 1, "Edit": 1, "Grep": 1, "WebSearch": 1}
    assert named_calls(d["shellCommands"]) == {"git": 1, "npm": 1, "make": 1}


def build_kimicode(home: str) -> None:
    root = os.path.join(home, ".kimi-code", "sessions")
    wd = os.path.join(root, "wd_changelog-bot_0123456789ab")
    sess = os.path.join(wd, "session_7d1e")
    write_json(os.path.join(sess, "state.json"), {"createdAt": "2026-10-30T10:00:00Z",
                                                  "updatedAt": "2026-10-30T10:05:00Z",
                                                  "workDir": "/home/dev/changelog-bot", "agents": {"main": {}}})
    t = 1793354400000    # 2026-10-30T10:00:00Z in ms
    write_jsonl(os.path.join(sess, "agents", "main", "wire.jsonl"), [
        {"type": "metadata", "protocol_version": "1.4", "created_at": t},
        {"type": "turn.prompt", "input": [{"type": "text", "text": "write a changelog entry"},
                                          {"type": "text", "text": " for 2.3 "}], "origin": {"kind": "user"},
         "time": t + 1000},
        {"type": "llm.request", "kind": "loop", "provider": "moonshot", "model": "kimi-k2p6",
         "modelAlias": "default", "maxTokens": 4096, "messageCount": 2, "turnStep": "1.1", "time": t + 1200},
        {"type": "context.append_loop_event", "event": {"type": "tool.call", "name": "Bash",
                                                        "args": {"command": "git log --oneline -5"}, "turnId": 1}},
        {"type": "context.append_loop_event", "event": {"type": "tool.call", "name": "ReadFile",
                                                        "args": "{\"path\": \"CHANGELOG.md\"}", "turnId": 1}},
        {"type": "usage.record", "model": "default", "usage": {"inputOther": 1200, "output": 300,
                                                               "inputCacheRead": 4096, "inputCacheCreation": 0},
         "usageScope": "turn", "time": t + 4000},
        {"type": "llm.request", "model": "kimi-k2p6", "modelAlias": "default", "turnStep": "1.2",
         "time": t + 5000},
        {"type": "context.append_loop_event", "event": {"type": "tool.call", "name": "Edit",
                                                        "args": {"path": "CHANGELOG.md"}}},
        # no time of its own: the request's
        {"type": "usage.record", "model": "default", "usage": {"inputOther": 200, "output": 150,
                                                               "inputCacheRead": 5300, "inputCacheCreation": 64}},
        {"type": "turn.prompt", "input": "also bump the version", "time": t + 60000},
        {"type": "llm.request", "model": "kimi-k2p6", "modelAlias": "default", "turnStep": "2.1",
         "time": t + 60100},
        {"type": "context.append_loop_event", "event": {"type": "tool.call", "name": "Shell",
                                                        "args": {"command": "npm version minor"}}},
        {"type": "usage.record", "model": "default", "usage": {"inputOther": 90, "output": 40,
                                                               "inputCacheRead": 6000, "inputCacheCreation": 0},
         "time": t + 62000},
        # the same record again on another line: counted again, as the reference does
        {"type": "usage.record", "model": "default", "usage": {"inputOther": 90, "output": 40,
                                                               "inputCacheRead": 6000, "inputCacheCreation": 0},
         "time": t + 62000},
    ])
    # a subagent of the same session: same session id
    write_jsonl(os.path.join(sess, "agents", "explore-1", "wire.jsonl"), [
        {"type": "llm.request", "model": "k3", "modelAlias": "fast", "turnStep": "1.1", "time": t + 2000},
        {"type": "usage.record", "model": "fast", "usage": {"inputOther": 3000, "output": 200,
                                                            "inputCacheRead": 0, "inputCacheCreation": 0},
         "time": t + 3000},
    ])
    # no state.json: project from the dir name; a wire of request retries only yields nothing
    wd2 = os.path.join(root, "wd_infra_abcdefabcdef")
    write_jsonl(os.path.join(wd2, "conv-42", "agents", "main", "wire.jsonl"), [
        {"type": "turn.prompt", "input": "plan the migration", "time": t + 86400000},
        {"type": "llm.request", "model": "k2d6-agent", "modelAlias": "default", "turnStep": "1.1",
         "attempt": 1, "time": t + 86400100},
        {"type": "usage.record", "model": "default", "usage": {"inputOther": 800, "output": 120,
                                                               "inputCacheRead": 0, "inputCacheCreation": 0},
         "time": t + 86401000},
        {"type": "usage.record", "model": "unknown-alias", "usage": {"inputOther": 10, "output": 1}},
    ])
    write_jsonl(os.path.join(wd2, "conv-43", "agents", "main", "wire.jsonl"), [
        {"type": "llm.request", "model": "kimi-k2p6", "modelAlias": "default", "turnStep": "1.1",
         "attempt": 2},
    ])


def test_kimicode_read(tmp_path):
    home = str(tmp_path)
    build_kimicode(home)
    sessions, log, sources = read_all(kimicode, home)
    assert [(s.session_id, s.project, s.agent_type) for s in sources] == [
        ("7d1e", "changelog-bot", "explore-1"), ("7d1e", "changelog-bot", "main"), ("conv-42", "infra", "main"),
        ("conv-43", "infra", "main")]
    main = sessions[1]
    assert main.cwd == "/home/dev/changelog-bot"
    assert [c.key for c in main.calls] == ["kimicode:7d1e:main:6:0", "kimicode:7d1e:main:9:1",
                                           "kimicode:7d1e:main:13:2", "kimicode:7d1e:main:14:3"]
    assert [c.turn for c in main.calls] == ["1", "1", "2", "2"]
    assert [c.prompt for c in main.calls] == ["write a changelog entry\nfor 2.3"] * 2 + ["also bump the version"] * 2
    assert main.calls[0].tools == [Tool("Bash", command="git log --oneline -5"), Tool("ReadFile")]
    assert main.calls[1].ts_ms == 1793354405000 and all(c.estimated for c in main.calls)
    assert sessions[0].calls[0].model == "k3"
    # an unknown alias: the current request's model, at the request's time
    assert [(c.model, c.ts_ms) for c in sessions[2].calls] == [("k2d6-agent", 1793440801000),
                                                               ("k2d6-agent", 1793440800100)]
    assert totals(calls_of(sessions)) == {"calls": 7, "input": 5390, "output": 851, "cacheRead": 21396,
                                          "cacheWrite": 64, "reasoning": 0}
    assert log.skipped == 0


KIMICODE_REPORT = {"calls": 7, "sessions": 2, "input": 5390, "output": 851, "cacheRead": 21396, "cacheWrite": 64,
                   "cost": 0.02037386}


def test_kimicode_report_equals_the_reference(tmp_path):
    home = str(tmp_path)
    build_kimicode(home)
    d = checked_report(home, "kimicode", KIMICODE_REPORT)
    assert models_of(d) == {
        "Kimi K3": (1, 0.012), "Kimi K2.6": (6, 0.00837386)}
    assert d["overview"]["estimatedCost"] == d["overview"]["cost"]      # Kimi Code records no cost
    assert named_calls(d["tools"]) == {"Bash": 2, "Read": 1, "Edit": 1}


def test_bad_input_is_skipped_and_named(tmp_path):
    home = str(tmp_path / "home")
    build_kimi(home)
    build_kimicode(home)
    api = os.path.join(home, ".kimi", "sessions", md5("/home/dev/status-api"))
    write_jsonl(os.path.join(api, "torn", "wire.jsonl"), [
        {"timestamp": T0, "message": {"type": "StatusUpdate", "payload": "oops"}},
    ], tail='{"timestamp":1792300000,"message":{"type":"Status')
    os.makedirs(os.path.join(api, "dir-sess", "wire.jsonl"))
    locked = write_jsonl(os.path.join(api, "locked", "wire.jsonl"), [status(T0, {"input_other": 5}, mid="x")])
    os.chmod(locked, 0)
    wd = os.path.join(home, ".kimi-code", "sessions", "wd_changelog-bot_0123456789ab", "session_bad")
    write_jsonl(os.path.join(wd, "agents", "main", "wire.jsonl"), [
        {"type": "usage.record", "model": "default", "usage": [1, 2], "time": 1793354400000}], tail="{\"type\":")
    for provider, expect, warnings in (("kimi", KIMI_REPORT, ["1 records of an unexpected shape skipped;",
                                                             "1 invalid JSON lines or records skipped;",
                                                             "2 paths could not be read:"]),
                                       ("kimicode", KIMICODE_REPORT, ["1 records of an unexpected shape skipped;",
                                                                     "1 invalid JSON lines or records skipped;"])):
        d, kinds = bad_input_run(tmp_path, provider)
        assert overview(d) == expect
        assert kinds == warnings


def test_kimicode_cache_follows_state_json(tmp_path):
    """A warm run reads the kept sessions, unless a side file they were read
    with (state.json: the project) changed."""
    home = str(tmp_path)
    build_kimicode(home)
    d = checked_report(home, "kimicode", KIMICODE_REPORT)
    assert sorted(p["name"] for p in d["projects"]) == ["changelog-bot", "infra"]
    assert checked_report(home, "kimicode", KIMICODE_REPORT)["projects"] == d["projects"]
    state = os.path.join(home, ".kimi-code", "sessions", "wd_changelog-bot_0123456789ab", "session_7d1e", "state.json")
    write_json(state, {"createdAt": "2026-10-30T10:00:00Z", "workDir": "/home/dev/release-notes"})
    d = checked_report(home, "kimicode", KIMICODE_REPORT)
    assert sorted(p["name"] for p in d["projects"]) == ["infra", "release-notes"]
