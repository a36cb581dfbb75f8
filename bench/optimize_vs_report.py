"""`codeburn optimize` beside `codeburn report` on one corpus: wall time and
peak RSS, cold (an empty cache dir) and warm (the cache the cold run left),
runs alternating between the two commands.

    python bench/optimize_vs_report.py CORPUS_DIR [--runs 3] [--from D --to D]

CORPUS_DIR is a Claude config dir (projects/ inside), e.g. from
gen_corpus.py. Both commands get the same --from/--to (default: the whole
corpus) and an empty HOME. Prints a markdown table and the optimize/report
ratios (the budget: 1.5x, peak RSS 150 MB)."""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import corpus_bytes, run  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--from", dest="frm", default="2026-01-01")
    ap.add_argument("--to", default="2026-12-31")
    a = ap.parse_args()
    home = tempfile.mkdtemp(prefix="cb-home-")
    cmds = {name: [sys.executable, "-m", "codeburn", name, "--format", "json", "--from", a.frm, "--to", a.to]
            for name in ("report", "optimize")}
    best: dict[tuple[str, str], tuple[float, float]] = {}
    for _ in range(a.runs):
        for name, cmd in cmds.items():
            cache = tempfile.mkdtemp(prefix="cb-cache-")
            env = {**os.environ, "HOME": home, "CLAUDE_CONFIG_DIR": a.corpus, "CODEBURN_CACHE_DIR": cache, "TZ": "UTC"}
            for state in ("cold", "warm"):
                sec, rss, status = run(cmd, env)
                if status:
                    sys.exit(f"{name} ({state}) exited {status}")
                old = best.get((name, state))
                best[(name, state)] = (min(sec, old[0]) if old else sec, max(rss, old[1]) if old else rss)
            shutil.rmtree(cache, ignore_errors=True)
    mb = corpus_bytes(a.corpus) / 1e6
    print(f"corpus: {mb:.0f} MB, best of {a.runs} (peak RSS: the largest seen)\n")
    print("| command | cold s | cold RSS MB | warm s | warm RSS MB |\n|---|---|---|---|---|")
    for name in cmds:
        (cs, cr), (ws, wr) = best[(name, "cold")], best[(name, "warm")]
        print(f"| {name} | {cs:.2f} | {cr:.0f} | {ws:.2f} | {wr:.0f} |")
    for state in ("cold", "warm"):
        ratio = best[("optimize", state)][0] / best[("report", state)][0]
        print(f"\noptimize / report, {state}: {ratio:.2f}x")


if __name__ == "__main__":
    main()
