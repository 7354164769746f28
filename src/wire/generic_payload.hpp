// The generic payload header both IKE versions share (RFC 2408 3.2, RFC 7296 3.2): next payload
// (1), flags/reserved (1), payload length (2) including these 4 bytes.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/reader.hpp"

namespace oakley::wire {

inline constexpr std::size_t kGenericHeaderSize = 4;

struct RawPayload {
  std::uint8_t next = 0;
  std::uint8_t flags = 0;  // IKEv2: bit 7 is the critical bit; IKEv1: reserved
  std::uint16_t length = 0;
  ByteView body;
};

// Reads one generic header and its body; the length must cover the header and fit the data.
Result<RawPayload> read_generic_payload(Reader& r);

}  // namespace oakley::wire
