#include "crypto/ossl.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/provider.h>

#include <map>
#include <memory>
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
  // Not OPENSSL_init_crypto(0, ...): OpenSSL 3.0 returns early for options it has already seen,
  // and "no options" always counts as seen, so that call neither initialises the library nor
  // registers its exit-time cleanup. These are the options the first fetch would use anyway.
  return OPENSSL_init_crypto(
             OPENSSL_INIT_LOAD_CONFIG | OPENSSL_INIT_ADD_ALL_CIPHERS | OPENSSL_INIT_ADD_ALL_DIGESTS,
             nullptr) == 1;
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

// A provider loaded into the default library context, unloaded when the owner goes.
struct ProviderUnload {
  void operator()(OSSL_PROVIDER* p) const { OSSL_PROVIDER_unload(p); }
};
using ProviderPtr = std::unique_ptr<OSSL_PROVIDER, ProviderUnload>;

// Everything this file keeps for the life of the process, in one static so that the teardown
// order is fixed by member order rather than by which function happened to be called first:
// OpenSSL is initialised first (its exit-time cleanup then runs after this is destroyed), the
// providers are declared before the caches, so every cached object (a DES-CBC cipher comes
// from the legacy provider) is freed while the provider that made it is still loaded.
class Library {
 public:
  bool load_legacy_providers() {
    std::lock_guard lock(provider_mutex_);
    if (!legacy_) {
      // Loading any provider explicitly stops OpenSSL from loading "default" on demand, so
      // "default" is loaded too.
      if (!default_) default_.reset(OSSL_PROVIDER_load(nullptr, "default"));
      if (default_) legacy_.reset(OSSL_PROVIDER_load(nullptr, "legacy"));
      if (!legacy_) ERR_clear_error();
    }
    return init_ && legacy_ != nullptr;
  }

  const EVP_MD* md(std::string_view name) { return mds_.get(name); }
  const EVP_CIPHER* cipher(std::string_view name) { return ciphers_.get(name); }
  EVP_MAC* mac(std::string_view name) { return macs_.get(name); }

 private:
  // Members are destroyed in reverse order of declaration: keep this order.
  bool init_ = init_before_static();
  std::mutex provider_mutex_;
  ProviderPtr default_;
  ProviderPtr legacy_;
  FetchCache<MdPtr, EVP_MD_fetch> mds_;
  FetchCache<CipherPtr, EVP_CIPHER_fetch> ciphers_;
  FetchCache<MacPtr, EVP_MAC_fetch> macs_;
};

Library& library() {
  static Library lib;
  return lib;
}

}  // namespace

bool load_legacy_providers() {
  return library().load_legacy_providers();
}

const EVP_MD* md(std::string_view name) {
  return library().md(name);
}

const EVP_CIPHER* cipher(std::string_view name) {
  return library().cipher(name);
}

EVP_MAC* mac(std::string_view name) {
  return library().mac(name);
}

}  // namespace oakley::crypto::ossl
