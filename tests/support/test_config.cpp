#include "support/test_config.hpp"

#include <fmt/format.h>

#include "config/config.hpp"
#include "credentials/store.hpp"

namespace oakley::test_support {

std::string side_config(int version, bool left, const SideOptions& o) {
  std::string me = left ? "192.0.2.1" : "192.0.2.2";
  std::string peer = left ? "192.0.2.2" : "192.0.2.1";
  std::string my_id = left ? "left@example.test" : "right@example.test";
  std::string peer_id = left ? "right@example.test" : "left@example.test";
  std::string my_net = left ? "10.1.0.0/24" : "10.2.0.0/24";
  std::string peer_net = left ? "10.2.0.0/24" : "10.1.0.0/24";
  if (!o.local_ts.empty()) (left ? my_net : peer_net) = o.local_ts;
  if (!o.remote_ts.empty()) (left ? peer_net : my_net) = o.remote_ts;
  std::string proposals = o.proposals;
  if (proposals.empty())
    proposals = version == 1 ? "aes128-sha256-modp2048" : "aes128gcm16-prfsha256-x25519";
  std::string esp = o.esp;
  if (esp.empty()) esp = version == 1 ? "aes128-sha256" : "aes128gcm16";
  return fmt::format(
      R"(connections {{
  t {{
    version = {version}
    local_addrs = {me}
    remote_addrs = {peer}
    proposals = {proposals}
    {extra_conn}
    local {{
      auth = psk
      id = {my_id}
    }}
    remote {{
      auth = psk
      id = {peer_id}
    }}
    children {{
      net {{
        local_ts = {my_net}
        remote_ts = {peer_net}
        esp_proposals = {esp}
        {extra_child}
      }}
      {more_children}
    }}
  }}
}}
secrets {{
  ike-t {{
    id-a = left@example.test
    id-b = right@example.test
    secret = "{psk}"
  }}
}}
{extra_top}
)",
      fmt::arg("version", version), fmt::arg("me", me), fmt::arg("peer", peer),
      fmt::arg("proposals", proposals), fmt::arg("extra_conn", o.extra_conn),
      fmt::arg("my_id", my_id), fmt::arg("peer_id", peer_id), fmt::arg("my_net", my_net),
      fmt::arg("peer_net", peer_net), fmt::arg("esp", esp), fmt::arg("extra_child", o.extra_child),
      fmt::arg("more_children", o.more_children), fmt::arg("psk", o.psk),
      fmt::arg("extra_top", o.extra_top));
}

Result<std::shared_ptr<const credentials::LoadedConfig>> load_test_config(
    const std::string& text, int side, std::shared_ptr<credentials::RevocationFetcher> fetcher) {
  if (!text.empty() && text[0] == '@') {
    return credentials::load_config(text.substr(1), std::move(fetcher));
  }
  auto loaded = config::load_string(text, side == 0 ? "left.conf" : "right.conf");
  if (!loaded) return loaded.take_error();
  return std::shared_ptr<const credentials::LoadedConfig>(
      std::make_shared<credentials::LoadedConfig>(std::move(*loaded)));
}

}  // namespace oakley::test_support
