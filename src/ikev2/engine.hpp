// The IKEv2 engine: every IKEv2 SA of the process, the dispatch of received messages to them, and
// the operations the daemon, oakctl and the load generator ask for. It touches no socket, clock or
// OpenSSL directly: time, workers, the network and the data plane are injected (EngineDeps), so
// tests run two engines against each other in one process.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
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
#include "ikev2/engine_stats.hpp"
#include "ikev2/exchange_context.hpp"
#include "ikev2/exchanges/cookie.hpp"
#include "ikev2/ike_sa.hpp"
#include "ikev2/message_result.hpp"
#include "ikev2/responder.hpp"
#include "ikev2/task.hpp"

namespace oakley::ikev2 {

class IkeSaInitResponder;

using EngineDeps = ike::EngineDeps;

class Engine final : public ExchangeContext {
 public:
  using Completion = ike::Completions::Completion;

  Engine(EngineDeps deps, std::shared_ptr<const credentials::LoadedConfig> config,
         EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // --- for the daemon -------------------------------------------------------------------------
  // A new configuration: new SAs use it, existing ones keep theirs until they are rekeyed or
  // reauthenticated; start and trap actions of new or changed children are applied.
  void apply_config(std::shared_ptr<const credentials::LoadedConfig> config);
  const credentials::LoadedConfig& config() const override { return *config_; }
  std::shared_ptr<const credentials::LoadedConfig> config_snapshot() const { return config_; }

  // A received IKEv2 message (non-ESP marker removed). `local` is where it arrived.
  void on_packet(ByteView data, const Endpoint& local, const Endpoint& remote);
  void on_dataplane_event(const dataplane::Event& event);

  // --- for oakctl -------------------------------------------------------------------------------
  // Brings up a connection (and one child, or all start children when `child` is empty); `done`
  // runs once the IKE SA and the child are up, or when it failed, with the reason.
  Status initiate(std::string_view connection, std::string_view child, Completion done);
  // Initiates towards an explicit peer with an explicit local identity (the load generator).
  // `local`: our address (else local_addrs' first address, else the route's choice).
  Result<std::uint32_t> initiate_to(const config::Connection& connection,
                                    const config::Child* child, const Endpoint& remote,
                                    std::optional<ike::WireId> local_id, Completion done,
                                    std::optional<IpAddress> local = std::nullopt);
  // initiate() on an IKE SA of the connection that is already up or connecting: waits for it, or
  // adds the CHILD_SAs that are not installed yet.
  Status initiate_on(IkeSa& sa, const config::Child* child, Completion done);
  Status terminate_ike(std::uint32_t ike_id, Completion done);
  Status terminate_connection(std::string_view connection, Completion done);
  Status terminate_child(std::uint32_t child_id, Completion done);
  Status rekey_ike(std::uint32_t ike_id, Completion done);
  Status rekey_child(std::uint32_t child_id, Completion done);
  std::optional<std::uint32_t> find_child_id(std::string_view connection,
                                             std::string_view child) const;
  std::optional<std::uint32_t> find_ike_id(std::string_view connection) const;
  // The live IKE SA holding a CHILD_SA (CHILD_SAs move to the successor of a rekeyed IKE SA,
  // which has a new id). Scans every SA: for tools such as oakload, not per packet.
  std::optional<std::uint32_t> ike_id_of_child(std::uint32_t child_id) const;

  std::vector<ike::IkeSaInfo> list_sas() const;
  const EngineStats& stats() const { return stats_; }
  const ike::MessageCounters& message_counters() const { return messages_; }
  std::size_t ike_sa_count() const { return sas_.size(); }
  std::size_t half_open_count() const override { return half_open_; }
  // Why a connection is not up, in words: configuration findings and recent failures.
  std::vector<std::string> diagnose(std::string_view connection) const;
  // Sends DELETE for every IKE SA (best effort) and removes everything from the data plane.
  void shutdown();

  // --- what the exchanges see (ExchangeContext); also used by tests, tools and the daemon ----
  IkeSa* find_sa(std::uint32_t id) override;
  ike::diagnosis::Recorder& diagnosis() override { return diagnosis_; }
  ike::AddressPools& address_pools() override { return pools_; }
  Result<std::uint32_t> allocate_spi() override { return child_manager_.allocate_spi(); }
  std::uint32_t next_child_id() override { return sas_.next_child_id(); }
  // The reqid of a new (not rekeyed) CHILD_SA: per child for a connection with one peer, per
  // negotiated selector set for one that serves many (see ReqidAllocator::reqid_for_selectors).
  std::uint32_t reqid_for_child(const IkeSa& sa, const config::Child& child,
                                const ike::Selectors& local_ts,
                                const ike::Selectors& remote_ts) override;
  // Cookie secrets for RFC 7296 2.6 (rotated every 10 minutes, the previous one still valid).
  const CookieSecrets& cookie_secrets() const override { return cookies_; }

 private:
  // --- the rest of ExchangeContext (exchange_context.hpp says what each is for) -------------
  TimerService& timers() override { return deps_.timers; }
  dataplane::Backend& dataplane() override { return deps_.dataplane; }
  const ike::HostNames* host_names() const override { return deps_.host_names; }
  const EngineOptions& options() const override { return options_; }
  EngineStats& mutable_stats() override { return stats_; }
  ike::KeyLog* key_log() override { return deps_.key_log; }
  std::optional<IpAddress> source_for(const IpAddress& remote) override {
    return deps_.sender.source_for(remote);
  }
  void queue_task(IkeSa& sa, std::unique_ptr<Task> task) override;
  void on_established(IkeSa& sa) override;
  IkeSa& create_sa(bool initiator, const config::Connection* connection) override;
  IkeSa& create_sa_with_spi(bool initiator, const config::Connection* connection,
                            std::uint64_t our_spi) override;
  bool spi_in_use(std::uint64_t spi) const override { return sas_.spi_in_use(spi); }
  void on_rekeyed(IkeSa& old, IkeSa& successor) override;
  // Removes the SA and its CHILD_SAs now. `reason` goes to the log and to waiting completions.
  void destroy_sa(IkeSa& sa, const std::string& reason, bool failed) override;
  void adopt_children(IkeSa& from, IkeSa& to) override;
  std::vector<IkeSa*> duplicates_of(const IkeSa& sa) override;
  Status install_child(IkeSa& sa, ChildSa& child, const ChildKeys& keys,
                       bool install_outbound) override;
  Status install_outbound(IkeSa& sa, ChildSa& child, const ChildKeys& keys) override;
  void release_spi(std::uint32_t spi) override;
  void schedule_child_timers(IkeSa& sa, ChildSa& child) override;
  std::map<std::uint32_t, ChildKeys>& pending_outbound() override { return pending_outbound_; }
  void remove_child(IkeSa& sa, ChildSa& child, ChildEnd why) override;
  void emit_child_event(ike::SaEventKind kind, const IkeSa& sa, const ChildSa& child,
                        std::string reason = {}) override;
  void emit_child_failed(const IkeSa& sa, std::string_view child, std::string reason) override;
  ike::Selectors local_selectors(const IkeSa& sa, const config::Child& child) const override;
  ike::Selectors remote_selectors(const IkeSa& sa, const config::Child& child) const override;
  const config::SharedSecret* find_psk(const IkeSa& sa, const config::Identity& local,
                                       const config::Identity& remote) override;
  void complete_ike(std::uint32_t ike_id, const Status& status) override;
  void complete_child(std::uint32_t child_id, const Status& status) override;
  bool cookies_required(const IpAddress& peer) const override;
  std::size_t half_open_from(const IpAddress& peer) const override;
  void count_half_open(IkeSa& sa, bool add) override;

  // --- the engine's own --------------------------------------------------------------------
  void uninstall_child(IkeSa& sa, ChildSa& child);
  void schedule_ike_timers(IkeSa& sa);
  void schedule_dpd(IkeSa& sa, Duration delay);
  void schedule_keepalive(IkeSa& sa, Duration interval);
  void remove_all_children(IkeSa& sa, ChildEnd why);
  void emit_ike_event(ike::SaEventKind kind, const IkeSa& sa, std::string reason = {},
                      std::uint32_t replaces = 0);
  // --- message plumbing (engine_messages.cpp) ---
  // Builds, protects, sends and remembers the active task's request.
  void send_request(IkeSa& sa, wire::ikev2::ExchangeType exchange, Payloads payloads,
                    bool encrypted);
  void send_response(IkeSa& sa, wire::ikev2::ExchangeType exchange, std::uint32_t message_id,
                     Payloads payloads, bool encrypted);
  // An unprotected answer to a request that created no SA (COOKIE, INVALID_KE_PAYLOAD,
  // NO_PROPOSAL_CHOSEN in IKE_SA_INIT).
  void send_plain_response(const wire::ikev2::Header& request, const Endpoint& local,
                           const Endpoint& remote, Payloads payloads);
  void transmit(IkeSa& sa, const std::vector<Bytes>& packets);
  // Runs `work` on a worker, then `then` on the loop if the SA still exists.
  void defer(IkeSa& sa, std::function<void()> work, std::function<void(IkeSa&)> then);
  // One message for the peer, sent once without waiting for its answer (the message ID is
  // taken): a DELETE for the IKE SA on shutdown, or RFC 7296 2.21.2's AUTHENTICATION_FAILED with
  // a DELETE when we reject the responder's IKE_AUTH (it already holds the SA as up).
  void tell_peer_now(IkeSa& sa, Step::Notice notice);

  void start_next_task(IkeSa& sa);
  // Builds and sends the active task's request; false when the task could not start (it is
  // dropped and the caller goes on with the queue).
  bool send_active_request(IkeSa& sa);
  void run_step(IkeSa& sa, Step step);
  void on_request(IkeSa& sa, const wire::ikev2::Message& msg, ByteView raw, const Endpoint& local,
                  const Endpoint& remote);
  void on_response(IkeSa& sa, const wire::ikev2::Message& msg, ByteView raw, const Endpoint& local,
                   const Endpoint& remote);
  void dispatch_request(IkeSa& sa, const wire::ikev2::Message& msg, const Payloads& inner);
  // Does what a responder's Reply says: the response, the SA's end, the worker round trip.
  void carry_out(IkeSa& sa, wire::ikev2::ExchangeType exchange, std::uint32_t message_id,
                 Reply reply);
  void on_init_request(const wire::ikev2::Message& msg, ByteView raw, const Endpoint& local,
                       const Endpoint& remote);
  // Decrypts SK, or collects SKF fragments; nullopt when nothing is ready or it failed.
  std::optional<Payloads> open_message(IkeSa& sa, const wire::ikev2::Message& msg, ByteView raw);
  // --- fragments (engine_fragments.cpp) ---
  std::optional<Payloads> open_fragment(IkeSa& sa, const wire::ikev2::Message& msg,
                                        const wire::ikev2::SkfPayload& skf, ByteView raw);
  std::optional<Bytes> decrypt_fragment(IkeSa& sa, const wire::ikev2::Message& msg,
                                        const wire::ikev2::SkfPayload& skf, ByteView raw);
  ReassemblyLimits reassembly_limits() const;
  // dir: 0 for the peer's requests, 1 for responses to ours.
  void start_reassembly(IkeSa& sa, std::size_t dir, std::uint32_t message_id, std::uint16_t total);
  void drop_reassembly(IkeSa& sa, std::size_t dir);
  // The direction's expiry timer: fires `after` from now and expires the reassembly then current
  // if it is old enough, or re-arms for the rest of its time.
  void arm_reassembly_timer(IkeSa& sa, std::size_t dir, Duration after);
  void on_reassembly_timer(IkeSa& sa, std::size_t dir);
  // Both directions' reassemblies and timers, when the SA goes away.
  void end_reassemblies(IkeSa& sa);
  // A fragment of an already answered request that must not trigger the response again.
  bool is_ignored_fragment_retransmit(const wire::ikev2::Message& msg);
  void on_retransmit_give_up(IkeSa& sa);
  // --- diagnosis (engine_diagnosis.cpp) ---
  // Our request went unanswered: on an established SA the peer is dead, else unreachable.
  void note_no_answer(const IkeSa& sa, const std::string& why);
  // diagnose keeps what it knows only of the connections `config` has (recorder.hpp).
  void keep_diagnosis_of(const config::Config& config) {
    diagnostics_.keep_only(config);
    diagnosis_.keep_only(config);
  }
  // The reason an SA failed, for diagnose (a structured failure recorded before it stays).
  void note_failure(const IkeSa& sa, const std::string& why);
  // Files an established SA in the registry's identity index (duplicates_of() reads it): by
  // connection and both ids, so INITIAL_CONTACT and uniqueness checks cost one lookup.
  void index_identities(const IkeSa& sa);
  void update_peer_address(IkeSa& sa, const Endpoint& local, const Endpoint& remote);

  // initiate() once the connection's addresses are known (engine_resolve.cpp).
  Status initiate_resolving(const config::Connection& conn, const config::Child* child,
                            Completion done);
  Status initiate_resolved(const config::Connection& conn, const config::Child* child,
                           const ike::InitiationAddresses& addresses, Completion& done);
  // An IKE SA of the connection that is up or coming up, which initiate() reuses.
  IkeSa* reusable_sa(std::string_view connection);
  void run_start_actions();
  // Traffic hit a trap policy of `conn` (reqid_child: the child name the reqid stands for).
  void on_acquire(const config::Connection& conn, const std::string& reqid_child,
                  const dataplane::AcquireEvent& acq);
  // remote_addrs without one peer: initiate to the trapped packet's destination.
  void acquire_to_destination(const config::Connection& conn, const config::Child& child,
                              const dataplane::AcquireEvent& acq);
  // A trapped packet for `child` and an IKE SA with its peer: true when `sa` takes care of it: the
  // child is up or on its way there, or is created now (SA up) or once our SA is (coming up).
  bool acquire_on(IkeSa& sa, const config::Child& child, const dataplane::AcquireEvent& acq);
  bool child_up_or_coming(const IkeSa& sa, std::string_view child) const;
  // A CHILD_SA of the child config `child` carries traffic (installed, or being rekeyed).
  bool child_up(const IkeSa& sa, std::string_view child) const;
  // The exchange, running or queued, that creates a CHILD_SA of `child`, or nullptr.
  Task* creating(const IkeSa& sa, std::string_view child) const;
  // `child` on our SA still in IKE_AUTH (unless IKE_AUTH or a queued exchange brings it), made
  // by create_children_after_auth once the SA is established; `done` waits for that child.
  void child_after_auth(IkeSa& sa, const config::Child& child,
                        std::optional<IkeSa::Trigger> trigger, Completion done = nullptr);
  void create_children_after_auth(IkeSa& sa);
  // Makes `done` wait for the child named `child` on `sa` and takes it: at once if the child is
  // up; with the exchange that creates it (IKE_AUTH reports its child with the IKE SA); with the
  // children asked for after IKE_AUTH. False, leaving `done`, when nothing brings the child.
  bool wait_for_child(IkeSa& sa, std::string_view child, Completion& done);
  // `child` up on the established `sa` (a new CREATE_CHILD_SA unless something brings it), and
  // `done` told when it is.
  void bring_up_child(IkeSa& sa, const config::Child& child, Completion done,
                      std::optional<IkeSa::Trigger> trigger = std::nullopt);
  void schedule_cookie_rotation();
  ike::ChildPlacement placement(const IkeSa& sa, const ChildSa& child) const;

  EngineDeps deps_;
  std::shared_ptr<const credentials::LoadedConfig> config_;
  ike::ChildManager child_manager_;
  EngineOptions options_;
  ike::RetransmitSettings retransmit_;
  EngineStats stats_;
  ike::MessageCounters messages_{2};

  ike::SaRegistry<IkeSa> sas_;  // by id, our SPI and identities; the completions waiting on them
  // Half-open responder SAs by (initiator SPI, peer address): IKE_SA_INIT retransmits.
  std::map<std::pair<std::uint64_t, Endpoint>, std::uint32_t> init_index_;
  std::map<IpAddress, std::size_t> half_open_by_peer_;
  std::size_t half_open_ = 0;
  std::map<std::uint32_t, ChildKeys> pending_outbound_;
  ike::Diagnostics diagnostics_;           // recent failures per connection, for diagnose
  ike::diagnosis::Recorder diagnosis_{2};  // evidence for diagnose's findings
  ike::AddressPools pools_;                // virtual IP leases, kept across reloads
  CookieSecrets cookies_;
  TimerId cookie_timer_ = 0;
  // The responder of each exchange the peer may start (exchanges/responders.hpp).
  std::map<wire::ikev2::ExchangeType, std::unique_ptr<Responder>> responders_;
  std::unique_ptr<IkeSaInitResponder> init_responder_;
};

}  // namespace oakley::ikev2
