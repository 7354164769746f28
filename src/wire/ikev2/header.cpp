#include "wire/ikev2/header.hpp"

#include <fmt/format.h>

#include "wire/reader.hpp"
#include "wire/version.hpp"

namespace oakley::wire::ikev2 {

namespace {
constexpr int kInvalidSyntax = static_cast<int>(NotifyType::kInvalidSyntax);
constexpr int kInvalidMajor = static_cast<int>(NotifyType::kInvalidMajorVersion);
}  // namespace

Result<Header> peek_header(ByteView datagram) {
  Reader r(datagram);
  if (auto s = r.need(kIkeHeaderSize, "IKEv2 header"); !s) {
    return make_error(s.error().message, kInvalidSyntax);
  }
  Header h;
  h.initiator_spi = r.u64();
  h.responder_spi = r.u64();
  h.next_payload = PayloadType{r.u8()};
  std::uint8_t version = r.u8();
  h.major_version = version >> 4;
  h.minor_version = version & 0x0f;
  h.exchange_type = ExchangeType{r.u8()};
  h.flags = r.u8();
  h.message_id = r.u32();
  h.length = r.u32();
  if (h.major_version != kMajorVersion) {
    return make_error(
        fmt::format("IKEv2 header: major version {} (expected {})", h.major_version, kMajorVersion),
        kInvalidMajor);
  }
  if (h.length < kIkeHeaderSize) {
    return make_error(fmt::format("IKEv2 header: length {} is shorter than the header", h.length),
                      kInvalidSyntax);
  }
  return h;
}

void encode_header(Writer& w, const Header& h) {
  w.u64(h.initiator_spi);
  w.u64(h.responder_spi);
  w.u8(static_cast<std::uint8_t>(h.next_payload));
  w.u8(static_cast<std::uint8_t>((h.major_version << 4) | (h.minor_version & 0x0f)));
  w.u8(static_cast<std::uint8_t>(h.exchange_type));
  w.u8(h.flags);
  w.u32(h.message_id);
  w.u32(h.length);
}

std::array<std::uint8_t, 8> spi_bytes(std::uint64_t spi) {
  std::array<std::uint8_t, 8> out{};
  store_be64(out.data(), spi);
  return out;
}

}  // namespace oakley::wire::ikev2
