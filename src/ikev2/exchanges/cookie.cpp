#include "ikev2/exchanges/cookie.hpp"

#include "crypto/compare.hpp"
#include "crypto/hash.hpp"
#include "crypto/random.hpp"
#include "wire/ikev2/header.hpp"

namespace oakley::ikev2 {

namespace {
constexpr std::size_t kSecretSize = 16;
}

void CookieSecrets::rotate() {
  std::uint8_t next = static_cast<std::uint8_t>(current_.version + 1);
  if (!current_.key.empty()) previous_ = std::move(current_);
  current_ = Secret{next, crypto::random_secret(kSecretSize)};
}

Bytes CookieSecrets::make_with(const Secret& s, ByteView nonce_i, const IpAddress& initiator,
                               std::uint64_t spi_i) {
  auto spi = wire::ikev2::spi_bytes(spi_i);
  Bytes digest =
      crypto::hash(crypto::HashAlg::kSha256, {nonce_i, initiator.bytes(), spi, s.key.view()});
  Bytes cookie{s.version};
  append(cookie, digest);
  return cookie;
}

Bytes CookieSecrets::make(ByteView nonce_i, const IpAddress& initiator, std::uint64_t spi_i) const {
  return make_with(current_, nonce_i, initiator, spi_i);
}

bool CookieSecrets::verify(ByteView cookie, ByteView nonce_i, const IpAddress& initiator,
                           std::uint64_t spi_i) const {
  if (cookie.empty()) return false;
  const Secret* s = cookie[0] == current_.version ? &current_ : nullptr;
  if (!s && previous_ && cookie[0] == previous_->version) s = &*previous_;
  if (!s) return false;
  Bytes expected = make_with(*s, nonce_i, initiator, spi_i);
  return crypto::equal_constant_time(cookie, expected);
}

}  // namespace oakley::ikev2
