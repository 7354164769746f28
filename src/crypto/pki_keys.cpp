// Loading keys and certificates (PEM or DER) and the properties IKE asks of them.
#include <openssl/bio.h>
#include <openssl/decoder.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <fstream>
#include <functional>
#include <iterator>

#include "crypto/ossl.hpp"
#include "crypto/pki.hpp"

namespace oakley::crypto {

namespace {

using BioPtr = std::unique_ptr<BIO, ossl::Deleter<BIO_free>>;
using DecoderCtxPtr = std::unique_ptr<OSSL_DECODER_CTX, ossl::Deleter<OSSL_DECODER_CTX_free>>;

Result<Bytes> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot open " + path);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool looks_like_pem(ByteView data) {
  std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
  return text.find("-----BEGIN ") != std::string_view::npos;
}

std::shared_ptr<EVP_PKEY> share(EVP_PKEY* key) {
  return {key, EVP_PKEY_free};
}

template <typename T, typename... Args>
Result<T> from_file(const std::string& path, Args... args) {
  auto data = read_file(path);
  if (!data) return data.take_error();
  auto parsed = T::parse(*data, args...);
  if (!parsed) return make_error(path + ": " + parsed.error().message);
  return parsed;
}

Bytes to_der(int len, const std::function<int(unsigned char**)>& encode) {
  if (len <= 0) return {};
  Bytes out(static_cast<std::size_t>(len));
  unsigned char* p = out.data();
  encode(&p);
  return out;
}

}  // namespace

Result<PrivateKey> PrivateKey::load_file(const std::string& path, ByteView passphrase) {
  return from_file<PrivateKey>(path, passphrase);
}

Result<PrivateKey> PrivateKey::parse(ByteView pem_or_der, ByteView passphrase) {
  EVP_PKEY* key = nullptr;
  DecoderCtxPtr ctx(OSSL_DECODER_CTX_new_for_pkey(&key, nullptr, nullptr, nullptr, EVP_PKEY_KEYPAIR,
                                                  nullptr, nullptr));
  if (ctx && !passphrase.empty() &&
      OSSL_DECODER_CTX_set_passphrase(ctx.get(), passphrase.data(), passphrase.size()) != 1)
    return ossl::error("cannot set the key's passphrase");
  const unsigned char* data = pem_or_der.data();
  std::size_t len = pem_or_der.size();
  if (!ctx || OSSL_DECODER_from_data(ctx.get(), &data, &len) != 1 || key == nullptr) {
    return ossl::error(passphrase.empty()
                           ? "not an unencrypted private key in PEM or DER (an encrypted one "
                             "needs its passphrase in a private<suffix> secret)"
                           : "not a private key in PEM or DER, or a wrong passphrase");
  }
  return PrivateKey(share(key));
}

Result<Certificate> Certificate::load_file(const std::string& path) {
  return from_file<Certificate>(path);
}

Result<Certificate> Certificate::parse(ByteView pem_or_der) {
  X509* cert = nullptr;
  if (looks_like_pem(pem_or_der)) {
    BioPtr bio(BIO_new_mem_buf(pem_or_der.data(), static_cast<int>(pem_or_der.size())));
    cert = bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  } else {
    const unsigned char* p = pem_or_der.data();
    cert = d2i_X509(nullptr, &p, static_cast<long>(pem_or_der.size()));
  }
  if (cert == nullptr) return ossl::error("not an X.509 certificate in PEM or DER");
  return Certificate(std::shared_ptr<X509>(cert, X509_free));
}

Certificate Certificate::reference(X509* cert) {
  X509_up_ref(cert);
  return Certificate(std::shared_ptr<X509>(cert, X509_free));
}

Bytes Certificate::der() const {
  return to_der(i2d_X509(cert_.get(), nullptr),
                [&](unsigned char** p) { return i2d_X509(cert_.get(), p); });
}

namespace {

Bytes name_der(const X509_NAME* name) {
  return to_der(i2d_X509_NAME(name, nullptr),
                [&](unsigned char** p) { return i2d_X509_NAME(name, p); });
}

// strongSwan's style: "C=CH, O=Example, CN=moon", UTF-8 kept as is.
std::string name_text(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  const unsigned long flags =
      (XN_FLAG_ONELINE & ~XN_FLAG_SPC_EQ & ~ASN1_STRFLGS_ESC_MSB) | ASN1_STRFLGS_UTF8_CONVERT;
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, flags) < 0) return {};
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

}  // namespace

Bytes Certificate::subject_der() const {
  return name_der(X509_get_subject_name(cert_.get()));
}
std::string Certificate::subject_text() const {
  return name_text(X509_get_subject_name(cert_.get()));
}
Bytes Certificate::issuer_der() const {
  return name_der(X509_get_issuer_name(cert_.get()));
}
std::string Certificate::issuer_text() const {
  return name_text(X509_get_issuer_name(cert_.get()));
}

PublicKey Certificate::public_key() const {
  EVP_PKEY* key = X509_get_pubkey(cert_.get());  // counted reference
  return PublicKey(share(key));
}

Certificate::AltNames Certificate::alt_names() const {
  AltNames out;
  auto* names = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert_.get(), NID_subject_alt_name, nullptr, nullptr));
  if (names == nullptr) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
    int type = 0;
    const auto* value = static_cast<const ASN1_STRING*>(GENERAL_NAME_get0_value(n, &type));
    if (value == nullptr) continue;
    const auto* p = ASN1_STRING_get0_data(value);
    const auto len = static_cast<std::size_t>(ASN1_STRING_length(value));
    if (type == GEN_DNS) out.dns.emplace_back(reinterpret_cast<const char*>(p), len);
    if (type == GEN_EMAIL) out.email.emplace_back(reinterpret_cast<const char*>(p), len);
    if (type == GEN_IPADD) out.ip.emplace_back(p, p + len);
  }
  GENERAL_NAMES_free(names);
  return out;
}

namespace {

std::string time_text(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return "?";
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

}  // namespace

std::string Certificate::not_before_text() const {
  return time_text(X509_get0_notBefore(cert_.get()));
}

std::string Certificate::not_after_text() const {
  return time_text(X509_get0_notAfter(cert_.get()));
}

bool Certificate::is_ca() const {
  return X509_check_ca(cert_.get()) != 0;
}

bool Certificate::may_sign_ike() const {
  const std::uint32_t usage = X509_get_key_usage(cert_.get());  // all bits when absent
  return (usage & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) != 0;
}

KeyType PublicKey::type() const {
  if (EVP_PKEY_is_a(key_.get(), "EC")) return KeyType::kEcdsa;
  if (EVP_PKEY_is_a(key_.get(), "ED25519")) return KeyType::kEd25519;
  if (EVP_PKEY_is_a(key_.get(), "ED448")) return KeyType::kEd448;
  return KeyType::kRsa;
}

std::size_t PublicKey::bits() const {
  return static_cast<std::size_t>(EVP_PKEY_get_bits(key_.get()));
}

std::size_t PublicKey::ecdsa_coordinate_size() const {
  return type() == KeyType::kEcdsa ? (bits() + 7) / 8 : 0;
}

Bytes PublicKey::spki_der() const {
  return to_der(i2d_PUBKEY(key_.get(), nullptr),
                [&](unsigned char** p) { return i2d_PUBKEY(key_.get(), p); });
}

namespace {
// sk_X509_free is a macro; the deleter needs a function.
void free_x509_stack(STACK_OF(X509) * stack) {
  sk_X509_free(stack);
}
}  // namespace

Status verify_chain(const Certificate& leaf, const Certificate& ca,
                    std::span<const Certificate> intermediates, std::optional<std::time_t> at) {
  return verify_chain(leaf, std::span<const Certificate>(&ca, 1), intermediates, at);
}

Status verify_chain(const Certificate& leaf, std::span<const Certificate> cas,
                    std::span<const Certificate> intermediates, std::optional<std::time_t> at) {
  auto chain = build_chain(leaf, cas, intermediates, at);
  if (!chain) return chain.take_error();
  return {};
}

Result<std::vector<Certificate>> build_chain(const Certificate& leaf,
                                             std::span<const Certificate> cas,
                                             std::span<const Certificate> intermediates,
                                             std::optional<std::time_t> at) {
  using StorePtr = std::unique_ptr<X509_STORE, ossl::Deleter<X509_STORE_free>>;
  using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, ossl::Deleter<X509_STORE_CTX_free>>;
  using StackPtr = std::unique_ptr<STACK_OF(X509), ossl::Deleter<free_x509_stack>>;
  StorePtr store(X509_STORE_new());
  StoreCtxPtr ctx(X509_STORE_CTX_new());
  StackPtr chain(sk_X509_new_null());
  if (cas.empty()) return make_error("no trusted CA certificate is loaded");
  if (!store || !ctx || !chain) return ossl::error("cannot set up certificate verification");
  for (const Certificate& ca : cas)
    if (X509_STORE_add_cert(store.get(), ca.native()) != 1)
      return ossl::error("cannot set up certificate verification");
  for (const Certificate& c : intermediates)
    if (sk_X509_push(chain.get(), c.native()) == 0) return ossl::error("out of memory");
  if (X509_STORE_CTX_init(ctx.get(), store.get(), leaf.native(), chain.get()) != 1)
    return ossl::error("cannot set up certificate verification");
  if (at) X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx.get()), *at);
  if (X509_verify_cert(ctx.get()) == 1) {
    std::vector<Certificate> path;
    STACK_OF(X509)* verified = X509_STORE_CTX_get0_chain(ctx.get());
    for (int i = 0; i < sk_X509_num(verified); ++i) {
      path.push_back(Certificate::reference(sk_X509_value(verified, i)));
    }
    return path;
  }
  const int err = X509_STORE_CTX_get_error(ctx.get());
  ossl::clear_errors();
  std::string trusted;
  for (const Certificate& ca : cas)
    trusted += (trusted.empty() ? "\"" : ", \"") + ca.subject_text() + "\"";
  return make_error("certificate \"" + leaf.subject_text() + "\" does not chain to " + trusted +
                    ": " + X509_verify_cert_error_string(err));
}

}  // namespace oakley::crypto
