"""Command line: exit codes, one-line errors, stdout hygiene, scan PATH."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from codeburn import __version__, cli
from codeburn.errors import UsageError
from codeburn.providers import PROVIDERS
from tests.conftest import assistant_line, usage, user_line


@pytest.mark.parametrize("argv,message", [
    (["bogus"], 'codeburn: error: unknown command "bogus" (see `codeburn --help`)'),
    (["report", "-p", "fortnight"], 'codeburn: error: unknown period "fortnight" (valid values: today, yesterday, '
                                    'week, 30days, month, all, lifetime)'),
    (["report", "--format", "xml"], 'codeburn: error: unknown format "xml" (valid values: text, json, html, markdown, tui)'),
    (["report", "--provider", "nope"],
     f'codeburn: error: unknown provider "nope" (valid values: {", ".join(["all", *PROVIDERS])})'),
    (["report", "--from", "2026-02-31"], 'codeburn: error: invalid date "2026-02-31": not a real calendar date'),
    (["report", "--day", "today", "--from", "2026-01-01"], "codeburn: error: --day cannot be combined with --from or --to"),
    (["report", "--timezone", "Mars/Olympus"], 'codeburn: error: invalid timezone "Mars/Olympus" '
                                               '(use an IANA name such as Europe/Berlin or UTC)'),
    (["today", "--from", "2026-01-01"], "codeburn: error: `codeburn today` takes no --period, --from, --to or "
                                        "--day (use `codeburn report` for custom ranges)"),
    # 0.9.20 refuses -p after today and month ("unknown option"); it used to be taken and ignored
    (["today", "-p", "week"], "codeburn: error: `codeburn today` takes no --period, --from, --to or "
                              "--day (use `codeburn report` for custom ranges)"),
    (["month", "--period", "today"], "codeburn: error: `codeburn month` takes no --period, --from, --to or "
                                     "--day (use `codeburn report` for custom ranges)"),
])
def test_usage_errors_are_one_line_exit_2(run, argv, message):
    r = run(*argv)
    assert (r.status, r.stdout, r.stderr) == (2, "", message + "\n")


def test_version_and_help(run):
    r = run("--version")
    assert (r.status, r.stdout.strip()) == (0, __version__)
    r = run("--help")
    assert r.status == 0 and "Usage:" in r.stdout


def test_json_stdout_is_only_json_and_warnings_go_to_both(run, history):
    history.write("p", "s.jsonl", [
        user_line("hi", ts="2026-03-04T10:00:00Z"),
        "{broken json",
        assistant_line("m1", ts="2026-03-04T10:00:01Z", usage=usage(10, 10), model="claude-sonnet-4-5"),
    ])
    r = run("report", "-p", "lifetime", "--format", "json")
    doc = json.loads(r.stdout)  # nothing but the document on stdout
    assert r.status == 0 and doc["overview"]["calls"] == 1
    path = history.files[0]
    assert doc["warnings"] == [f"1 file: 1 invalid JSON lines skipped; first at {path}:2"]
    assert r.stderr == f"codeburn: warning: 1 file: 1 invalid JSON lines skipped; first at {path}:2\n"


def test_runtime_error_is_one_line_exit_1(run, monkeypatch, history):
    import codeburn.read.scan

    history.write("p", "s.jsonl", [user_line("hi", ts="2026-03-05T10:00:00Z"),
                                  assistant_line("m1", ts="2026-03-05T10:00:01Z", usage=usage(10, 1))])

    def boom(*a, **k):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(codeburn.read.scan, "scan_sources", boom)
    r = run("report")
    assert r.status == 1
    assert r.stderr == "codeburn: error: RuntimeError: disk on fire (run with --traceback for details)\n"
    with pytest.raises(RuntimeError):
        run("report", "--traceback")

    def refused(*a, **k):  # the system's own refusal: its path and reason, plainly
        raise OSError(5, "Input/output error", "/var/x.jsonl")
    monkeypatch.setattr(codeburn.read.scan, "scan_sources", refused)
    r = run("report")
    assert (r.status, r.stderr) == (1, "codeburn: error: /var/x.jsonl: Input/output error\n")
    with pytest.raises(OSError):
        run("report", "--traceback")


def test_scan_paths_recognise_files_and_folders(run, tmp_path):
    d = tmp_path / "logs" / "projects" / "-w-app"
    d.mkdir(parents=True)
    (d / "one.jsonl").write_text(json.dumps(assistant_line("m1", ts="2025-01-02T10:00:00Z", usage=usage(100, 10),
                                                           cwd="/w/app")) + "\n")
    loose = tmp_path / "loose.jsonl"
    loose.write_text(json.dumps(assistant_line("m2", ts="2024-05-06T10:00:00Z", usage=usage(5, 5), cwd="")) + "\n")
    codex = tmp_path / "rollout-2026-01-01.jsonl"
    codex.write_text('{"timestamp":"2026-01-01T00:00:00Z","type":"session_meta","payload":{}}\n')
    r = run("scan", str(tmp_path / "logs"), str(loose), str(codex), "--format", "json")
    doc = r.json
    assert r.status == 0 and doc["period"] == "Lifetime"
    assert doc["overview"]["calls"] == 2 and doc["overview"]["tokens"]["input"] == 105
    assert sorted((p["name"], p["path"]) for p in doc["projects"]) == [("-w-app", "/w/app"), (tmp_path.name, tmp_path.name)]
    # The rollout is recognised as Codex and read: a session without calls.
    assert doc["warnings"] == [] and [p["name"] for p in doc["providers"]] == ["claude"]


def test_scan_paths_after_a_double_dash_may_start_with_a_dash(run, tmp_path):
    # every Claude project folder's name starts with "-": after `--` it is a
    # path (it was a usage error, and `--` itself a path that could not be read)
    d = tmp_path / "-w-app"
    d.mkdir()
    (d / "one.jsonl").write_text(json.dumps(assistant_line("m1", ts="2025-01-02T10:00:00Z", usage=usage(100, 10),
                                                           cwd="/w/app")) + "\n")
    r = run("scan", "--format", "json", "--strict", "--", str(d / "one.jsonl"), cwd=tmp_path)
    assert (r.status, r.json["overview"]["calls"], r.json["warnings"]) == (0, 1, [])


def test_missing_scan_path_is_a_warning(run, tmp_path):
    r = run("scan", str(tmp_path / "nope"), "--format", "json")
    assert r.status == 0
    assert r.json["warnings"] == [f"1 path could not be read: {tmp_path / 'nope'}: No such file or directory"]


def test_colour_only_on_a_terminal_and_never_with_no_color(run, history):
    import io

    from codeburn.cli import main
    from codeburn.env import Environment

    history.write("p", "s.jsonl", [assistant_line("m1", ts="2026-03-04T10:00:01Z", usage=usage(10, 10))])

    class Tty(io.StringIO):
        def isatty(self):
            return True

    for environ, coloured in (({}, True), ({"NO_COLOR": "1"}, False)):
        out = Tty()
        env = Environment(stdout=out, stderr=io.StringIO(), home="/nonexistent", clock=lambda: __import__("tests.conftest").conftest.NOW,
                          environ={"CLAUDE_CONFIG_DIR": history.root, "TZ": "UTC", **environ})
        assert main(["report", "-p", "lifetime"], env) == 0
        assert ("\033[" in out.getvalue()) == coloured


def test_installed_entry_points_and_quiet_broken_pipe(history, tmp_path):
    history.write("p", "s.jsonl", [assistant_line(f"m{i}", ts="2026-03-04T10:00:01Z", usage=usage(10, 10))
                                   for i in range(50)])
    env = dict(os.environ, CLAUDE_CONFIG_DIR=history.root, TZ="UTC", HOME=str(tmp_path))
    # cwd outside the checkout: `-m` would otherwise import the uncompiled
    # source tree instead of the installed package after `pip install .`.
    run = dict(capture_output=True, text=True, env=env, cwd=str(tmp_path))
    p = subprocess.run([sys.executable, "-m", "codeburn", "--version"], **run)
    assert (p.returncode, p.stdout.strip()) == (0, __version__)
    # `| head -c 10`: the reader goes away; codeburn exits 0 without a traceback.
    p = subprocess.run(f'"{sys.executable}" -m codeburn report -p lifetime --format json | head -c 10',
                       shell=True, **run)
    assert p.returncode == 0 and p.stdout == '{\n  "gener' and "Traceback" not in p.stderr


def test_an_empty_history_imports_none_of_the_heavy_modules(tmp_path):
    """A machine with no AI tool's logs answers before numpy, the reader,
    Hyperscan, OpenSSL (hashlib) or the dashboard is loaded: numpy alone
    is 55-80 ms of start-up, about the whole budget of an empty run.
    `-X importtime` lists every import as it happens (the CLI leaves
    through os._exit, so sys.modules cannot be read at the end)."""
    env = dict(os.environ, HOME=str(tmp_path), TZ="UTC", CODEBURN_CACHE_DIR=str(tmp_path / "cache"))
    for name in ("CLAUDE_CONFIG_DIR", "CLAUDE_CONFIG_DIRS", "CODEX_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        env.pop(name, None)
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "codeburn", "report", "--format", "json"],
                       capture_output=True, text=True, env=env, cwd=str(tmp_path))
    assert p.returncode == 0 and json.loads(p.stdout)["overview"]["calls"] == 0
    imported = {line.rsplit("|", 1)[1].strip() for line in p.stderr.splitlines() if line.startswith("import time:")}
    assert "codeburn.cli" in imported  # the listing works
    heavy = {"numpy", "hyperscan", "_hashlib", "textual", "codeburn._fast.reader", "simdjson"}
    assert imported & heavy == set()


def test_odd_file_names_give_valid_output(run, history):
    """A file name with a newline and a byte that is not UTF-8: the JSON is
    still valid UTF-8 and the warning is one line."""
    d = os.path.join(history.root, "projects", "p")
    os.makedirs(d)
    name = os.fsdecode(b"bad\xff name\nx.jsonl")
    with open(os.path.join(d, name), "w", encoding="utf-8") as f:
        f.write("{not json\n" + json.dumps(assistant_line("m1", ts="2026-03-04T10:00:01Z", usage=usage(5, 5))) + "\n")
    r = run("report", "-p", "lifetime", "--format", "json")
    r.stdout.encode("utf-8")  # no lone surrogate left: valid UTF-8
    doc = r.json
    assert doc["overview"]["calls"] == 1
    assert doc["warnings"] == [f"1 file: 1 invalid JSON lines skipped; first at {d}/bad\\xff name\\nx.jsonl:1"]
    assert r.stderr.count("\n") == 1


def test_strict_fails_a_run_that_skipped_anything(run, history):
    history.write("p", "s.jsonl", [assistant_line("m1", ts="2026-03-04T10:00:01Z", usage=usage(10, 10))])
    assert run("report", "-p", "lifetime", "--strict").status == 0
    history.write("p", "t.jsonl", ["{broken json", assistant_line("m2", ts="2026-03-04T10:00:02Z", usage=usage(1, 1))])
    r = run("report", "-p", "lifetime", "--format", "json", "--strict")
    assert r.status == 1 and r.json["overview"]["calls"] == 2  # the report is still complete and printed
    assert run("report", "-p", "lifetime").status == 0           # without --strict a skip is a warning
    assert run("status", "--strict").status == 1 and run("models", "-p", "lifetime", "--strict").status == 1


# The main usage is parsed with only the lines argv can match (cli._narrowed):
# the result must be docopt's on the whole usage, for every shape of argv.
NARROWED_ARGVS = [
    [], ["report"], ["today", "--format", "json"], ["month", "-p", "all"], ["dashboard", "--refresh", "0"],
    ["scan"], ["scan", "a", "b", "--project", "x"], ["--format", "json", "today"], ["-p", "all"],
    ["--project", "today"], ["--project", "scan", "--exclude", "month"], ["report", "--jobs", "2", "--no-cache"],
    ["--version"], ["-h"], ["--help"], ["today", "scan"], ["bogus"], ["--nope"], ["scan", "--from"],
    ["report", "month"], ["models"], ["plan", "set", "x"],
]


@pytest.mark.parametrize("argv", NARROWED_ARGVS, ids=lambda a: " ".join(a) or "bare")
def test_narrowed_usage_parses_as_the_whole_usage(argv):
    from docopt import DocoptExit, docopt

    try:
        expected = docopt(cli.__doc__, argv=argv, default_help=False)
    except DocoptExit:
        expected = "usage error"
    try:
        got = cli.parse(argv)
    except UsageError:
        got = "usage error"
    assert got == expected


def test_program_options_before_the_command_go_to_it(run, history):
    """0.9.20 takes --timezone and --verbose before any command (its help's
    form, `codeburn [options] [command]`); they ran `report` here, and
    `--timezone UTC budget` was 'unknown command "UTC"'. An option a command
    has no use for is dropped, as there it changes nothing."""
    history.write("p", "s.jsonl", [user_line("fix the bug", ts="2026-03-05T10:00:00Z"),
                                   assistant_line("m1", ts="2026-03-05T10:00:05Z", usage=usage(1_000_000, 0))])
    after = run("status", "--format", "json", "--timezone", "Asia/Tokyo")
    for argv in (("--timezone", "Asia/Tokyo", "status", "--format", "json"),
                 ("--timezone=Asia/Tokyo", "--verbose", "status", "--format", "json")):
        before = run(*argv)
        assert (before.status, before.stdout) == (0, after.stdout)
    assert json.loads(after.stdout)["today"] == {"cost": 3, "savings": 0, "calls": 1}
    budget = run("--timezone", "UTC", "budget", "--list")
    assert budget.status == 0 and "No budgets set" in budget.stdout
    currency = run("--verbose", "currency")
    assert currency.status == 0 and "Currency: USD" in currency.stdout
    # Not before a command: the report's own options, as before.
    assert run("--timezone", "UTC", "-p", "today", "--format", "json").json["overview"]["calls"] == 1
    assert cli._hoisted(["--timezone", "UTC", "sessions", "-p", "all"]) == \
        ["sessions", "-p", "all", "--timezone", "UTC"]
    assert cli._hoisted(["--timezone"]) == ["--timezone"]


def test_any_option_before_a_command_goes_to_it(run, history, tmp_path):
    """`codeburn -p today sessions` and `codeburn --no-color export -o OUT`
    ran `report` (exit 0; the report's text written where the export was
    meant to go). Options before a command are the command's: read there,
    or named by its usage (exit 2, nothing written)."""
    history.write("p", "s.jsonl", [user_line("fix the bug", ts="2026-03-05T10:00:00Z"),
                                   assistant_line("m1", ts="2026-03-05T10:00:05Z", usage=usage(1000, 0))])
    before = run("-p", "today", "sessions", "--format", "json")
    assert (before.status, before.json) == (0, run("sessions", "-p", "today", "--format", "json").json)
    out = tmp_path / "out"
    r = run("--no-color", "export", "-o", str(out))
    assert r.status == 2 and 'unknown option "--no-color"' in r.stderr and not out.exists()
    assert run("--format", "json", "-p", "all", "models").json == run("models", "-p", "all", "--format", "json").json
    assert cli._hoisted(["-p", "today", "--project", "a", "sessions"]) == ["sessions", "-p", "today", "--project", "a"]
    assert cli._hoisted(["-p", "today"]) == ["-p", "today"]


def test_an_option_given_twice_takes_its_last_value(run, history, tmp_path):
    """`-p week -p today` is today and `-o a -o b` writes b, as the
    reference's parser takes them (docopt refused both: exit 2); an option
    the usage repeats (--project) keeps every value."""
    history.write("-home-dev-app", "s.jsonl", [
        user_line("hi", ts="2026-03-05T10:00:00Z", cwd="/home/dev/app"),
        assistant_line("a1", ts="2026-03-05T10:00:05Z", usage=usage(1000, 100), cwd="/home/dev/app")])
    history.write("-home-dev-web", "s2.jsonl", [
        user_line("hi", ts="2026-03-02T10:00:00Z", cwd="/home/dev/web", session="s2"),
        assistant_line("a2", ts="2026-03-02T10:00:05Z", usage=usage(1000, 100), cwd="/home/dev/web", session="s2")])
    twice = run("report", "--format", "json", "-p", "week", "--period=today")
    assert twice.status == 0
    assert twice.json["overview"] == run("report", "--format", "json", "-p", "today").json["overview"]
    both = run("report", "--format", "json", "-p", "week", "--project", "app", "--project", "web").json
    assert sorted(p["path"] for p in both["projects"]) == ["/home/dev/app", "/home/dev/web"]
    r = run("export", "-f", "json", "-o", str(tmp_path / "a.json"), "-o", str(tmp_path / "b.json"))
    assert r.status == 0 and (tmp_path / "b.json").exists() and not (tmp_path / "a.json").exists()
    assert cli._last_wins(["scan", "--", "-p", "x", "-p", "y"], cli.__doc__) == ["scan", "--", "-p", "x", "-p", "y"]
