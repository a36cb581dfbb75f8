// Streaming "skeleton" of a huge JSON line.
//
// simdjson needs the whole document in memory plus a structural index of
// about 4 bytes per input byte, so a 300 MB tool-result line would cost more
// than a gigabyte. No report needs the long strings of such a line (tool
// output, file contents, thinking), only its structure, keys, numbers and the
// first few KB of each string. The reducer is fed the line in pieces as the
// reader gets them and copies everything except the tail of every string
// longer than `keep` bytes, so memory stays bounded by the line's structure.
// The skeleton is valid JSON exactly when the line is.
#pragma once
#include <cstring>
#include <string>

namespace cb {

struct Reducer {
  std::string out;
  size_t keep = 16384;      // bytes kept of each string: > 2,000 UTF-16 units even as \uXXXX escapes
  size_t max_out = 8 << 20; // a skeleton larger than this is not parsed (line counted as too large)
  bool in_str = false;      // inside a string literal
  bool skipping = false;    // past `keep`: dropping bytes until the closing quote
  bool escape = false;      // previous byte was a backslash
  int hex_left = 0;         // hex digits left in a \uXXXX escape
  bool high_surrogate = false;  // last complete escape was \uD800-\uDBFF: do not cut after it
  unsigned hex_val = 0;
  size_t str_len = 0;       // bytes copied of the current string
  size_t total_in = 0;
  bool overflow = false;

  void reset() {
    out.clear();
    in_str = skipping = escape = high_surrogate = overflow = false;
    hex_left = 0;
    hex_val = 0;
    str_len = 0;
    total_in = 0;
  }

  // True when the string may be cut before byte c: not inside an escape and
  // not before a UTF-8 continuation byte, so the kept prefix stays valid.
  bool can_cut(unsigned char c) const {
    return !escape && hex_left == 0 && !high_surrogate && (c & 0xC0) != 0x80;
  }

  void feed(const char *p, size_t n) {
    total_in += n;
    size_t i = 0;
    while (i < n) {
      if (!in_str) {
        // Outside strings: copy up to and including the next quote.
        const char *q = (const char *)memchr(p + i, '"', n - i);
        size_t stop = q ? (size_t)(q - p) + 1 : n;
        append(p + i, stop - i);
        if (q) { in_str = true; str_len = 0; escape = false; hex_left = 0; high_surrogate = false; }
        i = stop;
        continue;
      }
      if (skipping) {
        i = skip_to_close(p, n, i);
        continue;
      }
      unsigned char c = (unsigned char)p[i];
      if (str_len >= keep && c != '"' && can_cut(c)) { skipping = true; continue; }
      step_in_string(c);
      out.push_back((char)c);
      i++;
      if (out.size() > max_out) overflow = true;
    }
  }

 private:
  void append(const char *p, size_t n) {
    if (out.size() + n > max_out) { overflow = true; return; }
    out.append(p, n);
  }

  void step_in_string(unsigned char c) {
    str_len++;
    if (hex_left) {
      unsigned d = (c >= '0' && c <= '9') ? c - '0' : ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') ? (c | 0x20) - 'a' + 10 : 0;
      hex_val = hex_val * 16 + d;
      if (--hex_left == 0) high_surrogate = hex_val >= 0xD800 && hex_val <= 0xDBFF;
      return;
    }
    if (escape) {
      escape = false;
      if (c == 'u') { hex_left = 4; hex_val = 0; }
      else high_surrogate = false;
      return;
    }
    if (c == '\\') { escape = true; return; }
    high_surrogate = false;
    if (c == '"') in_str = false;
  }

  // Drops bytes up to the closing quote (a quote not escaped by a backslash),
  // which is then copied so the skeleton stays well formed.
  // Only the backslash run right before a quote decides whether it closes
  // the string, so this jumps from quote to quote with memchr (tool output is
  // full of \n escapes; looking at each one would be slow).
  size_t skip_to_close(const char *p, size_t n, size_t i) {
    while (i < n) {
      if (escape) { escape = false; i++; continue; }
      const char *q = (const char *)memchr(p + i, '"', n - i);
      size_t end = q ? (size_t)(q - p) : n;
      size_t run = 0;
      while (end - run > i && p[end - run - 1] == '\\') run++;
      if (!q) {  // piece ends inside the string: carry the escape parity over
        escape = run % 2 == 1;
        return n;
      }
      if (run % 2 == 1) { i = end + 1; continue; }
      out.push_back('"');
      in_str = false;
      skipping = false;
      return end + 1;
    }
    return n;
  }
};

}  // namespace cb
