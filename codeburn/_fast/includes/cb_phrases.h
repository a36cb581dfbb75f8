// Which assistant texts may hold a self-correction (`compare`, spec commands
// §6.1), decided while the line is decoded: a prefilter, so the exact
// patterns (Python `re`, after the scan) only see the few texts that can
// match them, and no second read of the files is needed.
//
// The phrases are the patterns' literal beginnings, worked out from the
// rules in Python (codeburn.selfcorrect.phrases): lower-case ASCII, each
// optionally bound to a word start. Every match of a pattern begins with
// one of its phrases, so a text none of them is found in cannot match.
// Case is folded for ASCII letters only, as the patterns' IGNORECASE|ASCII
// flags fold it, and a word start is judged by ASCII word bytes, as `\b`
// under re.ASCII judges it.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cb {

struct Phrases {
  bool every = false;  // a pattern has no literal beginning: every text is a candidate
  uint64_t stamp = 0;  // names the phrase set (0: none set, nothing is a candidate)
  std::vector<std::string> words;     // lower-case
  std::vector<uint8_t> word_start;    // words[i] must begin a word
  std::vector<uint16_t> by_lead[256]; // indexes of the words beginning with each (folded) byte

  void clear() {
    every = false;
    stamp = 0;
    words.clear();
    word_start.clear();
    for (auto &v : by_lead) v.clear();
  }

  void add(std::string_view w, bool at_word_start) {
    if (w.empty()) { every = true; return; }
    std::string low(w);
    for (char &c : low) c = (char)fold((unsigned char)c);
    by_lead[(unsigned char)low[0]].push_back((uint16_t)words.size());
    words.push_back(std::move(low));
    word_start.push_back(at_word_start ? 1 : 0);
  }

  bool active() const { return stamp != 0; }

  bool match(std::string_view s) const {
    if (every) return true;
    const unsigned char *p = (const unsigned char *)s.data();
    size_t n = s.size();
    for (size_t i = 0; i < n; i++) {
      const std::vector<uint16_t> &cands = by_lead[fold(p[i])];
      if (cands.empty()) continue;
      for (uint16_t w : cands) {
        const std::string &word = words[w];
        if (word.size() > n - i) continue;
        if (word_start[w] && i > 0 && is_word(p[i - 1])) continue;
        size_t k = 1;
        while (k < word.size() && fold(p[i + k]) == (unsigned char)word[k]) k++;
        if (k == word.size()) return true;
      }
    }
    return false;
  }

  static unsigned char fold(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }
  static bool is_word(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
};

}  // namespace cb
