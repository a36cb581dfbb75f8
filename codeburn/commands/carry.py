"""A headline's past days whose files are gone (codeburn.aggregate.dayhistory):
taken from what earlier runs kept, and what is kept brought up to date.

Used by the commands whose totals are 0.9.20's durable ones: report,
overview, status and its menubar payload, and by the dashboard's tabs.
Not for `scan PATH` (the files given are the history) nor with
--no-cache (nothing kept is read or written)."""
from __future__ import annotations

import functools
import os

from codeburn.aggregate import periods


def kept_days_exist(args: dict, env, tz) -> bool:
    """Whether a run may have past days to take from the day history (a
    history with no session file left still has them): the fast answers
    for an empty history are then not taken."""
    if args.get("--no-cache"):
        return False
    from codeburn.cache.cachedir import DAY_HISTORY_PREFIX, cache_dir   # (no numpy)

    try:   # (the zone's, or another zone's: daystore.load starts from it)
        return any(name.startswith(DAY_HISTORY_PREFIX) for name in os.listdir(cache_dir(env.environ)))
    except OSError:
        return False


DIGEST_CHUNK = 4096  # rows joined and hashed at a time (one update a row was 0.1 s at 56k files)


def sources_digest(sources: list, midnight_ms: int, now_ms: int, keys: list[str] | None = None) -> str:
    """What the kept days depend on, of the sources a run reads: each one's
    key (a store's session too) and its file's size and mtime, but for a
    file written today up to now (a session still going adds to today and
    to nothing kept: its past days were complete at midnight; a file
    stamped ahead of the clock counts). A store or task folder read with no
    stat of its own is stat'ed here (once a path). `keys`: the sources'
    entry keys, when the caller has them (dayhistory.entry_keys)."""
    import hashlib

    from codeburn.aggregate.dayhistory import entry_keys

    stats: dict[str, tuple[int, int] | None] = {}

    def stamp(src) -> tuple[int, int] | None:
        if src.path not in stats:
            try:
                st = os.stat(src.path)
                stats[src.path] = (st.st_size, st.st_mtime_ns)
            except (OSError, ValueError):
                stats[src.path] = None
        return stats[src.path]

    # mtime_ns // 10**6 in [midnight_ms, now_ms], without a division a file
    low, high = midnight_ms * 1_000_000, (now_ms + 1) * 1_000_000
    rows = []
    for key, src in zip(keys if keys is not None else entry_keys(sources), sources):
        st = src.stat
        if st is not None:
            size, mtime = st.st_size, st.st_mtime_ns
        else:
            got = stamp(src)
            if got is None:
                rows.append(f"{key}\0{src.provider}\0None\n")
                continue
            size, mtime = got
        if not low <= mtime < high:
            rows.append(f"{key}\0{src.provider}\0({size}, {mtime})\n")
    rows.sort()
    h = hashlib.blake2b(digest_size=16)
    for lo in range(0, len(rows), DIGEST_CHUNK):   # (the digest of the rows in a row, a chunk at a time)
        h.update("".join(rows[lo:lo + DIGEST_CHUNK]).encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _checked_today(checked: dict, today: int, first_day: int, digest: str) -> bool:
    """Whether the files were gone through today from `first_day` on (or
    earlier) with the same digest: then the kept days are as they would
    be made again, and the work (0.03 s on 112k calls) is not done."""
    if checked.get("day") != today:
        return False
    ranges = checked.get("ranges")
    return isinstance(ranges, dict) and any(
        isinstance(day, int) and day <= first_day and value == digest for day, value in ranges.items())


def carry(head, named, args: dict, env, now, tz, refresh: bool = True):
    """(head, named, carried, keep): `carried`, the (day, tool) pairs one
    of whose files is gone, as what was kept of them less what their files
    there are hold now (None when there are none), to be added to the
    headline computed from the files (`head`, or with --project/--exclude
    `named`, commands.common.named_head; both returned as they came). So
    such a day counts as it was kept, whatever the files left of it hold
    now (a session from it into the next day, a resumed session repeating
    a gone file's lines), and every other day as its files are. `keep()`
    (None without `refresh`, or when nothing changed since it last ran
    today) brings the kept days up to date from a year of the files read:
    the caller runs it once its own output is made, when the report's
    temporaries are gone (so it adds nothing to the peak memory)."""
    if args.get("--no-cache"):
        return head, named, None, None
    import numpy as np

    from codeburn.aggregate.dayhistory import Carried, live_entries
    from codeburn.aggregate.projects import Project
    from codeburn.aggregate.usage import project_filter
    from codeburn.cache import daystore
    from codeburn.cache.cachedir import cache_dir
    from codeburn.commands.common import check_providers
    from codeburn.providers import PROVIDERS

    directory = cache_dir(env.environ)
    zone = periods.zone_key(tz)
    kept = daystore.load(directory, zone)
    first_day, end_day, today = periods.local_day_numbers(
        np.array([head.period.start_ms, head.period.end_ms, int(now.timestamp() * 1000)]), tz).tolist()
    last_day = min(end_day, today - 1)
    sources = head.scan.sources
    keys, now_read, searched = _what_was_read(head.scan, env.home)
    read_paths, read = {s.path for s in sources}, set(keys)
    history = periods.history_period(now, tz)
    tools = set(check_providers(args["--provider"]))
    gone, moved = daystore.gone_days(kept, tools, first_day, last_day, read, now_read, searched, read_paths,
                                     history.start_ms)
    include, exclude = args.get("--project") or [], args.get("--exclude") or []
    # What is kept is made from a year of every file the run read (as
    # 0.9.20's day history is, whatever the command's period or filters),
    # once a day unless a file changed; with the gone days' current figures
    # taken from the same calls.
    span_first = min(first_day, int(periods.local_day_numbers(np.array([history.start_ms]), tz)[0]))
    made: list = []

    @functools.cache
    def whole() -> bool:
        """Whether the headline's own calls are the year's (then no second
        selection is made, and none is held through the caller's report)."""
        ts = head.scan.cols["ts"]
        return not (include or exclude) and head.period.end_ms >= history.end_ms and not bool(
            ((ts >= history.start_ms) & (ts < head.period.start_ms)).any())

    def live():
        if not made:
            from codeburn.aggregate.usage import select_calls

            span = periods.Period(min(head.period.start_ms, history.start_ms), history.end_ms, "", "")
            made.append(live_entries(head if whole() else select_calls(head.scan, span, [], [], tz), now,
                                     span_first))
        return made[0]

    keep = None
    digest = sources_digest(sources, periods.local_midnight_ms(now.astimezone(tz).date(), tz),
                            int(now.timestamp() * 1000), keys) if refresh else ""
    if refresh and (moved or not _checked_today(kept.checked, today, span_first, digest)):
        if not whole():
            live()   # (now, while the scan's every column is there: the caller may drop some)

        def keep():
            fresh = daystore.refresh(kept, live(), read, span_first, today - 1, today, gone, moved)
            ranges = kept.checked.get("ranges", {}) if kept.checked.get("day") == today else {}
            fresh.checked = {"day": today, "ranges": {**ranges, span_first: digest}}
            if not fresh.same(kept) or fresh.checked != kept.checked:
                daystore.save(directory, zone, fresh)
    # (one tool's report lists every tool's days at $0: the other tools'
    # days known only from files that are gone too, as 0.9.20's history)
    others = frozenset(d for d, _ in daystore.gone_days(
        kept, set(PROVIDERS) - tools, first_day, last_day, read, now_read, searched, read_paths,
        history.start_ms)[0]) if args["--provider"] != "all" else frozenset()
    if not gone:
        return head, named, (Carried(days=others) if others else None), keep
    stored = kept.entries(daystore.in_pairs(kept, gone))
    now_held = live()
    entries = stored + [e.negated() for e in now_held.entries(daystore.in_pairs(now_held, gone))]
    if include or exclude:
        keep_project = project_filter([Project(e.name, e.folder) for e in entries], include, exclude)
        entries = [e for e, k in zip(entries, keep_project.tolist()) if k]
    return head, named, Carried(entries, filtered=bool(include or exclude), expired=_expired(stored, entries, moved),
                                days=frozenset(d for d, _ in gone) | others), keep


def _expired(stored: list, entries: list, moved: dict) -> float:
    """What `overview` says came from files that are gone: per kept (day,
    tool), the cost of its gone files' entries, but no more than the day
    holds beyond what the files there are give it now (a copy of a gone
    file, read now under a new inode, re-derives its calls: nothing of it
    is preserved then, as 0.9.20 marks a day carried only for what it could
    not parse again)."""
    from codeburn.aggregate.dayhistory import COST, key_path

    gone: dict[tuple, float] = {}
    for e in stored:
        if e.path not in moved and (key_path(e.path) != e.path or not os.path.lexists(e.path)):
            gone[(e.day, e.provider)] = gone.get((e.day, e.provider), 0.0) + e.figs[COST]
    net: dict[tuple, float] = {}
    for e in entries:   # (the kept entries and, negated, what the files there are hold of those days)
        net[(e.day, e.provider)] = net.get((e.day, e.provider), 0.0) + e.figs[COST]
    return sum(min(cost, max(0.0, net.get(pair, 0.0))) for pair, cost in gone.items())


def _what_was_read(scan, home: str) -> tuple[list, dict, set]:
    """(the entry keys of the sources read, {(tool, file name, device, inode):
    path} of the files read, the folders a gone file is looked for in: those
    this run searched and the home, as a store found at a fixed place, such
    as Copilot's, is in no folder walked)."""
    from codeburn.aggregate.dayhistory import entry_keys, ident

    sources = scan.sources
    now_read = _ReadByIdent(sources, ident)
    searched = set(getattr(scan, "searched", set())) | ({home} if home and home != "/" else set())
    return entry_keys(sources), now_read, searched


class _ReadByIdent:
    """{(tool, file name, device, inode): path} of the files read, made
    when first asked: only a kept file no longer at its path asks (the
    table costs 0.03 s a run at 56k files)."""

    def __init__(self, sources: list, ident):
        self.sources, self.ident, self.table = sources, ident, None

    def get(self, key, default=None):
        if self.table is None:
            self.table = {(s.provider, os.path.basename(s.path), *self.ident(s)): s.path
                          for s in self.sources if s.stat is not None}
        return self.table.get(key, default)
