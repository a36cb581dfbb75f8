"""Turn classification end to end: JSONL written as Claude Code writes it,
read by the compiled reader, classified by the Hyperscan rules.

The first tables are the reference's own classifier tests (spec
classifier-and-parser §5.2) and the extra behaviour listed there."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

from codeburn.classify import ruleset
from codeburn.classify.categories import CATEGORIES
from codeburn.providers.base import Walker
from codeburn.read.discovery import discover_paths
from codeburn.read.scan import scan_sources
from tests.conftest import assistant_line, tool_result_line, usage, user_line


def _records(turns: list) -> list[dict]:
    """turns: [(prompt or None, [call, ...])], a call being [(tool, input), ...]."""
    recs, n = [], 0
    for prompt, calls in turns:
        n += 1
        if prompt is not None:
            recs.append(user_line(prompt, ts=f"2026-03-02T10:{n:02d}:00.000Z"))
        for c, tools in enumerate(calls):
            mid = f"msg_{n}_{c}"
            ts = f"2026-03-02T10:{n:02d}:{c + 1:02d}.000Z"
            recs.append(assistant_line(mid, ts=ts, usage=usage(10, 5), tools=tools))
            for i, _ in enumerate(tools):
                recs.append(tool_result_line(f"toolu_{mid}_{i}", "ok", ts=ts))
    return recs


def classify_turns(tmp_path, turns: list, rules_dir: str | None = None) -> list[dict]:
    path = tmp_path / "session.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for r in _records(turns):
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    sources = discover_paths([str(path)], Walker(), [])
    result = scan_sources(sources, rules=ruleset.load(rules_dir) if rules_dir else None)
    c = result.cols
    return [{"category": CATEGORIES[c["turn_category"][t]], "retries": int(c["turn_retries"][t]),
             "skill": result.strings[c["turn_skill"][t]] if c["turn_skill"][t] >= 0 else None,
             "edit": bool(c["turn_flags"][t] & ruleset.TOOL_FLAGS["edit"])}
            for t in range(c["turn_file"].size)]


def one(tmp_path, prompt, calls) -> dict:
    (turn,) = classify_turns(tmp_path, [(prompt, calls)])
    return turn


def T(*names, **inputs):
    """A call whose tool_use blocks are the given tool names (empty inputs)."""
    return [(n, dict(inputs)) for n in names]


EDIT_A = ("Edit", {"file_path": "/w/a.ts", "old_string": "x", "new_string": "y"})
EDIT_B = ("Edit", {"file_path": "/w/b.ts", "old_string": "x", "new_string": "y"})


def bash(cmd=None):
    return ("Bash", {} if cmd is None else {"command": cmd, "description": "run"})


# spec §5.2 cases 1-16: (calls, prompt, category, skill)
SPEC_CATEGORY_CASES = [
    ("1 skill init", [[("Skill", {"skill": "init"})]], "", "general", "init"),
    ("2 skill from name", [[("Skill", {"name": "atelier"})]], "", "general", "atelier"),
    ("3 first of two skills", [[("Skill", {"skill": "review"}), ("Skill", {"skill": "security-review"})]], "",
     "general", "review"),
    ("4 skills over calls", [[("Skill", {"skill": "claude-api"})], [("Skill", {"skill": "init"})]], "", "general",
     "claude-api"),
    ("5 skill without name", [[("Skill", {})]], "", "general", None),
    ("6 skill with edit", [[("Skill", {"skill": "init"}), EDIT_A]], "", "coding", "init"),
    ("7 no tools", [[]], "just chatting", "conversation", None),
    ("8 skill field empty string hides name", [[("Skill", {"skill": "", "name": "x"})]], "", "general", None),
    ("9", [[EDIT_A]], "add error handling to the auth module", "feature", None),
    ("10", [[EDIT_A]], "create an issue tracker page in the dashboard", "feature", None),
    ("11", [[EDIT_A]], "implement the 404 page with a friendly redirect", "feature", None),
    ("12", [[EDIT_A]], "fix the layout for the new feature", "debugging", None),
    ("13", [[EDIT_A]], "login is broken, traceback below", "debugging", None),
    ("14", [[EDIT_A]], "refactor the error handling so it is cleaner", "refactoring", None),
    ("15", [[]], "add a setting page; we will fix the styles after", "feature", None),
    ("16", [[]], "fix the bug introduced when we added the new flag", "debugging", None),
]


@pytest.mark.parametrize("name,calls,prompt,category,skill", SPEC_CATEGORY_CASES, ids=[c[0] for c in SPEC_CATEGORY_CASES])
def test_spec_category_cases(tmp_path, name, calls, prompt, category, skill):
    turn = one(tmp_path, prompt, calls)
    assert (turn["category"], turn["skill"]) == (category, skill)


# spec §5.2 cases 17-24 and the extra retry rows: (steps as calls, retries)
RETRY_CASES = [
    ("17 read-shaped rg is a lookup", [[EDIT_A], [bash('rg -n "helper" src/')], [EDIT_A]], 0),
    ("18 npm test verifies", [[EDIT_A], [bash("npm test")], [EDIT_A]], 1),
    ("19 missing command verifies", [[EDIT_A], [bash()], [EDIT_A]], 1),
    ("20 three calls", [[("Edit", {})], [bash()], [("Edit", {})]], 1),
    ("21 one call three blocks", [[("Edit", {}), bash(), ("Edit", {})]], 1),
    ("22 edit then bash", [[("Edit", {}), bash()]], 0),
    ("23 two retries", [[("Edit", {}), bash(), ("Edit", {}), bash(), ("Edit", {})]], 2),
    ("24 single edit", [[("Edit", {})]], 0),
    ("other file between", [[EDIT_A], [bash("npm test")], [EDIT_B], [EDIT_A]], 1),
    ("different files", [[EDIT_A], [bash("npm test")], [EDIT_B]], 0),
    ("pipes and git status are read-only", [[EDIT_A], [bash("cat x | grep y && git status")], [EDIT_A]], 0),
    ("git branch verifies", [[EDIT_A], [bash("git branch x")], [EDIT_A]], 1),
    ("sudo alone verifies", [[EDIT_A], [bash("sudo")], [EDIT_A]], 1),
    ("quoted command is echo", [[EDIT_A], [bash('echo "cat file"')], [EDIT_A]], 1),
    ("empty path is its own file", [[("Edit", {"file_path": ""})], [bash("make")], [("Edit", {})]], 0),
    ("MultiEdit is not an edit", [[("MultiEdit", {"file_path": "/w/a.ts"})], [bash("make")],
                                  [("MultiEdit", {"file_path": "/w/a.ts"})]], 0),
]


@pytest.mark.parametrize("name,calls,retries", RETRY_CASES, ids=[c[0] for c in RETRY_CASES])
def test_retry_cases(tmp_path, name, calls, retries):
    assert one(tmp_path, "fix the build", calls)["retries"] == retries


# spec §5.2 "additional behaviour": (tools of one call, prompt, category)
EXTRA_CASES = [
    (["Bash"], "run the tests", "coding"),
    (["Bash"], "please test this", "testing"),
    (["Bash"], "npm test", "testing"),
    ([], "please test this", "conversation"),
    (["Bash"], "git commit the test fixes", "testing"),
    (["Bash"], "commit and push", "coding"),
    (["Bash"], "git push", "git"),
    (["Bash"], "git status please", "git"),
    (["Bash"], "deploy it", "build/deploy"),
    (["Bash"], "docker compose up", "build/deploy"),
    (["Bash"], "pip install foo", "build/deploy"),
    (["Bash"], "brew install jq", "build/deploy"),
    (["Bash"], "npm i foo", "coding"),
    (["Bash"], "hello", "coding"),
    (["Bash"], "what is this?", "coding"),
    (["Bash", "Read"], "look around", "exploration"),
    (["Bash", "Read"], "why is it broken", "debugging"),
    (["Read"], "the error is weird", "debugging"),
    (["Read"], "explain the error", "exploration"),
    (["mcp__x__y"], "fix it", "debugging"),
    (["WebSearch"], "what is rust", "exploration"),
    (["TodoWrite"], "anything", "planning"),
    (["Skill", "TodoWrite"], "anything", "planning"),
    (["Read", "Skill"], "anything", "exploration"),
    (["Task"], "hello", "conversation"),
    (["MultiEdit"], "hello", "conversation"),
    (["ExitPlanMode"], "hello", "conversation"),
    (["Agent", "Edit"], "hello", "delegation"),
    (["EnterPlanMode", "Agent"], "hello", "planning"),
    (["Edit", "Bash"], "run pytest", "coding"),
    ([], "what if we used redis", "brainstorming"),
    ([], "check the config.json", "exploration"),
    ([], "see https://x.com", "exploration"),
    ([], "update config.json", "coding"),
    ([], "make build", "feature"),
    ([], "cargo add serde", "feature"),
    (["Edit"], "move the file", "refactoring"),
    (["Bash"], "move the file", "refactoring"),
    ([], "move the file", "conversation"),
    ([], "thanks", "conversation"),
    ([], "make it faster", "conversation"),
    # JavaScript regex semantics (spec §1.4): ASCII \b and \w, Unicode \s.
    (["Edit"], "caféfix it", "debugging"),
    (["Edit"], "stack\u00a0trace attached", "debugging"),
    (["Edit"], "errors and bugs everywhere", "coding"),
    (["Edit"], "make an api", "coding"),
    ([], "run the scrit", "coding"),
    ([], "", "conversation"),
]


@pytest.mark.parametrize("tools,prompt,category", EXTRA_CASES, ids=[f"{'+'.join(t) or 'none'}: {p}" for t, p, _ in EXTRA_CASES])
def test_extra_cases(tmp_path, tools, prompt, category):
    assert one(tmp_path, prompt, [T(*tools)])["category"] == category


def test_turn_grouping_and_leading_turn(tmp_path):
    """Calls before any prompt form a leading turn (classified from tools or
    an empty message); a prompt without calls is replaced by the next one;
    tool results do not split turns."""
    turns = classify_turns(tmp_path, [
        (None, [T("Read")]),                 # leading turn, no prompt
        ("fix the bug", []),                 # replaced by the next prompt
        ("refactor the cart module", [[EDIT_A], [bash("npm test")], [EDIT_A]]),
        ("thanks", [[]]),
    ])
    assert [(t["category"], t["retries"], t["edit"]) for t in turns] == [
        ("exploration", 0, False), ("refactoring", 1, True), ("conversation", 0, False)]


def test_keyword_on_prompt_boundary_is_seen_in_both_prompts(tmp_path):
    """Prompts are scanned back to back in one buffer. A pattern that can
    span the separator (npm\\s+test across '\\n') must not hide the match
    that lies inside the next prompt (the leftmost-start report hazard)."""
    turns = classify_turns(tmp_path, [("hello npm", [T("Bash")]), ("test", [T("Bash")]),
                                      ("see http://a.io", [T("Bash")]), ("http://b.io", [T("Read")])])
    assert [t["category"] for t in turns] == ["coding", "testing", "coding", "exploration"]


PROMPT_CAP_CASES = [
    ("string at the cap", "a" * 1996 + " fix", "debugging"),
    ("string one past the cap", "a" * 1997 + " fix", "coding"),
    ("surrogate pairs count two", "\U0001F600" * 998 + " fix", "debugging"),  # 1,996 + 4 units
    ("surrogate pairs past the cap", "\U0001F600" * 999 + " fix", "coding"),  # cut after " f"
    ("blocks share the budget", [{"type": "text", "text": "a" * 1990}, {"type": "text", "text": "fix"}], "debugging"),
    ("join space is cut again", [{"type": "text", "text": "a" * 1998}, {"type": "text", "text": "fix it"}], "coding"),
    ("non-text blocks are ignored", [{"type": "image", "source": {}}, None, {"type": "text", "text": "fix"}],
     "debugging"),
]


@pytest.mark.parametrize("name,content,category", PROMPT_CAP_CASES, ids=[c[0] for c in PROMPT_CAP_CASES])
def test_prompt_is_cut_at_2000_utf16_units(tmp_path, name, content, category):
    """Only the first 2,000 UTF-16 units of the prompt count (spec §3.4):
    text blocks share one budget, are joined with a space, and the joined
    text is cut to 2,000 units again."""
    recs = [user_line(ts="2026-03-02T10:00:00Z", content=content),
            assistant_line("m1", ts="2026-03-02T10:00:01Z", usage=usage(1, 1), tools=[EDIT_A])]
    path = tmp_path / "cap.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8")
    result = scan_sources(discover_paths([str(path)], Walker(), []))
    assert CATEGORIES[result.cols["turn_category"][0]] == category


def test_rules_change_needs_no_code_change(tmp_path):
    """A keyword and a tool name added to copies of the rules files change
    the decisions, with no code touched."""
    src = ruleset.rules_dir()
    rules = tmp_path / "rules"
    rules.mkdir()
    for name in os.listdir(src):
        if name.endswith(".toml"):
            (rules / name).write_text((open(os.path.join(src, name), encoding="utf-8").read()))
    before = classify_turns(tmp_path, [("tidy the cart", [[EDIT_A]]), ("hello", [T("Scribble")])], str(rules))
    cat = (rules / "categories.toml").read_text()
    (rules / "categories.toml").write_text(cat.replace("\\b(refactor|", "\\b(tidy|refactor|"))
    tools = (rules / "tools.toml").read_text()
    (rules / "tools.toml").write_text(tools.replace('edit = ["Edit",', 'edit = ["Scribble", "Edit",'))
    after = classify_turns(tmp_path, [("tidy the cart", [[EDIT_A]]), ("hello", [T("Scribble")])], str(rules))
    assert [t["category"] for t in before] == ["coding", "conversation"]
    assert [t["category"] for t in after] == ["refactoring", "coding"]
    assert np.array([t["edit"] for t in after]).tolist() == [True, True]


# --- the Hyperscan path against a plain `re` implementation of the same rules ---

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from codeburn.classify.categories import Matcher, ReMatcher  # noqa: E402

RULES = ruleset.load()
FRAGMENTS = ["fix", "test", "npm", "git", "push", "add", "new", "make", "a", "the", "me", "run", "x.py", "db",
             "api", "stack", "trace", "http://", "https://e.io/p", "not", "working", "set", "up", "what", "if",
             "clean", "how", "does", "is", "café", "日本", "404", "_", "-", ".", "/", ":", "'", '"', "ü", "é",
             "\U0001F600", "FIX", "Test", "ä", "ß", "\u017f", "\u017fet", "\u212a", "\u212aill", "refactor", "rename"]
SPACES = [" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000", "\ufeff", "\u2028", "\u0085", "\x0b", ""]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(SPACES), st.text(max_size=3)),
                 max_size=25).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts, min_size=1, max_size=6))
def test_hyperscan_agrees_with_re(prompts):
    """Same leftmost match offset for every role of every prompt, with the
    prompts scanned back to back in one arena as the reader hands them over."""
    matcher, reference = Matcher.build(RULES), ReMatcher(RULES)
    encoded = [p.encode("utf-8", "surrogatepass") for p in prompts]
    if any(b"\xed" in e for e in encoded):  # lone surrogates are not valid UTF-8 (JSON never yields them)
        return
    offsets, arena = [], b""
    for e in encoded:
        offsets.append(len(arena))
        arena += e + b"\n"
    got = matcher.positions(arena, np.array(offsets, dtype=np.int64), np.array([len(e) for e in encoded], dtype=np.int32))
    assert got.tolist() == reference.positions(prompts).tolist()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts, min_size=1, max_size=6))
def test_order_from_match_ends_classifies_as_leftmost_starts(prompts):
    """Matcher.order (one scan without start tracking, then exact scans of
    the prompts it cannot decide) finds the same roles as `re` and orders
    the ORDERED roles as their leftmost starts: every flags value gets the
    category the exact offsets give."""
    from codeburn.classify.categories import NO_MATCH, ORDERED, ROLE, classify
    from codeburn.classify.prompt_classes import FLAG_SPACE

    matcher, reference = Matcher.build(RULES), ReMatcher(RULES)
    encoded = [p.encode("utf-8", "surrogatepass") for p in prompts]
    if any(b"\xed" in e for e in encoded):
        return
    offsets = np.cumsum([0] + [len(e) + 1 for e in encoded[:-1]]).astype(np.int64)
    got = matcher.order(b"".join(e + b"\n" for e in encoded), offsets, np.array([len(e) for e in encoded], np.int32))
    want = reference.positions(prompts)
    assert ((got == NO_MATCH) == (want == NO_MATCH)).all()
    for i, x in enumerate(ORDERED):
        for y in ORDERED[i + 1:]:
            a, b = ROLE[x], ROLE[y]
            both = (want[:, a] != NO_MATCH) & (want[:, b] != NO_MATCH)
            assert (np.sign(got[both, a].astype(np.int64) - got[both, b]) ==
                    np.sign(want[both, a].astype(np.int64) - want[both, b])).all()
    flags = np.repeat(np.arange(FLAG_SPACE, dtype=np.uint32), len(prompts))
    assert (classify(flags, np.tile(got, (FLAG_SPACE, 1))) == classify(flags, np.tile(want, (FLAG_SPACE, 1)))).all()


def test_order_leaves_out_a_match_that_runs_across_prompts():
    """`api\\s+\\S+` can run from one prompt over the separator into the
    next; its end alone cannot say where it began, so that prompt is
    scanned again: the second prompt has no script keyword."""
    from codeburn.classify.categories import NO_MATCH, ROLE

    matcher = Matcher.build(RULES)
    arena = b"call the api\nnow then\nfix it, then build it\n"
    got = matcher.order(arena, np.array([0, 13, 22]), np.array([12, 8, 22], np.int32))
    assert got[1, ROLE["script"]] == NO_MATCH and got[0, ROLE["script"]] == NO_MATCH
    assert (got[2, ROLE["debug"]], got[2, ROLE["feature"]]) == (0, 13)  # fixed-width words: exact


def test_caseless_as_javascript_without_u():
    """JavaScript's `i` flag folds no non-ASCII letter onto an ASCII one;
    Hyperscan's caseless mode would let the long s (U+017F) match `s` and
    the Kelvin sign (U+212A) match `k`."""
    from codeburn.classify.categories import NO_MATCH, ROLE

    matcher = Matcher.build(RULES)
    for text, role in (("\u017fet up the \u017fpec", "feature"), ("\u017fpec", "test"), ("bro\u212aen", "debug"),
                       ("chec\u212a", "research")):
        data = text.encode()
        for pos in (matcher.positions(data, np.array([0]), np.array([len(data)])),
                    matcher.order(data + b"\n", np.array([0]), np.array([len(data)])),
                    ReMatcher(RULES).positions([text])):
            assert pos[0, ROLE[role]] == NO_MATCH, (text, role)
    data = b"SET UP the Spec"
    assert matcher.positions(data, np.array([0]), np.array([len(data)]))[0, ROLE["feature"]] == 0


def test_needed_roles_cover_every_decision():
    """Prompts are scanned only for the roles their turn's tool flags leave
    open (categories.needed_roles). Masking every other role must never change
    a category: checked for every flags value against random match tables."""
    from codeburn.classify.categories import NO_MATCH, ROLE, ROLES, classify
    from codeburn.classify.prompt_classes import FLAG_SPACE, needed_roles

    rng = np.random.default_rng(7)
    flags = np.repeat(np.arange(FLAG_SPACE, dtype=np.uint32), 64)
    pos = rng.integers(0, 40, size=(flags.size, len(ROLES))).astype(np.int32)
    pos[rng.random(pos.shape) < 0.6] = NO_MATCH
    masked = pos.copy()
    for f in range(FLAG_SPACE):
        keep = [ROLE[r] for r in needed_roles(f)]
        drop = [i for i in range(len(ROLES)) if i not in keep]
        masked[np.ix_(flags == f, drop)] = NO_MATCH
    assert (classify(flags, pos) == classify(flags, masked)).all()


def test_scan_without_classifier_keeps_every_number(tmp_path):
    """classify_turns=False (for totals that need no categories) changes
    nothing but the categories, which are then -1."""
    path = tmp_path / "s.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in _records([("fix it", [[EDIT_A], [bash("npm test")], [EDIT_A]]),
                                                                ("thanks", [[]])])) + "\n")
    a = scan_sources(discover_paths([str(path)], Walker(), []))
    b = scan_sources(discover_paths([str(path)], Walker(), []), classify_turns=False)
    assert [CATEGORIES[c] for c in a.cols["turn_category"]] == ["debugging", "conversation"]
    assert b.cols["turn_category"].tolist() == [-1, -1]
    for k in a.cols:
        if k not in ("turn_category", "turn_text_class", "turn_text_off", "turn_text_len"):
            assert a.cols[k].tolist() == b.cols[k].tolist(), k


def test_database_loaded_once_per_process_until_its_file_goes(tmp_path, monkeypatch):
    """Repeated scans in one process share the loaded database (no new
    Scratch per scan); once `cache clear` has removed its file, the next
    build reads or compiles again and writes the file back. (Rules the
    package has no databases for: as user rules are.)"""
    from codeburn.classify import categories

    monkeypatch.setattr(categories, "SHIPPED_DIR", str(tmp_path / "none"))
    env = {"CODEBURN_CACHE_DIR": str(tmp_path)}
    first = Matcher.build(RULES, env, ("debug", "research"))
    files = sorted((p for p in tmp_path.iterdir() if p.name.endswith(".hsdb")), key=lambda p: "-ends-" in p.name)
    assert len(files) == 2 and "-ends-" in files[1].name  # leftmost starts, and ends only
    assert Matcher.build(RULES, env, ("debug", "research")).db is first.db
    assert Matcher.build(RULES, env, ("research",)).db is not first.db
    files[0].unlink()
    again = Matcher.build(RULES, env, ("debug", "research"))
    assert again.db is not first.db and again.ends.db is first.ends.db and files[0].exists()
    text = b"why is this failing? search the docs"
    assert np.array_equal(again.positions(text, np.array([0]), np.array([len(text)])),
                          first.positions(text, np.array([0]), np.array([len(text)])))


def test_bundled_rules_databases_ship_with_the_build(tmp_path, monkeypatch):
    """The build compiles the bundled rules' databases (setup.py,
    categories.write_shipped): a first run loads them and compiles nothing
    into its cache dir; every class of prompts has one."""
    from codeburn.classify import categories
    from codeburn.classify.prompt_classes import text_classes

    monkeypatch.setattr(categories, "_LOADED", {})
    env = {"CODEBURN_CACHE_DIR": str(tmp_path)}
    for roles in text_classes()[1][1:]:
        m = Matcher.build(RULES, env, roles)
        text = b"fix the failing test in the parser"
        assert m.positions(text, np.array([0]), np.array([len(text)])).shape == (1, len(ruleset.ROLES))
    for roles in categories.rescan_roles(text_classes()[1][1:]):   # Matcher.order's narrower rescans
        m = Matcher.build(RULES, env, roles, ends=False)
        assert m.ends is None and {ruleset.ROLES[r] for r in m.role_of} == set(roles)
    assert list(tmp_path.iterdir()) == []


def test_rescan_roles_are_each_role_and_the_ordered_ones_together():
    from codeburn.classify.categories import rescan_roles

    assert rescan_roles([("research", "debug"), ("test", "refactor", "feature", "debug")]) == [
        ("research",), ("debug",), ("test",), ("refactor",), ("feature",), ("refactor", "feature", "debug")]


def test_order_rescans_only_the_roles_in_doubt():
    """A prompt after one ending in "api" has a script match that may have
    begun before it: only that role is scanned again (exactly: absent
    here), while its feature/debug order comes from the ends alone and
    equals the leftmost starts; a prompt whose feature and debug bounds
    overlap (`make\\s+the` may have begun anywhere before its end, a sure
    "add" comes after the "fix") gets the ORDERED roles' exact starts."""
    from codeburn.classify.categories import NO_MATCH, ROLE

    matcher = Matcher.build(RULES)
    prompts = [b"call the api", b"x.y fix it and add more", b"make  the fix and add"]
    offsets = np.cumsum([0] + [len(p) + 1 for p in prompts[:-1]]).astype(np.int64)
    matcher.narrower.clear()
    got = matcher.order(b"".join(p + b"\n" for p in prompts), offsets, np.array([len(p) for p in prompts], np.int32))
    assert got[1, ROLE["script"]] == NO_MATCH and got[0, ROLE["script"]] == NO_MATCH
    assert got[1, ROLE["debug"]] < got[1, ROLE["feature"]] != NO_MATCH
    assert (got[2, ROLE["feature"]], got[2, ROLE["debug"]]) == (0, 10)
    assert sorted(matcher.narrower) == [("refactor", "feature", "debug"), ("script",)]


def test_ends_sink_folds_matches_in_any_order():
    """The compiled handler of the ends scan gives, per prompt and role, the
    least possible start (`out`) and the least sure one (`upper`) whatever
    order the matches come in, and drops a match that runs past its prompt."""
    from codeburn._fast.reader import EndsSink
    from codeburn.classify.categories import NO_MATCH

    off, ln = np.array([0, 10, 20], np.int64), np.array([9, 9, 9], np.int64)
    role, least, most = np.array([0, 1, 1], np.int64), np.array([3, 2, 2], np.int64), np.array([3, 50, 50], np.int64)
    newline = np.array([0, 1, 0], np.uint8)
    out, upper = np.full((3, 2), NO_MATCH, np.int32), np.full((3, 2), NO_MATCH, np.int32)
    sink = EndsSink(off, ln, role, least, most, newline, out, upper)
    for pid, end in [(0, 27), (0, 8), (1, 15), (0, 5), (2, 26), (0, 20), (0, 30)]:
        sink(pid, 0, end, 0, None)
    assert out.tolist() == [[2, NO_MATCH], [NO_MATCH, 0], [4, 0]]
    assert upper.tolist() == [[2, NO_MATCH], [NO_MATCH, NO_MATCH], [4, 4]]
    with pytest.raises(ValueError):
        sink(3, 0, 5, 0, None)


def test_the_shipped_alternatives_table_is_what_the_rules_give():
    """The build writes the bundled rules' alternatives and their widths
    (write_shipped) so a run does not parse ~140 regexes: the table equals
    what widths.alternatives works out, and a missing or damaged table is
    worked out instead."""
    import os

    from codeburn.classify import categories
    from codeburn.classify.widths import alternatives

    path = os.path.join(categories.SHIPPED_DIR, categories.widths_name(RULES.digest))
    want = {p.regex: alternatives(p.regex) for p in RULES.category_patterns}
    assert categories._read_widths(path) == want
    assert categories._read_widths(path + ".missing") == {}


def test_a_damaged_alternatives_table_is_worked_out_again(tmp_path, monkeypatch):
    from codeburn.classify import categories

    (tmp_path / categories.widths_name(RULES.digest)).write_text('{"x": [["x", "one"]]}')
    monkeypatch.setattr(categories, "SHIPPED_DIR", str(tmp_path))
    monkeypatch.setattr(categories, "_SPLITS", {})
    table = categories._alternatives(RULES)
    assert set(table) == {p.regex for p in RULES.category_patterns}


def test_a_shipped_database_this_host_cannot_load_is_compiled_instead(tmp_path, monkeypatch):
    """A shipped file that does not load (another CPU's, or damaged) is
    passed over: the rules are compiled into the cache dir, and match."""
    from codeburn.classify import categories
    import hyperscan

    shipped = tmp_path / "shipped"
    shipped.mkdir()
    roles = ("debug", "research")
    tag = RULES.digest + "-" + "+".join(sorted(roles))
    (shipped / categories.database_name(tag, hyperscan.__version__)).write_bytes(b"\0not a database" * 64)
    monkeypatch.setattr(categories, "SHIPPED_DIR", str(shipped))
    monkeypatch.setattr(categories, "_LOADED", {})
    m = Matcher.build(RULES, {"CODEBURN_CACHE_DIR": str(tmp_path / "cache")}, roles)
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == sorted(
        categories.database_name(tag + suffix, hyperscan.__version__) for suffix in ("", "-ends"))
    text = b"why does this error happen"
    assert (m.positions(text, np.array([0]), np.array([len(text)])) != categories.NO_MATCH).any()


def test_match_sink_keeps_every_match_in_order():
    """The compiled handler Hyperscan calls per match: (id, start, end) kept
    in call order; a call it cannot take raises and keeps nothing of it."""
    from codeburn._fast.reader import MatchSink

    sink = MatchSink()
    sink(3, 0, 5, 0, None)
    sink(1, 7, 9, 0, None)
    with pytest.raises(TypeError):
        sink(2, "x", 4, 0, None)
    with pytest.raises(TypeError):
        sink(2, 4)
    assert [a.tolist() for a in sink.take()] == [[3, 1], [0, 7], [5, 9]]
    assert [a.tolist() for a in sink.take()] == [[], [], []]


def test_user_rules_with_a_repeated_group_order_as_re(tmp_path, monkeypatch):
    """A rule whose alternatives sit in a repeated group ((tidy|neat)+) is
    scanned whole, not split: "tidyneat" matches it and neither part."""
    from codeburn.classify import categories
    from codeburn.classify.categories import NO_MATCH, ROLE

    src = ruleset.rules_dir()
    rules = tmp_path / "rules"
    rules.mkdir()
    for name in os.listdir(src):
        if name.endswith(".toml"):
            (rules / name).write_text(open(os.path.join(src, name), encoding="utf-8").read())
    with open(rules / "categories.toml", "a", encoding="utf-8") as f:
        f.write("\n[[pattern]]\nid = \"tidy\"\nrole = \"refactor\"\nregex = '\\b(tidy|neat)+x\\b'\n")
    monkeypatch.setattr(categories, "SHIPPED_DIR", str(tmp_path / "none"))
    loaded = ruleset.load(str(rules))
    matcher = Matcher.build(loaded, {"CODEBURN_CACHE_DIR": str(tmp_path / "cache")})
    texts = ["tidyneatx then fix it", "fix it, then neattidyx", "tidyx", "neat x"]
    encoded = [t.encode() for t in texts]
    offsets = np.cumsum([0] + [len(e) + 1 for e in encoded[:-1]]).astype(np.int64)
    got = matcher.order(b"".join(e + b"\n" for e in encoded), offsets, np.array([len(e) for e in encoded], np.int32))
    want = ReMatcher(loaded).positions(texts)
    r = ROLE["refactor"]
    assert (got[:, r] != NO_MATCH).tolist() == (want[:, r] != NO_MATCH).tolist() == [True, True, True, False]
    assert (got[:, r] < got[:, ROLE["debug"]]).tolist() == (want[:, r] < want[:, ROLE["debug"]]).tolist()
