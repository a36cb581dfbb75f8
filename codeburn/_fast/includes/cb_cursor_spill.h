// Bubbles kept aside until every row of a Cursor store is read, then given
// back conversation by conversation in key order (cb_cursor_store.h).
//
// The own page reader (cb_sqlite_pages.h) reads a store's rows in the
// order they lie in the file, where conversations interleave; a
// conversation is settled only with all its bubbles, and the sessions must
// come in key order (the reference's). So each bubble's decoded fields (a
// few hundred bytes: not its JSON) are appended here, and replayed at the
// end. Up to `mem_limit` bytes stay in memory; beyond that everything goes
// to `fd`, an unlinked file in codeburn's cache dir (providers/cursor.py),
// so memory stays flat for a 500k-bubble store (~250 MB of fields).
#pragma once
#ifndef _WIN32
#include <unistd.h>
#endif

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cb {

// pwrite / pread of all n bytes (false on Windows: the page reader that
// needs a spill file is not used there).
static inline bool spill_io(bool write, int fd, char *p, size_t n, uint64_t off) {
#ifdef _WIN32
  (void)write, (void)fd, (void)p, (void)n, (void)off;
  return false;
#else
  size_t done = 0;
  while (done < n) {
    ssize_t r = write ? pwrite(fd, p + done, n - done, (off_t)(off + done)) : pread(fd, p + done, n - done, (off_t)(off + done));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    done += (size_t)r;
  }
  return true;
#endif
}

// One spilled bubble's fields, views into the spill's read buffer.
struct SpilledBubble {
  int64_t rowid = 0, text_len = 0;
  double tin = 0, tout = 0;
  bool user = false, has_in = false, has_out = false, has_text = false;
  int model_state = 0, created_state = 0;
  std::string_view model, created, request_id, text, key;
  std::vector<std::string_view> langs;
};

class CursorSpill {
 public:
  static const size_t GAP = 64u << 10;   // records this close are read in one pread
  static const size_t RUN = 1u << 20;    // at most this much at a time

  uint64_t file_bytes = 0, preads = 0;   // for the benchmark

  void begin(int fd, size_t mem_limit) {
    fd_ = fd;
    mem_limit_ = mem_limit;
  }

  template <class Langs>
  bool put(std::string_view cid, int64_t rowid, bool user, bool has_in, double tin, bool has_out, double tout,
           int model_state, std::string_view model, int created_state, std::string_view created,
           std::string_view request_id, bool has_text, std::string_view text, int64_t text_len, const Langs &langs,
           std::string_view key) {
    size_t start = buf_.size();
    pod(rowid);
    pod(tin);
    pod(tout);
    pod(text_len);
    uint8_t flags = (user ? 1 : 0) | (has_in ? 2 : 0) | (has_out ? 4 : 0) | (has_text ? 8 : 0);
    pod(flags);
    pod((uint8_t)model_state);
    pod((uint8_t)created_state);
    pod((uint32_t)langs.size());
    str(model);
    str(created);
    str(request_id);
    str(text);
    str(key);
    for (const auto &l : langs) str(std::string_view(l));
    size_t len = buf_.size() - start;
    if (len >= LEN_LIMIT || base_ + start >= OFF_LIMIT) return fail();  // a record of 16 MB: SQLite's way
    entries_.push_back(pack(base_ + start, len));
    convs_.push_back(conv_id(cid));
    if (fd_ >= 0 && buf_.size() >= mem_limit_) return flush();
    return ok_;
  }

  // Takes over another spill's records (filled by another thread, its
  // own file `o.fd_`): in memory when both are, else both wholly in their
  // files, the other's offsets marked by OTHER. False when a file could not
  // be written.
  bool absorb(CursorSpill &o) {
    std::vector<uint32_t> conv(o.names_.size());
    for (size_t i = 0; i < o.names_.size(); ++i) conv[i] = conv_id(o.names_[i]);
    uint64_t shift = 0, mark = 0;
    if (!in_file() && !o.in_file()) {
      shift = buf_.size();
      buf_ += o.buf_;
    } else {
      if (!flush() || !o.flush()) return fail();
      fd2_ = o.fd_;
      mark = OTHER;
    }
    entries_.reserve(entries_.size() + o.entries_.size());
    convs_.reserve(convs_.size() + o.convs_.size());
    for (size_t i = 0; i < o.entries_.size(); ++i) {
      uint64_t off = offset(o.entries_[i]) + shift;
      if (off >= OFF_LIMIT) return fail();
      entries_.push_back(pack(off, length(o.entries_[i])) | mark);
      convs_.push_back(conv[o.convs_[i]]);
    }
    file_bytes += o.file_bytes;
    o.clear();
    return ok_ && o.ok_;
  }

  // After the last put: puts the records in replay order. False when the
  // spill file could not be written.
  bool finish() {
    if (in_file() && !flush()) return false;
    std::vector<uint32_t> order(names_.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    // key order of `bubbleId:<composer>:...`: by the composer followed by its ':'
    std::vector<std::string> sort_keys(names_.size());
    for (size_t i = 0; i < names_.size(); ++i) sort_keys[i] = names_[i] + ':';
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return sort_keys[a] < sort_keys[b]; });
    std::vector<uint32_t> rank(names_.size());
    for (uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
    // a counting sort by conversation (stable: each conversation's records
    // stay in the order written, by offset within each file)
    starts_.assign(names_.size() + 1, 0);
    for (uint32_t c : convs_) ++starts_[rank[c] + 1];
    for (size_t i = 1; i < starts_.size(); ++i) starts_[i] += starts_[i - 1];
    std::vector<size_t> at(starts_.begin(), starts_.end() - 1);
    std::vector<uint64_t> sorted(entries_.size());
    for (size_t i = 0; i < entries_.size(); ++i) sorted[at[rank[convs_[i]]]++] = entries_[i];
    entries_.swap(sorted);
    std::vector<uint64_t>().swap(sorted);
    std::vector<uint32_t>().swap(convs_);
    decltype(ids_)().swap(ids_);
    std::vector<std::string>().swap(names_);
    next_ = 0;
    return ok_;
  }

  // The next conversation's bubbles (fn(SpilledBubble &) each); false at
  // the end or on a read error (error() says which).
  template <class Fn>
  bool next_conversation(Fn fn) {
    if (next_ + 1 >= starts_.size() || !ok_) return false;
    size_t begin = starts_[next_], end = starts_[next_ + 1];
    for (size_t i = begin; i < end;) {
      size_t j = i + 1;
      uint64_t first = entries_[i] >> LEN_BITS, last = first + length(entries_[i]);
      while (j < end && (entries_[j] >> LEN_BITS) <= last + GAP &&
             (entries_[j] >> LEN_BITS) + length(entries_[j]) - first <= RUN) {
        last = (entries_[j] >> LEN_BITS) + length(entries_[j]);
        ++j;
      }
      const char *run = bytes(first, last - first);
      if (!run) return false;
      for (size_t k = i; k < j; ++k) {
        if (!parse(run + ((entries_[k] >> LEN_BITS) - first), length(entries_[k]))) return fail();
        fn(rec_);
      }
      i = j;
    }
    ++next_;
    return true;
  }

  bool error() const { return !ok_; }

  void clear() {
    std::vector<uint64_t>().swap(entries_);
    std::vector<size_t>().swap(starts_);
    std::string().swap(buf_);
    std::string().swap(run_);
  }

 private:
  // A record's place: bit 63 its file (OTHER), then its offset, then its
  // length in the low LEN_BITS (8 bytes a bubble: ~6 MB for 750k).
  static constexpr int LEN_BITS = 24;
  static constexpr uint64_t LEN_LIMIT = 1ull << LEN_BITS;
  static constexpr uint64_t OFF_LIMIT = 1ull << (63 - LEN_BITS);
  static uint64_t pack(uint64_t off, size_t len) { return off << LEN_BITS | len; }
  static uint64_t offset(uint64_t e) { return (e & ~OTHER) >> LEN_BITS; }
  static size_t length(uint64_t e) { return (size_t)(e & (LEN_LIMIT - 1)); }
  static constexpr uint64_t OTHER = 1ull << 63;  // an offset in fd2_
  int fd_ = -1, fd2_ = -1;
  bool flushed_ = false;
  size_t mem_limit_ = 0;
  uint64_t base_ = 0;      // bytes already in the file (buf_ holds what follows)
  std::string buf_, run_;
  std::vector<uint64_t> entries_;   // packed places, in replay order after finish()
  std::vector<uint32_t> convs_;     // each record's conversation (until finish())
  std::vector<size_t> starts_;      // after finish(): conversation n is entries_[starts_[n], starts_[n + 1])
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::string> names_;
  size_t next_ = 0;
  bool ok_ = true;
  SpilledBubble rec_;

  template <class T>
  void pod(T v) {
    buf_.append((const char *)&v, sizeof v);
  }
  void str(std::string_view s) {
    pod((uint32_t)s.size());
    buf_.append(s.data(), s.size());
  }

  uint32_t conv_id(std::string_view cid) {
    auto it = ids_.find(std::string(cid));
    if (it != ids_.end()) return it->second;
    uint32_t id = (uint32_t)names_.size();
    names_.emplace_back(cid);
    ids_.emplace(names_.back(), id);
    return id;
  }

  bool fail() {
    ok_ = false;
    return false;
  }

  bool in_file() const { return flushed_ || fd2_ >= 0; }

  bool flush() {
    if (fd_ < 0) return fail();
    flushed_ = true;
    if (!spill_io(true, fd_, &buf_[0], buf_.size(), base_)) return fail();
    base_ += buf_.size();
    file_bytes += buf_.size();
    buf_.clear();
    return ok_;
  }

  // n bytes at `off` of the spill (memory or file; a place's bits above its length).
  const char *bytes(uint64_t off, size_t n) {
    if (!in_file()) return off + n <= buf_.size() ? buf_.data() + off : (fail(), nullptr);
    int fd = (off & OFF_LIMIT) ? fd2_ : fd_;   // OTHER, as it reads in a place shifted down
    off &= OFF_LIMIT - 1;
    run_.resize(n);
    if (!spill_io(false, fd, &run_[0], n, off)) return fail(), nullptr;
    ++preads;
    return run_.data();
  }

  bool parse(const char *p, size_t n) {
    const char *end = p + n;
    auto take = [&](void *out, size_t k) {
      if ((size_t)(end - p) < k) return false;
      memcpy(out, p, k);
      p += k;
      return true;
    };
    auto view = [&](std::string_view *out) {
      uint32_t len;
      if (!take(&len, 4) || (size_t)(end - p) < len) return false;
      *out = std::string_view(p, len);
      p += len;
      return true;
    };
    uint8_t flags, ms, cs;
    uint32_t nlangs;
    SpilledBubble &r = rec_;
    if (!take(&r.rowid, 8) || !take(&r.tin, 8) || !take(&r.tout, 8) || !take(&r.text_len, 8) || !take(&flags, 1) ||
        !take(&ms, 1) || !take(&cs, 1) || !take(&nlangs, 4))
      return false;
    r.user = flags & 1;
    r.has_in = flags & 2;
    r.has_out = flags & 4;
    r.has_text = flags & 8;
    r.model_state = ms;
    r.created_state = cs;
    if (!view(&r.model) || !view(&r.created) || !view(&r.request_id) || !view(&r.text) || !view(&r.key))
      return false;
    r.langs.resize(nlangs <= n ? nlangs : 0);
    for (auto &l : r.langs)
      if (!view(&l)) return false;
    return p == end;
  }
};

}  // namespace cb
