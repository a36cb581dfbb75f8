# Hyperscan matches collected without a Python frame per match
# (codeburn/classify/categories.py): the binding calls its match handler once per
# match, and a keyword-dense history has millions of them.

cdef class MatchSink:
    """A Hyperscan match handler that keeps (pattern id, start, end) in C++
    vectors; take() hands them over as numpy arrays and empties the sink."""
    cdef vector[int64_t] ids, starts, ends

    @cython.boundscheck(False)
    @cython.wraparound(False)
    def __call__(self, *args):
        # (id, start, end, flags, context), taken from the tuple the binding
        # builds: no keyword-argument parsing per match.
        cdef tuple a = args
        if len(a) < 3:
            raise TypeError("a match handler takes (id, start, end, flags, context)")
        cdef int64_t pid = PyLong_AsLongLong(a[0]), start = PyLong_AsLongLong(a[1]), end = PyLong_AsLongLong(a[2])
        self.ids.push_back(pid)
        self.starts.push_back(start)
        self.ends.push_back(end)

    def take(self):
        """(pattern ids, starts, ends) as int64 arrays."""
        return _i64(self.ids, True), _i64(self.starts, True), _i64(self.ends, True)


cdef class EndsSink:
    """A Hyperscan match handler for a scan without start tracking
    (classify/categories.py Matcher.order): each match that lies inside a
    prompt of the arena bounds its role's leftmost start in that prompt,
    folded into `out` (the least start any match of the role may have,
    int32 [prompts, roles]) and `upper` (the least start the role surely
    has, from matches that cannot have begun in the prompt before) as the
    matches come, with no per-match arrays (2.3 M matches on a 2.5 GB
    Cursor store: the numpy pass over them cost a quarter of the classifier).

    offsets/lengths: each prompt's place in the arena (int64, ascending);
    role/least/most (int64) and newline (uint8): per pattern id, its role,
    the bytes its matches span at least and at most, and whether it may hold
    the separator '\\n'. out and upper come filled with NO_MATCH."""
    cdef const int64_t[::1] off, ln, role, least, most
    cdef const uint8_t[::1] newline
    cdef int32_t[:, ::1] out, upper
    cdef Py_ssize_t n, t

    def __init__(self, const int64_t[::1] offsets, const int64_t[::1] lengths, const int64_t[::1] role,
                 const int64_t[::1] least, const int64_t[::1] most, const uint8_t[::1] newline,
                 int32_t[:, ::1] out, int32_t[:, ::1] upper):
        if lengths.shape[0] != offsets.shape[0] or out.shape[0] != offsets.shape[0] or \
                upper.shape[0] != offsets.shape[0] or upper.shape[1] != out.shape[1]:
            raise ValueError("EndsSink: offsets, lengths, out and upper must have one row per prompt")
        if not (role.shape[0] == least.shape[0] == most.shape[0] == newline.shape[0]):
            raise ValueError("EndsSink: role, least, most and newline must have one entry per pattern")
        self.off, self.ln, self.role, self.least, self.most, self.newline = offsets, lengths, role, least, most, newline
        self.out, self.upper = out, upper
        self.n = offsets.shape[0]
        self.t = 0

    @cython.boundscheck(False)
    @cython.wraparound(False)
    def __call__(self, *args):
        # (id, start, end, flags, context); start is meaningless without SOM.
        cdef tuple a = args
        if len(a) < 3:
            raise TypeError("a match handler takes (id, start, end, flags, context)")
        cdef int64_t pid = PyLong_AsLongLong(a[0]), end = PyLong_AsLongLong(a[2])
        if pid < 0 or pid >= self.role.shape[0]:
            raise ValueError(f"EndsSink: pattern id {pid} out of range")
        cdef int64_t last = end - 1, start, lo, hi, rel
        cdef Py_ssize_t t = self.t, a_, b_, mid, r
        # The prompt holding the match's last byte: matches come by ascending
        # end, so it is almost always this one or the next.
        if t >= self.n or last < self.off[t] or (t + 1 < self.n and last >= self.off[t + 1]):
            a_, b_ = 0, self.n
            while a_ < b_:
                mid = (a_ + b_) >> 1
                if self.off[mid] <= last:
                    a_ = mid + 1
                else:
                    b_ = mid
            t = a_ - 1
            if t < 0:
                return
            self.t = t
        start = self.off[t]
        if end > start + self.ln[t]:   # runs on past the prompt
            return
        r = <Py_ssize_t>self.role[pid]
        if r < 0 or r >= self.out.shape[1]:
            raise ValueError(f"EndsSink: role {r} out of range")
        lo = end - self.most[pid]
        hi = end - self.least[pid]
        rel = (lo if lo > start else start) - start
        if rel < self.out[t, r]:
            self.out[t, r] = <int32_t>rel
        if not (lo < start and self.newline[pid]):   # cannot have begun in the prompt before
            rel = hi - start
            if rel < self.upper[t, r]:
                self.upper[t, r] = <int32_t>rel
