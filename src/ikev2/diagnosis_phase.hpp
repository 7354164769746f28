// IKEv2 exchanges in the words of `oakctl diagnose` (ike/diagnosis).
#pragma once

#include "ike/diagnosis/evidence.hpp"
#include "wire/ikev2/message.hpp"

namespace oakley::ikev2 {

ike::diagnosis::Phase diagnosis_phase(wire::ikev2::ExchangeType exchange);

}  // namespace oakley::ikev2
