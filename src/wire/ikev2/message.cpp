#include "wire/ikev2/message.hpp"

#include <fmt/format.h>

#include "wire/generic_payload.hpp"
#include "wire/ikev2/names.hpp"
#include "wire/reader.hpp"
#include "wire/version.hpp"

namespace oakley::wire::ikev2 {

namespace {

constexpr int kInvalidSyntax = static_cast<int>(NotifyType::kInvalidSyntax);
constexpr std::size_t kLengthOffset = 24;

bool is_encrypted(PayloadType t) {
  return t == PayloadType::kSk || t == PayloadType::kSkf;
}

struct ChainContext {
  bool outer;               // a message's own chain (SK/SKF allowed last) or decrypted content
  std::size_t base_offset;  // added to offsets in error messages
};

Error payload_error(std::size_t index, std::uint8_t type, std::size_t offset,
                    const std::string& why) {
  return make_error(fmt::format("payload #{} ({}) at offset {}: {}", index,
                                payload_short_name(PayloadType{type}), offset, why),
                    kInvalidSyntax);
}

Status check_encrypted_position(const ChainContext& ctx, const Reader& r) {
  if (!ctx.outer) return make_error("encrypted payload inside encrypted content");
  if (!r.empty()) {
    return make_error(
        fmt::format("encrypted payload is not the last one ({} bytes follow)", r.remaining()));
  }
  return {};
}

Result<std::vector<Payload>> walk_chain(PayloadType first, ByteView data, const ChainContext& ctx) {
  std::vector<Payload> out;
  Reader r(data);
  auto type = static_cast<std::uint8_t>(first);
  while (type != 0) {
    std::size_t index = out.size() + 1;
    std::size_t offset = ctx.base_offset + r.offset();
    auto raw = read_generic_payload(r);
    if (!raw) return payload_error(index, type, offset, raw.error().message);
    if (is_encrypted(PayloadType{type})) {
      if (auto s = check_encrypted_position(ctx, r); !s) {
        return payload_error(index, type, offset, s.error().message);
      }
    }
    auto body = parse_payload_body(type, PayloadType{raw->next}, raw->body);
    if (!body) return payload_error(index, type, offset, body.error().message);
    out.push_back(Payload{std::move(*body), (raw->flags & kCriticalBit) != 0});
    type = is_encrypted(PayloadType{type}) ? 0 : raw->next;
  }
  if (!r.empty()) {
    return make_error(fmt::format("{} bytes after the last payload (offset {})", r.remaining(),
                                  ctx.base_offset + r.offset()),
                      kInvalidSyntax);
  }
  return out;
}

PayloadType next_type(const std::vector<Payload>& payloads, std::size_t i) {
  const Payload& p = payloads[i];
  if (const auto* sk = p.get<SkPayload>()) return sk->inner_next_payload;
  if (const auto* skf = p.get<SkfPayload>()) return skf->inner_next_payload;
  return i + 1 < payloads.size() ? payloads[i + 1].type() : PayloadType::kNone;
}

Status write_chain(Writer& w, const std::vector<Payload>& payloads, bool outer) {
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    const Payload& p = payloads[i];
    if (is_encrypted(p.type()) && (!outer || i + 1 != payloads.size())) {
      return make_error(fmt::format("{} payload must be the last payload of a message",
                                    payload_short_name(p.type())));
    }
    auto next = static_cast<std::uint8_t>(next_type(payloads, i));
    std::uint8_t flags = p.critical ? kCriticalBit : 0;
    write_with_header(w, next, flags, [&] { encode_payload_body(w, p.body); });
  }
  if (w.failed()) return make_error("a length or count does not fit its field");
  return {};
}

}  // namespace

Result<Message> parse_message(ByteView datagram) {
  auto header = peek_header(datagram);
  if (!header) return header.take_error();
  if (header->length != datagram.size()) {
    return make_error(fmt::format("IKEv2 header length {} differs from the datagram size {}",
                                  header->length, datagram.size()),
                      kInvalidSyntax);
  }
  auto payloads = walk_chain(header->next_payload, datagram.subspan(kIkeHeaderSize),
                             ChainContext{true, kIkeHeaderSize});
  if (!payloads) return payloads.take_error();
  return Message{*header, std::move(*payloads)};
}

Result<std::vector<Payload>> parse_payload_chain(PayloadType first, ByteView data) {
  return walk_chain(first, data, ChainContext{false, 0});
}

Result<Bytes> encode(const Message& m) {
  Writer w;
  Header h = m.header;
  h.next_payload = m.payloads.empty() ? PayloadType::kNone : m.payloads.front().type();
  h.length = 0;
  encode_header(w, h);
  if (auto s = write_chain(w, m.payloads, true); !s) return s.take_error();
  w.fill32(kLengthOffset, w.size());
  return w.take();
}

Result<EncodedChain> encode_payload_chain(const std::vector<Payload>& payloads) {
  Writer w;
  if (auto s = write_chain(w, payloads, false); !s) return s.take_error();
  EncodedChain out;
  out.first_type = payloads.empty() ? PayloadType::kNone : payloads.front().type();
  out.bytes = w.take();
  return out;
}

Result<std::size_t> encrypted_body_offset(ByteView message) {
  auto header = peek_header(message);
  if (!header) return header.take_error();
  Reader r(message.subspan(kIkeHeaderSize));
  auto type = header->next_payload;
  while (type != PayloadType::kNone) {
    std::size_t body_offset = kIkeHeaderSize + r.offset() + kGenericHeaderSize;
    if (type == PayloadType::kSkf) body_offset += kSkfFieldsSize;
    if (is_encrypted(type)) {
      if (body_offset > message.size()) return make_error("truncated SK/SKF", kInvalidSyntax);
      return body_offset;
    }
    auto raw = read_generic_payload(r);
    if (!raw) return make_error(raw.error().message, kInvalidSyntax);
    type = PayloadType{raw->next};
  }
  return make_error("no SK or SKF payload in the message", kInvalidSyntax);
}

}  // namespace oakley::wire::ikev2
