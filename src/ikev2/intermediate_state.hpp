// What an IKE SA keeps between IKE_SA_INIT and IKE_AUTH for the additional key exchanges of
// RFC 9370, each done in an IKE_INTERMEDIATE exchange (RFC 9242): the exchanges still to do and
// the IntAuth chains that bind every IKE_INTERMEDIATE message into the AUTH payloads.
#pragma once

#include <cstdint>
#include <deque>

#include "common/algorithm_ids.hpp"
#include "common/bytes.hpp"
#include "wire/ikev2/message.hpp"

namespace oakley::ikev2 {

struct IntermediateState {
  std::deque<DhId> pending;  // additional key exchanges still to do, ADDKE1..7 order, no NONE
  int done = 0;              // IKE_INTERMEDIATE exchanges completed
  // IntAuth_iN and IntAuth_rN (RFC 9242 3.3.2); empty until the first exchange.
  Bytes int_auth_i, int_auth_r;
  // IntAuth_iN | IntAuth_rN | IKE_AUTH_MID, appended to both sides' signed octets in IKE_AUTH;
  // empty when no IKE_INTERMEDIATE took place, which leaves RFC 7296's AUTH unchanged.
  Bytes auth_octets;
  // The decrypted inner payloads of the last IKE_INTERMEDIATE message received, as they were on
  // the wire: IntAuth covers these bytes, not a re-encoding of what we parsed.
  wire::ikev2::EncodedChain received;
};

}  // namespace oakley::ikev2
