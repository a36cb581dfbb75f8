"""Antigravity's status-line log, spec providers §1.14: a JSONL file the
reference's optional `agy` status-line hook appends to,
`<cache dir>/antigravity-statusline.jsonl` (`$CODEBURN_CACHE_DIR`, else
`~/.cache/codeburn`; with `$XDG_CACHE_HOME` set, its `codeburn` dir too).
It belongs to provider `antigravity`, project `antigravity-cli`; the
Antigravity conversation stores (`.db`) are `providers/antigravity.py`'s,
which joins this module in two lines: its discover() ends with
`yield from antigravity_log.discover_after(stores, env, home, walker)`
(the log's source carries the stores' cascade ids and paths), and its
read() starts with `if antigravity_log.is_log(source): return
antigravity_log.read(source, log, skip)`. A conversation whose store gives
calls is skipped here (its per-response counts are better than these
snapshots), as the reference skips a conversation with calls keyed
`antigravity:<id>:`; one whose store gives none (no usage rows, not a
database) is counted from its snapshots.

Each line is a cumulative usage snapshot of one conversation
(`{at, conversationId, sessionId?, model, usage:{inputTokens,
outputTokens, cacheCreationInputTokens, cacheReadInputTokens}}`). Runs of
identical snapshots collapse; a snapshot seen only once is ignored unless it
is the conversation's last; each kept snapshot that grew on every count is
differenced against the previous kept one (a shrink restarts from it).
"""
from __future__ import annotations

import os
import re
from typing import Iterable, Iterator, Mapping

from codeburn.cache.cachedir import cache_dir
from codeburn.plainclass import dataclass
from codeburn.providers import jsonfiles as jf
from codeburn.providers.base import Source, Walker
from codeburn.providers.records import Call, ReadLog, Session, ts_ms

PROVIDER = "antigravity"
DISPLAY_NAME = "Antigravity"
KIND = "records"
OUTPUT_HAS_REASONING = False
KEEPS_COST = True       # antigravity is on the keep-cost list; these calls carry no cost of their own
FILE_NAME = "antigravity-statusline.jsonl"
PROJECT = "antigravity-cli"
EFFORT_SUFFIX = re.compile(r"-(high|medium|low|agent)$")
PRICING_ALIASES = {"gemini-pro": "gemini-3.1-pro"}
COUNTS = ("inputTokens", "outputTokens", "cacheCreationInputTokens", "cacheReadInputTokens")


@dataclass(slots=True)
class LogSource(Source):
    stores: tuple[tuple[str, str], ...] = ()    # (cascade id, path) of each conversation store


@dataclass(slots=True)
class Run:
    snapshot: dict
    signature: str
    seen: int = 1


def paths(env: Mapping[str, str], home: str) -> list[str]:
    """Where the hook may have written the log (the reference's cache dir
    first; ours, when XDG moves it, second)."""
    ref = env.get("CODEBURN_CACHE_DIR", "").strip() or os.path.join(home, ".cache", "codeburn")
    out = [os.path.join(ref, FILE_NAME)]
    ours = os.path.join(cache_dir({**env, "HOME": home}), FILE_NAME)
    return out if ours in out else [*out, ours]


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    return discover_after([], env, home, walker)


def discover_after(stores: Iterable[Source], env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    """The log's source, after the conversation stores' (`stores`: their
    sources, named by cascade id)."""
    held = tuple((s.session_id, s.path) for s in stores)
    for path in paths(env, home):
        if os.path.lexists(path):
            yield LogSource(PROVIDER, path, PROJECT, "", os.path.dirname(path), stores=held)


def is_log(source: Source) -> bool:
    return os.path.basename(source.path) == FILE_NAME


def _snapshot(rec: dict) -> dict | None:
    """A line's snapshot, or None when it lacks a valid time, conversation,
    model or any token."""
    conv, model, usage = rec.get("conversationId"), rec.get("model"), rec.get("usage")
    when = ts_ms(rec.get("at")) if isinstance(rec.get("at"), str) else None
    if when is None or not isinstance(conv, str) or not conv or not isinstance(model, str) or not model \
            or not isinstance(usage, dict):
        return None
    counts = [_token(usage.get(k)) for k in COUNTS]
    if not any(counts):
        return None
    return {"at": when, "conv": conv, "model": model, "counts": counts}


def _token(value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value <= 0:
        return 0
    return jf.capped(value)


def read(source: Source, log: ReadLog, skip: set[str] = frozenset()) -> list[Session]:
    """The log's sessions, less the conversations in `skip` (those with calls
    of their own: from a store or a live read)."""
    runs: dict[str, list[Run]] = {}
    for n, rec in jf.json_records(source.path, log):
        snap = _snapshot(rec)
        if snap is None:
            log.skip("bad_record", f"{source.path}:{n}")
            continue
        if snap["conv"] in skip:
            continue
        signature = ":".join([snap["model"], *map(str, snap["counts"])])
        conv_runs = runs.setdefault(snap["conv"], [])
        if conv_runs and conv_runs[-1].signature == signature:
            conv_runs[-1].seen += 1
            conv_runs[-1].snapshot = snap
        else:
            conv_runs.append(Run(snap, signature))
    return [Session(conv, source.project, calls) for conv, conv_runs in runs.items()
            if (calls := list(_calls(conv, conv_runs)))]


def _calls(conv: str, runs: list[Run]) -> Iterator[Call]:
    previous, k = None, 0
    for i, run in enumerate(runs):
        if run.seen == 1 and i != len(runs) - 1:
            continue          # a passing snapshot, superseded before it repeated
        counts = run.snapshot["counts"]
        grew = previous is not None and all(c >= p for c, p in zip(counts, previous))
        billable = [c - p for c, p in zip(counts, previous)] if grew else counts
        previous = counts
        if not any(billable):
            continue
        inp, out, cache_write, cache_read = billable
        model = run.snapshot["model"]
        yield Call(run.snapshot["at"], model, input=inp, output=out, cache_write=cache_write,
                   cache_read=cache_read, cost=_cost(model, billable), key=f"antigravity-statusline:{conv}:{k}:{run.signature}")
        k += 1


def pricing_model(model: str) -> str:
    """The name Antigravity's models are priced under: an effort suffix
    dropped (`-high`, `-low`, …), Antigravity's own aliases applied."""
    stripped = EFFORT_SUFFIX.sub("", model)
    return PRICING_ALIASES.get(stripped, stripped)


def _cost(model: str, counts: list[int]) -> float | None:
    """The price under the pricing name, when it differs from the model's
    own (None: the report prices the model as usual)."""
    name = pricing_model(model)
    if name == model:
        return None
    from codeburn.cost.pricing import PriceTable, calculate_cost

    inp, out, cache_write, cache_read = counts
    return calculate_cost(PriceTable.default().lookup(name), inp, out, cache_write, cache_read)


def sniff(path: str, head: bytes) -> bool:
    return os.path.basename(path) == FILE_NAME or (b'"conversationId"' in head and b'"cacheReadInputTokens"' in head
                                                   and b'"at"' in head)
