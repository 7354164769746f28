// IKE_AUTH with revocation checks: the certificate chain, signature and OCSP status are checked
// in a worker job (never on the loop), a revoked certificate is refused on either side with the
// reason in the log and in diagnose, and RFC 4806 OCSP content travels in IKE_AUTH. The PKI is
// made at test time (tests/crypto/test_pki.hpp); each side's network is a fake OCSP responder.
#include <filesystem>
#include <fstream>
#include <map>

#include "test_pki.hpp"
#include "two_engines.hpp"

namespace oakley::ikev2::testing {
namespace {

namespace fs = std::filesystem;
using oakley::test_support::TrackingWorkPool;
using testpki::CertSpec;
using testpki::Issued;

class RevocationEngines : public TwoEngines {
 protected:
  void SetUp() override {
    TwoEngines::SetUp();
    CertSpec ca;
    ca.subject = "C=CH, O=Oakley Test, CN=OCSP Test CA";
    ca.ca = true;
    ca_.emplace(testpki::make_cert(ca));
    for (const char* who : {"left", "right"}) {
      for (bool revoked : {false, true}) {
        CertSpec spec;
        spec.subject = fmt::format("C=CH, O=Oakley Test, CN={}.oakley.test", who);
        spec.ocsp_uri = fmt::format("http://ocsp.test/{}{}", who, revoked ? "-revoked" : "");
        certs_.emplace(spec.ocsp_uri, testpki::make_cert(spec, &*ca_));
      }
    }
  }
  void TearDown() override {
    TwoEngines::TearDown();
    for (const auto& d : dirs_)
      fs::remove_all(d);
  }

  const Issued& cert(const std::string& who, bool revoked = false) const {
    return certs_.at(fmt::format("http://ocsp.test/{}{}", who, revoked ? "-revoked" : ""));
  }

  // A swanctl folder: the CA, `me` with its key, pubkey rounds expecting the other's subject.
  std::string side(bool is_left, const Issued& me, const std::string& remote_extra,
                   const std::string& conn_extra = "") {
    fs::path dir = fs::temp_directory_path() /
                   fmt::format("oakley-v2rev-{}-{}-{}", ::getpid(),
                               ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                               is_left ? "left" : "right");
    fs::remove_all(dir);
    dirs_.push_back(dir);
    for (const char* sub : {"x509", "x509ca", "private"})
      fs::create_directories(dir / sub);
    testpki::write_file((dir / "x509ca" / "ca.pem").string(), ca_->cert_pem());
    testpki::write_file((dir / "x509" / "me.pem").string(), me.cert_pem());
    testpki::write_file((dir / "private" / "me.key").string(), me.key_pem());
    std::string text = side_config(is_left, "aes128gcm16-prfsha256-x25519", "aes128gcm16",
                                   conn_extra, "", "unused-psk-0123456789");
    auto replace_round = [&](const std::string& name, const std::string& body) {
      auto at = text.find("    " + name + " {");
      auto end = text.find("}", at);
      text.replace(at, end - at + 1, "    " + name + " {\n" + body + "    }");
    };
    replace_round("local", "      auth = pubkey\n      certs = me.pem\n");
    replace_round("remote", fmt::format("      auth = pubkey\n      id = \"C=CH, O=Oakley Test, "
                                        "CN={}.oakley.test\"\n      {}\n",
                                        is_left ? "right" : "left", remote_extra));
    std::ofstream(dir / "swanctl.conf") << text;
    return "@" + (dir / "swanctl.conf").string();
  }

  // The OCSP responder as side `side` sees it: answers for the certificate whose URL was asked,
  // revoked for the "-revoked" ones; notes every call and whether it ran in a worker job.
  std::shared_ptr<credentials::RevocationFetcher> responder(int side) {
    auto fetch = [this, side](const credentials::HttpRequest& r) -> Result<Bytes> {
      ++calls_[side][r.url];
      if (!TrackingWorkPool::running()) ++fetched_on_loop_;
      testpki::OcspAnswer a;
      if (r.url.find("-revoked") != std::string::npos) {
        a.status = crypto::CertStatus::kRevoked;
        a.revoked_at = std::time(nullptr) - 3600;
      }
      return testpki::make_ocsp_response(*ca_, ca_->cert, a, r.body);
    };
    return std::make_shared<credentials::RevocationFetcher>(fetch);
  }

  std::string diagnose(Peer& p) const {
    std::string out;
    for (const auto& line : p.engine->diagnose("t"))
      out += line + "\n";
    return out;
  }

  std::optional<Issued> ca_;
  std::map<std::string, Issued> certs_;
  std::map<std::string, int> calls_[2];
  int fetched_on_loop_ = 0;
  std::vector<fs::path> dirs_;
};

TEST_F(RevocationEngines, GoodCertificatesEstablishWithOcspCheckedInWorkerJobs) {
  revocation_left = responder(0);
  revocation_right = responder(1);
  start(side(true, cert("left"), "revocation = strict"),
        side(false, cert("right"), "revocation = strict"));
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(calls_[0]["http://ocsp.test/right"], 1);
  EXPECT_EQ(calls_[1]["http://ocsp.test/left"], 1);
  EXPECT_EQ(fetched_on_loop_, 0);
  EXPECT_GE(left->work.jobs, 2u);  // DH and the peer's certificate
  EXPECT_GE(right->work.jobs, 2u);
  EXPECT_TRUE(log_contains("good according to OCSP responder http://ocsp.test/left"));
}

TEST_F(RevocationEngines, RevokedResponderIsRefusedByTheInitiator) {
  revocation_left = responder(0);
  revocation_right = responder(1);
  start(side(true, cert("left"), ""), side(false, cert("right", true), ""));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("CN=right.oakley.test\" was revoked at"), std::string::npos)
      << st.error().message;
  EXPECT_NE(st.error().message.find("(OCSP responder http://ocsp.test/right-revoked)"),
            std::string::npos);
  EXPECT_EQ(left->established(), 0u);
  EXPECT_NE(diagnose(*left).find("revoked"), std::string::npos) << diagnose(*left);
  EXPECT_EQ(revocation_left->counters().revoked, 1u);
}

TEST_F(RevocationEngines, RevokedInitiatorIsRefusedByTheResponder) {
  revocation_left = responder(0);
  revocation_right = responder(1);
  start(side(true, cert("left", true), ""), side(false, cert("right"), ""));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("AUTHENTICATION_FAILED"), std::string::npos)
      << st.error().message;
  EXPECT_TRUE(log_contains("CN=left.oakley.test\" was revoked at"));
  EXPECT_EQ(right->established(), 0u);
  EXPECT_NE(diagnose(*right).find("revoked"), std::string::npos) << diagnose(*right);
}

// RFC 4806: with ocsp = request the left asks in its CERTREQ, the right (ocsp = reply) fetches
// the response about its own certificate and sends it after its CERT; the left checks it
// without asking any responder itself.
TEST_F(RevocationEngines, OcspResponseTravelsInIkeAuthWhenAsked) {
  revocation_left = responder(0);
  revocation_right = responder(1);
  start(side(true, cert("left"), "revocation = strict", "ocsp = request"),
        side(false, cert("right"), "revocation = strict", "ocsp = reply"));
  auto st = initiate_left();
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_TRUE(calls_[0].empty()) << "the left asked a responder itself";
  EXPECT_EQ(calls_[1]["http://ocsp.test/right"], 1);  // the right fetched its own status
  EXPECT_EQ(revocation_left->counters().stapled, 1u);
  EXPECT_EQ(fetched_on_loop_, 0);
}

TEST_F(RevocationEngines, StapledRevokedResponseRefusesThePeer) {
  revocation_left = responder(0);
  revocation_right = responder(1);
  start(side(true, cert("left"), "revocation = strict", "ocsp = both"),
        side(false, cert("right", true), "", "ocsp = reply"));
  auto st = initiate_left();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("(the OCSP response the peer sent)"), std::string::npos)
      << st.error().message;
  EXPECT_TRUE(calls_[0].empty());
}

}  // namespace
}  // namespace oakley::ikev2::testing
