// Which payloads each exchange may carry, checked once when a message arrives (RFC 7296 1.2-1.5,
// 2.17, 3.x), so the exchange handlers can rely on the shape of what they get.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "wire/ikev2/payload.hpp"

namespace oakley::ikev2 {

// nullopt when acceptable; otherwise what is wrong, in words.
std::optional<std::string> check_payload_rules(wire::ikev2::ExchangeType exchange, bool response,
                                               const std::vector<wire::ikev2::Payload>& payloads);

}  // namespace oakley::ikev2
