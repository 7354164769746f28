// The JSON shapes of oakctl's list-sas and list-conns answers (src/control/COMMANDS.md), built
// from the engines' SA snapshots and the loaded configuration.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "config/config.hpp"
#include "ike/sa_info.hpp"

namespace oakley::daemon {

nlohmann::json ike_sas_json(const std::vector<ike::IkeSaInfo>& sas);
nlohmann::json connections_json(const config::Config& config);

}  // namespace oakley::daemon
