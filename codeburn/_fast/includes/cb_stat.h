// stat(2) of many paths at once, without the GIL, on two threads.
// A history of many small sessions is keyed by every file's stat before
// anything is read (codeburn.cache.scanmemo): os.stat costs ~4 us a file in
// Python (a stat_result of 20 fields, float times, the GIL given up and
// taken back) against ~1.5 us for the call itself, and 56k files were
// 0.25-0.35 s of a run's serial start. Windows has no inode in stat(); the
// caller keeps os.stat there (STAT_BATCH is false).
#pragma once
#include <cerrno>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>
#ifndef _WIN32
#include <sys/stat.h>
#endif

#include "cb_infile.h"

namespace cb {

struct StatRow {
  uint64_t dev = 0, ino = 0;
  int64_t size = 0, mtime_ns = 0, ctime_ns = 0;
  int err = 0;  // errno of a failed stat (the row's other fields are then 0)
};

// Runs fn(i) for i in [0, n): on two threads past `alone` items (a
// thread costs ~50 us to start).
template <class Fn>
static inline void two_spans(size_t n, size_t alone, Fn fn) {
  auto span = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; i++) fn(i);
  };
  if (n < alone) {
    span(0, n);
    return;
  }
  size_t half = n / 2;
  std::thread other;
  try {
    other = std::thread(span, half, n);
  } catch (...) {  // no thread to be had: all of it here
    span(0, n);
    return;
  }
  span(0, half);
  other.join();
}

#ifdef _WIN32
static const bool STAT_BATCH = false;
static inline void stat_rows(const std::vector<std::string> &, std::vector<StatRow> &) {}
#else
static const bool STAT_BATCH = true;

static inline void stat_one(const std::string &path, StatRow &row) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    row.err = errno ? errno : EIO;
    return;
  }
  row.dev = (uint64_t)st.st_dev;
  row.ino = (uint64_t)st.st_ino;
  row.size = (int64_t)st.st_size;
#ifdef __APPLE__
  row.mtime_ns = time_ns(st.st_mtimespec.tv_sec, st.st_mtimespec.tv_nsec);
  row.ctime_ns = time_ns(st.st_ctimespec.tv_sec, st.st_ctimespec.tv_nsec);
#else
  row.mtime_ns = time_ns(st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  row.ctime_ns = time_ns(st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
#endif
}

// Fills rows[i] with the stat of paths[i]. Two threads when there are
// enough paths to pay for the second (measured: 56k stats 0.086 s on one
// thread, 0.056 s on two; a third gained nothing).
static inline void stat_rows(const std::vector<std::string> &paths, std::vector<StatRow> &rows) {
  rows.assign(paths.size(), StatRow());
  two_spans(paths.size(), 2048, [&](size_t i) { stat_one(paths[i], rows[i]); });
}
#endif

}  // namespace cb
