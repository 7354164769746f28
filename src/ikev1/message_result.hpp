// What became of a received IKEv1 message, told by which engine counter it moved (see
// ike/message_counters.hpp). A counter added to EngineStats for a new kind of drop belongs here
// too, or its messages count as processed. (initial_contacts_deferred and vips_ignored are not
// drops: the message is processed, part of it waits or is left out.)
#pragma once

#include "ike/message_counters.hpp"
#include "ikev1/engine_stats.hpp"

namespace oakley::ikev1 {

inline ike::MessageResult inbound_result(const EngineStats& before, const EngineStats& after) {
  using R = ike::MessageResult;
  if (after.fragments_unknown_sa != before.fragments_unknown_sa) return R::kUnknownSa;
  if (after.fragments_unnegotiated != before.fragments_unnegotiated ||
      after.fragments_over_limit != before.fragments_over_limit ||
      after.fragments_inconsistent != before.fragments_inconsistent) {
    return R::kInvalid;
  }
  // A reassembled message went through the engine on its own (and was counted there).
  if (after.fragments_received != before.fragments_received) return R::kFragment;
  if (after.invalid_messages != before.invalid_messages) return R::kInvalid;
  // Refused for the state of the SA: a Quick Mode without the Mode Config it needs.
  if (after.quick_modes_without_lease != before.quick_modes_without_lease) return R::kInvalid;
  if (after.deletes_refused != before.deletes_refused) return R::kInvalid;
  if (after.unknown_cookies != before.unknown_cookies) return R::kUnknownSa;
  if (after.replays_dropped != before.replays_dropped) return R::kReplay;
  // An ID we can no longer remember cannot be told from a replay.
  if (after.message_ids_exhausted != before.message_ids_exhausted) return R::kReplay;
  if (after.retransmits_answered != before.retransmits_answered) return R::kRetransmit;
  if (after.dropped_busy != before.dropped_busy ||
      after.dh_rate_limited != before.dh_rate_limited) {
    return R::kBusy;
  }
  if (after.phase1_dropped_half_open_limit != before.phase1_dropped_half_open_limit ||
      after.aggressive_unverified_dropped != before.aggressive_unverified_dropped) {
    return R::kHalfOpenLimit;
  }
  return R::kProcessed;
}

}  // namespace oakley::ikev1
