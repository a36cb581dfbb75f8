// ISO-8601 timestamp -> epoch milliseconds, without locale or libc calls.
// Claude Code writes "2026-03-02T09:14:09.884Z"; other tools add offsets or
// omit the fraction. Anything we cannot read becomes CB_TS_NONE, which every
// date range excludes (the reference drops unparseable timestamps the same way).
#pragma once
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#define CB_TS_NONE INT64_MIN

namespace cb {

static inline bool digits(std::string_view s, size_t at, size_t n, int *out) {
  if (at + n > s.size()) return false;
  int v = 0;
  for (size_t i = at; i < at + n; i++) {
    unsigned d = (unsigned char)s[i] - '0';
    if (d > 9) return false;
    v = v * 10 + (int)d;
  }
  *out = v;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// well-known civil-from-days inverse, re-derived here).
static inline int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

// A date and time written without a zone is local time, as JavaScript's
// Date reads it (the reference's reading; a bare date stays UTC there too).
// Which zone is local is the embedding program's to say: `local_to_utc`
// maps wall-clock milliseconds (the time read as if it were UTC) to epoch
// milliseconds, CB_TS_NONE when it cannot; null means UTC. It is set before
// any reading starts and stays while threads read. `zone_stamp` names that
// zone (a decode kept in a cache is reused only under the zone it was read
// in when it read such a time); the counters say whether a read met one:
// per thread (a decode's own), and in the whole process.
typedef int64_t (*LocalToUtc)(int64_t wall_ms);
inline LocalToUtc local_to_utc = nullptr;
inline uint64_t zone_stamp = 0;
inline thread_local uint64_t zoneless_here = 0;
inline std::atomic<uint64_t> zoneless_all{0};

static inline void set_local_zone(LocalToUtc f, uint64_t stamp) {
  local_to_utc = f;
  zone_stamp = stamp;
}
static inline uint64_t zoneless_total() { return zoneless_all.load(std::memory_order_relaxed); }

// The offset is asked once per 15-minute slot of wall-clock time: every
// zone's transitions fall on quarter hours, before and after them.
static inline int64_t zoneless_ms(int64_t wall) {
  zoneless_here++;
  zoneless_all.fetch_add(1, std::memory_order_relaxed);
  LocalToUtc f = local_to_utc;
  if (f == nullptr) return wall;
  static const int64_t SLOT = 15 * 60 * 1000;
  thread_local LocalToUtc cached_f = nullptr;
  thread_local uint64_t cached_zone = 0;
  thread_local int64_t cached_slot = INT64_MIN, cached_off = 0;
  int64_t slot = wall >= 0 ? wall / SLOT : -((-wall + SLOT - 1) / SLOT);
  if (cached_f != f || cached_zone != zone_stamp || cached_slot != slot) {
    int64_t utc = f(slot * SLOT);
    if (utc == CB_TS_NONE) return wall;  // outside the zone's calendar: as UTC
    cached_f = f, cached_zone = zone_stamp, cached_slot = slot, cached_off = slot * SLOT - utc;
  }
  return wall - cached_off;
}

// YYYY-MM-DD[(T|t| )hh:mm[:ss[.fff…]]][Z|±hh:mm|±hhmm] as V8 reads it
// (JavaScript's `new Date(s)`, which the reference applies to every
// timestamp). A bare date is UTC, a time without a zone local time
// (zoneless_ms). A day up to 31 in any month rolls
// over (2026-02-30 is March 2); hour 24 only as 24:00[:00[.000]], the next
// day's midnight; no 60th second; a zone is Z, +HH:MM or +HHMM with HH up to
// 23; the fraction takes a dot; a year may be written +YYYYYY / -YYYYYY.
// (V8's fallback parser for other spellings, "Fri Nov 20 2026 ...", is not
// followed: those give no time.)
static inline int64_t parse_iso_ms(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, se = 0, ms = 0;
  size_t at = 0;
  int sign = 1;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {  // expanded year
    int hi, lo;
    if (!digits(s, 1, 2, &hi) || !digits(s, 3, 4, &lo)) return CB_TS_NONE;
    y = hi * 10000 + lo;
    if (s[0] == '-') {
      if (y == 0) return CB_TS_NONE;  // -000000 is not a year
      sign = -1;
    }
    at = 3;
  } else if (!digits(s, 0, 4, &y)) {
    return CB_TS_NONE;
  }
  y *= sign;
  if (s.size() < at + 10 || s[at + 4] != '-' || !digits(s, at + 5, 2, &mo) || s[at + 7] != '-' ||
      !digits(s, at + 8, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > 31)
    return CB_TS_NONE;
  size_t i = at + 10;
  bool has_time = false, has_zone = false;
  if (i < s.size() && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
    has_time = true;
    if (!digits(s, i + 1, 2, &h) || i + 3 >= s.size() || s[i + 3] != ':' || !digits(s, i + 4, 2, &mi))
      return CB_TS_NONE;
    i += 6;
    if (i < s.size() && s[i] == ':') {
      if (!digits(s, i + 1, 2, &se)) return CB_TS_NONE;
      i += 3;
      if (i < s.size() && s[i] == '.') {
        i++;
        int scale = 100, got = 0;
        while (i < s.size() && (unsigned)((unsigned char)s[i] - '0') <= 9) {
          ms += scale * (s[i] - '0');
          scale /= 10;
          got++;
          i++;
        }
        if (!got) return CB_TS_NONE;
      }
    }
    if (mi > 59 || se > 59 || h > 24 || (h == 24 && (mi || se || ms))) return CB_TS_NONE;
  }
  int64_t off_min = 0;
  if (i < s.size()) {
    char c = s[i];
    has_zone = c == 'Z' || c == 'z' || c == '+' || c == '-';
    if (c == 'Z' || c == 'z') {
      i++;
    } else if (c == '+' || c == '-') {
      if (!has_time) return CB_TS_NONE;  // a bare date takes Z, not an offset
      int oh, om;
      size_t j = i + 3;
      if (!digits(s, i + 1, 2, &oh)) return CB_TS_NONE;
      if (j < s.size() && s[j] == ':') j++;
      if (!digits(s, j, 2, &om) || oh > 23 || om > 59) return CB_TS_NONE;
      off_min = (int64_t)oh * 60 + om;
      if (c == '-') off_min = -off_min;
      i = j + 2;
    }
    if (i != s.size()) return CB_TS_NONE;
  }
  int64_t days = days_from_civil(y, (unsigned)mo, 1) + (d - 1);
  int64_t secs = days * 86400 + (int64_t)h * 3600 + mi * 60 + se - off_min * 60;
  if (has_time && !has_zone) return zoneless_ms(secs * 1000 + ms);
  return secs * 1000 + ms;
}

// Epoch milliseconds -> "YYYY-MM-DDTHH:MM:SS.mmmZ" (JavaScript's toISOString
// for years 0-9999), for comparisons the reference makes between ISO strings.
static inline std::string format_iso_ms(int64_t ms) {
  int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
  int64_t rem = ms - days * 86400000;
  // civil_from_days, the inverse of days_from_civil above
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = (unsigned)(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = (int64_t)yoe + era * 400 + (m <= 2);
  char out[32];
  snprintf(out, sizeof out, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ", (long long)y, m, d,
           (long long)(rem / 3600000), (long long)(rem / 60000 % 60), (long long)(rem / 1000 % 60),
           (long long)(rem % 1000));
  return std::string(out);
}

}  // namespace cb
