"""Parity on bench/gen_wild5.py's histories: ours against CodeBurn 0.9.20 on
`report` (every period, and every `--provider` over all time), `models`,
`sessions`, `export` (json) and `optimize`, each run on a fresh copy of the
home with a fresh cache dir, over several seeds and zones; then our text
formats of the same commands, which must exit 0 without a traceback.

Usage: python bench/wild5_sweep.py [--seeds 1,2,3] [--tz UTC,America/Los_Angeles,Asia/Tokyo]
                                   [--gen gemini,qwen] [--only SUBSTR] [--max N] [--keep] [--no-text]

Needs $CODEBURN_HEAD (eval "$(bash /work/shared/tools/reference.sh /work/ref --env)")."""
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

PROVIDERS = ["gemini", "qwen", "copilot", "droid", "pi", "omp", "openclaw", "kimi", "kimicode", "mistral-vibe",
             "kiro", "cursor", "cursor-agent", "cline", "roo-code", "kilo-code", "ibm-bob", "cline-cli", "opencode",
             "goose", "crush"]
TEXT = [["report", "-p", "all"], ["report", "-p", "today"], ["models", "-p", "all"], ["sessions", "-p", "all"],
        ["optimize", "-p", "all"], ["export", "-f", "csv"], ["status"], ["overview", "-p", "all"],
        ["report", "--format", "markdown", "-p", "30days"]]


def commands() -> list[list[str]]:
    out = [["report", "--format", "json", "-p", p] for p in ("all", "today", "week", "30days", "month")]
    out += [["report", "--format", "json", "-p", "all", "--provider", p] for p in PROVIDERS]
    out += [["models", "--format", "json", "-p", "all"], ["sessions", "--format", "json", "-p", "all"],
            ["export", "-f", "json"], ["optimize", "--format", "json", "-p", "all"]]
    return out


def text_checks(home: str, tz: str, label: str) -> int:
    """Our text outputs: exit 0, no traceback. Returns how many failed."""
    bad = 0
    ours = [sys.executable, "-m", "codeburn"]
    for args in TEXT:
        rc, out, err = run(ours, args, home, tz)
        if rc != 0 or "Traceback" in err:
            bad += 1
            print(f"== {label} text {' '.join(args)}: exit {rc} {err.strip()[-300:]}")
    return bad


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--tz", default="UTC,America/Los_Angeles,Asia/Tokyo")
    ap.add_argument("--gen", default="")
    ap.add_argument("--only", default="")
    ap.add_argument("--max", type=int, default=20)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--no-text", action="store_true")
    a = ap.parse_args()
    if not os.environ.get("CODEBURN_HEAD"):
        sys.exit("set $CODEBURN_HEAD first")
    ours, theirs = [sys.executable, "-m", "codeburn"], os.environ["CODEBURN_HEAD"].split()
    same = total = text_bad = 0
    for seed in a.seeds.split(","):
        home = tempfile.mkdtemp(prefix=f"wild5-{seed}-")
        gen = [sys.executable, os.path.join(HERE, "gen_wild5.py"), home, "--seed", seed]
        subprocess.run(gen + (["--only", a.gen] if a.gen else []), check=True)
        for tz in a.tz.split(","):
            warned = False
            for args in commands():
                name = " ".join(args)
                if a.only and a.only not in name:
                    continue
                total += 1
                lines, err = compare(ours, theirs, args, home, tz)
                same += print_result(f"seed {seed} {tz} {name}", lines, a.max)
                if err.strip() and not warned:
                    warned = True
                    print(f"   ours stderr (seed {seed} {tz}): " + err.strip()[:400].replace("\n", " | "))
            if not a.no_text:
                text_bad += text_checks(home, tz, f"seed {seed} {tz}")
        if a.keep:
            print(f"home for seed {seed}: {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)
    print(f"{same} of {total} comparisons identical; {text_bad} text runs failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
