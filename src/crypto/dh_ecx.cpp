// Curve25519 and Curve448 (RFC 7748, RFC 8031): KE data is the raw u-coordinate. An all-zero
// shared secret (peer sent a small-order point) is rejected, as RFC 8031 section 2 requires.
#include <openssl/crypto.h>

#include <array>
#include <string>

#include "crypto/dh_internal.hpp"

namespace oakley::crypto::detail {

namespace {

const char* curve_name(DhId id) {
  return id == DhId::kCurve25519 ? "X25519" : "X448";
}

// A key of each type, to start keygen contexts and type peer keys from.
EVP_PKEY* key_template(DhId id) {
  static const ossl::PkeyPtr x25519(EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519"));
  static const ossl::PkeyPtr x448(EVP_PKEY_Q_keygen(nullptr, nullptr, "X448"));
  return id == DhId::kCurve25519 ? x25519.get() : x448.get();
}

class EcxKeyPair final : public DhKeyPair {
 public:
  EcxKeyPair(DhId id, ossl::PkeyPtr key, Bytes pub)
      : DhKeyPair(id, std::move(pub)), key_(std::move(key)) {}

  Result<SecretBytes> shared_secret(ByteView peer) const override {
    const std::size_t size = ecx_size(id());
    if (peer.size() != size)
      return make_error(std::string(dh_name(id())) + ": peer public value has " +
                        std::to_string(peer.size()) + " bytes, expected " + std::to_string(size));
    // Typed from the template: cheaper than importing by algorithm name (no provider fetch).
    ossl::PkeyPtr pk(EVP_PKEY_new());
    if (!pk || EVP_PKEY_copy_parameters(pk.get(), key_template(id())) != 1 ||
        EVP_PKEY_set1_encoded_public_key(pk.get(), peer.data(), peer.size()) != 1)
      return ossl::error(std::string(dh_name(id())) + ": peer public value rejected");
    auto secret = pkey_derive(key_.get(), pk.get(), size, false);
    if (!secret)
      return make_error(std::string(dh_name(id())) +
                        ": peer public value gives an all-zero shared secret (" +
                        secret.error().message + ")");
    static const std::array<std::uint8_t, 56> kZero{};
    if (CRYPTO_memcmp(secret->data(), kZero.data(), size) == 0)
      return make_error(std::string(dh_name(id())) + ": all-zero shared secret");
    return secret;
  }

 private:
  ossl::PkeyPtr key_;
};

Result<std::unique_ptr<DhKeyPair>> make_pair(DhId id, ossl::PkeyPtr key) {
  Bytes pub(ecx_size(id));
  std::size_t len = pub.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), pub.data(), &len) != 1 || len != pub.size())
    return ossl::error(std::string(dh_name(id)) + ": cannot read the public value");
  return std::unique_ptr<DhKeyPair>(std::make_unique<EcxKeyPair>(id, std::move(key), pub));
}

}  // namespace

Result<std::unique_ptr<DhKeyPair>> ecx_generate(DhId id) {
  EVP_PKEY* tmpl = key_template(id);
  if (tmpl == nullptr) return ossl::error("cannot set up " + std::string(dh_name(id)));
  auto key = keygen(id, tmpl);
  if (!key) return key.take_error();
  return make_pair(id, std::move(key).value());
}

Result<std::unique_ptr<DhKeyPair>> ecx_from_private(DhId id, ByteView k) {
  if (k.size() != ecx_size(id))
    return make_error(std::string(dh_name(id)) + ": private value must have " +
                      std::to_string(ecx_size(id)) + " bytes");
  ossl::PkeyPtr key(
      EVP_PKEY_new_raw_private_key_ex(nullptr, curve_name(id), nullptr, k.data(), k.size()));
  if (!key) return ossl::error(std::string(dh_name(id)) + ": cannot import private value");
  return make_pair(id, std::move(key));
}

}  // namespace oakley::crypto::detail
