// The IKEv2 header (RFC 7296 3.1).
#pragma once

#include <array>
#include <cstdint>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/ikev2/constants.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev2 {

// SPIs are the 8 wire bytes read as a big-endian number (printed "%016x" they read as on the
// wire); spi_bytes() gives the wire form back for key derivation.
struct Header {
  std::uint64_t initiator_spi = 0;
  std::uint64_t responder_spi = 0;
  PayloadType next_payload = PayloadType::kNone;  // encode() sets it from the payloads
  std::uint8_t major_version = kMajorVersion;
  std::uint8_t minor_version = kMinorVersion;
  ExchangeType exchange_type = ExchangeType::kIkeSaInit;
  std::uint8_t flags = 0;  // kFlagInitiator | kFlagResponse | kFlagVersion, reserved bits kept
  std::uint32_t message_id = 0;
  std::uint32_t length = 0;  // encode() sets it

  bool initiator() const { return flags & kFlagInitiator; }
  bool response() const { return flags & kFlagResponse; }
  bool higher_version() const { return flags & kFlagVersion; }
  bool operator==(const Header&) const = default;
};

// Parses only the 28-byte header (for v1/v2 dispatch, the response cache and SPI lookup).
// Errors: shorter than 28 bytes or a header length below 28 → INVALID_SYNTAX; major version
// other than 2 → INVALID_MAJOR_VERSION (Error::code is the notify to answer with).
Result<Header> peek_header(ByteView datagram);

// Writes the header as given (next_payload and length included).
void encode_header(Writer& w, const Header& h);

std::array<std::uint8_t, 8> spi_bytes(std::uint64_t spi);

}  // namespace oakley::wire::ikev2
