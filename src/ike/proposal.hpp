// Proposals as both IKE versions negotiate them, and the responder's selection: the first of our
// configured proposals (in our order) that the peer also offered. When nothing matches, the
// explanation names both sides' algorithms, because that is what an operator needs to fix it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/algorithm_ids.hpp"
#include "common/bytes.hpp"

namespace oakley::ike {

enum class Protocol : std::uint8_t { kIke = 1, kAh = 2, kEsp = 3 };

struct Transform {
  TransformType type{};
  std::uint16_t id = 0;
  std::uint16_t key_bits = 0;  // 0 = no Key Length attribute
  bool operator==(const Transform&) const = default;
};

struct Proposal {
  std::uint8_t number = 1;
  Protocol protocol = Protocol::kIke;
  Bytes spi;  // empty for IKE_SA_INIT; 8 bytes for an IKE rekey; 4 bytes for ESP/AH
  std::vector<Transform> transforms;

  // The transforms of one type, in order.
  std::vector<Transform> of_type(TransformType t) const;
  // The first transform of one type (a selected proposal has at most one per type).
  std::optional<Transform> first(TransformType t) const;
  bool operator==(const Proposal&) const = default;
};

// The additional key exchanges (RFC 9370) of a selected proposal, in ADDKE1..7 order, NONE left
// out: one IKE_INTERMEDIATE (or IKE_FOLLOWUP_KE) exchange each.
std::vector<DhId> additional_kes(const Proposal& chosen);
// Whether any of the proposals offers an additional key exchange other than NONE.
bool offers_additional_ke(const std::vector<Proposal>& ps);

// "AES_GCM_16_128/PRF_HMAC_SHA2_256/CURVE_25519": several transforms of a type are joined as
// strongSwan prints them.
std::string describe(const Proposal& p);
std::string describe(const std::vector<Proposal>& ps);
std::string describe(const Transform& t);

struct Selection {
  Proposal chosen;  // one transform per type, the peer's proposal number and SPI
};

struct SelectionFailure {
  std::string reason;  // e.g. "no common proposal: peer offered ...; we accept ..."
};

// Picks per our configured order. A DH group of NONE (or no DH transform) on both sides means no
// key exchange; NONE next to groups makes PFS optional. `ignore_dh` drops DH transforms from the
// comparison (a CHILD_SA
// negotiated inside IKE_AUTH has no KE, RFC 7296 1.2, even when its proposals list PFS groups).
std::optional<Proposal> select_proposal(const std::vector<Proposal>& ours,
                                        const std::vector<Proposal>& theirs, bool ignore_dh,
                                        std::string* why_not = nullptr);

// Checks that a responder's answer is one of the proposals we offered, reduced to one transform
// per type (RFC 7296 3.3.6: a responder must not return anything we did not offer).
bool is_valid_answer(const std::vector<Proposal>& offered, const Proposal& answer,
                     bool ignore_dh = false);

}  // namespace oakley::ike

namespace oakley::config {
struct Proposal;
}

namespace oakley::ike {
// Our configured proposals, numbered 1..n as they go on the wire.
std::vector<Proposal> from_config(const std::vector<config::Proposal>& configured);
}  // namespace oakley::ike
