"""The Copilot JetBrains reader against CodeBurn 0.9.20 itself: fake homes
of mutated stores (tests/fuzz/mutate_nitrite.py's mutations, the MVStore
header kept), each reported by both (`report --format json -p all
--provider copilot`); calls, sessions, output tokens, cost, projects and
models must agree. Needs the reference (/work/shared/tools/reference.sh).

    CODEBURN_HEAD=... python tests/fuzz/ref_nitrite.py --homes 20 [--seed 1]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.dirname(__file__))

from mutate_nitrite import IDS, mutate  # noqa: E402
from tests import nitrite_files as nf  # noqa: E402

KINDS = list(nf.KIND_FILES)


def home_of(rng: random.Random, home: str) -> None:
    root = os.path.join(home, ".config", "github-copilot")
    for n in range(rng.randint(1, 4)):
        raw = mutate(rng)
        raw = nf.HEADER + raw[len(nf.HEADER):] if len(raw) >= len(nf.HEADER) else nf.HEADER + raw
        store = rng.randint(0, 2)
        for guid in IDS:   # a conversation lives in the stores of one store id (README: what is left)
            for spelt in (guid, guid.upper()):
                raw = raw.replace(spelt[:8].encode(), f"{store}{spelt[1:8]}".encode())
        nf.write_store(root, rng.choice(["iu", "py"]), rng.choice(KINDS), f"s{store}", raw,
                       nf.T0 + rng.randint(0, 3) * nf.DAY)


def panel(doc: dict) -> dict:
    o = doc["overview"]
    return {"overview": (o["calls"], o["sessions"], round(o["cost"], 9), o["tokens"]["output"]),
            "projects": sorted((p["name"], p["calls"], round(p["cost"], 9)) for p in doc["projects"]),
            "models": sorted((m["name"], m["calls"], m["outputTokens"]) for m in doc["models"])}


def run(cmd: list[str], home: str, cache: str) -> dict:
    env = {"PATH": os.environ["PATH"], "HOME": home, "TZ": "UTC", "CODEBURN_CACHE_DIR": cache}
    out = subprocess.run(cmd + ["report", "--format", "json", "-p", "all", "--provider", "copilot"], env=env,
                         capture_output=True, text=True, check=True).stdout
    return panel(json.loads(out))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--homes", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    ref = os.environ["CODEBURN_HEAD"].split()
    ours = [sys.executable, "-m", "codeburn"]
    findings = calls = 0
    for n in range(args.homes):
        with tempfile.TemporaryDirectory() as tmp:
            home = os.path.join(tmp, "home")
            home_of(rng, home)
            a = run(ref, home, os.path.join(tmp, "c1"))
            b = run(ours, home, os.path.join(tmp, "c2"))
            calls += b["overview"][0]
            if a != b:
                findings += 1
                keep = os.path.join(tempfile.gettempdir(), f"nitrite-diff-{args.seed}-{n}")
                subprocess.run(["cp", "-r", home, keep], check=True)
                print(f"home {n} differs (kept at {keep}):\n  ref  {a}\n  ours {b}", file=sys.stderr)
    print(f"{args.homes} homes ({calls} calls), {findings} differences")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
