// What an IKEv2 exchange (a Task or a Responder, ikev2/exchanges/*) may see of the engine: the
// state it may read and the effects it may ask for, and nothing else. The engine implements it;
// exchanges hold an ExchangeContext&, never the Engine, and do not include engine.hpp (ctest
// `layering_check` reads that rule from README.md). Sending, deferring to a worker and ending the
// SA an exchange runs on are not here: those come back as values (Step, Reply) that the engine
// carries out.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ip_address.hpp"
#include "common/result.hpp"
#include "common/timer_service.hpp"
#include "config/config.hpp"
#include "credentials/loaded_config.hpp"
#include "dataplane/backend.hpp"
#include "ike/address_pools.hpp"
#include "ike/child_installer.hpp"
#include "ike/diagnosis/recorder.hpp"
#include "ike/host_names.hpp"
#include "ike/key_log.hpp"
#include "ike/sa_events.hpp"
#include "ike/traffic_selectors.hpp"
#include "ikev2/engine_options.hpp"
#include "ikev2/engine_stats.hpp"
#include "ikev2/exchanges/cookie.hpp"
#include "ikev2/ike_sa.hpp"
#include "ikev2/task.hpp"

namespace oakley::ikev2 {

class ExchangeContext {
 public:
  using ChildKeys = ike::ChildKeys;
  // A child's ending, with its dpd_action/close_action consequence.
  enum class ChildEnd { kDeleted, kClosedByPeer, kPeerDead };

  virtual ~ExchangeContext() = default;

  // --- what an exchange may read -----------------------------------------------------------
  virtual const credentials::LoadedConfig& config() const = 0;
  virtual const EngineOptions& options() const = 0;
  virtual TimerService& timers() = 0;
  virtual const ike::HostNames* host_names() const = 0;
  virtual ike::KeyLog* key_log() = 0;
  // The source address the kernel picks towards `remote` (an initiator without local_addrs).
  virtual std::optional<IpAddress> source_for(const IpAddress& remote) = 0;
  virtual IkeSa* find_sa(std::uint32_t id) = 0;
  virtual bool spi_in_use(std::uint64_t spi) const = 0;
  // IKE SAs of the same peer identities as `sa` (INITIAL_CONTACT, uniqueness).
  virtual std::vector<IkeSa*> duplicates_of(const IkeSa& sa) = 0;
  // Resolves a child's configured selectors for this SA ("dynamic" → the IKE address).
  virtual ike::Selectors local_selectors(const IkeSa& sa, const config::Child& child) const = 0;
  virtual ike::Selectors remote_selectors(const IkeSa& sa, const config::Child& child) const = 0;
  // The pre-shared key for our identity and the peer's, or nullptr (with the reason logged).
  virtual const config::SharedSecret* find_psk(const IkeSa& sa, const config::Identity& local,
                                               const config::Identity& remote) = 0;
  // IKE_SA_INIT's defences (RFC 7296 2.6): cookie secrets, half-open SAs per peer and in all.
  virtual const CookieSecrets& cookie_secrets() const = 0;
  virtual bool cookies_required(const IpAddress& peer) const = 0;
  virtual std::size_t half_open_from(const IpAddress& peer) const = 0;
  virtual std::size_t half_open_count() const = 0;

  // --- records: counters and what `oakctl diagnose` rests on --------------------------------
  virtual EngineStats& mutable_stats() = 0;
  virtual ike::diagnosis::Recorder& diagnosis() = 0;

  // --- effects on IKE SAs ------------------------------------------------------------------
  virtual IkeSa& create_sa(bool initiator, const config::Connection* connection) = 0;
  virtual IkeSa& create_sa_with_spi(bool initiator, const config::Connection* connection,
                                    std::uint64_t our_spi) = 0;
  // A responder's new half-open SA: counted per peer, removed if IKE_AUTH does not follow.
  virtual void count_half_open(IkeSa& sa, bool add) = 0;
  virtual void queue_task(IkeSa& sa, std::unique_ptr<Task> task) = 0;
  // The IKE SA finished IKE_AUTH (either role); a rekeyed SA's successor is up.
  virtual void on_established(IkeSa& sa) = 0;
  virtual void on_rekeyed(IkeSa& old, IkeSa& successor) = 0;
  // Moves the CHILD_SAs of `from` to `to` (IKE rekey).
  virtual void adopt_children(IkeSa& from, IkeSa& to) = 0;
  // Ends another SA than the one the exchange runs on (INITIAL_CONTACT, rekeyed SAs' timers).
  virtual void destroy_sa(IkeSa& sa, const std::string& reason, bool failed) = 0;
  // Completions waiting on an IKE SA or a CHILD_SA, finished once with the outcome.
  virtual void complete_ike(std::uint32_t ike_id, const Status& status) = 0;
  virtual void complete_child(std::uint32_t child_id, const Status& status) = 0;

  // --- effects on CHILD_SAs ----------------------------------------------------------------
  virtual Result<std::uint32_t> allocate_spi() = 0;
  virtual void release_spi(std::uint32_t spi) = 0;
  virtual std::uint32_t next_child_id() = 0;
  // The reqid of a new (not rekeyed) CHILD_SA (see ReqidAllocator::reqid_for_selectors).
  virtual std::uint32_t reqid_for_child(const IkeSa& sa, const config::Child& child,
                                        const ike::Selectors& local_ts,
                                        const ike::Selectors& remote_ts) = 0;
  virtual Status install_child(IkeSa& sa, ChildSa& child, const ChildKeys& keys,
                               bool install_outbound) = 0;
  virtual Status install_outbound(IkeSa& sa, ChildSa& child, const ChildKeys& keys) = 0;
  // Keys of rekeyed-but-not-yet-installed outbound SAs (rekey responder, RFC 7296 2.8 race).
  virtual std::map<std::uint32_t, ChildKeys>& pending_outbound() = 0;
  virtual void schedule_child_timers(IkeSa& sa, ChildSa& child) = 0;
  // Removes the child from the SA (and the data plane) and applies its action.
  virtual void remove_child(IkeSa& sa, ChildSa& child, ChildEnd why) = 0;
  // Virtual IPs (configuration payload): the pools we lease from, the device we install on.
  virtual ike::AddressPools& address_pools() = 0;
  virtual dataplane::Backend& dataplane() = 0;

  // --- SA events for `oakctl monitor` and updown scripts ------------------------------------
  virtual void emit_child_event(ike::SaEventKind kind, const IkeSa& sa, const ChildSa& child,
                                std::string reason = {}) = 0;
  // A CHILD_SA that was never installed: only its configured name is known.
  virtual void emit_child_failed(const IkeSa& sa, std::string_view child, std::string reason) = 0;
};

}  // namespace oakley::ikev2
