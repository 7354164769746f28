// Virtual IPs over the configuration payload: a road warrior (vips = 0.0.0.0) gets an address
// from the gateway's pool, both sides' CHILD_SA selectors use it, and the lease comes back.
#include <fmt/format.h>

#include "ikev2/exchanges/config_payload.hpp"
#include "two_engines.hpp"
#include "wire/ikev2/cp.hpp"

namespace oakley::ikev2::testing {
namespace {

std::string client(const std::string& id, const std::string& vips = "0.0.0.0",
                   const std::string& local_ts = "") {
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
        {local_ts}
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
                     fmt::arg("id", id), fmt::arg("vips", vips), fmt::arg("local_ts", local_ts));
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

// A gateway may assign at most one usable address per family we asked for: more, or ones that
// would take over loopback, our own addresses or the networks behind us, never reach the TUN
// device (ike/virtual_ip_check.hpp).
TEST_F(TwoEngines, TwoRequestsOfOneFamilyGetOneAddress) {
  // Asking twice for IPv4.
  start(client("carol@example.test", "0.0.0.0, 0.0.0.0"), gateway());
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(left->backend.virtual_ips(), std::vector<IpAddress>{*IpAddress::parse("10.3.0.1")});
  EXPECT_EQ(left->engine->list_sas()[0].local_vips, std::vector<std::string>{"10.3.0.1"});
  // The gateway answers one address per family however often it is asked.
  EXPECT_EQ(right->engine->list_sas()[0].remote_vips, std::vector<std::string>{"10.3.0.1"});
  EXPECT_TRUE(log_contains("CPRP(ADDR DNS)"));
}

TEST_F(TwoEngines, LoopbackVirtualIpIsRefused) {
  start(client("carol@example.test"), gateway("127.0.0.1-127.0.0.1"));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("assigned none we can use"), std::string::npos)
      << st.error().message;
  EXPECT_TRUE(left->backend.virtual_ips().empty());
  EXPECT_EQ(left->engine->stats().vips_refused, 1u);
  EXPECT_TRUE(
      log_contains("ignoring virtual IP 127.0.0.1 assigned by the peer: a loopback "
                   "address"));
}

TEST_F(TwoEngines, VirtualIpInsideOurLocalNetworkIsRefused) {
  start(client("carol@example.test", "0.0.0.0", "local_ts = 10.3.0.0/24"), gateway());
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_TRUE(left->backend.virtual_ips().empty());
  EXPECT_TRUE(
      log_contains("ignoring virtual IP 10.3.0.1 assigned by the peer: inside our local "
                   "network 10.3.0.0/24"));
}

TEST_F(TwoEngines, CpReplyWithManyAddressesInstallsOneUsablePerRequestedFamily) {
  start(client("carol@example.test"), gateway());
  // The client's handling of a CFG_REPLY, fed directly: a hostile gateway's list.
  IkeSa sa(999, true, timers, ike::RetransmitSettings{});
  sa.connection = left->config->find_connection("t");
  sa.local = Endpoint{*IpAddress::parse("192.0.2.1"), 500};
  sa.remote = Endpoint{*IpAddress::parse("192.0.2.2"), 500};
  wire::ikev2::CpPayload cp{wire::ikev2::CfgType::kReply, {}};
  for (const char* a : {"127.0.0.1", "192.0.2.1", "224.0.0.5", "2001:db8::7", "10.3.0.9",
                        "10.3.0.10", "192.168.1.1"}) {
    auto address = *IpAddress::parse(a);
    cp.attributes.push_back(
        address.is_v4() ? wire::ikev2::CpAttribute::address(
                              wire::ikev2::CpAttributeType::kInternalIp4Address, address)
                        : wire::ikev2::CpAttribute::ip6_prefix(
                              wire::ikev2::CpAttributeType::kInternalIp6Address, address, 128));
  }
  ASSERT_TRUE(accept_cp_reply(*left->engine, sa, {wire::ikev2::Payload{cp, false}}));
  EXPECT_EQ(sa.local_vips, std::vector<IpAddress>{*IpAddress::parse("10.3.0.9")});
  EXPECT_EQ(left->backend.virtual_ips(), sa.local_vips);
  EXPECT_EQ(left->engine->stats().vips_refused, 6u);
  release_vips(*left->engine, sa);
  EXPECT_TRUE(left->backend.virtual_ips().empty());
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
