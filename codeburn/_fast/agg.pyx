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
from libc.stdint cimport int64_t

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
