"""User corrections (the menubar's `workflow.corrections` / `correctionRate`
and optimize's coaching note): a turn's prompt telling the assistant it got
something wrong, counted over the period's prompted turns of user-started
sessions, a session's first prompt never counted. NOW is 2026-03-05 12:00
UTC. The expected figures were also given by CodeBurn 0.9.20 on the same
files (`status --format menubar-json`, `optimize --format json`)."""
from __future__ import annotations

import pytest

from tests.histories import with_codex
from tests.test_status_menubar import _doc
from tests.conftest import assistant_line, usage, user_line
from tests.test_codex import assistant as cx_assistant, meta, tokens, usage as cx_usage, user as cx_user, \
    write_rollout

S = "claude-sonnet-4-5-20250929"
APP = "/home/dev/app"
EDIT = ("Edit", {"file_path": APP + "/a.py", "old_string": "a", "new_string": "b"})
BASH = ("Bash", {"command": "ls"})


def _session(history, name, turns, *, sidechain=False, subdir="", day="2026-03-05", hour=9):
    """One transcript: per turn a prompt and the tools of its calls (one
    call per tool, one without tools for None)."""
    records, minute = [], 0
    for i, (prompt, tools) in enumerate(turns):
        minute += 1
        records.append(user_line(prompt, ts=f"{day}T{hour:02d}:{minute:02d}:00Z", cwd=APP, session=name,
                                 isSidechain=sidechain))
        for j, tool in enumerate(tools or [None]):
            minute += 1
            records.append(assistant_line(f"{name}-{i}-{j}", ts=f"{day}T{hour:02d}:{minute:02d}:00Z", model=S,
                                          usage=usage(10, 20, 0, 100), tools=[tool] if tool else [], cwd=APP,
                                          session=name, sidechain=sidechain))
    history.write("-home-dev-app", f"{name}.jsonl", records, subdir=subdir)


def write_history(history, codex_home: str) -> None:
    _session(history, "s1", [
        ("fix the cart bug", [EDIT]),                     # the session's first prompt: never a correction
        ("that's not what I meant", [EDIT]),              # 1
        ("thanks, now add tests", [BASH]),
        ("You forgot the tests", None),                   # 2 (a turn without tools)
        ("Still broken!", [EDIT]),                        # 3
        ("   ", None),                                    # blank: no turn of its own
        ("no, I meant the other file", [("ExitPlanMode", {})]),  # 4: a turn whose category needs no keyword
        ("ok", [("Task", {"prompt": "look"})]),
    ])
    _session(history, "s2", [
        ("revert that change please", [EDIT]),            # first prompt
        ("undo the last edit", [EDIT]),                   # 5
        ("that is fine", None),
        ("the wrong answer is never the wrong approach", None),  # 6 (`wrong approach`)
    ], hour=10)
    _session(history, "s3", [("you broke it", None)], hour=11)  # first prompt only
    # Begun the day before: its first prompt of the day is a correction that
    # a period starting that day does not count (its first prompt there).
    history.write("-home-dev-app", "s5.jsonl", [
        user_line("fix the header", ts="2026-03-04T23:58:00Z", cwd=APP, session="s5"),
        assistant_line("s5-0", ts="2026-03-04T23:59:00Z", model=S, usage=usage(10, 20), tools=[EDIT], cwd=APP,
                       session="s5"),
        user_line("That's not right", ts="2026-03-05T00:01:00Z", cwd=APP, session="s5"),  # 7 (in the week)
        assistant_line("s5-1", ts="2026-03-05T00:02:00Z", model=S, usage=usage(10, 20), tools=[EDIT], cwd=APP,
                       session="s5"),
    ])
    _session(history, "s4", [("that's wrong", [EDIT]), ("I was wrong", None)], day="2026-02-20")  # before the week
    # A subagent's transcript is no user-started session: left out.
    _session(history, "agent-1", [("that's wrong", [EDIT]), ("you missed one", [EDIT])], sidechain=True,
             subdir="s1/subagents")
    write_rollout(codex_home, [
        meta(ts="2026-03-05T08:00:00.000Z", sid="cx1", cwd=APP),
        cx_user("2026-03-05T08:00:01.000Z", "add a login page"),
        cx_assistant("2026-03-05T08:00:02.000Z", "done"),
        tokens("2026-03-05T08:00:03.000Z", cx_usage(100, 0, 10), cx_usage(100, 0, 10)),
        cx_user("2026-03-05T08:01:01.000Z", "Not what I asked for: use OAuth"),  # 8
        cx_assistant("2026-03-05T08:01:02.000Z", "ok"),
        tokens("2026-03-05T08:01:03.000Z", cx_usage(300, 0, 30), cx_usage(200, 0, 20)),
    ], day="2026/03/05", name="rollout-2026-03-05T08-00-00-cx1.jsonl")


@pytest.fixture
def both(run, history, tmp_path):
    return with_codex(run, history, tmp_path, write_history)


def _workflow(run, *args):
    return _doc(run, *args)["current"]["workflow"]


def test_corrections_over_the_week(both):
    # prompted turns: s1 7 (the blank prompt opens none), s2 4, s3 1, s5 2, Codex 2 = 16; corrections 8
    w = _workflow(both, "--period", "week")
    assert (w["corrections"], w["correctionRate"]) == (8, 0.5)


def test_one_provider_and_a_period_without_prompts(both):
    w = _workflow(both, "--period", "week", "--provider", "codex")
    assert (w["corrections"], w["correctionRate"]) == (1, 0.5)
    w = _workflow(both, "--period", "week", "--provider", "claude")
    assert (w["corrections"], w["correctionRate"]) == (7, 0.5)
    # No call in the period: no prompted turn, no rate (null, as 0.9.20 gives).
    w = _workflow(both, "--from", "2026-01-01", "--to", "2026-01-02")
    assert (w["corrections"], w["correctionRate"]) == (0, None)


def test_a_period_that_starts_inside_a_session(both):
    # s5's turn of the day before is cut: its correction is now the
    # session's first prompt in the period (the reference filters turns,
    # then skips each session's first): s1 7/4, s2 4/2, s3 1/0, s5 1/0.
    w = _workflow(both, "--from", "2026-03-05", "--to", "2026-03-05", "--provider", "claude")
    assert (w["corrections"], w["correctionRate"]) == (6, pytest.approx(6 / 13))


def test_optimize_coaching_note(both):
    r = both("optimize", "--format", "json", "--period", "week")
    assert r.status == 0, r.stderr
    assert "You corrected the assistant on 50% of prompts (8 times). State the requirements in the first message " \
           "to cut the back and forth." in r.json["coachingNotes"]


def test_few_corrections_give_no_note(run, history):
    _session(history, "s1", [("fix it", [EDIT]), ("that's wrong", [EDIT]), ("ok", [EDIT])])
    r = run("optimize", "--format", "json", "--period", "week")
    assert r.status == 0, r.stderr
    assert not any(n.startswith("You corrected") for n in r.json["coachingNotes"])
    assert _workflow(run, "--period", "week") == {"corrections": 1, "correctionRate": pytest.approx(1 / 3),
                                                  "medianTimeToFirstEditMs": 60000}


def test_a_transcript_holding_a_subagent_prompt_is_no_user_started_session(run, history):
    # An older Claude Code wrote a subagent's prompt (isSidechain) into the
    # main transcript: 0.9.20 then leaves the whole session out, as its other
    # behavioural views do (optimize.facts.sidechain_sessions).
    _session(history, "s6", [("fix it", [EDIT]), ("that's wrong", [EDIT]), ("inline sub task", [EDIT])])
    path = history.files[-1]
    lines = open(path).read().splitlines()
    lines[4] = lines[4].replace('"isSidechain":false', '"isSidechain":true')  # the third prompt
    open(path, "w").write("\n".join(lines) + "\n")
    assert _workflow(run, "--period", "week") == {"corrections": 0, "correctionRate": None,
                                                  "medianTimeToFirstEditMs": None}
    _session(history, "s7", [("fix it", [EDIT]), ("that's wrong", [EDIT])])
    assert _workflow(run, "--period", "week")["corrections"] == 1
