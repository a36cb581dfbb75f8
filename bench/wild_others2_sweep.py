"""Parity on bench/gen_wild_others2.py's histories (file-based tools other
than Claude Code and Codex, written with the bytes, places and spellings the
first wild generator leaves out): ours against CodeBurn 0.9.20 on `report`
(every period, every provider), `models`, `sessions`, `export` and `status`,
over several seeds and zones: wild_others_sweep's runner and options.

Usage: python bench/wild_others2_sweep.py [--seeds 1,2,3] [--tz UTC,America/Los_Angeles,Asia/Tokyo]
                                          [--only SUBSTR] [--max N] [--gen gemini,qwen] [--keep]"""
from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import wild_others_sweep  # noqa: E402

if __name__ == "__main__":
    sys.exit(wild_others_sweep.main("gen_wild_others2.py", wild_others_sweep.commands() + [["status", "--format", "json"]],
                                    "wild-others2"))
