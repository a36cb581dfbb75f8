"""The classifier's one-scan path (categories.Matcher.order: match ends,
then exact starts only where they decide) against Python's `re` over the
same rules (ReMatcher), on arenas of random prompts: keywords of every
role, split and glued by every kind of whitespace, non-ASCII letters
(the Kelvin sign and the long s among them), long runs, empty prompts.
A finding is a prompt where a role's presence differs, where two ordered
roles compare differently, or where classify() gives another category for
some tool flags.

    python tests/fuzz/mutate_classifier.py --runs 20000 [--seed 1]
"""
from __future__ import annotations

import argparse
import os
import random
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from codeburn.classify import ruleset  # noqa: E402
from codeburn.classify.categories import NO_MATCH, ORDERED, ROLE, Matcher, ReMatcher, classify  # noqa: E402
from codeburn.classify.prompt_classes import FLAG_SPACE  # noqa: E402

WORDS = ["fix", "bug", "error", "add", "new", "build", "set", "up", "setup", "make", "a", "the", "me", "write",
         "refactor", "clean", "rename", "move", "split", "stack", "trace", "not", "working", "status", "code", "404",
         "test", "pytest", "npm", "run", "git", "push", "pip", "install", "what", "if", "how", "should", "look",
         "into", "api", "db", "fetch", "curl", "x.py", "a.json", "https://e.io/p?q=1", "http://", "script", "scrip",
         "ſet", "ſpec", "Kill", "\u212aey", "café", "日本", "ü", "FIX", "Set Up", "-", ".", "/", "_", ":", "'", "\""]
SPACES = [" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000", "\ufeff", "\u2028", "\u0085", "\x0b", ""]


def prompt(rng: random.Random) -> str:
    n = rng.choice([0, 1, 2, 5, 12, 40, 200])
    parts = []
    for _ in range(n):
        parts.append(rng.choice(WORDS) if rng.random() < 0.8 else "".join(
            chr(rng.randrange(32, 0x3000)) for _ in range(rng.randint(1, 4))))
        parts.append(rng.choice(SPACES))
    text = "".join(parts)
    return "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)


def check(matcher: Matcher, reference: ReMatcher, prompts: list[str]) -> list[str]:
    encoded = [p.encode("utf-8") for p in prompts]
    offsets = np.cumsum([0] + [len(e) + 1 for e in encoded[:-1]]).astype(np.int64)
    got = matcher.order(b"".join(e + b"\n" for e in encoded), offsets, np.array([len(e) for e in encoded], np.int32))
    want = reference.positions(prompts)
    bad = [f"presence {prompts[i]!r}" for i in np.flatnonzero(((got == NO_MATCH) != (want == NO_MATCH)).any(1))]
    for i, x in enumerate(ORDERED):
        for y in ORDERED[i + 1:]:
            a, b = ROLE[x], ROLE[y]
            both = (want[:, a] != NO_MATCH) & (want[:, b] != NO_MATCH)
            differ = np.sign(got[:, a].astype(np.int64) - got[:, b]) != np.sign(want[:, a].astype(np.int64) - want[:, b])
            bad += [f"order {x}/{y} {prompts[i]!r}" for i in np.flatnonzero(both & differ)]
    flags = np.repeat(np.arange(FLAG_SPACE, dtype=np.uint32), len(prompts))
    cats = classify(flags, np.tile(got, (FLAG_SPACE, 1))) != classify(flags, np.tile(want, (FLAG_SPACE, 1)))
    bad += [f"category {prompts[i % len(prompts)]!r}" for i in np.flatnonzero(cats)[:3]]
    return bad


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    rules = ruleset.load()
    matcher, reference = Matcher.build(rules), ReMatcher(rules)
    findings = 0
    for run in range(a.runs):
        prompts = [prompt(rng) for _ in range(rng.randint(1, 12))]
        for line in check(matcher, reference, prompts)[:3]:
            findings += 1
            print(f"run {run}: {line[:300]}")
    print(f"{a.runs} arenas, {findings} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
