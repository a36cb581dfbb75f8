"""`codeburn rules check|explain`, and what a broken rules file does to
every command: one error line naming the file, line and entry."""
from __future__ import annotations

import os
import shutil

import numpy as np
import pytest

from codeburn.classify import ruleset
from codeburn.classify.categories import CATEGORIES, Matcher, classify, explain
from tests.conftest import assistant_line, usage, user_line
from tests.test_classify import EXTRA_CASES

RULES = ruleset.load()


@pytest.fixture
def rules_copy(tmp_path):
    d = tmp_path / "rules"
    shutil.copytree(ruleset.rules_dir(), d, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return d


def _line_of(path, needle: str) -> int:
    return next(i for i, line in enumerate(open(path, encoding="utf-8"), 1) if needle in line)


def test_check_ok(run):
    r = run("rules", "check")
    tools = sum(len(v) for v in RULES.tools.values())
    assert (r.status, r.stdout) == (0, f"rules OK: {len(RULES.patterns)} patterns, {tools} tool names in "
                                       f"{ruleset.rules_dir()}\n")


@pytest.mark.parametrize("command", [("rules", "check"), ("report",), ("models",)])
def test_broken_regex_is_one_line_naming_file_and_entry(run, history, rules_copy, command):
    _one_session(history)  # an empty history is answered without the rules (report/empty.py)
    path = rules_copy / "categories.toml"
    path.write_text(path.read_text().replace(r"\b(refactor|", r"\b((refactor|"))
    r = run(*command, env={"CODEBURN_RULES_DIR": str(rules_copy)})
    line = _line_of(path, 'id = "refactor"')
    assert r.status == 2 and r.stdout == ""
    assert r.stderr.startswith(f"codeburn: error: {path}:{line}: pattern 'refactor': bad regex: ")
    assert r.stderr.count("\n") == 1


def test_pattern_hyperscan_cannot_compile_is_named(run, rules_copy):
    """Back-references are valid for `re` but not for Hyperscan."""
    path = rules_copy / "self_corrections.toml"
    path.write_text(path.read_text().replace(r"'\bmy bad\b'", r"'\b(my) bad \1\b'"))
    r = run("rules", "check", env={"CODEBURN_RULES_DIR": str(rules_copy)})
    line = _line_of(path, 'id = "my-bad"')
    assert r.status == 2
    assert r.stderr.startswith(f"codeburn: error: {path}:{line}: pattern 'my-bad': Hyperscan cannot compile it")


@pytest.mark.parametrize("edit,message", [
    (("categories.toml", 'role = "git"', 'role = "gits"'), "pattern 'git' has unknown role 'gits'"),
    (("categories.toml", 'id = "build"', 'id = "test"'), "duplicate pattern id 'test'"),
    (("tools.toml", "read = [", "reads = ["), "unknown tool set 'reads'"),
    (("bash.toml", 'ignored = ["cd",', 'ignored = [1,'), "`ignored` must be a list of non-empty strings"),
    (("tools.toml", 'edit = ["Edit",', 'edit = ["Edit"'), "tools.toml:3: Unclosed array (column 16)"),
])
def test_bad_entries(run, rules_copy, edit, message):
    name, old, new = edit
    path = rules_copy / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    r = run("rules", "check", env={"CODEBURN_RULES_DIR": str(rules_copy)})
    assert r.status == 2 and r.stderr.startswith(f"codeburn: error: {path}") and message in r.stderr
    assert r.stderr.count("\n") == 1


def test_explain_text(run):
    r = run("rules", "explain", "add error handling to the auth module", "--tools", "Edit")
    path = os.path.join(ruleset.rules_dir(), "categories.toml")
    feature, debug = _line_of(path, 'id = "feature"'), _line_of(path, 'id = "debug"')
    assert r.status == 0
    assert r.stdout.splitlines() == [
        "category    Feature Dev (feature)",
        "decided by  B4 edit tool -> coding; C: feature keyword first (offset 0) -> feature",
        "tools       Edit [edit]",
        "matches",
        f"  feature    feature      byte 0     'add'  ({path}:{feature})",
        f"  debug      debug        byte 4     'error'  ({path}:{debug})"]


def test_explain_json_no_tools(run):
    r = run("rules", "explain", "what if we cached it?", "--format", "json")
    doc = r.json
    assert (doc["category"], doc["categoryId"], doc["decidedBy"], doc["tools"]) == (
        "Brainstorming", "brainstorming", "A (no tools) -> text only: E1 brainstorm keyword", [])
    assert [(m["id"], m["offset"], m["text"]) for m in doc["matches"]] == [("brainstorm", 0, "what if")]


def test_explain_cuts_the_prompt_as_a_turn_s_is_cut(run, history):
    """A turn's prompt is its first 2,000 UTF-16 units: "a " x 1000 + "fix"
    with an Edit is Coding in a report (the keyword is past the cut), and
    explain says so, and says where it cut."""
    from tests.conftest import assistant_line, usage, user_line

    prompt = "a " * 1000 + "fix"
    history.write("-home-dev-src-shopfront", "s.jsonl", [
        user_line(prompt, ts="2026-03-05T10:00:00.000Z"),
        assistant_line("m1", ts="2026-03-05T10:00:05.000Z", usage=usage(10, 10),
                       tools=[("Edit", {"file_path": "/home/dev/src/shopfront/a.ts"})])])
    assert [a["category"] for a in run("report", "-p", "today", "--format", "json").json["activities"]] == ["Coding"]
    doc = run("rules", "explain", prompt, "--tools", "Edit", "--format", "json").json
    assert (doc["category"], doc["promptUnits"], doc["cutAt"], doc["matches"]) == ("Coding", 2003, 2000, [])
    text = run("rules", "explain", prompt, "--tools", "Edit").stdout.splitlines()
    assert text[2] == "prompt      cut to its first 2,000 of 2,003 UTF-16 units, as a turn's prompt is"
    short = run("rules", "explain", "fix it", "--format", "json").json
    assert (short["promptUnits"], short["cutAt"]) == (6, None)


def test_explain_takes_a_prompt_that_begins_with_a_dash_after_the_double_dash(run):
    r = run("rules", "explain", "--tools", "Edit", "--", "- fix the list")
    assert r.status == 0 and r.stdout.splitlines()[0] == "category    Debugging (debugging)"
    assert run("rules", "explain", "--", "--tools").stdout.splitlines()[0] == "category    Conversation (conversation)"


def test_explain_agrees_with_the_batch_classifier():
    """The step-by-step procedure (rules explain) and the vectorised one
    (every report) give the same category for every spec case."""
    matcher = Matcher.build(RULES)
    flag_map = RULES.tool_flag_map()
    for tools, prompt, expected in EXTRA_CASES:
        flags = 0
        for t in tools:
            flags |= ruleset.F_ANY | flag_map.get(t, 0) | (ruleset.TOOL_FLAGS["mcp"] if t.startswith("mcp__") else 0)
        data = prompt.encode()
        pos = matcher.positions(data, np.zeros(1, np.int64), np.array([len(data)], np.int32))
        batch = CATEGORIES[int(classify(np.array([flags], np.uint32), pos)[0])]
        assert (explain(flags, pos[0])[0], batch) == (expected, expected), (tools, prompt)


def _one_session(history) -> None:
    history.write("p", "s.jsonl", [user_line("fix the bug", ts="2026-03-04T09:00:00.000Z"),
                                   assistant_line("m1", ts="2026-03-04T09:00:01.000Z", usage=usage(1, 1))])


def test_cache_info_and_clear(run, history, tmp_path, user_rules):
    """The compiled databases of the user's rules land in
    CODEBURN_CACHE_DIR; `cache clear` removes them (and nothing else), and
    the next run rebuilds them."""
    _one_session(history)  # an empty history is answered without the rules (report/empty.py)
    cache = tmp_path / "cache"
    env = {"CODEBURN_CACHE_DIR": str(cache), "CODEBURN_RULES_DIR": user_rules}
    assert run("report", "--format", "json", env=env).status == 0
    dbs = sorted(p.name for p in cache.iterdir() if p.name.endswith(".hsdb"))
    # two per class of roles a prompt can need (classify.text_classes): starts and ends
    assert len(dbs) == 10 and sum(d.split("-hs")[0].endswith("-ends") for d in dbs) == 5
    (cache / "notes.txt").write_text("not ours")
    info = run("cache", "info", "--format", "json", env=env).json
    digest = ruleset.load(user_rules).digest
    from codeburn.cache.filecache import SUBDIR

    kept = [f"{SUBDIR}/pack.cbp", f"{SUBDIR}/report-v1.cbm", f"{SUBDIR}/scan-v1.cbm", f"{SUBDIR}/turns-{digest}-v2.cbm"]
    days = [p.name for p in cache.iterdir() if p.name.startswith("days-v1-")]
    assert len(days) == 1   # the day history (tests/test_day_history.py), kept by a clear
    assert (info["directory"], [f["name"] for f in info["files"]]) == (str(cache), sorted(days + dbs) + kept)
    r = run("cache", "clear", env=env)
    assert r.status == 0 and r.stdout.startswith("removed 14 files (")
    assert sorted(p.name for p in cache.iterdir()) == days + ["notes.txt"]
    assert run("report", "--format", "json", env=env).status == 0
    assert len([p for p in cache.iterdir() if p.name.endswith(".hsdb")]) == 10
