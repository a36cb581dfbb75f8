// A session file as the reader reads it: on POSIX a descriptor, each read
// one read(2) straight into the reader's buffer; on Windows an unbuffered
// FILE*. Only a regular file is opened: a FIFO or a device where a log was
// expected would block the read or never end, so it is opened without
// blocking to find out (errno CB_NOT_REGULAR, or EISDIR for a folder).
//
// Why not a FILE* everywhere: for a small session, fdopen() asked for the
// flags once more, O_NONBLOCK was cleared with two more calls, and fread
// went back to the file after its end had been seen. Twelve system calls a
// file became six (open, fstat, read, the read that finds the end, the
// settling fstat, close); at 56k files of 8 lines that is 340k calls.
#pragma once
#include <cerrno>
#include <cstdint>
#include <cstdio>
#ifdef _WIN32
#include <io.h>
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#define CB_NOT_REGULAR 65536  // a read's error code: a FIFO, socket or device where a file was expected

namespace cb {

// A stat time in nanoseconds as an int64, as the reader and the batch stat
// both take it. A time past 2262 does not fit: it wraps, the same way in
// both (unsigned arithmetic, so the wrap is defined), and only has to be
// the same number each time the file is looked at.
static inline int64_t time_ns(int64_t sec, int64_t nsec) {
  return (int64_t)((uint64_t)sec * 1000000000u + (uint64_t)nsec);
}

class InFile {
 public:
  InFile() = default;
  InFile(const InFile &) = delete;
  InFile &operator=(const InFile &) = delete;
  ~InFile() { close(); }

  // Opens `path` for reading; false (errno says why) when it cannot be
  // opened or is no regular file.
  bool open(const char *path) {
    close();
    failed_ = at_end_ = false;
    err_ = 0;
#ifdef _WIN32
    f_ = fopen(path, "rb");
    if (!f_) return false;
    setvbuf(f_, nullptr, _IONBF, 0);
    return true;
#else
    fd_ = ::open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) return false;
    int bad = fstat(fd_, &opened_) != 0 ? (errno ? errno : EIO)
              : S_ISDIR(opened_.st_mode) ? EISDIR : !S_ISREG(opened_.st_mode) ? CB_NOT_REGULAR : 0;
    if (bad) {
      close();
      errno = bad;
      return false;
    }
    // O_NONBLOCK stays: Linux and macOS ignore it for a regular file; a
    // network or FUSE file system that honours it answers EAGAIN, and
    // read() then makes the descriptor blocking (make_blocking) and goes on.
    blocking_ = false;
    return true;
#endif
  }

  // As fread: `n` bytes unless the end of the file or an error comes
  // first (error() then says so). The end, once seen, stays seen.
  size_t read(char *dst, size_t n) {
#ifdef _WIN32
    size_t got = fread(dst, 1, n, f_);
    if (got < n && ferror(f_)) {
      failed_ = true;
      err_ = errno ? errno : EIO;
    }
    return got;
#else
    size_t done = 0;
    while (done < n && !at_end_ && !failed_) {
      ssize_t r = ::read(fd_, dst + done, n - done);
      if (r > 0) {
        done += (size_t)r;
      } else if (r == 0) {
        at_end_ = true;
      } else if (errno == EINTR) {
        continue;
      } else if ((errno == EAGAIN || errno == EWOULDBLOCK) && make_blocking()) {
        continue;
      } else {
        failed_ = true;
        err_ = errno ? errno : EIO;
      }
    }
    return done;
#endif
  }

  // Reads from byte `pos` on; false (errno) when it cannot.
  bool seek(int64_t pos) {
    at_end_ = false;
#ifdef _WIN32
    return _fseeki64(f_, pos, SEEK_SET) == 0;
#else
    return lseek(fd_, (off_t)pos, SEEK_SET) == (off_t)pos;
#endif
  }

  bool error() const { return failed_; }
  int error_code() const { return err_; }

#ifndef _WIN32
  int fd() const { return fd_; }
  // The file's fstat when it was opened.
  const struct stat &opened() const { return opened_; }

  // pread of exactly n bytes at `at` (EAGAIN handled as read() does).
  bool pread_all(char *dst, size_t n, int64_t at) {
    size_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(fd_, dst + done, n - done, (off_t)(at + (int64_t)done));
      if (r > 0) done += (size_t)r;
      else if (r < 0 && errno == EINTR) continue;
      else if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && make_blocking()) continue;
      else return false;
    }
    return true;
  }
#endif

  void close() {
#ifdef _WIN32
    if (f_) fclose(f_);
    f_ = nullptr;
#else
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
#endif
  }

 private:
#ifdef _WIN32
  FILE *f_ = nullptr;
#else
  // Clears O_NONBLOCK once; false when it was cleared already (EAGAIN from
  // a blocking descriptor is an error) or cannot be.
  bool make_blocking() {
    if (blocking_) return false;
    blocking_ = true;
    int flags = fcntl(fd_, F_GETFL);
    return flags != -1 && fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK) == 0;
  }

  int fd_ = -1;
  struct stat opened_ {};
  bool blocking_ = false;
#endif
  bool failed_ = false, at_end_ = false;
  int err_ = 0;
};

}  // namespace cb
