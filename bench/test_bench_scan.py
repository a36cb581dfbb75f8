"""Throughput and peak RSS of codeburn beside a raw read and `wc -l` of the
same bytes, measured in one run. Run: `pytest bench/ --benchmark-only`
(add `--corpus DIR` or `--corpus-size 2GB`). Nothing here asserts speed;
each result's extra_info holds MB/s, peak RSS and the ratio to the raw read."""
from __future__ import annotations

import os
import sys

import pytest

from measure import corpus_bytes, corpus_files, run

HERE = os.path.dirname(os.path.abspath(__file__))


def _cmds(corpus: str) -> dict[str, list[str]]:
    files = corpus_files(corpus)
    codeburn = [sys.executable, "-m", "codeburn"]
    return {
        "raw read (cat)": ["sh", "-c", 'cat "$@" > /dev/null', "cat", *files],
        "wc -l": ["wc", "-l", *files],
        "codeburn reader, no classifier": [sys.executable, os.path.join(HERE, "scan_once.py"), corpus, "--no-classify"],
        "codeburn reader + classifier": [sys.executable, os.path.join(HERE, "scan_once.py"), corpus],
        "codeburn report --format json, cold, 1 job": [*codeburn, "report", "--format", "json", "-p", "lifetime",
                                                       "--jobs", "1", "--no-cache"],
        "codeburn report --format json, cold, all cores": [*codeburn, "report", "--format", "json", "-p",
                                                           "lifetime", "--no-cache"],
        "codeburn report --format json, warm file cache": [*codeburn, "report", "--format", "json", "-p",
                                                           "lifetime"],
        "codeburn --version (startup)": [*codeburn, "--version"],
    }


@pytest.mark.parametrize("name", list(_cmds(".").keys()))
def test_scan(benchmark, corpus, results, name):
    cmd = _cmds(corpus)[name]
    env = dict(os.environ, CLAUDE_CONFIG_DIR=corpus, CODEBURN_DESKTOP_SESSIONS_DIR="/nonexistent",
               PYTHONPATH=os.pathsep.join([HERE, os.environ.get("PYTHONPATH", "")]))
    size = corpus_bytes(corpus)
    samples = []

    def once():
        seconds, rss, status = run(cmd, env)
        assert status == 0, f"{name} exited {status}"
        samples.append((seconds, rss))

    benchmark.group = f"scan {size / 1e6:.0f} MB"
    benchmark.pedantic(once, rounds=3, iterations=1, warmup_rounds=1)
    best = min(s for s, _ in samples)
    rss = max(r for _, r in samples)
    results[name] = (best, rss)
    benchmark.extra_info.update({"bytes": size, "MB_per_s": round(size / best / 1e6, 1), "peak_rss_MB": round(rss, 1)})
    raw = results.get("raw read (cat)")
    if raw:
        benchmark.extra_info["time_vs_raw_read"] = round(best / raw[0], 2)



def test_warm_after_append(benchmark, corpus, results, tmp_path):
    """A warm report after new records land: one session grows and a new
    one appears before every run, as in a day of use. The corpus is not
    touched: the appended session lives in a second config dir beside it
    (CLAUDE_CONFIG_DIRS), one record per run."""
    extra = tmp_path / "extra"
    project = extra / "projects" / "-bench-append"
    project.mkdir(parents=True)
    grows = project / "growing.jsonl"
    record = ('{"type":"assistant","timestamp":"2026-11-20T10:00:%02dZ","message":{"id":"append-%d","model":'
              '"claude-sonnet-4-5","usage":{"input_tokens":10,"output_tokens":5}}}\n')
    env = dict(os.environ, CLAUDE_CONFIG_DIRS=os.pathsep.join([corpus, str(extra)]),
               CODEBURN_DESKTOP_SESSIONS_DIR="/nonexistent")
    cmd = [sys.executable, "-m", "codeburn", "report", "--format", "json", "-p", "lifetime"]
    run(cmd, env)  # warm the cache
    samples, n = [], [0]

    def once():
        n[0] += 1
        with open(grows, "a") as f:
            f.write(record % (n[0] % 60, n[0]))
        (project / f"new-{n[0]}.jsonl").write_text(record % (0, 100000 + n[0]))
        seconds, rss, status = run(cmd, env)
        assert status == 0
        samples.append((seconds, rss))

    size = corpus_bytes(corpus)
    benchmark.group = f"scan {size / 1e6:.0f} MB"
    benchmark.pedantic(once, rounds=3, iterations=1, warmup_rounds=1)
    results["codeburn report, warm, after an append and a new session"] = (min(s for s, _ in samples),
                                                                          max(r for _, r in samples))
