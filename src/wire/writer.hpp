// Writer: appends big-endian fields to a growing buffer, with length and count fields that are
// reserved first and filled in once the content after them is known. A value that does not fit
// its field (a payload over 64 KiB, more than 255 transforms) marks the writer failed, and
// the message encoders turn that into an Error instead of emitting a corrupt length.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/bytes.hpp"

namespace oakley::wire {

class Writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) { put_be16(out_, v); }
  void u32(std::uint32_t v) { put_be32(out_, v); }
  void u64(std::uint64_t v) { put_be64(out_, v); }
  void bytes(ByteView v) { append(out_, v); }
  void zeros(std::size_t n) { out_.insert(out_.end(), n, 0); }
  void reserve(std::size_t n) { out_.reserve(n); }
  // A size or count written into an 8/16-bit field; too large marks the writer failed.
  void count8(std::size_t v);
  void count16(std::size_t v);

  std::size_t size() const { return out_.size(); }
  bool failed() const { return failed_; }
  const Bytes& data() const { return out_; }
  Bytes take() { return std::move(out_); }

  // Reserve a field of 1, 2 or 4 bytes now; returns its position for the matching fill call.
  std::size_t reserve8();
  std::size_t reserve16();
  std::size_t reserve32();
  void fill8(std::size_t at, std::size_t value);
  void fill16(std::size_t at, std::size_t value);
  void fill32(std::size_t at, std::size_t value);
  // Marks the output unusable: something the caller asked for cannot be expressed on the wire.
  void fail() { failed_ = true; }

 private:
  Bytes out_;
  bool failed_ = false;
};

// Writes a payload-style "next(1) flags(1) length(2)" header, runs `body`, then fills in the
// length (header included). Both IKE versions and all their substructures share this shape.
template <typename BodyFn>
void write_with_header(Writer& w, std::uint8_t next, std::uint8_t flags, BodyFn&& body) {
  std::size_t start = w.size();
  w.u8(next);
  w.u8(flags);
  std::size_t len_at = w.reserve16();
  body();
  w.fill16(len_at, w.size() - start);
}

}  // namespace oakley::wire
