#include "wire/ikev1/message.hpp"

#include <fmt/format.h>

#include "wire/generic_payload.hpp"
#include "wire/ikev1/errors.hpp"
#include "wire/ikev1/names.hpp"
#include "wire/reader.hpp"
#include "wire/version.hpp"

namespace oakley::wire::ikev1 {

namespace {

constexpr std::size_t kLengthOffset = 24;
constexpr std::size_t kChainReserve = 4096;

Error payload_error(std::size_t index, std::uint8_t type, std::size_t offset, const Error& why) {
  return make_error(fmt::format("payload #{} ({}) at offset {}: {}", index,
                                payload_short_name(PayloadType{type}), offset, why.message),
                    why.code != 0 ? why.code : kPayloadMalformed);
}

// Walks the chain starting at `start` within `buffer`; offsets are relative to `buffer`.
Result<std::vector<Payload>> walk_chain(PayloadType first, ByteView buffer, std::size_t start) {
  std::vector<Payload> out;
  Reader r(buffer.subspan(start));
  auto type = static_cast<std::uint8_t>(first);
  while (type != 0) {
    std::size_t index = out.size() + 1;
    std::size_t offset = start + r.offset();
    auto raw = read_generic_payload(r);
    if (!raw) return payload_error(index, type, offset, raw.error());
    auto body = parse_payload_body(type, raw->body);
    if (!body) return payload_error(index, type, offset, body.error());
    out.push_back(
        Payload{std::move(*body), Bytes(raw->body.begin(), raw->body.end()), offset, raw->length});
    type = raw->next;
  }
  return out;
}

void write_chain(Writer& w, const std::vector<Payload>& payloads,
                 std::vector<std::size_t>* offsets) {
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    auto next = i + 1 < payloads.size() ? payloads[i + 1].type() : PayloadType::kNone;
    if (offsets) offsets->push_back(w.size());
    write_with_header(w, static_cast<std::uint8_t>(next), 0,
                      [&] { encode_payload_body(w, payloads[i].body); });
  }
}

Error unencodable() {
  return make_error("a length or count does not fit its field");
}

}  // namespace

Result<Message> parse_message(ByteView datagram) {
  auto header = peek_header(datagram);
  if (!header) return header.take_error();
  if (header->length > datagram.size()) {
    return make_error(fmt::format("ISAKMP header length {} exceeds the datagram size {}",
                                  header->length, datagram.size()),
                      error_code(NotifyType::kUnequalPayloadLengths));
  }
  ByteView message = datagram.first(header->length);
  Message m;
  m.header = *header;
  if (header->encrypted()) {
    if (message.size() == kIkeHeaderSize) {
      return make_error("encrypted message without a body", kPayloadMalformed);
    }
    auto body = message.subspan(kIkeHeaderSize);
    m.encrypted_body.assign(body.begin(), body.end());
    return m;
  }
  auto payloads = walk_chain(header->next_payload, message, kIkeHeaderSize);
  if (!payloads) return payloads.take_error();
  m.payloads = std::move(*payloads);
  return m;
}

Result<std::vector<Payload>> parse_payload_chain(PayloadType first, ByteView data) {
  return walk_chain(first, data, 0);
}

ByteView bytes_after(ByteView buffer, const std::vector<Payload>& payloads, std::size_t index) {
  if (index >= payloads.size()) return {};
  std::size_t from = payloads[index].offset + payloads[index].length;
  std::size_t to = payloads.back().offset + payloads.back().length;
  if (to > buffer.size() || from > to) return {};
  return buffer.subspan(from, to - from);
}

Result<Bytes> encode(const Message& m) {
  Writer w;
  Header h = m.header;
  h.length = 0;
  if (!h.encrypted()) {
    h.next_payload = m.payloads.empty() ? PayloadType::kNone : m.payloads.front().type();
  }
  encode_header(w, h);
  if (h.encrypted()) {
    w.bytes(m.encrypted_body);
  } else {
    write_chain(w, m.payloads, nullptr);
  }
  w.fill32(kLengthOffset, w.size());
  if (w.failed()) return unencodable();
  return w.take();
}

Result<EncodedChain> encode_payload_chain(const std::vector<Payload>& payloads) {
  Writer w;
  // The chain is the plaintext of an encrypted message (XAuth passwords among it): room for a
  // usual one up front, so growing does not leave copies in freed buffers. The caller wipes it
  // once encrypted.
  w.reserve(kChainReserve);
  EncodedChain out;
  write_chain(w, payloads, &out.offsets);
  if (w.failed()) return unencodable();
  out.first_type = payloads.empty() ? PayloadType::kNone : payloads.front().type();
  out.bytes = w.take();
  return out;
}

MutableByteView EncodedChain::body(std::size_t index) {
  if (index >= offsets.size()) return {};
  std::size_t end = index + 1 < offsets.size() ? offsets[index + 1] : bytes.size();
  std::size_t start = offsets[index] + kGenericHeaderSize;
  return MutableByteView(bytes).subspan(start, end - start);
}

ByteView EncodedChain::after(std::size_t index) const {
  if (index >= offsets.size()) return {};
  std::size_t start = index + 1 < offsets.size() ? offsets[index + 1] : bytes.size();
  return ByteView(bytes).subspan(start);
}

}  // namespace oakley::wire::ikev1
