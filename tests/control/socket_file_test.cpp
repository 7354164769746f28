// The control socket's file: who may own and write the directory it lives in, and its mode.
#include "control/socket_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace oakley::control {
namespace {

class SocketFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/oakley-sockfile-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::string cmd = "rm -rf '" + dir_ + "'";
    [[maybe_unused]] int rc = std::system(cmd.c_str());
  }
  // A subdirectory with `mode`, owned by `uid` (root only for a uid other than ours).
  std::string subdir(mode_t mode, uid_t uid) {
    std::string d = dir_ + "/d";
    EXPECT_EQ(::mkdir(d.c_str(), 0700), 0);
    EXPECT_EQ(::chmod(d.c_str(), mode), 0);
    if (uid != ::geteuid()) {
      EXPECT_EQ(::chown(d.c_str(), uid, 0), 0);
    }
    return d;
  }
  std::string dir_;
};

TEST_F(SocketFileTest, SocketIsMode0600AndOurs) {
  ::umask(0);  // a permissive umask must not widen the socket
  std::string path = dir_ + "/s.ctl";
  auto l = listen_unix(path);
  ::umask(022);
  ASSERT_TRUE(l.ok()) << l.error().message;
  struct stat info {};
  ASSERT_EQ(::lstat(path.c_str(), &info), 0);
  EXPECT_TRUE(S_ISSOCK(info.st_mode));
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  EXPECT_EQ(info.st_uid, ::geteuid());
  ::close(l->fd);
  remove_socket_file(path, l->inode);
}

TEST_F(SocketFileTest, WorldWritableDirectoryIsRefused) {
  std::string d = subdir(0777, ::geteuid());
  auto l = listen_unix(d + "/s.ctl");
  ASSERT_FALSE(l.ok());
  EXPECT_NE(l.error().message.find("mode 0777"), std::string::npos) << l.error().message;
  EXPECT_NE(l.error().message.find(d), std::string::npos) << l.error().message;
}

TEST_F(SocketFileTest, GroupWritableDirectoryIsRefused) {
  std::string d = subdir(0770, ::geteuid());
  auto l = listen_unix(d + "/s.ctl");
  ASSERT_FALSE(l.ok());
  EXPECT_NE(l.error().message.find("lets others"), std::string::npos) << l.error().message;
}

// A stale socket in a world-writable directory is not reused either.
TEST_F(SocketFileTest, ExistingSocketInWritableDirectoryIsRefused) {
  std::string d = subdir(0700, ::geteuid());
  auto first = listen_unix(d + "/s.ctl");
  ASSERT_TRUE(first.ok());
  ::close(first->fd);  // stale now
  ASSERT_EQ(::chmod(d.c_str(), 0777), 0);
  EXPECT_FALSE(listen_unix(d + "/s.ctl").ok());
  ASSERT_EQ(::chmod(d.c_str(), 0700), 0);
  auto again = listen_unix(d + "/s.ctl");
  ASSERT_TRUE(again.ok()) << again.error().message;
  ::close(again->fd);
}

// Like /tmp: writable by all, but the sticky bit keeps others from replacing our entry.
TEST_F(SocketFileTest, StickyWorldWritableDirectoryIsAccepted) {
  std::string d = subdir(01777, ::geteuid());
  auto l = listen_unix(d + "/s.ctl");
  ASSERT_TRUE(l.ok()) << l.error().message;
  ::close(l->fd);
}

TEST_F(SocketFileTest, DirectoryOwnedBySomeoneElseIsRefused) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to hand the directory to another user";
  std::string d = subdir(0755, 65534);
  auto l = listen_unix(d + "/s.ctl");
  ASSERT_FALSE(l.ok());
  EXPECT_NE(l.error().message.find("owned by uid 65534"), std::string::npos) << l.error().message;
}

}  // namespace
}  // namespace oakley::control
