// Configurations for engine tests: the standard net-to-net tunnel between left (192.0.2.1, net
// 10.1.0.0/24) and right (192.0.2.2, net 10.2.0.0/24), and loading a test's configuration text or
// a swanctl.conf file with its certificates and keys.
#pragma once

#include <memory>
#include <string>

#include "common/result.hpp"
#include "credentials/loaded_config.hpp"
#include "credentials/revocation.hpp"

namespace oakley::test_support {

struct SideOptions {
  std::string proposals;    // IKE proposals; empty: the version's default (see side_config)
  std::string esp;          // esp_proposals of child "net"; empty: the version's default
  std::string extra_conn;   // more keys inside connection "t"
  std::string extra_child;  // more keys inside child "net"
  std::string psk = "test-psk-0123456789";
  std::string extra_top;      // after the secrets (e.g. an oakley { } section)
  std::string local_ts;       // default: 10.1.0.0/24 (left) / 10.2.0.0/24 (right)
  std::string remote_ts;      // the mirror image
  std::string more_children;  // further children { ... } entries
};

// One side of the standard tunnel: connection "t" with IKE `version` (1 or 2), child "net", PSK
// authentication as left@example.test / right@example.test. local_ts / remote_ts are the left
// side's view; the right side gets the mirror image. Default proposals: IKEv2
// aes128gcm16-prfsha256-x25519 / aes128gcm16, IKEv1 aes128-sha256-modp2048 / aes128-sha256.
std::string side_config(int version, bool left, const SideOptions& o = {});

// "@/path/swanctl.conf": the daemon's loader, with the certificates and keys beside the file.
// Anything else is configuration text (named left.conf or right.conf by `side` in errors),
// loaded without credentials. `fetcher`: revocation data for a folder's config (null: none).
Result<std::shared_ptr<const credentials::LoadedConfig>> load_test_config(
    const std::string& text, int side,
    std::shared_ptr<credentials::RevocationFetcher> fetcher = nullptr);

}  // namespace oakley::test_support
