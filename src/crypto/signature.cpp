// Signing and verifying with EVP_DigestSign/EVP_DigestVerify.
#include <openssl/rsa.h>

#include "crypto/ossl.hpp"
#include "crypto/pki.hpp"

namespace oakley::crypto {

namespace {

const char* digest_of(SignatureScheme s) {
  switch (s) {
    case SignatureScheme::kRsaPkcs1Sha1:
      return "SHA1";
    case SignatureScheme::kRsaPkcs1Sha256:
    case SignatureScheme::kRsaPssSha256:
    case SignatureScheme::kEcdsaSha256:
      return "SHA256";
    case SignatureScheme::kRsaPkcs1Sha384:
    case SignatureScheme::kRsaPssSha384:
    case SignatureScheme::kEcdsaSha384:
      return "SHA384";
    case SignatureScheme::kRsaPkcs1Sha512:
    case SignatureScheme::kRsaPssSha512:
    case SignatureScheme::kEcdsaSha512:
      return "SHA512";
    case SignatureScheme::kEd25519:
    case SignatureScheme::kEd448:
      return nullptr;  // EdDSA hashes internally
    case SignatureScheme::kRsaPkcs1Prehashed:
    case SignatureScheme::kEcdsaPrehashed:
      return nullptr;  // the caller hashed already
  }
  return nullptr;
}

bool is_prehashed(SignatureScheme s) {
  return s == SignatureScheme::kRsaPkcs1Prehashed || s == SignatureScheme::kEcdsaPrehashed;
}

bool is_pss(SignatureScheme s) {
  return s == SignatureScheme::kRsaPssSha256 || s == SignatureScheme::kRsaPssSha384 ||
         s == SignatureScheme::kRsaPssSha512;
}

KeyType key_type_for(SignatureScheme s) {
  switch (s) {
    case SignatureScheme::kEcdsaSha256:
    case SignatureScheme::kEcdsaSha384:
    case SignatureScheme::kEcdsaSha512:
    case SignatureScheme::kEcdsaPrehashed:
      return KeyType::kEcdsa;
    case SignatureScheme::kEd25519:
      return KeyType::kEd25519;
    case SignatureScheme::kEd448:
      return KeyType::kEd448;
    default:
      return KeyType::kRsa;
  }
}

// PSS with MGF1 over the same hash (OpenSSL's default) and salt = hash length (RFC 8247 2.4).
bool set_padding(EVP_PKEY_CTX* pctx, SignatureScheme s) {
  if (!is_pss(s)) return true;
  return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1;
}

Error unsuitable(SignatureScheme s) {
  return make_error(std::string("the key cannot make ") + std::string(scheme_name(s)) +
                    " signatures");
}

}  // namespace

std::string_view scheme_name(SignatureScheme s) {
  switch (s) {
    case SignatureScheme::kRsaPkcs1Sha1:
      return "RSA PKCS#1 v1.5 SHA-1";
    case SignatureScheme::kRsaPkcs1Sha256:
      return "RSA PKCS#1 v1.5 SHA-256";
    case SignatureScheme::kRsaPkcs1Sha384:
      return "RSA PKCS#1 v1.5 SHA-384";
    case SignatureScheme::kRsaPkcs1Sha512:
      return "RSA PKCS#1 v1.5 SHA-512";
    case SignatureScheme::kRsaPssSha256:
      return "RSA-PSS SHA-256";
    case SignatureScheme::kRsaPssSha384:
      return "RSA-PSS SHA-384";
    case SignatureScheme::kRsaPssSha512:
      return "RSA-PSS SHA-512";
    case SignatureScheme::kEcdsaSha256:
      return "ECDSA SHA-256";
    case SignatureScheme::kEcdsaSha384:
      return "ECDSA SHA-384";
    case SignatureScheme::kEcdsaSha512:
      return "ECDSA SHA-512";
    case SignatureScheme::kEd25519:
      return "Ed25519";
    case SignatureScheme::kEd448:
      return "Ed448";
    case SignatureScheme::kRsaPkcs1Prehashed:
      return "RSA PKCS#1 v1.5 (IKEv1, hash signed as is)";
    case SignatureScheme::kEcdsaPrehashed:
      return "ECDSA (IKEv1, hash signed as is)";
  }
  return "unknown signature scheme";
}

std::optional<SignatureAlgorithm> scheme_algorithm(SignatureScheme s) {
  using A = SignatureAlgorithm;
  switch (s) {
    case SignatureScheme::kRsaPkcs1Sha1:
      return A{KeyType::kRsa, false, SigHash::kSha1};
    case SignatureScheme::kRsaPkcs1Sha256:
      return A{KeyType::kRsa, false, SigHash::kSha256};
    case SignatureScheme::kRsaPkcs1Sha384:
      return A{KeyType::kRsa, false, SigHash::kSha384};
    case SignatureScheme::kRsaPkcs1Sha512:
      return A{KeyType::kRsa, false, SigHash::kSha512};
    case SignatureScheme::kRsaPssSha256:
      return A{KeyType::kRsa, true, SigHash::kSha256};
    case SignatureScheme::kRsaPssSha384:
      return A{KeyType::kRsa, true, SigHash::kSha384};
    case SignatureScheme::kRsaPssSha512:
      return A{KeyType::kRsa, true, SigHash::kSha512};
    case SignatureScheme::kEcdsaSha256:
      return A{KeyType::kEcdsa, false, SigHash::kSha256};
    case SignatureScheme::kEcdsaSha384:
      return A{KeyType::kEcdsa, false, SigHash::kSha384};
    case SignatureScheme::kEcdsaSha512:
      return A{KeyType::kEcdsa, false, SigHash::kSha512};
    case SignatureScheme::kEd25519:
      return A{KeyType::kEd25519, false, SigHash::kIdentity};
    case SignatureScheme::kEd448:
      return A{KeyType::kEd448, false, SigHash::kIdentity};
    case SignatureScheme::kRsaPkcs1Prehashed:
    case SignatureScheme::kEcdsaPrehashed:
      return std::nullopt;
  }
  return std::nullopt;
}

std::string signature_algorithm_name(const SignatureAlgorithm& a) {
  const char* hash = "unknown hash";
  switch (a.hash) {
    case SigHash::kSha1:
      hash = "SHA-1";
      break;
    case SigHash::kSha224:
      hash = "SHA-224";
      break;
    case SigHash::kSha256:
      hash = "SHA-256";
      break;
    case SigHash::kSha384:
      hash = "SHA-384";
      break;
    case SigHash::kSha512:
      hash = "SHA-512";
      break;
    case SigHash::kIdentity:
    case SigHash::kOther:
      break;
  }
  switch (a.key) {
    case KeyType::kRsa:
      return std::string(a.pss ? "RSA-PSS " : "RSA PKCS#1 v1.5 ") + hash;
    case KeyType::kEcdsa:
      return std::string("ECDSA ") + hash;
    case KeyType::kEd25519:
      return "Ed25519";
    case KeyType::kEd448:
      return "Ed448";
  }
  return "unknown signature algorithm";
}

bool PublicKey::supports(SignatureScheme s) const {
  if (key_type_for(s) != type()) return false;
  // A key restricted to RSA-PSS (id-RSASSA-PSS SPKI) must not make PKCS#1 v1.5 signatures.
  return is_pss(s) || !EVP_PKEY_is_a(key_.get(), "RSA-PSS");
}

namespace {

// EVP_PKEY_sign without a digest: RSA gets PKCS#1 v1.5 padding around the bytes as given, ECDSA
// takes them as the digest.
Result<Bytes> sign_prehashed(EVP_PKEY* key, SignatureScheme s, ByteView data) {
  ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  std::size_t len = 0;
  if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1 ||
      (s == SignatureScheme::kRsaPkcs1Prehashed &&
       EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1) ||
      EVP_PKEY_sign(ctx.get(), nullptr, &len, data.data(), data.size()) != 1)
    return ossl::error(std::string(scheme_name(s)) + ": cannot sign");
  Bytes out(len);
  if (EVP_PKEY_sign(ctx.get(), out.data(), &len, data.data(), data.size()) != 1)
    return ossl::error(std::string(scheme_name(s)) + ": signing failed");
  out.resize(len);
  return out;
}

Status verify_prehashed(EVP_PKEY* key, SignatureScheme s, ByteView data, ByteView signature) {
  ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1 ||
      (s == SignatureScheme::kRsaPkcs1Prehashed &&
       EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1))
    return ossl::error(std::string(scheme_name(s)) + ": cannot verify");
  if (EVP_PKEY_verify(ctx.get(), signature.data(), signature.size(), data.data(), data.size()) !=
      1) {
    ossl::clear_errors();
    return make_error(std::string(scheme_name(s)) + " signature does not verify");
  }
  return {};
}

}  // namespace

Result<Bytes> PrivateKey::sign(SignatureScheme s, ByteView data) const {
  if (!public_key().supports(s)) return unsuitable(s);
  if (is_prehashed(s)) return sign_prehashed(key_.get(), s, data);
  ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  std::size_t len = 0;
  if (!ctx ||
      EVP_DigestSignInit_ex(ctx.get(), &pctx, digest_of(s), nullptr, nullptr, key_.get(),
                            nullptr) != 1 ||
      !set_padding(pctx, s) ||
      EVP_DigestSign(ctx.get(), nullptr, &len, data.data(), data.size()) != 1)
    return ossl::error(std::string(scheme_name(s)) + ": cannot sign");
  Bytes out(len);
  if (EVP_DigestSign(ctx.get(), out.data(), &len, data.data(), data.size()) != 1)
    return ossl::error(std::string(scheme_name(s)) + ": signing failed");
  out.resize(len);
  return out;
}

Status PublicKey::verify(SignatureScheme s, ByteView data, ByteView signature) const {
  if (!supports(s)) return unsuitable(s);
  if (is_prehashed(s)) return verify_prehashed(key_.get(), s, data, signature);
  ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx ||
      EVP_DigestVerifyInit_ex(ctx.get(), &pctx, digest_of(s), nullptr, nullptr, key_.get(),
                              nullptr) != 1 ||
      !set_padding(pctx, s))
    return ossl::error(std::string(scheme_name(s)) + ": cannot verify");
  if (EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), data.data(), data.size()) !=
      1) {
    ossl::clear_errors();
    return make_error(std::string(scheme_name(s)) + " signature does not verify");
  }
  return {};
}

}  // namespace oakley::crypto
