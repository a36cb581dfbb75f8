"""The records seam (providers/records.py): a provider module that reads its
own format and yields Sessions of Calls gets turns, tools, shell commands,
retries, dedup, reasoning pricing, kept costs and warnings like a native
format. The module here reads a small JSON format from real files."""
from __future__ import annotations

import json
import os
import types

import pytest

from codeburn import providers
from codeburn.aggregate import periods
from codeburn.aggregate.usage import select_calls
from codeburn.providers.base import Source, Walker
from codeburn.providers.records import Call, Session, Tool, estimate_tokens, ts_ms
from codeburn.read.scan import scan_sources
from codeburn.report.build import build_report

import datetime as dt

P_IN, P_OUT, P_CR = 1.25e-06, 1e-05, 1.25e-07  # gemini-2.5-pro, per token


def _read(source, log):
    """One JSON file: {"sessions": [{"id", "project", "calls": [...]}]}."""
    try:
        with open(source.path, encoding="utf-8") as f:
            doc = json.load(f)
    except ValueError:
        log.skip("invalid", source.path)
        return
    for s in doc["sessions"]:
        calls = []
        for c in s["calls"]:
            if not isinstance(c.get("in"), int):
                log.skip("bad_record", source.path)
                continue
            tools = [Tool(t["name"], command=t.get("cmd"), file=t.get("file")) for t in c.get("tools", [])]
            calls.append(Call(ts_ms(c["ts"]), c["model"], input=c["in"], output=c["out"],
                              cache_read=c.get("cr", 0), reasoning=c.get("rs", 0), cost=c.get("cost"),
                              key=c.get("key"), turn=c.get("turn"), prompt=c.get("prompt", ""), tools=tools))
        yield Session(s["id"], s["project"], calls, cwd=s.get("cwd"))


def _module(name: str, keeps_cost: bool, reasoning_in_output: bool):
    mod = types.ModuleType(f"test_records_{name}")
    mod.PROVIDER, mod.DISPLAY_NAME, mod.KIND = name, name.title(), "records"
    mod.KEEPS_COST, mod.OUTPUT_HAS_REASONING = keeps_cost, reasoning_in_output
    mod.read = _read
    mod.discover = lambda env, home, walker: iter(())
    return mod


@pytest.fixture
def fake_providers(monkeypatch):
    monkeypatch.setitem(providers.PROVIDERS, "toyjson", _module("toyjson", False, False))
    monkeypatch.setitem(providers.PROVIDERS, "toycost", _module("toycost", True, True))


CALLS_A = [
    # turn t1: a shell step between two edits of one file -> one retry
    {"ts": "2026-03-02T10:00:00Z", "model": "gemini-2.5-pro", "in": 1000, "out": 200, "cr": 4000, "rs": 50,
     "key": "k1", "turn": "t1", "prompt": "fix the failing login test",
     "tools": [{"name": "Edit", "file": "a.py"}]},
    {"ts": "2026-03-02T10:00:05Z", "model": "gemini-2.5-pro", "in": 10, "out": 20, "key": "k2", "turn": "t1",
     "prompt": "(ignored: not the turn's first call)",
     "tools": [{"name": "Bash", "cmd": "git status && npm test"}, {"name": "Edit", "file": "a.py"}]},
    # turn t2, and a call repeating k1 (dropped by dedup)
    {"ts": "2026-03-02T11:00:00Z", "model": "gemini-2.5-pro", "in": 7, "out": 3, "key": "k3", "turn": "t2",
     "prompt": "thanks"},
    {"ts": "2026-03-02T11:00:01Z", "model": "gemini-2.5-pro", "in": 999, "out": 999, "key": "k1", "turn": "t2"},
    {"ts": "2026-03-02T11:00:02Z", "model": "gemini-2.5-pro", "in": "x", "out": 1},  # broken: skipped
]


def _write(tmp_path, name, doc) -> str:
    path = os.path.join(tmp_path, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    return path


def _scan(tmp_path):
    a = _write(tmp_path, "a.json", {"sessions": [
        {"id": "s1", "project": "shop", "calls": CALLS_A},
        {"id": "s2", "project": "blog", "calls": [
            {"ts": 1772449200, "model": "mystery-model", "in": 5, "out": 5, "cost": 0.5, "key": "k9"}]}]})
    b = _write(tmp_path, "b.json", {"sessions": [{"id": "s3", "project": "shop", "calls": [
        {"ts": "2026-03-02T12:00:00Z", "model": "mystery-model", "in": 5, "out": 5, "cost": 0.25, "rs": 100},
        {"ts": "2026-03-02T12:00:01Z", "model": "gemini-2.5-pro", "in": 100, "out": 10, "rs": 1000, "key": "k3"},
        {"ts": "2026-03-02T12:00:02Z", "model": "gemini-2.5-pro", "in": 100, "out": 10, "rs": 1000}]}]})
    broken = os.path.join(tmp_path, "c.json")
    with open(broken, "w") as f:
        f.write('{"sessions": [')
    sources = [Source("toyjson", a, "", "a", str(tmp_path)), Source("toycost", b, "", "b", str(tmp_path)),
               Source("toyjson", broken, "", "c", str(tmp_path))]
    return scan_sources(sources, environ={"CODEBURN_CACHE_DIR": str(tmp_path / "cache")})


def test_sessions_become_sources_with_turns_tools_and_dedup(tmp_path, fake_providers):
    r = _scan(tmp_path)
    assert [(s.provider, s.session_id, s.project) for s in r.sources[3:]] == [
        ("toyjson", "s1", "shop"), ("toyjson", "s2", "blog"), ("toycost", "s3", "shop")]
    c = r.cols
    assert c["file"].tolist() == [3, 3, 3, 4, 5, 5]      # k1 repeated in s1 and k3 in s3: dropped
    assert c["input"].tolist() == [1000, 10, 7, 5, 5, 100]
    assert c["cache_read"].tolist() == [4000, 0, 0, 0, 0, 0]
    assert c["reasoning"].tolist() == [50, 0, 0, 0, 100, 1000]
    assert c["ts"][3] == 1772449200 * 1000
    assert c["turn"].tolist() == [0, 0, 1, 2, 3, 4]       # no turn id: a turn per call
    assert c["turn_retries"].tolist() == [1, 0, 0, 0, 0]
    names = [r.strings[i] for i in c["tool_name"]]
    assert names == ["Edit", "Bash", "Edit"]
    assert sorted(r.strings[i] for i in c["shell_name"]) == ["git", "npm"]
    assert c["given_cost"].tolist() == [-1, -1, -1, -1, 0.25, -1]  # only the KEEPS_COST provider's
    assert r.stats["global_dups"] == 2
    assert r.stats["records_skipped"] == 2
    assert any("1 invalid JSON lines or records skipped; first at" in w and "c.json" in w for w in r.warnings)
    assert any("1 records of an unexpected shape skipped" in w for w in r.warnings)


def test_report_prices_reasoning_and_kept_costs(tmp_path, fake_providers):
    r = _scan(tmp_path)
    utc = dt.timezone.utc
    period = periods.named_period("lifetime", dt.datetime(2026, 3, 3, tzinfo=utc), utc)
    rep = build_report(select_calls(r, period, [], [], utc), dt.datetime(2026, 3, 3, tzinfo=utc))
    # toyjson bills reasoning as output; toycost's output already holds it.
    s1 = (1000 * P_IN + (200 + 50) * P_OUT + 4000 * P_CR) + (10 * P_IN + 20 * P_OUT) + (7 * P_IN + 3 * P_OUT)
    s3 = 0.25 + (100 * P_IN + 10 * P_OUT)
    assert rep["overview"]["calls"] == 6
    assert rep["overview"]["cost"] == pytest.approx(s1 + s3, rel=1e-12)
    by_project = {p["name"]: p for p in rep["projects"]}
    assert by_project["shop"]["sessions"] == 2 and by_project["shop"]["calls"] == 5
    assert by_project["blog"]["cost"] == 0  # unknown model, cost not kept for toyjson
    # the toycost call with its own cost is priced; toyjson's is not. The
    # model's row as a whole has a cost, so it is not listed as unpriced (the
    # reference flags only display rows at $0; tests/test_model_names.py)
    assert rep["unpricedModels"] == []


def test_helpers():
    assert ts_ms("2026-03-02T10:00:00.5Z") == 1772445600500
    assert ts_ms(1772445600) == 1772445600000 and ts_ms(1772445600500) == 1772445600500
    assert ts_ms("") is None and ts_ms(True) is None and ts_ms("yesterday") is None and ts_ms(-5) is None
    assert [estimate_tokens(n) for n in (0, 1, 4, 5)] == [0, 1, 1, 2]


def _scan_cached(tmp_path, sources):
    from codeburn.cache.filecache import FileCache

    return scan_sources(sources, environ={}, cache=FileCache(str(tmp_path / "cache")))


def _counting(monkeypatch):
    """Counts how often the toyjson module is asked to read a source."""
    reads = []
    mod = providers.PROVIDERS["toyjson"]

    def read(source, log):
        reads.append(source.path)
        yield from _read(source, log)
    monkeypatch.setattr(mod, "read", read)
    return reads


def _same(a, b):
    assert [(s.provider, s.session_id, s.project) for s in a.sources] == \
        [(s.provider, s.session_id, s.project) for s in b.sources]
    for k in a.cols:
        assert a.cols[k].tolist() == b.cols[k].tolist(), k
    assert a.warnings == b.warnings and a.stats == b.stats


def test_record_cache_serves_unchanged_sources_and_rereads_changed_ones(tmp_path, fake_providers, monkeypatch):
    reads = _counting(monkeypatch)
    a = _write(tmp_path, "a.json", {"sessions": [{"id": "s1", "project": "shop", "calls": CALLS_A}]})
    srcs = lambda: [Source("toyjson", a, "", "a", str(tmp_path))]  # noqa: E731
    cold = scan_sources(srcs(), environ={})
    first = _scan_cached(tmp_path, srcs())
    warm = _scan_cached(tmp_path, srcs())
    assert reads == [a, a]               # the --no-cache run and the first cached run read it; the warm one did not
    _same(cold, first)
    _same(cold, warm)                    # skip counts and warnings come back from the cache too
    assert warm.stats["records_skipped"] == 1
    calls = CALLS_A[:1]
    _write(tmp_path, "a.json", {"sessions": [{"id": "s1", "project": "shop", "calls": calls}]})
    os.utime(a, ns=(1, 1))
    changed = _scan_cached(tmp_path, srcs())
    assert reads == [a, a, a] and changed.cols["input"].tolist() == [1000]


def test_damaged_record_cache_entry_is_named_and_rebuilt(tmp_path, fake_providers, monkeypatch):
    reads = _counting(monkeypatch)
    a = _write(tmp_path, "a.json", {"sessions": [{"id": "s1", "project": "shop", "calls": CALLS_A}]})
    srcs = lambda: [Source("toyjson", a, "", "a", str(tmp_path))]  # noqa: E731
    first = _scan_cached(tmp_path, srcs())
    (entry,) = (tmp_path / "cache" / "records-v1").iterdir()
    blob = bytearray(entry.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    entry.write_bytes(bytes(blob))
    again = _scan_cached(tmp_path, srcs())
    assert reads == [a, a]
    assert again.cols["input"].tolist() == first.cols["input"].tolist()
    assert any(w.startswith("damaged records cache entry ignored and rebuilt: ") for w in again.warnings)
    assert _scan_cached(tmp_path, srcs()).warnings == first.warnings and reads == [a, a]


def test_record_cache_entry_of_a_source_changed_while_read_is_not_kept(tmp_path, fake_providers, monkeypatch):
    """The entry is written while the source is read; when the source
    changes meanwhile, its temporary file goes and nothing is kept."""
    a = _write(tmp_path, "a.json", {"sessions": [{"id": "s1", "project": "shop", "calls": CALLS_A}]})
    mod = providers.PROVIDERS["toyjson"]

    def read(source, log):
        yield from _read(source, log)
        os.utime(source.path, ns=(1, 1))   # as if the tool wrote to it meanwhile
    monkeypatch.setattr(mod, "read", read)
    _scan_cached(tmp_path, [Source("toyjson", a, "", "a", str(tmp_path))])
    assert os.listdir(tmp_path / "cache" / "records-v1") == []


def test_record_cache_entry_of_an_earlier_layout_is_replaced_without_a_warning(tmp_path, fake_providers,
                                                                              monkeypatch):
    """An entry an earlier version wrote (header with its length, counts
    first) is of another layout: read again and replaced, not named damaged."""
    import marshal

    from codeburn.cache.recordcache import MAGIC, RecordCache

    reads = _counting(monkeypatch)
    a = _write(tmp_path, "a.json", {"sessions": [{"id": "s1", "project": "shop", "calls": CALLS_A}]})
    srcs = lambda: [Source("toyjson", a, "", "a", str(tmp_path))]  # noqa: E731
    first = _scan_cached(tmp_path, srcs())
    (entry,) = (tmp_path / "cache" / "records-v1").iterdir()
    stamp = RecordCache(str(tmp_path / "cache")).stamp(providers.PROVIDERS["toyjson"], srcs()[0])
    entry.write_bytes(MAGIC + marshal.dumps((4, "toyjson", a, stamp, 99)) + marshal.dumps(()) + bytes(16))
    again = _scan_cached(tmp_path, srcs())
    assert reads == [a, a] and again.warnings == first.warnings
    assert again.cols["input"].tolist() == first.cols["input"].tolist()
    assert _scan_cached(tmp_path, srcs()).warnings == first.warnings and reads == [a, a]


def test_a_tape_kept_without_marshal_reads_back_as_marshal_does(tmp_path):
    """add_tape writes a tape as marshal's header and the bytes themselves
    (no copy of hundreds of MB); marshal.load must read it back as the tape."""
    import marshal

    from codeburn.cache.recordcache import TAPE_VERSION, RecordCache
    from codeburn.providers.records import ReadLog

    store = tmp_path / "store.db"
    store.write_bytes(b"x")
    src = Source("toyjson", str(store), "", "a", str(tmp_path))
    cache = RecordCache(str(tmp_path / "cache"))
    stamp = cache.stamp(types.SimpleNamespace(), src)
    tapes = [b"", b"\x00\xff" * 70_000, bytes(range(256)), b"s" * 3]
    writer = cache.writer(src, stamp, TAPE_VERSION)
    for t in tapes:
        writer.add_tape(t)
    log = ReadLog()
    log.skip("bad_record", "x:1", 2)
    writer.finish(log)
    from codeburn._fast import reader
    from codeburn.read import heapblocks

    before = reader.fixed_mmap_threshold()
    try:
        reader.fix_mmap_threshold(128 * 1024)   # as the CLI does: kept tapes are replayed with big heap blocks
        got, kept_log = cache.get_tapes(src, stamp)
        seen = [(t, reader.fixed_mmap_threshold()) for t in got]
        assert [t for t, _ in seen] == tapes and kept_log.counts == log.counts
        assert {m for _, m in seen} == {heapblocks.BLOCK} and reader.fixed_mmap_threshold() == 128 * 1024
    finally:
        reader.fix_mmap_threshold(before or 128 * 1024)
        reader._fixed_mmap_threshold = before
    assert marshal.loads(b"s" + (3).to_bytes(4, "little") + b"abc") == b"abc"


def test_an_interrupted_read_leaves_no_partial_cache_entry(tmp_path, fake_providers, monkeypatch):
    """The entry is written while the source is read: a read cut short
    (Ctrl-C) takes its temporary file with it."""
    a = _write(tmp_path, "a.json", {"sessions": [{"id": "s1", "project": "shop", "calls": CALLS_A},
                                                 {"id": "s2", "project": "shop", "calls": CALLS_A}]})
    mod = providers.PROVIDERS["toyjson"]

    def read(source, log):
        for i, session in enumerate(_read(source, log)):
            if i == 1:
                raise KeyboardInterrupt
            yield session
    monkeypatch.setattr(mod, "read", read)
    with pytest.raises(KeyboardInterrupt):
        _scan_cached(tmp_path, [Source("toyjson", a, "", "a", str(tmp_path))])
    assert os.listdir(tmp_path / "cache" / "records-v1") == []


@pytest.mark.skipif(os.name != "posix", reason="pids are asked with signal 0")
def test_a_killed_reads_partial_cache_entry_is_removed_by_the_next_write(tmp_path, fake_providers):
    """A process killed outright while it read a source leaves the entry's
    temporary file (`<entry>.<pid>.<thread>.tmp`); the next run that writes
    an entry removes it, and only a dead process's."""
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    d = tmp_path / "cache" / "records-v1"
    d.mkdir(parents=True)
    dead, live = d / f"0123abcd.cbr.{child.pid}.77.tmp", d / "0123abcd.cbr.1.77.tmp"
    for path in (dead, live):
        path.write_bytes(b"x" * 1000)
    a = _write(tmp_path, "a.json", {"sessions": [{"id": "s1", "project": "shop", "calls": CALLS_A}]})
    _scan_cached(tmp_path, [Source("toyjson", a, "", "a", str(tmp_path))])
    left = [p.name for p in d.iterdir() if p != live]
    assert not dead.exists() and live.exists() and len(left) == 1 and left[0].endswith(".cbr")
