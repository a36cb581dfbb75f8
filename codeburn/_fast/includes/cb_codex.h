// One Codex rollout line -> the fields the reports need (spec providers
// §1.2), read with simdjson On-Demand in one forward pass. Every line is
// {timestamp, type, payload}; the payload is read without knowing the
// envelope type yet (key order is not guaranteed), collecting the union of
// what any line type needs, and Scanner::on_codex interprets it.
// String views point into the parser's buffers: valid until the next line.
#pragma once
#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "cb_bash.h"
#include "cb_jsspace.h"
#include "cb_decode.h"

namespace cb {

enum CodexEnvelope { CX_OTHER = 0, CX_META, CX_TURN_CONTEXT, CX_RESPONSE, CX_EVENT };

static const size_t CODEX_USER_CAP = 500;  // UTF-16 units of a user message the reference keeps

struct CodexUsage {
  int64_t input = 0, cached = 0, cache_write = 0, output = 0, reasoning = 0, total = 0;
  bool present = false;
};

struct CodexLine {
  int envelope = CX_OTHER;
  bool payload_object = false;
  std::string_view timestamp, ptype, role, name;
  std::string_view session_id, cwd, forked_from, model, info_model, info_model_name;
  std::string user_text;         // input_text blocks joined by a space, cut to 500 units
  size_t user_units = 0;
  int64_t output_units = 0;      // UTF-16 units of output_text/text blocks
  bool has_info = false, info_null = false;
  CodexUsage total, last;
  // A tool call's interesting arguments.
  std::string_view file, command;
  bool has_file = false, has_command = false;
  std::string argv_text;         // a `command` given as an argv: its strings joined by spaces (MCP/skill use only)
  std::string args;              // a JSON-string `arguments`, copied with padding to parse it
  std::vector<std::string> patch_files;
  std::string_view mcp_server, mcp_tool;
  std::string_view input;        // custom_tool_call: the tool's input text
  std::string_view item_type;    // item_completed: item.type
  std::string item_command;      // item_completed: the shell command of item.command (argv)
  bool bad_number = false;

  void reset() {
    envelope = CX_OTHER;
    payload_object = has_info = info_null = has_file = has_command = bad_number = false;
    timestamp = ptype = role = name = session_id = cwd = forked_from = model = info_model = info_model_name = {};
    file = command = mcp_server = mcp_tool = input = item_type = {};
    item_command.clear();
    argv_text.clear();
    args.clear();  // a call without `arguments` must not parse the previous call's
    user_text.clear();
    user_units = 0;
    output_units = 0;
    total = CodexUsage();
    last = CodexUsage();
    patch_files.clear();
  }
};

// What a rollout has said so far (spec providers §1.2); reset per file.
struct CodexState {
  bool validated = false;        // the first line was looked at
  std::string session;           // payload.session_id, else the file's basename
  std::string basename;          // the file's basename (without .jsonl)
  std::string fork_parent;       // payload.forked_from_id
  std::string cutoff;            // ISO time before which a fork's lines replay its parent
  std::string model;             // from session_meta / turn_context
  bool has_model = false;
  bool has_prev_total = false;   // previous token_count's total_tokens (duplicate emissions)
  int64_t prev_total = 0;
  CodexUsage prev;               // previous cumulative usage (for total-only events)
  std::string pending_text;      // user text since the last call
  int64_t pending_text_units = 0, pending_out_units = 0;
  int32_t est_counter = 0, turn_no = 0, open_turn_no = -1;
  int32_t tools_from = 0;        // decoding for adopt: the pending tools start here
  int32_t prompt_event = -1;     // decoding for adopt: the open turn's prompt event
  // Attributions (MCP tool or skill names) made from tool calls and not yet
  // matched by the item_completed event that repeats the command: the
  // repeat then adds nothing (spec providers §1.2).
  std::unordered_map<std::string, int> item_dedup;
};

// UTF-16 code units of a UTF-8 string (a 4-byte sequence is a surrogate pair).
static inline int64_t utf16_units(std::string_view s) {
  int64_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) n++;
    if (c >= 0xF0) n++;
  }
  return n;
}

static int read_codex_usage(od::value v, CodexUsage &u, bool *bad) {
  od::json_type t;
  u.present = v.type().get(t) == SUCCESS && t == od::json_type::object;
  return each_field(v, [&](auto k, od::value x) {
    if (k == "input_tokens") read_count(x, &u.input, bad);
    else if (k == "cached_input_tokens") read_count(x, &u.cached, bad);
    else if (k == "cache_write_input_tokens") read_count(x, &u.cache_write, bad);
    else if (k == "output_tokens") read_count(x, &u.output, bad);
    else if (k == "reasoning_output_tokens") read_count(x, &u.reasoning, bad);
    else if (k == "total_tokens") read_count(x, &u.total, bad);
    return 0;
  });
}

static int read_codex_info(od::value v, CodexLine &L) {
  L.has_info = true;
  od::json_type t;
  if (v.type().get(t) != SUCCESS) return -1;
  if (t != od::json_type::object) { L.info_null = true; return 0; }  // null (or junk): no usage
  return each_field(v, [&](auto k, od::value x) {
    if (k == "total_token_usage") return read_codex_usage(x, L.total, &L.bad_number);
    if (k == "last_token_usage") return read_codex_usage(x, L.last, &L.bad_number);
    if (k == "model") get_str(x, &L.info_model);
    else if (k == "model_name") get_str(x, &L.info_model_name);
    return 0;
  });
}

// content[]: user input_text blocks are joined; assistant text is only counted.
static int read_codex_content(od::value v, CodexLine &L) {
  std::string_view s;
  if (get_str(v, &s)) {  // a string is one text block
    L.output_units += utf16_units(s);
    return 0;
  }
  od::array arr;
  if (v.get_array().get(arr) != SUCCESS) return 0;
  bool joined = false;
  for (auto e : arr) {
    // An element that fails to parse ends the line (iterating past a
    // structural error is undefined); one of another type has no text, so is skipped.
    od::value ev;
    if (std::move(e).get(ev) != SUCCESS) return -1;
    std::string_view type, text;
    bool has_text = false;
    int r = each_field(ev, [&](auto k, od::value x) {
      if (k == "type") get_str(x, &type);
      else if (k == "text") has_text = get_str(x, &text);
      return 0;
    });
    if (r) return -1;
    if (!has_text) continue;
    if (type == "input_text" && !text.empty()) {
      // texts.join(" ").slice(0, 500)
      if (L.user_units >= CODEX_USER_CAP) continue;
      if (joined) { L.user_text.push_back(' '); L.user_units++; }
      size_t used = 0;
      std::string_view part = utf16_prefix(text, CODEX_USER_CAP - L.user_units, &used);
      L.user_text.append(part.data(), part.size());
      L.user_units += used;
      joined = true;
    } else if (type == "output_text" || type == "text") {
      L.output_units += utf16_units(text);
    }
  }
  return 0;
}

// An argv (`["bash", "-lc", "…"]`): its string elements joined by spaces,
// as the reference reads a command for MCP and skill use; anything else
// leaves `out` empty. -1 on a structural error.
static int join_argv(od::value v, std::string &out) {
  out.clear();
  od::array arr;
  if (v.get_array().get(arr) != SUCCESS) return 0;
  bool first = true;
  for (auto e : arr) {
    od::value ev;
    if (std::move(e).get(ev) != SUCCESS) return -1;
    std::string_view s;
    if (ev.get_string(true).get(s) != SUCCESS) continue;
    if (!first) out.push_back(' ');
    out.append(s.data(), s.size());
    first = false;
  }
  return 0;
}

// Tool arguments: `file_path` ?? `path` is the file, `command` ?? `cmd` the
// command, each only when a string; an argv in its place is joined into
// argv_text, read for MCP and skill use only (the reference's shellCommandText).
static int read_codex_args(od::object o, CodexLine &L) {
  std::string_view file_path, path, command, cmd;
  bool has_fp = false, has_path = false, has_command = false, has_cmd = false, fp_set = false, cmd_set = false;
  std::string cmd_argv;
  for (auto f : o) {
    od::field fld;
    if (std::move(f).get(fld) != SUCCESS) return -1;
    auto k = fld.key();
    od::json_type t;
    bool is_null = fld.value().type().get(t) == SUCCESS && t == od::json_type::null;
    if (k == "file_path") { fp_set = !is_null; has_fp = get_str(fld.value(), &file_path); }
    else if (k == "path") has_path = get_str(fld.value(), &path);
    else if (k == "command") {
      cmd_set = !is_null;
      has_command = get_str(fld.value(), &command);
      if (!has_command && join_argv(fld.value(), L.argv_text)) return -1;
    } else if (k == "cmd") {
      has_cmd = get_str(fld.value(), &cmd);
      if (!has_cmd && join_argv(fld.value(), cmd_argv)) return -1;
    }
  }
  if (has_command || (!cmd_set && has_cmd)) L.argv_text.clear();  // a string stands for itself
  else if (!cmd_set) L.argv_text.swap(cmd_argv);                   // `command` null or absent: `cmd`'s argv
  // `??` falls through only on null/undefined: a non-string file_path hides path.
  if (fp_set) { L.has_file = has_fp; L.file = file_path; }
  else if (has_path) { L.has_file = true; L.file = path; }
  if (cmd_set) { L.has_command = has_command; L.command = command; }
  else if (has_cmd) { L.has_command = true; L.command = cmd; }
  return 0;
}

static int read_codex_changes(od::value v, CodexLine &L) {
  od::object o;
  if (v.get_object().get(o) != SUCCESS) return 0;
  for (auto f : o) {
    od::field fld;
    if (std::move(f).get(fld) != SUCCESS) return -1;
    std::string_view key;
    if (fld.unescaped_key(true).get(key) != SUCCESS) return -1;
    L.patch_files.emplace_back(key);
  }
  return 0;
}

static int read_codex_invocation(od::value v, CodexLine &L) {
  return each_field(v, [&](auto k, od::value x) {
    if (k == "server") get_str(x, &L.mcp_server);
    else if (k == "tool") get_str(x, &L.mcp_tool);
    return 0;
  });
}

// item.command: a string, or an argv whose strings are joined by spaces
// (`["/bin/zsh", "-lc", "cat …"]` reads as "/bin/zsh -lc cat …"), as the
// reference reads it for MCP and skill use.
static int read_codex_argv(od::value v, CodexLine &L) {
  std::string_view s;
  if (get_str(v, &s)) {
    L.item_command.assign(s.data(), s.size());
    return 0;
  }
  return join_argv(v, L.item_command);
}

static int read_codex_item(od::value v, CodexLine &L) {
  return each_field(v, [&](auto k, od::value x) {
    if (k == "type") get_str(x, &L.item_type);
    else if (k == "command") return read_codex_argv(x, L);
    return 0;
  });
}

// `arguments`: a JSON string (kept, parsed after the line with its own
// parser) or an object (read here).
static int read_codex_arguments(od::value v, CodexLine &L) {
  od::json_type t;
  if (v.type().get(t) != SUCCESS) return -1;
  std::string_view s;
  if (t == od::json_type::string && get_str(v, &s)) {
    L.args.assign(s.data(), s.size());
  } else if (t == od::json_type::object) {
    od::object a;
    if (v.get_object().get(a) != SUCCESS || read_codex_args(a, L)) return -1;
  }
  return 0;
}

static int read_codex_payload(od::value v, CodexLine &L) {
  od::json_type t;
  L.payload_object = v.type().get(t) == SUCCESS && t == od::json_type::object;
  return each_field(v, [&](auto k, od::value x) {
    if (k == "type") get_str(x, &L.ptype);
    else if (k == "role") get_str(x, &L.role);
    else if (k == "name") get_str(x, &L.name);
    else if (k == "model") get_str(x, &L.model);
    else if (k == "session_id") get_str(x, &L.session_id);
    else if (k == "cwd") get_str(x, &L.cwd);
    else if (k == "forked_from_id") get_str(x, &L.forked_from);
    else if (k == "input") get_str(x, &L.input);
    else if (k == "content") return read_codex_content(x, L);
    else if (k == "info") return read_codex_info(x, L);
    else if (k == "changes") return read_codex_changes(x, L);
    else if (k == "invocation") return read_codex_invocation(x, L);
    else if (k == "item") return read_codex_item(x, L);
    else if (k == "arguments") return read_codex_arguments(x, L);
    return 0;
  });
}

// A JSON-string `arguments` ("{\"cmd\":…}"): invalid JSON simply gives no
// file or command, as JSON.parse failing does in the reference.
static void parse_codex_args(od::parser &parser, CodexLine &L) {
  if (L.args.empty()) return;
  size_t n = L.args.size();
  L.args.append(simdjson::SIMDJSON_PADDING, ' ');
  od::document doc;
  if (parser.iterate(L.args.data(), n, L.args.size()).get(doc) != SUCCESS) return;
  od::object o;
  if (doc.get_object().get(o) != SUCCESS) return;
  CodexLine tmp;
  if (read_codex_args(o, tmp) || !doc.at_end()) return;
  // Views into the args parser's buffers stay valid until it parses again.
  L.has_file = tmp.has_file;
  L.file = tmp.file;
  L.has_command = tmp.has_command;
  L.command = tmp.command;
  L.argv_text.swap(tmp.argv_text);
}

static int decode_codex_line(od::parser &parser, const char *buf, size_t len, size_t capacity, CodexLine &L) {
  L.reset();
  od::document doc;
  if (parser.iterate(buf, len, capacity).get(doc) != SUCCESS) return L_INVALID;
  od::json_type root;
  if (doc.type().get(root) != SUCCESS) return L_INVALID;
  if (root != od::json_type::object) return json_valid(buf, len) ? L_OK : L_INVALID;
  od::object obj;
  if (doc.get_object().get(obj) != SUCCESS) return L_INVALID;
  for (auto f : obj) {
    od::field fld;
    if (std::move(f).get(fld) != SUCCESS) return L_INVALID;
    auto k = fld.key();
    if (k == "type") {
      std::string_view s;
      if (get_str(fld.value(), &s))
        L.envelope = s == "session_meta" ? CX_META : s == "turn_context" ? CX_TURN_CONTEXT
                   : s == "response_item" ? CX_RESPONSE : s == "event_msg" ? CX_EVENT : CX_OTHER;
    } else if (k == "timestamp") get_str(fld.value(), &L.timestamp);
    else if (k == "payload") { if (read_codex_payload(fld.value(), L)) return L_INVALID; }
  }
  if (!doc.at_end()) return L_INVALID;
  if (L.bad_number) return L_BAD_NUMBER;
  return L_OK;
}

// Shell-command attribution (spec providers §1.2), as the reference finds
// it: a command text names at most one MCP tool, the first
// `mcp-cli [options] call <server> <tool>`, and at most one skill, the first
// read of a `…/<name>/SKILL.md` by cat, bat, sed, head, tail, less or more.
// Both are substring matches of the whole text (separators ; | & bound them),
// emulated here byte by byte: JavaScript's \w (ASCII) and \s (its white
// space, Unicode's too: a no-break or ideographic space between the words
// still matches there).
static inline bool js_word(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
// Bytes of the \s at t[i] (0: none, or the end).
static inline size_t space_at(std::string_view t, size_t i) { return i < t.size() ? js_space_at(t.substr(i)) : 0; }
// Steps i past a run of \s; the run's length in bytes.
static inline size_t skip_spaces(std::string_view t, size_t &i) {
  size_t from = i;
  while (size_t k = space_at(t, i)) i += k;
  return i - from;
}
static inline bool shell_sep(unsigned char c) { return c == ';' || c == '|' || c == '&'; }
static inline bool word_left_edge(std::string_view t, size_t p) {  // (?<![\w.-])
  if (p == 0) return true;
  unsigned char b = (unsigned char)t[p - 1];
  return !(js_word(b) || b == '.' || b == '-');
}
static inline std::string without_quotes(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '\'' && c != '"') out.push_back(c);
  return out;
}

// /(?<![\w.-])mcp-cli(?:\s+(?!call\b)[^\s;|&]+)*\s+call\s+(\S+)\s+(\S+)/: the
// options between the binary and `call` stop at a separator; the first
// occurrence that matches decides (quotes taken out of both names; an empty
// one names nothing).
static bool mcp_from_command(std::string_view t, std::string &name) {
  static const std::string_view bin = "mcp-cli";
  for (size_t p = t.find(bin); p != std::string_view::npos; p = t.find(bin, p + 1)) {
    if (!word_left_edge(t, p)) continue;
    size_t i = p + bin.size(), n = t.size();
    for (;;) {
      if (!skip_spaces(t, i)) break;                       // \s+ needed before each token
      size_t s = i;
      while (i < n && !space_at(t, i) && !shell_sep((unsigned char)t[i])) i++;
      if (i == s) break;                                   // a separator or the end: no `call`
      std::string_view tok = t.substr(s, i - s);
      bool call_word = tok.substr(0, 4) == "call" && (tok.size() == 4 ? i >= n || !js_word((unsigned char)t[i])
                                                                        : !js_word((unsigned char)tok[4]));
      if (!call_word) continue;                            // an option (or its value)
      if (tok.size() != 4 || !skip_spaces(t, i)) break;
      size_t a = i;
      while (i < n && !space_at(t, i)) i++;
      std::string_view server = t.substr(a, i - a);
      bool spaced = skip_spaces(t, i) > 0;
      size_t b = i;
      while (i < n && !space_at(t, i)) i++;
      if (server.empty() || !spaced || i == b) break;
      std::string sv = without_quotes(server), tv = without_quotes(t.substr(b, i - b));
      if (sv.empty() || tv.empty()) return false;          // the first match names nothing
      name = "mcp__" + sv + "__" + tv;
      return true;
    }
  }
  return false;
}

// From q: [^\s;|&'"]*[\\/]([^\\/;|&'"]+)[\\/]SKILL\.md\b, the first part as
// long as it can be (so the last parent directory that works).
static bool skill_path_at(std::string_view t, size_t q, std::string_view &dir) {
  auto plain = [&t](size_t i) {
    unsigned char c = (unsigned char)t[i];
    return !space_at(t, i) && !shell_sep(c) && c != '\'' && c != '"';
  };
  size_t end = q;
  while (end < t.size() && plain(end)) end++;
  for (size_t s = end; s-- > q;) {
    if (t[s] != '/' && t[s] != '\\') continue;
    size_t e = s + 1;
    while (e < t.size() && t[e] != '/' && t[e] != '\\' && !shell_sep((unsigned char)t[e]) && t[e] != '\'' &&
           t[e] != '"')
      e++;
    if (e == s + 1 || e >= t.size() || (t[e] != '/' && t[e] != '\\')) continue;
    if (t.substr(e + 1, 8) != "SKILL.md") continue;
    if (e + 9 < t.size() && js_word((unsigned char)t[e + 9])) continue;  // \b after the name
    dir = t.substr(s + 1, e - s - 1);
    return true;
  }
  return false;
}

// /(?<![\w.-])(?:cat|bat|sed|head|tail|less|more)\b[^;|&]*?[\s'"]<path>/:
// the leftmost reader, then the nearest path after a space or quote that
// ends in <name>/SKILL.md, within the reader's command. The name trimmed.
static bool skill_from_command(std::string_view t, std::string &name) {
  static const std::string_view readers[] = {"cat", "bat", "sed", "head", "tail", "less", "more"};
  for (size_t p = 0; p < t.size(); p++) {
    if (!word_left_edge(t, p)) continue;
    size_t wl = 0;
    for (std::string_view r : readers)
      if (t.substr(p, r.size()) == r && (p + r.size() >= t.size() || !js_word((unsigned char)t[p + r.size()]))) {
        wl = r.size();
        break;
      }
    if (!wl) continue;
    for (size_t q = p + wl + 1; q <= t.size(); q++) {
      unsigned char c = (unsigned char)t[q - 1];
      if (shell_sep(c)) break;
      if (!js_space_before_end(t.substr(0, q)) && c != '\'' && c != '"') continue;
      std::string_view dir;
      if (!skill_path_at(t, q, dir)) continue;
      dir = trim_js(dir);
      if (dir.empty()) return false;  // the first match names nothing
      name.assign(dir.data(), dir.size());
      return true;
    }
  }
  return false;
}

// What the reference's field scanner, which reads every rollout line over
// 32 KiB instead of JSON.parse (spec providers §1.2), sees of one: a message
// has only the text of the line's first `"text"` key (a user's decoded
// crudely and cut at 2,000 bytes, an assistant's counted in bytes up to
// 2,000); a tool call has no arguments or input, a patch no changed files,
// a finished item no command. The byte searches are the scanner's own: the
// first `"text"`, then the next ':' and the next '"' after it.
static const size_t CODEX_SCAN_TEXT_CAP = 2000;

static inline const char *codex_first_text(const char *p, size_t n) {
  static const char key[] = "\"text\"";
  const char *end = p + n;
  const char *k = std::search(p, end, key, key + 6);
  if (k == end) return nullptr;
  const char *colon = (const char *)memchr(k + 6, ':', (size_t)(end - (k + 6)));
  if (!colon) return nullptr;
  const char *q = (const char *)memchr(colon + 1, '"', (size_t)(end - (colon + 1)));
  return q ? q + 1 : nullptr;
}

static void codex_as_scanned(CodexLine &L, const char *p, size_t n) {
  const char *end = p + n;
  if (L.envelope == CX_RESPONSE && L.ptype == "message" && (L.role == "user" || L.role == "assistant")) {
    const char *s = codex_first_text(p, n);
    std::string text;
    int64_t count = 0;
    for (const char *c = s; c && c < end; c++) {
      if (*c == '\\') {
        if (++c >= end) { count++; break; }
        if (text.size() < CODEX_SCAN_TEXT_CAP) text.push_back(*c == 'n' ? '\n' : *c == 'r' ? '\r' : *c == 't' ? '\t' : *c);
        count++;
        continue;
      }
      if (*c == '"') break;
      if (text.size() < CODEX_SCAN_TEXT_CAP) text.push_back(*c);
      count++;
    }
    if (L.role == "assistant") {
      L.output_units = count < (int64_t)CODEX_SCAN_TEXT_CAP ? count : (int64_t)CODEX_SCAN_TEXT_CAP;
    } else {
      // A character cut at the byte cap decodes as one U+FFFD.
      size_t i = text.size(), back = 0;
      while (i > 0 && back < 3 && ((unsigned char)text[i - 1] & 0xC0) == 0x80) { i--; back++; }
      if (i > 0) {
        unsigned char lead = (unsigned char)text[i - 1];
        size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (want > back + 1) text.replace(i - 1, std::string::npos, "\xEF\xBF\xBD");
      }
      size_t used = 0;
      std::string_view part = utf16_prefix(text, CODEX_USER_CAP, &used);
      L.user_text.assign(part.data(), part.size());
      L.user_units = used;
    }
  }
  L.args.clear();
  L.argv_text.clear();
  L.has_file = L.has_command = false;
  L.file = L.command = L.input = {};
  L.patch_files.clear();
  L.item_type = {};
  L.item_command.clear();
}

// The envelope and payload types of a line laid out as Codex writes it,
// {"timestamp":"…","type":"<envelope>","payload":{"type":"<payload>",…
// read from its first bytes. Any other layout (key order, spaces,
// escapes) gives false: the line is then parsed like any other.
static inline bool codex_line_types(const char *p, size_t n, std::string_view &envelope, std::string_view &ptype) {
  static const std::string_view open = "{\"timestamp\":\"", type = ",\"type\":\"", payload = ",\"payload\":{\"type\":\"";
  std::string_view s(p, n < 320 ? n : 320);
  if (s.compare(0, open.size(), open) != 0) return false;
  size_t ts_end = s.find('"', open.size());
  if (ts_end == std::string_view::npos || s.compare(ts_end + 1, type.size(), type) != 0) return false;
  size_t e0 = ts_end + 1 + type.size(), e1 = s.find('"', e0);
  if (e1 == std::string_view::npos || s.compare(e1 + 1, payload.size(), payload) != 0) return false;
  size_t p0 = e1 + 1 + payload.size(), p1 = s.find('"', p0);
  if (p1 == std::string_view::npos || memchr(p, '\\', p1) != nullptr) return false;  // an escaped quote could fool the walk
  envelope = s.substr(e0, e1 - e0);
  ptype = s.substr(p0, p1 - p0);
  return true;
}

// A rollout's first line that the reference's strict parse of it, as it
// stands, rejects while a line-by-line read would not: an empty line (the
// file starts with a line break) or one opening with a byte-order mark,
// which simdjson passes over. Such a file is not a Codex session to it.
// The reference reads a rollout's first line from its first MiB only
// (FIRST_LINE_READ_CAP): one that does not end there does not parse, and the
// file is no session.
static const size_t CODEX_FIRST_LINE_CAP = 1u << 20;

static inline bool codex_unreadable_head(const char *p, size_t n) {
  return n == 0 || (n == 1 && p[0] == '\r') || starts_with_bom(p, n) || n >= CODEX_FIRST_LINE_CAP;
}

// Lines no report reads: a response item that is not a message or a
// tool call (tool outputs and encrypted reasoning hold most of a
// rollout's bytes), and an event that is not a token count, a patch, a
// finished item or an MCP call. Recognised from their first bytes
// (codex_line_types), they are skipped unparsed; every other line is
// parsed, so the test only ever drops what Scanner::on_codex ignores.
static inline bool codex_skippable(const char *p, size_t n) {
  std::string_view envelope, ptype;
  if (!codex_line_types(p, n, envelope, ptype)) return false;
  if (envelope == "response_item")
    return !(ptype == "message" || ptype == "function_call" || ptype == "custom_tool_call");
  if (envelope == "event_msg")
    return !(ptype == "token_count" || ptype == "patch_apply_end" || ptype == "item_completed" ||
             ptype == "mcp_tool_call_end");
  return false;
}

}  // namespace cb
