// The configuration oakload initiates with, written as swanctl.conf text and read by the same
// loader as oakleyd's file, so every proposal keyword, selector and PSK form means what it means
// there. One connection per source address (its local_addrs picks the address), one CHILD_SA.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "config/config.hpp"
#include "credentials/loaded_config.hpp"
#include "tools/oakload/options.hpp"

namespace oakley::oakload {

struct BoundPorts {
  std::uint16_t ike = 500;
  std::uint16_t natt = 4500;
};

inline constexpr const char* kChildName = "net";

// Connection names: "oakload" with one source (or none), "oakload-<k>" for the k-th of several.
std::string connection_name(const LoadOptions& options, std::size_t source_index);

std::string config_text(const LoadOptions& options, const BoundPorts& ports);

// The parsed configuration; the error carries the loader's file:line findings, with the generated
// text standing for the file.
Result<std::shared_ptr<const credentials::LoadedConfig>> build_config(const LoadOptions& options,
                                                                      const BoundPorts& ports);

}  // namespace oakley::oakload
