// The CHILD_SA model both engines share (ike/child_sa.hpp).
#include "ike/child_sa.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace oakley::ike {
namespace {

// list-sas, the logs, tests and scripts show these names: they must not change.
TEST(ChildStateName, NamesListSasPrints) {
  EXPECT_EQ(child_state_name(ChildState::kCreating), "CREATING");
  EXPECT_EQ(child_state_name(ChildState::kInstalled), "INSTALLED");
  EXPECT_EQ(child_state_name(ChildState::kRekeying), "REKEYING");
  EXPECT_EQ(child_state_name(ChildState::kRekeyed), "REKEYED");
  EXPECT_EQ(child_state_name(ChildState::kDeleting), "DELETING");
}

// A version's own child type, as ikev1::ChildSa and ikev2::ChildSa derive from the shared one.
struct VersionChild : ChildSa {
  int extra = 0;
};

TEST(FindChild, ByIdAndEitherSpi) {
  std::vector<std::unique_ptr<VersionChild>> children;
  for (std::uint32_t i = 1; i <= 3; ++i) {
    auto c = std::make_unique<VersionChild>();
    c->id = i;
    c->spi_in = 0xc0000000 + i;
    c->spi_out = 0x100 + i;
    c->extra = static_cast<int>(i) * 10;
    children.push_back(std::move(c));
  }
  VersionChild* by_id = find_child(children, &ChildSa::id, 2);
  ASSERT_NE(by_id, nullptr);
  EXPECT_EQ(by_id->extra, 20);
  ASSERT_NE(find_child(children, &ChildSa::spi_in, 0xc0000003), nullptr);
  EXPECT_EQ(find_child(children, &ChildSa::spi_in, 0xc0000003)->id, 3u);
  ASSERT_NE(find_child(children, &ChildSa::spi_out, 0x101), nullptr);
  EXPECT_EQ(find_child(children, &ChildSa::spi_out, 0x101)->id, 1u);
  // An inbound SPI is not an outbound one, and unknown ids find nothing.
  EXPECT_EQ(find_child(children, &ChildSa::spi_out, 0xc0000001), nullptr);
  EXPECT_EQ(find_child(children, &ChildSa::id, 4), nullptr);
}

}  // namespace
}  // namespace oakley::ike
