// The IKEv1 engine: every ISAKMP SA of the process, the dispatch of received ISAKMP messages to
// their exchanges, and the operations the daemon and oakctl ask for. Like the IKEv2 engine it
// touches no socket, clock or OpenSSL directly: time, workers, the network and the data plane are
// injected (EngineDeps), so tests run two engines against each other in one process.
//
// Message path (engine_messages.cpp): cookies → SA → exchange (message ID) → duplicate check
// (answer from cache) → decrypt with the exchange's IV → payload rules → the exchange → its
// Outcome (send / finish / fail / defer to a worker).
//
// The exchanges see the engine only as an ExchangeContext (exchange_context.hpp): the engine
// implements it privately, so the public part below is what the daemon, oakctl and tests use.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/ip_address.hpp"
#include "common/packet_sender.hpp"
#include "common/result.hpp"
#include "common/timer_service.hpp"
#include "config/config.hpp"
#include "credentials/loaded_config.hpp"
#include "dataplane/backend.hpp"
#include "ike/address_pools.hpp"
#include "ike/child_installer.hpp"
#include "ike/child_manager.hpp"
#include "ike/completions.hpp"
#include "ike/diagnose.hpp"
#include "ike/diagnosis/recorder.hpp"
#include "ike/engine_deps.hpp"
#include "ike/host_names.hpp"
#include "ike/initiation_addresses.hpp"
#include "ike/reqid_allocator.hpp"
#include "ike/retransmitter.hpp"
#include "ike/sa_events.hpp"
#include "ike/sa_ids.hpp"
#include "ike/sa_info.hpp"
#include "ike/sa_registry.hpp"
#include "ikev1/cookies.hpp"
#include "ikev1/engine_dos.hpp"
#include "ikev1/engine_options.hpp"
#include "ikev1/engine_stats.hpp"
#include "ikev1/exchange_context.hpp"
#include "ikev1/exchanges/fragments.hpp"
#include "ikev1/isakmp_sa.hpp"
#include "ikev1/message_result.hpp"

namespace oakley::ikev1 {

class QuickModeExchange;

using EngineDeps = ike::EngineDeps;

class Engine final : private ExchangeContext {
 public:
  using Completion = ike::Completions::Completion;

  Engine(EngineDeps deps, std::shared_ptr<const credentials::LoadedConfig> config,
         EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // --- for the daemon -------------------------------------------------------------------------
  void apply_config(std::shared_ptr<const credentials::LoadedConfig> config);
  const credentials::LoadedConfig& config() const override { return *config_; }
  // An ISAKMP message (major version 1), non-ESP marker already removed.
  void on_packet(ByteView data, const Endpoint& local, const Endpoint& remote);
  // Events for reqids whose connection is not version 1 are ignored.
  void on_dataplane_event(const dataplane::Event& event);

  // --- for oakctl -------------------------------------------------------------------------------
  // Phase 1 (if none is up) and one Quick Mode per selector pair of the child, or of every
  // start child when `child` is empty; `done` runs when all are installed or one failed.
  Status initiate(std::string_view connection, std::string_view child, Completion done);
  Status terminate_ike(std::uint32_t ike_id, Completion done);
  Status terminate_connection(std::string_view connection, Completion done);
  Status terminate_child(std::uint32_t child_id, Completion done);
  Status rekey_ike(std::uint32_t ike_id, Completion done);
  Status rekey_child(std::uint32_t child_id, Completion done);
  std::optional<std::uint32_t> find_ike_id(std::string_view connection) const;
  std::optional<std::uint32_t> find_child_id(std::string_view connection,
                                             std::string_view child) const;
  std::vector<ike::IkeSaInfo> list_sas() const;
  const EngineStats& stats() const { return stats_; }
  const ike::MessageCounters& message_counters() const { return messages_; }
  std::size_t ike_sa_count() const { return sas_.size(); }
  // Phase 1 responders not yet established (the block_threshold index).
  std::size_t half_open_count() const { return half_open_.size(); }
  // Messages whose fragments are being reassembled.
  std::size_t fragments_pending() const { return fragments_.pending(); }
  std::vector<std::string> diagnose(std::string_view connection) const;
  // Sends DELETE for every ISAKMP and IPsec SA (best effort) and removes them from the data plane.
  void shutdown();

  // Also for the daemon (find_sa), tests and the fuzz harness; both are ExchangeContext's too.
  IsakmpSa* find_sa(std::uint32_t id) override;
  void send_informational(IsakmpSa& sa, std::vector<wire::ikev1::Payload> payloads) override;

 private:
  // --- what the exchanges see of the engine (exchange_context.hpp has what each one means) ----
  // The base is private so that only the engine hands itself to its exchanges; this names the
  // conversion where the exchanges are made (std::make_unique could not see the base).
  ExchangeContext& exchange_context() { return *this; }
  TimerService& timers() override { return deps_.timers; }
  const EngineOptions& options() const override { return options_; }
  const ike::HostNames* host_names() const override { return deps_.host_names; }
  IpAddress local_address(const IsakmpSa& sa) const override;
  IpAddress local_ts_address(const IsakmpSa& sa) const override;
  IpAddress remote_ts_address(const IsakmpSa& sa) const override;
  std::optional<IpAddress> peer_lease(const IsakmpSa& sa) const override;
  bool vip_held_elsewhere(const IsakmpSa& sa, const IpAddress& address) const override;
  std::uint64_t inbound_esp_packets(const IsakmpSa& sa) const override;
  std::vector<IsakmpSa*> sas_of(const config::Connection& conn) override;
  EngineStats& mutable_stats() override { return stats_; }
  ike::diagnosis::Recorder& diagnosis() override { return diagnosis_; }
  Result<std::uint32_t> allocate_spi() override { return child_manager_.allocate_spi(); }
  std::uint32_t reqid_for_child(const IsakmpSa& sa, const ChildSa& child) override;
  Result<IpAddress> acquire_address(const config::Pool& pool,
                                    const std::string& identity) override {
    return pools_.acquire(pool, identity);
  }
  void release_address(const std::string& pool_name, const IpAddress& address) override {
    pools_.release(pool_name, address);
  }
  Status add_virtual_ip(const IpAddress& address) override {
    return deps_.dataplane.add_virtual_ip(address);
  }
  Status remove_virtual_ip(const IpAddress& address) override {
    return deps_.dataplane.remove_virtual_ip(address);
  }
  void on_phase1_established(IsakmpSa& sa, bool initial_contact) override;
  // engine_xauth.cpp.
  void on_xauth_checked(IsakmpSa& sa, bool accepted, const std::string& why) override;
  void on_xauth_done(IsakmpSa& sa, const Status& status) override;
  void on_mode_config_done(IsakmpSa& sa, const Status& status) override;
  // engine_children.cpp, engine_rekey.cpp.
  ChildSa& add_child(IsakmpSa& sa, const config::Child& child, std::size_t pair_index) override;
  void note_quick_mode(IsakmpSa& sa, Exchange& qm) override;
  Status install_inbound(IsakmpSa& sa, ChildSa& child, const ike::ChildKeys& keys) override;
  Status install_outbound(IsakmpSa& sa, ChildSa& child, const ike::ChildKeys& keys) override;
  void install_outbound_soon(ChildSa& child, ike::ChildKeys keys) override;
  void on_child_established(IsakmpSa& sa, ChildSa& child, std::uint32_t rekeyed_id,
                            bool we_initiated, bool collided) override;
  void report_child_established(const IsakmpSa& sa, const ChildSa& child) override;
  void remove_child(IsakmpSa& sa, std::uint32_t child_id, ChildEnd why) override;
  void rekey_failed(std::uint32_t child_id) override;
  bool revive_predecessor(const ChildSa& child) override;
  void lower_lifetime(IsakmpSa& sa, ChildSa& child, std::uint64_t seconds,
                      std::uint64_t kilobytes) override;
  void lower_lifetime(IsakmpSa& sa, std::uint64_t seconds) override;
  // The exchange's view of fail_exchange and destroy_sa: no notify of its own, and the IPsec SAs
  // always go with the SA. The engine's own calls may say more (below).
  void fail_exchange(IsakmpSa& sa, std::uint32_t mid, const std::string& reason) override {
    fail_exchange(sa, mid, reason, std::nullopt);
  }
  void destroy_sa(IsakmpSa& sa, const std::string& reason, bool failed) override {
    destroy_sa(sa, reason, failed, true);
  }
  void retire_sa(IsakmpSa& sa, const std::string& reason) override;
  void drop_stale_sas(IsakmpSa& sa) override;
  void peer_dead(IsakmpSa& sa, const std::string& why) override;

  // --- the engine's own (used to be public for the exchanges; only engine*.cpp call them) -----
  // diagnose keeps what it knows only of the connections `config` has (recorder.hpp).
  void keep_diagnosis_of(const config::Config& config) {
    diagnostics_.keep_only(config);
    diagnosis_.keep_only(config);
  }
  // Remembers why a connection failed, for diagnose().
  void note_failure(const IsakmpSa& sa, const std::string& why);
  // The same, about one exchange (engine_diagnosis.cpp): the phase it names, and a structured
  // failure for an unanswered one.
  void note_exchange_failure(const IsakmpSa& sa, const Exchange& exchange, const std::string& why);
  void note_no_answer(const IsakmpSa& sa, const Exchange& exchange, const std::string& why);
  // SA events (sa_events.cpp) for `oakctl monitor` and updown scripts.
  void emit_ike_event(ike::SaEventKind kind, const IsakmpSa& sa, std::string reason = {},
                      std::uint32_t replaces = 0);
  void emit_child_event(ike::SaEventKind kind, const IsakmpSa& sa, const ChildSa& child,
                        std::string reason = {});
  void emit_child_failed(const IsakmpSa& sa, std::string_view child, std::string reason);
  void start_quick_mode(IsakmpSa& sa, const config::Child& child, std::size_t pair_index,
                        std::uint32_t rekeying, Completion done);
  // Removes the SA, its IPsec SAs too when `with_children` (false: they move to a newer SA).
  void destroy_sa(IsakmpSa& sa, const std::string& reason, bool failed, bool with_children);
  // A newer Phase 1 with the same peer takes over the IPsec SAs of the older ones.
  void supersede_older_sas(IsakmpSa& sa);

  // Exchange plumbing (engine_messages.cpp, engine_receive.cpp).
  std::uint32_t new_message_id(IsakmpSa& sa);
  // Ends an exchange that failed: its notify (if any) to the peer, abort(), and for Phase 1 the
  // SA itself.
  void fail_exchange(IsakmpSa& sa, std::uint32_t mid, const std::string& reason,
                     std::optional<wire::ikev1::NotifyType> notify, Bytes notify_spi = {});
  void start_exchange(IsakmpSa& sa, std::uint32_t mid, std::unique_ptr<Exchange> exchange);
  // After Phase 1 authentication (and XAuth where used): take over older SAs, start children.
  void complete_phase1(IsakmpSa& sa);
  void begin_xauth(IsakmpSa& sa);
  // Deletes an SA still negotiating Phase 1, or still in XAuth, after half_open_timeout.
  void arm_half_open_timer(IsakmpSa& sa);
  // The operator's initiations waiting on `sa` fail with `why`.
  void fail_waiting_operations(IsakmpSa& sa, const std::string& why);
  void transmit(IsakmpSa& sa, ByteView packet);
  // Builds an ISAKMP message of the SA (encrypting with `iv` when asked).
  Result<Bytes> build_message(IsakmpSa& sa, wire::ikev1::ExchangeType type, std::uint32_t mid,
                              Outbound& out, Bytes* iv);
  // Sends one notify in the clear to a peer that has no SA with us (yet).
  void send_plain_notify(std::uint64_t icookie, std::uint64_t rcookie, const Endpoint& local,
                         const Endpoint& remote, wire::ikev1::NotifyType type);
  // Registers a new responder SA; the caller fills in the rest.
  IsakmpSa& create_sa(bool initiator, const config::Connection* connection, const Endpoint& local,
                      const Endpoint& remote, std::uint64_t icookie);

  // Receive path.
  void on_phase1_request(const wire::ikev1::Message& msg, ByteView raw, const Endpoint& local,
                         const Endpoint& remote);
  IsakmpSa* lookup(const wire::ikev1::Header& h);
  // Flood limits (engine_dos.cpp): may a new MM1/AM1 create an SA; may a new Phase 1 responder
  // start a DH computation. False: dropped (counted, logged).
  bool admit_phase1_request(const wire::ikev1::Header& h, const Endpoint& remote);
  bool admit_dh(const Endpoint& remote);
  bool evict_unverified_half_open();
  // A FRAG payload: true when it was one (handled; the whole message is processed when ready).
  // engine_fragments.cpp.
  bool on_fragment(const wire::ikev1::Message& msg, const Endpoint& local, const Endpoint& remote);
  // Whose reassembly a fragment belongs to; nullopt when it is dropped (counted, logged).
  std::optional<FragmentOwner> fragment_owner(const wire::ikev1::Header& h, const Endpoint& local,
                                              const Endpoint& remote);
  bool fragments_allowed_from(const Endpoint& local, const Endpoint& remote) const;
  void on_exchange_message(IsakmpSa& sa, ExchangeRecord& rec, const wire::ikev1::Message& msg,
                           ByteView raw, const Endpoint& local, const Endpoint& remote);
  void on_quick_mode(IsakmpSa& sa, const wire::ikev1::Message& msg, ByteView raw,
                     const Endpoint& local, const Endpoint& remote);
  void on_informational(IsakmpSa& sa, const wire::ikev1::Message& msg, const Endpoint& local,
                        const Endpoint& remote);
  void follow_peer(IsakmpSa& sa, const Endpoint& local, const Endpoint& remote);
  // Runs an exchange's outcome; `answers`: the outcome answers the message just received.
  void apply(IsakmpSa& sa, std::uint32_t mid, Outcome outcome, bool answers);
  void send_outcome(IsakmpSa& sa, ExchangeRecord& rec, Outcome& outcome, bool answers);
  void finish_exchange(IsakmpSa& sa, std::uint32_t mid);
  void on_retransmit_give_up(IsakmpSa& sa, std::uint32_t mid);

  // Message IDs (engine.cpp): every one used on the SA is remembered; an SA that reached
  // IsakmpSa::kMaxMessageIds is replaced (rekeyed, or deleted when we cannot rekey).
  void remember_mid(IsakmpSa& sa, std::uint32_t mid);
  void retire_exhausted_sa(std::uint32_t sa_id);

  // Timers and lifecycle (engine_children.cpp).
  void schedule_sa_timers(IsakmpSa& sa);
  void schedule_lifetime_timers(IsakmpSa& sa);
  void keepalive_tick(std::uint32_t sa_id);
  void schedule_child_timers(IsakmpSa& sa, ChildSa& child);
  void cancel_timers(IsakmpSa& sa);
  void adopt_children(IsakmpSa& from, IsakmpSa& to);
  void apply_child_action(IsakmpSa& sa, const config::Child& cfg, ChildEnd why);
  ike::ChildPlacement placement(const IsakmpSa& sa, const ChildSa& child) const;
  void uninstall_child(IsakmpSa& sa, ChildSa& child);
  void run_start_actions();
  // Traffic hit a trap policy of `conn` (reqid_child: the child name the reqid stands for).
  void on_acquire(const config::Connection& conn, const std::string& reqid_child,
                  const dataplane::AcquireEvent& acq);
  // remote_addrs without one peer: initiate to the trapped packet's destination.
  void acquire_to_destination(const config::Connection& conn, const config::Child& child,
                              std::size_t pair, const dataplane::AcquireEvent& acq);
  // A trapped packet for `child` (selector pair `pair`) and an ISAKMP SA with its peer: true when
  // `sa` takes care of it: the child is up or on its way there, or its Quick Mode is started now
  // (SA ready) or queued behind the Phase 1 (SA coming up).
  bool acquire_on(IsakmpSa& sa, const config::Child& child, std::size_t pair);
  void rekey_child_now(IsakmpSa& sa, ChildSa& child, Completion done);
  // Rekey succession (engine_rekey.cpp).
  struct ChildRef {
    IsakmpSa* sa = nullptr;
    ChildSa* child = nullptr;
  };
  ChildRef locate_child(std::uint32_t child_id);
  ChildRef find_sibling(const IsakmpSa& sa, const ChildSa& child);
  // `old` is replaced by `successor`; when we made the successor, tell the peer to drop `old`.
  void supersede(IsakmpSa& sa, ChildRef old, const ChildSa& successor, bool send_delete);
  void resolve_duplicate(IsakmpSa& sa, ChildSa& a, ChildRef b);
  void remove_after_grace(ChildRef ref);
  IsakmpSa* established_sa_for(const config::Connection& conn);
  void start_pending_children(IsakmpSa& sa);
  // initiate() once the connection's addresses are known (engine_resolve.cpp).
  Status initiate_resolving(const config::Connection& conn, std::string_view child_name,
                            std::vector<const config::Child*> children, Completion done);
  Status initiate_children(const config::Connection& conn,
                           const std::vector<const config::Child*>& children,
                           const ike::InitiationAddresses& addresses, Completion done);
  // Where a Phase 1 that replaces `sa` (or its expired ISAKMP SA) goes: the peer `sa` has.
  ike::InitiationAddresses rekey_addresses(const IsakmpSa& sa) const;
  // Creates and starts a Phase 1 as initiator (the SA is gone again if it failed at once).
  void start_phase1(const config::Connection& conn, std::uint32_t replaces,
                    std::vector<IsakmpSa::PendingChild> pending, Completion done,
                    const ike::InitiationAddresses& addresses);
  void erase_sa(IsakmpSa& sa);
  // A one-off timer that belongs to no SA; cancelled if the engine goes first.
  void schedule_detached(Duration after, std::function<void()> fn);

  EngineDeps deps_;
  std::shared_ptr<const credentials::LoadedConfig> config_;
  ike::ChildManager child_manager_;
  ike::AddressPools pools_;  // virtual IP leases, kept across reloads
  EngineOptions options_;
  ike::RetransmitSettings retransmit_;
  EngineStats stats_;
  ike::MessageCounters messages_{1};
  CookieFactory cookies_;
  FragmentReassembler fragments_;

  // By id and our cookie; the operator's completions wait on Phase 1 of an SA by its id.
  ike::SaRegistry<IsakmpSa> sas_;
  // Responder SAs in Phase 1 by (initiator cookie, peer): retransmitted MM1/AM1 find them, and
  // the per-address and global half-open caps count them (engine_dos.hpp).
  HalfOpenIndex half_open_;
  DhRateLimiter dh_rate_;
  VerifiedSources verified_;
  ike::Diagnostics diagnostics_;           // recent failures per connection, for diagnose
  ike::diagnosis::Recorder diagnosis_{1};  // evidence for diagnose's findings
  std::set<TimerId> detached_timers_;
};

}  // namespace oakley::ikev1
