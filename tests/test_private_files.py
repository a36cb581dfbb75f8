"""codeburn's own files are private whatever the umask (issue 12): every file
it writes 0600, every directory it makes 0700, an existing loose cache dir
tightened on the next write, and writes never go through a planted link."""
from __future__ import annotations

import os
import stat

import pytest

from codeburn.cache.cachedir import write_atomic, write_private
from codeburn.cache.filecache import SUBDIR
from tests.conftest import assistant_line, usage, user_line


@pytest.fixture
def loose_umask():
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def modes(root: str) -> dict[str, int]:
    """Every directory and file under root (root too) -> its permission bits."""
    out = {".": stat.S_IMODE(os.stat(root).st_mode)}
    for d, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(d, name)
            out[os.path.relpath(path, root)] = stat.S_IMODE(os.lstat(path).st_mode)
    return out


def write_session(history) -> None:
    history.write("-home-dev-shop", "s1.jsonl", [
        user_line("fix the failing test", ts="2026-03-05T10:00:00Z"),
        assistant_line("m1", ts="2026-03-05T10:00:01Z", usage=usage(100, 10), tools=[("Edit", {"file_path": "/a"})])])


def test_every_file_and_directory_codeburn_writes_is_private_under_umask_000(run, history, tmp_path, loose_umask,
                                                                           user_rules):
    write_session(history)
    home = tmp_path / "home"
    env = {"XDG_CACHE_HOME": "", "HOME": str(home), "CODEBURN_RULES_DIR": user_rules}  # ~/.cache does not exist yet
    for argv in (("report",), ("status",), ("models",)):
        assert run(*argv, env=env).status == 0
    cache = home / ".cache"
    found = modes(str(cache))
    names = {os.path.basename(p) for p in found}
    assert {"codeburn", SUBDIR, "pack.cbp", "scan-v1.cbm", "report-v1.cbm", "status-v2.json"} <= names
    assert any(n.endswith(".hsdb") for n in names) and any(n.startswith("turns-") for n in names)
    for path, mode in found.items():
        want = 0o700 if os.path.isdir(cache / path) else 0o600
        assert mode == want, f"{path}: {oct(mode)}"


def test_a_world_readable_cache_dir_is_tightened_on_the_next_write(run, history, tmp_path, loose_umask):
    write_session(history)
    cache = tmp_path / "old-cache"
    (cache / SUBDIR).mkdir(parents=True, mode=0o755)
    os.chmod(cache, 0o755)
    os.chmod(cache / SUBDIR, 0o777)
    assert run("report", env={"CODEBURN_CACHE_DIR": str(cache)}).status == 0
    assert stat.S_IMODE(os.stat(cache).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(cache / SUBDIR).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(cache / SUBDIR / "pack.cbp").st_mode) == 0o600


@pytest.mark.parametrize("mask", [0o000, 0o022, 0o277, 0o077])
def test_write_private_gives_0600_in_0700_whatever_the_umask(tmp_path, mask):
    old = os.umask(mask)
    try:
        target = tmp_path / "a" / "b" / "f.json"
        write_private(str(target), [b"{}"], root=str(tmp_path / "a"))
    finally:
        os.umask(old)
    assert target.read_bytes() == b"{}"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    for d in (tmp_path / "a", tmp_path / "a" / "b"):
        assert stat.S_IMODE(os.stat(d).st_mode) == 0o700
    assert os.listdir(target.parent) == ["f.json"]  # no temporary file left


def test_a_rewrite_replaces_a_loose_file_with_a_private_one(tmp_path, loose_umask):
    target = tmp_path / "c" / "pack.cbp"
    target.parent.mkdir()
    target.write_bytes(b"old")
    os.chmod(target, 0o666)
    write_atomic(str(target), [b"new"], root=str(target.parent))
    assert target.read_bytes() == b"new" and stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_a_planted_link_at_the_temporary_name_is_not_followed(tmp_path):
    import threading

    target = tmp_path / "c" / "status-v2.json"
    target.parent.mkdir()
    victim = tmp_path / "victim"
    victim.write_bytes(b"keep")
    os.symlink(victim, f"{target}.{os.getpid()}.{threading.get_ident()}.tmp")
    write_atomic(str(target), [b"x"])       # a cache write gives up quietly ...
    assert victim.read_bytes() == b"keep"   # ... never writing through the link
    assert not target.exists()
    write_atomic(str(target), [b"x"])       # the link was removed: the next write works
    assert target.read_bytes() == b"x"


def test_a_shared_sticky_directory_is_left_as_it_is(tmp_path, loose_umask):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    write_private(str(shared / "codeburn" / "f"), [b"1"], root=str(shared))
    assert stat.S_IMODE(os.stat(shared).st_mode) == 0o1777
    assert stat.S_IMODE(os.stat(shared / "codeburn").st_mode) == 0o700


def test_the_records_cache_is_private_too(tmp_path, loose_umask):
    import types

    from codeburn.cache.recordcache import RecordCache
    from codeburn.providers.base import Source
    from codeburn.providers.records import Call, ReadLog, Session

    store = tmp_path / "store.json"
    store.write_text("{}")
    src = Source("toyjson", str(store), "", "a", str(tmp_path))
    cache = RecordCache(str(tmp_path / "cache"))
    writer = cache.writer(src, cache.stamp(types.SimpleNamespace(), src))
    writer.add(Session("s1", "shop", [Call(1772449200000, "gemini-2.5-pro", input=1, output=1)]))
    writer.finish(ReadLog())
    found = modes(str(tmp_path / "cache"))
    assert len(found) == 3   # the cache dir, records-v1/ and one entry
    for path, mode in found.items():
        assert mode == (0o700 if os.path.isdir(tmp_path / "cache" / path) else 0o600), path


def test_the_settings_file_and_its_folders_are_private_under_umask_000(run, tmp_path, loose_umask):
    home = tmp_path / "home"
    assert run("plan", "set", "claude-pro").status == 0
    assert run("currency", "EUR", "--rate", "0.9").status == 0
    found = modes(str(home / ".config"))   # ~/.config did not exist: codeburn made it
    assert found == {".": 0o700, "codeburn": 0o700, os.path.join("codeburn", "config.json"): 0o600}


def test_a_loose_settings_folder_is_tightened_on_the_next_write(run, tmp_path, loose_umask):
    folder = tmp_path / "home" / ".config" / "codeburn"
    folder.mkdir(parents=True, mode=0o777)
    os.chmod(folder, 0o777)
    assert run("plan", "set", "claude-pro").status == 0
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(folder / "config.json").st_mode) == 0o600
