// IKEv1: build → parse → build identical bytes and typed values for every payload type; raw
// bodies and offsets for the hash computations; byte-exact layouts of RFC 2408/2409.
#include <gtest/gtest.h>

#include "wire/ikev1/describe.hpp"
#include "wire/ikev1/message.hpp"
#include "wire/ikev1/names.hpp"
#include "wire/ikev1/vendor_ids.hpp"
#include "wire/samples.hpp"
#include "wire/test_util.hpp"

namespace oakley::wire::ikev1 {
namespace {

using test::hex;
using test::pattern;

std::vector<PayloadBody> bodies(const std::vector<Payload>& payloads) {
  std::vector<PayloadBody> out;
  for (const auto& p : payloads)
    out.push_back(p.body);
  return out;
}

void expect_round_trip(const std::vector<Payload>& payloads) {
  Message m{test::v1::header(ExchangeType::kQuickMode, 7, true), payloads, {}};
  auto bytes = encode(m);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  auto parsed = parse_message(*bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(bodies(parsed->payloads), bodies(payloads));
  std::size_t offset = 28;
  for (const auto& p : parsed->payloads) {
    EXPECT_EQ(p.raw_body, encode_body(p.body));
    EXPECT_EQ(p.offset, offset);
    EXPECT_EQ(p.length, 4 + p.raw_body.size());
    offset += p.length;
  }
  auto again = encode(*parsed);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(to_hex(*again), to_hex(*bytes));
}

TEST(Ikev1RoundTrip, SaForPhase1AndQuickMode) {
  expect_round_trip({Payload{test::v1::main_mode_1().payloads[0]}});
  expect_round_trip({test::v1::quick_mode_1_inner()[1]});
  Proposal ah{1,
              ProtocolId::kAh,
              hex("01020304"),
              {Transform{1, static_cast<std::uint8_t>(AhTransformId::kSha), {}}}};
  Proposal esp{1,
               ProtocolId::kEsp,
               hex("05060708"),
               {Transform{1, static_cast<std::uint8_t>(EspTransformId::k3des), {}},
                Transform{2, static_cast<std::uint8_t>(EspTransformId::kNull), {}}}};
  Proposal comp{2,
                ProtocolId::kIpcomp,
                hex("0102"),
                {Transform{1, static_cast<std::uint8_t>(IpcompTransformId::kDeflate), {}}}};
  expect_round_trip({Payload{SaPayload{kDoiIpsec, kSitIdentityOnly, {ah, esp, comp}}}});
}

TEST(Ikev1RoundTrip, OpaquePayloads) {
  expect_round_trip({Payload{KePayload{pattern(128, 1)}}, Payload{NoncePayload{pattern(8, 2)}},
                     Payload{NoncePayload{pattern(256, 3)}}, Payload{HashPayload{pattern(20, 4)}},
                     Payload{SigPayload{pattern(128, 5)}}, Payload{VendorIdPayload{}},
                     Payload{VendorIdPayload{pattern(16, 6)}},
                     Payload{NatDPayload{pattern(20, 7), false}},
                     Payload{NatDPayload{pattern(16, 8), true}}});
}

TEST(Ikev1RoundTrip, IdentitiesAndCertificates) {
  auto ts = TrafficSelector::from_prefix(*IpAddress::parse("2001:db8::"), 48, 17, 4500, 4500);
  IdPayload range = IdPayload::from_traffic_selector(
      TrafficSelector{*IpAddress::parse("10.0.0.5"), *IpAddress::parse("10.0.0.9"), 0, 0, 0xffff});
  expect_round_trip({Payload{IdPayload::address(*IpAddress::parse("192.0.2.1"))},
                     Payload{IdPayload::fqdn("moon.strongswan.org")},
                     Payload{IdPayload::key_id(pattern(8, 1))},
                     Payload{IdPayload::from_traffic_selector(ts)}, Payload{range},
                     Payload{IdPayload{IdType::kDerAsn1Dn, 0, 0, pattern(40, 2)}},
                     Payload{CertPayload{CertEncoding::kX509Signature, pattern(500, 3)}},
                     Payload{CertreqPayload{CertEncoding::kX509Signature, {}}},
                     Payload{CertreqPayload{CertEncoding::kX509Signature, pattern(30, 4)}}});
  EXPECT_EQ(IdPayload::from_traffic_selector(ts).id_type, IdType::kIpv6AddrSubnet);
  EXPECT_EQ(IdPayload::from_traffic_selector(ts).to_traffic_selector()->to_string(),
            ts.to_string());
  EXPECT_EQ(range.id_type, IdType::kIpv4AddrRange);
  EXPECT_EQ(range.to_traffic_selector()->to_string(), "10.0.0.5..10.0.0.9");
}

TEST(Ikev1RoundTrip, NotifyDeleteAndDpd) {
  auto dpd = NotifyPayload::dpd(false, test::kSpiI, test::kSpiR, 77);
  expect_round_trip({Payload{dpd}, Payload{NotifyPayload::dpd(true, 1, 2, 78)},
                     Payload{NotifyPayload{kDoiIsakmp, ProtocolId::kEsp, hex("01020304"),
                                           NotifyType::kNoProposalChosen, pattern(10, 1)}},
                     Payload{DeletePayload::isakmp(test::kSpiI, test::kSpiR)},
                     Payload{DeletePayload::ipsec(ProtocolId::kEsp, {1, 2})}});
  EXPECT_EQ(dpd.dpd_sequence(), 77u);
  EXPECT_EQ(to_hex(dpd.spi), "0123456789abcdeffedcba9876543210");
}

TEST(Ikev1RoundTrip, ModeConfigNatOaFragmentUnknown) {
  expect_round_trip({test::v1::xauth_request_inner()[1], test::v1::mode_config_reply_inner()[1],
                     Payload{NatOaPayload{*IpAddress::parse("192.168.1.2"), false}},
                     Payload{NatOaPayload{*IpAddress::parse("2001:db8::2"), true}},
                     Payload{FragmentPayload{7, 3, kFragmentLast, pattern(100, 1)}},
                     Payload{UnknownPayload{15, pattern(20, 2)}}});
}

TEST(Ikev1RoundTrip, SampleMessages) {
  for (const auto& [name, m] : test::v1::all_messages()) {
    SCOPED_TRACE(name);
    auto bytes = encode(m);
    ASSERT_TRUE(bytes.ok());
    auto parsed = parse_message(*bytes);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(bodies(parsed->payloads), bodies(m.payloads));
    EXPECT_EQ(parsed->encrypted_body, m.encrypted_body);
    EXPECT_EQ(to_hex(*encode(*parsed)), to_hex(*bytes));
    if (m.header.encrypted()) {
      // The pretend cipher is NULL: the "ciphertext" is the padded chain.
      auto inner = parse_payload_chain(parsed->header.next_payload, parsed->encrypted_body);
      ASSERT_TRUE(inner.ok()) << inner.error().message;
      EXPECT_FALSE(inner->empty());
    }
  }
}

TEST(Ikev1Encode, Phase1SaMatchesTheCapturedLayout) {
  // ISAKMP_sa_setup.pcap frame 1 (tcpdump tests): AES-128/SHA1/MODP768/PSK, lifetime 86400 s.
  Transform t{1, kTransformKeyIke, {}};
  t.attributes = {DataAttribute::basic(1, 7),       DataAttribute::basic(14, 128),
                  DataAttribute::basic(2, 2),       DataAttribute::basic(4, 1),
                  DataAttribute::basic(3, 1),       DataAttribute::basic(11, 1),
                  DataAttribute::integer(12, 86400)};
  SaPayload sa{kDoiIpsec, kSitIdentityOnly, {Proposal{1, ProtocolId::kIsakmp, {}, {t}}}};
  EXPECT_EQ(to_hex(encode_body(Payload{sa}.body)),
            "00000001"
            "00000001"  // DOI, situation
            "00000030"
            "01010001"  // proposal: last, len 48, #1, ISAKMP
            "00000028"
            "01010000"  // transform: last, len 40, #1, KEY_IKE
            "80010007"
            "800e0080"
            "80020002"
            "80040001"
            "80030001"
            "800b0001"
            "000c000400015180");
}

TEST(Ikev1Encode, ChainOffsetsForQuickModeHash) {
  auto payloads = test::v1::quick_mode_1_inner();
  auto chain = encode_payload_chain(payloads);
  ASSERT_TRUE(chain.ok());
  EXPECT_EQ(chain->first_type, PayloadType::kHash);
  ASSERT_EQ(chain->offsets.size(), payloads.size());
  EXPECT_EQ(chain->offsets[0], 0u);
  EXPECT_EQ(chain->offsets[1], 4u + 32u);
  EXPECT_EQ(chain->body(0).size(), 32u);
  EXPECT_EQ(chain->after(0).size(), chain->bytes.size() - 36);
  // HASH(1) is computed over what follows the HASH payload, then written into it.
  Bytes hash1 = pattern(32, 99);
  std::copy(hash1.begin(), hash1.end(), chain->body(0).begin());
  Bytes padded = chain->bytes;
  padded.resize(padded.size() + 11, 0xee);  // cipher padding after the last payload
  auto parsed = parse_payload_chain(chain->first_type, padded);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->front().get<HashPayload>()->data, hash1);
  EXPECT_EQ(to_hex(bytes_after(padded, *parsed, 0)), to_hex(chain->after(0)));
  EXPECT_TRUE(bytes_after(padded, *parsed, parsed->size() - 1).empty());
}

TEST(Ikev1Encode, EncryptedMessage) {
  Header h = test::v1::header(ExchangeType::kIdentityProtection, 0, true);
  h.flags = kFlagEncryption;
  h.next_payload = PayloadType::kId;
  auto bytes = encode(Message{h, {}, pattern(48, 1)});
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes->size(), 28u + 48u);
  EXPECT_EQ(to_hex(ByteView(*bytes).first(28)),
            "0123456789abcdeffedcba9876543210"
            "05100201"
            "00000000"
            "0000004c");
}

TEST(Ikev1Describe, StrongSwanStyle) {
  EXPECT_EQ(describe_payloads(test::v1::main_mode_1().payloads), "[ SA V V V ]");
  EXPECT_EQ(describe_payloads(test::v1::main_mode_3().payloads), "[ KE No NAT-D NAT-D ]");
  EXPECT_EQ(describe_payloads(test::v1::main_mode_5_inner()), "[ ID HASH N(INITIAL_CONTACT) ]");
  EXPECT_EQ(describe_payloads(test::v1::quick_mode_1_inner()),
            "[ HASH SA No KE ID ID NAT-OA NAT-OA ]");
  EXPECT_EQ(describe_payloads(test::v1::dpd_inner(false)), "[ HASH N(DPD) ]");
  EXPECT_EQ(describe_payloads(test::v1::dpd_inner(true)), "[ HASH N(DPD_ACK) ]");
  EXPECT_EQ(describe_payloads(test::v1::delete_inner()), "[ HASH D D ]");
  EXPECT_EQ(describe_payloads(test::v1::xauth_request_inner()),
            "[ HASH CPRQ(X_TYPE X_USER X_PWD) ]");
  EXPECT_EQ(describe_message(test::v1::fragment(2, true)), "ID_PROT 0 [ FRAG(2) ]");
  EXPECT_EQ(
      describe_message(test::v1::encrypted(test::v1::header(ExchangeType::kQuickMode, 9, true),
                                           test::v1::quick_mode_3_inner())),
      "QUICK_MODE 9 [ ENCRYPTED(48 bytes) ]");
}

TEST(Ikev1VendorIds, KnownIds) {
  EXPECT_EQ(vendor_id_name(hex("4a131c81070358455c5728f20e95452f")), "RFC 3947");
  EXPECT_EQ(vendor_id_name(hex("afcad71368a1f1c96b8696fc77570100")), "DPD");
  EXPECT_EQ(vendor_id_name(hex("90cb80913ebb696e086381b5ec427b1f")),
            "draft-ietf-ipsec-nat-t-ike-02\\n");
  EXPECT_TRUE(is_vendor_id(hex("4048b7d56ebce88525e7de7f00d6c2d380000000"), kVidFragmentation));
  EXPECT_FALSE(is_vendor_id(hex("4a131c81070358455c5728f20e9545"), kVidRfc3947));
  EXPECT_EQ(vendor_id_name(hex("0102")), "");
}

TEST(Ikev1Names, Names) {
  EXPECT_EQ(notify_name(NotifyType::kRUThere), "R-U-THERE");
  EXPECT_EQ(notify_name(NotifyType::kPayloadMalformed), "PAYLOAD-MALFORMED");
  EXPECT_EQ(exchange_name(ExchangeType::kQuickMode), "QUICK_MODE");
  EXPECT_EQ(encapsulation_mode_name(EncapsulationMode::kUdpEncapsulatedTunnelDraft),
            "UDP_ENCAPSULATED_TUNNEL_DRAFT");
  EXPECT_EQ(phase1_auth_method_name(Phase1AuthMethod::kXauthInitPreShared), "XAUTH_INIT_PSK");
  EXPECT_EQ(payload_short_name(PayloadType::kNatDDraft), "NAT-D");
  EXPECT_EQ(payload_short_name(PayloadType{200}), "UNKNOWN(200)");
}

}  // namespace
}  // namespace oakley::wire::ikev1
