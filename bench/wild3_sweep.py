"""Parity on the third wild generator's histories (bench/gen_wild3.py):
ours against CodeBurn 0.9.20 on the reading commands, per seed and zone,
through shapes_sweep's seed loop (rows keyed, times compared by instant).

Usage: python bench/wild3_sweep.py [--seeds 1,2,3] [--tz UTC,America/St_Johns,Asia/Kolkata]
                                   [--gen fam1,fam2] [--only SUBSTR] [--max N] [--keep]"""
from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from shapes_sweep import sweep_seeds  # noqa: E402


def commands() -> list[list[str]]:
    out = [["report", "--format", "json", "-p", p] for p in ("all", "today", "week", "30days", "month")]
    out += [["report", "--format", "json", "-p", "all", "--provider", p] for p in ("claude", "codex")]
    out += [["models", "--format", "json", "-p", "all"], ["sessions", "--format", "json", "-p", "all"],
            ["optimize", "--format", "json", "-p", "all"], ["export", "-f", "json"],
            ["status", "--format", "json"], ["status", "--format", "menubar-json"],
            ["compare", "--format", "json", "-p", "all"]]
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--tz", default="UTC,America/St_Johns,Asia/Kolkata")
    ap.add_argument("--gen", default="")
    ap.add_argument("--only", default="")
    ap.add_argument("--max", type=int, default=25)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    if not os.environ.get("CODEBURN_HEAD"):
        sys.exit("set $CODEBURN_HEAD first")
    sweep_seeds("gen_wild3.py", commands(), a, quiet_same=False, label="wild3")
    return 0


if __name__ == "__main__":
    sys.exit(main())
