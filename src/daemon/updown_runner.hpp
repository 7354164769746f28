// UpdownRunner: runs the `updown` command of a CHILD_SA when it comes up or goes down, off the
// loop thread. Bounded: at most kMaxQueued calls wait (more are dropped and counted as failures),
// kWorkers run at once, each for at most `timeout` (then the script's process group gets
// SIGKILL). Calls of one CHILD_SA run in order (up before down): they share a worker. A script's
// output (stdout and stderr, at most kMaxOutput bytes kept) and its exit status go to the log.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ike/sa_events.hpp"

namespace oakley::daemon {

struct UpdownJob {
  std::string command;           // run by /bin/sh -c, as charon does
  std::vector<std::string> env;  // the script's whole environment
  std::string what;              // "up-client of site/net{3}", for the log
};

class UpdownRunner {
 public:
  static constexpr std::size_t kMaxQueued = 256;
  static constexpr std::size_t kWorkers = 4;
  static constexpr std::size_t kMaxOutput = 4096;

  explicit UpdownRunner(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~UpdownRunner();  // waits for running scripts (each at most `timeout`); queued ones are dropped
  UpdownRunner(const UpdownRunner&) = delete;
  UpdownRunner& operator=(const UpdownRunner&) = delete;

  // An SA event from the engines (loop thread): child_up / child_down with an updown command
  // queue one job per selector pair. Returns at once.
  void on_event(const ike::SaEvent& event);
  // `key` picks the worker: the same key, the same order.
  void submit(UpdownJob job, std::size_t key);
  // Waits until nothing is queued or running (tests).
  void drain();

  std::uint64_t runs() const { return runs_; }
  std::uint64_t failures() const { return failures_; }  // exit != 0, signal, timeout, dropped

 private:
  struct Worker {
    std::deque<UpdownJob> queue;
    bool busy = false;
    std::thread thread;
  };
  void work(Worker& w);
  void run(const UpdownJob& job);

  std::chrono::milliseconds timeout_;
  std::mutex mutex_;
  std::condition_variable wake_, idle_;
  std::vector<Worker> workers_{kWorkers};
  std::size_t queued_ = 0;
  bool stopping_ = false;
  std::atomic<std::uint64_t> runs_{0}, failures_{0};
};

}  // namespace oakley::daemon
