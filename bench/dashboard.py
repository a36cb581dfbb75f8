"""Dashboard timings on a history (bench/gen_corpus.py), file cache warm:

    python bench/dashboard.py CORPUS_DIR [--runs 5] [--cache DIR]

- first frame: `python -m codeburn -p lifetime` on a 120x40 pseudo-terminal,
  from the start of the process to the first frame on the terminal (tabs
  and the reading line, drawn before Textual is imported), to Textual's
  complete frame (the last panel's title drawn), and to the frame filled
  with the read;
- peak RSS of that process once filled (VmHWM);
- period switch: the app driven headless on the same history, each of the
  six tabs selected in turn, first time (cut from the read in memory and
  drawn) and again (report kept); the time from the key press until the
  screen is updated (the pilot's round trip, an upper bound).
Each time comes with the CPU time used: on a shared host the wall clock
also counts waiting for a core.
Targets (issue 17): first frame <= 0.3 s, switch <= 50 ms, RSS <= 200 MB."""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)

from tests.terminal import run_in_pty  # noqa: E402

LAST_PANEL = b"Skills & agents"


def first_frame(env: dict) -> dict:
    marks: dict[str, float] = {}
    start = time.perf_counter()

    def on_output(out: bytes, write, proc) -> bool:
        now = time.perf_counter() - start
        for key, seen in (("pre-frame", b"Reading session logs" in out), ("frame", LAST_PANEL in out),
                          ("filled", b"Cost " in out and b"$" in out.split(b"Cost ")[-1][:40])):
            if key not in marks and seen:
                marks[key], marks[key + " cpu"] = now, _cpu_s(proc.pid)
        if "filled" in marks:
            marks["rss_mb"] = _hwm_mb(proc.pid)
            write(b"q")
            return True
        return False

    status, _ = run_in_pty([sys.executable, "-m", "codeburn", "-p", "lifetime", "--refresh", "0"], env, on_output)
    assert status == 0 and "filled" in marks, f"status {status}, marks {marks}"
    return marks


def _cpu_s(pid: int) -> float:
    """CPU time the process has used so far (all its threads): on a shared,
    loaded host, the part of a wall-clock time that is the program's own."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _hwm_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def switches(env: dict, rounds: int) -> list[tuple[str, float, float]]:
    """(tab, first switch s, repeat switch s), medians over rounds."""
    from codeburn import periods
    from codeburn.cli import parse
    from codeburn.commands.dashboard import reader
    from codeburn.dashboard.app import Dashboard
    from codeburn.dashboard.model import TABS
    from codeburn.env import Environment

    tz = periods.resolve_zone(None, env)
    e = Environment(environ=env, home=env["HOME"], clock=lambda: dt.datetime.now(dt.timezone.utc))
    first: dict[int, list[tuple[float, float]]] = {i: [] for i in range(len(TABS))}
    again: dict[int, list[tuple[float, float]]] = {i: [] for i in range(len(TABS))}

    async def one_round():
        app = Dashboard(reader(parse(["dashboard"]), e, tz, None), tz, e.clock, tab="lifetime", refresh_s=0)
        async with app.run_test(size=(140, 45)) as pilot:
            while app.model is None:
                await pilot.pause(0.05)
            await pilot.pause()
            for times in (first, again):
                for i in range(len(TABS)):
                    t, c = time.perf_counter(), time.process_time()
                    await pilot.press(str(i + 1))
                    await pilot.wait_for_scheduled_animations()
                    times[i].append((time.perf_counter() - t, time.process_time() - c))

    for _ in range(rounds):
        asyncio.run(one_round())
    def med(xs):
        return statistics.median(w for w, _ in xs), statistics.median(c for _, c in xs)

    return [(TABS[i][1], *med(first[i]), *med(again[i])) for i in range(len(TABS))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cache", default="/tmp/codeburn-bench-dashboard-cache")
    a = ap.parse_args()
    env = {**os.environ, "CLAUDE_CONFIG_DIR": a.corpus, "CODEX_HOME": os.path.join(a.corpus, "no-codex"),
           "CODEBURN_CACHE_DIR": a.cache, "TERM": "xterm-256color", "PYTHONPATH": REPO}
    env.pop("NO_COLOR", None)
    # Warm the file cache and the page cache.
    subprocess.run([sys.executable, "-m", "codeburn", "report", "-p", "lifetime", "--format", "json"], env=env,
                   stdout=subprocess.DEVNULL, check=True)
    runs = [first_frame(env) for _ in range(a.runs)]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for key, label in (("pre-frame", "first frame"), ("frame", "Textual frame"), ("filled", "frame filled")):
        values = sorted(r[key] for r in runs)
        cpu = statistics.median(r[key + " cpu"] for r in runs)
        print(f"{label:>14}: median {statistics.median(values):.3f} s, best {values[0]:.3f} s "
              f"(CPU used by then, median: {cpu:.2f} s); all {' '.join(f'{v:.3f}' for v in values)}")
    print(f"{'peak RSS':>14}: {max(r['rss_mb'] for r in runs):.0f} MB (max of {a.runs})")
    for tab, first_s, first_cpu, again_s, again_cpu in switches(env, max(1, a.runs // 2)):
        print(f"{'switch to ' + tab:>22}: first {first_s * 1000:.1f} ms (CPU {first_cpu * 1000:.1f} ms), "
              f"again {again_s * 1000:.1f} ms (CPU {again_cpu * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
