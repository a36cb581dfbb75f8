# Cursor IDE stores (providers/cursor.py): bubble values decoded in C++
# (includes/cb_cursor.h), whole stores turned into a records tape
# (includes/cb_cursor_store.h, cb_tape.h), and tapes replayed into the
# Scanner (cb_tape_scan.h). Included by reader.pyx so it shares that
# module's simdjson and Scanner.
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_GET_SIZE
from libcpp cimport bool as cbool
from libcpp.unordered_map cimport unordered_map

cdef extern from "cb_cursor.h" namespace "cb":
    cdef cppclass CursorBubble:
        int64_t type
        bint has_type
        double tokens_in, tokens_out
        bint has_in, has_out
        string_view model, created, request_id, text
        bint has_model, has_created, has_request, has_text
        size_t text_chars
        vector[string_view] langs

    cdef cppclass CursorDecoder:
        CursorBubble b
        bint decode(const char *data, size_t length) except +

    string_view utf8_prefix(string_view s, size_t cap)


cdef extern from "cb_cursor_store.h" namespace "cb":
    cdef cppclass CursorTool:
        string name, command
        cbool has_command

    cdef cppclass CursorStore:
        CursorStore(string floor, string orphan, int64_t mtime_ms) except +
        void set_project(string_view cid, string_view label) except +
        void set_meter(string_view cid, int64_t tokens, cbool has_ts, int64_t ts) except +
        cbool feed_agent(int64_t rowid, const char *data, size_t n) except + nogil
        void add_agent(int64_t rowid, int role, int64_t length, string_view rid, string_view model,
                       cbool has_reply, int64_t reply_chars, const vector[CursorTool] &tools) except +
        void settle_streams() except +
        cbool feed_bubble(const char *key, size_t klen, int64_t rowid, const char *data, size_t n) except + nogil
        void add_bubble(string_view key, int64_t rowid, cbool user, cbool has_in, double tin, cbool has_out,
                        double tout, int model_state, string_view model, int created_state, string_view created,
                        string_view request_id, cbool has_text, string_view text, int64_t text_len,
                        const vector[string] &langs) except +   # a template in C++: any container of strings
        void finish() except +
        const string &tape()
        void clear_tape()
        size_t tape_size() nogil
        void begin_collect(int fd, size_t mem_limit)
        cbool end_collect() except + nogil
        int replay_spill(size_t chunk) except + nogil
        const CursorSpill &spill()

    cdef cppclass CursorSpill:
        uint64_t file_bytes, preads


cdef extern from "cb_cursor_pages.h" namespace "cb" nogil:
    cdef cppclass SqliteWal:
        cbool present
        string ignored
        uint32_t page_size, db_pages, frames, frames_in_file
        unordered_map[uint32_t, uint64_t] frame_of

    cdef cppclass SqlitePages:
        uint64_t blocks, single_pages, bytes_read, leaves, rows, wal_pages
        string why
        cbool moved
        const SqliteWal &wal()

    cdef cppclass CursorHandBack:
        int kind
        int64_t rowid
        string key
        cbool has_value
        string value

    cbool cursor_pages_pass(const string &path, CursorStore &store, vector[CursorHandBack] &back,
                            SqlitePages &pages, CursorStore *helper) except +

    cdef cppclass PageRow "cb::SqlitePageRow":
        int kind
        int64_t rowid
        string key
        int value_kind
        string value
    cbool sqlite_page_rows(const string &path, const string &table, const vector[string] &prefixes,
                           vector[PageRow] &out, string &sql, string &why) except +
    cbool sqlite_wal_view(const string &path, uint32_t db_page_size, SqliteWal &out) except +


cdef extern from "cb_sqlite_rows.h" namespace "cb" nogil:
    cdef cppclass SqliteRows:
        @staticmethod
        cbool available()
        int open(const string &uri, const string &sql) except +
        int step()
        const char *bytes(int col, size_t *n)
        int64_t integer(int col)
        void close()
        string error


cdef extern from "cb_tape_scan.h" namespace "cb":
    cdef cppclass TapeSessionInfo:
        string id, project
        int64_t order

    cbool replay_into(CScanner &scanner, const char *data, size_t n, int32_t first_idx,
                      const unordered_map[string, string] &names, cbool unique_shell, int steps,
                      vector[TapeSessionInfo] &sessions, FileStats &total) except + nogil


cdef inline str _sv(string_view v):
    return v.data()[:v.size()].decode("utf-8", "replace")


cdef class CursorBubbles:
    """Decodes bubble values one after another (one parser, reused)."""
    cdef CursorDecoder *d

    def __cinit__(self):
        self.d = new CursorDecoder()

    def __dealloc__(self):
        del self.d

    def decode(self, bytes value, size_t text_cap):
        """(type, input, output, model, createdAt, requestId, text[:text_cap],
        len(text), languages) of one bubble, None for an absent field; None
        when the value is not of the usual shape (decode it the general way)."""
        cdef const char *data = value
        if not self.d.decode(data, len(value)):
            return None
        cdef CursorBubble *b = &self.d.b
        langs = [_sv(l) for l in b.langs]
        return (b.type if b.has_type else None,
                b.tokens_in if b.has_in else None,
                b.tokens_out if b.has_out else None,
                _sv(b.model) if b.has_model else None,
                _sv(b.created) if b.has_created else None,
                _sv(b.request_id) if b.has_request else None,
                _sv(utf8_prefix(b.text, text_cap)) if b.has_text else None,
                b.text_chars,
                langs)


cdef int _check(SqliteRows &rows, int rc) except -1:
    """Raises an SQLite failure as Python's sqlite3 module would (the
    provider words it with sqlitestore.reason)."""
    if rc == 0:
        return 0
    import sqlite3

    message = rows.error.decode("utf-8", "replace")
    rows.close()
    raise (sqlite3.DatabaseError if rc in (11, 26) else sqlite3.OperationalError)(message)


cdef string_view _view(bytes b):
    return string_view(PyBytes_AS_STRING(b), PyBytes_GET_SIZE(b))


cdef class CursorReader:
    """One Cursor store read into a tape (includes/cb_cursor_store.h): the
    agentKv rows first (feed_agents, then settle_streams), then the
    bubbleId rows in key order (feed_bubbles), then finish(). Rows the C++
    side cannot decode are handed back; the caller decodes them and gives
    their fields (add_agent, add_bubble). take_tape() gives the sessions
    settled so far."""
    cdef CursorStore *s
    cdef SqliteRows *rows

    def __cinit__(self, str floor, str orphan, int64_t mtime_ms):
        self.s = new CursorStore(_utf8(floor), _utf8(orphan), mtime_ms)
        self.rows = NULL

    def __dealloc__(self):
        del self.s
        if self.rows != NULL:
            del self.rows

    def set_projects(self, dict projects):
        cdef bytes k, v
        for cid, label in projects.items():
            k, v = _utf8(cid), _utf8(label)
            self.s.set_project(_view(k), _view(v))

    def set_meter(self, str cid, int64_t tokens, ts):
        cdef bytes k = _utf8(cid)
        self.s.set_meter(_view(k), tokens, ts is not None, ts if ts is not None else 0)

    def feed_agents(self, list rows):
        """(rowid, value bytes) rows; returns those to decode in Python."""
        cdef list back = []
        cdef object value
        for rowid, value in rows:
            if not isinstance(value, bytes):
                continue
            if not self.s.feed_agent(rowid, PyBytes_AS_STRING(value), PyBytes_GET_SIZE(value)):
                back.append((rowid, value))
        return back

    def add_agent(self, int64_t rowid, int role, int64_t length, str rid, str model, reply):
        """reply: None, or (characters, [(tool name, shell command or None)])."""
        cdef vector[CursorTool] tools
        cdef CursorTool t
        cdef bytes r = _utf8(rid or ""), m = _utf8(model or ""), b
        if reply is not None:
            for name, command in reply[1]:
                t.name = _utf8(name)
                t.has_command = command is not None
                t.command = _utf8(command) if command is not None else b""
                tools.push_back(t)
        self.s.add_agent(rowid, role, length, _view(r), _view(m), reply is not None,
                         reply[0] if reply is not None else 0, tools)

    def settle_streams(self):
        self.s.settle_streams()

    def feed_bubbles(self, list rows, Py_ssize_t start=0):
        """Feeds (key bytes, rowid, value bytes) rows from `start`; returns
        the index of the first row to decode in Python (len(rows): none)."""
        cdef Py_ssize_t i, n = len(rows)
        cdef tuple row
        cdef object key, value
        for i in range(start, n):
            row = rows[i]
            key, value = row[0], row[2]
            if not isinstance(key, bytes):
                return i
            if not isinstance(value, bytes):
                return i
            if not self.s.feed_bubble(PyBytes_AS_STRING(key), PyBytes_GET_SIZE(key), row[1],
                                      PyBytes_AS_STRING(value), PyBytes_GET_SIZE(value)):
                return i
        return n

    def add_bubble(self, str key, int64_t rowid, bint user, bint has_in, double tin, bint has_out, double tout,
                   int model_state, str model, int created_state, str created, str request_id, bint has_text,
                   str text, int64_t text_len, list langs):
        cdef vector[string] ls
        cdef bytes k = _utf8(key), mo = _utf8(model), cr = _utf8(created), rq = _utf8(request_id)
        cdef bytes tx = _utf8(text)
        for lang in langs:
            ls.push_back(_utf8(lang))
        self.s.add_bubble(_view(k), rowid, user, has_in, tin, has_out, tout, model_state, _view(mo), created_state,
                          _view(cr), _view(rq), has_text, _view(tx), text_len, ls)

    def finish(self):
        self.s.finish()

    # ---- straight from SQLite (where it was built in) ------------------------

    @staticmethod
    def direct():
        """Whether pump_agents / pump_bubbles can read a store themselves."""
        return SqliteRows.available()

    def pump_agents(self, str uri, str sql):
        """Runs `sql` (rowid, value) and feeds every row; returns the rows
        to decode in Python. Raises sqlite3.DatabaseError as the sqlite3
        module would."""
        cdef SqliteRows rows
        cdef size_t n = 0
        cdef const char *value = NULL
        cdef list back = []
        cdef int rc
        _check(rows, rows.open(_utf8(uri), _utf8(sql)))
        while True:
            with nogil:  # the other thread (the scan) runs meanwhile: see providers/cursor.py
                while True:
                    rc = rows.step()
                    if rc != 1:
                        break
                    value = rows.bytes(1, &n)
                    if value != NULL and not self.s.feed_agent(rows.integer(0), value, n):
                        break
            if rc == 0:
                return back
            _check(rows, rc if rc != 1 else 0)
            back.append((rows.integer(0), value[:n]))

    def open_bubbles(self, str uri, str sql):
        """Starts `sql` (key, rowid, value) for pump_bubbles."""
        if self.rows == NULL:
            self.rows = new SqliteRows()
        _check(self.rows[0], self.rows.open(_utf8(uri), _utf8(sql)))

    def pump_bubbles(self, size_t chunk):
        """Feeds rows until the tape holds `chunk` bytes (True), the rows end
        (None), or a row must be decoded in Python: (key, rowid, value)."""
        cdef size_t kn = 0, vn = 0
        cdef const char *key = NULL
        cdef const char *value = NULL
        cdef int64_t rowid = 0
        cdef int rc
        cdef int why = 0   # 1: hand the row back, 2: the tape is full
        cdef SqliteRows *rows = self.rows
        cdef CursorStore *s = self.s
        with nogil:  # the other thread (the scan) runs meanwhile: see providers/cursor.py
            while True:
                rc = rows.step()
                if rc != 1:
                    break
                key = rows.bytes(0, &kn)
                rowid = rows.integer(1)
                value = rows.bytes(2, &vn)
                if key == NULL or value == NULL or not s.feed_bubble(key, kn, rowid, value, vn):
                    why = 1
                    break
                if s.tape_size() >= chunk:
                    why = 2
                    break
        if rc == 0:
            self.rows.close()
            return None
        if why == 2:
            return True
        if why == 1:
            return (key[:kn] if key != NULL else None, rowid, value[:vn] if value != NULL else None)
        _check(self.rows[0], rc)

    def tape_size(self):
        return self.s.tape_size()

    # ---- from the store's own pages (includes/cb_cursor_pages.h) ----------------

    def read_pages(self, bytes path, int spill_fd, size_t mem_limit, int spill_fd2=-1):
        """Reads the store's cursorDiskKV rows from its pages in file order:
        agent rows into the streams, bubbles kept aside (up to `mem_limit`
        bytes in memory, then in the unlinked file `spill_fd`). With
        `spill_fd2`, half the pages are read in a second thread (its bubbles
        spill there). The store's write-ahead log, when there is one, is
        laid over its pages (includes/cb_sqlite_pages.h). Returns
        (reason, agent rows, bubble rows, composer rows, counters): reason
        None when every row was read, else why not (this reader is then
        spent: read the store through SQLite with a new one). The rows are
        those to decode in Python: (rowid, value), (key, rowid, value or
        None) and (key, value); give the bubbles' fields to add_bubble
        before end_pages(). counters["wal_ignored"]: why a log beside the
        store was ignored as a whole ('' when it was not); counters["moved"]:
        the reason is the store or its log changing under the pass (another
        pass may succeed)."""
        cdef SqlitePages pages
        cdef vector[CursorHandBack] back
        cdef string p = path
        cdef cbool ok
        cdef CursorStore *helper = NULL
        self.s.begin_collect(spill_fd, mem_limit)
        if spill_fd2 >= 0:
            helper = new CursorStore(b"", b"", 0)
            helper.begin_collect(spill_fd2, mem_limit // 2)
        try:
            with nogil:  # the other thread (the scan) runs meanwhile: see providers/cursor.py
                ok = cursor_pages_pass(p, self.s[0], back, pages, helper)
        finally:
            del helper
        agents, bubbles, composers = [], [], []
        for h in back:
            if h.kind == 1:
                bubbles.append((h.key, h.rowid, h.value if h.has_value else None))
            elif h.kind == 3:
                composers.append((h.key, h.value))
            else:
                agents.append((h.rowid, h.value))
        counters = {"blocks": pages.blocks, "single_pages": pages.single_pages, "bytes_read": pages.bytes_read,
                    "leaves": pages.leaves, "cells": pages.rows, "wal_frames": pages.wal().frames,
                    "wal_pages": pages.wal_pages, "wal_ignored": pages.wal().ignored.decode("utf-8", "replace"),
                    "moved": bool(pages.moved)}
        return (None if ok else pages.why.decode("utf-8", "replace")), agents, bubbles, composers, counters

    def end_pages(self):
        """After read_pages and the bubbles handed back: False when the
        spill could not be written."""
        cdef cbool ok
        with nogil:
            ok = self.s.end_collect()
        return ok

    def replay_pages(self, size_t chunk):
        """The kept bubbles, a conversation at a time in key order, until the
        tape holds `chunk` bytes (True) or all are in (None). Raises OSError
        when the spill cannot be read back."""
        cdef int rc
        with nogil:
            rc = self.s.replay_spill(chunk)
        if rc < 0:
            raise OSError("the Cursor reader's spill file could not be read back")
        return True if rc > 0 else None

    def spill_counters(self):
        return {"spill_file_bytes": self.s.spill().file_bytes, "spill_preads": self.s.spill().preads}

    def take_tape(self):
        """The tape of the sessions settled since the last take."""
        cdef const string *t = &self.s.tape()
        out = t.data()[:t.size()] if t.size() else b""
        self.s.clear_tape()
        return out


def page_rows(bytes path, str table, list prefixes):
    """(why, CREATE statement, rows) of `table` read from the file's own
    pages (includes/cb_sqlite_pages.h): rows whose first column is TEXT
    starting with one of `prefixes`, as (prefix index, key, rowid, value),
    value None, int, float (as read), or bytes. `why` None when read whole.
    For tests and benchmarks: the provider reads through cursor_pages_pass."""
    cdef vector[string] pre
    cdef vector[PageRow] out
    cdef string sql, why
    for x in prefixes:
        pre.push_back(_utf8(x))
    cdef string p = path, t = _utf8(table)
    cdef cbool ok
    with nogil:
        ok = sqlite_page_rows(p, t, pre, out, sql, why)
    rows = []
    for r in out:
        v = None if r.value_kind == 0 else r.value
        if r.value_kind in (1, 2):
            v = (int if r.value_kind == 1 else float)(r.value.decode())
        rows.append((r.kind, r.key, r.rowid, v))
    return (None if ok else why.decode("utf-8", "replace")), sql.decode("utf-8", "replace"), rows


def wal_view(bytes path, uint32_t db_page_size=0):
    """The committed view of the write-ahead log file at `path`
    (includes/cb_sqlite_pages.h SqliteWal), for tests and the fuzzer:
    None when it cannot be read, else (ignored: why the whole log is
    ignored or None, page size, database pages after the last commit (0:
    none), frames up to it, whole frames in the file, {page: offset of its
    frame}). `db_page_size`: the database's (0: any)."""
    cdef SqliteWal w
    cdef string p = path
    cdef cbool ok
    with nogil:
        ok = sqlite_wal_view(p, db_page_size, w)
    if not ok:
        return None
    return ((w.ignored.decode("utf-8", "replace") or None) if w.present else None, w.page_size, w.db_pages,
            w.frames, w.frames_in_file, {pg: at for pg, at in w.frame_of})


TAPE_STATS = ("bytes", "lines", "invalid", "bad_number", "huge", "too_large", "torn_tail", "calls", "stream_dups",
              "global_dups", "turns", "not_session", "estimated")


def replay_tape(Scanner scanner, bytes tape, int32_t first_idx, dict names, bint unique_shell=False, int steps=0):
    """Feeds a records tape (includes/cb_tape.h) to the scanner, its
    sessions as files first_idx, first_idx + 1, ..., their tools seen by
    retries as `steps` says (StepMode, as in Scanner.add_session). Returns ([(session id,
    project, order)], summed stats, whether the tape was whole)."""
    cdef unordered_map[string, string] nm
    cdef vector[TapeSessionInfo] sessions
    cdef FileStats total
    for raw, canonical in names.items():
        nm[_utf8(raw)] = _utf8(canonical or "")
    cdef const char *data = PyBytes_AS_STRING(tape)
    cdef size_t size = PyBytes_GET_SIZE(tape)
    cdef cbool ok, unique = unique_shell
    cdef CScanner *c = scanner.c
    with nogil:   # a store's reader may run in another thread meanwhile (providers/cursor.py)
        ok = replay_into(c[0], data, size, first_idx, nm, unique, steps, sessions, total)
    out = [(s.id.decode("utf-8", "surrogatepass"), s.project.decode("utf-8", "surrogatepass"), s.order)
           for s in sessions]
    stats = {"bytes": total.bytes, "lines": total.lines, "invalid": total.invalid, "bad_number": total.bad_number,
             "huge": total.huge, "too_large": total.too_large, "torn_tail": total.torn_tail, "calls": total.calls,
             "stream_dups": total.stream_dups, "global_dups": total.global_dups, "turns": total.turns,
             "not_session": total.not_session, "estimated": total.estimated}
    return out, stats, ok
