"""Parity on wild-shaped Claude and Codex histories (bench/gen_wild.py): ours
against CodeBurn 0.9.20 on the reading commands, over several seeds and time
zones, through parity_sweep's runner and JSON diff (rows keyed as in
shapes_sweep).

Usage: python bench/wild_sweep.py [--seeds 1,2,3] [--tz UTC,America/New_York,Asia/Kolkata]
                                  [--only SUBSTR] [--max N] [--keep]"""
from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from shapes_sweep import seeds_main  # noqa: E402


def commands() -> list[list[str]]:
    out = [["report", "--format", "json", "-p", p] for p in ("all", "today", "week", "30days", "month")]
    out += [["report", "--format", "json", "-p", "all", "--provider", p] for p in ("claude", "codex")]
    out += [["models", "--format", "json", "-p", "all"], ["sessions", "--format", "json", "-p", "all"],
            ["optimize", "--format", "json", "-p", "all"], ["export", "-f", "json"],
            ["status", "--format", "menubar-json"]]
    return out


def main() -> int:
    return seeds_main("gen_wild.py", commands(), "UTC,America/New_York,Asia/Kolkata", "wild", quiet_same=False)


if __name__ == "__main__":
    sys.exit(main())
