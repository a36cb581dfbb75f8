"""Copilot JetBrains stores (providers/copilot_jetbrains.py, nitrite_scan.py)
broken the way files break: truncated, spliced, bit-flipped, runs of
backslashes, quotes and braces, NUL and invalid UTF-8, non-latin text,
random bytes after the header. The reader must never raise, and a read
through windows of a few bytes must give exactly what a read through one
window holding the whole file gives (every search resumes across window
edges as one search over the file would).

    python tests/fuzz/mutate_nitrite.py --runs 20000 [--seed 1]
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

sys.path.insert(0, os.path.dirname(__file__))

from mutate_reader import delete_span, flip, insert_token, truncate  # noqa: E402

from codeburn.providers import copilot_jetbrains as jb  # noqa: E402
from codeburn.providers import nitrite_scan  # noqa: E402
from codeburn.providers.records import ReadLog  # noqa: E402
from tests import nitrite_files as nf  # noqa: E402

TEXTS = ["ok", "naïve über 中文 текст", 'a "quoted" \\ reply', "😀" * 3, "x" * 3000, "", "\x00\x01", "{}{{}}"]
IDS = ["0b9e6f3c-1d2e-4f50-9a61-7c8d9e0f1a2b", "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"]
MODELS = [None, "gpt-4.1", "claude-opus-4.5", "o3", "gpt-5-mini"]


def part(rng: random.Random) -> bytes:
    kind = rng.randrange(6)
    conv = rng.choice(IDS)
    if kind == 0:
        return nf.conversation(conv, rng.choice(["New Chat", "Fix the importer", "t" * rng.randint(0, 90)]))
    if kind == 1:
        return nf.turn_document(conv, nf.ask_turn(rng.choice(TEXTS), rng.choice(MODELS),
                                                  files=("/tmp/x%20y/a.py",) if rng.random() < 0.2 else (),
                                                  error=rng.random() < 0.2))
    if kind == 2:
        return nf.turn_document(conv, nf.agent_turn("p", [rng.choice(TEXTS) for _ in range(rng.randint(0, 3))],
                                                    rng.choice(MODELS), error=rng.random() < 0.2))
    if kind == 3:
        return nf.old_session(conv.upper() if rng.random() < 0.3 else conv, [rng.choice(TEXTS)], rng.choice(MODELS))
    if kind == 4:
        return nf.project_field(rng.choice(["web-api", "проект", "x" * 200, ""]))
    return bytes(rng.choice([0, 0x5C, 0x22, 0x7B, 0x7D, 0x81, 0xFF, 0x24]) for _ in range(rng.randint(1, 40)))


def mutate(rng: random.Random) -> bytes:
    """A store of random parts, then broken 0-4 times the way mutate_reader
    breaks logs (bit flips, cuts, tokens put in, spans taken out), spliced
    with another store, or given random bytes after its header."""
    raw = nf.store_bytes(*[part(rng) for _ in range(rng.randint(0, 8))])
    for _ in range(rng.randint(0, 4)):
        r = rng.random()
        if r < 0.15:
            other = nf.store_bytes(part(rng), part(rng))
            raw = raw[:rng.randint(0, len(raw))] + other[rng.randint(0, len(other)):]
        elif r < 0.2:
            raw = raw[:4096] + os.urandom(rng.randint(0, 20000))
        else:
            raw = rng.choice((flip, truncate, insert_token, delete_span, flip, flip))(rng, raw)
    return raw


def read(path: str, window: int) -> tuple:
    saved = nitrite_scan.windows.__defaults__
    nitrite_scan.windows.__defaults__ = (window,)
    try:
        log = ReadLog()
        sessions = list(jb.read_store(path, "store", (), log))
    finally:
        nitrite_scan.windows.__defaults__ = saved
    return ([(s.session_id, s.project, [(c.key, c.model, c.output, c.prompt) for c in s.calls]) for s in sessions],
            sorted((k, v[0]) for k, v in log.counts.items()))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    findings = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "copilot-chat-nitrite.db")
        for run in range(args.runs):
            raw = mutate(rng)
            with open(path, "wb") as f:
                f.write(raw)
            try:
                whole = read(path, max(len(raw), 1))
                small = read(path, rng.randint(1, 300))
            except Exception as exc:  # the finding: a reader that raises
                findings += 1
                print(f"run {run}: {type(exc).__name__}: {exc}", file=sys.stderr)
                with open(os.path.join(tmp, f"crash-{run}.db"), "wb") as f:
                    f.write(raw)
                continue
            if whole != small:
                findings += 1
                print(f"run {run}: windows disagree\n  {whole}\n  {small}", file=sys.stderr)
    print(f"{args.runs} stores, {findings} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
