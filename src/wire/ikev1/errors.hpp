// The ISAKMP notify numbers the IKEv1 parsers put in Error::code.
#pragma once

#include "wire/ikev1/constants.hpp"

namespace oakley::wire::ikev1 {

inline constexpr int error_code(NotifyType t) {
  return static_cast<int>(t);
}
inline constexpr int kPayloadMalformed = error_code(NotifyType::kPayloadMalformed);
inline constexpr int kBadProposalSyntax = error_code(NotifyType::kBadProposalSyntax);

}  // namespace oakley::wire::ikev1
