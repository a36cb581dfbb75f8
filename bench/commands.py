"""Each command beside `report` on one corpus, cold and warm: a command that
reads the history must cost no more than the one scan `report` makes.

    python bench/commands.py CORPUS_DIR [--runs 3] [COMMAND ...]

CORPUS_DIR is a Claude config dir (with projects/), e.g. from gen_corpus.py.
COMMAND defaults to every reading command (yield, sessions, overview,
blocks, compare, models, status, export); each runs with `-p all` where it
takes a period, `--format json` where it has one. The commands go round in
turn (a shared host slows consecutive runs of one command); cold is
`--no-cache` (the compiled rules kept), warm a file cache filled once.
Prints a markdown table: best wall seconds of --runs and the ratio to
`report`'s, cold and warm.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import run  # noqa: E402

# command -> its arguments besides --no-cache (output to JSON where there is one)
COMMANDS = {
    "report": ["report", "-p", "all", "--format", "json"],
    "yield": ["yield", "-p", "all", "--format", "json"],
    "sessions": ["sessions", "-p", "all", "--format", "json"],
    "overview": ["overview", "-p", "all", "--format", "json"],
    "blocks": ["blocks", "--format", "json"],
    "compare": ["compare", "-p", "all", "--format", "json"],
    "models": ["models", "-p", "all", "--format", "json"],
    "status": ["status", "--format", "json"],
    "export": ["export", "-f", "json", "-o", os.path.join(tempfile.gettempdir(), "codeburn-bench-export.json")],
}


def environment(corpus: str, home: str, cache: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAUDE_", "CODEX_", "CODEBURN_"))}
    env.update(CLAUDE_CONFIG_DIR=corpus, HOME=home, TZ="UTC", CODEBURN_CACHE_DIR=cache,
               CODEX_HOME=os.path.join(home, "none"), CODEBURN_DESKTOP_SESSIONS_DIR=os.path.join(home, "none"))
    return env


def best_times(names: list[str], env: dict, runs: int, cold: bool) -> dict[str, float]:
    best = {n: float("inf") for n in names}
    for _ in range(runs):
        for n in names:
            argv = [sys.executable, "-m", "codeburn", *COMMANDS[n]] + (["--no-cache"] if cold else [])
            seconds, _, status = run(argv, env)
            if status != 0:
                raise SystemExit(f"{' '.join(argv)} exited with {status}")
            best[n] = min(best[n], seconds)
    return best


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("commands", nargs="*", default=[c for c in COMMANDS if c != "report"])
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args(argv)
    unknown = [c for c in a.commands if c not in COMMANDS]
    if unknown:
        ap.error(f"unknown command {unknown[0]!r}: one of {', '.join(COMMANDS)}")
    names = ["report", *[c for c in a.commands if c != "report"]]
    home = tempfile.mkdtemp(prefix="codeburn-bench-home-")
    try:
        env = environment(os.path.abspath(a.corpus), home, os.path.join(home, "cache"))
        run([sys.executable, "-m", "codeburn", *COMMANDS["report"]], env)   # rules compiled, file cache filled
        cold = best_times(names, env, a.runs, cold=True)
        warm = best_times(names, env, a.runs, cold=False)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print("| command | cold s | × report | warm s | × report |\n|---|---|---|---|---|")
    for n in names:
        print(f"| {n} | {cold[n]:.2f} | {cold[n] / cold['report']:.2f} | {warm[n]:.2f} | {warm[n] / warm['report']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
