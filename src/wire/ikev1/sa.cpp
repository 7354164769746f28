#include "wire/ikev1/sa.hpp"

#include <fmt/format.h>

#include "wire/ikev1/errors.hpp"
#include "wire/reader.hpp"
#include "wire/substructures.hpp"

namespace oakley::wire::ikev1 {

namespace {

constexpr std::size_t kProposalMin = 8;
constexpr std::size_t kTransformMin = 8;

Error bad_syntax(const std::string& message) {
  return make_error(message, kBadProposalSyntax);
}

Result<Transform> parse_transform(ByteView body) {
  Reader r(body);  // split_substructures guarantees the 4 fixed bytes
  Transform t;
  t.number = r.u8();
  t.id = r.u8();
  r.skip(2);
  auto attrs = parse_data_attributes(r.rest());
  if (!attrs) return attrs.take_error();
  t.attributes = std::move(*attrs);
  return t;
}

Result<Proposal> parse_proposal(ByteView body) {
  Reader r(body);
  Proposal p;
  p.number = r.u8();
  p.protocol = ProtocolId{r.u8()};
  std::uint8_t spi_size = r.u8();
  std::uint8_t count = r.u8();
  if (auto s = r.need(spi_size, fmt::format("SPI of size {}", spi_size)); !s) {
    return s.take_error();
  }
  p.spi = r.copy(spi_size);
  auto bodies = split_substructures(r.rest(), kMoreTransforms, kTransformMin, "transform");
  if (!bodies) return bodies.take_error();
  for (std::size_t i = 0; i < bodies->size(); ++i) {
    auto t = parse_transform((*bodies)[i]);
    if (!t) return make_error(fmt::format("transform #{}: {}", i + 1, t.error().message));
    p.transforms.push_back(std::move(*t));
  }
  if (p.transforms.size() != count) {
    return make_error(
        fmt::format("announces {} transforms but holds {}", count, p.transforms.size()));
  }
  return p;
}

Status check_doi(const SaPayload& sa) {
  if (sa.doi != kDoiIpsec) {
    return make_error(fmt::format("DOI {} is not the IPsec DOI", sa.doi),
                      error_code(NotifyType::kDoiNotSupported));
  }
  if (sa.situation & (kSitSecrecy | kSitIntegrity)) {
    return make_error(fmt::format("situation {:#x} needs labeled domains", sa.situation),
                      error_code(NotifyType::kSituationNotSupported));
  }
  return {};
}

void encode_transform(Writer& w, const Transform& t) {
  w.u8(t.number);
  w.u8(t.id);
  w.u16(0);
  encode_data_attributes(w, t.attributes);
}

void encode_proposal(Writer& w, const Proposal& p) {
  w.u8(p.number);
  w.u8(static_cast<std::uint8_t>(p.protocol));
  w.count8(p.spi.size());
  w.count8(p.transforms.size());
  w.bytes(p.spi);
  write_substructures(w, p.transforms.size(), kMoreTransforms,
                      [&](std::size_t i) { encode_transform(w, p.transforms[i]); });
}

}  // namespace

Result<SaPayload> parse_sa(ByteView body) {
  Reader r(body);
  if (auto s = r.need(8, "DOI and situation"); !s) return s.take_error();
  SaPayload sa;
  sa.doi = r.u32();
  sa.situation = r.u32();
  if (auto s = check_doi(sa); !s) return s.take_error();
  auto bodies = split_substructures(r.rest(), kMoreProposals, kProposalMin, "proposal");
  if (!bodies) return bad_syntax(bodies.error().message);
  if (bodies->empty()) return bad_syntax("no proposal");
  for (std::size_t i = 0; i < bodies->size(); ++i) {
    auto p = parse_proposal((*bodies)[i]);
    if (!p) return bad_syntax(fmt::format("proposal #{}: {}", i + 1, p.error().message));
    sa.proposals.push_back(std::move(*p));
  }
  return sa;
}

void encode_sa(Writer& w, const SaPayload& sa) {
  w.u32(sa.doi);
  w.u32(sa.situation);
  write_substructures(w, sa.proposals.size(), kMoreProposals,
                      [&](std::size_t i) { encode_proposal(w, sa.proposals[i]); });
}

}  // namespace oakley::wire::ikev1
