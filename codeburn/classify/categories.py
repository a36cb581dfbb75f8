"""Turn classification: prompts matched against one Hyperscan database,
then the reference's decision procedure (spec classifier-and-parser §1.5)
evaluated for all turns at once with numpy.

The reader hands over prompts back to back, each followed by '\\n', in one
arena. One Hyperscan scan covers a whole arena; a match counts for a turn
only when it lies entirely inside that turn's prompt, and the '\\n' between
prompts (a word boundary, and whitespace) keeps that exact (see
tests/test_classify.py: the Hyperscan path and a plain `re` path agree).
"""
from __future__ import annotations

import json
import os
from typing import Mapping

import numpy as np

from codeburn.cache.cachedir import cache_dir, write_atomic
from codeburn.classify.ruleset import F_ANY, ROLES, TOOL_FLAGS, TRANSLATOR_VERSION, Pattern, RuleSet, RulesError, \
    check_regex, hyperscan_regex
from codeburn.classify.widths import Alternative, alternatives
from codeburn.plainclass import dataclass, field

CATEGORIES = ("coding", "debugging", "feature", "refactoring", "testing", "exploration", "planning", "delegation",
              "git", "build/deploy", "conversation", "brainstorming", "general")
LABELS = {"coding": "Coding", "debugging": "Debugging", "feature": "Feature Dev", "refactoring": "Refactoring",
          "testing": "Testing", "exploration": "Exploration", "planning": "Planning", "delegation": "Delegation",
          "git": "Git Ops", "build/deploy": "Build/Deploy", "conversation": "Conversation",
          "brainstorming": "Brainstorming", "general": "General"}
CAT = {c: i for i, c in enumerate(CATEGORIES)}
ROLE = {r: i for i, r in enumerate(ROLES)}
NO_MATCH = np.iinfo(np.int32).max
# The roles whose leftmost starts classify() compares (_first_of); every
# other role counts by presence alone.
ORDERED = ("refactor", "feature", "debug")
# A database name's suffix for the patterns' alternatives without start tracking.
ENDS_TAG = "-ends"
F = TOOL_FLAGS


@dataclass(frozen=True)
class EndsDatabase:
    """The patterns split into their alternatives and compiled without
    start-of-match tracking: where each match ends, and for each
    alternative the bytes its matches span (widths.py)."""

    db: object
    role: np.ndarray  # alternative -> role index
    least: np.ndarray  # int64 bytes a match spans at least
    most: np.ndarray  # int64, at most
    newline: np.ndarray  # bool: may hold '\n', so may run across the separator

    @property
    def role64(self) -> np.ndarray:
        return self.role.astype(np.int64, copy=False)

    @property
    def newline8(self) -> np.ndarray:
        return self.newline.view(np.uint8)


@dataclass
class Matcher:
    """Leftmost start of every role in every prompt, via one database."""

    patterns: list[Pattern]
    db: object
    role_of: np.ndarray  # pattern index -> role index
    ends: EndsDatabase | None = None
    rules: RuleSet | None = None
    env: Mapping[str, str] | None = None
    # Matchers (start tracking only) of fewer roles, by roles: order()'s rescans.
    narrower: dict = field(default_factory=dict)

    @classmethod
    def build(cls, rules: RuleSet, env: Mapping[str, str] | None = None,
              roles: tuple[str, ...] | None = None, ends: bool = True) -> "Matcher":
        """A database of the category patterns, or of those of `roles` only;
        `ends`: with the database of their alternatives without start
        tracking (order() scans that first)."""
        pats = [p for p in rules.category_patterns if roles is None or p.role in roles]
        tag = _tag(rules.digest, roles)
        directory = cache_dir(env if env is not None else os.environ)
        db = _load_or_compile(pats, tag, directory)
        role_of = np.array([ROLE[p.role] for p in pats], dtype=np.intp)
        if not ends:
            return cls(pats, db, role_of, None, rules, env)
        table = _alternatives(rules)
        split = [(p, a) for p in pats for a in table[p.regex]]
        ends = EndsDatabase(
            _load_or_compile([Pattern(p.id, p.role, a.regex, p.where) for p, a in split], tag + ENDS_TAG, directory,
                             som=False),
            np.array([ROLE[p.role] for p, _ in split], dtype=np.intp),
            np.array([a.least for _, a in split], dtype=np.int64), np.array([a.most for _, a in split], dtype=np.int64),
            np.array([a.newline for _, a in split], dtype=bool))
        return cls(pats, db, role_of, ends, rules, env)

    def _narrower(self, roles: tuple[str, ...]) -> "Matcher":
        """The start-tracking matcher of these roles' patterns alone (a
        rescan of a few roles costs a fraction of one of every role)."""
        got = self.narrower.get(roles)
        if got is None:
            got = self.narrower[roles] = Matcher.build(self.rules, self.env, roles, ends=False)
        return got

    def order(self, arena: bytes, offsets: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """int32 [turns, roles]: NO_MATCH where a role does not match, else
        an offset in the prompt that orders the ORDERED roles of each prompt
        as their leftmost starts do (what classify() compares), the
        leftmost start itself where the ends alone fix it.

        One scan of the ends database (no start tracking) bounds each
        role's leftmost start. Then, by start-tracking scans of just the
        prompts and roles in doubt (positions() of a narrower database): a
        role whose only matches may have begun in the prompt before
        (`api\\s+\\S+` after a prompt ending in "api") gets its exact start,
        and the prompts where the bounds of two ORDERED roles overlap get
        those roles' exact starts. The other roles keep their bounds: only
        their presence, and the ORDERED roles' order, decide a category."""
        if self.ends is None or self.rules is None:
            return self.positions(arena, offsets, lengths)
        n = offsets.size
        out = np.full((n, len(ROLES)), NO_MATCH, dtype=np.int32)
        if not n or not arena:
            return out
        upper = np.full_like(out, NO_MATCH)
        _scan_ends(self.ends, arena, offsets, lengths, out, upper)
        again = (out != NO_MATCH) & (upper == NO_MATCH)  # a role seen only in matches that may have run across
        for r in np.flatnonzero(again.any(axis=0)).tolist():
            rows = np.flatnonzero(again[:, r])
            exact = self._narrower((ROLES[r],)).positions(*_sub_arena(arena, offsets[rows], lengths[rows]))[:, r]
            out[rows, r] = upper[rows, r] = exact
        present = [ROLE[r] for r in ORDERED if ROLE[r] in self.ends.role]
        redo = np.zeros(n, dtype=bool)
        for i, x in enumerate(present):
            for y in present[i + 1:]:
                redo |= (upper[:, x] != NO_MATCH) & (upper[:, y] != NO_MATCH) & (out[:, x] <= upper[:, y]) & (
                    out[:, y] <= upper[:, x])
        rows = np.flatnonzero(redo)
        if rows.size:
            exact = self._narrower(tuple(ROLES[x] for x in present)).positions(
                *_sub_arena(arena, offsets[rows], lengths[rows]))
            out[np.ix_(rows, present)] = exact[:, present]
        return out

    def positions(self, arena: bytes, offsets: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """int32 [turns, roles]: byte offset of each role's leftmost match in
        each prompt, NO_MATCH where it does not match. offsets are relative to arena.

        Hyperscan reports, for each end offset, the leftmost start of a match
        ending there. A match that runs across the separator into the next
        prompt can therefore hide a match of the same pattern that starts
        inside that prompt and ends at the same byte. Such prompts (rare: it
        takes a pattern that can cross the separator) are scanned again alone."""
        out = np.full((offsets.size, len(ROLES)), NO_MATCH, dtype=np.int32)
        if not offsets.size or not arena:
            return out
        ids, st, en = _scan(self.db, arena)
        if not ids.size:
            return out
        t_start = np.searchsorted(offsets, st, side="right") - 1
        t_end = np.searchsorted(offsets, en - 1, side="right") - 1
        inside = (t_start == t_end) & (t_start >= 0)
        inside[inside] = en[inside] <= offsets[t_end[inside]] + lengths[t_end[inside]]
        turn = t_start[inside]
        np.minimum.at(out, (turn, self.role_of[ids[inside]]), (st[inside] - offsets[turn]).astype(np.int32))
        from codeburn.aggregate.arrays import distinct  # (here: the classifier's helper process needs no agg kernels)

        for t in distinct(t_end[(t_start != t_end) & (t_end >= 0)]).tolist():
            a = int(offsets[t])
            i2, s2, _ = _scan(self.db, arena[a:a + int(lengths[t])])
            out[t] = NO_MATCH
            np.minimum.at(out[t], self.role_of[i2], s2.astype(np.int32))
        return out


def class_matchers(rules: RuleSet, env: Mapping[str, str] | None) -> list[Matcher | None]:
    """One Matcher per class of prompts (prompt_classes.text_classes), None
    for the class that needs no roles."""
    from codeburn.classify.prompt_classes import text_classes

    return [Matcher.build(rules, env, roles) if roles else None for roles in text_classes()[1]]


def categorize(matchers: list[Matcher | None], flags: np.ndarray, cls: np.ndarray, off: np.ndarray,
               ln: np.ndarray, arenas: list[tuple[bytes, int]]) -> np.ndarray:
    """The category of each turn of a batch: its tool flags, its prompt's
    class, and the prompt's offset (absolute) and length in its class's
    arena, arenas[class] being (arena, absolute offset of its first byte)."""
    pos = np.full((flags.size, len(ROLES)), NO_MATCH, dtype=np.int32)
    for c, matcher in enumerate(matchers):
        arena, base = arenas[c]
        rows = np.flatnonzero(cls == c)
        if matcher is not None and rows.size:
            pos[rows] = matcher.order(arena, off[rows] - base, ln[rows])
    return classify(flags, pos)


def _scan(db, data: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(pattern ids, starts, ends) of every match Hyperscan reports,
    collected by a compiled handler (a Python function per match cost
    more than the scan itself on keyword-dense prompts)."""
    from codeburn._fast.reader import MatchSink

    sink = MatchSink()
    if data:
        db.scan(data, match_event_handler=sink)
    ids, starts, ends = sink.take()
    return ids.astype(np.intp, copy=False), starts, ends


def _tag(digest: str, roles: tuple[str, ...] | None) -> str:
    """A database's name: the rules, and the roles it holds (none: all)."""
    return digest + ("" if roles is None else "-" + "+".join(sorted(roles)))


def rescan_roles(classes: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The role sets Matcher.order() may rescan prompts of a class with:
    each role alone, and the class's ORDERED roles together."""
    out: list[tuple[str, ...]] = []
    for roles in classes:
        ordered = tuple(r for r in ORDERED if r in roles)
        for want in [(r,) for r in roles] + ([ordered] if len(ordered) > 1 else []):
            if want not in out:
                out.append(want)
    return out


def _scan_ends(ends: EndsDatabase, arena: bytes, offsets: np.ndarray, lengths: np.ndarray, out: np.ndarray,
               upper: np.ndarray) -> None:
    """One scan of the ends database over the arena, folded into out and
    upper (Matcher.order) by a compiled handler as the matches come."""
    from codeburn._fast.reader import EndsSink

    sink = EndsSink(np.ascontiguousarray(offsets, dtype=np.int64), np.ascontiguousarray(lengths, dtype=np.int64),
                    ends.role64, ends.least, ends.most, ends.newline8, out, upper)
    ends.db.scan(arena, match_event_handler=sink)


def _sub_arena(arena: bytes, offsets: np.ndarray, lengths: np.ndarray) -> tuple[bytes, np.ndarray, np.ndarray]:
    """These prompts alone, back to back with the reader's separator."""
    parts = [arena[a:a + n] for a, n in zip(offsets.tolist(), lengths.tolist())]
    at = np.zeros(len(parts), dtype=np.int64)
    np.cumsum(lengths[:-1].astype(np.int64) + 1, out=at[1:])
    return b"\n".join(parts) + b"\n", at, lengths


# Databases already loaded in this process, by cache path. Besides saving the
# load, this keeps repeated scans in one process (library use, benches) from
# building a Scratch each time: the hyperscan binding leaks 40 bytes per
# Scratch (LeakSanitizer: 5 per scan, gone with this).
_LOADED: dict[str, object] = {}
# Where the build puts the bundled rules' databases (write_shipped).
SHIPPED_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "_fast")


def _load_or_compile(patterns: list[Pattern], digest: str, directory: str, som: bool = True):
    import hyperscan

    name = database_name(digest, getattr(hyperscan, "__version__", "?"))
    shipped, cached = os.path.join(SHIPPED_DIR, name), os.path.join(directory, name)
    # Reused while its file is there: after `cache clear` the next scan writes it again.
    for path in (shipped, cached):
        if path in _LOADED and os.path.exists(path):
            return _LOADED[path]
    # The database built with the package for the bundled rules
    # (write_shipped, at build time), if this host can load it: compiling
    # them costs a first run about 0.4 s.
    db = _load_file(shipped)
    if db is not None:
        _LOADED[shipped] = db
        return db
    _LOADED[cached] = _read_or_build(patterns, cached, som)
    return _LOADED[cached]


# Each category pattern's alternatives, by rules digest: parsing them costs
# ~0.1 ms each, so the build writes the bundled rules' table (write_shipped)
# and other rules are worked out once per process.
_SPLITS: dict[str, dict[str, list[Alternative]]] = {}


def _alternatives(rules: RuleSet) -> dict[str, list[Alternative]]:
    table = _SPLITS.get(rules.digest)
    if table is None:
        table = _read_widths(os.path.join(SHIPPED_DIR, widths_name(rules.digest)))
        for p in rules.category_patterns:
            if p.regex not in table:
                check_regex(p)  # a bad pattern named by file and line, not by the parser
                table[p.regex] = alternatives(p.regex)
        _SPLITS[rules.digest] = table
    return table


def _read_widths(path: str) -> dict[str, list[Alternative]]:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        return {regex: [Alternative(a, int(least), int(most), bool(nl)) for a, least, most, nl in alts]
                for regex, alts in data.items()}
    except (OSError, ValueError, TypeError):  # none shipped, or not ours: worked out instead
        return {}


def widths_name(digest: str) -> str:
    """The file name of the bundled rules' alternatives table."""
    return f"widths-{digest}-t{TRANSLATOR_VERSION}.json"


def database_name(tag: str, hs_version: str) -> str:
    """The file name of a compiled database: its patterns' tag, and the
    Hyperscan and translator versions that wrote it."""
    return f"rules-{tag}-hs{hs_version}-t{TRANSLATOR_VERSION}.hsdb"


def _load_file(path: str):
    import hyperscan

    try:
        with open(path, "rb") as f:
            db = hyperscan.loadb(f.read(), hyperscan.HS_MODE_BLOCK)
        db.scratch = hyperscan.Scratch(db)  # a loaded database comes without one
        return db
    except (OSError, hyperscan.error):  # missing, foreign (another CPU) or corrupt
        return None


def _read_or_build(patterns: list[Pattern], path: str, som: bool):
    import hyperscan

    db = _load_file(path)
    if db is not None:
        return db
    db = compile_database(patterns, som)
    write_atomic(path, [hyperscan.dumpb(db)])  # unwritable: a compile per run, nothing more
    return db


def write_shipped(rules_directory: str, out_dir: str) -> list[str]:
    """Compiles the databases a scan of the rules in `rules_directory` uses
    (one per class of prompts, prompt_classes.text_classes) into out_dir,
    named as Matcher.build looks them up. Run by setup.py at build time for
    the bundled rules; returns the files written."""
    import hyperscan

    from codeburn.classify.prompt_classes import text_classes
    from codeburn.classify.ruleset import load

    rules = load(rules_directory)
    table = {p.regex: alternatives(p.regex) for p in rules.category_patterns}
    path = os.path.join(out_dir, widths_name(rules.digest))
    with open(path, "w", encoding="utf-8") as f:
        json.dump({regex: [[a.regex, a.least, a.most, a.newline] for a in alts] for regex, alts in table.items()}, f)
    written = [path]
    version = getattr(hyperscan, "__version__", "?")

    def write(patterns: list[Pattern], name: str, som: bool) -> None:
        path = os.path.join(out_dir, database_name(name, version))
        with open(path, "wb") as f:
            f.write(hyperscan.dumpb(compile_database(patterns, som)))
        written.append(path)

    classes = [roles for roles in text_classes()[1] if roles]
    for roles in classes:
        pats = [p for p in rules.category_patterns if p.role in roles]
        write(pats, _tag(rules.digest, roles), True)
        write([Pattern(p.id, p.role, a.regex, p.where) for p in pats for a in table[p.regex]],
              _tag(rules.digest, roles) + ENDS_TAG, False)
    have = {_tag(rules.digest, roles) for roles in classes}
    for roles in rescan_roles(classes):
        if _tag(rules.digest, roles) not in have:
            write([p for p in rules.category_patterns if p.role in roles], _tag(rules.digest, roles), True)
    return written


def compile_database(patterns: list[Pattern], som: bool = True):
    """One database of `patterns`, reporting each match's leftmost start
    (som) or its end only. Case: ruleset.hyperscan_regex spells it out."""
    import hyperscan

    for p in patterns:
        check_regex(p)  # the clearer message first: `re` says what is wrong
    flags = hyperscan.HS_FLAG_UTF8 | (hyperscan.HS_FLAG_SOM_LEFTMOST if som else 0)
    exprs = [hyperscan_regex(p.regex).encode() for p in patterns]
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    try:
        db.compile(expressions=exprs, ids=list(range(len(exprs))), elements=len(exprs), flags=[flags] * len(exprs))
    except hyperscan.error as exc:
        bad = _first_bad(patterns, flags)
        where = f"{bad.where}: pattern {bad.id!r}" if bad else "rules"
        raise RulesError(f"{where}: Hyperscan cannot compile it: {exc}")
    return db


def _first_bad(patterns: list[Pattern], flags: int) -> Pattern | None:
    import hyperscan

    for p in patterns:
        try:
            hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK).compile(
                expressions=[hyperscan_regex(p.regex).encode()], ids=[0], elements=1, flags=[flags])
        except hyperscan.error:
            return p
    return None


class ReMatcher:
    """The same roles with Python's `re` (reference path for tests and `rules explain`)."""

    def __init__(self, rules: RuleSet):
        self.patterns = rules.category_patterns
        self.compiled = [check_regex(p) for p in self.patterns]

    def matches(self, text: str) -> list[tuple[Pattern, int]]:
        """(pattern, byte offset of its leftmost match) for each pattern that matches."""
        return [(p, off) for p, off, _ in self.matches_with_text(text)]

    def matches_with_text(self, text: str) -> list[tuple[Pattern, int, str]]:
        out = []
        for p, rx in zip(self.patterns, self.compiled):
            m = rx.search(text)
            if m:
                out.append((p, len(text[:m.start()].encode("utf-8", "surrogateescape")), m.group(0)))
        return out

    def positions(self, texts: list[str]) -> np.ndarray:
        out = np.full((len(texts), len(ROLES)), NO_MATCH, dtype=np.int32)
        for t, text in enumerate(texts):
            for p, pos in self.matches(text):
                r = ROLE[p.role]
                out[t, r] = min(out[t, r], pos)
        return out


# --- decision procedure --------------------------------------------------------

def _first_of(pos: np.ndarray, candidates: list[tuple[str, str]], default: np.ndarray) -> np.ndarray:
    """firstMatchingCategory: the candidate role with the smallest match
    start wins; ties go to the one listed first."""
    out = default.copy()
    best = np.full(pos.shape[0], NO_MATCH, dtype=np.int64)
    for role, cat in candidates:
        p = pos[:, ROLE[role]].astype(np.int64)
        better = p < best
        out[better] = CAT[cat]
        best = np.minimum(best, p)
    return out


def conversation(pos: np.ndarray) -> np.ndarray:
    """classifyConversation (§1.5 E), for every turn."""
    has = lambda role: pos[:, ROLE[role]] != NO_MATCH  # noqa: E731
    cat = np.full(pos.shape[0], CAT["conversation"], dtype=np.int8)
    cat = np.where(has("url"), CAT["exploration"], cat)
    cat = np.where(has("script") | has("file"), CAT["coding"], cat)
    fd = _first_of(pos, [("feature", "feature"), ("debug", "debugging")], cat)
    cat = np.where(has("feature") | has("debug"), fd, cat)
    cat = np.where(has("research"), CAT["exploration"], cat)
    cat = np.where(has("brainstorm"), CAT["brainstorming"], cat)
    return cat.astype(np.int8)


def classify(flags: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Category index of each turn from its tool flags and prompt matches."""
    n = flags.size
    has = lambda role: pos[:, ROLE[role]] != NO_MATCH  # noqa: E731
    f = lambda name: (flags & F[name]) != 0  # noqa: E731
    edit, bash, read = f("edit"), f("bash"), f("read")
    # B: tool pattern, first rule that applies wins (evaluated last-to-first).
    tool = np.full(n, -1, dtype=np.int8)
    for cond, cat in reversed([
        (f("plan_mode"), "planning"), (f("agent_spawn"), "delegation"),
        (bash & ~edit & has("test"), "testing"), (bash & ~edit & has("git"), "git"),
        (bash & ~edit & (has("build") | has("install")), "build/deploy"),
        (edit, "coding"), (bash & read, "exploration"), (bash, "coding"),
        (f("search") | f("mcp"), "exploration"), (read, "exploration"), (f("task"), "planning"),
        (f("skill"), "general"),
    ]):
        tool = np.where(cond, CAT[cat], tool)
    # C: keyword refinement of coding and exploration.
    coding = _first_of(pos, [("refactor", "refactoring"), ("feature", "feature"), ("debug", "debugging")],
                       np.full(n, CAT["coding"], dtype=np.int8))
    explore = np.where(has("research"), CAT["exploration"], np.where(has("debug"), CAT["debugging"], CAT["exploration"]))
    refined = np.where(tool == CAT["coding"], coding, np.where(tool == CAT["exploration"], explore, tool))
    # A and B11: no tools, or no rule applied -> the text-only classifier.
    no_tools = (flags & F_ANY) == 0
    return np.where(no_tools | (tool < 0), conversation(pos), refined).astype(np.int8)


# --- one turn, explained (`codeburn rules explain`) ----------------------------

def explain(flags: int, pos: np.ndarray) -> tuple[str, str]:
    """(category, the step of spec §1.5 that decided it) for one turn; the
    same procedure as classify(), written out step by step for people."""
    has = lambda role: pos[ROLE[role]] != NO_MATCH  # noqa: E731
    f = lambda name: bool(flags & F[name])  # noqa: E731
    if not flags & F_ANY:
        cat, why = _explain_conversation(pos)
        return cat, f"A (no tools) -> text only: {why}"
    tool, rule = _tool_rule(f, has)
    if tool is None:
        cat, why = _explain_conversation(pos)
        return cat, f"B11 (no tool rule applies) -> text only: {why}"
    if tool == "coding":
        cands = [("refactor", "refactoring"), ("feature", "feature"), ("debug", "debugging")]
        hit = _first(pos, cands)
        role = next((r for r, c in cands if c == hit), None)
        return (hit or "coding"), f"{rule} -> coding; C: " + (
            f"{role} keyword first (offset {pos[ROLE[role]]}) -> {hit}" if hit else "no refactor/feature/debug keyword")
    if tool == "exploration":
        if has("research"):
            return "exploration", f"{rule} -> exploration; C: research keyword"
        if has("debug"):
            return "debugging", f"{rule} -> exploration; C: debug keyword and no research keyword"
        return "exploration", f"{rule} -> exploration; C: no research/debug keyword"
    return tool, rule


def _tool_rule(f, has) -> tuple[str | None, str]:
    bash_only = f("bash") and not f("edit")
    for cond, cat, rule in (
        (f("plan_mode"), "planning", "B1 plan mode tool"), (f("agent_spawn"), "delegation", "B2 agent spawn"),
        (bash_only and has("test"), "testing", "B3 bash without edits + test keyword"),
        (bash_only and has("git"), "git", "B3 bash without edits + git keyword"),
        (bash_only and has("build"), "build/deploy", "B3 bash without edits + build keyword"),
        (bash_only and has("install"), "build/deploy", "B3 bash without edits + install keyword"),
        (f("edit"), "coding", "B4 edit tool"), (f("bash") and f("read"), "exploration", "B5 bash and read tools"),
        (f("bash"), "coding", "B6 bash tool"), (f("search") or f("mcp"), "exploration", "B7 search or MCP tool"),
        (f("read"), "exploration", "B8 read tool"), (f("task"), "planning", "B9 task tool"),
        (f("skill"), "general", "B10 Skill tool"),
    ):
        if cond:
            return cat, rule
    return None, ""


def _first(pos: np.ndarray, candidates: list[tuple[str, str]]) -> str | None:
    best, out = NO_MATCH, None
    for role, cat in candidates:
        if pos[ROLE[role]] < best:
            best, out = pos[ROLE[role]], cat
    return out


def _explain_conversation(pos: np.ndarray) -> tuple[str, str]:
    has = lambda role: pos[ROLE[role]] != NO_MATCH  # noqa: E731
    if has("brainstorm"):
        return "brainstorming", "E1 brainstorm keyword"
    if has("research"):
        return "exploration", "E2 research keyword"
    hit = _first(pos, [("feature", "feature"), ("debug", "debugging")])
    if hit:
        return hit, "E3 feature/debug keyword, earliest wins"
    if has("file"):
        return "coding", "E4 file extension"
    if has("script"):
        return "coding", "E5 script keyword"
    if has("url"):
        return "exploration", "E6 URL"
    return "conversation", "E7 nothing matched"
