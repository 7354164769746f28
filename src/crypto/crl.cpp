// CRLs: parsing (PEM or DER), the issuer check and the lookup of a certificate's serial.
#include <fmt/format.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <fstream>
#include <iterator>

#include "crypto/ossl.hpp"
#include "crypto/revocation.hpp"

namespace oakley::crypto {

namespace {

using BioPtr = std::unique_ptr<BIO, ossl::Deleter<BIO_free>>;

std::time_t to_time_t(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return 0;
  return timegm(&tm);
}

bool looks_like_pem(ByteView data) {
  std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
  return text.find("-----BEGIN ") != std::string_view::npos;
}

Bytes name_der(const X509_NAME* name) {
  int len = i2d_X509_NAME(name, nullptr);
  if (len <= 0) return {};
  Bytes out(static_cast<std::size_t>(len));
  unsigned char* p = out.data();
  i2d_X509_NAME(name, &p);
  return out;
}

}  // namespace

// RFC 5280 5.3.1 CRLReason codes (7 is unused).
std::string crl_reason_name(long code) {
  static constexpr std::array<const char*, 11> kNames = {
      "unspecified",   "keyCompromise",        "cACompromise",    "affiliationChanged",
      "superseded",    "cessationOfOperation", "certificateHold", "",
      "removeFromCRL", "privilegeWithdrawn",   "aACompromise"};
  if (code < 0 || code >= static_cast<long>(kNames.size())) return "";
  return kNames[static_cast<std::size_t>(code)];
}

Result<Crl> Crl::parse(ByteView pem_or_der) {
  X509_CRL* crl = nullptr;
  if (looks_like_pem(pem_or_der)) {
    BioPtr bio(BIO_new_mem_buf(pem_or_der.data(), static_cast<int>(pem_or_der.size())));
    crl = bio ? PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  } else {
    const unsigned char* p = pem_or_der.data();
    crl = d2i_X509_CRL(nullptr, &p, static_cast<long>(pem_or_der.size()));
  }
  if (crl == nullptr) return ossl::error("not a CRL in PEM or DER");
  return Crl(std::shared_ptr<X509_CRL>(crl, X509_CRL_free));
}

Result<Crl> Crl::load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot open " + path);
  Bytes data{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  auto crl = parse(data);
  if (!crl) return make_error(path + ": " + crl.error().message);
  return crl;
}

Bytes Crl::issuer_der() const {
  return name_der(X509_CRL_get_issuer(crl_.get()));
}

std::string Crl::issuer_text() const {
  return dn_text(issuer_der());
}

std::time_t Crl::this_update() const {
  return to_time_t(X509_CRL_get0_lastUpdate(crl_.get()));
}

std::optional<std::time_t> Crl::next_update() const {
  const ASN1_TIME* t = X509_CRL_get0_nextUpdate(crl_.get());
  if (t == nullptr) return std::nullopt;
  return to_time_t(t);
}

std::size_t Crl::size() const {
  const auto* revoked = X509_CRL_get_REVOKED(crl_.get());
  return revoked ? static_cast<std::size_t>(sk_X509_REVOKED_num(revoked)) : 0;
}

Status Crl::verify(const Certificate& issuer) const {
  if (X509_NAME_cmp(X509_CRL_get_issuer(crl_.get()), X509_get_subject_name(issuer.native())) != 0)
    return make_error(
        fmt::format("the CRL of \"{}\" is not from \"{}\"", issuer_text(), issuer.subject_text()));
  if ((X509_get_extension_flags(issuer.native()) & EXFLAG_KUSAGE) != 0 &&
      (X509_get_key_usage(issuer.native()) & KU_CRL_SIGN) == 0)
    return make_error(
        fmt::format("\"{}\" may not sign CRLs (keyUsage without cRLSign)", issuer.subject_text()));
  EVP_PKEY* key = X509_get0_pubkey(issuer.native());
  if (key == nullptr || X509_CRL_verify(crl_.get(), key) != 1) {
    ossl::clear_errors();
    return make_error(
        fmt::format("the signature of the CRL of \"{}\" does not verify", issuer_text()));
  }
  return {};
}

std::optional<Revocation> Crl::find(const Certificate& cert) const {
  X509_REVOKED* entry = nullptr;
  auto* serial = const_cast<ASN1_INTEGER*>(X509_get0_serialNumber(cert.native()));
  // 2 is an entry with reason removeFromCRL (delta CRLs): the certificate is no longer revoked.
  if (X509_CRL_get0_by_serial(crl_.get(), &entry, serial) != 1 || entry == nullptr)
    return std::nullopt;
  Revocation out;
  out.when = to_time_t(X509_REVOKED_get0_revocationDate(entry));
  int crit = 0;
  auto* reason = static_cast<ASN1_ENUMERATED*>(
      X509_REVOKED_get_ext_d2i(entry, NID_crl_reason, &crit, nullptr));
  if (reason != nullptr) {
    out.reason = crl_reason_name(ASN1_ENUMERATED_get(reason));
    ASN1_ENUMERATED_free(reason);
  }
  return out;
}

}  // namespace oakley::crypto
