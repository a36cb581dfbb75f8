// CRC-32 as zlib computes it (zlib.crc32 in Python): the per-file cache
// vouches for an appended file by the CRCs of its first and last bytes,
// computed by the reader on its worker threads and checked later in Python.
#pragma once
#include <cstddef>
#include <cstdint>
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

namespace cb {

struct Crc32Table {
  uint32_t t[8][256];
  Crc32Table() {
    for (uint32_t i = 0; i < 256; i++) {
      uint32_t c = i;
      for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++)
      for (int s = 1; s < 8; s++) t[s][i] = t[0][t[s - 1][i] & 0xFF] ^ (t[s - 1][i] >> 8);
  }
};

// Slicing by 8: eight bytes per step, about 4x the byte-at-a-time loop.
static inline uint32_t crc32_table(const void *data, size_t n, uint32_t crc) {
  static const Crc32Table tab;
  const unsigned char *p = (const unsigned char *)data;
  uint32_t c = ~crc;
  while (n >= 8) {
    uint32_t lo = c ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
    c = tab.t[7][lo & 0xFF] ^ tab.t[6][(lo >> 8) & 0xFF] ^ tab.t[5][(lo >> 16) & 0xFF] ^ tab.t[4][lo >> 24] ^
        tab.t[3][p[4]] ^ tab.t[2][p[5]] ^ tab.t[1][p[6]] ^ tab.t[0][p[7]];
    p += 8;
    n -= 8;
  }
  while (n--) c = tab.t[0][(c ^ *p++) & 0xFF] ^ (c >> 8);
  return ~c;
}

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define CB_CRC_FOLD 1
// The same CRC by carry-less multiplication (PCLMULQDQ), where the CPU has
// it (every x86-64 CPU since 2010; checked at run time, as wheels are
// built for x86-64-v2, which does not include it): 64 bytes folded at a
// time into four 128-bit lanes, the lanes folded into one, then 16 bytes
// at a time, then reduced to 32 bits (Barrett). The constants are powers
// of x modulo the polynomial, bit-reflected: x^(4*128+32) and x^(4*128-32)
// for four lanes, x^(128+32) and x^(128-32) for one, x^64, and the
// polynomial with its Barrett quotient. 10 GB/s here against 1.8 GB/s for
// the table (the edges and cache entries of a first run over 56k small
// files were 4 % of all its CPU samples). Takes n >= 64 bytes and the
// state `c` before them (not inverted: as crc32_table keeps it); returns
// the state after the first *used bytes (a multiple of 16).
__attribute__((target("pclmul,sse4.1")))
static inline uint32_t crc32_fold(uint32_t c, const unsigned char *p, size_t n, size_t *used) {
  const __m128i k1k2 = _mm_set_epi64x(0x01c6e41596LL, 0x0154442bd4LL);
  const __m128i k3k4 = _mm_set_epi64x(0x00ccaa009eLL, 0x01751997d0LL);
  const __m128i k5 = _mm_set_epi64x(0, 0x0163cd6124LL);
  const __m128i poly = _mm_set_epi64x(0x01f7011641LL, 0x01db710641LL);
  const __m128i mask32 = _mm_set_epi32(0, 0, 0, -1);
  __m128i x1 = _mm_loadu_si128((const __m128i *)(p + 0));
  __m128i x2 = _mm_loadu_si128((const __m128i *)(p + 16));
  __m128i x3 = _mm_loadu_si128((const __m128i *)(p + 32));
  __m128i x4 = _mm_loadu_si128((const __m128i *)(p + 48));
  x1 = _mm_xor_si128(x1, _mm_cvtsi32_si128((int)c));
  p += 64;
  n -= 64;
  size_t done = 64;
  while (n >= 64) {
    __m128i t1 = _mm_clmulepi64_si128(x1, k1k2, 0x00), t2 = _mm_clmulepi64_si128(x2, k1k2, 0x00);
    __m128i t3 = _mm_clmulepi64_si128(x3, k1k2, 0x00), t4 = _mm_clmulepi64_si128(x4, k1k2, 0x00);
    x1 = _mm_clmulepi64_si128(x1, k1k2, 0x11);
    x2 = _mm_clmulepi64_si128(x2, k1k2, 0x11);
    x3 = _mm_clmulepi64_si128(x3, k1k2, 0x11);
    x4 = _mm_clmulepi64_si128(x4, k1k2, 0x11);
    x1 = _mm_xor_si128(_mm_xor_si128(x1, t1), _mm_loadu_si128((const __m128i *)(p + 0)));
    x2 = _mm_xor_si128(_mm_xor_si128(x2, t2), _mm_loadu_si128((const __m128i *)(p + 16)));
    x3 = _mm_xor_si128(_mm_xor_si128(x3, t3), _mm_loadu_si128((const __m128i *)(p + 32)));
    x4 = _mm_xor_si128(_mm_xor_si128(x4, t4), _mm_loadu_si128((const __m128i *)(p + 48)));
    p += 64;
    n -= 64;
    done += 64;
  }
  // four lanes into one
  __m128i t;
  t = _mm_clmulepi64_si128(x1, k3k4, 0x00);
  x1 = _mm_clmulepi64_si128(x1, k3k4, 0x11);
  x1 = _mm_xor_si128(_mm_xor_si128(x1, t), x2);
  t = _mm_clmulepi64_si128(x1, k3k4, 0x00);
  x1 = _mm_clmulepi64_si128(x1, k3k4, 0x11);
  x1 = _mm_xor_si128(_mm_xor_si128(x1, t), x3);
  t = _mm_clmulepi64_si128(x1, k3k4, 0x00);
  x1 = _mm_clmulepi64_si128(x1, k3k4, 0x11);
  x1 = _mm_xor_si128(_mm_xor_si128(x1, t), x4);
  while (n >= 16) {
    t = _mm_clmulepi64_si128(x1, k3k4, 0x00);
    x1 = _mm_clmulepi64_si128(x1, k3k4, 0x11);
    x1 = _mm_xor_si128(_mm_xor_si128(x1, t), _mm_loadu_si128((const __m128i *)p));
    p += 16;
    n -= 16;
    done += 16;
  }
  // 128 -> 64 bits
  t = _mm_clmulepi64_si128(x1, k3k4, 0x10);
  x1 = _mm_xor_si128(_mm_srli_si128(x1, 8), t);
  // 64 -> 32 bits
  t = _mm_srli_si128(x1, 4);
  x1 = _mm_and_si128(x1, mask32);
  x1 = _mm_clmulepi64_si128(x1, k5, 0x00);
  x1 = _mm_xor_si128(x1, t);
  // Barrett reduction
  t = _mm_and_si128(x1, mask32);
  t = _mm_clmulepi64_si128(t, poly, 0x10);
  t = _mm_and_si128(t, mask32);
  t = _mm_clmulepi64_si128(t, poly, 0x00);
  x1 = _mm_xor_si128(x1, t);
  *used = done;
  return (uint32_t)_mm_extract_epi32(x1, 1);
}

static inline bool crc32_fold_ok() {
  static const bool ok = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
  return ok;
}
#else
#define CB_CRC_FOLD 0
#endif

// zlib.crc32(data, crc).
static inline uint32_t crc32(const void *data, size_t n, uint32_t crc = 0) {
#if CB_CRC_FOLD
  if (n >= 64 && crc32_fold_ok()) {
    size_t used = 0;
    uint32_t c = crc32_fold(~crc, (const unsigned char *)data, n, &used);
    return crc32_table((const unsigned char *)data + used, n - used, ~c);
  }
#endif
  return crc32_table(data, n, crc);
}

}  // namespace cb
