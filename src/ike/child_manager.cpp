#include "ike/child_manager.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "common/log.hpp"
#include "crypto/random.hpp"

namespace oakley::ike {

namespace dp = dataplane;

namespace {

// The child name a reqid stands for: "net", "net#2" for the second selector pair (IKEv1).
std::string reqid_name(const config::Child& child, std::size_t pair_index) {
  return pair_index == 0 ? child.name : fmt::format("{}#{}", child.name, pair_index + 1);
}

}  // namespace

bool ChildManager::serves(const config::Connection& conn) const {
  bool v1 = conn.version == config::IkeVersion::kIkev1;
  return engine_ == config::IkeVersion::kIkev1 ? v1 : !v1;
}

Result<std::uint32_t> ChildManager::allocate_spi() {
  if (install_) return backend_.allocate_spi();
  std::uint32_t spi = 0;
  do {
    spi = crypto::random_u32();
  } while (spi < 256);
  return spi;
}

std::uint32_t ChildManager::reqid_for(const config::Connection& conn, const config::Child& child,
                                      std::size_t pair_index) {
  return reqids_.reqid_for(conn.name, reqid_name(child, pair_index),
                           pair_index == 0 ? child.reqid : 0);
}

std::uint32_t ChildManager::reqid_for_child(const config::Connection& conn,
                                            const config::Child& child, std::size_t pair_index,
                                            const Selectors& local_ts, const Selectors& remote_ts) {
  // A connection with many peers (remote_addrs %any): each negotiated selector set gets its own
  // reqid, or the newest peer's SA would carry every peer's outbound traffic.
  if (child.reqid || conn.can_initiate()) return reqid_for(conn, child, pair_index);
  return reqids_.reqid_for_selectors(conn.name, reqid_name(child, pair_index),
                                     describe(local_ts) + " === " + describe(remote_ts));
}

void ChildManager::uninstall(const ChildPlacement& child, bool outbound_installed,
                             bool policies_shared, const config::Connection* conn) {
  if (!install_) return;
  installer_.remove(child, outbound_installed, policies_shared);
  if (!policies_shared && outbound_installed && child.config && child.config->start_action.trap &&
      conn) {
    install_traps(*conn, *child.config);
  }
}

void ChildManager::install_traps(const config::Connection& conn, const config::Child& child) {
  if (!install_) return;
  installer_.install_traps(conn, child, reqid_for(conn, child));
}

void ChildManager::run_start_actions(
    const config::Config& config, const std::function<bool(const config::Connection&)>& has_ike_sa,
    const std::function<Status(const config::Connection&)>& initiate) {
  for (const auto& conn : config.connections) {
    if (!serves(conn)) continue;
    for (const auto& child : conn.children) {
      if (child.start_action.trap) install_traps(conn, child);
    }
    bool any_start = std::any_of(conn.children.begin(), conn.children.end(),
                                 [](const config::Child& c) { return c.start_action.start; });
    if (any_start && !has_ike_sa(conn)) {
      auto st = initiate(conn);
      if (!st) log::warn("ike", "start_action of '{}': {}", conn.name, st.error().message);
    }
  }
}

void ChildManager::route(const config::Config& config, const dp::Event& event,
                         const ChildEventHandlers& handlers) const {
  if (const auto* acq = std::get_if<dp::AcquireEvent>(&event)) {
    auto key = reqids_.lookup(acq->reqid);
    if (!key) return;
    const auto* conn = config.find_connection(key->first);
    if (!conn || !serves(*conn)) return;  // the other engine's
    handlers.acquire(*conn, key->second, *acq);
  } else if (const auto* soft = std::get_if<dp::SoftExpireEvent>(&event)) {
    handlers.rekey(soft->sa, "soft byte/packet limit reached");
  } else if (const auto* ovf = std::get_if<dp::SequenceOverflowEvent>(&event)) {
    handlers.rekey(ovf->sa, "sequence numbers running out");
  } else if (const auto* hard = std::get_if<dp::HardExpireEvent>(&event)) {
    handlers.hard_expire(hard->sa);
  }
}

}  // namespace oakley::ike
