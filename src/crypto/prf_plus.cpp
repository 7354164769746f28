#include <algorithm>
#include <cstdint>

#include "crypto/mac_engine.hpp"
#include "crypto/prf.hpp"

namespace oakley::crypto {

Result<SecretBytes> prf_plus(KeyedPrf& prf, ByteView seed, std::size_t length) {
  const std::size_t block = prf.output_size();
  if (length > block * 255)
    return make_error("prf+ asked for " + std::to_string(length) + " bytes; at most " +
                      std::to_string(block * 255) + " fit before the counter wraps");
  SecretBytes out(length);
  SecretBytes t(block);
  std::size_t done = 0;
  for (unsigned n = 1; done < length; ++n) {
    const std::uint8_t counter = static_cast<std::uint8_t>(n);
    ByteView previous = n == 1 ? ByteView{} : t.view();
    if (!prf.compute_into({previous, seed, ByteView(&counter, 1)}, t.mutable_view()))
      return make_error("prf+ failed inside OpenSSL");
    std::size_t take = std::min(block, length - done);
    std::copy_n(t.data(), take, out.data() + done);
    done += take;
  }
  return out;
}

Result<SecretBytes> prf_plus(PrfId id, ByteView key, ByteView seed, std::size_t length) {
  auto prf = KeyedPrf::create(id, key);
  if (!prf) return prf.take_error();
  return prf_plus(*prf, seed, length);
}

}  // namespace oakley::crypto
