// Known-answer tests of the ESP transforms against published ESP packets:
//  - RFC 3602 section 4 cases 5-8 (AES-CBC, no integrity), tests/data/dataplane/rfc/
//  - draft-mcgrew-gcm-test-01 section 4 (AES-GCM-16, RFC 4106, incl. ESN AAD),
//    tests/data/dataplane/draft_mcgrew_gcm_test/
//  - RFC 7634 Appendix A (ChaCha20-Poly1305 ESP), strongSwan's vector chacha20poly1305_3 in
//    tests/data/dataplane/strongswan/
//  - Camellia-CBC and -CTR ESP packets whose expected ciphertext comes straight from RFC 3713
//    appendix A and RFC 5528 section 4.1 test vector #2 (values quoted below), and Camellia-CCM
//    ESP framing (RFC 5529: nonce = salt | IV, AAD = SPI | sequence number)
// (Blowfish-CBC ESP: real captured traffic in esp_capture_test.cpp.)
// Each packet is decapsulated to the published payload and re-encapsulated (with the published IV)
// byte for byte.
#include <gtest/gtest.h>

#include <vector>

#include "crypto/ccm.hpp"
#include "dataplane/esp/esp_crypto.hpp"
#include "dataplane/esp/esp_sa.hpp"
#include "dataplane/esp/transform.hpp"
#include "test_util.hpp"

namespace oakley::dataplane::esp {
namespace {

using test::hex;
using test::load_json;

std::unique_ptr<EspCrypto> make_crypto(const SaAlgorithms& a, const Bytes& key,
                                       const Bytes& integ = {}) {
  auto c = EspCrypto::create(a, key, integ);
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return c.ok() ? std::move(c).value() : nullptr;
}

// Encapsulates `payload` with the given IV and returns the ESP packet bytes.
Bytes encapsulate_with(EspCrypto& crypto, std::uint32_t spi, std::uint64_t seq, bool esn,
                       const Bytes& iv, std::uint8_t nh, const Bytes& payload) {
  std::vector<std::uint8_t> storage(payload.size() + 256);
  std::copy(payload.begin(), payload.end(), storage.begin() + 64);
  PacketBuffer p(storage.data(), storage.size(), 64, payload.size());
  EXPECT_EQ(encapsulate(crypto, spi, seq, esn, iv, nh, p), DropReason::kNone);
  return Bytes(p.data(), p.data() + p.size());
}

// Decapsulates and returns payload + next header (expects success).
std::pair<Bytes, std::uint8_t> decapsulate_ok(EspCrypto& crypto, bool esn, std::uint64_t seq,
                                              Bytes packet) {
  DecapResult r = decapsulate(crypto, esn, seq, packet);
  EXPECT_TRUE(r.ok()) << drop_reason_name(r.reason);
  if (!r.ok()) return {};
  return {Bytes(packet.begin() + r.payload_offset,
                packet.begin() + r.payload_offset + r.payload_length),
          r.next_header};
}

TEST(EspKat, Rfc3602AesCbcCases5To8) {
  auto file = load_json("rfc/rfc3602_esp_aes_cbc_packets.json");
  ASSERT_EQ(file["cases"].size(), 4u);
  for (const auto& c : file["cases"]) {
    SCOPED_TRACE("RFC 3602 case " + std::to_string(c["case"].get<int>()));
    auto crypto = make_crypto({EncrId::kAesCbc, 128, IntegId::kNone, false}, hex(c["key"]));
    ASSERT_TRUE(crypto);
    const Bytes packet = hex(c["esp_packet"]);
    const std::uint32_t spi = load_be32(hex(c["spi"]).data());
    const std::uint64_t seq = c["seq"].get<std::uint64_t>();
    const auto nh = static_cast<std::uint8_t>(c["next_header"].get<int>());
    auto [payload, got_nh] = decapsulate_ok(*crypto, false, seq, packet);
    EXPECT_EQ(to_hex(payload), c["payload"].get<std::string>());
    EXPECT_EQ(got_nh, nh);
    EXPECT_EQ(to_hex(encapsulate_with(*crypto, spi, seq, false, hex(c["iv"]), nh, payload)),
              c["esp_packet"].get<std::string>());
  }
}

TEST(EspKat, DraftMcgrewGcmEspPackets) {
  auto file = load_json("draft_mcgrew_gcm_test/gcm_esp_packets.json");
  ASSERT_EQ(file["cases"].size(), 14u);
  for (const auto& c : file["cases"]) {
    SCOPED_TRACE("draft-mcgrew-gcm-test case " + std::to_string(c["case"].get<int>()));
    const Bytes key = hex(c["key"]);
    const Bytes nonce = hex(c["nonce"]);
    const Bytes seq_bytes = hex(c["seq"]);
    const bool esn = seq_bytes.size() == 8;
    const std::uint64_t seq = esn ? load_be64(seq_bytes.data()) : load_be32(seq_bytes.data());
    Bytes keymat = key;
    keymat.insert(keymat.end(), nonce.begin(), nonce.begin() + 4);
    auto crypto = make_crypto(
        {EncrId::kAesGcm16, static_cast<unsigned>(key.size() * 8), IntegId::kNone, esn}, keymat);
    ASSERT_TRUE(crypto);
    const Bytes plaintext = hex(c["plaintext"]);
    const std::uint8_t pad = plaintext[plaintext.size() - 2];
    const Bytes payload(plaintext.begin(), plaintext.end() - 2 - pad);
    auto [got, nh] = decapsulate_ok(*crypto, esn, seq, hex(c["packet"]));
    EXPECT_EQ(to_hex(got), to_hex(payload));
    EXPECT_EQ(nh, plaintext.back());
    const Bytes iv(nonce.begin() + 4, nonce.end());
    EXPECT_EQ(to_hex(encapsulate_with(*crypto, load_be32(hex(c["spi"]).data()), seq, esn, iv,
                                      plaintext.back(), payload)),
              c["packet"].get<std::string>());
  }
}

TEST(EspKat, DraftMcgrewEsnPacketNeedsTheHighHalf) {
  // Case 1 authenticates SPI | seq_hi | seq_lo: without ESN (or with a wrong seq_hi) it must fail.
  auto c = load_json("draft_mcgrew_gcm_test/gcm_esp_packets.json")["cases"][0];
  Bytes keymat = hex(c["key"]);
  const Bytes nonce = hex(c["nonce"]);
  keymat.insert(keymat.end(), nonce.begin(), nonce.begin() + 4);
  auto crypto = make_crypto({EncrId::kAesGcm16, 128, IntegId::kNone, true}, keymat);
  ASSERT_TRUE(crypto);
  Bytes packet = hex(c["packet"]);
  EXPECT_EQ(decapsulate(*crypto, false, 0, packet).reason, DropReason::kAuthFailed);
  packet = hex(c["packet"]);
  EXPECT_EQ(decapsulate(*crypto, true, 0x8765432000000000ull, packet).reason,
            DropReason::kAuthFailed);
}

TEST(EspKat, Rfc7634ChaCha20Poly1305AppendixA) {
  const nlohmann::json* vector = nullptr;
  auto file = load_json("strongswan/chacha20poly1305.json");
  for (const auto& v : file["vectors"])
    if (v["name"] == "chacha20poly1305_3") vector = &v;
  ASSERT_NE(vector, nullptr);
  const Bytes keymat = hex((*vector)["key"]);
  const Bytes aad = hex((*vector)["adata"]);
  const Bytes iv = hex((*vector)["iv"]);
  const Bytes plain = hex((*vector)["plain"]);
  const Bytes cipher = hex((*vector)["cipher"]);
  auto crypto = make_crypto({EncrId::kChacha20Poly1305, 0, IntegId::kNone, false}, keymat);
  ASSERT_TRUE(crypto);
  // The ESP packet of RFC 7634 Appendix A: SPI | seq (the AAD) | IV | ciphertext | tag.
  Bytes packet = concat({aad, iv, cipher});
  const std::uint32_t spi = load_be32(aad.data());
  const std::uint32_t seq = load_be32(aad.data() + 4);
  EXPECT_EQ(spi, 0x01020304u);
  EXPECT_EQ(seq, 5u);
  const std::uint8_t pad = plain[plain.size() - 2];
  const Bytes payload(plain.begin(), plain.end() - 2 - pad);
  auto [got, nh] = decapsulate_ok(*crypto, false, seq, packet);
  EXPECT_EQ(to_hex(got), to_hex(payload));
  EXPECT_EQ(nh, 4);  // tunnel mode, inner IPv4
  EXPECT_EQ(to_hex(encapsulate_with(*crypto, spi, seq, false, iv, 4, payload)), to_hex(packet));

  // Through the SA-level inbound path in tunnel mode: the inner packet comes out whole.
  InboundReplay replay(64);
  EspSaParams sa{spi, Mode::kTunnel, false};
  InboundResult r = esp_inbound(*crypto, sa, replay, packet);
  ASSERT_TRUE(r.ok()) << drop_reason_name(r.reason);
  EXPECT_EQ(r.payload_length, payload.size());
  packet = concat({aad, iv, cipher});
  EXPECT_EQ(esp_inbound(*crypto, sa, replay, packet).reason, DropReason::kReplay);
}

Bytes xor_of(ByteView a, ByteView b) {
  Bytes out(a.begin(), a.end());
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] ^= b[i];
  return out;
}

// RFC 3713 appendix A, 128-bit key: E_K(P) = C. An ESP plaintext block Q (14 payload bytes, no
// padding, pad length, next header) sent with IV = P ^ Q encrypts to exactly C.
TEST(EspKat, CamelliaCbcFromRfc3713) {
  const Bytes key = hex("0123456789abcdeffedcba9876543210");
  const Bytes rfc_plain = hex("0123456789abcdeffedcba9876543210");
  const Bytes rfc_cipher = hex("67673138549669730857065648eabe43");
  auto crypto = make_crypto({EncrId::kCamelliaCbc, 128, IntegId::kNone, false}, key);
  ASSERT_TRUE(crypto);
  const Bytes payload = hex("4500000e00000000401100000a01");  // 14 bytes
  const Bytes esp_plain = concat({payload, Bytes{0x00, 0x04}});
  const Bytes iv = xor_of(rfc_plain, esp_plain);
  const Bytes expected = concat({hex("0000100100000007"), iv, rfc_cipher});
  EXPECT_EQ(to_hex(encapsulate_with(*crypto, 0x1001, 7, false, iv, 4, payload)), to_hex(expected));
  auto [got, nh] = decapsulate_ok(*crypto, false, 7, expected);
  EXPECT_EQ(to_hex(got), to_hex(payload));
  EXPECT_EQ(nh, 4);
}

// RFC 5528 4.1 test vector #2: key, nonce and IV give the keystream plain ^ cipher over 32 bytes;
// ESP with that SA and IV (counter block nonce | IV | 1, as RFC 3686 and RFC 5528 4) must XOR
// its 32-byte plaintext with exactly that keystream.
TEST(EspKat, CamelliaCtrFromRfc5528) {
  const Bytes keymat = hex("7e24067817fae0d743d6ce1f32539163006cb6db");  // key | nonce
  const Bytes iv = hex("c0543b59da48d90b");
  const Bytes keystream =
      xor_of(hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
             hex("dbf3c78dc08396d4da7c907765bbcb442b8e8e0f31f0dca72c7417e35360e048"));
  auto crypto = make_crypto({EncrId::kCamelliaCtr, 128, IntegId::kNone, false}, keymat);
  ASSERT_TRUE(crypto);
  ASSERT_EQ(crypto->pad_align(), 4u);
  Bytes payload(30);
  for (std::size_t i = 0; i < payload.size(); ++i)
    payload[i] = static_cast<std::uint8_t>(0xa0 + i);
  const Bytes esp_plain = concat({payload, Bytes{0x00, 0x29}});  // no padding needed: 32 bytes
  const Bytes expected = concat({hex("deadbeef00000001"), iv, xor_of(esp_plain, keystream)});
  EXPECT_EQ(to_hex(encapsulate_with(*crypto, 0xdeadbeef, 1, false, iv, 0x29, payload)),
            to_hex(expected));
  auto [got, nh] = decapsulate_ok(*crypto, false, 1, expected);
  EXPECT_EQ(to_hex(got), to_hex(payload));
  EXPECT_EQ(nh, 0x29);
}

// Camellia-CCM in ESP (RFC 5529 / RFC 4309 framing): the packet is SPI | seq | IV | CCM(payload
// | trailer) | ICV with the nonce salt | IV and the AAD SPI | seq (| seq_hi first with ESN).
TEST(EspKat, CamelliaCcmFraming) {
  const Bytes key = hex("000102030405060708090a0b0c0d0e0f");
  const Bytes salt = hex("a0a1a2");
  const Bytes iv = hex("0102030405060708");
  const Bytes payload = hex("45000020000000004001f9c1c0a80001c0a8000208000000000100020102");
  for (bool esn : {false, true}) {
    auto crypto =
        make_crypto({EncrId::kCamelliaCcm16, 128, IntegId::kNone, esn}, concat({key, salt}));
    ASSERT_TRUE(crypto);
    const std::uint64_t seq = esn ? 0x100000002ull : 2;
    const Bytes packet = encapsulate_with(*crypto, 0x4242, seq, esn, iv, 4, payload);
    auto ccm = crypto::detail::CcmEngine::create("CAMELLIA", key, 16, 11);
    ASSERT_TRUE(ccm.ok());
    const std::size_t pad = (4 - (payload.size() + 2) % 4) % 4;
    Bytes plain = payload;
    for (std::size_t i = 1; i <= pad; ++i)
      plain.push_back(static_cast<std::uint8_t>(i));
    plain.push_back(static_cast<std::uint8_t>(pad));
    plain.push_back(4);
    const Bytes aad = esn ? hex("0000424200000001"
                                "00000002")
                          : hex("0000424200000002");
    Bytes tag(16);
    ASSERT_TRUE((*ccm)->seal(concat({salt, iv}), aad, plain, tag));
    EXPECT_EQ(to_hex(packet),
              to_hex(concat({ByteView(aad).first(4), ByteView(aad).last(4), iv, plain, tag})));
    auto [got, nh] = decapsulate_ok(*crypto, esn, seq, packet);
    EXPECT_EQ(to_hex(got), to_hex(payload));
  }
}

}  // namespace
}  // namespace oakley::dataplane::esp
