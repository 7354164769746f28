// What the IKEv2 engine tells the operator, field by field and line by line: the IKE-level part of
// list-sas, and diagnose's findings before an SA exists, while it is up, after a failure and for
// connections it cannot use. The report code is shared with the IKEv1 engine (ike/sa_report.hpp,
// ike/diagnose.hpp); these tests pin what the IKEv2 engine says through it.
#include <fmt/format.h>

#include "two_engines.hpp"

namespace oakley::ikev2::testing {
namespace {

using Lines = std::vector<std::string>;

const std::string kNoSaYet =
    "info: no IKE SA exists; start it with `oakctl initiate t` or by traffic if a child has "
    "start_action = trap";

TEST_F(TwoEngines, ListSasShowsTheIkeSaOfEachSide) {
  start(side_config(true), side_config(false));
  ASSERT_TRUE(initiate_left());
  auto l = left->sas();
  auto r = right->sas();
  ASSERT_EQ(l.size(), 1u);
  ASSERT_EQ(r.size(), 1u);
  const auto& i = l[0];
  EXPECT_EQ(i.connection, "t");
  EXPECT_EQ(i.version, 2);
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
  EXPECT_NE(i.spi_i, 0u);
  EXPECT_NE(i.spi_r, 0u);
  EXPECT_EQ(i.spi_i, r[0].spi_i);
  EXPECT_EQ(i.spi_r, r[0].spi_r);
  EXPECT_EQ(i.encr, "AES_GCM_16");
  EXPECT_EQ(i.encr_key_bits, 128u);
  EXPECT_EQ(i.integ, std::nullopt);  // an AEAD
  EXPECT_EQ(i.prf, "PRF_HMAC_SHA2_256");
  EXPECT_EQ(i.dh, "CURVE_25519");
  EXPECT_FALSE(i.nat_local);
  EXPECT_FALSE(i.nat_remote);
  ASSERT_TRUE(i.established_seconds);
  EXPECT_GE(*i.established_seconds, 0);
  EXPECT_LE(*i.established_seconds, 2);
  ASSERT_TRUE(i.rekey_in_seconds);  // the default rekey_time: 4 h
  EXPECT_GT(*i.rekey_in_seconds, 4 * 3600 - 10);
  EXPECT_LE(*i.rekey_in_seconds, 4 * 3600);
  EXPECT_EQ(i.reauth_in_seconds, std::nullopt);  // reauth_time 0: none
  EXPECT_EQ(i.children.size(), 1u);
}

TEST_F(TwoEngines, ListSasIsInIdOrder) {
  start(side_config(true), side_config(false));
  ASSERT_TRUE(initiate_left());
  std::optional<Status> rekeyed;
  auto st = left->engine->rekey_ike(left->sas()[0].id, [&](const Status& s) { rekeyed = s; });
  ASSERT_TRUE(st) << st.error().message;
  // The responder holds the new IKE SA and the old one until the old one's DELETE.
  ASSERT_FALSE(net.queue.empty());
  auto request = net.queue.front();
  net.queue.pop_front();
  net.deliver(request);
  auto sas = right->sas();
  ASSERT_EQ(sas.size(), 2u);
  EXPECT_LT(sas[0].id, sas[1].id);
  settle();
  ASSERT_TRUE(rekeyed && *rekeyed);
  EXPECT_EQ(left->sas().size(), 1u);
  EXPECT_EQ(right->sas().size(), 1u);
}

TEST_F(TwoEngines, DiagnoseAnUnknownConnection) {
  start(side_config(true), side_config(false));
  EXPECT_EQ(left->engine->diagnose("nope"),
            Lines{"error: no connection named 'nope' in the loaded configuration"});
}

TEST_F(TwoEngines, DiagnoseBeforeAndAfterTheSaIsUp) {
  start(side_config(true), side_config(false));
  EXPECT_EQ(left->engine->diagnose("t"), Lines{kNoSaYet});
  ASSERT_TRUE(initiate_left());
  auto id = left->sas().at(0).id;
  EXPECT_EQ(
      left->engine->diagnose("t"),
      Lines{fmt::format("ok: IKE SA #{} is ESTABLISHED with 192.0.2.2[500] (1 CHILD_SA(s))", id)});
}

TEST_F(TwoEngines, DiagnoseNamesTheLastFailureUntilTheConnectionComesUp) {
  start(side_config(true, "aes128gcm16-prfsha256-x25519", "aes128gcm16", "", "", "wrong-psk-xxxxx"),
        side_config(false));
  ASSERT_FALSE(initiate_left());
  auto lines = right->engine->diagnose("t");
  // The last failure in the engine's words, then the diagnosis of it (ike/diagnosis).
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].rfind("error: last attempt failed: ", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].substr(0, lines[1].find('\n')),
            "error: the peer's AUTH did not verify: most likely a different pre-shared key");
  lines = left->engine->diagnose("t");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].rfind("error: last attempt failed: ", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].substr(0, lines[1].find('\n')),
            "error: the peer refused our authentication (AUTHENTICATION_FAILED)");
}

TEST_F(TwoEngines, DiagnoseAConnectionTheEngineCannotInitiate) {
  const std::string v1_conn = R"(
connections {
  old {
    version = 1
    remote_addrs = %any
    local { auth = psk
            id = somebody@elsewhere.test }
    remote { auth = psk
             id = nobody@elsewhere.test }
  }
  eap {
    remote_addrs = 192.0.2.2
    local { auth = eap }
    remote { auth = psk }
    children { c { } }
  }
}
)";
  test_support::SideOptions left_options;
  left_options.extra_top = v1_conn;
  start(test_support::side_config(2, true, left_options), side_config(false));
  EXPECT_EQ(left->engine->diagnose("old"),
            (Lines{"info: connection uses IKEv1",
                   "info: remote_addrs names no single host: this side can only respond",
                   "error: no ike secret for 'somebody@elsewhere.test' - 'nobody@elsewhere.test'",
                   "warning: the connection has no children",
                   "info: no IKE SA exists; start it with `oakctl initiate old` or by traffic if "
                   "a child has start_action = trap"}));
  auto eap = left->engine->diagnose("eap");
  ASSERT_FALSE(eap.empty());
  EXPECT_EQ(eap[0], "error: local auth 'eap' is not supported (psk or pubkey)");
}

}  // namespace
}  // namespace oakley::ikev2::testing
