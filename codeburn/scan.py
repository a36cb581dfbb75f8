"""Discovery + compiled read: sources in, call columns out.

The order files are scanned in decides which copy of a message id counts
(cross-file dedup, spec §3.5), so it is the discovery order, always.
Problems never stop a scan: each is counted per kind and summarised as a
warning that names the first place it happened.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterable, Mapping

import numpy as np

from codeburn import ruleset
from codeburn._fast import Scanner
from codeburn.classify import NO_MATCH, ROLES, Matcher, classify, text_classes
from codeburn.providers import PROVIDERS, claude, codex
from codeburn.providers import discover as discover_providers
from codeburn.providers.base import Source, Walker

SNIFF_BYTES = 64 * 1024
CLASSIFY_BATCH_BYTES = 1 << 20  # prompts gathered before one Hyperscan scan
PART_BYTES = 32 << 20  # a file of two or more of these is read by several threads, a part each
CODEX_MARKERS = (b'"type":"session_meta"', b'"type":"response_item"', b'"type":"event_msg"', b'"type":"turn_context"')

# Line problems that are warned about: (stat key, what to call it).
LINE_PROBLEMS = (
    ("invalid", "invalid JSON lines skipped"),
    ("bad_number", "records with invalid token counts skipped"),
    ("too_large", "oversized lines skipped (structure over 8 MB)"),
)


@dataclass
class ScanResult:
    sources: list[Source]
    cwd: list[str | None]               # first non-empty cwd per source
    cols: dict[str, np.ndarray]         # call / tool / shell / subagent / turn columns
    strings: list[str]                  # interned strings the id columns point into
    stats: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class _Problems:
    """Per-kind tallies of what was skipped, for the warnings list."""

    def __init__(self) -> None:
        self.lines: dict[str, list] = {k: [0, 0, None] for k, _ in LINE_PROBLEMS}  # files, count, first
        self.unreadable: list[tuple[str, str]] = []
        self.not_sessions: list[str] = []

    def add_file(self, path: str, stats: dict) -> None:
        if stats.get("not_session"):
            self.not_sessions.append(path)
        for key, _ in LINE_PROBLEMS:
            n = stats.get(key, 0)
            if n:
                tally = self.lines[key]
                tally[0] += 1
                tally[1] += n
                if tally[2] is None:
                    tally[2] = f"{shown(path)}:{stats.get('first_bad_line') or '?'}"

    def messages(self) -> list[str]:
        out = []
        for key, what in LINE_PROBLEMS:
            files, count, first = self.lines[key]
            if count:
                out.append(f"{_plural(files, 'file')}: {count} {what}; first at {first}")
        if self.not_sessions:
            more = f" (and {len(self.not_sessions) - 1} more)" if len(self.not_sessions) > 1 else ""
            out.append(f"{_plural(len(self.not_sessions), 'file')} skipped: not a Codex session (the first line is "
                       f"not session_meta): {shown(self.not_sessions[0])}{more}")
        if self.unreadable:
            path, reason = self.unreadable[0]
            more = f" (and {len(self.unreadable) - 1} more)" if len(self.unreadable) > 1 else ""
            out.append(f"{_plural(len(self.unreadable), 'path')} could not be read: {shown(path)}: {reason}{more}")
        return out


def shown(path: str) -> str:
    """A path as a warning line shows it: undecodable bytes as \\xNN and
    control characters escaped, so one warning stays one line."""
    out = []
    for ch in path:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:          # a byte os.fsdecode could not decode
            out.append(f"\\x{o - 0xDC00:02x}")
        elif o < 0x20 or o == 0x7F or 0xD800 <= o <= 0xDFFF:
            out.append(ch.encode("unicode_escape", "backslashreplace").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def discover_default(env: Mapping[str, str], home: str, walker: Walker, providers: Iterable[str]) -> list[Source]:
    return discover_providers(env, home, walker, providers)


def discover_paths(paths: Iterable[str], walker: Walker, warnings: list[str]) -> list[Source]:
    """`codeburn scan PATH…`: the given files, and every *.jsonl below given dirs."""
    sources = []
    for path in paths:
        if os.path.isdir(path):
            files = walker.files_below(path, ".jsonl")
        elif os.path.exists(path):
            files = [path]
        else:
            walker.errors.append((path, "No such file or directory"))
            continue
        for f in files:
            sources.append(codex.source(f) if sniff(f) == "codex" else _source_for_path(f))
    return sources


def sniff(path: str) -> str:
    """Provider of a JSONL file from its first bytes ('claude' unless it looks like Codex)."""
    try:
        with open(path, "rb") as f:
            head = f.read(SNIFF_BYTES)
    except OSError:
        return "claude"  # the scan itself reports the read error
    compact = head.replace(b'": "', b'":"')
    return "codex" if any(m in compact for m in CODEX_MARKERS) else "claude"


def _source_for_path(path: str) -> Source:
    """Project = the slug dir under `projects/`, else the file's folder name."""
    parts = os.path.abspath(path).split(os.sep)
    session = os.path.basename(path)
    session = session[:-6] if session.endswith(".jsonl") else session
    sidechain = "subagents" in parts[:-1]
    if "projects" in parts[:-2]:
        i = len(parts) - 3 - parts[:-2][::-1].index("projects")  # last "projects" with a slug after it
        slug_dir = os.sep.join(parts[: i + 2])
        project = parts[i + 1]
    else:
        slug_dir = os.path.dirname(os.path.abspath(path))
        project = os.path.basename(slug_dir) or slug_dir
    agent = claude.subagent_type(path) if sidechain else None
    return Source("claude", path, project, session, slug_dir, agent_type=agent, sidechain=sidechain)


def make_scanner(rules: ruleset.RuleSet, keep_prompts: bool = True) -> Scanner:
    """A reader applying the rules; without keep_prompts it files no prompt
    for the keyword matcher (turn categories are then not computed)."""
    scanner = Scanner()
    lut, classes = text_classes()
    if not keep_prompts:
        lut = bytes(len(lut))
    scanner.configure(*ruleset.scanner_config(rules), lut, len(classes))
    scanner.set_codex_names(rules.tool_names.get("codex", {}))
    return scanner


class _TurnClassifier:
    """Classifies the reader's finished turns in batches. The reader files
    each prompt under the class of roles its tools leave open
    (classify.text_classes); per batch, each class's arena (about a
    megabyte of prompts at most) is scanned once by a database of just
    those roles' patterns, then the decision procedure runs in numpy."""

    def __init__(self, scanner: Scanner, rules: ruleset.RuleSet, environ: Mapping[str, str]):
        self.scanner = scanner
        _, classes = text_classes()
        self.matchers = [Matcher.build(rules, environ, roles) if roles else None for roles in classes]
        self.done = 0
        self.parts: list[np.ndarray] = []

    def maybe_flush(self, force: bool = False) -> None:
        if not force and self.scanner.pending_text_bytes < CLASSIFY_BATCH_BYTES:
            return
        flags, cls, off, ln = self.scanner.turns_since(self.done)
        self.done += flags.size
        pos = np.full((flags.size, len(ROLES)), NO_MATCH, dtype=np.int32)
        for c, matcher in enumerate(self.matchers):
            arena, base = self.scanner.take_texts(c)
            rows = np.flatnonzero(cls == c)
            if matcher is not None and rows.size:
                pos[rows] = matcher.positions(arena, off[rows] - base, ln[rows])
        self.parts.append(classify(flags, pos))

    def categories(self) -> np.ndarray:
        self.maybe_flush(force=True)
        return np.concatenate(self.parts) if self.parts else np.zeros(0, dtype=np.int8)


def _settle_openai_cache_writes(cols: dict, strings: list[str]) -> None:
    """OpenAI-style cache writes (inside the uncached input) become cache
    writes only for models whose price row has an explicit cache-write rate;
    otherwise they stay plain input (spec providers §1.2)."""
    rows = np.flatnonzero(cols["openai_cw"] > 0)
    if not rows.size:
        return
    from codeburn import pricing

    table = pricing.PriceTable.default()
    explicit = {m: bool((c := table.lookup(strings[m])) and c.cache_write_explicit)
                for m in np.unique(cols["model"][rows]).tolist()}
    move = rows[np.array([explicit[m] for m in cols["model"][rows].tolist()], dtype=bool)]
    cols["input"][move] -= cols["openai_cw"][move]
    cols["cache_write"][move] += cols["openai_cw"][move]


def _decoders(sources: list[Source], rules: ruleset.RuleSet, jobs: int, cache):
    """Where the main reader gets its Claude Code files decoded: the cache,
    else `jobs` threads (or the calling thread). Codex files are read by the
    main reader itself (their calls depend on earlier files as they go)."""
    from codeburn import parallel

    plan = _ClaudeDecoding(sources, rules, jobs, cache)
    ready = {idx: plan.load for idx in plan.unchanged}
    tasks = sum(plan.parts.get(idx, 1) for idx in plan.todo)
    if jobs < 2 or tasks < 2:
        return parallel.Serial(plan.make, plan.decode, plan.todo, ready)
    return parallel.Decoders(plan.make, plan.decode, plan.todo, min(jobs, tasks), ready, plan.parts, plan.join)


class _ClaudeDecoding:
    """Which Claude Code files the cache has unchanged (settled first, in
    this thread: the main reader loads those itself when it reaches them,
    which costs less than handing them to a thread), which are decoded (a
    grown file resuming from its cached part), and which of those are large
    enough to be read in parts by several threads."""

    def __init__(self, sources: list[Source], rules: ruleset.RuleSet, jobs: int, cache):
        self.rules, self.cache = rules, cache
        self.paths = {i: s.path for i, s in enumerate(sources) if PROVIDERS[s.provider].KIND == "claude"}
        self.stats: dict[int, os.stat_result | None] = {}
        for idx, path in self.paths.items():
            try:
                self.stats[idx] = os.stat(path)
            except OSError:
                self.stats[idx] = None  # the read reports it
        self.unchanged = {idx for idx, st in self.stats.items()
                          if cache is not None and st is not None and cache.unchanged(self.paths[idx], st)}
        self.todo = {idx: path for idx, path in self.paths.items() if idx not in self.unchanged}
        self.parts = {idx: -(-st.st_size // PART_BYTES) for idx in self.todo
                      if jobs > 1 and (st := self.stats[idx]) is not None and st.st_size >= 2 * PART_BYTES
                      and (cache is None or not cache.known(self.paths[idx]))}
        self.fallback: Scanner | None = None

    def make(self) -> Scanner:
        return make_scanner(self.rules, keep_prompts=False)

    def decode(self, scanner: Scanner, idx: int, part: int):
        """File idx decoded (its part'th part when it is read in parts)."""
        path, st, cache = self.paths[idx], self.stats[idx], self.cache
        if idx in self.parts:
            stop = (part + 1) * PART_BYTES if part + 1 < self.parts[idx] else -1
            return scanner.decode_part(path, idx, part * PART_BYTES, stop)
        prior, resume_at = cache.get(path, st) if cache is not None and st is not None else (None, 0)
        if prior is not None and not resume_at:
            return prior
        return self._keep(idx, scanner.decode_file(path, idx, prior, resume_at))

    def join(self, idx: int, pieces: list):
        """The parts of file idx, in order, as one decoded file."""
        whole = pieces[0]
        whole.append(pieces[1:])
        return self._keep(idx, whole)

    def load(self, idx: int):
        """An unchanged file from the cache (decoded here if its entry is damaged)."""
        if self.fallback is None:
            self.fallback = self.make()
        return self.decode(self.fallback, idx, 0)

    def _keep(self, idx: int, decoded):
        if self.cache is not None and self.stats[idx] is not None:
            self.cache.put(self.paths[idx], self.stats[idx], decoded)
        return decoded


def _after_file(src: Source, idx: int, scanner: Scanner, turns, problems: "_Problems", cwds: list,
                totals: dict, progress, stats: dict, cwd: str | None, err: int) -> None:
    """Bookkeeping after one file: Codex names, classification batches,
    problems, progress, totals."""
    if src.provider == codex.PROVIDER:
        # A rollout names its session and project in its first line.
        src.session_id = scanner.session or src.session_id
        src.project = codex.project_label(cwd)
        src.project_dir = "codex:" + src.project
    if turns:
        turns.maybe_flush()
    cwds.append(cwd)
    if err:
        problems.unreadable.append((src.path, os.strerror(err)))
    problems.add_file(src.path, stats)
    if progress:
        progress.update(idx + 1, totals.get("bytes", 0) + stats.get("bytes", 0))
    for k, v in stats.items():
        if k != "first_bad_line":
            totals[k] = totals.get(k, 0) + v


def scan_sources(sources: list[Source], walker_errors: list[tuple[str, str]] | None = None,
                 extra_warnings: list[str] | None = None, rules: ruleset.RuleSet | None = None,
                 environ: Mapping[str, str] | None = None, classify_turns: bool = True,
                 progress=None, jobs: int = 1, cache=None) -> ScanResult:
    """Reads every source in order (the order decides cross-file dedup).
    `environ` locates the rules (CODEBURN_RULES_DIR) and the cache dir.
    Without classify_turns, every turn's category is -1 and no keyword
    database is loaded (for totals that need no categories). `progress`
    (codeburn.progress.Progress) hears of every file read. With jobs > 1,
    threads decode Claude Code files ahead (codeburn.parallel); the result
    is the same, byte for byte. `cache` (codeburn.filecache.FileCache)
    supplies unchanged files already decoded."""
    environ = os.environ if environ is None else environ
    rules = rules or ruleset.load(ruleset.rules_dir(environ))
    scanner = make_scanner(rules, keep_prompts=classify_turns)
    turns = _TurnClassifier(scanner, rules, environ) if classify_turns else None
    problems = _Problems()
    problems.unreadable.extend(walker_errors or [])
    cwds: list[str | None] = []
    totals: dict[str, int] = {}
    decoders = _decoders(sources, rules, jobs, cache)
    try:
        for idx, src in enumerate(sources):
            if idx in decoders:
                stats, cwd, err = decoders.adopt(scanner, idx)
            else:
                stats, cwd, err = scanner.scan_file(src.path, idx, PROVIDERS[src.provider].KIND, src.session_id)
            _after_file(src, idx, scanner, turns, problems, cwds, totals, progress, stats, cwd, err)
    finally:
        decoders.close()
    if cache is not None:
        cache.save()
    totals["files"] = len(sources)
    totals["unreadable"] = len(problems.unreadable)
    if progress:
        progress.done()
    category = turns.categories() if turns else None
    cols = scanner.columns()
    cols["turn_category"] = category if category is not None else np.full(cols["turn_file"].size, -1, np.int8)
    _settle_openai_cache_writes(cols, scanner.strings())
    warnings = list(extra_warnings or []) + problems.messages() + (cache.warnings() if cache else [])
    return ScanResult(sources, cwds, cols, scanner.strings(), totals, warnings)
