#include "ikev1/diagnosis_offers.hpp"

#include <algorithm>

#include "ike/diagnosis/failures.hpp"

namespace oakley::ikev1 {

namespace diag = ike::diagnosis;
namespace w = wire::ikev1;

diag::Phase diagnosis_phase(w::ExchangeType type) {
  switch (type) {
    case w::ExchangeType::kIdentityProtection:
      return diag::Phase::kMainMode;
    case w::ExchangeType::kAggressive:
      return diag::Phase::kAggressiveMode;
    case w::ExchangeType::kQuickMode:
      return diag::Phase::kQuickMode;
    case w::ExchangeType::kInformational:
      return diag::Phase::kInformational;
    default:
      return diag::Phase::kUnknown;
  }
}

std::vector<diag::Offer> offers_of(const std::vector<Phase1Transform>& transforms) {
  std::vector<diag::Offer> out;
  for (const auto& t : transforms)
    out.push_back(
        diag::Offer{t.proposal, std::string(auth_method_name(t.auth)), t.life_seconds, {}});
  return out;
}

std::vector<diag::Offer> offers_of(const std::vector<EspTransform>& transforms) {
  std::vector<diag::Offer> out;
  for (const auto& t : transforms) {
    out.push_back(
        diag::Offer{t.proposal, {}, t.life_seconds, t.transport ? "TRANSPORT" : "TUNNEL"});
  }
  return out;
}

diag::Failure phase1_mismatch(diag::Phase phase, const std::vector<Phase1Transform>& ours,
                              const w::SaPayload& theirs, std::uint64_t our_lifetime) {
  std::vector<Phase1Transform> peer;
  for (const auto& p : theirs.proposals) {
    for (const auto& t : p.transforms) {
      if (auto parsed = parse_phase1_transform(t)) peer.push_back(std::move(*parsed));
    }
  }
  auto f = diag::proposal_mismatch(phase, false, offers_of(ours), offers_of(peer));
  f.we_initiated = false;
  f.our_lifetime = our_lifetime;
  for (const auto& t : peer) {
    if (t.life_seconds && (!f.peer_lifetime || t.life_seconds < f.peer_lifetime))
      f.peer_lifetime = t.life_seconds;
  }
  return f;
}

diag::Failure esp_mismatch(const std::vector<EspTransform>& ours, const w::SaPayload& theirs) {
  auto f = diag::proposal_mismatch(diag::Phase::kQuickMode, true, offers_of(ours),
                                   offers_of(esp_transforms_of(theirs)));
  f.we_initiated = false;
  return f;
}

diag::Failure proxy_id_mismatch(const config::Connection& conn, const IpAddress& local,
                                const IpAddress& remote, const ProxyIds& proposed) {
  ike::Selectors ours_local, ours_remote;
  auto add = [](ike::Selectors& to, const TrafficSelector& ts) {
    if (std::find(to.begin(), to.end(), ts) == to.end()) to.push_back(ts);
  };
  for (const auto& child : conn.children) {
    if (child.mode != config::ChildMode::kTunnel && child.mode != config::ChildMode::kTransport)
      continue;
    for (const auto& pair : selector_pairs(child, local, remote)) {
      add(ours_local, pair.local);
      add(ours_remote, pair.remote);
    }
  }
  // The initiator's proxy is its own side: the peer's local selector.
  auto f = diag::selector_mismatch(diag::Phase::kQuickMode, {proposed.initiator},
                                   {proposed.responder}, ours_local, ours_remote);
  f.we_initiated = false;
  return f;
}

}  // namespace oakley::ikev1
