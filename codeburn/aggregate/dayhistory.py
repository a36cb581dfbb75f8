"""Past days whose session files are gone (spec commands §2.5, §9.2).

A headline (report's overview and day rows, `overview`, `status`) counts
the days before today from CodeBurn 0.9.20's day history, which keeps a
day once it has been computed: a day whose transcripts were deleted since
(Claude Code removes them after 30 days by default) still counts there.
Here every day is computed from the files as they are (a warm run equals a
cold one), and a day a file that is gone had calls on is taken from what
an earlier run kept of that file (codeburn.cache.daystore).

What is kept: per file, local day and project, the figures a headline
sums (FIELDS). Only whole days before today, of files read whole for
them (the run's period starts at or before the day)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from codeburn.aggregate.arrays import unique

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


@dataclass
class Carried:
    """The kept figures of files that are gone, on the days of a headline."""
    entries: list[Entry] = field(default_factory=list)
    filtered: bool = False   # under --project/--exclude (a headline's tokens are then the files')
    expired: float = 0.0     # the cost of the entries whose file is gone (the rest of a day is kept whole with it)

    def __bool__(self) -> bool:
        return bool(self.entries)

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
    projects: list[tuple[str, str]]   # (name, folder)
    models: list[str]
    path: np.ndarray              # int32 per entry
    day: np.ndarray               # int32
    proj: np.ndarray              # int32
    figs: np.ndarray              # float64 [entries, FIELDS]
    m_entry: np.ndarray           # int32 per (entry, model)
    m_model: np.ndarray           # int32
    m_vals: np.ndarray            # float64 [rows, MODEL_FIELDS]

    @staticmethod
    def empty() -> "Days":
        i = np.zeros(0, np.int32)
        return Days([], [], [], [], i, i, i, np.zeros((0, len(FIELDS))), i, i, np.zeros((0, len(MODEL_FIELDS))))

    def __len__(self) -> int:
        return int(self.day.size)

    def same(self, other: "Days") -> bool:
        return (self.paths == other.paths and self.providers == other.providers and self.projects == other.projects
                and self.models == other.models and all(np.array_equal(a, b) for a, b in zip(
                    self._arrays(), other._arrays())))

    def _arrays(self) -> tuple:
        return self.path, self.day, self.proj, self.figs, self.m_entry, self.m_model, self.m_vals

    def take(self, keep: np.ndarray) -> "Days":
        """The entries `keep` marks (bool), with their models."""
        at = np.full(len(self), -1, dtype=np.int64)
        at[keep] = np.arange(int(keep.sum()))
        mk = keep[self.m_entry] if self.m_entry.size else np.zeros(0, bool)
        return Days(self.paths, self.providers, self.projects, self.models, self.path[keep], self.day[keep],
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
        return Days([self.paths[i] for i in pu], [self.providers[i] for i in pu], [self.projects[i] for i in ju],
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
    from codeburn.aggregate.arrays import distinct

    used = distinct(ids).tolist() if ids.size else []
    used.sort(key=lambda i: table[i])
    new = np.zeros(len(table), dtype=np.int64)
    new[used] = np.arange(len(used))
    return used, new[ids] if ids.size else ids.astype(np.int64)


def live_entries(u, now: dt.datetime, first_day: int) -> "Days":
    """The figures of `u`'s calls (a headline's: whole days and today) per
    file, past day from `first_day` on, and project: cost, calls and
    tokens on each call's day; a session on the day of its first call
    (build.day_session_counts); turns, edit turns and one-shot turns on
    the days the day rows count them."""
    from codeburn._fast import agg
    from codeburn.aggregate.turns import turn_table
    from codeburn.aggregate.usage import labels
    from codeburn.report.build import TOKEN_FIELDS, _row_days, day_session_counts

    if not u.sel.size:
        return Days.empty()
    today = int(_today(now, u.tz))
    scan = u.scan
    files = scan.cols["file"][u.sel].astype(np.int64)
    nproj = max(len(u.projects), 1)
    # One key per (file, day, project): calls on their own day, turns and
    # sessions where the day rows and the session count put them.
    call_key = (files * 1_000_000 + u.day.astype(np.int64)) * nproj + u.project
    t = turn_table(u)
    past, _on_today, _ = _row_days(u, t, now)
    turn_first = agg.group_extreme(t.of_call.astype(np.intp), np.arange(u.sel.size, dtype=np.int64), t.size)
    turn_key = (files[turn_first] * 1_000_000 + past) * nproj + u.project[turn_first]
    turn_ok = (past >= first_day) & (past < today) & (t.counts > 0)
    n_sessions = len(u.sessions)
    on_today = agg.group_any(labels(u.session), (u.day == today).view(np.uint8), n_sessions)
    counted = (day_session_counts(u, now) - on_today) > 0   # (counted on a past day: its first)
    session_first = _first_calls(u)
    session_ok = counted & (session_first >= 0)
    first = session_first[session_ok]
    session_day = u.day[first].astype(np.int64)
    session_ok_days = (session_day >= first_day) & (session_day < today)
    session_key = ((files[first] * 1_000_000 + session_day) * nproj + u.project[first])[session_ok_days]
    call_ok = (u.day >= first_day) & (u.day < today)
    keys, inverse = _group(np.concatenate((call_key[call_ok], turn_key[turn_ok], session_key)))
    n = keys.size
    nc, nt = int(call_ok.sum()), int(turn_ok.sum())
    at_call, at_turn, at_session = inverse[:nc], inverse[nc:nc + nt], inverse[nc + nt:]
    figs = np.zeros((len(FIELDS), n), dtype=np.float64)
    figs[COST] = np.bincount(at_call, weights=u.cost[call_ok], minlength=n)
    figs[CALLS] = np.bincount(at_call, weights=u.call_weight()[call_ok], minlength=n)
    for i, name in zip((INPUT, OUTPUT, CACHE_READ, CACHE_WRITE), TOKEN_FIELDS):
        figs[i] = np.bincount(at_call, weights=u.tokens(name)[call_ok].astype(np.float64), minlength=n)
    figs[SESSIONS] = np.bincount(at_session, minlength=n)
    figs[TURNS] = np.bincount(at_turn, minlength=n)
    figs[EDITS] = np.bincount(at_turn, weights=t.edit[turn_ok], minlength=n)
    figs[ONE_SHOT] = np.bincount(at_turn, weights=t.one_shot[turn_ok], minlength=n)
    m_entry, m_model, m_vals = _models(u, call_ok, at_call)
    f, rest = np.divmod(keys, 1_000_000 * nproj)
    day, proj = np.divmod(rest, nproj)
    files_used, path = unique(f, return_inverse=True)
    projs_used, proj_id = unique(proj, return_inverse=True)
    models_used, model_id = unique(m_model, return_inverse=True)
    sources = scan.sources
    projects = [(u.projects[p].name, u.projects[p].path) if u.projects else ("", "") for p in projs_used.tolist()]
    return Days([sources[x].path for x in files_used.tolist()], [sources[x].provider for x in files_used.tolist()],
                projects, [scan.strings[x] for x in models_used.tolist()],
                path.reshape(-1).astype(np.int32), day.astype(np.int32), proj_id.reshape(-1).astype(np.int32),
                np.ascontiguousarray(figs.T), m_entry.astype(np.int32), model_id.reshape(-1).astype(np.int32),
                m_vals).canonical()


def _models(u, call_ok: np.ndarray, at_call: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per (entry, raw model id) with calls: the entry, the model's string
    id and its (cost, calls, input, output)."""
    if not at_call.size:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros((0, len(MODEL_FIELDS)))
    mid = u.tokens("model")[call_ok].astype(np.int64)
    span = int(mid.max()) + 1
    pairs, inv = _group(at_call.astype(np.int64) * span + mid)
    k = pairs.size
    vals = np.stack([np.bincount(inv, weights=w, minlength=k) for w in (
        u.cost[call_ok], u.call_weight()[call_ok], u.tokens("input")[call_ok].astype(np.float64),
        u.tokens("output")[call_ok].astype(np.float64))], axis=1)
    entry, model = np.divmod(pairs, span)
    return entry, model, vals


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
    return uniq, of_run.reshape(-1)[np.cumsum(change) - 1]


def _first_calls(u) -> np.ndarray:
    """Per session, the position (in u.sel) of its earliest call, -1 for none."""
    n = len(u.sessions)
    out = np.full(n, -1, dtype=np.int64)
    if not u.sel.size:
        return out
    order = np.lexsort((np.arange(u.sel.size), u.times, u.session))
    sess = u.session[order]
    starts = np.flatnonzero(np.r_[True, sess[1:] != sess[:-1]])
    out[sess[starts]] = order[starts]
    return out


def _today(now: dt.datetime, tz) -> int:
    from codeburn.aggregate.periods import local_day_numbers

    return int(local_day_numbers(np.array([int(now.timestamp() * 1000)]), tz)[0])
