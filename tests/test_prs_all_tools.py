"""`sessions --by-pr` with pull requests named in the prompts of tools
other than Claude Code: CodeBurn 0.9.20 reads PR links from every
provider's user messages (a turn's links are its prompts'; later turns of
the session carry them), so Codex, Qwen and Mistral Vibe sessions join
their PRs. Expected values are 0.9.20's `sessions --by-pr --format json -p
all` on the same files (HOME=<home> TZ=UTC)."""
from __future__ import annotations

import json
import os

import pytest

from tests import test_provider_mistral_vibe as vibe
from tests.provider_files import cli_json
from tests.test_codex import meta, tokens, user, usage, write_rollout

PR1 = "https://github.com/acme/api/pull/41"
PR2 = "https://github.com/acme/web/pull/7"
QWEN_SID = "b7c8d9e0-1111-4a6b-8c7d-99aa00bb11cc"

EXPECTED = {
    "prs": [
        {"url": PR1, "label": "acme/api#41", "cost": 0.008375, "savingsUSD": 0, "sessions": 2, "calls": 4,
         "firstStarted": "2026-11-14T10:00:02.000Z", "lastEnded": "2026-11-16T09:00:20Z", "approx": False,
         "models": ["GPT-5.3 Codex", "mistral-medium-3.5"],
         "categories": [{"name": "Conversation", "cost": 0.0041875}, {"name": "Exploration", "cost": 0.0041875}]},
        {"url": PR2, "label": "acme/web#7", "cost": 0, "savingsUSD": 0, "sessions": 1, "calls": 2,
         "firstStarted": "2026-11-15T09:00:05.000Z", "lastEnded": "2026-11-15T09:10:05.000Z", "approx": False,
         "models": ["qwen3-coder-plus"],
         "categories": [{"name": "Conversation", "cost": 0}, {"name": "Debugging", "cost": 0}]},
    ],
    "distinct": {"cost": 0.008375, "sessions": 3, "subagentSessions": 0, "attributedCost": 0.008375,
                 "unattributedCost": 0},
}


def build(home: str, repeat: int = 1) -> None:
    """A Codex rollout naming PR 41 in its first prompt (the second turn
    names none: it carries it), a Qwen chat naming PR 7, a Mistral Vibe
    session naming PR 41. `repeat`: the rollout's last token count written
    that many times (a file that repeats its own key is read in order)."""
    last = tokens("2026-11-14T10:01:02.000Z", total=usage(2400, 600, 80, 20), last=usage(1200, 300, 40, 10))
    write_rollout(os.path.join(home, ".codex"), [
        meta("2026-11-14T10:00:00.000Z", cwd="/home/dev/api"), user("2026-11-14T10:00:01.000Z", f"review {PR1} please"),
        tokens("2026-11-14T10:00:02.000Z", total=usage(1200, 300, 40, 10), last=usage(1200, 300, 40, 10)),
        user("2026-11-14T10:01:00.000Z", "and the tests"), *[last] * repeat],
        day="2026/11/14", name="rollout-2026-11-14T10-00-00-0196a1b2-3c4d-7e8f-9a0b-1c2d3e4f5a6b.jsonl")
    chats = os.path.join(home, ".qwen", "projects", "-home-dev-web", "chats")
    os.makedirs(chats, exist_ok=True)

    def qwen(uuid, parent, ts, kind, text, tokens_in=0, tokens_out=0):
        rec = {"uuid": uuid, "parentUuid": parent, "sessionId": QWEN_SID, "timestamp": ts, "type": kind,
               "cwd": "/home/dev/web", "message": {"role": "user" if kind == "user" else "model", "parts": [{"text": text}]}}
        if kind == "assistant":
            rec["model"] = "qwen3-coder-plus"
            rec["usageMetadata"] = {"promptTokenCount": tokens_in, "candidatesTokenCount": tokens_out,
                                    "cachedContentTokenCount": 0}
        return rec

    with open(os.path.join(chats, QWEN_SID + ".jsonl"), "w") as f:
        for rec in (qwen("u1", None, "2026-11-15T09:00:00.000Z", "user", f"fix {PR2} now"),
                    qwen("a1", "u1", "2026-11-15T09:00:05.000Z", "assistant", "ok", 1000, 100),
                    qwen("u2", "a1", "2026-11-15T09:10:00.000Z", "user", "thanks"),
                    qwen("a2", "u2", "2026-11-15T09:10:05.000Z", "assistant", "ok", 500, 50)):
            f.write(json.dumps(rec) + "\n")
    m = vibe.meta("vibe-pr", 9000, 300, 0.004, wd="/home/dev/api", end="2026-11-16T09:00:30Z")
    m["start_time"] = "2026-11-16T08:59:00Z"
    vibe.session(os.path.join(home, ".vibe", "logs", "session"), "session_20261116_085900_pr01", m, [
        vibe.user(f"land {PR1}"), vibe.assistant("Looked.", "p-a1", ts="2026-11-16T09:00:05Z"),
        vibe.user("and again"), vibe.assistant("Done.", "p-a2", ts="2026-11-16T09:00:20Z"),
    ])


def by_pr(home: str, jobs: str, *extra: str) -> dict:
    return cli_json(home, "sessions", "--by-pr", "--format", "json", "-p", "all", *extra, env={"CODEBURN_JOBS": jobs, "CODEX_HOME": os.path.join(home, ".codex")})


def rounded(doc: dict) -> dict:
    """Costs to 1e-12 (0.9.20 sums doubles in its own order)."""
    if isinstance(doc, dict):
        return {k: round(v, 12) if isinstance(v, float) else rounded(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [rounded(v) for v in doc]
    return doc


@pytest.mark.parametrize("repeat", [1, 2])
def test_prs_named_in_other_tools_prompts(tmp_path, repeat):
    home = str(tmp_path)
    build(home, repeat)
    for jobs in ("1", "2"):
        assert rounded(by_pr(home, jobs, "--no-cache")) == rounded(EXPECTED), (repeat, jobs)
    assert rounded(by_pr(home, "2")) == rounded(by_pr(home, "2")) == rounded(EXPECTED)  # cold, then from the caches
