// Combined-mode ciphers: AES-GCM (RFC 4106), AES-CCM (RFC 4309), ChaCha20-Poly1305 (RFC 7634),
// AES-GMAC (RFC 4543), Camellia-CCM (RFC 5529, composed in aead_ccm.cpp: OpenSSL 3.0 has no
// Camellia-CCM). The nonce is salt | 8-byte explicit IV; the salt is the tail of the key.
#include <openssl/core_names.h>
#include <openssl/crypto.h>

#include <array>
#include <cstring>
#include <optional>
#include <string>

#include "crypto/ccm.hpp"
#include "crypto/cipher.hpp"
#include "crypto/evp_cipher_ctx.hpp"

namespace oakley::crypto {

namespace {

constexpr std::size_t kIv = 8;

enum class Mode { kGcm, kCcm, kChacha, kGmac };

struct Params {
  Mode mode;
  std::size_t icv;
  std::size_t salt;
};

std::optional<Params> params_for(EncrId alg) {
  switch (alg) {
    case EncrId::kAesGcm8:
      return Params{Mode::kGcm, 8, 4};
    case EncrId::kAesGcm12:
      return Params{Mode::kGcm, 12, 4};
    case EncrId::kAesGcm16:
      return Params{Mode::kGcm, 16, 4};
    case EncrId::kAesCcm8:
      return Params{Mode::kCcm, 8, 3};
    case EncrId::kAesCcm12:
      return Params{Mode::kCcm, 12, 3};
    case EncrId::kAesCcm16:
      return Params{Mode::kCcm, 16, 3};
    case EncrId::kChacha20Poly1305:
      return Params{Mode::kChacha, 16, 4};
    case EncrId::kNullAuthAesGmac:
      return Params{Mode::kGmac, 16, 4};
    default:
      return std::nullopt;
  }
}

const char* cipher_name(Mode mode, std::size_t key_len) {
  if (mode == Mode::kChacha) return key_len == 32 ? "ChaCha20-Poly1305" : nullptr;
  const bool ccm = mode == Mode::kCcm;
  switch (key_len) {
    case 16:
      return ccm ? "AES-128-CCM" : "AES-128-GCM";
    case 24:
      return ccm ? "AES-192-CCM" : "AES-192-GCM";
    case 32:
      return ccm ? "AES-256-CCM" : "AES-256-GCM";
    default:
      return nullptr;
  }
}

bool set_tag(EVP_CIPHER_CTX* ctx, void* tag, std::size_t len) {
  return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(len), tag) == 1;
}

class EvpAead final : public Aead {
 public:
  EvpAead(detail::CipherPair ctx, Params p, ByteView salt) : ctx_(std::move(ctx)), p_(p) {
    std::memcpy(nonce_.data(), salt.data(), p.salt);
  }

  std::size_t iv_size() const override { return kIv; }
  std::size_t icv_size() const override { return p_.icv; }

  bool seal(ByteView iv, ByteView aad, MutableByteView data, MutableByteView icv) override {
    EVP_CIPHER_CTX* ctx = ctx_.enc.get();
    if (icv.size() != p_.icv || !set_nonce(ctx, iv) || !start(ctx, aad, data.size())) return false;
    int len = 0;
    std::uint8_t tail[16];
    return process(ctx, data) && EVP_CipherFinal_ex(ctx, tail, &len) == 1 &&
           EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, static_cast<int>(p_.icv), icv.data()) ==
               1;
  }

  bool open(ByteView iv, ByteView aad, MutableByteView data, ByteView icv) override {
    EVP_CIPHER_CTX* ctx = ctx_.dec.get();
    if (icv.size() != p_.icv || !set_nonce(ctx, iv)) return false;
    std::uint8_t tag[16];
    std::memcpy(tag, icv.data(), icv.size());
    // CCM checks the tag inside the data update, so it must be known before the data.
    if (p_.mode == Mode::kCcm)
      return set_tag(ctx, tag, icv.size()) && start(ctx, aad, data.size()) && process(ctx, data);
    int len = 0;
    std::uint8_t tail[16];
    return start(ctx, aad, data.size()) && process(ctx, data) && set_tag(ctx, tag, icv.size()) &&
           EVP_CipherFinal_ex(ctx, tail, &len) == 1;
  }

 private:
  bool set_nonce(EVP_CIPHER_CTX* ctx, ByteView iv) {
    if (iv.size() != kIv) return false;
    std::memcpy(nonce_.data() + p_.salt, iv.data(), kIv);
    return EVP_CipherInit_ex2(ctx, nullptr, nullptr, nonce_.data(), -1, nullptr) == 1;
  }

  // Associated data, after CCM's up-front message length.
  bool start(EVP_CIPHER_CTX* ctx, ByteView aad, std::size_t data_len) {
    int len = 0;
    if (p_.mode == Mode::kCcm &&
        EVP_CipherUpdate(ctx, nullptr, &len, nullptr, static_cast<int>(data_len)) != 1)
      return false;
    return aad.empty() ||
           EVP_CipherUpdate(ctx, nullptr, &len, aad.data(), static_cast<int>(aad.size())) == 1;
  }

  // GMAC authenticates the payload as more AAD and leaves it in the clear.
  bool process(EVP_CIPHER_CTX* ctx, MutableByteView data) {
    int len = 0;
    if (data.empty()) return p_.mode != Mode::kCcm || ccm_empty(ctx);
    std::uint8_t* out = p_.mode == Mode::kGmac ? nullptr : data.data();
    return EVP_CipherUpdate(ctx, out, &len, data.data(), static_cast<int>(data.size())) == 1;
  }

  // CCM needs one (empty) data call to produce or check the tag when there is no payload.
  static bool ccm_empty(EVP_CIPHER_CTX* ctx) {
    int len = 0;
    std::uint8_t dummy = 0;
    return EVP_CipherUpdate(ctx, &dummy, &len, &dummy, 0) == 1;
  }

  detail::CipherPair ctx_;
  Params p_;
  std::array<std::uint8_t, 12> nonce_{};
};

// Camellia-CCM: the nonce is the 3-byte salt | 8-byte IV, as for AES-CCM (RFC 5529 4.1).
class ComposedCcm final : public Aead {
 public:
  ComposedCcm(std::unique_ptr<detail::CcmEngine> ccm, ByteView salt) : ccm_(std::move(ccm)) {
    std::memcpy(nonce_.data(), salt.data(), kSalt);
  }
  std::size_t iv_size() const override { return kIv; }
  std::size_t icv_size() const override { return ccm_->tag_size(); }
  bool seal(ByteView iv, ByteView aad, MutableByteView data, MutableByteView icv) override {
    return set_iv(iv) && ccm_->seal(nonce_, aad, data, icv);
  }
  bool open(ByteView iv, ByteView aad, MutableByteView data, ByteView icv) override {
    return set_iv(iv) && ccm_->open(nonce_, aad, data, icv);
  }

 private:
  static constexpr std::size_t kSalt = 3;
  bool set_iv(ByteView iv) {
    if (iv.size() != kIv) return false;
    std::memcpy(nonce_.data() + kSalt, iv.data(), kIv);
    return true;
  }
  std::unique_ptr<detail::CcmEngine> ccm_;
  std::array<std::uint8_t, kSalt + kIv> nonce_{};
};

std::optional<std::size_t> camellia_ccm_icv(EncrId alg) {
  switch (alg) {
    case EncrId::kCamelliaCcm8:
      return 8;
    case EncrId::kCamelliaCcm12:
      return 12;
    case EncrId::kCamelliaCcm16:
      return 16;
    default:
      return std::nullopt;
  }
}

Result<std::unique_ptr<Aead>> make_camellia_ccm(EncrId alg, std::size_t icv,
                                                ByteView key_and_salt) {
  if (key_and_salt.size() < 3)
    return make_error(std::string(encr_name(alg)) + ": key material too short");
  auto ccm =
      detail::CcmEngine::create("CAMELLIA", key_and_salt.first(key_and_salt.size() - 3), icv, 11);
  if (!ccm) return make_error(std::string(encr_name(alg)) + ": " + ccm.error().message);
  return std::unique_ptr<Aead>(
      std::make_unique<ComposedCcm>(std::move(ccm).value(), key_and_salt.last(3)));
}

Result<detail::CipherPair> keyed_pair(const char* name, const Params& p, ByteView key) {
  return detail::make_cipher_pair(ossl::cipher(name), key, [&](EVP_CIPHER_CTX* ctx) {
    if (p.mode != Mode::kCcm) return true;
    return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, 11, nullptr) == 1 &&
           EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(p.icv), nullptr) == 1;
  });
}

}  // namespace

Result<std::unique_ptr<Aead>> Aead::create(EncrId alg, ByteView key_and_salt) {
  if (auto icv = camellia_ccm_icv(alg)) return make_camellia_ccm(alg, *icv, key_and_salt);
  auto p = params_for(alg);
  if (!p)
    return make_error(std::string(encr_name(alg)) + " (" + std::to_string(static_cast<int>(alg)) +
                      ") is not a supported combined-mode cipher");
  const std::size_t key_len = key_and_salt.size() > p->salt ? key_and_salt.size() - p->salt : 0;
  const char* name = cipher_name(p->mode, key_len);
  if (name == nullptr)
    return make_error(std::string(encr_name(alg)) + ": key material of " +
                      std::to_string(key_and_salt.size()) + " bytes is not a key plus a " +
                      std::to_string(p->salt) + "-byte salt");
  auto ctx = keyed_pair(name, *p, key_and_salt.first(key_len));
  if (!ctx) return make_error(std::string(name) + ": " + ctx.error().message);
  return std::unique_ptr<Aead>(
      std::make_unique<EvpAead>(std::move(ctx).value(), *p, key_and_salt.last(p->salt)));
}

}  // namespace oakley::crypto
