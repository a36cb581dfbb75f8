"""agg.price_rows, the compiled per-call price (spec §4.2), gives the very
doubles of the numpy formula it replaced, on every kind of row: all token
kinds, 1-hour cache writes, reasoning billed or not, fast mode, unknown
models, counts up to the reader's clamp, a selection in any order."""
import numpy as np
import pytest

from codeburn._fast import agg
from codeburn.cost.pricing import WEB_SEARCH_USD


def numpy_prices(sel, m, cols, billed, p_in, p_out, p_cw, p_cr, p_fast, known):
    f = lambda name: cols[name][sel].astype(np.float64)  # noqa: E731
    h1 = f("cache_1h")
    m5 = f("cache_write") - h1
    output = f("output") + f("reasoning") * billed[cols["file"][sel]]
    base = (f("input") * p_in[m] + output * p_out[m] + m5 * p_cw[m] + h1 * p_cw[m] * 1.6
            + f("cache_read") * p_cr[m] + f("web_search") * WEB_SEARCH_USD)
    mult = np.where(cols["fast"][sel] == 1, p_fast[m], 1.0)
    return np.where(known[m], base * mult, 0.0)


@pytest.mark.parametrize("seed", range(6))
def test_compiled_prices_equal_the_numpy_formula_to_the_bit(seed):
    rng = np.random.default_rng(seed)
    rows, files, models = 5000, 40, 9
    top = [10**3, 10**6, 10**9, 10**15][seed % 4]  # 1e15: the reader's clamp
    cols = {name: rng.integers(0, top, rows, dtype=np.int64)
            for name in ("input", "output", "cache_write", "cache_read", "reasoning")}
    cols["cache_1h"] = (cols["cache_write"] * rng.random(rows)).astype(np.int64)  # a part of the writes
    cols["web_search"] = rng.integers(0, 5, rows, dtype=np.int64)
    cols["fast"] = rng.integers(0, 3, rows).astype(np.uint8)  # 2: a value that is not "fast"
    cols["file"] = rng.integers(0, files, rows).astype(np.int32)
    billed = rng.integers(0, 2, files).astype(np.float64)
    prices = [rng.random(models) * 10.0 ** rng.integers(-9, -4, models) for _ in range(4)]
    p_fast = np.where(rng.random(models) < 0.5, 6.0, 1.0)
    known = rng.random(models) < 0.8
    sel = np.sort(rng.choice(rows, rows // 2, replace=False)) if seed % 2 else rng.permutation(rows)
    m = rng.integers(0, models, sel.size).astype(np.int32)
    want = numpy_prices(sel, m, cols, billed, *prices, p_fast, known)
    got = agg.price_rows(sel.astype(np.intp), m, cols["input"], cols["output"], cols["cache_write"], cols["cache_1h"],
                         cols["cache_read"], cols["web_search"], cols["reasoning"], cols["fast"], cols["file"], billed,
                         *prices, p_fast, known.view(np.uint8), WEB_SEARCH_USD)
    assert got.dtype == np.float64 and got.tobytes() == want.tobytes()


def test_rows_models_and_files_out_of_range_are_refused():
    one = np.zeros(1, dtype=np.int64)
    args = [one] * 7 + [np.zeros(1, np.uint8), np.zeros(1, np.int32), np.zeros(1)] + [np.ones(1)] * 5
    known = np.ones(1, np.uint8)
    for sel, m in (([1], [0]), ([0], [1]), ([-1], [0])):
        with pytest.raises(IndexError):
            agg.price_rows(np.array(sel, np.intp), np.array(m, np.int32), *args, known, 0.01)
    bad_file = list(args)
    bad_file[8] = np.array([3], np.int32)
    with pytest.raises(IndexError):
        agg.price_rows(np.array([0], np.intp), np.array([0], np.int32), *bad_file, known, 0.01)
    assert agg.price_rows(np.array([0], np.intp), np.array([0], np.int32), *args, known, 0.01).tolist() == [0.0]
    with pytest.raises(ValueError):
        agg.price_rows(np.array([0, 0], np.intp), np.array([0], np.int32), *args, known, 0.01)
