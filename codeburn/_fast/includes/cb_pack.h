// The per-file cache's entries written from the decoding threads
// (codeburn/cache/filecache.py): each thread serialises its decoded file, takes
// its CRC and appends it to the pack being written, all without the GIL.
// In Python this was a third of a decoding thread's time on a first run,
// most of it spent waiting for the GIL between the steps.
#pragma once
#include <cerrno>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#ifdef _WIN32
#include <io.h>
#else
#include <unistd.h>
#endif

#include "cb_crc.h"
#include "cb_scan.h"

namespace cb {

class PackOut {
 public:
  // `fd`: the pack's temporary file, its position at `offset`; the caller
  // keeps it open until close() has returned.
  PackOut(int fd, int64_t offset) : fd_(fd), offset_(offset) {}

  // Appends the dump of `d`: where it starts, its length, and the CRC of
  // `path` continued over it (filecache._crc). False once a write failed or
  // close() was called; error() then says why (0: closed). Small dumps are
  // gathered and written FLUSH_BYTES at a time (a write per file was 57k
  // system calls, each under the lock, for a history of 57k small files).
  bool add(const Decoded &d, std::string_view path, int64_t &at, int64_t &length, uint32_t &crc) {
    std::string dump = d.dump();
    crc = crc32(dump.data(), dump.size(), crc32(path.data(), path.size()));
    length = (int64_t)dump.size();
    std::lock_guard<std::mutex> hold(mu_);
    if (closed_ || error_) return false;
    at = offset_;
    if (dump.size() >= FLUSH_BYTES) {  // a large one goes straight out, after what is gathered
      if (!flush() || !write_all(dump.data(), dump.size())) return false;
    } else {
      pending_.append(dump);
      if (pending_.size() >= FLUSH_BYTES && !flush()) return false;
    }
    offset_ += length;
    return true;
  }

  // No write starts after this returns (the file may then be closed); what
  // was gathered is written first (error() says whether it could be).
  void close() {
    std::lock_guard<std::mutex> hold(mu_);
    if (!closed_ && !error_) flush();
    closed_ = true;
    std::string().swap(pending_);
  }

  // Where the next entry goes: the bytes added so far, written or gathered.
  int64_t offset() {
    std::lock_guard<std::mutex> hold(mu_);
    return offset_;
  }

  int error() {
    std::lock_guard<std::mutex> hold(mu_);
    return error_;
  }

  static const size_t FLUSH_BYTES = 1u << 20;

 private:
  bool write_all(const char *p, size_t n) {
    while (n) {
#ifdef _WIN32
      int w = _write(fd_, p, n > (1u << 30) ? (1u << 30) : (unsigned)n);
#else
      ssize_t w = ::write(fd_, p, n);
#endif
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        error_ = w < 0 ? errno : EIO;
        return false;
      }
      p += w;
      n -= (size_t)w;
    }
    return true;
  }

  // Writes what is gathered (under the lock).
  bool flush() {
    bool ok = write_all(pending_.data(), pending_.size());
    pending_.clear();
    return ok;
  }

  int fd_;
  int64_t offset_;
  std::string pending_;  // dumps added and not yet written
  int error_ = 0;
  bool closed_ = false;
  std::mutex mu_;
};

}  // namespace cb
