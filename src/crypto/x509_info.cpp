// What revocation checks and auth constraints read from a certificate: validity, serial, the
// issuer's signature algorithm, OCSP and CRL URIs, policies, and who issued it.
#include <fmt/format.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "crypto/ossl.hpp"
#include "crypto/pki.hpp"

namespace oakley::crypto {

namespace {

std::time_t to_time_t(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return 0;
  return timegm(&tm);
}

SigHash hash_of_nid(int nid) {
  switch (nid) {
    case NID_sha1:
      return SigHash::kSha1;
    case NID_sha224:
      return SigHash::kSha224;
    case NID_sha256:
      return SigHash::kSha256;
    case NID_sha384:
      return SigHash::kSha384;
    case NID_sha512:
      return SigHash::kSha512;
    default:
      return SigHash::kOther;
  }
}

std::string uri_of(const GENERAL_NAME* name) {
  int type = 0;
  const auto* value = static_cast<const ASN1_STRING*>(GENERAL_NAME_get0_value(name, &type));
  if (type != GEN_URI || value == nullptr) return {};
  return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
          static_cast<std::size_t>(ASN1_STRING_length(value))};
}

std::string oid_text(const ASN1_OBJECT* obj) {
  char buf[128];
  int len = OBJ_obj2txt(buf, sizeof buf, obj, 1);
  if (len <= 0 || static_cast<std::size_t>(len) >= sizeof buf) return {};
  return std::string(buf, static_cast<std::size_t>(len));
}

}  // namespace

std::string utc_text(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

std::time_t Certificate::not_before() const {
  return to_time_t(X509_get0_notBefore(cert_.get()));
}

std::time_t Certificate::not_after() const {
  return to_time_t(X509_get0_notAfter(cert_.get()));
}

Status Certificate::check_validity(std::optional<std::time_t> at) const {
  const std::time_t now = at.value_or(std::time(nullptr));
  if (now < not_before()) {
    return make_error(fmt::format("certificate \"{}\" is not valid before {}", subject_text(),
                                  utc_text(not_before())));
  }
  if (now > not_after()) {
    return make_error(
        fmt::format("certificate \"{}\" expired on {}", subject_text(), utc_text(not_after())));
  }
  return {};
}

std::string Certificate::serial_text() const {
  const ASN1_INTEGER* serial = X509_get0_serialNumber(cert_.get());
  std::string out;
  for (int i = 0; i < serial->length; ++i)
    out += fmt::format("{}{:02X}", i ? ":" : "", serial->data[i]);
  return out;
}

std::optional<SignatureAlgorithm> Certificate::signature_algorithm() const {
  int md = NID_undef, pk = NID_undef;
  if (X509_get_signature_info(cert_.get(), &md, &pk, nullptr, nullptr) != 1) {
    ossl::clear_errors();
    return std::nullopt;
  }
  switch (pk) {
    case NID_rsaEncryption:
      return SignatureAlgorithm{KeyType::kRsa, false, hash_of_nid(md)};
    case NID_rsassaPss:
      return SignatureAlgorithm{KeyType::kRsa, true, hash_of_nid(md)};
    case NID_X9_62_id_ecPublicKey:
      return SignatureAlgorithm{KeyType::kEcdsa, false, hash_of_nid(md)};
    case NID_ED25519:
      return SignatureAlgorithm{KeyType::kEd25519, false, SigHash::kIdentity};
    case NID_ED448:
      return SignatureAlgorithm{KeyType::kEd448, false, SigHash::kIdentity};
    default:
      return std::nullopt;
  }
}

std::vector<std::string> Certificate::ocsp_uris() const {
  std::vector<std::string> out;
  auto* aia = static_cast<AUTHORITY_INFO_ACCESS*>(
      X509_get_ext_d2i(cert_.get(), NID_info_access, nullptr, nullptr));
  if (aia == nullptr) return out;
  for (int i = 0; i < sk_ACCESS_DESCRIPTION_num(aia); ++i) {
    const ACCESS_DESCRIPTION* ad = sk_ACCESS_DESCRIPTION_value(aia, i);
    if (OBJ_obj2nid(ad->method) != NID_ad_OCSP) continue;
    if (auto uri = uri_of(ad->location); !uri.empty()) out.push_back(std::move(uri));
  }
  AUTHORITY_INFO_ACCESS_free(aia);
  return out;
}

std::vector<std::string> Certificate::crl_uris() const {
  std::vector<std::string> out;
  auto* points = static_cast<CRL_DIST_POINTS*>(
      X509_get_ext_d2i(cert_.get(), NID_crl_distribution_points, nullptr, nullptr));
  if (points == nullptr) return out;
  for (int i = 0; i < sk_DIST_POINT_num(points); ++i) {
    const DIST_POINT* dp = sk_DIST_POINT_value(points, i);
    // Only full names: a relative name would need the issuer's name to resolve.
    if (dp->distpoint == nullptr || dp->distpoint->type != 0) continue;
    const GENERAL_NAMES* names = dp->distpoint->name.fullname;
    for (int j = 0; j < sk_GENERAL_NAME_num(names); ++j) {
      if (auto uri = uri_of(sk_GENERAL_NAME_value(names, j)); !uri.empty())
        out.push_back(std::move(uri));
    }
  }
  CRL_DIST_POINTS_free(points);
  return out;
}

std::vector<std::string> Certificate::policy_oids() const {
  std::vector<std::string> out;
  auto* policies = static_cast<CERTIFICATEPOLICIES*>(
      X509_get_ext_d2i(cert_.get(), NID_certificate_policies, nullptr, nullptr));
  if (policies == nullptr) return out;
  for (int i = 0; i < sk_POLICYINFO_num(policies); ++i) {
    if (auto oid = oid_text(sk_POLICYINFO_value(policies, i)->policyid); !oid.empty())
      out.push_back(std::move(oid));
  }
  CERTIFICATEPOLICIES_free(policies);
  return out;
}

bool Certificate::issued_by(const Certificate& issuer) const {
  if (X509_check_issued(issuer.native(), cert_.get()) != X509_V_OK) return false;
  EVP_PKEY* key = X509_get0_pubkey(issuer.native());
  bool ok = key != nullptr && X509_verify(cert_.get(), key) == 1;
  if (!ok) ossl::clear_errors();
  return ok;
}

bool Certificate::self_signed() const {
  return issued_by(*this);
}

bool Certificate::operator==(const Certificate& other) const {
  return X509_cmp(cert_.get(), other.cert_.get()) == 0;
}

}  // namespace oakley::crypto
