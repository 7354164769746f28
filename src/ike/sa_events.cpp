#include "ike/sa_events.hpp"

namespace oakley::ike {

std::string_view sa_event_kind_name(SaEventKind kind) {
  switch (kind) {
    case SaEventKind::kIkeUp:
      return "ike_up";
    case SaEventKind::kIkeDown:
      return "ike_down";
    case SaEventKind::kIkeRekeyed:
      return "ike_rekeyed";
    case SaEventKind::kIkeFailed:
      return "ike_failed";
    case SaEventKind::kChildUp:
      return "child_up";
    case SaEventKind::kChildDown:
      return "child_down";
    case SaEventKind::kChildRekeyed:
      return "child_rekeyed";
    case SaEventKind::kChildFailed:
      return "child_failed";
  }
  return "unknown";
}

bool is_child_event(SaEventKind kind) {
  return kind == SaEventKind::kChildUp || kind == SaEventKind::kChildDown ||
         kind == SaEventKind::kChildRekeyed || kind == SaEventKind::kChildFailed;
}

}  // namespace oakley::ike
