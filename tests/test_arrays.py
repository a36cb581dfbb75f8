"""arrays.unique: the same values, indexes, inverse and counts as np.unique,
whichever of its paths (split of a sorted array, counting over a short span,
np.unique itself) an array takes."""
import itertools

import numpy as np
import pytest

from codeburn.aggregate.arrays import FAST_MIN, distinct, isin, unique

FLAGS = list(itertools.product([False, True], repeat=3))


def shapes():
    rng = np.random.default_rng(7)
    for n in (0, 1, 5, FAST_MIN - 1, FAST_MIN, FAST_MIN + 1, 5000):
        for dtype in (np.int8, np.int32, np.int64, np.uint16, np.uint64):
            top = int(min(np.iinfo(dtype).max, 2**40))
            yield f"small-{n}-{np.dtype(dtype).name}", rng.integers(0, min(50, top), n).astype(dtype)
            yield f"sorted-{n}-{np.dtype(dtype).name}", np.sort(rng.integers(0, min(10**6, top), n)).astype(dtype)
            yield f"wide-{n}-{np.dtype(dtype).name}", rng.integers(0, top, n, dtype=np.int64).astype(dtype)
            if np.iinfo(dtype).min < 0:
                yield f"negative-{n}-{np.dtype(dtype).name}", rng.integers(-5, 40, n).astype(dtype)
    slots = rng.integers(1_960_000, 1_995_000, 3000)  # 15-minute slots of a year: offset, short span
    yield "slots", slots
    yield "uint64-top", np.array([2**64 - 1, 2**63 + 3, 5] * 200, dtype=np.uint64)
    yield "int64-extremes", (np.arange(1000) % 7 - 3).astype(np.int64) * 2**61
    yield "constant", np.full(1000, 42, dtype=np.int64)
    yield "floats", rng.random(1000).round(2)


@pytest.mark.parametrize("name,a", list(shapes()), ids=lambda v: v if isinstance(v, str) else "")
def test_unique_equals_numpy(name, a):
    for index, inverse, counts in FLAGS:
        got = unique(a, return_index=index, return_inverse=inverse, return_counts=counts)
        want = np.unique(a, return_index=index, return_inverse=inverse, return_counts=counts)
        want = want if isinstance(want, tuple) else (want,)
        assert len(got) == len(want)
        for g, w in zip(got, want):
            assert g.dtype == w.dtype
            assert np.array_equal(g, w)


def test_distinct_is_the_values():
    a = np.array([9, 3, 3, 7, 9, 0] * 100, dtype=np.int32)
    assert distinct(a).tolist() == [0, 3, 7, 9]
    assert distinct(np.zeros(0, dtype=np.int64)).size == 0


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.uint16])
def test_positions_are_searchsorted(dtype):
    """arrays.positions: np.searchsorted's indexes whichever way it takes
    (a table over a short span, or searchsorted for a wide one)."""
    from codeburn.aggregate.arrays import positions

    rng = np.random.default_rng(3)
    for lo, span in ((20_000, 200), (-50, 30), (0, 2**30)):
        values = (lo + rng.integers(0, span, 4000)).astype(dtype) if lo >= 0 or dtype != np.uint16 else None
        if values is None:
            continue
        days = distinct(values).astype(np.int64)
        got = positions(days, values)
        assert np.array_equal(got, np.searchsorted(days, values)), (lo, span)
    assert positions(np.zeros(0, np.int64), np.zeros(0, np.int32)).size == 0


@pytest.mark.parametrize("name,a", list(shapes()), ids=lambda v: v if isinstance(v, str) else "")
def test_isin_equals_numpy(name, a):
    """arrays.isin: np.isin's answer, for the report's id, day and cost
    arrays, against lists, other dtypes, empty and NaN-holding sets."""
    rng = np.random.default_rng(11)
    pool = a if a.size else np.zeros(1, dtype=a.dtype)
    for b in (rng.choice(pool, 7), pool[:0], [int(pool[0])] if pool.dtype.kind in "iu" else [float(pool[0])],
              np.array([0, 1, 3, 2**31 + 5], dtype=np.int64), np.array([0.5, np.nan, 3.0]),
              np.array([2**63 + 3, 5], dtype=np.uint64)):
        got, want = isin(a, b), np.isin(a, b)
        assert got.dtype == want.dtype and np.array_equal(got, want), (name, b)
