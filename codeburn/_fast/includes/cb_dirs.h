// Many folders listed, and many small files read, at once: without the
// GIL, on two threads past SPLIT_AT items.
//
// Discovery of a dense Claude history visits a `<session>/subagents/`
// folder per session and reads a `.meta.json` per subagent: 2,800 folders
// and 2,000 sidecars at 2 GB. Through os.scandir and os.open that was
// 0.16 s and 0.07 s of a 0.5 s warm run (a DirEntry, a tuple and two
// calls a name; six system calls and a bytes object a sidecar). Here each
// folder is one open, one fstat (its device and inode: the walker's loop
// guard) and its getdents; the walker still decides everything
// (codeburn.providers.base.Walker.prefetch). Windows has no opendir; the
// caller lists there as before (DIR_BATCH is false).
#pragma once
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>
#ifndef _WIN32
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "cb_infile.h"
#include "cb_stat.h"

namespace cb {

// One folder's listing: names back to back in `names` (each ended by a NUL,
// which no file name holds), with a kind per name: 'f' a regular file,
// 'd' a folder, 'o' another kind, '?' a symlink or a type the file system
// does not give (the caller stats those, as it does for os.scandir's).
struct DirRow {
  uint64_t dev = 0, ino = 0;
  std::string names;
  std::string kinds;
  int err = 0;  // errno when the folder could not be opened or read
};

// Up to `limit` bytes from the start of a regular file.
struct HeadRow {
  std::string data;
  int err = 0;  // errno (CB_NOT_REGULAR, EISDIR) when it could not be read
};

// Items past which a second thread pays (one costs ~50 us to start; a
// folder or a sidecar ~10 us here, and a project's batch is ~150).
static const size_t SPLIT_AT = 64;

#ifdef _WIN32
static const bool DIR_BATCH = false;
static inline void list_dirs(const std::vector<std::string> &, std::vector<DirRow> &) {}
#else
static const bool DIR_BATCH = true;

static inline char kind_of(unsigned char type) {
  switch (type) {
    case DT_REG: return 'f';
    case DT_DIR: return 'd';
    case DT_LNK:
    case DT_UNKNOWN: return '?';
    default: return 'o';
  }
}

static inline void list_one(const std::string &path, DirRow &row) {
  // (O_NONBLOCK: a FIFO of that name must never be waited on, whatever
  // order a system checks O_DIRECTORY in; a folder ignores it)
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    row.err = errno ? errno : EIO;
    return;
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    row.err = errno ? errno : EIO;
    ::close(fd);
    return;
  }
  row.dev = (uint64_t)st.st_dev;
  row.ino = (uint64_t)st.st_ino;
  DIR *dir = fdopendir(fd);  // (owns fd from here)
  if (!dir) {
    row.err = errno ? errno : EIO;
    ::close(fd);
    return;
  }
  for (;;) {
    errno = 0;
    struct dirent *e = readdir(dir);
    if (!e) {
      if (errno) row.err = errno;  // a failed read: the listing is not whole
      break;
    }
    const char *name = e->d_name;
    if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
    row.names.append(name, strlen(name) + 1);
    row.kinds.push_back(kind_of(e->d_type));
  }
  closedir(dir);
}

static inline void list_dirs(const std::vector<std::string> &paths, std::vector<DirRow> &rows) {
  rows.assign(paths.size(), DirRow());
  two_spans(paths.size(), SPLIT_AT, [&](size_t i) { list_one(paths[i], rows[i]); });
}
#endif

// The first `limit` bytes of each file, opened as the reader opens one
// (no FIFO or device is waited on: such a path fails CB_NOT_REGULAR).
// Read through one 64 KiB buffer a thread: a sidecar is ~30 bytes, and
// zero-filling a string of 64 KiB for each cost more than its read.
static inline void read_heads(const std::vector<std::string> &paths, size_t limit, std::vector<HeadRow> &rows) {
  rows.assign(paths.size(), HeadRow());
  two_spans(paths.size(), SPLIT_AT, [&](size_t i) {
    static thread_local std::vector<char> buf(1 << 16);
    HeadRow &row = rows[i];
    InFile f;
    if (!f.open(paths[i].c_str())) {
      row.err = errno ? errno : EIO;
      return;
    }
    while (row.data.size() < limit) {
      size_t want = limit - row.data.size() < buf.size() ? limit - row.data.size() : buf.size();
      size_t got = f.read(buf.data(), want);
      row.data.append(buf.data(), got);
      if (got < want) break;  // the end, or an error
    }
    if (f.error()) {
      row.err = f.error_code();
      row.data.clear();
    }
  });
}

}  // namespace cb
