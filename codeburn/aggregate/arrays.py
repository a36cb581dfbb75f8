"""Small numpy helpers."""
from __future__ import annotations

import numpy as np

# Below this many values np.unique's sort is as cheap as anything else.
FAST_MIN = 256
# A counting pass needs a table as long as the values' span: used while
# that stays within a few times the array's length.
SPAN_PER_VALUE = 4
SPAN_FLOOR = 1 << 16


def distinct(a: np.ndarray) -> np.ndarray:
    """The sorted distinct values of `a`, as np.unique(a) gives them."""
    return unique(a)[0]


def unique(a: np.ndarray, return_index: bool = False, return_inverse: bool = False,
           return_counts: bool = False) -> tuple:
    """np.unique(a, ...) of a 1-D array, always as a tuple (values first,
    then index, inverse and counts as asked). The report groups its calls
    by small integer ids (strings, turns, sessions, days) a dozen times, and
    np.unique sorts each time: an array already in order (turns and files
    are numbered in reading order) is split where it changes, and one of
    values within a short span (ids, days, 15-minute slots) is counted;
    anything else goes to np.unique.
    (numpy 2's np.unique with no flag first asks whether `a` is a masked
    array, which imports numpy.ma: 10 ms of a start-up, so it always gets
    one here.)"""
    a = np.asarray(a)
    if a.ndim == 1 and a.size >= FAST_MIN and a.dtype.kind in "iu":
        if not (a[1:] < a[:-1]).any():
            return _unique_sorted(a, return_index, return_inverse, return_counts)
        lo, hi = int(a.min()), int(a.max())
        if hi - lo < SPAN_PER_VALUE * a.size + SPAN_FLOOR and -(1 << 62) < lo and hi < (1 << 62):
            return _unique_counted(a, lo, hi - lo, return_index, return_inverse, return_counts)
    got = np.unique(a, return_index=return_index, return_inverse=return_inverse, return_counts=True)
    return got if return_counts else got[:-1]


def _unique_sorted(a: np.ndarray, index: bool, inverse: bool, counts: bool) -> tuple:
    change = np.empty(a.size, dtype=bool)
    change[0] = True
    np.not_equal(a[1:], a[:-1], out=change[1:])
    starts = np.flatnonzero(change)
    out = [a[starts]]
    if index:
        out.append(starts)
    if inverse:
        out.append(np.cumsum(change, dtype=np.intp) - 1)
    if counts:
        out.append(np.diff(np.append(starts, a.size)))
    return tuple(out)


def _unique_counted(a: np.ndarray, lo: int, span: int, index: bool, inverse: bool, counts: bool) -> tuple:
    ids = a.astype(np.intp) - lo if lo else a.astype(np.intp, copy=False)
    n = np.bincount(ids, minlength=span + 1)
    present = np.flatnonzero(n)
    out = [(present + lo).astype(a.dtype)]
    if index:
        first = np.full(span + 1, a.size, dtype=np.intp)
        np.minimum.at(first, ids, np.arange(a.size, dtype=np.intp))
        out.append(first[present])
    if inverse:
        lut = np.empty(span + 1, dtype=np.intp)
        lut[present] = np.arange(present.size, dtype=np.intp)
        out.append(lut[ids])
    if counts:
        out.append(n[present])
    return tuple(out)
