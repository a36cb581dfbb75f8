"""A fifth, independent writer of non-Claude, non-Codex histories, written
from spec/providers.md (field lists and quirks) and what the real tools put
on disk, sharing no code with codeburn or the other bench generators.

Usage: python bench/gen_wild5.py HOME --seed N [--only gemini,qwen,...]

Aimed at what a stranger's generator would write and ours rarely do:
several sessions to a file (Qwen) or to a store, files of a few hundred
records, unicode and spaced paths, several workspaces per tool, key orders
of every kind, optional fields present, absent or null, ms/s/ns epoch times
and ISO times with offsets, usage that is absent, zero or partial, models
the price table knows and models it does not, and each tool's whole tool
vocabulary (shell, read, edit, write, search, web, MCP, skills, subagents,
todos). Each seed names one history; times fall within the last 40 days,
never after the moment the generator runs, with a share of them today.

Tools (--only names): gemini qwen copilot droid pi omp openclaw kimi
kimicode vibe kiro cursor cursoragent cline clinecli opencode goose crush
broken (one undecodable input per tool family, each to be named once)."""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import json
import os
import random
import sqlite3
import uuid

UTC = dt.timezone.utc
TOOLS = ("gemini qwen copilot droid pi omp openclaw kimi kimicode vibe kiro cursor cursoragent cline clinecli "
         "opencode goose crush broken").split()


class W:
    """The seeded world: randomness, the clock, and the file writers."""

    def __init__(self, home: str, seed: int):
        self.home = home
        self.r = random.Random(seed)
        self.seed = seed
        self.now = dt.datetime.now(UTC).replace(microsecond=0) - dt.timedelta(minutes=3)

    # ---- time ----
    def start(self, today_share: float = 0.25) -> dt.datetime:
        """A session start: today (before now) with some chance, else up to 40 days back."""
        if self.r.random() < today_share:
            midnight = self.now.replace(hour=0, minute=0, second=0)
            span = max(60, int((self.now - midnight).total_seconds()) - 3600)
            return midnight + dt.timedelta(seconds=self.r.randrange(span))
        return self.now - dt.timedelta(days=self.r.randint(1, 40), seconds=self.r.randrange(86400))

    def step(self, t: dt.datetime, lo: int = 2, hi: int = 200) -> dt.datetime:
        t2 = t + dt.timedelta(seconds=self.r.randint(lo, hi), milliseconds=self.r.randrange(1000))
        return min(t2, self.now)

    def iso(self, t: dt.datetime, style: str | None = None) -> str:
        """ISO spellings real tools use: Z with ms, Z bare, +00:00, a local offset."""
        style = style or self.r.choice(["ms", "ms", "ms", "bare", "plus", "offset", "us"])
        if style == "ms":
            return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
        if style == "bare":
            return t.strftime("%Y-%m-%dT%H:%M:%SZ")
        if style == "plus":
            return t.isoformat(timespec="milliseconds")
        if style == "us":
            return t.isoformat(timespec="microseconds").replace("+00:00", "Z")
        tz = dt.timezone(dt.timedelta(minutes=self.r.choice([-420, -300, 330, 540, 600, 60])))
        return t.astimezone(tz).isoformat(timespec="seconds")

    @staticmethod
    def ms(t: dt.datetime) -> int:
        return int(t.timestamp() * 1000)

    # ---- bytes ----
    def dumps(self, obj, shuffle: bool = True) -> str:
        if shuffle and isinstance(obj, dict) and self.r.random() < 0.5:
            keys = list(obj)
            self.r.shuffle(keys)
            obj = {k: obj[k] for k in keys}
        return json.dumps(obj, ensure_ascii=self.r.random() < 0.3, separators=self.r.choice([(",", ":"), (", ", ": ")]))

    def path(self, rel: str) -> str:
        p = os.path.join(self.home, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        return p

    def jsonl(self, rel: str, rows: list) -> str:
        p = self.path(rel)
        with open(p, "w", encoding="utf-8", newline="") as f:
            for row in rows:
                f.write((row if isinstance(row, str) else self.dumps(row)) + "\n")
        return p

    def json(self, rel: str, obj, indent: bool | None = None) -> str:
        p = self.path(rel)
        indent = self.r.random() < 0.5 if indent is None else indent
        with open(p, "w", encoding="utf-8") as f:
            json.dump(obj, f, indent=2 if indent else None, ensure_ascii=self.r.random() < 0.3)
        return p

    def text(self, rel: str, body: str) -> str:
        p = self.path(rel)
        with open(p, "w", encoding="utf-8") as f:
            f.write(body)
        return p

    def db(self, rel: str, ddl: str) -> sqlite3.Connection:
        p = self.path(rel)
        if os.path.exists(p):
            os.remove(p)
        con = sqlite3.connect(p)
        con.executescript(ddl)
        return con

    # ---- content ----
    def prompt(self) -> str:
        return self.r.choice([
            "fix the failing test in the parser", "add a --json flag to the export command",
            "refactor the cache module into smaller functions", "why does the build fail on CI?",
            "write docs for the public API", "debug the crash when the config is missing",
            "review my diff and suggest improvements", "implement pagination for /orders",
            "rename UserService to AccountService everywhere", "explain how the scheduler works",
            "set up eslint and prettier", "add unit tests for the tokenizer",
            "déboguer l'erreur de connexion à la base 🚀", "优化这个查询的性能", "deploy to staging and check logs",
            "install the missing dependencies and run the app", "git rebase onto main and fix conflicts",
        ])

    def cmd(self) -> str:
        return self.r.choice([
            "npm test", "pytest -q tests/test_api.py", "git status && git diff --stat", "ls -la src",
            "cargo build --release", "go test ./...", "make lint", "rg -n TODO src | head -20",
            "cd web && npm run build", "FOO=1 python manage.py migrate", "sudo apt-get install -y jq",
            "docker compose up -d db", "git commit -am 'wip'", "npx tsc --noEmit", "pip install -e .",
            "cat README.md | grep -i install", "git push origin HEAD", "yarn jest --watch=false",
        ])

    def pick(self, seq):
        return self.r.choice(seq)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def n(self, lo: int, hi: int) -> int:
        return self.r.randint(lo, hi)

    def sid(self) -> str:
        return str(uuid.UUID(int=self.r.getrandbits(128), version=4))


PROJECTS = ["/home/dev/src/shopfront", "/home/dev/work/api-server", "/Users/ana/Projets/café-crème",
            "/home/dev/my app (copy)", "/srv/repos/data.pipeline", "/home/dev/src/日本語プロジェクト",
            "/home/dev/code/mono/packages/ui", "/tmp/scratch-42"]


# ---------------------------------------------------------------- Gemini CLI
GEMINI_MODELS = ["gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-3-pro-preview",
                 "gemini-2.0-flash", "gemini-exp-9999"]
GEMINI_TOOLS = [("run_shell_command", "Shell"), ("read_file", "ReadFile"), ("write_file", "WriteFile"),
                ("replace", "Edit"), ("glob", "FindFiles"), ("search_file_content", "SearchText"),
                ("read_many_files", "ReadManyFiles"), ("list_directory", "ReadFolder"),
                ("google_web_search", "GoogleSearch"), ("web_fetch", "WebFetch"), ("save_memory", "SaveMemory"),
                ("write_todos", "WriteTodos"), ("edit_file", None), ("run_command", None), ("grep_search", None),
                ("mcp_github_list_prs", "list_prs (github MCP Server)")]


def gemini_tool_call(w: W, t: dt.datetime) -> dict:
    name, disp = w.pick(GEMINI_TOOLS)
    call = {"id": f"{name}-{w.ms(t)}-{w.n(100, 999)}", "name": name, "args": {}, "status": w.pick(["success", "success", "error", "cancelled"]),
            "timestamp": w.iso(t, "ms")}
    if disp:
        call["displayName"] = disp
    if name in ("run_shell_command", "run_command"):
        call["args"] = {"command": w.cmd(), "description": "run"}
    elif name in ("read_file", "write_file", "replace"):
        call["args"] = {"absolute_path" if name == "read_file" else "file_path": "/home/dev/app/src/mod.ts"}
    if w.chance(0.5):
        call["resultDisplay"] = w.pick(["ok", "", None, {"fileDiff": "@@ -1 +1 @@"}])
    if w.chance(0.3):
        call["description"] = "…"
    return call


def gemini_messages(w: W, t: dt.datetime, with_ids: bool) -> tuple[list, dt.datetime]:
    msgs = []
    for turn in range(w.n(1, 6)):
        t = w.step(t)
        user = {"id": w.sid() if with_ids else None, "timestamp": w.iso(t), "type": "user",
                "content": w.pick([w.prompt(), [{"text": w.prompt()}], [{"text": w.prompt()}, {"text": "more"}]])}
        if user["id"] is None:
            del user["id"]
        msgs.append(user)
        if w.chance(0.15):
            msgs.append({"id": w.sid(), "timestamp": w.iso(w.step(t, 0, 2)), "type": w.pick(["info", "error", "warning"]),
                         "content": "Request cancelled."})
        for _ in range(w.n(1, 4)):
            t = w.step(t)
            m = {"id": w.sid(), "timestamp": w.iso(t), "type": "gemini", "content": w.pick(["Done.", "", "Checking…"])}
            if not with_ids and w.chance(0.7):
                del m["id"]
            if w.chance(0.95):
                m["model"] = w.pick(GEMINI_MODELS)
            tokens = {"input": w.n(0, 60000), "output": w.n(0, 3000), "cached": w.n(0, 40000), "thoughts": w.n(0, 900),
                      "tool": w.n(0, 50)}
            shape = w.r.random()
            if shape < 0.1:
                tokens = {k: 0 for k in tokens}
            elif shape < 0.25:
                for k in ("cached", "thoughts", "tool"):
                    tokens.pop(k, None)
            elif shape < 0.3:
                tokens["cached"] = tokens["input"] + 500  # cache beyond input: clamps at 0
            tokens["total"] = sum(v for k, v in tokens.items() if k != "cached")
            if w.chance(0.95):
                m["tokens"] = tokens
            if w.chance(0.4):
                m["thoughts"] = [{"subject": "Plan", "description": "look first", "timestamp": w.iso(t, "ms")}]
            if w.chance(0.6):
                m["toolCalls"] = [gemini_tool_call(w, t) for _ in range(w.n(1, 4))]
            msgs.append(m)
    return msgs, t


def gen_gemini(w: W) -> None:
    dirs = [hashlib.sha256(p.encode()).hexdigest() for p in PROJECTS[:3]] + ["café-crème", "my app", "shopfront"]
    for d in dirs:
        for k in range(w.n(1, 3)):
            sid, t = w.sid(), w.start()
            msgs, last = gemini_messages(w, t, with_ids=w.chance(0.8))
            head = {"sessionId": sid, "projectHash": d if len(d) == 64 else hashlib.sha256(d.encode()).hexdigest(),
                    "startTime": w.iso(t, "ms"), "lastUpdated": w.iso(last, "ms")}
            stamp = t.strftime("%Y-%m-%dT%H-%M")
            if w.chance(0.5):  # single-JSON (<= 0.38), keys in any order
                doc = dict(head, messages=msgs)
                if w.chance(0.5):
                    doc = {"messages": msgs, **head}
                if w.chance(0.3):
                    doc["summary"] = "a summary"
                w.json(f".gemini/tmp/{d}/chats/session-{stamp}-{sid[:8]}.json", doc)
            else:  # JSONL (>= 0.39): header, messages, $set patches, a rewritten message
                rows = [dict(head, kind=w.pick(["main", "subagent"]))]
                for m in msgs:
                    rows.append(m)
                    if w.chance(0.2):
                        rows.append({"$set": {"lastUpdated": m.get("timestamp", head["startTime"])}})
                    if m["type"] == "gemini" and "id" in m and w.chance(0.1):
                        again = dict(m)
                        again["tokens"] = {"input": 1, "output": 1, "cached": 0, "thoughts": 0, "total": 2}
                        rows.append(again)  # same id written twice: the first is kept
                w.jsonl(f".gemini/tmp/{d}/chats/session-{stamp}-{sid[:8]}.jsonl", rows)
        if w.chance(0.5):  # files the reader must leave alone
            w.json(f".gemini/tmp/{d}/logs.json", [{"sessionId": w.sid(), "messageId": 0, "type": "user",
                                                   "message": "hi", "timestamp": w.iso(w.start())}])
            w.json(f".gemini/tmp/{d}/chats/checkpoint-save1.json", [{"role": "user", "parts": [{"text": "x"}]}])


# ---------------------------------------------------------------- Qwen Code
QWEN_MODELS = ["qwen3-coder-plus", "qwen3-coder-flash", "qwen3-max", "coder-model", "qwen-lab-unknown-9"]
QWEN_TOOLS = ["read_file", "write_to_file", "edit_file", "execute_command", "search_files", "list_files",
              "list_directory", "browser_action", "web_search", "ask_followup_question", "attempt_completion",
              "run_shell_command", "replace", "glob", "todo_write", "task", "write_file", "web_fetch"]


def gen_qwen(w: W) -> None:
    for proj in PROJECTS[:6]:
        pdir = proj.replace("/", "-").replace(" ", "-")
        for f in range(w.n(1, 2)):
            rows = []
            # several sessions share a file now and then: the key is the record's sessionId
            for s in range(w.pick([1, 1, 2, 3])):
                sid, t = w.sid(), w.start()
                parent = None
                for turn in range(w.n(1, 5)):
                    t = w.step(t)
                    u = {"uuid": w.sid(), "parentUuid": parent, "sessionId": sid, "timestamp": w.iso(t), "type": "user",
                         "cwd": proj, "version": "0.0.14",
                         "message": {"role": "user", "parts": [{"text": w.prompt()}]}}
                    if w.chance(0.2):
                        u["message"]["parts"].insert(0, {"text": "hidden reasoning", "thought": True})
                    rows.append(u)
                    parent = u["uuid"]
                    for _ in range(w.n(1, 4)):
                        t = w.step(t)
                        parts = []
                        if w.chance(0.5):
                            parts.append({"text": "thinking", "thought": True})
                        if w.chance(0.6):
                            parts.append({"text": "Here is what I found."})
                        for _ in range(w.n(0, 3)):
                            name = w.pick(QWEN_TOOLS)
                            args = {"command": w.cmd()} if name in ("execute_command", "run_shell_command") else {"path": "src/a.ts"}
                            parts.append({"functionCall": {"id": f"call_{w.n(1, 10**9)}", "name": name, "args": args}})
                        a = {"uuid": w.sid(), "parentUuid": parent, "sessionId": sid, "timestamp": w.iso(t),
                             "type": "assistant", "cwd": proj, "message": {"role": "model", "parts": parts}}
                        if w.chance(0.9):
                            a["model"] = w.pick(QWEN_MODELS)
                        um = {"promptTokenCount": w.n(0, 90000), "candidatesTokenCount": w.n(0, 4000),
                              "thoughtsTokenCount": w.n(0, 800), "cachedContentTokenCount": w.n(0, 50000)}
                        for k in ("thoughtsTokenCount", "cachedContentTokenCount"):
                            if w.chance(0.3):
                                del um[k]
                        if w.chance(0.1):
                            um["candidatesTokenCount"] = 0
                        if w.chance(0.05):
                            um = {"promptTokenCount": 0, "candidatesTokenCount": 0}
                        um["totalTokenCount"] = sum(um.values())
                        if w.chance(0.93):
                            a["usageMetadata"] = um
                        rows.append(a)
                        parent = a["uuid"]
                        for p in parts:
                            if "functionCall" in p:
                                rows.append({"uuid": w.sid(), "parentUuid": parent, "sessionId": sid,
                                             "timestamp": w.iso(w.step(t, 0, 3)), "type": "tool_result", "cwd": proj,
                                             "message": {"role": "user", "parts": [{"functionResponse": {
                                                 "id": p["functionCall"]["id"], "name": p["functionCall"]["name"],
                                                 "response": {"output": "x" * w.n(0, 3000)}}}]}})
                        if w.chance(0.1):
                            rows.append({"uuid": w.sid(), "parentUuid": parent, "sessionId": sid, "timestamp": w.iso(t),
                                         "type": "system", "subtype": "ui_telemetry",
                                         "systemPayload": {"uiEvent": {"event.name": "qwen-code.api_response",
                                                                       "input_token_count": 5, "output_token_count": 7}}})
            w.jsonl(f".qwen/projects/{pdir}/chats/{w.sid()}.jsonl", rows)


# ---------------------------------------------------------------- GitHub Copilot
COPILOT_MODELS = ["claude-sonnet-4.5", "gpt-5", "gpt-5-mini", "claude-opus-4.1", "gpt-4.1", "gemini-2.5-pro",
                  "claude-haiku-4.5", "o-lab-preview-x"]
COPILOT_TOOLS = ["bash", "view", "edit", "create", "str_replace_editor", "grep", "glob", "web_fetch", "task",
                 "report_intent", "skill", "read_file", "write_file", "run_in_terminal", "get_errors",
                 "semantic_search", "fetch_webpage", "github-mcp-server-list_issues", "playwright-browser_navigate",
                 "github_repo", "web_search", "delete_file", "list_dir", "think"]


def copilot_request(w: W, prefix: str) -> dict:
    name = w.pick(COPILOT_TOOLS)
    req = {"toolCallId": f"{prefix}{w.n(10**6, 10**7)}", "name": name, "type": "function"}
    if name in ("bash", "run_in_terminal"):
        req["arguments"] = {"command": w.cmd(), "description": "run"}
    elif name == "skill":
        req["arguments"] = {"skill": w.pick(["pdf", "xlsx", "frontend-design"])}
    elif w.chance(0.5):
        req["arguments"] = {"path": "/home/dev/a.py"}
    if w.chance(0.1):
        req["toolName"] = req.pop("name")  # legacy spelling
    return req


def copilot_cli(w: W) -> None:
    for k in range(w.n(3, 6)):
        sid = w.sid()
        base = f".copilot/session-state/{sid}"
        cwd = w.pick(PROJECTS)
        if w.chance(0.85):
            line = w.pick([f"cwd: {cwd}", f'cwd: "{cwd}"', f"cwd: '{cwd}'  # opened from terminal", f"cwd: {cwd} # x"])
            w.text(base + "/workspace.yaml", f"id: {sid}\n{line}\nsummary: work\n")
        t = w.start()
        model = w.pick(COPILOT_MODELS)
        ev = [{"type": "session.start", "id": w.sid(), "timestamp": w.iso(t, "ms"), "parentId": None,
               "data": {"sessionId": sid, "version": 1, "producer": "copilot-agent", "copilotVersion": "0.0.350",
                        "startTime": w.iso(t, "ms"), "selectedModel": model}}]
        metrics: dict = {}
        legs = w.n(1, 3)
        for leg in range(legs):
            if leg:
                t = w.step(t, 600, 7200)
                ev.append({"type": "session.resume", "timestamp": w.iso(t, "ms"), "data": {"eventCount": len(ev)}})
            for turn in range(w.n(1, 5)):
                t = w.step(t)
                if w.chance(0.2):
                    new = w.pick(COPILOT_MODELS)
                    ev.append({"type": "session.model_change", "timestamp": w.iso(t, "ms"),
                               "data": {"newModel": new, "previousModel": model}})
                    model = new
                ev.append({"type": "user.message", "timestamp": w.iso(t, "ms"), "id": w.sid(),
                           "data": {"content": w.prompt(), "transformedContent": "<x>", "attachments": [],
                                    "interactionId": w.sid()}})
                ev.append({"type": "assistant.turn_start", "timestamp": w.iso(t, "ms"), "data": {"turnId": str(turn)}})
                for _ in range(w.n(1, 4)):
                    t = w.step(t, 1, 60)
                    sub = w.chance(0.15)
                    if sub:
                        tc = f"toolu_{w.n(1, 10**8)}"
                        ev.append({"type": "subagent.started", "timestamp": w.iso(t, "ms"),
                                   "data": {"agentName": w.pick(["explore", "task", "code-review"]), "toolCallId": tc,
                                            "agentDisplayName": "Explore"}})
                    data = {"messageId": w.sid(), "content": w.pick(["", "Working on it."]),
                            "toolRequests": [copilot_request(w, w.pick(["call_", "toolu_"])) for _ in range(w.n(0, 3))]}
                    if w.chance(0.9):
                        data["outputTokens"] = w.pick([0, w.n(1, 3000), w.n(1, 3000)])
                    if w.chance(0.4):
                        data["model"] = model
                    if w.chance(0.05):
                        del data["messageId"]
                    ev.append({"type": "assistant.message", "timestamp": w.iso(t, "ms"), "id": w.sid(), "data": data})
                    for req in data["toolRequests"]:
                        ev.append({"type": "tool.execution_start", "timestamp": w.iso(t, "ms"),
                                   "data": {"toolCallId": req["toolCallId"], "toolName": req.get("name", req.get("toolName"))}})
                        ev.append({"type": "tool.execution_complete", "timestamp": w.iso(w.step(t, 0, 5), "ms"),
                                   "data": {"toolCallId": req["toolCallId"], "success": w.chance(0.9)}})
                    if sub:
                        ev.append({"type": "subagent.completed", "timestamp": w.iso(w.step(t, 1, 9), "ms"),
                                   "data": {"agentName": "explore", "toolCallId": tc}})
                ev.append({"type": "assistant.turn_end", "timestamp": w.iso(t, "ms"), "data": {"turnId": str(turn)}})
            if w.chance(0.3):
                ev.append({"type": "session.compaction_start", "timestamp": w.iso(t, "ms"), "data": {}})
                ev.append({"type": "session.compaction_complete", "timestamp": w.iso(w.step(t, 1, 20), "ms"),
                           "data": {"success": w.chance(0.8), "preCompactionTokens": 90000}})
            if w.chance(0.8):
                for m in {model, w.pick(COPILOT_MODELS)}:
                    u = metrics.setdefault(m, {"inputTokens": 0, "outputTokens": 0, "cacheReadTokens": 0,
                                               "cacheWriteTokens": 0})
                    u["inputTokens"] += w.n(1000, 200000)
                    u["outputTokens"] += w.n(10, 5000)
                    u["cacheReadTokens"] += w.n(0, 100000)
                    u["cacheWriteTokens"] += w.n(0, 20000)
                    if w.chance(0.3):
                        u["reasoningTokens"] = w.n(0, 500)
                shown = {m: {"requests": {"count": w.n(1, 9), "cost": w.n(0, 9)}, "usage": dict(u)} for m, u in metrics.items()}
                t = w.step(t, 1, 30)
                ev.append({"type": "session.shutdown", "timestamp": w.iso(t, "ms"),
                           "data": {"shutdownType": "routine", "sessionStartTime": w.ms(t) - 60000,
                                    "totalPremiumRequests": 3, "modelMetrics": shown}})
                if w.chance(0.15):  # the counters start over after a restart
                    metrics = {}
        w.jsonl(base + "/events.jsonl", ev)


def vscode_ws(w: W, folder: str) -> str:
    h = hashlib.md5((folder + str(w.seed)).encode()).hexdigest()
    root = f".config/{w.pick(['Code', 'Code - Insiders', 'VSCodium'])}/User/workspaceStorage/{h}"
    uri = "file://" + folder.replace(" ", "%20")
    w.json(root + "/workspace.json", {"folder": uri} if w.chance(0.9) else {"workspace": uri + "/x.code-workspace"})
    return root


def copilot_vscode(w: W) -> None:
    for folder in PROJECTS[:5]:
        root = vscode_ws(w, folder)
        kind = w.pick(["transcripts", "journal", "both", "json-journal"])
        if kind in ("transcripts", "both", "json-journal"):
            for _ in range(w.n(1, 2)):
                sid = w.sid()
                t = w.start()
                pref = w.pick(["call_", "toolu_vrtx_", "toolu_bdrk_", "tooluse_"])
                ev = [{"type": "session.start", "data": {"sessionId": sid, "producer": "copilot-agent"},
                       "timestamp": w.iso(t, "ms")}]
                for _ in range(w.n(1, 6)):
                    t = w.step(t)
                    ev.append({"type": "user.message", "data": {"content": w.prompt(), "attachments": []},
                               "timestamp": w.iso(t, "ms")})
                    if w.chance(0.2):
                        ev.append({"type": "session.model_change", "data": {"newModel": w.pick(COPILOT_MODELS)},
                                   "timestamp": w.iso(t, "ms")})
                    for _ in range(w.n(1, 3)):
                        t = w.step(t, 1, 30)
                        d = {"messageId": w.sid(), "content": "ok", "reasoningText": "",
                             "toolRequests": [copilot_request(w, pref) for _ in range(w.n(0, 3))]}
                        ev.append({"type": "assistant.message", "data": d, "timestamp": w.iso(t, "ms")})
                w.jsonl(f"{root}/GitHub.copilot-chat/transcripts/{sid}.jsonl", ev)
        if kind in ("journal", "both"):
            for _ in range(w.n(1, 2)):
                chat_journal(w, f"{root}/chatSessions/{w.sid()}.jsonl")
        if kind == "json-journal":  # older VS Code: whole JSON, not a journal, not read
            w.json(f"{root}/chatSessions/{w.sid()}.json", {"version": 3, "requests": [], "sessionId": w.sid()})
    gs = f".config/Code/User/globalStorage/emptyWindowChatSessions/{w.sid()}.jsonl"
    chat_journal(w, gs)


def chat_request(w: W, t: dt.datetime, i: int) -> dict:
    md = {"promptTokens": w.pick([0, w.n(100, 90000)]), "outputTokens": w.n(0, 4000)}
    if w.chance(0.7):
        md["resolvedModel"] = w.pick(["claude-sonnet-4-5", "gpt-5", "gpt-4.1-2025-04-14", "gemini-2.5-pro"])
    rounds = []
    for _ in range(w.n(0, 3)):
        rounds.append(w.pick([{"toolCalls": [{"name": w.pick(COPILOT_TOOLS)}, {"name": "runInTerminal"}]},
                              {"toolName": w.pick(COPILOT_TOOLS)}, {"tools": ["readFile", "editFile"]},
                              {"toolRequests": [{"tool": "grepSearch"}]}]))
    if rounds:
        md["toolCallRounds"] = rounds
    if w.chance(0.2):
        md.pop("outputTokens")
    req = {"requestId": f"request_{w.sid()}", "timestamp": w.pick([w.ms(t), w.iso(t, "ms")]),
           "modelId": w.pick(["copilot/claude-sonnet-4.5", "copilot/gpt-5", "gpt-5-mini", "copilot/auto"]),
           "message": {"text": w.prompt()}, "result": {"metadata": md}}
    if w.chance(0.3):
        req["completionTokens"] = w.n(1, 900)
    if w.chance(0.1):
        del req["requestId"]
    return req


def chat_journal(w: W, rel: str) -> None:
    t = w.start()
    first = [chat_request(w, w.step(t), 0)] if w.chance(0.3) else []
    rows = [{"kind": 0, "v": {"version": 3, "creationDate": w.ms(t), "sessionId": w.sid(), "requests": first,
                              "initialLocation": "panel", "responderUsername": "GitHub Copilot"}}]
    count = len(first)
    for _ in range(w.n(1, 5)):
        t = w.step(t)
        req = chat_request(w, t, count)
        if w.chance(0.3):
            rows.append({"kind": 2, "v": [req]})  # k omitted: defaults to requests
        else:
            rows.append({"kind": 2, "k": ["requests"], "v": [req]})
        count += 1
        if w.chance(0.4):
            rows.append({"kind": 1, "k": ["requests", count - 1, "result", "metadata", "outputTokens"], "v": w.n(1, 5000)})
        if w.chance(0.2):
            rows.append({"kind": 1, "k": ["customTitle"], "v": "Chat about things"})
    w.jsonl(rel, rows)


def copilot_stores(w: W) -> None:
    con = w.db(".copilot/session-store.db", """
        CREATE TABLE sessions (id TEXT PRIMARY KEY, cwd TEXT, repository TEXT, branch TEXT,
            created_at TEXT DEFAULT (datetime('now')), updated_at TEXT);
        CREATE TABLE assistant_usage_events (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT, model TEXT,
            input_tokens INTEGER, output_tokens INTEGER, cache_read_tokens INTEGER, cache_write_tokens INTEGER,
            reasoning_tokens INTEGER, total_nano_aiu INTEGER, request_multiplier REAL, initiator TEXT,
            created_at TEXT DEFAULT (datetime('now')));
        CREATE TABLE turns (id INTEGER PRIMARY KEY, session_id TEXT, user_message TEXT);""")
    for _ in range(w.n(2, 4)):
        sid, t = w.sid(), w.start()
        con.execute("INSERT INTO sessions (id, cwd, repository, created_at) VALUES (?,?,?,?)",
                    (sid, w.pick(PROJECTS + [None]), w.pick([None, "acme/shop.git", "octo/api"]),
                     t.strftime("%Y-%m-%d %H:%M:%S")))
        for _ in range(w.n(1, 8)):
            t = w.step(t)
            ca = w.pick([t.strftime("%Y-%m-%d %H:%M:%S"), t.strftime("%Y-%m-%d %H:%M:%S.") + "123",
                         None])
            inp = w.n(0, 100000)
            con.execute("INSERT INTO assistant_usage_events (session_id, model, input_tokens, output_tokens,"
                        " cache_read_tokens, cache_write_tokens, reasoning_tokens, total_nano_aiu, request_multiplier,"
                        " initiator, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        (sid, w.pick(COPILOT_MODELS + ["", None]), inp, w.n(0, 3000), w.n(0, inp), w.n(0, 2000),
                         w.n(0, 300), w.n(0, 10**9), w.pick([0.0, 1.0, 0.33]), w.pick(["user", "agent", "compaction", None]),
                         ca))
    con.commit()
    con.close()
    base = ".config/Code/User/globalStorage/github.copilot-chat/agent-traces.db"
    con = w.db(base, """
        CREATE TABLE spans (span_id TEXT PRIMARY KEY, trace_id TEXT, parent_span_id TEXT, operation_name TEXT,
            start_time_ms INTEGER, end_time_ms INTEGER, response_model TEXT, status TEXT);
        CREATE TABLE span_attributes (id INTEGER PRIMARY KEY AUTOINCREMENT, span_id TEXT, key TEXT, value TEXT);""")
    for _ in range(w.n(1, 3)):
        conv, t = w.sid(), w.start()
        repo = w.pick(["https://github.com/acme/shop.git", "/home/dev/src/api-server", None])
        for turn in range(w.n(1, 4)):
            trace = w.sid().replace("-", "")
            t = w.step(t)
            unit = w.pick(["ms", "ms", "s", "us"])
            stamp = {"ms": w.ms(t), "s": int(t.timestamp()), "us": w.ms(t) * 1000}[unit]
            for op in ["invoke_agent", "chat", "execute_tool", "chat", "execute_tool"][: w.n(2, 5)]:
                span = w.sid().replace("-", "")[:16]
                con.execute("INSERT INTO spans VALUES (?,?,?,?,?,?,?,?)",
                            (span, trace, None, op, stamp, stamp + 10, w.pick(["gpt-5", None]), "ok"))
                attrs = {"gen_ai.conversation.id": conv, "github.copilot.chat.turn.id": str(turn)}
                if repo:
                    attrs["github.copilot.git.repository"] = repo
                if op == "chat":
                    attrs.update({"gen_ai.request.model": w.pick(COPILOT_MODELS),
                                  "gen_ai.usage.input_tokens": w.n(0, 50000), "gen_ai.usage.output_tokens": w.n(0, 2000),
                                  "gen_ai.usage.cache_read.input_tokens": w.n(0, 20000)})
                    if w.chance(0.6):
                        attrs["gen_ai.response.model"] = attrs["gen_ai.request.model"]
                elif op == "execute_tool":
                    name = w.pick(["run_in_terminal", "read_file", "replace_string_in_file", "github-mcp-server-get_me"])
                    attrs["gen_ai.tool.name"] = name
                    if name == "run_in_terminal":
                        attrs["gen_ai.tool.call.arguments"] = json.dumps({"command": "if true; then npm test; fi\ngit status"})
                else:
                    attrs["gen_ai.agent.name"] = w.pick(["GitHub Copilot Chat", "Plan"])
                    if w.chance(0.3):
                        attrs["copilot_chat.parent_chat_session_id"] = w.sid()
                for k, v in attrs.items():
                    con.execute("INSERT INTO span_attributes (span_id, key, value) VALUES (?,?,?)", (span, k, str(v)))
    con.commit()
    con.close()


def gen_copilot(w: W) -> None:
    copilot_cli(w)
    copilot_vscode(w)
    if w.chance(0.6):
        copilot_stores(w)


# ---------------------------------------------------------------- Droid
DROID_TOOLS = ["Read", "Create", "Edit", "MultiEdit", "LS", "Glob", "Grep", "Execute", "Task", "TodoWrite",
               "WebSearch", "FetchUrl", "ApplyPatch", "AskUser", "Skill", "GenerateDroid", "ExitSpecMode",
               "github___list_issues"]


def gen_droid(w: W) -> None:
    for proj in PROJECTS[:6]:
        sub = proj.replace("/", "-")
        for _ in range(w.n(1, 3)):
            sid, t = w.sid(), w.start()
            cwd = proj if w.chance(0.9) else os.path.join(w.home, ".factory")
            head = {"type": "session_start", "id": sid, "title": w.prompt()[:30], "cwd": cwd, "version": 2}
            if w.chance(0.3):
                head["owner"] = "dev"
            rows = [head]
            for turn in range(w.n(1, 5)):
                t = w.step(t)
                content = [{"type": "text", "text": w.prompt()}]
                if w.chance(0.4):
                    content.insert(0, {"type": "text", "text": "<system-reminder>files changed</system-reminder>"})
                rows.append({"type": "message", "id": w.sid(), "timestamp": w.iso(t), "parentId": None,
                             "message": {"role": "user", "content": content}})
                for _ in range(w.n(1, 4)):
                    t = w.step(t, 1, 60)
                    blocks = []
                    if w.chance(0.4):
                        blocks.append({"type": "thinking", "thinking": "hmm", "signature": "sig"})
                    for _ in range(w.n(0, 3)):
                        name = w.pick(DROID_TOOLS)
                        inp = {"command": w.cmd() + w.pick(["", "\necho done", "\n\nls"]), "riskLevel": "low"} \
                            if name == "Execute" else {"file_path": proj + "/src/x.py"}
                        blocks.append({"type": "tool_use", "id": f"toolu_{w.n(1, 10**9)}", "name": name, "input": inp})
                    if w.chance(0.6):
                        blocks.append({"type": "text", "text": "Done."})
                    rows.append({"type": "message", "id": w.sid() if w.chance(0.95) else None, "timestamp": w.iso(t),
                                 "message": {"role": "assistant", "content": blocks}})
                    if rows[-1]["id"] is None:
                        del rows[-1]["id"]
                    for b in blocks:
                        if b["type"] == "tool_use":
                            rows.append({"type": "message", "id": w.sid(), "timestamp": w.iso(w.step(t, 0, 3)),
                                         "message": {"role": "user", "content": [{"type": "tool_result",
                                                     "tool_use_id": b["id"], "content": "ok"}]}})
            w.jsonl(f".factory/sessions/{sub}/{sid}.jsonl", rows)
            shape = w.r.random()
            settings: dict = {"assistantActiveTimeMs": w.n(0, 10**6), "autonomyMode": "auto-low"}
            if shape < 0.85:
                settings["model"] = w.pick(["claude-sonnet-4-5-20250929", "custom:GLM-4.6-[Z.AI]-0", "gpt-5-codex",
                                            "custom:kimi-k2-[Moonshot]-12", "claude-opus-4-1-20250805", "droid-core-x"])
            if shape < 0.75:
                settings["tokenUsage"] = {"inputTokens": w.n(0, 400000), "outputTokens": w.n(0, 30000),
                                          "cacheCreationTokens": w.n(0, 50000), "cacheReadTokens": w.n(0, 900000),
                                          "thinkingTokens": w.n(0, 5000)}
                if w.chance(0.2):
                    del settings["tokenUsage"]["thinkingTokens"]
            w.json(f".factory/sessions/{sub}/{sid}.settings.json", settings)


# ---------------------------------------------------------------- Pi / OMP / OpenClaw
PI_TOOLS = ["bash", "read", "edit", "write", "glob", "grep", "find", "ls", "task", "dispatch_agent", "fetch",
            "search", "todo", "patch", "web_search", "lsp"]


def pi_rows(w: W, cwd: str, sid: str, t: dt.datetime, omp: bool) -> list:
    rows = []
    if omp and w.chance(0.6):
        rows.append({"type": "title", "v": 1, "title": w.prompt()[:20], "updatedAt": w.iso(t), "pad": " " * w.n(0, 40)})
    if w.chance(0.2):
        rows.append("")
    rows.append({"type": "session", "version": w.pick([1, 2, 3]), "id": sid, "timestamp": w.iso(t), "cwd": cwd})
    parent = None
    model = w.pick(["claude-sonnet-4-5", "gpt-5", "gemini-2.5-pro", "claude-opus-4-6", "grok-code-fast-1",
                    "local/qwen-coder-xx"])
    for turn in range(w.n(1, 6)):
        t = w.step(t)
        if w.chance(0.15):
            model = w.pick(["claude-haiku-4-5", "gpt-5-mini", "o3"])
            rows.append({"type": "model_change", "id": w.sid()[:8], "parentId": parent, "timestamp": w.iso(t),
                         "provider": "anthropic", "modelId": model})
        if w.chance(0.1):
            rows.append({"type": "thinking_level_change", "id": w.sid()[:8], "parentId": parent,
                         "timestamp": w.iso(t), "thinkingLevel": "high"})
        uid = w.sid()[:8]
        content = w.pick([w.prompt(), [{"type": "text", "text": w.prompt()}],
                          [{"type": "image", "data": "AAAA", "mimeType": "image/png"}, {"type": "text", "text": w.prompt()}]])
        rows.append({"type": "message", "id": uid, "parentId": parent, "timestamp": w.iso(t),
                     "message": {"role": "user", "content": content, "timestamp": w.ms(t)}})
        parent = uid
        for _ in range(w.n(1, 4)):
            t = w.step(t, 1, 90)
            blocks = []
            if w.chance(0.3):
                blocks.append({"type": "thinking", "thinking": "plan", "thinkingSignature": "x"})
            if w.chance(0.6):
                blocks.append({"type": "text", "text": "Reading."})
            for _ in range(w.n(0, 3)):
                name = w.pick(PI_TOOLS)
                args = {"command": w.cmd(), "timeout": 60} if name == "bash" else {"path": cwd + "/src/a.ts"}
                if name == "read" and w.chance(0.3):
                    args = {"path": w.pick([f"/home/dev/.pi/agent/skills/{w.pick(['pdf', 'review'])}/SKILL.md",
                                            "skill://deploy", "skill://deploy/notes.md"])}
                blocks.append({"type": "toolCall", "id": f"call_{w.n(1, 10**9)}", "name": name, "arguments": args})
            usage = {"input": w.n(0, 30000), "output": w.n(0, 4000), "cacheRead": w.n(0, 90000), "cacheWrite": w.n(0, 9000)}
            shape = w.r.random()
            if shape < 0.1:
                usage = {"input": 0, "output": 0, "cacheRead": 0, "cacheWrite": 0}
            elif shape < 0.25:
                usage.pop(w.pick(["cacheRead", "cacheWrite"]))
            usage["totalTokens"] = sum(usage.values())
            usage["cost"] = {"input": 0.001, "output": 0.002, "cacheRead": 0, "cacheWrite": 0, "total": 0.003}
            msg = {"role": "assistant", "content": blocks, "api": "anthropic-messages", "provider": "anthropic",
                   "model": model, "usage": usage, "stopReason": w.pick(["stop", "toolUse", "error", "aborted"]),
                   "timestamp": w.ms(t)}
            if w.chance(0.7):
                msg["responseId"] = f"resp_{w.sid()[:12]}"
            if w.chance(0.05):
                del msg["model"]
            if w.chance(0.05):
                del msg["usage"]
            aid = w.sid()[:8]
            rows.append({"type": "message", "id": aid, "parentId": parent, "timestamp": w.iso(t), "message": msg})
            parent = aid
            for b in blocks:
                if b["type"] == "toolCall":
                    rid = w.sid()[:8]
                    rows.append({"type": "message", "id": rid, "parentId": parent, "timestamp": w.iso(w.step(t, 0, 2)),
                                 "message": {"role": "toolResult", "toolCallId": b["id"], "toolName": b["name"],
                                             "content": [{"type": "text", "text": "ok"}], "isError": False,
                                             "timestamp": w.ms(t)}})
                    parent = rid
        if w.chance(0.1):
            rows.append({"type": "compaction", "id": w.sid()[:8], "parentId": parent, "timestamp": w.iso(t),
                         "summary": "earlier work", "firstKeptEntryId": uid, "tokensBefore": 120000})
    return rows


def gen_pi_like(w: W, root: str, omp: bool) -> None:
    for proj in PROJECTS[:5]:
        d = "--" + proj.strip("/").replace("/", "-") + "--"
        for _ in range(w.n(1, 3)):
            sid, t = w.sid(), w.start()
            name = f"{t.strftime('%Y-%m-%dT%H-%M-%S-%f')[:-3]}Z_{sid}.jsonl"
            w.jsonl(f"{root}/{d}/{name}", pi_rows(w, proj, sid, t, omp))


def gen_openclaw(w: W) -> None:
    for root in [".openclaw", ".clawdbot", ".moltbot"][: w.n(1, 3)]:
        for agent in ["main", "work", "家"][: w.n(1, 3)]:
            sdir = f"{root}/agents/{agent}/sessions"
            index = {}
            for k in range(w.n(1, 3)):
                sid, t = w.sid(), w.start()
                model = w.pick(["claude-opus-4-6", "gpt-5", "anthropic/claude-sonnet-4-5", "kimi-k2", "mystery-1"])
                rows = [{"type": "session", "version": 3, "id": sid, "timestamp": w.iso(t), "cwd": f"/home/dev/.openclaw/workspace"}]
                if w.chance(0.7):
                    rows.append({"type": "model_change", "id": "mc1", "timestamp": w.iso(t), "provider": "anthropic",
                                 "modelId": model})
                if w.chance(0.4):
                    rows.append({"type": "custom", "customType": "model-snapshot", "id": "ms1", "timestamp": w.iso(t),
                                 "data": {"provider": "openai", "modelId": model}})
                for turn in range(w.n(1, 5)):
                    t = w.step(t)
                    rows.append({"type": "message", "id": w.sid()[:8], "timestamp": w.iso(t),
                                 "message": {"role": "user", "content": [{"type": "text", "text": w.prompt()},
                                                                         {"type": "text", "text": "second block"}]}})
                    for _ in range(w.n(1, 3)):
                        t = w.step(t, 1, 60)
                        blocks = [{"type": "text", "text": "ok"}]
                        for _ in range(w.n(0, 2)):
                            nm = w.pick(["exec", "bash", "read", "write", "edit", "web_search", "browser", "message",
                                         "sessions_spawn", "cron"])
                            blocks.append({"type": w.pick(["toolCall", "tool_use"]), "id": f"tc{w.n(1, 10**6)}", "name": nm,
                                           "arguments": {"command": w.cmd()} if nm in ("exec", "bash") else {"path": "x"}})
                        usage = {"input": w.n(0, 9000), "output": w.n(0, 3000), "cacheRead": w.n(0, 40000),
                                 "cacheWrite": w.n(0, 4000)}
                        usage["totalTokens"] = sum(usage.values())
                        usage["cost"] = {"total": w.pick([0, 0.0123, 0.5])}
                        msg = {"role": "assistant", "content": blocks, "usage": usage, "provider": "anthropic"}
                        if w.chance(0.5):
                            msg["model"] = model
                        if w.chance(0.05):
                            del msg["usage"]
                        row = {"type": "message", "timestamp": w.iso(t), "message": msg}
                        if w.chance(0.9):
                            row["id"] = w.sid()[:8]
                        rows.append(row)
                if w.chance(0.5):
                    p = w.jsonl(f"{sdir}/{sid}.jsonl", rows)
                    index[f"agent:{agent}:{k}"] = {"sessionId": sid, "updatedAt": w.ms(t)}
                    if w.chance(0.5):
                        index[f"agent:{agent}:{k}"]["sessionFile"] = p
                else:
                    w.jsonl(f"{sdir}/{sid}.jsonl", rows)
                if w.chance(0.15):
                    w.jsonl(f"{sdir}/{sid}.jsonl.deleted.{w.ms(t)}", rows)
            if index:
                w.json(f"{sdir}/sessions.json", index)


# ---------------------------------------------------------------- Kimi (legacy) and Kimi Code
KIMI_TOOLS = ["Shell", "Bash", "ReadFile", "ReadMediaFile", "WriteFile", "StrReplaceFile", "Grep", "Glob",
              "SearchWeb", "FetchURL", "Agent", "Task", "AskUserQuestion", "SetTodoList", "Think", "EnterPlanMode",
              "ExitPlanMode", "SendDMail", "mcp__github__search"]


def gen_kimi(w: W) -> None:
    work_dirs = []
    for proj in PROJECTS[:4]:
        kaos = w.pick(["local", "local", "ssh"])
        work_dirs.append({"path": proj, "kaos": kaos, "last_session_id": None})
        h = hashlib.md5(proj.encode()).hexdigest()
        hd = h if kaos == "local" else f"{kaos}_{h}"
        for _ in range(w.n(1, 2)):
            sd = w.sid()
            for agent in [None] + (["sub-" + w.sid()[:6]] if w.chance(0.3) else []):
                rel = f".kimi/sessions/{hd}/{sd}/" + (f"subagents/{agent}/" if agent else "") + "wire.jsonl"
                t = w.start()
                rows = [{"type": "metadata", "protocol_version": w.pick(["1", "2"])}]
                for turn in range(w.n(1, 4)):
                    t = w.step(t)
                    wrap = w.chance(0.7)

                    def rec(typ, payload, tt):
                        ts = round(tt.timestamp() + w.r.random(), w.pick([0, 2, 6]))
                        return {"timestamp": ts, "message": {"type": typ, "payload": payload}} if wrap else \
                            {"timestamp": ts, "type": typ, "payload": payload}
                    ui = w.pick([w.prompt(), [{"type": "text", "text": w.prompt()}]])
                    rows.append(rec(w.pick(["TurnBegin", "TurnBegin", "SteerInput"]), {"user_input": ui}, t))
                    for step in range(w.n(1, 3)):
                        t = w.step(t, 1, 40)
                        for _ in range(w.n(0, 2)):
                            name = w.pick(KIMI_TOOLS)
                            args = json.dumps({"command": w.cmd()} if name in ("Shell", "Bash") else {"path": "a.py"})
                            if w.chance(0.8):
                                rows.append(rec("ToolCall", {"type": "function", "id": f"c{w.n(1, 10**6)}",
                                                             "function": {"name": name, "arguments": args}}, t))
                            else:
                                rows.append(rec("ToolCallRequest", {"id": "x", "name": name, "arguments": args}, t))
                        rows.append(rec("StatusUpdate", {"context_usage": round(w.r.random(), 2)}, t))
                        if w.chance(0.5):
                            u = {"input_other": w.n(0, 9000), "input_cache_read": w.n(0, 30000),
                                 "input_cache_creation": w.n(0, 2000), "output": w.n(0, 3000)}
                        else:
                            cr = w.n(0, 9000)
                            u = {"input": w.n(cr, cr + 20000), "cache_read_input_tokens": cr, "output_tokens": w.n(0, 3000)}
                        p = {w.pick(["token_usage", "usage"]): u}
                        if w.chance(0.8):
                            p["message_id"] = f"chatcmpl-{w.sid()[:10]}"
                        if w.chance(0.2):
                            p["model"] = w.pick(["kimi-k2-turbo-preview", "kimi-k2-0905-preview", "moonshot-v1-8k"])
                        rows.append(rec("StatusUpdate", p, w.step(t, 0, 2)))
                    rows.append(rec("TurnEnd", {}, t))
                w.jsonl(rel, rows)
    w.json(".kimi/kimi.json", {"work_dirs": work_dirs})
    if w.chance(0.7):
        w.text(".kimi/config.toml", 'default_model = "k2"\n\n[models."k2"]\nprovider = "moonshot"\n'
               'model = "kimi-k2-turbo-preview"\nmax_context_size = 262144\n')


def gen_kimicode(w: W) -> None:
    for proj in PROJECTS[:5]:
        name = os.path.basename(proj).replace(" ", "_")
        wd = f"wd_{name}_{hashlib.sha1(proj.encode()).hexdigest()[:12]}"
        for _ in range(w.n(1, 2)):
            sdir = w.pick(["session_", "session_", "conv-", "ctitle-"]) + w.sid()
            t0 = w.start()
            state = {"createdAt": w.iso(t0, "bare"), "updatedAt": w.iso(w.step(t0, 600, 900), "bare"), "agents": {"main": {}}}
            if w.chance(0.8):
                state["workDir"] = proj
            w.json(f".kimi-code/sessions/{wd}/{sdir}/state.json", state)
            for agent in ["main"] + (["sub_" + w.sid()[:6]] if w.chance(0.4) else []):
                t = t0
                rows = [{"type": "metadata", "protocol_version": "1.4", "created_at": w.ms(t)}]
                aliases = {}
                for turn in range(1, w.n(2, 5)):
                    t = w.step(t)
                    rows.append({"type": "turn.prompt", "input": w.pick([w.prompt(), [{"type": "text", "text": w.prompt()}]]),
                                 "origin": {"kind": "user"}, "time": w.ms(t)})
                    for step in range(1, w.n(2, 4)):
                        t = w.step(t, 1, 30)
                        alias = w.pick(["default", "fast", "k2"])
                        real = aliases.setdefault(alias, w.pick(["kimi-k2.6-preview", "kimi-k2-turbo-preview",
                                                                 "kimi-for-coding", "kimi-lab-x"]))
                        rows.append({"type": "llm.request", "kind": "loop", "provider": "moonshot", "model": real,
                                     "modelAlias": alias, "turnStep": f"{turn}.{step}", "time": w.ms(t)})
                        for _ in range(w.n(0, 2)):
                            nm = w.pick(KIMI_TOOLS + ["Read", "Edit", "Write"])
                            args = {"command": w.cmd()} if nm in ("Bash", "Shell") else {"path": "x.py"}
                            rows.append({"type": "context.append_loop_event", "event": {
                                "type": "tool.call", "name": nm, "args": args if w.chance(0.7) else json.dumps(args),
                                "turnId": turn, "step": step, "toolCallId": f"tool-{turn}-{step}"}})
                        rec = {"type": "usage.record", "model": alias, "usageScope": "turn",
                               "usage": {"inputOther": w.n(0, 9000), "output": w.n(0, 2000),
                                         "inputCacheRead": w.n(0, 40000), "inputCacheCreation": w.n(0, 1000)}}
                        if w.chance(0.85):
                            rec["time"] = w.ms(w.step(t, 0, 3))
                        if w.chance(0.1):
                            rec["usage"] = {"inputOther": 0, "output": 0, "inputCacheRead": 0, "inputCacheCreation": 0}
                        rows.append(rec)
                w.jsonl(f".kimi-code/sessions/{wd}/{sdir}/agents/{agent}/wire.jsonl", rows)


# ---------------------------------------------------------------- Mistral Vibe
VIBE_TOOLS = ["bash", "read_file", "write_file", "search_replace", "grep", "task", "todo", "skill", "web_fetch",
              "web_search", "ask_user_question", "exit_plan_mode", "list_dir", "mcp_github_get_issue"]


def vibe_session(w: W, rel: str, proj: str) -> None:
    t0 = w.start()
    t = t0
    rows = []
    assistant = 0
    for turn in range(w.n(1, 4)):
        t = w.step(t)
        u = {"role": "user", "content": w.pick([w.prompt(), [{"type": "text", "text": w.prompt()}]])}
        if w.chance(0.7):
            u["message_id"] = w.sid()
        if w.chance(0.5):
            u["timestamp"] = w.iso(t, "bare")
        rows.append(u)
        if w.chance(0.1):
            continue
        for _ in range(w.n(1, 3)):
            t = w.step(t, 1, 50)
            a = {"role": "assistant", "content": w.pick(["", "Done.", None])}
            calls = []
            for _ in range(w.n(0, 3)):
                nm = w.pick(VIBE_TOOLS)
                args = {"command": w.cmd()} if nm == "bash" else {"path": "utils.py"}
                calls.append({"id": f"tc-{w.n(1, 10**6)}", "type": "function",
                              "function": {"name": nm, "arguments": json.dumps(args) if w.chance(0.7) else args}})
            if calls:
                a["tool_calls"] = calls
            if w.chance(0.8):
                a["message_id"] = w.sid()
            if w.chance(0.6):
                a["timestamp"] = w.iso(t, "bare")
            rows.append(a)
            assistant += 1
            for c in calls:
                rows.append({"role": "tool", "content": "ok", "tool_call_id": c["id"], "name": c["function"]["name"]})
    if w.chance(0.1):
        rows = [r for r in rows if r["role"] == "user"]
    w.jsonl(rel + "/messages.jsonl", rows)
    active = w.pick(["devstral-medium", "mistral-medium-latest", "devstral-small", "local-llama"])
    stats = {"session_prompt_tokens": w.n(0, 300000), "session_completion_tokens": w.n(0, 20000),
             "steps": assistant, "session_cost": w.pick([0, 0.0, w.r.random() / 10])}
    if w.chance(0.4):
        stats["input_price_per_million"] = 0.4
        stats["output_price_per_million"] = 2.0
    if w.chance(0.05):
        stats["session_prompt_tokens"] = stats["session_completion_tokens"] = 0
    meta = {"session_id": w.sid()[:8], "start_time": w.iso(t0, "bare"), "end_time": w.iso(t, "bare"),
            "title": w.prompt()[:25], "environment": {"working_directory": proj}, "stats": stats,
            "config": {"active_model": active, "models": [
                {"name": "mistral-medium-latest", "alias": "devstral-medium", "input_price": 0.4, "output_price": 2.0},
                {"name": "devstral-small-latest", "alias": "devstral-small", "provider": "mistral"}]}}
    if w.chance(0.1):
        del meta["environment"]
    w.json(rel + "/meta.json", meta)


def gen_vibe(w: W) -> None:
    for proj in PROJECTS[:5]:
        for _ in range(w.n(1, 2)):
            rel = f".vibe/logs/session/session_{w.start().strftime('%Y%m%d_%H%M%S')}_{w.sid()[:8]}"
            vibe_session(w, rel, proj)
            if w.chance(0.3):
                vibe_session(w, rel + f"/agents/{w.pick(['explore', 'plan'])}", proj)


# ---------------------------------------------------------------- Kiro
def gen_kiro(w: W) -> None:
    for proj in PROJECTS[:4]:  # CLI
        sid, t = w.sid(), w.start()
        rows, metas = [], []
        for turn in range(w.n(1, 4)):
            t = w.step(t)
            rows.append({"version": "1", "kind": "Prompt", "data": {"message_id": w.sid(), "content": [
                {"kind": "text", "data": w.prompt()}], "meta": {"timestamp": int(t.timestamp())}}})
            content = []
            if w.chance(0.85):
                content.append({"kind": "text", "data": "Let me look. " * w.n(1, 40)})
            for _ in range(w.n(0, 3)):
                content.append({"kind": "toolUse", "data": {"toolUseId": w.sid()[:6], "name": w.pick(
                    ["fs_read", "fs_write", "execute_bash", "use_aws", "grep", "glob", "web_search", "todo_list"]),
                    "input": {"command": w.cmd()}}})
            rows.append({"version": "1", "kind": "AssistantMessage", "data": {"message_id": w.sid(), "content": content}})
            if w.chance(0.6):
                rows.append({"version": "1", "kind": "ToolResults", "data": {"message_id": w.sid(), "content": [
                    {"kind": "text", "data": "out " * w.n(1, 200)}], "results": {}}})
            t = w.step(t, 1, 60)
            m = {"end_timestamp": w.pick([int(t.timestamp()), w.iso(t, "ms")]), "metering_usage": []}
            if w.chance(0.7):
                m["metering_usage"] = [{"value": round(w.r.random() * 2, 3), "unit": "credit", "unitPlural": "credits"}]
            metas.append(m)
        w.jsonl(f".kiro/sessions/cli/{sid}.jsonl", rows)
        w.json(f".kiro/sessions/cli/{sid}.json", {
            "session_id": sid, "cwd": proj, "created_at": w.iso(t, "ms"), "updated_at": w.iso(t, "ms"), "title": "t",
            "session_state": {"rts_model_state": {"model_info": {"model_id": w.pick(["claude-sonnet-4.5", "auto",
                                                                                      "claude-haiku-4.5", ""])}},
                              "conversation_metadata": {"user_turn_metadatas": metas}}})
    for proj in PROJECTS[1:4]:  # IDE v2
        wh = hashlib.md5(proj.encode()).hexdigest()
        sid = w.sid()
        t = w.start()
        rows = [{"id": "s0", "timestamp": w.iso(t, "ms"), "payload": {"type": "session_start", "agentType": "vibe"}}]
        for turn in range(w.n(1, 4)):
            ex = f"exec-{w.sid()[:8]}"
            t = w.step(t)
            rows.append({"id": w.sid()[:6], "timestamp": w.iso(t, "ms"), "payload": {"type": "user", "content": w.prompt()}})
            rows.append({"id": w.sid()[:6], "timestamp": w.iso(t, "ms"), "payload": {"type": "turn_start", "executionId": ex}})
            for _ in range(w.n(0, 3)):
                rows.append({"id": w.sid()[:6], "timestamp": w.iso(w.step(t, 0, 5), "ms"), "payload": {
                    "type": "tool_call", w.pick(["toolName", "name"]): w.pick(["fsWrite", "readFile", "executeBash",
                                                                              "mcp_github_list", "strReplace", "grepSearch"]),
                    "toolCallId": w.sid()[:6], "executionId": ex}})
            if w.chance(0.5):
                rows.append({"id": w.sid()[:6], "timestamp": w.iso(t, "ms"), "payload": {
                    "type": "assistant", "operationType": "Reasoning", "content": "think " * w.n(1, 30), "executionId": ex}})
            if w.chance(0.8):
                rows.append({"id": w.sid()[:6], "timestamp": w.iso(t, "ms"), "payload": {
                    "type": "assistant", "operationType": "Say", "content": "Done " * w.n(1, 60), "executionId": ex}})
            if w.chance(0.6):
                rows.append({"id": w.sid()[:6], "timestamp": w.iso(t, "ms"), "payload": {
                    "type": "usage_summary", "promptTurnSummaries": [{"unit": "credit", "usage": round(w.r.random(), 2),
                                                                      "usedTools": ["fsWrite"]}], "executionId": ex}})
            rows.append({"id": w.sid()[:6], "timestamp": w.iso(t, "ms"), "payload": {"type": "turn_end", "executionId": ex}})
        base = f".kiro/sessions/{wh}/sess_{sid}"
        w.jsonl(base + "/messages.jsonl", rows)
        w.json(base + "/session.json", {"id": sid, "title": "x", "modelId": w.pick(["claude-sonnet-4.5", "auto"]),
                                        "workspacePaths": [proj], "createdAt": w.iso(t, "ms"), "lastModifiedAt": w.iso(t, "ms")})
    root = ".config/Kiro/User/globalStorage/kiro.kiroagent"
    for proj in PROJECTS[:2]:  # legacy .chat
        h = hashlib.md5(("ws" + proj).encode()).hexdigest()
        for _ in range(w.n(1, 2)):
            t = w.start()
            chat = [{"role": "human", "content": "<identity>You are Kiro</identity>"},
                    {"role": "human", "content": w.prompt()},
                    {"role": "bot", "content": "I will edit. <tool_use><name>fsWrite</name></tool_use> done " * w.n(1, 5)},
                    {"role": "tool", "content": "written"}]
            w.json(f"{root}/{h}/{w.sid().replace('-', '')}.chat", {
                "executionId": w.sid(), "actionId": "act", "chat": chat,
                "metadata": {"modelId": w.pick(["claude-sonnet-4", "CLAUDE_SONNET_4_20250514_V1_0"]),
                             "modelProvider": "qdev", "workflow": "act", "workflowId": w.sid(),
                             "startTime": w.ms(t), "endTime": w.ms(w.step(t))}})


# ---------------------------------------------------------------- Cursor IDE and Cursor agent
def gen_cursor(w: W) -> None:
    g = ".config/Cursor/User/globalStorage/state.vscdb"
    con = w.db(g, "CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB);"
                  "CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB);")
    folders = PROJECTS[:3]
    by_folder: dict = {f: [] for f in folders}
    for k in range(w.n(3, 7)):
        cid = w.sid()
        t = w.start(0.3)
        folder = w.pick(folders + [None])
        if folder:
            by_folder[folder].append(cid)
        real = w.chance(0.3)
        meter = not real and w.chance(0.5)
        cd = {"composerId": cid, "createdAt": w.ms(t), "conversation": [], "name": "chat"}
        if meter:
            cd["promptTokenBreakdown"] = {"totalUsedTokens": w.n(1000, 90000)}
            if w.chance(0.3):
                cd["contextTokensUsed"] = w.n(100, 9000)
        con.execute("INSERT INTO cursorDiskKV VALUES (?,?)", (f"composerData:{cid}", json.dumps(cd)))
        for b in range(w.n(2, 10)):
            t = w.step(t, 1, 120)
            typ = 1 if b % 2 == 0 else 2
            bub = {"_v": 3, "type": typ, "bubbleId": w.sid(), "createdAt": w.iso(t, "ms"),
                   "text": w.prompt() if typ == 1 else "Here is the change. " * w.n(1, 30),
                   "tokenCount": {"inputTokens": w.n(100, 40000) if real else 0,
                                  "outputTokens": w.n(10, 3000) if real else 0}}
            if typ == 2:
                bub["modelInfo"] = {"modelName": w.pick(["claude-4.5-sonnet", "gpt-5", "default", "claude-4-opus-thinking",
                                                         "cursor-small-x"])}
                if w.chance(0.5):
                    bub["codeBlocks"] = [{"languageId": w.pick(["typescript", "python", "plaintext", "rust"]), "content": "x"}]
                bub["requestId"] = w.sid()
            if w.chance(0.1):
                del bub["createdAt"]
            con.execute("INSERT INTO cursorDiskKV VALUES (?,?)", (f"bubbleId:{cid}:{bub['bubbleId']}", json.dumps(bub)))
    con.execute("INSERT INTO ItemTable VALUES (?,?)", ("cursorAuth/cachedEmail", "dev@example.com"))
    con.commit()
    con.close()
    for folder, ids in by_folder.items():
        h = hashlib.md5(folder.encode()).hexdigest()
        base = f".config/Cursor/User/workspaceStorage/{h}"
        w.json(base + "/workspace.json", {"folder": "file://" + folder.replace(" ", "%20")})
        c = w.db(base + "/state.vscdb", "CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB);")
        c.execute("INSERT INTO ItemTable VALUES (?,?)", ("composer.composerData",
                                                        json.dumps({"allComposers": [{"composerId": i} for i in ids]})))
        c.commit()
        c.close()


def gen_cursoragent(w: W) -> None:
    convs = []
    for proj in PROJECTS[:4]:
        pid = proj.strip("/").replace("/", "-").replace(" ", "-")
        base = f".cursor/projects/{pid}/agent-transcripts"
        for _ in range(w.n(1, 3)):
            cid = w.sid()
            convs.append(cid)
            rows = []
            for turn in range(w.n(1, 5)):
                q = w.prompt()
                rows.append({"role": "user", "message": {"content": [{"type": "text", "text": w.pick(
                    [f"<user_query>\n{q}\n</user_query>", q, f"<user_info>os</user_info>\n<user_query>{q}</user_query>"])}]}})
                for _ in range(w.n(1, 3)):
                    blocks = [{"type": "text", "text": "Working on it. " * w.n(1, 20)}]
                    for _ in range(w.n(0, 2)):
                        blocks.append({"type": "tool_use", "name": w.pick(["Shell", "Read", "Edit", "Grep", "Write",
                                                                           "Glob", "WebSearch", "Todo Write"]),
                                       "input": {"command": w.cmd()}})
                    rows.append({"role": "assistant", "message": {"content": blocks}})
            w.jsonl(f"{base}/{cid}/{cid}.jsonl", rows)
            if w.chance(0.3):
                w.jsonl(f"{base}/{cid}/subagents/{w.sid()}.jsonl", rows[:2])
        if w.chance(0.5):  # legacy text transcript
            lines = []
            for _ in range(w.n(1, 3)):
                lines += ["user:", f"<user_query>{w.prompt()}</user_query>", "", "A:", "[Thinking] consider options",
                          "I'll run it.", "[Tool call] run terminal cmd", "  command: npm test", "[Tool result] ok", ""]
            w.text(f"{base}/{w.sid()}.txt", "\n".join(lines))
    con = w.db(".cursor/ai-tracking/ai-code-tracking.db",
               "CREATE TABLE conversation_summaries (conversationId TEXT PRIMARY KEY, title TEXT, tldr TEXT,"
               " overview TEXT, summaryBullets TEXT, model TEXT, mode TEXT, updatedAt INTEGER);")
    for cid in convs:
        if w.chance(0.7):
            t = w.start()
            con.execute("INSERT INTO conversation_summaries (conversationId, title, model, mode, updatedAt)"
                        " VALUES (?,?,?,?,?)", (cid, "t", w.pick(["default", "claude-4.5-sonnet", "gpt-5", None]),
                                                "agent", w.pick([w.ms(t), int(t.timestamp())])))
    con.commit()
    con.close()


# ---------------------------------------------------------------- Cline family and Cline CLI
CLINE_ROOTS = {"cline": ".config/Code/User/globalStorage/saoudrizwan.claude-dev",
               "roo": ".config/VSCodium/User/globalStorage/rooveterinaryinc.roo-cline",
               "kilo": ".config/Code - Insiders/User/globalStorage/kilocode.kilo-code",
               "bob": ".config/IBM Bob/User/globalStorage/ibm.bob-code",
               "clinedata": ".cline/data"}


def cline_task(w: W, root: str) -> None:
    t = w.start()
    tid = str(w.ms(t))
    proj = w.pick(PROJECTS)
    ui = [{"ts": w.ms(t), "type": "say", "say": "text", "text": w.prompt(), "images": [], "files": []}]
    hist = [{"role": "user", "content": [{"type": "text", "text": "<task>\n" + w.prompt() + "\n</task>"},
                                          {"type": "text", "text": "<environment_details>\n" + w.pick([
                                              f"# Current Workspace Directory ({proj}) Files\n",
                                              f"# Current Working Directory ({proj}) Files\n", ""]) +
                                           w.pick(["<model>anthropic/claude-sonnet-4.5</model>", "<model>gpt-5</model>",
                                                   "<model>x-ai/grok-code-fast-1</model>", ""]) +
                                           "\n</environment_details>"}]}]
    for k in range(w.n(1, 8)):
        t = w.step(t, 1, 90)
        req = {"request": "<task>…", "tokensIn": w.n(0, 30000), "tokensOut": w.n(0, 3000),
               "cacheReads": w.n(0, 90000), "cacheWrites": w.n(0, 9000)}
        if w.chance(0.6):
            req["cost"] = round(w.r.random() / 10, 6)
        for key in ("cacheReads", "cacheWrites"):
            if w.chance(0.15):
                del req[key]
        if w.chance(0.05):
            req["tokensIn"] = req["tokensOut"] = 0
        ui.append({"ts": w.ms(t), "type": "say", "say": "api_req_started", "text": json.dumps(req)})
        say = w.pick(["text", "reasoning", "tool", "command", "completion_result"])
        body = {"tool": w.pick(["readFile", "editedExistingFile", "newFileCreated", "searchFiles", "listFilesTopLevel"]),
                "path": "src/a.ts"}
        ui.append({"ts": w.ms(t) + 5, "type": "say", "say": say, "partial": False,
                   "text": json.dumps(body) if say == "tool" else w.cmd() if say == "command" else "Looking at it."})
        if w.chance(0.3):
            ui.append({"ts": w.ms(t) + 9, "type": "ask", "ask": w.pick(["command", "tool", "followup"]), "text": w.cmd()})
        if w.chance(0.15):
            ui.append({"ts": w.ms(t) + 20, "type": "say", "say": "user_feedback", "text": w.prompt()})
        hist.append({"role": "assistant", "content": [{"type": "text", "text": "ok"}]})
    w.json(f"{root}/tasks/{tid}/ui_messages.json", ui)
    if w.chance(0.9):
        w.json(f"{root}/tasks/{tid}/api_conversation_history.json", hist)
    if w.chance(0.5):
        w.json(f"{root}/tasks/{tid}/task_metadata.json", {"files_in_context": [], "model_usage": []})


def gen_cline(w: W) -> None:
    for name, root in CLINE_ROOTS.items():
        if w.chance(0.85):
            for _ in range(w.n(1, 3)):
                cline_task(w, root)


def gen_clinecli(w: W) -> None:
    for _ in range(w.n(2, 4)):
        sid = f"{w.ms(w.start())}_{w.sid()[:6]}"
        t = w.start()
        proj = w.pick(PROJECTS)
        msgs = []
        any_metrics = w.chance(0.8)
        for turn in range(w.n(1, 4)):
            t = w.step(t)
            msgs.append({"role": "user", "id": w.sid(), "ts": w.ms(t), "content": [{"type": "text", "text": w.prompt()}]})
            for _ in range(w.n(1, 3)):
                t = w.step(t, 1, 40)
                blocks = [{"type": "text", "text": "ok"}]
                for _ in range(w.n(0, 2)):
                    nm = w.pick(["run_commands", "read_files", "editor", "apply_patch", "search_codebase",
                                 "fetch_web_content", "skills", "spawn_agent", "ask_question", "custom_tool"])
                    inp = {"commands": json.dumps([w.cmd(), w.cmd()])} if nm == "run_commands" and w.chance(0.5) else \
                        {"command": w.cmd()} if nm == "run_commands" else {"path": "src/x.ts"}
                    blocks.append({"type": "tool_use", "id": f"toolu_{w.n(1, 10**8)}", "name": nm, "input": inp})
                m = {"role": "assistant", "id": w.sid(), "ts": w.ms(t), "content": blocks,
                     "modelInfo": {"id": w.pick(["claude-sonnet-4-5", "gpt-5", "anthropic/claude-opus-4.1", "mini-x"])}}
                if any_metrics:
                    m["metrics"] = {"inputTokens": w.n(0, 30000), "outputTokens": w.n(0, 3000),
                                    "cacheReadTokens": w.n(0, 60000), "cacheWriteTokens": w.n(0, 5000)}
                    if w.chance(0.6):
                        m["metrics"]["cost"] = w.pick([0, round(w.r.random() / 20, 6)])
                msgs.append(m)
        base = f".cline/data/sessions/{sid}"
        w.json(f"{base}/{sid}.messages.json", {"version": 1, "messages": msgs})
        w.json(f"{base}/{sid}.json", {
            "session_id": sid, "provider": "anthropic", "model": "claude-sonnet-4-5", "cwd": proj,
            "workspace_root": proj if w.chance(0.7) else None, "started_at": w.iso(t, "ms"), "ended_at": w.iso(t, "ms"),
            "metadata": {"usage": {"inputTokens": w.n(1, 90000), "outputTokens": w.n(1, 9000), "cacheReadTokens": 10,
                                   "cacheWriteTokens": 5, "totalCost": 0.25}}})


# ---------------------------------------------------------------- OpenCode (SQLite and files)
OC_TOOLS = ["bash", "read", "edit", "write", "glob", "grep", "task", "fetch", "search", "todo", "todowrite",
            "skill", "patch", "list", "webfetch", "clickup_get_task", "mcp__linear__list", "github_create_pr"]


def oc_message(w: W, sid: str, t: dt.datetime, role: str) -> dict:
    m = {"id": "msg_" + w.sid().replace("-", "")[:20], "sessionID": sid, "role": role,
         "time": {"created": w.ms(t)}}
    if role == "assistant":
        m.update({"modelID": w.pick(["claude-sonnet-4-5", "gpt-5", "kimi-k2", "qwen3-coder", "big-pickle",
                                     "gemini-2.5-pro"]), "providerID": w.pick(["anthropic", "openai", "opencode"]),
                  "mode": "build", "path": {"cwd": "/x", "root": "/x"}, "cost": w.pick([0, round(w.r.random() / 10, 5)])})
        tok = {"input": w.n(0, 20000), "output": w.n(0, 2000), "reasoning": w.n(0, 500),
               "cache": {"read": w.n(0, 80000), "write": w.n(0, 5000)}}
        if w.chance(0.1):
            tok = {"input": 0, "output": 0, "reasoning": 0, "cache": {"read": 0, "write": 0}}
        if w.chance(0.1):
            del m["modelID"]
            m["model"] = "anthropic/claude-haiku-4-5"
        m["tokens"] = tok
        m["time"]["completed"] = w.ms(t) + 900
    return m


def oc_parts(w: W, m: dict, t: dt.datetime) -> list:
    parts = []
    if m["role"] == "user":
        return [{"type": "text", "text": w.prompt()}]
    parts.append({"type": "step-start"})
    if w.chance(0.4):
        parts.append({"type": "reasoning", "text": "think"})
    if w.chance(0.7):
        parts.append({"type": "text", "text": "done"})
    for _ in range(w.n(0, 3)):
        tool = w.pick(OC_TOOLS)
        inp = {"command": w.cmd()} if tool == "bash" else {"name": "pdf"} if tool == "skill" else \
            {"subagent_type": w.pick(["general", "explore"]), "prompt": "x"} if tool == "task" else {"filePath": "/a.ts"}
        parts.append({"type": w.pick(["tool", "tool", "tool-call"]), "tool": tool, "callID": f"call_{w.n(1, 10**8)}",
                      "state": {"status": w.pick(["completed", "error"]), "input": inp, "output": "ok"}})
    parts.append({"type": "step-finish", "tokens": m.get("tokens"), "cost": m.get("cost")})
    return parts


def gen_opencode(w: W) -> None:
    con = w.db(".local/share/opencode/opencode.db", """
        CREATE TABLE project (id TEXT PRIMARY KEY, worktree TEXT, vcs TEXT, time_created INTEGER, time_updated INTEGER);
        CREATE TABLE session (id TEXT PRIMARY KEY, project_id TEXT, parent_id TEXT, slug TEXT, directory TEXT,
            title TEXT, version TEXT, share_url TEXT, summary_additions INTEGER, time_created INTEGER,
            time_updated INTEGER, time_compacting INTEGER, time_archived INTEGER);
        CREATE TABLE message (id TEXT PRIMARY KEY, session_id TEXT, time_created INTEGER, time_updated INTEGER, data TEXT);
        CREATE TABLE part (id TEXT PRIMARY KEY, message_id TEXT, session_id TEXT, time_created INTEGER,
            time_updated INTEGER, data TEXT);""")
    for proj in PROJECTS[:5]:
        for _ in range(w.n(1, 3)):
            root = "ses_" + w.sid().replace("-", "")[:24]
            t = w.start()
            archived = w.ms(t) if w.chance(0.1) else None
            con.execute("INSERT INTO session (id, project_id, parent_id, slug, directory, title, version, time_created,"
                        " time_updated, time_archived) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        (root, "p1", None, "slug", proj, w.prompt()[:30], "1.0.0", w.ms(t), w.ms(t), archived))
            sessions = [root]
            if w.chance(0.4):
                child = "ses_" + w.sid().replace("-", "")[:24]
                con.execute("INSERT INTO session (id, project_id, parent_id, slug, directory, title, version, time_created,"
                            " time_updated, time_archived) VALUES (?,?,?,?,?,?,?,?,?,?)",
                            (child, "p1", root, "sub", proj, "subagent", "1.0.0", w.ms(t), w.ms(t),
                             w.ms(t) if w.chance(0.2) else None))
                sessions.append(child)
            for s in sessions:
                for turn in range(w.n(1, 4)):
                    for role in ["user"] + ["assistant"] * w.n(1, 3):
                        t = w.step(t, 1, 60)
                        m = oc_message(w, s, t, role)
                        stamp = w.pick([w.ms(t), w.ms(t), int(t.timestamp())])
                        con.execute("INSERT INTO message VALUES (?,?,?,?,?)", (m["id"], s, stamp, stamp, json.dumps(m)))
                        for i, p in enumerate(oc_parts(w, m, t)):
                            pid = f"prt_{m['id'][4:]}{i:03d}"
                            p.update({"id": pid, "messageID": m["id"], "sessionID": s})
                            con.execute("INSERT INTO part VALUES (?,?,?,?,?,?)", (pid, m["id"], s, stamp, stamp, json.dumps(p)))
    con.commit()
    con.close()
    base = ".local/share/opencode/storage"
    for proj in PROJECTS[3:6]:
        pid = hashlib.sha1(proj.encode()).hexdigest()
        for _ in range(w.n(1, 2)):
            sid = "ses_" + w.sid().replace("-", "")[:24]
            t = w.start()
            w.json(f"{base}/session/{pid}/{sid}.json", {"id": sid, "version": "0.9.0", "projectID": pid,
                                                        "directory": proj, "title": w.prompt()[:20],
                                                        "time": {"created": w.ms(t), "updated": w.ms(t)}})
            for turn in range(w.n(1, 4)):
                for role in ["user"] + ["assistant"] * w.n(1, 2):
                    t = w.step(t, 1, 60)
                    m = oc_message(w, sid, t, role)
                    w.json(f"{base}/message/{sid}/{m['id']}.json", m)
                    for i, p in enumerate(oc_parts(w, m, t)):
                        pid2 = f"prt_{m['id'][4:]}{i:03d}"
                        p.update({"id": pid2, "messageID": m["id"], "sessionID": sid})
                        w.json(f"{base}/part/{m['id']}/{pid2}.json", p)


# ---------------------------------------------------------------- Goose and Crush
def gen_goose(w: W) -> None:
    con = w.db(".local/share/goose/sessions/sessions.db", """
        CREATE TABLE schema_version (version INTEGER PRIMARY KEY);
        CREATE TABLE sessions (id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT '',
            session_type TEXT NOT NULL DEFAULT 'user', working_dir TEXT NOT NULL,
            created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
            extension_data TEXT DEFAULT '{}', total_tokens INTEGER, input_tokens INTEGER, output_tokens INTEGER,
            accumulated_total_tokens INTEGER, accumulated_input_tokens INTEGER, accumulated_output_tokens INTEGER,
            schedule_id TEXT, recipe_json TEXT, user_recipe_values_json TEXT, provider_name TEXT, model_config_json TEXT);
        CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT, session_id TEXT NOT NULL,
            role TEXT NOT NULL, content_json TEXT NOT NULL, created_timestamp INTEGER NOT NULL,
            timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP, tokens INTEGER, metadata_json TEXT);""")
    con.execute("INSERT INTO schema_version VALUES (6)")
    for i in range(w.n(3, 7)):
        t = w.start(0.1)
        if t.date() == w.now.date():  # zone-less local times near now differ by zone: keep them days back
            t -= dt.timedelta(days=1)
        sid = t.strftime("%Y%m%d_") + str(i + 1)
        ins, outs = w.n(0, 90000), w.n(0, 9000)
        if w.chance(0.15):
            ins = outs = 0
        mc = {"model_name": w.pick(["claude-sonnet-4-5", "gpt-4o", "gpt-5", "goose-local-7b", "gemini-2.5-flash"]),
              "context_limit": 200000, "temperature": None}
        con.execute("INSERT INTO sessions (id, name, working_dir, created_at, updated_at, accumulated_input_tokens,"
                    " accumulated_output_tokens, accumulated_total_tokens, provider_name, model_config_json)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (sid, w.prompt()[:20], w.pick(PROJECTS + [""]), t.strftime("%Y-%m-%d %H:%M:%S"),
                     w.step(t, 60, 3600).strftime("%Y-%m-%d %H:%M:%S") if w.chance(0.9) else None,
                     ins, outs, ins + outs, "anthropic", json.dumps(mc) if w.chance(0.9) else None))
        con.execute("INSERT INTO messages (message_id, session_id, role, content_json, created_timestamp) VALUES (?,?,?,?,?)",
                    (w.sid(), sid, "user", json.dumps([{"type": "text", "text": w.prompt()}]), int(t.timestamp())))
        for _ in range(w.n(0, 4)):
            t = w.step(t)
            items = [{"type": "text", "text": "ok"}]
            for _ in range(w.n(1, 2)):
                nm = w.pick(["developer__shell", "developer__text_editor", "developer__read_file", "developer__list_directory",
                             "computercontroller__shell", "todo__todo_write", "github__create_issue", "platform__manage_extensions"])
                items.append({"type": "toolRequest", "id": w.sid()[:8], "toolCall": {"status": "success", "value": {
                    "name": nm, "arguments": {"command": w.cmd()} if nm.endswith("shell") else {"path": "/a", "command": "view"}}}})
            con.execute("INSERT INTO messages (message_id, session_id, role, content_json, created_timestamp) VALUES (?,?,?,?,?)",
                        (w.sid(), sid, "assistant", json.dumps(items), int(t.timestamp())))
    con.commit()
    con.close()


def gen_crush(w: W) -> None:
    reg = {}
    for proj in PROJECTS[:3]:
        rel_proj = "code/" + os.path.basename(proj).replace(" ", "_")
        data_dir = ".crush"
        con = w.db(f"{rel_proj}/{data_dir}/crush.db", """
            CREATE TABLE sessions (id TEXT PRIMARY KEY, parent_session_id TEXT, title TEXT NOT NULL,
                message_count INTEGER NOT NULL DEFAULT 0, prompt_tokens INTEGER NOT NULL DEFAULT 0,
                completion_tokens INTEGER NOT NULL DEFAULT 0, cost REAL NOT NULL DEFAULT 0.0,
                updated_at INTEGER NOT NULL, created_at INTEGER NOT NULL, summary_message_id TEXT);
            CREATE TABLE messages (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, role TEXT NOT NULL, parts TEXT NOT NULL
                DEFAULT '[]', model TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
                finished_at INTEGER, provider TEXT);""")
        for _ in range(w.n(1, 4)):
            sid, t = w.sid(), w.start()
            con.execute("INSERT INTO sessions VALUES (?,?,?,?,?,?,?,?,?,?)",
                        (sid, None, "t", 4, w.n(0, 90000), w.n(0, 9000), w.pick([0.0, round(w.r.random(), 4)]),
                         int(w.step(t).timestamp()), int(t.timestamp()), None))
            for _ in range(w.n(0, 5)):
                t = w.step(t)
                con.execute("INSERT INTO messages VALUES (?,?,?,?,?,?,?,?,?)",
                            (w.sid(), sid, w.pick(["user", "assistant"]), "[]",
                             w.pick(["claude-sonnet-4-5-20250929", "gpt-5", "", None, "qwen/qwen3-coder"]),
                             int(t.timestamp()), int(t.timestamp()), None, "anthropic"))
            if w.chance(0.3):
                con.execute("INSERT INTO sessions VALUES (?,?,?,?,?,?,?,?,?,?)",
                            (w.sid(), sid, "child", 1, 100, 10, 0.01, int(t.timestamp()), int(t.timestamp()), None))
        con.commit()
        con.close()
        reg[w.sid()] = {"path": os.path.join(w.home, rel_proj), "data_dir": data_dir,
                        "last_accessed": w.iso(w.now, "ms")}
    w.json(".local/share/crush/projects.json", reg if w.chance(0.7) else list(reg.values()))


# ---------------------------------------------------------------- broken inputs
def gen_broken(w: W) -> None:
    """One input per family that cannot be read; each is to be named once, never fatal."""
    w.text(".gemini/tmp/broken/chats/session-2026-01-01T00-00-bad.json", '{"sessionId": "x", "messages": [')
    w.text(".qwen/projects/-broken/chats/bad.jsonl", '{"uuid": "q", "type": "assistant", "usageMetadata": {"prompt\n\x00\x01')
    w.text(".copilot/session-state/broken-sess/events.jsonl", "\x00\xff not json at all\n")
    w.text(".local/share/goose/sessions/sessions.db.bak", "junk")
    w.text(".config/Code/User/globalStorage/saoudrizwan.claude-dev/tasks/999/ui_messages.json", "[{\"ts\": 1, ")
    w.text(".kimi-code/sessions/wd_x_000000000000/session_bad/agents/main/wire.jsonl", "{torn")
    w.text(".vibe/logs/session/session_bad/meta.json", "{")
    w.text(".vibe/logs/session/session_bad/messages.jsonl", "{\"role\": \"assistant\"}\n")
    w.text(".local/share/opencode/storage/message/ses_bad/msg_bad.json", "not json")


GENERATORS = {"gemini": gen_gemini, "qwen": gen_qwen, "copilot": gen_copilot, "droid": gen_droid,
              "pi": lambda w: gen_pi_like(w, ".pi/agent/sessions", False),
              "omp": lambda w: gen_pi_like(w, ".omp/agent/sessions", True), "openclaw": gen_openclaw,
              "kimi": gen_kimi, "kimicode": gen_kimicode, "vibe": gen_vibe, "kiro": gen_kiro, "cursor": gen_cursor,
              "cursoragent": gen_cursoragent, "cline": gen_cline, "clinecli": gen_clinecli, "opencode": gen_opencode,
              "goose": gen_goose, "crush": gen_crush, "broken": gen_broken}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("home")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", default="")
    a = ap.parse_args()
    only = [x for x in a.only.split(",") if x] or [t for t in TOOLS if t != "broken"]
    for name in only:
        if name not in GENERATORS:
            ap.error(f"unknown tool {name!r}; one of {', '.join(TOOLS)}")
    os.makedirs(a.home, exist_ok=True)
    for name in only:
        w = W(a.home, a.seed * 1000 + TOOLS.index(name))  # one stream per tool: --only keeps each tool's history
        GENERATORS[name](w)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
