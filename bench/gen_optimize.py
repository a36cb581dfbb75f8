"""A fake home with a Claude Code history and local configuration in which
every `codeburn optimize` pattern is planted, for comparing with the
reference tool (README "optimize"):

    python bench/gen_optimize.py /tmp/opt-home [--days-ago 5]
    HOME=/tmp/opt-home codeburn optimize --format json --from D --to D
    HOME=/tmp/opt-home CODEBURN_CACHE_DIR=... $CODEBURN_HEAD optimize --format json --from D --to D

Everything happens `--days-ago` days before now (outside the 48-hour trend
window), each message id is unique (no streaming duplicates: the reference's
raw scan would count those twice), and config files are dated a week back
(the unused-mcp grace period). Prints the --from/--to dates to use."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import time

SONNET, OPUS = "claude-sonnet-4-5-20250929", "claude-opus-4-1-20250805"
VERSION = "2.1.130"
BLOCK = ("Project brief: you are working on the payments service. " * 40)[:2100]


class Writer:
    def __init__(self, home: str, start: dt.datetime, inventories: dict | None = None):
        self.home, self.t, self.n = home, start, 0
        self.inventories = inventories  # session id -> MCP tools its inventory lists

    def tick(self, seconds: int = 30) -> str:
        self.t += dt.timedelta(seconds=seconds)
        return self.t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{self.t.microsecond // 1000:03d}Z"

    def mid(self) -> str:
        self.n += 1
        return f"msg_{self.n:05d}"

    def user(self, cwd: str, sid: str, text, **extra) -> dict:
        rec = {"parentUuid": None, "isSidechain": False, "userType": "external", "cwd": cwd, "sessionId": sid,
               "version": VERSION, "type": "user", "message": {"role": "user", "content": text},
               "uuid": f"u{self.n}-{self.tick(5)}", "timestamp": self.tick(1)}
        rec.update(extra)
        return rec

    def call(self, cwd: str, sid: str, inp=100, out=50, cw=0, cr=0, tools=(), model=SONNET, side=False) -> dict:
        mid = self.mid()
        content = [{"type": "tool_use", "id": f"toolu_{mid}_{i}", "name": n, "input": a} for i, (n, a) in enumerate(tools)]
        if not content:
            content = [{"type": "text", "text": "ok"}]
        return {"parentUuid": None, "isSidechain": side, "userType": "external", "cwd": cwd, "sessionId": sid,
                "version": VERSION, "type": "assistant", "uuid": f"a{mid}", "timestamp": self.tick(),
                "message": {"model": model, "id": mid, "type": "message", "role": "assistant", "content": content,
                            "usage": {"input_tokens": inp, "output_tokens": out, "cache_creation_input_tokens": cw,
                                      "cache_read_input_tokens": cr}}}

    def inventory(self, sid: str, names: list[str]) -> dict:
        """A deferred_tools_delta attachment (Claude Code with tool search on)."""
        return {"type": "attachment", "sessionId": sid, "timestamp": self.tick(1),
                "attachment": {"type": "deferred_tools_delta", "addedNames": ["Bash", "Read"] + names}}

    def session(self, cwd: str, sid: str, records: list, subdir: str = "") -> None:
        if self.inventories and sid in self.inventories:
            records = [records[0], self.inventory(sid, self.inventories[sid])] + records[1:]
        slug = cwd.replace("/", "-")
        d = os.path.join(self.home, ".claude", "projects", slug, subdir)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, sid + ".jsonl"), "w") as f:
            for r in records:
                f.write(json.dumps(r) + "\n")


def _file(path: str, text: str, old: float) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.utime(path, (old, old))


def write_config(home: str, proj_a: str) -> None:
    old = time.time() - 7 * 86400
    _file(os.path.join(home, ".claude", "settings.json"),
          json.dumps({"mcpServers": {"github": {"command": "gh-mcp"}, "slack": {"command": "slack-mcp"}}}), old)
    _file(os.path.join(proj_a, ".mcp.json"),
          json.dumps({"mcpServers": {"linear": {"type": "http", "url": "https://x", "alwaysLoad": True}}}), old)
    _file(os.path.join(proj_a, "CLAUDE.md"), "\n".join(f"rule {i}" for i in range(150)) + "\n@./docs/more.md\n", old)
    _file(os.path.join(proj_a, "docs", "more.md"), "\n".join(f"more {i}" for i in range(99)), old)
    for name in ("reviewer", "planner", "tester"):
        _file(os.path.join(home, ".claude", "agents", name + ".md"), f"# {name}\n", old)
    for name in ("pdf", "deploy"):
        _file(os.path.join(home, ".claude", "skills", name, "SKILL.md"), f"# {name}\n", old)
    for name in ("ship", "lint", "review"):
        _file(os.path.join(home, ".claude", "commands", name + ".md"), f"# {name}\n", old)


def write_history(w: Writer, proj_a: str, proj_b: str) -> None:
    # A: edits without reads, junk reads, re-reads, MCP and skill use, retries.
    recs = [w.user(proj_a, "a1", "please fix the payment bug /ship it")]
    for i in range(6):
        recs.append(w.call(proj_a, "a1", cw=100_000, tools=[("Read", {"file_path": f"{proj_a}/node_modules/lib{i}.js"})]))
    for i in range(7):
        recs.append(w.call(proj_a, "a1", cw=100_000, tools=[("Read", {"file_path": f"{proj_a}/src/pay.ts"})]))
    recs.append(w.call(proj_a, "a1", tools=[("Agent", {"subagent_type": "reviewer", "prompt": "x"})]))
    recs.append(w.call(proj_a, "a1", tools=[("Skill", {"skill": "pdf"})]))
    recs.append(w.call(proj_a, "a1", cw=20_000, cr=90_000, tools=[("mcp__atlas__tool3", {})]))
    w.session(proj_a, "a1", recs)
    # Five edit turns using the github MCP server, four with a retry (edit, test, edit the same file).
    recs = []
    for turn in range(5):
        recs.append(w.user(proj_a, "a2", f"turn {turn}: update the handler"))
        recs.append(w.call(proj_a, "a2", inp=2000, out=400, tools=[("mcp__github__get_issue", {"n": turn})]))
        recs.append(w.call(proj_a, "a2", inp=2000, out=400, tools=[("Edit", {"file_path": f"{proj_a}/src/h{turn}.ts"})]))
        if turn < 4:
            recs.append(w.call(proj_a, "a2", inp=2000, out=400, tools=[("Bash", {"command": "npm test"})]))
            recs.append(w.call(proj_a, "a2", inp=2000, out=400, tools=[("Edit", {"file_path": f"{proj_a}/src/h{turn}.ts"})]))
    recs.append(w.call(proj_a, "a2", tools=[("Write", {"file_path": f"{proj_a}/src/new.ts"})]))
    recs.append(w.call(proj_a, "a2", tools=[("Bash", {"command": "git log --oneline | head -5"})]))
    w.session(proj_a, "a2", recs)
    # A subagent transcript (not user-started; its re-reads are not repeats).
    side = [w.call(proj_a, "agent-r1", side=True, tools=[("Read", {"file_path": f"{proj_a}/src/pay.ts"})])
            for _ in range(3)]
    w.session(proj_a, "agent-r1", side, subdir="a2/subagents")
    # B: peers for the cost outlier, a context-heavy session, a no-edit expensive one, recurring openers.
    for k in range(5):
        recs = [w.user(proj_b, f"b{k}", BLOCK)]
        recs.append(w.call(proj_b, f"b{k}", inp=20_000, out=2_000, model=SONNET))
        w.session(proj_b, f"b{k}", recs)
    recs = [w.user(proj_b, "b-big", "refactor everything")]
    for _ in range(4):
        recs.append(w.call(proj_b, "b-big", inp=150_000, out=40_000, model=SONNET,
                           tools=[("Edit", {"file_path": f"{proj_b}/x.py"})]))
    w.session(proj_b, "b-big", recs)
    recs = [w.user(proj_b, "b-ctx", "look at the logs")]
    for _ in range(3):
        recs.append(w.call(proj_b, "b-ctx", inp=40_000, out=500, cr=200_000, model=SONNET))
    w.session(proj_b, "b-ctx", recs)
    # C: 30 edit turns on Opus, 30 as good on Sonnet at a fifth of the cost (modelRecommendations).
    proj_c = proj_b.replace("billing", "web")
    os.makedirs(proj_c, exist_ok=True)
    for half, model in enumerate((OPUS, SONNET)):
        recs = []
        for t in range(30):
            recs.append(w.user(proj_c, f"c{half}", f"change component {t}"))
            recs.append(w.call(proj_c, f"c{half}", inp=3000, out=300, model=model,
                               tools=[("Edit", {"file_path": f"{proj_c}/src/c{t}.tsx"})]))
        w.session(proj_c, f"c{half}", recs)
    recs = [w.user(proj_b, "b-chat", "explain the architecture")]
    for _ in range(4):
        recs.append(w.call(proj_b, "b-chat", inp=90_000, out=8_000, model=OPUS))
    w.session(proj_b, "b-chat", recs)


def _inventories() -> dict:
    """atlas: 12 tools, one called (low coverage); github: 3 tools, called
    only in payments, loaded in billing and docs too (project scope)."""
    atlas = [f"mcp__atlas__tool{i}" for i in range(12)]
    github = ["mcp__github__get_issue", "mcp__github__list_prs", "mcp__github__merge"]
    inv = {"a1": atlas + github, "a2": atlas + github, "b-ctx": github, "d0": github, "d1": github}
    inv.update({f"b{k}": github for k in range(5)})
    return inv


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("home")
    ap.add_argument("--days-ago", type=int, default=5)
    ap.add_argument("--inventory", action="store_true",
                    help="sessions list their MCP tools (tool search on): the coverage and project-scope findings "
                         "instead of deferral-off")
    a = ap.parse_args()
    start = dt.datetime.now(dt.timezone.utc).replace(hour=9, minute=0, second=0, microsecond=0) \
        - dt.timedelta(days=a.days_ago)
    proj_a, proj_b = os.path.join(a.home, "src", "payments"), os.path.join(a.home, "src", "billing")
    for p in (proj_a, proj_b):
        os.makedirs(p, exist_ok=True)
    write_config(a.home, proj_a)
    proj_c = os.path.join(a.home, "src", "docs")
    os.makedirs(proj_c, exist_ok=True)
    w = Writer(a.home, start, _inventories() if a.inventory else None)
    write_history(w, proj_a, proj_b)
    if a.inventory:
        for k in range(2):  # a third project that loads github and never calls it
            w.session(proj_c, f"d{k}", [w.user(proj_c, f"d{k}", "write the docs"),
                                        w.call(proj_c, f"d{k}", cw=30_000, cr=60_000)])
    day = start.strftime("%Y-%m-%d")
    print(f"--from {day} --to {day}")


if __name__ == "__main__":
    main()
