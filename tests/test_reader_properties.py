"""Hypothesis over the compiled reader: for random files of valid records
(streamed ids, user prompts), junk lines and a possibly torn tail, the
reader agrees with a plain-Python model of the rules (spec §3.3, §3.5):
one call per message id with the last record's usage, junk counted as
invalid, a torn tail counted apart, never a crash."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings, strategies as st

from codeburn.classify import ruleset
from codeburn.read.scan import make_scanner
from tests.conftest import assistant_line, usage, user_line

RULES = ruleset.load()
JUNK = [b"{not json", b"\x00\xff", b'{"type":"assistant","message":{"id":"x"', b"]", b'{"a":1}}']

record = st.one_of(
    st.tuples(st.just("call"), st.sampled_from(["m1", "m2", "m3", "m4"]), st.integers(0, 10**9), st.integers(0, 10**6)),
    st.tuples(st.just("user"), st.text(max_size=20)),
    st.tuples(st.just("junk"), st.sampled_from(JUNK)),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(record, max_size=40), st.integers(0, 60))
def test_reader_matches_a_python_model(records, torn_cut):
    lines, last_usage, invalid = [], {}, 0
    for i, r in enumerate(records):
        if r[0] == "call":
            _, mid, inp, out = r
            lines.append(json.dumps(assistant_line(mid, ts=f"2026-03-02T10:00:{i % 60:02d}Z", usage=usage(inp, out))))
            last_usage[mid] = (inp, out)
        elif r[0] == "user":
            lines.append(json.dumps(user_line(r[1], ts="2026-03-02T09:00:00Z")))
        else:
            lines.append(r[1].decode("latin-1"))
            invalid += 1
    data = "\n".join(lines).encode("latin-1" if any(r[0] == "junk" for r in records) else "utf-8") if lines else b""
    # A torn tail: an unfinished record after the last newline (never counted, never an error).
    tail = json.dumps(assistant_line("m9", ts="2026-03-02T11:00:00Z", usage=usage(5, 5)))[:torn_cut] if torn_cut else ""
    blob = (data + b"\n" if data else b"") + tail.encode()
    scanner = make_scanner(RULES)
    stats, _, _ = scanner.scan_bytes(blob, 0)
    cols = scanner.columns()
    assert stats["calls"] == len(last_usage)
    assert sorted(zip(cols["input"].tolist(), cols["output"].tolist())) == sorted(last_usage.values())
    assert stats["invalid"] == invalid
    assert stats["torn_tail"] == (1 if 0 < torn_cut else 0)
