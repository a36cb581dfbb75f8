"""`status --format menubar-json`'s history.timeline against CodeBurn
0.9.20's on the same files (tests/timeline_world.py; the reference's
timelines are kept in tests/data/timeline_reference.json with the time each
was made, which is the clock here): 15-minute, hourly and daily buckets,
New York's fall-back hour twice, nine models and eleven sessions (Other
in both), AI titles cleaned and disambiguated, `<synthetic>` as Other model."""
from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from codeburn.report.timeline import clean_title, session_labels, short_id, short_project
from tests import timeline_world
from tests.conftest import NOW, SESSION, assistant_line, usage, user_line

HERE = os.path.dirname(__file__)
with open(os.path.join(HERE, "data", "timeline_reference.json"), encoding="utf-8") as _f:
    REFERENCE = json.load(_f)


def _at(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))


@pytest.fixture
def world(tmp_path):
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    timeline_world.write(str(home))
    return {"CLAUDE_CONFIG_DIR": str(home / ".claude"), "CODEX_HOME": str(home / ".codex"),
            "TZ": timeline_world.ZONE}


def _menubar(run, env, *args, now):
    r = run("status", "--format", "menubar-json", *args, env=env, now=now)
    assert r.status == 0, r.stderr
    return r.json


@pytest.mark.parametrize("case", list(REFERENCE))
def test_timeline_matches_the_reference(run, world, case):
    ref = REFERENCE[case]
    doc = _menubar(run, world, *ref["args"], "--no-cache", now=_at(ref["now"]))
    assert list(doc["history"]) == ["daily", "timeline"]
    assert doc["history"]["timeline"] == ref["timeline"]


def test_reference_cases_cover_what_they_claim():
    hour = REFERENCE["hour"]["timeline"]
    assert [REFERENCE[c]["timeline"]["bucketMinutes"] for c in ("quarter", "hour", "day")] == [15, 60, 1440]
    stamps = [p["timestamp"] for p in hour["points"]]
    # 01:00 EDT and 01:00 EST are two buckets; 73 local hours in the three days
    assert "2026-11-01T05:00:00.000Z" in stamps and "2026-11-01T06:00:00.000Z" in stamps and len(stamps) == 73
    assert hour["modelSeries"][-1] == {"id": "model_other", "label": "Other"}
    assert hour["sessionSeries"][-1] == {"id": "session_other", "label": "Other"}
    assert {"id": "session_1", "label": "Fix the checkout flow (claude)"} in hour["sessionSeries"]
    assert len(REFERENCE["quarter"]["timeline"]["points"]) == 100  # a 25-hour day


def test_synthetic_is_other_model(run, history):
    history.write("-home-dev-src-shop", f"{SESSION}.jsonl", [
        user_line("go", ts="2026-03-05T09:00:00.000Z"),
        assistant_line("m1", ts="2026-03-05T09:00:05.000Z", usage=usage(1000, 100)),
        assistant_line("m2", ts="2026-03-05T09:20:05.000Z", model="<synthetic>", usage=usage(10, 5))])
    t = _menubar(run, {}, "--no-cache", now=NOW)["history"]["timeline"]
    assert t["modelSeries"] == [{"id": "model_0", "label": "claude-sonnet-4-5-20250929"},
                                {"id": "model_1", "label": "Other model"}]
    assert t["sessionSeries"] == [{"id": "session_0", "label": "7c1e2a…aaaa (claude) · src/shopfront"}]
    assert len(t["points"]) == 49 and t["points"][37] == {
        "timestamp": "2026-03-05T09:15:00.000Z", "cost": 0, "tokens": 15,
        "models": [{"seriesId": "model_1", "cost": 0, "tokens": 15}],
        "sessions": [{"seriesId": "session_0", "cost": 0, "tokens": 15}]}


def test_no_timeline_leaves_it_out(run, world):
    ref = REFERENCE["week"]
    doc = _menubar(run, world, "--period", "week", "--no-timeline", "--no-cache", now=_at(ref["now"]))
    assert list(doc["history"]) == ["daily"] and doc["history"]["daily"]


def test_kept_payload_follows_the_clock(run, world):
    """A snapshot kept in one 15-minute bucket is not reused in the next
    (the points run to now), nor with --no-timeline."""
    now = _at(REFERENCE["today"]["now"])
    first = _menubar(run, world, "--period", "today", now=now)["history"]["timeline"]["points"]
    again = _menubar(run, world, "--period", "today", now=now + dt.timedelta(seconds=30))["history"]["timeline"]["points"]
    later = _menubar(run, world, "--period", "today", now=now + dt.timedelta(minutes=15))["history"]["timeline"]["points"]
    assert len(again) == len(first) and len(later) == len(first) + 1
    assert "timeline" not in _menubar(run, world, "--period", "today", "--no-timeline", now=now)["history"]


def test_empty_period(run, world):
    doc = _menubar(run, world, "--day", "2026-10-25", "--no-cache", now=_at(REFERENCE["today"]["now"]))
    assert doc["history"]["timeline"] == {"bucketMinutes": 15, "modelSeries": [], "sessionSeries": [], "points": []}


@pytest.mark.parametrize("raw,clean", [
    ("  \x1b[31mred\x1b[0m\ttitle\n\nnext  ", "red title next"),
    ("\x1b]0;window\x07Named", "Named"),
    (" \x00\x9f ", None),
    (None, None),
    ("x" * 79 + " y", "x" * 79),
    ("\U0001F680" * 100, "\U0001F680" * 80),
])
def test_clean_title(raw, clean):
    assert clean_title(raw) == clean


def test_short_forms():
    assert short_id("  0123456789abcdef ") == "012345…cdef"
    assert short_id("0123456789ab") == "0123456789ab" and short_id("  ") == "unknown"
    assert short_project("C:\\work\\repo\\app\\", "x") == "repo/app" and short_project("/", "fallback") == "fallback"


def _info(key, path, sid, title=None, provider="claude"):
    return {"key": key, "provider": provider, "path": path, "id": sid, "names": {"proj"},
            "titles": {title: 1} if title else {}}


def test_session_label_collisions():
    labels = session_labels([
        _info("a", "/w/one/app", "s1", "Same"),
        _info("b", "/w/two/app", "s1", "Same"),        # same title, same id: the short paths tell them apart
        _info("c", "/x/one/app", "s2", "Other"),
        _info("d", "/y/one/app", "s2", "Other"),       # and when those are alike too: full path and id
        _info("e", "/z/q", "sid-three", None),
    ])
    assert labels == ["s1 (claude) · Same · one/app", "s1 (claude) · Same · two/app",
                      "s2 (claude) · Other · /x/one/app · s2", "s2 (claude) · Other · /y/one/app · s2",
                      "sid-three (claude) · z/q"]


def test_a_kept_payload_is_served_without_numpy(tmp_path):
    """The snapshot's key asks only which bucket now is in: a repeat in the
    same bucket answers from the snapshot without loading numpy (the reader)."""
    import subprocess
    import sys

    home = tmp_path / "home"
    home.mkdir()
    timeline_world.write(str(home))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAUDE_", "CODEX_", "CODEBURN_", "XDG_"))}
    env.update(HOME=str(home), TZ=timeline_world.ZONE, CODEBURN_CACHE_DIR=str(tmp_path / "cache"))
    code = ("import sys, datetime as dt; from codeburn.cli import main; from codeburn.env import Environment; "
            f"e = Environment(clock=lambda: dt.datetime.fromisoformat({REFERENCE['week']['now'][:-1]!r})"
            ".replace(tzinfo=dt.timezone.utc)); "
            "main(['status', '--format', 'menubar-json', '--period', 'week'], e); print('numpy' in sys.modules)")

    def status():
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                             cwd=str(tmp_path), check=True).stdout.splitlines()
        return json.loads(out[0])["history"]["timeline"], out[1]

    assert status() == (REFERENCE["week"]["timeline"], "True")
    assert status() == (REFERENCE["week"]["timeline"], "False")
