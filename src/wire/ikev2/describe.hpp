// One-line summaries of IKEv2 messages for the daemon's logs, in strongSwan's style:
// "IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) ]".
#pragma once

#include <string>
#include <vector>

#include "wire/ikev2/message.hpp"
#include "wire/ikev2/names.hpp"

namespace oakley::wire::ikev2 {

// "SA", "N(COOKIE)", "SKF(2/3)", "CPRQ(ADDR DNS)", "EAP/RES/ID", "UNKNOWN(49)",
// "CRITICAL(49)" (an unknown payload with the critical bit).
std::string describe_payload(const Payload& p);
// "[ SA KE No ]"
std::string describe_payloads(const std::vector<Payload>& payloads);
// "<exchange> request|response <message id> [ ... ]"
std::string describe_message(const Message& m);

}  // namespace oakley::wire::ikev2
