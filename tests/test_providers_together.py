"""Pi, OMP, OpenClaw, Kimi, Kimi Code, Mistral Vibe, Kiro and Cursor agent
together. `codeburn scan PATH` tells each records format by how its files begin:
every session file of the Pi, OMP, OpenClaw, Kimi, Kimi Code, Kiro and
Cursor agent fixtures is given to its own provider, and a Claude Code
transcript that quotes those formats stays Claude's."""
from __future__ import annotations

import os

from codeburn.providers.base import Walker
from codeburn.read import discovery
from tests import (test_provider_cursor_agent as cursor, test_provider_kimi as kimi, test_provider_kiro as kiro,
                   test_provider_openclaw as openclaw, test_provider_pi as pi)
from tests.conftest import assistant_line, user_line
from tests.provider_files import write_jsonl


def providers_of(root: str) -> dict[str, str]:
    sources = discovery.discover_paths([root], Walker(), [])
    return {os.path.relpath(s.path, root): s.provider for s in sources}


def test_each_format_goes_to_its_provider(tmp_path):
    home = str(tmp_path)
    pi.build(home)
    openclaw.build(home)
    kimi.build_kimi(home)
    kimi.build_kimicode(home)
    kiro.build_cli(home)
    kiro.build_v2(home)
    cursor.build(home)
    got = providers_of(home)
    expect = {
        ".pi/agent/sessions/--home-dev-auth-service--/2026-10-14_pi-sess-01.jsonl": "pi",
        ".omp/agent/sessions/--home-dev-cli--/omp-1.jsonl": "omp",
        ".openclaw/agents/main/sessions/oc-a.jsonl": "openclaw",
        ".clawdbot/agents/work/sessions/cb-1.jsonl": "openclaw",
        ".kiro/sessions/cli/s-cli-1.jsonl": "kiro",
        ".kiro/sessions/a1b2c3d4/sess_7f3e/messages.jsonl": "kiro",
        ".kimi-code/sessions/wd_changelog-bot_0123456789ab/session_7d1e/agents/main/wire.jsonl": "kimicode",
        f".cursor/projects/-Users-dev-src-shopfront/agent-transcripts/{cursor.U1}/{cursor.U1}.jsonl": "cursor-agent",
        ".cursor/projects/-Users-dev-src-shopfront/agent-transcripts/legacy-chat.txt": "cursor-agent",
    }
    assert {k: got.get(k) for k in expect} == expect
    wires = {k: v for k, v in got.items() if k.startswith(".kimi/") and k.endswith("wire.jsonl")}
    assert len(wires) == 4 and set(wires.values()) == {"kimi"}


def test_a_claude_transcript_quoting_them_stays_claude(tmp_path):
    quoted = ('{"type":"session","version":3,"id":"x","api":"anthropic-messages","responseId":"r"} '
              '{"timestamp":1,"message":{"type":"TurnBegin","payload":{}}} {"version":"1","kind":"Prompt"}')
    path = write_jsonl(str(tmp_path / "p" / "s.jsonl"), [
        user_line(quoted, ts="2026-10-01T10:00:00.000Z"),
        assistant_line("msg_1", ts="2026-10-01T10:00:05.000Z", text=quoted)])
    assert providers_of(str(tmp_path)) == {os.path.relpath(path, str(tmp_path)): "claude"}


def scan(home: str, *paths: str) -> dict:
    import datetime as dt
    import io
    import json

    from codeburn.cli import main
    from codeburn.env import Environment

    out, err = io.StringIO(), io.StringIO()
    e = Environment(stdout=out, stderr=err, environ={"HOME": home, "TZ": "UTC",
                                                     "CODEBURN_CACHE_DIR": os.path.join(home, ".cb-cache")},
                    home=home, clock=lambda: dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc))
    assert main(["scan", *paths, "--format", "json"], e) == 0 and err.getvalue() == ""
    return json.loads(out.getvalue())


def test_scanned_folders_read_as_discovered(tmp_path):
    """A folder given to `codeburn scan` gives the discovered totals: a wire
    log finds its share dir's config (model, projects), a Cursor transcript
    its `.cursor` dir's summaries database."""
    from tests.provider_files import overview

    home = str(tmp_path)
    kimi.build_kimi(home)
    cursor.build(home)
    assert overview(scan(home, os.path.join(home, ".kimi"))) == kimi.KIMI_REPORT
    assert overview(scan(home, os.path.join(home, ".cursor", "projects"))) == cursor.REPORT


def test_every_provider_together_equals_the_reference(tmp_path):
    """All the fixtures under one HOME, `--provider all`: CodeBurn 0.9.20
    gives 52 calls, 32 sessions, $0.451848235 ($0.02142686 estimated)."""
    from tests import test_provider_mistral_vibe as vibe
    from tests.provider_files import checked_report

    home = str(tmp_path)
    for build in (pi.build, openclaw.build, kimi.build_kimi, kimi.build_kimicode, vibe.build, kiro.build, cursor.build):
        build(home)
    d = checked_report(home, "all", {"calls": 52, "sessions": 32, "input": 106677, "output": 9196, "cacheRead": 177021,
                                     "cacheWrite": 9084, "cost": 0.451848235})
    assert round(d["overview"]["estimatedCost"], 9) == 0.02142686
    assert {p["name"]: (p["calls"], p["sessions"], round(p["cost"], 9)) for p in d["providers"]} == {
        "kiro": (9, 7, 0.191053), "pi": (6, 3, 0.107495), "openclaw": (8, 5, 0.0760675), "mistral-vibe": (7, 5, 0.0259),
        "kimicode": (7, 2, 0.02037386), "omp": (2, 1, 0.0165), "kimi": (6, 4, 0.013411375),
        "cursor-agent": (7, 5, 0.0010475)}
