"""`analyze` runs the detectors of `detectors.DETECTORS` over the period's
calls and builds the JSON document of spec commands §4.8."""
from __future__ import annotations

import datetime as dt
import math

from codeburn.optimize import detectors as D
from codeburn.optimize.facts import build as build_facts
from codeburn.optimize.findings import Finding, class_totals, health, rank
from codeburn.optimize.localconfig import LocalConfig
from codeburn.plainclass import dataclass, replace


# The facts the reference's session scan gives its detectors (optimize.facts.Facts).
SCAN_FED = ("tools", "skills", "subagents", "cache_writes", "cache_recent", "cache_version", "versions", "commands",
            "openers", "opener_files", "cwds")


@dataclass
class Result:
    report: dict              # the JSON document (spec §4.8)
    findings: list[Finding]   # ranked
    copy: D.Copy
    warnings: list[str]
    touched: list[str]        # the config files and folders looked at (a kept answer depends on them)


def analyze(usage, now: dt.datetime, provider: str, home: str, environ, rules: dict,
            only: set[str] | None = None, scanned=None) -> Result:
    """The findings over `usage`; with `scanned` (the period's calls of every
    project), the detectors fed by the reference's session scan (tool uses,
    API calls, prompts, openers, folders) count those, as the menubar's
    optimize under --project/--exclude does there: its scan reads every
    session, its project detectors the filtered projects."""
    c = rules["constants"]
    now_ms = int(now.timestamp() * 1000)
    args = (now_ms, c["recent_hours"], c["input_cost_share"], c["cache_write_multiplier"], c["cache_read_discount"])
    facts = build_facts(usage, *args)
    if scanned is not None:
        facts = replace(facts, **{k: getattr(build_facts(scanned, *args), k) for k in SCAN_FED})
    config = LocalConfig(home)
    copy = D.remediation_copy(provider)
    claude = provider in ("all", "claude")
    ctx = D.Context(facts, config, rules, copy, claude, dict(environ))
    findings: list[Finding] = []
    if usage.sel.size or usage.anchors:  # the reference's detectors run for any project, an anchor's too
        if claude:
            config.mcp_servers(facts.cwds)  # read (and warn about) the MCP settings once, up front
        for fid, detect, claude_only in D.DETECTORS:
            if claude_only and not claude:
                continue
            f = detect(ctx)
            if f is not None and (only is None or f.id in only):
                findings.append(f)
    findings = rank(findings, rules["ranking"]["impact_weight"], rules["ranking"]["token_normalize"])
    h = rules["health"]
    score, grade = health(findings, h["penalty"], h["max_penalty"], [tuple(g) for g in h["grades"]])
    report = _report(usage, facts, findings, score, grade)
    report.update(_workflow(usage, facts, home, environ))
    return Result(report, findings, copy, config.warnings, list(config.touched))


def _workflow(usage, facts, home: str, environ) -> dict:
    from codeburn.classify import ruleset
    from codeburn.optimize import workflow

    # The classifier's edit tools (tools.toml, cursor:edit among them), as the
    # reference's workflow insights and our menubar take them; the
    # read-edit-ratio detector keeps its own list (optimize.toml).
    rules = getattr(usage.scan, "rules", None) or ruleset.load(ruleset.rules_dir(environ))
    edit_tools = set(rules.tools.get("edit", ()))
    user = ~facts.sessions.sidechain
    files = workflow.reworked_files(usage, user, edit_tools, home)
    median = workflow.median_time_to_first_edit(usage, edit_tools)
    notes = workflow.coaching_notes(usage, facts.tt, facts.turn_session, user, files, median)
    recs = workflow.model_recommendations(usage, facts.tt, facts.turn_session, user)
    return {"topReworkedFiles": files, "coachingNotes": notes, "modelRecommendations": recs}


def _iso(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def _report(usage, facts, findings: list[Finding], score: int, grade: str) -> dict:
    rate = facts.cost_rate
    total = sum(f.tokens_saved for f in findings)
    cost = facts.period_cost
    p = usage.period
    return {
        "period": {"label": p.label, "start": _iso(p.start_ms),
                   "end": _iso(p.end_ms)},
        "summary": {
            "healthScore": score, "healthGrade": grade, "findingCount": len(findings),
            "periodCostUSD": cost, "sessions": int((~facts.sessions.sidechain).sum()), "calls": facts.calls,
            "potentialSavingsTokens": total, "potentialSavingsCostUSD": total * rate,
            "potentialSavingsPercent": math.floor(total * rate / cost * 1000 + 0.5) / 10 if cost > 0 else None,
            "costRateUSD": rate,
            "measuredSavingsUSD": sum(f.tokens_saved * rate for f in findings if f.basis == "measured"),
            "byClass": class_totals(findings, rate),
        },
        "findings": [{
            "id": f.id, "title": f.title, "explanation": f.explanation, "severity": f.impact, "trend": f.trend,
            "tokensSaved": f.tokens_saved, "estimatedSavingsUSD": f.tokens_saved * rate, "class": f.cls,
            "basis": f.basis, "fix": f.fix} for f in findings],
        "topReworkedFiles": [],
        "coachingNotes": [],
        "modelRecommendations": [],
        "appliedFixes": [],
    }


def empty_scan_lines(provider: str, copy: D.Copy) -> list[str]:
    if provider in ("all", "claude"):
        return ["CodeBurn optimize scans your Claude Code sessions and config for",
                "token waste: junk directory reads, duplicate file reads, unused",
                "agents/skills/MCP servers, bloated CLAUDE.md, and more."]
    return [f"Session-scan detectors do not cover {copy.agent} yet.",
            "junk directory reads, duplicate file reads, unused agents/skills/MCP,",
            "and bloated instruction files currently scan Claude Code only."]
