#include "dataplane/esp/iv_source.hpp"

#include <cstring>

#include "crypto/random.hpp"

namespace oakley::dataplane::esp {

ByteView IvSource::next(std::size_t size, bool counter_iv, std::uint64_t seq) {
  if (size == 0 || size > kMaxIv) return {};
  if (counter_iv && size == 8) {
    // AEAD and CTR IVs are 8 bytes; the sequence number is unique for the SA's key.
    store_be64(iv_.data(), seq);
    return {iv_.data(), size};
  }
  if (used_ + size > pool_.size()) refill();
  std::memcpy(iv_.data(), pool_.data() + used_, size);
  used_ += size;
  return {iv_.data(), size};
}

void IvSource::refill() {
  crypto::random_fill(pool_);
  used_ = 0;
}

}  // namespace oakley::dataplane::esp
