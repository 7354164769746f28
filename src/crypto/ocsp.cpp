// OCSP with OpenSSL's OCSP API: requests with a nonce, and the checks a response must pass before
// its status is believed (RFC 6960 3.2, 4.2.2.2).
#include <fmt/format.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>

#include "crypto/ossl.hpp"
#include "crypto/revocation.hpp"

namespace oakley::crypto {

namespace {

using RequestPtr = std::unique_ptr<OCSP_REQUEST, ossl::Deleter<OCSP_REQUEST_free>>;
using ResponsePtr = std::unique_ptr<OCSP_RESPONSE, ossl::Deleter<OCSP_RESPONSE_free>>;
using BasicPtr = std::unique_ptr<OCSP_BASICRESP, ossl::Deleter<OCSP_BASICRESP_free>>;
using CertIdPtr = std::unique_ptr<OCSP_CERTID, ossl::Deleter<OCSP_CERTID_free>>;
using StorePtr = std::unique_ptr<X509_STORE, ossl::Deleter<X509_STORE_free>>;

void free_x509_stack(STACK_OF(X509) * stack) {
  sk_X509_free(stack);
}
using StackPtr = std::unique_ptr<STACK_OF(X509), ossl::Deleter<free_x509_stack>>;

constexpr int kNonceSize = 16;

std::time_t to_time_t(const ASN1_GENERALIZEDTIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return 0;
  return timegm(&tm);
}

CertIdPtr cert_id(const EVP_MD* md, const Certificate& cert, const Certificate& issuer) {
  return CertIdPtr(OCSP_cert_to_id(md, cert.native(), issuer.native()));
}

StackPtr stack_of(std::span<const Certificate> a, std::span<const Certificate> b = {}) {
  StackPtr s(sk_X509_new_null());
  for (auto part : {a, b})
    for (const Certificate& c : part)
      if (s) sk_X509_push(s.get(), c.native());
  return s;
}

// A responder may use another hash than ours in its CertIDs: match each answer with our
// certificate's CertID computed with that answer's hash.
OCSP_SINGLERESP* find_single(OCSP_BASICRESP* bs, const Certificate& cert,
                             const Certificate& issuer) {
  for (int i = 0; i < OCSP_resp_count(bs); ++i) {
    OCSP_SINGLERESP* single = OCSP_resp_get0(bs, i);
    ASN1_OBJECT* md_oid = nullptr;
    const OCSP_CERTID* theirs = OCSP_SINGLERESP_get0_id(single);
    if (OCSP_id_get0_info(nullptr, &md_oid, nullptr, nullptr, const_cast<OCSP_CERTID*>(theirs)) !=
        1)
      continue;
    const EVP_MD* md = EVP_get_digestbyobj(md_oid);
    if (md == nullptr) continue;
    auto ours = cert_id(md, cert, issuer);
    if (ours && OCSP_id_cmp(ours.get(), theirs) == 0) return single;
  }
  return nullptr;
}

Status check_nonce(ByteView request, OCSP_BASICRESP* bs) {
  if (request.empty()) return {};
  const unsigned char* p = request.data();
  RequestPtr req(d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(request.size())));
  if (!req) return ossl::error("cannot parse our own OCSP request");
  // 1: equal; 0: different; -1: the responder left the nonce out (RFC 8954 lets it; freshness
  // then rests on thisUpdate/nextUpdate, as for any pre-produced response).
  if (OCSP_check_nonce(req.get(), bs) == 0)
    return make_error("OCSP response nonce does not match our request's (a replayed response?)");
  return {};
}

// The responder's signature and its authority: the certificate's issuer, a responder the issuer
// certified for OCSP signing (OpenSSL checks the chain and id-kp-OCSPSigning), or a locally trusted
// responder.
Status check_signer(OCSP_BASICRESP* bs, const Certificate& issuer, const OcspCheck& check) {
  StorePtr store(X509_STORE_new());
  if (!store) return ossl::error("out of memory");
  for (const Certificate& ca : check.trusted)
    X509_STORE_add_cert(store.get(), ca.native());
  auto untrusted = stack_of(check.untrusted, std::span<const Certificate>(&issuer, 1));
  if (untrusted && OCSP_basic_verify(bs, untrusted.get(), store.get(), 0) == 1) return {};
  ossl::clear_errors();
  if (!check.signers.empty()) {
    auto signers = stack_of(check.signers);
    // TRUSTOTHER: a signer found among `signers` needs no chain; NOINTERN: only those count.
    if (signers &&
        OCSP_basic_verify(bs, signers.get(), store.get(), OCSP_TRUSTOTHER | OCSP_NOINTERN) == 1)
      return {};
    ossl::clear_errors();
  }
  return make_error(fmt::format(
      "OCSP response is not signed by \"{}\" or a responder it authorised for OCSP signing",
      issuer.subject_text()));
}

Status check_times(const OcspStatus& s, const OcspCheck& check) {
  if (s.this_update > check.now + check.skew) {
    return make_error(
        fmt::format("OCSP response is from the future (thisUpdate {})", utc_text(s.this_update)));
  }
  if (s.next_update && *s.next_update + check.skew < check.now) {
    return make_error(
        fmt::format("OCSP response is stale (nextUpdate {})", utc_text(*s.next_update)));
  }
  if (!s.next_update && check.request.empty() && s.this_update + check.max_age < check.now) {
    return make_error(fmt::format("OCSP response without nextUpdate is too old (thisUpdate {})",
                                  utc_text(s.this_update)));
  }
  return {};
}

}  // namespace

Result<OcspRequest> make_ocsp_request(const Certificate& cert, const Certificate& issuer) {
  RequestPtr req(OCSP_REQUEST_new());
  auto id = cert_id(EVP_sha1(), cert, issuer);
  if (!req || !id || OCSP_request_add0_id(req.get(), id.get()) == nullptr)
    return ossl::error("cannot build an OCSP request");
  id.release();  // owned by the request now
  if (OCSP_request_add1_nonce(req.get(), nullptr, kNonceSize) != 1)
    return ossl::error("cannot add a nonce to the OCSP request");
  int len = i2d_OCSP_REQUEST(req.get(), nullptr);
  if (len <= 0) return ossl::error("cannot encode the OCSP request");
  OcspRequest out;
  out.der.resize(static_cast<std::size_t>(len));
  unsigned char* p = out.der.data();
  i2d_OCSP_REQUEST(req.get(), &p);
  return out;
}

Bytes ocsp_cert_id(const Certificate& cert, const Certificate& issuer) {
  auto id = cert_id(EVP_sha1(), cert, issuer);
  int len = id ? i2d_OCSP_CERTID(id.get(), nullptr) : 0;
  if (len <= 0) return {};
  Bytes out(static_cast<std::size_t>(len));
  unsigned char* p = out.data();
  i2d_OCSP_CERTID(id.get(), &p);
  return out;
}

Result<OcspStatus> check_ocsp_response(ByteView der, const Certificate& cert,
                                       const Certificate& issuer, const OcspCheck& check) {
  const unsigned char* p = der.data();
  ResponsePtr resp(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(der.size())));
  if (!resp || p != der.data() + der.size()) {
    ossl::clear_errors();
    return make_error("not a DER OCSP response");
  }
  const int status = OCSP_response_status(resp.get());
  if (status != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
    return make_error(
        fmt::format("OCSP responder answered '{}'", OCSP_response_status_str(status)));
  }
  BasicPtr bs(OCSP_response_get1_basic(resp.get()));
  if (!bs) return ossl::error("OCSP response is not a basic response");
  if (auto st = check_nonce(check.request, bs.get()); !st) return st.take_error();
  if (auto st = check_signer(bs.get(), issuer, check); !st) return st.take_error();
  OCSP_SINGLERESP* single = find_single(bs.get(), cert, issuer);
  if (single == nullptr) {
    return make_error(fmt::format("OCSP response has no status for certificate \"{}\" (serial {})",
                                  cert.subject_text(), cert.serial_text()));
  }
  int reason = -1;
  ASN1_GENERALIZEDTIME *revoked = nullptr, *this_upd = nullptr, *next_upd = nullptr;
  const int cert_status = OCSP_single_get0_status(single, &reason, &revoked, &this_upd, &next_upd);
  OcspStatus out;
  out.this_update = to_time_t(this_upd);
  if (next_upd) out.next_update = to_time_t(next_upd);
  if (auto st = check_times(out, check); !st) return st.take_error();
  switch (cert_status) {
    case V_OCSP_CERTSTATUS_GOOD:
      out.status = CertStatus::kGood;
      break;
    case V_OCSP_CERTSTATUS_REVOKED:
      out.status = CertStatus::kRevoked;
      out.revocation.when = to_time_t(revoked);
      out.revocation.reason = crl_reason_name(reason);
      break;
    default:
      out.status = CertStatus::kUnknown;
  }
  return out;
}

}  // namespace oakley::crypto
