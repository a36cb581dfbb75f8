"""The tables of the text report as data, for the other renderers (HTML,
markdown): the text renderer's own panel code fills them, so every format
shows the same rows, columns and figures."""
from __future__ import annotations

from codeburn.plainclass import dataclass, field


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]
    more: int = 0              # rows left out after the first ones
    more_text: str = "more"
    left: int = 1              # columns before this one are text, the rest numbers


@dataclass
class _Collector:
    """Stands in for text._Out: keeps each table instead of printing it."""

    tables: list[Table] = field(default_factory=list)

    def table(self, title: str, header: list[str], rows: list[list[str]], more: int = 0,
              more_text: str = "more", left: int = 1) -> None:
        if rows:  # as the text report: an empty panel is not shown
            self.tables.append(Table(title, header, rows, more, more_text, left))


def tables(report: dict) -> list[Table]:
    from codeburn.report import text

    out = _Collector()
    text._panels(out, report)
    return out.tables


def findings_table(findings: list[dict]) -> Table:
    """optimize's first findings (report["optimize"] in the summaries)."""
    return Table("Optimize: top findings", ["finding", "impact", "tokens saved (est.)"],
                 [[f["title"], f["impact"], f"{f['tokensSaved']:,}"] for f in findings], left=2)
