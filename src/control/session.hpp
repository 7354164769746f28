// One control client connection: reads request lines, hands them to the server's dispatcher, and
// writes the answers in order. Internal to the server.
#pragma once

#include <array>
#include <asio/local/stream_protocol.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "control/line_buffer.hpp"
#include "control/reply.hpp"

namespace oakley::control {

class Session : public std::enable_shared_from_this<Session> {
 public:
  using Dispatch = std::function<void(const std::shared_ptr<Session>&, const std::string& line)>;
  using Closed = std::function<void(Session*)>;

  Session(asio::local::stream_protocol::socket socket, Dispatch dispatch, Closed closed);

  void start();
  // Sends `line` and closes once it is written (a refusal before hanging up).
  void refuse(std::string line);
  // Queues a line of request `id`; events (`final` false) are dropped while the client lags far
  // behind, and a notice under the same id says how many were lost.
  bool send(std::string line, bool final, std::uint64_t id = 0);
  // Client gone or server stopping: cancels the replies still open.
  void close();
  // The server is going away: no more calls into it.
  void detach() {
    dispatch_ = nullptr;
    closed_ = nullptr;
  }
  void track(const ReplyPtr& reply);
  bool is_open() const { return open_; }
  // Bytes queued for the client and not yet written.
  std::size_t queued_bytes() const { return queued_bytes_; }

 private:
  void read();
  void on_read(const asio::error_code& ec, std::size_t bytes);
  void handle_lines();
  void on_end_of_input();
  void write_next();
  void close_when_idle();
  bool has_active_replies();
  bool peer_fully_closed();

  asio::local::stream_protocol::socket socket_;
  Dispatch dispatch_;
  Closed closed_;
  LineBuffer lines_{kMaxRequestBytes};
  std::array<char, 65536> read_buffer_{};
  std::deque<std::string> queue_;
  std::size_t queued_bytes_ = 0;
  std::uint64_t dropped_events_ = 0;
  bool writing_ = false;
  bool open_ = true;
  bool input_done_ = false;  // EOF or refused: close once the answers are out
  std::vector<std::weak_ptr<Reply>> replies_;
};

}  // namespace oakley::control
