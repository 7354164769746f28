// oakctl end to end: its main logic against an in-process control::Server with canned answers.
#include "cli/oakctl.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <thread>

#include "control/server.hpp"
#include "net/event_loop.hpp"
#include "sample_json.hpp"

namespace oakley::cli {
namespace {

using namespace std::chrono_literals;
using control::Json;
using control::ReplyPtr;

class OakctlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log::set_stderr(false);
    char pattern[] = "/tmp/oakley-oakctl-XXXXXX";
    dir_ = ::mkdtemp(pattern);
    path_ = dir_ + "/oakley.ctl";
    server_ = std::make_unique<control::Server>(loop_.context(), path_);
    canned("list-sas", Json::parse(testing::kListSas));
    canned("list-conns", Json::parse(testing::kListConns));
    canned("diagnose", Json::parse(testing::kDiagnose));
    canned("stats", {{"ike", {{"sas", 1}}}});
    canned("version", {{"version", "0.1.0"}});
    server_->register_command("load", [](const Json&, ReplyPtr reply) {
      reply->fail("/etc/swanctl/swanctl.conf:12: unknown keyword 'proposalz'");
    });
    server_->register_command("initiate", [this](const Json& args, ReplyPtr reply) {
      record(args);
      reply->log(log::Level::kInfo, "ike", "initiating IKE_SA t[1] to 192.0.2.2");
      if (args.value("connection", "") != "t") {
        reply->fail("no connection named '" + args.value("connection", "") + "'");
        return;
      }
      loop_.schedule(10ms, [reply] {
        reply->log(log::Level::kInfo, "ike", "IKE_SA t[1] established");
        reply->ok({{"message", "IKE_SA t[1] established"}});
      });
    });
    server_->register_command("trace", [this](const Json& args, ReplyPtr reply) {
      record(args);
      reply->log(log::Level::kDebug, "net", "received 312 bytes from 192.0.2.2[500]");
      trace_ = reply;  // never answered: ends when oakctl is interrupted
    });
    ASSERT_TRUE(server_->start().ok());
    thread_ = std::thread([this] { loop_.run(); });
  }
  void TearDown() override {
    loop_.post([this] {
      trace_.reset();
      server_->stop();
      loop_.stop();
    });
    thread_.join();
    server_.reset();
    std::filesystem::remove_all(dir_);
    log::set_stderr(true);
  }
  void canned(const std::string& command, Json result) {
    server_->register_command(command, [this, result](const Json& args, ReplyPtr reply) {
      record(args);
      reply->ok(result);
    });
  }
  void record(const Json& args) {
    std::lock_guard lock(mutex_);
    last_args_ = args;
  }
  Json last_args() {
    std::lock_guard lock(mutex_);
    return last_args_;
  }
  int oakctl(std::vector<std::string> args, std::function<bool()> interrupted = {}) {
    out_.str("");
    err_.str("");
    Environment env{out_, err_, path_, interrupted ? interrupted : [] { return false; }};
    return run(args, env);
  }

  net::EventLoop loop_;
  std::string dir_, path_;
  std::unique_ptr<control::Server> server_;
  std::thread thread_;
  ReplyPtr trace_;
  std::mutex mutex_;
  Json last_args_;
  std::ostringstream out_, err_;
};

TEST_F(OakctlTest, ListSasHuman) {
  EXPECT_EQ(oakctl({"list-sas", "--ike", "t"}), kExitOk);
  EXPECT_EQ(out_.str(), testing::kListSasText);
  EXPECT_EQ(last_args(), (Json{{"ike", "t"}}));
}

TEST_F(OakctlTest, ListSasJsonIsTheRawResult) {
  EXPECT_EQ(oakctl({"list-sas", "--json"}), kExitOk);
  EXPECT_EQ(Json::parse(out_.str()), Json::parse(testing::kListSas));
}

TEST_F(OakctlTest, ListConnsAndDiagnoseAndStats) {
  EXPECT_EQ(oakctl({"list-conns"}), kExitOk);
  EXPECT_EQ(out_.str(), testing::kListConnsText);
  EXPECT_EQ(oakctl({"diagnose", "t"}), kExitOk);
  EXPECT_EQ(out_.str(), testing::kDiagnoseText);
  EXPECT_EQ(last_args(), (Json{{"connection", "t"}}));
  EXPECT_EQ(oakctl({"stats"}), kExitOk);
  EXPECT_EQ(out_.str(), "ike:\n  sas: 1\n");
}

TEST_F(OakctlTest, InitiateStreamsProgressAndSucceeds) {
  EXPECT_EQ(oakctl({"initiate", "t/net", "--timeout", "5"}), kExitOk);
  EXPECT_EQ(out_.str(),
            "info  [ike] initiating IKE_SA t[1] to 192.0.2.2\n"
            "info  [ike] IKE_SA t[1] established\n"
            "IKE_SA t[1] established\n");
  EXPECT_EQ(last_args(), (Json{{"connection", "t"}, {"child", "net"}, {"timeout", 5}}));
}

TEST_F(OakctlTest, InitiateJsonKeepsProgressOffStdout) {
  EXPECT_EQ(oakctl({"initiate", "t", "--json"}), kExitOk);
  EXPECT_EQ(Json::parse(out_.str()), (Json{{"message", "IKE_SA t[1] established"}}));
  EXPECT_NE(err_.str().find("initiating IKE_SA"), std::string::npos);
}

TEST_F(OakctlTest, InitiateFailureExitsOne) {
  EXPECT_EQ(oakctl({"initiate", "nope"}), kExitRefused);
  EXPECT_EQ(err_.str(), "oakctl: initiate failed: no connection named 'nope'\n");
}

TEST_F(OakctlTest, BadConfigSaysTheRunningOneWasKept) {
  EXPECT_EQ(oakctl({"load"}), kExitRefused);
  EXPECT_EQ(err_.str(),
            "oakctl: load failed: /etc/swanctl/swanctl.conf:12: unknown keyword 'proposalz'\n"
            "oakctl: the running configuration was kept\n");
}

TEST_F(OakctlTest, VersionShowsBoth) {
  EXPECT_EQ(oakctl({"version"}), kExitOk);
  EXPECT_NE(out_.str().find("oakctl "), std::string::npos);
  EXPECT_NE(out_.str().find("oakleyd 0.1.0\n"), std::string::npos);
}

TEST_F(OakctlTest, TraceStreamsUntilInterrupted) {
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(oakctl({"trace", "--level", "debug"},
                   [&] { return std::chrono::steady_clock::now() - start > 150ms; }),
            kExitOk);
  EXPECT_EQ(out_.str(), "debug [net] received 312 bytes from 192.0.2.2[500]\n");
  EXPECT_EQ(last_args(), (Json{{"level", "debug"}}));
}

TEST_F(OakctlTest, TraceJsonPrintsEventLines) {
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(
      oakctl({"trace", "--json"}, [&] { return std::chrono::steady_clock::now() - start > 100ms; }),
      kExitOk);
  auto event = Json::parse(out_.str());
  EXPECT_EQ(event["event"], "log");
  EXPECT_EQ(event["subsystem"], "net");
}

TEST_F(OakctlTest, UnknownToTheDaemon) {
  EXPECT_EQ(oakctl({"rekey", "t"}), kExitRefused);
  EXPECT_NE(err_.str().find("unknown command 'rekey'"), std::string::npos);
}

TEST_F(OakctlTest, UsageErrorExitsTwo) {
  EXPECT_EQ(oakctl({"terminate"}), kExitUsage);
  EXPECT_NE(err_.str().find("exactly one"), std::string::npos);
  EXPECT_EQ(oakctl({"--help"}), kExitOk);
  EXPECT_NE(out_.str().find("Subcommands"), std::string::npos);
}

TEST_F(OakctlTest, NoDaemonExitsThreeAndNamesTheSocket) {
  std::string missing = dir_ + "/missing.ctl";
  EXPECT_EQ(oakctl({"--control", missing, "stats"}), kExitNoDaemon);
  EXPECT_NE(err_.str().find(missing), std::string::npos);
  EXPECT_NE(err_.str().find("not running"), std::string::npos);
}

}  // namespace
}  // namespace oakley::cli
