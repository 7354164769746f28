// Wireshark's dissector as an independent judge of our encoder: the sample messages of both
// versions go into a pcap (Ethernet/IPv4/UDP 500), tshark reads it back, and must find nothing
// malformed and the header fields, payload types, notify types and a few attributes we built.
// Needs /usr/bin/tshark (installed by scripts/setup); skipped without it.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <sstream>

#include "wire/pcap.hpp"
#include "wire/samples.hpp"

namespace oakley::wire {
namespace {

constexpr const char* kTshark = "/usr/bin/tshark";

struct Built {
  std::string name;
  Bytes bytes;
  std::uint64_t ispi, rspi;
  int exchange;
  std::uint32_t message_id;
  std::vector<int> types;  // including tshark's proposal (2) and transform (3) entries
  std::vector<int> notifies;
};

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

std::vector<Built> build_all() {
  std::vector<Built> out;
  for (const auto& [name, m] : test::v2::all_messages()) {
    Built b{name,
            *ikev2::encode(m),
            m.header.initiator_spi,
            m.header.responder_spi,
            static_cast<int>(m.header.exchange_type),
            m.header.message_id,
            tshark_types<decltype(m.payloads), ikev2::SaPayload>(m.payloads),
            {}};
    for (const auto* n : ikev2::find_all<ikev2::NotifyPayload>(m.payloads))
      b.notifies.push_back(static_cast<int>(n->type));
    out.push_back(std::move(b));
  }
  for (const auto& [name, m] : test::v1::all_messages()) {
    Built b{name,
            *ikev1::encode(m),
            m.header.initiator_cookie,
            m.header.responder_cookie,
            static_cast<int>(m.header.exchange_type),
            m.header.message_id,
            tshark_types<decltype(m.payloads), ikev1::SaPayload>(m.payloads),
            {}};
    for (const auto* n : ikev1::find_all<ikev1::NotifyPayload>(m.payloads))
      b.notifies.push_back(static_cast<int>(n->type));
    out.push_back(std::move(b));
  }
  return out;
}

std::string run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0)
    out.append(buf, n);
  pclose(p);
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string cell;
  while (std::getline(ss, cell, sep))
    out.push_back(cell);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

std::string join(const std::vector<int>& v) {
  std::string out;
  for (int x : v)
    out += (out.empty() ? "" : ",") + std::to_string(x);
  return out;
}

class Tshark : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access(kTshark, X_OK) != 0) GTEST_SKIP() << kTshark << " not installed";
    built_ = build_all();
    std::vector<test::OutFrame> frames;
    for (const auto& b : built_) {
      frames.push_back(
          {*IpAddress::parse("192.0.2.1"), *IpAddress::parse("192.0.2.2"), 500, 500, b.bytes});
    }
    pcap_ = fmt::format("{}oakley_wire_tshark_{}.pcap", ::testing::TempDir(), getpid());
    ASSERT_TRUE(test::write_pcap(pcap_, frames));
  }
  void TearDown() override {
    if (!pcap_.empty()) std::remove(pcap_.c_str());
  }
  std::string tshark(const std::string& args) {
    return run(fmt::format("{} -n -r {} {} 2>/dev/null", kTshark, pcap_, args));
  }

  std::vector<Built> built_;
  std::string pcap_;
};

// The dissection before `pos`, up to the frame it belongs to, for a readable failure message.
std::string context(const std::string& verbose, std::size_t pos) {
  std::size_t frame = verbose.rfind("\nFrame ", pos);
  std::size_t from = frame == std::string::npos ? 0 : frame;
  std::size_t to = verbose.find('\n', pos);
  return verbose.substr(from, to - from);
}

TEST_F(Tshark, FindsNothingMalformed) {
  std::string verbose = tshark("-V");
  ASSERT_NE(verbose.find("Internet Security Association and Key Management Protocol"),
            std::string::npos);
  for (const char* bad : {"Malformed", "Expert Info (Error", "Expert Info (Warning"}) {
    std::size_t pos = verbose.find(bad);
    EXPECT_EQ(pos, std::string::npos) << context(verbose, pos);
  }
}

TEST_F(Tshark, ReportsTheFieldsWeBuilt) {
  std::string out = tshark(
      "-T fields -E 'separator=|' -e frame.number -e isakmp.ispi -e isakmp.rspi "
      "-e isakmp.exchangetype -e isakmp.messageid -e isakmp.length -e isakmp.typepayload "
      "-e isakmp.notify.msgtype");
  auto lines = split(out, '\n');
  ASSERT_GE(lines.size(), built_.size());
  for (std::size_t i = 0; i < built_.size(); ++i) {
    const Built& b = built_[i];
    SCOPED_TRACE(b.name + ": " + lines[i]);
    auto f = split(lines[i], '|');
    ASSERT_EQ(f.size(), 8u);
    EXPECT_EQ(f[0], std::to_string(i + 1));
    EXPECT_EQ(f[1], fmt::format("{:016x}", b.ispi));
    EXPECT_EQ(f[2], fmt::format("{:016x}", b.rspi));
    EXPECT_EQ(f[3], std::to_string(b.exchange));
    EXPECT_EQ(f[4], fmt::format("{:#010x}", b.message_id));
    EXPECT_EQ(f[5], std::to_string(b.bytes.size()));
    EXPECT_EQ(f[6], join(b.types));
    EXPECT_EQ(f[7], join(b.notifies));
  }
}

TEST_F(Tshark, DecodesAttributesSelectorsAndIdentities) {
  const char* fields[] = {"isakmp.ike.attr.life_duration",
                          "isakmp.ipsec.attr.encap_mode",
                          "isakmp.ipsec.attr.life_duration",
                          "isakmp.ts.start_ipv4",
                          "isakmp.ts.end_ipv4",
                          "isakmp.id.type",
                          "isakmp.delete.spi",
                          "isakmp.ike.nat_original_address_ipv4",
                          "isakmp.notify.data.dpd.are_you_there",
                          "isakmp.cfg.attr.internal_ip4_address"};
  std::string args = "-T fields -E 'separator=|' -E aggregator=,";
  for (const char* f : fields)
    args += std::string(" -e ") + f;
  std::map<std::string, std::vector<std::string>> by_name;
  auto lines = split(tshark(args), '\n');
  ASSERT_GE(lines.size(), built_.size());
  for (std::size_t i = 0; i < built_.size(); ++i)
    by_name[built_[i].name] = split(lines[i], '|');
  auto field = [&](const std::string& name, std::size_t index) {
    const auto& f = by_name[name];
    return index < f.size() ? f[index] : std::string("<missing>");
  };
  EXPECT_EQ(field("main_mode_1", 0), "86400,86400");  // both transforms, 4-byte TLV lifetimes
  EXPECT_EQ(field("plain_quick_mode_1", 1), "3");     // UDP-Encapsulated-Tunnel
  EXPECT_EQ(field("plain_quick_mode_1", 2), "3600,4608000");
  EXPECT_EQ(field("plain_quick_mode_1", 5), "4,1,1,1");  // subnet and address IDs, NAT-OA types
  EXPECT_EQ(field("plain_quick_mode_1", 7), "192.168.1.2,198.51.100.7");
  EXPECT_EQ(field("plain_ike_auth_request", 3), "10.1.0.0,10.2.0.0");
  EXPECT_EQ(field("plain_ike_auth_request", 4), "10.1.255.255,10.2.255.255");
  EXPECT_EQ(field("plain_ike_auth_request", 5), "2,1");  // ID_FQDN, ID_IPV4_ADDR
  EXPECT_EQ(field("plain_informational_request", 6), "c0ffee01,c0ffee03");
  EXPECT_EQ(field("plain_delete", 6), "c0ffee01,c0ffee02,0123456789abcdeffedcba9876543210");
  EXPECT_EQ(field("plain_dpd", 8), "4660");  // sequence 0x1234
  EXPECT_EQ(field("plain_mode_config_reply", 9), "10.3.0.7");
}

}  // namespace
}  // namespace oakley::wire
