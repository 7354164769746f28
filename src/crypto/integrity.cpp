// Integrity transforms: a kept keyed MAC, truncated to the transform's ICV length.
#include <openssl/crypto.h>

#include <string>

#include "crypto/cipher.hpp"
#include "crypto/mac_engine.hpp"

namespace oakley::crypto {

namespace {

class TruncatedMac final : public Integrity {
 public:
  TruncatedMac(std::unique_ptr<detail::MacEngine> mac, std::size_t icv)
      : mac_(std::move(mac)), icv_(icv) {}
  std::size_t icv_size() const override { return icv_; }

  void compute(std::initializer_list<ByteView> parts, MutableByteView icv) override {
    std::uint8_t full[detail::kMaxMacSize];
    const bool ok = mac_->compute(parts, full);
    // On an OpenSSL failure the ICV is zeros, which the peer rejects; no garbage goes out.
    for (std::size_t i = 0; i < icv.size(); ++i)
      icv[i] = ok && i < icv_ ? full[i] : 0;
  }

  bool verify(std::initializer_list<ByteView> parts, ByteView icv) override {
    std::uint8_t full[detail::kMaxMacSize];
    if (icv.size() != icv_ || !mac_->compute(parts, full)) return false;
    return CRYPTO_memcmp(full, icv.data(), icv_) == 0;
  }

 private:
  std::unique_ptr<detail::MacEngine> mac_;
  std::size_t icv_;
};

Result<std::unique_ptr<detail::MacEngine>> make_mac(IntegId alg, ByteView key) {
  switch (alg) {
    case IntegId::kHmacMd5_96:
    case IntegId::kHmacMd5_128:
      return detail::make_hmac(HashAlg::kMd5, key);
    case IntegId::kHmacSha1_96:
    case IntegId::kHmacSha1_160:
      return detail::make_hmac(HashAlg::kSha1, key);
    case IntegId::kHmacSha256_128:
    case IntegId::kHmacSha256_96:
      return detail::make_hmac(HashAlg::kSha256, key);
    case IntegId::kHmacSha384_192:
      return detail::make_hmac(HashAlg::kSha384, key);
    case IntegId::kHmacSha512_256:
      return detail::make_hmac(HashAlg::kSha512, key);
    case IntegId::kAesXcbc96:
      return detail::make_aes_xcbc(key);
    case IntegId::kAesCmac96:
      return detail::make_aes_cmac(key);
    default:
      return make_error("unsupported integrity transform " + std::to_string(static_cast<int>(alg)));
  }
}

}  // namespace

Result<std::unique_ptr<Integrity>> Integrity::create(IntegId alg, ByteView key) {
  const std::size_t want = integ_key_size(alg);
  if (want == 0)
    return make_error("unsupported integrity transform " + std::to_string(static_cast<int>(alg)));
  if (key.size() != want)
    return make_error(std::string(integ_name(alg)) + " needs a " + std::to_string(want) +
                      "-byte key, got " + std::to_string(key.size()));
  auto mac = make_mac(alg, key);
  if (!mac) return mac.take_error();
  return std::unique_ptr<Integrity>(
      std::make_unique<TruncatedMac>(std::move(mac).value(), integ_icv_size(alg)));
}

}  // namespace oakley::crypto
