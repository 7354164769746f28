#include "ike/sa_report.hpp"

#include <gtest/gtest.h>

namespace oakley::ike {
namespace {

// The members ike_sa_report reads, as both engines' SA types have them.
struct FakeSa {
  std::uint32_t id = 42;
  std::string name() const { return "conn"; }
  Endpoint local{*IpAddress::parse("192.0.2.1"), 500};
  Endpoint remote{*IpAddress::parse("192.0.2.2"), 4500};
  WireId local_id{3, Bytes{'m', 'e', '@', 'x'}};
  config::Identity remote_identity{*config::parse_identity("peer@x")};
  std::vector<IpAddress> local_vips{*IpAddress::parse("10.9.0.1")};
  struct PeerVip {
    std::string pool;
    IpAddress address;
  };
  std::vector<PeerVip> peer_vips{{"pool", *IpAddress::parse("10.8.0.7")}};
  Proposal proposal{1,
                    Protocol::kIke,
                    {},
                    {{TransformType::kEncr, static_cast<std::uint16_t>(EncrId::kAesCbc), 256},
                     {TransformType::kInteg, static_cast<std::uint16_t>(IntegId::kHmacSha256_128)},
                     {TransformType::kPrf, static_cast<std::uint16_t>(PrfId::kHmacSha384)},
                     {TransformType::kDh, static_cast<std::uint16_t>(DhId::kEcp256)}}};
  bool nat_local = true;
  bool nat_remote = false;
};

TEST(SaReport, TheFieldsEveryIkeSaHas) {
  FakeSa sa;
  auto i = ike_sa_report(sa, 1, 0x1234, 0x5678);
  EXPECT_EQ(i.id, 42u);
  EXPECT_EQ(i.connection, "conn");
  EXPECT_EQ(i.version, 1);
  EXPECT_EQ(i.local, "192.0.2.1[500]");
  EXPECT_EQ(i.remote, "192.0.2.2[4500]");
  EXPECT_EQ(i.local_id, "me@x");
  EXPECT_EQ(i.remote_id, "peer@x");
  EXPECT_EQ(i.local_vips, std::vector<std::string>{"10.9.0.1"});
  EXPECT_EQ(i.remote_vips, std::vector<std::string>{"10.8.0.7"});
  EXPECT_EQ(i.spi_i, 0x1234u);
  EXPECT_EQ(i.spi_r, 0x5678u);
  EXPECT_EQ(i.encr, "AES_CBC");
  EXPECT_EQ(i.encr_key_bits, 256u);
  EXPECT_EQ(i.integ, "HMAC_SHA2_256_128");
  EXPECT_EQ(i.prf, "PRF_HMAC_SHA2_384");
  EXPECT_EQ(i.dh, "ECP_256");
  EXPECT_TRUE(i.nat_local);
  EXPECT_FALSE(i.nat_remote);
  // What differs per version is the engine's to fill in.
  EXPECT_EQ(i.state, "");
  EXPECT_EQ(i.role, "");
  EXPECT_EQ(i.auth, "");
  EXPECT_FALSE(i.established_seconds);
}

TEST(SaReport, NoLocalIdYetAndNoneAlgorithms) {
  FakeSa sa;
  sa.local_id = {};
  sa.proposal.transforms = {
      {TransformType::kEncr, static_cast<std::uint16_t>(EncrId::kAesGcm16), 128},
      {TransformType::kInteg, 0},
      {TransformType::kDh, 0}};
  auto i = ike_sa_report(sa, 2, 1, 2);
  EXPECT_EQ(i.local_id, "");
  EXPECT_EQ(i.encr, "AES_GCM_16");
  EXPECT_EQ(i.integ, std::nullopt);
  EXPECT_EQ(i.dh, std::nullopt);
  EXPECT_EQ(i.prf, std::nullopt);
}

}  // namespace
}  // namespace oakley::ike
