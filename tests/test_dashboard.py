"""The dashboard, driven headless through Textual's pilot on the fixed
history of tests/dash_history.py (clock 2026-03-05 12:00 UTC): the frame
before the read, every period and provider against `report --format json`,
keys, the three layouts, refresh of appended logs, SVG snapshots; then the
real thing in a pseudo-terminal, and the import-time promise."""
from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import threading
import time

import pytest

pytest.importorskip("textual")

from rich.console import Console  # noqa: E402

from codeburn.cli import parse  # noqa: E402
from codeburn.commands.dashboard import command_runner, reader, refresh_seconds  # noqa: E402
from codeburn.dashboard.app import Dashboard, TextScreen  # noqa: E402
from codeburn.dashboard.model import TAB_KEYS  # noqa: E402
from codeburn.env import Environment  # noqa: E402
from codeburn.errors import UsageError  # noqa: E402
from tests import dash_history as h  # noqa: E402
from tests.conftest import assistant_line, dumps, usage, user_line  # noqa: E402
from tests.histories import cwdless_session  # noqa: E402
from tests.terminal import run_in_pty  # noqa: E402

UTC = dt.timezone.utc
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def dash(history, tmp_path, shared_cache):
    codex = str(tmp_path / "codex")
    h.write(history, codex)
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    environ = {"CLAUDE_CONFIG_DIR": history.root, "CODEX_HOME": codex, "TZ": "UTC", "HOME": str(home),
               "XDG_CACHE_HOME": shared_cache}
    return Environment(environ=environ, home=str(home), clock=lambda: h.NOW)


def make_app(env: Environment, read=None, **kw) -> Dashboard:
    from codeburn.cost import currency

    currency.use(env.home)  # as cli.main does for every command (amounts in the display currency)
    kw.setdefault("tab", "lifetime")
    kw.setdefault("refresh_s", 0)
    return Dashboard(read or reader(parse(["dashboard"]), env, UTC, None), UTC, env.clock, **kw)


async def loaded(pilot, app: Dashboard, snapshot=None, timeout: float = 30) -> None:
    """Waits until the app shows a read (a newer one than `snapshot`, when given)."""
    deadline = time.monotonic() + timeout
    while app.model is None or (snapshot is not None and app.model.snapshot is snapshot):
        assert time.monotonic() < deadline, "the read did not finish"
        await pilot.pause(0.05)
    await pilot.pause()


def text(widget, width: int = 100) -> str:
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(widget.content)
    return console.export_text()


def drive(app: Dashboard, script, size=(140, 45)):
    async def main():
        async with app.run_test(size=size) as pilot:
            await script(pilot)
    asyncio.run(main())


def cli_json(run, dash, *argv) -> dict:
    r = run("report", "--format", "json", *argv, env=dash.environ)
    assert r.status == 0, r.stderr
    return r.json


def test_frame_comes_first_then_the_read_fills_it(dash):
    gate = threading.Event()
    real = reader(parse(["dashboard"]), dash, UTC, None)

    def slow_read(progress, cancelled):
        gate.wait(30)
        return real(progress)

    app = make_app(dash, slow_read)

    async def script(pilot):
        await pilot.pause()
        assert "Reading session logs" in text(app.query_one("#status"))
        assert app.query_one("#progress").display and app.model is None
        assert "Lifetime" in text(app.query_one("#tabs"), 140)
        gate.set()
        await loaded(pilot, app)
        assert not app.query_one("#progress").display
        shown = text(app.query_one("#overview"))
        # b1 ran yesterday and today: the overview counts it on both days, as
        # CodeBurn 0.9.20 does (report.build.day_sessions), so 5 sessions.
        assert "Cost $9.25   Calls 6   Sessions 5   Cache hit 0.0%" in shown
        assert app.query_one("#overview").border_title == "codeburn · Lifetime · All providers"

    drive(app, script)


def test_q_during_the_first_read_quits_at_once(dash):
    from codeburn.commands.dashboard import Prefetch

    gate = threading.Event()
    app = make_app(dash, Prefetch(lambda progress: gate.wait(60) and None))  # a read that takes a minute

    async def script(pilot):
        await pilot.pause(0.2)
        started = time.monotonic()
        await pilot.press("q")
        return started

    t = time.monotonic()
    drive(app, script)
    gate.set()
    assert app.model is None and time.monotonic() - t < 10  # not the 60 s the read would have taken


def test_every_tab_is_the_cli_report_of_that_period_and_provider(run, dash):
    """Cut from one lifetime read in memory, each (period, provider) equals a
    fresh `report -p P --provider X --format json` (but `generated`)."""
    app = make_app(dash, tab="week")

    async def script(pilot):
        await loaded(pilot, app)
        assert app.providers() == [None, "claude", "codex"]
        for provider in (None, "claude", "codex"):
            for i, key in enumerate(TAB_KEYS):
                await pilot.press(str(i + 1))
                assert (app.tab, app.provider) == (i, provider)
                shown = app.model.report(key, provider)
                expected = cli_json(run, dash, "-p", key, "--provider", provider or "all")
                assert {**shown, "generated": None} == {**expected, "generated": None}, (key, provider)
            await pilot.press("p")
        assert app.provider is None  # p went round: All, Claude, Codex, All

    drive(app, script)


KEY_CASES = [  # keys pressed from 7 Days / All providers -> tab shown, cost in the header
    ([], "7 Days", "$9.25"),
    (["left"], "Today", "$1.50"),
    (["left", "left"], "Lifetime", "$9.25"),
    (["right", "right", "right"], "6 Months", "$9.25"),
    (["1"], "Today", "$1.50"),
    (["4"], "This Month", "$9.25"),
    (["p", "p"], "7 Days", "$1.25"),   # Codex
    (["p", "1"], "Today", "$1.50"),    # Claude, today
]


def test_keys_switch_period_and_provider(dash):
    app = make_app(dash, tab="week")

    async def script(pilot):
        await loaded(pilot, app)
        for keys, tab, cost in KEY_CASES:
            app.tab, app.provider = 1, None
            app.show()
            await pilot.press(*keys)
            assert f"Cost {cost} " in text(app.query_one("#overview")), keys
            label = app.query_one("#overview").border_title
            assert label.startswith("codeburn · ") and tab in text(app.query_one("#tabs"), 140), keys

    drive(app, script)


def test_panels_show_the_reports_rows(dash):
    app = make_app(dash)

    async def script(pilot):
        await loaded(pilot, app)
        daily = text(app.query_one("#daily")).splitlines()
        assert [line.split()[0] for line in daily[1:]] == list(h.DAY_COST)
        assert [line.split()[-2:] for line in daily[1:]] == [["$3.00", "1"], ["$2.50", "1"], ["$2.25", "2"],
                                                             ["$1.50", "2"]]
        # Bars are proportional: $3.00 is the longest, $1.50 half of it.
        bars = [line.count("█") for line in daily[1:]]
        assert abs(bars[0] - 2 * bars[3]) <= 1 and bars[0] > bars[1] > bars[2] > bars[3]
        mcp = text(app.query_one("#mcp"))
        assert h.EVIL_SERVER in mcp  # shown as text, not taken as markup
        assert "pdf" in text(app.query_one("#skills")) and "Explore" in text(app.query_one("#skills"))
        status = text(app.query_one("#status"), 140)
        assert "no price known for model 'claude-<b>bold</b>-x'" in status

    drive(app, script)


def test_a_period_switch_moves_no_panel(dash):
    """Once the other tabs are cut, each panel is as tall as in its longest
    period, so switching periods repaints and never lays the screen out
    again; an empty period (Codex today) says so in place of the tokens."""
    app = make_app(dash)
    names = ("overview", "daily", "projects", "activities", "models", "tools", "shell", "mcp", "skills")

    async def script(pilot):
        await loaded(pilot, app)
        await pilot.pause(0.3)  # the other tabs' reports and the heights
        regions = {n: app.query_one(f"#{n}").region for n in names}
        for key in "123456":
            await pilot.press(key)
            assert {n: app.query_one(f"#{n}").region for n in names} == regions, key
        # 6 Months and Lifetime have the same rows here: the panels are not repainted.
        projects = app.query_one("#projects")
        shown = projects.table
        await pilot.press("5")
        assert projects.table is shown
        await pilot.press("p", "p", "1")  # Codex, Today: nothing
        assert text(app.query_one("#overview")).splitlines() == [
            "Cost $0.00   Calls 0   Sessions 0   Cache hit 0.0%", "No usage in this period."]
        assert text(app.query_one("#projects")).strip() == "no data"

    drive(app, script)


def test_daily_chart_scrolls_under_its_header(dash, history):
    """20 more days of calls: the chart shows its header and the latest
    days; the wheel, or arrows once it has the focus, bring earlier ones."""
    history.write("-home-dev-daily", "d.jsonl", [line for i in range(20) for line in (
        user_line("go on", ts=f"2026-02-{i + 1:02d}T09:59:00.000Z", cwd="/home/dev/daily", session="d"),
        assistant_line(f"d{i}", ts=f"2026-02-{i + 1:02d}T10:00:00.000Z", model=h.HAIKU, usage=usage(1_000_000, 0),
                       cwd="/home/dev/daily", session="d"))])
    app = make_app(dash)

    async def script(pilot):
        await loaded(pilot, app)
        daily = app.query_one("#daily")
        assert daily.region.height == 14 + 2  # DAILY_LINES, and the box
        lines = [strip.text for strip in (daily.render_line(y) for y in range(14))]
        assert lines[0].split() == ["cost", "calls"]
        assert [x.split()[0] for x in lines[1:]] == [f"2026-02-{d:02d}" for d in range(12, 21)] + list(h.DAY_COST)
        assert daily.border_subtitle == "↑11"
        from textual.events import MouseScrollUp

        daily.post_message(MouseScrollUp(daily, 5, 5, 0, -1, 0, False, False, False))  # the wheel over it
        await pilot.pause()
        assert daily.render_line(1).text.split()[0] == "2026-02-11" and daily.border_subtitle == "↑10 ↓1"
        daily.focus()
        await pilot.press("home")
        assert daily.render_line(1).text.split()[0] == "2026-02-01" and daily.border_subtitle == "↓11"
        await pilot.press("down", "end")
        assert daily.render_line(13).text.split()[0] == "2026-03-05" and daily.border_subtitle == "↑11"
        await pilot.press("1")  # Today: one day, no scrolling; the box keeps its height
        assert daily.border_subtitle is None and daily.region.height == 16
        assert daily.render_line(1).text.split()[0] == "2026-03-05" and not daily.render_line(2).text.strip()

    drive(app, script)


def test_plan_lines_in_the_header(dash):
    """The header shows a line per plan of the provider tab shown (plans
    themselves are another part of codeburn: given here as summaries)."""
    summaries = [{"id": "claude-max", "provider": "all", "budget": 200, "spent": 9.25, "percentUsed": 4.6,
                  "status": "under"},
                 {"id": "custom", "provider": "codex", "budget": 1, "spent": 1.25, "percentUsed": 125.0,
                  "status": "over"}]
    app = make_app(dash, plan_source=lambda scan, now, tz: summaries)

    async def script(pilot):
        await loaded(pilot, app)
        lines = text(app.query_one("#overview")).splitlines()
        assert lines[2] == "Plan claude-max " + "█" + "░" * 19 + " 5%  $9.25 of $200.00"
        await pilot.press("p", "p")  # Codex
        lines = text(app.query_one("#overview")).splitlines()
        assert lines[2] == "Plan custom " + "█" * 20 + " 125%  $1.25 of $1.00" and len(lines) == 3

    drive(app, script)


def test_plan_set_with_codeburn_plan_shows_in_the_header(run, dash):
    r = run("plan", "set", "claude-pro", env=dash.environ)  # $20 a month for Claude, from the 1st
    assert r.status == 0, r.stderr
    from codeburn.commands.dashboard import plan_source

    app = make_app(dash, plan_source=plan_source(dash))

    async def script(pilot):
        await loaded(pilot, app)
        assert len(text(app.query_one("#overview")).splitlines()) == 2  # All providers: a Claude plan is not shown
        await pilot.press("p")
        lines = text(app.query_one("#overview")).splitlines()
        # Claude in March so far: $8.00 of $20, 40%
        assert lines[2] == "Plan claude-pro " + "█" * 8 + "░" * 12 + " 40%  $8.00 of $20.00"

    drive(app, script)


def test_log_text_cannot_drive_the_terminal(dash, history):
    """An escape sequence in a project name is shown escaped, as text."""
    history.write("-x\x1b]0;pwned\x07\x1b[2J", "z.jsonl", [assistant_line(
        "z1", ts="2026-03-05T11:00:00.000Z", model=h.SONNET, usage=usage(10, 10), cwd="", session="z")])
    app = make_app(dash)

    async def script(pilot):
        await loaded(pilot, app)
        shown = text(app.query_one("#projects"), 120)
        assert "\x1b" not in shown and "\x07" not in shown
        assert "-x\\x1b]0;pwned\\x07\\x1b[2J" in shown

    drive(app, script)


def test_layout_follows_the_width(dash):
    app = make_app(dash)

    async def script(pilot):
        await loaded(pilot, app)
        for width, columns in ((140, 3), (135, 3), (134, 2), (90, 2), (89, 1), (60, 1), (135, 3)):
            await pilot.resize_terminal(width, 50)
            await pilot.pause()
            assert app.query_one("#panels").styles.grid_size_columns == columns, width
            xs = {app.query_one(f"#{name}").region.x for name in ("daily", "projects", "activities", "models")}
            assert len(xs) == columns, width

    drive(app, script, size=(100, 50))


def test_help_and_the_commands_that_are_not_there_yet(dash):
    ran: list[list[str]] = []
    notes: list[str] = []

    def runner(argv):
        ran.append(argv)
        return "Findings\n  \x1b[31mnone\x1b[0m\n" if argv[0] == "optimize" else None

    app = make_app(dash, run_command=runner, tab="30days", provider="claude")
    app.notify = lambda message, **kw: notes.append(message)

    async def script(pilot):
        await loaded(pilot, app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, TextScreen) and app.screen.title_text == "Keys"
        await pilot.press("escape")
        assert not isinstance(app.screen, TextScreen)
        await pilot.press("c")
        for _ in range(100):
            if any("not in this version" in n for n in notes):
                break
            await pilot.pause(0.05)
        assert "`codeburn compare` is not in this version of codeburn yet." in notes
        await pilot.press("o")
        for _ in range(100):
            if isinstance(app.screen, TextScreen):
                break
            await pilot.pause(0.05)
        assert app.screen.title_text == "codeburn optimize -p 30days --provider claude"
        assert "\x1b" not in str(app.screen.body)  # its output is shown as text
        await pilot.press("b")
        assert ran == [["compare", "-p", "30days", "--provider", "claude"],
                       ["optimize", "-p", "30days", "--provider", "claude"]]

    drive(app, script)


def test_command_runner_runs_real_commands_only(dash):
    runner = command_runner(dash)
    assert runner(["no-such-command"]) is None
    assert json.loads(runner(["status", "--format", "json"]))["today"]["cost"] == pytest.approx(1.50)
    compared = runner(["compare", "-p", "lifetime", "--provider", "all"])  # the `c` key's command
    assert "Sonnet 4.5" in compared and "Opus 4.6" in compared
    assert "context-heavy session" in runner(["optimize", "-p", "lifetime", "--provider", "all"])  # the `o` key's


def test_refresh_reads_appended_lines(dash, history, shared_cache):
    app = make_app(dash, refresh_s=1)

    async def script(pilot):
        await loaded(pilot, app)
        first = app.model.snapshot
        from codeburn.cache.filecache import SUBDIR

        assert os.listdir(os.path.join(shared_cache, "codeburn", SUBDIR))  # the read used the file cache
        with open(history.files[1], "a") as f:  # blog: 100k more Sonnet output today, $1.50
            f.write(dumps(assistant_line("m9", ts="2026-03-05T11:00:00.000Z", model=h.SONNET,
                                         usage=usage(0, 100_000), cwd=h.BLOG, session="b1")) + "\n")
        await loaded(pilot, app, first, timeout=30)  # the 1 s timer read again
        assert "Cost $10.75   Calls 7" in text(app.query_one("#overview"))
        await pilot.press("1")
        assert "Cost $3.00   Calls 3" in text(app.query_one("#overview"))

    drive(app, script)


def test_no_color_and_terminal_colours(dash, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(dash)
    assert app.no_color and app.ansi_color


def test_refresh_option():
    assert refresh_seconds("0") == 0 and refresh_seconds("5") == 5 and refresh_seconds(None) == 60
    with pytest.raises(UsageError):
        refresh_seconds("soon")


class _Tty(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("argv,message", [
    (["dashboard", "--day", "yesterday"], "the dashboard shows named periods only"),
    (["report", "--format", "tui", "-p", "yesterday"], "the dashboard shows named periods only"),
    (["--format", "tui", "-o", "x.txt"], "--output needs a file format"),
])
def test_dashboard_usage_errors(dash, argv, message):
    from codeburn.cli import main

    err = io.StringIO()
    status = main(argv, Environment(stdout=_Tty(), stderr=err, environ=dash.environ, home=dash.home,
                                    clock=dash.clock))
    assert status == 2 and message in err.getvalue()


def test_off_a_terminal_the_dashboard_is_the_text_report(run, dash):
    for argv in ([], ["dashboard"], ["report", "--format", "tui"], ["-p", "lifetime"]):
        r = run(*argv, env=dash.environ)
        assert r.status == 0 and r.stdout.startswith("\ncodeburn · "), argv


# Snapshots: SVG screenshots of the fixed history, compared with the ones
# accepted in tests/__snapshots__ (`pytest --snapshot-update` rewrites them).

@pytest.mark.parametrize("size", [(140, 40), (100, 48), (80, 70)])
def test_snapshot_layouts(dash, snap_compare, size):
    app = make_app(dash)
    assert snap_compare(app, terminal_size=size, run_before=lambda pilot: loaded(pilot, app))


def test_snapshot_codex_today_and_keys(dash, snap_compare):
    app = make_app(dash)

    async def before(pilot):
        await loaded(pilot, app)
        await pilot.press("p", "p", "2", "question_mark")

    assert snap_compare(app, terminal_size=(100, 40), run_before=before)


# The real program in a pseudo-terminal.

def colours(out: bytes) -> set[bytes]:
    """The SGR sequences that set a colour (39 and 49, the terminal's default colours, are none)."""
    def sets_colour(params: bytes) -> bool:
        return any(p not in (b"39", b"49") and (p[:1] in b"34" and len(p) == 2 or p[:1] in b"9" or p[:2] == b"10")
                   for p in params.split(b";") if p)
    return {m.group() for m in re.finditer(rb"\x1b\[([0-9;]*)m", out) if sets_colour(m.group(1))}


@pytest.mark.parametrize("no_color", [False, True])
def test_in_a_real_terminal(dash, no_color):
    env = {**os.environ, **dash.environ, "TERM": "xterm-256color", "PYTHONPATH": REPO}
    env.pop("NO_COLOR", None)
    env.pop("TEXTUAL", None)
    if no_color:
        env["NO_COLOR"] = "1"
    sent = []

    def on_output(out: bytes, write, proc) -> bool:
        if b"$9.25" in out and not sent:  # the read filled the first frame
            sent.append(True)
            write(b"q")
            return True
        return False

    status, out = run_in_pty([sys.executable, "-m", "codeburn", "-p", "lifetime", "--refresh", "0"], env, on_output)
    assert sent, out[-2000:]
    assert status == 0
    assert b"\x1b[?1049h" in out and b"\x1b[?1049l" in out  # into the alternate screen and back out
    for label in (b"Today", b"7 Days", b"Lifetime", b"Daily cost", b"By project", b"MCP servers"):
        assert label in out
    set_colours = colours(out)
    if no_color:
        assert not set_colours
    else:  # the terminal's own palette: no 256-colour or RGB colour
        assert set_colours and not [c for c in set_colours if re.search(rb"[34]8;[25];", c)]


@pytest.mark.parametrize("columns,boxes", [(140, 3), (100, 2), (80, 1)])
def test_first_frame_before_textual(monkeypatch, columns, boxes):
    """The plain first frame: tabs, the reading line, the empty boxes in as
    many columns as the dashboard will have, the keys on the last line."""
    from codeburn.dashboard import preframe

    monkeypatch.setenv("NO_COLOR", "1")
    out = io.StringIO()
    preframe.draw(out, "month", "all", (columns, 30))
    frame = out.getvalue()
    assert frame.startswith(preframe.ENTER) and "\x1b[0m" not in frame  # no colour with NO_COLOR
    body, footer = frame[len(preframe.ENTER):].split("\x1b[30;1H")
    lines = body.split("\r\n")
    assert "This Month" in lines[0] and "Provider: All p" in lines[0]  # cropped at 80 columns
    assert lines[1] == " Reading session logs…"
    assert lines[3].startswith("╭─ codeburn ") and len(lines[3]) == columns
    assert lines[6].count("╭─") == boxes and lines[6].startswith("╭─ Daily cost ")
    assert all(len(line) <= columns for line in lines) and footer.startswith(" ←/→ 1-6 period")


def test_other_commands_do_not_import_textual(dash):
    code = ("import sys; from codeburn.cli import main; s = main(['report', '--format', 'json']); "
            "assert s == 0; print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    r = subprocess.run([sys.executable, "-c", code], env={**os.environ, **dash.environ, "PYTHONPATH": REPO},
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]"



def test_shorter_tabs_are_cut_from_the_six_months_projects(history, tmp_path, shared_cache):
    """0.9.20's dashboard reads six months and cuts Today, 7 Days, 30 Days and
    This Month from it (selectDashboardPeriodProjects): a session without a
    cwd stays in the project its slug dir's other session named (/w/app),
    which leads today's $0 projects by its six-month cost though /w/aaa is
    read first. A read of today alone would make the session a project of
    its slug (path "-w-app") and list it last (as `report -p today` does, in
    0.9.20 too)."""
    from codeburn.dashboard.model import Model

    cwdless_session(history)
    home = tmp_path / "home"
    home.mkdir()
    env = Environment(environ={"CLAUDE_CONFIG_DIR": history.root, "TZ": "UTC", "HOME": str(home),
                               "XDG_CACHE_HOME": shared_cache}, home=str(home), clock=lambda: h.NOW)
    snapshot = reader(parse(["dashboard"]), env, UTC, None)(lambda *a: None)
    model = Model(snapshot, UTC, env.clock)
    for tab in ("today", "week", "30days", "month", "all"):
        shown = [(p["name"], p["path"]) for p in model.report(tab, None)["projects"]]
        assert shown == [("-w-app", "/w/app"), ("-w-aaa", "/w/aaa")], tab
    assert [m["name"] for m in model.report("today", None)["models"]] == ["zz-model-y", "zz-model-z"]
