"""Antigravity conversation stores (`gen_metadata` protobuf rows, spec
providers §2.7, §4.1) and the wire-format decoder. Expected numbers are
CodeBurn 0.9.20's on the same files (`--provider antigravity`); its cost is
kept (allow-list)."""
from __future__ import annotations

import os

from hypothesis import given, settings, strategies as st

from codeburn.providers import antigravity, protowire
from codeburn.providers.records import ReadLog
from tests.records_util import make_db, read_all, totals

T0 = 1_792_000_000             # 2026-10-14T17:46:40Z
MTIME = 1_792_050_000


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(number: int, value) -> bytes:
    if isinstance(value, int):
        return varint(number << 3) + varint(value)
    data = value.encode() if isinstance(value, str) else value
    return varint(number << 3 | 2) + varint(len(data)) + data


def gen_metadata(input=0, input_alt=0, total=0, response=0, thinking=0, rid=None, model=None, display=None,
                 enum=None, created=None) -> bytes:
    usage = b"".join(field(n, v) for n, v in ((1, input_alt), (2, input), (3, total), (9, response),
                                               (10, thinking)) if v) + (field(11, rid) if rid else b"")
    chat = field(4, usage)
    if model:
        chat += field(19, model)
    if enum:
        chat += field(20, field(1, "model_enum") + field(2, enum))
    if display:
        chat += field(21, display)
    if created is not None:
        chat += field(9, field(4, created))
    return field(1, chat) + field(2, b"\x01\x02")


DDL = "CREATE TABLE gen_metadata (idx INTEGER PRIMARY KEY, data BLOB);" \
      "CREATE TABLE trajectory_metadata_blob (id INTEGER PRIMARY KEY, data BLOB);"


def build(home):
    conv = os.path.join(home, ".gemini", "antigravity", "conversations")
    a = make_db(os.path.join(conv, "cascade-a.db"), DDL, {
        "gen_metadata": [
            (0, gen_metadata(input=12000, total=900, response=700, thinking=200, rid="resp_1",
                             display="Gemini 3.1 Pro (High)", model="MODEL_PLACEHOLDER_M37",
                             created="2026-10-14T17:46:40Z")),
            (1, gen_metadata(input=3000, total=500, thinking=100, response=300, rid="resp_2",   # 300+100 != 500
                             enum="gemini-3-flash-agent", created=field(1, T0 + 60) + field(2, 500_000_000))),
            (2, gen_metadata(input_alt=800, total=40, rid="resp 3", model="claude-sonnet-4-5", created=T0 + 120)),
            (3, gen_metadata(input=12000, total=900, response=700, thinking=200, rid="resp_1")),   # repeated id
            (4, gen_metadata()),                                                                   # no usage
            (5, b"\xff\xff\xff garbage"),
        ],
        "trajectory_metadata_blob": [(1, b"\x0a\x20workspace file:///home/dev/my%20site\x12\x00 more")]})
    os.utime(a, (MTIME, MTIME))
    cli = os.path.join(home, ".gemini", "antigravity-cli", "conversations")
    b = make_db(os.path.join(cli, "cascade-b.db"), DDL, {
        "gen_metadata": [(0, gen_metadata(input=500, total=50, model="gemini-2.5-pro"))],
        "trajectory_metadata_blob": [(1, b"file:///home/dev/ignored")]})
    os.utime(b, (MTIME, MTIME))
    with open(os.path.join(cli, "cascade-c.pb"), "wb") as f:      # needs the live server: not read
        f.write(b"\x00encrypted")


def test_calls_are_the_references(tmp_path):
    build(str(tmp_path))
    sessions, log = read_all(antigravity, {"HOME": str(tmp_path)}, str(tmp_path))
    assert not log.skipped      # the .pb is named by discovery (tests/test_antigravity_live.py)
    a, b = sessions
    assert (a.session_id, a.project, a.cwd) == ("cascade-a", "my site", "/home/dev/my site")
    assert [(c.key, c.model, c.input, c.output, c.reasoning, c.ts_ms) for c in a.calls] == [
        ("antigravity:cascade-a:resp_1", "gemini-3.1-pro-high", 12000, 700, 200, T0 * 1000),
        ("antigravity:cascade-a:resp_2", "gemini-3-flash-agent", 3000, 400, 100, (T0 + 60) * 1000 + 500),
        ("antigravity:cascade-a:2", "claude-sonnet-4-5", 800, 40, 0, (T0 + 120) * 1000),
    ]
    assert (b.session_id, b.project, b.cwd) == ("cascade-b", "antigravity-cli", None)
    (c,) = b.calls
    assert (c.model, c.input, c.output, c.ts_ms) == ("gemini-2.5-pro", 500, 50, MTIME * 1000)
    # 0.9.20: 4 calls, 2 sessions, input 16300, output 1190 (reasoning 300 priced as output)
    assert totals(sessions) == {"calls": 4, "input": 16300, "output": 1190, "cache_read": 0, "cache_write": 0,
                                "reasoning": 300}
    assert [round(c.cost, 10) for c in a.calls + b.calls] == [
        round(x, 10) for x in (12000 * 2e-6 + 900 * 12e-6, 3000 * 5e-7 + 500 * 3e-6, 800 * 3e-6 + 40 * 15e-6,
                               500 * 1.25e-6 + 50 * 1e-5)]


def test_canonical_models():
    assert antigravity.canonical_model("x", "Gemini 3.5 Flash (Medium)") == "gemini-3.5-flash-medium"
    assert antigravity.canonical_model("x", "Gemini 3.1 Flash Lite") == "gemini-3.1-flash-lite"
    assert antigravity.canonical_model("MODEL_PLACEHOLDER_M8", None) == "unknown"
    assert antigravity.canonical_model("gemini-pro", "") == "gemini-pro"


def test_not_a_store(tmp_path):
    conv = tmp_path / ".gemini" / "antigravity-ide" / "conversations"
    conv.mkdir(parents=True)
    (conv / "x.db").write_bytes(b"not sqlite" * 50)
    make_db(str(conv / "y.db"), "CREATE TABLE other (a);", {})
    sessions, log = read_all(antigravity, {}, str(tmp_path))
    assert sessions == []
    assert log.unreadable == [(str(conv / "x.db"), "not a SQLite database"),
                              (str(conv / "y.db"), "unknown schema (no table gen_metadata)")]


def test_wire_decoder():
    data = field(1, 150) + field(2, "hi") + varint(3 << 3 | 5) + b"abcd" + varint(4 << 3 | 1) + b"12345678"
    assert protowire.fields(data) == [(1, 0, 150), (2, 2, b"hi"), (3, 5, b"abcd"), (4, 1, b"12345678")]
    assert protowire.fields(data + b"\x0a\x05ab") == protowire.fields(data)      # truncated: kept so far
    assert protowire.fields(b"\x0b\x00") == []                                    # a group: stops
    assert protowire.varint(b"\xff" * 11 + b"\x01", 0) is None
    assert protowire.text((1, 2, b"\x08\x01")) is None and protowire.text((1, 2, b"ok")) == "ok"
    assert protowire.positive((1, 0, 2 ** 60)) == 0


@settings(max_examples=1000, deadline=None)
@given(st.binary(max_size=300))
def test_decoder_never_fails_on_any_bytes(data):
    fs = protowire.fields(data)
    assert all(isinstance(f[0], int) and f[0] > 0 for f in fs)
    for f in fs:
        protowire.text(f)
        protowire.submessage(f)
        antigravity.created_ms(f)
    call = antigravity.row_call("c", 0, data)
    assert call is None or (call.input >= 0 and call.output >= 0)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 30), st.one_of(st.integers(0, 2 ** 64), st.binary(max_size=40))),
                max_size=12))
def test_nested_messages_never_fail(parts):
    inner = b"".join(field(n, v) for n, v in parts)
    for data in (field(1, field(4, inner) + inner), field(1, inner), inner):
        antigravity.row_call("c", 1, data)
