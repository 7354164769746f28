// What the IKEv1 engine tells the operator, field by field and line by line: the IKE-level part of
// list-sas, and diagnose's findings before an ISAKMP SA exists, while it is up, after a failure
// and for connections of another version. The report code is shared with the IKEv2 engine
// (ike/sa_report.hpp, ike/diagnose.hpp); these tests pin what the IKEv1 engine says through it.
#include <fmt/format.h>

#include "two_engines.hpp"

namespace oakley::ikev1::testing {
namespace {

using Lines = std::vector<std::string>;

const std::string kNoSaYet =
    "info: no ISAKMP SA exists; start it with `oakctl initiate t` or by traffic if a child has "
    "start_action = trap";

TEST_F(TwoEngines, ListSasShowsTheIsakmpSaOfEachSide) {
  start(SideOptions{});
  ASSERT_TRUE(initiate_left());
  auto l = left->sas();
  auto r = right->sas();
  ASSERT_EQ(l.size(), 1u);
  ASSERT_EQ(r.size(), 1u);
  const auto& i = l[0];
  EXPECT_EQ(i.connection, "t");
  EXPECT_EQ(i.version, 1);
  EXPECT_EQ(i.state, "ESTABLISHED");
  EXPECT_EQ(i.role, "initiator");
  EXPECT_EQ(r[0].role, "responder");
  EXPECT_EQ(i.local, "192.0.2.1[500]");
  EXPECT_EQ(i.remote, "192.0.2.2[500]");
  EXPECT_EQ(r[0].remote, "192.0.2.1[500]");
  EXPECT_EQ(i.local_id, "left@example.test");
  EXPECT_EQ(i.remote_id, "right@example.test");
  EXPECT_EQ(r[0].local_id, "right@example.test");
  EXPECT_EQ(i.auth, "PSK");
  EXPECT_TRUE(i.local_vips.empty());
  EXPECT_TRUE(i.remote_vips.empty());
  EXPECT_NE(i.spi_i, 0u);  // the cookies
  EXPECT_NE(i.spi_r, 0u);
  EXPECT_EQ(i.spi_i, r[0].spi_i);
  EXPECT_EQ(i.spi_r, r[0].spi_r);
  EXPECT_EQ(i.encr, "AES_CBC");
  EXPECT_EQ(i.encr_key_bits, 128u);
  EXPECT_EQ(i.integ, "HMAC_SHA2_256_128");
  EXPECT_EQ(i.prf, "PRF_HMAC_SHA2_256");
  EXPECT_EQ(i.dh, "MODP_2048");
  EXPECT_FALSE(i.nat_local);
  EXPECT_FALSE(i.nat_remote);
  ASSERT_TRUE(i.established_seconds);
  EXPECT_GE(*i.established_seconds, 0);
  EXPECT_LE(*i.established_seconds, 2);
  ASSERT_TRUE(i.rekey_in_seconds);
  EXPECT_GT(*i.rekey_in_seconds, 0);
  ASSERT_TRUE(i.reauth_in_seconds);  // the end of the ISAKMP SA's lifetime
  EXPECT_GT(*i.reauth_in_seconds, *i.rekey_in_seconds);
  EXPECT_EQ(i.children.size(), 1u);
}

TEST_F(TwoEngines, ListSasIsInIdOrderAcrossAPhase1Rekey) {
  start(SideOptions{});
  ASSERT_TRUE(initiate_left());
  auto old_id = left->sas().at(0).id;
  std::optional<Status> rekeyed;
  ASSERT_TRUE(left->engine->rekey_ike(old_id, [&](const Status& s) { rekeyed = s; }));
  settle();
  ASSERT_TRUE(rekeyed && *rekeyed);
  auto sas = left->sas();
  ASSERT_FALSE(sas.empty());
  for (std::size_t k = 1; k < sas.size(); ++k)
    EXPECT_LT(sas[k - 1].id, sas[k].id);
  EXPECT_GT(sas.back().id, old_id);
}

TEST_F(TwoEngines, DiagnoseAnUnknownConnection) {
  start(SideOptions{});
  EXPECT_EQ(left->engine->diagnose("nope"),
            Lines{"error: no connection named 'nope' in the loaded configuration"});
}

TEST_F(TwoEngines, DiagnoseBeforeAndAfterTheSaIsUp) {
  start(SideOptions{});
  EXPECT_EQ(left->engine->diagnose("t"), Lines{kNoSaYet});
  ASSERT_TRUE(initiate_left());
  auto id = left->sas().at(0).id;
  EXPECT_EQ(left->engine->diagnose("t"),
            Lines{fmt::format(
                "ok: ISAKMP SA #{} is ESTABLISHED with 192.0.2.2[500] (1 IPsec SA pair(s))", id)});
}

TEST_F(TwoEngines, DiagnoseNamesTheLastFailure) {
  SideOptions l;
  l.psk = "wrong-psk-xxxxxxxxxx";
  start(side_config(true, l), side_config(false, {}));
  ASSERT_FALSE(initiate_left());
  auto lines = right->engine->diagnose("t");
  // The last failure in the engine's words, then the diagnosis of it (ike/diagnosis).
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].rfind("error: last attempt failed: ", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].substr(0, lines[1].find('\n')),
            "error: the peer's HASH did not verify: most likely a different pre-shared key");
}

TEST_F(TwoEngines, DiagnoseConnectionsOfOtherVersions) {
  SideOptions o;
  o.extra_top = R"(
connections {
  v2 {
    version = 2
    remote_addrs = 192.0.2.2
    local { auth = psk }
    remote { auth = psk }
  }
  any {
    version = 0
    remote_addrs = %any
    proposals = aes128-sha256-modp2048
    local { auth = psk
            id = somebody@elsewhere.test }
    remote { auth = psk
             id = nobody@elsewhere.test }
  }
}
)";
  start(side_config(true, o), side_config(false, {}));
  EXPECT_EQ(left->engine->diagnose("v2"),
            Lines{"info: connection uses IKEv2 (version = 2); the IKEv1 engine ignores it"});
  EXPECT_EQ(left->engine->diagnose("any"),
            (Lines{"info: version = 0: initiated with IKEv2, answered by either engine",
                   "info: remote_addrs names no single host: this side can only respond",
                   "error: no ike secret for 'somebody@elsewhere.test' - 'nobody@elsewhere.test'",
                   "warning: the connection has no children",
                   "info: no ISAKMP SA exists; start it with `oakctl initiate any` or by traffic "
                   "if a child has start_action = trap"}));
}

}  // namespace
}  // namespace oakley::ikev1::testing
