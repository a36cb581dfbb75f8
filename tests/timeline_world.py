"""A home with Claude Code and Codex histories around the end of daylight
saving time in New York (2026-11-01, 06:00 UTC: 01:00-02:00 local comes
twice) and in the last week of November 2026 for the menubar timeline: nine
models (one `<synthetic>`), eleven sessions, two with one AI title, one with
a title needing a clean-up.
`python tests/timeline_world.py DIR` writes it under DIR for the reference."""
from __future__ import annotations

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.conftest import assistant_line, dumps, usage, user_line  # noqa: E402
from tests.test_codex import meta, tokens, user  # noqa: E402
from tests.test_codex import usage as codex_usage  # noqa: E402

ZONE = "America/New_York"
SHOP, WEB, API = "/home/dev/src/shop", "/home/dev/src/web", "/home/dev/work/api"
TITLE = "Fix the checkout flow for guest users"

# (session id, cwd, ai title or None, [(utc time, model, input, output, cache write, cache read)])
CLAUDE = [
    ("a1b2c3d4-0000-4000-8000-000000000001", SHOP, "  \x1b[1mFix the\n checkout\tflow\x1b[0m  ", [
        ("2026-10-31T13:05:00.000Z", "claude-opus-4-6", 1200, 800, 5000, 20000),
        ("2026-10-31T13:40:00.000Z", "claude-sonnet-4-5-20250929", 3000, 1500, 0, 40000),
        ("2026-11-01T05:10:00.000Z", "claude-opus-4-6", 500, 300, 0, 10000),
        ("2026-11-01T06:20:00.000Z", "claude-haiku-4-5-20251001", 9000, 4000, 0, 0)]),
    ("a1b2c3d4-0000-4000-8000-000000000002", SHOP, TITLE, [
        ("2026-11-01T05:50:00.000Z", "claude-opus-4-1", 2000, 900, 1000, 0),
        ("2026-11-01T06:05:00.000Z", "claude-sonnet-4-20250514", 7000, 200, 0, 0)]),
    ("a1b2c3d4-0000-4000-8000-000000000003", WEB, TITLE, [
        ("2026-11-01T14:00:00.000Z", "claude-3-5-haiku-20241022", 40000, 100, 0, 0),
        ("2026-11-01T14:02:00.000Z", "<synthetic>", 10, 5, 0, 0)]),
    ("a1b2c3d4-0000-4000-8000-000000000004", WEB, None, [
        ("2026-11-02T15:00:00.000Z", "claude-sonnet-4-5-20250929", 100, 50, 0, 0)]),
    ("a1b2c3d4-0000-4000-8000-000000000005", WEB, None, [
        ("2026-11-02T16:30:00.000Z", "claude-haiku-4-5-20251001", 300, 20, 0, 0)]),
    ("a1b2c3d4-0000-4000-8000-000000000006", SHOP, None, [
        ("2026-11-02T17:45:00.000Z", "claude-opus-4-6", 10, 10, 0, 0)]),
    ("a1b2c3d4-0000-4000-8000-000000000007", SHOP, "Speed up the   search index", [
        ("2026-11-20T15:00:00.000Z", "claude-opus-4-6", 800, 700, 3000, 9000),
        ("2026-11-25T14:10:00.000Z", "claude-sonnet-4-5-20250929", 1500, 600, 0, 30000),
        ("2026-11-25T22:50:00.000Z", "claude-haiku-4-5-20251001", 4000, 900, 0, 0),
        ("2026-11-26T03:30:00.000Z", "claude-opus-4-6", 300, 200, 0, 5000)]),
    ("short-id", API, None, [
        ("2026-10-31T04:30:00.000Z", "claude-sonnet-4-20250514", 20, 30, 0, 0)]),
]
CODEX = [
    ("0196a1b2-3c4d-7e8f-9a0b-000000000001", API, [
        ("2026-11-01T05:30:00.000Z", "gpt-5", 60000, 0, 2000),
        ("2026-11-01T06:30:00.000Z", "gpt-5.3-codex", 30000, 10000, 4000)]),
    ("0196a1b2-3c4d-7e8f-9a0b-000000000002", WEB, [
        ("2026-11-02T20:00:00.000Z", "gpt-5", 500, 0, 100)]),
    ("0196a1b2-3c4d-7e8f-9a0b-000000000003", SHOP, [
        ("2026-11-25T18:00:00.000Z", "gpt-5.3-codex", 20000, 3000, 1000)]),
]


def write(home: str) -> None:
    for sid, cwd, title, calls in CLAUDE:
        d = os.path.join(home, ".claude", "projects", cwd.replace("/", "-"))
        os.makedirs(d, exist_ok=True)
        lines = []
        for n, (ts, model, inp, out, cw, cr) in enumerate(calls):
            lines.append(user_line(f"step {n}: keep going", ts=ts, cwd=cwd, session=sid))
            lines.append(assistant_line(f"msg_{sid[-4:]}_{n}", ts=ts.replace("00.000Z", "05.000Z"), model=model,
                                        usage=usage(inp, out, cw, cr), text="done", cwd=cwd, session=sid))
        if title is not None:
            lines.append({"type": "ai-title", "sessionId": sid, "aiTitle": title})
        with open(os.path.join(d, f"{sid}.jsonl"), "w", encoding="utf-8") as f:
            f.write("".join(dumps(r) + "\n" for r in lines))
    for sid, cwd, calls in CODEX:
        first = calls[0][0]
        d = os.path.join(home, ".codex", "sessions", *first[:10].split("-"))
        os.makedirs(d, exist_ok=True)
        lines = [meta(ts=first, sid=sid, cwd=cwd, model=calls[0][1])]
        total = [0, 0, 0]
        for n, (ts, model, inp, out, cached) in enumerate(calls):
            total = [total[0] + inp, total[1] + cached, total[2] + out]
            lines.append(user(ts, f"task {n}: refactor the handler"))
            lines.append(tokens(ts.replace("00.000Z", "09.000Z"), codex_usage(*total), codex_usage(inp, cached, out),
                                model=model))
        stamp = first[:19].replace(":", "-")
        with open(os.path.join(d, f"rollout-{stamp}-{sid}.jsonl"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    write(sys.argv[1])
    json.dump({"zone": ZONE}, sys.stdout)
