// control::Server and control::Client over a real Unix socket in a temporary directory, the
// server on an EventLoop thread as in the daemon.
#include "control/server.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "control/client.hpp"
#include "control/log_stream.hpp"
#include "net/event_loop.hpp"

namespace oakley::control {
namespace {

using namespace std::chrono_literals;

std::string make_temp_dir() {
  char pattern[] = "/tmp/oakley-control-XXXXXX";
  const char* dir = ::mkdtemp(pattern);
  return dir ? dir : "";
}

// A raw connection for what Client would never send.
class RawConnection {
 public:
  explicit RawConnection(const std::string& path) {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawConnection() { close(); }
  bool connected() const { return connected_; }
  void write(const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return;
      done += static_cast<std::size_t>(n);
    }
  }
  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  // One line, or "" on timeout or EOF.
  std::string read_line(int timeout_ms = 2000) {
    while (buffer_.find('\n') == std::string::npos) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, timeout_ms) != 1) return "";
      char chunk[4096];
      ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return "";
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
    auto newline = buffer_.find('\n');
    std::string line = buffer_.substr(0, newline);
    buffer_.erase(0, newline + 1);
    return line;
  }
  bool at_eof(int timeout_ms = 2000) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) != 1) return false;
    char c;
    return ::recv(fd_, &c, 1, 0) == 0;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log::set_stderr(false);
    dir_ = make_temp_dir();
    ASSERT_FALSE(dir_.empty());
    path_ = dir_ + "/oakley.ctl";
    server_ = std::make_unique<Server>(loop_.context(), path_);
    server_->register_command("echo", [](const Json& args, ReplyPtr reply) { reply->ok(args); });
    server_->register_command(
        "refuse", [](const Json&, ReplyPtr reply) { reply->fail("connection 'x' is not loaded"); });
  }
  void start() {
    auto status = server_->start();
    ASSERT_TRUE(status.ok()) << status.error().message;
    thread_ = std::thread([this] { loop_.run(); });
  }
  void TearDown() override {
    if (thread_.joinable()) {
      loop_.post([this] { server_->stop(); });
      loop_.post([this] { loop_.stop(); });
      thread_.join();
    }
    server_.reset();
    std::filesystem::remove_all(dir_);
    log::set_stderr(true);
  }
  Client connect() {
    auto client = Client::connect(path_);
    EXPECT_TRUE(client.ok()) << client.error().message;
    return std::move(client.value());
  }
  // Runs `fn` on the loop thread and waits for it.
  template <typename Fn>
  auto on_loop(Fn fn) {
    std::promise<decltype(fn())> done;
    auto result = done.get_future();
    loop_.post([&] { done.set_value(fn()); });
    return result.get();
  }

  net::EventLoop loop_;
  std::string dir_, path_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

TEST_F(ServerTest, SocketFileIsRootOnly) {
  start();
  struct stat info {};
  ASSERT_EQ(::stat(path_.c_str(), &info), 0);
  EXPECT_TRUE(S_ISSOCK(info.st_mode));
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  if (::geteuid() == 0) {
    EXPECT_EQ(info.st_uid, 0u);
  }
}

TEST_F(ServerTest, AnswersOkAndFail) {
  start();
  auto client = connect();
  auto ok = client.call("echo", {{"x", 1}});
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_TRUE(ok->ok);
  EXPECT_EQ(ok->result, (Json{{"x", 1}}));
  auto refused = client.call("refuse");
  ASSERT_TRUE(refused.ok());
  EXPECT_FALSE(refused->ok);
  EXPECT_EQ(refused->error, "connection 'x' is not loaded");
}

TEST_F(ServerTest, UnknownCommandListsTheKnownOnes) {
  start();
  auto client = connect();
  auto r = client.call("frobnicate");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->ok);
  EXPECT_NE(r->error.find("unknown command 'frobnicate'"), std::string::npos);
  EXPECT_NE(r->error.find("echo, refuse"), std::string::npos);
}

TEST_F(ServerTest, MalformedRequestsGetErrorsAndTheConnectionStays) {
  start();
  RawConnection raw(path_);
  ASSERT_TRUE(raw.connected());
  raw.write("this is not json\n");
  auto first = Json::parse(raw.read_line());
  EXPECT_EQ(first["ok"], false);
  EXPECT_EQ(first["id"], 0);
  raw.write("{\"id\": 12, \"command\": 3}\n");
  auto second = Json::parse(raw.read_line());
  EXPECT_EQ(second["id"], 12);  // echoed even though the request is bad
  EXPECT_NE(second["error"].get<std::string>().find("command"), std::string::npos);
  raw.write("{\"id\": 13, \"command\": \"echo\", \"args\": {\"a\": true}}\n");
  auto third = Json::parse(raw.read_line());
  EXPECT_EQ(third["ok"], true);
  EXPECT_EQ(third["result"]["a"], true);
}

TEST_F(ServerTest, OversizedRequestIsRefusedAndTheClientDisconnected) {
  start();
  RawConnection raw(path_);
  std::thread writer([&] { raw.write(std::string(kMaxRequestBytes + 10, 'x')); });
  auto line = raw.read_line();
  writer.join();
  ASSERT_FALSE(line.empty());
  auto answer = Json::parse(line);
  EXPECT_EQ(answer["ok"], false);
  EXPECT_NE(answer["error"].get<std::string>().find("larger than"), std::string::npos);
  EXPECT_TRUE(raw.at_eof());
  // The server still serves others.
  auto client = connect();
  EXPECT_TRUE(client.call("echo").ok());
}

TEST_F(ServerTest, EventsStreamBeforeAnAsynchronousAnswer) {
  server_->register_command("initiate", [this](const Json& args, ReplyPtr reply) {
    reply->log(log::Level::kInfo, "ike", "initiating IKE_SA " + args.value("connection", ""));
    loop_.schedule(20ms, [reply] {
      reply->log(log::Level::kInfo, "ike", "IKE_SA established");
      reply->ok({{"message", "established"}});
    });
  });
  start();
  auto client = connect();
  std::vector<Json> events;
  CallOptions options;
  options.on_event = [&](const Json& e) { events.push_back(e); };
  auto r = client.call("initiate", {{"connection", "t"}}, options);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->ok);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["message"], "initiating IKE_SA t");
  EXPECT_EQ(events[0]["subsystem"], "ike");
  EXPECT_EQ(events[1]["message"], "IKE_SA established");
}

TEST_F(ServerTest, ClientTimesOutWhenNoAnswerComes) {
  ReplyPtr kept;
  server_->register_command("hang", [&kept](const Json&, ReplyPtr reply) { kept = reply; });
  start();
  auto client = connect();
  CallOptions options;
  options.timeout = 100ms;
  auto r = client.call("hang", {}, options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, kTimedOut);
  on_loop([&] {
    kept.reset();
    return 0;
  });
}

TEST_F(ServerTest, ClientCanBeInterrupted) {
  ReplyPtr kept;
  server_->register_command("trace", [&kept](const Json&, ReplyPtr reply) { kept = reply; });
  start();
  auto client = connect();
  CallOptions options;
  options.timeout.reset();
  auto start_time = std::chrono::steady_clock::now();
  options.should_stop = [&] { return std::chrono::steady_clock::now() - start_time > 100ms; };
  auto r = client.call("trace", {}, options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, kInterrupted);
  on_loop([&] {
    kept.reset();
    return 0;
  });
}

TEST_F(ServerTest, DisconnectCancelsTheReply) {
  std::atomic<bool> cancelled{false};
  std::atomic<bool> received{false};
  ReplyPtr kept;
  server_->register_command("trace", [&](const Json&, ReplyPtr reply) {
    reply->on_cancel([&] { cancelled = true; });
    kept = reply;
    received = true;
  });
  start();
  {
    RawConnection raw(path_);
    raw.write(request_line(1, "trace", Json::object()));
    while (!received)
      std::this_thread::sleep_for(1ms);
  }  // closed
  for (int i = 0; i < 2000 && !cancelled; ++i)
    std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(cancelled);
  EXPECT_TRUE(on_loop([&] { return kept->cancelled(); }));
  EXPECT_EQ(on_loop([&] { return server_->clients(); }), 0u);
  on_loop([&] {
    kept.reset();
    return 0;
  });
}

TEST_F(ServerTest, HalfClosedClientStillGetsItsAnswer) {
  server_->register_command("slow", [this](const Json&, ReplyPtr reply) {
    loop_.schedule(30ms, [reply] { reply->ok({{"message", "done"}}); });
  });
  start();
  RawConnection raw(path_);
  raw.write(request_line(4, "slow", Json::object()));
  raw.shutdown_write();  // like `socat` after its input ends
  auto answer = Json::parse(raw.read_line());
  EXPECT_EQ(answer["result"]["message"], "done");
  EXPECT_TRUE(raw.at_eof());  // and then the server hangs up
}

TEST_F(ServerTest, SeveralClientsAtOnce) {
  server_->register_command("wait", [this](const Json& args, ReplyPtr reply) {
    loop_.schedule(std::chrono::milliseconds(args.value("ms", 0)),
                   [reply, args] { reply->ok(args); });
  });
  start();
  constexpr int kClients = 8;
  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      auto client = Client::connect(path_);
      if (!client) return;
      for (int round = 0; round < 5; ++round) {
        auto r = client->call("wait", {{"ms", 5 * (kClients - i)}, {"who", i}});
        if (r && r->ok && r->result["who"] == i) ++good;
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(good.load(), kClients * 5);
}

TEST_F(ServerTest, HandlerExceptionsBecomeErrors) {
  server_->register_command("typed", [](const Json& args, ReplyPtr reply) {
    reply->ok({{"n", args.at("n").get<int>() + 1}});
  });
  server_->register_command(
      "broken", [](const Json&, ReplyPtr) { throw std::runtime_error("table corrupted"); });
  start();
  auto client = connect();
  auto bad = client.call("typed", {{"n", "seven"}});
  ASSERT_TRUE(bad.ok());
  EXPECT_FALSE(bad->ok);
  EXPECT_NE(bad->error.find("bad arguments for 'typed'"), std::string::npos) << bad->error;
  auto broken = client.call("broken");
  ASSERT_TRUE(broken.ok());
  EXPECT_NE(broken->error.find("table corrupted"), std::string::npos);
  auto good = client.call("typed", {{"n", 1}});
  EXPECT_EQ(good->result["n"], 2);
}

TEST_F(ServerTest, ForgottenReplyAnswersWithInternalError) {
  server_->register_command("forgetful", [](const Json&, ReplyPtr) {});
  start();
  auto client = connect();
  auto r = client.call("forgetful");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->ok);
  EXPECT_NE(r->error.find("without an answer"), std::string::npos);
}

// `trace`'s handler streams and returns at once, keeping nothing: the stream itself must keep its
// reply until the client leaves, or the client gets "ended without an answer" at once.
TEST_F(ServerTest, LogStreamKeepsItsReplyUntilTheClientLeaves) {
  server_->register_command("trace", [this](const Json&, ReplyPtr reply) {
    stream_logs(loop_.context(), reply);
    std::thread([] {
      std::this_thread::sleep_for(50ms);
      log::info("stream-test", "still streaming");
    }).detach();
  });
  start();
  auto client = connect();
  std::atomic<bool> got{false};
  CallOptions options;
  options.timeout = 5s;
  options.on_event = [&](const Json& e) {
    if (e.value("message", "") == "still streaming") got = true;
  };
  options.should_stop = [&] { return got.load(); };
  auto r = client.call("trace", {}, options);
  ASSERT_FALSE(r.ok()) << (r->ok ? r->result.dump() : r->error);
  EXPECT_EQ(r.error().code, kInterrupted) << r.error().message;
  EXPECT_TRUE(got);
}

TEST_F(ServerTest, LogStreamDeliversLogLinesFromAnyThread) {
  server_->register_command("trace", [this](const Json&, ReplyPtr reply) {
    stream_logs(loop_.context(), reply,
                {.filter = [](const log::Record& r) { return r.subsystem == "ike"; }});
    // Log from another thread once the stream is attached; end the stream after three lines.
    std::thread([] {
      log::info("net", "filtered out");
      for (int i = 0; i < 3; ++i)
        log::info("ike", "line {}", i);
    }).detach();
    loop_.schedule(200ms, [reply] { reply->ok({{"message", "trace over"}}); });
  });
  start();
  auto client = connect();
  std::vector<std::string> lines;
  CallOptions options;
  options.on_event = [&](const Json& e) { lines.push_back(e["message"].get<std::string>()); };
  auto r = client.call("trace", {}, options);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(lines, (std::vector<std::string>{"line 0", "line 1", "line 2"}));
}

// A stream may ask for more than the daemon logs: it gets debug lines, the daemon's level stays.
TEST_F(ServerTest, LogStreamMayBeMoreVerboseThanTheDaemon) {
  log::set_level(log::Level::kInfo);
  server_->register_command("trace", [this](const Json&, ReplyPtr reply) {
    stream_logs(loop_.context(), reply,
                {.filter = [](const log::Record& r) { return r.subsystem == "verbose-test"; },
                 .verbosity = log::Level::kDebug});
    std::thread([] {
      log::debug("verbose-test", "detail");
      log::trace("verbose-test", "too much");
      log::info("verbose-test", "event");
    }).detach();
    loop_.schedule(200ms, [reply] { reply->ok(); });
  });
  start();
  auto client = connect();
  std::vector<std::string> lines;
  CallOptions options;
  options.on_event = [&](const Json& e) {
    lines.push_back(e["level"].get<std::string>() + " " + e["message"].get<std::string>());
  };
  auto r = client.call("trace", {}, options);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(lines, (std::vector<std::string>{"debug detail", "info event"}));
  EXPECT_EQ(log::level(), log::Level::kInfo);
  // The stream's sink goes when the server closes the reply, on its own thread, which may be
  // just after the client saw the final line.
  auto deadline = std::chrono::steady_clock::now() + 2s;
  while (log::enabled(log::Level::kDebug) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(1ms);
  EXPECT_FALSE(log::enabled(log::Level::kDebug));  // the stream is gone, and its verbosity
}

TEST_F(ServerTest, StaleSocketFileIsReplaced) {
  // A socket file nobody listens on, as a crashed daemon leaves it.
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path_.c_str());
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ::close(fd);
  start();
  auto client = connect();
  EXPECT_TRUE(client.call("echo").ok());
}

TEST_F(ServerTest, SecondDaemonOnTheSamePathIsRefused) {
  start();
  Server second(loop_.context(), path_);
  auto status = second.start();
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("another oakley daemon"), std::string::npos);
  // The first one's socket is untouched.
  auto client = connect();
  EXPECT_TRUE(client.call("echo").ok());
}

TEST_F(ServerTest, NonSocketFileIsNotTouched) {
  { std::ofstream(path_) << "precious"; }
  auto status = server_->start();
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("not a socket"), std::string::npos);
  std::ifstream in(path_);
  std::string content;
  in >> content;
  EXPECT_EQ(content, "precious");
}

TEST_F(ServerTest, StopRemovesTheSocketFile) {
  start();
  on_loop([&] {
    server_->stop();
    return 0;
  });
  EXPECT_FALSE(std::filesystem::exists(path_));
  auto client = Client::connect(path_);
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.error().code, kConnectFailed);
  EXPECT_NE(client.error().message.find("not running"), std::string::npos);
}

TEST_F(ServerTest, ConnectFailureSaysWhichPath) {
  auto client = Client::connect(dir_ + "/nothing.ctl");
  ASSERT_FALSE(client.ok());
  EXPECT_NE(client.error().message.find(dir_ + "/nothing.ctl"), std::string::npos);
}

TEST_F(ServerTest, TooManyClientsAreTurnedAway) {
  start();
  std::vector<std::unique_ptr<RawConnection>> held;
  for (std::size_t i = 0; i < Server::kMaxClients; ++i)
    held.push_back(std::make_unique<RawConnection>(path_));
  // Let the server accept them all.
  while (on_loop([&] { return server_->clients(); }) < Server::kMaxClients)
    std::this_thread::sleep_for(1ms);
  RawConnection extra(path_);
  auto answer = Json::parse(extra.read_line());
  EXPECT_EQ(answer["ok"], false);
  EXPECT_NE(answer["error"].get<std::string>().find("too many"), std::string::npos);
}

}  // namespace
}  // namespace oakley::control
