# Hyperscan matches collected without a Python frame per match
# (codeburn/classify/categories.py): the binding calls its match handler once per
# match, and a keyword-dense history has millions of them.

cdef class MatchSink:
    """A Hyperscan match handler that keeps (pattern id, start, end) in C++
    vectors; take() hands them over as numpy arrays and empties the sink."""
    cdef vector[int64_t] ids, starts, ends

    def __call__(self, unsigned int pid, unsigned long long start, unsigned long long end, unsigned int flags,
                 ctx):
        self.ids.push_back(pid)
        self.starts.push_back(<int64_t>start)
        self.ends.push_back(<int64_t>end)

    def take(self):
        """(pattern ids, starts, ends) as int64 arrays."""
        return _i64(self.ids, True), _i64(self.starts, True), _i64(self.ends, True)
