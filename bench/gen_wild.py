"""Wild-shaped Claude Code and Codex histories: what other writers (and the
real tools across versions) put on disk, varied wherever the formats allow,
for a parity sweep against the reference (bench/wild_sweep.py).

Written independently of gen_mixed.py / gen_shapes.py so that the two do not
share blind spots. Every choice is drawn from one seeded RNG, so a seed names
one history exactly.

Usage: python bench/gen_wild.py HOME [--seed N] [--now ISO]

Besides HOME/.claude and HOME/.codex it writes HOME/alt-claude (a second
Claude config dir) and HOME/wild-env.json, which names the environment
(CLAUDE_CONFIG_DIRS, relative to HOME as "{home}/…") the sweep passes on."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import uuid

# ---------------------------------------------------------------- spelling


class Speller:
    """Turns records into bytes the way one of many writers might."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def value(self, v):
        """Shuffle object keys (recursively) and respell some numbers."""
        r = self.rng
        if isinstance(v, dict):
            items = [(k, self.value(x)) for k, x in v.items()]
            if r.random() < 0.35:
                r.shuffle(items)
            return dict(items)
        if isinstance(v, list):
            return [self.value(x) for x in v]
        return v

    def number(self, n: int):
        """An integer token count, sometimes written as a float such as 12.0."""
        p = self.rng.random()
        if p < 0.08:
            return float(n)
        return n

    def dumps(self, rec) -> str:
        r = self.rng
        rec = self.value(rec)
        p = r.random()
        if p < 0.5:
            s = json.dumps(rec, ensure_ascii=False, separators=(",", ":"))
        elif p < 0.8:
            s = json.dumps(rec, ensure_ascii=False)
        elif p < 0.97:
            s = json.dumps(rec, ensure_ascii=True)  # \u escapes, surrogate pairs for emoji
        else:
            s = json.dumps(rec, ensure_ascii=False, separators=(" , ", " : "))
        if r.random() < 0.04:
            s = " \t" + s + "  "
        return s


def write_lines(path: str, lines: list[str], rng: random.Random, *, allow_bom=True, allow_tear=True) -> None:
    """Join lines with LF or CRLF, add blank/whitespace-only lines, maybe a
    BOM, maybe a torn last line, maybe no final newline."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    eol = "\r\n" if rng.random() < 0.2 else "\n"
    out = []
    for ln in lines:
        out.append(ln)
        q = rng.random()
        if q < 0.03:
            out.append("")
        elif q < 0.05:
            out.append("   \t ")
    text = eol.join(out)
    if rng.random() < 0.85:
        text += eol
    if allow_tear and rng.random() < 0.12:
        tail = lines[-1] if lines else "{}"
        text += tail[: max(1, len(tail) // 2)]  # a write cut off mid-line
    data = text.encode("utf-8")
    if allow_bom and rng.random() < 0.05:
        data = b"\xef\xbb\xbf" + data
    with open(path, "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- time


class Clock:
    def __init__(self, rng: random.Random, now: dt.datetime):
        self.rng = rng
        self.now = now

    def start(self) -> dt.datetime:
        r = self.rng
        days = r.choice([0, 0, 1, 2, 3, 5, 6, 7, 8, 13, 20, 29, 31, 45, 70])
        t = self.now - dt.timedelta(days=days, seconds=r.randint(0, 86399))
        if t > self.now - dt.timedelta(minutes=30):
            t = self.now - dt.timedelta(minutes=30 + r.randint(0, 300))
        return t

    def spell(self, t: dt.datetime) -> str:
        """ISO in one of the spellings writers use: Z with millis, no
        fraction, microseconds, or a numeric offset."""
        r = self.rng
        p = r.random()
        t = t.astimezone(dt.timezone.utc)
        if p < 0.7:
            return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
        if p < 0.8:
            return t.strftime("%Y-%m-%dT%H:%M:%SZ")
        if p < 0.88:
            return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        off = r.choice([330, -300, -240, 60, 545, 0])
        tz = dt.timezone(dt.timedelta(minutes=off))
        s = t.astimezone(tz).isoformat(timespec=r.choice(["seconds", "milliseconds"]))
        return s


# ---------------------------------------------------------------- text


PROMPTS = [
    "fix the failing test in cart.ts",
    "add pagination to the invoices endpoint",
    "refactor the auth module and rename helpers",
    "what is the difference between these two approaches?",
    "run pytest and check coverage",
    "git commit and push the branch",
    "npm run build then deploy",
    "explain how does the cache work",
    "brainstorm some ideas for the landing page",
    "the server returns status code 500 — debug it",
    "Почини ошибку в парсере",
    "修复这个错误 please",
    "déploie la nouvelle version 🚀",
    "look into https://example.com/issue/12",
    "write a script to query the database",
    "update config.yaml",
    "thanks!",
    "make a new component for the header 😀👍🏽",
    "stack\u00a0trace shows crash in café module",
    "<command-name>/clear</command-name>",
    "[Request interrupted by user]",
    "tab\tand\nnewline and \"quotes\" and \\backslash",
    "investigate the bug and fix it",
    "set up docker compose",
    "review this PR and suggest improvements",
    "𝒻𝒾𝓍 the unicode handling",
]

BASH = [
    "npm test -- cart && git status",
    "git add . && git commit -m \"fix: cart && totals\"",
    "cat src/a.ts | grep -n 'total' | head -20",
    "cd /repo && NODE_ENV=test npx vitest --run",
    "sudo -u www docker compose up -d",
    "rg -n \"TODO\" src || echo none",
    "python - <<'EOF'\nimport sys\nprint(sys.version)\nEOF",
    "for f in *.py; do echo $f; done",
    "ls -la; pwd; true",
    "\x1b[31mecho\x1b[0m colored",
    "time nice -n 5 make build",
    "FOO=1 BAR=2 ./scripts/run.sh --flag",
    "echo 'it''s' | tr a-z A-Z",
    "git log --oneline | wc -l",
    "",
    "   ",
    "curl -s https://api.example.com/v1 | jq '.items[] | .id'",
    "pytest -q tests/ 2>&1 | tail -5",
    "npx \"@angular/cli\" new app",
    "/usr/bin/git diff HEAD~1",
    "rtk",
    "cat ~/.claude/skills/pdf/SKILL.md",
]

PATHS = ["/home/dev/src/app/src/main.ts", "/home/dev/src/app/README.md", "C:\\Users\\dev\\app\\x.py",
         "/home/dév/プロジェクト/файл.rs", "relative/path.go", "/tmp/x y/z.json"]

CLAUDE_MODELS = [
    "claude-sonnet-4-5-20250929", "claude-opus-4-6", "claude-opus-4-7", "claude-haiku-4-5-20251001",
    "claude-3-5-haiku-20241022", "claude-sonnet-4-20250514", "claude-opus-4-1-20250805",
    "anthropic/claude-sonnet-4-5", "claude-sonnet-4-5@20250929", "us.anthropic.claude-sonnet-4-20250514-v1:0",
    "<synthetic>", "claude-opus-4-5-20251101", "claude-3-7-sonnet-20250219", "claude-sonnet-4-5[1m]",
    "Claude-Sonnet-4-5", "claude-fable-9",
]

CODEX_MODELS = ["gpt-5", "gpt-5-codex", "gpt-5.1-codex-max", "gpt-5.3-codex", "gpt-5-mini", "o3", "o4-mini",
                "gpt-4.1", "gpt-5.2", "gpt-5.1-codex-mini", "openai/gpt-5", "gpt-5-2025-08-07", "codex-mini-latest",
                "gpt-oss-120b", "mystery-model-x"]


def mcp_name(rng: random.Random) -> str:
    return rng.choice(["mcp__github__create_issue", "mcp__linear__list_issues", "mcp__plugin_x_srv__do",
                       "mcp__fs__read", "mcp__a__", "mcp____b", "mcp__claude_ai_Gmail__search"])


# ---------------------------------------------------------------- Claude


CLAUDE_TOOLS = ["Edit", "Write", "FileEditTool", "FileWriteTool", "NotebookEdit", "Read", "Grep", "Glob",
                "FileReadTool", "GrepTool", "GlobTool", "Bash", "BashTool", "PowerShellTool", "TaskCreate",
                "TaskUpdate", "TaskGet", "TaskList", "TaskOutput", "TaskStop", "TodoWrite", "WebSearch", "WebFetch",
                "ToolSearch", "Skill", "Agent", "Task", "EnterPlanMode", "ExitPlanMode", "MultiEdit", "LS",
                "NotebookRead", "BashOutput", "KillShell", "SlashCommand", "MCP", "cursor:edit"]


class ClaudeWriter:
    def __init__(self, rng: random.Random, clock: Clock, sp: Speller):
        self.rng, self.clock, self.sp = rng, clock, sp
        self.msg_pool: list[str] = []  # ids reused across files

    def tool_block(self) -> dict:
        r = self.rng
        name = r.choice(CLAUDE_TOOLS)
        if name == "MCP":
            name = mcp_name(r)
        inp: dict = {}
        if name in ("Bash", "BashTool", "PowerShellTool"):
            inp = {"command": r.choice(BASH), "description": "run"}
            if r.random() < 0.05:
                inp["command"] = None
            elif r.random() < 0.03:
                inp["command"] = ["ls", "-la"]
        elif name in ("Read", "Edit", "Write", "FileEditTool", "FileWriteTool", "FileReadTool", "MultiEdit"):
            inp = {"file_path": r.choice(PATHS)}
            if name in ("Edit", "MultiEdit"):
                inp.update(old_string="a", new_string="b")
        elif name == "NotebookEdit":
            inp = {"notebook_path": "/x/n.ipynb", "new_source": "print(1)"}
        elif name == "Skill":
            inp = r.choice([{"skill": "pdf"}, {"name": "init"}, {"skill": "", "name": "hidden"},
                            {"skill": "  review  "}, {"skill": None, "name": "docs"}, {}])
        elif name in ("Agent", "Task"):
            inp = {"subagent_type": r.choice(["Explore", "general-purpose", "", "  Plan ", None]),
                   "description": "d", "prompt": "p"}
        elif name in ("Grep", "Glob", "GrepTool", "GlobTool"):
            inp = {"pattern": "TODO", "path": "src"}
        elif name == "WebSearch":
            inp = {"query": "simdjson ondemand"}
        blk = {"type": "tool_use", "id": "toolu_" + uuid.UUID(int=r.getrandbits(128)).hex[:20], "name": name,
               "input": inp}
        if r.random() < 0.02:
            blk["caller"] = {"type": "direct"}
        return blk

    def usage(self) -> dict:
        r, n = self.rng, self.sp.number
        u: dict = {"input_tokens": n(r.choice([0, 1, 3, 12, 250, 4096, r.randint(1, 90000)])),
                   "output_tokens": n(r.choice([0, 1, 40, 188, 1500, r.randint(1, 30000)]))}
        p = r.random()
        if p < 0.6:
            c5 = r.choice([0, 0, 500, r.randint(0, 40000)])
            c1 = r.choice([0, 0, 0, 1200, r.randint(0, 20000)])
            legacy = r.choice([c5 + c1, c5 + c1, c5, 0, c5 + c1 + 77])
            u["cache_creation_input_tokens"] = n(legacy)
            if r.random() < 0.7:
                u["cache_creation"] = {"ephemeral_5m_input_tokens": n(c5), "ephemeral_1h_input_tokens": n(c1)}
        elif p < 0.65:
            u["cache_creation_input_tokens"] = None
        if r.random() < 0.7:
            u["cache_read_input_tokens"] = n(r.choice([0, 18250, r.randint(0, 400000)]))
        q = r.random()
        if q < 0.15:
            u["server_tool_use"] = {"web_search_requests": r.choice([0, 1, 2, 5]), "web_fetch_requests": r.choice([0, 1])}
        elif q < 0.17:
            u["server_tool_use"] = None
        if r.random() < 0.5:
            u["service_tier"] = r.choice(["standard", "priority", "batch", None])
        s = r.random()
        if s < 0.08:
            u["speed"] = "fast"
        elif s < 0.15:
            u["speed"] = r.choice(["standard", None, "FAST"])
        if r.random() < 0.04:
            u["iterations"] = [{"type": "message", "input_tokens": 4, "output_tokens": 60},
                               {"type": "advisor_message", "model": r.choice(["claude-opus-4-6", None]),
                                "input_tokens": n(r.randint(100, 5000)), "output_tokens": n(r.randint(10, 900)),
                                "cache_read_input_tokens": r.choice([0, 300])}]
        if r.random() < 0.03:
            u["input_tokens"] = None
        if r.random() < 0.02:
            u["output_tokens"] = 2 ** 40 + r.randint(0, 1000)  # huge
        return u

    def assistant(self, ts: str, sid: str, cwd, model: str, mid, content: list) -> dict:
        rec = {"parentUuid": str(uuid.UUID(int=self.rng.getrandbits(128))), "isSidechain": False,
               "userType": "external", "cwd": cwd, "sessionId": sid, "version": "2.0.31", "gitBranch": "main",
               "message": {"id": mid, "type": "message", "role": "assistant", "model": model, "content": content,
                           "stop_reason": None, "stop_sequence": None, "usage": self.usage()},
               "requestId": "req_" + uuid.UUID(int=self.rng.getrandbits(128)).hex[:16], "type": "assistant",
               "uuid": str(uuid.UUID(int=self.rng.getrandbits(128))), "timestamp": ts}
        if mid is None:
            del rec["message"]["id"]
        if cwd is None:
            del rec["cwd"]
        return rec

    def user(self, ts: str, sid: str, cwd, text) -> dict:
        r = self.rng
        if isinstance(text, str) and r.random() < 0.5:
            content = text
        elif isinstance(text, str):
            content = [{"type": "text", "text": text}]
            if r.random() < 0.2:
                content.append({"type": "text", "text": "second block"})
            if r.random() < 0.1:
                content.insert(0, {"type": "image", "source": {"type": "base64", "data": "AAAA"}})
            if r.random() < 0.05:
                content.append(None)
        else:
            content = text
        rec = {"parentUuid": None, "isSidechain": False, "userType": "external", "cwd": cwd, "sessionId": sid,
               "version": "2.0.31", "type": "user", "message": {"role": "user", "content": content},
               "uuid": str(uuid.UUID(int=r.getrandbits(128))), "timestamp": ts}
        if cwd is None:
            del rec["cwd"]
        if r.random() < 0.05:
            rec["isMeta"] = True
        return rec

    def tool_result(self, ts: str, sid: str, tool_id: str) -> dict:
        r = self.rng
        rec = {"type": "user", "sessionId": sid, "timestamp": ts,
               "message": {"role": "user", "content": [{"type": "tool_result", "tool_use_id": tool_id,
                                                        "content": "ok", "is_error": r.random() < 0.2}]}}
        if r.random() < 0.3:
            rec["toolUseResult"] = {"structuredPatch": [{"lines": ["-a", "+b", "+c", " d"]}],
                                    "userModified": r.random() < 0.2, "interrupted": r.random() < 0.1}
        return rec

    def session(self, sid: str, cwd, start: dt.datetime, side_agent: str | None = None) -> list[dict]:
        """One transcript: a run of turns, streaming duplicates, extras."""
        r = self.rng
        recs: list[dict] = []
        t = start
        model = r.choice(CLAUDE_MODELS)
        if r.random() < 0.3:
            recs.append({"type": "summary", "summary": "Earlier work", "leafUuid": "x"})
        if r.random() < 0.3:
            recs.append({"type": "attachment", "sessionId": sid, "timestamp": self.clock.spell(t),
                         "attachment": {"type": "deferred_tools_delta",
                                        "addedNames": ["Bash", mcp_name(r), mcp_name(r), 7, None]}})
        for _ in range(r.randint(1, 7)):
            t += dt.timedelta(seconds=r.randint(1, 600))
            prompt = r.choice(PROMPTS)
            u = self.user(self.clock.spell(t), sid, cwd if r.random() < 0.9 else None, prompt)
            if side_agent:
                u["isSidechain"] = True
                u["agentId"] = side_agent
            recs.append(u)
            if r.random() < 0.1:
                continue  # a prompt with no answer
            if r.random() < 0.15:
                model = r.choice(CLAUDE_MODELS)
            for _call in range(r.randint(1, 4)):
                t += dt.timedelta(milliseconds=r.randint(10, 90000))
                blocks = [self.tool_block() for _ in range(r.choice([0, 0, 1, 1, 2, 3]))]
                content = []
                if r.random() < 0.3:
                    content.append({"type": "thinking", "thinking": "hmm", "signature": "sig"})
                if r.random() < 0.6:
                    content.append({"type": "text", "text": "Working on it ✓"})
                mid = self.msg_id()
                if r.random() < 0.03:
                    mid = None
                # streaming: one line per content block, same id, growing usage
                chunks = [content + blocks] if r.random() < 0.5 or not (content + blocks) else \
                    [[b] for b in content + blocks]
                ts0 = t
                for i, ch in enumerate(chunks):
                    a = self.assistant(self.clock.spell(ts0 + dt.timedelta(milliseconds=40 * i)), sid,
                                       cwd, model, mid, ch)
                    if side_agent:
                        a["isSidechain"] = True
                        a["agentId"] = side_agent
                    if r.random() < 0.03:
                        del a["timestamp"]
                    if r.random() < 0.02:
                        a["message"]["usage"] = None
                    recs.append(a)
                    for b in ch:
                        if b.get("type") == "tool_use" and r.random() < 0.7:
                            recs.append(self.tool_result(self.clock.spell(t + dt.timedelta(seconds=1)), sid, b["id"]))
                if r.random() < 0.05 and chunks:
                    recs.append(dict(recs[-1]))  # an exact repeat of a line
        if r.random() < 0.2:
            recs.append({"type": "ai-title", "sessionId": sid, "aiTitle": r.choice(["Fix cart", "Ünïcode 🎉"])})
        if r.random() < 0.1:
            recs.append({"type": "pr-link", "sessionId": sid, "timestamp": self.clock.spell(t),
                         "prUrl": "https://github.com/acme/app/pull/%d" % r.randint(1, 999)})
        if r.random() < 0.1:
            recs.append({"type": "system", "subtype": "compact_boundary", "content": "Conversation compacted",
                         "timestamp": self.clock.spell(t), "sessionId": sid,
                         "compactMetadata": {"trigger": "auto", "preTokens": 150000}})
        return recs

    def msg_id(self) -> str:
        r = self.rng
        if self.msg_pool and r.random() < 0.04:
            return r.choice(self.msg_pool)  # a duplicate from elsewhere
        mid = "msg_" + uuid.UUID(int=r.getrandbits(128)).hex[:24]
        self.msg_pool.append(mid)
        return mid

    def write_project(self, base: str, slug: str, cwd) -> None:
        r = self.rng
        pdir = os.path.join(base, "projects", slug)
        os.makedirs(pdir, exist_ok=True)
        files: dict[str, list[str]] = {}
        for _ in range(r.randint(1, 4)):
            sid = str(uuid.UUID(int=r.getrandbits(128)))
            recs = self.session(sid, cwd, self.clock.start())
            if files and r.random() < 0.3:
                # a resumed session: starts with a copy of an earlier one's lines
                prev = r.choice(list(files.values()))
                lines = prev[: r.randint(1, len(prev))] + [self.sp.dumps(x) for x in recs]
            else:
                lines = [self.sp.dumps(x) for x in recs]
            files[sid] = lines
            write_lines(os.path.join(pdir, sid + ".jsonl"), lines, r)
            if r.random() < 0.35:
                self.write_subagents(pdir, sid, cwd)
        if r.random() < 0.1:
            open(os.path.join(pdir, str(uuid.UUID(int=r.getrandbits(128))) + ".jsonl"), "wb").close()
        if r.random() < 0.05:
            with open(os.path.join(pdir, "notes.txt"), "w") as f:
                f.write("not a transcript\n")

    def write_subagents(self, pdir: str, sid: str, cwd) -> None:
        r = self.rng
        layout = r.choice(["nested", "flat", "workflow"])
        if layout == "nested":
            sdir = os.path.join(pdir, sid, "subagents")
        elif layout == "flat":
            sdir = os.path.join(pdir, "subagents")
        else:
            sdir = os.path.join(pdir, sid, "subagents", "workflows", "wf-" + str(r.randint(1, 9)))
        for _ in range(r.randint(1, 2)):
            aid = uuid.UUID(int=r.getrandbits(128)).hex[:16]
            recs = self.session(sid, cwd, self.clock.start(), side_agent=aid)
            write_lines(os.path.join(sdir, f"agent-{aid}.jsonl"), [self.sp.dumps(x) for x in recs], r)
            q = r.random()
            if q < 0.5:
                with open(os.path.join(sdir, f"agent-{aid}.meta.json"), "w", encoding="utf-8") as f:
                    json.dump({"agentType": r.choice(["Explore", "code-reviewer", "  ", "x" * 120, "é-agent"])}, f)
            elif q < 0.55:
                with open(os.path.join(sdir, f"agent-{aid}.meta.json"), "w") as f:
                    f.write("{broken")


def claude_slug(cwd: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in cwd)


def write_claude(home: str, rng: random.Random, clock: Clock, sp: Speller) -> dict:
    w = ClaudeWriter(rng, clock, sp)
    # (no trailing "/": the reference keeps it in its cross-tool project key, README)
    cwds = ["/home/dev/src/app", "/home/dév/プロジェクト", "/home/dev/my project",
            "C:\\Users\\dev\\app", "/home/dev/src/app/packages/api", "/Home/Dev/Src/App", None, "  ",
            "/home/dev/wt/feature-x", "/home/dev/tools"]
    # a git worktree so canonical-path folding is exercised
    os.makedirs(os.path.join(home, "src", "main-repo", ".git", "worktrees", "feat"), exist_ok=True)
    wt = os.path.join(home, "src", "feat-wt")
    os.makedirs(wt, exist_ok=True)
    with open(os.path.join(wt, ".git"), "w") as f:
        f.write("gitdir: " + os.path.join(home, "src", "main-repo", ".git", "worktrees", "feat") + "\n")
    cwds.append(wt)
    env = {}
    bases = [os.path.join(home, ".claude")]
    if rng.random() < 0.6:
        bases.append(os.path.join(home, "alt-claude"))
        env["CLAUDE_CONFIG_DIRS"] = "{home}/.claude:{home}/alt-claude"
    for base in bases:
        for _ in range(rng.randint(2, 5)):
            cwd = rng.choice(cwds)
            slug = claude_slug(cwd) if isinstance(cwd, str) and cwd.strip() else "-home-dev-orphan"
            w.write_project(base, slug, cwd)
    return env


# ---------------------------------------------------------------- Codex


class CodexWriter:
    def __init__(self, rng: random.Random, clock: Clock, sp: Speller):
        self.rng, self.clock, self.sp = rng, clock, sp

    def line(self, t: dt.datetime, typ: str, payload) -> dict:
        rec = {"timestamp": self.clock.spell(t), "type": typ, "payload": payload}
        if self.rng.random() < 0.01:
            del rec["timestamp"]
        return rec

    def usage(self, base: dict, running: bool = False) -> dict:
        """A token usage object; a per-request one may lack fields. (A running
        total that lacks one reads as a total gone down: README's known
        difference.)"""
        n = self.sp.number
        u = {k: n(v) for k, v in base.items()}
        if not running and self.rng.random() < 0.05:
            u.pop("cached_input_tokens", None)
        if not running and self.rng.random() < 0.05:
            u["reasoning_output_tokens"] = None
        return u

    def session(self, t: dt.datetime, sid: str, forked_from: str | None) -> list[dict]:
        r = self.rng
        recs = []
        cwd = r.choice(["/Users/dev/work/ledger", "/home/dev/src/app", "/home/dév/プロジェクト", "", None,
                        "C:\\code\\win"])  # (a trailing "/": README's known difference)
        model = r.choice(CODEX_MODELS)
        meta = {"id": sid, "timestamp": self.clock.spell(t), "cwd": cwd, "originator": r.choice(
            ["codex_cli_rs", "codex_vscode", "Codex Desktop", "weird-client"]), "cli_version": "0.63.0",
            "instructions": None, "source": "cli", "model_provider": "openai",
            "base_instructions": {"text": "You are Codex", "model": "not-this-one"}}
        if r.random() < 0.5:
            meta["session_id"] = sid
        if r.random() < 0.4:
            meta["model"] = model
        if cwd is None:
            del meta["cwd"]
        if forked_from:
            meta["forked_from_id"] = forked_from
        if r.random() < 0.3:
            meta["git"] = {"commit_hash": "abc", "branch": "main", "repository_url": "git@x:y.git"}
        recs.append(self.line(t, "session_meta", meta))
        total = {"input_tokens": 0, "cached_input_tokens": 0, "output_tokens": 0, "reasoning_output_tokens": 0,
                 "total_tokens": 0}
        for turn in range(r.randint(1, 6)):
            t += dt.timedelta(seconds=r.randint(2, 900))
            tid = "turn-%d" % turn
            recs.append(self.line(t, "event_msg", {"type": "task_started", "turn_id": tid,
                                                   "model_context_window": 258400}))
            if r.random() < 0.25:
                model = r.choice(CODEX_MODELS)
            if r.random() < 0.85:
                tc = {"turn_id": tid, "cwd": cwd or "/", "approval_policy": "on-request",
                      "sandbox_policy": {"type": "workspace-write"}, "model": model, "effort": "medium",
                      "summary": "auto"}
                if r.random() < 0.05:
                    tc["model"] = None
                recs.append(self.line(t, "turn_context", tc))
            prompt = r.choice(PROMPTS)
            recs.append(self.line(t, "response_item", {"type": "message", "role": "user", "content": [
                {"type": "input_text", "text": prompt}] + ([{"type": "input_image", "image_url": "data:,"}]
                                                           if r.random() < 0.1 else [])}))
            recs.append(self.line(t, "event_msg", {"type": "user_message", "message": prompt, "images": []}))
            for _ in range(r.randint(1, 4)):
                t += dt.timedelta(milliseconds=r.randint(100, 60000))
                recs += self.tools(t, cwd)
                if r.random() < 0.6:
                    recs.append(self.line(t, "response_item", {"type": "message", "role": "assistant", "content": [
                        {"type": "output_text", "text": "Done: ✓ " * r.randint(1, 40)}]}))
                if r.random() < 0.3:
                    recs.append(self.line(t, "response_item", {"type": "reasoning", "summary": [],
                                                               "encrypted_content": "gAAAA"}))
                recs += self.token_events(t, total, model)
            if r.random() < 0.1:
                recs.append(self.line(t, "compacted", {"message": "", "replacement_history": [
                    {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "old"}]}]}))
                recs.append(self.line(t, "event_msg", {"type": "context_compacted"}))
            done = {"type": "task_complete", "turn_id": tid, "last_agent_message": "ok"}
            d = r.random()
            if d < 0.4:
                done["duration_ms"] = r.randint(100, 900000)
            elif d < 0.5:
                done["duration"] = {"secs": r.randint(0, 100), "nanos": 5}
            elif d < 0.55:
                done["duration"] = r.choice(["1.2s", "800ms", "weird"])
            recs.append(self.line(t, "event_msg", done))
        return recs

    def token_events(self, t: dt.datetime, total: dict, model: str) -> list[dict]:
        r = self.rng
        out = []
        last = {"input_tokens": r.randint(0, 60000), "output_tokens": r.randint(0, 4000)}
        last["cached_input_tokens"] = r.choice([0, last["input_tokens"] // 2, last["input_tokens"],
                                                last["input_tokens"] + 5])
        last["reasoning_output_tokens"] = r.choice([0, last["output_tokens"] // 3])
        if r.random() < 0.05:
            last["cache_write_input_tokens"] = r.randint(0, 2000)
        last["total_tokens"] = last["input_tokens"] + last["output_tokens"]
        reset = r.random() < 0.04
        if reset:  # the running totals start again
            for k in total:
                total[k] = 0
        for k in total:
            total[k] += last.get(k, 0)
        # a reset's own event carries last_token_usage: a total-only one that
        # went down is README's known difference (negative tokens there)
        shape = r.random() * (0.65 if reset else 1.0)
        info: dict | None = {"model_context_window": 258400}
        if shape < 0.65:
            info.update(total_token_usage=self.usage(total, True), last_token_usage=self.usage(last))
        elif shape < 0.8:
            info.update(total_token_usage=self.usage(total, True))
        elif shape < 0.9:
            info.update(last_token_usage=self.usage(last))
        elif shape < 0.95:
            info.update(total_token_usage=self.usage(total, True), last_token_usage=None)
        else:
            info = None
        payload = {"type": "token_count", "info": info,
                   "rate_limits": {"primary": {"used_percent": 3.0, "window_minutes": 300}}}
        if info is not None and r.random() < 0.1:
            payload["info"]["model"] = r.choice(CODEX_MODELS)
        if r.random() < 0.05:
            payload["model"] = r.choice(CODEX_MODELS)
        out.append(self.line(t, "event_msg", payload))
        if r.random() < 0.15:  # the same totals again (a repeated emission)
            out.append(self.line(t + dt.timedelta(milliseconds=5), "event_msg", json.loads(json.dumps(payload))))
        if r.random() < 0.1:
            out.append(self.line(t, "event_msg", {"type": "token_count", "info": None, "rate_limits": {}}))
        return out

    def tools(self, t: dt.datetime, cwd) -> list[dict]:
        r = self.rng
        out = []
        for _ in range(r.choice([0, 1, 1, 2, 3])):
            cid = "call_" + uuid.UUID(int=r.getrandbits(128)).hex[:12]
            kind = r.random()
            if kind < 0.45:
                name = r.choice(["exec_command", "exec", "shell", "read_file", "write_file", "apply_diff",
                                 "apply_patch", "spawn_agent", "close_agent", "wait_agent", "read_dir",
                                 "update_plan", "view_image", "web_search", "list_mcp_resources"])
                cmd = r.choice(BASH + ["mcp-cli call github get_issue 12", "mcp-cli --json call linear list x",
                                       "sed -n 1,5p /x/skills/review/SKILL.md"])
                args = r.choice([{"cmd": cmd, "workdir": cwd}, {"command": cmd}, {"command": ["bash", "-lc", cmd]},
                                 {"file_path": r.choice(PATHS)}, {"path": r.choice(PATHS)}, {}])
                if r.random() < 0.7:
                    args = json.dumps(args, ensure_ascii=r.random() < 0.5)
                out.append(self.line(t, "response_item", {"type": "function_call", "name": name,
                                                          "arguments": args, "call_id": cid}))
                out.append(self.line(t + dt.timedelta(milliseconds=300), "response_item", {
                    "type": "function_call_output", "call_id": cid, "output": "x" * r.randint(0, 300)}))
            elif kind < 0.6:
                out.append(self.line(t, "response_item", {"type": "custom_tool_call", "call_id": cid,
                                                          "name": r.choice(["apply_patch", "exec", "js"]),
                                                          "input": "*** Begin Patch\n*** End Patch"}))
                out.append(self.line(t, "event_msg", {"type": "patch_apply_end", "call_id": cid,
                                                      "success": r.random() < 0.8, "changes": {
                                                          r.choice(PATHS): {"type": "update", "unified_diff":
                                                                            "@@ -1 +1 @@\n-a\n+b\n+c\n"}}}))
                out.append(self.line(t, "response_item", {"type": "custom_tool_call_output", "call_id": cid,
                                                          "output": "Success"}))
            elif kind < 0.75:
                out.append(self.line(t, "event_msg", {"type": "mcp_tool_call_end", "call_id": cid, "invocation": {
                    "server": r.choice(["github", "linear", "fs", ""]), "tool": r.choice(["get_issue", "search"]),
                    "arguments": {}}, "duration": {"secs": 1, "nanos": 0}, "result": {"Ok": {"content": []}}}))
            elif kind < 0.85:
                out.append(self.line(t, "event_msg", {"type": "item_completed", "item": {
                    "type": "CommandExecution", "command": ["/bin/zsh", "-lc", r.choice(BASH)], "exit_code": 0}}))
            else:
                out.append(self.line(t, "response_item", {"type": "web_search_call", "status": "completed",
                                                          "action": {"type": "search", "query": "x"}}))
        return out

    def write(self, home: str) -> None:
        r = self.rng
        root = os.path.join(home, ".codex")
        written: list[tuple[str, str]] = []
        for i in range(r.randint(3, 9)):
            t = self.clock.start()
            sid = str(uuid.UUID(int=r.getrandbits(128)))
            forked = None
            if written and r.random() < 0.15:
                forked = r.choice(written)[1]
            recs = self.session(t, sid, forked)
            lines = [self.sp.dumps(x) for x in recs]
            if forked and r.random() < 0.7:
                # a fork replays its parent's history right after its own meta line
                parent = open(r.choice(written)[0], encoding="utf-8", errors="replace").read().splitlines()
                lines = lines[:1] + [ln for ln in parent[1:] if ln.strip()] + lines[1:]
            local = t.astimezone(dt.timezone.utc)
            name = "rollout-%s-%s.jsonl" % (local.strftime("%Y-%m-%dT%H-%M-%S"), sid)
            if r.random() < 0.2:
                path = os.path.join(root, "archived_sessions", name)
            else:
                path = os.path.join(root, "sessions", local.strftime("%Y"), local.strftime("%m"),
                                    local.strftime("%d"), name)
            q = r.random()
            if q < 0.04:
                lines = [lines[0].replace('"session_meta"', '"sessionmeta"')] + lines[1:]
            elif q < 0.07:
                lines = ["{\"timestamp\":\"x\",\"type\":\"session_meta\",\"payload\":[1,2]}"] + lines[1:]
            write_lines(path, lines, r, allow_bom=True)
            written.append((path, sid))
            if r.random() < 0.08:
                # the same rollout archived as well (discovered once, active wins)
                dup = os.path.join(root, "archived_sessions", name)
                os.makedirs(os.path.dirname(dup), exist_ok=True)
                with open(path, "rb") as a, open(dup, "wb") as b:
                    b.write(a.read())
        if r.random() < 0.3:
            os.makedirs(os.path.join(root, "sessions", "2026", "1", "02"), exist_ok=True)
            with open(os.path.join(root, "sessions", "2026", "1", "02", "rollout-bad-dir.jsonl"), "w") as f:
                f.write('{"type":"session_meta","payload":{"id":"bad"}}\n')
        if r.random() < 0.2:
            d = os.path.join(root, "sessions", "2026", "11", "20")
            os.makedirs(d, exist_ok=True)
            open(os.path.join(d, "rollout-empty.jsonl"), "wb").close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("home")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--now", default="")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    now = dt.datetime.fromisoformat(a.now) if a.now else dt.datetime.now(dt.timezone.utc)
    clock, sp = Clock(rng, now), Speller(rng)
    os.makedirs(a.home, exist_ok=True)
    env = write_claude(a.home, rng, clock, sp)
    CodexWriter(rng, clock, sp).write(a.home)
    with open(os.path.join(a.home, "wild-env.json"), "w") as f:
        json.dump(env, f)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
