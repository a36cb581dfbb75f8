"""End to end: `codeburn report --format json -p all --provider <id>` on
each records provider's fixture equals CodeBurn 0.9.20's overview on the
same files (HOME = the fixture home, TZ=UTC): calls, sessions, tokens and
cost, including the allow-list (cline-cli keeps its own cost) and the
`*-auto` models priced as Sonnet 4.5."""
from __future__ import annotations

import datetime as dt
import os

import pytest

from tests import (test_provider_antigravity as ag_fx, test_provider_cline as cline_fx, test_provider_cline_cli as cli_fx,
                   test_provider_cursor as cursor_fx, test_provider_goose_crush as gc_fx,
                   test_provider_opencode as oc_fx)

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc)

# provider -> (fixture builder, calls, sessions, input, output, cache read, cache write, cost)  [0.9.20]
REFERENCE = {
    "cline": (cline_fx.build, 4, 2, 1540, 930, 2550, 940, 0.02286),
    "roo-code": (cline_fx.build, 1, 1, 1200, 300, 4000, 0, 0.005),
    "kilo-code": (cline_fx.build, 1, 1, 500, 50, 0, 0, 0.00075),
    "ibm-bob": (cline_fx.build, 1, 1, 800, 120, 10, 0, 0.004203),
    "opencode": (oc_fx.build, 7, 3, 1425, 1290, 8503, 402, 0.0343628),
    "cline-cli": (cli_fx.build, 4, 2, 10700, 1170, 12100, 800, 0.0632),
    "goose": (gc_fx.build, 2, 2, 12500, 3400, 0, 0, 0.0655),
    "crush": (gc_fx.build, 3, 3, 17900, 1190, 0, 0, 0.059025),
    "cursor": (cursor_fx.build_parity, 9, 5, 6244, 439, 0, 0, 0.01282825),
    "antigravity": (ag_fx.build, 4, 2, 16300, 1190, 0, 0, 0.041925),
}


@pytest.mark.parametrize("provider", sorted(REFERENCE))
def test_report_equals_reference(run, tmp_path, provider):
    build, calls, sessions, inp, out, cr, cw, cost = REFERENCE[provider]
    build(str(tmp_path / "home"))
    r = run("report", "--format", "json", "-p", "all", "--provider", provider, now=NOW)
    assert r.status == 0, r.stderr
    o = r.json["overview"]
    assert (o["calls"], o["sessions"]) == (calls, sessions)
    assert o["tokens"] == {"input": inp, "output": out, "cacheRead": cr, "cacheWrite": cw}
    assert o["cost"] == pytest.approx(cost, rel=1e-9)


def test_kilo_code_reads_both_halves(run, tmp_path):
    """The task folder (cline fixture) and the SQLite store (opencode fixture)."""
    cline_fx.build(str(tmp_path / "home"))
    oc_fx.build(str(tmp_path / "home"))
    o = run("report", "--format", "json", "-p", "all", "--provider", "kilo-code", now=NOW).json["overview"]
    assert (o["calls"], o["tokens"]["input"], o["tokens"]["output"]) == (2, 800, 80)
    assert o["cost"] == pytest.approx(0.00075 + 0.00138, rel=1e-9)


def test_cline_family_tools_reach_the_report(run, tmp_path):
    """Beyond the reference (which lists no tools for Cline): the tool
    requests of the task log, mapped by rules/providers.toml."""
    cline_fx.build(str(tmp_path / "home"))
    d = run("report", "--format", "json", "-p", "all", "--provider", "cline", now=NOW).json
    assert {t["name"]: t["calls"] for t in d["tools"]} == {"Bash": 1, "Edit": 1, "Read": 1}
    assert {s["name"] for s in d["shellCommands"]} == {"git", "npm"}
    assert [m["name"] for m in d["models"]] == ["Sonnet 4.5", "Cline (auto)"]


def test_goose_tools_and_shell_commands(run, tmp_path):
    gc_fx.build(str(tmp_path / "home"))
    d = run("report", "--format", "json", "-p", "all", "--provider", "goose", now=NOW).json
    # 0.9.20: tools Bash, Edit, create_issue; shell npm, git, head
    assert {t["name"] for t in d["tools"]} == {"Bash", "Edit", "create_issue"}
    assert {s["name"]: s["calls"] for s in d["shellCommands"]} == {"npm": 1, "git": 1, "head": 1}


def test_broken_store_is_one_warning_and_the_rest_unchanged(run, tmp_path):
    home = tmp_path / "home"
    gc_fx.build(str(home))
    db = home / ".local" / "share" / "goose" / "sessions" / "sessions.db"
    db.write_bytes(b"not a database" * 1000)
    r = run("report", "--format", "json", "-p", "all", now=NOW)
    assert r.status == 0
    o = r.json["overview"]
    assert (o["calls"], o["tokens"]["input"]) == (3, 17900)          # crush's, unchanged
    assert [w for w in r.json["warnings"] if "sessions.db" in w] == [
        f"1 path could not be read: {db}: not a SQLite database"]


def test_cursor_tools_projects_and_categories(run, tmp_path):
    cursor_fx.build(str(tmp_path / "home"))         # with the malformed row: skipped, named, the rest as 0.9.20
    d = run("report", "--format", "json", "-p", "all", "--provider", "cursor", now=NOW).json
    assert {t["name"]: t["calls"] for t in d["tools"]} == {"Bash": 2, "cursor:edit": 1, "lang:typescript": 1,
                                                          "read_file": 1}
    assert {s["name"]: s["calls"] for s in d["shellCommands"]} == {"cargo": 1, "git": 1, "ls": 1}
    assert sorted((p["name"], p["calls"], p["sessions"]) for p in d["projects"]) == [
        ("-home-dev-my app0", 4, 2), ("-home-dev-my app1", 2, 1), ("cursor", 3, 2)]
    assert sorted((a["category"], a["turns"]) for a in d["activities"]) == [
        ("Coding", 2), ("Conversation", 5), ("Feature Dev", 1), ("Refactoring", 1)]
    assert d["overview"]["cost"] == pytest.approx(0.01282825, rel=1e-9)
    assert any("1 records of an unexpected shape skipped" in w for w in d["warnings"])


def test_scan_path_finds_every_store(run, tmp_path):
    """`codeburn scan DIR` sniffs the stores and task files below DIR: the
    same calls as the providers' own reports (the kilo-code task folder and
    kilo.db both)."""
    home = tmp_path / "home"
    for build in (cline_fx.build, oc_fx.build, cli_fx.build, gc_fx.build, cursor_fx.build_parity, ag_fx.build):
        build(str(home))
    r = run("scan", str(home), "--format", "json", now=NOW)
    assert r.status == 0, r.stderr
    got = {p["name"]: (p["calls"], round(p["cost"], 9)) for p in r.json["providers"]}
    want = {k: (v[1], round(v[7], 9)) for k, v in REFERENCE.items()}
    # kilo-code: its task folder and kilo.db; cline: of task 1779000000000, in ~/.cline/data and in
    # VS Code's storage, only the newest copy is read, as discovery reads it
    want["kilo-code"] = (2, round(0.00075 + 0.00138, 9))
    assert got == want


def test_records_cache_follows_every_file_a_source_reads(run, tmp_path):
    """A warm report equals the cold one; a new OpenCode message file, a
    Cursor workspace's composer list or a Cline CLI messages file changes
    the next report (each is part of its source's cache key)."""
    import json
    import os
    import sqlite3

    home = tmp_path / "home"
    for build in (oc_fx.build, cursor_fx.build_parity, cli_fx.build):
        build(str(home))
    env = {"CODEBURN_CACHE_DIR": str(tmp_path / "cache")}

    def overview(provider):
        r = run("report", "--format", "json", "-p", "all", "--provider", provider, env=env, now=NOW)
        assert r.status == 0, r.stderr
        return r.json["overview"]["calls"], r.json["overview"]["tokens"]["input"], \
            sorted(p["name"] for p in r.json["projects"])

    cold = {p: overview(p) for p in ("opencode", "cursor", "cline-cli")}
    assert {p: overview(p) for p in cold} == cold
    assert os.listdir(tmp_path / "cache" / "records-v1")
    mdir = home / ".local" / "share" / "opencode" / "storage" / "message" / "ses_file"
    (mdir / "msg_f3.json").write_text(json.dumps({"id": "msg_f3", "time": {"created": oc_fx.T0 + 30},
                                                  **oc_fx.assistant(i=11, o=1)}))
    assert overview("opencode")[:2] == (cold["opencode"][0] + 1, cold["opencode"][1] + 11)
    ws = home / ".config" / "Cursor" / "User" / "workspaceStorage" / "ws1" / "state.vscdb"
    conn = sqlite3.connect(ws)
    conn.execute("UPDATE ItemTable SET value = ?", (json.dumps({"allComposers": []}),))
    conn.commit()
    conn.close()
    assert "-home-dev-my app1" in cold["cursor"][2] and "-home-dev-my app1" not in overview("cursor")[2]
    msgs = home / ".cline" / "data" / "sessions" / "sess_a" / "sess_a.messages.json"
    doc = json.loads(msgs.read_text())
    doc["messages"].append({"role": "assistant", "id": "m9", "ts": cli_fx.T0 + 9000,
                            "metrics": {"inputTokens": 5, "outputTokens": 1}})
    msgs.write_text(json.dumps(doc))
    assert overview("cline-cli")[:2] == (cold["cline-cli"][0] + 1, cold["cline-cli"][1] + 5)


def forget_kept_results(cache):
    """Removes the kept scan and report (codeburn.cache.scanmemo, reportmemo),
    which answer a repeat over unchanged sources before any records cache
    entry is read."""
    for p in cache.rglob("*.cbm"):
        p.unlink()


def test_records_cache_entry_written_while_read_reads_back(run, tmp_path):
    """The entry, written as the store is read (tapes straight into its
    temporary file, the counts last), reads back the same from the cache,
    and no temporary file is left beside it."""
    cursor_fx.build_parity(str(tmp_path / "home"))
    env = {"CODEBURN_CACHE_DIR": str(tmp_path / "cache")}
    argv = ("report", "--format", "json", "-p", "all", "--provider", "cursor")
    cold = run(*argv, env=env, now=NOW).json
    entries = os.listdir(tmp_path / "cache" / "records-v1")
    assert len(entries) == 1
    forget_kept_results(tmp_path / "cache")
    warm = run(*argv, env=env, now=NOW).json
    assert warm["overview"] == cold["overview"] and warm["activities"] == cold["activities"]
    assert cold["overview"]["calls"] == 9


@pytest.mark.parametrize("keep", [0, 10, 0.5])
def test_records_cache_truncated_entry_is_named_and_rebuilt(run, tmp_path, keep):
    """The entry is checked (length, digest) before it is decoded a session
    at a time from the file; a cut one is named and the store read again."""
    cursor_fx.build_parity(str(tmp_path / "home"))
    env = {"CODEBURN_CACHE_DIR": str(tmp_path / "cache")}
    argv = ("report", "--format", "json", "-p", "all", "--provider", "cursor")
    cold = run(*argv, env=env, now=NOW).json
    (entry,) = (tmp_path / "cache" / "records-v1").iterdir()
    blob = entry.read_bytes()
    entry.write_bytes(blob[:int(len(blob) * keep) if isinstance(keep, float) else keep])
    forget_kept_results(tmp_path / "cache")
    again = run(*argv, env=env, now=NOW).json
    assert again["overview"] == cold["overview"]
    assert any(w.startswith("damaged records cache entry ignored and rebuilt") for w in again["warnings"])


def test_kept_cursor_results_follow_the_six_month_floor(run, tmp_path, monkeypatch):
    """A Cursor read keeps only bubbles newer than six months before today:
    when the floor moves past them, the kept scan, report and tapes are not
    used (the floor is part of the store's stamp)."""
    from codeburn.providers import cursor

    cursor_fx.build_parity(str(tmp_path / "home"))
    env = {"CODEBURN_CACHE_DIR": str(tmp_path / "cache")}
    argv = ("report", "--format", "json", "-p", "all", "--provider", "cursor")
    assert run(*argv, env=env, now=NOW).json["overview"]["calls"] == 9
    assert run(*argv, env=env, now=NOW).json["overview"]["calls"] == 9      # kept
    monkeypatch.setattr(cursor, "time_floor", lambda now=None: "2026-12-01T00:00:00.000Z")
    # read again: no bubble is in range, so each agent request (req-b, req-d, req-orphan) is a session of its own
    # (the lists are the read's; the headline keeps the conversations' past days, as a day history does:
    # their 9 calls, and the 2 requests dated today, tests/test_day_history.py)
    doc = run(*argv, env=env, now=NOW).json
    assert (sum(p["calls"] for p in doc["projects"]), doc["overview"]["calls"]) == (3, 11)
