// What list-sas shows of a CHILD_SA (ike/child_report.hpp), for both engines.
#include "ike/child_report.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "support/recording_backend.hpp"

namespace oakley::ike {
namespace {

namespace dp = dataplane;

ChildSa sample_child(const config::Child& cfg) {
  ChildSa c;
  c.id = 7;
  c.config = &cfg;
  c.reqid = 3;
  c.state = ChildState::kInstalled;
  c.spi_in = 0xc0000001;
  c.spi_out = 0x11223344;
  c.transport = true;
  c.udp_encap = true;
  c.proposal.protocol = Protocol::kEsp;
  c.proposal.transforms = {
      {TransformType::kEncr, static_cast<std::uint16_t>(EncrId::kAesCbc), 256},
      {TransformType::kInteg, static_cast<std::uint16_t>(IntegId::kHmacSha256_128), 0},
      {TransformType::kDh, static_cast<std::uint16_t>(DhId::kCurve25519), 0},
      {TransformType::kEsn, 1, 0},
  };
  c.local_ts = {TrafficSelector::from_prefix(IpAddress::parse("10.1.0.0").value(), 24)};
  c.remote_ts = {TrafficSelector::from_prefix(IpAddress::parse("10.2.0.0").value(), 24),
                 TrafficSelector::from_prefix(IpAddress::parse("10.3.0.0").value(), 16)};
  return c;
}

TEST(ChildSaInfo, DescribesTheNegotiatedChild) {
  config::Child cfg;
  cfg.name = "net";
  auto info = child_sa_info(sample_child(cfg));
  EXPECT_EQ(info.name, "net");
  EXPECT_EQ(info.id, 7u);
  EXPECT_EQ(info.reqid, 3u);
  EXPECT_EQ(info.state, "INSTALLED");
  EXPECT_EQ(info.mode, "TRANSPORT");
  EXPECT_TRUE(info.udp_encap);
  EXPECT_EQ(info.spi_in, 0xc0000001u);
  EXPECT_EQ(info.spi_out, 0x11223344u);
  EXPECT_EQ(info.encr, encr_name(EncrId::kAesCbc));
  EXPECT_EQ(info.encr_key_bits, 256u);
  EXPECT_EQ(info.integ, std::string(integ_name(IntegId::kHmacSha256_128)));
  EXPECT_EQ(info.dh, std::string(dh_name(DhId::kCurve25519)));
  EXPECT_TRUE(info.esn);
  EXPECT_EQ(info.local_ts, std::vector<std::string>{"10.1.0.0/24"});
  EXPECT_EQ(info.remote_ts, (std::vector<std::string>{"10.2.0.0/24", "10.3.0.0/16"}));
  EXPECT_EQ(info.bytes_in, 0u);
}

TEST(ChildSaInfo, UnnamedChildAndNoIntegrity) {
  ChildSa c;
  c.proposal.transforms = {
      {TransformType::kEncr, static_cast<std::uint16_t>(EncrId::kAesGcm16), 128}};
  auto info = child_sa_info(c);
  EXPECT_EQ(info.name, "?");
  EXPECT_EQ(info.state, "CREATING");
  EXPECT_EQ(info.mode, "TUNNEL");
  EXPECT_FALSE(info.integ);
  EXPECT_FALSE(info.dh);
  EXPECT_FALSE(info.esn);
}

TEST(ChildSaInfo, CountersOfTheSasAskedFor) {
  config::Child cfg;
  auto child = sample_child(cfg);
  auto peer = IpAddress::parse("192.0.2.2").value();
  dp::RecordingBackend backend;
  for (auto [dir, spi] : {std::pair{dp::Direction::kInbound, child.spi_in},
                          std::pair{dp::Direction::kOutbound, child.spi_out}}) {
    dp::SaConfig sa;
    sa.direction = dir;
    sa.spi = spi;
    sa.remote = peer;
    ASSERT_TRUE(backend.install_sa(sa));
  }
  backend.set_counters({dp::Direction::kInbound, child.spi_in, peer}, {.packets = 2, .bytes = 100});
  backend.set_counters({dp::Direction::kOutbound, child.spi_out, peer},
                       {.packets = 4, .bytes = 300});

  auto in_only = child_sa_info(child);
  add_counters(in_only, backend, child, peer, true, false);
  EXPECT_EQ(in_only.bytes_in, 100u);
  EXPECT_EQ(in_only.packets_in, 2u);
  EXPECT_EQ(in_only.bytes_out, 0u);

  auto both = child_sa_info(child);
  add_counters(both, backend, child, peer, true, true);
  EXPECT_EQ(both.bytes_in, 100u);
  EXPECT_EQ(both.bytes_out, 300u);
  EXPECT_EQ(both.packets_out, 4u);

  // An SA the data plane does not know (not installed yet) counts nothing.
  auto unknown = child_sa_info(child);
  add_counters(unknown, backend, child, IpAddress::parse("192.0.2.9").value(), true, true);
  EXPECT_EQ(unknown.packets_in, 0u);
  EXPECT_EQ(unknown.packets_out, 0u);
}

}  // namespace
}  // namespace oakley::ike
