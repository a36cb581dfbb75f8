"""codeburn rules: look into the classifier's rules.

Usage:
  codeburn rules explain [--tools NAMES] [options] [--] <text>
  codeburn rules check [options]

  explain  the task category the rules give a prompt (with the tools the
           turn used), the step of the decision procedure that chose it,
           and every pattern that matched; the prompt is cut to its first
           2,000 UTF-16 units, as a turn's prompt is (a prompt that begins
           with "-" goes after `--`)
  check    validate the rules files (TOML, ids, roles, every regex) and
           compile them; a bad entry is named by file:line

Options:
  --tools NAMES   comma-separated tool names the turn used, e.g. Edit,Bash
  --format FMT    text or json [default: text]
  --no-color      no colour even on a terminal
  --verbose       more detail on stderr
  --traceback     show the full traceback of an error
  -h, --help      show this help

The rules are read from CODEBURN_RULES_DIR when it is set, else from the
rules shipped inside the package.
"""
from __future__ import annotations

from codeburn.commands.common import check_format
from codeburn.env import Environment
from codeburn.safetext import visible
from codeburn.status import ExitStatus


PROMPT_UNITS = 2000  # a turn's prompt is its first 2,000 UTF-16 units (the reader's CAP_TEXT)


def run(args: dict, env: Environment) -> ExitStatus:
    from codeburn.classify import ruleset

    fmt = check_format(args["--format"], ("text", "json"))
    directory = ruleset.rules_dir(env.environ)
    rules = ruleset.load(directory)
    if args["check"]:
        return _check(rules, directory, env, fmt)
    return _explain(rules, args["<text>"], args["--tools"] or "", env, fmt)


def _check(rules, directory: str, env: Environment, fmt: str) -> ExitStatus:
    from codeburn.classify.categories import compile_database
    from codeburn.report import jsjson

    compile_database(rules.category_patterns)
    compile_database([p for p in rules.patterns if p not in rules.category_patterns])
    tools = sum(len(v) for v in rules.tools.values())
    if fmt == "json":
        env.stdout.write(jsjson.dumps({"ok": True, "directory": directory, "patterns": len(rules.patterns),
                                       "tools": tools, "digest": rules.digest}) + "\n")
    else:
        env.stdout.write(visible(f"rules OK: {len(rules.patterns)} patterns, {tools} tool names in {directory}") + "\n")
    return ExitStatus.OK


def _explain(rules, text: str, tool_list: str, env: Environment, fmt: str) -> ExitStatus:
    import numpy as np

    from codeburn.classify.categories import LABELS, Matcher, ReMatcher, explain
    from codeburn.classify.ruleset import F_ANY, TOOL_FLAGS
    from codeburn.jstext import js_len, js_prefix
    from codeburn.report import jsjson

    units = js_len(text)
    text = js_prefix(text, PROMPT_UNITS)  # as the reader cuts a turn's prompt (cb_decode.h CAP_TEXT)
    tools = [t.strip() for t in tool_list.split(",") if t.strip()]
    flag_map = rules.tool_flag_map()
    flags = 0
    for t in tools:
        flags |= F_ANY | flag_map.get(t, 0) | (TOOL_FLAGS["mcp"] if t.startswith(rules.mcp_prefix) else 0)
    data = text.encode("utf-8", "surrogateescape")
    pos = Matcher.build(rules, env.environ).positions(data, np.zeros(1, np.int64), np.array([len(data)], np.int32))
    category, why = explain(flags, pos[0])
    matches = sorted(ReMatcher(rules).matches_with_text(text), key=lambda x: (x[1], x[0].id))
    classes = {t: sorted(k for k, bit in TOOL_FLAGS.items() if flag_map.get(t, 0) & bit) for t in tools}
    if fmt == "json":
        env.stdout.write(jsjson.dumps({
            "category": LABELS[category], "categoryId": category, "decidedBy": why,
            "promptUnits": units, "cutAt": PROMPT_UNITS if units > PROMPT_UNITS else None,
            "tools": [{"name": t, "classes": classes[t]} for t in tools],
            "matches": [{"id": p.id, "role": p.role, "offset": off, "text": m, "where": p.where}
                        for p, off, m in matches]}) + "\n")
        return ExitStatus.OK
    out = [f"category    {LABELS[category]} ({category})", f"decided by  {why}"]
    if units > PROMPT_UNITS:
        out.append(f"prompt      cut to its first {PROMPT_UNITS:,} of {units:,} UTF-16 units, as a turn's prompt is")
    if tools:
        out.append("tools       " + ", ".join(f"{t} [{' '.join(classes[t]) or 'no class'}]" for t in tools))
    out.append("matches" if matches else "matches     none")
    for p, off, m in matches:
        out.append(f"  {p.role:<10} {p.id:<12} byte {off:<5} {m!r}  ({p.where})")
    env.stdout.write("\n".join(visible(line) for line in out) + "\n")  # tool names and text are the user's
    return ExitStatus.OK

