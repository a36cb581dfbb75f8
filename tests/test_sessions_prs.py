"""`codeburn sessions --by-pr` on tests/pr_world.py. Costs from the price
table (Sonnet 4.5 $3 / $15, Opus 4.6 $5 / $25 per million input / output
tokens); the reference 0.9.20 (`sessions --by-pr --format json`) gave the
same rows and totals on these files for 2026-03-02 and for 2026-02-01 to
2026-03-05 (costs to the last bits of summation order). For 2026-03-03 to
2026-03-05 it also hands S3's one pull request in the period (13) to S4,
which links nothing but ran in the same folder the same day (its
working-directory correlation); so do we."""
from __future__ import annotations

import json

import pytest

from codeburn._fast import Scanner
from tests import pr_world as w
from tests.conftest import dumps, usage, user_line, assistant_line


def sonnet(inp, out):
    return inp * 3e-6 + out * 15e-6


def opus(inp, out):
    return inp * 5e-6 + out * 25e-6


S1_T1 = sonnet(1000, 100)
S1_T2 = sonnet(2000, 300) + opus(500, 50)
S1_T3 = sonnet(3000, 200) + sonnet(100, 10)
AGENT = sonnet(4000, 400)
S2 = sonnet(1500, 150) * 2 + sonnet(10, 1)
S3_FEB, S3_T2, S3_T3 = sonnet(900, 90), sonnet(800, 80), sonnet(600, 60)
S4 = sonnet(100, 10)


@pytest.fixture
def world(history):
    for rel, recs in w.files().items():
        slug, _, name = rel.partition("/")
        sub, _, base = name.rpartition("/")
        history.write(slug, base, recs, subdir=sub)
    return history


def _by_pr(run, *period):
    r = run("sessions", "--by-pr", "--format", "json", *period)
    assert r.status == 0, r.stderr
    return r.json


def _rows(doc):
    return {r["label"]: r for r in doc["prs"]}


def test_one_day(run, world):
    doc = _by_pr(run, "--from", "2026-03-02", "--to", "2026-03-02")
    assert [r["label"] for r in doc["prs"]] == ["acme/shop#12", "acme/shop#13"]
    r12, r13 = doc["prs"]
    half = (S1_T2 + S1_T3 + AGENT) / 2   # turns 2 and 3 and the subagent, over {12, 13}
    assert r12["cost"] == pytest.approx(half) and r13["cost"] == pytest.approx(half)
    assert (r12["calls"], r13["calls"]) == (3, 2)  # 2 + 2 + 1 calls, the odd one to the first
    assert r12 | {"cost": 0, "categories": None} == {
        "url": w.PR12, "label": "acme/shop#12", "cost": 0, "savingsUSD": 0, "sessions": 1, "calls": 3,
        "firstStarted": "2026-03-02T09:00:05.000Z", "lastEnded": "2026-03-02T11:30:00.000Z", "approx": False,
        "models": ["Sonnet 4.5", "Opus 4.6"], "categories": None}
    assert [(c["name"], pytest.approx(c["cost"])) for c in r12["categories"]] == [
        ("Conversation", (S1_T3 + AGENT) / 2), ("Coding", S1_T2 / 2)]
    d = doc["distinct"]
    assert (d["sessions"], d["subagentSessions"]) == (1, 1)  # the late subagent starts after S1's last call
    assert d["unattributedCost"] == pytest.approx(S1_T1)
    assert d["attributedCost"] == pytest.approx(2 * half) and d["cost"] == pytest.approx(2 * half + S1_T1)
    assert list(d) == ["cost", "sessions", "subagentSessions", "attributedCost", "unattributedCost"]


def test_a_link_outside_every_turn_splits_the_session_evenly(run, world):
    r7 = _rows(_by_pr(run, "--from", "2026-03-03", "--to", "2026-03-03"))["acme/infra#7"]
    assert (r7["approx"], r7["calls"], r7["sessions"], r7["models"]) == (True, 3, 1, ["Sonnet 4.5"])
    assert r7["cost"] == pytest.approx(S2) and "categories" not in r7


def test_references_before_the_period_carry_into_it(run, world):
    rows = _rows(_by_pr(run, "--from", "2026-03-03", "--to", "2026-03-05"))
    assert rows["acme/shop#12"]["cost"] == pytest.approx(S3_T2)   # carried from the February prompt
    # its own pr-link record, and S4 (same folder, within six hours, no link of its own)
    assert rows["acme/shop#13"]["cost"] == pytest.approx(S3_T3 + S4)
    assert (rows["acme/shop#12"]["calls"], rows["acme/shop#13"]["calls"]) == (1, 2)
    assert rows["acme/shop#13"]["sessions"] == 2


def test_the_reference_on_a_wider_period(run, world):
    doc = _by_pr(run, "--from", "2026-02-01", "--to", "2026-03-05")
    rows = _rows(doc)
    assert [r["label"] for r in doc["prs"]] == ["acme/shop#12", "acme/shop#13", "acme/infra#7"]
    assert [(r["sessions"], r["calls"], r["firstStarted"], r["lastEnded"], r["approx"]) for r in doc["prs"]] == [
        (2, 5, "2026-02-20T09:00:05.000Z", "2026-03-04T10:00:05.000Z", False),
        (2, 3, "2026-02-20T09:00:05.000Z", "2026-03-04T10:00:05.000Z", False),
        (1, 3, "2026-03-03T09:00:05.000Z", "2026-03-03T09:10:09.000Z", True)]
    assert rows["acme/shop#12"]["cost"] == pytest.approx(0.030000000000000002)    # the reference's numbers
    assert rows["acme/shop#13"]["cost"] == pytest.approx(0.025050000000000003)
    assert [(c["name"], pytest.approx(c["cost"])) for c in rows["acme/shop#12"]["categories"]] == [
        ("Conversation", 0.018825), ("Coding", 0.007125), ("Exploration", 0.00405)]
    assert doc["distinct"] == {"cost": pytest.approx(0.07309500000000001), "sessions": 3, "subagentSessions": 1,
                               "attributedCost": pytest.approx(0.068595),
                               "unattributedCost": pytest.approx(0.0045000000000000005)}
    assert rows["acme/shop#12"]["cost"] == pytest.approx((S1_T2 + S1_T3 + AGENT) / 2 + S3_FEB + S3_T2)


def test_text(run, world):
    r = run("sessions", "--by-pr", "--from", "2026-03-02", "--to", "2026-03-03")
    assert r.status == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[1] == "Spend by pull request"
    assert lines[2].split() == ["pr", "models", "first", "last", "cost", "sessions", "calls"]
    assert lines[3].split() == ["acme/shop#12", "Sonnet", "4.5,", "Opus", "4.6", "2026-03-02", "2026-03-02", "$0.022",
                                "1", "3"]
    assert any(line.split()[:1] == ["acme/infra#7"] and "~$0.01" in line for line in lines)
    assert "over 2 sessions linking a pull request and 1 subagent run folded into them" in r.stdout
    assert "~ a session whose links fall in no turn of the period" in r.stdout


def test_no_links(run, history):
    history.write("-p", "s.jsonl", [user_line("hi", ts="2026-03-04T09:00:00.000Z"),
                                    assistant_line("m", ts="2026-03-04T09:00:01.000Z", usage=usage(1, 1))])
    assert run("sessions", "--by-pr", "--format", "json").json == {
        "prs": [], "distinct": {"cost": 0, "sessions": 0, "subagentSessions": 0, "attributedCost": 0,
                                "unattributedCost": 0}}
    assert "No session in this period links a pull request" in run("sessions", "--by-pr").stdout


def test_the_reader_finds_pull_request_urls_in_prompts_and_records():
    prompt = ("https://github.com/a/b/pull/1 twice https://github.com/a/b/pull/1, "
              "https://github.com/a/b/issues/2 http://github.com/a/b/pull/3 HTTPS://GITHUB.COM/a/b/pull/4 "
              "https://github.com/a.x/b_y-z/pull/56789?diff=split https://github.com//b/pull/5 "
              "https://github.com/a/b/pull/x")
    recs = [w.pr_link("https://example.com/pr/9", "2026-03-04T08:59:00.000Z", "s"),   # before any call: no turn
            user_line(prompt, ts="2026-03-04T09:00:00.000Z"),
            w.pr_link("https://github.com/a/b/pull/6", "2026-03-04T09:00:00.500Z", "s"),  # before the turn's call
            assistant_line("m1", ts="2026-03-04T09:00:01.000Z", usage=usage(1, 1)),
            w.pr_link("https://github.com/a/b/pull/7", "2026-03-04T09:00:02.000Z", "s"),  # after it
            {"type": "pr-link", "sessionId": "s", "prUrl": 8},                            # not a string: none
            w.ai_title("First title", "s"), w.ai_title("Second title", "s")]
    s = Scanner()
    s.scan_bytes("".join(dumps(r) + "\n" for r in recs).encode(), 0)
    cols = s.columns()
    text = cols["link_text"].tobytes().decode()
    got = [(t, bool(r), text[o:o + n]) for t, r, o, n in zip(cols["link_turn"].tolist(), cols["link_record"].tolist(),
                                                            cols["link_off"].tolist(), cols["link_len"].tolist())]
    assert sorted(got) == sorted([
        (-1, True, "https://example.com/pr/9"),
        (0, False, "https://github.com/a/b/pull/1"), (0, False, "https://github.com/a/b/pull/1"),
        (0, False, "https://github.com/a.x/b_y-z/pull/56789"),
        (0, True, "https://github.com/a/b/pull/6"), (0, True, "https://github.com/a/b/pull/7")])
    titles = cols["title_text"].tobytes().decode()
    assert [titles[o:o + n] for o, n in zip(cols["title_off"].tolist(), cols["title_len"].tolist())] == [
        "First title", "Second title"]


def test_titles_from_ai_title_records(run, world):
    """The last title that is not blank, trimmed, cut to 200 UTF-16 units: the
    rocket the cut halves leaves its high surrogate. The reference's
    `sessions --format json` gave these titles (and every other value of
    the rows) on the same files."""
    r = run("sessions", "--format", "json", "--from", "2026-03-01", "--to", "2026-03-05")
    titles = {row["sessionId"]: row["title"] for row in r.json}
    assert titles[w.S1] == "Review the shop PRs"
    assert titles[w.S2] == "Deploy fix: " + "x" * 187 + "\ud83d"
    assert titles[w.S3] == titles["agent-a1b2c3d4"] == ""
    assert '"title": "Deploy fix: ' + "x" * 187 + '\\ud83d"' in r.stdout
    # the table names a session by its title when it has one (cut to 48 characters), else by its id
    from codeburn.report.session_labels import short_id

    text = run("sessions", "--from", "2026-03-01", "--to", "2026-03-05", env={"COLUMNS": "200"}).stdout
    assert "Review the shop PRs" in text and "Deploy fix: " + "x" * 35 + "…" in text and short_id(w.S3) in text


def test_times_as_the_log_spells_them(run, history, tmp_path):
    """Sessions' first and last times and export's call times are the log's
    own spellings; a session's first and last are the least and greatest
    spellings (as the reference compares them), its duration the time
    between. 0.9.20 gave exactly these on the same file (sessions JSON,
    export JSON records and sessions)."""
    s, cwd = "bbbbbbbb-2222-4000-8000-000000000001", "/home/dev/src/shop"
    history.write("-home-dev-src-shop", f"{s}.jsonl", [
        user_line("go", ts="2026-03-02T09:00:00Z", cwd=cwd, session=s),
        assistant_line("c1", ts="2026-03-02T09:00:05Z", usage=usage(100, 10), cwd=cwd, session=s),
        assistant_line("c2", ts="2026-03-02T10:30:00.000+01:00", usage=usage(200, 20), cwd=cwd, session=s),
        # the same message streamed on: its first record's time, as spelled there
        assistant_line("c2", ts="2026-03-02T10:30:01.000+01:00", usage=usage(200, 25), cwd=cwd, session=s),
        assistant_line("c3", ts="2026-03-02T09:45:00.000Z", usage=usage(300, 30), cwd=cwd, session=s),
        assistant_line("c4", ts="2026-03-02T09:50:00.123456Z", usage=usage(400, 40), cwd=cwd, session=s)])
    row = run("sessions", "--format", "json", "--from", "2026-03-01", "--to", "2026-03-05").json[0]
    assert (row["startedAt"], row["endedAt"], row["durationMs"]) == (
        "2026-03-02T09:00:05Z", "2026-03-02T10:30:00.000+01:00", 1795000)
    out = tmp_path / "e.json"
    assert run("export", "-f", "json", "-o", str(out), "--from", "2026-03-01", "--to", "2026-03-05").status == 0
    doc = json.loads(out.read_text())
    assert [r["timestamp"] for r in doc["records"]] == [
        "2026-03-02T09:00:05Z", "2026-03-02T10:30:00.000+01:00", "2026-03-02T09:45:00.000Z",
        "2026-03-02T09:50:00.123456Z"]
    assert [x["Started At"] for x in doc["sessions"]] == ["2026-03-02T09:00:05Z"]


def test_the_menubar_payload_lists_them(run, world):
    # status --format menubar-json: the same rows, the totals under the
    # payload's names (0.9.20 gave the same on these files), only for every provider.
    period = ("--from", "2026-03-02", "--to", "2026-03-02")
    doc = _by_pr(run, *period)
    r = run("status", "--format", "menubar-json", *period)
    assert r.status == 0, r.stderr
    pulls, d = r.json["current"]["pullRequests"], doc["distinct"]
    assert pulls["rows"] == doc["prs"] and [x["label"] for x in pulls["rows"]] == ["acme/shop#12", "acme/shop#13"]
    assert (pulls["distinctCost"], pulls["distinctSessions"], pulls["attributedCost"], pulls["unattributedCost"]) == \
        (d["cost"], d["sessions"], d["attributedCost"], d["unattributedCost"])
    assert pulls["distinctCost"] == pytest.approx(S1_T1 + S1_T2 + S1_T3 + AGENT) and pulls["distinctSessions"] == 1
    assert pulls["subagentSessions"] == d["subagentSessions"] == 1
    assert list(r.json["current"])[-2:] == ["pullRequests", "byBranch"]
    r = run("status", "--format", "menubar-json", *period, "--provider", "claude")
    assert "pullRequests" not in r.json["current"] and "byBranch" not in r.json["current"]


def test_a_session_of_another_tool_in_the_same_folder_takes_the_pull_request(run, history, tmp_path):
    """0.9.20's working-directory correlation: a Claude session names PR 5 in
    /home/dev/app (09:00-09:01); a Codex session there at 12:00 (within six
    hours) takes PR 5, one at 20:00 does not, nor one in another folder
    (0.9.20 gives the same on these files, dates moved to its today)."""
    from tests.test_codex import meta, tokens, usage as cx_usage, user as cx_user, write_rollout

    pr5 = "https://github.com/acme/app/pull/5"
    history.write("-home-dev-app", "c1.jsonl", [
        user_line(f"review {pr5} please", ts="2026-03-04T09:00:00Z", cwd="/home/dev/app", session="c1"),
        assistant_line("m1", ts="2026-03-04T09:01:00Z", usage=usage(1000, 100), cwd="/home/dev/app", session="c1")])
    home = str(tmp_path / "codex")
    for sid, hour, cwd in (("x1", 12, "/home/dev/app"), ("x2", 20, "/home/dev/app"), ("x3", 12, "/home/dev/other")):
        write_rollout(home, [meta(ts=f"2026-03-04T{hour}:00:00.000Z", sid=sid, cwd=cwd, model="gpt-5"),
                             cx_user(f"2026-03-04T{hour}:00:01.000Z", "run the checks"),
                             tokens(f"2026-03-04T{hour}:00:03.000Z", cx_usage(100, 0, 10), cx_usage(100, 0, 10))],
                      day="2026/03/04", name=f"rollout-2026-03-04T{hour}-00-00-{sid}.jsonl")
    r = run("sessions", "--by-pr", "--format", "json", "--from", "2026-03-04", "--to", "2026-03-04",
            env={"CODEX_HOME": home})
    assert r.status == 0, r.stderr
    (row,) = r.json["prs"]
    assert (row["label"], row["sessions"], row["calls"]) == ("acme/app#5", 2, 2)
    assert row["cost"] == pytest.approx(sonnet(1000, 100) + 100 * 1.25e-6 + 10 * 10e-6)
    assert row["lastEnded"] == "2026-03-04T12:00:03.000Z" and row["models"] == ["Sonnet 4.5", "GPT-5"]


def _spawn_world(history, results: int, record: bool = True, streamed_after: bool = False) -> None:
    """A parent session on PR 9 whose Task call's result names agent `ab12`
    (with `results` tool_result blocks), and that agent's transcript, begun
    before the spawn's record was written and run past the parent's last
    call. PR 9 comes from a pr-link record after the spawn (`record`), else
    from the prompt. `streamed_after`: the Task's message streams one more
    content block (a Read) in a record of its own after the Task's."""
    pr9 = "https://github.com/acme/shop/pull/9"
    blocks = [{"tool_use_id": f"toolu_pm1_{i}", "type": "tool_result", "content": "done"} for i in range(results)]
    link = {"type": "pr-link", "sessionId": "p1", "timestamp": "2026-03-04T10:05:40.000Z", "prUrl": pr9}
    history.write("-home-dev-src-shop", "p1.jsonl", [
        user_line("finish the tax fix" if record else f"finish {pr9}", ts="2026-03-04T10:00:00.000Z",
                  cwd="/home/dev/src/shop", session="p1"),
        assistant_line("pm1", ts="2026-03-04T10:05:00.000Z", usage=usage(1000, 100),
                       tools=[("Task", {"subagent_type": "reviewer", "prompt": "review"})],
                       cwd="/home/dev/src/shop", session="p1"),
        *([assistant_line("pm1", ts="2026-03-04T10:05:01.000Z", usage=usage(1000, 100), tools=[("Read", {})],
                          cwd="/home/dev/src/shop", session="p1")] if streamed_after else []),
        user_line(ts="2026-03-04T10:05:30.000Z", cwd="/home/dev/src/shop", session="p1", content=blocks,
                  toolUseResult={"status": "completed", "agentId": "ab12", "content": "done"}),
        *([link] if record else []),
    ])
    history.write("-home-dev-src-shop", "agent-ab12.jsonl", [
        user_line("review", ts="2026-03-04T10:01:00.000Z", cwd="/home/dev/src/shop", session="p1", isSidechain=True),
        assistant_line("sm1", ts="2026-03-04T10:02:00.000Z", usage=usage(500, 50), cwd="/home/dev/src/shop",
                       session="p1", sidechain=True),
        assistant_line("sm2", ts="2026-03-04T10:20:00.000Z", usage=usage(500, 50), cwd="/home/dev/src/shop",
                       session="p1", sidechain=True),
    ], subdir="p1/subagents")


def test_a_subagent_folds_into_the_turn_whose_spawn_result_names_it(run, history):
    # The parent's log names the agent: its spend goes to PR 9 though it
    # began before the spawn's record (0.9.20 gives the same on these files).
    _spawn_world(history, results=1)
    doc = _by_pr(run, "--from", "2026-03-04", "--to", "2026-03-04")
    (row,) = doc["prs"]
    assert (row["label"], row["calls"], row["sessions"]) == ("acme/shop#9", 3, 1)
    assert row["cost"] == pytest.approx(sonnet(1000, 100) + 2 * sonnet(500, 50))
    assert (doc["distinct"]["subagentSessions"], doc["distinct"]["unattributedCost"]) == (1, 0)


@pytest.mark.parametrize("results, record", [(2, True), (1, False)])
def test_else_a_subagent_pairs_by_time(run, history, results, record):
    # Two tool_result blocks (which one answers the spawn?), or no pr-link
    # record in the parent: the pairing falls back on time, and the agent
    # began before the parent's first call, when no set was carried (0.9.20
    # gives the same).
    _spawn_world(history, results=results, record=record)
    doc = _by_pr(run, "--from", "2026-03-04", "--to", "2026-03-04")
    (row,) = doc["prs"]
    assert (row["calls"], row["cost"]) == (1, pytest.approx(sonnet(1000, 100)))
    assert doc["distinct"]["unattributedCost"] == pytest.approx(2 * sonnet(500, 50))


def test_a_spawn_streamed_before_its_messages_last_block_pairs_by_time(run, history):
    # Claude Code writes a message one content block per record, and the
    # reference keeps a message's last record: the Task block's id is gone
    # there, so the result naming the agent pairs with no turn, and the agent
    # (begun before the parent's first call) is unattributed. Measured on
    # 0.9.20 (wild4 seed 55, America/Los_Angeles: two Agent records and a
    # Write; with the Write moved first, the last Agent's subagent folds).
    _spawn_world(history, results=1, streamed_after=True)
    doc = _by_pr(run, "--from", "2026-03-04", "--to", "2026-03-04")
    (row,) = doc["prs"]
    assert (row["calls"], row["cost"]) == (1, pytest.approx(sonnet(1000, 100)))
    assert doc["distinct"]["unattributedCost"] == pytest.approx(2 * sonnet(500, 50))


def _anchor_world(history) -> None:
    """Parent p2 spawned agent cd34 late on the 4th in a turn on PR 11 (a
    pr-link record) and got its result after midnight; the agent's calls
    are all on the 5th, the parent's all on the 4th."""
    pr11 = "https://github.com/acme/shop/pull/11"
    cwd = "/home/dev/src/shop"
    history.write("-home-dev-src-shop", "p2.jsonl", [
        user_line("ship the release", ts="2026-03-04T23:40:00.000Z", cwd=cwd, session="p2"),
        assistant_line("qm1", ts="2026-03-04T23:45:00.000Z", usage=usage(1000, 100),
                       tools=[("Task", {"subagent_type": "reviewer", "prompt": "review"})], cwd=cwd, session="p2"),
        {"type": "pr-link", "sessionId": "p2", "timestamp": "2026-03-04T23:46:00.000Z", "prUrl": pr11},
        user_line(ts="2026-03-05T00:30:00.000Z", cwd=cwd, session="p2",
                  content=[{"tool_use_id": "toolu_qm1_0", "type": "tool_result", "content": "done"}],
                  toolUseResult={"status": "completed", "agentId": "cd34", "content": "done"}),
    ])
    history.write("-home-dev-src-shop", "agent-cd34.jsonl", [
        user_line("review", ts="2026-03-05T00:05:00.000Z", cwd=cwd, session="p2", isSidechain=True),
        assistant_line("tm1", ts="2026-03-05T00:06:00.000Z", usage=usage(500, 50), cwd=cwd, session="p2",
                       sidechain=True),
        assistant_line("tm2", ts="2026-03-05T00:20:00.000Z", usage=usage(500, 50), cwd=cwd, session="p2",
                       sidechain=True),
    ], subdir="p2/subagents")


def test_a_parent_with_no_call_in_the_period_still_takes_its_subagent(run, history):
    # The 5th: p2 has no call that day, so it is no session of the totals,
    # but its spawned agent's spend goes to PR 11 (0.9.20: the same).
    _anchor_world(history)
    doc = _by_pr(run, "--from", "2026-03-05", "--to", "2026-03-05")
    (row,) = doc["prs"]
    assert (row["label"], row["calls"], row["sessions"]) == ("acme/shop#11", 2, 1)
    assert row["cost"] == pytest.approx(2 * sonnet(500, 50))
    assert doc["distinct"] == {"cost": pytest.approx(2 * sonnet(500, 50)), "sessions": 0, "subagentSessions": 1,
                               "attributedCost": pytest.approx(2 * sonnet(500, 50)), "unattributedCost": 0}


def test_a_subagent_of_one_pull_request_is_evidence_for_its_folder(run, history):
    """Session p links PR 322 and later PR 500 (two links: no evidence for
    its folder by itself); its subagent, spawned under 322, folds into 322
    alone, and 0.9.20 takes it as the folder's evidence: session q, an hour
    earlier in the same folder with no link, goes to 322 too (0.9.20: 322
    with 2 sessions and 4 calls, 500 with 1 and 1)."""
    notes = "/home/dev/notes"
    pr322, pr500 = "https://github.com/acme/shop/pull/322", "https://github.com/acme/shop/pull/500"
    slug = "-home-dev-notes"
    history.write(slug, "q.jsonl", [
        user_line("draft the release notes", ts="2026-03-02T09:00:00.000Z", cwd=notes, session="q"),
        assistant_line("q1", ts="2026-03-02T09:00:05.000Z", usage=usage(3000, 300), cwd=notes, session="q")])
    history.write(slug, "p.jsonl", [
        user_line("set up the release branch", ts="2026-03-02T10:00:00.000Z", cwd=notes, session="p"),
        assistant_line("p1", ts="2026-03-02T10:00:05.000Z", usage=usage(1000, 100), cwd=notes, session="p"),
        {"type": "pr-link", "sessionId": "p", "timestamp": "2026-03-02T10:00:10.000Z", "prUrl": pr322},
        user_line("check the changelog", ts="2026-03-02T10:30:00.000Z", cwd=notes, session="p"),
        assistant_line("p2", ts="2026-03-02T10:30:05.000Z", usage=usage(1000, 100), cwd=notes, session="p",
                       tools=[("Agent", {"subagent_type": "explorer", "prompt": "read the changelog"})]),
        user_line("now the hotfix", ts="2026-03-02T11:00:00.000Z", cwd=notes, session="p"),
        assistant_line("p3", ts="2026-03-02T11:00:05.000Z", usage=usage(1000, 100), cwd=notes, session="p"),
        {"type": "pr-link", "sessionId": "p", "timestamp": "2026-03-02T11:00:10.000Z", "prUrl": pr500}])
    history.write(slug, "agent-a1b2c3.jsonl", [
        user_line("read the changelog", ts="2026-03-02T10:30:07.000Z", cwd=notes, session="p", isSidechain=True),
        assistant_line("a1", ts="2026-03-02T10:30:08.000Z", usage=usage(2000, 200), cwd=notes, session="p",
                       sidechain=True)], subdir="p/subagents")
    rows = _rows(_by_pr(run, "--from", "2026-03-01", "--to", "2026-03-05"))
    assert [(k, r["sessions"], r["calls"]) for k, r in rows.items()] == [("acme/shop#322", 2, 4), ("acme/shop#500", 1, 1)]
    assert rows["acme/shop#322"]["cost"] == pytest.approx(sonnet(3000, 300) + 2 * sonnet(1000, 100) + sonnet(2000, 200))
