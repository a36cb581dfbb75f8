"""A finding, its class and basis, the ranking and the health grade
(spec commands §4.5, §4.6)."""
from __future__ import annotations

from codeburn.plainclass import dataclass, field

# Class of each finding id when its instance carries what applying it
# needs; `fix` findings without it are nudges.
CLASS = {
    "read-edit-ratio": "fix", "build-folder-reads": "fix", "redundant-rereads": "nudge", "warmup-heavy": "nudge",
    "unused-mcp": "fix", "mcp-low-coverage": "fix", "mcp-project-scope": "fix", "mcp-deferral-off": "fix",
    "mcp-alwaysload-hygiene": "fix", "mcp-defer-threshold": "fix", "retry-heavy-capabilities": "nudge",
    "low-worth-sessions": "nudge", "context-heavy-sessions": "keep", "cost-outliers": "nudge",
    "claude-md-too-long": "nudge", "bash-output-cap": "fix", "unused-agents": "fix", "unused-skills": "fix",
    "unused-commands": "fix", "recurring-context": "nudge",
}
NEEDS_APPLY = {"unused-mcp", "mcp-low-coverage", "mcp-project-scope", "mcp-deferral-off", "mcp-alwaysload-hygiene",
               "mcp-defer-threshold", "unused-agents", "unused-skills", "unused-commands"}
MEASURED = {"context-heavy-sessions", "cost-outliers"}
CLASS_ORDER = {"fix": 0, "nudge": 1, "keep": 2}
CLASS_HEADERS = {"fix": "Fix now (apply-able)", "nudge": "Habits", "keep": "FYI"}


@dataclass
class Finding:
    id: str
    title: str
    explanation: str
    impact: str              # high | medium | low
    tokens_saved: int
    fix: dict
    trend: str | None = None          # active | improving | None (no trend for this detector)
    appliable: bool = False           # carries what `apply` would need
    estimated_basis: bool = False     # a measured detector fell back to estimated costs
    why: list[str] = field(default_factory=list)   # the trigger values (--explain)

    @property
    def cls(self) -> str:
        base = CLASS[self.id]
        if base == "fix" and self.id in NEEDS_APPLY and not self.appliable:
            return "nudge"
        return base

    @property
    def basis(self) -> str:
        return "measured" if self.id in MEASURED and not self.estimated_basis else "estimated"


def rank(findings: list[Finding], weights: dict[str, float], normalize: float) -> list[Finding]:
    """Urgency first, then (stable) by class: fix, nudge, keep."""
    def urgency(f: Finding) -> float:
        return weights[f.impact] * 0.5 + min(1.0, f.tokens_saved / normalize) * 0.5
    out = sorted(findings, key=urgency, reverse=True)
    return sorted(out, key=lambda f: CLASS_ORDER[f.cls])


def health(findings: list[Finding], penalty: dict[str, int], max_penalty: int,
           grades: list[tuple[str, int]]) -> tuple[int, str]:
    """100 less the summed penalties (capped), and its letter."""
    if not findings:
        return 100, "A"
    score = max(0, 100 - min(max_penalty, sum(penalty.get(f.impact, 0) for f in findings)))
    for letter, floor in grades:
        if score >= floor:
            return score, letter
    return score, "F"


def class_totals(findings: list[Finding], cost_rate: float) -> dict[str, dict]:
    totals = {c: {"tokensSaved": 0, "savingsUSD": 0.0, "count": 0} for c in CLASS_ORDER}
    for f in findings:
        t = totals[f.cls]
        t["tokensSaved"] += f.tokens_saved
        t["savingsUSD"] += f.tokens_saved * cost_rate
        t["count"] += 1
    return totals
