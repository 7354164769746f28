// Translations between the engine's protocol-neutral values (proposals, selectors, identities)
// and IKEv2 payloads.
#pragma once

#include <vector>

#include "ike/identity.hpp"
#include "ike/proposal.hpp"
#include "ike/traffic_selectors.hpp"
#include "wire/ikev2/payload.hpp"

namespace oakley::ikev2 {

namespace w = wire::ikev2;

w::SaPayload to_sa_payload(const std::vector<ike::Proposal>& proposals);
std::vector<ike::Proposal> from_sa_payload(const w::SaPayload& sa);

w::TsPayload to_ts_payload(w::Side side, const ike::Selectors& selectors);
// Range selectors only; other types (security labels) are skipped.
ike::Selectors from_ts_payload(const w::TsPayload& ts);

w::IdPayload to_id_payload(w::Side side, const ike::WireId& id);
ike::WireId from_id_payload(const w::IdPayload& id);

// SPIs as they go into proposals, Notify and Delete payloads.
Bytes spi32_bytes(std::uint32_t spi);
std::optional<std::uint32_t> spi32_from(ByteView b);
Bytes spi64_bytes(std::uint64_t spi);

}  // namespace oakley::ikev2
