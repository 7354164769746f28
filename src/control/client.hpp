// control::Client: the blocking client oakctl and the tests use. One request at a time: send it,
// pass events to a callback as they arrive, return the final response.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "control/line_buffer.hpp"
#include "control/protocol.hpp"

namespace oakley::control {

// Error::code of a failed connect() or call(); errno details are in the message.
enum ClientError : int {
  kConnectFailed = 1,  // nobody listens, no socket file, or no permission
  kTimedOut = 2,
  kDisconnected = 3,  // the daemon closed the connection before answering
  kBadResponse = 4,   // the daemon sent something that is not the protocol
  kInterrupted = 5,   // CallOptions::should_stop said so
  kSendFailed = 6,
};

struct Response {
  bool ok = false;
  Json result;        // when ok
  std::string error;  // when not ok: the daemon's words for the operator
};

struct CallOptions {
  // Deadline for the whole call; nullopt waits for ever (trace).
  std::optional<std::chrono::milliseconds> timeout = std::chrono::seconds(30);
  std::function<void(const Json& event)> on_event;
  // Checked about five times a second while waiting; true ends the call with kInterrupted.
  std::function<bool()> should_stop;
};

class Client {
 public:
  // The message says which path failed and why, with a hint ("is oakleyd running?").
  static Result<Client> connect(const std::string& path,
                                std::chrono::milliseconds timeout = std::chrono::seconds(5));
  Client(Client&& other) noexcept;
  Client& operator=(Client&& other) noexcept;
  ~Client();

  Result<Response> call(std::string_view command, const Json& args = Json::object(),
                        const CallOptions& options = {});

 private:
  explicit Client(int fd) : fd_(fd) {}
  Status send_all(const std::string& data);
  Result<Response> read_until_final(std::uint64_t id, const CallOptions& options);
  Result<bool> read_some(int wait_ms);  // false: nothing arrived within wait_ms

  int fd_ = -1;
  std::uint64_t next_id_ = 1;
  LineBuffer lines_{kMaxResponseBytes};
};

}  // namespace oakley::control
