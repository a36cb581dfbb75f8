"""Benchmark corpus: `--corpus DIR` (a Claude config dir with projects/), else
one generated once into bench/out/corpus_<size> by gen_corpus.py."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # --import-mode=importlib does not put bench/ on sys.path


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
