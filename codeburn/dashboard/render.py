"""The dashboard's panels as Rich renderables, from a report dict (the one
`report --format json` prints). Text from logs is shown, never interpreted:
it goes into Text objects (no markup parsing) with control characters
replaced. Colours are the terminal's own ANSI colours."""
from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from codeburn.plainclass import dataclass
from codeburn.report.text import MAX_ROWS, header_cache_hit, model_rate, money, rate, tokens
from codeburn.safetext import visible

BAR = Style(color="red")
DIM = Style(dim=True)
BAR_CHAR = "█"
PLAN_BAR = 20
MIN_BAR = 6   # labels give way down to this many bar cells


def plain(value: object) -> str:
    """Log text for a terminal cell: controls (escape sequences too) and
    bidi overrides shown escaped, as the text report shows them."""
    return visible(str(value))


@dataclass
class Row:
    label: str
    value: float          # the bar's length, relative to the panel's largest
    cells: list[str]      # right-aligned figures after the bar


class BarTable:
    """Label, bar, figures: one line per row, the bar taking the width the
    panel has left (none when it is too narrow)."""

    def __init__(self, header: list[str], rows: list[Row], empty: str = "no data"):
        self.header, self.rows, self.empty = header, rows, empty
        self._lines: tuple[int, list[list[Segment]]] | None = None

    def same(self, other: "BarTable") -> bool:
        """The same lines at any width."""
        return (self.rows, self.header, self.empty) == (other.rows, other.header, other.empty)

    @property
    def height(self) -> int:
        return len(self.rows) + 1 if self.rows else 1

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.rows:
            yield Text(self.empty, style="dim")
            return
        for line in self.lines(options.max_width):
            yield from line
            yield Segment.line()

    def lines(self, width: int) -> list[list[Segment]]:
        """The table's lines at a width, as segments (no line ends). Plain
        segments, not Text: a switch of period redraws every panel, and
        segments cost a fraction of Text's wrapping and cropping. Kept for
        the last width asked (a panel repaints a line at a time)."""
        if self._lines is None or self._lines[0] != width:
            self._lines = (width, self._layout(width) if self.rows else [[Segment(self.empty, DIM)]])
        return self._lines[1]

    def _layout(self, width: int) -> list[list[Segment]]:
        labels = [plain(r.label) for r in self.rows]
        cell_w = [max(len(h), *(len(r.cells[i]) for r in self.rows)) for i, h in enumerate(self.header)]
        figures = sum(w + 1 for w in cell_w)
        room = width - figures - 1
        label_w = max(0, min(max(cell_len(x) for x in labels), room - MIN_BAR), min(8, room))
        bar_w = max(0, room - label_w)
        top = max(r.value for r in self.rows) or 1.0
        head = " " * (label_w + 1 + bar_w) + "".join(" " + h.rjust(w) for h, w in zip(self.header, cell_w))
        out = [[Segment(set_cell_size(head, width), DIM)]]
        for label, r in zip(labels, self.rows):
            n = round(r.value / top * bar_w) if r.value > 0 else 0
            out.append([Segment(_fit(label, label_w) + " "), Segment(BAR_CHAR * n, BAR),
                        Segment(" " * (bar_w - n) + "".join(" " + c.rjust(w) for c, w in zip(r.cells, cell_w)))])
        return out


def _fit(s: str, width: int) -> str:
    """s in exactly `width` terminal cells (wide characters count two)."""
    if cell_len(s) <= width:
        return set_cell_size(s, width)
    return set_cell_size(s, max(width - 1, 0)) + "…"


def overview(report: dict, plans: list[dict]) -> Group:
    ov = report["overview"]
    t = ov["tokens"]
    # As many lines for every period (a switch then needs no new layout):
    # an empty period says so in place of its tokens.
    lines = [Text.assemble(("Cost ", "dim"), (money(ov["cost"]), "bold yellow"), ("   Calls ", "dim"),
                           f"{ov['calls']:,}", ("   Sessions ", "dim"), f"{ov['sessions']:,}",
                           ("   Cache hit ", "dim"), f"{header_cache_hit(t)}%"),
             Text.assemble(("Tokens ", "dim"), f"in {tokens(t['input'])}  out {tokens(t['output'])}  "
                           f"cache read {tokens(t['cacheRead'])}  cache write {tokens(t['cacheWrite'])}")
             if ov["calls"] else Text("No usage in this period.", style="dim")]
    lines += [plan_line(p) for p in plans]
    return Group(*lines)


def plan_line(p: dict) -> Text:
    pct = float(p.get("percentUsed") or 0)
    filled = min(PLAN_BAR, round(pct / 100 * PLAN_BAR))
    style = {"over": "red", "near": "yellow"}.get(p.get("status"), "green")
    return Text.assemble(("Plan ", "dim"), plain(p.get("id", "")), " ", (BAR_CHAR * filled, style),
                         ("░" * (PLAN_BAR - filled), "dim"), f" {pct:.0f}%  ",
                         f"{money(float(p.get('spent') or 0))} of {money(float(p.get('budget') or 0))}")


def daily(report: dict) -> BarTable:
    return BarTable(["cost", "calls"], [Row(d["date"], d["cost"], [money(d["cost"]), f"{d['calls']:,}"])
                                        for d in report["daily"]])


def projects(report: dict) -> BarTable:
    return BarTable(["cost", "avg/s", "sess"], [
        Row(p["name"], p["cost"], [money(p["cost"]), money(p["avgCostPerSession"] or 0), f"{p['sessions']:,}"])
        for p in report["projects"][:MAX_ROWS]])


def activities(report: dict) -> BarTable:
    return BarTable(["cost", "turns", "1-shot"], [
        Row(a["category"], a["cost"], [money(a["cost"]), f"{a['turns']:,}", rate(a["oneShotRate"])])
        for a in report["activities"]])


def models(report: dict) -> BarTable:
    return BarTable(["cost", "calls", "1-shot"], [
        Row(m["name"], m["cost"], [money(m["cost"]), f"{m['calls']:,}", model_rate(m)])
        for m in report["models"][:MAX_ROWS]])


def counts(rows: list[dict]) -> BarTable:
    """Core tools, shell commands, MCP servers: calls per name."""
    return BarTable(["calls"], [Row(r["name"], r["calls"], [f"{r['calls']:,}"]) for r in rows[:MAX_ROWS]])


def skills_and_agents(report: dict) -> BarTable:
    rows = [Row(s["name"], s["cost"], ["skill", f"{s['turns']:,}", money(s["cost"])]) for s in report["skills"]]
    rows += [Row(a["name"], a["cost"], ["agent", f"{a['calls']:,}", money(a["cost"])]) for a in report["subagents"]]
    rows.sort(key=lambda r: -r.value)
    return BarTable(["", "n", "cost"], rows[:MAX_ROWS])


def plain_lines(value: object) -> str:
    """A command's output for a text pane: as plain(), line by line."""
    return "\n".join(visible(line) for line in str(value).expandtabs(4).split("\n"))
