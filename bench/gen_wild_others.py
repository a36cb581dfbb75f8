"""Histories of the non-Claude, non-Codex tools in the shapes the real tools
write, varied widely, written from the spec (providers.md, errata.md) alone:
an independent check on the readers that bench/gen_mixed.py and
bench/gen_shapes.py do not already pin down.

Usage: python bench/gen_wild_others.py HOME [--seed N] [--only gemini,crush,...]

Every value is drawn from one seeded generator, so a seed names a history.
Times fall in the last ~40 days (a few today) so every period has rows."""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sqlite3
import uuid
from datetime import datetime, timedelta, timezone

NOW = datetime.now(timezone.utc).replace(microsecond=0)

# Models: priced ones, aliases, and names no price table knows.
MODELS = ["claude-sonnet-4-5", "claude-opus-4-6", "gpt-5", "gpt-5-mini", "gemini-2.5-pro", "gemini-2.5-flash",
          "qwen3-coder-plus", "kimi-k2-thinking", "devstral-medium", "zz-unknown-model-9", "mystery/llm-x"]
PROMPTS = ["fix the failing login test", "refactor the auth module into smaller files", "why is the build red?",
           "add a /health endpoint", "write docs for the CLI flags", "explain this stack trace",
           "debug the flaky upload — it times out", "implement retry with backoff", "déployer la branche ✨",
           "重构数据库层", "run the tests and commit", "review this PR for security issues", "\"quoted\" \\ back\\slash\ttab"]
SHELL = ["npm test && git diff --stat", "git status; git log --oneline -5", "FOO=1 sudo make install | tee log",
         "cd src && pytest -q", "python -m mypy .", "ls -la | grep x", "cargo build --release"]


class G:
    """Seeded drawing helpers shared by the writers."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.n = 0

    def pick(self, seq):
        return self.r.choice(seq)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def uid(self) -> str:
        return str(uuid.UUID(int=self.r.getrandbits(128), version=4))

    def hexid(self, n: int = 12) -> str:
        return "".join(self.r.choice("0123456789abcdef") for _ in range(n))

    def when(self, within_days: int = 40) -> datetime:
        """A session start in the last `within_days` days; one in six is 2-5 hours
        ago, so today has rows while every later step of it is still in the past."""
        if self.chance(1 / 6):
            return NOW - timedelta(seconds=self.r.randint(2 * 3600, 5 * 3600))
        return NOW - timedelta(seconds=self.r.randint(5 * 3600, within_days * 86400))

    def tok(self, hi: int = 20000) -> int:
        return 0 if self.chance(0.08) else self.r.randint(1, hi)

    def num(self, n: int):
        """A count as JSON writes it: mostly an int, sometimes the same as a
        float (`1200.0`, as Python-written logs can hold)."""
        return float(n) if self.chance(0.15) else n

    def iso(self, t: datetime) -> str:
        """ISO in the spellings the tools write: ms + Z, whole seconds + Z, or +00:00."""
        k = self.r.randint(0, 3)
        if k == 0:
            return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{self.r.randint(0, 999):03d}Z"
        if k == 1:
            return t.strftime("%Y-%m-%dT%H:%M:%SZ")
        if k == 2:
            return t.strftime("%Y-%m-%dT%H:%M:%S.%f") + "+00:00"
        return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")

    def dumps(self, obj) -> str:
        """JSON with shuffled key order and, sometimes, ASCII escapes for unicode."""
        return json.dumps(self.shuffled(obj), ensure_ascii=self.chance(0.5))

    def shuffled(self, obj):
        if isinstance(obj, dict):
            items = list(obj.items())
            if self.chance(0.5):
                self.r.shuffle(items)
            return {k: self.shuffled(v) for k, v in items}
        if isinstance(obj, list):
            return [self.shuffled(v) for v in obj]
        return obj

    def prompt(self) -> str:
        return self.pick(PROMPTS)


def ms(t: datetime) -> int:
    return int(t.timestamp() * 1000)


def write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def jsonl(g: G, path: str, rows: list, junk: bool = True) -> None:
    """Rows as JSONL; now and then a torn or non-JSON line among them."""
    lines = [r if isinstance(r, str) else g.dumps(r) for r in rows]
    if junk and lines and g.chance(0.3):
        lines.insert(g.r.randint(0, len(lines)), g.pick(["{\"type\":\"message\",\"id\":", "not json", "{}"]))
    write(path, "\n".join(lines) + ("\n" if g.chance(0.8) else ""))


# ---------------------------------------------------------------- Gemini §1.3

GEMINI_TOOLS = [("read_file", "ReadFile"), ("run_shell_command", "Shell"), ("replace", "Edit"), ("write_file", None),
                ("glob", None), ("list_dir", None), ("grep_search", None), ("web_search", None), ("run_command", None),
                ("read_many_files", None), ("edit_file", "EditFile"), ("search_files", "SearchText")]


def gemini_message(g: G, t: datetime, idx: int):
    tc = []
    for _ in range(g.r.randint(0, 3)):
        name, disp = g.pick(GEMINI_TOOLS)
        call = {"id": f"{name}-{g.hexid(6)}", "name": name, "args": {"command": g.pick(SHELL)} if "sh" in name or
                "command" in name else {"absolute_path": "/home/dev/app/x.py"}, "status": "success"}
        if disp:
            call["displayName"] = disp
        tc.append(call)
    tokens = {"input": g.tok(), "output": g.tok(3000), "cached": 0, "thoughts": g.tok(800) if g.chance(0.5) else 0}
    tokens["cached"] = g.r.randint(0, tokens["input"]) if g.chance(0.6) else 0
    tokens["total"] = sum(tokens.values())
    if g.chance(0.1):
        tokens = {"input": 0, "output": 0, "cached": 0, "thoughts": 0}
    m = {"type": "gemini", "timestamp": g.iso(t), "content": "ok", "model": g.pick(MODELS[4:6] + MODELS[9:]),
         "tokens": tokens}
    if g.chance(0.85):
        m["id"] = f"g-{idx}-{g.hexid(4)}"
    if tc:
        m["toolCalls"] = tc
    if g.chance(0.05):
        del m["model"]
    if g.chance(0.05):
        del m["timestamp"]
    return m


def gen_gemini(g: G, home: str) -> None:
    for p in range(g.r.randint(1, 3)):
        pdir = g.pick([g.hexid(40), "my-app", "app-ünï", "proj.dotted"]) + (str(p) if p else "")
        for s in range(g.r.randint(1, 3)):
            sid, t = g.uid(), g.when()
            msgs = []
            for i in range(g.r.randint(0, 5)):
                t += timedelta(seconds=g.r.randint(5, 600))
                if g.chance(0.7):
                    content = g.prompt() if g.chance(0.5) else [{"text": g.prompt()}, {"text": "more"}]
                    msgs.append({"id": f"u-{i}", "type": "user", "timestamp": g.iso(t), "content": content})
                msgs.append(gemini_message(g, t + timedelta(seconds=3), i))
                if g.chance(0.2):
                    msgs.append({"id": f"i-{i}", "type": "info", "timestamp": g.iso(t), "content": "Request cancelled."})
            head = {"sessionId": sid, "projectHash": g.hexid(40), "startTime": g.iso(t - timedelta(minutes=5)),
                    "lastUpdated": g.iso(t), "kind": "main"}
            base = os.path.join(home, ".gemini", "tmp", pdir, "chats", f"session-{t:%Y-%m-%dT%H-%M}-{sid[:8]}")
            if g.chance(0.5):
                write(base + ".json", g.dumps(dict(head, messages=msgs)))
            else:
                rows = [head] + msgs
                if g.chance(0.5):
                    rows.insert(len(rows) // 2 + 1, {"$set": {"lastUpdated": g.iso(t)}})
                jsonl(g, base + ".jsonl", rows)


# ---------------------------------------------------------------- Qwen §1.5

QWEN_TOOLS = ["read_file", "write_to_file", "edit_file", "execute_command", "search_files", "list_files",
              "run_shell_command", "replace", "glob", "web_search", "browser_action", "attempt_completion"]


def gen_qwen(g: G, home: str) -> None:
    for p in range(g.r.randint(1, 3)):
        pdir = g.pick(["-home-dev-my-app", "-Users-me-src-api", "-home-dev-data_pipe", "-tmp-x-ünï"]) + str(p)
        for s in range(g.r.randint(1, 2)):
            sid, t, rows, parent = g.uid(), g.when(), [], None
            for i in range(g.r.randint(0, 6)):
                t += timedelta(seconds=g.r.randint(5, 900))
                if g.chance(0.6):
                    u = f"qu-{s}-{i}"
                    parts = [{"text": g.prompt()}] + ([{"text": "hidden", "thought": True}] if g.chance(0.3) else [])
                    rows.append({"uuid": u, "parentUuid": parent, "sessionId": sid, "timestamp": g.iso(t),
                                 "type": "user", "cwd": "/home/dev/my-app", "message": {"role": "user", "parts": parts}})
                    parent = u
                a = f"qa-{s}-{i}"
                parts = [{"text": "thinking", "thought": True}] if g.chance(0.4) else []
                for _ in range(g.r.randint(0, 2)):
                    name = g.pick(QWEN_TOOLS)
                    parts.append({"functionCall": {"id": g.hexid(6), "name": name, "args": {"command": g.pick(SHELL)}}})
                rec = {"uuid": a, "parentUuid": parent, "sessionId": sid, "timestamp": g.iso(t + timedelta(seconds=4)),
                       "type": "assistant", "cwd": "/home/dev/my-app", "model": g.pick(MODELS[6:7] + MODELS[9:]),
                       "message": {"role": "model", "parts": parts}}
                if g.chance(0.9):
                    pt = g.tok()
                    rec["usageMetadata"] = {"promptTokenCount": g.num(pt), "candidatesTokenCount": g.tok(2000),
                                            "thoughtsTokenCount": g.tok(300) if g.chance(0.5) else 0,
                                            "cachedContentTokenCount": g.r.randint(0, pt)}
                    if g.chance(0.2):
                        del rec["usageMetadata"]["cachedContentTokenCount"]
                if g.chance(0.1):
                    del rec["model"]
                rows.append(rec)
                parent = a
                if g.chance(0.3):
                    rows.append({"uuid": f"qt-{s}-{i}", "parentUuid": a, "sessionId": sid, "timestamp": g.iso(t),
                                 "type": "tool_result", "message": {"role": "user", "parts": [
                                     {"functionResponse": {"id": "x", "name": "execute_command", "response": {}}}]}})
            jsonl(g, os.path.join(home, ".qwen", "projects", pdir, "chats", f"{sid}.jsonl"), rows)


# ---------------------------------------------------------------- Copilot §1.4, §2.5, §2.6

COPILOT_TOOLS = ["bash", "view", "edit", "create", "read_file", "run_in_terminal", "github-mcp-server-list_issues",
                 "grep_search", "fetch_webpage", "skill", "get_errors", "web_search", "my-srv_do_thing", "insert_edit_into_file"]


def copilot_requests(g: G, prefix: str) -> list:
    out = []
    for _ in range(g.r.randint(0, 3)):
        name = g.pick(COPILOT_TOOLS)
        args = {"command": g.pick(SHELL)} if name in ("bash", "run_in_terminal") else (
            {"skill": "pdf"} if name == "skill" else {"path": "src/a.ts"})
        key = "name" if g.chance(0.8) else "toolName"
        out.append({"toolCallId": prefix + g.hexid(8), key: name, "type": "function", "arguments": args})
    return out


def copilot_events(g: G, sid: str, t: datetime, with_tokens: bool) -> list:
    model = g.pick(["gpt-5", "claude-sonnet-4.5", "claude-sonnet-4-5", "zz-unknown-model-9"])
    ev = [{"type": "session.start", "id": g.uid(), "timestamp": g.iso(t),
           "data": {"sessionId": sid, "version": 1, "producer": "copilot-agent", "startTime": g.iso(t),
                    **({"selectedModel": model} if with_tokens and g.chance(0.8) else {})}}]
    prefix = g.pick(["call_", "toolu_", "toolu_vrtx_", "tooluse_"])
    metrics = {}
    for i in range(g.r.randint(0, 5)):
        t += timedelta(seconds=g.r.randint(10, 900))
        if g.chance(0.2):
            newm = g.pick(["gpt-5-mini", "claude-opus-4.6", "gpt-5"])
            ev.append({"type": "session.model_change", "timestamp": g.iso(t), "data": {"newModel": newm, "previousModel": model}})
            model = newm
        ev.append({"type": "user.message", "timestamp": g.iso(t), "data": {"content": g.prompt(), "attachments": []}})
        if g.chance(0.2):
            ev.append({"type": "subagent.started", "timestamp": g.iso(t), "data": {"agentName": "explore", "toolCallId": "sub1"}})
        data = {"messageId": f"msg-{i}-{g.hexid(4)}", "content": "ok", "toolRequests": copilot_requests(g, prefix)}
        if with_tokens:
            data["outputTokens"] = g.tok(900)
            if g.chance(0.4):
                data["model"] = model
        elif g.chance(0.2):
            data["model"] = "gpt-5"
        ev.append({"type": "assistant.message", "timestamp": g.iso(t + timedelta(seconds=5)), "data": data})
        if g.chance(0.15):
            ev.append(dict(ev[-1]))  # a copied message: same id
        if ev[-1]["type"] == "assistant.message" and g.chance(0.2):
            ev.append({"type": "subagent.completed", "timestamp": g.iso(t), "data": {"agentName": "explore", "toolCallId": "sub1"}})
        m = metrics.setdefault(model, {"inputTokens": 0, "outputTokens": 0, "cacheReadTokens": 0,
                                       "cacheWriteTokens": 0, "reasoningTokens": 0})
        cr, cw = g.tok(5000), g.tok(2000)
        m["inputTokens"] += cr + cw + g.tok(3000)
        m["cacheReadTokens"] += cr
        m["cacheWriteTokens"] += cw
        m["outputTokens"] += data.get("outputTokens", 0)
    if not with_tokens:
        for e in ev:
            if g.chance(0.5):
                e.pop("timestamp", None)
        return ev
    if g.chance(0.3):
        ev.append({"type": "session.compaction_complete", "timestamp": g.iso(t), "data": {"success": True}})
    if metrics and g.chance(0.7):
        t += timedelta(seconds=30)
        ev.append({"type": "session.shutdown", "timestamp": g.iso(t),
                   "data": {"shutdownType": "routine", "sessionStartTime": ms(t - timedelta(hours=1)),
                            "modelMetrics": {k: {"requests": {"count": 1, "cost": 1}, "usage": v}
                                             for k, v in metrics.items()}}})
    return ev


def workspace_storage(home: str) -> str:
    return os.path.join(home, ".config", "Code", "User", "workspaceStorage")


def gen_copilot(g: G, home: str) -> None:
    state = os.path.join(home, ".copilot", "session-state")
    sids = []
    for _ in range(g.r.randint(1, 4)):
        sid, t = g.uid(), g.when()
        sids.append(sid)
        jsonl(g, os.path.join(state, sid, "events.jsonl"), copilot_events(g, sid, t, True))
        if g.chance(0.8):
            cwd = g.pick(["/home/dev/webapp", "'/home/dev/quoted app'", "/home/dev/ünï  # a comment", "\"/srv/x\""])
            write(os.path.join(state, sid, "workspace.yaml"), f"id: {sid}\ncwd: {cwd}\nsummary: x\n")
    ws = workspace_storage(home)
    otel = g.chance(0.5)
    for h in range(g.r.randint(1, 2)):
        hsh = g.hexid(32)
        if g.chance(0.8):
            write(os.path.join(ws, hsh, "workspace.json"), json.dumps({"folder": f"file:///home/dev/proj{h}"}))
        for _ in range(g.r.randint(1, 2)):
            sid = g.uid()
            jsonl(g, os.path.join(ws, hsh, "GitHub.copilot-chat", "transcripts", f"{sid}.jsonl"),
                  copilot_events(g, sid, g.when(), False))
        if h == 1 or g.chance(0.3):
            chat_session(g, os.path.join(ws, hsh, "chatSessions", f"{g.uid()}.jsonl"))
    if g.chance(0.5):
        chat_session(g, os.path.join(home, ".config", "Code", "User", "globalStorage", "emptyWindowChatSessions",
                                     f"{g.uid()}.jsonl"))
    if g.chance(0.7):
        session_store(g, os.path.join(home, ".copilot", "session-store.db"), sids)
    if otel:
        agent_traces(g, os.path.join(home, ".config", "Code", "User", "globalStorage", "github.copilot-chat",
                                     "agent-traces.db"))


def chat_session(g: G, path: str) -> None:
    t = g.when()
    rows = [{"kind": 0, "v": {"version": 3, "creationDate": ms(t), "sessionId": g.uid() if g.chance(0.7) else None,
                              "requests": []}}]
    if rows[0]["v"]["sessionId"] is None:
        del rows[0]["v"]["sessionId"]
    for i in range(g.r.randint(0, 4)):
        t += timedelta(minutes=g.r.randint(1, 30))
        req = {"message": {"text": g.prompt()}, "result": {"metadata": {
            "promptTokens": g.tok(), "outputTokens": g.tok(800),
            "toolCallRounds": [{"toolCalls": [{"name": g.pick(COPILOT_TOOLS)}, g.pick(["readFile", "runInTerminal"])]}]}}}
        if g.chance(0.8):
            req["requestId"] = f"request_{g.hexid(8)}"
        if g.chance(0.8):
            req["timestamp"] = ms(t) if g.chance(0.7) else g.iso(t)
        md = req["result"]["metadata"]
        if g.chance(0.5):
            md["resolvedModel"] = g.pick(["claude-sonnet-4-6", "gpt-5", "zz-unknown-model-9"])
        else:
            req["modelId"] = g.pick(["copilot/claude-sonnet-4.6", "copilot/gpt-5-mini", "gpt-4.1"])
        if g.chance(0.3):
            del md["outputTokens"]
            req["completionTokens"] = g.tok(500)
        rows.append({"kind": 2, "k": ["requests"], "v": [req]})
        if g.chance(0.3):
            rows.append({"kind": 1, "k": ["requests", i, "result", "metadata", "outputTokens"], "v": g.tok(900)})
    jsonl(g, path, rows)


def session_store(g: G, path: str, sids: list) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE sessions (id TEXT PRIMARY KEY, cwd TEXT, repository TEXT, created_at TEXT)")
    wide = g.chance(0.6)
    db.execute("CREATE TABLE assistant_usage_events (id INTEGER PRIMARY KEY, session_id TEXT, model TEXT, "
               "input_tokens INTEGER, cache_read_tokens INTEGER, cache_write_tokens INTEGER, reasoning_tokens INTEGER,"
               " created_at TEXT" + (", total_nano_aiu INTEGER, request_multiplier REAL, initiator TEXT, "
                                      "output_tokens INTEGER" if wide else "") + ")")
    for sid in sids + [g.uid()]:
        t = g.when()
        db.execute("INSERT INTO sessions VALUES (?,?,?,?)", (sid, g.pick(["/home/dev/api", None]),
                   g.pick(["acme/web.git", None]), t.strftime("%Y-%m-%d %H:%M:%S")))
        for _ in range(g.r.randint(0, 4)):
            t += timedelta(minutes=g.r.randint(1, 20))
            cr, cw = g.tok(4000), g.tok(1000)
            row = [sid, g.pick(["gpt-5", "claude-sonnet-4.5", "", "zz-unknown-model-9"]), cr + cw + g.tok(2000), cr, cw,
                   g.tok(100), g.pick([t.strftime("%Y-%m-%d %H:%M:%S"), t.strftime("%Y-%m-%d %H:%M:%S.123"), None])]
            if wide:
                row += [g.r.randint(0, 10 ** 9), 1.0, g.pick(["user", "compaction", None]), g.tok(500)]
            db.execute(f"INSERT INTO assistant_usage_events (session_id, model, input_tokens, cache_read_tokens, "
                       f"cache_write_tokens, reasoning_tokens, created_at{', total_nano_aiu, request_multiplier, initiator, output_tokens' if wide else ''}) "
                       f"VALUES ({','.join('?' * len(row))})", row)
    db.commit()
    db.close()


def agent_traces(g: G, path: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE spans (span_id TEXT PRIMARY KEY, trace_id TEXT, operation_name TEXT, start_time_ms INTEGER,"
               " response_model TEXT)")
    db.execute("CREATE TABLE span_attributes (id INTEGER PRIMARY KEY, span_id TEXT, key TEXT, value TEXT)")

    def span(trace, op, t, attrs, model=None):
        sp = g.hexid(16)
        db.execute("INSERT INTO spans VALUES (?,?,?,?,?)", (sp, trace, op, t, model))
        for k, v in attrs.items():
            db.execute("INSERT INTO span_attributes (span_id, key, value) VALUES (?,?,?)", (sp, k, str(v)))

    for _ in range(g.r.randint(1, 3)):
        conv = g.uid()
        repo = g.pick(["https://github.com/acme/web.git", "acme/api", None])
        for turn in range(g.r.randint(1, 3)):
            trace, t = g.hexid(32), g.when()
            # ms or s (the spec also reads ns, but 0.9.20 drops the whole store
            # on an integer past 2^53: README, known differences)
            stamp = g.pick([ms(t), ms(t) // 1000])
            base = {"gen_ai.conversation.id": conv, "github.copilot.chat.turn.id": f"turn-{turn}"}
            if repo:
                base["github.copilot.git.repository"] = repo
            attrs = dict(base, **{"gen_ai.usage.input_tokens": g.tok(), "gen_ai.usage.output_tokens": g.tok(900)})
            if g.chance(0.6):
                attrs["gen_ai.usage.cache_read.input_tokens"] = g.tok(5000)
            if g.chance(0.6):
                attrs["gen_ai.response.model"] = g.pick(["gpt-5", "claude-sonnet-4.5", "zz-unknown-model-9"])
            elif g.chance(0.5):
                attrs["gen_ai.request.model"] = "gpt-5-mini"
            span(trace, "chat", stamp, attrs, g.pick([None, "gpt-4.1"]))
            for _ in range(g.r.randint(0, 2)):
                name = g.pick(["run_in_terminal", "read_file", "github-mcp-server-list_issues", "edit_file"])
                span(trace, "execute_tool", stamp + 1, dict(base, **{
                    "gen_ai.tool.name": name, "gen_ai.tool.call.arguments": json.dumps({"command": "if true; then npm test; fi"})}))
            if g.chance(0.3):
                span(trace, "invoke_agent", stamp, dict(base, **{"copilot_chat.parent_chat_session_id": "p",
                                                               "gen_ai.agent.name": "explorer"}))
    db.commit()
    db.close()


# ---------------------------------------------------------------- Droid §1.6

DROID_TOOLS = ["Read", "Execute", "Edit", "Create", "MultiEdit", "LS", "Glob", "Grep", "Task", "TodoWrite", "WebSearch",
               "FetchUrl", "Skill", "ExitSpecMode"]


def gen_droid(g: G, home: str) -> None:
    root = os.path.join(home, ".factory", "sessions")
    for _ in range(g.r.randint(1, 4)):
        cwd = g.pick(["/home/dev/projects/api-server", "/home/dev/work/api", os.path.join(home, "x"), "/tmp/ünï"])
        sub = cwd.replace("/", "-")
        sid, t = g.uid(), g.when()
        rows = [{"type": "session_start", "id": sid, "title": g.prompt(), "cwd": cwd, "version": 2}]
        for i in range(g.r.randint(0, 5)):
            t += timedelta(seconds=g.r.randint(10, 900))
            content = [{"type": "text", "text": "<system-reminder>todo</system-reminder>"}] if g.chance(0.3) else []
            content.append({"type": "text", "text": g.prompt()})
            rows.append({"type": "message", "id": f"u{i}", "timestamp": g.iso(t),
                         "message": {"role": "user", "content": content}})
            for j in range(g.r.randint(1, 3)):
                blocks = [{"type": "thinking", "thinking": "hmm"}] if g.chance(0.4) else []
                for _ in range(g.r.randint(0, 2)):
                    name = g.pick(DROID_TOOLS)
                    blocks.append({"type": "tool_use", "id": g.hexid(6), "name": name,
                                   "input": {"command": g.pick(SHELL) + "\necho second"} if name == "Execute" else {}})
                if g.chance(0.6):
                    blocks.append({"type": "text", "text": "done"})
                m = {"type": "message", "timestamp": g.iso(t + timedelta(seconds=j + 1)),
                     "message": {"role": "assistant", "content": blocks}}
                if g.chance(0.85):
                    m["id"] = f"a{i}-{j}"
                rows.append(m)
        jsonl(g, os.path.join(root, sub, f"{sid}.jsonl"), rows, junk=False)
        if g.chance(0.85):
            settings = {"model": g.pick(["custom:GLM-5.1-[Proxy]-0", "claude-sonnet-4-5", "custom:claude-opus-4-6-1",
                                         "gpt-5", "zz-unknown-model-9"])}
            if g.chance(0.9):
                settings["tokenUsage"] = {"inputTokens": g.num(g.tok(90000)), "outputTokens": g.tok(9000),
                                          "cacheCreationTokens": g.tok(5000), "cacheReadTokens": g.tok(90000),
                                          "thinkingTokens": g.tok(900)}
            write(os.path.join(root, sub, f"{sid}.settings.json"), g.dumps(settings))


# ---------------------------------------------------------------- Pi / OMP §1.7, OpenClaw §1.8

PI_TOOLS = ["bash", "read", "edit", "write", "glob", "grep", "task", "fetch", "search", "todo", "patch", "exec", "other_tool"]


def pi_rows(g: G, sid: str, t: datetime, cwd: str, omp: bool, claw: bool) -> list:
    rows = []
    if omp and g.chance(0.6):
        rows.append({"type": "title", "v": 1, "title": "t", "updatedAt": g.iso(t), "pad": "    "})
    rows.append({"type": "session", "version": 3, "id": sid, "timestamp": g.iso(t), "cwd": cwd})
    if claw and g.chance(0.6):
        rows.append({"type": "model_change", "id": "mc", "timestamp": g.iso(t), "provider": "anthropic",
                     "modelId": g.pick(MODELS)})
    for i in range(g.r.randint(0, 6)):
        t += timedelta(seconds=g.r.randint(10, 900))
        if g.chance(0.7):
            content = g.prompt() if g.chance(0.3) else [{"type": "text", "text": g.prompt()}]
            rows.append({"type": "message", "id": f"mu{i}", "timestamp": g.iso(t),
                         "message": {"role": "user", "content": content, "timestamp": ms(t)}})
        blocks = [{"type": "text", "text": "ok"}]
        for _ in range(g.r.randint(0, 3)):
            name = g.pick(PI_TOOLS)
            args = {"command": g.pick(SHELL)} if name in ("bash", "exec") else (
                {"path": g.pick(["/home/dev/.pi/agent/skills/refactor/SKILL.md", "skill://pdf/x", "/src/a.py"])})
            blocks.append({"type": g.pick(["toolCall", "tool_use"]) if claw else "toolCall", "id": g.hexid(5),
                           "name": name, "arguments": args})
        usage = {"input": g.num(g.tok()), "output": g.tok(2000), "cacheRead": g.num(g.tok(30000)),
                 "cacheWrite": g.tok(3000)}
        usage["totalTokens"] = sum(usage.values())
        if g.chance(0.5):
            usage["cost"] = {"input": 0.001, "output": 0.002, "total": round(g.r.random() / 10, 5)}
        if g.chance(0.15) and not claw:
            del usage["cacheWrite"]
        msg = {"role": "assistant", "content": blocks, "api": "anthropic-messages", "provider": "anthropic",
               "model": g.pick(MODELS), "usage": usage, "stopReason": "toolUse", "timestamp": ms(t)}
        if g.chance(0.7):
            msg["responseId"] = f"resp-{g.hexid(8)}"
        if g.chance(0.15):
            del msg["model"]
        if g.chance(0.05):
            del msg["usage"]
        e = {"type": "message", "timestamp": g.iso(t + timedelta(seconds=5)), "message": msg}
        if g.chance(0.8):
            e["id"] = f"ma{i}"
        rows.append(e)
        if g.chance(0.3):
            rows.append({"type": "message", "id": f"tr{i}", "timestamp": g.iso(t),
                         "message": {"role": "toolResult", "toolCallId": "x", "toolName": "bash",
                                     "content": [{"type": "text", "text": "ok"}]}})
    return rows


def gen_pi(g: G, home: str, which: str = "pi") -> None:
    root = os.path.join(home, f".{which}", "agent", "sessions")
    for _ in range(g.r.randint(1, 3)):
        cwd = g.pick(["/home/dev/auth-service", "/home/dev/ünï app", "/srv/x/"])
        d = "--" + cwd.strip("/").replace("/", "-") + "--"
        for _ in range(g.r.randint(1, 2)):
            t, sid = g.when(), g.uid()
            jsonl(g, os.path.join(root, d, f"{t:%Y-%m-%dT%H-%M-%S}_{sid}.jsonl"), pi_rows(g, sid, t, cwd, which == "omp", False))


def gen_omp(g: G, home: str) -> None:
    gen_pi(g, home, "omp")


def gen_openclaw(g: G, home: str) -> None:
    for root in (".openclaw", g.pick([".clawdbot", ".moltbot"])):
        for agent in ("main", g.pick(["work", "ops"])):
            sdir = os.path.join(home, root, "agents", agent, "sessions")
            index = {}
            for _ in range(g.r.randint(1, 2)):
                sid, t = g.uid(), g.when()
                jsonl(g, os.path.join(sdir, f"{sid}.jsonl"), pi_rows(g, sid, t, "/home/dev/.openclaw/workspace", False, True))
                if g.chance(0.5):
                    index[f"agent:{agent}:{sid[:4]}"] = {"sessionId": sid, "updatedAt": ms(t)}
            if index:
                write(os.path.join(sdir, "sessions.json"), json.dumps(index))


# ---------------------------------------------------------------- Kimi §1.9 / Kimi Code §1.10

KIMI_TOOLS = ["Shell", "ReadFile", "WriteFile", "StrReplaceFile", "Grep", "Glob", "SearchWeb", "FetchURL", "Agent",
              "SetTodoList", "Think", "SendDMail", "UnknownTool"]


def gen_kimi(g: G, home: str) -> None:
    root = os.path.join(home, ".kimi")
    paths = ["/home/dev/kimi-app", "/home/dev/ünï"]
    write(os.path.join(root, "kimi.json"), json.dumps({"work_dirs": [{"path": p, "kaos": "local"} for p in paths]}))
    if g.chance(0.7):
        write(os.path.join(root, "config.toml"), 'default_model = "k2"\n\n[models."k2"]\nprovider = "moonshot"\n'
              f'model = "{g.pick(["kimi-k2-thinking", "kimi-k2-0905-preview", "zz-unknown-model-9"])}"\n')
    for p in paths + ["/unlisted"]:
        hsh = hashlib.md5(p.encode()).hexdigest()
        for _ in range(g.r.randint(1, 2)):
            sdir = os.path.join(root, "sessions", hsh, g.uid())
            write_kimi_wire(g, os.path.join(sdir, "wire.jsonl"))
            if g.chance(0.3):
                write_kimi_wire(g, os.path.join(sdir, "subagents", "agent-" + g.hexid(4), "wire.jsonl"))


def write_kimi_wire(g: G, path: str) -> None:
    t = g.when()
    rows = [{"type": "metadata", "protocol_version": "2"}]
    for i in range(g.r.randint(0, 4)):
        t += timedelta(seconds=g.r.randint(10, 900))
        wrap = g.chance(0.7)

        def rec(typ, payload, dt=0.0):
            stamp = round(t.timestamp() + dt, 2)
            return {"timestamp": stamp, "message": {"type": typ, "payload": payload}} if wrap else \
                {"timestamp": stamp, "type": typ, "payload": payload}
        ui = g.prompt() if g.chance(0.5) else [{"type": "text", "text": g.prompt()}, {"type": "image_url", "image_url": {}}]
        rows.append(rec("TurnBegin", {"user_input": ui}))
        for _ in range(g.r.randint(0, 2)):
            name = g.pick(KIMI_TOOLS)
            rows.append(rec("ToolCall", {"type": "function", "id": g.hexid(5), "function": {
                "name": name, "arguments": json.dumps({"command": g.pick(SHELL)})}}, 1))
        rows.append(rec("StatusUpdate", {"context_usage": 0.4}, 2))
        usage = g.pick([{"input_other": g.num(g.tok()), "input_cache_read": g.tok(9000),
                         "input_cache_creation": g.tok(500), "output": g.num(g.tok(900))},
                        {"input_tokens": g.tok(), "cache_read_input_tokens": g.tok(3000), "output_tokens": g.tok(600)},
                        {"input": 9000, "input_cache_read": 2000, "output": 10}])
        p = {"token_usage" if g.chance(0.7) else "usage": usage}
        if g.chance(0.7):
            p["message_id"] = f"chatcmpl-{g.hexid(6)}"
        rows.append(rec("StatusUpdate", p, 3))
        if g.chance(0.15):
            rows.append(rows[-1])
        rows.append(rec("TurnEnd", {}, 4))
    jsonl(g, path, rows)


def gen_kimicode(g: G, home: str) -> None:
    root = os.path.join(home, ".kimi-code", "sessions")
    for _ in range(g.r.randint(1, 2)):
        name = g.pick(["changelog-bot", "web_app", "ünï"])
        wd = os.path.join(root, f"wd_{name}_{g.hexid(12)}")
        for _ in range(g.r.randint(1, 2)):
            sdir = os.path.join(wd, g.pick(["session_", "conv-", ""]) + g.uid())
            t = g.when()
            if g.chance(0.7):
                st = {"createdAt": g.iso(t), "updatedAt": g.iso(t + timedelta(hours=1)), "agents": {"main": {}}}
                if g.chance(0.7):
                    st["workDir"] = f"/home/dev/{name}-real"
                write(os.path.join(sdir, "state.json"), g.dumps(st))
            for agent in ["main"] + (["sub-" + g.hexid(4)] if g.chance(0.3) else []):
                rows = [{"type": "metadata", "protocol_version": "1.4", "created_at": ms(t)}]
                tt = t
                for turn in range(1, g.r.randint(1, 4)):
                    tt += timedelta(seconds=g.r.randint(10, 900))
                    inp = g.prompt() if g.chance(0.5) else [{"type": "text", "text": g.prompt()}]
                    rows.append({"type": "turn.prompt", "input": inp, "origin": {"kind": "user"}, "time": ms(tt)})
                    for step in range(1, g.r.randint(2, 4)):
                        rows.append({"type": "llm.request", "kind": "loop", "provider": "moonshot",
                                     "model": g.pick(["kimi-k2.6-preview", "kimi-k2-thinking", "zz-unknown-model-9"]),
                                     "modelAlias": "default", "turnStep": f"{turn}.{step}", "time": ms(tt) + step})
                        if g.chance(0.5):
                            tool = g.pick(["Bash", "ReadFile", "WriteFile", "Grep", "Agent", "WebSearch"])
                            args = {"command": g.pick(SHELL)}
                            rows.append({"type": "context.append_loop_event", "event": {
                                "type": "tool.call", "name": tool, "args": json.dumps(args) if g.chance(0.5) else args,
                                "turnId": turn, "step": step, "toolCallId": g.hexid(5)}})
                        usage = {"inputOther": g.tok(), "output": g.tok(900), "inputCacheRead": g.tok(8000),
                                 "inputCacheCreation": g.tok(100) if g.chance(0.3) else 0}
                        rec = {"type": "usage.record", "model": "default", "usage": usage, "usageScope": "turn"}
                        if g.chance(0.8):
                            rec["time"] = ms(tt) + 100 * step
                        rows.append(rec)
                        if g.chance(0.1):
                            rows.append(rec)
                jsonl(g, os.path.join(sdir, "agents", agent, "wire.jsonl"), rows)


# ---------------------------------------------------------------- Mistral Vibe §1.11

def gen_mistral_vibe(g: G, home: str) -> None:
    root = os.path.join(home, ".vibe", "logs", "session")
    for k in range(g.r.randint(1, 4)):
        t = g.when()
        sdir = os.path.join(root, f"session_{t:%Y%m%d_%H%M%S}_{g.hexid(8)}")
        write_vibe(g, sdir, t)
        if g.chance(0.3):
            write_vibe(g, os.path.join(sdir, "agents", "explore"), t + timedelta(minutes=1))


def write_vibe(g: G, sdir: str, t: datetime) -> None:
    rows, end = [], t
    for i in range(g.r.randint(0, 4)):
        end += timedelta(seconds=g.r.randint(10, 600))
        rows.append({"role": "user", "content": g.prompt(), "message_id": f"u{i}"})
        calls = [{"id": g.hexid(4), "type": "function", "function": {
            "name": g.pick(["bash", "read_file", "write_file", "search_replace", "grep", "task", "todo", "web_fetch", "x"]),
            "arguments": json.dumps({"command": g.pick(SHELL)})}} for _ in range(g.r.randint(0, 2))]
        a = {"role": "assistant", "content": g.pick(["", "done", [{"type": "text", "text": "ok"}]])}
        if calls:
            a["tool_calls"] = calls
        if g.chance(0.7):
            a["message_id"] = f"a{i}"
        rows.append(a)
        if calls:
            rows.append({"role": "tool", "content": "ok", "tool_call_id": calls[0]["id"], "name": "bash"})
    model_cfg = [{"name": "mistral-medium-latest", "alias": "devstral-medium", "input_price": 0.4, "output_price": 2.0}]
    stats = {"session_prompt_tokens": g.num(g.tok(90000)), "session_completion_tokens": g.num(g.tok(9000))}
    if g.chance(0.5):
        stats["session_cost"] = round(g.r.random() / 20, 6)
    if g.chance(0.2):
        stats.update(input_price_per_million=0.4, output_price_per_million=2.0)
    meta = {"session_id": "vibe-" + g.hexid(8), "start_time": g.iso(t), "end_time": g.iso(end), "title": g.prompt(),
            "environment": {"working_directory": g.pick(["/home/dev/pytools", "/home/dev/ünï"])}, "stats": stats,
            "config": {"active_model": g.pick(["devstral-medium", "mistral-large-latest", "zz-unknown-model-9"]),
                       "models": model_cfg}}
    write(os.path.join(sdir, "meta.json"), g.dumps(meta))
    jsonl(g, os.path.join(sdir, "messages.jsonl"), rows, junk=False)


# ---------------------------------------------------------------- Kiro §1.12

def gen_kiro(g: G, home: str) -> None:
    cli = os.path.join(home, ".kiro", "sessions", "cli")
    for _ in range(g.r.randint(1, 3)):
        sid, t = g.uid(), g.when()
        rows, metas = [], []
        for i in range(g.r.randint(0, 4)):
            t += timedelta(seconds=g.r.randint(10, 900))
            rows.append({"version": "1", "kind": "Prompt", "data": {"message_id": g.hexid(4), "content": [
                {"kind": "text", "data": g.prompt()}], "meta": {"timestamp": int(t.timestamp())}}})
            content = [{"kind": "text", "data": "Let me look. " * g.r.randint(0, 5)}]
            for _ in range(g.r.randint(0, 2)):
                content.append({"kind": "toolUse", "data": {"toolUseId": g.hexid(4),
                                "name": g.pick(["fs_read", "fs_write", "execute_bash", "use_aws", "grep"]), "input": {}}})
            rows.append({"version": "1", "kind": "AssistantMessage", "data": {"message_id": g.hexid(4), "content": content}})
            if g.chance(0.5):
                rows.append({"version": "1", "kind": "ToolResults", "data": {"message_id": g.hexid(4), "content": [
                    {"kind": "text", "data": "result " * 20}], "results": {}}})
            md = {"end_timestamp": g.iso(t + timedelta(seconds=30))}
            if g.chance(0.6):
                md["metering_usage"] = [{"value": round(g.r.random() * 3, 3), "unit": "credit"}]
            metas.append(md)
        jsonl(g, os.path.join(cli, f"{sid}.jsonl"), rows)
        meta = {"session_id": sid, "cwd": g.pick(["/home/dev/deploy", "/home/dev/ünï"]), "created_at": g.iso(t),
                "updated_at": g.iso(t), "title": "t", "session_state": {
                    "rts_model_state": {"model_info": {"model_id": g.pick(["claude-sonnet-4.5", "auto", "zz-unknown-9.1"])}},
                    "conversation_metadata": {"user_turn_metadatas": metas}}}
        if g.chance(0.9):
            write(os.path.join(cli, f"{sid}.json"), g.dumps(meta))
    for _ in range(g.r.randint(0, 2)):
        sdir = os.path.join(home, ".kiro", "sessions", g.hexid(32), "sess_" + g.hexid(8))
        t = g.when()
        write(os.path.join(sdir, "session.json"), g.dumps({
            "id": g.uid(), "title": "t", "modelId": g.pick(["claude-sonnet-4.5", "auto"]),
            "workspacePaths": [g.pick(["/home/dev/signup", home])], "createdAt": g.iso(t), "lastModifiedAt": g.iso(t)}))
        rows = [{"id": "s", "timestamp": g.iso(t), "payload": {"type": "session_start", "agentType": "vibe"}}]
        for i in range(g.r.randint(0, 3)):
            t += timedelta(minutes=3)
            ex = f"exec-{i}"
            rows += [{"id": f"{i}u", "timestamp": g.iso(t), "payload": {"type": "user", "content": g.prompt()}},
                     {"id": f"{i}ts", "timestamp": g.iso(t), "payload": {"type": "turn_start", "executionId": ex}}]
            if g.chance(0.5):
                rows.append({"id": f"{i}r", "timestamp": g.iso(t), "payload": {
                    "type": "assistant", "operationType": "Reasoning", "content": "thinking " * 10, "executionId": ex}})
            if g.chance(0.7):
                rows.append({"id": f"{i}a", "timestamp": g.iso(t), "payload": {
                    "type": "assistant", "operationType": "Say", "content": "Done it. " * 5, "executionId": ex}})
            if g.chance(0.6):
                rows.append({"id": f"{i}tc", "timestamp": g.iso(t), "payload": {
                    "type": "tool_call", "toolName": g.pick(["fsWrite", "readFile", "mcp_fetch", "executeBash"]),
                    "executionId": ex}})
            if g.chance(0.5):
                rows.append({"id": f"{i}us", "timestamp": g.iso(t), "payload": {"type": "usage_summary",
                             "promptTurnSummaries": [{"unit": "credit", "usage": 1.25, "usedTools": []}], "executionId": ex}})
            rows.append({"id": f"{i}te", "timestamp": g.iso(t), "payload": {"type": "turn_end", "executionId": ex}})
        jsonl(g, os.path.join(sdir, "messages.jsonl"), rows)


# ---------------------------------------------------------------- Cursor agent §1.13

def gen_cursor_agent(g: G, home: str) -> None:
    root = os.path.join(home, ".cursor", "projects")
    summaries = []
    for _ in range(g.r.randint(1, 3)):
        pid = g.pick(["Users-me-src-webapp", "home-dev-api", "-Users-me-x-y"])
        for _ in range(g.r.randint(1, 2)):
            cid = g.uid()
            rows = []
            for _ in range(g.r.randint(0, 4)):
                text = g.prompt()
                if g.chance(0.6):
                    text = f"<user_info>os</user_info>\n<user_query>\n{text}\n</user_query>"
                rows.append({"role": "user", "message": {"content": [{"type": "text", "text": text}]}})
                for _ in range(g.r.randint(1, 2)):
                    rows.append({"role": "assistant", "message": {"content": [
                        {"type": "text", "text": "Working on it " * g.r.randint(1, 9)},
                        {"type": "tool_use", "name": g.pick(["Shell", "Read", "Edit", "Grep"]), "input": {"command": "ls"}}]}})
            path = os.path.join(root, pid, "agent-transcripts", cid, f"{cid}.jsonl")
            jsonl(g, path, rows)
            t = g.when().timestamp()
            os.utime(path, (t, t))
            if g.chance(0.6):  # model and time from Cursor's tracking DB, else the file's mtime
                when = g.when()
                summaries.append((cid, g.pick(["default", "claude-4.5-sonnet", "gpt-5", None, "zz-unknown-model-9"]),
                                  "title", g.pick([ms(when), ms(when) // 1000, g.iso(when), None])))
    if summaries:
        path = os.path.join(home, ".cursor", "ai-tracking", "ai-code-tracking.db")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE conversation_summaries (conversationId TEXT PRIMARY KEY, model TEXT, title TEXT, "
                   "updatedAt)")
        db.executemany("INSERT INTO conversation_summaries VALUES (?,?,?,?)", summaries)
        db.commit()
        db.close()


# ---------------------------------------------------------------- Cline family §3.1, Cline CLI §3.2

CLINE_ROOTS = {"cline": "saoudrizwan.claude-dev", "roo-code": "rooveterinaryinc.roo-cline", "kilo-code": "kilocode.kilo-code"}


def cline_task(g: G, tdir: str, bob: bool) -> None:
    t = g.when()
    ui = []
    if g.chance(0.9):
        ui.append({"ts": ms(t), "type": "say", "say": g.pick(["text", "user_feedback"]), "text": g.prompt()})
    for i in range(g.r.randint(0, 5)):
        t += timedelta(seconds=g.r.randint(5, 300))
        body = {"request": "<task>x</task>", "tokensIn": g.num(g.tok()), "tokensOut": g.tok(2000),
                "cacheReads": g.num(g.tok(40000)),
                "cacheWrites": g.tok(3000)}
        if g.chance(0.5):
            body["cost"] = round(g.r.random() / 10, 6)
        if g.chance(0.1):
            del body["cacheWrites"]
        ui.append({"ts": ms(t), "type": "say", "say": "api_req_started", "text": json.dumps(body)})
        if g.chance(0.4):
            ui.append({"ts": ms(t) + 5, "type": "ask", "ask": "command", "text": g.pick(SHELL)})
        if g.chance(0.2):
            ui.append({"ts": ms(t) + 9, "type": "say", "say": "user_feedback", "text": g.prompt()})
    write(os.path.join(tdir, "ui_messages.json"), g.dumps(ui))
    ws = g.pick(["/home/dev/webapp", "/home/dev/ünï app"])
    env = g.pick([f"# Current Workspace Directory ({ws}) Files\n", f"# Current Working Directory ({ws}) Files\n"])
    model = "" if g.chance(0.3) else f"<model>{g.pick(['anthropic/claude-sonnet-4-5', 'gpt-5', 'or/zz-unknown-model-9'])}</model>"
    hist = [{"role": "user", "content": [{"type": "text", "text": f"<task>{g.prompt()}</task>\n<environment_details>\n"
                                          f"{env}{model}\n</environment_details>"}]},
            {"role": "assistant", "content": [{"type": "text", "text": "ok"}]}]
    if g.chance(0.85):
        write(os.path.join(tdir, "api_conversation_history.json"), g.dumps(hist))


def gen_cline(g: G, home: str) -> None:
    for prov, ext in CLINE_ROOTS.items():
        variant = g.pick(["Code", "Code - Insiders", "VSCodium"])
        root = os.path.join(home, ".config", variant, "User", "globalStorage", ext, "tasks")
        for _ in range(g.r.randint(1, 3)):
            cline_task(g, os.path.join(root, str(ms(g.when()))), False)
    for _ in range(g.r.randint(1, 2)):
        cline_task(g, os.path.join(home, ".cline", "data", "tasks", str(ms(g.when()))), False)
    bob = os.path.join(home, ".config", g.pick(["IBM Bob", "Bob-IDE"]), "User", "globalStorage", "ibm.bob-code", "tasks")
    for _ in range(g.r.randint(1, 2)):
        cline_task(g, os.path.join(bob, g.uid()), True)


CLINE_CLI_TOOLS = ["run_commands", "read_files", "editor", "apply_patch", "search_codebase", "fetch_web_content",
                   "skills", "spawn_agent", "ask_question", "other"]


def gen_cline_cli(g: G, home: str) -> None:
    root = os.path.join(home, ".cline", "data", "sessions")
    for _ in range(g.r.randint(1, 3)):
        sid, t = f"sess_{g.hexid(10)}", g.when()
        msgs, any_metrics = [], False
        for i in range(g.r.randint(0, 4)):
            t += timedelta(seconds=g.r.randint(10, 600))
            msgs.append({"role": "user", "content": [{"type": "text", "text": g.prompt()}], "ts": ms(t)})
            blocks = [{"type": "text", "text": "ok"}]
            for _ in range(g.r.randint(0, 2)):
                name = g.pick(CLINE_CLI_TOOLS)
                inp = {"commands": json.dumps([g.pick(SHELL)])} if name == "run_commands" and g.chance(0.5) else (
                    {"command": g.pick(SHELL)} if name == "run_commands" else {"path": "src/a.ts"})
                blocks.append({"type": "tool_use", "id": g.hexid(4), "name": name, "input": inp})
            a = {"role": "assistant", "id": f"m{i}", "ts": ms(t) + 4000, "content": blocks,
                 "modelInfo": {"id": g.pick(["claude-sonnet-4-5", "gpt-5", "zz-unknown-model-9"])}}
            if g.chance(0.7):
                any_metrics = True
                a["metrics"] = {"inputTokens": g.tok(), "outputTokens": g.tok(900), "cacheReadTokens": g.tok(9000),
                                "cacheWriteTokens": g.tok(900)}
                if g.chance(0.6):
                    a["metrics"]["cost"] = g.pick([0, round(g.r.random() / 10, 6)])
            msgs.append(a)
        meta = {"session_id": sid, "provider": "anthropic", "model": "claude-sonnet-4-5",
                "cwd": "/home/dev/cli-app", "workspace_root": g.pick(["/home/dev/cli-app", "/home/dev/ünï"]),
                "started_at": g.iso(t - timedelta(hours=1)), "ended_at": g.iso(t),
                "metadata": {"usage": {"inputTokens": g.tok(), "outputTokens": g.tok(), "cacheReadTokens": 0,
                                       "cacheWriteTokens": 0, "totalCost": round(g.r.random(), 4)}}}
        write(os.path.join(root, sid, f"{sid}.json"), g.dumps(meta))
        write(os.path.join(root, sid, f"{sid}.messages.json"), g.dumps({"version": 1, "messages": msgs}))
        del any_metrics


# ---------------------------------------------------------------- OpenCode §2.2, §3.3

OC_TOOLS = ["bash", "read", "edit", "write", "glob", "grep", "task", "fetch", "search", "todo", "skill", "patch",
            "clickup_clickup_get_task", "mcp__gh__issue", "webfetch"]


def oc_message(g: G, role: str, t: datetime) -> dict:
    d = {"role": role, "time": {"created": ms(t)}}
    if role == "assistant":
        d.update(modelID=g.pick(["claude-sonnet-4-5", "gpt-5", "zz-unknown-model-9"]), providerID="anthropic",
                 cost=g.pick([0, round(g.r.random() / 10, 5)]))
        if g.chance(0.85):
            d["tokens"] = {"input": g.num(g.tok()), "output": g.tok(900), "reasoning": g.tok(200),
                           "cache": {"read": g.tok(20000), "write": g.tok(900)}}
        elif g.chance(0.5):
            d["usage"] = {"input_tokens": g.tok(), "output_tokens": g.tok(400), "cache_read_input_tokens": 10,
                          "cache_creation_input_tokens": 0}
        if g.chance(0.1):
            d["modelID"] = None
    return d


def oc_parts(g: G, role: str) -> list:
    if role == "user":
        return [{"type": "text", "text": g.prompt()}]
    parts = [{"type": "step-start"}] + ([{"type": "text", "text": "ok"}] if g.chance(0.6) else [])
    for _ in range(g.r.randint(0, 2)):
        name = g.pick(OC_TOOLS)
        inp = {"command": g.pick(SHELL)} if name == "bash" else {"name": "pdf", "subagent_type": "general",
                                                                 "filePath": "/a"}
        parts.append({"type": g.pick(["tool", "tool-call"]), "tool": name, "callID": g.hexid(4),
                      "state": {"status": "completed", "input": inp, "output": "ok"}})
    return parts


def gen_opencode(g: G, home: str) -> None:
    data = os.path.join(home, ".local", "share", "opencode")
    os.makedirs(data, exist_ok=True)
    db = sqlite3.connect(os.path.join(data, "opencode.db"))
    db.executescript("""
    CREATE TABLE session (id TEXT PRIMARY KEY, project_id TEXT, parent_id TEXT, slug TEXT, directory TEXT, title TEXT,
      version TEXT, time_created INTEGER, time_updated INTEGER, time_archived INTEGER);
    CREATE TABLE message (id TEXT PRIMARY KEY, session_id TEXT, time_created INTEGER, time_updated INTEGER, data TEXT);
    CREATE TABLE part (id TEXT PRIMARY KEY, message_id TEXT, session_id TEXT, time_created INTEGER, time_updated INTEGER,
      data TEXT);""")
    n = 0
    roots = []
    for s in range(g.r.randint(1, 4)):
        sid, t = f"ses_{g.hexid(12)}", g.when()
        parent = g.pick(roots) if roots and g.chance(0.3) else None
        archived = ms(t) if g.chance(0.1) else None
        if parent is None:
            roots.append(sid)
        db.execute("INSERT INTO session VALUES (?,?,?,?,?,?,?,?,?,?)",
                   (sid, "p", parent, "slug", g.pick(["/home/dev/oc-app", "/home/dev/ünï", None]), g.prompt(), "1",
                    ms(t), ms(t), archived))
        for i in range(g.r.randint(0, 5)):
            t += timedelta(seconds=g.r.randint(5, 600))
            role = "user" if i % 2 == 0 else "assistant"
            n += 1
            mid = f"msg_{n:05d}{g.hexid(4)}"
            stamp = ms(t) if g.chance(0.8) else ms(t) // 1000
            db.execute("INSERT INTO message VALUES (?,?,?,?,?)", (mid, sid, stamp, stamp, g.dumps(oc_message(g, role, t))))
            for j, p in enumerate(oc_parts(g, role)):
                db.execute("INSERT INTO part VALUES (?,?,?,?,?,?)", (f"prt_{mid}_{j}", mid, sid, stamp, stamp, g.dumps(p)))
    db.commit()
    db.close()
    # The older file storage beside it.
    st = os.path.join(data, "storage")
    for _ in range(g.r.randint(1, 2)):
        sid, t = f"ses_{g.hexid(12)}", g.when()
        write(os.path.join(st, "session", "proj" + g.hexid(4), f"{sid}.json"),
              g.dumps({"id": sid, "directory": g.pick(["/home/dev/oc-files", "/home/dev/ünï"]), "title": "t",
                       "time": {"created": ms(t)}}))
        for i in range(g.r.randint(0, 4)):
            t += timedelta(seconds=g.r.randint(5, 600))
            role = "user" if i % 2 == 0 else "assistant"
            mid = f"msg_{g.hexid(10)}"
            m = dict(oc_message(g, role, t), id=mid, sessionID=sid)
            if g.chance(0.1):
                del m["time"]
            write(os.path.join(st, "message", sid, f"{mid}.json"), g.dumps(m))
            for j, p in enumerate(oc_parts(g, role)):
                write(os.path.join(st, "part", mid, f"prt_{j:03d}.json"), g.dumps(dict(p, messageID=mid, sessionID=sid)))


# ---------------------------------------------------------------- Goose §2.3

def gen_goose(g: G, home: str) -> None:
    d = os.path.join(home, ".local", "share", "goose", "sessions")
    os.makedirs(d, exist_ok=True)
    db = sqlite3.connect(os.path.join(d, "sessions.db"))
    db.executescript("""
    CREATE TABLE sessions (id TEXT PRIMARY KEY, name TEXT, working_dir TEXT, created_at TEXT, updated_at TEXT,
      accumulated_input_tokens INTEGER, accumulated_output_tokens INTEGER, provider_name TEXT, model_config_json TEXT);
    CREATE TABLE messages (id INTEGER PRIMARY KEY, message_id TEXT, session_id TEXT, role TEXT, content_json TEXT,
      created_timestamp INTEGER);""")
    for _ in range(g.r.randint(1, 4)):
        sid, t = f"{g.when():%Y%m%d}_{g.r.randint(1, 99)}", g.when()
        cfg = g.pick([json.dumps({"model_name": g.pick(["gpt-5", "claude-sonnet-4-5", "zz-unknown-model-9"])}), None, "{}"])
        db.execute("INSERT OR REPLACE INTO sessions VALUES (?,?,?,?,?,?,?,?,?)",
                   (sid, "n", g.pick(["/home/dev/goose-app", "/home/dev/ünï", None]),
                    t.strftime("%Y-%m-%d %H:%M:%S"), g.pick([(t + timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M:%S"), None]),
                    g.pick([g.tok(), None]), g.tok(5000), "openai", cfg))
        db.execute("INSERT INTO messages (message_id, session_id, role, content_json, created_timestamp) VALUES (?,?,?,?,?)",
                   (g.hexid(6), sid, "user", json.dumps([{"type": "text", "text": g.prompt()}]), int(t.timestamp())))
        for k in range(g.r.randint(0, 3)):
            name = g.pick(["developer__shell", "developer__text_editor", "developer__read_file", "github__create_issue",
                           "computercontroller__shell", "developer__list_directory"])
            item = {"type": "toolRequest", "id": g.hexid(4), "toolCall": {"status": "success", "value": {
                "name": name, "arguments": {"command": g.pick(SHELL), "file_path": "/a.py"}}}}
            db.execute("INSERT INTO messages (message_id, session_id, role, content_json, created_timestamp) "
                       "VALUES (?,?,?,?,?)", (g.hexid(6), sid, "assistant", json.dumps([item]), int(t.timestamp()) + k + 1))
    db.commit()
    db.close()


# ---------------------------------------------------------------- Crush §2.4

def gen_crush(g: G, home: str) -> None:
    reg = os.path.join(home, ".local", "share", "crush", "projects.json")
    entries = []
    for p in range(g.r.randint(1, 3)):
        path = os.path.join(home, "src", g.pick(["crush-app", "ünï", "web.site"]) + str(p))
        absolute = g.chance(0.5)
        data_dir = os.path.join(path, ".crush") if absolute else ".crush"
        entries.append({"path": path, "data_dir": data_dir, "last_accessed": g.iso(g.when())})
        os.makedirs(os.path.join(path, ".crush"), exist_ok=True)
        db = sqlite3.connect(os.path.join(path, ".crush", "crush.db"))
        db.executescript("""
        CREATE TABLE sessions (id TEXT PRIMARY KEY, parent_session_id TEXT, title TEXT, message_count INTEGER,
          prompt_tokens INTEGER, completion_tokens INTEGER, cost REAL, updated_at INTEGER, created_at INTEGER);
        CREATE TABLE messages (id TEXT PRIMARY KEY, session_id TEXT, role TEXT, parts TEXT, model TEXT, provider TEXT,
          created_at INTEGER, updated_at INTEGER);""")
        for s in range(g.r.randint(1, 3)):
            sid, t = g.uid(), g.when()
            parent = None if s == 0 or g.chance(0.6) else "root-x"
            db.execute("INSERT INTO sessions VALUES (?,?,?,?,?,?,?,?,?)",
                       (sid, parent, "t", 3, g.tok(), g.tok(3000), g.pick([0.0, round(g.r.random(), 4), None]),
                        g.pick([int(t.timestamp()), None]), int(t.timestamp()) - 60))
            for k in range(g.r.randint(0, 3)):
                db.execute("INSERT INTO messages VALUES (?,?,?,?,?,?,?,?)",
                           (g.uid(), sid, "assistant", "[]", g.pick(["claude-sonnet-4-5", "gpt-5", "", None,
                                                                     "zz-unknown-model-9"]), "anthropic",
                            int(t.timestamp()), int(t.timestamp())))
        db.commit()
        db.close()
    shape = g.r.randint(0, 2)
    if shape == 0:
        doc = {"projects": entries}
    elif shape == 1:
        doc = {hashlib.sha1(e["path"].encode()).hexdigest()[:8]: e for e in entries}
    else:
        doc = entries
    write(reg, g.dumps(doc))


GENERATORS = {"gemini": gen_gemini, "qwen": gen_qwen, "copilot": gen_copilot, "droid": gen_droid, "pi": gen_pi,
              "omp": gen_omp, "openclaw": gen_openclaw, "kimi": gen_kimi, "kimicode": gen_kimicode,
              "mistral-vibe": gen_mistral_vibe, "kiro": gen_kiro, "cursor-agent": gen_cursor_agent,
              "cline": gen_cline, "cline-cli": gen_cline_cli, "opencode": gen_opencode, "goose": gen_goose,
              "crush": gen_crush}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("home")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", default="")
    a = ap.parse_args()
    only = set(filter(None, a.only.split(",")))
    for name, fn in GENERATORS.items():
        if not only or name in only:
            fn(G(a.seed * 1000 + sum(map(ord, name))), a.home)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
