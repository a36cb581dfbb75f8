// A records source's sessions as one compact byte string (the "tape"):
// what the Scanner's begin_records / record_turn / record_call /
// record_tool / end_records calls need, in their order, and nothing else.
// A store's reader writes it (cb_cursor_store.h), the scan replays it into
// the Scanner, and the records cache keeps it as it is, so a warm run
// replays the same bytes a cold run made.
//
// Layout (native byte order: the tape never leaves this machine's cache):
//   session := 'S' str(id) str(project) i64(order) u32(calls) call*
//              (order: where the session comes among its store's, when the
//              tool lists sessions otherwise than the tape holds them)
//   call    := i64(ts) u8(flags: 1 opens a turn, 2 estimated, 4 has a key)
//              [str(prompt) if it opens a turn] str(model) i64(input) i64(output)
//              [str(key) if it has one] u32(tools) tool*
//   tool    := str(name) u8(has a command) [str(command)]
//   str     := u32(length) bytes
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cb_decode.h"

namespace cb {

enum : uint8_t { TAPE_TURN = 1, TAPE_ESTIMATED = 2, TAPE_KEY = 4 };

struct Tape {
  std::string buf;
  size_t session_at = 0, order_at = 0, count_at = 0;
  uint32_t calls = 0;

  void u8(uint8_t v) { buf.push_back((char)v); }
  void u32(uint32_t v) { buf.append((const char *)&v, 4); }
  void i64(int64_t v) { buf.append((const char *)&v, 8); }
  void str(std::string_view s) {
    u32((uint32_t)s.size());
    buf.append(s.data(), s.size());
  }

  void begin_session(std::string_view id, std::string_view project, int64_t order = 0) {
    session_at = buf.size();
    u8('S');
    str(id);
    str(project);
    order_at = buf.size();
    i64(order);
    count_at = buf.size();
    u32(0);
    calls = 0;
  }

  template <class Tools>
  void call(int64_t ts, bool turn, std::string_view prompt, std::string_view model, int64_t input, int64_t output,
            bool estimated, bool has_key, std::string_view key, const Tools &tools) {
    i64(ts);
    u8((turn ? TAPE_TURN : 0) | (estimated ? TAPE_ESTIMATED : 0) | (has_key ? TAPE_KEY : 0));
    if (turn) str(prompt);
    str(model);
    i64(input);
    i64(output);
    if (has_key) str(key);
    u32((uint32_t)tools.size());
    for (const auto &t : tools) {
      str(t.name);
      u8(t.has_command ? 1 : 0);
      if (t.has_command) str(t.command);
    }
    ++calls;
  }

  // The open session's order, once it is known.
  void set_order(int64_t order) { memcpy(&buf[order_at], &order, 8); }

  // A session without calls is left out.
  void end_session() {
    if (calls == 0) buf.resize(session_at);
    else memcpy(&buf[count_at], &calls, 4);
  }
};

// Reads a tape; every read is bounds-checked (a cache entry is checked by
// its digest first, but a short or odd tape must still never read past its end).
struct TapeReader {
  const char *p, *end;
  bool ok = true;

  TapeReader(const char *data, size_t n) : p(data), end(data + n) {}
  bool more() const { return ok && p < end; }
  template <class T>
  T num() {
    T v{};
    if ((size_t)(end - p) < sizeof(T)) {
      ok = false;
      return v;
    }
    memcpy(&v, p, sizeof(T));
    p += sizeof(T);
    return v;
  }
  std::string_view str() {
    uint32_t n = num<uint32_t>();
    if (!ok || (size_t)(end - p) < n) {
      ok = false;
      return {};
    }
    std::string_view s(p, n);
    p += n;
    return s;
  }
};

// Counts a token number the way the scan's records path does: whole, never negative, at most 1e15.
static inline int64_t tape_count(int64_t v) { return v <= 0 ? 0 : v > (int64_t)1e15 ? (int64_t)1e15 : v; }

struct TapeSessionInfo {
  std::string id, project;
  int64_t order = 0;
};

// Feeds every session of the tape to the scanner (as files first_idx,
// first_idx + 1, ...); `names` maps the tool's tool names to canonical
// ones; `steps` is the provider's StepMode (how retries see a call's
// tools). Returns false on a malformed tape (what came before is fed).
// `each(stats)` hears each session's FileStats after its end_records.
template <class S, class Each>
bool replay_tape(S &scanner, const char *data, size_t n, int32_t first_idx,
                 const std::unordered_map<std::string, std::string> &names, bool unique_shell, int steps,
                 std::vector<TapeSessionInfo> &sessions, Each each) {
  TapeReader r(data, n);
  std::vector<uint8_t> kept;
  std::string name_buf;
  int32_t idx = first_idx;
  while (r.more()) {
    if (r.num<uint8_t>() != 'S') return false;
    TapeSessionInfo info;
    info.id = std::string(r.str());
    info.project = std::string(r.str());
    info.order = r.num<int64_t>();
    uint32_t calls = r.num<uint32_t>();
    if (!r.ok) return false;
    scanner.begin_records(idx, unique_shell, steps, false);
    for (uint32_t i = 0; i < calls && r.ok; ++i) {
      int64_t ts = r.num<int64_t>();
      uint8_t flags = r.num<uint8_t>();
      if (flags & TAPE_TURN) scanner.record_turn(ts, r.str());
      std::string_view model = r.str();
      Usage u;
      u.input = tape_count(r.num<int64_t>());
      u.output = tape_count(r.num<int64_t>());
      u.fast = false;
      u.has_speed = true;
      std::string_view key = (flags & TAPE_KEY) ? r.str() : std::string_view();
      if (!r.ok) break;
      scanner.record_call(ts, model, u, 0, (flags & TAPE_ESTIMATED) != 0, (flags & TAPE_KEY) != 0, key);
      uint32_t tools = r.num<uint32_t>();
      for (uint32_t k = 0; k < tools && r.ok; ++k) {
        std::string_view name = r.str();
        bool has_cmd = r.num<uint8_t>() != 0;
        std::string_view cmd = has_cmd ? r.str() : std::string_view();
        if (!r.ok) break;
        auto it = names.find(std::string(name));
        Tool t;
        t.name = it == names.end() ? name : std::string_view(it->second);
        t.command = cmd;
        t.has_command = has_cmd;
        t.skill_name = t.skill;
        scanner.record_tool(t);
      }
    }
    scanner.end_records(kept);  // a session cut short is still closed
    each(scanner.st);
    sessions.push_back(std::move(info));
    ++idx;
    if (!r.ok) return false;
  }
  return true;
}

}  // namespace cb
