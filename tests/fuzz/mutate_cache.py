"""Mutation fuzzing of cached decoded files (the file cache's blobs).

    python tests/fuzz/mutate_cache.py [--runs 200000] [CLAUDE_CONFIG_DIR]

A cache entry is data codeburn wrote, but a disk, a crash or another
program can damage it: DecodedFile.loads must reject every blob it cannot
prove well-formed, and whatever it accepts must be safe to adopt. Blobs of
real files (the given history, else a small built-in one, and the Codex
seeds) are mutated (bit
flips, truncation, overwritten and inserted bytes) and loaded; accepted ones
are adopted. A crash kills the process; prints the counts otherwise.
"""
from __future__ import annotations

import argparse
import glob
import os
import random
import sys
import tempfile

from codeburn._fast.reader import DecodedFile
from codeburn.classify import ruleset
from codeburn.read.scan import make_scanner

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seeds import SEEDS  # noqa: E402


def seed_files(root: str | None) -> list[str]:
    if root:
        return sorted(glob.glob(os.path.join(root, "projects", "*", "*.jsonl")))[:40]
    d = tempfile.mkdtemp(prefix="codeburn-cache-fuzz-")
    path = os.path.join(d, "seed.jsonl")
    with open(path, "wb") as f:
        f.write(SEEDS[0] * 3)
    return [path]


def codex_seed_files() -> list[str]:
    """The Codex seeds as rollout files (their blobs carry the Codex fields)."""
    d = tempfile.mkdtemp(prefix="codeburn-cache-fuzz-codex-")
    out = []
    for i, seed in enumerate(s for s in SEEDS if b'"session_meta"' in s[:200]):
        out.append(os.path.join(d, f"rollout-{i}.jsonl"))
        with open(out[-1], "wb") as f:
            f.write(seed)
    return out


def mutate(rng: random.Random, blob: bytes) -> bytes:
    b = bytearray(blob)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(4)
        if op == 0 and b:
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        elif op == 1:
            b = b[:rng.randrange(len(b) + 1)]
        elif op == 2 and b:
            i = rng.randrange(len(b))
            b[i:i + 8] = rng.randbytes(8)
        else:
            i = rng.randrange(len(b) + 1)
            b[i:i] = rng.randbytes(rng.randint(1, 16))
    return bytes(b)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("history", nargs="?")
    ap.add_argument("--runs", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=5)
    a = ap.parse_args(argv)
    rules = ruleset.load()
    worker = make_scanner(rules, keep_prompts=False)
    blobs = [worker.decode_file(f, i).dumps() for i, f in enumerate(seed_files(a.history))]
    blobs += [worker.decode_codex(f, i, "fuzz").dumps() for i, f in enumerate(codex_seed_files())]
    rng = random.Random(a.seed)
    main_scanner, accepted = make_scanner(rules), 0
    for n in range(a.runs):
        if n % 20000 == 0:
            main_scanner = make_scanner(rules)  # its columns grow with every adopted file
        d = DecodedFile.loads(mutate(rng, rng.choice(blobs)))
        if d is not None:
            accepted += 1
            main_scanner.adopt(d, 0)  # a Codex blob may be declined (None): its keys were seen
    print(f"{a.runs} mutated blobs: {accepted} accepted and adopted, {a.runs - accepted} rejected, no crash")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
