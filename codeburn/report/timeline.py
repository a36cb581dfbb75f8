"""`history.timeline` of the menubar payload: the selected period cut into
buckets (15 minutes, an hour or a day, by how long the period is), each
bucket's cost and tokens (input + output) in total, per model and per
session. The legend stays short: per breakdown, the six series with the
most cost and the six with the most tokens get their own line, the rest
add up in `Other`.

Sums are plain running sums (not compensated), as the reference adds.
Calls are taken in the order the reference walks them (projects by cost,
their sessions as read, then the calls in order), since that order decides
which series a tie favours and in which order a bucket lists its rows.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from codeburn.aggregate.periods import SLOT_MS, _fixed_offset_ms, _offset_ms, local_day_numbers, local_midnight_ms

# numpy is imported where used: a payload served from its snapshot needs
# current_bucket only, and never loads it.
if TYPE_CHECKING:
    import numpy as np

    from codeburn.aggregate.usage import Usage

MINUTE_MS = 60_000
QUARTER, HOUR, DAY = 15, 60, 24 * 60
SERIES_PER_METRIC = 6
TITLE_CHARS = 80  # a legend title's length, in code points
LEGEND_PREFIX = 24  # code points a legend shows before it cuts a label


def bucket_minutes(start_ms: int, end_ms: int) -> int:
    """Up to two days: quarter hours; up to eight days: hours; else days."""
    span = max(0, end_ms - start_ms)
    if span <= 48 * HOUR * MINUTE_MS:
        return QUARTER
    if span <= 8 * DAY * MINUTE_MS:
        return HOUR
    return DAY


def offsets_ms(ts: np.ndarray, tz: dt.tzinfo) -> np.ndarray:
    """The zone's UTC offset at each instant (looked up once per 15-minute slot)."""
    import numpy as np
    from codeburn.aggregate.arrays import unique

    fixed = _fixed_offset_ms(tz)
    if fixed is not None:
        return np.full(ts.size, fixed, dtype=np.int64)
    uniq, inverse = unique(ts // SLOT_MS, return_inverse=True)
    table = np.fromiter((_offset_ms(int(s) * SLOT_MS, tz) for s in uniq), dtype=np.int64, count=uniq.size)
    return table[inverse.reshape(-1)]


def floor_ms(ts: np.ndarray, minutes: int, tz: dt.tzinfo) -> np.ndarray:
    """Start of each instant's bucket of `minutes` (< a day) on the local
    clock, moved back by that instant's own offset: :00 is the local hour
    even in half-hour zones, and the hour a fall-back repeats is two buckets."""
    step = minutes * MINUTE_MS
    off = offsets_ms(ts, tz)
    return (ts + off) // step * step - off


def grid(start_ms: int, end_ms: int, minutes: int, tz: dt.tzinfo) -> np.ndarray:
    """Every bucket start from the one holding start_ms to end_ms."""
    import numpy as np

    if minutes == DAY:
        first, last = local_day_numbers(np.array([start_ms, end_ms], dtype=np.int64), tz).tolist()
        epoch = dt.date(1970, 1, 1)
        starts = np.array([local_midnight_ms(epoch + dt.timedelta(days=d), tz) for d in range(first, last + 1)],
                          dtype=np.int64)
        # A date the zone skipped (Kiritimati's 1994-12-31) has no midnight of
        # its own: it resolves to the next day's, which is one bucket, once.
        from codeburn.aggregate.arrays import distinct

        return distinct(starts)
    g0 = int(floor_ms(np.array([start_ms], dtype=np.int64), minutes, tz)[0])
    return np.arange(g0, end_ms + 1, minutes * MINUTE_MS, dtype=np.int64)


def current_bucket(start_ms: int, end_ms: int, now_ms: int, tz: dt.tzinfo) -> int | None:
    """The bucket `now` is in while the period is still running (None once
    it is over): a kept timeline is stale when this changes. Without numpy,
    which a payload served from its snapshot never loads."""
    if now_ms > end_ms or now_ms < start_ms:
        return None
    step = bucket_minutes(start_ms, end_ms) * MINUTE_MS
    off = _fixed_offset_ms(tz)
    off = _offset_ms(now_ms, tz) if off is None else off
    if step == DAY * MINUTE_MS:
        return (now_ms + off) // step  # the local day
    return (now_ms + off) // step * step - off


def timeline(u: Usage, start_ms: int, end_ms: int, now_ms: int, titles: dict[int, str]) -> dict:
    """The timeline of u's calls between start_ms and min(end_ms, now_ms);
    `titles` maps a file to its session title (report.sessions.file_titles)."""
    import numpy as np

    from codeburn.report.sessions import iso_ms_many

    minutes = bucket_minutes(start_ms, end_ms)
    empty = {"bucketMinutes": minutes, "modelSeries": [], "sessionSeries": [], "points": []}
    stop = min(end_ms, now_ms)
    if start_ms > stop or not u.sel.size:
        return empty
    starts = grid(start_ms, stop, minutes, u.tz)
    order = _walk_order(u)
    ts = u.scan.cols["ts"][u.sel][order]
    keep = (ts >= start_ms) & (ts <= stop)
    order, ts = order[keep], ts[keep]
    if minutes == DAY:
        first, last = local_day_numbers(starts[[0, -1]], u.tz).tolist()
        if last - first + 1 == starts.size:
            bucket = local_day_numbers(ts, u.tz) - first
        else:  # a date the zone skipped is no bucket: each call in the day whose midnight it follows
            bucket = np.searchsorted(starts, ts, side="right") - 1
    else:
        bstart = floor_ms(ts, minutes, u.tz)
        bucket = np.searchsorted(starts, bstart)
        bucket[(bucket < starts.size) & (starts[np.minimum(bucket, starts.size - 1)] != bstart)] = -1
    keep = (bucket >= 0) & (bucket < starts.size)
    order, bucket = order[keep], bucket[keep].astype(np.intp)
    if not order.size:
        return empty
    cost = _non_negative(u.cost[order])
    tokens = _non_negative(u.tokens("input")[order].astype(np.float64)) + \
        _non_negative(u.tokens("output")[order].astype(np.float64))
    nb = starts.size
    models, model_labels = _model_keys(u, order)
    sessions, session_labels = _session_keys(u, order, titles)
    model_series, model_rows = _project(bucket, nb, models, model_labels, cost, tokens, "model")
    session_series, session_rows = _project(bucket, nb, sessions, session_labels, cost, tokens, "session")
    total_cost = np.bincount(bucket, weights=cost, minlength=nb)
    total_tokens = np.bincount(bucket, weights=tokens, minlength=nb)
    stamps = iso_ms_many(starts)
    return {"bucketMinutes": minutes, "modelSeries": model_series, "sessionSeries": session_series,
            "points": [{"timestamp": stamps[b], "cost": float(total_cost[b]), "tokens": int(total_tokens[b]),
                        "models": model_rows[b], "sessions": session_rows[b]} for b in range(nb)]}


def _non_negative(x: np.ndarray) -> np.ndarray:
    """As floats, with negatives and non-finite values made 0."""
    import numpy as np

    x = x.astype(np.float64)
    return np.where(np.isfinite(x) & (x > 0), x, 0.0)


def _walk_order(u: Usage) -> np.ndarray:
    """Selected-call positions: by project cost (descending), session as
    read, then as read."""
    from codeburn.report.sessions import walk_order

    return walk_order(u)


def _first_seen(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct codes in order of first appearance, each element's index into them)."""
    import numpy as np
    from codeburn.aggregate.arrays import unique

    uniq, first, inverse = unique(codes, return_index=True, return_inverse=True)
    by_first = np.argsort(first, kind="stable")
    rank = np.empty(uniq.size, dtype=np.intp)
    rank[by_first] = np.arange(uniq.size)
    return uniq[by_first], rank[inverse.reshape(-1)]


def _model_keys(u: Usage, order: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Per call its model series (the raw id, "unknown" when empty), and
    each series' label (`<synthetic>` reads Other model)."""
    import numpy as np

    from codeburn.aggregate.usage import SYNTHETIC

    ids, key = _first_seen(u.tokens("model")[order])
    names = [u.scan.strings[int(i)] or "unknown" for i in ids]
    # Two ids can spell one name (an empty id and "unknown"): one key per name.
    distinct, remap = _first_seen(np.array([names.index(n) for n in names], dtype=np.intp))
    labels = [("Other model" if names[int(i)] == SYNTHETIC else names[int(i)]) for i in distinct]
    return remap[key], labels


def _session_keys(u: Usage, order: np.ndarray, titles: dict[int, str]) -> tuple[np.ndarray, list[str]]:
    """Per call its session series (provider, project path, session id),
    and each series' label."""
    import numpy as np

    from codeburn._fast import agg
    from codeburn.report.sessions import _own_project, session_files

    file_of = session_files(u)
    providers = [s.provider for s in u.scan.sources]
    last = agg.group_extreme(u.session, u.scan.cols["ts"][u.sel], len(u.sessions), largest=True)
    ident: dict[tuple[str, str, str], int] = {}
    infos: list[dict] = []
    of_session = np.full(len(u.sessions), -1, dtype=np.intp)
    for s in dict.fromkeys(u.session[order].tolist()):
        f = int(file_of[s])
        p = u.projects[u.sessions[s][0]]
        key = (providers[f], p.path, u.sessions[s][1])
        if key not in ident:
            ident[key] = len(infos)
            infos.append({"key": "\0".join(key), "provider": key[0], "path": p.path, "id": key[2],
                          "names": set(), "titles": {}})
        info = infos[ident[key]]
        of_session[s] = ident[key]
        info["names"].add(_own_project(u, f) or p.name or "Unknown project")
        title = titles.get(f)
        if title is not None and (title not in info["titles"] or last[s] > info["titles"][title]):
            info["titles"][title] = int(last[s])
    return of_session[u.session[order]], session_labels(infos)


ANSI = re.compile(r"[\x1b\x9b][\[\]()#;?]*(?:(?:(?:;[-a-zA-Z\d/#&.:=?%@~_]+)*|[a-zA-Z\d]+(?:;[-a-zA-Z\d/#&.:=?%@~_]*)*)?"
                  r"(?:\x07|\x1b\\|\x9c)|(?:\d{1,4}(?:[;:]\d{0,4})*)?[\dA-PR-TZcf-nq-uy=><~])")
CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
SPACES = re.compile(r"\s+")


def clean_title(title: str | None) -> str | None:
    """A title fit for a legend: terminal escapes dropped, control characters
    and runs of white space made one space, cut to TITLE_CHARS code points;
    None when nothing is left."""
    if title is None:
        return None
    text = SPACES.sub(" ", CONTROLS.sub(" ", ANSI.sub("", title))).strip()
    return text[:TITLE_CHARS].rstrip() or None


def short_id(session_id: str) -> str:
    s = session_id.strip()
    return f"{s[:6]}…{s[-4:]}" if len(s) > 12 else s or "unknown"


def short_project(path: str, fallback: str) -> str:
    """A path's last two folders (the fallback when it has none)."""
    parts = [p for p in path.strip().replace("\\", "/").rstrip("/").split("/") if p]
    return "/".join(parts[-2:]) if parts else fallback


def _best_title(titles: dict[str, int]) -> str | None:
    """The cleaned title seen last (alphabetically first on a tie)."""
    cleaned = [(t, when) for t, when in ((clean_title(t), w) for t, w in titles.items()) if t is not None]
    cleaned.sort(key=lambda c: (-c[1], c[0]))
    return cleaned[0][0] if cleaned else None


def session_labels(infos: list[dict]) -> list[str]:
    """Distinct labels for the session series: "title (provider)" when the
    title's visible start is its own, else "short id (provider) · title or
    project"; labels still alike get the short project path, then the full
    path and session id."""
    drafts = []
    for i, info in enumerate(infos):
        title = _best_title(info["titles"])
        project = short_project(info["path"], min(info["names"], default="Unknown project"))
        by_id = f"{short_id(info['id'])} ({info['provider']}) · {title or project}"
        drafts.append({"i": i, "key": info["key"], "base": f"{title} ({info['provider']})" if title else by_id,
                       "by_id": by_id, "project": project})
    drafts.sort(key=lambda d: _utf16(d["key"]))
    prefixes: dict[str, int] = {}
    for d in drafts:
        prefixes[d["base"][:LEGEND_PREFIX]] = prefixes.get(d["base"][:LEGEND_PREFIX], 0) + 1
    groups: dict[str, list[dict]] = {}
    for d in drafts:
        if prefixes[d["base"][:LEGEND_PREFIX]] != 1:
            d["base"] = d["by_id"]
        groups.setdefault(d["base"], []).append(d)
    labels = [""] * len(infos)
    used: set[str] = set()

    def claim(d: dict, label: str) -> None:
        if label in used:
            info = infos[d["i"]]
            label = identity = f"{label} · {info['path']} · {info['id']}"
            n = 2
            while label in used:
                label, n = f"{identity} · {n}", n + 1
        labels[d["i"]] = label
        used.add(label)

    for base, group in groups.items():
        if len(group) == 1:
            claim(group[0], base)
        elif len({d["project"] for d in group}) == len(group):
            for d in group:
                claim(d, f"{base} · {d['project']}")
        else:
            for d in group:
                claim(d, f"{base} · {infos[d['i']]['path']} · {infos[d['i']]['id']}")
    return labels


def _utf16(s: str) -> bytes:
    """A sort key comparing strings as JavaScript does (UTF-16 code units)."""
    return s.encode("utf-16-be", "surrogatepass")


def _project(bucket: np.ndarray, nb: int, key: np.ndarray, labels: list[str], cost: np.ndarray,
             tokens: np.ndarray, prefix: str) -> tuple[list[dict], list[list[dict]]]:
    """The series of one breakdown and each bucket's rows: the top series
    by cost then by tokens get ids in that order; the others sum into
    `<prefix>_other`. A bucket lists its series as the walk first met them."""
    import numpy as np

    nk = len(labels)
    total_cost = np.bincount(key, weights=cost, minlength=nk)
    total_tokens = np.bincount(key, weights=tokens, minlength=nk)
    chosen = list(dict.fromkeys(np.argsort(-total_cost, kind="stable")[:SERIES_PER_METRIC].tolist()
                                + np.argsort(-total_tokens, kind="stable")[:SERIES_PER_METRIC].tolist()))
    sid = {k: f"{prefix}_{n}" for n, k in enumerate(chosen)}
    series = [{"id": sid[k], "label": labels[k]} for k in chosen]
    pairs, pair = _first_seen(bucket.astype(np.int64) * nk + key)
    pair_cost = np.bincount(pair, weights=cost, minlength=pairs.size)
    pair_tokens = np.bincount(pair, weights=tokens, minlength=pairs.size)
    rows: list[list[dict]] = [[] for _ in range(nb)]
    other = np.zeros((nb, 2))
    at_bucket, of_key = np.divmod(pairs, nk)
    for b, k, c, t in zip(at_bucket.tolist(), of_key.tolist(), pair_cost.tolist(), pair_tokens.tolist()):
        if k in sid:
            rows[b].append({"seriesId": sid[k], "cost": c, "tokens": int(t)})
        else:
            other[b] += (c, t)
    any_other = False
    for b in range(nb):
        if other[b, 0] > 0 or other[b, 1] > 0:
            any_other = True
            rows[b].append({"seriesId": f"{prefix}_other", "cost": float(other[b, 0]), "tokens": int(other[b, 1])})
    if any_other:
        series.append({"id": f"{prefix}_other", "label": "Other"})
    return series, rows
