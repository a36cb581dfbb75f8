"""Generate a realistic OpenAI Codex CLI history for benchmarks and parity checks.

    python bench/gen_codex.py OUT_DIR --size 500MB [--seed 7] [--days 60] [--end-date 2026-11-20]
                              [--big-file 2GB --big-line 50MB]

Writes OUT_DIR/sessions/YYYY/MM/DD/rollout-<YYYY-MM-DDTHH-MM-SS>-<uuid>.jsonl and
some OUT_DIR/archived_sessions/rollout-*.jsonl (a few basenames sit in both
places with identical content, so a reader must count them once). Every line is
{"timestamp","type","payload"} in that key order, shaped like Codex rollouts:
a session_meta whose 15-30 KB base_instructions hides a nested "model" key
(readers must take the depth-1 one); per task task_started, turn_context (the
model sometimes changes mid-session), the user message (one or two input_text
blocks, heavy-tailed lengths, category keywords) and 1-8 model requests, each
with encrypted reasoning, exec_command/shell/read_file/write_file/spawn_agent/
MCP function calls with heavy-tailed outputs (median ~1 KB, p99 ~1 MB, rare
20-40 MB), apply_patch custom tool calls with patch_apply_end diffs, skill reads
(cat ~/.codex/skills/<name>/SKILL.md) echoed by item_completed, an assistant
message and a token_count whose cumulative total_token_usage stays exactly
equal to the sum of the last_token_usage values (input includes cached,
reasoning is inside output). Billing quirks are all present: duplicate
token_count emissions (~15%), rate-limit-only events with "info": null (~5%),
old sessions with totals only (~10%) and a few with last usage only, forks
(~5%) that replay a prefix of the parent (original totals, timestamps inside the
5 s fork window) before continuing its totals, and torn last lines (~1.5%).
--big-file adds one rollout of that size holding a --big-line function output,
written in streaming fashion like everything else (memory stays ~100 MB).
Deterministic for a given seed. OUT_DIR/corpus.json records the parameters.
"""
from __future__ import annotations

import array
import base64
import bisect
import datetime as dt
import itertools
import json
import os
import random
import shutil
import sys
import time
from dataclasses import dataclass

from gen_corpus import base_parser, parse_size, write_meta  # bench/ is the script's directory

MODELS = [("gpt-5.3-codex", 24), ("gpt-5-codex", 14), ("gpt-5", 10), ("gpt-5.2-codex", 10),
          ("gpt-5.1-codex-max", 8), ("gpt-5.1-codex", 8), ("gpt-5.4", 6), ("gpt-5.1-codex-mini", 4),
          ("gpt-5.5", 3), ("gpt-5-mini", 3), ("o4-mini", 3), ("o3", 2), ("gpt-4.1", 2),
          ("gpt-5.3-codex-spark", 2), ("codex-experimental-x1", 1)]
NO_REASONING = {"gpt-4.1"}
# --parity: a history on which the spec (which codeburn follows) and the
# reference tool's npm release (0.9.15) must agree exactly, for bench/compare.py.
# It leaves out what 0.9.15 does differently on purpose-built data:
# reasoning tokens (0.9.15 prices them on top of output, which already holds
# them; spec providers §0.4), archived_sessions/ (0.9.15 does not read it),
# tool lines in a fork's replayed history (0.9.15 credits them to the
# fork's first new call; the spec skips them), and SKILL.md reads seen only
# as item_completed, or commands behind the legacy `shell` tool echoed by
# item_completed (the spec attributes Skill / MCP tools from them; 0.9.15
# ignores them).
PARITY = [False]


@dataclass(frozen=True)
class Shape:
    """Sizes drawn per line and session length; the default is bench's
    corpus (most bytes in large tool outputs and encrypted reasoning),
    --dense many short rollouts of short lines (many calls per MB)."""
    output: tuple = (1.1, 540, 250_000)   # tool output: min(pareto(a) * scale, cap), plus the rare big ones
    big_outputs: bool = True              # ~2% of outputs 250 KB - 4 MB, rarely 20-40 MB
    reasoning: tuple = (1 << 10, 8 << 10)  # bytes of encrypted reasoning
    text: float = 150                     # assistant message: pareto(1.5) * this
    paste: tuple = (1500, 500, 6000)      # pasted logs: pareto(1.2) * [0]; pasted text: randint([1], [2])
    skill: tuple = (1500, 6000)           # bytes of a SKILL.md read
    instructions: tuple = (15_000, 30_000)  # bytes of session_meta's base_instructions
    tasks: float = 2.2                    # tasks per rollout: max(1, pareto(1.5) * this)
    tools: tuple = (0, 0, 1, 1, 1, 2, 2, 3)  # tool calls in a step that is not the last (one drawn)


DEFAULT = Shape()
DENSE = Shape(output=(1.3, 80, 3_000), big_outputs=False, reasoning=(100, 400), text=40, paste=(300, 200, 1500),
              skill=(300, 1500), instructions=(2_000, 6_000), tasks=3.4, tools=(0, 0, 1, 1, 1, 2))
SHAPE = [DEFAULT]
TOOL_LINE_MARKERS = (b'"type":"function_call"', b'"type":"custom_tool_call"', b'"type":"patch_apply_end"',
                     b'"type":"mcp_tool_call_end"')
WINDOWS = {"o4-mini": 200000, "o3": 200000, "gpt-4.1": 1047576}
CLI_NEW = ["0.98.0", "0.112.0", "0.124.0", "0.130.0"]
CLI_OLD = ["0.29.0", "0.36.0", "0.46.0"]
PROJECTS = ["/Users/dev/work/ledger", "/Users/dev/work/storefront", "/Users/dev/src/codeburn-py",
            "/Users/dev/oss/tiny-http", "/home/dev/projects/infra", "/Users/dev/work/ledger-worktrees/pagination",
            "/Users/dev/Documents/side projects/recipe-app"]
PROMPTS = ["add pagination to the invoices endpoint", "fix the failing test in tests/test_ledger.py",
           "refactor the payment reconciliation into smaller functions", "write tests for the csv importer",
           "git commit these changes with a good message", "deploy the api to staging",
           "explain how the ledger balance is computed", "why does npm run build fail?",
           "add a --dry-run flag to the sync command", "review my diff before I push",
           "update the README with setup steps", "bump dependencies and fix the type errors",
           "debug the flaky websocket reconnect", "create a PR for this branch and push it",
           "rename UserService to AccountService everywhere", "optimize the slow query in the reports page",
           "set up github actions ci for the tests", "run the linter and fix the warnings",
           "implement a dark mode toggle", "what does this regex do", "plan the migration to postgres 16",
           "fix the crash when the config file is missing", "add logging around the retry loop"]
PROSE = ("the", "a", "to", "and", "it", "in", "we", "should", "this", "that", "function", "module", "when",
         "page", "user", "please", "also", "then", "because", "after", "before", "error", "issue", "new", "add",
         "test", "check", "fix", "refactor", "review", "config", "api", "query", "value", "returns", "null",
         "instead", "of", "why", "is", "not", "working", "make", "sure", "handle", "case", "file", "update", "docs")
CMDS = ["rg -n \"invoices\" src", "sed -n '1,200p' src/api/invoices.ts", "ls -la", "git status --short",
        "git diff", "pytest -q tests/test_ledger.py", "npm test -- --run", "cargo test", "go test ./...",
        "git add -A && git commit -m \"Add pagination\"", "cat package.json", "nl -ba src/app.py | sed -n '40,120p'",
        "make lint", "docker compose up -d db", "gh pr create --fill", "rg --files | head -50",
        "NODE_ENV=test npx vitest run src/cart.test.ts", "git log --oneline -10", "python -m mypy src"]
FILES = ["src/api/invoices.ts", "src/ledger/balance.py", "README.md", "web/app.tsx", "lib/cache.go",
         "tests/test_ledger.py", "package.json", "src/sync/cli.rs", ".github/workflows/ci.yml"]
SKILLS = ["pdf", "docx", "frontend-design", "changelog", "release-notes"]
MCP = [("github", "get_issue"), ("github", "create_pull_request"), ("linear", "list_issues"),
       ("playwright", "browser_navigate"), ("context7", "get-library-docs"), ("sentry", "search_issues")]
AGENTS = ["explorer", "worker", "reviewer"]
CODE = ("const", "value", "return", "if", "self.cache", "=", "{", "}", "error:", "0x1f", '"quoted"', "await",
        "fn", "let", "\t", "λ", "→", "✓", "None", "[]", "ledger.balance()", "# TODO", "import", "def")
INSTRUCTIONS = ["You are Codex, based on GPT-5. You are running as a coding agent in the Codex CLI on a user's computer.",
                "## General\n- When searching for text or files, prefer using `rg` or `rg --files` because it is fast.",
                "## Editing constraints\n- Default to ASCII when editing or creating files.\n- Use apply_patch for single file edits.",
                "## Sandboxing and approvals\nThe Codex CLI harness supports several different sandboxing and approval configurations.",
                "## Config\nUsers pick a model in ~/.codex/config.toml, for example {\"model\": \"gpt-5-codex\", \"model_reasoning_effort\": \"high\"}.",
                "## Presenting your work\nYour final message should read naturally, like an update from a concise teammate.",
                "- Never use destructive commands like `git reset --hard` unless specifically requested by the user."]

# Session index -> shape forced on it: total-only + torn, last-only, both places, archived, fork.
FORCED = {0: {"mode": "total", "torn": True}, 1: {"mode": "last"}, 2: {"place": 0.0}, 3: {"place": 0.05},
          4: {"fork": True}}
TOKEN_KEYS = ("input_tokens", "cached_input_tokens", "output_tokens", "reasoning_output_tokens", "total_tokens")


def dumps(obj) -> bytes:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()


def esc(text: str) -> bytes:
    """The inside of a JSON string literal."""
    return dumps(text)[1:-1]


def fmt_ts(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def uuid7(rng: random.Random, t: dt.datetime) -> str:
    ms, r = int(t.timestamp() * 1000), rng.getrandbits(74)
    v = (ms << 80) | (7 << 76) | ((r >> 62) << 64) | (2 << 62) | (r & ((1 << 62) - 1))
    h = f"{v:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class BytePool:
    """UTF-8, JSON-escaped tool output (code, rg hits, test and log lines, each
    ending in an escaped newline), sliced at line starts so no escape is cut.
    take() returns memoryviews, so even a 50 MB output is never copied."""

    def __init__(self, rng: random.Random, size: int = 16 << 20):
        distinct = [esc(self.line(rng)) + b"\\n" for _ in range(20000)]
        chunks = rng.choices(distinct, k=size // (sum(map(len, distinct)) // len(distinct)) + 1)
        self.starts = array.array("q", [0])
        self.starts.extend(itertools.accumulate(map(len, chunks)))
        self.data = b"".join(chunks)
        self.size, self.mv = len(self.data), memoryview(self.data)

    @staticmethod
    def line(rng: random.Random) -> str:
        code = " ".join(rng.choice(CODE) for _ in range(rng.randint(2, 12)))
        r = rng.random()
        if r < 0.45:
            return " " * rng.choice((0, 2, 4, 8)) + code
        if r < 0.7:
            return f"{rng.choice(FILES)}:{rng.randint(1, 900)}:{code}"
        if r < 0.85:
            return f"\x1b[32m✓\x1b[0m {rng.choice(PROSE)} {rng.choice(PROSE)} ({rng.randint(1, 900)} ms)"
        return f"2026-04-14T10:{rng.randint(10, 59)}:00Z INFO request handled path=/api/{rng.choice(PROSE)} status=200"

    def take(self, rng: random.Random, n: int) -> list:
        """At least n bytes of whole lines, wrapping around the pool if needed."""
        a = self.starts[rng.randrange(len(self.starts) - 1)]
        if a + n <= self.size:
            return [self.mv[a:self.starts[bisect.bisect_left(self.starts, a + n)]]]
        parts, n = [self.mv[a:]], n - (self.size - a)
        while n > self.size:
            parts.append(self.mv)
            n -= self.size
        parts.append(self.mv[:self.starts[bisect.bisect_left(self.starts, n)]])
        return parts


def output_size(rng: random.Random, huge: bool = True) -> int:
    """Heavy-tailed tool output: median ~1 KB, p99 ~1 MB, rare 20-40 MB
    (--dense: median ~200 B, at most 3 KB)."""
    r = rng.random()
    a, scale, cap = SHAPE[0].output
    if huge and r < 0.0002 and SHAPE[0].big_outputs:
        return rng.randint(20 << 20, 40 << 20)
    if r < 0.022 and SHAPE[0].big_outputs:
        return int(250_000 * 16 ** rng.random())  # log-uniform 250 KB - 4 MB
    return int(min(rng.paretovariate(a) * scale, cap))


def prompt_text(rng: random.Random, pool: BytePool, cwd: str) -> list[bytes]:
    """The escaped input_text blocks of a prompt: mostly one line, some a
    paragraph, a few with pasted logs (kilobytes, rarely tens of KB)."""
    text = rng.choice(PROMPTS)
    r = rng.random()
    if r < 0.35:
        return [esc(text + " " + " ".join(rng.choice(PROSE) for _ in range(rng.randint(10, 120))))]
    if r < 0.43:
        return [esc(text), b"".join(pool.take(rng, int(rng.paretovariate(1.2) * SHAPE[0].paste[0])))]
    if r < 0.50:
        env = f"<environment_context>\n  <cwd>{cwd}</cwd>\n  <shell>zsh</shell>\n</environment_context>"
        return [esc(env), esc(text)]
    if r < 0.55:
        return [esc(text + "\n\n") + b"".join(pool.take(rng, rng.randint(*SHAPE[0].paste[1:])))]
    return [esc(text)]


class Rollout:
    """One rollout file being written: a clock, byte and line counters."""

    def __init__(self, path: str, t: dt.datetime):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.path, self.t = path, t
        self.f = open(path, "wb", buffering=1 << 20)
        self.bytes = self.lines = 0

    def tick(self, seconds: float) -> bytes:
        self.t += dt.timedelta(seconds=seconds)
        return fmt_ts(self.t).encode()

    def emit(self, kind: str, payload: list, step: float = 0.05, ts: bytes | None = None) -> None:
        parts = [b'{"timestamp":"', ts or self.tick(step), b'","type":"', kind.encode(), b'","payload":',
                 *payload, b"}\n"]
        n = sum(len(p) for p in parts)
        if n < 4 << 20:
            self.f.write(b"".join(parts))
        else:
            for p in parts:
                self.f.write(p)
        self.bytes += n
        self.lines += 1

    def raw(self, data: bytes) -> None:
        self.f.write(data)
        self.bytes += len(data)

    def close(self) -> None:
        self.f.close()


class Session:
    """A Codex session: owns the running token totals and writes tasks."""

    def __init__(self, gen: "Generator", out: Rollout, sid: str, cwd: str, model: str, mode: str, huge: bool):
        self.g, self.rng, self.out = gen, gen.rng, out
        self.sid, self.cwd, self.model, self.mode, self.huge = sid, cwd, model, mode, huge
        self.cum = dict.fromkeys(TOKEN_KEYS, 0)
        self.ctx = self.cache_base = 0
        self.used = self.rng.uniform(0, 30)
        self.bounds: list[tuple] = []  # after each task: (bytes, lines, totals, ctx, model)
        self.turn = b""
        self.pending_ctx = self.meta_bytes = 0
        self.big_line = self.big_at = 0

    # -- header -------------------------------------------------------------
    def meta(self, forked_from: str | None, cli: str) -> None:
        rng, ts = self.rng, fmt_ts(self.out.t)
        p = {"id": self.sid, "session_id": self.sid}
        if forked_from:
            p["forked_from_id"] = forked_from
        p.update({"timestamp": ts, "cwd": self.cwd, "originator": "codex_cli_rs", "cli_version": cli,
                  "source": "cli", "model_provider": "openai"})
        decoy = rng.choice([m for m in ("gpt-4.1", "o3", "gpt-5-mini") if m != self.model])
        base = {"text": rng.choice(self.g.instructions), "model": decoy}
        if rng.random() < 0.3:  # nested "model" ahead of the real one
            p["base_instructions"], p["model"] = base, self.model
        else:
            p["model"], p["base_instructions"] = self.model, base
        if rng.random() < 0.1:
            p["dynamic_tools"] = [{"name": "lookup_ticket", "input_schema": {"type": "object",
                                  "properties": {"model": {"type": "string"}}}, "model": "gpt-4o"}]
        p["git"] = {"commit_hash": f"{rng.getrandbits(160):040x}", "branch": "main"}
        self.out.emit("session_meta", [dumps(p)], ts=ts.encode())
        self.meta_bytes = self.out.bytes
        self.ctx = self.cache_base = 0
        self.pending_ctx = len(base["text"]) // 4 + 6000

    # -- tasks --------------------------------------------------------------
    def task(self) -> None:
        rng, out = self.rng, self.out
        out.tick(rng.uniform(20, 900))
        t0, tid = out.t, uuid7(rng, out.t)
        self.turn = tid.encode()
        window = WINDOWS.get(self.model, 258400)
        out.emit("event_msg", [dumps({"type": "task_started", "turn_id": tid, "model_context_window": window})])
        if rng.random() < 0.03:
            self.model = self.g.model()
        out.emit("turn_context", [dumps({"turn_id": tid, "cwd": self.cwd,
                                         "approval_policy": rng.choice(("on-request", "on-request", "never", "untrusted")),
                                         "sandbox_policy": rng.choice(({"type": "workspace-write", "network_access": False},
                                                                       {"type": "danger-full-access"}, {"type": "read-only"})),
                                         "model": self.model, "effort": rng.choice(("medium", "high", "low", "xhigh")),
                                         "summary": "auto"})])
        self.user_prompt()
        steps = rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6, 8))
        for k in range(steps):
            self.step(final=k == steps - 1)
        aborted = rng.random() < 0.03
        end = {"type": "turn_aborted", "turn_id": tid, "reason": "interrupted"} if aborted else {
            "type": "task_complete", "turn_id": tid, "last_agent_message": "Done: " + rng.choice(PROMPTS),
            "duration_ms": 0}
        out.tick(rng.uniform(0.1, 2))
        if not aborted:
            end["duration_ms"] = int((out.t - t0).total_seconds() * 1000)
        out.emit("event_msg", [dumps(end)], ts=fmt_ts(out.t).encode())
        self.bounds.append((out.bytes, out.lines, dict(self.cum), self.ctx, self.model, out.t))

    def user_prompt(self) -> None:
        rng = self.rng
        blocks = prompt_text(rng, self.g.pool, self.cwd)
        content = b",".join(b'{"type":"input_text","text":"' + b + b'"}' for b in blocks)
        self.out.emit("response_item", [b'{"type":"message","role":"user","content":[', content, b"]}"], 1)
        typed = blocks[1:] if blocks[0].startswith(b"<environment_context>") else blocks
        self.out.emit("event_msg", [b'{"type":"user_message","message":"', b"\\n\\n".join(typed), b'","images":[]}'], 0.01)
        self.pending_ctx += sum(len(b) for b in blocks) // 4

    def step(self, final: bool) -> None:
        rng = self.rng
        if self.model not in NO_REASONING and rng.random() < 0.75:
            self.reasoning()
        for _ in range(rng.choice(SHAPE[0].tools) if not final else rng.choice((0, 0, 0, 1))):
            self.tool()
        if final or rng.random() < 0.5:
            text = b"".join(self.g.pool.take(rng, int(rng.paretovariate(1.5) * SHAPE[0].text)))
            self.out.emit("response_item", [b'{"type":"message","role":"assistant","content":[{"type":"output_text","text":"',
                                            text, b'"}]}'], rng.uniform(1, 10))
        self.token_count(self.request_usage())

    def reasoning(self) -> None:
        rng = self.rng
        summary = b"[]" if rng.random() < 0.7 else dumps([{"type": "summary_text", "text": "**Inspecting the code**"}])
        enc = self.g.b64_take(rng.randint(*SHAPE[0].reasoning))
        self.out.emit("response_item", [b'{"type":"reasoning","summary":', summary,
                                        b',"encrypted_content":"gAAAAAB', enc, b'"}'], rng.uniform(2, 20))

    # -- tools --------------------------------------------------------------
    def tool(self) -> None:
        r = self.rng.random()
        if r < 0.42:
            self.exec_call(self.rng.choice(CMDS))
        elif r < 0.48:
            self.exec_call(self.rng.choice(CMDS), argv=True)
        elif r < 0.54:
            self.exec_call(self.rng.choice(CMDS), name="shell", argv=True)
        elif r < 0.62:
            self.file_call("read_file")
        elif r < 0.66:
            self.file_call("write_file")
        elif r < 0.85:
            self.patch_call()
        elif r < 0.91:
            self.mcp_call()
        elif r < 0.94:
            self.agent_call()
        elif r < 0.985:
            self.skill_read()
        else:
            server, tool = self.rng.choice(MCP)
            self.exec_call(f"mcp-cli call {server} {tool} '{{\"limit\": 5}}'")

    def call_id(self) -> str:
        return "call_" + base64.b32encode(self.rng.randbytes(15)).decode().lower()

    def function_call(self, name: str, args: dict) -> str:
        cid = self.call_id()
        self.out.emit("response_item", [dumps({"type": "function_call", "name": name, "arguments": dumps(args).decode(),
                                               "call_id": cid})], self.rng.uniform(0.1, 3))
        return cid

    def function_output(self, cid: str, head: str = "", size: int | None = None) -> None:
        rng = self.rng
        n = size if size is not None else output_size(rng, self.huge)
        body = self.g.pool.take(rng, n)
        self.pending_ctx += min(n, 40_000) // 4
        self.out.emit("response_item", [b'{"type":"function_call_output","call_id":"', cid.encode(), b'","output":"',
                                        esc(head), *body, b'"}'], rng.uniform(0.05, 30))

    def exec_call(self, cmd: str, name: str = "exec_command", argv: bool = False) -> None:
        rng = self.rng
        if self.mode == "total" and name == "exec_command" and rng.random() < 0.7:
            name, argv = "shell", True  # old sessions: the legacy tool
        shell = ["bash", "-lc", cmd] if argv or rng.random() < 0.5 else ["/bin/zsh", "-lc", cmd]
        args = {"command": shell, "workdir": self.cwd, "timeout_ms": 120000} if argv else {"cmd": cmd, "workdir": self.cwd}
        cid = self.function_call(name, args)
        head = (f"Chunk ID: {rng.getrandbits(24):06x}\nWall time: {rng.uniform(0, 9):.4f} seconds\n"
                f"Process exited with code {rng.choice((0, 0, 0, 1))}\nOutput:\n")
        size = None
        if self.big_line and self.out.bytes > self.big_at:
            size, self.big_line = self.big_line, 0
        self.function_output(cid, head, size)
        # --parity: no item_completed behind the legacy `shell` tool, which has no tool class: an MCP
        # call attributed from it would make an exploration turn the npm release sees as conversation.
        if rng.random() < 0.3 and not (PARITY[0] and name == "shell"):
            self.item_completed(cid, shell)

    def item_completed(self, cid: str, argv: list[str]) -> None:
        self.out.emit("event_msg", [dumps({"type": "item_completed", "turn_id": self.turn.decode(), "item": {
            "type": "CommandExecution", "id": cid, "command": argv, "cwd": self.cwd, "exit_code": 0,
            "duration_ms": self.rng.randint(5, 9000)}})], 0.01)

    def file_call(self, name: str) -> None:
        rng = self.rng
        path = os.path.join(self.cwd, rng.choice(FILES))
        args = {rng.choice(("path", "file_path")): path}
        if name == "write_file":
            args["content"] = " ".join(rng.choice(CODE) for _ in range(rng.randint(20, 400)))
        cid = self.function_call(name, args)
        if name == "read_file":
            self.function_output(cid)
        else:
            self.function_output(cid, f"Wrote {len(args['content'])} bytes to {path}", 0)

    def skill_read(self) -> None:
        rng = self.rng
        skill = rng.choice(SKILLS)
        cmd = rng.choice((f"cat ~/.codex/skills/{skill}/SKILL.md", f"sed -n '1,200p' /Users/dev/.codex/skills/{skill}/SKILL.md"))
        argv = ["/bin/zsh", "-lc", cmd]
        cid = self.call_id()
        if rng.random() < 0.7 or PARITY[0]:  # a Skill-only step is a "general" turn the npm release cannot see
            cid = self.function_call("exec_command", {"cmd": cmd, "workdir": self.cwd})
            self.function_output(cid, "Process exited with code 0\nOutput:\n", rng.randint(*SHAPE[0].skill))
        self.item_completed(cid, argv)

    def patch_call(self) -> None:
        rng = self.rng
        files = [rng.choice(FILES) for _ in range(rng.choice((1, 1, 1, 2, 3)))]
        patch, changes = ["*** Begin Patch"], {}
        for rel in dict.fromkeys(files):
            minus = [" ".join(rng.choice(CODE) for _ in range(rng.randint(2, 9))) for _ in range(rng.randint(0, 6))]
            plus = [" ".join(rng.choice(CODE) for _ in range(rng.randint(2, 9))) for _ in range(rng.randint(1, 12))]
            add = not minus and rng.random() < 0.5
            patch += [f"*** {'Add' if add else 'Update'} File: {rel}", "@@"] + ["-" + m for m in minus] + ["+" + p for p in plus]
            start = 0 if add else rng.randint(1, 400)
            diff = f"@@ -{start},{len(minus)} +{max(start, 1)},{len(plus)} @@\n" + "".join(
                f"-{m}\n" for m in minus) + "".join(f"+{p}\n" for p in plus)
            changes[os.path.join(self.cwd, rel)] = {"type": "add" if add else "update", "unified_diff": diff, "move_path": None}
        patch.append("*** End Patch")
        cid = self.call_id()
        self.out.emit("response_item", [dumps({"type": "custom_tool_call", "status": "completed", "call_id": cid,
                                               "name": "apply_patch", "input": "\n".join(patch)})], rng.uniform(1, 15))
        ok = rng.random() > 0.03
        stdout = "Success. Updated the following files:\n" + "".join(f"M {f}\n" for f in changes) if ok else ""
        self.out.emit("event_msg", [dumps({"type": "patch_apply_end", "call_id": cid, "turn_id": self.turn.decode(),
                                           "stdout": stdout, "stderr": "" if ok else "Failed to find expected lines",
                                           "success": ok, "changes": changes})], 0.3)
        result = {"output": stdout or "apply_patch verification failed", "metadata": {"exit_code": 0 if ok else 1,
                                                                                      "duration_seconds": 0.0}}
        self.out.emit("response_item", [dumps({"type": "custom_tool_call_output", "call_id": cid,
                                               "output": json.dumps(result)})], 0.1)
        self.pending_ctx += len(patch) * 12

    def mcp_call(self) -> None:
        rng = self.rng
        server, tool = rng.choice(MCP)
        args = {"number": rng.randint(1, 900)} if server == "github" else {"query": rng.choice(PROSE)}
        cid = self.function_call(f"mcp__{server}__{tool}", args)
        self.out.emit("event_msg", [dumps({"type": "mcp_tool_call_end", "call_id": cid,
                                           "invocation": {"server": server, "tool": tool, "arguments": args},
                                           "duration": {"secs": rng.randint(0, 4), "nanos": rng.randrange(10 ** 9)},
                                           "result": {"Ok": {"content": [], "isError": False}}})], rng.uniform(0.2, 5))
        self.function_output(cid)

    def agent_call(self) -> None:
        rng = self.rng
        cid = self.function_call("spawn_agent", {"message": rng.choice(PROMPTS), "agent_type": rng.choice(AGENTS)})
        agent = uuid7(rng, self.out.t)
        self.function_output(cid, json.dumps({"agent_id": agent}), 0)
        if rng.random() < 0.6:
            wid = self.function_call("wait_agent", {"agent_ids": [agent], "timeout_ms": 600000})
            self.function_output(wid, "Agent finished:\n")

    # -- tokens -------------------------------------------------------------
    def request_usage(self) -> dict:
        """One request's usage: the context grows with what the model read and
        wrote; most of the previous context is a cache hit."""
        rng = self.rng
        self.ctx += self.pending_ctx
        self.pending_ctx = 0
        inp = max(self.ctx, 1000)
        cached = int(min(self.cache_base, inp) * rng.uniform(0.85, 1.0)) // 128 * 128
        out = min(int(rng.paretovariate(1.2) * 120), 32000)
        share = rng.choice((0, rng.uniform(0.2, 0.95)))  # drawn always, so --no-reasoning keeps the same history
        reasoning = 0 if self.model in NO_REASONING or PARITY[0] else int(out * share)
        self.ctx += out
        self.cache_base = inp
        if self.ctx > 0.9 * WINDOWS.get(self.model, 258400):  # auto-compaction
            self.ctx, self.cache_base = rng.randint(15000, 40000), 0
        return {"input_tokens": inp, "cached_input_tokens": cached, "output_tokens": out,
                "reasoning_output_tokens": reasoning, "total_tokens": inp + out}

    def rate_limits(self) -> dict:
        self.used = min(100.0, self.used + self.rng.uniform(0, 0.6))
        resets = int(self.out.t.timestamp()) // 18000 * 18000 + 18000
        return {"primary": {"used_percent": round(self.used, 1), "window_minutes": 300, "resets_at": resets},
                "secondary": {"used_percent": round(self.used / 7, 1), "window_minutes": 10080,
                              "resets_at": resets + 86400 * 3}}

    def token_count(self, last: dict) -> None:
        rng = self.rng
        for k in TOKEN_KEYS:
            self.cum[k] += last[k]
        info = {}
        if self.mode != "last":
            info["total_token_usage"] = dict(self.cum)
        if self.mode != "total":
            info["last_token_usage"] = last
        info["model_context_window"] = WINDOWS.get(self.model, 258400)
        line = dumps({"type": "token_count", "info": info, "rate_limits": self.rate_limits()})
        self.out.emit("event_msg", [line], rng.uniform(0.05, 0.5))
        self.g.stats["token_count"] += 1
        if self.mode != "last" and rng.random() < 0.15:  # the same totals emitted again
            self.out.emit("event_msg", [line], 0.002)
            self.g.stats["token_count_dup"] += 1
        if rng.random() < 0.05:
            self.out.emit("event_msg", [dumps({"type": "token_count", "info": None,
                                               "rate_limits": self.rate_limits()})], 0.1)
            self.g.stats["token_count_null"] += 1


class Generator:
    def __init__(self, out: str, size: int, seed: int, days: int, end: dt.date):
        self.out, self.size, self.days, self.end = out, size, days, end
        self.rng = random.Random(seed)
        self.pool = BytePool(self.rng)
        self.b64 = base64.b64encode(self.rng.randbytes(3 << 18)).replace(b"+", b"-").replace(b"/", b"_")
        self.instructions = [self.instruction_text(self.rng.randint(*SHAPE[0].instructions)) for _ in range(4)]
        self.model_names, self.model_weights = [m for m, _ in MODELS], [w for _, w in MODELS]
        self.written = self.files = self.lines = 0
        self.stats = dict.fromkeys(("sessions", "forks", "archived", "both", "torn", "token_count",
                                    "token_count_dup", "token_count_null", "mode_total", "mode_last"), 0)
        self.parents: list[dict] = []
        self.big_path = None

    def instruction_text(self, n: int) -> str:
        parts, total = [], 0
        while total < n:
            p = self.rng.choice(INSTRUCTIONS)
            parts.append(p)
            total += len(p) + 2
        return "\n\n".join(parts)[:n]

    def model(self) -> str:
        return self.rng.choices(self.model_names, self.model_weights)[0]

    def b64_take(self, n: int) -> bytes:
        a = self.rng.randrange(len(self.b64) - n)
        return self.b64[a:a + n]

    def start_time(self) -> dt.datetime:
        day = self.end - dt.timedelta(days=self.rng.randrange(self.days))
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc) + dt.timedelta(
            seconds=self.rng.randrange(6 * 3600, 22 * 3600), milliseconds=self.rng.randrange(1000))

    def path(self, t: dt.datetime, sid: str, archived: bool) -> str:
        name = f"rollout-{t.strftime('%Y-%m-%dT%H-%M-%S')}-{sid}.jsonl"
        if archived and not PARITY[0]:
            return os.path.join(self.out, "archived_sessions", name)
        return os.path.join(self.out, "sessions", t.strftime("%Y"), t.strftime("%m"), t.strftime("%d"), name)

    def session(self) -> None:
        """A new session (or, ~5%, a fork). The first few sessions are forced to
        carry each rare shape once, so even a small corpus exercises them all."""
        rng = self.rng
        force = FORCED.get(self.stats["sessions"], {})
        forkable = [p for p in self.parents[-60:] if p["mode"] != "last"]
        if forkable and (rng.random() < 0.05 or force.get("fork")):
            return self.fork(rng.choice(forkable))
        r = rng.random()
        mode = force.get("mode") or ("total" if r < 0.10 else "last" if r < 0.13 else "full")
        t = self.start_time()
        sid = uuid7(rng, t)
        place = force.get("place", rng.random())
        s = Session(self, Rollout(self.path(t, sid, 0.02 <= place < 0.12), t), sid, rng.choice(PROJECTS),
                    self.model(), mode, huge=True)
        s.meta(None, rng.choice(CLI_OLD if mode == "total" else CLI_NEW))
        self.tasks(s, max(1, int(rng.paretovariate(1.5) * SHAPE[0].tasks)), cap=20 << 20)
        self.finish(s, both=place < 0.02, torn=force.get("torn", False))

    def tasks(self, s: Session, n: int, cap: int) -> None:
        for _ in range(n):
            s.task()
            if s.out.bytes > cap:
                break

    def fork(self, parent: dict) -> None:
        """A fork: new session_meta, then a prefix of the parent replayed with
        timestamps inside the 5 s window, then new tasks whose totals carry on."""
        rng = self.rng
        k = rng.randrange(len(parent["bounds"]))
        nbytes, nlines, cum, ctx, model, t_end = parent["bounds"][k]
        t = parent["end"] + dt.timedelta(seconds=rng.uniform(60, 6 * 3600))
        sid = uuid7(rng, t)
        s = Session(self, Rollout(self.path(t, sid, False), t), sid, parent["cwd"], parent["model"], parent["mode"], True)
        s.meta(parent["id"], rng.choice(CLI_NEW))
        self.replay(s.out, parent["path"], parent["meta_bytes"], nbytes, nlines - 1)
        s.cum, s.ctx, s.cache_base, s.model, s.pending_ctx = dict(cum), ctx, ctx, model, 0
        s.out.t = t + dt.timedelta(seconds=5 + rng.uniform(5, 120))
        self.tasks(s, max(1, int(rng.paretovariate(1.5) * SHAPE[0].tasks)), cap=20 << 20)
        self.stats["forks"] += 1
        self.finish(s, both=False)

    @staticmethod
    def replay(out: Rollout, src: str, start: int, stop: int, n: int) -> None:
        """Copy src[start:stop] (whole lines) rewriting each line's timestamp
        to fall within 1 ms .. 4.001 s after the fork's session_meta."""
        t0, i, at_start, skipping = out.t, 0, True, False
        with open(src, "rb") as f:
            f.seek(start)
            left = stop - start
            while left > 0:
                chunk = f.readline(min(left, 1 << 20))
                left -= len(chunk)
                if at_start and PARITY[0]:
                    skipping = any(m in chunk[:160] for m in TOOL_LINE_MARKERS)
                if skipping:
                    if chunk.endswith(b"\n"):
                        n -= 1
                    at_start = chunk.endswith(b"\n")
                    continue
                if at_start:
                    ts = fmt_ts(t0 + dt.timedelta(milliseconds=1 + i * 4000 // max(n, 1))).encode()
                    chunk = chunk[:14] + ts + chunk[38:]
                    i += 1
                out.raw(chunk)
                at_start = chunk.endswith(b"\n")
        out.lines += n

    def finish(self, s: Session, both: bool, torn: bool = False) -> None:
        out = s.out
        if s.huge and (self.rng.random() < 0.015 or torn):  # crashed mid-write
            tail = dumps({"type": "token_count", "info": {"total_token_usage": s.cum}})
            out.raw(b'{"timestamp":"' + out.tick(0.1) + b'","type":"event_msg","payload":' + tail[:len(tail) // 2])
            self.stats["torn"] += 1
        out.close()
        self.written += out.bytes
        self.files += 1
        self.lines += out.lines
        self.stats["sessions"] += 1
        self.stats["mode_" + s.mode] = self.stats.get("mode_" + s.mode, 0) + 1
        if "archived_sessions" in out.path:
            self.stats["archived"] += 1
        elif both and not PARITY[0]:
            dst = os.path.join(self.out, "archived_sessions", os.path.basename(out.path))
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(out.path, dst)
            self.written += out.bytes
            self.files += 1
            self.stats["both"] += 1
        if s.bounds:
            self.parents.append({"path": out.path, "id": s.sid, "cwd": s.cwd, "model": s.model, "mode": s.mode,
                                 "meta_bytes": s.meta_bytes, "bounds": s.bounds, "end": out.t})
            del self.parents[:-100]

    def big_file(self, size: int, line: int) -> None:
        """One rollout of ~size bytes holding one function output of ~line bytes."""
        t = self.start_time()
        sid = uuid7(self.rng, t)
        s = Session(self, Rollout(self.path(t, sid, False), t), sid, PROJECTS[0], "gpt-5.3-codex", "full", huge=False)
        s.meta(None, CLI_NEW[-1])
        s.big_line, s.big_at = line, size // 3
        while s.out.bytes < size:
            s.task()
        self.big_path = s.out.path
        self.finish(s, both=False)

    def run(self) -> None:
        while self.written < self.size:
            self.session()


def main(argv: list[str]) -> int:
    ap = base_parser(__doc__)
    ap.add_argument("--big-file", help="also write one rollout of this size (e.g. 2GB)")
    ap.add_argument("--big-line", default="50MB", help="size of the single huge line inside --big-file")
    ap.add_argument("--parity", action="store_true",
                    help="only shapes the reference's npm release reads as the spec does (see PARITY)")
    ap.add_argument("--dense", action="store_true",
                    help="many short rollouts of short lines (~430 B, ~2.3 KB per call) instead of bench's corpus")
    a = ap.parse_args(argv)
    PARITY[0] = a.parity
    SHAPE[0] = DENSE if a.dense else DEFAULT
    t0 = time.perf_counter()
    g = Generator(a.out, parse_size(a.size), a.seed, a.days, dt.date.fromisoformat(a.end_date))
    g.run()
    if a.big_file:
        g.big_file(parse_size(a.big_file), parse_size(a.big_line))
    write_meta(a, g, time.perf_counter() - t0, big_file=a.big_file,
               big_line=a.big_line if a.big_file else None, big_path=g.big_path, dense=a.dense, **g.stats)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
