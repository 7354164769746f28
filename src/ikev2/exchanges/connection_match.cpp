#include "ikev2/exchanges/connection_match.hpp"

#include <fmt/format.h>

namespace oakley::ikev2 {

namespace {

// 0 = no match; higher = more specific.
int address_score(const std::vector<config::AddressSpec>& specs, const IpAddress& a) {
  if (specs.empty()) return 1;  // default %any
  int best = 0;
  for (const auto& s : specs) {
    if (s.kind == config::AddressSpec::Kind::kAny) {
      if (!s.family || *s.family == a.family()) best = std::max(best, 1);
    } else if (s.contains(a)) {
      best = std::max(best, s.kind == config::AddressSpec::Kind::kHost ? 3 : 2);
    }
  }
  return best;
}

bool speaks_ikev2(const config::Connection& c) {
  return c.version != config::IkeVersion::kIkev1;
}

int score(const config::Connection& c, const Endpoint& local, const Endpoint& remote) {
  if (!speaks_ikev2(c)) return 0;
  int l = address_score(c.local_addrs, local.address);
  int r = address_score(c.remote_addrs, remote.address);
  if (l == 0 || r == 0) return 0;
  return l * 4 + r;
}

}  // namespace

const config::Connection* match_connection_by_address(const config::Config& config,
                                                      const Endpoint& local,
                                                      const Endpoint& remote) {
  const config::Connection* best = nullptr;
  int best_score = 0;
  for (const auto& c : config.connections) {
    int s = score(c, local, remote);
    if (s > best_score) {
      best = &c;
      best_score = s;
    }
  }
  return best;
}

const config::Connection* match_connection_by_ids(const config::Config& config,
                                                  const Endpoint& local, const Endpoint& remote,
                                                  const ike::WireId& peer_id,
                                                  const std::optional<ike::WireId>& wanted_local_id,
                                                  std::string* why) {
  const config::Connection* best = nullptr;
  int best_score = 0;
  std::string miss;
  for (const auto& c : config.connections) {
    int s = score(c, local, remote);
    if (s == 0 || c.remote.empty() || c.local.empty()) continue;
    const auto& remote_id = c.remote.front().id;
    if (!ike::id_matches(remote_id, peer_id)) {
      if (miss.empty()) {
        miss = fmt::format("connection '{}' expects remote id '{}', peer is '{}'", c.name,
                           remote_id.to_string(), ike::from_wire(peer_id).to_string());
      }
      continue;
    }
    const auto& local_id = c.local.front().id;
    if (wanted_local_id && !local_id.is_any() && !ike::id_matches(local_id, *wanted_local_id)) {
      if (miss.empty()) {
        miss = fmt::format("connection '{}' has local id '{}', peer asked for '{}'", c.name,
                           local_id.to_string(), ike::from_wire(*wanted_local_id).to_string());
      }
      continue;
    }
    s = s * 4 + ike::id_specificity(remote_id);
    if (s > best_score) {
      best = &c;
      best_score = s;
    }
  }
  if (!best && why) *why = miss.empty() ? "no connection matches the addresses" : miss;
  return best;
}

bool accepts_ike_proposal(const config::Connection& connection, const ike::Proposal& chosen) {
  return ike::select_proposal(ike::from_config(connection.proposals), {chosen}, false).has_value();
}

}  // namespace oakley::ikev2
