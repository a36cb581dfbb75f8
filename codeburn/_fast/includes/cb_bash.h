// Shell command -> list of command basenames, as the reference's
// extractBashCommands does (spec classifier-and-parser §1.6): strip ANSI,
// blank quoted spans, split on && ; |, skip VAR=value and wrapper prefixes,
// take the basename of the first token, drop cd/true/false.
// Works on bytes; the returned views point into `clean`, which the caller owns.
#pragma once
#include <algorithm>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "cb_jsspace.h"

namespace cb {

// Removes CSI (ESC [ … final), OSC (ESC ] … BEL|ESC \) and 8-bit CSI (0x9B)
// sequences, the shapes ansi-regex matches in practice.
static inline void strip_ansi(std::string_view in, std::string &out) {
  out.clear();
  size_t n = in.size();
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)in[i];
    if (c == 0x1b && i + 1 < n && (in[i + 1] == '[' || in[i + 1] == ']')) {
      bool osc = in[i + 1] == ']';
      size_t j = i + 2;
      if (osc) {
        while (j < n && in[j] != '\x07' && !(in[j] == 0x1b && j + 1 < n && in[j + 1] == '\\')) j++;
        if (j < n && in[j] == 0x1b) j++;
      } else {
        while (j < n && ((unsigned char)in[j] < 0x40 || (unsigned char)in[j] > 0x7e)) j++;
      }
      if (j < n) { i = j; continue; }
    }
    out.push_back((char)c);
  }
}


// Same bytes with every "…" and '…' span replaced by spaces (unterminated
// quotes are left as they are, like a regex that needs the closing quote).
static inline void blank_quotes(const std::string &in, std::string &out) {
  out = in;
  size_t n = in.size();
  for (size_t i = 0; i < n; i++) {
    char q = in[i];
    if (q != '"' && q != '\'') continue;
    size_t j = in.find(q, i + 1);
    if (j == std::string::npos) continue;
    for (size_t k = i; k <= j; k++) out[k] = ' ';
    i = j;
  }
}

// Node's path.basename: trailing slashes do not count (`./scripts/` is scripts).
static inline std::string_view basename_of(std::string_view tok) {
  while (tok.size() > 1 && tok.back() == '/') tok.remove_suffix(1);
  size_t slash = tok.rfind('/');
  return slash == std::string_view::npos ? tok : tok.substr(slash + 1);
}

static inline bool is_env_assignment(std::string_view tok) {
  // /^\w+=/ with ASCII \w
  size_t i = 0;
  while (i < tok.size() && (isalnum((unsigned char)tok[i]) || tok[i] == '_')) i++;
  return i > 0 && i < tok.size() && tok[i] == '=';
}

// Command-name sets from rules/bash.toml (owned strings, looked up by view).
struct BashRules {
  std::deque<std::string> storage;  // a deque never moves its elements: the views stay valid
  std::unordered_set<std::string_view> prefixes, ignored, read_only, git_read_only;

  void add(int which, const std::string &name) {
    storage.push_back(name);
    std::string_view v(storage.back());
    (which == 0 ? prefixes : which == 1 ? ignored : which == 2 ? read_only : git_read_only).insert(v);
  }
};

// Split on runs of JavaScript's \s (Unicode spaces too, as the reference's /\s+/).
static inline void split_tokens(std::string_view seg, std::vector<std::string_view> &toks) {
  toks.clear();
  size_t i = 0, n = seg.size();
  while (i < n) {
    while (size_t k = js_space_at(seg.substr(i))) i += k;
    size_t s = i;
    while (i < n && !js_space_at(seg.substr(i))) i++;
    if (i > s) toks.push_back(seg.substr(s, i - s));
  }
}

// The command name a segment runs, or an empty view.
static inline std::string_view segment_command(std::string_view seg, std::vector<std::string_view> &toks,
                                               const BashRules &rules) {
  split_tokens(seg, toks);
  size_t i = 0;
  while (i < toks.size()) {
    if (is_env_assignment(toks[i])) { i++; continue; }
    if (rules.prefixes.count(basename_of(toks[i])) && i + 1 < toks.size()) {
      std::string_view nx = toks[i + 1];
      if (nx[0] != '-' && nx.find('"') == std::string_view::npos && nx.find('\'') == std::string_view::npos) {
        i++;
        continue;
      }
    }
    break;
  }
  if (i >= toks.size()) return {};
  std::string_view b = basename_of(toks[i]);
  if (b.empty() || rules.ignored.count(b)) return {};
  return b;
}

struct BashScratch {
  std::string clean, blanked;
  std::vector<std::string_view> toks;
};

// Appends the command basenames of `raw` to `out` (views into sc.clean).
// A separator spans the white space around it in the quote-blanked copy,
// so a quoted span next to it (blanked to spaces there) is cut away with it
// when the segment is taken from the original: `X='a'; y` runs `X=`, and
// `cd d && "C:\\Program Files\\npm.cmd" test` runs `test`, as there.
static inline void extract_bash_commands(std::string_view raw, BashScratch &sc, std::vector<std::string_view> &out,
                                         const BashRules &rules) {
  if (trim_js(raw).empty()) return;
  strip_ansi(raw, sc.clean);
  blank_quotes(sc.clean, sc.blanked);
  std::string_view b(sc.blanked), whole(sc.clean);
  auto emit = [&](size_t from, size_t to) {
    std::string_view seg = trim_js(whole.substr(from, to > from ? to - from : 0));
    if (seg.empty()) return;
    std::string_view cmd = segment_command(seg, sc.toks, rules);
    if (!cmd.empty()) out.push_back(cmd);
  };
  size_t n = b.size(), cursor = 0, prev_end = 0, i = 0;
  while (i < n) {
    size_t sep_len = (b[i] == '&' && i + 1 < n && b[i + 1] == '&') ? 2 : (b[i] == ';' || b[i] == '|') ? 1 : 0;
    if (!sep_len) {
      i++;
      continue;
    }
    size_t start = i, end = i + sep_len;
    while (size_t k = js_space_before_end(b.substr(0, start))) start -= k;
    while (size_t k = js_space_at(b.substr(end))) end += k;
    emit(cursor, std::max(start, prev_end));
    cursor = prev_end = i = end;
  }
  emit(cursor, n);
}

}  // namespace cb

namespace cb {

// True when every command of `raw` only reads (rg, cat, git log, …): such a
// bash step is a lookup, not a verification (spec §1.6 isReadShapedBashCommand).
// Segments come from the quote-blanked copy, and wrappers are skipped without
// looking at the next token, unlike extraction.
static inline bool is_read_shaped(std::string_view raw, BashScratch &sc, const BashRules &rules) {
  if (trim_js(raw).empty()) return false;
  strip_ansi(raw, sc.clean);
  blank_quotes(sc.clean, sc.blanked);
  std::string_view b(sc.blanked);
  bool seen = false;
  size_t start = 0;
  for (size_t i = 0; i <= b.size(); i++) {
    bool sep = i < b.size() && (b[i] == ';' || b[i] == '|' || (b[i] == '&' && i + 1 < b.size() && b[i + 1] == '&'));
    if (i < b.size() && !sep) continue;
    std::string_view seg = trim_js(b.substr(start, i - start));
    start = i + ((i + 1 < b.size() && b[i] == '&') ? 2 : 1);
    if (sep && b[i] == '&') i++;
    if (seg.empty()) continue;
    split_tokens(seg, sc.toks);
    size_t t = 0;
    while (t < sc.toks.size() && (is_env_assignment(sc.toks[t]) || rules.prefixes.count(basename_of(sc.toks[t])))) t++;
    if (t >= sc.toks.size()) continue;
    std::string_view base = basename_of(sc.toks[t]);
    if (base == "git") {
      if (t + 1 >= sc.toks.size() || !rules.git_read_only.count(sc.toks[t + 1])) return false;
    } else if (!rules.read_only.count(base)) {
      return false;
    }
    seen = true;
  }
  return seen;
}

}  // namespace cb
