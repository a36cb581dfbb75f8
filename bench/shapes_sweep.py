"""Parity on edge-shaped histories (bench/gen_shapes.py): ours against
CodeBurn 0.9.20 on the reading commands, through parity_sweep's runner and
JSON diff.

Usage: python bench/shapes_sweep.py [--home DIR] [--only SUBSTR] [--max N] [--gen claude,codex]"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from parity_sweep import compare_text, diff, print_result, run  # noqa: E402

PROVIDERS = ["claude", "codex", "gemini", "qwen", "pi", "omp", "openclaw", "droid", "mistral-vibe", "cline",
             "roo-code", "kilo-code", "opencode", "goose", "crush", "kiro", "copilot", "cline-cli"]


ISO = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z$")


def same_instant(v):
    """A UTC time in the ms spelling: README's known difference (the reference
    keeps a non-Claude log's own spelling, `…:00Z` or microseconds)."""
    m = ISO.match(v) if isinstance(v, str) else None
    if not m:
        return v
    frac = (m.group(2) or ".000")[1:4].ljust(3, "0")
    return f"{m.group(1)}.{frac}Z"


KEYS = ("sessionId", "date", "category", "name", "model", "id")


def keyed(v):
    """Lists of rows become dicts keyed by their natural key, so one missing
    or re-ordered row shows as one difference, not a shifted tail."""
    if isinstance(v, dict):
        return {k: keyed(x) for k, x in v.items()}
    if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
        for k in KEYS:
            if all(k in x for x in v):
                out = {}
                for x in v:
                    key = "|".join(str(same_instant(x.get(f, ""))) for f in ("provider", k, "project", "timestamp")
                                   if f in x)
                    while key in out:
                        key += "'"
                    out[key] = keyed(x)
                return out
    if isinstance(v, list):
        return [keyed(x) for x in v]
    return same_instant(v)


def commands() -> list[list[str]]:
    out = [["report", "--format", "json", "-p", p] for p in ("all", "today", "week", "30days")]
    out += [["report", "--format", "json", "-p", "all", "--provider", p] for p in PROVIDERS]
    out += [["models", "--format", "json", "-p", "all"], ["sessions", "--format", "json", "-p", "all"],
            ["optimize", "--format", "json", "-p", "all"], ["export", "-f", "json"]]
    return out


def compare(ours: list[str], theirs: list[str], args: list[str], home: str, tz: str,
            env: dict | None = None) -> tuple[list[str], str]:
    """(differences, our stderr) of one command run by both on a copy of home
    (with `env` added, see parity_sweep.run)."""
    ra, oa, ea = run(ours, args, home, tz, env)
    rb, ob, eb = run(theirs, args, home, tz, env)
    try:
        ja, jb = json.loads(oa), json.loads(ob)
        for key in ("providers", "warnings"):  # ours only, by design (README, parity sweep)
            if isinstance(ja, dict) and isinstance(jb, dict) and key not in jb:
                ja.pop(key, None)
        lines = diff(keyed(ja), keyed(jb))
    except ValueError:
        lines = compare_text(oa, ob)
    if ra != rb:
        lines.insert(0, f"exit ours {ra} ref {rb}: {ea.strip()[:300]} | {eb.strip()[:300]}")
    if "Traceback" in ea:
        lines.insert(0, "ours: traceback: " + ea.strip()[-300:])
    return lines, ea


def sweep_seeds(gen: str, cmds: list[list[str]], a, quiet_same: bool = True, label: str = "wild") -> int:
    """For each seed of a.seeds: a HOME written by bench/<gen> (with the
    environment it names in HOME/wild-env.json, if any), each command of
    `cmds` matching a.only compared in each zone of a.tz; a.gen limits the
    generator, a.keep keeps the homes. Prints and returns the identical count."""
    ours, theirs = [sys.executable, "-m", "codeburn"], os.environ["CODEBURN_HEAD"].split()
    same = total = 0
    for seed in a.seeds.split(","):
        home = tempfile.mkdtemp(prefix=f"{label}-{seed}-")
        argv = [sys.executable, os.path.join(HERE, gen), home, "--seed", seed]
        subprocess.run(argv + (["--only", a.gen] if getattr(a, "gen", "") else []), check=True)
        env_file = os.path.join(home, "wild-env.json")
        env = json.load(open(env_file)) if os.path.exists(env_file) else None
        for tz in a.tz.split(","):
            for args in cmds:
                name = " ".join(args)
                if a.only and a.only not in name:
                    continue
                total += 1
                lines, _ = compare(ours, theirs, args, home, tz, env)
                same += print_result(f"seed {seed} {tz} {name}", lines, a.max, quiet_same)
        if a.keep:
            print(f"home for seed {seed}: {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)
    print(f"{same} of {total} comparisons identical")
    return same


def seeds_main(gen: str, cmds: list[list[str]], tz: str, label: str, most: int = 25,
               quiet_same: bool = True) -> int:
    """The command line the seed sweeps share: --seeds, --tz (default `tz`),
    --gen (the generator's --only), --only, --max, --keep; then sweep_seeds."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--tz", default=tz)
    ap.add_argument("--gen", default="")
    ap.add_argument("--only", default="")
    ap.add_argument("--max", type=int, default=most)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    if not os.environ.get("CODEBURN_HEAD"):
        sys.exit("set $CODEBURN_HEAD first")
    sweep_seeds(gen, cmds, a, quiet_same=quiet_same, label=label)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    for flag, default in (("--home", None), ("--only", ""), ("--max", "30"), ("--gen", "")):
        ap.add_argument(flag, default=default)
    a = ap.parse_args()
    if not os.environ.get("CODEBURN_HEAD"):
        sys.exit("set $CODEBURN_HEAD first")
    home = a.home or tempfile.mkdtemp(prefix="shapes-home-")
    if not a.home:
        gen = [sys.executable, os.path.join(HERE, "gen_shapes.py"), home] + (["--only", a.gen] if a.gen else [])
        subprocess.run(gen, check=True)
    ours, theirs = [sys.executable, "-m", "codeburn"], os.environ["CODEBURN_HEAD"].split()
    most = int(a.max)
    same = 0
    for args in commands():
        name = " ".join(args)
        if a.only and a.only not in name:
            continue
        lines, ea = compare(ours, theirs, args, home, "UTC")
        if lines:
            print(f"== {name}: {len(lines)} differences")
            for ln in lines[:most]:
                print("   " + ln)
        else:
            same += 1
            print(f"== {name}: same")
        if ea.strip():
            print("   ours stderr: " + ea.strip()[:300].replace("\n", " | "))
    print(f"{same} commands identical; home {home}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
