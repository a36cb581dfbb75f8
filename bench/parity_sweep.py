"""Parity sweep: every reading command that CodeBurn 0.9.20 also has, ours
against the reference, on one generated HOME (bench/gen_mixed.py), each run
with its own copy of that HOME and its own cache dir, TZ fixed; prints a
compact JSON diff per command.

Usage: python bench/parity_sweep.py [--home DIR] [--seed N] [--tz TZ] [--only SUBSTR] [--max N]

Needs $CODEBURN_HEAD (eval "$(bash /work/shared/tools/reference.sh /work/ref --env)").
Ours is `python -m codeburn` of the active venv."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
VOLATILE = {"generated", "generatedAt", "exportedAt", "timestamp", "lastUpdated", "updatedAt"}
PROVIDERS = ["all", "claude", "codex", "gemini", "qwen", "copilot", "droid", "pi", "omp"]


def commands(from_to: tuple[str, str]) -> list[list[str]]:
    out = []
    for p in ("today", "week", "30days", "month", "all"):
        out.append(["report", "--format", "json", "-p", p])
    out.append(["report", "--format", "json", "--from", from_to[0], "--to", from_to[1]])
    for prov in PROVIDERS[1:]:
        out.append(["report", "--format", "json", "-p", "all", "--provider", prov])
    for p in ("30days", "all"):
        out.append(["models", "--format", "json", "-p", p])
        out.append(["sessions", "--format", "json", "-p", p])
    out.append(["sessions", "--format", "json", "-p", "all", "--provider", "codex"])
    out += [["status", "--format", "json"], ["status", "--format", "menubar-json"],
            ["status", "--format", "menubar-json", "--provider", "claude"],
            ["compare", "--format", "json", "-p", "all"], ["yield", "--format", "json", "-p", "all"],
            ["overview", "-p", "all"], ["export", "-f", "json"]]
    return out


def run(exe: list[str], args: list[str], home: str, tz: str, extra_env: dict | None = None) -> tuple[int, str, str]:
    """extra_env values may name the copied home as "{home}". Every run of
    this process copies the home to the same path, so the two tools see the
    same paths (the menubar's claudeConfigs ids are hashes of them)."""
    work = os.path.join(tempfile.gettempdir(), f"sweep-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    h = os.path.join(work, "home")
    shutil.copytree(home, h, symlinks=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CODEBURN_", "CLAUDE_", "CODEX_", "XDG_"))}
    env.update(HOME=h, TZ=tz, CODEBURN_CACHE_DIR=os.path.join(work, "cache"), NO_COLOR="1", COLUMNS="120")
    env.update({k: v.replace("{home}", h) for k, v in (extra_env or {}).items()})
    extra = []
    if args[0] == "export":
        extra = ["-o", os.path.join(work, "out.json")]
    p = subprocess.run(exe + args + extra, env=env, capture_output=True, text=True, cwd=work, timeout=600)
    out = p.stdout
    if args[0] == "export":
        target = os.path.join(work, "out.json")
        if os.path.isfile(target):
            out = open(target, encoding="utf-8").read()
    shutil.rmtree(work, ignore_errors=True)
    return p.returncode, out, p.stderr


def diff(a, b, path="", out=None, tol=1e-6):
    out = [] if out is None else out
    if isinstance(a, dict) and isinstance(b, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k in VOLATILE:
                continue
            if k not in a:
                out.append(f"{path}.{k}: only ref = {_short(b[k])}")
            elif k not in b:
                out.append(f"{path}.{k}: only ours = {_short(a[k])}")
            else:
                diff(a[k], b[k], f"{path}.{k}", out, tol)
        if list(k for k in a if k in b) != list(k for k in b if k in a):
            out.append(f"{path}: key order differs")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: len ours {len(a)} ref {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out, tol)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        if abs(a - b) > tol * max(1.0, abs(b)):
            out.append(f"{path}: ours {a} ref {b}")
    elif a != b:
        out.append(f"{path}: ours {_short(a)} ref {_short(b)}")
    return out


def _short(v) -> str:
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) < 100 else s[:97] + "..."


def compare_text(a: str, b: str) -> list[str]:
    la, lb = a.splitlines(), b.splitlines()
    out = []
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            out.append(f"line {i + 1}: ours {x.strip()[:80]!r} ref {y.strip()[:80]!r}")
    if len(la) != len(lb):
        out.append(f"lines ours {len(la)} ref {len(lb)}")
    return out


def print_result(name: str, lines: list[str], most: int, quiet_same: bool = True) -> bool:
    """Prints one comparison's differences (the first `most`); whether there were none."""
    if lines:
        print(f"== {name}: {len(lines)} differences")
        for ln in lines[:most]:
            print("   " + ln)
    elif not quiet_same:
        print(f"== {name}: same")
    sys.stdout.flush()
    return not lines


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--home")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--tz", default="UTC")
    ap.add_argument("--only", default="")
    ap.add_argument("--max", type=int, default=12)
    a = ap.parse_args()
    ref = os.environ.get("CODEBURN_HEAD")
    if not ref:
        print("set $CODEBURN_HEAD first", file=sys.stderr)
        return 2
    home = a.home
    if not home:
        home = tempfile.mkdtemp(prefix="mixed-home-")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_mixed.py"), home, "--seed", str(a.seed)], check=True)
    import datetime as dt
    today = dt.date.today()
    span = ((today - dt.timedelta(days=10)).isoformat(), (today - dt.timedelta(days=2)).isoformat())
    ours = [sys.executable, "-m", "codeburn"]
    theirs = ref.split()
    same = 0
    for args in commands(span):
        name = " ".join(args)
        if a.only and a.only not in name:
            continue
        ra, oa, ea = run(ours, args, home, a.tz)
        rb, ob, eb = run(theirs, args, home, a.tz)
        try:
            ja, jb = json.loads(oa), json.loads(ob)
            lines = diff(ja, jb)
        except ValueError:
            lines = compare_text(oa, ob)
        if ra != rb:
            lines.insert(0, f"exit ours {ra} ref {rb}: {ea.strip()[:200]} | {eb.strip()[:200]}")
        same += print_result(name, lines, a.max, quiet_same=False)
    print(f"{same} commands identical; home {home}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
