// One Codex rollout line -> the fields the reports need (spec providers
// §1.2), read with simdjson On-Demand in one forward pass. Every line is
// {timestamp, type, payload}; the payload is read without knowing the
// envelope type yet (key order is not guaranteed), collecting the union of
// what any line type needs, and Scanner::on_codex interprets it.
// String views point into the parser's buffers: valid until the next line.
#pragma once
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "cb_bash.h"
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
  std::unordered_set<std::string> attributed;  // commands attributed since the last call
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

// Tool arguments: `file_path` ?? `path` is the file, `command` ?? `cmd` the
// command, each only when a string.
static int read_codex_args(od::object o, CodexLine &L) {
  std::string_view file_path, path, command, cmd;
  bool has_fp = false, has_path = false, has_command = false, has_cmd = false, fp_set = false, cmd_set = false;
  for (auto f : o) {
    od::field fld;
    if (std::move(f).get(fld) != SUCCESS) return -1;
    auto k = fld.key();
    od::json_type t;
    bool is_null = fld.value().type().get(t) == SUCCESS && t == od::json_type::null;
    if (k == "file_path") { fp_set = !is_null; has_fp = get_str(fld.value(), &file_path); }
    else if (k == "path") has_path = get_str(fld.value(), &path);
    else if (k == "command") { cmd_set = !is_null; has_command = get_str(fld.value(), &command); }
    else if (k == "cmd") has_cmd = get_str(fld.value(), &cmd);
  }
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
    if (fld.unescaped_key().get(key) != SUCCESS) return -1;
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

// item.command is an argv: `["/bin/zsh", "-lc", "cat …"]` runs its last
// element through a shell; any other argv is the command itself.
static int read_codex_argv(od::value v, CodexLine &L) {
  od::array arr;
  if (v.get_array().get(arr) != SUCCESS) return 0;
  std::vector<std::string_view> argv;
  for (auto e : arr) {
    od::value ev;
    if (std::move(e).get(ev) != SUCCESS) return -1;
    std::string_view s;
    if (ev.get_string().get(s) == SUCCESS) argv.push_back(s);
  }
  bool shell = argv.size() >= 3 && (argv[argv.size() - 2] == "-lc" || argv[argv.size() - 2] == "-c");
  L.item_command.clear();
  for (size_t i = shell ? argv.size() - 1 : 0; i < argv.size(); i++) {
    if (!L.item_command.empty()) L.item_command.push_back(' ');
    L.item_command.append(argv[i]);
  }
  return 0;
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
}

static int decode_codex_line(od::parser &parser, const char *buf, size_t len, size_t capacity, CodexLine &L) {
  L.reset();
  od::document doc;
  if (parser.iterate(buf, len, capacity).get(doc) != SUCCESS) return L_INVALID;
  od::json_type root;
  if (doc.type().get(root) != SUCCESS) return L_INVALID;
  if (root != od::json_type::object) return L_OK;
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

// Shell-command attribution (spec providers §1.2): a command that runs
// `mcp-cli [opts] call <server> <tool>` used an MCP tool; one that reads
// `…/<name>/SKILL.md` with a pager or cat used skill <name>. Extra tools,
// never extra cost. `found` gets one entry per hit: (false, server, tool)
// or (true, skill name, ""). Segments split on ; | & and newlines.
struct Attribution {
  bool skill;
  std::string a, b;
};

static inline std::string_view unquote(std::string_view t) {
  if (t.size() >= 2 && (t.front() == '"' || t.front() == '\'') && t.back() == t.front()) return t.substr(1, t.size() - 2);
  return t;
}

static inline void attribute_command(std::string_view raw, BashScratch &sc, std::vector<Attribution> &found) {
  static const char *const readers[] = {"cat", "bat", "sed", "head", "tail", "less", "more"};
  std::string_view cmd = raw;
  size_t start = 0;
  for (size_t i = 0; i <= cmd.size(); i++) {
    bool sep = i < cmd.size() && (cmd[i] == ';' || cmd[i] == '|' || cmd[i] == '&' || cmd[i] == '\n');
    if (i < cmd.size() && !sep) continue;
    split_tokens(cmd.substr(start, i - start), sc.toks);
    start = i + 1;
    const std::vector<std::string_view> &t = sc.toks;
    for (size_t j = 0; j < t.size(); j++) {
      std::string_view base = basename_of(unquote(t[j]));
      if (base == "mcp-cli") {
        size_t k = j + 1;
        while (k < t.size() && t[k] != "call") k++;
        if (k + 2 < t.size()) {
          std::string_view server = unquote(t[k + 1]), tool = unquote(t[k + 2]);
          if (!server.empty() && !tool.empty()) found.push_back({false, std::string(server), std::string(tool)});
        }
        break;
      }
      bool reader = false;
      for (const char *r : readers) reader = reader || base == r;
      if (!reader) continue;
      for (size_t k = j + 1; k < t.size(); k++) {
        std::string_view arg = unquote(t[k]);
        const std::string_view tail = "/SKILL.md";
        if (arg.size() > tail.size() && arg.substr(arg.size() - tail.size()) == tail) {
          std::string_view dir = arg.substr(0, arg.size() - tail.size());
          std::string_view name = basename_of(dir);
          if (!name.empty()) found.push_back({true, std::string(name), ""});
        }
      }
      break;
    }
  }
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
