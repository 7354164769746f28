// UpdownRunner: scripts run off the caller's thread with the given environment, in order per
// CHILD_SA; a hanging script is killed at the timeout, and failures (exit status, missing
// script, timeout) are counted for `oakctl stats`.
#include "daemon/updown_runner.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace oakley::daemon {
namespace {

namespace fs = std::filesystem;

class UpdownRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("oak-updown-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string script(const std::string& name, const std::string& body) {
    auto p = dir_ / name;
    std::ofstream(p) << "#!/bin/sh\n" << body << "\n";
    chmod(p.c_str(), 0755);
    return p.string();
  }
  std::string read(const std::string& name) {
    std::ifstream in(dir_ / name);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  fs::path dir_;
};

TEST_F(UpdownRunnerTest, RunsWithTheEnvironmentInOrder) {
  auto out = (dir_ / "out").string();
  auto s = script("ok.sh", "echo \"$PLUTO_VERB $1\" >> " + out);
  UpdownRunner runner;
  runner.submit({s + " first", {"PLUTO_VERB=up-client"}, "test"}, 7);
  runner.submit({s + " second", {"PLUTO_VERB=down-client"}, "test"}, 7);
  runner.drain();
  EXPECT_EQ(read("out"), "up-client first\ndown-client second\n");
  EXPECT_EQ(runner.runs(), 2u);
  EXPECT_EQ(runner.failures(), 0u);
}

TEST_F(UpdownRunnerTest, FailuresAreCounted) {
  UpdownRunner runner;
  runner.submit({script("fail.sh", "echo oops >&2; exit 3"), {}, "test"}, 1);
  runner.submit({(dir_ / "missing.sh").string(), {}, "test"}, 1);
  std::ofstream(dir_ / "noexec.sh") << "#!/bin/sh\n";
  runner.submit({(dir_ / "noexec.sh").string(), {}, "test"}, 1);
  runner.drain();
  EXPECT_EQ(runner.failures(), 3u);
}

TEST_F(UpdownRunnerTest, AHangingScriptIsKilledAtTheTimeout) {
  UpdownRunner runner(std::chrono::milliseconds(300));
  auto start = std::chrono::steady_clock::now();
  runner.submit({script("hang.sh", "sleep 30 & sleep 30"), {}, "test"}, 1);
  runner.drain();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(runner.failures(), 1u);
}

TEST_F(UpdownRunnerTest, TheQueueIsBounded) {
  UpdownRunner runner(std::chrono::milliseconds(2000));
  auto s = script("slow.sh", "sleep 0.2");
  for (std::size_t i = 0; i < UpdownRunner::kMaxQueued + UpdownRunner::kWorkers + 10; ++i)
    runner.submit({s, {}, "test"}, i);
  EXPECT_GE(runner.failures(), 10u);  // dropped, not queued without end
}

}  // namespace
}  // namespace oakley::daemon
