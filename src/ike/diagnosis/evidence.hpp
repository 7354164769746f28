// What `oakctl diagnose` rests on, as both engines record it per connection: the failures of the
// last attempts as structured values (what we offered and what the peer offered, the identity
// it sent and the one we expect, its selectors and ours), the last request we sent with its
// retransmits and whether it was answered, what arrived from the peer on which port and when.
// The rules (rules.hpp) turn this, with a snapshot of the connection's SAs, into findings.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ip_address.hpp"
#include "common/timer_service.hpp"
#include "ike/proposal.hpp"
#include "ike/traffic_selectors.hpp"

namespace oakley::ike::diagnosis {

// Where a negotiation failed, in the words of the version that ran it.
enum class Phase : std::uint8_t {
  kUnknown,
  kIkeSaInit,
  kIkeIntermediate,  // RFC 9242: between IKE_SA_INIT and IKE_AUTH, already encrypted
  kIkeAuth,
  kCreateChildSa,
  kInformational,
  kMainMode,
  kAggressiveMode,
  kQuickMode,
};
std::string_view phase_name(Phase p);  // "IKE_SA_INIT", "Main Mode", ...

enum class Cause : std::uint8_t {
  kOther,            // only the engine's reason in words is known
  kNoAnswer,         // our request was retransmitted until we gave up
  kPeerDead,         // DPD (or a request on an established SA) found the peer gone
  kHalfOpen,         // responder: the peer started but never finished (half-open timeout)
  kProposal,         // no common proposal (algorithms, PFS group, IKEv1 lifetime)
  kPskMismatch,      // the peer's PSK proof did not verify: the keys differ
  kAuthRefused,      // the peer refused our authentication (AUTHENTICATION_FAILED, ...)
  kAuthMethod,       // the peer authenticates otherwise than the connection expects
  kNoSecret,         // no PSK for the pair of identities
  kIdMismatch,       // the identity the peer sent is not the one we expect
  kCertUntrusted,    // its certificate does not chain to a CA we trust
  kCertExpired,      // not valid yet or any more
  kCertIdentity,     // its certificate does not contain the identity it claims
  kCertRevoked,      // revoked (OCSP or CRL)
  kSignature,        // its signature does not verify
  kTrafficSelector,  // no overlap of the proposed selectors (proxy IDs) and ours
};
std::string_view cause_name(Cause c);  // a stable code: "proposal-mismatch", "psk-mismatch", ...

// One proposal (IKEv2) or Phase 1 / Quick Mode transform set (IKEv1) as the rules compare them.
struct Offer {
  Proposal proposal;
  std::string auth;                // IKEv1 Phase 1: its authentication method ("PSK", "RSA_SIG")
  std::uint64_t life_seconds = 0;  // IKEv1: the lifetime it carries (0: none)
  std::string mode;                // IKEv1 Quick Mode: "TUNNEL" or "TRANSPORT"
};

struct Failure {
  Cause cause = Cause::kOther;
  Phase phase = Phase::kUnknown;
  bool child = false;        // about a CHILD_SA / IPsec SA (its proposal, its selectors)
  bool we_initiated = true;  // of the exchange that failed
  // Set by the Recorder (spoofable()): the message that caused it may come from anyone.
  bool spoofable = false;
  std::uint32_t sa_id = 0;  // the IKE SA it happened on (0: none was created)
  std::string child_name;   // the configured child, when known
  std::string detail;       // the engine's reason, as logged
  std::string peer_notify;  // the error the peer answered with ("NO_PROPOSAL_CHOSEN"), if any
  Endpoint peer;            // where the peer was (responder: where the request came from)
  TimePoint at{};
  std::optional<TimePoint> last_heard;  // the last authenticated message from the peer

  // kProposal: both sides' proposals; `theirs` empty when the peer only refused ours.
  std::vector<Offer> ours, theirs;
  // kProposal (IKEv1 Phase 1): our lifetime limit and the shortest the peer offered.
  std::uint64_t our_lifetime = 0, peer_lifetime = 0;
  // kIdMismatch (and certificate problems): the identity the peer sent, the one we expect.
  std::string peer_id, expected_id;
  // kTrafficSelector: what the peer proposed (its side first) and what our config allows.
  Selectors peer_local_ts, peer_remote_ts;
  Selectors our_local_ts, our_remote_ts;
};

// The newest request of ours on the connection: its sends, and whether the peer answered it.
struct SentRequest {
  std::uint32_t sa_id = 0;
  std::string exchange;  // "IKE_AUTH", "Main Mode", "Quick Mode", "INFORMATIONAL"
  std::uint32_t message_id = 0;
  Endpoint to;
  std::size_t bytes = 0;    // the first packet
  std::size_t packets = 1;  // > 1: sent as IKE fragments
  unsigned sends = 0;       // first transmission + retransmits
  TimePoint first_sent{}, last_sent{};
  std::optional<TimePoint> answered;
};

// The newest message from the peer.
struct ReceivedMessage {
  std::uint32_t sa_id = 0;
  std::string exchange;
  bool response = false;
  Endpoint from;
  TimePoint at{};
};

// One of the peer's ports, for the SA negotiating now: did messages get there and back?
struct PortActivity {
  unsigned sent = 0, received = 0;
  TimePoint last_sent{}, last_received{};
};

// A CHILD_SA's counters as the last diagnose saw them: when packets_in / packets_out last moved.
struct TrafficSample {
  std::uint64_t packets_in = 0, packets_out = 0;
  TimePoint in_moved{}, out_moved{};
};

struct Evidence {
  std::optional<SentRequest> request;
  std::optional<ReceivedMessage> received;
  std::uint32_t ports_sa = 0;                   // the SA the port activity is about
  std::map<std::uint16_t, PortActivity> ports;  // by the peer's port
  // The newest failure, unless it is spoofable and an unspoofable one came before it: then that
  // one stays here and the spoofable one goes to `spoofable_failure` (recorder.hpp).
  std::optional<Failure> failure;
  std::optional<Failure> spoofable_failure;        // newer than `failure`, and not trusted over it
  std::map<std::uint32_t, TrafficSample> traffic;  // by CHILD_SA id
};

}  // namespace oakley::ike::diagnosis
