#include "ikev1/esp_proposals.hpp"

#include <fmt/format.h>

#include <map>

#include "ikev1/algorithm_map.hpp"
#include "wire/ikev1/names.hpp"

namespace oakley::ikev1 {

namespace w = wire::ikev1;
using A = w::IpsecAttribute;
using Mode = w::EncapsulationMode;

namespace {

const config::Transform* first_of(const config::Proposal& p, TransformType t) {
  for (const auto& x : p.transforms) {
    if (x.type == t && !((t == TransformType::kDh || t == TransformType::kInteg) && x.id == 0)) {
      return &x;
    }
  }
  return nullptr;
}

Result<EspTransform> from_config(const config::Proposal& p) {
  const auto* encr = first_of(p, TransformType::kEncr);
  if (!encr || !esp_encr_to_wire(static_cast<EncrId>(encr->id))) {
    return make_error("encryption algorithm has no IKEv1 ESP transform ID");
  }
  if (auto st = legacy_allowed(static_cast<EncrId>(encr->id)); !st) return st.take_error();
  EspTransform t;
  t.proposal.protocol = ike::Protocol::kEsp;
  t.proposal.transforms.push_back({TransformType::kEncr, encr->id, encr->key_bits});
  if (const auto* integ = first_of(p, TransformType::kInteg)) {
    if (!esp_auth_to_wire(static_cast<IntegId>(integ->id))) {
      return make_error("integrity algorithm has no IKEv1 authentication algorithm number");
    }
    t.proposal.transforms.push_back({TransformType::kInteg, integ->id, 0});
  } else if (!is_aead(static_cast<EncrId>(encr->id))) {
    return make_error("a non-AEAD cipher needs an integrity algorithm");
  }
  if (const auto* dh = first_of(p, TransformType::kDh)) {
    t.proposal.transforms.push_back({TransformType::kDh, dh->id, 0});
  }
  const auto* esn = first_of(p, TransformType::kEsn);
  t.proposal.transforms.push_back({TransformType::kEsn, esn ? esn->id : std::uint16_t{0}, 0});
  return t;
}

std::uint16_t mode_to_wire(bool transport, bool udp) {
  if (udp)
    return static_cast<std::uint16_t>(transport ? Mode::kUdpEncapsulatedTransport
                                                : Mode::kUdpEncapsulatedTunnel);
  return static_cast<std::uint16_t>(transport ? Mode::kTransport : Mode::kTunnel);
}

Result<void> mode_from_wire(std::uint64_t v, EspTransform& t) {
  switch (static_cast<Mode>(v)) {
    case Mode::kTunnel:
      return {};
    case Mode::kTransport:
      t.transport = true;
      return {};
    case Mode::kUdpEncapsulatedTunnel:
    case Mode::kUdpEncapsulatedTunnelDraft:
      t.udp_encap = true;
      return {};
    case Mode::kUdpEncapsulatedTransport:
    case Mode::kUdpEncapsulatedTransportDraft:
      t.udp_encap = true;
      t.transport = true;
      return {};
  }
  return make_error(fmt::format("encapsulation mode {}", v));
}

std::string attribute_text(const w::Transform& t) {
  std::string out = fmt::format("{}", w::esp_transform_name(w::EspTransformId(t.id)));
  for (const auto& a : t.attributes) {
    auto v = a.as_integer();
    out += fmt::format(" {}={}", w::ipsec_attribute_name(A(a.type)),
                       v ? fmt::format("{}", *v) : to_hex(a.raw_value()));
  }
  return out;
}

Result<EspTransform> parse_esp_transform(const w::Proposal& p, const w::Transform& t) {
  auto fail = [&](const std::string& what) {
    return make_error(
        fmt::format("transform #{} [{}]: unsupported {}", t.number, attribute_text(t), what));
  };
  auto encr = esp_encr_from_wire(t.id);
  if (!encr) return fail("ESP transform");
  EspTransform out;
  out.proposal.number = p.number;
  out.proposal.protocol = ike::Protocol::kEsp;
  out.proposal.spi = p.spi;
  std::uint16_t bits = 0;
  if (has_key_length(*encr)) {
    bits = static_cast<std::uint16_t>(t.attribute(A::kKeyLength).value_or(128));
  }
  out.proposal.transforms.push_back(
      {TransformType::kEncr, static_cast<std::uint16_t>(*encr), bits});
  if (auto auth = t.attribute(A::kAuthenticationAlgorithm)) {
    auto integ = esp_auth_from_wire(static_cast<std::uint16_t>(*auth));
    if (!integ) return fail("authentication algorithm");
    out.proposal.transforms.push_back(
        {TransformType::kInteg, static_cast<std::uint16_t>(*integ), 0});
  } else if (!is_aead(*encr)) {
    return fail("cipher without an authentication algorithm");
  }
  if (auto group = t.attribute(A::kGroupDescription); group && *group != 0) {
    out.proposal.transforms.push_back({TransformType::kDh, static_cast<std::uint16_t>(*group), 0});
  }
  auto esn = t.attribute(A::kExtendedSequenceNumber).value_or(0);
  out.proposal.transforms.push_back({TransformType::kEsn, static_cast<std::uint16_t>(esn), 0});
  auto mode = mode_from_wire(t.attribute(A::kEncapsulationMode).value_or(1), out);
  if (!mode) return fail(mode.error().message);
  std::optional<std::uint64_t> type;
  for (const auto& a : t.attributes) {
    if (a.type == static_cast<std::uint16_t>(A::kSaLifeType)) type = a.as_integer();
    if (a.type != static_cast<std::uint16_t>(A::kSaLifeDuration) || !type) continue;
    auto v = a.as_integer().value_or(0);
    if (*type == static_cast<std::uint16_t>(w::LifeType::kSeconds)) out.life_seconds = v;
    if (*type == static_cast<std::uint16_t>(w::LifeType::kKilobytes)) out.life_kilobytes = v;
  }
  return out;
}

w::Transform to_wire(const EspTransform& t, std::uint8_t number) {
  w::Transform out;
  out.number = number;
  auto encr = *t.proposal.first(TransformType::kEncr);
  out.id = *esp_encr_to_wire(static_cast<EncrId>(encr.id));
  auto& a = out.attributes;
  if (t.life_seconds) {
    a.push_back(wire::DataAttribute::integer(A::kSaLifeType,
                                             static_cast<std::uint16_t>(w::LifeType::kSeconds)));
    a.push_back(wire::DataAttribute::integer(A::kSaLifeDuration, t.life_seconds));
  }
  if (t.life_kilobytes) {
    a.push_back(wire::DataAttribute::integer(A::kSaLifeType,
                                             static_cast<std::uint16_t>(w::LifeType::kKilobytes)));
    a.push_back(wire::DataAttribute::integer(A::kSaLifeDuration, t.life_kilobytes));
  }
  if (auto dh = t.proposal.first(TransformType::kDh); dh && dh->id) {
    a.push_back(wire::DataAttribute::integer(A::kGroupDescription, dh->id));
  }
  a.push_back(
      wire::DataAttribute::integer(A::kEncapsulationMode, mode_to_wire(t.transport, t.udp_encap)));
  if (auto integ = t.proposal.first(TransformType::kInteg); integ && integ->id) {
    a.push_back(wire::DataAttribute::integer(A::kAuthenticationAlgorithm,
                                             *esp_auth_to_wire(static_cast<IntegId>(integ->id))));
  }
  if (encr.key_bits) a.push_back(wire::DataAttribute::integer(A::kKeyLength, encr.key_bits));
  if (auto esn = t.proposal.first(TransformType::kEsn); esn && esn->id) {
    a.push_back(wire::DataAttribute::integer(A::kExtendedSequenceNumber, esn->id));
  }
  return out;
}

// Same algorithms (PFS group included: Quick Mode cannot negotiate it) and mode.
bool acceptable(const EspTransform& ours, const EspTransform& theirs) {
  if (ours.transport != theirs.transport) return false;
  return ike::select_proposal({ours.proposal}, {theirs.proposal}, false).has_value();
}

}  // namespace

std::vector<EspTransform> esp_transforms_of(const w::SaPayload& theirs) {
  std::vector<EspTransform> out;
  for (const auto& p : theirs.proposals) {
    if (p.protocol != w::ProtocolId::kEsp) continue;
    for (const auto& t : p.transforms) {
      if (auto parsed = parse_esp_transform(p, t)) out.push_back(std::move(*parsed));
    }
  }
  return out;
}

std::string describe(const EspTransform& t) {
  std::string out = ike::describe(t.proposal);
  out += t.transport ? " TRANSPORT" : " TUNNEL";
  if (t.udp_encap) out += "-in-UDP";
  if (t.life_seconds) out += fmt::format(" {}s", t.life_seconds);
  if (t.life_kilobytes) out += fmt::format(" {}kB", t.life_kilobytes);
  return out;
}

std::string describe(const std::vector<EspTransform>& ts) {
  std::string out;
  for (const auto& t : ts) {
    if (!out.empty()) out += ", ";
    out += describe(t);
  }
  return out.empty() ? "(none)" : out;
}

std::uint64_t child_life_seconds(const config::Child& child) {
  return static_cast<std::uint64_t>(std::max<std::int64_t>(child.life_time.count(), 0));
}

std::uint64_t child_life_kilobytes(const config::Child& child) {
  return child.life_bytes ? (child.life_bytes + 1023) / 1024 : 0;
}

EspOffer esp_offer(const config::Child& child, bool transport, bool udp_encap) {
  EspOffer out;
  for (const auto& p : child.esp_proposals) {
    auto t = from_config(p);
    if (!t) {
      out.skipped.push_back(fmt::format("{}: {}", p.to_string(), t.error().message));
      continue;
    }
    t->transport = transport;
    t->udp_encap = udp_encap;
    t->life_seconds = child_life_seconds(child);
    t->life_kilobytes = child_life_kilobytes(child);
    out.transforms.push_back(std::move(*t));
  }
  return out;
}

w::SaPayload esp_sa_payload(const std::vector<EspTransform>& transforms, std::uint32_t spi) {
  w::Proposal p;
  p.number = 1;
  p.protocol = w::ProtocolId::kEsp;
  put_be32(p.spi, spi);
  for (std::size_t i = 0; i < transforms.size(); ++i) {
    p.transforms.push_back(to_wire(transforms[i], static_cast<std::uint8_t>(i + 1)));
  }
  w::SaPayload sa;
  sa.proposals.push_back(std::move(p));
  return sa;
}

std::optional<EspChoice> select_esp(const std::vector<EspTransform>& ours,
                                    const w::SaPayload& theirs, std::string* why_not) {
  // Proposals sharing a number are one bundle (RFC 2408 4.2): only a lone ESP proposal is
  // something we can install.
  std::map<std::uint8_t, std::vector<std::size_t>> bundles;
  for (std::size_t i = 0; i < theirs.proposals.size(); ++i) {
    bundles[theirs.proposals[i].number].push_back(i);
  }
  std::vector<std::pair<std::pair<std::size_t, std::size_t>, EspTransform>> offered;
  std::vector<std::string> notes;
  for (const auto& [number, members] : bundles) {
    std::string protocols;
    for (auto i : members) {
      if (!protocols.empty()) protocols += "+";
      protocols += w::protocol_name(theirs.proposals[i].protocol);
    }
    if (members.size() != 1 || theirs.proposals[members[0]].protocol != w::ProtocolId::kEsp) {
      notes.push_back(fmt::format("proposal #{} ({}): only ESP is supported, AH and IPComp are not",
                                  number, protocols));
      continue;
    }
    const auto& p = theirs.proposals[members[0]];
    if (p.spi.size() != 4) {
      notes.push_back(fmt::format("proposal #{}: SPI of {} bytes", number, p.spi.size()));
      continue;
    }
    for (std::size_t t = 0; t < p.transforms.size(); ++t) {
      auto parsed = parse_esp_transform(p, p.transforms[t]);
      if (parsed) {
        offered.push_back({{members[0], t}, std::move(*parsed)});
      } else {
        notes.push_back(parsed.error().message);
      }
    }
  }
  for (const auto& mine : ours) {
    for (const auto& [where, peer] : offered) {
      if (acceptable(mine, peer)) return EspChoice{where.first, where.second, peer};
    }
  }
  if (why_not) {
    std::vector<EspTransform> peer_list;
    for (const auto& [where, t] : offered)
      peer_list.push_back(t);
    *why_not = fmt::format("no acceptable proposal: peer offered {}; we accept {}",
                           describe(peer_list), describe(ours));
    for (const auto& n : notes)
      *why_not += "; " + n;
  }
  return std::nullopt;
}

w::SaPayload esp_answer(const w::SaPayload& theirs, const EspChoice& choice,
                        std::uint32_t our_spi) {
  w::SaPayload out = theirs;
  w::Proposal p = theirs.proposals[choice.proposal_index];
  p.transforms = {p.transforms[choice.transform_index]};
  p.spi.clear();
  put_be32(p.spi, our_spi);
  out.proposals = {std::move(p)};
  return out;
}

Result<EspTransform> check_esp_answer(const std::vector<EspTransform>& offered,
                                      const w::SaPayload& answer) {
  if (answer.proposals.size() != 1 || answer.proposals[0].transforms.size() != 1) {
    return make_error(
        fmt::format("the responder must return one proposal with one transform, got {} proposal(s)",
                    answer.proposals.size()));
  }
  const auto& p = answer.proposals[0];
  if (p.protocol != w::ProtocolId::kEsp || p.spi.size() != 4) {
    return make_error(fmt::format("the responder answered {} with a {}-byte SPI, expected ESP",
                                  w::protocol_name(p.protocol), p.spi.size()));
  }
  auto t = parse_esp_transform(p, p.transforms[0]);
  if (!t) return t.take_error();
  for (const auto& o : offered) {
    if (acceptable(o, *t)) return *t;
  }
  return make_error(fmt::format("the responder chose {}, which we did not offer (we offered {})",
                                describe(*t), describe(offered)));
}

Bytes lifetime_attributes(std::uint64_t seconds, std::uint64_t kilobytes) {
  wire::Writer wr;
  std::vector<wire::DataAttribute> attrs;
  if (seconds) {
    attrs.push_back(wire::DataAttribute::integer(
        A::kSaLifeType, static_cast<std::uint16_t>(w::LifeType::kSeconds)));
    attrs.push_back(wire::DataAttribute::integer(A::kSaLifeDuration, seconds));
  }
  if (kilobytes) {
    attrs.push_back(wire::DataAttribute::integer(
        A::kSaLifeType, static_cast<std::uint16_t>(w::LifeType::kKilobytes)));
    attrs.push_back(wire::DataAttribute::integer(A::kSaLifeDuration, kilobytes));
  }
  wire::encode_data_attributes(wr, attrs);
  return wr.take();
}

void parse_lifetime_attributes(ByteView data, std::uint64_t& seconds, std::uint64_t& kilobytes) {
  auto attrs = wire::parse_data_attributes(data);
  if (!attrs) return;
  std::optional<std::uint64_t> type;
  for (const auto& a : *attrs) {
    if (a.type == static_cast<std::uint16_t>(A::kSaLifeType)) type = a.as_integer();
    if (a.type != static_cast<std::uint16_t>(A::kSaLifeDuration) || !type) continue;
    auto v = a.as_integer().value_or(0);
    if (*type == static_cast<std::uint16_t>(w::LifeType::kSeconds)) seconds = v;
    if (*type == static_cast<std::uint16_t>(w::LifeType::kKilobytes)) kilobytes = v;
  }
}

}  // namespace oakley::ikev1
