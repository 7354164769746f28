#include "control/client.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace oakley::control {
namespace {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;
constexpr int kStopCheckMs = 200;

std::string connect_hint(int error) {
  switch (error) {
    case ENOENT:
      return "no socket there: oakleyd is not running (or uses another --control path)";
    case ECONNREFUSED:
      return "nobody listens there: oakleyd is not running (stale socket file)";
    case EACCES:
    case EPERM:
      return "permission denied: the control socket is root-only, run oakctl as root";
    case EAGAIN:
    case EINPROGRESS:
      return "oakleyd does not accept connections (overloaded or hung?)";
    default:
      return std::strerror(error);
  }
}

Error connect_error(const std::string& path, std::string_view reason) {
  return make_error(fmt::format("cannot connect to {}: {}", path, reason), kConnectFailed);
}

Response to_response(const Json& body) {
  Response response;
  response.ok = body.value("ok", false);
  if (response.ok) {
    auto result = body.find("result");
    response.result = result == body.end() ? Json::object() : *result;
  } else {
    auto error = body.find("error");
    response.error = error != body.end() && error->is_string() ? error->get<std::string>()
                                                               : "the daemon gave no reason";
  }
  return response;
}

}  // namespace

Result<Client> Client::connect(const std::string& path, Millis timeout) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof address.sun_path)
    return connect_error(path, "path too long");
  std::memcpy(address.sun_path, path.data(), path.size());
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return connect_error(path, std::strerror(errno));
  // A Unix connect() waits only while the listen backlog is full; SO_SNDTIMEO bounds that wait.
  timeval tv{static_cast<time_t>(timeout.count() / 1000),
             static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    int error = errno;
    ::close(fd);
    return connect_error(path, connect_hint(error));
  }
  return Client(fd);
}

Client::Client(Client&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      next_id_(other.next_id_),
      lines_(std::move(other.lines_)) {}

Client& Client::operator=(Client&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    next_id_ = other.next_id_;
    lines_ = std::move(other.lines_);
  }
  return *this;
}

Client::~Client() {
  if (fd_ >= 0) ::close(fd_);
}

Result<Response> Client::call(std::string_view command, const Json& args,
                              const CallOptions& options) {
  if (fd_ < 0) return make_error("not connected", kDisconnected);
  std::uint64_t id = next_id_++;
  if (auto sent = send_all(request_line(id, command, args)); !sent) return sent.take_error();
  return read_until_final(id, options);
}

Status Client::send_all(const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      return make_error(fmt::format("sending the request failed: {}", std::strerror(errno)),
                        errno == EAGAIN ? kTimedOut : kSendFailed);
    done += static_cast<std::size_t>(n);
  }
  return {};
}

Result<Response> Client::read_until_final(std::uint64_t id, const CallOptions& options) {
  auto deadline = options.timeout ? Clock::now() + *options.timeout : Clock::time_point::max();
  std::string line;
  for (;;) {
    while (true) {
      auto next = lines_.next(line);
      if (next == LineBuffer::Next::kTooLong)
        return make_error("the daemon's answer is too large", kBadResponse);
      if (next == LineBuffer::Next::kNeedMore) break;
      auto message = parse_server_message(line);
      if (!message)
        return make_error("bad answer from the daemon: " + message.error().message, kBadResponse);
      if (message->id != id) continue;  // an earlier call's leftovers
      if (message->kind == ServerMessage::Kind::kFinal) return to_response(message->body);
      if (options.on_event) options.on_event(message->body);
    }
    if (options.should_stop && options.should_stop())
      return make_error("interrupted", kInterrupted);
    auto now = Clock::now();
    if (now >= deadline) return make_error("timed out waiting for the daemon", kTimedOut);
    auto left = std::chrono::duration_cast<Millis>(deadline - now).count() + 1;
    int wait_ms = static_cast<int>(std::min<long long>(left, kStopCheckMs));
    auto got = read_some(wait_ms);
    if (!got) return got.take_error();
  }
}

Result<bool> Client::read_some(int wait_ms) {
  pollfd p{fd_, POLLIN, 0};
  int ready = ::poll(&p, 1, wait_ms);
  if (ready < 0 && errno == EINTR) return false;
  if (ready < 0)
    return make_error(fmt::format("poll failed: {}", std::strerror(errno)), kDisconnected);
  if (ready == 0) return false;
  char buffer[65536];
  ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return false;
  if (n <= 0)
    return make_error("the daemon closed the connection before answering (did it stop?)",
                      kDisconnected);
  lines_.append({buffer, static_cast<std::size_t>(n)});
  return true;
}

}  // namespace oakley::control
