"""Each command beside `report` on one corpus, cold and warm: a command that
reads the history must cost no more than the one scan `report` makes.

    python bench/commands.py CORPUS_DIR [--runs 3] [COMMAND ...]

CORPUS_DIR is a Claude config dir (with projects/), e.g. from gen_corpus.py,
or a Codex home (with sessions/), e.g. from gen_codex.py.
COMMAND defaults to every reading command (yield, sessions, overview,
blocks, compare, models, status, export, budget --check); each runs with
`-p all` where it takes a period, `--format json` where it has one. The
HOME's config sets daily, weekly and monthly budgets (high: --check exits 0). The commands go round in
turn (a shared host slows consecutive runs of one command). Cold: a fresh
HOME and cache dir for every run (nothing kept: the rules are compiled,
every file decoded). Warm: one HOME whose cache every command filled once
before the timed rounds, each timed run right after an untimed run of the
same command (the kept scan is one slot, and a command reading another
period's files replaces it); there `report` repeats its kept output
(codeburn.cache.reportmemo) while the others compute theirs from the kept scan,
so `report-anew` (report with its kept output removed before each run) is
shown beside it; since every command keeps its output the same way
(codeburn.commands.kept), the others repeat theirs too. Prints a markdown table: the best of --runs (--warm-runs) wall
seconds and CPU seconds (user + system) per command, each with its ratio
to `report`'s, and the peak RSS of the cold runs.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import run_cpu  # noqa: E402

# command -> its arguments (output to JSON where there is one)
COMMANDS = {
    "report": ["report", "-p", "all", "--format", "json"],
    # report made anew from the kept scan: its kept output (codeburn.cache.reportmemo) removed before each run
    "report-anew": ["report", "-p", "all", "--format", "json"],
    "yield": ["yield", "-p", "all", "--format", "json"],
    "sessions": ["sessions", "-p", "all", "--format", "json"],
    "overview": ["overview", "-p", "all", "--format", "json"],
    "blocks": ["blocks", "--format", "json"],
    "compare": ["compare", "-p", "all", "--format", "json"],
    "models": ["models", "-p", "all", "--format", "json"],
    "status": ["status", "--format", "json"],
    "export": ["export", "-f", "json", "-o", os.path.join(tempfile.gettempdir(), "codeburn-bench-export.json")],
    "budget": ["budget", "--check", "--format", "json"],
}
CONFIG = '{"budget": {"daily": 100000, "weekly": 500000, "monthly": 2000000}}\n'



def environment(corpus: str, home: str, cache: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAUDE_", "CODEX_", "CODEBURN_"))}
    codex = os.path.isdir(os.path.join(corpus, "sessions"))
    env.update(CLAUDE_CONFIG_DIR=os.path.join(home, "none") if codex else corpus, HOME=home, TZ="UTC",
               CODEBURN_CACHE_DIR=cache, CODEX_HOME=corpus if codex else os.path.join(home, "none"),
               CODEBURN_DESKTOP_SESSIONS_DIR=os.path.join(home, "none"))
    config = os.path.join(home, ".config", "codeburn", "config.json")
    if not os.path.exists(config):
        os.makedirs(os.path.dirname(config), exist_ok=True)
        with open(config, "w") as f:
            f.write(CONFIG)
    return env


def timed(name: str, env: dict) -> tuple[float, float, float]:
    if name == "report-anew":
        from codeburn.cache.filecache import SUBDIR
        from codeburn.cache.reportmemo import NAME

        try:
            os.remove(os.path.join(env["CODEBURN_CACHE_DIR"], SUBDIR, NAME))
        except OSError:
            pass
    argv = [sys.executable, "-m", "codeburn", *COMMANDS[name]]
    wall, cpu, rss, status = run_cpu(argv, env)
    if status != 0:
        raise SystemExit(f"{' '.join(argv)} exited with {status}")
    return wall, cpu, rss


def rounds(names: list[str], corpus: str, runs: int, cold: bool) -> dict[str, list[float]]:
    """name -> [best wall, best CPU, peak RSS]."""
    best = {n: [float("inf"), float("inf"), 0.0] for n in names}
    warm_home = None if cold else tempfile.mkdtemp(prefix="codeburn-bench-warm-")
    try:
        if warm_home:
            env = environment(corpus, warm_home, os.path.join(warm_home, "cache"))
            for n in names:
                timed(n, env)  # each command's cache filled
        for _ in range(runs):
            for n in names:
                home = tempfile.mkdtemp(prefix="codeburn-bench-cold-") if cold else warm_home
                try:
                    env = environment(corpus, home, os.path.join(home, "cache"))
                    if not cold:
                        timed(n, env)  # the kept scan is one slot: the command before may have read other files
                    wall, cpu, rss = timed(n, env)
                finally:
                    if cold:
                        shutil.rmtree(home, ignore_errors=True)
                b = best[n]
                b[0], b[1], b[2] = min(b[0], wall), min(b[1], cpu), max(b[2], rss)
    finally:
        if warm_home:
            shutil.rmtree(warm_home, ignore_errors=True)
    return best


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("commands", nargs="*", default=[c for c in COMMANDS if c != "report"])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warm-runs", type=int, help="timed warm runs (default: --runs; they are short)")
    ap.add_argument("--only", choices=("cold", "warm"), help="one table half (the other is left blank)")
    a = ap.parse_args(argv)
    unknown = [c for c in a.commands if c not in COMMANDS]
    if unknown:
        ap.error(f"unknown command {unknown[0]!r}: one of {', '.join(COMMANDS)}")
    names = ["report", *[c for c in a.commands if c != "report"]]
    corpus = os.path.abspath(a.corpus)
    blank = {n: [float("nan")] * 3 for n in names}
    cold = blank if a.only == "warm" else rounds(names, corpus, a.runs, cold=True)
    warm = blank if a.only == "cold" else rounds(names, corpus, a.warm_runs or a.runs, cold=False)
    print("| command | cold wall s | × report | cold CPU s | × report | warm wall s | × report | warm CPU s "
          "| × report | cold peak RSS MB |\n|---|---|---|---|---|---|---|---|---|---|")
    for n in names:
        c, w = cold[n], warm[n]
        print(f"| {n} | {c[0]:.2f} | {c[0] / cold['report'][0]:.2f} | {c[1]:.2f} | {c[1] / cold['report'][1]:.2f} "
              f"| {w[0]:.2f} | {w[0] / warm['report'][0]:.2f} | {w[1]:.2f} | {w[1] / warm['report'][1]:.2f} "
              f"| {c[2]:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
