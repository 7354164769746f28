// What both engines do with their CHILD_SAs apart from negotiating them: SPIs and reqids, the
// hand-off to the data plane (ChildInstaller), trap policies, start actions, and which
// data-plane events are whose. It keeps no SA: each engine has its own table, finds its
// children there and passes them in; what differs per version (IKEv1 selector pairs and
// lifetimes, IKEv2 rekey collisions) stays in the engine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "common/result.hpp"
#include "config/config.hpp"
#include "config/connection.hpp"
#include "dataplane/backend.hpp"
#include "ike/child_installer.hpp"
#include "ike/key_log.hpp"
#include "ike/reqid_allocator.hpp"
#include "ike/traffic_selectors.hpp"

namespace oakley::ike {

// How an engine answers the data plane's events about its children (ChildManager::route).
struct ChildEventHandlers {
  // Traffic hit a trap policy of `conn`, which this engine serves; `reqid_child` is the child
  // name the reqid was allocated under (IKEv1: "net#2" for the child's second selector pair).
  std::function<void(const config::Connection& conn, const std::string& reqid_child,
                     const dataplane::AcquireEvent& acquire)>
      acquire;
  // A soft limit or the sequence numbers ran out: rekey the child of that SA, if installed.
  std::function<void(const dataplane::SaId& sa, const char* why)> rekey;
  // A hard limit: the child of that SA must go.
  std::function<void(const dataplane::SaId& sa)> hard_expire;
};

class ChildManager {
 public:
  // `engine`: kIkev1 or kIkev2, the engine this one works for. `install`: put SAs and policies
  // into `backend` (off for the load generator, whose children go nowhere).
  ChildManager(config::IkeVersion engine, dataplane::Backend& backend, ReqidAllocator& reqids,
               std::uint32_t replay_window, KeyLog* key_log, bool install)
      : engine_(engine),
        backend_(backend),
        reqids_(reqids),
        installer_(backend, replay_window, key_log),
        install_(install) {}

  // version = 1 connections belong to the IKEv1 engine; 2 and 0 (either) to the IKEv2 engine,
  // which initiates them (the IKEv1 engine answers a version = 0 peer on its own).
  bool serves(const config::Connection& conn) const;

  // An SPI for an inbound SA: from the data plane, or random (>= 256) when nothing is installed.
  Result<std::uint32_t> allocate_spi();
  // The reqid of a child (`pair_index`: IKEv1's selector pair; the first keeps the configured
  // reqid, the others get their own).
  std::uint32_t reqid_for(const config::Connection& conn, const config::Child& child,
                          std::size_t pair_index = 0);
  // The reqid of a new (not rekeyed) child: per child for a connection with one peer, per
  // negotiated selector set for one that serves many (see ReqidAllocator::reqid_for_selectors).
  std::uint32_t reqid_for_child(const config::Connection& conn, const config::Child& child,
                                std::size_t pair_index, const Selectors& local_ts,
                                const Selectors& remote_ts);

  ChildInstaller& installer() { return installer_; }
  // Takes a child's SAs out of the data plane, and its policies unless `policies_shared` (a
  // successor of the same reqid carries them); a child whose start_action is trap leaves its
  // trap policies behind. Only when installing.
  void uninstall(const ChildPlacement& child, bool outbound_installed, bool policies_shared,
                 const config::Connection* conn);

  // Trap policies for a child with start_action/close_action/dpd_action = trap.
  void install_traps(const config::Connection& conn, const config::Child& child);
  // start_action of every connection the engine serves: traps, and an IKE SA for a connection
  // with a start child that has none (`has_ike_sa`, `initiate` are the engine's).
  void run_start_actions(const config::Config& config,
                         const std::function<bool(const config::Connection&)>& has_ike_sa,
                         const std::function<Status(const config::Connection&)>& initiate);

  // Hands a data-plane event to the engine's handler: acquires only for connections it serves;
  // SA events go to both engines, which look the SA up among their own children.
  void route(const config::Config& config, const dataplane::Event& event,
             const ChildEventHandlers& handlers) const;

 private:
  config::IkeVersion engine_;
  dataplane::Backend& backend_;
  ReqidAllocator& reqids_;
  ChildInstaller installer_;
  bool install_;
};

}  // namespace oakley::ike
