// ENCR_DES lives in OpenSSL's legacy provider, which is loaded only when configuration asks for it.
#include <atomic>

#include "crypto/cipher.hpp"
#include "crypto/ossl.hpp"

namespace oakley::crypto {

namespace {

std::atomic<bool> g_des_enabled{false};

}  // namespace

bool enable_legacy_des(bool on) {
  if (on && !ossl::load_legacy_providers()) return false;
  g_des_enabled.store(on, std::memory_order_relaxed);
  return true;
}

bool legacy_des_enabled() {
  return g_des_enabled.load(std::memory_order_relaxed);
}

}  // namespace oakley::crypto
