"""What the kept days depend on (commands.carry.sources_digest): every file
but those written today up to now, by key, provider, size and mtime; the
files' order does not matter."""
from __future__ import annotations

import hashlib
import os

from codeburn.aggregate.dayhistory import entry_keys
from codeburn.commands.carry import sources_digest
from codeburn.providers.base import Source, stat_missing

MS = 1_000_000  # ns a millisecond
MIDNIGHT, NOW = 1_790_000_000_000, 1_790_000_500_000   # ms


def make(tmp_path, name: str, data: bytes, mtime_ns: int | None) -> Source:
    path = str(tmp_path / name)
    with open(path, "wb") as f:
        f.write(data)
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))
    return Source("claude", path, "p", name, str(tmp_path))


def expected(rows: list[str]) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update("".join(sorted(rows)).encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def test_files_written_today_until_now_are_left_out_to_the_millisecond(tmp_path):
    times = {"before-midnight": MIDNIGHT * MS - 1,      # the last ns of yesterday: counts
             "at-midnight": MIDNIGHT * MS,             # today: left out
             "now": NOW * MS + MS - 1,                 # the last ns of this millisecond: left out
             "ahead": (NOW + 1) * MS}                  # stamped after now: counts
    sources = [make(tmp_path, name, b"x" * (k + 1), t) for k, (name, t) in enumerate(times.items())]
    gone = Source("codex", str(tmp_path / "gone.jsonl"), "", "gone", "")   # no file: stat'ed here, None
    assert stat_missing(sources)
    got = sources_digest(sources + [gone], MIDNIGHT, NOW)
    assert got == expected([f"{tmp_path / 'before-midnight'}\0claude\0(1, {MIDNIGHT * MS - 1})\n",
                            f"{tmp_path / 'ahead'}\0claude\0(4, {(NOW + 1) * MS})\n",
                            f"{tmp_path / 'gone.jsonl'}\0codex\0None\n"])
    assert sources_digest(list(reversed(sources)) + [gone], MIDNIGHT, NOW) == got
    assert sources_digest(sources + [gone], MIDNIGHT, NOW, entry_keys(sources + [gone])) == got   # keys given


def test_many_files_hash_as_one_run_of_rows(tmp_path):
    """Past a chunk of rows the digest is still that of all rows in a row."""
    sources = [make(tmp_path, f"s{k:05d}.jsonl", b"", 1_000 * MS + k) for k in range(5000)]
    assert stat_missing(sources)
    assert sources_digest(sources, MIDNIGHT, NOW) == expected(
        [f"{tmp_path / f's{k:05d}.jsonl'}\0claude\0(0, {1_000 * MS + k})\n" for k in range(5000)])
