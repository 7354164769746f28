// HMAC and AES-CMAC through EVP_MAC: the context is keyed once; EVP_MAC_init with a NULL key
// restarts it for the next message from the stored key state.
#include <openssl/core_names.h>
#include <openssl/params.h>

#include "crypto/mac_engine.hpp"
#include "crypto/ossl.hpp"

namespace oakley::crypto::detail {

namespace {

const char* digest_name(HashAlg alg) {
  switch (alg) {
    case HashAlg::kMd5:
      return "MD5";
    case HashAlg::kSha1:
      return "SHA1";
    case HashAlg::kSha256:
      return "SHA256";
    case HashAlg::kSha384:
      return "SHA384";
    case HashAlg::kSha512:
      return "SHA512";
  }
  return "";
}

class EvpMac final : public MacEngine {
 public:
  EvpMac(ossl::MacCtxPtr ctx, std::size_t size) : ctx_(std::move(ctx)), size_(size) {}
  std::size_t size() const override { return size_; }

  bool compute(std::initializer_list<ByteView> parts, std::uint8_t* out) override {
    if (EVP_MAC_init(ctx_.get(), nullptr, 0, nullptr) != 1) return fail();
    for (ByteView p : parts)
      if (!p.empty() && EVP_MAC_update(ctx_.get(), p.data(), p.size()) != 1) return fail();
    std::size_t len = 0;
    if (EVP_MAC_final(ctx_.get(), out, &len, size_) != 1 || len != size_) return fail();
    return true;
  }

 private:
  static bool fail() {
    ossl::clear_errors();
    return false;
  }
  ossl::MacCtxPtr ctx_;
  std::size_t size_;
};

Result<std::unique_ptr<MacEngine>> make_evp_mac(const char* mac_name, const OSSL_PARAM* params,
                                                ByteView key) {
  EVP_MAC* mac = ossl::mac(mac_name);
  if (mac == nullptr) return make_error(std::string(mac_name) + " is not available in OpenSSL");
  ossl::MacCtxPtr ctx(EVP_MAC_CTX_new(mac));
  // An empty key still needs a non-null pointer: NULL means "keep the previous key".
  static const std::uint8_t kEmpty = 0;
  const std::uint8_t* key_ptr = key.empty() ? &kEmpty : key.data();
  if (!ctx || EVP_MAC_init(ctx.get(), key_ptr, key.size(), params) != 1)
    return ossl::error(std::string("cannot key ") + mac_name);
  std::size_t size = EVP_MAC_CTX_get_mac_size(ctx.get());
  return std::unique_ptr<MacEngine>(std::make_unique<EvpMac>(std::move(ctx), size));
}

}  // namespace

Result<std::unique_ptr<MacEngine>> make_hmac(HashAlg alg, ByteView key) {
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                                          const_cast<char*>(digest_name(alg)), 0),
                         OSSL_PARAM_construct_end()};
  return make_evp_mac("HMAC", params, key);
}

Result<std::unique_ptr<MacEngine>> make_aes_cmac(ByteView key) {
  if (key.size() != 16) return make_error("AES-CMAC needs a 16-byte key");
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, const_cast<char*>("AES-128-CBC"), 0),
      OSSL_PARAM_construct_end()};
  return make_evp_mac("CMAC", params, key);
}

}  // namespace oakley::crypto::detail
