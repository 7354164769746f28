// Single DES, Blowfish and CAST-128 live in OpenSSL's legacy provider, which is loaded only when
// the configuration turns one of them on (oakley.legacy_ciphers).
#include <algorithm>
#include <atomic>

#include "crypto/cipher.hpp"
#include "crypto/ossl.hpp"

namespace oakley::crypto {

namespace {

std::atomic<bool> g_des{false};
std::atomic<bool> g_blowfish{false};
std::atomic<bool> g_cast{false};

std::atomic<bool>* flag_of(EncrId id) {
  switch (id) {
    case EncrId::kDes:
      return &g_des;
    case EncrId::kBlowfish:
      return &g_blowfish;
    case EncrId::kCast:
      return &g_cast;
    default:
      return nullptr;
  }
}

}  // namespace

bool enable_legacy_ciphers(std::initializer_list<EncrId> on) {
  return enable_legacy_ciphers(std::vector<EncrId>(on));
}

bool enable_legacy_ciphers(const std::vector<EncrId>& on) {
  for (EncrId id : on) {
    if (!needs_legacy_provider(id)) return false;
  }
  // The provider stays loaded once it was: ciphers fetched from it may still be cached.
  if (!on.empty() && !ossl::load_legacy_providers()) return false;
  for (EncrId id : {EncrId::kDes, EncrId::kBlowfish, EncrId::kCast}) {
    bool wanted = std::find(on.begin(), on.end(), id) != on.end();
    flag_of(id)->store(wanted, std::memory_order_relaxed);
  }
  return true;
}

bool legacy_cipher_enabled(EncrId id) {
  const auto* flag = flag_of(id);
  return flag != nullptr && flag->load(std::memory_order_relaxed);
}

}  // namespace oakley::crypto
