"""Differences the fourth wild sweep (bench/wild4_sweep.py, histories of
bench/gen_wild4.py) found between codeburn and CodeBurn 0.9.20, each pinned
on a small history whose expected output came from running 0.9.20 on the
same files."""
from __future__ import annotations

import datetime as dt
import json

from tests.conftest import assistant_line, usage, user_line

NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.timezone.utc)
LATE = "/home/dev/src/late"
S1 = "bbbbbbbb-0000-4000-8000-000000000001"


def test_export_files_a_whole_turn_under_its_prompt_day_before_the_period(run, history, tmp_path):
    """A slash command sent at 23:59:30 the evening before the 30-day window
    and its one call 70 s later, after midnight: the turn is whole in the
    window, and 0.9.20's export files a whole turn by its prompt's time, so
    its 30 Days table has a row for 2026-10-26 (the report's daily rows, by
    each call's own day, have 2026-10-27 and no turn there). 0.9.20 on these
    files: 30 Days [2026-10-26 $0.33 1 call 100,000 in; 2026-11-20 1 call],
    7 Days [2026-11-20]."""
    history.write("-home-dev-src-late", f"{S1}.jsonl", [
        user_line("fix the bug", ts="2026-10-26T23:59:30.000Z", cwd=LATE, session=S1),
        assistant_line("msg_late1", ts="2026-10-27T00:00:40.000Z", cwd=LATE, session=S1,
                       usage=usage(100000, 2000, cr=1000), tools=[("Bash", {"command": "make"})]),
        user_line("and again", ts="2026-11-20T10:00:00.000Z", cwd=LATE, session=S1),
        assistant_line("msg_late2", ts="2026-11-20T10:00:05.000Z", cwd=LATE, session=S1, usage=usage(200, 20)),
    ])
    out = tmp_path / "exp.json"
    assert run("export", "-f", "json", "-o", str(out), now=NOW).status == 0
    doc = json.loads(out.read_text())
    days = {p["label"]: [(d["Date"], d["Cost (USD)"], d["API Calls"], d["Sessions"], d["Input Tokens"],
                          d["Output Tokens"], d["Cache Read Tokens"]) for d in p["daily"]] for p in doc["periods"]}
    assert days == {"Today": [], "7 Days": [("2026-11-20", 0, 1, 1, 200, 20, 0)],
                    "30 Days": [("2026-10-26", 0.33, 1, 1, 100000, 2000, 1000), ("2026-11-20", 0, 1, 1, 200, 20, 0)]}
    daily = run("report", "--format", "json", "-p", "30days", now=NOW).json["daily"]
    assert [(d["date"], d["calls"], d["turns"]) for d in daily] == [("2026-10-27", 1, 0), ("2026-11-20", 1, 1)]


AGENTS_S = "cccccccc-0000-4000-8000-000000000001"
SHOP = "/home/dev/src/shop"


def write_agents(history, codex_home: str) -> None:
    """A main session, three of its subagent transcripts (one with a
    .meta.json agentType, one without, one workflow agent) and a Codex
    rollout, on 2026-11-20."""
    import os

    sub = os.path.join(AGENTS_S, "subagents")
    day = "2026-11-20T10:00"
    history.write("-home-dev-src-shop", f"{AGENTS_S}.jsonl", [
        user_line("find the tax rules", ts=f"{day}:00.000Z", cwd=SHOP, session=AGENTS_S),
        assistant_line("msg_m1", ts=f"{day}:05.000Z", cwd=SHOP, session=AGENTS_S, model="claude-opus-4-5",
                       usage=usage(1000, 200, cr=5000), tools=[("Task", {"subagent_type": "Explore"})]),
        assistant_line("msg_m2", ts=f"{day}:50.000Z", cwd=SHOP, session=AGENTS_S, model="claude-opus-4-5",
                       usage=usage(500, 100, cr=8000)),
    ])
    for name, model, msg, subdir in (("agent-a1", "claude-haiku-4-5", "msg_s1", sub),
                                     ("agent-a2", "claude-opus-4-5", "msg_s2", sub),
                                     ("agent-w1", "claude-haiku-4-5", "msg_s3", os.path.join(sub, "workflows", "wf1"))):
        history.write("-home-dev-src-shop", f"{name}.jsonl", [
            user_line("search", ts=f"{day}:10.000Z", cwd=SHOP, session=AGENTS_S, isSidechain=True),
            assistant_line(msg, ts=f"{day}:20.000Z", cwd=SHOP, session=AGENTS_S, model=model, sidechain=True,
                           usage=usage(300, 40, cr=2000), tools=[("Grep", {"pattern": "tax"})]),
        ], subdir=subdir)
    with open(os.path.join(history.root, "projects", "-home-dev-src-shop", sub, "agent-a1.meta.json"), "w") as f:
        f.write('{"agentType":"Explore"}')
    write_rollout(codex_home, "2026-11-20T11:00", "x", SHOP, "review it", [{"total_token_usage": {
        "input_tokens": 4000, "cached_input_tokens": 1000, "output_tokens": 300, "reasoning_output_tokens": 100,
        "total_tokens": 4300}}])


def write_rollout(codex_home: str, start: str, sid: str, cwd: str, prompt: str, infos: list) -> None:
    """A Codex rollout begun at `start` (UTC, to the minute) on gpt-5: one
    prompt, then one token_count per element of `infos` (its `info`), a
    few seconds apart."""
    import os

    day, clock = start.split("T")
    name = f"rollout-{day}T{clock.replace(':', '-')}-00-{sid}.jsonl"
    rollout = os.path.join(codex_home, "sessions", *day.split("-"), name)
    os.makedirs(os.path.dirname(rollout), exist_ok=True)
    at = lambda sec: f"{start}:{sec:02d}.000Z"  # noqa: E731
    lines = [{"timestamp": at(0), "type": "session_meta",
              "payload": {"id": sid, "cwd": cwd, "originator": "codex_cli_rs"}},
             {"timestamp": at(1), "type": "turn_context", "payload": {"model": "gpt-5"}},
             {"timestamp": at(2), "type": "response_item", "payload": {
                 "type": "message", "role": "user", "content": [{"type": "input_text", "text": prompt}]}}]
    lines += [{"timestamp": at(3 + 6 * k), "type": "event_msg", "payload": {"type": "token_count", "info": info}}
              for k, info in enumerate(infos)]
    with open(rollout, "w") as f:
        f.write("\n".join(json.dumps(x) for x in lines) + "\n")


def test_models_by_agent(run, history, tmp_path):
    """`models --by-agent`: one row per model and the session's agent type,
    a subagent transcript's .meta.json agentType, `workflow-subagent` under
    subagents/workflows/, "(main)" for the rest (a subagent without its
    meta, every Codex call); rows grouped by model, models by total cost.
    0.9.20 on these files gives exactly these rows (JSON and CSV); with
    --by-task too it refuses (we exit 2, a usage error, where it exits 1)."""
    codex = tmp_path / "codex"
    write_agents(history, str(codex))
    env = {"CODEX_HOME": str(codex)}
    rows = run("models", "--format", "json", "-p", "all", "--by-agent", "--min-cost", "0", env=env, now=NOW).json
    got = [(r["provider"], r["model"], r["agentType"], r["category"], r["topCategory"], r["inputTokens"],
            r["outputTokens"], r["cacheReadTokens"], r["calls"], round(r["costUSD"], 8)) for r in rows]
    assert got == EXPECTED_BY_AGENT
    csv_text = run("models", "--format", "csv", "-p", "all", "--by-agent", "--min-cost", "0", env=env, now=NOW).stdout
    assert csv_text.splitlines()[0].split(",")[:3] == ["provider", "model", "agent"]
    assert [ln.split(",")[2] for ln in csv_text.splitlines()[1:]] == [r[2] for r in EXPECTED_BY_AGENT]
    md = run("models", "--format", "markdown", "-p", "all", "--by-agent", env=env, now=NOW).stdout
    assert md.startswith("| Provider | Model | Agent | Input |")
    both = run("models", "--by-task", "--by-agent", env=env, now=NOW)
    assert both.status == 2 and "--by-task and --by-agent cannot be combined" in both.stderr


# 0.9.20's rows (costs also by the spec's prices: Opus 4.5 1,800 in, 340 out, 15,000 read = $0.025;
# GPT-5 3,000 uncached, 300 out, 1,000 cached = $0.006875; Haiku 4.5 300/40/2,000 = $0.0007)
EXPECTED_BY_AGENT = [
    ("claude", "claude-opus-4-5", "(main)", None, None, 1800, 340, 15000, 3, 0.025),
    ("codex", "gpt-5", "(main)", None, None, 3000, 300, 1000, 1, 0.006875),
    ("claude", "claude-haiku-4-5", "Explore", None, None, 300, 40, 2000, 1, 0.0007),
    ("claude", "claude-haiku-4-5", "workflow-subagent", None, None, 300, 40, 2000, 1, 0.0007),
]


def write_estimated_codex(codex_home: str) -> None:
    """A rollout whose first token_count has `info: null` after the prompt
    (a char-estimated call, spec providers §1.2), then a counted one, on
    2026-11-21; beside the Claude session of write_agents (2026-11-20)."""
    write_rollout(codex_home, "2026-11-21T09:00", "e", "/home/dev/src/ledger", "x" * 4000, [None, {
        "last_token_usage": {"input_tokens": 20000, "cached_input_tokens": 0, "output_tokens": 1000,
                             "reasoning_output_tokens": 0, "total_tokens": 21000}}])


def test_overview_marks_estimated_costs_and_lists_other_tools_days(run, history, tmp_path):
    """`overview`: a model priced partly from char-estimated tokens shows
    `~$…` with a note under Top models; under --provider X the Daily table
    and the costliest days list the other tools' days at $0, as the report's
    daily rows do. 0.9.20 on these files prints exactly these lines."""
    codex = tmp_path / "codex"
    write_agents(history, str(codex))
    write_estimated_codex(str(codex))
    env = {"CODEX_HOME": str(codex)}
    text = run("overview", "-p", "all", "--no-color", env=env, now=NOW).stdout
    cells = lambda ln: [c.strip() for c in ln.split("\u2502")[1:-1]]  # noqa: E731
    rows = [cells(ln) for ln in text.splitlines() if ln.startswith("\u2502")]
    # (GPT-5: the estimated call's 500-character prompt is 125 tokens, $0.00015625, beside $0.035 and $0.006875)
    assert ["GPT-5", "~$0.042", "3", "25,425"] in rows and ["Opus 4.5", "$0.025", "3", "17,140"] in rows
    assert "\n  ~ estimated cost (priced from estimated tokens)\n\nHighest-value days\n" in text
    claude = run("overview", "-p", "all", "--provider", "claude", "--no-color", env=env, now=NOW).stdout
    assert "~" not in claude
    daily = claude[claude.index("\nDaily\n"):claude.index("\nBy activity\n")]
    assert [cells(ln) for ln in daily.splitlines() if ln.startswith("\u2502  2026")] == [
        ["2026-11-20", "$0.026", "21,820", "claude"], ["2026-11-21", "$0.00", "0", ""]]
    # a repeat is served kept and says the same; another tool's new day is seen (its files are in the key)
    assert run("overview", "-p", "all", "--provider", "claude", "--no-color", env=env, now=NOW).stdout == claude
    write_rollout(str(codex), "2026-11-22T08:00", "n", "/home/dev/src/ledger", "more", [{"last_token_usage": {
        "input_tokens": 100, "cached_input_tokens": 0, "output_tokens": 10, "total_tokens": 110}}])
    again = run("overview", "-p", "all", "--provider", "claude", "--no-color", env=env, now=NOW).stdout
    assert [cells(ln)[0] for ln in again[again.index("\nDaily\n"):].splitlines() if ln.startswith("\u2502  2026")] \
        == ["2026-11-20", "2026-11-21", "2026-11-22"]


def write_two_folders(history, codex_home: str) -> None:
    """Claude Code in /home/dev/a on 2026-11-23, 11-25 and today (11-26),
    Codex in /home/dev/b on 11-25."""
    s = "eeeeeeee-0000-4000-8000-000000000001"
    recs = []
    for i, ts in enumerate(("2026-11-23T09:00:00", "2026-11-25T10:00:00", "2026-11-26T00:30:00")):
        recs.append(user_line("fix it", ts=f"{ts}.000Z", cwd="/home/dev/a", session=s))
        recs.append(assistant_line(f"m{i}", ts=f"{ts[:-2]}05.000Z", cwd="/home/dev/a", session=s,
                                   model="claude-opus-4-5", usage=usage(100, 10)))
    history.write("-home-dev-a", f"{s}.jsonl", recs)
    write_rollout(codex_home, "2026-11-25T12:00", "c", "/home/dev/b", "hi", [{"last_token_usage": {
        "input_tokens": 50, "cached_input_tokens": 0, "output_tokens": 5, "total_tokens": 55}}])


def test_a_project_filtered_report_lists_every_past_day_at_zero(run, history, tmp_path):
    """With --project/--exclude the reference's daily rows are its day
    history's: every past day of the period that has any call, any tool or
    project, at $0 when the filter keeps none of it; today only when it has
    the filter's calls. Those rows carry no turns there (its day history
    keeps no turns per project, though its activities count them): we keep
    the turns. 0.9.20 on these files: --project dev/b [11-23 0 calls,
    11-25 1 call]; --provider claude --project nomatch [11-23, 11-25 at 0];
    --provider codex (no project filter) [11-23 0, 11-25 1, 11-26 0]."""
    codex = tmp_path / "codex"
    write_two_folders(history, str(codex))
    env = {"CODEX_HOME": str(codex)}

    def days(*argv):
        doc = run("report", "-p", "week", "--format", "json", *argv, env=env, now=NOW).json
        return [(d["date"], d["calls"], d["turns"], round(d["cost"], 8)) for d in doc["daily"]]

    assert days("--project", "dev/b") == [("2026-11-23", 0, 0, 0), ("2026-11-25", 1, 1, 0.0001125)]
    assert days("--exclude", "dev/a") == days("--project", "dev/b")
    assert days("--provider", "claude", "--project", "nomatch") == [("2026-11-23", 0, 0, 0), ("2026-11-25", 0, 0, 0)]
    assert days("--provider", "codex") == [("2026-11-23", 0, 0, 0), ("2026-11-25", 1, 1, 0.0001125),
                                           ("2026-11-26", 0, 0, 0)]
    assert [d for d, *_ in days("--project", "dev/a")] == ["2026-11-23", "2026-11-25", "2026-11-26"]


def write_mcp_folders(history) -> None:
    """Three folders' sessions that load the MCP server `gh` (two tools);
    only /home/dev/src/shop calls it (twice); the other two are named so
    that code-point order and localeCompare disagree (`/Users` < `/home`
    by code point, `/home` first by localeCompare)."""
    for k, cwd in enumerate(("/home/dev/src/shop", "/home/dev/work/infra", "/Users/dana/app")):
        s = f"ffffffff-0000-4000-8000-00000000000{k}"
        tools = [("mcp__gh__a", {}), ("mcp__gh__a", {})] if k == 0 else [("Read", {"file_path": "/x"})]
        history.write("-" + cwd.strip("/").replace("/", "-"), f"{s}.jsonl", [
            {"type": "attachment", "cwd": cwd, "sessionId": s, "timestamp": f"2026-11-2{k}T09:59:00.000Z",
             "attachment": {"type": "deferred_tools_delta", "addedNames": ["Read", "mcp__gh__a", "mcp__gh__b"]}},
            user_line("look it up", ts=f"2026-11-2{k}T10:00:00.000Z", cwd=cwd, session=s),
            assistant_line(f"msg_g{k}", ts=f"2026-11-2{k}T10:00:05.000Z", cwd=cwd, session=s,
                           model="claude-opus-4-5", usage=usage(100, 10, cr=20000), tools=tools),
        ])


def test_optimize_mcp_project_scope_orders_ties_as_locale_compare(run, history):
    """mcp-project-scope lists the folders that load a server and never
    call it by invocations, loaded sessions, then path as JavaScript's
    localeCompare orders them (wild4 seed 1: /home/dev/work/infra-terraform
    before /Users/dana/Code/my_app.v2 there, after it here before). 0.9.20
    on these files: 'loaded but unused in /home/dev/work/infra (1 loaded
    session), /Users/dana/app (1 loaded session)'."""
    write_mcp_folders(history)
    doc = run("optimize", "-p", "all", "--format", "json", now=NOW).json
    scope = next(f for f in doc["findings"] if f["id"] == "mcp-project-scope")
    assert scope["explanation"].endswith("gh: 100% of 2 calls in /home/dev/src/shop (2 calls); loaded but unused in "
                                         "/home/dev/work/infra (1 loaded session), /Users/dana/app (1 loaded session).")
    assert "project-scope it away from /home/dev/work/infra, /Users/dana/app." in scope["fix"]["text"]
