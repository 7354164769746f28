// Which lines one `oakctl trace` shows: those up to its level and, when it names a connection or
// a peer address, only those whose context (log_context.hpp) names the same. A line without a
// context is nobody's traffic: it passes only a filter that names neither.
#pragma once

#include <optional>
#include <string>

#include "common/ip_address.hpp"
#include "common/log.hpp"
#include "common/log_context.hpp"

namespace oakley::log {

struct Filter {
  Level level = Level::kInfo;
  std::string connection;         // empty: any
  std::optional<IpAddress> peer;  // none: any

  bool selects_traffic() const { return !connection.empty() || peer.has_value(); }
  // Thread-safe (const): runs in a log sink.
  bool matches(const Record& record) const;
};

}  // namespace oakley::log
