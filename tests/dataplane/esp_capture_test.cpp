// Decrypting real ESP captures with their published keys, and comparing the inner packets with
// what other tools decoded from them:
//  - tcpdump's regression captures (tests/data/dataplane/tcpdump, see TESTS.txt there): 3DES-CBC
//    and AES-256-CBC tunnels, nested ESP, ESP in UDP, against esp1.out / esp2.out / esp5.out.
//    tcpdump's secrets hold only cipher keys (it skips the HMAC-96 ICV unchecked), so these tests
//    strip the 12-byte ICV and decrypt with no integrity transform.
//  - the Wireshark wiki's ipsec_esp captures 1 (transport mode, IPv4 + IPv6, AES-CBC / 3DES / DES
//    / NULL with HMAC-SHA1-96 / HMAC-MD5-96 / none), 2 (ESP in ESP tunnels) and 3 (Blowfish-CBC
//    and Twofish-CBC with HMAC-SHA1-96), against tshark's fields.psv: sequence number, ICV
//    verdict, pad length, next header and the inner ICMP.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "crypto/cipher.hpp"
#include "dataplane/esp/esp_crypto.hpp"
#include "dataplane/esp/esp_sa.hpp"
#include "dataplane/esp/packet.hpp"
#include "dataplane/esp/transform.hpp"
#include "test_util.hpp"

namespace oakley::dataplane::esp {
namespace {

using test::CapturedEsp;
using test::hex;
using test::read_esp_from_pcap;
using test::read_lines;

struct Decrypted {
  DecapResult result;
  Bytes payload;
};

Decrypted decrypt(EspCrypto& crypto, ByteView esp) {
  Bytes packet(esp.begin(), esp.end());
  const std::uint64_t seq = parse_esp_header(packet)->seq_lo;
  Decrypted d;
  d.result = decapsulate(crypto, false, seq, packet);
  if (d.result.ok())
    d.payload.assign(packet.begin() + d.result.payload_offset,
                     packet.begin() + d.result.payload_offset + d.result.payload_length);
  return d;
}

// ---- tcpdump ------------------------------------------------------------------------------------

std::unique_ptr<EspCrypto> tcpdump_sa(EncrId encr, unsigned bits, const std::string& key) {
  auto c = EspCrypto::create({encr, bits, IntegId::kNone, false}, hex(key), {});
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return c.ok() ? std::move(c).value() : nullptr;
}

Bytes without_icv(const Bytes& esp) {
  return Bytes(esp.begin(), esp.end() - 12);
}

// "IP 192.0.2.1 > 192.0.1.1: ICMP echo request, id 28416, seq 1280, length 64", as tcpdump prints
// an inner IPv4 ICMP echo request.
std::string describe_icmp_echo(ByteView ip) {
  auto info = parse_ip_packet(ip);
  if (!info || info->flow.protocol != kProtoIcmp) return "not ICMP";
  ByteView icmp = ip.subspan(info->header_length, info->total_length - info->header_length);
  if (icmp.size() < 8 || icmp[0] != 8) return "not an echo request";
  std::ostringstream s;
  s << "IP " << info->flow.src.to_string() << " > " << info->flow.dst.to_string()
    << ": ICMP echo request, id " << load_be16(&icmp[4]) << ", seq " << load_be16(&icmp[6])
    << ", length " << icmp.size();
  return s.str();
}

// The innermost packet summary of each line of a tcpdump .out file.
std::vector<std::string> expected_inner(const std::string& out_file) {
  std::vector<std::string> out;
  for (const auto& line : read_lines(out_file)) {
    auto pos = line.rfind("IP ");
    if (pos != std::string::npos) out.push_back(line.substr(pos));
  }
  return out;
}

TEST(EspCapture, TcpdumpEsp1TripleDes) {
  auto sa = tcpdump_sa(EncrId::k3Des, 0, "4043434545464649494a4a4c4c4f4f515152525454575758");
  ASSERT_TRUE(sa);
  auto packets = read_esp_from_pcap("tcpdump/02-sunrise-sunset-esp.pcap");
  auto expected = expected_inner("tcpdump/esp1.out");
  ASSERT_EQ(packets.size(), 8u);
  ASSERT_EQ(expected.size(), 8u);
  for (std::size_t i = 0; i < packets.size(); ++i) {
    Decrypted d = decrypt(*sa, without_icv(packets[i].esp));
    ASSERT_TRUE(d.result.ok()) << "frame " << i + 1 << ": " << drop_reason_name(d.result.reason);
    EXPECT_EQ(d.result.next_header, kProtoIpv4);
    EXPECT_EQ(describe_icmp_echo(d.payload), expected[i]);
  }
}

TEST(EspCapture, TcpdumpEsp5Aes256Cbc) {
  auto sa = tcpdump_sa(EncrId::kAesCbc, 256,
                       "aaaabbbbccccdddd4043434545464649494a4a4c4c4f4f515152525454575758");
  ASSERT_TRUE(sa);
  auto packets = read_esp_from_pcap("tcpdump/08-sunrise-sunset-aes.pcap");
  auto expected = expected_inner("tcpdump/esp5.out");
  ASSERT_EQ(packets.size(), 8u);
  ASSERT_EQ(expected.size(), 8u);
  for (std::size_t i = 0; i < packets.size(); ++i) {
    EXPECT_EQ(load_be32(packets[i].esp.data()), 0xd1234567u);
    Decrypted d = decrypt(*sa, without_icv(packets[i].esp));
    ASSERT_TRUE(d.result.ok()) << "frame " << i + 1 << ": " << drop_reason_name(d.result.reason);
    EXPECT_EQ(describe_icmp_echo(d.payload), expected[i]);
  }
}

TEST(EspCapture, TcpdumpEsp2NestedTunnels) {
  auto outer = tcpdump_sa(EncrId::k3Des, 0, "43434545464649494a4a4c4c4f4f51515252545457575840");
  auto inner = tcpdump_sa(EncrId::k3Des, 0, "434545464649494a4a4c4c4f4f5151525254545757584043");
  ASSERT_TRUE(outer && inner);
  auto packets = read_esp_from_pcap("tcpdump/08-sunrise-sunset-esp2.pcap");
  auto expected = expected_inner("tcpdump/esp2.out");
  ASSERT_EQ(packets.size(), 8u);
  for (std::size_t i = 0; i < packets.size(); ++i) {
    Decrypted o = decrypt(*outer, without_icv(packets[i].esp));
    ASSERT_TRUE(o.result.ok()) << drop_reason_name(o.result.reason);
    auto ip = parse_ip_packet(o.payload);
    ASSERT_TRUE(ip && ip->flow.protocol == kProtoEsp);
    EXPECT_EQ(ip->flow.dst.to_string(), "192.0.1.1");
    Bytes esp(o.payload.begin() + ip->header_length, o.payload.begin() + ip->total_length);
    EXPECT_EQ(load_be32(esp.data()), 0xabcdabcdu);
    Decrypted d = decrypt(*inner, without_icv(esp));
    ASSERT_TRUE(d.result.ok()) << drop_reason_name(d.result.reason);
    EXPECT_EQ(describe_icmp_echo(d.payload), expected[i]);
  }
}

TEST(EspCapture, TcpdumpEspInUdp) {
  // espudp1.pcap carries the packets of 02-sunrise-sunset-esp.pcap in UDP 4500. tcpdump's own
  // espudp1.out decodes them with the esp-secrets.txt key of SPI 0x12345678 (the esp2 key) and so
  // prints garbage; with the esp1 key they decrypt to esp1.out's echo requests.
  auto sa = tcpdump_sa(EncrId::k3Des, 0, "4043434545464649494a4a4c4c4f4f515152525454575758");
  ASSERT_TRUE(sa);
  auto packets = read_esp_from_pcap("tcpdump/espudp1.pcap");
  auto expected = expected_inner("tcpdump/esp1.out");
  ASSERT_EQ(packets.size(), 8u);
  for (std::size_t i = 0; i < packets.size(); ++i) {
    EXPECT_TRUE(packets[i].udp_encap);
    Decrypted d = decrypt(*sa, without_icv(packets[i].esp));
    ASSERT_TRUE(d.result.ok()) << drop_reason_name(d.result.reason);
    EXPECT_EQ(describe_icmp_echo(d.payload), expected[i]);
  }
}

// ---- Wireshark wiki -----------------------------------------------------------------------------

struct WikiSa {
  IpAddress src;
  IpAddress dst;
  std::string spi;  // decimal, or "*"
  std::string encr;
  std::string encr_key;
  std::string integ;
  std::string integ_key;
};

std::vector<std::string> split_quoted_csv(const std::string& line) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while ((i = line.find('"', i)) != std::string::npos) {
    auto end = line.find('"', i + 1);
    if (end == std::string::npos) break;
    out.push_back(line.substr(i + 1, end - i - 1));
    i = end + 1;
  }
  return out;
}

std::vector<WikiSa> read_wiki_sas(const std::string& file) {
  std::vector<WikiSa> out;
  for (const auto& line : read_lines(file)) {
    auto f = split_quoted_csv(line);
    if (f.size() != 8) continue;
    out.push_back({*IpAddress::parse(f[1]), *IpAddress::parse(f[2]), f[3], f[4], f[5], f[6], f[7]});
  }
  return out;
}

// Key text from an esp_sa row: "0x..." is hex, anything else the literal ASCII bytes.
Bytes key_bytes(const std::string& text) {
  if (text.rfind("0x", 0) == 0) return hex(text.substr(2));
  return Bytes(text.begin(), text.end());
}

std::optional<SaAlgorithms> wiki_algorithms(const WikiSa& sa) {
  SaAlgorithms a;
  if (sa.encr.rfind("AES-CBC", 0) == 0) {
    a.encr = EncrId::kAesCbc;
    a.encr_key_bits = static_cast<unsigned>(sa.encr_key.size() * 8);
  } else if (sa.encr.rfind("TripleDES-CBC", 0) == 0) {
    a = {EncrId::k3Des, 0};
  } else if (sa.encr.rfind("DES-CBC", 0) == 0) {
    a = {EncrId::kDes, 0};
  } else if (sa.encr.rfind("BLOWFISH-CBC", 0) == 0) {
    a = {EncrId::kBlowfish, static_cast<unsigned>(sa.encr_key.size() * 8)};
  } else if (sa.encr == "NULL") {
    a = {EncrId::kNull, 0};
  } else {
    return std::nullopt;  // Twofish: OpenSSL has none
  }
  if (sa.integ.rfind("HMAC-SHA-1-96", 0) == 0) a.integ = IntegId::kHmacSha1_96;
  if (sa.integ.rfind("HMAC-MD5-96", 0) == 0) a.integ = IntegId::kHmacMd5_96;
  return a;
}

std::unique_ptr<EspCrypto> wiki_crypto(const std::vector<WikiSa>& sas, const IpAddress& src,
                                       const IpAddress& dst, std::uint32_t spi) {
  for (const auto& sa : sas) {
    if (sa.src != src || sa.dst != dst || (sa.spi != "*" && std::stoul(sa.spi) != spi)) continue;
    auto algs = wiki_algorithms(sa);
    if (!algs) return nullptr;
    auto c = EspCrypto::create(*algs, key_bytes(sa.encr_key), key_bytes(sa.integ_key));
    return c.ok() ? std::move(c).value() : nullptr;
  }
  return nullptr;
}

// tshark's fields.psv: one row per frame, columns named in the first line.
class Fields {
 public:
  explicit Fields(const std::string& file) {
    auto lines = read_lines(file);
    if (lines.empty()) return;
    auto names = split(lines[0]);
    for (std::size_t i = 0; i < names.size(); ++i)
      column_[names[i]] = i;
    for (std::size_t i = 1; i < lines.size(); ++i) {
      auto row = split(lines[i]);
      rows_[std::stoul(row[0])] = row;
    }
  }
  std::string get(std::size_t frame, const std::string& name) const {
    auto& row = rows_.at(frame);
    auto i = column_.at(name);
    return i < row.size() ? row[i] : "";
  }

 private:
  static std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream s(line);
    for (std::string f; std::getline(s, f, '|');)
      out.push_back(f);
    if (!line.empty() && line.back() == '|') out.push_back("");
    return out;
  }
  std::map<std::string, std::size_t> column_;
  std::map<std::size_t, std::vector<std::string>> rows_;
};

// The n-th comma-separated value of a (nested ESP) field.
std::string nth(const std::string& field, std::size_t n) {
  std::stringstream s(field);
  std::string v;
  for (std::size_t i = 0; i <= n && std::getline(s, v, ','); ++i) {
  }
  return v;
}

// Checks one decrypted layer against tshark's view of it.
void expect_layer(const Fields& f, std::size_t frame, std::size_t layer, const CapturedEsp& esp,
                  const Decrypted& d, bool has_icv) {
  EXPECT_EQ(std::to_string(load_be32(esp.esp.data() + 4)),
            nth(f.get(frame, "esp.sequence"), layer));
  EXPECT_EQ(has_icv ? "1" : "", nth(f.get(frame, "esp.icv_good"), layer));
  EXPECT_EQ(std::to_string(d.result.pad_length), nth(f.get(frame, "esp.pad_len"), layer));
  char nh[8];
  std::snprintf(nh, sizeof nh, "0x%02x", d.result.next_header);
  EXPECT_EQ(nh, nth(f.get(frame, "esp.protocol"), layer));
}

// Echo request/reply fields of the inner ICMP / ICMPv6 message.
void expect_icmp(const Fields& f, std::size_t frame, ByteView icmp, bool v6) {
  ASSERT_GE(icmp.size(), 8u);
  if (v6) {
    EXPECT_EQ(std::to_string(icmp[0]), f.get(frame, "icmpv6.type"));
  } else {
    EXPECT_EQ(std::to_string(icmp[0]), f.get(frame, "icmp.type"));
    EXPECT_EQ(std::to_string(load_be16(&icmp[4])), f.get(frame, "icmp.ident"));
    EXPECT_EQ(std::to_string(load_be16(&icmp[6])), f.get(frame, "icmp.seq"));
  }
  // tshark leaves the echo timestamp out of data.data for ICMP and keeps it for ICMPv6.
  const std::string data = f.get(frame, "data.data");
  const std::string ours = to_hex(icmp.subspan(8));
  ASSERT_GE(ours.size(), data.size());
  EXPECT_EQ(ours.substr(ours.size() - data.size()), data);
}

TEST(EspCapture, WiresharkWikiTransportModeV4V6) {
  const bool des = crypto::enable_legacy_ciphers({EncrId::kDes});
  const std::string dir = "wireshark_wiki/ipsec_esp_capture_1/";
  auto sas = read_wiki_sas(dir + "esp_sa");
  Fields fields(dir + "fields.psv");
  std::size_t checked = 0;
  std::size_t refused = 0;
  for (const auto& esp : read_esp_from_pcap(dir + "capture.pcap")) {
    SCOPED_TRACE("frame " + std::to_string(esp.frame));
    const std::uint32_t spi = load_be32(esp.esp.data());
    auto crypto = wiki_crypto(sas, esp.src, esp.dst, spi);
    if (!crypto) {
      ++refused;  // DES without the legacy provider, and NULL with no integrity (RFC 4303 3.2)
      continue;
    }
    Decrypted d = decrypt(*crypto, esp.esp);
    ASSERT_TRUE(d.result.ok()) << drop_reason_name(d.result.reason);
    expect_layer(fields, esp.frame, 0, esp, d, crypto->icv_size() != 0);
    expect_icmp(fields, esp.frame, d.payload, d.result.next_header == kProtoIcmpv6);
    ++checked;
  }
  // 120 IPv4 + 120 IPv6 ESP frames; 20 of them NULL/NULL, 40 more DES when DES is unavailable.
  EXPECT_EQ(checked + refused, 240u);
  EXPECT_EQ(refused, des ? 20u : 60u);
  crypto::enable_legacy_ciphers({});
}

// Blowfish-CBC (RFC 2451, 128-bit key) with HMAC-SHA1-96: frames 1-3. The Twofish SAs of frames
// 7-21 have no cipher here (OpenSSL has no Twofish), frames 4-6 are plain ICMP.
TEST(EspCapture, WiresharkWikiBlowfish) {
  if (!crypto::enable_legacy_ciphers({EncrId::kBlowfish}))
    GTEST_SKIP() << "Blowfish needs OpenSSL's legacy provider";
  const std::string dir = "wireshark_wiki/ipsec_esp_capture_3/";
  auto sas = read_wiki_sas(dir + "esp_sa");
  Fields fields(dir + "fields.psv");
  std::size_t checked = 0;
  std::size_t refused = 0;
  for (const auto& esp : read_esp_from_pcap(dir + "capture.pcap")) {
    SCOPED_TRACE("frame " + std::to_string(esp.frame));
    auto crypto = wiki_crypto(sas, esp.src, esp.dst, load_be32(esp.esp.data()));
    if (!crypto) {
      ++refused;
      continue;
    }
    Decrypted d = decrypt(*crypto, esp.esp);
    ASSERT_TRUE(d.result.ok()) << drop_reason_name(d.result.reason);
    expect_layer(fields, esp.frame, 0, esp, d, true);
    expect_icmp(fields, esp.frame, d.payload, false);
    ++checked;
  }
  EXPECT_EQ(checked, 3u);
  EXPECT_EQ(refused, 15u);
  crypto::enable_legacy_ciphers({});
  EXPECT_FALSE(wiki_crypto(sas, *IpAddress::parse("190.0.0.1"), *IpAddress::parse("190.0.0.2"), 10))
      << "Blowfish must be off again";
}

TEST(EspCapture, WiresharkWikiNestedTunnels) {
  if (!crypto::enable_legacy_ciphers({EncrId::kDes}))
    GTEST_SKIP() << "the inner SA is DES: no legacy provider";
  const std::string dir = "wireshark_wiki/ipsec_esp_capture_2/";
  auto sas = read_wiki_sas(dir + "esp_sa");
  Fields fields(dir + "fields.psv");
  std::size_t checked = 0;
  for (const auto& esp : read_esp_from_pcap(dir + "capture.pcap")) {
    SCOPED_TRACE("frame " + std::to_string(esp.frame));
    auto outer = wiki_crypto(sas, esp.src, esp.dst, load_be32(esp.esp.data()));
    ASSERT_TRUE(outer);
    Decrypted o = decrypt(*outer, esp.esp);
    ASSERT_TRUE(o.result.ok()) << drop_reason_name(o.result.reason);
    expect_layer(fields, esp.frame, 0, esp, o, true);
    auto ip = parse_ip_packet(o.payload);
    ASSERT_TRUE(ip && ip->flow.protocol == kProtoEsp);
    CapturedEsp inner_esp{
        esp.frame, ip->flow.src, ip->flow.dst, false,
        Bytes(o.payload.begin() + ip->header_length, o.payload.begin() + ip->total_length)};
    auto inner = wiki_crypto(sas, ip->flow.src, ip->flow.dst, load_be32(inner_esp.esp.data()));
    ASSERT_TRUE(inner);
    Decrypted d = decrypt(*inner, inner_esp.esp);
    ASSERT_TRUE(d.result.ok()) << drop_reason_name(d.result.reason);
    expect_layer(fields, esp.frame, 1, inner_esp, d, true);
    expect_icmp(fields, esp.frame, d.payload, false);
    ++checked;
  }
  EXPECT_GT(checked, 300u);
  crypto::enable_legacy_ciphers({});
}

}  // namespace
}  // namespace oakley::dataplane::esp
