#include "wire/version.hpp"

namespace oakley::wire {

std::optional<IkeVersion> peek_version(ByteView datagram) {
  constexpr std::size_t kVersionOffset = 17;
  if (datagram.size() < kIkeHeaderSize) return std::nullopt;
  std::uint8_t v = datagram[kVersionOffset];
  return IkeVersion{static_cast<std::uint8_t>(v >> 4), static_cast<std::uint8_t>(v & 0x0f)};
}

}  // namespace oakley::wire
