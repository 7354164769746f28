// Combined-mode ciphers. Sources: McGrew & Viega GCM spec test cases (ICV 8/12/16) via strongswan
// test_vectors aes_gcm.json; strongSwan/NIST CCM vectors (ICV 8/12/16) via aes_ccm.json; RFC 7539
// section 2.8.2 and RFC 7634 appendices A (ESP) and B (IKEv2) via chacha20poly1305.json and
// libcharon/ikev2_chacha20poly1305_message.json; RFC 5528 section 4.2 (Camellia-CCM) and RFC 3610
// section 8 (AES-CCM) packet vectors via rfc/rfc5528_camellia_ccm.json.
#include "crypto/ccm.hpp"
#include "crypto/cipher.hpp"
#include "crypto/random.hpp"
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

// The composed CCM (Camellia has no CCM mode in OpenSSL 3.0) against the RFC 5528 packet vectors,
// and against RFC 3610's with AES, to show the construction does not depend on the cipher.
void check_ccm_vectors(const nlohmann::json& vectors, std::size_t expected_count) {
  std::size_t ran = 0;
  for (const auto& v : vectors) {
    SCOPED_TRACE(v["cipher"].get<std::string>() + " packet vector " +
                 std::to_string(v["packet_vector"].get<int>()));
    const Bytes nonce = hex(v, "nonce"), aad = hex(v, "aad"), plain = hex(v, "plain");
    auto ccm = detail::CcmEngine::create(v["cipher"].get<std::string>().c_str(), hex(v, "key"),
                                         v["tag_len"], nonce.size());
    ASSERT_TRUE(ccm.ok()) << ccm.error().message;
    Bytes data = plain, tag(v["tag_len"].get<std::size_t>());
    ASSERT_TRUE((*ccm)->seal(nonce, aad, data, tag));
    EXPECT_EQ(to_hex(data), v["cipher_text"].get<std::string>());
    EXPECT_EQ(to_hex(tag), v["tag"].get<std::string>());
    ASSERT_TRUE((*ccm)->open(nonce, aad, data, tag));
    EXPECT_EQ(to_hex(data), to_hex(plain));
    Bytes sealed = hex(v, "cipher_text");
    Bytes bad_tag = tag;
    bad_tag.back() ^= 1;
    EXPECT_FALSE((*ccm)->open(nonce, aad, sealed, bad_tag));
    sealed = hex(v, "cipher_text");
    sealed[0] ^= 0x80;
    EXPECT_FALSE((*ccm)->open(nonce, aad, sealed, tag));
    Bytes bad_aad = aad;
    bad_aad.back() ^= 1;
    sealed = hex(v, "cipher_text");
    EXPECT_FALSE((*ccm)->open(nonce, bad_aad, sealed, tag));
    ++ran;
  }
  EXPECT_EQ(ran, expected_count);
}

TEST(Aead, CamelliaCcmRfc5528) {
  auto j = test::load_vectors("rfc/rfc5528_camellia_ccm.json");
  check_ccm_vectors(j["camellia"], 24);
}

TEST(Aead, ComposedCcmMatchesRfc3610WithAes) {
  auto j = test::load_vectors("rfc/rfc5528_camellia_ccm.json");
  check_ccm_vectors(j["aes"], 3);
}

// In the ESP layout (11-byte nonce = salt | IV, AAD up to 20 bytes, any payload length) the
// composed CCM run with AES gives exactly what OpenSSL's own AES-CCM gives.
TEST(Aead, ComposedCcmMatchesOpensslAesCcm) {
  for (std::size_t len : {0u, 1u, 15u, 16u, 17u, 100u, 1400u, 2000u}) {
    for (EncrId id : {EncrId::kAesCcm8, EncrId::kAesCcm12, EncrId::kAesCcm16}) {
      SCOPED_TRACE(std::string(encr_name(id)) + " " + std::to_string(len));
      const SecretBytes key = random_secret(16 + 3);
      auto openssl = Aead::create(id, key.view());
      ASSERT_TRUE(openssl.ok());
      const std::size_t icv = (*openssl)->icv_size();
      auto composed = detail::CcmEngine::create("AES", key.view().first(16), icv, 11);
      ASSERT_TRUE(composed.ok());
      Bytes iv(8), aad(len % 2 ? 12 : 8), plain(len);
      random_fill(iv);
      random_fill(aad);
      random_fill(plain);
      Bytes a = plain, b = plain, icv_a(icv), icv_b(icv);
      ASSERT_TRUE((*openssl)->seal(iv, aad, a, icv_a));
      const Bytes nonce = concat({key.view().last(3), iv});
      ASSERT_TRUE((*composed)->seal(nonce, aad, b, icv_b));
      EXPECT_EQ(to_hex(a), to_hex(b));
      EXPECT_EQ(to_hex(icv_a), to_hex(icv_b));
    }
  }
}

// ENCR_CAMELLIA_CCM_* as ESP and IKE use it (RFC 5529): key || 3-byte salt, 8-byte IV.
TEST(Aead, CamelliaCcmEspLayout) {
  for (EncrId id : {EncrId::kCamelliaCcm8, EncrId::kCamelliaCcm12, EncrId::kCamelliaCcm16}) {
    for (std::size_t key_len : {16u, 24u, 32u}) {
      SCOPED_TRACE(std::string(encr_name(id)) + " " + std::to_string(key_len));
      ASSERT_EQ(*encr_keymat_size(id, static_cast<unsigned>(key_len * 8)), key_len + 3);
      const SecretBytes key = random_secret(key_len + 3);
      auto seal = Aead::create(id, key.view());
      auto open = Aead::create(id, key.view());
      ASSERT_TRUE(seal.ok() && open.ok());
      const std::size_t icv_len = (*seal)->icv_size();
      EXPECT_EQ((*seal)->iv_size(), 8u);
      Bytes iv(8), aad(8), plain(61), icv(icv_len);
      random_fill(iv);
      random_fill(aad);
      random_fill(plain);
      Bytes data = plain;
      ASSERT_TRUE((*seal)->seal(iv, aad, data, icv));
      EXPECT_NE(to_hex(data), to_hex(plain));
      // The same message under the composed engine with the RFC 4309 nonce: same bytes.
      auto engine = detail::CcmEngine::create("CAMELLIA", key.view().first(key_len), icv_len, 11);
      ASSERT_TRUE(engine.ok());
      Bytes again = plain, icv_again(icv_len);
      ASSERT_TRUE((*engine)->seal(concat({key.view().last(3), iv}), aad, again, icv_again));
      EXPECT_EQ(to_hex(again), to_hex(data));
      EXPECT_EQ(to_hex(icv_again), to_hex(icv));
      Bytes copy = data;
      ASSERT_TRUE((*open)->open(iv, aad, copy, icv));
      EXPECT_EQ(to_hex(copy), to_hex(plain));
      icv[0] ^= 1;
      copy = data;
      EXPECT_FALSE((*open)->open(iv, aad, copy, icv));
    }
  }
  EXPECT_FALSE(Aead::create(EncrId::kCamelliaCcm16, Bytes(16)).ok());  // salt missing
  EXPECT_FALSE(Aead::create(EncrId::kCamelliaCcm16, Bytes(20)).ok());  // 17-byte key
  auto aead = Aead::create(EncrId::kCamelliaCcm8, Bytes(19));
  ASSERT_TRUE(aead.ok());
  Bytes data(10), icv8(8), icv16(16), iv(8), short_iv(4);
  EXPECT_FALSE((*aead)->seal(iv, {}, data, icv16));
  EXPECT_FALSE((*aead)->seal(short_iv, {}, data, icv8));
  EXPECT_TRUE((*aead)->seal(iv, {}, data, icv8));
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
