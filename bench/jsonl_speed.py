"""Cold report time of a Gemini CLI, Qwen Code, Pi, OpenClaw, Copilot CLI or Kimi Code history: the compiled
JSONL reader (cb_jsonl.h) against the providers' Python readers (the records
path it replaced), in interleaved pairs, and whether the two reports agree.

    python bench/jsonl_speed.py HOME --provider gemini|qwen|pi|openclaw|copilot|kimicode [--rounds 3]

HOME is a home folder as bench/gen_gemini.py writes it. Each run is
`codeburn report --format json -p all --provider P --no-cache` with that
HOME and a fresh cache dir, timed with /usr/bin/time (wall, user, sys, peak
RSS). The page cache is warm (the files are read once first), so "cold"
means no codeburn cache, as in the README's tables.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def child(path: str, what: str) -> int:
    """Runs the CLI (what = "report") or just discovery and the read (what
    = "scan": scan.scan_sources with two threads, turns classified) in this
    process; with path "records", through the providers' Python readers."""
    if path == "records":
        from codeburn.providers import copilot, gemini, kimicode, omp, openclaw, pi, qwen

        gemini.KIND = qwen.KIND = pi.KIND = omp.KIND = openclaw.KIND = kimicode.KIND = "records"
        copilot.compiled_kind = lambda src: "records"
    if what == "scan":
        from codeburn.providers import PROVIDERS
        from codeburn.providers.base import Walker
        from codeburn.read import scan

        provider = sys.argv[-2]
        sources = list(PROVIDERS[provider].discover(os.environ, os.environ["HOME"], Walker()))
        result = scan.scan_sources(sources, jobs=2)
        print(json.dumps({"calls": int(result.cols["ts"].size), "turns": int(result.cols["turn_file"].size)}))
        return 0
    from codeburn.__main__ import main

    return main()


def one(home: str, provider: str, path: str, what: str) -> tuple[list[float], str]:
    with tempfile.TemporaryDirectory() as cache, tempfile.NamedTemporaryFile("r") as timing:
        env = dict(os.environ, HOME=home, TZ="UTC", CODEBURN_CACHE_DIR=cache, XDG_CACHE_HOME=cache)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's Python keeps its byte code (0.3 s of compiling)
        cmd = ["/usr/bin/time", "-o", timing.name, "-f", "%e %U %S %M", sys.executable, __file__, "--child", path,
               what, "report", "--format", "json", "-p", "all", "--provider", provider, "--no-cache"]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
        wall, user, sys_, rss = timing.read().split()[-4:]
        return [float(wall), float(user), float(sys_), int(rss) / 1024], out


def _report(text: str) -> dict:
    doc = json.loads(text)
    doc.pop("generated", None)  # the time of the run
    return doc


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        sys.argv = [sys.argv[0]] + argv[3:]
        return child(argv[1], argv[2])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("home")
    ap.add_argument("--provider", choices=("gemini", "qwen", "pi", "openclaw", "copilot", "kimicode"), required=True)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args(argv)
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(a.home) for f in fs
               if f.endswith(".jsonl"))
    subprocess.run(["cat"] + [os.path.join(d, f) for d, _, fs in os.walk(a.home) for f in fs],
                   stdout=subprocess.DEVNULL, check=True)  # page cache warm
    one(a.home, a.provider, "compiled", "scan")  # byte code written
    keys = [(path, what) for what in ("report", "scan") for path in ("records", "compiled")]
    runs: dict[tuple, list] = {k: [] for k in keys}
    outs = {}
    for _ in range(a.rounds):
        for k in keys:
            t, outs[k] = one(a.home, a.provider, *k)
            runs[k].append(t)
    same = _report(outs["records", "report"]) == _report(outs["compiled", "report"])
    print(f"{a.home}: {size / 1e6:.0f} MB of {a.provider} JSONL; reports equal: {same}")
    print("run                wall s  user s  sys s  cpu s  MB/s(wall)  peak RSS MB   (best of", a.rounds, "by wall)")
    for (path, what), ts in runs.items():
        w, u, s, _ = min(ts)
        print(f"{what:6} {path:9} {w:8.2f}  {u:6.2f}  {s:5.2f}  {u + s:5.2f}  {size / 1e6 / w:10.0f}  "
              f"{max(t[3] for t in ts):8.0f}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
