"""Small numpy helpers."""
from __future__ import annotations

import numpy as np

from codeburn._fast import agg

# Below this many values np.unique's sort is as cheap as anything else.
FAST_MIN = 256
# A counting pass needs a table as long as the values' span: used while
# that stays within a few times the array's length.
SPAN_PER_VALUE = 4
SPAN_FLOOR = 1 << 16


def distinct(a: np.ndarray) -> np.ndarray:
    """The sorted distinct values of `a`, as np.unique(a) gives them."""
    return unique(a)[0]


def isin(a, b) -> np.ndarray:
    """np.isin(a, b) for numbers (numpy 2's np.isin and np.union1d call
    np.unique in a way that imports numpy.ma: 10 ms of a start-up)."""
    a = np.asarray(a)
    b = np.asarray(b).ravel()
    if not a.size or not b.size:
        return np.zeros(a.shape, dtype=bool)
    common = np.result_type(a, b)
    if common.kind not in "iub" and (a.dtype.kind in "iu" or b.dtype.kind in "iu"):
        return np.isin(a, b)  # (uint64 beside int64: compared as floats they would lose digits)
    a, b = a.astype(common, copy=False), distinct(b.astype(common, copy=False))
    return b[np.minimum(np.searchsorted(b, a), b.size - 1)] == a


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
        label = np.cumsum(change, dtype=np.intp)
        label -= 1
        out.append(label)
    if counts:
        out.append(np.diff(np.append(starts, a.size)))
    return tuple(out)


def positions(sorted_values: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Each value's index in `sorted_values` (ascending, distinct, holding
    every value): np.searchsorted's answer, as int32 through a table over
    the values' span when that is short (no int64 copy of `values`, which
    searchsorted makes of int32 ones), else searchsorted's own."""
    if not sorted_values.size or not values.size or not _kernel_ready(values):
        return np.searchsorted(sorted_values, values).astype(np.intp, copy=False)
    lo, hi = int(sorted_values[0]), int(sorted_values[-1])
    if hi - lo >= SPAN_PER_VALUE * values.size + SPAN_FLOOR or sorted_values.size >= 1 << 31:
        return np.searchsorted(sorted_values, values).astype(np.intp, copy=False)
    table = np.full(hi - lo + 1, -1, dtype=np.int32)
    table[(sorted_values - lo).astype(np.intp)] = np.arange(sorted_values.size, dtype=np.int32)
    return agg.span_lookup(values, lo, table)


def _kernel_ready(a: np.ndarray) -> bool:
    """Whether the compiled span kernels take `a` as it is."""
    return a.ndim == 1 and a.dtype in (np.int32, np.int64) and a.flags.c_contiguous


def _unique_counted(a: np.ndarray, lo: int, span: int, index: bool, inverse: bool, counts: bool) -> tuple:
    if _kernel_ready(a):  # one pass per answer, no widened copy of `a`
        n, first = agg.span_counts(a, lo, span + 1, first=index)
        present = np.flatnonzero(n)
        out = [(present + lo).astype(a.dtype)]
        if index:
            out.append(first[present])
        if inverse:
            lut = np.zeros(span + 1, dtype=np.intp)
            lut[present] = np.arange(present.size, dtype=np.intp)
            out.append(agg.span_lookup(a, lo, lut))
        if counts:
            out.append(n[present])
        return tuple(out)
    ids = np.subtract(a, lo, dtype=np.intp) if lo else a.astype(np.intp, copy=False)
    n = np.bincount(ids, minlength=span + 1)
    present = np.flatnonzero(n)
    out = [(present + lo).astype(a.dtype)]
    if index:
        out.append(agg.group_extreme(ids, np.arange(a.size, dtype=np.intp), span + 1)[present].astype(np.intp))
    if inverse:
        lut = np.empty(span + 1, dtype=np.intp)
        lut[present] = np.arange(present.size, dtype=np.intp)
        out.append(lut[ids])
    if counts:
        out.append(n[present])
    return tuple(out)
