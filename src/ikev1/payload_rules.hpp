// Which payloads each IKEv1 message may carry, how many, and whether it must arrive encrypted:
// one table, checked once on receipt, instead of checks scattered through the exchanges.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wire/ikev1/payload.hpp"

namespace oakley::ikev1 {

enum class MessageKind : std::uint8_t {
  kMm1,
  kMm2,
  kMm3,
  kMm4,
  kMm5,
  kMm6,  // Main Mode
  kAm1,
  kAm2,
  kAm3,  // Aggressive Mode
  kQm1,
  kQm2,
  kQm3,  // Quick Mode
  kInformational,
  kTransaction,  // Mode Config
};
std::string_view message_kind_name(MessageKind k);  // "MM5", "QM1", "INFORMATIONAL"

// nullopt when the message fits its rule; otherwise what was expected and what was seen.
std::optional<std::string> check_payload_rules(MessageKind kind,
                                               const std::vector<wire::ikev1::Payload>& payloads,
                                               bool encrypted);

}  // namespace oakley::ikev1
