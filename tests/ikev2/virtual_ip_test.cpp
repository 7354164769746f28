// Virtual IPs over the configuration payload: a road warrior (vips = 0.0.0.0) gets an address
// from the gateway's pool, both sides' CHILD_SA selectors use it, and the lease comes back.
#include <fmt/format.h>

#include "two_engines.hpp"

namespace oakley::ikev2::testing {
namespace {

std::string client(const std::string& id, const std::string& vips = "0.0.0.0") {
  return fmt::format(R"(connections {{
  t {{
    version = 2
    local_addrs = 192.0.2.1
    remote_addrs = 192.0.2.2
    proposals = aes128gcm16-prfsha256-x25519
    vips = {vips}
    local {{
      auth = psk
      id = {id}
    }}
    remote {{
      auth = psk
      id = gw.example.test
    }}
    children {{
      net {{
        remote_ts = 10.2.0.0/24
        esp_proposals = aes128gcm16
      }}
    }}
  }}
}}
secrets {{
  ike-1 {{
    secret = "test-psk-0123456789"
  }}
}}
)",
                     fmt::arg("id", id), fmt::arg("vips", vips));
}

std::string gateway(const std::string& addrs = "10.3.0.0/24") {
  return fmt::format(R"(connections {{
  t {{
    version = 2
    local_addrs = 192.0.2.2
    proposals = aes128gcm16-prfsha256-x25519
    pools = rw
    local {{
      auth = psk
      id = gw.example.test
    }}
    remote {{
      auth = psk
    }}
    children {{
      net {{
        local_ts = 10.2.0.0/24
        esp_proposals = aes128gcm16
      }}
    }}
  }}
}}
pools {{
  rw {{
    addrs = {addrs}
    dns = 10.3.0.53
  }}
}}
secrets {{
  ike-1 {{
    secret = "test-psk-0123456789"
  }}
}}
)",
                     fmt::arg("addrs", addrs));
}

TEST_F(TwoEngines, RoadWarriorGetsAnAddressFromThePool) {
  start(client("carol@example.test"), gateway());
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message;
  auto l = left->engine->list_sas()[0];
  auto r = right->engine->list_sas()[0];
  EXPECT_EQ(l.local_vips, std::vector<std::string>{"10.3.0.1"});
  EXPECT_EQ(r.remote_vips, std::vector<std::string>{"10.3.0.1"});
  EXPECT_EQ(left->backend.virtual_ips(), std::vector<IpAddress>{*IpAddress::parse("10.3.0.1")});
  // The gateway narrowed the client's 0.0.0.0/0 to its address.
  ASSERT_EQ(l.children.size(), 1u);
  EXPECT_EQ(l.children[0].local_ts, std::vector<std::string>{"10.3.0.1/32"});
  EXPECT_EQ(r.children[0].remote_ts, std::vector<std::string>{"10.3.0.1/32"});
  EXPECT_EQ(right->engine->address_pools().online("rw"), 1u);
  EXPECT_TRUE(log_contains("peer offers DNS server 10.3.0.53"));

  ASSERT_TRUE(left->engine->terminate_connection("t", nullptr));
  settle();
  EXPECT_EQ(right->engine->address_pools().online("rw"), 0u);
  EXPECT_TRUE(left->backend.virtual_ips().empty());
}

TEST_F(TwoEngines, NoPoolMeansTheClientGivesUp) {
  std::string gw = gateway();
  gw.replace(gw.find("pools = rw"), 10, "");
  start(client("carol@example.test"), gw);
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("assigned none"), std::string::npos) << st.error().message;
  EXPECT_EQ(right->established(), 0u);
}

TEST_F(TwoEngines, ExhaustedPoolRefusesTheChildWithInternalAddressFailure) {
  start(client("carol@example.test"), gateway("10.3.0.7-10.3.0.7"));
  // Someone else holds the pool's only address.
  ASSERT_TRUE(right->engine->address_pools().acquire(*right->config->find_pool("rw"), "dave").ok());
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_TRUE(log_contains("has no free address")) << st.error().message;
  EXPECT_TRUE(log_contains("INTERNAL_ADDRESS_FAILURE"));
  EXPECT_TRUE(right->backend.sas().empty());
}

}  // namespace
}  // namespace oakley::ikev2::testing

namespace oakley::ikev2::testing {
namespace {

// A second round (EAP after the PSK, RFC 4739) is not implemented: the responder refuses the
// connection instead of authenticating by the first round alone.
TEST_F(TwoEngines, SecondAuthenticationRoundIsRefusedNotIgnored) {
  start(side_config(true), side_config(false, "aes128gcm16-prfsha256-x25519", "aes128gcm16",
                                       "remote2 {\n  auth = eap-md5\n}"));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_TRUE(log_contains("multiple authentication (RFC 4739) and EAP are not implemented"));
  EXPECT_EQ(right->established(), 0u);
}

}  // namespace
}  // namespace oakley::ikev2::testing
