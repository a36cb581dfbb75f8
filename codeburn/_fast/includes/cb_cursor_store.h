// A whole Cursor IDE store (state.vscdb, spec providers §2.1) -> the calls
// of its conversations, without a Python object per row.
//
// providers/cursor.py fetches the rows and hands them over as they come:
// first the `agentKv:blob:*` rows (the agent stream, joined to
// conversations by request id), then the `bubbleId:*` rows in key order (a
// conversation's bubbles are then together). A conversation is settled as
// soon as its last bubble is in: its calls are written to the tape
// (cb_tape.h), which the scan replays into the Scanner and the records
// cache keeps. Rows of an unusual shape are decoded by the Python side and
// given here as fields (add_bubble / add_agent), so both paths share every
// rule below. The rules are the provider's (providers/cursor.py describes
// them); the numbers equal CodeBurn 0.9.20's.
#pragma once
#include <algorithm>
#include <cmath>
#include <deque>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "cb_cursor.h"
#include "cb_cursor_spill.h"
#include "cb_tape.h"
#include "cb_time.h"
#include "simdjson.h"

namespace cb {
namespace cstore_od = simdjson::ondemand;

// Length of a UTF-8 string in UTF-16 code units (JavaScript's .length).
static inline int64_t cursor_utf16_units(std::string_view s) {
  int64_t n = 0;
  for (unsigned char c : s) n += ((c & 0xC0) != 0x80) + ((c & 0xF8) == 0xF0);
  return n;
}

// Python's str.isspace() code points, as UTF-8: what str.strip() removes.
static inline size_t cursor_py_space(std::string_view s, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c < 0x80) return ((c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20)) ? 1 : 0;
  uint32_t cp = 0;
  size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  cp = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3F);
  bool space = cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
               cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
  return space ? n : 0;
}

static inline std::string_view cursor_py_strip(std::string_view s) {
  size_t b = 0, n;
  while (b < s.size() && (n = cursor_py_space(s, b)) > 0) b += n;
  size_t e = s.size();
  while (e > b) {
    size_t start = e - 1;
    while (start > b && ((unsigned char)s[start] & 0xC0) == 0x80) --start;
    if (cursor_py_space(s, start) != e - start) break;
    e = start;
  }
  return s.substr(b, e - b);
}

static inline int64_t cursor_estimate(int64_t chars) { return chars > 0 ? (chars + 3) / 4 : 0; }

// Python's int(float): toward zero; out-of-range values are clamped (the
// scan clamps counts to [0, 1e15] anyway).
static inline int64_t cursor_trunc(double d) {
  if (!(d == d)) return 0;
  if (d >= 1e15) return (int64_t)1e15;
  if (d <= -1e15) return -(int64_t)1e15;
  return (int64_t)d;
}

struct CursorTool {
  std::string name, command;
  bool has_command = false;
};

// One request's agent stream (characters by role, tools, the first model
// named). A store holds ~100k requests: tools and names are ids into the
// store's tables.
struct CursorStream {
  int64_t user = 0, context = 0, assistant = 0;
  std::vector<int32_t> tools;
  int32_t model = -1;
  int64_t model_at = -1, first_at = -1;
};

// One bubble, as the conversation rules need it.
struct CursorRow {
  int64_t rowid = 0;
  bool user = false;          // type == 1
  bool has_in = false, has_out = false;
  double tin = 0, tout = 0;   // non-numbers are 0
  int model_state = 0;        // 0 absent/null, 1 present but falsy, 2 truthy (model holds its text)
  std::string model;
  int created_state = 0;      // 0 absent/null, 1 not a string, 2 a string (created)
  std::string created;
  std::string request_id;     // empty: none (or falsy)
  bool has_text = false;
  std::string text;           // first PROMPT_CAP code points
  int64_t text_len = 0;       // code points
  std::vector<std::string> langs;
  std::string key;
};

struct CursorMeter {
  int64_t tokens = 0;
  bool has_ts = false;
  int64_t ts = 0;
};

class CursorStore {
 public:
  static const size_t PROMPT_CAP = 500;
  // A session's order (cb_tape.h): the ROWID of its first bubble call, else
  // one of these plus its rank among the sessions of its kind.
  static constexpr int64_t ORDER_RECORD = int64_t(1) << 61, ORDER_UNJOINED = int64_t(1) << 62;

  CursorStore(std::string floor, std::string orphan, int64_t mtime_ms)
      : floor_(std::move(floor)), orphan_(std::move(orphan)), mtime_(mtime_ms) {}

  void set_project(std::string_view cid, std::string_view label) { projects_[std::string(cid)] = std::string(label); }
  void set_meter(std::string_view cid, int64_t tokens, bool has_ts, int64_t ts) {
    meters_[std::string(cid)] = CursorMeter{tokens, has_ts, ts};
  }

  // ---- the agent stream ------------------------------------------------------

  // One agentKv value; false when the Python side must decode it (then it
  // calls add_agent with the fields).
  bool feed_agent(int64_t rowid, const char *data, size_t len) {
    if (len == 0 || data[0] != '{') return true;  // binary blobs: not JSON rows
    pad_.assign(data, len);
    pad_.append(simdjson::SIMDJSON_PADDING, ' ');
    AgentFields f;
    if (!decode_agent(pad_.data(), len, pad_.size(), f)) return false;
    add_agent(rowid, f.role, f.length, f.rid, f.model, f.has_reply, f.reply_chars, f.tools);
    return true;
  }

  // role: 0 other, 1 system, 2 user, 3 tool, 4 assistant; negative (-1 - role) when it has no content.
  void add_agent(int64_t rowid, int role, int64_t length, std::string_view rid, std::string_view model,
                 bool has_reply, int64_t reply_chars, const std::vector<CursorTool> &tools) {
    AgentRow r;
    r.rowid = rowid;
    r.role = role;
    r.length = length;
    r.rid = name_id(rid);
    r.model = name_id(model);
    r.reply = -1;
    if (has_reply) {
      r.reply = (int32_t)replies_.size();
      replies_.push_back(Reply{reply_chars, {}});
      for (const CursorTool &t : tools) replies_.back().tools.push_back(tool_id(t));
    }
    agent_.push_back(r);
  }

  // The streams, from the agent rows in the order written (call once, after the last add_agent).
  void settle_streams() {
    std::stable_sort(agent_.begin(), agent_.end(), [](const AgentRow &a, const AgentRow &b) { return a.rowid < b.rowid; });
    int32_t current = -1;
    int64_t pending_user = 0, pending_context = 0;
    for (size_t pos = 0; pos < agent_.size(); ++pos) {
      const AgentRow &r = agent_[pos];
      int role = r.role >= 0 ? r.role : -1 - r.role;
      bool present = r.role >= 0;
      if (r.rid >= 0) {
        current = r.rid;
        if (pending_user || pending_context) {
          CursorStream &s = bucket(current, pos);
          s.user += pending_user;
          s.context += pending_context;
          pending_user = pending_context = 0;
        }
      }
      if (r.model >= 0 && current >= 0) {
        CursorStream &s = bucket(current, pos);
        if (s.model < 0) {
          s.model = r.model;
          s.model_at = (int64_t)pos;
        }
      }
      if (!present) continue;
      if (role == 1) {
        pending_context += r.length;
        current = -1;
      } else if (role == 2) {
        if (current >= 0) bucket(current, pos).user += r.length;
        else pending_user += r.length;
      } else if (role == 3) {
        if (current >= 0) bucket(current, pos).context += r.length;
      } else if (role == 4 && current >= 0 && r.reply >= 0) {
        CursorStream &s = bucket(current, pos);
        Reply &rep = replies_[r.reply];
        s.assistant += rep.chars;
        s.tools.insert(s.tools.end(), rep.tools.begin(), rep.tools.end());
      }
    }
    std::vector<AgentRow>().swap(agent_);
    std::vector<Reply>().swap(replies_);
  }

  // ---- bubbles ---------------------------------------------------------------

  // One bubbleId row (key and value as stored); false when the Python side
  // must decode it (then it calls add_bubble, or counts it as malformed).
  bool feed_bubble(const char *key, size_t klen, int64_t rowid, const char *data, size_t len) {
    std::string_view k(key, klen);
    if (!simdjson::validate_utf8(key, klen)) return false;
    std::string_view cid;
    if (!composer_of(k, &cid)) return true;
    if (data == nullptr || !dec_.decode(data, len)) return false;
    const CursorBubble &b = dec_.b;
    add_bubble(k, rowid, b.has_type && b.type == 1, b.has_in, b.tokens_in, b.has_out, b.tokens_out,
               !b.has_model ? 0 : b.model.empty() ? 1 : 2, b.model, b.has_created ? 2 : 0, b.created, b.request_id,
               b.has_text, utf8_prefix(b.text, PROMPT_CAP), b.has_text ? (int64_t)b.text_chars : 0, b.langs);
    return true;
  }

  // A bubble's fields (key: its text as UTF-8), from feed_bubble or as the
  // Python side decoded them (model_state, created_state: see CursorRow).
  template <class Langs>
  void add_bubble(std::string_view key, int64_t rowid, bool user, bool has_in, double tin, bool has_out, double tout,
                  int model_state, std::string_view model, int created_state, std::string_view created,
                  std::string_view request_id, bool has_text, std::string_view text, int64_t text_len,
                  const Langs &langs) {
    std::string_view cid;
    if (!composer_of(key, &cid)) return;
    if (collecting_) {
      spill_.put(cid, rowid, user, has_in, tin, has_out, tout, model_state, model, created_state, created, request_id,
                 has_text, text, text_len, langs, key);
      return;
    }
    CursorRow &r = next_row(cid);
    r.rowid = rowid;
    r.user = user;
    r.has_in = has_in;
    r.tin = tin;
    r.has_out = has_out;
    r.tout = tout;
    r.model_state = model_state;
    r.model.assign(model.data(), model.size());
    r.created_state = created_state;
    r.created.assign(created.data(), created.size());
    r.request_id.assign(request_id.data(), request_id.size());
    r.has_text = has_text;
    r.text.assign(text.data(), text.size());
    r.text_len = text_len;
    r.langs.clear();
    for (const auto &l : langs) r.langs.emplace_back(l);
    r.key.assign(key.data(), key.size());
  }

  // ---- rows in file order (the own page reader, cb_cursor_pages.h) ------------
  // Between begin_collect and end_collect, bubbles are kept aside
  // (cb_cursor_spill.h: memory up to mem_limit bytes, then the unlinked
  // file fd); replay_spill then gives them back a conversation at a time in
  // key order, as if they had been read in key order.

  void begin_collect(int fd, size_t mem_limit) {
    spill_.begin(fd, mem_limit);
    collecting_ = true;
  }

  // False when the spill could not be written.
  bool end_collect() {
    collecting_ = false;
    return spill_.finish();
  }

  // Conversations until the tape holds `chunk` bytes: 1, or 0 when all are
  // in, or -1 when the spill could not be read back.
  int replay_spill(size_t chunk) {
    while (tape_.buf.size() < chunk) {
      bool more = spill_.next_conversation([&](const SpilledBubble &b) {
        add_bubble(b.key, b.rowid, b.user, b.has_in, b.tin, b.has_out, b.tout, b.model_state, b.model,
                   b.created_state, b.created, b.request_id, b.has_text, b.text, b.text_len, b.langs);
      });
      if (!more) {
        if (spill_.error()) return -1;
        spill_.clear();
        return 0;
      }
    }
    return 1;
  }

  const CursorSpill &spill() const { return spill_; }

  // Takes over what another store collected meanwhile (another thread read
  // other pages into it): its agent rows (their names and tools as ids of
  // this store) and its kept bubbles. False when a spill file failed.
  bool absorb(CursorStore &o) {
    agent_.reserve(agent_.size() + o.agent_.size());
    for (AgentRow r : o.agent_) {
      if (r.rid >= 0) r.rid = name_id(o.names_[r.rid]);
      if (r.model >= 0) r.model = name_id(o.names_[r.model]);
      if (r.reply >= 0) {
        const Reply &src = o.replies_[r.reply];
        Reply mine{src.chars, {}};
        for (int32_t t : src.tools) mine.tools.push_back(tool_id(o.tool_table_[t]));
        r.reply = (int32_t)replies_.size();
        replies_.push_back(std::move(mine));
      }
      agent_.push_back(r);
    }
    std::vector<AgentRow>().swap(o.agent_);
    return spill_.absorb(o.spill_);
  }

  // The row's conversation changes when a row of another composer comes:
  // the last one is settled then. Call finish() after the last row.
  void finish() {
    settle_conversation();
    unjoined();
  }

  // The calls settled so far, as a tape (cb_tape.h); clear_tape() forgets
  // them (the buffer is kept: its pages are not faulted in again).
  const std::string &tape() const { return tape_.buf; }
  void clear_tape() { tape_.buf.clear(); }
  size_t tape_size() const { return tape_.buf.size(); }

 private:
  struct AgentRow {
    int64_t rowid, length;
    int32_t rid, model, reply;
    int role;
  };
  struct Reply {
    int64_t chars;
    std::vector<int32_t> tools;
  };
  struct AgentFields {
    int role = 0;
    int64_t length = 0, reply_chars = 0;
    std::string_view rid, model;
    bool has_reply = false;
    std::vector<CursorTool> tools;
  };

  std::string floor_, orphan_;
  int64_t mtime_;
  std::unordered_map<std::string, std::string> projects_;
  std::unordered_map<std::string, CursorMeter> meters_;
  // agent rows and streams
  std::vector<AgentRow> agent_;
  std::vector<Reply> replies_;
  std::unordered_map<std::string_view, int32_t> name_ids_;  // views into names_
  std::deque<std::string> names_;                         // request ids and models, each once
  std::unordered_map<std::string, int32_t> tool_ids_;
  std::vector<CursorTool> tool_table_;                    // distinct tools (name, command)
  std::unordered_map<int32_t, size_t> stream_of_;   // name id -> index in streams_
  std::deque<std::pair<int32_t, CursorStream>> streams_;  // in order of first use
  std::unordered_set<int32_t> claimed_;
  // the conversation being read
  std::string cid_;
  std::vector<CursorRow> rows_;
  size_t nrows_ = 0;  // rows_ beyond this are spare (kept for their buffers)
  CursorDecoder dec_;
  CursorSpill spill_;
  bool collecting_ = false;
  simdjson::ondemand::parser agent_parser_, inner_;  // agentKv rows; content strings that hold JSON
  std::string pad_, inner_buf_;
  Tape tape_;

  int32_t name_id(std::string_view v) {
    if (v.empty()) return -1;
    auto it = name_ids_.find(v);
    if (it != name_ids_.end()) return it->second;
    int32_t id = (int32_t)names_.size();
    names_.emplace_back(v);
    name_ids_.emplace(std::string_view(names_.back()), id);
    return id;
  }

  int32_t tool_id(const CursorTool &t) {
    std::string k = t.name;
    k += '\0';
    if (t.has_command) k += t.command;
    else k += '\1';  // no command: never the same as an empty one
    auto it = tool_ids_.find(k);
    if (it != tool_ids_.end()) return it->second;
    int32_t id = (int32_t)tool_table_.size();
    tool_table_.push_back(t);
    tool_ids_.emplace(std::move(k), id);
    return id;
  }

  std::vector<CursorTool> tools_of(const std::vector<int32_t> &ids) const {
    std::vector<CursorTool> out;
    out.reserve(ids.size());
    for (int32_t id : ids) out.push_back(tool_table_[id]);
    return out;
  }

  std::string stream_model(const CursorStream *s) const {
    return s && s->model >= 0 ? model_id(true, names_[s->model]) : model_id(false, std::string_view());
  }

  CursorStream &bucket(int32_t rid, size_t pos) {
    auto it = stream_of_.find(rid);
    if (it != stream_of_.end()) return streams_[it->second].second;
    stream_of_[rid] = streams_.size();
    streams_.emplace_back(rid, CursorStream());
    streams_.back().second.first_at = (int64_t)pos;
    return streams_.back().second;
  }

  // `bubbleId:<composer>:<bubble>` -> composer; false for tool sub-composer
  // rows (a composer holding CR, LF or NUL) and malformed keys.
  static bool composer_of(std::string_view key, std::string_view *cid) {
    size_t first = key.find(':');
    if (first == std::string_view::npos) return false;
    size_t second = key.find(':', first + 1);
    if (second == std::string_view::npos || second == first + 1) return false;
    *cid = key.substr(first + 1, second - first - 1);
    return cid->find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
  }

  CursorRow &next_row(std::string_view cid) {
    if (cid != cid_) {
      settle_conversation();
      cid_.assign(cid.data(), cid.size());
    }
    if (nrows_ == rows_.size()) rows_.emplace_back();
    return rows_[nrows_++];
  }

  bool live(const CursorRow &r) const { return r.created_state == 2 && r.created > floor_; }

  static std::string model_id(bool has, std::string_view m) {
    return (!has || m.empty() || m == "default") ? std::string("cursor-auto") : std::string(m);
  }

  // The calls of the conversation read so far (spec providers §2.1).
  void settle_conversation() {
    if (nrows_ == 0) return;
    std::vector<CursorRow *> rows;
    rows.reserve(nrows_);
    for (size_t i = 0; i < nrows_; ++i) rows.push_back(&rows_[i]);
    nrows_ = 0;
    std::stable_sort(rows.begin(), rows.end(), [](const CursorRow *a, const CursorRow *b) { return a->rowid < b->rowid; });
    // request ids of the in-range bubbles, in order, once each
    std::vector<int32_t> rids;
    for (CursorRow *r : rows) {
      if (r->request_id.empty() || !live(*r)) continue;
      auto it = name_ids_.find(std::string_view(r->request_id));
      if (it == name_ids_.end()) continue;  // no agent row names it: no stream to join or claim
      int32_t id = it->second;
      if (std::find(rids.begin(), rids.end(), id) == rids.end()) rids.push_back(id);
    }
    for (int32_t id : rids) claimed_.insert(id);
    CursorStream merged;
    bool has_stream = merge(rids, merged);
    auto m = meters_.find(cid_);
    emit_conversation(rows, m == meters_.end() ? nullptr : &m->second, has_stream ? &merged : nullptr);
  }

  bool merge(const std::vector<int32_t> &rids, CursorStream &out) {
    std::vector<const CursorStream *> found;
    for (int32_t id : rids) {
      auto it = stream_of_.find(id);
      if (it != stream_of_.end()) found.push_back(&streams_[it->second].second);
    }
    if (found.empty()) return false;
    const CursorStream *named = nullptr;
    for (auto *s : found)
      if (s->model >= 0 && (!named || s->model_at < named->model_at)) named = s;
    if (named) out.model = named->model;
    std::stable_sort(found.begin(), found.end(), [](const CursorStream *a, const CursorStream *b) { return a->first_at < b->first_at; });
    for (auto *s : found) {
      out.user += s->user;
      out.context += s->context;
      out.assistant += s->assistant;
      out.tools.insert(out.tools.end(), s->tools.begin(), s->tools.end());
    }
    return true;
  }

  void emit_conversation(const std::vector<CursorRow *> &rows, const CursorMeter *meter, const CursorStream *stream) {
    std::vector<const std::string *> queue;
    for (CursorRow *r : rows)
      if (r->user && !r->text.empty() && (r->created_state == 0 || live(*r))) queue.push_back(&r->text);
    std::vector<const CursorRow *> on;
    for (CursorRow *r : rows)
      if (live(*r)) on.push_back(r);
    if (on.empty()) return;
    bool real = false;
    int64_t reply_chars = 0;
    const CursorRow *conv_model = nullptr;
    for (const CursorRow *r : on) {
      real = real || r->tin > 0 || r->tout > 0;
      if (!r->user) reply_chars += r->text_len;
      if (!conv_model && r->model_state == 2) conv_model = r;
    }
    const std::string &first_ts = on.front()->created;
    enum { TOKENS, METER, STREAM, TEXT } source =
        real ? TOKENS : meter ? METER : (stream && stream->user + stream->context > 0) ? STREAM : TEXT;
    // The reference lists a store's conversations as their first call comes
    // in ROWID order: bubble calls first, then the meter/stream records (by
    // their first in-range bubble), then the requests no bubble names.
    tape_.begin_session(cid_, project(cid_), ORDER_RECORD + on.front()->rowid);
    bool ordered = false;
    std::string_view asked;
    size_t popped = 0;
    bool tools_given = false;
    std::string prompt, key;
    std::vector<CursorTool> tools;
    for (const CursorRow *r : on) {
      if (r->user) {
        asked = popped < queue.size() ? std::string_view(*queue[popped]) : std::string_view();
        ++popped;
      }
      int64_t tin = r->has_in ? cursor_trunc(r->tin) : 0;
      int64_t tout = r->has_out ? cursor_trunc(r->tout) : 0;
      if (tin == 0 && tout == 0) {
        if (r->user) tin = (source == TEXT && r->text_len > 0) ? cursor_estimate(r->text_len) : 0;
        else tout = cursor_estimate(r->text_len);
        if (tin == 0 && tout == 0) continue;
      }
      std::string model;
      if (r->model_state != 0) model = model_id(r->model_state == 2, r->model);
      else if (conv_model) model = model_id(true, conv_model->model);
      else model = stream_model(stream);
      tools.clear();
      if (!r->langs.empty()) {
        tools.push_back(CursorTool{"cursor:edit", "", false});
        for (auto &l : r->langs) tools.push_back(CursorTool{"lang:" + l, "", false});
      }
      if ((source == TEXT || source == TOKENS) && !tools_given && stream) {
        for (int32_t id : stream->tools) tools.push_back(tool_table_[id]);
        tools_given = true;
      }
      prompt.assign(asked.data(), asked.size());
      prompt += ' ';
      prompt += r->text;
      key = "cursor:bubble:" + r->key;
      if (!ordered) tape_.set_order(r->rowid);
      ordered = true;
      tape_.call(parse_iso_ms(r->created), true, cursor_py_strip(prompt), model, tin, tout, true, true, key, tools);
    }
    if (source == METER || source == STREAM) conversation_record(meter, stream, reply_chars, first_ts, conv_model);
    tape_.end_session();
  }

  void conversation_record(const CursorMeter *meter, const CursorStream *stream, int64_t reply_chars,
                           const std::string &first_ts, const CursorRow *conv_model) {
    int64_t tin = meter ? meter->tokens : cursor_estimate(stream->user + stream->context);
    int64_t tout = reply_chars > 0 ? 0 : cursor_estimate(stream ? stream->assistant : 0);
    if (tin == 0 && tout == 0) return;
    int64_t ts = (meter && meter->has_ts) ? meter->ts : parse_iso_ms(first_ts);
    if (ts == CB_TS_NONE) return;
    std::string model = conv_model ? model_id(true, conv_model->model) : stream_model(stream);
    tape_.call(ts, true, std::string_view(), model, tin, tout, true, true, "cursor:composer-input:" + cid_,
               stream ? tools_of(stream->tools) : std::vector<CursorTool>());
  }

  // Requests no in-range bubble names: sessions of their own at the store's mtime.
  void unjoined() {
    int64_t n = 0;
    for (auto &[rid, s] : streams_) {
      if (claimed_.count(rid)) continue;
      int64_t tin = cursor_estimate(s.user + s.context), tout = cursor_estimate(s.assistant);
      if (!tin && !tout) continue;
      tape_.begin_session(names_[rid], orphan_, ORDER_UNJOINED + n++);
      tape_.call(mtime_, true, std::string_view(), stream_model(&s), tin, tout, true, true,
                 "cursor:agentKv:" + names_[rid], tools_of(s.tools));
      tape_.end_session();
    }
  }

  const std::string &project(const std::string &cid) const {
    auto it = projects_.find(cid);
    return it == projects_.end() ? orphan_ : it->second;
  }

  // ---- agentKv rows -------------------------------------------------------------
  // False: not the usual shape (the Python side decodes it).

  bool decode_agent(const char *buf, size_t len, size_t cap, AgentFields &f);
  bool content_blocks(simdjson::ondemand::array a, bool assistant, AgentFields &f, int64_t *length);
  bool string_content(std::string_view s, bool assistant, AgentFields &f, int64_t *length);
};

namespace cursor_detail {

// fn(key, value) for each field when v is an object; any other value is
// read as no fields (Python's `x.get(...) if isinstance(x, dict)`).
template <typename F>
static inline bool fields_if_object(cstore_od::value v, F fn) {
  cstore_od::json_type t;
  if (v.type().get(t) != simdjson::SUCCESS) return false;
  return t != cstore_od::json_type::object || object_fields(v, fn);
}

static inline bool str_field(cstore_od::value v, std::string_view *out, bool *is_str) {
  cstore_od::json_type t;
  if (v.type().get(t) != simdjson::SUCCESS) return false;
  *is_str = t == cstore_od::json_type::string;
  if (!*is_str) return true;
  return v.get_string(true).get(*out) == simdjson::SUCCESS;
}

}  // namespace cursor_detail

// Blocks of a content array: text / content strings count (text first);
// an assistant's tool-call blocks are its tools.
inline bool CursorStore::content_blocks(simdjson::ondemand::array a, bool assistant, AgentFields &f, int64_t *length) {
  using namespace cursor_detail;
  for (auto el : a) {
    cstore_od::value ev;
    cstore_od::json_type t;
    if (el.get(ev) != simdjson::SUCCESS || ev.type().get(t) != simdjson::SUCCESS) return false;
    if (t != cstore_od::json_type::object) continue;
    std::string_view text, content, type, tool, command;
    bool text_str = false, content_str = false, type_str = false, tool_str = false, cmd_str = false;
    unsigned seen = 0;
    bool ok = object_fields(ev, [&](std::string_view k, cstore_od::value fv) {
      if (k == "text") return first_time(&seen, 1) && str_field(fv, &text, &text_str);
      if (k == "content") return first_time(&seen, 2) && str_field(fv, &content, &content_str);
      if (k == "type") return first_time(&seen, 4) && str_field(fv, &type, &type_str);
      if (k == "toolName") return first_time(&seen, 8) && str_field(fv, &tool, &tool_str);
      if (k != "args") return true;
      if (!first_time(&seen, 16)) return false;
      unsigned seen2 = 0;
      return fields_if_object(fv, [&](std::string_view k2, cstore_od::value av) {
        return k2 != "command" || (first_time(&seen2, 1) && str_field(av, &command, &cmd_str));
      });
    });
    if (!ok) return false;
    int64_t n = text_str ? cursor_utf16_units(text) : content_str ? cursor_utf16_units(content) : 0;
    *length += n;
    if (!assistant) continue;
    f.reply_chars += text_str ? cursor_utf16_units(text) : 0;
    if (!type_str || type != "tool-call" || !tool_str || tool.empty()) continue;
    CursorTool ct;
    ct.name.assign(tool.data(), tool.size());
    if (tool == "Shell" && cmd_str) {
      ct.command.assign(command.data(), command.size());
      ct.has_command = true;
    }
    f.tools.push_back(std::move(ct));
  }
  return true;
}

// A content string: JSON blocks when it starts like them, else text.
inline bool CursorStore::string_content(std::string_view s, bool assistant, AgentFields &f, int64_t *length) {
  unsigned char c = (unsigned char)s[0];
  if (c <= 0x20 || c >= 0x80) return false;  // leading (maybe Unicode) white space: the general path
  if (c != '[' && c != '{') {
    *length = cursor_utf16_units(s);
    return true;  // an assistant's reply: none (not JSON blocks)
  }
  inner_buf_.assign(s.data(), s.size());
  inner_buf_.append(simdjson::SIMDJSON_PADDING, ' ');
  cstore_od::document doc;
  cstore_od::value root;
  cstore_od::json_type t;
  if (inner_.iterate(inner_buf_.data(), s.size(), inner_buf_.size()).get(doc) != simdjson::SUCCESS ||
      doc.get_value().get(root) != simdjson::SUCCESS || root.type().get(t) != simdjson::SUCCESS)
    return false;
  if (t == cstore_od::json_type::array) {
    cstore_od::array a;
    if (root.get_array().get(a) != simdjson::SUCCESS) return false;
    f.has_reply = assistant;
    if (!content_blocks(a, assistant, f, length)) return false;
  } else {
    // one block object: its text / content counts; an assistant's reply is none
    AgentFields scratch;
    std::string wrapped = "[" + std::string(s) + "]";
    wrapped.append(simdjson::SIMDJSON_PADDING, ' ');
    cstore_od::document d2;
    cstore_od::array a;
    if (inner_.iterate(wrapped.data(), s.size() + 2, wrapped.size()).get(d2) != simdjson::SUCCESS ||
        d2.get_array().get(a) != simdjson::SUCCESS || !content_blocks(a, false, scratch, length) || !d2.at_end())
      return false;
    return true;
  }
  return doc.at_end();
}

inline bool CursorStore::decode_agent(const char *buf, size_t len, size_t cap, AgentFields &f) {
  using namespace cursor_detail;
  cstore_od::document doc;
  cstore_od::value root;
  cstore_od::json_type t;
  if (agent_parser_.iterate(buf, len, cap).get(doc) != simdjson::SUCCESS) return false;
  if (doc.get_value().get(root) != simdjson::SUCCESS || root.type().get(t) != simdjson::SUCCESS ||
      t != cstore_od::json_type::object)
    return false;
  unsigned seen = 0;
  int role = 0;
  bool present = false;
  int64_t length = 0;
  // content comes before or after role: keep where it is and read it once role is known
  bool has_content = false;
  std::string_view content_str;
  int content_kind = 0;  // 1 string, 2 array, 3 object
  std::string content_raw;
  bool ok = object_fields(root, [&](std::string_view k, cstore_od::value v) {
    if (k == "role") {
      if (!first_time(&seen, 1)) return false;
      std::string_view r;
      bool is_str = false;
      if (!str_field(v, &r, &is_str)) return false;
      if (is_str) role = r == "system" ? 1 : r == "user" ? 2 : r == "tool" ? 3 : r == "assistant" ? 4 : 0;
      return true;
    }
    if (k == "providerOptions") {
      if (!first_time(&seen, 2)) return false;
      unsigned s2 = 0;
      return fields_if_object(v, [&](std::string_view k2, cstore_od::value cv) {
        if (k2 != "cursor") return true;
        if (!first_time(&s2, 1)) return false;
        unsigned s3 = 0;
        return fields_if_object(cv, [&](std::string_view k3, cstore_od::value fv) {
          cstore_od::json_type ft;
          if (k3 != "requestId" && k3 != "modelName") return true;
          if (!first_time(&s3, k3 == "requestId" ? 1 : 2) || fv.type().get(ft) != simdjson::SUCCESS) return false;
          if (ft == cstore_od::json_type::null) return true;
          if (ft == cstore_od::json_type::boolean) {  // false: none; true: str(True), the general path
            bool bv = false;
            return fv.get_bool().get(bv) == simdjson::SUCCESS && !bv;
          }
          if (ft != cstore_od::json_type::string) return false;
          return fv.get_string(true).get(k3 == "requestId" ? f.rid : f.model) == simdjson::SUCCESS;
        });
      });
    }
    if (k != "content") return true;
    if (!first_time(&seen, 4)) return false;
    cstore_od::json_type ct;
    if (v.type().get(ct) != simdjson::SUCCESS) return false;
    has_content = true;
    if (ct == cstore_od::json_type::null) return true;
    if (ct == cstore_od::json_type::boolean) return false;  // (the general path: SQLite's 0 or 1)
    if (ct == cstore_od::json_type::string) {
      if (v.get_string(true).get(content_str) != simdjson::SUCCESS) return false;
      if (content_str.empty()) return false;  // (present, and empty: the general path)
      content_raw.assign(content_str.data(), content_str.size());
      content_kind = 1;
      present = true;
      return true;
    }
    if (ct == cstore_od::json_type::array || ct == cstore_od::json_type::object) {
      std::string_view raw;
      if (v.raw_json().get(raw) != simdjson::SUCCESS) return false;
      content_raw.assign(raw.data(), raw.size());
      content_kind = ct == cstore_od::json_type::array ? 2 : 3;
      present = true;
      return true;
    }
    return false;  // a number: json.dumps, the general path
  });
  if (!ok || !doc.at_end()) return false;
  (void)has_content;
  if (present) {
    bool assistant = role == 4;
    if (content_kind == 1) {
      if (!string_content(content_raw, assistant, f, &length)) return false;
    } else {
      // the array or object, read again on its own (raw_json gave its text)
      std::string wrapped = content_kind == 2 ? content_raw : "[" + content_raw + "]";
      size_t n = wrapped.size();
      wrapped.append(simdjson::SIMDJSON_PADDING, ' ');
      cstore_od::document d2;
      cstore_od::array a;
      if (inner_.iterate(wrapped.data(), n, wrapped.size()).get(d2) != simdjson::SUCCESS ||
          d2.get_array().get(a) != simdjson::SUCCESS)
        return false;
      bool blocks_assistant = assistant && content_kind == 2;
      AgentFields scratch;
      if (!content_blocks(a, blocks_assistant, blocks_assistant ? f : scratch, &length) || !d2.at_end()) return false;
      f.has_reply = blocks_assistant;
    }
  }
  if (!present) f.has_reply = false;
  f.role = present ? role : -1 - role;
  f.length = present ? length : 0;
  return true;
}

}  // namespace cb
