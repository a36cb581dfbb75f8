"""codeburn's config file (~/.config/codeburn/config.json): claudeConfigDirs
is where Claude logs are looked for when no environment variable says; a
broken file is named in one warning and changes nothing else."""
from __future__ import annotations

import json
import os

import pytest

from tests.conftest import History, assistant_line, run_denied, usage, user_line

SONNET = "claude-sonnet-4-5-20250929"
SHOWN = "~/.config/codeburn/config.json"


def _calls(history, n: int, slug: str = "p") -> None:
    history.write(slug, "s.jsonl", [user_line("fix it", ts="2026-03-02T10:00:00Z")] + [
        assistant_line(f"m{slug}{i}", ts="2026-03-02T10:00:01Z", model=SONNET, usage=usage(100 * (i + 1), 10))
        for i in range(n)])


def _config(tmp_path, content) -> str:
    path = tmp_path / "home" / ".config" / "codeburn" / "config.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(json.dumps(content))
    return str(path)


def _report(run, **env):
    r = run("report", "-p", "lifetime", "--format", "json", env=env)
    assert r.status == 0, r.stderr
    return r.json


def test_claude_config_dirs_are_read_when_no_variable_says(run, history, tmp_path):
    _calls(history, 3)
    assert _report(run, CLAUDE_CONFIG_DIR="")["overview"]["calls"] == 0   # not in ~/.claude
    _config(tmp_path, {"claudeConfigDirs": [history.root], "currency": {"code": "EUR"}})
    doc = _report(run, CLAUDE_CONFIG_DIR="")
    assert (doc["overview"]["calls"], doc["overview"]["tokens"]["input"], doc["warnings"]) == (3, 600, [])


def test_a_tilde_is_the_home_codeburn_was_given(run, history, tmp_path):
    logs = tmp_path / "home" / "logs" / "projects" / "p"
    logs.mkdir(parents=True)
    (logs / "s.jsonl").write_text(json.dumps(assistant_line("m1", ts="2026-03-02T10:00:01Z", model=SONNET,
                                                            usage=usage(7, 1))) + "\n")
    _config(tmp_path, {"claudeConfigDirs": ["~/logs"]})
    assert _report(run, CLAUDE_CONFIG_DIR="")["overview"]["tokens"]["input"] == 7


def test_environment_variables_come_first(run, history, tmp_path):
    _calls(history, 2)
    other = tmp_path / "other"
    _config(tmp_path, {"claudeConfigDirs": [str(other)]})
    assert _report(run)["overview"]["calls"] == 2                                    # CLAUDE_CONFIG_DIR
    assert _report(run, CLAUDE_CONFIG_DIR="", CLAUDE_CONFIG_DIRS=history.root)["overview"]["calls"] == 2


BROKEN = [
    (b'{"claudeConfigDirs": [\n', " ignored: invalid JSON at line 2"),
    (b'{"claudeConfigDirs": ' + b"[" * 100_000, " ignored: invalid JSON: nested too deeply"),
    (b'{"currency": "\xff"}', " ignored: not UTF-8"),
    (b'["~/.claude"]', " ignored: not a JSON object"),
    ({"claudeConfigDirs": "/somewhere"}, " ignored: claudeConfigDirs must be a list of paths"),
    ({"claudeConfigDirs": [3, None, ""]}, ": claudeConfigDirs entries that are not paths ignored"),
    ({"claudeConfigDirs": ["/logs\u0000x"]}, ": claudeConfigDirs entries that are not paths ignored"),  # was a crash
    ("a directory", " ignored: it is a directory"),
    ("a FIFO", " ignored: not a regular file"),  # opened without blocking: no hang
]


def _broken(tmp_path, content) -> None:
    path = tmp_path / "home" / ".config" / "codeburn" / "config.json"
    if content == "a directory":
        os.makedirs(path)
    elif content == "a FIFO":
        path.parent.mkdir(parents=True)
        os.mkfifo(path)
    else:
        _config(tmp_path, content)


@pytest.mark.parametrize("content, reason", BROKEN)
def test_a_broken_config_is_named_and_the_defaults_read(run, tmp_path, content, reason):
    """The history is where codeburn looks by default (~/.claude): a broken
    config changes nothing but the one warning."""
    _calls(History(str(tmp_path / "home" / ".claude")), 2)
    clean = _report(run, CLAUDE_CONFIG_DIR="")
    assert (clean["overview"]["calls"], clean["overview"]["tokens"]["input"], clean["warnings"]) == (2, 300, [])
    _broken(tmp_path, content)
    r = run("report", "-p", "lifetime", "--format", "json", env={"CLAUDE_CONFIG_DIR": ""})
    assert r.status == 0 and r.stderr == f"codeburn: warning: config file {SHOWN}{reason}\n"
    doc = r.json
    assert doc["warnings"] == [f"config file {SHOWN}{reason}"]
    for d in (doc, clean):
        d.pop("generated")
        d.pop("warnings")
    assert doc == clean


def test_an_unreadable_config_is_named_and_the_defaults_read(tmp_path):
    """Mode 000, denied even to root (tests.conftest.run_denied)."""
    _calls(History(str(tmp_path / "home" / ".claude")), 2)
    path = _config(tmp_path, {"claudeConfigDirs": [str(tmp_path / "elsewhere")]})
    os.chmod(path, 0)
    try:
        r = run_denied(tmp_path, "report", "-p", "lifetime", "--format", "json", "--no-cache", env={})
    finally:
        os.chmod(path, 0o644)
    warning = f"config file {SHOWN} ignored: Permission denied"
    assert r.status == 0 and r.stderr == f"codeburn: warning: {warning}\n"
    doc = r.json
    assert (doc["overview"]["calls"], doc["overview"]["tokens"]["input"], doc["warnings"]) == (2, 300, [warning])


def test_a_list_with_some_bad_entries_keeps_the_good_ones(run, history, tmp_path):
    _calls(history, 2)
    _config(tmp_path, {"claudeConfigDirs": [17, history.root]})
    doc = _report(run, CLAUDE_CONFIG_DIR="")
    assert doc["overview"]["calls"] == 2
    assert doc["warnings"] == [f"config file {SHOWN}: claudeConfigDirs entries that are not paths ignored"]


def test_status_follows_an_edited_config(run, history, tmp_path):
    _calls(history, 2)
    empty = tmp_path / "empty"
    empty.mkdir()
    _config(tmp_path, {"claudeConfigDirs": [history.root]})
    assert run("status", "--format", "json", env={"CLAUDE_CONFIG_DIR": ""}).json["month"]["calls"] == 2
    _config(tmp_path, {"claudeConfigDirs": [str(empty)]})
    assert run("status", "--format", "json", env={"CLAUDE_CONFIG_DIR": ""}).json["month"]["calls"] == 0
    _config(tmp_path, b"{")  # same files as before (none): the warning must still appear
    r = run("status", "--format", "json", env={"CLAUDE_CONFIG_DIR": ""})
    assert r.stderr == f"codeburn: warning: config file {SHOWN} ignored: invalid JSON at line 1\n"


def test_status_names_a_config_that_became_unusable(run, history, tmp_path):
    """Same files, same (no) stamp as a missing file: still not the kept answer."""
    _calls(history, 2)
    assert run("status", "--format", "json").stderr == ""
    _broken(tmp_path, "a directory")
    r = run("status", "--format", "json")
    assert r.stderr == f"codeburn: warning: config file {SHOWN} ignored: it is a directory\n"
    assert r.json["month"]["calls"] == 2
