"""Parity on the widely varied non-Claude, non-Codex histories of
bench/gen_wild_others.py: ours against CodeBurn 0.9.20 on `report` (every
period, every provider), `models`, `sessions` and `export`, over several
seeds and time zones, through parity_sweep's runner and JSON diff and
shapes_sweep's row keying.

Usage: python bench/wild_others_sweep.py [--seeds 1,2,3] [--tz UTC,America/Los_Angeles,Asia/Tokyo]
                                         [--only SUBSTR] [--max N] [--gen gemini,crush] [--keep]

Needs $CODEBURN_HEAD (eval "$(bash /work/shared/tools/reference.sh /work/ref --env)")."""
from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from shapes_sweep import seeds_main  # noqa: E402

PROVIDERS = ["gemini", "qwen", "copilot", "droid", "pi", "omp", "openclaw", "kimi", "kimicode", "mistral-vibe",
             "kiro", "cursor-agent", "cline", "roo-code", "kilo-code", "ibm-bob", "cline-cli", "opencode", "goose",
             "crush"]


def commands() -> list[list[str]]:
    out = [["report", "--format", "json", "-p", p] for p in ("all", "today", "week", "30days", "month")]
    out += [["report", "--format", "json", "-p", "all", "--provider", p] for p in PROVIDERS]
    out += [["models", "--format", "json", "-p", "all"], ["sessions", "--format", "json", "-p", "all"],
            ["export", "-f", "json"]]
    return out


def main() -> int:
    return seeds_main("gen_wild_others.py", commands(), "UTC,America/Los_Angeles,Asia/Tokyo", "wild-others", most=20)


if __name__ == "__main__":
    sys.exit(main())
