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
  std::uint64_t no_proposal_chosen = 0;
  std::uint64_t child_installed = 0;
  std::uint64_t child_failed = 0;
  std::uint64_t child_rekeyed = 0;
  std::uint64_t child_deleted = 0;
  std::uint64_t rekey_collisions = 0;
  std::uint64_t dpd_sent = 0;
  std::uint64_t peers_dead = 0;
  std::uint64_t acquires = 0;
};

}  // namespace oakley::ikev2
