"""The dashboard's bar panels as Textual widgets drawn a line at a time
(Textual's line API): a line is a render.BarTable line turned into a Strip,
with nothing measured or wrapped. A panel's height is given (the app makes
it the most lines the panel has in any period), so a new table is a
repaint and no new layout: a layout moves every panel and repaints the
whole screen, and Static, asked for its height, renders its whole content
once more to measure it."""
from __future__ import annotations

import weakref

from textual.binding import Binding
from textual.strip import Strip
from textual.widget import Widget

from codeburn.dashboard.render import BarTable

BORDER = 2  # lines the box takes, above and below


class Panel(Widget):
    """A bar table in a box of `lines` lines (blank below a shorter table).
    The height reaches the layout as the content's (the box is `height:
    auto`: a grid's auto row asks its cells for their content's height,
    whatever their own height says). Its lines are strips made as they are
    asked for and kept with the table for the width and style they were
    made at, so a tab shown again reuses them; the widget's style is worked
    out once (Textual works it out from every ancestor's styles at each
    call)."""

    def __init__(self, title: str, *, id: str):
        super().__init__(id=id, classes="panel")
        self.border_title = title
        self.table = BarTable([], [], empty="")
        self._height = 1
        self._style = None
        self._strips: weakref.WeakKeyDictionary[BarTable, tuple] = weakref.WeakKeyDictionary()

    @property
    def content(self) -> BarTable:
        return self.table

    def show(self, table: BarTable, lines: int) -> bool:
        """Shows a table in `lines` lines; False when it is the one shown
        (the same rows: periods often share a panel's rows) and nothing is
        repainted."""
        if lines == self._height and table.same(self.table):
            return False
        self.table = table
        layout, self._height = lines != self._height, lines
        self.refresh(layout=layout)
        return True

    def get_content_height(self, container, viewport, width: int) -> int:
        return self._height   # known without drawing anything

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style = None

    def render_line(self, y: int) -> Strip:
        return self._line(y, self.size.width)

    def _line(self, y: int, width: int) -> Strip:
        if self._style is None:
            self._style = self.rich_style
        key = (width, self._style)
        made = self._strips.get(self.table)
        if made is None or made[0] != key:
            made = self._strips[self.table] = (key, {})
        strip = made[1].get(y)
        if strip is None:
            lines = self.table.lines(width)
            strip = made[1][y] = (Strip(lines[y]).crop_extend(0, width, self._style).apply_style(self._style)
                                  if y < len(lines) else Strip.blank(width, self._style))
        return strip


class ScrollingPanel(Panel):
    """A bar table in a box of `lines` lines whose rows scroll under the
    table's header when there are more (the daily chart), shown from the
    end (the latest days). The wheel over it, or arrows and PgUp/PgDn once
    it has the focus (Tab), scroll it. Its own scrolling, not a ScrollView:
    a ScrollView's scrollable size is part of the layout, so a table of
    another length would cost a new layout on every period switch."""

    can_focus = True
    BINDINGS = [Binding("up", "scroll(-1)", show=False), Binding("down", "scroll(1)", show=False),
                Binding("pageup", "scroll(-10)", show=False), Binding("pagedown", "scroll(10)", show=False),
                Binding("home", "scroll(-1_000_000)", show=False), Binding("end", "scroll(1_000_000)", show=False)]

    def __init__(self, title: str, *, id: str):
        super().__init__(title, id=id)
        self.first = 0   # the table row (after the header) shown first

    def show(self, table: BarTable, lines: int) -> bool:
        if not super().show(table, lines):
            return False
        self._scroll_to(self._hidden())   # to the end
        return True

    def _hidden(self) -> int:
        """Rows that do not fit below the header."""
        return max(0, self.table.height - self._height)

    def _scroll_to(self, first: int) -> None:
        self.first = max(0, min(first, self._hidden()))
        below = self._hidden() - self.first
        self.border_subtitle = " ".join(x for x in (f"↑{self.first}" if self.first else "",
                                                    f"↓{below}" if below else "") if x) or None
        self.refresh()

    def action_scroll(self, rows: int) -> None:
        self._scroll_to(self.first + rows)

    def on_mouse_scroll_up(self, event) -> None:
        event.stop()
        self._scroll_to(self.first - 1)

    def on_mouse_scroll_down(self, event) -> None:
        event.stop()
        self._scroll_to(self.first + 1)

    def render_line(self, y: int) -> Strip:
        return self._line(y + self.first if y else 0, self.size.width)
