# distutils: language = c++
"""Group-by kernels over the call columns.

Every report panel is a group-by of the same columns by a different label
(day, project, model, session, …). A label array holds one group index per
row; negative labels mean "not in this report" (outside the period, filtered
out) and are skipped, so one mask-free pass serves every panel.
Integer sums stay int64 (token counts are exact); costs are float64.
"""
import numpy as np

cimport numpy as cnp
from libc.stdint cimport int32_t, int64_t, uint8_t

cnp.import_array()


def group_sum_i64(const cnp.intp_t[::1] labels, const int64_t[:, ::1] values, Py_ssize_t ngroups):
    """out[k, g] = sum of values[k, i] over rows i with labels[i] == g."""
    if values.shape[1] != labels.shape[0]:
        raise ValueError("labels and values differ in length")
    out = np.zeros((values.shape[0], ngroups), dtype=np.int64)
    cdef int64_t[:, ::1] o = out
    cdef Py_ssize_t i, k, g, n = labels.shape[0], kk = values.shape[0]
    with nogil:
        for i in range(n):
            g = labels[i]
            if g < 0 or g >= ngroups:
                continue
            for k in range(kk):
                o[k, g] += values[k, i]
    return out


def group_sum_f64(const cnp.intp_t[::1] labels, const double[::1] values, Py_ssize_t ngroups):
    """out[g] = sum of values[i] over rows with labels[i] == g, Neumaier-compensated
    so the total does not depend on how many rows a group has."""
    if values.shape[0] != labels.shape[0]:
        raise ValueError("labels and values differ in length")
    out = np.zeros(ngroups, dtype=np.float64)
    comp = np.zeros(ngroups, dtype=np.float64)
    cdef double[::1] o = out
    cdef double[::1] c = comp
    cdef Py_ssize_t i, g, n = labels.shape[0]
    cdef double x, t
    with nogil:
        for i in range(n):
            g = labels[i]
            if g < 0 or g >= ngroups:
                continue
            x = values[i]
            t = o[g] + x
            if abs(o[g]) >= abs(x):
                c[g] += (o[g] - t) + x
            else:
                c[g] += (x - t) + o[g]
            o[g] = t
    return out + comp


def group_count(const cnp.intp_t[::1] labels, Py_ssize_t ngroups):
    """Number of rows per group."""
    out = np.zeros(ngroups, dtype=np.int64)
    cdef int64_t[::1] o = out
    cdef Py_ssize_t i, g, n = labels.shape[0]
    with nogil:
        for i in range(n):
            g = labels[i]
            if 0 <= g < ngroups:
                o[g] += 1
    return out


def price_rows(const cnp.intp_t[::1] sel, const int32_t[::1] model_of, const int64_t[::1] inp,
               const int64_t[::1] out, const int64_t[::1] cache_write, const int64_t[::1] cache_1h,
               const int64_t[::1] cache_read, const int64_t[::1] web_search, const int64_t[::1] reasoning,
               const uint8_t[::1] fast, const int32_t[::1] file, const double[::1] reasoning_billed,
               const double[::1] p_in, const double[::1] p_out, const double[::1] p_cw, const double[::1] p_cr,
               const double[::1] p_fast, const uint8_t[::1] known, double web_usd):
    """USD of each selected call (rows `sel` of the call columns; model_of:
    its index in the price vectors), in the very operations and order of
    usage.price_calls' numpy formula, so each double is the same."""
    cdef Py_ssize_t j, i, k, n = sel.shape[0], rows = inp.shape[0], nk = known.shape[0]
    cdef Py_ssize_t nfiles = reasoning_billed.shape[0]
    if model_of.shape[0] != n:
        raise ValueError("sel and model_of differ in length")
    if (out.shape[0] != rows or cache_write.shape[0] != rows or cache_1h.shape[0] != rows
            or cache_read.shape[0] != rows or web_search.shape[0] != rows or reasoning.shape[0] != rows
            or fast.shape[0] != rows or file.shape[0] != rows):
        raise ValueError("call columns differ in length")
    if (p_in.shape[0] != nk or p_out.shape[0] != nk or p_cw.shape[0] != nk or p_cr.shape[0] != nk
            or p_fast.shape[0] != nk):
        raise ValueError("price vectors differ in length")
    result = np.empty(n, dtype=np.float64)
    cdef double[::1] cost = result
    cdef double h1, m5, o, base, mult
    cdef bint bad = False
    with nogil:
        for j in range(n):
            i = sel[j]
            k = model_of[j]
            if i < 0 or i >= rows or k < 0 or k >= nk or file[i] < 0 or file[i] >= nfiles:
                bad = True
                break
            if not known[k]:
                cost[j] = 0.0
                continue
            h1 = <double>cache_1h[i]
            m5 = <double>cache_write[i] - h1
            o = <double>out[i] + <double>reasoning[i] * reasoning_billed[file[i]]
            base = <double>inp[i] * p_in[k] + o * p_out[k]
            base = base + m5 * p_cw[k]
            base = base + h1 * p_cw[k] * 1.6
            base = base + <double>cache_read[i] * p_cr[k]
            base = base + <double>web_search[i] * web_usd
            mult = p_fast[k] if fast[i] == 1 else 1.0
            cost[j] = base * mult
    if bad:
        raise IndexError("a call's row, model or file is out of range")
    return result
