// IKEv2 exchanges in the words of `oakctl diagnose` (ike/diagnosis).
#pragma once

#include <optional>

#include "ike/diagnosis/evidence.hpp"
#include "ikev2/ike_sa.hpp"
#include "wire/ikev2/message.hpp"

namespace oakley::ikev2 {

ike::diagnosis::Phase diagnosis_phase(wire::ikev2::ExchangeType exchange);
// Whether we initiated a failed exchange of `phase` on `sa`, where that follows from the phase
// (IKE_SA_INIT, IKE_INTERMEDIATE, IKE_AUTH: the SA's initiator); nullopt elsewhere.
std::optional<bool> role_in(const IkeSa& sa, ike::diagnosis::Phase phase);

}  // namespace oakley::ikev2
