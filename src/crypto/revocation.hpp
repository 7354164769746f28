// Certificate revocation data with OpenSSL: CRLs (RFC 5280 5) and OCSP (RFC 6960) requests and
// responses. Parsing and checking only; getting the bytes (files, HTTP) is the caller's business.
#pragma once

#include <ctime>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/pki.hpp"

struct X509_crl_st;

namespace oakley::crypto {

// RFC 5280 5.3.1 CRLReason name of a reason code ("keyCompromise"); "" for unknown codes.
std::string crl_reason_name(long code);

struct Revocation {
  std::time_t when = 0;
  std::string reason;  // RFC 5280 CRLReason name ("keyCompromise"), "" when none is given
};

class Crl {
 public:
  static Result<Crl> parse(ByteView pem_or_der);
  static Result<Crl> load_file(const std::string& path);

  Bytes issuer_der() const;
  std::string issuer_text() const;
  std::time_t this_update() const;
  std::optional<std::time_t> next_update() const;
  std::size_t size() const;  // revoked entries
  // That `issuer` issued this CRL: its name, keyUsage cRLSign when it has a keyUsage, and the
  // signature. The error says which part failed.
  Status verify(const Certificate& issuer) const;
  // The entry for `cert` (a certificate of this CRL's issuer), if the CRL lists it.
  std::optional<Revocation> find(const Certificate& cert) const;

 private:
  explicit Crl(std::shared_ptr<X509_crl_st> crl) : crl_(std::move(crl)) {}
  std::shared_ptr<X509_crl_st> crl_;
};

struct OcspRequest {
  Bytes der;  // OCSPRequest, to POST as application/ocsp-request
};
// A request for `cert` (issued by `issuer`): one SHA-1 CertID (RFC 5019 2.1.1) and a 16-byte
// random nonce (RFC 8954).
Result<OcspRequest> make_ocsp_request(const Certificate& cert, const Certificate& issuer);

// The SHA-1 CertID of `cert` as DER: a cache key (issuer name and key hash, serial).
Bytes ocsp_cert_id(const Certificate& cert, const Certificate& issuer);

enum class CertStatus : std::uint8_t { kGood, kRevoked, kUnknown };
struct OcspStatus {
  CertStatus status = CertStatus::kUnknown;
  Revocation revocation;  // kRevoked
  std::time_t this_update = 0;
  std::optional<std::time_t> next_update;
};

struct OcspCheck {
  std::span<const Certificate> trusted;    // trust anchors for a delegated responder's chain
  std::span<const Certificate> untrusted;  // intermediates that may complete that chain
  std::span<const Certificate> signers;    // responders trusted as they are (swanctl x509ocsp/)
  // The request this answers: its nonce must come back unless the responder left it out. Empty
  // for a response we did not ask for ourselves (RFC 4806 in IKE, or a cached one).
  ByteView request;
  std::time_t now = 0;
  std::time_t skew = 300;  // tolerated clock difference for thisUpdate/nextUpdate
  // How old a response without nextUpdate may be (its thisUpdate), when it is not ours (empty
  // `request`); a fresh answer to our nonce is current by construction.
  std::time_t max_age = 900;
};

// Checks a DER OCSPResponse about `cert`: status successful; signed by `issuer`, by a responder
// `issuer` authorised with id-kp-OCSPSigning, or by one of `signers`; the nonce; thisUpdate not
// in the future and nextUpdate not in the past. Returns the certificate's status in it.
Result<OcspStatus> check_ocsp_response(ByteView der, const Certificate& cert,
                                       const Certificate& issuer, const OcspCheck& check);

}  // namespace oakley::crypto
