"""The read: discovered sources in (codeburn.read.discovery), call columns out.

The order files are scanned in decides which copy of a message id counts
(cross-file dedup, spec §3.5), so it is the discovery order, always.
Problems never stop a scan: each is counted per kind and summarised as a
warning that names the first place it happened.
"""
from __future__ import annotations

import os
from typing import Mapping

import numpy as np

from codeburn._fast import Scanner
from codeburn._fast.reader import STAT_FIELDS, release_free_memory, replay_tape, zone_stamp, zoneless_total
from codeburn.aggregate.arrays import distinct
from codeburn.aggregate.projects import label_path
from codeburn.cache import scanmemo
from codeburn.cache.turnmemo import TurnMemo, turn_keys
from codeburn.classify import offload, ruleset, selfcorrect
from codeburn.classify.categories import categorize, class_matchers
from codeburn.classify.prompt_classes import text_classes
from codeburn.plainclass import dataclass, field
from codeburn.problems import plural, shown, unreadable_message
from codeburn.providers import PROVIDERS, codex
from codeburn.providers.base import Source
from codeburn.providers.records import ReadLog
from codeburn.read import decoding
from codeburn.read.decoding import JSONL_KINDS, jsonl_hint, kind_of, make_scanner
from codeburn.read.regular import file_size, io_message, open_regular

CLASSIFY_BATCH_BYTES = 1 << 20  # prompts gathered before one Hyperscan scan
# A store at least this large read anew has its turns classified by a
# helper process beside the classifying thread (codeburn.classify.offload),
# which takes half the classification (~0.5 CPU-s a GB of Cursor store) off
# the read's critical path for ~0.2 CPU-s of start-up and the pipe's copies.
# Measured (bench/CURSOR.md, seventh pass): 0.1 s slower at 365 MB, even at
# 1.3 GB, 0.25-0.5 s faster at 2.5 GB.
HELPER_STORE_BYTES = 2 << 30

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
    # A kept scan's (codeburn.cache.scanmemo) warnings about its files, without
    # the walker's unreadable paths (they are this run's); None: not kept.
    # While this run's own save is under way (`saving`), see wait_kept().
    kept_problems: list[str] | None = None
    saving: object = None   # (the later.Later writing it, the problems to keep with it)
    rules: object = None    # the ruleset.RuleSet the commands loaded for it (so later steps need not load it again)

    def keep_only(self, names) -> None:
        """Drops every column but `names`, for a command that has selected
        and priced its calls and reads only those from here on; a dropped
        column's memory goes as soon as the kept scan's write (if one is
        under way) is done with it."""
        for name in [n for n in self.cols if n not in names]:
            del self.cols[name]

    def wait_kept(self) -> list[str] | None:
        """kept_problems, once this run's save of the scan is over."""
        if self.saving is not None:
            saving, problems = self.saving
            self.saving = None
            if saving.result():
                self.kept_problems = problems
        return self.kept_problems


class _Problems:
    """Per-kind tallies of what was skipped, for the warnings list."""

    def __init__(self) -> None:
        self.lines: dict[str, list] = {k: [0, 0, None] for k, _ in LINE_PROBLEMS}  # files, count, first
        self.unreadable: list[tuple[str, str]] = []
        self.not_sessions: list[str] = []
        self.records: dict[str, list] = {}  # records providers' skips: kind -> [count, first place]
        self.records_unreadable: set[tuple[str, str]] = set()

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

    def add_records_log(self, log: ReadLog) -> None:
        """What records providers skipped (providers/records.py ReadLog)."""
        for kind, (count, first) in log.counts.items():
            tally = self.records.setdefault(kind, [0, first])
            tally[0] += count
        for u in log.unreadable:   # a file several sources are read with (a database they share): named once
            if u not in self.records_unreadable:
                self.records_unreadable.add(u)
                self.unreadable.append(u)

    def messages(self) -> list[str]:
        out = []
        for kind, (count, first) in self.records.items():
            out.append(f"{count} {ReadLog.KINDS.get(kind, kind)}; first at {shown(first)}")
        for key, what in LINE_PROBLEMS:
            files, count, first = self.lines[key]
            if count:
                out.append(f"{plural(files, 'file')}: {count} {what}; first at {first}")
        if self.not_sessions:
            more = f" (and {len(self.not_sessions) - 1} more)" if len(self.not_sessions) > 1 else ""
            out.append(f"{plural(len(self.not_sessions), 'file')} skipped: not a Codex session (the first line is "
                       f"not session_meta): {shown(self.not_sessions[0])}{more}")
        if self.unreadable:
            out.append(unreadable_message(self.unreadable))
        return out


BATCHES_AHEAD = 2   # batches of turns given to a classifying thread and not yet classified, at most


class _TurnClassifier:
    """Classifies the reader's finished turns in batches. The reader files
    each prompt under the class of roles its tools leave open
    (prompt_classes.text_classes); per batch, each class's arena (about a
    megabyte of prompts at most) is scanned once by a database of just
    those roles' patterns, then the decision procedure runs in numpy. A
    batch whose turns the memo (codeburn.cache.turnmemo) knows is not scanned.

    The main reader only takes each batch's inputs out of the scanner; the
    batches are classified by a thread of their own, while the main reader
    adopts files without the GIL (Hyperscan's scan releases it too), and
    categories() puts them back in order after the last one. Before a large
    store's read (expect_many), when `jobs` allow it, a helper process
    (codeburn.classify.offload) takes batches too, from a second thread:
    whichever is free takes the next batch, so the classification of a
    multi-GB Cursor store (~1.3 CPU-s, the read's critical path once its
    pages are in) runs on both cores."""

    def __init__(self, scanner: Scanner, rules: ruleset.RuleSet, environ: Mapping[str, str], memo=None,
                 jobs: int = 1):
        import threading

        self.scanner, self.rules, self.environ, self.memo, self.jobs = scanner, rules, environ, memo, jobs
        self.helper = None  # codeburn.classify.offload.Offload, once started
        self.helper_tried = False
        self.matchers: list | None = None
        self.local = threading.Lock()  # the databases' scratch space serves one scan at a time
        self.done = 0
        self.given = 0  # batches handed over
        self.parts: dict[int, np.ndarray] = {}
        self.batches = None  # queue.SimpleQueue of the classifying threads, once they run
        self.ahead = None    # threading.Semaphore: batches they may have waiting (BATCHES_AHEAD each)
        self.workers: list = []
        self.error: BaseException | None = None
        # The databases are loaded (a bad rule fails here) unless these very
        # rules already classified turns: a memo is only written for rules
        # that compiled; then they are loaded for the first batch to scan.
        if memo is None or not memo.keys.size:
            self._matchers()
        if offload.forced(environ):
            self.expect_many()

    def expect_many(self) -> None:
        """Many prompts are coming (a large store is about to be read): the
        helper process is started now, so that it loads while the store's
        pages are read."""
        if not self.helper_tried and not self.workers and offload.wanted(self.environ, self.jobs):
            self.helper_tried = True
            self.helper = offload.Offload.start(self.rules, self.environ)

    def maybe_flush(self, force: bool = False) -> None:
        if not force and self.scanner.pending_text_bytes < CLASSIFY_BATCH_BYTES:
            return
        flags, cls, off, ln, text_hash = self.scanner.turns_since(self.done)
        self.done += flags.size
        arenas = [self.scanner.take_texts(c) for c in range(len(text_classes()[1]))]
        if not self.workers:
            self._start()
        # A reader faster than the classifier (a Cursor store's tapes, replayed
        # once its pages are read) waits here: at most a few batches wait.
        self.ahead.acquire()
        self.batches.put((self.given, (flags, cls, off, ln, text_hash, arenas)))
        self.given += 1

    def _start(self) -> None:
        import queue
        import threading

        self.batches = queue.SimpleQueue()
        # (CODEBURN_CLASSIFY_PROCESS=1: the helper's thread alone, so that it meets every batch)
        kinds = [False] if self.helper is None else [True] if offload.forced(self.environ) else [False, True]
        self.workers = [threading.Thread(target=self._work, args=(helped,), daemon=True) for helped in kinds]
        self.ahead = threading.Semaphore(BATCHES_AHEAD * len(self.workers))
        for w in self.workers:
            w.start()

    def _work(self, helped: bool) -> None:
        while (item := self.batches.get()) is not None:
            k, batch = item
            try:
                if self.error is None:  # else a batch failed: the rest are drained, categories() raises
                    self.parts[k] = self._classify(*batch, helped=helped)
            except BaseException as exc:  # raised on the main reader's side, by categories()
                self.error = exc
            finally:
                self.ahead.release()

    def _classify(self, flags, cls, off, ln, text_hash, arenas, helped: bool = False) -> np.ndarray:
        keys = turn_keys(flags, text_hash) if self.memo is not None else None
        if self.memo is not None:
            known, all_known = self.memo.lookup(keys)
            if all_known:
                self.memo.remember(keys, known, missed=False)
                return known
        helper = self.helper if helped else None
        categories = helper.classify(flags, cls, off, ln, arenas) if helper is not None else None
        if categories is None:  # in this process (no helper, or it failed: it is not asked again)
            if helper is not None:
                self.helper = None
            with self.local:
                categories = categorize(self._matchers(), flags, cls, off, ln, arenas)
        if self.memo is not None:
            self.memo.remember(keys, categories, missed=True)
        return categories

    def _matchers(self) -> list:
        if self.matchers is None:
            self.matchers = class_matchers(self.rules, self.environ)
        return self.matchers

    def categories(self) -> np.ndarray:
        self.maybe_flush(force=True)
        self.close()
        if self.error is not None:
            raise self.error
        return np.concatenate([self.parts[k] for k in range(self.given)]) if self.given else np.zeros(0, np.int8)

    def close(self) -> None:
        """Waits for the batches given so far (none is given after this)."""
        for _ in self.workers:
            self.batches.put(None)
        for w in self.workers:
            w.join()
        self.workers = []
        if self.helper is not None:
            self.helper.close()
            self.helper = None


def _settle_openai_cache_writes(cols: dict, strings: list[str]) -> None:
    """OpenAI-style cache writes (inside the uncached input) become cache
    writes only for models whose price row has an explicit cache-write rate;
    otherwise they stay plain input (spec providers §1.2)."""
    rows = np.flatnonzero(cols["openai_cw"] > 0)
    if not rows.size:
        return
    from codeburn.cost import pricing

    table = pricing.PriceTable.default()
    explicit = {m: bool((c := table.lookup(strings[m])) and c.cache_write_explicit)
                for m in distinct(cols["model"][rows]).tolist()}
    move = rows[np.array([explicit[m] for m in cols["model"][rows].tolist()], dtype=bool)]
    cols["input"][move] -= cols["openai_cw"][move]
    cols["cache_write"][move] += cols["openai_cw"][move]


class _RecordsFeed:
    """Sources of records providers (providers/records.py): each is read by
    its module, and each session it yields is fed to the scanner as a file
    of its own, a source appended after the discovered ones (so the report
    groups it like any session). Calls that keep the tool's own cost (the
    module's KEEPS_COST) note it for the `given_cost` column."""

    def __init__(self, first_idx: int, rules: ruleset.RuleSet, cache=None):
        self.rules = rules
        self.cache = cache  # codeburn.cache.recordcache.RecordCache, or None
        self.sources: list[Source] = []
        self.cwds: list[str | None] = []
        self.first_idx = first_idx
        self.costs: list[tuple[int, list[float]]] = []  # (first call row, costs of its kept calls)
        self.light: list[int] = []  # rows of supplementary calls: tokens and cost, no API call (records.Call)
        self.fixed: list[tuple[int, str]] = []  # (row, category) of calls whose turn's category is the module's
        self.subagents: list[tuple[int, str]] = []  # (row, name) of calls run in a subagent (records.Call.subagent)
        self.log = ReadLog()

    def read(self, scanner: Scanner, src: Source, totals: dict, turns=None) -> None:
        """The source's sessions, from the records cache while its files are
        unchanged, else from its module (and kept). One store can hold a
        whole history: its sessions are classified as they come. A module
        whose calls' tools the reference sees as one step (TOOL_STEPS, an
        int or a function of the source: cb_scan.h StepMode) has them fed so
        (tool_steps), from Python and from tapes alike."""
        module = PROVIDERS[src.provider]
        names = self.rules.tool_names.get(src.provider, {})
        stamp = self.cache.stamp(module, src) if self.cache is not None else None
        if hasattr(module, "tapes"):
            self._read_tapes(scanner, src, module, names, stamp, totals, turns)
            return
        kept = self.cache.get(src, stamp) if stamp is not None else None
        if kept is not None:
            sessions, log = kept
            for session in sessions:
                self._feed(scanner, src, module, names, session, totals)
                if turns:
                    turns.maybe_flush()
            self.log.merge(log)
            return
        log = ReadLog()
        writer = self.cache.writer(src, stamp) if stamp is not None else None
        zoneless = zoneless_total()
        try:
            for session in module.read(src, log):
                self._feed(scanner, src, module, names, session, totals)
                if writer is not None:
                    writer.add(session)
                if turns:
                    turns.maybe_flush()
        except Exception as exc:  # a reader's bug must not cost the rest of the report
            log.cannot_read(src.path, f"{type(exc).__name__}: {exc}")
        except BaseException:     # interrupted: the entry being written goes with the read
            if writer is not None:
                writer.discard()
            raise
        self.log.merge(log)
        self._close_entry(writer, module, src, stamp, log, zoneless)

    def _close_entry(self, writer, module, src: Source, stamp, log: ReadLog, zoneless: int) -> None:
        """The cache entry written during the read goes in place when the
        source is as it was stamped before the read, else it is dropped. A
        read that met a time without a zone (zoneless_total() moved past
        `zoneless`; another thread's may have moved it too: then it is kept
        for this zone only, needlessly but safely) serves this zone alone."""
        if writer is None:
            return
        if self.cache.stamp(module, src) == stamp:
            writer.finish(log, zone_stamp() if zoneless_total() != zoneless else 0)
        else:
            writer.discard()

    def read_compiled(self, scanner: Scanner, src: Source, idx: int, decoders, totals: dict, turns=None) -> None:
        """A source of a JSONL format the compiled reader decodes
        (decoding.JSONL_KINDS), file idx of the discovered ones: its session
        is appended like one its module would yield, so everything, order
        included, is as if the module had read it. A file the reader gives
        up on (a shape only the module reproduces) or cannot read is read
        by the module."""
        file_idx = self.first_idx + len(self.sources)
        kind = kind_of(src)
        got = decoders.adopt(scanner, idx, file_idx) if idx in decoders else None
        if got is None:
            got = scanner.scan_file(src.path, file_idx, kind, jsonl_hint(src))
        stats, cwd, err = got
        if stats["not_session"] or err:
            self.read(scanner, src, totals, turns)
            return
        if stats["torn_tail"]:  # a last line cut mid-write: the module counts it as invalid
            self.log.skip("invalid", f"{src.path}:{_line_count(src.path, stats['bytes']) + 1}")
        if stats["calls"] + stats["global_dups"]:  # a session with calls (all may be duplicates)
            module = PROVIDERS[src.provider]
            label = getattr(module, "compiled_project", None)
            project = session_project(module, label(src, cwd) if label is not None else "", src)
            self.sources.append(Source(src.provider, src.path, project, scanner.session or src.session_id,
                                       f"{src.provider}:{project}"))
            cwd_of = getattr(module, "compiled_cwd", None)  # the session's recorded path, as read() gives it
            self.cwds.append((cwd_of(src) if cwd_of is not None else None) or label_path(project))
        for k, v in stats.items():
            if k != "first_bad_line":
                totals[k] = totals.get(k, 0) + v
        if turns:
            turns.maybe_flush()

    def _read_tapes(self, scanner: Scanner, src: Source, module, names: dict, stamp, totals: dict, turns) -> None:
        """A provider that reads into records tapes (a multi-GB store:
        `tapes(source, log)` instead of Session objects, see
        codeburn/_fast/includes/cb_tape.h): each tape is replayed into the
        scanner in C++, and the records cache keeps the tapes themselves.
        Its calls carry no cost of their own, supplementary or subagent marks."""
        from codeburn.cache.recordcache import TAPE_VERSION

        kept = self.cache.get_tapes(src, stamp) if stamp is not None else None
        writer = keeps = None
        zoneless = zoneless_total()
        if kept is not None:
            chunks, log = kept
        else:
            if turns is not None and file_size(src.path) >= HELPER_STORE_BYTES:
                turns.expect_many()
            log = ReadLog()
            writer = self.cache.writer(src, stamp, TAPE_VERSION) if stamp is not None else None
            # a reader with a thread of its own keeps each tape for the cache there (KEEPS_TAPES)
            keeps = writer if writer is not None and getattr(module, "KEEPS_TAPES", False) else None
            chunks = module.tapes(src, log, keeps.add_tape) if keeps is not None else module.tapes(src, log)
        unique = getattr(module, "UNIQUE_SHELL", False)
        steps = tool_steps(module, src)
        try:
            for tape in chunks:
                first = self.first_idx + len(self.sources)
                sessions, stats, whole = replay_tape(scanner, tape, first, names, unique, steps)
                self._sessions_fed(src, module, sessions, stats, totals)
                if not whole:
                    raise ValueError("malformed records tape")
                if writer is not None and keeps is None:
                    writer.add_tape(tape)
                if turns:
                    turns.maybe_flush()
        except Exception as exc:  # a reader's bug (or a bad kept tape) must not cost the rest of the report
            log.cannot_read(src.path, f"{type(exc).__name__}: {exc}")
        except BaseException:     # interrupted: the entry being written (hundreds of MB) goes with the read
            if writer is not None:
                writer.discard()
            raise
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()     # the store's reader and its tables go now, not when the generator is collected
            release_free_memory()   # ~35 MB of a 500k-bubble store's request tables, in small blocks
        self.log.merge(log)
        self._close_entry(writer, module, src, stamp, log, zoneless)

    def _sessions_fed(self, src: Source, module, sessions: list, stats: dict, totals: dict) -> None:
        """Bookkeeping for sessions a tape fed: each a source of its own."""
        for session_id, project, order in sessions:
            project = session_project(module, project, src)
            self.sources.append(Source(src.provider, src.path, project, session_id, f"{src.provider}:{project}",
                                       order=order))
            self.cwds.append(label_path(project))
        if sessions:
            for k, v in stats.items():
                totals[k] = totals.get(k, 0) + v

    def _feed(self, scanner: Scanner, src: Source, module, names: dict, session, totals: dict) -> None:
        idx = self.first_idx + len(self.sources)
        project = session_project(module, session.project, src)
        self.sources.append(Source(src.provider, src.path, project, session.session_id,
                                   f"{src.provider}:{project}", order=session.order))
        self.cwds.append(session.cwd or label_path(project))
        row = scanner.call_count
        stats, kept = scanner.add_session(idx, session.calls, names, getattr(module, "UNIQUE_SHELL", False),
                                          tool_steps(module, src), carry_prompt(module, src))
        kept_calls = [c for c, k in zip(session.calls, kept) if k]
        if getattr(module, "KEEPS_COST", False):
            self.costs.append((row, [_given(c.cost) for c in kept_calls]))
        self.light.extend(row + i for i, c in enumerate(kept_calls) if getattr(c, "supplementary", False))
        fixed = getattr(module, "fixed_category", None)
        if fixed is not None:
            self.fixed.extend((row + i, cat) for i, c in enumerate(kept_calls) if (cat := fixed(c)))
        for i, c in enumerate(kept_calls):
            ran = getattr(c, "subagent", None)
            self.subagents.extend((row + i, name) for name in ((ran,) if isinstance(ran, str) else ran or ()))
        for k, v in stats.items():
            if k != "first_bad_line":
                totals[k] = totals.get(k, 0) + v

    def add_subagents(self, cols: dict, strings: list[str]) -> None:
        """Calls a records provider labels with a subagent join the subagent
        rows (sub_call, sub_name) that Agent/Task tools give; new names are
        appended to `strings`."""
        if not self.subagents:
            return
        index = {s: i for i, s in enumerate(strings)}
        names = [index.setdefault(name, len(index)) for _, name in self.subagents]
        strings.extend(sorted(set(index) - set(strings), key=index.get))
        cols["sub_call"] = np.concatenate([cols["sub_call"], np.array([r for r, _ in self.subagents], np.int32)])
        cols["sub_name"] = np.concatenate([cols["sub_name"], np.array(names, np.int32)])

    def fix_categories(self, cols: dict) -> None:
        """The turns of calls whose category their module decides (fixed_category)."""
        from codeburn.classify.categories import CAT

        if self.fixed and cols["turn_category"].size:
            turn = cols["turn"][np.array([r for r, _ in self.fixed], dtype=np.intp)]
            cat = np.array([CAT[c] for _, c in self.fixed], dtype=cols["turn_category"].dtype)
            cols["turn_category"][turn[turn >= 0]] = cat[turn >= 0]

    def weight(self, n: int) -> np.ndarray:
        """Per call row: 1 for an API call, 0 for a supplementary one."""
        out = np.ones(n, dtype=np.uint8)
        out[self.light] = 0
        return out

    def given_cost(self, n: int) -> np.ndarray:
        """Per call row: the tool's own USD where it is kept, else -1."""
        out = np.full(n, -1.0)
        for row, costs in self.costs:
            out[row:row + len(costs)] = costs
        return out


def tool_steps(module, src: Source) -> int:
    """How retries see a records provider's calls' tools (cb_scan.h
    StepMode): its module's TOOL_STEPS, a number or a function of the
    source (KiloCode: its SQLite half only), else a step per tool."""
    steps = getattr(module, "TOOL_STEPS", 0)
    return int(steps(src) if callable(steps) else steps)


def carry_prompt(module, src: Source) -> bool:
    """Whether a dropped copy of a call leaves its prompt to the next call
    (Scanner::carry_prompt_): the module's CARRY_PROMPT, a flag or a
    function of the source."""
    carry = getattr(module, "CARRY_PROMPT", False)
    return bool(carry(src) if callable(carry) else carry)


def session_project(module, given: str, src: Source) -> str:
    """A session's project: the module's label, else its source's. An empty
    label stands when the module says so (EMPTY_PROJECT: Pi and OMP name a
    session run in "" or "/" by that path's empty basename, as the reference
    does); elsewhere it means the module has none."""
    if given or getattr(module, "EMPTY_PROJECT", False):
        return given
    return src.project or "unknown"


def _line_count(path: str, nbytes: int) -> int:
    """Newlines in the first nbytes of a file (what the reader read of it)."""
    count = 0
    try:
        with open_regular(path) as f:
            while nbytes > 0 and (chunk := f.read(min(nbytes, 1 << 20))):
                count += chunk.count(b"\n")
                nbytes -= len(chunk)
    except OSError:
        pass
    return count


def _record_cache(cache):
    """The records cache beside the file cache (none with --no-cache)."""
    if cache is None:
        return None
    from codeburn.cache.recordcache import RecordCache

    return RecordCache(os.path.dirname(cache.dir))


def _given(cost) -> float:
    """A tool's own cost as the given_cost column holds it (-1: none)."""
    if isinstance(cost, bool) or not isinstance(cost, (int, float)) or not cost >= 0 or cost == float("inf"):
        return -1.0
    return float(cost)


def _after_file(src: Source, idx: int, scanner: Scanner, turns, problems: "_Problems", cwds: list,
                totals: dict, progress, stats: dict, cwd: str | None, err: int) -> None:
    """Bookkeeping after one file: Codex names, classification batches,
    problems, progress, totals."""
    _codex_names(src, scanner.session, cwd)
    if turns:
        turns.maybe_flush()
    cwds.append(cwd)
    if err:
        problems.unreadable.append((src.path, io_message(err)))
    problems.add_file(src.path, stats)
    if progress:
        progress.update(idx + 1, totals.get("bytes", 0) + stats.get("bytes", 0))
    _add_totals(totals, stats)


def _codex_names(src: Source, session: str | None, cwd: str | None) -> None:
    """A rollout names its session and project in its first line."""
    if src.provider == codex.PROVIDER:
        src.session_id = session or src.session_id
        src.project = codex.project_label(cwd)
        src.project_dir = "codex:" + src.project


def _add_totals(totals: dict, stats: dict) -> None:
    for k, v in stats.items():
        if k != "first_bad_line":
            totals[k] = totals.get(k, 0) + v


def _adopt_run(decoders, scanner: Scanner, sources: list[Source], idx: int, end: int, turns, problems: "_Problems",
               cwds: list, totals: dict, progress) -> int:
    """Files idx..end-1 adopted by one compiled call (parallel.Queued.adopt_run)
    and their bookkeeping done as _after_file does it, over arrays; returns
    the index to go on from. The call stops where the classifier's batch is
    full, and at a file it cannot finish itself, which is finished here."""
    from codeburn._fast.reader import RUN_FAILED, RUN_IN_ORDER, RUN_IN_PYTHON, decode_failure

    run = decoders.adopt_run(scanner, idx, end, CLASSIFY_BATCH_BYTES if turns else 1 << 62)
    _after_files(sources, idx, run, problems, cwds, totals)
    nxt = idx + run.done
    if run.stop == RUN_FAILED:
        raise decode_failure(sources[nxt].path, run.error)
    if run.stop in (RUN_IN_PYTHON, RUN_IN_ORDER):
        src = sources[nxt]
        kept, entry, edges = run.pending_entry
        if run.stop == RUN_IN_PYTHON:
            decoders.settle(nxt, run.pending, kept, entry, run.pending_use)
            got = scanner.adopt(run.pending, nxt)
        else:
            decoders.settle_entry(nxt, kept, entry, edges, run.pending_use)
            got = None
        if got is None:  # a Codex file to be read in order after all
            got = scanner.scan_file(src.path, nxt, kind_of(src), src.session_id)
        stats, cwd, err = got
        _after_file(src, nxt, scanner, turns, problems, cwds, totals, progress, stats, cwd, err)
        nxt += 1
    elif turns:
        turns.maybe_flush()
    if progress:
        progress.update(nxt, totals.get("bytes", 0))
    return nxt


def _after_files(sources: list[Source], first: int, run, problems: "_Problems", cwds: list, totals: dict) -> None:
    """_after_file for the files of a run, from their stats rows."""
    stats = run.stats
    names = STAT_FIELDS
    if run.done:
        _add_totals(totals, dict(zip(names, stats.sum(axis=0).tolist())))  # (the errno column is no total)
    for k, cwd in enumerate(run.cwds):
        _codex_names(sources[first + k], run.sessions[k], cwd)
    cwds.extend(run.cwds)
    # The rare rows (a problem, an errno, not a session) one by one, in order.
    problem_cols = [names.index(k) for k, _ in LINE_PROBLEMS] + [names.index("not_session"), len(names)]
    for k in np.flatnonzero(stats[:, problem_cols].any(axis=1)).tolist() if run.done else ():
        row = dict(zip(names, stats[k].tolist()))
        src = sources[first + k]
        err = int(stats[k, len(names)])
        if err:
            problems.unreadable.append((src.path, io_message(err)))
        problems.add_file(src.path, row)


def scan_sources(sources: list[Source], walker_errors: list[tuple[str, str]] | None = None,
                 extra_warnings: list[str] | None = None, rules: ruleset.RuleSet | None = None,
                 environ: Mapping[str, str] | None = None, classify_turns: bool = True,
                 progress=None, jobs: int = 1, cache=None, decoders=None,
                 result_key: str | None = None, keep=None) -> ScanResult:
    """Reads every source in order (the order decides cross-file dedup).
    `environ` locates the rules (CODEBURN_RULES_DIR) and the cache dir.
    Without classify_turns, every turn's category is -1 and no keyword
    database is loaded (for totals that need no categories). `progress`
    (codeburn.read.progress.Progress) hears of every file read. With jobs > 1,
    threads decode Claude Code files ahead (codeburn.read.parallel); the result
    is the same, byte for byte. `cache` (codeburn.cache.filecache.FileCache)
    supplies unchanged files already decoded. `decoders`: those threads,
    already started by codeburn.read.decoding.start with the same sources,
    rules and cache (else they start here). With `result_key`
    (codeburn.cache.scanmemo.key of these sources, taken before the read) a clean
    result is kept for a repeat (scanmemo). With `keep` (column names), the
    result holds only those columns (ScanResult.keep_only), the kept scan
    every column."""
    environ = os.environ if environ is None else environ
    rules = rules or ruleset.load(ruleset.rules_dir(environ))
    if decoders is None:
        decoders = decoding.start(sources, rules, jobs, cache)  # first: they read while the rest is set up
    turns = None
    try:
        scanner = make_scanner(rules, keep_prompts=classify_turns)
        memo = TurnMemo(cache.dir, rules.digest, cache.root) if cache is not None and classify_turns else None
        turns = _TurnClassifier(scanner, rules, environ, memo, jobs) if classify_turns else None
        problems = _Problems()
        problems.unreadable.extend(walker_errors or [])
        cwds: list[str | None] = []
        totals: dict[str, int] = {}
        records = _RecordsFeed(len(sources), rules, _record_cache(cache))
        run_end = getattr(decoders, "run_end", None)
        idx = 0
        while idx < len(sources):
            src = sources[idx]
            kind = kind_of(src)
            if kind == "records":
                records.read(scanner, src, totals, turns)
                cwds.append(None)
                if turns:
                    turns.maybe_flush()
                idx += 1
                continue
            if kind in JSONL_KINDS:
                records.read_compiled(scanner, src, idx, decoders, totals, turns)
                cwds.append(None)
                idx += 1
                continue
            end = run_end(idx) if run_end is not None else idx
            if end > idx:
                idx = _adopt_run(decoders, scanner, sources, idx, end, turns, problems, cwds, totals, progress)
                continue
            got = decoders.adopt(scanner, idx) if idx in decoders else None
            if got is None:  # not decoded ahead, or a Codex file to be read in order after all
                got = scanner.scan_file(src.path, idx, kind, src.session_id)
            stats, cwd, err = got
            _after_file(src, idx, scanner, turns, problems, cwds, totals, progress, stats, cwd, err)
            idx += 1
    except BaseException:
        if turns:
            turns.close()  # (its thread: no batch comes after this)
        raise
    finally:
        decoders.close()
    scanner.release_dedup()  # before the cache's index and the columns' copy, which would peak on it
    if cache is not None:
        cache.save()
    problems.add_records_log(records.log)
    totals["records_skipped"] = sum(c for c, _ in records.log.counts.values())
    totals["files"] = len(sources)
    totals["unreadable"] = len(problems.unreadable)
    if progress:
        progress.done()
    category = turns.categories() if turns else None
    if memo is not None:
        memo.save()
    cols = scanner.take_columns()  # the scanner's copy is freed column by column
    selfcorrect.confirm(cols, rules, [s.path for s in sources])
    selfcorrect.confirm_user(cols, rules)
    release_free_memory()  # and its dedup sets' nodes (~50 bytes a call) go back to the system
    cols["turn_category"] = category if category is not None else np.full(cols["turn_file"].size, -1, np.int8)
    if category is not None:
        records.fix_categories(cols)
    if records.costs:  # (absent: no call keeps a cost of its own, 8 bytes a call saved)
        cols["given_cost"] = records.given_cost(cols["ts"].size)
    cols["weight"] = records.weight(cols["ts"].size)
    cols["weight"][cols.pop("light_call")] = 0  # the compiled reader's supplementary calls
    strings = scanner.strings()
    records.add_subagents(cols, strings)
    _settle_openai_cache_writes(cols, strings)
    damage = ((cache.warnings() if cache else []) + (records.cache.warnings() if records.cache else [])
              + (memo.warnings() if memo else []))
    warnings = list(extra_warnings or []) + problems.messages() + damage
    result = ScanResult(sources + records.sources, cwds + records.cwds, cols, strings, totals, warnings)
    read_errors = len(problems.unreadable) - len(walker_errors or [])
    dropped = [n for n in cols if keep is not None and n not in keep]
    if result_key and cache is not None and not records.log.counts and not read_errors and not damage:
        result.saving = (scanmemo.start_save(cache.dir, result_key, result, sources, problems, first=dropped),
                         _file_problems(problems))
    if keep is not None:
        result.keep_only(keep)
    return result


def _file_problems(problems: _Problems) -> list[str]:
    """The warnings about the files' contents (not the walker's paths)."""
    files = _Problems()
    files.lines, files.not_sessions, files.records = problems.lines, problems.not_sessions, problems.records
    return files.messages()


def from_memo(sources: list[Source], kept, walker_errors: list[tuple[str, str]] | None = None,
              extra_warnings: list[str] | None = None) -> ScanResult:
    """The ScanResult of a scan kept by codeburn.cache.scanmemo (`kept`: what
    scanmemo.load gave), with this run's walker problems and warnings."""
    header, cols = kept
    for i, session_id, project, project_dir in header["codex"]:  # as _after_file named them
        sources[i].session_id, sources[i].project, sources[i].project_dir = session_id, project, project_dir
    problems = _Problems()
    problems.unreadable.extend(walker_errors or [])
    problems.lines = header["lines"]
    problems.not_sessions = header["not_sessions"]
    problems.records = header.get("record_skips", {})
    sources = sources + [Source(*r[:5], order=r[5] if len(r) > 5 else 0) for r in header.get("records", [])]
    totals = dict(header["totals"])
    totals["unreadable"] = len(problems.unreadable)
    warnings = list(extra_warnings or []) + problems.messages()
    return ScanResult(sources, header["cwd"], cols, header["strings"], totals, warnings, _file_problems(problems))
