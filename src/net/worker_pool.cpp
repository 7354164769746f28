#include "net/worker_pool.hpp"

#include <asio/post.hpp>
#include <exception>
#include <thread>

#include "common/log.hpp"

namespace oakley::net {
namespace {

unsigned default_threads(unsigned requested) {
  if (requested != 0) return requested;
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : cores;
}

void run_guarded(const std::function<void()>& work) {
  try {
    work();
  } catch (const std::exception& e) {
    log::error("worker", "internal error, background job threw: {}", e.what());
  } catch (...) {
    log::error("worker", "internal error, background job threw a non-standard exception");
  }
}

}  // namespace

WorkerPool::WorkerPool(EventLoop& loop, unsigned threads)
    : loop_(loop), threads_(default_threads(threads)), pool_(threads_) {}

WorkerPool::~WorkerPool() {
  shutdown();
}

void WorkerPool::submit(std::function<void()> work, std::function<void()> done) {
  if (shut_down_) return;
  ++submitted_;
  asio::post(pool_, [this, work = std::move(work), done = std::move(done)]() mutable {
    run_guarded(work);
    ++finished_;
    if (done) loop_.post(std::move(done));
  });
}

void WorkerPool::shutdown() {
  if (shut_down_.exchange(true)) return;
  pool_.stop();
  pool_.join();
}

}  // namespace oakley::net
