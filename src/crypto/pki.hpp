// Certificates, keys and signatures for IKE certificate authentication: RSA PKCS#1 v1.5 (IKEv2
// auth method 1 uses it with SHA-1), RSA-PSS, ECDSA (RFC 4754 r|s or RFC 7427 DER), Ed25519/Ed448,
// and the RFC 7427 AlgorithmIdentifier handling of auth method 14.
#pragma once

#include <ctime>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"

struct evp_pkey_st;
struct x509_st;

namespace oakley::crypto {

enum class KeyType : std::uint8_t { kRsa, kEcdsa, kEd25519, kEd448 };

std::string utc_text(std::time_t t);  // "2026-11-22 08:13:04 UTC"

enum class SignatureScheme : std::uint8_t {
  kRsaPkcs1Sha1,
  kRsaPkcs1Sha256,
  kRsaPkcs1Sha384,
  kRsaPkcs1Sha512,
  kRsaPssSha256,  // MGF1 with the same hash, salt length = hash length (RFC 8247)
  kRsaPssSha384,
  kRsaPssSha512,
  kEcdsaSha256,  // signatures as DER ECDSA-Sig-Value (RFC 7427); see ecdsa_der_to_raw
  kEcdsaSha384,
  kEcdsaSha512,
  kEd25519,
  kEd448,
  // IKEv1 (RFC 2409 5.1, RFC 4754 with strongSwan's and Cisco's reading): the data is already a
  // hash (HASH_I/HASH_R) and is signed as it is, without hashing it again. RSA pads it as PKCS#1
  // v1.5 block type 1 without a DigestInfo; ECDSA takes it as the digest (DER signature).
  kRsaPkcs1Prehashed,
  kEcdsaPrehashed,
};
std::string_view scheme_name(SignatureScheme scheme);

// A signature algorithm as strongSwan's auth constraints see it: key type, padding and hash. It
// describes both IKE signatures (scheme_algorithm) and certificate signatures.
enum class SigHash : std::uint8_t { kSha1, kSha224, kSha256, kSha384, kSha512, kIdentity, kOther };
struct SignatureAlgorithm {
  KeyType key = KeyType::kRsa;
  bool pss = false;  // RSA only: RSASSA-PSS rather than PKCS#1 v1.5
  SigHash hash = SigHash::kOther;
  bool operator==(const SignatureAlgorithm&) const = default;
};
std::string signature_algorithm_name(const SignatureAlgorithm& alg);  // "ECDSA SHA-384"
// The algorithm of an IKEv2 signature scheme; nullopt for IKEv1's prehashed ones, which sign the
// exchange's own HASH_I/HASH_R and so have no hash of their own.
std::optional<SignatureAlgorithm> scheme_algorithm(SignatureScheme scheme);

class PublicKey {
 public:
  KeyType type() const;
  std::size_t bits() const;
  // ECDSA: the field element size (32, 48, 66) that RFC 4754's r | s uses; 0 otherwise.
  std::size_t ecdsa_coordinate_size() const;
  bool supports(SignatureScheme scheme) const;
  Status verify(SignatureScheme scheme, ByteView data, ByteView signature) const;
  // SubjectPublicKeyInfo DER (what IKEv1/IKEv2 hash for CERTREQ authorities and raw keys).
  Bytes spki_der() const;
  bool same_key(const PublicKey& other) const { return spki_der() == other.spki_der(); }

 private:
  friend class PrivateKey;
  friend class Certificate;
  explicit PublicKey(std::shared_ptr<evp_pkey_st> key) : key_(std::move(key)) {}
  std::shared_ptr<evp_pkey_st> key_;
};

class PrivateKey {
 public:
  // PEM (PKCS#8 or traditional) or DER (PKCS#8 or traditional); a non-empty passphrase decrypts
  // an encrypted one.
  static Result<PrivateKey> load_file(const std::string& path, ByteView passphrase = {});
  static Result<PrivateKey> parse(ByteView pem_or_der, ByteView passphrase = {});

  KeyType type() const { return public_key().type(); }
  PublicKey public_key() const { return PublicKey(key_); }
  Result<Bytes> sign(SignatureScheme scheme, ByteView data) const;

 private:
  explicit PrivateKey(std::shared_ptr<evp_pkey_st> key) : key_(std::move(key)) {}
  std::shared_ptr<evp_pkey_st> key_;
};

class Certificate {
 public:
  static Result<Certificate> load_file(const std::string& path);  // PEM or DER
  static Result<Certificate> parse(ByteView pem_or_der);

  Bytes der() const;
  Bytes subject_der() const;         // the Name as IKE's ID_DER_ASN1_DN carries it
  std::string subject_text() const;  // "C=CH, O=Example, CN=moon.example.org"
  Bytes issuer_der() const;
  std::string issuer_text() const;
  PublicKey public_key() const;
  // subjectAltName entries IKE identities can name: dNSName, rfc822Name, iPAddress (raw bytes).
  struct AltNames {
    std::vector<std::string> dns, email;
    std::vector<Bytes> ip;
  };
  AltNames alt_names() const;
  bool is_ca() const;  // basicConstraints cA
  // Validity, as "2026-11-22 08:13:04 UTC".
  std::string not_before_text() const;
  std::string not_after_text() const;
  std::time_t not_before() const;
  std::time_t not_after() const;
  // "certificate \"CN=x\" expired on 2026-11-22 08:13:04 UTC" unless valid at `at` (default now).
  Status check_validity(std::optional<std::time_t> at = std::nullopt) const;
  // RFC 4945 5.1.3.2: a keyUsage, when present, must allow digitalSignature or nonRepudiation.
  bool may_sign_ike() const;
  std::string serial_text() const;  // "0A:1B:2C", as openssl and charon print it
  // The algorithm its issuer signed it with; nullopt when OpenSSL does not know it.
  std::optional<SignatureAlgorithm> signature_algorithm() const;
  // Where its status can be asked: authorityInfoAccess OCSP URIs and cRLDistributionPoints URIs
  // (RFC 5280 4.2.2.1, 4.2.1.13).
  std::vector<std::string> ocsp_uris() const;
  std::vector<std::string> crl_uris() const;
  // certificatePolicies OIDs in dotted form ("1.3.6.1.4.1.36906.1"; anyPolicy is "2.5.29.32.0").
  std::vector<std::string> policy_oids() const;
  bool self_signed() const;  // issuer and subject equal and its own key verifies it
  // Is `issuer` the certificate that issued this one (names and signature)?
  bool issued_by(const Certificate& issuer) const;
  bool operator==(const Certificate& other) const;
  x509_st* native() const { return cert_.get(); }
  // Another reference to an OpenSSL certificate (for code in src/crypto that gets X509s back).
  static Certificate reference(x509_st* cert);

 private:
  explicit Certificate(std::shared_ptr<x509_st> cert) : cert_(std::move(cert)) {}
  std::shared_ptr<x509_st> cert_;
};

// Checks that `leaf` chains up to the trusted `ca` (through `intermediates`, if any): signatures,
// validity periods at `at` (default: now), CA basic constraints. The Error says why not.
Status verify_chain(const Certificate& leaf, const Certificate& ca,
                    std::span<const Certificate> intermediates = {},
                    std::optional<std::time_t> at = std::nullopt);

// The same against any of several trusted CAs (the error names the closest reason).
Status verify_chain(const Certificate& leaf, std::span<const Certificate> cas,
                    std::span<const Certificate> intermediates = {},
                    std::optional<std::time_t> at = std::nullopt);

// verify_chain that also returns the path it verified: `leaf` first, the trusted CA last.
Result<std::vector<Certificate>> build_chain(const Certificate& leaf,
                                             std::span<const Certificate> cas,
                                             std::span<const Certificate> intermediates = {},
                                             std::optional<std::time_t> at = std::nullopt);

// Distinguished names as strongSwan writes them ("C=CH, O=Example, CN=gw"): DER encoding of the
// text, comparison of two DER Names by attribute types and values (not by string encoding, since
// peers pick PrintableString or UTF8String freely), and the text form of a DER Name.
Result<Bytes> encode_dn(std::string_view text);
bool dn_equal(ByteView a, ByteView b);
std::string dn_text(ByteView der);
// strongSwan's DN pattern match: RDN by RDN, the same number of RDNs with the same types in the
// same order; a pattern value of exactly "*" matches any value of that one RDN, any other value
// must be equal. So "O=*" never matches "O=Evil, CN=x".
bool dn_match(ByteView pattern, ByteView der);

// RFC 4754 (IKEv2 auth methods 9-11): ECDSA signature as r | s, each padded to the field size.
Result<Bytes> ecdsa_der_to_raw(ByteView der, std::size_t coordinate_size);
Result<Bytes> ecdsa_raw_to_der(ByteView raw);

// RFC 7427 (IKEv2 auth method 14): AUTH data = length of AlgorithmIdentifier (1 byte) |
// AlgorithmIdentifier DER | signature.
Bytes algorithm_identifier(SignatureScheme scheme);
std::optional<SignatureScheme> scheme_from_algorithm_identifier(ByteView der);
Bytes rfc7427_auth_data(SignatureScheme scheme, ByteView signature);
struct Rfc7427Auth {
  SignatureScheme scheme;
  ByteView signature;  // points into the parsed AUTH data
};
Result<Rfc7427Auth> parse_rfc7427_auth_data(ByteView auth_data);

}  // namespace oakley::crypto
