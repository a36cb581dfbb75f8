"""Generate a realistic Gemini CLI, Qwen Code, Pi, OpenClaw, Copilot CLI or Kimi Code JSONL history for benchmarks.

    python bench/gen_gemini.py OUT_HOME --tool gemini|qwen|pi|openclaw|copilot|kimicode --size 500MB [--seed 7]
                               [--days 60] [--end-date 2026-11-20]

Lays the files out under OUT_HOME as the tools do: Gemini CLI (>= 0.39)
`.gemini/tmp/<project>/chats/session-<time>-<id>.jsonl`, Qwen Code
`.qwen/projects/<-home-dev-project>/chats/<session>.jsonl`, so that
`HOME=OUT_HOME codeburn report --provider gemini|qwen` reads them.

Gemini sessions are a header line, then per turn the user message and 1-6
model messages (thoughts, tokens whose input includes the cached part, a
model that sometimes changes, tool calls whose results and display text are
heavy-tailed tool outputs: median ~500 B, p99 ~1 MB, rare 20+ MB), each
followed by a `$set` patch of lastUpdated, and now and then an info line.
Qwen sessions are records (user, assistant with usageMetadata and
functionCall parts, tool_result records carrying the outputs, system
ui_telemetry records), as Qwen Code writes them. Pi (`.pi/agent/sessions/<dir>/*.jsonl`) and OpenClaw
(`.openclaw/agents/<agent>/sessions/*.jsonl`) sessions are a session
header, then user messages, assistant messages (thinking, text and
toolCall blocks, Anthropic-style usage with its own cost) and toolResult
messages carrying the outputs; OpenClaw's name their model with
model_change records. Copilot CLI sessions
(`.copilot/session-state/<id>/events.jsonl` + `workspace.yaml`) are
events: session.start, user.message, assistant.message with output tokens
and tool requests, tool.execution_start/complete (the outputs),
assistant.reasoning, subagent runs, and per resume leg a session.shutdown
whose per-model counters are cumulative. Kimi Code sessions
(`.kimi-code/sessions/wd_<project>_<hex>/session_<id>/agents/main/wire.jsonl`
+ `state.json`) are flat records: turn.prompt, llm.request per step,
tool.call and tool.result loop events (the outputs), usage.record per step.
About 1% of Gemini and Qwen sessions were
resumed into a second file that repeats a prefix (cross-file duplicates).
Deterministic for a given seed. OUT_HOME/corpus.json records the parameters.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
import time
import uuid
import zlib

from gen_corpus import TextPool, base_parser, parse_size, result_size, write_meta  # bench/ is the script's dir

GEMINI_MODELS = [("gemini-2.5-pro", 50), ("gemini-2.5-flash", 35), ("gemini-3-pro-preview", 10),
                 ("gemini-2.5-flash-lite", 5)]
QWEN_MODELS = [("qwen3-coder-plus", 60), ("qwen3-max", 20), ("qwen3-coder-flash", 15), ("", 5)]
PROMPTS = ["fix the failing cart total test", "add a retry to the upload client", "refactor the auth module",
           "why is the build broken?", "explain how the cache works", "write a test for parse_date",
           "git commit and push the changes", "deploy to staging", "implement the 404 page", "run the tests"]
SHELL = ["npm test -- cart && git status", "pytest -x tests/test_api.py", "git diff --stat", "rg -n TODO src/",
         "cd web && npm run build | tail -20", "ls -la src", "make build", "git log --oneline -5"]
# (name, displayName, argument builder)
GEMINI_TOOLS = [("run_shell_command", "Shell", lambda r: {"command": r.choice(SHELL), "description": "run it"}),
                ("read_file", "ReadFile", lambda r: {"absolute_path": f"/home/dev/app/src/m{r.randrange(90)}.ts"}),
                ("replace", "Edit", lambda r: {"file_path": f"/home/dev/app/src/m{r.randrange(90)}.ts",
                                               "old_string": "a", "new_string": "b"}),
                ("glob", "FindFiles", lambda r: {"pattern": "**/*.ts"}),
                ("search_file_content", "SearchText", lambda r: {"pattern": "TODO"}),
                ("write_file", "WriteFile", lambda r: {"file_path": "notes.md", "content": "x" * r.randrange(2000)}),
                ("google_web_search", "GoogleSearch", lambda r: {"query": "vitest mock timers"})]
QWEN_TOOLS = [("run_shell_command", lambda r: {"command": r.choice(SHELL)}),
              ("read_file", lambda r: {"absolute_path": f"/home/dev/app/src/m{r.randrange(90)}.ts"}),
              ("edit", lambda r: {"file_path": f"/home/dev/app/src/m{r.randrange(90)}.ts", "old_string": "a",
                                  "new_string": "b"}),
              ("glob", lambda r: {"pattern": "**/*.ts"}), ("grep_search", lambda r: {"pattern": "TODO"}),
              ("write_file", lambda r: {"file_path": "notes.md", "content": "x" * r.randrange(2000)}),
              ("todo_write", lambda r: {"todos": [{"id": "1", "content": "tests", "status": "pending"}]})]


def _pick(rng: random.Random, weighted):
    return rng.choices([m for m, _ in weighted], [w for _, w in weighted])[0]


def _iso(t: float) -> str:
    return dt.datetime.fromtimestamp(t, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(t * 1000) % 1000:03d}Z"


def _dump(obj) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


class Generator:
    def __init__(self, a):
        self.a, self.rng = a, random.Random(a.seed)
        self.pool = TextPool(self.rng)
        self.end = dt.datetime.fromisoformat(a.end_date).replace(tzinfo=dt.timezone.utc).timestamp()
        self.written = self.files = self.lines = 0
        self.projects = [f"proj{i}" for i in range(max(3, int(parse_size(a.size) / (40 << 20))))]

    def output(self) -> str:
        """A tool output as escaped JSON string contents (no quotes)."""
        return self.pool.take(self.rng, result_size(self.rng))

    @staticmethod
    def shown(text: str) -> str:
        """The first ~4 KB of an output, cut at an (escaped) line end."""
        cut = text.rfind("\\n", 0, 4000)
        return text[:cut + 2] if cut >= 0 else ""

    def write(self, path: str, lines: list[str]) -> None:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = "\n".join(lines) + "\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(data)
        self.written += len(data.encode())
        self.files += 1
        self.lines += len(lines)

    def run(self) -> None:
        target = parse_size(self.a.size)
        while self.written < target:
            rng = self.rng
            start = self.end - rng.random() * self.a.days * 86400
            project = rng.choice(self.projects)
            make = {"gemini": lambda: self.gemini(start), "qwen": lambda: self.qwen(start, project),
                    "copilot": lambda: self.copilot(start), "kimicode": lambda: self.kimicode(start)}
            lines = make.get(self.a.tool, lambda: self.pi(start, project))()
            sid = self.sid
            if self.a.tool == "copilot":
                folder = os.path.join(self.a.out, ".copilot", "session-state", self.sid)
                self.write(os.path.join(folder, "events.jsonl"), lines)
                with open(os.path.join(folder, "workspace.yaml"), "w") as f:
                    f.write(f"id: {self.sid}\ncwd: /home/dev/{project}\nsummary: work\n")
            elif self.a.tool == "kimicode":
                workdir = f"wd_{project}_{zlib.crc32(project.encode()):012x}"
                folder = os.path.join(self.a.out, ".kimi-code", "sessions", workdir, f"session_{self.sid}")
                self.write(os.path.join(folder, "agents", "main", "wire.jsonl"), lines)
                with open(os.path.join(folder, "state.json"), "w") as f:
                    f.write(_dump({"createdAt": _iso(start), "workDir": f"/home/dev/{project}",
                                   "agents": {"main": {}}}))
            elif self.a.tool in ("pi", "openclaw"):
                folder = os.path.join(self.a.out, ".pi", "agent", "sessions", f"--home-dev-{project}--") \
                    if self.a.tool == "pi" else os.path.join(self.a.out, ".openclaw", "agents", project, "sessions")
                self.write(os.path.join(folder, f"{sid}.jsonl"), lines)
            elif self.a.tool == "gemini":
                name = dt.datetime.fromtimestamp(start, dt.timezone.utc).strftime("session-%Y-%m-%dT%H-%M")
                folder = os.path.join(self.a.out, ".gemini", "tmp", project, "chats")
                self.write(os.path.join(folder, f"{name}-{sid[:8]}.jsonl"), lines)
                if rng.random() < 0.01:  # resumed later: a second file repeating a prefix
                    self.write(os.path.join(folder, f"{name}-{sid[:8]}-r.jsonl"), lines[: len(lines) // 2])
            else:
                folder = os.path.join(self.a.out, ".qwen", "projects", f"-home-dev-{project}", "chats")
                self.write(os.path.join(folder, f"{sid}.jsonl"), lines)
                if rng.random() < 0.01:
                    self.write(os.path.join(folder, f"{sid}-r.jsonl"), lines[: len(lines) // 2])

    def gemini(self, t: float) -> list[str]:
        rng = self.rng
        self.sid = str(uuid.UUID(int=rng.getrandbits(128)))
        lines = [_dump({"sessionId": self.sid, "projectHash": f"{rng.getrandbits(64):016x}", "startTime": _iso(t),
                        "lastUpdated": _iso(t), "kind": "main"})]
        model = _pick(rng, GEMINI_MODELS)
        context = rng.randrange(3000, 12000)
        for turn in range(rng.randrange(1, 30)):
            t += rng.uniform(20, 600)
            lines.append(_dump({"id": str(uuid.UUID(int=rng.getrandbits(128))), "timestamp": _iso(t), "type": "user",
                                "content": [{"text": rng.choice(PROMPTS) + " " + "please " * rng.randrange(0, 40)}]}))
            lines.append(_dump({"$set": {"lastUpdated": _iso(t)}}))
            for step in range(rng.randrange(1, 7)):
                t += rng.uniform(2, 40)
                if rng.random() < 0.05:
                    model = _pick(rng, GEMINI_MODELS)
                context += rng.randrange(200, 4000)
                cached = int(context * rng.uniform(0.5, 0.95)) if rng.random() < 0.8 else 0
                out, thoughts = rng.randrange(20, 1500), rng.randrange(0, 900)
                calls = []
                for k in range(rng.choice([0, 1, 1, 1, 2, 3])):
                    name, display, args = rng.choice(GEMINI_TOOLS)
                    cid = f"{name}-{int(t * 1000)}-{k}"
                    out_text = self.output()
                    calls.append('{"id":' + _dump(cid) + ',"name":"' + name + '","args":' + _dump(args(rng))
                                 + ',"result":[{"functionResponse":{"id":' + _dump(cid) + ',"name":"' + name
                                 + '","response":{"output":"' + out_text + '"}}}],"status":"success","timestamp":"'
                                 + _iso(t) + '","displayName":"' + display + '","description":"","resultDisplay":"'
                                 + self.shown(out_text) + '","renderOutputAsMarkdown":true}')
                head = _dump({"id": str(uuid.UUID(int=rng.getrandbits(128))), "timestamp": _iso(t), "type": "gemini",
                              "content": "Looking at it. " * rng.randrange(1, 30),
                              "thoughts": [{"subject": "Plan", "description": "think " * rng.randrange(5, 80),
                                            "timestamp": _iso(t - 1)}],
                              "tokens": {"input": context, "output": out, "cached": cached, "thoughts": thoughts,
                                         "tool": 0, "total": context + out + thoughts},
                              "model": model})
                lines.append(head[:-1] + ',"toolCalls":[' + ",".join(calls) + "]}")
                lines.append(_dump({"$set": {"lastUpdated": _iso(t)}}))
            if rng.random() < 0.05:
                lines.append(_dump({"id": str(uuid.UUID(int=rng.getrandbits(128))), "timestamp": _iso(t),
                                    "type": "info", "content": "Request cancelled."}))
        return lines

    def qwen(self, t: float, project: str) -> list[str]:
        rng = self.rng
        self.sid = str(uuid.UUID(int=rng.getrandbits(128)))
        cwd = f"/home/dev/{project}"
        parent = None
        lines = []

        def rec(kind: str, message, **extra) -> str:
            nonlocal parent
            me = str(uuid.UUID(int=rng.getrandbits(128)))
            r = {"uuid": me, "parentUuid": parent, "sessionId": self.sid, "timestamp": _iso(t), "type": kind,
                 "cwd": cwd, "version": "0.0.14", "gitBranch": "main", "message": message, **extra}
            parent = me
            return _dump(r)

        lines.append(rec("system", None, subtype="ui_telemetry", systemPayload={"uiEvent": {"event.name": "start"}}))
        model = _pick(rng, QWEN_MODELS)
        context = rng.randrange(3000, 12000)
        for turn in range(rng.randrange(1, 30)):
            t += rng.uniform(20, 600)
            lines.append(rec("user", {"role": "user", "parts": [
                {"text": rng.choice(PROMPTS) + " " + "please " * rng.randrange(0, 40)}]}))
            for step in range(rng.randrange(1, 7)):
                t += rng.uniform(2, 40)
                context += rng.randrange(200, 4000)
                cached = int(context * rng.uniform(0.5, 0.95)) if rng.random() < 0.7 else 0
                out = rng.randrange(20, 1500)
                parts = [{"text": "think " * rng.randrange(5, 60), "thought": True}, {"text": "On it. " * 3}]
                tools = [rng.choice(QWEN_TOOLS) for _ in range(rng.choice([0, 1, 1, 1, 2, 3]))]
                parts += [{"functionCall": {"id": f"call_{rng.getrandbits(40):x}", "name": n, "args": args(rng)}}
                          for n, args in tools]
                usage = {"promptTokenCount": context, "candidatesTokenCount": out, "totalTokenCount": context + out,
                         "cachedContentTokenCount": cached}
                if rng.random() < 0.5:
                    usage["thoughtsTokenCount"] = rng.randrange(0, 800)
                lines.append(rec("assistant", {"role": "model", "parts": parts}, model=model, usageMetadata=usage))
                for n, _ in tools:
                    t += rng.uniform(0.5, 20)
                    out_text = self.output()
                    head = rec("tool_result", None)
                    lines.append(head[: -len('"message":null}')] + '"message":{"role":"user","parts":[{'
                                 '"functionResponse":{"id":"c","name":"' + n + '","response":{"output":"' + out_text
                                 + '"}}}]},"toolCallResult":{"callId":"c","status":"success","resultDisplay":"'
                                 + self.shown(out_text) + '"}}')
            if rng.random() < 0.3:
                lines.append(rec("system", None, subtype="ui_telemetry",
                                 systemPayload={"uiEvent": {"event.name": "api_response", "duration_ms": 900}}))
        return lines


    def pi(self, t: float, project: str) -> list[str]:
        """A Pi session (OpenClaw's when --tool openclaw: no `api` fields, the
        model from model_change records)."""
        rng, claw = self.rng, self.a.tool == "openclaw"
        self.sid = str(uuid.UUID(int=rng.getrandbits(128)))
        lines = [_dump({"type": "session", "version": 3, "id": self.sid, "timestamp": _iso(t),
                        "cwd": f"/home/dev/{project}"})]
        model = _pick(rng, PI_MODELS)
        if claw:
            lines.append(_dump({"type": "model_change", "id": "mc", "timestamp": _iso(t), "provider": "anthropic",
                                "modelId": model}))
        context = rng.randrange(3000, 12000)
        parent = None

        def msg(message: dict) -> str:
            nonlocal parent
            me = f"{rng.getrandbits(32):08x}"
            line = _dump({"type": "message", "id": me, "parentId": parent, "timestamp": _iso(t), "message": message})
            parent = me
            return line

        for turn in range(rng.randrange(1, 30)):
            t += rng.uniform(20, 600)
            lines.append(msg({"role": "user", "content": [
                {"type": "text", "text": rng.choice(PROMPTS) + " " + "please " * rng.randrange(0, 40)}],
                "timestamp": int(t * 1000)}))
            for step in range(rng.randrange(1, 7)):
                t += rng.uniform(2, 40)
                context += rng.randrange(200, 4000)
                write = rng.randrange(0, 3000)
                usage = {"input": rng.randrange(1, 400), "output": rng.randrange(20, 1500), "cacheRead": context,
                         "cacheWrite": write}
                usage["totalTokens"] = sum(usage.values())
                usage["cost"] = {"input": 0.001, "output": 0.01, "cacheRead": 0.002, "cacheWrite": 0.003, "total": 0.016}
                tools = [rng.choice(PI_TOOLS) for _ in range(rng.choice([0, 1, 1, 1, 2, 3]))]
                content = [{"type": "thinking", "thinking": "think " * rng.randrange(5, 80)},
                           {"type": "text", "text": "On it. " * rng.randrange(1, 10)}]
                content += [{"type": "toolCall", "id": f"toolu_{rng.getrandbits(48):x}", "name": n, "arguments": a(rng)}
                            for n, a in tools]
                m = {"role": "assistant", "content": content}
                if not claw:
                    m.update(api="anthropic-messages", provider="anthropic")
                m.update(model=model, usage=usage, stopReason="toolUse" if tools else "stop", timestamp=int(t * 1000))
                lines.append(msg(m))
                for n, _ in tools:
                    t += rng.uniform(0.5, 20)
                    head = msg({"role": "toolResult", "toolCallId": "x", "toolName": n, "content": [], "isError": False})
                    cut = head.index('"content":[]') + len('"content":[')
                    lines.append(head[:cut] + '{"type":"text","text":"' + self.output() + '"}' + head[cut:])
        return lines


    def copilot(self, t: float) -> list[str]:
        """A Copilot CLI session: 1-3 resume legs, each closed by a shutdown
        with the cumulative per-model counters."""
        rng = self.rng
        self.sid = str(uuid.UUID(int=rng.getrandbits(128)))
        parent = [None]

        def ev(kind: str, data: dict, raw: str = "") -> str:
            me = str(uuid.UUID(int=rng.getrandbits(128)))
            head = '{"type":"' + kind + '","data":' + (raw or _dump(data))
            line = head + ',"id":"' + me + '","timestamp":"' + _iso(t) + '","parentId":' + _dump(parent[0]) + "}"
            parent[0] = me
            return line

        model = _pick(rng, COPILOT_MODELS)
        lines = [ev("session.start", {"sessionId": self.sid, "version": 1, "producer": "copilot-agent",
                                      "copilotVersion": "1.0.80", "startTime": _iso(t), "selectedModel": model})]
        totals: dict[str, list[int]] = {}
        for leg in range(rng.choice([1, 1, 2, 3])):
            if leg:
                t += rng.uniform(600, 20000)
                lines.append(ev("session.resume", {"resumeTime": _iso(t), "eventCount": len(lines)}))
            used = set()
            for turn in range(rng.randrange(1, 25)):
                t += rng.uniform(20, 600)
                prompt = rng.choice(PROMPTS) + " " + "please " * rng.randrange(0, 40)
                lines.append(ev("user.message", {"content": prompt, "interactionId": f"int-{turn}", "attachments": []}))
                if rng.random() < 0.03:
                    model = _pick(rng, COPILOT_MODELS)
                    lines.append(ev("session.model_change", {"newModel": model}))
                sub = rng.random() < 0.1
                if sub:
                    lines.append(ev("subagent.started", {"agentName": "explore", "agentDisplayName": "Explore",
                                                         "toolCallId": f"call_sub{turn}"}))
                for step in range(rng.randrange(1, 7)):
                    t += rng.uniform(2, 40)
                    if rng.random() < 0.5:
                        thought = "think " * rng.randrange(5, 300)
                        lines.append(ev("assistant.reasoning", {"reasoningId": "r", "content": thought}))
                    tools = [rng.choice(COPILOT_TOOLS) for _ in range(rng.choice([0, 1, 1, 1, 2, 3]))]
                    reqs = [{"toolCallId": f"toolu_{rng.getrandbits(48):x}", "name": n, "arguments": a(rng),
                             "type": "function"} for n, a in tools]
                    used.add(model)
                    lines.append(ev("assistant.message", {"messageId": str(uuid.UUID(int=rng.getrandbits(128))),
                                                          "model": model, "content": "On it. " * rng.randrange(1, 20),
                                                          "toolRequests": reqs, "interactionId": f"int-{turn}",
                                                          "outputTokens": rng.randrange(20, 1500)}))
                    for r in reqs:
                        t += rng.uniform(0.5, 20)
                        lines.append(ev("tool.execution_start", {"toolCallId": r["toolCallId"], "toolName": r["name"],
                                                                 "arguments": r["arguments"]}))
                        out = self.output()
                        lines.append(ev("tool.execution_complete", {}, '{"toolCallId":"' + r["toolCallId"]
                                        + '","success":true,"result":{"content":"' + out + '","detailedContent":"'
                                        + self.shown(out) + '"},"toolTelemetry":{}}'))
                if sub:
                    lines.append(ev("subagent.completed", {"agentName": "explore", "toolCallId": f"call_sub{turn}"}))
            t += rng.uniform(5, 3000)
            metrics = {}
            for m in sorted(used | set(totals)):
                c = totals.setdefault(m, [0, 0, 0, 0, 0])
                if m in used:
                    c[1] += rng.randrange(10000, 400000)
                    c[2] += rng.randrange(0, 40000)
                    c[0] += c[1] + c[2] + rng.randrange(1000, 60000)
                    c[3] += rng.randrange(0, 3000)
                    c[4] += rng.randrange(100, 20000)
                metrics[m] = {"requests": {"count": rng.randrange(1, 40), "cost": 1},
                              "usage": {"inputTokens": c[0], "outputTokens": c[3], "cacheReadTokens": c[1],
                                        "cacheWriteTokens": c[2], "reasoningTokens": c[4]}}
            lines.append(ev("session.shutdown", {"shutdownType": "routine", "totalPremiumRequests": 3,
                                                 "sessionStartTime": int(t * 1000), "modelMetrics": metrics}))
        return lines

    def kimicode(self, t: float) -> list[str]:
        """A Kimi Code main agent's wire log (time in epoch ms)."""
        rng = self.rng
        self.sid = f"{rng.getrandbits(64):016x}"
        lines = [_dump({"type": "metadata", "protocol_version": "1.4", "created_at": int(t * 1000)})]
        model = _pick(rng, KIMI_MODELS)
        context = rng.randrange(3000, 12000)
        for turn in range(1, rng.randrange(2, 30)):
            t += rng.uniform(20, 600)
            prompt = rng.choice(PROMPTS) + " " + "please " * rng.randrange(0, 40)
            lines.append(_dump({"type": "turn.prompt", "input": [{"type": "text", "text": prompt}],
                                "origin": {"kind": "user"}, "time": int(t * 1000)}))
            for step in range(1, rng.randrange(2, 8)):
                t += rng.uniform(2, 40)
                lines.append(_dump({"type": "llm.request", "kind": "loop", "provider": "moonshot", "model": model,
                                    "modelAlias": "default", "maxTokens": 32768, "messageCount": 2 * step,
                                    "turnStep": f"{turn}.{step}", "time": int(t * 1000)}))
                tools = [rng.choice(KIMI_TOOLS) for _ in range(rng.choice([0, 1, 1, 1, 2, 3]))]
                for n, a in tools:
                    lines.append(_dump({"type": "context.append_loop_event", "event": {
                        "type": "tool.call", "name": n, "args": a(rng), "turnId": turn, "step": step,
                        "toolCallId": f"tool-{turn}-{step}-{n}"}}))
                context += rng.randrange(200, 4000)
                cached = int(context * rng.uniform(0.5, 0.95))
                lines.append(_dump({"type": "usage.record", "model": "default", "usage": {
                    "inputOther": context - cached, "output": rng.randrange(20, 1500), "inputCacheRead": cached,
                    "inputCacheCreation": 0}, "usageScope": "turn", "time": int(t * 1000)}))
                for n, _ in tools:
                    t += rng.uniform(0.5, 20)
                    lines.append('{"type":"context.append_loop_event","event":{"type":"tool.result","turnId":'
                                 + str(turn) + ',"step":' + str(step) + ',"toolCallId":"tool-' + f"{turn}-{step}-{n}"
                                 + '","result":{"output":"' + self.output() + '"}}}')
        return lines


COPILOT_MODELS = [("claude-sonnet-4.5", 50), ("gpt-5", 30), ("claude-haiku-4.5", 10), ("gpt-4.1", 10)]
COPILOT_TOOLS = [("bash", lambda r: {"command": r.choice(SHELL), "description": "run it"}),
                 ("view", lambda r: {"path": f"/home/dev/app/src/m{r.randrange(90)}.ts"}),
                 ("edit", lambda r: {"path": f"/home/dev/app/src/m{r.randrange(90)}.ts", "old_str": "a",
                                     "new_str": "b"}),
                 ("create", lambda r: {"path": "notes.md", "file_text": "x" * r.randrange(2000)}),
                 ("github-mcp-server-list_issues", lambda r: {"owner": "acme", "repo": "app"}),
                 ("skill", lambda r: {"skill": "pdf"})]
KIMI_MODELS = [("kimi-k2p6", 60), ("kimi-k2-thinking", 30), ("kimi-k2.5", 10)]
KIMI_TOOLS = [("Shell", lambda r: {"command": r.choice(SHELL)}),
              ("ReadFile", lambda r: {"path": f"/home/dev/app/src/m{r.randrange(90)}.ts"}),
              ("StrReplaceFile", lambda r: {"path": f"/home/dev/app/src/m{r.randrange(90)}.ts", "old": "a",
                                            "new": "b"}),
              ("WriteFile", lambda r: {"path": "notes.md", "content": "x" * r.randrange(2000)}),
              ("Grep", lambda r: {"pattern": "TODO"})]
PI_MODELS = [("claude-sonnet-4-5", 50), ("claude-opus-4-6", 25), ("claude-haiku-4-5", 15), ("gpt-5", 10)]
PI_TOOLS = [("bash", lambda r: {"command": r.choice(SHELL)}),
            ("read", lambda r: {"path": f"/home/dev/app/src/m{r.randrange(90)}.ts"}),
            ("edit", lambda r: {"path": f"/home/dev/app/src/m{r.randrange(90)}.ts", "oldText": "a", "newText": "b"}),
            ("write", lambda r: {"path": "notes.md", "content": "x" * r.randrange(2000)}),
            ("grep", lambda r: {"pattern": "TODO"}),
            ("read", lambda r: {"path": "/home/dev/.pi/agent/skills/deploy/SKILL.md"})]


def main(argv: list[str]) -> int:
    ap = base_parser(__doc__)
    ap.add_argument("--tool", choices=("gemini", "qwen", "pi", "openclaw", "copilot", "kimicode"), default="gemini")
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    g = Generator(a)
    g.run()
    write_meta(a, g, time.time() - t0, tool=a.tool)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
