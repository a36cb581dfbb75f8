"""Differences the wild-shapes sweep (bench/wild_sweep.py over
bench/gen_wild.py) found between codeburn and CodeBurn 0.9.20, each pinned on
a small history; the expected numbers are the spec's, and 0.9.20 gives the
same on the same files."""
from __future__ import annotations

import json

from tests.conftest import assistant_line, usage, user_line

S1 = "bbbbbbbb-0000-4000-8000-000000000001"
CWD = "/home/dev/src/wild"
SLUG = "-home-dev-src-wild"


def untimed(rec: dict) -> dict:
    del rec["timestamp"]
    return rec


def write_untimed_first(history) -> None:
    """msg_A streams twice, its first record without a timestamp: the last
    record (input 100, output 50) takes its own time, since the first has
    none (spec classifier §3.5: the first's time, `?? its own`). msg_B's
    first record is timed and its last is not: the first's time holds."""
    history.write(SLUG, f"{S1}.jsonl", [
        user_line("fix it", ts="2026-03-04T10:00:00.000Z", cwd=CWD, session=S1),
        untimed(assistant_line("msg_A", ts="", cwd=CWD, session=S1, usage=usage(10, 1))),
        assistant_line("msg_A", ts="2026-03-04T10:00:02.000Z", cwd=CWD, session=S1, usage=usage(100, 50)),
        assistant_line("msg_B", ts="2026-03-04T10:00:05.000Z", cwd=CWD, session=S1, usage=usage(7, 3)),
        untimed(assistant_line("msg_B", ts="", cwd=CWD, session=S1, usage=usage(20, 9))),
    ])


def test_a_streamed_message_whose_first_record_has_no_time_takes_its_last_records(run, history):
    write_untimed_first(history)
    d = run("report", "--format", "json", "-p", "all").json
    o = d["overview"]
    assert (o["calls"], o["tokens"]["input"], o["tokens"]["output"]) == (2, 120, 59)
    assert [(r["date"], r["calls"]) for r in d["daily"]] == [("2026-03-04", 2)]
    day = run("report", "--format", "json", "--day", "2026-03-04").json["overview"]
    assert (day["calls"], day["tokens"]["input"]) == (2, 120)


S2 = "bbbbbbbb-0000-4000-8000-000000000002"


def write_aliases(history) -> None:
    """One canonical model under two raw ids, each in its own project: the
    cheap project's session uses the dated id, the dear one's the
    vendor-prefixed id."""
    history.write("-home-dev-src-cheap", f"{S1}.jsonl", [
        user_line("hi", ts="2026-03-04T10:00:00.000Z", cwd="/home/dev/src/cheap", session=S1),
        assistant_line("msg_c", ts="2026-03-04T10:00:01.000Z", cwd="/home/dev/src/cheap", session=S1,
                       model="claude-sonnet-4-5-20250929", usage=usage(10, 10)),
    ])
    history.write("-home-dev-src-dear", f"{S2}.jsonl", [
        user_line("hi", ts="2026-03-04T11:00:00.000Z", cwd="/home/dev/src/dear", session=S2),
        assistant_line("msg_d", ts="2026-03-04T11:00:01.000Z", cwd="/home/dev/src/dear", session=S2,
                       model="anthropic/claude-sonnet-4-5", usage=usage(100000, 1000)),
    ])


def test_a_models_row_names_the_raw_id_met_first_in_project_cost_order(run, history):
    """The reference walks projects by cost, descending, then their
    sessions and calls; a row's `model` is the first raw id it meets of
    that canonical model, whatever order the files were read in."""
    write_aliases(history)
    rows = run("models", "--format", "json", "-p", "all").json
    assert [(r["model"], r["modelDisplayName"], r["calls"], r["inputTokens"]) for r in rows] == [
        ("anthropic/claude-sonnet-4-5", "Sonnet 4.5", 2, 100010)]


def write_shared_file(history) -> None:
    """Two projects edit the same file, which lies inside the dear one."""
    target = "/home/dev/src/dear/src/x.ts"
    for slug, cwd, sid, u in (("-home-dev-src-cheap", "/home/dev/src/cheap", S1, usage(10, 10)),
                              ("-home-dev-src-dear", "/home/dev/src/dear", S2, usage(100000, 1000))):
        history.write(slug, f"{sid}.jsonl", [
            user_line("change x", ts="2026-03-04T10:00:00.000Z", cwd=cwd, session=sid),
            assistant_line(f"msg_{sid[-1]}", ts="2026-03-04T10:00:01.000Z", cwd=cwd, session=sid, usage=u,
                           tools=[("Edit", {"file_path": target, "old_string": "a", "new_string": "b"})]),
        ])


def test_a_reworked_file_is_shown_relative_to_the_project_met_first_by_cost(run, history):
    """optimize's topReworkedFiles: the path is made relative to the project
    in which the reference, walking projects by cost, meets it first."""
    write_shared_file(history)
    d = run("optimize", "--format", "json", "-p", "all").json
    assert d["topReworkedFiles"] == [{"path": "src/x.ts", "sessions": 2, "edits": 2}]


def write_empty_server(history) -> None:
    history.write(SLUG, f"{S1}.jsonl", [
        user_line("look it up", ts="2026-03-04T10:00:00.000Z", cwd=CWD, session=S1),
        assistant_line("msg_m", ts="2026-03-04T10:00:01.000Z", cwd=CWD, session=S1, usage=usage(10, 10),
                       tools=[("mcp____b", {}), ("mcp__github__x", {}), ("mcp__github__y", {}), ("mcp__a__", {})]),
    ])


def test_an_mcp_tool_with_an_empty_server_part_counts_under_the_empty_name(run, history):
    """The server is the name's second `__` part (spec classifier §3.8):
    `mcp____b` gives "", which the reference lists; `mcp__a__` gives "a"."""
    write_empty_server(history)
    d = run("report", "--format", "json", "-p", "all").json
    assert d["mcpServers"] == [{"name": "github", "calls": 2}, {"name": "", "calls": 1}, {"name": "a", "calls": 1}]
    assert d["tools"] == []


def write_bom_prompt(history) -> None:
    """The file opens with a byte-order mark, on the line of the prompt."""
    history.write(SLUG, f"{S1}.jsonl", [
        b"\xef\xbb\xbf" + json.dumps(user_line("fix the bug", ts="2026-03-04T10:00:00.000Z", cwd=CWD,
                                                session=S1)).encode(),
        assistant_line("msg_b", ts="2026-03-04T10:00:01.000Z", cwd=CWD, session=S1, usage=usage(10, 10)),
    ])


def test_a_claude_line_opening_with_a_byte_order_mark_is_not_read(run, history):
    """Each line is parsed as it stands (spec classifier §3.3): a BOM makes
    the first line no JSON, so the call's turn has no prompt and is a
    Conversation turn (0.9.20), not Debugging."""
    write_bom_prompt(history)
    d = run("report", "--format", "json", "-p", "all").json
    assert d["overview"]["calls"] == 1
    assert [(a["category"], a["turns"]) for a in d["activities"]] == [("Conversation", 1)]


def write_advisor_offset(history) -> None:
    """A call with an advisor iteration, its time spelled with an offset."""
    u = usage(10, 10, iterations=[{"type": "advisor_message", "model": "claude-opus-4-6",
                                   "input_tokens": 209, "output_tokens": 701}])
    history.write(SLUG, f"{S1}.jsonl", [
        user_line("hi", ts="2026-03-04T10:00:00.000Z", cwd=CWD, session=S1),
        assistant_line("msg_v", ts="2026-03-04T10:00:01.000+00:00", cwd=CWD, session=S1, usage=u),
    ])


def test_an_advisor_call_is_exported_with_its_calls_time_as_spelled(run, history, tmp_path):
    """An advisor call carries its message's timestamp (spec classifier
    §3.7); export writes Claude times as the log spells them, the advisor's
    too (0.9.20: both records `…:01.000+00:00`)."""
    write_advisor_offset(history)
    out = tmp_path / "out.json"
    assert run("export", "-f", "json", "-o", str(out)).status == 0
    records = json.loads(out.read_text())["records"]
    assert [(r["timestamp"], r["model"], r["inputTokens"]) for r in records] == [
        ("2026-03-04T10:00:01.000+00:00", "claude-sonnet-4-5-20250929", 10),
        ("2026-03-04T10:00:01.000+00:00", "claude-opus-4-6", 209)]


S3 = "bbbbbbbb-0000-4000-8000-000000000003"


def write_first_edits(history, yesterday="2026-03-04", today="2026-03-05") -> None:
    """Two sessions whose first turn was prompted yesterday: S1's calls all
    ran today (an edit 20 minutes after the prompt), S3's turn had a call
    yesterday and its edit today."""
    edit = [("Edit", {"file_path": "/home/dev/src/wild/a.ts", "old_string": "a", "new_string": "b"})]
    history.write(SLUG, f"{S1}.jsonl", [
        user_line("change a", ts=f"{yesterday}T23:50:00.000Z", cwd=CWD, session=S1),
        assistant_line("msg_w1", ts=f"{today}T00:10:00.000Z", cwd=CWD, session=S1, usage=usage(10, 10), tools=edit),
    ])
    history.write(SLUG, f"{S3}.jsonl", [
        user_line("change a", ts=f"{yesterday}T23:50:00.000Z", cwd=CWD, session=S3),
        assistant_line("msg_w2", ts=f"{yesterday}T23:55:00.000Z", cwd=CWD, session=S3, usage=usage(10, 10)),
        assistant_line("msg_w3", ts=f"{today}T00:10:00.000Z", cwd=CWD, session=S3, usage=usage(10, 10), tools=edit),
    ])


def test_time_to_first_edit_starts_at_the_prompt_of_a_turn_the_period_holds_whole(run, history):
    """The reference measures from the session's first turn's time: its
    prompt's, unless the period cut the turn, when it is its first call in
    the period. S1: 20 min (its prompt was before today, its calls all
    today); S3: 0 (cut). Median 10 min (0.9.20 on the same shapes)."""
    write_first_edits(history)
    d = run("status", "--format", "menubar-json").json
    assert d["current"]["workflow"]["medianTimeToFirstEditMs"] == 600000


S4 = "bbbbbbbb-0000-4000-8000-000000000004"


def cwdless(rec: dict) -> dict:
    del rec["cwd"]
    return rec


def write_two_config_dirs(first, second) -> None:
    """The same slug dirs under two config dirs: `-home-dev-orphan` holds
    sessions without a cwd in both; `-home-dev-src-wild` has a session with
    its cwd in the first and one without in the second."""
    for h, sid, u in ((first, S1, usage(100, 10)), (second, S2, usage(200, 20))):
        h.write("-home-dev-orphan", f"{sid}.jsonl", [
            cwdless(user_line("hi", ts="2026-03-04T10:00:00.000Z", session=sid)),
            cwdless(assistant_line(f"msg_o{sid[-1]}", ts="2026-03-04T10:00:01.000Z", session=sid, usage=u)),
        ])
    first.write(SLUG, f"{S3}.jsonl", [
        user_line("hi", ts="2026-03-04T11:00:00.000Z", cwd=CWD, session=S3),
        assistant_line("msg_w3", ts="2026-03-04T11:00:01.000Z", cwd=CWD, session=S3, usage=usage(1000, 100)),
    ])
    second.write(SLUG, f"{S4}.jsonl", [
        cwdless(user_line("hi", ts="2026-03-04T12:00:00.000Z", session=S4)),
        cwdless(assistant_line("msg_w4", ts="2026-03-04T12:00:01.000Z", session=S4, usage=usage(300, 30))),
    ])


def test_a_slug_under_two_config_dirs_is_one_project(run, history, tmp_path):
    """Projects without a cwd are keyed by the slug dir's name (spec
    classifier §3.9), so the same slug in two config dirs is one project, and
    a cwd-less session joins the cwd-keyed project of a same-named slug dir
    in another config dir (0.9.20: 2 projects, 2 sessions each)."""
    from tests.conftest import History
    second = History(str(tmp_path / "claude2"))
    write_two_config_dirs(history, second)
    d = run("report", "--format", "json", "-p", "all",
            env={"CLAUDE_CONFIG_DIRS": f"{history.root}:{second.root}"}).json
    assert sorted((p["name"], p["path"], p["sessions"], p["calls"]) for p in d["projects"]) == [
        ("-home-dev-orphan", "-home-dev-orphan", 2, 2), (SLUG, CWD, 2, 2)]
