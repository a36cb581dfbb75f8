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
  // close() was called; error() then says why (0: closed).
  bool add(const Decoded &d, std::string_view path, int64_t &at, int64_t &length, uint32_t &crc) {
    std::string dump = d.dump();
    crc = crc32(dump.data(), dump.size(), crc32(path.data(), path.size()));
    length = (int64_t)dump.size();
    std::lock_guard<std::mutex> hold(mu_);
    if (closed_ || error_) return false;
    at = offset_;
    if (!write_all(dump.data(), dump.size())) return false;
    offset_ += length;
    return true;
  }

  // No write starts after this returns (the file may then be closed).
  void close() {
    std::lock_guard<std::mutex> hold(mu_);
    closed_ = true;
  }

  int64_t offset() {
    std::lock_guard<std::mutex> hold(mu_);
    return offset_;
  }

  int error() {
    std::lock_guard<std::mutex> hold(mu_);
    return error_;
  }

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

  int fd_;
  int64_t offset_;
  int error_ = 0;
  bool closed_ = false;
  std::mutex mu_;
};

}  // namespace cb
