#include "wire/reader.hpp"

#include <fmt/format.h>

namespace oakley::wire {

Status Reader::need(std::size_t n, std::string_view what) const {
  if (remaining() >= n) return {};
  return make_error(fmt::format("{} needs {} bytes, {} remain", what, n, remaining()));
}

const std::uint8_t* Reader::take(std::size_t n) {
  if (failed_ || remaining() < n) {
    failed_ = true;
    return nullptr;
  }
  const std::uint8_t* p = data_.data() + pos_;
  pos_ += n;
  return p;
}

std::uint8_t Reader::u8() {
  const auto* p = take(1);
  return p ? p[0] : 0;
}

std::uint16_t Reader::u16() {
  const auto* p = take(2);
  return p ? load_be16(p) : 0;
}

std::uint32_t Reader::u32() {
  const auto* p = take(4);
  return p ? load_be32(p) : 0;
}

std::uint64_t Reader::u64() {
  const auto* p = take(8);
  return p ? load_be64(p) : 0;
}

ByteView Reader::bytes(std::size_t n) {
  const auto* p = take(n);
  return p ? ByteView(p, n) : ByteView{};
}

Bytes Reader::copy(std::size_t n) {
  ByteView v = bytes(n);
  return Bytes(v.begin(), v.end());
}

}  // namespace oakley::wire
