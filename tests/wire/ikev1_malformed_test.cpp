// IKEv1: malformed input yields an Error naming the payload and the reason, with the ISAKMP
// notify to answer in Error::code.
#include <gtest/gtest.h>

#include "wire/ikev1/message.hpp"
#include "wire/samples.hpp"
#include "wire/test_util.hpp"

namespace oakley::wire::ikev1 {
namespace {

using test::hex;

// A Quick Mode message with a correct header around the given payload bytes.
Bytes message(PayloadType first, const std::string& payloads_hex) {
  Bytes m = hex("0123456789abcdef fedcba9876543210 00 10 20 00 00000001 00000000");
  m[16] = static_cast<std::uint8_t>(first);
  append(m, hex(payloads_hex));
  store_be32(&m[24], static_cast<std::uint32_t>(m.size()));
  return m;
}

void expect_error(const Bytes& m, int code, const std::string& what) {
  auto r = parse_message(m);
  ASSERT_FALSE(r.ok()) << "parsed: " << what;
  EXPECT_EQ(r.error().code, code) << r.error().message;
  EXPECT_NE(r.error().message.find(what), std::string::npos) << r.error().message;
}

constexpr int kMalformed = 16;
const std::string kHash = "00000008 aabbccdd";

TEST(Ikev1Malformed, HeaderAndLengths) {
  Bytes ok = message(PayloadType::kHash, kHash);
  ASSERT_TRUE(parse_message(ok).ok());
  expect_error(Bytes(ok.begin(), ok.begin() + 20), kMalformed, "ISAKMP header needs 28 bytes");
  Bytes v2 = ok;
  v2[17] = 0x20;
  expect_error(v2, 5, "major version 2");
  Bytes longer_header = ok;
  store_be32(&longer_header[24], 100);
  expect_error(longer_header, 30, "header length 100 exceeds the datagram size 36");
  // A longer datagram is accepted: the bytes after the header length are ignored.
  Bytes padded = ok;
  padded.insert(padded.end(), 12, 0);
  auto p = parse_message(padded);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->payloads.size(), 1u);
  Bytes encrypted_empty = message(PayloadType::kHash, "");
  encrypted_empty[19] = kFlagEncryption;
  expect_error(encrypted_empty, kMalformed, "encrypted message without a body");
}

TEST(Ikev1Malformed, GenericHeaders) {
  expect_error(message(PayloadType::kHash, "000000"), kMalformed,
               "payload #1 (HASH) at offset 28: generic payload header needs 4 bytes, 3 remain");
  expect_error(message(PayloadType::kVendorId, "0d000000"), kMalformed, "length 0 is below");
  expect_error(message(PayloadType::kHash, "00000010 aabbccdd"), kMalformed,
               "payload length 16 exceeds the 8 bytes left");
  expect_error(message(PayloadType::kHash, "0b000008 aabbccdd"), kMalformed,
               "payload #2 (N) at offset 36: generic payload header needs 4 bytes, 0 remain");
  expect_error(message(PayloadType::kProposal, "00000008 00000000"), 1,
               "Proposal/Transform outside an SA payload");
}

TEST(Ikev1Malformed, SaPayload) {
  const std::string proposal = "00000014 01010001 0000000c 01010000 80010007";
  ASSERT_TRUE(
      parse_message(message(PayloadType::kSa, "00000020 00000001 00000001" + proposal)).ok());
  expect_error(message(PayloadType::kSa, "00000008 00000000"), kMalformed, "DOI and situation");
  expect_error(message(PayloadType::kSa, "00000020 00000002 00000001" + proposal), 2,
               "DOI 2 is not the IPsec DOI");
  expect_error(message(PayloadType::kSa, "00000020 00000001 00000003" + proposal), 3,
               "situation 0x3");
  expect_error(message(PayloadType::kSa, "0000000c 00000001 00000001"), 15, "no proposal");
  expect_error(message(PayloadType::kSa,
                       "00000020 00000001 00000001"
                       "00000014 01010002 0000000c 01010000 80010007"),
               15, "proposal #1: announces 2 transforms but holds 1");
  expect_error(message(PayloadType::kSa,
                       "00000020 00000001 00000001"
                       "00000014 01011001 0000000c 01010000 80010007"),
               15, "SPI of size 16");
  expect_error(message(PayloadType::kSa,
                       "00000020 00000001 00000001"
                       "02000014 01010001 0000000c 01010000 80010007"),
               15, "proposal #1 announces another proposal");
  expect_error(message(PayloadType::kSa,
                       "00000020 00000001 00000001"
                       "00000014 01010001 0000000c 01010000 00010007"),
               15, "attribute #1 (type 1) value needs 7 bytes");
}

TEST(Ikev1Malformed, OtherPayloads) {
  expect_error(message(PayloadType::kKe, "00000004"), kMalformed, "empty key exchange data");
  expect_error(message(PayloadType::kNonce, "0000000b 00112233445566"), kMalformed,
               "nonce of 7 bytes (must be 8..256)");
  expect_error(message(PayloadType::kId, "00000007 011100"), kMalformed, "ID type, protocol");
  expect_error(message(PayloadType::kId, "0000000c 06000000 20010db8"), 18,
               "ID type 6 carries 4 bytes (expected 32)");
  expect_error(message(PayloadType::kNotification, "0000000b 00000001 010010"), kMalformed,
               "DOI, protocol, SPI size");
  expect_error(message(PayloadType::kNotification, "0000000e 00000001 01108d28 0123"), kMalformed,
               "SPI of size 16 needs 16 bytes, 2 remain");
  expect_error(message(PayloadType::kDelete, "0000000c 00000001 03040000"), kMalformed,
               "0 SPIs of size 4");
  expect_error(message(PayloadType::kDelete, "00000010 00000001 03040002 01020304"), kMalformed,
               "2 SPIs of 4 bytes need 8 bytes, the payload has 4");
  expect_error(message(PayloadType::kNatOa, "0000000c 05000000 c0000201"), kMalformed,
               "ID type 5 with 4 address bytes");
  expect_error(message(PayloadType::kAttribute, "0000000b 01000001 000100"), kMalformed,
               "attribute #1");
  expect_error(message(PayloadType::kFragment, "00000009 00010001 aa"), kMalformed,
               "fragment number 0");
}

TEST(Ikev1Malformed, UnknownPayloadsAreKept) {
  auto m = parse_message(message(PayloadType{15}, "08000006 abcd" + kHash));
  ASSERT_TRUE(m.ok()) << m.error().message;
  ASSERT_EQ(m->payloads.size(), 2u);
  EXPECT_EQ(m->payloads[0].get<UnknownPayload>()->type, 15);
}

TEST(Ikev1Malformed, EveryTruncationOfEverySampleFailsCleanly) {
  for (const auto& [name, msg] : test::v1::all_messages()) {
    auto bytes = encode(msg);
    ASSERT_TRUE(bytes.ok());
    for (std::size_t len = 0; len < bytes->size(); ++len) {
      Bytes cut(bytes->begin(), bytes->begin() + static_cast<std::ptrdiff_t>(len));
      EXPECT_FALSE(parse_message(cut).ok()) << name << " cut at " << len;
      if (len >= 28) store_be32(&cut[24], static_cast<std::uint32_t>(len));
      (void)parse_message(cut);
    }
  }
}

}  // namespace
}  // namespace oakley::wire::ikev1
