// Version peek for dispatch: port 500 carries both IKEv1 and IKEv2, told apart only by the major
// version nibble of the common 28-byte header (RFC 2408 3.1, RFC 7296 3.1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "common/bytes.hpp"

namespace oakley::wire {

// Both versions share the header size and the position of the version byte.
inline constexpr std::size_t kIkeHeaderSize = 28;

struct IkeVersion {
  std::uint8_t major = 0;
  std::uint8_t minor = 0;
  bool operator==(const IkeVersion&) const = default;
};

// The version of an IKE datagram (non-ESP marker already removed), or nullopt when it is shorter
// than a header. No other check: the version parsers validate the rest.
std::optional<IkeVersion> peek_version(ByteView datagram);

}  // namespace oakley::wire
