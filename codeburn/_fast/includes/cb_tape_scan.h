// Replays a records tape (cb_tape.h) into the Scanner, summing the
// sessions' stats (what the scan's records feed adds to its totals).
#pragma once
#include "cb_scan.h"
#include "cb_tape.h"

namespace cb {

static inline void add_stats(FileStats &sum, const FileStats &st) {
  sum.bytes += st.bytes;
  sum.lines += st.lines;
  sum.invalid += st.invalid;
  sum.bad_number += st.bad_number;
  sum.huge += st.huge;
  sum.too_large += st.too_large;
  sum.torn_tail += st.torn_tail;
  sum.calls += st.calls;
  sum.stream_dups += st.stream_dups;
  sum.global_dups += st.global_dups;
  sum.turns += st.turns;
  sum.not_session += st.not_session;
  sum.estimated += st.estimated;
}

static inline bool replay_into(Scanner &scanner, const char *data, size_t n, int32_t first_idx,
                               const std::unordered_map<std::string, std::string> &names, bool unique_shell,
                               int steps, std::vector<TapeSessionInfo> &sessions, FileStats &sum) {
  return replay_tape(scanner, data, n, first_idx, names, unique_shell, steps, sessions,
                     [&](const FileStats &st) { add_stats(sum, st); });
}

}  // namespace cb
