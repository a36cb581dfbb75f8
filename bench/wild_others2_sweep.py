"""Parity on bench/gen_wild_others2.py's histories (file-based tools other
than Claude Code and Codex, written with the bytes, places and spellings the
first wild generator leaves out): ours against CodeBurn 0.9.20 on `report`
(every period, every provider), `models`, `sessions`, `export` and `status`,
over several seeds and zones, through shapes_sweep.sweep_seeds.

Usage: python bench/wild_others2_sweep.py [--seeds 1,2,3] [--tz UTC,America/Los_Angeles,Asia/Tokyo]
                                          [--only SUBSTR] [--max N] [--gen gemini,qwen] [--keep]"""
from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from shapes_sweep import sweep_seeds  # noqa: E402
from wild_others_sweep import commands as first_commands  # noqa: E402


def commands() -> list[list[str]]:
    return first_commands() + [["status", "--format", "json"]]


def main() -> int:
    ap = argparse.ArgumentParser()
    for flag, default in (("--seeds", "1,2,3"), ("--tz", "UTC,America/Los_Angeles,Asia/Tokyo"), ("--only", ""),
                          ("--gen", "")):
        ap.add_argument(flag, default=default)
    ap.add_argument("--max", type=int, default=20)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    if not os.environ.get("CODEBURN_HEAD"):
        sys.exit("set $CODEBURN_HEAD first")
    sweep_seeds("gen_wild_others2.py", commands(), a, label="wild-others2")
    return 0


if __name__ == "__main__":
    sys.exit(main())
