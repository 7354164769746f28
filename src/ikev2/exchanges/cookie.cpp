#include "ikev2/exchanges/cookie.hpp"

#include <openssl/crypto.h>

#include "crypto/hash.hpp"
#include "wire/ikev2/header.hpp"

namespace oakley::ikev2 {

namespace {
constexpr std::uint8_t kCookieVersion = 1;
}

Bytes make_cookie(ByteView secret, ByteView nonce_i, const IpAddress& initiator,
                  std::uint64_t spi_i) {
  auto spi = wire::ikev2::spi_bytes(spi_i);
  Bytes digest = crypto::hash(crypto::HashAlg::kSha256, {nonce_i, initiator.bytes(), spi, secret});
  Bytes cookie{kCookieVersion};
  append(cookie, digest);
  return cookie;
}

bool verify_cookie(ByteView secret, ByteView cookie, ByteView nonce_i, const IpAddress& initiator,
                   std::uint64_t spi_i) {
  Bytes expected = make_cookie(secret, nonce_i, initiator, spi_i);
  return cookie.size() == expected.size() &&
         CRYPTO_memcmp(cookie.data(), expected.data(), expected.size()) == 0;
}

}  // namespace oakley::ikev2
