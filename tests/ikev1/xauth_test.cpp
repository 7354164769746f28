// XAuth (generic user name and password) between Phase 1 and the SA's use: the gateway asks,
// checks the password against its xauth secrets and says OK or FAIL; nothing else runs on the
// ISAKMP SA before the OK.
#include "two_engines.hpp"

namespace oakley::ikev1::testing {
namespace {

std::string user_secret(const std::string& password) {
  return "secrets {\n  xauth-carol {\n    id = carol\n    secret = \"" + password + "\"\n  }\n}\n";
}

SideOptions client(const std::string& password = "carol-password") {
  SideOptions o;
  o.extra_conn = "local-xauth {\n  round = 2\n  auth = xauth\n  xauth_id = carol\n}";
  o.extra_top = user_secret(password);
  return o;
}

SideOptions gateway(const std::string& backend = "xauth") {
  SideOptions o;
  o.extra_conn = "remote-xauth {\n  round = 2\n  auth = " + backend + "\n}";
  o.extra_top = user_secret("carol-password");
  return o;
}

TEST_F(TwoEngines, XauthAcceptsTheUserBeforeQuickMode) {
  start(side_config(true, client()), side_config(false, gateway()));
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
  ASSERT_EQ(left->sas().size(), 1u);
  ASSERT_EQ(right->sas().size(), 1u);
  EXPECT_EQ(left->sas()[0].auth, "PSK+XAuth(carol)");
  EXPECT_EQ(right->sas()[0].auth, "PSK+XAuth(carol)");
  expect_mirrored_child(*left, *right);
  EXPECT_TRUE(log_contains("XAuth: accepted user 'carol'")) << logs_text();
  EXPECT_TRUE(log_contains("XAuth of user 'carol' succeeded")) << logs_text();
}

TEST_F(TwoEngines, XauthWrongPasswordEndsThePhase1OnBothSides) {
  start(side_config(true, client("not-her-password")), side_config(false, gateway()));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("the gateway rejected user 'carol'"), std::string::npos)
      << st.error().message << "\n"
      << logs_text();
  settle(std::chrono::seconds(2));
  EXPECT_TRUE(log_contains("wrong XAuth password for user 'carol'")) << logs_text();
  EXPECT_EQ(left->established(), 0u);
  EXPECT_EQ(right->established(), 0u);
  EXPECT_EQ(left->installed_children(), 0u);
  EXPECT_EQ(right->installed_children(), 0u);
  EXPECT_EQ(log_contains("not-her-password"), false);  // never logged
}

TEST_F(TwoEngines, XauthUnknownUserIsRefused) {
  SideOptions c = client();
  c.extra_conn = "local-xauth {\n  round = 2\n  auth = xauth\n  xauth_id = mallory\n}";
  c.extra_top = "secrets {\n  xauth-m {\n    id = mallory\n    secret = carol-password\n  }\n}\n";
  start(side_config(true, c), side_config(false, gateway()));
  ASSERT_FALSE(initiate_left());
  EXPECT_TRUE(log_contains("no xauth (or eap) secret lists user 'mallory'")) << logs_text();
  EXPECT_EQ(right->installed_children(), 0u);
}

// A client that skips XAuth offers plain PSK; the gateway's transforms all carry XAuth.
TEST_F(TwoEngines, XauthGatewayRefusesAPlainPskPhase1) {
  start(side_config(true, {}), side_config(false, gateway()));
  ASSERT_FALSE(initiate_left());
  EXPECT_TRUE(log_contains("+XAUTH(initiator)")) << logs_text();
  EXPECT_EQ(right->established(), 0u);
}

TEST_F(TwoEngines, XauthClientWithoutPasswordSaysSo) {
  SideOptions c = client();
  c.extra_top = "";
  start(side_config(true, c), side_config(false, gateway()));
  ASSERT_FALSE(initiate_left());
  EXPECT_TRUE(log_contains("no xauth secret for user 'carol'")) << logs_text();
  settle(std::chrono::seconds(2));
  EXPECT_EQ(right->installed_children(), 0u);
}

TEST_F(TwoEngines, XauthThenModeConfig) {
  SideOptions c = client();
  c.extra_conn += "\nvips = 0.0.0.0";
  c.local_ts = "dynamic";
  SideOptions g = gateway();
  g.extra_conn += "\npools = rw";
  g.local_ts = "dynamic";
  g.extra_top += "pools {\n  rw {\n    addrs = 10.3.0.0/24\n  }\n}\n";
  start(side_config(true, c), side_config(false, g));
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
  EXPECT_EQ(left->sas()[0].local_vips, std::vector<std::string>{"10.3.0.1"});
  EXPECT_EQ(left->sas()[0].children.size(), 1u);
  // the lease belongs to the user, not to the (group) Phase 1 identity
  EXPECT_TRUE(log_contains("assigned virtual IP 10.3.0.1 from pool 'rw' to 'carol'"))
      << logs_text();
}

// strongSwan's other XAuth backends (PAM, RADIUS, EAP) load, but the connection is not used:
// accepting the user without the check the operator configured would be worse than failing.
TEST_F(TwoEngines, XauthBackendWeLackIsRefusedNotIgnored) {
  start(side_config(true, client()), side_config(false, gateway("xauth-pam")));
  ASSERT_FALSE(initiate_left());
  EXPECT_TRUE(log_contains("XAuth backend 'pam'")) << logs_text();
  EXPECT_EQ(right->established(), 0u);
}

}  // namespace
}  // namespace oakley::ikev1::testing
