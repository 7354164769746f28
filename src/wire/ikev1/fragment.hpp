// The IKEv1 fragmentation payload (type 132, Cisco's scheme as also used by strongSwan): a whole
// ISAKMP message, header included, cut into numbered pieces that share a fragment ID; the piece
// with the LAST flag closes it. Reassembly is the IKE layer's.
#pragma once

#include <cstdint>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/ikev1/constants.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev1 {

struct FragmentPayload {
  std::uint16_t id = 0;
  std::uint8_t number = 1;  // from 1
  std::uint8_t flags = 0;   // kFragmentLast
  Bytes data{};

  bool last() const { return flags & kFragmentLast; }
  bool operator==(const FragmentPayload&) const = default;
};

// Fragment number 0 and empty fragments are errors.
Result<FragmentPayload> parse_fragment(ByteView body);
void encode_fragment(Writer& w, const FragmentPayload& f);

}  // namespace oakley::wire::ikev1
