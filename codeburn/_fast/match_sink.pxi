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
