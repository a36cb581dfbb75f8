"""Parity on the third wild generator's histories (bench/gen_wild3.py):
ours against CodeBurn 0.9.20 on wild_sweep's commands plus `status --format
json` and `compare`, per seed and zone, through shapes_sweep's seed loop
(rows keyed, times compared by instant).

Usage: python bench/wild3_sweep.py [--seeds 1,2,3] [--tz UTC,America/St_Johns,Asia/Kolkata]
                                   [--gen FAMILIES] [--only SUBSTR] [--max N] [--keep]"""
from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from shapes_sweep import seeds_main  # noqa: E402
from wild_sweep import commands as wild_commands  # noqa: E402


def commands() -> list[list[str]]:
    return wild_commands() + [["status", "--format", "json"], ["compare", "--format", "json", "-p", "all"],
                              ["optimize", "--format", "json", "-p", "week"], ["optimize", "--format", "json", "-p", "today"]]


if __name__ == "__main__":
    sys.exit(seeds_main("gen_wild3.py", commands(), "UTC,America/St_Johns,Asia/Kolkata", "wild3", quiet_same=False))
