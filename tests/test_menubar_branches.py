"""The menubar's `byBranch` (status --format menubar-json): spend per git
branch, from Claude Code's `gitBranch` on each record. NOW is 2026-03-05
12:00 UTC; a call of n units is 100n tokens in and 100n out on Sonnet 4.5
($3e-6 in, $15e-6 out: n x COST). The expected rows were also given by
CodeBurn 0.9.20 on the same files."""
from __future__ import annotations

import pytest

from tests.histories import with_codex
from tests.test_status_menubar import _doc
from tests.conftest import assistant_line, tool_result_line, usage, user_line
from tests.test_codex import assistant as cx_assistant, meta, tokens, usage as cx_usage, user as cx_user, \
    write_rollout

S = "claude-sonnet-4-5-20250929"
APP = "/home/dev/app"
COST = 100 * 3e-6 + 100 * 15e-6  # one call: $0.0018


def _user(text, ts, session, branch=None, **extra):
    rec = user_line(text, ts=ts, cwd=APP, session=session, **extra)
    if branch is None:
        rec.pop("gitBranch")
    else:
        rec["gitBranch"] = branch
    return rec


def _call(msg_id, ts, session, branch=None, n=1, sidechain=False):
    rec = assistant_line(msg_id, ts=ts, model=S, usage=usage(100 * n, 100 * n), cwd=APP, session=session,
                         sidechain=sidechain)
    if branch is None:
        rec.pop("gitBranch")
    else:
        rec["gitBranch"] = branch
    return rec


def write_history(history, codex_home: str) -> None:
    d = "2026-03-05T"
    history.write("-home-dev-app", "a.jsonl", [
        _user("start the cart", d + "09:00:00Z", "a", "main"),
        _call("a1", d + "09:01:00Z", "a", "main"),
        # A prompt without a branch takes its first assistant record's
        # (a record that is no call counts too).
        _user("now the checkout", d + "09:02:00Z", "a"),
        {**_call("a2x", d + "09:02:30Z", "a", "feat/checkout"), "message": {"role": "assistant", "content": []}},
        _call("a2", d + "09:03:00Z", "a", "other"),
        # Neither the prompt nor its calls name one: the last one carries on.
        _user("and the tests", d + "09:04:00Z", "a"),
        _call("a3", d + "09:05:00Z", "a", n=2),
        # A tool result or a blank prompt is no prompt: its branch is not read.
        tool_result_line("toolu_x", "ok", ts=d + "09:05:30Z"),
        _user("   ", d + "09:05:40Z", "a", "ignored"),
        _call("a4", d + "09:06:00Z", "a"),
        _user("back to main", d + "09:07:00Z", "a", "main"),
        _call("a5", d + "09:08:00Z", "a", "main"),
    ])
    history.write("-home-dev-app", "b.jsonl", [
        # No branch before its first one: its turns count toward null.
        _user("look around", d + "10:00:00Z", "b"),
        _call("b1", d + "10:01:00Z", "b"),
        _user("fix it", d + "10:02:00Z", "b", "dev"),
        _call("b2", d + "10:03:00Z", "b", "dev", n=3),
    ])
    history.write("-home-dev-app", "c.jsonl", [
        # Its branch was named before the period: the turns in it keep it.
        _user("old work", "2026-02-10T10:00:00Z", "c", "release"),
        _call("c1", "2026-02-10T10:01:00Z", "c", "release"),
        _user("more", d + "11:00:00Z", "c"),
        _call("c2", d + "11:01:00Z", "c"),
    ])
    # Never a branch: left out of every row.
    history.write("-home-dev-app", "d.jsonl", [_user("hello", d + "11:30:00Z", "d"), _call("d1", d + "11:31:00Z", "d")])
    # A subagent's transcript counts like any session.
    history.write("-home-dev-app", "agent-1.jsonl", [
        _user("sub task", d + "09:10:00Z", "a", "main", isSidechain=True),
        _call("s1", d + "09:11:00Z", "a", "main", sidechain=True),
    ], subdir="a/subagents")
    write_rollout(codex_home, [
        meta(ts="2026-03-05T08:00:00.000Z", sid="cx1", cwd=APP),
        cx_user("2026-03-05T08:00:01.000Z", "add a login page"),
        cx_assistant("2026-03-05T08:00:02.000Z", "done"),
        tokens("2026-03-05T08:00:03.000Z", cx_usage(100, 0, 10), cx_usage(100, 0, 10)),
    ], day="2026/03/05", name="rollout-2026-03-05T08-00-00-cx1.jsonl")


@pytest.fixture
def both(run, history, tmp_path):
    return with_codex(run, history, tmp_path, write_history)


def _current(run, *args):
    return _doc(run, *args)["current"]


def _rows(current):
    return [(r["branch"], round(r["cost"] / COST, 6), r["calls"], r["sessions"]) for r in current["byBranch"]]


def test_spend_per_branch(both):
    # main: a1, a5 and the subagent's s1 (its transcript is a session of its own);
    # feat/checkout: a2, a3 (2x), a4; dev: b2 (3x); null: b1; release: c2.
    assert _rows(_current(both, "--period", "week")) == [
        ("feat/checkout", 4, 3, 1), ("main", 3, 3, 2), ("dev", 3, 1, 1), (None, 1, 1, 1), ("release", 1, 1, 1)]


def test_only_for_every_provider(both):
    assert "byBranch" not in _current(both, "--period", "week", "--provider", "claude")
    assert "byBranch" not in _current(both, "--period", "week", "--provider", "codex")


def test_no_branch_no_rows(run, history):
    history.write("-home-dev-app", "d.jsonl", [_user("hello", "2026-03-05T11:30:00Z", "d"),
                                              _call("d1", "2026-03-05T11:31:00Z", "d")])
    assert "byBranch" not in _current(run, "--period", "week")
