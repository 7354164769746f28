// IKEv2: malformed input yields an Error naming the payload and the reason, with the notify to
// answer in Error::code; unknown payloads are kept (critical ones reported), never an exception.
#include <gtest/gtest.h>

#include "wire/ikev2/message.hpp"
#include "wire/samples.hpp"
#include "wire/test_util.hpp"

namespace oakley::wire::ikev2 {
namespace {

using test::hex;

constexpr int kInvalidSyntax = 7;
constexpr int kInvalidMajorVersion = 5;

// A message with a correct header around the given payload bytes.
Bytes message(PayloadType first, const std::string& payloads_hex) {
  Bytes body = hex(payloads_hex);
  Bytes m = hex("0123456789abcdef fedcba9876543210 00 20 23 08 00000001 00000000");
  m[16] = static_cast<std::uint8_t>(first);
  append(m, body);
  store_be32(&m[24], static_cast<std::uint32_t>(m.size()));
  return m;
}

// Expects a parse error with INVALID_SYNTAX whose message contains `what`.
void expect_syntax_error(const Bytes& m, const std::string& what) {
  auto r = parse_message(m);
  ASSERT_FALSE(r.ok()) << "parsed: " << what;
  EXPECT_EQ(r.error().code, kInvalidSyntax) << r.error().message;
  EXPECT_NE(r.error().message.find(what), std::string::npos) << r.error().message;
}

const std::string kNonce16 = "00000014 00112233445566778899aabbccddeeff";

TEST(Ikev2Malformed, HeaderProblems) {
  Bytes ok = message(PayloadType::kNonce, kNonce16);
  ASSERT_TRUE(parse_message(ok).ok());
  expect_syntax_error(Bytes(ok.begin(), ok.begin() + 27), "IKEv2 header needs 28 bytes");

  Bytes v3 = ok;
  v3[17] = 0x30;
  auto r = parse_message(v3);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, kInvalidMajorVersion);
  EXPECT_EQ(peek_header(v3).error().code, kInvalidMajorVersion);

  Bytes longer = ok;
  longer.push_back(0);
  expect_syntax_error(longer, "header length 48 differs from the datagram size 49");
  Bytes shorter = ok;
  store_be32(&shorter[24], 40);
  expect_syntax_error(shorter, "header length 40 differs");
  store_be32(&shorter[24], 20);
  expect_syntax_error(shorter, "shorter than the header");
}

TEST(Ikev2Malformed, GenericHeaderLengths) {
  expect_syntax_error(message(PayloadType::kNonce, "000000"),
                      "payload #1 (No) at offset 28: generic payload header needs 4 bytes");
  expect_syntax_error(message(PayloadType::kNonce, "00000003"), "length 3 is below");
  // Zero length must not loop forever.
  expect_syntax_error(message(PayloadType::kVendorId, "2b000000"), "length 0 is below");
  expect_syntax_error(message(PayloadType::kNonce, "00000020 00112233445566778899aabbccddeeff"),
                      "payload length 32 exceeds the 20 bytes left");
  expect_syntax_error(message(PayloadType::kNonce, kNonce16 + "00"),
                      "1 bytes after the last payload (offset 48)");
  // A vendor ID that claims 8 bytes when it holds 12: the next "payload" header is read from
  // inside it (overlap), and its zero length is caught.
  expect_syntax_error(message(PayloadType::kVendorId, "29000008 aabbccdd 00000000 " + kNonce16),
                      "payload #2 (N) at offset 36: payload length 0");
}

TEST(Ikev2Malformed, SaStructure) {
  // proposal: last, len 16, #1, IKE, spi 0, 1 transform; transform: last, len 12, ENCR AES-CBC kl
  const std::string good = "00000018 00000014 01010001 0000000c 0100000c 800e0080";
  ASSERT_TRUE(parse_message(message(PayloadType::kSa, good)).ok());
  expect_syntax_error(message(PayloadType::kSa, "00000004"),
                      "payload #1 (SA) at offset 28: no proposal");
  expect_syntax_error(
      message(PayloadType::kSa, "00000018 00000014 01010002 0000000c 0100000c 800e0080"),
      "proposal #1: announces 2 transforms but holds 1");
  expect_syntax_error(
      message(PayloadType::kSa, "00000018 00000014 01011001 0000000c 0100000c 800e0080"),
      "proposal #1: SPI of size 16 needs 16 bytes, 12 remain");
  expect_syntax_error(
      message(PayloadType::kSa, "00000018 02000014 01010001 0000000c 0100000c 800e0080"),
      "proposal #1 announces another proposal but none follows");
  expect_syntax_error(
      message(PayloadType::kSa, "00000018 00000014 01010001 0300000c 0100000c 800e0080"),
      "transform #1 announces another transform");
  expect_syntax_error(
      message(PayloadType::kSa, "00000018 05000014 01010001 0000000c 0100000c 800e0080"),
      "'more' field is 5");
  expect_syntax_error(
      message(PayloadType::kSa, "00000018 00000007 01010001 0000000c 0100000c 800e0080"),
      "proposal #1: length 7 is below the minimum 8");
  expect_syntax_error(
      message(PayloadType::kSa, "00000018 00000015 01010001 0000000c 0100000c 800e0080"),
      "proposal #1 (length 21) needs 17 bytes, 16 remain");
  expect_syntax_error(
      message(PayloadType::kSa, "00000018 00000014 01010001 00000007 0100000c 800e0080"),
      "transform #1: length 7 is below the minimum 8");
  expect_syntax_error(
      message(PayloadType::kSa, "00000018 00000014 01010001 0000000c 0100000c 000e0080"),
      "transform #1: attribute #1 (type 14) value needs 128 bytes");
  // Two proposals where the first one is marked last.
  expect_syntax_error(message(PayloadType::kSa, "00000014 00000008 01010000 00000008 02010000"),
                      "proposal #1 is marked last but more data follows");
}

TEST(Ikev2Malformed, PayloadMinimaAndCounts) {
  expect_syntax_error(message(PayloadType::kKe, "00000007 001f00"), "(KE) at offset 28: group");
  expect_syntax_error(message(PayloadType::kKe, "00000008 001f0000"), "key exchange data");
  expect_syntax_error(message(PayloadType::kNonce, "00000013 00112233445566778899aabbccddee"),
                      "nonce of 15 bytes (must be 16..256)");
  expect_syntax_error(message(PayloadType::kIdi, "00000007 010000"), "(IDi) at offset 28: ID type");
  expect_syntax_error(message(PayloadType::kIdr, "0000000b 01000000 c00002"),
                      "(IDr) at offset 28: ID type 1 carries 3 bytes of address (expected 4)");
  expect_syntax_error(message(PayloadType::kAuth, "00000008 02000000"), "authentication data");
  expect_syntax_error(message(PayloadType::kCert, "00000004"), "certificate encoding");
  expect_syntax_error(message(PayloadType::kNotify, "00000007 000040"), "protocol, SPI size");
  expect_syntax_error(message(PayloadType::kNotify, "0000000a 03044009 0102"),
                      "SPI of size 4 needs 4 bytes, 2 remain");
  expect_syntax_error(message(PayloadType::kDelete, "0000000c 03040002 01020304"),
                      "2 SPIs of 4 bytes need 8 bytes, the payload has 4");
  expect_syntax_error(message(PayloadType::kDelete, "00000008 01000001"), "1 SPIs of size 0");
  expect_syntax_error(message(PayloadType::kTsi, "00000008 02000000"),
                      "selector #1: selector header needs 4 bytes, 0 remain");
  expect_syntax_error(
      message(PayloadType::kTsr, "00000019 01000000 07000010 0000ffff 0a000000 0a0000ff 00"),
      "(TSr) at offset 28: 1 bytes after the 1 announced selectors");
  expect_syntax_error(message(PayloadType::kTsi, "00000014 01000000 0700000c 0000ffff 0a000000"),
                      "TS type 7 has length 12 (expected 16)");
  expect_syntax_error(message(PayloadType::kTsi, "0000000b 01000000 070000"),
                      "selector #1: selector header needs 4 bytes, 3 remain");
  expect_syntax_error(message(PayloadType::kTsi, "0000000c 01000000 08000028"),
                      "selector of length 40 needs 36 bytes, 0 remain");
  expect_syntax_error(message(PayloadType::kCp, "0000000c 01000000 00010004"),
                      "attribute #1 value needs 4 bytes, 0 remain");
  expect_syntax_error(message(PayloadType::kEap, "00000009 0201000601"),
                      "EAP length 6 differs from the payload body size 5");
  expect_syntax_error(message(PayloadType::kEap, "00000008 01010004"), "EAP code 1 without a type");
}

TEST(Ikev2Malformed, EncryptedPayloads) {
  expect_syntax_error(message(PayloadType::kSk, "23000004"), "empty encrypted body");
  expect_syntax_error(message(PayloadType::kSk, "23000008 aabbccdd " + kNonce16),
                      "encrypted payload is not the last one (20 bytes follow)");
  expect_syntax_error(message(PayloadType::kSkf, "23000009 00000001 aa"), "fragment number 0 of 1");
  expect_syntax_error(message(PayloadType::kSkf, "23000009 00030002 aa"), "fragment number 3 of 2");
  expect_syntax_error(message(PayloadType::kSkf, "23000008 00010001"), "fragment number, total");
  auto inner =
      parse_payload_chain(PayloadType::kNonce, hex("2e000014 00112233445566778899aabbccddeeff"
                                                   "00000008 aabbccdd"));
  ASSERT_FALSE(inner.ok());
  EXPECT_NE(inner.error().message.find("payload #2 (SK) at offset 20: encrypted payload inside"),
            std::string::npos)
      << inner.error().message;
}

TEST(Ikev2Malformed, UnknownPayloads) {
  // An unknown critical payload (type 99) between two nonces: reported with its type.
  auto m = parse_message(message(PayloadType::kNonce,
                                 "63000014 00112233445566778899aabbccddeeff"
                                 "28800006 abcd" +
                                     kNonce16));
  ASSERT_TRUE(m.ok()) << m.error().message;
  ASSERT_EQ(m->payloads.size(), 3u);
  EXPECT_EQ(unsupported_critical_payload(m->payloads), 99);
  EXPECT_EQ(m->payloads[1].get<UnknownPayload>()->body, hex("abcd"));
  EXPECT_TRUE(m->payloads[1].critical);
  // The same without the critical bit: skipped over, kept as unknown, nothing to report.
  auto n = parse_message(message(PayloadType::kNonce,
                                 "63000014 00112233445566778899aabbccddeeff"
                                 "28000006 abcd" +
                                     kNonce16));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->payloads[1].type(), PayloadType{99});
  EXPECT_EQ(unsupported_critical_payload(n->payloads), std::nullopt);
  // The critical bit of a known payload is kept but does not matter.
  auto k = parse_message(message(PayloadType::kNonce, "00800014 00112233445566778899aabbccddeeff"));
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(unsupported_critical_payload(k->payloads), std::nullopt);
}

TEST(Ikev2Malformed, EveryTruncationOfEverySampleFailsCleanly) {
  for (const auto& [name, msg] : test::v2::all_messages()) {
    auto bytes = encode(msg);
    ASSERT_TRUE(bytes.ok());
    for (std::size_t len = 0; len < bytes->size(); ++len) {
      Bytes cut(bytes->begin(), bytes->begin() + static_cast<std::ptrdiff_t>(len));
      auto r = parse_message(cut);
      EXPECT_FALSE(r.ok()) << name << " cut at " << len;
      if (len >= 28) store_be32(&cut[24], static_cast<std::uint32_t>(len));
      (void)parse_message(cut);  // consistent header length: may or may not parse, never crash
    }
  }
}

}  // namespace
}  // namespace oakley::wire::ikev2
