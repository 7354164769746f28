// Certificates, keys and signatures. Data: tests/data/crypto/pki (a test PKI and signatures made
// with the openssl command-line tool, see its README.md). RFC 7427 AlgorithmIdentifiers are
// checked against the signatureAlgorithm that OpenSSL wrote into certificates.
#include "crypto/pki.hpp"

#include <openssl/x509.h>

#include <fstream>
#include <iterator>

#include "crypto/vectors.hpp"

namespace oakley::crypto {
namespace {

std::string pki(const std::string& name) {
  return std::string(OAKLEY_TEST_DATA) + "/crypto/pki/" + name;
}

Bytes file_bytes(const std::string& name) {
  std::ifstream in(pki(name), std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Certificate cert(const std::string& name) {
  auto c = Certificate::load_file(pki(name));
  EXPECT_TRUE(c.ok()) << name << ": " << (c.ok() ? "" : c.error().message);
  return std::move(c).value();
}

PrivateKey key(const std::string& name) {
  auto k = PrivateKey::load_file(pki(name));
  EXPECT_TRUE(k.ok()) << name << ": " << (k.ok() ? "" : k.error().message);
  return std::move(k).value();
}

// 2030-01-01T00:00:00Z: inside every test certificate's validity.
constexpr std::time_t kIn2030 = 1893456000;

TEST(Pki, LoadsPemAndDerInEveryForm) {
  Certificate pem = cert("rsa_cert.pem");
  Certificate der = cert("rsa_cert.der");
  EXPECT_EQ(to_hex(pem.der()), to_hex(der.der()));
  EXPECT_EQ(to_hex(der.der()), to_hex(file_bytes("rsa_cert.der")));
  PrivateKey pkcs8 = key("rsa_key.pem");
  PrivateKey pkcs1 = key("rsa_key_pkcs1.pem");
  PrivateKey pkcs8_der = key("rsa_key.der");
  for (const PrivateKey* k : {&pkcs8, &pkcs1, &pkcs8_der})
    EXPECT_EQ(to_hex(k->public_key().spki_der()), to_hex(pem.public_key().spki_der()));
  EXPECT_FALSE(Certificate::load_file(pki("missing.pem")).ok());
  EXPECT_FALSE(Certificate::parse(as_bytes("-----BEGIN CERTIFICATE-----\nAAAA\n")).ok());
  EXPECT_FALSE(PrivateKey::parse(file_bytes("rsa_cert.der")).ok());
}

TEST(Pki, SubjectAndIssuer) {
  Certificate c = cert("rsa_cert.pem");
  EXPECT_EQ(c.subject_text(), "C=CH, O=Oakley Test, CN=rsa.oakley.test");
  EXPECT_EQ(c.issuer_text(), "C=CH, O=Oakley Test, CN=Oakley Test CA");
  // The DER Name is what X509_get_subject_name encodes; compare with the issuer seen by the CA.
  EXPECT_EQ(to_hex(c.issuer_der()), to_hex(cert("ca_cert.pem").subject_der()));
  // SEQUENCE of 3 RDNs, starting with C=CH: 30 .. 31 0b 30 09 06 03 55 04 06 13 02 "CH"
  EXPECT_EQ(to_hex(c.subject_der()).substr(4, 26), "310b3009060355040613024348");
}

TEST(Pki, KeyProperties) {
  EXPECT_EQ(cert("rsa_cert.pem").public_key().type(), KeyType::kRsa);
  EXPECT_EQ(cert("rsa_cert.pem").public_key().bits(), 2048u);
  EXPECT_EQ(cert("ecdsa256_cert.pem").public_key().ecdsa_coordinate_size(), 32u);
  EXPECT_EQ(cert("ecdsa384_cert.pem").public_key().ecdsa_coordinate_size(), 48u);
  EXPECT_EQ(cert("ed25519_cert.pem").public_key().type(), KeyType::kEd25519);
  EXPECT_FALSE(cert("rsa_cert.pem").public_key().supports(SignatureScheme::kEcdsaSha256));
  EXPECT_TRUE(cert("rsa_cert.pem").public_key().supports(SignatureScheme::kRsaPssSha384));
}

TEST(Pki, ChainToCa) {
  Certificate ca = cert("ca_cert.pem");
  for (const char* leaf :
       {"rsa_cert.pem", "ecdsa256_cert.pem", "ecdsa384_cert.pem", "ed25519_cert.pem"}) {
    Status s = verify_chain(cert(leaf), ca, {}, kIn2030);
    EXPECT_TRUE(s.ok()) << leaf << ": " << (s.ok() ? "" : s.error().message);
  }
  Status other = verify_chain(cert("rsa_cert.pem"), cert("other_ca_cert.pem"), {}, kIn2030);
  EXPECT_FALSE(other.ok());
  Status expired = verify_chain(cert("rsa_cert.pem"), ca, {}, kIn2030 + 30L * 365 * 86400);
  ASSERT_FALSE(expired.ok());
  EXPECT_NE(expired.error().message.find("expired"), std::string::npos) << expired.error().message;
  // A leaf is not a CA: nothing chains through it.
  EXPECT_FALSE(verify_chain(cert("ecdsa256_cert.pem"), cert("rsa_cert.pem"), {}, kIn2030).ok());
}

// Signatures made by the openssl CLI verify with our code; deterministic schemes (PKCS#1 v1.5,
// Ed25519) reproduce them byte for byte.
struct Known {
  const char* cert;
  const char* key;
  SignatureScheme scheme;
  const char* sig;
  bool deterministic;
};

TEST(Pki, OpensslSignaturesVerifyAndReproduce) {
  const Known known[] = {
      {"rsa_cert.pem", "rsa_key.pem", SignatureScheme::kRsaPkcs1Sha1, "rsa_pkcs1_sha1.sig", true},
      {"rsa_cert.pem", "rsa_key.pem", SignatureScheme::kRsaPkcs1Sha256, "rsa_pkcs1_sha256.sig",
       true},
      {"rsa_cert.pem", "rsa_key.pem", SignatureScheme::kRsaPssSha256, "rsa_pss_sha256.sig", false},
      {"ecdsa256_cert.pem", "ecdsa256_key.pem", SignatureScheme::kEcdsaSha256,
       "ecdsa256_sha256.sig", false},
      {"ecdsa384_cert.pem", "ecdsa384_key.pem", SignatureScheme::kEcdsaSha384,
       "ecdsa384_sha384.sig", false},
      {"ed25519_cert.pem", "ed25519_key.pem", SignatureScheme::kEd25519, "ed25519.sig", true},
  };
  Bytes msg = file_bytes("msg.bin");
  for (const Known& k : known) {
    PublicKey pub = cert(k.cert).public_key();
    Bytes sig = file_bytes(k.sig);
    Status ok = pub.verify(k.scheme, msg, sig);
    EXPECT_TRUE(ok.ok()) << k.sig << ": " << (ok.ok() ? "" : ok.error().message);
    Bytes tampered_msg = msg;
    tampered_msg[0] ^= 1;
    EXPECT_FALSE(pub.verify(k.scheme, tampered_msg, sig).ok()) << k.sig;
    Bytes tampered_sig = sig;
    tampered_sig[sig.size() / 2] ^= 1;
    EXPECT_FALSE(pub.verify(k.scheme, msg, tampered_sig).ok()) << k.sig;

    auto mine = key(k.key).sign(k.scheme, msg);
    ASSERT_TRUE(mine.ok()) << k.sig;
    if (k.deterministic) {
      EXPECT_EQ(to_hex(*mine), to_hex(sig)) << k.sig;
    }
    EXPECT_TRUE(pub.verify(k.scheme, msg, *mine).ok()) << k.sig;
  }
}

TEST(Pki, WrongSchemeForKeyRefused) {
  Bytes msg = file_bytes("msg.bin");
  EXPECT_FALSE(key("ecdsa256_key.pem").sign(SignatureScheme::kRsaPkcs1Sha256, msg).ok());
  EXPECT_FALSE(cert("ecdsa256_cert.pem")
                   .public_key()
                   .verify(SignatureScheme::kEd25519, msg, file_bytes("ed25519.sig"))
                   .ok());
  // A PKCS#1 v1.5 signature is not a PSS signature.
  EXPECT_FALSE(cert("rsa_cert.pem")
                   .public_key()
                   .verify(SignatureScheme::kRsaPssSha256, msg, file_bytes("rsa_pkcs1_sha256.sig"))
                   .ok());
}

// RFC 4754: r | s fixed length, converted from and back to the DER the openssl CLI produced.
TEST(Pki, EcdsaRawEncoding) {
  Bytes der = file_bytes("ecdsa384_sha384.sig");
  auto raw = ecdsa_der_to_raw(der, 48);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->size(), 96u);
  auto back = ecdsa_raw_to_der(*raw);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(to_hex(*back), to_hex(der));
  EXPECT_FALSE(ecdsa_der_to_raw(ByteView(der).first(der.size() - 1), 48).ok());
  EXPECT_FALSE(ecdsa_der_to_raw(der, 16).ok());  // values do not fit
  EXPECT_FALSE(ecdsa_raw_to_der(Bytes(63)).ok());
}

Bytes signature_algorithm_of(const Certificate& c) {
  const X509_ALGOR* alg = nullptr;
  X509_get0_signature(nullptr, &alg, c.native());
  unsigned char* der = nullptr;
  int len = i2d_X509_ALGOR(alg, &der);
  Bytes out(der, der + std::max(len, 0));
  OPENSSL_free(der);
  return out;
}

TEST(Pki, Rfc7427AlgorithmIdentifiersMatchOpenssl) {
  EXPECT_EQ(to_hex(algorithm_identifier(SignatureScheme::kRsaPssSha256)),
            to_hex(signature_algorithm_of(cert("rsa_pss_selfsigned_cert.pem"))));
  EXPECT_EQ(to_hex(algorithm_identifier(SignatureScheme::kRsaPssSha384)),
            to_hex(signature_algorithm_of(cert("rsa_pss384_selfsigned_cert.pem"))));
  EXPECT_EQ(to_hex(algorithm_identifier(SignatureScheme::kRsaPssSha512)),
            to_hex(signature_algorithm_of(cert("rsa_pss512_selfsigned_cert.pem"))));
  EXPECT_EQ(to_hex(algorithm_identifier(SignatureScheme::kEcdsaSha256)),
            to_hex(signature_algorithm_of(cert("rsa_cert.pem"))));  // issued by the ECDSA CA
}

// RFC 7427 appendix A.1.2 (sha256WithRSAEncryption) and A.3.2 (ecdsa-with-sha256), as printed
// in the RFC.
TEST(Pki, Rfc7427AppendixEncodings) {
  EXPECT_EQ(to_hex(algorithm_identifier(SignatureScheme::kRsaPkcs1Sha256)),
            "300d06092a864886f70d01010b0500");
  EXPECT_EQ(scheme_from_algorithm_identifier(*from_hex("300a06082a8648ce3d040302")),
            SignatureScheme::kEcdsaSha256);
  // RFC 4055: absent parameters are accepted for PKCS#1 v1.5.
  EXPECT_EQ(scheme_from_algorithm_identifier(*from_hex("300b06092a864886f70d01010b")),
            SignatureScheme::kRsaPkcs1Sha256);
  EXPECT_FALSE(scheme_from_algorithm_identifier(*from_hex("300b06092a864886f70d010104"))
                   .has_value());  // md5WithRSAEncryption
}

TEST(Pki, Rfc7427AuthDataRoundTrip) {
  Bytes msg = file_bytes("msg.bin");
  PrivateKey k = key("ecdsa256_key.pem");
  auto sig = k.sign(SignatureScheme::kEcdsaSha256, msg);
  ASSERT_TRUE(sig.ok());
  Bytes auth = rfc7427_auth_data(SignatureScheme::kEcdsaSha256, *sig);
  EXPECT_EQ(auth[0], 12);
  auto parsed = parse_rfc7427_auth_data(auth);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->scheme, SignatureScheme::kEcdsaSha256);
  EXPECT_TRUE(k.public_key().verify(parsed->scheme, msg, parsed->signature).ok());
  EXPECT_FALSE(parse_rfc7427_auth_data(ByteView(auth).first(13)).ok());  // no signature
  EXPECT_FALSE(parse_rfc7427_auth_data(Bytes{0}).ok());
  Bytes unknown = auth;
  unknown[12] = 0x09;  // ecdsa-with-SHA256 OID changed
  EXPECT_FALSE(parse_rfc7427_auth_data(unknown).ok());
}

}  // namespace
}  // namespace oakley::crypto

namespace oakley::crypto {
namespace {

// IKEv1 signs HASH_I/HASH_R as they are. The RSA form is deterministic, so the openssl CLI's
// signature is a known answer; ECDSA's is checked by verification both ways.
TEST(Pki, Ikev1PrehashedRsaMatchesTheOpensslCli) {
  PrivateKey k = key("rsa_key.pem");
  Bytes hash = file_bytes("hash20.bin");
  auto sig = k.sign(SignatureScheme::kRsaPkcs1Prehashed, hash);
  ASSERT_TRUE(sig.ok()) << sig.error().message;
  EXPECT_EQ(to_hex(*sig), to_hex(file_bytes("rsa_prehashed.sig")));
  PublicKey pub = cert("rsa_cert.pem").public_key();
  EXPECT_TRUE(pub.verify(SignatureScheme::kRsaPkcs1Prehashed, hash, *sig).ok());
  hash[0] ^= 1;
  EXPECT_FALSE(pub.verify(SignatureScheme::kRsaPkcs1Prehashed, hash, *sig).ok());
  // A DigestInfo-wrapped signature of the same bytes is a different thing.
  EXPECT_FALSE(pub.verify(SignatureScheme::kRsaPkcs1Sha1, file_bytes("hash20.bin"), *sig).ok());
}

TEST(Pki, Ikev1PrehashedEcdsaVerifiesBothWays) {
  Bytes hash = file_bytes("hash32.bin");
  PublicKey pub = cert("ecdsa256_cert.pem").public_key();
  EXPECT_TRUE(
      pub.verify(SignatureScheme::kEcdsaPrehashed, hash, file_bytes("ecdsa256_prehashed.sig"))
          .ok());
  auto sig = key("ecdsa256_key.pem").sign(SignatureScheme::kEcdsaPrehashed, hash);
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(pub.verify(SignatureScheme::kEcdsaPrehashed, hash, *sig).ok());
  // Hashing again (ECDSA with SHA-256) is not what the peer did.
  EXPECT_FALSE(pub.verify(SignatureScheme::kEcdsaSha256, hash, *sig).ok());
  EXPECT_FALSE(key("rsa_key.pem").sign(SignatureScheme::kEcdsaPrehashed, hash).ok());
}

TEST(Pki, EncryptedKeyNeedsItsPassphrase) {
  auto plain = PrivateKey::load_file(pki("ecdsa256_right_key_enc.pem"));
  EXPECT_FALSE(plain.ok());
  auto wrong = PrivateKey::load_file(pki("ecdsa256_right_key_enc.pem"), as_bytes("sesame"));
  EXPECT_FALSE(wrong.ok());
  auto right = PrivateKey::load_file(pki("ecdsa256_right_key_enc.pem"), as_bytes("swordfish"));
  ASSERT_TRUE(right.ok()) << right.error().message;
  EXPECT_TRUE(right->public_key().same_key(cert("ecdsa256_right_cert.pem").public_key()));
}

TEST(Pki, AltNamesAndKeyUsage) {
  Certificate c = cert("rsa_right_cert.pem");
  EXPECT_EQ(c.alt_names().dns, std::vector<std::string>{"rsa-right.oakley.test"});
  EXPECT_TRUE(c.alt_names().email.empty());
  EXPECT_TRUE(c.may_sign_ike());
  EXPECT_FALSE(c.is_ca());
  EXPECT_TRUE(cert("ca_cert.pem").is_ca());
}

TEST(Pki, ChainToAnyOfSeveralCas) {
  std::vector<Certificate> cas = {cert("other_ca_cert.pem"), cert("ca_cert.pem")};
  EXPECT_TRUE(verify_chain(cert("rsa_right_cert.pem"), cas, {}, kIn2030).ok());
  auto rogue = verify_chain(cert("rogue_rsa_cert.pem"), cas, {}, kIn2030);
  ASSERT_FALSE(rogue.ok());
  EXPECT_NE(rogue.error().message.find("does not chain"), std::string::npos);
  EXPECT_FALSE(verify_chain(cert("rsa_right_cert.pem"), std::span<const Certificate>{}).ok());
}

TEST(Pki, DistinguishedNamesFromTextCompareByContent) {
  Certificate c = cert("rsa_cert.pem");
  auto der = encode_dn("C=CH, O=Oakley Test, CN=rsa.oakley.test");
  ASSERT_TRUE(der.ok()) << der.error().message;
  // OpenSSL's req wrote C as PrintableString, we write UTF8String: equal all the same.
  EXPECT_TRUE(dn_equal(*der, c.subject_der()));
  EXPECT_TRUE(dn_equal(*encode_dn("C=ch,O=oakley test,  CN=RSA.oakley.test"), c.subject_der()));
  EXPECT_FALSE(dn_equal(*encode_dn("C=CH, O=Oakley Test, CN=other"), c.subject_der()));
  EXPECT_FALSE(dn_equal(*encode_dn("C=CH, CN=rsa.oakley.test, O=Oakley Test"), c.subject_der()));
  EXPECT_EQ(dn_text(c.subject_der()), "C=CH, O=Oakley Test, CN=rsa.oakley.test");
  // Quoted as written, and read back the same.
  auto quoted = encode_dn("CN=\"a, b\", E=x@y.test");
  EXPECT_EQ(dn_text(*quoted), "CN=\"a, b\", emailAddress=x@y.test");
  EXPECT_TRUE(dn_equal(*encode_dn(dn_text(*quoted)), *quoted));
  EXPECT_FALSE(encode_dn("C=CH, nonsense").ok());
  EXPECT_FALSE(encode_dn("XYZ=1").ok());
  EXPECT_FALSE(dn_equal(as_bytes("junk"), c.subject_der()));
}

}  // namespace
}  // namespace oakley::crypto
