// Quick Mode SA payloads (RFC 2407 4.5, 4.6.1, RFC 3947 5.1) ⇄ our ESP proposals: transforms with
// their encapsulation mode, PFS group and lifetimes, the responder's choice, and the initiator's
// check of the answer. AH proposals are understood and refused (there is no AH data plane).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/connection.hpp"
#include "ike/proposal.hpp"
#include "wire/ikev1/sa.hpp"

namespace oakley::ikev1 {

struct EspTransform {
  ike::Proposal proposal;  // protocol ESP with its SPI; encr, integ, dh (PFS), esn
  bool transport = false;
  bool udp_encap = false;
  std::uint64_t life_seconds = 0;  // 0: the attribute was absent
  std::uint64_t life_kilobytes = 0;
};

std::string describe(const EspTransform& t);
std::string describe(const std::vector<EspTransform>& ts);

// RFC 2407 4.5: without a lifetime attribute an IPsec SA lives 28800 seconds.
inline constexpr std::uint64_t kDefaultIpsecLifetime = 28800;

// Our transforms for a child: one per configured ESP proposal, first algorithm of each kind.
struct EspOffer {
  std::vector<EspTransform> transforms;
  std::vector<std::string> skipped;
};
// Legacy ciphers (DES, Blowfish, CAST) are skipped unless crypto has them on
// (oakley.legacy_ciphers).
EspOffer esp_offer(const config::Child& child, bool transport, bool udp_encap);

// Our lifetimes for a child: life_time in seconds and life_bytes in kilobytes (0 = none).
std::uint64_t child_life_seconds(const config::Child& child);
std::uint64_t child_life_kilobytes(const config::Child& child);

wire::ikev1::SaPayload esp_sa_payload(const std::vector<EspTransform>& transforms,
                                      std::uint32_t spi);

struct EspChoice {
  std::size_t proposal_index = 0;  // in the peer's SA payload
  std::size_t transform_index = 0;
  EspTransform chosen;  // with the peer's SPI and lifetimes as offered
};

// Responder: our order first; algorithms, PFS group and encapsulation must match. `why_not` names
// both sides' transforms (and that AH is not supported, when the peer wanted it).
std::optional<EspChoice> select_esp(const std::vector<EspTransform>& ours,
                                    const wire::ikev1::SaPayload& theirs, std::string* why_not);

// The responder's SA payload: the chosen proposal with only the chosen transform, unchanged (RFC
// 2409 5.5: attributes are not modified; lifetimes are lowered with RESPONDER-LIFETIME), and the
// responder's SPI.
wire::ikev1::SaPayload esp_answer(const wire::ikev1::SaPayload& theirs, const EspChoice& choice,
                                  std::uint32_t our_spi);

// Every ESP transform of the peer's SA payload we understand (for diagnose: what it offered).
std::vector<EspTransform> esp_transforms_of(const wire::ikev1::SaPayload& theirs);

// Initiator: one of our transforms with the responder's SPI.
Result<EspTransform> check_esp_answer(const std::vector<EspTransform>& offered,
                                      const wire::ikev1::SaPayload& answer);

// RESPONDER-LIFETIME notify data (RFC 2407 4.6.3.1): life type/duration attributes.
Bytes lifetime_attributes(std::uint64_t seconds, std::uint64_t kilobytes);
void parse_lifetime_attributes(ByteView data, std::uint64_t& seconds, std::uint64_t& kilobytes);

}  // namespace oakley::ikev1
