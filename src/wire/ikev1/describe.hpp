// One-line summaries of IKEv1 messages for logs, in strongSwan's IKEv1 style: "[ SA V V V ]",
// "[ KE No NAT-D NAT-D ]", "[ HASH SA No ID ID ]", "[ HASH N(DPD) ]".
#pragma once

#include <string>
#include <vector>

#include "wire/ikev1/message.hpp"
#include "wire/ikev1/names.hpp"

namespace oakley::wire::ikev1 {

// "SA", "N(INITIAL_CONTACT)", "CPRQ(X_USER X_PWD)", "FRAG(2)", "UNKNOWN(15)".
std::string describe_payload(const Payload& p);
std::string describe_payloads(const std::vector<Payload>& payloads);
// "<exchange> <message id> [ ... ]"; an encrypted message shows "[ ENCRYPTED(<n> bytes) ]".
std::string describe_message(const Message& m);

}  // namespace oakley::wire::ikev1
