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
  // Per byte: bit 0, a word-start phrase begins with it; bit 1, another
  // phrase does. A byte's bit 0 counts only after a non-word byte.
  uint8_t lead[256] = {};
  // Bit (a << 8 | b) set when a phrase begins with the folded bytes a, b
  // (a one-byte phrase sets every b): most lead letters fail here.
  uint64_t pairs[1024] = {};
  // The phrases by their first `klen` folded bytes (the shortest phrase's
  // length, at most 8) packed into a key, sorted: where a lead pair is
  // found, at() looks up only the phrases beginning with the same key.
  // English text holds "th" at a word start every few dozen bytes, and 30
  // phrases begin with it; 4-8 bytes tell almost every such place apart.
  size_t klen = 8;
  std::vector<std::pair<uint64_t, uint16_t>> by_key;
  uint64_t key_bloom[64] = {};  // 4096 bits of the keys' hashes: most keys are not a phrase's

  void clear() {
    every = false;
    stamp = 0;
    words.clear();
    word_start.clear();
    std::fill(lead, lead + 256, 0);
    std::fill(pairs, pairs + 1024, 0);
    klen = 8;
    by_key.clear();
    std::fill(key_bloom, key_bloom + 64, 0);
  }

  void add(std::string_view w, bool at_word_start) {
    if (w.empty()) { every = true; return; }
    std::string low(w);
    for (char &c : low) c = (char)fold((unsigned char)c);
    unsigned char c0 = (unsigned char)low[0];
    uint8_t bit = at_word_start ? 1 : 2;
    lead[c0] |= bit;
    if (c0 >= 'a' && c0 <= 'z') lead[c0 - 32] |= bit;
    for (unsigned b = 0; b < 256; b++)
      if (low.size() == 1 || (unsigned char)low[1] == b) pairs[(c0 << 8 | b) >> 6] |= 1ull << (b & 63);
    words.push_back(std::move(low));
    word_start.push_back(at_word_start ? 1 : 0);
  }

  // The vector pass (match_wide): the distinct first `lead_len` bytes of
  // the phrases, folded, when every phrase begins a word, has two bytes or
  // more and there are few such leads; else the byte loop alone runs.
  // Three bytes when every phrase has them: "th" begins a word every few
  // dozen bytes of English, "tha" far less often (2.4 against 1.0 GB/s on
  // English prose, with 9 leads against 7).
  std::vector<std::string> leads;
  size_t lead_len = 0;
  bool wide = false;
  static const size_t MAX_WIDE_LEADS = 12;
#if CB_PHRASES_WIDE
  typedef unsigned char v16 __attribute__((vector_size(16)));
  v16 lead_vec[3][MAX_WIDE_LEADS];  // byte j of lead k, |0x20 as in match_wide, in every lane
#endif

  void finish() {
    size_t shortest = SIZE_MAX;
    for (const std::string &w : words) shortest = std::min(shortest, w.size());
    klen = std::min<size_t>(8, shortest);
    by_key.clear();
    std::fill(key_bloom, key_bloom + 64, 0);
    for (size_t w = 0; w < words.size(); w++) {
      uint64_t k = key((const unsigned char *)words[w].data());
      by_key.emplace_back(k, (uint16_t)w);
      key_bloom[bloom_bit(k) >> 6] |= 1ull << (bloom_bit(k) & 63);
    }
    std::sort(by_key.begin(), by_key.end());
    leads.clear();
    lead_len = std::min<size_t>(3, shortest);
    wide = !every && !words.empty() && lead_len >= 2;
    for (size_t w = 0; w < words.size() && wide; w++) {
      if (!word_start[w]) { wide = false; break; }
      std::string lead = words[w].substr(0, lead_len);
      if (std::find(leads.begin(), leads.end(), lead) == leads.end()) leads.push_back(lead);
    }
    if (leads.size() > MAX_WIDE_LEADS || !CB_PHRASES_WIDE) wide = false;
#if CB_PHRASES_WIDE
    for (size_t k = 0; wide && k < leads.size(); k++)
      for (size_t j = 0; j < lead_len; j++) lead_vec[j][k] = (v16){} + (unsigned char)(leads[k][j] | 0x20);
#endif
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

  // 16 positions at a time: a position passes when its byte and the next
  // one or two, with bit 0x20 set (which folds ASCII letters and keeps
  // every phrase byte's match), are one of the leads and the byte before
  // is not a word byte; at() decides each passing position exactly.
  // GCC/Clang vector extensions: SSE2/AVX2 or NEON code.
#if CB_PHRASES_WIDE
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
    for (; i + WIDE + lead_len - 1 <= n; i += WIDE) {
      v16 b0 = load(p + i) | bit, b1 = load(p + i + 1) | bit, hit = (v16){};
      if (lead_len == 3) {
        v16 b2 = load(p + i + 2) | bit;
        for (size_t k = 0; k < leads.size(); k++)
          hit |= (v16)(b0 == lead_vec[0][k]) & (v16)(b1 == lead_vec[1][k]) & (v16)(b2 == lead_vec[2][k]);
      } else {
        for (size_t k = 0; k < leads.size(); k++) hit |= (v16)(b0 == lead_vec[0][k]) & (v16)(b1 == lead_vec[1][k]);
      }
      uint64_t any[2];
      memcpy(any, &hit, sizeof any);
      if (!(any[0] | any[1])) continue;
      v16 prev = load(p + i - 1), lower = prev | bit;
      v16 word = (v16)((v16)(lower - (unsigned char)'a') < 26) | (v16)((v16)(prev - (unsigned char)'0') < 10) |
                 (v16)(prev == (unsigned char)'_');
      hit &= ~word;
      memcpy(any, &hit, sizeof any);
      for (size_t h = 0; h < 2; h++) {  // each passing position (a lane of 0xff), in order
        for (uint64_t x = any[h]; x; ) {
          unsigned b = (unsigned)__builtin_ctzll(x) >> 3;
          if (at(p, n, i + h * 8 + b)) return true;
          x &= ~(0xffull << (b * 8));
        }
      }
    }
    return match_bytes(p, n, i, n);
  }

#else
  bool match_wide(const unsigned char *p, size_t n) const { return match_bytes(p, n, 0, n); }
#endif

  // Whether a phrase begins at p[i].
  bool at(const unsigned char *p, size_t n, size_t i) const {
    if (n - i < klen) return false;
    uint64_t k = key(p + i);
    if (!(key_bloom[bloom_bit(k) >> 6] >> (bloom_bit(k) & 63) & 1)) return false;
    auto it = std::lower_bound(by_key.begin(), by_key.end(), std::make_pair(k, (uint16_t)0));
    for (; it != by_key.end() && it->first == k; ++it) {
      const std::string &word = words[it->second];
      if (word.size() > n - i) continue;
      if (word_start[it->second] && i > 0 && is_word(p[i - 1])) continue;
      size_t j = klen;
      while (j < word.size() && fold(p[i + j]) == (unsigned char)word[j]) j++;
      if (j == word.size()) return true;
    }
    return false;
  }

  // The first klen bytes at p, folded, packed (the caller checked there are klen).
  uint64_t key(const unsigned char *p) const {
    uint64_t k = 0;
    for (size_t j = 0; j < klen; j++) k |= (uint64_t)fold(p[j]) << (8 * j);
    return k;
  }

  static unsigned bloom_bit(uint64_t k) { return (unsigned)((k * 0x9E3779B97F4A7C15ull) >> 52); }

  static unsigned char fold(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }
  static bool is_word(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
};

}  // namespace cb
