"""The Antigravity status-line log (spec providers §1.14): cumulative
snapshots collapsed, one-off snapshots ignored unless last, growth
differenced, a shrink restarting the count, conversations with RPC-derived
calls skipped, effort suffixes priced as their base model. Totals are
CodeBurn 0.9.20's (`--provider antigravity` with only this log)."""
from __future__ import annotations

import os

import pytest

from codeburn.providers import PROVIDERS, antigravity_log
from codeburn.providers.base import Walker
from codeburn.providers.records import ReadLog
from tests.provider_files import checked_report, models_of, totals, write_jsonl


def snap(at, conv, model, i, o, cw=0, cr=0, sid="s-1"):
    return {"at": at, "conversationId": conv, "sessionId": sid, "model": model,
            "usage": {"inputTokens": i, "outputTokens": o, "cacheCreationInputTokens": cw, "cacheReadInputTokens": cr}}


def build(cache_dir: str) -> str:
    return write_jsonl(os.path.join(cache_dir, "antigravity-statusline.jsonl"), [
        snap("2026-10-21T13:32:00.000Z", "cascade-a", "gemini-3.1-pro", 1000, 50),          # once: ignored
        snap("2026-10-21T13:32:20.000Z", "cascade-a", "gemini-3.1-pro", 12000, 800, 0, 4000),
        snap("2026-10-21T13:32:21.000Z", "cascade-a", "gemini-3.1-pro", 12000, 800, 0, 4000),
        snap("2026-10-21T13:33:00.000Z", "cascade-b", "gemini-3-flash", 3000, 200),          # b's only: kept
        snap("2026-10-21T13:34:00.000Z", "cascade-a", "gemini-3.1-pro", 20000, 1500, 0, 9000),
        snap("2026-10-21T13:34:01.000Z", "cascade-a", "gemini-3.1-pro", 20000, 1500, 0, 9000),
        snap("2026-10-21T13:34:02.000Z", "cascade-a", "gemini-3.1-pro", 20000, 1500, 0, 9000),
        snap("2026-10-21T13:35:00.000Z", "cascade-a", "gemini-3.1-pro", 26000, 1900, 0, 12000),  # last: kept
        snap("2026-10-22T09:00:00.000Z", "cascade-c", "gemini-3.1-pro-high", 8000, 400, 0, 1000),
        snap("2026-10-22T09:00:05.000Z", "cascade-c", "gemini-3.1-pro-high", 8000, 400, 0, 1000),
        # smaller than before (a new context): counted whole
        snap("2026-10-22T09:10:00.000Z", "cascade-c", "gemini-3.1-pro-high", 5000, 300, 0, 0),
        snap("2026-10-22T09:10:05.000Z", "cascade-c", "gemini-3.1-pro-high", 5000, 300, 0, 0),
    ])


def read(path, rpc=()):
    log = ReadLog()
    src = antigravity_log.Source("antigravity", path, "antigravity-cli", "", os.path.dirname(path))
    return antigravity_log.read(src, log, set(rpc)), log


def test_snapshots_become_calls(tmp_path):
    path = build(str(tmp_path / "cache"))
    sessions, log = read(path)
    assert [(s.session_id, s.project) for s in sessions] == [
        ("cascade-a", "antigravity-cli"), ("cascade-b", "antigravity-cli"), ("cascade-c", "antigravity-cli")]
    a = sessions[0].calls
    assert [(c.input, c.output, c.cache_read) for c in a] == [(12000, 800, 4000), (8000, 700, 5000),
                                                              (6000, 400, 3000)]
    assert a[1].key == "antigravity-statusline:cascade-a:1:gemini-3.1-pro:20000:1500:0:9000"
    assert a[0].ts_ms == 1792589541000 and a[0].cost is None
    c = sessions[2].calls
    assert [(x.input, x.output, x.cache_read) for x in c] == [(8000, 400, 1000), (5000, 300, 0)]
    assert c[0].model == "gemini-3.1-pro-high" and c[0].cost == pytest.approx(8000 * 2e-6 + 400 * 1.2e-5 + 1000 * 2e-7)
    assert totals([x for s in sessions for x in s.calls]) == {"calls": 6, "input": 42000, "output": 2800,
                                                              "cacheRead": 13000, "cacheWrite": 0, "reasoning": 0}
    assert log.skipped == 0
    sessions, _ = read(path, rpc=["cascade-a"])
    assert [s.session_id for s in sessions] == ["cascade-b", "cascade-c"]


def test_discovery_and_bad_lines(tmp_path):
    home = str(tmp_path)
    path = build(os.path.join(home, ".cache", "codeburn"))
    assert [s.path for s in antigravity_log.discover({}, home, Walker())] == [path]
    other = str(tmp_path / "elsewhere")
    build(other)
    assert [s.path for s in antigravity_log.discover({"CODEBURN_CACHE_DIR": other}, home, Walker())] == [
        os.path.join(other, "antigravity-statusline.jsonl")]
    with open(path, "a") as f:
        f.write('{"at":"soon","conversationId":"x","model":"m","usage":{"inputTokens":1}}\n'
                '{"at":"2026-10-22T09:00:00Z","conversationId":"x","model":"m","usage":{"inputTokens":0}}\n'
                '{"at":"2026-10-22T09:00:00Z","conversationId":"x","model":"m","usa')
    sessions, log = read(path)
    assert sum(len(s.calls) for s in sessions) == 6
    assert log.counts == {"bad_record": [2, f"{path}:13"], "invalid": [1, f"{path}:15"]}


# CodeBurn 0.9.20, `report --provider antigravity` with only build()'s log in its cache dir.
REPORT = {"calls": 6, "sessions": 3, "input": 42000, "output": 2800, "cacheRead": 13000, "cacheWrite": 0,
          "cost": 0.1139}


def test_report_equals_the_reference(tmp_path, monkeypatch):
    """The log is provider `antigravity`'s; until that provider's module
    joins it, the test registers this module under the id."""
    home = str(tmp_path)
    build(os.path.join(home, ".cb-cache"))
    monkeypatch.setitem(PROVIDERS, "antigravity", antigravity_log)
    d = checked_report(home, "antigravity", REPORT)
    # as the reference: gemini-3.1-pro-high is an alias of gemini-3.1-pro-preview, one row
    assert models_of(d) == {"Gemini 3.1 Pro": (5, 0.1118), "Gemini 3 Flash": (1, 0.0021)}


def test_joined_after_the_conversation_stores(tmp_path):
    """The stores' module yields the log after its own sources; a cascade
    whose store gives calls is not counted again from its snapshots, one
    whose store gives none (no usage rows, or not a database) is, as 0.9.20
    skips only conversations with calls keyed `antigravity:<id>:` (0.9.20
    on a log of one conversation beside a store without usage rows: 1 call,
    $0.0053)."""
    from codeburn.providers import antigravity
    from tests.records_util import make_db
    from tests.test_provider_antigravity import DDL, gen_metadata

    home = str(tmp_path)
    build(os.path.join(home, ".cache", "codeburn"))
    conv = os.path.join(home, ".gemini", "antigravity-cli", "conversations")
    make_db(os.path.join(conv, "cascade-a.db"), DDL, {"gen_metadata": [
        (0, gen_metadata(input=500, total=50, model="gemini-2.5-pro", rid="r1"))]})
    make_db(os.path.join(conv, "cascade-b.db"), DDL, {"gen_metadata": [(0, gen_metadata())]})
    with open(os.path.join(conv, "cascade-c.db"), "wb") as f:
        f.write(b"not a database at all" * 10)
    sources = list(antigravity.discover({}, home, Walker()))
    src = sources[-1]
    assert antigravity_log.is_log(src) and not any(antigravity_log.is_log(s) for s in sources[:-1])
    assert [c for c, _ in src.stores] == ["cascade-a", "cascade-b", "cascade-c"]
    sessions = list(antigravity.read(src, ReadLog()))
    assert [s.session_id for s in sessions] == ["cascade-b", "cascade-c"]