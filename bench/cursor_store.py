"""Cold and warm reports over one large Cursor IDE store (issue 14).

    python bench/cursor_store.py HOME [--rounds 2] [--other PYTHONPATH]

HOME holds a store made by bench/gen_cursor.py (e.g. `gen_cursor.py HOME
--bubbles 500000 --size 2GB`). Each round runs, in a fresh cache dir:

- cold: the first report (the store is read);
- warm: the same report again (the kept report and scan answer it);
- tape: the same again after the kept scan and report are removed, as when
  another provider's files changed: the store is not opened, its records
  tapes are replayed from the records cache.

Each is one child process; the figures are its wall seconds, CPU seconds
(user + sys, from wait4: the host is shared, so CPU is the comparable
figure) and peak RSS, and the peak memory of it and the classifier's
helper process together when one ran (codeburn.classify.offload: wait4
gives the larger of the two RSS; the sum of their PSS, which counts the
libraries both map once, is sampled from /proc every 10 ms). With --other, the same runs
with that source tree first on PYTHONPATH (an older build), interleaved
round by round, so both see the same load; with --env VAR=VALUE, the same
runs of this build with that variable set (CODEBURN_CLASSIFY_PROCESS=0:
no helper).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

ARGV = ["report", "--format", "json", "--provider", "cursor", "-p", "all"]


def child(env: dict) -> tuple[float, float, float, float]:
    """(wall s, CPU s, peak RSS MB, peak RSS MB of it and its children at once) of one report."""
    import threading

    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "codeburn", *ARGV], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, cwd=tempfile.gettempdir())
    peak = [0]
    sampler = threading.Thread(target=_sample_tree, args=(proc.pid, peak), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    sampler.join()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"codeburn failed ({status})")
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return wall, usage.ru_utime + usage.ru_stime, rss, peak[0] / 1024


def _pss_kb(pid: int) -> int:
    """The process's proportional set size (its private pages, and its share
    of those it maps with others: the helper maps the same libraries as the
    reading process, which a sum of RSS would count twice), in KB."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return next((int(line.split()[1]) for line in f if line.startswith("Pss:")), 0)
    except (OSError, ValueError):
        return 0


def _sample_tree(pid: int, peak: list) -> None:
    """The largest PSS of the process and its children at one moment, in KB,
    until it exits (Linux /proc; 0 elsewhere)."""
    while os.path.exists(f"/proc/{pid}/status"):
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                kids = [int(x) for x in f.read().split()]
        except (OSError, ValueError):
            kids = []
        peak[0] = max(peak[0], _pss_kb(pid) + sum(_pss_kb(k) for k in kids))
        time.sleep(0.01)


def forget_kept(cache: str) -> None:
    for root, _, files in os.walk(cache):
        for name in files:
            if name.startswith(("scan-", "report-")) and name.endswith(".cbm"):
                os.remove(os.path.join(root, name))


def one_round(home: str, pythonpath: str | None, extra: dict | None = None) -> dict[str, tuple]:
    cache = tempfile.mkdtemp(prefix="cb-cursor-bench-")
    env = {**os.environ, "HOME": home, "CODEBURN_CACHE_DIR": cache, "TZ": "UTC", **(extra or {})}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    try:
        out = {"cold": child(env), "warm": child(env)}
        forget_kept(cache)
        out["tape"] = child(env)
        return out
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("home")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--other", help="a source tree (built in place) to compare with, put first on PYTHONPATH")
    ap.add_argument("--env", help="VAR=VALUE: also this build with that variable set")
    a = ap.parse_args(argv)
    builds = [("this", None, None)] + ([("other", a.other, None)] if a.other else [])
    if a.env:
        var, _, value = a.env.partition("=")
        builds.append((f"env {var.rsplit('_', 1)[-1]}={value}", None, {var: value}))
    print("build           round  run    wall s   CPU s   peak MB  with helper (PSS) MB")
    for r in range(a.rounds):
        for name, path, extra in builds:
            for run, (wall, cpu, rss, tree) in one_round(a.home, path, extra).items():
                print(f"{name:<15} {r + 1:>5}  {run:<5} {wall:8.2f} {cpu:7.2f} {rss:9.0f} {tree:15.0f}", flush=True)


if __name__ == "__main__":
    main()
