// Stateless cookies (RFC 7296 2.6): under load, a responder answers IKE_SA_INIT with a COOKIE
// instead of creating state; only an initiator that receives it at its real address can return it.
// Cookie = version byte | SHA-256(Ni | IPi | SPIi | secret). The secret changes periodically; the
// version byte names the secret that made a cookie, and the previous secret stays valid until the
// next change, so a cookie handed out just before a change is still accepted.
#pragma once

#include <cstdint>
#include <optional>

#include "common/bytes.hpp"
#include "common/ip_address.hpp"
#include "common/secret.hpp"

namespace oakley::ikev2 {

class CookieSecrets {
 public:
  CookieSecrets() { rotate(); }
  // A new random secret with the next version; the current one becomes the previous one and the
  // one before that is forgotten.
  void rotate();
  Bytes make(ByteView nonce_i, const IpAddress& initiator, std::uint64_t spi_i) const;
  // True when `cookie` was made by the current or the previous secret for these values.
  bool verify(ByteView cookie, ByteView nonce_i, const IpAddress& initiator,
              std::uint64_t spi_i) const;
  std::uint8_t version() const { return current_.version; }

 private:
  struct Secret {
    std::uint8_t version = 0;
    SecretBytes key;
  };
  static Bytes make_with(const Secret& s, ByteView nonce_i, const IpAddress& initiator,
                         std::uint64_t spi_i);

  Secret current_;
  std::optional<Secret> previous_;
};

}  // namespace oakley::ikev2
