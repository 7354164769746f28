// What became of a received IKEv2 message, told by which engine counter it moved (see
// ike/message_counters.hpp). A counter added to EngineStats for a new kind of drop belongs here
// too, or its messages count as processed.
#pragma once

#include "ike/message_counters.hpp"
#include "ikev2/engine_stats.hpp"

namespace oakley::ikev2 {

inline ike::MessageResult inbound_result(const EngineStats& before, const EngineStats& after) {
  using R = ike::MessageResult;
  if (after.invalid_messages != before.invalid_messages ||
      after.oversized_messages != before.oversized_messages ||
      after.fragments_unnegotiated != before.fragments_unnegotiated ||
      after.fragments_over_limit != before.fragments_over_limit ||
      after.fragments_inconsistent != before.fragments_inconsistent) {
    return R::kInvalid;
  }
  if (after.fragment_retransmits_ignored != before.fragment_retransmits_ignored) {
    return R::kRetransmit;
  }
  if (after.unknown_spi != before.unknown_spi) return R::kUnknownSa;
  if (after.unexpected_message_id != before.unexpected_message_id) return R::kUnexpectedId;
  if (after.retransmits_answered != before.retransmits_answered) return R::kRetransmit;
  if (after.dropped_busy != before.dropped_busy) return R::kBusy;
  if (after.init_dropped_half_open_limit != before.init_dropped_half_open_limit) {
    return R::kHalfOpenLimit;
  }
  if (after.cookies_sent != before.cookies_sent ||
      after.cookies_rejected != before.cookies_rejected)
    return R::kCookie;
  return R::kProcessed;
}

}  // namespace oakley::ikev2
