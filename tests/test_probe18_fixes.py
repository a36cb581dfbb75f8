"""Eighteenth-session probes (fixtures written apart from ours): what they
found, pinned. Expected values are CodeBurn 0.9.20's on the same shapes."""
from __future__ import annotations

import os

from tests.conftest import assistant_line, usage, user_line


def test_the_menubar_lists_a_tool_whose_sessions_are_all_over_a_year_old(run, history, tmp_path):
    """0.9.20 lists every tool with a session file on disk at $0, however
    old the file (probe A6: a Codex rollout last written 400 days ago);
    ours took the tools present from the files the period reads."""
    from tests.test_codex import meta, tokens, usage as codex_usage, write_rollout

    sid = "11111111-2222-4333-8444-555555555555"
    history.write("-home-dev-src-shop", f"{sid}.jsonl", [
        user_line("fix the cart test", ts="2026-03-05T10:00:00.000Z", cwd="/home/dev/src/shop", session=sid),
        assistant_line("msg_a", ts="2026-03-05T10:00:05.000Z", usage=usage(1000, 100), cwd="/home/dev/src/shop",
                       session=sid)])
    codex = tmp_path / "codex"
    old = write_rollout(str(codex), [meta("2025-01-29T10:00:00.000Z"),
                                     tokens("2025-01-29T10:00:05.000Z", codex_usage(400, 0, 40), codex_usage(400, 0, 40))],
                        day="2025/01/29", name="rollout-2025-01-29T10-00-00-0196a1b2-3c4d-7e8f-9a0b-1c2d3e4f5a6b.jsonl")
    stamp = 1738144800   # 2025-01-29T10:00:00Z
    os.utime(old, (stamp, stamp))
    env = {"CODEX_HOME": str(codex), "CODEBURN_CACHE_DIR": str(tmp_path / "cache")}
    for period in ("today", "month"):
        cur = run("status", "--format", "menubar-json", "--period", period, "--no-optimize", env=env).json["current"]
        assert [(p["id"], round(p["cost"], 6)) for p in cur["providerDetails"]] == [("claude", 0.0045), ("codex", 0)]
        assert {k: round(v, 6) for k, v in cur["providers"].items()} == {"claude": 0.0045, "codex": 0}
