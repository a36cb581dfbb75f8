// The decoding threads' work list for a read of files none of which the
// per-file cache has (a first run, --no-cache): each thread takes the next
// file (or part of a large Claude file), decodes it, appends its cache entry
// to the pack and hands it over, all without the GIL; the main reader waits
// for each file in order without it too (codeburn/read/parallel.py).
//
// In Python each of those steps took the GIL back: on a dense history (3,600
// files) each decoding thread slept a quarter of a second in all waiting for
// it while the main reader ran, and so did the main reader waiting for them.
//
// The rules are codeburn/read/parallel.py's: files are handed out in order; a
// thread may start a file while it is fewer than `window` files ahead of
// the main reader, or while the files started ahead hold fewer than
// `ahead_limit` bytes; the parts of a started file may always go. The
// thread that decodes a file's last part joins the parts.
#pragma once
#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <vector>

#include "cb_crc.h"
#include "cb_pack.h"
#include "cb_scan.h"

namespace cb {

// What a queued file starts from.
enum QueueTask : int {
  T_DECODE = 0,  // its bytes
  T_LOAD = 1,    // its entry in the per-file cache (the file is unchanged)
  T_RESUME = 2,  // its entry (the file has grown): a Claude file is read on from there, a Codex one whole
};

// How a queued file's old cache entry served (what filecache.get counts).
enum QueueUse : int {
  U_NONE = 0,     // no entry was looked at
  U_SAME = 1,     // an unchanged file's entry
  U_GROWN = 2,    // a grown file's entry
  U_DAMAGED = 3,  // an entry that failed its CRC or did not load: the file was decoded afresh
};

// What became of a file's cache entry.
enum QueueKept : int {
  Q_NOT_KEPT = 0,     // nothing to keep (no pack, or the file changed while read)
  Q_KEPT = 1,         // appended to the pack: at, length, crc, head, tail say where
  Q_ASK_PYTHON = 2,   // the reader could not settle the file itself (read in parts, no final newline): filecache.put decides
  Q_PACK_FAILED = 3,  // the pack's write failed: it is to be abandoned
};

struct QueueFile {
  std::string path;
  int32_t idx = 0;        // the file's number in the scan
  int kind = 0;           // cb_scan.h SourceKind (K_CLAUDE, K_CODEX or a JSONL kind)
  std::string hint;       // Codex / JSONL: the session id when lines name none
  int64_t bytes = 0;      // its size, for the window (a loaded entry weighs the same: its decode is as large)
  int task = T_DECODE;
  const char *entry = nullptr;  // T_LOAD / T_RESUME: the entry's bytes (the caller keeps them mapped)
  size_t entry_len = 0;
  uint32_t entry_crc = 0;       // CRC of the path, then the entry (filecache._crc)
  int64_t resume_at = 0;        // T_RESUME: the size the entry was decoded at
  int parts = 1;
  int64_t part_bytes = 0;
  // The file's stat before the read: an entry is kept only for a file that
  // still matched it when its read ended (filecache._key).
  uint64_t dev = 0, ino = 0;
  int64_t size = 0, mtime_ns = 0;

  std::vector<std::unique_ptr<Decoded>> pieces;
  int pieces_done = 0;
  std::unique_ptr<Decoded> result;
  bool done = false;
  std::string error;      // what a decode threw, if one did
  int kept = Q_NOT_KEPT;
  int use = U_NONE;
  int64_t at = 0, length = 0;
  uint32_t crc = 0;
};

// Why DecodeQueue::adopt_run stopped.
enum RunStop : int {
  RUN_END = 0,     // every file asked for was adopted
  RUN_TEXT = 1,    // the prompts waiting for the classifier reached the limit: classify, then go on
  RUN_PYTHON = 2,  // file `done` needs the per-file cache's Python side (see Q_ASK_PYTHON): handed back in `pending`
  RUN_SERIAL = 3,  // file `done` is a Codex file to be read in order (Scanner::adopt declined it)
  RUN_ERROR = 4,   // file `done` could not be decoded or adopted: `error` says why
};

// A file's row of DecodeQueue::adopt_run's stats: FileStats, then io_error.
static const int RUN_STATS = 15;

// What DecodeQueue::adopt_run did: for each file adopted, its stats, first
// cwd, Codex session and cache entry; and why it stopped.
struct RunOut {
  int32_t done = 0;
  int stop = RUN_END;
  std::string error;
  std::vector<int64_t> stats;  // RUN_STATS per file
  std::vector<std::string> cwd, session;
  std::vector<int8_t> kept;    // QueueKept
  std::vector<int8_t> use;     // QueueUse
  std::vector<int64_t> at, length;
  std::vector<uint32_t> crc, head, tail;
  // The file `done` when the run stopped on it (RUN_PYTHON: its decode;
  // RUN_SERIAL: only its cache entry, to be recorded before the read).
  std::unique_ptr<Decoded> pending;
  int pending_kept = Q_NOT_KEPT, pending_use = U_NONE;
  int64_t pending_at = 0, pending_length = 0;
  uint32_t pending_crc = 0, pending_head = 0, pending_tail = 0;
};

class DecodeQueue {
 public:
  DecodeQueue(int64_t window, int64_t ahead_limit) : window_(window), ahead_limit_(ahead_limit) {}

  // Before any thread starts: the files, in the order the main reader
  // takes them, each with its stat before the read.
  void add(const std::string &path, int32_t idx, int kind, const std::string &hint, int64_t bytes, int parts,
           int64_t part_bytes, uint64_t dev, uint64_t ino, int64_t size, int64_t mtime_ns) {
    int32_t pos = (int32_t)files_.size();
    files_.emplace_back();
    QueueFile &f = files_.back();
    f.path = path;
    f.idx = idx;
    f.kind = kind;
    f.hint = hint;
    f.bytes = bytes;
    f.parts = parts < 1 ? 1 : parts;
    f.part_bytes = part_bytes;
    f.dev = dev;
    f.ino = ino;
    f.size = size;
    f.mtime_ns = mtime_ns;
    f.pieces.resize(f.parts);
    for (int k = 0; k < f.parts; k++) tasks_.push_back({pos, k});
  }

  // Makes the file last added start from its cache entry (QueueTask), as
  // the caller found it: `entry` stays mapped until the queue is done.
  void set_entry(int task, const char *entry, size_t len, uint32_t crc, int64_t resume_at) {
    QueueFile &f = files_.back();
    f.task = task;
    f.entry = entry;
    f.entry_len = len;
    f.entry_crc = crc;
    f.resume_at = resume_at;
  }

  // The pack entries go to (none: nothing is kept); set before any thread starts.
  void set_pack(PackOut *pack) { pack_ = pack; }

  size_t size() const { return files_.size(); }

  // A decoding thread's whole life: until every task is handed out or close().
  void work(Scanner &s) {
    Task t;
    while (take(t)) {
      QueueFile &f = files_[t.file];
      std::unique_ptr<Decoded> d;
      std::string err;
      int use = U_NONE;
      bool loaded = decode(s, f, t.part, d, err, use);
      if (f.parts > 1 && !collect(f, t.part, d, err)) continue;  // another part still decoding
      int kept = d && err.empty() && !loaded ? keep(f, *d) : Q_NOT_KEPT;
      std::lock_guard<std::mutex> hold(mu_);
      f.result = std::move(d);
      if (f.error.empty()) f.error = err;
      f.kept = kept;
      f.use = use;
      f.done = true;
      if (waiting_for_ == t.file) done_cv_.notify_one();  // (the main reader sleeps on no other file)
    }
  }

  // The main reader: file `pos` once decoded (the caller owns it; nullptr
  // when its decode failed: error(pos) says why). Counts it as adopted.
  // When it must sleep, it sleeps until the `ahead` - 1 files after it are
  // done too, as far as the window lets the threads start them whatever
  // else holds them back: a run of small files then wakes the main reader
  // once, not once a file (it is quicker than the threads, so it caught up
  // with them at every file).
  Decoded *wait(int32_t pos, int32_t ahead = 1) {
    std::unique_lock<std::mutex> hold(mu_);
    QueueFile &f = files_[pos];
    if (!f.done) {
      int64_t last = std::min<int64_t>({(int64_t)pos + ahead - 1, adopted_ + window_ - 1,
                                        (int64_t)files_.size() - 1});
      for (int64_t at : {std::max<int64_t>(last, pos), (int64_t)pos}) {
        QueueFile &g = files_[at];
        waiting_for_ = (int32_t)at;
        done_cv_.wait(hold, [&] { return g.done; });
      }
      waiting_for_ = -1;
    }
    adopted_++;
    ahead_ -= f.bytes;
    if (sleeping_) room_cv_.notify_all();  // the window moved: a thread may start its next file
    return f.result.release();
  }

  const QueueFile &file(int32_t pos) const { return files_[pos]; }

  static const int32_t WAIT_AHEAD = 8;  // files adopt_run waits for at once (wait's `ahead`)

  // The main reader: files pos, pos + 1, ... adopted into `main` in order
  // (file_idx[k]: the scan's number of the k'th), `count` of them at most,
  // with the bookkeeping the caller needs returned in `out`, so that a run
  // of files costs it one call instead of several per file. Stops early
  // as RunStop says.
  void adopt_run(Scanner &main, int32_t pos, int32_t count, const int32_t *file_idx, size_t text_limit,
                 RunOut &out) {
    // A run asks for every file left and usually stops at the next
    // classifier batch: reserving for all of them mapped (and the kernel
    // zeroed) up to 700 KB a run for a few rows.
    out.stats.reserve((size_t)std::min(count, (int32_t)256) * RUN_STATS);
    for (int32_t k = 0; k < count; k++) {
      out.done = k;
      std::unique_ptr<Decoded> d(wait(pos + k, std::min(count - k, WAIT_AHEAD)));
      const QueueFile &f = files_[pos + k];  // settled: wait() saw it done under the lock
      if (!d) {
        out.stop = RUN_ERROR;
        out.error = f.error.empty() ? "decoding failed" : f.error;
        return;
      }
      out.pending_use = f.use;
      if (f.kept == Q_ASK_PYTHON) {
        out.stop = RUN_PYTHON;
        out.pending = std::move(d);
        out.pending_kept = f.kept;
        return;
      }
      bool adopted;
      try {
        adopted = main.adopt(*d, file_idx[k]);
      } catch (const std::bad_alloc &) {
        out.stop = RUN_ERROR;
        out.error = "out of memory";
        return;
      } catch (const std::exception &e) {
        out.stop = RUN_ERROR;
        out.error = e.what();
        return;
      }
      if (!adopted) {
        out.stop = RUN_SERIAL;
        out.pending_kept = f.kept;
        out.pending_at = f.at;
        out.pending_length = f.length;
        out.pending_crc = f.crc;
        out.pending_head = d->settled.head_crc;
        out.pending_tail = d->settled.tail_crc;
        return;
      }
      const FileStats &st = main.st;
      const int64_t row[RUN_STATS] = {st.bytes, st.lines, st.invalid, st.bad_number, st.huge, st.too_large,
                                      st.torn_tail, st.calls, st.stream_dups, st.global_dups, st.turns,
                                      st.first_bad_line, st.not_session, st.estimated, (int64_t)st.io_error};
      out.stats.insert(out.stats.end(), row, row + RUN_STATS);
      out.cwd.push_back(main.first_cwd);
      out.session.push_back(main.session);
      out.kept.push_back((int8_t)f.kept);
      out.use.push_back((int8_t)f.use);
      out.at.push_back(f.at);
      out.length.push_back(f.length);
      out.crc.push_back(f.crc);
      out.head.push_back(d->settled.head_crc);
      out.tail.push_back(d->settled.tail_crc);
      if (main.pending_text_bytes() >= text_limit) {
        out.done = k + 1;
        out.stop = RUN_TEXT;
        return;
      }
    }
    out.done = count;
    out.stop = RUN_END;
  }

  // No task starts after this; threads end after their current one.
  void close() {
    std::lock_guard<std::mutex> hold(mu_);
    closed_ = true;
    room_cv_.notify_all();
    done_cv_.notify_all();
  }

 private:
  struct Task {
    int32_t file = 0;
    int part = 0;
  };

  bool take(Task &t) {
    std::unique_lock<std::mutex> hold(mu_);
    auto ready = [&] { return closed_ || next_ >= tasks_.size() || may_start(tasks_[next_]); };
    if (!ready()) {
      sleeping_++;
      room_cv_.wait(hold, ready);
      sleeping_--;
    }
    if (closed_ || next_ >= tasks_.size()) return false;
    t = tasks_[next_++];
    if (t.part == 0) ahead_ += files_[t.file].bytes;
    return true;
  }

  bool may_start(const Task &t) const {
    return t.part > 0 || t.file < adopted_ + window_ || ahead_ < ahead_limit_;
  }

  // Decodes (or loads) the file into d; true when d is its cache entry as
  // it was, which then is not written again.
  static bool decode(Scanner &s, QueueFile &f, int part, std::unique_ptr<Decoded> &d, std::string &err, int &use) {
    try {
      d.reset(new Decoded());
      const char *path = f.path.c_str();
      std::unique_ptr<Decoded> prior;
      if (f.task != T_DECODE) {
        prior.reset(new Decoded());
        uint32_t crc = crc32(f.entry, f.entry_len, crc32(f.path.data(), f.path.size()));
        if (crc != f.entry_crc || !prior->load(std::string_view(f.entry, f.entry_len))) {
          prior.reset();
          use = U_DAMAGED;  // decoded afresh below
        } else {
          use = f.task == T_LOAD ? U_SAME : U_GROWN;
          // Decoded for other self-correction phrases: its candidates may be wrong.
          if (prior->phrases != s.phrases.stamp) prior.reset();
          // Read a time without a zone as another zone's local time.
          else if (prior->zone && prior->zone != cb::zone_stamp) prior.reset();
        }
      }
      if (prior && f.task == T_LOAD) {
        d = std::move(prior);
        return true;
      }
      if (prior && f.kind == K_CLAUDE) {
        s.decode_file(path, f.idx, *d, prior.get(), f.resume_at);
      } else if (f.parts > 1) {
        int64_t stop = part + 1 < f.parts ? (part + 1) * f.part_bytes : -1;
        s.decode_part(path, f.idx, *d, part * f.part_bytes, stop);
      } else if (f.kind == K_CLAUDE) {
        s.decode_file(path, f.idx, *d);
      } else if (f.kind == K_CODEX) {
        s.decode_codex(path, f.idx, f.hint, *d);
      } else {
        s.decode_jsonl(path, f.idx, f.kind, f.hint, *d);
      }
    } catch (const std::bad_alloc &) {
      d.reset();
      err = "out of memory";
    } catch (const std::exception &e) {
      d.reset();
      err = e.what();
    } catch (...) {
      d.reset();
      err = "decoding failed";
    }
    return false;
  }

  // Files parts as they come; true (with `d` the joined file) for the last.
  bool collect(QueueFile &f, int part, std::unique_ptr<Decoded> &d, std::string &err) {
    {
      std::lock_guard<std::mutex> hold(mu_);
      f.pieces[part] = std::move(d);
      if (!err.empty() && f.error.empty()) f.error = err;
      if (++f.pieces_done < f.parts) return false;
      err = f.error;
    }
    d = std::move(f.pieces[0]);
    if (err.empty() && d) {
      try {
        std::vector<Decoded *> rest;
        for (int k = 1; k < f.parts; k++) rest.push_back(f.pieces[k].get());
        d->append(rest);
      } catch (const std::bad_alloc &) {
        d.reset();
        err = "out of memory";
      } catch (...) {
        d.reset();
        err = "joining the parts failed";
      }
    } else {
      d.reset();
    }
    f.pieces.clear();
    return true;
  }

  int keep(QueueFile &f, const Decoded &d) {
    if (!pack_) return Q_NOT_KEPT;
    const Settled &s = d.settled;
    if (f.parts > 1 || !s.ok) return Q_ASK_PYTHON;
    if (s.dev != f.dev || s.ino != f.ino || s.size != f.size || s.mtime_ns != f.mtime_ns) return Q_NOT_KEPT;
    int64_t at = 0, length = 0;
    uint32_t crc = 0;
    bool ok;
    try {
      ok = pack_->add(d, f.path, at, length, crc);
    } catch (...) {  // (bad_alloc making the dump): the pack is given up, the file itself is fine
      ok = false;
    }
    if (!ok) return Q_PACK_FAILED;
    f.at = at;
    f.length = length;
    f.crc = crc;
    return Q_KEPT;
  }

  std::vector<QueueFile> files_;
  std::vector<Task> tasks_;
  PackOut *pack_ = nullptr;
  int64_t window_, ahead_limit_;
  std::mutex mu_;
  // Two conditions, so that a file done wakes only the main reader, and
  // only when it waits for that file, and the window's moving wakes only
  // threads that wait for room: one shared condition woke every thread at
  // every file (3.9 futex calls a file at 56k small sessions).
  std::condition_variable done_cv_, room_cv_;
  int32_t waiting_for_ = -1;  // the file the main reader sleeps on (-1: none)
  int sleeping_ = 0;          // threads asleep in take()
  size_t next_ = 0;
  int64_t adopted_ = 0;
  int64_t ahead_ = 0;
  bool closed_ = false;
};

}  // namespace cb
