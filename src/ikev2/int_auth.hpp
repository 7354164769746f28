// The IntAuth values of RFC 9242 3.3.2, which make the AUTH payloads of IKE_AUTH cover every
// IKE_INTERMEDIATE message. Each direction has its chain:
//   IntAuth_i1 = prf(SK_pi, IntAuth_i1_A | IntAuth_i1_P)
//   IntAuth_iN = prf(SK_pi, IntAuth_i(N-1) | IntAuth_iN_A | IntAuth_iN_P)     (r: SK_pr)
// with the SK_p in use when the message was sent (the keys change after each exchange, RFC 9370
// 2.2.2), A = the IKE header and the SK payload header with both lengths as if the message were
// not encrypted (no IV, padding or ICV) and P = the inner payloads. A fragmented message counts as
// the unfragmented one. Both AUTH payloads then append IntAuth_iN | IntAuth_rN | IKE_AUTH_MID.
#pragma once

#include <cstdint>

#include "common/algorithm_ids.hpp"
#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/ikev2/message.hpp"

namespace oakley::ikev2 {

// The bytes A | P of one message: `header` as sent (SPIs, exchange, flags, message ID; its next
// payload and length are replaced), `inner` the plaintext inner payload chain.
Bytes int_auth_covered(const wire::ikev2::Header& header, const wire::ikev2::EncodedChain& inner);

// The next value of one chain: prf(sk_p, previous | covered); `previous` empty for the first.
Result<Bytes> next_int_auth(PrfId prf, ByteView sk_p, ByteView previous, ByteView covered);

// IntAuth_iN | IntAuth_rN | IKE_AUTH_MID (4 bytes, network order).
Bytes auth_int_auth(ByteView int_auth_i, ByteView int_auth_r, std::uint32_t ike_auth_mid);

}  // namespace oakley::ikev2
