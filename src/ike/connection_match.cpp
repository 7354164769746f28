#include "ike/connection_match.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ike/address_match.hpp"

namespace oakley::ike {

namespace {

bool speaks(const config::Connection& c, config::IkeVersion version) {
  return c.version == config::IkeVersion::kAny || c.version == version;
}

// 0 when the connection does not fit; otherwise higher is better.
int address_fit(const config::Connection& c, const IpAddress& local, const IpAddress& remote,
                const HostNames* names) {
  int l = address_score(c.local_addrs, local, names);
  int r = address_score(c.remote_addrs, remote, names);
  return l == 0 || r == 0 ? 0 : l * 4 + r;
}

using Scored = std::vector<std::pair<int, const config::Connection*>>;

Scored score_all(const config::Config& config, config::IkeVersion version, const IpAddress& local,
                 const IpAddress& remote, const HostNames* names) {
  Scored scored;
  for (const auto& c : config.connections) {
    if (!speaks(c, version)) continue;
    if (int s = address_fit(c, local, remote, names)) scored.emplace_back(s, &c);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  return scored;
}

}  // namespace

std::vector<const config::Connection*> connections_by_address(const config::Config& config,
                                                              config::IkeVersion version,
                                                              const IpAddress& local,
                                                              const IpAddress& remote,
                                                              const HostNames* names) {
  std::vector<const config::Connection*> out;
  for (const auto& [score, c] : score_all(config, version, local, remote, names))
    out.push_back(c);
  return out;
}

// One pass, no sorting: every unauthenticated IKE_SA_INIT asks this. The first of the best
// wins, as in connections_by_address.
const config::Connection* best_by_address(const config::Config& config, config::IkeVersion version,
                                          const IpAddress& local, const IpAddress& remote,
                                          const HostNames* names) {
  const config::Connection* best = nullptr;
  int best_score = 0;
  for (const auto& c : config.connections) {
    int s = speaks(c, version) ? address_fit(c, local, remote, names) : 0;
    if (s > best_score) {
      best = &c;
      best_score = s;
    }
  }
  return best;
}

std::optional<std::string> remote_id_mismatch(const config::Connection& conn,
                                              const WireId& peer_id) {
  if (conn.remote.empty()) return std::nullopt;
  const auto& expected = conn.remote.front().id;
  if (id_matches(expected, peer_id)) return std::nullopt;
  return fmt::format("connection '{}' expects remote id '{}', peer is '{}'", conn.name,
                     expected.to_string(), from_wire(peer_id).to_string());
}

std::optional<std::string> local_id_mismatch(const config::Connection& conn,
                                             const WireId& wanted_local_id) {
  if (conn.local.empty()) return std::nullopt;
  const auto& ours = conn.local.front().id;
  if (ours.is_any() || id_matches(ours, wanted_local_id)) return std::nullopt;
  return fmt::format("connection '{}' has local id '{}', peer asked for '{}'", conn.name,
                     ours.to_string(), from_wire(wanted_local_id).to_string());
}

const config::Connection* best_by_identities(const config::Config& config,
                                             config::IkeVersion version, const IpAddress& local,
                                             const IpAddress& remote, const WireId& peer_id,
                                             const std::optional<WireId>& wanted_local_id,
                                             std::string* why, const HostNames* names) {
  const config::Connection* best = nullptr;
  int best_score = 0;
  std::optional<std::string> miss;
  // In the configuration's order, so that the miss reported is the first connection's.
  for (const auto& c : config.connections) {
    int fit = speaks(c, version) ? address_fit(c, local, remote, names) : 0;
    if (fit == 0 || c.remote.empty() || c.local.empty()) continue;
    auto wrong = remote_id_mismatch(c, peer_id);
    if (!wrong && wanted_local_id) wrong = local_id_mismatch(c, *wanted_local_id);
    if (wrong) {
      if (!miss) miss = std::move(wrong);
      continue;
    }
    int s = fit * 4 + id_specificity(c.remote.front().id);
    if (s > best_score) {
      best = &c;
      best_score = s;
    }
  }
  if (!best && why) *why = miss.value_or("no connection matches the addresses");
  return best;
}

bool accepts_ike_proposal(const config::Connection& connection, const Proposal& chosen) {
  return select_proposal(from_config(connection.proposals), {chosen}, false).has_value();
}

}  // namespace oakley::ike
