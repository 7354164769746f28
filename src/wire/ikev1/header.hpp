// The ISAKMP header (RFC 2408 3.1).
#pragma once

#include <array>
#include <cstdint>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/ikev1/constants.hpp"
#include "wire/writer.hpp"

namespace oakley::wire::ikev1 {

// Cookies are the 8 wire bytes read as a big-endian number; cookie_bytes() gives them back.
struct Header {
  std::uint64_t initiator_cookie = 0;
  std::uint64_t responder_cookie = 0;
  // encode() sets it from the payloads, except for encrypted messages, where it is the type of
  // the first encrypted payload and must be given.
  PayloadType next_payload = PayloadType::kNone;
  std::uint8_t major_version = kMajorVersion;
  std::uint8_t minor_version = kMinorVersion;
  ExchangeType exchange_type = ExchangeType::kIdentityProtection;
  std::uint8_t flags = 0;  // kFlagEncryption | kFlagCommit | kFlagAuthOnly
  std::uint32_t message_id = 0;
  std::uint32_t length = 0;  // encode() sets it

  bool encrypted() const { return flags & kFlagEncryption; }
  bool commit() const { return flags & kFlagCommit; }
  bool auth_only() const { return flags & kFlagAuthOnly; }
  bool operator==(const Header&) const = default;
};

// Parses only the 28-byte header. Errors (Error::code): shorter than 28 bytes or a header length
// below 28 → PAYLOAD-MALFORMED (16); major version other than 1 → INVALID-MAJOR-VERSION (5).
// The minor version is not checked (peers send 1.0; RFC 2408 only says SHOULD).
Result<Header> peek_header(ByteView datagram);

void encode_header(Writer& w, const Header& h);

std::array<std::uint8_t, 8> cookie_bytes(std::uint64_t cookie);

}  // namespace oakley::wire::ikev1
