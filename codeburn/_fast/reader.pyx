# distutils: language = c++
"""Compiled reader: Claude Code JSONL files -> typed numpy columns.

The per-line work happens in C++ (includes/cb_scan.h) with the GIL released;
this module only drives it file by file and hands the columns to numpy.
"""
import numpy as np

cimport numpy as cnp
from libc.stdint cimport int32_t, int64_t, uint8_t
from libc.string cimport memcpy
from libcpp.string cimport string
from libcpp.vector cimport vector

from codeburn._fast.includes.cb_scan cimport (
    BashScratch, Columns, FileStats, Scanner as CScanner, extract_bash_commands, parse_iso_ms as c_parse_iso_ms,
    string_view)

cnp.import_array()

TS_NONE = -(2 ** 63)  # timestamp missing or unparseable: outside every range

STAT_FIELDS = ("bytes", "lines", "invalid", "bad_number", "huge", "too_large", "torn_tail",
               "calls", "stream_dups", "global_dups", "turns", "first_bad_line")


cdef object _i64(vector[int64_t] &v):
    cdef cnp.ndarray a = np.empty(v.size(), dtype=np.int64)
    if v.size():
        memcpy(cnp.PyArray_DATA(a), v.data(), v.size() * sizeof(int64_t))
    return a


cdef object _i32(vector[int32_t] &v):
    cdef cnp.ndarray a = np.empty(v.size(), dtype=np.int32)
    if v.size():
        memcpy(cnp.PyArray_DATA(a), v.data(), v.size() * sizeof(int32_t))
    return a


cdef object _u8(vector[uint8_t] &v):
    cdef cnp.ndarray a = np.empty(v.size(), dtype=np.uint8)
    if v.size():
        memcpy(cnp.PyArray_DATA(a), v.data(), v.size() * sizeof(uint8_t))
    return a


def parse_iso_ms(s):
    """Epoch milliseconds of an ISO-8601 string, or TS_NONE (exposed for tests)."""
    return c_parse_iso_ms(s.encode() if isinstance(s, str) else s)


def bash_commands(str command):
    """Command basenames of a shell string, as the reader extracts them (tests)."""
    cdef bytes raw = command.encode("utf-8", "surrogateescape")
    cdef BashScratch sc
    cdef vector[string_view] out
    extract_bash_commands(string_view(raw, len(raw)), sc, out)
    return [out[i].data()[:out[i].size()].decode("utf-8", "replace") for i in range(out.size())]


cdef class Scanner:
    """One scan: files are fed in discovery order (which decides cross-file
    dedup, spec §3.5); `columns()` then returns everything kept."""

    cdef CScanner *c

    def __cinit__(self):
        self.c = new CScanner()

    def __dealloc__(self):
        del self.c

    def scan_file(self, path, int32_t file_idx):
        """Scans one file. Returns (stats dict, first cwd or None, errno)."""
        cdef bytes bpath = path if isinstance(path, bytes) else _fsencode(path)
        cdef const char *cpath = bpath
        cdef int err
        with nogil:
            err = self.c.scan_file(cpath, file_idx)
        return self._stats(), self._cwd(), err

    def scan_bytes(self, bytes data, int32_t file_idx):
        """Scans an in-memory file (tests and fuzzing)."""
        self.c.scan_bytes(data, len(data), file_idx)
        return self._stats(), self._cwd(), 0

    cdef dict _stats(self):
        cdef FileStats st = self.c.st
        return {"bytes": st.bytes, "lines": st.lines, "invalid": st.invalid,
                "bad_number": st.bad_number, "huge": st.huge, "too_large": st.too_large,
                "torn_tail": st.torn_tail, "calls": st.calls, "stream_dups": st.stream_dups,
                "global_dups": st.global_dups, "turns": st.turns,
                "first_bad_line": st.first_bad_line}

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
        cdef Columns *c = &self.c.cols
        return {
            "ts": _i64(c.ts), "file": _i32(c.file), "model": _i32(c.model), "turn": _i32(c.turn),
            "input": _i64(c.input), "output": _i64(c.output), "cache_write": _i64(c.cache_write),
            "cache_1h": _i64(c.cache_1h), "cache_read": _i64(c.cache_read),
            "web_search": _i64(c.web_search), "fast": _u8(c.fast),
            "tool_call": _i32(c.tool_call), "tool_name": _i32(c.tool_name),
            "shell_call": _i32(c.shell_call), "shell_name": _i32(c.shell_name),
            "sub_call": _i32(c.sub_call), "sub_name": _i32(c.sub_name),
            "turn_file": _i32(c.turn_file), "turn_ts": _i64(c.turn_ts),
        }


def _fsencode(path):
    import os
    return os.fsencode(path)
