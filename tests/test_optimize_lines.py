"""`codeburn optimize` counts what every assistant line of the period
carries, as 0.9.20's raw session scan does (spec commands §4.1): the tool
uses of each record of a streamed message (the report keeps only the last
record's), a resumed session's copies of earlier messages (the report counts
them once), an assistant line that is no API call, and for warmup-heavy
each line's own `cache_creation_input_tokens` (none for a line without it,
none for a usage written only as the 5m/1h split).

The expected numbers are CodeBurn 0.9.20's on the same files (written by
write_history below; run with `optimize --format json --from 2026-02-03
--to 2026-03-05`, TZ=UTC): every line is dated 2026-03-01, outside the
recent window of both runs, so every trend is "active"."""
from __future__ import annotations

import pytest

from tests.conftest import assistant_line, usage, user_line

CWD = "/home/dev/src/shop"
SLUG = CWD.replace("/", "-")
PERIOD = ("--from", "2026-02-03", "--to", "2026-03-05")
QUIET = {"BASH_MAX_OUTPUT_LENGTH": "15000"}


def _ts(n: int) -> str:
    return f"2026-03-01T10:{n // 60:02d}:{n % 60:02d}.000Z"


def read(p):
    return ("Read", {"file_path": p})


def edit(p):
    return ("Edit", {"file_path": p})


def write_history(history) -> None:
    """s1: a session with streamed messages; s2: a resumed session that
    copies two of s1's messages (same ids, same lines) before its own."""
    n = iter(range(1, 3600))

    def line(mid, tools=(), u=None, session="s1"):
        return assistant_line(mid, ts=_ts(next(n)), usage=u, tools=list(tools), cwd=CWD, session=session)

    def cw(value, out=10):
        return usage(100, out, value, 0)

    def without_cw(out=10):
        u = usage(100, out, 0, 0)
        del u["cache_creation_input_tokens"]
        return u

    s1 = [user_line("go", ts=_ts(next(n)), cwd=CWD, session="s1")]
    for i in range(8):
        s1.append(line(f"e{i}", [edit(f"{CWD}/e{i}.py")], cw(0)))
    # a streamed message, one tool use per record, the same cache write on each
    m1 = [line("m1", [read(f"{CWD}/a.py")], cw(90_000, 5)), line("m1", [read(f"{CWD}/b.py")], cw(90_000, 9)),
          line("m1", [edit(f"{CWD}/a.py")], cw(90_000, 40))]
    # its records carry different cache writes
    m2 = [line("m2", [], cw(60_000, 5)), line("m2", [], cw(100_000, 30))]
    s1 += m1 + m2
    s1 += [line("m3", [], without_cw(5)), line("m3", [], cw(80_000, 20))]  # the first record without the field
    split = usage(100, 20, 0, 0, cache_creation={"ephemeral_5m_input_tokens": 70_000, "ephemeral_1h_input_tokens": 0})
    del split["cache_creation_input_tokens"]
    s1.append(line("m4", [], split))  # only the 5m/1h split
    # three records of one message reading c.py, then three more reads of it
    s1 += [line("m5", [read(f"{CWD}/c.py")], cw(0, k)) for k in (3, 6, 9)]
    s1 += [line(f"r{i}", [read(f"{CWD}/c.py")], cw(0)) for i in range(3)]
    # an assistant line that is no API call (no usage): its tool use still counts
    s1.append(line("nousage", [read(f"{CWD}/d.py")]))
    history.write(SLUG, "s1.jsonl", s1)

    s2 = [user_line("continue", ts=_ts(next(n)), cwd=CWD, session="s2")]
    s2 += [dict(r, sessionId="s2") for r in m1 + m2]
    for i in range(3):
        s2.append(line(f"f{i}", [edit(f"{CWD}/f{i}.py")], cw(75_000 if i < 2 else 0), session="s2"))
    history.write(SLUG, "s2.jsonl", s2)


@pytest.fixture
def findings(run, history):
    write_history(history)
    r = run("optimize", "--format", "json", *PERIOD, env=QUIET)
    assert r.status == 0, r.stderr
    return {f["id"]: f for f in r.json["findings"]}


def test_reads_and_edits_count_every_record(findings):
    # reads: m1's two records, m5's three, r0-r2, the line with no usage, s2's copy of m1 (two);
    # edits: e0-e7, m1's last record, its copy in s2, f0-f2. 0.9.20: the same.
    f = findings["read-edit-ratio"]
    assert f["explanation"].startswith("Claude made 11 reads and 13 edits (ratio 0.8:1).")
    assert (f["tokensSaved"], f["severity"], f["trend"]) == ((52 - 11) * 600, "high", "active")


def test_rereads_count_a_streamed_message_records(findings):
    f = findings["redundant-rereads"]
    assert f["explanation"].startswith("5 redundant re-reads across sessions. Top repeats: c.py (6x).")
    assert (f["tokensSaved"], f["severity"]) == (3000, "low")


def test_warmup_takes_each_record_own_cache_write(findings):
    # 13 records wrote cache: m1 3 x 90,000, m2 60,000 and 100,000, m3's second 80,000, s2's copies
    # of m1 and m2 (5 more), f0 and f1 75,000; m3's first (no field) and m4 (only the split) none.
    # Median (the 7th) 90,000; baseline 50,000 (two sessions wrote cache).
    f = findings["warmup-heavy"]
    assert f["explanation"] == ("Median cache_creation per call is 90.0K tokens, about 40.0K above your baseline "
                                "of 50.0K.")
    assert (f["tokensSaved"], f["severity"], f["trend"]) == (40_000 * 13, "high", "active")


def test_token_counts_below_a_thousand_are_whole(findings):
    f = findings["context-heavy-sessions"]
    assert "426.6K effective input/cache vs 229 output (1000+:1)" in f["explanation"]
    assert "187.8K effective input/cache vs 30 output (1000+:1)" in f["explanation"]
    assert f["tokensSaved"] == 610_515


def test_warm_runs_and_one_thread_equal_the_first(run, history, tmp_path):
    write_history(history)
    env = {**QUIET, "CODEBURN_CACHE_DIR": str(tmp_path / "cache")}
    first = run("optimize", "--format", "json", *PERIOD, env=env).stdout
    assert '"warmup-heavy"' in first
    assert run("optimize", "--format", "json", *PERIOD, env=env).stdout == first
    assert run("optimize", "--format", "json", *PERIOD, "--jobs", "1", "--no-cache", env=env).stdout == first


def test_a_grown_file_resumed_from_the_cache(run, history, tmp_path):
    """The cached part of s1 ends inside a streamed message whose later
    records (with another cache write and a tool use) are appended."""
    write_history(history)
    env = {**QUIET, "CODEBURN_CACHE_DIR": str(tmp_path / "cache")}
    path = history.files[0]
    with open(path, "rb") as f:
        lines = f.read().splitlines(keepends=True)
    cut = next(i for i, ln in enumerate(lines) if b'"id":"m2"' in ln) + 1  # after m2's first record
    with open(path, "wb") as f:
        f.writelines(lines[:cut])
    run("optimize", "--format", "json", *PERIOD, env=env)
    with open(path, "ab") as f:
        f.writelines(lines[cut:])
    warm = run("optimize", "--format", "json", *PERIOD, env=env).stdout
    assert warm == run("optimize", "--format", "json", *PERIOD, "--no-cache", env=env).stdout
    assert '"tokensSaved": 520000' in warm


def _cache_lines(cols: dict) -> list:
    """What optimize reads of the cache writes: one (time, tokens, version)
    per record, however the columns group them."""
    out = []
    for ts, cw, n, v in zip(cols["ts"], cols["cache_write"], cols["call_lines"], cols["call_version"]):
        out += [(ts, cw, v)] * n
    for ts, cw, n, v in zip(cols["xw_ts"], cols["xw_cw"], cols["xw_lines"], cols["xw_version"]):
        out += [(ts, cw, v)] * n
    return sorted(out)


def test_parts_of_a_file_give_the_records_the_whole_gives(tmp_path):
    """A file read in parts (a large file, several threads) gives optimize
    the same records as read whole, at every cut: a message's records on
    both sides of a seam, writing different figures."""
    from codeburn.classify import ruleset
    from codeburn.read.scan import make_scanner
    from tests.conftest import History, adopted_view

    history = History(str(tmp_path / "h"))
    write_history(history)
    path = history.files[0]
    size = len(open(path, "rb").read())
    rules = ruleset.load(ruleset.rules_dir({}))
    worker = make_scanner(rules, keep_prompts=False)
    whole = adopted_view(worker.decode_file(path, 0), rules)[3]
    assert len(_cache_lines(whole)) == 6 and len(whole["xt_name"]) == 5  # m1's 2 earlier tools, m5's 2, the no-usage read
    serial = make_scanner(rules, keep_prompts=False)
    serial.scan_file(path, 0, "claude", "s1")
    cols = {k: v.tolist() for k, v in serial.columns().items()}
    assert _cache_lines(cols) == _cache_lines(whole)
    assert [cols[k] for k in cols if k.startswith("xt_")] == [whole[k] for k in whole if k.startswith("xt_")]
    lines = open(path, "rb").read().splitlines(keepends=True)
    cuts = [sum(len(x) for x in lines[:i]) for i in range(1, len(lines))]
    for cut in cuts:
        parts = [worker.decode_part(path, 0, 0, cut), worker.decode_part(path, 0, cut, -1)]
        parts[0].append(parts[1:])
        view = adopted_view(parts[0], rules)[3]
        assert _cache_lines(view) == _cache_lines(whole), cut
        assert [view[k] for k in view if k.startswith("xt_")] == [whole[k] for k in whole if k.startswith("xt_")], cut


def write_midnight(history) -> None:
    """A message streamed across midnight: its first record (no tool use)
    on 2026-03-01 at 23:58, its last (an Edit) on 2026-03-02 at 00:02;
    nine more edits on 2026-03-02. Every record writes 80,000 cache tokens."""
    recs = [user_line("go", ts="2026-03-01T23:50:00.000Z", cwd=CWD, session="s1"),
            assistant_line("late", ts="2026-03-01T23:58:00.000Z", usage=usage(100, 5, 80_000, 0), cwd=CWD,
                           session="s1"),
            assistant_line("late", ts="2026-03-02T00:02:00.000Z", usage=usage(100, 50, 80_000, 0),
                           tools=[edit(f"{CWD}/late.py")], cwd=CWD, session="s1")]
    for i in range(9):
        recs.append(assistant_line(f"d{i}", ts=f"2026-03-02T01:{i:02d}:00.000Z", usage=usage(100, 10, 80_000, 0),
                                   tools=[edit(f"{CWD}/d{i}.py")], cwd=CWD, session="s1"))
    history.write(SLUG, "s1.jsonl", recs)


def test_a_record_counts_on_its_own_day(run, history):
    """The report dates the streamed call by its first record (2026-03-01);
    optimize counts each record on its own day, as 0.9.20's raw scan does:
    on 2026-03-02 ten edits and ten cache writes (0.9.20: the same findings,
    and context-heavy-sessions 899,550 / 99,350 tokens on each day)."""
    write_midnight(history)
    r = run("optimize", "--format", "json", "--from", "2026-03-02", "--to", "2026-03-02", env=QUIET)
    by_id = {f["id"]: f for f in r.json["findings"]}
    assert r.json["summary"]["calls"] == 9
    assert by_id["read-edit-ratio"]["explanation"].startswith("Claude made 0 reads and 10 edits (ratio 0.0:1).")
    assert by_id["read-edit-ratio"]["tokensSaved"] == 40 * 600
    assert by_id["warmup-heavy"]["tokensSaved"] == 30_000 * 10
    assert by_id["context-heavy-sessions"]["tokensSaved"] == 899_550
    r = run("optimize", "--format", "json", "--from", "2026-03-01", "--to", "2026-03-01", env=QUIET)
    assert [(f["id"], f["tokensSaved"]) for f in r.json["findings"]] == [("context-heavy-sessions", 99_350)]
    assert r.json["summary"]["calls"] == 1


NONE = -(1 << 63)  # a call or record with no readable time


def _parts_and_whole(path, *cuts):
    from codeburn.classify import ruleset
    from codeburn.read.scan import make_scanner
    from tests.conftest import adopted_view

    rules = ruleset.load(ruleset.rules_dir({}))
    worker = make_scanner(rules, keep_prompts=False)
    parts = [worker.decode_part(path, 0, a, b) for a, b in zip([0, *cuts], [*cuts, -1])]
    parts[0].append(parts[1:])
    return adopted_view(parts[0], rules)[3], adopted_view(worker.decode_file(path, 0), rules)[3]


def _streamed(ts, version, cw=900):
    rec = assistant_line("m1", ts=ts, usage=usage(10, 5, cw, 0), cwd=CWD, session="s1")
    rec["version"] = version
    return rec


def test_a_record_between_the_seam_and_the_last_keeps_the_earlier_records_apart(history):
    """msg m1 streamed in four records, the third without a readable time,
    a file cut between the second and the third: as read whole, the first
    two records count on the second's time (they cannot join the last one
    across the untimed third), not with the last one (found by
    tests/fuzz/mutate_reader.py --seed 4444)."""
    first = [user_line("go", ts="2026-03-03T10:00:00Z", cwd=CWD, session="s1"),
             _streamed("2026-03-03T10:00:01Z", "2.1.130"), _streamed("2026-03-03T10:00:02Z", "2.1.131")]
    path = history.write(SLUG, "s1.jsonl", first + [
        _streamed("2026-03-03T10:00:01e308Z", "2.1.130"), _streamed("2026-03-03T10:00:02Z", "2.1.131")])
    cut = sum(len(x) for x in open(path, "rb").read().splitlines(keepends=True)[:len(first)])
    parts, whole = _parts_and_whole(path, cut)
    t1, t2 = 1772532001000, 1772532002000
    assert (whole["call_lines"], whole["xw_ts"], whole["xw_lines"]) == ([1], [t2, NONE], [2, 1])
    assert _cache_lines(parts) == _cache_lines(whole) == sorted(
        [(t1, 900, whole["call_version"][0])] + [(t2, 900, whole["xw_version"][0])] * 2 +
        [(NONE, 900, whole["xw_version"][1])])


def test_an_untimed_record_after_the_seam_takes_the_first_time(history):
    """A message whose first record (timed) is before a seam and whose next
    records, after it, have no readable time: the call keeps the first
    record's time, as read whole, also when they lie in two parts (the
    first of them was its part's first record of the message: found by
    tests/fuzz/mutate_reader.py --seed 4444)."""
    first = [user_line("go", ts="2026-03-02T10:00:00Z", cwd=CWD, session="s1"),
             _streamed("2026-03-02T10:00:01Z", "2.1.130")]
    untimed = {**_streamed("x", "2.1.130"), "timestamp": 1e30}
    path = history.write(SLUG, "s1.jsonl", first + [untimed, untimed])
    lines = open(path, "rb").read().splitlines(keepends=True)
    at = [sum(len(x) for x in lines[:k]) for k in (2, 3)]
    for cuts in ([at[0]], [at[1]], at):   # each untimed record in a part of its own too
        parts, whole = _parts_and_whole(path, *cuts)
        assert whole["ts"] == [1772445601000]
        assert parts["ts"] == whole["ts"], cuts


def test_timed_records_after_the_seam_of_an_untimed_first_keep_their_own_time(history):
    """The first record of a message has no readable time and lies before a
    seam; the next two, after it, are timed: as read whole, the call keeps
    its last record's own time (no first time to take)."""
    untimed = {**_streamed("x", "2.1.130"), "timestamp": 1e30}
    recs = [user_line("go", ts="2026-03-02T10:00:00Z", cwd=CWD, session="s1"), untimed,
            _streamed("2026-03-02T10:00:02Z", "2.1.130"), _streamed("2026-03-02T10:00:03Z", "2.1.130")]
    path = history.write(SLUG, "s1.jsonl", recs)
    lines = open(path, "rb").read().splitlines(keepends=True)
    parts, whole = _parts_and_whole(path, sum(len(x) for x in lines[:2]))
    assert whole["ts"] == [1772445603000]
    assert parts["ts"] == whole["ts"]
