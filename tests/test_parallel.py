"""Reading with several threads gives the same report as one, byte for byte:
dedup across files (resumed sessions copy message ids), streaming
duplicates, turns split across files, Codex rollouts between Claude files."""
from __future__ import annotations

import json
import os
import random

import pytest

from tests.conftest import assistant_line, tool_result_line, usage, user_line
from tests.test_codex import meta, tokens, user as codex_user, usage as codex_usage, write_rollout

TOOLS = [("Bash", {"command": "npm test"}), ("Edit", {"file_path": "/w/a.ts"}), ("Read", {"file_path": "/w/b.ts"}),
         ("Agent", {"subagent_type": "Explore"}), ("Skill", {"skill": "review"}), ("mcp__gh__issue", {}),
         ("Bash", {"command": "git status && rg foo"})]
PROMPTS = ["fix the login bug", "add a dark mode", "refactor the parser", "run the tests", "git push", "hello"]
MODELS = ["claude-sonnet-4-5-20250929", "claude-opus-4-7", "claude-haiku-4-5-20251001", "<synthetic>"]


def _history(root: str, rng: random.Random) -> None:
    ids: list[str] = []
    for f in range(24):
        project = f"-w-p{f % 5}"
        recs = []
        for t in range(rng.randint(1, 6)):
            day = rng.randint(1, 4)
            recs.append(user_line(rng.choice(PROMPTS), ts=f"2026-03-0{day}T1{t}:00:00Z", cwd=f"/w/p{f % 5}"))
            for c in range(rng.randint(1, 3)):
                if ids and rng.random() < 0.2:
                    mid = rng.choice(ids)              # copied from an earlier session (resume)
                else:
                    mid = f"msg_{f}_{t}_{c}"
                    ids.append(mid)
                tools = rng.sample(TOOLS, rng.randint(0, 3))
                u = usage(rng.randint(1, 5000), rng.randint(1, 900), rng.randint(0, 9000), rng.randint(0, 90000))
                line = dict(ts=f"2026-03-0{day}T1{t}:{c:02d}:00Z", model=rng.choice(MODELS), tools=tools,
                            cwd=f"/w/p{f % 5}")
                if rng.random() < 0.3:                 # streamed: a partial record first
                    recs.append(assistant_line(mid, usage=usage(1, 1), **line))
                recs.append(assistant_line(mid, usage=u, **line))
                for i, _ in enumerate(tools):
                    recs.append(tool_result_line(f"toolu_{mid}_{i}", "ok", ts=line["ts"], cwd=f"/w/p{f % 5}"))
        d = os.path.join(root, "claude", "projects", project)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"s{f}.jsonl"), "w") as fh:
            fh.write("\n".join(json.dumps(r) for r in recs) + "\n")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_jobs_do_not_change_a_byte(tmp_path, run, seed):
    _history(str(tmp_path), random.Random(seed))
    write_rollout(str(tmp_path / "codex"), [meta("2026-03-02T10:00:00.000Z"), codex_user("2026-03-02T10:00:01.000Z", "fix"),
                                            tokens("2026-03-02T10:00:02.000Z", codex_usage(500, 100, 50))],
                  day="2026/03/02")
    env = {"CLAUDE_CONFIG_DIR": str(tmp_path / "claude"), "CODEX_HOME": str(tmp_path / "codex")}
    outputs = {}
    for jobs in ("1", "2", "3", "8"):
        outputs[jobs] = [run(*cmd, "--jobs", jobs, env=env).stdout for cmd in (
            ("report", "-p", "30days", "--format", "json"), ("models", "--format", "csv", "--by-task", "--min-cost", "0"),
            ("report", "--day", "2026-03-03"), ("status", "--format", "json"))]
    assert json.loads(outputs["1"][0])["overview"]["calls"] > 50
    # the history exercises both kinds of dedup
    from codeburn.providers import claude
    from codeburn.providers.base import Walker
    from codeburn.scan import scan_sources
    stats = scan_sources(list(claude.discover(env, "/nonexistent", Walker())), jobs=2).stats
    assert stats["global_dups"] > 5 and stats["stream_dups"] > 5
    assert outputs["2"] == outputs["1"] and outputs["3"] == outputs["1"] and outputs["8"] == outputs["1"]


def test_bad_jobs_is_a_usage_error(run):
    r = run("report", "--jobs", "0")
    assert (r.status, r.stderr) == (2, 'codeburn: error: invalid --jobs "0" (a whole number of at least 1)\n')
