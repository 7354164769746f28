// What an IKEv1 exchange may see of the engine that runs it. An exchange (exchanges/*: Main and
// Aggressive Mode, Quick Mode, XAuth, Mode Config, and the informational, DPD and NAT-T helpers)
// used to hold the whole Engine and could call anything on it: operator operations, the receive
// path, other SAs' timers. This interface is the narrow view instead, listing what exchanges
// actually read and which effects they may ask for; the engine implements it (privately) and
// hands `*this` to them. A new need of an exchange is a new line here, seen in review, not a
// quiet call into the engine. layering_check (README.md, "Inside a layer") keeps
// ikev1/engine.hpp out of src/ikev1/exchanges/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/ip_address.hpp"
#include "common/result.hpp"
#include "common/timer_service.hpp"
#include "config/config.hpp"
#include "credentials/loaded_config.hpp"
#include "ike/child_installer.hpp"
#include "ike/diagnosis/recorder.hpp"
#include "ike/host_names.hpp"
#include "ikev1/child_sa.hpp"
#include "ikev1/engine_options.hpp"
#include "ikev1/engine_stats.hpp"
#include "ikev1/exchange.hpp"
#include "ikev1/isakmp_sa.hpp"
#include "wire/ikev1/message.hpp"

namespace oakley::ikev1 {

class ExchangeContext {
 public:
  // Why an IPsec SA pair went (remove_child): decides close_action/dpd_action and the event.
  enum class ChildEnd { kDeleted, kClosedByPeer, kPeerDead, kExpired, kFailed };

  virtual ~ExchangeContext() = default;

  // --- reads -----------------------------------------------------------------------------------
  // Time (now() for evidence and lifetimes; DPD schedules its own tick).
  virtual TimerService& timers() = 0;
  virtual const EngineOptions& options() const = 0;
  // The configuration now applied (an SA keeps its own: IsakmpSa::config_snapshot).
  virtual const credentials::LoadedConfig& config() const = 0;
  // DNS names of local_addrs/remote_addrs; nullptr: names do not resolve.
  virtual const ike::HostNames* host_names() const = 0;
  // Our address on the SA: the configured or arrival address, else the route's source.
  virtual IpAddress local_address(const IsakmpSa& sa) const = 0;
  // What 'dynamic' selectors stand for on this SA: our virtual IP (else IKE address), and the
  // peer's virtual IP (else its address; a reauthenticated SA uses its sibling's lease).
  virtual IpAddress local_ts_address(const IsakmpSa& sa) const = 0;
  virtual IpAddress remote_ts_address(const IsakmpSa& sa) const = 0;
  // The peer's virtual IP: leased on this SA, or on another SA of the same peer.
  virtual std::optional<IpAddress> peer_lease(const IsakmpSa& sa) const = 0;
  // Another SA of ours still uses `address` (a virtual IP the peer gave us).
  virtual bool vip_held_elsewhere(const IsakmpSa& sa, const IpAddress& address) const = 0;
  // ESP packets received on the SA's IPsec SAs so far (liveness for DPD).
  virtual std::uint64_t inbound_esp_packets(const IsakmpSa& sa) const = 0;
  // Other SAs: by id (nullptr once gone; timers and workers hold ids, not pointers), and those
  // of a connection (INITIAL-CONTACT, DELETE of a pair that moved to a newer SA).
  virtual IsakmpSa* find_sa(std::uint32_t id) = 0;
  virtual std::vector<IsakmpSa*> sas_of(const config::Connection& conn) = 0;

  // --- records: counters for `oakctl stats`, evidence for `oakctl diagnose` --------------------
  virtual EngineStats& mutable_stats() = 0;
  virtual ike::diagnosis::Recorder& diagnosis() = 0;

  // --- resources ------------------------------------------------------------------------------
  virtual Result<std::uint32_t> allocate_spi() = 0;
  // The reqid of a negotiated pair (its selectors set): per selector set on many-peer connections.
  virtual std::uint32_t reqid_for_child(const IsakmpSa& sa, const ChildSa& child) = 0;
  // Virtual IPs we lease to peers (Mode Config responder); the error says the pool is exhausted.
  virtual Result<IpAddress> acquire_address(const config::Pool& pool,
                                            const std::string& identity) = 0;
  virtual void release_address(const std::string& pool_name, const IpAddress& address) = 0;
  // Virtual IPs a peer gave us (Mode Config client), on the data plane's device.
  virtual Status add_virtual_ip(const IpAddress& address) = 0;
  virtual Status remove_virtual_ip(const IpAddress& address) = 0;

  // --- effects: Phase 1 and what follows it ----------------------------------------------------
  // Phase 1 is complete (either role); `initial_contact`: the peer sent INITIAL-CONTACT.
  virtual void on_phase1_established(IsakmpSa& sa, bool initial_contact) = 0;
  // XAuth: the gateway checked the user's credentials (its status message follows); the XAuth
  // of `sa` ended, in either role.
  virtual void on_xauth_checked(IsakmpSa& sa, bool accepted, const std::string& why) = 0;
  virtual void on_xauth_done(IsakmpSa& sa, const Status& status) = 0;
  // The client's Mode Config on `sa` ended: the waiting Quick Modes start, or fail with it.
  virtual void on_mode_config_done(IsakmpSa& sa, const Status& status) = 0;

  // --- effects: IPsec SA pairs (Quick Mode, DELETE, RESPONDER-LIFETIME) ------------------------
  virtual ChildSa& add_child(IsakmpSa& sa, const config::Child& child, std::size_t pair_index) = 0;
  // A Quick Mode knows its child: marks it and any opposite one for the same pair as collided.
  virtual void note_quick_mode(IsakmpSa& sa, Exchange& qm) = 0;
  virtual Status install_inbound(IsakmpSa& sa, ChildSa& child, const ike::ChildKeys& keys) = 0;
  virtual Status install_outbound(IsakmpSa& sa, ChildSa& child, const ike::ChildKeys& keys) = 0;
  // A rekey's initiator: the new outbound SA takes over a moment after QM3.
  virtual void install_outbound_soon(ChildSa& child, ike::ChildKeys keys) = 0;
  // A Quick Mode finished: timers, make-before-break of the pair it replaces. `collided`: a
  // Quick Mode for the same selectors ran in the other direction meanwhile.
  virtual void on_child_established(IsakmpSa& sa, ChildSa& child, std::uint32_t rekeyed_id,
                                    bool we_initiated, bool collided) = 0;
  // The pair is in place: child_up, or child_rekeyed when it replaced a pair.
  virtual void report_child_established(const IsakmpSa& sa, const ChildSa& child) = 0;
  // Removes the child from its SA and the data plane, then applies close/dpd_action.
  virtual void remove_child(IsakmpSa& sa, std::uint32_t child_id, ChildEnd why) = 0;
  // A Quick Mode that was to replace `child_id` failed: it stays, and tries again later.
  virtual void rekey_failed(std::uint32_t child_id) = 0;
  // `child` goes although it replaced a pair that is still there: that one is INSTALLED again.
  // False when there is none.
  virtual bool revive_predecessor(const ChildSa& child) = 0;
  // The peer's RESPONDER-LIFETIME for a pair: a lower value than ours replaces it.
  virtual void lower_lifetime(IsakmpSa& sa, ChildSa& child, std::uint64_t seconds,
                              std::uint64_t kilobytes) = 0;

  // --- effects: the ISAKMP SA ------------------------------------------------------------------
  // Sends `payloads` HASH(1)-protected when Phase 1 keys exist, in the clear otherwise.
  virtual void send_informational(IsakmpSa& sa, std::vector<wire::ikev1::Payload> payloads) = 0;
  // Ends the exchange `mid` of the SA (the peer refused it): no notify, abort(), and for Phase 1
  // the SA itself.
  virtual void fail_exchange(IsakmpSa& sa, std::uint32_t mid, const std::string& reason) = 0;
  // Removes the SA and its IPsec SAs (`failed`: a failure the operator hears of).
  virtual void destroy_sa(IsakmpSa& sa, const std::string& reason, bool failed) = 0;
  // An ISAKMP SA the peer deleted: its IPsec SAs live on (moved to a newer SA of the same peer).
  virtual void retire_sa(IsakmpSa& sa, const std::string& reason) = 0;
  // INITIAL-CONTACT: every other SA with this peer is stale.
  virtual void drop_stale_sas(IsakmpSa& sa) = 0;
  // The peer stopped answering DPD: dpd_action for its children.
  virtual void peer_dead(IsakmpSa& sa, const std::string& why) = 0;
  // The peer's RESPONDER-LIFETIME for the ISAKMP SA: a lower value than ours replaces it.
  virtual void lower_lifetime(IsakmpSa& sa, std::uint64_t seconds) = 0;
};

}  // namespace oakley::ikev1
