"""Cline CLI sessions (spec providers §3.2). Expected numbers are CodeBurn
0.9.20's on the same files (`--provider cline-cli`); its own cost is kept
(the reference's allow-list)."""
from __future__ import annotations

import json
import os

from codeburn.providers import cline_cli
from codeburn.providers.base import Walker
from codeburn.providers.records import Tool
from tests.records_util import read_all, totals, write_json

T0 = 1_792_000_000_000


def build(home):
    root = os.path.join(home, ".cline", "data", "sessions")
    sid = "sess_a"
    write_json(os.path.join(root, sid, sid + ".json"), {
        "session_id": sid, "provider": "anthropic", "model": "claude-sonnet-4-5", "cwd": "/home/dev/cli-app/sub",
        "workspace_root": "/home/dev/cli-app", "started_at": T0, "ended_at": T0 + 60_000,
        "messages_path": "/nowhere/sess_a.messages.json",
        "metadata": {"usage": {"inputTokens": 1, "outputTokens": 1, "totalCost": 9.0}}})
    write_json(os.path.join(root, sid, sid + ".messages.json"), {"messages": [
        {"role": "user", "content": [{"type": "text", "text": "  run the linter and fix warnings "}]},
        {"role": "assistant", "id": "m1", "ts": T0 + 1000, "modelInfo": {"id": "claude-opus-4-5"},
         "metrics": {"inputTokens": 3000, "outputTokens": 400, "cacheReadTokens": 12000, "cacheWriteTokens": 800,
                     "cost": 0.0123},
         "content": [{"type": "text", "text": "Running."},
                     {"type": "tool_use", "id": "t1", "name": "run_commands",
                      "input": {"commands": json.dumps(["npm run lint", "git status"])}},
                     {"type": "tool_use", "id": "t2", "name": "read_files", "input": {"paths": "src/a.ts"}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "ok"}]},
        {"role": "assistant", "id": "m2", "ts": T0 + 2000,
         "metrics": {"inputTokens": 500, "outputTokens": 50, "cost": 0},
         "content": [{"type": "tool_use", "id": "t3", "name": "fetch_web_content", "input": {"url": "https://x"}},
                     {"type": "tool_use", "id": "t4", "name": "editor", "input": {"path": "src/a.ts"}}]},
        {"role": "assistant", "id": "m3", "ts": T0 + 3000, "metrics": {"inputTokens": 200, "outputTokens": 20}},
        {"role": "assistant", "id": "m4", "metrics": {"inputTokens": 0, "outputTokens": 0}},
    ]})
    # only a rollup; its messages file is found through messages_path
    sid = "sess_b"
    elsewhere = os.path.join(home, "elsewhere", "b.messages.json")
    write_json(elsewhere, {"messages": [{"role": "user", "content": "summarise the repo"}]})
    write_json(os.path.join(root, sid, sid + ".json"), {
        "session_id": sid, "model": "gpt-5", "cwd": "/home/dev/other", "started_at": "2026-10-14T17:46:40Z",
        "ended_at": T0 + 5000, "messages_path": elsewhere,
        "metadata": {"usage": {"inputTokens": 7000, "outputTokens": 700, "cacheReadTokens": 100,
                               "totalCost": 0.05}}})
    write_json(os.path.join(root, "sess_c", "sess_c.json"), "{broken")


def test_calls_are_the_references(tmp_path):
    build(str(tmp_path))
    sessions, log = read_all(cline_cli, {}, str(tmp_path))
    assert log.counts["invalid"][0] == 1
    a, b = sessions
    assert (a.session_id, a.project, a.cwd) == ("sess_a", "cli-app", "/home/dev/cli-app")
    assert [(c.key, c.model, c.input, c.output, c.cache_read, c.cache_write, c.cost, c.ts_ms, c.web_search)
            for c in a.calls] == [
        ("cline-cli:sess_a:m1", "claude-opus-4-5", 3000, 400, 12000, 800, 0.0123, T0 + 1000, 0),
        ("cline-cli:sess_a:m2", "claude-sonnet-4-5", 500, 50, 0, 0, 0.0, T0 + 2000, 0),
        ("cline-cli:sess_a:m3", "claude-sonnet-4-5", 200, 20, 0, 0, None, T0 + 3000, 0)]
    assert a.calls[0].tools == [Tool("run_commands", command="npm run lint; git status"),
                                Tool("read_files", file="src/a.ts")]
    assert a.calls[1].tools == [Tool("fetch_web_content"), Tool("editor", file="src/a.ts")]
    assert {c.prompt for c in a.calls} == {"run the linter and fix warnings"}
    assert [c.turn for c in a.calls] == ["sess_a:m1", "sess_a:m2", "sess_a:m3"]
    (r,) = b.calls
    assert (b.project, r.key, r.model, r.input, r.output, r.cache_read, r.cost, r.ts_ms, r.prompt) == (
        "other", "cline-cli:sess_b:rollup", "gpt-5", 7000, 700, 100, 0.05, T0 + 5000, "summarise the repo")
    assert totals(sessions) == {"calls": 4, "input": 10700, "output": 1170, "cache_read": 12100,
                                "cache_write": 800, "reasoning": 0}


def test_env_chain(tmp_path):
    build(str(tmp_path))
    data = tmp_path / ".cline" / "data"
    for env in ({"CLINE_SESSION_DATA_DIR": str(data / "sessions")}, {"CLINE_DATA_DIR": str(data)},
                {"CLINE_DIR": str(tmp_path / ".cline")}):
        assert len(list(cline_cli.discover(env, "/x", Walker()))) == 3


def test_a_call_priced_from_tokens_is_flagged_estimated(tmp_path):
    """The reference flags a call without its own cost (message or rollup)
    as estimated: `estimatedCost` is m3's Sonnet 4.5 price (200 x $3/M +
    20 x $15/M) plus the cost-less rollup's GPT-5 price (7000 x $1.25/M +
    700 x $10/M + 100 x $0.125/M) — CodeBurn 0.9.20 on these files."""
    from tests.provider_files import report

    home = str(tmp_path)
    build(home)
    meta = os.path.join(home, ".cline", "data", "sessions", "sess_b", "sess_b.json")
    doc = json.load(open(meta))
    del doc["metadata"]["usage"]["totalCost"]
    write_json(meta, doc)
    sessions, _ = read_all(cline_cli, {}, home)
    assert [c.estimated for s in sessions for c in s.calls] == [False, False, True, True]
    status, d, _ = report(home, "cline-cli")
    assert status == 0
    assert round(d["overview"]["estimatedCost"], 12) == round(0.0009 + 0.0157625, 12)
    assert round(d["overview"]["cost"], 12) == round(0.0123 + 0.0009 + 0.0157625, 12)
    assert {m["name"]: round(m["estimatedCost"], 12) for m in d["models"]} == {
        "GPT-5": 0.0157625, "Opus 4.5": 0, "Sonnet 4.5": 0.0009}


def test_a_web_fetch_adds_nothing_to_a_token_priced_call(tmp_path):
    """A `fetch_web_content` call without its own cost is priced from its
    tokens alone: GPT-5, 4680 x $1.25/M + 297 x $10/M + 857 cache writes x
    $1.5625/M — CodeBurn 0.9.20 reports $0.0101590625 on these files, not a cent more
    for the fetch."""
    from tests.provider_files import report

    home = str(tmp_path)
    root = os.path.join(home, ".cline", "data", "sessions", "sess_w")
    write_json(os.path.join(root, "sess_w.json"), {"session_id": "sess_w", "model": "gpt-5", "cwd": "/home/dev/w",
                                                    "started_at": T0})
    write_json(os.path.join(root, "sess_w.messages.json"), {"messages": [
        {"role": "user", "content": [{"type": "text", "text": "read the docs page"}]},
        {"role": "assistant", "id": "m1", "ts": T0 + 1000, "modelInfo": {"id": "gpt-5"},
         "metrics": {"inputTokens": 4680, "outputTokens": 297, "cacheReadTokens": 0, "cacheWriteTokens": 857},
         "content": [{"type": "tool_use", "id": "t1", "name": "fetch_web_content", "input": {"url": "https://x"}}]}]})
    status, d, _ = report(home, "cline-cli")
    assert status == 0
    assert round(d["overview"]["cost"], 12) == round(4680 * 1.25e-6 + 297 * 10e-6 + 857 * 1.5625e-6, 12)
    assert {t["name"]: t["calls"] for t in d["tools"]} == {"WebFetch": 1}


def test_a_root_workspace_is_named_as_none(tmp_path):
    """`cline` run from `/`: the workspace has no segment to name it by, and
    0.9.20 names the project as without one ("Cline CLI"; it was "/")."""
    home = str(tmp_path)
    root = os.path.join(home, ".cline", "data", "sessions", "sess_r")
    write_json(os.path.join(root, "sess_r.json"), {
        "session_id": "sess_r", "model": "gpt-5", "cwd": "/", "workspace_root": "/", "started_at": T0,
        "ended_at": T0 + 5000, "metadata": {"usage": {"inputTokens": 700, "outputTokens": 70, "totalCost": 0.01}}})
    sessions, _ = read_all(cline_cli, {}, home)
    assert [(s.session_id, s.project) for s in sessions] == [("sess_r", "Cline CLI")]


def test_the_outside_messages_file_keys_the_cache(tmp_path, run):
    # A session read through `messages_path` (no messages file beside its
    # metadata) changes when that file grows: a warm run must see it as a
    # cold one does (0.9.20 keeps the old calls there).
    import datetime as dt

    home = tmp_path / "home"
    sd, outside = home / ".cline" / "data" / "sessions" / "ext", home / "elsewhere" / "m.json"
    msg = lambda mid, cost: {"id": mid, "role": "assistant", "ts": T0, "metrics": {  # noqa: E731
        "inputTokens": 10, "outputTokens": 20, "cost": cost}}
    write_json(str(sd / "ext.json"), {"session_id": "ext", "model": "claude-sonnet-4-5", "workspace_root": "/w/cli",
                                      "started_at": T0, "messages_path": str(outside)})
    write_json(str(outside), {"messages": [msg("a", 0.1)]})
    now = dt.datetime(2026, 10, 15, tzinfo=dt.timezone.utc)
    overview = lambda: run("report", "--format", "json", "-p", "all", "--provider", "cline-cli",  # noqa: E731
                           now=now).json["overview"]
    assert (overview()["calls"], overview()["cost"]) == (1, 0.1)
    write_json(str(outside), {"messages": [msg("a", 0.1), msg("b", 0.25)]})
    assert (overview()["calls"], overview()["cost"]) == (2, 0.35)
