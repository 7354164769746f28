// Counters of the IKEv1 engine, for `oakctl stats` and the tests.
#pragma once

#include <cstdint>

namespace oakley::ikev1 {

struct EngineStats {
  std::uint64_t messages_in = 0;
  std::uint64_t messages_out = 0;
  std::uint64_t retransmits_sent = 0;
  std::uint64_t retransmits_answered = 0;  // identical messages answered from the cache
  std::uint64_t invalid_messages = 0;      // unparsable, undecryptable or failing their HASH
  std::uint64_t unknown_cookies = 0;       // no ISAKMP SA has these cookies
  std::uint64_t replays_dropped = 0;
  // New message IDs refused because their SA holds IsakmpSa::kMaxMessageIds already, and SAs
  // replaced for reaching that limit.
  std::uint64_t message_ids_exhausted = 0;
  std::uint64_t message_id_limit_reached = 0;
  std::uint64_t fragments_received = 0;
  std::uint64_t messages_reassembled = 0;
  // Fragments dropped: no ISAKMP SA has their cookies (and they are no responder's first message),
  // fragmentation is off for the SA or the peer, a reassembly limit (count, bytes, per SA, per
  // address), or numbering that is not exactly 1..LAST (or a whole of other cookies).
  std::uint64_t fragments_unknown_sa = 0;
  std::uint64_t fragments_unnegotiated = 0;
  std::uint64_t fragments_over_limit = 0;
  std::uint64_t fragments_inconsistent = 0;
  std::uint64_t reassemblies_expired = 0;  // partial messages dropped after their timeout
  std::uint64_t dropped_busy = 0;  // arrived while a worker computed for the SA, block_threshold
  // Flood limits: MM1/AM1 beyond ikev1_half_open_limit; AM1 from an address that never returned
  // our cookie while cookie_threshold SAs are half-open; MM3/AM1 beyond ikev1_dh_rate.
  std::uint64_t phase1_dropped_half_open_limit = 0;
  std::uint64_t half_open_evicted = 0;  // unverified half-open SAs replaced at that limit
  std::uint64_t aggressive_unverified_dropped = 0;
  std::uint64_t dh_rate_limited = 0;
  std::uint64_t phase1_established = 0;
  std::uint64_t phase1_failed = 0;
  std::uint64_t phase1_rekeyed = 0;
  std::uint64_t auth_failures = 0;
  std::uint64_t no_proposal_chosen = 0;
  std::uint64_t aggressive_refused = 0;
  std::uint64_t quick_modes_completed = 0;
  std::uint64_t quick_modes_failed = 0;
  std::uint64_t invalid_id_information = 0;
  // Quick Modes refused since the connection leases virtual IPs for its 'dynamic' remote_ts and
  // the peer took none with Mode Config (counted in invalid_id_information too)
  std::uint64_t quick_modes_without_lease = 0;
  // Mode Config client: further addresses of a family the gateway assigned, not installed
  std::uint64_t vips_ignored = 0;
  std::uint64_t responder_lifetime_sent = 0;
  std::uint64_t responder_lifetime_received = 0;
  std::uint64_t child_installed = 0;
  std::uint64_t child_rekeyed = 0;
  std::uint64_t child_deleted = 0;
  std::uint64_t deletes_received = 0;
  // DELETEs naming an IPsec SA of another peer's ISAKMP SA (another XAuth user's): ignored
  std::uint64_t deletes_refused = 0;
  // INITIAL-CONTACT before Phase 1 or XAuth completed: held until then (not acted on if it fails)
  std::uint64_t initial_contacts_deferred = 0;
  std::uint64_t notifies_received = 0;
  std::uint64_t dpd_sent = 0;
  std::uint64_t dpd_acks_received = 0;
  std::uint64_t dpd_answered = 0;
  std::uint64_t peers_dead = 0;
  std::uint64_t keepalives_sent = 0;
  std::uint64_t acquires = 0;
};

}  // namespace oakley::ikev1
