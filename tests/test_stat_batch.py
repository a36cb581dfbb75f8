"""The stats of many files taken at once (codeburn._fast.reader.stat_paths,
providers.base.stat_missing) and what is keyed by them (the kept scan's key,
scanmemo._body, hashed a field at a time)."""
from __future__ import annotations

import errno
import os

import pytest

from codeburn._fast.reader import stat_paths
from codeburn.cache import scanmemo
from codeburn.providers.base import FileStat, Source, mtime_filter, stat_missing

pytestmark = pytest.mark.skipif(os.name == "nt", reason="the batch stat is POSIX only (Windows keeps os.stat)")


def _row(path) -> tuple[int, int, int, int, int]:
    st = os.stat(path)
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def test_stat_paths_gives_what_os_stat_gives_and_each_failure_s_errno(tmp_path):
    f = tmp_path / "s.jsonl"
    f.write_bytes(b"x" * 123)
    link = tmp_path / "link.jsonl"
    link.symlink_to(f)
    odd = os.path.join(os.fsencode(tmp_path), b"\xff.jsonl")
    with open(odd, "wb") as h:
        h.write(b"yy")
    dangling = tmp_path / "gone.jsonl"
    dangling.symlink_to(tmp_path / "nowhere")
    rows = stat_paths([str(f), str(link), str(tmp_path), odd, os.fsdecode(odd), str(tmp_path / "missing"),
                       str(dangling), str(tmp_path) + "/a\0b", str(f / "under-a-file")])
    assert rows[:5] == [_row(f), _row(f), _row(tmp_path), _row(odd), _row(odd)]
    assert rows[0][2] == 123 and rows[3][2] == 2
    assert rows[5:] == [errno.ENOENT, errno.ENOENT, errno.EINVAL, errno.ENOTDIR]


def test_stat_paths_keeps_the_order_of_a_batch_split_between_two_threads(tmp_path):
    paths = []
    for i in range(3000):  # (more than one thread's share: 2048)
        p = tmp_path / f"{i:04d}.jsonl"
        p.write_bytes(b"z" * (i % 97))
        paths.append(str(p))
    paths.insert(1500, str(tmp_path / "missing.jsonl"))
    rows = stat_paths(paths)
    assert len(rows) == 3001 and rows[1500] == errno.ENOENT
    assert [r[2] for r in rows[:1500] + rows[1501:]] == [i % 97 for i in range(3000)]
    assert rows[2999] == _row(paths[2999])


def _source(path: str, project: str = "p", session: str = "s") -> Source:
    return Source("claude", path, project, session, os.path.dirname(path))


def test_stat_missing_stats_only_what_has_no_stat_and_says_when_one_failed(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("1")
    b.write_text("22")
    old = FileStat.of_row((1, 2, 3, 4, 5))
    known, fresh, missing = _source(str(a)), _source(str(b)), _source(str(tmp_path / "c.jsonl"))
    known.stat = old
    assert stat_missing([known, fresh]) is True
    assert known.stat is old and fresh.stat.st_size == 2 and fresh.stat.st_ino == os.stat(b).st_ino
    assert stat_missing([known, fresh, missing]) is False
    assert missing.stat is None


def test_mtime_filter_takes_a_rollout_s_stat_anew_and_keeps_one_it_cannot_stat(tmp_path):
    """A Codex rollout is dated by its mtime as it is now, not by a stat a
    source kept from before; one that cannot be stat'ed is kept for the
    read to name."""
    new, old = tmp_path / "rollout-new.jsonl", tmp_path / "rollout-old.jsonl"
    new.write_text("{}\n")
    old.write_text("{}\n")
    os.utime(old, (1_000_000, 1_000_000))  # 1970
    fresh, stale, gone = (Source("codex", str(p), "", "", "") for p in (new, old, tmp_path / "gone.jsonl"))
    fresh.stat = FileStat.of_row((0, 0, 0, 0, 0))  # a stat from "before": 1970
    kept = mtime_filter([fresh, stale, gone], since_ms=1_700_000_000_000)
    assert kept == [fresh, gone]
    assert fresh.stat.st_size == 3 and gone.stat is None


def _key(sources) -> str:
    scanmemo._last = None
    return scanmemo.key(sources, "rules", True)


def test_the_kept_scan_s_key_follows_each_field_of_each_file(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("1")
    b.write_text("2")
    base = _key([_source(str(a), "one", "s1"), _source(str(b), "two", "s2")])
    assert base == _key([_source(str(a), "one", "s1"), _source(str(b), "two", "s2")])
    # the same values, moved between the files: another history
    assert base != _key([_source(str(a), "two", "s1"), _source(str(b), "one", "s2")])
    assert base != _key([_source(str(a), "one", "s2"), _source(str(b), "two", "s1")])
    assert base != _key([_source(str(b), "two", "s2"), _source(str(a), "one", "s1")])  # the order decides dedup
    sidechain = _source(str(b), "two", "s2")
    sidechain.sidechain = True
    assert base != _key([_source(str(a), "one", "s1"), sidechain])
    b.write_text("22")  # grown
    assert base != _key([_source(str(a), "one", "s1"), _source(str(b), "two", "s2")])
    b.unlink()
    assert _key([_source(str(a), "one", "s1"), _source(str(b), "two", "s2")]) is None


def test_a_file_dated_past_2262_is_keyed_and_read_warm_as_cold(tmp_path):
    """Its time in nanoseconds does not fit 64 bits: the batch stat and the
    reader wrap it alike (cb_infile.h time_ns), and a stat that os.stat took
    (a Python int of any size) is hashed by its digits."""
    import json
    import subprocess
    import sys

    import datetime as dt

    from tests.conftest import as_bytes, assistant_line, usage

    day = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=2)).strftime("%Y-%m-%d")
    folder = tmp_path / "claude" / "projects" / "-home-u-app"
    folder.mkdir(parents=True)
    path = folder / "s.jsonl"
    path.write_bytes(as_bytes(assistant_line("m1", ts=f"{day}T10:00:00Z", usage=usage(100, 10))) + b"\n")
    far = 10_413_792_000  # 2300-01-01, in seconds
    os.utime(path, (far, far))
    env = {**os.environ, "HOME": str(tmp_path), "TZ": "UTC", "CLAUDE_CONFIG_DIR": str(tmp_path / "claude"),
           "CODEBURN_CACHE_DIR": str(tmp_path / "cache")}

    def report(*extra):
        r = subprocess.run([sys.executable, "-m", "codeburn", "report", "-p", "all", "--format", "json", *extra],
                           env=env, capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        doc = json.loads(r.stdout)
        doc.pop("generated")
        return doc

    cold = report("--no-cache")
    assert cold["overview"]["calls"] == 1
    assert report() == cold and report() == cold  # first run, then warm
    with open(path, "ab") as f:
        f.write(as_bytes(assistant_line("m2", ts=f"{day}T10:01:00Z", usage=usage(200, 20))) + b"\n")
    os.utime(path, (far + 60, far + 60))
    assert report() == report("--no-cache") and report()["overview"]["calls"] == 2
    big = Source("claude", str(path), "p", "s", str(folder))
    big.stat = FileStat.of_row((1, 2, 3, far * 10**9, far * 10**9))  # (as os.stat gives it: no wrap)
    assert _key([big]) is not None
