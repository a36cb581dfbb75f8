"""Differences the third wild sweep (bench/wild3_sweep.py over
bench/gen_wild3.py) found between codeburn and CodeBurn 0.9.20, each pinned
on a small history written here; the expected numbers follow the spec, and
0.9.20 gives the same on the same files."""
from __future__ import annotations

import json

import pytest

from tests.conftest import assistant_line, usage, user_line
from tests.test_codex import assistant, call, line, meta, patch, rate_limit_only, tokens, user, write_rollout
from tests.test_codex import LATER  # (their rollouts come after conftest's clock)
from tests.test_codex import usage as cx_usage

S1 = "cccccccc-0000-4000-8000-000000000001"
CWD = "/home/dev/src/wild3"
SLUG = "-home-dev-src-wild3"
SONNET_IN, SONNET_OUT = 3e-6, 15e-6
GPT5_IN, GPT5_OUT = 1.25e-6, 1e-5


def as_user_role(rec: dict) -> dict:
    rec["message"]["role"] = "user"
    return rec


def test_an_assistant_record_whose_message_role_is_user_is_no_call(run, history):
    """The reference reads a message by its role (spec classifier §3.4): a
    `type: assistant` record whose message says `role: user` has neither
    usage nor model to it, so it is no call and claims no message id; the
    same id written later as an assistant's message is a call of its own."""
    history.write(SLUG, f"{S1}.jsonl", [
        user_line("fix the cart", ts="2026-03-04T10:00:00.000Z", cwd=CWD, session=S1),
        assistant_line("msg_a", ts="2026-03-04T10:00:01.000Z", cwd=CWD, session=S1, usage=usage(100, 50)),
        as_user_role(assistant_line("msg_b", ts="2026-03-04T10:00:02.000Z", cwd=CWD, session=S1,
                                    usage=usage(1000, 500))),
        assistant_line("msg_b", ts="2026-03-04T10:00:03.000Z", cwd=CWD, session=S1, usage=usage(10, 5)),
    ])
    o = run("report", "--format", "json", "-p", "all").json["overview"]
    assert (o["calls"], o["tokens"]["input"], o["tokens"]["output"]) == (2, 110, 55)
    assert o["cost"] == pytest.approx(110 * SONNET_IN + 55 * SONNET_OUT, rel=1e-12)


def test_a_user_record_over_32_kib_opens_a_turn_whatever_its_role(run, history):
    """Lines over 32 KiB go through the reference's field scanner, which
    takes a user record's text without looking at its role: a long prompt
    with no role opens a turn there (a short one would not)."""
    no_role = user_line("add a new export feature " + "please " * 6000, ts="2026-03-04T10:00:00.000Z",
                        cwd=CWD, session=S1)
    del no_role["message"]["role"]
    history.write(SLUG, f"{S1}.jsonl", [
        no_role,
        assistant_line("msg_a", ts="2026-03-04T10:00:01.000Z", cwd=CWD, session=S1, usage=usage(100, 50)),
    ])
    d = run("report", "--format", "json", "-p", "all").json
    assert [(a["category"], a["turns"]) for a in d["activities"]] == [("Feature Dev", 1)]


SID = "0196a1b2-3c4d-7e8f-9a0b-1c2d3e4f5a6b"
BIG = 40 * 1024


BIG_LINES = [
    meta(model="gpt-5"),
    line("2026-04-14T10:00:00.500Z", "event_msg", {"type": "task_started", "turn_id": "t1"}),
    user("2026-04-14T10:00:01.000Z", "thanks", "please add a feature for exports " + "p" * BIG),
    assistant("2026-04-14T10:00:03.000Z", "a" * BIG),
    rate_limit_only("2026-04-14T10:00:04.000Z"),
    line("2026-04-14T10:01:00.000Z", "event_msg", {"type": "task_started", "turn_id": "t2"}),
    user("2026-04-14T10:01:01.000Z", "run it"),
    call("2026-04-14T10:01:02.000Z", "exec_command", {"cmd": "mcp-cli call github get_issue 1; " + "#" * BIG}),
    patch("2026-04-14T10:01:02.500Z", *[f"/w/{i:05d}-" + "f" * 200 + ".ts" for i in range(200)]),
    tokens("2026-04-14T10:01:04.000Z", cx_usage(1000, 0, 50), cx_usage(1000, 0, 50)),
]


def test_codex_lines_over_32_kib_are_read_as_the_field_scanner_reads_them(tmp_path, run):
    """The reference reads a rollout line over 32 KiB with a field scanner
    (spec providers §1.2): a message keeps only its first text (a prompt
    "thanks" followed by a long paste asking for a feature is Conversation,
    not Feature Dev; an answer counts at most 2,000 characters toward an
    estimate), a tool call has no arguments (no mcp-cli attribution), a
    patch no files. Estimate (§1.2, info null): ceil(6/4) = 2 input and
    ceil(2000/4) = 500 output tokens at gpt-5's rates."""
    write_rollout(tmp_path, BIG_LINES)
    d = run("report", "--from", "2026-04-01", "--to", "2026-04-30", "--format", "json",
            env={"CODEX_HOME": str(tmp_path)}, now=LATER).json
    o = d["overview"]
    assert (o["calls"], o["tokens"]["input"], o["tokens"]["output"]) == (2, 1002, 550)
    assert o["estimatedCost"] == pytest.approx(2 * GPT5_IN + 500 * GPT5_OUT, rel=1e-12)
    assert [(a["category"], a["turns"]) for a in d["activities"]] == [("Conversation", 1), ("Coding", 1)]
    assert d["mcpServers"] == []
    assert sorted((t["name"], t["calls"]) for t in d["tools"]) == [("Bash", 1), ("Edit", 1)]


def test_codex_lines_up_to_32_kib_are_parsed_whole(tmp_path, run):
    """The same rollout with short lines: both texts joined, the full answer
    (ceil(44/4) = 11 output tokens), the mcp-cli call attributed."""
    write_rollout(tmp_path, [
        meta(model="gpt-5"),
        line("2026-04-14T10:00:00.500Z", "event_msg", {"type": "task_started", "turn_id": "t1"}),
        user("2026-04-14T10:00:01.000Z", "thanks", "please add a feature for exports"),
        call("2026-04-14T10:00:02.000Z", "exec_command", {"cmd": "mcp-cli call github get_issue 1"}),
        assistant("2026-04-14T10:00:03.000Z", "a" * 44),
        rate_limit_only("2026-04-14T10:00:04.000Z"),
    ])
    d = run("report", "--from", "2026-04-01", "--to", "2026-04-30", "--format", "json",
            env={"CODEX_HOME": str(tmp_path)}, now=LATER).json
    o = d["overview"]
    # "thanks please add a feature for exports": 39 characters, ceil(39/4) = 10
    assert (o["calls"], o["tokens"]["input"], o["tokens"]["output"]) == (1, 10, 11)
    assert [m["name"] for m in d["mcpServers"]] == ["github"]
    assert [a["category"] for a in d["activities"]] == ["Feature Dev"]


def test_the_menubar_dates_a_session_by_its_first_timestamp_as_spelled(run, history):
    """The menubar's session rows carry the date part of the session's first
    timestamp as the log spells it (the text before its `T`): a call at
    21:30 on the 4th at -05:00 is 02:30 UTC on the 5th, and dated the 4th,
    as 0.9.20 dates it."""
    history.write(SLUG, f"{S1}.jsonl", [
        user_line("fix the cart", ts="2026-03-04T21:29:00.000-05:00", cwd=CWD, session=S1),
        assistant_line("msg_a", ts="2026-03-04T21:30:00.000-05:00", cwd=CWD, session=S1, usage=usage(100, 50)),
        assistant_line("msg_b", ts="2026-03-05T03:00:00.000Z", cwd=CWD, session=S1, usage=usage(10, 5)),
    ])
    cur = run("status", "--format", "menubar-json").json["current"]
    assert [(s["calls"], s["date"]) for s in cur["topSessions"]] == [(2, "2026-03-04")]
    assert [d["date"] for p in cur["topProjects"] for d in p["sessionDetails"]] == ["2026-03-04"]


def test_an_empty_codex_model_string_falls_back_to_gpt_5(tmp_path, run):
    """A turn_context whose model is "" still sets the session's model (any
    string does), and a call resolves to the first non-empty model of its
    payload, its info and the session's, else gpt-5 (spec providers §1.2):
    the call after it is gpt-5's, not the meta's gpt-5.3-codex; a payload
    model of "" is passed over for the session's."""
    write_rollout(tmp_path, [
        meta(model="gpt-5.3-codex"),
        user("2026-04-14T10:00:01.000Z", "first"),
        tokens("2026-04-14T10:00:02.000Z", cx_usage(1000, 0, 100), cx_usage(1000, 0, 100)),
        line("2026-04-14T10:00:03.000Z", "turn_context", {"turn_id": "t2", "model": ""}),
        user("2026-04-14T10:00:04.000Z", "second"),
        tokens("2026-04-14T10:00:05.000Z", cx_usage(3000, 0, 300), cx_usage(2000, 0, 200)),
        line("2026-04-14T10:00:06.000Z", "turn_context", {"turn_id": "t3", "model": "o3"}),
        line("2026-04-14T10:00:07.000Z", "event_msg", {"type": "token_count", "model": "", "info": {
            "total_token_usage": cx_usage(3500, 0, 350), "last_token_usage": cx_usage(500, 0, 50)}}),
    ])
    rows = run("report", "--format", "json", "--from", "2026-04-01", "--to", "2026-04-30",
               env={"CODEX_HOME": str(tmp_path)}, now=LATER).json["models"]
    assert sorted((r["name"], r["calls"], r["inputTokens"]) for r in rows) == [
        ("GPT-5", 1, 2000), ("GPT-5.3 Codex", 1, 1000), ("o3", 1, 500)]


PARENT = "0196a1b2-3c4d-7e8f-9a0b-0000000000a1"
FORK = "0196a1b2-3c4d-7e8f-9a0b-0000000000f1"


def codex_meta(ts: str, sid: str, named: bool = True, **extra) -> str:
    """A session_meta as real Codex writes it (the session in `id` only),
    or with `session_id` too, as the spec's example has it."""
    rec = json.loads(meta(ts, sid=sid, cwd="/w/app", model="gpt-5", **extra))
    if not named:
        del rec["payload"]["session_id"]
    return json.dumps(rec)


def test_a_second_session_meta_keeps_the_fork_cutoff_of_the_first(tmp_path, run):
    """A fork's rollout whose replay copies the parent's own session_meta
    (no forked_from_id): the reference keeps the first meta's replay cutoff
    (its time + 5 s), so the replayed tool call and token count are not
    counted again. CodeBurn 0.9.20 on these files (report -p all): 2 calls,
    3,000 input and 300 output tokens, $0.00675, `shell` 2 calls, 2 sessions."""
    write_rollout(tmp_path, [
        codex_meta("2026-11-20T10:00:00.000Z", PARENT, named=False),
        line("2026-11-20T10:00:00.500Z", "event_msg", {"type": "task_started", "turn_id": "t1"}),
        user("2026-11-20T10:00:01.000Z", "fix the build"),
        call("2026-11-20T10:00:02.000Z", "shell", {"command": ["npm", "test"]}),
        tokens("2026-11-20T10:00:04.000Z", cx_usage(1000, 0, 100), cx_usage(1000, 0, 100)),
    ], day="2026/11/20", name=f"rollout-2026-11-20T10-00-00-{PARENT}.jsonl")
    write_rollout(tmp_path, [
        codex_meta("2026-11-21T09:00:00.000Z", FORK, named=False, forked_from_id=PARENT),
        codex_meta("2026-11-21T09:00:01.000Z", PARENT, named=False),
        line("2026-11-21T09:00:01.500Z", "event_msg", {"type": "task_started", "turn_id": "t1"}),
        user("2026-11-21T09:00:02.000Z", "fix the build"),
        call("2026-11-21T09:00:02.500Z", "shell", {"command": ["npm", "test"]}),
        tokens("2026-11-21T09:00:03.000Z", cx_usage(1000, 0, 100), cx_usage(1000, 0, 100)),
        line("2026-11-21T09:10:00.000Z", "event_msg", {"type": "task_started", "turn_id": "t2"}),
        user("2026-11-21T09:10:01.000Z", "now lint it"),
        call("2026-11-21T09:10:02.000Z", "shell", {"command": ["npm", "run", "lint"]}),
        tokens("2026-11-21T09:10:04.000Z", cx_usage(3000, 0, 300), cx_usage(2000, 0, 200)),
    ], day="2026/11/21", name=f"rollout-2026-11-21T09-00-00-{FORK}.jsonl")
    d = run("report", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "json",
            env={"CODEX_HOME": str(tmp_path)}, now=LATER).json
    o = d["overview"]
    assert (o["calls"], o["sessions"], o["tokens"]["input"], o["tokens"]["output"]) == (2, 2, 3000, 300)
    assert o["cost"] == pytest.approx(3000 * GPT5_IN + 300 * GPT5_OUT, rel=1e-12)
    assert [(t["name"], t["calls"]) for t in d["tools"]] == [("shell", 2)]


def test_a_session_meta_without_session_id_names_the_file_again(tmp_path, run):
    """A session_meta with no `session_id` makes the file's name the session
    of what follows, for dedup keys too: the second rollout's call after such
    a meta is not the first rollout's call of the same running total, though
    its first meta named the same session. CodeBurn 0.9.20 (report -p all):
    2 calls, 2,000 input and 200 output tokens, $0.0045."""
    for day, sid in (("2026/11/20", PARENT), ("2026/11/21", FORK)):
        ts = day.replace("/", "-") + "T10:00:0"
        lines = [codex_meta(ts + "0.000Z", PARENT)]
        if sid == FORK:
            lines.append(codex_meta(ts + "1.000Z", FORK, named=False))
        lines += [line(ts + "2.000Z", "event_msg", {"type": "task_started", "turn_id": "t1"}),
                  user(ts + "3.000Z", "fix the build"),
                  tokens(ts + "4.000Z", cx_usage(1000, 0, 100), cx_usage(1000, 0, 100))]
        write_rollout(tmp_path, lines, day=day, name=f"rollout-{day.replace('/', '-')}T10-00-00-{sid}.jsonl")
    o = run("report", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "json",
            env={"CODEX_HOME": str(tmp_path)}, now=LATER).json["overview"]
    assert (o["calls"], o["tokens"]["input"], o["tokens"]["output"]) == (2, 2000, 200)
    assert o["cost"] == pytest.approx(2000 * GPT5_IN + 200 * GPT5_OUT, rel=1e-12)
