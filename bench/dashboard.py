"""Dashboard timings on a history (bench/gen_corpus.py), file cache warm:

    python bench/dashboard.py CORPUS_DIR [--runs 5] [--cache DIR]

Everything is measured on the real program, `python -m codeburn -p lifetime`
on a 120x40 pseudo-terminal, as a user runs it (Python's bytecode cache on,
kept under the cache dir, as an installed package has it):
- first frame: from the start of the process to the first frame on the
  terminal (tabs, the reading line and the empty boxes, drawn before
  Textual is imported), to Textual's frame, and to the frame filled with
  the read;
- peak RSS of that process once filled (VmHWM);
- period switch: once filled (and the other tabs' reports cut in the
  background), the keys 1-6 are typed one at a time; each switch is the
  time from writing the key to the terminal until the last byte of the
  redraw it caused arrives (then 0.3 s of quiet), first time and again.
Each time comes with the CPU time the program used (all its threads): on a
shared host the wall clock also counts waiting for a core.
Targets (issue 17): first frame <= 0.3 s, switch <= 50 ms, RSS <= 200 MB."""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)

from codeburn.dashboard.model import TABS  # noqa: E402
from tests.terminal import run_in_pty  # noqa: E402

TEXTUAL_FRAME = b" (p)"   # after the provider on Textual's tab line (not on the plain first frame)
QUIET_S = 0.3        # no output for this long: the redraw is over
SETTLE_S = 1.5       # after the fill, for the other tabs' reports to be cut
KEY_TIMEOUT_S = 5.0  # no redraw this long after a key: a failure


class Session:
    """One run of the program, driven from its output as it arrives."""

    def __init__(self):
        self.start = time.perf_counter()
        self.marks: dict[str, float] = {}
        self.switches: list[tuple[str, int, float, float]] = []   # (tab, round, wall s, CPU s)
        self.keys = [(r, i) for r in (0, 1) for i in range(len(TABS))]
        self.seen, self.last_byte, self.sent = 0, 0.0, None

    def on_output(self, out: bytes, write, proc) -> bool:
        now = time.perf_counter()
        if len(out) != self.seen:
            self.seen, self.last_byte = len(out), now
        if "filled" not in self.marks:
            self._first_frame(out, now - self.start, proc.pid)
            return False
        if self.sent is not None and self.last_byte <= self.sent[2] and now - self.sent[2] < KEY_TIMEOUT_S:
            return False   # no redraw yet
        if now - self.last_byte < (SETTLE_S if self.sent is None and not self.switches else QUIET_S):
            return False
        if self.sent is not None:   # the redraw of the last key is over
            r, i, t0, cpu0 = self.sent
            assert self.last_byte > t0, f"no redraw after the key {i + 1}"
            self.switches.append((TABS[i][1], r, self.last_byte - t0, _cpu_s(proc.pid) - cpu0))
            self.sent = None
        if not self.keys:
            write(b"q")
            return True
        r, i = self.keys.pop(0)
        self.sent = (r, i, time.perf_counter(), _cpu_s(proc.pid))
        write(str(i + 1).encode())
        return False

    def _first_frame(self, out: bytes, now: float, pid: int) -> None:
        for key, seen in (("pre-frame", b"Reading session logs" in out), ("frame", TEXTUAL_FRAME in out),
                          ("filled", b"Cost " in out and b"$" in out.split(b"Cost ")[-1][:40])):
            if key not in self.marks and seen:
                self.marks[key], self.marks[key + " cpu"] = now, _cpu_s(pid)
        if "filled" in self.marks:
            self.marks["rss_mb"] = _hwm_mb(pid)


def run_once(env: dict) -> Session:
    s = Session()
    status, _ = run_in_pty([sys.executable, "-m", "codeburn", "-p", "lifetime", "--refresh", "0"], env,
                           s.on_output)
    assert status == 0 and "filled" in s.marks and len(s.switches) == 2 * len(TABS), \
        f"status {status}, marks {s.marks}, {len(s.switches)} switches"
    return s


def _cpu_s(pid: int) -> float:
    """CPU time the process has used so far, all its threads, to the
    nanosecond (schedstat; /proc/PID/stat counts 10 ms ticks)."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                total += int(f.read().split()[0])
        except (OSError, IndexError, ValueError):  # a thread that has just ended
            pass
    return total / 1e9


def _hwm_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cache", default="/tmp/codeburn-bench-dashboard-cache")
    a = ap.parse_args()
    env = {**os.environ, "CLAUDE_CONFIG_DIR": a.corpus, "CODEX_HOME": os.path.join(a.corpus, "no-codex"),
           "CODEBURN_CACHE_DIR": a.cache, "TERM": "xterm-256color", "PYTHONPATH": REPO,
           "PYTHONPYCACHEPREFIX": os.path.join(a.cache, "pycache")}
    for name in ("NO_COLOR", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    # Warm the file cache, the page cache and the bytecode cache.
    subprocess.run([sys.executable, "-m", "codeburn", "report", "-p", "lifetime", "--format", "json"], env=env,
                   stdout=subprocess.DEVNULL, check=True)
    run_once(env)
    runs = [run_once(env) for _ in range(a.runs)]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores, {a.runs} runs")
    for key, label in (("pre-frame", "first frame"), ("frame", "Textual frame"), ("filled", "frame filled")):
        values = sorted(r.marks[key] for r in runs)
        cpu = statistics.median(r.marks[key + " cpu"] for r in runs)
        print(f"{label:>14}: median {statistics.median(values):.3f} s, best {values[0]:.3f} s "
              f"(CPU used by then, median: {cpu:.2f} s); all {' '.join(f'{v:.3f}' for v in values)}")
    print(f"{'peak RSS':>14}: {max(r.marks['rss_mb'] for r in runs):.0f} MB (max of {a.runs})")
    for round_, name in ((0, "first"), (1, "again")):
        for _, label in TABS:
            xs = [(w, c) for r in runs for (t, rd, w, c) in r.switches if t == label and rd == round_]
            walls = sorted(w for w, _ in xs)
            print(f"{'switch to ' + label:>22} ({name}): median {statistics.median(walls) * 1000:.1f} ms, "
                  f"best {walls[0] * 1000:.1f} ms (CPU median {statistics.median(c for _, c in xs) * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
