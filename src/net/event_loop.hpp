// EventLoop: the daemon's one I/O thread. It owns the asio::io_context, runs every timer of the
// process from one TimerHeap behind a single asio::steady_timer (thousands of SA timers must not
// become thousands of OS timers), takes work posted from other threads, and turns SIGINT/SIGTERM
// and SIGHUP into callbacks on the loop thread.
#pragma once

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <thread>

#include "common/timer_heap.hpp"
#include "common/timer_service.hpp"

namespace oakley::net {

class EventLoop final : public TimerService {
 public:
  EventLoop();
  ~EventLoop() override;
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  asio::io_context& context() { return io_; }

  // TimerService, on the real clock. schedule() and cancel() belong to the loop thread (or to
  // set-up code before run()); other threads post() first.
  TimePoint now() const override { return Clock::now(); }
  TimerId schedule(Duration after, std::function<void()> fn) override;
  void cancel(TimerId id) override;
  std::size_t pending_timers() const { return heap_.pending(); }

  // Thread-safe: runs `fn` on the loop thread, in posting order.
  void post(std::function<void()> fn);

  // Runs on the calling thread until stop(). An exception escaping a handler is logged and the
  // loop goes on: one bad packet or command must not take the daemon down.
  void run();
  // Thread-safe; run() returns after the handler in progress (at once if called before run()).
  void stop();
  bool in_loop_thread() const { return loop_thread_.load() == std::this_thread::get_id(); }

  // SIGINT/SIGTERM → on_terminate(signo) (the daemon shuts down gracefully and calls stop());
  // a second terminate signal stops the loop at once, for when the graceful path hangs.
  // SIGHUP → on_reload(). An empty on_terminate means stop(). Call at most once, before run().
  void handle_signals(std::function<void(int signo)> on_terminate, std::function<void()> on_reload);

 private:
  void arm_timer();
  void on_timer(std::uint64_t generation);
  void wait_signal();
  void on_signal(int signo);

  asio::io_context io_{1};  // one thread: lets asio skip locking
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  asio::steady_timer timer_;
  TimerHeap heap_;
  std::optional<TimePoint> armed_;  // deadline the steady_timer waits for
  std::uint64_t generation_ = 0;    // tells a stale timer completion from the current one
  bool firing_ = false;             // timers scheduled by running timers are armed once after
  std::unique_ptr<asio::signal_set> signals_;
  std::function<void(int)> on_terminate_;
  std::function<void()> on_reload_;
  int terminate_signals_ = 0;
  std::atomic<std::thread::id> loop_thread_{};
};

}  // namespace oakley::net
