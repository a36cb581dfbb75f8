"""Parity on the database-backed stores of bench/gen_wild_stores.py: ours
against CodeBurn 0.9.20 on `report` (every period, every store's
`--provider`), `models`, `sessions` and `export`, over several seeds and
time zones, through shapes_sweep's runner and row keying.

Usage: python bench/wild_stores_sweep.py [--seeds 1,2,3] [--tz UTC,Asia/Tokyo]
                                         [--only SUBSTR] [--max N] [--gen cursor,goose] [--keep]

Needs $CODEBURN_HEAD (eval "$(bash /work/shared/tools/reference.sh /work/ref --env)")."""
from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from shapes_sweep import seeds_main  # noqa: E402

PROVIDERS = ["cursor", "opencode", "kilo-code", "goose", "crush", "copilot", "antigravity"]


def commands() -> list[list[str]]:
    out = [["report", "--format", "json", "-p", p] for p in ("all", "today", "week", "30days", "lifetime")]
    out += [["report", "--format", "json", "-p", "all", "--provider", p] for p in PROVIDERS]
    out += [["models", "--format", "json", "-p", "all"], ["sessions", "--format", "json", "-p", "all"],
            ["export", "-f", "json"]]
    return out


def main() -> int:
    return seeds_main("gen_wild_stores.py", commands(), "UTC", "wild-stores", most=20)


if __name__ == "__main__":
    sys.exit(main())
