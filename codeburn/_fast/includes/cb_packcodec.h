// The per-file cache's encoding of a decoded file's events and tool rows
// (Decoded::dump / load). Copied as structs they took 168 and 48 bytes each,
// most of them defaults (no text, no parent, zero token kinds, no opener):
// 35 of a 56 MB pack on the dense Codex history, all written on a first run
// and read back on every run after a change. Here each record is a byte of
// kind and flags, a mask of the fields that differ from their defaults, and
// those fields as zigzag varints (times as the difference from the previous
// event's, tool and command ranges from where the previous one ended);
// message keys and hashes stay 8 raw bytes.
//
// Decoding is bounds-checked and total: any byte string gives records or
// false, never a read past the input; Decoded::load validates what the
// records mean afterwards, as it always did.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cb {
namespace packcodec {

static inline uint64_t zigzag(int64_t v) { return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63); }
static inline int64_t unzigzag(uint64_t u) { return (int64_t)(u >> 1) ^ -(int64_t)(u & 1); }

static inline void put_u(std::string &out, uint64_t v) {
  char buf[10];
  int n = 0;
  while (v >= 0x80) {
    buf[n++] = (char)(v | 0x80);
    v >>= 7;
  }
  buf[n++] = (char)v;
  out.append(buf, (size_t)n);
}
static inline void put_i(std::string &out, int64_t v) { put_u(out, zigzag(v)); }
// A [begin, end) range of rows: its start from where the previous range
// ended (`cursor`, usually the same), and its length.
static inline void put_range(std::string &out, int32_t cursor, int32_t begin, int32_t end) {
  put_i(out, (int64_t)begin - cursor);
  put_i(out, (int64_t)end - begin);
}
static inline void put_raw64(std::string &out, uint64_t v) {
  for (int k = 0; k < 8; k++) out.push_back((char)(v >> (8 * k)));
}

// Reads from `in` at `p`; once anything runs past the end, `ok` is false
// and every later read gives 0.
struct Reader {
  std::string_view in;
  size_t &p;
  bool ok = true;

  uint64_t u() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p >= in.size()) return fail();
      unsigned char c = (unsigned char)in[p++];
      v |= (uint64_t)(c & 0x7F) << shift;
      if (!(c & 0x80)) return v;
    }
    return fail();  // more than ten bytes: not a varint of ours
  }
  int64_t i() { return unzigzag(u()); }
  int32_t i32() { return i32_after(0); }
  // An int32 written as its difference from `base` (a range's ends, a
  // tool row's event). The difference is bounded before it is added: a
  // damaged one could overflow the sum.
  int32_t i32_after(int32_t base) {
    int64_t d = i();
    if (d < -(int64_t)UINT32_MAX || d > (int64_t)UINT32_MAX) return (int32_t)fail();
    int64_t v = (int64_t)base + d;
    if (v < INT32_MIN || v > INT32_MAX) return (int32_t)fail();
    return (int32_t)v;
  }
  // A [begin, end) range written by put_range after the previous one's end.
  void range(int32_t cursor, int32_t &begin, int32_t &end) {
    begin = i32_after(cursor);
    end = i32_after(begin);
  }
  uint8_t byte() {
    if (p >= in.size()) return (uint8_t)fail();
    return (uint8_t)in[p++];
  }
  uint64_t raw64() {
    if (in.size() - p < 8 || p > in.size()) return fail();
    uint64_t v = 0;
    for (int k = 0; k < 8; k++) v |= (uint64_t)(unsigned char)in[p + (size_t)k] << (8 * k);
    p += 8;
    return v;
  }
  uint64_t fail() {
    ok = false;
    p = in.size();
    return 0;
  }
};

// Event fields that differ from a default-constructed Event, by bit.
enum EventField : uint32_t {
  EF_TEXT = 1u << 0, EF_TEXT_LEN = 1u << 1, EF_MODEL = 1u << 2, EF_PARENT = 1u << 3, EF_TS = 1u << 4,
  EF_INPUT = 1u << 5, EF_OUTPUT = 1u << 6, EF_CC = 1u << 7, EF_M5 = 1u << 8, EF_H1 = 1u << 9,
  EF_CACHE_READ = 1u << 10, EF_WEB = 1u << 11, EF_KEY = 1u << 12, EF_TOOLS = 1u << 13, EF_REASONING = 1u << 14,
  EF_OPENAI_CW = 1u << 15, EF_VERSION = 1u << 16, EF_FULL_LEN = 1u << 17, EF_MARKS = 1u << 18,
  EF_OPENER = 1u << 19, EF_LINES = 1u << 20, EF_KIND = 1u << 21, EF_LIGHT = 1u << 22, EF_SUB = 1u << 23,
  EF_OWN_TS = 1u << 24,
};

template <class EventT>
void put_events(std::string &out, const std::vector<EventT> &ev) {
  const EventT none{};
  put_u(out, ev.size());
  int64_t prev_ts = 0;
  int32_t cursor = 0;  // where the previous event's tool rows ended
  for (const EventT &e : ev) {
    uint32_t mask = 0;
    if (e.kind < 0 || e.kind > 31) mask |= EF_KIND;  // never made by a decode; kept exact all the same
    if (e.text != none.text) mask |= EF_TEXT;
    if (e.text_len != none.text_len) mask |= EF_TEXT_LEN;
    if (e.model != none.model) mask |= EF_MODEL;
    if (e.parent != none.parent) mask |= EF_PARENT;
    if (e.ts != prev_ts) mask |= EF_TS;
    if (e.u.input) mask |= EF_INPUT;
    if (e.u.output) mask |= EF_OUTPUT;
    if (e.u.cc_legacy) mask |= EF_CC;
    if (e.u.m5) mask |= EF_M5;
    if (e.u.h1) mask |= EF_H1;
    if (e.u.cache_read) mask |= EF_CACHE_READ;
    if (e.u.web_search) mask |= EF_WEB;
    if (e.key.a || e.key.b) mask |= EF_KEY;
    if (e.tools_begin != cursor || e.tools_end != e.tools_begin) mask |= EF_TOOLS;
    if (e.reasoning) mask |= EF_REASONING;
    if (e.openai_cw) mask |= EF_OPENAI_CW;
    if (e.version != none.version) mask |= EF_VERSION;
    if (e.full_len != none.full_len) mask |= EF_FULL_LEN;
    if (e.marks != none.marks) mask |= EF_MARKS;
    if (e.opener != none.opener) mask |= EF_OPENER;
    if (e.lines != none.lines) mask |= EF_LINES;
    // A call's or E_LINES' own time, when not its time (read back as its time);
    // other events keep none.
    bool timed_kind = e.kind == 1 || e.kind == 7;  // E_CALL, E_LINES (cb_scan.h)
    if (timed_kind ? e.own_ts != e.ts : e.own_ts != none.own_ts) mask |= EF_OWN_TS;
    if (e.light) mask |= EF_LIGHT;
    if (e.sub != none.sub) mask |= EF_SUB;
    unsigned flags = (unsigned)(e.kind & 31) | e.dead << 5 | e.has_id << 6 | e.estimated << 7;
    out.push_back((char)flags);
    out.push_back((char)(e.u.fast | e.u.has_speed << 1));
    put_u(out, mask);
    if (mask & EF_KIND) put_i(out, e.kind);
    if (mask & EF_TEXT) put_i(out, e.text);
    if (mask & EF_TEXT_LEN) put_i(out, e.text_len);
    if (mask & EF_MODEL) put_i(out, e.model);
    if (mask & EF_PARENT) put_i(out, e.parent);
    if (mask & EF_TS) put_i(out, (int64_t)((uint64_t)e.ts - (uint64_t)prev_ts));
    if (mask & EF_INPUT) put_i(out, e.u.input);
    if (mask & EF_OUTPUT) put_i(out, e.u.output);
    if (mask & EF_CC) put_i(out, e.u.cc_legacy);
    if (mask & EF_M5) put_i(out, e.u.m5);
    if (mask & EF_H1) put_i(out, e.u.h1);
    if (mask & EF_CACHE_READ) put_i(out, e.u.cache_read);
    if (mask & EF_WEB) put_i(out, e.u.web_search);
    if (mask & EF_KEY) {
      put_raw64(out, e.key.a);
      put_raw64(out, e.key.b);
    }
    if (mask & EF_TOOLS) put_range(out, cursor, e.tools_begin, e.tools_end);
    if (mask & EF_REASONING) put_i(out, e.reasoning);
    if (mask & EF_OPENAI_CW) put_i(out, e.openai_cw);
    if (mask & EF_VERSION) put_i(out, e.version);
    if (mask & EF_FULL_LEN) put_i(out, e.full_len);
    if (mask & EF_MARKS) out.push_back((char)e.marks);
    if (mask & EF_OPENER) put_raw64(out, e.opener);
    if (mask & EF_LINES) put_i(out, e.lines);
    if (mask & EF_OWN_TS) put_i(out, (int64_t)((uint64_t)e.own_ts - (uint64_t)e.ts));
    if (mask & EF_SUB) put_i(out, e.sub);
    prev_ts = e.ts;
    cursor = e.tools_end;
  }
}

template <class EventT>
bool get_events(std::string_view in, size_t &p, std::vector<EventT> &ev) {
  Reader r{in, p};
  uint64_t n = r.u();
  if (!r.ok || n > (in.size() - p) / 3) return false;  // each event takes at least three bytes
  ev.clear();
  ev.reserve((size_t)n);
  int64_t prev_ts = 0;
  int32_t cursor = 0;
  for (uint64_t k = 0; k < n && r.ok; k++) {
    EventT e{};
    unsigned flags = r.byte(), speed = r.byte();
    uint64_t mask = r.u();
    e.kind = (int)(flags & 31);
    e.dead = flags >> 5 & 1;
    e.has_id = flags >> 6 & 1;
    e.estimated = flags >> 7 & 1;
    e.u.fast = speed & 1;
    e.u.has_speed = speed >> 1 & 1;
    if (mask & EF_KIND) e.kind = r.i32();
    if (mask & EF_TEXT) e.text = r.i32();
    if (mask & EF_TEXT_LEN) e.text_len = r.i32();
    if (mask & EF_MODEL) e.model = r.i32();
    if (mask & EF_PARENT) e.parent = r.i32();
    e.ts = mask & EF_TS ? (int64_t)((uint64_t)prev_ts + (uint64_t)r.i()) : prev_ts;
    if (mask & EF_INPUT) e.u.input = r.i();
    if (mask & EF_OUTPUT) e.u.output = r.i();
    if (mask & EF_CC) e.u.cc_legacy = r.i();
    if (mask & EF_M5) e.u.m5 = r.i();
    if (mask & EF_H1) e.u.h1 = r.i();
    if (mask & EF_CACHE_READ) e.u.cache_read = r.i();
    if (mask & EF_WEB) e.u.web_search = r.i();
    if (mask & EF_KEY) {
      e.key.a = r.raw64();
      e.key.b = r.raw64();
    }
    e.tools_begin = e.tools_end = cursor;
    if (mask & EF_TOOLS) r.range(cursor, e.tools_begin, e.tools_end);
    if (mask & EF_REASONING) e.reasoning = r.i();
    if (mask & EF_OPENAI_CW) e.openai_cw = r.i();
    if (mask & EF_VERSION) e.version = r.i32();
    if (mask & EF_FULL_LEN) e.full_len = r.i32();
    if (mask & EF_MARKS) e.marks = r.byte();
    if (mask & EF_OPENER) e.opener = r.raw64();
    if (mask & EF_LINES) e.lines = r.i32();
    if (mask & EF_OWN_TS) e.own_ts = (int64_t)((uint64_t)e.ts + (uint64_t)r.i());
    else if (e.kind == 1 || e.kind == 7) e.own_ts = e.ts;
    e.light = (mask & EF_LIGHT) != 0;
    if (mask & EF_SUB) e.sub = r.i32();
    prev_ts = e.ts;
    cursor = e.tools_end;
    ev.push_back(e);
  }
  return r.ok;
}

enum ToolField : uint32_t {
  TF_NAME = 1u << 0, TF_SHELL = 1u << 1, TF_SUBAGENT = 1u << 2, TF_SKILL = 1u << 3, TF_FLAGS = 1u << 4,
  TF_FILE_KEY = 1u << 5, TF_PATH = 1u << 6, TF_USE_ID = 1u << 7,
};

template <class ToolT>
void put_tools(std::string &out, const std::vector<ToolT> &tools) {
  put_u(out, tools.size());
  int32_t prev_event = 0, cursor = 0;
  for (const ToolT &t : tools) {
    uint32_t mask = 0;
    if (t.name != -1) mask |= TF_NAME;
    if (t.shell_begin != cursor || t.shell_end != t.shell_begin) mask |= TF_SHELL;
    if (t.subagent != -1) mask |= TF_SUBAGENT;
    if (t.skill != -1) mask |= TF_SKILL;
    if (t.flags) mask |= TF_FLAGS;
    if (t.file_key) mask |= TF_FILE_KEY;
    if (t.path != -1) mask |= TF_PATH;
    if (t.use_id != -1) mask |= TF_USE_ID;
    out.push_back((char)(t.counts | t.verifies << 1));
    put_u(out, mask);
    put_i(out, (int64_t)t.event - prev_event);
    if (mask & TF_NAME) put_i(out, t.name);
    if (mask & TF_SHELL) put_range(out, cursor, t.shell_begin, t.shell_end);
    if (mask & TF_SUBAGENT) put_i(out, t.subagent);
    if (mask & TF_SKILL) put_i(out, t.skill);
    if (mask & TF_FLAGS) put_u(out, t.flags);
    if (mask & TF_FILE_KEY) put_raw64(out, t.file_key);
    if (mask & TF_PATH) put_i(out, t.path);
    if (mask & TF_USE_ID) put_i(out, t.use_id);
    prev_event = t.event;
    cursor = t.shell_end;
  }
}

template <class ToolT>
bool get_tools(std::string_view in, size_t &p, std::vector<ToolT> &tools) {
  Reader r{in, p};
  uint64_t n = r.u();
  if (!r.ok || n > (in.size() - p) / 3) return false;  // each row takes at least three bytes
  tools.clear();
  tools.reserve((size_t)n);
  int32_t prev_event = 0, cursor = 0;
  for (uint64_t k = 0; k < n && r.ok; k++) {
    ToolT t{};
    unsigned flags = r.byte();
    uint64_t mask = r.u();
    t.counts = flags & 1;
    t.verifies = flags >> 1 & 1;
    t.event = r.i32_after(prev_event);
    t.name = mask & TF_NAME ? r.i32() : -1;
    t.shell_begin = t.shell_end = cursor;
    if (mask & TF_SHELL) r.range(cursor, t.shell_begin, t.shell_end);
    t.subagent = mask & TF_SUBAGENT ? r.i32() : -1;
    t.skill = mask & TF_SKILL ? r.i32() : -1;
    uint64_t f = mask & TF_FLAGS ? r.u() : 0;
    if (f > UINT32_MAX) return false;
    t.flags = (uint32_t)f;
    t.file_key = mask & TF_FILE_KEY ? r.raw64() : 0;
    t.path = mask & TF_PATH ? r.i32() : -1;
    t.use_id = mask & TF_USE_ID ? r.i32() : -1;
    prev_event = t.event;
    cursor = t.shell_end;
    tools.push_back(t);
  }
  return r.ok;
}

}  // namespace packcodec
}  // namespace cb
