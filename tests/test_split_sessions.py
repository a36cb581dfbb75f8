"""A session a tool wrote in several files (Gemini CLI: the same sessionId
in two chat files), counted in overview.sessions as CodeBurn 0.9.20 counts
it. Found by bench/wild_others2_sweep.py (seed 22) under TZ=Asia/Kolkata."""
from __future__ import annotations

import datetime as dt
import os

import pytest

from tests.conftest import dumps
from tests.provider_files import cli_json


def build_gemini_split_session(home: str, now: dt.datetime, old_first: bool = True) -> None:
    """One Gemini CLI session written in two files (the same sessionId):
    a call ten days ago, then calls yesterday and an hour ago; the old
    file's name sorts first, or last."""
    z = lambda t: t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")  # noqa: E731
    chats = os.path.join(home, ".gemini", "tmp", "b1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2",
                         "chats")
    os.makedirs(chats)
    sid = "5e55a0e1-0000-4000-8000-00000000000d"
    yesterday = (now - dt.timedelta(days=1)).replace(hour=22, minute=0, second=0, microsecond=0)
    old, new = ("session-a-5e55a0e1.jsonl", "session-b-5e55a0e1.jsonl")[::1 if old_first else -1]
    for name, times in ((old, [now - dt.timedelta(days=10)]), (new, [yesterday, now - dt.timedelta(hours=1)])):
        recs = [{"sessionId": sid, "projectHash": "b1b2", "startTime": z(times[0]), "lastUpdated": z(times[-1]),
                 "kind": "main"}]
        for k, t in enumerate(times):
            recs.append({"id": f"u{k}-{name[8]}", "type": "user", "timestamp": z(t),
                         "content": [{"text": "run the tests"}]})
            recs.append({"id": f"g{k}-{name[8]}", "type": "gemini", "timestamp": z(t + dt.timedelta(seconds=2)),
                         "content": "ok",
                         "model": "gemini-2.5-pro",
                         "tokens": {"input": 1000, "output": 100, "cached": 0, "thoughts": 0, "tool": 0}})
        with open(os.path.join(chats, name), "w") as f:
            f.writelines(dumps(r) + "\n" for r in recs)


@pytest.mark.parametrize("old_first", [True, False])
def test_a_session_in_two_files_begun_before_the_period_counts_once(tmp_path, old_first):
    """overview.sessions counts a session on its first past day in the
    period unless it began before the period, and its calls before the
    period may sit in another file of the same session id (read before or
    after): this one counts today alone. CodeBurn 0.9.20, `report -p week`
    on these files, in either order: 2 calls, 1 session (we counted 2)."""
    home = str(tmp_path)
    now = dt.datetime(2026, 11, 26, 12, 40, tzinfo=dt.timezone.utc)
    build_gemini_split_session(home, now, old_first)
    o = cli_json(home, "report", "--format", "json", "-p", "week", now=now)["overview"]
    assert (o["calls"], o["sessions"]) == (2, 1)
