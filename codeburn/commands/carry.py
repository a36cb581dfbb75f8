"""A headline's past days whose files are gone (codeburn.aggregate.dayhistory):
taken from what earlier runs kept, and what is kept brought up to date.

Used by the commands whose totals are 0.9.20's durable ones: report,
overview, status and its menubar payload. Not for `scan PATH` (the files given are the history)
nor with --no-cache (nothing kept is read or written)."""
from __future__ import annotations

import os

from codeburn.aggregate import periods


def kept_days_exist(args: dict, env, tz) -> bool:
    """Whether a run may have past days to take from the day history (a
    history with no session file left still has them): the fast answers
    for an empty history are then not taken."""
    if args.get("--no-cache"):
        return False
    from codeburn.cache.cachedir import cache_dir, day_history_path   # (no numpy: the empty answer's path)

    return os.path.exists(day_history_path(cache_dir(env.environ), _zone(tz)))


def _zone(tz) -> str:
    """The key of a zone's day history: its IANA name (else how Python shows it)."""
    return getattr(tz, "key", None) or repr(tz)


def carry(head, named, args: dict, env, now, tz, refresh: bool = True):
    """(head, named, carried, keep): the headline's calls without those of
    the (day, tool) pairs taken from what was kept, and those kept figures
    (None when there are none); `named` is the filtered headline of
    commands.common.named_head (or None). `keep()` (None without
    `refresh` or under filters) brings the kept days up to date from the
    unfiltered headline's calls: the caller runs it once its own output is
    made, when the report's temporaries are gone (so it adds nothing to the
    peak memory)."""
    if args.get("--no-cache"):
        return head, named, None, None
    import numpy as np

    from codeburn.aggregate.dayhistory import Carried
    from codeburn.aggregate.projects import Project
    from codeburn.aggregate.usage import project_filter
    from codeburn.cache import daystore
    from codeburn.cache.cachedir import cache_dir
    from codeburn.commands.common import check_providers

    directory = cache_dir(env.environ)
    zone = _zone(tz)
    kept = daystore.load(directory, zone)
    first_day, end_day, today = periods.local_day_numbers(
        np.array([head.period.start_ms, head.period.end_ms, int(now.timestamp() * 1000)]), tz).tolist()
    last_day = min(end_day, today - 1)
    sources = head.scan.sources
    read = {s.path for s in sources}
    moved = {(s.provider, os.path.basename(s.path)) for s in sources}
    searched = getattr(head.scan, "searched", set())
    gone = daystore.gone_days(kept, set(check_providers(args["--provider"])), first_day, last_day, read, moved,
                              searched) if first_day <= last_day else set()
    include, exclude = args.get("--project") or [], args.get("--exclude") or []
    keep = None
    if refresh and not (include or exclude) and first_day <= last_day:
        live = head

        def keep():
            from codeburn.aggregate.dayhistory import live_entries

            fresh = daystore.refresh(kept, live_entries(live, now, first_day), read, first_day, last_day, today, gone)
            if not fresh.same(kept):
                daystore.save(directory, zone, fresh)
    if not gone:
        return head, named, None, keep
    entries = kept.entries(daystore.in_pairs(kept, gone))
    if include or exclude:
        keep_project = project_filter([Project(e.name, e.folder) for e in entries], include, exclude)
        entries = [e for e, k in zip(entries, keep_project.tolist()) if k]
    head = _without(head, gone, tz, frame=True)
    if named is not None:
        named = _without(named, gone, tz)
    expired = sum(e.figs[0] for e in entries if not os.path.lexists(e.path))
    return head, named, Carried(entries, filtered=bool(include or exclude), expired=expired), keep


def _without(u, gone: set, tz, frame: bool = False):
    """u's calls but those of the `gone` (day, tool) pairs."""
    import numpy as np

    from codeburn.aggregate.usage import select_calls

    from codeburn.aggregate.arrays import isin

    scan = u.scan
    names = sorted({s.provider for s in scan.sources} | {p for _, p in gone})
    code = {p: i for i, p in enumerate(names)}
    of_source = np.array([code[s.provider] for s in scan.sources], dtype=np.int64)
    pair = u.day.astype(np.int64) * len(names) + of_source[scan.cols["file"][u.sel]]
    drop = isin(pair, np.array([d * len(names) + code[p] for d, p in gone], dtype=np.int64))
    mask = np.zeros(scan.cols["ts"].size, dtype=bool)
    mask[u.sel[~drop]] = True
    out = select_calls(scan, u.period, [], [], tz, frame=u if frame else None, calls=mask)
    out.token_head, out.unstarted = u.token_head, u.unstarted
    return out
