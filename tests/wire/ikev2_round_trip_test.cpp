// IKEv2: build → parse → build gives identical bytes and the typed values put in, for every
// payload type; byte-exact encodings checked by hand against RFC 7296's layouts.
#include <gtest/gtest.h>

#include "wire/ikev2/describe.hpp"
#include "wire/ikev2/message.hpp"
#include "wire/ikev2/names.hpp"
#include "wire/samples.hpp"
#include "wire/test_util.hpp"

namespace oakley::wire::ikev2 {
namespace {

using test::hex;
using test::pattern;

Header test_header() {
  return test::v2::header(ExchangeType::kIkeAuth, 1, false);
}

// Encodes a message holding `payloads`, parses it back, and checks values and bytes.
void expect_round_trip(const std::vector<Payload>& payloads) {
  Message m{test_header(), payloads};
  auto bytes = encode(m);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  auto parsed = parse_message(*bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->payloads, payloads);
  EXPECT_EQ(parsed->header.length, bytes->size());
  auto again = encode(*parsed);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(to_hex(*again), to_hex(*bytes));
}

TEST(Ikev2RoundTrip, Sa) {
  Proposal esp{2, ProtocolId::kEsp, hex("c0ffee01"), {}};
  esp.transforms = {Transform::encr(EncrId::kAesCbc, 256),
                    Transform::integ(IntegId::kHmacSha256_128), Transform::esn(EsnId::kEsn)};
  esp.transforms[0].other_attributes.push_back(DataAttribute::variable(99, hex("abcd")));
  Proposal rekey{1, ProtocolId::kIke, pattern(8, 1), {Transform::encr(EncrId::kChacha20Poly1305)}};
  expect_round_trip({Payload{SaPayload{{rekey, esp}}}});
}

TEST(Ikev2RoundTrip, KeNonceVendor) {
  expect_round_trip({Payload{KePayload{DhId::kModp2048, pattern(256, 3)}},
                     Payload{NoncePayload{pattern(16, 4)}}, Payload{NoncePayload{pattern(256, 5)}},
                     Payload{VendorIdPayload{pattern(20, 6)}}, Payload{VendorIdPayload{}}});
}

TEST(Ikev2RoundTrip, IdAuthCert) {
  expect_round_trip({Payload{IdPayload{Side::kInitiator, IdType::kIpv6Addr, pattern(16, 1)}},
                     Payload{IdPayload{Side::kResponder, IdType::kNull, {}}},
                     Payload{IdPayload{Side::kInitiator, IdType::kRfc822Addr, pattern(9, 2)}},
                     Payload{AuthPayload{AuthMethod::kEcdsaSha256P256, pattern(64, 3)}},
                     Payload{CertPayload{CertEncoding::kX509Signature, pattern(300, 4)}},
                     Payload{CertreqPayload{CertEncoding::kX509Signature, pattern(40, 5)}},
                     Payload{CertreqPayload{CertEncoding::kX509Signature, {}}}});
}

TEST(Ikev2RoundTrip, NotifyAndDelete) {
  expect_round_trip(
      {Payload{NotifyPayload{ProtocolId::kEsp, hex("01020304"), NotifyType::kRekeySa, {}}},
       Payload{NotifyPayload::of(NotifyType::kCookie, pattern(64, 1))},
       Payload{NotifyPayload::of(NotifyType{50000}, hex("01"))}, Payload{DeletePayload::ike()},
       Payload{DeletePayload::child(ProtocolId::kAh, {1, 2, 3})}});
}

TEST(Ikev2RoundTrip, TrafficSelectors) {
  TsPayload ts{Side::kResponder, {}};
  ts.selectors.push_back(TsSelector::from_range(
      TrafficSelector::from_prefix(*IpAddress::parse("10.0.0.0"), 8, 17, 53, 53)));
  ts.selectors.push_back(TsSelector::from_range(TrafficSelector::any(IpAddress::Family::kV6)));
  TsSelector label;
  label.ts_type = TsType::kSecLabel;
  label.opaque = Bytes{'s', 'y', 's', 't', 'e', 'm', '_', 'u', 0};
  ts.selectors.push_back(label);
  expect_round_trip({Payload{TsPayload{Side::kInitiator, {}}}, Payload{ts}});
  EXPECT_EQ(ts.selectors[0].to_range()->to_string(), "10.0.0.0/8[udp/53]");
}

TEST(Ikev2RoundTrip, CpAndEap) {
  CpPayload cp{CfgType::kReply, {}};
  cp.attributes.push_back(
      CpAttribute::address(CpAttributeType::kInternalIp4Address, *IpAddress::parse("10.9.0.1")));
  cp.attributes.push_back(CpAttribute{CpAttributeType::kApplicationVersion, Bytes{'o', 'k'}});
  cp.attributes.push_back(CpAttribute::ip6_prefix(CpAttributeType::kInternalIp6Address,
                                                  *IpAddress::parse("2001:db8::1"), 64));
  expect_round_trip({Payload{cp}, Payload{EapPayload{hex("020100090161626364")}},
                     Payload{EapPayload{hex("03010004")}}});
  EXPECT_EQ(cp.attributes[0].as_address()->to_string(), "10.9.0.1");
  EXPECT_EQ(cp.attributes[2].as_address()->to_string(), "2001:db8::1");
  EXPECT_EQ(EapPayload{hex("020100090161626364")}.type(), 1);
}

TEST(Ikev2RoundTrip, UnknownPayloadsKeepTheirCriticalBit) {
  expect_round_trip({Payload{UnknownPayload{200, pattern(5, 1)}, true},
                     Payload{UnknownPayload{201, {}}, false},
                     Payload{NoncePayload{pattern(16, 2)}, true}});
}

TEST(Ikev2RoundTrip, SkAndSkfAreLast) {
  expect_round_trip({Payload{NoncePayload{pattern(16, 1)}},
                     Payload{SkPayload{PayloadType::kIdi, pattern(48, 2)}}});
  expect_round_trip({Payload{SkfPayload{PayloadType::kNone, 2, 3, pattern(48, 3)}}});
}

TEST(Ikev2RoundTrip, SampleMessagesAndInnerChains) {
  for (const auto& [name, m] : test::v2::all_messages()) {
    SCOPED_TRACE(name);
    expect_round_trip(m.payloads);
    auto bytes = encode(m);
    ASSERT_TRUE(bytes.ok());
    auto parsed = parse_message(*bytes);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    Header want = m.header;
    want.next_payload = m.payloads.front().type();
    want.length = static_cast<std::uint32_t>(bytes->size());
    EXPECT_EQ(parsed->header, want);
  }
}

TEST(Ikev2Encode, HeaderBytes) {
  Message m{test::v2::header(ExchangeType::kIkeSaInit, 0, false), {}};
  auto bytes = encode(m);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(to_hex(*bytes),
            "0123456789abcdef0000000000000000"
            "00202208"
            "00000000"
            "0000001c");
  auto h = peek_header(*bytes);
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(h->initiator());
  EXPECT_FALSE(h->response());
  EXPECT_EQ(to_hex(spi_bytes(h->initiator_spi)), "0123456789abcdef");
}

TEST(Ikev2Encode, PayloadLayoutsMatchRfc7296) {
  Message m{
      test_header(),
      {Payload{KePayload{DhId::kCurve25519, hex("aabb")}},
       Payload{
           SaPayload{{Proposal{1, ProtocolId::kIke, {}, {Transform::encr(EncrId::kAesCbc, 128)}}}}},
       Payload{NotifyPayload{ProtocolId::kEsp, hex("01020304"), NotifyType::kRekeySa, {}}, true}}};
  auto bytes = encode(m);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(to_hex(ByteView(*bytes).subspan(28)),
            // KE: next SA, len 10, group 31, reserved, data
            "2100000a001f0000aabb"
            // SA: next N, len 20; proposal last, len 16, #1 IKE spi 0, 1 transform;
            // transform last, len 12, ENCR, AES_CBC, key length 128 (TV)
            "29000018"
            "00000014"
            "01010001"
            "0000000c"
            "0100000c"
            "800e0080"
            // N: critical, len 12, ESP, spi size 4, REKEY_SA, spi
            "0080000c"
            "03044009"
            "01020304");
}

TEST(Ikev2Encode, IdBodyForAuth) {
  IdPayload id{Side::kInitiator, IdType::kFqdn, Bytes{'m', 'o', 'o', 'n'}};
  EXPECT_EQ(to_hex(encode_id_body(id)), "020000006d6f6f6e");
}

TEST(Ikev2Encode, PayloadChainAndEncryptedBodyOffset) {
  auto inner = test::v2::ike_auth_request_inner();
  auto chain = encode_payload_chain(inner);
  ASSERT_TRUE(chain.ok());
  EXPECT_EQ(chain->first_type, PayloadType::kIdi);
  auto back = parse_payload_chain(chain->first_type, chain->bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, inner);

  Message m{test_header(),
            {Payload{NoncePayload{pattern(16, 1)}},
             Payload{SkPayload{chain->first_type, pattern(100, 2)}}}};
  auto bytes = encode(m);
  ASSERT_TRUE(bytes.ok());
  auto offset = encrypted_body_offset(*bytes);
  ASSERT_TRUE(offset.ok());
  EXPECT_EQ(*offset, 28u + 20u + 4u);
  EXPECT_EQ(bytes->size() - *offset, 100u);
  EXPECT_EQ((*bytes)[*offset - 4], static_cast<std::uint8_t>(PayloadType::kIdi));  // SK header

  Message f{test_header(), {Payload{SkfPayload{PayloadType::kIdi, 1, 2, pattern(60, 3)}}}};
  auto fbytes = encode(f);
  ASSERT_TRUE(fbytes.ok());
  EXPECT_EQ(*encrypted_body_offset(*fbytes), 28u + 8u);
  EXPECT_FALSE(encrypted_body_offset(*encode(test::v2::ike_sa_init_request())).ok());
}

TEST(Ikev2Encode, RefusesWhatCannotBeSent) {
  Message sk_not_last{test_header(),
                      {Payload{SkPayload{PayloadType::kNone, pattern(8, 1)}},
                       Payload{NoncePayload{pattern(16, 2)}}}};
  EXPECT_FALSE(encode(sk_not_last).ok());
  EXPECT_FALSE(encode_payload_chain({Payload{SkPayload{PayloadType::kNone, pattern(8, 1)}}}).ok());
  Message too_big{test_header(),
                  {Payload{CertPayload{CertEncoding::kX509Signature, Bytes(70000)}}}};
  EXPECT_FALSE(encode(too_big).ok());
  Message bad_delete{test_header(), {Payload{DeletePayload{ProtocolId::kEsp, 4, {hex("01")}}}}};
  EXPECT_FALSE(encode(bad_delete).ok());
}

TEST(Ikev2Notify, TypedData) {
  auto ke = NotifyPayload::invalid_ke(DhId::kEcp256);
  EXPECT_EQ(to_hex(ke.data), "0013");
  EXPECT_EQ(ke.data_u16(), 19);
  EXPECT_TRUE(ke.is_error());
  auto hashes = NotifyPayload::u16_list(NotifyType::kSignatureHashAlgorithms, {2, 3, 4});
  EXPECT_EQ(hashes.data_u16_list(), (std::vector<std::uint16_t>{2, 3, 4}));
  EXPECT_EQ(hashes.data_u32(), std::nullopt);
  auto rekey = NotifyPayload::child(NotifyType::kRekeySa, ProtocolId::kEsp, 0xc0ffee01);
  EXPECT_EQ(to_hex(rekey.spi), "c0ffee01");
  expect_round_trip({Payload{ke}, Payload{hashes}, Payload{rekey}});
}

TEST(Ikev2Lookup, FindHelpers) {
  auto p = test::v2::ike_auth_request_inner();
  EXPECT_EQ(find_id(p, Side::kResponder)->id_type, IdType::kIpv4Addr);
  EXPECT_EQ(find_ts(p, Side::kInitiator)->selectors.size(), 2u);
  EXPECT_NE(find_notify(p, NotifyType::kMobikeSupported), nullptr);
  EXPECT_EQ(find_notify(p, NotifyType::kCookie), nullptr);
  EXPECT_EQ(find<AuthPayload>(p)->method, AuthMethod::kSharedKeyMic);
  EXPECT_EQ(find_all<NotifyPayload>(p).size(), 3u);
  EXPECT_EQ(find_error_notify(p), nullptr);
  EXPECT_EQ(unsupported_critical_payload(p), std::nullopt);
}

TEST(Ikev2Describe, StrongSwanStyle) {
  EXPECT_EQ(
      describe_message(test::v2::ike_sa_init_request()),
      "IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) N(HASH_ALG) V ]");
  EXPECT_EQ(describe_payloads(test::v2::ike_auth_request_inner()),
            "[ IDi CERT N(INIT_CONTACT) IDr AUTH CPRQ(ADDR DNS ADDR6) SA TSi TSr N(MOBIKE_SUP) "
            "N(ESP_TFC_PAD_N) ]");
  auto auth = test::v2::encrypted(test::v2::header(ExchangeType::kIkeAuth, 1, true), {});
  EXPECT_EQ(describe_message(auth), "IKE_AUTH response 1 [ SK ]");
  EXPECT_EQ(describe_payloads(test::v2::eap_request_inner()), "[ IDr EAP/REQ/ID ]");
  EXPECT_EQ(
      describe_payloads({Payload{SkfPayload{PayloadType::kNone, 2, 3, {}}},
                         Payload{UnknownPayload{77, {}}, true}, Payload{UnknownPayload{78, {}}}}),
      "[ SKF(2/3) CRITICAL(77) UNKNOWN(78) ]");
}

TEST(Ikev2Names, NotifyAndExchangeNames) {
  EXPECT_EQ(notify_name(NotifyType::kNatDetectionSourceIp), "NAT_DETECTION_SOURCE_IP");
  EXPECT_EQ(notify_short_name(NotifyType::kCookie), "COOKIE");
  EXPECT_EQ(notify_name(NotifyType{12345}), "NOTIFY(12345)");
  EXPECT_EQ(notify_name(NotifyType::kInvalidSyntax), "INVALID_SYNTAX");
  EXPECT_EQ(exchange_name(ExchangeType::kIkeIntermediate), "IKE_INTERMEDIATE");
  EXPECT_EQ(exchange_name(ExchangeType{99}), "EXCHANGE(99)");
  EXPECT_EQ(payload_short_name(PayloadType::kNonce), "No");
  EXPECT_EQ(auth_method_name(AuthMethod::kDigitalSignature), "DIGITAL_SIGNATURE");
  EXPECT_TRUE(is_error(NotifyType::kNoProposalChosen));
  EXPECT_FALSE(is_error(NotifyType::kInitialContact));
}

}  // namespace
}  // namespace oakley::wire::ikev2
