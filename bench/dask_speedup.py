"""Scale-out on one machine: a local scan against `--dask` on a LocalCluster
of N worker processes, on the same history, and the cost of the merge.

usage: python bench/dask_speedup.py DIR [--workers N] [--runs R]

Prints, best of R (runs interleaved: the host is shared):
  local    `codeburn scan DIR --no-cache --format json`, all cores as threads
  dask     the same with --dask (cluster started once, outside the timing)
  merge    loading the workers' partials and adopting them in order (the
           part of a --dask run that does not shrink with more workers)
  bytes    the partials' size against the history's
"""
from __future__ import annotations

import os
import subprocess
import sys
import time


def _scan(directory: str, extra: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "codeburn", "scan", directory, "--no-cache", "--format", "json", *extra],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def _merge_cost(address: str, directory: str) -> tuple[float, int]:
    from distributed import Client

    from codeburn._fast.reader import DecodedFile
    from codeburn.classify import ruleset
    from codeburn.providers.base import Walker
    from codeburn.read.discovery import discover_paths
    from codeburn.read.scaleout import decode_task
    from codeburn.read.scan import make_scanner

    sources = discover_paths([directory], Walker(), [])
    rules = ruleset.load()
    with Client(address) as client:
        futures = [client.submit(decode_task, rules, s.path, i, "claude" if s.provider == "claude" else "codex",
                                 s.session_id, 0, -1, pure=False) for i, s in enumerate(sources)]
        blobs = client.gather(futures)
    main = make_scanner(rules)
    t = time.perf_counter()
    for i, blob in enumerate(blobs):
        main.adopt(DecodedFile.loads(blob), i)
    return time.perf_counter() - t, sum(len(b) for b in blobs)


def main() -> None:
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        return
    directory = args[0]
    workers = int(args[args.index("--workers") + 1]) if "--workers" in args else 2
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
    from distributed import LocalCluster

    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(directory) for f in fs)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        local, dask = [], []
        for _ in range(runs):
            local.append(_scan(directory, []))
            dask.append(_scan(directory, ["--dask", cluster.scheduler_address]))
        merge, partial_bytes = _merge_cost(cluster.scheduler_address, directory)
    print(f"history   {size / 1e6:,.0f} MB")
    print(f"local     {min(local):.2f} s  ({size / 1e6 / min(local):,.0f} MB/s)")
    print(f"dask x{workers}   {min(dask):.2f} s  ({size / 1e6 / min(dask):,.0f} MB/s, {min(local) / min(dask):.2f}x local)")
    print(f"merge     {merge:.3f} s  ({partial_bytes / 1e6:,.1f} MB of partials, {partial_bytes / size:.2%} of the history)")


if __name__ == "__main__":
    main()
