// `trace` on the daemon's side: its arguments, and a real oakleyd (IKE only, loopback) streaming to
// one client only the lines of the traffic it asked for, at a level more verbose than the daemon's
// own, which stays where it was.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "common/bytes.hpp"
#include "control/client.hpp"
#include "daemon/daemon.hpp"
#include "daemon/trace_filter.hpp"

namespace oakley::daemon {
namespace {

namespace fs = std::filesystem;
using control::Json;
using namespace std::chrono_literals;

TEST(TraceFilter, DefaultsToTheDaemonsLevelAndAnyTraffic) {
  auto f = trace_filter(Json::object(), log::Level::kWarn);
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->level, log::Level::kWarn);
  EXPECT_TRUE(f->connection.empty());
  EXPECT_FALSE(f->peer);
  EXPECT_EQ(describe_trace(*f), "tracing warn lines");
}

TEST(TraceFilter, ConnectionPeerAndLevel) {
  auto f = trace_filter({{"connection", "site-b"}, {"peer", "2001:db8::7"}, {"level", "debug"}},
                        log::Level::kInfo);
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->level, log::Level::kDebug);
  EXPECT_EQ(f->connection, "site-b");
  EXPECT_EQ(f->peer, IpAddress::parse("2001:db8::7"));
  EXPECT_EQ(describe_trace(*f), "tracing debug lines of connection site-b with peer 2001:db8::7");
  auto peer_only = trace_filter({{"peer", "192.0.2.1"}}, log::Level::kInfo);
  ASSERT_TRUE(peer_only);
  EXPECT_EQ(describe_trace(*peer_only), "tracing info lines of peer 192.0.2.1");
}

TEST(TraceFilter, RefusesWhatItCannotHonour) {
  for (const Json& bad : {Json{{"level", "loud"}}, Json{{"level", 3}}, Json{{"peer", "gw.example"}},
                          Json{{"peer", ""}}, Json{{"connection", ""}}, Json{{"connection", 1}},
                          Json{{"subsystem", "ike"}}, Json::array()}) {
    EXPECT_FALSE(trace_filter(bad, log::Level::kInfo)) << bad.dump();
  }
}

// One oakleyd on loopback with connection "t" towards a port where nobody answers.
class TraceDaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / fmt::format("oakley-trace-test-{}", ::getpid());
    fs::create_directories(dir_);
    port_ = static_cast<std::uint16_t>(30000 + (::getpid() % 8000) * 4);
    auto path = dir_ / "oakley.conf";
    std::ofstream(path) << fmt::format(R"(oakley {{
  control_socket = {dir}/trace.ctl
  listen = 127.0.0.1
  port = {port}
  port_nat_t = {natt}
  dataplane = none
}}
connections {{
  t {{
    version = 2
    local_addrs = 127.0.0.1
    remote_addrs = 127.0.0.1
    local_port = {port}
    remote_port = {peer}
    proposals = aes128gcm16-prfsha256-x25519
    local {{
      auth = psk
      id = left@example.test
    }}
    remote {{
      auth = psk
      id = right@example.test
    }}
    children {{
      net {{
        local_ts = 10.1.0.0/24
        remote_ts = 10.2.0.0/24
        esp_proposals = aes128gcm16
      }}
    }}
  }}
}}
secrets {{
  ike-t {{
    id-a = left@example.test
    id-b = right@example.test
    secret = "trace-test-psk-0123456789"
  }}
}}
)",
                                       fmt::arg("dir", dir_.string()), fmt::arg("port", port_),
                                       fmt::arg("natt", port_ + 1), fmt::arg("peer", port_ + 2));
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);  // it holds a PSK
    auto d = Daemon::create(
        {.config_path = path.string(), .control_socket = {}, .log_level = log::Level::kInfo});
    ASSERT_TRUE(d) << d.error().message;
    daemon_ = std::move(*d);
    thread_ = std::thread([this] { daemon_->run(); });
  }

  void TearDown() override {
    if (daemon_) daemon_->loop().post([d = daemon_.get()] { d->shutdown(); });
    if (thread_.joinable()) thread_.join();
    daemon_.reset();
    fs::remove_all(dir_);
  }

  Result<control::Response> call(std::string_view command, const Json& args = Json::object()) {
    auto client = control::Client::connect(daemon_->control_path());
    if (!client) return client.error();
    return client->call(command, args);
  }

  // Runs `trace` with `args`; once it is attached, runs `during`, lets 300 ms of lines come, and
  // returns every event the trace got.
  std::vector<Json> trace_while(const Json& args, const std::function<void()>& during) {
    std::mutex mutex;
    std::vector<Json> events;
    std::atomic<bool> stop{false};
    std::thread tracer([&] {
      auto client = control::Client::connect(daemon_->control_path());
      ASSERT_TRUE(client);
      control::CallOptions options;
      options.timeout.reset();
      options.on_event = [&](const Json& e) {
        std::lock_guard lock(mutex);
        events.push_back(e);
      };
      options.should_stop = [&] { return stop.load(); };
      auto r = client->call("trace", args, options);
      EXPECT_FALSE(r) << (r->ok ? r->result.dump() : r->error);  // interrupted, never answered
    });
    for (int i = 0; i < 100; ++i) {
      std::this_thread::sleep_for(10ms);
      std::lock_guard lock(mutex);
      if (!events.empty()) break;
    }
    during();
    std::this_thread::sleep_for(300ms);
    stop = true;
    tracer.join();
    return events;
  }

  // A datagram that claims IKEv2 with SPIs 0x1111.../0x2222... but is malformed: the daemon drops
  // it with a debug line naming its sender.
  void send_junk() {
    Bytes junk(28, 0);
    store_be64(junk.data(), 0x1111111111111111);
    store_be64(junk.data() + 8, 0x2222222222222222);
    junk[17] = 0x20;
    junk[18] = 37;
    store_be32(junk.data() + 24, 999);  // a length the datagram does not have
    send(junk);
  }

  void send(const Bytes& junk) {
    int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port_);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::sendto(fd, junk.data(), junk.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    ::close(fd);
  }

  static std::vector<Json> log_lines(const std::vector<Json>& events) {
    std::vector<Json> out;
    for (const auto& e : events) {
      if (e.value("event", "") == "log") out.push_back(e);
    }
    return out;
  }

  fs::path dir_;
  std::uint16_t port_ = 0;
  std::unique_ptr<Daemon> daemon_;
  std::thread thread_;
};

TEST_F(TraceDaemonTest, PeerTraceGetsDebugLinesTheLogFileDoesNot) {
  auto events = trace_while({{"peer", "127.0.0.1"}, {"level", "debug"}}, [this] { send_junk(); });
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0]["event"], "tracing");
  EXPECT_EQ(events[0]["message"], "tracing debug lines of peer 127.0.0.1");
  auto lines = log_lines(events);
  ASSERT_FALSE(lines.empty());
  bool junk_seen = false;
  for (const auto& l : lines) {
    EXPECT_EQ(l["peer"], "127.0.0.1") << l.dump();
    if (l["message"].get<std::string>().find("dropping invalid IKEv2 message") == std::string::npos)
      continue;
    junk_seen = true;
    EXPECT_EQ(l["level"], "debug");
    EXPECT_EQ(l["ike_spi_i"], "1111111111111111");
    EXPECT_TRUE(
        l["message"].get<std::string>().starts_with("[1111111111111111_i 2222222222222222_r] "))
        << l.dump();
  }
  EXPECT_TRUE(junk_seen);
  EXPECT_EQ(log::level(), log::Level::kInfo);  // the daemon's own level did not move
  // The stream's sink goes when the server closes the reply, on its own thread, which may be
  // just after the client saw the final line.
  auto deadline = std::chrono::steady_clock::now() + 2s;
  while (log::enabled(log::Level::kDebug) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(1ms);
  EXPECT_FALSE(log::enabled(log::Level::kDebug));  // and nobody asks for debug any more
}

// The same traffic, traced for another address: nothing; for its own: lines.
TEST_F(TraceDaemonTest, ATraceOfAnotherPeerSeesNothing) {
  auto run = [this] {
    send_junk();
    auto r = call("initiate", {{"connection", "t"}, {"child", "net"}, {"timeout", 1}});
    ASSERT_TRUE(r);
  };
  auto other = log_lines(trace_while({{"peer", "127.0.0.9"}, {"level", "debug"}}, run));
  EXPECT_TRUE(other.empty()) << Json(other).dump();
  auto own = log_lines(trace_while({{"peer", "127.0.0.1"}, {"level", "debug"}}, run));
  EXPECT_FALSE(own.empty());
}

TEST_F(TraceDaemonTest, ConnectionTraceGetsThatConnectionsLines) {
  auto events = trace_while({{"connection", "t"}}, [this] {
    send_junk();
    auto r = call("initiate", {{"connection", "t"}, {"child", "net"}, {"timeout", 1}});
    ASSERT_TRUE(r);
  });
  auto lines = log_lines(events);
  ASSERT_FALSE(lines.empty());
  bool sending = false;
  for (const auto& l : lines) {
    EXPECT_EQ(l["connection"], "t") << l.dump();
    EXPECT_NE(l["level"], "debug") << l.dump();  // info: the daemon's level
    auto text = l["message"].get<std::string>();
    EXPECT_TRUE(text.starts_with("<t|")) << text;
    EXPECT_NE(text.find(l["ike_spi_i"].get<std::string>() + "_i"), std::string::npos) << text;
    sending = sending || text.find("sending IKE_SA_INIT") != std::string::npos;
  }
  EXPECT_TRUE(sending);
}

// A datagram the daemon drops before either engine sees it (too short for an IKE header) is
// still its sender's traffic.
TEST_F(TraceDaemonTest, ADatagramTooShortForIkeIsItsSendersTraffic) {
  auto events = trace_while({{"peer", "127.0.0.1"}, {"level", "debug"}}, [this] {
    send(Bytes{0x01, 0x02, 0x03});
  });
  bool seen = false;
  for (const auto& l : log_lines(events)) {
    EXPECT_EQ(l["peer"], "127.0.0.1") << l.dump();
    seen = seen || l["message"].get<std::string>().find("3 byte datagram from 127.0.0.1") !=
                       std::string::npos;
  }
  EXPECT_TRUE(seen) << Json(events).dump();
}

TEST_F(TraceDaemonTest, RefusesAConnectionThatIsNotLoaded) {
  auto r = call("trace", {{"connection", "nope"}});
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->ok);
  EXPECT_NE(r->error.find("no connection 'nope'"), std::string::npos) << r->error;
}

}  // namespace
}  // namespace oakley::daemon
