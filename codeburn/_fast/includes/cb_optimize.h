// What `codeburn optimize` needs from a user message beyond what the
// reports keep: the hash its detectors group a session's opening paste by,
// and the slash commands it names (spec commands §4.1, §4.3). Both run on
// the prompt text the reader already holds (capped at 2,000 UTF-16 units).
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "cb_bash.h"
#include "cb_decode.h"

namespace cb {

// Openers shorter than this (UTF-16 units of the whole text) never recur
// expensively enough to matter; the rest are hashed.
static const size_t OPENER_MIN_UNITS = 1500;

static inline bool opener_wrapper(std::string_view text) {
  std::string_view head = text;
  while (size_t k = js_space_at(head)) head.remove_prefix(k);  // trimStart()
  for (std::string_view w : {std::string_view("<system-reminder>"), std::string_view("<command-name>"),
                             std::string_view("<command-message>")})
    if (head.substr(0, w.size()) == w) return true;
  return false;
}

// The first 8,000 UTF-16 units of the text with ANSI sequences removed,
// whitespace runs collapsed to one space, trimmed, then cut to 2,000 units:
// the same paste reflowed or copied from a terminal hashes the same.
// 0 when the text is not an opener worth hashing.
static const size_t OPENER_HASHED_UNITS = 2000, OPENER_SLACK = 4;
template <class Hash>
static inline uint64_t opener_hash(std::string_view text, size_t full_units, std::string &clean, std::string &norm,
                                   Hash &&hash) {
  if (full_units < OPENER_MIN_UNITS || opener_wrapper(text)) return 0;
  strip_ansi(utf16_prefix(text, OPENER_HASHED_UNITS * OPENER_SLACK, nullptr), clean);
  norm.clear();
  bool space = false;
  std::string_view rest(clean);
  while (!rest.empty()) {  // /\s+/g -> ' ', then trim(): Unicode spaces too
    if (size_t k = js_space_at(rest)) {
      space = !norm.empty();
      rest.remove_prefix(k);
      continue;
    }
    if (space) norm.push_back(' ');
    space = false;
    norm.push_back(rest.front());
    rest.remove_prefix(1);
  }
  uint64_t h = hash(utf16_prefix(norm, OPENER_HASHED_UNITS, nullptr));
  return h ? h : 1;
}

static inline bool cmd_word(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// Calls f(name) for each match of `<command-name>NAME</command-name>` or a
// `/name` at a line start or after whitespace, left to right without
// overlaps (the reference's COMMAND_PATTERN). A matched `/name` keeps its
// leading slash out of the name; `<command-name>/x</command-name>` keeps it.
template <class F>
static inline void slash_commands(std::string_view t, F &&f) {
  static const std::string_view open("<command-name>"), close("</command-name>");
  const size_t n = t.size(), none = std::string_view::npos;
  // Only a '<', or a byte just before a '/', can start a match: the scan
  // jumps between them (memchr) instead of trying every byte, which cost
  // the main thread ~0.2 s of a 2 GB history.
  size_t lt = t.find('<'), sl = t.find('/');
  size_t i = 0;
  while (i < n) {
    if (t[i] == '<' && t.substr(i, open.size()) == open) {
      size_t b = i + open.size(), e = b;
      while (e < n && t[e] != '<') e++;
      if (e > b && t.substr(e, close.size()) == close) {
        f(t.substr(b, e - b));
        i = e + close.size();
        continue;
      }
    }
    size_t s = none;
    if (t[i] == '/' && i == 0) s = i;
    else if (i + 1 < n && t[i + 1] == '/' && js_space_before_end(t.substr(0, i + 1))) s = i + 1;  // \s, Unicode too
    if (s != none && s + 1 < n) {
      unsigned char c = (unsigned char)t[s + 1];
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        size_t e = s + 2;
        while (e < n && cmd_word((unsigned char)t[e])) e++;
        f(t.substr(s + 1, e - s - 1));
        i = e;
        continue;
      }
    }
    if (lt != none && lt <= i) lt = t.find('<', i + 1);
    if (sl != none && sl <= i + 1) sl = t.find('/', i + 2);
    i = std::min(lt, sl == none ? none : sl - 1);
  }
}

}  // namespace cb
