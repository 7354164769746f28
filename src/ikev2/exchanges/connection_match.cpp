#include "ikev2/exchanges/connection_match.hpp"

#include <fmt/format.h>

#include "ike/address_match.hpp"

namespace oakley::ikev2 {

namespace {

bool speaks_ikev2(const config::Connection& c) {
  return c.version != config::IkeVersion::kIkev1;
}

int score(const config::Connection& c, const Endpoint& local, const Endpoint& remote,
          const ike::HostNames* names) {
  if (!speaks_ikev2(c)) return 0;
  int l = ike::address_score(c.local_addrs, local.address, names);
  int r = ike::address_score(c.remote_addrs, remote.address, names);
  if (l == 0 || r == 0) return 0;
  return l * 4 + r;
}

}  // namespace

const config::Connection* match_connection_by_address(const config::Config& config,
                                                      const Endpoint& local, const Endpoint& remote,
                                                      const ike::HostNames* names) {
  const config::Connection* best = nullptr;
  int best_score = 0;
  for (const auto& c : config.connections) {
    int s = score(c, local, remote, names);
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
                                                  std::string* why, const ike::HostNames* names) {
  const config::Connection* best = nullptr;
  int best_score = 0;
  std::string miss;
  for (const auto& c : config.connections) {
    int s = score(c, local, remote, names);
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
