"""The compiled work list of the decoding threads (_fast DecodeQueue, used
for files the per-file cache does not have): each file comes out as a
thread-free decode of it would, its cache entry is appended to the pack
exactly (offset, length, CRC of path and dump), and a failed or unreadable
file is reported, not lost. The reports it feeds are compared with one
thread's in tests/test_parallel.py."""
from __future__ import annotations

import json
import os
import threading
import zlib

import pytest

from codeburn._fast.reader import ENTRY_UNUSED, QUEUE_ASK_PYTHON, QUEUE_KEPT, QUEUE_NOT_KEPT, DecodeQueue, PackOut
from codeburn.classify import ruleset
from codeburn.read import decoding
from tests.conftest import assistant_line, usage, user_line


def _session(path, n: int, newline_at_end: bool = True) -> None:
    lines = []
    for t in range(n):
        lines.append(user_line(f"fix the parser {t}", ts=f"2026-03-0{1 + t % 5}T10:{t % 60:02d}:00Z"))
        lines.append(assistant_line(f"msg_{os.path.basename(path)}_{t}", ts=f"2026-03-0{1 + t % 5}T10:{t % 60:02d}:30Z",
                                    usage=usage(100 + t, 20 + t, 300, 4000)))
    text = "\n".join(json.dumps(r) for r in lines)
    with open(path, "w") as f:
        f.write(text + ("\n" if newline_at_end else ""))


def _scanner():
    return decoding.make_scanner(ruleset.load(ruleset.rules_dir({})), keep_prompts=False)


def _run(queue: DecodeQueue, jobs: int = 2) -> list[threading.Thread]:
    threads = [threading.Thread(target=queue.work, args=(_scanner(),)) for _ in range(jobs)]
    for t in threads:
        t.start()
    return threads


def test_each_file_is_decoded_as_alone_and_its_entry_is_in_the_pack(tmp_path):
    paths = []
    for i in range(12):
        p = tmp_path / f"s{i}.jsonl"
        _session(p, 3 + i, newline_at_end=i != 5)  # s5 has no final newline: the reader cannot settle it
        paths.append(str(p))
    pack_path = tmp_path / "pack"
    fd = os.open(pack_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        pack = PackOut(fd, 0)
        queue = DecodeQueue(1, 0)  # a window of one file: the threads wait for the main reader
        for i, p in enumerate(paths):
            queue.add(p, i, "claude", "", os.path.getsize(p), 1, 0, os.stat(p))
        queue.set_pack(pack)
        threads = _run(queue)
        got = [queue.wait(i) for i in range(len(paths))]
        for t in threads:
            t.join()
        pack.close()
    finally:
        os.close(fd)
    data = pack_path.read_bytes()
    offsets = []
    for i, (decoded, kept, (at, length, crc), use) in enumerate(got):
        assert use == ENTRY_UNUSED
        alone = _scanner().decode_file(paths[i], i)
        assert decoded.dumps() == alone.dumps()
        if i == 5:
            assert kept == QUEUE_ASK_PYTHON and decoded.settled is None
            continue
        assert kept == QUEUE_KEPT
        blob = data[at:at + length]
        assert blob == alone.dumps()
        assert crc == zlib.crc32(blob, zlib.crc32(os.fsencode(paths[i])))
        offsets.append((at, length))
    offsets.sort()
    assert offsets[0][0] == 0 and all(a + n == b for (a, n), (b, _) in zip(offsets, offsets[1:]))
    assert offsets[-1][0] + offsets[-1][1] == len(data)  # 11 entries, end to end, nothing else


def test_a_file_changed_since_its_stat_is_not_kept(tmp_path):
    p = tmp_path / "s.jsonl"
    _session(p, 4)
    before = os.stat(p)
    with open(p, "a") as f:
        f.write(json.dumps(user_line("one more", ts="2026-03-09T10:00:00Z")) + "\n")
    fd = os.open(tmp_path / "pack", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        queue = DecodeQueue(4, 1 << 20)
        queue.add(str(p), 0, "claude", "", before.st_size, 1, 0, before)
        queue.set_pack(PackOut(fd, 0))
        threads = _run(queue, 1)
        decoded, kept, _, _ = queue.wait(0)
        threads[0].join()
    finally:
        os.close(fd)
    assert kept == QUEUE_NOT_KEPT
    assert decoded.dumps() == _scanner().decode_file(str(p), 0).dumps()  # what was read is still handed over
    assert os.path.getsize(tmp_path / "pack") == 0


def test_unreadable_and_missing_files_come_out_with_their_error(tmp_path):
    main = _scanner()
    queue = DecodeQueue(4, 1 << 20)
    queue.add(str(tmp_path / "gone.jsonl"), 0, "claude", "", 0, 1, 0, None)
    queue.add(str(tmp_path), 1, "claude", "", 0, 1, 0, None)  # a directory
    threads = _run(queue)
    errors = []
    for pos in range(2):
        decoded, kept, _, _ = queue.wait(pos)
        assert kept == QUEUE_NOT_KEPT  # no pack: nothing is kept
        errors.append(main.adopt(decoded, pos)[2])
    for t in threads:
        t.join()
    assert errors[0] == 2 and errors[1] != 0  # ENOENT; EISDIR or similar
    with pytest.raises(IndexError):
        queue.wait(2)


def test_close_stops_the_threads_before_every_file_is_read(tmp_path):
    paths = []
    for i in range(30):
        p = tmp_path / f"s{i}.jsonl"
        _session(p, 2)
        paths.append(str(p))
    queue = DecodeQueue(1, 0)
    for i, p in enumerate(paths):
        queue.add(p, i, "claude", "", os.path.getsize(p), 1, 0, None)
    threads = _run(queue)
    queue.wait(0)
    queue.close()
    for t in threads:
        t.join(timeout=30)
        assert not t.is_alive()  # the window held them; close() let them go


def _serial_columns(paths):
    main = decoding.make_scanner(ruleset.load(ruleset.rules_dir({})))
    for i, p in enumerate(paths):
        main.scan_file(p, i)
    return main.take_columns(), main.strings()


def test_runs_adopt_as_a_serial_read_and_stop_where_python_is_needed(tmp_path):
    """adopt_run over a queue with a pack: the files adopted in runs give the
    serial read's columns and strings; the run stops at the file the reader
    could not settle (no final newline: RUN_IN_PYTHON, handed back
    unadopted), and where the prompts waiting reach the limit."""
    import numpy as np

    from codeburn._fast.reader import RUN_CLASSIFY, RUN_DONE, RUN_IN_PYTHON, STAT_FIELDS

    paths = []
    for i in range(9):
        p = tmp_path / f"s{i}.jsonl"
        _session(p, 2 + i, newline_at_end=i != 4)
        paths.append(str(p))
    fd = os.open(tmp_path / "pack", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        queue = DecodeQueue(2, 0)
        for i, p in enumerate(paths):
            queue.add(p, i, "claude", "", os.path.getsize(p), 1, 0, os.stat(p))
        queue.set_pack(PackOut(fd, 0))
        threads = _run(queue)
        main = decoding.make_scanner(ruleset.load(ruleset.rules_dir({})))
        stops, at, rows = [], 0, []
        while at < len(paths):
            run = queue.adopt_run(main, at, np.arange(at, len(paths), dtype=np.int32), 1 if at == 5 else 1 << 40)
            stops.append((at, run.done, run.stop))
            rows.extend(run.stats.tolist())
            assert run.kept == [QUEUE_KEPT] * run.done and len(run.entries) == len(run.edges) == run.done
            at += run.done
            if run.stop == RUN_IN_PYTHON:
                assert run.pending_entry[0] == QUEUE_ASK_PYTHON and run.pending.settled is None
                stats, _, err = main.adopt(run.pending, at)
                rows.append([stats[k] for k in STAT_FIELDS] + [err])
                at += 1
        for t in threads:
            t.join()
    finally:
        os.close(fd)
    # s4 has no final newline; from s5 on a limit of one byte of prompts stops after one file
    assert stops == [(0, 4, RUN_IN_PYTHON), (5, 1, RUN_CLASSIFY), (6, 3, RUN_DONE)]
    cols, strings = main.take_columns(), main.strings()
    want_cols, want_strings = _serial_columns(paths)
    assert strings == want_strings and cols.keys() == want_cols.keys()
    for name in cols:
        assert np.array_equal(cols[name], want_cols[name]), name
    assert [r[STAT_FIELDS.index("calls")] for r in rows] == [2 + i for i in range(9)]


def test_a_failed_decode_is_raised_as_memory_or_runtime_error():
    from codeburn._fast.reader import decode_failure

    oom = decode_failure("/h/s.jsonl", "out of memory")
    other = decode_failure("/h/s.jsonl", "joining the parts failed")
    assert type(oom) is MemoryError and str(oom) == "decoding /h/s.jsonl"
    assert type(other) is RuntimeError and str(other) == "decoding /h/s.jsonl failed: joining the parts failed"
