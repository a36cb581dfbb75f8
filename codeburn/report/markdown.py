"""A report as markdown (`report --format markdown`) for chat messages and
pull-request comments: the overview and the text report's tables as GitHub
tables. Every string from the report is escaped (markup.md), so a project or
tool name cannot add links, images, HTML or table cells."""
from __future__ import annotations

from codeburn.report import panels
from codeburn.report.markup import md
from codeburn.report.text import money, tokens


def render(report: dict) -> str:
    ov, t = report["overview"], report["overview"]["tokens"]
    out = [f"## codeburn · {md(report['period'])}", "",
           f"**Cost** {md(money(ov['cost']))} · **Calls** {ov['calls']:,} · **Sessions** {ov['sessions']:,}"
           f" · **Cache hit** {ov['cacheHitPercent']}%", "",
           f"Tokens: in {tokens(t['input'])} · out {tokens(t['output'])} · cache read {tokens(t['cacheRead'])}"
           f" · cache write {tokens(t['cacheWrite'])}", ""]
    out += _plans(report)
    if not ov["calls"]:
        out += ["No usage found in this period.", ""]
    for table in panels.tables(report) if ov["calls"] else []:
        out += _table(table)
    if report.get("optimize"):
        out += _table(panels.findings_table(report["optimize"])) + ["Details and fixes: `codeburn optimize`", ""]
    warnings = report.get("warnings", [])
    if warnings:
        out += ["**Warnings**", ""] + [f"- {md(w)}" for w in warnings] + [""]
    return "\n".join(out)


def _plans(report: dict) -> list[str]:
    """A line per plan set with `codeburn plan`, as the text report has."""
    from codeburn.cost.plans import line

    plans = [md(line(p)) for p in report.get("plans", {}).values()]
    return plans + [""] if plans else []


def _table(t: panels.Table) -> list[str]:
    def row(cells: list[str]) -> str:
        return "| " + " | ".join(md(c) for c in cells) + " |"

    align = "| " + " | ".join("---" if i < t.left else "---:" for i in range(len(t.header))) + " |"
    lines = [f"### {md(t.title)}", "", row(t.header), align] + [row(r) for r in t.rows] + [""]
    if t.more:
        lines += [f"… {t.more:,} {md(t.more_text)}", ""]
    return lines
