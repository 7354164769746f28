#include "tools/oakload/load_config.hpp"

#include <fmt/format.h>

namespace oakley::oakload {
namespace {

// A PSK in 0x/0s form is written as is; anything else is quoted (options.cpp refuses quotes).
std::string secret_value(const std::string& psk) {
  if (psk.starts_with("0x") || psk.starts_with("0s")) return psk;
  return fmt::format("\"{}\"", psk);
}

std::string connection_text(const LoadOptions& o, std::size_t k) {
  std::string local_addrs = o.sources.empty() ? "%any" : o.sources[k].to_string();
  return fmt::format(R"(    {} {{
        version = 2
        local_addrs = {}
        remote_addrs = {}
        remote_port = {}
        proposals = {}
        local {{
            auth = psk
        }}
        remote {{
            auth = psk
            id = {}
        }}
        children {{
            {} {{
                local_ts = {}
                remote_ts = {}
                esp_proposals = {}
            }}
        }}
    }}
)",
                     connection_name(o, k), local_addrs, o.remote.to_string(), o.remote_port,
                     o.proposals, o.remote_id, kChildName, o.local_ts, o.remote_ts,
                     o.esp_proposals);
}

}  // namespace

std::string connection_name(const LoadOptions& options, std::size_t source_index) {
  if (options.sources.size() <= 1) return "oakload";
  return fmt::format("oakload-{}", source_index + 1);
}

std::string config_text(const LoadOptions& o, const BoundPorts& ports) {
  std::string text = "connections {\n";
  std::size_t connections = std::max<std::size_t>(o.sources.size(), 1);
  for (std::size_t k = 0; k < connections; ++k)
    text += connection_text(o, k);
  text += "}\n";
  // No owner ids: the key serves every c<i>@domain, as the responder's %any secret does.
  text += fmt::format("secrets {{\n    ike-oakload {{\n        secret = {}\n    }}\n}}\n",
                      secret_value(o.psk));
  // The engine takes its ports from here: with port 0 on the command line these are the ports
  // the sockets actually got, so moving to the NAT-T port after NAT detection picks our socket.
  text += fmt::format("oakley {{\n    port = {}\n    port_nat_t = {}\n    dataplane = none\n}}\n",
                      ports.ike, ports.natt);
  return text;
}

Result<std::shared_ptr<const credentials::LoadedConfig>> build_config(const LoadOptions& options,
                                                                      const BoundPorts& ports) {
  // PSK only: no certificates to load beside a file.
  auto config = config::load_string(config_text(options, ports), "<oakload options>");
  if (!config) return config.take_error();
  return std::shared_ptr<const credentials::LoadedConfig>(
      std::make_shared<credentials::LoadedConfig>(std::move(config).value()));
}

}  // namespace oakley::oakload
