// ISAKMP cookies (RFC 2408 2.5.3): 8 bytes that name an ISAKMP SA on our side. As the RFC
// recommends, a cookie is a hash over the peer's address and port, a local secret and fresh
// randomness, so it is unpredictable and bound to the peer it was made for.
#pragma once

#include <cstdint>

#include "common/bytes.hpp"
#include "common/ip_address.hpp"

namespace oakley::ikev1 {

class CookieFactory {
 public:
  CookieFactory();
  // Never 0 (0 means "not yet known" in a header).
  std::uint64_t make(const Endpoint& peer);

 private:
  Bytes secret_;
  std::uint64_t counter_ = 0;
};

}  // namespace oakley::ikev1
