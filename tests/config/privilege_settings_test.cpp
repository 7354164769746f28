// The oakley { } keys for least privilege (user, group) and the inbound filter (drop_cleartext).
#include <gtest/gtest.h>

#include <string>

#include "test_util.hpp"

namespace oakley::config {
namespace {

using testing::load_error;
using testing::load_ok;

TEST(PrivilegeSettings, DefaultsStayRootAndDropCleartext) {
  DaemonSettings d = load_ok("").daemon;
  EXPECT_TRUE(d.user.empty());
  EXPECT_TRUE(d.group.empty());
  EXPECT_TRUE(d.drop_cleartext);
}

TEST(PrivilegeSettings, Keys) {
  DaemonSettings d =
      load_ok("oakley {\n  user = oakley\n  group = 998\n  drop_cleartext = no\n}\n").daemon;
  EXPECT_EQ(d.user, "oakley");
  EXPECT_EQ(d.group, "998");
  EXPECT_FALSE(d.drop_cleartext);
}

TEST(PrivilegeSettings, BadNamesAreRefused) {
  EXPECT_EQ(load_error("oakley {\n  user = ../root\n}\n"),
            "swanctl.conf:2: invalid user '../root' in the oakley section: expected a user or "
            "group name (letters, digits, '_', '-', '.') or a number");
  EXPECT_NE(load_error("oakley {\n  group = -x\n}\n").find("invalid group '-x'"),
            std::string::npos);
}

}  // namespace
}  // namespace oakley::config
