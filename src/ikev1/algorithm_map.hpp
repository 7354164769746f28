// IKEv1 attribute values ⇄ the IANA IKEv2 transform IDs every other layer names algorithms by
// (common/algorithm_ids.hpp): Phase 1 encryption and hash, ESP transform IDs and authentication
// algorithms. nullopt where IKEv1 has no number for an algorithm or we do not implement it.
#pragma once

#include <cstdint>
#include <optional>

#include "common/algorithm_ids.hpp"
#include "common/result.hpp"
#include "crypto/hash.hpp"

namespace oakley::ikev1 {

struct HashAlgorithms {
  IntegId integ;  // how proposals and logs name it
  PrfId prf;      // IKEv1's prf is the HMAC of the negotiated hash
  crypto::HashAlg hash;
};

std::optional<EncrId> phase1_encr_from_wire(std::uint16_t value);
std::optional<std::uint16_t> phase1_encr_to_wire(EncrId id);
std::optional<HashAlgorithms> phase1_hash_from_wire(std::uint16_t value);
std::optional<std::uint16_t> phase1_hash_to_wire(IntegId id);
std::optional<HashAlgorithms> hash_algorithms(IntegId id);

std::optional<EncrId> esp_encr_from_wire(std::uint8_t transform_id);
std::optional<std::uint8_t> esp_encr_to_wire(EncrId id);
std::optional<IntegId> esp_auth_from_wire(std::uint16_t value);
std::optional<std::uint16_t> esp_auth_to_wire(IntegId id);

// Ciphers whose key length is negotiated with a Key Length attribute.
bool has_key_length(EncrId id);

// A legacy-provider cipher (DES, Blowfish, CAST) may only be offered or accepted when the
// configuration turned it on (crypto::legacy_cipher_enabled, from oakley.legacy_ciphers).
Status legacy_allowed(EncrId id);

}  // namespace oakley::ikev1
