// What the package installs, as the code that reads it sees it: the installed configuration loads
// and defines nothing to negotiate (the service does nothing until its operator configures it),
// what the operator drops into conf.d/ is loaded, and the daemon, oakctl, the installed
// configuration and the unit's RuntimeDirectory agree on where the control socket is.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/args.hpp"
#include "config/config.hpp"

namespace oakley {
namespace {

namespace fs = std::filesystem;

fs::path source_path(const std::string& name) {
  return fs::path(OAKLEY_TEST_DATA).parent_path() / ".." / name;
}

config::Config load_ok(const fs::path& path) {
  auto c = config::load_file(path.string());
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return c.ok() ? std::move(c).value() : config::Config{};
}

TEST(InstalledConfiguration, LoadsAndDefinesNothingToNegotiate) {
  auto c = load_ok(source_path("packaging/oakley.conf"));
  EXPECT_TRUE(c.connections.empty());
  EXPECT_TRUE(c.secrets.empty());
  EXPECT_TRUE(c.pools.empty());
}

TEST(InstalledConfiguration, LoadsWhatTheOperatorPutsIntoConfD) {
  auto dir = fs::temp_directory_path() / ("oakley-packaging-test-" + std::to_string(::getpid()));
  fs::create_directories(dir / "conf.d");
  fs::copy_file(source_path("packaging/oakley.conf"), dir / "oakley.conf");
  std::ofstream(dir / "conf.d" / "site-b.conf") << R"(connections {
    site-b {
        remote_addrs = 198.51.100.2
        local { auth = psk }
        remote { auth = psk }
        children { net { local_ts = 10.1.0.0/24
                         remote_ts = 10.2.0.0/24 } }
    }
}
secrets { ike-site-b { secret = "packaging-test-secret-0123456789" } }
)";
  auto c = load_ok(dir / "oakley.conf");
  fs::remove_all(dir);
  ASSERT_EQ(c.connections.size(), 1u);
  EXPECT_EQ(c.connections[0].name, "site-b");
  EXPECT_EQ(c.secrets.size(), 1u);
}

std::string unit_setting(const std::string& key) {
  std::ifstream unit(source_path("packaging/oakleyd.service.in"));
  std::string line;
  while (std::getline(unit, line)) {
    if (line.rfind(key + "=", 0) == 0) return line.substr(key.size() + 1);
  }
  return "";
}

TEST(ControlSocket, DaemonOakctlInstalledConfigurationAndUnitAgree) {
  const std::string oakctl = cli::kDefaultControlPath;
  EXPECT_EQ(config::DaemonSettings{}.control_socket, oakctl);
  EXPECT_EQ(load_ok(source_path("packaging/oakley.conf")).daemon.control_socket, oakctl);
  // systemd creates /run/<RuntimeDirectory>, the only place the unit lets the daemon write.
  auto runtime = unit_setting("RuntimeDirectory");
  ASSERT_FALSE(runtime.empty());
  EXPECT_EQ(fs::path(oakctl).parent_path(), fs::path("/run") / runtime);
}

}  // namespace
}  // namespace oakley
