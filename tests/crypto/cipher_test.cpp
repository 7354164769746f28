// Non-AEAD ciphers. Sources: RFC 3602 cases 1-3 + NIST SP 800-38A F.2 (AES-CBC) via strongswan
// test_vectors aes_cbc.json; RFC 3602 cases 5-8 ESP packets via rfc/rfc3602_esp_aes_cbc_packets
// .json; RFC 3686 (AES-CTR) via aes_ctr.json; NIST 3DES MMT via 3des_cbc.json; DES set 8 via
// des.json; RFC 3713 appendix A (Camellia) via rfc/rfc3713_camellia.json; NESSIE set 8
// (Camellia-CBC) via camellia_cbc.json; RFC 5528 4.1 (Camellia-CTR) via camellia_ctr.json; Eric
// Young's and Chilkat's Blowfish-CBC vectors via blowfish.json; RFC 2144 B.1 (CAST-128) via
// cast.json.
#include "crypto/cipher.hpp"

#include <cstdlib>

#include "crypto/vectors.hpp"

namespace oakley::crypto {
namespace {

using test::hex;

// Encrypts and decrypts every vector of `alg` in `file` in place; returns how many ran.
int run_crypter_vectors(const std::string& file, const std::string& alg, EncrId id) {
  int ran = 0;
  for (const auto& v : test::vectors_for(test::load_vectors(file), alg)) {
    Bytes key = hex(v, "key");
    if (!is_ctr(id)) key.resize(v["key_size"]);
    auto cipher = Cipher::create(id, key);
    EXPECT_TRUE(cipher.ok()) << v["name"] << (cipher.ok() ? "" : cipher.error().message);
    if (!cipher.ok()) continue;
    Bytes iv = hex(v, "iv"), plain = hex(v, "plain"), expected = hex(v, "cipher");
    Bytes data = plain;
    EXPECT_TRUE((*cipher)->encrypt(iv, data)) << v["name"];
    EXPECT_EQ(to_hex(data), to_hex(expected)) << v["name"];
    EXPECT_TRUE((*cipher)->decrypt(iv, data)) << v["name"];
    EXPECT_EQ(to_hex(data), to_hex(plain)) << v["name"];
    ++ran;
  }
  return ran;
}

TEST(Cipher, AesCbc) {
  EXPECT_EQ(
      run_crypter_vectors("strongswan/test_vectors/aes_cbc.json", "ENCR_AES_CBC", EncrId::kAesCbc),
      6);
}

TEST(Cipher, AesCtrRfc3686) {
  EXPECT_EQ(
      run_crypter_vectors("strongswan/test_vectors/aes_ctr.json", "ENCR_AES_CTR", EncrId::kAesCtr),
      9);
}

TEST(Cipher, CamelliaRfc3713) {
  auto json = test::load_vectors("rfc/rfc3713_camellia.json");
  int ran = 0;
  for (const auto& v : json["vectors"]) {
    // One block under a zero IV: CBC is the bare block cipher.
    auto cipher = Cipher::create(EncrId::kCamelliaCbc, hex(v, "key"));
    ASSERT_TRUE(cipher.ok()) << cipher.error().message;
    Bytes data = hex(v, "plain");
    ASSERT_TRUE((*cipher)->encrypt(Bytes(16), data));
    EXPECT_EQ(to_hex(data), v["cipher"].get<std::string>());
    ++ran;
  }
  EXPECT_EQ(ran, 3);
}

TEST(Cipher, CamelliaCbc) {
  EXPECT_EQ(run_crypter_vectors("strongswan/test_vectors/camellia_cbc.json", "ENCR_CAMELLIA_CBC",
                                EncrId::kCamelliaCbc),
            6);
}

TEST(Cipher, CamelliaCtrRfc5528) {
  EXPECT_EQ(run_crypter_vectors("strongswan/test_vectors/camellia_ctr.json", "ENCR_CAMELLIA_CTR",
                                EncrId::kCamelliaCtr),
            9);
}

TEST(Cipher, TripleDes) {
  EXPECT_EQ(
      run_crypter_vectors("strongswan/test_vectors/3des_cbc.json", "ENCR_3DES", EncrId::k3Des), 2);
}

// RFC 3602 section 4 cases 5-8: whole ESP packets, SPI | seq | IV | ciphertext.
TEST(Cipher, AesCbcRfc3602EspPackets) {
  auto json = test::load_vectors("rfc/rfc3602_esp_aes_cbc_packets.json");
  int ran = 0;
  for (const auto& c : json["cases"]) {
    auto cipher = Cipher::create(EncrId::kAesCbc, hex(c, "key"));
    ASSERT_TRUE(cipher.ok());
    Bytes payload = hex(c, "payload");
    const std::size_t pad = c["pad_length"];
    Bytes plain = payload;
    for (std::size_t i = 1; i <= pad; ++i)
      plain.push_back(static_cast<std::uint8_t>(i));
    plain.push_back(static_cast<std::uint8_t>(pad));
    plain.push_back(static_cast<std::uint8_t>(c["next_header"].get<int>()));
    Bytes packet = hex(c, "esp_packet");
    Bytes iv = hex(c, "iv");
    Bytes data = plain;
    ASSERT_TRUE((*cipher)->encrypt(iv, data));
    EXPECT_EQ(to_hex(concat({ByteView(packet).first(8), iv, data})), to_hex(packet));
    Bytes received(packet.begin() + 24, packet.end());
    ASSERT_TRUE((*cipher)->decrypt(ByteView(packet).subspan(8, 16), received));
    EXPECT_EQ(to_hex(received), to_hex(plain));
    EXPECT_EQ(to_hex(received), c["decrypted_plaintext_with_trailer"].get<std::string>());
    ++ran;
  }
  EXPECT_EQ(ran, 4);
}

TEST(Cipher, DesRefusedUnlessEnabled) {
  Bytes key = hex("0001020304050607");
  ASSERT_TRUE(enable_legacy_ciphers({}));
  auto refused = Cipher::create(EncrId::kDes, key);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("disabled"), std::string::npos) << refused.error().message;

  ASSERT_TRUE(enable_legacy_ciphers({EncrId::kDes}));
  EXPECT_EQ(run_crypter_vectors("strongswan/test_vectors/des.json", "ENCR_DES", EncrId::kDes), 2);
  ASSERT_TRUE(enable_legacy_ciphers({}));
  EXPECT_FALSE(Cipher::create(EncrId::kDes, key).ok());
}

// Blowfish and CAST-128 are opt-in like DES, each on its own: enabling one leaves the others off.
TEST(Cipher, BlowfishAndCastRefusedUnlessEnabled) {
  ASSERT_TRUE(enable_legacy_ciphers({EncrId::kDes}));
  for (EncrId id : {EncrId::kBlowfish, EncrId::kCast}) {
    auto refused = Cipher::create(id, Bytes(16));
    ASSERT_FALSE(refused.ok()) << encr_name(id);
    EXPECT_NE(refused.error().message.find("oakley.legacy_ciphers"), std::string::npos)
        << refused.error().message;
  }
  ASSERT_TRUE(enable_legacy_ciphers({EncrId::kBlowfish}));
  EXPECT_TRUE(Cipher::create(EncrId::kBlowfish, Bytes(16)).ok());
  EXPECT_FALSE(Cipher::create(EncrId::kCast, Bytes(16)).ok());
  EXPECT_FALSE(Cipher::create(EncrId::kDes, Bytes(8)).ok());
  EXPECT_FALSE(enable_legacy_ciphers({EncrId::kAesCbc}));  // not a legacy cipher: nothing changes
  EXPECT_TRUE(legacy_cipher_enabled(EncrId::kBlowfish));
  ASSERT_TRUE(enable_legacy_ciphers({}));
}

TEST(Cipher, BlowfishCbc) {
  ASSERT_TRUE(enable_legacy_ciphers({EncrId::kBlowfish}));
  EXPECT_EQ(run_crypter_vectors("strongswan/test_vectors/blowfish.json", "ENCR_BLOWFISH",
                                EncrId::kBlowfish),
            2);
  EXPECT_FALSE(Cipher::create(EncrId::kBlowfish, Bytes(4)).ok());
  EXPECT_FALSE(Cipher::create(EncrId::kBlowfish, Bytes(57)).ok());
  ASSERT_TRUE(enable_legacy_ciphers({}));
}

TEST(Cipher, CastCbcRfc2144) {
  ASSERT_TRUE(enable_legacy_ciphers({EncrId::kCast}));
  EXPECT_EQ(run_crypter_vectors("strongswan/test_vectors/cast.json", "ENCR_CAST", EncrId::kCast),
            1);
  EXPECT_FALSE(Cipher::create(EncrId::kCast, Bytes(10)).ok());  // IKE/ESP CAST is 128-bit only
  ASSERT_TRUE(enable_legacy_ciphers({}));
}

// A DES-CBC cipher cached after an earlier fetch had already created the cipher cache used to be
// freed at exit after the legacy provider that made it was unloaded, which crashed the process.
// The threadsafe death-test style runs the block in a freshly started process, so nothing this
// binary fetched before decides the order of the statics.
TEST(Cipher, DesEnabledAfterAnotherCipherExitsCleanly) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        const bool aes = Cipher::create(EncrId::kAesCbc, Bytes(16)).ok();
        const bool des =
            enable_legacy_ciphers({EncrId::kDes}) && Cipher::create(EncrId::kDes, Bytes(8)).ok();
        std::exit(aes && des ? 0 : 2);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(Cipher, NullLeavesDataAlone) {
  auto cipher = Cipher::create(EncrId::kNull, {});
  ASSERT_TRUE(cipher.ok());
  EXPECT_EQ((*cipher)->iv_size(), 0u);
  EXPECT_EQ((*cipher)->block_size(), 1u);
  Bytes data = hex("0001020304");
  EXPECT_TRUE((*cipher)->encrypt({}, data));
  EXPECT_EQ(to_hex(data), "0001020304");
  EXPECT_FALSE(Cipher::create(EncrId::kNull, Bytes(1)).ok());
}

TEST(Cipher, BadSizesRejected) {
  EXPECT_FALSE(Cipher::create(EncrId::kAesCbc, Bytes(20)).ok());
  EXPECT_FALSE(Cipher::create(EncrId::kAesCtr, Bytes(16)).ok());  // nonce missing
  EXPECT_FALSE(Cipher::create(EncrId::k3Des, Bytes(16)).ok());
  EXPECT_FALSE(Cipher::create(EncrId::kAesGcm16, Bytes(20)).ok());  // AEAD: use Aead
  EXPECT_FALSE(Cipher::create(EncrId::kCamelliaCbc, Bytes(20)).ok());
  EXPECT_FALSE(Cipher::create(EncrId::kCamelliaCtr, Bytes(16)).ok());  // nonce missing
  auto cbc = Cipher::create(EncrId::kAesCbc, Bytes(16));
  ASSERT_TRUE(cbc.ok());
  Bytes odd(17), whole(16), iv(16), short_iv(8);
  EXPECT_FALSE((*cbc)->encrypt(iv, odd));          // not whole blocks
  EXPECT_FALSE((*cbc)->encrypt(short_iv, whole));  // short IV
  EXPECT_TRUE((*cbc)->encrypt(iv, whole));
}

TEST(Cipher, KeymatSizes) {
  EXPECT_EQ(*encr_keymat_size(EncrId::kAesCbc, 256), 32u);
  EXPECT_EQ(*encr_keymat_size(EncrId::kAesCtr, 128), 20u);
  EXPECT_EQ(*encr_keymat_size(EncrId::kAesGcm16, 128), 20u);
  EXPECT_EQ(*encr_keymat_size(EncrId::kAesCcm8, 192), 27u);
  EXPECT_EQ(*encr_keymat_size(EncrId::kChacha20Poly1305, 0), 36u);
  EXPECT_EQ(*encr_keymat_size(EncrId::k3Des, 0), 24u);
  EXPECT_EQ(*encr_keymat_size(EncrId::kNull, 0), 0u);
  EXPECT_FALSE(encr_keymat_size(EncrId::kAesCbc, 0).ok());
  EXPECT_FALSE(encr_keymat_size(EncrId::kAesGcm8, 100).ok());
  EXPECT_FALSE(encr_keymat_size(EncrId::kChacha20Poly1305, 128).ok());
  EXPECT_EQ(*encr_keymat_size(EncrId::kCamelliaCbc, 192), 24u);
  EXPECT_EQ(*encr_keymat_size(EncrId::kCamelliaCtr, 256), 36u);
  EXPECT_EQ(*encr_keymat_size(EncrId::kCamelliaCcm12, 128), 19u);
  EXPECT_EQ(*encr_keymat_size(EncrId::kBlowfish, 256), 32u);
  EXPECT_EQ(*encr_keymat_size(EncrId::kCast, 128), 16u);
  EXPECT_EQ(*encr_keymat_size(EncrId::kCast, 0), 16u);
  EXPECT_FALSE(encr_keymat_size(EncrId::kCast, 64).ok());
  EXPECT_FALSE(encr_keymat_size(EncrId::kCamelliaCbc, 0).ok());
}

}  // namespace
}  // namespace oakley::crypto
