#include "control/session.hpp"

#include <fmt/format.h>
#include <poll.h>

#include <asio/write.hpp>

#include "common/log.hpp"

namespace oakley::control {
namespace {

// Events beyond this much unsent output are dropped (a `trace` client that cannot keep up);
// beyond the hard limit the client is disconnected.
constexpr std::size_t kMaxQueuedEventBytes = 4 << 20;
constexpr std::size_t kMaxQueuedBytes = 256 << 20;

}  // namespace

Session::Session(asio::local::stream_protocol::socket socket, Dispatch dispatch, Closed closed)
    : socket_(std::move(socket)), dispatch_(std::move(dispatch)), closed_(std::move(closed)) {}

void Session::start() {
  read();
}

void Session::read() {
  socket_.async_read_some(asio::buffer(read_buffer_),
                          [self = shared_from_this()](const asio::error_code& ec, std::size_t n) {
                            self->on_read(ec, n);
                          });
}

void Session::on_read(const asio::error_code& ec, std::size_t bytes) {
  if (!open_) return;
  if (ec) {
    on_end_of_input();
    return;
  }
  lines_.append({read_buffer_.data(), bytes});
  handle_lines();
  if (open_ && !input_done_) read();
}

void Session::handle_lines() {
  std::string line;
  auto self = shared_from_this();  // a handler may close us
  while (open_ && !input_done_) {
    auto next = lines_.next(line);
    if (next == LineBuffer::Next::kNeedMore) return;
    if (next == LineBuffer::Next::kTooLong) {
      log::warn("control", "client sent a request larger than {} bytes; disconnecting it",
                kMaxRequestBytes);
      refuse(error_line(0, fmt::format("request larger than {} bytes refused", kMaxRequestBytes)));
      return;
    }
    if (line.empty()) continue;
    if (dispatch_) dispatch_(self, line);
  }
}

// EOF is either a full close (the client is gone: cancel its replies) or a half close after the
// request (`socat`, `nc -N`): then the answers still go out before we hang up.
void Session::on_end_of_input() {
  input_done_ = true;
  if (peer_fully_closed()) {
    close();
    return;
  }
  close_when_idle();
}

bool Session::peer_fully_closed() {
  pollfd p{socket_.native_handle(), POLLOUT, 0};
  if (::poll(&p, 1, 0) < 0) return true;
  return (p.revents & (POLLHUP | POLLERR)) != 0;
}

void Session::refuse(std::string line) {
  input_done_ = true;
  send(std::move(line), true);
  close_when_idle();
}

bool Session::send(std::string line, bool final, std::uint64_t id) {
  if (!open_) return false;
  if (!final && queued_bytes_ > kMaxQueuedEventBytes) {
    ++dropped_events_;
    return true;
  }
  if (queued_bytes_ + line.size() > kMaxQueuedBytes) {
    log::warn("control", "client does not read its answers; disconnecting it");
    close();
    return false;
  }
  if (dropped_events_ > 0) {
    auto notice = fmt::format("{} events dropped: the client reads too slowly", dropped_events_);
    dropped_events_ = 0;
    queue_.push_back(event_line(id, log_event(log::Level::kWarn, "control", notice)));
    queued_bytes_ += queue_.back().size();
  }
  queued_bytes_ += line.size();
  queue_.push_back(std::move(line));
  if (!writing_) write_next();
  return true;
}

void Session::write_next() {
  if (queue_.empty() || !open_) {
    writing_ = false;
    if (input_done_) close_when_idle();
    return;
  }
  writing_ = true;
  asio::async_write(socket_, asio::buffer(queue_.front()),
                    [self = shared_from_this()](const asio::error_code& ec, std::size_t) {
                      if (!self->open_) return;
                      if (ec) {
                        self->close();
                        return;
                      }
                      self->queued_bytes_ -= self->queue_.front().size();
                      self->queue_.pop_front();
                      self->write_next();
                    });
}

void Session::close_when_idle() {
  if (open_ && !writing_ && queue_.empty() && !has_active_replies()) close();
}

void Session::track(const ReplyPtr& reply) {
  has_active_replies();  // prunes the answered ones
  replies_.push_back(reply);
  // Once answered, a half-closed client can be let go.
  reply->on_close([weak = weak_from_this()] {
    if (auto self = weak.lock(); self && self->input_done_) self->close_when_idle();
  });
}

bool Session::has_active_replies() {
  std::erase_if(replies_, [](const std::weak_ptr<Reply>& weak) {
    auto reply = weak.lock();
    return !reply || !reply->active();
  });
  return !replies_.empty();
}

void Session::close() {
  if (!open_) return;
  open_ = false;
  asio::error_code ignored;
  socket_.close(ignored);
  auto replies = std::move(replies_);
  for (auto& weak : replies)
    if (auto reply = weak.lock()) reply->cancel();
  if (closed_) closed_(this);
}

}  // namespace oakley::control
