"""The per-file cache: a warm report equals a cold one exactly, after
appends, rewrites, truncation and torn tails; corrupt entries are named and
never used; dedup across cached and re-read files stays exact."""
from __future__ import annotations

import json
import os

import pytest

from codeburn.cache import reportmemo, scanmemo
from codeburn.cache.filecache import SUBDIR, FileCache
from codeburn.classify import ruleset
from codeburn.providers import claude
from codeburn.providers.base import Walker
from codeburn.read.scan import scan_sources
from tests.conftest import (assistant_line, as_bytes, reader_vouches, run_denied, tool_result_line, usage,
                            user_line)

SONNET = "claude-sonnet-4-5-20250929"


def turn(n: int, ts_day: int = 2, ids: tuple = ()) -> list:
    recs = [user_line(f"fix bug {n}", ts=f"2026-03-0{ts_day}T10:{n:02d}:00Z")]
    for i, mid in enumerate(ids or (f"m{n}",)):
        recs.append(assistant_line(mid, ts=f"2026-03-0{ts_day}T10:{n:02d}:{i + 1:02d}Z", model=SONNET,
                                   usage=usage(100 * n + 1, 10 * n + 1), tools=[("Bash", {"command": "npm test"})]))
        recs.append(tool_result_line(f"toolu_{mid}_0", "ok", ts=f"2026-03-0{ts_day}T10:{n:02d}:{i + 1:02d}Z"))
    return recs


@pytest.fixture
def env(tmp_path, history):
    return {"CODEBURN_CACHE_DIR": str(tmp_path / "cache")}


def reports(run, env):
    """(warm with the cache, cold without it), JSON without the clock."""
    out = []
    for extra in ((), ("--no-cache",)):
        r = run("report", "-p", "lifetime", "--format", "json", *extra, env=env)
        assert r.status == 0
        doc = r.json
        doc.pop("generated")
        out.append(doc)
    return out


def cache_of(env) -> FileCache:
    return FileCache(env["CODEBURN_CACHE_DIR"])


def forget_scan(env) -> None:
    """Removes the kept scan and report (codeburn.cache.scanmemo, reportmemo), so
    that the next run reads through the per-file cache and the turn memo."""
    for path in (scanmemo.path_in(cache_of(env).dir), reportmemo.path_in(cache_of(env).dir)):
        try:
            os.remove(path)
        except FileNotFoundError:
            pass  # not kept (a run that found damage keeps no scan)


def scan_with(history, cache, jobs=1):
    return scan_sources(list(claude.discover({"CLAUDE_CONFIG_DIR": history.root}, "/nonexistent", Walker())),
                        cache=cache, jobs=jobs)


def test_warm_equals_cold_and_hits(run, history, env):
    for f in range(3):
        history.write("p", f"s{f}.jsonl", [r for n in range(1, 4) for r in turn(n + 3 * f)])
    warm, cold = reports(run, env)   # the first run fills the cache
    warm2, _ = reports(run, env)
    assert warm == cold == warm2 and warm["overview"]["calls"] == 9
    c = cache_of(env)
    for jobs in (1, 2):
        scan_with(history, c, jobs)
    assert (c.hits, len(c.new)) == (6, 0)


@pytest.mark.parametrize("change", ["append", "rewrite", "truncate", "torn_tail", "complete_the_torn_tail"])
def test_changes_are_read_again(run, history, env, change):
    path = history.write("p", "s.jsonl", turn(1) + turn(2))
    other = history.write("p", "t.jsonl", turn(3))
    reports(run, env)  # cached
    with open(path, "ab" if change in ("append", "torn_tail") else "wb") as f:
        if change == "append":
            f.write(b"".join(as_bytes(r) + b"\n" for r in turn(4)))
        elif change == "rewrite":
            f.write(b"".join(as_bytes(r) + b"\n" for r in turn(7) + turn(8)))
        elif change == "truncate":
            f.write(b"".join(as_bytes(r) + b"\n" for r in turn(1)))
        elif change == "torn_tail":
            f.write(as_bytes(turn(5)[1])[:-20])
        else:
            f.write(b"".join(as_bytes(r) + b"\n" for r in turn(1) + turn(2)) + as_bytes(turn(5)[1]))
    warm, cold = reports(run, env)
    assert warm == cold
    c = cache_of(env)
    scan_with(history, c)
    complete = change not in ("torn_tail", "complete_the_torn_tail")
    assert c.hits == (2 if complete else 1), "a file without a final newline is never kept"
    assert other in c.entries


def test_dedup_across_cached_and_reread_files(run, history, env):
    """s2 resumes s1 (copies m1, m2): whether s1 comes from the cache or
    not, each id counts once, in the first file that has it."""
    history.write("p", "s1.jsonl", turn(1, ids=("m1", "m2")))
    s2 = history.write("p", "s2.jsonl", turn(2, ids=("m1", "m2", "m3")))
    reports(run, env)
    with open(s2, "ab") as f:
        f.write(b"".join(as_bytes(r) + b"\n" for r in turn(3, ids=("m1", "m4"))))
    warm, cold = reports(run, env)
    assert warm == cold and warm["overview"]["calls"] == 4


@pytest.mark.parametrize("damage", ["pack_junk", "pack_truncated", "entry_flipped"])
def test_damage_is_named_ignored_and_rebuilt(run, history, env, damage):
    a = history.write("p", "a.jsonl", turn(1))
    history.write("p", "b.jsonl", turn(2))
    _, cold = reports(run, env)
    c = cache_of(env)
    data = bytearray(open(c.path, "rb").read())
    if damage == "pack_junk":
        data = bytearray(b"\x00garbage" * 10)
    elif damage == "pack_truncated":
        data = data[: len(data) - 7]
    else:
        data[c.entries[a][1] + 11] ^= 0xFF  # entry offsets are into the pack
    open(c.path, "wb").write(bytes(data))
    forget_scan(env)
    r = run("report", "-p", "lifetime", "--format", "json", env=env)
    doc = r.json
    doc.pop("generated")
    warning = doc.pop("warnings")
    cold.pop("warnings")
    assert doc == cold
    named = a if damage == "entry_flipped" else c.path
    assert warning == [f"1 cache entry could not be used (corrupt), read again and rebuilt: {named}"]
    assert run("report", "-p", "lifetime", "--format", "json", env=env).json["warnings"] == []  # rebuilt


def test_no_cache_keeps_nothing(run, history, env):
    history.write("p", "s.jsonl", turn(1))
    run("report", "-p", "lifetime", "--format", "json", "--no-cache", env=env)
    assert not os.path.exists(os.path.join(env["CODEBURN_CACHE_DIR"], SUBDIR))


def test_cache_commands_see_decoded_files(run, history, env):
    history.write("p", "s.jsonl", turn(1))
    run("report", "-p", "lifetime", env=env)
    info = run("cache", "info", "--format", "json", env=env).json
    assert [f["name"] for f in info["files"] if f["name"].startswith(f"{SUBDIR}/")] == [
        f"{SUBDIR}/pack.cbp", f"{SUBDIR}/report-v1.cbm", f"{SUBDIR}/scan-v1.cbm", f"{SUBDIR}/turns-{ruleset.load().digest}-v2.cbm"]
    run("cache", "clear", env=env)
    # (but the day history, which a clear keeps: tests/test_day_history.py)
    assert [f["name"] for f in run("cache", "info", "--format", "json", env=env).json["files"]
            if not f["name"].startswith("days-v1-")] == []


def test_an_appended_file_is_resumed_not_reread(run, history, env):
    """Only the bytes after the cached end are read; a message streamed
    across the append keeps its first timestamp and its last usage."""
    path = history.write("p", "s.jsonl", turn(1) + turn(2) + [assistant_line(
        "m9", ts="2026-03-02T11:00:00Z", model=SONNET, usage=usage(1, 1))])
    reports(run, env)
    with open(path, "ab") as f:   # m9 again, complete now (streaming), then a new turn
        f.write(b"".join(as_bytes(r) + b"\n" for r in [assistant_line(
            "m9", ts="2026-03-02T11:00:09Z", model=SONNET, usage=usage(500, 50))] + turn(3)))
    warm, cold = reports(run, env)
    assert warm == cold and warm["overview"]["tokens"]["input"] == 101 + 201 + 500 + 301
    c = cache_of(env)
    os.utime(path)  # a new mtime, same bytes: still an append of nothing new
    with open(path, "ab") as f:
        f.write(b"".join(as_bytes(r) + b"\n" for r in turn(4)))
    scan_with(history, c)
    assert (c.hits, c.resumed) == (0, 1)


def test_a_rewrite_that_grew_is_read_whole(run, history, env):
    """Same inode, longer, but other bytes where the cached part was: not an append."""
    path = history.write("p", "s.jsonl", turn(1))
    reports(run, env)
    with open(path, "wb") as f:
        f.write(b"".join(as_bytes(r) + b"\n" for r in turn(5) + turn(6)))
    c = cache_of(env)
    assert scan_with(history, c).stats["calls"] == 2 and (c.hits, c.resumed) == (0, 0)
    warm, cold = reports(run, env)
    assert warm == cold


def test_an_empty_pack_is_named_and_rebuilt(run, history, env):
    history.write("p", "s.jsonl", turn(1))
    run("report", "-p", "lifetime", env=env)
    open(cache_of(env).path, "wb").close()
    forget_scan(env)
    warm, cold = reports(run, env)
    assert warm["warnings"] == [f"1 cache entry could not be used (corrupt), read again and rebuilt: {cache_of(env).path}"]
    assert warm["overview"] == cold["overview"] and len(cache_of(env).entries) == 1


def test_a_warm_report_classifies_known_turns_without_scanning(run, history, env, monkeypatch):
    """The second run finds every turn in the memo: no Hyperscan scan, the
    same categories; a damaged memo is named, not used, and rebuilt."""
    from codeburn.classify import categories

    for f in range(3):
        history.write("p", f"s{f}.jsonl", [r for n in range(1, 4) for r in turn(n + 3 * f)])
    cold = reports(run, env)[1]
    run("report", "-p", "lifetime", env=env)  # fills the memo
    forget_scan(env)
    memo = os.path.join(env["CODEBURN_CACHE_DIR"], SUBDIR, f"turns-{ruleset.load().digest}-v2.cbm")
    assert os.path.getsize(memo) > 0

    def no_scan(*a, **k):
        raise AssertionError("scanned a prompt the memo knows")

    with monkeypatch.context() as m:
        m.setattr(categories.Matcher, "positions", no_scan)
        warm = run("report", "-p", "lifetime", "--format", "json", env=env).json
    warm.pop("generated")
    assert warm == cold and sum(c["turns"] for c in warm["activities"]) == 9
    with open(memo, "r+b") as f:
        f.seek(20)
        f.write(b"\xff")
    forget_scan(env)
    damaged = run("report", "-p", "lifetime", "--format", "json", env=env).json
    assert damaged["warnings"] == [f"1 cache file could not be used (corrupt), rebuilt: {memo}"]
    damaged.pop("generated")
    damaged["warnings"] = []
    assert damaged == cold
    forget_scan(env)
    assert run("report", "-p", "lifetime", "--format", "json", env=env).json["warnings"] == []


def test_a_repeat_loads_the_kept_scan_and_reads_nothing(run, history, env, monkeypatch):
    """Nothing changed: the kept scan answers (no file decoded, no pack
    loaded) and the report equals a cold one; any change misses."""
    from codeburn.read import decoding

    for f in range(3):
        history.write("p", f"s{f}.jsonl", [r for n in range(1, 4) for r in turn(n + 3 * f)])
    path = history.write("p", "torn.jsonl", turn(20), tail=as_bytes(turn(21)[1])[:-9])
    _, cold = reports(run, env)
    assert os.path.exists(scanmemo.path_in(cache_of(env).dir))

    def no_read(*a, **k):
        raise AssertionError("read a file the kept scan has")

    with monkeypatch.context() as m:
        m.setattr(decoding, "start", no_read)
        warm = run("report", "-p", "lifetime", "--format", "json", env=env).json
    warm.pop("generated")
    assert warm == cold and warm["overview"]["calls"] == 10
    with open(path, "ab") as f:  # the torn line ended (an invalid line now), one more turn
        f.write(b"\n" + b"".join(as_bytes(r) + b"\n" for r in turn(22)))
    warm, cold = reports(run, env)
    assert warm == cold and warm["overview"]["calls"] == 11


def test_the_kept_scan_key_moves_with_a_rewrite_that_keeps_size_and_mtime(history, tmp_path):
    """The kept scan is written without stat'ing each file again after the
    read (scanmemo._write): that leans on the key, taken before the read,
    holding ctime, which any write moves. A file rewritten in place to the
    same size with its mtime put back still gets another key."""
    import time

    from codeburn.providers.base import FileStat, Source

    path = history.write("p", "s.jsonl", turn(1))
    src = Source("claude", path, "p", "s", os.path.dirname(path))
    src.stat = FileStat(os.stat(path))
    before = scanmemo.key([src], "rules", True)
    st = os.stat(path)
    time.sleep(0.02)  # past the file system's timestamp tick
    with open(path, "r+b") as f:
        data = f.read()
        f.seek(0)
        f.write(data.replace(b"fix bug", b"fix bog", 1))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    again = Source("claude", path, "p", "s", os.path.dirname(path))
    again.stat = FileStat(os.stat(path))
    assert (again.stat.st_size, again.stat.st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    assert again.stat.st_ctime_ns != st.st_ctime_ns
    assert scanmemo.key([again], "rules", True) != before


@pytest.mark.parametrize("damage", ["flipped", "truncated", "junk"])
def test_a_damaged_kept_scan_is_a_silent_miss(run, history, env, damage):
    history.write("p", "s.jsonl", turn(1) + turn(2))
    _, cold = reports(run, env)
    kept = scanmemo.path_in(cache_of(env).dir)
    data = bytearray(open(kept, "rb").read())
    if damage == "flipped":
        data[-3] ^= 0x40
    elif damage == "truncated":
        data = data[:len(data) // 2]
    else:
        data = bytearray(b"junk" * 9)
    open(kept, "wb").write(bytes(data))
    warm, _ = reports(run, env)
    assert warm == cold and warm["warnings"] == []


def test_a_scan_with_an_unreadable_file_is_not_kept(history, env, tmp_path):
    """A read error is not a fact about the file's bytes (its mode may
    change without its mtime): such a scan is not kept."""
    history.write("p", "s.jsonl", turn(1))
    bad = history.write("p", "t.jsonl", turn(2))
    os.chmod(bad, 0)
    r = run_denied(tmp_path, "report", "-p", "lifetime", "--format", "json",
                   env={"CLAUDE_CONFIG_DIR": history.root, **env})
    assert r.status == 0 and json.loads(r.stdout)["overview"]["calls"] == 1
    assert os.path.exists(cache_of(env).path) and not os.path.exists(scanmemo.path_in(cache_of(env).dir))


def test_a_repeated_report_is_kept_and_equals_cold(run, history, env, monkeypatch):
    """The same command over unchanged files answers from the kept report
    (no report built): JSON and text equal a cold run's, warnings about the
    files and --strict included; another period or filter is built anew."""
    from codeburn.report import build

    history.write("p", "s.jsonl", turn(1) + turn(2) + ["{not json"] + turn(3))
    history.write("q", "t.jsonl", turn(4), tail=as_bytes(turn(5)[1])[:-9])
    args = ("report", "-p", "lifetime", "--strict")
    cold = [run(*args, "--format", fmt, "--no-cache", env=env) for fmt in ("json", "text")]
    run(*args, "--format", "json", env=env)  # keeps the scan and the report

    def no_build(*a, **k):
        raise AssertionError("built a report that was kept")

    with monkeypatch.context() as m:
        m.setattr(build, "build_report", no_build)
        warm = [run(*args, "--format", fmt, env=env) for fmt in ("json", "text")]
    assert [(r.status, r.stdout, r.stderr) for r in warm] == [(r.status, r.stdout, r.stderr) for r in cold]
    assert warm[0].status == 1 and warm[0].json["warnings"] == [
        f"1 file: 1 invalid JSON lines skipped; first at {history.files[0]}:7"]
    for other in (("--project", "q"), ("-p", "today")):
        a = run("report", "-p", "lifetime", *other, "--format", "json", env=env)
        b = run("report", "-p", "lifetime", *other, "--format", "json", "--no-cache", env=env)
        assert a.stdout == b.stdout


@pytest.mark.skipif(os.name == "nt", reason="the reader looks at the file itself on POSIX only")
@pytest.mark.parametrize("size", [1, 100, 4095, 4096, 4097, 10_000, 300_000])
def test_the_reader_vouches_for_a_complete_file_as_zlib_would(tmp_path, size):
    """What the reader hands the cache (DecodedFile.settled) for a file read
    whole: its stat key, and zlib's CRC-32 of its first and last 4 KiB (the
    cache checks an append against these with zlib); nothing for a file
    that does not end in a newline, so it is not kept."""
    from codeburn._fast.reader import Scanner

    data = bytes((i * 7 + i // 13) % 251 for i in range(size - 1)) + b"\n"
    path = tmp_path / "a.jsonl"
    got, expected = reader_vouches(path, data)
    assert got == expected
    path.write_bytes(data[:-1] + b"x")
    assert Scanner().decode_file(str(path), 0).settled is None


def _deltas(env) -> list[str]:
    d = cache_of(env).dir
    return sorted(n for n in os.listdir(d) if n.startswith("pack-") and n.endswith(".cbp"))


def _stamp(path: str) -> tuple:
    st = os.stat(path)
    return st.st_ino, st.st_size, st.st_mtime_ns


def test_a_run_that_read_a_few_files_writes_a_delta_not_the_pack(run, history, env):
    """An append and a new session: only their entries are written, as a
    delta beside the untouched pack; the next run loads every file from
    the pack and the delta (nothing decoded), and reports equal cold ones."""
    paths = [history.write("p", f"s{f}.jsonl", [r for n in range(1, 6) for r in turn(n + 5 * f)]) for f in range(4)]
    reports(run, env)
    pack = cache_of(env).path
    before = _stamp(pack)
    with open(paths[1], "ab") as f:
        f.write(b"".join(as_bytes(r) + b"\n" for r in turn(40)))
    history.write("q", "new.jsonl", turn(41) + turn(42))
    warm, cold = reports(run, env)
    assert warm == cold and warm["overview"]["calls"] == 23
    assert _stamp(pack) == before and len(_deltas(env)) == 1
    c = cache_of(env)
    assert len(c.entries) == 5
    r = scan_with(history, c)
    assert (c.hits, c.resumed, len(c.new), r.stats["calls"]) == (5, 0, 0, 23)


def test_deltas_are_folded_into_the_pack_when_they_pile_up(run, history, env, monkeypatch):
    """At DELTAS_MAX deltas the next change rewrites the pack with them,
    and they are removed; a delta of an earlier pack is never read."""
    from codeburn.cache import filecache

    monkeypatch.setattr(filecache, "DELTAS_MAX", 2)
    for f in range(4):
        history.write("p", f"s{f}.jsonl", [r for n in range(1, 6) for r in turn(n + 5 * f)])
    reports(run, env)
    for k in range(3):
        history.write("q", f"new{k}.jsonl", turn(30 + k))
        warm, cold = reports(run, env)
        assert warm == cold
        assert len(_deltas(env)) == [1, 2, 0][k]
    assert len(cache_of(env).entries) == 7
    # a delta left by a run that wrote beside another pack (since replaced)
    stale = os.path.join(cache_of(env).dir, "pack-1.2.3-0000.cbp")
    with open(cache_of(env).path, "rb") as src, open(stale, "wb") as dst:
        dst.write(src.read())
    c = cache_of(env)
    assert len(c.entries) == 7 and c.deltas == [] and c.stale == [stale]
    history.write("q", "new9.jsonl", turn(39))
    monkeypatch.setattr(filecache, "DELTAS_MAX", 0)  # this run rewrites the pack: the stale delta goes
    warm, cold = reports(run, env)
    assert warm == cold and _deltas(env) == []


def test_a_damaged_delta_is_named_and_rebuilt(run, history, env):
    history.write("p", "a.jsonl", turn(1) + turn(2) + turn(3))
    history.write("p", "b.jsonl", turn(4) + turn(5) + turn(6))
    reports(run, env)
    history.write("p", "c.jsonl", turn(7))
    reports(run, env)
    [name] = _deltas(env)
    delta = os.path.join(cache_of(env).dir, name)
    data = bytearray(open(delta, "rb").read())
    open(delta, "wb").write(bytes(data[:-5]))
    forget_scan(env)
    warm, cold = reports(run, env)
    assert warm["warnings"] == [f"1 cache entry could not be used (corrupt), read again and rebuilt: {delta}"]
    warm["warnings"] = cold["warnings"]
    assert warm == cold and _deltas(env) == []
    assert run("report", "-p", "lifetime", "--format", "json", env=env).json["warnings"] == []


def test_an_earlier_version_s_cache_is_removed(run, history, env, tmp_path):
    """files-v5 (before self-corrections, PR links and titles were kept): its
    pack, deltas, turn memos, kept scan and report go when the new pack is
    written; a file that is not ours keeps the folder."""
    old = os.path.join(env["CODEBURN_CACHE_DIR"], "files-v5")
    os.makedirs(old)
    for name in ("pack.cbp", "pack-1a2b-1.cbp", "turns-abc-v1.cbm", "scan-v1.cbm", "report-v1.cbm"):
        with open(os.path.join(old, name), "wb") as f:
            f.write(b"old")
    history.write("p", "s.jsonl", turn(1))
    assert run("report", "-p", "lifetime", "--format", "json", env=env).status == 0
    assert not os.path.exists(old)
    os.makedirs(old)
    for name in ("pack.cbp", "mine.txt"):
        with open(os.path.join(old, name), "wb") as f:
            f.write(b"x")
    history.write("p", "t.jsonl", turn(2))
    assert run("report", "-p", "lifetime", "--format", "json", env=env).status == 0
    assert os.listdir(old) == ["mine.txt"]


def test_a_pack_write_that_fails_midway_costs_nothing_but_the_cache(run, history, env, tmp_path):
    """The decoding threads append entries to the next pack themselves; when
    a write fails (here: the file size limit, EFBIG), the run still reports
    exactly, and leaves neither a pack nor its temporary file."""
    import resource
    import signal
    import subprocess
    import sys

    for f in range(11):
        history.write("p", f"s{f:02d}.jsonl", [r for n in range(1, 6) for r in turn(n + 5 * f)])
    _, cold = reports(run, {"CODEBURN_CACHE_DIR": str(tmp_path / "another-cache")})

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (8 << 10, 8 << 10))

    environ = {**os.environ, "CLAUDE_CONFIG_DIR": history.root, "TZ": "UTC", "HOME": str(tmp_path / "home"),
               "CODEBURN_CACHE_DIR": env["CODEBURN_CACHE_DIR"], "CODEBURN_JOBS": "2"}
    done = subprocess.run([sys.executable, "-m", "codeburn", "report", "-p", "lifetime", "--format", "json"],
                          env=environ, capture_output=True, text=True, preexec_fn=limited, timeout=120)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    doc.pop("generated")
    assert doc == cold and doc["overview"]["calls"] == 55
    left = os.listdir(cache_of(env).dir) if os.path.isdir(cache_of(env).dir) else []
    assert not [n for n in left if n.endswith(".tmp") or n.endswith(".cbp")], left


def test_the_threads_load_resume_and_reject_entries_as_get_does(run, history, env):
    """With two threads the entries are loaded, resumed and checked in the
    compiled work list: the counts are get()'s, an entry whose bytes were
    damaged is named and read again, and each scan equals a cold one."""
    paths = [history.write("p", f"s{f}.jsonl", [r for n in range(1, 4) for r in turn(n + 3 * f)]) for f in range(3)]
    _, cold = reports(run, env)
    with open(paths[2], "ab") as f:  # s2 grows
        f.write(b"".join(as_bytes(r) + b"\n" for r in turn(30)))
    c = cache_of(env)
    r = scan_with(history, c, jobs=2)
    assert (c.hits, c.resumed, c.corrupt, r.stats["calls"]) == (2, 1, [], 10)
    assert r.cols["input"].tolist() == scan_with(history, None, jobs=1).cols["input"].tolist()
    c = cache_of(env)
    key, offset, length, crc, edges, part = c.entries[paths[0]]
    c.close()
    with open(c.path if part == 0 else c.deltas[part - 1], "r+b") as f:  # one byte of s0's entry
        f.seek(offset + length // 2)
        b = f.read(1)
        f.seek(offset + length // 2)
        f.write(bytes([b[0] ^ 0xFF]))
    c = cache_of(env)
    r = scan_with(history, c, jobs=2)
    # (the write changed the pack, so the delta holding s2's grown entry is
    # stale: s2 resumes from its entry in the pack again)
    assert (c.hits, c.resumed, c.corrupt, r.stats["calls"]) == (1, 1, [paths[0]], 10)
    forget_scan(env)
    warm, cold = reports(run, env)
    assert warm["overview"] == cold["overview"] and warm["overview"]["calls"] == 10



def _dead_pid() -> int:
    """The pid of a process that has ended and been reaped."""
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.skipif(os.name != "posix", reason="pids are asked with signal 0")
def test_a_killed_runs_unfinished_files_are_removed(run, history, env):
    """A process killed while it wrote the pack (or a records entry, written
    as its source is read) leaves `<target>.<pid>.<thread>.tmp`: the next run
    that writes the cache removes it, and only a dead process's."""
    history.write("p", "s.jsonl", turn(1))
    d = os.path.join(env["CODEBURN_CACHE_DIR"], SUBDIR)
    os.makedirs(d)
    dead, mine, live = (os.path.join(d, f"pack.cbp.{pid}.140.tmp") for pid in (_dead_pid(), os.getpid(), 1))
    other = os.path.join(d, "notes.1.2.txt")
    for path in (dead, mine, live, other):
        with open(path, "wb") as f:
            f.write(b"x" * 100)
    warm, cold = reports(run, env)
    assert warm == cold and warm["overview"]["calls"] == 1
    assert [os.path.exists(p) for p in (dead, mine, live, other)] == [False, True, True, True]
