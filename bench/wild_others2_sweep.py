"""Parity on bench/gen_wild_others2.py's histories (file-based tools other
than Claude Code and Codex, written with the bytes, places and spellings the
first wild generator leaves out): ours against CodeBurn 0.9.20 on `report`
(every period, every provider), `models`, `sessions`, `export` and `status`,
over several seeds and zones (shapes_sweep.seeds_main's command line).

Usage: python bench/wild_others2_sweep.py [--seeds 1,2,3] [--tz UTC,America/Los_Angeles,Asia/Tokyo]
                                          [--only SUBSTR] [--max N] [--gen gemini,qwen] [--keep]"""
from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from shapes_sweep import seeds_main  # noqa: E402
from wild_others_sweep import commands  # noqa: E402

if __name__ == "__main__":
    sys.exit(seeds_main("gen_wild_others2.py", commands() + [["status", "--format", "json"]],
                        "UTC,America/Los_Angeles,Asia/Tokyo", "wild-others2", most=20))
