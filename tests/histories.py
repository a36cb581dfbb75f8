"""A Claude Code history for the command tests (sessions, overview, export,
plan, budget, blocks, compare), laid out relative to a clock so the same
files serve the tests (fixed clock) and the reference comparisons (today):
`python -m tests.histories DIR` writes it under DIR/.claude for now.

Prices (USD per 1M tokens): Sonnet 4.5 3/15/3.75/0.3, Opus 4.6 5/25/6.25/0.5,
Haiku 4.5 1/5/1.25/0.1.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys

import pytest

from tests.conftest import NOW, History, assistant_line, tool_result_line, usage, user_line

SONNET, OPUS, HAIKU = "claude-sonnet-4-5-20250929", "claude-opus-4-6", "claude-haiku-4-5-20251001"
SHOP, API = "/home/dev/src/shop", "/home/dev/src/api"
SHOP_SLUG, API_SLUG = "-home-dev-src-shop", "-home-dev-src-api"
S1, S2, S3 = ("11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222",
              "33333333-3333-4333-8333-333333333333")
AGENT = "agent-a1b2c3d4e5f6"

# Per-call costs, by hand.
C = {
    "m1": 1000 * 3e-6 + 500 * 15e-6 + 2000 * 3.75e-6 + 10000 * 0.3e-6,   # sonnet 0.021
    "m2": 200 * 3e-6 + 300 * 15e-6 + 0 + 12000 * 0.3e-6,                 # sonnet 0.0087
    "m3": 100 * 3e-6 + 50 * 15e-6,                                       # sonnet 0.00105
    "a1": 400 * 1e-6 + 100 * 5e-6,                                       # haiku 0.0009
    "m4": 2000 * 5e-6 + 800 * 25e-6 + 1000 * 6.25e-6 + 4000 * 0.5e-6,    # opus 0.03825
    "m5": 500 * 5e-6 + 200 * 25e-6,                                      # opus 0.0075
    "m6": 300 * 3e-6 + 100 * 15e-6,                                      # sonnet 0.0024
}


def ts(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def write(history: History, now: dt.datetime) -> dict:
    """The history, with S1 two days before `now`, S2 today (two hours
    before now), S3 ten days before. Returns the timestamps used."""
    today = now.astimezone(dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    d1 = today - dt.timedelta(days=2) + dt.timedelta(hours=10)
    d2 = now - dt.timedelta(hours=2)
    d3 = today - dt.timedelta(days=10) + dt.timedelta(hours=15)
    at = lambda base, s: ts(base + dt.timedelta(seconds=s))  # noqa: E731
    s1 = [
        user_line("fix the login bug in auth.py", ts=at(d1, 0), cwd=SHOP, session=S1),
        assistant_line("m1", ts=at(d1, 5), model=SONNET, usage=usage(1000, 500, 2000, 10000), cwd=SHOP, session=S1,
                       tools=[("Edit", {"file_path": "/home/dev/src/shop/auth.py"})]),
        tool_result_line("toolu_m1_0", "ok", ts=at(d1, 6), cwd=SHOP, session=S1),
        assistant_line("m2", ts=at(d1, 20), model=SONNET, usage=usage(200, 300, 0, 12000), cwd=SHOP, session=S1,
                       text="My mistake, the test still fails.",
                       tools=[("Bash", {"command": "npm test"}), ("Agent", {"subagent_type": "Explore"})]),
        tool_result_line("toolu_m2_0", "fail", ts=at(d1, 25), cwd=SHOP, session=S1),
        assistant_line("m3", ts=at(d1, 40), model=SONNET, usage=usage(100, 50), cwd=SHOP, session=S1,
                       tools=[("Edit", {"file_path": "/home/dev/src/shop/auth.py"})]),
    ]
    history.write(SHOP_SLUG, f"{S1}.jsonl", s1)
    agent = [
        user_line("look around", ts=at(d1, 21), cwd=SHOP, session=S1, isSidechain=True),
        assistant_line("a1", ts=at(d1, 22), model=HAIKU, usage=usage(400, 100), cwd=SHOP, session=S1, sidechain=True,
                       tools=[("Read", {"file_path": "/home/dev/src/shop/auth.py"})]),
    ]
    history.write(SHOP_SLUG, f"{AGENT}.jsonl", agent, subdir=f"{S1}/subagents")
    with open(os.path.join(history.root, "projects", SHOP_SLUG, S1, "subagents", f"{AGENT}.meta.json"), "w") as f:
        json.dump({"agentType": "Explore"}, f)
    s2 = [
        user_line("add a new checkout feature", ts=at(d2, 0), cwd=SHOP, session=S2),
        assistant_line("m4", ts=at(d2, 10), model=OPUS, usage=usage(2000, 800, 1000, 4000), cwd=SHOP, session=S2,
                       tools=[("TodoWrite", {"todos": []}), ("Write", {"file_path": "/home/dev/src/shop/checkout.py"})]),
        tool_result_line("toolu_m4_1", "ok", ts=at(d2, 12), cwd=SHOP, session=S2),
        assistant_line("m5", ts=at(d2, 30), model=OPUS, usage=usage(500, 200, speed="standard"), cwd=SHOP, session=S2,
                       text="I apologize, I was wrong about the import."),
    ]
    history.write(SHOP_SLUG, f"{S2}.jsonl", s2)
    s3 = [
        user_line("what does this service do?", ts=at(d3, 0), cwd=API, session=S3),
        assistant_line("m6", ts=at(d3, 8), model=SONNET, usage=usage(300, 100), cwd=API, session=S3,
                       text="It serves =SUM(A1) reports."),
    ]
    history.write(API_SLUG, f"{S3}.jsonl", s3)
    return {"d1": d1, "d2": d2, "d3": d3}


@pytest.fixture
def hist(history):
    """The command tests' history under the conftest clock (2026-03-05 12:00 UTC):
    S1 on March 3, S2 on March 5, S3 on February 23. Import it to use it."""
    write(history, NOW)
    return history


if __name__ == "__main__":
    root = os.path.join(sys.argv[1], ".claude")
    os.makedirs(root, exist_ok=True)
    write(History(root), dt.datetime.now(dt.timezone.utc))


def two_tools(history: History, codex_home, month: str) -> dict:
    """Claude Code on days 20 and 22 of `month` (YYYY-MM), Codex on the
    21st: the env that points at that Codex home. For the one-tool reports
    that list every tool's days."""
    from tests.test_codex import meta, tokens, user, write_rollout
    from tests.test_codex import usage as codex_usage

    history.write("-home-dev-app", "s1.jsonl", [
        user_line("fix the bug", ts=f"{month}-20T10:00:00Z"),
        assistant_line("m1", ts=f"{month}-20T10:00:05Z", usage=usage(100, 10)),
        user_line("add a test", ts=f"{month}-22T10:00:00Z"),
        assistant_line("m2", ts=f"{month}-22T10:00:05Z", usage=usage(200, 20))])
    write_rollout(codex_home, [meta(ts=f"{month}-21T09:00:00.000Z"), user(f"{month}-21T09:00:01.000Z", "refactor parser"),
                               tokens(f"{month}-21T09:00:05.000Z", codex_usage(1000, 0, 100), codex_usage(1000, 0, 100))],
                  day=month.replace("-", "/") + "/21")
    return {"CODEX_HOME": str(codex_home), "TZ": "UTC"}


def with_codex(run, history: History, tmp_path, write) -> "callable":
    """The CLI over `history` and a CODEX_HOME under tmp_path, both filled by
    write(history, codex_home)."""
    codex_home = str(tmp_path / "codex")
    os.makedirs(codex_home)
    write(history, codex_home)
    return lambda *argv, env=None: run(*argv, env={"CODEX_HOME": codex_home, **(env or {})})


def cwdless_session(history: History) -> tuple[str, str, str]:
    """Three sessions (x, y, z) for the tests of a read cut from a wider
    one: x in /w/app three days ago (Sonnet 4.5, priced); y in the same
    slug dir today, without any cwd (zz-model-y, unpriced), so it joins
    /w/app only when x is read too; z in /w/aaa today (zz-model-z,
    unpriced), read first (its slug sorts first)."""
    x, y, z = (f"{c * 8}-0000-0000-0000-00000000000{i}" for i, c in ((1, "1"), (2, "2"), (3, "3")))

    def no_cwd(rec):
        rec.pop("cwd")
        return rec

    history.write("-w-app", f"{x}.jsonl", [
        user_line("hello", ts="2026-03-02T10:00:00.000Z", cwd="/w/app", session=x),
        assistant_line("msg_x1", ts="2026-03-02T10:00:05.000Z", usage=usage(1000, 100), cwd="/w/app", session=x)])
    history.write("-w-app", f"{y}.jsonl", [
        no_cwd(user_line("hello", ts="2026-03-05T11:00:00.000Z", session=y)),
        no_cwd(assistant_line("msg_y1", ts="2026-03-05T11:00:05.000Z", model="zz-model-y", usage=usage(100, 10),
                              session=y))])
    history.write("-w-aaa", f"{z}.jsonl", [
        user_line("hello", ts="2026-03-05T10:30:00.000Z", cwd="/w/aaa", session=z),
        assistant_line("msg_z1", ts="2026-03-05T10:30:05.000Z", model="zz-model-z", usage=usage(100, 10),
                       cwd="/w/aaa", session=z)])
    return x, y, z
