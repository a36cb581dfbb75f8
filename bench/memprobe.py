"""Resident set at each step of one CLI run, in-process: wraps the scan, the
selection and the report build and prints VmRSS / VmHWM (MB) before and
after each to stderr. Run it in place of `python -m codeburn`:

    python bench/memprobe.py report --format json -p all --provider claude

(with the same environment as a measured run: a fresh CODEBURN_CACHE_DIR
for a first run). `MEMPROBE_STEPS` adds dotted names of more functions to
wrap (module.path:function)."""
from __future__ import annotations

import functools
import importlib
import os
import sys
import time

STEPS = ["codeburn.read.scan:scan_sources", "codeburn.aggregate.usage:select_calls",
         "codeburn.aggregate.turns:turn_table", "codeburn.report.build:build_report"]


def vm() -> tuple[int, int]:
    """(VmRSS, VmHWM) in MB."""
    got = {}
    with open("/proc/self/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                got[key] = int(value.split()[0]) // 1024
    return got["VmRSS"], got["VmHWM"]


def heap_mb() -> int:
    """Bytes glibc's malloc has handed out and not had back (heap and
    mapped blocks; Python's small objects live in arenas of their own)."""
    try:
        import ctypes

        class Info(ctypes.Structure):
            _fields_ = [(n, ctypes.c_size_t) for n in
                        ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
                         "fordblks", "keepcost")]
        libc = ctypes.CDLL(None)
        libc.mallinfo2.restype = Info
        got = libc.mallinfo2()
        return (got.uordblks + got.hblkhd) >> 20
    except (OSError, AttributeError):
        return -1


# The peak of each open step (steps nest: turn_table runs inside
# build_report), kept here because every step resets the kernel's.
OPEN: list[list[int]] = []
PROCESS_PEAK = [0]


def take_peak() -> int:
    rss, hwm = vm()
    for frame in OPEN:
        frame[0] = max(frame[0], hwm)
    PROCESS_PEAK[0] = max(PROCESS_PEAK[0], hwm)
    return rss


def reset_peak() -> None:
    """Peaks per step: writing 5 to clear_refs resets VmHWM to VmRSS."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def wrap(spec: str) -> None:
    mod_name, path = spec.split(":")
    mod = importlib.import_module(mod_name)
    *owners, fn_name = path.split(".")  # a method: Class.method
    for name in owners:
        mod = getattr(mod, name)
    fn = getattr(mod, fn_name)

    @functools.wraps(fn)
    def light(*a, **kw):
        ACTIVE.append(fn_name)
        PHASE[0] = "+".join(ACTIVE)
        t0 = time.perf_counter()
        try:
            return fn(*a, **kw)
        finally:
            SPANS.append((fn_name, t0 - START, time.perf_counter() - START))
            ACTIVE.remove(fn_name)
            PHASE[0] = "+".join(ACTIVE) or f"after {fn_name}"

    @functools.wraps(fn)
    def probed(*a, **kw):
        rss = take_peak()
        print(f"{fn_name:>14} before: rss {rss:4d} MB  malloc {heap_mb():4d} MB", file=sys.stderr)
        PHASE[0] = f"in {fn_name}"
        OPEN.append([rss])
        reset_peak()
        try:
            return fn(*a, **kw)
        finally:
            rss = take_peak()
            peak = OPEN.pop()[0]
            PHASE[0] = f"after {fn_name}"
            reset_peak()
            print(f"{fn_name:>14}  after: rss {rss:4d} MB  malloc {heap_mb():4d} MB  peak during {peak:4d} MB",
                  file=sys.stderr)

    # MEMPROBE_LIGHT=1: the steps only name the sampler's phases (no
    # /proc reads, resets or malloc statistics that change the timing).
    setattr(mod, fn_name, light if os.environ.get("MEMPROBE_LIGHT") else probed)


PHASE = ["start"]
ACTIVE: list[str] = []
SPANS: list[tuple[str, float, float]] = []  # (step, start, end) in seconds since the probe began
START = time.perf_counter()  # the steps under way (in any thread), for the sampler's phase names
SAMPLED: dict[str, int] = {}


def sample() -> None:
    """MEMPROBE_SAMPLE=1: VmRSS every 2 ms, the largest per phase (the
    step last entered or left), as no reset of the kernel's peak is needed."""
    import threading
    import time

    def run() -> None:
        with open("/proc/self/statm") as f:
            page = os.sysconf("SC_PAGE_SIZE")
            while True:
                f.seek(0)
                rss = int(f.read().split()[1]) * page >> 20
                if rss > SAMPLED.get(PHASE[0], 0):
                    SAMPLED[PHASE[0]] = rss
                time.sleep(0.002)

    threading.Thread(target=run, daemon=True).start()


def main() -> int:
    if os.environ.get("MEMPROBE_SAMPLE") or os.environ.get("MEMPROBE_LIGHT"):
        sample()
    for spec in STEPS + [s for s in os.environ.get("MEMPROBE_STEPS", "").split(",") if s]:
        wrap(spec)
    import atexit

    from codeburn.__main__ import main as codeburn_main

    def at_exit() -> None:  # (`python -m codeburn` ends in os._exit, after the exit handlers)
        rss = take_peak()
        print(f"{'exit':>14}       : rss {rss:4d} MB  process peak {PROCESS_PEAK[0]:4d} MB", file=sys.stderr)
        for name, t0, t1 in SPANS:
            print(f"{name:>14} {t0:7.3f} s - {t1:7.3f} s", file=sys.stderr)
        for phase, top in SAMPLED.items():
            print(f"sampled peak {top:4d} MB  {phase}", file=sys.stderr)

    atexit.register(at_exit)
    sys.argv = ["codeburn", *sys.argv[1:]]
    return codeburn_main()


if __name__ == "__main__":
    sys.exit(main())
