"""A fourth, independent writer of Claude Code, Claude Desktop (local agent
mode) and Codex histories, shaped like what the current tools write in a
working week: streamed assistant messages (thinking, text and tool_use blocks
one per line under one message id, early lines with partial usage, tool
execution interleaved), `requestId`, `cache_creation` objects with 5m and 1h
parts, `service_tier`, `server_tool_use`, every built-in tool with the
`toolUseResult` Claude Code stores beside its result (Bash, Read, Edit,
MultiEdit, Write, NotebookEdit, Glob, Grep, TodoWrite, WebFetch, WebSearch,
Task/Agent with subagent transcripts under `<session>/subagents/`, Skill,
SlashCommand, BashOutput, KillShell, Enter/ExitPlanMode, MCP tools of plugin
and claude.ai connectors), compound shell commands (pipes, heredocs, loops,
subshells, redirections, quotes holding separators), images, `isMeta`
caveats, `<command-name>` slash commands with their stdout records,
compaction (`compact_boundary` + `isCompactSummary`), interrupted requests,
API error records, `summary`, `file-history-snapshot`, `queue-operation` and
`system` records, resumed sessions copying earlier messages, apologies the
`compare` command counts; Claude Desktop sessions in the local-agent-mode
layout; Codex rollouts as codex-rs writes them (session_meta with `id`, git
and instructions, user-instruction and environment-context messages,
turn_context per turn, reasoning items, function_call shell / shell_command /
exec_command / update_plan / view_image, custom_tool_call apply_patch,
local_shell_call, web_search_call, exec_command_begin/end, patch_apply_*,
mcp_tool_call_*, agent_message/agent_reasoning, token_count with `info: null`
and with total + last usage, turn_aborted, compacted lines), rollouts resumed
days later in the same file, archived rollouts and forks.

Written from the spec (providers §1.1/§1.2, classifier-and-parser,
commands-and-outputs) and the tools' own formats, sharing nothing with the
package or the other generators (gen_mixed, gen_shapes, gen_wild, gen_wild3).

Usage: python bench/gen_wild4.py HOME [--seed N] [--now ISO]

Every choice comes from one seeded RNG and `now` (default: the current minute
minus 7 minutes), so ours and the reference read the same bytes. Nothing is
stamped after `now`."""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import random
import string
import uuid

UTC = dt.timezone.utc


# --------------------------------------------------------------------------- small helpers

def iso(t: dt.datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def dump(rec) -> str:
    return json.dumps(rec, ensure_ascii=False, separators=(",", ":"))


def write_lines(path: str, recs: list, mtime: dt.datetime | None = None) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in recs:
            f.write(r if isinstance(r, str) else dump(r))
            f.write("\n")
    if mtime is not None:
        ts = mtime.timestamp()
        os.utime(path, (ts, ts))


def write_json(path: str, obj) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2)


class World:
    """The seeded RNG plus the id makers every writer shares."""

    def __init__(self, seed: int, now: dt.datetime):
        self.r = random.Random(seed)
        self.now = now
        self.claimed: list[tuple[dt.datetime, dt.datetime]] = []

    def uid(self) -> str:
        return str(uuid.UUID(int=self.r.getrandbits(128), version=4))

    def b62(self, n: int) -> str:
        abc = string.ascii_letters + string.digits
        return "".join(self.r.choice(abc) for _ in range(n))

    def msg_id(self) -> str:
        return "msg_01" + self.b62(22)

    def req_id(self) -> str:
        return "req_011C" + self.b62(18)

    def tool_id(self) -> str:
        return "toolu_01" + self.b62(22)

    def call_id(self) -> str:
        return "call_" + self.b62(24)

    def pick(self, seq):
        return self.r.choice(seq)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def start_at(self, days_back: float, hour: float | None = None) -> dt.datetime:
        """A start `days_back` days ago (UTC), at `hour` UTC if given."""
        base = self.now - dt.timedelta(days=days_back)
        if hour is not None:
            base = base.replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(hours=hour)
        base += dt.timedelta(seconds=self.r.randint(0, 59), milliseconds=self.r.randint(0, 999))
        return min(base, self.now - dt.timedelta(hours=3))


# --------------------------------------------------------------------------- texts

PROMPTS = [
    "fix the failing test in tests/test_cart.py, it started after the tax change",
    "add pagination to the /invoices endpoint and update the openapi spec",
    "refactor the payment service so the retry logic lives in one place",
    "why does the build break on CI but not locally? here is the log:\n```\nError: Cannot find module '@acme/ui'\n```",
    "what is the difference between our two caching layers? explain briefly",
    "run the test suite and tell me what fails",
    "please test this with pytest -k checkout",
    "git commit the test fixes and push to the branch",
    "deploy the staging stack with docker compose",
    "brainstorm a few approaches for rate limiting the public API",
    "rename getUserData to fetchUserProfile everywhere",
    "implement a dark mode toggle in settings.tsx",
    "look into why the websocket disconnects after 60 seconds",
    "the login page returns 500 when the email has a plus sign",
    "create a migration that adds an index on orders.created_at",
    "clean up the unused imports in src/",
    "thanks, that works",
    "ok continue",
    "can you check https://github.com/acme/shop/issues/412 and summarize it",
    "write a script that backfills the missing invoice numbers",
    "show me how the auth middleware decides which routes are public",
    "migrate the config loader from yaml to toml",
    "make the header sticky on mobile",
    "npm test is flaky on the date picker spec, investigate",
    "set up a github action that runs lint and typecheck on every PR",
    "café: le bouton « payer » ne répond plus après la mise à jour 🙃",
    "调试一下这个 bug：上传文件时报错 413",
    "split the giant utils.ts into smaller modules",
    "what if we moved the queue to redis streams?",
    "update README.md with the new env vars",
]

ANSWERS = [
    "I'll start by looking at the relevant files.",
    "Let me check the current implementation first.",
    "The tests pass now. Summary of the change:\n\n- moved the retry loop\n- added a guard",
    "You're right, I made a mistake in the previous edit — the index was off by one. Let me fix that.",
    "My apologies, I misread the stack trace. Let me correct that.",
    "Done. The endpoint now accepts `page` and `per_page`.",
    "Here is what I found:\n\n1. The socket idles out at the proxy.\n2. No ping frames are sent.",
    "I apologize for the confusion; that file is generated.",
    "Sorry about that, I edited the wrong file.",
    "All green. 142 passed, 0 failed.",
]

BASH_COMMANDS = [
    "npm test -- --run src/cart 2>&1 | tail -40",
    "cd packages/api && npm run build && cd -",
    "git status && git diff --stat",
    "git add -A && git commit -m \"fix: tax rounding; keep cents\" && git push origin HEAD",
    "pytest -q tests/test_cart.py::test_total -x",
    "FOO=1 BAR=2 python -m pytest -k 'checkout and not slow'",
    "ls -la src/ | head -50",
    "rg -n \"fetchUserProfile\" src/ | wc -l",
    "cat <<'EOF' > /tmp/patch.sql\nCREATE INDEX CONCURRENTLY idx_orders_created ON orders(created_at);\nEOF\npsql -f /tmp/patch.sql",
    "for f in src/*.ts; do echo \"$f\"; grep -c TODO \"$f\"; done",
    "(cd web && npx vitest run --reporter=dot)",
    "docker compose -f docker-compose.staging.yml up -d --build",
    "timeout 120 npm run e2e || echo 'e2e failed'",
    "sudo apt-get install -y jq",
    "echo \"a && b; c | d\" && make build",
    "npx tsc --noEmit -p . && npx eslint . --ext .ts,.tsx",
    "find . -name '*.pyc' -delete; python -c 'import app; print(app.__version__)'",
    "curl -s -X POST localhost:8080/api/login -H 'Content-Type: application/json' -d '{\"email\":\"a+b@x.io\"}' | jq .",
    "/usr/local/bin/node scripts/backfill.js --dry-run",
    "git log --oneline -20",
    "env NODE_ENV=test nice -n 5 npm run test:unit",
    "bash -c 'cd infra && terraform plan'",
    "python3 - <<'PY'\nimport json,sys\nprint(json.dumps({'ok': True}))\nPY",
    "cargo build --release 2>&1 | grep -E 'warning|error' | head",
    "  ",
    "gh pr create --title \"Add pagination\" --body \"Closes #412\"",
    "time make -j8 test",
    "kill %1 ; true",
    "brew install ripgrep && rg --version",
    "pnpm install && pnpm -r build",
]

FILES = ["src/cart.ts", "src/api/invoices.ts", "src/auth/middleware.ts", "tests/test_cart.py", "web/settings.tsx",
         "src/utils.ts", "README.md", "db/migrations/0042_orders_idx.sql", "config/loader.py", "notebooks/explore.ipynb"]

MCP_TOOLS = ["mcp__github__create_pull_request", "mcp__github__get_issue", "mcp__linear-server__list_issues",
             "mcp__plugin_playwright_playwright__browser_navigate", "mcp__claude_ai_Notion__search",
             "mcp__ide__getDiagnostics", "mcp__sentry__search_issues", "mcp__context7__get-library-docs"]

CLAUDE_MODELS = ["claude-opus-4-5-20251101", "claude-sonnet-4-5-20250929", "claude-opus-4-6", "claude-opus-4-7",
                 "claude-haiku-4-5-20251001", "claude-sonnet-4-6", "claude-opus-4-1-20250805"]

SUBAGENT_TYPES = ["Explore", "general-purpose", "Plan", "code-reviewer", "statusline-setup"]


# --------------------------------------------------------------------------- Claude Code

class ClaudeSession:
    """Writes one Claude Code transcript: the records of a session in file
    order, with the side files (subagent transcripts) it spawns."""

    def __init__(self, w: World, proj_dir: str, cwd: str, t: dt.datetime, model: str, version: str,
                 session_id: str | None = None, desktop: bool = False):
        self.w, self.proj_dir, self.cwd, self.t, self.model = w, proj_dir, cwd, t, model
        self.version = version
        self.sid = session_id or w.uid()
        self.recs: list = []
        self.parent: str | None = None
        self.branch = w.pick(["main", "feat/pagination", "fix/tax", "", "HEAD"])
        self.partial_usage = w.chance(0.6)
        self.desktop = desktop
        self.subagents: list[tuple[str, list, dict | None]] = []
        self.last_tool_ids: list[str] = []

    # ---- clock
    def tick(self, lo: float = 0.3, hi: float = 40.0) -> dt.datetime:
        self.t += dt.timedelta(seconds=self.w.r.uniform(lo, hi))
        return self.t

    def stamp(self) -> str:
        return iso(self.t)

    # ---- envelope
    def base(self, typ: str, **extra) -> dict:
        u = self.w.uid()
        rec = {"parentUuid": self.parent, "isSidechain": False, "userType": "external", "cwd": self.cwd,
               "sessionId": self.sid, "version": self.version}
        if self.branch or self.w.chance(0.2):
            rec["gitBranch"] = self.branch
        rec.update({"type": typ, "uuid": u, "timestamp": self.stamp()})
        rec.update(extra)
        self.parent = u
        return rec

    # ---- user side
    def user_text(self, text, **extra) -> None:
        self.tick(5, 240)
        content = text
        if isinstance(text, str) and self.w.chance(0.25):
            content = [{"type": "text", "text": text}]
        self.recs.append(self.base("user", message={"role": "user", "content": content}, **extra))

    def user_image(self, text: str) -> None:
        self.tick(5, 60)
        png = base64.b64encode(bytes(self.w.r.getrandbits(8) for _ in range(48))).decode()
        content = [{"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": png}},
                   {"type": "text", "text": text}]
        self.recs.append(self.base("user", message={"role": "user", "content": content}))

    def slash_command(self, name: str, args: str = "", stdout: str | None = None) -> None:
        self.tick(3, 60)
        self.recs.append(self.base("user", isMeta=True, message={"role": "user", "content":
            "Caveat: The messages below were generated by the user while running local commands. DO NOT respond "
            "to these messages or otherwise consider them in your response unless the user explicitly asks you to."}))
        self.tick(0.01, 0.05)
        body = f"<command-name>/{name}</command-name>\n            <command-message>{name}</command-message>\n" \
               f"            <command-args>{args}</command-args>"
        self.recs.append(self.base("user", message={"role": "user", "content": body}))
        if stdout is not None:
            self.tick(0.01, 0.5)
            self.recs.append(self.base("user", message={"role": "user", "content":
                f"<local-command-stdout>{stdout}</local-command-stdout>"}))

    def compact(self) -> None:
        self.tick(2, 20)
        self.recs.append(self.base("system", subtype="compact_boundary", content="Conversation compacted",
                                   isMeta=False, level="info",
                                   compactMetadata={"trigger": self.w.pick(["auto", "manual"]),
                                                    "preTokens": self.w.r.randint(90000, 170000)}))
        self.tick(0.5, 30)
        self.recs.append(self.base("user", isCompactSummary=True, isVisibleInTranscriptOnly=True,
                                   message={"role": "user", "content":
                                            "This session is being continued from a previous conversation that ran "
                                            "out of context. The conversation is summarized below:\nAnalysis: the "
                                            "user asked to fix the cart test and add pagination..."}))

    def tool_results(self, results: list[tuple[str, object, object, bool]]) -> None:
        """results: (tool_use_id, content, toolUseResult, is_error)."""
        for tid, content, tur, err in results:
            self.tick(0.2, 25)
            block = {"tool_use_id": tid, "type": "tool_result", "content": content}
            if err:
                block["is_error"] = True
            blocks = [block]
            if self.w.chance(0.04):  # a prompt typed while the tool ran rides on its result record
                blocks.append({"type": "text", "text": self.w.pick(PROMPTS)})
            rec = self.base("user", message={"role": "user", "content": blocks})
            if tur is not None:
                rec["toolUseResult"] = tur
            self.recs.append(rec)
            if isinstance(tur, dict) and "commandName" in tur and self.w.chance(0.7):
                self.tick(0.01, 0.1)  # a skill's body, expanded into the conversation as a meta user record
                self.recs.append(self.base("user", isMeta=True, sourceToolUseID=tid, message={"role": "user", "content": [
                    {"type": "text", "text": f"Base directory for this skill: /home/dev/.claude/skills/{tur['commandName']}"
                                            "\n\n# Skill\nFollow these steps to fix the build..."}]}))

    # ---- assistant side
    def usage(self, out: int, model: str) -> dict:
        w = self.w
        cr = w.r.randint(8000, 160000) if w.chance(0.85) else 0
        cw = w.r.choice([0, 0, w.r.randint(200, 30000)])
        u = {"input_tokens": w.r.randint(1, 60) if cr else w.r.randint(200, 20000),
             "cache_creation_input_tokens": cw, "cache_read_input_tokens": cr}
        shape = w.r.random()
        if shape < 0.45:
            one_h = cw if w.chance(0.6) else w.r.randint(0, cw)
            u["cache_creation"] = {"ephemeral_5m_input_tokens": cw - one_h, "ephemeral_1h_input_tokens": one_h}
        elif shape < 0.55:
            u["cache_creation"] = {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 0}
        u["output_tokens"] = out
        if w.chance(0.7):
            u["service_tier"] = "standard"
        if w.chance(0.5):
            u["server_tool_use"] = {"web_search_requests": 0, "web_fetch_requests": 0}
        if model.startswith("claude-opus-4-6") and w.chance(0.15):
            u["speed"] = "fast"
        return u

    def assistant(self, blocks: list[dict], model: str | None = None, web_searches: int = 0,
                  interleave: list | None = None, stop: str | None = None) -> str:
        """One API message, streamed one content block per line; returns its id.
        `interleave` are tool results written right after their tool_use line."""
        model = model or self.model
        mid, rid = self.w.msg_id(), self.w.req_id()
        out = self.w.r.randint(20, 2500)
        full = self.usage(out, model)
        if web_searches:
            full["server_tool_use"] = {"web_search_requests": web_searches, "web_fetch_requests": 0}
        self.tick(1.5, 30)
        for i, b in enumerate(blocks):
            last = i == len(blocks) - 1
            u = dict(full)
            if not last and self.partial_usage:
                u["output_tokens"] = self.w.r.randint(1, 12)
            msg = {"id": mid, "type": "message", "role": "assistant", "model": model, "content": [b],
                   "stop_reason": (stop or ("tool_use" if b.get("type") == "tool_use" else "end_turn")) if last else None,
                   "stop_sequence": None, "usage": u}
            if self.w.chance(0.3):
                msg = {"model": model, "id": mid, "type": "message", "role": "assistant", "content": [b],
                       "stop_reason": msg["stop_reason"], "stop_sequence": None, "usage": u}
            self.recs.append(self.base("assistant", message=msg, requestId=rid))
            if interleave and b.get("type") == "tool_use":
                for res in interleave:
                    if res[0] == b["id"]:
                        self.tool_results([res])
            if not last:
                self.tick(0.05, 4)
        return mid

    def api_error(self) -> None:
        self.tick(5, 90)
        z = {"input_tokens": 0, "output_tokens": 0, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0,
             "server_tool_use": {"web_search_requests": 0, "web_fetch_requests": 0}, "service_tier": None,
             "cache_creation": {"ephemeral_1h_input_tokens": 0, "ephemeral_5m_input_tokens": 0}}
        text = self.w.pick(["API Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}",
                            "API Error: Request was aborted.", "Prompt is too long"])
        self.recs.append(self.base("assistant", isApiErrorMessage=True, message={
            "id": self.w.uid(), "container": None, "model": "<synthetic>", "role": "assistant",
            "stop_reason": "stop_sequence", "stop_sequence": "", "type": "message", "usage": z,
            "content": [{"type": "text", "text": text}]}))

    # ---- one working turn
    def turn(self, prompt: str | None = None, tools: int | None = None) -> None:
        w = self.w
        if prompt is not None:
            self.user_text(prompt)
        n_calls = w.r.randint(1, 5) if tools is None else tools
        for k in range(n_calls):
            blocks: list[dict] = []
            if w.chance(0.5):
                blocks.append({"type": "thinking", "thinking": "The user wants " + w.pick(PROMPTS)[:60],
                               "signature": "Eq" + w.b62(60)})
            if w.chance(0.05):
                blocks.append({"type": "redacted_thinking", "data": "EmwK" + w.b62(40)})
            if w.chance(0.7):
                blocks.append({"type": "text", "text": w.pick(ANSWERS)})
            if w.chance(0.05):
                sid = "srvtoolu_01" + w.b62(20)
                blocks.append({"type": "server_tool_use", "id": sid, "name": "web_search",
                               "input": {"query": "zoneinfo fold"}})
                blocks.append({"type": "web_search_tool_result", "tool_use_id": sid, "content": []})
            final = k == n_calls - 1 and w.chance(0.5)
            results = []
            searches = 0
            if not final:
                for _ in range(w.r.choice([1, 1, 1, 2, 3])):
                    tb, res, s = self.tool_use()
                    blocks.append(tb)
                    results.append(res)
                    searches += s
            if not blocks:
                blocks.append({"type": "text", "text": "Done."})
            inter = results if (results and w.chance(0.35)) else None
            self.assistant(blocks, web_searches=searches, interleave=inter)
            if results and not inter:
                self.tool_results(results)

    def tool_use(self):
        """(tool_use block, result tuple, web searches) for one tool, its
        toolUseResult shaped as Claude Code stores it."""
        w = self.w
        tid = w.tool_id()
        name = w.pick(["Bash", "Bash", "Bash", "Read", "Read", "Edit", "Edit", "MultiEdit", "Write", "Glob", "Grep",
                       "TodoWrite", "WebFetch", "WebSearch", "Task", "Agent", "NotebookEdit", "Skill", "mcp",
                       "mcp", "BashOutput", "KillShell", "SlashCommand", "ExitPlanMode", "EnterPlanMode", "LS",
                       "ToolSearch", "TaskCreate"])
        err = w.chance(0.08)
        searches = 0
        f = os.path.join(self.cwd, w.pick(FILES))
        if name == "Bash":
            cmd = w.pick(BASH_COMMANDS)
            inp = {"command": cmd, "description": "Run " + cmd.split(" ")[0]}
            if w.chance(0.2):
                inp["timeout"] = 120000
            if w.chance(0.1):
                inp["run_in_background"] = True
            tur = {"stdout": "ok\n", "stderr": "" if not err else "exit 1", "interrupted": False, "isImage": False}
            if w.chance(0.3):
                tur["returnCodeInterpretation"] = "No matches found"
            content = "ok" if not err else "Error: command failed with exit code 1"
        elif name == "Read":
            inp = {"file_path": f}
            if w.chance(0.3):
                inp.update(offset=w.r.randint(1, 200), limit=200)
            n = w.r.randint(5000, 9000) if w.chance(0.2) else 5
            tur = {"type": "text", "file": {"filePath": f, "content": "line\n" * n, "numLines": n, "startLine": 1,
                                             "totalLines": n}}
            content = "     1\tline\n"
        elif name in ("Edit", "MultiEdit"):
            edits = [{"old_string": "a+b", "new_string": "a + b"} for _ in range(w.r.randint(1, 3))]
            inp = {"file_path": f, "old_string": "a+b", "new_string": "a + b + tax"} if name == "Edit" \
                else {"file_path": f, "edits": edits}
            lines = ["-" + "x" * w.r.randint(1, 10) for _ in range(w.r.randint(0, 3))] + \
                    ["+" + "y" * w.r.randint(1, 10) for _ in range(w.r.randint(1, 4))] + [" ctx"]
            tur = {"filePath": f, "oldString": "a+b", "newString": "a + b + tax", "originalFile": "a+b\n",
                   "structuredPatch": [{"oldStart": 3, "oldLines": 2, "newStart": 3, "newLines": 3, "lines": lines}],
                   "userModified": w.chance(0.1), "replaceAll": False}
            if name == "MultiEdit":
                tur = {"filePath": f, "edits": edits, "originalFileContents": "a+b\n",
                       "structuredPatch": tur["structuredPatch"], "userModified": False}
            content = f"The file {f} has been updated."
            if err:
                tur = "Error: String to replace not found in file."
                content = "<tool_use_error>String to replace not found in file.\nString: a+b</tool_use_error>"
        elif name == "Write":
            body = "export const x = 1\n" * (w.r.randint(2500, 5000) if w.chance(0.25) else 1)
            inp = {"file_path": f, "content": body}
            tur = {"type": w.pick(["create", "update"]), "filePath": f, "content": "export const x = 1\n",
                   "structuredPatch": [] if w.chance(0.5) else [{"oldStart": 1, "oldLines": 1, "newStart": 1,
                                                                "newLines": 1, "lines": ["-old", "+export const x = 1"]}]}
            content = f"File created successfully at: {f}"
        elif name == "NotebookEdit":
            inp = {"notebook_path": os.path.join(self.cwd, "notebooks/explore.ipynb"), "cell_id": "cell-3",
                   "new_source": "df.describe()", "edit_mode": "replace"}
            tur = {"new_source": "df.describe()", "cell_type": "code", "edit_mode": "replace", "error": ""}
            content = "Updated cell cell-3"
        elif name == "Glob":
            inp = {"pattern": "**/*.ts"}
            tur = {"filenames": [f], "durationMs": 12, "numFiles": 1, "truncated": False}
            content = f
        elif name == "Grep":
            inp = {"pattern": "TODO", "path": self.cwd, "output_mode": "files_with_matches"}
            tur = {"mode": "files_with_matches", "filenames": [f], "numFiles": 1}
            content = "Found 1 file\n" + f
        elif name == "TodoWrite":
            todos = [{"content": "Fix tax rounding", "status": "in_progress", "activeForm": "Fixing tax rounding"},
                     {"content": "Run tests", "status": "pending", "activeForm": "Running tests"}]
            inp = {"todos": todos}
            tur = {"oldTodos": [], "newTodos": todos}
            content = "Todos have been modified successfully."
        elif name == "WebFetch":
            inp = {"url": "https://docs.python.org/3/library/zoneinfo.html", "prompt": "summarize"}
            tur = {"bytes": 48211, "code": 200, "codeText": "OK", "result": "zoneinfo ...", "durationMs": 900,
                   "url": inp["url"]}
            content = "zoneinfo provides IANA time zone support"
        elif name == "WebSearch":
            inp = {"query": "vitest fake timers date picker flaky"}
            tur = {"query": inp["query"], "results": [{"tool_use_id": "srvtoolu_01" + w.b62(20), "content": []}],
                   "durationSeconds": 2.1}
            content = "Web search results for query: ..."
            searches = 1
        elif name in ("Task", "Agent"):
            st = w.pick(SUBAGENT_TYPES)
            inp = {"description": "Find tax rules", "prompt": "Search the codebase for tax rounding", "subagent_type": st}
            if w.chance(0.15):
                inp.pop("subagent_type")
            agent_id = w.b62(8).lower() if w.chance(0.5) else "a" + w.b62(16).lower()
            tur = {"status": "completed", "prompt": inp["prompt"], "agentId": agent_id,
                   "content": [{"type": "text", "text": "Found it in src/tax.ts"}], "totalDurationMs": 45000,
                   "totalTokens": 31000, "totalToolUseCount": 6,
                   "usage": {"input_tokens": 10, "output_tokens": 300, "cache_read_input_tokens": 20000}}
            content = [{"type": "text", "text": "Found it in src/tax.ts"}]
            self.spawn_subagent(agent_id, st if "subagent_type" in inp else "general-purpose", inp["prompt"])
        elif name == "Skill":
            sk = w.pick(["pdf", "xlsx", "frontend-design:frontend-design", "  ", "review"])
            inp = {"skill": sk} if w.chance(0.8) else {"name": sk}
            tur = {"success": True, "commandName": sk.strip()}
            content = f"Launching skill: {sk}"
        elif name == "mcp":
            name = w.pick(MCP_TOOLS)
            inp = {"owner": "acme", "repo": "shop", "issue_number": 412}
            tur = [{"type": "text", "text": "{\"title\":\"Cart total wrong\"}"}]
            content = [{"type": "text", "text": "{\"title\":\"Cart total wrong\"}"}]
        elif name == "BashOutput":
            inp = {"bash_id": "bash_1"}
            tur = {"shellId": "bash_1", "command": "npm run dev", "status": "running", "exitCode": None,
                   "stdout": "ready", "stderr": "", "stdoutLines": 1, "stderrLines": 0}
            content = "<status>running</status>"
        elif name == "KillShell":
            inp = {"shell_id": "bash_1"}
            tur = {"message": "Successfully killed shell: bash_1", "shell_id": "bash_1"}
            content = "Successfully killed shell"
        elif name == "SlashCommand":
            inp = {"command": "/review"}
            tur = {"success": True, "commandName": "review"}
            content = "Launching command /review"
        elif name == "ExitPlanMode":
            inp = {"plan": "1. fix\n2. test"}
            tur = {"plan": inp["plan"], "isAgent": False}
            content = "User has approved your plan."
        elif name == "EnterPlanMode":
            inp = {}
            tur = {"message": "Entered plan mode"}
            content = "Entered plan mode"
        elif name == "TaskCreate":
            inp = {"subject": "Run tests", "description": "run the unit tests"}
            tur = {"task": {"id": "1", "subject": "Run tests"}}
            content = "Task #1 created"
        elif name == "ToolSearch":
            inp = {"query": "select:mcp__github__get_issue"}
            tur = {"matches": ["mcp__github__get_issue"]}
            content = "Found 1 tool"
        else:  # LS
            inp = {"path": self.cwd}
            tur = None
            content = "- src/\n- tests/"
        if err and name not in ("Edit", "MultiEdit"):
            tur = f"Error: {name} failed" if w.chance(0.7) else tur
        if w.chance(0.04):
            tur = "Error: [Request interrupted by user for tool use]"
            content = "The user doesn't want to proceed with this tool use. The tool use was rejected."
            err = True
        block = {"type": "tool_use", "id": tid, "name": name, "input": inp}
        if w.chance(0.05):
            block["caller"] = {"type": "direct"}
        return block, (tid, content, tur, err), searches

    def spawn_subagent(self, agent_id: str, agent_type: str, prompt: str) -> None:
        """A subagent transcript under <slug>/<session>/subagents/ (its sessionId
        is the parent's), with a .meta.json sidecar now and then."""
        w = self.w
        sub = ClaudeSession(w, self.proj_dir, self.cwd, self.t, w.pick(["claude-haiku-4-5-20251001", self.model]),
                            self.version, session_id=self.sid)
        sub.partial_usage = self.partial_usage
        orig_base = sub.base

        def side_base(typ, **extra):
            rec = orig_base(typ, **extra)
            rec["isSidechain"] = True
            rec["agentId"] = agent_id
            return rec
        sub.base = side_base  # type: ignore[method-assign]
        sub.recs.append(side_base("user", message={"role": "user", "content": prompt}))
        for _ in range(w.r.randint(1, 4)):
            blocks = []
            results = []
            for _ in range(w.r.randint(0, 2)):
                tb, res, _s = sub.sub_tool()
                blocks.append(tb)
                results.append(res)
            if w.chance(0.6) or not blocks:
                blocks.insert(0, {"type": "text", "text": w.pick(ANSWERS)})
            sub.assistant(blocks)
            sub.tool_results(results)
        meta = {"agentType": agent_type} if w.chance(0.6) else None
        self.subagents.append((f"agent-{agent_id}", sub.recs, meta))
        self.t = max(self.t, sub.t)

    def sub_tool(self):
        w = self.w
        tid = w.tool_id()
        name = w.pick(["Read", "Grep", "Glob", "Bash"])
        f = os.path.join(self.cwd, w.pick(FILES))
        inp = {"file_path": f} if name == "Read" else {"pattern": "tax"} if name in ("Grep", "Glob") else \
            {"command": w.pick(BASH_COMMANDS[:8]), "description": "look"}
        return {"type": "tool_use", "id": tid, "name": name, "input": inp}, (tid, "ok", None, False), 0

    def bash_mode(self) -> None:
        """`!git status` typed at the prompt: input and output as user text records."""
        self.tick(5, 60)
        cmd = self.w.pick(["git status", "ls -la", "npm test 2>&1 | tail -5"])
        self.recs.append(self.base("user", message={"role": "user", "content": f"<bash-input>{cmd}</bash-input>"}))
        self.tick(0.2, 3)
        self.recs.append(self.base("user", message={"role": "user", "content":
            "<bash-stdout>On branch main\nnothing to commit</bash-stdout><bash-stderr></bash-stderr>"}))

    def progress(self) -> None:
        """Subagent progress as Claude Code 2.1 writes it into the parent
        transcript: a `progress` record holding the subagent's own message
        (id, model, usage), now and then with a long text."""
        w = self.w
        self.tick(0.5, 5)
        text = w.pick(ANSWERS) + (" " + "lorem ipsum " * w.r.randint(3000, 6000) if w.chance(0.3) else "")
        inner = {"type": "assistant", "timestamp": self.stamp(), "uuid": w.uid(), "message": {
            "id": w.msg_id(), "type": "message", "role": "assistant", "model": "claude-haiku-4-5-20251001",
            "content": [{"type": "text", "text": text}], "stop_reason": None,
            "usage": {"input_tokens": 3, "cache_creation_input_tokens": 900, "cache_read_input_tokens": 12000,
                      "output_tokens": w.r.randint(5, 400), "service_tier": "standard"}}, "requestId": w.req_id()}
        self.recs.append(self.base("progress", data={"type": "agent_progress", "message": inner, "normalizedMessages": [],
                                                     "prompt": "Search the codebase", "agentId": w.b62(8).lower()},
                                   toolUseID=w.tool_id(), parentToolUseID=w.tool_id()))

    def extras(self) -> None:
        """Records Claude Code writes that are not messages."""
        w = self.w
        kind = w.pick(["snapshot", "queue", "system", "hook", "ai-title", "pr-link", "attachment", "attachment2",
                       "progress", "bash"])
        if kind == "progress":
            self.progress()
        elif kind == "bash":
            self.bash_mode()
        elif kind == "attachment2":
            self.recs.append(self.base("attachment", attachment=w.pick([
                {"type": "todo_reminder", "content": [], "itemCount": 0},
                {"type": "hook_success", "hookName": "SessionStart:startup", "content": "", "exitCode": 0},
                {"type": "edited_text_file", "filename": os.path.join(self.cwd, "src/cart.ts"), "snippet": "x"},
                {"type": "deferred_tools_delta", "addedNames": ["mcp____", "mcp__x", "mcp__a__", "mcp__ok__tool"]}])))
        elif kind == "snapshot":
            self.recs.append({"type": "file-history-snapshot", "messageId": w.uid(), "snapshot": {
                "messageId": w.uid(), "trackedFileBackups": {}, "timestamp": self.stamp()}, "isSnapshotUpdate": False})
        elif kind == "queue":
            self.recs.append({"type": "queue-operation", "operation": w.pick(["enqueue", "dequeue", "remove"]),
                              "timestamp": self.stamp(), "sessionId": self.sid, "content": "also update the docs"})
        elif kind == "system":
            self.recs.append(self.base("system", subtype="turn_duration", durationMs=w.r.randint(2000, 300000),
                                       isMeta=False))
        elif kind == "hook":
            self.recs.append(self.base("system", subtype="stop_hook_summary", hookCount=1,
                                       hookInfos=[{"command": "afplay done.aiff"}], hookErrors=[],
                                       preventedContinuation=False, stopReason="", hasOutput=False, level="suggestion"))
        elif kind == "ai-title":
            self.recs.append({"type": "ai-title", "sessionId": self.sid, "aiTitle": w.pick(PROMPTS)[:40]})
        elif kind == "pr-link":
            self.recs.append({"type": "pr-link", "sessionId": self.sid, "timestamp": self.stamp(),
                              "prUrl": f"https://github.com/acme/shop/pull/{w.r.randint(100, 999)}"})
        else:
            self.recs.append(self.base("attachment", attachment={
                "type": "deferred_tools_delta", "addedNames": ["Bash", "Read"] + w.r.sample(MCP_TOOLS, 3),
                "removedNames": []}))

    def file_path(self) -> str:
        return os.path.join(self.proj_dir, f"{self.sid}.jsonl")

    def write(self) -> None:
        write_lines(self.file_path(), self.recs, mtime=min(self.t, self.w.now))
        for name, recs, meta in self.subagents:
            sub_dir = os.path.join(self.proj_dir, self.sid, "subagents")
            write_lines(os.path.join(sub_dir, name + ".jsonl"), recs, mtime=min(self.t, self.w.now))
            if meta:
                write_json(os.path.join(sub_dir, name + ".meta.json"), meta)


def slug_of(cwd: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in cwd)


def claude_session(w: World, proj_dir: str, cwd: str, start: dt.datetime, turns: int,
                   desktop: bool = False) -> ClaudeSession:
    s = ClaudeSession(w, proj_dir, cwd, start, w.pick(CLAUDE_MODELS), w.pick(["2.0.76", "2.1.14", "1.0.128", "2.1.42"]),
                      desktop=desktop)
    if w.chance(0.3):
        s.recs.append({"type": "summary", "summary": w.pick(PROMPTS)[:50], "leafUuid": w.uid()})
    for i in range(turns):
        roll = w.r.random()
        if roll < 0.06:
            s.slash_command(w.pick(["model", "clear", "cost", "init", "review"]), w.pick(["", "opus", "sonnet"]),
                            stdout=w.pick([None, "Set model to opus (claude-opus-4-7)", "Total cost: $1.20"]))
            if w.chance(0.5):
                s.turn(None, tools=1)
        elif roll < 0.1:
            s.compact()
            s.turn(None, tools=w.r.randint(0, 2))
        elif roll < 0.14:
            s.user_image(w.pick(PROMPTS))
            s.turn(None)
        elif roll < 0.18:
            s.turn(w.pick(PROMPTS), tools=2)
            s.user_text(w.pick(["[Request interrupted by user]", "[Request interrupted by user for tool use]"]))
        elif roll < 0.23:
            s.bash_mode()
            if w.chance(0.3):
                s.turn(None, tools=1)
        elif roll < 0.26:
            s.user_text(w.pick(PROMPTS))
            s.api_error()
            if w.chance(0.5):
                s.turn(None, tools=1)
        else:
            s.turn(w.pick(PROMPTS))
        if w.chance(0.25):
            s.extras()
        if w.chance(0.08):
            s.model = w.pick(CLAUDE_MODELS)
        if w.chance(0.05):  # the user cd's into a subfolder (or a worktree): later records carry that cwd
            s.cwd = s.cwd.rstrip("/") + w.pick(["/packages/web", "/docs", "/.claude/worktrees/fix-tax"])
            s.branch = w.pick(["fix/tax", "main"])
        if w.chance(0.06):
            s.tick(3600 * 3, 3600 * 20)  # a break: the session runs on another day
        if s.t > w.now - dt.timedelta(minutes=3):
            break
    return s


def resumed_copy(w: World, orig: ClaudeSession, start: dt.datetime) -> ClaudeSession:
    """A session resumed with --resume: a new file that starts with the earlier
    messages copied (same uuids and message ids, the new sessionId), then
    goes on."""
    s = ClaudeSession(w, orig.proj_dir, orig.cwd, start, orig.model, orig.version)
    for r in orig.recs:
        if isinstance(r, dict) and r.get("type") in ("user", "assistant"):
            c = dict(r)
            c["sessionId"] = s.sid
            s.recs.append(c)
            s.parent = c.get("uuid")
    s.t = max(start, orig.t + dt.timedelta(minutes=5))
    for _ in range(w.r.randint(1, 3)):
        s.turn(w.pick(PROMPTS))
    return s


def write_claude(w: World, home: str) -> None:
    root = os.path.join(home, ".claude")
    projects = ["/home/dev/src/shop", "/home/dev/src/shop/packages/api", "/Users/dana/Code/my_app.v2",
                "/home/dev/work/infra-terraform", "/home/dev/notes", "/home/dev/src/Ünïcode proj"]
    # days back and UTC hour: spread over 40 days, plus starts near every swept zone's local midnight
    # (UTC 00:00, Los Angeles 08:00, Kolkata 18:30, Auckland 11:00) on the last days and the period edges
    starts = [(d, None) for d in (0.2, 0.6, 1, 2, 3, 5, 6.5, 7, 8, 12, 15, 20, 25, 29.5, 30, 31, 38)]
    starts += [(d, h) for d in (0, 1, 7, 30) for h in (23.7, 7.8, 18.3, 10.8)]
    done: list[ClaudeSession] = []
    for days, hour in starts:
        if w.chance(0.2):
            continue
        cwd = w.pick(projects)
        proj_dir = os.path.join(root, "projects", slug_of(cwd))
        t0 = w.start_at(days, hour)
        s = claude_session(w, proj_dir, cwd, t0, w.r.randint(2, 9))
        if s.recs:
            s.write()
            done.append(s)
    for orig in w.r.sample(done, min(2, len(done))):
        start = orig.t + dt.timedelta(hours=w.r.uniform(1, 30))
        if start < w.now - dt.timedelta(hours=1):
            rs = resumed_copy(w, orig, start)
            rs.write()
    # files Claude Code keeps beside projects/
    write_lines(os.path.join(root, "history.jsonl"),
                [{"display": p, "pastedContents": {}, "timestamp": int(w.now.timestamp() * 1000), "project": "/home/dev"}
                 for p in PROMPTS[:5]])
    write_json(os.path.join(root, "settings.json"), {
        "model": "opus", "alwaysThinkingEnabled": True,
        "mcpServers": {"github": {"command": "gh-mcp"}, "sentry": {"type": "http", "url": "https://mcp.sentry.dev"},
                       "plugin:playwright:playwright": {"command": "npx"}, "unused-db": {"command": "pg-mcp",
                                                                                       "alwaysLoad": True}}})
    write_json(os.path.join(home, ".claude.json"), {
        "numStartups": 42, "mcpServers": {"context7": {"type": "http", "url": "https://mcp.context7.com/mcp"}},
        "projects": {"/home/dev/src/shop": {"mcpServers": {"linear-server": {"type": "sse"}}}}})
    os.makedirs(os.path.join(root, "todos"), exist_ok=True)
    write_json(os.path.join(root, "todos", f"{w.uid()}-agent-{w.uid()}.json"), [])


def write_desktop(w: World, home: str) -> None:
    """Claude Desktop local agent mode: <root>/<appId>/<workspaceId>/local_<id>/.claude/projects/<slug>/*.jsonl,
    with local_<id>.json and spaces.json beside."""
    root = os.path.join(home, ".config", "Claude", "local-agent-mode-sessions")
    app, ws = w.uid(), w.uid()
    space = {"id": w.uid(), "name": "Quarterly report"}
    write_json(os.path.join(root, app, ws, "spaces.json"), {"spaces": [space, {"id": w.uid(), "name": "Other"}]})
    for i in range(3):
        local = "local_" + w.uid()
        name = w.pick(["brave-otter", "quiet-fox", "amber-hill"])
        cwd = f"/sessions/{name}"
        meta = {"sessionId": local, "title": w.pick(["Summarize Q3 numbers", "Draft the memo", ""]),
                "createdAt": int(w.now.timestamp() * 1000), "cwd": cwd}
        if i == 0:
            meta["spaceId"] = space["id"]
        elif i == 1:
            meta["userSelectedFolders"] = ["/Users/dana/Documents/Reports/"]
        write_json(os.path.join(root, app, ws, local + ".json"), meta)
        proj_dir = os.path.join(root, app, ws, local, ".claude", "projects", slug_of(cwd))
        s = claude_session(w, proj_dir, cwd, w.start_at(w.pick([0.3, 1.5, 4, 9])), w.r.randint(2, 4), desktop=True)
        s.write()


# --------------------------------------------------------------------------- Codex

CODEX_MODELS = ["gpt-5-codex", "gpt-5.1-codex-max", "gpt-5.2-codex", "gpt-5.1-codex-mini", "gpt-5.2", "gpt-5.3-codex",
                "gpt-5"]


class Rollout:
    """One Codex rollout file as codex-rs writes it."""

    def __init__(self, w: World, cwd: str, t: dt.datetime, cli: str):
        self.w, self.cwd, self.t, self.cli = w, cwd, t, cli
        self.id = w.uid()
        self.lines: list = []
        self.total = {"input_tokens": 0, "cached_input_tokens": 0, "output_tokens": 0, "reasoning_output_tokens": 0,
                      "total_tokens": 0}
        self.model = w.pick(CODEX_MODELS)
        self.old = cli.startswith("0.2")
        self.children: list[str] = []  # thread ids of the sub-agents it spawned
        self.parent_thread: str | None = None  # older CLIs: shell function, no task events

    def tick(self, lo=0.05, hi=20.0):
        self.t += dt.timedelta(seconds=self.w.r.uniform(lo, hi))

    def add(self, typ: str, payload: dict) -> None:
        self.lines.append({"timestamp": iso(self.t), "type": typ, "payload": payload})

    def meta(self, forked_from: str | None = None) -> None:
        p = {"id": self.id, "timestamp": iso(self.t), "cwd": self.cwd, "originator": self.w.pick(
            ["codex_cli_rs", "codex_vscode", "Codex Desktop"]), "cli_version": self.cli,
             "instructions": None if self.w.chance(0.5) else "Always run the linter.", "source": self.w.pick(
            ["cli", "vscode", "exec"]), "model_provider": "openai"}
        if self.w.chance(0.5):
            p["base_instructions"] = {"text": "You are Codex, based on GPT-5. You are running as a coding agent..."}
        if self.w.chance(0.7):
            p["git"] = {"commit_hash": self.w.b62(40).lower(), "branch": self.w.pick(["main", "codex/fix"]),
                        "repository_url": "git@github.com:acme/ledger.git"}
        if forked_from:
            p["forked_from_id"] = forked_from
        if self.parent_thread:
            p["source"] = {"subagent": {"thread_spawn": {"parent_thread_id": self.parent_thread, "depth": 1}}}
        self.add("session_meta", p)

    def preamble(self) -> None:
        self.tick(0.01, 0.1)
        if self.w.chance(0.5):  # newer CLIs: permissions as a developer message
            self.add("response_item", {"type": "message", "role": "developer", "content": [{"type": "input_text",
                     "text": "<permissions instructions>Filesystem sandboxing: workspace-write.</permissions instructions>"}]})
        self.add("response_item", {"type": "message", "role": "user", "content": [{"type": "input_text", "text":
            f"# AGENTS.md instructions for {self.cwd}\n\n<INSTRUCTIONS>\nRun `make lint` before finishing.\n</INSTRUCTIONS>"}]})
        self.add("response_item", {"type": "message", "role": "user", "content": [{"type": "input_text", "text":
            f"<environment_context>\n  <cwd>{self.cwd}</cwd>\n  <approval_policy>on-request</approval_policy>\n"
            f"  <sandbox_mode>workspace-write</sandbox_mode>\n  <network_access>restricted</network_access>\n"
            f"  <shell>zsh</shell>\n</environment_context>"}]})

    def usage(self) -> dict:
        w = self.w
        inp = w.r.randint(3000, 60000)
        cached = int(inp * w.r.uniform(0, 0.95)) // 64 * 64
        out = w.r.randint(30, 4000)
        reason = w.r.randint(0, out)
        return {"input_tokens": inp, "cached_input_tokens": cached, "output_tokens": out,
                "reasoning_output_tokens": reason, "total_tokens": inp + out}

    def token_count(self, shape: str = "both") -> None:
        last = self.usage()
        for k in self.total:
            self.total[k] += last[k]
        info: dict = {"model_context_window": 272000}
        if shape in ("both", "total"):
            info["total_token_usage"] = dict(self.total)
        if shape in ("both", "last"):
            info["last_token_usage"] = last
        self.add("event_msg", {"type": "token_count", "info": info, "rate_limits": self.rate_limits()})

    def rate_limits(self) -> dict:
        return {"primary": {"used_percent": round(self.w.r.uniform(0, 60), 1), "window_minutes": 300,
                            "resets_in_seconds": self.w.r.randint(10, 18000)},
                "secondary": {"used_percent": round(self.w.r.uniform(0, 30), 1), "window_minutes": 10080}}

    def turn(self, prompt: str) -> None:
        w = self.w
        self.tick(5, 300)
        turn_id = w.uid() if w.chance(0.5) else str(w.r.randint(1, 99))
        if not self.old:
            self.add("event_msg", {"type": "task_started", "turn_id": turn_id, "model_context_window": 272000})
        if w.chance(0.2):
            self.model = w.pick(CODEX_MODELS)
        if w.chance(0.05):  # a turn run in a subfolder (the rollout's project stays its first cwd)
            self.cwd = self.cwd.rstrip("/") + "/crates/core"
        tc = {"cwd": self.cwd, "approval_policy": "on-request", "sandbox_policy": {"mode": "workspace-write",
              "network_access": False}, "model": self.model, "summary": "auto"}
        if w.chance(0.7):
            tc["effort"] = w.pick(["low", "medium", "high", "xhigh"])
        if w.chance(0.5):
            tc["turn_id"] = turn_id
        self.add("turn_context", tc)
        self.tick(0.01, 0.3)
        content = [{"type": "input_text", "text": prompt}]
        if w.chance(0.1):
            content.append({"type": "input_image", "image_url": "data:image/png;base64,iVBORw0KGgo="})
        self.add("response_item", {"type": "message", "role": "user", "content": content})
        self.add("event_msg", {"type": "user_message", "message": prompt, "images": [], "kind": "plain"}
                 if w.chance(0.5) else {"type": "user_message", "message": prompt, "images": []})
        if w.chance(0.7):
            self.tick(0.2, 2)
            self.add("event_msg", {"type": "token_count", "info": None, "rate_limits": self.rate_limits()})
        aborted = w.chance(0.08)
        for step in range(w.r.randint(1, 5)):
            self.tick(1, 40)
            if w.chance(0.6):
                summ = "**Inspecting the failing test**"
                self.add("event_msg", {"type": "agent_reasoning", "text": summ})
                self.add("response_item", {"type": "reasoning", "summary": [{"type": "summary_text", "text": summ}],
                                           "content": None, "encrypted_content": "gAAAAA" + w.b62(
                                               w.pick([80, 2000, 40000]))})
            for _ in range(w.r.choice([0, 1, 1, 2])):
                self.tool()
            if w.chance(0.35):
                txt = w.pick(ANSWERS)
                self.add("event_msg", {"type": "agent_message", "message": txt})
                self.add("response_item", {"type": "message", "role": "assistant",
                                           "content": [{"type": "output_text", "text": txt}]})
            self.tick(0.1, 2)
            shape = "both" if not self.old else w.pick(["total", "both"])
            self.token_count(shape)
            if w.chance(0.15):
                self.lines.append(dict(self.lines[-1]))  # the same count emitted twice
            if aborted and step == 0:
                break
        if aborted:
            self.tick(0.5, 5)
            self.add("event_msg", {"type": "turn_aborted", "reason": "interrupted", "turn_id": turn_id})
            self.add("response_item", {"type": "message", "role": "user", "content": [{"type": "input_text",
                     "text": "<turn_aborted>\nThe user interrupted the previous turn.\n</turn_aborted>"}]})
            return
        final = w.pick(ANSWERS)
        if not self.old:
            self.add("event_msg", {"type": "task_complete", "turn_id": turn_id, "last_agent_message": final,
                                   "duration_ms": w.r.randint(1000, 200000)} if w.chance(0.6) else
                     {"type": "task_complete", "turn_id": turn_id, "last_agent_message": final})

    def tool(self) -> None:
        w = self.w
        cid = w.call_id()
        kind = w.pick(["shell", "shell_command", "exec_command", "apply_patch", "update_plan", "view_image",
                       "web_search", "local_shell", "mcp", "mcp_fn", "read_file", "spawn_agent"])
        cmd = w.pick(BASH_COMMANDS)
        if kind == "shell":
            args = {"command": ["bash", "-lc", cmd], "workdir": self.cwd, "timeout_ms": 120000}
            self.add("response_item", {"type": "function_call", "name": "shell", "arguments": json.dumps(args),
                                       "call_id": cid})
            self.exec_events(cid, ["bash", "-lc", cmd])
            self.add("response_item", {"type": "function_call_output", "call_id": cid, "output": json.dumps(
                {"output": "ok\n", "metadata": {"exit_code": 0, "duration_seconds": 0.4}})})
        elif kind in ("shell_command", "exec_command"):
            key = "command" if kind == "shell_command" else "cmd"
            args = {key: cmd, "workdir": self.cwd}
            if kind == "exec_command" and w.chance(0.4):
                args["yield_time_ms"] = 10000
            self.add("response_item", {"type": "function_call", "name": kind, "arguments": json.dumps(args),
                                       "call_id": cid})
            self.exec_events(cid, ["/bin/zsh", "-lc", cmd])
            big = "x" * w.r.randint(33000, 60000) if w.chance(0.15) else "ok"
            self.add("response_item", {"type": "function_call_output", "call_id": cid,
                                       "output": f"Exit code: 0\nWall time: 0.3 seconds\nOutput:\n{big}\n"})
        elif kind == "apply_patch":
            f = w.pick(FILES)
            patch = f"*** Begin Patch\n*** Update File: {f}\n@@\n-const a = 1\n+const a = 2\n*** End Patch\n"
            if w.chance(0.6):
                self.add("response_item", {"type": "custom_tool_call", "status": "completed", "call_id": cid,
                                           "name": "apply_patch", "input": patch})
            else:
                self.add("response_item", {"type": "function_call", "name": "apply_patch", "call_id": cid,
                                           "arguments": json.dumps({"input": patch})})
            self.add("event_msg", {"type": "patch_apply_begin", "call_id": cid, "auto_approved": True,
                                   "changes": {os.path.join(self.cwd, f): {"update": {"unified_diff": "", "move_path": None}}}})
            ok = not w.chance(0.1)
            changes = {os.path.join(self.cwd, f): {"type": "update", "unified_diff":
                       "@@ -1,2 +1,2 @@\n-const a = 1\n+const a = 2\n ctx\n", "move_path": None}}
            self.add("event_msg", {"type": "patch_apply_end", "call_id": cid, "stdout": "Success. Updated the following files:\nM "
                                   + f, "stderr": "", "success": ok, "changes": changes})
            self.add("response_item", {"type": "custom_tool_call_output", "call_id": cid,
                                       "output": json.dumps({"output": "Success", "metadata": {"exit_code": 0}})})
        elif kind == "update_plan":
            args = {"plan": [{"step": "Reproduce", "status": "completed"}, {"step": "Fix", "status": "in_progress"}]}
            self.add("response_item", {"type": "function_call", "name": "update_plan", "arguments": json.dumps(args),
                                       "call_id": cid})
            self.add("response_item", {"type": "function_call_output", "call_id": cid, "output": "Plan updated"})
        elif kind == "view_image":
            self.add("response_item", {"type": "function_call", "name": "view_image", "call_id": cid,
                                       "arguments": json.dumps({"path": os.path.join(self.cwd, "shot.png")})})
            self.add("response_item", {"type": "function_call_output", "call_id": cid, "output": "attached"})
        elif kind == "web_search":
            self.add("response_item", {"type": "web_search_call", "status": "completed",
                                       "action": {"type": "search", "query": "rust tokio select timeout"}})
            self.add("event_msg", {"type": "web_search_end", "call_id": cid, "query": "rust tokio select timeout"})
        elif kind == "local_shell":
            self.add("response_item", {"type": "local_shell_call", "call_id": cid, "status": "completed", "action": {
                "type": "exec", "command": ["bash", "-lc", cmd], "timeout_ms": 10000, "working_directory": self.cwd,
                "env": None, "user": None}})
            self.add("response_item", {"type": "function_call_output", "call_id": cid, "output": "ok"})
        elif kind == "mcp":
            server, tool = w.pick([("github", "get_issue"), ("linear", "list_issues"), ("playwright", "browser_click")])
            inv = {"server": server, "tool": tool, "arguments": {"n": 1}}
            self.add("event_msg", {"type": "mcp_tool_call_begin", "call_id": cid, "invocation": inv})
            self.tick(0.3, 3)
            dur = {"secs": w.r.randint(0, 5), "nanos": w.r.randint(0, 999999999)}
            self.add("event_msg", {"type": "mcp_tool_call_end", "call_id": cid, "invocation": inv, "duration": dur,
                                   "result": {"Ok": {"content": [{"type": "text", "text": "{}"}], "isError": False}}})
        elif kind == "spawn_agent":
            child = w.uid()
            self.children.append(child)
            self.add("response_item", {"type": "function_call", "name": "spawn_agent", "call_id": cid,
                                       "arguments": json.dumps({"message": "review the diff", "agent_type": "reviewer"})})
            self.add("response_item", {"type": "function_call_output", "call_id": cid,
                                       "output": json.dumps({"agent_id": child})})
            cid2 = w.call_id()
            self.add("response_item", {"type": "function_call", "name": "wait_agent", "call_id": cid2,
                                       "arguments": json.dumps({"ids": [child], "timeout_ms": 60000})})
            self.add("response_item", {"type": "function_call_output", "call_id": cid2, "output": "{\"status\":{}}"})
        elif kind == "mcp_fn":
            self.add("response_item", {"type": "function_call", "name": "github__get_issue", "call_id": cid,
                                       "arguments": "{\"number\":412}"})
            self.add("response_item", {"type": "function_call_output", "call_id": cid, "output": "{\"title\":\"x\"}"})
        else:
            self.add("response_item", {"type": "function_call", "name": "read_file", "call_id": cid,
                                       "arguments": json.dumps({"path": os.path.join(self.cwd, w.pick(FILES))})})
            self.add("response_item", {"type": "function_call_output", "call_id": cid, "output": "..."})
        self.tick(0.1, 5)

    def exec_events(self, cid: str, argv: list[str]) -> None:
        w = self.w
        if w.chance(0.5):
            return
        self.add("event_msg", {"type": "exec_command_begin", "call_id": cid, "command": argv, "cwd": self.cwd,
                               "parsed_cmd": [{"type": "unknown", "cmd": argv[-1]}]})
        self.tick(0.1, 8)
        self.add("event_msg", {"type": "exec_command_end", "call_id": cid, "stdout": "ok\n", "stderr": "",
                               "aggregated_output": "ok\n", "exit_code": w.pick([0, 0, 0, 1, 127]),
                               "duration": {"secs": w.r.randint(0, 9), "nanos": w.r.randint(0, 999999999)},
                               "formatted_output": "ok"})

    def compacted(self) -> None:
        self.tick(1, 10)
        self.lines.append({"timestamp": iso(self.t), "type": "compacted", "payload": {
            "message": "Summary of the work so far: fixed pagination...",
            "replacement_history": [{"type": "message", "role": "user", "content": [
                {"type": "input_text", "text": "add pagination to the invoices endpoint"}]}]}})
        self.add("event_msg", {"type": "context_compacted"})

    def file_name(self, start: dt.datetime) -> str:
        return f"rollout-{start.strftime('%Y-%m-%dT%H-%M-%S')}-{self.id}.jsonl"


def write_codex(w: World, home: str) -> None:
    root = os.path.join(home, ".codex")
    cwds = ["/Users/dana/work/ledger", "/home/dev/src/shop", "/home/dev/src/rust-svc", "/home/dev/src/shop"]
    starts = [(d, None) for d in (0.15, 0.5, 1, 2, 4, 6.8, 7.2, 9, 14, 22, 29.8, 30.3, 36)]
    starts += [(d, h) for d in (0, 1, 7) for h in (23.8, 7.9, 18.4, 10.9)]
    made: list[tuple[Rollout, dt.datetime, str]] = []
    for days, hour in starts:
        if w.chance(0.25):
            continue
        t0 = w.start_at(days, hour)
        ro = Rollout(w, w.pick(cwds), t0, w.pick(["0.46.0", "0.58.0", "0.63.0", "0.29.0"]))
        ro.meta()
        ro.preamble()
        for i in range(w.r.randint(1, 6)):
            ro.turn(w.pick(PROMPTS))
            if w.chance(0.1):
                ro.compacted()
            if w.chance(0.06):
                ro.tick(3600 * 4, 3600 * 30)  # resumed later in the same file
            if ro.t > w.now - dt.timedelta(minutes=3):
                break
        day = t0.strftime("%Y/%m/%d")
        archived = w.chance(0.12)
        path = os.path.join(root, "archived_sessions" if archived else os.path.join("sessions", day),
                            ro.file_name(t0))
        write_lines(path, ro.lines, mtime=min(ro.t, w.now))
        made.append((ro, t0, path))
        for child in ro.children:
            kid = Rollout(w, ro.cwd, t0 + dt.timedelta(seconds=w.r.uniform(5, 60)), ro.cli)
            kid.id, kid.parent_thread, kid.model = child, ro.id, "gpt-5.1-codex-mini"
            kid.meta()
            kid.turn("review the diff")
            if kid.t < w.now:
                write_lines(os.path.join(root, "sessions", kid.t.strftime("%Y/%m/%d"), kid.file_name(kid.t)),
                            kid.lines, mtime=min(kid.t, w.now))
    # forks: a new rollout whose meta names the parent, replaying its history stamped at the fork instant
    for parent, t0, _ in w.r.sample(made, min(2, len(made))):
        at = parent.t + dt.timedelta(minutes=w.r.uniform(2, 90))
        if at > w.now - dt.timedelta(hours=1):
            continue
        fk = Rollout(w, parent.cwd, at, parent.cli)
        fk.model = parent.model
        fk.meta(forked_from=parent.id)
        for ln in parent.lines[1:]:
            fk.lines.append({"timestamp": iso(at + dt.timedelta(milliseconds=w.r.randint(0, 900))),
                             "type": ln["type"], "payload": ln["payload"]})
        fk.total = dict(parent.total)
        fk.t = at + dt.timedelta(seconds=8)
        fk.turn(w.pick(PROMPTS))
        write_lines(os.path.join(root, "sessions", at.strftime("%Y/%m/%d"), fk.file_name(at)), fk.lines,
                    mtime=min(fk.t, w.now))
    write_lines(os.path.join(root, "history.jsonl"),
                [{"session_id": w.uid(), "ts": int(w.now.timestamp()), "text": p} for p in PROMPTS[:4]])
    with open(os.path.join(root, "config.toml"), "w") as f:
        f.write('model = "gpt-5-codex"\nmodel_reasoning_effort = "high"\n\n[mcp_servers.github]\ncommand = "gh-mcp"\n')


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("home")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--now")
    a = ap.parse_args()
    if a.now:
        now = dt.datetime.fromisoformat(a.now.replace("Z", "+00:00")).astimezone(UTC)
    else:
        now = dt.datetime.now(UTC).replace(second=0, microsecond=0) - dt.timedelta(minutes=7)
    w = World(a.seed, now)
    os.makedirs(a.home, exist_ok=True)
    write_claude(w, a.home)
    write_desktop(w, a.home)
    write_codex(w, a.home)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
