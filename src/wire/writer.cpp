#include "wire/writer.hpp"

namespace oakley::wire {

void Writer::count8(std::size_t v) {
  if (v > 0xff) failed_ = true;
  u8(static_cast<std::uint8_t>(v));
}

void Writer::count16(std::size_t v) {
  if (v > 0xffff) failed_ = true;
  u16(static_cast<std::uint16_t>(v));
}

std::size_t Writer::reserve8() {
  out_.push_back(0);
  return out_.size() - 1;
}

std::size_t Writer::reserve16() {
  zeros(2);
  return out_.size() - 2;
}

std::size_t Writer::reserve32() {
  zeros(4);
  return out_.size() - 4;
}

void Writer::fill8(std::size_t at, std::size_t value) {
  if (value > 0xff) failed_ = true;
  out_[at] = static_cast<std::uint8_t>(value);
}

void Writer::fill16(std::size_t at, std::size_t value) {
  if (value > 0xffff) failed_ = true;
  store_be16(out_.data() + at, static_cast<std::uint16_t>(value));
}

void Writer::fill32(std::size_t at, std::size_t value) {
  if (value > 0xffffffffu) failed_ = true;
  store_be32(out_.data() + at, static_cast<std::uint32_t>(value));
}

}  // namespace oakley::wire
