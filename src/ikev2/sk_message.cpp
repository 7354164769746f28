#include "ikev2/sk_message.hpp"

#include <algorithm>

namespace oakley::ikev2 {

namespace w = wire::ikev2;

namespace {

// Lays out the message with an all-zero body of the right size, then encrypts into it: the bytes
// before the body (header, SK/SKF header) are the AEAD associated data.
Result<Bytes> seal(SkCrypter& crypter, const w::Header& header, w::Payload outer, ByteView inner) {
  auto bytes = w::encode(w::Message{header, {std::move(outer)}});
  if (!bytes) return bytes.take_error();
  auto offset = w::encrypted_body_offset(*bytes);
  if (!offset) return offset.take_error();
  auto st = crypter.seal(*bytes, *offset, inner);
  if (!st) return st.take_error();
  return std::move(*bytes);
}

}  // namespace

Result<Bytes> seal_sk_message(SkCrypter& crypter, const w::Header& header,
                              w::PayloadType first_inner, ByteView inner) {
  w::SkPayload sk{first_inner, Bytes(crypter.body_size(inner.size()), 0)};
  return seal(crypter, header, w::Payload{std::move(sk), false}, inner);
}

Result<Bytes> seal_skf_message(SkCrypter& crypter, const w::Header& header,
                               w::PayloadType first_inner, std::uint16_t number,
                               std::uint16_t total, ByteView part) {
  w::SkfPayload skf;
  skf.inner_next_payload = first_inner;
  skf.fragment_number = number;
  skf.total_fragments = total;
  skf.body.assign(crypter.body_size(part.size()), 0);
  return seal(crypter, header, w::Payload{std::move(skf), false}, part);
}

Result<std::vector<Bytes>> seal_fragments(SkCrypter& crypter, const w::Header& header,
                                          const w::EncodedChain& inner, std::size_t max_packet) {
  constexpr std::size_t kFixed = 28 + 4 + w::kSkfFieldsSize;
  std::size_t overhead = kFixed + crypter.body_size(0);
  if (max_packet <= overhead + 16) return make_error("fragment_size too small");
  // Leave room for padding to a cipher block.
  std::size_t chunk = max_packet - overhead - 16;
  std::size_t total = (inner.bytes.size() + chunk - 1) / chunk;
  if (total > 0xffff) return make_error("message too large to fragment");
  std::vector<Bytes> out;
  for (std::size_t i = 0; i < total; ++i) {
    ByteView part =
        ByteView(inner.bytes).subspan(i * chunk, std::min(chunk, inner.bytes.size() - i * chunk));
    auto packet = seal_skf_message(
        crypter, header, i == 0 ? inner.first_type : w::PayloadType::kNone,
        static_cast<std::uint16_t>(i + 1), static_cast<std::uint16_t>(total), part);
    if (!packet) return packet.take_error();
    out.push_back(std::move(*packet));
  }
  return out;
}

}  // namespace oakley::ikev2
