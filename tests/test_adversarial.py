"""Bad input never loses data or crashes (toward issue 6): one table of
broken inputs, each added to a clean history. The report keeps every good
number, the broken unit is skipped and counted, and `warnings` says so."""
from __future__ import annotations

import json
import os

import pytest

from tests.conftest import as_bytes, assistant_line, usage, user_line

GOOD = [user_line("fix the cart", ts="2026-03-02T10:00:00Z"),
        assistant_line("g1", ts="2026-03-02T10:00:01Z", usage=usage(100, 10)),
        assistant_line("g2", ts="2026-03-02T10:00:02Z", usage=usage(200, 20))]


def rec(mid: str, **u) -> bytes:
    """An assistant record whose usage fields are given raw (any JSON)."""
    r = assistant_line(mid, ts="2026-03-02T11:00:00Z", usage=usage(1, 1))
    r["message"]["usage"].update(u)
    return as_bytes(r)


def usage_as_list() -> bytes:
    r = assistant_line("b5", ts="2026-03-02T11:00:00Z", usage=usage(1, 1))
    r["message"]["usage"] = [r["message"]["usage"]]
    return as_bytes(r)


# name, bytes of a second session file, (invalid lines, bad-number records) expected
BROKEN = [
    ("torn last line", as_bytes(GOOD[1])[:-30], (0, 0)),
    ("invalid json", b"{not json\n", (1, 0)),
    ("binary junk and NUL", b"\x00\xff\xfe\x00junk\x01\n", (1, 0)),
    # A record to Node, which decodes the file with U+FFFD (tests/test_foreign_bytes.py).
    ("invalid utf-8 inside a string", b'{"type":"user","message":{"role":"user","content":"caf\xe9"}}\n', (0, 0)),
    ("a JSON array", b"[1, 2, 3]\n", (0, 0)),
    ("a JSON scalar", b'"hello"\n', (0, 0)),
    ("null", b"null\n", (0, 0)),
    ("tokens as strings", rec("b1", input_tokens="12") + b"\n", (0, 1)),
    ("negative tokens", rec("b2", output_tokens=-5) + b"\n", (0, 1)),
    ("fractional tokens", rec("b3", input_tokens=1.5) + b"\n", (0, 1)),
    ("absurd tokens", rec("b4", cache_read_input_tokens=1e30) + b"\n", (0, 1)),
    ("usage not an object", usage_as_list() + b"\n", (0, 0)),
    ("message a string", b'{"type":"assistant","message":"hi","timestamp":"2026-03-02T11:00:00Z"}\n', (0, 0)),
    ("deep nesting (valid JSON no reader uses)", b"[" * 5000 + b"]" * 5000 + b"\n", (0, 0)),
    ("deep nesting inside a record", b'{"type":"user","message":' + b"[" * 5000 + b"]" * 5000 + b"}\n", (0, 0)),
    ("2 MB line of junk", b'{"type":"user","x":"' + b"y" * (2 << 20) + b"\n", (1, 0)),
    ("empty file", b"", (0, 0)),
    ("only newlines", b"\n\n\r\n\n", (0, 0)),
]


@pytest.mark.parametrize("name,data,expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_input_keeps_every_good_number(run, history, name, data, expected):
    history.write("p", "good.jsonl", GOOD)
    clean = run("report", "-p", "lifetime", "--format", "json").json
    path = os.path.join(history.root, "projects", "p", "broken.jsonl")
    with open(path, "wb") as f:
        f.write(data)
    r = run("report", "-p", "lifetime", "--format", "json", "--no-cache")
    assert r.status == 0
    doc = r.json
    for k in ("cost", "calls", "tokens"):
        assert doc["overview"][k] == clean["overview"][k], k
    invalid, bad = expected
    warnings = doc["warnings"]
    if invalid:
        assert any(w.startswith(f"1 file: {invalid} invalid JSON lines skipped; first at {path}:") for w in warnings)
    if bad:
        assert f"1 file: {bad} records with invalid token counts skipped; first at {path}:1" in warnings
    if not (invalid or bad):
        assert warnings == clean["warnings"] == []
    assert run("report", "-p", "lifetime", "--strict", "--no-cache").status == (1 if invalid or bad else 0)


def test_a_cache_write_split_that_is_no_positive_number_counts_zero(run, history):
    """The 5m/1h split of a cache write is read as the reference reads it
    (safeNumber): a string, true or a negative count is 0 and the record
    stands, the legacy total then deciding (or the larger of the two).
    CodeBurn 0.9.20 on these records: 3 calls, 450 cache-write tokens,
    $0.0020655 (Sonnet 4.5: 410 at the 5m rate, 40 at the 1h rate)."""
    def call(mid, ts, inp, out, legacy, m5, h1):
        r = assistant_line(mid, ts=ts, usage=usage(inp, out), model="claude-sonnet-4-5-20250929")
        r["message"]["usage"].update(cache_creation_input_tokens=legacy,
                                     cache_creation={"ephemeral_5m_input_tokens": m5, "ephemeral_1h_input_tokens": h1})
        return r

    history.write("p", "s.jsonl", [
        user_line("fix the failing test", ts="2026-03-02T10:00:00Z"),
        call("m1", "2026-03-02T10:00:05Z", 10, 5, 100, "100", 0),
        call("m2", "2026-03-02T10:00:09Z", 20, 7, 300, -4, "x"),
        call("m3", "2026-03-02T10:00:19Z", 1, 1, 50, True, 40)])
    doc = run("report", "-p", "lifetime", "--format", "json").json
    assert doc["warnings"] == []
    o = doc["overview"]
    assert (o["calls"], o["tokens"]) == (3, {"input": 31, "output": 13, "cacheRead": 0, "cacheWrite": 450})
    assert round(o["cost"], 10) == 0.0020655


def test_a_salted_history_reports_the_clean_totals(run, history, tmp_path):
    """Every class at once, plus unreadable paths: same totals, and each
    kind of skip named once in the warnings."""
    history.write("p", "good.jsonl", GOOD)
    clean = run("report", "-p", "lifetime", "--format", "json").json
    d = os.path.join(history.root, "projects", "p")
    for i, (_, data, _) in enumerate(BROKEN):
        with open(os.path.join(d, f"broken{i:02d}.jsonl"), "wb") as f:
            f.write(data)
    os.mkdir(os.path.join(d, "a-directory.jsonl"))              # a directory with a session's name
    os.symlink(d, os.path.join(d, "loop"))                       # a symlink loop
    os.symlink(os.path.join(d, "gone.jsonl"), os.path.join(d, "dangling.jsonl"))
    config = tmp_path / "home" / ".config" / "codeburn"          # a corrupt config file of codeburn's own
    config.mkdir(parents=True)
    (config / "config.json").write_bytes(b'{"claudeConfigDirs": ["/x"')
    r = run("report", "-p", "lifetime", "--format", "json", "--no-cache")
    doc = r.json
    assert r.status == 0 and doc["overview"] == clean["overview"]
    kinds = [w.split("; first at")[0] for w in doc["warnings"]]
    # (the directory and the dangling link have a session's name: named, as
    # what could not be read; the loop has not)
    assert kinds == ["config file ~/.config/codeburn/config.json ignored: invalid JSON at line 1",
                     "3 files: 3 invalid JSON lines skipped", "4 files: 4 records with invalid token counts skipped",
                     f"2 paths could not be read: {d}/a-directory.jsonl: Is a directory (and 1 more)"]
    assert run("report", "-p", "lifetime", "--strict", "--no-cache").status == 1


def test_a_file_deleted_after_discovery_is_named(tmp_path):
    from codeburn.providers.base import Source
    from codeburn.read.scan import scan_sources

    gone = str(tmp_path / "gone.jsonl")
    result = scan_sources([Source("claude", gone, "p", "gone", str(tmp_path))])
    assert result.warnings == [f"1 path could not be read: {gone}: No such file or directory"]
    assert result.stats["unreadable"] == 1 and result.cols["ts"].size == 0


def test_a_file_growing_while_read_counts_what_was_complete(tmp_path):
    """A last line still being written is a torn tail: not an error, not counted."""
    from codeburn.providers.base import Source
    from codeburn.read.scan import scan_sources

    path = tmp_path / "s.jsonl"
    path.write_bytes(b"".join(as_bytes(r) + b"\n" for r in GOOD) + as_bytes(GOOD[1])[:40])
    result = scan_sources([Source("claude", str(path), "p", "s", str(tmp_path))])
    assert (result.stats["calls"], result.stats["torn_tail"], result.warnings) == (2, 1, [])
    assert json.loads(json.dumps(result.stats))["invalid"] == 0


def test_a_web_search_count_that_is_no_positive_number_counts_zero(run, history):
    """`server_tool_use.web_search_requests` is priced only when it is a
    positive number, as the reference prices it (a string, true or a
    negative count is 0 searches there) and the record stands. CodeBurn
    0.9.20 on these records: 4 calls, $0.020288 (Sonnet 4.5: 31 input and
    13 output tokens and 2 searches at $0.01)."""
    def call(mid, ts, inp, out, searches):
        r = assistant_line(mid, ts=ts, usage=usage(inp, out), model="claude-sonnet-4-5-20250929")
        r["message"]["usage"]["server_tool_use"] = {"web_search_requests": searches, "web_fetch_requests": 0}
        return r

    history.write("p", "s.jsonl", [
        user_line("look up the changelog", ts="2026-03-02T10:00:00Z"),
        call("m1", "2026-03-02T10:00:05Z", 10, 5, "3"),
        call("m2", "2026-03-02T10:00:09Z", 20, 7, -4),
        call("m3", "2026-03-02T10:00:19Z", 1, 1, True),
        call("m4", "2026-03-02T10:00:29Z", 0, 0, 2)])
    doc = run("report", "-p", "lifetime", "--format", "json").json
    assert doc["warnings"] == []
    o = doc["overview"]
    assert (o["calls"], o["tokens"]["input"], o["tokens"]["output"]) == (4, 31, 13)
    assert round(o["cost"], 10) == 0.020288
