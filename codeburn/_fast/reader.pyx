# distutils: language = c++
"""Compiled reader: Claude Code JSONL files -> typed numpy columns.

The per-line work happens in C++ (includes/cb_scan.h) with the GIL released;
this module only drives it file by file and hands the columns to numpy.
"""
cimport cython
from cpython.long cimport PyLong_AsLongLong
from libc.stdint cimport int8_t, int32_t, int64_t, uint8_t, uint32_t, uint64_t
from libc.string cimport memcpy
from libcpp.string cimport string
from libcpp.vector cimport vector
from libcpp.memory cimport unique_ptr

from codeburn._fast.includes.cb_scan cimport (
    CB_NOT_REGULAR, Columns, Decoded, FileStats, Narrow, Phrases, Settled, Scanner as CScanner, Tool, Usage, parse_iso_ms as c_parse_iso_ms,
    string_view, utf16_prefix as c_utf16_prefix, set_local_zone as c_set_local_zone, zoneless_total as c_zoneless_total)

cdef extern from "Python.h":
    object PyUnicode_EncodeFSDefault(object)
    object PyUnicode_DecodeFSDefaultAndSize(const char *, Py_ssize_t)

TS_NONE = -(2 ** 63)  # timestamp missing or unparseable: outside every range
IO_NOT_REGULAR = CB_NOT_REGULAR  # a read's error code for a FIFO, socket or device where a file was expected

STAT_FIELDS = ("bytes", "lines", "invalid", "bad_number", "huge", "too_large", "torn_tail",
               "calls", "stream_dups", "global_dups", "turns", "first_bad_line", "not_session", "estimated")
KINDS = {"claude": 0, "codex": 1}  # the formats the reader decodes (cb_scan.h SourceKind)
# JSONL formats of records providers the reader decodes (cb_jsonl.h; kind =
# the provider id): a file the reader gives up on is read by the provider's
# Python reader (stats "not_session" is then 1).
JSONL_KINDS = {"gemini": 3, "qwen": 4, "pi": 5, "omp": 6, "openclaw": 7, "kimi": 8, "kimicode": 9, "copilot": 10}
KINDS.update(JSONL_KINDS)
# Records sessions (codeburn.providers.records) are fed with add_session().


cdef object _array(const void *data, size_t n, size_t itemsize, str dtype):
    """A writable numpy array holding a copy of n items at data (numpy is
    imported on first use, not with this module)."""
    import numpy as np
    cdef bytearray out = bytearray(n * itemsize)
    if n:
        memcpy(<char *>out, data, n * itemsize)
    return np.frombuffer(out, dtype=dtype)


ctypedef fused column_t:
    int64_t
    int32_t
    uint32_t
    uint8_t
    uint64_t


# A column as numpy (`dtype` names column_t's type); with `free`, the
# vector's memory is released once copied (take_columns: the copies and the
# vectors are then never all held at once).
cdef object _col(vector[column_t] &v, str dtype, bint free=False):
    out = _array(v.data(), v.size(), sizeof(column_t), dtype)
    if free:
        vector[column_t]().swap(v)
    return out


cdef object _i64(vector[int64_t] &v, bint free=False):
    return _col[int64_t](v, "int64", free)


cdef object _i32(vector[int32_t] &v, bint free=False):
    return _col[int32_t](v, "int32", free)


cdef object _u32(vector[uint32_t] &v, bint free=False):
    return _col[uint32_t](v, "uint32", free)


cdef object _u8(vector[uint8_t] &v, bint free=False):
    return _col[uint8_t](v, "uint8", free)


cdef object _u64(vector[uint64_t] &v, bint free=False):
    return _col[uint64_t](v, "uint64", free)


# A Narrow column (cb_narrow.h) widened into numpy (`dtype` names column_t's
# type); with `free`, its memory is released once copied. A count column of
# zeros is np.zeros, whose pages (calloc'ed) stay untouched until written:
# Claude's reasoning and OpenAI-style cache writes, Codex's cache writes
# cost no resident memory.
cdef object _narrow(Narrow[column_t] &v, str dtype, bint free=False):
    import numpy as np
    cdef size_t n = v.size()
    cdef bint zeros = v.width() == 0
    out = np.zeros(n, dtype=dtype) if zeros else np.empty(n, dtype=dtype)
    cdef column_t[::1] o = out
    if n:
        v.copy_to(&o[0], zeros)
    if free:
        v.clear()
    return out


cdef object _counts(Narrow[int64_t] &v, bint free=False):
    return _narrow[int64_t](v, "int64", free)


cdef object _ids(Narrow[int32_t] &v, bint free=False):
    return _narrow[int32_t](v, "int32", free)


def parse_iso_ms(s):
    """Epoch milliseconds of an ISO-8601 string, or TS_NONE; a time without
    a zone is local time in the zone set_local_zone() named."""
    return c_parse_iso_ms(s.encode() if isinstance(s, str) else s)


# Times written without a zone are local time (cb_time.h): the zone the
# command's days are in, set before anything is read.
_local_zone = None
_zone_stamp = 0


def zone_name(tz):
    """What names a zone in cache keys: an IANA key, or the zone's repr."""
    if tz is None:
        return "UTC"
    import datetime as dt
    if isinstance(tz, dt.timezone) and tz.utcoffset(None) == dt.timedelta(0):
        return "UTC"
    from codeburn.aggregate.periods import UTC_KEYS

    name = getattr(tz, "key", None) or repr(tz)
    return "UTC" if name in UTC_KEYS else name


def set_local_zone(tz):
    """Reads times written without a zone as local time in `tz` (a tzinfo;
    None: UTC) from now on, in every thread."""
    global _local_zone, _zone_stamp
    import hashlib
    name = zone_name(tz)
    _zone_stamp = int.from_bytes(hashlib.blake2b(name.encode("utf-8", "surrogateescape"), digest_size=8).digest(),
                                 "little") | 1
    if name == "UTC":
        _local_zone = None
        c_set_local_zone(NULL, _zone_stamp)
    else:
        _local_zone = tz
        c_set_local_zone(_wall_to_utc, _zone_stamp)


def local_zone():
    """The zone set_local_zone() named, None for UTC."""
    return _local_zone


def zone_stamp():
    """The stamp of the zone set_local_zone() named (what a decode that read
    a time without a zone is kept with)."""
    return _zone_stamp


def zoneless_total():
    """How many times without a zone this process has read, in every thread
    (a read that moved it depends on the zone)."""
    return c_zoneless_total()


cdef int64_t _wall_to_utc(int64_t wall) noexcept nogil:
    with gil:
        try:
            return _utc_of_wall(wall)
        except Exception:  # outside the calendar datetime knows
            return TS_NONE


def _utc_of_wall(int64_t wall):
    """Epoch ms of wall-clock ms in the local zone: a time a change of the
    clock skips is read with the offset before it, one it repeats as the
    earlier, as JavaScript's Date reads them (fold 0 here)."""
    import datetime as dt
    when = dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=wall)
    return wall - _local_zone.utcoffset(when) // dt.timedelta(milliseconds=1)


set_local_zone(None)


def utf16_prefix(bytes s, size_t cap):
    """(bytes kept, UTF-16 units) of the longest prefix of UTF-8 `s` within
    `cap` units, as the reader cuts texts (exposed for tests)."""
    cdef size_t units = 0
    cdef string_view kept = c_utf16_prefix(string_view(s, len(s)), cap, &units)
    return kept.size(), units


cdef void _load_phrases(Phrases &p, phrases, uint64_t stamp) except *:
    """Fills a phrase set from (text, word start) pairs (cb_phrases.h)."""
    cdef bytes b
    p.clear()
    for text, at_word_start in phrases:
        b = text.encode("ascii")
        p.add(string_view(b, len(b)), bool(at_word_start))
    p.finish()
    p.stamp = stamp


cdef class DecodedFile:
    """A Claude Code file decoded by a worker, waiting to be adopted."""
    cdef Decoded *d

    def __cinit__(self):
        self.d = new Decoded()

    def __dealloc__(self):
        del self.d

    @property
    def settled(self):
        """((dev, inode, size, mtime ns), (head CRC, tail CRC)) of the file
        as it stood when its whole read ended, if it ends in a newline;
        else None (also for a file read in parts or loaded from the cache)."""
        cdef Settled s = self.d.settled
        if not s.ok:
            return None
        return (s.dev, s.ino, s.size, s.mtime_ns), (s.head_crc, s.tail_crc)

    def dumps(self):
        """The file as the per-file cache stores it."""
        return <bytes>self.d.dump()

    @property
    def phrase_stamp(self):
        """The stamp of the phrase set the file was decoded with (Scanner.set_phrases)."""
        return self.d.phrases

    @property
    def zone_stamp(self):
        """The zone the file was decoded in (set_local_zone's stamp) when it
        read a time without a zone, else 0: another zone reads it again."""
        return self.d.zone

    @property
    def hint(self):
        """A JSONL records file's hint (Scanner.decode_jsonl), '' for others."""
        return self.d.hint.decode("utf-8", "surrogateescape")

    def append(self, rest):
        """Joins `rest`, the parts of the same file that follow this one, in
        order (see Scanner.decode_part); they are emptied."""
        cdef vector[Decoded *] parts
        cdef DecodedFile part
        for part in rest:
            if part is None:
                raise TypeError("append() takes DecodedFile parts, not None")
            parts.push_back(part.d)
        with nogil:
            self.d.append(parts)

    @staticmethod
    def loads(const unsigned char[::1] data):
        """A DecodedFile from dumps() output (any contiguous buffer: bytes, a
        memoryview of the cache's mapped pack), or None when the bytes are
        not a well-formed dump of this build (corrupt, truncated, foreign)."""
        cdef DecodedFile d = DecodedFile()
        cdef size_t n = data.shape[0]
        if n == 0 or not d.d.load(string_view(<const char *>&data[0], n)):
            return None
        return d


cdef extern from "cb_pack.h" namespace "cb" nogil:
    cdef cppclass CPackOut "cb::PackOut":
        CPackOut(int fd, int64_t offset)
        bint add(const Decoded &d, string_view path, int64_t &at, int64_t &length, uint32_t &crc) except +
        void close()
        int64_t offset()
        int error()


cdef class PackOut:
    """The pack file being written (codeburn/cache/filecache.py), for entries
    appended from the decoding threads without the GIL (includes/cb_pack.h).
    `fd` is positioned at `offset`; it must stay open until close()."""
    cdef CPackOut *p

    def __cinit__(self, int fd, int64_t offset):
        self.p = new CPackOut(fd, offset)

    def __dealloc__(self):
        del self.p

    def add(self, DecodedFile decoded, bytes path):
        """Appends `decoded`'s dump: (offset, length, CRC of path and dump),
        or None once the file failed (see error) or was closed."""
        cdef int64_t at = 0, length = 0
        cdef uint32_t crc = 0
        cdef bint ok
        cdef string_view name = string_view(path, len(path))
        with nogil:
            ok = self.p.add(decoded.d[0], name, at, length, crc)
        return (at, length, crc) if ok else None

    def close(self):
        """No append starts after this returns."""
        with nogil:
            self.p.close()

    @property
    def offset(self):
        """Where the next entry goes: the bytes written so far."""
        return self.p.offset()

    @property
    def error(self):
        """errno of the write that failed, 0 if none did."""
        return self.p.error()


cdef extern from "cb_queue.h" namespace "cb" nogil:
    cdef enum QueueKept:
        Q_NOT_KEPT, Q_KEPT, Q_ASK_PYTHON, Q_PACK_FAILED

    cdef enum QueueTask:
        T_DECODE, T_LOAD, T_RESUME

    cdef enum QueueUse:
        U_NONE, U_SAME, U_GROWN, U_DAMAGED

    cdef cppclass QueueFile "cb::QueueFile":
        string path, error
        int kept, use
        int64_t at, length
        uint32_t crc

    cdef enum RunStop:
        RUN_END, RUN_TEXT, RUN_PYTHON, RUN_SERIAL, RUN_ERROR

    cdef cppclass RunOut "cb::RunOut":
        int32_t done
        int stop
        string error
        vector[int64_t] stats
        vector[string] cwd, session
        vector[int8_t] kept, use
        vector[int64_t] at, length
        vector[uint32_t] crc, head, tail
        unique_ptr[Decoded] pending
        int pending_kept, pending_use
        int64_t pending_at, pending_length
        uint32_t pending_crc, pending_head, pending_tail

    cdef cppclass CDecodeQueue "cb::DecodeQueue":
        CDecodeQueue(int64_t window, int64_t ahead_limit)
        void add(const string &path, int32_t idx, int kind, const string &hint, int64_t nbytes, int parts,
                 int64_t part_bytes, uint64_t dev, uint64_t ino, int64_t size, int64_t mtime_ns)
        void set_entry(int task, const char *entry, size_t length, uint32_t crc, int64_t resume_at)
        void set_pack(CPackOut *pack)
        size_t size()
        void work(CScanner &s)
        Decoded *wait(int32_t pos)
        const QueueFile &file(int32_t pos)
        void close()
        void adopt_run(CScanner &main, int32_t pos, int32_t count, const int32_t *file_idx, size_t text_limit,
                       RunOut &out) except +


# What became of a queued file's cache entry (DecodeQueue.wait).
QUEUE_NOT_KEPT, QUEUE_KEPT, QUEUE_ASK_PYTHON, QUEUE_PACK_FAILED = Q_NOT_KEPT, Q_KEPT, Q_ASK_PYTHON, Q_PACK_FAILED
# What a queued file starts from, and how its cache entry served (includes/cb_queue.h).
QUEUE_LOAD, QUEUE_RESUME = T_LOAD, T_RESUME
ENTRY_UNUSED, ENTRY_SAME, ENTRY_GROWN, ENTRY_DAMAGED = U_NONE, U_SAME, U_GROWN, U_DAMAGED
# Why DecodeQueue.adopt_run stopped (includes/cb_queue.h RunStop).
RUN_DONE, RUN_CLASSIFY, RUN_IN_PYTHON, RUN_IN_ORDER, RUN_FAILED = RUN_END, RUN_TEXT, RUN_PYTHON, RUN_SERIAL, RUN_ERROR


def decode_failure(str path, str message):
    """The exception of a file a decoding thread could not decode: a
    MemoryError when it ran out of memory, else a RuntimeError naming why."""
    if message == "out of memory":
        return MemoryError(f"decoding {path}")
    return RuntimeError(f"decoding {path} failed: {message}")


cdef DecodedFile _owning(Decoded *d):
    """A DecodedFile that owns `d` (a decode a thread handed over)."""
    cdef DecodedFile out = DecodedFile()
    del out.d
    out.d = d
    return out


class AdoptedRun:
    """What DecodeQueue.adopt_run did (see there)."""
    __slots__ = ("done", "stop", "error", "stats", "cwds", "sessions", "kept", "uses", "entries", "edges", "pending",
                 "pending_entry", "pending_use")


cdef class DecodeQueue:
    """The decoding threads' work list for files the per-file cache does not
    have (includes/cb_queue.h): each thread runs work() once, decoding and
    appending cache entries without the GIL; the main reader takes each
    file in order with wait(). Files are added, and the pack set, before
    any thread starts."""
    cdef CDecodeQueue *q
    cdef object pack  # the PackOut the threads append to, kept alive here
    cdef list entries  # the cache entries' buffers the threads read, kept alive here

    def __cinit__(self, int64_t window, int64_t ahead_limit):
        self.q = new CDecodeQueue(window, ahead_limit)
        self.entries = []

    def __dealloc__(self):
        del self.q

    def add(self, path, int32_t file_idx, str kind, str hint, int64_t nbytes, int parts, int64_t part_bytes, st):
        """File file_idx (`kind` as Scanner.scan_file names it), read whole or
        in `parts` of part_bytes; `st` is its stat before the read (None:
        nothing of it is kept)."""
        self._add(_path_bytes(path), file_idx, KINDS[kind], hint.encode("utf-8", "surrogateescape"), nbytes, parts,
                  part_bytes, st)

    cdef void _add(self, const string &cpath, int32_t file_idx, int ckind, const string &chint, int64_t nbytes,
                   int parts, int64_t part_bytes, st) except *:
        if st is None:
            self.q.add(cpath, file_idx, ckind, chint, nbytes, parts, part_bytes, 0, 0, -1, -1)
        else:
            self.q.add(cpath, file_idx, ckind, chint, nbytes, parts, part_bytes,
                       st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)

    def add_many(self, list paths, list idxs, list kinds, list hints, list parts, int64_t part_bytes, list stats):
        """add() of each file in turn (lists of one length, the i'th file's
        fields at i), in one call: at 56k files the calls one by one were
        0.2 s of a first run's start, before any thread could begin."""
        cdef Py_ssize_t i, n = len(paths)
        if not (len(idxs) == n and len(kinds) == n and len(hints) == n and len(parts) == n and len(stats) == n):
            raise ValueError("add_many: lists of different lengths")
        cdef string chint
        cdef int ckind = 0
        last_kind = last_hint = None
        for i in range(n):
            kind, hint, st = kinds[i], hints[i], stats[i]
            if kind is not last_kind:
                ckind = KINDS[kind]
                last_kind = kind
            if hint is not last_hint:
                chint = (<str>hint).encode("utf-8", "surrogateescape")
                last_hint = hint
            self._add(_path_bytes(paths[i]), idxs[i], ckind, chint, st.st_size if st is not None else 0, parts[i],
                      part_bytes, st)

    def from_entry(self, int task, const unsigned char[::1] entry, uint32_t crc, int64_t resume_at=0):
        """The file last added starts from its per-file cache entry: QUEUE_LOAD
        (unchanged: the entry is the file, unless its CRC (of the path, then
        the entry) fails or it was decoded with other phrases) or
        QUEUE_RESUME (grown by appends since the entry's `resume_at` bytes).
        `entry` (a view of the mapped pack) is read by the threads: it must
        stay mapped until the queue is done."""
        if self.q.size() == 0 or task not in (T_LOAD, T_RESUME):
            raise ValueError("from_entry() follows an add(), with QUEUE_LOAD or QUEUE_RESUME")
        self.entries.append(entry.base if entry.base is not None else entry)
        cdef const char *data = <const char *>&entry[0] if entry.shape[0] else NULL
        self.q.set_entry(task, data, entry.shape[0], crc, resume_at)

    def set_pack(self, PackOut pack not None):
        self.pack = pack
        self.q.set_pack(pack.p)

    def __len__(self):
        return self.q.size()

    def work(self, Scanner scanner not None):
        """A decoding thread's loop; returns when every file is handed out or after close()."""
        with nogil:
            self.q.work(scanner.c[0])

    def wait(self, int32_t pos):
        """(DecodedFile, QUEUE_* for its cache entry, (offset, length, crc)
        of a kept entry, ENTRY_* for how its old entry served) of the pos'th
        file added, once decoded; raises what stopped its decoding."""
        if pos < 0 or <size_t>pos >= self.q.size():
            raise IndexError(pos)
        cdef Decoded *d
        with nogil:
            d = self.q.wait(pos)
        cdef const QueueFile *f = &self.q.file(pos)
        if d == NULL:
            raise decode_failure(f.path.decode("utf-8", "surrogateescape"), f.error.decode("utf-8", "replace"))
        return _owning(d), f.kept, (f.at, f.length, f.crc), f.use

    def close(self):
        """No file starts after this returns."""
        with nogil:
            self.q.close()

    def release_entries(self):
        """Lets go of the cache entries' buffers (the pack's mapping can then
        close); only once every thread's work() has returned."""
        self.entries = []

    def adopt_run(self, Scanner main not None, int32_t pos, const int32_t[::1] file_idx, size_t text_limit):
        """Adopts the queued files pos, pos + 1, ... into `main` in order, as
        many as file_idx has (their scan numbers), waiting for each without
        the GIL; stops early once the prompts waiting for the classifier
        reach text_limit bytes (RUN_CLASSIFY), or at a file that needs
        Python (RUN_IN_PYTHON: its DecodedFile is `pending`, not adopted),
        must be read in order (RUN_IN_ORDER: a Codex file Scanner.adopt
        declines; `pending_entry` is its cache entry) or failed (RUN_FAILED:
        `error`). Returns an AdoptedRun: `done` files adopted, their stats
        (int64 [done, len(STAT_FIELDS) + 1], the last column the errno),
        first cwds and Codex sessions (None when empty), and cache entries
        (`kept` QUEUE_* codes, `entries` (offset, length, crc) and `edges`
        (head, tail CRCs) per file)."""
        cdef RunOut out
        cdef Py_ssize_t n = file_idx.shape[0]
        if pos < 0 or <size_t>(pos + n) > self.q.size():
            raise IndexError(pos + n)
        if n:
            with nogil:
                self.q.adopt_run(main.c[0], pos, <int32_t>n, &file_idx[0], text_limit, out)
        run = AdoptedRun()
        run.done, run.stop = out.done, out.stop
        run.error = out.error.decode("utf-8", "replace")
        run.stats = _array(out.stats.data(), out.stats.size(), sizeof(int64_t), "int64").reshape(
            out.done, len(STAT_FIELDS) + 1)
        run.cwds = [c.decode("utf-8", "replace") if c.size() else None for c in out.cwd]
        run.sessions = [c.decode("utf-8", "replace") if c.size() else None for c in out.session]
        run.kept = list(out.kept)
        run.uses = list(out.use)
        run.entries = list(zip(out.at, out.length, out.crc))
        run.edges = list(zip(out.head, out.tail))
        run.pending = _owning(out.pending.release()) if out.pending.get() != NULL else None
        run.pending_entry = (out.pending_kept, (out.pending_at, out.pending_length, out.pending_crc),
                             (out.pending_head, out.pending_tail))
        run.pending_use = out.pending_use
        return run


cdef class Scanner:
    """One scan: files are fed in discovery order (which decides cross-file
    dedup, spec §3.5); `columns()` then returns everything kept."""

    cdef CScanner *c

    def __cinit__(self):
        self.c = new CScanner()

    def __dealloc__(self):
        del self.c

    def configure(self, dict tool_flags, str mcp_prefix, dict bash_sets, bytes text_class, int nclasses):
        """Loads the rules the reader applies per tool block: tool classes
        (name -> flag bits), the bash command sets (see codeburn.classify.ruleset),
        and the prompt classes: text_class[flags] is the arena a turn's
        prompt goes to (0: none), out of nclasses."""
        for name, flags in tool_flags.items():
            self.c.set_tool_flags(name.encode(), flags)
        self.c.tool_rules.mcp_prefix = mcp_prefix.encode()
        for which, key in enumerate(("prefixes", "ignored", "read_only", "git_read_only")):
            for name in bash_sets.get(key, ()):
                self.c.bash_rules.add(which, name.encode())
        self.c.set_text_classes(text_class, nclasses)

    def set_phrases(self, phrases, uint64_t stamp):
        """The beginnings of the self-correction patterns (codeburn.classify.selfcorrect):
        (text, word start) pairs; an assistant text holding one of them is
        kept in the corr_* columns. An empty text makes every text a
        candidate; stamp 0 (or no call) keeps none."""
        _load_phrases(self.c.phrases, phrases, stamp)

    def set_user_phrases(self, phrases, uint64_t stamp):
        """The beginnings of the user-correction patterns, as set_phrases
        takes them: a turn's prompt holding one is kept in the ucorr_*
        columns. Read when turns close (not when files are decoded), so the
        per-file cache does not depend on them."""
        _load_phrases(self.c.user_phrases, phrases, stamp)

    @property
    def phrase_stamp(self):
        return self.c.phrases.stamp

    @property
    def pending_text_bytes(self):
        """Bytes of prompts waiting in the arenas."""
        return self.c.pending_text_bytes()

    @property
    def call_count(self):
        """Call rows kept so far."""
        return self.c.cols.ts.size()

    @property
    def turn_count(self):
        return self.c.cols.turn_file.size()

    def turns_since(self, size_t start):
        """Classifier inputs of turns start.. (flags, prompt class, prompt
        offsets in the class's arena, lengths, hashes of the prompts)."""
        cdef Columns *c = &self.c.cols
        cdef size_t n = c.turn_flags.size()
        start = min(start, n)
        return (_array(c.turn_flags.data() + start, n - start, sizeof(uint32_t), "uint32"),
                _array(c.turn_text_class.data() + start, n - start, sizeof(uint8_t), "uint8"),
                _array(c.turn_text_off.data() + start, n - start, sizeof(int64_t), "int64"),
                _array(c.turn_text_len.data() + start, n - start, sizeof(int32_t), "int32"),
                _array(c.turn_text_hash.data() + start, n - start, sizeof(uint64_t), "uint64"))

    def take_texts(self, int cls):
        """(class cls's prompt arena, absolute offset of its first byte); the
        arena restarts empty. turn_text_off/len of that class point into it."""
        cdef int64_t base = 0
        cdef string_view t = self.c.texts(cls, base)
        out = t.data()[:t.size()] if t.size() else b""
        self.c.clear_texts(cls)
        return out, base

    def bash_commands(self, str command):
        """Command basenames of a shell string, as the reader extracts them."""
        cdef bytes raw = command.encode("utf-8", "surrogateescape")
        cdef vector[string] out
        self.c.bash_commands(string_view(raw, len(raw)), out)
        return [x.decode("utf-8", "replace") for x in out]

    def read_shaped(self, str command):
        """True when every command in the string only reads (a lookup, not a verification)."""
        cdef bytes raw = command.encode("utf-8", "surrogateescape")
        return self.c.read_shaped(string_view(raw, len(raw)))

    def scan_file(self, path, int32_t file_idx, str kind="claude", str session_hint=""):
        """Scans one file of the given format. Returns (stats dict, first cwd
        or None, errno); `session` then holds a Codex file's session id."""
        cdef bytes bpath = _path_bytes(path)
        cdef const char *cpath = bpath
        cdef int err, ckind = KINDS[kind]
        cdef string hint = session_hint.encode("utf-8", "surrogateescape")
        with nogil:
            err = self.c.scan_file(cpath, file_idx, ckind, hint)
        return self._stats(), self._cwd(), err

    def decode_file(self, path, int32_t file_idx, DecodedFile prior=None, int64_t offset=0):
        """Decodes a Claude Code file into a DecodedFile for adopt(); with
        `prior` (the file decoded up to byte `offset`, a line boundary) only
        the bytes after offset are read. Releases the GIL while reading."""
        cdef bytes bpath = _path_bytes(path)
        cdef const char *cpath = bpath
        cdef DecodedFile d = DecodedFile()
        cdef const Decoded *p = prior.d if prior is not None else NULL
        with nogil:
            self.c.decode_file(cpath, file_idx, d.d[0], p, offset)
        return d

    def decode_part(self, path, int32_t file_idx, int64_t start, int64_t stop=-1):
        """Decodes the lines of a Claude Code file that start in [start,
        stop) (stop < 0: to the end) into a DecodedFile; parts cut at the
        same positions tile the file and DecodedFile.append joins them.
        Releases the GIL while reading."""
        cdef bytes bpath = _path_bytes(path)
        cdef const char *cpath = bpath
        cdef DecodedFile d = DecodedFile()
        with nogil:
            self.c.decode_part(cpath, file_idx, d.d[0], start, stop)
        return d

    def decode_codex(self, path, int32_t file_idx, str session_hint=""):
        """Decodes a Codex rollout into a DecodedFile for adopt(), taking
        every call as new (adopt checks that against the files before it).
        Releases the GIL while reading."""
        cdef bytes bpath = _path_bytes(path)
        cdef const char *cpath = bpath
        cdef string hint = session_hint.encode("utf-8", "surrogateescape")
        cdef DecodedFile d = DecodedFile()
        with nogil:
            self.c.decode_codex(cpath, file_idx, hint, d.d[0])
        return d

    def decode_jsonl(self, path, int32_t file_idx, str kind, str session_hint=""):
        """Decodes a file of a JSONL records format (JSONL_KINDS) into a
        DecodedFile for adopt(). Releases the GIL while reading."""
        cdef bytes bpath = _path_bytes(path)
        cdef const char *cpath = bpath
        cdef string hint = session_hint.encode("utf-8", "surrogateescape")
        cdef int ckind = JSONL_KINDS[kind]
        cdef DecodedFile d = DecodedFile()
        with nogil:
            self.c.decode_jsonl(cpath, file_idx, ckind, hint, d.d[0])
        return d

    def set_kind_names(self, str kind, dict names):
        """A JSONL records format's tool name -> canonical name table."""
        cdef int ckind = JSONL_KINDS[kind]
        for raw, canonical in names.items():
            self.c.set_kind_name(ckind, raw.encode(), canonical.encode())

    def adopt(self, DecodedFile d not None, int32_t file_idx):
        """Main side: finishes a decoded file, in discovery order, as
        scan_file would have. Returns what scan_file returns, or None (and
        nothing done) for a Codex file that must be read in order with
        scan_file (its calls depend on dedup decisions of other files)."""
        if not self.c.adopt(d.d[0], file_idx):
            return None
        return self._stats(), self._cwd(), self.c.st.io_error

    def scan_bytes(self, bytes data, int32_t file_idx, str kind="claude", str session_hint=""):
        """Scans an in-memory file (tests and fuzzing)."""
        self.c.scan_bytes(data, len(data), file_idx, KINDS[kind], session_hint.encode("utf-8", "surrogateescape"))
        return self._stats(), self._cwd(), 0

    def add_session(self, int32_t file_idx, calls, dict names, bint unique_shell=False, int steps=0,
                    bint carry_prompt=False):
        """Feeds one records session (codeburn.providers.records.Call objects,
        in the tool's order) as file file_idx: consecutive calls sharing a
        turn id form one turn, the first call's prompt opens it. `names` maps
        the provider's tool names to canonical ones. Returns (stats, kept):
        kept[i] is 1 when call i survived dedup. unique_shell: a command name
        counts once per call. steps: how retries split a call's tools (0 one
        step per tool, 1 one per call, 2 one per call seeing names only;
        cb_scan.h StepMode). carry_prompt: the tool drops a copied call
        before it takes the pending prompt (Scanner::carry_prompt_)."""
        cdef Usage u
        cdef vector[uint8_t] kept
        cdef bytes model, key, prompt, raw
        cdef object prev = None
        cdef bint first = True
        self.c.begin_records(file_idx, unique_shell, steps, carry_prompt)
        for call in calls:
            if first or call.turn is None or call.turn != prev:
                prompt = _utf8(call.prompt or "")
                self.c.record_turn(_ts(call.ts_ms), string_view(prompt, len(prompt)))
            first, prev = False, call.turn
            u.input, u.output = _count(call.input), _count(call.output)
            u.cc_legacy, u.m5, u.h1 = _count(call.cache_write), 0, 0
            u.cache_read, u.web_search = _count(call.cache_read), _count(call.web_search)
            u.fast, u.has_speed = bool(call.fast), True
            model = _utf8(call.model or "")
            key = _utf8(call.key) if call.key is not None else b""
            raw = _utf8(call.raw_ts) if isinstance(call.raw_ts, str) else b""
            self.c.record_call(_ts(call.ts_ms), string_view(model, len(model)), u, _count(call.reasoning),
                               bool(call.estimated), call.key is not None, string_view(key, len(key)),
                               string_view(raw, len(raw)))
            if call.supplementary:
                self.c.mark_light()
            for tool in call.tools:
                self._record_tool(tool, names)
            if call.steps:  # the call's own tool sequence: what retries see
                for step in call.steps:
                    for i, tool in enumerate(step):
                        self._record_tool(tool, names, i == 0)
        self.c.end_records(kept)
        return self._stats(), bytes(kept)

    cdef _record_tool(self, tool, dict names, int step_start=-1):
        """A tool use of the last call, or (step_start 0/1) a tool of its own
        tool sequence, which starts a step when step_start is 1."""
        cdef Tool t
        cdef bytes name = _utf8(names.get(tool.name, tool.name) or "")
        cdef bytes cmd = _utf8(tool.command or ""), path = _utf8(tool.file or "")
        cdef bytes skill = _utf8(tool.skill or ""), sub = _utf8(tool.subagent or "")
        t.name = string_view(name, len(name))
        t.command = string_view(cmd, len(cmd))
        t.has_command = tool.command is not None
        t.file_path = string_view(path, len(path))
        t.has_file = tool.file is not None
        t.skill = string_view(skill, len(skill))
        t.skill_name = t.skill
        t.has_skill = tool.skill is not None
        t.subagent = string_view(sub, len(sub))
        if step_start < 0:
            self.c.record_tool(t)
        else:
            self.c.record_step_tool(t, step_start == 1)

    @property
    def session(self):
        """The session id the last Codex file named (session_meta), or None."""
        return self.c.session.decode("utf-8", "replace") if self.c.session.size() else None

    def set_codex_names(self, dict names):
        """Codex tool name -> the canonical (Claude Code) name the classifier knows."""
        for raw, canonical in names.items():
            self.c.set_codex_name(raw.encode(), canonical.encode())

    cdef dict _stats(self):
        cdef FileStats st = self.c.st
        return {"bytes": st.bytes, "lines": st.lines, "invalid": st.invalid,
                "bad_number": st.bad_number, "huge": st.huge, "too_large": st.too_large,
                "torn_tail": st.torn_tail, "calls": st.calls, "stream_dups": st.stream_dups,
                "global_dups": st.global_dups, "turns": st.turns,
                "first_bad_line": st.first_bad_line, "not_session": st.not_session, "estimated": st.estimated}

    cdef object _cwd(self):
        if self.c.first_cwd.size() == 0:
            return None
        return self.c.first_cwd.decode("utf-8", "replace")

    def strings(self):
        """The interned string table (models, tool names, commands, agent types)."""
        cdef size_t i, n = self.c.strings.strings.size()
        return [self.c.strings.strings[i].decode("utf-8", "replace") for i in range(n)]

    def columns(self):
        """Copies of all columns as numpy arrays (names as in cb_scan.h)."""
        return self._columns(False)

    def release_dedup(self):
        """The scan is over: its dedup sets (16-46 bytes a message id) are
        freed now, before the end-of-scan work (cache index, classifier's
        last batch, the columns' copy) that would otherwise peak on them."""
        self.c.release_dedup()

    def take_columns(self):
        """columns() at the end of a scan: each column's memory is released
        as soon as it is copied, and so are the dedup sets; the Scanner
        holds no calls afterwards."""
        self.c.release_dedup()
        return self._columns(True)

    cdef dict _columns(self, bint free):
        cdef Columns *c = &self.c.cols
        return {
            "ts": _i64(c.ts, free), "file": _ids(c.file, free), "model": _ids(c.model, free),
            "turn": _ids(c.turn, free), "input": _counts(c.input, free), "output": _counts(c.output, free),
            "cache_write": _counts(c.cache_write, free), "cache_1h": _counts(c.cache_1h, free),
            "cache_read": _counts(c.cache_read, free), "web_search": _counts(c.web_search, free), "fast": _u8(c.fast, free),
            "reasoning": _counts(c.reasoning, free), "estimated": _u8(c.estimated, free),
            "openai_cw": _counts(c.openai_cw, free),
            "tool_call": _ids(c.tool_call, free), "tool_name": _ids(c.tool_name, free),
            "shell_call": _ids(c.shell_call, free), "shell_name": _ids(c.shell_name, free),
            "sub_call": _i32(c.sub_call, free), "sub_name": _i32(c.sub_name, free),
            "turn_file": _i32(c.turn_file, free), "turn_ts": _i64(c.turn_ts, free),
            "turn_flags": _u32(c.turn_flags, free), "turn_retries": _i32(c.turn_retries, free),
            "turn_skill": _i32(c.turn_skill, free), "turn_text_class": _u8(c.turn_text_class, free),
            "turn_text_off": _i64(c.turn_text_off, free), "turn_text_len": _i32(c.turn_text_len, free),
            # optimize's columns (cb_scan.h Columns)
            "call_version": _ids(c.call_version, free), "call_lines": _ids(c.call_lines, free),
            "tool_path": _ids(c.tool_path, free), "tool_skill": _ids(c.tool_skill, free),
            "tool_readonly": _u8(c.tool_readonly, free),
            "xt_file": _ids(c.xt_file, free), "xt_ts": _i64(c.xt_ts, free), "xt_name": _ids(c.xt_name, free),
            "xt_path": _ids(c.xt_path, free), "xt_skill": _ids(c.xt_skill, free), "xt_sub": _ids(c.xt_sub, free),
            "xt_readonly": _u8(c.xt_readonly, free), "xt_call": _ids(c.xt_call, free),
            "step_call": _ids(c.step_call, free), "step_name": _ids(c.step_name, free),
            "step_path": _ids(c.step_path, free),
            "xw_file": _ids(c.xw_file, free), "xw_ts": _i64(c.xw_ts, free), "xw_cw": _counts(c.xw_cw, free),
            "xw_lines": _ids(c.xw_lines, free), "xw_version": _ids(c.xw_version, free),
            "ut_file": _ids(c.ut_file, free), "ut_ts": _i64(c.ut_ts, free), "ut_len": _ids(c.ut_len, free),
            "ut_marks": _u8(c.ut_marks, free), "ut_hash": _u64(c.ut_hash, free),
            "cmd_text": _i32(c.cmd_text, free), "cmd_name": _i32(c.cmd_name, free),
            "inv_file": _i32(c.inv_file, free), "inv_name": _i32(c.inv_name, free),
            # self-correction candidates (cb_phrases.h)
            "corr_file": _i32(c.corr_file, free), "corr_ts": _i64(c.corr_ts, free),
            "corr_model": _i32(c.corr_model, free), "corr_off": _i64(c.corr_off, free),
            "corr_len": _i32(c.corr_len, free), "corr_text": _u8(c.corr_text, free),
            # prompts, and those that may be user corrections (cb_scan.h note_prompt)
            "unprompted_turn": _i32(c.unprompted_turn, free), "ucorr_turn": _i32(c.ucorr_turn, free),
            "ucorr_off": _i64(c.ucorr_off, free), "ucorr_len": _i32(c.ucorr_len, free),
            "ucorr_text": _u8(c.ucorr_text, free),
            # git branches (note_branch) and subagent spawn results (E_SPAWN)
            "branch_turn": _i32(c.branch_turn, free), "branch_id": _i32(c.branch_id, free),
            "spawn_file": _i32(c.spawn_file, free), "spawn_turn": _i32(c.spawn_turn, free),
            "spawn_unsure": _u8(c.spawn_unsure, free), "spawn_off": _i64(c.spawn_off, free),
            "spawn_len": _i32(c.spawn_len, free), "spawn_text": _u8(c.spawn_text, free),
            # pull request links and titles (cb_scan.h Columns)
            "link_file": _i32(c.link_file, free), "link_turn": _i32(c.link_turn, free),
            "link_record": _u8(c.link_record, free), "link_off": _i64(c.link_off, free),
            "link_len": _i32(c.link_len, free), "link_text": _u8(c.link_text, free),
            "title_file": _i32(c.title_file, free), "title_off": _i64(c.title_off, free),
            "title_len": _i32(c.title_len, free), "title_text": _u8(c.title_text, free),
            # the folders Claude records name, per run of records (cb_scan.h E_CWD)
            "cwd_file": _i32(c.cwd_file, free), "cwd_first": _i64(c.cwd_first, free),
            "cwd_last": _i64(c.cwd_last, free), "cwd_off": _i64(c.cwd_off, free),
            "cwd_len": _i32(c.cwd_len, free), "cwd_text": _u8(c.cwd_text, free),
            # timestamps not spelled canonically (cb_scan.h Columns)
            "raw_call": _i32(c.raw_call, free), "raw_off": _i64(c.raw_off, free),
            "raw_len": _i32(c.raw_len, free), "raw_text": _u8(c.raw_text, free),
            # supplementary calls: tokens and cost, no API call (Copilot's rollups)
            "light_call": _i32(c.light_call, free),
        }


cdef extern from "cb_alloc.h":
    bint cb_fix_mmap_threshold "cb::fix_mmap_threshold"(int nbytes)
    bint cb_release_free_memory "cb::release_free_memory"()


def release_free_memory():
    """Hands the heap's free pages back to the system (see includes/cb_alloc.h),
    after a phase that freed many small blocks; False where there is no such call."""
    return cb_release_free_memory()


_fixed_mmap_threshold = None   # what fix_mmap_threshold last set; None: glibc's own, which moves


def fix_mmap_threshold(int nbytes=128 * 1024):
    """Fix glibc's mmap threshold for this process (see includes/cb_alloc.h).
    Process-wide, so the CLI calls it, not the library. False where the C
    library has no such knob."""
    global _fixed_mmap_threshold
    done = cb_fix_mmap_threshold(nbytes)
    if done:
        _fixed_mmap_threshold = nbytes
    return done


def fixed_mmap_threshold():
    """The threshold fix_mmap_threshold set, or None (glibc's own)."""
    return _fixed_mmap_threshold


cdef bytes _utf8(str s):
    return s.encode("utf-8", "surrogatepass")


cdef int64_t _count(object v):
    """A token count as the columns hold it: whole, never negative; anything
    that is not a finite number is 0."""
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v != v or v in (float("inf"), float("-inf")):
        return 0
    if v <= 0:
        return 0
    return <int64_t>min(v, 1e15)


cdef int64_t _ts(object ms):
    return TS_NONE if ms is None else <int64_t>ms


cdef bytes _path_bytes(path):
    """A path as the C library takes it (str, bytes or os.PathLike)."""
    if isinstance(path, bytes):
        return path
    if isinstance(path, str):  # (as os.fsencode, without its Python frame: one per file queued)
        return PyUnicode_EncodeFSDefault(path)
    import os
    return os.fsencode(path)


include "cursor_kv.pxi"
include "match_sink.pxi"

cdef extern from "cb_stat.h" namespace "cb" nogil:
    cdef cppclass StatRow:
        uint64_t dev, ino
        int64_t size, mtime_ns, ctime_ns
        int err
    const bint STAT_BATCH
    void stat_rows(const vector[string] &paths, vector[StatRow] &rows)


cdef list _fs_paths(list paths, vector[string] &out):
    """paths as the file system's bytes (_path_bytes) into `out`; the
    indices of those holding a NUL byte (given as "", to fail) returned."""
    cdef bytes b
    cdef Py_ssize_t i, n = len(paths)
    cdef list bad = []
    out.reserve(n)
    for i in range(n):
        b = _path_bytes(paths[i])
        if b"\0" in b:
            bad.append(i)
            b = b""
        out.push_back(b)
    return bad


cdef list _invalid(list out, list bad):
    """`out` with EINVAL at each index _fs_paths found a NUL byte at (where
    os.stat or open would raise ValueError)."""
    import errno
    for i in bad:
        out[i] = errno.EINVAL
    return out


def stat_paths(list paths):
    """The stat of every path (str or bytes; symlinks followed, as os.stat),
    taken without the GIL: a list holding, for each path, either the tuple
    (st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns) or the errno of a
    failed stat (a path holding a NUL byte fails with EINVAL, where os.stat
    raises ValueError). None where this build cannot (Windows: its stat()
    has no inode), so the caller takes os.stat."""
    if not STAT_BATCH:
        return None
    cdef vector[string] cpaths
    cdef vector[StatRow] rows
    cdef Py_ssize_t i, n = len(paths)
    cdef list bad = _fs_paths(paths, cpaths)
    with nogil:
        stat_rows(cpaths, rows)
    cdef list out = [None] * n
    cdef StatRow *r
    for i in range(n):
        r = &rows[i]
        if r.err:
            out[i] = r.err
        else:
            out[i] = (r.dev, r.ino, r.size, r.mtime_ns, r.ctime_ns)
    return _invalid(out, bad)


cdef extern from "cb_dirs.h" namespace "cb" nogil:
    cdef cppclass DirRow:
        uint64_t dev, ino
        string names, kinds
        int err
    cdef cppclass HeadRow:
        string data
        int err
    const bint DIR_BATCH
    void list_dirs(const vector[string] &paths, vector[DirRow] &rows)
    void read_heads(const vector[string] &paths, size_t limit, vector[HeadRow] &rows)


cdef dict _KIND_NAMES = {ord("f"): "file", ord("d"): "dir", ord("o"): "", ord("?"): None}


def list_folders(list paths):
    """Every folder of `paths` listed without the GIL: for each, either the
    errno of a failed open or read, or (st_dev, st_ino, entries) with the
    folder's own device and inode (symlinks followed, as os.stat) and its
    entries as (name, kind) in the order the file system gives them; kind
    is "file" or "dir" for a regular file or folder that is no symlink, ""
    for another kind, None for a symlink or an entry of no known type (as
    `providers.base._plain_type` says of a DirEntry). Names are decoded as
    os.scandir decodes them. None where this build cannot (Windows)."""
    if not DIR_BATCH:
        return None
    cdef vector[string] cpaths
    cdef vector[DirRow] rows
    cdef Py_ssize_t i, k, start, end, n = len(paths)
    cdef list bad = _fs_paths(paths, cpaths)
    with nogil:
        list_dirs(cpaths, rows)
    cdef list out = [None] * n
    cdef list entries
    cdef DirRow *r
    cdef const char *names
    for i in range(n):
        r = &rows[i]
        if r.err:
            out[i] = r.err
            continue
        entries = []
        names = r.names.c_str()
        start = 0
        for k in range(<Py_ssize_t>r.kinds.size()):
            end = start
            while names[end] != 0:
                end += 1
            entries.append((PyUnicode_DecodeFSDefaultAndSize(names + start, end - start),
                            _KIND_NAMES[<unsigned char>r.kinds[k]]))
            start = end + 1
        out[i] = (r.dev, r.ino, entries)
    return _invalid(out, bad)


def read_files_head(list paths, size_t limit):
    """The first `limit` bytes of each regular file of `paths`, read without
    the GIL: bytes, or the errno of a file that could not be opened or read
    (EISDIR for a folder, IO_NOT_REGULAR for a FIFO, device or
    socket, which is never waited on)."""
    cdef vector[string] cpaths
    cdef vector[HeadRow] rows
    cdef Py_ssize_t i, n = len(paths)
    cdef list bad = _fs_paths(paths, cpaths)
    with nogil:
        read_heads(cpaths, limit, rows)
    cdef list out = [None] * n
    cdef HeadRow *r
    for i in range(n):
        r = &rows[i]
        out[i] = r.err if r.err else <bytes>r.data
    return _invalid(out, bad)


cdef extern from "cb_crc.h" namespace "cb" nogil:
    uint32_t cb_crc32 "cb::crc32"(const void *data, size_t n, uint32_t crc)


def crc32(const unsigned char[::1] data, uint32_t crc=0):
    """zlib.crc32(data, crc) as the reader computes it (the cache's entries
    and the edges of a file): carry-less multiplication where the CPU has
    it, else a table (cb_crc.h). For tests."""
    cdef size_t n = data.shape[0]
    cdef const unsigned char *p = &data[0] if n else NULL
    return cb_crc32(p, n, crc)
