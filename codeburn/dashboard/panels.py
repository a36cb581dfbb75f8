"""The dashboard's bar panels as Textual widgets drawn a line at a time
(Textual's line API): a line is a render.BarTable line turned into a Strip,
with nothing measured or wrapped. A panel's height is given (the app makes
it the most lines the panel has in any period), so a new table is a
repaint and no new layout: a layout moves every panel and repaints the
whole screen, and Static, asked for its height, renders its whole content
once more to measure it."""
from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from codeburn.dashboard.render import BarTable

BORDER = 2  # lines the box takes, above and below


class _Lines:
    """The strips of a table at a width in a style, made as lines are asked for."""

    def __init__(self):
        self.table = BarTable([], [], empty="")
        self._key: tuple | None = None
        self._strips: dict[int, Strip] = {}

    def strip(self, y: int, width: int, style) -> Strip:
        key = (width, style)
        if key != self._key:
            self._key, self._strips = key, {}
        strip = self._strips.get(y)
        if strip is None:
            lines = self.table.lines(width)
            strip = (Strip(lines[y]).crop_extend(0, width, style).apply_style(style) if y < len(lines)
                     else Strip.blank(width, style))
            self._strips[y] = strip
        return strip

    def set(self, table: BarTable) -> None:
        self.table, self._key = table, None


class Panel(Widget):
    """A bar table in a box of `lines` lines (blank below a shorter table).
    The height reaches the layout as the content's (the box is `height:
    auto`: a grid's auto row asks its cells for their content's height,
    whatever their own height says)."""

    def __init__(self, title: str, *, id: str):
        super().__init__(id=id, classes="panel")
        self.border_title = title
        self._lines = _Lines()
        self._height = 1

    @property
    def content(self) -> BarTable:
        return self._lines.table

    def show(self, table: BarTable, lines: int) -> None:
        self._lines.set(table)
        layout, self._height = lines != self._height, lines
        self.refresh(layout=layout)

    def get_content_height(self, container, viewport, width: int) -> int:
        return self._height   # known without drawing anything

    def render_line(self, y: int) -> Strip:
        return self._lines.strip(y, self.size.width, self.rich_style)


class ScrollingPanel(ScrollView):
    """A bar table in a box of `lines` lines that scrolls when the table is
    longer, scrolled to its end (the daily chart: the latest days in view)."""

    def __init__(self, title: str, *, id: str):
        super().__init__(id=id, classes="panel")
        self.border_title = title
        self._lines = _Lines()
        self._height = 1

    @property
    def content(self) -> BarTable:
        return self._lines.table

    def show(self, table: BarTable, lines: int) -> None:
        self._lines.set(table)
        layout, self._height = lines != self._height, lines
        self.virtual_size = Size(0, table.height)
        self.refresh(layout=layout)
        self.scroll_to(y=max(0, table.height - lines), animate=False, immediate=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return self._height

    def render_line(self, y: int) -> Strip:
        return self._lines.strip(self.scroll_offset.y + y, self.scrollable_content_region.width, self.rich_style)
