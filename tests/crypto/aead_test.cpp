// Combined-mode ciphers. Sources: McGrew & Viega GCM spec test cases (ICV 8/12/16) via strongswan
// test_vectors aes_gcm.json; strongSwan/NIST CCM vectors (ICV 8/12/16) via aes_ccm.json; RFC 7539
// section 2.8.2 and RFC 7634 appendices A (ESP) and B (IKEv2) via chacha20poly1305.json and
// libcharon/ikev2_chacha20poly1305_message.json.
#include "crypto/cipher.hpp"
#include "crypto/vectors.hpp"

namespace oakley::crypto {
namespace {

using test::hex;

std::optional<EncrId> aead_from_name(const std::string& name) {
  if (name == "ENCR_AES_GCM_ICV8") return EncrId::kAesGcm8;
  if (name == "ENCR_AES_GCM_ICV12") return EncrId::kAesGcm12;
  if (name == "ENCR_AES_GCM_ICV16") return EncrId::kAesGcm16;
  if (name == "ENCR_AES_CCM_ICV8") return EncrId::kAesCcm8;
  if (name == "ENCR_AES_CCM_ICV12") return EncrId::kAesCcm12;
  if (name == "ENCR_AES_CCM_ICV16") return EncrId::kAesCcm16;
  if (name == "ENCR_CHACHA20_POLY1305") return EncrId::kChacha20Poly1305;
  return std::nullopt;
}

struct Case {
  std::string name;
  EncrId id;
  Bytes key, iv, aad, plain, cipher, icv;
};

Case read_case(const nlohmann::json& v) {
  Case c{v["name"],
         *aead_from_name(v["alg"]),
         hex(v, "key"),
         hex(v, "iv"),
         hex(v, "adata"),
         hex(v, "plain"),
         {},
         {}};
  const std::size_t key_size = v["key_size"], salt_size = v["salt_size"];
  c.key.resize(key_size + salt_size);  // the literal may carry extra bytes (aes_ccm15)
  c.aad.resize(v.value("alen", 0));
  c.plain.resize(v.value("len", 0));
  Bytes all = hex(v, "cipher");
  c.cipher.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(c.plain.size()));
  c.icv.assign(all.begin() + static_cast<std::ptrdiff_t>(c.plain.size()), all.end());
  return c;
}

void check_case(const Case& c) {
  auto aead = Aead::create(c.id, c.key);
  ASSERT_TRUE(aead.ok()) << c.name << ": " << aead.error().message;
  ASSERT_EQ((*aead)->icv_size(), c.icv.size()) << c.name;
  Bytes data = c.plain, icv(c.icv.size());
  ASSERT_TRUE((*aead)->seal(c.iv, c.aad, data, icv)) << c.name;
  EXPECT_EQ(to_hex(data), to_hex(c.cipher)) << c.name;
  EXPECT_EQ(to_hex(icv), to_hex(c.icv)) << c.name;
  ASSERT_TRUE((*aead)->open(c.iv, c.aad, data, icv)) << c.name;
  EXPECT_EQ(to_hex(data), to_hex(c.plain)) << c.name;

  // A flipped bit in the tag, the ciphertext or the AAD must fail, and the context must still
  // open the genuine packet afterwards.
  Bytes bad_icv = c.icv;
  bad_icv[0] ^= 0x80;
  Bytes sealed = c.cipher;
  EXPECT_FALSE((*aead)->open(c.iv, c.aad, sealed, bad_icv)) << c.name << " tampered tag accepted";
  if (!sealed.empty()) {
    sealed = c.cipher;
    sealed.back() ^= 1;
    EXPECT_FALSE((*aead)->open(c.iv, c.aad, sealed, c.icv)) << c.name;
  }
  if (!c.aad.empty()) {
    Bytes bad_aad = c.aad;
    bad_aad[0] ^= 1;
    sealed = c.cipher;
    EXPECT_FALSE((*aead)->open(c.iv, bad_aad, sealed, c.icv)) << c.name;
  }
  sealed = c.cipher;
  EXPECT_TRUE((*aead)->open(c.iv, c.aad, sealed, c.icv)) << c.name << " after a failure";
  EXPECT_EQ(to_hex(sealed), to_hex(c.plain)) << c.name;
}

int run_file(const std::string& file) {
  int ran = 0;
  auto json = test::load_vectors(file);
  for (const auto& v : json["vectors"]) {
    check_case(read_case(v));
    ++ran;
  }
  return ran;
}

TEST(Aead, AesGcm) {
  EXPECT_EQ(run_file("strongswan/test_vectors/aes_gcm.json"), 21);
}
TEST(Aead, AesCcm) {
  EXPECT_EQ(run_file("strongswan/test_vectors/aes_ccm.json"), 16);
}
TEST(Aead, Chacha20Poly1305) {
  EXPECT_EQ(run_file("strongswan/test_vectors/chacha20poly1305.json"), 4);
}

// RFC 7634 appendix B: the encrypted IKEv2 INFORMATIONAL message, rebuilt byte for byte.
TEST(Aead, Rfc7634IkeMessage) {
  auto j = test::load_vectors("strongswan/libcharon/ikev2_chacha20poly1305_message.json");
  const auto& in = j["inputs"];
  Bytes expected = hex(j, "expected_message_hex");
  Bytes plain = hex(j, "expected_sk_plaintext_hex");
  Bytes iv = hex(in, "iv_hex");
  auto aead = Aead::create(EncrId::kChacha20Poly1305, hex(in, "sk_key_with_salt_hex"));
  ASSERT_TRUE(aead.ok());
  // AAD = IKE header (28) | SK payload header (4); then IV | ciphertext | ICV.
  ByteView aad = ByteView(expected).first(32);
  Bytes data = plain, icv(16);
  ASSERT_TRUE((*aead)->seal(iv, aad, data, icv));
  EXPECT_EQ(to_hex(concat({aad, iv, data, icv})), to_hex(expected));
}

// ENCR_NULL_AUTH_AES_GMAC: expected tags computed here with Python `cryptography` AESGCM
// (nonce = salt | IV, associated data = aad | payload, empty plaintext).
TEST(Aead, GmacAuthenticatesWithoutEncrypting) {
  Bytes key =
      hex("000102030405060708090a0b0c0d0e0f"
          "a0a1a2a3");
  Bytes iv = hex("1011121314151617");
  Bytes aad = hex("0000abcd00000001");
  Bytes payload = hex("45000054a6f200004001e778c6336405c000020508005b7a");
  auto aead = Aead::create(EncrId::kNullAuthAesGmac, key);
  ASSERT_TRUE(aead.ok());
  Bytes data = payload, icv(16);
  ASSERT_TRUE((*aead)->seal(iv, aad, data, icv));
  EXPECT_EQ(to_hex(data), to_hex(payload));
  EXPECT_EQ(to_hex(icv), "f287cc766569d0bc4c5aec85e58641b5");
  EXPECT_TRUE((*aead)->open(iv, aad, data, icv));
  data[3] ^= 1;
  EXPECT_FALSE((*aead)->open(iv, aad, data, icv));
}

TEST(Aead, BadSizesRejected) {
  EXPECT_FALSE(Aead::create(EncrId::kAesGcm16, Bytes(16)).ok());  // salt missing
  EXPECT_FALSE(Aead::create(EncrId::kAesCcm8, Bytes(20)).ok());   // CCM salt is 3
  EXPECT_FALSE(Aead::create(EncrId::kChacha20Poly1305, Bytes(32)).ok());
  EXPECT_FALSE(Aead::create(EncrId::kAesCbc, Bytes(16)).ok());  // not AEAD
  auto aead = Aead::create(EncrId::kAesGcm8, Bytes(20));
  ASSERT_TRUE(aead.ok());
  Bytes data(10), icv8(8), icv16(16), iv(8), short_iv(4);
  EXPECT_FALSE((*aead)->seal(iv, {}, data, icv16));
  EXPECT_FALSE((*aead)->seal(short_iv, {}, data, icv8));
  EXPECT_TRUE((*aead)->seal(iv, {}, data, icv8));
}

}  // namespace
}  // namespace oakley::crypto
