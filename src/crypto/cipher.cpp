// Non-AEAD ciphers: AES-CBC, AES-CTR (RFC 3686), Camellia-CBC and -CTR (RFC 5529, RFC 5528),
// 3DES-CBC, and from the legacy provider DES-CBC, Blowfish-CBC and CAST-128-CBC (RFC 2451); NULL.
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

// RFC 3686 (AES), RFC 5528 (Camellia): counter block = nonce (last 4 key bytes) | IV (8) |
// 0x00000001.
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

// OpenSSL's name of the AES or Camellia cipher in `mode` ("CBC", "CTR") for a key of key_len
// bytes; nullptr for other key lengths.
const char* block_cipher_name(bool camellia, std::size_t key_len, bool ctr) {
  static constexpr const char* kNames[2][3][2] = {
      {{"AES-128-CBC", "AES-128-CTR"},
       {"AES-192-CBC", "AES-192-CTR"},
       {"AES-256-CBC", "AES-256-CTR"}},
      {{"CAMELLIA-128-CBC", "CAMELLIA-128-CTR"},
       {"CAMELLIA-192-CBC", "CAMELLIA-192-CTR"},
       {"CAMELLIA-256-CBC", "CAMELLIA-256-CTR"}},
  };
  if (key_len != 16 && key_len != 24 && key_len != 32) return nullptr;
  return kNames[camellia ? 1 : 0][(key_len - 16) / 8][ctr ? 1 : 0];
}

bool no_padding(EVP_CIPHER_CTX* ctx) {
  return EVP_CIPHER_CTX_set_padding(ctx, 0) == 1;
}

Result<std::unique_ptr<Cipher>> make_cbc(const char* name, ByteView key, std::size_t block) {
  auto ctx = detail::make_cipher_pair(ossl::cipher(name), key, no_padding);
  if (!ctx) return make_error(std::string(name) + ": " + ctx.error().message);
  return std::unique_ptr<Cipher>(std::make_unique<CbcCipher>(std::move(ctx).value(), block));
}

// AES or Camellia in CBC mode with a 16, 24 or 32-byte key.
Result<std::unique_ptr<Cipher>> make_block_cbc(EncrId alg, ByteView key) {
  const char* name = block_cipher_name(alg == EncrId::kCamelliaCbc, key.size(), false);
  if (name == nullptr)
    return make_error(std::string(encr_name(alg)) + " needs a 16, 24 or 32-byte key, got " +
                      std::to_string(key.size()));
  return make_cbc(name, key, 16);
}

// Blowfish takes 40 to 448-bit keys (RFC 2451), so its key length is set before the key.
Result<std::unique_ptr<Cipher>> make_blowfish(ByteView key) {
  if (key.size() < 5 || key.size() > 56)
    return make_error("BLOWFISH_CBC needs a 5 to 56-byte key, got " + std::to_string(key.size()));
  auto ctx = detail::make_cipher_pair(ossl::cipher("BF-CBC"), key, [&](EVP_CIPHER_CTX* c) {
    return no_padding(c) && EVP_CIPHER_CTX_set_key_length(c, static_cast<int>(key.size())) == 1;
  });
  if (!ctx) return make_error(std::string("BF-CBC: ") + ctx.error().message);
  return std::unique_ptr<Cipher>(std::make_unique<CbcCipher>(std::move(ctx).value(), 8));
}

Result<std::unique_ptr<Cipher>> make_ctr(EncrId alg, ByteView key) {
  const bool camellia = alg == EncrId::kCamelliaCtr;
  const char* name = key.size() > 4 ? block_cipher_name(camellia, key.size() - 4, true) : nullptr;
  if (name == nullptr)
    return make_error(std::string(encr_name(alg)) +
                      " needs a 16/24/32-byte key plus a 4-byte nonce, got " +
                      std::to_string(key.size()) + " bytes");
  auto ctx = detail::make_cipher_pair(ossl::cipher(name), key.first(key.size() - 4), no_padding);
  if (!ctx) return make_error(std::string(name) + ": " + ctx.error().message);
  return std::unique_ptr<Cipher>(std::make_unique<CtrCipher>(std::move(ctx).value(), key.last(4)));
}

Error wrong_key(std::string_view what, std::size_t want, std::size_t got) {
  return make_error(std::string(what) + " needs a " + std::to_string(want) + "-byte key, got " +
                    std::to_string(got));
}

Error legacy_disabled(EncrId alg) {
  return make_error(std::string(encr_name(alg)) +
                    " is disabled: it is weak and needs OpenSSL's legacy provider; list it in "
                    "oakley.legacy_ciphers to use it with an old peer");
}

Result<std::unique_ptr<Cipher>> make_legacy(EncrId alg, ByteView key) {
  if (!legacy_cipher_enabled(alg)) return legacy_disabled(alg);
  switch (alg) {
    case EncrId::kDes:
      if (key.size() != 8) return wrong_key("DES-CBC", 8, key.size());
      return make_cbc("DES-CBC", key, 8);
    case EncrId::kCast:
      // CAST-128 in IKE and ESP always has a 128-bit key (RFC 2451 allows 40 to 128).
      if (key.size() != 16) return wrong_key("CAST_CBC", 16, key.size());
      return make_cbc("CAST5-CBC", key, 8);
    default:
      return make_blowfish(key);
  }
}

}  // namespace

Result<std::unique_ptr<Cipher>> Cipher::create(EncrId alg, ByteView key) {
  switch (alg) {
    case EncrId::kNull:
      if (!key.empty()) return wrong_key("ENCR_NULL", 0, key.size());
      return std::unique_ptr<Cipher>(std::make_unique<NullCipher>());
    case EncrId::kAesCbc:
    case EncrId::kCamelliaCbc:
      return make_block_cbc(alg, key);
    case EncrId::kAesCtr:
    case EncrId::kCamelliaCtr:
      return make_ctr(alg, key);
    case EncrId::k3Des:
      if (key.size() != 24) return wrong_key("3DES-CBC", 24, key.size());
      return make_cbc("DES-EDE3-CBC", key, 8);
    case EncrId::kDes:
    case EncrId::kBlowfish:
    case EncrId::kCast:
      return make_legacy(alg, key);
    default:
      if (is_aead(alg))
        return make_error(std::string(encr_name(alg)) + " is a combined-mode cipher: use Aead");
      return make_error("unsupported encryption transform " +
                        std::to_string(static_cast<int>(alg)));
  }
}

}  // namespace oakley::crypto
