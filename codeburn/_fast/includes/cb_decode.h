// One Claude Code JSONL line -> the few fields the reports need, read with
// simdjson On-Demand in a single forward pass over the top-level object
// (real Claude Code lines put `message` before `type`, so nothing can be
// decided before the end of the line). Every string view points into the
// parser's string buffer and is valid until the next line is parsed.
// Field rules: spec classifier-and-parser §3.4 (compaction) and §3.6.
#pragma once
#include <cmath>
#include <cstdint>
#include <cctype>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "cb_jsspace.h"
#include "simdjson.h"

namespace cb {

namespace od = simdjson::ondemand;
using simdjson::SUCCESS;

enum LineType { T_OTHER = 0, T_USER = 1, T_ASSISTANT = 2, T_PR_LINK = 3, T_AI_TITLE = 4 };
enum LineStatus { L_OK = 0, L_INVALID = 1, L_BAD_NUMBER = 2 };

// Caps from the reference's compaction (UTF-16 units).
static const size_t CAP_TEXT = 2000, CAP_COMMAND = 2000, CAP_NAME = 200, MAX_TOOL_BLOCKS = 500;
// `optimize` keeps file paths as the reference compacts them (500 units).
static const size_t CAP_PATH_OPT = 500;
// Token counts above this are not a real API call (largest context windows are
// a few million tokens); such a record is skipped and counted, never summed.
static const double MAX_TOKENS = 1e12;

struct Usage {
  int64_t input = 0, output = 0, cc_legacy = 0, m5 = 0, h1 = 0, cache_read = 0, web_search = 0;
  bool fast = false, has_speed = false;
};

struct Tool {
  std::string_view name, command, subagent, skill, skill_name, file_path;
  std::string_view id;  // the tool_use block's id (a subagent spawn's, for the pull-request pairing)
  bool has_command = false, has_skill = false, has_file = false;
};

struct Advisor {
  std::string_view model;
  Usage u;
};

struct Line {
  int type = T_OTHER;
  // Read as the reference's field scanner reads a line over 32 KiB, which
  // also takes a content block of type `input_text` as text (spec §3.3).
  bool scanned = false;
  bool sidechain = false, role_user = false, has_message = false, has_usage = false, has_model = false;
  bool bad_number = false;
  std::string_view timestamp, cwd, model, msg_id;
  std::string_view pr_url, ai_title;  // a pr-link record's prUrl, an ai-title record's aiTitle
  std::string_view git_branch;        // gitBranch (a string; empty: none)
  // A subagent spawn's result (`toolUseResult.agentId`, empty: none) and
  // the number of tool_result blocks of the record's message (-1: its
  // content is no array): which spawn the result answers.
  std::string_view spawn_agent;
  std::string_view result_use;  // the first tool_result block's tool_use_id
  int tool_results = -1;
  Usage u;
  // For `optimize`: the line's Claude Code version, promptSource "sdk",
  // and the full UTF-16 length of its first user text (before the caps).
  std::string_view version, first_text;  // first_text: the first user text block, uncapped
  std::vector<std::string_view> inventory;  // MCP tool names of a deferred_tools_delta attachment
  bool sdk = false, has_first_text = false;
  size_t first_text_len = 0;
  std::vector<Tool> tools;
  std::vector<Advisor> advisors;
  std::vector<std::string_view> texts;  // every text block, uncapped (self-corrections read assistant text)
  std::string text;      // user text, blocks joined by one space, capped
  size_t text_units = 0; // UTF-16 units of the text blocks kept (the compaction budget)
  size_t joined_units = 0; // UTF-16 units in `text`, separators included

  void reset() {
    type = T_OTHER;
    sidechain = role_user = has_message = has_usage = has_model = bad_number = false;
    timestamp = cwd = model = msg_id = {};
    pr_url = ai_title = git_branch = spawn_agent = result_use = {};
    tool_results = -1;
    u = Usage();
    version = first_text = {};
    inventory.clear();
    sdk = has_first_text = false;
    first_text_len = 0;
    tools.clear();
    advisors.clear();
    texts.clear();
    text.clear();
    text_units = joined_units = 0;
  }
};

// Prefix of `s` holding at most `cap` UTF-16 code units (a 4-byte UTF-8
// sequence is 2 units, like a JS surrogate pair). `units` gets the count used.
// `s` is valid UTF-8 (simdjson validates every document it parses).
static inline std::string_view utf16_prefix(std::string_view s, size_t cap, size_t *units) {
  const unsigned char *p = (const unsigned char *)s.data();
  size_t u = 0, i = 0, n = s.size();
  // Whole blocks of BLOCK bytes while even an all-ASCII block fits under
  // the cap: each character's first byte is one unit, a 4-byte sequence's
  // two, and continuation bytes none (a loop the compiler vectorises; this
  // ran a byte at a time over every text of a history). A character cut by
  // the block's end is counted in it; its continuation bytes are stepped over.
  constexpr size_t BLOCK = 32;
  while (i + BLOCK <= n && u + BLOCK + 1 <= cap) {  // +1: a 4-byte lead at its end is 2 units
    size_t w = 0;
    for (size_t k = 0; k < BLOCK; k++) {
      unsigned char c = p[i + k];
      w += ((c & 0xC0) != 0x80) + (c >= 0xF0);
    }
    u += w;
    i += BLOCK;
    while (i < n && (p[i] & 0xC0) == 0x80) i++;
  }
  while (i < n) {
    unsigned char c = p[i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    size_t w = len == 4 ? 2 : 1;
    if (u + w > cap) break;
    u += w;
    i += len;
  }
  if (i > n) i = n;
  if (units) *units = u;
  return s.substr(0, i);
}

// A token count: missing/null/0 -> 0; a non-negative integral number below
// MAX_TOKENS -> itself; anything else (string, negative, fraction, 1e30) -> bad.
static inline bool read_count(od::value v, int64_t *out, bool *bad) {
  od::json_type t;
  if (v.type().get(t) != SUCCESS) { *bad = true; return false; }
  if (t == od::json_type::null) { *out = 0; return true; }
  if (t != od::json_type::number) { *bad = true; return false; }
  int64_t i;
  if (v.get_int64().get(i) == SUCCESS) {
    if (i < 0) { *bad = true; return false; }
    *out = i;
    return true;
  }
  double d;
  if (v.get_double().get(d) != SUCCESS || !(d >= 0) || d >= MAX_TOKENS || d != std::floor(d)) {
    *bad = true;
    return false;
  }
  *out = (int64_t)d;
  return true;
}

static inline bool get_str(od::value v, std::string_view *out) {
  return v.get_string(true).get(*out) == SUCCESS;
}

// Calls f(key, value) for each field of v when v is an object (anything
// else: no fields). Returns -1 when the object is malformed (the line is
// then invalid: iterating past a structural error is undefined), or the
// first non-zero f returns, else 0. `key` is the raw (escaped) key.
template <class F>
static inline int each_field(od::value v, F &&f) {
  od::object o;
  if (v.get_object().get(o) != SUCCESS) return 0;
  for (auto field : o) {
    od::field fld;
    if (std::move(field).get(fld) != SUCCESS) return -1;
    if (int r = f(fld.key(), fld.value())) return r;
  }
  return 0;
}

// A count of the 5m/1h cache-write split, or of web searches: as
// read_count, except that what is no number (a string, true) or not above
// zero counts 0 and spoils nothing, as the reference reads them (its
// pricing takes only a positive number; for the split the legacy total
// then stands, or the larger of the two). A fraction or a number out of
// range is still bad.
static inline void read_split(od::value v, int64_t *out, bool *bad) {
  od::json_type t;
  if (v.type().get(t) != SUCCESS) { *bad = true; return; }
  if (t != od::json_type::number) { *out = 0; return; }
  int64_t i;
  if (v.get_int64().get(i) == SUCCESS) { *out = i > 0 ? i : 0; return; }
  double d;
  if (v.get_double().get(d) != SUCCESS) { *bad = true; return; }
  if (d <= 0) { *out = 0; return; }
  if (d >= MAX_TOKENS || d != std::floor(d)) { *bad = true; return; }
  *out = (int64_t)d;
}

static int read_cache_creation(od::value v, Usage &u, bool *bad) {
  return each_field(v, [&](auto k, od::value x) {
    if (k == "ephemeral_5m_input_tokens") read_split(x, &u.m5, bad);
    else if (k == "ephemeral_1h_input_tokens") read_split(x, &u.h1, bad);
    return 0;
  });
}

static int read_server_tool_use(od::value v, Usage &u, bool *bad) {
  return each_field(v, [&](auto k, od::value x) {
    if (k == "web_search_requests") read_split(x, &u.web_search, bad);
    return 0;
  });
}

// One field of a usage object, the same in the top-level usage and in an
// advisor iteration. -1 when a nested object is malformed.
template <class Key>
static int read_usage_field(Key k, od::value x, Usage &u, bool *bad) {
  if (k == "input_tokens") read_count(x, &u.input, bad);
  else if (k == "output_tokens") read_count(x, &u.output, bad);
  else if (k == "cache_creation_input_tokens") read_count(x, &u.cc_legacy, bad);
  else if (k == "cache_read_input_tokens") read_count(x, &u.cache_read, bad);
  else if (k == "cache_creation") return read_cache_creation(x, u, bad) ? -1 : 0;
  else if (k == "server_tool_use") return read_server_tool_use(x, u, bad) ? -1 : 0;
  else if (k == "speed") { std::string_view s; if (get_str(x, &s)) { u.has_speed = true; u.fast = s == "fast"; } }
  return 0;
}

// Reads one usage object (top-level or an advisor iteration). `iters` gets
// the advisor iterations when non-null.
static int read_usage(od::object o, Usage &u, std::vector<Advisor> *iters, bool *bad);

static int read_iterations(od::value v, std::vector<Advisor> &iters, bool *bad) {
  od::array arr;
  if (v.get_array().get(arr) != SUCCESS) return 0;
  for (auto e : arr) {
    od::value ev;  // a structural error ends the line; a non-object element has no fields, so is skipped
    if (std::move(e).get(ev) != SUCCESS) return -1;
    Advisor a;
    bool is_advisor = false;
    Usage &u = a.u;
    int r = each_field(ev, [&](auto k, od::value x) {
      if (k == "type") { std::string_view s; is_advisor = get_str(x, &s) && s == "advisor_message"; return 0; }
      if (k == "model") { get_str(x, &a.model); return 0; }
      return read_usage_field(k, x, u, bad);
    });
    if (r) return -1;
    if (is_advisor) iters.push_back(a);
  }
  return 0;
}

static int read_usage(od::object o, Usage &u, std::vector<Advisor> *iters, bool *bad) {
  for (auto f : o) {
    od::field fld;
    if (std::move(f).get(fld) != SUCCESS) return -1;
    auto k = fld.key();
    if (k == "iterations") { if (iters && read_iterations(fld.value(), *iters, bad)) return -1; }
    else if (read_usage_field(k, fld.value(), u, bad)) return -1;
  }
  return 0;
}

static int read_tool_input(od::value v, Tool &t) {
  od::object o;
  if (v.get_object().get(o) != SUCCESS) return 0;
  for (auto f : o) {
    od::field fld;
    if (std::move(f).get(fld) != SUCCESS) return -1;
    auto k = fld.key();
    if (k == "command") t.has_command = get_str(fld.value(), &t.command);
    else if (k == "file_path") t.has_file = get_str(fld.value(), &t.file_path);
    else if (k == "subagent_type") get_str(fld.value(), &t.subagent);
    else if (k == "skill") {
      // `input.skill ?? input.name`, where the reference's compacted input
      // keeps `skill` only as a string: a string hides name, anything else not.
      od::json_type ty;
      if (fld.value().type().get(ty) == SUCCESS && ty == od::json_type::string) {
        t.has_skill = true;
        get_str(fld.value(), &t.skill);
      }
    } else if (k == "name") get_str(fld.value(), &t.skill_name);
  }
  return 0;
}

// One content block; collects tool_use blocks and user text blocks.
static int read_block(od::object o, Line &L, bool *text_budget_used) {
  std::string_view type, text, name, use;
  bool has_text = false;
  Tool t;
  for (auto f : o) {
    od::field fld;
    if (std::move(f).get(fld) != SUCCESS) return -1;
    auto k = fld.key();
    if (k == "type") get_str(fld.value(), &type);
    else if (k == "text") has_text = get_str(fld.value(), &text);
    else if (k == "name") get_str(fld.value(), &t.name);
    else if (k == "id") get_str(fld.value(), &t.id);
    else if (k == "tool_use_id") get_str(fld.value(), &use);
    else if (k == "input") { if (read_tool_input(fld.value(), t)) return -1; }
  }
  if (type == "tool_result") {
    if (L.tool_results == 0) L.result_use = use;
    L.tool_results++;
  } else if (type == "tool_use") {
    if (L.tools.size() < MAX_TOOL_BLOCKS) L.tools.push_back(t);
  } else if ((type == "text" || (L.scanned && type == "input_text")) && has_text) {
    // The field scanner of a line over 32 KiB joins only non-empty parts
    // (an empty one adds no space); a smaller line's blocks join every one.
    if (L.scanned && text.empty()) return 0;
    L.texts.push_back(text);
    if (!L.has_first_text) {
      L.has_first_text = true;
      L.first_text = text;
      utf16_prefix(text, (size_t)-1, &L.first_text_len);
    }
    // Joined with a single space, 2,000 units for all blocks together.
    // The blocks share a 2,000-unit budget; the joined text (spaces
    // included) is then cut to 2,000 units again, as the reference does.
    size_t room = CAP_TEXT - L.text_units, used = 0;
    std::string_view part = utf16_prefix(text, room, &used);
    L.text_units += used;
    if (*text_budget_used) {
      if (L.joined_units >= CAP_TEXT) return 0;
      L.text.push_back(' ');
      L.joined_units++;
    }
    *text_budget_used = true;
    part = utf16_prefix(part, CAP_TEXT - L.joined_units, &used);
    L.text.append(part.data(), part.size());
    L.joined_units += used;
  }
  return 0;
}

static int read_content(od::value v, Line &L) {
  od::json_type t;
  if (v.type().get(t) != SUCCESS) return -1;
  if (t == od::json_type::string) {
    std::string_view s;
    if (!get_str(v, &s)) return -1;
    size_t used = 0;
    std::string_view part = utf16_prefix(s, CAP_TEXT, &used);
    L.has_first_text = true;
    L.first_text = s;
    L.texts.push_back(s);
    utf16_prefix(s, (size_t)-1, &L.first_text_len);
    L.text.assign(part.data(), part.size());
    L.text_units = L.joined_units = used;
    return 0;
  }
  if (t != od::json_type::array) return 0;
  od::array arr;
  if (v.get_array().get(arr) != SUCCESS) return -1;
  L.tool_results = 0;
  bool joined = false;
  for (auto e : arr) {
    od::value ev;
    if (std::move(e).get(ev) != SUCCESS) return -1;
    od::object o;
    if (ev.get_object().get(o) != SUCCESS) continue;  // null and primitive elements are dropped
    if (read_block(o, L, &joined)) return -1;
  }
  return 0;
}

// `toolUseResult` of a record answering a subagent spawn: its agentId.
static int read_spawn_result(od::value v, Line &L) {
  od::object o;
  if (v.get_object().get(o) != SUCCESS) return 0;  // another tool's result (a string, an array)
  for (auto f : o) {
    od::field fld;
    if (std::move(f).get(fld) != SUCCESS) return -1;
    if (fld.key() == "agentId") get_str(fld.value(), &L.spawn_agent);
  }
  return 0;
}

static int read_message(od::value v, Line &L) {
  od::object o;
  if (v.get_object().get(o) != SUCCESS) return 0;
  L.has_message = true;
  for (auto f : o) {
    od::field fld;
    if (std::move(f).get(fld) != SUCCESS) return -1;
    auto k = fld.key();
    if (k == "role") { std::string_view s; L.role_user = get_str(fld.value(), &s) && s == "user"; }
    else if (k == "model") L.has_model = get_str(fld.value(), &L.model) && !L.model.empty();
    else if (k == "id") get_str(fld.value(), &L.msg_id);
    else if (k == "usage") {
      od::object uo;
      if (fld.value().get_object().get(uo) == SUCCESS) {
        L.has_usage = true;
        if (read_usage(uo, L.u, &L.advisors, &L.bad_number)) return -1;
      }
    } else if (k == "content") { if (read_content(fld.value(), L)) return -1; }
  }
  return 0;
}

// `attachment` of type deferred_tools_delta: its addedNames that name MCP
// tools (`mcp__<server>__<tool>`, both parts non-empty), for optimize.
static inline bool is_mcp_tool_name(std::string_view n) {
  if (n.substr(0, 5) != "mcp__") return false;
  std::string_view rest = n.substr(5);
  size_t sep = rest.find("__");
  return sep != std::string_view::npos && sep > 0 && sep + 2 < rest.size();
}

static int read_attachment(od::value v, Line &L) {
  od::object o;
  if (v.get_object().get(o) != SUCCESS) return 0;
  std::string_view type;
  std::vector<std::string_view> names;
  for (auto f : o) {
    od::field fld;
    if (std::move(f).get(fld) != SUCCESS) return -1;
    auto k = fld.key();
    if (k == "type") get_str(fld.value(), &type);
    else if (k == "addedNames") {
      od::array arr;
      if (fld.value().get_array().get(arr) != SUCCESS) continue;
      for (auto e : arr) {
        od::value ev;
        if (std::move(e).get(ev) != SUCCESS) return -1;
        std::string_view s;
        if (get_str(ev, &s) && is_mcp_tool_name(s) && names.size() < MAX_TOOL_BLOCKS) names.push_back(s);
      }
    }
  }
  if (type == "deferred_tools_delta") L.inventory = std::move(names);
  return 0;
}

// Parses one complete JSON document (a line). Returns L_OK, L_INVALID or
// L_BAD_NUMBER; on L_OK the Line holds what the line says.
// A line opening with a UTF-8 byte-order mark. simdjson passes over one;
// the reference's JSON.parse of the line as it stands rejects it.
static inline bool starts_with_bom(const char *p, size_t n) {
  return n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0;
}

// Appends the UTF-8 bytes p[0..n) to out as a WHATWG decoder reads them:
// each maximal subpart of an ill-formed sequence becomes U+FFFD and the
// byte that broke it is read again. Node decodes a log's bytes that way
// before JSON.parse sees a line, so a line with a stray latin-1 byte or a
// cut character is still a record there.
static inline void utf8_replace(const char *p, size_t n, std::string &out) {
  static const char FFFD[] = "\xEF\xBF\xBD";
  const unsigned char *s = (const unsigned char *)p;
  size_t i = 0;
  while (i < n) {
    unsigned char b = s[i];
    if (b < 0x80) { out.push_back((char)b); i++; continue; }
    int need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) need = 1;
    else if (b >= 0xE0 && b <= 0xEF) { need = 2; if (b == 0xE0) lo = 0xA0; if (b == 0xED) hi = 0x9F; }
    else if (b >= 0xF0 && b <= 0xF4) { need = 3; if (b == 0xF0) lo = 0x90; if (b == 0xF4) hi = 0x8F; }
    else { out.append(FFFD, 3); i++; continue; }
    size_t j = i + 1;
    bool whole = true;
    for (int k = 0; k < need; k++, j++) {
      if (j >= n || s[j] < lo || s[j] > hi) { whole = false; break; }
      lo = 0x80; hi = 0xBF;
    }
    if (whole) out.append(p + i, j - i);
    else out.append(FFFD, 3);
    i = j;
  }
}

// Claude lines up to this size the reference parses whole with JSON.parse;
// longer ones go through its field scanner (spec classifier §3.3).
constexpr size_t CLAUDE_WHOLE_PARSE_MAX = 32 * 1024;

// A line whose top is not an object holds no record, but it may still be
// broken ("[1,,2]", "[[[["): On-Demand only balances the brackets of what it
// skips, so such a line is checked whole against JSON's grammar to tell
// valid JSON (skipped in silence, as the reference's JSON.parse takes it)
// from a broken line (counted and named). The check keeps its open
// brackets in a vector, not on the stack: JSON.parse takes an array
// nested 5,000 deep, and a line of 100,000 '[' must not overflow a thread.
// (UTF-8 is checked apart: decode() reads a line that is not UTF-8 again.)
static inline bool json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static inline bool json_digit(char c) { return c >= '0' && c <= '9'; }

static bool json_string_at(const char *p, size_t n, size_t &i) {  // p[i] == '"'
  for (i++; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c == '"') { i++; return true; }
    if (c < 0x20) return false;
    if (c != '\\') continue;
    if (++i >= n) return false;
    c = (unsigned char)p[i];
    if (c == 'u') {
      for (int k = 0; k < 4; k++)
        if (++i >= n || !isxdigit((unsigned char)p[i])) return false;
    } else if (!strchr("\"\\/bfnrt", c) || c == 0) return false;
  }
  return false;
}

static bool json_number_at(const char *p, size_t n, size_t &i) {
  if (i < n && p[i] == '-') i++;
  if (i >= n || !json_digit(p[i])) return false;
  if (p[i] == '0') i++;
  else while (i < n && json_digit(p[i])) i++;
  if (i < n && p[i] == '.') {
    if (++i >= n || !json_digit(p[i])) return false;
    while (i < n && json_digit(p[i])) i++;
  }
  if (i < n && (p[i] == 'e' || p[i] == 'E')) {
    if (++i < n && (p[i] == '+' || p[i] == '-')) i++;
    if (i >= n || !json_digit(p[i])) return false;
    while (i < n && json_digit(p[i])) i++;
  }
  return true;
}

static bool json_valid(const char *p, size_t n) {
  std::vector<char> open;   // the brackets not yet closed
  size_t i = 0;
  // Expecting a value (after '[', ',' or ':', or at the start), or a key
  // (after '{' or ',' in an object), or what follows a value.
  enum { VALUE, VALUE_OR_CLOSE, KEY, KEY_OR_CLOSE, AFTER } want = VALUE;
  for (;;) {
    while (i < n && json_space(p[i])) i++;
    if (i >= n) return want == AFTER && open.empty();
    char c = p[i];
    if (want == AFTER) {
      if (open.empty()) return false;  // something after the whole value
      if (c == ',') { i++; want = open.back() == '[' ? VALUE : KEY; continue; }
      if (c == (open.back() == '[' ? ']' : '}')) { i++; open.pop_back(); continue; }
      return false;
    }
    if (want == KEY || want == KEY_OR_CLOSE) {
      if (c == '}' && want == KEY_OR_CLOSE) { i++; open.pop_back(); want = AFTER; continue; }
      if (c != '"' || !json_string_at(p, n, i)) return false;
      while (i < n && json_space(p[i])) i++;
      if (i >= n || p[i] != ':') return false;
      i++;
      want = VALUE;
      continue;
    }
    if (c == ']' && want == VALUE_OR_CLOSE) { i++; open.pop_back(); want = AFTER; continue; }
    if (c == '[') { open.push_back('['); i++; want = VALUE_OR_CLOSE; continue; }
    if (c == '{') { open.push_back('{'); i++; want = KEY_OR_CLOSE; continue; }
    bool ok;
    if (c == '"') ok = json_string_at(p, n, i);
    else if (c == '-' || json_digit(c)) ok = json_number_at(p, n, i);
    else {
      static const char *const words[] = {"true", "false", "null"};
      ok = false;
      for (const char *w : words) {
        size_t m = strlen(w);
        if (n - i >= m && memcmp(p + i, w, m) == 0) { i += m; ok = true; break; }
      }
    }
    if (!ok) return false;
    want = AFTER;
  }
}

static int decode_line(od::parser &parser, const char *buf, size_t len, size_t capacity, Line &L,
                       bool scanned = false) {
  L.reset();
  L.scanned = scanned;
  od::document doc;
  if (parser.iterate(buf, len, capacity).get(doc) != SUCCESS) return L_INVALID;
  od::json_type root;
  if (doc.type().get(root) != SUCCESS) return L_INVALID;
  if (root != od::json_type::object) return json_valid(buf, len) ? L_OK : L_INVALID;  // no record: valid or broken
  od::object obj;
  if (doc.get_object().get(obj) != SUCCESS) return L_INVALID;
  for (auto f : obj) {
    od::field fld;
    if (std::move(f).get(fld) != SUCCESS) return L_INVALID;
    auto k = fld.key();
    if (k == "type") {
      std::string_view s;
      if (get_str(fld.value(), &s))
        L.type = s == "user" ? T_USER : s == "assistant" ? T_ASSISTANT : s == "pr-link" ? T_PR_LINK
               : s == "ai-title" ? T_AI_TITLE : T_OTHER;
    } else if (k == "timestamp") get_str(fld.value(), &L.timestamp);
    else if (k == "cwd") get_str(fld.value(), &L.cwd);
    else if (k == "prUrl") get_str(fld.value(), &L.pr_url);
    else if (k == "gitBranch") get_str(fld.value(), &L.git_branch);
    else if (k == "toolUseResult") { if (read_spawn_result(fld.value(), L)) return L_INVALID; }
    else if (k == "aiTitle") get_str(fld.value(), &L.ai_title);
    else if (k == "version") get_str(fld.value(), &L.version);
    else if (k == "promptSource") { std::string_view s; L.sdk = get_str(fld.value(), &s) && s == "sdk"; }
    else if (k == "isSidechain") { bool b = false; L.sidechain = fld.value().get_bool().get(b) == SUCCESS && b; }
    else if (k == "message") { if (read_message(fld.value(), L)) return L_INVALID; }
    else if (k == "attachment") { if (read_attachment(fld.value(), L)) return L_INVALID; }
  }
  // Skipped values are only balanced, not validated; make sure nothing
  // trails the object (a torn line is never half-counted).
  if (!doc.at_end()) return L_INVALID;
  if (L.bad_number) return L_BAD_NUMBER;
  return L_OK;
}

}  // namespace cb
