"""Each command of the command set against `report` on one history, cold
(--no-cache) and warm (file cache filled), going round the commands in
turn so a slow spell of a shared host hits all alike; best of N runs.

    python bench/commands.py CORPUS_DIR [--runs 3]

Every command is given a period covering the whole corpus (report -p all,
export --from 2000-01-01, blocks and compare -p all, ...), so each reads the
same files; plan and budget read their billing month with one plan and one
budget set. Prints seconds and the ratio to report.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from measure import run  # noqa: E402

COMMANDS = {
    "report": ["report", "-p", "all", "--format", "json"],
    "sessions": ["sessions", "-p", "all", "--format", "json"],
    "overview": ["overview", "-p", "all"],
    "export": ["export", "--from", "2000-01-01", "-o", "{tmp}/export", "-f", "json"],
    "plan": ["plan", "show", "--format", "json"],
    "budget": ["budget", "--check"],
    "blocks": ["blocks", "-p", "all", "--format", "json"],
    "compare": ["compare", "-p", "all", "--format", "json"],
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="cb-cmds-")
    env = dict(os.environ, CLAUDE_CONFIG_DIR=os.path.abspath(a.corpus), HOME=tmp, CODEX_HOME=tmp + "/none",
               CODEBURN_CACHE_DIR=tmp + "/cache", CODEBURN_DESKTOP_SESSIONS_DIR=tmp + "/none", TZ="UTC")
    py = [sys.executable, "-m", "codeburn"]
    for setup in (["plan", "set", "claude-max"], ["budget", "--monthly", "1000"]):
        run(py + setup, env)
    best: dict[tuple[str, str], float] = {}
    for mode in ("cold", "warm"):
        extra = ["--no-cache"] if mode == "cold" else []
        if mode == "warm":
            run(py + COMMANDS["report"], env)  # fill the cache
        for _ in range(a.runs):
            for name, argv in COMMANDS.items():
                cmd = py + [x.replace("{tmp}", tmp) for x in argv] + extra
                if name == "export":
                    run(["rm", "-f", tmp + "/export.json"])
                seconds, _, status = run(cmd, env)
                if status != 0 and not (name == "budget" and status == 1):  # --check: 1 when over
                    sys.exit(f"{name} failed with status {status}")
                key = (name, mode)
                best[key] = min(best.get(key, seconds), seconds)
    print(f"{'command':<10} {'cold s':>7} {'x report':>9} {'warm s':>7} {'x report':>9}")
    for name in COMMANDS:
        c, w = best[(name, "cold")], best[(name, "warm")]
        print(f"{name:<10} {c:7.2f} {c / best[('report', 'cold')]:9.2f} {w:7.2f} {w / best[('report', 'warm')]:9.2f}")


if __name__ == "__main__":
    main()
