// Payload bodies that ISAKMP (IKEv1) and IKEv2 lay out alike, read and written once for both. The
// version files keep their own typed payloads and add what differs: IKEv1's DOI field in front of
// Notify and Delete, the names in error messages, which SPI lists a Delete may carry.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/reader.hpp"
#include "wire/writer.hpp"

namespace oakley::wire {

// Notify (RFC 2408 3.14 after the DOI, RFC 7296 3.10): protocol(1), SPI size(1), notify type(2),
// the SPI, then notification data to the end of the body.
struct NotifyFields {
  std::uint8_t protocol = 0;
  std::uint16_t type = 0;
  Bytes spi;
  Bytes data;
};
Result<NotifyFields> read_notify_fields(Reader& r);
void write_notify_fields(Writer& w, std::uint8_t protocol, std::uint16_t type, ByteView spi,
                         ByteView data);

// Delete (RFC 2408 3.15 after the DOI, RFC 7296 3.11): protocol(1), SPI size(1), SPI count(2),
// then count SPIs of that size that fill the rest of the body exactly.
struct SpiList {
  std::uint8_t protocol = 0;
  std::uint8_t spi_size = 0;
  std::vector<Bytes> spis;
};
enum class EmptySpiList : std::uint8_t {
  kRefused,  // IKEv1: at least one SPI, of non-zero size
  kAllowed,  // IKEv2: no SPI at all deletes the IKE SA; SPIs of size 0 are still refused
};
Result<SpiList> read_spi_list(Reader& r, EmptySpiList empty);
// Fails the writer when an SPI does not have `spi_size` bytes.
void write_spi_list(Writer& w, std::uint8_t protocol, std::uint8_t spi_size,
                    const std::vector<Bytes>& spis);

// CERT and CERTREQ (RFC 2408 3.9/3.10, RFC 7296 3.6/3.7): an encoding octet, then opaque data
// (the certificate; the certificate authorities). `what` names the octet in errors.
struct EncodedData {
  std::uint8_t encoding = 0;
  Bytes data;
};
Result<EncodedData> read_encoded_data(ByteView body, std::string_view what);
void write_encoded_data(Writer& w, std::uint8_t encoding, ByteView data);

}  // namespace oakley::wire
