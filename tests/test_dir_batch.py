"""Folders listed and sidecars read in one compiled call (cb_dirs.h):
the same answers as os.scandir, os.stat and a plain read, on every kind
of entry a tool's folder may hold."""
from __future__ import annotations

import errno
import os
import sys

import pytest

from codeburn._fast import reader
from codeburn.providers import base, claude

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="no opendir batch on Windows")


def touch(path: str, data: bytes = b"") -> str:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return path


@posix_only
def test_a_listing_says_what_scandir_says_of_every_kind(tmp_path):
    d = str(tmp_path / "f")
    touch(os.path.join(d, "a.jsonl"))
    os.makedirs(os.path.join(d, "sub"))
    os.symlink("a.jsonl", os.path.join(d, "link"))
    os.symlink("nowhere", os.path.join(d, "dangling"))
    os.mkfifo(os.path.join(d, "pipe"))
    touch(os.fsdecode(os.path.join(os.fsencode(d), b"bad-\xff.jsonl")))   # not UTF-8: decoded as scandir does
    [row] = reader.list_folders([d])
    dev, ino, entries = row
    st = os.stat(d)
    assert (dev, ino) == (st.st_dev, st.st_ino)
    assert sorted(entries) == sorted([("a.jsonl", "file"), ("sub", "dir"), ("link", None), ("dangling", None),
                                      ("pipe", ""), ("bad-\udcff.jsonl", "file")])
    with os.scandir(d) as it:
        assert sorted(entries) == sorted((e.name, base._plain_type(e)) for e in it)


@posix_only
def test_a_folder_that_cannot_be_listed_gives_its_errno(tmp_path):
    f = touch(str(tmp_path / "file"))
    os.symlink(str(tmp_path / "gone"), str(tmp_path / "dangling"))
    os.symlink(str(tmp_path), str(tmp_path / "up"))
    rows = reader.list_folders([str(tmp_path / "none"), f, str(tmp_path / "dangling"), "bad\0path", str(tmp_path / "up"),
                                str(tmp_path / "up") + "/"])
    assert rows[:4] == [errno.ENOENT, errno.ENOTDIR, errno.ENOENT, errno.EINVAL]
    st = os.stat(tmp_path)
    assert rows[4][:2] == rows[5][:2] == (st.st_dev, st.st_ino)   # a link followed, as os.stat follows it
    assert reader.list_folders([]) == []


@posix_only
def test_many_folders_on_two_threads_each_keep_their_own_listing(tmp_path):
    dirs = []
    for k in range(300):   # past the point where a second thread starts
        d = str(tmp_path / f"d{k:03d}")
        for j in range(k % 4):
            touch(os.path.join(d, f"{k}-{j}.jsonl"))
        os.makedirs(d, exist_ok=True)
        dirs.append(d)
    rows = reader.list_folders(dirs)
    assert [sorted(name for name, _ in row[2]) for row in rows] == \
        [[f"{k}-{j}.jsonl" for j in range(k % 4)] for k in range(300)]


def test_heads_are_the_first_bytes_of_regular_files_only(tmp_path):
    small = touch(str(tmp_path / "small"), b'{"agentType": "Explore"}')
    big = touch(str(tmp_path / "big"), bytes(range(256)) * 1000)        # 256,000 bytes: several 64 KiB reads
    empty = touch(str(tmp_path / "empty"))
    paths = [small, big, empty, str(tmp_path), str(tmp_path / "none")]
    if hasattr(os, "mkfifo"):
        os.mkfifo(str(tmp_path / "pipe"))      # no writer: a blocking open would wait for ever
        paths.append(str(tmp_path / "pipe"))
    out = reader.read_files_head(paths, 100_000)
    assert out[:5] == [b'{"agentType": "Explore"}', (bytes(range(256)) * 1000)[:100_000], b"", errno.EISDIR, errno.ENOENT]
    if hasattr(os, "mkfifo"):
        assert out[5] == reader.IO_NOT_REGULAR
    assert reader.read_files_head([big], 65536 * 2 + 7) == [(bytes(range(256)) * 1000)[:131079]]
    assert reader.read_files_head([big, small] * 100, 10) == [bytes(range(10)), b'{"agentTyp'] * 100


def claude_tree(home: str) -> None:
    """A projects folder with every odd thing a `subagents` folder can be."""
    p = os.path.join(home, ".claude", "projects")
    touch(os.path.join(p, "-a", "s1.jsonl"))
    touch(os.path.join(p, "-a", "s1", "subagents", "agent-1.jsonl"))
    touch(os.path.join(p, "-a", "s1", "subagents", "agent-1.meta.json"), b'{"agentType": "Plan"}')
    touch(os.path.join(p, "-a", "s1", "subagents", "workflows", "w", "agent-w.jsonl"))
    touch(os.path.join(p, "-a", "s2", "subagents"))                           # a file where the folder goes
    os.makedirs(os.path.join(p, "-a", "s3"))
    os.symlink("nowhere", os.path.join(p, "-a", "s3", "subagents"))            # dangling
    os.makedirs(os.path.join(p, "-a", "s4"))
    os.symlink(os.path.join(p, "-a", "s1", "subagents"), os.path.join(p, "-a", "s4", "subagents"))  # seen twice
    touch(os.path.join(p, "-a", "subagents", "agent-top.jsonl"))
    os.makedirs(os.path.join(p, "-a", "subagents", "loop"))
    os.symlink(os.path.join(p, "-a", "subagents"), os.path.join(p, "-a", "subagents", "loop", "back"))
    os.makedirs(os.path.join(p, "-a", "s5"))
    os.mkfifo(os.path.join(p, "-a", "s5", "subagents"))                        # a FIFO of that name: never waited on
    touch(os.path.join(p, "-b", "t.jsonl"))
    touch(os.path.join(p, "-b", "t", "subagents", "agent-2.jsonl"))
    os.mkfifo(os.path.join(p, "-b", "t", "subagents", "agent-2.meta.json"))  # never waited on
    touch(os.path.join(p, "-b", "t", "subagents", "agent-3.jsonl"))
    touch(os.path.join(p, "-b", "t", "subagents", "agent-3.meta.json"), b'{"agentType": ' + b"[" * 200_000)  # past the parser's depth
    touch(os.path.join(p, "-b", "t", "subagents", "agent-4.jsonl"))
    touch(os.path.join(p, "-b", "t", "subagents", "agent-4.meta.json"),
          b'{"pad": "' + b"x" * 70_000 + b'", "agentType": "Explore"}')      # the key past the first 64 KiB
    touch(os.path.join(p, "-b", "t", "subagents", "agent-5.jsonl"))
    touch(os.path.join(p, "-b", "t", "subagents", "agent-5.meta.json"),
          b'{"pad": "' + b"x" * (1 << 20) + b'", "agentType": "Explore"}')   # past what is read of one: broken


class ListingOneAtATime(base.Walker):
    def prefetch(self, dirs):
        pass


@posix_only
def test_discovery_with_folders_listed_ahead_equals_one_at_a_time(tmp_path):
    home = str(tmp_path)
    claude_tree(home)
    found = {}
    for walker in (base.Walker(), ListingOneAtATime()):
        sources = list(claude.discover({}, home, walker))
        found[type(walker)] = ([(os.path.relpath(s.path, home), s.session_id, s.agent_type, s.sidechain) for s in sources],
                               walker.errors, sorted(walker.listed))
    assert found[base.Walker] == found[ListingOneAtATime]
    rows, errors, _ = found[base.Walker]
    p = os.path.join(".claude", "projects")
    assert rows == [
        (os.path.join(p, "-a", "s1.jsonl"), "s1", None, False),
        (os.path.join(p, "-a", "subagents", "agent-top.jsonl"), "agent-top", None, True),
        (os.path.join(p, "-a", "s1", "subagents", "agent-1.jsonl"), "agent-1", "Plan", True),
        (os.path.join(p, "-a", "s1", "subagents", "workflows", "w", "agent-w.jsonl"), "agent-w", "workflow-subagent", True),
        (os.path.join(p, "-b", "t.jsonl"), "t", None, False),
        (os.path.join(p, "-b", "t", "subagents", "agent-2.jsonl"), "agent-2", None, True),
        (os.path.join(p, "-b", "t", "subagents", "agent-3.jsonl"), "agent-3", None, True),
        (os.path.join(p, "-b", "t", "subagents", "agent-4.jsonl"), "agent-4", "Explore", True),
        (os.path.join(p, "-b", "t", "subagents", "agent-5.jsonl"), "agent-5", None, True),
    ]
    assert errors == [(os.path.join(home, p, "-a", "s2", "subagents"), os.strerror(errno.ENOTDIR)),
                      (os.path.join(home, p, "-a", "s5", "subagents"), os.strerror(errno.ENOTDIR))]


def test_one_sidecar_reads_as_a_batch_does(tmp_path):
    home = str(tmp_path)
    claude_tree(home)
    sub = os.path.join(home, ".claude", "projects", "-b", "t", "subagents")
    paths = [os.path.join(sub, f"agent-{k}.jsonl") for k in range(2, 6)]
    assert [claude.subagent_type(p) for p in paths] == claude.subagent_types(paths) == [None, None, "Explore", None]
