// A column of the scan (token counts, ids) held as narrowly as the values
// so far allow, while the scan runs: nothing while every value is 0 (with
// the bias, below), then 1, 2 or 4 bytes a value, and 8 once a value needs
// it; a wider value widens the values held so far (a copy, at most four
// times a column). Columns are only appended to while a history is read
// and copied out whole at its end (Scanner.take_columns), so the reader
// never needs a value back at its full width.
//
// Measured on the dense 2.1 GB Claude history (476k calls): the eight token
// columns took 30 MB as int64 and take 6 MB so; most counts fit 16 bits,
// reasoning and OpenAI-style cache writes are all 0. Real histories have
// larger counts (cache reads in the hundreds of thousands), still 32 bits.
//
// `bias` is added before the width is chosen: id columns use -1 for "none"
// (a tool use without a file path, a call of no Claude Code version), so
// they are kept as id + 1.
#pragma once
#include <cstdint>
#include <vector>

namespace cb {

template <typename T>
class Narrow {
 public:
  explicit Narrow(int64_t bias = 0) : bias_(bias) {}

  void push_back(T v) {
    int64_t s = (int64_t)v + bias_;
    int need = width_of(s);
    if (need > w_) widen(need);
    switch (w_) {
      case 0: break;
      case 1: u8_.push_back((uint8_t)s); break;
      case 2: u16_.push_back((uint16_t)s); break;
      case 4: i32_.push_back((int32_t)s); break;
      default: i64_.push_back(s); break;
    }
    n_++;
  }

  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  // Bytes a value takes now: 0 (every value is -bias), 1, 2, 4 or 8.
  int width() const { return w_; }
  int64_t bias() const { return bias_; }

  T at(size_t i) const {
    switch (w_) {
      case 0: return (T)(-bias_);
      case 1: return (T)((int64_t)u8_[i] - bias_);
      case 2: return (T)((int64_t)u16_[i] - bias_);
      case 4: return (T)((int64_t)i32_[i] - bias_);
      default: return (T)(i64_[i] - bias_);
    }
  }

  // Every value at full width into out[0..size()). With `zeroed` (out
  // already holds zeros) a column of zeros writes nothing, so a calloc'ed
  // copy's pages are never touched.
  void copy_to(T *out, bool zeroed = false) const {
    switch (w_) {
      case 0:
        if (!(zeroed && bias_ == 0))
          for (size_t i = 0; i < n_; i++) out[i] = (T)(-bias_);
        break;
      case 1: widen_into(u8_, out); break;
      case 2: widen_into(u16_, out); break;
      case 4: widen_into(i32_, out); break;
      default: widen_into(i64_, out); break;
    }
  }

  // Frees everything (the column is empty afterwards).
  void clear() {
    std::vector<uint8_t>().swap(u8_);
    std::vector<uint16_t>().swap(u16_);
    std::vector<int32_t>().swap(i32_);
    std::vector<int64_t>().swap(i64_);
    n_ = 0;
    w_ = 0;
  }

 private:
  size_t n_ = 0;
  int w_ = 0;
  int64_t bias_;
  std::vector<uint8_t> u8_;
  std::vector<uint16_t> u16_;
  std::vector<int32_t> i32_;
  std::vector<int64_t> i64_;

  static int width_of(int64_t s) {
    if (s == 0) return 0;
    if (s > 0 && s <= 0xFF) return 1;
    if (s > 0 && s <= 0xFFFF) return 2;
    if (s >= INT32_MIN && s <= INT32_MAX) return 4;
    return 8;
  }

  template <typename S>
  void widen_into(const std::vector<S> &from, T *out) const {
    for (size_t i = 0; i < n_; i++) out[i] = (T)((int64_t)from[i] - bias_);
  }

  template <typename S>
  void move_into(std::vector<S> &to) {
    to.reserve(n_ + n_ / 2 + 16);
    switch (w_) {
      case 0: to.assign(n_, (S)0); break;
      case 1: to.assign(u8_.begin(), u8_.end()); break;
      case 2: to.assign(u16_.begin(), u16_.end()); break;
      case 4: to.assign(i32_.begin(), i32_.end()); break;
      default: to.assign(i64_.begin(), i64_.end()); break;
    }
  }

  // The values so far at `to` bytes each (to > w_; every stored value fits).
  void widen(int to) {
    switch (to) {
      case 1: move_into(u8_); break;
      case 2: move_into(u16_); break;
      case 4: move_into(i32_); break;
      default: move_into(i64_); break;
    }
    if (to != 1) std::vector<uint8_t>().swap(u8_);
    if (to != 2) std::vector<uint16_t>().swap(u16_);
    if (to != 4) std::vector<int32_t>().swap(i32_);
    if (to != 8) std::vector<int64_t>().swap(i64_);
    w_ = to;
  }
};

}  // namespace cb
