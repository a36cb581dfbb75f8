"""Fuzz the compiled reader (Claude Code and Codex decoders) with atheris.

    python tests/fuzz/fuzz_reader.py -atheris_runs=1000000 [corpus_dir]

Each input is fed as a whole file to a reader configured with the shipped
rules; the first byte picks the decoder. The harness checks invariants the
reports rely on (no negative counts from a single line, every call row has
a turn, every tool row points at a call). A crash, hang or failed check is a
finding. Seeds: the example records of the provider spec, built in."""
from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from codeburn.classify import ruleset
    from codeburn.read.scan import make_scanner

sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
from seeds import SEEDS, check  # noqa: E402

RULES = ruleset.load()
KINDS = ("claude", "codex")
state = {"scanner": None, "n": 0}


def test_one(data: bytes) -> None:
    if state["n"] % 5000 == 0:  # a fresh reader now and then: columns grow with every input
        state["scanner"] = make_scanner(RULES)
    state["n"] += 1
    kind = KINDS[data[0] & 1] if data else "claude"
    state["scanner"].scan_bytes(data[1:], 0, kind, "rollout-fuzz")
    if state["n"] % 997 == 0:
        check(state["scanner"].columns())


def main() -> None:
    args = list(sys.argv)
    corpus = [a for a in args[1:] if not a.startswith("-")]
    if not corpus:  # seed an in-memory corpus dir
        import os
        import tempfile
        d = tempfile.mkdtemp(prefix="codeburn-fuzz-")
        for i, s in enumerate(SEEDS):
            for k in range(2):
                with open(os.path.join(d, f"seed{i}{k}"), "wb") as f:
                    f.write(bytes([k]) + s)
        args.append(d)
    atheris.Setup(args, test_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
