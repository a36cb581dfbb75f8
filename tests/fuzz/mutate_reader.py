"""Structure-aware mutation fuzzing of the compiled reader.

    python tests/fuzz/mutate_reader.py [--runs 1000000] [--seed 1]

The reader is C++: Python-level coverage (atheris without a native build)
cannot steer it, so this driver mutates realistic Claude Code and Codex
files the way logs really break (torn and spliced lines, flipped bytes, NUL
and invalid UTF-8, numbers of the wrong type or size, deep nesting, lone
surrogates, very long strings, duplicated and reordered lines) and feeds
each one to both decoders. Build the extension with AddressSanitizer to
catch memory errors (see tests/fuzz/README.md). A crash kills the process;
a Python exception or a broken invariant is printed with the input that
caused it and counted. Every 16th Claude Code input is also written to a
file and read in 2 to 4 parts cut at random bytes (as several threads read
a large file): joined, the parts must give exactly what the whole gives;
every 16th Codex input is decoded ahead and adopted, which must give what a
read in order gives.
Prints how many inputs ran and how long it took.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
from seeds import SEEDS, check  # noqa: E402

from codeburn.classify import ruleset  # noqa: E402
from codeburn.read.scan import make_scanner  # noqa: E402
from tests.conftest import adopted_view  # noqa: E402

TOKENS = [b"{", b"}", b"[", b"]", b",", b":", b'"', b"\\", b"\\u", b"\\ud800", b"\\udc00", b"\x00", b"\xff", b"\xc3",
          b"\xe2\x82", b"\n", b"\r\n", b"null", b"true", b"-1", b"1e30", b"1.5", b'"12"', b"99999999999999999999999",
          b"-0", b"NaN", b'"type":"assistant"', b'"type":"user"', b'"type":"token_count"', b'"info":null',
          b'"type":"session_meta"', b'"payload":{}', b'"usage":{}', b'"content":[]', b'"message":{}']
NUMBERS = [b"-1", b"1e30", b"1.5", b'"12"', b"null", b"[]", b"{}", b"99999999999999999999", b"0", b"-0.0", b"1e308"]


def mutate(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.randint(1, 4)):
        data = rng.choice(MUTATORS)(rng, data)
    return data


def _pos(rng, data):
    return rng.randint(0, len(data)) if data else 0


def flip(rng, data):
    if not data:
        return data
    i = rng.randrange(len(data))
    return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1:]


def truncate(rng, data):
    return data[:_pos(rng, data)]


def insert_token(rng, data):
    i = _pos(rng, data)
    return data[:i] + rng.choice(TOKENS) + data[i:]


def delete_span(rng, data):
    i = _pos(rng, data)
    return data[:i] + data[i + rng.randint(1, 64):]


def line_ops(rng, data):
    lines = data.split(b"\n")
    op = rng.randrange(4)
    i = rng.randrange(len(lines))
    if op == 0:
        lines.insert(i, lines[rng.randrange(len(lines))])      # duplicate a line elsewhere
    elif op == 1 and len(lines) > 1:
        del lines[i]
    elif op == 2:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    else:
        lines[i] = lines[i][: rng.randint(0, len(lines[i]))]   # torn in the middle of the file
    return b"\n".join(lines)


def numbers(rng, data):
    digits = [i for i in range(len(data)) if 48 <= data[i] <= 57]
    if not digits:
        return data
    i = rng.choice(digits)
    j = i
    while j < len(data) and 48 <= data[j] <= 57:
        j += 1
    return data[:i] + rng.choice(NUMBERS) + data[j:]


def long_string(rng, data):
    q = [i for i in range(len(data)) if data[i] == 34]
    if not q:
        return data
    i = rng.choice(q) + 1
    n = rng.choice((100, 3000, 70_000, 1_100_000)) if rng.random() < 0.05 else rng.randint(10, 5000)
    return data[:i] + rng.choice((b"x", b"\\n", b"\xc3\xa9", b"\\u00e9", b" ")) * n + data[i:]


def nest(rng, data):
    i = _pos(rng, data)
    depth = rng.choice((10, 100, 2000))
    return data[:i] + b"[" * depth + b"]" * depth + data[i:]


def splice(rng, data):
    other = rng.choice(SEEDS)
    return data[:_pos(rng, data)] + other[_pos(rng, other):]


MUTATORS = (flip, truncate, insert_token, delete_span, line_ops, numbers, long_string, nest, splice)


def ahead_differs(data: bytes, worker, rules, path: str) -> bool:
    """Whether a Codex rollout decoded ahead and adopted (or, when adopt
    declines, read in order) gives anything but a read in order."""
    with open(path, "wb") as f:
        f.write(data)
    views = []
    for ahead in (True, False):
        main = make_scanner(rules)
        got = main.adopt(worker.decode_codex(path, 0, "rollout-fuzz"), 0) if ahead else None
        if got is None:
            got = main.scan_file(path, 0, "codex", "rollout-fuzz")
        views.append((got, main.session, {k: v.tolist() for k, v in main.columns().items()}))
    return views[0] != views[1]


def split_differs(rng: random.Random, data: bytes, worker, rules, path: str) -> bool:
    """Whether reading `data` in parts, cut at random bytes and joined,
    gives anything but what reading it whole gives."""
    with open(path, "wb") as f:
        f.write(data)
    cuts = sorted(rng.randint(1, len(data) + 1) for _ in range(rng.randint(1, 3)))
    parts = [worker.decode_part(path, 0, a, b) for a, b in zip([0, *cuts], [*cuts, -1])]
    if rng.random() < 0.5:
        parts[0].append(parts[1:])
    else:
        for p in parts[1:]:
            parts[0].append([p])
    return adopted_view(parts[0], rules) != adopted_view(worker.decode_file(path, 0), rules)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    rules = ruleset.load()
    scanner = make_scanner(rules)
    worker = make_scanner(rules, keep_prompts=False)
    split_path = os.path.join(tempfile.mkdtemp(prefix="codeburn-fuzz-"), "split.jsonl")
    findings, t0, rss0 = 0, time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for n in range(a.runs):
        if n % 5000 == 0:
            scanner = make_scanner(rules)  # columns grow with every input
        data = mutate(rng, rng.choice(SEEDS))
        kind = ("claude", "codex")[n & 1]
        try:
            scanner.scan_bytes(data, 0, kind, "rollout-fuzz")
            if n % 1000 == 999:
                check(scanner.columns())
            if n % 32 == 0 and split_differs(rng, data, worker, rules, split_path):
                raise AssertionError("read in parts, the file gives other numbers than read whole")
            if n % 32 == 1 and ahead_differs(data, worker, rules, split_path):
                raise AssertionError("decoded ahead, the rollout gives other numbers than read in order")
        except Exception as exc:  # a finding: print it with its input
            findings += 1
            print(f"finding at run {n} ({kind}): {type(exc).__name__}: {exc}\n  input: {data[:300]!r}", flush=True)
        if n and n % 200_000 == 0:
            print(f"{n} runs, {time.perf_counter() - t0:.0f} s, max RSS "
                  f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB", flush=True)
    secs = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{a.runs} inputs in {secs:.0f} s ({a.runs / secs:.0f}/s), {findings} findings, "
          f"max RSS {rss} MB (start {rss0 // 1024} MB)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
