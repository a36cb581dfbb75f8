"""Group-by kernels against plain numpy on seeded random columns."""
import numpy as np
import pytest

from codeburn._fast import agg


@pytest.mark.parametrize("writable", [True, False])
def test_kernels_match_numpy(writable):
    rng = np.random.default_rng(7)
    n, g = 10_000, 37
    labels = rng.integers(-3, g, n).astype(np.intp)  # negative labels are skipped
    ints = rng.integers(0, 10**9, (4, n)).astype(np.int64)
    floats = rng.random(n) * 1e-3
    for a in (labels, ints, floats):
        a.flags.writeable = writable
    ok = labels >= 0
    expect_i = np.array([[ints[k][ok][labels[ok] == j].sum() for j in range(g)] for k in range(4)])
    got_i = agg.group_sum_i64(labels, ints, g)
    assert got_i.dtype == np.int64 and np.array_equal(got_i, expect_i)
    assert np.array_equal(agg.group_count(labels, g), np.bincount(labels[ok], minlength=g))
    got_f = agg.group_sum_f64(labels, floats, g)
    expect_f = np.array([np.sum(np.sort(floats[ok][labels[ok] == j])) for j in range(g)])
    assert np.allclose(got_f, expect_f, rtol=1e-14, atol=0)


def test_length_mismatch_is_an_error():
    with pytest.raises(ValueError):
        agg.group_sum_f64(np.zeros(3, np.intp), np.zeros(2), 1)
