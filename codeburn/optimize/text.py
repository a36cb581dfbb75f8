"""`codeburn optimize` as text: the health line, then the findings in three
groups (Fix now, Habits, FYI) numbered continuously, each group with its
token and dollar subtotal (spec commands §4.5)."""
from __future__ import annotations

import re

from codeburn.jstext import js_len
from codeburn.optimize.findings import CLASS_HEADERS, CLASS_ORDER, Finding
from codeburn.report.models import fmt_cost, fmt_tokens, js_fixed

WIDTH = 62
RULE = "\u2500"
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x9b[0-?]*[ -/]*[@-~]")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def normalize_opener(text: str) -> str:
    """ANSI removed, whitespace runs as one space, trimmed (how openers are grouped)."""
    return re.sub(r"\s+", " ", ANSI.sub("", text)).strip()


def safe(text: str) -> str:
    """Log-derived text shown, not executed: escape and control characters visible."""
    return CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


def paste_header(destination: str | None, agent: str, instruction_file: str) -> str:
    return {
        "claude-md": f"Suggested {instruction_file} addition (permanent rule)",
        "session-opener": f"One-time session opener (do NOT add to {instruction_file})",
        "prompt": f"Ask {agent} in the current session",
        "shell-config": "Add to your shell config",
        "manual": "Manual action",
    }.get(destination or "", "Suggested action")


def _wrap(text: str, width: int, indent: str) -> list[str]:
    lines, cur = [], ""
    for word in text.split(" "):
        if cur and len(cur) + len(word) + 1 > width:
            lines.append(indent + cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    if cur:
        lines.append(indent + cur)
    return lines


def _action_header(fix: dict, agent: str, instruction_file: str) -> str:
    if fix["type"] == "file-content":
        label = f"Suggested {fix['path']} addition"
    elif fix["type"] == "command":
        label = "Run this command"
    else:
        label = paste_header(fix.get("destination"), agent, instruction_file)
    # Filled to the panel's width less 4, in UTF-16 units as the reference
    # counts (its rule ends 2 short of that: two spaces close the line).
    inner = f" {label} "
    width = WIDTH - 4
    head = f"--{inner}{RULE * max(2, width - js_len(inner) - 4)}"
    return head + " " * max(0, width - js_len(head))


def _finding(n: int, f: Finding, rate: float, agent: str, instruction_file: str) -> list[str]:
    impact = f.impact.capitalize()
    badge = " improving \u2193 " if f.trend == "improving" else ""
    pad_n = WIDTH - len(f.title) - len(impact) - len(badge) - 8
    pad = f" {RULE * pad_n} " if pad_n > 0 else "  "
    out = [f"  {RULE * 3} {n}. {safe(f.title)}{pad}{impact}{badge} {RULE * 3}", ""]
    out += _wrap(safe(f.explanation), WIDTH - 4, "  ")
    out += ["", f"  Potential savings: ~{fmt_tokens(f.tokens_saved)} tokens (~{fmt_cost(f.tokens_saved * rate)})"
                f"  {f.basis}", ""]
    fix = f.fix
    out.append("  " + _action_header(fix, agent, instruction_file))
    out.append("  " + safe(fix["label"]))
    body = fix["content"] if fix["type"] == "file-content" else fix["text"]
    out += ["    " + safe(line) for line in body.split("\n")]
    out.append("")
    return out


def render(report: dict, findings: list[Finding], agent: str, instruction_file: str, empty_lines: list[str]) -> str:
    s = report["summary"]
    rate = s["costRateUSD"]
    out = ["", f"  CodeBurn config health  {report['period']['label']}", "  " + RULE * WIDTH]
    issues = f", {len(findings)} issue{'s' if len(findings) > 1 else ''}" if findings else ""
    sessions = s["sessions"]
    out.append("  " + "   ".join([f"{sessions} session{'' if sessions == 1 else 's'}", f"{s['calls']:,} calls",
                                   fmt_cost(s["periodCostUSD"]),
                                   f"Health: {s['healthGrade']} ({s['healthScore']}/100{issues})"]))
    if findings:
        measured = sum(1 for f in findings if f.basis == "measured")
        out.append(f"  {measured} measured · {len(findings) - measured} estimated")
    out.append("")
    if not findings:
        out += ["  Nothing to fix. Your setup is lean.", ""] + [f"  {line}" for line in empty_lines] + [""]
        return "\n".join(out + workflow_lines(report)) + "\n"
    total = s["potentialSavingsTokens"]
    cost = total * rate
    pct_raw = cost / s["periodCostUSD"] * 100 if s["periodCostUSD"] > 0 else 0
    pct = js_fixed(pct_raw, 0) if pct_raw >= 1 else js_fixed(pct_raw, 1)
    totals = s["byClass"]
    cost_text = f" (~{fmt_cost(cost)}, ~{pct}% of spend)" if rate > 0 else ""
    applyable = f" — apply-able: ~{fmt_cost(totals['fix']['savingsUSD'])}" if rate > 0 and totals["fix"]["count"] else ""
    out += [f"  Potential savings: ~{fmt_tokens(total)} tokens{cost_text}{applyable}", ""]
    n = 0
    for cls in CLASS_ORDER:
        group = [f for f in findings if f.cls == cls]
        if not group:
            continue
        t = totals[cls]
        money = f" (~{fmt_cost(t['savingsUSD'])})" if rate > 0 else ""
        out += [f"  {CLASS_HEADERS[cls]} · ~{fmt_tokens(t['tokensSaved'])} tokens{money} · {t['count']} "
                f"finding{'' if t['count'] == 1 else 's'}", ""]
        for f in group:
            n += 1
            out += _finding(n, f, rate, agent, instruction_file)
    out += ["  " + RULE * WIDTH, ""]
    out += workflow_lines(report)
    for rec in report.get("modelRecommendations") or []:
        if rec is report["modelRecommendations"][0]:
            out += ["  Model defaults recommendation", "  " + RULE * WIDTH]
        out += [f"  {safe(rec['project'])}: {safe(rec['currentModel'])} -> {safe(rec['candidateModel'])}",
                f"  Current:  {js_fixed(rec['currentOneShotRate'] * 100, 1)}% one-shot over {rec['currentEditTurns']} "
                f"edits, {fmt_cost(rec['currentCostPerEdit'])}/edit",
                f"  Candidate: {js_fixed(rec['candidateOneShotRate'] * 100, 1)}% one-shot over "
                f"{rec['candidateEditTurns']} edits, {fmt_cost(rec['candidateCostPerEdit'])}/edit", ""]
    return "\n".join(out) + "\n"


def workflow_lines(report: dict) -> list[str]:
    """Top reworked files and coaching notes."""
    out = []
    files = report.get("topReworkedFiles") or []
    if files:
        out += ["  Top reworked files", "  " + RULE * WIDTH]
        for f in files:
            out.append(f"  {safe(f['path'])}  {f['sessions']} session{'' if f['sessions'] == 1 else 's'}, "
                       f"{f['edits']} edit{'' if f['edits'] == 1 else 's'}")
        out.append("")
    if report.get("coachingNotes"):
        out += ["  Coaching notes", "  " + RULE * WIDTH]
        for note in report["coachingNotes"]:
            out += _wrap("- " + safe(note), WIDTH, "  ")
        out.append("")
    return out
