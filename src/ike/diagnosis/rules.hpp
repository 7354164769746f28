// The diagnosis rules: pure functions from what was recorded about a connection (evidence.hpp)
// and a snapshot of its SAs to findings, each with its evidence and its fix. Nothing here reads a
// clock, a socket or the data plane: the caller (Recorder) gathers the inputs, so every rule is
// tested alone (tests/ike/diagnosis_rules_test.cpp).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/timer_service.hpp"
#include "config/connection.hpp"
#include "ike/diagnosis/evidence.hpp"
#include "ike/diagnosis/finding.hpp"
#include "ike/sa_info.hpp"

namespace oakley::ike::diagnosis {

// What the data plane says about one CHILD_SA beyond list-sas' counters.
struct ChildCounters {
  // How long packets_in / packets_out have not moved (since installation when they never did);
  // nullopt: unknown (the first look at a child that already carried traffic).
  std::optional<std::int64_t> in_quiet_seconds, out_quiet_seconds;
  std::uint64_t too_big = 0;      // outbound packets with no room for the ESP overhead
  std::uint64_t send_errors = 0;  // outbound packets the network refused (EMSGSIZE, ...)
  std::uint64_t auth_failed = 0;  // inbound packets whose ICV did not verify
};

struct Inputs {
  int version = 2;
  const config::Connection* connection = nullptr;
  const Evidence* evidence = nullptr;
  std::vector<IkeSaInfo> sas;                       // the connection's SAs
  std::map<std::uint32_t, ChildCounters> counters;  // by CHILD_SA id
  TimePoint now{};
  std::int64_t quiet_seconds = 10;   // ESP silence shorter than this is not a finding
  std::size_t fragment_hint = 1280;  // larger IKE datagrams may be IP-fragmented on the path
};

std::vector<Finding> evaluate(const Inputs& in);

// One line for `oakctl list-sas` about an SA that is not up: what it waits for, since when.
// Empty for an established SA.
std::string waiting_summary(const IkeSaInfo& sa, const Evidence* evidence, TimePoint now);

// An IPsec SA pair (IKEv1 Quick Mode) whose lifetime RESPONDER-LIFETIME lowered. IKEv2 has no
// such notify (each side rekeys on its own schedule), so only the IKEv1 engine builds these.
struct LoweredLifetime {
  std::string child;
  std::uint32_t child_id = 0;
  std::uint64_t life_time = 0, rekey_time = 0;                 // the child's configuration, seconds
  std::uint64_t proposed_seconds = 0, proposed_kilobytes = 0;  // before it was lowered
  std::uint64_t seconds = 0, kilobytes = 0;                    // what the pair lives now
  bool by_peer = true;  // the peer's RESPONDER-LIFETIME lowered ours; false: ours lowered its
  std::int64_t seconds_ago = 0;  // when it was lowered
};
// "lifetime-lowered": a warning with both lifetimes, who lowered it and when, and the fix.
Finding lifetime_lowered(const LoweredLifetime& l);

// --- the rule groups evaluate() runs, for the tests -----------------------------------------
// No answer from the peer: on any port, on 4500 only, to a large message, DPD, half-open.
void path_findings(const Inputs& in, std::vector<Finding>& out);
// The newest negotiation failure: proposals, authentication, identities, certificates,
// selectors, IKEv1 lifetimes.
void negotiation_findings(const Inputs& in, std::vector<Finding>& out);
// CHILD_SA traffic (ESP one way only), data-plane drops (MTU), NAT.
void traffic_findings(const Inputs& in, std::vector<Finding>& out);
// The transform-by-transform comparison of two proposal lists; `pfs`: DH groups are PFS groups.
struct Comparison {
  std::vector<std::string> lines;       // "encryption: we offer X, the peer Y: nothing in common"
  std::vector<std::string> mismatched;  // the types with nothing in common ("encryption")
  bool dh_missing_ours = false;         // the peer offers a DH (PFS) group, we none
  bool dh_missing_theirs = false;       // we offer a DH (PFS) group, the peer none
  bool lifetime_only = false;           // IKEv1: algorithms match, the peer's lifetime is longer
};
Comparison compare_offers(const std::vector<Offer>& ours, const std::vector<Offer>& theirs,
                          bool pfs, std::uint64_t our_lifetime);

}  // namespace oakley::ike::diagnosis
