// `oakctl diagnose` for real IKEv1 failures between two engines: a different pre-shared key, an
// unexpected identity, Phase 1 proposals and lifetimes, Quick Mode proposals, PFS and proxy IDs,
// an unreachable peer and a dead one. Each side names the cause with what it rests on.
#include <fmt/format.h>

#include "ike/diagnosis/finding.hpp"
#include "two_engines.hpp"

namespace oakley::ikev1::testing {
namespace {

using namespace std::chrono_literals;
using ike::diagnosis::Finding;
using ike::diagnosis::parse_line;

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
  static const Finding* find(const std::vector<Finding>& fs, const std::string& code) {
    for (const auto& f : fs) {
      if (f.code == code) return &f;
    }
    return nullptr;
  }
  static Finding expect(Peer& p, const std::string& code) {
    auto fs = findings(p);
    if (const auto* f = find(fs, code)) return *f;
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

TEST_F(Diagnose, WrongPskIsNamedAsSuch) {
  SideOptions l;
  l.psk = "wrong-psk-xxxxxxxxxx";
  start(side_config(true, l), side_config(false));
  ASSERT_FALSE(initiate_left());
  auto r = expect(*right, "psk-mismatch");
  EXPECT_EQ(r.text, "the peer's HASH did not verify: most likely a different pre-shared key");
  EXPECT_TRUE(has(r.evidence, "pre-shared key differs")) << dump({r});
  auto fs = findings(*left);
  EXPECT_TRUE(find(fs, "psk-mismatch") || find(fs, "auth-refused")) << dump(fs);
}

TEST_F(Diagnose, WrongIdentityNamesWhatWasSentAndWhatIsExpected) {
  SideOptions r;
  // The secret is there for the identity the responder expects, so Main Mode gets to the ID.
  r.extra_top =
      "secrets {\n  ike-other {\n    id-a = right@example.test\n    id-b = other@example.test\n"
      "    secret = \"test-psk-0123456789\"\n  }\n}\n";
  auto right_cfg = side_config(false, r);
  right_cfg.replace(right_cfg.find("id = left@example.test"), 22, "id = other@example.test");
  start(side_config(true), right_cfg);
  ASSERT_FALSE(initiate_left());
  auto f = expect(*right, "id-mismatch");
  EXPECT_EQ(f.text,
            "identity mismatch: the peer identified as 'left@example.test', this connection "
            "expects 'other@example.test'");
}

TEST_F(Diagnose, Phase1ProposalMismatchTransformByTransform) {
  SideOptions l;
  l.proposals = "aes256-sha256-modp2048";
  start(side_config(true, l), side_config(false));
  ASSERT_FALSE(initiate_left());
  auto r = expect(*right, "proposal-mismatch");
  EXPECT_EQ(r.text, "IKE proposal mismatch in Main Mode: nothing in common for encryption");
  EXPECT_TRUE(has(r.evidence,
                  "encryption: we offer AES_CBC_128, the peer AES_CBC_256: nothing in "
                  "common"))
      << dump({r});
  EXPECT_TRUE(has(r.evidence, "DH group: we offer MODP_2048, the peer MODP_2048")) << dump({r});
  EXPECT_TRUE(has(r.evidence, "authentication: we offer PSK, the peer PSK")) << dump({r});
  auto f = expect(*left, "proposal-mismatch");
  EXPECT_EQ(f.text,
            "IKE proposal mismatch in Main Mode: the peer accepted none of ours "
            "(NO-PROPOSAL-CHOSEN)");
  EXPECT_TRUE(has(f.evidence, "we offered: AES_CBC_256")) << dump({f});
}

TEST_F(Diagnose, Phase1RefusedForItsLifetime) {
  SideOptions l;
  l.extra_conn = "rekey_time = 24h";
  start(side_config(true, l), side_config(false));
  ASSERT_FALSE(initiate_left());
  auto r = expect(*right, "lifetime-refused");
  EXPECT_EQ(r.text.rfind("Main Mode refused because of its lifetime: the peer offers ", 0), 0u)
      << r.text;
  EXPECT_NE(r.text.find("we accept at most 15840s"), std::string::npos) << r.text;
}

// A Quick Mode lifetime lowered with RESPONDER-LIFETIME is a finding on both sides: the
// initiator's child lives shorter than it proposed (the peer lowered it), the responder's
// shorter than the peer proposed (we lowered it); each says with what, by whom, when, and how
// to align them.
TEST_F(Diagnose, QuickModeLifetimeLoweredIsAFindingOnBothSides) {
  SideOptions r;
  r.extra_child = "rekey_time = 20m";  // life_time 22 min = 1320 s
  start(side_config(true), side_config(false, r));
  ASSERT_TRUE(initiate_left());
  settle(30s);
  // Lowered in the Quick Mode that made the pair: as long ago as it was installed.
  auto lchild = left->sas().at(0).children.at(0);
  auto id = lchild.id;
  ASSERT_GE(lchild.installed_seconds, 30u);
  auto l = expect(*left, "lifetime-lowered");
  EXPECT_EQ(l.severity, ike::diagnosis::Severity::kWarning);
  EXPECT_EQ(l.text, fmt::format("CHILD_SA net #{} lives 1320s, not the 3960s we proposed: the "
                                "peer lowered it with RESPONDER-LIFETIME",
                                id));
  EXPECT_TRUE(has(l.evidence, "configured here: life_time 3960s, rekey_time 3600s")) << dump({l});
  EXPECT_TRUE(has(l.evidence, "proposed by us: 3960s")) << dump({l});
  EXPECT_TRUE(has(l.evidence,
                  fmt::format("lowered by the peer to 1320s, {} s ago", lchild.installed_seconds)))
      << dump({l});
  EXPECT_NE(l.fix.find("align life_time/rekey_time with the peer: set life_time here to 1320s"),
            std::string::npos)
      << l.fix;
  auto rchild = right->sas().at(0).children.at(0);
  auto rid = rchild.id;
  auto f = expect(*right, "lifetime-lowered");
  EXPECT_EQ(f.text, fmt::format("CHILD_SA net #{} lives 1320s, not the 3960s the peer proposed: "
                                "we lowered it with RESPONDER-LIFETIME",
                                rid));
  EXPECT_TRUE(has(f.evidence, "configured here: life_time 1320s, rekey_time 1200s")) << dump({f});
  EXPECT_TRUE(has(f.evidence, "proposed by the peer: 3960s")) << dump({f});
  EXPECT_TRUE(
      has(f.evidence, fmt::format("lowered by us to 1320s, {} s ago", rchild.installed_seconds)))
      << dump({f});
  EXPECT_NE(f.fix.find("lower the peer's IPsec SA lifetime to 1320s or less"), std::string::npos)
      << f.fix;
}

// Without RESPONDER-LIFETIME (the same lifetimes on both sides) there is no such finding.
TEST_F(Diagnose, EqualLifetimesAreNoFinding) {
  start(side_config(true), side_config(false));
  ASSERT_TRUE(initiate_left());
  for (auto* p : {left.get(), right.get()}) {
    auto fs = findings(*p);
    EXPECT_FALSE(find(fs, "lifetime-lowered")) << dump(fs);
  }
}

TEST_F(Diagnose, QuickModeProposalMismatch) {
  SideOptions l;
  l.esp = "aes256-sha256";
  start(side_config(true, l), side_config(false));
  ASSERT_FALSE(initiate_left());
  auto r = expect(*right, "proposal-mismatch");
  EXPECT_EQ(r.text, "ESP proposal mismatch in Quick Mode: nothing in common for encryption");
  EXPECT_TRUE(has(r.evidence, "the peer offered: AES_CBC_256/HMAC_SHA2_256_128")) << dump({r});
  auto f = expect(*left, "proposal-mismatch");
  EXPECT_EQ(f.text,
            "ESP proposal mismatch in Quick Mode: the peer accepted none of ours "
            "(NO-PROPOSAL-CHOSEN)");
}

TEST_F(Diagnose, PfsMismatchIsCalledOut) {
  SideOptions l;
  l.esp = "aes128-sha256-modp2048";
  start(side_config(true, l), side_config(false));
  ASSERT_FALSE(initiate_left());
  auto r = expect(*right, "pfs-mismatch");
  EXPECT_EQ(r.text, "PFS mismatch in Quick Mode: the peer requires a PFS group, we offer none");
  EXPECT_TRUE(has(r.evidence, "PFS group: we offer NONE, the peer MODP_2048: nothing in common"))
      << dump({r});
}

TEST_F(Diagnose, ProxyIdMismatchShowsBothSides) {
  auto right_cfg = side_config(false);
  right_cfg.replace(right_cfg.find("remote_ts = 10.1.0.0/24"), 23, "remote_ts = 10.9.0.0/24");
  start(side_config(true), right_cfg);
  ASSERT_FALSE(initiate_left());
  auto f = expect(*right, "ts-mismatch");
  EXPECT_EQ(f.text,
            "proxy-ID mismatch in Quick Mode: the peer proposed 10.1.0.0/24 === 10.2.0.0/24, we "
            "allow 10.9.0.0/24 === 10.2.0.0/24");
  auto l = expect(*left, "ts-mismatch");
  EXPECT_EQ(l.text,
            "proxy-ID mismatch in Quick Mode: the peer refused our selectors "
            "(INVALID-ID-INFORMATION)");
  EXPECT_TRUE(has(l.evidence, "we proposed local_ts 10.1.0.0/24, remote_ts 10.2.0.0/24"))
      << dump({l});
}

TEST_F(Diagnose, NoAnswerToMainMode) {
  start(side_config(true), side_config(false));
  net.filter = [](const Datagram& d) { return d.sender != 0; };
  std::optional<Status> result;
  ASSERT_TRUE(left->engine->initiate("t", "net", [&](const Status& s) { result = s; }));
  settle(10s);
  auto so_far = expect(*left, "no-answer");
  EXPECT_EQ(so_far.severity, ike::diagnosis::Severity::kWarning);
  EXPECT_NE(so_far.text.find("no answer from 192.0.2.2 on UDP 500 after 2 transmission(s) of Main "
                             "Mode"),
            std::string::npos)
      << so_far.text;
  auto sas = left->sas();
  ASSERT_EQ(sas.size(), 1u);
  EXPECT_NE(sas[0].summary.find("waiting for the answer to Main Mode (message 0) from "
                                "192.0.2.2[500]"),
            std::string::npos)
      << sas[0].summary;
  settle(300s);
  ASSERT_TRUE(result && !*result);
  auto f = expect(*left, "no-answer");
  EXPECT_EQ(f.severity, ike::diagnosis::Severity::kError);
}

TEST_F(Diagnose, DeadPeer) {
  SideOptions both;
  both.extra_conn = "dpd_delay = 5s\ndpd_timeout = 20s";
  start(both);
  ASSERT_TRUE(initiate_left());
  net.filter = [](const Datagram& d) { return d.sender != 1; };
  settle(60s);
  auto f = expect(*left, "peer-dead");
  EXPECT_NE(f.text.find("declared the peer 192.0.2.2[500] dead"), std::string::npos) << f.text;
  EXPECT_TRUE(has(f.evidence, "no R-U-THERE-ACK")) << dump({f});
  EXPECT_TRUE(has(f.evidence, "the last message from the peer came")) << dump({f});
}

}  // namespace
}  // namespace oakley::ikev1::testing
