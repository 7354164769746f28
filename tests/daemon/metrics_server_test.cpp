// The metrics endpoint's HTTP side: only GET /metrics, bounded requests and connections, bound
// to the configured address only, and a busy daemon answered with 503.
#include "daemon/metrics_server.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "daemon/http_client.hpp"
#include "daemon/metrics_text.hpp"

namespace oakley::daemon {
namespace {

using namespace std::chrono_literals;
using testing::body_of;
using testing::connect_tcp;
using testing::get;
using testing::http_exchange;
using testing::read_all;
using testing::status_of;

class MetricsServerTest : public ::testing::Test {
 protected:
  void start(MetricsServerOptions options = {}) {
    options.address = {IpAddress::v4(0x7f000001), 0};
    auto s = MetricsServer::start(options, [this]() -> std::optional<std::string> {
      ++calls;
      if (busy) return std::nullopt;
      return std::string("oakley_up 1\n");
    });
    ASSERT_TRUE(s) << s.error().message;
    server = std::move(*s);
    port = server->address().port;
    ASSERT_NE(port, 0);
  }

  std::unique_ptr<MetricsServer> server;
  std::uint16_t port = 0;
  std::atomic<int> calls{0};
  std::atomic<bool> busy{false};
};

TEST_F(MetricsServerTest, ServesGetMetricsWithThePrometheusContentType) {
  start();
  auto r = get(port, "/metrics");
  EXPECT_EQ(status_of(r), 200) << r;
  EXPECT_NE(r.find("Content-Type: text/plain; version=0.0.4; charset=utf-8"), std::string::npos)
      << r;
  EXPECT_EQ(body_of(r), "oakley_up 1\n");
  EXPECT_EQ(server->scrapes(), 1u);
}

TEST_F(MetricsServerTest, HeadHasNoBody) {
  start();
  auto r = http_exchange(port, "HEAD /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(status_of(r), 200) << r;
  EXPECT_EQ(body_of(r), "");
}

TEST_F(MetricsServerTest, OtherPathsAre404AndTheProviderIsNotAsked) {
  start();
  for (const auto* path : {"/", "/metrics/", "/metricsx", "/metrics/../etc/passwd", "/api"}) {
    auto r = get(port, path);
    EXPECT_EQ(status_of(r), 404) << path << "\n" << r;
  }
  // A query string is not part of the path: Prometheus never sends one, curl users might.
  EXPECT_EQ(status_of(get(port, "/metrics?x=1")), 200);
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(server->refused(), 5u);
}

TEST_F(MetricsServerTest, OtherMethodsAre405WithAllow) {
  start();
  for (const auto* method : {"POST", "PUT", "DELETE", "OPTIONS", "PATCH", "BREW"}) {
    auto r = http_exchange(port, std::string(method) +
                                     " /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                                     "Connection: close\r\n\r\n");
    EXPECT_EQ(status_of(r), 405) << method << "\n" << r;
    EXPECT_NE(r.find("Allow: GET, HEAD"), std::string::npos) << r;
  }
  EXPECT_EQ(calls.load(), 0);
}

TEST_F(MetricsServerTest, AGetWithABodyIsRefused) {
  start();
  auto r = http_exchange(port,
                         "GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                         "Connection: close\r\n\r\nhello");
  EXPECT_EQ(status_of(r), 413) << r;
  r = http_exchange(port,
                    "GET /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                    "Connection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  EXPECT_EQ(status_of(r), 413) << r;
  EXPECT_EQ(calls.load(), 0);
}

TEST_F(MetricsServerTest, OversizedRequestHeadersAreRefusedAndServingGoesOn) {
  start({.request_memory = 8 * 1024});
  std::string huge = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Junk: " + std::string(64 * 1024, 'a') +
                     "\r\nConnection: close\r\n\r\n";
  auto r = http_exchange(port, huge);
  int status = status_of(r);
  // libmicrohttpd answers 431 (or 413/414 by version) or closes: never 200.
  EXPECT_TRUE(status == 0 || (status >= 400 && status < 500)) << r.substr(0, 200);
  auto long_url = get(port, "/" + std::string(64 * 1024, 'm'));
  EXPECT_NE(status_of(long_url), 200);
  EXPECT_EQ(calls.load(), 0);
  EXPECT_EQ(status_of(get(port, "/metrics")), 200);
}

TEST_F(MetricsServerTest, GarbageIsAnsweredWithAnErrorOrClosed) {
  start();
  for (const std::string& junk :
       {std::string("\x16\x03\x01\x02\x00", 5), std::string("GET\r\n\r\n"),
        std::string("GET /metrics HTTP/9.9\r\n\r\n"), std::string(" / HTTP/1.1\r\n\r\n")}) {
    auto r = http_exchange(port, junk, "127.0.0.1", 2s);
    EXPECT_NE(status_of(r), 200) << r;
  }
  EXPECT_EQ(calls.load(), 0);
  EXPECT_EQ(status_of(get(port, "/metrics")), 200);
}

TEST_F(MetricsServerTest, ABusyDaemonIsA503) {
  start();
  busy = true;
  EXPECT_EQ(status_of(get(port, "/metrics")), 503);
  busy = false;
  EXPECT_EQ(status_of(get(port, "/metrics")), 200);
}

TEST_F(MetricsServerTest, ConnectionsBeyondTheLimitAreNotServed) {
  start({.max_connections = 2});
  // Two idle connections take every slot; a third is accepted by the kernel and closed at once.
  int a = connect_tcp("127.0.0.1", port);
  int b = connect_tcp("127.0.0.1", port);
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  std::this_thread::sleep_for(200ms);
  auto refused = get(port, "/metrics");
  EXPECT_EQ(status_of(refused), 0) << refused;
  ::close(a);
  ::close(b);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(status_of(get(port, "/metrics")), 200);
}

TEST_F(MetricsServerTest, BindsTheConfiguredAddressOnly) {
  start();
  // 127.0.0.2 is on lo too: a server bound to every address would answer there.
  EXPECT_EQ(connect_tcp("127.0.0.2", port), -1);
  EXPECT_EQ(server->address().address, IpAddress::v4(0x7f000001));
}

TEST_F(MetricsServerTest, AnAddressInUseIsAnError) {
  start();
  auto second = MetricsServer::start({.address = server->address()},
                                     [] { return std::optional<std::string>("x"); });
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find(server->address().to_string()), std::string::npos);
}

}  // namespace
}  // namespace oakley::daemon
