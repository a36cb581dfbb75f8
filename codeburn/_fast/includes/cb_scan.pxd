# Declarations of the C++ scan core (cb_scan.h) for Cython.
from libc.stdint cimport int32_t, int64_t, uint8_t, uint32_t, uint64_t
from libcpp.string cimport string
from libcpp.vector cimport vector
from libcpp.deque cimport deque


cdef extern from "<string_view>" namespace "std" nogil:
    cdef cppclass string_view:
        string_view()
        string_view(const char *, size_t)
        const char *data()
        size_t size()


cdef extern from "cb_scan.h" namespace "cb" nogil:
    cdef cppclass Usage:
        int64_t input, output, cc_legacy, m5, h1, cache_read, web_search
        bint fast, has_speed

    cdef cppclass Tool:
        string_view name, command, subagent, skill, skill_name, file_path
        bint has_command, has_skill, has_file

    cdef cppclass Interner:
        deque[string] strings

    cdef cppclass FileStats:
        int64_t bytes, lines, invalid, bad_number, huge, too_large, torn_tail
        int64_t calls, stream_dups, global_dups, turns, first_bad_line
        int64_t not_session, estimated
        int io_error

    cdef cppclass Narrow[T]:
        size_t size()
        int width()
        void copy_to(T *out, bint zeroed)
        void clear()

    cdef cppclass Counts(Narrow[int64_t]):
        pass

    cdef cppclass Ids(Narrow[int32_t]):
        pass

    cdef cppclass Columns:
        vector[int64_t] ts
        Counts input, output, cache_write, cache_1h, cache_read, web_search, reasoning, openai_cw
        Ids file, model, turn
        vector[uint8_t] fast, estimated
        Ids tool_call, tool_name
        Ids shell_call, shell_name
        vector[int32_t] sub_call, sub_name
        vector[int32_t] turn_file
        vector[int64_t] turn_ts
        vector[uint32_t] turn_flags
        vector[int32_t] turn_retries, turn_skill, turn_text_len
        vector[uint8_t] turn_text_class
        vector[int64_t] turn_text_off
        vector[uint64_t] turn_text_hash
        Ids call_version, call_lines, tool_path, tool_skill
        Ids step_call, step_name, step_path
        vector[uint8_t] tool_readonly
        Ids xt_file, xt_name, xt_path, xt_skill, xt_sub, xt_call
        vector[int64_t] xt_ts
        vector[uint8_t] xt_readonly
        Ids xw_file, xw_lines, xw_version
        vector[int64_t] xw_ts
        Counts xw_cw
        Ids ut_file, ut_len
        vector[int64_t] ut_ts
        vector[uint8_t] ut_marks
        vector[uint64_t] ut_hash
        vector[int32_t] cmd_text, cmd_name
        vector[int32_t] inv_file, inv_name
        vector[int32_t] corr_file, corr_model, corr_len
        vector[int64_t] corr_ts, corr_off
        vector[uint8_t] corr_text
        vector[int32_t] unprompted_turn, branch_turn, branch_id
        vector[int32_t] spawn_file, spawn_turn, spawn_len
        vector[uint8_t] spawn_unsure, spawn_text
        vector[int64_t] spawn_off
        vector[int32_t] ucorr_turn, ucorr_len
        vector[int64_t] ucorr_off
        vector[uint8_t] ucorr_text
        vector[int32_t] link_file, link_turn, link_len, title_file, title_len
        vector[uint8_t] link_record
        vector[int64_t] link_off, title_off
        vector[uint8_t] link_text, title_text
        vector[int32_t] cwd_file, cwd_len
        vector[int64_t] cwd_first, cwd_last, cwd_off
        vector[uint8_t] cwd_text
        vector[int32_t] raw_call, raw_len
        vector[int32_t] light_call
        vector[int64_t] raw_off
        vector[uint8_t] raw_text

    cdef cppclass Phrases:
        bint every
        uint64_t stamp
        void clear()
        void add(string_view w, bint at_word_start) except +
        void finish() except +

    cdef cppclass ToolRules:
        string mcp_prefix

    cdef cppclass BashRules:
        void add(int which, const string &name)

    cdef cppclass Settled:
        bint ok
        uint64_t dev, ino
        int64_t size, mtime_ns
        uint32_t head_crc, tail_crc

    cdef cppclass Decoded:
        uint64_t phrases
        uint64_t zone
        string hint
        Settled settled
        string dump() except +
        bint load(string_view data) except +
        void append(const vector[Decoded *] &rest) except +

    cdef cppclass Scanner:
        Interner strings
        Columns cols
        string first_cwd
        string session
        FileStats st
        ToolRules tool_rules
        BashRules bash_rules
        Phrases phrases, user_phrases
        Scanner() except +
        void set_text_classes(const string &lut, int nclasses) except +
        void release_dedup()
        size_t pending_text_bytes()
        string_view texts(int c, int64_t &base)
        void clear_texts(int c)
        void bash_commands(string_view cmd, vector[string] &out) except +
        bint read_shaped(string_view cmd) except +
        void set_tool_flags(const string &name, uint32_t flags) except +
        void set_codex_name(const string &raw, const string &canonical) except +
        int scan_file(const char *path, int32_t file_idx, int kind, const string &session_hint) except +
        int decode_file(const char *path, int32_t file_idx, Decoded &out, const Decoded *prior,
                        int64_t offset) except +
        int decode_part(const char *path, int32_t file_idx, Decoded &out, int64_t start, int64_t stop) except +
        bint adopt(Decoded &d, int32_t file_idx) except +
        int decode_codex(const char *path, int32_t file_idx, const string &session_hint, Decoded &out) except +
        int decode_jsonl(const char *path, int32_t file_idx, int kind, const string &session_hint,
                         Decoded &out) except +
        void set_kind_name(int kind, const string &raw, const string &canonical) except +
        void begin_records(int32_t file_idx, bint unique_shell, int steps, bint carry) except +
        void mark_light() except +
        void record_turn(int64_t ts, string_view prompt) except +
        void record_call(int64_t ts, string_view model, const Usage &u, int64_t reasoning, bint estimated,
                         bint has_key, string_view key, string_view raw) except +
        void record_tool(const Tool &t) except +
        void record_step_tool(const Tool &t, bint step_start) except +
        void end_records(vector[uint8_t] &kept) except +
        void scan_bytes(const char *data, size_t n, int32_t file_idx, int kind, const string &session_hint) except +

    int64_t parse_iso_ms(string s)
    ctypedef int64_t (*LocalToUtc)(int64_t wall_ms) noexcept nogil
    void set_local_zone(LocalToUtc f, uint64_t stamp)
    uint64_t zoneless_total()
    string_view utf16_prefix(string_view s, size_t cap, size_t *units)


cdef extern from "cb_scan.h":
    int CB_NOT_REGULAR  # st.io_error of a path that is no regular file
