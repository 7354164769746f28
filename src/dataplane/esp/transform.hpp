// RFC 4303 ESP packet transforms on one packet, in place: encapsulate (trailer, header, encrypt,
// ICV) and decapsulate (ICV, decrypt, trailer). Sequence numbers and replay state are the
// caller's (esp_sa.hpp); these functions only frame and protect.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "common/bytes.hpp"
#include "dataplane/counters.hpp"
#include "dataplane/esp/esp_crypto.hpp"
#include "dataplane/esp/packet_buffer.hpp"

namespace oakley::dataplane::esp {

inline constexpr std::size_t kEspHeaderSize = 8;  // SPI + sequence number

struct EspHeader {
  std::uint32_t spi = 0;
  std::uint32_t seq_lo = 0;
};
std::optional<EspHeader> parse_esp_header(ByteView packet);

// Bytes encapsulate() puts in front of the payload, and the most it appends behind it.
std::size_t esp_header_size(const EspCrypto& crypto);
std::size_t esp_max_trailer_size(const EspCrypto& crypto);

// Turns the packet's contents (tunnel mode: the inner IP packet; transport mode: what follows the
// IP header) into SPI | seq | IV | ciphertext | ICV. `iv` has crypto.iv_size() bytes; `seq` is the
// full sequence number (its high half goes into the ICV / AAD with ESN, RFC 4303 2.2.1).
// Returns kNone, kTooBig (no head/tailroom) or kCryptoError.
DropReason encapsulate(EspCrypto& crypto, std::uint32_t spi, std::uint64_t seq, bool esn,
                       ByteView iv, std::uint8_t next_header, PacketBuffer& packet);
// The same for contents that already end with an ESP trailer (padding, pad length, next
// header): frames and protects them as they are. Lets tests and the fuzz harness build validly
// protected packets with any trailer.
DropReason encapsulate_raw(EspCrypto& crypto, std::uint32_t spi, std::uint64_t seq, bool esn,
                           ByteView iv, PacketBuffer& packet);

struct DecapResult {
  DropReason reason = DropReason::kNone;
  std::uint8_t next_header = 0;
  std::uint8_t pad_length = 0;
  std::size_t payload_offset = 0;  // from the start of the ESP packet
  std::size_t payload_length = 0;
  bool ok() const { return reason == DropReason::kNone; }
};

// Verifies and decrypts an ESP packet (SPI .. ICV) in place. `seq` is the full sequence number
// (for ESN as the replay window inferred it). Checks the padding (1, 2, 3, ...).
DecapResult decapsulate(EspCrypto& crypto, bool esn, std::uint64_t seq, MutableByteView packet);

}  // namespace oakley::dataplane::esp
