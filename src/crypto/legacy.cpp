// ENCR_DES lives in OpenSSL's legacy provider, which is loaded only when configuration asks for it.
#include <openssl/provider.h>

#include <atomic>

#include "crypto/cipher.hpp"
#include "crypto/ossl.hpp"

namespace oakley::crypto {

namespace {

std::atomic<bool> g_des_enabled{false};

// Loading any provider explicitly stops OpenSSL from loading "default" on demand, so "default"
// is loaded too. Both stay loaded until exit, when they are unloaded before OpenSSL cleans up.
class LegacyProviders {
 public:
  LegacyProviders()
      : init_(ossl::init_before_static()),
        default_(OSSL_PROVIDER_load(nullptr, "default")),
        legacy_(OSSL_PROVIDER_load(nullptr, "legacy")) {}
  ~LegacyProviders() {
    if (legacy_ != nullptr) OSSL_PROVIDER_unload(legacy_);
    if (default_ != nullptr) OSSL_PROVIDER_unload(default_);
  }
  bool loaded() const { return init_ && default_ != nullptr && legacy_ != nullptr; }

 private:
  bool init_;
  OSSL_PROVIDER* default_;
  OSSL_PROVIDER* legacy_;
};

bool load_legacy_provider() {
  static const LegacyProviders providers;
  return providers.loaded();
}

}  // namespace

bool enable_legacy_des(bool on) {
  if (on && !load_legacy_provider()) return false;
  g_des_enabled.store(on, std::memory_order_relaxed);
  return true;
}

bool legacy_des_enabled() {
  return g_des_enabled.load(std::memory_order_relaxed);
}

}  // namespace oakley::crypto
