// Reply: how a command handler answers one request — any number of events, then exactly one ok()
// or fail(), now or later (initiate answers when the IKE exchange ends). Loop thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/log.hpp"
#include "control/protocol.hpp"

namespace oakley::control {

class Reply {
 public:
  // Where the serialised lines go; returns false once the client is gone. `final` marks the
  // ok/fail line, which must not be dropped when the client reads slowly.
  using LineSink = std::function<bool(std::string line, bool final)>;

  // The server makes these; handler tests can make one with a sink that collects the lines.
  Reply(std::uint64_t id, std::string command, LineSink sink);
  // A reply dropped unanswered sends an internal-error response, so the client is not left
  // waiting for ever.
  ~Reply();
  Reply(const Reply&) = delete;
  Reply& operator=(const Reply&) = delete;

  std::uint64_t id() const { return id_; }
  const std::string& command() const { return command_; }

  // `event` is an object with at least "event" (its kind) — see protocol.hpp.
  void event(const Json& event);
  void log(log::Level level, std::string_view subsystem, std::string_view message);
  // An event of a long-lived stream (`subscribe`, `trace`): a client more than `max_backlog`
  // bytes behind gets an "overflow" event and a fail instead, which end the stream, so a client
  // that stopped reading costs at most that much queued output. False when it overflowed.
  bool stream(const Json& event, std::size_t max_backlog);
  void ok(const Json& result = Json::object());
  void fail(std::string_view message);

  bool active() const { return active_; }        // no final response yet and the client is there
  bool cancelled() const { return cancelled_; }  // the client went away before the answer

  // Runs when the client goes away before the final response.
  void on_cancel(std::function<void()> hook);
  // Runs once when the reply stops being active, for any reason (answered, cancelled, dropped).
  void on_close(std::function<void()> hook);

  // The client disconnected: called by the server's session.
  void cancel();

  // Bytes written for the client but not yet read by it (0 when unknown): a long-lived stream
  // such as `subscribe` drops a client that lags behind instead of queueing without bound.
  std::size_t backlog() const { return backlog_probe_ ? backlog_probe_() : 0; }
  void set_backlog_probe(std::function<std::size_t()> probe) { backlog_probe_ = std::move(probe); }

 private:
  void finish(bool cancelled);

  std::uint64_t id_;
  std::string command_;
  LineSink sink_;
  bool active_ = true;
  bool cancelled_ = false;
  std::vector<std::function<void()>> cancel_hooks_;
  std::vector<std::function<void()>> close_hooks_;
  std::function<std::size_t()> backlog_probe_;
};

using ReplyPtr = std::shared_ptr<Reply>;

}  // namespace oakley::control
