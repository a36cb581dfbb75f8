"""Edge-shaped histories for parity checks: one fake HOME holding, per
provider, the record shapes the real tools can write but our other
generators (gen_mixed.py, tests/histories.py) rarely produce.  Every shape
cites the spec section that allows it (/work/shared/spec/providers.md = P,
classifier-and-parser.md = C).

Usage: python bench/gen_shapes.py HOME [--only claude,codex,...] [--now ISO]

Deterministic for a given `now` (default: the current minute minus 20
minutes), so ours and the reference read the same bytes."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sqlite3

UTC = dt.timezone.utc


class Clock:
    """Timestamps relative to one fixed `now`, in the spellings real tools use."""

    def __init__(self, now: dt.datetime):
        self.now = now

    def at(self, days: float, minutes: float = 0) -> dt.datetime:
        return self.now - dt.timedelta(days=days, minutes=minutes)

    def z(self, days: float, minutes: float = 0) -> str:
        """JS toISOString: milliseconds and Z (Claude Code, Copilot, Gemini)."""
        t = self.at(days, minutes)
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"

    def plain(self, days: float, minutes: float = 0) -> str:
        """Seconds and Z, no fraction (Mistral Vibe, hand-written logs)."""
        return self.at(days, minutes).strftime("%Y-%m-%dT%H:%M:%SZ")

    def offset(self, days: float, minutes: float = 0, hours: int = 2) -> str:
        """An explicit offset instead of Z (Python isoformat writers)."""
        return self.at(days, minutes).astimezone(dt.timezone(dt.timedelta(hours=hours))).isoformat()

    def micro(self, days: float, minutes: float = 0) -> str:
        """Microseconds and Z (Rust chrono writers: Codex)."""
        return self.at(days, minutes).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def ms(self, days: float, minutes: float = 0) -> int:
        return int(self.at(days, minutes).timestamp() * 1000)

    def secs(self, days: float, minutes: float = 0) -> int:
        return int(self.at(days, minutes).timestamp())


def line(rec) -> str:
    return json.dumps(rec, separators=(",", ":"), ensure_ascii=False)


def write(path: str, text: str | bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    with open(path, "wb") as f:
        f.write(data)


def jsonl(path: str, records, eol: str = "\n", bom: bool = False, tail: str = "") -> None:
    body = eol.join(r if isinstance(r, str) else line(r) for r in records) + (eol if records else "") + tail
    write(path, ("\ufeff" if bom else "") + body)


def jdump(path: str, value, indent=None) -> None:
    write(path, json.dumps(value, indent=indent, ensure_ascii=False))


# ---------------------------------------------------------------- Claude Code (P §1.1, C §3)

def _cc_user(clock, d, m, text, sid, cwd=None, **extra):
    rec = {"type": "user", "sessionId": sid, "timestamp": clock.z(d, m), "message": {"role": "user", "content": text}}
    if cwd:
        rec["cwd"] = cwd
    rec.update(extra)
    return rec


def _cc_asst(ts, sid, mid, model, usage, content=None, cwd=None, **extra):
    rec = {"type": "assistant", "sessionId": sid, "timestamp": ts,
           "message": {"id": mid, "type": "message", "role": "assistant", "model": model,
                       "content": content if content is not None else [{"type": "text", "text": "ok"}],
                       "usage": usage}}
    if cwd:
        rec["cwd"] = cwd
    rec.update(extra)
    return rec


def _tool(name, tid, **inp):
    return {"type": "tool_use", "id": tid, "name": name, "input": inp}


def claude(home: str, clock: Clock) -> None:
    projects = os.path.join(home, ".claude", "projects")
    # Slug = cwd with every non-alphanumeric character turned into '-' (C §3.1):
    # dots, dashes and non-ASCII letters all collapse, the cwd field keeps them.
    cwd_a = "/home/dev/my.app-v2"
    slug_a = os.path.join(projects, "-home-dev-my-app-v2")
    sid = "5b0e1c2a-0000-4000-8000-00000000000a"
    s4 = "claude-sonnet-4-5-20250929"
    recs = [
        {"type": "summary", "summary": "cart work", "leafUuid": "x"},
        _cc_user(clock, 3, 60, "fix the failing cart total test", sid, cwd=cwd_a, gitBranch="main"),
        # Streaming: three lines share one message.id; the last holds the real usage,
        # the first's timestamp wins (C §3.5.1).  Earlier lines carry a tool_use the last lacks.
        _cc_asst(clock.z(3, 59), sid, "msg_stream_1", s4, {"input_tokens": 3, "output_tokens": 1},
                 [_tool("Bash", "toolu_s1", command="npm test -- cart")], cwd=cwd_a),
        _cc_asst(clock.z(3, 58.5), sid, "msg_stream_1", s4, {"input_tokens": 3, "output_tokens": 40},
                 [_tool("Read", "toolu_s2", file_path="/home/dev/my.app-v2/src/cart.ts")], cwd=cwd_a),
        _cc_asst(clock.z(3, 58), sid, "msg_stream_1", s4,
                 {"input_tokens": 3, "output_tokens": 412, "cache_creation_input_tokens": 9000,
                  "cache_creation": {"ephemeral_5m_input_tokens": 4000, "ephemeral_1h_input_tokens": 6000},
                  "cache_read_input_tokens": 21000, "server_tool_use": {"web_search_requests": 3, "web_fetch_requests": 1},
                  "service_tier": "standard"},
                 [{"type": "text", "text": "done"}, _tool("Edit", "toolu_s3", file_path="/home/dev/my.app-v2/src/cart.ts",
                                                          old_string="a", new_string="b")], cwd=cwd_a),
        {"type": "user", "sessionId": sid, "timestamp": clock.z(3, 57.5),
         "message": {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_s3", "content": "ok"}]},
         "toolUseResult": {"structuredPatch": [{"lines": ["-a", "+b", "+c"]}]}},
        # Only some usage fields present / zero (C §3.6: absent reads 0).
        _cc_asst(clock.z(3, 57), sid, "msg_partial_1", s4, {"output_tokens": 77}, cwd=cwd_a),
        _cc_asst(clock.z(3, 56), sid, "msg_zero_1", s4, {"input_tokens": 0, "output_tokens": 0}, cwd=cwd_a),
        # An empty usage object is truthy: a call of zero tokens (C §3.4).
        _cc_asst(clock.z(3, 55.5), sid, "msg_empty_usage", s4, {}, cwd=cwd_a),
        # usage null: not a call.
        _cc_asst(clock.z(3, 55.2), sid, "msg_null_usage", s4, None, cwd=cwd_a),
        # The placeholder model and an API-error record (Claude Code writes both with <synthetic>).
        _cc_asst(clock.z(3, 55), sid, "msg_synth_1", "<synthetic>", {"input_tokens": 0, "output_tokens": 0,
                 "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0},
                 [{"type": "text", "text": "API Error: 529 Overloaded"}], cwd=cwd_a, isApiErrorMessage=True),
        _cc_user(clock, 3, 54, [{"type": "text", "text": "now search the web for the tax rules"}, None,
                                {"type": "image", "source": {"type": "base64", "data": "AAAA"}}], sid, cwd=cwd_a),
        # Fast mode and a web search on Opus 4.6 (C §3.6 speed).
        _cc_asst(clock.z(3, 53), sid, "msg_fast_1", "claude-opus-4-6",
                 {"input_tokens": 20, "output_tokens": 300, "cache_read_input_tokens": 5000, "speed": "fast",
                  "server_tool_use": {"web_search_requests": 2}},
                 [_tool("WebSearch", "toolu_w1", query="tax rules")], cwd=cwd_a),
        # Advisor iteration (C §3.7).
        _cc_asst(clock.z(3, 52), sid, "msg_adv_1", s4,
                 {"input_tokens": 2, "output_tokens": 90, "cache_read_input_tokens": 7000,
                  "iterations": [{"type": "message", "input_tokens": 2, "output_tokens": 90},
                                 {"type": "advisor_message", "model": "claude-opus-4-6", "input_tokens": 3100,
                                  "output_tokens": 240, "cache_read_input_tokens": 100}]},
                 [_tool("Agent", "toolu_ag1", subagent_type="Explore", description="find", prompt="find tax")], cwd=cwd_a),
        # Assistant content given as a plain string (C §5.1.16).
        {"type": "assistant", "sessionId": sid, "timestamp": clock.z(3, 51), "cwd": cwd_a,
         "message": {"id": "msg_strcontent", "role": "assistant", "model": s4, "content": "plain text reply",
                     "usage": {"input_tokens": 10, "output_tokens": 20}}},
        {"type": "pr-link", "sessionId": sid, "timestamp": clock.z(3, 50), "prUrl": "https://github.com/acme/app/pull/7"},
        {"type": "ai-title", "sessionId": sid, "aiTitle": "Cart total"},
    ]
    jsonl(os.path.join(slug_a, sid + ".jsonl"), recs, tail='{"type":"assistant","sessionId":"' + sid + '","mess')
    # Subagent transcript in the current layout with a meta sidecar (P §1.1 Files).
    sub_dir = os.path.join(slug_a, sid, "subagents")
    jdump(os.path.join(sub_dir, "agent-a1b2c3.meta.json"), {"agentType": "  Explore  "})
    jsonl(os.path.join(sub_dir, "agent-a1b2c3.jsonl"), [
        _cc_user(clock, 3, 51.9, "find the tax rules", sid, cwd=cwd_a, isSidechain=True, agentId="a1b2c3"),
        _cc_asst(clock.z(3, 51.8), sid, "msg_sub_1", "claude-haiku-4-5-20251001",
                 {"input_tokens": 400, "output_tokens": 120, "cache_read_input_tokens": 3000},
                 [_tool("Grep", "toolu_g1", pattern="tax")], cwd=cwd_a, isSidechain=True, agentId="a1b2c3"),
        _cc_asst(clock.z(3, 51.7), sid, "msg_sub_2", "claude-haiku-4-5-20251001",
                 {"input_tokens": 300, "output_tokens": 60}, cwd=cwd_a, isSidechain=True, agentId="a1b2c3"),
    ])
    # Workflow subagent, no meta sidecar: type 'workflow-subagent'.
    jsonl(os.path.join(sub_dir, "workflows", "wf-1", "agent-wf9.jsonl"), [
        _cc_user(clock, 3, 51.5, "run workflow step", sid, cwd=cwd_a, isSidechain=True),
        _cc_asst(clock.z(3, 51.4), sid, "msg_wf_1", s4, {"input_tokens": 50, "output_tokens": 50}, cwd=cwd_a,
                 isSidechain=True),
    ])
    # Legacy layout: subagents/ directly under the slug.
    jsonl(os.path.join(slug_a, "subagents", "agent-old1.jsonl"), [
        _cc_asst(clock.z(3, 51.3), sid, "msg_oldsub_1", s4, {"input_tokens": 11, "output_tokens": 22}, isSidechain=True),
    ])
    # A resumed session copies earlier messages (same ids) into a new file, CRLF ends and a BOM.
    sid2 = "5b0e1c2a-0000-4000-8000-00000000000b"
    jsonl(os.path.join(slug_a, sid2 + ".jsonl"), [
        _cc_user(clock, 3, 60, "fix the failing cart total test", sid, cwd=cwd_a),
        _cc_asst(clock.z(3, 58), sid, "msg_stream_1", s4,
                 {"input_tokens": 3, "output_tokens": 412, "cache_creation_input_tokens": 9000,
                  "cache_read_input_tokens": 21000}, cwd=cwd_a),
        _cc_asst(clock.z(3, 57), sid, "msg_partial_1", s4, {"output_tokens": 77}, cwd=cwd_a),
        _cc_user(clock, 2, 10, "continue: add the tax line to the receipt", sid2, cwd=cwd_a),
        _cc_asst(clock.z(2, 9), sid2, "msg_resume_1", s4, {"input_tokens": 15, "output_tokens": 180,
                 "cache_read_input_tokens": 12000}, [_tool("Write", "toolu_r1", file_path="/home/dev/my.app-v2/r.ts",
                                                          content="x")], cwd=cwd_a),
        "",
        "   ",
        "{not json at all",
        "null",
        _cc_asst(clock.z(2, 8), sid2, "msg_resume_2", s4, {"input_tokens": 5, "output_tokens": 60}, cwd=cwd_a),
    ], eol="\r\n", bom=True)
    # Empty and whitespace-only session files.
    write(os.path.join(slug_a, "5b0e1c2a-0000-4000-8000-00000000000c.jsonl"), "")
    write(os.path.join(slug_a, "5b0e1c2a-0000-4000-8000-00000000000d.jsonl"), "\n\n  \n")

    # Unicode cwd; timestamps without ms, with an offset, and a record with no timestamp.
    cwd_u = "/home/dev/проект-ünï"
    slug_u = os.path.join(projects, "-home-dev-------" + "-n-")
    sid3 = "6c1f2d3b-0000-4000-8000-00000000000e"
    o46 = "claude-opus-4-6"
    jsonl(os.path.join(slug_u, sid3 + ".jsonl"), [
        _cc_user(clock, 0, 40, "почини тест корзины — пожалуйста ✓", sid3, cwd=cwd_u),
        _cc_asst(clock.plain(0, 39), sid3, "msg_u1", o46, {"input_tokens": 8, "output_tokens": 100,
                 "cache_creation_input_tokens": 2000}, [_tool("Bash", "toolu_u1", command="cd x && pytest -q")], cwd=cwd_u),
        _cc_asst(clock.offset(0, 38), sid3, "msg_u2", o46, {"input_tokens": 9, "output_tokens": 50}, cwd=cwd_u),
        {"type": "assistant", "sessionId": sid3, "cwd": cwd_u,
         "message": {"id": "msg_u3_nots", "role": "assistant", "model": o46, "content": [],
                     "usage": {"input_tokens": 1, "output_tokens": 2}}},
        _cc_asst(clock.micro(0, 37), sid3, "msg_u4", o46, {"input_tokens": 4, "output_tokens": 44}, cwd=cwd_u),
    ])
    # Very long lines: a user prompt over 32 KiB and a tool input over 1 MiB (C §3.3).
    sid4 = "7d2e3f4c-0000-4000-8000-00000000000f"
    cwd_l = "/home/dev/long_lines"
    jsonl(os.path.join(projects, "-home-dev-long-lines", sid4 + ".jsonl"), [
        _cc_user(clock, 12, 30, "refactor this module: " + ("lorem ipsum dolor sit amet " * 1500), sid4, cwd=cwd_l),
        _cc_asst(clock.z(12, 29), sid4, "msg_l1", s4, {"input_tokens": 30000, "output_tokens": 9000,
                 "cache_creation_input_tokens": 100}, [_tool("Write", "toolu_l1", file_path="/home/dev/long_lines/big.txt",
                                                             content="y" * (1 << 20) + "\u00e9")], cwd=cwd_l),
        {"type": "user", "sessionId": sid4, "timestamp": clock.z(12, 28), "cwd": cwd_l,
         "message": {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_l1",
                                                  "content": "z" * 40000}]}},
        _cc_asst(clock.z(12, 27), sid4, "msg_l2", s4, {"input_tokens": 10, "output_tokens": 10}, cwd=cwd_l,
                 isSidechain=False),
    ])
    # No cwd anywhere: the project stays the slug (C §3.9).
    jsonl(os.path.join(projects, "-srv-ci-runner", "8e3f4a5d-0000-4000-8000-000000000010.jsonl"), [
        {"type": "user", "sessionId": "x", "timestamp": clock.z(40, 0), "message": {"role": "user", "content": "build"}},
        _cc_asst(clock.z(40, -1), "x", "msg_nocwd_1", "claude-sonnet-4-6", {"input_tokens": 100, "output_tokens": 100}),
        _cc_asst(clock.z(1, 0), "x", "msg_nocwd_2", "claude-3-5-haiku-20241022", {"input_tokens": 100, "output_tokens": 100}),
    ])


# ---------------------------------------------------------------- Codex (P §1.2)

def _cx(ts, typ, payload):
    return {"timestamp": ts, "type": typ, "payload": payload}


def _usage(inp, cached, out, reas, total=None):
    return {"input_tokens": inp, "cached_input_tokens": cached, "output_tokens": out,
            "reasoning_output_tokens": reas, "total_tokens": total if total is not None else inp + out}


def _tc(ts, total=None, last=None, **extra):
    info = None
    if total is not None or last is not None:
        info = {}
        if total is not None:
            info["total_token_usage"] = total
        if last is not None:
            info["last_token_usage"] = last
        info.update(extra)
    return _cx(ts, "event_msg", {"type": "token_count", "info": info})


def codex(home: str, clock: Clock) -> None:
    root = os.path.join(home, ".codex")

    def day_dir(d):
        t = clock.at(d)
        return os.path.join(root, "sessions", t.strftime("%Y"), t.strftime("%m"), t.strftime("%d"))

    # New layout: payload.id (no session_id), turn_context model switches, null info,
    # exec/apply_patch/MCP/web search, a cumulative total that resets after compaction.
    uid = "0196a1b2-3c4d-7e8f-9a0b-000000000001"
    name = f"rollout-{clock.at(2).strftime('%Y-%m-%dT%H-%M-%S')}-{uid}.jsonl"
    d = 2
    recs = [
        _cx(clock.micro(d, 30), "session_meta", {"id": uid, "timestamp": clock.micro(d, 30), "cwd": "/home/dev/ledger.v2",
                                                 "originator": "codex_cli_rs", "cli_version": "0.60.1",
                                                 "instructions": None, "git": {"branch": "main"},
                                                 "base_instructions": {"text": "You are Codex", "model": "nested-ignored"}}),
        _cx(clock.micro(d, 29.9), "turn_context", {"cwd": "/home/dev/ledger.v2", "model": "gpt-5-codex", "effort": "high"}),
        _cx(clock.micro(d, 29.8), "response_item", {"type": "message", "role": "user",
                                                    "content": [{"type": "input_text", "text": "add pagination"}]}),
        _cx(clock.micro(d, 29.7), "event_msg", {"type": "user_message", "message": "add pagination", "images": []}),
        _tc(clock.micro(d, 29.65)),  # info null, nothing pending yet -> an estimate of the user text
        _cx(clock.micro(d, 29.6), "response_item", {"type": "function_call", "name": "exec_command",
            "arguments": json.dumps({"cmd": "rg -n invoices src", "workdir": "/home/dev/ledger.v2"}), "call_id": "c1"}),
        _cx(clock.micro(d, 29.5), "response_item", {"type": "function_call", "name": "shell",
            "arguments": json.dumps({"command": ["bash", "-lc", "ls -la"]}), "call_id": "c2"}),
        _cx(clock.micro(d, 29.4), "response_item", {"type": "web_search_call", "status": "completed",
                                                    "action": {"type": "search", "query": "rust pagination"}}),
        _tc(clock.micro(d, 29.3), _usage(9800, 6400, 420, 256), _usage(9800, 6400, 420, 256), model_context_window=272000),
        _tc(clock.micro(d, 29.25), _usage(9800, 6400, 420, 256), _usage(9800, 6400, 420, 256)),  # duplicate emission
        _cx(clock.micro(d, 29.2), "response_item", {"type": "custom_tool_call", "call_id": "c3", "name": "apply_patch",
            "input": "*** Begin Patch\n*** Update File: a.rs\n@@\n-x\n+y\n*** End Patch"}),
        _cx(clock.micro(d, 29.1), "event_msg", {"type": "patch_apply_end", "call_id": "c3", "success": True,
            "changes": {"/home/dev/ledger.v2/a.rs": {"type": "update", "unified_diff": "@@ -1 +1,2 @@\n-x\n+y\n+z\n"}}}),
        _cx(clock.micro(d, 29.0), "event_msg", {"type": "mcp_tool_call_end", "call_id": "c4",
            "invocation": {"server": "github", "tool": "get_issue", "arguments": {"n": 1}},
            "duration": {"secs": 1, "nanos": 5}, "result": {"Ok": {}}}),
        _cx(clock.micro(d, 28.9), "turn_context", {"cwd": "/home/dev/ledger.v2", "model": "gpt-5.1-codex-mini"}),
        _tc(clock.micro(d, 28.8), _usage(21500, 16000, 910, 512), None),  # total only -> difference
        _cx(clock.micro(d, 28.7), "response_item", {"type": "message", "role": "assistant",
                                                    "content": [{"type": "output_text", "text": "Paginated." * 30}]}),
        _tc(clock.micro(d, 28.6)),  # null info with assistant text pending -> estimated call
        _cx(clock.micro(d, 28.5), "event_msg", {"type": "task_complete", "duration_ms": 18500}),
        # Compaction: the cumulative total starts again from a smaller number.
        _cx(clock.micro(d, 20), "event_msg", {"type": "task_started", "turn_id": "t2"}),
        _cx(clock.micro(d, 19.9), "response_item", {"type": "message", "role": "user",
                                                    "content": [{"type": "input_text", "text": "now write tests"}]}),
        _tc(clock.micro(d, 19.5), _usage(3000, 1000, 200, 0), None),
        _tc(clock.micro(d, 19.0), _usage(5000, 2500, 300, 100), _usage(2000, 1500, 100, 100)),
        _tc(clock.micro(d, 18.5), None, _usage(700, 0, 70, 0, 0)),  # last only, no total
        _cx(clock.micro(d, 18.0), "event_msg", {"type": "token_count", "info": {"model": "o3",
            "last_token_usage": _usage(100, 0, 10, 0), "total_token_usage": _usage(5100, 2500, 310, 100)}}),
        _tc(clock.micro(d, 17.5), _usage(0, 0, 0, 0, 0), _usage(0, 0, 0, 0, 0)),
    ]
    jsonl(os.path.join(day_dir(d), name), recs)

    # A fork of that session: events inside 5 s of its session_meta replay the parent (P §1.2 Forks).
    fid = "0196a1b2-3c4d-7e8f-9a0b-000000000002"
    fname = f"rollout-{clock.at(1).strftime('%Y-%m-%dT%H-%M-%S')}-{fid}.jsonl"
    jsonl(os.path.join(day_dir(1), fname), [
        _cx(clock.z(1, 10), "session_meta", {"id": fid, "forked_from_id": uid, "timestamp": clock.z(1, 10),
                                             "cwd": "/home/dev/ledger.v2", "originator": "codex_vscode"}),
        _tc(clock.z(1, 9.99), _usage(9800, 6400, 420, 256), _usage(9800, 6400, 420, 256)),
        _cx(clock.z(1, 9), "response_item", {"type": "message", "role": "user",
                                            "content": [{"type": "input_text", "text": "fork: try another approach"}]}),
        _tc(clock.z(1, 8), _usage(12000, 7000, 600, 300), _usage(2200, 600, 180, 44)),
    ])
    # Archived (flat) and the same basename in both places: active wins (P §1.2 Locations).
    aid = "0196a1b2-3c4d-7e8f-9a0b-000000000003"
    aname = f"rollout-{clock.at(20).strftime('%Y-%m-%dT%H-%M-%S')}-{aid}.jsonl"
    arch = [
        _cx(clock.z(20), "session_meta", {"id": aid, "cwd": "", "model": "gpt-5"}),
        _cx(clock.z(20, -1), "response_item", {"type": "message", "role": "user",
                                               "content": [{"type": "input_text", "text": "explain the build"}]}),
        _tc(clock.z(20, -2), _usage(4000, 0, 500, 0), _usage(4000, 0, 500, 0)),
    ]
    jsonl(os.path.join(root, "archived_sessions", aname), arch)
    jsonl(os.path.join(day_dir(20), aname), arch)
    bid = "0196a1b2-3c4d-7e8f-9a0b-000000000004"
    jsonl(os.path.join(root, "archived_sessions", f"rollout-x-{bid}.jsonl"), [
        _cx(clock.z(25), "session_meta", {"id": bid, "cwd": "/opt/svc", "model_provider": "openai"}),
        _cx(clock.z(25, -1), "turn_context", {"model": "gpt-4.1"}),
        _tc(clock.z(25, -2), _usage(1000, 200, 50, 0), None),
    ])
    # Old layout: the first line is not a session_meta envelope (pre-0.3 rollouts): skipped.
    jsonl(os.path.join(day_dir(30), f"rollout-old-{'0' * 8}.jsonl"), [
        {"id": "old-1", "timestamp": clock.z(30), "instructions": None},
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi"}]},
    ])
    # Flat sessions/ file (not YYYY/MM/DD): not discovered.
    jsonl(os.path.join(root, "sessions", "rollout-flat.jsonl"), arch)
    # session_meta whose payload is an array: invalid.
    jsonl(os.path.join(day_dir(4), "rollout-bad-meta.jsonl"), [_cx(clock.z(4), "session_meta", [1, 2])])


# ---------------------------------------------------------------- Gemini CLI (P §1.3)

def gemini(home: str, clock: Clock) -> None:
    tmp = os.path.join(home, ".gemini", "tmp")
    g = {"input": 12040, "output": 310, "cached": 8000, "thoughts": 122, "tool": 0, "total": 12472}
    # Single JSON (<= 0.38).
    jdump(os.path.join(tmp, "3b9f0e6d2c1a", "chats", "session-2026-a.json"), {
        "sessionId": "gem-json-1", "projectHash": "3b9f0e6d2c1a", "startTime": clock.z(5), "lastUpdated": clock.z(5, -9),
        "messages": [
            {"id": "u1", "timestamp": clock.z(5, -1), "type": "user", "content": "inspect the repo and run tests"},
            {"id": "g1", "timestamp": clock.z(5, -2), "type": "gemini", "content": "", "model": "gemini-2.5-pro",
             "tokens": g, "toolCalls": [{"id": "t1", "name": "run_shell_command", "displayName": "Shell",
                                         "args": {"command": "npm test && git status"}},
                                        {"id": "t2", "name": "replace", "displayName": "Edit"}]},
            {"id": "g2", "type": "gemini", "model": "gemini-2.5-flash", "tokens": {"input": 500, "output": 20}},
            {"id": "g3", "timestamp": clock.z(5, -4), "type": "gemini", "model": "gemini-2.5-flash",
             "tokens": {"input": 0, "output": 0, "cached": 0, "thoughts": 0}},
            {"id": "g4", "timestamp": clock.z(5, -5), "type": "gemini", "tokens": {"input": 10, "output": 10}},
            {"id": "i1", "timestamp": clock.z(5, -6), "type": "info", "content": "Request cancelled."},
        ]}, indent=2)
    # JSONL (>= 0.39) with $set patches, an id-less message and a pre-2001 timestamp.
    jsonl(os.path.join(tmp, "my-app", "chats", "session-2026-b.jsonl"), [
        {"sessionId": "gem-jsonl-1", "projectHash": "abc", "startTime": clock.z(0, 50), "lastUpdated": clock.z(0, 50),
         "kind": "main"},
        {"id": "u1", "timestamp": clock.z(0, 49), "type": "user", "content": [{"text": "add a flag"}, {"text": "please"}]},
        {"id": "g1", "timestamp": clock.z(0, 48), "type": "gemini", "model": "gemini-3-pro-preview",
         "tokens": {"input": 20000, "output": 800, "cached": 15000, "thoughts": 400},
         "toolCalls": [{"name": "read_file", "args": {"absolute_path": "/x"}}, {"name": "read_file"}]},
        {"$set": {"lastUpdated": clock.z(0, 48)}},
        {"type": "gemini", "timestamp": clock.z(0, 47), "model": "gemini-2.5-pro", "tokens": {"input": 5, "output": 5}},
        {"id": "g2", "type": "gemini", "timestamp": "1999-01-01T00:00:00Z", "model": "gemini-2.5-pro",
         "tokens": {"input": 5, "output": 5}},
        {"id": "g3", "type": "gemini", "timestamp": clock.z(0, 46), "model": "gemini-2.5-pro",
         "tokens": {"input": 700, "output": 30, "cachedInputTokens": 100}},
    ], eol="\r\n")


# ---------------------------------------------------------------- Qwen Code (P §1.5)

def qwen(home: str, clock: Clock) -> None:
    path = os.path.join(home, ".qwen", "projects", "-home-dev-my-qwen-app", "chats", "q1.jsonl")
    sid = "a0b1c2d3-0000-4a6b-8c7d-000000000001"
    base = {"sessionId": sid, "cwd": "/home/dev/my-qwen-app", "version": "0.2.1"}
    jsonl(path, [
        dict(base, uuid="u1", parentUuid=None, timestamp=clock.z(6), type="user",
             message={"role": "user", "parts": [{"text": "list the failing lint rules"}, {"text": "now", "thought": True}]}),
        dict(base, uuid="a1", parentUuid="u1", timestamp=clock.z(6, -1), type="assistant", model="qwen3-coder-plus",
             message={"role": "model", "parts": [{"text": "thinking", "thought": True},
                                                 {"functionCall": {"id": "f1", "name": "run_shell_command",
                                                                   "args": {"command": "npx eslint ."}}},
                                                 {"functionCall": {"id": "f2", "name": "execute_command",
                                                                   "args": {"command": "git diff | head"}}}]},
             usageMetadata={"promptTokenCount": 8123, "candidatesTokenCount": 142, "thoughtsTokenCount": 60,
                            "totalTokenCount": 8325, "cachedContentTokenCount": 4096}),
        dict(base, uuid="t1", parentUuid="a1", timestamp=clock.z(6, -2), type="tool_result",
             message={"role": "user", "parts": [{"functionResponse": {"id": "f1", "name": "run_shell_command",
                                                                      "response": {"output": "3 problems"}}}]}),
        dict(base, uuid="a2", timestamp=clock.z(6, -3), type="assistant",
             message={"role": "model", "parts": [{"text": "done"}]},
             usageMetadata={"promptTokenCount": 900, "candidatesTokenCount": 0}),
        dict(base, uuid="a3", timestamp=clock.z(6, -4), type="assistant", model="qwen3-coder-plus",
             message={"role": "model", "parts": []}, usageMetadata={"promptTokenCount": 0, "candidatesTokenCount": 0}),
        dict(base, uuid="a4", timestamp=clock.z(6, -5), type="assistant", model="qwen3-coder-plus",
             message={"role": "model", "parts": [{"text": "x"}]}),
        dict(base, uuid="s1", timestamp=clock.z(6, -6), type="system", subtype="chat_compression"),
    ])


# ---------------------------------------------------------------- Pi / OMP (P §1.7)

def pi_omp(home: str, clock: Clock) -> None:
    for tool, root, model in (("pi", ".pi", "claude-sonnet-4-5"), ("omp", ".omp", "gpt-5")):
        d = os.path.join(home, root, "agent", "sessions", "--home-dev-auth-service--")
        recs = []
        if tool == "omp":
            recs.append({"type": "title", "v": 1, "title": "Refactor", "updatedAt": clock.z(7), "pad": " " * 10})
            recs.append("")
        recs += [
            {"type": "session", "version": 3, "id": f"{tool}-sess-01", "timestamp": clock.z(7), "cwd": "/home/dev/auth-service"},
            {"type": "message", "id": "mu1", "timestamp": clock.z(7, -1),
             "message": {"role": "user", "content": "split the token module"}},
            {"type": "message", "id": "ma1", "timestamp": clock.z(7, -2),
             "message": {"role": "assistant", "model": model, "responseId": "resp-1",
                         "content": [{"type": "toolCall", "id": "c1", "name": "read",
                                      "arguments": {"path": "skill://refactor/SKILL.md"}},
                                     {"type": "toolCall", "id": "c2", "name": "bash", "arguments": {"command": "git mv a b"}}],
                         "usage": {"input": 1000, "output": 200, "cacheRead": 5000, "cacheWrite": 300}}},
            {"type": "message", "id": "ma2", "timestamp": clock.z(7, -3),
             "message": {"role": "assistant", "responseId": "resp-1",
                         "usage": {"input": 1000, "output": 200}}},  # same responseId: dedup
            {"type": "message", "id": "ma3", "timestamp": clock.z(7, -4),
             "message": {"role": "assistant", "model": model, "usage": {"output": 50}}},
            {"type": "message", "id": "ma4", "timestamp": clock.z(7, -5),
             "message": {"role": "assistant", "model": model, "usage": {"input": 0, "output": 0, "cacheRead": 900}}},
        ]
        jsonl(os.path.join(d, "2026_s1.jsonl"), recs)
        # No session record in the first 20 lines: skipped.
        jsonl(os.path.join(d, "nosession.jsonl"), [{"type": "message", "id": "z", "timestamp": clock.z(7),
                                                    "message": {"role": "assistant", "model": model,
                                                                "usage": {"input": 1, "output": 1}}}])


# ---------------------------------------------------------------- OpenClaw (P §1.8)

def openclaw(home: str, clock: Clock) -> None:
    sess = os.path.join(home, ".openclaw", "agents", "main", "sessions")
    jdump(os.path.join(sess, "sessions.json"), {"k1": {"sessionId": "oc-a"}, "k2": {"sessionId": "oc-missing"}})
    jsonl(os.path.join(sess, "oc-a.jsonl"), [
        {"type": "session", "version": 3, "id": "oc-a", "timestamp": clock.z(8), "cwd": "/home/dev/.openclaw/workspace"},
        {"type": "model_change", "id": "mc1", "timestamp": clock.z(8, -0.1), "provider": "anthropic", "modelId": "claude-opus-4-6"},
        {"type": "message", "id": "m1", "timestamp": clock.z(8, -1), "message": {"role": "user", "content": [
            {"type": "text", "text": "summarize today's inbox"}, {"type": "text", "text": "second block"}]}},
        {"type": "message", "id": "m2", "timestamp": clock.z(8, -2), "message": {"role": "assistant", "content": [
            {"type": "toolCall", "id": "t1", "name": "exec", "arguments": {"command": "himalaya list --max 20"}}],
            "usage": {"input": 3, "output": 120, "cacheRead": 14000, "cacheWrite": 900, "cost": {"total": 0.5}}}},
        {"type": "custom", "customType": "model-snapshot", "id": "s1", "timestamp": clock.z(8, -3),
         "data": {"modelId": "gpt-5.1"}},
        {"type": "message", "id": "m3", "timestamp": clock.z(8, -4), "message": {"role": "assistant", "content": [],
                                                                            "usage": {"input": 10, "output": 10,
                                                                                      "cacheRead": 0, "cacheWrite": 0}}},
        {"type": "message", "id": "m4", "timestamp": "garbage", "message": {"role": "assistant", "model": "gpt-5",
                                                                            "usage": {"input": 10, "output": 10,
                                                                                      "cacheRead": 0, "cacheWrite": 0}}},
    ])
    jsonl(os.path.join(home, ".clawdbot", "agents", "helper", "sessions", "x.jsonl"), [
        {"type": "message", "id": "m1", "timestamp": clock.z(9), "message": {"role": "assistant", "model": "claude-sonnet-4-5",
                                                                           "usage": {"input": 40, "output": 40, "cacheRead": 0,
                                                                                     "cacheWrite": 0}}},
    ])


# ---------------------------------------------------------------- Droid (P §1.6)

def droid(home: str, clock: Clock) -> None:
    d = os.path.join(home, ".factory", "sessions", "-home-dev-projects-api-server")
    sid = "d7e8f9a0-1111-2222-3333-444455556666"
    jsonl(os.path.join(d, sid + ".jsonl"), [
        {"type": "session_start", "id": sid, "title": "health", "cwd": "/home/dev/projects/api-server", "version": 2},
        {"type": "message", "id": "u1", "timestamp": clock.z(4), "message": {"role": "user", "content": [
            {"type": "text", "text": "<system-reminder>x</system-reminder>"}, {"type": "text", "text": "add /health"}]}},
        {"type": "message", "id": "a1", "timestamp": clock.z(4, -1), "message": {"role": "assistant", "content": [
            {"type": "thinking", "thinking": "router"}, {"type": "tool_use", "id": "t1", "name": "Read", "input": {}}]}},
        {"type": "message", "id": "a2", "timestamp": clock.z(4, -2), "message": {"role": "assistant", "content": [
            {"type": "thinking", "thinking": "only thinking"}]}},
        {"type": "message", "id": "a3", "timestamp": clock.z(4, -3), "message": {"role": "assistant", "content": [
            {"type": "tool_use", "id": "t2", "name": "Execute", "input": {"command": "npm test\necho done"}},
            {"type": "text", "text": "Tests pass."}]}},
        {"type": "message", "id": "u2", "timestamp": clock.z(4, -4), "message": {"role": "user", "content": [
            {"type": "text", "text": "thanks, now deploy"}]}},
        {"type": "message", "timestamp": clock.z(4, -5), "message": {"role": "assistant", "content": [
            {"type": "text", "text": "Deploying."}, {"type": "tool_use", "name": "Task", "input": {}}]}},
    ])
    jdump(os.path.join(d, sid + ".settings.json"), {"model": "custom:Claude-Sonnet-4.5-[Proxy]-0", "tokenUsage": {
        "inputTokens": 1001, "outputTokens": 502, "cacheCreationTokens": 70, "cacheReadTokens": 110, "thinkingTokens": 53}})


# ---------------------------------------------------------------- Mistral Vibe (P §1.11)

def mistral_vibe(home: str, clock: Clock) -> None:
    root = os.path.join(home, ".vibe", "logs", "session")
    s = os.path.join(root, "session_20260101_a")
    jdump(os.path.join(s, "meta.json"), {
        "session_id": "vibe-1", "start_time": clock.plain(3, 5), "end_time": clock.plain(3),
        "title": "type hints", "environment": {"working_directory": "/home/dev/pytools"},
        "stats": {"session_prompt_tokens": 18001, "session_completion_tokens": 903, "session_cost": 0.0123},
        "config": {"active_model": "devstral-medium", "models": [{"name": "mistral-medium-latest", "alias": "devstral-medium",
                                                                 "input_price": 0.4, "output_price": 2.0}]}})
    jsonl(os.path.join(s, "messages.jsonl"), [
        {"role": "user", "content": "add type hints", "message_id": "u1"},
        {"role": "assistant", "content": "", "message_id": "a1", "tool_calls": [
            {"id": "t1", "type": "function", "function": {"name": "bash", "arguments": "{\"command\":\"mypy .\"}"}}]},
        {"role": "tool", "content": "ok", "tool_call_id": "t1"},
        {"role": "assistant", "content": [{"type": "text", "text": "done"}], "message_id": "a2"},
        {"role": "assistant", "content": "and more"},
    ])
    sub = os.path.join(s, "agents", "explore")
    jdump(os.path.join(sub, "meta.json"), {"session_id": "vibe-1-sub", "end_time": clock.plain(3, 1),
                                           "stats": {"session_prompt_tokens": 500, "session_completion_tokens": 50},
                                           "config": {"active_model": "devstral-small"}})
    jsonl(os.path.join(sub, "messages.jsonl"), [{"role": "user", "content": "look around"}])
    s2 = os.path.join(root, "session_b")
    jdump(os.path.join(s2, "meta.json"), {"session_id": "vibe-2", "start_time": clock.plain(10),
                                          "stats": {"session_prompt_tokens": 0, "session_completion_tokens": 0}})
    jsonl(os.path.join(s2, "messages.jsonl"), [])


# ---------------------------------------------------------------- Cline family (P §3.1)

def _cline_task(root, task, clock, d, reqs, model_tag="anthropic/claude-sonnet-4-5", ws="/home/dev/webapp"):
    t = os.path.join(root, "tasks", task)
    ui = [{"ts": clock.ms(d), "type": "say", "say": "text", "text": "fix the flaky login test"}]
    for i, r in enumerate(reqs):
        ui.append({"ts": clock.ms(d, -i - 1), "type": "say", "say": "api_req_started", "text": json.dumps(r)})
        ui.append({"ts": clock.ms(d, -i - 1.5), "type": "ask", "ask": "command", "text": "npm test"})
    jdump(os.path.join(t, "ui_messages.json"), ui)
    env = f"<task>fix</task>\n<environment_details>\n# Current Workspace Directory ({ws}) Files\n"
    if model_tag:
        env += f"<model>{model_tag}</model>\n"
    jdump(os.path.join(t, "api_conversation_history.json"),
          [{"role": "user", "content": [{"type": "text", "text": env + "</environment_details>"}]},
           {"role": "assistant", "content": [{"type": "text", "text": "ok"}]}])


def cline_family(home: str, clock: Clock) -> None:
    gs = os.path.join(home, ".config", "Code", "User", "globalStorage")
    _cline_task(os.path.join(gs, "saoudrizwan.claude-dev"), "1700000000001", clock, 11, [
        {"request": "<task>", "tokensIn": 200, "tokensOut": 100, "cacheReads": 50, "cacheWrites": 30, "cost": 0.05},
        {"tokensIn": 0, "tokensOut": 0},
        {"tokensIn": 40, "tokensOut": 80, "cacheReads": 2400, "cacheWrites": 0}])
    # Current Cline: "Current Working Directory", no <model> tag (errata).
    t = os.path.join(home, ".cline", "data", "tasks", "1700000000002")
    jdump(os.path.join(t, "ui_messages.json"), [
        {"ts": clock.ms(11, 10), "type": "say", "say": "task", "text": "write docs"},
        {"ts": clock.ms(11, 9), "type": "say", "say": "api_req_started",
         "text": json.dumps({"tokensIn": 1000, "tokensOut": 300, "cacheReads": 0, "cacheWrites": 900})}])
    jdump(os.path.join(t, "api_conversation_history.json"), [{"role": "user", "content": [
        {"type": "text", "text": "<task>write docs</task>\n# Current Working Directory (/home/dev/docs) Files\n"}]}])
    _cline_task(os.path.join(home, ".config", "VSCodium", "User", "globalStorage", "rooveterinaryinc.roo-cline"),
                "roo-task-1", clock, 12, [{"tokensIn": 10, "tokensOut": 20, "cacheReads": 30, "cacheWrites": 40}],
                model_tag="gpt-5")
    _cline_task(os.path.join(gs, "kilocode.kilo-code"), "kilo-task-1", clock, 13,
                [{"tokensIn": 11, "tokensOut": 22}], model_tag=None)


# ---------------------------------------------------------------- OpenCode SQLite (P §2.2)

def _sqlite(path: str, script: str, rows: dict) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    con = sqlite3.connect(path)
    con.executescript(script)
    for table, items in rows.items():
        for item in items:
            q = ",".join("?" * len(item))
            con.execute(f"INSERT INTO {table} VALUES ({q})", item)
    con.commit()
    con.close()


# OpenCode's (and KiloCode's) tables, the columns the reader uses (P §2.2).
OPENCODE_SCHEMA = """
CREATE TABLE session (id TEXT PRIMARY KEY, project_id TEXT, parent_id TEXT, slug TEXT, directory TEXT, title TEXT,
  version TEXT, time_created INTEGER, time_updated INTEGER, time_archived INTEGER);
CREATE TABLE message (id TEXT PRIMARY KEY, session_id TEXT, time_created INTEGER, time_updated INTEGER, data TEXT);
CREATE TABLE part (id TEXT PRIMARY KEY, message_id TEXT, session_id TEXT, time_created INTEGER, time_updated INTEGER,
  data TEXT);
"""


def opencode(home: str, clock: Clock) -> None:
    db = os.path.join(home, ".local", "share", "opencode", "opencode.db")
    t0 = clock.ms(1, 30)

    def msg(mid, sid, off, data):
        return (mid, sid, t0 + off, t0 + off, json.dumps(data))

    def part(pid, mid, sid, off, data):
        return (pid, mid, sid, t0 + off, t0 + off, json.dumps(data))

    tok = {"input": 1200, "output": 300, "reasoning": 50, "cache": {"read": 4000, "write": 100}}
    _sqlite(db, OPENCODE_SCHEMA, {
        "session": [("ses_root", "p1", None, "s", "/home/dev/oc-app", "Root", "1", t0, t0, None),
                    ("ses_child", "p1", "ses_root", "c", "/home/dev/oc-app", "Child", "1", t0, t0, None),
                    ("ses_arch", "p1", None, "a", "/home/dev/old", "Archived", "1", t0, t0, t0),
                    ("ses_secs", "p1", None, "z", "", "Seconds stamps", "1", t0, t0, None)],
        "message": [msg("msg_u1", "ses_root", 0, {"role": "user"}),
                    msg("msg_a1", "ses_root", 1000, {"role": "assistant", "modelID": "claude-sonnet-4-5",
                                                     "providerID": "anthropic", "tokens": tok, "cost": 0.9}),
                    msg("msg_a2", "ses_child", 2000, {"role": "assistant", "modelID": "gpt-5", "tokens": {
                        "input": 10, "output": 0, "reasoning": 0, "cache": {"read": 0, "write": 0}}}),
                    msg("msg_a3", "ses_root", 3000, {"role": "assistant", "modelID": "gpt-5", "tokens": {
                        "input": 0, "output": 0, "reasoning": 0, "cache": {"read": 0, "write": 0}}}),
                    msg("msg_a4", "ses_root", 4000, {"role": "assistant", "model": "gpt-5-mini", "usage": {
                        "input_tokens": 70, "output_tokens": 7, "cache_read_input_tokens": 700}}),
                    msg("msg_a5", "ses_arch", 5000, {"role": "assistant", "modelID": "gpt-5", "tokens": tok}),
                    ("msg_a6", "ses_secs", t0 // 1000, t0 // 1000, json.dumps({"role": "assistant", "modelID": "gpt-5",
                                                                               "tokens": tok}))],
        "part": [part("p1", "msg_u1", "ses_root", 0, {"type": "text", "text": "add a login page"}),
                 part("p2", "msg_a1", "ses_root", 1000, {"type": "tool", "tool": "bash", "callID": "c",
                                                         "state": {"status": "completed", "input": {"command": "npm i && npm test"}}}),
                 part("p3", "msg_a1", "ses_root", 1001, {"type": "tool", "tool": "clickup_clickup_get_task", "state": {}}),
                 part("p4", "msg_a3", "ses_root", 3000, {"type": "text", "text": "zero usage but text"}),
                 part("p5", "msg_a2", "ses_child", 2000, {"type": "tool", "tool": "task",
                                                          "state": {"input": {"subagent_type": "general"}}})],
    })


# ---------------------------------------------------------------- Goose (P §2.3)

def goose(home: str, clock: Clock) -> None:
    db = os.path.join(home, ".local", "share", "goose", "sessions", "sessions.db")
    schema = """
    CREATE TABLE sessions (id TEXT PRIMARY KEY, name TEXT, working_dir TEXT, created_at TEXT, updated_at TEXT,
      accumulated_input_tokens INTEGER, accumulated_output_tokens INTEGER, provider_name TEXT, model_config_json TEXT);
    CREATE TABLE messages (id INTEGER PRIMARY KEY, message_id TEXT, session_id TEXT, role TEXT, content_json TEXT,
      created_timestamp INTEGER);
    """
    up = clock.at(6).strftime("%Y-%m-%d %H:%M:%S")
    _sqlite(db, schema, {
        "sessions": [("g1", "s", "/home/dev/goose-proj", up, up, 5000, 700, "anthropic",
                      json.dumps({"model_name": "claude-sonnet-4-5"})),
                     ("g2", "s", "", up, None, 0, 10, "openai", "{}"),
                     ("g3", "s", "/x", up, up, 0, 0, "openai", "{}")],
        "messages": [(1, "m1", "g1", "user", json.dumps([{"type": "text", "text": "list files"}]), clock.secs(6)),
                     (2, "m2", "g1", "assistant", json.dumps([{"type": "toolRequest", "toolCall": {"value": {
                         "name": "developer__shell", "arguments": {"command": "ls -la | wc -l"}}}}]), clock.secs(6))],
    })


# ---------------------------------------------------------------- Crush (P §2.4, errata)

CRUSH_SCHEMA = """
CREATE TABLE sessions (id TEXT PRIMARY KEY, parent_session_id TEXT, title TEXT, message_count INTEGER,
  prompt_tokens INTEGER, completion_tokens INTEGER, cost REAL, created_at INTEGER, updated_at INTEGER);
CREATE TABLE messages (id TEXT PRIMARY KEY, session_id TEXT, role TEXT, parts TEXT, model TEXT, provider TEXT,
  created_at INTEGER, updated_at INTEGER);
"""


def crush(home: str, clock: Clock) -> None:
    proj = os.path.join(home, "work", "crushy")
    jdump(os.path.join(home, ".local", "share", "crush", "projects.json"),
          {"projects": [{"path": proj, "data_dir": os.path.join(proj, ".crush")}]})
    _sqlite(os.path.join(proj, ".crush", "crush.db"), CRUSH_SCHEMA, {
        "sessions": [("c1", None, "t", 3, 9000, 400, 0.12, clock.secs(2), clock.secs(2, -5)),
                     ("c2", "c1", "child", 1, 100, 10, 0.01, clock.secs(2), clock.secs(2))],
        "messages": [("m1", "c1", "assistant", "[]", "claude-sonnet-4-5", "anthropic", clock.secs(2), clock.secs(2)),
                     ("m2", "c1", "assistant", "[]", "claude-sonnet-4-5", "anthropic", clock.secs(2), clock.secs(2)),
                     ("m3", "c1", "assistant", "[]", "gpt-5", "openai", clock.secs(2), clock.secs(2))],
    })


# ---------------------------------------------------------------- Kiro CLI (P §1.12.a)

def kiro(home: str, clock: Clock) -> None:
    d = os.path.join(home, ".kiro", "sessions", "cli")
    jsonl(os.path.join(d, "k1.jsonl"), [
        {"version": "1", "kind": "Prompt", "data": {"content": [{"kind": "text", "data": "why does deploy fail?"}],
                                                    "meta": {"timestamp": clock.secs(5)}}},
        {"version": "1", "kind": "AssistantMessage", "data": {"content": [
            {"kind": "text", "data": "Let me read it."},
            {"kind": "toolUse", "data": {"toolUseId": "t1", "name": "fs_read", "input": {"path": "deploy.sh"}}}]}},
        {"version": "1", "kind": "ToolResults", "data": {"content": [{"kind": "text", "data": "#!/bin/sh\nset -e\n"}]}},
        {"version": "1", "kind": "Prompt", "data": {"content": [{"kind": "text", "data": "silent turn"}]}},
        {"version": "1", "kind": "Prompt", "data": {"content": [{"kind": "text", "data": "and now?"}]}},
        {"version": "1", "kind": "AssistantMessage", "data": {"content": [{"kind": "text", "data": "Fixed it. " * 20}]}},
    ])
    jdump(os.path.join(d, "k1.json"), {
        "session_id": "k1", "cwd": "/home/dev/deployer", "created_at": clock.z(5),
        "session_state": {"rts_model_state": {"model_info": {"model_id": "claude-sonnet-4.5"}},
                          "conversation_metadata": {"user_turn_metadatas": [
                              {"end_timestamp": clock.z(5, -1), "metering_usage": [{"value": 1.5, "unit": "credit"}]},
                              {"end_timestamp": clock.z(5, -2), "metering_usage": []},
                              {"end_timestamp": clock.z(5, -3), "metering_usage": [{"value": 0.25, "unit": "credit"}]}]}}})


# ---------------------------------------------------------------- Copilot (P §1.4)

def copilot(home: str, clock: Clock) -> None:
    st = os.path.join(home, ".copilot", "session-state", "3f2a-bb")
    write(os.path.join(st, "workspace.yaml"), "id: 3f2a-bb\ncwd: \"/home/dev/my project\"  # here\n")
    jsonl(os.path.join(st, "events.jsonl"), [
        {"type": "session.start", "timestamp": clock.z(2, 60), "data": {"sessionId": "3f2a-bb", "selectedModel": "claude-sonnet-4.5"}},
        {"type": "user.message", "timestamp": clock.z(2, 59), "data": {"content": "write a retry helper"}},
        {"type": "assistant.message", "timestamp": clock.z(2, 58), "data": {"messageId": "m1", "outputTokens": 150,
            "toolRequests": [{"toolCallId": "c1", "name": "bash", "arguments": {"command": "npm test && git diff"}},
                             {"toolCallId": "c2", "name": "github-mcp-server-list_issues", "arguments": {}}]}},
        {"type": "session.model_change", "timestamp": clock.z(2, 57), "data": {"newModel": "gpt-5"}},
        {"type": "assistant.message", "timestamp": clock.z(2, 56), "data": {"messageId": "m2", "outputTokens": 0}},
        {"type": "assistant.message", "timestamp": clock.z(2, 55), "data": {"messageId": "m3", "outputTokens": 64,
            "toolRequests": [{"toolCallId": "c3", "toolName": "view", "arguments": {"path": "a"}}]}},
        {"type": "assistant.message", "timestamp": clock.z(2, 54), "data": {"messageId": "m3", "outputTokens": 64}},
        {"type": "session.shutdown", "timestamp": clock.z(2, 50), "data": {"sessionStartTime": clock.ms(2, 60),
            "modelMetrics": {"gpt-5": {"usage": {"inputTokens": 71282, "outputTokens": 345, "cacheReadTokens": 35495,
                                                 "cacheWriteTokens": 35783, "reasoningTokens": 31}},
                             "claude-sonnet-4.5": {"usage": {"inputTokens": 1000, "outputTokens": 150,
                                                             "cacheReadTokens": 0, "cacheWriteTokens": 0}}}}},
    ])
    ws = os.path.join(home, ".config", "Code", "User", "workspaceStorage", "abc123")
    jdump(os.path.join(ws, "workspace.json"), {"folder": "file:///home/dev/vs%20proj"})
    jsonl(os.path.join(ws, "GitHub.copilot-chat", "transcripts", "tr-77.jsonl"), [
        {"type": "session.start", "data": {"sessionId": "tr-77"}},
        {"type": "user.message", "timestamp": clock.z(3, 5), "data": {"content": "why is the build failing?"}},
        {"type": "assistant.message", "timestamp": clock.z(3, 4), "data": {"messageId": "x1", "toolRequests": [
            {"toolCallId": "toolu_vrtx_01", "name": "read_file"},
            {"toolCallId": "toolu_vrtx_02", "name": "run_in_terminal", "arguments": {"command": "npm run build"}}]}},
    ])
    ws2 = os.path.join(home, ".config", "Code", "User", "workspaceStorage", "def456")
    jdump(os.path.join(ws2, "workspace.json"), {"folder": "file:///home/dev/chatproj"})
    jsonl(os.path.join(ws2, "chatSessions", "cs-42.jsonl"), [
        {"kind": 0, "v": {"version": 3, "creationDate": clock.ms(4), "sessionId": "cs-42", "requests": []}},
        {"kind": 2, "k": ["requests"], "v": [{"requestId": "r1", "timestamp": clock.ms(4, -1),
                                              "modelId": "copilot/claude-sonnet-4.6", "result": {"metadata": {
                                                  "promptTokens": 32543, "outputTokens": 60,
                                                  "toolCallRounds": [{"toolCalls": [{"name": "readFile"}]}]}}}]},
        {"kind": 1, "k": ["requests", 0, "result", "metadata", "outputTokens"], "v": 88},
        {"kind": 2, "v": [{"requestId": "r2", "timestamp": clock.z(4, -2), "modelId": "copilot/gpt-5",
                           "completionTokens": 12, "result": {"metadata": {"promptTokens": 100}}}]},
    ])
    jsonl(os.path.join(ws2, "GitHub.copilot-chat", "transcripts", "skipped.jsonl"), [
        {"type": "assistant.message", "timestamp": clock.z(4), "data": {"messageId": "s1", "toolRequests": []}}])


GENERATORS = {"claude": claude, "codex": codex, "gemini": gemini, "qwen": qwen, "pi": pi_omp, "openclaw": openclaw,
              "droid": droid, "mistral-vibe": mistral_vibe, "cline": cline_family, "opencode": opencode,
              "goose": goose, "crush": crush, "kiro": kiro, "copilot": copilot}


# ---------------------------------------------------------------- second batch

def opencode_files(home: str, clock: Clock) -> None:
    """OpenCode file storage (P §3.3) and KiloCode's SQLite half (P §2.2)."""
    st = os.path.join(home, ".local", "share", "opencode", "storage")
    jdump(os.path.join(st, "session", "proj1", "ses_f1.json"),
          {"id": "ses_f1", "directory": "/home/dev/oc-files", "title": "Files", "time": {"created": clock.ms(9)}})
    jdump(os.path.join(st, "message", "ses_f1", "msg_f0.json"),
          {"id": "msg_f0", "sessionID": "ses_f1", "role": "user", "time": {"created": clock.ms(9, -1)}})
    jdump(os.path.join(st, "part", "msg_f0", "prt_1.json"), {"type": "text", "text": "refactor the parser"})
    jdump(os.path.join(st, "message", "ses_f1", "msg_f1.json"),
          {"id": "msg_f1", "sessionID": "ses_f1", "role": "assistant", "modelID": "claude-sonnet-4-5",
           "providerID": "anthropic", "time": {"created": clock.ms(9, -2), "completed": clock.ms(9, -3)},
           "tokens": {"input": 300, "output": 90, "reasoning": 10, "cache": {"read": 1000, "write": 0}}})
    jdump(os.path.join(st, "part", "msg_f1", "prt_2.json"),
          {"type": "tool", "tool": "edit", "state": {"status": "completed", "input": {"filePath": "/x.ts"}}})
    jdump(os.path.join(st, "message", "ses_f1", "msg_f2.json"),
          {"id": "msg_f2", "sessionID": "ses_f1", "role": "assistant", "modelID": "gpt-5",
           "tokens": {"input": 40, "output": 4, "reasoning": 0, "cache": {"read": 0, "write": 0}}})
    db = os.path.join(home, ".local", "share", "kilo", "kilo.db")
    t0 = clock.ms(3, 3)
    _sqlite(db, OPENCODE_SCHEMA, {
        "session": [("ks1", "p", None, "s", "/home/dev/kilo-app", "K", "1", t0, t0, None)],
        "message": [("km1", "ks1", t0, t0, json.dumps({"role": "user"})),
                    ("km2", "ks1", t0 + 500, t0 + 500, json.dumps({"role": "assistant", "modelID": "claude-sonnet-4-5",
                                                                   "tokens": {"input": 70, "output": 7, "reasoning": 3,
                                                                              "cache": {"read": 700, "write": 7}}}))],
        "part": [("kp1", "km1", "ks1", t0, t0, json.dumps({"type": "text", "text": "write a test"}))],
    })


def kiro_ide(home: str, clock: Clock) -> None:
    """Kiro IDE v2 event log (P §1.12.b)."""
    d = os.path.join(home, ".kiro", "sessions", "wshash1", "sess_abc")
    jdump(os.path.join(d, "session.json"), {"id": "sess_abc", "title": "validation", "modelId": "claude-sonnet-4.5",
                                            "workspacePaths": ["/home/dev/signup"], "createdAt": clock.z(2, 30)})
    ev = lambda i, m, p: {"id": i, "timestamp": clock.z(2, m), "payload": p}  # noqa: E731
    jsonl(os.path.join(d, "messages.jsonl"), [
        ev("s", 30, {"type": "session_start"}),
        ev("u1", 29, {"type": "user", "content": "add input validation to the signup form"}),
        ev("t1", 28.9, {"type": "turn_start", "executionId": "e1"}),
        ev("r1", 28.5, {"type": "assistant", "operationType": "Reasoning", "content": "need zod", "executionId": "e1"}),
        ev("c1", 28.4, {"type": "tool_call", "toolName": "mcp_fsWrite", "executionId": "e1"}),
        ev("tr", 28.3, {"type": "tool_result", "content": "written " * 50, "executionId": "e1"}),
        ev("a1", 28, {"type": "assistant", "operationType": "Say", "content": "Added a zod schema.", "executionId": "e1"}),
        ev("us", 27.9, {"type": "usage_summary", "promptTurnSummaries": [{"unit": "credit", "usage": 1.25}],
                        "executionId": "e1"}),
        ev("te", 27.8, {"type": "turn_end", "executionId": "e1"}),
        ev("u2", 20, {"type": "user", "content": "thanks"}),
        ev("t2", 19.9, {"type": "turn_start", "executionId": "e2"}),
        ev("te2", 19.8, {"type": "turn_end", "executionId": "e2"}),
    ])


def cline_cli(home: str, clock: Clock) -> None:
    """Cline CLI 3.x sessions (P §3.2)."""
    d = os.path.join(home, ".cline", "data", "sessions", "cs1")
    jdump(os.path.join(d, "cs1.json"), {"session_id": "cs1", "provider": "anthropic", "model": "claude-sonnet-4-5",
                                        "cwd": "/home/dev/cli-proj", "workspace_root": "/home/dev/cli-proj",
                                        "started_at": clock.z(6, 10), "ended_at": clock.z(6)})
    jdump(os.path.join(d, "cs1.messages.json"), {"messages": [
        {"role": "user", "content": [{"type": "text", "text": "run the tests"}]},
        {"id": "a1", "role": "assistant", "ts": clock.ms(6, 9), "modelInfo": {"id": "claude-sonnet-4-5"},
         "metrics": {"inputTokens": 500, "outputTokens": 60, "cacheReadTokens": 2000, "cacheWriteTokens": 0, "cost": 0},
         "content": [{"type": "tool_use", "name": "run_commands", "input": {"commands": "[\"npm test\", \"git status\"]"}}]},
        {"id": "a2", "role": "assistant", "ts": clock.ms(6, 8), "modelInfo": {"id": "claude-sonnet-4-5"},
         "metrics": {"inputTokens": 100, "outputTokens": 30, "cost": 0.0123},
         "content": [{"type": "tool_use", "name": "fetch_web_content", "input": {"url": "https://x"}}]},
    ]})
    d2 = os.path.join(home, ".cline", "data", "sessions", "cs2")
    jdump(os.path.join(d2, "cs2.json"), {"session_id": "cs2", "model": "gpt-5", "cwd": "/home/dev/cli-proj",
                                         "started_at": clock.z(7), "metadata": {"usage": {
                                             "inputTokens": 1000, "outputTokens": 100, "cacheReadTokens": 0,
                                             "cacheWriteTokens": 0, "totalCost": 0.5}}})
    jdump(os.path.join(d2, "cs2.messages.json"), {"messages": [{"role": "user", "content": "hi"}]})


def crush_keyed(home: str, clock: Clock) -> None:
    """Crush's older registry: an object keyed by project id (P §2.4)."""
    proj = os.path.join(home, "work", "crush-old")
    jdump(os.path.join(home, ".local", "share", "crush", "projects.json"),
          {"p1": {"path": proj, "data_dir": ".crush"}})
    _sqlite(os.path.join(proj, ".crush", "crush.db"), CRUSH_SCHEMA, {
        "sessions": [("c1", None, "t", 3, 9000, 400, 0.12, clock.secs(2), clock.secs(2, -5)),
                     ("c2", "c1", "child", 1, 100, 10, 0.01, clock.secs(2), clock.secs(2)),
                     ("c3", None, "zero", 0, 0, 0, 0.0, clock.secs(2), None)],
        "messages": [("m1", "c1", "assistant", "[]", "claude-sonnet-4-5", "anthropic", clock.secs(2), clock.secs(2)),
                     ("m2", "c1", "assistant", "[]", "gpt-5", "openai", clock.secs(2), clock.secs(2)),
                     ("m3", "c1", "assistant", "[]", "gpt-5", "openai", clock.secs(2), clock.secs(2))],
    })


def claude_more(home: str, clock: Clock) -> None:
    """Claude Code in a git worktree, and Claude Desktop local-agent-mode (C §3.1, §3.9)."""
    main = os.path.join(home, "src", "shop")
    wt = os.path.join(home, "src", "shop-wt")
    os.makedirs(os.path.join(main, ".git", "worktrees", "shop-wt"), exist_ok=True)
    write(os.path.join(wt, ".git"), f"gitdir: {main}/.git/worktrees/shop-wt\n")
    os.makedirs(os.path.join(wt, "pkg"), exist_ok=True)
    projects = os.path.join(home, ".claude", "projects")
    for slug, cwd, mid in (("-wt", wt, "msg_wt1"), ("-wt-pkg", os.path.join(wt, "pkg"), "msg_wt2"),
                           ("-main", main, "msg_main1"), ("-main-upper", main.upper() + "/", "msg_main2")):
        jsonl(os.path.join(projects, "-h" + slug, "s-" + mid + ".jsonl"), [
            _cc_user(clock, 5, 10, "refactor the checkout flow", "s", cwd=cwd),
            _cc_asst(clock.z(5, 9), "s", mid, "claude-sonnet-4-5-20250929", {"input_tokens": 10, "output_tokens": 10},
                     cwd=cwd)])
    root = os.path.join(home, ".config", "Claude", "local-agent-mode-sessions")
    ws = os.path.join(root, "app1", "ws1")
    jdump(os.path.join(ws, "local_d1.json"), {"spaceId": "sp1", "userSelectedFolders": ["/home/dev/notes"],
                                             "title": "Notes"})
    jdump(os.path.join(ws, "spaces.json"), {"spaces": [{"id": "sp1", "name": "Research Space"}]})
    jsonl(os.path.join(ws, "local_d1", ".claude", "projects", "-sessions-x", "d1.jsonl"), [
        _cc_user(clock, 1, 5, "summarise these notes", "d1", cwd="/sessions/x"),
        _cc_asst(clock.z(1, 4), "d1", "msg_desk1", "claude-opus-4-6", {"input_tokens": 100, "output_tokens": 200},
                 cwd="/sessions/x")])


GENERATORS.update({"opencode-files": opencode_files, "kiro-ide": kiro_ide, "cline-cli": cline_cli,
                   "crush-keyed": crush_keyed, "claude-more": claude_more})


def claude_old(home: str, clock: Clock) -> None:
    """Older Claude Code shapes (C §3.4, §3.5): subagent records written inline
    in the main file (isSidechain), a message id repeated after a later prompt,
    records with an empty model, a resumed session in another project dir."""
    projects = os.path.join(home, ".claude", "projects")
    cwd = "/home/dev/legacy"
    sid = "9f000000-0000-4000-8000-000000000001"
    s4 = "claude-sonnet-4-20250514"
    jsonl(os.path.join(projects, "-home-dev-legacy", sid + ".jsonl"), [
        _cc_user(clock, 15, 30, "review the payment module", sid, cwd=cwd),
        _cc_asst(clock.z(15, 29), sid, "msg_o1", s4, {"input_tokens": 100, "output_tokens": 50},
                 [_tool("Task", "toolu_t1", subagent_type="general-purpose", description="d", prompt="p")], cwd=cwd),
        _cc_user(clock, 15, 28.5, "look for the payment code", sid, cwd=cwd, isSidechain=True),
        _cc_asst(clock.z(15, 28), sid, "msg_o2", s4, {"input_tokens": 300, "output_tokens": 30},
                 [_tool("Grep", "toolu_g", pattern="pay")], cwd=cwd, isSidechain=True),
        _cc_user(clock, 15, 27, "now fix the rounding bug", sid, cwd=cwd),
        _cc_asst(clock.z(15, 26), sid, "msg_o3", s4, {"input_tokens": 20, "output_tokens": 5},
                 [_tool("Read", "toolu_r", file_path="/home/dev/legacy/pay.py")], cwd=cwd),
        _cc_asst(clock.z(15, 25.5), sid, "msg_o4", "", {"input_tokens": 999, "output_tokens": 999}, cwd=cwd),
        _cc_user(clock, 15, 25, "and add a test", sid, cwd=cwd),
        # msg_o3 again, after the next prompt: the last copy is kept, at its place.
        _cc_asst(clock.z(15, 24), sid, "msg_o3", s4, {"input_tokens": 20, "output_tokens": 80},
                 [_tool("Edit", "toolu_e", file_path="/home/dev/legacy/pay.py", old_string="a", new_string="b")], cwd=cwd),
        _cc_asst(clock.z(15, 23), sid, "msg_o5", s4, {"input_tokens": 7, "output_tokens": 7},
                 [_tool("Bash", "toolu_b", command="pytest -q tests/test_pay.py")], cwd=cwd),
    ])
    # The same conversation resumed from another directory: its copies are already counted.
    cwd2 = "/home/dev/legacy/sub"
    jsonl(os.path.join(projects, "-home-dev-legacy-sub", "9f000000-0000-4000-8000-000000000002.jsonl"), [
        _cc_user(clock, 15, 30, "review the payment module", sid, cwd=cwd2),
        _cc_asst(clock.z(15, 29), sid, "msg_o1", s4, {"input_tokens": 100, "output_tokens": 50}, cwd=cwd2),
        _cc_user(clock, 14, 0, "continue from sub", sid, cwd=cwd2),
        _cc_asst(clock.z(14, -1), sid, "msg_o6", s4, {"input_tokens": 60, "output_tokens": 6}, cwd=cwd2),
    ])


GENERATORS["claude-old"] = claude_old


def claude_usage(home: str, clock: Clock) -> None:
    """Claude usage corner cases (C §3.6, §3.7, §3.5): a legacy cache-write
    total above its 5m+1h split, a split with no legacy total, id-less records
    (never merged), an advisor without a model, fast mode on a model with no
    fast price, web fetches (kept, not priced)."""
    cwd = "/home/dev/usage"
    sid = "a0000000-0000-4000-8000-000000000001"
    o47, s45 = "claude-opus-4-7", "claude-sonnet-4-5-20250929"
    recs = [
        _cc_user(clock, 0.5, 30, "tune the cache", sid, cwd=cwd),
        _cc_asst(clock.z(0.5, 29), sid, "msg_c1", o47, {"input_tokens": 5, "output_tokens": 100,
                 "cache_creation_input_tokens": 20000,
                 "cache_creation": {"ephemeral_5m_input_tokens": 1000, "ephemeral_1h_input_tokens": 4000}}, cwd=cwd),
        _cc_asst(clock.z(0.5, 28), sid, "msg_c2", o47, {"input_tokens": 5, "output_tokens": 100,
                 "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 3000}}, cwd=cwd),
        _cc_asst(clock.z(0.5, 27), sid, "msg_c3", o47, {"input_tokens": 5, "output_tokens": 100,
                 "cache_creation_input_tokens": 700, "cache_creation": {}}, cwd=cwd),
        _cc_asst(clock.z(0.5, 26), sid, None, s45, {"input_tokens": 50, "output_tokens": 5}, cwd=cwd),
        _cc_asst(clock.z(0.5, 26), sid, None, s45, {"input_tokens": 50, "output_tokens": 5}, cwd=cwd),
        _cc_asst(clock.z(0.5, 25), sid, "msg_c4", s45, {"input_tokens": 9, "output_tokens": 9, "speed": "fast",
                 "server_tool_use": {"web_search_requests": 0, "web_fetch_requests": 4},
                 "iterations": [{"type": "advisor_message", "input_tokens": 100, "output_tokens": 10},
                                {"type": "advisor_message", "model": "claude-haiku-4-5-20251001", "input_tokens": 7,
                                 "output_tokens": 7, "speed": "fast"}]}, cwd=cwd),
    ]
    for r in recs:
        if r.get("message", {}).get("id", 1) is None:
            del r["message"]["id"]
    jsonl(os.path.join(home, ".claude", "projects", "-home-dev-usage", sid + ".jsonl"), recs)


def codex_more(home: str, clock: Clock) -> None:
    """Codex: a resumed rollout whose running total starts again while
    last_token_usage is present, local_shell_call items, `exec`, a total-only
    first record (P §1.2)."""
    uid = "0196a1b2-3c4d-7e8f-9a0b-0000000000a1"
    t = clock.at(3)
    d = os.path.join(home, ".codex", "sessions", t.strftime("%Y"), t.strftime("%m"), t.strftime("%d"))
    jsonl(os.path.join(d, f"rollout-{t.strftime('%Y-%m-%dT%H-%M-%S')}-{uid}.jsonl"), [
        _cx(clock.micro(3, 60), "session_meta", {"id": uid, "cwd": "/home/dev/resumed", "originator": "codex_exec",
                                                 "model": "gpt-5"}),
        _cx(clock.micro(3, 59), "response_item", {"type": "message", "role": "user",
                                                  "content": [{"type": "input_text", "text": "fix the linter"}]}),
        _cx(clock.micro(3, 58), "response_item", {"type": "local_shell_call", "call_id": "l1", "status": "completed",
                                                  "action": {"type": "exec", "command": ["bash", "-lc", "ruff check ."]}}),
        _cx(clock.micro(3, 57.5), "response_item", {"type": "function_call", "name": "exec",
                                                    "arguments": {"cmd": "ruff check --fix ."}, "call_id": "e1"}),
        _tc(clock.micro(3, 57), _usage(5000, 1000, 300, 100), None),
        _tc(clock.micro(3, 56), _usage(9000, 3000, 500, 150), _usage(4000, 2000, 200, 50)),
        # resumed later in the same file: the total restarts, last is given
        _cx(clock.micro(3, 10), "session_meta", {"id": uid, "cwd": "/home/dev/resumed", "originator": "codex_exec"}),
        _cx(clock.micro(3, 9), "response_item", {"type": "message", "role": "user",
                                                 "content": [{"type": "input_text", "text": "and run the tests"}]}),
        _tc(clock.micro(3, 8), _usage(3000, 500, 100, 0), _usage(3000, 500, 100, 0)),
        _tc(clock.micro(3, 7), _usage(6100, 1500, 220, 20), _usage(3100, 1000, 120, 20)),
    ])


GENERATORS["claude-usage"] = claude_usage
GENERATORS["codex-more"] = codex_more


def cross(home: str, clock: Clock) -> None:
    """One repository worked on with several tools (C §3.9 merge across
    providers): the same path spelled with another case or a trailing slash,
    and a provider whose project is a bare name equal to another's."""
    path = "/home/dev/Shared-Repo"
    projects = os.path.join(home, ".claude", "projects")
    jsonl(os.path.join(projects, "-home-dev-Shared-Repo", "x1.jsonl"), [
        _cc_user(clock, 2, 20, "fix the api", "x1", cwd=path),
        _cc_asst(clock.z(2, 19), "x1", "msg_x1", "claude-sonnet-4-5-20250929", {"input_tokens": 10, "output_tokens": 10},
                 cwd=path)])
    uid = "0196a1b2-3c4d-7e8f-9a0b-0000000000c1"
    t = clock.at(2)
    d = os.path.join(home, ".codex", "sessions", t.strftime("%Y"), t.strftime("%m"), t.strftime("%d"))
    jsonl(os.path.join(d, f"rollout-{t.strftime('%Y-%m-%dT%H-%M-%S')}-{uid}.jsonl"), [
        _cx(clock.z(2, 18), "session_meta", {"id": uid, "cwd": path.lower()}),
        _cx(clock.z(2, 17), "turn_context", {"model": "gpt-5"}),
        _tc(clock.z(2, 16), _usage(1000, 0, 10, 0), _usage(1000, 0, 10, 0))])
    pid = os.path.join(home, ".pi", "agent", "sessions", "--home-dev-Shared-Repo--")
    jsonl(os.path.join(pid, "p.jsonl"), [
        {"type": "session", "version": 3, "id": "pi-x", "timestamp": clock.z(2, 15), "cwd": path},
        {"type": "message", "id": "a", "timestamp": clock.z(2, 14), "message": {
            "role": "assistant", "model": "claude-sonnet-4-5", "usage": {"input": 100, "output": 10, "cacheRead": 0,
                                                                          "cacheWrite": 0}}}])
    tmp = os.path.join(home, ".gemini", "tmp", "Shared-Repo", "chats")
    jsonl(os.path.join(tmp, "session-x.jsonl"), [
        {"sessionId": "gx", "startTime": clock.z(2, 13), "lastUpdated": clock.z(2, 13)},
        {"id": "g", "timestamp": clock.z(2, 12), "type": "gemini", "model": "gemini-2.5-pro",
         "tokens": {"input": 100, "output": 10}}])
    sid = "d7e8f9a0-0000-2222-3333-0000000000c1"
    dd = os.path.join(home, ".factory", "sessions", "-home-dev-Shared-Repo")
    jsonl(os.path.join(dd, sid + ".jsonl"), [
        {"type": "session_start", "id": sid, "cwd": path},
        {"type": "message", "id": "a", "timestamp": clock.z(2, 11), "message": {"role": "assistant", "content": [
            {"type": "text", "text": "ok"}]}}])
    jdump(os.path.join(dd, sid + ".settings.json"), {"model": "gpt-5", "tokenUsage": {"inputTokens": 10,
                                                                                       "outputTokens": 1}})


GENERATORS["cross"] = cross


def broken(home: str, clock: Clock) -> None:
    """Damaged files next to good ones: torn writes, binary junk, wrong JSON
    types, corrupt or half-made SQLite stores. Nothing here should stop a
    report; each kind should be named once in a warning."""
    projects = os.path.join(home, ".claude", "projects", "-home-dev-broken")
    os.makedirs(os.path.join(projects, "dir-named.jsonl"), exist_ok=True)
    write(os.path.join(projects, "junk.jsonl"), b"\x00\x01\x02garbage\xff\xfe\n{\"type\":\"assistant\"\n")
    write(os.path.join(projects, "latin1.jsonl"),
          line(_cc_user(clock, 1, 5, "caf\u00e9", "l", cwd="/home/dev/broken")).encode("utf-8").replace(b"\xc3\xa9", b"\xe9")
          + b"\n" + line(_cc_asst(clock.z(1, 4), "l", "msg_l1", "claude-sonnet-4-5-20250929",
                                  {"input_tokens": 10, "output_tokens": 10}, cwd="/home/dev/broken")).encode() + b"\n")
    write(os.path.join(projects, "types.jsonl"), "\n".join([
        '{"type":"assistant","timestamp":12345,"message":{"id":"msg_t1","model":"claude-sonnet-4-5","usage":{"input_tokens":"12","output_tokens":null}}}',
        '{"type":"assistant","timestamp":"2026-01-01T00:00:00Z","message":{"id":"msg_t2","model":7,"usage":[]}}',
        '{"type":"user","message":{"role":"user","content":{"text":"not a list"}}}',
        '[1,2,3]', '"a string"', '42']) + "\n")
    t = clock.at(1)
    cx = os.path.join(home, ".codex", "sessions", t.strftime("%Y"), t.strftime("%m"), t.strftime("%d"))
    write(os.path.join(cx, "rollout-torn.jsonl"), '{"timestamp":"x","type":"session_meta","payload":{"id":"t","cwd":"/x"')
    write(os.path.join(cx, "rollout-junk-after.jsonl"),
          line(_cx(clock.z(1), "session_meta", {"id": "j", "cwd": "/home/dev/j"})) + "\n\x00\x00junk\n"
          + line(_tc(clock.z(1, -1), _usage(100, 0, 10, 0), _usage(100, 0, 10, 0))) + "\n"
          + line(_tc(clock.z(1, -2), {"input_tokens": "lots"}, {"input_tokens": -5, "output_tokens": 1e308})) + "\n")
    write(os.path.join(home, ".gemini", "tmp", "broken", "chats", "session-torn.json"), '{"sessionId":"g","messages":[{"id"')
    write(os.path.join(home, ".gemini", "tmp", "broken", "chats", "session-list.json"), "[]")
    oc = os.path.join(home, ".local", "share", "opencode")
    write(os.path.join(oc, "opencode.db"), b"SQLite format 3\x00" + b"\x00" * 100 + b"junk" * 50)
    con = sqlite3.connect(os.path.join(oc, "opencode-empty.db"))
    con.execute("CREATE TABLE session (id TEXT)")
    con.commit()
    con.close()
    write(os.path.join(home, ".local", "share", "goose", "sessions", "sessions.db"), b"not a database at all")
    write(os.path.join(home, ".local", "share", "crush", "projects.json"), '{"projects": 5}')
    gs = os.path.join(home, ".config", "Code", "User", "globalStorage", "saoudrizwan.claude-dev", "tasks")
    write(os.path.join(gs, "t1", "ui_messages.json"), '{"not": "an array"}')
    write(os.path.join(gs, "t2", "ui_messages.json"), '[{"ts":1,"type":"say","say":"api_req_started","text":"{bad json"}]')
    write(os.path.join(gs, "t3", "ui_messages.json"), '[{"ts":')
    st = os.path.join(home, ".copilot", "session-state", "bad")
    write(os.path.join(st, "events.jsonl"), "\x00\x00\n{\"type\":\"assistant.message\",\"data\":null}\n")
    write(os.path.join(st, "workspace.yaml"), "\x00: [unclosed\n")
    dd = os.path.join(home, ".factory", "sessions", "-x")
    write(os.path.join(dd, "s.jsonl"), '{"type":"session_start","id":"s","cwd":"/x"}\n')
    write(os.path.join(dd, "s.settings.json"), "{not json")
    vs = os.path.join(home, ".vibe", "logs", "session", "bad")
    write(os.path.join(vs, "meta.json"), "[")
    write(os.path.join(vs, "messages.jsonl"), "{}\n")
    kd = os.path.join(home, ".kiro", "sessions", "cli")
    write(os.path.join(kd, "k.jsonl"), '{"kind":"Prompt","data":{"content":"not a list"}}\n')
    write(os.path.join(kd, "k.json"), "null")
    write(os.path.join(home, ".pi", "agent", "sessions", "--x--", "p.jsonl"), '{"type":"session","id":"p"}\n{"type":"message","message":null}\n')
    write(os.path.join(home, ".openclaw", "agents", "main", "sessions", "sessions.json"), '"just a string"')
    write(os.path.join(home, ".qwen", "projects", "-x", "chats", "q.jsonl"), '{"type":"assistant","usageMetadata":"x"}\n')


GENERATORS["broken"] = broken


def midnight(home: str, clock: Clock) -> None:
    """Turns and sessions across day and period edges (C §3.10): a prompt
    at 23:59 whose calls run after midnight, a turn begun before the week
    and ending inside it, a turn running into today, a session whose first
    call predates the 30-day window, a prompt-less first turn."""
    today = clock.now.replace(hour=0, minute=0, second=0, microsecond=0)
    day, minute = dt.timedelta(days=1), dt.timedelta(minutes=1)
    cwd, haiku = "/home/dev/night", "claude-haiku-4-5-20251001"

    def z(t):
        return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")

    def edit(mid, t):
        return _cc_asst(z(t), "n", mid, haiku, {"input_tokens": 100, "output_tokens": 0},
                        [_tool("Edit", "toolu_" + mid, file_path=cwd + "/a.py")], cwd=cwd)

    def prompt(t, text="add a feature"):
        return {"type": "user", "sessionId": "n", "timestamp": z(t), "cwd": cwd,
                "message": {"role": "user", "content": text}}

    slug = os.path.join(home, ".claude", "projects", "-home-dev-night")
    late = today - 3 * day - 10 * minute
    jsonl(os.path.join(slug, "n1.jsonl"), [
        prompt(late, "late night fix"), edit("l1", late + 10.5 * minute), edit("l2", late + 11 * minute),
        prompt(today - 8 * day - 60 * minute), edit("w1", today - 8 * day - 30 * minute), edit("w2", today - 6 * day),
        prompt(today - 10 * minute), edit("y1", today - 5 * minute), edit("t1", today + 1 * minute),
        prompt(today - 2 * day), edit("d1", today - 2 * day + minute), edit("x0", today - 31 * day - 60 * minute)])
    jsonl(os.path.join(slug, "n2.jsonl"), [edit("p1", today - 31 * day), edit("p2", today - 29 * day)])


GENERATORS["midnight"] = midnight


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("home")
    ap.add_argument("--only", default="")
    ap.add_argument("--now")
    a = ap.parse_args(argv)
    now = dt.datetime.fromisoformat(a.now) if a.now else dt.datetime.now(UTC).replace(second=0, microsecond=0)
    now = now.astimezone(UTC) - dt.timedelta(minutes=20 if not a.now else 0)
    clock = Clock(now)
    names = [n for n in a.only.split(",") if n] or [n for n in GENERATORS if n not in ("crush-keyed", "broken")]
    for n in names:
        GENERATORS[n](a.home, clock)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
