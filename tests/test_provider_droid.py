"""Droid (spec providers §1.6): session totals from the settings file split
over the assistant messages, and the report of
tests/provider_fixtures.write_droid's history compared with CodeBurn
0.9.20's on the same files (`HOME=<home> TZ=UTC $CODEBURN_HEAD report
--format json -p all --provider droid`)."""
from __future__ import annotations

import os

from codeburn.providers import droid
from codeburn.providers.base import Walker
from codeburn.providers.records import ReadLog
from tests.provider_fixtures import NOW_FIXTURES, summary, write_droid

# CodeBurn 0.9.20 on write_droid's files: calls, sessions, cost, tokens
TOTALS = (6, 2, 0.1952568, {"input": 1010, "output": 8010, "cacheRead": 130000, "cacheWrite": 20002})
SID = "d7e8f9a0-1111-2222-3333-444455556666"
SID2 = "e1e2e3e4-aaaa-bbbb-cccc-ddddeeeeffff"


def _sessions(home, env=None):
    out, log = [], ReadLog()
    for src in droid.discover(env or {}, str(home), Walker()):
        out.extend(droid.read(src, log))
    return out, log


def test_totals_split_floor_and_remainder_on_the_last(tmp_path):
    write_droid(str(tmp_path))
    sessions, log = _sessions(tmp_path)
    assert not log.counts and not log.unreadable
    by_id = {s.session_id: s for s in sessions}
    assert sorted(by_id) == [SID, SID2]  # no settings, the Factory's own and a non-session file: none
    s = by_id[SID]
    assert s.project == "api-server"
    got = [(c.key, c.model, c.input, c.output, c.cache_write, c.cache_read, c.reasoning) for c in s.calls]
    assert got == [
        (f"droid:{SID}:a1", "claude-sonnet-4-5", 250, 1252, 5000, 30000, 101),
        (f"droid:{SID}:a3", "claude-sonnet-4-5", 250, 1252, 5000, 30000, 101),
        (f"droid:{SID}:a4", "claude-sonnet-4-5", 250, 1252, 5000, 30000, 101),
        (f"droid:{SID}:a5", "claude-sonnet-4-5", 253, 1253, 5002, 30001, 104),
    ]
    # the file's last user text, on the first call only
    assert [c.prompt for c in s.calls] == ["also document it", "", "", ""]
    assert [[(t.name, t.command) for t in c.tools] for c in s.calls] == [
        [("Read", None)], [("Execute", "npm test && npm run lint"), ("Edit", None)],
        [("Task", None), ("TodoWrite", None)], []]
    s2 = by_id[SID2]
    assert (s2.project, [c.model for c in s2.calls]) == ("work/web", ["gpt", "gpt"])  # `-5` read as a wrapper suffix
    assert [(c.input, c.output, c.cache_read, c.reasoning) for c in s2.calls] == [(3, 1500, 4999, 0), (4, 1501, 5000, 1)]
    assert s2.calls[0].prompt == "thanks, ship it"


def test_labels_and_model_names():
    assert droid.project_label("/home/dev/projects/api-server/", "/home/dev") == "api-server"
    assert droid.project_label("/home/dev/work/web", "/home/dev") == "work/web"
    assert droid.project_label("/home/dev", "/home/dev") == "~"
    assert droid.project_label("/srv/projects/a/projects/b/c", "/home/dev") == "b/c"
    assert droid.model_name("custom:GLM-5.1-[Proxy]-0") == "GLM-5.1"
    assert droid.model_name("custom:claude-sonnet-4-5-[Proxy]-0") == "claude-sonnet-4-5"


def test_factory_dir_override(tmp_path):
    write_droid(str(tmp_path))
    os.rename(tmp_path / ".factory", tmp_path / "fac")
    assert not _sessions(tmp_path)[0]
    moved = _sessions(tmp_path, {"FACTORY_DIR": str(tmp_path / "fac")})[0]
    # the housekeeping session ran in ~/.factory, no longer the Factory folder: it counts now
    assert sorted(s.session_id for s in moved) == ["c0c0c0c0-internal", SID, SID2]


def test_report_equals_the_reference(tmp_path, run):
    write_droid(str(tmp_path / "home"))
    r = run("report", "--format", "json", "-p", "all", "--provider", "droid", now=NOW_FIXTURES)
    assert r.status == 0, r.stderr
    got = summary(r.json)
    assert got["overview"] == TOTALS
    assert got["projects"] == [("api-server", 4, 1, 0.1952568), ("work/web", 2, 1, 0)]
    assert got["models"] == [("Sonnet 4.5", 4, 1003, 5009, 120001, 20002, 0.1952568), ("gpt", 2, 7, 3001, 9999, 0, 0)]
    assert got["daily"] == [("2026-10-26", 4, 4, 0.1952568), ("2026-10-27", 2, 2, 0)]
    assert got["tools"] == sorted([("Bash", 2), ("Read", 1), ("Edit", 1), ("Agent", 1), ("TodoWrite", 1),
                                   ("Grep", 1), ("MultiEdit", 1)])
    assert got["shell"] == [("git", 1), ("npm", 2)]


def test_bad_input_is_named_and_the_rest_counted(tmp_path, run):
    home = tmp_path / "home"
    write_droid(str(home))
    web = home / ".factory" / "sessions" / "-home-dev-work-web"
    # a settings file cut mid-write, one with counts of the wrong type, one that is a folder
    for name, settings in (("s1", '{"model":"gpt-5","tokenUsage":{"inputTokens":'),
                           ("s2", '{"model":"gpt-5","tokenUsage":{"inputTokens":"100"}}'), ("s3", None)):
        (web / f"{name}.jsonl").write_text(
            '{"type":"session_start","id":"%s","cwd":"/home/dev/work/web"}\n'
            '{"type":"message","id":"m","timestamp":"2026-10-27T19:00:00Z",'
            '"message":{"role":"assistant","content":[{"type":"text","text":"hi"}]}}\n' % name)
        if settings is None:
            (web / f"{name}.settings.json").mkdir()
        else:
            (web / f"{name}.settings.json").write_text(settings)
    # a torn line in a counted session
    with open(web / f"{SID2}.jsonl", "a") as f:
        f.write('{"type":"message","id":"w-a3","timestamp":"2026-10-27T16:02:00Z","message":{"role":"assis')
    r = run("report", "--format", "json", "-p", "all", "--provider", "droid", now=NOW_FIXTURES)
    assert r.status == 0, r.stderr
    assert summary(r.json)["overview"] == TOTALS
    warnings = [w for w in r.json["warnings"] if not w.startswith("no price known")]
    assert len(warnings) == 3, warnings
    assert any(w.startswith("2 invalid JSON lines or records skipped") for w in warnings)
    assert any(w.startswith("1 records of an unexpected shape skipped") and "s2.settings.json" in w for w in warnings)
    assert any("could not be read" in w and "s3.settings.json: Is a directory" in w for w in warnings)
    assert run("report", "-p", "all", "--provider", "droid", "--strict", now=NOW_FIXTURES).status == 1


def test_empty_lines_before_the_header_are_passed_over(tmp_path):
    # 0.9.20's line reader drops empty lines, so a session_start on line 2
    # after an empty line 1 is the header (1 session there, none here before);
    # a first line of spaces or a lone CR is still no session in both.
    folder = tmp_path / ".factory" / "sessions" / "-srv-blank"
    folder.mkdir(parents=True)
    body = ('{"type":"session_start","id":"%s","cwd":"/srv/blank"}\n{"type":"message","id":"a1","timestamp":'
            '"2026-10-27T19:00:00Z","message":{"role":"assistant","content":[{"type":"text","text":"ok"}]}}\n')
    for name, lead in (("blank", "\n\n"), ("spaces", "  \n"), ("cr", "\r\n")):
        (folder / f"{name}.jsonl").write_text(lead + body % name)
        (folder / f"{name}.settings.json").write_text(
            '{"model":"claude-sonnet-4-5","tokenUsage":{"inputTokens":1000,"outputTokens":100}}')
    sessions, log = _sessions(tmp_path)
    assert [(s.session_id, s.project, [(c.input, c.output) for c in s.calls]) for s in sessions] == [
        ("blank", "srv/blank", [(1000, 100)])]
    assert droid.sniff(str(folder / "blank.jsonl"), (folder / "blank.jsonl").read_bytes())
