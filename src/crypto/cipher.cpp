// Non-AEAD ciphers: AES-CBC, AES-CTR (RFC 3686), 3DES-CBC, DES-CBC (legacy), NULL.
#include "crypto/cipher.hpp"

#include <array>
#include <cstring>
#include <string>

#include "crypto/evp_cipher_ctx.hpp"

namespace oakley::crypto {

namespace {

class NullCipher final : public Cipher {
 public:
  std::size_t block_size() const override { return 1; }
  std::size_t iv_size() const override { return 0; }
  bool encrypt(ByteView iv, MutableByteView) override { return iv.empty(); }
  bool decrypt(ByteView iv, MutableByteView) override { return iv.empty(); }
};

// CBC modes: the IV on the wire is the CBC IV; no padding (ESP and IKE pad themselves).
class CbcCipher final : public Cipher {
 public:
  CbcCipher(detail::CipherPair ctx, std::size_t block) : ctx_(std::move(ctx)), block_(block) {}
  std::size_t block_size() const override { return block_; }
  std::size_t iv_size() const override { return block_; }
  bool encrypt(ByteView iv, MutableByteView data) override { return run(ctx_.enc.get(), iv, data); }
  bool decrypt(ByteView iv, MutableByteView data) override { return run(ctx_.dec.get(), iv, data); }

 private:
  bool run(EVP_CIPHER_CTX* ctx, ByteView iv, MutableByteView data) {
    if (iv.size() != block_ || data.size() % block_ != 0) return false;
    int len = 0;
    return EVP_CipherInit_ex2(ctx, nullptr, nullptr, iv.data(), -1, nullptr) == 1 &&
           (data.empty() || EVP_CipherUpdate(ctx, data.data(), &len, data.data(),
                                             static_cast<int>(data.size())) == 1);
  }
  detail::CipherPair ctx_;
  std::size_t block_;
};

// RFC 3686: counter block = nonce (last 4 key bytes) | IV (8) | 0x00000001.
class CtrCipher final : public Cipher {
 public:
  CtrCipher(detail::CipherPair ctx, ByteView nonce) : ctx_(std::move(ctx)) {
    std::memcpy(block_.data(), nonce.data(), 4);
    block_[15] = 1;
  }
  std::size_t block_size() const override { return 1; }
  std::size_t iv_size() const override { return 8; }
  bool encrypt(ByteView iv, MutableByteView data) override { return run(iv, data); }
  bool decrypt(ByteView iv, MutableByteView data) override { return run(iv, data); }

 private:
  bool run(ByteView iv, MutableByteView data) {
    if (iv.size() != 8) return false;
    std::memcpy(block_.data() + 4, iv.data(), 8);
    int len = 0;
    EVP_CIPHER_CTX* ctx = ctx_.enc.get();
    return EVP_CipherInit_ex2(ctx, nullptr, nullptr, block_.data(), -1, nullptr) == 1 &&
           (data.empty() || EVP_CipherUpdate(ctx, data.data(), &len, data.data(),
                                             static_cast<int>(data.size())) == 1);
  }
  detail::CipherPair ctx_;
  std::array<std::uint8_t, 16> block_{};
};

const char* aes_name(std::size_t key_len, bool ctr) {
  switch (key_len) {
    case 16:
      return ctr ? "AES-128-CTR" : "AES-128-CBC";
    case 24:
      return ctr ? "AES-192-CTR" : "AES-192-CBC";
    case 32:
      return ctr ? "AES-256-CTR" : "AES-256-CBC";
    default:
      return nullptr;
  }
}

bool no_padding(EVP_CIPHER_CTX* ctx) {
  return EVP_CIPHER_CTX_set_padding(ctx, 0) == 1;
}

Result<std::unique_ptr<Cipher>> make_cbc(const char* name, ByteView key, std::size_t block) {
  auto ctx = detail::make_cipher_pair(ossl::cipher(name), key, no_padding);
  if (!ctx) return make_error(std::string(name) + ": " + ctx.error().message);
  return std::unique_ptr<Cipher>(std::make_unique<CbcCipher>(std::move(ctx).value(), block));
}

Result<std::unique_ptr<Cipher>> make_ctr(ByteView key) {
  const char* name = key.size() > 4 ? aes_name(key.size() - 4, true) : nullptr;
  if (name == nullptr)
    return make_error("AES-CTR needs a 16/24/32-byte key plus a 4-byte nonce, got " +
                      std::to_string(key.size()) + " bytes");
  auto ctx = detail::make_cipher_pair(ossl::cipher(name), key.first(key.size() - 4), no_padding);
  if (!ctx) return make_error(std::string(name) + ": " + ctx.error().message);
  return std::unique_ptr<Cipher>(std::make_unique<CtrCipher>(std::move(ctx).value(), key.last(4)));
}

Error wrong_key(std::string_view what, std::size_t want, std::size_t got) {
  return make_error(std::string(what) + " needs a " + std::to_string(want) + "-byte key, got " +
                    std::to_string(got));
}

}  // namespace

Result<std::unique_ptr<Cipher>> Cipher::create(EncrId alg, ByteView key) {
  switch (alg) {
    case EncrId::kNull:
      if (!key.empty()) return wrong_key("ENCR_NULL", 0, key.size());
      return std::unique_ptr<Cipher>(std::make_unique<NullCipher>());
    case EncrId::kAesCbc: {
      const char* name = aes_name(key.size(), false);
      if (name == nullptr)
        return make_error("AES-CBC needs a 16, 24 or 32-byte key, got " +
                          std::to_string(key.size()));
      return make_cbc(name, key, 16);
    }
    case EncrId::kAesCtr:
      return make_ctr(key);
    case EncrId::k3Des:
      if (key.size() != 24) return wrong_key("3DES-CBC", 24, key.size());
      return make_cbc("DES-EDE3-CBC", key, 8);
    case EncrId::kDes:
      if (!legacy_des_enabled())
        return make_error(
            "ENCR_DES (single DES) is disabled: it is broken; enable legacy DES in the "
            "configuration to use it with an old peer");
      if (key.size() != 8) return wrong_key("DES-CBC", 8, key.size());
      return make_cbc("DES-CBC", key, 8);
    default:
      if (is_aead(alg))
        return make_error(std::string(encr_name(alg)) + " is a combined-mode cipher: use Aead");
      return make_error("unsupported encryption transform " +
                        std::to_string(static_cast<int>(alg)));
  }
}

}  // namespace oakley::crypto
