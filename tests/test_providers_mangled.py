"""Every records provider of this branch reads mangled files without
raising: each fixture file cut at many offsets, and each JSON value of each
line replaced by values of other types. What cannot be read is skipped and
counted (the scan would otherwise name the whole source unreadable)."""
from __future__ import annotations

import json
import os
import random

import pytest

from codeburn.providers import cursor_agent, kimi, kimicode, kiro, mistral_vibe, omp, openclaw, pi
from codeburn.providers.base import Walker
from codeburn.providers.records import ReadLog
from tests import (test_provider_cursor_agent as cursor_t, test_provider_kimi as kimi_t, test_provider_kiro as kiro_t,
                   test_provider_mistral_vibe as vibe_t, test_provider_openclaw as openclaw_t, test_provider_pi as pi_t)

ODD = [None, True, -1, 1.5, 1e308, 10 ** 30, float("nan"), "", "x", [], [1, "a"], {}, {"type": "text"}, "9" * 30,
       [[[[[]]]]], {"text": {"text": {"text": 1}}}]
CASES = [(pi, pi_t.build), (omp, pi_t.build), (openclaw, openclaw_t.build), (kimi, kimi_t.build_kimi),
         (kimicode, kimi_t.build_kimicode), (mistral_vibe, vibe_t.build), (kiro, kiro_t.build),
         (cursor_agent, cursor_t.build)]


def files_of(home: str) -> list[str]:
    out = []
    for d, _, names in os.walk(home):
        out.extend(os.path.join(d, n) for n in names if not n.endswith(".db"))
    return sorted(out)


def mangle(value, rng: random.Random):
    """value with one of its leaves or members replaced by an odd value."""
    if isinstance(value, dict) and value and rng.random() < 0.8:
        k = rng.choice(list(value))
        return {**value, k: mangle(value[k], rng)}
    if isinstance(value, list) and value and rng.random() < 0.8:
        i = rng.randrange(len(value))
        return value[:i] + [mangle(value[i], rng)] + value[i + 1:]
    return rng.choice(ODD)


def read_everything(module, home: str) -> ReadLog:
    log = ReadLog()
    for src in module.discover({}, home, Walker()):
        for session in module.read(src, log):
            for call in session.calls:
                assert call.input >= 0 and call.output >= 0 and call.cache_read >= 0 and call.cache_write >= 0
    return log


@pytest.mark.parametrize("module,build", CASES, ids=lambda x: getattr(x, "PROVIDER", ""))
def test_cut_files(tmp_path, module, build):
    home = str(tmp_path)
    build(home)
    for path in files_of(home):
        with open(path, "rb") as f:
            data = f.read()
        for cut in sorted({len(data) * k // 7 for k in range(1, 7)}):
            with open(path, "wb") as f:
                f.write(data[:cut])
            read_everything(module, home)
        with open(path, "wb") as f:
            f.write(data)


@pytest.mark.parametrize("module,build", CASES, ids=lambda x: getattr(x, "PROVIDER", ""))
def test_values_of_other_types(tmp_path, module, build):
    home = str(tmp_path)
    build(home)
    rng = random.Random(module.PROVIDER)
    for path in files_of(home):
        with open(path, "rb") as f:
            data = f.read()
        try:
            whole = json.loads(data)
            docs = None
        except ValueError:
            whole, docs = None, data.split(b"\n")
        for _ in range(12):
            if docs is None:
                mangled = json.dumps(mangle(whole, rng)).encode()
            else:
                lines = list(docs)
                i = rng.randrange(len(lines))
                try:
                    lines[i] = json.dumps(mangle(json.loads(lines[i]), rng)).encode()
                except ValueError:
                    lines[i] = b'{"type":'
                mangled = b"\n".join(lines)
            with open(path, "wb") as f:
                f.write(mangled)
            read_everything(module, home)
        with open(path, "wb") as f:
            f.write(data)


def test_absurd_counts_do_not_reach_the_report(tmp_path):
    """A count beyond any real log (it would overflow the columns) is a
    record of the wrong shape, named; the rest of the report is exact."""
    from tests.provider_files import bad_input_run, overview, write_jsonl

    home = str(tmp_path / "home")
    pi_t.build(home)
    write_jsonl(os.path.join(home, ".pi", "agent", "sessions", pi_t.AUTH, "huge.jsonl"), [
        pi_t.header("huge"), pi_t.answer("h1", "2026-10-20T09:00:00.000Z", pi_t.u(10 ** 30, 5), rid="h")])
    d, kinds = bad_input_run(tmp_path, "pi")
    assert overview(d) == pi_t.PI_REPORT and kinds == ["1 records of an unexpected shape skipped;"]
