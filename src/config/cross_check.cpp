// Checks across sections, after everything is read.
#include <fmt/format.h>

#include <algorithm>

#include "config/loaders.hpp"

namespace oakley::config {

namespace {

void check_pools_exist(const Config& config, const Connection& c, ErrorList& errors) {
  for (const auto& name : c.pools) {
    if (config.find_pool(name)) continue;
    errors.add(c.location, fmt::format("connection '{}' uses pool '{}', which the pools section "
                                       "does not define (oakley has no DHCP or RADIUS pools)",
                                       c.name, name));
  }
}

void check_psk(const Config& config, const Connection& c, ErrorList& errors) {
  auto uses_psk = [](const std::vector<AuthRound>& rounds) {
    return std::any_of(rounds.begin(), rounds.end(),
                       [](const AuthRound& a) { return a.auth == AuthClass::kPsk; });
  };
  if (!uses_psk(c.local) && !uses_psk(c.remote)) return;
  bool any = std::any_of(config.secrets.begin(), config.secrets.end(),
                         [](const SharedSecret& s) { return s.type == SharedSecret::Type::kIke; });
  if (!any) {
    errors.add(c.location, fmt::format("connection '{}' authenticates with auth = psk, but the "
                                       "secrets section has no ike<suffix> secret",
                                       c.name));
  }
}

// A trap without one peer (remote_addrs %any, a subnet or a range) initiates to the destination
// of the packet that hit it, as charon does (both engines).
void check_start_actions(const Connection& c, ErrorList& errors) {
  if (c.can_initiate()) return;
  for (const auto& child : c.children) {
    if (child.start_action.start) {
      errors.add(child.location,
                 fmt::format("child '{}' of connection '{}' has start_action = start, which needs "
                             "one specific address or DNS name in remote_addrs to initiate to",
                             child.name, c.name));
    }
  }
}

void check_pool_overlaps(const Config& config, ErrorList& errors) {
  for (std::size_t i = 0; i < config.pools.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const Pool& a = config.pools[j];
      const Pool& b = config.pools[i];
      if (a.addrs.empty() || b.addrs.empty() || a.first.family() != b.first.family()) continue;
      if (b.first <= a.last && a.first <= b.last) {
        errors.add(b.location, fmt::format("pool '{}' ({}) overlaps pool '{}' ({}); pools must "
                                           "not overlap",
                                           b.name, b.addrs, a.name, a.addrs));
      }
    }
  }
}

}  // namespace

void cross_check(const Config& config, ErrorList& errors) {
  for (const auto& c : config.connections) {
    check_pools_exist(config, c, errors);
    check_psk(config, c, errors);
    check_start_actions(c, errors);
  }
  check_pool_overlaps(config, errors);
}

const Child* Connection::find_child(std::string_view child_name) const {
  for (const auto& c : children) {
    if (c.name == child_name) return &c;
  }
  return nullptr;
}

std::optional<IpAddress> Connection::remote_host() const {
  for (const auto& a : remote_addrs) {
    if (a.is_host()) return a.start;
  }
  return std::nullopt;
}

bool Connection::can_initiate() const {
  return std::any_of(remote_addrs.begin(), remote_addrs.end(),
                     [](const AddressSpec& a) { return a.is_host() || a.is_name(); });
}

bool Connection::has_dns_names() const {
  auto named = [](const AddressSpec& a) { return a.is_name(); };
  return std::any_of(local_addrs.begin(), local_addrs.end(), named) ||
         std::any_of(remote_addrs.begin(), remote_addrs.end(), named);
}

}  // namespace oakley::config
