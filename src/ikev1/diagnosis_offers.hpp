// IKEv1's negotiations in the terms of `oakctl diagnose` (ike/diagnosis): Phase 1 transforms and
// Quick Mode ESP transforms as offers both sides' are compared by, proxy IDs as selectors, and
// the exchanges as phases.
#pragma once

#include <string_view>
#include <vector>

#include "ike/diagnosis/evidence.hpp"
#include "ikev1/esp_proposals.hpp"
#include "ikev1/exchanges/proxy_ids.hpp"
#include "ikev1/phase1_proposals.hpp"
#include "wire/ikev1/constants.hpp"

namespace oakley::ikev1 {

ike::diagnosis::Phase diagnosis_phase(wire::ikev1::ExchangeType type);

std::vector<ike::diagnosis::Offer> offers_of(const std::vector<Phase1Transform>& transforms);
std::vector<ike::diagnosis::Offer> offers_of(const std::vector<EspTransform>& transforms);

// Responder: no Phase 1 transform of the peer fits ours (`our_lifetime`: the longest we accept).
ike::diagnosis::Failure phase1_mismatch(ike::diagnosis::Phase phase,
                                        const std::vector<Phase1Transform>& ours,
                                        const wire::ikev1::SaPayload& theirs,
                                        std::uint64_t our_lifetime);
// Responder: no ESP transform of the peer's QM1 fits ours.
ike::diagnosis::Failure esp_mismatch(const std::vector<EspTransform>& ours,
                                     const wire::ikev1::SaPayload& theirs);
// Responder: the peer's proxy IDs fit no selector pair of the connection's children.
ike::diagnosis::Failure proxy_id_mismatch(const config::Connection& conn, const IpAddress& local,
                                          const IpAddress& remote, const ProxyIds& proposed);

}  // namespace oakley::ikev1
