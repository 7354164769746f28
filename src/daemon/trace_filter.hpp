// `trace`'s arguments as a log filter (common/log_filter.hpp): {"level"?: L, "connection"?: C,
// "peer"?: ADDR}, each optional and combinable. The level defaults to the daemon's and may be more
// verbose than it: only this trace gets those lines, the log file keeps the daemon's level.
#pragma once

#include <string>

#include "common/log.hpp"
#include "common/log_filter.hpp"
#include "common/result.hpp"
#include "control/protocol.hpp"

namespace oakley::daemon {

Result<log::Filter> trace_filter(const control::Json& args, log::Level daemon_level);

// What a trace shows, in words, for its first event: "tracing debug lines of peer 192.0.2.1".
std::string describe_trace(const log::Filter& filter);

}  // namespace oakley::daemon
