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


def test_totals_and_flags_are_the_labelled_sums():
    """A total (no labels) and a flagged sum give the very doubles that the
    same rows in group 0 give: the report's totals must not move."""
    rng = np.random.default_rng(11)
    n = 5_000
    cost = rng.random(n) * 10.0 ** rng.integers(-9, 3, n)
    flags = rng.integers(0, 2, n).astype(np.uint8)
    labels = rng.integers(-1, 5, n).astype(np.intp)
    assert agg.sum_f64(cost) == agg.group_sum_f64(np.zeros(n, np.intp), cost, 1)[0]
    assert agg.sum_f64(cost, flags) == agg.group_sum_f64(np.where(flags == 1, 0, -1).astype(np.intp), cost, 1)[0]
    assert np.array_equal(agg.group_sum_f64(labels.astype(np.int32), cost, 5), agg.group_sum_f64(labels, cost, 5))
    assert np.array_equal(agg.group_sum_f64(labels, cost, 5, flags, 0),
                          agg.group_sum_f64(np.where(flags == 0, labels, -1).astype(np.intp), cost, 5))
    with pytest.raises(ValueError):
        agg.sum_f64(cost, flags[:-1])


def test_group_count_takes_int32_ids():
    ids = np.array([3, 0, 3, -1, 9, 2], dtype=np.int32)
    assert agg.group_count(ids, 4).tolist() == [1, 0, 1, 2]
    assert agg.group_count(ids.astype(np.int64), 4).tolist() == [1, 0, 1, 2]


def test_group_first_is_the_first_flagged_row():
    labels = np.array([2, 0, 2, 1, 0, 2, -1], dtype=np.intp)
    values = np.array([10, 11, 12, 13, 14, 15, 16], dtype=np.intp)
    flags = np.array([0, 1, 1, 0, 1, 1, 1], dtype=np.uint8)
    assert agg.group_first(labels, values, 4).tolist() == [11, 13, 10, -1]
    assert agg.group_first(labels, values, 4, flags).tolist() == [11, -1, 12, -1]


def _walk_case(seed: int):
    rng = np.random.default_rng(seed)
    n, ns = 3_000, 40
    session = rng.integers(0, ns, n).astype(np.intp)
    rank = rng.permutation(ns).astype(np.intp)
    return rng, session, rank


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_walk_order_is_a_stable_sort_by_session_rank(seed):
    rng, session, rank = _walk_case(seed)
    n = session.size
    assert np.array_equal(agg.walk_order(session, rank), np.argsort(rank[session], kind="stable"))
    pos = np.flatnonzero(rng.random(n) < 0.3)
    assert np.array_equal(agg.walk_order(session, rank, pos), pos[np.argsort(rank[session[pos]], kind="stable")])
    ranks = agg.walk_ranks(session, rank)
    assert np.array_equal(ranks[agg.walk_order(session, rank)], np.arange(n))


@pytest.mark.parametrize("seed", [4, 5])
def test_first_in_walk_is_the_first_index_of_each_label(seed):
    rng, session, rank = _walk_case(seed)
    n, nl = session.size, 25
    labels = rng.integers(0, nl, n).astype(np.intp)
    among = rng.random(nl) < 0.6
    pos = np.flatnonzero(among[labels])
    walk = pos[np.argsort(rank[session[pos]], kind="stable")]
    expect = np.zeros(nl, dtype=np.int64)
    seen, at = np.unique(labels[walk], return_index=True)
    expect[seen] = at
    assert np.array_equal(agg.first_in_walk(labels, among.view(np.uint8), session, rank), expect)
    assert np.array_equal(agg.first_in_walk(labels.astype(np.int32), among.view(np.uint8), session.astype(np.int32),
                                            rank), expect)


def test_named_counts_counts_rows_of_reported_calls():
    rng = np.random.default_rng(9)
    ncalls, nrows, nnames = 500, 2_000, 30
    call_row = np.sort(rng.integers(0, ncalls, nrows)).astype(np.int32)
    name = rng.integers(0, nnames, nrows).astype(np.int32)
    sel = np.flatnonzero(rng.random(ncalls) < 0.7)
    call_pos = np.full(ncalls, -1, dtype=np.intp)
    call_pos[sel] = np.arange(sel.size)
    walk_rank = rng.permutation(sel.size).astype(np.int32)
    counts, earliest = agg.named_counts(call_row, name, call_pos, walk_rank, nnames)
    pos = call_pos[call_row]
    ok = pos >= 0
    assert np.array_equal(counts, np.bincount(name[ok], minlength=nnames))
    order = walk_rank[pos[ok]].astype(np.int64) * (1 << 32) + np.flatnonzero(ok)
    expect = np.full(nnames, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(expect, name[ok], order)
    assert np.array_equal(earliest, expect)
    with pytest.raises(IndexError):
        agg.named_counts(call_row, name, call_pos, walk_rank, 3)


def test_span_kernels_and_group_extremes():
    rng = np.random.default_rng(5)
    values = rng.integers(100, 140, 3000).astype(np.int32)
    counts, none = agg.span_counts(values, 100, 40)
    assert np.array_equal(counts, np.bincount(values - 100, minlength=40)) and none is None
    again, first = agg.span_counts(values, 100, 40, first=True)
    assert np.array_equal(again, counts)
    seen, at = np.unique(values, return_index=True)
    assert np.array_equal(first[seen - 100], at) and (np.delete(first, seen - 100) == values.size).all()
    table = rng.integers(-5, 5, 40).astype(np.int32)
    assert np.array_equal(agg.span_lookup(values, 100, table), table[values - 100])
    assert agg.span_lookup(values.astype(np.int64), 100, table.astype(np.int64)).dtype == np.int64
    with pytest.raises(IndexError):
        agg.span_counts(values, 101, 40)
    labels = rng.integers(-1, 6, 3000).astype(np.intp)
    ok = labels >= 0
    lo = np.full(7, np.iinfo(np.int64).max)
    hi = np.full(7, np.iinfo(np.int64).min)
    np.minimum.at(lo, labels[ok], values[ok])
    np.maximum.at(hi, labels[ok], values[ok])
    assert np.array_equal(agg.group_extreme(labels, values, 7), lo)
    assert np.array_equal(agg.group_extreme(labels, values, 7, largest=True), hi)
    flags = (values % 7 == 0).view(np.uint8)
    assert np.array_equal(agg.group_any(labels, flags, 7), np.bincount(labels[ok], weights=flags[ok], minlength=7) > 0)
