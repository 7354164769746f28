#include "test_pki.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <fstream>

namespace oakley::testpki {

namespace {

std::shared_ptr<EVP_PKEY> new_key(KeyKind kind) {
  EVP_PKEY* key = nullptr;
  switch (kind) {
    case KeyKind::kEc256:
      key = EVP_EC_gen("P-256");
      break;
    case KeyKind::kEc384:
      key = EVP_EC_gen("P-384");
      break;
    case KeyKind::kRsa2048:
      key = EVP_RSA_gen(2048);
      break;
    case KeyKind::kEd25519:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
      break;
  }
  if (key == nullptr) ADD_FAILURE() << "key generation failed";
  return {key, EVP_PKEY_free};
}

X509_NAME* name_of(const std::string& text) {
  auto der = crypto::encode_dn(text);
  if (!der) {
    ADD_FAILURE() << der.error().message;
    return X509_NAME_new();
  }
  const unsigned char* p = der->data();
  return d2i_X509_NAME(nullptr, &p, static_cast<long>(der->size()));
}

void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (ext == nullptr) {
    ADD_FAILURE() << "extension " << OBJ_nid2sn(nid) << " = " << value;
    return;
  }
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

const EVP_MD* md_of(const std::string& name, const EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "ED25519") || name.empty()) return nullptr;
  return EVP_get_digestbyname(name.c_str());
}

long next_serial() {
  static std::atomic<long> serial{0x1000};
  return ++serial;
}

void extensions(X509* x, X509* issuer_x, const CertSpec& spec) {
  add_ext(x, x, NID_subject_key_identifier, "hash");
  if (issuer_x != x) add_ext(x, issuer_x, NID_authority_key_identifier, "keyid");
  if (spec.ca) add_ext(x, issuer_x, NID_basic_constraints, "critical,CA:TRUE");
  std::string usage = spec.key_usage;
  if (usage.empty())
    usage = spec.ca ? "critical,keyCertSign,cRLSign,digitalSignature" : "critical,digitalSignature";
  add_ext(x, issuer_x, NID_key_usage, usage);
  if (spec.ocsp_signing) add_ext(x, issuer_x, NID_ext_key_usage, "OCSPSigning");
  std::string san;
  for (const auto& d : spec.dns)
    san += (san.empty() ? "DNS:" : ",DNS:") + d;
  if (!san.empty()) add_ext(x, issuer_x, NID_subject_alt_name, san);
  if (!spec.ocsp_uri.empty()) add_ext(x, issuer_x, NID_info_access, "OCSP;URI:" + spec.ocsp_uri);
  if (!spec.crl_uri.empty())
    add_ext(x, issuer_x, NID_crl_distribution_points, "URI:" + spec.crl_uri);
  if (spec.policies.empty()) return;
  CERTIFICATEPOLICIES* pols = CERTIFICATEPOLICIES_new();
  for (const auto& p : spec.policies) {
    POLICYINFO* info = POLICYINFO_new();
    ASN1_OBJECT_free(info->policyid);
    info->policyid = OBJ_txt2obj(p.c_str(), 1);
    sk_POLICYINFO_push(pols, info);
  }
  X509_add1_ext_i2d(x, NID_certificate_policies, pols, 0, 0);
  CERTIFICATEPOLICIES_free(pols);
}

}  // namespace

std::string Issued::cert_pem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert.native());
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return out;
}

std::string Issued::key_pem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return out;
}

Issued make_cert(const CertSpec& spec, const Issued* issuer) {
  auto key = new_key(spec.key);
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), spec.serial ? spec.serial : next_serial());
  X509_NAME* subject = name_of(spec.subject);
  X509_set_subject_name(x, subject);
  X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer->cert.native()) : subject);
  X509_NAME_free(subject);
  X509_gmtime_adj(X509_getm_notBefore(x), spec.not_before);
  X509_gmtime_adj(X509_getm_notAfter(x), spec.not_after);
  X509_set_pubkey(x, key.get());
  X509* issuer_x = issuer ? issuer->cert.native() : x;
  extensions(x, issuer_x, spec);
  EVP_PKEY* sign_key = issuer ? issuer->key.get() : key.get();
  if (X509_sign(x, sign_key, md_of(spec.md, sign_key)) <= 0) ADD_FAILURE() << "X509_sign";
  auto cert = crypto::Certificate::reference(x);
  X509_free(x);
  return Issued{cert, key};
}

Bytes make_crl(const Issued& issuer, const std::vector<RevokedEntry>& revoked,
               std::optional<long> next_update, long this_update) {
  X509_CRL* crl = X509_CRL_new();
  X509_CRL_set_version(crl, 1);
  X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuer.cert.native()));
  ASN1_TIME* t = X509_gmtime_adj(nullptr, this_update);
  X509_CRL_set1_lastUpdate(crl, t);
  if (next_update) {
    X509_gmtime_adj(t, *next_update);
    X509_CRL_set1_nextUpdate(crl, t);
  }
  for (const auto& r : revoked) {
    X509_REVOKED* entry = X509_REVOKED_new();
    X509_REVOKED_set_serialNumber(
        entry, const_cast<ASN1_INTEGER*>(X509_get0_serialNumber(r.cert->native())));
    ASN1_TIME_set(t, r.when);
    X509_REVOKED_set_revocationDate(entry, t);
    ASN1_ENUMERATED* reason = ASN1_ENUMERATED_new();
    ASN1_ENUMERATED_set(reason, r.reason);
    X509_REVOKED_add1_ext_i2d(entry, NID_crl_reason, reason, 0, 0);
    ASN1_ENUMERATED_free(reason);
    X509_CRL_add0_revoked(crl, entry);
  }
  ASN1_TIME_free(t);
  X509_CRL_sort(crl);
  if (X509_CRL_sign(crl, issuer.key.get(), md_of("SHA256", issuer.key.get())) <= 0)
    ADD_FAILURE() << "X509_CRL_sign";
  int len = i2d_X509_CRL(crl, nullptr);
  Bytes out(static_cast<std::size_t>(len));
  unsigned char* p = out.data();
  i2d_X509_CRL(crl, &p);
  X509_CRL_free(crl);
  return out;
}

Bytes make_ocsp_response(const Issued& signer, const crypto::Certificate& issuer,
                         const OcspAnswer& answer, ByteView request,
                         const crypto::Certificate* cert) {
  OCSP_REQUEST* req = nullptr;
  if (!request.empty()) {
    const unsigned char* p = request.data();
    req = d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(request.size()));
  }
  OCSP_BASICRESP* bs = OCSP_BASICRESP_new();
  ASN1_TIME* this_upd = X509_gmtime_adj(nullptr, answer.this_update);
  ASN1_TIME* next_upd =
      answer.next_update ? X509_gmtime_adj(nullptr, *answer.next_update) : nullptr;
  ASN1_TIME* rev = ASN1_TIME_set(nullptr, answer.revoked_at);
  int status = answer.status == crypto::CertStatus::kGood      ? V_OCSP_CERTSTATUS_GOOD
               : answer.status == crypto::CertStatus::kRevoked ? V_OCSP_CERTSTATUS_REVOKED
                                                               : V_OCSP_CERTSTATUS_UNKNOWN;
  auto add = [&](OCSP_CERTID* id) {
    OCSP_basic_add1_status(bs, id, status, status == V_OCSP_CERTSTATUS_REVOKED ? 1 : -1,
                           status == V_OCSP_CERTSTATUS_REVOKED ? rev : nullptr, this_upd, next_upd);
  };
  if (req) {
    for (int i = 0; i < OCSP_request_onereq_count(req); ++i)
      add(OCSP_onereq_get0_id(OCSP_request_onereq_get0(req, i)));
    if (!answer.fake_nonce.empty()) {
      OCSP_basic_add1_nonce(bs, const_cast<unsigned char*>(answer.fake_nonce.data()),
                            static_cast<int>(answer.fake_nonce.size()));
    } else if (answer.copy_nonce) {
      OCSP_copy_nonce(bs, req);
    }
  } else if (cert) {
    OCSP_CERTID* id = OCSP_cert_to_id(EVP_sha1(), cert->native(), issuer.native());
    add(id);
    OCSP_CERTID_free(id);
  }
  if (OCSP_basic_sign(bs, signer.cert.native(), signer.key.get(), md_of("SHA256", signer.key.get()),
                      nullptr, 0) != 1)
    ADD_FAILURE() << "OCSP_basic_sign";
  OCSP_RESPONSE* resp = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, bs);
  int len = i2d_OCSP_RESPONSE(resp, nullptr);
  Bytes out(static_cast<std::size_t>(len));
  unsigned char* p = out.data();
  i2d_OCSP_RESPONSE(resp, &p);
  OCSP_RESPONSE_free(resp);
  OCSP_BASICRESP_free(bs);
  OCSP_REQUEST_free(req);
  ASN1_TIME_free(this_upd);
  ASN1_TIME_free(next_upd);
  ASN1_TIME_free(rev);
  return out;
}

Bytes make_ocsp_error(int status) {
  OCSP_RESPONSE* resp = OCSP_response_create(status, nullptr);
  int len = i2d_OCSP_RESPONSE(resp, nullptr);
  Bytes out(static_cast<std::size_t>(len));
  unsigned char* p = out.data();
  i2d_OCSP_RESPONSE(resp, &p);
  OCSP_RESPONSE_free(resp);
  return out;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

void write_file(const std::string& path, ByteView data) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

}  // namespace oakley::testpki
