// The rows of one query on a SQLite store, read straight from SQLite: no
// Python object per row (providers/cursor.py reads a multi-GB Cursor store
// this way). The connection is read-only and immutable, like every store
// connection (providers/sqlitestore.py): no locks, nothing written.
//
// Built only where SQLite's header and library were found at build time
// (setup.py defines CB_HAVE_SQLITE); elsewhere available() is false and the
// caller fetches through Python's sqlite3 module instead.
#pragma once
#include <cstdint>
#include <string>

#ifndef CB_HAVE_SQLITE
#define CB_HAVE_SQLITE 0
#endif
#if CB_HAVE_SQLITE
#include <sqlite3.h>
#endif

namespace cb {

class SqliteRows {
 public:
  enum { DONE = 0, ROW = 1 };  // step(); anything else is an SQLite result code

  static bool available() { return CB_HAVE_SQLITE != 0; }

  ~SqliteRows() { close(); }

  // 0, or an SQLite result code (message in `error`).
  int open(const std::string &uri, const std::string &sql) {
#if CB_HAVE_SQLITE
    close();
    int rc = sqlite3_open_v2(uri.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
    if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(db_, sql.c_str(), (int)sql.size(), &st_, nullptr);
    if (rc != SQLITE_OK) fail(rc);
    return rc;
#else
    (void)uri;
    (void)sql;
    error = "SQLite not built in";
    return 1;
#endif
  }

  int step() {
#if CB_HAVE_SQLITE
    if (!st_) return DONE;
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return ROW;
    if (rc == SQLITE_DONE) return DONE;
    fail(rc);
    return rc;
#else
    return DONE;
#endif
  }

  // Column `col` of the current row as bytes; nullptr for NULL. Valid until the next step().
  const char *bytes(int col, size_t *n) {
#if CB_HAVE_SQLITE
    if (sqlite3_column_type(st_, col) == SQLITE_NULL) return nullptr;
    const char *p = (const char *)sqlite3_column_blob(st_, col);
    *n = (size_t)sqlite3_column_bytes(st_, col);
    return p ? p : "";
#else
    (void)col;
    *n = 0;
    return nullptr;
#endif
  }

  int64_t integer(int col) {
#if CB_HAVE_SQLITE
    return sqlite3_column_int64(st_, col);
#else
    (void)col;
    return 0;
#endif
  }

  void close() {
#if CB_HAVE_SQLITE
    if (st_) sqlite3_finalize(st_);
    if (db_) sqlite3_close(db_);
    st_ = nullptr;
    db_ = nullptr;
#endif
  }

  std::string error;

 private:
#if CB_HAVE_SQLITE
  sqlite3 *db_ = nullptr;
  sqlite3_stmt *st_ = nullptr;

  void fail(int rc) {
    error = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  }
#endif
};

}  // namespace cb
