// Stateless cookies (RFC 7296 2.6): under load, a responder answers IKE_SA_INIT with a COOKIE
// instead of creating state; only an initiator that receives it at its real address can return it.
// Cookie = version byte | SHA-256(Ni | IPi | SPIi | secret).
#pragma once

#include <cstdint>

#include "common/bytes.hpp"
#include "common/ip_address.hpp"

namespace oakley::ikev2 {

Bytes make_cookie(ByteView secret, ByteView nonce_i, const IpAddress& initiator,
                  std::uint64_t spi_i);
bool verify_cookie(ByteView secret, ByteView cookie, ByteView nonce_i, const IpAddress& initiator,
                   std::uint64_t spi_i);

}  // namespace oakley::ikev2
