// Explicit IVs for outbound packets. Counter modes (AES-GCM/CCM, ChaCha20-Poly1305, AES-CTR) need
// only uniqueness per key, so the 64-bit sequence number is the IV (as Linux's seqiv does); CBC
// needs unpredictable IVs, drawn from OpenSSL's DRBG a few KiB at a time so the per-packet cost
// is a copy. One IvSource per thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "common/bytes.hpp"

namespace oakley::dataplane::esp {

class IvSource {
 public:
  static constexpr std::size_t kMaxIv = 16;

  // Writes `size` IV bytes for the packet with sequence number `seq` and returns them.
  ByteView next(std::size_t size, bool counter_iv, std::uint64_t seq);

 private:
  void refill();
  std::array<std::uint8_t, kMaxIv> iv_{};
  std::array<std::uint8_t, 4096> pool_{};
  std::size_t used_ = pool_.size();
};

}  // namespace oakley::dataplane::esp
