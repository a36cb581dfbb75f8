"""A report as one self-contained HTML page (`report --format html`): the
overview, bar charts as inline SVG, and the text report's tables. No script,
no external stylesheet, font or image, so it opens offline, in a browser or
in a mail client (which may drop the SVG: the tables carry the same figures).
Every string from the report passes through markup.esc."""
from __future__ import annotations

from codeburn._version import __version__
from codeburn.report import panels, svg
from codeburn.report.markup import esc
from codeburn.report.text import MAX_ROWS, money, tokens

NUMBER = ' class="n"'  # a right-aligned, figures column
STYLE = """
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1d1d1f; background: #fff;
       margin: 0 auto; max-width: 760px; padding: 16px; font-size: 14px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 24px 0 6px; }
.muted { color: #6e6e73; }
table { border-collapse: collapse; margin: 0 0 8px; }
th, td { padding: 3px 10px 3px 0; text-align: left; vertical-align: top; }
th { color: #6e6e73; font-weight: 600; border-bottom: 1px solid #d2d2d7; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
table.overview td { padding: 0 24px 0 0; } table.overview .big { font-size: 20px; font-weight: 600; }
svg { max-width: 100%; height: auto; display: block; margin: 4px 0 8px; }
@media (prefers-color-scheme: dark) { body { color: #f5f5f7; background: #1d1d1f; } }
"""


def render(report: dict) -> str:
    title = f"codeburn · {report['period']}"
    body = [f"<h1>{esc(title)}</h1>",
            f'<p class="muted">Generated {esc(report["generated"])} by codeburn {esc(__version__)}</p>',
            _overview(report["overview"]), _plans(report)]
    if report["overview"]["calls"]:
        body += _charts(report)
        body += [_table(t) for t in panels.tables(report)]
        body.append(_findings(report.get("optimize", [])))
    else:
        body.append("<p>No usage found in this period.</p>")
    body.append(_warnings(report.get("warnings", [])))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{STYLE}</style></head>\n<body>\n"
            + "\n".join(b for b in body if b) + "\n</body></html>\n")


def _overview(ov: dict) -> str:
    t = ov["tokens"]
    cells = [("Cost", money(ov["cost"])), ("Calls", f"{ov['calls']:,}"), ("Sessions", f"{ov['sessions']:,}"),
             ("Cache hit", f"{ov['cacheHitPercent']}%")]
    head = "".join(f'<td class="muted">{esc(k)}</td>' for k, _ in cells)
    values = "".join(f'<td class="big">{esc(v)}</td>' for _, v in cells)
    token_line = (f"Tokens: in {tokens(t['input'])} · out {tokens(t['output'])} · cache read "
                  f"{tokens(t['cacheRead'])} · cache write {tokens(t['cacheWrite'])}")
    return (f'<table class="overview"><tr>{head}</tr><tr>{values}</tr></table>'
            f'<p class="muted">{esc(token_line)}</p>')


def _plans(report: dict) -> str:
    """A line per plan set with `codeburn plan`, as the text report has."""
    from codeburn.cost.plans import line

    return "".join(f"<p>{esc(line(p))}</p>" for p in report.get("plans", {}).values())


def _charts(r: dict) -> list[str]:
    out = [f"<h2>Daily cost</h2>{svg.daily_chart(r['daily'])}"]
    for name, title, rows in (
            ("activities", "Cost by activity", [(a["category"], a["cost"]) for a in r["activities"]]),
            ("models", "Cost by model", [(m["name"], m["cost"]) for m in r["models"][:MAX_ROWS]]),
            ("projects", "Cost by project", [(p["name"], p["cost"]) for p in r["projects"][:MAX_ROWS]])):
        if rows:
            out.append(f"<h2>{esc(title)}</h2>{svg.bar_chart(name, title, rows)}")
    return out


def _table(t: panels.Table) -> str:
    def cells(tag: str, row: list[str]) -> str:
        return "".join(f"<{tag}{NUMBER if i >= t.left else ''}>{esc(c)}</{tag}>" for i, c in enumerate(row))

    rows = "".join(f"<tr>{cells('td', r)}</tr>" for r in t.rows)
    more = (f'<tr><td class="muted" colspan="{len(t.header)}">… {t.more:,} {esc(t.more_text)}</td></tr>'
            if t.more else "")
    return (f"<h2>{esc(t.title)}</h2><table><thead><tr>{cells('th', t.header)}</tr></thead>"
            f"<tbody>{rows}{more}</tbody></table>")


def _findings(findings: list[dict]) -> str:
    if not findings:
        return ""
    return _table(panels.findings_table(findings)) + '<p class="muted">Details and fixes: codeburn optimize</p>'


def _warnings(warnings: list[str]) -> str:
    if not warnings:
        return ""
    items = "".join(f"<li>{esc(w)}</li>" for w in warnings)
    return f'<h2>Warnings</h2><ul class="muted">{items}</ul>'
