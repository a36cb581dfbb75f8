"""What earlier runs computed of each file's past days, kept so a day
still counts after its files are deleted (codeburn.aggregate.dayhistory).

One file per zone (days are local days), written atomically and only when
it changed: a CRC, then the tables as marshal writes plain values and the
columns as raw arrays. Anything unreadable or inconsistent reads as
nothing kept (the days are then counted from the files alone, as on a
first run). A new MAGIC must come with a reader of the one before it:
once its files are gone, nothing else holds a history's days."""
from __future__ import annotations

import copy
import marshal
import os
import zlib

import numpy as np

from codeburn.aggregate.dayhistory import FIELDS, MODEL_FIELDS, Days
from codeburn.cache.cachedir import DAY_HISTORY_PREFIX as PREFIX, day_history_path, open_kept, write_atomic

MAGIC = b"CBDAYS4\n"
# Days kept this long (0.9.20 keeps ten years).
KEEP_DAYS = 3650
_COLUMNS = (("path", np.int32, 1), ("day", np.int32, 1), ("proj", np.int32, 1), ("figs", np.float64, len(FIELDS)),
            ("m_entry", np.int32, 1), ("m_model", np.int32, 1), ("m_vals", np.float64, len(MODEL_FIELDS)))


def load(directory: str, zone: str) -> Days:
    """The zone's day history; when it has none, another zone's (the newest
    written: days keep their dates, as 0.9.20 keeps them through a change
    of zone), else nothing."""
    days = _load(day_history_path(directory, zone), zone)
    if days is not None:
        return days
    try:
        others = [e for e in os.scandir(directory) if e.name.startswith(PREFIX) and e.name.endswith(".cbm")]
        others.sort(key=lambda e: e.stat().st_mtime_ns, reverse=True)
    except OSError:
        return Days.empty()
    for e in others:
        days = _load(e.path, None)
        if days is not None:
            return days
    return Days.empty()


def _load(path: str, zone: str | None) -> Days | None:
    """The history in `path` (of `zone`, unless None), None if none can be read."""
    try:
        with open_kept(path) as f:
            data = f.read()
    except OSError:
        return None
    head = len(MAGIC) + 8
    if not data.startswith(MAGIC) or len(data) < head or \
            zlib.crc32(memoryview(data)[head:]) != int.from_bytes(data[len(MAGIC):len(MAGIC) + 4], "little"):
        return None
    try:
        size = int.from_bytes(data[len(MAGIC) + 4:head], "little")
        doc = marshal.loads(memoryview(data)[head:head + size])
        if zone is not None and doc["zone"] != zone:
            return None
        cols, at = {}, head + size
        for (name, dtype, width), count in zip(_COLUMNS, doc["counts"]):
            n = int(count) * width
            cols[name] = np.frombuffer(data, dtype=dtype, count=n, offset=at).reshape(-1, width) if width > 1 else \
                np.frombuffer(data, dtype=dtype, count=n, offset=at)
            at += n * np.dtype(dtype).itemsize
        if at != len(data):
            return None
        days = Days(_strings(doc["paths"]), _strings(doc["providers"]),
                    [(int(d), int(i)) for d, i in doc["idents"]],
                    [(str(n), str(f)) for n, f in (_pair(p) for p in doc["projects"])], _strings(doc["models"]),
                    **cols)
        _check(days)
        checked = doc.get("checked")
        if zone is not None and isinstance(checked, dict) and isinstance(checked.get("day"), int) and \
                isinstance(checked.get("ranges"), dict) and all(
                    isinstance(k, int) and isinstance(v, str) for k, v in checked["ranges"].items()):
            days.checked = checked   # (another zone's history is gone through again)
        return days
    except (ValueError, TypeError, EOFError, KeyError, IndexError):
        return None


def _strings(values) -> list[str]:
    out = list(values)
    if not all(isinstance(v, str) for v in out):
        raise ValueError("day history: a name that is not text")
    return out


def _pair(value) -> tuple:
    if not (isinstance(value, (tuple, list)) and len(value) == 2 and all(isinstance(v, str) for v in value)):
        raise ValueError("day history: a project that is not (name, folder)")
    return tuple(value)


def _check(d: Days) -> None:
    """ValueError unless every column has its length and every index its table."""
    n, m = len(d.day), len(d.m_entry)
    if not (len(d.path) == len(d.proj) == len(d.figs) == n and len(d.m_model) == len(d.m_vals) == m
            and len(d.providers) == len(d.idents) == len(d.paths)):
        raise ValueError("day history: columns of unequal length")
    if not (np.isfinite(d.figs).all() and np.isfinite(d.m_vals).all()):
        raise ValueError("day history: a figure that is not a number")
    for ids, size in ((d.path, len(d.paths)), (d.proj, len(d.projects)), (d.m_entry, n), (d.m_model, len(d.models))):
        if ids.size and (int(ids.min()) < 0 or int(ids.max()) >= size):
            raise ValueError("day history: an index out of its table")


def save(directory: str, zone: str, days: Days) -> bool:
    """The tables as marshal writes them, then each column's bytes as they
    are in memory (no copy of the columns is made: a history of 2 GB of
    logs is 5 MB, written after the report)."""
    arrays = [np.ascontiguousarray(getattr(days, name), dtype=dtype) for name, dtype, _ in _COLUMNS]
    doc = {"zone": zone, "paths": days.paths, "providers": days.providers, "idents": days.idents,
           "projects": days.projects, "models": days.models, "checked": days.checked,
           "counts": [len(a) for a in arrays]}
    tables = marshal.dumps(doc, 4)
    views = [memoryview(a).cast("B") for a in arrays if a.size]
    crc = zlib.crc32(tables)
    for v in views:
        crc = zlib.crc32(v, crc)
    return write_atomic(day_history_path(directory, zone),
                        [MAGIC, crc.to_bytes(4, "little"), len(tables).to_bytes(4, "little"), tables, *views], directory)


def refresh(kept: Days, live: Days, read: set[str], first_day: int, last_day: int, today: int,
            carried: set[tuple[int, str]], moved: dict[str, str]) -> Days:
    """`kept` with the files `moved` under their new path, and the days
    first_day..last_day of the files read this run replaced by what they
    hold now (`live`), but for the `carried` (day, provider) pairs, which
    stay as kept; days older than KEEP_DAYS dropped. Canonical
    (Days.canonical), so an unchanged history compares the same."""
    if moved:
        kept = _renamed(kept, moved)
    was_read = np.array([p in read for p in kept.paths], dtype=bool)
    in_range = (kept.day >= first_day) & (kept.day <= last_day)
    fresh = (was_read[kept.path] if kept.paths else np.zeros(0, bool)) & in_range & ~in_pairs(kept, carried)
    old = kept.take(~fresh & (kept.day > today - KEEP_DAYS))
    carried_live = in_pairs(live, carried)
    if not len(old) and not carried_live.any():
        return copy.copy(live)  # (a first run's history is what it read: live_entries' Days are canonical)
    new = live.take(~carried_live)
    return _concat(old, new).canonical()


def _renamed(d: Days, moved: dict[str, str]) -> Days:
    """d with the paths `moved` maps renamed (not canonical: a new path may
    already be in the table; _concat and canonical sort it out)."""
    index: dict[str, int] = {}
    first: list[int] = []   # (per new path, the old path it was first met as)
    remap = []
    for i, p in enumerate(moved.get(p, p) for p in d.paths):
        if p not in index:
            index[p] = len(first)
            first.append(i)
        remap.append(index[p])
    return Days(list(index), [d.providers[i] for i in first], [d.idents[i] for i in first], d.projects, d.models,
                np.array(remap, dtype=np.int32)[d.path] if d.path.size else d.path, d.day, d.proj, d.figs,
                d.m_entry, d.m_model, d.m_vals)


def in_pairs(d: Days, pairs: set[tuple[int, str]]) -> np.ndarray:
    """Per entry, whether its (day, provider) is one of `pairs`."""
    if not pairs or not len(d):
        return np.zeros(len(d), dtype=bool)
    provider = np.array(d.providers, dtype=object)[d.path]
    return np.fromiter(((int(day), p) in pairs for day, p in zip(d.day.tolist(), provider.tolist())),
                       dtype=bool, count=len(d))


def _concat(a: Days, b: Days) -> Days:
    """a's entries and b's, over joined tables (not canonical)."""
    def join(ta: list, tb: list) -> tuple[list, np.ndarray]:
        index = {v: i for i, v in enumerate(ta)}
        out = list(ta)
        for v in tb:
            if v not in index:
                index[v] = len(out)
                out.append(v)
        return out, np.array([index[v] for v in tb], dtype=np.int64)

    paths, pmap = join(a.paths, b.paths)
    provider_of = dict(zip(a.paths, zip(a.providers, a.idents)))
    provider_of.update(zip(b.paths, zip(b.providers, b.idents)))   # (as read now)
    providers = [provider_of[p][0] for p in paths]
    idents = [provider_of[p][1] for p in paths]
    projects, jmap = join(a.projects, b.projects)
    models, mmap = join(a.models, b.models)

    def mapped(ids, table):
        return table[ids] if ids.size else ids.astype(np.int64)

    return Days(paths, providers, idents, projects, models,
                np.concatenate((a.path, mapped(b.path, pmap))).astype(np.int32),
                np.concatenate((a.day, b.day)).astype(np.int32),
                np.concatenate((a.proj, mapped(b.proj, jmap))).astype(np.int32),
                np.concatenate((a.figs, b.figs)),
                np.concatenate((a.m_entry, b.m_entry + len(a))).astype(np.int32),
                np.concatenate((a.m_model, mapped(b.m_model, mmap))).astype(np.int32),
                np.concatenate((a.m_vals, b.m_vals)))


def gone_days(kept: Days, providers: set[str], first_day: int, last_day: int, read: set[str],
              now_read: dict[tuple, str], searched: set[str],
              read_paths: set[str] = frozenset(), read_since_ms: int | None = None
              ) -> tuple[set[tuple[int, str]], dict[str, str]]:
    """(the (day, provider) pairs of first_day..last_day and of `providers`
    that a file no longer there had calls on, {old path: new path} of the
    kept files read this run under another path). A file counts as gone
    in a folder this run searched only (`searched`: a file of another
    config dir, or of a history a test wrote and removed, is none of this
    run's); not one still there (older than the period), nor one read this
    run under another folder: `now_read` maps (provider, file name,
    device, inode) of every file read to its path (a rename keeps them:
    Codex moves a finished rollout to archived_sessions; Copilot CLI, Kiro
    and Kimi Code name every session's file alike, so the name alone would
    not do). `read` holds the entry keys read (dayhistory.entry_keys: a
    store's session is gone when the store was read without it, in
    `read_paths`, or when the store, written since `read_since_ms`, was
    not read at all: no longer listed, as a Crush project dropped from
    its registry)."""
    from codeburn.aggregate.dayhistory import key_path

    if not len(kept):
        return set(), {}
    gone = np.zeros(len(kept.paths), dtype=bool)
    moved: dict[str, str] = {}
    for i, (p, provider, ident) in enumerate(zip(kept.paths, kept.providers, kept.idents)):
        if provider not in providers or p in read:
            continue
        store = key_path(p)
        if store != p:   # (a session of a store: gone from a store read now, or with the store)
            gone[i] = store in read_paths or (under(store, searched) and _not_read(store, read_since_ms))
            continue
        if not under(p, searched) or os.path.lexists(p):
            continue
        now = now_read.get((provider, os.path.basename(p), *ident)) if ident != (0, 0) else None
        if now is not None:
            moved[p] = now
        else:
            gone[i] = True
    hit = (kept.day >= first_day) & (kept.day <= last_day) & gone[kept.path]
    return {(int(d), kept.providers[p]) for d, p in zip(kept.day[hit].tolist(), kept.path[hit].tolist())}, moved


def _not_read(store: str, since_ms: int | None) -> bool:
    """A store not read this run: gone, or written since the run's reach
    (so it would have been read, had it still been listed)."""
    try:
        st = os.stat(store)
    except (OSError, ValueError):
        return True
    return since_ms is not None and st.st_mtime_ns // 1_000_000 >= since_ms


def under(path: str, folders: set[str]) -> bool:
    """Whether a folder of `folders` holds `path` (at any depth)."""
    d = os.path.dirname(path)
    while d and d not in folders:
        up = os.path.dirname(d)
        if up == d:
            return False
        d = up
    return bool(d)
