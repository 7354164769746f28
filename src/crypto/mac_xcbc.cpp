// AES-XCBC-MAC (RFC 3566). OpenSSL has no XCBC MAC, so the mode is composed from OpenSSL's AES:
// K1/K2/K3 are AES-ECB encryptions of constant blocks under the user key, and the chaining is
// AES-CBC under K1 with a zero IV. The last block is XORed with K2 (complete) or padded with
// 10..0 and XORed with K3 before it goes through the same CBC chain, so the last CBC output
// block is the MAC.
#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "crypto/mac_engine.hpp"
#include "crypto/ossl.hpp"

namespace oakley::crypto::detail {

namespace {

constexpr std::size_t kBlock = 16;
using Block = std::array<std::uint8_t, kBlock>;

bool aes_ecb_block(ByteView key, std::uint8_t fill, Block& out) {
  ossl::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  Block in;
  in.fill(fill);
  int len = 0;
  return ctx &&
         EVP_EncryptInit_ex2(ctx.get(), ossl::cipher("AES-128-ECB"), key.data(), nullptr,
                             nullptr) == 1 &&
         EVP_CIPHER_CTX_set_padding(ctx.get(), 0) == 1 &&
         EVP_EncryptUpdate(ctx.get(), out.data(), &len, in.data(), kBlock) == 1 && len == kBlock;
}

class Xcbc final : public MacEngine {
 public:
  ~Xcbc() override {
    OPENSSL_cleanse(k2_.data(), kBlock);
    OPENSSL_cleanse(k3_.data(), kBlock);
  }

  static Result<std::unique_ptr<MacEngine>> create(ByteView key) {
    if (key.size() != kBlock) return make_error("AES-XCBC needs a 16-byte key");
    auto x = std::make_unique<Xcbc>();
    Block k1;
    bool ok = aes_ecb_block(key, 0x01, k1) && aes_ecb_block(key, 0x02, x->k2_) &&
              aes_ecb_block(key, 0x03, x->k3_);
    x->cbc_.reset(EVP_CIPHER_CTX_new());
    ok = ok && x->cbc_ &&
         EVP_EncryptInit_ex2(x->cbc_.get(), ossl::cipher("AES-128-CBC"), k1.data(), nullptr,
                             nullptr) == 1 &&
         EVP_CIPHER_CTX_set_padding(x->cbc_.get(), 0) == 1;
    OPENSSL_cleanse(k1.data(), kBlock);
    if (!ok) return ossl::error("cannot key AES-XCBC");
    return std::unique_ptr<MacEngine>(std::move(x));
  }

  std::size_t size() const override { return kBlock; }

  bool compute(std::initializer_list<ByteView> parts, std::uint8_t* out) override {
    static const Block kZeroIv{};
    if (EVP_EncryptInit_ex2(cbc_.get(), nullptr, nullptr, kZeroIv.data(), nullptr) != 1)
      return false;
    pending_ = 0;
    for (ByteView p : parts)
      if (!absorb(p)) return false;
    return finish(out);
  }

 private:
  // Keeps the last (possibly complete) block back: only the final block gets the K2/K3 tweak.
  bool absorb(ByteView data) {
    while (!data.empty()) {
      if (pending_ == kBlock) {
        if (!chain(last_.data(), kBlock)) return false;
        pending_ = 0;
      }
      if (pending_ == 0 && data.size() > kBlock) {
        std::size_t bulk = (data.size() - 1) / kBlock * kBlock;
        if (!chain(data.data(), bulk)) return false;
        data = data.subspan(bulk);
      }
      std::size_t take = std::min(kBlock - pending_, data.size());
      std::memcpy(last_.data() + pending_, data.data(), take);
      pending_ += take;
      data = data.subspan(take);
    }
    return true;
  }

  bool finish(std::uint8_t* out) {
    const Block& tweak = pending_ == kBlock ? k2_ : k3_;
    if (pending_ < kBlock) {
      last_[pending_] = 0x80;
      std::fill(last_.begin() + static_cast<std::ptrdiff_t>(pending_) + 1, last_.end(), 0);
    }
    for (std::size_t i = 0; i < kBlock; ++i)
      last_[i] ^= tweak[i];
    int len = 0;
    return EVP_EncryptUpdate(cbc_.get(), out, &len, last_.data(), kBlock) == 1 && len == kBlock;
  }

  // Runs whole blocks through the CBC chain; only the chaining state matters, not the output.
  bool chain(const std::uint8_t* in, std::size_t n) {
    std::uint8_t scratch[256];
    while (n > 0) {
      std::size_t step = std::min(n, sizeof scratch);
      int len = 0;
      if (EVP_EncryptUpdate(cbc_.get(), scratch, &len, in, static_cast<int>(step)) != 1)
        return false;
      in += step;
      n -= step;
    }
    return true;
  }

  ossl::CipherCtxPtr cbc_;
  Block k2_{}, k3_{}, last_{};
  std::size_t pending_ = 0;
};

}  // namespace

Result<std::unique_ptr<MacEngine>> make_aes_xcbc(ByteView key) {
  return Xcbc::create(key);
}

}  // namespace oakley::crypto::detail
