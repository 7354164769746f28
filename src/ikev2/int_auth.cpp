#include "ikev2/int_auth.hpp"

#include "crypto/prf.hpp"
#include "wire/ikev2/header.hpp"
#include "wire/writer.hpp"

namespace oakley::ikev2 {

namespace w = wire::ikev2;

namespace {
constexpr std::size_t kHeaderSize = 28;
constexpr std::size_t kPayloadHeaderSize = 4;
}  // namespace

Bytes int_auth_covered(const w::Header& header, const w::EncodedChain& inner) {
  w::Header h = header;
  h.next_payload = w::PayloadType::kSk;
  h.length = static_cast<std::uint32_t>(kHeaderSize + kPayloadHeaderSize + inner.bytes.size());
  wire::Writer out;
  w::encode_header(out, h);
  out.u8(static_cast<std::uint8_t>(inner.first_type));
  out.u8(0);  // critical bit and reserved: the SK payload is never sent critical
  out.u16(static_cast<std::uint16_t>(kPayloadHeaderSize + inner.bytes.size()));
  out.bytes(inner.bytes);
  return out.take();
}

Result<Bytes> next_int_auth(PrfId prf, ByteView sk_p, ByteView previous, ByteView covered) {
  auto keyed = crypto::KeyedPrf::create(prf, sk_p);
  if (!keyed) return keyed.take_error();
  SecretBytes mac = keyed->compute({previous, covered});
  return Bytes(mac.view().begin(), mac.view().end());
}

Bytes auth_int_auth(ByteView int_auth_i, ByteView int_auth_r, std::uint32_t ike_auth_mid) {
  Bytes out(int_auth_i.begin(), int_auth_i.end());
  out.insert(out.end(), int_auth_r.begin(), int_auth_r.end());
  put_be32(out, ike_auth_mid);
  return out;
}

}  // namespace oakley::ikev2
