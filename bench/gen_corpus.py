"""Generate a realistic Claude Code history for benchmarks and parity checks.

    python bench/gen_corpus.py OUT_DIR --size 500MB [--seed 7] [--days 60] [--end-date 2026-11-20]
                              [--big-file 2GB]

Writes OUT_DIR/projects/<slug>/<session>.jsonl plus subagent transcripts
(OUT_DIR/projects/<slug>/<session>/subagents/agent-<id>.jsonl with a
.meta.json sidecar), shaped like what Claude Code writes: its key order,
2-4 streamed lines per assistant message sharing one message.id with growing
usage, tool_result user lines whose sizes are heavy-tailed (most under 2 KB,
a few of several MB, rare tens of MB), resumed sessions that copy earlier
messages (cross-file duplicates), non-call lines (summary, system,
attachment, pr-link, ai-title) and a torn last line in ~1% of files.
--big-file adds one session of that size (a months-long conversation kept
open), written as it grows, for the read-one-huge-file-in-parts path.
Deterministic for a given seed. OUT_DIR/corpus.json records the parameters.
"""
from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import os
import random
import re
import sys
import time
import uuid
from dataclasses import dataclass

MODELS = [("claude-opus-4-7", 40), ("claude-sonnet-4-5-20250929", 35), ("claude-haiku-4-5-20251001", 12),
          ("claude-opus-4-6", 10), ("<synthetic>", 2), ("claude-experimental-x1", 1)]
PROMPTS = ["fix the failing cart total test", "add a retry to the upload client", "refactor the auth module",
           "why is the build broken?", "explain how the cache works", "write a test for parse_date",
           "git commit and push the changes", "deploy to staging", "what if we used redis here",
           "implement the 404 page", "clean up the logging", "check the config.json", "run the tests"]
BASH = ["npm test -- cart && git status", "pytest -x tests/test_api.py", "git diff --stat", "rg -n \\\"TODO\\\" src/",
        "cd web && npm run build | tail -20", "ls -la src", "make build", "cargo test --release", "git log --oneline -5",
        "NODE_ENV=test npx vitest --run"]
# Words users type around the request: prose, code words and category
# keywords, so prompts give the classifier realistic match counts.
PROSE = ("the", "a", "to", "and", "it", "in", "we", "should", "this", "that", "function", "module", "when", "page",
         "user", "please", "also", "then", "because", "after", "before", "error", "issue", "new", "add", "test",
         "check", "list", "review", "config", "api", "query", "value", "returns", "null", "instead", "of", "why",
         "is", "not", "working", "make", "sure", "handle", "case", "cache", "file", "src/app.ts", "update", "docs")
FILES = ["src/cart.ts", "src/api/client.py", "README.md", "web/app.tsx", "lib/cache.go", "tests/test_api.py"]
MCP = ["mcp__github__create_issue", "mcp__linear__list_issues", "mcp__playwright__browser_click"]
AGENTS = ["Explore", "general-purpose", "code-reviewer"]


def parse_size(text: str) -> int:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMG]?)B?", text.strip().upper())
    if not m:
        raise SystemExit(f"bad size {text!r}: use e.g. 500MB or 2GB")
    return int(float(m.group(1)) * {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[m.group(2)])


class TextPool:
    """JSON-escaped text (code-like lines ending in an escaped newline),
    sliced at line starts so no escape sequence is ever cut."""

    def __init__(self, rng: random.Random, size: int = 24 << 20):
        words = ["const", "value", "return", "if", "self.cache", "=", "{", "}", "error:", "0x1f",
                 "\\\"quoted\\\"", "path/to/file.ts", "\\t", "test", "passed", "λ", "→", "✓"]
        lines, total = [], 0
        while total < size:
            line = " ".join(rng.choice(words) for _ in range(rng.randint(3, 14))) + "\\n"
            lines.append(line)
            total += len(line)
        self.text = "".join(lines)
        self.starts = [0]
        for line in lines:
            self.starts.append(self.starts[-1] + len(line))

    def take(self, rng: random.Random, n: int, exact_wrap: bool = False) -> str:
        """At least n chars of whole lines (wrapping around the pool if needed).
        Without exact_wrap a take that wraps adds a whole copy of the pool
        (24 MB): bench's default corpus, on which every earlier figure was
        measured, keeps those rare huge lines; --dense wraps exactly."""
        a = self.starts[rng.randrange(len(self.starts) - 1)]
        if a + n <= len(self.text):
            return self.text[a:self.starts[bisect.bisect_left(self.starts, a + n)]]
        if not exact_wrap:
            return self.text[a:] + self.text * (n // len(self.text) + 1)
        rest = n - (len(self.text) - a)
        whole, rest = divmod(rest, len(self.text))
        return self.text[a:] + self.text * whole + self.text[:self.starts[bisect.bisect_left(self.starts, rest)]]


def result_size(rng: random.Random) -> int:
    """Heavy-tailed tool output: median ~500 B, p99 ~1 MB, rare 20+ MB."""
    r = rng.random()
    if r < 0.0001:
        return rng.randint(20 << 20, 40 << 20)
    if r < 0.005:
        return rng.randint(200 << 10, 4 << 20)
    return int(min(rng.paretovariate(1.1) * 300, 150_000))


def dense_result_size(rng: random.Random) -> int:
    """--dense tool output: median ~200 B, capped at 6 KB (short commands, small reads)."""
    return int(min(rng.paretovariate(1.4) * 140, 6_000))


@dataclass(frozen=True)
class Shape:
    """Sizes drawn per line and session length; the default is bench's
    corpus (most bytes in large tool results), --dense many short sessions
    of short lines (many calls per MB)."""
    result: object = result_size          # rng -> tool output bytes
    thinking: tuple = (100, 3000)        # bytes of a thinking block
    text: tuple = (40, 800)              # bytes of a text block
    paste: tuple = (500, 8000)           # bytes of pasted context in a prompt
    turns: tuple = (1.3, 3)              # turns per session: max(1, pareto(a) * scale)
    streamed: tuple = (2, 3, 3, 4)       # lines per API message (one drawn)
    tools: tuple = (0, 1, 1, 1, 2, 3)    # tool_use blocks per API message (one drawn)
    exact_wrap: bool = False             # see TextPool.take


DEFAULT = Shape()
DENSE = Shape(result=dense_result_size, thinking=(60, 1000), text=(20, 400), paste=(200, 1500), turns=(1.5, 4.8),
              streamed=(2, 2, 3, 3), tools=(0, 1, 1, 1, 2), exact_wrap=True)


class Session:
    def __init__(self, gen: "Generator", slug: str, cwd: str, sid: str, start: dt.datetime, sidechain=False):
        self.g, self.slug, self.cwd, self.sid, self.t = gen, slug, cwd, sid, start
        self.sidechain = sidechain
        self.lines: list[str] = []
        self.assistant_lines: list[str] = []
        self.parent = None

    def ts(self, step_s: float) -> str:
        self.t += dt.timedelta(seconds=step_s)
        return self.t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{self.t.microsecond // 1000:03d}Z"

    def head(self) -> str:
        return (f'{{"parentUuid":{json.dumps(self.parent)},"isSidechain":{"true" if self.sidechain else "false"},'
                f'"userType":"external","cwd":"{self.cwd}","sessionId":"{self.sid}","version":"2.1.3","gitBranch":"main",')

    def tail(self, ts: str, kind: str) -> str:
        u = str(uuid.UUID(int=self.g.rng.getrandbits(128)))
        self.parent = u
        return f'"type":"{kind}","uuid":"{u}","timestamp":"{ts}"}}'

    def user(self, text: str) -> None:
        ts = self.ts(self.g.rng.uniform(20, 600))
        self.lines.append(self.head() + f'"message":{{"role":"user","content":{json.dumps(text)}}},' + self.tail(ts, "user"))

    def user_blocks(self, escaped: list[str]) -> None:
        """A prompt sent as text blocks (pasted context, IDE selections);
        each part is already JSON-escaped."""
        ts = self.ts(self.g.rng.uniform(20, 600))
        blocks = ",".join(f'{{"type":"text","text":"{t}"}}' for t in escaped)
        self.lines.append(self.head() + f'"message":{{"role":"user","content":[{blocks}]}},' + self.tail(ts, "user"))

    def prompt(self) -> None:
        """Heavy-tailed prompt length: most are a line, some a paragraph, a few
        carry pasted logs (kilobytes), which the classifier reads 2,000 units of."""
        rng = self.g.rng
        text = rng.choice(PROMPTS)
        r = rng.random()
        if r < 0.35:
            text += " " + " ".join(rng.choice(PROSE) for _ in range(rng.randint(10, 120)))
        elif r < 0.45:
            self.user_blocks([json.dumps(text)[1:-1], self.g.take(rng, rng.randint(*self.g.shape.paste))])
            return
        self.user(text)

    def tool_result(self, tool_id: str) -> None:
        rng = self.g.rng
        out = self.g.take(rng, self.g.shape.result(rng))
        g_small = self.g.take(rng, min(len(out), 400))
        ts = self.ts(rng.uniform(0.5, 20))
        self.lines.append(self.head() + f'"message":{{"role":"user","content":[{{"tool_use_id":"{tool_id}",'
                          f'"type":"tool_result","content":"{out}","is_error":false}}]}},' + self.tail(ts, "user")[:-1]
                          + f',"toolUseResult":{{"stdout":"{g_small}","stderr":"","interrupted":false}}}}')

    def assistant(self) -> list[str]:
        """One API message streamed as 2-4 lines; returns its tool_use ids."""
        g, rng = self.g, self.g.rng
        model = g.model()
        mid = "msg_01" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz123456789") for _ in range(22))
        tools = self.tools()
        n_lines = rng.choice(g.shape.streamed)
        usage_final = self.usage(model)
        ids = []
        for k in range(n_lines):
            last = k == n_lines - 1
            blocks = []
            if k == 0:
                blocks.append('{"type":"thinking","thinking":"' + g.take(rng, rng.randint(*g.shape.thinking)) + '","signature":"EqQBCkYIBxgCKkB"}')
            elif k == 1 or not tools:
                blocks.append('{"type":"text","text":"' + g.take(rng, rng.randint(*g.shape.text)) + '"}')
            if last:
                for name, inp in tools:
                    tid = "toolu_01" + format(rng.getrandbits(64), "x")
                    ids.append(tid)
                    blocks.append(f'{{"type":"tool_use","id":"{tid}","name":"{name}","input":{json.dumps(inp)}}}')
            u = usage_final if last else self.partial(usage_final)
            ts = self.ts(rng.uniform(0.2, 8))
            line = (self.head() + f'"message":{{"id":"{mid}","type":"message","role":"assistant","model":"{model}",'
                    f'"content":[{",".join(blocks)}],"stop_reason":{"null" if not last else json.dumps("tool_use" if tools else "end_turn")},'
                    f'"stop_sequence":null,"usage":{json.dumps(u, separators=(",", ":"))}}},'
                    f'"requestId":"req_011C{format(rng.getrandbits(60), "x")}",' + self.tail(ts, "assistant"))
            self.lines.append(line)
            self.assistant_lines.append(line)
        return ids

    def usage(self, model: str) -> dict:
        rng = self.g.rng
        if model == "<synthetic>":
            return {"input_tokens": 0, "output_tokens": 0, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}
        cw = rng.choice((0, 0, rng.randint(200, 30000)))
        h1 = cw if rng.random() < 0.15 else 0
        u = {"input_tokens": rng.randint(1, 40), "cache_creation_input_tokens": cw,
             "cache_read_input_tokens": rng.randint(5000, 180000),
             "cache_creation": {"ephemeral_5m_input_tokens": cw - h1, "ephemeral_1h_input_tokens": h1},
             "output_tokens": rng.randint(20, 4000), "service_tier": "standard"}
        if rng.random() < 0.02:
            u["server_tool_use"] = {"web_search_requests": rng.randint(1, 4), "web_fetch_requests": 0}
        if model.startswith("claude-opus-4-") and rng.random() < 0.03:
            u["speed"] = "fast"
        return u

    @staticmethod
    def partial(u: dict) -> dict:
        p = dict(u)
        p["output_tokens"] = max(1, u["output_tokens"] // 8)
        return p

    def tools(self) -> list[tuple[str, dict]]:
        rng = self.g.rng
        out = []
        for _ in range(rng.choice(self.g.shape.tools)):
            r = rng.random()
            if r < 0.35:
                out.append(("Bash", {"command": rng.choice(BASH).replace('\\"', '"'), "description": "run"}))
            elif r < 0.55:
                out.append(("Read", {"file_path": "/" + self.cwd.strip("/") + "/" + rng.choice(FILES)}))
            elif r < 0.72:
                out.append((rng.choice(("Edit", "Write")), {"file_path": "/" + self.cwd.strip("/") + "/" + rng.choice(FILES),
                                                           "old_string": "a", "new_string": "b"}))
            elif r < 0.80:
                out.append((rng.choice(("Grep", "Glob")), {"pattern": "TODO"}))
            elif r < 0.85:
                out.append(("TodoWrite", {"todos": []}))
            elif r < 0.90:
                out.append((rng.choice(("Agent", "Task")), {"subagent_type": rng.choice(AGENTS), "prompt": "look"}))
            elif r < 0.95:
                out.append((rng.choice(MCP), {}))
            else:
                out.append(("Skill", {"skill": "review"}))
        return out

    def extras(self) -> None:
        rng = self.g.rng
        r = rng.random()
        if r < 0.05:
            self.lines.append('{"type":"summary","summary":"Cart fixes","leafUuid":"' + str(self.parent) + '"}')
        elif r < 0.08:
            self.lines.append(self.head() + '"type":"system","subtype":"compact_boundary","content":"Conversation compacted",'
                              f'"uuid":"s-{rng.getrandbits(32)}","timestamp":"{self.ts(1)}"}}')
        elif r < 0.10:
            self.lines.append('{"type":"attachment","sessionId":"' + self.sid + '","timestamp":"' + self.ts(0.1)
                              + '","attachment":{"type":"deferred_tools_delta","addedNames":["Bash","' + rng.choice(MCP) + '"]}}')

    def turn(self) -> None:
        rng = self.g.rng
        self.prompt()
        for _ in range(rng.choice((1, 1, 2, 3, 4, 6))):
            for tid in self.assistant():
                self.tool_result(tid)
            self.extras()


class Generator:
    def __init__(self, out: str, size: int, seed: int, days: int, end: dt.date, shape: Shape = DEFAULT):
        self.out, self.size, self.days, self.end, self.shape = out, size, days, end, shape
        self.rng = random.Random(seed)
        self.pool = TextPool(self.rng)
        self.written = self.files = self.lines = 0
        self.projects = [(f"-home-dev-src-proj{i:02d}", f"/home/dev/src/proj{i:02d}") for i in range(20)]
        self.model_names = [m for m, _ in MODELS]
        self.model_weights = [w for _, w in MODELS]
        self.finished: list[Session] = []

    def model(self) -> str:
        return self.rng.choices(self.model_names, self.model_weights)[0]

    def take(self, rng: random.Random, n: int) -> str:
        return self.pool.take(rng, n, self.shape.exact_wrap)

    def start_time(self) -> dt.datetime:
        day = self.end - dt.timedelta(days=self.rng.randrange(self.days))
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc) + dt.timedelta(
            seconds=self.rng.randrange(6 * 3600, 22 * 3600))

    def session(self) -> None:
        rng = self.rng
        slug, cwd = self.projects[min(int(rng.paretovariate(0.9)) - 1, len(self.projects) - 1)]
        sid = str(uuid.UUID(int=rng.getrandbits(128)))
        s = Session(self, slug, cwd, sid, self.start_time())
        same_project = [f for f in self.finished[-100:] if f.slug == slug]
        if same_project and rng.random() < 0.05:  # resumed: replays an earlier session's messages
            prev = rng.choice(same_project)
            s.lines.extend(prev.assistant_lines[: rng.randint(1, max(1, len(prev.assistant_lines)))])
        a, scale = self.shape.turns
        for _ in range(max(1, int(rng.paretovariate(a) * scale))):
            s.turn()
        self.write(s, os.path.join(self.out, "projects", slug, sid + ".jsonl"))
        if rng.random() < 0.25:
            self.subagent(slug, cwd, sid, s.t)
        self.finished.append(s)
        if len(self.finished) > 200:
            del self.finished[:100]

    def subagent(self, slug: str, cwd: str, sid: str, t: dt.datetime) -> None:
        rng = self.rng
        aid = format(rng.getrandbits(64), "016x")
        s = Session(self, slug, cwd, sid, t, sidechain=True)
        for _ in range(rng.randint(1, 4)):
            s.turn()
        d = os.path.join(self.out, "projects", slug, sid, "subagents")
        self.write(s, os.path.join(d, f"agent-{aid}.jsonl"))
        if rng.random() < 0.7:
            with open(os.path.join(d, f"agent-{aid}.meta.json"), "w") as f:
                json.dump({"agentType": rng.choice(AGENTS)}, f)

    def write(self, s: Session, path: str) -> None:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        body = "\n".join(s.lines) + "\n"
        if self.rng.random() < 0.01:  # crashed mid-write: a torn last line
            body += s.lines[-1][: len(s.lines[-1]) // 2]
        with open(path, "w", encoding="utf-8") as f:
            f.write(body)
        self.written += len(body.encode("utf-8")) if len(body) < 1 << 16 else os.path.getsize(path)
        self.files += 1
        self.lines += len(s.lines)

    def run(self) -> None:
        while self.written < self.size:
            self.session()

    def big_file(self, size: int) -> str:
        """One session of `size` bytes, flushed every few thousand lines."""
        slug, cwd = self.projects[0]
        sid = str(uuid.UUID(int=self.rng.getrandbits(128)))
        s = Session(self, slug, cwd, sid, self.start_time() - dt.timedelta(days=self.days))
        path = os.path.join(self.out, "projects", slug, sid + ".jsonl")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        written = 0
        with open(path, "w", encoding="utf-8") as f:
            while written < size:
                while len(s.lines) < 5000:
                    s.turn()
                body = "\n".join(s.lines) + "\n"
                f.write(body)
                written += len(body.encode("utf-8"))
                self.lines += len(s.lines)
                s.lines.clear()
                s.assistant_lines.clear()
        self.written += written
        self.files += 1
        return path


def base_parser(doc: str) -> argparse.ArgumentParser:
    """The options every corpus generator takes (gen_codex.py adds its own)."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--size", default="100MB")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--days", type=int, default=60)
    ap.add_argument("--end-date", default="2026-11-20")
    return ap


def write_meta(a: argparse.Namespace, g, seconds: float, **extra) -> None:
    """corpus.json beside the files (what was asked for, what was written),
    and a one-line summary."""
    meta = {"size": a.size, "seed": a.seed, "days": a.days, "end_date": a.end_date, **extra,
            "files": g.files, "bytes": g.written, "lines": g.lines}
    with open(os.path.join(a.out, "corpus.json"), "w") as f:
        json.dump(meta, f, indent=2)
    print(f"{a.out}: {g.files} files, {g.written / 1e6:.0f} MB, {g.lines} lines in {seconds:.1f}s "
          f"({g.written / 1e6 / seconds:.0f} MB/s)")


def main(argv: list[str]) -> int:
    ap = base_parser(__doc__)
    ap.add_argument("--big-file", help="also write one session file of this size (e.g. 2GB)")
    ap.add_argument("--dense", action="store_true",
                    help="many short sessions of short lines (~1.2 KB, ~4.5 KB per call) instead of bench's "
                         "corpus, whose bytes are mostly large tool results")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    g = Generator(a.out, parse_size(a.size), a.seed, a.days, dt.date.fromisoformat(a.end_date),
                  DENSE if a.dense else DEFAULT)
    g.run()
    big_path = g.big_file(parse_size(a.big_file)) if a.big_file else None
    write_meta(a, g, time.perf_counter() - t0, big_file=a.big_file, big_path=big_path, dense=a.dense)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
