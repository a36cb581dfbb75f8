// JavaScript's white space, as its trim() and its regex \s know it.
#pragma once

#include <cstddef>
#include <string_view>

namespace cb {

// Bytes of the JavaScript white space (String.prototype.trim's: WhiteSpace
// and LineTerminator, Unicode's Zs included) that `s` starts with: 0 if none.
static inline size_t js_space_at(std::string_view s) {
  if (s.empty()) return 0;
  unsigned char c = (unsigned char)s[0];
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (c == 0xC2) return s.size() >= 2 && (unsigned char)s[1] == 0xA0 ? 2 : 0;  // U+00A0
  if (s.size() < 3 || c < 0xE1 || c > 0xEF) return 0;
  unsigned char b = (unsigned char)s[1], d = (unsigned char)s[2];
  bool hit = (c == 0xE1 && b == 0x9A && d == 0x80)                                  // U+1680
             || (c == 0xE2 && b == 0x80 && (d <= 0x8A || d == 0xA8 || d == 0xA9 || d == 0xAF))  // U+2000-200A, 2028, 2029, 202F
             || (c == 0xE2 && b == 0x81 && d == 0x9F)                               // U+205F
             || (c == 0xE3 && b == 0x80 && d == 0x80)                               // U+3000
             || (c == 0xEF && b == 0xBB && d == 0xBF);                              // U+FEFF
  return hit ? 3 : 0;
}

// The same, ending `s`.
static inline size_t js_space_before_end(std::string_view s) {
  size_t n = s.size();
  if (n && js_space_at(s.substr(n - 1)) == 1) return 1;
  if (n >= 2 && js_space_at(s.substr(n - 2)) == 2) return 2;
  if (n >= 3 && js_space_at(s.substr(n - 3)) == 3) return 3;
  return 0;
}

// JavaScript's trim(), as the reference applies it to prompts, folders and
// names (a prompt of no-break or ideographic spaces alone is blank there).
static inline std::string_view trim_js(std::string_view s) {
  while (size_t k = js_space_at(s)) s.remove_prefix(k);
  while (size_t k = js_space_before_end(s)) s.remove_suffix(k);
  return s;
}

}  // namespace cb
