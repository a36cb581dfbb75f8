"""The report of a history with nothing in it, without numpy or the reader.

A machine where no supported tool has written anything gets its answer
from here: importing numpy and the compiled reader, and setting up a scan
of nothing, cost such a run more than the rest of it (0.24 s against 0.05 s
for the interpreter alone, measured). It must be exactly what
report.build.build_report gives for no calls (tests/test_report.py checks
that for every period)."""
from __future__ import annotations


def empty_report(period) -> dict:
    """build_report's dict for a period without a single call."""
    lists = ("daily", "projects", "models", "unpricedModels", "activities", "tools", "mcpServers", "shellCommands",
             "skills", "subagents", "claudeAgentTypes", "topSessions", "providers")
    return {
        "generated": "",
        "currency": "USD",
        "period": period.label,
        "periodKey": period.key,
        "overview": {"cost": 0, "proxiedCost": 0, "netCost": 0, "savings": 0, "estimatedCost": 0, "calls": 0,
                     "sessions": 0, "cacheHitPercent": 0,
                     "tokens": {"input": 0, "output": 0, "cacheRead": 0, "cacheWrite": 0}},
        **{name: [] for name in lists},
    }
