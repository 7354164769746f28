// `oakctl diagnose` for real IKEv2 failures between two engines: each side's findings name the
// cause (wrong PSK, wrong identity, no common proposal, a PFS group on one side only, disjoint
// selectors, an unreachable peer, UDP 4500 blocked, ESP that never comes back) with what they
// rest on, in both roles where both can tell.
#include "crafted.hpp"
#include "ike/diagnosis/finding.hpp"
#include "two_engines.hpp"

namespace oakley::ikev2::testing {
namespace {

using namespace std::chrono_literals;
using ike::diagnosis::Finding;
using ike::diagnosis::parse_line;

const std::string kSuite = "aes128gcm16-prfsha256-x25519";

class Diagnose : public TwoEngines {
 protected:
  static std::vector<Finding> findings(Peer& p) {
    std::vector<Finding> out;
    for (const auto& line : p.engine->diagnose("t"))
      out.push_back(parse_line(line));
    return out;
  }
  static std::string dump(const std::vector<Finding>& fs) {
    std::string out;
    for (const auto& f : fs) {
      out += "[" + f.code + "] " + f.text + "\n";
      for (const auto& e : f.evidence)
        out += "    " + e + "\n";
    }
    return out;
  }
  // The finding with `code` on `p`'s side; fails the test when there is none.
  static Finding expect(Peer& p, const std::string& code) {
    auto fs = findings(p);
    for (const auto& f : fs) {
      if (f.code == code) return f;
    }
    ADD_FAILURE() << "no finding '" << code << "' in:\n" << dump(fs);
    return {};
  }
  static bool has(const std::vector<std::string>& lines, const std::string& part) {
    for (const auto& l : lines) {
      if (l.find(part) != std::string::npos) return true;
    }
    return false;
  }
};

TEST_F(Diagnose, WrongPskIsNamedAsSuchByTheResponder) {
  start(side_config(true, kSuite, "aes128gcm16", "", "", "left-psk-aaaaaaa"), side_config(false));
  ASSERT_FALSE(initiate_left());
  auto r = expect(*right, "psk-mismatch");
  EXPECT_EQ(r.text, "the peer's AUTH did not verify: most likely a different pre-shared key");
  EXPECT_TRUE(has(r.evidence, "AUTH payload does not verify")) << dump({r});
  EXPECT_NE(r.fix.find("same secret on both sides"), std::string::npos);
  auto l = expect(*left, "auth-refused");
  EXPECT_EQ(l.text, "the peer refused our authentication (AUTHENTICATION_FAILED)");
}

TEST_F(Diagnose, WrongIdentityNamesWhatWasSentAndWhatIsExpected) {
  auto right_cfg = side_config(false);
  right_cfg.replace(right_cfg.find("id = left@example.test"), 22, "id = other@example.test");
  start(side_config(true), right_cfg);
  ASSERT_FALSE(initiate_left());
  auto r = expect(*right, "id-mismatch");
  EXPECT_EQ(r.text,
            "identity mismatch: the peer identified as 'left@example.test', this connection "
            "expects 'other@example.test'");
  expect(*left, "auth-refused");
}

TEST_F(Diagnose, IkeProposalMismatchTransformByTransform) {
  start(side_config(true, "aes256-sha256-modp2048"), side_config(false, kSuite));
  ASSERT_FALSE(initiate_left());
  auto r = expect(*right, "proposal-mismatch");
  EXPECT_EQ(
      r.text.rfind("IKE proposal mismatch in IKE_SA_INIT: nothing in common for encryption", 0), 0u)
      << r.text;
  EXPECT_TRUE(has(r.evidence, "we accept: AES_GCM_16_128/PRF_HMAC_SHA2_256/CURVE_25519"))
      << dump({r});
  EXPECT_TRUE(has(r.evidence,
                  "the peer offered: AES_CBC_256/PRF_HMAC_SHA2_256/"
                  "HMAC_SHA2_256_128/MODP_2048"))
      << dump({r});
  EXPECT_TRUE(has(r.evidence,
                  "encryption: we offer AES_GCM_16_128, the peer AES_CBC_256: "
                  "nothing in common"))
      << dump({r});
  EXPECT_TRUE(has(r.evidence,
                  "DH group: we offer CURVE_25519, the peer MODP_2048: nothing in "
                  "common"))
      << dump({r});
  auto l = expect(*left, "proposal-mismatch");
  EXPECT_EQ(l.text,
            "IKE proposal mismatch in IKE_SA_INIT: the peer accepted none of ours "
            "(NO_PROPOSAL_CHOSEN)");
  EXPECT_TRUE(has(l.evidence, "we offered: AES_CBC_256/"));
}

TEST_F(Diagnose, EspProposalMismatchInIkeAuth) {
  start(side_config(true, kSuite, "aes256-sha256"), side_config(false, kSuite, "aes128gcm16"));
  ASSERT_FALSE(initiate_left());
  auto r = expect(*right, "proposal-mismatch");
  EXPECT_EQ(r.text.rfind("ESP proposal mismatch in IKE_AUTH: nothing in common for encryption", 0),
            0u)
      << r.text;
  EXPECT_TRUE(has(r.evidence, "the peer offered: AES_CBC_256/HMAC_SHA2_256_128")) << dump({r});
  auto l = expect(*left, "proposal-mismatch");
  EXPECT_EQ(l.text,
            "ESP proposal mismatch in IKE_AUTH: the peer accepted none of ours "
            "(NO_PROPOSAL_CHOSEN)");
}

TEST_F(Diagnose, PfsGroupOnOneSideOnlyShowsInCreateChildSa) {
  start(side_config(true, kSuite, "aes128gcm16-modp2048"),
        side_config(false, kSuite, "aes128gcm16"));
  ASSERT_TRUE(initiate_left());  // IKE_AUTH's child has no KE
  auto id = left->engine->find_child_id("t", "net");
  ASSERT_TRUE(id);
  ASSERT_TRUE(left->engine->rekey_child(*id, [](const Status&) {}));
  settle(5s);
  auto r = expect(*right, "pfs-mismatch");
  EXPECT_EQ(r.text,
            "PFS mismatch in CREATE_CHILD_SA: the peer requires a PFS group, we offer none");
  EXPECT_TRUE(has(r.evidence, "PFS group: we offer NONE, the peer MODP_2048: nothing in common"))
      << dump({r});
  expect(*right, "proposal-mismatch");
}

TEST_F(Diagnose, DisjointSelectorsShowBothSides) {
  auto right_cfg = side_config(false);
  right_cfg.replace(right_cfg.find("remote_ts = 10.1.0.0/24"), 23, "remote_ts = 10.9.0.0/24");
  start(side_config(true), right_cfg);
  ASSERT_FALSE(initiate_left());
  auto r = expect(*right, "ts-mismatch");
  EXPECT_EQ(r.text,
            "traffic selector mismatch in IKE_AUTH: the peer proposed 10.1.0.0/24 === 10.2.0.0/24, "
            "we allow 10.9.0.0/24 === 10.2.0.0/24");
  EXPECT_TRUE(has(r.evidence, "child: net"));
  auto l = expect(*left, "ts-mismatch");
  EXPECT_EQ(l.text,
            "traffic selector mismatch in IKE_AUTH: the peer refused our selectors "
            "(TS_UNACCEPTABLE)");
  EXPECT_TRUE(has(l.evidence, "we proposed local_ts 10.1.0.0/24, remote_ts 10.2.0.0/24"));
}

TEST_F(Diagnose, NoAnswerAtAll) {
  start(side_config(true), side_config(false));
  net.filter = [](const test_support::Datagram& d) { return d.sender != 0; };  // left → right lost
  std::optional<Status> result;
  ASSERT_TRUE(left->engine->initiate("t", "net", [&](const Status& s) { result = s; }));
  settle(10s);
  // Still retransmitting: a warning, with the sends so far.
  auto so_far = expect(*left, "no-answer");
  EXPECT_EQ(so_far.severity, ike::diagnosis::Severity::kWarning);
  EXPECT_NE(so_far.text.find("no answer from 192.0.2.2 on UDP 500"), std::string::npos)
      << so_far.text;
  auto sas = left->sas();
  ASSERT_EQ(sas.size(), 1u);
  EXPECT_NE(sas[0].summary.find("waiting for the answer to IKE_SA_INIT (message 0) from "
                                "192.0.2.2[500]"),
            std::string::npos)
      << sas[0].summary;
  settle(300s);
  ASSERT_TRUE(result && !*result);
  auto f = expect(*left, "no-answer");
  EXPECT_EQ(f.severity, ike::diagnosis::Severity::kError);
  EXPECT_TRUE(has(f.evidence, "6 time(s)")) << dump({f});
  EXPECT_TRUE(has(f.evidence, "nothing received from the peer so far")) << dump({f});
}

TEST_F(Diagnose, AnswersOn500ButNotOn4500) {
  start(side_config(true, kSuite, "aes128gcm16", "encap = yes"),
        side_config(false, kSuite, "aes128gcm16", "encap = yes"));
  net.filter = [](const test_support::Datagram& d) { return d.to.port != 4500; };
  std::optional<Status> result;
  ASSERT_TRUE(left->engine->initiate("t", "net", [&](const Status& s) { result = s; }));
  settle(300s);
  ASSERT_TRUE(result && !*result);
  auto f = expect(*left, "udp4500-blocked");
  EXPECT_EQ(f.text,
            "the peer answers on UDP 500 but not on UDP 4500: UDP 4500 is blocked on the path (or "
            "the peer does not listen on it)");
  EXPECT_TRUE(has(f.evidence, "encap = yes forces UDP encapsulation")) << dump({f});
  EXPECT_TRUE(has(f.evidence, "sent IKE_AUTH (message 1")) << dump({f});
  // The responder saw IKE_SA_INIT and nothing after it.
  settle(60s);
  auto r = expect(*right, "peer-did-not-continue");
  EXPECT_NE(r.text.find("192.0.2.1 started IKE_SA_INIT but never continued"), std::string::npos)
      << r.text;
}

TEST_F(Diagnose, EspThatNeverComesBack) {
  start(side_config(true), side_config(false));
  ASSERT_TRUE(initiate_left());
  auto sa = left->sas().at(0);
  const auto& c = sa.children.at(0);
  using dataplane::Direction;
  dataplane::SaCounters out;
  out.packets = 42;
  left->backend.set_counters({Direction::kOutbound, c.spi_out, right->address}, out);
  settle(20s);
  auto f = expect(*left, "esp-no-inbound");
  EXPECT_NE(f.text.find("CHILD_SA net sends ESP but receives none for 2"), std::string::npos)
      << f.text;
  EXPECT_TRUE(has(f.evidence, "out 42 packets")) << dump({f});
  EXPECT_NE(f.fix.find("encap = yes"), std::string::npos);
  // The other side receives nothing and sends nothing: no finding about its traffic.
  for (const auto& g : findings(*right)) {
    EXPECT_NE(g.code, "esp-no-inbound");
    EXPECT_NE(g.code, "esp-no-outbound");
  }
}

TEST_F(Diagnose, DeadPeer) {
  start(side_config(true, kSuite, "aes128gcm16", "dpd_delay = 5s"),
        side_config(false, kSuite, "aes128gcm16", "dpd_delay = 5s"));
  ASSERT_TRUE(initiate_left());
  net.filter = [](const test_support::Datagram& d) { return d.sender != 1; };  // right is gone
  settle(400s);
  EXPECT_EQ(left->engine->ike_sa_count(), 0u);
  auto f = expect(*left, "peer-dead");
  EXPECT_NE(f.text.find("declared the peer 192.0.2.2[500] dead"), std::string::npos) << f.text;
  EXPECT_TRUE(has(f.evidence, "INFORMATIONAL")) << dump({f});
}

// A forged IKE_SA_INIT (here with the real peer's source address and a proposal we refuse)
// comes after our IKE_AUTH was refused: the refusal stays the cause; the forged attempt is shown
// beside it as an unauthenticated warning.
TEST_F(Diagnose, ASpoofedInitDoesNotHideTheRefusedAuthentication) {
  start(side_config(true, kSuite, "aes128gcm16", "", "", "left-psk-aaaaaaa"), side_config(false));
  ASSERT_FALSE(initiate_left());
  ASSERT_EQ(expect(*left, "auth-refused").severity, ike::diagnosis::Severity::kError);
  settle(3s);
  left->engine->on_packet(forged_ike_sa_init(0x5eed5eed5eed5eedULL), {left->address, 500},
                          {right->address, 500});
  auto fs = findings(*left);
  const Finding* cause = nullptr;
  const Finding* forged = nullptr;
  for (const auto& f : fs) {
    if (f.code == "auth-refused") cause = &f;
    if (f.code == "proposal-mismatch") forged = &f;
  }
  ASSERT_TRUE(cause) << dump(fs);
  EXPECT_EQ(cause->severity, ike::diagnosis::Severity::kError);
  ASSERT_TRUE(forged) << dump(fs);
  EXPECT_EQ(forged->severity, ike::diagnosis::Severity::kWarning);
  EXPECT_EQ(forged->text.rfind("unauthenticated attempt: IKE proposal mismatch in IKE_SA_INIT", 0),
            0u)
      << forged->text;
  EXPECT_TRUE(has(forged->evidence, "unauthenticated: IKE_SA_INIT from 192.0.2.2[500], 0 s ago"))
      << dump(fs);
}

// A reload that removes the connection removes what diagnose knew of it; one that keeps it keeps
// it. Nothing is recorded for a name the configuration does not have.
TEST_F(Diagnose, AReloadForgetsRemovedConnections) {
  start(side_config(true, kSuite, "aes128gcm16", "", "", "left-psk-aaaaaaa"), side_config(false));
  ASSERT_FALSE(initiate_left());
  ASSERT_TRUE(left->engine->diagnosis().evidence("t"));
  auto same = test_support::load_test_config(side_config(true), 0);
  ASSERT_TRUE(same.ok()) << same.error().message;
  left->engine->apply_config(*same);
  left->config = *same;
  ASSERT_TRUE(left->engine->diagnosis().evidence("t"));
  EXPECT_TRUE(left->engine->diagnosis().evidence("t")->failure);
  auto renamed = side_config(true);
  renamed.replace(renamed.find("  t {"), 5, "  u {");
  auto other = test_support::load_test_config(renamed, 0);
  ASSERT_TRUE(other.ok()) << other.error().message << "\n" << renamed;
  left->engine->apply_config(*other);
  left->config = *other;
  EXPECT_FALSE(left->engine->diagnosis().evidence("t"));
  EXPECT_LE(left->engine->diagnosis().size(), 1u);
  // A forged IKE_SA_INIT still finds "u" (it matches by address): at most that one entry.
  left->engine->on_packet(forged_ike_sa_init(0x1234), {left->address, 500}, {right->address, 500});
  EXPECT_LE(left->engine->diagnosis().size(), 1u);
  EXPECT_FALSE(left->engine->diagnosis().evidence("t"));
}

}  // namespace
}  // namespace oakley::ikev2::testing
