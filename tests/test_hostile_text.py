"""Hostile log text (issue 12): a history whose project dir, cwd, model,
tool, MCP server, skill, subagent type, shell command and session id all
carry one hostile value (escape sequences, NUL, bidi overrides, newlines,
a very long or an empty name, wide characters), run through every command
in every format. Text and markdown never carry a raw control character
other than newline and keep their columns aligned; JSON keeps the exact
values (the reference tool gives the same ones for these files: checked
with CodeBurn 0.9.20 on 2026-11-25)."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata

import pytest

from codeburn.safetext import visible

from tests.conftest import assistant_line, usage, user_line

HOSTILE = [
    ("csi", "\x1b[31mred\x1b[0m\x1b[2J\x1b[H"),
    ("osc-title", "\x1b]0;pwned\x07"),
    ("osc8-link", "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"),
    ("osc52-clipboard", "\x1b]52;c;cm0gLXJmIH4=\x07"),
    ("c1-controls", "a\x9b31mb\x9d0;t\x9c"),
    ("nul", "nul\x00here"),
    ("bidi", "rtl\u202eexe.txt\u2066iso\u2069\u200f\u061c\u202a\u200e"),
    ("newlines-tab-pipe", "two\nlines\rtab\t|pipe"),
    ("long", "L" * 3000 + "\x1b[1mend"),
    ("empty", ""),
    ("wide-and-combining", "日本語のプロジェクト\u0301"),
]
IDS = [name for name, _ in HOSTILE]
TS = "2026-03-05T10:00:0{}Z"   # the day of the runner's clock: today, this week, this month
SONNET = "claude-sonnet-4-5-20250929"
# Raw in text output: every C0/C1 control but newline, DEL, bidi controls, line/paragraph separators.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def on_disk(value: str) -> str:
    """The value as a file or folder name can hold it."""
    return value.replace("/", "_").replace("\x00", "_")[:200] or "empty"


def write_history(history, value: str) -> None:
    cwd = "/home/dev/" + value
    tools = [(value, {}), ("mcp__" + value + "__do", {}), ("Skill", {"skill": value}),
             ("Task", {"subagent_type": value, "prompt": "look around"}), ("Bash", {"command": value + " --flag"}),
             ("Edit", {"file_path": "/a"})]
    history.write(on_disk(value), on_disk(value) + ".jsonl", [
        user_line("fix the bug in " + value, ts=TS.format(0), cwd=cwd, session=value),
        assistant_line("m1", ts=TS.format(1), model=value, usage=usage(100, 10), cwd=cwd, session=value, tools=tools),
        assistant_line("m2", ts=TS.format(2), model=SONNET, usage=usage(100, 10), cwd=cwd, session=value)])


def display(model: str) -> str:
    """An unknown model's display name: the part after its last `/` (spec §4.7)."""
    return model.rsplit("/", 1)[-1]


def models_label(model: str) -> str:
    """The `models` command's label of an unknown model, as CodeBurn 0.9.20
    prints it in every format: control characters as `?`, at most 200."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", "?", display(model))[:200]


def cell_width(s: str) -> int:
    """Terminal cells as wcwidth counts them: marks 0, East Asian wide and full-width 2."""
    return sum(0 if unicodedata.category(c) in ("Mn", "Me") or unicodedata.combining(c) or c in "\u200c\u200d"
               else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def assert_clean(text: str) -> None:
    bad = RAW.search(text)
    assert bad is None, f"raw {bad.group()!r} at {bad.start()}: {text[max(0, bad.start() - 40):bad.start() + 40]!r}"


def text_tables(out: str) -> list[list[str]]:
    """The tables of a text report: the indented lines under each title, up to a blank line."""
    tables, current = [], None
    for line in out.split("\n"):
        if line and not line.startswith(" "):
            current = [] if not line.startswith("codeburn ·") else None  # the overview is no table
            if current is not None:
                tables.append(current)
        elif not line.strip():
            current = None
        elif current is not None and not line.strip().startswith(("…", "!")):
            current.append(line)
    return [t for t in tables if t]


def column_breaks(line: str) -> int:
    """The pipes of a markdown table row that split cells (GitHub's reading:
    a backslash escapes the character after it, a backslash too)."""
    n, i = 0, 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        n += line[i] == "|"
        i += 1
    return n


def assert_aligned(lines: list[str]) -> None:
    widths = {cell_width(line) for line in lines}
    assert len(widths) == 1, "\n".join(lines)


@pytest.fixture(params=HOSTILE, ids=IDS)
def hostile(request, history):
    name, value = request.param
    write_history(history, value)
    return value


# command, format kind
COMMANDS = [
    (("report",), "report"), (("report", "--format", "json"), "json"),
    (("today",), "report"), (("month", "--format", "json"), "json"),
    (("scan", "{root}"), "report"), (("scan", "{root}", "--format", "json"), "json"),
    (("models", "--min-cost", "0"), "table"), (("models", "--by-task", "--min-cost", "0"), "table"),
    (("models", "--min-cost", "0", "--format", "md"), "markdown"),
    (("models", "--min-cost", "0", "--format", "json"), "models-json"),
    (("models", "--min-cost", "0", "--format", "csv"), "csv"),
    (("status",), "text"), (("status", "--format", "json"), "status-json"),
    (("rules", "explain", "{value}", "--tools", "{value},Edit"), "text"),
    (("rules", "explain", "{value}", "--tools", "{value},Edit", "--format", "json"), "rules-json"),
    (("cache", "info"), "text"), (("cache", "info", "--format", "json"), "cache-json"),
    (("yield",), "text"), (("yield", "--format", "json"), "yield-json"),
    (("sessions",), "table-text"), (("sessions", "--format", "json"), "sessions-json"),
    (("overview",), "text"), (("overview", "--format", "json"), "any-json"),
    (("blocks",), "text"), (("blocks", "--format", "json"), "any-json"),
    (("compare",), "text"), (("compare", "--format", "json"), "any-json"),
    (("status", "--format", "xbar"), "text"), (("status", "--format", "waybar"), "any-json"),
    (("status", "--format", "menubar-json"), "any-json"),
    (("optimize",), "text"), (("optimize", "--format", "json"), "any-json"),
    (("export", "-o", "{out}.csv"), "export"), (("export", "-f", "json", "-o", "{out}.json"), "export"),
]


def test_every_command_prints_hostile_names_safely(run, history, tmp_path, hostile):
    ctx = {"cache": str(tmp_path / ("cache " + on_disk(hostile)[:100])), "out": str(tmp_path / "export")}
    for argv, kind in COMMANDS:
        argv = [a.format(root=history.root, value=hostile, out=ctx["out"]) for a in argv]
        r = run(*argv, env={"CODEBURN_CACHE_DIR": ctx["cache"]} if argv[0] == "cache" else None)
        assert r.status == 0, (argv, r.stderr)
        try:
            assert_clean(r.stderr)
            if kind in ("text", "report", "table", "table-text", "markdown", "export"):
                assert_clean(r.stdout)
            CHECKS[kind](r.stdout, hostile, history, ctx)
        except AssertionError as exc:
            raise AssertionError(f"codeburn {' '.join(argv)[:80]!r}: {exc}") from exc


def check_text(out: str, value: str, history, ctx: dict) -> None:
    pass  # one line or free text: clean is all there is to check


def check_report(out: str, value: str, history, ctx: dict) -> None:
    tables = text_tables(out)
    assert len(tables) >= (8 if value else 5)
    for table in tables:
        assert_aligned(table)


def check_table(out: str, value: str, history, ctx: dict) -> None:
    assert_aligned(out.rstrip("\n").split("\n"))


def check_markdown(out: str, value: str, history, ctx: dict) -> None:
    lines = out.rstrip("\n").split("\n")
    models = 2 if value else 1
    assert len(lines) == 2 + models + 1   # header, rule, one line per model, the total
    for line in lines:
        assert column_breaks(line) == 11, line  # ten cells: no pipe or newline of a name leaks


def check_json(out: str, value: str, history, ctx: dict) -> None:
    doc = json.loads(out)
    names = lambda key: [x["name"] for x in doc[key]]  # noqa: E731
    assert [s["sessionId"] for s in doc["topSessions"]] == [on_disk(value)]  # the file's name
    assert [p["path"] for p in doc["projects"]] == ["/home/dev/" + value]
    assert [p["name"] for p in doc["projects"]] == [on_disk(value)]
    if not value:  # an empty model, tool or server name is no name: nothing to list
        assert (names("tools"), names("mcpServers"), names("skills"), names("subagents")) == ([], [], [], [])
        return
    assert value in names("tools") and sorted(names("tools")) == sorted([value, "Bash", "Edit", "Skill", "Task"])
    assert names("mcpServers") == [value]
    assert names("skills") == [value[:200]]  # skill and subagent names are kept to 200 characters
    assert names("subagents") == [value[:200]]
    assert sorted(names("models")) == sorted(["Sonnet 4.5", display(value)])


def check_models_json(out: str, value: str, history, ctx: dict) -> None:
    rows = json.loads(out)
    assert sorted(r["model"] for r in rows) == sorted([SONNET] + ([value] if value else []))
    assert {r["modelDisplayName"] for r in rows} == {"Sonnet 4.5"} | ({models_label(value)} if value else set())


def check_csv(out: str, value: str, history, ctx: dict) -> None:
    rows = list(csv.reader(io.StringIO(out)))
    models = {r[1] for r in rows[1:]}
    assert models == {"Sonnet 4.5"} | ({models_label(value)} if value else set())


def check_status_json(out: str, value: str, history, ctx: dict) -> None:
    doc = json.loads(out)
    assert doc["today"]["calls"] == doc["month"]["calls"] == (2 if value else 1)


def check_rules_json(out: str, value: str, history, ctx: dict) -> None:
    doc = json.loads(out)
    assert [t["name"] for t in doc["tools"]] == ([value] if value.strip() else []) + ["Edit"]


def check_yield_json(out: str, value: str, history, ctx: dict) -> None:
    doc = json.loads(out)
    assert [(d["sessionId"], d["project"], d["category"]) for d in doc["details"]] == \
        [(on_disk(value), on_disk(value), "abandoned")]
    assert doc["warnings"][-1] == (f"1 project is not in a git repository, their sessions count as abandoned: "
                                   f"{visible(on_disk(value))}")  # a message: names escaped, as in every warning


def check_sessions_json(out: str, value: str, history, ctx: dict) -> None:
    rows = json.loads(out)
    assert [(r["sessionId"], r["project"]) for r in rows] == [(on_disk(value), on_disk(value))]
    assert sorted(rows[0]["models"]) == sorted(["Sonnet 4.5"] + ([display(value)] if value else []))


def check_any_json(out: str, value: str, history, ctx: dict) -> None:
    json.loads(out)


def check_table_text(out: str, value: str, history, ctx: dict) -> None:
    table = [line for line in out.split("\n") if line.startswith("  ") and "·" not in line]  # not the footer
    assert_aligned(table)


def check_export(out: str, value: str, history, ctx: dict) -> None:
    for name in os.listdir(os.path.dirname(ctx["out"])):
        path = os.path.join(os.path.dirname(ctx["out"]), name)
        if name.startswith("export") and os.path.isfile(path) and name.endswith(".json"):
            json.loads(open(path, encoding="utf-8").read())


def check_cache_json(out: str, value: str, history, ctx: dict) -> None:
    assert json.loads(out)["directory"] == ctx["cache"]


CHECKS = {"text": check_text, "report": check_report, "table": check_table, "markdown": check_markdown, "json": check_json,
          "models-json": check_models_json, "csv": check_csv, "status-json": check_status_json,
          "rules-json": check_rules_json, "cache-json": check_cache_json, "yield-json": check_yield_json,
          "any-json": check_any_json, "sessions-json": check_sessions_json, "table-text": check_table_text, "export": check_export}


def test_a_hostile_name_is_shown_escaped_in_the_report(run, history):
    write_history(history, "mcp\x1b[5m\u202eevil")
    out = run("report").stdout
    assert "mcp\\x1b[5m\\u202eevil" in out
    assert "\x1b" not in out and "\u202e" not in out


def test_a_long_name_is_clipped_in_the_middle_and_kept_whole_in_json(run, history):
    value = "start-" + "x" * 500 + "-end"
    write_history(history, value)
    out = run("report").stdout
    tables = [line for table in text_tables(out) for line in table]
    assert any("start-xxx" in line and "…" in line and "xxx-end" in line for line in tables)
    assert max(len(line) for line in tables) < 200
    assert value in [t["name"] for t in run("report", "--format", "json").json["tools"]]


def test_the_compare_picker_on_a_terminal_shows_hostile_names_escaped(history, tmp_path, shared_cache):
    from codeburn.cli import main
    from codeburn.env import Environment
    from tests.conftest import NOW
    from tests.test_compare import Tty

    value = "\x1b]0;pwned\x07\u202eevil"
    write_history(history, value)
    history.write("more", "more.jsonl", [assistant_line("m9", ts=TS.format(5), model=SONNET, usage=usage(9, 9))])
    out = Tty()
    env = Environment(stdout=out, stderr=io.StringIO(), stdin=Tty("\n\n"), home=str(tmp_path), clock=lambda: NOW,
                      environ={"CLAUDE_CONFIG_DIR": history.root, "TZ": "UTC", "HOME": str(tmp_path),
                               "XDG_CACHE_HOME": shared_cache})
    assert main(["compare", "--no-color"], env) == 0
    assert "Models by cost:" in out.getvalue() and "\\x1b]0;pwned\\x07\\u202eevil" in out.getvalue()
    assert_clean(out.getvalue())
