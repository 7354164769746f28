#include "net/event_loop.hpp"

#include <asio/post.hpp>
#include <csignal>
#include <exception>

#include "common/log.hpp"

namespace oakley::net {

EventLoop::EventLoop() : work_(asio::make_work_guard(io_)), timer_(io_) {}

EventLoop::~EventLoop() {
  if (signals_) {
    asio::error_code ignored;
    signals_->cancel(ignored);
  }
}

TimerId EventLoop::schedule(Duration after, std::function<void()> fn) {
  // The heap's clock only moves when timers run; measure `after` from the real now instead.
  Duration lag = Clock::now() - heap_.now();
  TimerId id = heap_.schedule(after + lag, std::move(fn));
  if (!firing_) arm_timer();
  return id;
}

void EventLoop::cancel(TimerId id) {
  // The steady_timer stays armed; when it fires for a cancelled entry it just re-arms.
  heap_.cancel(id);
}

void EventLoop::arm_timer() {
  auto next = heap_.next_deadline();
  if (!next || (armed_ && *armed_ <= *next)) return;
  armed_ = *next;
  std::uint64_t generation = ++generation_;
  timer_.expires_at(*next);
  timer_.async_wait([this, generation](const asio::error_code& ec) {
    if (!ec) on_timer(generation);
  });
}

void EventLoop::on_timer(std::uint64_t generation) {
  if (generation != generation_) return;  // re-armed earlier meanwhile; that wait is current
  armed_.reset();
  firing_ = true;
  try {
    heap_.run_until(Clock::now());
  } catch (...) {
    firing_ = false;
    arm_timer();
    throw;  // run() logs it and keeps going
  }
  firing_ = false;
  arm_timer();
}

void EventLoop::post(std::function<void()> fn) {
  asio::post(io_, std::move(fn));
}

void EventLoop::run() {
  loop_thread_ = std::this_thread::get_id();
  while (!io_.stopped()) {
    try {
      io_.run();
    } catch (const std::exception& e) {
      log::error("loop", "internal error, handler threw: {}", e.what());
    } catch (...) {
      log::error("loop", "internal error, handler threw a non-standard exception");
    }
  }
  loop_thread_ = std::thread::id{};
  io_.restart();  // so a later run() works again
}

void EventLoop::stop() {
  io_.stop();
}

void EventLoop::handle_signals(std::function<void(int)> on_terminate,
                               std::function<void()> on_reload) {
  on_terminate_ = std::move(on_terminate);
  on_reload_ = std::move(on_reload);
  signals_ = std::make_unique<asio::signal_set>(io_);
  for (int signo : {SIGINT, SIGTERM, SIGHUP}) {
    asio::error_code ec;
    signals_->add(signo, ec);
    if (ec) log::warn("loop", "cannot handle signal {}: {}", signo, ec.message());
  }
  wait_signal();
}

void EventLoop::wait_signal() {
  signals_->async_wait([this](const asio::error_code& ec, int signo) {
    if (ec) return;
    wait_signal();
    on_signal(signo);
  });
}

void EventLoop::on_signal(int signo) {
  if (signo == SIGHUP) {
    log::info("loop", "SIGHUP: reloading");
    if (on_reload_) on_reload_();
    return;
  }
  if (++terminate_signals_ > 1 || !on_terminate_) {
    log::info("loop", "signal {}: stopping now", signo);
    stop();
    return;
  }
  log::info("loop", "signal {}: shutting down (send it again to stop at once)", signo);
  on_terminate_(signo);
}

}  // namespace oakley::net
