#include "ikev1/cookies.hpp"

#include "crypto/hash.hpp"
#include "crypto/random.hpp"

namespace oakley::ikev1 {

CookieFactory::CookieFactory() : secret_(crypto::random_bytes(32)) {}

std::uint64_t CookieFactory::make(const Endpoint& peer) {
  Bytes port_counter;
  put_be16(port_counter, peer.port);
  put_be64(port_counter, ++counter_);
  Bytes fresh = crypto::random_bytes(8);
  while (true) {
    Bytes h = crypto::hash(crypto::HashAlg::kSha256,
                           {secret_, peer.address.bytes(), port_counter, fresh});
    std::uint64_t cookie = load_be64(h.data());
    if (cookie != 0) return cookie;
    fresh = crypto::random_bytes(8);
  }
}

}  // namespace oakley::ikev1
