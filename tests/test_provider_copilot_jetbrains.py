"""GitHub Copilot in JetBrains IDEs (spec providers §4.2): the plugin's
Nitrite stores, read as the reference reads them (its turn documents, the
≤1.5 outer document, titles, models, projectName joined across kinds,
git-root walk), through bounded windows. Reports of tests/nitrite_files'
fake homes are compared with CodeBurn 0.9.20's on the same files
(`HOME=<home> TZ=UTC $CODEBURN_HEAD report --format json -p all --provider copilot`)."""
from __future__ import annotations

import hashlib
import json
import math
import os
import tracemalloc

import pytest

from codeburn.providers import copilot
from codeburn.providers import copilot_jetbrains as jb
from codeburn.providers import nitrite_scan
from codeburn.providers.base import Walker
from codeburn.providers.records import ReadLog
from tests import nitrite_files as nf
from tests.provider_files import cli, cli_json
from tests.provider_fixtures import summary

ENV = {"CODEBURN_COPILOT_DISABLE_OTEL": "1"}


def _read(home: str, env=None) -> tuple[list, dict, ReadLog]:
    log, out = ReadLog(), {}
    sources = [s for s in copilot.discover(env or {}, home, Walker()) if s.form == "jetbrains"]
    for src in sources:
        for s in copilot.read(src, log):
            out[s.session_id] = s
    return sources, out, log


def _key(conv: str, reply: str, n: int = 1) -> str:
    return f"copilot:jb:{conv}:{hashlib.sha256(reply.encode()).hexdigest()[:12]}:{n}"


def _tokens(text: str) -> int:
    return math.ceil(len(text.encode("utf-16-le")) / 2 / 4)


def test_turns_titles_models_and_projects_of_each_store(tmp_path):
    home = str(tmp_path)
    nf.write_jetbrains_home(home)
    sources, sessions, log = _read(home)
    assert [(s.session_id, os.path.basename(s.path)) for s in sources] == [
        ("store-a", "copilot-agent-sessions-nitrite.db"), ("store-a", "copilot-chat-nitrite.db"),
        ("store-b", "copilot-agent-sessions-nitrite.db"), ("store-c", "copilot-edit-sessions-nitrite.db")]
    assert not log.counts and not log.unreadable
    a = sessions[nf.CONV_A]
    reply_a = "\n".join(r for r in nf.REPLY_A if r)
    # the reply stored twice counts once; the failed turn (an error status, no reply) is a $0 call
    assert [(c.key, c.model, c.input, c.output, c.estimated, c.prompt, c.ts_ms) for c in a.calls] == [
        (_key(nf.CONV_A, reply_a), "claude-sonnet-4-5", 0, 24, True, "Refactor the cart service", nf.T0 * 1000),
        (_key(nf.CONV_A, ""), "claude-sonnet-4-5", 0, 0, True, "Refactor the cart service", nf.T0 * 1000)]
    assert a.project == "web-api"   # named in the chat store of the same id
    b = sessions[nf.CONV_B]
    # the failed ask turn names no model: the store's best-ranked one (Sonnet 4.5 before GPT-4.1)
    assert [(c.model, c.output) for c in b.calls] == [("gpt-4.1", _tokens(nf.REPLY_B)), ("claude-sonnet-4-5", 0)]
    assert _tokens(nf.REPLY_B) == 21
    c = sessions[nf.CONV_C]
    assert (c.project, [(x.model, x.output, x.prompt) for x in c.calls]) == (
        "web-api", [("copilot-anthropic-auto", 17, "Why is the build slow")])
    old = sessions[nf.CONV_OLD]   # one call per outer document: its replies joined
    assert (old.project, [(x.model, x.output) for x in old.calls]) == ("shop", [("gpt-4.1", 22)])
    assert old.calls[0].key == _key(nf.CONV_OLD, "\n".join(r for r in nf.REPLY_OLD if r))
    edit = sessions["store-c"]    # no conversation record: the store id
    assert (edit.project, [(x.model, x.output, x.prompt) for x in edit.calls]) == (
        "shop", [("copilot-anthropic-auto", 12, "")])


def test_report_equals_the_reference(tmp_path):
    home = str(tmp_path)
    nf.write_jetbrains_home(home)
    doc = cli_json(home, "report", "--format", "json", "-p", "all", "--provider", "copilot", env=ENV)
    got = summary(doc)
    # CodeBurn 0.9.20 on the same files
    assert got["overview"] == (7, 5, 0.001139, {"input": 0, "output": 96, "cacheRead": 0, "cacheWrite": 0})
    assert got["projects"] == [("shop", 2, 2, 0.000356), ("web-api", 5, 3, 0.000783)]
    assert got["models"] == [("Copilot (Anthropic)", 2, 0, 29, 0, 0, 0.000435), ("GPT-4.1", 2, 0, 43, 0, 0, 0.000344),
                             ("Sonnet 4.5", 3, 0, 24, 0, 0, 0.00036)]
    assert got["daily"] == [("2026-11-20", 5, 5, 0.000783), ("2026-11-21", 1, 1, 0.000176),
                            ("2026-11-22", 1, 1, 0.00018)]
    assert sorted((a["category"], a["turns"], round(a["cost"], 10)) for a in doc["activities"]) == [
        ("Conversation", 4, 0.000716), ("Exploration", 2, 0.000168), ("Feature Dev", 1, 0.000255)]
    assert [p["path"] for p in sorted(doc["projects"], key=lambda p: p["name"])] == ["shop", "web/api"]
    assert doc["warnings"] == [] and doc["unpricedModels"] == []


def test_sessions_models_and_export_equal_the_reference(tmp_path):
    home = str(tmp_path)
    nf.write_jetbrains_home(home)
    rows = cli_json(home, "sessions", "--format", "json", "-p", "all", "--provider", "copilot", env=ENV)
    # CodeBurn 0.9.20's rows on the same files
    assert [(r["sessionId"], r["project"], r["models"], r["calls"], r["turns"], r["outputTokens"], r["cost"],
             r["startedAt"]) for r in rows] == [
        (nf.CONV_A, "web-api", ["Sonnet 4.5"], 2, 2, 24, 0.00036, "2026-11-20T10:00:00.000Z"),
        (nf.CONV_B, "web-api", ["GPT-4.1", "Sonnet 4.5"], 2, 2, 21, 0.000168, "2026-11-20T10:00:00.000Z"),
        (nf.CONV_C, "web-api", ["Copilot (Anthropic)"], 1, 1, 17, 0.000255, "2026-11-20T11:00:00.000Z"),
        (nf.CONV_OLD, "shop", ["GPT-4.1"], 1, 1, 22, 0.000176, "2026-11-21T10:00:00.000Z"),
        ("store-c", "shop", ["Copilot (Anthropic)"], 1, 1, 12, 0.00018, "2026-11-22T10:00:00.000Z")]
    models = cli_json(home, "models", "--format", "json", "-p", "all", "--provider", "copilot", "--min-cost", "0",
                      env=ENV)
    # 0.9.20's rows: `models` prices copilot-anthropic-auto as Sonnet 4.5 and folds it in
    assert [(m["model"], m["calls"], m["outputTokens"], round(m["costUSD"], 10), m["topCategory"],
             round(m["topCategoryShare"], 10)) for m in models] == [
        ("claude-sonnet-4-5", 5, 53, 0.000795, "conversation", round(36 / 53, 10)),
        ("gpt-4.1", 2, 43, 0.000344, "conversation", round(22 / 43, 10))]
    out = os.path.join(home, "export.json")
    assert cli(home, "export", "-f", "json", "-o", out, "--provider", "copilot", env=ENV)[0] == 0
    exported = json.load(open(out))
    assert [(s["Project"], s["Session ID"], s["Started At"], s["API Calls"], s.get("model")) for s in
            exported["sessions"]] == [
        ("web/api", nf.CONV_A, "2026-11-20T10:00:00.000Z", 2, "claude-sonnet-4-5"),
        ("web/api", nf.CONV_B, "2026-11-20T10:00:00.000Z", 2, None),
        ("web/api", nf.CONV_C, "2026-11-20T11:00:00.000Z", 1, "copilot-anthropic-auto"),
        ("shop", nf.CONV_OLD, "2026-11-21T10:00:00.000Z", 1, "gpt-4.1"),
        ("shop", "store-c", "2026-11-22T10:00:00.000Z", 1, "copilot-anthropic-auto")]
    assert [(r["sessionId"], r["model"], r["outputTokens"], r["category"]) for r in exported["records"][:3]] == [
        (nf.CONV_A, "claude-sonnet-4-5", 24, "conversation"), (nf.CONV_A, "claude-sonnet-4-5", 0, "conversation"),
        (nf.CONV_B, "gpt-4.1", 21, "exploration")]


def test_edge_shapes_equal_the_reference(tmp_path):
    home = str(tmp_path)
    nf.write_jetbrains_edge_home(home, "Cafe Repo")
    doc = cli_json(home, "report", "--format", "json", "-p", "all", "--provider", "copilot", env=ENV)
    got = summary(doc)
    # CodeBurn 0.9.20 on the same files
    assert got["overview"] == (7, 6, 0.000595, {"input": 0, "output": 81, "cacheRead": 0, "cacheWrite": 0})
    assert got["projects"] == [("Cafe Repo", 2, 1, 5e-05), ("copilot-jetbrains", 4, 4, 0.000525),
                               ("проект-café", 1, 1, 2e-05)]
    assert got["models"] == [("Copilot (Anthropic)", 1, 0, 8, 0, 0, 0.00012), ("GPT-5 Mini", 3, 0, 50, 0, 0, 0.0001),
                             ("Gemini 2.5 Pro", 1, 0, 2, 0, 0, 2e-05), ("Opus 4.5", 1, 0, 11, 0, 0, 0.000275),
                             ("o3", 1, 0, 10, 0, 0, 8e-05)]
    assert got["top"] == [(nf.CONV_D, "Cafe Repo", 2, 5e-05), (nf.CONV_E, "copilot-jetbrains", 1, 5e-05),
                          (nf.CONV_F, "copilot-jetbrains", 1, 8e-05), (nf.CONV_UP, "copilot-jetbrains", 1, 0.000275),
                          (nf.CONV_CUT, "copilot-jetbrains", 1, 0.00012)]
    # the random bytes where a store should be: named (the reference says nothing; it finds nothing either)
    bad = os.path.join(home, ".config/github-copilot/ws/chat-agent-sessions/s-5/copilot-agent-sessions-nitrite.db")
    assert doc["warnings"] == [f"1 stores that could not be read skipped; first at {bad}: not an H2 MVStore file"]
    _, sessions, _ = _read(home)
    d = sessions[nf.CONV_D]
    assert [c.output for c in d.calls] == [_tokens(nf.REPLY_D), _tokens("Second answer with %20 path")]
    assert _tokens(nf.REPLY_D) == 18   # the emoji is two UTF-16 units, as JavaScript counts it
    assert d.calls[0].prompt == nf.TITLE_D
    # a title 56 bytes long: its length byte '8' is printable and read as part of it, as the reference does
    assert sessions[nf.CONV_E].calls[0].prompt == "8" + nf.TITLE_E
    assert sessions[nf.CONV_CUT].calls[0].output == _tokens("A whole reply before the cut.")


def test_a_raw_non_ascii_path_finds_its_repository(tmp_path):
    """The plugin writes file URLs with raw UTF-8 paths; the reference reads
    them as latin1 and never finds such a repository (here it labels the
    conversation by the next file's, 'space repo'). We decode them as UTF-8."""
    home = str(tmp_path)
    nf.write_jetbrains_edge_home(home, "Café Repo")
    got = summary(cli_json(home, "report", "--format", "json", "-p", "all", "--provider", "copilot", env=ENV))
    assert got["overview"] == (7, 6, 0.000595, {"input": 0, "output": 81, "cacheRead": 0, "cacheWrite": 0})
    assert got["projects"] == [("Café Repo", 2, 1, 5e-05), ("copilot-jetbrains", 4, 4, 0.000525),
                               ("проект-café", 1, 1, 2e-05)]


def _all_calls(home: str) -> list:
    _, sessions, log = _read(home)
    return sorted((s.session_id, s.project, c.key, c.model, c.output, c.prompt)
                  for s in sessions.values() for c in s.calls), log.counts


@pytest.mark.parametrize("window", [7, 64, 999])
def test_small_windows_read_what_one_window_reads(tmp_path, monkeypatch, window):
    """Every search resumes across window edges as one search over the whole
    file would: windows of a few bytes find the same turns, titles and models."""
    for kind in ("main", "edge"):
        home = str(tmp_path / kind)
        nf.write_jetbrains_home(home) if kind == "main" else nf.write_jetbrains_edge_home(home, "Cafe Repo")
        whole = _all_calls(home)
        monkeypatch.setattr(nitrite_scan, "WINDOW", window)
        monkeypatch.setattr(nitrite_scan.windows, "__defaults__", (window,))
        assert _all_calls(home) == whole
        monkeypatch.undo()
        assert len(whole[0]) == 7


def test_an_oversized_document_is_skipped_and_named(tmp_path, monkeypatch):
    home = str(tmp_path)
    root = nf.write_jetbrains_home(home)
    monkeypatch.setattr(nitrite_scan.Documents.__init__, "__defaults__", (0, 300))
    _, sessions, log = _read(home)
    path = os.path.join(root, "iu", "chat-agent-sessions", "store-a", "copilot-agent-sessions-nitrite.db")
    # the agent turns (over 300 bytes) go; the short failed ask turn stays
    assert [(c.model, c.output) for c in sessions[nf.CONV_B].calls] == [("claude-sonnet-4-5", 0)]
    assert nf.CONV_A not in sessions
    assert log.counts["bad_record"][0] == 7
    assert log.counts["bad_record"][1].startswith(f"{path}: a document over 300 bytes at byte ")


def test_a_big_store_is_read_in_bounded_memory(tmp_path, monkeypatch):
    """A 48 MB store (6,000 turns of 8 KB) read through 1 MiB windows takes
    a few MB of Python allocations: windows, not the whole file (with the
    8 MiB default a 300 MB store peaks at ~60 MB RSS)."""
    monkeypatch.setattr(nitrite_scan.windows, "__defaults__", (1 << 20,))
    conv = "9f0a1b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c"
    turns = [nf.turn_document(conv, nf.ask_turn(f"reply {i} " + "x" * 8000, model="gpt-4.1")) for i in range(6000)]
    path = nf.write_store(str(tmp_path), "iu", "chat-sessions", "big",
                          nf.store_bytes(nf.conversation(conv, "Big"), *turns), nf.T0)
    assert os.path.getsize(path) > 48_000_000
    log = ReadLog()
    tracemalloc.start()
    try:
        (session,) = jb.read_store(path, "big", (), log)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(session.calls) == 6000 and not log.counts
    assert session.calls[0].output == _tokens("reply 0 " + "x" * 8000)
    assert peak < 8_000_000, peak


@pytest.mark.parametrize("data", [b"", b"H:2,", b"H:2," + bytes(range(256)) * 400, b"H:2,{\"__first__\":{\"type\":\"Subgraph\"",
                                  b"H:2,\x81{\"0B9E6F3C-1D2E-4F50-9A61-7C8D9E0F1A2B\":{\"type\":\"Value\",\"value\":\"AgentRound\\",
                                  "H:2,ünïcödé 中文 projectNamet\x00\xff".encode("utf-8") + b"\xff" * 300])
def test_broken_stores_give_nothing_and_never_raise(tmp_path, data):
    path = nf.write_store(str(tmp_path), "iu", "chat-sessions", "bad", data)
    log = ReadLog()
    assert list(jb.read_store(path, "bad", (), log)) == []
    assert bool(log.counts) == (not data.startswith(b"H:2,"))


def test_the_records_cache_keeps_a_store_until_it_or_a_sibling_changes(tmp_path):
    home = str(tmp_path)
    root = nf.write_jetbrains_home(home)
    argv = ("report", "--format", "json", "-p", "all", "--provider", "copilot")
    env = {**ENV, "CODEBURN_CACHE_DIR": str(tmp_path / "cache")}
    cold = cli_json(home, *argv, env=env)
    assert len(os.listdir(tmp_path / "cache" / "records-v1")) == 4
    warm = cli_json(home, *argv, env=env)
    assert summary(warm) == summary(cold)
    # a new turn in the edit store: re-read
    edit = os.path.join(root, "py", "chat-edit-sessions", "store-c", "copilot-edit-sessions-nitrite.db")
    with open(edit, "ab") as f:
        f.write(nf.turn_document("y", nf.ask_turn("One more answer, twenty-eight chars long..")))
    os.utime(edit, (nf.T0 + 2 * nf.DAY, nf.T0 + 2 * nf.DAY))
    grown = summary(cli_json(home, *argv, env=env))
    assert grown["overview"][0] == 8 and grown["overview"][3]["output"] == 96 + 11
    # the chat store names another project: the agent store of the same id is re-labelled
    chat = os.path.join(root, "iu", "chat-sessions", "store-a", "copilot-chat-nitrite.db")
    with open(chat, "rb") as f:
        data = f.read().replace(nf.project_field("web-api"), nf.project_field("web-app"))
    with open(chat, "wb") as f:
        f.write(data)
    relabelled = summary(cli_json(home, *argv, env=env))
    assert [p[0] for p in relabelled["projects"]] == ["shop", "web-app"]


def test_root_from_env_and_xdg(tmp_path):
    home = str(tmp_path / "home")
    elsewhere = str(tmp_path / "jb")
    nf.write_store(elsewhere, "iu", "chat-sessions", "s", nf.store_bytes(nf.turn_document("x", nf.ask_turn("hello"))))
    assert jb.root({}, home) == os.path.join(home, ".config", "github-copilot")
    assert jb.root({"XDG_CONFIG_HOME": "/xdg"}, home) == "/xdg/github-copilot"
    assert jb.root({"XDG_CONFIG_HOME": "relative/xdg"}, home) == os.path.join(home, ".config", "github-copilot")
    assert jb.root({"CODEBURN_COPILOT_JETBRAINS_DIR": elsewhere, "XDG_CONFIG_HOME": "/xdg"}, home) == elsewhere
    _, sessions, _ = _read(home, {"CODEBURN_COPILOT_JETBRAINS_DIR": elsewhere})
    assert [(s.session_id, s.project, [c.output for c in s.calls]) for s in sessions.values()] == [
        ("s", "copilot-jetbrains", [2])]


def test_scan_takes_a_store_file_or_the_folder(tmp_path):
    home = str(tmp_path)
    root = nf.write_jetbrains_home(home)
    agent = os.path.join(root, "iu", "chat-agent-sessions", "store-a", "copilot-agent-sessions-nitrite.db")
    one = cli_json(home, "scan", "--format", "json", agent)
    # the agent store alone, its project named by the chat store beside it
    assert (one["overview"]["calls"], one["overview"]["tokens"]["output"]) == (4, 45)
    assert [p["name"] for p in one["projects"]] == ["web-api"]
    whole = cli_json(home, "scan", "--format", "json", root)
    assert summary(whole)["overview"][:2] == (7, 5) and summary(whole)["overview"][3]["output"] == 96
    loose = str(tmp_path / "copy.db")
    with open(agent, "rb") as f, open(loose, "wb") as g:
        g.write(f.read())
    os.utime(loose, (nf.T0, nf.T0))
    alone = cli_json(home, "scan", "--format", "json", loose)   # recognised by its contents
    assert [(p["name"], p["calls"]) for p in alone["projects"]] == [("copilot-jetbrains", 4)]


def test_a_conversation_in_two_stores_is_one_session_labelled_by_its_first_call(tmp_path):
    """Without a projectName, the chat store's turn names a file in a git
    repository and the agent store's (read first) none: the reference labels
    the conversation's session by its first call, so both calls are one
    `copilot-jetbrains` session; a conversation only in the chat store is
    `ledger`'s."""
    home = str(tmp_path)
    nf.write_shared_conversation_home(home)
    got = summary(cli_json(home, "report", "--format", "json", "-p", "all", "--provider", "copilot", env=ENV))
    # CodeBurn 0.9.20 on the same files
    assert got["overview"] == (3, 2, 0.000224, {"input": 0, "output": 28, "cacheRead": 0, "cacheWrite": 0})
    assert got["projects"] == [("copilot-jetbrains", 2, 1, 0.000152), ("ledger", 1, 1, 7.2e-05)]
    assert got["top"] == [(nf.CONV_A, "ledger", 1, 7.2e-05), (nf.CONV_G, "copilot-jetbrains", 2, 0.000152)]


def test_file_uri_escapes_decode_as_decode_uri_component_does():
    from codeburn.providers import jetbrains_doc as doc

    # node -e 'decodeURIComponent(s)' on each (THROW: the path is kept as written)
    cases = {"/a%20b/c": "/a b/c", "/100%done/x": "/100%done/x", "/caf%C3%A9/x": "/café/x",
             "/bad%C3/x": "/bad%C3/x", "/x%2Fy/z": "/x/y/z", "/%E2%82%AC%41": "/€A", "/%ED%A0%80/x": "/%ED%A0%80/x",
             "/raw é/%41": "/raw é/A"}
    assert {k: doc._uri_decoded(k.encode()).decode() for k in cases} == cases
