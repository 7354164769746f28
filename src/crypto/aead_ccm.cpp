// CCM (RFC 3610) from OpenSSL's CBC and CTR modes of one block cipher (see ccm.hpp). The MAC input
// is B0 | encoded AAD length | AAD | zeros to a block | message | zeros to a block, CBC-encrypted
// with a zero IV; its last ciphertext block is T. The counter blocks are A_i = (L-1) | nonce | i:
// the message is encrypted from A_1 on, and the tag on the wire is T XOR E(A_0).
#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "crypto/ccm.hpp"
#include "crypto/evp_cipher_ctx.hpp"

namespace oakley::crypto::detail {

namespace {

constexpr std::size_t kBlock = 16;
using Block = std::array<std::uint8_t, kBlock>;

bool no_padding(EVP_CIPHER_CTX* ctx) {
  return EVP_CIPHER_CTX_set_padding(ctx, 0) == 1;
}

// Feeds the CBC-MAC chain and keeps only the last output block. Input arrives in pieces of any
// length; OpenSSL buffers partial blocks, and the caller pads every section to whole blocks.
class CbcMac {
 public:
  explicit CbcMac(EVP_CIPHER_CTX* ctx) : ctx_(ctx) {}
  ~CbcMac() { OPENSSL_cleanse(scratch_.data(), scratch_.size()); }

  bool start() {
    static const Block kZero{};
    return EVP_CipherInit_ex2(ctx_, nullptr, nullptr, kZero.data(), 1, nullptr) == 1;
  }

  bool feed(ByteView data) {
    while (!data.empty()) {
      const std::size_t n = std::min(data.size(), kChunk);
      int len = 0;
      if (EVP_CipherUpdate(ctx_, scratch_.data(), &len, data.data(), static_cast<int>(n)) != 1)
        return false;
      if (len >= static_cast<int>(kBlock))
        std::memcpy(last_.data(), scratch_.data() + len - kBlock, kBlock);
      data = data.subspan(n);
    }
    return true;
  }

  bool pad_to_block(std::size_t fed) {
    static const Block kZero{};
    const std::size_t rest = fed % kBlock;
    return rest == 0 || feed(ByteView(kZero).first(kBlock - rest));
  }

  const Block& last() const { return last_; }

 private:
  static constexpr std::size_t kChunk = 512;
  EVP_CIPHER_CTX* ctx_;
  std::array<std::uint8_t, kChunk + kBlock> scratch_{};
  Block last_{};
};

class Ccm final : public CcmEngine {
 public:
  Ccm(ossl::CipherCtxPtr cbc, ossl::CipherCtxPtr ctr, std::size_t tag, std::size_t nonce)
      : cbc_(std::move(cbc)), ctr_(std::move(ctr)), tag_(tag), nonce_(nonce), l_(15 - nonce) {}

  std::size_t tag_size() const override { return tag_; }

  bool seal(ByteView nonce, ByteView aad, MutableByteView data, MutableByteView tag) override {
    Block t;
    if (!sizes_ok(nonce, data.size(), tag.size()) || !mac(nonce, aad, data, t)) return false;
    if (!crypt(nonce, 1, data)) return false;
    bool ok = crypt(nonce, 0, MutableByteView(t).first(tag_));
    std::memcpy(tag.data(), t.data(), tag_);
    OPENSSL_cleanse(t.data(), t.size());
    return ok;
  }

  bool open(ByteView nonce, ByteView aad, MutableByteView data, ByteView tag) override {
    Block t;
    if (!sizes_ok(nonce, data.size(), tag.size()) || !crypt(nonce, 1, data) ||
        !mac(nonce, aad, data, t) || !crypt(nonce, 0, MutableByteView(t).first(tag_)))
      return false;
    const bool ok = CRYPTO_memcmp(t.data(), tag.data(), tag_) == 0;
    OPENSSL_cleanse(t.data(), t.size());
    return ok;
  }

 private:
  bool sizes_ok(ByteView nonce, std::size_t data_len, std::size_t tag_len) const {
    if (nonce.size() != nonce_ || tag_len != tag_) return false;
    // The message length must fit the L-byte length field (and the L-byte counter).
    return l_ >= 8 || data_len < (std::uint64_t{1} << (8 * l_));
  }

  // A_i or B0: flags | nonce | big-endian `value` in the last L bytes.
  Block block(std::uint8_t flags, ByteView nonce, std::uint64_t value) const {
    Block b{};
    b[0] = flags;
    std::memcpy(b.data() + 1, nonce.data(), nonce_);
    for (std::size_t i = 0; i < l_ && i < 8; ++i)
      b[kBlock - 1 - i] = static_cast<std::uint8_t>(value >> (8 * i));
    return b;
  }

  // RFC 3610 2.2: two bytes below 2^16 - 2^8, else 0xff 0xfe and four bytes (longer AAD is never
  // given to IKE or ESP).
  static std::size_t encode_aad_length(std::size_t len, std::uint8_t* out) {
    if (len < 0xff00) {
      out[0] = static_cast<std::uint8_t>(len >> 8);
      out[1] = static_cast<std::uint8_t>(len);
      return 2;
    }
    out[0] = 0xff;
    out[1] = 0xfe;
    store_be32(out + 2, static_cast<std::uint32_t>(len));
    return 6;
  }

  bool mac(ByteView nonce, ByteView aad, ByteView plain, Block& t) {
    const auto flags =
        static_cast<std::uint8_t>((aad.empty() ? 0 : 0x40) | ((tag_ - 2) / 2) << 3 | (l_ - 1));
    const Block b0 = block(flags, nonce, plain.size());
    CbcMac m(cbc_.get());
    bool ok = m.start() && m.feed(b0);
    if (ok && !aad.empty()) {
      std::uint8_t len[6];
      const std::size_t n = encode_aad_length(aad.size(), len);
      ok = m.feed({len, n}) && m.feed(aad) && m.pad_to_block(n + aad.size());
    }
    ok = ok && m.feed(plain) && m.pad_to_block(plain.size());
    t = m.last();
    return ok;
  }

  // XORs `data` with the keystream starting at counter block A_first.
  bool crypt(ByteView nonce, std::uint64_t first, MutableByteView data) {
    if (data.empty()) return true;
    const Block a = block(static_cast<std::uint8_t>(l_ - 1), nonce, first);
    int len = 0;
    EVP_CIPHER_CTX* ctx = ctr_.get();
    return EVP_CipherInit_ex2(ctx, nullptr, nullptr, a.data(), 1, nullptr) == 1 &&
           EVP_CipherUpdate(ctx, data.data(), &len, data.data(), static_cast<int>(data.size())) ==
               1;
  }

  ossl::CipherCtxPtr cbc_;
  ossl::CipherCtxPtr ctr_;
  std::size_t tag_;
  std::size_t nonce_;
  std::size_t l_;
};

std::string mode_name(const char* cipher, std::size_t key_len, const char* mode) {
  return std::string(cipher) + "-" + std::to_string(key_len * 8) + "-" + mode;
}

}  // namespace

Result<std::unique_ptr<CcmEngine>> CcmEngine::create(const char* cipher, ByteView key,
                                                     std::size_t tag, std::size_t nonce) {
  if (key.size() != 16 && key.size() != 24 && key.size() != 32)
    return make_error(std::string(cipher) + "-CCM needs a 16, 24 or 32-byte key, got " +
                      std::to_string(key.size()));
  if (tag < 4 || tag > 16 || tag % 2 != 0 || nonce < 7 || nonce > 13)
    return make_error("CCM: unsupported tag or nonce length");
  const std::string cbc_name = mode_name(cipher, key.size(), "CBC");
  const std::string ctr_name = mode_name(cipher, key.size(), "CTR");
  // Both contexts only ever encrypt: CBC-MAC and CTR are the same in both directions.
  auto cbc = make_cipher_pair(ossl::cipher(cbc_name), key, no_padding);
  auto ctr = make_cipher_pair(ossl::cipher(ctr_name), key, no_padding);
  if (!cbc || !ctr) return make_error(std::string(cipher) + "-CCM: cannot key " + cbc_name);
  return std::unique_ptr<CcmEngine>(
      std::make_unique<Ccm>(std::move(cbc->enc), std::move(ctr->enc), tag, nonce));
}

}  // namespace oakley::crypto::detail
