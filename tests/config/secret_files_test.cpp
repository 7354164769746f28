// Configuration files with secrets that others can read: a warning with the path, at load.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include "common/log.hpp"
#include "config/config.hpp"

namespace oakley::config {
namespace {

TEST(SecretFiles, ConfigWithSecretsReadableByOthersIsWarnedAboutWithItsPath) {
  char pattern[] = "/tmp/oakley-secretconf-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  const std::string path = std::string(pattern) + "/oakley.conf";
  std::ofstream(path) << "secrets {\n  ike-a {\n    secret = \"0123456789abcdef\"\n  }\n}\n";
  std::vector<std::string> warnings;
  log::set_stderr(false);
  int sink = log::add_sink([&](log::Level lv, std::string_view, std::string_view m) {
    if (lv == log::Level::kWarn) warnings.emplace_back(m);
  });
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  EXPECT_TRUE(load_file(path).ok());
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  EXPECT_TRUE(load_file(path).ok());
  log::remove_sink(sink);
  log::set_stderr(true);
  ::unlink(path.c_str());
  ::rmdir(pattern);
  ASSERT_EQ(warnings.size(), 1u);  // only the world-readable load
  EXPECT_EQ(warnings[0], "configuration file with secrets " + path +
                             " is readable or writable by every user (mode 0644): chmod 600 (640 "
                             "with the daemon's group), owner root");
}

}  // namespace
}  // namespace oakley::config
