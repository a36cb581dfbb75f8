"""Each reading command's kept output (codeburn.commands.kept): a repeat over
unchanged files is served without a scan, and equals a --no-cache run byte
for byte (stdout, stderr, exit status, the files export writes); a change to
anything the output depends on (a file appended to, a new file, the clock
past midnight or within an active block, the config's plan, budget and
currency, a git commit for yield) is seen, and again equals a --no-cache run."""
from __future__ import annotations

import datetime as dt
import os

import pytest

from codeburn.cache import reportmemo
from codeburn.cache.filecache import SUBDIR
from codeburn.commands import kept
from codeburn.commands import report as report_command
from tests.conftest import NOW, assistant_line, usage, user_line
from tests.histories import OPUS, S2, SHOP, SHOP_SLUG, hist, ts  # noqa: F401 (hist: a fixture)
from tests.yield_world import commit, git

# Each reading command, in its text and JSON forms; {out}: a path in the test's tmp dir.
COMMANDS = [
    ("sessions", "-p", "all", "--format", "json"),
    ("sessions", "-p", "all"),
    ("sessions", "-p", "all", "--by-pr", "--format", "json"),
    ("overview", "--format", "json"),
    ("overview",),
    ("overview", "-p", "today"),
    ("models", "-p", "all", "--format", "json"),
    ("models", "-p", "all", "--by-task", "--format", "markdown"),
    ("compare", "-p", "all", "--format", "json"),
    ("compare", "-p", "all"),
    ("compare", "-p", "all", "--model-a", "Opus 4.6", "--model-b", "Sonnet 4.5", "--format", "json"),
    ("compare", "-p", "all", "--model-a", "nope", "--model-b", "Sonnet 4.5"),
    ("compare", "-p", "today"),
    ("blocks", "--format", "json"),
    ("blocks",),
    ("yield", "-p", "all", "--format", "json"),
    ("yield", "-p", "today"),
    ("export", "-f", "json", "-o", "{out}/x.json"),
    ("export", "-o", "{out}/x"),
    ("budget", "--check", "--format", "json"),
    ("budget", "--check"),
    ("report", "-p", "today", "--format", "json"),
    ("plan", "show", "--format", "json"),
    ("plan", "show"),
]
# One form of each, for the changes.
CHANGED = [c for c in COMMANDS if c[-1] == "json" or c[0] in ("export",)] + [("overview", "-p", "today")]


@pytest.fixture
def env(tmp_path):
    return {"CODEBURN_CACHE_DIR": str(tmp_path / "cache")}


def outcome(run, argv, env, tmp_path, now=NOW, *extra):
    """(status, stdout, stderr, the files an export wrote) of one run."""
    argv = [a.replace("{out}", str(tmp_path / "out")) for a in argv]
    os.makedirs(tmp_path / "out", exist_ok=True)
    if argv[0] in ("budget", "plan") and not os.path.exists(tmp_path / "home" / ".config" / "codeburn" / "config.json"):
        assert run("budget", "--daily", "0.01", "--monthly", "5", env=env).status == 0
        assert run("plan", "set", "custom", "--monthly-usd", "1", "--reset-day", "3", env=env).status == 0
    r = run(*argv, *extra, env=env, now=now)
    return r.status, r.stdout, r.stderr, _written(argv)


def _written(argv) -> dict:
    if argv[0] != "export":
        return {}
    target = argv[argv.index("-o") + 1]
    if os.path.isfile(target):
        with open(target, "rb") as f:
            return {"": f.read()}
    out = {}
    for name in sorted(os.listdir(target)) if os.path.isdir(target) else []:
        with open(os.path.join(target, name), "rb") as f:
            out[name] = f.read()
    return out


def cold(run, argv, env, tmp_path, now=NOW):
    return outcome(run, argv, env, tmp_path, now, "--no-cache")


@pytest.fixture
def no_scan(monkeypatch):
    """While on, a run that would read the history fails the test."""
    def refuse(*a, **k):
        raise AssertionError("scanned: the kept output was not used")

    def on():
        monkeypatch.setattr(kept, "load", refuse)
        monkeypatch.setattr(report_command, "load", refuse)

    return on


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_a_repeat_is_served_kept_and_equals_a_fresh_run(run, hist, env, tmp_path, argv, no_scan, monkeypatch):
    first = outcome(run, argv, env, tmp_path)
    assert first[0] in (0, 1) and (first[1] or first[2])
    no_scan()
    again = outcome(run, argv, env, tmp_path)
    monkeypatch.undo()
    assert again == first == cold(run, argv, env, tmp_path)


def test_each_command_keeps_a_file_of_its_own(run, hist, env, tmp_path):
    for argv in (("sessions",), ("models",), ("overview",), ("blocks",), ("yield",), ("compare",)):
        assert run(*argv, env=env).status == 0
    names = sorted(n for n in os.listdir(os.path.join(env["CODEBURN_CACHE_DIR"], SUBDIR)) if n.endswith("-v1.cbm") and not n.startswith("turns-"))
    assert names == ["blocks-v1.cbm", "compare-v1.cbm", "models-v1.cbm", "overview-v1.cbm", "scan-v1.cbm",
                     "sessions-v1.cbm", "yield-v1.cbm"]


def _append(history, now):
    with open(os.path.join(history.root, "projects", SHOP_SLUG, f"{S2}.jsonl"), "ab") as f:
        import json
        f.write(json.dumps(assistant_line("m7", ts=ts(now - dt.timedelta(minutes=30)), model=OPUS,
                                          usage=usage(700, 70), cwd=SHOP, session=S2)).encode() + b"\n")


def _new_file(history, now):
    sid = "44444444-4444-4444-8444-444444444444"
    history.write(SHOP_SLUG, f"{sid}.jsonl", [
        user_line("rename the cart module", ts=ts(now - dt.timedelta(minutes=50)), cwd=SHOP, session=sid),
        assistant_line("n1", ts=ts(now - dt.timedelta(minutes=49)), usage=usage(900, 90), cwd=SHOP, session=sid)])


@pytest.mark.parametrize("argv", CHANGED, ids=" ".join)
@pytest.mark.parametrize("change", ["append", "new_file", "past_midnight", "plan", "budget", "currency"])
def test_a_change_is_seen(run, hist, env, tmp_path, argv, change):
    first = outcome(run, argv, env, tmp_path)
    now = NOW
    if change == "append":
        _append(hist, NOW)
    elif change == "new_file":
        _new_file(hist, NOW)
    elif change == "past_midnight":
        now = NOW + dt.timedelta(hours=13)  # 01:00 the next day
    elif change == "plan":
        assert run("plan", "set", "claude-pro", env=env).status == 0
    elif change == "budget":
        assert run("budget", "--daily", "0.02", "--monthly", "0.05", env=env).status == 0
    else:
        assert run("currency", "EUR", "--rate", "0.5", env=env).status == 0
    after = outcome(run, argv, env, tmp_path, now)
    assert after == cold(run, argv, env, tmp_path, now)
    if change in ("append", "new_file") and argv[0] != "budget" and "--by-pr" not in argv:
        assert after != first  # the change shows (no pull request is linked; budget --check rounds)


def test_export_in_another_currency_converts(run, hist, env, tmp_path):
    argv = ("export", "-f", "json", "-o", "{out}/x.json")
    usd = outcome(run, argv, env, tmp_path)
    assert run("currency", "EUR", "--rate", "0.5", env=env).status == 0
    eur = outcome(run, argv, env, tmp_path)
    assert eur == cold(run, argv, env, tmp_path) and eur[3] != usd[3] and b'"code": "EUR"' in eur[3][""]


def test_blocks_follow_the_clock_from_the_kept_output(run, hist, env, tmp_path, no_scan):
    """The kept blocks are made before the clock is read: the active block's
    projection moves with it, its end makes it ended, without a scan."""
    argv = ("blocks", "--format", "json")
    first = outcome(run, argv, env, tmp_path)
    no_scan()
    later = outcome(run, argv, env, tmp_path, NOW + dt.timedelta(hours=1))
    ended = outcome(run, argv, env, tmp_path, NOW + dt.timedelta(hours=4))
    assert '"isActive": true' in first[1] and first[1] != later[1] and '"isActive": true' not in ended[1]


@pytest.mark.parametrize("now", [NOW + dt.timedelta(hours=1), NOW + dt.timedelta(hours=4)])
def test_blocks_at_another_time_equal_a_fresh_run(run, hist, env, tmp_path, now):
    argv = ("blocks", "--format", "json")
    outcome(run, argv, env, tmp_path)
    assert outcome(run, argv, env, tmp_path, now) == cold(run, argv, env, tmp_path, now)


def test_the_files_warnings_and_strict_come_with_the_kept_output(run, hist, env, tmp_path, no_scan):
    with open(os.path.join(hist.root, "projects", SHOP_SLUG, f"{S2}.jsonl"), "ab") as f:
        f.write(b'{"type": "assistant", "broken\n')
    argv = ("sessions", "-p", "all", "--strict")
    first = outcome(run, argv, env, tmp_path)
    assert first[0] == 1 and "1 invalid JSON lines skipped" in first[2]
    no_scan()
    assert outcome(run, argv, env, tmp_path) == first


def test_a_damaged_kept_output_is_a_miss(run, hist, env, tmp_path):
    argv = ("models", "-p", "all", "--format", "json")
    first = outcome(run, argv, env, tmp_path)
    path = reportmemo.path_in(os.path.join(env["CODEBURN_CACHE_DIR"], SUBDIR), "models-v1.cbm")
    with open(path, "r+b") as f:
        f.seek(-3, os.SEEK_END)
        f.write(b"\xff\xff\xff")
    assert outcome(run, argv, env, tmp_path) == first == cold(run, argv, env, tmp_path)


def test_yield_sees_a_new_commit(run, history, env, tmp_path):
    """yield keeps the sessions, never git's answers: a commit made after the
    last run counts."""
    repo = str(tmp_path / "src" / "shop")
    os.makedirs(repo)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "README", "2026-03-01T09:00:00+00:00", "initial commit")
    sid = "55555555-5555-4555-8555-555555555555"
    history.write(repo.replace("/", "-"), f"{sid}.jsonl", [
        user_line("fix the cart", ts="2026-03-05T09:00:00.000Z", cwd=repo, session=sid),
        assistant_line("y1", ts="2026-03-05T09:00:05.000Z", usage=usage(1000, 100), cwd=repo, session=sid),
        assistant_line("y2", ts="2026-03-05T09:30:00.000Z", usage=usage(1000, 100), cwd=repo, session=sid)])
    argv = ("yield", "-p", "today", "--format", "json")
    first = outcome(run, argv, env, tmp_path)
    assert '"abandoned"' in first[1]
    commit(repo, "cart.py", "2026-03-05T09:40:00+00:00", "cart: totals")
    after = outcome(run, argv, env, tmp_path)
    assert after == cold(run, argv, env, tmp_path) and after != first and '"category": "productive"' in after[1]


def test_large_bytes_are_kept_beside_the_body(tmp_path):
    """reportmemo keeps a large bytes value after the marshalled body and
    gives it back as a view of the kept file; damage anywhere is a miss."""
    big = bytes(range(256)) * 1024
    doc = {"csv": {"records.csv": big, "small.csv": b"a,b\n"}, "json": [b"{", big[:reportmemo.BLOB_MIN]]}
    reportmemo.save(str(tmp_path), "k", doc, ["w"], ["u"], 3, "t-v1.cbm")
    got, problems, own, skipped = reportmemo.load(str(tmp_path), "k", "t-v1.cbm")
    assert isinstance(got["csv"]["records.csv"], memoryview) and got["csv"]["small.csv"] == b"a,b\n"
    assert bytes(got["csv"]["records.csv"]) == big and bytes(got["json"][1]) == big[:reportmemo.BLOB_MIN]
    assert (problems, own, skipped) == (["w"], ["u"], 3) and reportmemo.load(str(tmp_path), "other", "t-v1.cbm") is None
    path = reportmemo.path_in(str(tmp_path), "t-v1.cbm")
    with open(path, "r+b") as f:
        f.seek(-100, os.SEEK_END)
        f.write(b"\0")
    assert reportmemo.load(str(tmp_path), "k", "t-v1.cbm") is None


@pytest.mark.parametrize("argv", [("export", "-f", "json", "-o", "{out}/x.json"), ("export", "-o", "{out}/x")],
                         ids=" ".join)
def test_an_export_kept_as_blobs_is_written_the_same(run, hist, env, tmp_path, argv, no_scan, monkeypatch):
    monkeypatch.setattr(reportmemo, "BLOB_MIN", 64)  # every file of the small history is a blob
    first = outcome(run, argv, env, tmp_path)
    no_scan()
    again = outcome(run, argv, env, tmp_path, NOW + dt.timedelta(minutes=1))
    monkeypatch.undo()
    assert again == cold(run, argv, env, tmp_path, NOW + dt.timedelta(minutes=1)) and again != first


def test_a_plan_is_not_served_kept_while_a_call_is_later_than_the_clock(run, hist, env, tmp_path):
    """A plan's summary counts the calls up to now: one logged after the
    clock (a skewed clock) is left out, and counts once the clock passes it."""
    sid = "66666666-6666-4666-8666-666666666666"
    hist.write(SHOP_SLUG, f"{sid}.jsonl", [
        user_line("later", ts=ts(NOW + dt.timedelta(hours=1)), cwd=SHOP, session=sid),
        assistant_line("l1", ts=ts(NOW + dt.timedelta(hours=1, seconds=5)), usage=usage(50000, 5000), cwd=SHOP,
                       session=sid)])
    argv = ("plan", "show", "--format", "json")
    first = outcome(run, argv, env, tmp_path)
    later = outcome(run, argv, env, tmp_path, NOW + dt.timedelta(hours=2))
    assert later == cold(run, argv, env, tmp_path, NOW + dt.timedelta(hours=2)) and later != first
    assert first == cold(run, argv, env, tmp_path)


@pytest.mark.parametrize("argv", [("report", "-p", "all", "--format", "json"), ("sessions", "-p", "all", "--format", "json"),
                                  ("report", "--provider", "claude", "--format", "json")], ids=" ".join)
def test_a_run_hashes_the_sources_it_reads_once(run, hist, env, tmp_path, argv, monkeypatch):
    """The kept output's key and the kept scan's key are taken over the same
    sources, one after the other: the second is the first's (scanmemo._last),
    not a second pass over every file's stat (0.04 s at 15k files); the
    other tools' sources a one-tool report also depends on are keyed apart."""
    from codeburn.cache import scanmemo

    hashed = []
    body = scanmemo._body
    monkeypatch.setattr(scanmemo, "_body", lambda sources: hashed.append(len(sources)) or body(sources))
    first = outcome(run, argv, env, tmp_path)
    assert len(hashed) == 1 and hashed[0] > 0
    assert first == cold(run, argv, env, tmp_path)
