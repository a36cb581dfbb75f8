"""Cursor bubble values (providers/cursor.py, includes/cb_cursor.h) broken
the way stores break: truncated and spliced values, bit flips, NUL and
invalid UTF-8, fields of the wrong type, deep nesting, long strings. The C++
decoder must never crash, and whenever both it and the general (json)
decoder accept a value they must read exactly the same fields. (On-Demand
does not validate what it skips: a value broken only inside a field the
decoder never visits is read by it and refused by json; that is allowed.)

    python tests/fuzz/mutate_cursor.py --runs 200000 [--seed 1]

Build with AddressSanitizer first to catch memory errors (see README.md).
"""
from __future__ import annotations

import argparse
import json
import random
import sys

WRONG = [None, True, 0, -1, 1.5, 1e300, "", "x" * 5000, [], {}, [1, "a"], {"a": {"b": []}}, "é\u2028😀"]


def bubble(rng: random.Random) -> dict:
    doc = {"_v": 3, "type": rng.choice([1, 2]), "bubbleId": "b", "text": "fix the bug " * rng.randint(0, 80),
           "createdAt": "2026-10-14T17:46:40.000Z", "requestId": "req-1",
           "tokenCount": {"inputTokens": rng.randint(0, 9000), "outputTokens": 0},
           "modelInfo": {"modelName": rng.choice(["gpt-5", "default", "claude-4.5-sonnet-thinking"])},
           "codeBlocks": [{"languageId": rng.choice(["go", "plaintext", "", "rust"]), "content": "x"}
                          for _ in range(rng.randint(0, 4))],
           "context": {"padding": "p" * rng.randint(0, 300)}}
    keys = list(doc)
    rng.shuffle(keys)
    return {k: doc[k] for k in keys}


def retype(rng: random.Random, doc: dict) -> dict:
    """Puts a value of another type somewhere the decoder looks."""
    target = rng.choice([doc, doc.get("tokenCount"), doc.get("modelInfo"), *(doc.get("codeBlocks") or [None])])
    if isinstance(target, dict) and target:
        target[rng.choice(list(target))] = rng.choice(WRONG)
    return doc


def nest(rng: random.Random, depth: int):
    v = rng.choice(WRONG)
    for _ in range(depth):
        v = [v] if rng.random() < 0.5 else {"text": v}
    return v


def mutate(rng: random.Random) -> bytes:
    doc = bubble(rng)
    if rng.random() < 0.4:
        doc = retype(rng, doc)
    if rng.random() < 0.1:
        doc["context"] = nest(rng, rng.randint(1, 3000))
    try:
        raw = json.dumps(doc, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
    except RecursionError:
        raw = b'{"type":2}'
    r = rng.random()
    if r < 0.2:
        raw = raw[:rng.randint(0, len(raw))]
    elif r < 0.35:
        b = bytearray(raw)
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(len(b))
            b[i] = rng.choice([0, 0xFF, 0xC3, 0x80, ord('"'), ord("\\"), ord("{"), ord("]"), b[i] ^ (1 << rng.randrange(8))])
        raw = bytes(b)
    elif r < 0.45:
        other = json.dumps(bubble(rng)).encode()
        raw = raw[:rng.randint(0, len(raw))] + other[rng.randint(0, len(other)):]
    return raw


def check(raw: bytes, fast, decode_bubble) -> bool:
    """True when the fast decoder took the value (then both must agree)."""
    got = fast.decode(raw, 500)
    if got is None:
        decode_bubble(0, "k", raw)      # the general path must not fail either
        return False
    want = decode_bubble(0, "k", raw)
    if want is None:                    # broken only where the fast path does not look
        return True
    fields = (want.kind, want.tokens_in, want.tokens_out, want.model, want.created, want.request_id, want.text,
              want.text_len, want.langs)
    assert tuple(got) == fields or _same_numbers(tuple(got), fields), (raw[:300], got, fields)
    return True


def _same_numbers(a: tuple, b: tuple) -> bool:
    # 1e300 and other floats: the fast path gives doubles, json gives the same doubles or ints
    return all(x == y or (isinstance(x, float) and isinstance(y, (int, float)) and float(y) == x)
               for x, y in zip(a, b))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    from codeburn._fast.reader import CursorBubbles
    from codeburn.providers.cursor import decode_bubble

    rng, fast, taken = random.Random(a.seed), CursorBubbles(), 0
    for _ in range(a.runs):
        taken += check(mutate(rng), fast, decode_bubble)
    print(f"{a.runs} inputs, {taken} taken by the fast path, 0 findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
