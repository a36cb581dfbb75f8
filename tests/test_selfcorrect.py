"""Self-corrections found in the scan itself (codeburn.classify.selfcorrect,
cb_phrases.h): the phrases the reader looks for, the candidates it keeps,
and `compare`'s counts cold, from the per-file cache, and after the rules
change under a kept cache."""
from __future__ import annotations

import json
import shutil

import pytest

from codeburn._fast import Scanner
from codeburn.classify import ruleset, selfcorrect
from tests.conftest import assistant_line, dumps, usage, user_line

SONNET = "claude-sonnet-4-5-20250929"


def _lines(*recs) -> bytes:
    return "".join(dumps(r) + "\n" for r in recs).encode()


@pytest.mark.parametrize("regex,expected", [
    (r"\bmy mistake\b", [("my mistake", True)]),
    (r"\bmy apolog", [("my apolog", True)]),
    (r"\bI made (a |an )?(error|mistake)\b", [(p, True) for p in sorted(
        ["i made a error", "i made a mistake", "i made an error", "i made an mistake", "i made error",
         "i made mistake"])]),
    (r"\bthat was (incorrect|wrong|an error)\b",
     [("that was an error", True), ("that was incorrect", True), ("that was wrong", True)]),
    ("\\byou're right[.,]? I", [("you're right i", True), ("you're right, i", True), ("you're right. i", True)]),
    (r"oops+", [("oop", False)]),                  # stops before the repeat: a prefix still begins every match
    (r"\b\w+ly wrong", [("", False)]),             # no literal beginning: every text is a candidate
    (r"[a-z]oops", [("", False)]),
    (r"(?:sorry|oops) about", [("oops about", False), ("sorry about", False)]),
])
def test_beginnings(regex, expected):
    assert selfcorrect.beginnings(regex) == expected


def test_the_shipped_rules_give_phrases_for_every_pattern():
    phrases, stamp = selfcorrect.phrases(ruleset.load())
    assert stamp != 0 and ("", False) not in phrases
    assert len(phrases) == 1 + 1 + 1 + 1 + 1 + 1 + 6 + 1 + 1 + 3 + 1 + 1 + 3 + 1  # per pattern, in file order


def _scanner(phrases) -> Scanner:
    s = Scanner()
    s.set_phrases(phrases, 7)
    return s


def _candidates(s: Scanner) -> list[tuple[str, int, str]]:
    cols, strings = s.columns(), s.strings()
    text = cols["corr_text"].tobytes()
    return [(strings[m], t, text[o:o + n].decode()) for m, t, o, n in
            zip(cols["corr_model"].tolist(), cols["corr_ts"].tolist(), cols["corr_off"].tolist(),
                cols["corr_len"].tolist())]


def test_the_reader_keeps_candidate_texts_with_their_time_and_model():
    s = _scanner([("my mistake", True), ("sorry about", True)])
    data = _lines(
        user_line("my mistake, sorry about that", ts="2026-03-04T09:00:00.000Z"),   # user text: never
        assistant_line("m1", ts="2026-03-04T09:00:01.000Z", usage=usage(1, 1), text="Done.\nMY MISTAKE: the path."),
        # the same message streamed on: its tool_use record carries no text
        assistant_line("m1", ts="2026-03-04T09:00:02.000Z", usage=usage(1, 2), tools=[("Read", {"file_path": "/a"})]),
        assistant_line("m2", ts="2026-03-04T09:00:03.000Z", usage=usage(1, 1), text="notmy mistake"),  # no word start
        assistant_line("m3", ts="2026-03-04T09:00:04.000Z", usage=usage(1, 1), text="Sorry aboutface"),
        assistant_line("m4", ts="2026-03-04T09:00:05.000Z", model="<synthetic>", usage=usage(0, 0),
                       text="Sorry about that"),
        assistant_line("m5", ts="2026-03-04T09:00:06.000Z", text="my mistake"),       # no usage: still a message
        assistant_line("m6", ts="not a time", usage=usage(1, 1), text="my mistake"),  # no time: not counted
    )
    s.scan_bytes(data, 0)
    assert _candidates(s) == [
        (SONNET, 1772614801000, "Done.\nMY MISTAKE: the path."),
        (SONNET, 1772614804000, "Sorry aboutface"),  # a candidate; the exact pattern (\b at the end) says no
        (SONNET, 1772614806000, "my mistake"),
    ]


def test_text_blocks_are_joined_by_one_space():
    rec = assistant_line("m1", ts="2026-03-04T09:00:01.000Z", usage=usage(1, 1))
    rec["message"]["content"] = [{"type": "text", "text": "That was my"}, {"type": "thinking", "thinking": "x"},
                                 {"type": "text", "text": "mistake."}]
    s = _scanner([("my mistake", True)])
    s.scan_bytes(_lines(rec), 0)
    assert [c[2] for c in _candidates(s)] == ["That was my mistake."]


def test_without_phrases_nothing_is_kept():
    s = Scanner()
    s.scan_bytes(_lines(assistant_line("m1", ts="2026-03-04T09:00:01.000Z", usage=usage(1, 1), text="my mistake")), 0)
    assert s.columns()["corr_ts"].size == 0 and s.phrase_stamp == 0


def test_every_text_is_a_candidate_when_a_pattern_has_no_beginning():
    s = _scanner([("", False)])
    s.scan_bytes(_lines(assistant_line("m1", ts="2026-03-04T09:00:01.000Z", usage=usage(1, 1), text="fine")), 0)
    assert [c[2] for c in _candidates(s)] == ["fine"]


def test_a_large_file_read_in_parts_keeps_the_same_candidates(tmp_path):
    """Parts decoded apart and joined (several threads) give what one read gives."""
    recs = []
    for i in range(400):
        ts = f"2026-03-04T09:{i // 60:02d}:{i % 60:02d}.000Z"
        recs.append(user_line(f"step {i} " + "x" * 300, ts=ts))
        recs.append(assistant_line(f"m{i}", ts=ts, usage=usage(1, 1),
                                   text=("I apologize, " if i % 7 == 0 else "Fine, ") + "y" * 200))
    path = tmp_path / "big.jsonl"
    path.write_bytes(_lines(*recs))
    phrases = [("i apologize", True)]
    whole = _scanner(phrases)
    whole.scan_file(str(path), 0)
    parts = _scanner(phrases)
    size = path.stat().st_size
    cuts = [0, size // 3, 2 * size // 3, -1]
    pieces = [parts.decode_part(str(path), 0, a, b) for a, b in zip(cuts, cuts[1:])]
    pieces[0].append(pieces[1:])
    main = _scanner(phrases)
    main.adopt(pieces[0], 0)
    assert _candidates(main) == _candidates(whole) and len(_candidates(whole)) == 58


@pytest.fixture
def rules_copy(tmp_path):
    d = tmp_path / "rules"
    shutil.copytree(ruleset.rules_dir(), d, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return d


def _self_corrections(run, env) -> dict[str, int]:
    r = run("compare", "--format", "json", env=env)
    assert r.status == 0, r.stderr
    return {s["model"]: s["selfCorrections"] for s in r.json}


def test_compare_counts_cold_warm_and_after_the_rules_change(run, history, tmp_path, rules_copy):
    """On these files with the next test's session beside them, 0.9.20's
    `compare --format json -p lifetime` counts 3 for Sonnet (a1, a4, b1)
    and 1 for Opus, as we do."""
    opus = "claude-opus-4-6"
    sess = [
        user_line("fix it", ts="2026-03-04T09:00:00.000Z"),
        assistant_line("a1", ts="2026-03-04T09:00:01.000Z", usage=usage(10, 10), text="I was wrong about the path."),
        assistant_line("a2", ts="2026-03-04T09:00:02.000Z", usage=usage(10, 10), text="Whoops, fixed."),
        assistant_line("a3", ts="2026-03-04T09:00:03.000Z", usage=usage(10, 10), model=opus,
                       text="I made an error in the test."),
    ]
    history.write("-p", "s.jsonl", sess)
    # a resumed session copies the messages before it: each counts once
    history.write("-p", "t.jsonl", sess[:2] + [
        assistant_line("a4", ts="2026-03-04T10:00:01.000Z", usage=usage(10, 10), text="Let me correct that.")])
    env = {"CODEBURN_CACHE_DIR": str(tmp_path / "cache")}
    cold = _self_corrections(run, {**env, "CODEBURN_CACHE_DIR": str(tmp_path / "cold")})
    assert cold == {SONNET: 2, opus: 1}
    assert _self_corrections(run, env) == cold   # fills the cache
    assert _self_corrections(run, env) == cold   # from it
    path = rules_copy / "self_corrections.toml"
    path.write_text(path.read_text() + '\n[[pattern]]\nid = "whoops"\nrole = "self_correction"\nregex = \'\\bwhoops\\b\'\n')
    assert _self_corrections(run, {**env, "CODEBURN_RULES_DIR": str(rules_copy)}) == {SONNET: 3, opus: 1}


def test_compare_json_of_the_reference_fixture_is_unchanged_by_the_cache(run, history, tmp_path):
    """A message streamed over two records (text, then tool_use) counts once."""
    history.write("-p", "s.jsonl", [
        user_line("go", ts="2026-03-04T09:00:00.000Z"),
        assistant_line("b1", ts="2026-03-04T09:00:01.000Z", usage=usage(5, 1), text="My bad, the file moved."),
        assistant_line("b1", ts="2026-03-04T09:00:02.000Z", usage=usage(5, 9), tools=[("Edit", {"file_path": "/x"})]),
    ])
    env = {"CODEBURN_CACHE_DIR": str(tmp_path / "cache")}
    first = run("compare", "--format", "json", env=env).json
    second = run("compare", "--format", "json", env=env).json
    assert first == second
    assert [(s["model"], s["calls"], s["outputTokens"], s["selfCorrections"]) for s in first] == [(SONNET, 1, 9, 1)]
    assert json.loads(json.dumps(first))  # plain JSON


@pytest.mark.parametrize("before", ["", " ", "x", "\n", "é", "_"])
def test_a_phrase_is_found_at_every_offset(before):
    """The reader looks 16 bytes at a time, then byte by byte where a block
    may hold a phrase: a phrase is found wherever it sits, and only at a
    word start."""
    s = _scanner(selfcorrect.phrases(ruleset.load())[0])
    recs = [assistant_line(f"m{k}", ts=f"2026-03-04T09:00:{k:02d}.000Z", usage=usage(1, 1),
                           text="." * k + before + "You're right, I" + "." * (40 - k)) for k in range(40)]
    s.scan_bytes(_lines(*recs), 0)
    word = before in ("x", "_")
    assert len(_candidates(s)) == (0 if word else 40)


def _has_phrase(text: str, phrases) -> bool:
    """The candidate rule spelled out: a phrase in the ASCII-folded text,
    where a word-start phrase has no ASCII word byte before it."""
    low = text.encode().lower()
    for w, at_word in phrases:
        wb = w.encode()
        i = low.find(wb)
        while i >= 0:
            if not at_word or i == 0 or not (chr(low[i - 1]).isascii() and (chr(low[i - 1]).isalnum() or low[i - 1] == 95)):
                return True
            i = low.find(wb, i + 1)
    return False


@pytest.mark.parametrize("name", ["user", "self", "pairs", "short", "mixed"])
def test_candidates_agree_with_the_rule_on_random_texts(name):
    """Random texts built from pieces of the phrases (any case, any
    neighbours): the reader keeps exactly the texts holding a phrase. The
    sets cover the vector pass on three-byte and two-byte leads (every
    phrase a word start, few leads), the byte loop (a phrase not at a word
    start, a one-byte phrase) and phrases sharing their first bytes."""
    import random

    rules = ruleset.load()
    sets = {"user": selfcorrect.phrases(rules, selfcorrect.USER_ROLE)[0], "self": selfcorrect.phrases(rules)[0],
            "pairs": (("ab", True), ("no i", True), ("you", True), ("no, i", True)),
            "short": (("ab", True), ("abc d", True), ("x", False)),
            "mixed": (("that's wrong", True), ("that is", True), ("thx", False), ("oops", False))}
    phrases = sets[name]
    rng = random.Random(sum(map(ord, name)))
    pieces = [w for w, _ in phrases] + [w[:k] for w, _ in phrases for k in (1, 2, 3, 5)] + \
        ["the ", "that ", " ", "_", "x", "é", ".", "\n", "9", "'", ", "]
    recs, expected = [], []
    for k in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        text = "".join(c.upper() if rng.random() < 0.3 else c for c in text)
        recs.append(assistant_line(f"m{k}", ts=f"2026-03-04T09:{k // 60:02d}:{k % 60:02d}.000Z", usage=usage(1, 1),
                                   text=text or "."))
        expected.append(_has_phrase(text or ".", phrases))
    s = _scanner(phrases)
    s.scan_bytes(_lines(*recs), 0)
    nine = 1_772_614_800_000  # 2026-03-04T09:00:00Z in ms: record k is k seconds after it
    found = sorted((t - nine) // 1000 for _, t, _ in _candidates(s))
    assert found == [k for k, e in enumerate(expected) if e]
    assert 40 < len(found) < 360


@pytest.mark.parametrize("role", [selfcorrect.ROLE, selfcorrect.USER_ROLE])
def test_one_joined_regex_confirms_as_the_patterns_one_by_one(role):
    """The shipped patterns are confirmed by one regex of all of them: on
    texts that hold each pattern's phrases (and near misses), it says yes
    exactly where one of the patterns matches."""
    import random

    rules = ruleset.load()
    check = selfcorrect.Confirmer(rules, role)
    assert check.union is not None
    rng = random.Random(7)
    pieces = [w for w, _ in selfcorrect.phrases(rules, role)[0]] + ["I ", "that", "'s", "not ", "wrong", "x", " ",
                                                                        "_", "é", "\n", ".", "meant"]
    hits = 0
    for _ in range(600):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        text = "".join(c.upper() if rng.random() < 0.2 else c for c in text)
        want = any(rx.search(text) for rx in check.exact)
        assert check.matches(text) == want
        hits += want
    assert 60 < hits < 540


def test_patterns_that_cannot_be_joined_are_confirmed_one_by_one():
    """A back-reference (its group number would change in a joined regex)
    or an inline flag (allowed only at a pattern's start) keeps the
    patterns apart, with the same answers."""
    where = "self_corrections.toml:1"
    texts = ("oops oops", "oops no", "my bad", "mybad", "My Mistake")
    for regexes, want in (([r"\b(oops)\s+\1\b", r"\bmy bad\b"], [True, False, True, False, False]),
                          ([r"(?x) my \s bad", r"\bmy mistake\b"], [False, False, True, False, True])):
        rules = ruleset.RuleSet([ruleset.Pattern(f"p{i}", selfcorrect.ROLE, rx, where) for i, rx in enumerate(regexes)],
                                {}, "mcp__", {}, "test")
        check = selfcorrect.Confirmer(rules)
        assert check.union is None
        assert [check.matches(t) for t in texts] == want
