"""The compiled reader: fields, dedup, turns, huge lines, bad lines."""
from __future__ import annotations

import json

import numpy as np
import pytest

from codeburn._fast import TS_NONE, parse_iso_ms
from codeburn.classify import ruleset
from codeburn.read.scan import make_scanner
from tests.conftest import as_bytes, assistant_line, tool_result_line, usage, user_line


def Scanner():
    """A reader configured with the shipped rules, as codeburn runs it."""
    return make_scanner(ruleset.load())


def scan(*files: list) -> tuple[list[dict], dict, list[str]]:
    """Scans in-memory files in order; returns per-file stats, columns, strings."""
    s = Scanner()
    stats = [s.scan_bytes(b"".join(as_bytes(r) + b"\n" for r in recs), i)[0] for i, recs in enumerate(files)]
    return stats, s.columns(), s.strings()


def col(cols, name):
    return cols[name].tolist()


def names(cols, strings, call_col, name_col):
    return [(c, strings[n]) for c, n in zip(cols[call_col].tolist(), cols[name_col].tolist())]


def test_one_call_all_fields():
    rec = assistant_line("msg_1", ts="2026-03-02T09:14:09.884Z", usage=usage(12, 188, 5400, 18250,
                         cache_creation={"ephemeral_5m_input_tokens": 5400, "ephemeral_1h_input_tokens": 0},
                         server_tool_use={"web_search_requests": 2}),
                         tools=[("Bash", {"command": "npm test -- cart && git status"}), ("Read", {"file_path": "/a.ts"})])
    stats, cols, strings = scan([rec])
    assert stats[0]["calls"] == 1
    assert col(cols, "ts") == [parse_iso_ms("2026-03-02T09:14:09.884Z")]
    assert [col(cols, k)[0] for k in ("input", "output", "cache_write", "cache_1h", "cache_read", "web_search")] == \
        [12, 188, 5400, 0, 18250, 2]
    assert strings[cols["model"][0]] == "claude-sonnet-4-5-20250929"
    assert names(cols, strings, "tool_call", "tool_name") == [(0, "Bash"), (0, "Read")]
    assert names(cols, strings, "shell_call", "shell_name") == [(0, "npm"), (0, "git")]


def test_iso_timestamps():
    assert parse_iso_ms("1970-01-01T00:00:00.000Z") == 0
    assert parse_iso_ms("1970-01-01T01:00:00+01:00") == 0
    assert parse_iso_ms("2026-03-02T09:14:09Z") == 1772442849000
    assert parse_iso_ms("2026-03-02T09:14:09.8841234Z") == 1772442849884
    for bad in ("", "yesterday", "2026-03-02T25:00:00Z", "2026-03-02Tnoon"):
        assert parse_iso_ms(bad) == TS_NONE


def test_iso_timestamps_read_as_javascript_reads_them():
    """The reference reads every timestamp with `new Date(s)`; these values
    are V8's (node 22, TZ=UTC: new Date(s).getTime()). A day up to 31 rolls
    over, 24:00 is the next midnight, a year may be expanded; a 60th second,
    an hour-only or out-of-range offset, a decimal comma, an offset after a
    bare date and 24:00:01 give no time."""
    read_alike = {"2026-02-30T10:00:00Z": 1772445600000, "2026-11-31T10:00:00Z": 1796119200000,
                  "2026-11-20T24:00:00Z": 1795219200000, "2026-11-20T24:00Z": 1795219200000,
                  "+002026-11-20T10:12:00Z": 1795169520000, "2026-11-20T10:27:00+1400": 1795120020000,
                  "2026-11-20t10:04:00z": 1795169040000, "2026-11-20Z": 1795132800000,
                  "-000001-01-01T00:00:00Z": -62198755200000}
    for text, ms in read_alike.items():
        assert parse_iso_ms(text) == ms, text
    for bad in ("2026-11-20T23:59:60Z", "2026-11-20T10:14:00.000+01", "2026-11-20T10:19:00,5Z",
                "2026-11-20T10:28:00+25:00", "2026-11-20T10:00:00+14:60", "2026-11-20+01:00", "2026-11-32T00:00:00Z",
                "2026-11-20T24:00:01Z", "2026-11-20T24:00:00.001Z", "-000000-01-01T00:00:00Z", "2026-11-00"):
        assert parse_iso_ms(bad) == TS_NONE, bad


def test_streaming_duplicates_keep_last_record_with_first_timestamp():
    # Claude Code writes one line per content block while streaming; early
    # lines carry partial usage and only some of the tool_use blocks.
    recs = [
        user_line("fix the cart", ts="2026-03-02T09:00:00.000Z"),
        assistant_line("msg_A", ts="2026-03-02T09:00:01.000Z", usage=usage(10, 1), tools=[("Read", {})]),
        assistant_line("msg_A", ts="2026-03-02T09:00:02.000Z", usage=usage(10, 50), tools=[("Edit", {})]),
        assistant_line("msg_A", ts="2026-03-02T09:00:03.000Z", usage=usage(10, 120),
                       tools=[("Edit", {}), ("Bash", {"command": "make"})]),
    ]
    stats, cols, strings = scan(recs)
    assert stats[0]["calls"] == 1 and stats[0]["stream_dups"] == 2
    assert col(cols, "output") == [120]  # last record's usage, not a sum and not the first
    assert col(cols, "ts") == [parse_iso_ms("2026-03-02T09:00:01.000Z")]
    assert [n for _, n in names(cols, strings, "tool_call", "tool_name")] == ["Edit", "Bash"]


def test_records_without_id_are_never_collapsed():
    recs = [assistant_line("", ts="2026-03-02T09:00:01Z", usage=usage(1, 1)),
            assistant_line("", ts="2026-03-02T09:00:01Z", usage=usage(1, 1))]
    for r in recs:
        del r["message"]["id"]
    stats, cols, _ = scan(recs, recs)
    assert [s["calls"] for s in stats] == [2, 2]


def test_cross_file_dedup_first_file_wins():
    a = [user_line("hi", ts="2026-03-02T09:00:00Z"),
         assistant_line("msg_1", ts="2026-03-02T09:00:01Z", usage=usage(100, 10)),
         assistant_line("msg_2", ts="2026-03-02T09:00:02Z", usage=usage(200, 20))]
    # A resumed session copies earlier messages into a new file.
    b = [user_line("again", ts="2026-03-03T09:00:00Z"),
         assistant_line("msg_2", ts="2026-03-03T09:00:01Z", usage=usage(200, 20)),
         assistant_line("msg_3", ts="2026-03-03T09:00:02Z", usage=usage(300, 30))]
    stats, cols, _ = scan(a, b)
    assert [s["calls"] for s in stats] == [2, 1]
    assert stats[1]["global_dups"] == 1
    assert col(cols, "input") == [100, 200, 300]
    assert col(cols, "file") == [0, 0, 1]


def test_records_without_usage_or_model_are_not_calls():
    no_usage = assistant_line("msg_1", ts="2026-03-02T09:00:01Z", usage=None)
    no_model = assistant_line("msg_2", ts="2026-03-02T09:00:01Z", usage=usage(5, 5))
    no_model["message"]["model"] = ""
    stats, cols, _ = scan([no_usage, no_model])
    assert stats[0]["calls"] == 0


def test_cache_creation_split():
    def call(legacy, m5, h1):
        u = usage(0, 0, legacy)
        u["cache_creation"] = {"ephemeral_5m_input_tokens": m5, "ephemeral_1h_input_tokens": h1}
        return u
    recs = [assistant_line(f"m{i}", ts="2026-03-02T09:00:01Z", usage=u) for i, u in enumerate([
        call(2000, 0, 0),        # no split: legacy total, all 5-minute
        call(100000, 40000, 60000),
        call(50, 0, 60120),      # split larger than legacy: max wins
        call(900, 100, 200),     # legacy larger than split: 1h capped by total
    ])]
    _, cols, _ = scan(recs)
    assert col(cols, "cache_write") == [2000, 100000, 60120, 900]
    assert col(cols, "cache_1h") == [0, 60000, 60120, 200]


def test_fast_mode_and_advisor_iterations():
    u = usage(2, 491, 0, 226584, speed="fast", iterations=[
        {"type": "message", "input_tokens": 2, "output_tokens": 491}, None, 5, "advisor_message", [],
        {"type": "advisor_message", "model": "claude-opus-4-20250514", "input_tokens": 159419, "output_tokens": 7805},
        {"type": "advisor_message", "input_tokens": 7, "output_tokens": 3, "speed": "standard"}])
    _, cols, strings = scan([assistant_line("msg_1", ts="2026-03-02T09:00:01Z", model="claude-sonnet-4-20250514",
                                            usage=u)])
    assert [strings[m] for m in col(cols, "model")] == ["claude-sonnet-4-20250514", "claude-opus-4-20250514",
                                                        "claude-sonnet-4-20250514"]
    assert col(cols, "input") == [2, 159419, 7]
    assert col(cols, "output") == [491, 7805, 3]
    assert col(cols, "cache_read") == [226584, 0, 0]
    assert col(cols, "fast") == [1, 1, 0]  # the advisor inherits usage.speed unless it has its own


def test_advisors_follow_their_parent_through_dedup():
    u = usage(1, 1, iterations=[{"type": "advisor_message", "model": "claude-opus-4-6", "input_tokens": 9}])
    rec = assistant_line("msg_1", ts="2026-03-02T09:00:01Z", usage=u)
    stats, cols, _ = scan([rec, rec], [rec])
    assert [s["calls"] for s in stats] == [2, 0]


def test_turns_split_on_user_text_only():
    recs = [
        assistant_line("m0", ts="2026-03-02T08:59:00Z", usage=usage(1, 1)),  # leading turn, no prompt
        user_line("first prompt", ts="2026-03-02T09:00:00Z"),
        assistant_line("m1", ts="2026-03-02T09:00:01Z", usage=usage(1, 1), tools=[("Bash", {"command": "ls"})]),
        tool_result_line("toolu_m1_0", "a.txt", ts="2026-03-02T09:00:02Z"),  # does not open a turn
        assistant_line("m2", ts="2026-03-02T09:00:03Z", usage=usage(1, 1)),
        user_line("   ", ts="2026-03-02T09:00:04Z"),                           # blank: no turn
        user_line("unanswered", ts="2026-03-02T09:00:05Z"),                    # replaced by the next prompt
        user_line(None, ts="2026-03-02T09:00:06Z", content=[{"type": "text", "text": "second"}, None, 5]),
        assistant_line("m3", ts="2026-03-02T09:00:07Z", usage=usage(1, 1)),
    ]
    stats, cols, _ = scan(recs)
    assert col(cols, "turn") == [0, 1, 1, 2]
    assert stats[0]["turns"] == 3
    assert col(cols, "turn_ts") == [TS_NONE, parse_iso_ms("2026-03-02T09:00:00Z"), parse_iso_ms("2026-03-02T09:00:06Z")]


def test_torn_last_line_is_dropped_quietly_and_bad_lines_are_counted():
    good = assistant_line("m1", ts="2026-03-02T09:00:01Z", usage=usage(7, 3))
    torn = json.dumps(assistant_line("m2", ts="2026-03-02T09:00:02Z", usage=usage(9, 9)))[:-40]
    s = Scanner()
    data = b"{not json\n" + as_bytes(good) + b"\n\x00\xff\xfe junk\n" + torn.encode()
    stats, _, _ = s.scan_bytes(data, 0)
    assert (stats["calls"], stats["invalid"], stats["torn_tail"], stats["first_bad_line"]) == (1, 2, 1, 1)


def test_complete_last_line_without_newline_counts():
    s = Scanner()
    stats, _, _ = s.scan_bytes(as_bytes(assistant_line("m1", ts="2026-03-02T09:00:01Z", usage=usage(7, 3))), 0)
    assert stats["calls"] == 1 and stats["torn_tail"] == 0


@pytest.mark.parametrize("bad", ["\"12\"", "-5", "1.5", "1e30", "true", "[1]"])
def test_invalid_token_counts_skip_the_record(bad):
    line = json.dumps(assistant_line("m1", ts="2026-03-02T09:00:01Z", usage=usage(7, 3)))
    line = line.replace('"input_tokens": 7', f'"input_tokens": {bad}')
    ok = as_bytes(assistant_line("m2", ts="2026-03-02T09:00:01Z", usage=usage(1, 2)))
    stats, _, _ = Scanner().scan_bytes(line.encode() + b"\n" + ok + b"\n", 0)
    assert (stats["calls"], stats["bad_number"]) == (1, 1)


def test_null_and_integral_float_token_counts_are_fine():
    line = json.dumps(assistant_line("m1", ts="2026-03-02T09:00:01Z", usage=usage(7, 3)))
    line = line.replace('"input_tokens": 7', '"input_tokens": null').replace('"output_tokens": 3', '"output_tokens": 3.0')
    s = Scanner()
    stats, _, _ = s.scan_bytes(line.encode(), 0)
    assert stats["calls"] == 1
    assert s.columns()["output"].tolist() == [3]


@pytest.mark.parametrize("pad_mb", [2, 9])
def test_huge_lines_match_the_small_line_result(tmp_path, pad_mb):
    """Lines past the in-place limit (1 MiB) and past one read block (4 MiB)
    go through the streaming reducer and give exactly what a small line gives."""
    big_output = ("line with \"quotes\" and \\ backslashes and \u00e9\u4e2d\U0001F600\n" * 40000)[: pad_mb << 20]
    recs = [
        user_line("run it", ts="2026-03-02T09:00:00Z"),
        assistant_line("m1", ts="2026-03-02T09:00:01Z", usage=usage(11, 22, 33, 44),
                       tools=[("Bash", {"command": "pytest -x && git diff"})], text="x" * (pad_mb << 20)),
        tool_result_line("toolu_m1_0", big_output, ts="2026-03-02T09:00:02Z"),
        user_line(None, ts="2026-03-02T09:00:03Z", content=[{"type": "tool_result", "content": big_output},
                                                              {"type": "text", "text": "now fix " + "y" * 5000}]),
        assistant_line("m2", ts="2026-03-02T09:00:04Z", usage=usage(1, 2, 3, 4)),
    ]
    path = tmp_path / "s.jsonl"
    path.write_bytes(b"".join(as_bytes(r) + b"\n" for r in recs))
    s = Scanner()
    stats, cwd, err = s.scan_file(str(path), 0)
    cols, strings = s.columns(), s.strings()
    assert err == 0 and cwd == "/home/dev/src/shopfront"
    assert stats["huge"] >= 2 and stats["invalid"] == 0
    assert col(cols, "input") == [11, 1] and col(cols, "cache_read") == [44, 4]
    assert col(cols, "turn") == [0, 1]  # the text block after a huge tool_result still opens a turn
    assert [n for _, n in names(cols, strings, "shell_call", "shell_name")] == ["pytest", "git"]


def test_reducer_keeps_escapes_intact_at_the_cut():
    # Strings cut at 16 KiB must not end inside an escape or a UTF-8 sequence.
    for unit in ["\\n", "\\u00e9", "\\ud83d\\ude00", "\u00e9", "\U0001F600", "\\\\", "\\\""]:
        value = unit * ((2 << 20) // len(unit.encode()))
        line = '{"type":"assistant","message":{"model":"m","id":"x","usage":{"input_tokens":5},' \
               f'"content":[{{"type":"text","text":"{value}"}}]}},"timestamp":"2026-03-02T09:00:01Z"}}'
        stats, _, _ = Scanner().scan_bytes(line.encode(), 0)
        assert (stats["calls"], stats["huge"]) == (1, 1), unit


def test_unreadable_file_reports_errno(tmp_path):
    s = Scanner()
    stats, cwd, err = s.scan_file(str(tmp_path / "missing.jsonl"), 0)
    assert err != 0 and stats["calls"] == 0
    d = tmp_path / "dir.jsonl"
    d.mkdir()
    _, _, err = s.scan_file(str(d), 1)
    assert err != 0


def test_columns_have_their_dtypes():
    _, cols, _ = scan([assistant_line("m1", ts="2026-03-02T09:00:01Z", usage=usage(1, 1))])
    assert cols["ts"].dtype == np.int64 and cols["input"].dtype == np.int64
    assert cols["model"].dtype == np.int32 and cols["fast"].dtype == np.uint8


def test_counts_keep_every_value_as_the_scan_widens_them():
    """The reader holds counts in 0, 1, 2, 4 or 8 bytes as the values so
    far need (cb_narrow.h): every transition, a count past 2**31 and a
    column that stays 0 come out exact, as int64, before and after the
    columns are taken."""
    inputs = [0, 0, 7, 255, 256, 65535, 65536, 2**31 - 1, 2**31, 3 * 10**12, 1, 0]
    recs = [assistant_line(f"m{i}", ts=f"2026-03-02T09:00:{i:02d}Z", usage=usage(v, i, 0, 2**40 if i == 5 else i),
                           tools=[("Read", {"file_path": f"/f{i % 3}.ts"})] if i % 4 == 1 else ())
            for i, v in enumerate(inputs)]
    s = Scanner()
    s.scan_bytes(b"".join(as_bytes(r) + b"\n" for r in recs), 0)
    expect_cr = [2**40 if i == 5 else i for i in range(len(inputs))]
    for cols in (s.columns(), s.take_columns()):
        assert col(cols, "input") == inputs and cols["input"].dtype == np.int64
        assert col(cols, "output") == list(range(len(inputs)))
        assert col(cols, "cache_read") == expect_cr
        assert col(cols, "reasoning") == [0] * len(inputs) and cols["reasoning"].dtype == np.int64
        assert col(cols, "file") == [0] * len(inputs) and cols["file"].dtype == np.int32
        assert col(cols, "tool_call") == [1, 5, 9] and cols["tool_call"].dtype == np.int32
    assert s.take_columns()["input"].size == 0  # taken: the scanner holds no calls


def test_id_columns_keep_their_none_marks():
    """Id columns are held as id + 1, so "none" (-1) costs no width."""
    _, cols, strings = scan([assistant_line("m1", ts="2026-03-02T09:00:01Z", usage=usage(1, 1),
                                            tools=[("Bash", {"command": "ls"}), ("Read", {"file_path": "/a.ts"})])])
    assert col(cols, "tool_path")[0] == -1 and strings[col(cols, "tool_path")[1]] == "/a.ts"
    assert col(cols, "tool_skill") == [-1, -1]


@pytest.mark.slow
def test_300_mb_lines_in_bounded_memory(tmp_path):
    """Two 300 MB lines (a tool result and an assistant text) scan in a child
    process whose peak RSS stays far below the line size."""
    import subprocess
    import sys

    path = tmp_path / "huge.jsonl"
    chunk = "x = 1\\n" * (1 << 17)
    with open(path, "w") as f:
        f.write('{"type":"user","message":{"role":"user","content":[{"type":"tool_result","content":"')
        for _ in range((300 << 20) // len(chunk)):
            f.write(chunk)
        f.write('"}]},"timestamp":"2026-03-02T09:00:00Z"}\n')
        f.write('{"type":"assistant","timestamp":"2026-03-02T09:00:01Z","message":{"id":"m1","model":"claude-opus-4-7",'
                '"usage":{"input_tokens":5,"output_tokens":7},"content":[{"type":"text","text":"')
        for _ in range((300 << 20) // len(chunk)):
            f.write(chunk)
        f.write('"}]}}\n')
    code = ("import resource, sys; from codeburn._fast import Scanner; s = Scanner(); "
            "st, _, _ = s.scan_file(sys.argv[1], 0); "
            "print(st['calls'], st['huge'], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True).stdout
    calls, huge, rss_mb = map(int, out.split())
    assert (calls, huge) == (1, 2)
    assert rss_mb < 150


@pytest.mark.parametrize("shift", [0, 1, 17, 4095, 4097])
def test_files_of_many_blocks_read_exactly_at_any_page_offset(tmp_path, shift):
    """The reader places each 4 MiB block at the page offset its bytes have
    in the file, moving the unfinished line along: files of several blocks,
    with lines from a few bytes to 1.5 MB (streamed through the reducer)
    and every offset shifted by `shift`, give exact counts read whole, with
    a scan, and in parts."""
    import random

    rng = random.Random(shift)
    recs = [user_line("x" * shift, ts="2026-03-02T09:00:00Z")]
    want_input = 0
    for i in range(1, 121):
        size = rng.choice((10, 900, 30_000, 200_000)) if i % 40 else 1_500_000
        recs.append(tool_result_line(f"toolu_{i}", "y" * size, ts="2026-03-02T09:00:01Z"))
        recs.append(assistant_line(f"msg_{i}", ts="2026-03-02T09:00:02Z", usage=usage(i, 1)))
        want_input += i
    path = tmp_path / "s.jsonl"
    path.write_bytes(b"".join(as_bytes(r) + b"\n" for r in recs))
    assert path.stat().st_size > 12 << 20
    s = Scanner()
    stats, _, err = s.scan_file(str(path), 0)
    assert (err, stats["calls"], stats["lines"], stats["huge"], stats["invalid"]) == (0, 120, 241, 3, 0)
    assert stats["bytes"] == path.stat().st_size and int(s.columns()["input"].sum()) == want_input
    worker = Scanner()
    cuts = [0, 5 << 20, 9 << 20]
    parts = [worker.decode_part(str(path), 0, a, b) for a, b in zip(cuts, [*cuts[1:], -1])]
    parts[0].append(parts[1:])
    whole = Scanner()
    assert whole.adopt(parts[0], 0)[0] == stats and col(whole.columns(), "input") == col(s.columns(), "input")


def _utf16_prefix_model(data: bytes, cap: int) -> tuple[int, int]:
    """The cut as the reference makes it: whole characters while their
    UTF-16 units (2 for a 4-byte sequence) fit under `cap`."""
    i = units = 0
    while i < len(data):
        c = data[i]
        size = 1 if c < 0x80 else 2 if c >> 5 == 6 else 3 if c >> 4 == 14 else 4
        width = 2 if size == 4 else 1
        if units + width > cap:
            break
        units += width
        i += size
    return i, units


def test_utf16_prefix_equals_a_character_by_character_cut():
    import random

    from codeburn._fast.reader import utf16_prefix

    rng = random.Random(7)
    alphabet = ["a", " ", "\n", "é", "中", "\U0001F600", "λ", "✓"]
    for _ in range(3000):
        weights = [rng.random() for _ in alphabet]
        text = "".join(rng.choices(alphabet, weights, k=rng.randrange(0, 120))).encode()
        for cap in (0, 1, 2, 31, 32, 33, 34, 63, 64, 65, rng.randrange(0, 140), 2 ** 63):
            assert utf16_prefix(text, cap) == _utf16_prefix_model(text, cap), (text, cap)
