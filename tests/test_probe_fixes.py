"""Parity faults found by fixtures written apart from our generators
(eleventh-session probes, one per tool family), each checked against
CodeBurn 0.9.20 on the same files dated to its today. NOW is 2026-03-05
12:00 UTC (tests/conftest.py)."""
from __future__ import annotations

import pytest

from tests.conftest import assistant_line, usage, user_line

SONNET = "claude-sonnet-4-5-20250929"
BIG = "A" * 40_000  # an image's data: the line goes through the large-line reader


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("blank", ["\u3000", "\u00a0", "\ufeff \u2028"])
def test_a_prompt_of_unicode_spaces_is_blank(run, history, blank, large):
    """JavaScript's trim() takes no-break, ideographic and other Unicode
    spaces: such a prompt opens no turn in 0.9.20, and its call joins the
    turn before (an Edit: Debugging, 1 turn; 0.9.20 gave the same)."""
    content = [{"type": "text", "text": blank}]
    if large:
        content.append({"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": BIG}})
    history.write("-w-app", "s1.jsonl", [
        user_line("fix the bug in cart.ts", ts="2026-03-05T10:00:00.000Z", cwd="/w/app", session="s1"),
        assistant_line("m1", ts="2026-03-05T10:00:05.000Z", model=SONNET, usage=usage(10, 100), cwd="/w/app",
                       session="s1", tools=[("Edit", {"file_path": "/w/app/cart.ts"})]),
        user_line(ts="2026-03-05T10:01:00.000Z", cwd="/w/app", session="s1", content=content),
        assistant_line("m2", ts="2026-03-05T10:01:05.000Z", model=SONNET, usage=usage(10, 100), cwd="/w/app",
                       session="s1", text="?"),
    ])
    doc = run("report", "--format", "json", "-p", "today").json
    assert [(a["category"], a["turns"]) for a in doc["activities"]] == [("Debugging", 1)]
    assert doc["daily"][0]["turns"] == 1


def test_one_session_file_under_two_config_dirs_is_two_sessions(run, history, tmp_path):
    """A ~/.claude copied to a second config dir, the session resumed in the
    copy: 0.9.20 makes a session of each file (two rows of one id; the
    copied call counts once, in the first dir's file). 0.9.20: sessions 2,
    each 1 call and 1 turn."""
    from tests.conftest import History

    sid = "3f1c9a8e-1111-4c2b-9d3e-aaaaaaaaaaaa"
    first = [user_line("fix the bug", ts="2026-03-05T08:00:00.000Z", cwd="/u/app", session=sid),
             assistant_line("msg_1", ts="2026-03-05T08:00:05.000Z", usage=usage(10, 100), cwd="/u/app", session=sid)]
    history.write("-u-app", f"{sid}.jsonl", first)
    work = History(str(tmp_path / "claude-work"))
    work.write("-u-app", f"{sid}.jsonl", first + [
        user_line("now add a test", ts="2026-03-05T09:00:00.000Z", cwd="/u/app", session=sid),
        assistant_line("msg_2", ts="2026-03-05T09:00:05.000Z", usage=usage(10, 100), cwd="/u/app", session=sid)])
    env = {"CLAUDE_CONFIG_DIRS": f"{history.root}:{work.root}"}
    doc = run("report", "--format", "json", "-p", "today", env=env).json
    assert (doc["overview"]["calls"], doc["overview"]["sessions"]) == (2, 2)
    assert [(s["sessionId"], s["calls"]) for s in doc["topSessions"]] == [(sid, 1), (sid, 1)]
    rows = run("sessions", "--format", "json", "-p", "today", env=env).json
    assert [(s["sessionId"], s["calls"], s["turns"]) for s in rows] == [(sid, 1, 1), (sid, 1, 1)]


@pytest.mark.parametrize("large", [False, True])
def test_a_skill_that_is_no_string_gives_way_to_the_name(run, history, large):
    """0.9.20 keeps a Skill input's `skill` only as a string, so
    `input.skill ?? input.name` falls through to the name for a number or an
    object (0.9.20: skills pdf, docx)."""
    tools = [("Skill", {"skill": 7, "name": "docx"}), ("Skill", {"skill": {"id": 1}, "name": "pdf"})]
    records = [user_line("make the report", ts="2026-03-05T10:00:00.000Z", cwd="/w/app", session="s1")]
    for k, tool in enumerate(tools):
        rec = assistant_line(f"m{k}", ts=f"2026-03-05T10:0{k}:05.000Z", model=SONNET, usage=usage(10, 100),
                             cwd="/w/app", session="s1", tools=[tool], text=BIG if large else None)
        records += [rec, user_line(f"and now {k}", ts=f"2026-03-05T10:0{k}:30.000Z", cwd="/w/app", session="s1")]
    history.write("-w-app", "s1.jsonl", records)
    doc = run("report", "--format", "json", "-p", "today").json
    assert sorted(s["name"] for s in doc["skills"]) == ["docx", "pdf"]
