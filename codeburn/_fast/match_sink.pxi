# Hyperscan matches collected without a Python frame per match
# (codeburn/classify.py): the binding calls its match handler once per
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


# Prompts that begin alike, split for the classifier (codeburn/prompt_joins.py).

cdef inline int _js_space(const unsigned char *s, Py_ssize_t i, Py_ssize_t end) noexcept nogil:
    """Byte length of the JavaScript whitespace character (ruleset.JS_SPACE_CODES)
    at s[i], 0 when there is none."""
    cdef unsigned char c = s[i]
    if c == 0x20 or (0x09 <= c <= 0x0D):
        return 1
    if c == 0xC2 and i + 1 < end and s[i + 1] == 0xA0:
        return 2
    if i + 2 >= end:
        return 0
    cdef unsigned char c1 = s[i + 1], c2 = s[i + 2]
    if c == 0xE1 and c1 == 0x9A and c2 == 0x80:                       # U+1680
        return 3
    if c == 0xE2 and c1 == 0x80 and (c2 <= 0x8A or c2 == 0xA8 or c2 == 0xA9 or c2 == 0xAF):
        return 3                                                       # U+2000-200A, 2028, 2029, 202F
    if c == 0xE2 and c1 == 0x81 and c2 == 0x9F:                       # U+205F
        return 3
    if (c == 0xE3 and c1 == 0x80 and c2 == 0x80) or (c == 0xEF and c1 == 0xBB and c2 == 0xBF):
        return 3                                                       # U+3000, U+FEFF
    return 0


cdef inline Py_ssize_t _char_len(unsigned char c) noexcept nogil:
    return 1 if c < 0xC0 else 2 if c < 0xE0 else 3 if c < 0xF0 else 4


cdef Py_ssize_t _window_left(const unsigned char *s, Py_ssize_t end, int reach) noexcept nogil:
    """Start of the reach-th last word of s[:end] (0 when it has fewer):
    words are runs of anything but JavaScript whitespace."""
    cdef vector[Py_ssize_t] starts
    cdef Py_ssize_t i = 0, w
    cdef bint in_word = False
    while i < end:
        w = _js_space(s, i, end)
        if w:
            in_word = False
            i += w
            continue
        if not in_word:
            starts.push_back(i)
            in_word = True
        i += _char_len(s[i])
    if <Py_ssize_t>starts.size() < reach:
        return 0
    return starts[starts.size() - reach]


cdef Py_ssize_t _window_right(const unsigned char *s, Py_ssize_t begin, Py_ssize_t end, int reach) noexcept nogil:
    """End of the reach-th word of s[begin:end] (end when it has fewer)."""
    cdef Py_ssize_t i = begin, w
    cdef int words = 0
    cdef bint in_word = False
    while i < end:
        w = _js_space(s, i, end)
        if w:
            if in_word:
                words += 1
                if words == reach:
                    return i
            in_word = False
            i += w
            continue
        in_word = True
        i += _char_len(s[i])
    return end


def shared_prefix_parts(bytes arena, offsets, lengths, int reach, int min_prefix):
    """Splits runs of consecutive prompts that begin with the same text P
    followed by an ASCII whitespace character w (P at least min_prefix
    bytes): each prompt of a run is P + w + R. Returns

      parts: bytes, every run's P once, then every prompt's R (the whole
             prompt for one in no run), each followed by '\\n';
      part_off (int64), part_len (int32): the parts in `parts`;
      rest (int64 per prompt): its R's (or whole prompt's) part;
      head (int64 per prompt): its P's part, -1 for a prompt in no run;
      shift (int64 per prompt): where R starts in the prompt (0: in no run);
      windows: bytes, per prompt of a run the text from the reach-th last
             word of P to the end of R's reach-th word (reach 0: none), each
             followed by '\\n';
      win_off (int64), win_len (int32), win_cut (int64: w's offset in it),
      win_at (int64: where it starts in its prompt), win_of (int64: its prompt).
    """
    cdef const unsigned char *s = arena
    cdef Py_ssize_t n = len(offsets), t, a, b, L, q, i, off, ln, poff, plen, wa
    cdef const int64_t[:] o
    cdef const int32_t[:] l
    cdef vector[int64_t] group = vector[int64_t](n, -1)
    cdef vector[int64_t] cut = vector[int64_t](n, -1)   # w's offset in the prompt
    cdef vector[int64_t] group_first, group_cut
    cdef string parts, windows
    cdef vector[int64_t] part_off, rest, head, shift, win_off, win_cut, win_at, win_of
    cdef vector[int32_t] part_len, win_len
    cdef vector[int64_t] group_part, group_left
    import numpy as np
    o = np.ascontiguousarray(offsets, dtype=np.int64)
    l = np.ascontiguousarray(lengths, dtype=np.int32)
    with nogil:
        for t in range(1, n):
            off, ln, poff, plen = o[t], l[t], o[t - 1], l[t - 1]
            L = 0
            while L < ln and L < plen and s[off + L] == s[poff + L]:
                L += 1
            if group[t - 1] >= 0:
                if L > cut[t - 1]:
                    group[t], cut[t] = group[t - 1], cut[t - 1]
                continue
            q = L - 1
            while q >= min_prefix and not (s[off + q] == 0x20 or 0x09 <= s[off + q] <= 0x0D):
                q -= 1
            if q < min_prefix:
                continue
            group[t - 1] = group[t] = <int64_t>group_first.size()
            cut[t - 1] = cut[t] = q
            group_first.push_back(t - 1)
            group_cut.push_back(q)
        for i in range(<Py_ssize_t>group_first.size()):
            t, q = group_first[i], group_cut[i]
            group_part.push_back(<int64_t>part_off.size())
            group_left.push_back(_window_left(s + o[t], q, reach) if reach > 0 else 0)
            part_off.push_back(<int64_t>parts.size())
            part_len.push_back(<int32_t>q)
            parts.append(<const char *>(s + o[t]), <size_t>q)
            parts.push_back(b'\n')
        for t in range(n):
            q = cut[t]
            off, ln = o[t], l[t]
            if group[t] < 0:
                q = -1
            rest.push_back(<int64_t>part_off.size())
            part_off.push_back(<int64_t>parts.size())
            part_len.push_back(<int32_t>(ln - q - 1))
            parts.append(<const char *>(s + off + q + 1), <size_t>(ln - q - 1))
            parts.push_back(b'\n')
            shift.push_back(q + 1)
            if q < 0:
                head.push_back(-1)
                continue
            head.push_back(group_part[group[t]])
            if reach <= 0:
                continue
            wa = group_left[group[t]]
            b = _window_right(s + off, q + 1, ln, reach)
            win_off.push_back(<int64_t>windows.size())
            win_len.push_back(<int32_t>(b - wa))
            win_cut.push_back(q - wa)
            win_at.push_back(wa)
            win_of.push_back(t)
            windows.append(<const char *>(s + off + wa), <size_t>(b - wa))
            windows.push_back(b'\n')
    return (<bytes>parts, _i64(part_off, True), _i32(part_len, True), _i64(rest, True), _i64(head, True),
            _i64(shift, True), <bytes>windows, _i64(win_off, True), _i32(win_len, True), _i64(win_cut, True),
            _i64(win_at, True), _i64(win_of, True))
