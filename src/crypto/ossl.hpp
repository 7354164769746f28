// Internal to src/crypto: RAII owners for OpenSSL objects, error conversion, and algorithm objects
// fetched once per process (a provider fetch per call costs more than hashing a short message).
#pragma once

#include <openssl/evp.h>

#include <memory>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace oakley::crypto::ossl {

template <auto Fn>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Fn(p);
  }
};

using MdPtr = std::unique_ptr<EVP_MD, Deleter<EVP_MD_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using CipherPtr = std::unique_ptr<EVP_CIPHER, Deleter<EVP_CIPHER_free>>;
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX_free>>;
using MacPtr = std::unique_ptr<EVP_MAC, Deleter<EVP_MAC_free>>;
using MacCtxPtr = std::unique_ptr<EVP_MAC_CTX, Deleter<EVP_MAC_CTX_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;

// "what: <OpenSSL's reason>"; drains OpenSSL's thread error queue so it does not leak into
// unrelated later calls.
Error error(std::string_view what);
// Drops queued OpenSSL errors after a failure that the caller reports in its own words.
void clear_errors();

// Initialises OpenSSL (which registers its exit-time cleanup). Call it before constructing a
// static that owns OpenSSL objects: statics are destroyed in reverse order of construction, so
// the static is then freed before OpenSSL cleans up. Returns true.
bool init_before_static();

// Loads OpenSSL's legacy provider (and "default", which an explicit load would otherwise stop
// OpenSSL from loading on demand) for the rest of the process. Both are unloaded at exit, after
// the objects cached below are freed. False when the legacy provider is unavailable.
bool load_legacy_providers();

// Process-lifetime algorithm objects from the default library context; nullptr if unavailable.
const EVP_MD* md(std::string_view name);          // "MD5", "SHA1", "SHA256", ...
const EVP_CIPHER* cipher(std::string_view name);  // "AES-128-CBC", "ChaCha20-Poly1305", ...
EVP_MAC* mac(std::string_view name);              // "HMAC", "CMAC"

}  // namespace oakley::crypto::ossl
