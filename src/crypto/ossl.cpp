#include "crypto/ossl.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>

#include <map>
#include <mutex>

namespace oakley::crypto::ossl {

Error error(std::string_view what) {
  std::string message(what);
  unsigned long code = ERR_peek_last_error();
  if (code != 0) {
    char reason[256];
    ERR_error_string_n(code, reason, sizeof reason);
    message += ": ";
    message += reason;
  }
  ERR_clear_error();
  return make_error(std::move(message));
}

void clear_errors() {
  ERR_clear_error();
}

bool init_before_static() {
  return OPENSSL_init_crypto(0, nullptr) == 1;
}

namespace {

// A name → object cache filled on first use. Lookups after the first take a mutex and a map
// search, which is far cheaper than a provider fetch; hot paths keep the returned pointer.
template <typename Ptr, auto Fetch>
class FetchCache {
 public:
  auto* get(std::string_view name) {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(name);
    if (it == cache_.end()) {
      Ptr fetched(Fetch(nullptr, std::string(name).c_str(), nullptr));
      if (!fetched) {
        ERR_clear_error();
        return static_cast<decltype(fetched.get())>(nullptr);
      }
      it = cache_.emplace(std::string(name), std::move(fetched)).first;
    }
    return it->second.get();
  }

 private:
  std::mutex mutex_;
  std::map<std::string, Ptr, std::less<>> cache_;
};

}  // namespace

const EVP_MD* md(std::string_view name) {
  [[maybe_unused]] static const bool init = init_before_static();
  static FetchCache<MdPtr, EVP_MD_fetch> cache;
  return cache.get(name);
}

const EVP_CIPHER* cipher(std::string_view name) {
  [[maybe_unused]] static const bool init = init_before_static();
  static FetchCache<CipherPtr, EVP_CIPHER_fetch> cache;
  return cache.get(name);
}

EVP_MAC* mac(std::string_view name) {
  [[maybe_unused]] static const bool init = init_before_static();
  static FetchCache<MacPtr, EVP_MAC_fetch> cache;
  return cache.get(name);
}

}  // namespace oakley::crypto::ossl
