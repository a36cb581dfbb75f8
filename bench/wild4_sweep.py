"""Parity on the fourth wild generator's histories (bench/gen_wild4.py):
ours against CodeBurn 0.9.20, per seed and zone, each command on a fresh copy
of the home with a fresh cache dir (shapes_sweep's runner: rows keyed, times
compared by instant), then every command in its text format too, ours only,
checked for a clean exit and no traceback.

Usage: python bench/wild4_sweep.py [--seeds 1,2,3]
                                   [--tz UTC,America/Los_Angeles,Asia/Kolkata,Pacific/Auckland]
                                   [--only SUBSTR] [--max N] [--keep] [--no-text]"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from parity_sweep import print_result, run  # noqa: E402
from shapes_sweep import compare  # noqa: E402


def commands() -> list[list[str]]:
    out = [["report", "--format", "json", "-p", p] for p in ("today", "week", "30days", "month", "all")]
    out += [["report", "--format", "json", "-p", p, "--provider", prov]
            for prov in ("claude", "codex") for p in ("all", "today")]
    out += [["models", "--format", "json", "-p", "all"], ["sessions", "--format", "json", "-p", "all"],
            ["optimize", "--format", "json", "-p", "all"], ["optimize", "--format", "json", "-p", "today"],
            ["optimize", "--format", "json", "-p", "week"], ["export", "-f", "json"],
            ["status", "--format", "json"], ["status"], ["compare", "--format", "json", "-p", "all"],
            ["models", "--format", "json", "-p", "all", "--by-agent"], ["overview", "-p", "all"],
            ["overview", "-p", "all", "--provider", "claude"]]
    out += [["sessions", "--by-pr", "--format", "json", "-p", p] for p in ("week", "all")]
    # the menubar payload, with the period, provider and project filters its day history depends on
    out += [["status", "--format", "menubar-json", *extra] for extra in
            ([], ["--period", "week"], ["--period", "30days", "--provider", "codex"],
             ["--period", "week", "--exclude", "shop"])]
    return out


def text_commands() -> list[list[str]]:
    """The text renderings: ours must exit 0 with no traceback on each."""
    out = [["report", "-p", p] for p in ("today", "week", "30days", "month", "all")]
    out += [["report", "-p", "all", "--provider", p] for p in ("claude", "codex")]
    out += [["models", "-p", "all"], ["models", "-p", "all", "--by-task"], ["models", "-p", "all", "--by-agent"],
            ["models", "-p", "all", "--format", "markdown"], ["models", "-p", "all", "--format", "csv"],
            ["sessions", "-p", "all"], ["optimize", "-p", "all"], ["status"], ["status", "--format", "menubar-json"],
            ["compare", "-p", "all"], ["overview", "-p", "all"], ["export"], ["yield", "-p", "all"],
            ["today"], ["month"]]
    return out


def text_check(home: str, tz: str, most: int) -> tuple[int, int]:
    """(clean, total) over text_commands, ours only."""
    ours = [sys.executable, "-m", "codeburn"]
    clean = 0
    cmds = text_commands()
    for args in cmds:
        rc, out, err = run(ours, args, home, tz)
        bad = [] if rc == 0 and "Traceback" not in err else [f"exit {rc}: {err.strip()[-400:]}"]
        clean += print_result(f"text {tz} {' '.join(args)}", bad, most)
    return clean, len(cmds)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--tz", default="UTC,America/Los_Angeles,Asia/Kolkata,Pacific/Auckland")
    ap.add_argument("--only", default="")
    ap.add_argument("--max", type=int, default=25)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--no-text", action="store_true")
    a = ap.parse_args()
    if not os.environ.get("CODEBURN_HEAD"):
        sys.exit("set $CODEBURN_HEAD first")
    ours, theirs = [sys.executable, "-m", "codeburn"], os.environ["CODEBURN_HEAD"].split()
    same = total = clean = ran = 0
    for seed in a.seeds.split(","):
        home = tempfile.mkdtemp(prefix=f"wild4-{seed}-")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_wild4.py"), home, "--seed", seed], check=True)
        for tz in a.tz.split(","):
            for args in commands():
                name = " ".join(args)
                if a.only and a.only not in name:
                    continue
                total += 1
                lines, _ = compare(ours, theirs, args, home, tz)
                same += print_result(f"seed {seed} {tz} {name}", lines, a.max, quiet_same=False)
            if not a.no_text and not a.only:
                c, n = text_check(home, tz, a.max)
                clean += c
                ran += n
        if a.keep:
            print(f"home for seed {seed}: {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)
    print(f"{same} of {total} comparisons identical; {clean} of {ran} text runs clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
