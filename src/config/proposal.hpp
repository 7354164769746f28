// Algorithm proposals as swanctl.conf writes them ("aes128gcm16-prfsha256-x25519",
// "aes256-sha256-modp2048,aes128-sha1-modp1024", "default"), parsed exactly as strongSwan 5.9
// parses them: keywords joined by '-', proposals separated by ',', several algorithms of one type
// allowed in one proposal, an IKE proposal without a PRF takes it from its integrity algorithms,
// AEAD and classic ciphers cannot share a proposal, integrity is dropped next to an AEAD, ESP and
// AH proposals get NO_EXT_SEQ unless they list esn/noesn, and a DH group in an ESP/AH proposal
// means PFS. Transform IDs are IANA's (common/algorithm_ids.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/algorithm_ids.hpp"
#include "common/result.hpp"

namespace oakley::config {

enum class SaProtocol : std::uint8_t { kIke = 1, kAh = 2, kEsp = 3 };

struct Transform {
  TransformType type{};
  std::uint16_t id = 0;        // EncrId, PrfId, IntegId, DhId or EsnId value
  std::uint16_t key_bits = 0;  // 0: the algorithm has a fixed key size
  bool operator==(const Transform&) const = default;
};

struct Proposal {
  SaProtocol protocol = SaProtocol::kIke;
  // Grouped by type in strongSwan's order (encryption, integrity, PRF, DH, ESN); within a type in
  // configured order, which is the order of preference.
  std::vector<Transform> transforms;

  std::vector<Transform> of_type(TransformType type) const;
  bool has(TransformType type) const;
  // As charon logs it: "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048".
  std::string to_string() const;
  bool operator==(const Proposal&) const = default;
};

// Errors read "proposal 'aes128-sha999': unknown integrity algorithm 'sha999'".
Result<std::vector<Proposal>> parse_proposals(SaProtocol protocol, std::string_view list);

// strongSwan 5.9's "default" proposals, in the order charon 5.9.8 builds them with its openssl,
// xcbc and cmac plugins (Camellia CBC/CTR and the Brainpool curves included). `implicit` is the ESP
// default used when esp_proposals is not set at all: charon then puts the AEAD proposal first,
// while an explicit "default" puts the classic one first. IKE: classic then AEAD either way. AH:
// one classic proposal.
std::vector<Proposal> default_proposals(SaProtocol protocol, bool implicit = false);

// Whether any proposal has an additional key exchange (RFC 9370 ke1_ ... ke7_) other than NONE.
bool uses_additional_ke(const std::vector<Proposal>& proposals);
// The load error for proposals with additional key exchanges in an IKEv1 connection.
inline constexpr std::string_view kAdditionalKeIkev1Error =
    "additional key exchanges (ke1_ ... ke7_, RFC 9370) exist in IKEv2 only";

std::string transform_name(const Transform& t);  // "AES_GCM_16_128", "PRF_HMAC_SHA2_256"
std::string to_string(const std::vector<Proposal>& proposals);  // joined with ", "
std::string_view protocol_name(SaProtocol protocol);            // "IKE", "AH", "ESP"

}  // namespace oakley::config
