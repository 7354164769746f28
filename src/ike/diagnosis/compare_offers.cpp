// Both sides' proposals side by side, one transform type at a time, as an operator compares a
// strongSwan proposal string with a Cisco crypto map: which types have something in common and
// which do not, PFS groups named as such, and IKEv1's authentication method and lifetime.
#include <fmt/format.h>

#include <algorithm>

#include "ike/diagnosis/rules.hpp"

namespace oakley::ike::diagnosis {

namespace {

struct TypeInfo {
  TransformType type;
  std::string_view name;
};

constexpr TypeInfo kTypes[] = {{TransformType::kEncr, "encryption"},
                               {TransformType::kInteg, "integrity"},
                               {TransformType::kPrf, "PRF"},
                               {TransformType::kDh, "DH group"},
                               {TransformType::kEsn, "ESN"}};

// The names of one type's transforms over all offers, in first-seen order; DH "NONE" (no PFS)
// counts as a value.
std::vector<std::string> values(const std::vector<Offer>& offers, TransformType type) {
  std::vector<std::string> out;
  for (const auto& o : offers) {
    for (const auto& t : o.proposal.of_type(type)) {
      auto name = describe(t);
      if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    }
  }
  return out;
}

// The values of a string attribute of the offers (authentication method, mode), first-seen order.
std::vector<std::string> attribute_values(const std::vector<Offer>& offers,
                                          std::string Offer::*attribute) {
  std::vector<std::string> out;
  for (const auto& o : offers) {
    const auto& v = o.*attribute;
    if (!v.empty() && std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  return out;
}

std::string list(const std::vector<std::string>& v) {
  if (v.empty()) return "none";
  std::string out;
  for (const auto& s : v)
    out += (out.empty() ? "" : ", ") + s;
  return out;
}

bool intersects(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& x : a) {
    if (std::find(b.begin(), b.end(), x) != b.end()) return true;
  }
  return false;
}

void compare_values(std::string_view name, const std::vector<std::string>& ours,
                    const std::vector<std::string>& theirs, Comparison& c) {
  if (ours.empty() && theirs.empty()) return;
  bool common = intersects(ours, theirs);
  c.lines.push_back(fmt::format("{}: we offer {}, the peer {}{}", name, list(ours), list(theirs),
                                common ? "" : ": nothing in common"));
  if (!common) c.mismatched.emplace_back(name);
}

bool has_group(const std::vector<std::string>& dh) {
  return std::any_of(dh.begin(), dh.end(), [](const std::string& g) { return g != "NONE"; });
}

// Same algorithms and method, different lifetime: what IKEv1 Phase 1 refuses (RFC 2409 leaves
// lifetimes to policy and Phase 1 has no RESPONDER-LIFETIME of its own to lower them).
bool lifetime_only(const std::vector<Offer>& ours, const std::vector<Offer>& theirs,
                   std::uint64_t our_lifetime) {
  if (!our_lifetime) return false;
  for (const auto& mine : ours) {
    for (const auto& peer : theirs) {
      if (mine.proposal.transforms == peer.proposal.transforms && mine.auth == peer.auth &&
          mine.mode == peer.mode && peer.life_seconds > our_lifetime)
        return true;
    }
  }
  return false;
}

}  // namespace

Comparison compare_offers(const std::vector<Offer>& ours, const std::vector<Offer>& theirs,
                          bool pfs, std::uint64_t our_lifetime) {
  Comparison c;
  for (const auto& t : kTypes) {
    auto mine = values(ours, t.type);
    auto peer = values(theirs, t.type);
    std::string_view name = t.type == TransformType::kDh && pfs ? "PFS group" : t.name;
    if (t.type == TransformType::kDh) {
      c.dh_missing_ours = has_group(peer) && !has_group(mine);
      c.dh_missing_theirs = has_group(mine) && !has_group(peer);
      // "no PFS" on one side reads better than an empty list.
      if (pfs && mine.empty()) mine.push_back("NONE");
      if (pfs && peer.empty()) peer.push_back("NONE");
    }
    compare_values(name, mine, peer, c);
  }
  compare_values("authentication", attribute_values(ours, &Offer::auth),
                 attribute_values(theirs, &Offer::auth), c);
  compare_values("mode", attribute_values(ours, &Offer::mode),
                 attribute_values(theirs, &Offer::mode), c);
  c.lifetime_only = c.mismatched.empty() && lifetime_only(ours, theirs, our_lifetime);
  return c;
}

}  // namespace oakley::ike::diagnosis
