// Informational exchanges (RFC 2408 4.8, RFC 2409 5.7): once Phase 1 is up they are encrypted and
// protected by HASH(1) = prf(SKEYID_a, M-ID | N/D); before that, error notifies travel in the
// clear and are believed only while the negotiation they name is still open. They carry DELETE
// (ISAKMP and IPsec SPIs), INITIAL-CONTACT, error notifies and DPD (dpd.hpp).
#pragma once

#include <cstdint>
#include <vector>

#include "ikev1/isakmp_sa.hpp"

namespace oakley::ikev1 {

class ExchangeContext;

wire::ikev1::Payload delete_isakmp_payload(const IsakmpSa& sa);
wire::ikev1::Payload delete_esp_payload(const std::vector<std::uint32_t>& spis);
// An error notify about a Quick Mode (protocol ESP with the initiator's SPI) or Phase 1.
wire::ikev1::Payload error_notify(wire::ikev1::NotifyType type, wire::ikev1::ProtocolId protocol,
                                  Bytes spi);

// The payloads of a received informational exchange. `authenticated`: it was encrypted with the
// SA's keys and its HASH verified.
void handle_informational(ExchangeContext& ctx, IsakmpSa& sa, const Payloads& payloads,
                          bool authenticated);

}  // namespace oakley::ikev1
