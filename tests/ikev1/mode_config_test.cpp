// Mode Config (pull): the client (vips) gets an address from the gateway's pool before its
// Quick Mode, which then carries it as the client's proxy identity.
#include "ikev1/exchanges/mode_config.hpp"

#include "two_engines.hpp"

namespace oakley::ikev1::testing {
namespace {

SideOptions client_options() {
  SideOptions o;
  o.extra_conn = "vips = 0.0.0.0";
  o.local_ts = "dynamic";
  return o;
}

SideOptions gateway_options(const std::string& addrs = "10.3.0.0/24") {
  SideOptions o;
  o.extra_conn = "pools = rw";
  o.local_ts = "dynamic";  // the left's view: the gateway's remote_ts is 'dynamic'
  o.extra_top = "pools {\n  rw {\n    addrs = " + addrs + "\n    dns = 10.3.0.53\n  }\n}\n";
  return o;
}

TEST_F(TwoEngines, ModeConfigAssignsTheClientsProxyIdentity) {
  start(side_config(true, client_options()), side_config(false, gateway_options()));
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
  auto l = left->sas()[0];
  auto r = right->sas()[0];
  EXPECT_EQ(l.local_vips, std::vector<std::string>{"10.3.0.1"});
  EXPECT_EQ(r.remote_vips, std::vector<std::string>{"10.3.0.1"});
  EXPECT_EQ(left->backend.virtual_ips(), std::vector<IpAddress>{*IpAddress::parse("10.3.0.1")});
  ASSERT_EQ(l.children.size(), 1u);
  EXPECT_EQ(l.children[0].local_ts, std::vector<std::string>{"10.3.0.1/32"});
  EXPECT_EQ(r.children[0].remote_ts, std::vector<std::string>{"10.3.0.1/32"});
  expect_mirrored_child(*left, *right);
  EXPECT_TRUE(log_contains("assigned virtual IP 10.3.0.1 from pool 'rw'"));

  ASSERT_TRUE(left->engine->terminate_connection("t", nullptr));
  settle(std::chrono::seconds(5));
  EXPECT_TRUE(left->backend.virtual_ips().empty());
}

TEST_F(TwoEngines, ModeConfigWithoutAPoolFailsTheQuickMode) {
  SideOptions gw = gateway_options();
  gw.extra_conn = "";
  start(side_config(true, client_options()), side_config(false, gw));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("assigned none"), std::string::npos) << st.error().message;
  EXPECT_TRUE(left->backend.sas().empty());
}

wire::DataAttribute address_attribute(wire::ikev1::ModeCfgAttribute type, const char* text) {
  auto address = IpAddress::parse(text);  // bytes() views it: keep it alive while copying
  auto raw = address->bytes();
  return wire::DataAttribute::variable(static_cast<std::uint16_t>(type),
                                       Bytes(raw.begin(), raw.end()));
}

// A gateway that assigns several addresses of one family must not make the client claim (and
// install, and propose in Quick Mode) them all: the first of each family counts.
TEST(ModeConfigReply, GatewayAssigningTwoAddressesOfAFamilyGetsOne) {
  using A = wire::ikev1::ModeCfgAttribute;
  wire::ikev1::AttributePayload reply{wire::ikev1::CfgType::kReply, 7, {}};
  reply.attributes.push_back(address_attribute(A::kInternalIp4Address, "10.3.0.1"));
  reply.attributes.push_back(address_attribute(A::kInternalIp4Address, "10.3.0.2"));
  reply.attributes.push_back(address_attribute(A::kInternalIp6Address, "fd00::1"));
  reply.attributes.push_back(address_attribute(A::kInternalIp6Address, "fd00::2"));
  std::size_t ignored = 0;
  auto vips = assigned_vips(reply, &ignored);
  EXPECT_EQ(vips,
            (std::vector<IpAddress>{*IpAddress::parse("10.3.0.1"), *IpAddress::parse("fd00::1")}));
  EXPECT_EQ(ignored, 2u);
}

// The gateway answers one address per family, however often the client asks for one.
TEST_F(TwoEngines, ModeConfigGatewayLeasesOneAddressPerFamily) {
  SideOptions c = client_options();
  c.extra_conn = "vips = 0.0.0.0, 0.0.0.0";
  start(side_config(true, c), side_config(false, gateway_options()));
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
  EXPECT_EQ(right->sas()[0].remote_vips, std::vector<std::string>{"10.3.0.1"});
  EXPECT_EQ(left->sas()[0].local_vips, std::vector<std::string>{"10.3.0.1"});
}

}  // namespace
}  // namespace oakley::ikev1::testing
