#include "dataplane/counters.hpp"

#include <numeric>

namespace oakley::dataplane {

std::string_view drop_reason_name(DropReason r) {
  switch (r) {
    case DropReason::kNone:
      return "none";
    case DropReason::kMalformed:
      return "malformed";
    case DropReason::kNoSa:
      return "no_sa";
    case DropReason::kAuthFailed:
      return "auth_failed";
    case DropReason::kReplay:
      return "replay";
    case DropReason::kBadPadding:
      return "bad_padding";
    case DropReason::kBadNextHeader:
      return "bad_next_header";
    case DropReason::kDummy:
      return "dummy";
    case DropReason::kPolicyMismatch:
      return "policy_mismatch";
    case DropReason::kNoPolicy:
      return "no_policy";
    case DropReason::kPolicyDrop:
      return "policy_drop";
    case DropReason::kNoOutboundSa:
      return "no_outbound_sa";
    case DropReason::kAcquireQueueFull:
      return "acquire_queue_full";
    case DropReason::kLifetimeExpired:
      return "lifetime_expired";
    case DropReason::kSequenceOverflow:
      return "sequence_overflow";
    case DropReason::kCryptoError:
      return "crypto_error";
    case DropReason::kTooBig:
      return "too_big";
    case DropReason::kIoError:
      return "io_error";
    case DropReason::kCount:
      break;
  }
  return "?";
}

std::uint64_t SaCounters::error_total() const {
  return std::accumulate(errors.begin(), errors.end(), std::uint64_t{0});
}

std::uint64_t DataplaneStats::drop_total() const {
  return std::accumulate(drops.begin(), drops.end(), std::uint64_t{0});
}

}  // namespace oakley::dataplane
