// Counters of the IKEv2 engine, for `oakctl stats` and the load generator's summary.
#pragma once

#include <cstdint>

namespace oakley::ikev2 {

struct EngineStats {
  std::uint64_t messages_in = 0;
  std::uint64_t messages_out = 0;
  std::uint64_t retransmits_sent = 0;
  std::uint64_t retransmits_answered = 0;  // requests answered from the response cache
  std::uint64_t invalid_messages = 0;      // unparsable or failing integrity
  std::uint64_t unknown_spi = 0;
  std::uint64_t unexpected_message_id = 0;
  std::uint64_t dropped_busy = 0;  // requests dropped while a worker computed for the SA
  std::uint64_t cookies_sent = 0;
  std::uint64_t cookies_rejected = 0;
  std::uint64_t init_dropped_half_open_limit = 0;
  std::uint64_t ike_established = 0;
  std::uint64_t ike_failed = 0;
  std::uint64_t ike_rekeyed = 0;
  std::uint64_t auth_failures = 0;
  // IKE_AUTH matched a connection whose proposals exclude the IKE_SA_INIT choice (also counted in
  // auth_failures).
  std::uint64_t auth_proposal_mismatch = 0;
  std::uint64_t no_proposal_chosen = 0;
  std::uint64_t child_installed = 0;
  std::uint64_t child_failed = 0;
  // CREATE_CHILD_SA request or answer without the KE its PFS group requires (also child_failed).
  std::uint64_t child_ke_missing = 0;
  std::uint64_t child_rekeyed = 0;
  std::uint64_t child_deleted = 0;
  std::uint64_t rekey_collisions = 0;
  std::uint64_t dpd_sent = 0;
  std::uint64_t peers_dead = 0;
  std::uint64_t acquires = 0;
  std::uint64_t vips_refused = 0;  // CFG_REPLY addresses not taken (unrequested, extra, unusable)
  // RFC 7383 fragments and message size (max_packet, max_fragments): every reason a fragment or an
  // oversized message is dropped.
  std::uint64_t oversized_messages = 0;            // datagram or reassembled message > max_packet
  std::uint64_t fragments_unnegotiated = 0;        // SKF although fragmentation was not negotiated
  std::uint64_t fragments_over_limit = 0;          // Total Fragments > max_fragments
  std::uint64_t fragments_inconsistent = 0;        // smaller Total Fragments than the reassembly's
  std::uint64_t fragment_retransmits_ignored = 0;  // retransmitted request fragments other than #1
  std::uint64_t reassemblies_expired = 0;          // not complete in time
  std::uint64_t reassemblies_superseded = 0;       // a newer message (or larger total) replaced one
};

}  // namespace oakley::ikev2
