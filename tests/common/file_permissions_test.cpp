// Secret files others can read or change: a warning with the path, at load.
#include "common/file_permissions.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "common/log.hpp"

namespace oakley {
namespace {

class FilePermissionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/oakley-perm-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    path_ = dir_ + "/key.pem";
    std::ofstream(path_) << "secret\n";
    log::set_stderr(false);
    sink_ = log::add_sink([this](log::Level lv, std::string_view, std::string_view m) {
      if (lv == log::Level::kWarn) warnings_.emplace_back(m);
    });
  }
  void TearDown() override {
    log::remove_sink(sink_);
    log::set_stderr(true);
    ::unlink(path_.c_str());
    ::rmdir(dir_.c_str());
  }
  std::string dir_, path_;
  std::vector<std::string> warnings_;
  int sink_ = 0;
};

TEST_F(FilePermissionsTest, WorldReadableKeyIsReportedWithItsPath) {
  ASSERT_EQ(::chmod(path_.c_str(), 0644), 0);
  auto why = secret_file_exposure(path_);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("mode 0644"), std::string::npos) << *why;
  EXPECT_TRUE(warn_if_secret_file_exposed(path_, "private key"));
  ASSERT_EQ(warnings_.size(), 1u);
  EXPECT_NE(warnings_[0].find("private key " + path_), std::string::npos) << warnings_[0];
  EXPECT_NE(warnings_[0].find("chmod 600"), std::string::npos) << warnings_[0];
}

TEST_F(FilePermissionsTest, GroupWritableIsReported) {
  ASSERT_EQ(::chmod(path_.c_str(), 0660), 0);
  auto why = secret_file_exposure(path_);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("writable by its group"), std::string::npos) << *why;
}

// 0600 is the norm; 0640 is what an unprivileged daemon (oakley { group }) needs to reload.
TEST_F(FilePermissionsTest, OwnerOnlyAndGroupReadAreFine) {
  for (mode_t mode : {0600, 0400, 0640}) {
    ASSERT_EQ(::chmod(path_.c_str(), mode), 0);
    EXPECT_FALSE(secret_file_exposure(path_)) << std::oct << mode;
    EXPECT_FALSE(warn_if_secret_file_exposed(path_, "private key"));
  }
  EXPECT_TRUE(warnings_.empty());
}

TEST_F(FilePermissionsTest, OwnedBySomeoneElseIsReported) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give the file away";
  ASSERT_EQ(::chmod(path_.c_str(), 0600), 0);
  ASSERT_EQ(::chown(path_.c_str(), 65534, 0), 0);
  auto why = secret_file_exposure(path_);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("owned by uid 65534"), std::string::npos) << *why;
}

TEST_F(FilePermissionsTest, MissingFileIsLeftToTheLoader) {
  EXPECT_FALSE(secret_file_exposure(dir_ + "/nothing"));
}

}  // namespace
}  // namespace oakley
