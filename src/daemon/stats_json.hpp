// `oakctl stats`: the engines', the sockets' and the data plane's counters as one JSON tree.
#pragma once

#include <nlohmann/json.hpp>

namespace oakley::daemon {

class Daemon;

nlohmann::json stats_json(const Daemon& daemon);

}  // namespace oakley::daemon
