#include "wire/ikev2/sa.hpp"

#include <fmt/format.h>

#include "wire/reader.hpp"
#include "wire/substructures.hpp"

namespace oakley::wire::ikev2 {

namespace {

constexpr std::size_t kProposalMin = 8;
constexpr std::size_t kTransformMin = 8;

Result<Transform> parse_transform(ByteView body) {
  Reader r(body);  // split_substructures guarantees the 4 fixed bytes
  Transform t;
  t.type = TransformType{r.u8()};
  r.skip(1);
  t.id = r.u16();
  auto attrs = parse_data_attributes(r.rest());
  if (!attrs) return attrs.take_error();
  for (auto& a : *attrs) {
    if (a.type == kAttrKeyLength && a.is_basic() && !t.key_length) {
      t.key_length = std::get<std::uint16_t>(a.value);
    } else {
      t.other_attributes.push_back(std::move(a));
    }
  }
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

void encode_transform(Writer& w, const Transform& t) {
  w.u8(static_cast<std::uint8_t>(t.type));
  w.u8(0);
  w.u16(t.id);
  if (t.key_length) encode_data_attribute(w, DataAttribute::basic(kAttrKeyLength, *t.key_length));
  encode_data_attributes(w, t.other_attributes);
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
  auto bodies = split_substructures(body, kMoreProposals, kProposalMin, "proposal");
  if (!bodies) return bodies.take_error();
  if (bodies->empty()) return make_error("no proposal");
  SaPayload sa;
  for (std::size_t i = 0; i < bodies->size(); ++i) {
    auto p = parse_proposal((*bodies)[i]);
    if (!p) return make_error(fmt::format("proposal #{}: {}", i + 1, p.error().message));
    sa.proposals.push_back(std::move(*p));
  }
  return sa;
}

void encode_sa(Writer& w, const SaPayload& sa) {
  write_substructures(w, sa.proposals.size(), kMoreProposals,
                      [&](std::size_t i) { encode_proposal(w, sa.proposals[i]); });
}

}  // namespace oakley::wire::ikev2
