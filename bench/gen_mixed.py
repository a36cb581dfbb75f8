"""A mixed fake HOME for parity sweeps: Claude Code, Codex, Gemini CLI, Qwen,
Copilot CLI, Droid and Pi histories, written independently of the test
fixtures (other key orders, optional fields left out, unicode, long prompts,
several sessions per project, timestamps with and without milliseconds or an
offset), spread over the last ~45 days so every period has something in it.

Usage: python bench/gen_mixed.py HOME [--seed N] [--now ISO]

Everything is deterministic for a given seed and `now` (default: six hours
ago, to the minute), so ours and the reference read the same bytes."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random

UTC = dt.timezone.utc


def _dump(rec, compact=True) -> str:
    return json.dumps(rec, separators=(",", ":") if compact else None, ensure_ascii=random.random() < 0.5)


def _jsonl(path: str, records) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write((r if isinstance(r, str) else _dump(r)) + "\n")


def _json(path: str, value, indent=None) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=indent, ensure_ascii=False)


def iso(t: dt.datetime, style: int = 0) -> str:
    """0: ms + Z, 1: no ms + Z, 2: ms + +02:00 offset, 3: micro + Z."""
    t = t.astimezone(UTC)
    if style == 1:
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")
    if style == 2:
        return t.astimezone(dt.timezone(dt.timedelta(hours=2))).isoformat(timespec="milliseconds")
    if style == 3:
        return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


PROMPTS = [
    "fix the failing cart total test", "refactor the auth middleware into smaller pieces",
    "écris un test pour la fonction de paiement — avec des accents ✓", "为什么构建失败了？请检查日志",
    "explain this regex: ^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+)$", "add pagination to the invoices endpoint",
    "debug the flaky integration test in ci", "brainstorm names for the new cli 🚀",
    "deploy the staging build and check the logs", "review my PR and suggest improvements",
    "long: " + "please look at every file in the repository and summarise what it does. " * 40,
]

CLAUDE_MODELS = ["claude-sonnet-4-5-20250929", "claude-opus-4-6", "claude-haiku-4-5-20251001", "claude-opus-4-5"]

TOOLS = [
    ("Bash", lambda r: {"command": r.choice(["npm test && git status", "pytest -q tests/", "git diff --stat | head",
                                             "cargo build --release", "ls -la; cat README.md", "docker compose up -d"]),
                        "description": "run"}),
    ("Read", lambda r: {"file_path": f"/src/m{r.randint(1, 9)}.py"}),
    ("Edit", lambda r: {"file_path": f"/src/m{r.randint(1, 9)}.py", "old_string": "a", "new_string": "b"}),
    ("Write", lambda r: {"file_path": "/src/new.py", "content": "x = 1\n"}),
    ("Grep", lambda r: {"pattern": "TODO"}),
    ("Glob", lambda r: {"pattern": "**/*.ts"}),
    ("WebFetch", lambda r: {"url": "https://example.com"}),
    ("WebSearch", lambda r: {"query": "python asyncio"}),
    ("TodoWrite", lambda r: {"todos": []}),
    ("MultiEdit", lambda r: {"file_path": "/src/x.py", "edits": []}),
    ("mcp__github__create_issue", lambda r: {"title": "bug"}),
    ("mcp__linear__list_issues", lambda r: {}),
    ("mcp__plugin_context7_context7__get-library-docs", lambda r: {"id": "react"}),
    ("Skill", lambda r: {"skill": r.choice(["pdf", "frontend-design", "xlsx"])}),
    ("Task", lambda r: {"subagent_type": r.choice(["Explore", "general-purpose"]), "description": "look", "prompt": "p"}),
    ("Agent", lambda r: {"subagent_type": r.choice(["Plan", "code-reviewer"]), "description": "d", "prompt": "p"}),
    ("NotebookEdit", lambda r: {"notebook_path": "/n.ipynb"}),
    ("ExitPlanMode", lambda r: {"plan": "do it"}),
]


class Claude:
    def __init__(self, home: str, r: random.Random):
        self.home, self.r, self.n = home, r, 0

    def mid(self) -> str:
        self.n += 1
        return f"msg_01{self.n:06d}{self.r.randrange(16**6):06x}"

    def usage(self, model: str) -> dict:
        r = self.r
        u: dict = {"input_tokens": r.randint(1, 900), "output_tokens": r.randint(5, 4000)}
        kind = r.random()
        if kind < 0.5:
            u["cache_read_input_tokens"] = r.randint(0, 90000)
        if kind < 0.3:
            m5, h1 = r.randint(0, 6000), r.choice([0, r.randint(100, 9000)])
            u["cache_creation_input_tokens"] = m5 + h1
            u["cache_creation"] = {"ephemeral_1h_input_tokens": h1, "ephemeral_5m_input_tokens": m5}
        elif kind < 0.4:
            u["cache_creation_input_tokens"] = r.randint(0, 5000)
        if r.random() < 0.1:
            u["server_tool_use"] = {"web_search_requests": r.randint(1, 3), "web_fetch_requests": 0}
        if "opus-4-6" in model and r.random() < 0.3:
            u["speed"] = "fast"
        if r.random() < 0.2:
            u["service_tier"] = "standard"
        # field order varies
        items = list(u.items())
        r.shuffle(items)
        return dict(items)

    def session(self, slug: str, cwd: str, sid: str, start: dt.datetime, turns: int, sidechain_of: str | None = None,
                path: str | None = None, branch: str = "main") -> list[str]:
        r = self.r
        lines = []
        t = start
        base = {"cwd": cwd, "sessionId": sidechain_of or sid, "version": "2.0.31", "gitBranch": branch}
        if sidechain_of:
            base.update({"isSidechain": True, "agentId": sid.removeprefix("agent-")})
        if r.random() < 0.5 and not sidechain_of:
            lines.append({"type": "summary", "summary": "old", "leafUuid": "x"})
        if not sidechain_of and r.random() < 0.5:
            lines.append({"type": "attachment", "sessionId": sid, "timestamp": iso(t),
                          "attachment": {"type": "deferred_tools_delta",
                                         "addedNames": ["Bash", "mcp__github__create_issue", "mcp__sentry__find_errors",
                                                        "mcp__linear__list_issues"]}})
        for turn in range(turns):
            t += dt.timedelta(minutes=r.randint(1, 50), seconds=r.randint(0, 59), milliseconds=r.randint(0, 999))
            style = r.choice([0, 0, 0, 1, 3])
            prompt = r.choice(PROMPTS)
            content = prompt if r.random() < 0.6 else [{"type": "text", "text": prompt}]
            lines.append({**({"parentUuid": None} if r.random() < 0.5 else {}), "type": "user",
                          "message": {"role": "user", "content": content}, "uuid": f"u{turn}",
                          "timestamp": iso(t, style), **base})
            model = r.choice(CLAUDE_MODELS)
            for step in range(r.randint(1, 4)):
                t += dt.timedelta(seconds=r.randint(2, 90), milliseconds=r.randint(0, 999))
                mid = self.mid()
                blocks = []
                ntools = r.choice([0, 1, 1, 2, 3])
                for _ in range(ntools):
                    name, args = r.choice(TOOLS)
                    blocks.append({"type": "tool_use", "id": f"toolu_{r.randrange(16**8):08x}", "name": name,
                                   "input": args(r)})
                usage = self.usage(model)
                msg = {"model": model, "id": mid, "type": "message", "role": "assistant"}
                # streamed: one line per content block, same id; usage on every line, last wins
                pieces = ([{"type": "thinking", "thinking": "hmm", "signature": "s"}] if r.random() < 0.3 else []) + \
                         [{"type": "text", "text": "On it."}] + blocks
                stream = r.random() < 0.6
                chunks = [[b] for b in pieces] if stream else [pieces]
                for i, chunk in enumerate(chunks):
                    u = dict(usage)
                    if i < len(chunks) - 1:
                        u["output_tokens"] = r.randint(1, 10)
                    lines.append({"parentUuid": f"u{turn}", **base, "type": "assistant", "uuid": f"a{mid}{i}",
                                  "timestamp": iso(t + dt.timedelta(milliseconds=40 * i), style),
                                  "message": {**msg, "content": chunk, "stop_reason": None, "usage": u},
                                  "requestId": f"req_{mid}"})
                for b in blocks:
                    res = {"type": "tool_result", "tool_use_id": b["id"], "content": "ok"}
                    if r.random() < 0.1:
                        res["is_error"] = True
                    rec = {"type": "user", "message": {"role": "user", "content": [res]}, **base,
                           "timestamp": iso(t + dt.timedelta(seconds=1), style)}
                    if b["name"] == "Edit" and r.random() < 0.7:
                        rec["toolUseResult"] = {"filePath": b["input"]["file_path"], "structuredPatch": [
                            {"oldStart": 1, "oldLines": 2, "newStart": 1, "newLines": 3,
                             "lines": ["-a", "+b", "+c", " d"]}], "userModified": r.random() < 0.2}
                    lines.append(rec)
        if not sidechain_of and r.random() < 0.4:
            lines.append({"type": "ai-title", "sessionId": sid, "aiTitle": "Título ✓ " + sid[:4]})
        if not sidechain_of and r.random() < 0.3:
            lines.append({"type": "pr-link", "sessionId": sid, "timestamp": iso(t),
                          "prUrl": f"https://github.com/acme/app/pull/{r.randint(1, 999)}"})
        return lines

    def write(self, now: dt.datetime) -> None:
        r = self.r
        projects = [("/home/dev/src/shopfront", 4), ("/home/dev/src/ledger-api", 3),
                    ("/home/dev/Документы/notes app", 2), ("/home/dev/src/infra", 2)]
        root = os.path.join(self.home, ".claude", "projects")
        for cwd, nsess in projects:
            slug = "".join(c if c.isalnum() else "-" for c in cwd)
            for k in range(nsess):
                sid = f"{r.randrange(16**8):08x}-{r.randrange(16**4):04x}-4{r.randrange(16**3):03x}-8aaa-{k:012d}"
                start = now - dt.timedelta(days=r.choice([0, 0, 1, 2, 3, 5, 8, 12, 20, 29, 33, 44]),
                                           hours=r.randint(0, 11), minutes=r.randint(0, 59))
                lines = self.session(slug, cwd, sid, start, r.randint(2, 6))
                _jsonl(os.path.join(root, slug, f"{sid}.jsonl"), lines)
                if r.random() < 0.6:
                    aid = f"a{r.randrange(16**6):06x}"
                    sub = self.session(slug, cwd, f"agent-{aid}", start + dt.timedelta(minutes=3), r.randint(1, 3),
                                       sidechain_of=sid)
                    d = os.path.join(root, slug, sid, "subagents")
                    _jsonl(os.path.join(d, f"agent-{aid}.jsonl"), sub)
                    if r.random() < 0.7:
                        _json(os.path.join(d, f"agent-{aid}.meta.json"),
                              {"agentType": r.choice(["Explore", "general-purpose", "code-reviewer"])})
                if k == 0 and r.random() < 0.7:
                    # a resumed session copying the first lines of this one
                    sid2 = sid[:-4] + "beef"
                    copied = [ln for ln in lines if ln.get("type") == "assistant"][:3]
                    more = self.session(slug, cwd, sid2, start + dt.timedelta(hours=5), 2)
                    _jsonl(os.path.join(root, slug, f"{sid2}.jsonl"), copied + more)


class Codex:
    def __init__(self, home: str, r: random.Random):
        self.home, self.r = home, r

    def rollout(self, start: dt.datetime, cwd: str | None, model: str, fork_of: str | None = None,
                tasks: int = 3) -> tuple[str, list]:
        r = self.r
        uid = f"019{r.randrange(16**5):05x}-{r.randrange(16**4):04x}-7{r.randrange(16**3):03x}-9abc-{r.randrange(16**12):012x}"
        meta = {"id": uid, "timestamp": iso(start), "originator": r.choice(["codex_cli_rs", "codex_vscode", "Codex Desktop"]),
                "cli_version": "0.63.0", "instructions": None,
                "base_instructions": {"text": "You are Codex. model: gpt-4o " + "x" * 3000}}
        if cwd:
            meta["cwd"] = cwd
        if fork_of:
            meta["forked_from_id"] = fork_of
        if r.random() < 0.5:
            meta["model_provider"] = "openai"
        lines = [{"timestamp": iso(start), "type": "session_meta", "payload": meta}]
        t = start
        tot = {"input_tokens": 0, "cached_input_tokens": 0, "output_tokens": 0, "reasoning_output_tokens": 0,
               "total_tokens": 0}

        def ev(kind, payload, dt_s=1.0):
            nonlocal t
            t += dt.timedelta(seconds=dt_s, milliseconds=r.randint(0, 999))
            lines.append({"timestamp": iso(t), "type": kind, "payload": payload})

        if fork_of:
            # replayed parent history, stamped within 5 s of the fork's start
            ev("event_msg", {"type": "token_count", "info": {"total_token_usage": dict(tot, input_tokens=500, total_tokens=520),
                                                            "last_token_usage": {"input_tokens": 500, "output_tokens": 20,
                                                                                 "total_tokens": 520}}}, 0.5)
        for task in range(tasks):
            ev("event_msg", {"type": "task_started", "turn_id": f"t{task}", "model_context_window": 272000}, r.randint(30, 900))
            ev("turn_context", {"cwd": cwd or "/", "approval_policy": "never", "model": model, "effort": "high",
                                "summary": "auto"}, 0.1)
            prompt = r.choice(PROMPTS)
            ev("response_item", {"type": "message", "role": "user", "content": [{"type": "input_text", "text": prompt}]})
            ev("event_msg", {"type": "user_message", "message": prompt, "images": []}, 0.01)
            for step in range(r.randint(1, 3)):
                kind = r.random()
                cid = f"call_{r.randrange(16**8):08x}"
                if kind < 0.3:
                    cmd = r.choice(["rg -n TODO src", "pytest -x", "git log --oneline | head -5", "npm run build"])
                    args = {"cmd": cmd} if r.random() < 0.5 else {"command": ["bash", "-lc", cmd]}
                    ev("response_item", {"type": "function_call", "name": r.choice(["exec_command", "shell"]),
                                         "arguments": json.dumps(args), "call_id": cid})
                    ev("response_item", {"type": "function_call_output", "call_id": cid, "output": "ok"})
                elif kind < 0.5:
                    ev("response_item", {"type": "custom_tool_call", "status": "completed", "call_id": cid,
                                         "name": "apply_patch", "input": "*** Begin Patch\n*** End Patch"})
                    ev("event_msg", {"type": "patch_apply_end", "call_id": cid, "success": r.random() < 0.8,
                                     "changes": {f"{cwd}/src/a.py": {"type": "update",
                                                                   "unified_diff": "@@ -1 +1,2 @@\n-a\n+b\n+c\n"}}})
                elif kind < 0.6:
                    ev("event_msg", {"type": "mcp_tool_call_end", "call_id": cid,
                                     "invocation": {"server": "github", "tool": "search_issues", "arguments": {}},
                                     "duration": {"secs": 0, "nanos": 5000000}, "result": {"Ok": {"content": []}}})
                elif kind < 0.7:
                    ev("response_item", {"type": "function_call", "name": "read_file",
                                         "arguments": {"path": "/x/SKILL.md"}, "call_id": cid})
                ev("response_item", {"type": "message", "role": "assistant",
                                     "content": [{"type": "output_text", "text": "done " * r.randint(1, 30)}]})
                last = {"input_tokens": r.randint(2000, 60000), "output_tokens": r.randint(10, 3000)}
                last["cached_input_tokens"] = r.randint(0, last["input_tokens"])
                last["reasoning_output_tokens"] = r.randint(0, last["output_tokens"])
                last["total_tokens"] = last["input_tokens"] + last["output_tokens"]
                for k in tot:
                    tot[k] += last[k]
                shape = r.random()
                info: dict = {"model_context_window": 272000}
                if shape < 0.7:
                    info.update(total_token_usage=dict(tot), last_token_usage=last)
                elif shape < 0.9:
                    info.update(total_token_usage=dict(tot))
                else:
                    info.update(last_token_usage=last)
                ev("event_msg", {"type": "token_count", "info": info,
                                 "rate_limits": {"primary": {"used_percent": 4.0, "window_minutes": 300}}})
                if r.random() < 0.3:  # duplicate emission
                    ev("event_msg", {"type": "token_count", "info": info}, 0.01)
                if r.random() < 0.2:
                    ev("event_msg", {"type": "token_count", "info": None, "rate_limits": {}}, 0.01)
            ev("event_msg", {"type": "task_complete", "turn_id": f"t{task}", "last_agent_message": "ok",
                             **({"duration_ms": r.randint(1000, 90000)} if r.random() < 0.5 else {})})
        return uid, lines

    def write(self, now: dt.datetime) -> None:
        r = self.r
        home = os.path.join(self.home, ".codex")
        parent = None
        for i in range(7):
            start = now - dt.timedelta(days=r.choice([0, 1, 2, 4, 6, 9, 15, 27, 31, 40]), hours=r.randint(0, 10))
            cwd = r.choice(["/home/dev/src/ledger-api", "/home/dev/work/ünïcode-proj", None, "/home/dev/src/infra"])
            model = r.choice(["gpt-5-codex", "gpt-5.1-codex", "gpt-5", "gpt-5.1-codex-max", "gpt-5-mini"])
            fork = parent if (i == 5 and parent) else None
            uid, lines = self.rollout(start, cwd, model, fork_of=fork, tasks=r.randint(1, 4))
            parent = parent or uid
            name = f"rollout-{start.strftime('%Y-%m-%dT%H-%M-%S')}-{uid}.jsonl"
            if i == 3:
                path = os.path.join(home, "archived_sessions", name)
            else:
                path = os.path.join(home, "sessions", start.strftime("%Y"), start.strftime("%m"), start.strftime("%d"), name)
            _jsonl(path, lines)


def gemini(home: str, r: random.Random, now: dt.datetime) -> None:
    for n, proj in enumerate(["webshop", "0f3c9a1b2d4e5f60"]):
        sid = f"{n}aaa{r.randrange(16**4):04x}-0000-4000-8000-000000000001"
        start = now - dt.timedelta(days=r.choice([0, 3, 10]), hours=2)
        msgs = []
        t = start
        for k in range(4):
            t += dt.timedelta(minutes=3)
            msgs.append({"type": "user", "id": f"u{k}", "timestamp": iso(t), "content": r.choice(PROMPTS)})
            tok = {"input": r.randint(3000, 40000), "output": r.randint(10, 900)}
            tok["cached"] = r.randint(0, tok["input"])
            if r.random() < 0.6:
                tok["thoughts"] = r.randint(0, 300)
            msgs.append({"type": "gemini", "id": f"g{k}", "timestamp": iso(t + dt.timedelta(seconds=8), r.choice([0, 1])),
                         "model": r.choice(["gemini-2.5-pro", "gemini-2.5-flash", "gemini-3-pro-preview"]),
                         "content": "ok", "tokens": tok,
                         "toolCalls": [{"name": "run_shell_command", "displayName": "Shell",
                                        "args": {"command": "make test"}, "id": f"c{k}"},
                                       {"name": "read_many_files", "id": f"d{k}", "args": {}}][: r.randint(0, 2)]})
        d = os.path.join(home, ".gemini", "tmp", proj, "chats")
        if n == 0:
            _jsonl(os.path.join(d, f"session-{start.strftime('%Y-%m-%dT%H-%M')}-{sid[:8]}.jsonl"),
                   [{"sessionId": sid, "startTime": iso(start), "projectHash": "ab", "lastUpdated": iso(t)}]
                   + [m if i % 3 else m for i, m in enumerate(msgs)] + [{"$set": {"lastUpdated": iso(t)}}])
        else:
            _json(os.path.join(d, f"session-{start.strftime('%Y-%m-%dT%H-%M')}-{sid[:8]}.json"),
                  {"messages": msgs, "sessionId": sid, "startTime": iso(start), "lastUpdated": iso(t)}, indent=2)


def qwen(home: str, r: random.Random, now: dt.datetime) -> None:
    cwd = "/home/dev/qwen-app"
    sid = "q1b2c3d4-0000-4000-8000-00000000abcd"
    t = now - dt.timedelta(days=1, hours=3)
    lines = []
    for k in range(3):
        t += dt.timedelta(minutes=4)
        lines.append({"type": "user", "timestamp": iso(t), "sessionId": sid, "uuid": f"qu{k}", "cwd": cwd,
                      "message": {"parts": [{"text": r.choice(PROMPTS)}], "role": "user"}})
        for s in range(2):
            u = {"candidatesTokenCount": r.randint(5, 500), "promptTokenCount": r.randint(1000, 20000)}
            if r.random() < 0.5:
                u["cachedContentTokenCount"] = r.randint(0, 900)
            lines.append({"uuid": f"qa{k}{s}", "sessionId": sid, "timestamp": iso(t + dt.timedelta(seconds=5 + s), 1),
                          "type": "assistant", "cwd": cwd, "model": "qwen3-coder-plus", "usageMetadata": u,
                          "message": {"role": "model", "parts": [
                              {"functionCall": {"name": "run_shell_command", "args": {"command": "ls"}}}]}})
    _jsonl(os.path.join(home, ".qwen", "projects", "-home-dev-qwen-app", "chats", f"{sid}.jsonl"), lines)


def copilot(home: str, r: random.Random, now: dt.datetime) -> None:
    sid = "c0p1l0t0-aaaa-bbbb-cccc-000000000001"
    d = os.path.join(home, ".copilot", "session-state", sid)
    t = now - dt.timedelta(days=2, hours=1)
    ev = [{"type": "session.start", "timestamp": iso(t),
           "data": {"selectedModel": "gpt-5", "sessionId": sid, "startTime": iso(t)}}]
    for k in range(3):
        t += dt.timedelta(minutes=2)
        ev.append({"type": "user.message", "timestamp": iso(t), "data": {"content": r.choice(PROMPTS)}})
        ev.append({"type": "assistant.message", "timestamp": iso(t + dt.timedelta(seconds=4)), "data": {
            "messageId": f"m{k}", "outputTokens": r.randint(10, 500),
            "toolRequests": [{"toolCallId": f"c{k}", "name": "bash", "arguments": {"command": "npm test"}}]}})
    ev.append({"type": "session.shutdown", "timestamp": iso(t + dt.timedelta(minutes=1)), "data": {
        "sessionStartTime": int((now - dt.timedelta(days=2, hours=1)).timestamp() * 1000),
        "modelMetrics": {"gpt-5": {"usage": {"inputTokens": 40000, "outputTokens": 800, "cacheReadTokens": 20000,
                                             "cacheWriteTokens": 0, "reasoningTokens": 12}}}}})
    _jsonl(os.path.join(d, "events.jsonl"), ev)
    with open(os.path.join(d, "workspace.yaml"), "w") as f:
        f.write(f"id: {sid}\ncwd: \"/home/dev/copilot-proj\"  # where\n")


def droid(home: str, r: random.Random, now: dt.datetime) -> None:
    sid = "dr01d000-1111-2222-3333-000000000001"
    d = os.path.join(home, ".factory", "sessions", "-home-dev-projects-droid-app")
    t = now - dt.timedelta(days=4)
    lines = [{"type": "session_start", "id": sid, "cwd": "/home/dev/projects/droid-app", "title": "t"}]
    for k in range(3):
        t += dt.timedelta(minutes=3)
        lines.append({"type": "message", "id": f"u{k}", "timestamp": iso(t),
                      "message": {"role": "user", "content": [{"type": "text", "text": r.choice(PROMPTS)}]}})
        lines.append({"type": "message", "id": f"a{k}", "timestamp": iso(t + dt.timedelta(seconds=3)),
                      "message": {"role": "assistant", "content": [
                          {"type": "tool_use", "id": f"t{k}", "name": "Execute", "input": {"command": "make\nls"}},
                          {"type": "text", "text": "ok"}]}})
    _jsonl(os.path.join(d, f"{sid}.jsonl"), lines)
    _json(os.path.join(d, f"{sid}.settings.json"), {"model": "custom:claude-sonnet-4-5-[Proxy]-0", "tokenUsage": {
        "inputTokens": 30001, "outputTokens": 2002, "cacheCreationTokens": 700, "cacheReadTokens": 9000,
        "thinkingTokens": 50}})


def pi(home: str, r: random.Random, now: dt.datetime) -> None:
    for tool, root in (("pi", ".pi"), ("omp", ".omp")):
        d = os.path.join(home, root, "agent", "sessions", "--home-dev-pi-app--")
        t = now - dt.timedelta(days=r.choice([0, 6]), hours=1)
        lines = [{"type": "session", "id": f"{tool}-s1", "timestamp": iso(t), "cwd": "/home/dev/pi-app", "version": 3}]
        for k in range(3):
            t += dt.timedelta(minutes=2)
            lines.append({"type": "message", "id": f"u{k}", "timestamp": iso(t),
                          "message": {"role": "user", "content": r.choice(PROMPTS)}})
            lines.append({"type": "message", "id": f"a{k}", "timestamp": iso(t + dt.timedelta(seconds=5)),
                          "message": {"role": "assistant", "model": "claude-sonnet-4-5", "responseId": f"resp-{tool}-{k}",
                                      "content": [{"type": "toolCall", "id": f"c{k}", "name": "bash",
                                                   "arguments": {"command": "ls -la"}}],
                                      "usage": {"input": r.randint(100, 3000), "output": r.randint(10, 300),
                                                "cacheRead": r.randint(0, 5000)}}})
        _jsonl(os.path.join(d, f"2026_{tool}.jsonl"), lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("home")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--now")
    a = ap.parse_args()
    # six hours back: a session started "now" runs a few hours on, and no
    # call may be stamped after the moment the tools are run
    now = dt.datetime.fromisoformat(a.now) if a.now else \
        (dt.datetime.now(UTC) - dt.timedelta(hours=6)).replace(second=0, microsecond=0)
    random.seed(a.seed)
    r = random.Random(a.seed)
    Claude(a.home, r).write(now)
    Codex(a.home, r).write(now)
    for f in (gemini, qwen, copilot, droid, pi):
        f(a.home, r, now)


if __name__ == "__main__":
    main()
