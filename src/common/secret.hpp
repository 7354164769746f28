// SecretBytes: key material (PSKs, DH secrets, derived keys) in memory that is wiped when freed,
// and that never formats itself into a log line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/bytes.hpp"

namespace oakley {

void secure_wipe(void* p, std::size_t n);

template <typename T>
struct WipingAllocator {
  using value_type = T;
  WipingAllocator() = default;
  template <typename U>
  WipingAllocator(const WipingAllocator<U>&) {}  // NOLINT: allocator rebind
  T* allocate(std::size_t n) { return std::allocator<T>{}.allocate(n); }
  void deallocate(T* p, std::size_t n) {
    secure_wipe(p, n * sizeof(T));
    std::allocator<T>{}.deallocate(p, n);
  }
  template <typename U>
  bool operator==(const WipingAllocator<U>&) const {
    return true;
  }
};

class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::size_t n) : data_(n) {}
  explicit SecretBytes(ByteView v) : data_(v.begin(), v.end()) {}
  SecretBytes(const SecretBytes&) = default;
  SecretBytes(SecretBytes&&) noexcept = default;
  SecretBytes& operator=(const SecretBytes&) = default;
  SecretBytes& operator=(SecretBytes&&) noexcept = default;
  ~SecretBytes() = default;

  std::uint8_t* data() { return data_.data(); }
  const std::uint8_t* data() const { return data_.data(); }
  std::size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }
  void resize(std::size_t n) { data_.resize(n); }
  void clear() { data_.clear(); }
  void append(ByteView v) { data_.insert(data_.end(), v.begin(), v.end()); }
  std::uint8_t& operator[](std::size_t i) { return data_[i]; }
  std::uint8_t operator[](std::size_t i) const { return data_[i]; }

  ByteView view() const { return {data_.data(), data_.size()}; }
  MutableByteView mutable_view() { return {data_.data(), data_.size()}; }
  operator ByteView() const { return view(); }  // NOLINT: secrets feed crypto calls directly
  // A sub-range as a new secret (key splitting).
  SecretBytes slice(std::size_t offset, std::size_t length) const {
    return SecretBytes(view().subspan(offset, length));
  }
  bool operator==(const SecretBytes& o) const;

 private:
  std::vector<std::uint8_t, WipingAllocator<std::uint8_t>> data_;
};

}  // namespace oakley
