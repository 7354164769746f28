// Phase 1 transforms (RFC 2409 appendix A) ⇄ our proposals, and the responder's choice. An IKEv1
// Phase 1 SA payload is one ISAKMP proposal whose transforms are complete alternatives, each
// with its own lifetime; the responder returns exactly the one it chose.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "config/connection.hpp"
#include "ike/proposal.hpp"
#include "ikev1/isakmp_sa.hpp"
#include "wire/ikev1/sa.hpp"

namespace oakley::ikev1 {

struct Phase1Transform {
  ike::Proposal proposal;  // encr (with key bits), integ (the hash), prf, dh
  AuthMethod auth = AuthMethod::kPsk;
  XauthMode xauth = XauthMode::kNone;  // XAUTHInitPreShared (65001) is kPsk + kInitiatorIsClient
  std::uint64_t life_seconds = 0;      // 0: the attribute was absent
  std::uint64_t life_kilobytes = 0;
};

// "AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048 PSK 15840s".
std::string describe(const Phase1Transform& t);
std::string describe(const std::vector<Phase1Transform>& ts);

// The Phase 1 lifetime we offer and accept, as charon computes it: the reauthentication (or
// rekey) time plus over_time. 0 when the connection sets neither.
std::uint64_t phase1_lifetime(const config::Connection& conn);

// Our transforms: one per configured proposal, the first algorithm of each kind (as strongSwan
// does for IKEv1). Proposals IKEv1 cannot express (AEAD, no hash) are left out and named in
// `skipped`; `only_group` keeps those of one DH group (Aggressive Mode sends a single KE).
struct Phase1Offer {
  std::vector<Phase1Transform> transforms;
  std::vector<std::string> skipped;
};
// Legacy ciphers (DES, Blowfish, CAST) are skipped unless crypto has them on
// (oakley.legacy_ciphers).
Phase1Offer phase1_offer(const config::Connection& conn, AuthMethod auth, XauthMode xauth,
                         std::optional<DhId> only_group = std::nullopt);

wire::ikev1::Transform to_wire(const Phase1Transform& t, std::uint8_t number);
wire::ikev1::SaPayload phase1_sa_payload(const std::vector<Phase1Transform>& transforms);

// A received transform; the error names what we do not understand ("encryption 8 (CAMELLIA)").
Result<Phase1Transform> parse_phase1_transform(const wire::ikev1::Transform& t);

struct Phase1Choice {
  std::size_t transform_index = 0;  // in the peer's single proposal
  Phase1Transform chosen;
};

// Responder: the first of our transforms (our order) that the peer offered with the same
// algorithms and authentication method and a lifetime no longer than ours. `why_not` names both
// sides' transforms and, where algorithms matched, the lifetime that did not.
std::optional<Phase1Choice> select_phase1(const std::vector<Phase1Transform>& ours,
                                          const wire::ikev1::SaPayload& theirs,
                                          std::uint64_t our_lifetime, std::string* why_not,
                                          std::optional<DhId> required_group = std::nullopt);

// Initiator: the responder's answer must be one transform we offered, unchanged.
Result<Phase1Transform> check_phase1_answer(const std::vector<Phase1Transform>& offered,
                                            const wire::ikev1::SaPayload& answer);

}  // namespace oakley::ikev1
