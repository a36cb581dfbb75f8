// Which assistant texts may hold a self-correction (`compare`, spec commands
// §6.1), decided while the line is decoded: a prefilter, so the exact
// patterns (Python `re`, after the scan) only see the few texts that can
// match them, and no second read of the files is needed.
//
// The phrases are the patterns' literal beginnings, worked out from the
// rules in Python (codeburn.classify.selfcorrect.phrases): lower-case ASCII, each
// optionally bound to a word start. Every match of a pattern begins with
// one of its phrases, so a text none of them is found in cannot match.
// Case is folded for ASCII letters only, as the patterns' IGNORECASE|ASCII
// flags fold it, and a word start is judged by ASCII word bytes, as `\b`
// under re.ASCII judges it.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

// Vector extensions (GCC, Clang); other compilers (MSVC) run the byte loop.
#if defined(__GNUC__) || defined(__clang__)
#define CB_PHRASES_WIDE 1
#else
#define CB_PHRASES_WIDE 0
#endif

namespace cb {

struct Phrases {
  bool every = false;  // a pattern has no literal beginning: every text is a candidate
  uint64_t stamp = 0;  // names the phrase set (0: none set, nothing is a candidate)
  std::vector<std::string> words;     // lower-case
  std::vector<uint8_t> word_start;    // words[i] must begin a word
  std::vector<uint16_t> by_lead[256]; // indexes of the words beginning with each (folded) byte
  // Per byte: bit 0, a word-start phrase begins with it; bit 1, another
  // phrase does. A byte's bit 0 counts only after a non-word byte.
  uint8_t lead[256] = {};
  // Bit (a << 8 | b) set when a phrase begins with the folded bytes a, b
  // (a one-byte phrase sets every b): most lead letters fail here.
  uint64_t pairs[1024] = {};

  void clear() {
    every = false;
    stamp = 0;
    words.clear();
    word_start.clear();
    for (auto &v : by_lead) v.clear();
    std::fill(lead, lead + 256, 0);
    std::fill(pairs, pairs + 1024, 0);
  }

  void add(std::string_view w, bool at_word_start) {
    if (w.empty()) { every = true; return; }
    std::string low(w);
    for (char &c : low) c = (char)fold((unsigned char)c);
    unsigned char c0 = (unsigned char)low[0];
    by_lead[c0].push_back((uint16_t)words.size());
    uint8_t bit = at_word_start ? 1 : 2;
    lead[c0] |= bit;
    if (c0 >= 'a' && c0 <= 'z') lead[c0 - 32] |= bit;
    for (unsigned b = 0; b < 256; b++)
      if (low.size() == 1 || (unsigned char)low[1] == b) pairs[(c0 << 8 | b) >> 6] |= 1ull << (b & 63);
    words.push_back(std::move(low));
    word_start.push_back(at_word_start ? 1 : 0);
  }

  // The vector pass (match_wide): the distinct (first, second) byte pairs
  // of the phrases, folded, when every phrase begins a word, has two bytes
  // or more and there are few pairs; else the byte loop alone runs.
  std::vector<std::pair<unsigned char, unsigned char>> lead_pairs;
  bool wide = false;
  static const size_t MAX_WIDE_PAIRS = 8;

  void finish() {
    lead_pairs.clear();
    wide = !every && !words.empty();
    for (size_t w = 0; w < words.size() && wide; w++) {
      if (!word_start[w] || words[w].size() < 2) { wide = false; break; }
      std::pair<unsigned char, unsigned char> pr((unsigned char)words[w][0], (unsigned char)words[w][1]);
      if (std::find(lead_pairs.begin(), lead_pairs.end(), pr) == lead_pairs.end()) lead_pairs.push_back(pr);
    }
    if (lead_pairs.size() > MAX_WIDE_PAIRS || !CB_PHRASES_WIDE) wide = false;
  }

  bool active() const { return stamp != 0; }

  // Whether a phrase is in s.
  bool match(std::string_view s) const {
    if (every) return true;
    const unsigned char *p = (const unsigned char *)s.data();
    size_t n = s.size();
    if (wide) return match_wide(p, n);
    return match_bytes(p, n, 0, n);
  }

  // The byte loop over p[from:to) (a phrase may run on past `to`): one
  // table load per byte, and a branch taken only at a phrase's first
  // letter where it may begin (a branch on every lead letter cost
  // mispredictions), then the next byte's pair bit.
  bool match_bytes(const unsigned char *p, size_t n, size_t from, size_t to) const {
    uint8_t prev_word = from > 0 && is_word(p[from - 1]) ? 1 : 0;  // 1 when the byte before is a word byte
    for (size_t i = from; i < to; i++) {
      unsigned char c = p[i];
      uint8_t hit = lead[c] & (uint8_t)~prev_word;
      prev_word = is_word(c) ? 1 : 0;
      if (!hit) continue;
      if (i + 1 < n) {
        unsigned pair = (unsigned)fold(c) << 8 | fold(p[i + 1]);
        if (!(pairs[pair >> 6] >> (pair & 63) & 1)) continue;
      }
      if (at(p, n, i)) return true;
    }
    return false;
  }

  // 16 positions at a time: a position passes when its byte and the next,
  // with bit 0x20 set (which folds ASCII letters and keeps every phrase
  // byte's match), are one of the lead pairs and the byte before is not a
  // word byte. Blocks where one passes go through the byte loop, which
  // decides exactly. GCC/Clang vector extensions: SSE2/AVX2 or NEON code.
#if CB_PHRASES_WIDE
  typedef unsigned char v16 __attribute__((vector_size(16)));
  static const size_t WIDE = 16;

  static v16 load(const unsigned char *p) {
    v16 v;
    memcpy(&v, p, WIDE);
    return v;
  }

  bool match_wide(const unsigned char *p, size_t n) const {
    size_t i = 1;  // position 0 has no byte before it: the byte loop takes it
    if (n && match_bytes(p, n, 0, 1)) return true;
    const v16 bit = (v16){} + 0x20;
    for (; i + WIDE + 1 <= n; i += WIDE) {
      v16 prev = load(p + i - 1), cur = load(p + i) | bit, next = load(p + i + 1) | bit;
      v16 lower = prev | bit;
      v16 word = (v16)((v16)(lower - (unsigned char)'a') < 26) | (v16)((v16)(prev - (unsigned char)'0') < 10) |
                 (v16)(prev == (unsigned char)'_');
      v16 hit = (v16){};
      for (const auto &pr : lead_pairs)
        hit |= (v16)(cur == (unsigned char)(pr.first | 0x20)) & (v16)(next == (unsigned char)(pr.second | 0x20));
      hit &= ~word;
      uint64_t any[2];
      memcpy(any, &hit, sizeof any);
      if ((any[0] | any[1]) && match_bytes(p, n, i, i + WIDE)) return true;
    }
    return match_bytes(p, n, i, n);
  }

#else
  bool match_wide(const unsigned char *p, size_t n) const { return match_bytes(p, n, 0, n); }
#endif

  // Whether a phrase begins at p[i].
  bool at(const unsigned char *p, size_t n, size_t i) const {
    for (uint16_t w : by_lead[fold(p[i])]) {
      const std::string &word = words[w];
      if (word.size() > n - i) continue;
      if (word_start[w] && i > 0 && is_word(p[i - 1])) continue;
      size_t k = 1;
      while (k < word.size() && fold(p[i + k]) == (unsigned char)word[k]) k++;
      if (k == word.size()) return true;
    }
    return false;
  }

  static unsigned char fold(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }
  static bool is_word(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
};

}  // namespace cb
