"""OMP (Oh-My-Pi): Pi's session format under `~/.omp/agent/sessions/`
(spec providers §1.7). The decoder is Pi's (`providers/pi.py`); only the
root and the provider id (and so the dedup keys) differ."""
from __future__ import annotations

from typing import Iterator, Mapping

from codeburn.providers import logfiles, pi
from codeburn.providers.base import Source, Walker
from codeburn.providers.records import ReadLog, Session

PROVIDER = "omp"
DISPLAY_NAME = "OMP"
KIND = "omp"  # Pi's format: decoded by the compiled reader (cb_jsonl.h)
OUTPUT_HAS_REASONING = False
KEEPS_COST = False
TOOL_STEPS = 2  # retries see a call's tool names as one step, as in the reference (no tool sequence)
EMPTY_PROJECT = True  # a header cwd of "" or "/" names the project "" (its basename), as in the reference
OMP = pi.Layout("omp", (".omp", "agent", "sessions"))


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    return pi.discover_layout(OMP, home, walker)


def source_for(path: str) -> Source:
    return pi.layout_source(OMP.provider, path)


def read(source: Source, log: ReadLog) -> list[Session]:
    return pi.read_layout(source, log)


compiled_hint, compiled_project = pi.compiled_hint, pi.compiled_project


def sniff(path: str, head: bytes) -> bool:
    """OMP writes a fixed-width `title` line before Pi's header."""
    return logfiles.compact(head).lstrip().startswith(b'{"type":"title"') and pi.pi_like(head, path)
