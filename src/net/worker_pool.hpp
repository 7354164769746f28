// WorkerPool: threads for the expensive crypto (DH, signatures) so the loop thread never waits
// on it. `done` is posted back to the EventLoop and runs there, where the IKE state lives.
#pragma once

#include <asio/thread_pool.hpp>
#include <atomic>
#include <cstdint>
#include <functional>

#include "common/timer_service.hpp"
#include "net/event_loop.hpp"

namespace oakley::net {

class WorkerPool final : public WorkPool {
 public:
  // threads == 0: one per core. The pool must be destroyed before `loop`.
  explicit WorkerPool(EventLoop& loop, unsigned threads = 0);
  ~WorkerPool() override;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Thread-safe. If `work` throws, the error is logged and `done` still runs, so the SA waiting
  // for it is not stuck for ever (it finds no result and fails the exchange).
  void submit(std::function<void()> work, std::function<void()> done) override;

  // Waits for the running jobs; queued jobs that have not started are dropped and their `done`
  // never runs. Idempotent; the destructor calls it.
  void shutdown();

  unsigned threads() const { return threads_; }
  std::uint64_t queued() const { return submitted_.load() - finished_.load(); }
  std::uint64_t completed() const { return finished_.load(); }

 private:
  EventLoop& loop_;
  unsigned threads_;
  asio::thread_pool pool_;
  std::atomic<std::uint64_t> submitted_{0};
  std::atomic<std::uint64_t> finished_{0};
  std::atomic<bool> shut_down_{false};
};

}  // namespace oakley::net
