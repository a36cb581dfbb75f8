// Streaming scan of Claude Code JSONL files into typed columns.
//
// Per file: read fixed-size blocks into one reused buffer, split lines,
// decode each (cb_decode.h; huge lines through the skeleton reducer), and
// keep a small per-file event list. At end of file the events are
// de-duplicated (spec §3.5), grouped into turns (§2.1) and appended to the
// global columns. Nothing here allocates per line except when a file holds
// new distinct strings (models, tool names, commands), which are interned.
#pragma once
#include <cstdint>
#include <cstdio>
#include <algorithm>
#include <array>
#include <cstring>
#include <ctime>
#include <deque>
#include <new>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>
#ifndef _WIN32
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

// st.io_error of a path that is no regular file (a FIFO, a socket, a
// device) is CB_NOT_REGULAR (cb_infile.h): above every errno
// (reader.IO_NOT_REGULAR).
#include "cb_infile.h"

#include "cb_alloc.h"
#include "cb_bash.h"
#include "cb_codex.h"
#include "cb_crc.h"
#include "cb_decode.h"
#include "cb_jsonl.h"
#include "cb_narrow.h"
#include "cb_optimize.h"
#include "cb_packcodec.h"
#include "cb_phrases.h"
#include "cb_reduce.h"
#include "cb_time.h"

namespace cb {

static const size_t BLOCK = 4u << 20;       // bytes read at a time
static const size_t DIRECT_MAX = 1u << 20;  // longer lines go through the reducer
static const size_t SEEK_BLOCK = 64u << 10;  // bytes read at a time when looking for a line start
static const size_t PAD = simdjson::SIMDJSON_PADDING;

struct Key128 {
  uint64_t a, b;
  bool operator==(const Key128 &o) const { return a == o.a && b == o.b; }
};
struct Key128Hash {
  size_t operator()(const Key128 &k) const { return (size_t)(k.a ^ (k.b * 0x9E3779B97F4A7C15ull)); }
};

static inline uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Two independent 64-bit hashes of a message id: a collision between two
// distinct ids in one history (~1e6 ids) has probability ~1e-27.
static inline Key128 key_of(std::string_view s) {
  uint64_t a = 0xcbf29ce484222325ull, b = 0x84222325cbf29ce4ull ^ s.size();
  for (unsigned char c : s) {
    a = (a ^ c) * 0x100000001b3ull;
    b = b * 0x9E3779B97F4A7C15ull + c + 1;
  }
  return Key128{mix64(a), mix64(b ^ (a >> 17))};
}

// A tool_use id as a number for matching a spawn result to its tool_use
// within one file: 30 bits of its hash, never negative (-1: none). Not
// interned: ids are unique strings, and a string table entry each cost
// megabytes at 2 GB.
static inline int32_t use_key(std::string_view id) { return (int32_t)(key_of(id).a & 0x3FFFFFFF); }

// A 64-bit hash of a prompt (the turn memo's key, with the turn's tool
// flags): eight bytes a step where key_of takes one, since every prompt of
// a history passes through it (a 2.5 GB Cursor store: ~190 MB, ~0.25 s in
// key_of's byte-at-a-time chain of multiplies). Two lanes mixed at the end.
static inline uint64_t text_hash(std::string_view s) {
  uint64_t a = 0x9E3779B97F4A7C15ull ^ s.size(), b = 0xC2B2AE3D27D4EB4Full + s.size();
  size_t i = 0, n = s.size();
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s.data() + i, 8);
    a = (a ^ w) * 0xFF51AFD7ED558CCDull;
    a ^= a >> 32;
    b = (b + w) * 0xC4CEB9FE1A85EC53ull;
    b ^= b >> 29;
  }
  uint64_t tail = 0;
  if (i < n) memcpy(&tail, s.data() + i, n - i);
  tail |= (uint64_t)(n - i) << 56;   // the tail's length (its bytes alone would equal a shorter one's)
  a = (a ^ tail) * 0xFF51AFD7ED558CCDull;
  b = (b + tail) * 0xC4CEB9FE1A85EC53ull;
  return mix64(a ^ mix64(b));
}

// The set of dedup keys claimed so far (message ids, provider keys): open
// addressing with linear probing over a flat array of keys, at most 70%
// full. A node-based std::unordered_set took ~56 bytes per key and a
// malloc per insert; this takes 23-46 (16 / load) and none. Keys are
// hashes already (key_of), so `a` picks the slot. The all-zero key marks
// an empty slot and is kept aside.
class KeySet {
 public:
  struct Inserted { bool second; };  // as std::unordered_set::insert's .second: true when the key was new

  Inserted insert(const Key128 &k) {
    if (is_zero(k)) {
      bool fresh = !has_zero_;
      has_zero_ = true;
      size_ += fresh;
      return {fresh};
    }
    if ((used_ + 1) * 10 > slots_.size() * 7) grow();
    size_t i = find(k);
    if (!is_zero(slots_[i])) return {false};
    slots_[i] = k;
    used_++;
    size_++;
    return {true};
  }

  size_t count(const Key128 &k) const {
    if (is_zero(k)) return has_zero_;
    return !slots_.empty() && !is_zero(slots_[find(k)]);
  }

  size_t size() const { return size_; }

  // Empties the set; a small table is kept for reuse (a per-file set),
  // a large one is freed.
  void clear() {
    if (slots_.size() > 4096) std::vector<Key128>().swap(slots_);
    else std::fill(slots_.begin(), slots_.end(), Key128{0, 0});
    used_ = size_ = 0;
    has_zero_ = false;
  }

 private:
  std::vector<Key128> slots_;  // a power of two long
  size_t used_ = 0, size_ = 0;
  bool has_zero_ = false;

  static bool is_zero(const Key128 &k) { return (k.a | k.b) == 0; }

  // The slot holding k, or the empty slot where it would go.
  size_t find(const Key128 &k) const {
    size_t mask = slots_.size() - 1, i = (size_t)k.a & mask;
    while (!is_zero(slots_[i]) && !(slots_[i] == k)) i = (i + 1) & mask;
    return i;
  }

  void grow() {
    std::vector<Key128> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Key128{0, 0});
    for (const Key128 &k : old)
      if (!is_zero(k)) slots_[find(k)] = k;
  }
};

// Interned strings: ids are dense int32, stable for the Scanner's life.
struct Interner {
  std::deque<std::string> strings;
  std::unordered_map<std::string_view, int32_t> ids;
  int32_t intern(std::string_view s) {
    auto it = ids.find(s);
    if (it != ids.end()) return it->second;
    strings.emplace_back(s);
    int32_t id = (int32_t)strings.size() - 1;
    ids.emplace(std::string_view(strings.back()), id);
    return id;
  }
};

// E_INVENTORY: `model` is an MCP tool name. E_CORRECTION: an assistant text
// that may be a self-correction (cb_phrases.h), in ftext like a prompt.
// E_PR_LINK, E_TITLE: a pr-link record's URL, an ai-title record's title,
// in ftext.
// E_LINES: assistant records no call row stands for, kept for `optimize`
// (which counts every record): their tool rows, and `lines` of them
// writing u.cc_legacy (a record a later one of its message replaced, or an
// assistant record that is no API call).
// Git branches (Claude Code's gitBranch): an E_USER_TEXT's `model` is its
// record's branch (-1: none); E_BRANCH, the branch of the first assistant
// record that has one after a prompt with none (in ftext, interned only if
// a turn takes it: a file read in parts notes more of them, see
// note_assistant_branch, and a serial read's string ids must not depend on
// that), which a turn without a branch of its own takes.
// E_SPAWN: a record answering a subagent spawn (`toolUseResult.agentId`):
// the agent id in ftext, `marks` 1 when the record does not say which
// tool_use it answers (not exactly one tool_result block), else that
// tool_use's use_key + 1 in full_len.
// E_CWD: a run of Claude records carrying one `cwd` (in ftext, as written),
// `ts` the least and `own_ts` the greatest of their times: optimize reads a
// project's config files in every folder a record of the period names.
enum EventKind { E_USER_TEXT = 0, E_CALL = 1, E_ADVISOR = 2, E_INVENTORY = 3, E_CORRECTION = 4, E_PR_LINK = 5,
                 E_TITLE = 6, E_LINES = 7, E_BRANCH = 8, E_SPAWN = 9, E_CWD = 10 };
static inline bool has_text(int kind) {
  return kind == E_USER_TEXT || kind == E_CORRECTION || kind == E_PR_LINK || kind == E_TITLE || kind == E_BRANCH ||
         kind == E_SPAWN || kind == E_CWD;
}
// A call's text, when it has one (text >= 0), is its timestamp as the log
// spells it, kept only when that is not the canonical
// YYYY-MM-DDTHH:MM:SS.mmmZ (the reference shows sessions' and records'
// times as written).
static inline bool canonical_ts(std::string_view t) {
  if (t.size() != 24 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[19] != '.' ||
      t[23] != 'Z')
    return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22})
    if (t[i] < '0' || t[i] > '9') return false;
  return true;
}

// Whether a call at `ts` keeps `spelled`, its time as written: a usable
// time spelled otherwise than canonically (and not absurdly long).
static inline bool keeps_spelling(int64_t ts, std::string_view spelled) {
  return ts != CB_TS_NONE && !spelled.empty() && !canonical_ts(spelled) && spelled.size() < 256;
}

// Tool classes (rules/tools.toml) as bits; a turn's flags are the OR of its tools'.
enum ToolFlag : uint32_t {
  F_EDIT = 1, F_READ = 2, F_BASH = 4, F_TASK = 8, F_SEARCH = 16, F_MCP = 32, F_SKILL = 64,
  F_PLAN = 128, F_AGENT = 256, F_ANY = 512, F_SUBAGENT_TOOL = 1024
};

struct ToolRules {
  std::unordered_map<std::string, uint32_t> flags;  // exact tool name -> classes
  std::string mcp_prefix = "mcp__";

  uint32_t of(std::string_view name) const {
    uint32_t f = F_ANY;
    auto it = flags.find(std::string(name));
    if (it != flags.end()) f |= it->second;
    if (!mcp_prefix.empty() && name.substr(0, mcp_prefix.size()) == mcp_prefix) f |= F_MCP;
    return f;
  }
};

struct Event {
  int kind;
  int32_t text = -1, text_len = 0;  // E_USER_TEXT: its prompt in Scanner::ftext_; E_CALL: see canonical_ts
  bool dead = false, has_id = false;
  int32_t model = -1, parent = -1;
  int64_t ts = CB_TS_NONE;
  Usage u;
  Key128 key{0, 0};
  int32_t tools_begin = 0, tools_end = 0;  // into FileState::tools
  int64_t reasoning = 0, openai_cw = 0;    // Codex: inside output / inside input (see push_call)
  bool estimated = false;                  // Codex: tokens estimated from text length
  // A records call's subagent label (interned, -1: none), and whether it is
  // supplementary: tokens and cost, no API call (Copilot's rollups).
  bool light = false;
  int32_t sub = -1;
  // For `optimize`: Claude Code version id of a call's line (-1: none);
  // a user text's full UTF-16 length and marks (bit 0 sidechain, bit 1 sdk).
  int32_t version = -1, full_len = 0;
  uint8_t marks = 0;
  // For `optimize`, which counts every assistant record (spec commands
  // §4.1) by its own time: `own_ts`, a call's or E_LINES' record's own
  // time (a streamed call's `ts` is its first record's); `lines` records
  // of the message, timed within own_ts's quarter hour (SLOT_MS), wrote
  // this record's own cache_creation_input_tokens (u.cc_legacy, > 0); see
  // fold_lines. (Placed to keep the struct at its size before them.)
  int32_t lines = 0;
  uint64_t opener = 0;  // a user text's opener hash (cb_optimize.h), 0: not an opener candidate
  int64_t own_ts = CB_TS_NONE;
};

// Records of a message timed within one quarter hour (UTC) are counted
// together, dated by one of them: every period starts and ends at a local
// midnight, and every zone's offset is a whole number of quarter hours, so
// no period's edge falls between them. (Only the 48-hour trend window's
// start, now - 48 h, may; such records take one time for it.)
static const int64_t SLOT_MS = 15 * 60 * 1000;
static inline bool same_slot(int64_t a, int64_t b) {
  if (a == CB_TS_NONE || b == CB_TS_NONE) return false;
  auto slot = [](int64_t t) { return t >= 0 ? t / SLOT_MS : -((-t - 1) / SLOT_MS) - 1; };
  return slot(a) == slot(b);
}

// A call's own record, as `optimize` counts it: its cache write as written
// in cache_creation_input_tokens (a record without that field, or with only
// the 5m/1h split, writes none here).
static inline void own_line(Event &e, int64_t own_ts) {
  e.own_ts = own_ts;
  e.lines = e.u.cc_legacy > 0 ? 1 : 0;
}

// `prev`, a record of the message `e` replaces, hands its counted records
// to e when they are timed in e's quarter hour and wrote the same figure
// as e's own: then e counts them and prev none. Records that do not move
// stay counted on prev, which `optimize` still sees (E_LINES, see
// Decoded::drop_dead), dated by prev's own time.
// (takes_lines: the rule, for a record by its own lines, figure and time.)
static inline bool takes_lines(int32_t lines, int64_t cc, int64_t own_ts, const Event &prev) {
  return prev.lines > 0 && lines > 0 && cc == prev.u.cc_legacy && same_slot(own_ts, prev.own_ts);
}

// True when prev's records moved to e.
static inline bool fold_lines(Event &e, Event &prev) {
  if (!takes_lines(e.lines, e.u.cc_legacy, e.own_ts, prev)) return false;
  e.lines += prev.lines;
  prev.lines = 0;
  return true;
}

// A message id's first record in a part of a file read in parts (the
// chain's head there): its own time, cache write and line, and `holder`,
// the record (event index) its line ended up counted on after the part's
// own folds. Where the id streamed across the seam, the part before's last
// record is replaced by this head in a read of the whole file, so its
// lines fold as they would into the head and travel where the head's did
// (a record in between timed in another quarter hour, or writing another
// figure, keeps them from reaching the part's last record, as it does in a
// whole read). Kept only while parts are joined.
struct ChainHead {
  int64_t own_ts = CB_TS_NONE, cc = 0;
  int32_t lines = 0, holder = -1;
};

// Whether `prev`'s counted records fold into the head `h` (fold_lines' rule).
static inline bool folds_into(const ChainHead &h, const Event &prev) {
  return takes_lines(h.lines, h.cc, h.own_ts, prev);
}

// Each message id's live (last) call record: the state streaming dedup
// carries from one line to the next, rebuilt from decoded events.
static inline void index_live(const std::vector<Event> &ev, std::unordered_map<Key128, int32_t, Key128Hash> &live) {
  live.clear();
  for (size_t i = 0; i < ev.size(); i++)
    if (ev[i].kind == E_CALL && ev[i].has_id && !ev[i].dead) live[ev[i].key] = (int32_t)i;
}

// Call marks: bit 0 sidechain; bit 2, the first record of the call's message
// id had no timestamp.
constexpr uint8_t M_UNTIMED_FIRST = 4;

// A streamed record of an id seen before (`prev`, its live record) takes
// over: it is stamped with the first record's time and spelling, or keeps
// its own when the first had none (the reference's `first ?? own`, §3.5).
static inline void take_first_time(Event &e, const Event &prev) {
  if (prev.marks & M_UNTIMED_FIRST) {
    e.marks |= M_UNTIMED_FIRST;
    return;
  }
  e.ts = prev.ts;
  e.text = prev.text;
  e.text_len = prev.text_len;
}

// Source formats the reader decodes.
// How retry detection (spec classifier §2.2) splits a call's tools into
// steps: one per tool, with files and commands (Claude's tool sequence, and
// records tools that keep one); one per call with files and commands (Cline
// CLI: a message's tools are one step of its sequence); one per call, names
// only (every other tool: the reference has no tool sequence for them).
enum StepMode { STEPS_PER_TOOL = 0, STEPS_PER_CALL = 1, STEPS_PER_CALL_NAMES = 2 };
enum SourceKind { K_CLAUDE = 0, K_CODEX = 1, K_RECORDS = 2 };  // K_RECORDS: fed by begin_records() & co.
// JSONL formats of records providers decoded here (cb_jsonl.h): the kinds
// K_JSONL + JsonlFormatId. Their calls are what the provider's Python
// reader would feed through begin_records(), found without Python.
enum JsonlKind {
  K_JSONL = 3, K_GEMINI = K_JSONL + JF_GEMINI, K_QWEN = K_JSONL + JF_QWEN, K_PI = K_JSONL + JF_PI,
  K_OMP = K_JSONL + JF_OMP, K_OPENCLAW = K_JSONL + JF_OPENCLAW, K_KIMI = K_JSONL + JF_KIMI,
  K_KIMICODE = K_JSONL + JF_KIMICODE, K_COPILOT = K_JSONL + JF_COPILOT, K_JSONL_END = K_JSONL + JF_COUNT
};
static inline bool is_jsonl_kind(int kind) { return kind >= K_JSONL && kind < K_JSONL_END; }
static inline bool is_pi_kind(int kind) { return is_jsonl_kind(kind) && JSONL_FORMATS[kind - K_JSONL].pi; }

// One tool_use block's interned facts. A row is also one step of the
// turn's tool sequence (retries, spec §2.2); `counts` is false for extra
// steps that are not extra tool uses (a Codex patch touching several files).
struct ToolRow {
  int32_t event, name, shell_begin, shell_end, subagent, skill;
  bool counts = true;
  // A row of a call's own tool sequence (records tools that give one, e.g.
  // Goose's per-message tool requests): retries see these rows alone, a
  // step starting at each step_start; never a tool use (counts is false).
  bool seq = false, step_start = false;
  bool verifies;       // a bash step that is not read-only (spec §2.2)
  uint32_t flags;
  uint64_t file_key;   // hash of input.file_path, 0 when it is not a string
  int32_t path = -1;   // input.file_path interned (optimize), -1 when it is not a string
  int32_t use_id = -1; // a subagent tool's tool_use id as use_key (pull-request pairing), -1: none
};  // (48 bytes: the bools side by side leave room for use_id)
static_assert(sizeof(ToolRow) == 48, "ToolRow grew: a row per tool use of every file read");

// 1 for a shell tool whose command only reads (optimize's reads per edit).
static inline uint8_t read_only_shell(const ToolRow &r) { return (r.flags & F_BASH) && !r.verifies ? 1 : 0; }

struct FileStats {
  int64_t bytes = 0, lines = 0, invalid = 0, bad_number = 0, huge = 0, too_large = 0, torn_tail = 0;
  int64_t calls = 0, stream_dups = 0, global_dups = 0, turns = 0;
  int64_t not_session = 0;  // 1: a Codex file whose first line is not session_meta (skipped)
  int64_t estimated = 0;    // calls whose tokens were estimated from text length
  int64_t first_bad_line = 0;  // 1-based line number of the first skipped line, 0 if none
  int io_error = 0;  // errno of a failed open/read, 0 if none
};

// Global output columns (one row per kept API call / tool block / command).
// Columns only appended to while a history is read are Narrow (cb_narrow.h):
// counts and ids take 0-4 bytes a value until the scan's end, where
// Scanner.take_columns widens them into numpy. Id columns keep id + 1 (-1: none).
using Counts = Narrow<int64_t>;
struct Ids : Narrow<int32_t> {
  Ids() : Narrow<int32_t>(1) {}
};

// Appends a text to one of the columns' text blobs (a *_text column), its
// place in the blob to the matching *_off / *_len columns.
static inline void keep_text(std::vector<int64_t> &off, std::vector<int32_t> &len, std::vector<uint8_t> &blob,
                             std::string_view text) {
  off.push_back((int64_t)blob.size());
  len.push_back((int32_t)text.size());
  blob.insert(blob.end(), text.begin(), text.end());
}

struct Columns {
  std::vector<int64_t> ts;
  Counts input, output, cache_write, cache_1h, cache_read, web_search;
  Counts reasoning;    // inside output (OpenAI semantics); for display only
  Counts openai_cw;    // cache writes inside `input`, moved out only for models priced for them
  std::vector<uint8_t> estimated;    // tokens estimated from text length
  Ids file, model, turn;
  std::vector<uint8_t> fast;
  Ids tool_call, tool_name;
  Ids shell_call, shell_name;
  std::vector<int32_t> sub_call, sub_name;
  std::vector<int32_t> turn_file;
  std::vector<int64_t> turn_ts;
  std::vector<uint32_t> turn_flags;
  std::vector<int32_t> turn_retries, turn_skill, turn_text_len;
  std::vector<uint8_t> turn_text_class;  // which prompt arena (0: the prompt cannot matter, not kept)
  std::vector<int64_t> turn_text_off;    // into that arena (absolute, see Scanner::take_texts)
  std::vector<uint64_t> turn_text_hash;  // of the prompt as filed (0: class 0, the prompt cannot matter)
  // For `optimize` (spec commands §4.1): per call its Claude Code version
  // id; per tool row its file path id, whether it is a read-only shell
  // command, its skill id; per user text (every one, turn or not) its
  // file, time, full length, marks and opener hash (0: not an opener
  // candidate); per slash command named in a user text, that text's row.
  Ids call_version, call_lines, tool_path, tool_skill;
  std::vector<uint8_t> tool_readonly;
  // The tool rows that are no tool use but name a file: the steps of a
  // call's own tool sequence (ToolRow::seq, Goose's), a Codex patch's files
  // after its first: per row its call row, name and path (optimize's
  // reworked files).
  Ids step_call, step_name, step_path;
  // Assistant records of Claude Code no call row stands for, which optimize
  // counts too (emit_lines): per tool use its file, time (its record's
  // own), name, path, skill, subagent type and read-only mark; `xw_lines`
  // records writing `xw_cw` cache tokens each, timed in xw_ts's quarter
  // hour; `xt_call`, the call rows whose own record optimize takes from
  // these rows (see Scanner::own_record_lines).
  Ids xt_file, xt_name, xt_path, xt_skill, xt_sub, xt_call;
  std::vector<int64_t> xt_ts;
  std::vector<uint8_t> xt_readonly;
  Ids xw_file, xw_lines, xw_version;
  std::vector<int64_t> xw_ts;
  Counts xw_cw;
  Ids ut_file, ut_len;
  std::vector<int64_t> ut_ts;
  std::vector<uint8_t> ut_marks;
  std::vector<uint64_t> ut_hash;
  std::vector<int32_t> cmd_text, cmd_name;
  std::vector<int32_t> inv_file, inv_name;  // MCP tools a file's deferred_tools_delta attachments list
  // Assistant texts that may be self-corrections (cb_phrases.h): file,
  // time, raw model id, and the text (corr_off/corr_len into corr_text).
  std::vector<int32_t> corr_file, corr_model, corr_len;
  std::vector<int64_t> corr_ts, corr_off;
  std::vector<uint8_t> corr_text;
  // Sparse per-turn facts (most turns have a prompt and keep their file's
  // branch, so a column per turn would mostly repeat itself): the turns
  // without a prompt (blank); the turns whose prompt may tell the assistant
  // it got something wrong (a `user_phrases` candidate: the prompt in
  // ucorr_off/ucorr_len into ucorr_text, until codeburn.classify.selfcorrect
  // .confirm_user decides); and the turns whose git branch (their prompt's,
  // else their first assistant record's) differs from the one before them
  // in their file, with that branch (branch_turn, branch_id).
  std::vector<int32_t> unprompted_turn, branch_turn, branch_id;
  // Subagent spawns answered in a file (its agentId records): the file, the
  // turn open there (-1: none), whether the record names no single
  // tool_use, and the agent id (spawn_off/spawn_len into spawn_text).
  std::vector<int32_t> spawn_file, spawn_turn, spawn_len;
  std::vector<uint8_t> spawn_unsure;
  std::vector<int64_t> spawn_off;
  std::vector<uint8_t> spawn_text;
  std::vector<int32_t> ucorr_turn, ucorr_len;
  std::vector<int64_t> ucorr_off;
  std::vector<uint8_t> ucorr_text;
  // Pull requests (`sessions --by-pr`): per pr-link record, and per PR URL
  // in a turn's prompt, its file, turn (-1: a record in no turn with a
  // call), whether a record gave it, and the URL (link_off/link_len into
  // link_text). Titles: per ai-title record, its file and title.
  std::vector<int32_t> link_file, link_turn, link_len, title_file, title_len;
  std::vector<uint8_t> link_record;
  std::vector<int64_t> link_off, title_off;
  std::vector<uint8_t> link_text, title_text;
  // Folders (E_CWD): per run of records naming one, its file, least and
  // greatest time, and the folder as written (cwd_off/cwd_len into cwd_text).
  std::vector<int32_t> cwd_file, cwd_len;
  std::vector<int64_t> cwd_first, cwd_last, cwd_off;
  std::vector<uint8_t> cwd_text;
  // Calls whose timestamp is not spelled canonically: the call row and the
  // spelling (raw_off/raw_len into raw_text).
  std::vector<int32_t> raw_call, raw_len;
  std::vector<int64_t> raw_off;
  std::vector<uint8_t> raw_text;
  std::vector<int32_t> light_call;  // supplementary calls' rows (Event::light)
};

// One Claude Code file decoded by a worker Scanner, waiting for the main
// Scanner to finish it. Its ids index `strings`, a table of the file's own
// strings in the order a serial read would first intern them.
// The per-file cache's test that a file read whole is complete and was
// not written to while read, and the CRCs that vouch for a later append
// (codeburn/cache/filecache.py), worked out on the reader's thread.
static const int64_t EDGE_BYTES = 4096;
struct Settled {
  bool ok = false;
  uint64_t dev = 0, ino = 0;
  int64_t size = 0, mtime_ns = 0;
  uint32_t head_crc = 0, tail_crc = 0;
};

struct Decoded {
  std::vector<Event> ev;
  std::vector<ToolRow> tools;
  std::vector<int32_t> shell;
  std::string ftext, first_cwd;
  FileStats st;
  std::vector<std::string> strings;
  int32_t kind = 0;         // SourceKind
  std::string session;      // Codex: the session id the file names
  // Codex: the file repeats one of its own dedup keys, so what it holds
  // depends on the order of dedup decisions; it is read again in order.
  bool serial_only = false;
  uint64_t phrases = 0;     // Phrases::stamp of the decode (its E_CORRECTION events depend on it)
  uint64_t zone = 0;        // cb::zone_stamp when the decode read a time without a zone (local time), else 0
  std::string hint;         // a JSONL records file's hint (what it was decoded with besides its bytes)
  // How the file stood when its whole read ended (not kept in the cache):
  // its stat key, and the CRCs of its first and last EDGE_BYTES, taken
  // only when it ends in a newline (filecache keeps only such files).
  Settled settled;
  // A part after the first's chain heads (ChainHead), by message id: used
  // when it is joined to the part before, never kept in the cache.
  std::unordered_map<Key128, ChainHead, Key128Hash> heads;

  // The per-file cache's bytes: a header that pins the layout of the
  // records (a build with other structs reads nothing), then each part.
  std::string dump() const {
    std::string out(MAGIC, 8);
    put_pod(out, LAYOUT);
    packcodec::put_events(out, ev);
    packcodec::put_tools(out, tools);
    put_vec(out, shell);
    put_str(out, ftext);
    put_str(out, first_cwd);
    put_pod(out, st);
    put_pod(out, kind);
    put_str(out, session);
    put_pod(out, serial_only);
    put_pod(out, phrases);
    put_pod(out, zone);
    put_str(out, hint);
    put_pod(out, (uint64_t)strings.size());
    for (const std::string &s : strings) put_str(out, s);
    return out;
  }

  // Joins the decodes of the bytes that follow this one's in the same file,
  // in order (a large file read in parts, on several threads): their ids
  // join this table, their ranges shift, and streaming dedup runs across
  // each seam as a single read would have run it. The parts are emptied.
  void append(const std::vector<Decoded *> &rest) {
    std::unordered_map<Key128, int32_t, Key128Hash> live;  // last record per message id so far
    index_live(ev, live);
    std::unordered_map<std::string, int32_t> index;
    for (size_t i = 0; i < strings.size(); i++) index.emplace(strings[i], (int32_t)i);
    for (Decoded *b : rest) {
      if (!zone) zone = b->zone;
      append_one(*b, live, index);
    }
    drop_dead();
  }

  // Drops the calls a later record of the same message id replaced (a
  // streamed message is written 2-4 times; only its last record counts),
  // with their commands and advisors: nothing reads them again (dedup,
  // turns and the live-record index skip dead calls), and on dense
  // histories they were half of what a decoded file held. What `optimize`
  // still counts of one (its tool uses, cache writes its message's live
  // record does not count, see fold_lines) stays as an E_LINES event. The
  // string table keeps their strings, so the main reader interns what a
  // serial read interns, in the same order.
  void drop_dead() {
    size_t dead = 0, gone = 0;  // replaced calls, and those optimize keeps nothing of
    for (const Event &e : ev) {
      if (e.kind != E_CALL || !e.dead) continue;
      dead++;
      gone += e.tools_end == e.tools_begin && e.lines == 0;
    }
    if (!dead) return;
    std::vector<int32_t> moved(ev.size(), -1);  // old event index -> new, -1 when dropped
    std::vector<Event> kept_ev;
    std::vector<ToolRow> kept_tools;
    std::vector<int32_t> kept_shell;
    kept_ev.reserve(ev.size() - gone);  // (exactly: a decoded file waits in memory as it is)
    for (size_t i = 0; i < ev.size(); i++) {
      Event e = ev[i];
      if (e.kind == E_CALL && e.dead) {
        if (e.tools_end == e.tools_begin && e.lines == 0) continue;
        e = lines_of(e);
      }
      if (e.kind == E_ADVISOR && (moved[(size_t)e.parent] < 0 || ev[(size_t)e.parent].dead)) continue;
      if (e.kind == E_ADVISOR) e.parent = moved[(size_t)e.parent];
      moved[i] = (int32_t)kept_ev.size();
      int32_t first = (int32_t)kept_tools.size();
      for (int32_t t = e.tools_begin; t < e.tools_end; t++) {
        ToolRow r = tools[(size_t)t];
        r.event = r.event < 0 ? r.event : moved[i];
        int32_t s0 = (int32_t)kept_shell.size();
        kept_shell.insert(kept_shell.end(), shell.begin() + r.shell_begin, shell.begin() + r.shell_end);
        r.shell_begin = s0;
        r.shell_end = (int32_t)kept_shell.size();
        kept_tools.push_back(r);
      }
      e.tools_begin = first;
      e.tools_end = (int32_t)kept_tools.size();
      kept_ev.push_back(e);
    }
    ev.swap(kept_ev);
    tools.swap(kept_tools);
    shell.swap(kept_shell);
    for (auto &kv : heads)
      if (kv.second.holder >= 0) kv.second.holder = moved[(size_t)kv.second.holder];
  }

  // What `optimize` keeps of a replaced record: its own time, version,
  // tool rows and the cache writes counted on it.
  static Event lines_of(const Event &dead) {
    Event e;
    e.kind = E_LINES;
    e.ts = e.own_ts = dead.own_ts;
    e.version = dead.version;
    e.u.cc_legacy = dead.u.cc_legacy;
    e.lines = dead.lines;
    e.tools_begin = dead.tools_begin;
    e.tools_end = dead.tools_end;
    return e;
  }

  // False (and nothing kept) unless `in` is a well-formed dump whose every
  // index stays inside its own tables: a corrupt cache file is never used.
  bool load(std::string_view in) {
    Decoded d;
    size_t p = 0;
    uint64_t layout = 0, n = 0;
    if (in.size() < 8 || in.substr(0, 8) != std::string_view(MAGIC, 8)) return false;
    p = 8;
    if (!get_pod(in, p, layout) || layout != LAYOUT || !packcodec::get_events(in, p, d.ev) ||
        !packcodec::get_tools(in, p, d.tools) ||
        !get_vec(in, p, d.shell) || !get_str(in, p, d.ftext) || !get_str(in, p, d.first_cwd) ||
        !get_pod(in, p, d.st) || !get_pod(in, p, d.kind) || !get_str(in, p, d.session) ||
        !get_pod(in, p, d.serial_only) || !get_pod(in, p, d.phrases) || !get_pod(in, p, d.zone) ||
        !get_str(in, p, d.hint) ||
        !get_pod(in, p, n) || n > in.size())
      return false;
    d.strings.resize((size_t)n);
    for (std::string &s : d.strings)
      if (!get_str(in, p, s)) return false;
    if (p != in.size()) return false;
    d.fix_bools();
    if (!d.valid()) return false;
    *this = std::move(d);
    return true;
  }

 private:
  // 4: self-correction candidates and the phrase stamp, PR links, titles, timestamp spellings
  // 5: events and tool rows in cb_packcodec.h's encoding
  // 6: a call's light mark and subagent label (Copilot), a JSONL file's hint
  // 7: the zone stamp of a decode that read a time without a zone
  // 8: E_LINES events, a call's line_cw (optimize counts every assistant record)
  // 9: a record's own time (own_ts) and the lines counted on it (its own cache write)
  // A (10): git branches (an E_USER_TEXT's model, E_BRANCH events)
  // B (11): subagent spawn results (E_SPAWN events)
  // C (12): the folders records name (E_CWD events)
  static constexpr const char *MAGIC = "CBDECODC";
  static constexpr uint64_t LAYOUT = (uint64_t)sizeof(Event) | (uint64_t)sizeof(ToolRow) << 16 |
                                     (uint64_t)sizeof(FileStats) << 32 | (uint64_t)sizeof(Usage) << 48;

  // Bytes copied into bool fields may be any value, and reading such a
  // bool is undefined: each is rewritten from its byte as 0 or 1 first.
  static void fix_bool(bool &b) {
    unsigned char raw;
    memcpy(&raw, &b, 1);
    b = raw != 0;
  }
  void fix_bools() {
    fix_bool(serial_only);
    for (Event &e : ev) {
      fix_bool(e.dead);
      fix_bool(e.has_id);
      fix_bool(e.estimated);
      fix_bool(e.light);
      fix_bool(e.u.fast);
      fix_bool(e.u.has_speed);
    }
    for (ToolRow &r : tools) {
      fix_bool(r.counts);
      fix_bool(r.verifies);
    }
  }

  // What a decode produces, and what adopt() relies on: ids inside the
  // table, a call's tool rows and a row's commands in order, each row and
  // command owned by exactly one call (ids are re-mapped once per use).
  bool valid() const {
    auto id_ok = [&](int32_t id) { return id >= -1 && id < (int32_t)strings.size(); };
    auto count_ok = [](int64_t v) { return v >= 0 && (double)v < MAX_TOKENS; };  // as read_count admits
    int32_t tool_cursor = 0, shell_cursor = 0;
    if (kind != K_CLAUDE && kind != K_CODEX && !is_jsonl_kind(kind)) return false;
    for (size_t i = 0; i < ev.size(); i++) {
      const Event &e = ev[i];
      if (e.kind < E_USER_TEXT || e.kind > E_CWD || !id_ok(e.model) || !id_ok(e.version) || !id_ok(e.sub))
        return false;
      if ((e.kind == E_INVENTORY || e.kind == E_CORRECTION) && e.model < 0) return false;
      if (e.lines < 0) return false;
      const Usage &u = e.u;
      for (int64_t v : {u.input, u.output, u.cc_legacy, u.m5, u.h1, u.cache_read, u.web_search, e.reasoning,
                        e.openai_cw})
        if (!count_ok(v)) return false;
      if (e.kind == E_CALL || e.kind == E_LINES) {
        if ((e.kind == E_CALL && e.model < 0) || e.tools_begin != tool_cursor || e.tools_end < e.tools_begin ||
            (size_t)e.tools_end > tools.size())
          return false;
        tool_cursor = e.tools_end;
      } else if (e.tools_begin != e.tools_end) {
        return false;
      }
      if (e.kind == E_ADVISOR && (e.parent < 0 || (size_t)e.parent >= i || ev[(size_t)e.parent].kind != E_CALL))
        return false;
      if (e.kind == E_CALL && e.text >= 0 && (e.text_len < 0 || (size_t)e.text + (size_t)e.text_len > ftext.size()))
        return false;
      if (has_text(e.kind) && (e.text < 0 || e.text_len < 0 || (size_t)e.text + (size_t)e.text_len > ftext.size()))
        return false;
    }
    if ((size_t)tool_cursor != tools.size()) return false;
    for (const ToolRow &r : tools) {
      if (r.name < 0 || !id_ok(r.name) || !id_ok(r.subagent) || !id_ok(r.skill) || !id_ok(r.path)) return false;
      if (r.shell_begin != shell_cursor || r.shell_end < r.shell_begin || (size_t)r.shell_end > shell.size())
        return false;
      shell_cursor = r.shell_end;
    }
    if ((size_t)shell_cursor != shell.size()) return false;
    for (int32_t s : shell)
      if (s < 0 || !id_ok(s)) return false;
    return true;
  }

  void append_one(Decoded &b, std::unordered_map<Key128, int32_t, Key128Hash> &live,
                  std::unordered_map<std::string, int32_t> &index) {
    std::vector<int32_t> ids(b.strings.size());
    for (size_t i = 0; i < b.strings.size(); i++) {
      auto it = index.emplace(std::move(b.strings[i]), (int32_t)strings.size());
      if (it.second) strings.push_back(it.first->first);
      ids[i] = it.first->second;
    }
    auto id = [&](int32_t v) { return v < 0 ? v : ids[(size_t)v]; };
    const int32_t ev0 = (int32_t)ev.size(), tools0 = (int32_t)tools.size(), shell0 = (int32_t)shell.size();
    const int32_t text0 = (int32_t)ftext.size();
    for (size_t k = 0; k < b.ev.size(); k++) {
      Event e = b.ev[k];
      e.model = id(e.model);
      e.version = id(e.version);
      e.tools_begin += tools0;
      e.tools_end += tools0;
      if (has_text(e.kind) || (e.kind == E_CALL && e.text >= 0)) e.text += text0;
      if (e.kind == E_ADVISOR) {
        e.parent += ev0;
        e.ts = ev[(size_t)e.parent].ts;  // an advisor carries its call's time, which the seam may change
      }
      if (e.kind == E_CALL && e.has_id && !e.dead) {
        int32_t at = (int32_t)ev.size();
        auto it = live.emplace(e.key, at);
        if (!it.second) {  // the id streamed across a seam: the last record wins, the first time is kept
          Event &prev = ev[(size_t)it.first->second];
          prev.dead = true;
          // e's part marked it untimed-first when the id's first record
          // there had no time; the id's first record is before the seam
          // (a timed prev hands e its time, as in a whole read).
          if (!(prev.marks & M_UNTIMED_FIRST)) e.marks &= (uint8_t)~M_UNTIMED_FIRST;
          else if (!(e.marks & M_UNTIMED_FIRST) && e.ts != e.own_ts) {
            // ...and an untimed first record before it leaves e its own
            // time, not its part's first record's (its own spelling is not
            // kept: the time is spelled canonically).
            e.ts = e.own_ts;
            e.text = -1;
            e.text_len = 0;
          }
          take_first_time(e, prev);
          auto h = b.heads.find(e.key);
          if (h == b.heads.end() || h->second.holder < 0) {
            fold_lines(e, prev);
          } else if (folds_into(h->second, prev)) {  // where the head's line went (this record, or one before it)
            if ((size_t)h->second.holder == k) e.lines += prev.lines;
            else ev[(size_t)ev0 + (size_t)h->second.holder].lines += prev.lines;
            prev.lines = 0;
          }
          it.first->second = at;
          st.stream_dups++;
        }
      }
      ev.push_back(e);
    }
    for (ToolRow r : b.tools) {
      r.event += ev0;
      r.name = id(r.name);
      r.subagent = id(r.subagent);
      r.skill = id(r.skill);
      r.path = id(r.path);
      r.shell_begin += shell0;
      r.shell_end += shell0;
      tools.push_back(r);
    }
    for (int32_t v : b.shell) shell.push_back(id(v));
    ftext += b.ftext;
    if (first_cwd.empty()) first_cwd = b.first_cwd;
    add_stats(b.st);
    b = Decoded();
  }

  // Counts of the part read after this one's.
  void add_stats(const FileStats &b) {
    if (!st.first_bad_line && b.first_bad_line) st.first_bad_line = st.lines + b.first_bad_line;
    if (!st.io_error) st.io_error = b.io_error;
    st.bytes += b.bytes;
    st.lines += b.lines;
    st.invalid += b.invalid;
    st.bad_number += b.bad_number;
    st.huge += b.huge;
    st.too_large += b.too_large;
    st.torn_tail += b.torn_tail;
    st.stream_dups += b.stream_dups;
    st.estimated += b.estimated;
  }

  template <class T> static void put_pod(std::string &out, const T &v) { out.append((const char *)&v, sizeof v); }
  static void put_str(std::string &out, const std::string &s) {
    put_pod(out, (uint64_t)s.size());
    out.append(s);
  }
  template <class T> static void put_vec(std::string &out, const std::vector<T> &v) {
    put_pod(out, (uint64_t)v.size());
    out.append((const char *)v.data(), v.size() * sizeof(T));
  }
  template <class T> static bool get_pod(std::string_view in, size_t &p, T &v) {
    if (in.size() - p < sizeof v) return false;
    memcpy(&v, in.data() + p, sizeof v);
    p += sizeof v;
    return true;
  }
  static bool get_str(std::string_view in, size_t &p, std::string &s) {
    uint64_t n;
    if (!get_pod(in, p, n) || in.size() - p < n) return false;
    s.assign(in.data() + p, (size_t)n);
    p += (size_t)n;
    return true;
  }
  template <class T> static bool get_vec(std::string_view in, size_t &p, std::vector<T> &v) {
    uint64_t n;
    if (!get_pod(in, p, n) || n > (in.size() - p) / sizeof(T)) return false;
    v.resize((size_t)n);
    if (n) memcpy(v.data(), in.data() + p, (size_t)n * sizeof(T));
    p += (size_t)n * sizeof(T);
    return true;
  }
};

class Scanner {
 public:
  Interner strings;
  Columns cols;
  std::string first_cwd;  // of the file last scanned
  std::string session;    // Codex: the session id of the file last scanned
  std::unordered_map<std::string, std::string> codex_names;  // Codex tool name -> canonical name
  FileStats st;
  ToolRules tool_rules;
  BashRules bash_rules;
  Phrases phrases;  // self-correction candidates (cb_phrases.h); none until set
  Phrases user_phrases;  // user-correction candidates (note_prompt); none until set
  // Which keyword roles can change a turn's category depends only on its
  // tool flags (the caller works that out from the rules): text_class maps
  // flags to a class, and each class's prompts go to an arena of their own,
  // scanned with just the patterns it needs. Class 0 prompts are dropped.
  std::vector<uint8_t> text_class;   // indexed by turn flags
  std::vector<std::string> arenas;   // per class: prompts, each followed by '\n'
  std::vector<int64_t> arena_base;   // per class: absolute offset of arenas[c][0]

  void set_text_classes(const std::string &lut, int nclasses) {
    text_class.assign(lut.begin(), lut.end());
    arenas.assign((size_t)nclasses, std::string());
    arena_base.assign((size_t)nclasses, 0);
  }

  size_t pending_text_bytes() const {
    size_t n = 0;
    for (const std::string &a : arenas) n += a.size();
    return n;
  }

  // Class c's arena (empty for a class out of range) and the absolute
  // offset of its first byte; the caller copies it, then clear_texts(c)
  // starts the next one in the same buffer. A fresh buffer a batch would be
  // faulted in again page by page (a megabyte a batch, ~80k page faults for
  // a 2.5 GB Cursor store).
  std::string_view texts(int c, int64_t &base) const {
    base = 0;
    if (c < 0 || (size_t)c >= arenas.size()) return std::string_view();
    base = arena_base[c];
    return std::string_view(arenas[c]);
  }

  void clear_texts(int c) {
    if (c < 0 || (size_t)c >= arenas.size()) return;
    arena_base[c] += (int64_t)arenas[c].size();
    arenas[c].clear();   // keeps its capacity
  }

  Scanner() : buf_(alloc_pages(PAGE + BLOCK + PAD)), blk_(buf_) {
    if (!buf_) throw std::bad_alloc();
  }
  ~Scanner() { free_pages(buf_); }
  Scanner(const Scanner &) = delete;
  Scanner &operator=(const Scanner &) = delete;

  // Scans one file; the columns grow by its surviving calls. Returns 0, or
  // the errno that stopped the read (what was read before it still counts).
  // `kind` is the file's format; `session_hint` names a Codex session whose
  // session_meta has no session_id (the file's basename).
  int scan_file(const char *path, int32_t file_idx, int kind = K_CLAUDE, const std::string &session_hint = "") {
    begin_file(file_idx, kind, session_hint);
    read_path(path);
    finish_file();
    return st.io_error;
  }

  // Parallel reading of Claude Code files: worker Scanners (one per
  // thread, sharing nothing) decode files into Decoded; the main Scanner
  // adopts them and finishes each in discovery order. Dedup and turns are
  // therefore exactly those of a serial read, and so are the interned ids:
  // strings are re-interned in the order a serial read meets them.
  //
  // With `prior` (this file decoded up to `offset`, a line boundary: the
  // size it had when it was cached), only the bytes after it are read: a
  // grown JSONL file resumes where it was, streaming dedup included.
  int decode_file(const char *path, int32_t file_idx, Decoded &out, const Decoded *prior = nullptr,
                  int64_t offset = 0) {
    begin_file(file_idx, K_CLAUDE, "");
    if (prior) restore(*prior);
    read_path(path, prior ? offset : 0);
    export_decoded(out);
    return st.io_error;
  }

  // One part of a large file, so that several threads can read it: the
  // lines that start in [from, to) (to < 0: to the end), decoded as if the
  // file began there. Parts cut at the same positions tile the file, and
  // Decoded::append joins them in order.
  int decode_part(const char *path, int32_t file_idx, Decoded &out, int64_t from, int64_t to) {
    begin_file(file_idx, K_CLAUDE, "");
    keep_heads_ = from > 0;
    InFile f;
    if (!f.open(path)) st.io_error = errno ? errno : EIO;
    else {
      int64_t start = line_start(f, from), stop = to < 0 ? -1 : line_start(f, to);
      if (start < 0 || (to >= 0 && stop < 0) || !f.seek(start)) st.io_error = errno ? errno : EIO;
      else if (stop < 0 || stop > start) read_loop(f, stop < 0 ? -1 : stop - start, start);
    }
    export_decoded(out);
    keep_heads_ = false;
    return st.io_error;
  }

  // Moves the file just decoded into `out`, its ids renumbered into a table
  // of its own.
  void export_decoded(Decoded &out) {
    // A head whose line reached its id's last record folds at the seam as
    // that record does: only the others go with the part (a few, where a
    // chain broke), not one per message id.
    for (auto it = heads_.begin(); it != heads_.end();) {
      auto live = by_id_.find(it->first);
      bool same = it->second.lines > 0 && live != by_id_.end() && live->second == it->second.holder;
      it = same ? heads_.erase(it) : std::next(it);
    }
    out.heads.swap(heads_);
    heads_.clear();
    out.ev.swap(ev_);
    out.tools.swap(tools_);
    out.shell.swap(shell_);
    out.ftext.swap(ftext_);
    out.st = st;
    out.first_cwd = first_cwd;
    out.kind = kind_;
    out.session = session;
    out.serial_only = serial_only_;
    out.phrases = phrases.stamp;
    out.zone = cb::zoneless_here != zoneless_at_ || prior_zone_ ? cb::zone_stamp : 0;
    out.hint = is_jsonl_kind(kind_) ? js_.hint : std::string();
    out.settled = settled_;
    settled_ = Settled();
    // Worker ids -> the file's own table, numbered in first-use order: a
    // resumed file's earlier table first (it holds strings of calls
    // dropped as dead, see Decoded::drop_dead).
    std::unordered_map<int32_t, int32_t> local;
    for (int32_t id : prior_ids_) {
      if (local.emplace(id, (int32_t)out.strings.size()).second) out.strings.push_back(strings.strings[(size_t)id]);
    }
    for_each_id(out, [&](int32_t &id) {
      auto it = local.find(id);
      if (it == local.end()) {
        it = local.emplace(id, (int32_t)out.strings.size()).first;
        out.strings.push_back(strings.strings[(size_t)id]);
      }
      id = it->second;
    });
    out.drop_dead();
  }

  // The state a decode of d's bytes left: events, tools, prompts, counts,
  // and the index of the last record of each message id.
  void restore(const Decoded &d) {
    Decoded copy = d;  // `d` stays usable (the cache keeps it)
    prior_zone_ = d.zone;
    take(copy, &prior_ids_);
    index_live(ev_, by_id_);
  }

  // Main side: finishes a decoded file as a serial read would have. False
  // (and nothing done) for a Codex file whose calls depend on dedup
  // decisions across files: one of its keys was already counted, or it
  // repeats one of its own; the caller reads it in order instead.
  bool adopt(Decoded &d, int32_t file_idx) {
    if (is_jsonl_kind(d.kind)) return adopt_jsonl(d, file_idx);
    if (d.kind == K_CODEX) {
      if (d.serial_only) return false;
      for (const Event &e : d.ev)
        if (e.kind == E_CALL && seen_keys_.count(e.key)) return false;
    }
    begin_file(file_idx, d.kind, "");
    take(d);
    end_file(file_idx, kind_ == K_CODEX ? seen_keys_ : seen_);
    return true;
  }

  // A Codex rollout decoded for adopt(), on the assumption that none of its
  // calls is a duplicate of another file's (adopt checks it): its calls and
  // turn openings become events, as decode_file makes of a Claude file.
  int decode_codex(const char *path, int32_t file_idx, const std::string &session_hint, Decoded &out) {
    begin_file(file_idx, K_CODEX, session_hint);
    deferred_ = true;
    read_path(path);
    codex_end();
    deferred_ = false;
    export_decoded(out);
    return st.io_error;
  }

  // A file of a JSONL records format (cb_jsonl.h) decoded for adopt().
  // When it holds something only the provider's Python reader reproduces,
  // nothing is kept and st.not_session is 1: the caller reads it with that
  // reader instead. `session_hint`: the session id when lines name none.
  int decode_jsonl(const char *path, int32_t file_idx, int kind, const std::string &session_hint, Decoded &out) {
    begin_file(file_idx, kind, session_hint);
    read_path(path);
    jsonl_end();
    export_decoded(out);
    return st.io_error;
  }

  // A JSONL format's tool names -> the canonical names the rules know
  // (rules/providers.toml), as the Python readers map them.
  void set_kind_name(int kind, const std::string &raw, const std::string &canonical) {
    if (is_jsonl_kind(kind)) jsonl_names_[kind - K_JSONL][raw] = canonical;
  }

  // The canonical name of the JSONL format's tool `native` (set_kind_name),
  // else `native` itself (the view then points into `native`).
  std::string_view canonical_tool(std::string_view native) const {
    const auto &names = jsonl_names_[kind_ - K_JSONL];
    auto it = names.find(std::string(native));
    return it != names.end() ? std::string_view(it->second) : native;
  }

  // The scan is over: the dedup sets are no longer needed (their memory
  // grows with the history).
  void release_dedup() {
    seen_.clear();
    seen_keys_.clear();
  }

  // The classifier's view of one shell command (tests and `rules explain`).
  void bash_commands(std::string_view cmd, std::vector<std::string> &out) {
    cmds_.clear();
    extract_bash_commands(cmd, bash_, cmds_, bash_rules);
    for (std::string_view c : cmds_) out.emplace_back(c);
  }
  bool read_shaped(std::string_view cmd) { return is_read_shaped(cmd, bash_, bash_rules); }
  void set_tool_flags(const std::string &name, uint32_t flags) { tool_rules.flags[name] |= flags; tool_flags_.clear(); }
  void set_codex_name(const std::string &raw, const std::string &canonical) { codex_names[raw] = canonical; }

  // Test hook: feed bytes as if they were a whole file.
  void scan_bytes(const char *data, size_t n, int32_t file_idx, int kind = K_CLAUDE,
                  const std::string &session_hint = "") {
    begin_file(file_idx, kind, session_hint);
    std::string tmp(data, n);
    tmp.append(PAD, ' ');
    size_t p = 0;
    while (p < n) {
      const char *q = (const char *)memchr(tmp.data() + p, '\n', n - p);
      size_t e = q ? (size_t)(q - tmp.data()) : n;
      line(tmp.data() + p, e - p, tmp.size() - p, q == nullptr);
      p = e + 1;
    }
    st.bytes = (int64_t)n;
    finish_file();
  }

  // --- Records: sessions other providers' Python readers normalized -------
  // (codeburn/providers/records.py). A session is fed as turns and calls;
  // end_records() then runs the same turn grouping and emission as a file.

  // unique_shell: a command name counts once per call (Gemini CLI, Qwen Code).
  // steps: how retries see a call's tools (StepMode).
  void begin_records(int32_t file_idx, bool unique_shell = false, int steps = STEPS_PER_TOOL, bool carry = false) {
    begin_file(file_idx, K_RECORDS, std::string());
    records_unique_shell_ = unique_shell;
    step_mode_ = steps;
    carry_prompt_ = carry;
  }

  // Opens a turn: the calls that follow belong to it (an empty prompt too).
  void record_turn(int64_t ts, std::string_view prompt) {
    size_t units;
    std::string_view text = utf16_prefix(prompt, CAP_TEXT, &units);
    Event e;
    e.kind = E_USER_TEXT;
    e.ts = ts;
    e.text = (int32_t)ftext_.size();
    e.text_len = (int32_t)text.size();
    ftext_.append(text.data(), text.size());
    ev_.push_back(e);
  }

  // One call; `key` (when has_key) is its dedup key, shared with every
  // non-Claude provider's calls (spec providers §0.5). `raw`: the time as
  // the log spells it, for the tools whose spelling the reference shows
  // (sessions, export); kept only when it is not the canonical one.
  void record_call(int64_t ts, std::string_view model, const Usage &u, int64_t reasoning, bool estimated,
                   bool has_key, std::string_view key, std::string_view raw = std::string_view()) {
    Event e;
    e.kind = E_CALL;
    e.ts = ts;
    keep_spelling(e, raw);
    e.model = strings.intern(model);
    e.u = u;
    e.reasoning = reasoning;
    e.estimated = estimated;
    e.has_id = has_key;
    if (has_key) e.key = key_of(key);
    e.tools_begin = e.tools_end = (int32_t)tools_.size();
    ev_.push_back(e);
  }

  // A tool use of the last call. Any tool that carries a command line
  // names its commands (Copilot's Shell, not in the bash set, too).
  void record_tool(const Tool &t) {
    if (ev_.empty() || ev_.back().kind != E_CALL) return;
    Event &call = ev_.back();
    add_tool(t, (int32_t)ev_.size() - 1, true, t.has_command);
    call.tools_end = (int32_t)tools_.size();
    if (records_unique_shell_) drop_repeated_shell(call);
  }

  // The last call is supplementary (a rollup: tokens and cost, no API call).
  void mark_light() {
    if (!ev_.empty() && ev_.back().kind == E_CALL) ev_.back().light = true;
  }

  // One tool of the last call's own tool sequence (see ToolRow::seq), a new
  // step when step_start: for retries only, neither a tool use nor a command.
  void record_step_tool(const Tool &t, bool step_start) {
    if (ev_.empty() || ev_.back().kind != E_CALL) return;
    Event &call = ev_.back();
    add_tool(t, (int32_t)ev_.size() - 1, false, false);
    ToolRow &r = tools_.back();
    r.counts = false;
    r.seq = true;
    r.step_start = step_start;
    call.tools_end = (int32_t)tools_.size();
  }

  // Emits the session; kept[i] says whether its i-th call survived dedup.
  void end_records(std::vector<uint8_t> &kept) {
    kept.clear();
    for (Event &e : ev_) {
      if (e.kind != E_CALL) continue;
      if (e.has_id && !seen_keys_.insert(e.key).second) {
        e.dead = true;
        st.global_dups++;
      }
      e.has_id = false;  // settled here: end_file must not look again
      kept.push_back(e.dead ? 0 : 1);
    }
    KeySet none;
    end_file(file_idx_, none);
  }

 private:
  // Makes d's file this Scanner's current file: its strings interned here
  // (in serial-read order), its vectors and counts moved in (d is emptied).
  // `ids` gets the table's ids here, in order.
  void take(Decoded &d, std::vector<int32_t> *ids = nullptr) {
    // The table is in first-use order and may hold strings of dropped dead
    // calls (Decoded::drop_dead): all are interned, in order, as a serial
    // read interns them.
    std::vector<int32_t> mine(d.strings.size());
    for (size_t i = 0; i < d.strings.size(); i++) mine[i] = strings.intern(d.strings[i]);
    if (ids) *ids = mine;
    for_each_id(d, [&](int32_t &id) { id = mine[(size_t)id]; });
    ev_.swap(d.ev);
    tools_.swap(d.tools);
    shell_.swap(d.shell);
    ftext_.swap(d.ftext);
    st = d.st;
    first_cwd = d.first_cwd;
    session = d.session;
  }

  // Every interned id a decoded file holds, in the order a serial read
  // interns them: per event its model, then per tool its name, shell
  // commands, subagent and skill (Codex: the tools first, read before the
  // token count that names the model).
  template <class F>
  static void for_each_id(Decoded &d, F &&f) {
    for (Event &e : d.ev) {
      if (e.model >= 0 && d.kind != K_CODEX) f(e.model);
      if (e.sub >= 0) f(e.sub);
      for (int32_t t = e.tools_begin; t < e.tools_end; t++) {
        ToolRow &r = d.tools[(size_t)t];
        f(r.name);
        for (int32_t s = r.shell_begin; s < r.shell_end; s++) f(d.shell[(size_t)s]);
        if (r.subagent >= 0) f(r.subagent);
        if (r.skill >= 0) f(r.skill);
        if (r.path >= 0) f(r.path);
      }
      if (e.version >= 0) f(e.version);
      if (e.model >= 0 && d.kind == K_CODEX) f(e.model);
    }
  }

  char *buf_;  // PAGE + BLOCK + PAD bytes, page-aligned
  char *blk_;  // where the block being split starts, less than PAGE into buf_
  od::parser parser_;
  Line L_;
  Reducer red_;
  bool reducing_ = false;
  BashScratch bash_;
  std::vector<std::string_view> cmds_;
  std::vector<Event> ev_;
  std::vector<ToolRow> tools_;
  std::vector<int32_t> shell_;  // command name ids, ranges in ToolRow
  std::string ftext_;           // the file's prompts, back to back
  std::vector<uint32_t> tool_flags_;  // by interned id; 0 = not computed yet
  std::unordered_map<Key128, int32_t, Key128Hash> by_id_;
  bool keep_heads_ = false;  // decoding a part after the first: its chain heads go with it (ChainHead)
  std::unordered_map<Key128, ChainHead, Key128Hash> heads_;
  KeySet seen_;       // message ids claimed by earlier files
  KeySet seen_keys_;  // dedup keys of other providers' calls
  int kind_ = K_CLAUDE;
  bool records_unique_shell_ = false;
  int step_mode_ = STEPS_PER_TOOL;
  // The tool drops a copied call before it takes the pending prompt (Qwen,
  // Copilot's JSONL):
  // a prompt whose every call was dropped goes to the next call that opens
  // a turn without one of its own (end_file).
  bool carry_prompt_ = false;
  // The model and time (as written) of the assistant records of the file so
  // far (hashes), for note_correction.
  std::unordered_set<uint64_t> corr_seen_;
  std::string corr_key_;
  JsonlLine J_;
  std::unordered_map<std::string, std::string> jsonl_names_[JF_COUNT];
  // What a JSONL records file has said so far (reset per file).
  struct JsonlState {
    std::string hint;         // the session id when no line names one (the file's stem)
    bool header = false;      // Gemini: the session header was read
    std::string sid;          // the session's id (Gemini: the header's; Qwen: the first call's)
    JOwned start;             // Gemini: the header's startTime
    std::string prompt;       // the pending prompt
    int64_t turn = -1;        // Gemini: the open turn (-1: calls before any user message)
    int64_t turn_no = 0;
    bool any_call = false;
    int64_t last_turn = 0;    // the turn of the last call
    std::string key;          // scratch: a call's dedup key
    std::string current;      // Pi: the session id the last session record gave (the file's stem before)
    bool started = false;     // Pi: `current` is set
    std::string model;        // OpenClaw: the last model_change / model-snapshot model
    int64_t usages = 0;       // OpenClaw: assistant messages with a usage so far (a key's last resort)
    // OpenClaw: calls whose keys wait for the file's last session id
    // (event index, the record's id or its usage ordinal).
    std::vector<std::pair<int32_t, std::string>> pending_keys;
    // Kimi: the tool calls since the last call (name, command; has_command).
    std::vector<std::pair<std::string, std::string>> tools;
    std::vector<bool> tool_has_command;
    int64_t blank = 0;  // blank lines so far (Kimi Code's keys number every line)
    // Kimi Code: model aliases and turn prompts learned from requests; the
    // current request's model, turn and time; the last call's turn.
    std::unordered_map<std::string, std::string> aliases, prompts;
    std::string req_model, req_turn, last_step;
    int64_t req_time = CB_TS_NONE;
  } js_;

  // The last tool's command names, less those the call already named.
  void drop_repeated_shell(const Event &call) {
    ToolRow &last = tools_.back();
    int32_t call_begin = call.tools_begin < (int32_t)tools_.size() ? tools_[(size_t)call.tools_begin].shell_begin
                                                                  : last.shell_begin;
    int32_t out = last.shell_begin;
    for (int32_t i = last.shell_begin; i < last.shell_end; i++) {
      int32_t id = shell_[(size_t)i];
      bool seen = false;
      for (int32_t j = call_begin; j < out && !seen; j++) seen = shell_[(size_t)j] == id;
      if (!seen) shell_[(size_t)out++] = id;
    }
    shell_.resize((size_t)out);
    last.shell_end = out;
  }
  // --- JSONL records formats (cb_jsonl.h) --------------------------------
  // The rules of providers/gemini.py and providers/qwen.py, line by line;
  // calls go through record_turn/record_call/record_tool as the records
  // feed would send them. Anything those readers would count as skipped
  // gives the file up to them (jsonl_give_up).

  bool adopt_jsonl(Decoded &d, int32_t file_idx) {
    begin_file(file_idx, d.kind, "");
    if (d.st.not_session) {  // given up: the caller reads it with the Python reader
      st = d.st;
      return true;
    }
    take(d);
    if (kind_ == K_COPILOT) copilot_fold();
    end_file(file_idx, seen_keys_);
    return true;
  }

  void jsonl_give_up() {
    st.not_session = 1;
    stop_ = true;
    ev_.clear();
    tools_.clear();
    shell_.clear();
    ftext_.clear();
  }

  // A file's last line without its newline, as the Python readers see it:
  // blank, it is no line; an object cut mid-write (it opens with `{` and
  // does not close), an invalid line they count (scan.py names it from
  // torn_tail). True when handled; anything else is decoded (and a line
  // that fails to parse gives the file up).
  bool jsonl_tail(const char *p, size_t n) {
    auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
    size_t a = 0, b = n;
    while (a < b && space(p[a])) a++;
    while (b > a && space(p[b - 1])) b--;
    if (a == b) return true;
    if (p[a] != '{' || p[b - 1] == '}') return false;
    st.lines++;
    st.torn_tail++;
    return true;
  }

  // The end of a JSONL records file: a Gemini file with lines but no
  // header is one the reader warns about.
  void jsonl_end() {
    if (!st.not_session && kind_ == K_GEMINI && !js_.header && st.lines > 0) jsonl_give_up();
    if (!st.not_session && (kind_ == K_PI || kind_ == K_OMP) && !js_.header) {  // not a session: no calls, no warning
      ev_.clear();
      tools_.clear();
      shell_.clear();
      ftext_.clear();
    }
    if (!st.not_session && kind_ == K_COPILOT) js_.sid = js_.hint;
    if (!st.not_session && kind_ == K_KIMICODE) js_.sid = std::string(js_.hint.substr(0, js_.hint.find('\0')));
    if (!st.not_session && kind_ == K_KIMI) js_.sid = std::string(js_.hint.substr(0, js_.hint.find('\0')));
    if (!st.not_session && kind_ == K_OPENCLAW) {
      if (js_.sid.empty()) js_.sid = js_.hint;  // no session record (or an empty id): the file's stem
      for (auto &[event, id] : js_.pending_keys) ev_[(size_t)event].key = key_of("openclaw:" + js_.sid + ":" + id);
    }
    session = st.not_session ? std::string() : js_.sid;
  }

  // A call's counts with Anthropic semantics (input without the cache).
  static Usage counted(int64_t input, int64_t output, int64_t cache_read, int64_t cache_write) {
    Usage u;
    u.input = input;
    u.output = output;
    u.cache_read = cache_read;
    u.cc_legacy = cache_write;
    u.has_speed = true;  // as the records feed sends them
    return u;
  }

  // The legacy Kimi CLI's wire logs (providers/kimi.py): a StatusUpdate
  // whose usage has tokens is a call and a turn of its own, with the tool
  // calls since the last one; TurnBegin/SteerInput set the prompt, TurnEnd
  // forgets it. The hint is "<session id>\0<configured model>".
  void on_kimi() {
    const JsonlLine &L = J_;
    const KimiLine &K = L.kimi;
    if (!L.object) { jsonl_give_up(); return; }
    static const char *const typed[] = {"TurnBegin", "SteerInput", "TurnEnd", "ToolCall", "ToolCallRequest",
                                        "StatusUpdate"};
    int kind = -1;
    for (int i = 0; i < 6 && kind < 0; i++)
      if (jstr(K.type, typed[i])) kind = i;
    if (kind < 0) return;
    if (K.payload.t != J_OBJ) { jsonl_give_up(); return; }
    if (kind <= 1) { js_.prompt = L.text; return; }
    if (kind == 2) { js_.prompt.clear(); js_.tools.clear(); js_.tool_has_command.clear(); return; }
    if (kind <= 4) { kimi_tool(K); return; }
    const JVal *usage = K.token_usage.t == J_OBJ ? K.counts[0] : K.usage.t == J_OBJ ? K.counts[1] : nullptr;
    if (!usage) return;
    int64_t v[5];  // cache read, cache write, input, output, input incl. cache
    static const int order[5][4] = {{KK_CACHE_READ, KK_CACHE_READ_2, KK_CACHE_READ_3, -1},
                                    {KK_CACHE_WRITE, KK_CACHE_WRITE_2, -1, -1},
                                    {KK_INPUT_OTHER, KK_INPUT_TOKENS, -1, -1},
                                    {KK_OUTPUT, KK_OUTPUT_TOKENS, -1, -1},
                                    {KK_INPUT, -1, -1, -1}};
    for (int i = 0; i < 5; i++)
      if (!kimi_first_positive(usage, order[i], &v[i])) { jsonl_give_up(); return; }
    int64_t cache_read = v[0], cache_write = v[1], input = v[2], output = v[3];
    if (input == 0) input = std::max<int64_t>(0, v[4] - cache_read - cache_write);
    if (!(input || output || cache_read || cache_write)) return;
    int64_t ts;
    if (!jts(L.ts, &ts)) { jsonl_give_up(); return; }
    size_t nul = js_.hint.find('\0');
    std::string_view sid = std::string_view(js_.hint).substr(0, nul);
    std::string_view configured = nul == std::string::npos ? std::string_view("kimi-auto")
                                                            : std::string_view(js_.hint).substr(nul + 1);
    std::string ident = K.message_id.t == J_STR ? std::string(K.message_id.s) : std::to_string(js_.usages);
    js_.usages++;
    // Any string names the model, "" too (the reference's `??` chain).
    std::string_view model = K.model.t == J_STR        ? K.model.s
                             : K.model_name.t == J_STR ? K.model_name.s
                                                       : configured;
    js_.key.assign("kimi:").append(sid.data(), sid.size()).append(":").append(ident);
    js_.sid.assign(sid.data(), sid.size());
    record_turn(ts, js_.prompt);  // the prompt stays until TurnEnd
    record_call(ts, model, counted(input, output, cache_read, cache_write), 0, false, true, js_.key);
    record_pending_tools();
  }

  // Kimi Code's agent wire logs (providers/kimicode.py): every
  // usage.record is a call, with the tool calls since the last one; its
  // model the real id of its alias (learned from llm.request), else the
  // current request's; its turn the request's turnStep prefix. The hint is
  // "<session id>\0<agent id>". A record with no time of its own or its
  // request's is left to the Python reader (it falls back to state.json).
  void on_kimicode() {
    const JsonlLine &L = J_;
    const KimiCodeLine &K = L.kc;
    if (!L.object) { jsonl_give_up(); return; }
    std::string_view type = L.type.t == J_STR ? cursor_py_strip(L.type.s) : std::string_view();
    auto text = [](const JVal &v) { return v.t == J_STR ? cursor_py_strip(v.s) : std::string_view(); };
    if (type == "turn.prompt") {
      js_.tools.clear();
      js_.tool_has_command.clear();
      js_.prompt = L.text;
    } else if (type == "llm.request") {
      std::string_view model = text(L.model), alias = text(K.alias), turn = text(K.turn_step);
      turn = turn.substr(0, turn.find('.'));
      if (!model.empty() && !alias.empty()) js_.aliases[std::string(alias)] = std::string(model);
      if (!turn.empty() && !js_.prompt.empty()) js_.prompts[std::string(turn)] = js_.prompt;
      js_.req_model.assign(model.data(), model.size());
      js_.req_turn.assign(turn.data(), turn.size());
      if (!kimicode_time(K.time, &js_.req_time)) jsonl_give_up();
    } else if (type == "context.append_loop_event") {
      kimicode_tool(K);
    } else if (type == "usage.record") {
      kimicode_call(L, K, text(L.model));
    }
  }

  // kimicode._time: epoch ms of a string or number, else none (a bool too).
  // False: a value the Python reader keeps and we do not.
  static bool kimicode_time(const JVal &v, int64_t *out) {
    *out = CB_TS_NONE;
    if (v.t == J_STR || v.t == J_INT || v.t == J_FLOAT || v.t == J_BIG) return jts(v, out);
    return true;
  }

  // kimicode._count: a number >= 0 up to 1e15, truncated; 0 for anything
  // else but a string (a numeric one counts: the Python reader's).
  static bool kimicode_count(const JVal &v, int64_t *out) {
    *out = 0;
    if (v.t == J_STR) return false;
    double n = v.t == J_INT ? (double)v.i : v.t == J_FLOAT ? v.d : -1;
    if (!(n >= 0) || n > 1e15) return true;
    *out = v.t == J_INT ? v.i : (int64_t)n;
    return (double)*out < MAX_TOKENS;
  }

  void kimicode_tool(const KimiCodeLine &K) {
    std::string_view name = K.ev_name.t == J_STR ? cursor_py_strip(K.ev_name.s) : std::string_view();
    if (K.event.t != J_OBJ || name.empty() || K.ev_type.t != J_STR || cursor_py_strip(K.ev_type.s) != "tool.call")
      return;
    std::string command;
    bool has = false;
    if (name == "Bash" || name == "Shell" || name == "bash" || name == "shell") {
      if (K.ev_args.t == J_STR) {
        if (!kimi_command(K.ev_args.s, &command, &has)) { jsonl_give_up(); return; }
      } else if (K.ev_command.t == J_STR) {
        command.assign(K.ev_command.s.data(), K.ev_command.s.size());
      }
      std::string_view c = cursor_py_strip(command);
      command = std::string(c);
      has = !command.empty();
    }
    js_.tools.emplace_back(std::string(name), command);
    js_.tool_has_command.push_back(has);
  }

  void kimicode_call(const JsonlLine &L, const KimiCodeLine &K, std::string_view alias) {
    if (L.usage.t != J_OBJ) { jsonl_give_up(); return; }  // a record the reader names
    int64_t when;
    if (!kimicode_time(K.time, &when)) { jsonl_give_up(); return; }
    if (when == CB_TS_NONE || when == 0) when = js_.req_time;  // Python's `or`: 0 is no time
    if (when == CB_TS_NONE || when == 0) { jsonl_give_up(); return; }
    int64_t n[4];
    for (int i = 0; i < 4; i++)
      if (!kimicode_count(K.counts[i], &n[i])) { jsonl_give_up(); return; }
    auto real = js_.aliases.find(std::string(alias));
    std::string_view model = real != js_.aliases.end() ? std::string_view(real->second)
                             : !js_.req_model.empty()  ? std::string_view(js_.req_model)
                                                       : std::string_view("kimicode-unknown");
    std::string_view hint = js_.hint;
    size_t nul = hint.find('\0');
    if (nul == std::string_view::npos) { jsonl_give_up(); return; }
    js_.key.assign("kimicode:").append(hint.substr(0, nul)).append(":").append(hint.substr(nul + 1)).append(":")
        .append(std::to_string(st.lines + js_.blank)).append(":").append(std::to_string(js_.usages++));
    const std::string &turn = js_.req_turn;
    auto told = turn.empty() ? js_.prompts.end() : js_.prompts.find(turn);
    // Consecutive calls of one turn share it (a call with no turn is one).
    if (!js_.any_call || turn.empty() || turn != js_.last_step)
      record_turn(when, told != js_.prompts.end() ? told->second : js_.prompt);
    js_.any_call = true;
    js_.last_step = turn;
    record_call(when, model, counted(n[0], n[1], n[2], n[3]), 0, true, true, js_.key);
    record_pending_tools();
  }

  // --- Copilot CLI event logs (providers/copilot.py, an `events.jsonl` read
  // without the session store) ------------------------------------------------
  // Each assistant message with output is a call (output only) and a turn;
  // each session.shutdown gives, per model, the delta of its cumulative
  // input/cache/reasoning counters since the model's previous rollup
  // (counters that went down were reset: the raw values count), a
  // supplementary call. copilot_fold() then moves each rollup into the turn
  // of the nearest message call, as copilot._fold does.
  struct CopilotState {
    std::string model, last_ts, selected;
    bool has_selected = false;
    std::vector<std::pair<std::string, std::string>> running;  // subagents started: (tool call id, name)
    std::vector<bool> running_named;
    std::unordered_map<std::string, std::array<int64_t, 4>> prev;  // model -> its last rollup's counters
    std::unordered_map<std::string, int64_t> legs;                 // model -> its rollups so far
  } cp_;

  void on_copilot() {
    const JsonlLine &L = J_;
    const CopilotLine &C = L.cp;
    if (!L.object || C.repeated || (C.data.t != J_ABSENT && C.data.t != J_OBJ)) { jsonl_give_up(); return; }
    if (L.ts.t == J_STR && !L.ts.s.empty()) cp_.last_ts.assign(L.ts.s.data(), L.ts.s.size());
    if (L.type.t != J_STR) return;
    std::string_view type = L.type.s;
    bool ok = true;
    if (type == "session.start") ok = copilot_model(C.selected);
    else if (type == "session.model_change") ok = copilot_model(C.new_model);
    else if (type == "subagent.selected" || type == "subagent.started" || type == "subagent.completed")
      ok = copilot_subagent(type, C);
    else if (type == "user.message") js_.prompt = C.content.t == J_STR ? L.text : std::string();
    else if (type == "session.shutdown") ok = copilot_rollups(C);
    else if (type == "assistant.message") ok = copilot_message(L, C);
    if (!ok) jsonl_give_up();
  }

  // A model named when given (null: not given); False: not a string.
  bool copilot_model(const JVal &v) {
    if (v.t == J_ABSENT || v.t == J_NULL) return true;
    if (v.t != J_STR) return false;
    cp_.model.assign(v.s.data(), v.s.size());
    return true;
  }

  // Runs nest: a completion ends its own run (by tool call id), or the
  // latest when it names none; `selected` labels calls outside any run.
  bool copilot_subagent(std::string_view type, const CopilotLine &C) {
    bool named = C.agent.t == J_STR;
    std::string name = named ? std::string(C.agent.s) : std::string();
    if (type == "subagent.selected") {
      cp_.has_selected = named;
      cp_.selected = name;
    } else if (type == "subagent.started") {
      cp_.running.emplace_back(C.call_id.t == J_STR ? std::string(C.call_id.s) : std::string(), name);
      cp_.running_named.push_back(named);
    } else {
      bool unknown = false;
      bool truthy = py_truthy(C.call_id, &unknown);
      if (unknown) return false;
      if (!truthy) {
        if (!cp_.running.empty()) {
          cp_.running.pop_back();
          cp_.running_named.pop_back();
        }
      } else if (C.call_id.t == J_STR) {
        for (size_t i = cp_.running.size(); i-- > 0;) {
          if (cp_.running[i].first != C.call_id.s) continue;
          cp_.running.erase(cp_.running.begin() + (std::ptrdiff_t)i);
          cp_.running_named.erase(cp_.running_named.begin() + (std::ptrdiff_t)i);
          break;
        }
      }
    }
    return true;
  }

  bool copilot_message(const JsonlLine &L, const CopilotLine &C) {
    int64_t output;
    if (!jcount(C.output, &output)) return false;
    bool unknown = false;
    if (py_truthy(C.model, &unknown)) {
      if (unknown || C.model.t != J_STR) return false;
      cp_.model.assign(C.model.s.data(), C.model.s.size());
    }
    if ((C.output.t != J_NULL && output == 0) || cp_.model.empty()) return true;  // a null count is a call
    int64_t ts;
    if (!jts(L.ts, &ts)) return false;
    // The id as JavaScript's String() spells it in the reference's key.
    const JVal &m = C.message_id;
    std::string number = m.t == J_INT ? std::to_string(m.i) : std::string();
    std::string_view id = m.t == J_STR ? m.s : m.t == J_ABSENT ? "undefined" : m.t == J_NULL ? "null"
                          : m.t == J_BOOL ? (m.b ? "true" : "false") : m.t == J_INT ? std::string_view(number)
                                                                       : std::string_view();
    if (id.data() == nullptr) return false;  // a float, list or object: the Python reader's
    js_.key.assign("copilot:").append(js_.hint).append(":").append(id.data(), id.size());
    record_turn(ts, js_.prompt);
    js_.prompt.clear();
    Usage u;
    u.output = output;
    u.has_speed = true;
    record_call(ts, cp_.model, u, 0, false, true, js_.key, L.ts.t == J_STR ? L.ts.s : std::string_view());
    // The innermost run's name; a run without one, or none, falls back to `selected`.
    bool top = !cp_.running.empty() && cp_.running_named.back();
    const std::string *sub = top ? &cp_.running.back().second : cp_.has_selected ? &cp_.selected : nullptr;
    if (sub && !sub->empty()) ev_.back().sub = strings.intern(*sub);
    auto &names = jsonl_names_[kind_ - K_JSONL];
    std::string rebuilt;
    for (const CopilotTool &t : C.tools) {
      const JVal &raw = t.name.t != J_ABSENT && t.name.t != J_NULL ? t.name : t.tool_name;
      if (raw.t != J_STR) continue;
      std::string_view native = raw.s;
      size_t dash = native.rfind('-');
      if (!names.count(std::string(native)) && dash != std::string_view::npos && dash > 0 &&
          native.find('_') != std::string_view::npos) {  // an MCP tool `server-name-tool_name`
        rebuilt.assign("mcp__");
        for (char c : native.substr(0, dash)) rebuilt.push_back(c == '-' ? '_' : c);
        rebuilt.append("__").append(native.substr(dash + 1));
        native = rebuilt;
      }
      Tool tool;
      tool.name = canonical_tool(native);
      std::string_view skill = t.skill.t == J_STR ? cursor_py_strip(t.skill.s) : std::string_view();
      if (raw.s == "skill" && !skill.empty()) {
        tool.skill = tool.skill_name = skill;
        tool.has_skill = true;
      }
      if ((raw.s == "bash" || raw.s == "run_in_terminal" || raw.s == "runInTerminal" || raw.s == "runCommand") &&
          t.command.t == J_STR) {
        tool.command = t.command.s;
        tool.has_command = true;
      }
      record_tool(tool);
    }
    return true;
  }

  // copilot_stores.stamp of a session start: epoch ns, ms or s.
  static bool copilot_epoch(const JVal &v, int64_t *out) {
    *out = CB_TS_NONE;
    if (v.t == J_INT) {
      if (v.i > 1000000000000000LL) *out = v.i / 1000000;
      else if (v.i > 1000000000000LL) *out = v.i;
      else if (v.i > 0) *out = v.i * 1000;
      return true;
    }
    if (v.t == J_FLOAT) {
      if (v.d > 1e15) return false;  // Python's float floor division: the Python reader's
      if (v.d > 1e12) *out = (int64_t)v.d;
      else if (v.d > 0) *out = (int64_t)(v.d * 1000);
      return true;
    }
    return v.t != J_STR && v.t != J_BIG;
  }

  // copilot_stores._positive: a number > 0, truncated; else 0.
  static bool copilot_positive(const JVal &v, int64_t *out) {
    *out = 0;
    if (v.t == J_BIG) return false;
    if (v.t == J_INT && v.i > 0) *out = v.i;
    if (v.t == J_FLOAT && v.d > 0) {
      if (v.d >= MAX_TOKENS) return false;
      *out = (int64_t)v.d;
    }
    return (double)*out < MAX_TOKENS;
  }

  bool copilot_rollups(const CopilotLine &C) {
    if (C.metrics.t != J_OBJ) return true;
    int64_t ms = CB_TS_NONE;
    if (!cp_.last_ts.empty()) ms = parse_iso_ms(cp_.last_ts);  // the last stamped event's time
    else if (!copilot_epoch(C.start, &ms)) return false;
    for (const CopilotRollup &m : C.rollups) {
      if (m.model.empty() || m.entry.t != J_OBJ || m.usage.t != J_OBJ) continue;
      std::array<int64_t, 4> now;  // input (cache included), cache read, cache write, reasoning
      for (int i = 0; i < 4; i++)
        if (!copilot_positive(m.counts[i], &now[i])) return false;
      std::string model(m.model);
      auto was = cp_.prev.find(model);
      std::array<int64_t, 4> before{0, 0, 0, 0};
      if (was != cp_.prev.end() && now[0] >= was->second[0]) before = was->second;
      cp_.prev[model] = now;
      int64_t leg = ++cp_.legs[model];
      int64_t d[4];
      for (int i = 0; i < 4; i++) d[i] = std::max<int64_t>(0, now[i] - before[i]);
      int64_t input = std::max<int64_t>(0, d[0] - d[1] - d[2]);
      if (!(input || d[1] || d[2] || d[3])) continue;
      js_.key.assign("copilot:").append(js_.hint).append(":shutdown:").append(model).append(":")
          .append(std::to_string(leg));
      record_turn(ms, "");
      record_call(ms, model, counted(input, 0, d[1], d[2]), d[3], false, true, js_.key, cp_.last_ts);
      ev_.back().light = true;
    }
    return true;
  }

  // copilot._fold on the file's events (a turn and a call each): a rollup
  // joins the turn of the nearest message call (ties: the earlier) within
  // 30 minutes on the same local day, after it and its other rollups; the
  // rest keep turns of their own, at the end. A message call that got
  // rollups shares its turn with the previous call when that one's turn
  // was named by the same key (a repeated message id).
  void copilot_fold() {
    static const int64_t WINDOW = 30 * 60 * 1000;
    std::vector<std::pair<int64_t, int32_t>> anchors;  // (time, event) of each message call
    for (size_t i = 0; i < ev_.size(); i++)
      if (ev_[i].kind == E_CALL && !ev_[i].light && ev_[i].ts != CB_TS_NONE)
        anchors.emplace_back(ev_[i].ts, (int32_t)i);
    std::sort(anchors.begin(), anchors.end());
    std::unordered_map<int32_t, std::vector<int32_t>> joined;
    std::vector<int32_t> alone;
    for (size_t i = 0; i < ev_.size(); i++) {
      const Event &e = ev_[i];
      if (e.kind != E_CALL || !e.light) continue;
      int32_t at = -1;
      if (e.ts != CB_TS_NONE && !anchors.empty()) {
        auto lo = std::lower_bound(anchors.begin(), anchors.end(), std::make_pair(e.ts, (int32_t)-1));
        const std::pair<int64_t, int32_t> *best = nullptr;
        auto gap = [&](int64_t t) { return t > e.ts ? t - e.ts : e.ts - t; };
        if (lo != anchors.begin()) best = &*(lo - 1);
        if (lo != anchors.end() && (!best || gap(lo->first) < gap(best->first))) best = &*lo;
        if (gap(best->first) <= WINDOW && local_day(best->first) == local_day(e.ts)) at = best->second;
      }
      if (at < 0) alone.push_back((int32_t)i);
      else joined[at].push_back((int32_t)i);
    }
    if (joined.empty() && alone.empty()) return;
    std::vector<Event> out;
    out.reserve(ev_.size());
    bool named = false;  // the last call's turn is named by its key (prev_key)
    Key128 prev_key{0, 0};
    for (size_t i = 0; i < ev_.size(); i++) {
      const Event &e = ev_[i];
      if (e.kind != E_CALL || e.light) continue;
      auto extra = joined.find((int32_t)i);
      bool shares = extra != joined.end() && named && prev_key == e.key;
      if (!shares && i > 0 && ev_[i - 1].kind == E_USER_TEXT) out.push_back(ev_[i - 1]);
      out.push_back(e);
      named = extra != joined.end();
      prev_key = e.key;
      if (named)
        for (int32_t j : extra->second) out.push_back(ev_[(size_t)j]);
    }
    for (int32_t j : alone) {
      out.push_back(ev_[(size_t)j - 1]);
      out.push_back(ev_[(size_t)j]);
    }
    ev_.swap(out);
  }

  // (year, day of the year) of epoch ms in local time, as time.localtime.
  static int64_t local_day(int64_t ms) {
    time_t t = (time_t)(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000));
    struct tm tm;
    if (!localtime_r(&t, &tm)) return INT64_MIN;
    return (int64_t)tm.tm_year * 1000 + tm.tm_yday;
  }

  // The tool calls since the last call (Kimi's, Kimi Code's), as the last
  // call's tools.
  void record_pending_tools() {
    for (size_t i = 0; i < js_.tools.size(); i++) {
      Tool tool;
      tool.name = canonical_tool(js_.tools[i].first);
      tool.command = js_.tools[i].second;
      tool.has_command = js_.tool_has_command[i];
      record_tool(tool);
    }
    js_.tools.clear();
    js_.tool_has_command.clear();
  }

  // kimi.py _first_positive: the first key holding a positive count (a
  // number, truncated; 0 beyond 1e15). False: a numeric string or a count
  // the columns do not hold (the Python reader's).
  static bool kimi_first_positive(const JVal *counts, const int *keys, int64_t *out) {
    *out = 0;
    for (int i = 0; i < 4 && keys[i] >= 0; i++) {
      const JVal &c = counts[keys[i]];
      double n;
      if (c.t == J_INT) n = (double)c.i;
      else if (c.t == J_FLOAT) n = c.d;
      else if (c.t == J_STR) return false;
      else continue;  // absent, null, a bool, a list or object; an integer beyond int64 (capped to 0)
      if (!(n >= 0) || n > 1e15) continue;
      int64_t whole = c.t == J_INT ? c.i : (int64_t)n;
      if (whole <= 0) continue;
      if ((double)whole >= MAX_TOKENS) return false;
      *out = whole;
      return true;
    }
    return true;
  }

  // A ToolCall / ToolCallRequest: function.name, else name; a shell tool's
  // command from its JSON-string arguments (one tool per name, its
  // commands joined, when the call is recorded).
  void kimi_tool(const KimiLine &K) {
    std::string_view name = K.fn_name.t == J_STR && !K.fn_name.s.empty() ? K.fn_name.s
                            : K.name.t == J_STR && !K.name.s.empty()     ? K.name.s
                                                                         : std::string_view();
    if (name.empty()) return;
    std::string command;
    bool has = false;
    if (name == "Shell" || name == "Bash" || name == "bash") {
      std::string_view args = K.fn_args.t == J_STR && !K.fn_args.s.empty() ? K.fn_args.s
                              : K.args.t == J_STR                            ? K.args.s
                                                                             : std::string_view();
      if (!args.empty() && !kimi_command(args, &command, &has)) { jsonl_give_up(); return; }
    }
    // Once per canonical name, as the reference keeps a set of mapped names
    // (`Shell` and `Bash` in one step are one Bash).
    std::string_view wanted = canonical_tool(name);
    for (size_t i = 0; i < js_.tools.size(); i++) {
      if (canonical_tool(js_.tools[i].first) != wanted) continue;
      if (has && !command.empty()) {  // jsonfiles.unique_tools: later runs joined
        std::string &kept = js_.tools[i].second;
        kept = kept.empty() ? command : kept + " ; " + command;
        js_.tool_has_command[i] = true;
      }
      return;
    }
    js_.tools.emplace_back(std::string(name), command);
    js_.tool_has_command.push_back(has);
  }

  // `command` of a JSON-string arguments object (non-empty string only).
  // False: arguments simdjson rejects (Python's json may not).
  bool kimi_command(std::string_view args, std::string *out, bool *has) {
    std::string buf(args);
    buf.append(PAD, ' ');
    od::document doc;
    if (args_parser_.iterate(buf.data(), args.size(), buf.size()).get(doc) != SUCCESS) return false;
    od::json_type t;
    if (doc.type().get(t) != SUCCESS) return false;
    if (t != od::json_type::object) {
      std::string_view raw;
      return doc.raw_json_token().get(raw) == SUCCESS;  // a scalar or list: no command
    }
    od::object o;
    if (doc.get_object().get(o) != SUCCESS) return false;
    JVal command;
    for (auto field : o) {
      od::field fld;
      if (std::move(field).get(fld) != SUCCESS) return false;
      if (fld.key() == "command" && jcapture(fld.value(), command)) return false;
    }
    if (!doc.at_end()) return false;
    *has = command.t == J_STR && !command.s.empty();
    if (*has) out->assign(command.s.data(), command.s.size());
    return true;
  }

  // OpenClaw (providers/openclaw.py): every assistant message with a usage
  // is a call (zero counts too) and a turn of its own; its model is its
  // own, else the last model_change / model-snapshot's; its time its own,
  // else the session record's (epoch ms or ISO, dropped before 2001); its
  // prompt the first text of the first user message since the last call.
  // Keys name the file's last session id, so they are set at its end.
  void on_openclaw() {
    const JsonlLine &L = J_;
    if (!L.object) { jsonl_give_up(); return; }
    if (jstr(L.type, "session")) {
      if (L.rec_id.t == J_STR && !L.rec_id.s.empty()) js_.sid.assign(L.rec_id.s.data(), L.rec_id.s.size());
      else js_.sid = js_.hint;
      js_.start.set(L.ts);
      return;
    }
    if (jstr(L.type, "model_change") || (jstr(L.type, "custom") && jstr(L.custom_type, "model-snapshot"))) {
      const JVal &m = jstr(L.type, "custom") ? L.data_model_id : L.model_id;
      if (m.t == J_STR && !m.s.empty()) js_.model.assign(m.s.data(), m.s.size());
      return;
    }
    if (!jstr(L.type, "message")) return;
    if (L.message.t != J_OBJ) { jsonl_give_up(); return; }
    if (jstr(L.role, "user")) {
      if (js_.prompt.empty() && L.text_set) js_.prompt = L.text;
      return;
    }
    bool unknown = false;
    bool usage = L.usage.t == J_OBJ ? L.usage_fields > 0 : py_truthy(L.usage, &unknown);
    if (!jstr(L.role, "assistant") || (!usage && !unknown)) return;
    if (unknown || (L.usage.t == J_OBJ && L.counts_bad)) { jsonl_give_up(); return; }
    const JVal &when = L.ts.t == J_ABSENT || L.ts.t == J_NULL ? js_.start.view() : L.ts;
    int64_t ts = CB_TS_NONE;
    if (when.t == J_INT) ts = when.i;
    else if (when.t == J_FLOAT) {
      if (!(when.d < 9e18 && when.d > -9e18)) { jsonl_give_up(); return; }
      ts = (int64_t)when.d;
    } else if (when.t == J_STR) jts(when, &ts);
    else if (when.t == J_BIG) { jsonl_give_up(); return; }
    if (ts != CB_TS_NONE && ts < 1000000000000LL) ts = CB_TS_NONE;  // before 2001: dropped
    int64_t ordinal = js_.usages++;
    std::string prompt;
    prompt.swap(js_.prompt);  // taken by this call, kept or not
    if (ts == CB_TS_NONE) return;
    bool obj = L.usage.t == J_OBJ;  // any other truthy usage is a call of zeros
    Usage u = obj ? counted(L.counts[0], L.counts[1], L.counts[2], L.counts[3]) : counted(0, 0, 0, 0);
    std::string_view model = L.msg_model.t == J_STR ? L.msg_model.s : std::string_view(js_.model);
    if (model.empty()) model = "openclaw-auto";
    record_turn(ts, prompt);
    record_call(ts, model, u, 0, false, true, "");
    js_.pending_keys.emplace_back((int32_t)ev_.size() - 1, L.rec_id.t == J_STR && !L.rec_id.s.empty()
                                                               ? std::string(L.rec_id.s) : std::to_string(ordinal));
    // Each canonical name once (the reference keeps a set of mapped names:
    // `exec` and `bash` in one message are one Bash); the commands of its
    // shell runs joined.
    uses_.clear();
    for (const JsonlTool &t : L.tools) {
      std::string_view canonical = canonical_tool(t.name.s);
      JsonlUse *use = nullptr;
      for (JsonlUse &x : uses_)
        if (x.canonical == canonical) { use = &x; break; }
      bool shell = t.name.s == "bash" || t.name.s == "exec";
      bool has = shell && t.command.t == J_STR;
      if (!use) {
        uses_.emplace_back();
        use = &uses_.back();
        use->canonical = canonical;
        use->native = t.name.s;
        use->has_command = has;
        if (has) use->command.assign(t.command.s.data(), t.command.s.size());
      } else if (has && !t.command.s.empty()) {
        if (!use->command.empty()) use->command.append(" ; ");
        use->command.append(t.command.s.data(), t.command.s.size());
        use->has_command = true;
      }
    }
    for (const JsonlUse &x : uses_) {
      Tool tool;
      tool.name = x.canonical;
      tool.command = x.command;
      tool.has_command = x.has_command;
      record_tool(tool);
    }
  }

  // Pi and OMP (providers/pi.py): a `session` record among the first 20
  // non-empty lines makes the file a session (its cwd names the project);
  // each assistant message with a non-empty usage whose input or output is
  // non-zero is a call and a turn of its own, keyed by the file's path.
  void on_pi() {
    const JsonlLine &L = J_;
    bool message = jstr(L.type, "message");
    if (!L.object || (message && L.message.t != J_OBJ)) { jsonl_give_up(); return; }
    if (!js_.header) {
      if (st.lines > 20) { jsonl_give_up(); return; }  // not a session past its head: left to the reader
      if (jstr(L.type, "session")) {
        js_.header = true;
        if (L.cwd.t == J_STR) {
          if (L.cwd.s.empty()) { jsonl_give_up(); return; }
          first_cwd.assign(L.cwd.s.data(), L.cwd.s.size());  // the project is its basename (pi.py)
        }
      }
    }
    if (!js_.started) {
      std::string_view stem = pi_stem(js_.hint);
      if (stem.empty()) { jsonl_give_up(); return; }
      js_.current.assign(stem.data(), stem.size());
      js_.started = true;
    }
    if (jstr(L.type, "session")) {
      if (L.rec_id.t == J_STR) js_.current.assign(L.rec_id.s.data(), L.rec_id.s.size());
      return;
    }
    if (!message) return;
    if (jstr(L.role, "user")) {
      if (L.text_set) js_.prompt = L.text;
      return;
    }
    if (!jstr(L.role, "assistant") || L.usage.t != J_OBJ || L.usage_fields == 0) return;
    if (L.counts_bad) { jsonl_give_up(); return; }
    if (L.counts[0] == 0 && L.counts[1] == 0) return;
    if (!js_.any_call) js_.sid = js_.current;
    else if (js_.current != js_.sid) { jsonl_give_up(); return; }  // a second session in the file: the reader's
    int64_t ts;
    if (!jts(L.ts, &ts)) { jsonl_give_up(); return; }
    // The key: the first non-empty of responseId, the record's id, its
    // timestamp; else the line's index among the non-blank lines.
    std::string_view ident;
    for (const JVal *v : {&L.response_id, &L.rec_id, &L.ts})
      if (v->t == J_STR && !v->s.empty()) { ident = v->s; break; }
    std::string index;
    if (ident.empty()) { index = std::to_string(st.lines - 1); ident = index; }
    js_.key.assign(JSONL_FORMATS[kind_ - K_JSONL].provider).append(":").append(js_.hint).append(":")
        .append(ident.data(), ident.size());
    js_.any_call = true;
    std::string_view model = L.msg_model.t == J_STR ? L.msg_model.s : std::string_view("gpt-5");
    record_turn(ts, js_.prompt);
    record_call(ts, model, counted(L.counts[0], L.counts[1], L.counts[2], L.counts[3]), 0, false, true, js_.key,
                L.ts.t == J_STR ? L.ts.s : std::string_view());  // its time as written (the reference shows it)
    js_.prompt.clear();
    for (const JsonlTool &t : L.tools) {
      std::string_view path = t.path.t == J_STR ? t.path.s : std::string_view();
      std::string_view skill;
      if (t.name.s == "read" && t.path.t == J_STR && !pi_skill(path, &skill)) { jsonl_give_up(); return; }
      Tool tool;
      std::string_view name = skill.empty() ? t.name.s : std::string_view("Skill");
      tool.name = canonical_tool(name);
      if (!skill.empty()) {
        tool.skill = tool.skill_name = skill;
        tool.has_skill = true;
      } else {
        tool.has_file = t.path.t == J_STR;
        tool.file_path = path;
        tool.has_command = t.name.s == "bash" && t.command.t == J_STR;
        if (tool.has_command) tool.command = t.command.s;
      }
      record_tool(tool);
    }
  }

  // The session id a Pi file starts with: its basename less ".jsonl"
  // (empty: a name the Python reader cuts otherwise).
  static std::string_view pi_stem(std::string_view path) {
    size_t slash = path.rfind('/');
    std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
    if (base.size() <= 6 || base.substr(base.size() - 6) != ".jsonl") return {};
    for (char c : base)
      if ((unsigned char)c >= 0x80) return {};  // Python slices characters, not bytes
    return base.substr(0, base.size() - 6);
  }

  // pi.py _skill: a `read` of `<skill>/SKILL.md` or `skill://<skill>` loads
  // a skill (*out empty: none). False: a path whose ends are not ASCII
  // (Python strips Unicode spaces, which we do not reproduce).
  static bool pi_skill(std::string_view path, std::string_view *out) {
    *out = {};
    if (!path.empty() && ((unsigned char)path.front() >= 0x80 || (unsigned char)path.back() >= 0x80)) return false;
    path = py_strip(path);
    if (path.empty()) return true;
    if (path.substr(0, 8) == "skill://") {
      std::string_view rest = path.substr(8);
      while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
      size_t cut = rest.find_first_of("/?#");
      if (cut != std::string_view::npos) rest = rest.substr(0, cut);
      if (!rest.empty() && ((unsigned char)rest.front() >= 0x80 || (unsigned char)rest.back() >= 0x80)) return false;
      *out = py_strip(rest);
      return true;
    }
    // The last two non-empty parts of the path ('\\' read as '/').
    std::string_view last, before;
    size_t i = path.size();
    while (i > 0 && before.empty()) {
      size_t end = i;
      while (i > 0 && path[i - 1] != '/' && path[i - 1] != '\\') i--;
      std::string_view part = path.substr(i, end - i);
      if (i > 0) i--;
      if (part.empty()) continue;
      if (last.empty()) last = part;
      else before = part;
    }
    if (last != "SKILL.md" || before.empty()) return true;
    if ((unsigned char)before.front() >= 0x80 || (unsigned char)before.back() >= 0x80) return false;
    *out = py_strip(before);
    return true;
  }

  // str.strip() for ASCII text.
  static std::string_view py_strip(std::string_view s) {
    auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f); };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
  }

  void on_gemini() {
    const JsonlLine &L = J_;
    if (!L.object || L.has_messages) { jsonl_give_up(); return; }  // a whole-JSON session: the reader's
    if (L.has_set) return;  // a metadata patch
    if (!js_.header && js_truthy(L.sid) && js_truthy(L.start)) {
      if (L.sid.t != J_STR) { jsonl_give_up(); return; }
      js_.header = true;
      js_.sid.assign(L.sid.s.data(), L.sid.s.size());
      js_.start.set(L.start);
      return;
    }
    if (!js_truthy(L.id) || !js_truthy(L.type)) return;  // not a message
    if (!js_.header || L.id.t != J_STR) { jsonl_give_up(); return; }
    if (jstr(L.type, "user")) {
      if (L.text_bad) { jsonl_give_up(); return; }
      if (L.text_set) js_.prompt = L.text;
      js_.turn = js_.turn_no++;
      return;
    }
    if (!jstr(L.type, "gemini") || !js_truthy(L.usage) || !js_truthy(L.model)) return;
    if (L.model.t != J_STR || L.usage.t != J_OBJ || L.counts_bad) { jsonl_give_up(); return; }
    int64_t total_in = L.counts[0], out = L.counts[1], cached = L.counts[2], thoughts = L.counts[3];
    if (!(total_in || out || cached || thoughts)) return;
    // `timestamp or startTime`, by Python truthiness.
    bool unknown = false;
    bool own = py_truthy(L.ts, &unknown);
    if (unknown) { jsonl_give_up(); return; }
    int64_t ts;
    if (!jts_date(own ? L.ts : js_.start.view(), &ts)) { jsonl_give_up(); return; }
    if (ts == CB_TS_NONE || ts < 1000000000000LL) return;  // the reference drops calls before 2001-09-09
    Usage u;
    u.input = total_in > cached ? total_in - cached : 0;
    u.output = out;
    u.cache_read = cached;
    js_.key.assign("gemini:").append(js_.sid).append(":").append(L.id.s.data(), L.id.s.size());
    bool opens = !js_.any_call || js_.turn != js_.last_turn;
    js_.any_call = true;
    js_.last_turn = js_.turn;
    jsonl_call(ts, L.model.s, u, thoughts, opens, js_.prompt);
  }

  void on_qwen() {
    const JsonlLine &L = J_;
    if (!L.object) { jsonl_give_up(); return; }
    if (jstr(L.type, "user") && js_truthy(L.message)) {
      if (L.message.t == J_OBJ) {
        if (L.parts_bad || L.text_bad) { jsonl_give_up(); return; }
        if (L.text_set) js_.prompt = L.text;
      }
      return;
    }
    if (!jstr(L.type, "assistant") || !js_truthy(L.usage)) return;
    if (L.usage.t != J_OBJ || L.counts_bad) { jsonl_give_up(); return; }
    int64_t prompt = L.counts[0], candidates = L.counts[1], cached = L.counts[2], thoughts = L.counts[3];
    if (!prompt && !candidates) return;
    if (L.message.t == J_OBJ && L.parts_bad) { jsonl_give_up(); return; }
    int64_t ts;
    if (!jts(L.ts, &ts)) { jsonl_give_up(); return; }
    std::string_view sid = L.sid.t == J_STR && !L.sid.s.empty() ? L.sid.s : std::string_view(js_.hint);
    if (!js_.any_call) js_.sid.assign(sid.data(), sid.size());
    else if (sid != js_.sid) { jsonl_give_up(); return; }  // several sessions in one file: the reader's
    std::string_view uuid;
    if (L.uuid.t == J_STR) uuid = L.uuid.s;
    else if (L.uuid.t == J_ABSENT || L.uuid.t == J_NULL) uuid = "None";  // Python's f-string of None
    else { jsonl_give_up(); return; }
    js_.key.assign("qwen:").append(sid.data(), sid.size()).append(":").append(uuid.data(), uuid.size());
    js_.any_call = true;
    Usage u;
    u.input = prompt;
    u.output = candidates;
    u.cache_read = cached;
    std::string_view model = L.model.t == J_STR && !L.model.s.empty() ? L.model.s : std::string_view("qwen-auto");
    jsonl_call(ts, model, u, thoughts, true, js_.prompt, L.ts.t == J_STR ? L.ts.s : std::string_view());
    js_.prompt.clear();  // (every call is a turn of its own; its time as written, as the reference shows it)
  }

  // One call and its tools, counted once per canonical name (a shell's
  // commands joined into one command line), as logfiles.unique_tools does.
  struct JsonlUse {
    std::string_view canonical, native;
    std::string command;
    bool has_command = false;
  };
  std::vector<JsonlUse> uses_;

  void jsonl_call(int64_t ts, std::string_view model, Usage u, int64_t reasoning, bool opens,
                  const std::string &prompt, std::string_view raw = std::string_view()) {
    const JsonlLine &L = J_;
    auto &names = jsonl_names_[kind_ - K_JSONL];
    if (opens) record_turn(ts, prompt);
    u.has_speed = true;
    record_call(ts, model, u, reasoning, false, true, js_.key, raw);
    uses_.clear();
    for (const JsonlTool &t : L.tools) {
      JVal native;
      if (kind_ == K_GEMINI) {
        // The display name when the table maps it, else the name when
        // mapped, else the display name as it is (when given).
        if (t.display.t == J_STR && names.count(std::string(t.display.s))) native = t.display;
        else if (t.name.t == J_STR && names.count(std::string(t.name.s))) native = t.name;
        else native = t.display.t != J_ABSENT && t.display.t != J_NULL ? t.display : t.name;
      } else {
        native = t.name;
      }
      if (native.t != J_STR) continue;
      std::string_view canonical = canonical_tool(native.s);
      JsonlUse *use = nullptr;
      for (JsonlUse &x : uses_)
        if (x.canonical == canonical) { use = &x; break; }
      if (!use) {
        uses_.emplace_back();
        use = &uses_.back();
        use->canonical = canonical;
        use->native = native.s;
      }
      if (canonical == "Bash" && t.command.t == J_STR) {
        if (use->has_command) use->command.append("; ");
        use->command.append(t.command.s.data(), t.command.s.size());
        use->has_command = true;
      }
    }
    for (const JsonlUse &x : uses_) {
      Tool t;
      t.name = x.canonical;
      t.command = x.command;
      t.has_command = x.has_command;
      record_tool(t);
    }
  }

  int32_t file_idx_ = 0;
  Settled settled_;           // read_path: how the file stood when read whole
  // read_path of a file from its start: the bytes read so far (-1: not
  // kept), the first EDGE_BYTES of them and the last EDGE_BYTES, for
  // settle() to vouch for the file without reading its edges again.
  int64_t edges_read_ = -1;
  char edge_head_[EDGE_BYTES];
  char edge_tail_[EDGE_BYTES];

  void keep_edges(const char *p, size_t got) {
    if (edges_read_ < EDGE_BYTES) {
      size_t k = std::min(got, (size_t)(EDGE_BYTES - edges_read_));
      memcpy(edge_head_ + edges_read_, p, k);
    }
    if (got >= (size_t)EDGE_BYTES) {
      memcpy(edge_tail_, p + got - EDGE_BYTES, EDGE_BYTES);
    } else {  // (the tail is right-aligned: its last byte is the last byte read)
      memmove(edge_tail_, edge_tail_ + got, EDGE_BYTES - got);
      memcpy(edge_tail_ + (EDGE_BYTES - got), p, got);
    }
    edges_read_ += (int64_t)got;
  }

#ifndef _WIN32
  static bool same_file(const struct stat &a, const struct stat &b) {
#ifdef __APPLE__
    bool times = a.st_mtimespec.tv_sec == b.st_mtimespec.tv_sec && a.st_mtimespec.tv_nsec == b.st_mtimespec.tv_nsec &&
                 a.st_ctimespec.tv_sec == b.st_ctimespec.tv_sec && a.st_ctimespec.tv_nsec == b.st_ctimespec.tv_nsec;
#else
    bool times = a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec &&
                 a.st_ctim.tv_sec == b.st_ctim.tv_sec && a.st_ctim.tv_nsec == b.st_ctim.tv_nsec;
#endif
    return times && a.st_dev == b.st_dev && a.st_ino == b.st_ino && a.st_size == b.st_size;
  }
#endif
  bool deferred_ = false;     // decode_codex: calls become events, adopt() emits them
  bool serial_only_ = false;  // decode_codex: the file repeats one of its dedup keys
  KeySet own_keys_;  // decode_codex: this file's keys so far
  bool stop_ = false;      // the rest of the file is not read (not a session of its kind)
  bool dropping_ = false;  // inside a long line known to be useless: skip to its newline
  // The current line is over 32 KiB, which the reference reads with its field
  // scanner instead of JSON.parse (Claude: spec classifier §3.3; Codex: §1.2).
  bool scanned_ = false;
  int64_t cwd_run_ = -1;           // the file's E_CWD event the last record with a folder joined
  const char *line_p_ = nullptr;  // the current line as decoded (a huge one's skeleton)
  std::string fixed_;              // a line not in UTF-8, as decoded with replacements
  size_t line_n_ = 0;
  CodexLine C_;
  CodexState cx_;
  od::parser args_parser_;
  std::string corr_buf_;  // an assistant line's text blocks, joined
  std::vector<int32_t> prior_ids_;  // decode_file resuming: the cached part's string table, as ids here
  uint64_t zoneless_at_ = 0;  // cb::zoneless_here when the file began: a decode past it read a zone-less time
  uint64_t prior_zone_ = 0;   // decode_file resuming: the cached part's zone stamp

  void begin_file(int32_t file_idx, int kind, const std::string &session_hint) {
    st = FileStats();
    settled_ = Settled();
    file_idx_ = file_idx;
    kind_ = kind;
    carry_prompt_ = kind == K_QWEN || kind == K_COPILOT;
    corr_seen_.clear();
    stop_ = dropping_ = false;
    serial_only_ = false;
    own_keys_.clear();
    prior_ids_.clear();
    zoneless_at_ = cb::zoneless_here;
    prior_zone_ = 0;
    cx_ = CodexState();
    branch_noted_ = false;
    cx_.session = cx_.basename = session_hint;
    if (is_jsonl_kind(kind)) {
      js_ = JsonlState();
      cp_ = CopilotState();
      js_.hint = session_hint;
      // Gemini CLI and Qwen Code count a command once per call; the others
      // each time (their modules' UNIQUE_SHELL).
      records_unique_shell_ = kind == K_GEMINI || kind == K_QWEN || kind == K_OPENCLAW || kind == K_KIMI;
    }
    // Every JSONL records format keeps a call's tool names only (no tool
    // sequence in the reference); Claude and Codex keep one step per tool.
    step_mode_ = is_jsonl_kind(kind) ? STEPS_PER_CALL_NAMES : STEPS_PER_TOOL;
    session.clear();
    first_cwd.clear();
    cwd_run_ = -1;
    ev_.clear();
    tools_.clear();
    shell_.clear();
    ftext_.clear();
    by_id_.clear();
    reducing_ = false;
    red_.reset();
  }

  // Reads the file at `path` from byte `offset` (a line start) to its end;
  // a failure to open, seek or read is kept in st.io_error.
  void read_path(const char *path, int64_t offset = 0) {
    InFile f;
    if (!f.open(path)) { st.io_error = errno ? errno : EIO; return; }
    edges_read_ = offset ? -1 : 0;  // (read_loop keeps the edges of a file read from its start)
    if (offset && !f.seek(offset)) st.io_error = errno ? errno : EIO;
    else read_loop(f, -1, offset);
    settled_ = Settled();
    if (!st.io_error) settle(f);
    edges_read_ = -1;
  }

  // settled_ for f, just read to its end: its stat now, and the CRCs of
  // its edges when it ends in a newline. (POSIX only: elsewhere filecache
  // works it out itself.)
  void settle(InFile &f) {
#ifndef _WIN32
    struct stat sb;
    if (fstat(f.fd(), &sb) != 0 || !S_ISREG(sb.st_mode)) return;
    int64_t size = (int64_t)sb.st_size, n = size < EDGE_BYTES ? size : EDGE_BYTES;
    char head_buf[EDGE_BYTES], tail_buf[EDGE_BYTES];
    const char *head = head_buf, *tail = head_buf;  // a file of at most EDGE_BYTES is its own tail
    if (edges_read_ == size && same_file(sb, f.opened())) {
      // Read whole from its start, and as it was when opened: its edges
      // are the bytes read (two preads a file saved).
      head = edge_head_;
      tail = edge_tail_ + (EDGE_BYTES - n);
    } else {
      if (n && !f.pread_all(head_buf, (size_t)n, 0)) return;
      if (size > EDGE_BYTES) {
        if (!f.pread_all(tail_buf, (size_t)n, size - n)) return;
        tail = tail_buf;
      }
    }
    if (n && tail[n - 1] != '\n') return;
    settled_.ok = true;
    settled_.dev = (uint64_t)sb.st_dev;
    settled_.ino = (uint64_t)sb.st_ino;
    settled_.size = size;
#ifdef __APPLE__
    settled_.mtime_ns = time_ns(sb.st_mtimespec.tv_sec, sb.st_mtimespec.tv_nsec);
#else
    settled_.mtime_ns = time_ns(sb.st_mtim.tv_sec, sb.st_mtim.tv_nsec);
#endif
    settled_.head_crc = crc32(head, (size_t)n);
    settled_.tail_crc = size > EDGE_BYTES ? crc32(tail, (size_t)n) : settled_.head_crc;
#else
    (void)f;
#endif
  }

  // Reads f from byte `pos` to its end, or `limit` bytes when limit >= 0.
  // Each block is placed so that the bytes read land at the same offset
  // within a page as they have in the file: the kernel's copy out of the
  // page cache is then page to page, while a destination a few bytes past
  // its source's page offset (4K aliasing) made it 3-4 times slower
  // (measured: 0.27 s against 0.13 s of system time for 535 MB).
  void read_loop(InFile &f, int64_t limit = -1, int64_t pos = 0) {
    size_t carry = 0;
    blk_ = buf_;
    for (;;) {
      char *at = buf_ + (size_t)((pos - (int64_t)carry) & (int64_t)(PAGE - 1));
      if (at != blk_) {
        memmove(at, blk_, carry);
        blk_ = at;
      }
      size_t want = BLOCK - carry;
      if (limit >= 0 && (int64_t)want > limit) want = (size_t)limit;
      size_t got = want ? f.read(blk_ + carry, want) : 0;
      if (limit >= 0) limit -= (int64_t)got;
      pos += (int64_t)got;
      if (edges_read_ >= 0 && got) keep_edges(blk_ + carry, got);
      if (got == 0) {
        if (f.error()) st.io_error = f.error_code();
        finish_tail(carry);
        return;
      }
      st.bytes += (int64_t)got;
      carry = split_block(carry + got);
      if (stop_) return;
    }
  }

  // The first line start at or after byte p: p itself when a line ends
  // just before it, else the byte after the next newline (or the end of
  // the file). -1 on a read error.
  int64_t line_start(InFile &f, int64_t p) {
    if (p <= 0) return 0;
    if (!f.seek(p - 1)) return -1;
    char *dst = buf_ + (size_t)((p - 1) & (int64_t)(PAGE - 1));  // page-congruent, as in read_loop
    for (int64_t at = p - 1;;) {
      size_t got = f.read(dst, SEEK_BLOCK);  // lines are short: do not read a whole block to find the end
      if (got == 0) return f.error() ? -1 : at;
      const char *q = (const char *)memchr(dst, '\n', got);
      if (q) return at + (q - dst) + 1;
      at += (int64_t)got;
    }
  }

  void finish_file() {
    if (is_jsonl_kind(kind_)) {
      jsonl_end();
      if (!st.not_session && kind_ == K_COPILOT) copilot_fold();
      if (!st.not_session) end_file(file_idx_, seen_keys_);
      return;
    }
    if (kind_ == K_CODEX) codex_end();
    else end_file(file_idx_);
  }

  // Processes every complete line in blk_[0:end); returns how many bytes of
  // an unfinished line were moved to the front of the buffer.
  size_t split_block(size_t end) {
    size_t p = 0;
    if (dropping_) {
      const char *q = (const char *)memchr(blk_, '\n', end);
      if (!q) return 0;
      dropping_ = false;
      p = (size_t)(q - blk_) + 1;
    } else if (reducing_) {
      const char *q = (const char *)memchr(blk_, '\n', end);
      if (!q) { red_.feed(blk_, end); return 0; }
      red_.feed(blk_, (size_t)(q - blk_));
      finish_reduced(false);
      p = (size_t)(q - blk_) + 1;
    }
    while (p < end) {
      const char *q = (const char *)memchr(blk_ + p, '\n', end - p);
      if (!q) break;
      size_t e = (size_t)(q - blk_);
      line(blk_ + p, e - p, BLOCK + PAD - p, false);
      p = e + 1;
    }
    size_t rest = end - p;
    if (rest > DIRECT_MAX && !stop_ && ((kind_ == K_CODEX && cx_.validated && codex_skippable(blk_ + p, rest)) ||
                                        (kind_ == K_QWEN && qwen_skippable(blk_ + p, rest)) ||
                                        (kind_ == K_COPILOT && copilot_skippable(blk_ + p, rest)) ||
                                        (is_pi_kind(kind_) && pi_skippable(blk_ + p, rest)))) {
      st.lines++;
      dropping_ = true;
      return 0;
    }
    if (rest > DIRECT_MAX && kind_ == K_CODEX && !cx_.validated && !stop_) {  // (codex_unreadable_head)
      cx_.validated = true;
      st.not_session = 1;
      stop_ = true;
      return 0;
    }
    if (rest > DIRECT_MAX) {  // a line longer than we parse in place: stream it
      reducing_ = true;
      red_.reset();
      red_.feed(blk_ + p, rest);
      return 0;
    }
    memmove(blk_, blk_ + p, rest);
    return rest;
  }

  void finish_tail(size_t carry) {
    if (dropping_ || stop_) return;
    if (reducing_) { finish_reduced(true); return; }
    if (carry) line(blk_, carry, BLOCK + PAD, true);
  }

  void line(const char *p, size_t n, size_t cap, bool tail) {
    // A line of just "\r" is not blank to Pi's header search: its reader's.
    if (n == 1 && p[0] == '\r' && !stop_ && is_pi_kind(kind_)) { jsonl_give_up(); return; }
    if (kind_ == K_CODEX && !cx_.validated && !stop_ && codex_unreadable_head(p, n)) {
      cx_.validated = true;  // the reference parses the file's very first line as it stands
      st.not_session = 1;
      stop_ = true;
      return;
    }
    if (n == 0 || (n == 1 && p[0] == '\r')) { js_.blank++; return; }
    if (stop_) return;
    if (kind_ == K_CLAUDE && n <= CLAUDE_WHOLE_PARSE_MAX && starts_with_bom(p, n)) {
      st.lines++;  // not JSON to the reference: skipped and counted as any broken line
      on_decoded(L_INVALID, tail);
      return;
    }
    if (kind_ == K_CODEX && cx_.validated && codex_skippable(p, n)) { st.lines++; return; }  // the first line is always parsed
    if (kind_ == K_QWEN && qwen_skippable(p, n)) { st.lines++; return; }
    if (kind_ == K_COPILOT && copilot_skippable(p, n)) { st.lines++; return; }
    if (is_pi_kind(kind_) && pi_skippable(p, n)) { st.lines++; return; }
    if (tail && is_jsonl_kind(kind_) && jsonl_tail(p, n)) return;
    if (n > DIRECT_MAX) {
      red_.reset();
      red_.feed(p, n);
      finish_reduced(tail);
      return;
    }
    st.lines++;
    scanned_ = n > CLAUDE_WHOLE_PARSE_MAX;
    line_p_ = p;
    line_n_ = n;
    on_decoded(decode(p, n, cap), tail);
  }

  int decode(const char *p, size_t n, size_t cap) {
    int status = decode_as_is(p, n, cap);
    if (status != L_INVALID || simdjson::validate_utf8(p, n)) return status;
    // Not UTF-8: decoded again as the reference sees it (utf8_replace).
    fixed_.clear();
    utf8_replace(p, n, fixed_);
    size_t m = fixed_.size();
    fixed_.append(PAD, ' ');
    line_p_ = fixed_.data();
    line_n_ = m;
    return decode_as_is(fixed_.data(), m, fixed_.size());
  }

  int decode_as_is(const char *p, size_t n, size_t cap) {
    if (is_jsonl_kind(kind_)) return decode_jsonl_line(parser_, p, n, cap, kind_ - K_JSONL, J_);
    return kind_ == K_CODEX ? decode_codex_line(parser_, p, n, cap, C_) : decode_line(parser_, p, n, cap, L_, scanned_);
  }

  void finish_reduced(bool tail) {
    reducing_ = false;
    st.lines++;
    st.huge++;
    if (red_.overflow) {
      if (is_jsonl_kind(kind_)) jsonl_give_up();
      st.too_large++; note_bad(); red_.reset(); return;
    }
    std::string &s = red_.out;
    size_t n = s.size();
    s.append(PAD, ' ');
    scanned_ = true;
    line_p_ = s.data();
    line_n_ = n;
    on_decoded(decode(s.data(), n, s.size()), tail);
    red_.reset();
    red_.out.shrink_to_fit();  // do not keep a huge skeleton's memory for the next file
  }

  void on_decoded(int status, bool tail) {
    if (is_jsonl_kind(kind_)) {
      // A line the Python reader would warn about: the file is its to read.
      if (status != L_OK || J_.tools_over) jsonl_give_up();
      else if (kind_ == K_GEMINI) on_gemini();
      else if (kind_ == K_QWEN) on_qwen();
      else if (kind_ == K_OPENCLAW) on_openclaw();
      else if (kind_ == K_KIMI) on_kimi();
      else if (kind_ == K_KIMICODE) on_kimicode();
      else if (kind_ == K_COPILOT) on_copilot();
      else on_pi();
      return;
    }
    if (kind_ == K_CODEX && !cx_.validated && status != L_OK) {
      cx_.validated = true;  // an unreadable first line: not a session (the reference skips the file)
      st.not_session = 1;
      stop_ = true;
      return;
    }
    if (status == L_INVALID) {
      if (tail) { st.torn_tail++; return; }
      st.invalid++;
      note_bad();
      return;
    }
    if (status == L_BAD_NUMBER) { st.bad_number++; note_bad(); return; }
    if (kind_ == K_CODEX) { on_codex(); return; }
    if (first_cwd.empty() && !L_.cwd.empty()) {
      std::string_view c = trim_js(L_.cwd);
      if (!c.empty()) first_cwd.assign(c.data(), c.size());
    }
    // The record's time, parsed once for every event it makes.
    line_ts_ = L_.timestamp.empty() ? CB_TS_NONE : parse_iso_ms(L_.timestamp);
    note_cwd();
    if (L_.type == T_USER) on_user();
    else if (L_.type == T_ASSISTANT) {
      note_assistant_branch();
      note_correction();
      on_assistant();
    } else if (L_.type == T_PR_LINK && !L_.pr_url.empty()) note_text(E_PR_LINK, L_.pr_url);
    else if (L_.type == T_AI_TITLE && !L_.ai_title.empty()) note_text(E_TITLE, L_.ai_title);
    for (std::string_view name : L_.inventory) {
      Event e;
      e.kind = E_INVENTORY;
      e.model = strings.intern(name);
      e.tools_begin = e.tools_end = (int32_t)tools_.size();
      ev_.push_back(e);
    }
  }

  int64_t line_ts_ = CB_TS_NONE;  // the current Claude record's time (on_decoded)

  void note_bad() {
    if (!st.first_bad_line) st.first_bad_line = st.lines;
  }

  void on_user() {
    if (!L_.spawn_agent.empty() && L_.tool_results >= 0) note_spawn();
    // Tool results do not open turns. The field scanner takes a user
    // record's text whatever its message's role.
    if ((!L_.role_user && !scanned_) || trim_js(L_.text).empty()) return;
    Event e;
    e.kind = E_USER_TEXT;
    e.ts = line_ts_;
    e.text = (int32_t)ftext_.size();
    e.text_len = (int32_t)L_.text.size();
    e.full_len = (int32_t)(L_.first_text_len < (size_t)INT32_MAX ? L_.first_text_len : INT32_MAX);
    e.marks = (uint8_t)((L_.sidechain ? 1 : 0) | (L_.sdk ? 2 : 0));
    e.opener = opener_hash(L_.first_text, L_.first_text_len, opt_clean_, opt_norm_,
                           [](std::string_view s) { return key_of(s).a; });
    e.model = L_.git_branch.empty() ? -1 : strings.intern(L_.git_branch);
    branch_noted_ = e.model >= 0;
    ftext_.append(L_.text);
    ev_.push_back(e);
  }

  // A subagent spawn's result: which agent, and whether the record says
  // which tool_use it answers (one tool_result block: the spawn's turn).
  void note_spawn() {
    if (!note_text(E_SPAWN, L_.spawn_agent)) return;
    Event &e = ev_.back();
    e.marks = L_.tool_results == 1 ? 0 : 1;
    // The tool_use it answers, as use_key + 1 in full_len (no prompt here; 0: none).
    if (!e.marks && !L_.result_use.empty()) e.full_len = use_key(L_.result_use) + 1;
  }

  // The turn's branch when its prompt has none: the first assistant record
  // after the prompt that names one (the reference takes it before its
  // duplicate check, so every record counts). A file read in parts may note
  // one more at a part's start: a turn takes only the first it meets.
  bool branch_noted_ = false;
  void note_assistant_branch() {
    if (!branch_noted_ && !L_.git_branch.empty()) branch_noted_ = note_text(E_BRANCH, L_.git_branch);
  }

  // An assistant message whose text may be a self-correction: kept, with
  // its time and model, for the exact patterns (codeburn.classify.selfcorrect). As
  // the reference reads them: any message with a model and a time, usage
  // or not; its text blocks joined by one space.
  void note_correction() {
    if (!phrases.active() || !L_.has_model || L_.model == "<synthetic>") return;
    // 0.9.20 tests only the first record of each model and time as written
    // (a streamed message's thinking record hides its text record of the
    // same time), whether it has text or not.
    corr_key_.assign(L_.model.data(), L_.model.size());
    corr_key_.push_back('\0');
    corr_key_.append(L_.timestamp.data(), L_.timestamp.size());
    if (!corr_seen_.insert(key_of(corr_key_).a).second) return;
    if (L_.texts.empty() || L_.timestamp.empty()) return;
    std::string_view text = L_.texts[0];
    if (L_.texts.size() > 1) {
      corr_buf_.clear();
      for (size_t i = 0; i < L_.texts.size(); i++) {
        if (i) corr_buf_.push_back(' ');
        corr_buf_.append(L_.texts[i].data(), L_.texts[i].size());
      }
      text = corr_buf_;
    }
    if (text.size() > (size_t)INT32_MAX || !phrases.match(text)) return;
    int64_t ts = line_ts_;
    if (ts == CB_TS_NONE) return;
    Event e;
    e.kind = E_CORRECTION;
    e.ts = ts;
    e.model = strings.intern(L_.model);
    e.text = (int32_t)ftext_.size();
    e.text_len = (int32_t)text.size();
    e.tools_begin = e.tools_end = (int32_t)tools_.size();
    ftext_.append(text.data(), text.size());
    ev_.push_back(e);
  }

  // A record whose text the columns keep (a PR link, a title).
  bool note_text(int kind, std::string_view text) {
    if (text.size() > (size_t)INT32_MAX) return false;
    Event e;
    e.kind = kind;
    e.text = (int32_t)ftext_.size();
    e.text_len = (int32_t)text.size();
    e.tools_begin = e.tools_end = (int32_t)tools_.size();
    ftext_.append(text.data(), text.size());
    ev_.push_back(e);
    return true;
  }

  // The record's folder (any record type, as written) joins the run of
  // its predecessors when it is theirs, else opens an E_CWD run. A record
  // without a time is in no period: it names no folder.
  void note_cwd() {
    if (L_.cwd.empty() || L_.timestamp.empty()) return;
    int64_t ts = line_ts_;
    if (ts == CB_TS_NONE) return;
    if (cwd_run_ >= 0 && (size_t)cwd_run_ < ev_.size() && event_text(ev_[cwd_run_]) == L_.cwd) {
      Event &e = ev_[cwd_run_];
      e.ts = std::min(e.ts, ts);
      e.own_ts = std::max(e.own_ts, ts);
      return;
    }
    if (!note_text(E_CWD, L_.cwd)) return;
    ev_.back().ts = ev_.back().own_ts = ts;
    cwd_run_ = (int64_t)ev_.size() - 1;
  }

  // A text event's text, in ftext_.
  std::string_view event_text(const Event &e) const {
    return std::string_view(ftext_.data() + e.text, (size_t)e.text_len);
  }

  void on_assistant() {
    // Only records with both usage and model are API calls (§3.4); a
    // message whose role is "user" is read as a prompt's, so it has neither
    // (and claims no message id), whatever the record's type.
    if (!L_.has_usage || !L_.has_model || (L_.role_user && !scanned_)) {
      assistant_lines();
      return;
    }
    Event e;
    e.kind = E_CALL;
    e.ts = line_ts_;
    e.model = strings.intern(L_.model);
    e.u = L_.u;
    own_line(e, e.ts);
    keep_spelling(e, L_.timestamp);
    int32_t idx = (int32_t)ev_.size();
    e.marks = L_.sidechain ? 1 : 0;
    if (!L_.msg_id.empty()) {
      e.has_id = true;
      e.key = key_of(L_.msg_id);
      auto it = by_id_.find(e.key);
      if (it != by_id_.end()) {
        // Streaming duplicate: the last record wins, with the first one's timestamp.
        Event &prev = ev_[it->second];
        prev.dead = true;
        take_first_time(e, prev);
        if (fold_lines(e, prev) && keep_heads_) {  // the head's line moves on with prev's
          auto h = heads_.find(e.key);
          if (h != heads_.end() && h->second.holder == it->second) h->second.holder = idx;
        }
        it->second = idx;
        st.stream_dups++;
      } else {
        by_id_.emplace(e.key, idx);
        if (L_.timestamp.empty()) e.marks |= M_UNTIMED_FIRST;
        if (keep_heads_) heads_[e.key] = ChainHead{e.own_ts, e.u.cc_legacy, e.lines, idx};
      }
    }
    e.tools_begin = (int32_t)tools_.size();
    for (const Tool &t : L_.tools) add_tool(t, idx);
    e.tools_end = (int32_t)tools_.size();
    if (!L_.version.empty()) e.version = strings.intern(utf16_prefix(L_.version, CAP_NAME, nullptr));
    ev_.push_back(e);
    for (const Advisor &a : L_.advisors) add_advisor(a, idx);
  }

  // An assistant record that is no API call still counts for `optimize`,
  // which reads every assistant record: its tool uses and cache write.
  void assistant_lines() {
    Event e;
    e.kind = E_LINES;
    e.ts = line_ts_;
    e.u.cc_legacy = L_.has_usage ? L_.u.cc_legacy : 0;  // the one usage figure an E_LINES keeps
    own_line(e, e.ts);
    int32_t idx = (int32_t)ev_.size();
    e.tools_begin = (int32_t)tools_.size();
    for (const Tool &t : L_.tools) add_tool(t, idx);
    e.tools_end = (int32_t)tools_.size();
    if (e.tools_end == e.tools_begin && e.lines == 0) return;
    if (!L_.version.empty()) e.version = strings.intern(utf16_prefix(L_.version, CAP_NAME, nullptr));
    ev_.push_back(e);
  }

  // shell_names: whether a bash tool's command names feed the shell-command
  // panel (Codex reports none: its commands only drive retry detection);
  // any_shell: a records tool's command is named whatever its tool set.
  void add_tool(const Tool &t, int32_t idx, bool shell_names = true, bool any_shell = false) {
    ToolRow r;
    r.event = idx;
    r.name = strings.intern(t.name);
    r.shell_begin = r.shell_end = (int32_t)shell_.size();
    r.subagent = r.skill = -1;
    r.flags = flags_of(r.name);
    r.file_key = 0;
    r.verifies = false;
    size_t units;
    if ((r.flags & F_BASH) || any_shell) {
      std::string_view cmd = t.has_command ? utf16_prefix(t.command, CAP_COMMAND, &units) : std::string_view();
      if (!cmd.empty() && shell_names) {
        cmds_.clear();
        extract_bash_commands(cmd, bash_, cmds_, bash_rules);
        for (std::string_view c : cmds_) shell_.push_back(strings.intern(c));
        r.shell_end = (int32_t)shell_.size();
      }
      // A missing or empty command counts as a verification step too.
      if (r.flags & F_BASH) r.verifies = cmd.empty() || !is_read_shaped(cmd, bash_, bash_rules);
    }
    if ((r.flags & F_EDIT) && t.has_file) {
      // `file ?? "__no_file__"`: an empty path is a file key of its own.
      Key128 k = key_of(utf16_prefix(t.file_path, CAP_COMMAND, &units));
      r.file_key = k.a | 1;  // never 0, which means "no file"
    }
    if (r.flags & F_SUBAGENT_TOOL) {
      std::string_view s = trim_js(utf16_prefix(t.subagent, CAP_NAME, &units));
      if (!s.empty()) r.subagent = strings.intern(s);
      if (!t.id.empty()) r.use_id = use_key(t.id);
    }
    if (r.flags & F_SKILL) {
      // `input.skill ?? input.name`, trimmed; an empty value counts as none.
      std::string_view raw = t.has_skill ? t.skill : t.skill_name;
      std::string_view s = trim_js(utf16_prefix(raw, CAP_NAME, &units));
      if (!s.empty()) r.skill = strings.intern(s);
    }
    if (t.has_file) r.path = strings.intern(utf16_prefix(t.file_path, CAP_PATH_OPT, &units));
    tools_.push_back(r);
  }

  uint32_t flags_of(int32_t name_id) {
    if ((size_t)name_id >= tool_flags_.size()) tool_flags_.resize(name_id + 1, 0);
    if (!tool_flags_[name_id]) tool_flags_[name_id] = tool_rules.of(strings.strings[name_id]);
    return tool_flags_[name_id];
  }

  void add_advisor(const Advisor &a, int32_t parent) {
    Event e;
    e.kind = E_ADVISOR;
    e.parent = parent;
    e.ts = ev_[parent].ts;
    e.model = a.model.empty() ? ev_[parent].model : strings.intern(a.model);
    e.u = a.u;
    if (!a.u.has_speed) { e.u.fast = ev_[parent].u.fast; }
    e.tools_begin = e.tools_end = (int32_t)tools_.size();
    ev_.push_back(e);
  }

  // Per-turn classifier inputs, accumulated over the turn's kept calls.
  struct TurnAcc {
    uint32_t flags = 0;
    int32_t retries = 0, skill = -1, step = 0, last_verify = -1;
    int32_t text = -1, text_len = 0;  // the prompt, in ftext_
    int32_t branch = -1;              // git branch id (E_USER_TEXT's, else the first E_BRANCH's)
    std::unordered_map<uint64_t, int32_t> last_edit;  // file key -> step of its last edit
  };
  TurnAcc cx_acc_;  // the open Codex turn

  // Retries (spec §2.2): a re-edit of the same file after a verifying bash
  // step strictly between the two edits. Every tool_use block is one step
  // (Claude, Codex); for the other tools, which give the reference no tool
  // sequence, a call's tools are one step (step_mode_), so an edit and a
  // test in the same call are no retry. STEPS_PER_CALL_NAMES: the reference
  // sees names only, so every edit is of one unnamed file and every shell
  // run verifies (a read-shaped command too).
  void add_to_turn(TurnAcc &t, const Event &e) {
    bool own_steps = false;  // the call gives its tool sequence: its rows alone make the steps
    for (int32_t i = e.tools_begin; i < e.tools_end && !own_steps; i++) own_steps = tools_[i].seq;
    const bool per_tool = step_mode_ == STEPS_PER_TOOL && !own_steps;
    const bool names = step_mode_ == STEPS_PER_CALL_NAMES && !own_steps;
    int32_t step = per_tool || own_steps || e.tools_begin == e.tools_end ? -1 : t.step++;  // a call without tools is no step
    for (int32_t i = e.tools_begin; i < e.tools_end; i++) {
      const ToolRow &r = tools_[i];
      t.flags |= r.flags;
      if (t.skill < 0 && r.skill >= 0) t.skill = r.skill;
      if (own_steps && !r.seq) continue;
      if (own_steps ? r.step_start : per_tool) step = t.step++;
      if ((r.flags & F_BASH) && (names || r.verifies)) t.last_verify = step;
      if (r.flags & F_EDIT) {
        uint64_t key = names ? 0 : r.file_key;
        auto it = t.last_edit.find(key);
        if (it != t.last_edit.end() && it->second < t.last_verify && t.last_verify < step) t.retries++;
        t.last_edit[key] = step;
      }
    }
  }

  void open_turn(TurnAcc &t, int32_t file_idx, int64_t ts, int32_t text, int32_t len) {
    cols.turn_file.push_back(file_idx);
    cols.turn_ts.push_back(ts);
    t.text = text;
    t.text_len = text >= 0 ? len : 0;
    st.turns++;
  }

  void close_turn(TurnAcc &t) {
    cols.turn_flags.push_back(t.flags);
    cols.turn_retries.push_back(t.retries);
    cols.turn_skill.push_back(t.skill);
    int32_t turn = (int32_t)cols.turn_flags.size() - 1;
    note_prompt(t, turn);
    note_branch(t, turn);
    file_text(t);
    t = TurnAcc();
  }

  // Whether the turn has a prompt, and its prompt kept when it may be a user
  // correction. Every turn, whatever its class: the classifier's arenas
  // leave out the prompts that cannot change a category.
  void note_prompt(const TurnAcc &t, int32_t turn) {
    std::string_view text = t.text_len > 0 ? std::string_view(ftext_.data() + t.text, (size_t)t.text_len)
                                           : std::string_view();
    if (trim_js(text).empty()) {
      cols.unprompted_turn.push_back(turn);
      return;
    }
    if (!user_phrases.active() || !user_phrases.match(text)) return;
    cols.ucorr_turn.push_back(turn);
    keep_text(cols.ucorr_off, cols.ucorr_len, cols.ucorr_text, text);
  }

  // The turn's branch when it is not the one its file's turns had so far.
  int32_t branch_file_ = -1, branch_last_ = -1;
  void note_branch(const TurnAcc &t, int32_t turn) {
    int32_t file = cols.turn_file[(size_t)turn];
    if (file != branch_file_) branch_file_ = file, branch_last_ = -1;
    if (t.branch < 0 || t.branch == branch_last_) return;
    branch_last_ = t.branch;
    cols.branch_turn.push_back(turn);
    cols.branch_id.push_back(t.branch);
  }

  // Files the turn's prompt under its class (its flags are final now).
  void file_text(const TurnAcc &t) {
    uint8_t c = t.flags < text_class.size() ? text_class[t.flags] : 0;
    if (c == 0 || c >= arenas.size()) {
      cols.turn_text_class.push_back(0);
      cols.turn_text_off.push_back(-1);
      cols.turn_text_len.push_back(0);
      cols.turn_text_hash.push_back(0);
      return;
    }
    std::string &a = arenas[c];
    std::string_view text = t.text_len ? std::string_view(ftext_.data() + t.text, (size_t)t.text_len) : std::string_view();
    cols.turn_text_hash.push_back(text_hash(text));
    cols.turn_text_class.push_back(c);
    cols.turn_text_off.push_back(arena_base[c] + (int64_t)a.size());
    cols.turn_text_len.push_back(t.text_len);
    if (t.text_len) a.append(ftext_.data() + t.text, (size_t)t.text_len);
    a.push_back('\n');  // keeps one prompt's matches from running into the next
  }

  // Dedup across files, turn grouping, and emission of the file's calls.
  void end_file(int32_t file_idx) { end_file(file_idx, seen_); }

  // `seen`: the dedup keys of earlier files of this kind.
  void end_file(int32_t file_idx, KeySet &seen) {
    int32_t turn = -1;           // current turn's global id, -1 until it gets a call
    int64_t turn_ts = CB_TS_NONE;
    int32_t turn_text = -1, turn_len = 0;
    // Another tool's turn is stamped by its first kept call in the reference:
    // when the call that opened it (and gave it its time) is a dropped copy,
    // the next kept one dates it.
    bool restamp = false;
    bool dropped = false;  // the open prompt's calls so far were all dropped copies
    int32_t carry_text = -1, carry_len = 0;  // that prompt, left for the next call that has none
    TurnAcc acc;
    std::vector<char> keep(ev_.size(), 0);
    std::unordered_set<int32_t> kept_spawn;  // tool_use ids of the subagent tools of the calls kept so far
    for (size_t i = 0; i < ev_.size(); i++) {
      Event &e = ev_[i];
      if (e.kind == E_INVENTORY) {
        cols.inv_file.push_back(file_idx);
        cols.inv_name.push_back(e.model);
        continue;
      }
      if (e.kind == E_TITLE) {
        cols.title_file.push_back(file_idx);
        keep_text(cols.title_off, cols.title_len, cols.title_text, event_text(e));
        continue;
      }
      if (e.kind == E_CWD) {
        // A file read in parts (or read on after an append) opens a run
        // again where a part starts: one run, as when read whole.
        std::string_view folder = event_text(e);
        size_t last = cols.cwd_file.size();
        if (last && cols.cwd_file[last - 1] == file_idx &&
            std::string_view((const char *)cols.cwd_text.data() + cols.cwd_off[last - 1],
                             (size_t)cols.cwd_len[last - 1]) == folder) {
          cols.cwd_first[last - 1] = std::min(cols.cwd_first[last - 1], e.ts);
          cols.cwd_last[last - 1] = std::max(cols.cwd_last[last - 1], e.own_ts);
          continue;
        }
        cols.cwd_file.push_back(file_idx);
        cols.cwd_first.push_back(e.ts);
        cols.cwd_last.push_back(e.own_ts);
        keep_text(cols.cwd_off, cols.cwd_len, cols.cwd_text, folder);
        continue;
      }
      if (e.kind == E_PR_LINK) {  // joins the open turn, or the next one to get a call
        if (turn >= 0) emit_link(file_idx, turn, e.text, e.text_len, true);
        else pending_links.push_back((int32_t)i);
        continue;
      }
      if (e.kind == E_CORRECTION) {
        cols.corr_file.push_back(file_idx);
        cols.corr_ts.push_back(e.ts);
        cols.corr_model.push_back(e.model);
        keep_text(cols.corr_off, cols.corr_len, cols.corr_text, event_text(e));
        continue;
      }
      if (e.kind == E_SPAWN) {  // the turn open here spawned the agent (-1: no turn has a call yet)
        // 0: paired with its spawn; 1: the record names no single tool_use;
        // 2: the tool_use it answers is not in a kept record (the reference
        // keeps a streamed message's last record: a spawn from an earlier
        // content block of it is paired by time, not by turn).
        uint8_t marks = e.marks;
        if (!marks && e.full_len <= 0) marks = 1;
        else if (!marks && !kept_spawn.count(e.full_len - 1)) marks = 2;
        cols.spawn_file.push_back(file_idx);
        cols.spawn_turn.push_back(turn);
        cols.spawn_unsure.push_back(marks);
        keep_text(cols.spawn_off, cols.spawn_len, cols.spawn_text, event_text(e));
        continue;
      }
      if (e.kind == E_BRANCH) {
        if (acc.branch < 0) acc.branch = strings.intern(event_text(e));
        continue;
      }
      if (e.kind == E_USER_TEXT) {
        if (kind_ == K_CLAUDE) note_user_text(e, file_idx);  // optimize reads Claude's only
        if (turn >= 0) close_turn(acc);
        acc.branch = e.model;  // a prompt's branch, or none: E_BRANCH may give one
        if (carry_prompt_ && turn < 0 && dropped && turn_len > 0) {
          carry_text = turn_text;
          carry_len = turn_len;
        }
        if (e.text_len > 0) carry_len = 0;  // a prompt of its own replaces a pending one
        turn = -1;  // a prompt with no call is replaced by the next one
        flush_links(file_idx, -1);  // links of a prompt that got no call: the session's, no turn's
        turn_ts = e.ts;
        turn_text = e.text;
        turn_len = e.text_len;
        restamp = dropped = false;
        continue;
      }
      if (e.kind == E_LINES || e.dead) {  // (dead: a serial read's replaced record, not dropped)
        if (e.kind != E_ADVISOR) emit_lines(e, file_idx);
        if (e.kind == E_CALL && turn < 0 && kind_ != K_CLAUDE) restamp = dropped = true;
        continue;
      }
      if (e.kind == E_ADVISOR) {
        if (!keep[e.parent]) continue;
      } else if (e.has_id) {
        if (!seen.insert(e.key).second) {  // another file's copy (a resumed session): optimize counts it
          st.global_dups++;
          emit_lines(e, file_idx);
          if (e.kind == E_CALL && turn < 0 && kind_ != K_CLAUDE) restamp = dropped = true;
          continue;
        }
      }
      keep[i] = 1;
      for (int32_t k = e.tools_begin; k < e.tools_end; k++)
        if (tools_[(size_t)k].use_id >= 0) kept_spawn.insert(tools_[(size_t)k].use_id);
      if (turn < 0) {
        turn = (int32_t)cols.turn_file.size();
        if (restamp) turn_ts = e.ts;
        restamp = false;
        if (carry_len > 0 && turn_len == 0 && !e.light) {  // (a supplementary rollup takes no prompt)
          turn_text = carry_text;
          turn_len = carry_len;
          carry_len = 0;
        }
        open_turn(acc, file_idx, turn_ts, turn_text, turn_len);
        prompt_links(file_idx, turn, turn_text, turn_len);  // every tool's prompt, as the reference reads them
        flush_links(file_idx, turn);
      }
      add_to_turn(acc, e);
      emit_call(e, file_idx, turn);
    }
    if (turn >= 0) close_turn(acc);
    flush_links(file_idx, -1);
  }

  // PR links waiting for their turn's first call (event indices).
  std::vector<int32_t> pending_links;

  void flush_links(int32_t file_idx, int32_t turn) {
    for (int32_t i : pending_links) emit_link(file_idx, turn, ev_[(size_t)i].text, ev_[(size_t)i].text_len, true);
    pending_links.clear();
  }

  void emit_link(int32_t file_idx, int32_t turn, int32_t text, int32_t len, bool record) {
    cols.link_file.push_back(file_idx);
    cols.link_turn.push_back(turn);
    cols.link_record.push_back(record ? 1 : 0);
    keep_text(cols.link_off, cols.link_len, cols.link_text, std::string_view(ftext_.data() + text, (size_t)len));
  }

  // Pull request URLs a turn's prompt names: https://github.com/<owner>/
  // <repo>/pull/<digits>, owner and repo of [A-Za-z0-9_.-] (the
  // reference's explicit references; a bare #123 names no repository).
  void prompt_links(int32_t file_idx, int32_t turn, int32_t text, int32_t len) {
    if (text < 0 || len <= 0) return;
    static const std::string_view HEAD = "https://github.com/";
    std::string_view s(ftext_.data() + text, (size_t)len);
    auto part = [&](size_t p) {  // end of a run of [A-Za-z0-9_.-] from p
      while (p < s.size() && (Phrases::is_word((unsigned char)s[p]) || s[p] == '.' || s[p] == '-')) p++;
      return p;
    };
    for (size_t at = s.find(HEAD); at != std::string_view::npos; at = s.find(HEAD, at + 1)) {
      size_t owner = at + HEAD.size(), owner_end = part(owner);
      if (owner_end == owner || owner_end >= s.size() || s[owner_end] != '/') continue;
      size_t repo = owner_end + 1, repo_end = part(repo);
      if (repo_end == repo || s.substr(repo_end, 6) != "/pull/") continue;
      size_t num = repo_end + 6, end = num;
      while (end < s.size() && s[end] >= '0' && s[end] <= '9') end++;
      if (end == num) continue;
      emit_link(file_idx, turn, text + (int32_t)at, (int32_t)(end - at), false);
      at = end - 1;
    }
  }

  // One user text's row for `optimize`, and the slash commands it names.
  std::string opt_clean_, opt_norm_;
  void note_user_text(const Event &e, int32_t file_idx) {
    std::string_view text = e.text_len > 0 ? std::string_view(ftext_.data() + e.text, (size_t)e.text_len)
                                           : std::string_view();
    int32_t row = (int32_t)cols.ut_file.size();
    cols.ut_file.push_back(file_idx);
    cols.ut_ts.push_back(e.ts);
    cols.ut_len.push_back(e.full_len);
    cols.ut_marks.push_back(e.marks);
    cols.ut_hash.push_back(e.opener);
    slash_commands(text, [&](std::string_view name) {
      cols.cmd_text.push_back(row);
      cols.cmd_name.push_back(strings.intern(name));
    });
  }

  // A decoded call's time as its log spells it, in ftext_ as the call's
  // text, when keeps_spelling says so (end_file emits it with the call).
  void keep_spelling(Event &e, std::string_view spelled) {
    if (!keeps_spelling(e.ts, spelled)) return;
    e.text = (int32_t)ftext_.size();
    e.text_len = (int32_t)spelled.size();
    ftext_.append(spelled.data(), spelled.size());
  }

  // The next call row's time as its log spells it (not canonically).
  void push_raw(std::string_view spelled) {
    cols.raw_call.push_back((int32_t)cols.ts.size());
    keep_text(cols.raw_off, cols.raw_len, cols.raw_text, spelled);
  }

  void emit_call(const Event &e, int32_t file_idx, int32_t turn) {
    const Usage &u = e.u;
    // Cache-write split (§3.6): the 5m/1h fields win only when they sum > 0.
    int64_t total = u.cc_legacy, one_hour = 0;
    if (u.m5 + u.h1 > 0) {
      total = u.cc_legacy > u.m5 + u.h1 ? u.cc_legacy : u.m5 + u.h1;
      one_hour = u.h1 < total ? u.h1 : total;
    }
    Usage row = u;
    row.cc_legacy = total;
    row.h1 = one_hour;
    // Its time's spelling; an advisor's is its call's, whose time it carries (§3.7).
    const Event &timed = e.kind == E_ADVISOR ? ev_[(size_t)e.parent] : e;
    if (timed.text >= 0) push_raw(std::string_view(ftext_.data() + timed.text, (size_t)timed.text_len));
    push_call(e, file_idx, turn, row, e.reasoning, e.estimated, e.openai_cw);
  }

  // What `optimize` counts of records no call row stands for (E_LINES, a
  // replaced record, another file's copy of a message), dated by their own
  // time: their tool uses, and `lines` records writing u.cc_legacy. Claude
  // Code's only: optimize reads no other tool's records.
  void emit_lines(const Event &e, int32_t file_idx) {
    if (kind_ != K_CLAUDE) return;
    push_line_tools(e, file_idx);
    push_lines(e.own_ts, e.u.cc_legacy, e.lines, e.version, file_idx);
  }

  void push_line_tools(const Event &e, int32_t file_idx) {
    for (int32_t t = e.tools_begin; t < e.tools_end; t++) {
      const ToolRow &r = tools_[t];
      if (!r.counts) continue;
      cols.xt_file.push_back(file_idx);
      cols.xt_ts.push_back(e.own_ts);
      cols.xt_name.push_back(r.name);
      cols.xt_path.push_back(r.path);
      cols.xt_skill.push_back(r.skill);
      cols.xt_sub.push_back(r.subagent);
      cols.xt_readonly.push_back(read_only_shell(r));
    }
  }

  void push_lines(int64_t ts, int64_t cw, int32_t lines, int32_t version, int32_t file_idx) {
    if (lines <= 0 || cw <= 0) return;
    cols.xw_file.push_back(file_idx);
    cols.xw_ts.push_back(ts);
    cols.xw_cw.push_back(cw);
    cols.xw_lines.push_back(lines);
    cols.xw_version.push_back(version);
  }

  // What `optimize` counts of a kept Claude call's own record. Timed in the
  // quarter hour of the call's time (its first record's), it goes with the
  // call row: call_lines of its records wrote the call's cache write (others
  // on a row of their own). Timed otherwise (a message streamed across a
  // quarter hour, a record without a time), its records and tool uses are
  // dated by its own time, and `xt_call` names the call row whose tool rows
  // optimize then leaves to those.
  int32_t own_record_lines(const Event &e, int64_t cache_write, int32_t row, int32_t file_idx) {
    if (kind_ != K_CLAUDE || e.kind != E_CALL) return 0;
    if (!same_slot(e.own_ts, e.ts)) {
      push_lines(e.own_ts, e.u.cc_legacy, e.lines, e.version, file_idx);
      if (e.tools_end > e.tools_begin) {
        cols.xt_call.push_back(row);
        push_line_tools(e, file_idx);
      }
      return 0;
    }
    if (e.lines > 0 && e.u.cc_legacy == cache_write) return e.lines;
    push_lines(e.ts, e.u.cc_legacy, e.lines, e.version, file_idx);
    return 0;
  }

  // One call row and its tool rows. u.cc_legacy is the cache-write total
  // and u.h1 its 1-hour part.
  void push_call(const Event &e, int32_t file_idx, int32_t turn, const Usage &u, int64_t reasoning, bool estimated,
                 int64_t openai_cw = 0) {
    int32_t row = (int32_t)cols.ts.size();
    cols.ts.push_back(e.ts);
    cols.file.push_back(file_idx);
    cols.model.push_back(e.model);
    cols.turn.push_back(turn);
    cols.input.push_back(u.input);
    cols.output.push_back(u.output);
    cols.cache_write.push_back(u.cc_legacy);
    cols.cache_1h.push_back(u.h1);
    cols.cache_read.push_back(u.cache_read);
    cols.web_search.push_back(u.web_search);
    cols.fast.push_back(u.fast ? 1 : 0);
    cols.reasoning.push_back(reasoning);
    cols.openai_cw.push_back(openai_cw);
    cols.estimated.push_back(estimated ? 1 : 0);
    cols.call_version.push_back(e.version);
    cols.call_lines.push_back(own_record_lines(e, u.cc_legacy, row, file_idx));
    if (e.light) cols.light_call.push_back(row);
    if (e.sub >= 0) {
      cols.sub_call.push_back(row);
      cols.sub_name.push_back(e.sub);
    }
    st.calls++;
    if (estimated) st.estimated++;
    for (int32_t t = e.tools_begin; t < e.tools_end; t++) {
      const ToolRow &r = tools_[t];
      if (!r.counts) {  // (a step of a call's own tool sequence, a patch's other files)
        if (r.path >= 0) {
          cols.step_call.push_back(row);
          cols.step_name.push_back(r.name);
          cols.step_path.push_back(r.path);
        }
        continue;
      }
      cols.tool_call.push_back(row);
      cols.tool_name.push_back(r.name);
      cols.tool_path.push_back(r.path);
      cols.tool_skill.push_back(r.skill);
      cols.tool_readonly.push_back(read_only_shell(r));
      for (int32_t s = r.shell_begin; s < r.shell_end; s++) {
        cols.shell_call.push_back(row);
        cols.shell_name.push_back(shell_[s]);
      }
      if (r.subagent >= 0) {
        cols.sub_call.push_back(row);
        cols.sub_name.push_back(r.subagent);
      }
    }
  }

  // --- Codex rollouts (spec providers §1.2) ------------------------------------

  void on_codex() {
    const CodexLine &L = C_;
    if (!cx_.validated) {
      cx_.validated = true;
      if (L.envelope != CX_META || !L.payload_object) { st.not_session = 1; stop_ = true; return; }
    }
    if (scanned_) codex_as_scanned(C_, line_p_, line_n_);
    if (L.envelope == CX_META) codex_meta();
    else if (L.envelope == CX_TURN_CONTEXT) {
      // Any string names the session's model, "" included (then no model:
      // a call falls back to gpt-5, as the reference resolves it).
      if (L.model.data()) { cx_.model.assign(L.model); cx_.has_model = true; }
    } else if (L.envelope == CX_RESPONSE) codex_response();
    else if (L.envelope == CX_EVENT) codex_event();
  }

  void codex_meta() {
    const CodexLine &L = C_;
    // Every session_meta names the session and fork of what follows, as
    // the reference reads them: no session_id is the file's basename again;
    // a meta that is no fork leaves the replay cutoff of an earlier one.
    if (L.session_id.data()) cx_.session.assign(L.session_id);
    else cx_.session = cx_.basename;
    cx_.fork_parent.assign(L.forked_from.data() ? L.forked_from : std::string_view());
    if (!cx_.fork_parent.empty() && !L.timestamp.empty()) {
      int64_t t = parse_iso_ms(L.timestamp);
      if (t != CB_TS_NONE) cx_.cutoff = format_iso_ms(t + 5000);
    }
    if (L.model.data()) { cx_.model.assign(L.model); cx_.has_model = true; }
    if (session.empty()) session = cx_.session;
    std::string_view c = trim_js(L.cwd);
    if (first_cwd.empty() && !c.empty()) first_cwd.assign(c.data(), c.size());
  }

  // A fork starts by replaying its parent: those lines (time before the
  // cutoff, compared as ISO strings like the reference) are not new work.
  bool codex_replayed() const {
    return !cx_.cutoff.empty() && !C_.timestamp.empty() && C_.timestamp < std::string_view(cx_.cutoff);
  }

  void codex_response() {
    CodexLine &L = C_;
    if (L.ptype == "function_call" || L.ptype == "custom_tool_call") {
      if (codex_replayed()) return;
      if (L.ptype == "function_call") parse_codex_args(args_parser_, L);
      auto it = codex_names.find(std::string(L.name));
      std::string_view mapped = it != codex_names.end() ? std::string_view(it->second) : L.name;
      codex_tool(mapped, L.has_file, L.file, L.has_command, L.command, true);
      codex_attribute(L.has_command ? L.command : std::string_view(L.argv_text), false);
      // A tool's `input` is read only for the shell tool (the `exec` custom
      // tool's program): apply_patch's is file content, which may quote a command.
      if (mapped == "Bash" && !L.input.empty()) codex_attribute(L.input, false);
    } else if (L.ptype == "message" && L.role == "user") {
      if (L.user_units == 0) return;  // no non-empty input_text: not a prompt
      cx_.pending_text = L.user_text;
      cx_.pending_text_units = (int64_t)L.user_units;
      cx_.turn_no++;
    } else if (L.ptype == "message" && L.role == "assistant") {
      cx_.pending_out_units += L.output_units;
    }
  }

  void codex_event() {
    const CodexLine &L = C_;
    if (L.ptype == "token_count") {
      if (!codex_replayed()) codex_tokens();
    } else if (L.ptype == "patch_apply_end") {
      if (codex_replayed()) return;
      // One Edit tool; one step per changed file (or one without a file).
      if (L.patch_files.empty()) codex_tool("Edit", false, {}, false, {}, true);
      for (size_t i = 0; i < L.patch_files.size(); i++)
        codex_tool("Edit", true, L.patch_files[i], false, {}, i == 0);
    } else if (L.ptype == "item_completed") {
      if (!codex_replayed() && L.item_type == "CommandExecution" && !L.item_command.empty())
        codex_attribute(L.item_command, true);
    } else if (L.ptype == "mcp_tool_call_end") {
      if (codex_replayed() || L.mcp_server.empty() || L.mcp_tool.empty()) return;
      std::string name = "mcp__";
      name.append(L.mcp_server).append("__").append(L.mcp_tool);
      codex_tool(name, false, {}, false, {}, true);
    }
  }

  // MCP tools and skills a shell command used (cb_codex.h: mcp_from_command,
  // skill_from_command). A tool call's attribution counts; the
  // item_completed event that repeats the same command (`via_item`) adds
  // one only when no tool call of the file made it before, and otherwise
  // uses that one up, as the reference counts them per name.
  void codex_attribute(std::string_view text, bool via_item) {
    // Only a text naming mcp-cli or a SKILL.md can be attributed: most are
    // passed over without a look.
    bool mcp = text.find("mcp-cli") != std::string_view::npos;
    if (!mcp && text.find("SKILL.md") == std::string_view::npos) return;
    std::string name;
    if (mcp && mcp_from_command(text, name) && codex_claim(name, via_item))
      codex_tool(name, false, {}, false, {}, true);
    if (skill_from_command(text, name) && codex_claim("skill:" + name, via_item)) {
      codex_tool("Skill", false, {}, false, {}, true);
      tools_.back().skill = strings.intern(name);
    }
  }

  bool codex_claim(const std::string &name, bool via_item) {
    int &pending = cx_.item_dedup[name];
    if (!via_item) { pending++; return true; }
    if (pending == 0) return true;
    pending--;
    return false;
  }

  void codex_tool(std::string_view name, bool has_file, std::string_view file, bool has_command,
                  std::string_view command, bool counts) {
    Tool t;
    t.name = name;
    t.has_file = has_file;
    t.file_path = file;
    t.has_command = has_command;
    t.command = command;
    add_tool(t, -1, false);
    tools_.back().counts = counts;
  }

  void codex_tokens() {
    const CodexLine &L = C_;
    if (L.info_null || !L.has_info) { codex_estimate(); return; }
    int64_t cumulative = L.total.present ? L.total.total : 0;
    if (cx_.has_prev_total && cumulative == cx_.prev_total) { st.stream_dups++; return; }  // emitted twice
    cx_.has_prev_total = true;
    cx_.prev_total = cumulative;
    CodexUsage u;
    if (L.last.present) u = L.last;
    else if (cumulative > 0) {
      u.input = L.total.input - cx_.prev.input;
      u.cached = L.total.cached - cx_.prev.cached;
      u.output = L.total.output - cx_.prev.output;
      u.reasoning = L.total.reasoning - cx_.prev.reasoning;
      u.cache_write = L.total.cache_write - cx_.prev.cache_write;
    }
    if (L.total.present) cx_.prev = L.total;
    if (u.input < 0 || u.cached < 0 || u.output < 0 || u.reasoning < 0 || u.cache_write < 0) {
      st.bad_number++;  // a running total that went down: no sane per-call usage
      note_bad();
      return;
    }
    if (u.input + u.cached + u.output + u.reasoning == 0) return;
    std::string key = "codex:";
    key.append(cx_.fork_parent.empty() ? cx_.session : cx_.fork_parent);
    for (int64_t v : {cumulative, L.total.input, L.total.cached, L.total.output, L.total.reasoning})
      key.append(":").append(std::to_string(v));
    Key128 k = key_of(key);
    if (!claim_codex_key(k)) { st.global_dups++; return; }  // pending work carries on
    // The first non-empty string of these (spec providers §1.2).
    std::string_view model = !L.model.empty() ? L.model : !L.info_model.empty() ? L.info_model
                           : !L.info_model_name.empty() ? L.info_model_name
                           : !cx_.model.empty() ? std::string_view(cx_.model) : std::string_view("gpt-5");
    Usage cu;
    cu.input = u.input > u.cached ? u.input - u.cached : 0;  // OpenAI input includes the cached part
    cu.output = u.output;                                    // reasoning is inside output
    cu.cache_read = u.cached;
    // Cache writes are part of the uncached input; whether they are priced
    // as such depends on the model's price row, settled after the scan.
    int64_t cw = u.cache_write < 0 ? 0 : u.cache_write < cu.input ? u.cache_write : cu.input;
    codex_emit(k, model, cu, u.reasoning, false, cw);
  }

  // A token_count without usage after text: tokens estimated as chars / 4.
  void codex_estimate() {
    if (cx_.pending_out_units == 0 && cx_.pending_text_units == 0) return;
    Usage cu;
    cu.input = (cx_.pending_text_units + 3) / 4;
    cu.output = (cx_.pending_out_units + 3) / 4;
    if (cu.input == 0 && cu.output == 0) return;
    std::string key = "codex:" + cx_.session + ":" + std::string(C_.timestamp) + ":est" +
                      std::to_string(cx_.est_counter++);
    Key128 k = key_of(key);
    if (!claim_codex_key(k)) { st.global_dups++; codex_clear_pending(); return; }
    codex_emit(k, cx_.has_model ? std::string_view(cx_.model) : std::string_view("gpt-5"), cu, 0, true, 0);
  }

  // Whether a call with this dedup key is new. Decoding for adopt(), other
  // files are not known yet: every key is taken as new (adopt checks them),
  // and a key the file repeats makes it one to read in order.
  bool claim_codex_key(const Key128 &k) {
    if (!deferred_) return seen_keys_.insert(k).second;
    if (!own_keys_.insert(k).second) serial_only_ = true;
    return true;
  }

  void codex_emit(const Key128 &key, std::string_view model, const Usage &u, int64_t reasoning, bool estimated,
                  int64_t openai_cw) {
    Event e;
    e.kind = E_CALL;
    e.ts = C_.timestamp.empty() ? CB_TS_NONE : parse_iso_ms(C_.timestamp);
    e.model = strings.intern(model);
    e.tools_begin = cx_.tools_from;
    e.tools_end = (int32_t)tools_.size();
    bool opens = cx_.open_turn_no != cx_.turn_no;  // the first call after a prompt opens its turn
    bool was_open = cx_.open_turn_no >= 0;
    int32_t text = (int32_t)ftext_.size();
    if (opens) {
      ftext_.append(cx_.pending_text);
      cx_.open_turn_no = cx_.turn_no;
    }
    if (deferred_) {
      // As a Claude file decodes: a prompt event opens the turn (at the
      // call's time, as Codex turns start), the call follows.
      if (opens) {
        Event p;
        p.kind = E_USER_TEXT;
        p.ts = e.ts;
        p.text = text;
        p.text_len = (int32_t)cx_.pending_text.size();
        cx_.prompt_event = (int32_t)ev_.size();
        ev_.push_back(p);
      } else if (cx_.prompt_event >= 0 && ev_[(size_t)cx_.prompt_event].ts == CB_TS_NONE) {
        ev_[(size_t)cx_.prompt_event].ts = e.ts;  // see below: the first timed call's time
      }
      e.has_id = true;
      e.key = key;
      e.u = u;
      e.reasoning = reasoning;
      e.estimated = estimated;
      e.openai_cw = openai_cw;
      keep_spelling(e, C_.timestamp);  // end_file emits it with the call
      ev_.push_back(e);
    } else {
      if (opens) {
        if (was_open) close_turn(cx_acc_);
        open_turn(cx_acc_, file_idx_, e.ts, text, (int32_t)cx_.pending_text.size());
        prompt_links(file_idx_, (int32_t)cols.turn_file.size() - 1, text, (int32_t)cx_.pending_text.size());
      } else if (cols.turn_ts.back() == CB_TS_NONE) {
        // A turn opened by a call without a timestamp starts at its first
        // timed call: the reference's turn has no time then, and the first
        // call a period keeps re-anchors it.
        cols.turn_ts.back() = e.ts;
      }
      add_to_turn(cx_acc_, e);
      if (keeps_spelling(e.ts, C_.timestamp)) push_raw(C_.timestamp);
      push_call(e, file_idx_, (int32_t)cols.turn_file.size() - 1, u, reasoning, estimated, openai_cw);
    }
    codex_clear_pending();
  }

  // Tools, attributions and text wait for the next call; deferred, the
  // tools stay in place (the next call's range starts after them).
  void codex_clear_pending() {
    if (deferred_) cx_.tools_from = (int32_t)tools_.size();
    else tools_.clear();
    cx_.pending_text.clear();
    cx_.pending_text_units = cx_.pending_out_units = 0;
  }

  void codex_end() {
    if (deferred_) {  // tools no call took: dropped, as a serial read drops them
      tools_.resize((size_t)cx_.tools_from);
      return;
    }
    if (cx_.open_turn_no >= 0) close_turn(cx_acc_);
    cx_.open_turn_no = -1;
  }
};

}  // namespace cb
