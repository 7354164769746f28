// A real scrape of oakleyd's metrics endpoint: two in-process daemons bring an IKEv2 SA up over
// loopback, the endpoint reports it, and Prometheus's own linter (promtool check metrics, from
// Debian's prometheus package) accepts the page as it is.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "control/client.hpp"
#include "daemon/daemon.hpp"
#include "daemon/http_client.hpp"

namespace oakley::daemon {
namespace {

namespace fs = std::filesystem;
using testing::body_of;
using testing::get;
using testing::status_of;

std::string config(const fs::path& dir, bool left, std::uint16_t base, const std::string& metrics) {
  auto me = left ? base : base + 2;
  auto peer = left ? base + 2 : base;
  auto name = left ? "left" : "right";
  return fmt::format(R"(oakley {{
  control_socket = {dir}/{name}.ctl
  listen = 127.0.0.1
  port = {me}
  port_nat_t = {natt}
  dataplane = none
  {metrics}
}}
connections {{
  t {{
    version = 2
    local_addrs = 127.0.0.1
    remote_addrs = 127.0.0.1
    local_port = {me}
    remote_port = {peer}
    proposals = aes128gcm16-prfsha256-x25519
    local {{
      auth = psk
      id = {name}@example.test
    }}
    remote {{
      auth = psk
      id = {other}@example.test
    }}
    children {{
      net {{
        local_ts = {mine}
        remote_ts = {theirs}
        esp_proposals = aes128gcm16
      }}
    }}
  }}
}}
secrets {{
  ike-t {{
    id-a = left@example.test
    id-b = right@example.test
    secret = "metrics-test-psk-0123456789"
  }}
}}
)",
                     fmt::arg("dir", dir.string()), fmt::arg("name", name),
                     fmt::arg("other", left ? "right" : "left"), fmt::arg("me", me),
                     fmt::arg("natt", me + 1), fmt::arg("peer", peer), fmt::arg("metrics", metrics),
                     fmt::arg("mine", left ? "10.1.0.0/24" : "10.2.0.0/24"),
                     fmt::arg("theirs", left ? "10.2.0.0/24" : "10.1.0.0/24"));
}

struct Running {
  std::unique_ptr<Daemon> daemon;
  std::thread thread;
  ~Running() {
    if (daemon) daemon->loop().post([d = daemon.get()] { d->shutdown(); });
    if (thread.joinable()) thread.join();
  }
};

class MetricsScrape : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / fmt::format("oakley-metrics-test-{}", ::getpid());
    fs::create_directories(dir_);
    base_ = static_cast<std::uint16_t>(30000 + (::getpid() % 8000) * 4);
  }
  void TearDown() override {
    left_.reset();
    right_.reset();
    fs::remove_all(dir_);
  }
  std::unique_ptr<Running> start(bool left, const std::string& metrics) {
    auto path = dir_ / (left ? "left.conf" : "right.conf");
    std::ofstream(path) << config(dir_, left, base_, metrics);
    auto d = Daemon::create({.config_path = path.string(), .control_socket = {}, .log_level = {}});
    EXPECT_TRUE(d) << (d ? "" : d.error().message);
    if (!d) return nullptr;
    auto r = std::make_unique<Running>();
    r->daemon = std::move(*d);
    r->thread = std::thread([p = r.get()] { p->daemon->run(); });
    return r;
  }
  std::uint16_t metrics_port(const Running& r) {
    return r.daemon->metrics() ? r.daemon->metrics()->address().port : 0;
  }
  // Runs promtool check metrics on `page`; returns its exit status and output.
  std::pair<int, std::string> promtool(const std::string& page) {
    auto file = dir_ / "page.txt";
    std::ofstream(file) << page;
    std::string cmd = "promtool check metrics < " + file.string() + " 2>&1";
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return {-1, "popen failed"};
    char buf[512];
    while (std::fgets(buf, sizeof buf, p))
      out += buf;
    int status = ::pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
  }

  fs::path dir_;
  std::uint16_t base_ = 0;
  std::unique_ptr<Running> left_, right_;
};

TEST_F(MetricsScrape, AnEstablishedSaShowsUpAndPromtoolAcceptsThePage) {
  right_ = start(false, "metrics = 127.0.0.1:0");
  left_ = start(true, "metrics = 127.0.0.1:0");
  ASSERT_TRUE(left_ && right_);
  auto client = control::Client::connect((dir_ / "left.ctl").string());
  ASSERT_TRUE(client) << client.error().message;
  auto r = client->call("initiate", {{"connection", "t"}, {"child", "net"}, {"timeout", 10}});
  ASSERT_TRUE(r && r->ok) << (r ? r->error : r.error().message);

  for (auto* side : {left_.get(), right_.get()}) {
    auto reply = get(metrics_port(*side), "/metrics");
    ASSERT_EQ(status_of(reply), 200) << reply;
    auto page = body_of(reply);
    EXPECT_NE(page.find("oakley_ike_sas{version=\"2\",state=\"established\"} 1\n"),
              std::string::npos)
        << page;
    EXPECT_NE(page.find("oakley_child_sas{version=\"2\",state=\"installed\"} 1\n"),
              std::string::npos);
    EXPECT_NE(page.find("oakley_ike_messages_total{version=\"2\",exchange=\"IKE_AUTH\","
                        "direction=\"in\",result=\"processed\"} 1\n"),
              std::string::npos)
        << page;
    EXPECT_NE(page.find("oakley_child_sa_bytes_total{connection=\"t\",child=\"net\","
                        "direction=\"in\"} 0\n"),
              std::string::npos)
        << page;
    auto [status, out] = promtool(page);
    EXPECT_EQ(status, 0) << out << "\n" << page;
  }
}

TEST_F(MetricsScrape, OffByDefaultAndFollowsAReload) {
  left_ = start(true, "");
  ASSERT_TRUE(left_);
  EXPECT_EQ(left_->daemon->metrics(), nullptr);
  auto path = dir_ / "left.conf";
  std::ofstream(path) << config(dir_, true, base_, "metrics = 127.0.0.1:0");
  auto client = control::Client::connect((dir_ / "left.ctl").string());
  ASSERT_TRUE(client);
  auto r = client->call("load", control::Json::object());
  ASSERT_TRUE(r && r->ok) << (r ? r->error : r.error().message);
  auto port = metrics_port(*left_);
  ASSERT_NE(port, 0);
  EXPECT_EQ(status_of(get(port, "/metrics")), 200);
  EXPECT_EQ(status_of(get(port, "/other")), 404);
  auto stats = client->call("stats", control::Json::object());
  ASSERT_TRUE(stats && stats->ok);
  EXPECT_EQ(stats->result["tools"]["metrics"]["scrapes"], 1);
  EXPECT_EQ(stats->result["tools"]["metrics"]["refused"], 1);
  std::ofstream(path) << config(dir_, true, base_, "");
  r = client->call("load", control::Json::object());
  ASSERT_TRUE(r && r->ok);
  EXPECT_EQ(left_->daemon->metrics(), nullptr);
  EXPECT_EQ(status_of(get(port, "/metrics")), 0);
}

}  // namespace
}  // namespace oakley::daemon
