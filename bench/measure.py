"""Wall time and peak RSS of one child process (os.wait4 gives the child's own
rusage, so earlier, larger children do not leak into the figure)."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

# Children run outside the checkout: `python -m codeburn` from the repository
# root would import the uncompiled source tree instead of the installed package.
NEUTRAL_CWD = tempfile.gettempdir()


def run(cmd: list[str], env: dict | None = None, stdout=subprocess.DEVNULL) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit status) of cmd (see run_cpu)."""
    seconds, _, rss, status = run_cpu(cmd, env, stdout)
    return seconds, rss, status


def run_cpu(cmd: list[str], env: dict | None = None, stdout=subprocess.DEVNULL) -> tuple[float, float, float, int]:
    """(wall seconds, CPU seconds (user + system), peak RSS in MB, exit
    status) of cmd. Python children may keep their bytecode, as an
    installed package does (pip compiles it): an inherited
    PYTHONDONTWRITEBYTECODE would time compiling 30 modules, 36 ms, on
    every run of an editable install."""
    env = {k: v for k, v in (os.environ if env is None else env).items() if k != "PYTHONDONTWRITEBYTECODE"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=stdout, stderr=subprocess.DEVNULL, cwd=NEUTRAL_CWD)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss_kb = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)  # macOS reports bytes
    return seconds, usage.ru_utime + usage.ru_stime, rss_kb / 1024, proc.returncode


def corpus_files(root: str) -> list[str]:
    out = []
    for d, _, files in os.walk(root):
        out.extend(os.path.join(d, f) for f in files if f.endswith(".jsonl"))
    return sorted(out)


def corpus_bytes(root: str) -> int:
    return sum(os.path.getsize(f) for f in corpus_files(root))
