"""The interactive dashboard (Textual). The frame is drawn first; the
history is read in a worker thread while a progress bar fills, then every
tab is cut from that one read (model.Model). Keys: ←/→ and 1-6 period, p
provider, o optimize, c compare, r read again, ? keys, q quit."""
from __future__ import annotations

import datetime as dt
import time
from typing import Callable

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.worker import get_current_worker

from codeburn.dashboard import render
from codeburn.dashboard.model import (FOOTER, PANELS, TABS, KeptSource, Model, PlanSource, Snapshot, columns_for,
                                      no_kept_days, no_plans)
from codeburn.dashboard.panels import Panel, ScrollingPanel

DAILY_LINES = 14   # the daily chart's box shows this many lines, and scrolls
PROGRESS_CELLS = 40
KEYS = (("← / →", "previous / next period"), ("1 … 6", "Today, 7 Days, 30 Days, This Month, 6 Months, Lifetime"),
        ("p", "next provider (All, then each provider with data)"), ("o", "optimize findings"),
        ("c", "model comparison"), ("r", "read the logs again now"), ("↑ ↓ PgUp PgDn", "scroll"),
        ("Tab", "to the daily chart (then ↑ ↓ Home End scroll its days; the wheel too)"),
        ("?", "this help"), ("q", "quit"))

# read(progress(files done, files, bytes done, bytes), cancelled()) -> Snapshot, or None when cancelled
Reader = Callable[[Callable[[int, int, int, int], None], Callable[[], bool]], "Snapshot | None"]
CommandRunner = Callable[[list[str]], "str | None"]


def _lines(panel: str, table: render.BarTable) -> int:
    """The lines a panel needs for a table (the daily chart scrolls past DAILY_LINES)."""
    return min(table.height, DAILY_LINES) if panel == "daily" else table.height


class TextScreen(ModalScreen):
    """A command's output (or the keys), scrollable; b, Escape or q go back."""

    BINDINGS = [Binding("escape,b,q", "dismiss", "back")]

    def __init__(self, title: str, body: Text):
        super().__init__()
        self.title_text, self.body = title, body

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="text-box") as box:
            box.border_title = self.title_text
            box.border_subtitle = "b / Esc back"
            yield Static(self.body)


class Dashboard(App):
    CSS = """
    Screen { layout: vertical; }
    #tabs { height: 1; padding: 0 1; }
    #status { height: 1; padding: 0 1; color: $text-muted; }
    #progress { height: 1; padding: 0 1; }
    #body { height: 1fr; }
    #overview { height: auto; border: round $primary; padding: 0 1; }
    #panels { grid-size: 3; grid-rows: auto; grid-gutter: 0 1; height: auto; }
    .panel { height: auto; border: round $secondary; padding: 0 1; }
    #keys { height: 1; padding: 0 1; color: $text-muted; }
    TextScreen { align: center middle; }
    #text-box { width: 90%; height: auto; max-height: 80%; border: round $primary; padding: 0 1; background: $background; }
    """
    BINDINGS = [
        Binding("left", "period(-1)", "previous period", priority=True),
        Binding("right", "period(1)", "next period", priority=True),
        *(Binding(str(i + 1), f"tab({i})", label, show=False) for i, (_, label) in enumerate(TABS)),
        Binding("p", "provider", "provider"),
        Binding("o", "command('optimize')", "optimize"),
        Binding("c", "command('compare')", "compare"),
        Binding("r", "refresh", "refresh"),
        Binding("question_mark", "keys", "keys"),
        Binding("q", "quit", "quit"),
    ]

    def __init__(self, read: Reader, tz: dt.tzinfo, clock: Callable[[], dt.datetime], *, tab: str = "week",
                 provider: str | None = None, refresh_s: int = 60, include: list[str] | None = None,
                 exclude: list[str] | None = None, plan_source: PlanSource = no_plans,
                 run_command: CommandRunner | None = None, kept_days: KeptSource = no_kept_days):
        super().__init__(ansi_color=True)
        # Set before the app starts: set in on_mount, it parsed all the CSS a second time (0.05 s).
        self.theme = "ansi-dark"
        self.read, self.tz, self.clock = read, tz, clock
        self.tab = [k for k, _ in TABS].index(tab)
        self.provider = provider
        self.refresh_s = refresh_s
        self.include, self.exclude = include or [], exclude or []
        self.plan_source = plan_source
        self.kept_days = kept_days
        self.run_command = run_command
        self.model: Model | None = None
        self.reading = False
        self.timings: dict[str, float] = {}   # bench/: the last read and the last switch, in seconds
        self._overview_lines = 0              # as last shown
        self._made: dict[int, tuple] = {}     # id(report) -> (report, its panels' tables), for this model
        self._tall: dict[str | None, dict[str, int]] = {}   # provider -> panel -> lines shown (only grows)

    def compose(self) -> ComposeResult:
        yield Static(id="tabs")
        yield Static("Reading session logs…", id="status")
        # A bar of text, not Textual's ProgressBar: four widgets more to style at start-up, and an
        # animation running beside the read until the first progress arrives.
        yield Static(id="progress")
        with VerticalScroll(id="body"):
            yield Static(id="overview")
            with Grid(id="panels"):
                for name, title in PANELS:
                    yield ScrollingPanel(title, id=name) if name == "daily" else Panel(title, id=name)
        yield Static(FOOTER, id="keys")

    def on_mount(self) -> None:
        self._draw_tabs()
        self._layout(self.size.width)
        # Paint the first frame before the read starts competing for the GIL.
        self.call_after_refresh(self.action_refresh)
        if self.refresh_s > 0:
            self.set_interval(self.refresh_s, self.action_refresh)

    def on_resize(self, event) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        self.query_one("#panels").styles.grid_size_columns = columns_for(width)

    # The read -----------------------------------------------------------

    def action_refresh(self) -> None:
        if not self.reading:
            self.reading = True
            self._read()

    @work(thread=True, exclusive=True, group="read")
    def _read(self) -> None:
        started = time.perf_counter()
        worker = get_current_worker()
        try:
            snapshot = self.read(self._progress, lambda: worker.is_cancelled)
        except Exception as exc:  # shown in the status line; the last good read stays on screen
            self.call_from_thread(self._failed, exc)
            return
        if snapshot is not None and not worker.is_cancelled:
            self.call_from_thread(self._loaded, snapshot, time.perf_counter() - started)

    def _progress(self, files_done: int, files: int, bytes_done: int, total: int) -> None:
        if self.is_running:  # a first read outlives an app quit during it
            self.call_from_thread(self._show_progress, bytes_done, total, files_done, files)

    def _show_progress(self, bytes_done: int, total: int, files_done: int, files: int) -> None:
        cells = max(min(PROGRESS_CELLS, self.size.width - 8), 1)
        filled = min(cells, bytes_done * cells // max(total, 1))
        self.query_one("#progress", Static).update(Content.assemble(
            ("█" * filled, "ansi_blue"), ("░" * (cells - filled), "dim"),
            f" {min(100, bytes_done * 100 // max(total, 1))}%"), layout=False)
        if self.model is None:
            self.query_one("#status", Static).update(f"Reading session logs… {files_done:,} of {files:,} files")

    def _loaded(self, snapshot: Snapshot, seconds: float) -> None:
        self.reading = False
        self.timings["read"] = seconds
        self.model = Model(snapshot, self.tz, self.clock, self.include, self.exclude, self.plan_source,
                           self.kept_days)
        self._made = {}
        if self.provider not in self.providers():
            self.provider = None
        self.query_one("#progress").display = False
        self.show()
        self._warm(self.model, self.provider)

    @work(thread=True, exclusive=True, group="warm")
    def _warm(self, model: Model, provider: str | None) -> None:
        """The other tabs' reports, cut while the first is looked at, so a
        first switch to them only draws; then the panels take the height
        of their longest tab."""
        for key, _ in TABS:
            if get_current_worker().is_cancelled or model is not self.model:
                return
            model.report(key, provider)
        if self.is_running and not get_current_worker().is_cancelled:  # not once q was pressed
            self.call_from_thread(self._settle, model, provider)

    def _settle(self, model: Model, provider: str | None) -> None:
        """Each panel as tall as it is in its longest tab for this provider,
        so that switching periods never moves a panel (a new layout moves
        them all and repaints the whole screen: three times the work)."""
        if model is not self.model:
            return
        tall = self._tall.setdefault(provider, {})
        before = dict(tall)
        for key, _ in TABS:
            for name, table in self._tables(model.report(key, provider)):
                tall[name] = max(tall.get(name, 1), _lines(name, table))
        if tall != before and provider == self.provider:
            self.show()

    def _failed(self, exc: Exception) -> None:
        self.reading = False
        self.query_one("#progress").display = False
        self.query_one("#status", Static).update(Content.styled(render.plain(f"Could not read the logs: {exc}"),
                                                                "ansi_red"))

    # Showing a tab --------------------------------------------------------

    def providers(self) -> list[str | None]:
        return [None] + (self.model.providers() if self.model else [])

    def show(self) -> None:
        self._draw_tabs()
        if self.model is None:
            return
        started = time.perf_counter()
        report = self.model.report(TABS[self.tab][0], self.provider)
        self._status(report)
        overview = self.query_one("#overview", Static)
        overview.border_title = f"codeburn · {report['period']} · {self._provider_name(self.provider)}"
        ov = render.overview(report, self.model.plans(self.provider))
        overview.update(ov, layout=self._overview_lines != len(ov.renderables))
        self._overview_lines = len(ov.renderables)
        tall = self._tall.setdefault(self.provider, {})
        for name, table in self._tables(report):
            tall[name] = max(tall.get(name, 1), _lines(name, table))
            self.query_one(f"#{name}").show(table, tall[name])
        self.timings["switch"] = time.perf_counter() - started

    def _tables(self, report: dict) -> list[tuple[str, render.BarTable]]:
        """The panels' tables of a report, made once per report (a table
        keeps its lines for the width last drawn)."""
        key = id(report)
        if key not in self._made:
            self._made[key] = (report, [
                ("daily", render.daily(report)), ("projects", render.projects(report)),
                ("activities", render.activities(report)), ("models", render.models(report)),
                ("tools", render.counts(report["tools"])), ("shell", render.counts(report["shellCommands"])),
                ("mcp", render.counts(report["mcpServers"])), ("skills", render.skills_and_agents(report))])
        return self._made[key][1]

    def _status(self, report: dict) -> None:
        warnings = report["warnings"]
        if not warnings:
            line = Content("")
        else:
            more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
            # Textual's own names: a Rich Text's "yellow" reaches the terminal as a 256-colour yellow,
            # not the terminal's.
            line = Content.styled(render.plain(f"! {warnings[0]}{more}"), "ansi_yellow")
        self.query_one("#status", Static).update(line, layout=False)  # always one line

    def _draw_tabs(self) -> None:
        line = Text(no_wrap=True, overflow="ellipsis")
        for i, (_, label) in enumerate(TABS):
            line.append(f" {label} ", style="reverse bold" if i == self.tab else "")
            line.append(" ")
        line.append("  Provider: ", style="dim")
        line.append(self._provider_name(self.provider), style="bold")
        line.append(" (p)", style="dim")
        self.query_one("#tabs", Static).update(line, layout=False)  # always one line

    def _provider_name(self, provider: str | None) -> str:
        if provider is None:
            return "All providers"
        from codeburn.providers import PROVIDERS

        return PROVIDERS[provider].DISPLAY_NAME

    # Keys -------------------------------------------------------------------

    def action_period(self, step: int) -> None:
        self.action_tab((self.tab + step) % len(TABS))

    def action_tab(self, index: int) -> None:
        self.tab = index
        self.show()

    def action_provider(self) -> None:
        choices = self.providers()
        self.provider = choices[(choices.index(self.provider) + 1) % len(choices)]
        self.show()
        if self.model is not None:
            self._warm(self.model, self.provider)

    def action_keys(self) -> None:
        body = Text()
        for key, what in KEYS:
            body.append(f"{key:>14}  ", style="bold")
            body.append(what + "\n")
        self.push_screen(TextScreen("Keys", body))

    def action_command(self, name: str) -> None:
        if self.run_command is None:
            self.notify(f"`codeburn {name}` is not in this version of codeburn yet.", title=name)
            return
        self.notify(f"Running codeburn {name}…", title=name, timeout=2)
        self._run(name, [name, "-p", TABS[self.tab][0], "--provider", self.provider or "all"])

    @work(thread=True, group="command")
    def _run(self, name: str, argv: list[str]) -> None:
        out = self.run_command(argv)
        if out is None:
            self.call_from_thread(self.notify, f"`codeburn {name}` is not in this version of codeburn yet.",
                                  title=name)
        else:
            self.call_from_thread(self.push_screen, TextScreen(f"codeburn {' '.join(argv)}", Text(render.plain_lines(out))))
