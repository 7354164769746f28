// oakload's command line: what to initiate, against whom, how many at once, and what to do with
// each SA once it is up. Parsing and validation only, so it is tested without a network.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/ip_address.hpp"
#include "common/log.hpp"

namespace oakley::oakload {

struct LoadOptions {
  IpAddress remote;
  std::uint16_t remote_port = 500;
  // Source addresses; SAs take them in turn. Empty: the kernel's choice for `remote`.
  std::vector<IpAddress> sources;
  std::uint16_t port = 0;       // our IKE port; 0: any free port
  std::uint16_t natt_port = 0;  // our NAT-T port; 0: any free port

  std::uint64_t count = 1;
  std::uint64_t concurrency = 10;
  std::uint64_t first_index = 1;  // identities are c<first_index>@domain ... on

  std::string psk;
  std::string proposals = "aes128-sha256-x25519";
  std::string esp_proposals = "aes128gcm16";
  std::string id_domain = "load.test";
  std::string remote_id = "%any";
  std::string local_ts = "dynamic";
  std::string remote_ts = "dynamic";
  // Each SA proposes its own host address from this prefix as local_ts (c1 the first host, ...),
  // as remote-access clients with distinct inner addresses would.
  std::optional<TrafficSelector> ts_pool;

  bool rekey_ike = false;
  bool rekey_child = false;
  bool delete_after = false;
  double timeout_s = 30;  // per SA, for everything it does
  double progress_s = 1;  // 0: no progress lines
  double hold_s = 0;      // keep the SAs this long after the run before exiting
  bool json = false;
  unsigned workers = 0;  // crypto threads; 0: one per core
  log::Level log_level = log::Level::kError;

  // Half-open flood: spoofed IKE_SA_INIT requests per second from random addresses of
  // `flood_from`, sent with raw sockets while the run lasts.
  double flood_rate = 0;
  TrafficSelector flood_from = TrafficSelector::from_prefix(*IpAddress::parse("198.18.0.0"), 16);
};

struct ParsedOptions {
  std::optional<LoadOptions> options;  // set when the run should start
  int exit_code = 0;                   // otherwise: 0 after --help/--version, 2 for a usage error
  std::string output;                  // the help text or the usage error
};

// `args` excludes the program name.
ParsedOptions parse_options(const std::vector<std::string>& args);

// The identity of the i-th SA (0-based): c<first_index + i>@<id_domain>.
std::string identity_of(const LoadOptions& options, std::uint64_t i);

}  // namespace oakley::oakload
