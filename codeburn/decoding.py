"""Where the main reader gets Claude Code files decoded: from the per-file
cache, or by threads that start as soon as the files are known, before the
classifier, numpy and the report code are imported (so those imports cost
no time on a cold read). A large file is read in parts, one per thread.
"""
from __future__ import annotations

import os

from codeburn import parallel, ruleset, selfcorrect
from codeburn._fast import Scanner
from codeburn._fast.reader import QUEUE_ASK_PYTHON, QUEUE_KEPT, QUEUE_NOT_KEPT, QUEUE_PACK_FAILED, DecodeQueue
from codeburn.prompt_classes import text_classes
from codeburn.providers import PROVIDERS
from codeburn.providers.base import Source

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
    return scanner


def kind_of(src: Source) -> str:
    """The format a source is read as: its module's KIND, or what the
    module's `compiled_kind` says of this source (a provider whose sources
    are of several forms, only some decoded by the compiled reader)."""
    module = PROVIDERS[src.provider]
    per_source = getattr(module, "compiled_kind", None)
    return per_source(src) if per_source is not None else module.KIND


def jsonl_hint(src: Source) -> str:
    """What the compiled reader needs of a JSONL records source besides its
    bytes: the session id when the lines name none, or what the module's
    `compiled_hint` says (Pi: the path, part of its dedup keys)."""
    hint = getattr(PROVIDERS[src.provider], "compiled_hint", None)
    return hint(src) if hint else src.session_id


def start(sources: list[Source], rules: ruleset.RuleSet, jobs: int, cache):
    """Where the main reader gets its files decoded: the cache, else `jobs`
    threads (or the calling thread). A Codex file whose calls turn out to
    depend on other files' (Scanner.adopt returns None) is then read by the
    main reader itself, in order."""
    plan = Decoding(sources, rules, jobs, cache)
    ready = {idx: plan.load for idx in plan.unchanged}
    tasks = sum(plan.parts.get(idx, 1) for idx in plan.todo)
    if jobs < 2 or tasks < 2:
        return parallel.Serial(plan.make, plan.decode, plan.todo, ready)
    if plan.fresh:  # nothing to resume from the cache: the compiled work list
        workers = min(jobs, tasks)
        return parallel.Queued(plan.queue(workers), [plan.make() for _ in range(workers)],
                               {idx: n for n, idx in enumerate(sorted(plan.todo))}, ready, plan,
                               {idx for idx in plan.todo if idx not in plan.jsonl})
    sizes = {idx: st.st_size for idx, st in plan.stats.items() if st is not None}
    return parallel.Decoders(plan.make, plan.decode, plan.todo, min(jobs, tasks), ready, plan.parts, plan.join, sizes)


class Decoding:
    """Which files the cache has unchanged (settled first, in this thread:
    the main reader loads those itself when it reaches them, which costs
    less than handing them to a thread), which are decoded (a grown Claude
    Code file resuming from its cached part; a Codex rollout, whose decoder
    state is not kept, read whole), and which Claude Code files are large
    enough to be read in parts by several threads."""

    def __init__(self, sources: list[Source], rules: ruleset.RuleSet, jobs: int, cache):
        self.rules, self.cache = rules, cache
        # Records providers (providers/records.py) are read by the main
        # reader through their own modules, not decoded here.
        kinds = {i: kind_of(s) for i, s in enumerate(sources)}
        self.paths = {i: s.path for i, s in enumerate(sources) if kinds[i] in NATIVE_KINDS + JSONL_KINDS}
        self.codex = {i: s.session_id for i, s in enumerate(sources) if kinds[i] == "codex"}
        self.jsonl = {i: (kinds[i], jsonl_hint(s)) for i, s in enumerate(sources) if kinds[i] in JSONL_KINDS}
        self.stats: dict[int, os.stat_result | None] = {}
        for idx, path in self.paths.items():
            try:  # taken moments ago by mtime_filter, when it ran
                self.stats[idx] = sources[idx].stat or os.stat(path)
            except OSError:
                self.stats[idx] = None  # the read reports it
        self.unchanged = {idx for idx, st in self.stats.items()
                          if cache is not None and st is not None and cache.unchanged(self.paths[idx], st)}
        self.todo = {idx: path for idx, path in self.paths.items() if idx not in self.unchanged}
        self.parts = {idx: -(-st.st_size // PART_BYTES) for idx in self.todo
                      if jobs > 1 and idx not in self.codex and idx not in self.jsonl and (st := self.stats[idx]) is not None
                      and st.st_size >= 2 * PART_BYTES and (cache is None or not cache.known(self.paths[idx]))}
        self.fallback: Scanner | None = None
        # No file to read has an entry in the cache (a first run, --no-cache,
        # new sessions only): no decode needs Python (a cached part to resume,
        # its phrase stamp and hint to check).
        self.fresh = cache is None or not any(cache.known(path) for path in self.todo.values())

    def make(self) -> Scanner:
        return make_scanner(self.rules, keep_prompts=False)

    def decode(self, scanner: Scanner, idx: int, part: int):
        """File idx decoded (its part'th part when it is read in parts)."""
        path, st, cache = self.paths[idx], self.stats[idx], self.cache
        if idx in self.parts:
            stop = (part + 1) * PART_BYTES if part + 1 < self.parts[idx] else -1
            return scanner.decode_part(path, idx, part * PART_BYTES, stop)
        prior, resume_at = cache.get(path, st) if cache is not None and st is not None else (None, 0)
        if prior is not None and prior.phrase_stamp != scanner.phrase_stamp:
            prior, resume_at = None, 0  # decoded for other self-correction rules: its candidates may be wrong
        if prior is not None and idx in self.jsonl and prior.hint != self.jsonl[idx][1]:
            prior, resume_at = None, 0  # decoded with other side facts (legacy Kimi: the configured model)
        if prior is not None and not resume_at:
            return prior
        if idx in self.codex:
            return self._keep(idx, scanner.decode_codex(path, idx, self.codex[idx]))
        if idx in self.jsonl:  # whole: a grown file's decoder state is not kept
            return self._keep(idx, scanner.decode_jsonl(path, idx, *self.jsonl[idx]))
        return self._keep(idx, scanner.decode_file(path, idx, prior, resume_at))

    def queue(self, jobs: int):
        """The todo files as a compiled work list (parallel.Queued), in order,
        appending their cache entries to the pack from the threads."""
        queue = DecodeQueue(parallel.WINDOW_PER_JOB * jobs, parallel.AHEAD_BYTES)
        for idx in sorted(self.todo):
            st = self.stats[idx]
            kind, hint = ("codex", self.codex[idx]) if idx in self.codex else self.jsonl.get(idx, ("claude", ""))
            queue.add(self.paths[idx], idx, kind, hint, st.st_size if st is not None else 0, self.parts.get(idx, 1),
                      PART_BYTES, st)
        writer = self.cache.thread_writer() if self.cache is not None else None
        if writer is not None:
            queue.set_pack(writer)
        return queue

    def settle(self, idx: int, decoded, kept: int, entry: tuple[int, int, int]) -> None:
        """A queued file taken by the main reader: its cache entry recorded
        (or made here, where the reader could not settle the file itself)."""
        st, cache = self.stats[idx], self.cache
        if cache is None or st is None or kept == QUEUE_NOT_KEPT:
            return
        if kept == QUEUE_ASK_PYTHON:
            cache.put(self.paths[idx], st, decoded)
        else:
            self.settle_entry(idx, kept, entry, decoded.settled[1] if kept == QUEUE_KEPT else None)

    def settle_entry(self, idx: int, kept: int, entry: tuple[int, int, int], edges) -> None:
        """settle() of a file from its QUEUE_* code alone (a Codex file whose
        decode the main reader set aside to read it again in order)."""
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
        kept = [(self.paths[first + k], self.stats[first + k], run.entries[k], run.edges[k])
                for k, code in enumerate(run.kept) if code == QUEUE_KEPT and self.stats[first + k] is not None]
        if kept:
            cache.record_many(kept)
        if QUEUE_PACK_FAILED in run.kept:
            cache.abandon_pack()

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
