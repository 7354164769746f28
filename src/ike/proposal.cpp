#include "ike/proposal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace oakley::ike {
namespace {

constexpr std::array kTypes = {
    TransformType::kEncr,   TransformType::kPrf,    TransformType::kInteg,  TransformType::kDh,
    TransformType::kAddKe1, TransformType::kAddKe2, TransformType::kAddKe3, TransformType::kAddKe4,
    TransformType::kAddKe5, TransformType::kAddKe6, TransformType::kAddKe7, TransformType::kEsn};

// The DH group and the additional key exchanges (RFC 9370): NONE is a choice for these.
bool is_ke_type(TransformType t) {
  return t == TransformType::kDh || is_additional_ke(t);
}

std::string transform_name(const Transform& t) {
  switch (t.type) {
    case TransformType::kEncr: {
      std::string name{encr_name(static_cast<EncrId>(t.id))};
      if (name == "ENCR_UNKNOWN") name = fmt::format("ENCR_{}", t.id);
      return t.key_bits ? fmt::format("{}_{}", name, t.key_bits) : name;
    }
    case TransformType::kPrf: {
      std::string name{prf_name(static_cast<PrfId>(t.id))};
      return name == "PRF_UNKNOWN" ? fmt::format("PRF_{}", t.id) : name;
    }
    case TransformType::kInteg: {
      std::string name{integ_name(static_cast<IntegId>(t.id))};
      return name == "INTEG_UNKNOWN" ? fmt::format("INTEG_{}", t.id) : name;
    }
    case TransformType::kDh: {
      std::string name{dh_name(static_cast<DhId>(t.id))};
      return name == "DH_UNKNOWN" ? fmt::format("DH_{}", t.id) : name;
    }
    case TransformType::kEsn:
      return t.id ? "ESN" : "NO_EXT_SEQ";
    default:
      break;
  }
  if (is_additional_ke(t.type)) {
    std::string name = t.id ? std::string(dh_name(static_cast<DhId>(t.id))) : "NONE";
    if (name == "DH_UNKNOWN") name = fmt::format("DH_{}", t.id);
    return fmt::format("KE{}_{}", additional_ke_number(t.type), name);
  }
  return fmt::format("T{}_{}", static_cast<int>(t.type), t.id);
}

// A proposal's transforms of one type, minus NONE placeholders (integ NONE with AEAD, DH NONE).
std::vector<Transform> meaningful(const Proposal& p, TransformType t) {
  auto all = p.of_type(t);
  std::erase_if(all, [](const Transform& x) {
    return (x.type == TransformType::kInteg || is_ke_type(x.type)) && x.id == 0;
  });
  return all;
}

// For one type: the first of our transforms that the peer also lists. nullopt = no overlap;
// a Transform with id 0 and no type set means "neither side has this type".
std::optional<std::optional<Transform>> match_type(const Proposal& ours, const Proposal& theirs,
                                                   TransformType t) {
  auto mine = meaningful(ours, t);
  auto peer = meaningful(theirs, t);
  if (t == TransformType::kEsn) {
    // Absent ESN transform means "no ESN" (RFC 7296 3.3.3 makes it mandatory for ESP, but
    // be lenient on what IKE_SA proposals carry).
    if (mine.empty()) mine.push_back({TransformType::kEsn, 0, 0});
    if (peer.empty()) peer.push_back({TransformType::kEsn, 0, 0});
  }
  if (mine.empty() && peer.empty()) return std::optional<Transform>{};
  for (const auto& m : mine) {
    if (std::find(peer.begin(), peer.end(), m) != peer.end()) return std::optional<Transform>{m};
  }
  return std::nullopt;
}

// DH: NONE (id 0) is a choice too. Our list in order, where NONE (explicit as in
// "aes128gcm16-x25519-none", or implied by a proposal without DH) fits a peer proposal without a
// group or with NONE among its groups: PFS optional on either side, required where NONE is absent.
// The same holds for each additional key exchange type (RFC 9370 2.2.1: NONE makes it optional).
std::optional<std::optional<Transform>> match_dh(const Proposal& ours, const Proposal& theirs,
                                                 TransformType type) {
  auto peer = meaningful(theirs, type);
  auto all_peer = theirs.of_type(type);
  bool peer_allows_none = peer.empty() || peer.size() != all_peer.size();
  auto mine = ours.of_type(type);
  if (mine.empty()) mine.push_back({type, 0, 0});
  for (const auto& m : mine) {
    if (m.id == 0) {
      if (peer_allows_none) return std::optional<Transform>{};
      continue;
    }
    if (std::find(peer.begin(), peer.end(), m) != peer.end()) return std::optional<Transform>{m};
  }
  return std::nullopt;
}

std::optional<Proposal> match(const Proposal& ours, const Proposal& theirs, bool ignore_dh) {
  if (ours.protocol != theirs.protocol) return std::nullopt;
  Proposal chosen{theirs.number, theirs.protocol, theirs.spi, {}};
  for (auto t : kTypes) {
    if (ignore_dh && is_ke_type(t)) continue;
    auto m = is_ke_type(t) ? match_dh(ours, theirs, t) : match_type(ours, theirs, t);
    if (!m) return std::nullopt;
    if (*m && !(t == TransformType::kEsn && ours.protocol == Protocol::kIke)) {
      chosen.transforms.push_back(**m);
    }
  }
  return chosen;
}

}  // namespace

std::vector<Transform> Proposal::of_type(TransformType t) const {
  std::vector<Transform> out;
  for (const auto& x : transforms) {
    if (x.type == t) out.push_back(x);
  }
  return out;
}

std::optional<Transform> Proposal::first(TransformType t) const {
  for (const auto& x : transforms) {
    if (x.type == t) return x;
  }
  return std::nullopt;
}

std::vector<DhId> additional_kes(const Proposal& chosen) {
  std::vector<DhId> out;
  for (int n = 1; n <= kMaxAdditionalKe; ++n) {
    auto t = chosen.first(additional_ke(n));
    if (t && t->id != 0) out.push_back(static_cast<DhId>(t->id));
  }
  return out;
}

bool offers_additional_ke(const std::vector<Proposal>& ps) {
  return std::any_of(ps.begin(), ps.end(), [](const Proposal& p) {
    return std::any_of(p.transforms.begin(), p.transforms.end(),
                       [](const Transform& t) { return is_additional_ke(t.type) && t.id != 0; });
  });
}

std::string describe(const Transform& t) {
  return transform_name(t);
}

std::string describe(const Proposal& p) {
  std::string out;
  for (auto t : kTypes) {
    for (const auto& x : p.of_type(t)) {
      if (t == TransformType::kEsn && x.id == 0 && p.of_type(t).size() == 1) continue;
      if (!out.empty()) out += '/';
      out += transform_name(x);
    }
  }
  return out.empty() ? "(empty)" : out;
}

std::string describe(const std::vector<Proposal>& ps) {
  std::string out;
  for (const auto& p : ps) {
    if (!out.empty()) out += ", ";
    out += describe(p);
  }
  return out.empty() ? "(none)" : out;
}

std::optional<Proposal> select_proposal(const std::vector<Proposal>& ours,
                                        const std::vector<Proposal>& theirs, bool ignore_dh,
                                        std::string* why_not) {
  for (const auto& mine : ours) {
    for (const auto& peer : theirs) {
      if (auto chosen = match(mine, peer, ignore_dh)) return chosen;
    }
  }
  if (why_not) {
    *why_not = fmt::format("no common proposal: peer offered {}; we accept {}", describe(theirs),
                           describe(ours));
  }
  return std::nullopt;
}

bool is_valid_answer(const std::vector<Proposal>& offered, const Proposal& answer, bool ignore_dh) {
  for (auto t : kTypes) {
    if (answer.of_type(t).size() > 1) return false;
  }
  for (const auto& p : offered) {
    if (p.number != answer.number || p.protocol != answer.protocol) continue;
    Proposal single = answer;
    single.spi = p.spi;
    auto m = match(p, single, ignore_dh);
    if (!m) continue;
    // Every transform the responder returned must be one we offered (match() checked the
    // reverse direction per type).
    bool all_offered =
        std::all_of(answer.transforms.begin(), answer.transforms.end(), [&](const Transform& x) {
          if (x.id == 0 && (x.type == TransformType::kInteg || is_ke_type(x.type) ||
                            x.type == TransformType::kEsn)) {
            return true;
          }
          if (ignore_dh && is_ke_type(x.type)) return true;
          auto mine = p.of_type(x.type);
          return std::find(mine.begin(), mine.end(), x) != mine.end();
        });
    if (all_offered) return true;
  }
  return false;
}

}  // namespace oakley::ike

#include "config/proposal.hpp"

namespace oakley::ike {

std::vector<Proposal> from_config(const std::vector<config::Proposal>& configured) {
  std::vector<Proposal> out;
  std::uint8_t number = 1;
  for (const auto& c : configured) {
    Proposal p{number++, static_cast<Protocol>(c.protocol), {}, {}};
    for (const auto& t : c.transforms)
      p.transforms.push_back({t.type, t.id, t.key_bits});
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace oakley::ike
