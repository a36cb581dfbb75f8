"""The classifier's rules, loaded from `rules/*.toml` (shipped as
`codeburn.rules`), checked, and compiled into one Hyperscan database.

Regex flavour: the reference runs JavaScript regexes with the `i` flag and
no `u` flag, so `\\b` and `\\w` are ASCII-only while `\\s` also matches Unicode
spaces. Hyperscan (UTF-8 mode, no UCP) and Python's `re.ASCII` already give
ASCII `\\b`/`\\w`; `\\s`/`\\S` are rewritten to explicit classes holding
JavaScript's whitespace set, for both engines. Case: JavaScript's `i` without
`u` folds no non-ASCII character onto an ASCII letter, as `re.ASCII` does, but
Hyperscan's caseless UTF-8 mode lets `k` match the Kelvin sign and `s` the long
s, so its patterns spell both cases of every ASCII letter instead.
"""
from __future__ import annotations

import hashlib
import os
import re
import tomllib
from importlib import resources
from typing import Mapping

from codeburn.errors import UsageError
from codeburn.jstext import JS_SPACE
from codeburn.plainclass import dataclass, field

ROLES = ("test", "git", "build", "install", "debug", "feature", "refactor", "brainstorm", "research", "file",
         "script", "url")
EXTRA_ROLES = ("self_correction", "user_correction")
TOOL_FLAGS = {"edit": 1, "read": 2, "bash": 4, "task": 8, "search": 16, "mcp": 32, "skill": 64,
              "plan_mode": 128, "agent_spawn": 256, "subagent": 1024}
F_ANY = 512
BASH_KEYS = ("prefixes", "ignored", "read_only", "git_read_only")
RULE_FILES = ("categories.toml", "tools.toml", "bash.toml", "self_corrections.toml", "providers.toml")
TRANSLATOR_VERSION = "2"

# JavaScript's \s: ASCII whitespace plus these Unicode spaces.
JS_SPACE_CODES = tuple(map(ord, JS_SPACE))


class RulesError(UsageError):
    """A bad rules file: names the file and line of the entry."""


@dataclass(frozen=True)
class Pattern:
    id: str
    role: str
    regex: str
    where: str  # file:line


@dataclass
class RuleSet:
    patterns: list[Pattern]
    tools: dict[str, list[str]]
    mcp_prefix: str
    bash: dict[str, list[str]]
    digest: str
    tool_names: dict[str, dict[str, str]] = field(default_factory=dict)  # provider -> native -> canonical
    texts: dict[str, str] = field(default_factory=dict)  # file name -> raw text

    @property
    def category_patterns(self) -> list[Pattern]:
        return [p for p in self.patterns if p.role in ROLES]

    def tool_flag_map(self) -> dict[str, int]:
        flags: dict[str, int] = {}
        for key, bit in TOOL_FLAGS.items():
            for name in self.tools.get(key, []):
                flags[name] = flags.get(name, 0) | bit
        return flags


def rules_dir(env: Mapping[str, str] | None = None) -> str:
    """CODEBURN_RULES_DIR overrides the rules shipped in the package."""
    override = (env or os.environ).get("CODEBURN_RULES_DIR")
    return override or str(resources.files("codeburn.rules"))


def digest(directory: str | None = None) -> str | None:
    """RuleSet.digest of the rules in `directory`, without parsing them
    (None when a file cannot be read: load() then names the problem)."""
    directory = directory or rules_dir()
    texts = []
    for name in sorted(RULE_FILES):
        try:
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                texts.append(f.read())
        except (OSError, ValueError):
            return None
    return hashlib.sha256("\0".join(texts).encode()).hexdigest()[:16]


def load(directory: str | None = None) -> RuleSet:
    directory = directory or rules_dir()
    texts = {}
    for name in RULE_FILES:
        path = os.path.join(directory, name)
        try:
            with open(path, encoding="utf-8") as f:
                texts[name] = f.read()
        except OSError as exc:
            raise RulesError(f"{path}: cannot read rules file: {exc.strerror}")
    data = {name: _parse(os.path.join(directory, name), text) for name, text in texts.items()}
    patterns = [*_patterns(directory, "categories.toml", data, texts), *_patterns(directory, "self_corrections.toml", data, texts)]
    tools, mcp_prefix = _tools(os.path.join(directory, "tools.toml"), data["tools.toml"])
    bash = _bash(os.path.join(directory, "bash.toml"), data["bash.toml"])
    names = _tool_names(os.path.join(directory, "providers.toml"), data["providers.toml"])
    digest = hashlib.sha256("\0".join(texts[k] for k in sorted(texts)).encode()).hexdigest()[:16]
    return RuleSet(patterns, tools, mcp_prefix, bash, digest, tool_names=names, texts=texts)


def _parse(path: str, text: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # "… (at line 3, column 16)" -> "path:3: … (column 16)", like the other errors
        m = re.search(r"^(.*) \(at line (\d+), column (\d+)\)$", str(exc))
        raise RulesError(f"{path}:{m[2]}: {m[1]} (column {m[3]})" if m else f"{path}: {exc}")


# An `id = "..."` line of a rules file (where an entry is, for messages).
_ID_LINE = re.compile(r'^\s*id\s*=\s*(["\'])(.*?)\1', re.M)


def _id_lines(text: str) -> dict[str, int]:
    """Line of each pattern id's first `id =` line: one pass (a regex per
    id cost ~7 ms on every run)."""
    lines: dict[str, int] = {}
    for m in _ID_LINE.finditer(text):
        lines.setdefault(m[2], text.count("\n", 0, m.start()) + 1)
    return lines


def _patterns(directory: str, name: str, data: dict, texts: dict) -> list[Pattern]:
    path = os.path.join(directory, name)
    out, seen, lines = [], set(), _id_lines(texts[name])
    for i, entry in enumerate(data[name].get("pattern", [])):
        pid = entry.get("id") if isinstance(entry, dict) else None
        where = f"{path}:{lines.get(pid, 0) if isinstance(pid, str) else '?'}"
        if not isinstance(pid, str) or not pid:
            raise RulesError(f"{path}: pattern #{i + 1} has no id")
        if pid in seen:
            raise RulesError(f"{where}: duplicate pattern id {pid!r}")
        seen.add(pid)
        role, regex = entry.get("role"), entry.get("regex")
        if role not in ROLES + EXTRA_ROLES:
            raise RulesError(f"{where}: pattern {pid!r} has unknown role {role!r} (roles: {', '.join(ROLES + EXTRA_ROLES)})")
        if not isinstance(regex, str) or not regex:
            raise RulesError(f"{where}: pattern {pid!r} has no regex")
        out.append(Pattern(pid, role, regex, where))
    return out


def check_regex(p: Pattern) -> re.Pattern:
    """The pattern compiled by `re`, or a RulesError naming file:line. Run
    when a Hyperscan database is built (a changed rules file changes the
    cache key, so every edited pattern passes through here), not per run."""
    try:
        return re.compile(python_regex(p.regex), re.IGNORECASE | re.ASCII)
    except (re.error, ValueError) as exc:
        raise RulesError(f"{p.where}: pattern {p.id!r}: bad regex: {exc}")


def _string_list(path: str, data: dict, key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RulesError(f"{path}: `{key}` must be a list of non-empty strings")
    return value


def _tools(path: str, data: dict) -> tuple[dict[str, list[str]], str]:
    unknown = set(data) - set(TOOL_FLAGS) - {"mcp_prefix"}
    if unknown:
        raise RulesError(f"{path}: unknown tool set {sorted(unknown)[0]!r} (sets: {', '.join(TOOL_FLAGS)})")
    prefix = data.get("mcp_prefix", "mcp__")
    if not isinstance(prefix, str):
        raise RulesError(f"{path}: `mcp_prefix` must be a string")
    return {k: _string_list(path, data, k) for k in TOOL_FLAGS if k in data}, prefix


def _bash(path: str, data: dict) -> dict[str, list[str]]:
    unknown = set(data) - set(BASH_KEYS)
    if unknown:
        raise RulesError(f"{path}: unknown key {sorted(unknown)[0]!r} (keys: {', '.join(BASH_KEYS)})")
    return {k: _string_list(path, data, k) for k in BASH_KEYS}


def _tool_names(path: str, data: dict) -> dict[str, dict[str, str]]:
    out = {}
    for provider, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) and k and v
                                                  for k, v in table.items()):
            raise RulesError(f"{path}: [{provider}] must map tool names to tool names (strings)")
        out[provider] = dict(table)
    return out


# --- regex translation -------------------------------------------------------

def _space_class(python: bool) -> str:
    if python:
        return "".join(f"\\u{c:04x}" for c in JS_SPACE_CODES)
    return "".join(f"\\x{{{c:x}}}" for c in JS_SPACE_CODES)


def _translate(regex: str, python: bool) -> str:
    """Rewrites \\s and \\S (outside and inside classes) to JavaScript's set."""
    space = _space_class(python)
    out, i, in_class = [], 0, False
    while i < len(regex):
        c = regex[i]
        if c == "\\" and i + 1 < len(regex):
            nxt = regex[i + 1]
            if nxt == "s":
                out.append(space if in_class else f"[{space}]")
            elif nxt == "S":
                if in_class:
                    raise ValueError("\\S inside a character class is not supported")
                out.append(f"[^{space}]")
            else:
                out.append(regex[i:i + 2])
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


def python_regex(regex: str) -> str:
    return _translate(regex, python=True)


def hyperscan_regex(regex: str) -> str:
    """The regex for a Hyperscan database compiled without HS_FLAG_CASELESS."""
    return _both_cases(_translate(regex, python=False))


# Escapes whose argument runs to a closing bracket: \x{..}, \p{..}, \k<..>.
_BRACED_ESCAPE = re.compile(r"\\(?:[xpPNo]\{[^}]*\}|k<[^>]*>|x[0-9A-Fa-f]{2}|c[A-Za-z]|u[0-9A-Fa-f]{4}|.)", re.S)
# Group openers whose letters are syntax, not text: (?<name>, (?P<name>, (?P=name), (?i) and (?i:.
_GROUP_SYNTAX = re.compile(r"\(\?(?:P?<(?![=!])[^>]*>|P=[^)]*\)|[a-zA-Z-]*[:)])")


def _both_cases(regex: str) -> str:
    """Every ASCII letter outside escapes and group syntax as both cases:
    `k` -> `[kK]`, and inside a class `[a-c]` -> `[a-cA-C]`."""
    out, i = [], 0
    while i < len(regex):
        c = regex[i]
        m = _BRACED_ESCAPE.match(regex, i) if c == "\\" else _GROUP_SYNTAX.match(regex, i) if c == "(" else None
        if m:
            out.append(m.group(0))
            i = m.end()
        elif c == "[":
            i = _class_both_cases(regex, i, out)
        else:
            out.append(f"[{c.lower()}{c.upper()}]" if c.isascii() and c.isalpha() else c)
            i += 1
    return "".join(out)


def _class_both_cases(regex: str, i: int, out: list[str]) -> int:
    """Copies the class opening at regex[i] with the other case of each
    ASCII letter it holds appended; returns the index after its `]`."""
    j = i + 1
    if regex.startswith("^", j):
        j += 1
    if regex.startswith("]", j):  # a leading ] is a literal
        j += 1
    items: list[tuple[int, int]] = []  # code point ranges, for the letters to add
    prev: int | None = None
    while j < len(regex) and regex[j] != "]":
        if regex[j] == "-" and prev is not None and j + 1 < len(regex) and regex[j + 1] != "]":
            hi, j = _class_char(regex, j + 1)
            if hi is not None:
                items.append((prev, hi))
            prev = None
            continue
        prev, j = _class_char(regex, j)
        if prev is not None:
            items.append((prev, prev))
    letters = {chr(c) for lo, hi in items for c in range(max(lo, 65), min(hi, 122) + 1) if chr(c).isalpha()}
    extra = sorted({c.swapcase() for c in letters} - letters)
    body = regex[i:j]
    out.append(body + "".join(extra) + ("]" if j < len(regex) else ""))
    return j + 1


def _class_char(regex: str, j: int) -> tuple[int | None, int]:
    """(code point of the class member at regex[j], or None for a class
    escape such as \\d; index after it)."""
    if regex[j] != "\\":
        return ord(regex[j]), j + 1
    m = _BRACED_ESCAPE.match(regex, j)
    text = m.group(0)
    if text.startswith(("\\x{", "\\u")) or (text.startswith("\\x") and len(text) == 4):
        return int(text.strip("\\xu{}"), 16), m.end()
    if len(text) == 2 and not text[1].isalnum():
        return ord(text[1]), m.end()
    return None, m.end()


def scanner_config(rules: RuleSet) -> tuple[dict[str, int], str, dict[str, list[str]]]:
    """Arguments for codeburn._fast.Scanner.configure."""
    return rules.tool_flag_map(), rules.mcp_prefix, rules.bash
