"""The turn classifier in a helper process (codeburn.classify.offload): the
same categories as in the reading process, whatever happens to the helper."""
from __future__ import annotations

import io
import json
import os
import sys

import numpy as np
import pytest

from codeburn.classify import offload, ruleset
from codeburn.classify.categories import CATEGORIES, categorize, class_matchers
from codeburn.classify.prompt_classes import text_classes
from codeburn.providers.base import Walker
from codeburn.read import scan
from codeburn.read.discovery import discover_paths
from tests import test_provider_cursor as cursor_fx
from tests.test_classify import T, _records, bash
from tests.test_provider_reports import NOW

RULES = ruleset.load()

# (prompt, calls, category): one turn each, every decision step of the procedure.
TURNS = [
    ("the login test is failing", [T("Read")], "debugging"),                          # B8, C: debug
    ("refactor the parser and add a new feature", [T("Edit")], "refactoring"),      # B4, C: refactor first
    ("add a new feature: export to csv", [T("Edit")], "feature"),
    ("fix the crash in the importer", [T("Edit")], "debugging"),
    ("run pytest now", [[bash("pytest -q")]], "testing"),                           # B3
    ("git push the branch", [[bash("git push")]], "git"),
    ("deploy it with docker", [[bash("docker compose up")]], "build/deploy"),
    ("look around the repo", [T("Read")], "exploration"),
    ("plan the work", [T("EnterPlanMode")], "planning"),                           # B1
    ("let's brainstorm some ideas for names", [[]], "brainstorming"),              # A, E1
    ("hello there", [[]], "conversation"),
    ("see https://example.com/docs", [[]], "exploration"),                         # E6
    ("edit main.py please", [[]], "coding"),                                       # E4
    ("delegate this", [T("Agent")], "delegation"),                                  # B2
    ("track the todo list", [T("TodoWrite")], "planning"),                          # B9
]


def _session(tmp_path, n_copies: int = 1) -> list[str]:
    """One session file per copy of TURNS."""
    paths = []
    for k in range(n_copies):
        path = tmp_path / f"session{k}.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            for r in _records([(p, calls) for p, calls, _ in TURNS]):
                if r["type"] == "assistant":  # each file's own message ids (copies would be deduplicated)
                    r["message"]["id"] += f"_{k}"
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        paths.append(str(path))
    return paths


def _categories(paths: list[str], environ: dict, jobs: int = 2) -> list[str]:
    sources = discover_paths(paths, Walker(), [])
    result = scan.scan_sources(sources, environ=environ, jobs=jobs)
    return [CATEGORIES[c] for c in result.cols["turn_category"].tolist()]


def _batch(prompts: list[tuple[str, int]]):
    """A batch as the reader hands it over: every prompt in class 1's arena."""
    arena, off = b"", []
    for text, _ in prompts:
        off.append(len(arena))
        arena += text.encode() + b"\n"
    classes = len(text_classes()[1])
    arenas = [(b"", 0)] * classes
    arenas[1] = (arena, 0)
    flags = np.array([f for _, f in prompts], dtype=np.uint32)
    ln = np.array([len(t.encode()) for t, _ in prompts], dtype=np.int32)
    cls = np.array([text_classes()[0][f] for _, f in prompts], dtype=np.uint8)
    return flags, cls, np.array(off, dtype=np.int64), ln, arenas


def test_wanted_follows_the_setting_and_the_jobs():
    assert offload.wanted({}, 2) and not offload.wanted({}, 1)
    assert offload.wanted({"CODEBURN_CLASSIFY_PROCESS": "1"}, 1)
    assert not offload.wanted({"CODEBURN_CLASSIFY_PROCESS": "0"}, 8)
    assert offload.wanted({"CODEBURN_CLASSIFY_PROCESS": "yes"}, 2)  # anything else: the default


def test_helper_answers_a_batch_as_the_reading_process_would():
    flags, cls, off, ln, arenas = _batch([("fix the bug in main.py", 0), ("hello", 0), ("add a feature", 1)])
    # Class 1 holds every prompt here only if their flags all file them there.
    assert cls.tolist() == [1, 1, 1]
    helper = offload.Offload.start(RULES, {})
    assert helper is not None
    try:
        got = helper.classify(flags, cls, off, ln, arenas)
        again = helper.classify(flags, cls, off, ln, arenas)
    finally:
        helper.close()
    want = categorize(class_matchers(RULES, {}), flags, cls, off, ln, arenas)
    assert [CATEGORIES[c] for c in want.tolist()] == ["debugging", "conversation", "feature"]
    assert got.tolist() == want.tolist() == again.tolist()
    assert helper.proc is None


def test_a_dead_helper_answers_none_and_is_closed():
    flags, cls, off, ln, arenas = _batch([("hello", 0)])
    helper = offload.Offload.start(RULES, {})
    proc = helper.proc
    proc.kill()
    proc.wait()
    assert helper.classify(flags, cls, off, ln, arenas) is None
    assert helper.proc is None
    helper.close()


def test_serve_answers_each_batch_and_names_a_broken_one():
    flags, cls, off, ln, arenas = _batch([("run the tests", 0), ("brainstorm names", 0)])
    config = json.dumps({"digest": RULES.digest, "env": {},
                         "patterns": [[p.id, p.role, p.regex, p.where] for p in RULES.category_patterns]}).encode()
    inp = io.BytesIO()
    offload._write_frame(inp, [offload.MAGIC, config])
    good = [json.dumps({"n": 2, "bases": [b for _, b in arenas]}).encode(), flags, cls, off, ln,
            *(a for a, _ in arenas)]
    offload._write_frame(inp, [json.dumps({"n": 5, "bases": []}).encode(), flags, cls, off, ln])  # too short
    offload._write_frame(inp, good)
    inp.seek(0)
    out = io.BytesIO()
    assert offload.serve(inp, out) == 0
    out.seek(0)
    broken, answer = offload._read_frame(out), offload._read_frame(out)
    assert broken[0] == b"error" and len(broken) == 2
    assert answer[0] == b"ok"
    assert [CATEGORIES[c] for c in np.frombuffer(answer[1], np.int8).tolist()] == ["conversation", "brainstorming"]
    assert offload._read_frame(out) is None


def test_serve_refuses_a_stream_that_does_not_start_with_the_rules():
    inp = io.BytesIO()
    offload._write_frame(inp, [b"hello", b"{}"])
    inp.seek(0)
    assert offload.serve(inp, io.BytesIO()) == 2


@pytest.mark.parametrize("batch_bytes", [1 << 20, 300])
def test_a_scan_classifies_alike_with_and_without_the_helper(tmp_path, monkeypatch, batch_bytes):
    """Many small batches (300 bytes of prompts each) or one; each turn's
    category is the procedure's, by either way."""
    monkeypatch.setattr(scan, "CLASSIFY_BATCH_BYTES", batch_bytes)
    answered = []
    ask = offload.Offload.classify

    def counted(self, *a):
        got = ask(self, *a)
        answered.append(got is not None)
        return got

    monkeypatch.setattr(offload.Offload, "classify", counted)
    path = _session(tmp_path, n_copies=3)
    want = [c for _ in range(3) for _, _, c in TURNS]
    assert _categories(path, {"CODEBURN_CLASSIFY_PROCESS": "0"}) == want
    assert answered == []
    assert _categories(path, {"CODEBURN_CLASSIFY_PROCESS": "1"}) == want  # the helper answers every batch
    assert all(answered) and (len(answered) >= 3) == (batch_bytes < 4096)  # small: a batch after each file
    answered.clear()
    scanner_helped = _categories(path, {}, jobs=2)   # the default: no helper but for a large store
    assert scanner_helped == want and answered == []


def test_the_helper_and_the_thread_share_the_batches(tmp_path, monkeypatch):
    """A large store's read: the reading process's thread and the helper's
    take the batches as each is free; the categories come back in order."""
    monkeypatch.setattr(scan, "CLASSIFY_BATCH_BYTES", 300)
    monkeypatch.setattr(scan, "HELPER_STORE_BYTES", 0)
    paths = _session(tmp_path, n_copies=12)
    sources = discover_paths(paths, Walker(), [])
    turns = None
    made = scan._TurnClassifier

    def expecting(*a, **k):
        nonlocal turns
        turns = made(*a, **k)
        turns.expect_many()   # as a large store's read does
        return turns

    monkeypatch.setattr(scan, "_TurnClassifier", expecting)
    result = scan.scan_sources(sources, environ={}, jobs=2)
    assert turns is not None and turns.helper_tried
    assert [CATEGORIES[c] for c in result.cols["turn_category"].tolist()] == [c for _ in range(12) for _, _, c in TURNS]


@pytest.mark.parametrize("executable", ["/bin/false", "/nonexistent/python"])
def test_a_helper_that_cannot_run_leaves_the_categories_alone(tmp_path, monkeypatch, executable):
    """A helper that exits at once, or cannot be started: the reading
    process classifies every batch itself."""
    monkeypatch.setattr(scan, "CLASSIFY_BATCH_BYTES", 300)
    monkeypatch.setattr(sys, "executable", executable)
    path = _session(tmp_path)
    assert _categories(path, {"CODEBURN_CLASSIFY_PROCESS": "1"}) == [c for _, _, c in TURNS]


def test_a_large_store_is_classified_by_the_helper_alike(run, tmp_path, monkeypatch):
    """A Cursor store over the size threshold read anew: the helper's
    categories are the in-process ones (the threshold lowered to 0)."""
    cursor_fx.build(str(tmp_path / "home"))
    started = []
    start = offload.Offload.start

    def counted(*a):
        helper = start(*a)
        started.append(helper)
        return helper

    monkeypatch.setattr(offload.Offload, "start", counted)
    monkeypatch.setattr(scan, "HELPER_STORE_BYTES", 0)
    argv = ("report", "--format", "json", "-p", "all", "--provider", "cursor", "--no-cache")
    helped = run(*argv, env={"CODEBURN_JOBS": "2"}, now=NOW).json
    assert len(started) == 1 and started[0] is not None
    alone = run(*argv, env={"CODEBURN_JOBS": "2", "CODEBURN_CLASSIFY_PROCESS": "0"}, now=NOW).json
    assert len(started) == 1
    assert sorted((a["category"], a["turns"]) for a in helped["activities"]) == [
        ("Coding", 2), ("Conversation", 5), ("Feature Dev", 1), ("Refactoring", 1)]
    assert helped["activities"] == alone["activities"]
    one_job = run(*argv, env={"CODEBURN_JOBS": "1"}, now=NOW).json
    assert len(started) == 1  # one job: no helper
    assert one_job["activities"] == alone["activities"]


def test_helper_runs_this_package(tmp_path):
    """The helper imports the package the reading process runs, whatever
    the caller's working directory and PYTHONPATH."""
    env = offload._child_env()
    here = os.path.dirname(os.path.dirname(os.path.abspath(offload.__file__)))
    assert env["PYTHONPATH"].split(os.pathsep)[0] == os.path.dirname(here)


def _fake_helper(script: str):
    """An Offload over a stand-in helper running `script` (its stdin and
    stdout are the pipes the reading process holds)."""
    import subprocess

    proc = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    return offload.Offload(proc), proc


# A batch of 120k prompts' columns: over a pipe's 64 KiB, so a helper that
# stops reading blocks the writer.
BIG = _batch([("hello there", 0)] * 20000)


@pytest.mark.parametrize("script, batch", [
    # the answer's part length beyond any size (probe I7: OverflowError, exit 1)
    ("import sys, struct; sys.stdin.buffer.read(4); sys.stdout.buffer.write(struct.pack('<IQ', 2, 2) + b'ok'"
     " + struct.pack('<Q', 2**64 - 1)); sys.stdout.flush(); import time; time.sleep(30)", "small"),
    # half an answer, then silence (probe I7: waited for ever)
    ("import sys, struct; sys.stdin.buffer.read(4); sys.stdout.buffer.write(struct.pack('<IQ', 2, 2) + b'o');"
     " sys.stdout.flush(); import time; time.sleep(30)", "small"),
    # never reads its input, the batch over a pipe's buffer (probe I7: the write blocked for ever)
    ("import time; time.sleep(30)", "big"),
    # an answer of the right length holding no category (probe I7: IndexError, exit 1)
    ("import sys, struct; sys.stdin.buffer.read(4); sys.stdout.buffer.write(struct.pack('<IQ', 2, 2) + b'ok'"
     " + struct.pack('<Q', 1) + bytes([100])); sys.stdout.flush(); import time; time.sleep(30)", "small"),
])
def test_a_helper_that_misbehaves_is_ended_within_the_time_limit(monkeypatch, script, batch):
    """Whatever a helper does, classify() answers None (the reading process
    then classifies the batch itself) within ANSWER_SECONDS, and the helper
    is gone."""
    import time

    monkeypatch.setattr(offload, "ANSWER_SECONDS", 0.5)
    helper, proc = _fake_helper(script)
    t0 = time.monotonic()
    assert helper.classify(*(BIG if batch == "big" else _batch([("hello", 0)]))) is None
    assert time.monotonic() - t0 < 0.5 + 1.5 + 1.0   # (the limit, then a second for it to exit before the kill)
    assert helper.proc is None and proc.poll() is not None
    assert helper.classify(*_batch([("hello", 0)])) is None   # (asked again: no helper, no wait)


def test_a_helper_s_error_answer_gives_the_batch_back():
    """An answer of "error" (the batch could not be classified there) ends
    the helper; the caller classifies that batch."""
    helper, proc = _fake_helper("import sys, struct; sys.stdin.buffer.read(4); sys.stdout.buffer.write("
                                "struct.pack('<IQ', 2, 5) + b'error' + struct.pack('<Q', 3) + b'bad');"
                                " sys.stdout.flush(); import time; time.sleep(30)")
    assert helper.classify(*_batch([("hello", 0)])) is None
    assert proc.poll() is not None


def test_serve_refuses_a_frame_declaring_more_than_it_may():
    inp = io.BytesIO(offload.COUNT.pack(1) + offload.LENGTH.pack(2**64 - 1))
    assert offload._read_frame(inp) is None
    inp = io.BytesIO(offload.COUNT.pack(10**6))
    assert offload._read_frame(inp) is None
