"""The detectors of spec commands §4.3-4.4, in their order of execution.
Each takes the run's context and returns a Finding or None; thresholds and
lists come from rules/optimize.toml (`R[id]`)."""
from __future__ import annotations

import math
import os
import re
import time

import numpy as np

from codeburn.aggregate.arrays import distinct

from codeburn.optimize import mcp
from codeburn.optimize.facts import Facts, mcp_server
from codeburn.optimize.findings import Finding
from codeburn.optimize.localconfig import LocalConfig
from codeburn.plainclass import dataclass
from codeburn.report.collate import locale_key
from codeburn.report.jsjson import js_round
from codeburn.report.models import fmt_cost, fmt_tokens, js_fixed

TOOL_SEARCH = "ToolSearch"
ENABLE_TOOL_SEARCH = "ENABLE_TOOL_SEARCH"


@dataclass
class Copy:
    """Provider-scoped nouns of the fixes' text."""
    agent: str
    instruction_file: str

    @property
    def opener_label(self) -> str:
        return f"Paste at the start of your NEXT expensive thread (one-time, do not add to {self.instruction_file}):"


def remediation_copy(provider: str) -> Copy:
    from codeburn.providers import PROVIDERS

    key = "claude" if provider == "all" else provider
    mod = PROVIDERS.get(key)
    agent = getattr(mod, "DISPLAY_NAME", key) if mod else key
    return Copy(agent, {"claude": "CLAUDE.md", "codex": "AGENTS.md"}.get(key, "project instructions"))


@dataclass
class Context:
    facts: Facts
    config: LocalConfig
    rules: dict
    copy: Copy
    claude: bool              # the provider filter covers Claude
    environ: dict
    excluded: set = None      # session indexes named by an earlier session detector

    def c(self, name: str):
        return self.rules["constants"][name]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return word if n == 1 else (plural or word + "s")


def _preview(items: list, show, k: int = 5) -> str:
    """The first k items shown, '; '-joined, and how many more there are."""
    extra = f"; +{len(items) - k} more" if len(items) > k else ""
    return "; ".join(show(x) for x in items[:k]) + extra


def _tier(n: int, total: float, high_n: int, high_total: float, low_n: int, low_total: float) -> str:
    """high from high_n candidates or high_total; low up to low_n and under low_total; else medium."""
    if n >= high_n or total >= high_total:
        return "high"
    return "low" if n <= low_n and total < low_total else "medium"


# --- trend (§4.7) -------------------------------------------------------------

def session_trend(ctx: Context, recent: int, total: int, has_recent: bool) -> str:
    """active | improving | resolved, from counts before and inside the recent window."""
    f = ctx.facts
    baseline = total - recent
    if baseline == 0:
        return "active"
    if recent == 0 and has_recent:
        return "resolved"
    if not has_recent:
        return "active"
    window = f.now_ms - f.recent_ms
    baseline_ms = max(f.recent_ms - f.start_ms, 1)
    if recent / max(window, 1) < (baseline / baseline_ms) * ctx.c("improving_threshold"):
        return "improving"
    return "active"


# --- raw-scan detectors (Claude only) ---------------------------------------

def warmup_heavy(ctx: Context) -> Finding | None:
    """Claude calls that write cache: fires when >= min_calls of them have a median write of at least
    bloat_multiplier x the baseline (the baseline_quantile of per-session cache-write totals when
    baseline_min_sessions sessions wrote cache, else default_baseline); saves (median - baseline) per call."""
    r, f = ctx.rules["warmup-heavy"], ctx.facts
    calls = f.cache_writes
    if calls.size < r["min_calls"]:
        return None
    median = int(np.sort(calls)[calls.size // 2])
    baseline = _cache_baseline(f, r)
    threshold = baseline * r["bloat_multiplier"]
    if median < threshold:
        return None
    bloated = calls > threshold
    trend = session_trend(ctx, int((bloated & f.cache_recent).sum()), int(bloated.sum()), bool(f.cache_recent.any()))
    if trend == "resolved":
        return None
    excess = median - baseline
    note = _version_note(f, r)
    return Finding(
        "warmup-heavy", "Session warmup is unusually large",
        f"Median cache_creation per call is {fmt_tokens(median)} tokens, about {fmt_tokens(excess)} above your "
        f"baseline of {fmt_tokens(baseline)}.{note}",
        "high" if excess > r["high_excess"] else "medium", int(excess * calls.size),
        {"type": "paste", "destination": "shell-config",
         "label": "Check for recent Claude Code updates or heavy MCP/skill additions. As a workaround (not officially "
                  "supported), add to ~/.zshrc or ~/.bashrc:",
         "text": "export ANTHROPIC_CUSTOM_HEADERS='User-Agent: claude-cli/2.1.98 (external, sdk-cli)'"},
        trend=trend, why=[f"{calls.size} calls wrote cache (need {r['min_calls']})",
                          f"median {median} >= {r['bloat_multiplier']} x baseline {baseline}"])


def _cache_baseline(f: Facts, r: dict) -> int:
    """25th percentile of the sessions' cache-write totals (every session)."""
    writes = np.sort(f.sessions.cache_write[f.sessions.cache_write > 0])
    if writes.size < r["baseline_min_sessions"]:
        return r["default_baseline"]
    return int(writes[int(writes.size * r["baseline_quantile"])]) or r["default_baseline"]


def _version_note(f: Facts, r: dict) -> str:
    by: dict[str, list[int]] = {}
    for v, n in zip(f.cache_version, f.cache_writes.tolist()):
        if v:
            by.setdefault(v, []).append(n)
    avgs = sorted(((round(sum(x) / len(x)), v) for v, x in by.items() if len(x) >= r["version_min_samples"]),
                  reverse=True)
    if len(avgs) >= 2 and avgs[0][0] - avgs[-1][0] > r["version_diff"]:
        (hi, hv), (lo, lv) = avgs[0], avgs[-1]
        return f" Version {hv} averages {fmt_tokens(hi)} vs {lv} at {fmt_tokens(lo)}."
    return ""


def read_edit_ratio(ctx: Context) -> Finding | None:
    """Reads (read_tools, and bash_tools whose command only reads: rules/bash.toml read_only) against edits
    (edit_tools): fires from min_edits edits when reads/edits < healthy_ratio; saves the missing reads x
    avg_tokens_per_read."""
    r, t = ctx.rules["read-edit-ratio"], ctx.facts.tools
    reads = edits = recent_reads = recent_edits = 0
    rt, et, bt = set(r["read_tools"]), set(r["edit_tools"]), set(r["bash_tools"])
    for name, ro, recent in zip(t.name, t.readonly.tolist(), t.recent.tolist()):
        if name in rt or (name in bt and ro):
            reads += 1
            recent_reads += recent
        elif name in et:
            edits += 1
            recent_edits += recent
    if edits < r["min_edits"]:
        return None
    ratio = reads / edits
    if ratio >= r["healthy_ratio"]:
        return None
    trend = "active"
    if recent_edits >= r["min_edits"]:
        recent_ratio = recent_reads / recent_edits
        if recent_ratio >= r["healthy_ratio"]:
            return None
        if recent_ratio > ratio * (1 / ctx.c("improving_threshold")):
            trend = "improving"
    impact = "high" if ratio < r["high_below"] else "medium" if ratio < r["medium_below"] else "low"
    needed = max(js_round(edits * r["healthy_ratio"]) - reads, 0)
    return Finding(
        "read-edit-ratio", f"{ctx.copy.agent} edits more than it reads",
        f"{ctx.copy.agent} made {reads} reads and {edits} edits (ratio {js_fixed(ratio, 1)}:1). A healthy ratio is "
        f"{r['healthy_ratio']}+ reads per edit. Editing without reading leads to retries and wasted tokens.",
        impact, needed * ctx.c("avg_tokens_per_read"),
        {"type": "paste", "destination": "claude-md", "label": f"Add to your {ctx.copy.instruction_file}:",
         "text": "Before editing any file, read it first. Before modifying a function, grep for all callers. "
                 "Research before you edit."},
        trend=trend, why=[f"{edits} edits (need {r['min_edits']})",
                          f"reads/edits = {reads}/{edits} = {ratio:.2f} < {r['healthy_ratio']}"])


def _junk_re(ctx: Context):
    dirs = ctx.rules["build-folder-reads"]["junk_dirs"]
    return re.compile("/(?:" + "|".join(re.escape(d) for d in dirs) + ")/")


def build_folder_reads(ctx: Context) -> Finding | None:
    """Read calls whose path runs through one of junk_dirs: fires from min_reads; saves each read x
    avg_tokens_per_read."""
    r, t = ctx.rules["build-folder-reads"], ctx.facts.tools
    junk, read_tools = _junk_re(ctx), set(r["read_tools"])
    counts: dict[str, int] = {}
    total = recent = 0
    recents = t.recent.tolist()
    for i in t.scan_order().tolist():   # (folders of equal counts are named in the order the scan met them)
        name, path, rec = t.name[i], t.path[i], recents[i]
        if name not in read_tools or not path or not junk.search(path):
            continue
        total += 1
        recent += rec
        for d in r["junk_dirs"]:
            if f"/{d}/" in path:
                counts[d] = counts.get(d, 0) + 1
                break
    if total < r["min_reads"]:
        return None
    trend = session_trend(ctx, recent, total, bool(t.recent.any()))
    if trend == "resolved":
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    listed = ", ".join(f"{d}/ ({n}x)" for d, n in ranked[:3])
    detected = [d for d, _ in ranked]
    extras = [d for d in r["common_defaults"] if d not in counts][:max(0, 6 - len(detected))]
    return Finding(
        "build-folder-reads", f"{ctx.copy.agent} is reading build/dependency folders",
        f"{ctx.copy.agent} read into {listed} ({total} reads). These are generated or dependency directories, not "
        f"your code. Tell {ctx.copy.agent} in {ctx.copy.instruction_file} to avoid them.",
        "high" if total > r["high_above"] else "medium" if total > r["medium_above"] else "low",
        total * ctx.c("avg_tokens_per_read"),
        {"type": "paste", "destination": "claude-md",
         "label": f"Append to your project {ctx.copy.instruction_file}:",
         "text": "Do not read or search files under these directories unless I explicitly ask: "
                 + ", ".join(detected + extras) + "."},
        trend=trend, why=[f"{total} reads under {', '.join(r['junk_dirs'])} (need {r['min_reads']})"])


def redundant_rereads(ctx: Context) -> Finding | None:
    """Reads of the same (non-junk) path again in the same user-started session: fires from min_extra extra
    reads; saves each x avg_tokens_per_read."""
    r, t = ctx.rules["redundant-rereads"], ctx.facts.tools
    junk, read_tools = _junk_re(ctx), set(ctx.rules["build-folder-reads"]["read_tools"])
    per: dict[tuple[int, str], list[int]] = {}
    has_recent = False
    recent, session, sidechain = t.recent.tolist(), t.session.tolist(), t.sidechain.tolist()
    for i in t.scan_order().tolist():   # (the files of equal counts are named in that order)
        name, path, rec, sess, side = t.name[i], t.path[i], recent[i], session[i], sidechain[i]
        if side:
            continue  # a subagent starts on a fresh context: its reads are not repeats
        has_recent = has_recent or rec
        if name not in read_tools or not path or junk.search(path):
            continue
        e = per.setdefault((sess, path), [0, 0])
        e[0] += 1
        e[1] += rec
    total = recent = 0
    by_name: dict[str, int] = {}
    # Files named in the reference's order (it ties on that): session by
    # session, in the order the scan met each session's first read, and a
    # session's files in the order of their first read.
    first: dict[int, int] = {}
    for sess, _ in per:
        first.setdefault(sess, len(first))
    for (_, path), (count, rec) in sorted(per.items(), key=lambda kv: first[kv[0][0]]):
        if count <= 1:
            continue
        total += count - 1
        recent += max(rec - 1, 0)
        base = path.rsplit("/", 1)[-1]
        by_name[base] = by_name.get(base, 0) + count - 1
    if total < r["min_extra"]:
        return None
    trend = session_trend(ctx, recent, total, has_recent)
    if trend == "resolved":
        return None
    worst = ", ".join(f"{n} ({k + 1}x)" for n, k in sorted(by_name.items(), key=lambda kv: -kv[1])[:3])
    return Finding(
        "redundant-rereads", f"{ctx.copy.agent} is re-reading the same files",
        f"{total} redundant re-reads across sessions. Top repeats: {worst}. Each re-read loads the same content into "
        "context again.",
        "high" if total > r["high_above"] else "medium" if total > r["medium_above"] else "low",
        total * ctx.c("avg_tokens_per_read"),
        {"type": "paste", "destination": "prompt",
         "label": f"Point {ctx.copy.agent} at exact locations in your prompt, for example:",
         "text": "In <file> lines <start>-<end>, look at the <function> function."},
        trend=trend, why=[f"{total} extra reads of the same file in one session (need {r['min_extra']})"])


def _called_servers(ctx: Context, claude_only: bool = False) -> set[str]:
    """The MCP servers whose tools were called in the period: in Claude
    Code's own records, as the reference's raw scan sees them (every
    project's, whatever --project/--exclude), and (unless claude_only) by
    any tool of the filtered projects, as their breakdowns add."""
    out = set()
    names = set(ctx.facts.tools.name)
    for name in (names if claude_only else names | set(ctx.facts.all_tool_names)):
        if name.startswith("mcp__"):
            seg = name.split("__")[1]
            if seg:
                out.add(seg)
    return out


def unused_mcp(ctx: Context) -> Finding | None:
    """MCP servers in ~/.claude/settings*.json and each project's .mcp.json / .claude/settings*.json never
    called in the period (and not configured within grace_hours); saves servers x tools_per_mcp_server x
    tokens_per_mcp_tool x sessions."""
    r, f = ctx.rules["unused-mcp"], ctx.facts
    configured = ctx.config.mcp_servers(f.cwds)
    if not configured:
        return None
    called = _called_servers(ctx) | {c.server for c in mcp.coverage(f, ctx.rules["mcp-low-coverage"]).values() if c.low()}
    grace = r["grace_hours"] * 3_600_000
    wall = time.time() * 1000  # file times are the file system's, not the logs'
    unused = [s.name for key, s in configured.items()
              if key not in called and not (s.mtime_ms > 0 and wall - s.mtime_ms < grace)]
    if not unused:
        return None
    n = len(unused)
    per_server = ctx.c("tools_per_mcp_server") * ctx.c("tokens_per_mcp_tool")
    sessions = max(f.sessions.size, 1)  # every parsed session, subagent transcripts included (errata)
    return Finding(
        "unused-mcp", f"{n} MCP {_plural(n, 'server')} configured but never used",
        f"Never called in this period: {', '.join(unused)}. Each server loads ~{per_server} tokens of tool schema "
        "into every session.",
        "high" if n >= r["high_servers"] else "medium", n * per_server * sessions,
        {"type": "command", "label": f"Remove unused {_plural(n, 'server')}:",
         "text": "\n".join(f"claude mcp remove {s}" for s in unused)},
        appliable=True, why=[f"configured, never called: {', '.join(unused)}", f"{sessions} sessions"])


def mcp_low_coverage(ctx: Context) -> Finding | None:
    """Servers whose deferred-tool inventory lists more than 10 tools, loaded in >= 2 sessions, with under 20% of
    their tools ever called; saves the unused tools' schema (400 tokens each) as cached per call."""
    r, f = ctx.rules["mcp-low-coverage"], ctx.facts
    flagged = [c for c in mcp.coverage(f, ctx.rules["mcp-low-coverage"]).values() if c.low()]
    if not flagged:
        return None
    flagged.sort(key=lambda c: -(c.available - len(c.invoked)))
    local_names = mcp.local_server_names(ctx)
    lines, local, connectors, ambiguous = [], [], [], []
    for c in flagged:
        pct = js_round(c.ratio * 100)
        lines.append(f"{c.server}: {len(c.invoked)}/{c.available} tools used ({pct}% coverage) across "
                     f"{c.loaded_sessions} {_plural(c.loaded_sessions, 'session')}")
        if c.server.startswith(mcp.CONNECTOR) and c.server not in local_names:
            connectors.append(c.server)
        else:
            if c.server.startswith(mcp.CONNECTOR):
                ambiguous.append(c.server)
            local.append(c.server)
    unused = {c.server: set(c.unused) for c in flagged}
    schema = np.array([sum(len(items & u) for u in unused.values()) * ctx.c("tokens_per_mcp_tool")
                       for items in f.inventory], dtype=np.int64)
    saved = js_round(mcp.schema_cost(f, schema, ctx.c("cache_write_multiplier"), ctx.c("cache_read_discount")))
    impact = "high" if saved >= r["high_tokens"] or len(flagged) >= r["high_servers"] else "medium"
    labels = [f"claude.ai {s[len(mcp.CONNECTOR):].replace('_', ' ')}" for s in connectors]
    guidance = ""
    if connectors:
        one = len(connectors) == 1
        guidance = (" " + ", ".join(f"{lab} ({s})" for lab, s in zip(labels, connectors))
                    + (" is a claude.ai connector namespace" if one else " are claude.ai connector namespaces")
                    + ", separate from any similarly named local MCP server. Transcript inventory is aggregated across "
                    f"the selected projects; use /mcp in each project where {'it loads' if one else 'they load'}, or "
                    f"manage {'it' if one else 'them'} in claude.ai Settings > Connectors.")
    if local:
        fix = {"type": "command",
               "label": "Remove the underused local server, or trim its tools in your MCP config:" if len(local) == 1
               else "Remove underused local servers, or trim their tools in your MCP config:",
               "text": "\n".join(f"claude mcp remove '{s}'" for s in local)}
    else:
        one = len(connectors) == 1
        fix = {"type": "paste", "destination": "manual",
               "label": "Manage the underused claude.ai connector where it loads:" if one
               else "Manage the underused claude.ai connectors where they load:",
               "text": f"Open /mcp in each affected project and disable {', '.join(labels)}, or manage "
                       f"{'it' if one else 'them'} in claude.ai Settings > Connectors."}
    n = len(flagged)
    return Finding(
        "mcp-low-coverage", f"{n} MCP {_plural(n, 'server')} with low tool coverage",
        "Schema for unused tools is loaded into the system prompt every session and carried in the cached prefix on "
        f"every turn. {'; '.join(lines)}.{guidance}",
        impact, saved, fix, appliable=bool(local), why=lines)


def mcp_project_scope(ctx: Context) -> Finding | None:
    """Servers (not low-coverage) loaded in >= 3 projects, called >= 2 times, with >= 80% of the calls in the top
    two projects and >= 2 loaded sessions in projects that never call them; saves their schema there."""
    r, f = ctx.rules["mcp-project-scope"], ctx.facts
    cov = mcp.coverage(f, ctx.rules["mcp-low-coverage"])
    stats: dict[str, dict[str, list]] = {}   # server -> project path -> [loaded sessions, invocations]
    for i, items in enumerate(f.inventory):
        key = f.project_path[i]
        for server in {mcp._parts(x)[0] for x in items} - {None}:
            stats.setdefault(server, {}).setdefault(key, [0, 0])[0] += 1
        for server, n in f.mcp_calls[i].items():
            stats.setdefault(server, {}).setdefault(key, [0, 0])[1] += n
    cands = []
    for server, projects in stats.items():
        c = cov.get(server)
        if c is None or c.low() or not c.available:
            continue
        loaded = [(p, v[0], v[1]) for p, v in projects.items() if v[0] > 0]
        if len(loaded) < r["min_projects"]:
            continue
        calls = sum(v for _, _, v in loaded)
        if calls < r["min_invocations"]:
            continue
        loaded.sort(key=lambda x: (-x[2], -x[1], locale_key(x[0])))  # ties: paths as localeCompare orders them
        hot = [x for x in loaded if x[2] > 0][:2]
        if not hot:
            continue
        share = sum(x[2] for x in hot) / calls
        cold = [x for x in loaded if x[2] == 0]
        if share < r["hot_share"] or sum(x[1] for x in cold) < r["min_cold_sessions"]:
            continue
        cold_keys = {x[0] for x in cold}
        cost = _cold_cost(ctx, {server: c.available}, {server: cold_keys})
        cands.append({"server": server, "tools": c.available, "hot": hot, "cold": cold, "cold_keys": cold_keys,
                      "calls": calls, "share": share, "loaded": sum(x[1] for x in loaded), "saved": js_round(cost)})
    if not cands:
        return None
    cands.sort(key=lambda c: (-c["saved"], -len(c["cold"]), -c["loaded"], locale_key(c["server"])))
    preview = cands[:3]

    def line(c):
        hot = ", ".join(f"{p} ({n} {_plural(n, 'call')})" for p, _, n in c["hot"])
        cold = ", ".join(f"{p} ({k} loaded {_plural(k, 'session')})" for p, k, _ in c["cold"][:3])
        more = f", +{len(c['cold']) - 3} more" if len(c["cold"]) > 3 else ""
        return f"{c['server']}: {js_round(c['share'] * 100)}% of {c['calls']} calls in {hot}; loaded but unused in {cold}{more}"
    saved = js_round(_cold_cost(ctx, {c["server"]: c["tools"] for c in cands},
                                 {c["server"]: c["cold_keys"] for c in cands}))
    n = len(cands)
    text = "\n".join([f"Review these MCP profile recommendations before changing config ({len(preview)} of {n} shown):"]
                     + [f"- Keep {c['server']} available for {', '.join(p for p, _, _ in c['hot'])}; remove or "
                        f"project-scope it away from {', '.join(p for p, _, _ in c['cold'][:3])}. Re-add it only in "
                        "projects that actually need it." for c in preview])
    return Finding(
        "mcp-project-scope", f"{n} MCP {_plural(n, 'server')} should be project-scoped",
        "These MCP servers look useful in a small set of projects but are loaded into other projects where they are not "
        "invoked. Project-scoping them keeps the hot-project workflow while avoiding schema overhead elsewhere. "
        f"{_preview(cands, line, 3)}.",
        "high" if saved >= r["high_tokens"] or n >= ctx.rules["unused-mcp"]["high_servers"] else "medium", saved,
        {"type": "paste", "destination": "prompt",
         "label": f"Ask {ctx.copy.agent} to turn this into a project-scoped MCP profile:", "text": text},
        appliable=True, why=[line(c) for c in cands])


def _cold_cost(ctx: Context, tools: dict[str, int], cold: dict[str, set]) -> float:
    f = ctx.facts
    schema = np.zeros(len(f.inventory), dtype=np.int64)
    for i, items in enumerate(f.inventory):
        servers = {mcp._parts(x)[0] for x in items}
        schema[i] = sum(n for s, n in tools.items() if s in servers and f.project_path[i] in cold[s]) \
            * ctx.c("tokens_per_mcp_tool")
    return mcp.schema_cost(f, schema, ctx.c("cache_write_multiplier"), ctx.c("cache_read_discount"))


def _claude_sessions(f: Facts) -> int:
    return int(f.sessions.claude.sum())


def _predates(version: str, ref: str) -> bool:
    pv = lambda s: (m := re.match(r"^([0-9]+)\.([0-9]+)\.([0-9]+)", s)) and tuple(int(x) for x in m.groups())  # noqa: E731
    a, b = pv(version), pv(ref)
    return bool(a and b and a < b)


def mcp_deferral_off(ctx: Context) -> Finding | None:
    """No ToolSearch call while MCP servers are configured or called in >= min_sessions Claude sessions and
    ENABLE_TOOL_SEARCH is not auto: saves servers x 2,000 tokens x affected sessions."""
    r, f = ctx.rules["mcp-deferral-off"], ctx.facts
    if TOOL_SEARCH in f.tools.name or mcp.any_inventory(f):
        return None
    configured = ctx.config.mcp_servers(f.cwds)
    pinned = {k for k, s in configured.items() if s.always_load}
    unpinned = [k for k in configured if k not in pinned]
    observed = {s for s in _called_servers(ctx, claude_only=True) if s not in pinned}  # (not another tool's calls)
    invocations = with_calls = total = 0
    for i in np.flatnonzero(f.sessions.claude).tolist():
        total += 1
        n = sum(c for s, c in f.mcp_calls[i].items() if s not in pinned)
        observed |= {s for s in f.mcp_calls[i] if s not in pinned}
        with_calls += n > 0
        invocations += n
    servers = set(unpinned) | observed
    if not servers:
        return None
    affected = total if unpinned else with_calls
    if affected < r["min_sessions"]:
        return None
    setting = _env(ctx, ENABLE_TOOL_SEARCH)
    if setting and re.fullmatch(r"auto(?::[0-9]+)?", setting.value):
        return None
    per_server = ctx.c("tools_per_mcp_server") * ctx.c("tokens_per_mcp_tool")
    per_session = len(servers) * per_server
    saved = per_session * affected
    rate = js_fixed(invocations / affected if affected else 0, 1)
    cause, fix, appliable = _deferral_cause(ctx, setting)
    evidence = (f"~{fmt_tokens(per_session)} tokens of MCP tool schema ({len(servers)} {_plural(len(servers), 'server')} "
                f"at ~{fmt_tokens(per_server)} tokens/server) sit in the prompt prefix of {affected} "
                f"{_plural(affected, 'session')} at {rate} MCP call{'' if rate == '1.0' else 's'}/session, with zero "
                "ToolSearch calls and no deferred-tool inventory observed — tool deferral appears inactive. Deferral "
                "would move ~all of that schema out of the prefix.")
    return Finding("mcp-deferral-off", "MCP tool deferral appears inactive", f"{evidence} {cause}",
                   "high" if saved >= r["high_tokens"] else "medium", saved, fix, appliable=appliable,
                   why=[f"no {TOOL_SEARCH} call, {len(servers)} servers, {affected} affected sessions "
                        f"(need {r['min_sessions']})"])


def _env(ctx: Context, name: str):
    """A setting of the environment Claude Code runs with (LocalConfig.env_setting), read
    from the shell profiles bash-output-cap reads too."""
    return ctx.config.env_setting(name, ctx.facts.cwds, ctx.rules["bash-output-cap"]["profiles"])


def _is_false(value: str) -> bool:
    """`false` (any case) or `0`: an override that turns the setting off."""
    return value.lower() == "false" or value == "0"


def _where(ctx: Context, setting) -> str:
    """Where a setting is, as explanations name it: `user settings (~/.claude/settings.json)`."""
    return f"{setting.scope} ({_short_home(ctx, setting.path)})"


def _first_party(url: str) -> bool:
    """Whether a base URL's host is api.anthropic.com, as the WHATWG URL
    parser reads it (0.9.20's `new URL(value).hostname`): scheme and host in
    any case, user info, a port, a query; surrounding blanks ignored;
    anything that does not parse is a proxy."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip("".join(chr(c) for c in range(0x21))))
        return bool(parts.scheme) and parts.hostname == FIRST_PARTY_HOST
    except ValueError:
        return False


FIRST_PARTY_HOST = "api.anthropic.com"


def _rewritable(setting) -> bool:
    """Whether the fix could rewrite the setting (so the finding is a fix, not
    a nudge): not one in a shell profile, which 0.9.20's plans refuse to edit."""
    return setting.scope != "shell profile"


def _deferral_cause(ctx: Context, setting) -> tuple[str, dict, bool]:
    if setting and _is_false(setting.value):
        value, path = setting.value, setting.path
        return (f"Cause: {ENABLE_TOOL_SEARCH}={value} is set in {_where(ctx, setting)}, forcing all tool definitions "
                "upfront.",
                {"type": "paste", "destination": "prompt", "label": f"Ask {ctx.copy.agent} to remove the stale override:",
                 "text": f"Remove the {ENABLE_TOOL_SEARCH}={value} setting from {path}. Tool search is on by default on "
                         "first-party endpoints, so deleting the override re-enables MCP tool deferral."},
                _rewritable(setting))
    base = _env(ctx, "ANTHROPIC_BASE_URL")
    if base and not _first_party(base.value):
        return (f"Cause: ANTHROPIC_BASE_URL points at a non-first-party host in {_where(ctx, base)}. Tool deferral "
                "silently auto-disables behind proxies because most don't forward tool_reference blocks; whether this "
                "proxy can is unknown.",
                {"type": "paste", "destination": "shell-config",
                 "label": "Verify your proxy forwards tool_reference blocks first (an explicit override fails on "
                          "proxies that don't), then force tool search back on with:",
                 "text": f"export {ENABLE_TOOL_SEARCH}=true"}, False)
    vertex = _env(ctx, "CLAUDE_CODE_USE_VERTEX")
    if vertex and not _is_false(vertex.value):
        return (f"Cause: CLAUDE_CODE_USE_VERTEX is set in {_where(ctx, vertex)}, and tool search is disabled by "
                "default on Vertex AI.",
                {"type": "paste", "destination": "shell-config",
                 "label": "Opt in to tool search on Vertex (disabled by default there):",
                 "text": f"export {ENABLE_TOOL_SEARCH}=true"}, False)
    versions = [v for v in ctx.facts.cache_version if v]
    if versions and all(_predates(v, "2.1.7") for v in versions):
        return ("Cause: every observed Claude Code version in this period predates v2.1.7, where MCP tool search "
                "became on by default.",
                {"type": "command", "label": "Update Claude Code to get default-on MCP tool deferral:",
                 "text": "claude update"}, False)
    if setting:
        return (f"Cause: none determinable — {ENABLE_TOOL_SEARCH}={setting.value} is already set in "
                f"{_where(ctx, setting)}, yet transcripts show no deferral activity.",
                {"type": "paste", "destination": "prompt",
                 "label": f"The override is already on; ask {ctx.copy.agent} to investigate why deferral is still "
                          "inactive:",
                 "text": f"{ENABLE_TOOL_SEARCH}={setting.value} is set in {setting.path}, but sessions show no "
                         "ToolSearch calls and no deferred-tool inventory. Check whether requests pass through a proxy "
                         "that strips tool_reference blocks and whether the running Claude Code version supports tool "
                         "search."}, False)
    return ("Cause: none determinable from config — no disabling override, proxy, or Vertex setting found.",
            {"type": "paste", "destination": "shell-config",
             "label": "Deferral is on by default on first-party endpoints; to force it explicitly, add:",
             "text": f"export {ENABLE_TOOL_SEARCH}=true"}, False)


def mcp_alwaysload_hygiene(ctx: Context) -> Finding | None:
    """Servers configured with alwaysLoad: true but called less than max_calls_per_session per session (Claude
    Code >= min_version)."""
    r, f = ctx.rules["mcp-alwaysload-hygiene"], ctx.facts
    pinned = [(k, s) for k, s in ctx.config.mcp_servers(f.cwds).items() if s.always_load]
    if not pinned:
        return None
    versions = [v for v in f.cache_version if v]
    if versions and all(_predates(v, r["min_version"]) for v in versions):
        return None
    total = f.sessions.size
    if total == 0:
        return None
    calls: dict[str, int] = {}
    for per in f.mcp_calls:
        for s, n in per.items():
            calls[s] = calls.get(s, 0) + n
    lines, fixes, saved = [], [], 0
    cov = mcp.coverage(f, ctx.rules["mcp-low-coverage"])
    for key, s in pinned:
        n = calls.get(key, 0)
        if n / total >= r["max_calls_per_session"]:
            continue
        c = cov.get(key)
        tools, loaded = (c.available, c.loaded_sessions) if c else (ctx.c("tools_per_mcp_server"), total)
        saved += tools * ctx.c("tokens_per_mcp_tool") * loaded
        lines.append(f"{s.name}: {n} {_plural(n, 'call')} across {total} {_plural(total, 'session')}")
        fixes.append(f'- Remove "alwaysLoad": true from {s.name} in '
                     f'{", ".join(_short_home(ctx, p) for p in s.always_load)}.')
    if not lines:
        return None
    return Finding(
        "mcp-alwaysload-hygiene", f"{len(lines)} alwaysLoad MCP {_plural(len(lines), 'server')} rarely used",
        "These servers are pinned with alwaysLoad, so their tool schemas sit in every session's prefix despite "
        "deferral being available, and session startup blocks on each server's connection "
        f"(up to {r['startup_cap_seconds']}s). Usage doesn't justify the pin: {'; '.join(lines)}.",
        "high" if saved >= r["high_tokens"] else "medium", saved,
        {"type": "paste", "destination": "prompt",
         "label": f"Ask {ctx.copy.agent} to unpin the rarely-used servers (tool search still discovers their tools on "
                  "demand):", "text": "\n".join(fixes)},
        appliable=True, why=[f"calls/session < {r['max_calls_per_session']}"])


def mcp_defer_threshold(ctx: Context) -> Finding | None:
    """ENABLE_TOOL_SEARCH=auto[:N] whose threshold the configured tool definitions never reach (>=
    min_tokens_per_session per session)."""
    r, f = ctx.rules["mcp-defer-threshold"], ctx.facts
    setting = _env(ctx, ENABLE_TOOL_SEARCH)
    m = re.fullmatch(r"auto(?::([0-9]+))?", setting.value) if setting else None
    if not m:
        return None
    percent = min(r["max_percent"], int(m[1])) if m[1] is not None else r["default_percent"]
    if mcp.any_inventory(f):
        return None
    servers = set(ctx.config.mcp_servers(f.cwds))
    claude = np.flatnonzero(f.sessions.claude).tolist()
    for i in claude:
        servers |= set(f.mcp_calls[i])
    if not servers or not claude:
        return None
    defs = len(servers) * ctx.c("tools_per_mcp_server") * ctx.c("tokens_per_mcp_tool")
    one = r["context_window"] / 100
    if defs > percent * one or defs < r["min_tokens_per_session"]:
        return None
    saved = int(defs * len(claude))
    recommended = max(0, math.ceil(defs / one) - 1)
    remove = defs > r["default_percent"] * one
    value, path = setting.value, setting.path
    text = (f"Remove the {ENABLE_TOOL_SEARCH}={value} override from {path}; the default auto threshold "
            f"({r['default_percent']}%) already defers this volume of tool definitions." if remove else
            f"In {path}, change {ENABLE_TOOL_SEARCH}={value} to {ENABLE_TOOL_SEARCH}=auto:{recommended} so "
            f"~{fmt_tokens(defs)} tokens of MCP tool definitions per session are deferred instead of loaded upfront.")
    return Finding(
        "mcp-defer-threshold", "MCP tool search auto threshold never triggers",
        f"{ENABLE_TOOL_SEARCH}={value} is set in {_where(ctx, setting)}, deferring MCP tool definitions only when they exceed "
        f"{percent}% of the {fmt_tokens(r['context_window'])}-token context window (~{fmt_tokens(percent * one)} "
        f"tokens). Your estimated ~{fmt_tokens(defs)} tokens of definitions per session fit under that, so every tool "
        f"still loads upfront in all {len(claude)} {_plural(len(claude), 'session')}.",
        "medium" if saved >= r["medium_tokens"] else "low", saved,
        {"type": "paste", "destination": "prompt", "label": f"Ask {ctx.copy.agent} to tighten the auto threshold:",
         "text": text}, appliable=_rewritable(setting),
        why=[f"{defs} tokens of definitions <= {percent}% of the context window"])


# --- session-level detectors (user-started sessions) ------------------------

def retry_heavy_capabilities(ctx: Context) -> Finding | None:
    """MCP servers and skills used in edit turns: fires for one with >= min_edit_turns edit turns, >=
    min_retry_turns of them retried, at a rate >= min_retry_rate; saves recovery_fraction of the retried
    turns' tokens."""
    r, f = ctx.rules["retry-heavy-capabilities"], ctx.facts
    user = ~f.sessions.sidechain
    acc: dict[str, list] = {}   # cap -> [edit turns, retry turns, projects, retries]
    for sess, edit, retries, eff, caps in f.turn_caps:
        if sess < 0 or not user[sess] or not edit or not caps:
            continue
        for cap in caps:
            a = acc.setdefault(cap, [0, 0, set(), 0])
            a[0] += 1
            a[1] += retries > 0
            a[2].add(f.sessions.label[sess])
            a[3] += retries
    flagged = {c: a for c, a in acc.items() if a[0] >= r["min_edit_turns"] and a[1] >= r["min_retry_turns"]
               and a[1] / a[0] >= r["min_retry_rate"]}
    if not flagged:
        return None
    saved = 0
    for sess, edit, retries, eff, caps in f.turn_caps:
        if sess >= 0 and user[sess] and edit and retries and caps & set(flagged):
            saved += js_round(js_round(eff) * r["recovery_fraction"])
    ranked = sorted(flagged.items(), key=lambda kv: (-(kv[1][1] / kv[1][0]), -kv[1][3], kv[0]))
    kind = lambda c: ("MCP server " if c.startswith("mcp:") else "skill ") + c.split(":", 1)[1]  # noqa: E731

    def where(projects: set[str]) -> str:
        return f" across {len(projects)} projects" if len(projects) > 1 else f" in {next(iter(projects))}"
    listed = _preview(ranked, lambda ca: f"{kind(ca[0])}: {ca[1][1]}/{ca[1][0]} edit turns retried "
                                         f"({js_round(ca[1][1] / ca[1][0] * 100)}%), {ca[1][3]} retries{where(ca[1][2])}")
    n = len(flagged)
    impact = _tier(n, saved, r["high_candidates"], r["high_tokens"], r["low_max_candidates"], r["low_max_tokens"])
    kinds = {c.split(":")[0] for c in flagged}
    noun = ("MCP server" if kinds == {"mcp"} else "skill") if len(kinds) == 1 else "MCP/skill capability"
    nouns = "MCP/skill capabilities" if noun == "MCP/skill capability" else noun + "s"
    return Finding(
        "retry-heavy-capabilities",
        f"{n} {noun if n == 1 else nouns} {'correlates' if n == 1 else 'correlate'} with retry-heavy edits",
        f"Edit turns using these capabilities are retry-heavy: {listed}. This is a correlation report, not proof of "
        "causation; compare the retry-heavy turns with one-shot turns before changing MCP scope or skill instructions.",
        impact, saved,
        {"type": "paste", "destination": "prompt",
         "label": f"Ask {ctx.copy.agent} to audit the retry-heavy capability before changing config:",
         "text": f"Investigate these retry-correlated capabilities: {', '.join(kind(c) for c, _ in ranked[:5])}. "
                 "Compare edit turns with retries against one-shot edit turns, identify whether the MCP server or "
                 "skill actually caused rework, then propose a scoped MCP config or skill-instruction change with "
                 "session evidence. Do not remove a capability solely because it appears in this report."},
        why=[f"per capability: >= {r['min_edit_turns']} edit turns, >= {r['min_retry_turns']} with retries, "
             f"rate >= {r['min_retry_rate']}"])


LOW_WORTH_OPENER = ("Before continuing, name the deliverable in one sentence (PR title, file changed, command output "
                    "you expect). Stop and check with me if (a) you spend more than 10 minutes without an edit, or (b) "
                    "the same approach fails twice. Do not retry past two attempts on any single fix.")
CONTEXT_HEAVY_OPENER = ("Start fresh before continuing. Use only the current goal, the relevant files, the failing "
                        "command/output, and the constraints below. Restate the working context in under 10 bullets "
                        "before editing.")


def low_worth_candidates(ctx: Context) -> list[dict]:
    r, s = ctx.rules["low-worth-sessions"], ctx.facts.sessions
    delivery = [re.compile(p) for p in r["delivery_patterns"]]
    out = []
    for i in range(s.size):
        cost = float(s.cost[i])
        if s.sidechain[i] or cost < r["min_cost"]:
            continue
        if any(p.search(cmd) for cmd in s.shell[i] for p in delivery):
            continue
        edits, one_shot, retries = int(s.edit_turns[i]), int(s.one_shot[i]), int(s.retries[i])
        reasons = []
        if edits == 0 and cost >= r["no_edit_min_cost"]:
            reasons.append("no edit turns")
        if retries >= r["min_retries"]:
            reasons.append(f"{retries} retries")
        if edits > 0 and one_shot == 0 and retries >= r["retry_with_edit_min_retries"]:
            reasons.append("no one-shot edit turns")
        if not reasons:
            continue
        tokens = float(s.tokens[i])
        if edits == 0:
            rec = js_round(tokens * r["no_edit_recovery_fraction"])
        else:
            turns = int(s.turns[i])
            rec = js_round(tokens * min(1.0, max(0.0, retries / turns))) if turns else 0
        out.append({"i": i, "cost": cost, "tokens": rec, "reasons": reasons, "date": s.first_day[i]})
    out.sort(key=lambda c: (-c["cost"], c["date"], locale_key(s.label[c["i"]]), locale_key(s.sid[c["i"]])))
    return out


def low_worth_sessions(ctx: Context) -> Finding | None:
    """User-started sessions costing >= min_cost with no delivery command and a reason (no edits and >=
    no_edit_min_cost, >= min_retries retries, or edits with no one-shot turn and >=
    retry_with_edit_min_retries retries)."""
    r, s = ctx.rules["low-worth-sessions"], ctx.facts.sessions
    cands = low_worth_candidates(ctx)
    ctx.excluded = {c["i"] for c in cands}
    if not cands:
        return None
    listed = _preview(cands, lambda c: f"{s.label[c['i']]}/{s.sid[c['i']]} on {c['date']}: {fmt_cost(c['cost'])} "
                                       f"({', '.join(c['reasons'])})")
    saved = js_round(sum(c["tokens"] for c in cands))
    n = len(cands)
    impact = _tier(n, sum(c["cost"] for c in cands), r["high_candidates"], r["high_total_cost"],
                   r["low_max_candidates"], r["low_max_total_cost"])
    return Finding(
        "low-worth-sessions", f"{n} possibly low-worth expensive session{'' if n == 1 else 's'}",
        f"Sessions with meaningful spend but weak delivery signals: {listed}. This is a review candidate, not "
        "proof of waste: CodeBurn flags missing edit turns, repeated retries, and sessions without git delivery "
        "commands so you can decide whether the work was worth its cost before it becomes a habit.",
        impact, saved,
        {"type": "paste", "destination": "session-opener", "label": ctx.copy.opener_label, "text": LOW_WORTH_OPENER},
        why=[f"cost >= ${r['min_cost']}, no delivery command, and a reason"])


def _effective_input(ctx: Context) -> np.ndarray:
    s = ctx.facts.sessions
    return s.input + s.cache_read * ctx.c("cache_read_discount") + s.cache_write * ctx.c("cache_write_multiplier")


def context_candidates(ctx: Context) -> list[dict]:
    r, s = ctx.rules["context-heavy-sessions"], ctx.facts.sessions
    eff = _effective_input(ctx)
    gen = s.output + s.reasoning
    out = []
    for p in distinct(s.project).tolist():
        rows = [i for i in np.flatnonzero((s.project == p) & ~s.sidechain).tolist()]
        rows.sort(key=lambda i: int(s.first_ts[i]))
        prev_in = prev_ts = None
        for i in rows:
            inp, g = float(eff[i]), float(gen[i])
            ratio = inp / max(g, 1)
            ts = int(s.first_ts[i])
            growth = (inp / prev_in if prev_in and ts - prev_ts <= r["growth_max_gap_days"] * 86_400_000 else None)
            prev_in, prev_ts = inp, ts
            if inp < r["min_input"] or ratio < r["min_ratio"]:
                continue
            out.append({"i": i, "input": inp, "output": g, "ratio": ratio, "growth": growth,
                        "excess": max(0.0, inp - g * r["target_ratio"]), "date": s.first_day[i]})
    out.sort(key=lambda c: (-c["excess"], c["date"], locale_key(s.label[c["i"]]), locale_key(s.sid[c["i"]])))
    return out


def context_heavy_sessions(ctx: Context) -> Finding | None:
    """User-started sessions with effective input (input + cache reads x 0.1 + cache writes x 1.25) >=
    min_input at >= min_ratio:1 to output; saves the input above target_ratio:1."""
    r, s = ctx.rules["context-heavy-sessions"], ctx.facts.sessions
    before = ctx.excluded or set()
    cands = [c for c in context_candidates(ctx) if c["i"] not in before]
    ctx.excluded = before | {c["i"] for c in cands}
    if not cands:
        return None
    cap = r["ratio_display_cap"]

    def one(c):
        g = c["growth"]
        growth = f", {js_fixed(g, 1)}x previous session input" if g is not None and g >= r["growth_ratio"] else ""
        ratio = f"{cap}+" if c["ratio"] >= cap else js_fixed(c["ratio"], 1)
        return (f"{s.label[c['i']]}/{s.sid[c['i']]} on {c['date']}: {fmt_tokens(c['input'])} effective input/cache vs "
                f"{fmt_tokens(c['output'])} output ({ratio}:1{growth})")
    listed = _preview(cands, one)
    saved = js_round(sum(c["excess"] for c in cands))
    n = len(cands)
    impact = _tier(n, sum(c["input"] for c in cands), r["high_candidates"], r["high_input"], r["low_max_candidates"],
                   r["low_input"])
    return Finding(
        "context-heavy-sessions", f"{n} context-heavy session{'' if n == 1 else 's'}",
        f"Effective input/cache tokens swamp output in these sessions: {listed}. This can come from stale "
        "context carryover, inherently context-heavy work, or abandoned runs that loaded too much context; starting "
        "fresh with only the current goal and relevant files can cut repeated prompt overhead.",
        impact, saved,
        {"type": "paste", "destination": "session-opener", "label": ctx.copy.opener_label,
         "text": CONTEXT_HEAVY_OPENER},
        why=[f"effective input >= {r['min_input']} and input:output >= {r['min_ratio']}:1"])


def cost_outliers(ctx: Context) -> Finding | None:
    """User-started sessions costing more than multiplier x the mean of the project's other sessions (>=
    min_sessions peers, >= min_cost); saves the tokens above the others' mean."""
    r, s = ctx.rules["cost-outliers"], ctx.facts.sessions
    excluded = (ctx.excluded or set()) | _young_firsts(ctx)
    tokens = s.tokens
    outliers, fell_back = [], False
    for p in distinct(s.project).tolist():
        costed = [i for i in np.flatnonzero((s.project == p) & ~s.sidechain & (s.cost > 0)).tolist()]
        exact = [i for i in costed if not s.estimated[i]]
        peers = exact if len(exact) >= r["min_sessions"] else costed
        back = len(peers) > len(exact)
        if len(peers) < r["min_sessions"]:
            continue
        total_cost = sum(float(s.cost[i]) for i in peers)
        total_tok = sum(float(tokens[i]) for i in peers)
        for i in peers:
            cost = float(s.cost[i])
            avg = (total_cost - cost) / (len(peers) - 1)
            avg_tok = (total_tok - float(tokens[i])) / (len(peers) - 1)
            if avg <= 0 or cost / avg <= r["multiplier"] or cost < r["min_cost"] or i in excluded:
                continue
            fell_back = fell_back or back
            outliers.append({"i": i, "cost": cost, "avg": avg, "ratio": cost / avg,
                             "excess": max(0.0, float(tokens[i]) - avg_tok)})
    if not outliers:
        return None
    outliers.sort(key=lambda o: -o["cost"])
    listed = _preview(outliers, lambda o: f"{s.label[o['i']]}/{s.sid[o['i']]} on "
                                          f"{s.first_day[o['i']]}: {fmt_cost(o['cost'])} "
                                          f"({js_fixed(o['ratio'], 1)}x avg)")
    saved = js_round(sum(o["excess"] for o in outliers))
    excess_cost = sum(max(0.0, o["cost"] - o["avg"]) for o in outliers)
    n = len(outliers)
    return Finding(
        "cost-outliers", f"{n} high-cost session outlier{'' if n == 1 else 's'}",
        f"Sessions costing more than {r['multiplier']}x their peer-session average in the same project: {listed}. "
        "These usually come from broad prompts, runaway loops, or context-heavy work that should be split into "
        "smaller sessions.",
        "high" if n >= r["high_outliers"] or excess_cost >= r["high_excess_cost"] else "medium", saved,
        {"type": "paste", "destination": "session-opener", "label": ctx.copy.opener_label,
         "text": "Before making changes, summarize the smallest viable plan. Keep context narrow, avoid broad searches, "
                 "and stop after the first working patch so I can review before continuing."},
        estimated_basis=fell_back,
        why=[f"cost > {r['multiplier']}x the mean of the project's other sessions (>= {r['min_sessions']} peers), "
             f"cost >= ${r['min_cost']}"])


def _young_firsts(ctx: Context) -> set[int]:
    """The first costed session of a project with few costed sessions."""
    r, s = ctx.rules["cost-outliers"], ctx.facts.sessions
    out = set()
    for p in distinct(s.project).tolist():
        costed = np.flatnonzero((s.project == p) & ~s.sidechain & (s.cost > 0))
        if 0 < costed.size < r["young_project_sessions"]:
            out.add(int(costed[np.argmin(s.first_ts[costed])]))
    return out


# --- configuration detectors (Claude only) -----------------------------------

def claude_md_too_long(ctx: Context) -> Finding | None:
    """CLAUDE.md and .claude/CLAUDE.md of each project seen, @-imports expanded (max_import_depth): fires above
    healthy_lines; saves the lines above it x claude_md_tokens_per_line."""
    r = ctx.rules["claude-md-too-long"]
    bloated = []
    for cwd in ctx.facts.cwds:
        for name in r["names"]:
            path = os.path.join(cwd, name)
            if not ctx.config.exists(path):
                continue
            lines, imports = ctx.config.claude_md_lines(path, r["max_import_depth"])
            if lines > r["healthy_lines"]:
                bloated.append((lines, imports, _short_home(ctx, cwd) + "/" + name))
    if not bloated:
        return None
    bloated.sort(key=lambda b: -b[0])
    saved = sum(b[0] - r["healthy_lines"] for b in bloated) * ctx.c("claude_md_tokens_per_line")
    listed = ", ".join(f"{p} ({n} lines" + (f" with {k} @-import{'s' if k > 1 else ''}" if k else "") + ")"
                       for n, k, p in bloated[:3])
    return Finding(
        "claude-md-too-long", "Your CLAUDE.md is too long",
        f"{listed}. CLAUDE.md plus all @-imported files load into every API call. Trimming below "
        f"{r['healthy_lines']} lines saves ~{fmt_tokens(saved)} tokens per call.",
        "high" if bloated[0][0] > r["high_lines"] else "medium", saved,
        {"type": "paste", "destination": "prompt", "label": f"Ask {ctx.copy.agent} in the current session to trim it:",
         "text": f"Review CLAUDE.md and all @-imported files. Cut total expanded content to under {r['healthy_lines']} "
                 "lines. Remove anything Claude can figure out from the code itself. Keep only rules, gotchas, and "
                 "non-obvious conventions."},
        why=[f"{p}: {n} lines with imports > {r['healthy_lines']}" for n, _, p in bloated])


def _short_home(ctx: Context, path: str) -> str:
    home = ctx.config.home
    return "~" + path[len(home):] if path.startswith(home) else path


def bash_output_cap(ctx: Context) -> Finding | None:
    """BASH_MAX_OUTPUT_LENGTH from the shell profiles, else the environment, else default_limit: fires above
    recommended_limit; saves the excess characters x tokens_per_char."""
    r = ctx.rules["bash-output-cap"]
    configured = ctx.config.shell_limit(r["profiles"])  # (a profile that cannot be read counts as absent)
    if configured is None:
        env = ctx.environ.get("BASH_MAX_OUTPUT_LENGTH", "")
        m = re.match(r"^\s*[+-]?[0-9]+", env)
        configured = int(m[0]) if m else None
    if configured is not None and configured <= r["recommended_limit"]:
        return None
    limit = configured if configured is not None else r["default_limit"]
    saved = js_round((limit - r["recommended_limit"]) * ctx.c("tokens_per_char"))
    return Finding(
        "bash-output-cap", "Shrink bash output limit",
        f"Your bash output cap is {js_fixed(limit / 1000, 0)}K chars ({'configured' if configured else 'default'}). "
        f"Most output fits in {js_fixed(r['recommended_limit'] / 1000, 0)}K. The extra ~{fmt_tokens(saved)} tokens "
        "per bash call is trailing noise.",
        "medium", saved,
        {"type": "paste", "destination": "shell-config", "label": "Add to ~/.zshrc or ~/.bashrc:",
         "text": f"export BASH_MAX_OUTPUT_LENGTH={r['recommended_limit']}"},
        why=[f"BASH_MAX_OUTPUT_LENGTH {limit} > {r['recommended_limit']}"])


def recurring_context(ctx: Context) -> Finding | None:
    """Sessions opening with the same block of >= min_chars characters: fires for min_sessions sessions; saves
    the repeats x the block x tokens_per_char."""
    r, f = ctx.rules["recurring-context"], ctx.facts
    groups: dict[int, list] = {}
    for h, chars, project in f.openers:
        g = groups.get(h)
        if g is None:
            groups[h] = [1, chars, {project}]
        else:
            g[0] += 1
            g[1] = min(g[1], chars)
            g[2].add(project)
    repeated = sorted(((h, n, c, p, js_round((n - 1) * c * ctx.c("tokens_per_char")))
                       for h, (n, c, p) in groups.items() if n >= r["min_sessions"]), key=lambda g: -g[4])
    if not repeated:
        return None
    saved = sum(g[4] for g in repeated)
    previews = {g[0]: _opener_preview(*f.opener_files.get(g[0], (None, None))) for g in repeated[:3]}

    def where(projects: set[str]) -> str:
        if len(projects) == 1:
            p = next(iter(projects))
            return ([x for x in p.split("-") if x] or [p])[-1]
        return f"{len(projects)} projects"
    listed = _preview(repeated, lambda g: f'"{previews[g[0]]}..." — {g[1]} sessions in {where(g[3])}, '
                                          f"~{fmt_tokens(g[4])} tokens", 3)
    top = repeated[0]
    return Finding(
        "recurring-context", f"Same {js_fixed(top[2] / 1024, 1)} KB block pasted at the start of {top[1]} sessions",
        "These sessions open with a block you have pasted before, so you pay input tokens for the same context every "
        f"time: {listed}. Standing rules belong in {ctx.copy.instruction_file}; reference material belongs in a "
        f"file {ctx.copy.agent} reads on demand. Only the repeats are counted, not the first paste.",
        "high" if saved >= r["high_tokens"] else "medium" if saved >= r["medium_tokens"] else "low", saved,
        {"type": "paste", "destination": "prompt", "label": f"Ask {ctx.copy.agent} to give this block a permanent home:",
         "text": f'I open many sessions by pasting this block:\n"{previews[top[0]]}..."\nMove it into '
                 f"{ctx.copy.instruction_file} if it is a standing rule, or into a file you read on demand if it is "
                 "reference material, then tell me the one-line pointer to start sessions with instead."},
        why=[f"{n} sessions open with the same {c}-char block (need {r['min_sessions']})" for _, n, c, _, _ in repeated])


def _opener_preview(path: str | None, since_ms: int | None) -> str:
    """The first 80 characters of a session's opener, normalized as it was
    hashed: read from one session file's first user line with text at or
    after the opener's time (its first in the period; the scan keeps only
    the hash)."""
    import json

    from codeburn.jstext import js_slice
    from codeburn.optimize.text import normalize_opener
    from codeburn.providers.records import ts_ms

    if not path:
        return ""
    try:
        with open(path, "rb") as fh:
            for line in _lines(fh, PREVIEW_READ_BYTES):
                if b'"user"' not in line:
                    continue
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                text = _first_text(entry)
                if text and (since_ms is None or (ts_ms(entry.get("timestamp")) or -1) >= since_ms):
                    # (JavaScript's slices: UTF-16 units, as 0.9.20 quotes it)
                    return js_slice(normalize_opener(js_slice(text, 8000)), 80)
    except OSError:
        pass
    return ""


PREVIEW_READ_BYTES = 8 << 20   # how far into a session file its opener is looked for
PREVIEW_LINE_BYTES = 1 << 20   # longer lines (tool output) are skipped unread


def _lines(fh, budget: int):
    """The file's complete lines up to `budget` bytes, leaving out any line
    longer than PREVIEW_LINE_BYTES (without holding it in memory)."""
    skipping = False
    while budget > 0:
        chunk = fh.readline(PREVIEW_LINE_BYTES)
        if not chunk:
            return
        budget -= len(chunk)
        complete = chunk.endswith(b"\n")
        if not skipping and complete:
            yield chunk
        skipping = not complete


def _first_text(entry) -> str | None:
    msg = entry.get("message") if isinstance(entry, dict) and entry.get("type") == "user" else None
    content = msg.get("content") if isinstance(msg, dict) else None
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        for b in content:
            if isinstance(b, dict) and b.get("type") == "text" and isinstance(b.get("text"), str):
                return b["text"]
    return None


def _ghosts(ctx: Context, rid: str, defined: list[str], used: set[str], unit: str, noun: str, where: str,
            archive, title_noun: str, explain) -> Finding | None:
    r = ctx.rules[rid]
    ghosts = [n for n in defined if n not in used]
    if not ghosts:
        return None
    n = len(ghosts)
    listed = ", ".join(ghosts[:5]) + (f", +{n - 5} more" if n > 5 else "")
    impact = ("high" if "high_count" in r and n >= r["high_count"] else
              "medium" if n >= r["medium_count"] else "low")
    return Finding(
        rid, f"{n} {title_noun}{'' if n == 1 else 's'} you never use", explain(listed), impact, n * ctx.c(unit),
        {"type": "command", "label": f"Archive unused {noun}{'' if n == 1 else 's'}:",
         "text": "\n".join(archive(g) for g in ghosts[:10])},
        appliable=True, why=[f"defined in {where}, never used: {', '.join(ghosts)}"])


def unused_agents(ctx: Context) -> Finding | None:
    """~/.claude/agents/*.md never named as an Agent/Task subagent_type in the period."""
    u = ctx.c("tokens_per_agent_def")
    return _ghosts(ctx, "unused-agents", ctx.config.markdown_names("agents"), ctx.facts.subagents,
                   "tokens_per_agent_def", "agent", "~/.claude/agents/",
                   lambda g: f"mv ~/.claude/agents/{g}.md ~/.claude/agents/.archived/", "custom agent",
                   lambda listed: f"Defined in ~/.claude/agents/ but never invoked in this period: {listed}. Each adds "
                                  f"~{u} tokens to the Task tool schema on every session.")


def unused_skills(ctx: Context) -> Finding | None:
    """~/.claude/skills/*/SKILL.md never invoked through the Skill tool in the period."""
    u = ctx.c("tokens_per_skill_def")
    return _ghosts(ctx, "unused-skills", ctx.config.skill_names(), ctx.facts.skills, "tokens_per_skill_def", "skill",
                   "~/.claude/skills/", lambda g: f"mv ~/.claude/skills/{g} ~/.claude/skills/.archived/", "skill",
                   lambda listed: f"In ~/.claude/skills/ but not invoked this period: {listed}. Each adds ~{u} tokens "
                                  "of metadata to every session.")


def unused_commands(ctx: Context) -> Finding | None:
    """~/.claude/commands/*.md never named as a slash command in a user message of the period."""
    u = ctx.c("tokens_per_command_def")
    return _ghosts(ctx, "unused-commands", ctx.config.markdown_names("commands"), ctx.facts.commands,
                   "tokens_per_command_def", "command", "~/.claude/commands/",
                   lambda g: f"mv ~/.claude/commands/{g}.md ~/.claude/commands/.archived/", "slash command",
                   lambda listed: f"In ~/.claude/commands/ but not referenced this period: {listed}. Each adds ~{u} "
                                  "tokens of definition per session.")


# (id, function, Claude-only)
DETECTORS = [
    ("warmup-heavy", warmup_heavy, True),
    ("read-edit-ratio", read_edit_ratio, True),
    ("build-folder-reads", build_folder_reads, True),
    ("redundant-rereads", redundant_rereads, True),
    ("unused-mcp", unused_mcp, True),
    ("mcp-low-coverage", mcp_low_coverage, False),
    ("mcp-project-scope", mcp_project_scope, False),
    ("mcp-deferral-off", mcp_deferral_off, True),
    ("mcp-alwaysload-hygiene", mcp_alwaysload_hygiene, True),
    ("mcp-defer-threshold", mcp_defer_threshold, True),
    ("retry-heavy-capabilities", retry_heavy_capabilities, False),
    ("low-worth-sessions", low_worth_sessions, False),
    ("context-heavy-sessions", context_heavy_sessions, False),
    ("cost-outliers", cost_outliers, False),
    ("claude-md-too-long", claude_md_too_long, True),
    ("bash-output-cap", bash_output_cap, True),
    ("recurring-context", recurring_context, True),
    ("unused-agents", unused_agents, True),
    ("unused-skills", unused_skills, True),
    ("unused-commands", unused_commands, True),
]
