// Messages a scripted (or hostile) peer sends under an IKE SA's real keys: the tests take the keys
// from one engine's SA and hand the result straight to the other engine, so they can say exactly
// what the attacker sends (fragment numbers and totals, message IDs, payloads) without a second
// implementation of the protocol.
#pragma once

#include "ikev2/engine.hpp"
#include "two_engines.hpp"

namespace oakley::ikev2::testing {

// A header for a message `from` sends (its role decides the I flag).
wire::ikev2::Header crafted_header(const IkeSa& from, wire::ikev2::ExchangeType exchange,
                                   std::uint32_t message_id, bool response = false);
// One SK message around `inner`, encrypted with from's keys.
Bytes crafted_sk(IkeSa& from, wire::ikev2::ExchangeType exchange, std::uint32_t message_id,
                 const Payloads& inner, bool response = false);
// One SKF fragment carrying `part` (raw inner bytes), encrypted with from's keys.
Bytes crafted_skf(IkeSa& from, wire::ikev2::ExchangeType exchange, std::uint32_t message_id,
                  std::uint16_t number, std::uint16_t total, ByteView part,
                  wire::ikev2::PayloadType first_inner = wire::ikev2::PayloadType::kNone,
                  bool response = false);

// What `by` reads in `packet` (an SK message sealed with the other side's keys): the inner
// payloads, or nullopt when it does not decrypt or parse.
std::optional<Payloads> opened(IkeSa& by, ByteView packet);

// An IKE_SA_INIT request anyone could send (no SA behind it): initiator SPI `spi`, one IKE
// proposal AES_CBC_256/HMAC_SHA2_256/PRF_HMAC_SHA2_256/MODP_2048 (which the test configurations'
// AEAD proposals do not accept), a KE of that group and a nonce.
Bytes forged_ike_sa_init(std::uint64_t spi);

// The live IKE SA of an engine that has exactly one (nullptr otherwise).
IkeSa* sole_sa(Engine& engine);

// Hands `packet` to `to` as if it came from the other side of the standard test network.
void deliver(Peer& to, const Peer& from, ByteView packet, std::uint16_t port = 500);

}  // namespace oakley::ikev2::testing
