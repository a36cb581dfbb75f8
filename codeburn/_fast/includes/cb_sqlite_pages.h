// A read-only reader of a SQLite database file's own pages (the file
// format: sqlite.org/fileformat2.html), for one job: every row of one rowid
// table, read with large sequential reads.
//
// Why: a multi-GB Cursor store (providers/cursor.py) read through SQLite in
// key order visits its pages in random order, one 4 KB pread each, and
// that was most of the reader's time. Here the table's leaf pages are found
// from its interior pages, then read in page-number order a few MB at a
// time; overflow pages come from the same block when they lie in it, else
// are read one by one.
//
// A write-ahead log beside the file (`<path>-wal`, what a running Cursor
// or VS Code almost always has) is laid over it as SQLite lays it when it
// opens the database (fileformat2.html §4, "The Write-Ahead Log"): the
// frames whose salts match the log's header and whose running checksum
// holds, up to the last commit frame among them; a page read comes from
// the last such frame holding it, else from the main file, and the
// database has the last commit's size. A log SQLite ignores as a whole
// (shorter than its header, another magic or page size, a header checksum
// that fails) is ignored here too, and so is one of a format version it
// does not know (SQLite refuses the database then); `wal_ignored` names
// why, so the caller can warn. Nothing is written anywhere: no
// `-shm`, no checkpoint, no copy.
//
// It trusts nothing it reads: every offset, length, page number and varint
// is checked, a page is visited once, and anything it cannot be sure of (a
// rollback journal the caller saw, a non-UTF-8 database, a page that does
// not parse, an overflow chain that ends early or points outside the file,
// a file whose size or time changes while it is read, a log restarted
// meanwhile) makes it stop with a reason in `why`. The caller then reads
// the store through SQLite itself, which gives the rows this gives
// whenever this does not stop.
//
// POSIX only: on Windows open() says no and the store is read through SQLite.
#pragma once
#ifndef _WIN32
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cb {

// One column of a record as stored.
struct SqliteValue {
  enum Kind { NUL = 0, INT = 1, FLOAT = 2, TEXT = 3, BLOB = 4 };
  int kind = NUL;
  int64_t i = 0;
  double f = 0;
  const char *p = nullptr;  // TEXT / BLOB bytes (valid until the next row)
  size_t n = 0;
};

// `n` bytes at `off` of the file open as `fd`; false on an error or a short file.
static inline bool pread_all(int fd, void *buf, size_t n, uint64_t off) {
#ifdef _WIN32
  (void)fd;
  (void)buf;
  (void)n;
  (void)off;
  return false;
#else
  size_t got = 0;
  while (got < n) {
    ssize_t r = pread(fd, (char *)buf + got, n - got, (off_t)(off + got));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    got += (size_t)r;
  }
  return true;
#endif
}

// A write-ahead log as SQLite would read it when opening the database
// (its committed state; fileformat2.html §4).
struct SqliteWal {
  static const uint32_t MAGIC = 0x377f0682;  // | 1: checksums over big-endian words
  static const uint32_t VERSION = 3007000;
  static const size_t HEADER = 32, FRAME_HEADER = 24;

  bool present = false;    // a log with bytes in it lies beside the database
  std::string ignored;     // why such a log is ignored as a whole ("" when its frames were checked)
  uint32_t page_size = 0;  // of the log's header
  uint32_t db_pages = 0;   // the database's size after the last valid commit; 0: none
  uint32_t frames = 0;     // frames up to and including that commit
  uint32_t frames_in_file = 0;
  unsigned char header[HEADER] = {};
  std::unordered_map<uint32_t, uint64_t> frame_of;  // page -> offset of its last committed frame

  static uint32_t be32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
  }
  static uint32_t le32(const unsigned char *p) {
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
  }

  // The log's running checksum over `n` bytes (a multiple of 8) taken as
  // pairs of 32-bit words in the byte order the magic names.
  static void sum(const unsigned char *p, size_t n, bool big, uint32_t *s0, uint32_t *s1) {
    uint32_t a = *s0, b = *s1;
    for (size_t i = 0; i + 8 <= n; i += 8) {
      a += (big ? be32(p + i) : le32(p + i)) + b;
      b += (big ? be32(p + i + 4) : le32(p + i + 4)) + a;
    }
    *s0 = a;
    *s1 = b;
  }

  // Reads the log of `size` bytes through `read(buf, n, offset)`; `db_page_size`
  // is the database's (0: the main file is empty, the log's own is taken).
  // False only when it could not be read (an I/O error); a log that is
  // not valid sets `ignored` and keeps no frame.
  template <class Read>
  bool parse(uint64_t size, uint32_t db_page_size, Read read) {
    *this = SqliteWal();
    if (size == 0) return true;
    present = true;
    if (size < HEADER) return ignore("shorter than its header");
    if (!read(header, HEADER, 0)) return false;
    uint32_t magic = be32(header);
    if ((magic & ~1u) != MAGIC) return ignore("not a write-ahead log (magic)");
    bool big = magic & 1;
    // (SQLite refuses to open the database at all then: here its main file
    // is still read, and the log named)
    if (be32(header + 4) != VERSION) return ignore("a log format version SQLite does not know");
    uint32_t ps = be32(header + 8);
    if (ps < 512 || ps > 65536 || (ps & (ps - 1))) return ignore("page size");
    if (db_page_size && ps != db_page_size) return ignore("page size differs from the database's");
    uint32_t s0 = 0, s1 = 0;
    sum(header, 24, big, &s0, &s1);
    if (s0 != be32(header + 24) || s1 != be32(header + 28)) return ignore("header checksum");
    page_size = ps;
    size_t frame = FRAME_HEADER + ps;
    uint64_t n = (size - HEADER) / frame;
    frames_in_file = (uint32_t)std::min<uint64_t>(n, 0xFFFFFFFFu);
    size_t per_read = std::max<size_t>(1, (1u << 20) / frame);
    std::vector<unsigned char> buf;
    std::vector<std::pair<uint32_t, uint64_t>> pending;  // frames since the last commit
    for (uint64_t i = 0; i < frames_in_file;) {
      size_t take = (size_t)std::min<uint64_t>(per_read, frames_in_file - i);
      buf.resize(take * frame);
      uint64_t at = HEADER + i * frame;
      if (!read(buf.data(), buf.size(), at)) return false;
      for (size_t k = 0; k < take; ++k, ++i, at += frame) {
        const unsigned char *fh = buf.data() + k * frame;
        uint32_t pg = be32(fh), commit = be32(fh + 4);
        if (pg == 0 || memcmp(fh + 8, header + 16, 8) != 0) return true;  // another log's frame: the end
        sum(fh, 8, big, &s0, &s1);
        sum(fh + FRAME_HEADER, ps, big, &s0, &s1);
        if (s0 != be32(fh + 16) || s1 != be32(fh + 20)) return true;     // torn or stale: the end
        pending.push_back({pg, at});
        if (commit) {
          for (auto &f : pending) frame_of[f.first] = f.second;
          pending.clear();
          db_pages = commit;
          frames = (uint32_t)(i + 1);
        }
      }
    }
    return true;
  }

  bool ignore(const char *why) {
    ignored = why;
    return true;
  }
};

class SqlitePages {
 public:
  static const size_t BLOCK = 2u << 20;  // bytes read at a time along the leaves
  static const int KEPT = 2;              // blocks kept: a leaf's overflow pages mostly lie a little before it

  // Counters for the benchmark (bench/CURSOR.md).
  uint64_t blocks = 0, single_pages = 0, bytes_read = 0, leaves = 0, rows = 0, wal_pages = 0;
  std::string why;  // the reason of the last false
  bool moved = false;  // why: the store or its log changed under the pass (moved_under)

  ~SqlitePages() { close(); }

  void close() {
#ifndef _WIN32
    if (fd_ >= 0) ::close(fd_);
    if (wal_fd_ >= 0) ::close(wal_fd_);
#endif
    fd_ = wal_fd_ = -1;
  }

  // The write-ahead log laid over the file (empty when there is none).
  const SqliteWal &wal() const { return *wal_; }

  // Opens the file and its write-ahead log and checks the header; false
  // (with `why`) when it is not a database this reader is sure of. `like`:
  // another reader open on the same file, whose view of the log is taken
  // (both then read one state of the database).
  bool open(const std::string &path, const SqlitePages *like = nullptr) {
    close();
    wal_ = std::make_shared<SqliteWal>();
#ifdef _WIN32
    (void)path;
    (void)like;
    return fail("not on this platform");
#else
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return fail("cannot open");
    if (!stamp(&size0_, &mtime0_)) return fail("cannot stat");
    struct stat st;
    if (fstat(fd_, &st) != 0) return fail("cannot stat");
    dev_ = (uint64_t)st.st_dev;
    ino_ = (uint64_t)st.st_ino;
#endif
    unsigned char h[100];
    // (an empty main file is an empty database, whatever log lies beside
    // it: SQLite does not read that log either)
    if (!read_at(h, 100, 0)) return fail("short header");
    if (memcmp(h, "SQLite format 3\0", 16) != 0) return fail("not a database");
    uint32_t ps = be16(h + 16);
    psize_ = ps == 1 ? 65536u : ps;
    if (psize_ < 512 || psize_ > 65536 || (psize_ & (psize_ - 1))) return fail("page size");
    if (!open_wal(path, psize_, like)) return false;
    if (wal_->frame_of.count(1)) {  // the header as the log's last commit left it
      wal_buf_.resize(SqliteWal::FRAME_HEADER + psize_);
      const unsigned char *p1 = nullptr;
      if (from_wal(1, wal_buf_, &p1) != 1) return fail("short header");
      memcpy(h, p1, 100);
      if (memcmp(h, "SQLite format 3\0", 16) != 0) return fail("not a database");
      ps = be16(h + 16);
      if ((ps == 1 ? 65536u : ps) != psize_) return fail("page size");
    }
    if (psize_ < 512 || psize_ > 65536 || (psize_ & (psize_ - 1))) return fail("page size");
    if (h[18] != 1 && h[18] != 2) return fail("file format version");
    if (h[19] != 1 && h[19] != 2) return fail("file format version");
    usable_ = psize_ - h[20];
    if (usable_ < 480) return fail("reserved bytes");
    if (h[21] != 64 || h[22] != 32 || h[23] != 32) return fail("payload fractions");
    uint32_t format = be32(h + 44);
    if (format < 1 || format > 4) return fail("schema format");
    if (be32(h + 56) != 1) return fail("text encoding is not UTF-8");
    uint64_t by_file = size0_ / psize_;
    file_pages_ = (uint32_t)std::min<uint64_t>(by_file, 0xFFFFFFFFu);
    uint32_t in_header = be32(h + 28);
    bool header_valid = in_header != 0 && be32(h + 92) == be32(h + 24);
    npages_ = wal_->db_pages ? wal_->db_pages : header_valid ? in_header : file_pages_;
    // pages past the main file's end can only be in the log (and the lock
    // page, never written): a larger size is not a database we can read
    if (npages_ == 0 || npages_ > by_file + (wal_->db_pages ? wal_->frame_of.size() + 1 : 0))
      return fail("database size");
    lock_page_ = (uint32_t)(1073741824ull / psize_) + 1;
    seen_.assign(npages_ + 1, false);
    one_.resize(psize_);
    per_block_ = (uint32_t)std::max<size_t>(BLOCK / psize_, 1);
    for (Block &b : ring_) b.first = b.count = 0;
    return true;
  }

  // The root page and CREATE statement of table `name`, from sqlite_schema.
  bool table(std::string_view name, uint32_t *root, std::string *sql) {
    bool found = false;
    std::fill(seen_.begin(), seen_.end(), false);
    bool ok = scan(
        1, [&](std::string_view) { return 1; },
        [&](int, int64_t, const SqliteValue *cols, size_t ncols) {
          if (ncols < 5 || cols[0].kind != SqliteValue::TEXT || cols[1].kind != SqliteValue::TEXT) return true;
          if (std::string_view(cols[0].p, cols[0].n) != "table" || std::string_view(cols[1].p, cols[1].n) != name)
            return true;
          if (found || cols[3].kind != SqliteValue::INT || cols[4].kind != SqliteValue::TEXT)
            return fail("schema entry");
          *root = (uint32_t)cols[3].i;
          if (cols[3].i < 2 || cols[3].i > npages_) return fail("root page");
          sql->assign(cols[4].p, cols[4].n);
          found = true;
          return true;
        },
        true);
    if (!ok) return false;
    if (!found) return fail("no such table");
    std::fill(seen_.begin(), seen_.end(), false);
    seen_[1] = true;  // the schema's pages are not the table's
    return true;
  }

  // Every row of the rowid table rooted at `root`, in the order its leaves
  // lie in the file. want(key) says, from the first column's text alone
  // (TEXT only: other kinds are never wanted), whether and as what the row
  // is wanted (0: skip it, reading none of its overflow); row(kind, rowid,
  // columns, count) gets the wanted rows, the first two columns decoded
  // (count: how many the record has, at most 2 given; `all_columns` gives
  // up to 5, for the schema). A false from row() stops the scan (`why`
  // says why); the scan is false then too.
  template <class Want, class Row>
  bool scan(uint32_t root, Want want, Row row, bool all_columns = false) {
    std::vector<uint32_t> leaves;
    return leaf_pages(root, leaves) && scan_leaves(leaves.data(), leaves.data() + leaves.size(), want, row, all_columns) &&
           unchanged();
  }

  // The leaves of the table rooted at `root`, in file order.
  bool leaf_pages(uint32_t root, std::vector<uint32_t> &leaves) {
    if (!collect_leaves(root, leaves)) return false;
    std::sort(leaves.begin(), leaves.end());
    return true;
  }

  // The rows of leaves [first, last) (ascending page numbers; another
  // SqlitePages open on the same file may read another range meanwhile).
  template <class Want, class Row>
  bool scan_leaves(const uint32_t *first, const uint32_t *last, Want &want, Row &row, bool all_columns = false) {
    for (const uint32_t *it = first; it != last; ++it) {
      uint32_t pg = *it;
      const unsigned char *d = leaf_page(pg);
      if (!d) return false;
      if (d[header_at(pg)] != 0x0D) return fail("not a table leaf");
      ++this->leaves;
      if (!leaf_rows(pg, d, want, row, all_columns ? 5 : 2)) return false;
    }
    return true;
  }

  // Whether the file is as it was when opened (size and modification
  // time), and its log too (its header, whose salts a restarted log
  // changes: frames appended after the commit read are never used).
  bool unchanged() {
    uint64_t size;
    int64_t m;
    if (!stamp(&size, &m)) return fail("cannot stat");
    if (size != size0_ || m != mtime0_) return moved_under("the file changed while it was read");
    if (wal_->frames) {
      unsigned char h[SqliteWal::HEADER];
      if (!read_fd(wal_fd_, h, sizeof h, 0) || memcmp(h, wal_->header, sizeof h) != 0)
        return moved_under("the write-ahead log was restarted while it was read");
    }
    return true;
  }

  // Whether `o` has the same file open (not one renamed over it since).
  bool same_file(const SqlitePages &o) const {
    return dev_ == o.dev_ && ino_ == o.ino_ && size0_ == o.size0_ && wal_ == o.wal_;
  }

  bool fail(const char *reason) {
    if (why.empty()) why = reason;
    return false;
  }

  // fail(), the store or its log having changed under the pass (a running
  // tool checkpointing): another pass may succeed where SQLite is not needed.
  bool moved_under(const char *reason) {
    if (why.empty()) moved = true;   // `why` keeps the first reason, `moved` says of it
    return fail(reason);
  }

 private:
  int fd_ = -1, wal_fd_ = -1;
  uint64_t size0_ = 0, dev_ = 0, ino_ = 0, wal_dev_ = 0, wal_ino_ = 0;
  int64_t mtime0_ = 0;
  uint32_t psize_ = 0, usable_ = 0, npages_ = 0, lock_page_ = 0, file_pages_ = 0;
  std::shared_ptr<const SqliteWal> wal_ = std::make_shared<SqliteWal>();
  std::vector<unsigned char> wal_buf_, wal_leaf_;  // a page from the log (frame header first): read alone / a leaf
  std::vector<bool> seen_;           // pages of the tree visited (a page twice: a cycle)
  struct Block {
    std::vector<unsigned char> data;  // pages [first, first + count)
    uint32_t first = 0, count = 0;
  };
  Block ring_[KEPT];                 // the blocks read last, along the leaves
  int ring_next_ = 0;
  uint32_t per_block_ = 1;
  std::vector<unsigned char> one_;   // a page read on its own
  std::vector<unsigned char> payload_;
  SqliteValue cols_[5];

  static uint32_t be16(const unsigned char *p) { return (uint32_t)p[0] << 8 | p[1]; }
  static uint32_t be32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
  }

  // A varint at p (at most `left` bytes there); 0 when it does not fit.
  static size_t varint(const unsigned char *p, size_t left, uint64_t *v) {
    uint64_t x = 0;
    for (size_t i = 0; i < 9 && i < left; ++i) {
      if (i == 8) {
        *v = (x << 8) | p[i];
        return 9;
      }
      x = (x << 7) | (p[i] & 0x7F);
      if (!(p[i] & 0x80)) {
        *v = x;
        return i + 1;
      }
    }
    return 0;
  }

  // Size and modification time (ns) of the open file.
  bool stamp(uint64_t *size, int64_t *mtime_ns) const {
#ifdef _WIN32
    (void)size;
    (void)mtime_ns;
    return false;
#else
    struct stat st;
    if (fstat(fd_, &st) != 0) return false;
    *size = (uint64_t)st.st_size;
#ifdef __APPLE__
    *mtime_ns = (int64_t)st.st_mtimespec.tv_sec * 1000000000 + st.st_mtimespec.tv_nsec;
#else
    *mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
#endif
    return true;
#endif
  }

  bool read_at(void *buf, size_t n, uint64_t off) { return read_fd(fd_, buf, n, off); }

  bool read_fd(int fd, void *buf, size_t n, uint64_t off) {
    if (!pread_all(fd, buf, n, off)) return false;
    bytes_read += n;
    return true;
  }

  // The log beside `path`, parsed, or `like`'s view of it (the same file).
  bool open_wal(const std::string &path, uint32_t db_page_size, const SqlitePages *like) {
#ifdef _WIN32
    (void)path;
    (void)db_page_size;
    (void)like;
    return true;
#else
    if (like) wal_ = like->wal_;
    wal_fd_ = ::open((path + "-wal").c_str(), O_RDONLY | O_CLOEXEC);
    if (wal_fd_ < 0) {
      if (errno != ENOENT) return fail("cannot open the write-ahead log");
      if (like && like->wal_fd_ >= 0) return moved_under("the write-ahead log went away while it was read");
      return true;
    }
    struct stat st;
    if (fstat(wal_fd_, &st) != 0) return fail("cannot stat the write-ahead log");
    wal_dev_ = (uint64_t)st.st_dev;
    wal_ino_ = (uint64_t)st.st_ino;
    if (like) {
      if (like->wal_fd_ < 0 || like->wal_dev_ != wal_dev_ || like->wal_ino_ != wal_ino_)
        return moved_under("the write-ahead log was replaced while it was read");
      return true;
    }
    auto w = std::make_shared<SqliteWal>();
    if (!w->parse((uint64_t)st.st_size, db_page_size,
                  [&](void *buf, size_t n, uint64_t off) { return read_fd(wal_fd_, buf, n, off); }))
      return fail("cannot read the write-ahead log");
    wal_ = w;
    return true;
#endif
  }

  // Page `pg` from the log into `buf` (1, *out set), not there (0), or a
  // frame that is no longer the one parsed (-1: the log was restarted).
  int from_wal(uint32_t pg, std::vector<unsigned char> &buf, const unsigned char **out) {
    if (wal_->frame_of.empty()) return 0;
    auto it = wal_->frame_of.find(pg);
    if (it == wal_->frame_of.end()) return 0;
    buf.resize(SqliteWal::FRAME_HEADER + psize_);
    if (!read_fd(wal_fd_, buf.data(), buf.size(), it->second)) return fail("short read of the write-ahead log"), -1;
    if (SqliteWal::be32(buf.data()) != pg || memcmp(buf.data() + 8, wal_->header + 16, 8) != 0)
      return moved_under("the write-ahead log was restarted while it was read"), -1;
    ++wal_pages;
    *out = buf.data() + SqliteWal::FRAME_HEADER;
    return 1;
  }

  bool valid_page(uint32_t pg) const { return pg >= 1 && pg <= npages_ && pg != lock_page_; }

  const unsigned char *kept(uint32_t pg) {
    for (Block &b : ring_)
      if (pg >= b.first && pg - b.first < b.count) return b.data.data() + (size_t)(pg - b.first) * psize_;
    return nullptr;
  }

  // Page `pg`: from the log, a block kept, or read on its own (into one_).
  const unsigned char *page(uint32_t pg) {
    if (!valid_page(pg)) return fail("page number out of range"), nullptr;
    const unsigned char *w = nullptr;
    if (int got = from_wal(pg, wal_buf_, &w)) return got > 0 ? w : nullptr;
    if (const unsigned char *d = kept(pg)) return d;
    if (pg > file_pages_) return fail("page past the end of the file"), nullptr;
    if (!read_at(one_.data(), psize_, (uint64_t)(pg - 1) * psize_)) return fail("short read"), nullptr;
    ++single_pages;
    return one_.data();
  }

  // A leaf: from a block kept, or the block of the file holding it read
  // (blocks on a fixed grid: along ascending leaves they come in file order).
  // A leaf in the log is read on its own into wal_leaf_ (page() may read
  // overflow pages from the log meanwhile).
  const unsigned char *leaf_page(uint32_t pg) {
    if (!valid_page(pg)) return fail("page number out of range"), nullptr;
    const unsigned char *w = nullptr;
    if (int got = from_wal(pg, wal_leaf_, &w)) return got > 0 ? w : nullptr;
    if (const unsigned char *d = kept(pg)) return d;
    if (pg > file_pages_) return fail("page past the end of the file"), nullptr;
    uint32_t first = (pg - 1) / per_block_ * per_block_ + 1;
    uint32_t count = (uint32_t)std::min<uint64_t>(per_block_, (uint64_t)std::min(npages_, file_pages_) - first + 1);
    Block &b = ring_[ring_next_];
    ring_next_ = (ring_next_ + 1) % KEPT;
    b.data.resize((size_t)count * psize_);
    b.count = 0;
    if (!read_at(b.data.data(), b.data.size(), (uint64_t)(first - 1) * psize_)) return fail("short read"), nullptr;
    b.first = first;
    b.count = count;
    ++blocks;
    return b.data.data() + (size_t)(pg - first) * psize_;
  }

  size_t header_at(uint32_t pg) const { return pg == 1 ? 100 : 0; }

  // The leaves under `root`, from its interior pages (each read on its
  // own). A b-tree's leaves are all at one depth: when an interior page's
  // first child is a leaf, its other children are taken as leaves unread
  // (scan() checks each when it reads it).
  bool collect_leaves(uint32_t root, std::vector<uint32_t> &leaves) {
    std::vector<std::pair<uint32_t, int>> todo{{root, 0}};
    std::vector<uint32_t> kids;
    while (!todo.empty()) {
      auto [pg, depth] = todo.back();
      todo.pop_back();
      if (!valid_page(pg)) return fail("page number out of range");
      if (seen_[pg]) return fail("a page twice in the tree");
      seen_[pg] = true;
      if (depth > 40) return fail("tree too deep");
      const unsigned char *d = page(pg);
      if (!d) return false;
      size_t h = header_at(pg);
      if (d[h] == 0x0D) {
        leaves.push_back(pg);
        continue;
      }
      if (d[h] != 0x05) return fail("not a table page");
      uint32_t n = be16(d + h + 3);
      size_t ptrs = h + 12;
      if (ptrs + 2 * (size_t)n > usable_) return fail("cell count");
      kids.clear();
      for (uint32_t i = 0; i < n; ++i) {
        uint32_t off = be16(d + ptrs + 2 * i);
        if (off < ptrs + 2 * n || (size_t)off + 4 > usable_) return fail("cell offset");
        uint64_t key;
        if (!varint(d + off + 4, usable_ - off - 4, &key)) return fail("cell");
        kids.push_back(be32(d + off));
      }
      kids.push_back(be32(d + h + 8));
      const unsigned char *first = page(kids[0]);
      if (!first) return false;
      if (first[header_at(kids[0])] == 0x0D) {
        for (uint32_t k : kids) {
          if (!valid_page(k)) return fail("page number out of range");
          if (seen_[k]) return fail("a page twice in the tree");
          seen_[k] = true;
          leaves.push_back(k);
        }
        continue;
      }
      for (uint32_t k : kids) todo.push_back({k, depth + 1});
    }
    return true;
  }

  // Bytes of a payload of `total` bytes kept on a table leaf (the rest overflows).
  size_t local_size(uint64_t total) const {
    size_t x = usable_ - 35;
    if (total <= x) return (size_t)total;
    size_t m = ((usable_ - 12) * 32 / 255) - 23;
    size_t k = m + (size_t)((total - m) % (usable_ - 4));
    return k <= x ? k : m;
  }

  template <class Want, class Row>
  bool leaf_rows(uint32_t pg, const unsigned char *d, Want &want, Row &row, size_t max_cols) {
    size_t h = header_at(pg);
    uint32_t n = be16(d + h + 3);
    size_t ptrs = h + 8;
    if (ptrs + 2 * (size_t)n > usable_) return fail("cell count");
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t off = be16(d + ptrs + 2 * i);
      if (off < ptrs + 2 * n || off >= usable_) return fail("cell offset");
      const unsigned char *c = d + off;
      size_t left = usable_ - off;
      uint64_t total, rowid_u;
      size_t a = varint(c, left, &total);
      if (!a) return fail("cell");
      size_t b = varint(c + a, left - a, &rowid_u);
      if (!b) return fail("cell");
      if (total > (1u << 30)) return fail("payload size");
      size_t local = local_size(total);
      size_t at = a + b;
      bool spills = local < total;
      if (at + local + (spills ? 4 : 0) > left) return fail("cell size");
      const unsigned char *pay = c + at;
      ++rows;
      // the first column, from the bytes on the leaf when it lies there
      int kind = 0;
      std::string_view key;
      int got = first_text(pay, local, &key);
      if (got < 0) return fail("record header");
      if (got == 0 && spills) {  // the key itself overflows: read the whole record
        if (!assemble(pay, local, total, be32(c + at + local))) return false;
        got = first_text(payload_.data(), (size_t)total, &key);
        if (got < 0) return fail("record header");
        if (got == 0) return fail("record");
        if (got == 1 && (kind = want(key)) != 0 &&
            !give(kind, (int64_t)rowid_u, payload_.data(), (size_t)total, row, max_cols))
          return false;
        continue;
      }
      if (got == 0) return fail("record");
      if (got != 1 || (kind = want(key)) == 0) continue;
      const unsigned char *rec = pay;
      if (spills) {
        if (!assemble(pay, local, total, be32(c + at + local))) return false;
        rec = payload_.data();
      }
      if (!give(kind, (int64_t)rowid_u, rec, (size_t)total, row, max_cols)) return false;
    }
    return true;
  }

  // The first column of a record when it is TEXT (1, `key` set), another
  // kind (2), not within the first `n` bytes (0), or a broken header (-1).
  static int first_text(const unsigned char *rec, size_t n, std::string_view *key) {
    uint64_t hs, st;
    size_t a = varint(rec, n, &hs);
    if (!a) return 0;  // fewer than 9 bytes here, all of them continued
    if (hs < a || hs > (1u << 30)) return -1;
    if (hs == a) return 2;  // no columns
    if (hs > n) return 0;   // the header goes on past these bytes
    size_t b = varint(rec + a, (size_t)hs - a, &st);
    if (!b) return -1;
    if (st < 13 || !(st & 1)) return 2;
    uint64_t len = (st - 13) / 2;
    if (hs + len > n) return len > (1u << 30) ? -1 : 0;
    *key = std::string_view((const char *)rec + hs, (size_t)len);
    return 1;
  }

  // The whole payload into payload_: the local bytes, then the chain.
  // An overflow page is used once in the whole file: a page met again (a
  // cycle, two chains crossing, a page of the tree) stops the scan; the
  // buffer grows as pages come (a broken size never allocates ahead).
  bool assemble(const unsigned char *local, size_t nlocal, uint64_t total, uint32_t next) {
    size_t chunk = usable_ - 4;
    if (total - nlocal > (uint64_t)npages_ * chunk) return fail("payload size");
    payload_.resize(nlocal);
    memcpy(payload_.data(), local, nlocal);
    size_t have = nlocal;
    while (have < total) {
      if (next == 0) return fail("overflow chain ends early");
      if (!valid_page(next)) return fail("page number out of range");
      if (seen_[next]) return fail("a page twice: a cycle in an overflow chain");
      seen_[next] = true;
      const unsigned char *o = page(next);
      if (!o) return false;
      size_t take = std::min<size_t>(chunk, (size_t)total - have);
      payload_.resize(have + take);
      memcpy(payload_.data() + have, o + 4, take);
      have += take;
      next = be32(o);
    }
    return true;
  }

  // Decodes the record's first columns and hands the row on.
  template <class Row>
  bool give(int kind, int64_t rowid, const unsigned char *rec, size_t n, Row &row, size_t max_cols) {
    uint64_t hs;
    size_t a = varint(rec, n, &hs);
    if (!a || hs < a || hs > n) return fail("record header");
    size_t pos = a, body = (size_t)hs, ncols = 0;
    while (pos < hs) {
      uint64_t st;
      size_t b = varint(rec + pos, hs - pos, &st);
      if (!b) return fail("record header");
      pos += b;
      uint64_t len;
      if (!serial_size(st, &len)) return fail("serial type");
      if (len > n - body) return fail("record body");
      if (ncols < max_cols) {
        SqliteValue &v = cols_[ncols];
        v = SqliteValue();
        const unsigned char *p = rec + body;
        if (st == 0) v.kind = SqliteValue::NUL;
        else if (st <= 6 || st == 8 || st == 9) {
          v.kind = SqliteValue::INT;
          v.i = st == 8 ? 0 : st == 9 ? 1 : int_be(p, (size_t)len);
        } else if (st == 7) {
          v.kind = SqliteValue::FLOAT;
          uint64_t u = (uint64_t)int_be(p, 8);
          memcpy(&v.f, &u, 8);
        } else {
          v.kind = (st & 1) ? SqliteValue::TEXT : SqliteValue::BLOB;
          v.p = (const char *)p;
          v.n = (size_t)len;
        }
      }
      ++ncols;
      body += (size_t)len;
    }
    return row(kind, rowid, cols_, std::min(ncols, max_cols)) || fail("row refused");
  }

  static bool serial_size(uint64_t st, uint64_t *len) {
    static const uint8_t ints[10] = {0, 1, 2, 3, 4, 6, 8, 8, 0, 0};
    if (st <= 9) {
      *len = ints[st];
      return true;
    }
    if (st == 10 || st == 11) return false;
    *len = (st - 12) / 2;
    return *len <= (1u << 30);
  }

  static int64_t int_be(const unsigned char *p, size_t n) {
    uint64_t x = (p[0] & 0x80) ? ~0ull : 0;  // sign-extended
    for (size_t i = 0; i < n; ++i) x = (x << 8) | p[i];
    return (int64_t)x;
  }
};

}  // namespace cb
