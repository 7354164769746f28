#include "crafted.hpp"

#include "ikev2/sk_message.hpp"

namespace oakley::ikev2::testing {

namespace w = wire::ikev2;

w::Header crafted_header(const IkeSa& from, w::ExchangeType exchange, std::uint32_t message_id,
                         bool response) {
  w::Header h;
  h.initiator_spi = from.spi_i;
  h.responder_spi = from.spi_r;
  h.exchange_type = exchange;
  h.message_id = message_id;
  h.flags = static_cast<std::uint8_t>((from.original_initiator ? w::kFlagInitiator : 0) |
                                      (response ? w::kFlagResponse : 0));
  return h;
}

Bytes forged_ike_sa_init(std::uint64_t spi) {
  w::Message m;
  m.header.initiator_spi = spi;
  m.header.exchange_type = w::ExchangeType::kIkeSaInit;
  m.header.flags = w::kFlagInitiator;
  w::Proposal p;
  p.transforms = {w::Transform::encr(EncrId::kAesCbc, 256), w::Transform::prf(PrfId::kHmacSha256),
                  w::Transform::integ(IntegId::kHmacSha256_128), w::Transform::dh(DhId::kModp2048)};
  m.payloads.push_back(w::Payload{w::SaPayload{{p}}, false});
  m.payloads.push_back(w::Payload{w::KePayload{DhId::kModp2048, Bytes(256, 0x42)}, false});
  m.payloads.push_back(w::Payload{w::NoncePayload{Bytes(32, 0x17)}, false});
  auto bytes = w::encode(m);
  EXPECT_TRUE(bytes);
  return bytes ? *bytes : Bytes{};
}

Bytes crafted_sk(IkeSa& from, w::ExchangeType exchange, std::uint32_t message_id,
                 const Payloads& inner, bool response) {
  auto chain = w::encode_payload_chain(inner);
  EXPECT_TRUE(chain && from.crypter);
  if (!chain || !from.crypter) return {};
  auto bytes = seal_sk_message(*from.crypter, crafted_header(from, exchange, message_id, response),
                               chain->first_type, chain->bytes);
  EXPECT_TRUE(bytes);
  return bytes ? std::move(*bytes) : Bytes{};
}

Bytes crafted_skf(IkeSa& from, w::ExchangeType exchange, std::uint32_t message_id,
                  std::uint16_t number, std::uint16_t total, ByteView part,
                  w::PayloadType first_inner, bool response) {
  EXPECT_TRUE(from.crypter);
  if (!from.crypter) return {};
  auto bytes = seal_skf_message(*from.crypter, crafted_header(from, exchange, message_id, response),
                                first_inner, number, total, part);
  EXPECT_TRUE(bytes);
  return bytes ? std::move(*bytes) : Bytes{};
}

std::optional<Payloads> opened(IkeSa& by, ByteView packet) {
  auto msg = w::parse_message(packet);
  if (!msg || msg->payloads.empty() || !by.crypter) return std::nullopt;
  const auto* sk = msg->payloads.back().get<w::SkPayload>();
  auto offset = w::encrypted_body_offset(packet);
  if (!sk || !offset) return std::nullopt;
  auto plain = by.crypter->open(packet, *offset);
  if (!plain) return std::nullopt;
  auto inner = w::parse_payload_chain(sk->inner_next_payload, *plain);
  if (!inner) return std::nullopt;
  return std::move(*inner);
}

IkeSa* sole_sa(Engine& engine) {
  auto sas = engine.list_sas();
  if (sas.size() != 1) return nullptr;
  return engine.find_sa(sas.front().id);
}

void deliver(Peer& to, const Peer& from, ByteView packet, std::uint16_t port) {
  to.engine->on_packet(packet, Endpoint{to.address, port}, Endpoint{from.address, port});
}

}  // namespace oakley::ikev2::testing
