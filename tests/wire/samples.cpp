#include "wire/samples.hpp"

namespace oakley::wire::test {

Bytes pattern(std::size_t n, std::uint8_t seed) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i)
    b[i] = static_cast<std::uint8_t>(seed + i * 7);
  return b;
}

namespace v2 {

using namespace ikev2;

namespace {

IpAddress ip(const char* text) {
  return *IpAddress::parse(text);
}

Payload notify(NotifyType t, Bytes data = {}) {
  return Payload{NotifyPayload::of(t, data)};
}

// DER of the distinguished name "CN=sun".
Bytes dn_cn_sun() {
  return {0x30, 0x0e, 0x31, 0x0c, 0x30, 0x0a, 0x06, 0x03,
          0x55, 0x04, 0x03, 0x0c, 0x03, 's',  'u',  'n'};
}

// "Hash and URL of X.509 certificate" (RFC 7296 3.6): SHA-1 hash, then the URL.
Bytes hash_and_url() {
  Bytes b = pattern(20, 12);
  append(b, as_bytes("http://ca.example/moon.der"));
  return b;
}

SaPayload ike_proposals() {
  Proposal gcm{1, ProtocolId::kIke, {}, {}};
  gcm.transforms = {Transform::encr(EncrId::kAesGcm16, 256), Transform::prf(PrfId::kHmacSha256),
                    Transform::dh(DhId::kCurve25519), Transform::dh(DhId::kEcp256)};
  Proposal cbc{2, ProtocolId::kIke, {}, {}};
  cbc.transforms = {Transform::encr(EncrId::kAesCbc, 128),
                    Transform::integ(IntegId::kHmacSha256_128), Transform::prf(PrfId::kHmacSha256),
                    Transform::dh(DhId::kModp2048)};
  return SaPayload{{gcm, cbc}};
}

SaPayload esp_proposal(std::uint32_t spi) {
  Proposal p{1, ProtocolId::kEsp, {}, {}};
  put_be32(p.spi, spi);
  p.transforms = {Transform::encr(EncrId::kAesGcm16, 128), Transform::esn(EsnId::kNoEsn)};
  return SaPayload{{p}};
}

TsPayload ts(Side side, const char* net, unsigned prefix) {
  TsPayload t{side, {}};
  t.selectors.push_back(TsSelector::from_range(TrafficSelector::from_prefix(ip(net), prefix)));
  t.selectors.push_back(
      TsSelector::from_range(TrafficSelector::from_prefix(ip("2001:db8::"), 64, 6, 443, 443)));
  return t;
}

}  // namespace

Header header(ExchangeType type, std::uint32_t message_id, bool response) {
  Header h;
  h.initiator_spi = kSpiI;
  h.responder_spi = type == ExchangeType::kIkeSaInit && !response ? 0 : kSpiR;
  h.exchange_type = type;
  h.flags = response ? kFlagResponse : kFlagInitiator;
  h.message_id = message_id;
  return h;
}

Message ike_sa_init_request() {
  Message m{header(ExchangeType::kIkeSaInit, 0, false), {}};
  m.payloads = {
      Payload{ike_proposals()},
      Payload{KePayload{DhId::kCurve25519, pattern(32, 1)}},
      Payload{NoncePayload{pattern(32, 2)}},
      notify(NotifyType::kNatDetectionSourceIp, pattern(20, 3)),
      notify(NotifyType::kNatDetectionDestinationIp, pattern(20, 4)),
      notify(NotifyType::kIkev2FragmentationSupported),
      notify(NotifyType::kSignatureHashAlgorithms, {0, 2, 0, 3, 0, 4}),
      Payload{VendorIdPayload{pattern(16, 5)}},
  };
  return m;
}

Message ike_sa_init_response() {
  Message m{header(ExchangeType::kIkeSaInit, 0, true), {}};
  SaPayload chosen = ike_proposals();
  chosen.proposals.resize(1);
  chosen.proposals[0].transforms.pop_back();
  m.payloads = {
      Payload{chosen},
      Payload{KePayload{DhId::kCurve25519, pattern(32, 6)}},
      Payload{NoncePayload{pattern(32, 7)}},
      notify(NotifyType::kNatDetectionSourceIp, pattern(20, 8)),
      notify(NotifyType::kNatDetectionDestinationIp, pattern(20, 9)),
      Payload{CertreqPayload{CertEncoding::kX509Signature, pattern(40, 10)}},
      notify(NotifyType::kIkev2FragmentationSupported),
      notify(NotifyType::kChildlessIkev2Supported),
  };
  return m;
}

Message ike_sa_init_cookie() {
  Message m{header(ExchangeType::kIkeSaInit, 0, true), {}};
  m.header.responder_spi = 0;
  m.payloads = {notify(NotifyType::kCookie, pattern(24, 11))};
  return m;
}

std::vector<Payload> ike_auth_request_inner() {
  CpPayload cp{CfgType::kRequest, {}};
  for (auto t : {CpAttributeType::kInternalIp4Address, CpAttributeType::kInternalIp4Dns,
                 CpAttributeType::kInternalIp6Address})
    cp.attributes.push_back(CpAttribute{t, {}});
  return {
      Payload{IdPayload{Side::kInitiator, IdType::kFqdn, Bytes{'m', 'o', 'o', 'n'}}},
      Payload{CertPayload{CertEncoding::kHashUrlX509Cert, hash_and_url()}},
      notify(NotifyType::kInitialContact),
      Payload{IdPayload{Side::kResponder, IdType::kIpv4Addr, {192, 0, 2, 1}}},
      Payload{AuthPayload{AuthMethod::kSharedKeyMic, pattern(32, 13)}},
      Payload{cp},
      Payload{esp_proposal(0xc0ffee01)},
      Payload{ts(Side::kInitiator, "10.1.0.0", 16)},
      Payload{ts(Side::kResponder, "10.2.0.0", 16)},
      notify(NotifyType::kMobikeSupported),
      notify(NotifyType::kEspTfcPaddingNotSupported),
  };
}

std::vector<Payload> ike_auth_response_inner() {
  CpPayload cp{CfgType::kReply, {}};
  cp.attributes.push_back(
      CpAttribute::address(CpAttributeType::kInternalIp4Address, ip("10.3.0.1")));
  cp.attributes.push_back(CpAttribute::address(CpAttributeType::kInternalIp4Dns, ip("10.3.0.53")));
  cp.attributes.push_back(
      CpAttribute::ip6_prefix(CpAttributeType::kInternalIp6Address, ip("2001:db8:3::1"), 64));
  return {
      Payload{IdPayload{Side::kResponder, IdType::kDerAsn1Dn, dn_cn_sun()}},
      Payload{AuthPayload{AuthMethod::kDigitalSignature, pattern(80, 15)}},
      Payload{cp},
      Payload{esp_proposal(0xc0ffee02)},
      Payload{ts(Side::kInitiator, "10.3.0.1", 32)},
      Payload{ts(Side::kResponder, "10.2.0.0", 16)},
      notify(NotifyType::kAdditionalTsPossible),
  };
}

std::vector<Payload> eap_request_inner() {
  Bytes eap = {1, 7, 0, 5, 1};  // Request, id 7, length 5, type Identity
  return {
      Payload{IdPayload{Side::kResponder, IdType::kFqdn, Bytes{'s', 'u', 'n'}}},
      Payload{EapPayload{eap}},
  };
}

std::vector<Payload> create_child_sa_request_inner() {
  return {
      notify(NotifyType::kRekeySa),
      Payload{esp_proposal(0xc0ffee03)},
      Payload{NoncePayload{pattern(32, 16)}},
      Payload{KePayload{DhId::kCurve25519, pattern(32, 17)}},
      Payload{ts(Side::kInitiator, "10.1.0.0", 16)},
      Payload{ts(Side::kResponder, "10.2.0.0", 16)},
  };
}

std::vector<Payload> create_child_sa_response_inner() {
  auto p = create_child_sa_request_inner();
  p.erase(p.begin());
  *p[0].get<SaPayload>() = esp_proposal(0xc0ffee04);
  return p;
}

std::vector<Payload> informational_delete_inner() {
  return {Payload{DeletePayload::child(ProtocolId::kEsp, {0xc0ffee01, 0xc0ffee03})},
          Payload{DeletePayload::ike()}};
}

Message encrypted(Header h, const std::vector<Payload>& inner) {
  auto chain = encode_payload_chain(inner);
  Bytes body = pattern(16, 0x40);
  append(body, chain->bytes);
  std::size_t pad = (16 - (chain->bytes.size() + 1) % 16) % 16;
  body.insert(body.end(), pad, 0);
  body.push_back(static_cast<std::uint8_t>(pad));
  append(body, pattern(16, 0x80));
  return Message{h, {Payload{SkPayload{chain->first_type, body}}}};
}

Message fragment(Header h, std::uint16_t number, std::uint16_t total, PayloadType first) {
  SkfPayload f{number == 1 ? first : PayloadType::kNone, number, total,
               pattern(16 + 64 + 16, static_cast<std::uint8_t>(number))};
  return Message{h, {Payload{f}}};
}

Message plaintext(Header h, std::vector<Payload> inner) {
  return Message{h, std::move(inner)};
}

std::vector<Named> all_messages() {
  auto auth_i = header(ExchangeType::kIkeAuth, 1, false);
  auto auth_r = header(ExchangeType::kIkeAuth, 1, true);
  auto child_i = header(ExchangeType::kCreateChildSa, 2, false);
  auto child_r = header(ExchangeType::kCreateChildSa, 2, true);
  auto info_i = header(ExchangeType::kInformational, 3, false);
  return {
      {"ike_sa_init_request", ike_sa_init_request()},
      {"ike_sa_init_response", ike_sa_init_response()},
      {"ike_sa_init_cookie", ike_sa_init_cookie()},
      {"ike_auth_request", encrypted(auth_i, ike_auth_request_inner())},
      {"ike_auth_response", encrypted(auth_r, ike_auth_response_inner())},
      {"ike_auth_fragment", fragment(auth_i, 1, 2, PayloadType::kIdi)},
      {"create_child_sa_request", encrypted(child_i, create_child_sa_request_inner())},
      {"create_child_sa_response", encrypted(child_r, create_child_sa_response_inner())},
      {"informational_request", encrypted(info_i, informational_delete_inner())},
      {"plain_ike_auth_request", plaintext(auth_i, ike_auth_request_inner())},
      {"plain_ike_auth_response", plaintext(auth_r, ike_auth_response_inner())},
      {"plain_eap_request", plaintext(auth_r, eap_request_inner())},
      {"plain_create_child_sa_request", plaintext(child_i, create_child_sa_request_inner())},
      {"plain_informational_request", plaintext(info_i, informational_delete_inner())},
  };
}

}  // namespace v2

namespace v1 {

using namespace ikev1;

namespace {

IpAddress ip(const char* text) {
  return *IpAddress::parse(text);
}

DataAttribute attr(Phase1Attribute t, std::uint64_t v) {
  return DataAttribute::integer(t, v);
}
DataAttribute attr(IpsecAttribute t, std::uint64_t v) {
  return DataAttribute::integer(t, v);
}

Transform phase1_transform(std::uint8_t number, Phase1Encryption encr, std::uint16_t key_bits,
                           Phase1Hash hash, DhId group) {
  Transform t{number, kTransformKeyIke, {}};
  t.attributes = {attr(Phase1Attribute::kEncryptionAlgorithm, static_cast<std::uint16_t>(encr)),
                  attr(Phase1Attribute::kKeyLength, key_bits),
                  attr(Phase1Attribute::kHashAlgorithm, static_cast<std::uint16_t>(hash)),
                  attr(Phase1Attribute::kAuthenticationMethod,
                       static_cast<std::uint16_t>(Phase1AuthMethod::kPreSharedKey)),
                  attr(Phase1Attribute::kGroupDescription, static_cast<std::uint16_t>(group)),
                  attr(Phase1Attribute::kLifeType, static_cast<std::uint16_t>(LifeType::kSeconds)),
                  attr(Phase1Attribute::kLifeDuration, 86400)};
  return t;
}

SaPayload phase1_sa(bool both) {
  Proposal p{1, ProtocolId::kIsakmp, {}, {}};
  p.transforms.push_back(
      phase1_transform(1, Phase1Encryption::kAesCbc, 256, Phase1Hash::kSha2_256, DhId::kModp2048));
  if (both) {
    p.transforms.push_back(
        phase1_transform(2, Phase1Encryption::kAesCbc, 128, Phase1Hash::kSha1, DhId::kModp1024));
  }
  return SaPayload{kDoiIpsec, kSitIdentityOnly, {p}};
}

SaPayload esp_sa(std::uint32_t spi) {
  Proposal p{1, ProtocolId::kEsp, {}, {}};
  put_be32(p.spi, spi);
  Transform t{1, static_cast<std::uint8_t>(EspTransformId::kAes), {}};
  t.attributes = {
      attr(IpsecAttribute::kSaLifeType, static_cast<std::uint16_t>(LifeType::kSeconds)),
      attr(IpsecAttribute::kSaLifeDuration, 3600),
      attr(IpsecAttribute::kEncapsulationMode,
           static_cast<std::uint16_t>(EncapsulationMode::kUdpEncapsulatedTunnel)),
      attr(IpsecAttribute::kAuthenticationAlgorithm,
           static_cast<std::uint16_t>(IpsecAuthAlgorithm::kHmacSha2_256)),
      attr(IpsecAttribute::kKeyLength, 128),
      attr(IpsecAttribute::kGroupDescription, static_cast<std::uint16_t>(DhId::kModp2048)),
      attr(IpsecAttribute::kSaLifeType, static_cast<std::uint16_t>(LifeType::kKilobytes)),
      attr(IpsecAttribute::kSaLifeDuration, 4608000),
  };
  p.transforms.push_back(t);
  return SaPayload{kDoiIpsec, kSitIdentityOnly, {p}};
}

Payload vid(const char* text) {
  std::string_view s(text);
  return Payload{VendorIdPayload{Bytes(s.begin(), s.end())}};
}

Payload hash(std::uint8_t seed) {
  return Payload{HashPayload{pattern(32, seed)}};
}

}  // namespace

Header header(ExchangeType type, std::uint32_t message_id, bool responder_known) {
  Header h;
  h.initiator_cookie = kSpiI;
  h.responder_cookie = responder_known ? kSpiR : 0;
  h.exchange_type = type;
  h.message_id = message_id;
  return h;
}

Message main_mode_1() {
  Message m{header(ExchangeType::kIdentityProtection, 0, false), {}, {}};
  m.payloads = {Payload{phase1_sa(true)}, Payload{VendorIdPayload{pattern(16, 1)}},
                vid("draft-ietf-ipsec-nat-t-ike-02\n"), Payload{VendorIdPayload{pattern(16, 2)}}};
  return m;
}

Message main_mode_2() {
  Message m{header(ExchangeType::kIdentityProtection, 0, true), {}, {}};
  m.payloads = {Payload{phase1_sa(false)}, Payload{VendorIdPayload{pattern(16, 1)}},
                Payload{VendorIdPayload{pattern(16, 3)}}};
  return m;
}

Message main_mode_3() {
  Message m{header(ExchangeType::kIdentityProtection, 0, true), {}, {}};
  m.payloads = {Payload{KePayload{pattern(256, 4)}}, Payload{NoncePayload{pattern(32, 5)}},
                Payload{NatDPayload{pattern(32, 6), false}},
                Payload{NatDPayload{pattern(32, 7), false}}};
  return m;
}

Message main_mode_4() {
  Message m = main_mode_3();
  m.payloads[0] = Payload{KePayload{pattern(256, 8)}};
  m.payloads[1] = Payload{NoncePayload{pattern(32, 9)}};
  m.payloads.insert(m.payloads.begin() + 2,
                    Payload{CertreqPayload{CertEncoding::kX509Signature, pattern(20, 10)}});
  return m;
}

Message aggressive_1() {
  Message m{header(ExchangeType::kAggressive, 0, false), {}, {}};
  m.payloads = {Payload{phase1_sa(false)}, Payload{KePayload{pattern(256, 11)}},
                Payload{NoncePayload{pattern(20, 12)}},
                Payload{IdPayload::user_fqdn("carol@strongswan.org")},
                Payload{VendorIdPayload{pattern(16, 13)}}};
  return m;
}

std::vector<Payload> main_mode_5_inner() {
  IdPayload id = IdPayload::address(ip("192.0.2.1"));
  id.protocol = 17;
  id.port = 500;
  NotifyPayload contact{kDoiIpsec, ProtocolId::kIsakmp, {}, NotifyType::kInitialContact, {}};
  put_be64(contact.spi, kSpiI);
  put_be64(contact.spi, kSpiR);
  return {Payload{id}, hash(14), Payload{contact}};
}

std::vector<Payload> quick_mode_1_inner() {
  auto local = TrafficSelector::from_prefix(ip("10.1.0.0"), 16);
  auto remote = TrafficSelector::from_prefix(ip("10.2.0.5"), 32, 6, 22, 22);
  return {hash(15),
          Payload{esp_sa(0xc0ffee01)},
          Payload{NoncePayload{pattern(32, 16)}},
          Payload{KePayload{pattern(256, 17)}},
          Payload{IdPayload::from_traffic_selector(local)},
          Payload{IdPayload::from_traffic_selector(remote)},
          Payload{NatOaPayload{ip("192.168.1.2"), false}},
          Payload{NatOaPayload{ip("198.51.100.7"), false}}};
}

std::vector<Payload> quick_mode_2_inner() {
  auto p = quick_mode_1_inner();
  p[0] = hash(18);
  p[1] = Payload{esp_sa(0xc0ffee02)};
  p[2] = Payload{NoncePayload{pattern(32, 19)}};
  p.push_back(Payload{NotifyPayload{
      kDoiIpsec,
      ProtocolId::kEsp,
      {0xc0, 0xff, 0xee, 0x02},
      NotifyType::kResponderLifetime,
      Bytes{0x80, 0x01, 0x00, 0x01, 0x00, 0x02, 0x00, 0x04, 0x00, 0x00, 0x0e, 0x10}}});
  return p;
}

std::vector<Payload> quick_mode_3_inner() {
  return {hash(20)};
}

std::vector<Payload> dpd_inner(bool ack) {
  return {hash(21), Payload{NotifyPayload::dpd(ack, kSpiI, kSpiR, 0x1234)}};
}

std::vector<Payload> delete_inner() {
  return {hash(22), Payload{DeletePayload::ipsec(ProtocolId::kEsp, {0xc0ffee01, 0xc0ffee02})},
          Payload{DeletePayload::isakmp(kSpiI, kSpiR)}};
}

std::vector<Payload> xauth_request_inner() {
  AttributePayload a{CfgType::kRequest, 0x4242, {}};
  a.attributes = {
      DataAttribute::basic(static_cast<std::uint16_t>(ModeCfgAttribute::kXauthType), 0),
      DataAttribute::variable(static_cast<std::uint16_t>(ModeCfgAttribute::kXauthUserName), {}),
      DataAttribute::variable(static_cast<std::uint16_t>(ModeCfgAttribute::kXauthUserPassword),
                              {})};
  return {hash(23), Payload{a}};
}

std::vector<Payload> mode_config_reply_inner() {
  auto addr = ip("10.3.0.7");
  AttributePayload a{CfgType::kReply, 0x4343, {}};
  a.attributes = {
      DataAttribute::variable(static_cast<std::uint16_t>(ModeCfgAttribute::kInternalIp4Address),
                              Bytes(addr.bytes().begin(), addr.bytes().end())),
      DataAttribute::variable(static_cast<std::uint16_t>(ModeCfgAttribute::kInternalIp4Netmask),
                              {255, 255, 255, 0}),
      DataAttribute::variable(static_cast<std::uint16_t>(ModeCfgAttribute::kInternalIp4Dns),
                              {10, 3, 0, 53}),
  };
  return {hash(24), Payload{a}};
}

Message encrypted(Header h, const std::vector<Payload>& inner) {
  auto chain = encode_payload_chain(inner);
  h.flags |= kFlagEncryption;
  h.next_payload = chain->first_type;
  Bytes body = chain->bytes;
  body.resize((body.size() + 15) / 16 * 16, 0);
  return Message{h, {}, body};
}

Message plaintext(Header h, std::vector<Payload> inner) {
  return Message{h, std::move(inner), {}};
}

Message fragment(std::uint8_t number, bool last) {
  FragmentPayload f{0x0101, number, static_cast<std::uint8_t>(last ? kFragmentLast : 0),
                    pattern(200, number)};
  return Message{header(ExchangeType::kIdentityProtection, 0, true), {Payload{f}}, {}};
}

std::vector<Named> all_messages() {
  auto mm = header(ExchangeType::kIdentityProtection, 0, true);
  auto qm = header(ExchangeType::kQuickMode, 0x11223344, true);
  auto info = header(ExchangeType::kInformational, 0x55667788, true);
  auto tx = header(ExchangeType::kTransaction, 0x99aabbcc, true);
  return {
      {"main_mode_1", main_mode_1()},
      {"main_mode_2", main_mode_2()},
      {"main_mode_3", main_mode_3()},
      {"main_mode_4", main_mode_4()},
      {"main_mode_5", encrypted(mm, main_mode_5_inner())},
      {"aggressive_1", aggressive_1()},
      {"quick_mode_1", encrypted(qm, quick_mode_1_inner())},
      {"informational_dpd", encrypted(info, dpd_inner(false))},
      {"plain_main_mode_5", plaintext(mm, main_mode_5_inner())},
      {"plain_quick_mode_1", plaintext(qm, quick_mode_1_inner())},
      {"plain_quick_mode_2", plaintext(qm, quick_mode_2_inner())},
      {"plain_quick_mode_3", plaintext(qm, quick_mode_3_inner())},
      {"plain_dpd", plaintext(info, dpd_inner(false))},
      {"plain_dpd_ack", plaintext(info, dpd_inner(true))},
      {"plain_delete", plaintext(info, delete_inner())},
      {"plain_xauth_request", plaintext(tx, xauth_request_inner())},
      {"plain_mode_config_reply", plaintext(tx, mode_config_reply_inner())},
      {"fragment_1", fragment(1, false)},
  };
}

}  // namespace v1

}  // namespace oakley::wire::test
