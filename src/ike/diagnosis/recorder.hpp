// The evidence one engine keeps per connection for `oakctl diagnose`, and the call that turns it
// into findings. Engines feed it at the points where they already send, receive and log: a
// request sent (every retransmit too), a message received, a failure with what they know of it,
// an SA established. Bounded: one Evidence per configured connection name (keep_only(): names
// the configuration no longer has are forgotten, and nothing is recorded for them), a few peer
// ports per SA, one sample per live CHILD_SA.
//
// Which failure is "the" cause: a spoofable one (spoofable()) never replaces one that is not;
// it is kept beside it (Evidence::spoofable_failure) until an unspoofable failure or an
// established SA. Anyone can send an IKE_SA_INIT or a first Main Mode message from any address
// with any proposal: without this rule a single forged datagram would hide, say, the
// AUTHENTICATION_FAILED our last IKE_AUTH got.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "config/connection.hpp"
#include "dataplane/backend.hpp"
#include "ike/diagnosis/evidence.hpp"
#include "ike/diagnosis/rules.hpp"
#include "ike/sa_info.hpp"

namespace oakley::ike::diagnosis {

// A failure the peer caused before it could have proven anything, by a message any host can send
// with a forged source address: as responder, in IKE_SA_INIT or IKEv1 Main / Aggressive Mode
// (IKEv1 does not tell which Main Mode message failed, so a responder's Main Mode failure counts
// as spoofable even when it came later), and a responder's half-open timeout. Everything else
// answers a request of ours (its SPIs and message ID must match), was encrypted under keys of an
// exchange we answered, or is our own timer: not spoofable from another address.
bool spoofable(const Failure& failure);

// At most this many of the peer's ports per SA (500, 4500 and NAT mappings); more are not kept.
inline constexpr std::size_t kMaxPorts = 4;

class Recorder {
 public:
  explicit Recorder(int version) : version_(version) {}

  // One transmission of a request of ours that waits for an answer (the first, and each
  // `retransmit`): `bytes` of its first packet, `packets` > 1 when it went as IKE fragments.
  void request_sent(const std::string& connection, std::uint32_t sa_id, std::string_view exchange,
                    std::uint32_t message_id, const Endpoint& to, std::size_t bytes,
                    std::size_t packets, bool retransmit, TimePoint now);
  // A message the engine accepted from the peer. `answers`: it answers our request `message_id`.
  void received(const std::string& connection, std::uint32_t sa_id, std::string_view exchange,
                bool response, std::uint32_t message_id, bool answers, const Endpoint& from,
                TimePoint now);
  // A failure; the newest per connection is kept, ranked as the header says. A structured one is
  // kept over the plain reason the engine records for the same SA right after it
  // (failed_because).
  void failed(const std::string& connection, std::uint32_t sa_id, Failure failure, TimePoint now);
  // The engine's reason in words (destroy_sa, failed Quick Mode): classified, unless a
  // structured failure of this SA was recorded already (then it only becomes its detail).
  // `we_initiated`: of the failed exchange, when the engine knows it (Phase 1, IKE_SA_INIT,
  // IKE_AUTH: the SA's role); without it, whether our request on this SA is the newest.
  void failed_because(const std::string& connection, std::uint32_t sa_id, Phase phase,
                      const std::string& reason, const Endpoint& peer, TimePoint now,
                      std::optional<bool> we_initiated = std::nullopt);
  // Whether the newest failure of SA `sa_id` was kept only beside an unspoofable one (it is
  // Evidence::spoofable_failure): the engines then leave "last attempt failed" as it is too.
  bool outranked(std::string_view connection, std::uint32_t sa_id) const;
  // The IKE SA is up: failures before it are history.
  void established(const std::string& connection);

  // After a (re)load: forgets the evidence of every connection `config` no longer has and, from
  // now on, records nothing for a name outside it. Until it is first called, every name counts.
  void keep_only(const config::Config& config);
  // How many connections have evidence: never more than the configuration's.
  std::size_t size() const { return by_connection_.size(); }

  const Evidence* evidence(std::string_view connection) const;

  // Appends the findings about `connection` (its SAs, as list_sas() shows them) to `out` as
  // lines (finding.hpp). Reads each CHILD_SA's drop counters from `dataplane` (null: none) and
  // remembers its packet counters, to tell next time how long they stood still.
  void append_findings(std::vector<std::string>& out, const config::Connection& connection,
                       std::vector<IkeSaInfo> sas, const dataplane::Backend* dataplane,
                       TimePoint now) const;
  // The list-sas line of an SA that is not up.
  std::string summary(const IkeSaInfo& sa, TimePoint now) const;

 private:
  // The evidence of `connection`, null for a name the configuration does not have.
  Evidence* of(const std::string& connection);
  // Per CHILD_SA of `sas`: how long its counters stood still, its drops; updates the samples.
  std::map<std::uint32_t, ChildCounters> sample(Evidence& ev, const std::vector<IkeSaInfo>& sas,
                                                const dataplane::Backend* dataplane,
                                                TimePoint now) const;

  int version_;
  std::optional<std::set<std::string, std::less<>>> known_;  // keep_only()'s names
  // Mutable: diagnose() is a query, but each look also samples the CHILD_SA counters.
  mutable std::map<std::string, Evidence, std::less<>> by_connection_;
};

}  // namespace oakley::ike::diagnosis
