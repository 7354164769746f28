// A packet inside caller-owned storage, with room in front (headers we prepend) and behind
// (trailers we append), so the ESP transforms work in place and the packet path never allocates.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/bytes.hpp"

namespace oakley::dataplane::esp {

class PacketBuffer {
 public:
  PacketBuffer() = default;
  PacketBuffer(std::uint8_t* storage, std::size_t capacity, std::size_t offset = 0,
               std::size_t length = 0)
      : storage_(storage), capacity_(capacity), offset_(offset), length_(length) {}

  std::uint8_t* data() { return storage_ + offset_; }
  const std::uint8_t* data() const { return storage_ + offset_; }
  std::size_t size() const { return length_; }
  MutableByteView view() { return {data(), length_}; }
  ByteView view() const { return {data(), length_}; }
  std::uint8_t* storage() { return storage_; }
  std::size_t capacity() const { return capacity_; }
  std::size_t offset() const { return offset_; }
  std::size_t headroom() const { return offset_; }
  std::size_t tailroom() const { return capacity_ - offset_ - length_; }

  // Places the data at [offset, offset + length) of the storage (after a receive, say).
  void reset(std::size_t offset, std::size_t length) {
    offset_ = offset;
    length_ = length;
  }
  // Grows the front by n bytes; nullptr (and no change) when there is no headroom.
  std::uint8_t* push_front(std::size_t n) {
    if (n > offset_) return nullptr;
    offset_ -= n;
    length_ += n;
    return data();
  }
  bool pull_front(std::size_t n) {
    if (n > length_) return false;
    offset_ += n;
    length_ -= n;
    return true;
  }
  // Grows the back by n bytes and returns where they start; nullptr when there is no tailroom.
  std::uint8_t* push_back(std::size_t n) {
    if (n > tailroom()) return nullptr;
    std::uint8_t* tail = data() + length_;
    length_ += n;
    return tail;
  }
  bool trim_back(std::size_t n) {
    if (n > length_) return false;
    length_ -= n;
    return true;
  }

 private:
  std::uint8_t* storage_ = nullptr;
  std::size_t capacity_ = 0;
  std::size_t offset_ = 0;
  std::size_t length_ = 0;
};

}  // namespace oakley::dataplane::esp
