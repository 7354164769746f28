// The evidence one engine keeps per connection for `oakctl diagnose`, and the call that turns it
// into findings. Engines feed it at the points where they already send, receive and log: a
// request sent (every retransmit too), a message received, a failure with what they know of it,
// an SA established. Bounded: one Evidence per configured connection name, one sample per live
// CHILD_SA of it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/connection.hpp"
#include "dataplane/backend.hpp"
#include "ike/diagnosis/evidence.hpp"
#include "ike/diagnosis/rules.hpp"
#include "ike/sa_info.hpp"

namespace oakley::ike::diagnosis {

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
  // A failure; the newest per connection is kept. A structured one is kept over the plain reason
  // the engine records for the same SA right after it (failed_because).
  void failed(const std::string& connection, std::uint32_t sa_id, Failure failure, TimePoint now);
  // The engine's reason in words (destroy_sa, failed Quick Mode): classified, unless a
  // structured failure of this SA was recorded already (then it only becomes its detail).
  void failed_because(const std::string& connection, std::uint32_t sa_id, Phase phase,
                      const std::string& reason, const Endpoint& peer, TimePoint now);
  // The IKE SA is up: failures before it are history.
  void established(const std::string& connection);

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
  Evidence& of(const std::string& connection) { return by_connection_[connection]; }
  // Per CHILD_SA of `sas`: how long its counters stood still, its drops; updates the samples.
  std::map<std::uint32_t, ChildCounters> sample(Evidence& ev, const std::vector<IkeSaInfo>& sas,
                                                const dataplane::Backend* dataplane,
                                                TimePoint now) const;

  int version_;
  // Mutable: diagnose() is a query, but each look also samples the CHILD_SA counters.
  mutable std::map<std::string, Evidence, std::less<>> by_connection_;
};

}  // namespace oakley::ike::diagnosis
