"""A fixed history for the HTML, markdown and dashboard tests: Claude Code
sessions in three projects over four days of 2026-03 and one Codex rollout,
with costs worked out by hand from list prices (USD per 1M tokens: Sonnet
4.5 3/15, Opus 4.6 5/25, Haiku 4.5 1/5, gpt-5 1.25 input). One project name,
one MCP server and one model carry markup, to show that every renderer
escapes what logs say. The clock is fixed at NOW (2026-03-05 12:00 UTC)."""
from __future__ import annotations

import datetime as dt
import json
import os

from tests.conftest import History, assistant_line, usage, user_line

NOW = dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.timezone.utc)
SONNET, OPUS, HAIKU = "claude-sonnet-4-5-20250929", "claude-opus-4-6", "claude-haiku-4-5-20251001"
EVIL_PROJECT = '<img src=x onerror=alert(1)>"&|'  # a slug dir name: no slash possible
EVIL_SERVER = "<svg onload=alert(2)>"
EVIL_MODEL = "claude-<b>bold</b>-x"               # unpriced: $0 and a warning naming it
SHOP, BLOG = "/home/dev/shop", "/home/dev/blog"
CODEX_SID = "0196a1b2-3c4d-7e8f-9a0b-1c2d3e4f5a6b"

# Cost per day (all providers) and per provider, by hand.
DAY_COST = {"2026-03-01": 3.00,               # Sonnet 1M input
            "2026-03-03": 2.50,               # Opus 100k output
            "2026-03-04": 1.00 + 1.25,        # Haiku 1M input; gpt-5 1M input (Codex)
            "2026-03-05": 1.50}               # Sonnet 100k output (and the $0 unpriced call)
CLAUDE_COST, CODEX_COST = 8.00, 1.25
TOTAL_COST = CLAUDE_COST + CODEX_COST


def write(history: History, codex_home: str) -> None:
    history.write("-home-dev-shop", "s1.jsonl", [
        user_line("fix the failing cart test", ts="2026-03-01T09:00:00.000Z", cwd=SHOP, session="s1"),
        assistant_line("m1", ts="2026-03-01T09:00:05.000Z", model=SONNET, usage=usage(1_000_000, 0), cwd=SHOP,
                       session="s1", tools=[("Bash", {"command": "pytest -q"}), ("Edit", {"file_path": "/x.py"})]),
        user_line("open an issue for the flaky test", ts="2026-03-03T10:00:00.000Z", cwd=SHOP, session="s1"),
        assistant_line("m2", ts="2026-03-03T10:00:05.000Z", model=OPUS, usage=usage(0, 100_000), cwd=SHOP,
                       session="s1", tools=[(f"mcp__{EVIL_SERVER}__create_issue", {}), ("Skill", {"skill": "pdf"})]),
    ])
    history.write("-home-dev-blog", "b1.jsonl", [
        user_line("explore how the blog renders posts", ts="2026-03-04T08:00:00.000Z", cwd=BLOG, session="b1"),
        assistant_line("m3", ts="2026-03-04T08:00:05.000Z", model=HAIKU, usage=usage(1_000_000, 0), cwd=BLOG,
                       session="b1", tools=[("Task", {"subagent_type": "Explore", "prompt": "look"})]),
        user_line("write the release notes", ts="2026-03-05T09:00:00.000Z", cwd=BLOG, session="b1"),
        assistant_line("m4", ts="2026-03-05T09:00:05.000Z", model=SONNET, usage=usage(0, 100_000), cwd=BLOG,
                       session="b1"),
    ])
    history.write(EVIL_PROJECT, "e1.jsonl", [
        user_line("hello", ts="2026-03-05T10:00:00.000Z", cwd="", session="e1"),
        assistant_line("m5", ts="2026-03-05T10:00:05.000Z", model=EVIL_MODEL, usage=usage(10, 10), cwd="",
                       session="e1"),
    ])
    _codex(codex_home)


def _codex(root: str) -> None:
    """One gpt-5 call of 1M uncached input tokens on 2026-03-04."""
    def line(ts: str, kind: str, payload: dict) -> str:
        return json.dumps({"timestamp": ts, "type": kind, "payload": payload})

    u = {"input_tokens": 1_000_000, "cached_input_tokens": 0, "output_tokens": 0, "reasoning_output_tokens": 0,
         "total_tokens": 1_000_000}
    lines = [
        line("2026-03-04T12:00:00.000Z", "session_meta", {"id": CODEX_SID, "timestamp": "2026-03-04T12:00:00.000Z",
                                                          "cwd": "/home/dev/ledger", "originator": "codex_cli_rs",
                                                          "cli_version": "0.130.0", "model_provider": "openai",
                                                          "model": "gpt-5"}),
        line("2026-03-04T12:00:01.000Z", "turn_context", {"turn_id": "t1", "cwd": "/home/dev/ledger",
                                                          "model": "gpt-5"}),
        line("2026-03-04T12:00:01.500Z", "response_item", {"type": "message", "role": "user", "content": [
            {"type": "input_text", "text": "summarise the ledger module"}]}),
        line("2026-03-04T12:00:05.000Z", "event_msg", {"type": "token_count", "info": {
            "total_token_usage": u, "last_token_usage": u}}),
    ]
    d = os.path.join(root, "sessions", "2026", "03", "04")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"rollout-2026-03-04T12-00-00-{CODEX_SID}.jsonl"), "w") as f:
        f.write("\n".join(lines) + "\n")
