"""Gemini CLI, Qwen Code, Droid and GitHub Copilot together: `--provider all`
equal to CodeBurn 0.9.20 on the same files, unreadable session files named
with the rest counted, and `codeburn scan PATH` recognising each format."""
from __future__ import annotations

import os

from tests.conftest import run_denied
from tests.provider_fixtures import (CLI_B, NOW_FIXTURES, summary, write_copilot_cli, write_copilot_vscode, write_droid,
                                     write_gemini, write_qwen)


def _everything(home: str, store: bool = True) -> None:
    write_gemini(home)
    write_qwen(home)
    write_droid(home)
    write_copilot_cli(home, store=store)
    if store:
        write_copilot_vscode(home)


def test_all_providers_equal_the_reference(tmp_path, run):
    _everything(str(tmp_path / "home"))
    r = run("report", "--format", "json", "-p", "all", "--provider", "all", now=NOW_FIXTURES)
    assert r.status == 0, r.stderr
    got = summary(r.json)
    # CodeBurn 0.9.20: `report --format json -p all --provider all` on the same home
    assert got["overview"] == (33, 12, 0.6723848, {"input": 162716, "output": 12339, "cacheRead": 323944,
                                                   "cacheWrite": 63002})
    assert [p[:3] for p in got["projects"]] == sorted([
        ("api-server", 4, 1), ("webapp", 4, 1), ("mobile", 2, 1), ("3b9f0e6d2c1a7788", 3, 1), ("billing", 3, 1),
        ("uploader", 3, 1), ("shopfront", 4, 1), ("app", 3, 1), ("copilot-chat", 1, 1), ("dashboard", 2, 1),
        ("work/web", 2, 1), ("api", 2, 1)])
    assert [d[:3] for d in got["daily"]] == [
        ("2026-10-20", 4, 3), ("2026-10-22", 3, 1), ("2026-10-24", 3, 3), ("2026-10-25", 2, 2), ("2026-10-26", 4, 4),
        ("2026-10-27", 2, 2), ("2026-10-28", 4, 4), ("2026-10-29", 3, 3), ("2026-10-30", 3, 3), ("2026-10-31", 3, 3),
        ("2026-11-01", 2, 2)]
    providers = {p["name"]: (p["calls"], p["sessions"]) for p in r.json["providers"]}
    assert providers == {"gemini": (7, 2), "qwen": (5, 2), "droid": (6, 2), "copilot": (15, 6)}


def test_unreadable_session_files_are_named_and_the_rest_counted(tmp_path):
    home = tmp_path / "home"
    _everything(str(home), store=False)
    locked = [home / ".gemini/tmp/shopfront/chats/session-2026-10-20T10-00-5f0c9e1a.jsonl",
              home / ".qwen/projects/-home-dev-api/chats/b7c8d9e0-1111-4a6b-8c7d-99aa00bb11cc.jsonl",
              home / ".factory/sessions/-home-dev-work-web/e1e2e3e4-aaaa-bbbb-cccc-ddddeeeeffff.jsonl",
              home / f".copilot/session-state/{CLI_B}/events.jsonl"]
    for path in locked:
        os.chmod(path, 0)
    try:
        r = run_denied(tmp_path, "report", "--format", "json", "-p", "lifetime", "--no-cache", "--provider", "all",
                       env={"CLAUDE_CONFIG_DIR": str(tmp_path / "claude")})
        strict = run_denied(tmp_path, "report", "-p", "lifetime", "--no-cache", "--strict",
                            env={"CLAUDE_CONFIG_DIR": str(tmp_path / "claude")})
    finally:
        for path in locked:
            os.chmod(path, 0o644)
    assert r.status == 0, r.stderr
    # CodeBurn 0.9.20 on the same home without the four files
    assert summary(r.json)["overview"] == (16, 5, 0.4333768, {"input": 83666, "output": 7875, "cacheRead": 226097,
                                                              "cacheWrite": 45002})
    [warning] = [w for w in r.json["warnings"] if "could not be read" in w]
    assert warning.startswith("4 paths could not be read: ") and "Permission denied (and 3 more)" in warning
    assert strict.status == 1


def test_scan_recognises_each_format(tmp_path, run):
    home = tmp_path / "home"
    _everything(str(home))
    picked = tmp_path / "picked"
    picked.mkdir()
    for i, rel in enumerate([".gemini/tmp/shopfront/chats/session-2026-10-20T10-00-5f0c9e1a.jsonl",
                             ".gemini/tmp/3b9f0e6d2c1a7788/chats/session-2026-10-22T08-30-a1b2c3d4.json",
                             ".qwen/projects/-home-dev-api/chats/b7c8d9e0-1111-4a6b-8c7d-99aa00bb11cc.jsonl",
                             ".factory/sessions/-home-dev-work-web/e1e2e3e4-aaaa-bbbb-cccc-ddddeeeeffff.jsonl",
                             f".copilot/session-state/{CLI_B}/events.jsonl",
                             ".config/Code/User/workspaceStorage/ffee00112233/chatSessions/cs-42.jsonl",
                             ".copilot/session-store.db"]):
        os.link(home / rel, picked / f"{i}-{os.path.basename(rel)}")
    r = run("scan", str(picked), "--format", "json", "-p", "all", now=NOW_FIXTURES)
    assert r.status == 0, r.stderr
    providers = {p["name"]: p["calls"] for p in r.json["providers"]}
    # the droid settings file stays behind, so its session has no tokens and no calls; the store alone
    # gives its rows: B's three and C's three (no event log beside it to pair with)
    assert providers == {"gemini": 3 + 3, "qwen": 2, "copilot": 2 + 2 + 6}
