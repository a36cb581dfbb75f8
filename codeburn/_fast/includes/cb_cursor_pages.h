// A Cursor store's rows read from its pages (cb_sqlite_pages.h, its
// write-ahead log laid over them) instead of through SQLite: one pass
// along the cursorDiskKV table's leaves in file order, the `agentKv:blob:*`
// rows fed to the store as they come (their order does not matter: the
// streams are built in rowid order), the `bubbleId:*` rows kept aside in
// the store's spill and replayed in key order afterwards
// (CursorStore::begin_collect). The rows the compiled decoders do not take
// are handed back for the Python side, as the SQLite path hands them back;
// so are the `composerData:*` rows (the context meters, decoded there and
// set before the bubbles are replayed).
//
// The rows are the ones providers/cursor.py's queries select: a TEXT key in
// [prefix, prefix with ':' raised to ';'), i.e. starting with the prefix (a
// BLOB or numeric key never compares equal to text there); the value as
// CAST(value AS BLOB) gives it. False (with pages.why) whenever the pass
// cannot be sure of that, before anything is given to the scan: the caller
// then reads the store through SQLite.
#pragma once
#include <cctype>
#include <exception>
#include <thread>
#include <cstdio>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cb_cursor_store.h"
#include "cb_sqlite_pages.h"
#include "simdjson.h"

namespace cb {

struct CursorHandBack {
  enum Kind { BUBBLE = 1, AGENT = 2, COMPOSER = 3 };
  int kind = 0;
  int64_t rowid = 0;
  std::string key;
  bool has_value = false;
  std::string value;
};

// The table as Cursor creates it (spaces and letter case aside): a rowid
// table, binary collation. Any other shape: the SQLite path.
static inline bool cursor_known_schema(std::string_view sql) {
  std::string norm;
  for (char c : sql) {
    if (std::isspace((unsigned char)c)) {
      if (!norm.empty() && norm.back() != ' ') norm += ' ';
    } else {
      norm += (char)std::tolower((unsigned char)c);
    }
  }
  while (!norm.empty() && norm.back() == ' ') norm.pop_back();
  std::string squeezed;  // no space around ( ) ,
  for (size_t i = 0; i < norm.size(); ++i) {
    char c = norm[i];
    if (c == ' ' && ((i + 1 < norm.size() && (norm[i + 1] == '(' || norm[i + 1] == ')' || norm[i + 1] == ',')) ||
                     (!squeezed.empty() && (squeezed.back() == '(' || squeezed.back() == ','))))
      continue;
    squeezed += c;
  }
  return squeezed == "create table cursordiskkv(key text unique on conflict replace,value blob)" ||
         squeezed == "create table 'cursordiskkv'(key text unique on conflict replace,value blob)" ||
         squeezed == "create table \"cursordiskkv\"(key text unique on conflict replace,value blob)";
}

// The rows of leaves [first, last) into `store` (and `back`).
static inline bool cursor_pages_rows(SqlitePages &pages, const uint32_t *first, const uint32_t *last,
                                     CursorStore &store, std::vector<CursorHandBack> &back) {
  auto want = [](std::string_view k) -> int {
    if (k.substr(0, 9) == "bubbleId:") return 1;
    if (k.substr(0, 13) == "agentKv:blob:") return 2;
    if (k.substr(0, 13) == "composerData:") return 3;
    return 0;
  };
  auto row = [&](int kind, int64_t rowid, const SqliteValue *c, size_t n) {
    if (n < 2) return pages.fail("a row without its value");
    const SqliteValue &k = c[0], &v = c[1];
    const char *val = nullptr;
    size_t vn = 0;
    if (v.kind == SqliteValue::TEXT || v.kind == SqliteValue::BLOB) {
      val = v.p;
      vn = v.n;
    } else if (v.kind != SqliteValue::NUL) {
      // a number: as text never a JSON object (a malformed bubble, an agent
      // row skipped), whatever its digits, as through SQLite
      val = "0";
      vn = 1;
    }
    if (kind == 1) {
      // a key SQLite would hand over as raw bytes the Python side decodes
      // leniently: its conversation's place in key order is not sure here
      if (!simdjson::validate_utf8(k.p, k.n)) return pages.fail("a key not in UTF-8");
      if (store.feed_bubble(k.p, k.n, rowid, val, vn)) return true;
    } else if (kind == 3) {
      // a meter's composer id is the key's characters after the prefix
      if (!simdjson::validate_utf8(k.p, k.n)) return pages.fail("a key not in UTF-8");
      if (v.kind != SqliteValue::TEXT && v.kind != SqliteValue::BLOB) return true;  // never a JSON object
    } else if (val == nullptr || store.feed_agent(rowid, val, vn)) {
      return true;
    }
    CursorHandBack h;
    h.kind = kind;
    h.rowid = rowid;
    h.key.assign(k.p, k.n);
    h.has_value = val != nullptr;
    if (val) h.value.assign(val, vn);
    back.push_back(std::move(h));
    return true;
  };
  return pages.scan_leaves(first, last, want, row);
}

// The pass; `pages` keeps the reason of a false and the counters. With a
// `helper` store (collecting into a spill of its own), the second half of
// the leaves is read in another thread into it, then taken over: on two
// cores the pass, which the scan must wait for (the sessions come in key
// order only once every row is in), takes half as long.
static inline bool cursor_pages_pass(const std::string &path, CursorStore &store, std::vector<CursorHandBack> &back,
                                     SqlitePages &pages, CursorStore *helper = nullptr) {
  uint32_t root = 0;
  std::string sql;
  if (!pages.open(path) || !pages.table("cursorDiskKV", &root, &sql)) return false;
  if (!cursor_known_schema(sql)) return pages.fail("unknown schema");
  std::vector<uint32_t> leaves;
  if (!pages.leaf_pages(root, leaves)) return false;
  const uint32_t *begin = leaves.data(), *end = begin + leaves.size();
  if (!helper || leaves.size() < 64) return cursor_pages_rows(pages, begin, end, store, back) && pages.unchanged();
  const uint32_t *mid = begin + leaves.size() / 2;
  SqlitePages other;
  std::vector<CursorHandBack> other_back;
  bool other_ok = false;
  std::thread t([&] {
    try {
      other_ok = other.open(path, &pages) && cursor_pages_rows(other, mid, end, *helper, other_back);
    } catch (const std::exception &) {
      other.fail("out of memory");
    }
  });
  bool ok = false;
  try {
    ok = cursor_pages_rows(pages, begin, mid, store, back);
  } catch (...) {
    t.join();
    throw;
  }
  t.join();
  pages.blocks += other.blocks;
  pages.single_pages += other.single_pages;
  pages.bytes_read += other.bytes_read;
  pages.leaves += other.leaves;
  pages.rows += other.rows;
  pages.wal_pages += other.wal_pages;
  if (!other_ok) {
    if (pages.why.empty()) pages.moved = other.moved;
    return pages.fail(other.why.c_str());
  }
  if (!pages.same_file(other)) return pages.moved_under("the file was replaced while it was read");
  if (!ok || !pages.unchanged()) return false;
  if (!store.absorb(*helper)) return pages.fail("spill not written");
  for (auto &h : other_back) back.push_back(std::move(h));
  return true;
}

// Rows of any table whose first column is TEXT starting with one of
// `prefixes` (kind: the prefix's index), for tests and benchmarks; value
// kinds as SqliteValue, numbers as their decimal text.
struct SqlitePageRow {
  int kind = 0;
  int64_t rowid = 0;
  std::string key;
  int value_kind = 0;  // 0 NULL, 1 integer, 2 float, 3 text, 4 blob
  std::string value;
};

static inline bool sqlite_page_rows(const std::string &path, const std::string &table,
                                    const std::vector<std::string> &prefixes, std::vector<SqlitePageRow> &out,
                                    std::string &sql, std::string &why) {
  SqlitePages pages;
  uint32_t root = 0;
  bool ok = pages.open(path) && pages.table(table, &root, &sql) &&
            pages.scan(
                root,
                [&](std::string_view k) -> int {
                  for (size_t i = 0; i < prefixes.size(); ++i)
                    if (k.substr(0, prefixes[i].size()) == prefixes[i]) return (int)i + 1;
                  return 0;
                },
                [&](int kind, int64_t rowid, const SqliteValue *c, size_t n) {
                  SqlitePageRow r;
                  r.kind = kind - 1;
                  r.rowid = rowid;
                  r.key.assign(c[0].p, c[0].n);
                  const SqliteValue *v = n > 1 ? &c[1] : nullptr;
                  r.value_kind = v ? v->kind : 0;
                  if (v && v->kind == SqliteValue::INT) r.value = std::to_string(v->i);
                  else if (v && v->kind == SqliteValue::FLOAT) {
                    char buf[40];
                    snprintf(buf, sizeof buf, "%.17g", v->f);
                    r.value = buf;
                  }
                  else if (v && v->kind >= SqliteValue::TEXT) r.value.assign(v->p, v->n);
                  out.push_back(std::move(r));
                  return true;
                });
  why = pages.why;
  return ok;
}

// The committed view of the write-ahead log beside `path` (SqliteWal):
// for tests and the fuzzer. False when the log could not be read.
static inline bool sqlite_wal_view(const std::string &path, uint32_t db_page_size, SqliteWal &out) {
#ifdef _WIN32
  (void)path;
  (void)db_page_size;
  (void)out;
  return false;
#else
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  bool ok = fstat(fd, &st) == 0 &&
            out.parse((uint64_t)st.st_size, db_page_size,
                      [&](void *buf, size_t n, uint64_t off) { return pread_all(fd, buf, n, off); });
  ::close(fd);
  return ok;
#endif
}

}  // namespace cb
