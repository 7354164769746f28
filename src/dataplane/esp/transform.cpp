#include "dataplane/esp/transform.hpp"

#include <array>
#include <cstring>

namespace oakley::dataplane::esp {

namespace {

constexpr std::size_t kTrailerSize = 2;  // pad length + next header

// RFC 4106 5 / RFC 7634 2.1 / RFC 4543 3.3: AAD = SPI | [seq_hi] | seq_lo, and for GMAC the IV too.
struct Aad {
  std::array<std::uint8_t, 20> bytes{};
  std::size_t size = 0;
};

Aad make_aad(const EspCrypto& crypto, const std::uint8_t* header, std::uint64_t seq, bool esn,
             ByteView iv) {
  Aad aad;
  std::memcpy(aad.bytes.data(), header, 4);
  aad.size = 4;
  if (esn) {
    store_be32(aad.bytes.data() + aad.size, static_cast<std::uint32_t>(seq >> 32));
    aad.size += 4;
  }
  store_be32(aad.bytes.data() + aad.size, static_cast<std::uint32_t>(seq));
  aad.size += 4;
  if (crypto.is_gmac()) {
    std::memcpy(aad.bytes.data() + aad.size, iv.data(), iv.size());
    aad.size += iv.size();
  }
  return aad;
}

std::size_t padding_for(const EspCrypto& crypto, std::size_t payload) {
  const std::size_t align = crypto.pad_align();
  return (align - (payload + kTrailerSize) % align) % align;
}

// Payload || 1, 2, 3, ... || pad length || next header.
bool append_trailer(const EspCrypto& crypto, std::uint8_t next_header, PacketBuffer& packet) {
  const std::size_t pad = padding_for(crypto, packet.size());
  std::uint8_t* tail = packet.push_back(pad + kTrailerSize);
  if (tail == nullptr) return false;
  for (std::size_t i = 0; i < pad; ++i)
    tail[i] = static_cast<std::uint8_t>(i + 1);
  tail[pad] = static_cast<std::uint8_t>(pad);
  tail[pad + 1] = next_header;
  return true;
}

bool seal(EspCrypto& crypto, std::uint64_t seq, bool esn, std::uint8_t* header,
          MutableByteView body, MutableByteView icv) {
  const std::size_t iv_size = crypto.iv_size();
  ByteView iv{header + kEspHeaderSize, iv_size};
  MutableByteView payload = body.subspan(kEspHeaderSize + iv_size);
  if (crypto.is_aead()) {
    const Aad aad = make_aad(crypto, header, seq, esn, iv);
    return crypto.aead()->seal(iv, {aad.bytes.data(), aad.size}, payload, icv);
  }
  if (!crypto.cipher()->encrypt(iv, payload)) return false;
  if (crypto.integrity() != nullptr) {
    std::array<std::uint8_t, 4> seq_hi{};
    store_be32(seq_hi.data(), static_cast<std::uint32_t>(seq >> 32));
    crypto.integrity()->compute({body, esn ? ByteView(seq_hi) : ByteView()}, icv);
  }
  return true;
}

// Padding must read 1, 2, 3, ... (RFC 4303 2.4); anything else means a broken or hostile sender.
bool padding_ok(const std::uint8_t* pad, std::size_t length) {
  for (std::size_t i = 0; i < length; ++i)
    if (pad[i] != static_cast<std::uint8_t>(i + 1)) return false;
  return true;
}

DropReason open(EspCrypto& crypto, std::uint64_t seq, bool esn, MutableByteView packet,
                MutableByteView ciphertext, ByteView icv) {
  const ByteView iv = packet.subspan(kEspHeaderSize, crypto.iv_size());
  if (crypto.is_aead()) {
    const Aad aad = make_aad(crypto, packet.data(), seq, esn, iv);
    return crypto.aead()->open(iv, {aad.bytes.data(), aad.size}, ciphertext, icv)
               ? DropReason::kNone
               : DropReason::kAuthFailed;
  }
  if (ciphertext.size() % crypto.cipher()->block_size() != 0) return DropReason::kMalformed;
  if (crypto.integrity() != nullptr) {
    std::array<std::uint8_t, 4> seq_hi{};
    store_be32(seq_hi.data(), static_cast<std::uint32_t>(seq >> 32));
    const ByteView covered = packet.first(packet.size() - icv.size());
    if (!crypto.integrity()->verify({covered, esn ? ByteView(seq_hi) : ByteView()}, icv))
      return DropReason::kAuthFailed;
  }
  return crypto.cipher()->decrypt(iv, ciphertext) ? DropReason::kNone : DropReason::kCryptoError;
}

}  // namespace

std::optional<EspHeader> parse_esp_header(ByteView packet) {
  if (packet.size() < kEspHeaderSize) return std::nullopt;
  return EspHeader{load_be32(packet.data()), load_be32(packet.data() + 4)};
}

std::size_t esp_header_size(const EspCrypto& crypto) {
  return kEspHeaderSize + crypto.iv_size();
}

std::size_t esp_max_trailer_size(const EspCrypto& crypto) {
  return crypto.pad_align() - 1 + kTrailerSize + crypto.icv_size();
}

DropReason encapsulate(EspCrypto& crypto, std::uint32_t spi, std::uint64_t seq, bool esn,
                       ByteView iv, std::uint8_t next_header, PacketBuffer& packet) {
  if (packet.headroom() < esp_header_size(crypto) ||
      packet.tailroom() < esp_max_trailer_size(crypto))
    return DropReason::kTooBig;
  append_trailer(crypto, next_header, packet);
  return encapsulate_raw(crypto, spi, seq, esn, iv, packet);
}

DropReason encapsulate_raw(EspCrypto& crypto, std::uint32_t spi, std::uint64_t seq, bool esn,
                           ByteView iv, PacketBuffer& packet) {
  const std::size_t header_size = esp_header_size(crypto);
  if (iv.size() != crypto.iv_size()) return DropReason::kCryptoError;
  if (packet.headroom() < header_size || packet.tailroom() < crypto.icv_size())
    return DropReason::kTooBig;
  std::uint8_t* header = packet.push_front(header_size);
  store_be32(header, spi);
  store_be32(header + 4, static_cast<std::uint32_t>(seq));
  if (!iv.empty()) std::memcpy(header + kEspHeaderSize, iv.data(), iv.size());
  MutableByteView body = packet.view();
  std::uint8_t* icv = packet.push_back(crypto.icv_size());
  if (!seal(crypto, seq, esn, header, body, {icv, crypto.icv_size()}))
    return DropReason::kCryptoError;
  return DropReason::kNone;
}

DecapResult decapsulate(EspCrypto& crypto, bool esn, std::uint64_t seq, MutableByteView packet) {
  DecapResult r;
  const std::size_t head = esp_header_size(crypto);
  const std::size_t icv_size = crypto.icv_size();
  if (packet.size() < head + kTrailerSize + icv_size) {
    r.reason = DropReason::kMalformed;
    return r;
  }
  const ByteView icv = packet.last(icv_size);
  MutableByteView ciphertext = packet.subspan(head, packet.size() - head - icv_size);
  r.reason = open(crypto, seq, esn, packet, ciphertext, icv);
  if (!r.ok()) return r;
  const std::size_t n = ciphertext.size();
  r.next_header = ciphertext[n - 1];
  r.pad_length = ciphertext[n - 2];
  if (std::size_t{r.pad_length} + kTrailerSize > n ||
      !padding_ok(ciphertext.data() + n - kTrailerSize - r.pad_length, r.pad_length)) {
    r.reason = DropReason::kBadPadding;
    return r;
  }
  r.payload_offset = head;
  r.payload_length = n - kTrailerSize - r.pad_length;
  return r;
}

}  // namespace oakley::dataplane::esp
