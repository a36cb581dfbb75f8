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

# Labels and ids come as int32 (the scan's id columns, a report's labels)
# or int64 (np.intp: what numpy's own index functions give): each kernel
# takes either, so no caller makes a wider copy of a column-long array.
ctypedef fused index_t:
    int32_t
    int64_t

ctypedef fused index2_t:
    int32_t
    int64_t


def group_sum_i64(const index_t[::1] labels, const int64_t[:, ::1] values, Py_ssize_t ngroups):
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


def group_sum_f64(const index_t[::1] labels, const double[::1] values, Py_ssize_t ngroups,
                  const uint8_t[::1] flags=None, int want=1):
    """out[g] = sum of values[i] over rows with labels[i] == g, Neumaier-compensated
    so the total does not depend on how many rows a group has. With flags,
    only the rows whose flag is `want` count."""
    cdef Py_ssize_t n = values.shape[0]
    if labels.shape[0] != n:
        raise ValueError("labels and values differ in length")
    if flags is not None and flags.shape[0] != n:
        raise ValueError("flags and values differ in length")
    out = np.zeros(ngroups, dtype=np.float64)
    comp = np.zeros(ngroups, dtype=np.float64)
    cdef double[::1] o = out
    cdef double[::1] c = comp
    cdef Py_ssize_t i, g
    cdef bint flagged = flags is not None
    if ngroups <= 0:
        return out
    cdef double *op = &o[0]
    cdef double *cp = &c[0]
    with nogil:
        for i in range(n):
            g = labels[i]
            if g < 0 or g >= ngroups or (flagged and flags[i] != want):
                continue
            _add(op, cp, g, values[i])
    return out + comp


def sum_f64(const double[::1] values, const uint8_t[::1] flags=None, int want=1):
    """group_sum_f64 with every row in group 0 (the same double), with no
    label array: a total, or with flags the total of the rows flagged `want`."""
    cdef Py_ssize_t n = values.shape[0]
    if flags is not None and flags.shape[0] != n:
        raise ValueError("flags and values differ in length")
    out = np.zeros(1, dtype=np.float64)
    comp = np.zeros(1, dtype=np.float64)
    cdef double[::1] o = out
    cdef double[::1] c = comp
    cdef Py_ssize_t i
    cdef bint flagged = flags is not None
    with nogil:
        for i in range(n):
            if not (flagged and flags[i] != want):
                _add(&o[0], &c[0], 0, values[i])
    return float((out + comp)[0])


cdef inline void _add(double *o, double *c, Py_ssize_t g, double x) noexcept nogil:
    """One step of the compensated sum of group g."""
    cdef double t = o[g] + x
    if abs(o[g]) >= abs(x):
        c[g] += (o[g] - t) + x
    else:
        c[g] += (x - t) + o[g]
    o[g] = t


def group_count(const index_t[::1] labels, Py_ssize_t ngroups):
    """Number of rows per group (labels int32 or int64: a column of ids
    needs no wider copy)."""
    out = np.zeros(ngroups, dtype=np.int64)
    cdef int64_t[::1] o = out
    cdef Py_ssize_t i, g, n = labels.shape[0]
    with nogil:
        for i in range(n):
            g = labels[i]
            if 0 <= g < ngroups:
                o[g] += 1
    return out


def group_first(const index_t[::1] labels, const index2_t[::1] values, Py_ssize_t ngroups,
                const uint8_t[::1] flags=None, int want=1):
    """out[g] = values[i] of the first row i (in row order) with labels[i] == g
    (and flags[i] == want, with flags); -1 for a group with no such row."""
    cdef Py_ssize_t n = labels.shape[0]
    if values.shape[0] != n or (flags is not None and flags.shape[0] != n):
        raise ValueError("labels, values and flags differ in length")
    out = np.full(ngroups, -1, dtype=np.int32 if index2_t is int32_t else np.int64)
    seen_arr = np.zeros(ngroups, dtype=np.uint8)
    cdef index2_t[::1] o = out
    cdef uint8_t[::1] seen = seen_arr
    cdef Py_ssize_t i, g
    cdef bint flagged = flags is not None
    with nogil:
        for i in range(n):
            g = labels[i]
            if g < 0 or g >= ngroups or seen[g] or (flagged and flags[i] != want):
                continue
            seen[g] = 1
            o[g] = values[i]
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


# The reference's walk over a report's calls: projects by cost, each
# project's sessions as read, each session's calls as read. `session` is
# each selected call's session, `rank` each session's place in that order
# (report.sessions.session_rank), so the walk is a stable sort of the calls
# by rank[session]: done here as a counting sort, with no key array.

cdef cnp.intp_t[::1] _rank_starts(const index_t[::1] session, const cnp.intp_t[::1] rank,
                                  const cnp.intp_t[::1] pos, bint every, const uint8_t[::1] keep=None) except *:
    """Where each rank's calls (of those at `pos`, or every call; with
    `keep`, only the calls it marks) begin in the walk."""
    cdef Py_ssize_t nranks = rank.shape[0], ns = session.shape[0]
    cdef Py_ssize_t m = ns if every else pos.shape[0]
    starts_arr = np.zeros(nranks + 1, dtype=np.intp)
    cdef cnp.intp_t[::1] starts = starts_arr
    cdef Py_ssize_t j, p, s, k
    cdef bint bad = False, kept = keep is not None
    with nogil:
        for j in range(m):
            p = j if every else pos[j]
            if p < 0 or p >= ns:
                bad = True
                break
            if kept and not keep[p]:
                continue
            s = session[p]
            if s < 0 or s >= nranks or rank[s] < 0 or rank[s] >= nranks:
                bad = True
                break
            starts[rank[s] + 1] += 1
        if not bad:
            for k in range(nranks):
                starts[k + 1] += starts[k]
    if bad:
        raise IndexError("a call's position, session or rank is out of range")
    return starts


def walk_order(const index_t[::1] session, const cnp.intp_t[::1] rank, const cnp.intp_t[::1] pos=None):
    """The selected calls at `pos` (ascending; every call when None) in the
    walk's order: what pos[np.argsort(rank[session[pos]], kind="stable")] gives."""
    cdef bint every = pos is None
    cdef cnp.intp_t[::1] starts = _rank_starts(session, rank, pos, every)
    cdef Py_ssize_t j, p, m = session.shape[0] if every else pos.shape[0]
    out_arr = np.empty(m, dtype=np.intp)
    cdef cnp.intp_t[::1] out = out_arr
    with nogil:
        for j in range(m):
            p = j if every else pos[j]
            out[starts[rank[session[p]]]] = p
            starts[rank[session[p]]] += 1
    return out_arr


def walk_ranks(const index_t[::1] session, const cnp.intp_t[::1] rank):
    """Each selected call's place in the walk (the inverse of walk_order of
    every call), as int32 (calls are int32 rows)."""
    cdef const cnp.intp_t[::1] every = None
    cdef cnp.intp_t[::1] starts = _rank_starts(session, rank, every, True)
    cdef Py_ssize_t p, n = session.shape[0]
    if n >= 2 ** 31:
        raise ValueError("more calls than int32 rows")
    out_arr = np.empty(n, dtype=np.int32)
    cdef int32_t[::1] out = out_arr
    with nogil:
        for p in range(n):
            out[p] = starts[rank[session[p]]]
            starts[rank[session[p]]] += 1
    return out_arr


def first_in_walk(const index_t[::1] labels, const uint8_t[::1] among, const index2_t[::1] session,
                  const cnp.intp_t[::1] rank):
    """Per label, where the walk over the calls whose label is `among`
    first meets it (its index in walk_order of those calls); 0 for labels
    outside `among` or never met."""
    cdef Py_ssize_t nl = among.shape[0], n = session.shape[0]
    if labels.shape[0] != n:
        raise ValueError("labels and calls differ in length")
    keep_arr = np.zeros(n, dtype=np.uint8)  # the calls walked
    cdef uint8_t[::1] keep = keep_arr
    cdef Py_ssize_t p, g
    with nogil:
        for p in range(n):
            g = labels[p]
            keep[p] = 0 <= g < nl and among[g] != 0
    cdef const cnp.intp_t[::1] every = None
    cdef cnp.intp_t[::1] starts = _rank_starts(session, rank, every, True, keep)
    first_arr = np.full(nl, -1, dtype=np.int64)
    cdef int64_t[::1] first = first_arr
    cdef Py_ssize_t at
    with nogil:
        for p in range(n):  # each walked call's index in the walk
            if not keep[p]:
                continue
            g = labels[p]
            at = starts[rank[session[p]]]
            starts[rank[session[p]]] += 1
            if first[g] < 0 or at < first[g]:
                first[g] = at
        for g in range(nl):
            if first[g] < 0:
                first[g] = 0
    return first_arr


def named_counts(const int32_t[::1] call_row, const int32_t[::1] name, const index_t[::1] call_pos,
                 const int32_t[::1] walk_rank, Py_ssize_t nnames):
    """Per name id, over the rows (tool uses, shell commands) whose call is
    in the report (call_pos[call_row] >= 0): how many, and the least of
    walk_rank[call] * 2**32 + row, where the walk first meets the name."""
    cdef Py_ssize_t n = call_row.shape[0], ncalls = call_pos.shape[0], npos = walk_rank.shape[0]
    if name.shape[0] != n:
        raise ValueError("call rows and names differ in length")
    counts_arr = np.zeros(nnames, dtype=np.int64)
    earliest_arr = np.full(nnames, np.iinfo(np.int64).max, dtype=np.int64)
    cdef int64_t[::1] counts = counts_arr
    cdef int64_t[::1] earliest = earliest_arr
    cdef Py_ssize_t r, c, p, g
    cdef int64_t key
    cdef bint bad = False
    with nogil:
        for r in range(n):
            c = call_row[r]
            if c < 0 or c >= ncalls:
                bad = True
                break
            p = call_pos[c]
            if p < 0:
                continue
            g = name[r]
            if p >= npos or g < 0 or g >= nnames:
                bad = True
                break
            counts[g] += 1
            key = <int64_t>walk_rank[p] * (<int64_t>1 << 32) + r
            if key < earliest[g]:
                earliest[g] = key
    if bad:
        raise IndexError("a row's call, position or name is out of range")
    return counts_arr, earliest_arr


# Small-span ids (days, model ids, turn numbers): counted in a table as
# long as their span instead of sorted, with no widened copy of the values.

def span_counts(const index_t[::1] values, int64_t lo, Py_ssize_t size, bint first=False):
    """(counts, firsts): counts[v - lo] = how many values equal v, for
    lo <= v < lo + size; with `first`, firsts[v - lo] = the index of the
    first value equal to v (len(values) for none), in the same pass, else None."""
    cdef Py_ssize_t i, n = values.shape[0]
    counts = np.zeros(size, dtype=np.int64)
    firsts = np.full(size if first else 0, n, dtype=np.intp)
    cdef int64_t[::1] c = counts
    cdef cnp.intp_t[::1] f = firsts
    cdef int64_t k
    cdef bint bad = False
    with nogil:
        for i in range(n):
            k = <int64_t>values[i] - lo
            if k < 0 or k >= size:
                bad = True
                break
            if first and c[k] == 0:
                f[k] = i
            c[k] += 1
    if bad:
        raise IndexError("a value outside the span")
    return counts, (firsts if first else None)


def span_lookup(const index_t[::1] values, int64_t lo, const index2_t[::1] table):
    """table[v - lo] for each value v, as an array of the table's dtype."""
    cdef Py_ssize_t i, n = values.shape[0], size = table.shape[0]
    out = np.empty(n, dtype=np.int32 if index2_t is int32_t else np.int64)
    cdef index2_t[::1] o = out
    cdef int64_t k
    cdef bint bad = False
    with nogil:
        for i in range(n):
            k = <int64_t>values[i] - lo
            if k < 0 or k >= size:
                bad = True
                break
            o[i] = table[k]
    if bad:
        raise IndexError("a value outside the table")
    return out


def group_extreme(const index_t[::1] labels, const index2_t[::1] values, Py_ssize_t ngroups, bint largest=False):
    """out[g] = the least value of group g, or the greatest with `largest`
    (int64; INT64_MAX, or INT64_MIN, for an empty group)."""
    cdef Py_ssize_t i, g, n = labels.shape[0]
    if values.shape[0] != n:
        raise ValueError("labels and values differ in length")
    out = np.full(ngroups, np.iinfo(np.int64).min if largest else np.iinfo(np.int64).max, dtype=np.int64)
    cdef int64_t[::1] o = out
    with nogil:
        for i in range(n):
            g = labels[i]
            if 0 <= g < ngroups and ((values[i] > o[g]) if largest else (values[i] < o[g])):
                o[g] = values[i]
    return out


def group_any(const index_t[::1] labels, const uint8_t[::1] flags, Py_ssize_t ngroups):
    """out[g] = whether some row of group g has a flag set (bool)."""
    cdef Py_ssize_t i, g, n = labels.shape[0]
    if flags.shape[0] != n:
        raise ValueError("labels and flags differ in length")
    out = np.zeros(ngroups, dtype=np.bool_)
    cdef uint8_t[::1] o = out.view(np.uint8)
    with nogil:
        for i in range(n):
            g = labels[i]
            if 0 <= g < ngroups and flags[i]:
                o[g] = 1
    return out
