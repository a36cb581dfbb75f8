"""Bar charts as inline SVG for the HTML summary: static shapes and text,
no script, no fonts or images to fetch. Each chart holds exactly one <rect>
per bar (no background or axis rects), so a reader or a test can count its
bars. Labels are escaped (markup.esc)."""
from __future__ import annotations

import datetime as dt

from codeburn.report.markup import esc
from codeburn.report.text import money

WIDTH = 720
BAR = "#e4572e"
LABEL_CHARS = 32


def _svg(name: str, title: str, height: int, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" data-chart="{esc(name)}" role="img" '
            f'aria-label="{esc(title)}" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
            f'font-family="sans-serif" font-size="11">'
            f'<title>{esc(title)}</title>' + "".join(body) + "</svg>")


def _f(x: float) -> str:
    return f"{x:.1f}"


def _clip(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"


def daily_chart(daily: list[dict], title: str = "Daily cost") -> str:
    """One column per day with calls, placed on a calendar axis (days
    without calls are gaps), height proportional to the day's cost."""
    height, left, bottom, top_pad = 180, 64, 22, 12
    days = [dt.date.fromisoformat(d["date"]).toordinal() for d in daily]
    first, span = days[0], days[-1] - days[0] + 1
    slot = (WIDTH - left) / span
    bar_w = min(max(slot * 0.8, 1.0), 48.0)
    top = max(d["cost"] for d in daily) or 1.0
    plot_h = height - bottom - top_pad
    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{WIDTH}" y2="{height - bottom}" stroke="#999"/>',
            f'<text x="{left - 6}" y="{top_pad + 4}" text-anchor="end" fill="currentColor">{esc(money(top))}</text>',
            f'<text x="{left - 6}" y="{height - bottom}" text-anchor="end" fill="currentColor">$0</text>',
            f'<text x="{left}" y="{height - 6}" fill="currentColor">{esc(daily[0]["date"])}</text>',
            f'<text x="{WIDTH}" y="{height - 6}" text-anchor="end" fill="currentColor">{esc(daily[-1]["date"])}</text>']
    for day, d in zip(days, daily):
        h = d["cost"] / top * plot_h
        x = left + (day - first) * slot + (slot - bar_w) / 2
        body.append(f'<rect x="{_f(x)}" y="{_f(height - bottom - h)}" width="{_f(bar_w)}" height="{_f(h)}" '
                    f'fill="{BAR}"><title>{esc(d["date"])}: {esc(money(d["cost"]))}, '
                    f'{d["calls"]:,} calls</title></rect>')
    return _svg("daily", title, height, body)


def bar_chart(name: str, title: str, rows: list[tuple[str, float]]) -> str:
    """One horizontal bar per (label, cost) row, longest for the largest."""
    row_h, label_w, value_w = 22, 230, 80
    top = max((v for _, v in rows), default=0) or 1.0
    body = []
    for i, (label, value) in enumerate(rows):
        y = i * row_h
        w = value / top * (WIDTH - label_w - value_w)
        body.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" fill="currentColor">'
                    f'{esc(_clip(label))}</text>'
                    f'<rect x="{label_w}" y="{y + 4}" width="{_f(w)}" height="{row_h - 8}" fill="{BAR}">'
                    f'<title>{esc(label)}: {esc(money(value))}</title></rect>'
                    f'<text x="{_f(label_w + w + 6)}" y="{y + 15}" fill="currentColor">{esc(money(value))}</text>')
    return _svg(name, title, max(len(rows), 1) * row_h, body)
