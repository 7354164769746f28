#include "ikev1/phase1_proposals.hpp"

#include <fmt/format.h>

#include "ikev1/algorithm_map.hpp"
#include "wire/ikev1/names.hpp"

namespace oakley::ikev1 {

namespace w = wire::ikev1;
using A = w::Phase1Attribute;

namespace {

std::optional<std::uint16_t> base_auth_to_wire(AuthMethod m) {
  switch (m) {
    case AuthMethod::kPsk:
      return static_cast<std::uint16_t>(w::Phase1AuthMethod::kPreSharedKey);
    case AuthMethod::kRsaSig:
      return static_cast<std::uint16_t>(w::Phase1AuthMethod::kRsaSig);
    case AuthMethod::kEcdsa256:
      return static_cast<std::uint16_t>(w::Phase1AuthMethod::kEcdsaSha256);
    case AuthMethod::kEcdsa384:
      return static_cast<std::uint16_t>(w::Phase1AuthMethod::kEcdsaSha384);
    case AuthMethod::kEcdsa521:
      return static_cast<std::uint16_t>(w::Phase1AuthMethod::kEcdsaSha512);
  }
  return std::nullopt;
}

// The XAuth method numbers: PSK and RSA signatures only (the draft has none for ECDSA).
std::optional<std::uint16_t> auth_to_wire(AuthMethod m, XauthMode x) {
  if (x == XauthMode::kNone) return base_auth_to_wire(m);
  bool init = x == XauthMode::kInitiatorIsClient;
  if (m == AuthMethod::kPsk) {
    return static_cast<std::uint16_t>(init ? w::Phase1AuthMethod::kXauthInitPreShared
                                           : w::Phase1AuthMethod::kXauthRespPreShared);
  }
  if (m == AuthMethod::kRsaSig) {
    return static_cast<std::uint16_t>(init ? w::Phase1AuthMethod::kXauthInitRsa
                                           : w::Phase1AuthMethod::kXauthRespRsa);
  }
  return std::nullopt;
}

Result<std::pair<AuthMethod, XauthMode>> auth_from_wire(std::uint64_t v) {
  using M = w::Phase1AuthMethod;
  constexpr auto kNone = XauthMode::kNone;
  switch (static_cast<M>(v)) {
    case M::kPreSharedKey:
      return std::pair{AuthMethod::kPsk, kNone};
    case M::kRsaSig:
      return std::pair{AuthMethod::kRsaSig, kNone};
    case M::kEcdsaSha256:
      return std::pair{AuthMethod::kEcdsa256, kNone};
    case M::kEcdsaSha384:
      return std::pair{AuthMethod::kEcdsa384, kNone};
    case M::kEcdsaSha512:
      return std::pair{AuthMethod::kEcdsa521, kNone};
    case M::kXauthInitPreShared:
      return std::pair{AuthMethod::kPsk, XauthMode::kInitiatorIsClient};
    case M::kXauthRespPreShared:
      return std::pair{AuthMethod::kPsk, XauthMode::kResponderIsClient};
    case M::kXauthInitRsa:
      return std::pair{AuthMethod::kRsaSig, XauthMode::kInitiatorIsClient};
    case M::kXauthRespRsa:
      return std::pair{AuthMethod::kRsaSig, XauthMode::kResponderIsClient};
    default:
      return make_error(
          fmt::format("authentication method {} ({})", v, w::phase1_auth_method_name(M(v))));
  }
}

const config::Transform* first_of(const config::Proposal& p, TransformType t) {
  for (const auto& x : p.transforms) {
    if (x.type == t && !(t == TransformType::kDh && x.id == 0)) return &x;
  }
  return nullptr;
}

// One configured proposal as an IKEv1 transform, or why it cannot be one.
Result<Phase1Transform> from_config(const config::Proposal& p, AuthMethod auth, XauthMode xauth) {
  const auto* encr = first_of(p, TransformType::kEncr);
  const auto* integ = first_of(p, TransformType::kInteg);
  const auto* dh = first_of(p, TransformType::kDh);
  if (!encr || !phase1_encr_to_wire(static_cast<EncrId>(encr->id))) {
    return make_error(
        "IKEv1 Phase 1 needs AES-CBC, Camellia-CBC, 3DES, Blowfish, CAST or DES encryption");
  }
  if (auto st = legacy_allowed(static_cast<EncrId>(encr->id)); !st) return st.take_error();
  auto hash = integ ? hash_algorithms(static_cast<IntegId>(integ->id)) : std::nullopt;
  if (!hash) return make_error("IKEv1 Phase 1 needs an MD5, SHA1 or SHA2 hash (integrity)");
  if (!dh) return make_error("IKEv1 Phase 1 needs a DH group");
  if (!auth_to_wire(auth, xauth)) {
    return make_error(fmt::format("XAuth has no IKEv1 method number for {} (PSK and RSA only)",
                                  auth_method_name(auth)));
  }
  Phase1Transform t;
  t.auth = auth;
  t.xauth = xauth;
  t.proposal.protocol = ike::Protocol::kIke;
  t.proposal.transforms = {{TransformType::kEncr, encr->id, encr->key_bits},
                           {TransformType::kInteg, static_cast<std::uint16_t>(hash->integ), 0},
                           {TransformType::kPrf, static_cast<std::uint16_t>(hash->prf), 0},
                           {TransformType::kDh, dh->id, 0}};
  return t;
}

std::string attribute_text(const w::Transform& t) {
  std::string out;
  for (const auto& a : t.attributes) {
    if (!out.empty()) out += ' ';
    auto v = a.as_integer();
    out += fmt::format("{}={}", w::phase1_attribute_name(A(a.type)),
                       v ? fmt::format("{}", *v) : to_hex(a.raw_value()));
  }
  return out;
}

// Same algorithms and authentication: what the lifetime check comes after.
bool same_algorithms(const Phase1Transform& ours, const Phase1Transform& theirs) {
  if (ours.auth != theirs.auth || ours.xauth != theirs.xauth) return false;
  return ike::select_proposal({ours.proposal}, {theirs.proposal}, false).has_value();
}

}  // namespace

std::string describe(const Phase1Transform& t) {
  std::string out = ike::describe(t.proposal) + " " + std::string(auth_method_name(t.auth));
  if (t.xauth != XauthMode::kNone) {
    out += t.xauth == XauthMode::kInitiatorIsClient ? "+XAUTH(initiator)" : "+XAUTH(responder)";
  }
  if (t.life_seconds) out += fmt::format(" {}s", t.life_seconds);
  if (t.life_kilobytes) out += fmt::format(" {}kB", t.life_kilobytes);
  return out;
}

std::string describe(const std::vector<Phase1Transform>& ts) {
  std::string out;
  for (const auto& t : ts) {
    if (!out.empty()) out += ", ";
    out += describe(t);
  }
  return out.empty() ? "(none)" : out;
}

std::uint64_t phase1_lifetime(const config::Connection& conn) {
  auto base = conn.reauth_time.count() > 0 ? conn.reauth_time : conn.rekey_time;
  if (base.count() <= 0) return 0;
  return static_cast<std::uint64_t>((base + conn.over_time).count());
}

Phase1Offer phase1_offer(const config::Connection& conn, AuthMethod auth, XauthMode xauth,
                         std::optional<DhId> only_group) {
  Phase1Offer out;
  std::uint64_t life = phase1_lifetime(conn);
  for (const auto& p : conn.proposals) {
    auto t = from_config(p, auth, xauth);
    if (!t) {
      out.skipped.push_back(fmt::format("{}: {}", p.to_string(), t.error().message));
      continue;
    }
    t->life_seconds = life;
    auto group = t->proposal.first(TransformType::kDh);
    if (only_group && group && static_cast<DhId>(group->id) != *only_group) {
      out.skipped.push_back(fmt::format("{}: Aggressive Mode sends one KE, of group {}",
                                        p.to_string(), dh_name(*only_group)));
      continue;
    }
    out.transforms.push_back(std::move(*t));
  }
  return out;
}

w::Transform to_wire(const Phase1Transform& t, std::uint8_t number) {
  w::Transform out;
  out.number = number;
  out.id = w::kTransformKeyIke;
  auto encr = *t.proposal.first(TransformType::kEncr);
  auto integ = *t.proposal.first(TransformType::kInteg);
  auto dh = *t.proposal.first(TransformType::kDh);
  auto& a = out.attributes;
  a.push_back(wire::DataAttribute::integer(A::kEncryptionAlgorithm,
                                           *phase1_encr_to_wire(static_cast<EncrId>(encr.id))));
  if (encr.key_bits) a.push_back(wire::DataAttribute::integer(A::kKeyLength, encr.key_bits));
  a.push_back(wire::DataAttribute::integer(A::kHashAlgorithm,
                                           *phase1_hash_to_wire(static_cast<IntegId>(integ.id))));
  a.push_back(
      wire::DataAttribute::integer(A::kAuthenticationMethod, *auth_to_wire(t.auth, t.xauth)));
  a.push_back(wire::DataAttribute::integer(A::kGroupDescription, dh.id));
  if (t.life_seconds) {
    a.push_back(wire::DataAttribute::integer(A::kLifeType,
                                             static_cast<std::uint16_t>(w::LifeType::kSeconds)));
    a.push_back(wire::DataAttribute::integer(A::kLifeDuration, t.life_seconds));
  }
  if (t.life_kilobytes) {
    a.push_back(wire::DataAttribute::integer(A::kLifeType,
                                             static_cast<std::uint16_t>(w::LifeType::kKilobytes)));
    a.push_back(wire::DataAttribute::integer(A::kLifeDuration, t.life_kilobytes));
  }
  return out;
}

w::SaPayload phase1_sa_payload(const std::vector<Phase1Transform>& transforms) {
  w::Proposal p;
  p.number = 1;
  p.protocol = w::ProtocolId::kIsakmp;
  for (std::size_t i = 0; i < transforms.size(); ++i) {
    p.transforms.push_back(to_wire(transforms[i], static_cast<std::uint8_t>(i + 1)));
  }
  w::SaPayload sa;
  sa.proposals.push_back(std::move(p));
  return sa;
}

Result<Phase1Transform> parse_phase1_transform(const w::Transform& t) {
  auto fail = [&](const std::string& what) {
    return make_error(
        fmt::format("transform #{} [{}]: unsupported {}", t.number, attribute_text(t), what));
  };
  if (t.id != w::kTransformKeyIke) return fail(fmt::format("transform ID {}", t.id));
  Phase1Transform out;
  auto encr_v = t.attribute(A::kEncryptionAlgorithm);
  auto encr = encr_v ? phase1_encr_from_wire(static_cast<std::uint16_t>(*encr_v)) : std::nullopt;
  if (!encr) return fail("or missing encryption algorithm");
  auto hash_v = t.attribute(A::kHashAlgorithm);
  auto hash = hash_v ? phase1_hash_from_wire(static_cast<std::uint16_t>(*hash_v)) : std::nullopt;
  if (!hash) return fail("or missing hash algorithm");
  auto group = t.attribute(A::kGroupDescription);
  if (!group || *group > 0xffff) return fail("or missing DH group (only well-known groups)");
  if (t.attribute(A::kPrf)) return fail("PRF attribute (IKEv1 PRFs are not defined)");
  auto auth_v = t.attribute(A::kAuthenticationMethod);
  if (!auth_v) return fail("missing authentication method");
  auto auth = auth_from_wire(*auth_v);
  if (!auth) return fail(auth.error().message);
  out.auth = auth->first;
  out.xauth = auth->second;
  std::uint16_t bits = 0;
  if (has_key_length(*encr))
    bits = static_cast<std::uint16_t>(t.attribute(A::kKeyLength).value_or(128));
  out.proposal.protocol = ike::Protocol::kIke;
  out.proposal.number = t.number;
  out.proposal.transforms = {{TransformType::kEncr, static_cast<std::uint16_t>(*encr), bits},
                             {TransformType::kInteg, static_cast<std::uint16_t>(hash->integ), 0},
                             {TransformType::kPrf, static_cast<std::uint16_t>(hash->prf), 0},
                             {TransformType::kDh, static_cast<std::uint16_t>(*group), 0}};
  // Life type / duration come in pairs; the type applies to the duration after it.
  std::optional<std::uint64_t> type;
  for (const auto& a : t.attributes) {
    if (a.type == static_cast<std::uint16_t>(A::kLifeType)) type = a.as_integer();
    if (a.type != static_cast<std::uint16_t>(A::kLifeDuration) || !type) continue;
    auto v = a.as_integer().value_or(0);
    if (*type == static_cast<std::uint16_t>(w::LifeType::kSeconds)) out.life_seconds = v;
    if (*type == static_cast<std::uint16_t>(w::LifeType::kKilobytes)) out.life_kilobytes = v;
  }
  return out;
}

std::optional<Phase1Choice> select_phase1(const std::vector<Phase1Transform>& ours,
                                          const w::SaPayload& theirs, std::uint64_t our_lifetime,
                                          std::string* why_not,
                                          std::optional<DhId> required_group) {
  std::vector<std::pair<std::size_t, Phase1Transform>> offered;
  std::vector<std::string> unsupported;
  if (theirs.proposals.size() == 1) {
    const auto& ts = theirs.proposals.front().transforms;
    for (std::size_t i = 0; i < ts.size(); ++i) {
      auto t = parse_phase1_transform(ts[i]);
      if (t) {
        offered.emplace_back(i, std::move(*t));
      } else {
        unsupported.push_back(t.error().message);
      }
    }
  }
  std::vector<std::string> notes;
  for (const auto& mine : ours) {
    for (const auto& [index, peer] : offered) {
      if (!same_algorithms(mine, peer)) continue;
      auto group = static_cast<DhId>(peer.proposal.first(TransformType::kDh)->id);
      if (required_group && group != *required_group) {
        notes.push_back(fmt::format("transform #{} has group {} but the KE payload is {}",
                                    peer.proposal.number, dh_name(group),
                                    dh_name(*required_group)));
        continue;
      }
      // RFC 2409 leaves lifetimes to policy; a Phase 1 SA living longer than we allow is not
      // acceptable (unlike Quick Mode, Phase 1 has no way to tell the peer a lower value).
      if (our_lifetime && peer.life_seconds > our_lifetime) {
        notes.push_back(fmt::format("transform #{} lifetime {}s exceeds our {}s",
                                    peer.proposal.number, peer.life_seconds, our_lifetime));
        continue;
      }
      Phase1Choice c{index, peer};
      if (!c.chosen.life_seconds) c.chosen.life_seconds = our_lifetime;
      return c;
    }
  }
  if (why_not) {
    std::vector<Phase1Transform> peer_list;
    for (const auto& [i, t] : offered)
      peer_list.push_back(t);
    *why_not = fmt::format("no acceptable proposal: peer offered {}; we accept {}",
                           describe(peer_list), describe(ours));
    if (theirs.proposals.size() != 1) {
      *why_not +=
          fmt::format(" (peer sent {} ISAKMP proposals, expected one)", theirs.proposals.size());
    }
    for (const auto& n : notes)
      *why_not += "; " + n;
    for (const auto& u : unsupported)
      *why_not += "; " + u;
  }
  return std::nullopt;
}

Result<Phase1Transform> check_phase1_answer(const std::vector<Phase1Transform>& offered,
                                            const w::SaPayload& answer) {
  if (answer.proposals.size() != 1 || answer.proposals[0].transforms.size() != 1) {
    return make_error(fmt::format(
        "the responder must return exactly one proposal with one transform, got {} proposal(s)",
        answer.proposals.size()));
  }
  auto t = parse_phase1_transform(answer.proposals[0].transforms[0]);
  if (!t) return t.take_error();
  for (const auto& o : offered) {
    if (same_algorithms(o, *t) && (!o.life_seconds || t->life_seconds <= o.life_seconds)) {
      Phase1Transform chosen = *t;
      if (!chosen.life_seconds) chosen.life_seconds = o.life_seconds;
      return chosen;
    }
  }
  return make_error(fmt::format("the responder chose {}, which we did not offer (we offered {})",
                                describe(*t), describe(offered)));
}

}  // namespace oakley::ikev1
