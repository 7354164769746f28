// The JSON of oakctl's list-certs answer (src/control/COMMANDS.md): what the configuration's
// credential store loaded.
#pragma once

#include <nlohmann/json.hpp>

#include "config/config.hpp"

namespace oakley::daemon {

nlohmann::json certificates_json(const config::Config& config);

}  // namespace oakley::daemon
