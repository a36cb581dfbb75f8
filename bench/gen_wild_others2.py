"""A second, independent generator of non-Claude, non-Codex file-based
histories (spec providers.md §1.3-1.11, §3.1-3.3), aimed at what
bench/gen_wild_others.py leaves out: the bytes around the records (BOMs,
CRLF, blank and whitespace lines, torn tails, empty files, one huge line),
each tool's alternative locations (its env overrides, written to
HOME/wild-env.json for bench/shapes_sweep.sweep_seeds), times in other
spellings (offsets, no zone, epoch numbers), numbers as floats, missing and
null fields, duplicated records and sessions copied into a second file,
model names with provider prefixes, and zero-token rows.

Usage: python bench/gen_wild_others2.py HOME [--seed N] [--only gemini,qwen,...]
Sweep: python bench/wild_others2_sweep.py [--seeds 1,2,3]"""
from __future__ import annotations

import argparse
import json
import os
import random
import uuid
from datetime import datetime, timedelta, timezone

NOW = datetime.now(timezone.utc).replace(microsecond=0)
MODELS = ["claude-sonnet-4-5", "claude-opus-4-6", "gpt-5", "gpt-5-mini", "gemini-2.5-pro", "gemini-2.5-flash",
          "qwen3-coder-plus", "kimi-k2-thinking", "devstral-medium", "not-a-real-model-7"]
PROMPTS = ["fix the crash in the parser", "add unit tests for the cache", "refactor the router module",
           "why does deploy fail on CI?", "write the changelog", "explain the retry logic", "git rebase onto main",
           "Ünïcødé prompt — résumé ✓", "debug the memory leak", "plan the migration to v2", "run npm install"]
SHELL = ["git status && git diff", "npm run build", "pytest -x tests/", "docker compose up -d", "make -j4 && make test",
         "sudo apt-get install -y jq", "cd web; yarn lint | head"]


class R:
    """Seeded draws, plus the environment the history needs (wild-env.json)."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.env: dict[str, str] = {}

    def p(self, prob: float) -> bool:
        return self.r.random() < prob

    def one(self, seq):
        return self.r.choice(seq)

    def n(self, a: int, b: int) -> int:
        return self.r.randint(a, b)

    def uid(self) -> str:
        return str(uuid.UUID(int=self.r.getrandbits(128), version=4))

    def hx(self, k: int = 8) -> str:
        return "%0*x" % (k, self.r.getrandbits(4 * k))

    def start(self) -> datetime:
        """A session start within the last 35 days; one in five is a few hours
        ago so `today` has rows."""
        if self.p(0.2):
            return NOW - timedelta(minutes=self.n(150, 300))
        return NOW - timedelta(minutes=self.n(400, 35 * 1440))

    def tokens(self, hi: int = 30000):
        """A count: zero now and then, else an int or (rarely) the same as a float."""
        v = 0 if self.p(0.07) else self.n(1, hi)
        return float(v) if self.p(0.1) else v

    def iso(self, t: datetime) -> str:
        """A UTC instant in one of the ISO spellings JSON writers use."""
        k = self.n(0, 5)
        if k == 0:
            return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % self.n(0, 999)
        if k == 1:
            return t.strftime("%Y-%m-%dT%H:%M:%SZ")
        if k == 2:
            return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%06d+00:00" % self.n(0, 999999)
        if k == 3:
            return t.astimezone(timezone(timedelta(hours=5, minutes=30))).isoformat()
        if k == 4:
            return t.astimezone(timezone(timedelta(hours=-7))).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "-07:00"
        return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")

    def model(self, pool=None) -> str:
        m = self.one(pool or MODELS)
        if self.p(0.15):
            m = self.one(["models/", "anthropic/", "openrouter/"]) + m
        return m

    def prompt(self) -> str:
        return self.one(PROMPTS)


def ms(t: datetime) -> int:
    return int(t.timestamp() * 1000)


BYTES = {"bom": 0.08, "crlf": 0.15}  # how often a file gets a BOM / CRLF (--bom, --crlf)


def put(path: str, text: str, r: R, bom_ok: bool = True, crlf_ok: bool = True) -> None:
    """Writes text, sometimes with a UTF-8 BOM or CRLF line ends."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if crlf_ok and r.p(BYTES["crlf"]):
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if bom_ok and r.p(BYTES["bom"]):
        data = b"\xef\xbb\xbf" + data
    with open(path, "wb") as f:
        f.write(data)


def dump(r: R, obj) -> str:
    return json.dumps(obj, ensure_ascii=r.p(0.4), separators=(",", ":") if r.p(0.5) else (", ", ": "))


def lines(r: R, path: str, rows: list, **kw) -> None:
    """JSONL with the noise real files pick up: blank or space-only lines, a
    duplicated record, a torn last line, no final newline, one huge line."""
    out = [x if isinstance(x, str) else dump(r, x) for x in rows]
    if out and r.p(0.2):
        out.insert(r.n(1, len(out)), r.one(["", "   ", "\t"]))
    if out and r.p(0.1):
        out.append(out[-1][: max(1, len(out[-1]) // 2)])  # torn while being written
    text = "\n".join(out) + ("\n" if r.p(0.85) else "")
    put(path, text, r, **kw)


def huge(r: R) -> str:
    """A long tool output (about 1.2 MB) to put inside one line."""
    return "x" * r.n(1_100_000, 1_300_000)


def set_env(r: R, key: str, rel: str) -> str:
    """Sets env key to HOME/rel for the run and returns rel."""
    r.env[key] = "{home}/" + rel
    return rel


# ------------------------------------------------------------------ Gemini §1.3

def gen_gemini(r: R, home: str) -> None:
    root = os.path.join(home, ".gemini", "tmp")
    shared_sid = None
    for proj in [r.one(["a1b2c3" * 6 + "d4e5", "tool-box", "naïve proj", "dot.ted"]) for _ in range(r.n(1, 3))]:
        for k in range(r.n(1, 3)):
            sid = shared_sid if (shared_sid and r.p(0.2)) else r.uid()
            shared_sid = sid
            t = r.start()
            msgs = []
            for i in range(r.n(0, 6)):
                t += timedelta(seconds=r.n(3, 900))
                if r.p(0.75):
                    content = r.one([r.prompt(), [{"text": r.prompt()}], [{"text": r.prompt()}, {"inlineData": {}}]])
                    msgs.append({"id": f"u{i}", "type": "user", "timestamp": r.iso(t), "content": content})
                calls = []
                for _ in range(r.n(0, 3)):
                    name, disp = r.one([("run_shell_command", "Shell"), ("read_file", "ReadFile"), ("glob", None),
                                        ("replace", "Edit"), ("write_file", "WriteFile"), ("web_search", None),
                                        ("list_dir", "ListDir"), ("google_web_search", "GoogleSearch")])
                    c = {"id": f"{name}-{r.hx(5)}", "name": name, "args": {"command": r.one(SHELL)}}
                    if disp and r.p(0.8):
                        c["displayName"] = disp
                    calls.append(c)
                inp = r.tokens()
                tok = {"input": inp, "output": r.tokens(3000), "cached": r.n(0, int(inp)) if r.p(0.6) else 0,
                       "thoughts": r.tokens(900) if r.p(0.4) else 0, "tool": 0}
                if r.p(0.15):
                    del tok[r.one(["cached", "thoughts", "output"])]
                m = {"id": f"g{i}-{r.hx(4)}", "type": "gemini", "timestamp": r.iso(t + timedelta(seconds=2)),
                     "content": "ok", "model": r.model(MODELS[4:6] + MODELS[9:]), "tokens": tok}
                if r.p(0.1):
                    m["timestamp"] = ms(t) if r.p(0.5) else t.strftime("%Y-%m-%dT%H:%M:%S")  # number / no zone
                if r.p(0.05):
                    m["timestamp"] = None
                if calls:
                    m["toolCalls"] = calls
                if r.p(0.06):
                    del m["id"]
                msgs.append(m)
                if r.p(0.08):
                    msgs.append(dict(m))  # the same message written twice
                if r.p(0.1):
                    msgs.append({"id": f"i{i}", "type": "info", "content": "cancelled"})
            start = r.iso(t - timedelta(minutes=30))
            head = {"sessionId": sid, "projectHash": r.hx(16), "startTime": start, "lastUpdated": r.iso(t),
                    "kind": r.one(["main", "subagent"])}
            stem = os.path.join(root, proj, "chats", f"session-{t:%Y-%m-%dT%H-%M}-{sid[:8]}{k}")
            if r.p(0.4):
                doc = dict(head, messages=msgs)
                text = json.dumps(doc, indent=r.one([None, 2]), ensure_ascii=r.p(0.5))
                put(stem + ".json", text, r)
            else:
                rows = [head] + msgs
                if r.p(0.4):
                    rows.insert(r.n(1, len(rows)), {"$set": {"lastUpdated": r.iso(t)}})
                if msgs and r.p(0.05):
                    msgs[-1]["content"] = huge(r)
                lines(r, stem + ".jsonl", rows)
    if r.p(0.3):
        put(os.path.join(root, "empty-proj", "chats", "session-empty.jsonl"), "", r)


# ------------------------------------------------------------------ Qwen §1.5

def gen_qwen(r: R, home: str) -> None:
    rel = set_env(r, "QWEN_DATA_DIR", "qwen-data/projects") if r.p(0.4) else ".qwen/projects"
    root = os.path.join(home, rel)
    for pdir in [r.one(["-home-u-web-app", "-srv-api", "-Users-x-données", "-home-u-a_b"]) + str(j)
                 for j in range(r.n(1, 3))]:
        for _ in range(r.n(1, 2)):
            sid, t, rows, prev = r.uid(), r.start(), [], None
            for i in range(r.n(0, 6)):
                t += timedelta(seconds=r.n(5, 800))
                if r.p(0.7):
                    u = f"u-{r.hx(6)}"
                    parts = [{"text": r.prompt()}] if r.p(0.8) else [{"text": "x", "thought": True}]
                    rows.append({"uuid": u, "parentUuid": prev, "sessionId": sid, "timestamp": r.iso(t),
                                 "type": "user", "message": {"role": "user", "parts": parts}})
                    prev = u
                parts = []
                for _ in range(r.n(0, 2)):
                    name = r.one(["execute_command", "read_file", "run_shell_command", "edit_file", "list_directory",
                                  "web_search", "write_to_file"])
                    parts.append({"functionCall": {"name": name, "args": {"command": r.one(SHELL)}}})
                a = {"uuid": f"a-{r.hx(6)}", "parentUuid": prev, "sessionId": sid,
                     "timestamp": r.iso(t + timedelta(seconds=3)), "type": "assistant",
                     "model": r.model(["qwen3-coder-plus", "qwen3-max", "not-a-real-model-7"]),
                     "message": {"role": "model", "parts": parts}}
                um = {"promptTokenCount": r.tokens(), "candidatesTokenCount": r.tokens(2000),
                      "thoughtsTokenCount": r.tokens(400), "cachedContentTokenCount": r.tokens(5000)}
                if r.p(0.15):
                    del um[r.one(["thoughtsTokenCount", "cachedContentTokenCount"])]
                if r.p(0.9):
                    a["usageMetadata"] = um
                if r.p(0.05):
                    a["timestamp"] = ""
                if r.p(0.07):
                    a["model"] = ""
                rows.append(a)
                if r.p(0.1):
                    rows.append(dict(a))  # a copied record: same uuid
                prev = a["uuid"]
                if r.p(0.2):
                    rows.append({"uuid": f"s-{r.hx(6)}", "sessionId": sid, "timestamp": r.iso(t), "type": "system",
                                 "subtype": "ui_telemetry"})
            lines(r, os.path.join(root, pdir, "chats", f"{sid}.jsonl"), rows)


# ------------------------------------------------------------------ Droid §1.6

def gen_droid(r: R, home: str) -> None:
    rel = set_env(r, "FACTORY_DIR", "factory-alt") if r.p(0.4) else ".factory"
    root = os.path.join(home, rel, "sessions")
    for _ in range(r.n(1, 4)):
        cwd = r.one(["/work/projects/svc-a", "/work/projects/mono/pkg-b/", "/opt/tools", "/data/ünï", "/"])
        sid, t = r.uid(), r.start()
        start = {"type": "session_start", "id": sid, "title": r.prompt(), "cwd": cwd}
        if r.p(0.1):
            del start["cwd"]
        rows = [start]
        for i in range(r.n(0, 5)):
            t += timedelta(seconds=r.n(5, 900))
            content = r.one([r.prompt(), [{"type": "text", "text": r.prompt()}],
                             [{"type": "text", "text": "<system-reminder>x</system-reminder>"}]])
            rows.append({"type": "message", "id": f"u{i}", "timestamp": r.iso(t),
                         "message": {"role": "user", "content": content}})
            for j in range(r.n(1, 3)):
                blocks = []
                if r.p(0.3):
                    blocks.append({"type": "thinking", "thinking": "..."})
                for _ in range(r.n(0, 2)):
                    name = r.one(["Execute", "Read", "Edit", "Create", "Grep", "Task", "WebSearch", "TodoWrite"])
                    blocks.append({"type": "tool_use", "id": r.hx(6), "name": name,
                                   "input": {"command": "cd x && " + r.one(SHELL) + "\nls"} if name == "Execute" else {}})
                if r.p(0.5):
                    blocks.append({"type": "text", "text": "done"})
                m = {"type": "message", "id": f"a{i}.{j}", "timestamp": r.iso(t + timedelta(seconds=j + 1)),
                     "message": {"role": "assistant", "content": blocks if r.p(0.9) else "plain text reply"}}
                if r.p(0.1):
                    del m["id"]
                if r.p(0.05):
                    del m["timestamp"]
                rows.append(m)
        sub = os.path.join(root, cwd.strip("/").replace("/", "-") or "root")
        lines(r, os.path.join(sub, f"{sid}.jsonl"), rows, bom_ok=r.p(0.5))
        if r.p(0.9):
            st = {"model": r.one(["custom:Claude-Sonnet-4-5-[Max]-3", "gpt-5", "custom:gpt-5-mini-[Team]-12",
                                  "claude-opus-4-6", "custom:not-a-real-model-7-0", ""])}
            if r.p(0.9):
                st["tokenUsage"] = {"inputTokens": r.tokens(80000), "outputTokens": r.tokens(9000),
                                    "cacheCreationTokens": r.tokens(4000), "cacheReadTokens": r.tokens(90000),
                                    "thinkingTokens": r.tokens(2000)}
                if r.p(0.15):
                    del st["tokenUsage"][r.one(["thinkingTokens", "cacheCreationTokens"])]
            put(os.path.join(sub, f"{sid}.settings.json"), json.dumps(st, indent=2), r)


# ------------------------------------------------------------------ Copilot CLI §1.4.a, VS Code §1.4.b/c

def copilot_cli_session(r: R, path: str, sid: str) -> None:
    t = r.start()
    model = r.one(["claude-sonnet-4.5", "gpt-5", "gpt-5-mini", "claude-opus-4.6"])
    ev = [{"type": "session.start", "id": r.uid(), "timestamp": r.iso(t),
           "data": {"sessionId": sid, "selectedModel": model, "startTime": r.iso(t)}}]
    acc: dict[str, dict] = {}
    for leg in range(r.n(1, 3)):
        for i in range(r.n(0, 4)):
            t += timedelta(seconds=r.n(10, 700))
            if r.p(0.15):
                model = r.one(["gpt-5", "claude-sonnet-4.5", "gpt-5-mini"])
                ev.append({"type": "session.model_change", "timestamp": r.iso(t), "data": {"newModel": model}})
            ev.append({"type": "user.message", "timestamp": r.iso(t), "data": {"content": r.prompt()}})
            if r.p(0.1):
                ev.append({"type": "subagent.selected", "timestamp": r.iso(t), "data": {"agentName": "planner"}})
            reqs = []
            for _ in range(r.n(0, 3)):
                name = r.one(["bash", "view", "edit", "create", "skill", "github-mcp-server-get_issue", "web_search",
                              "run_in_terminal", "str_replace_editor"])
                args = {"command": r.one(SHELL)} if name in ("bash", "run_in_terminal") else {"skill": "docx"}
                reqs.append({"toolCallId": "call_" + r.hx(6), "name": name, "arguments": args})
            d = {"messageId": f"m{leg}-{i}-{r.hx(3)}", "content": "", "toolRequests": reqs,
                 "outputTokens": r.tokens(900)}
            if r.p(0.3):
                d["model"] = model
            if r.p(0.1):
                del d["messageId"]  # the reference keys such messages "…:undefined": one per session counts
            ev.append({"type": "assistant.message", "timestamp": r.iso(t + timedelta(seconds=4)), "data": d})
            if r.p(0.08):
                ev.append(json.loads(json.dumps(ev[-1])))
            u = acc.setdefault(model, {"inputTokens": 0, "outputTokens": 0, "cacheReadTokens": 0,
                                       "cacheWriteTokens": 0, "reasoningTokens": 0})
            cr, cw = r.n(0, 6000), r.n(0, 1500)
            u["inputTokens"] += cr + cw + r.n(0, 3000)
            u["cacheReadTokens"] += cr
            u["cacheWriteTokens"] += cw
            u["outputTokens"] += int(d["outputTokens"])
        if acc and r.p(0.8):
            t += timedelta(seconds=20)
            ev.append({"type": "session.shutdown", "timestamp": r.iso(t), "data": {
                "shutdownType": "routine", "sessionStartTime": ms(t - timedelta(hours=2)),
                "modelMetrics": {k: {"requests": {"count": 2, "cost": 1}, "usage": dict(v)} for k, v in acc.items()}}})
            if r.p(0.2):
                acc = {}  # the next leg's counters start again
        if r.p(0.5):
            t += timedelta(minutes=r.n(5, 90))
            ev.append({"type": "session.resume", "timestamp": r.iso(t), "data": {}})
    lines(r, path, ev)


def vscode_chat_session(r: R, path: str) -> None:
    t = r.start()
    root = {"version": 3, "creationDate": ms(t), "requests": []}
    if r.p(0.7):
        root["sessionId"] = r.uid()
    rows = [{"kind": 0, "v": root}]
    for i in range(r.n(0, 4)):
        t += timedelta(minutes=r.n(1, 40))
        req = {"requestId": f"request_{r.hx(6)}", "message": {"text": r.prompt()},
               "result": {"metadata": {"promptTokens": r.tokens(), "toolCallRounds": [
                   {"toolCalls": [{"name": r.one(["readFile", "runInTerminal", "editFile", "grepSearch"])}]}]}}}
        if r.p(0.7):
            req["result"]["metadata"]["outputTokens"] = r.tokens(900)
        if r.p(0.6):
            req["modelId"] = r.one(["copilot/gpt-5", "copilot/claude-sonnet-4.5", "copilot/auto"])
        else:
            req["result"]["metadata"]["resolvedModel"] = r.one(["gpt-5-mini", "claude-opus-4-6"])
        if r.p(0.8):
            req["timestamp"] = r.one([ms(t), r.iso(t)])
        if r.p(0.5):
            rows.append({"kind": 2, "k": ["requests"], "v": [req]})
        else:
            rows.append({"kind": 2, "v": [req]})  # k defaults to ["requests"]
        if r.p(0.3):
            rows.append({"kind": 1, "k": ["requests", i, "result", "metadata", "outputTokens"], "v": r.n(1, 700)})
    lines(r, path, rows)


def vscode_transcript(r: R, path: str) -> None:
    t = r.start()
    pre = r.one(["call_", "toolu_bdrk_", "tooluse_"])
    ev = [{"type": "session.start", "data": {"sessionId": "x", "producer": "copilot-agent"}}]
    for i in range(r.n(1, 4)):
        t += timedelta(minutes=r.n(1, 30))
        ev.append({"type": "user.message", "timestamp": r.iso(t), "data": {"content": r.prompt()}})
        reqs = [{"toolCallId": pre + r.hx(5), "name": r.one(["read_file", "run_in_terminal", "grep_search"]),
                 "arguments": {"command": r.one(SHELL)}} for _ in range(r.n(0, 2))]
        d = {"messageId": f"tm{i}", "toolRequests": reqs}
        if r.p(0.15):
            del d["messageId"]
        ev.append({"type": "assistant.message", "timestamp": r.iso(t), "data": d})
    lines(r, path, ev)


def gen_copilot(r: R, home: str) -> None:
    rel = set_env(r, "CODEBURN_COPILOT_SESSION_STATE_DIR", "copilot-state") if r.p(0.4) else ".copilot/session-state"
    for _ in range(r.n(1, 3)):
        sid = r.uid()
        copilot_cli_session(r, os.path.join(home, rel, sid, "events.jsonl"), sid)
        if r.p(0.8):
            cwd = r.one(["/work/api", "'/work/with space'", "\"/work/quoted\"  # note", "/work/ünï/"])
            put(os.path.join(home, rel, sid, "workspace.yaml"), f"id: {sid}\ncwd: {cwd}\nbranch: main\n", r, bom_ok=False)
    if r.p(0.4):
        ws = set_env(r, "CODEBURN_COPILOT_WS_STORAGE_DIR", "ws-storage")
    else:
        ws = os.path.join(".config", r.one(["Code", "Code - Insiders", "VSCodium"]), "User", "workspaceStorage")
    for _ in range(r.n(1, 2)):
        h = r.hx(32)
        if r.p(0.8):
            put(os.path.join(home, ws, h, "workspace.json"),
                json.dumps({"folder": r.one(["file:///work/site", "file:///work/caf%C3%A9", "vscode-remote://x/y"])}), r,
                bom_ok=False, crlf_ok=False)
        if r.p(0.5):
            vscode_chat_session(r, os.path.join(home, ws, h, "chatSessions", f"{r.uid()}.jsonl"))
        vscode_transcript(r, os.path.join(home, ws, h, "GitHub.copilot-chat", "transcripts", f"{r.uid()}.jsonl"))
    if r.p(0.5):
        gs = set_env(r, "CODEBURN_COPILOT_GLOBAL_STORAGE_DIR", "gs") if r.p(0.5) else \
            os.path.join(".config", "Code", "User", "globalStorage")
        vscode_chat_session(r, os.path.join(home, gs, "emptyWindowChatSessions", f"{r.uid()}.jsonl"))


# ------------------------------------------------------------------ Kimi Code §1.10, Kimi §1.9

def gen_kimicode(r: R, home: str) -> None:
    rel = set_env(r, "KIMI_CODE_HOME", "kc-home") if r.p(0.4) else ".kimi-code"
    for _ in range(r.n(1, 2)):
        wd = os.path.join(home, rel, "sessions", f"wd_{r.one(['svc', 'web-ui', 'ünï'])}_{r.hx(12)}")
        for _ in range(r.n(1, 2)):
            t = r.start()
            sdir = os.path.join(wd, r.one(["session_", "conv-", "ctitle-"]) + r.uid())
            if r.p(0.7):
                st = {"createdAt": r.iso(t), "updatedAt": r.iso(t + timedelta(minutes=40))}
                if r.p(0.7):
                    st["workDir"] = r.one(["/work/kc-app", "/work/kc app/", "C:\\work\\win"])
                put(os.path.join(sdir, "state.json"), json.dumps(st), r, bom_ok=False)
            for agent in ["main"] + (["sub1"] if r.p(0.3) else []):
                rows = [{"type": "metadata", "protocol_version": "1.4"}]
                tt = t
                for turn in range(1, r.n(1, 4)):
                    tt += timedelta(seconds=r.n(10, 600))
                    rows.append({"type": "turn.prompt", "input": r.one([r.prompt(), [{"type": "text", "text": r.prompt()}]]),
                                 "time": ms(tt)})
                    alias = r.one(["default", "fast"])
                    for step in range(1, r.n(2, 3)):
                        rq = {"type": "llm.request", "model": r.one(["kimi-k2-thinking", "kimi-k2.6-preview"]),
                              "modelAlias": alias, "turnStep": f"{turn}.{step}", "time": ms(tt) + step}
                        if r.p(0.1):
                            del rq["time"]
                        rows.append(rq)
                        if r.p(0.5):
                            a = {"command": r.one(SHELL)}
                            rows.append({"type": "context.append_loop_event", "event": {
                                "type": "tool.call", "name": r.one(["Bash", "ReadFile", "Edit", "Grep", "Agent"]),
                                "args": json.dumps(a) if r.p(0.5) else a}})
                        rec = {"type": "usage.record", "model": alias, "usage": {
                            "inputOther": r.tokens(), "output": r.tokens(800), "inputCacheRead": r.tokens(7000),
                            "inputCacheCreation": 0}}
                        if r.p(0.8):
                            rec["time"] = ms(tt) + 50 * step
                        rows.append(rec)
                lines(r, os.path.join(sdir, "agents", agent, "wire.jsonl"), rows)


def gen_kimi(r: R, home: str) -> None:
    import hashlib
    rel = set_env(r, "KIMI_SHARE_DIR", "kimi-share") if r.p(0.4) else ".kimi"
    if r.p(0.3):
        r.env["KIMI_MODEL_NAME"] = r.one(["kimi-k2-turbo-preview", "moonshot/kimi-k2-thinking"])
    paths = [("/work/kimi-a", "local"), ("/work/kimi-b", "ssh")]
    put(os.path.join(home, rel, "kimi.json"), json.dumps({"work_dirs": [{"path": p, "kaos": k} for p, k in paths]}), r,
        bom_ok=False)
    for p, kaos in paths:
        h = hashlib.md5(p.encode()).hexdigest()
        h = h if kaos == "local" else f"{kaos}_{h}"
        t = r.start()
        rows = [{"type": "metadata", "protocol_version": "2"}]
        for i in range(r.n(1, 4)):
            t += timedelta(seconds=r.n(10, 600))
            rows.append({"timestamp": t.timestamp(), "message": {"type": "TurnBegin", "payload": {"user_input": r.prompt()}}})
            rows.append({"timestamp": t.timestamp() + 1, "message": {"type": "ToolCall", "payload": {
                "function": {"name": r.one(["Shell", "ReadFile", "StrReplaceFile"]), "arguments": json.dumps({"command": r.one(SHELL)})}}}})
            rows.append({"timestamp": t.timestamp() + 2, "message": {"type": "StatusUpdate", "payload": {
                "message_id": f"chatcmpl-{r.hx(5)}", "token_usage": {"input_other": r.tokens(), "output": r.tokens(500),
                                                                     "input_cache_read": r.tokens(3000)}}}})
            rows.append({"timestamp": t.timestamp() + 3, "message": {"type": "TurnEnd", "payload": {}}})
        lines(r, os.path.join(home, rel, "sessions", h, r.uid(), "wire.jsonl"), rows)


# ------------------------------------------------------------------ Mistral Vibe §1.11

def gen_vibe(r: R, home: str) -> None:
    if r.p(0.4):
        r.env["VIBE_HOME"] = r.one(["{home}/vibe-alt", "~/vibe-tilde"])
        base = "vibe-alt" if r.env["VIBE_HOME"].startswith("{home}") else "vibe-tilde"
    else:
        base = ".vibe"
    root = os.path.join(home, base, "logs", "session")
    for _ in range(r.n(1, 4)):
        t = r.start()
        sdir = os.path.join(root, f"session_{t:%Y%m%d_%H%M%S}_{r.hx(8)}")
        vibe_session(r, sdir, t)
        if r.p(0.25):
            vibe_session(r, os.path.join(sdir, "agents", "explore-" + r.hx(3)), t + timedelta(minutes=2))


def vibe_session(r: R, sdir: str, t: datetime) -> None:
    rows, end = [], t
    for i in range(r.n(0, 4)):
        end += timedelta(seconds=r.n(10, 500))
        rows.append({"role": "user", "content": r.one([r.prompt(), [{"type": "text", "text": r.prompt()}]])})
        calls = [{"id": r.hx(4), "function": {"name": r.one(["bash", "read_file", "search_replace", "grep", "todo",
                                                            "ask_user_question", "web_search"]),
                                                "arguments": r.one([json.dumps({"command": r.one(SHELL)}), {"command": "ls"}, None])}}
                 for _ in range(r.n(0, 2))]
        a = {"role": "assistant", "content": r.one(["", "done", None])}
        if calls:
            a["tool_calls"] = calls
        if r.p(0.6):
            a["message_id"] = f"m{i}"
        if r.p(0.3):
            a["timestamp"] = r.iso(end)
        rows.append(a)
        if r.p(0.2):
            rows.append({"role": "system", "content": "compacted"})
    stats = {"session_prompt_tokens": r.tokens(90000), "session_completion_tokens": r.tokens(8000)}
    if r.p(0.4):
        stats["session_cost"] = r.one([0, round(r.r.random() / 30, 6)])
    if r.p(0.2):
        stats["input_price_per_million"] = 0.4
        stats["output_price_per_million"] = 2.0
    meta = {"session_id": r.one(["vibe-" + r.hx(6), None, ""]), "start_time": r.iso(t), "end_time": r.iso(end),
            "title": r.prompt(), "environment": {"working_directory": r.one(["/work/vibe-x", "/work/vibe ü/", None])},
            "stats": stats, "config": {"active_model": r.one(["devstral-medium", "mistral-large-latest", None]),
                                       "models": [{"name": "mistral-large-latest", "alias": "large", "input_price": 2,
                                                   "output_price": 6}]}}
    put(os.path.join(sdir, "meta.json"), json.dumps(meta, indent=2), r)
    lines(r, os.path.join(sdir, "messages.jsonl"), rows)


# ------------------------------------------------------------------ Pi / OMP §1.7

def gen_pi(r: R, home: str, which: str = "pi") -> None:
    root = os.path.join(home, f".{which}", "agent", "sessions")
    for _ in range(r.n(1, 3)):
        cwd = r.one(["/work/pi-app", "/work/pi app/", "/work/π", ""])
        d = "--" + cwd.strip("/").replace("/", "-") + "--"
        t, sid = r.start(), r.uid()
        rows = []
        if which == "omp" or r.p(0.2):
            rows += [{"type": "title", "v": 1, "title": "t", "updatedAt": r.iso(t)}, ""]
        head = {"type": "session", "version": 3, "id": sid, "timestamp": r.iso(t), "cwd": cwd}
        if r.p(0.1):
            del head["id"]
        rows.append(head)
        for i in range(r.n(0, 6)):
            t += timedelta(seconds=r.n(5, 700))
            if r.p(0.7):
                rows.append({"type": "message", "id": f"u{i}", "timestamp": r.iso(t), "message": {
                    "role": "user", "content": r.one([r.prompt(), [{"type": "text", "text": r.prompt()}],
                                                      [{"type": "image", "data": "..."}]])}})
            blocks = [{"type": "text", "text": "ok"}]
            for _ in range(r.n(0, 3)):
                name = r.one(["bash", "read", "edit", "write", "grep", "task", "fetch", "other"])
                args = {"command": r.one(SHELL)} if name == "bash" else {
                    "path": r.one(["/w/skills/lint/SKILL.md", "skill:///deploy?x", "/w/src/a.ts"])}
                blocks.append({"type": "toolCall", "id": r.hx(4), "name": name, "arguments": args})
            usage = {"input": r.tokens(), "output": r.tokens(2000), "cacheRead": r.tokens(20000),
                     "cacheWrite": r.tokens(2000)}
            if r.p(0.1):
                usage[r.one(["cacheRead", "cacheWrite"])] = None
            msg = {"role": "assistant", "content": blocks, "model": r.model(), "usage": usage}
            if r.p(0.6):
                msg["responseId"] = f"resp_{r.hx(6)}"
            if r.p(0.08):
                msg["model"] = None
            e = {"type": "message", "id": f"a{i}", "timestamp": r.iso(t + timedelta(seconds=4)), "message": msg}
            if r.p(0.1):
                del e["id"]
            rows.append(e)
            if r.p(0.05):
                rows.append({"type": "message", "id": f"tr{i}", "timestamp": r.iso(t),
                             "message": {"role": "toolResult", "content": huge(r)}})
        lines(r, os.path.join(root, d, f"{t:%Y-%m-%dT%H-%M-%S}_{sid}.jsonl"), rows)


def gen_omp(r: R, home: str) -> None:
    gen_pi(r, home, "omp")


# ------------------------------------------------------------------ Cline family §3.1

CLINE_EXT = {"cline": "saoudrizwan.claude-dev", "roo-code": "rooveterinaryinc.roo-cline",
             "kilo-code": "kilocode.kilo-code"}


def cline_task(r: R, tdir: str, t: datetime) -> None:
    ui = []
    if r.p(0.85):
        ui.append({"ts": ms(t), "type": "say", "say": r.one(["text", "user_feedback"]), "text": r.prompt()})
    for i in range(r.n(0, 5)):
        t += timedelta(seconds=r.n(3, 400))
        body = {"request": "<task>…</task>", "tokensIn": r.tokens(), "tokensOut": r.tokens(3000),
                "cacheReads": r.tokens(30000), "cacheWrites": r.tokens(2000)}
        if r.p(0.4):
            body["cost"] = r.one([0, round(r.r.random() / 8, 6)])
        if r.p(0.15):
            del body[r.one(["cacheReads", "cacheWrites"])]
        stamp = ms(t) if r.p(0.9) else r.one([r.iso(t), None])
        ui.append({"ts": stamp, "type": "say", "say": "api_req_started", "text": json.dumps(body)})
        if r.p(0.3):
            ask = r.one(["command", "tool"])
            ui.append({"ts": ms(t) + 7, "type": "ask", "ask": ask,
                       "text": r.one(SHELL) if ask == "command" else json.dumps({"tool": "readFile", "path": "src/x.ts"})})
        if r.p(0.1):
            ui.append({"ts": ms(t) + 9, "type": "say", "say": "api_req_started", "text": "not json"})
    put(os.path.join(tdir, "ui_messages.json"), json.dumps(ui, indent=r.one([None, 2])), r, crlf_ok=r.p(0.5))
    if r.p(0.85):
        ws = r.one(["/work/cline-app", "/work/with (paren)", "/work/ünï/"])
        env = r.one(["# Current Workspace Directory", "# Current Working Directory"]) + f" ({ws}) Files\n"
        model = r.one(["", "<model>anthropic/claude-sonnet-4-5</model>", "<model>gpt-5</model>",
                       "<model>openrouter/google/gemini-2.5-pro</model>"])
        hist = [{"role": "user", "content": [{"type": "text", "text": f"<task>{r.prompt()}</task>"},
                                             {"type": "text", "text": f"<environment_details>\n{env}{model}\n"
                                                                      "</environment_details>"}]},
                {"role": "assistant", "content": [{"type": "text", "text": "..."}]}]
        put(os.path.join(tdir, "api_conversation_history.json"), json.dumps(hist), r)


def gen_cline(r: R, home: str) -> None:
    shared = str(ms(r.start()))
    for prov, ext in CLINE_EXT.items():
        for variant in r.r.sample(["Code", "Code - Insiders", "VSCodium"], r.n(1, 2)):
            root = os.path.join(home, ".config", variant, "User", "globalStorage", ext, "tasks")
            for _ in range(r.n(1, 2)):
                t = r.start()
                cline_task(r, os.path.join(root, str(ms(t))), t)
            if prov == "cline" and r.p(0.5):
                cline_task(r, os.path.join(root, shared), r.start())  # one task id under two roots
    if r.p(0.6):
        cline_task(r, os.path.join(home, ".cline", "data", "tasks", shared), r.start())
    cfg = set_env(r, "XDG_CONFIG_HOME", "xdg-config") if r.p(0.4) else ".config"
    for app in r.r.sample(["IBM Bob", "Bob-IDE"], r.n(1, 2)):
        for _ in range(r.n(1, 2)):
            t = r.start()
            cline_task(r, os.path.join(home, cfg, app, "User", "globalStorage", "ibm.bob-code", "tasks", r.uid()), t)


# ------------------------------------------------------------------ Cline CLI §3.2

def env_root(r: R, choices: list[tuple[str, str, str]], default: str) -> str:
    """One of a tool's locations, relative to HOME: (env key, folder, the
    part the tool appends) set in the environment, or the default."""
    k = r.n(0, len(choices))
    if k == len(choices):
        return default
    key, folder, tail = choices[k]
    return set_env(r, key, folder) + tail


def gen_cline_cli(r: R, home: str) -> None:
    root = os.path.join(home, env_root(r, [("CLINE_SESSION_DATA_DIR", "cl-sessions", ""),
                                           ("CLINE_DATA_DIR", "cl-data", "/sessions"),
                                           ("CLINE_DIR", "cl-dir", "/data/sessions")], ".cline/data/sessions"))
    for _ in range(r.n(1, 3)):
        sid, t = f"{ms(r.start())}_{r.hx(5)}", r.start()
        msgs = []
        for i in range(r.n(0, 4)):
            t += timedelta(seconds=r.n(5, 600))
            msgs.append({"role": "user", "content": r.one([r.prompt(), [{"type": "text", "text": r.prompt()}]]),
                         "ts": ms(t)})
            blocks = [{"type": "text", "text": "ok"}]
            for _ in range(r.n(0, 2)):
                name = r.one(["run_commands", "read_files", "editor", "fetch_web_content", "search_codebase", "spawn_agent"])
                inp = {"commands": json.dumps([r.one(SHELL), "ls"])} if name == "run_commands" else {"path": "a/b.py"}
                blocks.append({"type": "tool_use", "id": r.hx(4), "name": name, "input": inp})
            a = {"role": "assistant", "id": f"msg_{i}", "ts": ms(t) + 3000, "content": blocks,
                 "modelInfo": {"id": r.model(["claude-sonnet-4-5", "gpt-5", "not-a-real-model-7"])}}
            if r.p(0.7):
                a["metrics"] = {"inputTokens": r.tokens(), "outputTokens": r.tokens(800),
                                "cacheReadTokens": r.tokens(9000), "cacheWriteTokens": r.tokens(700)}
                if r.p(0.6):
                    a["metrics"]["cost"] = r.one([0, round(r.r.random() / 20, 6)])
            msgs.append(a)
        meta = {"session_id": sid, "provider": "anthropic", "model": "claude-sonnet-4-5",
                "cwd": r.one(["/work/cli-x", "/work/cli y/"]), "started_at": r.iso(t - timedelta(hours=1)),
                "ended_at": r.iso(t), "metadata": {"usage": {"inputTokens": r.tokens(), "outputTokens": r.tokens(900),
                                                             "cacheReadTokens": 0, "cacheWriteTokens": 0,
                                                             "totalCost": round(r.r.random(), 4)}}}
        if r.p(0.5):
            meta["workspace_root"] = r.one(["/work/ws-root", "/work/ws root/", ""])
        sdir = os.path.join(root, sid)
        put(os.path.join(sdir, f"{sid}.messages.json"), json.dumps({"version": 1, "messages": msgs}), r, bom_ok=False)
        text = json.dumps(meta)
        put(os.path.join(sdir, f"{sid}.json"), text, r, bom_ok=False)


# ------------------------------------------------------------------ OpenCode files §3.3

def gen_opencode(r: R, home: str) -> None:
    data = env_root(r, [("OPENCODE_DATA_DIR", "oc-data", ""), ("XDG_DATA_HOME", "xdg-data", "/opencode")],
                    ".local/share/opencode")
    st = os.path.join(home, data, "storage")
    for _ in range(r.n(1, 3)):
        sid, t = f"ses_{r.hx(12)}", r.start()
        meta = {"id": sid, "directory": r.one(["/work/oc-app", "/work/oc app/", "", None]), "title": r.prompt(),
                "time": {"created": ms(t)}}
        put(os.path.join(st, "session", "prj_" + r.hx(6), f"{sid}.json"), json.dumps(meta), r, bom_ok=False)
        for i in range(r.n(0, 5)):
            t += timedelta(seconds=r.n(3, 500))
            role = "user" if i % 2 == 0 else r.one(["assistant", "assistant", "model"])
            mid = f"msg_{r.hx(10)}"
            m = {"id": mid, "sessionID": sid, "role": role, "time": {"created": ms(t)}}
            if role != "user":
                m.update(modelID=r.model(["claude-sonnet-4-5", "gpt-5", "not-a-real-model-7"]), providerID="x",
                         cost=r.one([0, 0.01]), tokens={"input": r.tokens(), "output": r.tokens(900),
                                                        "reasoning": r.tokens(200) if r.p(0.5) else 0,
                                                        "cache": {"read": r.tokens(9000), "write": r.tokens(500)}})
                if r.p(0.1):
                    m["time"] = {}
            put(os.path.join(st, "message", sid, f"{mid}.json"), json.dumps(m), r, bom_ok=False)
            parts = [{"type": "text", "text": r.prompt()}] if role == "user" else [{"type": "step-start"}]
            if role != "user":
                for _ in range(r.n(0, 2)):
                    tool = r.one(["bash", "read", "edit", "grep", "webfetch", "github_list_prs"])
                    parts.append({"type": "tool", "tool": tool, "callID": r.hx(4),
                                  "state": {"status": "completed", "input": {"command": r.one(SHELL), "filePath": "/a"}}})
            for j, p in enumerate(parts):
                put(os.path.join(st, "part", mid, f"prt_{j:02d}{r.hx(4)}.json"), json.dumps(dict(p, messageID=mid)), r,
                    bom_ok=False)


GENERATORS = {"gemini": gen_gemini, "qwen": gen_qwen, "droid": gen_droid, "copilot": gen_copilot,
              "kimicode": gen_kimicode, "kimi": gen_kimi, "mistral-vibe": gen_vibe, "pi": gen_pi, "omp": gen_omp,
              "cline": gen_cline, "cline-cli": gen_cline_cli, "opencode": gen_opencode}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("home")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", default="")
    ap.add_argument("--bom", type=float, default=BYTES["bom"], help="share of files written with a BOM")
    ap.add_argument("--crlf", type=float, default=BYTES["crlf"], help="share of files written with CRLF")
    a = ap.parse_args()
    BYTES.update(bom=a.bom, crlf=a.crlf)
    only = set(filter(None, a.only.split(",")))
    env: dict[str, str] = {}
    for name, fn in GENERATORS.items():
        if not only or name in only:
            r = R(a.seed * 7919 + sum(map(ord, name)))
            fn(r, a.home)
            env.update(r.env)
    with open(os.path.join(a.home, "wild-env.json"), "w") as f:
        json.dump(env, f)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
