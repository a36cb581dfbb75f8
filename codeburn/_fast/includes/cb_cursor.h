// One Cursor IDE chat bubble (a `bubbleId:*` value of state.vscdb's
// cursorDiskKV, spec providers §2.1) -> the few fields the provider needs,
// read with simdjson On-Demand in one pass over the top-level object.
// Bubbles are several KB of context and code; only `type`, `tokenCount`,
// `modelInfo.modelName`, `createdAt`, `requestId`, the first 500 characters
// and the length of `text`, and the `codeBlocks[].languageId`s are kept.
// Anything unexpected (invalid JSON or UTF-8 where it reads, a field of
// another type, a key given twice) returns false: the caller then decodes
// the row the slow, general way. Like all On-Demand reading, the parts of a
// value it skips are not validated.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "simdjson.h"

namespace cb {

struct CursorBubble {
  int64_t type = 0;
  bool has_type = false;
  double tokens_in = 0, tokens_out = 0;
  bool has_in = false, has_out = false;
  std::string_view model, created, request_id, text;
  bool has_model = false, has_created = false, has_request = false, has_text = false;
  size_t text_chars = 0;            // code points (SQLite's length())
  std::vector<std::string_view> langs;
};

static inline size_t utf8_chars(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The first `cap` code points of s.
static inline std::string_view utf8_prefix(std::string_view s, size_t cap) {
  size_t n = 0, i = 0;
  for (; i < s.size(); ++i) {
    if (((unsigned char)s[i] & 0xC0) != 0x80) {
      if (n == cap) break;
      ++n;
    }
  }
  return s.substr(0, i);
}

namespace cursor_detail {
namespace od = simdjson::ondemand;

// A number field, or null (absent). Anything else: not our shape.
static inline bool number_or_null(od::value v, double *out, bool *has) {
  od::json_type t;
  if (v.type().get(t) != simdjson::SUCCESS) return false;
  if (t == od::json_type::null) return true;
  if (t != od::json_type::number) return false;
  if (v.get_double().get(*out) != simdjson::SUCCESS) return false;
  *has = true;
  return true;
}

static inline bool string_or_null(od::value v, std::string_view *out, bool *has) {
  od::json_type t;
  if (v.type().get(t) != simdjson::SUCCESS) return false;
  if (t == od::json_type::null) return true;
  if (t != od::json_type::string) return false;
  if (v.get_string(true).get(*out) != simdjson::SUCCESS) return false;
  *has = true;
  return true;
}

// Calls fn(key, value) for each field of an object value; null is an empty
// object. False (not our shape) for anything else, a failed read, or when fn
// says so.
template <typename F>
static inline bool object_fields(od::value v, F fn) {
  od::json_type t;
  if (v.type().get(t) != simdjson::SUCCESS) return false;
  if (t != od::json_type::object) return t == od::json_type::null;
  od::object o;
  if (v.get_object().get(o) != simdjson::SUCCESS) return false;
  for (auto f : o) {
    std::string_view k;
    od::value fv;
    if (f.unescaped_key(true).get(k) != simdjson::SUCCESS || f.value().get(fv) != simdjson::SUCCESS) return false;
    if (!fn(k, fv)) return false;
  }
  return true;
}

// A key seen twice in one object: JSON readers disagree on which one wins
// (SQLite's json_extract the first, Python and JavaScript the last), so
// such a value is left to the general path.
static inline bool first_time(unsigned *seen, unsigned bit) {
  if (*seen & bit) return false;
  *seen |= bit;
  return true;
}

static inline bool token_count(od::value v, CursorBubble &b) {
  unsigned seen = 0;
  return object_fields(v, [&](std::string_view k, od::value fv) {
    if (k == "inputTokens") return first_time(&seen, 1) && number_or_null(fv, &b.tokens_in, &b.has_in);
    if (k == "outputTokens") return first_time(&seen, 2) && number_or_null(fv, &b.tokens_out, &b.has_out);
    return true;
  });
}

static inline bool model_info(od::value v, CursorBubble &b) {
  unsigned seen = 0;
  return object_fields(v, [&](std::string_view k, od::value fv) {
    return k != "modelName" || (first_time(&seen, 1) && string_or_null(fv, &b.model, &b.has_model));
  });
}

static inline bool add_language(od::value v, CursorBubble &b) {
  std::string_view lang;
  bool has = false;
  if (!string_or_null(v, &lang, &has)) return false;
  if (!has || lang.empty() || lang == "plaintext") return true;
  for (auto &l : b.langs)
    if (l == lang) return true;
  b.langs.push_back(lang);
  return true;
}

static inline bool code_blocks(od::value v, CursorBubble &b) {
  od::json_type t;
  if (v.type().get(t) != simdjson::SUCCESS) return false;
  if (t != od::json_type::array) return t == od::json_type::null;
  od::array a;
  if (v.get_array().get(a) != simdjson::SUCCESS) return false;
  for (auto el : a) {
    od::value ev;
    if (el.get(ev) != simdjson::SUCCESS || ev.type().get(t) != simdjson::SUCCESS) return false;
    if (t != od::json_type::object) continue;
    unsigned seen = 0;
    bool ok = object_fields(ev, [&](std::string_view k, od::value fv) {
      return k != "languageId" || (first_time(&seen, 1) && add_language(fv, b));
    });
    if (!ok) return false;
  }
  return true;
}

static inline bool integer_or_null(od::value v, int64_t *out, bool *has) {
  double d = 0;
  bool got = false;
  if (!number_or_null(v, &d, &got)) return false;
  if (!got) return true;
  if (d != (double)(int64_t)d) return false;  // not an integer: the general path decides
  *out = (int64_t)d;
  *has = true;
  return true;
}
}  // namespace cursor_detail

// buf holds len bytes of JSON followed by SIMDJSON_PADDING readable bytes.
// String views point into the parser: valid until its next document.
static inline bool decode_cursor_bubble(simdjson::ondemand::parser &parser, const char *buf, size_t len,
                                        size_t capacity, CursorBubble &b) {
  using namespace cursor_detail;
  b = CursorBubble();
  od::document doc;
  od::value root;
  if (parser.iterate(buf, len, capacity).get(doc) != simdjson::SUCCESS) return false;
  if (doc.get_value().get(root) != simdjson::SUCCESS) return false;
  od::json_type t;
  if (root.type().get(t) != simdjson::SUCCESS || t != od::json_type::object) return false;
  unsigned seen = 0;
  bool ok = object_fields(root, [&](std::string_view k, od::value v) {
    if (k == "type") return first_time(&seen, 1) && integer_or_null(v, &b.type, &b.has_type);
    if (k == "tokenCount") return first_time(&seen, 2) && token_count(v, b);
    if (k == "modelInfo") return first_time(&seen, 4) && model_info(v, b);
    if (k == "createdAt") return first_time(&seen, 8) && string_or_null(v, &b.created, &b.has_created);
    if (k == "requestId") return first_time(&seen, 16) && string_or_null(v, &b.request_id, &b.has_request);
    if (k == "codeBlocks") return first_time(&seen, 32) && code_blocks(v, b);
    if (k != "text") return true;
    if (!first_time(&seen, 64) || !string_or_null(v, &b.text, &b.has_text)) return false;
    if (b.has_text) b.text_chars = utf8_chars(b.text);
    return true;
  });
  return ok && doc.at_end();
}

// A parser and a padded copy buffer, reused from row to row.
struct CursorDecoder {
  simdjson::ondemand::parser parser;
  std::string buf;
  CursorBubble b;

  bool decode(const char *data, size_t len) {
    buf.assign(data, len);
    buf.append(simdjson::SIMDJSON_PADDING, ' ');
    return decode_cursor_bubble(parser, buf.data(), len, buf.size(), b);
  }
};

}  // namespace cb
