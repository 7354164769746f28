// The JSON of oakctl's list-certs answer (src/control/COMMANDS.md): what the configuration's
// credential store loaded.
#pragma once

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "credentials/loaded_config.hpp"

namespace oakley::daemon {

nlohmann::json certificates_json(const credentials::LoadedConfig& config);

}  // namespace oakley::daemon
