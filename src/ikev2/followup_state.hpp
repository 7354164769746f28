// What an IKE SA keeps as responder between a CREATE_CHILD_SA that negotiated RFC 9370
// additional key exchanges and the last of their IKE_FOLLOWUP_KE exchanges
// (exchanges/followup_ke.hpp): at most one such chain per IKE SA.
#pragma once

#include <deque>
#include <functional>
#include <string>

#include "common/algorithm_ids.hpp"
#include "common/bytes.hpp"
#include "common/result.hpp"
#include "common/secret.hpp"
#include "common/timer_service.hpp"

namespace oakley::ikev2 {

class IkeSa;

// The one chain of IKE_FOLLOWUP_KE exchanges an IKE SA may have pending as responder.
struct FollowupResponder {
  std::string what;  // "IKE rekey", "CHILD_SA rekey", "CHILD_SA creation": for logs
  Bytes link;        // what the next request must carry
  std::deque<DhId> pending;
  int done = 0;
  SecretBytes secrets;  // SK(1) | ... so far
  TimerId timer = 0;
  // Once the last secret is known: creates the SA; an error is answered with NO_PROPOSAL_CHOSEN.
  std::function<Status(IkeSa&, const SecretBytes& secrets)> complete;
  // When the chain ends without completing: gives back what was reserved (an ESP SPI).
  std::function<void()> dropped;
};

}  // namespace oakley::ikev2
