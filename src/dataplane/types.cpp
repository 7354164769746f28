#include "dataplane/types.hpp"

#include <fmt/format.h>

namespace oakley::dataplane {

std::string_view direction_name(Direction d) {
  return d == Direction::kInbound ? "in" : "out";
}

std::string_view mode_name(Mode m) {
  return m == Mode::kTunnel ? "tunnel" : "transport";
}

std::string_view policy_action_name(PolicyAction a) {
  switch (a) {
    case PolicyAction::kProtect:
      return "protect";
    case PolicyAction::kTrap:
      return "trap";
    case PolicyAction::kPass:
      return "pass";
    case PolicyAction::kDrop:
      return "drop";
  }
  return "?";
}

std::string SaId::to_string() const {
  return fmt::format("{} {:#010x} {} {}", direction_name(direction), spi,
                     direction == Direction::kInbound ? "from" : "to", remote.to_string());
}

std::string PolicyId::to_string() const {
  return local_ts.to_string() + " === " + remote_ts.to_string();
}

namespace {

struct EventPrinter {
  std::string operator()(const AcquireEvent& e) const {
    return fmt::format("ACQUIRE reqid {} {} === {}", e.reqid, e.local_ts.to_string(),
                       e.remote_ts.to_string());
  }
  std::string operator()(const SoftExpireEvent& e) const {
    return fmt::format("SOFT_EXPIRE {} reqid {}", e.sa.to_string(), e.reqid);
  }
  std::string operator()(const HardExpireEvent& e) const {
    return fmt::format("HARD_EXPIRE {} reqid {}", e.sa.to_string(), e.reqid);
  }
  std::string operator()(const SequenceOverflowEvent& e) const {
    return fmt::format("SEQUENCE_OVERFLOW_NEAR {} reqid {} at {}", e.sa.to_string(), e.reqid,
                       e.sequence);
  }
};

}  // namespace

std::string event_to_string(const Event& e) {
  return std::visit(EventPrinter{}, e);
}

}  // namespace oakley::dataplane
