"""`--dask`: the files of a scan decoded on a Dask cluster (codeburn.read.scaleout)
give the same report as a local scan, byte for byte, including when a large
file is split into parts, when a Codex rollout has to be read in order,
when a file cannot be read, and when a worker dies mid-run."""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import sys
import threading

import pytest

from codeburn.cli import main
from codeburn.env import Environment
from tests import test_codex as cx
from tests.conftest import History, assistant_line, usage, user_line

distributed = pytest.importorskip("distributed")

S, O = "claude-sonnet-4-5-20250929", "claude-opus-4-6"
NOW = dt.datetime(2026, 5, 1, tzinfo=dt.timezone.utc)  # after both histories


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    yield c
    c.close()


def _claude(root: str, sessions: int = 6) -> None:
    h = History(root)
    for s in range(sessions):
        records = []
        for t in range(12):
            ts = f"2026-03-0{1 + t % 4}T{10 + s}:{t:02d}:00Z"
            records.append(user_line(f"fix the bug number {t}" if t % 3 else "add a new export feature", ts=ts,
                                     cwd=f"/home/dev/p{s % 3}", session=f"s{s}"))
            # a streamed message: the same id twice, the last record wins
            for _ in range(2):
                records.append(assistant_line(f"m{s}-{t}", ts=ts, model=S if t % 2 else O, cwd=f"/home/dev/p{s % 3}",
                                              session=f"s{s}", usage=usage(100 + t, 50 + s, 1000, 20000),
                                              tools=[("Edit", {"file_path": f"/home/dev/f{t % 2}.py"}),
                                                     ("Bash", {"command": "npm test"})]))
        # a message id a later session repeats (cross-file dedup, in discovery order)
        records.append(assistant_line("shared", ts="2026-03-04T09:00:00Z", model=S, usage=usage(7, 7), session=f"s{s}"))
        h.write(f"-home-dev-p{s % 3}", f"s{s}.jsonl", records)


def _codex(root: str) -> None:
    sid2 = "0196a1b2-3c4d-7e8f-9a0b-000000000002"
    base = [cx.meta(), cx.user("2026-04-14T10:00:01.000Z", "fix the failing test"),
            cx.call("2026-04-14T10:00:02.000Z", "exec_command", {"cmd": "npm test"}),
            cx.tokens("2026-04-14T10:00:03.000Z", total=cx.usage(1000, 200, 300), last=cx.usage(1000, 200, 300)),
            cx.tokens("2026-04-14T10:00:04.000Z", total=cx.usage(3000, 1200, 700), last=cx.usage(2000, 1000, 400))]
    cx.write_rollout(root, base)
    # a fork replaying its parent's history, then calls of its own
    fork = [cx.meta(sid=sid2, forked_from_id=cx.SID)] + base[1:] + [
        cx.tokens("2026-04-14T11:00:00.000Z", total=cx.usage(9000, 2000, 900), last=cx.usage(6000, 800, 200))]
    cx.write_rollout(root, fork, name=f"rollout-2026-04-14T11-00-00-{sid2}.jsonl")


def _run(argv: list[str], environ: dict) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, Environment(stdout=out, stderr=err, environ=environ, home=environ["HOME"], clock=lambda: NOW))
    return int(status), out.getvalue(), err.getvalue()


def _environ(tmp_path) -> dict:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {"HOME": str(home), "TZ": "UTC", "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "CODEBURN_DASK_PART_BYTES": "4096"}  # the larger files are read in several parts


def _same_as_local(tmp_path, address: str, *argv: str) -> dict:
    environ = _environ(tmp_path)
    local = _run(["scan", *argv, "--format", "json", "--no-cache"], environ)
    remote = _run(["scan", *argv, "--format", "json", "--dask", address], environ)
    assert remote[0] == local[0] == 0, remote[2]
    a, b = json.loads(local[1]), json.loads(remote[1])
    a.pop("generated"), b.pop("generated")
    assert b == a
    assert remote[2] == local[2]  # the same warnings
    return b


def test_claude_and_codex_equal_a_local_scan(tmp_path, cluster):
    _claude(str(tmp_path / "claude"))
    _codex(str(tmp_path / "codex"))
    assert max(p.stat().st_size for p in (tmp_path / "claude").rglob("*.jsonl")) > 2 * 4096  # read in parts
    doc = _same_as_local(tmp_path, cluster.scheduler_address, str(tmp_path / "claude"), str(tmp_path / "codex"))
    assert doc["overview"]["calls"] == 6 * 12 + 1 + 3  # one "shared" call; the fork's replay counted once
    assert {p["name"] for p in doc["providers"]} == {"claude", "codex"}


def test_unreadable_and_broken_files_are_named_as_locally(tmp_path, cluster):
    _claude(str(tmp_path / "claude"), sessions=2)
    broken = tmp_path / "claude" / "projects" / "-home-dev-p0" / "torn.jsonl"
    broken.write_text('{"type": "assistant", "message": {"id": "x", "usa\nnot json at all\n')
    doc = _same_as_local(tmp_path, cluster.scheduler_address, str(tmp_path / "claude"), str(tmp_path / "missing"))
    assert any("invalid JSON" in w for w in doc["warnings"])
    assert any("could not be read" in w and "missing" in w for w in doc["warnings"])


def test_a_worker_dying_mid_run_changes_nothing(tmp_path, cluster):
    """One worker exits while it decodes; its tasks run again on the other
    (or on the replacement its nanny starts, at a new address)."""
    from distributed import Client

    _claude(str(tmp_path / "claude"), sessions=40)
    environ = _environ(tmp_path)
    local = json.loads(_run(["scan", str(tmp_path / "claude"), "--format", "json", "--no-cache"], environ)[1])
    killed, done = [], threading.Event()
    with Client(cluster.scheduler_address) as client:
        def kill_a_busy_worker():
            while not done.wait(0.02):
                busy = [w for w, keys in client.processing().items() if keys]
                nanny = next((n for n in cluster.workers.values() if n.worker_address in busy), None)
                if nanny is not None:
                    os.kill(nanny.process.process.pid, signal.SIGKILL)
                    killed.append(nanny.worker_address)
                    return
        watcher = threading.Thread(target=kill_a_busy_worker)
        watcher.start()
        try:
            status, out, err = _run(["scan", str(tmp_path / "claude"), "--format", "json",
                                     "--dask", cluster.scheduler_address], environ)
        finally:
            done.set()
            watcher.join()
        assert killed and killed[0] not in client.scheduler_info()["workers"]
    assert status == 0, err
    remote = json.loads(out)
    local.pop("generated"), remote.pop("generated")
    assert remote == local


def test_a_partial_that_does_not_load_fails_the_run(tmp_path, cluster):
    from codeburn.classify import ruleset
    from codeburn.providers import claude
    from codeburn.providers.base import Walker
    from codeburn.read import scaleout
    from codeburn.read.scan import make_scanner

    _claude(str(tmp_path / "claude"), sessions=1)
    sources = list(claude.discover({"CLAUDE_CONFIG_DIR": str(tmp_path / "claude")}, "/nonexistent", Walker()))
    decoders = scaleout.start(cluster.scheduler_address, sources, ruleset.load())
    try:
        decoders.futures[0].cancel()
        decoders.futures[0] = decoders.client.submit(lambda: [b"CBDECOD2 but nothing else"] * 64, pure=False)
        with pytest.raises(scaleout.ScaleOutError, match="did not load"):
            decoders.adopt(make_scanner(ruleset.load()), 0)
    finally:
        decoders.close()


def test_without_distributed_the_option_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` raises ImportError
    status, out, err = _run(["scan", str(tmp_path), "--dask", "local:2"], _environ(tmp_path))
    assert status == 2 and out == ""
    assert err == "codeburn: error: --dask needs Dask's distributed scheduler (pip install 'codeburn[dask]')\n"


def test_a_bad_local_worker_count_is_a_usage_error(tmp_path):
    status, _, err = _run(["scan", str(tmp_path), "--dask", "local:zero"], _environ(tmp_path))
    assert status == 2 and err.startswith('codeburn: error: invalid --dask "local:zero"')


def test_file_urls_are_read_like_paths(tmp_path, cluster):
    _claude(str(tmp_path / "claude"), sessions=2)
    environ = _environ(tmp_path)
    local = json.loads(_run(["scan", str(tmp_path / "claude"), "--format", "json", "--no-cache"], environ)[1])
    status, out, err = _run(["scan", "file://" + str(tmp_path / "claude"), "--format", "json",
                             "--dask", cluster.scheduler_address], environ)
    assert status == 0, err
    remote = json.loads(out)
    local.pop("generated"), remote.pop("generated")
    assert remote == local


def test_an_unreachable_scheduler_is_one_line_and_exit_1(tmp_path):
    status, out, err = _run(["scan", str(tmp_path), "--dask", "tcp://127.0.0.1:9"], _environ(tmp_path))
    assert status == 1 and out == ""
    assert err.startswith("codeburn: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9") and \
        err.count("\n") == 1
