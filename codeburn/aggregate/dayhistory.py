"""Past days whose session files are gone (spec commands §2.5, §9.2).

A headline (report's overview and day rows, `overview`, `status`, the
menubar payload) counts the days before today from CodeBurn 0.9.20's day
history, which keeps a day once it has been computed: a day whose
transcripts were deleted since (Claude Code removes them after 30 days by
default) still counts there. Here every day is computed from the files as
they are (a warm run equals a cold one), but a (day, tool) one of whose
files is gone, which is taken whole from what earlier runs kept of its
files (codeburn.cache.daystore, commands.carry).

What is kept: per file, local day and project, the figures a headline
sums (FIELDS) and per model MODEL_FIELDS. Only whole days before today,
of files read whole for them (the run's period starts at or before the
day)."""
from __future__ import annotations

import datetime as dt

import numpy as np

from codeburn.aggregate.arrays import distinct, unique
from codeburn.plainclass import dataclass, field

FIELDS = ("cost", "calls", "sessions", "input", "output", "cacheRead", "cacheWrite", "turns", "editTurns",
          "oneShotTurns")
COST, CALLS, SESSIONS, INPUT, OUTPUT, CACHE_READ, CACHE_WRITE, TURNS, EDITS, ONE_SHOT = range(len(FIELDS))


@dataclass
class Entry:
    """One file's figures on one local day for one project."""
    path: str
    provider: str
    day: int            # local day number (periods.day_number)
    name: str           # the project's name and folder, as the report lists it
    folder: str
    figs: tuple         # floats, in FIELDS order
    models: tuple = ()  # (raw model id, cost, calls, input, output) per model (the menubar's day rows)

    def negated(self) -> "Entry":
        """The same entry taken away (what the files there are hold of a kept day)."""
        return Entry(self.path, self.provider, self.day, self.name, self.folder, tuple(-x for x in self.figs),
                     tuple((m, -c, -k, -i, -o) for m, c, k, i, o in self.models))


@dataclass
class Carried:
    """The kept figures of files that are gone, on the days of a headline."""
    entries: list[Entry] = field(default_factory=list)
    filtered: bool = False   # under --project/--exclude (a headline's tokens are then the files')
    expired: float = 0.0     # the cost of the entries whose file is gone (the rest of a day is kept whole with it)
    days: frozenset = frozenset()   # the kept days (local day numbers), whatever the filters keep of them

    def listed(self, dates: list[str] | None) -> list[str] | None:
        """`dates` (the days a report lists at $0 beside its own) with the
        kept days: a day known only from files that are gone is listed too,
        as 0.9.20 lists every day of its history."""
        if dates is None:
            return None
        from codeburn.aggregate.periods import day_iso

        return sorted(set(dates) | {day_iso(d) for d in self.days})

    def by_day(self) -> dict[int, list[float]]:
        """Per local day, the sums of FIELDS (the day rows count a filtered
        day's turns and tokens too: see total)."""
        out: dict[int, list[float]] = {}
        for e in self.entries:
            row = out.setdefault(e.day, [0.0] * len(FIELDS))
            for i, v in enumerate(e.figs):
                row[i] += v
        return out

    def providers_of(self, day: int) -> set[str]:
        return {e.provider for e in self.entries if e.day == day}

    def cost(self) -> float:
        return sum(e.figs[COST] for e in self.entries)

    def total(self, i: int) -> float:
        """The sum of FIELDS[i]; under filters no tokens or turns (a filtered
        headline's tokens are those of the files there are, as 0.9.20's)."""
        if self.filtered and i >= INPUT:
            return 0.0
        return sum(e.figs[i] for e in self.entries)


MODEL_FIELDS = ("cost", "calls", "input", "output")


@dataclass
class Days:
    """Entries in columns (what is kept, and a run's own): per entry its
    file, day, project and FIELDS; per (entry, model) MODEL_FIELDS. Tables
    of strings the columns index. canonical() gives one order and tables
    of used strings only, so two equal histories compare equal."""
    paths: list[str]
    providers: list[str]          # per path
    idents: list[tuple[int, int]]   # per path: (device, inode) when read, (0, 0) unknown
    projects: list[tuple[str, str]]   # (name, folder)
    models: list[str]
    path: np.ndarray              # int32 per entry
    day: np.ndarray               # int32
    proj: np.ndarray              # int32
    figs: np.ndarray              # float64 [entries, FIELDS]
    m_entry: np.ndarray           # int32 per (entry, model)
    m_model: np.ndarray           # int32
    m_vals: np.ndarray            # float64 [rows, MODEL_FIELDS]
    # When the files were last gone through: {"day": local day, "ranges":
    # {first day: digest of the files read}} (commands.carry.sources_digest).
    checked: dict = field(default_factory=dict, compare=False)

    @staticmethod
    def empty() -> "Days":
        i = np.zeros(0, np.int32)
        return Days([], [], [], [], [], i, i, i, np.zeros((0, len(FIELDS))), i, i, np.zeros((0, len(MODEL_FIELDS))))

    def __len__(self) -> int:
        return int(self.day.size)

    def same(self, other: "Days") -> bool:
        return (self.paths == other.paths and self.providers == other.providers and self.idents == other.idents
                and self.projects == other.projects
                and self.models == other.models and all(np.array_equal(a, b) for a, b in zip(
                    self._arrays(), other._arrays())))

    def _arrays(self) -> tuple:
        return self.path, self.day, self.proj, self.figs, self.m_entry, self.m_model, self.m_vals

    def take(self, keep: np.ndarray) -> "Days":
        """The entries `keep` marks (bool), with their models."""
        at = np.full(len(self), -1, dtype=np.int64)
        at[keep] = np.arange(int(keep.sum()))
        mk = keep[self.m_entry] if self.m_entry.size else np.zeros(0, bool)
        return Days(self.paths, self.providers, self.idents, self.projects, self.models, self.path[keep],
                    self.day[keep],
                    self.proj[keep], self.figs[keep], at[self.m_entry[mk]].astype(np.int32), self.m_model[mk],
                    self.m_vals[mk])

    def canonical(self) -> "Days":
        """Only the strings used, each table sorted; entries by path, day and
        project, their models by name."""
        pu, pinv = _remap(self.path, self.paths)
        ju, jinv = _remap(self.proj, self.projects)
        mu, minv = _remap(self.m_model, self.models)
        order = np.lexsort((jinv, self.day, pinv))
        at = np.empty(len(self), dtype=np.int64)
        at[order] = np.arange(len(self))
        m_entry = at[self.m_entry] if self.m_entry.size else self.m_entry.astype(np.int64)
        m_order = np.lexsort((minv, m_entry))
        return Days([self.paths[i] for i in pu], [self.providers[i] for i in pu], [self.idents[i] for i in pu],
                    [self.projects[i] for i in ju],
                    [self.models[i] for i in mu], pinv[order].astype(np.int32), self.day[order].astype(np.int32),
                    jinv[order].astype(np.int32), np.ascontiguousarray(self.figs[order]),
                    m_entry[m_order].astype(np.int32), minv[m_order].astype(np.int32),
                    np.ascontiguousarray(self.m_vals[m_order]))

    def entries(self, keep: np.ndarray) -> list[Entry]:
        """The entries `keep` marks as Entry objects (a headline's few kept days)."""
        sub = self.take(keep)
        models: list[list[tuple]] = [[] for _ in range(len(sub))]
        for e, m, vals in zip(sub.m_entry.tolist(), sub.m_model.tolist(), sub.m_vals.tolist()):
            models[e].append((self.models[m], vals[0], int(vals[1]), int(vals[2]), int(vals[3])))
        return [Entry(self.paths[p], self.providers[p], d, *self.projects[j], tuple(f), tuple(models[i]))
                for i, (p, d, j, f) in enumerate(zip(sub.path.tolist(), sub.day.tolist(), sub.proj.tolist(),
                                                     sub.figs.tolist()))]


def _remap(ids: np.ndarray, table: list) -> tuple[list[int], np.ndarray]:
    """(the used table indices in the order of their values, each id's new index)."""
    used = distinct(ids).tolist() if ids.size else []
    used.sort(key=table.__getitem__)
    new = np.zeros(len(table), dtype=np.int64)
    new[used] = np.arange(len(used))
    return used, new[ids] if ids.size else ids.astype(np.int64)


# The scan columns live_entries reads (a run may drop the others first).
COLUMNS = ("ts", "file", "model", "weight", "input", "output", "cache_read", "cache_write", "turn", "turn_category",
           "turn_flags", "turn_retries", "turn_skill", "turn_ts")
# Calls summed this many at a time: the temporaries of a pass over 476k
# calls at once (keys, inverses, weights) were 45 MB on the 2 GB bench.
CHUNK = 1 << 15
_CALL_SUMS = (COST, CALLS, INPUT, OUTPUT, CACHE_READ, CACHE_WRITE)


def live_entries(u, now: dt.datetime, first_day: int) -> "Days":
    """The figures of `u`'s calls (a headline's: whole days and today) per
    file, past day from `first_day` on, and project: cost, calls and
    tokens on each call's day; a session on the day of its first call
    (build.day_session_counts); turns, edit turns and one-shot turns on
    the days the day rows count them."""
    from codeburn._fast import agg
    from codeburn.aggregate.periods import day_number
    from codeburn.aggregate.turns import turn_table
    from codeburn.aggregate.usage import labels
    from codeburn.report.build import _row_days, day_session_counts

    if not u.sel.size:
        return Days.empty()
    today = day_number(now.astimezone(u.tz).date())
    cols = u.scan.cols
    nproj = max(len(u.projects), 1)

    def key(files, days, projects):
        # (file, day, project) as one number: the key of an entry
        k = files.astype(np.int64)
        k *= 1_000_000
        k += days
        k *= nproj
        k += projects
        return k

    keys, sums, m_keys, m_sums = [], [], [], []
    weight = cols.get("weight")
    for lo in range(0, u.sel.size, CHUNK):
        part = slice(lo, lo + CHUNK)
        ok = (u.day[part] >= first_day) & (u.day[part] < today)
        rows = u.sel[part][ok]
        if not rows.size:
            continue
        k, inv = _group(key(cols["file"][rows], u.day[part][ok], u.project[part][ok]))
        w = [u.cost[part][ok], weight[rows] if weight is not None else np.ones(rows.size)] + \
            [cols[c][rows] for c in ("input", "output", "cache_read", "cache_write")]
        keys.append(k)
        sums.append(np.stack([np.bincount(inv, weights=x, minlength=k.size) for x in w], axis=1))
        model = cols["model"][rows].astype(np.int64)
        span = int(model.max()) + 1
        mk, minv = _group(inv.astype(np.int64) * span + model)
        entry, mid = np.divmod(mk, span)
        m_keys.append(np.stack((k[entry], mid), axis=1))
        m_sums.append(np.stack([np.bincount(minv, weights=x, minlength=mk.size) for x in w[:len(MODEL_FIELDS)]],
                               axis=1))   # (cost, calls, input, output: w's first four)
    # Turns on the days the day rows count them, sessions on the day of their first call.
    t = turn_table(u, lean=True)
    past, _on_today, _ = _row_days(u, t, now)
    turn_ok = (past >= first_day) & (past < today) & (t.counts > 0)
    turn_first = agg.group_extreme(t.of_call, np.arange(u.sel.size, dtype=np.int64), t.size)[turn_ok]
    turn_key = key(cols["file"][u.sel[turn_first]], past[turn_ok], u.project[turn_first])
    turn_sums = np.stack((np.ones(turn_key.size), t.edit[turn_ok], t.one_shot[turn_ok]), axis=1)
    del t, past, turn_first
    on_today = agg.group_any(labels(u.session), (u.day == today).view(np.uint8), len(u.sessions))
    first = _first_calls(u)[(day_session_counts(u, now) - on_today) > 0]   # (counted on a past day: its first)
    first = first[first >= 0]
    first = first[(u.day[first] >= first_day) & (u.day[first] < today)]
    session_key = key(cols["file"][u.sel[first]], u.day[first], u.project[first])
    # Merged: every entry's sums.
    all_keys = np.concatenate(keys + [turn_key, session_key])
    uniq = distinct(all_keys)
    at = np.searchsorted(uniq, all_keys)
    n = uniq.size
    figs = np.zeros((n, len(FIELDS)), dtype=np.float64)
    nc = sum(k.size for k in keys)
    if nc:
        call_sums = np.concatenate(sums)
        for c, field in enumerate(_CALL_SUMS):
            figs[:, field] = np.bincount(at[:nc], weights=call_sums[:, c], minlength=n)
    at_turn = at[nc:nc + turn_key.size]
    for c, field in enumerate((TURNS, EDITS, ONE_SHOT)):
        figs[:, field] = np.bincount(at_turn, weights=turn_sums[:, c], minlength=n)
    figs[:, SESSIONS] = np.bincount(at[nc + turn_key.size:], minlength=n)
    m_entry, m_model, m_vals = _merge_models(uniq, m_keys, m_sums)
    f, rest = np.divmod(uniq, 1_000_000 * nproj)
    day, proj = np.divmod(rest, nproj)
    files_used, path = unique(f, return_inverse=True)
    projs_used, proj_id = unique(proj, return_inverse=True)
    models_used, model_id = unique(m_model, return_inverse=True)
    sources, strings = u.scan.sources, u.scan.strings
    projects = [(u.projects[p].name, u.projects[p].path) if u.projects else ("", "") for p in projs_used.tolist()]
    used = [sources[x] for x in files_used.tolist()]
    return Days(entry_keys(used), [s.provider for s in used], [ident(s) for s in used], projects,
                [strings[x] for x in models_used.tolist()], path.reshape(-1).astype(np.int32), day.astype(np.int32), proj_id.reshape(-1).astype(np.int32),
                figs, m_entry.astype(np.int32), model_id.reshape(-1).astype(np.int32), m_vals).canonical()


# A store that holds many sessions: its days are kept per session, so one
# deleted inside the store (OpenCode, Goose, Crush, Cursor) is gone while
# the store stays.
STORE_SUFFIXES = (".db", ".vscdb", ".sqlite", ".sqlite3")


def entry_keys(sources) -> list[str]:
    """What the day history keys each source's days by: its file, or a
    store's path and the session ('\\0' between: no path holds one)."""
    return [f"{s.path}\0{s.session_id}" if s.session_id and s.path.endswith(STORE_SUFFIXES) else s.path
            for s in sources]


def key_path(key: str) -> str:
    return key.split("\0", 1)[0]


def ident(source) -> tuple[int, int]:
    """A source's (device, inode) as read (a file renamed keeps them: Codex
    moving a rollout to its archive), (0, 0) when not known."""
    st = source.stat
    return (int(st.st_dev), int(st.st_ino)) if st is not None else (0, 0)


def _merge_models(entry_keys: np.ndarray, m_keys: list, m_sums: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The chunks' (entry key, model) sums merged: per pair its entry (index
    into entry_keys), its model's string id and MODEL_FIELDS."""
    if not m_keys:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros((0, len(MODEL_FIELDS)))
    pairs, vals = np.concatenate(m_keys), np.concatenate(m_sums)
    entry = np.searchsorted(entry_keys, pairs[:, 0])
    span = int(pairs[:, 1].max()) + 1
    pk, inv = unique(entry * span + pairs[:, 1], return_inverse=True)
    inv = inv.reshape(-1)
    out = np.stack([np.bincount(inv, weights=vals[:, c], minlength=pk.size) for c in range(vals.shape[1])], axis=1)
    e, m = np.divmod(pk, span)
    return e, m, out


def _group(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(keys, return_inverse=True) for keys that come in long runs
    (a file's calls, day by day): the runs are found first, and only their
    keys sorted (np.unique sorted all 112k keys of the dense bench: 20 ms)."""
    if not keys.size:
        return keys, np.zeros(0, dtype=np.intp)
    change = np.empty(keys.size, dtype=bool)
    change[0] = True
    np.not_equal(keys[1:], keys[:-1], out=change[1:])
    firsts = keys[change]
    uniq, of_run = unique(firsts, return_inverse=True)
    run = np.cumsum(change, dtype=np.int32)
    run -= 1
    return uniq, of_run.reshape(-1)[run]


def _first_calls(u) -> np.ndarray:
    """Per session, the position (in u.sel) of its earliest call (the first
    in row order of those at its earliest time), -1 for none."""
    from codeburn._fast import agg
    from codeburn.aggregate.usage import labels

    n = len(u.sessions)
    if not u.sel.size:
        return np.full(n, -1, dtype=np.int64)
    session = labels(u.session)
    times = np.ascontiguousarray(u.times, dtype=np.int64)
    earliest = agg.group_extreme(session, times, n)
    at_first = (times == earliest[session]).view(np.uint8)
    return agg.group_first(session, np.arange(u.sel.size, dtype=np.int64), n, at_first)

