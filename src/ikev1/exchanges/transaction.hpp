// TRANSACTION exchanges (Mode Config and XAuth, draft-dukes-ike-mode-cfg): one attribute payload
// behind HASH = prf(SKEYID_a, M-ID | ATTR), encrypted with the Phase 2 IV of the message ID.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "ikev1/exchange.hpp"
#include "ikev1/isakmp_sa.hpp"
#include "wire/ikev1/mode_config.hpp"

namespace oakley::ikev1 {

// A message carrying `attrs`, its HASH filled in by the engine once the payloads are encoded.
Outbound transaction_message(const IsakmpSa& sa, std::uint32_t mid,
                             wire::ikev1::AttributePayload attrs);

// The received message's attribute payload if its HASH verifies; nullptr otherwise.
const wire::ikev1::AttributePayload* verified_transaction(const IsakmpSa& sa, const Inbound& in,
                                                          std::uint32_t mid);

// An attribute's value as text (user names, passwords, messages), if it is a variable one.
std::optional<std::string> attribute_text(const wire::ikev1::AttributePayload& p,
                                          wire::ikev1::ModeCfgAttribute type);

}  // namespace oakley::ikev1
