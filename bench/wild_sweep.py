"""Parity on wild-shaped Claude and Codex histories (bench/gen_wild.py): ours
against CodeBurn 0.9.20 on the reading commands, over several seeds and time
zones, through parity_sweep's runner and JSON diff (rows keyed as in
shapes_sweep).

Usage: python bench/wild_sweep.py [--seeds 1,2,3] [--tz UTC,America/New_York,Asia/Kolkata]
                                  [--only SUBSTR] [--max N] [--keep]"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from parity_sweep import print_result  # noqa: E402
from shapes_sweep import compare  # noqa: E402


def commands() -> list[list[str]]:
    out = [["report", "--format", "json", "-p", p] for p in ("all", "today", "week", "30days", "month")]
    out += [["report", "--format", "json", "-p", "all", "--provider", p] for p in ("claude", "codex")]
    out += [["models", "--format", "json", "-p", "all"], ["sessions", "--format", "json", "-p", "all"],
            ["optimize", "--format", "json", "-p", "all"], ["export", "-f", "json"],
            ["status", "--format", "menubar-json"]]
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--tz", default="UTC,America/New_York,Asia/Kolkata")
    ap.add_argument("--only", default="")
    ap.add_argument("--max", type=int, default=25)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    if not os.environ.get("CODEBURN_HEAD"):
        sys.exit("set $CODEBURN_HEAD first")
    ours, theirs = [sys.executable, "-m", "codeburn"], os.environ["CODEBURN_HEAD"].split()
    same = total = 0
    for seed in a.seeds.split(","):
        home = tempfile.mkdtemp(prefix=f"wild-{seed}-")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_wild.py"), home, "--seed", seed], check=True)
        with open(os.path.join(home, "wild-env.json")) as f:
            env = json.load(f)
        for tz in a.tz.split(","):
            for args in commands():
                name = " ".join(args)
                if a.only and a.only not in name:
                    continue
                total += 1
                lines = compare(ours, theirs, args, home, tz, env)[0]
                same += print_result(f"seed {seed} {tz} {name}", lines, a.max, quiet_same=False)
        if a.keep:
            print(f"home of seed {seed}: {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)
    print(f"{same} of {total} runs identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
