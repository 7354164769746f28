// Main Mode and Aggressive Mode with certificates (RFC 2409 5.1, RFC 4754, RFC 4945): both sides
// load their configuration as the daemon does, from a swanctl folder built from the test PKI.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "two_engines.hpp"

namespace oakley::ikev1::testing {
namespace {

namespace fs = std::filesystem;

std::string pki(const std::string& name) {
  return std::string(OAKLEY_TEST_DATA) + "/crypto/pki/" + name;
}

struct CertSide {
  std::string cert, key;            // test PKI names ("rsa" → rsa_cert.pem / rsa_key.pem)
  std::string local_id, remote_id;  // empty: unset (subject DN / any)
  std::string ca = "ca_cert.pem";
  std::string extra_conn;
};

CertSide leaf(const std::string& name, const std::string& local_id = "",
              const std::string& remote_id = "", const std::string& extra_conn = "") {
  return CertSide{name, name, local_id, remote_id, "ca_cert.pem", extra_conn};
}

class Certificates : public TwoEngines {
 protected:
  void TearDown() override {
    TwoEngines::TearDown();
    for (const auto& d : dirs_)
      fs::remove_all(d);
  }

  // Writes a swanctl folder for one side; returns "@<path of swanctl.conf>".
  std::string side(bool is_left, const CertSide& s) {
    fs::path dir = fs::temp_directory_path() /
                   fmt::format("oakley-v1cert-{}-{}-{}", ::getpid(),
                               ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                               is_left ? "left" : "right");
    fs::remove_all(dir);
    dirs_.push_back(dir);
    for (const char* sub : {"x509", "x509ca", "private"})
      fs::create_directories(dir / sub);
    fs::copy_file(pki(s.cert + "_cert.pem"), dir / "x509" / (s.cert + "_cert.pem"));
    fs::copy_file(pki(s.key + "_key.pem"), dir / "private" / (s.key + "_key.pem"));
    if (!s.ca.empty()) fs::copy_file(pki(s.ca), dir / "x509ca" / s.ca);
    std::string local = fmt::format("auth = pubkey\n certs = {}_cert.pem\n", s.cert);
    if (!s.local_id.empty()) local += fmt::format(" id = \"{}\"\n", s.local_id);
    std::string remote = "auth = pubkey\n";
    if (!s.remote_id.empty()) remote += fmt::format(" id = \"{}\"\n", s.remote_id);
    SideOptions o;
    o.extra_conn = s.extra_conn;
    std::string text = side_config(is_left, o);
    // Swap the PSK rounds of the standard tunnel for certificate ones.
    auto replace_round = [&](const std::string& name, const std::string& body) {
      auto at = text.find("    " + name + " {");
      auto end = text.find("}", at);
      text.replace(at, end - at + 1, "    " + name + " {\n" + body + "    }");
    };
    replace_round("local", local);
    replace_round("remote", remote);
    std::ofstream(dir / "swanctl.conf") << text;
    return "@" + (dir / "swanctl.conf").string();
  }

  void start_with(const CertSide& l, const CertSide& r) { start(side(true, l), side(false, r)); }

  std::vector<fs::path> dirs_;
};

struct Kind {
  std::string left, right;  // test PKI leaf names: <name>_cert.pem / <name>_key.pem
  std::string method;       // what both sides report
};

std::string cn_of(const std::string& leaf) {
  std::string cn = leaf;
  std::replace(cn.begin(), cn.end(), '_', '-');
  return "C=CH, O=Oakley Test, CN=" + cn + ".oakley.test";
}

class CertificateKinds : public Certificates, public ::testing::WithParamInterface<Kind> {};

TEST_P(CertificateKinds, MainModeAuthenticatesBothSubjects) {
  start_with(leaf(GetParam().left), leaf(GetParam().right));
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
  ASSERT_EQ(left->established(), 1u);
  ASSERT_EQ(right->established(), 1u);
  auto l = left->sas()[0];
  auto r = right->sas()[0];
  EXPECT_EQ(l.auth, GetParam().method);
  EXPECT_EQ(r.auth, GetParam().method);
  // No id configured: each side is its certificate's subject, and that is what the other saw.
  EXPECT_EQ(l.remote_id, cn_of(GetParam().right));
  EXPECT_EQ(r.remote_id, cn_of(GetParam().left));
  EXPECT_EQ(l.local_id, r.remote_id);
  expect_mirrored_child(*left, *right);
}

INSTANTIATE_TEST_SUITE_P(Ikev1, CertificateKinds,
                         ::testing::Values(Kind{"rsa", "rsa_right", "RSA_SIG"},
                                           Kind{"ecdsa256", "ecdsa256_right", "ECDSA_256"},
                                           Kind{"ecdsa384", "ecdsa384_right", "ECDSA_384"}),
                         [](const auto& p) { return p.param.left; });

TEST_F(Certificates, AggressiveModeNeedsNoPskOverride) {
  start_with(leaf("rsa", "", "", "aggressive = yes"),
             leaf("rsa_right", "", "", "aggressive = yes"));
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
  EXPECT_EQ(left->established(), 1u);
  EXPECT_EQ(right->established(), 1u);
  EXPECT_EQ(left->sas()[0].remote_id, cn_of("rsa_right"));
}

// Signing (MM5, MM6, AM2, AM3) is worker work like the DH and the check of the peer's signature:
// with certificates each side runs exactly two more jobs than with pre-shared keys, its
// signature and the check of the peer's.
TEST_F(Certificates, BothSignaturesAndBothChecksRunInWorkerJobs) {
  for (const char* extra : {"", "aggressive = yes"}) {
    SCOPED_TRACE(extra);
    SideOptions psk;
    psk.extra_conn = extra;
    // Aggressive Mode with a PSK answers only where the operator said it does not care.
    psk.extra_top = "oakley {\n  i_dont_care_about_security_and_use_aggressive_mode_psk = yes\n}\n";
    start(psk);
    ASSERT_TRUE(initiate_left());
    std::size_t psk_left = left->work.jobs, psk_right = right->work.jobs;
    start_with(leaf("rsa", "", "", extra), leaf("rsa_right", "", "", extra));
    auto st = initiate_left();
    ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
    EXPECT_EQ(left->work.jobs, psk_left + 2);
    EXPECT_EQ(right->work.jobs, psk_right + 2);
  }
}

TEST_F(Certificates, FqdnIdentitiesFromSubjectAltNames) {
  start_with(leaf("rsa", "rsa.oakley.test", "rsa-right.oakley.test"),
             leaf("rsa_right", "rsa-right.oakley.test", "*.oakley.test"));
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
  EXPECT_EQ(left->sas()[0].remote_id, "rsa-right.oakley.test");
  EXPECT_EQ(right->sas()[0].remote_id, "rsa.oakley.test");
}

TEST_F(Certificates, UntrustedIssuerFailsAuthentication) {
  start_with(leaf("rsa"), leaf("rogue_rsa"));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_EQ(left->established(), 0u);
  EXPECT_TRUE(log_contains("does not chain to")) << logs_text();
}

TEST_F(Certificates, RemoteIdNotInTheCertificateFails) {
  start_with(leaf("rsa", "", "gw.oakley.test"), leaf("rsa_right"));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_EQ(left->established(), 0u);
  EXPECT_EQ(right->established(), 0u);
  EXPECT_TRUE(log_contains("gw.oakley.test")) << logs_text();
}

TEST_F(Certificates, KeyTypesMustAgreeOnOneMethod) {
  start_with(leaf("rsa"), leaf("ecdsa256_right"));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_TRUE(log_contains("ECDSA_256")) << logs_text();
  EXPECT_TRUE(log_contains("NO_PROPOSAL_CHOSEN") || log_contains("NO-PROPOSAL-CHOSEN"))
      << logs_text();
}

}  // namespace
}  // namespace oakley::ikev1::testing
