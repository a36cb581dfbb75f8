"""A Claude session that linked a pull request (a `pr-link` record) and
spawned a subagent is kept by the reference as a zero-cost anchor in every
period where it has no call: its project is listed with 0 calls and 0
sessions, and optimize's detectors run for it (the config-based ones then
find what they find with no calls). Expected values are CodeBurn 0.9.20's on
tests/pr_world.py's files (`HOME=<home> TZ=UTC $CODEBURN_HEAD report
--format json --from D --to D`, and `optimize --format json`)."""
from __future__ import annotations

import datetime as dt
import os

from tests import pr_world
from tests.provider_files import cli_json

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.timezone.utc)
SHOP = {"name": "-home-dev-src-shop", "path": "/home/dev/src/shop", "cost": 0, "savings": 0,
        "avgCostPerSession": None, "calls": 0, "sessions": 0}


def cli(home: str, *argv: str) -> dict:
    return cli_json(home, *argv, env={"CLAUDE_CONFIG_DIR": os.path.join(home, ".claude")}, now=NOW)


def test_the_anchor_s_project_is_listed_with_nothing_in_it(tmp_path):
    home = str(tmp_path)
    pr_world.write(os.path.join(home, ".claude"))
    # 03-04: the web sessions ran; the shop session (PR 13, a Task spawn) ran on 03-02 only
    d = cli(home, "report", "--format", "json", "--from", "2026-03-04", "--to", "2026-03-04")
    assert [(p["name"], p["calls"], p["sessions"]) for p in d["projects"]] == [
        ("-home-dev-src-web", 3, 2), ("-home-dev-src-shop", 0, 0)]
    assert d["projects"][1] == SHOP and d["overview"]["sessions"] == 2
    # 03-05: no call at all, the anchor alone
    d = cli(home, "report", "--format", "json", "--from", "2026-03-05", "--to", "2026-03-05")
    assert d["projects"] == [SHOP] and d["overview"]["calls"] == 0 and d["overview"]["sessions"] == 0
    # ... and a period where the shop session has its calls lists it once, as usual
    d = cli(home, "report", "--format", "json", "--from", "2026-03-02", "--to", "2026-03-02")
    assert [(p["name"], p["calls"], p["sessions"]) for p in d["projects"]] == [("-home-dev-src-shop", 7, 3)]  # its subagents too


def test_optimize_runs_for_an_anchor_alone(tmp_path):
    home = str(tmp_path)
    pr_world.write(os.path.join(home, ".claude"))
    d = cli(home, "optimize", "--format", "json", "--from", "2026-03-05", "--to", "2026-03-05")
    s = d["summary"]
    assert [f["id"] for f in d["findings"]] == ["bash-output-cap"]
    assert (s["findingCount"], s["healthScore"], s["sessions"], s["calls"], s["potentialSavingsTokens"]) == (1, 93, 0, 0, 3750)


def _written_when_last_used(claude: str) -> None:
    """Each file's mtime a minute after its last record, as Claude Code leaves it."""
    for rel, recs in pr_world.files().items():
        last = max(dt.datetime.fromisoformat(r["timestamp"].replace("Z", "+00:00")) for r in recs if "timestamp" in r)
        t = (last + dt.timedelta(minutes=1)).timestamp()
        os.utime(os.path.join(claude, "projects", rel), (t, t))


def test_an_anchor_last_written_before_the_period_is_still_read(tmp_path):
    # 0.9.20 reads every Claude file whatever the period (the Codex and other
    # JSONL tools' files last written before it are skipped): the shop
    # session, last written on 03-02, still anchors its project on 03-04,
    # 03-05 and today (03-10), and optimize still runs for it
    home = str(tmp_path)
    claude = os.path.join(home, ".claude")
    pr_world.write(claude)
    _written_when_last_used(claude)
    d = cli(home, "report", "--format", "json", "--from", "2026-03-04", "--to", "2026-03-04")
    assert [(p["name"], p["calls"], p["sessions"]) for p in d["projects"]] == [
        ("-home-dev-src-web", 3, 2), ("-home-dev-src-shop", 0, 0)]
    for argv in (("--from", "2026-03-05", "--to", "2026-03-05"), ("-p", "today")):
        d = cli(home, "report", "--format", "json", *argv)
        assert d["projects"] == [SHOP] and d["overview"]["calls"] == 0
    d = cli(home, "optimize", "--format", "json", "-p", "today")
    assert [f["id"] for f in d["findings"]] == ["bash-output-cap"] and d["summary"]["healthScore"] == 93


def test_a_task_without_a_subagent_type_spawns_too(tmp_path):
    # the reference keeps the id of every Agent/Task tool use as a spawn,
    # whether or not its input names a subagent_type
    home = str(tmp_path)
    claude = os.path.join(home, ".claude")
    pr_world.write(claude)
    shop = os.path.join(claude, "projects", pr_world.SHOP, f"{pr_world.S1}.jsonl")
    with open(shop, encoding="utf-8") as f:
        text = f.read()
    assert text.count('"input":{"subagent_type":"explorer"}') == 1
    with open(shop, "w", encoding="utf-8") as f:
        f.write(text.replace('"input":{"subagent_type":"explorer"}', '"input":{"description":"look around"}'))
    d = cli(home, "report", "--format", "json", "--from", "2026-03-05", "--to", "2026-03-05")
    assert d["projects"] == [SHOP]


def test_no_anchor_without_the_pr_link_or_for_another_provider(tmp_path):
    home = str(tmp_path)
    claude = os.path.join(home, ".claude")
    pr_world.write(claude)
    d = cli(home, "report", "--format", "json", "--from", "2026-03-05", "--to", "2026-03-05", "--provider", "codex")
    assert d["projects"] == []
    shop = os.path.join(claude, "projects", pr_world.SHOP, f"{pr_world.S1}.jsonl")
    with open(shop, encoding="utf-8") as f:
        kept = [line for line in f if '"pr-link"' not in line]
    with open(shop, "w", encoding="utf-8") as f:
        f.writelines(kept)
    d = cli(home, "report", "--format", "json", "--from", "2026-03-05", "--to", "2026-03-05")
    assert d["projects"] == []
