from __future__ import annotations

from codeburn.aggregate import periods
from codeburn.commands.common import (LAST_OPTIONS, PERIOD_OPTIONS, PROJECT_OPTIONS, PROVIDER_OPTION,
                                      READ_OPTIONS, STRICT_OPTION, check_format, emit_warnings, load)
from codeburn.env import Environment
from codeburn.errors import UsageError
from codeburn.status import ExitStatus

__doc__ = """codeburn optimize: token waste in your history and local setup, with fixes.

Usage:
  codeburn optimize [options] [--project NAME]... [--exclude NAME]...
  codeburn optimize --explain ID [options]

Options:
""" + PERIOD_OPTIONS.format(default="30days") + PROVIDER_OPTION + """\
  --only IDS                  only these findings (comma-separated ids)
  --explain ID                the rule of one finding id, with this run's values
""" + PROJECT_OPTIONS + READ_OPTIONS + """\
  --format FMT                text or json [default: text]
  --json                      same as --format json
  --no-color                  no colour even on a terminal
""" + STRICT_OPTION + LAST_OPTIONS + """
Finding ids: warmup-heavy, read-edit-ratio, build-folder-reads, redundant-rereads,
unused-mcp, mcp-deferral-off, mcp-alwaysload-hygiene, mcp-defer-threshold,
retry-heavy-capabilities, low-worth-sessions, context-heavy-sessions, cost-outliers,
claude-md-too-long, bash-output-cap, recurring-context, unused-agents, unused-skills,
unused-commands. Thresholds and lists: rules/optimize.toml.
"""

FORMATS = ("text", "json")
NOT_DETECTORS = ("constants", "health", "ranking")  # sections of rules/optimize.toml


def run(args: dict, env: Environment) -> ExitStatus:
    from codeburn.classify import ruleset
    from codeburn.optimize.rules import load_rules

    fmt = "json" if args["--json"] else check_format(args["--format"], FORMATS)
    rules = load_rules(ruleset.rules_dir(env.environ))
    ids = [k for k in rules if k not in NOT_DETECTORS]
    only = _ids(args["--only"], ids) if args["--only"] else None
    explain = _ids(args["--explain"], ids) if args["--explain"] else None
    tz = periods.resolve_zone(args["--timezone"], env.environ)
    now = env.clock()
    period = periods.select_period(args["--period"], args["--from"], args["--to"], None, now, tz, "30days")
    loaded = load(args, env, period, tz, stores=True)  # (one read of the period, as 0.9.20's)
    from codeburn.optimize import text
    from codeburn.optimize.analysis import analyze, empty_scan_lines
    from codeburn.report import jsjson

    result = analyze(loaded.usage, now, args["--provider"], env.home, env.environ, rules, only)
    warnings = loaded.warnings + result.warnings
    result.report["warnings"] = warnings
    emit_warnings(env, warnings)
    if explain:
        env.stdout.write(_explain(explain[0], rules, result))
    elif fmt == "json":
        env.stdout.write(jsjson.dumps(result.report) + "\n")
    elif not loaded.usage.sel.size:
        env.stdout.write("\n  No usage data found for this period.\n\n")
    else:
        env.stderr.write("  Analyzing your sessions...\n")  # (the reference's progress line, text only)
        env.stderr.flush()
        env.stdout.write(text.render(result.report, result.findings, result.copy.agent,
                                     result.copy.instruction_file, empty_scan_lines(args["--provider"], result.copy)))
    return loaded.status(args)


def _ids(value: str, known: list[str]) -> list[str]:
    out = [v.strip() for v in value.split(",") if v.strip()]
    bad = [v for v in out if v not in known]
    if bad or not out:
        raise UsageError(f'unknown finding id "{bad[0] if bad else value}"', hint="valid ids: " + ", ".join(known))
    return out


def _explain(fid: str, rules: dict, result) -> str:
    """The rule of one detector (its section of rules/optimize.toml) and,
    when it fired in this run, the values that made it fire."""
    from codeburn.optimize.detectors import DETECTORS

    doc = next(d[1] for d in DETECTORS if d[0] == fid).__doc__
    lines = [f"{fid}:"]
    for key, value in rules.get(fid, {}).items():
        lines.append(f"  {key} = {value!r}")
    hit = next((f for f in result.findings if f.id == fid), None)
    if hit is None:
        lines.append("  did not fire in this period")
    else:
        lines.append(f"  fired: {hit.impact}, ~{hit.tokens_saved} tokens ({hit.cls}, {hit.basis})")
        lines += [f"  because {w}" for w in hit.why]
    if doc:
        lines.insert(1, "  " + " ".join(doc.split()))
    return "\n".join(lines) + "\n"
