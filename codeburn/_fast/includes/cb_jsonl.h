// One line of a Gemini CLI or Qwen Code JSONL session -> the values the
// records readers (providers/gemini.py, providers/qwen.py) look at, read
// with simdjson On-Demand in one forward pass. The two formats share this
// decoder: a `JsonlFormat` row names where each value lives (the token
// counts' object and keys, the tool list, the text container) and the
// Scanner (cb_scan.h, on_jsonl) applies each tool's rules to what it found.
//
// The Python readers are the oracle. This decoder keeps values as typed
// (`JVal`) so the Scanner can reproduce their type checks exactly, and
// reports anything it does not reproduce (a value of an unexpected type,
// a non-integral or huge count, a structural error) so that the file is
// handed to the Python reader instead: the fast path never guesses.
// String views point into the parser's buffers: valid until the next line.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "cb_cursor_store.h"  // cursor_py_strip: Python's str.strip()
#include "cb_decode.h"
#include "cb_time.h"

namespace cb {

// The JSON type of a value as Python's json module would see it.
enum JType : uint8_t { J_ABSENT = 0, J_NULL, J_BOOL, J_INT, J_FLOAT, J_STR, J_ARR, J_OBJ, J_BIG };

struct JVal {
  uint8_t t = J_ABSENT;
  bool b = false;
  int64_t i = 0;
  double d = 0;
  std::string_view s;
};

// The same, owning its string (a header value kept across lines).
struct JOwned {
  JVal v;
  std::string s;
  void set(const JVal &x) { v = x; s.assign(x.s.data(), x.s.size()); }
  JVal view() const { JVal r = v; r.s = s; return r; }
};

// Reads a value's type and, for scalars, the value (arrays and objects
// are left unread: the parser skips them). -1 on a structural error.
static inline int jcapture(od::value v, JVal &o) {
  od::json_type t;
  if (v.type().get(t) != SUCCESS) return -1;
  switch (t) {
    case od::json_type::null: o.t = J_NULL; return 0;
    case od::json_type::boolean: o.t = J_BOOL; return v.get_bool().get(o.b) == SUCCESS ? 0 : -1;
    case od::json_type::string: o.t = J_STR; return v.get_string(true).get(o.s) == SUCCESS ? 0 : -1;
    case od::json_type::array: o.t = J_ARR; return 0;
    case od::json_type::object: o.t = J_OBJ; return 0;
    case od::json_type::number: {
      od::number_type nt;
      if (v.get_number_type().get(nt) != SUCCESS) return -1;
      if (nt == od::number_type::signed_integer) { o.t = J_INT; return v.get_int64().get(o.i) == SUCCESS ? 0 : -1; }
      if (nt == od::number_type::floating_point_number) { o.t = J_FLOAT; return v.get_double().get(o.d) == SUCCESS ? 0 : -1; }
      o.t = J_BIG;  // beyond int64: Python keeps it exactly, we do not
      return 0;
    }
  }
  return -1;
}

// JavaScript truthiness (logfiles.truthy): an empty array or object is true.
static inline bool js_truthy(const JVal &v) {
  switch (v.t) {
    case J_ABSENT: case J_NULL: return false;
    case J_BOOL: return v.b;
    case J_INT: return v.i != 0;
    case J_FLOAT: return v.d != 0;
    case J_STR: return !v.s.empty();
    default: return true;
  }
}

// Python truthiness; *unknown for an array or object (their emptiness is
// not read).
static inline bool py_truthy(const JVal &v, bool *unknown) {
  if (v.t == J_ARR || v.t == J_OBJ) { *unknown = true; return true; }
  return js_truthy(v);
}

static inline bool jstr(const JVal &v, std::string_view s) { return v.t == J_STR && v.s == s; }

// logfiles.count: absent/null -> 0; an int or float >= 0 -> its integer
// part. False when Python would reject it (bool, string, negative...) or
// it is larger than the reader's columns admit (MAX_TOKENS; the file
// cache rejects such a decode).
// whole_only: a fraction is rejected too (jsonfiles.count, Pi's readers).
static inline bool jcount(const JVal &v, int64_t *out, bool whole_only = false) {
  static const double BIG = MAX_TOKENS;
  switch (v.t) {
    case J_ABSENT: case J_NULL: *out = 0; return true;
    case J_INT: if (v.i < 0 || (double)v.i >= BIG) return false; *out = v.i; return true;
    case J_FLOAT:
      if (!(v.d >= 0) || v.d >= BIG || (whole_only && v.d != (double)(int64_t)v.d)) return false;
      *out = (int64_t)v.d;
      return true;
    default: return false;
  }
}

// records.ts_ms: epoch ms of an ISO string, or of seconds (< 1e12) or
// milliseconds; CB_TS_NONE when it is neither. False: a value we do not
// reproduce (an integer beyond int64).
static inline bool jts(const JVal &v, int64_t *out) {
  *out = CB_TS_NONE;
  switch (v.t) {
    case J_INT:
      if (v.i > 0) *out = v.i < 1000000000000LL ? v.i * 1000 : v.i;
      return true;
    case J_FLOAT:
      if (!(v.d > 0)) return true;
      if (v.d < 1e12) { *out = (int64_t)(v.d * 1000); return true; }
      if (v.d >= 9e18) return false;
      *out = (int64_t)v.d;
      return true;
    case J_STR:
      if (!v.s.empty()) *out = parse_iso_ms(v.s);
      return true;
    case J_BIG: return false;
    default: return true;
  }
}

// records.js_date_ms: `new Date(value)`'s epoch ms: a number is
// milliseconds whatever its size (seconds fall in 1970); CB_TS_NONE beyond
// Date's range. False: a value we do not reproduce (an integer beyond int64).
static inline bool jts_date(const JVal &v, int64_t *out) {
  static const double DATE_MAX_MS = 8.64e15;
  *out = CB_TS_NONE;
  switch (v.t) {
    case J_INT:
      if (v.i >= -(int64_t)DATE_MAX_MS && v.i <= (int64_t)DATE_MAX_MS) *out = v.i;
      return true;
    case J_FLOAT:
      if (v.d >= -DATE_MAX_MS && v.d <= DATE_MAX_MS) *out = (int64_t)v.d;  // (NaN fails both tests)
      return true;
    case J_BIG: return false;
    default: return jts(v, out);
  }
}

static const size_t JSONL_PROMPT_CPS = 500;  // UTF-16 units of a prompt the readers keep (JavaScript's slice)

// Appends s to out until out holds `cap` UTF-16 units (a character beyond
// the BMP is two; one that would pass the cap is left out); `cps` counts them.
static inline void append_cps(std::string &out, size_t &cps, std::string_view s, size_t cap = JSONL_PROMPT_CPS) {
  size_t i = 0, n = s.size();
  while (i < n && cps < cap) {
    size_t j = i + 1;
    while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80) j++;
    size_t units = (unsigned char)s[i] >= 0xF0 ? 2 : 1;
    if (cps + units > cap) break;
    out.append(s.data() + i, j - i);
    cps += units;
    i = j;
  }
}

// Where a format keeps what the reports need (JSON keys at each level).
struct JsonlFormat {
  const char *provider;    // the dedup key's prefix and the tool-name table's id
  const char *usage;       // the top-level object holding the token counts (Pi: message.usage)
  const char *counts[4];   // its keys: input, output, cached (cache reads), reasoning (Pi: cache writes)
  const char *tools;       // Gemini: the top-level tool list; others: none (tool calls are message parts)
  bool pi;                 // Pi's record shape: {type, id, timestamp, cwd, message: {role, content, usage, ...}}
};

enum JsonlFormatId {
  JF_GEMINI = 0, JF_QWEN = 1, JF_PI = 2, JF_OMP = 3, JF_OPENCLAW = 4, JF_KIMI = 5, JF_KIMICODE = 6, JF_COPILOT = 7,
  JF_COUNT
};

static const JsonlFormat JSONL_FORMATS[JF_COUNT] = {
    {"gemini", "tokens", {"input", "output", "cached", "thoughts"}, "toolCalls", false},
    {"qwen", "usageMetadata", {"promptTokenCount", "candidatesTokenCount", "cachedContentTokenCount",
                               "thoughtsTokenCount"}, nullptr, false},
    {"pi", nullptr, {"input", "output", "cacheRead", "cacheWrite"}, nullptr, true},
    {"omp", nullptr, {"input", "output", "cacheRead", "cacheWrite"}, nullptr, true},  // Pi's format, another home
    {"openclaw", nullptr, {"input", "output", "cacheRead", "cacheWrite"}, nullptr, true},  // Pi-lineage records
    {"kimi", nullptr, {nullptr, nullptr, nullptr, nullptr}, nullptr, false},  // wire records (KimiLine)
    {"kimicode", nullptr, {"inputOther", "output", "inputCacheRead", "inputCacheCreation"}, nullptr,
     false},  // flat records (KimiCodeLine); its counts are read as typed
    {"copilot", nullptr, {"inputTokens", "cacheReadTokens", "cacheWriteTokens", "reasoningTokens"}, nullptr,
     false},  // Copilot CLI events (CopilotLine); the counts of a shutdown's rollup per model
};

// The legacy Kimi CLI's usage keys, in the order kimi.py tries them.
enum KimiKey {
  KK_CACHE_READ, KK_CACHE_READ_2, KK_CACHE_READ_3, KK_CACHE_WRITE, KK_CACHE_WRITE_2, KK_INPUT_OTHER, KK_INPUT_TOKENS,
  KK_INPUT, KK_OUTPUT, KK_OUTPUT_TOKENS, KK_COUNT
};
static const char *const KIMI_KEYS[KK_COUNT] = {
    "input_cache_read", "cache_read_input_tokens", "cached_input_tokens", "input_cache_creation",
    "cache_creation_input_tokens", "input_other", "input_tokens", "input", "output", "output_tokens"};

// A Kimi wire record's envelope (the record, or its `message` object when
// it has one) and payload fields.
struct KimiLine {
  bool in_message = false;   // the envelope is the record's `message` object
  JVal type, payload;
  JVal fn_name, fn_args, name, args;    // a tool call: function.{name, arguments}, name, arguments
  JVal message_id, model, model_name;
  JVal token_usage, usage;              // their types; the counts below
  JVal counts[2][KK_COUNT];             // [0]: token_usage's, [1]: usage's
  void reset() { *this = KimiLine(); }
};

// A Kimi Code record's fields (providers/kimicode.py), by record type:
// llm.request's modelAlias, turnStep and time (`model` is JsonlLine's);
// a context.append_loop_event's event {type, name, args}, with
// args.command when args is an object; usage.record's usage counts (in
// JsonlFormat::counts order) and time. turn.prompt's input is
// JsonlLine::text, its parts stripped and joined by newlines.
struct KimiCodeLine {
  JVal alias, turn_step, time;
  JVal event, ev_type, ev_name, ev_args, ev_command;
  JVal counts[4];
};

// A Copilot CLI event's `data` fields (providers/copilot.py), whatever the
// event's type (it may follow them): models, the user's content, an
// assistant message's id, output and tool requests, a subagent's name and
// tool call id, a shutdown's per-model usage and session start.
struct CopilotTool {
  JVal name, tool_name, args, skill, command;
};
struct CopilotRollup {
  std::string_view model;
  JVal entry, usage, counts[4];  // counts in JsonlFormat::counts order
};
struct CopilotLine {
  JVal data, selected, new_model, content, message_id, model, output, requests, agent, call_id, metrics, start;
  std::vector<CopilotTool> tools;
  std::vector<CopilotRollup> rollups;
  bool repeated = false;  // a key given twice (Python keeps the last value at the first one's place)
  void reset() {
    std::vector<CopilotTool> t;
    std::vector<CopilotRollup> r;
    t.swap(tools);
    r.swap(rollups);
    *this = CopilotLine();
    t.clear();
    r.clear();
    tools.swap(t);
    rollups.swap(r);
  }
};

struct JsonlTool {
  JVal name, display, command;
  JVal path;  // Pi: arguments.path when given (even null), else arguments.file_path
};

struct JsonlLine {
  bool object = false, has_set = false, has_messages = false;
  JVal sid, start, id, type, ts, model, usage, uuid, message;
  int64_t counts[4] = {0, 0, 0, 0};
  bool counts_bad = false;
  std::vector<JsonlTool> tools;
  // The user text as the format's reader joins it, capped at 500 code
  // points; text_set: the line says what the prompt is (else it keeps the
  // previous one); text_bad: a text value the reader would reject.
  std::string text;
  size_t text_cps = 0;
  bool text_set = false, text_bad = false;
  bool parts_bad = false;  // Qwen: message.parts present and not a list
  bool tools_over = false;  // more tool calls than MAX_TOOL_BLOCKS
  // Pi: the record's id and cwd, the message's role, model and responseId,
  // how many fields its usage has (an empty one is no usage to Python).
  JVal rec_id, cwd, role, msg_model, response_id;
  int usage_fields = 0;
  // OpenClaw: a model_change's modelId, a custom record's customType and
  // its data.modelId.
  JVal model_id, custom_type, data_model_id;
  KimiLine kimi;
  KimiCodeLine kc;
  CopilotLine cp;

  void reset() {
    object = has_set = has_messages = false;
    sid = start = id = type = ts = model = usage = uuid = message = JVal();
    for (int64_t &c : counts) c = 0;
    counts_bad = false;
    tools.clear();
    text.clear();
    text_cps = 0;
    text_set = text_bad = parts_bad = tools_over = false;
    rec_id = cwd = role = msg_model = response_id = model_id = custom_type = data_model_id = JVal();
    kimi.reset();
    kc = KimiCodeLine();
    cp.reset();
    usage_fields = 0;
  }
};

static int jsonl_counts(od::value v, const JsonlFormat &f, JsonlLine &L) {
  od::object o;
  if (v.get_object().get(o) != SUCCESS) return 0;
  for (auto field : o) {
    od::field fld;
    if (std::move(field).get(fld) != SUCCESS) return -1;
    L.usage_fields++;
    auto k = fld.key();
    for (int c = 0; c < 4; c++) {
      if (k == f.counts[c]) {
        JVal x;
        if (jcapture(fld.value(), x)) return -1;
        if (!jcount(x, &L.counts[c], f.pi)) L.counts_bad = true;
        break;
      }
    }
  }
  return 0;
}

// `args.command` of a tool call.
static int jsonl_command(od::value v, JVal &out) {
  return each_field(v, [&](auto k, od::value x) { return k == "command" ? (jcapture(x, out) ? -1 : 0) : 0; });
}

// Calls f(element) for each element of v when v is an array (anything
// else: none). -1 on a structural error, or the first non-zero f returns.
template <class F>
static inline int each_element(od::value v, F &&f) {
  od::array arr;
  if (v.get_array().get(arr) != SUCCESS) return 0;
  for (auto e : arr) {
    od::value ev;
    if (std::move(e).get(ev) != SUCCESS) return -1;
    if (int r = f(ev)) return r;
  }
  return 0;
}

// A tool call kept for the line (beyond MAX_TOOL_BLOCKS the line is the
// Python reader's: it keeps them all).
static inline void add_jsonl_tool(JsonlLine &L, const JsonlTool &t) {
  if (L.tools.size() < MAX_TOOL_BLOCKS) L.tools.push_back(t);
  else L.tools_over = true;
}

// Gemini's toolCalls: [{name, displayName, args: {command}}] (an element
// that is no object has no name: it is no tool).
static int gemini_tools(od::value v, JsonlLine &L) {
  return each_element(v, [&](od::value ev) {
    JsonlTool t;
    int r = each_field(ev, [&](auto k, od::value x) {
      if (k == "name") return jcapture(x, t.name);
      if (k == "displayName") return jcapture(x, t.display);
      if (k == "args") { t.command = JVal(); return jsonl_command(x, t.command); }
      return 0;
    });
    if (!r) add_jsonl_tool(L, t);
    return r;
  });
}

// Gemini's user content: a string, or a list whose items' `text` strings
// are joined by spaces (an item without one joins as "").
static int gemini_content(od::value v, JsonlLine &L) {
  od::json_type t;
  if (v.type().get(t) != SUCCESS) return -1;
  if (t == od::json_type::string) {
    std::string_view s;
    if (v.get_string(true).get(s) != SUCCESS) return -1;
    L.text_set = true;
    append_cps(L.text, L.text_cps, s);
    return 0;
  }
  if (t != od::json_type::array) return 0;
  L.text_set = true;
  bool first = true;
  return each_element(v, [&](od::value ev) {
    if (!first) append_cps(L.text, L.text_cps, " ");
    first = false;
    JVal text;
    if (each_field(ev, [&](auto k, od::value x) { return k == "text" ? jcapture(x, text) : 0; })) return -1;
    if (text.t == J_STR) append_cps(L.text, L.text_cps, text.s);
    return 0;
  });
}

// Qwen's message.parts: user texts (truthy `text`, no truthy `thought`,
// joined by spaces) and functionCall parts (the tools).
static int qwen_parts(od::value v, JsonlLine &L, bool want_text) {
  od::json_type t;
  if (v.type().get(t) != SUCCESS) return -1;
  if (t == od::json_type::null) return 0;
  if (t != od::json_type::array) { L.parts_bad = true; return 0; }
  bool joined = false;
  return each_element(v, [&](od::value ev) {
    JVal text, thought;
    JsonlTool tool;
    bool call = false;
    int r = each_field(ev, [&](auto k, od::value x) {
      if (k == "text") return want_text ? jcapture(x, text) : 0;
      if (k == "thought") return jcapture(x, thought);
      if (k != "functionCall") return 0;
      JVal fc;
      if (jcapture(x, fc)) return -1;
      call = fc.t == J_OBJ;
      tool = JsonlTool();
      return each_field(x, [&](auto fk, od::value y) {
        if (fk == "name") return jcapture(y, tool.name);
        if (fk == "args") { tool.command = JVal(); return jsonl_command(y, tool.command); }
        return 0;
      });
    });
    if (r) return r;
    if (call && tool.name.t == J_STR && !tool.name.s.empty()) add_jsonl_tool(L, tool);
    if (!want_text || !js_truthy(text)) return 0;
    bool unknown = false;
    if (py_truthy(thought, &unknown) && !unknown) return 0;
    if (unknown || text.t != J_STR) { L.text_bad = true; return 0; }
    if (joined) append_cps(L.text, L.text_cps, " ");
    append_cps(L.text, L.text_cps, text.s);
    joined = L.text_set = true;
    return 0;
  });
}

static int qwen_message(od::value v, JsonlLine &L, bool want_text) {
  if (jcapture(v, L.message)) return -1;
  if (L.message.t != J_OBJ) return 0;
  return each_field(v, [&](auto k, od::value x) { return k == "parts" ? qwen_parts(x, L, want_text) : 0; });
}

static const size_t PI_PROMPT_CPS = 4096;  // more than the 2,000 UTF-16 units record_turn keeps

// Pi's tool call arguments: path (when present, whatever its value), else
// file_path; command.
static int pi_arguments(od::value v, JsonlTool &t) {
  JVal file_path;
  bool has_path = false;
  int r = each_field(v, [&](auto k, od::value x) {
    if (k == "path") { has_path = true; return jcapture(x, t.path) ? -1 : 0; }
    if (k == "file_path") return jcapture(x, file_path) ? -1 : 0;
    if (k == "command") return jcapture(x, t.command) ? -1 : 0;
    return 0;
  });
  if (!has_path) t.path = file_path;
  return r;
}

// Pi's message content: a string is one text; a list's object blocks give
// texts ({type: "text", text}) and tool calls ({type: "toolCall", name,
// arguments}). Non-empty texts are joined by spaces. OpenClaw (`claw`):
// only a list counts, its first non-empty text (500 code points) is the
// prompt, and `tool_use` blocks are tool calls too.
static int pi_content(od::value v, JsonlLine &L, bool want_text, bool claw) {
  od::json_type t;
  if (v.type().get(t) != SUCCESS) return -1;
  if (t == od::json_type::string) {
    if (claw) return 0;
    if (!want_text) return 0;
    std::string_view s;
    if (v.get_string(true).get(s) != SUCCESS) return -1;
    if (!s.empty()) append_cps(L.text, L.text_cps, s, PI_PROMPT_CPS);
    L.text_set = !s.empty();
    return 0;
  }
  if (t != od::json_type::array) return 0;
  return each_element(v, [&](od::value ev) {
    JVal type, text;
    JsonlTool tool;
    int r = each_field(ev, [&](auto k, od::value x) {
      if (k == "type") return jcapture(x, type);
      if (k == "text") return want_text ? jcapture(x, text) : 0;
      if (k == "name") return jcapture(x, tool.name);
      if (k == "arguments") { tool.path = tool.command = JVal(); return pi_arguments(x, tool); }
      return 0;
    });
    if (r) return r;
    bool call = jstr(type, "toolCall") || (claw && jstr(type, "tool_use"));
    if (call && tool.name.t == J_STR && !tool.name.s.empty()) {
      add_jsonl_tool(L, tool);
    } else if (claw) {
      if (want_text && !L.text_set && jstr(type, "text") && text.t == J_STR && !text.s.empty()) {
        append_cps(L.text, L.text_cps, text.s);
        L.text_set = true;
      }
    } else if (want_text && jstr(type, "text") && text.t == J_STR && !text.s.empty()) {
      if (L.text_set) append_cps(L.text, L.text_cps, " ", PI_PROMPT_CPS);
      append_cps(L.text, L.text_cps, text.s, PI_PROMPT_CPS);
      L.text_set = true;
    }
    return 0;
  });
}

static int pi_message(od::value v, const JsonlFormat &f, JsonlLine &L) {
  if (jcapture(v, L.message)) return -1;
  if (L.message.t != J_OBJ) return 0;
  return each_field(v, [&](auto k, od::value x) {
    if (k == "role") return jcapture(x, L.role);
    if (k == "model") return jcapture(x, L.msg_model);
    if (k == "responseId") return jcapture(x, L.response_id);
    if (k == "usage") {
      L.counts_bad = false;
      L.usage_fields = 0;
      for (int64_t &c : L.counts) c = 0;
      if (jcapture(x, L.usage)) return -1;
      return L.usage.t == J_OBJ ? jsonl_counts(x, f, L) : 0;
    }
    if (k == "content") {
      // A reply's texts are not read (its role comes first in what Pi writes).
      L.tools.clear();
      L.text.clear();
      L.text_cps = 0;
      L.text_set = false;
      return pi_content(x, L, L.role.t == J_ABSENT || jstr(L.role, "user"), &f == &JSONL_FORMATS[JF_OPENCLAW]);
    }
    return 0;
  });
}

static int kimi_usage(od::value v, JVal *counts) {
  return each_field(v, [&](auto k, od::value x) {
    for (int i = 0; i < KK_COUNT; i++)
      if (k == KIMI_KEYS[i]) return jcapture(x, counts[i]);
    return 0;
  });
}

// A prompt written as a string (kept as it is) or as a list of parts:
// `part(type, text)` gives each part's text ("": none), the non-empty ones
// joined by `sep`; anything else is "". `cap` code points are kept.
template <class F>
static int string_or_parts(od::value v, JsonlLine &L, std::string_view sep, size_t cap, F &&part) {
  L.text.clear();
  L.text_cps = 0;
  od::json_type t;
  if (v.type().get(t) != SUCCESS) return -1;
  if (t == od::json_type::string) {
    std::string_view s;
    if (v.get_string(true).get(s) != SUCCESS) return -1;
    append_cps(L.text, L.text_cps, s, cap);
    return 0;
  }
  bool joined = false;
  return each_element(v, [&](od::value ev) {
    JVal type, text;
    if (each_field(ev, [&](auto k, od::value x) {
          if (k == "type") return jcapture(x, type);
          return k == "text" ? jcapture(x, text) : 0;
        }))
      return -1;
    std::string_view s = part(type, text);
    if (s.empty()) return 0;
    if (joined) append_cps(L.text, L.text_cps, sep, cap);
    append_cps(L.text, L.text_cps, s, cap);
    joined = true;
    return 0;
  });
}

// user_input: a string, or a list whose items' non-empty texts are joined
// by spaces; 500 code points (anything else: "").
static int kimi_user_input(od::value v, JsonlLine &L) {
  return string_or_parts(v, L, " ", JSONL_PROMPT_CPS, [](const JVal &, const JVal &text) {
    return text.t == J_STR ? text.s : std::string_view();
  });
}

static int kimi_payload(od::value v, JsonlLine &L) {
  KimiLine &K = L.kimi;
  if (jcapture(v, K.payload)) return -1;
  if (K.payload.t != J_OBJ) return 0;
  return each_field(v, [&](auto k, od::value x) {
    if (k == "user_input") return kimi_user_input(x, L);
    if (k == "function") {
      K.fn_name = K.fn_args = JVal();
      return each_field(x, [&](auto fk, od::value y) {
        if (fk == "name") return jcapture(y, K.fn_name);
        if (fk == "arguments") return jcapture(y, K.fn_args);
        return 0;
      });
    }
    if (k == "name") return jcapture(x, K.name);
    if (k == "arguments") return jcapture(x, K.args);
    if (k == "message_id") return jcapture(x, K.message_id);
    if (k == "model") return jcapture(x, K.model);
    if (k == "model_name") return jcapture(x, K.model_name);
    if (k == "token_usage" || k == "usage") {
      int slot = k == "usage";
      for (JVal &c : K.counts[slot]) c = JVal();
      if (jcapture(x, slot ? K.usage : K.token_usage)) return -1;
      return kimi_usage(x, K.counts[slot]);
    }
    return 0;
  });
}

// Kimi Code's turn.prompt input: a string as it is; a list's text parts
// ({type: "text", text}), stripped, the non-empty ones joined by newlines
// (PI_PROMPT_CPS code points: more than a turn keeps); else "".
static int kimicode_input(od::value v, JsonlLine &L) {
  return string_or_parts(v, L, "\n", PI_PROMPT_CPS, [](const JVal &type, const JVal &text) {
    return jstr(type, "text") && text.t == J_STR ? cursor_py_strip(text.s) : std::string_view();
  });
}

static int kimicode_field(od::raw_json_string k, od::value v, const JsonlFormat &f, JsonlLine &L) {
  KimiCodeLine &K = L.kc;
  if (k == "modelAlias") return jcapture(v, K.alias);
  if (k == "turnStep") return jcapture(v, K.turn_step);
  if (k == "time") return jcapture(v, K.time);
  if (k == "input") return kimicode_input(v, L);
  if (k == "usage") {
    for (JVal &c : K.counts) c = JVal();
    if (jcapture(v, L.usage)) return -1;
    return each_field(v, [&](auto uk, od::value x) {
      for (int c = 0; c < 4; c++)
        if (uk == f.counts[c]) return jcapture(x, K.counts[c]);
      return 0;
    });
  }
  if (k != "event") return 0;
  K.ev_type = K.ev_name = K.ev_args = K.ev_command = JVal();
  if (jcapture(v, K.event)) return -1;
  return each_field(v, [&](auto ek, od::value x) {
    if (ek == "type") return jcapture(x, K.ev_type);
    if (ek == "name") return jcapture(x, K.ev_name);
    if (ek != "args") return 0;
    K.ev_command = JVal();
    if (jcapture(x, K.ev_args)) return -1;
    return K.ev_args.t == J_OBJ ? jsonl_command(x, K.ev_command) : 0;
  });
}

// A Copilot tool request: name / toolName, and its arguments' skill and
// command.
static int copilot_tool(od::value v, CopilotLine &C) {
  CopilotTool t;
  JVal obj;
  if (jcapture(v, obj)) return -1;
  if (obj.t != J_OBJ) return 0;  // no tool
  int r = each_field(v, [&](auto k, od::value x) {
    if (k == "name") return jcapture(x, t.name);
    if (k == "toolName") return jcapture(x, t.tool_name);
    if (k != "arguments") return 0;
    t.skill = t.command = JVal();
    if (jcapture(x, t.args)) return -1;
    return each_field(x, [&](auto ak, od::value y) {
      if (ak == "skill") return jcapture(y, t.skill);
      return ak == "command" ? jcapture(y, t.command) : 0;
    });
  });
  if (r) return r;
  if (C.tools.size() >= MAX_TOOL_BLOCKS) return 1;  // more than the reader keeps: the Python reader's
  C.tools.push_back(t);
  return 0;
}

// A shutdown's modelMetrics: per model, its usage counts.
static int copilot_metrics(od::value v, const JsonlFormat &f, CopilotLine &C) {
  C.rollups.clear();
  if (jcapture(v, C.metrics)) return -1;
  od::object o;
  if (C.metrics.t != J_OBJ || v.get_object().get(o) != SUCCESS) return 0;
  for (auto field : o) {
    od::field fld;
    CopilotRollup m;
    if (std::move(field).get(fld) != SUCCESS || fld.unescaped_key(true).get(m.model) != SUCCESS) return -1;
    for (const CopilotRollup &x : C.rollups) C.repeated |= x.model == m.model;
    od::value entry = fld.value();
    if (jcapture(entry, m.entry)) return -1;
    int r = each_field(entry, [&](auto ek, od::value x) {
      if (ek != "usage") return 0;
      for (JVal &c : m.counts) c = JVal();
      if (jcapture(x, m.usage)) return -1;
      return each_field(x, [&](auto uk, od::value y) {
        for (int c = 0; c < 4; c++)
          if (uk == f.counts[c]) return jcapture(y, m.counts[c]);
        return 0;
      });
    });
    if (r) return r;
    C.rollups.push_back(m);
  }
  return 0;
}

static int copilot_data(od::value v, const JsonlFormat &f, JsonlLine &L) {
  CopilotLine &C = L.cp;
  if (C.data.t != J_ABSENT) C.repeated = true;
  if (jcapture(v, C.data)) return -1;
  return each_field(v, [&](auto k, od::value x) {
    if (k == "selectedModel") return jcapture(x, C.selected);
    if (k == "newModel") return jcapture(x, C.new_model);
    if (k == "content") {
      if (jcapture(x, C.content)) return -1;
      L.text.clear();
      L.text_cps = 0;
      if (C.content.t == J_STR) append_cps(L.text, L.text_cps, C.content.s, PI_PROMPT_CPS);
      return 0;
    }
    if (k == "messageId") return jcapture(x, C.message_id);
    if (k == "model") return jcapture(x, C.model);
    if (k == "outputTokens") return jcapture(x, C.output);
    if (k == "agentName") return jcapture(x, C.agent);
    if (k == "toolCallId") return jcapture(x, C.call_id);
    if (k == "sessionStartTime") return jcapture(x, C.start);
    if (k == "modelMetrics") return copilot_metrics(x, f, C);
    if (k != "toolRequests") return 0;
    C.tools.clear();
    if (jcapture(x, C.requests)) return -1;
    return each_element(x, [&](od::value e) { return copilot_tool(e, C); });
  });
}

// Parses one line of format `fid`. L_OK, or L_INVALID (not JSON, or a
// structural error inside a value read).
static int decode_jsonl_line(od::parser &parser, const char *buf, size_t len, size_t capacity, int fid,
                             JsonlLine &L) {
  L.reset();
  const JsonlFormat &f = JSONL_FORMATS[fid];
  // simdjson passes over a byte-order mark that Python's json rejects.
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) return L_INVALID;
  od::document doc;
  if (parser.iterate(buf, len, capacity).get(doc) != SUCCESS) return L_INVALID;
  od::json_type root;
  if (doc.type().get(root) != SUCCESS) return L_INVALID;
  if (root != od::json_type::object) return L_INVALID;  // the readers skip it and warn: theirs to read
  od::object obj;
  if (doc.get_object().get(obj) != SUCCESS) return L_INVALID;
  L.object = true;
  for (auto field : obj) {
    od::field fld;
    if (std::move(field).get(fld) != SUCCESS) return L_INVALID;
    auto k = fld.key();
    int r = 0;
    if (k == "type") r = jcapture(fld.value(), L.type);
    else if (k == "timestamp") r = jcapture(fld.value(), L.ts);
    else if (k == "model") r = jcapture(fld.value(), L.model);
    else if (k == "sessionId") r = jcapture(fld.value(), L.sid);
    else if (f.pi) {
      if (k == "id") r = jcapture(fld.value(), L.rec_id);
      else if (k == "cwd") r = jcapture(fld.value(), L.cwd);
      else if (k == "message") r = pi_message(fld.value(), f, L);
      else if (k == "modelId") r = jcapture(fld.value(), L.model_id);
      else if (k == "customType") r = jcapture(fld.value(), L.custom_type);
      else if (k == "data")
        r = each_field(fld.value(), [&](auto dk, od::value x) { return dk == "modelId" ? jcapture(x, L.data_model_id) : 0; });
    } else if (fid == JF_KIMI) {
      KimiLine &K = L.kimi;
      if (k == "message") {
        JVal m;
        r = jcapture(fld.value(), m);
        if (!r && m.t == J_OBJ) {
          K.reset();
          K.in_message = true;
          L.text.clear();
          L.text_cps = 0;
          r = each_field(fld.value(), [&](auto mk, od::value x) {
            if (mk == "type") return jcapture(x, K.type);
            if (mk == "payload") return kimi_payload(x, L);
            return 0;
          });
        }
      } else if (k == "payload" && !K.in_message) {
        r = kimi_payload(fld.value(), L);
      }
    } else if (fid == JF_KIMICODE) {
      r = kimicode_field(k, fld.value(), f, L);
    } else if (fid == JF_COPILOT) {
      if (k == "data") r = copilot_data(fld.value(), f, L);
    } else if (f.usage && k == f.usage) {
      L.counts_bad = false;
      for (int64_t &c : L.counts) c = 0;
      r = jcapture(fld.value(), L.usage);
      if (!r && L.usage.t == J_OBJ) r = jsonl_counts(fld.value(), f, L);
    } else if (fid == JF_GEMINI) {
      if (k == "$set") L.has_set = true;
      else if (k == "messages") L.has_messages = true;
      else if (k == "startTime") r = jcapture(fld.value(), L.start);
      else if (k == "id") r = jcapture(fld.value(), L.id);
      else if (k == "content") {
        // Only a user's content is a prompt; a reply's is not read. The
        // type comes first in what the CLI writes; content before it is
        // left to the Python reader (text_bad).
        L.text.clear();
        L.text_cps = 0;
        L.text_set = false;
        if (L.type.t == J_ABSENT) L.text_bad = true;
        else if (jstr(L.type, "user")) r = gemini_content(fld.value(), L);
      } else if (k == f.tools) {
        L.tools.clear();
        r = gemini_tools(fld.value(), L);
      }
    } else {  // JF_QWEN
      if (k == "uuid") r = jcapture(fld.value(), L.uuid);
      else if (k == "message") {
        L.tools.clear();
        L.text.clear();
        L.text_cps = 0;
        L.text_set = L.text_bad = L.parts_bad = false;
        r = qwen_message(fld.value(), L, jstr(L.type, "user"));
        if (L.type.t == J_ABSENT) L.text_bad = true;  // the message before its type: left to the Python reader
      }
    }
    if (r) return L_INVALID;
  }
  if (!doc.at_end()) return L_INVALID;
  if (fid == JF_KIMI && !L.kimi.in_message) L.kimi.type = L.type;  // the record is its own envelope
  return L_OK;
}

// Qwen writes `"type"` before the message: a line whose first "type" (in
// its first 512 code points, as logfiles.leading_type looks) is
// "tool_result" is a tool output, skipped unparsed like the reader skips it.
// Pi's tool outputs: the marker in a line's first 256 bytes (as
// jsonfiles.json_lines looks), skipped unparsed.
static inline bool pi_skippable(const char *p, size_t n) {
  std::string_view head(p, n < 256 ? n : 256);
  return head.find("\"role\":\"toolResult\"") != std::string_view::npos;
}

// The value of a line's first "type" key in its first 512 code points
// (logfiles.leading_type), else empty.
static inline std::string_view leading_type(const char *p, size_t n) {
  size_t cps = 0, end = 0;
  while (end < n && cps < 512) {
    end++;
    while (end < n && ((unsigned char)p[end] & 0xC0) == 0x80) end++;
    cps++;
  }
  std::string_view head(p, end);
  size_t at = head.find("\"type\"");
  if (at == std::string_view::npos) return {};
  size_t i = at + 6;
  auto space = [&](char c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f); };
  while (i < end && space(head[i])) i++;
  if (i >= end || head[i] != ':') return {};
  i++;
  while (i < end && space(head[i])) i++;
  if (i >= end || head[i] != '"') return {};
  size_t close = head.find('"', i + 1);
  return close == std::string_view::npos ? std::string_view() : head.substr(i + 1, close - i - 1);
}

static inline bool qwen_skippable(const char *p, size_t n) { return leading_type(p, n) == "tool_result"; }

// Copilot's tool outputs, reasoning and streamed deltas (copilot.py
// SKIPPED_EVENTS): most of a log's bytes, passed over unparsed.
static inline bool copilot_skippable(const char *p, size_t n) {
  std::string_view t = leading_type(p, n);
  return t == "tool.execution_complete" || t == "tool.execution_start" || t == "tool.execution_partial_result" ||
         t == "assistant.reasoning" || t == "assistant.message_delta";
}

}  // namespace cb
