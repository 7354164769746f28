// Real captures, parsed and checked against what other tools report for them (tcpdump's .out
// files, Suricata's test.yaml, tshark's fields.psv). Sources: tests/data/wire/SOURCES.md.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <fstream>
#include <map>
#include <sstream>

#include "wire/ikev1/describe.hpp"
#include "wire/ikev2/describe.hpp"
#include "wire/pcap.hpp"
#include "wire/test_util.hpp"
#include "wire/version.hpp"

namespace oakley::wire {
namespace {

using test::data_path;
using test::hex;
using test::UdpDatagram;

std::vector<UdpDatagram> ike_datagrams(const std::string& file) {
  std::string error;
  auto all = test::read_udp_datagrams(data_path(file), &error);
  EXPECT_TRUE(error.empty()) << error;
  std::vector<UdpDatagram> out;
  for (auto& d : all) {
    if (d.is_ike()) out.push_back(std::move(d));
  }
  return out;
}

ikev2::Message v2(const UdpDatagram& d) {
  auto m = ikev2::parse_message(d.payload);
  EXPECT_TRUE(m.ok()) << "frame " << d.frame << ": " << m.error().message;
  return m.ok() ? *m : ikev2::Message{};
}

ikev1::Message v1(const UdpDatagram& d) {
  auto m = ikev1::parse_message(d.payload);
  EXPECT_TRUE(m.ok()) << "frame " << d.frame << ": " << m.error().message;
  return m.ok() ? *m : ikev1::Message{};
}

// Well-formed real messages re-encode to exactly the bytes received.
void expect_same_bytes(const UdpDatagram& d) {
  auto version = peek_version(d.payload);
  ASSERT_TRUE(version.has_value());
  Result<Bytes> again = version->major == 2 ? ikev2::encode(v2(d)) : ikev1::encode(v1(d));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(to_hex(*again), to_hex(d.payload)) << "frame " << d.frame;
}

std::string spi(std::uint64_t v) {
  return fmt::format("{:016x}", v);
}

// ---- tcpdump's IKEv2 captures ------------------------------------------------------------

TEST(Captures, TcpdumpIkev2pI2InitAndAuth) {
  // Expected values: tests/data/wire/tcpdump/ikev2pI2.out
  auto d = ike_datagrams("tcpdump/ikev2pI2.pcap");
  ASSERT_EQ(d.size(), 2u);
  auto init = v2(d[0]);
  EXPECT_EQ(spi(init.header.initiator_spi), "0001020304050607");
  EXPECT_EQ(init.header.responder_spi, 0u);
  EXPECT_EQ(init.header.exchange_type, ikev2::ExchangeType::kIkeSaInit);
  EXPECT_TRUE(init.header.initiator());
  EXPECT_EQ(ikev2::describe_payloads(init.payloads), "[ SA KE No V ]");
  EXPECT_TRUE(init.payloads[0].critical);  // "sa[C]"
  const auto& sa = *init.payloads[0].get<ikev2::SaPayload>();
  ASSERT_EQ(sa.proposals.size(), 6u);
  using ikev2::Transform;
  EXPECT_EQ(sa.proposals[0].transforms,
            (std::vector<Transform>{
                Transform::encr(EncrId::kAesCbc), Transform::integ(IntegId::kHmacSha1_96),
                Transform::prf(PrfId::kHmacSha1), Transform::dh(DhId::kModp1536)}));
  EXPECT_EQ(sa.proposals[5].transforms[0], Transform::encr(EncrId::k3Des));
  EXPECT_EQ(sa.proposals[5].transforms[3], Transform::dh(DhId::kModp1024));
  const auto& ke = *init.payloads[1].get<ikev2::KePayload>();
  EXPECT_EQ(ke.group, DhId::kModp1536);
  EXPECT_EQ(ke.data.size(), 192u);
  EXPECT_EQ(to_hex(init.payloads[2].get<ikev2::NoncePayload>()->data),
            "b5ce8419095c6e2b6b62d3055305b3c4");
  EXPECT_EQ(to_hex(init.payloads[3].get<ikev2::VendorIdPayload>()->data),
            "4f45726c415c6e51756b5352");
  expect_same_bytes(d[0]);

  auto auth = v2(d[1]);
  EXPECT_EQ(spi(auth.header.responder_spi), "c02e7a3031a03188");
  EXPECT_EQ(auth.header.exchange_type, ikev2::ExchangeType::kIkeAuth);
  ASSERT_EQ(auth.payloads.size(), 1u);
  const auto* sk = auth.payloads[0].get<ikev2::SkPayload>();
  ASSERT_NE(sk, nullptr);
  EXPECT_EQ(sk->inner_next_payload, ikev2::PayloadType::kIdi);
  EXPECT_EQ(sk->body.size(), 252u);  // "v2e[C]: len=252"
  expect_same_bytes(d[1]);
}

// Decrypts the IKE_AUTH of ikev2pI2 with the initiator's key from ikev2pI2-secrets.txt
// (AES-128-CBC) the way the IKE layer will, and parses the inner payloads. (The ICV does not
// verify with the listed SK_ai: the capture's AUTH data was zeroed after it was made, and tcpdump
// only decrypts.)
TEST(Captures, TcpdumpIkev2pI2DecryptedAuth) {
  auto d = ike_datagrams("tcpdump/ikev2pI2.pcap");
  ASSERT_EQ(d.size(), 2u);
  const Bytes& msg = d[1].payload;
  auto offset = ikev2::encrypted_body_offset(msg);
  ASSERT_TRUE(offset.ok());
  constexpr std::size_t kIv = 16, kIcv = 12;
  ByteView body = ByteView(msg).subspan(*offset);
  Bytes sk_ei = hex("3f44bf47cafd8150591deb088199fcbf");

  ByteView ct = body.subspan(kIv, body.size() - kIv - kIcv);
  Bytes plain(ct.size() + 16);
  int n1 = 0, n2 = 0;
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  EVP_DecryptInit_ex(ctx, EVP_aes_128_cbc(), nullptr, sk_ei.data(), body.data());
  EVP_CIPHER_CTX_set_padding(ctx, 0);
  EVP_DecryptUpdate(ctx, plain.data(), &n1, ct.data(), static_cast<int>(ct.size()));
  EVP_DecryptFinal_ex(ctx, plain.data() + n1, &n2);
  EVP_CIPHER_CTX_free(ctx);
  plain.resize(static_cast<std::size_t>(n1 + n2));
  ASSERT_FALSE(plain.empty());
  std::size_t pad = plain.back();
  ASSERT_LT(pad + 1, plain.size());
  plain.resize(plain.size() - pad - 1);

  auto message = v2(d[1]);
  const auto* sk = message.payloads[0].get<ikev2::SkPayload>();
  auto inner = ikev2::parse_payload_chain(sk->inner_next_payload, plain);
  ASSERT_TRUE(inner.ok()) << inner.error().message;
  EXPECT_EQ(ikev2::describe_payloads(*inner), "[ IDi AUTH ]");
  const auto* id = (*inner)[0].get<ikev2::IdPayload>();
  EXPECT_EQ(id->id_type, ikev2::IdType::kFqdn);
  EXPECT_EQ(std::string(id->data.begin(), id->data.end()), "west");
  EXPECT_EQ(to_hex(ikev2::encode_id_body(*id)), "0200000077657374");  // tcpdump's RestOfIDPayload
  EXPECT_EQ((*inner)[1].get<ikev2::AuthPayload>()->method, ikev2::AuthMethod::kRsaSig);
  EXPECT_EQ((*inner)[1].get<ikev2::AuthPayload>()->data, Bytes(192, 0));  // "len=196"
}

TEST(Captures, TcpdumpIkev2FourWithCookie) {
  // Expected values: tests/data/wire/tcpdump/ikev2four.out
  auto d = ike_datagrams("tcpdump/ikev2four.pcap");
  ASSERT_EQ(d.size(), 21u);
  auto first = v2(d[0]);
  EXPECT_EQ(ikev2::describe_message(first),
            "IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) ]");
  const auto& p = first.payloads[0].get<ikev2::SaPayload>()->proposals.at(0);
  ASSERT_EQ(p.transforms.size(), 12u);
  EXPECT_EQ(p.transforms[0].key_length, 128);
  EXPECT_EQ(p.transforms[1].key_length, 256);
  EXPECT_EQ(p.transforms[2].key_length, 192);
  EXPECT_EQ(p.transforms[6], ikev2::Transform::prf(PrfId::kAes128Xcbc));
  EXPECT_EQ(p.transforms[9], ikev2::Transform::integ(IntegId::kAesXcbc96));
  EXPECT_EQ(p.transforms[11], ikev2::Transform::dh(DhId::kModp2048));
  EXPECT_EQ(first.payloads[1].get<ikev2::KePayload>()->group, DhId::kModp1024);
  auto nonce = to_hex(first.payloads[2].get<ikev2::NoncePayload>()->data);
  EXPECT_EQ(nonce.substr(0, 20), "6128ebd023a864e94a7f");
  EXPECT_EQ(nonce.size(), 64u);  // (the .out's tail after "..." is not in the frame at all)

  auto cookie = v2(d[1]);
  ASSERT_EQ(cookie.payloads.size(), 1u);
  EXPECT_EQ(to_hex(ikev2::find_notify(cookie.payloads, ikev2::NotifyType::kCookie)->data),
            "00000001c2221e50c16e123f2b0c71aefcf0cb3b798782c6");
  EXPECT_EQ(ikev2::describe_payloads(v2(d[2]).payloads),
            "[ N(COOKIE) SA KE No N(NATD_S_IP) N(NATD_D_IP) ]");
  auto response = v2(d[3]);
  auto chosen = response.payloads[0].get<ikev2::SaPayload>()->proposals.at(0).transforms;
  EXPECT_EQ(chosen, (std::vector<ikev2::Transform>{ikev2::Transform::encr(EncrId::kAesCbc, 128),
                                                   ikev2::Transform::prf(PrfId::kHmacSha1),
                                                   ikev2::Transform::integ(IntegId::kHmacSha1_96),
                                                   ikev2::Transform::dh(DhId::kModp1024)}));
  std::vector<std::string> exchanges;
  for (const auto& dg : d) {
    auto m = v2(dg);
    exchanges.push_back(ikev2::exchange_name(m.header.exchange_type) + "/" +
                        std::to_string(m.header.message_id));
    expect_same_bytes(dg);
  }
  EXPECT_EQ(exchanges[4], "IKE_AUTH/1");
  EXPECT_EQ(exchanges[6], "CREATE_CHILD_SA/2");
  EXPECT_EQ(exchanges[19], "CREATE_CHILD_SA/8");
  EXPECT_EQ(exchanges[20], "INFORMATIONAL/0");
}

TEST(Captures, TcpdumpIkev2IdPayloads) {
  // ikev2-id-short.out: "v2IDi: len=1 ... [payload too short]".
  auto shortid = ikev2::parse_message(ike_datagrams("tcpdump/ikev2-id-short.pcap").at(0).payload);
  ASSERT_FALSE(shortid.ok());
  EXPECT_EQ(shortid.error().code, 7);
  EXPECT_EQ(shortid.error().message,
            "payload #1 (IDi) at offset 28: ID type and reserved field needs 4 bytes, 1 remain");
  // ikev2-id-normal.out prints "ipv4:de": tcpdump shows whatever is there, but an ID_IPV4_ADDR
  // of one byte is invalid syntax for an IKE peer.
  auto normal = ikev2::parse_message(ike_datagrams("tcpdump/ikev2-id-normal.pcap").at(0).payload);
  ASSERT_FALSE(normal.ok());
  EXPECT_EQ(normal.error().code, 7);
  EXPECT_NE(normal.error().message.find("ID type 1 carries 1 bytes of address (expected 4)"),
            std::string::npos);
}

// ---- IKEv1 ------------------------------------------------------------------------------

TEST(Captures, TcpdumpIsakmpSaSetup) {
  // Expected values: tests/data/wire/tcpdump/isakmp5-v.out
  auto d = ike_datagrams("tcpdump/ISAKMP_sa_setup.pcap");
  ASSERT_EQ(d.size(), 9u);
  auto mm1 = v1(d[0]);
  EXPECT_EQ(ikev1::describe_message(mm1), "ID_PROT 0 [ SA V V V ]");
  const auto& sa = *mm1.payloads[0].get<ikev1::SaPayload>();
  EXPECT_EQ(sa.doi, ikev1::kDoiIpsec);
  EXPECT_EQ(sa.situation, ikev1::kSitIdentityOnly);
  ASSERT_EQ(sa.proposals.size(), 1u);
  EXPECT_EQ(sa.proposals[0].protocol, ikev1::ProtocolId::kIsakmp);
  const auto& t = sa.proposals[0].transforms.at(0);
  using A = ikev1::Phase1Attribute;
  EXPECT_EQ(t.id, ikev1::kTransformKeyIke);
  EXPECT_EQ(t.attribute(A::kEncryptionAlgorithm), 7u);  // aes
  EXPECT_EQ(t.attribute(A::kKeyLength), 128u);
  EXPECT_EQ(t.attribute(A::kHashAlgorithm), 2u);         // sha1
  EXPECT_EQ(t.attribute(A::kGroupDescription), 1u);      // modp768
  EXPECT_EQ(t.attribute(A::kAuthenticationMethod), 1u);  // preshared
  EXPECT_EQ(t.attribute(A::kLifeType), 1u);              // seconds
  EXPECT_EQ(t.attribute(A::kLifeDuration), 86400u);      // "len=4 value=00015180"
  EXPECT_FALSE(find_attribute(t.attributes, A::kLifeDuration)->is_basic());
  // Hash input SAi_b is the body as received.
  EXPECT_EQ(mm1.payloads[0].raw_body, ikev1::encode_body(mm1.payloads[0].body));
  EXPECT_EQ(mm1.payloads[0].offset, 28u);

  auto mm3 = v1(d[2]);
  EXPECT_EQ(ikev1::describe_payloads(mm3.payloads), "[ KE No V V V V UNKNOWN(15) UNKNOWN(15) ]");
  EXPECT_EQ(mm3.payloads[0].get<ikev1::KePayload>()->data.size(), 96u);
  EXPECT_EQ(mm3.payloads[1].get<ikev1::NoncePayload>()->data.size(), 20u);
  EXPECT_EQ(mm3.payloads[5].get<ikev1::VendorIdPayload>()->data.size(), 8u);
  for (std::size_t i = 4; i < 9; ++i) {
    auto m = v1(d[i]);
    EXPECT_TRUE(m.header.encrypted());
    EXPECT_EQ(m.header.exchange_type,
              i < 6 ? ikev1::ExchangeType::kIdentityProtection : ikev1::ExchangeType::kQuickMode);
  }
  EXPECT_EQ(v1(d[6]).header.message_id, 0x0f2b7862u);
  for (const auto& dg : d)
    expect_same_bytes(dg);
}

TEST(Captures, TcpdumpIsakmpNatTraversalOn4500) {
  // Expected values: tests/data/wire/tcpdump/isakmp4.out (non-ESP marker on port 4500).
  auto d = ike_datagrams("tcpdump/isakmp4500.pcap");
  ASSERT_EQ(d.size(), 15u);
  EXPECT_EQ(ikev1::describe_message(v1(d[0])), "ID_PROT 0 [ SA V V V V V V ]");
  EXPECT_EQ(ikev1::describe_message(v1(d[2])), "ID_PROT 0 [ KE No NAT-D NAT-D ]");
  for (std::size_t i = 4; i < d.size(); ++i) {
    EXPECT_TRUE(d[i].non_esp_marker);
    EXPECT_TRUE(v1(d[i]).header.encrypted());
  }
  EXPECT_EQ(v1(d[6]).header.exchange_type, ikev1::ExchangeType::kQuickMode);
  EXPECT_EQ(v1(d.back()).header.exchange_type, ikev1::ExchangeType::kInformational);
  for (const auto& dg : d)
    expect_same_bytes(dg);
}

TEST(Captures, SuricataIkev1MainMode) {
  // Expected values: tests/data/wire/suricata/ikev1.test.yaml
  auto d = ike_datagrams("suricata/ikev1-isakmp-main-mode.pcap");
  ASSERT_EQ(d.size(), 9u);
  auto mm4 = v1(d[3]);
  EXPECT_EQ(spi(mm4.header.initiator_cookie), "e47a591fd057587f");
  EXPECT_EQ(spi(mm4.header.responder_cookie), "a00b8ef0902bb8ec");
  EXPECT_EQ(mm4.header.exchange_type, ikev1::ExchangeType::kIdentityProtection);
  auto mm3 = v1(d[2]);
  EXPECT_EQ(to_hex(ikev1::find<ikev1::NoncePayload>(mm3.payloads)->data),
            "89d7c8fbf94b515b521d5d9589c2602021e1a709");
  EXPECT_EQ(to_hex(ikev1::find<ikev1::NoncePayload>(mm4.payloads)->data),
            "15b688421ed5c3dd92d3b86e47a76f0d39cc09e0");
  auto mm2 = v1(d[1]);
  const auto& chosen =
      ikev1::find<ikev1::SaPayload>(mm2.payloads)->proposals.at(0).transforms.at(0);
  using A = ikev1::Phase1Attribute;
  EXPECT_EQ(chosen.attribute(A::kEncryptionAlgorithm),
            static_cast<std::uint64_t>(ikev1::Phase1Encryption::kAesCbc));
  EXPECT_EQ(chosen.attribute(A::kHashAlgorithm),
            static_cast<std::uint64_t>(ikev1::Phase1Hash::kSha1));
  EXPECT_EQ(chosen.attribute(A::kGroupDescription), static_cast<std::uint64_t>(DhId::kModp1024));
  EXPECT_EQ(chosen.attribute(A::kAuthenticationMethod),
            static_cast<std::uint64_t>(ikev1::Phase1AuthMethod::kPreSharedKey));
  EXPECT_EQ(chosen.attribute(A::kLifeType), 1u);
  EXPECT_EQ(chosen.attribute(A::kLifeDuration), 86400u);
  for (const auto& dg : d)
    expect_same_bytes(dg);
}

TEST(Captures, SuricataIkev1DuplicateAttributes) {
  // Expected values: suricata/ikev1-duplicate-proposals.test.yaml (attribute #4 = 86400,
  // attribute #8 = 65535, both life durations of one transform).
  auto m = v1(ike_datagrams("suricata/ikev1-duplicate-proposals.pcap").at(0));
  const auto& attrs =
      m.payloads[0].get<ikev1::SaPayload>()->proposals.at(0).transforms.at(0).attributes;
  ASSERT_EQ(attrs.size(), 8u);
  EXPECT_EQ(attrs[3].as_integer(), 86400u);
  EXPECT_EQ(attrs[7].as_integer(), 65535u);
  EXPECT_EQ(attribute_value(attrs, ikev1::Phase1Attribute::kLifeDuration), 86400u);
}

TEST(Captures, SuricataIkev2WeakDh) {
  // Expected values: suricata/ikev2-weak-dh.test.yaml
  auto m = v2(ike_datagrams("suricata/IKEv2_SA_INIT_2-8-weak.pcap").at(0));
  EXPECT_EQ(spi(m.header.initiator_spi), "61d3693ce12af528");
  EXPECT_EQ(m.header.responder_spi, 0u);
  EXPECT_EQ(m.header.exchange_type, ikev2::ExchangeType::kIkeSaInit);
  EXPECT_EQ(m.header.message_id, 0u);
  EXPECT_TRUE(m.header.initiator());
  EXPECT_EQ(ikev2::describe_payloads(m.payloads), "[ No KE SA ]");
  EXPECT_EQ(m.payloads[1].get<ikev2::KePayload>()->group, DhId::kModp1024);  // the weak group
}

// ---- tshark's view: every header field and the payload type list ------------------------

std::vector<std::map<std::string, std::string>> read_psv(const std::string& file) {
  std::ifstream in(data_path(file));
  std::vector<std::string> names;
  std::vector<std::map<std::string, std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '|'))
      cells.push_back(cell);
    if (names.empty()) {
      names = cells;
      continue;
    }
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < names.size(); ++i)
      row[names[i]] = i < cells.size() ? cells[i] : "";
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string join(const std::vector<int>& v) {
  std::string out;
  for (int x : v)
    out += (out.empty() ? "" : ",") + std::to_string(x);
  return out;
}

// tshark lists proposal (2) and transform (3) substructures among the payload types.
template <typename Payloads, typename SaT>
std::vector<int> tshark_types(const Payloads& payloads) {
  std::vector<int> out;
  for (const auto& p : payloads) {
    out.push_back(static_cast<int>(p.type()));
    if (const auto* sa = p.template get<SaT>()) {
      for (const auto& prop : sa->proposals) {
        out.push_back(2);
        out.insert(out.end(), prop.transforms.size(), 3);
      }
    }
  }
  return out;
}

struct Summary {
  std::uint64_t ispi, rspi;
  int exchange, flags;
  std::uint32_t message_id, length;
  std::vector<int> types, notifies;
  std::string nonce;
};

Summary summarize(const UdpDatagram& d) {
  Summary s{};
  if (peek_version(d.payload)->major == 2) {
    auto m = v2(d);
    s = {m.header.initiator_spi,
         m.header.responder_spi,
         static_cast<int>(m.header.exchange_type),
         m.header.flags,
         m.header.message_id,
         m.header.length,
         tshark_types<decltype(m.payloads), ikev2::SaPayload>(m.payloads),
         {},
         {}};
    for (const auto* n : ikev2::find_all<ikev2::NotifyPayload>(m.payloads))
      s.notifies.push_back(static_cast<int>(n->type));
    if (const auto* n = ikev2::find<ikev2::NoncePayload>(m.payloads)) s.nonce = to_hex(n->data);
  } else {
    auto m = v1(d);
    s = {m.header.initiator_cookie,
         m.header.responder_cookie,
         static_cast<int>(m.header.exchange_type),
         m.header.flags,
         m.header.message_id,
         m.header.length,
         tshark_types<decltype(m.payloads), ikev1::SaPayload>(m.payloads),
         {},
         {}};
    if (const auto* n = ikev1::find<ikev1::NoncePayload>(m.payloads)) s.nonce = to_hex(n->data);
  }
  return s;
}

void compare_with_tshark(const std::string& pcap, const std::string& psv) {
  auto d = ike_datagrams(pcap);
  auto rows = read_psv(psv);
  ASSERT_EQ(d.size(), rows.size());
  for (std::size_t i = 0; i < d.size(); ++i) {
    auto& row = rows[i];
    SCOPED_TRACE("tshark frame " + row["frame.number"]);
    Summary s = summarize(d[i]);
    EXPECT_EQ(spi(s.ispi), row["isakmp.ispi"]);
    EXPECT_EQ(spi(s.rspi), row["isakmp.rspi"]);
    EXPECT_EQ(std::to_string(s.exchange), row["isakmp.exchangetype"]);
    EXPECT_EQ(fmt::format("{:#010x}", s.message_id), row["isakmp.messageid"]);
    EXPECT_EQ(fmt::format("{:#04x}", s.flags), row["isakmp.flags"]);
    EXPECT_EQ(std::to_string(s.length), row["isakmp.length"]);
    EXPECT_EQ(join(s.types), row["isakmp.typepayload"]);
    EXPECT_EQ(join(s.notifies), row["isakmp.notify.msgtype"]);
    EXPECT_EQ(s.nonce, row["isakmp.nonce"]);
    expect_same_bytes(d[i]);
  }
}

TEST(Captures, WiresharkWikiIkev1MainModeMatchesTshark) {
  compare_with_tshark("wireshark_wiki/attachment_ikev1_main_mode.pcap",
                      "wireshark_wiki/attachment_ikev1_main_mode.fields.psv");
}

TEST(Captures, WiresharkWikiIkev2MatchesTshark) {
  compare_with_tshark("wireshark_wiki/ipsec_ikev2_subset.pcap",
                      "wireshark_wiki/ipsec_ikev2_subset.fields.psv");
}

// ---- malformed captures (tcpdump's regression files for its own crashes) -----------------

struct MalformedCase {
  const char* file;
  int version;
  int code;
  const char* reason;
};

TEST(Captures, MalformedCapturesAreErrors) {
  const MalformedCase cases[] = {
      {"tcpdump/ikev2pI2-segfault.pcapng", 2, 7,
       "payload #1 (SA) at offset 28: proposal #2 (length 43690) needs 43686 bytes, 196 remain"},
      {"tcpdump/ikev1_id_ipv6_addr_subnet-oobr.pcap", 1, 30, "exceeds the datagram size 65"},
      {"tcpdump/isakmp-various-oobr.pcap", 1, 30, "exceeds the datagram size 33"},
      {"tcpdump/isakmpv1-attr-oobr.pcap", 1, 30, "exceeds the datagram size 45"},
      {"tcpdump/isakmp-delete-segfault.pcap", 1, 5, "major version 11"},
      {"tcpdump/isakmp-pointer-loop.pcap", 1, 16, "length 0 is shorter than the header"},
      {"tcpdump/isakmp-no-none-np.pcapng", 1, 16,
       "payload #3 (N) at offset 84: generic payload header needs 4 bytes, 0 remain"},
      {"tcpdump/isakmp-ikev1_n_print-oobr.pcap", 2, 7, "differs from the datagram size 42"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    auto d = ike_datagrams(c.file);
    ASSERT_FALSE(d.empty());
    for (const auto& dg : d) {
      Error e = c.version == 2 ? ikev2::parse_message(dg.payload).error()
                               : ikev1::parse_message(dg.payload).error();
      EXPECT_EQ(e.code, c.code) << e.message;
      EXPECT_NE(e.message.find(c.reason), std::string::npos) << e.message;
    }
  }
}

TEST(Captures, MalformedCapturesWithRepairedLengthStillFail) {
  // With the header length set to the datagram size the parsers reach the payloads tcpdump
  // tripped over; they must still refuse them.
  const MalformedCase cases[] = {
      {"tcpdump/ikev1_id_ipv6_addr_subnet-oobr.pcap", 1, 18,
       "ID type 6 carries 24 bytes (expected 32)"},
      {"tcpdump/isakmp-various-oobr.pcap", 1, 16, "payload #2 (SA) at offset 33"},
      {"tcpdump/isakmpv1-attr-oobr.pcap", 1, 1, "Proposal/Transform outside an SA payload"},
      {"tcpdump/isakmp-ikev1_n_print-oobr.pcap", 2, 7, "payload #2 (UNKNOWN(126)) at offset 33"},
      {"tcpdump/isakmp-pointer-loop.pcap", 1, 16, "payload #1 (HASH) at offset 28"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    for (auto dg : ike_datagrams(c.file)) {
      store_be32(&dg.payload[24], static_cast<std::uint32_t>(dg.payload.size()));
      Error e = c.version == 2 ? ikev2::parse_message(dg.payload).error()
                               : ikev1::parse_message(dg.payload).error();
      EXPECT_EQ(e.code, c.code) << e.message;
      EXPECT_NE(e.message.find(c.reason), std::string::npos) << e.message;
    }
  }
}

TEST(Captures, IdentificationSegfaultIsWellFormedForUs) {
  // tcpdump crashed printing this ID; for ISAKMP it is a valid FQDN identity of 248 zero bytes.
  auto m = v1(ike_datagrams("tcpdump/isakmp-identification-segfault.pcap").at(0));
  ASSERT_EQ(m.payloads.size(), 1u);
  const auto* id = m.payloads[0].get<ikev1::IdPayload>();
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->id_type, ikev1::IdType::kFqdn);
  EXPECT_EQ(id->data, Bytes(248, 0));
}

// Every frame of every capture, from every start offset, through every parser: nothing may
// crash or read out of bounds (run under ASan).
TEST(Captures, EveryOffsetOfEveryFrameIsSafe) {
  const char* files[] = {"tcpdump/isakmp-rfc3948-oobr.pcap",
                         "tcpdump/isakmp-3948-oobr-2.pcap",
                         "tcpdump/isakmp-ikev1_n_print-oobr.pcap",
                         "tcpdump/isakmp-various-oobr.pcap",
                         "tcpdump/isakmpv1-attr-oobr.pcap",
                         "tcpdump/ikev1_id_ipv6_addr_subnet-oobr.pcap",
                         "tcpdump/isakmp-delete-segfault.pcap",
                         "tcpdump/isakmp-pointer-loop.pcap",
                         "tcpdump/ikev2pI2-segfault.pcapng",
                         "tcpdump/isakmp-no-none-np.pcapng",
                         "tcpdump/isakmp-identification-segfault.pcap"};
  std::size_t parsed = 0;
  for (const char* f : files) {
    for (const auto& frame : test::read_frames(data_path(f))) {
      for (std::size_t off = 0; off < frame.size(); ++off) {
        ByteView in = ByteView(frame).subspan(off);
        parsed += ikev1::parse_message(in).ok() + ikev2::parse_message(in).ok();
        for (std::uint8_t first : {1, 5, 8, 11, 33, 35, 41, 46}) {
          (void)ikev1::parse_payload_chain(ikev1::PayloadType{first}, in);
          (void)ikev2::parse_payload_chain(ikev2::PayloadType{first}, in);
        }
      }
    }
  }
  SUCCEED() << parsed << " offsets happened to parse";
}

}  // namespace
}  // namespace oakley::wire
