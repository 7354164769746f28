// A throwaway PKI made with OpenSSL while a test runs: CAs, end entities with OCSP/CRL URIs and
// policies, CRLs and OCSP responses, valid relative to the current time so nothing in the tests
// expires. For tests only (it aborts the test on OpenSSL failures).
#pragma once

#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/bytes.hpp"
#include "crypto/pki.hpp"
#include "crypto/revocation.hpp"

struct evp_pkey_st;

namespace oakley::testpki {

enum class KeyKind { kEc256, kEc384, kRsa2048, kEd25519 };

struct CertSpec {
  std::string subject = "C=CH, O=Oakley Test, CN=leaf.oakley.test";
  std::vector<std::string> dns;  // subjectAltName dNSNames
  bool ca = false;
  bool ocsp_signing = false;  // extendedKeyUsage id-kp-OCSPSigning
  std::string ocsp_uri;       // authorityInfoAccess
  std::string crl_uri;        // cRLDistributionPoints
  std::vector<std::string> policies;
  std::string key_usage;    // e.g. "digitalSignature"; default by role
  long not_before = -3600;  // seconds from now
  long not_after = 30 * 86400;
  std::string md = "SHA256";  // the issuer's signature hash ("" for EdDSA)
  long serial = 0;            // 0: a fresh one
  KeyKind key = KeyKind::kEc256;
};

struct Issued {
  crypto::Certificate cert;
  std::shared_ptr<evp_pkey_st> key;
  std::string cert_pem() const;
  std::string key_pem() const;  // PKCS#8, unencrypted
};

// `issuer` null: self-signed.
Issued make_cert(const CertSpec& spec, const Issued* issuer = nullptr);

struct RevokedEntry {
  const crypto::Certificate* cert;
  std::time_t when;
  int reason = 1;  // keyCompromise
};
// A CRL by `issuer`; next_update in seconds from now (nullopt: none).
Bytes make_crl(const Issued& issuer, const std::vector<RevokedEntry>& revoked,
               std::optional<long> next_update = 86400, long this_update = -60);

struct OcspAnswer {
  crypto::CertStatus status = crypto::CertStatus::kGood;
  std::time_t revoked_at = 0;
  long this_update = -60;                  // seconds from now
  std::optional<long> next_update = 3600;  // seconds from now
  bool copy_nonce = true;
  Bytes fake_nonce;  // non-empty: put this nonce in instead
};
// A signed OCSP response answering `request` (DER), or, without a request, about `cert`.
Bytes make_ocsp_response(const Issued& signer, const crypto::Certificate& issuer,
                         const OcspAnswer& answer, ByteView request,
                         const crypto::Certificate* cert = nullptr);
// An unsuccessful response ("tryLater" etc., OCSP_RESPONSE_STATUS_*).
Bytes make_ocsp_error(int status);

void write_file(const std::string& path, const std::string& text);
void write_file(const std::string& path, ByteView data);

}  // namespace oakley::testpki
