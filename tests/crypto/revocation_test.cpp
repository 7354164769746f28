// Certificate details, DN patterns, CRLs and OCSP responses, against a PKI made by OpenSSL at test
// time (test_pki.hpp).
#include "crypto/revocation.hpp"

#include <gtest/gtest.h>
#include <openssl/ocsp.h>

#include "test_pki.hpp"

namespace oakley::crypto {
namespace {

using testpki::CertSpec;
using testpki::Issued;

class RevocationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    CertSpec ca_spec;
    ca_spec.subject = "C=CH, O=Oakley Test, CN=Revocation CA";
    ca_spec.ca = true;
    ca_ = new Issued(testpki::make_cert(ca_spec));
    CertSpec leaf;
    leaf.subject = "C=CH, O=Oakley Test, CN=peer.oakley.test";
    leaf.ocsp_uri = "http://192.0.2.9:8880/ocsp";
    leaf.crl_uri = "http://192.0.2.9/ca.crl";
    leaf.policies = {"1.3.6.1.4.1.99999.1.2"};
    leaf_ = new Issued(testpki::make_cert(leaf, ca_));
  }
  static void TearDownTestSuite() {
    delete leaf_;
    delete ca_;
  }
  static OcspCheck check_with(ByteView request) {
    OcspCheck c;
    c.trusted = std::span<const Certificate>(&ca_->cert, 1);
    c.request = request;
    c.now = std::time(nullptr);
    return c;
  }
  static Issued* ca_;
  static Issued* leaf_;
};
Issued* RevocationTest::ca_ = nullptr;
Issued* RevocationTest::leaf_ = nullptr;

TEST_F(RevocationTest, CertificateNamesItsResponderDistributionPointAndPolicies) {
  EXPECT_EQ(leaf_->cert.ocsp_uris(), std::vector<std::string>{"http://192.0.2.9:8880/ocsp"});
  EXPECT_EQ(leaf_->cert.crl_uris(), std::vector<std::string>{"http://192.0.2.9/ca.crl"});
  EXPECT_EQ(leaf_->cert.policy_oids(), std::vector<std::string>{"1.3.6.1.4.1.99999.1.2"});
  EXPECT_TRUE(ca_->cert.ocsp_uris().empty());
  EXPECT_TRUE(leaf_->cert.issued_by(ca_->cert));
  EXPECT_FALSE(ca_->cert.issued_by(leaf_->cert));
  EXPECT_TRUE(ca_->cert.self_signed());
  EXPECT_FALSE(leaf_->cert.self_signed());
}

TEST_F(RevocationTest, SignatureAlgorithmOfTheIssuer) {
  EXPECT_EQ(leaf_->cert.signature_algorithm(),
            (SignatureAlgorithm{KeyType::kEcdsa, false, SigHash::kSha256}));
  CertSpec sha1;
  sha1.md = "SHA1";
  auto weak = testpki::make_cert(sha1, ca_);
  ASSERT_TRUE(weak.cert.signature_algorithm());
  EXPECT_EQ(signature_algorithm_name(*weak.cert.signature_algorithm()), "ECDSA SHA-1");
  CertSpec rsa_ca;
  rsa_ca.ca = true;
  rsa_ca.key = testpki::KeyKind::kRsa2048;
  rsa_ca.md = "SHA384";
  auto rsa = testpki::make_cert(rsa_ca);
  EXPECT_EQ(signature_algorithm_name(*rsa.cert.signature_algorithm()), "RSA PKCS#1 v1.5 SHA-384");
  CertSpec ed;
  ed.key = testpki::KeyKind::kEd25519;
  ed.md = "";
  auto edc = testpki::make_cert(ed);
  EXPECT_EQ(edc.cert.signature_algorithm(),
            (SignatureAlgorithm{KeyType::kEd25519, false, SigHash::kIdentity}));
}

TEST_F(RevocationTest, ValidityIsCheckedWithDatesInTheMessage) {
  EXPECT_TRUE(leaf_->cert.check_validity().ok());
  CertSpec old;
  old.not_before = -10 * 86400;
  old.not_after = -86400;
  auto expired = testpki::make_cert(old, ca_);
  auto st = expired.cert.check_validity();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("expired on " + utc_text(expired.cert.not_after())),
            std::string::npos)
      << st.error().message;
  CertSpec later;
  later.not_before = 86400;
  auto future = testpki::make_cert(later, ca_);
  EXPECT_NE(future.cert.check_validity().error().message.find("is not valid before"),
            std::string::npos);
}

TEST_F(RevocationTest, BuildChainReturnsThePathUpToTheAnchor) {
  CertSpec sub;
  sub.subject = "C=CH, O=Oakley Test, CN=Sub CA";
  sub.ca = true;
  auto inter = testpki::make_cert(sub, ca_);
  auto leaf = testpki::make_cert(CertSpec{}, &inter);
  std::vector<Certificate> intermediates = {inter.cert};
  auto chain = build_chain(leaf.cert, std::span<const Certificate>(&ca_->cert, 1), intermediates);
  ASSERT_TRUE(chain.ok()) << chain.error().message;
  ASSERT_EQ(chain->size(), 3u);
  EXPECT_TRUE((*chain)[0] == leaf.cert);
  EXPECT_TRUE((*chain)[1] == inter.cert);
  EXPECT_TRUE((*chain)[2] == ca_->cert);
}

// Issue 11 #16: "O=*" must not stand for several RDNs.
TEST(DnMatch, StarMatchesOneRdnValueNotAnAttackersExtraRdns) {
  auto pattern = *encode_dn("O=*");
  EXPECT_FALSE(dn_match(pattern, *encode_dn("O=Evil, CN=x")));
  EXPECT_TRUE(dn_match(pattern, *encode_dn("O=Anything")));
  auto p2 = *encode_dn("C=CH, O=*, CN=gw");
  EXPECT_TRUE(dn_match(p2, *encode_dn("C=CH, O=Example, CN=gw")));
  EXPECT_TRUE(dn_match(p2, *encode_dn("C=ch, O=Other, CN=GW")));
  EXPECT_FALSE(dn_match(p2, *encode_dn("C=CH, O=Example, CN=gw2")));
  EXPECT_FALSE(dn_match(p2, *encode_dn("C=CH, OU=Example, CN=gw")));       // type differs
  EXPECT_FALSE(dn_match(p2, *encode_dn("C=CH, O=Example, CN=gw, CN=x")));  // one RDN more
  EXPECT_FALSE(dn_match(p2, *encode_dn("C=CH, CN=gw")));                   // one RDN less
  EXPECT_FALSE(dn_match(*encode_dn("CN=*"), *encode_dn("O=x, CN=y")));
  // a value that merely contains a star is not a wildcard
  EXPECT_FALSE(dn_match(*encode_dn("CN=a*"), *encode_dn("CN=abc")));
}

TEST_F(RevocationTest, CrlListsTheRevokedCertificateWithTimeAndReason) {
  auto other = testpki::make_cert(CertSpec{}, ca_);
  std::time_t when = std::time(nullptr) - 7200;
  auto der = testpki::make_crl(*ca_, {{&leaf_->cert, when, 1}});
  auto crl = Crl::parse(der);
  ASSERT_TRUE(crl.ok()) << crl.error().message;
  EXPECT_TRUE(crl->verify(ca_->cert).ok());
  EXPECT_EQ(crl->size(), 1u);
  EXPECT_TRUE(crl->next_update().has_value());
  auto hit = crl->find(leaf_->cert);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->when, when);
  EXPECT_EQ(hit->reason, "keyCompromise");
  EXPECT_FALSE(crl->find(other.cert).has_value());
}

TEST_F(RevocationTest, CrlOfAnotherIssuerOrForgedIsRefused) {
  CertSpec twin_spec;
  twin_spec.subject = "C=CH, O=Oakley Test, CN=Revocation CA";  // same name, other key
  twin_spec.ca = true;
  auto twin = testpki::make_cert(twin_spec);
  auto forged = Crl::parse(testpki::make_crl(twin, {}));
  ASSERT_TRUE(forged.ok());
  auto st = forged->verify(ca_->cert);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("does not verify"), std::string::npos);
  CertSpec other_spec;
  other_spec.subject = "C=CH, CN=Other CA";
  other_spec.ca = true;
  auto other = testpki::make_cert(other_spec);
  auto foreign = Crl::parse(testpki::make_crl(other, {}));
  EXPECT_NE(foreign->verify(ca_->cert).error().message.find("is not from"), std::string::npos);
  EXPECT_FALSE(Crl::parse(Bytes{1, 2, 3}).ok());
}

TEST_F(RevocationTest, OcspGoodAndRevokedAnswersToOurRequest) {
  auto req = make_ocsp_request(leaf_->cert, ca_->cert);
  ASSERT_TRUE(req.ok()) << req.error().message;
  auto good = testpki::make_ocsp_response(*ca_, ca_->cert, {}, req->der);
  auto st = check_ocsp_response(good, leaf_->cert, ca_->cert, check_with(req->der));
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(st->status, CertStatus::kGood);
  ASSERT_TRUE(st->next_update.has_value());

  testpki::OcspAnswer revoked;
  revoked.status = CertStatus::kRevoked;
  revoked.revoked_at = std::time(nullptr) - 3600;
  auto bad = testpki::make_ocsp_response(*ca_, ca_->cert, revoked, req->der);
  auto rs = check_ocsp_response(bad, leaf_->cert, ca_->cert, check_with(req->der));
  ASSERT_TRUE(rs.ok()) << rs.error().message;
  EXPECT_EQ(rs->status, CertStatus::kRevoked);
  EXPECT_EQ(rs->revocation.when, revoked.revoked_at);
  EXPECT_EQ(rs->revocation.reason, "keyCompromise");
}

TEST_F(RevocationTest, OcspResponseWithAnotherNonceIsAReplay) {
  auto req = make_ocsp_request(leaf_->cert, ca_->cert);
  testpki::OcspAnswer a;
  a.fake_nonce = Bytes(16, 0x42);
  auto resp = testpki::make_ocsp_response(*ca_, ca_->cert, a, req->der);
  auto st = check_ocsp_response(resp, leaf_->cert, ca_->cert, check_with(req->der));
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("nonce"), std::string::npos);
  // a responder that leaves the nonce out (pre-produced responses) is accepted on its dates
  a.fake_nonce.clear();
  a.copy_nonce = false;
  auto plain = testpki::make_ocsp_response(*ca_, ca_->cert, a, req->der);
  EXPECT_TRUE(check_ocsp_response(plain, leaf_->cert, ca_->cert, check_with(req->der)).ok());
}

TEST_F(RevocationTest, OcspSignerMustBeTheIssuerOrAuthorisedByIt) {
  auto req = make_ocsp_request(leaf_->cert, ca_->cert);
  // a stranger's key
  CertSpec stranger_spec;
  stranger_spec.ca = true;
  stranger_spec.subject = "CN=Stranger";
  auto stranger = testpki::make_cert(stranger_spec);
  auto forged = testpki::make_ocsp_response(stranger, ca_->cert, {}, req->der);
  auto st = check_ocsp_response(forged, leaf_->cert, ca_->cert, check_with(req->der));
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("not signed by"), std::string::npos);
  // a certificate of the CA without id-kp-OCSPSigning may not answer for it
  CertSpec plain_spec;
  plain_spec.subject = "CN=Not a responder";
  auto plain = testpki::make_cert(plain_spec, ca_);
  auto unauthorised = testpki::make_ocsp_response(plain, ca_->cert, {}, req->der);
  EXPECT_FALSE(
      check_ocsp_response(unauthorised, leaf_->cert, ca_->cert, check_with(req->der)).ok());
  // a delegated responder with id-kp-OCSPSigning may
  CertSpec responder_spec;
  responder_spec.subject = "CN=OCSP Responder";
  responder_spec.ocsp_signing = true;
  auto responder = testpki::make_cert(responder_spec, ca_);
  auto delegated = testpki::make_ocsp_response(responder, ca_->cert, {}, req->der);
  auto ok = check_ocsp_response(delegated, leaf_->cert, ca_->cert, check_with(req->der));
  EXPECT_TRUE(ok.ok()) << ok.error().message;
  // x509ocsp/: the stranger becomes acceptable once trusted locally
  auto c = check_with(req->der);
  c.signers = std::span<const Certificate>(&stranger.cert, 1);
  EXPECT_TRUE(check_ocsp_response(forged, leaf_->cert, ca_->cert, c).ok());
}

TEST_F(RevocationTest, OcspDatesAreChecked) {
  auto req = make_ocsp_request(leaf_->cert, ca_->cert);
  testpki::OcspAnswer stale;
  stale.this_update = -7200;
  stale.next_update = -3600;
  auto resp = testpki::make_ocsp_response(*ca_, ca_->cert, stale, req->der);
  auto st = check_ocsp_response(resp, leaf_->cert, ca_->cert, check_with(req->der));
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("stale"), std::string::npos);
  testpki::OcspAnswer future;
  future.this_update = 3600;
  resp = testpki::make_ocsp_response(*ca_, ca_->cert, future, req->der);
  EXPECT_NE(check_ocsp_response(resp, leaf_->cert, ca_->cert, check_with(req->der))
                .error()
                .message.find("future"),
            std::string::npos);
  // without nextUpdate and without our nonce (stapled or cached), only recent ones count
  testpki::OcspAnswer open;
  open.next_update.reset();
  open.this_update = -3600;
  resp = testpki::make_ocsp_response(*ca_, ca_->cert, open, {}, &leaf_->cert);
  EXPECT_FALSE(check_ocsp_response(resp, leaf_->cert, ca_->cert, check_with({})).ok());
  EXPECT_TRUE(check_ocsp_response(resp, leaf_->cert, ca_->cert, check_with(req->der)).ok());
}

TEST_F(RevocationTest, OcspAboutAnotherCertificateOrUnsuccessfulIsNoAnswer) {
  auto other = testpki::make_cert(CertSpec{}, ca_);
  auto req = make_ocsp_request(other.cert, ca_->cert);
  auto resp = testpki::make_ocsp_response(*ca_, ca_->cert, {}, req->der);
  auto st = check_ocsp_response(resp, leaf_->cert, ca_->cert, check_with({}));
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("has no status for certificate"), std::string::npos);
  auto later = testpki::make_ocsp_error(OCSP_RESPONSE_STATUS_TRYLATER);
  EXPECT_NE(check_ocsp_response(later, leaf_->cert, ca_->cert, check_with({}))
                .error()
                .message.find("trylater"),
            std::string::npos);
  EXPECT_FALSE(
      check_ocsp_response(Bytes{0x30, 0x03, 0x0a, 0x01}, leaf_->cert, ca_->cert, check_with({}))
          .ok());
  EXPECT_EQ(ocsp_cert_id(leaf_->cert, ca_->cert), ocsp_cert_id(leaf_->cert, ca_->cert));
  EXPECT_NE(ocsp_cert_id(leaf_->cert, ca_->cert), ocsp_cert_id(other.cert, ca_->cert));
}

}  // namespace
}  // namespace oakley::crypto
