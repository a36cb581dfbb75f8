"""Plain-text rendering of a report dict (the same dict the JSON prints)."""
from __future__ import annotations

import re

from codeburn.report import table
from codeburn.safetext import visible

BOLD, DIM, YELLOW, RESET = "\033[1m", "\033[2m", "\033[33m", "\033[0m"
STYLE_CODES = re.compile("(" + "|".join(re.escape(c) for c in (BOLD, DIM, YELLOW, RESET)) + ")")
MAX_ROWS = 10


def money(x: float, grouped: bool = False) -> str:
    """A USD amount in the display currency (codeburn.cost.currency; $ unless
    `codeburn currency` chose another), with the reference's decimals;
    thousands grouped where its overview groups them."""
    from codeburn.cost.currency import DISPLAY

    return DISPLAY.format(x, grouped=grouped)


def tokens(n: int) -> str:
    for unit, size in (("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if n >= size:
            return f"{n / size:.1f}{unit}"
    return str(n)


class _Out:
    """Lines of text output. Every line is printed through safetext.visible,
    so a name from a log that a renderer put in an f-string still shows
    escaped; only this writer's own styles (style()) reach the terminal as
    escape sequences."""

    def __init__(self, color: bool, width: int | None = None):
        self.color, self.width = color, width   # (width: the terminal's cells, tables fit it; None: as wide as they are)
        self.parts: list[str] = []

    def style(self, s: str, code: str) -> str:
        return f"{code}{s}{RESET}" if self.color else s

    def line(self, s: str = "") -> None:
        if not self.color:
            self.parts.append(visible(s) + "\n")
            return
        # Escaped between the style codes: a log can still spell out one of
        # these four SGR codes, which then styles text (nothing else).
        pieces = STYLE_CODES.split(s)
        self.parts.append("".join(p if i % 2 else visible(p) for i, p in enumerate(pieces)) + "\n")

    def table(self, title: str, header: list[str], rows: list[list[str]], more: int = 0,
              more_text: str = "more", left: int = 1, flexible: list[int] | None = None) -> None:
        """Columns before `left` are text (left-aligned), the rest numbers;
        every cell is printed escaped and clipped (report.table). With a
        width, the `flexible` columns (default: the text ones) give up
        cells until the table fits it (table.fit), their names cut in the
        middle."""
        if not rows:
            return
        shown = [table.cells(header)] + [table.cells(r) for r in rows]
        widths = table.widths(shown)
        if self.width:
            fitted = table.fit(widths, list(range(left)) if flexible is None else flexible, self.width)
            if fitted != widths:
                shown = [[table.clip(c, w) for c, w in zip(r, fitted)] for r in shown]
                widths = fitted
        right = [i >= left for i in range(len(header))]
        self.line(self.style(title, BOLD))
        self.line(self.style(table.line(shown[0], widths, right), DIM))
        for r in shown[1:]:
            self.line(table.line(r, widths, right))
        if more:
            self.line(self.style(f"  … {more} {more_text}", DIM))
        self.line()


def render(report: dict, color: bool = False, width: int | None = None) -> str:
    """The report's panels; with `width` (a terminal's cells) each table fits it."""
    out = _Out(color, width)
    ov = report["overview"]
    t = ov["tokens"]
    out.line()
    out.line(out.style(f"codeburn · {report['period']}", BOLD))
    out.line(f"  Cost {out.style(money(ov['cost']), YELLOW)}   Calls {ov['calls']:,}   Sessions {ov['sessions']:,}"
             f"   Cache hit {header_cache_hit(t)}%")   # (the dashboard's figure, as 0.9.20's text report)
    out.line(f"  Tokens  in {tokens(t['input'])}  out {tokens(t['output'])}  cache read {tokens(t['cacheRead'])}"
             f"  cache write {tokens(t['cacheWrite'])}")
    for plan in report.get("plans", {}).values():  # codeburn plan
        from codeburn.cost.plans import line

        out.line(f"  {line(plan)}")
    out.line()
    _panels(out, report)
    for w in report.get("warnings", []):
        out.line(out.style(f"  ! {visible(w)}", DIM))
    if not ov["calls"]:
        out.line("  No usage found in this period.")
        out.line()
    return "".join(out.parts)


def rate(x: float | None) -> str:
    """One-shot rate as the dashboard shows it: whole percent, '-' when undefined."""
    return "-" if x is None else f"{int(x + 0.5)}%"


# A model's one-shot rate is shown from this many edit turns on (the reference dashboard's).
MODEL_RATE_EDITS = 5


def model_rate(m: dict) -> str:
    """A model row's one-shot rate as the reference dashboard shows it: to
    a tenth of a percent (halves up, as JavaScript's toFixed), '-' below
    MODEL_RATE_EDITS edit turns."""
    from decimal import ROUND_HALF_UP, Decimal

    x = m.get("oneShotRate")
    if x is None or m.get("editTurns", 0) < MODEL_RATE_EDITS:
        return "-"
    return f"{Decimal(x).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


def header_cache_hit(t: dict) -> float:
    """The header's cache hit, as the reference dashboard computes it: cache
    reads over everything sent (input + cache reads + cache writes). The
    JSON's cacheHitPercent leaves cache writes out (spec §1.1 note)."""
    sent = t["input"] + t["cacheRead"] + t["cacheWrite"]
    return round(t["cacheRead"] / sent * 100, 1) if sent else 0.0


def _top(rows: list, n: int = MAX_ROWS) -> tuple[list, int]:
    return rows[:n], max(0, len(rows) - n)


def _panels(out: _Out, r: dict) -> None:
    daily = r["daily"][-31:]
    out.table("Daily", ["date", "cost", "calls", "turns"],
              [[d["date"], money(d["cost"]), f"{d['calls']:,}", f"{d['turns']:,}"] for d in daily],
              len(r["daily"]) - len(daily), "earlier days not shown")
    rows, more = _top(r["projects"])
    out.table("By project", ["project", "cost", "calls", "sessions", "avg/session"],
              [[p["name"], money(p["cost"]), f"{p['calls']:,}", str(p["sessions"]),
                money(p["avgCostPerSession"] or 0)] for p in rows], more)
    if len(r.get("providers", [])) > 1:
        out.table("By provider", ["provider", "cost", "calls", "sessions"],
                  [[p["displayName"], money(p["cost"]), f"{p['calls']:,}", f"{p['sessions']:,}"] for p in r["providers"]])
    out.table("By activity", ["activity", "cost", "turns", "1-shot"],
              [[a["category"], money(a["cost"]), f"{a['turns']:,}", rate(a["oneShotRate"])] for a in r["activities"]])
    rows, more = _top(r["models"])
    out.table("By model", ["model", "cost", "calls", "1-shot", "input", "output", "cache read", "cache write"],
              [[m["name"], money(m["cost"]), f"{m['calls']:,}", model_rate(m), tokens(m["inputTokens"]),
                tokens(m["outputTokens"]), tokens(m["cacheReadTokens"]), tokens(m["cacheWriteTokens"])]
               for m in rows], more)
    for title, key in (("Core tools", "tools"), ("Shell commands", "shellCommands"), ("MCP servers", "mcpServers")):
        rows, more = _top(r[key])
        out.table(title, ["name", "calls"], [[x["name"], f"{x['calls']:,}"] for x in rows], more)
    rows, more = _top(r["skills"])
    out.table("Skills", ["name", "turns", "cost"], [[x["name"], f"{x['turns']:,}", money(x["cost"])] for x in rows], more)
    for title, key in (("Subagents", "subagents"), ("Claude agent types", "claudeAgentTypes")):
        rows, more = _top(r[key])
        out.table(title, ["name", "calls", "cost"], [[x["name"], f"{x['calls']:,}", money(x["cost"])] for x in rows], more)
    out.table("Top sessions", ["session", "project", "date", "cost", "calls"],
              [[s["sessionId"], s["project"], s["date"] or "-", money(s["cost"]), f"{s['calls']:,}"]
               for s in r["topSessions"]], left=3)


Out = _Out  # the table writer, for the renderers of other commands
