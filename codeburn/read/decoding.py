"""Where the main reader gets its files decoded: by threads that start as
soon as the files are known, before the classifier, numpy and the report
code are imported (so those imports cost no time on a cold read), and that
load unchanged files from the per-file cache; a large file is read in
parts, one per thread. With one job, by the main reader itself.
"""
from __future__ import annotations

import os

from codeburn._fast import Scanner
from codeburn.classify import ruleset, selfcorrect
from codeburn.read import parallel
from codeburn._fast.reader import (ENTRY_DAMAGED, ENTRY_GROWN, ENTRY_SAME, ENTRY_UNUSED, QUEUE_ASK_PYTHON, QUEUE_KEPT,
                                  QUEUE_NOT_KEPT, QUEUE_PACK_FAILED, DecodeQueue, zone_stamp)
from codeburn.classify.prompt_classes import text_classes
from codeburn.providers import PROVIDERS
from codeburn.providers.base import FileStat, Source, stat_missing

NATIVE_KINDS = ("claude", "codex")  # formats the compiled reader decodes itself
# Records providers' JSONL formats the compiled reader decodes too (kind =
# provider id, cb_jsonl.h); a file it gives up on goes to the provider's
# Python reader (scan.scan_sources).
JSONL_KINDS = ("gemini", "qwen", "pi", "omp", "openclaw", "kimi", "kimicode", "copilot")
PART_BYTES = 32 << 20  # a file of two or more of these is read by several threads, a part each


def make_scanner(rules: ruleset.RuleSet, keep_prompts: bool = True) -> Scanner:
    """A reader applying the rules; without keep_prompts it files no prompt
    for the keyword matcher (turn categories are then not computed)."""
    scanner = Scanner()
    lut, classes = text_classes()
    if not keep_prompts:
        lut = bytes(len(lut))
    scanner.configure(*ruleset.scanner_config(rules), lut, len(classes))
    scanner.set_codex_names(rules.tool_names.get("codex", {}))
    for kind in JSONL_KINDS:
        scanner.set_kind_names(kind, rules.tool_names.get(kind, {}))
    scanner.set_phrases(*selfcorrect.phrases(rules))
    scanner.set_user_phrases(*selfcorrect.phrases(rules, selfcorrect.USER_ROLE))
    return scanner


def kind_of(src: Source) -> str:
    """The format a source is read as: its module's KIND, or what the
    module's `compiled_kind` says of this source (a provider whose sources
    are of several forms, only some decoded by the compiled reader)."""
    module = PROVIDERS[src.provider]
    per_source = getattr(module, "compiled_kind", None)
    return per_source(src) if per_source is not None else module.KIND


def kinds_of(sources: list[Source]) -> list[str]:
    """kind_of() of each source, each provider's module asked once."""
    fixed: dict[str, str | None] = {}
    out = []
    for s in sources:
        kind = fixed.get(s.provider, "")
        if kind == "":
            module = PROVIDERS[s.provider]
            kind = fixed[s.provider] = None if hasattr(module, "compiled_kind") else module.KIND
        out.append(kind if kind is not None else kind_of(s))
    return out


def jsonl_hint(src: Source) -> str:
    """What the compiled reader needs of a JSONL records source besides its
    bytes: the session id when the lines name none, or what the module's
    `compiled_hint` says (Pi: the path, part of its dedup keys)."""
    hint = getattr(PROVIDERS[src.provider], "compiled_hint", None)
    return hint(src) if hint else src.session_id


def start(sources: list[Source], rules: ruleset.RuleSet, jobs: int, cache):
    """Where the main reader gets its files decoded: `jobs` threads running
    the compiled work list (parallel.Queued: files decoded, cache entries
    loaded or resumed), or with one job the calling thread. A Codex file
    whose calls turn out to depend on other files' (Scanner.adopt returns
    None) is then read by the main reader itself, in order."""
    plan = Decoding(sources, rules, jobs, cache)
    members = plan.queued()
    tasks = sum(plan.parts.get(idx, 1) for idx in members)
    if jobs < 2 or tasks < 2:
        ready = {idx: plan.load for idx in plan.unchanged}
        return parallel.Serial(plan.make, plan.decode, plan.todo, ready)
    workers = min(jobs, tasks)
    queue, position = plan.queue(members, workers)
    ready = {idx: plan.load for idx in plan.unchanged if idx not in position}
    return parallel.Queued(queue, [plan.make() for _ in range(workers)], position, ready, plan,
                           {idx for idx in members if idx not in plan.jsonl})


class Decoding:
    """Which files the cache has unchanged (settled first, in this thread),
    which are decoded (a grown Claude Code file resuming from its cached
    part; a Codex rollout, whose decoder state is not kept, read whole), and
    which Claude Code files are large enough to be read in parts by several
    threads. With several threads every file but an unchanged JSONL records
    file goes to the compiled work list (queue(): its cache entry loaded or
    resumed there); with one, decode() and load() do the same in Python."""

    def __init__(self, sources: list[Source], rules: ruleset.RuleSet, jobs: int, cache):
        self.rules, self.cache = rules, cache
        # Records providers (providers/records.py) are read by the main
        # reader through their own modules, not decoded here.
        kinds = kinds_of(sources)
        compiled = {*NATIVE_KINDS, *JSONL_KINDS}
        self.paths = {i: s.path for i, s in enumerate(sources) if kinds[i] in compiled}
        self.codex = {i: s.session_id for i, s in enumerate(sources) if kinds[i] == "codex"}
        self.jsonl = {i: (kinds[i], jsonl_hint(s)) for i, s in enumerate(sources) if kinds[i] in JSONL_KINDS}
        # (taken moments ago by mtime_filter or the kept scan's key, when
        # they ran; None: the read reports it)
        stat_missing([sources[idx] for idx in self.paths])
        self.stats: dict[int, FileStat | None] = {idx: sources[idx].stat for idx in self.paths}
        # (a first run's cache is empty: nothing to ask of it, file by file)
        self.known = cache is not None and bool(cache.entries)
        self.unchanged = {idx for idx, st in self.stats.items()
                          if st is not None and cache.unchanged(self.paths[idx], st)} if self.known else set()
        self.todo = {idx: path for idx, path in self.paths.items() if idx not in self.unchanged}
        self.parts = {idx: -(-st.st_size // PART_BYTES) for idx in self.todo
                      if jobs > 1 and idx not in self.codex and idx not in self.jsonl and (st := self.stats[idx]) is not None
                      and st.st_size >= 2 * PART_BYTES and (cache is None or not cache.known(self.paths[idx]))}
        self.fallback: Scanner | None = None
        self.spans: dict[int, tuple[int, int]] = {}  # queued file -> (offset, length) of the cache entry it starts from

    def make(self) -> Scanner:
        return make_scanner(self.rules, keep_prompts=False)

    def decode(self, scanner: Scanner, idx: int):
        """File idx decoded in Python's hands (one job, or an unchanged JSONL
        records file); parts are only read by the compiled work list."""
        path, st, cache = self.paths[idx], self.stats[idx], self.cache
        prior, resume_at = cache.get(path, st) if cache is not None and st is not None else (None, 0)
        if prior is not None and prior.phrase_stamp != scanner.phrase_stamp:
            prior, resume_at = None, 0  # decoded for other self-correction rules: its candidates may be wrong
        if prior is not None and prior.zone_stamp not in (0, zone_stamp()):
            prior, resume_at = None, 0  # read a time without a zone as another zone's local time
        if prior is not None and idx in self.jsonl and prior.hint != self.jsonl[idx][1]:
            prior, resume_at = None, 0  # decoded with other side facts (legacy Kimi: the configured model)
        if prior is not None and not resume_at:
            return prior
        if idx in self.codex:
            return self._keep(idx, scanner.decode_codex(path, idx, self.codex[idx]))
        if idx in self.jsonl:  # whole: a grown file's decoder state is not kept
            return self._keep(idx, scanner.decode_jsonl(path, idx, *self.jsonl[idx]))
        return self._keep(idx, scanner.decode_file(path, idx, prior, resume_at))

    def queued(self) -> list[int]:
        """The files the threads take, in order: every file to decode, and the
        unchanged files of the compiled formats (an unchanged JSONL records
        file is loaded by the main reader, which checks its decode's hint)."""
        return sorted(set(self.todo) | {idx for idx in self.unchanged if idx not in self.jsonl})

    def queue(self, members: list[int], jobs: int):
        """(the compiled work list of `members` (parallel.Queued), file ->
        place in it): a file starts from its cache entry where it has one
        (unchanged, or grown since), else from its bytes; the threads append
        the new cache entries to the pack."""
        queue = DecodeQueue(parallel.WINDOW_PER_JOB * jobs, parallel.AHEAD_BYTES)
        cache = self.cache
        kinds = [("codex", self.codex[idx]) if idx in self.codex else self.jsonl.get(idx, ("claude", ""))
                 for idx in members]
        if not self.known:  # every file from its bytes (no entry to start from): added in one call
            queue.add_many([self.paths[idx] for idx in members], members, [k for k, _ in kinds],
                           [h for _, h in kinds], [self.parts.get(idx, 1) for idx in members], PART_BYTES,
                           [self.stats[idx] for idx in members])
        else:
            for idx, (kind, hint) in zip(members, kinds):
                st = self.stats[idx]
                queue.add(self.paths[idx], idx, kind, hint, st.st_size if st is not None else 0,
                          self.parts.get(idx, 1), PART_BYTES, st)
                # (a changed JSONL file's old entry is only checked and counted: it is read whole)
                found = cache.entry_for(self.paths[idx], st) if st is not None else None
                if found is not None:
                    task, blob, crc, resume_at, span = found
                    queue.from_entry(task, blob, crc, resume_at)
                    self.spans[idx] = span
        writer = cache.thread_writer() if cache is not None else None
        if writer is not None:
            queue.set_pack(writer)
        return queue, {idx: n for n, idx in enumerate(members)}

    def settle(self, idx: int, decoded, kept: int, entry: tuple[int, int, int], use: int = ENTRY_UNUSED) -> None:
        """A queued file taken by the main reader: how its old cache entry
        served, and its new entry recorded (or made here, where the reader
        could not settle the file itself)."""
        if kept == QUEUE_ASK_PYTHON:
            self.entry_used(idx, use)
            if self.cache is not None and self.stats[idx] is not None:
                self.cache.put(self.paths[idx], self.stats[idx], decoded)
        else:
            self.settle_entry(idx, kept, entry, decoded.settled[1] if kept == QUEUE_KEPT else None, use)

    def settle_entry(self, idx: int, kept: int, entry: tuple[int, int, int], edges, use: int = ENTRY_UNUSED) -> None:
        """settle() from the file's QUEUE_* code alone (also for a Codex file
        whose decode the main reader set aside to read it again in order)."""
        self.entry_used(idx, use)
        st, cache = self.stats[idx], self.cache
        if cache is None or st is None or kept == QUEUE_NOT_KEPT:
            return
        if kept == QUEUE_KEPT:
            cache.record(self.paths[idx], st, entry, edges)
        elif kept == QUEUE_PACK_FAILED:
            cache.abandon_pack()

    def settle_run(self, first: int, run) -> None:
        """settle() for each file of a run the main reader adopted at once
        (parallel.Queued.adopt_run), from `first` on."""
        cache = self.cache
        if cache is None:
            return
        for k, use in enumerate(run.uses):
            if use != ENTRY_UNUSED:
                self.entry_used(first + k, use)
        kept = [(self.paths[first + k], self.stats[first + k], run.entries[k], run.edges[k])
                for k, code in enumerate(run.kept) if code == QUEUE_KEPT and self.stats[first + k] is not None]
        if kept:
            cache.record_many(kept)
        if QUEUE_PACK_FAILED in run.kept:
            cache.abandon_pack()

    def entry_used(self, idx: int, use: int) -> None:
        """What FileCache.get counts of an entry a thread loaded (ENTRY_*)."""
        if use != ENTRY_UNUSED and self.cache is not None:
            self.cache.count_use(self.paths[idx], use == ENTRY_SAME, use == ENTRY_GROWN, use == ENTRY_DAMAGED,
                                 self.spans.get(idx, (0, 0)))

    def load(self, idx: int):
        """An unchanged file from the cache (decoded here if its entry is damaged)."""
        if self.fallback is None:
            self.fallback = self.make()
        return self.decode(self.fallback, idx)

    def _keep(self, idx: int, decoded):
        if self.cache is not None and self.stats[idx] is not None:
            self.cache.put(self.paths[idx], self.stats[idx], decoded)
        return decoded
