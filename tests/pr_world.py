"""A Claude Code history whose sessions link pull requests, for
`sessions --by-pr` (tests/test_sessions_prs.py). `python -m tests.pr_world
DIR` writes it under DIR/.claude to run the reference tool on it.

- shop session S1: a first turn with no link; a turn whose prompt names
  PR 12, where a pr-link record for PR 13 follows the calls (that turn
  and the next refer to {12, 13}); a subagent of S1 starting in the last
  turn (folded into {12, 13}); a subagent starting after S1's last call
  (linked to nothing).
- shop session S2: a pr-link record (PR 7 of another repo) before the
  first prompt, in no turn with calls: the whole session goes to PR 7,
  evenly, marked approx.
- web session S3: a turn naming PR 12 on 2026-02-20 (before a period
  starting 2026-03-01), a turn in March that carries it, then one that
  records PR 13.
- web session S4: no link at all.
"""
from __future__ import annotations

import json
import os
import sys

from tests.conftest import assistant_line, usage, user_line

SHOP, WEB = "-home-dev-src-shop", "-home-dev-src-web"
S1, S2, S3, S4 = ("aaaaaaaa-1111-4000-8000-000000000001", "aaaaaaaa-1111-4000-8000-000000000002",
                  "aaaaaaaa-1111-4000-8000-000000000003", "aaaaaaaa-1111-4000-8000-000000000000")
PR12, PR13 = "https://github.com/acme/shop/pull/12", "https://github.com/acme/shop/pull/13"
PR7 = "https://github.com/acme/infra/pull/7"
OPUS = "claude-opus-4-6"
# 199 UTF-16 units, then an emoji (2 units) the 200-unit cut halves, then more
LONG_TITLE = "  Deploy fix: " + "x" * 187 + "\U0001F680 and more  "


def pr_link(url: str, ts: str, session: str) -> dict:
    return {"type": "pr-link", "sessionId": session, "timestamp": ts, "prUrl": url}


def ai_title(title: str, session: str) -> dict:
    return {"type": "ai-title", "sessionId": session, "aiTitle": title}


def files() -> dict[str, list[dict]]:
    """Relative path under projects/ -> records."""
    cwd_shop, cwd_web = "/home/dev/src/shop", "/home/dev/src/web"
    s1 = [
        user_line("set up the repo", ts="2026-03-02T09:00:00.000Z", cwd=cwd_shop, session=S1),
        assistant_line("s1a", ts="2026-03-02T09:00:05.000Z", usage=usage(1000, 100), cwd=cwd_shop, session=S1),
        user_line(f"review {PR12} please", ts="2026-03-02T10:00:00.000Z", cwd=cwd_shop, session=S1),
        assistant_line("s1b", ts="2026-03-02T10:00:05.000Z", usage=usage(2000, 300), cwd=cwd_shop, session=S1,
                       tools=[("Edit", {"file_path": "/home/dev/src/shop/a.py"})]),
        assistant_line("s1c", ts="2026-03-02T10:00:09.000Z", usage=usage(500, 50), cwd=cwd_shop, session=S1,
                       model=OPUS),
        pr_link(PR13, "2026-03-02T10:00:10.000Z", S1),
        ai_title("Review the shop PRs", S1),
        ai_title("   ", S1),                                   # blank: the title stays
        user_line("continue", ts="2026-03-02T11:00:00.000Z", cwd=cwd_shop, session=S1),
        assistant_line("s1d", ts="2026-03-02T11:00:05.000Z", usage=usage(3000, 200), cwd=cwd_shop, session=S1,
                       tools=[("Task", {"subagent_type": "explorer"})]),
        assistant_line("s1e", ts="2026-03-02T11:30:00.000Z", usage=usage(100, 10), cwd=cwd_shop, session=S1),
    ]
    agent = [
        user_line("look around", ts="2026-03-02T11:00:07.000Z", cwd=cwd_shop, session=S1, isSidechain=True),
        assistant_line("ag1", ts="2026-03-02T11:00:08.000Z", usage=usage(4000, 400), cwd=cwd_shop, session=S1,
                       sidechain=True),
    ]
    late = [
        user_line("later", ts="2026-03-02T12:00:00.000Z", cwd=cwd_shop, session=S1, isSidechain=True),
        assistant_line("ag2", ts="2026-03-02T12:00:01.000Z", usage=usage(700, 70), cwd=cwd_shop, session=S1,
                       sidechain=True),
    ]
    s2 = [
        ai_title("First guess", S2),
        pr_link(PR7, "2026-03-03T08:59:00.000Z", S2),
        user_line("fix the deploy", ts="2026-03-03T09:00:00.000Z", cwd=cwd_shop, session=S2),
        assistant_line("s2a", ts="2026-03-03T09:00:05.000Z", usage=usage(1500, 150), cwd=cwd_shop, session=S2),
        user_line("and the docs", ts="2026-03-03T09:10:00.000Z", cwd=cwd_shop, session=S2),
        assistant_line("s2b", ts="2026-03-03T09:10:05.000Z", usage=usage(1500, 150), cwd=cwd_shop, session=S2),
        assistant_line("s2c", ts="2026-03-03T09:10:09.000Z", usage=usage(10, 1), cwd=cwd_shop, session=S2),
        ai_title(LONG_TITLE, S2),
    ]
    s3 = [
        user_line(f"see {PR12} and https://github.com/acme/shop/issues/3", ts="2026-02-20T09:00:00.000Z",
                  cwd=cwd_web, session=S3),
        assistant_line("s3a", ts="2026-02-20T09:00:05.000Z", usage=usage(900, 90), cwd=cwd_web, session=S3),
        user_line("next step", ts="2026-03-04T09:00:00.000Z", cwd=cwd_web, session=S3),
        assistant_line("s3b", ts="2026-03-04T09:00:05.000Z", usage=usage(800, 80), cwd=cwd_web, session=S3),
        user_line("last step", ts="2026-03-04T10:00:00.000Z", cwd=cwd_web, session=S3),
        assistant_line("s3c", ts="2026-03-04T10:00:05.000Z", usage=usage(600, 60), cwd=cwd_web, session=S3),
        pr_link(PR13, "2026-03-04T10:00:06.000Z", S3),
    ]
    s4 = [
        user_line("hello", ts="2026-03-04T11:00:00.000Z", cwd=cwd_web, session=S4),
        assistant_line("s4a", ts="2026-03-04T11:00:05.000Z", usage=usage(100, 10), cwd=cwd_web, session=S4),
    ]
    return {
        f"{SHOP}/{S1}.jsonl": s1,
        f"{SHOP}/{S1}/subagents/agent-a1b2c3d4.jsonl": agent,
        f"{SHOP}/{S1}/subagents/agent-e5f6a7b8.jsonl": late,
        f"{SHOP}/{S2}.jsonl": s2,
        f"{WEB}/{S3}.jsonl": s3,
        f"{WEB}/{S4}.jsonl": s4,
    }


def write(claude_dir: str) -> None:
    for rel, recs in files().items():
        path = os.path.join(claude_dir, "projects", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            for r in recs:
                f.write(json.dumps(r, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    write(os.path.join(sys.argv[1], ".claude"))
