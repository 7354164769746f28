// Reader: a bounds-checked cursor over received bytes. Every wire parser reads through it, so no
// parser indexes a buffer itself. need() produces the error a parser returns when a field does not
// fit; the reads themselves never go past the end (a short read yields zeros / an empty view and
// marks the reader failed), so a forgotten check cannot turn into an out-of-bounds read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace oakley::wire {

class Reader {
 public:
  explicit Reader(ByteView data) : data_(data) {}

  std::size_t offset() const { return pos_; }
  std::size_t remaining() const { return data_.size() - pos_; }
  bool empty() const { return pos_ == data_.size(); }
  bool failed() const { return failed_; }

  // Ok when `n` more bytes are available; otherwise an Error "`what` needs n bytes, m remain".
  Status need(std::size_t n, std::string_view what) const;

  std::uint8_t u8();
  std::uint16_t u16();
  std::uint32_t u32();
  std::uint64_t u64();
  ByteView bytes(std::size_t n);
  Bytes copy(std::size_t n);
  ByteView rest() { return bytes(remaining()); }
  Bytes copy_rest() { return copy(remaining()); }
  void skip(std::size_t n) { (void)bytes(n); }

 private:
  const std::uint8_t* take(std::size_t n);

  ByteView data_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace oakley::wire
