"""Benchmark corpus: `--corpus DIR` (a Claude config dir with projects/), else
one generated once into bench/out/corpus_<size> by gen_corpus.py."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # --import-mode=importlib does not put bench/ on sys.path


RESULTS = pytest.StashKey[dict]()


@pytest.fixture(scope="session")
def results(request) -> dict:
    """case -> (best seconds, peak RSS MB), for the ratio table at the end."""
    return request.config.stash.setdefault(RESULTS, {})


def ratio_table(results: dict) -> str:
    """Markdown: every case's best time and peak RSS, and its ratio to the raw read."""
    raw = results.get("raw read (cat)", (None, None))[0]
    lines = ["| case | seconds | peak RSS MB | × raw read |", "|---|---|---|---|"]
    for name, (sec, rss) in results.items():
        lines.append(f"| {name} | {sec:.3f} | {rss:.0f} | {f'{sec / raw:.2f}' if raw else '-'} |")
    return "\n".join(lines)


def pytest_terminal_summary(terminalreporter):
    """The ratio table of this run, after pytest-benchmark's own tables."""
    results = terminalreporter.config.stash.get(RESULTS, None)
    if results:
        terminalreporter.write_line("\n" + ratio_table(results))


def pytest_addoption(parser):
    parser.addoption("--corpus", default=None, help="Claude config dir to benchmark on")
    parser.addoption("--corpus-size", default="200MB", help="size of the generated corpus when --corpus is not given")


@pytest.fixture(scope="session")
def corpus(request) -> str:
    given = request.config.getoption("--corpus")
    if given:
        return given
    size = request.config.getoption("--corpus-size")
    out = os.path.join(HERE, "out", f"corpus_{size}")
    if not os.path.isdir(os.path.join(out, "projects")):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), out, "--size", size], check=True)
    return out
