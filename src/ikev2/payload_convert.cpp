#include "ikev2/payload_convert.hpp"

namespace oakley::ikev2 {

w::SaPayload to_sa_payload(const std::vector<ike::Proposal>& proposals) {
  w::SaPayload sa;
  for (const auto& p : proposals) {
    w::Proposal wp;
    wp.number = p.number;
    wp.protocol = static_cast<w::ProtocolId>(p.protocol);
    wp.spi = p.spi;
    for (const auto& t : p.transforms) {
      w::Transform wt{t.type, t.id, std::nullopt, {}};
      if (t.key_bits) wt.key_length = t.key_bits;
      wp.transforms.push_back(std::move(wt));
    }
    sa.proposals.push_back(std::move(wp));
  }
  return sa;
}

std::vector<ike::Proposal> from_sa_payload(const w::SaPayload& sa) {
  std::vector<ike::Proposal> out;
  for (const auto& wp : sa.proposals) {
    ike::Proposal p{wp.number, static_cast<ike::Protocol>(wp.protocol), wp.spi, {}};
    for (const auto& wt : wp.transforms) {
      // A transform with attributes we do not know cannot be accepted as we understand it
      // (RFC 7296 3.3.6): leave it out so it never matches.
      if (!wt.other_attributes.empty()) continue;
      p.transforms.push_back({wt.type, wt.id, wt.key_length.value_or(0)});
    }
    out.push_back(std::move(p));
  }
  return out;
}

w::TsPayload to_ts_payload(w::Side side, const ike::Selectors& selectors) {
  w::TsPayload ts{side, {}};
  for (const auto& s : selectors)
    ts.selectors.push_back(w::TsSelector::from_range(s));
  return ts;
}

ike::Selectors from_ts_payload(const w::TsPayload& ts) {
  ike::Selectors out;
  for (const auto& s : ts.selectors) {
    if (auto r = s.to_range()) out.push_back(*r);
  }
  return out;
}

w::IdPayload to_id_payload(w::Side side, const ike::WireId& id) {
  return w::IdPayload{side, static_cast<w::IdType>(id.type), id.data};
}

ike::WireId from_id_payload(const w::IdPayload& id) {
  return ike::WireId{static_cast<std::uint8_t>(id.id_type), id.data};
}

Bytes spi32_bytes(std::uint32_t spi) {
  Bytes b;
  put_be32(b, spi);
  return b;
}

std::optional<std::uint32_t> spi32_from(ByteView b) {
  if (b.size() != 4) return std::nullopt;
  return load_be32(b.data());
}

Bytes spi64_bytes(std::uint64_t spi) {
  Bytes b;
  put_be64(b, spi);
  return b;
}

}  // namespace oakley::ikev2
