"""Eighteenth-session probes (fixtures written apart from ours): what they
found, pinned. Expected values are CodeBurn 0.9.20's on the same shapes."""
from __future__ import annotations

import os

from tests.conftest import assistant_line, usage, user_line


def test_the_menubar_lists_a_tool_whose_sessions_are_all_over_a_year_old(run, history, tmp_path):
    """0.9.20 lists every tool with a session file on disk at $0, however
    old the file (probe A6: a Codex rollout last written 400 days ago);
    ours took the tools present from the files the period reads."""
    from tests.test_codex import meta, tokens, usage as codex_usage, write_rollout

    sid = "11111111-2222-4333-8444-555555555555"
    history.write("-home-dev-src-shop", f"{sid}.jsonl", [
        user_line("fix the cart test", ts="2026-03-05T10:00:00.000Z", cwd="/home/dev/src/shop", session=sid),
        assistant_line("msg_a", ts="2026-03-05T10:00:05.000Z", usage=usage(1000, 100), cwd="/home/dev/src/shop",
                       session=sid)])
    codex = tmp_path / "codex"
    old = write_rollout(str(codex), [meta("2025-01-29T10:00:00.000Z"),
                                     tokens("2025-01-29T10:00:05.000Z", codex_usage(400, 0, 40), codex_usage(400, 0, 40))],
                        day="2025/01/29", name="rollout-2025-01-29T10-00-00-0196a1b2-3c4d-7e8f-9a0b-1c2d3e4f5a6b.jsonl")
    stamp = 1738144800   # 2025-01-29T10:00:00Z
    os.utime(old, (stamp, stamp))
    env = {"CODEX_HOME": str(codex), "CODEBURN_CACHE_DIR": str(tmp_path / "cache")}
    for period in ("today", "month"):
        cur = run("status", "--format", "menubar-json", "--period", period, "--no-optimize", env=env).json["current"]
        assert [(p["id"], round(p["cost"], 6)) for p in cur["providerDetails"]] == [("claude", 0.0045), ("codex", 0)]
        assert {k: round(v, 6) for k, v in cur["providers"].items()} == {"claude": 0.0045, "codex": 0}


def test_without_tz_the_system_zone_is_the_zone_etc_localtime_names(tmp_path):
    """A process without TZ keeps time in the zone /etc/localtime links to
    (Node too), summer time included; ours took the offset of the moment,
    so a July call near midnight landed on the wrong day in winter."""
    import datetime as dt
    import shutil

    from codeburn.aggregate import periods

    linked = tmp_path / "localtime"
    os.symlink("/usr/share/zoneinfo/Europe/Berlin", linked)
    zone = periods.system_zone(str(linked))
    assert getattr(zone, "key", None) == "Europe/Berlin" and periods.zone_key(zone) == "Europe/Berlin"
    copied = tmp_path / "copied"
    shutil.copyfile("/usr/share/zoneinfo/Europe/Berlin", copied)
    zone = periods.system_zone(str(copied))
    july, january = dt.datetime(2026, 7, 1, 12, tzinfo=zone), dt.datetime(2026, 1, 1, 12, tzinfo=zone)
    assert (july.utcoffset(), january.utcoffset()) == (dt.timedelta(hours=2), dt.timedelta(hours=1))
    assert isinstance(periods.system_zone(str(tmp_path / "none")), dt.tzinfo)


def test_every_name_of_utc_keeps_one_day_history():
    from codeburn.aggregate import periods

    assert {periods.zone_key(periods.posix_zone(n)) for n in ("UTC", "Etc/UTC", "Etc/GMT", "UTC0", "Zulu")} == {"UTC"}
    assert periods.zone_key(periods.posix_zone("JST-9")) == "UTC+09:00"
    assert periods.zone_key(periods.posix_zone("<+0530>-5:30")) == "UTC+05:30"
