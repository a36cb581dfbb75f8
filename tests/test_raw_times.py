"""Times as the logs spell them, for the tools whose spelling the reference
shows (Qwen, Droid, Mistral Vibe, Copilot's events: spec providers §1.4-1.11
keep the record's `timestamp` string), and the order of a project's sessions
of several tools (the reference reads its providers in its own order).
Expected values are CodeBurn 0.9.20's `sessions --format json -p all` on the
same files (`HOME=<home> TZ=UTC $CODEBURN_HEAD sessions --format json -p all`)."""
from __future__ import annotations

import os
import re

from tests import test_provider_mistral_vibe as vibe
from tests.provider_files import cli, cli_json
from tests.provider_fixtures import write_copilot_cli, write_droid, write_qwen

# 0.9.20's order of the sessions (by project cost; a project's sessions in
# the order its providers are read: Mistral Vibe before Qwen in project api).
ORDER = ["d7e8f9a0-1111-2222-3333-444455556666", "3f2a9c1e-bb01-4c55-9d2e-0a1b2c3d4e5f",
         "7d6c5b4a-cc02-4d66-8e3f-1b2c3d4e5f60", "a0b1c2d3-e4f5-4a6b-8c7d-0e1f2a3b4c5d", "vibe-9a8b",
         "vibe-9a8b-explore", "vibe-c001", "vibe-d002", "b7c8d9e0-1111-4a6b-8c7d-99aa00bb11cc", "vibe-iso",
         "vibe-e003", "e1e2e3e4-aaaa-bbbb-cccc-ddddeeeeffff"]
# sessionId -> (startedAt, endedAt, durationMs), as 0.9.20 writes them.
TIMES = {
    "vibe-iso": ("2026-11-07T09:00:05.5Z", "2026-11-07T09:00:30.654321+00:00", 25154),
    "vibe-9a8b": ("2026-11-01T12:00:21Z", "2026-11-01T12:00:21Z", 0),
    "vibe-e003": ("2026-11-01T11:59:58Z", "2026-11-01T11:59:58Z", 0),
    "vibe-c001": ("2026-11-03T09:10:00Z", "2026-11-03T09:10:00Z", 0),
    "d7e8f9a0-1111-2222-3333-444455556666": ("2026-10-26T10:00:03.000Z", "2026-10-26T10:02:30.000Z", 147000),
    "b7c8d9e0-1111-4a6b-8c7d-99aa00bb11cc": ("2026-10-25T14:00:03.000Z", "2026-10-25T14:00:09.000Z", 6000),
}


def build(home: str) -> None:
    write_qwen(home)
    write_droid(home)
    write_copilot_cli(home, store=False)
    vibe.build(home)
    # Python's isoformat (microseconds, an offset) in meta.json, a message's own time without them
    m = vibe.meta("vibe-iso", 9000, 300, 0.004, wd="/home/dev/isoproj", end="2026-11-07T09:00:30.654321+00:00")
    m["start_time"] = "2026-11-07T08:59:00.123456+00:00"
    vibe.session(os.path.join(home, ".vibe", "logs", "session"), "session_20261107_085900_iso1", m, [
        vibe.user("check the config"),
        vibe.assistant("Looked.", "iso-a1", ts="2026-11-07T09:00:05.5Z"),
        vibe.assistant("Done.", "iso-a2"),  # the session's end time, as written
    ])


def sessions(home: str, *extra: str) -> list[dict]:
    return sessions_env(home, {}, *extra)


def sessions_env(home: str, env: dict, *extra: str) -> list[dict]:
    return cli_json(home, "sessions", "--format", "json", "-p", "all", *extra, env=env)


def test_sessions_keep_the_logs_spelling_and_the_reference_order(tmp_path):
    home = str(tmp_path)
    build(home)
    for run in ("cold", "warm"):  # the second run answers from the caches
        got = sessions(home)
        assert [s["sessionId"] for s in got] == ORDER, run
        times = {s["sessionId"]: (s["startedAt"], s["endedAt"], s["durationMs"]) for s in got}
        assert {k: times[k] for k in TIMES} == TIMES, run


def test_the_spelling_survives_the_records_cache_and_no_cache_agrees(tmp_path):
    from codeburn.cache import filecache, reportmemo, scanmemo

    home = str(tmp_path)
    build(home)
    cold = sessions(home, "--no-cache")
    sessions(home)  # fills the records cache
    kept = os.path.join(home, ".cb-cache", filecache.SUBDIR)
    for name in (scanmemo.NAME, os.path.basename(reportmemo.path_in(kept))):
        if os.path.exists(os.path.join(kept, name)):
            os.remove(os.path.join(kept, name))  # the next run reads the sessions back from the records cache
    assert sessions(home) == cold


def test_codex_times_as_written_read_ahead_or_in_order(tmp_path):
    """A rollout whose times are not canonical (no milliseconds,
    microseconds): the sessions row keeps them as 0.9.20 does; also when the
    file repeats one of its own keys and is read in order, not ahead."""
    from tests.test_codex import meta, tokens, user, usage, write_rollout

    for repeat in (False, True):
        home = str(tmp_path / f"home-{repeat}")
        second = tokens("2026-11-14T10:01:02.123456Z", total=usage(2400, 600, 80, 20), last=usage(1200, 300, 40, 10))
        write_rollout(os.path.join(home, ".codex"), [
            meta("2026-11-14T10:00:00Z"), user("2026-11-14T10:00:01Z", "fix the build"),
            tokens("2026-11-14T10:00:02Z", total=usage(1200, 300, 40, 10), last=usage(1200, 300, 40, 10)),
            user("2026-11-14T10:01:00.5Z", "and the tests"), second, *([second] if repeat else [])],
            day="2026/11/14", name="rollout-2026-11-14T10-00-00-0196a1b2-3c4d-7e8f-9a0b-1c2d3e4f5a6b.jsonl")
        environ_home = {"CODEX_HOME": os.path.join(home, ".codex")}
        for jobs in ("1", "2"):
            got = sessions_env(home, {**environ_home, "CODEBURN_JOBS": jobs}, "--no-cache")
            assert [(s["startedAt"], s["endedAt"], s["durationMs"], s["calls"]) for s in got] == [
                ("2026-11-14T10:00:02Z", "2026-11-14T10:01:02.123456Z", 60123, 2)], (repeat, jobs)


def test_compare_first_and_last_seen_compare_the_spellings(tmp_path):
    """compare's firstSeen/lastSeen are the least and greatest times as
    written (0.9.20 compares the strings): Mistral Vibe's own spellings."""
    home = str(tmp_path)
    build(home)
    seen = {m["model"]: (m["firstSeen"], m["lastSeen"]) for m in cli_json(home, "compare", "--format", "json", "-p", "all")}
    assert {k: seen[k] for k in ("devstral-medium", "mistral-medium-3.5", "qwen3-coder-plus")} == {
        "devstral-medium": ("2026-11-01T12:00:21Z", "2026-11-04T10:02:00Z"),
        "mistral-medium-3.5": ("2026-11-01T11:59:58Z", "2026-11-07T09:00:30.654321+00:00"),
        "qwen3-coder-plus": ("2026-10-24T08:00:04.000Z", "2026-10-25T14:00:03.000Z"),
    }
    status, text, err = cli(home, "compare", "--model-a", "devstral-medium", "--model-b", "mistral-medium-3.5", "-p", "all")
    assert status == 0, err
    # whole days between the first and last time, rounded up: Nov 1 12:00:21 to Nov 4 10:02, Nov 1 11:59:58 to Nov 7 09:00:30
    assert re.search(r"Days of data\s+3\s+6\b", text), text

