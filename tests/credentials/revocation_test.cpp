// Revocation (x509crl/, OCSP, CRL distribution points, the authorities section, strongSwan's
// strict/ifuri/relaxed) and the remote round's other demands (ca_id, cert_policy, signature
// constraints, pinned validity), on a swanctl folder with a PKI that OpenSSL makes while the
// test runs (tests/crypto/test_pki.hpp). The network is a fake HTTP client that plays the OCSP
// responder and the CRL server.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "credentials/store.hpp"
#include "test_pki.hpp"

namespace oakley::credentials {
namespace {

namespace fs = std::filesystem;
using testpki::CertSpec;
using testpki::Issued;
using CertStatus = crypto::CertStatus;

constexpr const char* kOcsp = "http://192.0.2.9:8880/";
constexpr const char* kCrl = "http://192.0.2.9/ca.crl";

class Revocation : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("oakley-rev-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    for (const char* sub : {"x509", "x509ca", "x509crl", "x509ocsp", "private"})
      fs::create_directories(dir_ / sub);
    CertSpec ca_spec;
    ca_spec.subject = "C=CH, O=Oakley Test, CN=Revocation CA";
    ca_spec.ca = true;
    ca_opt_ = testpki::make_cert(ca_spec);
    testpki::write_file((dir_ / "x509ca" / "ca.pem").string(), ca().cert_pem());
    CertSpec me;
    me.subject = "C=CH, O=Oakley Test, CN=me.oakley.test";
    me_opt_ = testpki::make_cert(me, &ca());
    testpki::write_file((dir_ / "x509" / "me.pem").string(), me_opt_->cert_pem());
    testpki::write_file((dir_ / "private" / "me.key").string(), me_opt_->key_pem());
  }
  const Issued& ca() const { return *ca_opt_; }
  void TearDown() override { fs::remove_all(dir_); }

  Issued peer(const std::string& cn, const std::string& ocsp = kOcsp, const std::string& crl = "",
              const Issued* issuer = nullptr) {
    CertSpec spec;
    spec.subject = "C=CH, O=Oakley Test, CN=" + cn;
    spec.ocsp_uri = ocsp;
    spec.crl_uri = crl;
    return testpki::make_cert(spec, issuer ? issuer : &ca());
  }

  // The fake network: OCSP POSTs are answered by the CA for `status_` (by serial; good
  // otherwise, or `ocsp_error_`), CRL GETs with `crl_`; every call is counted by URL.
  HttpFetch network() {
    return [this](const HttpRequest& r) -> Result<Bytes> {
      ++calls_[r.url];
      if (!r.body.empty()) {
        if (ocsp_error_) return make_error("connection refused");
        testpki::OcspAnswer a;
        a.status = next_status_;
        a.revoked_at = revoked_at_;
        a.next_update = next_update_;
        return testpki::make_ocsp_response(ca(), ca().cert, a, r.body);
      }
      if (crl_.empty()) return make_error("HTTP 404");
      return crl_;
    };
  }

  const Store& load(const std::string& remote, const std::string& top = "",
                    FetchLimits limits = {}) {
    fetcher_ = std::make_shared<RevocationFetcher>(network(), limits);
    std::ofstream(dir_ / "swanctl.conf")
        << "connections {\n gw {\n  remote_addrs = 192.0.2.2\n  local {\n   certs = me.pem\n  "
           "}\n  remote {\n   auth = pubkey\n"
        << remote << "\n  }\n }\n}\n"
        << top;
    auto cfg = load_config((dir_ / "swanctl.conf").string(), fetcher_);
    EXPECT_TRUE(cfg.ok()) << cfg.error().message;
    cfg_ = *cfg;
    return *cfg_->credentials;
  }
  const config::Connection& gw() const { return cfg_->connections.front(); }

  // The whole check as an engine makes it, with a proof that holds.
  Status authenticate(const Store& store, const Issued& who, std::vector<Bytes> ocsp = {}) {
    PeerCertificates received{{who.cert.der()}, std::move(ocsp)};
    auto r = store.authenticate_peer(gw(), credentials::subject_identity(who.cert), received,
                                     [](const VerifiedPeer&) { return Status{}; });
    return r ? Status{} : Status(r.take_error());
  }

  fs::path dir_;
  std::optional<Issued> ca_opt_, me_opt_;
  std::shared_ptr<RevocationFetcher> fetcher_;
  std::shared_ptr<const LoadedConfig> cfg_;
  std::map<std::string, int> calls_;
  CertStatus next_status_ = CertStatus::kGood;
  std::time_t revoked_at_ = 0;
  std::optional<long> next_update_ = 3600;
  bool ocsp_error_ = false;
  Bytes crl_;
};

bool has(const Status& st, const std::string& needle) {
  return !st.ok() && st.error().message.find(needle) != std::string::npos;
}

// The task's CRL case: a CRL in x509crl/ refuses the certificate it lists, without any network.
TEST_F(Revocation, CrlInX509crlRefusesTheRevokedCertificate) {
  auto bad = peer("revoked.oakley.test", "");
  auto good = peer("good.oakley.test", "");
  std::time_t when = std::time(nullptr) - 600;
  testpki::write_file((dir_ / "x509crl" / "ca.crl").string(),
                      testpki::make_crl(ca(), {{&bad.cert, when, 1}}));
  const auto& store = load("   revocation = strict");
  EXPECT_EQ(store.crl_count(), 1u);
  auto st = authenticate(store, bad);
  EXPECT_TRUE(has(st,
                  "certificate \"C=CH, O=Oakley Test, CN=revoked.oakley.test\" was revoked "
                  "at " +
                      crypto::utc_text(when) +
                      ", reason keyCompromise (the CRL in "
                      "x509crl/)"))
      << (st.ok() ? "accepted" : st.error().message);
  // strict: the good one is known good from the same CRL
  auto ok = authenticate(store, good);
  EXPECT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_TRUE(calls_.empty());
  EXPECT_EQ(fetcher_->counters().revoked, 1u);
}

TEST_F(Revocation, OcspFromTheCertificatesResponderGoodAndRevoked) {
  const auto& store = load("");
  auto alice = peer("alice.oakley.test");
  EXPECT_TRUE(authenticate(store, alice).ok());
  next_status_ = CertStatus::kRevoked;
  revoked_at_ = std::time(nullptr) - 3600;
  auto mallory = peer("mallory.oakley.test");
  auto st = authenticate(store, mallory);
  EXPECT_TRUE(has(st, "CN=mallory.oakley.test\" was revoked at " + crypto::utc_text(revoked_at_) +
                          ", reason keyCompromise (OCSP responder http://192.0.2.9:8880/)"))
      << (st.ok() ? "accepted" : st.error().message);
  EXPECT_EQ(calls_[kOcsp], 2);
  EXPECT_EQ(fetcher_->counters().ocsp_requests, 2u);
}

TEST_F(Revocation, OcspStatusIsCachedUntilItsNextUpdate) {
  const auto& store = load("");
  auto alice = peer("alice.oakley.test");
  EXPECT_TRUE(authenticate(store, alice).ok());
  EXPECT_TRUE(authenticate(store, alice).ok());
  EXPECT_EQ(calls_[kOcsp], 1);
  EXPECT_EQ(fetcher_->counters().cache_hits, 1u);
  // without nextUpdate nothing is kept
  next_update_.reset();
  auto bob = peer("bob.oakley.test");
  EXPECT_TRUE(authenticate(store, bob).ok());
  EXPECT_TRUE(authenticate(store, bob).ok());
  EXPECT_EQ(calls_[kOcsp], 3);
}

// strongSwan's policies: relaxed fails only on revoked; ifuri also when a URI exists but gives
// no status; strict whenever the status is not known good.
TEST_F(Revocation, StrictIfuriRelaxed) {
  auto no_uri = peer("quiet.oakley.test", "");
  auto unreachable = peer("far.oakley.test");
  ocsp_error_ = true;
  {
    const auto& store = load("   revocation = relaxed");
    EXPECT_TRUE(authenticate(store, no_uri).ok());
    EXPECT_TRUE(authenticate(store, unreachable).ok());
  }
  {
    const auto& store = load("   revocation = ifuri");
    EXPECT_TRUE(authenticate(store, no_uri).ok());
    auto st = authenticate(store, unreachable);
    EXPECT_TRUE(has(st,
                    "revocation = ifuri: the status of certificate \"C=CH, O=Oakley Test, "
                    "CN=far.oakley.test\" is not known to be good: OCSP responder "
                    "http://192.0.2.9:8880/: connection refused"))
        << (st.ok() ? "accepted" : st.error().message);
  }
  {
    const auto& store = load("   revocation = strict");
    EXPECT_TRUE(has(authenticate(store, no_uri), "revocation = strict"));
    EXPECT_TRUE(has(authenticate(store, unreachable), "revocation = strict"));
  }
}

TEST_F(Revocation, CrlFromTheDistributionPointWhenOcspFails) {
  auto bad = peer("bad.oakley.test", kOcsp, kCrl);
  crl_ = testpki::make_crl(ca(), {{&bad.cert, std::time(nullptr) - 60, 1}});
  ocsp_error_ = true;
  const auto& store = load("   revocation = strict");
  auto st = authenticate(store, bad);
  EXPECT_TRUE(has(st, "was revoked at") && has(st, "(CRL http://192.0.2.9/ca.crl)"))
      << (st.ok() ? "accepted" : st.error().message);
  auto good = peer("fine.oakley.test", kOcsp, kCrl);
  EXPECT_TRUE(authenticate(store, good).ok());
  EXPECT_EQ(calls_[kCrl], 1);  // the CRL is cached until its nextUpdate
  // a CRL that is not the issuer's is not believed (nor kept)
  CertSpec twin;
  twin.subject = "C=CH, O=Oakley Test, CN=Revocation CA";
  twin.ca = true;
  auto forger = testpki::make_cert(twin);
  crl_ = testpki::make_crl(forger, {});
  const auto& again = load("   revocation = strict");
  auto forged = authenticate(again, peer("other.oakley.test", kOcsp, kCrl));
  EXPECT_TRUE(has(forged, "does not verify")) << (forged.ok() ? "accepted" : "");
}

TEST_F(Revocation, AuthoritiesSectionAddsResponderAndCa) {
  // A second CA known only through the authorities section, whose certificates name no
  // responder: the section's ocsp_uris is asked.
  CertSpec other;
  other.subject = "C=CH, CN=Authority CA";
  other.ca = true;
  auto auth_ca = testpki::make_cert(other);
  testpki::write_file((dir_ / "auth-ca.pem").string(), auth_ca.cert_pem());
  auto carol = peer("carol.oakley.test", "", "", &auth_ca);
  const auto& store = load("   revocation = strict",
                           "authorities {\n ca {\n  file = " + (dir_ / "auth-ca.pem").string() +
                               "\n  ocsp_uris = http://responder.test/\n }\n}\n");
  // the fake answers as ca_, which did not issue carol: the answer is refused, strict fails
  auto st = authenticate(store, carol);
  EXPECT_EQ(calls_["http://responder.test/"], 1);
  EXPECT_TRUE(has(st,
                  "OCSP responder http://responder.test/: OCSP response is not signed by "
                  "\"C=CH, CN=Authority CA\""))
      << (st.ok() ? "accepted" : st.error().message);
}

TEST_F(Revocation, NothingIsFetchedBeforeThePeerProvedItsKey) {
  const auto& store = load("   revocation = strict");
  auto alice = peer("alice.oakley.test");
  PeerCertificates received{{alice.cert.der()}, {}};
  auto r = store.authenticate_peer(
      gw(), subject_identity(alice.cert), received,
      [](const VerifiedPeer&) -> Status { return make_error("signature does not verify"); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "signature does not verify");
  EXPECT_TRUE(calls_.empty());
}

TEST_F(Revocation, OcspResponseThePeerSentIsUsedWithoutNetwork) {
  auto alice = peer("alice.oakley.test");
  testpki::OcspAnswer a;
  a.status = CertStatus::kRevoked;
  a.revoked_at = std::time(nullptr) - 100;
  auto stapled = testpki::make_ocsp_response(ca(), ca().cert, a, {}, &alice.cert);
  const auto& store = load("   revocation = strict");
  auto st = authenticate(store, alice, {stapled});
  EXPECT_TRUE(has(st, "(the OCSP response the peer sent)"))
      << (st.ok() ? "accepted" : st.error().message);
  EXPECT_TRUE(calls_.empty());
  EXPECT_EQ(fetcher_->counters().stapled, 1u);
}

TEST_F(Revocation, FetchesBeyondTheLimitAreRefusedAndCounted) {
  FetchLimits none;
  none.parallel = 0;
  const auto& store = load("   revocation = ifuri", "", none);
  auto st = authenticate(store, peer("alice.oakley.test"));
  EXPECT_TRUE(has(st, "revocation fetches are already running"));
  EXPECT_EQ(fetcher_->counters().refused, 1u);
  EXPECT_TRUE(calls_.empty());
}

TEST_F(Revocation, CaIdMustBeOnThePath) {
  auto alice = peer("alice.oakley.test", "");
  {
    const auto& store = load("   ca_id = \"C=CH, O=Oakley Test, CN=Revocation CA\"");
    EXPECT_TRUE(authenticate(store, alice).ok());
  }
  {
    const auto& store = load("   ca_id = \"C=CH, O=*, CN=Revocation CA\"");
    EXPECT_TRUE(authenticate(store, alice).ok());
  }
  const auto& store = load("   ca_id = \"C=CH, O=Oakley Test, CN=Other CA\"");
  auto st = authenticate(store, alice);
  EXPECT_TRUE(has(st,
                  "the peer is not authenticated by CA 'C=CH, O=Oakley Test, CN=Other CA' "
                  "(ca_id): its certificate \"C=CH, O=Oakley Test, CN=alice.oakley.test\" "
                  "chains to \"C=CH, O=Oakley Test, CN=Revocation CA\""))
      << (st.ok() ? "accepted" : st.error().message);
}

TEST_F(Revocation, CertPolicyMustBeInTheCertificateAndValidOnThePath) {
  CertSpec with;
  with.subject = "C=CH, CN=policy.oakley.test";
  with.policies = {"1.3.6.1.4.1.99999.7"};
  auto leaf = testpki::make_cert(with, &ca());
  auto plain = peer("plain.oakley.test", "");
  const auto& store = load("   cert_policy = 1.3.6.1.4.1.99999.7");
  EXPECT_TRUE(authenticate(store, leaf).ok());
  EXPECT_TRUE(has(authenticate(store, plain),
                  "certificate \"C=CH, O=Oakley Test, CN=plain.oakley.test\" does not have "
                  "policy 1.3.6.1.4.1.99999.7 (cert_policy)"));
  // an intermediate CA that does not assert the policy invalidates it
  CertSpec sub;
  sub.subject = "C=CH, CN=Sub CA";
  sub.ca = true;
  auto inter = testpki::make_cert(sub, &ca());
  auto below = testpki::make_cert(with, &inter);
  PeerCertificates received{{below.cert.der(), inter.cert.der()}, {}};
  auto r = store.authenticate_peer(gw(), subject_identity(below.cert), received,
                                   [](const VerifiedPeer&) { return Status{}; });
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("issuing CA \"C=CH, CN=Sub CA\" does not assert it"),
            std::string::npos)
      << r.error().message;
}

TEST_F(Revocation, ChainSignatureConstraint) {
  CertSpec weak;
  weak.subject = "C=CH, CN=sha1.oakley.test";
  weak.md = "SHA1";
  auto sha1 = testpki::make_cert(weak, &ca());
  auto sha256 = peer("sha256.oakley.test", "");
  const auto& store = load("", "");
  EXPECT_TRUE(authenticate(store, sha1).ok());  // no constraint: OpenSSL's rules only
  const auto& strict = load("   auth = pubkey-sha256");
  EXPECT_TRUE(authenticate(strict, sha256).ok());
  EXPECT_TRUE(has(authenticate(strict, sha1),
                  "certificate \"C=CH, CN=sha1.oakley.test\" is signed with ECDSA SHA-1, which "
                  "auth = pubkey-sha256 of connection 'gw' does not accept (it accepts RSA "
                  "PKCS#1 v1.5 SHA-256 or ECDSA SHA-256)"));
}

// Issue 11 #19: a pinned certificate (remote.certs) outside its validity is refused.
TEST_F(Revocation, PinnedCertificateValidityIsChecked) {
  CertSpec old;
  old.subject = "C=CH, CN=old.oakley.test";
  old.not_before = -10 * 86400;
  old.not_after = -86400;
  auto expired = testpki::make_cert(old);  // self-signed, trusted only by pinning
  testpki::write_file((dir_ / "x509" / "old.pem").string(), expired.cert_pem());
  CertSpec fresh;
  fresh.subject = "C=CH, CN=fresh.oakley.test";
  auto current = testpki::make_cert(fresh);
  testpki::write_file((dir_ / "x509" / "fresh.pem").string(), current.cert_pem());
  {
    const auto& store = load("   certs = old.pem");
    auto st = authenticate(store, expired);
    EXPECT_TRUE(has(st, "certificate \"C=CH, CN=old.oakley.test\" expired on " +
                            crypto::utc_text(expired.cert.not_after()) +
                            " (it is pinned in remote.certs of connection 'gw')"))
        << (st.ok() ? "accepted" : st.error().message);
  }
  const auto& store = load("   certs = fresh.pem");
  auto ok = authenticate(store, current);
  EXPECT_TRUE(ok.ok()) << ok.error().message;
}

}  // namespace
}  // namespace oakley::credentials
