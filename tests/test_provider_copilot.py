"""GitHub Copilot (spec providers §1.4, §2.5, §2.6): CLI event logs with
per-leg shutdown rollups, the CLI session store merged with them, VS Code
transcripts and chatSessions journals, the OTel span store; reports of
tests/provider_fixtures' Copilot histories compared with CodeBurn 0.9.20's on
the same files (`HOME=<home> TZ=UTC $CODEBURN_HEAD report --format json -p
all --provider copilot`)."""
from __future__ import annotations

import json
import os

from codeburn.providers import copilot
from codeburn.providers import copilot_stores as stores
from codeburn.providers.base import Walker
from codeburn.providers.records import ReadLog, ts_ms
from tests.provider_fixtures import (CLI_A, CLI_B, CLI_C, NOW_FIXTURES, summary, write_copilot_cli,
                                     write_copilot_otel, write_copilot_vscode)

OTEL = ".config/Code/User/globalStorage/github.copilot-chat/agent-traces.db"


def _read(home, env=None):
    log, out = ReadLog(), {}
    sources = list(copilot.discover(env or {}, str(home), Walker()))
    for src in sources:
        for s in copilot.read(src, log):
            out[s.session_id] = s
    return sources, out, log


def _calls(session):
    return [(c.key, c.model, c.input, c.output, c.cache_read, c.cache_write, c.reasoning, c.supplementary, c.turn)
            for c in session.calls]


def test_event_log_rollups_count_each_leg_once_and_fold_into_turns(tmp_path):
    write_copilot_cli(str(tmp_path), store=False)
    sources, sessions, log = _read(tmp_path)
    assert [s.form for s in sources] == ["events", "events"] and not log.counts
    a = sessions[CLI_A]
    assert a.project == "webapp"  # workspace.yaml cwd, quotes and comment stripped
    k = f"copilot:{CLI_A}"
    assert _calls(a) == [
        (f"{k}:a-1", "claude-sonnet-4.5", 0, 150, 0, 0, 0, False, None),
        (f"{k}:a-2", "claude-sonnet-4.5", 0, 420, 0, 0, 0, False, f"{k}:a-2"),
        # first leg: cache-inclusive input less reads and writes; joins the nearest turn
        (f"{k}:shutdown:claude-sonnet-4.5:1", "claude-sonnet-4.5", 10000, 0, 30000, 20000, 0, True, f"{k}:a-2"),
        (f"{k}:a-4", "gpt-5", 0, 64, 0, 0, 0, False, None),
        (f"{k}:a-5", "gpt-5", 0, 90, 0, 0, 0, False, f"{k}:a-5"),
        # second leg: the Sonnet counters did not move (no call); GPT-5's first rollup
        (f"{k}:shutdown:gpt-5:1", "gpt-5", 10000, 0, 25000, 5000, 31, True, f"{k}:a-5"),
    ]
    assert a.calls[0].prompt == "add a retry helper and run the tests"
    assert [(t.name, t.command) for t in a.calls[0].tools] == [
        ("view", None), ("bash", "npm test && git diff --stat"), ("mcp__github_mcp_server__list_issues", None)]
    assert [(t.name, t.skill) for t in a.calls[3].tools] == [("skill", "pdf")]
    # a-4 ran inside the explore subagent (started before it, completed after)
    assert [c.subagent for c in a.calls] == [None, None, None, "explore", None, None]


def test_store_rows_replace_rollups_with_residuals_and_pair_with_turns(tmp_path):
    write_copilot_cli(str(tmp_path))
    sources, sessions, log = _read(tmp_path)
    assert [s.form for s in sources] == ["cli"] and not log.counts
    b = sessions[CLI_B]
    assert b.project == "uploader"  # the session-state label wins over the store's cwd
    k = f"copilot:{CLI_B}"
    assert _calls(b) == [
        # the crash tail: a call of its own, first as the reference serves the store before the event log
        (store_key(b, 0), "gpt-5", 4000, 0, 5000, 0, 0, False, None),
        (f"{k}:b-1", "gpt-5", 0, 200, 0, 0, 0, False, f"{k}:b-1"),
        # written with b-1 (within 2 minutes): paired, no call of its own, in b-1's turn
        (f"copilot-store:{CLI_B}:1:28og25qkqompw", "gpt-5", 2000, 0, 12000, 6000, 50, True, f"{k}:b-1"),
        (f"{k}:b-2", "gpt-5", 0, 300, 0, 0, 0, False, f"{k}:b-2"),
        (store_key(b, 2), "gpt-5", 7000, 0, 15000, 3000, 60, True, f"{k}:b-2"),
        # the rollup gives way to the rows; what it counted beyond them is a residual
        (f"{k}:shutdown-residual:gpt-5:{ts_ms('2026-10-29T11:10:00Z')}", "gpt-5", 3000, 0, 3000, 1000, 10, True,
         f"{k}:b-2"),
    ]
    c = sessions[CLI_C]  # in the store only: labelled from its repository
    assert c.project == "billing"
    assert [(x.model, x.input, x.cache_read, x.cache_write, x.ts_ms, x.supplementary) for x in c.calls] == [
        ("claude-sonnet-4.5", 3000, 30000, 8000, ts_ms("2026-10-30T09:01:00.250Z"), False),
        ("claude-sonnet-4.5", 3000, 0, 0, ts_ms("2026-10-30T09:01:00.250Z"), False),  # no stamp: the previous row's
        ("unknown", 1000, 0, 0, ts_ms("2026-10-30T09:05:00Z"), False),
    ]


def store_key(session, i):
    return [c.key for c in session.calls if c.key.startswith("copilot-store:")][i]


def test_store_keys_hash_the_row_as_the_reference_does():
    # FNV-1a 64 over UTF-16 code units in base 36; values from the reference's own function run under node
    assert [stores.fnv1a64(t) for t in ("", "a", "é", "x😀|null")] == [
        "33niihzj4ux45", "2o0ongoiv4rrg", "2o0q4gvawodr8", "36jh1alybfe0z"]
    assert stores.fnv1a64("2026-10-29T11:00:07.500Z|20000|12000|6000|50|gpt-5") == "28og25qkqompw"


def test_vscode_journals_transcripts_and_empty_windows(tmp_path):
    write_copilot_vscode(str(tmp_path))
    sources, sessions, log = _read(tmp_path)
    assert sorted(s.form for s in sources) == ["chatsession", "chatsession", "transcript"]
    cs = sessions["cs-42"]
    assert cs.project == "mobile"
    assert [(c.key, c.model, c.input, c.output, c.ts_ms) for c in cs.calls] == [
        ("copilot-chatsession:cs-42:request_8c8c-01", "claude-sonnet-4-6", 32543, 88, 1793437260000),
        ("copilot-chatsession:cs-42:request_8c8c-02", "gpt-4.1", 12000, 120, ts_ms("2026-11-01T09:05:00Z")),
    ]
    assert [t.name for t in cs.calls[0].tools] == ["readFile", "runInTerminal"]
    assert log.counts == {"bad_record": [1, f"{sources[0].path}:6"]}  # the __proto__ path
    tr = sessions["tr-77"]  # no token counts: zero-token calls, the model guessed from tool-call ids
    assert (tr.project, [(c.model, c.output) for c in tr.calls]) == (
        "dashboard", [("copilot-anthropic-auto", 0), ("copilot-anthropic-auto", 0)])
    assert [(t.name, t.command) for t in tr.calls[0].tools] == [("read_file", None), ("run_in_terminal", "npm run build")]
    assert "skipped" not in sessions  # a workspace with a journal has its transcripts skipped
    ew = sessions["ew-1"]
    assert (ew.project, [t.name for t in ew.calls[0].tools]) == ("copilot-chat", ["mcp__github_mcp_server__get_issue"])


def test_otel_store_spans(tmp_path):
    write_copilot_vscode(str(tmp_path))
    write_copilot_otel(str(tmp_path / OTEL))
    sources, sessions, log = _read(tmp_path)
    assert sorted(s.form for s in sources) == ["otel", "transcript"]  # no journals beside an OTel store
    conv = sessions["conv-1"]
    assert conv.project == "storefront"
    assert [(c.key, c.model, c.input, c.output, c.cache_read, c.cache_write) for c in conv.calls] == [
        ("copilot-otel:s-chat1", "claude-sonnet-4.5", 42000, 900, 30000, 5000),
        ("copilot-otel:s-chat2", "claude-sonnet-4.5", 43000, 350, 0, 0),
    ]
    # a trace's tools go to each of its chat calls; keyword-led script lines are dropped
    assert [(t.name, t.command) for t in conv.calls[1].tools] == [
        ("runInTerminal", "npx prettier --check $f; git status"), ("readFile", None)]
    assert [(c.key, c.input) for c in sessions["conv-2"].calls] == [("copilot-otel:s-chat3", 8000)]
    off = _read(tmp_path, {"CODEBURN_COPILOT_DISABLE_OTEL": "1"})[0]
    assert sorted(s.form for s in off) == ["chatsession", "chatsession", "transcript"]


def _report(run, provider="copilot"):
    r = run("report", "--format", "json", "-p", "all", "--provider", provider, now=NOW_FIXTURES)
    assert r.status == 0, r.stderr
    return summary(r.json), r.json


def test_report_without_store_equals_the_reference(tmp_path, run):
    write_copilot_cli(str(tmp_path / "home"), store=False)
    got, doc = _report(run)
    assert got["overview"] == (6, 2, 0.1869025, {"input": 32000, "output": 1224, "cacheRead": 85000, "cacheWrite": 35000})
    assert got["projects"] == [("uploader", 2, 1, 0.039375), ("webapp", 4, 1, 0.1475275)]
    assert got["models"] == [("GPT-5", 4, 22000, 654, 55000, 15000, 0.0643525),
                             ("Sonnet 4.5", 2, 10000, 570, 30000, 20000, 0.12255)]
    assert got["daily"] == [("2026-10-28", 4, 4, 0.1475275), ("2026-10-29", 2, 2, 0.039375)]
    assert got["shell"] == [("git", 1), ("ls", 1), ("npm", 1), ("pytest", 1)]
    assert got["mcp"] == [("github_mcp_server", 1)]
    assert [(s["name"], s["calls"], s["cost"]) for s in doc["subagents"]] == [("explore", 1, 0.00064)]
    # view/edit/create are mapped here (the reference leaves them raw)
    assert got["tools"] == [("Bash", 3), ("Edit", 2), ("Read", 1), ("Skill", 1), ("Write", 1)]


def test_report_with_store_and_vscode_equals_the_reference(tmp_path, run):
    write_copilot_cli(str(tmp_path / "home"))
    write_copilot_vscode(str(tmp_path / "home"))
    got, doc = _report(run)
    assert got["overview"] == (15, 6, 0.3758365, {"input": 88443, "output": 1507, "cacheRead": 120000,
                                                  "cacheWrite": 43000})
    assert got["projects"] == sorted([("webapp", 4, 1, 0.1475275), ("mobile", 2, 1, 0.123909), ("billing", 3, 1, 0.057),
                                      ("uploader", 3, 1, 0.045), ("copilot-chat", 1, 1, 0.0024), ("dashboard", 2, 1, 0)])
    assert got["models"] == sorted([
        ("Sonnet 4.5", 4, 16000, 570, 60000, 28000, 0.17955), ("Sonnet 4.6", 1, 32543, 88, 0, 0, 0.098949),
        ("GPT-5", 5, 26000, 654, 60000, 15000, 0.0699775), ("GPT-4.1", 2, 12900, 195, 0, 0, 0.02736),
        ("unknown", 1, 1000, 0, 0, 0, 0), ("Copilot (Anthropic)", 2, 0, 0, 0, 0, 0)])
    assert got["daily"] == [("2026-10-28", 4, 4, 0.1475275), ("2026-10-29", 3, 3, 0.045), ("2026-10-30", 3, 3, 0.057),
                            ("2026-10-31", 3, 3, 0.098949), ("2026-11-01", 2, 2, 0.02736)]
    assert got["shell"] == [("git", 1), ("ls", 1), ("npm", 2), ("pytest", 1)]
    assert got["mcp"] == [("github_mcp_server", 2)]
    assert doc["warnings"] == [f"1 records of an unexpected shape skipped; first at "
                               f"{tmp_path}/home/.config/Code/User/workspaceStorage/ffee00112233/chatSessions/cs-42.jsonl:6",
                               "no price known for model 'unknown' (1 calls): counted at $0",
                               "no price known for model 'copilot-anthropic-auto' (2 calls): counted at $0"]
    # CodeBurn 0.9.20 lists the token-less VS Code auto-model row too: a $0 row
    # whose display name has no price
    assert doc["unpricedModels"] == [{"model": "unknown", "calls": 1, "tokens": 1000},
                                     {"model": "Copilot (Anthropic)", "calls": 2, "tokens": 0}]


def test_report_with_otel_equals_the_reference(tmp_path, run):
    home = tmp_path / "home"
    write_copilot_cli(str(home))
    write_copilot_vscode(str(home))
    write_copilot_otel(str(home / OTEL))
    got, doc = _report(run)
    assert got["overview"] == (15, 6, 0.5702275, {"input": 136000, "output": 2874, "cacheRead": 150000,
                                                  "cacheWrite": 48000})
    assert got["projects"] == sorted([("storefront", 2, 1, 0.3015), ("webapp", 4, 1, 0.1475275), ("billing", 3, 1, 0.057),
                                      ("uploader", 3, 1, 0.045), ("copilot-chat", 1, 1, 0.0192), ("dashboard", 2, 1, 0)])
    assert got["daily"] == [("2026-10-28", 4, 4, 0.1475275), ("2026-10-29", 3, 3, 0.045), ("2026-10-30", 3, 3, 0.057),
                            ("2026-10-31", 2, 2, 0), ("2026-11-02", 3, 3, 0.3207)]
    assert got["shell"] == [("git", 3), ("ls", 1), ("npm", 2), ("prettier", 2), ("pytest", 1)]
    # an invoke_agent span with a parent chat names its trace's subagent; the root agent does not
    assert sorted((s["name"], s["calls"], round(s["cost"], 10)) for s in doc["subagents"]) == [
        ("explore", 1, 0.00064), ("reviewer", 1, 0.0192)]


def test_bad_input_is_named_and_the_rest_counted(tmp_path, run):
    home = tmp_path / "home"
    write_copilot_cli(str(home), store=False)
    write_copilot_vscode(str(home))
    state = home / ".copilot" / "session-state"
    with open(state / CLI_A / "events.jsonl", "a") as f:
        f.write(json.dumps({"type": "assistant.message", "timestamp": "2026-10-28T15:00:00Z",
                            "data": {"messageId": "a-9", "outputTokens": "99"}}) + "\n")
        f.write(json.dumps({"type": "session.start", "data": None}) + "\n")
        f.write('{"type":"assistant.message","timestamp":"2026-10-28T15:01:00Z","data":{"messageId":"a-10","outpu')
    (state / "0000-dir" / "events.jsonl").mkdir(parents=True)
    journal = home / ".config/Code/User/workspaceStorage/ffee00112233/chatSessions/cs-43.jsonl"
    journal.write_text('{"kind":0,"v":{"sessionId":"cs-43","requests":[{"requestId":"r","result":{"metadata":{"promptTo')
    r = run("report", "--format", "json", "-p", "all", "--provider", "copilot", now=NOW_FIXTURES)
    assert r.status == 0, r.stderr
    # CodeBurn 0.9.20 on the same files without the bad ones
    assert summary(r.json)["overview"] == (11, 5, 0.3132115, {"input": 77443, "output": 1507, "cacheRead": 85000,
                                                              "cacheWrite": 35000})
    warnings = [w for w in r.json["warnings"] if not w.startswith("no price known")]
    assert len(warnings) == 3, warnings
    assert any(w.startswith("2 invalid JSON lines or records skipped") for w in warnings)
    assert any(w.startswith("3 records of an unexpected shape skipped") for w in warnings)
    assert any("could not be read" in w and "0000-dir/events.jsonl: Is a directory" in w for w in warnings)
    assert run("report", "-p", "all", "--provider", "copilot", "--strict", now=NOW_FIXTURES).status == 1


def test_a_store_that_is_not_sqlite_is_named_and_the_rollups_count(tmp_path, run):
    home = tmp_path / "home"
    write_copilot_cli(str(home), store=False)
    (home / ".copilot" / "session-store.db").write_bytes(b"not a database, a file cut mid-copy")
    got, doc = _report(run)
    assert got["overview"] == (6, 2, 0.1869025, {"input": 32000, "output": 1224, "cacheRead": 85000, "cacheWrite": 35000})
    assert [w for w in doc["warnings"] if "stores that could not be read" in w]


def test_late_rollups_are_turns_without_weight(tmp_path, run):
    """A session closed hours after its last message: its rollups are too far
    from any turn to join one, and count tokens and cost but no call or turn."""
    log = tmp_path / "home" / ".copilot" / "session-state" / "late-1" / "events.jsonl"
    log.parent.mkdir(parents=True)
    usage = lambda i, o, r, w: {"gpt-5": {"usage": {"inputTokens": i, "outputTokens": o, "cacheReadTokens": r,  # noqa
                                                    "cacheWriteTokens": w, "reasoningTokens": 0}}}
    log.write_text("\n".join(json.dumps(e) for e in [
        {"type": "session.start", "timestamp": "2026-11-03T10:00:00.000Z",
         "data": {"sessionId": "late-1", "selectedModel": "gpt-5"}},
        {"type": "user.message", "timestamp": "2026-11-03T10:00:05.000Z", "data": {"content": "rename the loader"}},
        {"type": "assistant.message", "timestamp": "2026-11-03T10:00:09.000Z",
         "data": {"messageId": "l-1", "outputTokens": 120}},
        {"type": "session.shutdown", "timestamp": "2026-11-03T12:00:00.000Z",
         "data": {"modelMetrics": usage(30000, 120, 20000, 4000)}},
        {"type": "session.shutdown", "timestamp": "2026-11-03T23:59:00.000Z",
         "data": {"modelMetrics": usage(41000, 300, 25000, 5000)}}]) + "\n")
    got, doc = _report(run)
    # CodeBurn 0.9.20 on the same file
    assert got["overview"] == (1, 1, 0.0258875, {"input": 11000, "output": 120, "cacheRead": 25000, "cacheWrite": 5000})
    assert got["daily"] == [("2026-11-03", 1, 1, 0.0258875)]
    assert sum(a["turns"] for a in doc["activities"]) == 1
    assert round(sum(a["cost"] for a in doc["activities"]), 10) == 0.0258875


def test_a_warm_run_equals_a_cold_one_and_sees_a_grown_event_log(tmp_path, run):
    """The CLI source is the store read with every event log beside it: its
    cached read is kept while none of them changes (supplementary flags too)."""
    home = tmp_path / "home"
    write_copilot_cli(str(home))
    env = {"CODEBURN_CACHE_DIR": str(tmp_path / "cache")}
    argv = ("report", "--format", "json", "-p", "all", "--provider", "copilot")
    cold = run(*argv, env=env, now=NOW_FIXTURES).json
    assert os.listdir(tmp_path / "cache" / "records-v1")
    warm = run(*argv, env=env, now=NOW_FIXTURES).json
    assert summary(warm) == summary(cold) and summary(cold)["overview"][:2] == (10, 3)
    with open(home / ".copilot" / "session-state" / CLI_B / "events.jsonl", "a") as f:
        f.write(json.dumps({"type": "assistant.message", "timestamp": "2026-10-29T11:30:00.000Z",
                            "data": {"messageId": "b-3", "outputTokens": 1000}}) + "\n")
    grown = summary(run(*argv, env=env, now=NOW_FIXTURES).json)
    assert grown["overview"][0] == 11 and grown["overview"][3]["output"] == summary(cold)["overview"][3]["output"] + 1000


def test_an_otel_turn_hides_the_transcript_message_it_stands_for(tmp_path, run):
    home = tmp_path / "home"
    write_copilot_otel(str(home / OTEL))
    ws = home / ".config/Code/User/workspaceStorage/abc123"
    (ws / "GitHub.copilot-chat" / "transcripts").mkdir(parents=True)
    (ws / "workspace.json").write_text(json.dumps({"folder": "file:///home/dev/src/storefront"}))
    (ws / "GitHub.copilot-chat" / "transcripts" / "conv-1.jsonl").write_text("".join(
        json.dumps({"type": "assistant.message", "timestamp": ts,
                    "data": {"messageId": mid, "model": "gpt-4.1", "toolRequests": []}}) + "\n"
        for mid, ts in (("turn-1", "2026-11-02T09:00:05Z"), ("turn-2", "2026-11-02T09:10:05Z"))))
    got, _ = _report(run)
    # CodeBurn 0.9.20: span s-chat1 (turn-1) stands for the transcript's turn-1; turn-2 counts
    assert got["overview"] == (4, 2, 0.3207, {"input": 93000, "output": 1650, "cacheRead": 30000, "cacheWrite": 5000})
    assert got["projects"] == [("copilot-chat", 1, 1, 0.0192), ("storefront", 3, 1, 0.3015)]


def test_null_message_ids_and_counts_are_keyed_as_the_reference_keys_them(tmp_path, run):
    """A null output count is a call of no tokens (only a missing or zero one
    is none); the key spells a null id `null`, a missing one `undefined`, a
    number as its digits (so "7" repeats 7)."""
    log = tmp_path / "home" / ".copilot" / "session-state" / "n-1" / "events.jsonl"
    log.parent.mkdir(parents=True)
    ev = lambda kind, ts, data: json.dumps({"type": kind, "timestamp": f"2026-11-04T09:00:{ts:02d}.000Z",  # noqa
                                            "data": data})
    log.write_text("\n".join([
        ev("session.start", 0, {"selectedModel": "gpt-5"}), ev("user.message", 1, {"content": "tidy the logger"}),
        ev("assistant.message", 5, {"messageId": None, "outputTokens": None}),
        ev("assistant.message", 9, {"messageId": None, "outputTokens": 500}),
        ev("assistant.message", 12, {"outputTokens": 300}),
        ev("assistant.message", 15, {"messageId": 7, "outputTokens": 200}),
        ev("assistant.message", 18, {"messageId": "7", "outputTokens": 100})]) + "\n")
    got, _ = _report(run)
    # CodeBurn 0.9.20 on the same file
    assert got["overview"] == (3, 1, 0.005, {"input": 0, "output": 500, "cacheRead": 0, "cacheWrite": 0})


def test_a_session_of_only_a_shutdown_rollup_is_listed_with_no_calls(tmp_path):
    """A Copilot CLI session whose turns name no model (so none is a call)
    but whose shutdown totals do: `sessions` and `export` list it with 0
    calls and the rollup's tokens, as CodeBurn 0.9.20 does on these files.
    Input is cache-inclusive: 7562 - 2875 - 1713 = 2974; Sonnet 4.5 cost
    2974 x $3/M + 2875 x $0.30/M + 1713 x $3.75/M."""
    from tests.provider_files import cli_json

    home = str(tmp_path)
    sid = "22a95c3e-2368-4bd0-8d19-21298cfdcb46"
    d = os.path.join(home, ".copilot", "session-state", sid)
    os.makedirs(d)
    events = [
        {"type": "session.start", "timestamp": "2026-11-20T05:34:03.000Z", "data": {"sessionId": sid}},
        {"type": "user.message", "timestamp": "2026-11-20T05:43:07.447Z", "data": {"content": "explain this"}},
        {"type": "assistant.message", "timestamp": "2026-11-20T05:43:12.000Z",
         "data": {"messageId": "m1", "outputTokens": 94, "content": "ok"}},
        {"type": "session.shutdown", "timestamp": "2026-11-20T05:43:37.856Z",
         "data": {"shutdownType": "routine", "sessionStartTime": 1795584843000, "modelMetrics": {
             "claude-sonnet-4-5": {"usage": {"inputTokens": 7562, "outputTokens": 94, "cacheReadTokens": 2875,
                                             "cacheWriteTokens": 1713, "reasoningTokens": 0}}}}}]
    with open(os.path.join(d, "events.jsonl"), "w") as f:
        f.write("".join(json.dumps(e) + "\n" for e in events))
    with open(os.path.join(d, "workspace.yaml"), "w") as f:
        f.write(f'id: {sid}\ncwd: "/srv/x"\n')
    cost = 2974 * 3e-6 + 2875 * 0.3e-6 + 1713 * 3.75e-6
    (row,) = cli_json(home, "sessions", "--format", "json", "-p", "all", "--provider", "copilot")
    assert {k: row[k] for k in ("sessionId", "project", "models", "calls", "turns", "inputTokens", "outputTokens",
                                "cacheReadTokens", "cacheWriteTokens", "startedAt", "endedAt", "durationMs")} == {
        "sessionId": sid, "project": "x", "models": ["Sonnet 4.5"], "calls": 0, "turns": 0, "inputTokens": 2974,
        "outputTokens": 0, "cacheReadTokens": 2875, "cacheWriteTokens": 1713, "startedAt": "2026-11-20T05:43:37.856Z",
        "endedAt": "2026-11-20T05:43:37.856Z", "durationMs": 0}
    assert round(row["cost"], 12) == round(cost, 12)
    from tests.provider_files import cli

    out = str(tmp_path / "export.json")
    assert cli(home, "export", "-f", "json", "-o", out)[0] == 0
    assert json.load(open(out))["sessions"] == [{
        "Project": "x", "Session ID": sid, "Started At": "2026-11-20T05:43:37.856Z", "Cost (USD)": 0.02,
        "Saved (USD)": 0, "API Calls": 0, "Turns": 0, "model": "claude-sonnet-4-5"}]


# 0.9.20's activities on test_a_residual_no_turn_takes_in_is_general's files
REF_RESIDUAL_ACTIVITIES = [("General", 0, 0.0066875), ("Conversation", 1, 0.003625)]


def test_a_residual_no_turn_takes_in_is_general(tmp_path):
    """A shutdown rollup three hours after the session's only reply counted
    more than the store's rows: its residual is too far from any call to
    join a turn, and the reference makes such a turn General (totals are
    the rollup's either way)."""
    from tests.provider_files import cli_json
    from tests.records_util import make_db

    home, sid = str(tmp_path), "5e55a0b1-0000-4000-8000-000000000001"
    events = [
        {"type": "session.start", "timestamp": "2026-11-20T10:00:00.000Z", "data": {"sessionId": sid}},
        {"type": "user.message", "timestamp": "2026-11-20T10:00:01.000Z", "data": {"content": "hello there"}},
        {"type": "assistant.message", "timestamp": "2026-11-20T10:00:05.000Z",
         "data": {"messageId": "m1", "content": "hi", "outputTokens": 100, "model": "gpt-5"}},
        {"type": "session.shutdown", "timestamp": "2026-11-20T13:00:00.000Z",
         "data": {"shutdownType": "routine", "modelMetrics": {"gpt-5": {"usage": {
             "inputTokens": 9000, "outputTokens": 100, "cacheReadTokens": 2000, "cacheWriteTokens": 1000}}}}}]
    path = os.path.join(home, ".copilot", "session-state", sid, "events.jsonl")
    os.makedirs(os.path.dirname(path))
    with open(path, "w") as f:
        f.write("\n".join(json.dumps(e) for e in events) + "\n")
    make_db(os.path.join(home, ".copilot", "session-store.db"),
            "CREATE TABLE sessions (id TEXT PRIMARY KEY, cwd TEXT, repository TEXT, created_at TEXT);"
            "CREATE TABLE assistant_usage_events (id INTEGER PRIMARY KEY, session_id TEXT, model TEXT,"
            " input_tokens INTEGER, cache_read_tokens INTEGER, cache_write_tokens INTEGER,"
            " reasoning_tokens INTEGER, created_at TEXT);",
            {"sessions": [(sid, "/home/dev/app", None, "2026-11-20 10:00:00")],
             "assistant_usage_events": [(1, sid, "gpt-5", 3000, 1000, 0, 0, "2026-11-20 10:00:04")]})
    d = cli_json(home, "report", "--format", "json", "-p", "all", "--provider", "copilot")
    assert [(a["category"], a["turns"], round(a["cost"], 9)) for a in d["activities"]] == REF_RESIDUAL_ACTIVITIES


def test_a_store_row_pairs_with_the_otel_call_of_its_turn(tmp_path, run):
    """A CLI turn in the event log, in session-store.db and in VS Code's
    agent-traces.db (chat span of that conversation and turn id): the OTel
    call stands for the log's message, and the store row pairs with it, so
    the turn is one call (CodeBurn 0.9.20 on these files: 1 call, 1 turn,
    $0.0921; ours counted the row as a second call)."""
    import datetime as dt
    import sqlite3

    home, sid = tmp_path / "home", "sess-0001"
    state = home / ".copilot" / "session-state" / sid
    state.mkdir(parents=True)
    (state / "workspace.yaml").write_text(f"id: {sid}\ncwd: /home/dev/shop\n")
    iso = "2026-11-02T09:00:00.000Z"
    (state / "events.jsonl").write_text("".join(json.dumps(e) + "\n" for e in [
        {"type": "session.start", "timestamp": iso, "data": {"sessionId": sid, "selectedModel": "claude-sonnet-4.5"}},
        {"type": "user.message", "timestamp": iso, "data": {"content": "write a retry helper"}},
        {"type": "assistant.message", "timestamp": iso,
         "data": {"messageId": "msg-1", "model": "claude-sonnet-4.5", "outputTokens": 150, "toolRequests": []}}]))
    with sqlite3.connect(home / ".copilot" / "session-store.db") as db:
        db.executescript("""
            CREATE TABLE sessions(id TEXT PRIMARY KEY, cwd TEXT, repository TEXT, created_at TEXT);
            CREATE TABLE assistant_usage_events(id INTEGER PRIMARY KEY, session_id TEXT, model TEXT,
              input_tokens INTEGER, output_tokens INTEGER, cache_read_tokens INTEGER, cache_write_tokens INTEGER,
              reasoning_tokens INTEGER, created_at TEXT);""")
        db.execute("INSERT INTO sessions VALUES(?, '/home/dev/shop', NULL, '2026-11-02 09:00:00')", (sid,))
        db.execute("INSERT INTO assistant_usage_events VALUES(1, ?, 'claude-sonnet-4.5', 20000, 150, 12000, 3000, 0,"
                   " '2026-11-02 09:00:00')", (sid,))
    otel = home / OTEL
    otel.parent.mkdir(parents=True)
    ms = int(dt.datetime(2026, 11, 2, 9, tzinfo=dt.timezone.utc).timestamp() * 1000)
    with sqlite3.connect(otel) as db:
        db.executescript("""
            CREATE TABLE spans(span_id TEXT PRIMARY KEY, trace_id TEXT, operation_name TEXT, start_time_ms INTEGER,
              response_model TEXT);
            CREATE TABLE span_attributes(id INTEGER PRIMARY KEY, span_id TEXT, key TEXT, value TEXT);""")
        db.execute("INSERT INTO spans VALUES('sp1', 'tr1', 'chat', ?, 'claude-sonnet-4.5')", (ms,))
        db.executemany("INSERT INTO span_attributes(span_id, key, value) VALUES('sp1', ?, ?)", [
            ("gen_ai.conversation.id", sid), ("github.copilot.chat.turn.id", "msg-1"),
            ("gen_ai.usage.input_tokens", "20000"), ("gen_ai.usage.output_tokens", "150"),
            ("github.copilot.git.repository", "acme/shop")])
    now = dt.datetime(2026, 11, 3, 12, tzinfo=dt.timezone.utc)
    r = run("sessions", "--format", "json", "-p", "all", now=now)
    assert r.status == 0, r.stderr
    rows = r.json["sessions"] if isinstance(r.json, dict) else r.json
    assert [(s["sessionId"], s["calls"], s["turns"], round(s["cost"], 6)) for s in rows] == [(sid, 1, 1, 0.0921)]
