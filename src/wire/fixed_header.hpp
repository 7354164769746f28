// The fixed header both IKE versions share (RFC 2408 3.1, RFC 7296 3.1), 28 bytes: two 8-byte SPIs
// (ISAKMP calls them cookies), next payload, major/minor version, exchange type, flags, message
// ID and length. Read and written once here; ikev1/header and ikev2/header give the fields their
// version's types and names.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/writer.hpp"

namespace oakley::wire {

struct FixedHeader {
  std::uint64_t spi_i = 0;
  std::uint64_t spi_r = 0;
  std::uint8_t next_payload = 0;
  std::uint8_t major_version = 0;
  std::uint8_t minor_version = 0;
  std::uint8_t exchange_type = 0;
  std::uint8_t flags = 0;
  std::uint32_t message_id = 0;
  std::uint32_t length = 0;
};

// How one version names a header in errors and which notify answers what.
struct HeaderRules {
  std::string_view name;   // "ISAKMP header", "IKEv2 header": the start of every error message
  std::uint8_t major = 0;  // the one major version accepted
  int malformed_code = 0;  // shorter than a header, or a length field below the header size
  int major_code = 0;      // another major version
};

// The header at the start of `datagram`; the length field is checked against the header size
// only (the message parsers compare it with the datagram).
Result<FixedHeader> read_fixed_header(ByteView datagram, const HeaderRules& rules);
void write_fixed_header(Writer& w, const FixedHeader& h);

}  // namespace oakley::wire
